/* segment_parse.h: what the segmenter and the query side both read in the
 * words of a paper or a query: the list of bodies (councils), dates and case
 * numbers. Apart from segment.h because the query side uses these without
 * the segmenter (indexer/segment_parse.c is in saksok_core, the segmenter
 * in saksok_index).
 *
 * Ownership: sk_bodies is opaque, made by sk_bodies_load()/sk_bodies_parse()
 * and freed by sk_bodies_free() (NULL is fine); it is read-only after
 * loading and may be shared between threads.
 */
#ifndef SAKSOK_SEGMENT_PARSE_H
#define SAKSOK_SEGMENT_PARSE_H

#include <stddef.h>

#include "saksok/base/err.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the list of bodies --------------------------------------------------- */

/* The list of bodies: canonical name and aliases. Opaque. */
typedef struct sk_bodies sk_bodies;

/* Body list file (bodies.tsv): one body per line, canonical name first, then
 * aliases, separated by tabs; '#' starts a comment line; blank lines are
 * ignored. Matching is case-insensitive and whole-word; in paths, '-' and '_'
 * match a space or '-'.
 * Errors: SK_EIO (cannot read), SK_EFORMAT (a line has an empty name, or a
 * name longer than 200 bytes), SK_ELIMIT (more than 1000 names), SK_ENOMEM. */
int sk_bodies_load(sk_bodies **out, const char *path, sk_err *err);
int sk_bodies_parse(sk_bodies **out, const char *data, size_t len, sk_err *err);
/* The list saksok ships: bodies.tsv in sk_data_dir() (terms.h). */
int sk_bodies_load_default(sk_bodies **out, sk_err *err);
void sk_bodies_free(sk_bodies *b);
/* Number of bodies; the canonical name of body i (borrowed from b, valid
 * until sk_bodies_free). */
size_t sk_bodies_count(const sk_bodies *b);
const char *sk_bodies_name(const sk_bodies *b, size_t i);
/* The body whose name or alias is exactly s (len bytes, case-insensitive;
 * '-', '_' and ' ' are alike): its index, or -1. For "--body fagutvalget". */
int sk_bodies_find(const sk_bodies *b, const char *s, size_t len);
/* The longest name or alias at the start of s that ends at a word boundary:
 * returns its length in s and sets *idx, or returns 0. */
size_t sk_bodies_match(const sk_bodies *b, const char *s, size_t len, size_t *idx);

/* ---- parsers ------------------------------------------------------------- */

/* Each reads from *cur (not past end), and on success writes the normalised
 * form to out, advances *cur past what it read and returns SK_OK; otherwise
 * it returns SK_EFORMAT and leaves *cur alone. What follows the match must not continue it (a digit
 * after a year, a letter after a month).
 *
 * sk_parse_date: "20. mai 2021", "20 mai 2021", "20. mai, 2021", "14.12.2023",
 *   "3.3.2021", "2021-05-20"; with allow_short_year also "26.03.21" (20yy).
 *   Checks the day against the month (and leap years). out: "YYYY-MM-DD".
 * sk_parse_case_no: "9/21", "09/2021", "12-23" -> "9/21", "12/23". The number
 *   is 1..999 without sign; the year two digits or 19xx/20xx. A '-' form is
 *   only read with allow_dash (callers use it after "Sak"). Does not match
 *   "2019/20", "24/7", "12/6", "10:00", "1/2", "9/21/3". */
#define SK_DATE_SIZE 11
#define SK_CASE_NO_SIZE 8
int sk_parse_date(char out[SK_DATE_SIZE], const char **cur, const char *end, int allow_short_year);
int sk_parse_case_no(char out[SK_CASE_NO_SIZE], const char **cur, const char *end, int allow_dash);

#ifdef __cplusplus
}
#endif

#endif
