/* export.h: results as CSV (RFC 4180) and as an Atom 1.0 feed (RFC 4287).
 *
 * Both are made from the results JSON of DESIGN.md (sk_render_json_value(),
 * render.h), the value `saksok --json` and format=json print, so an export
 * holds what the JSON holds and nothing else.
 *
 * CSV: UTF-8 with a byte order mark (spreadsheet programs then read æøå
 * right), CRLF line ends, a header row, then one row per hit; the columns
 * are the JSON hit fields in the order of sk_csv_columns() (new fields are
 * added at the end, never moved). A field holding a comma, a double quote,
 * CR or LF is quoted, its quotes doubled. JSON null is an empty field,
 * true/false and numbers are written as the JSON writes them, strings as
 * they are (the snippet keeps its <mark> tags, as in the JSON).
 *
 * Atom: one entry per hit, in the order of the results (the caller asks
 * for the newest first); see sk_atom_info. Text is Norwegian.
 *
 * Ownership: everything is borrowed; output is appended to the caller's
 * buffer.
 */
#ifndef SAKSOK_EXPORT_H
#define SAKSOK_EXPORT_H

#include <stddef.h>

#include "saksok/base/buf.h"
#include "saksok/base/err.h"

#ifdef __cplusplus
extern "C" {
#endif

struct json_t;

/* The CSV columns, in order: *n gets their number; the array is static. */
const char *const *sk_csv_columns(size_t *n);

/* The hits of res (the results JSON object) as CSV. */
int sk_render_csv(sk_buf *out, const struct json_t *res, sk_err *err);

typedef struct sk_atom_info {
    const char *feed_key;   /* what makes the feed itself (the query and its
                               filters, canonical): its id is made from it */
    const char *title;      /* the feed's title (plain text) */
    const char *self_url;   /* the feed's own URL (rel="self") */
    const char *html_url;   /* the search page of the same query (rel="alternate"), or NULL */
    const char *papers_url; /* prefix of links to papers ("/papers/"), or NULL/"" */
    const char *now;        /* a stamp (hitid.h): "updated" when nothing else tells */
} sk_atom_info;

/* The id of a hit's entry: "tag:saksok,2026:treff/" + the hit's id. */
#define SK_ATOM_TAG "tag:saksok,2026:"

int sk_render_atom(sk_buf *out, const struct json_t *res, const sk_atom_info *info, sk_err *err);

#ifdef __cplusplus
}
#endif

#endif
