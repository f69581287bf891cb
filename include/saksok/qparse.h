/* qparse.h: query string -> Xapian query, through the same analyser as the index.
 *
 * Syntax: words (all must match, ranked by BM25); "a phrase"; AND, OR, NOT
 * (also Norwegian OG, ELLER, IKKE; upper case only); -word excludes;
 * parentheses group. A plain word matches any inflected form (its stem) and
 * ranks the exact form higher; it also finds the word as a part of compounds,
 * spelt with or without æøå, and behind OCR damage, each weighted lower.
 * Stop words are left out unless the query has nothing else (and are kept
 * in phrases).
 *
 * Errors are SK_ESYNTAX with a message that says what is wrong and where
 * (e.g. "unbalanced quote: the phrase starting at character 5 is not closed"),
 * or SK_ELIMIT when the query is too long.
 */
#ifndef SAKSOK_QPARSE_H
#define SAKSOK_QPARSE_H

#include <stddef.h>

#include "saksok/analyse.h"
#include "saksok/err.h"
#include "saksok/xap.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SK_QUERY_MAX_BYTES 1024
#define SK_QUERY_MAX_WORDS 64

typedef struct sk_query sk_query;

/* db (may be NULL) gives synonyms: abbreviations learned from the papers
 * and the councils' names; a word or run of words with synonyms also
 * searches them (weighted a little lower). */
int sk_query_parse(sk_query **out, sk_analyser *an, sk_xdb *db, const char *text, sk_err *err);
void sk_query_free(sk_query *q);

/* The query as written (words joined by implicit AND). Borrowed from q. */
const sk_xquery *sk_query_strict(const sk_query *q);
/* The same with implicit AND relaxed to OR, for when strict finds nothing;
 * NULL when that would be the same query. Borrowed from q. */
const sk_xquery *sk_query_relaxed(const sk_query *q);

/* A spelling suggestion: the query with each word that the index holds in
 * no form replaced by the most frequent indexed word within two edits.
 * *out malloc'd, or NULL when there is nothing to suggest. */
int sk_query_suggest(const sk_query *q, sk_xdb *db, char **out, sk_err *err);

/* Does this token of a document match a (non-excluded) word of the query? */
int sk_query_matches(const sk_query *q, const sk_token *tok);

#ifdef __cplusplus
}
#endif

#endif
