/* render.h: results -> text for a terminal, or the JSON of DESIGN.md.
 *
 * Fields later stages fill (body, meeting_date, case, ...) are JSON null
 * until the index knows them; never an empty string or a guess.
 */
#ifndef SAKSOK_RENDER_H
#define SAKSOK_RENDER_H

#include "saksok/analysis/analyse.h"
#include "saksok/base/buf.h"
#include "saksok/base/err.h"
#include "saksok/query/qparse.h"
#include "saksok/query/search.h"

#ifdef __cplusplus
extern "C" {
#endif

/* query_text: the query as the user wrote it (echoed in "query"). */
int sk_render_json(sk_buf *out, const char *query_text, const sk_results *r, sk_analyser *an,
                   const sk_query *q, sk_err *err);

/* The same JSON as a Jansson value (made from the same description of its
 * fields as sk_render_json()'s text), for front ends that render it further
 * (saksok-fcgi builds its HTML page from it, so page and JSON cannot
 * differ). *out is a new reference the caller json_decref()s; NULL on
 * error. */
struct json_t;
int sk_render_json_value(struct json_t **out, const char *query_text, const sk_results *r,
                         sk_analyser *an, const sk_query *q, sk_err *err);
/* Append value as sk_render_json() prints it (indented, key order kept, '\n'). */
int sk_render_json_dump(sk_buf *out, const struct json_t *value, sk_err *err);

/* bold: mark matches with terminal bold; otherwise plain text. */
int sk_render_text(sk_buf *out, const char *query_text, const sk_results *r, sk_analyser *an,
                   const sk_query *q, int bold, sk_err *err);

#ifdef __cplusplus
}
#endif

#endif
