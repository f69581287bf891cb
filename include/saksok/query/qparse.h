/* qparse.h: query string -> Xapian query, through the same analyser as the index.
 *
 * Syntax: words (all must match, ranked by BM25); "a phrase"; AND, OR, NOT
 * (also Norwegian OG, ELLER, IKKE; upper case only); -word excludes;
 * parentheses group. Case numbers in any usual form ("sak 12/21", "12/21",
 * "Sak 09/2021", "sak 12-23") find the case's sections; a council's name
 * beside one narrows to that council ("NUIT 12/21", "12/21 nuit"). Fields:
 * vedtak: (decisions, proposed and made), tittel:, person: (presenter),
 * organ: (council, any alias), type: (case type), sak:, and
 * dato:2020-01-01..2020-12-31 (also dato:2020, dato:2020.., dato:..2021). A plain word matches any inflected form (its stem) and
 * ranks the exact form higher; it also finds the word as a part of compounds,
 * spelt with or without æøå, and behind OCR damage, each weighted lower.
 * Stop words are left out unless the query has nothing else (and are kept
 * in phrases).
 *
 * Errors are SK_ESYNTAX with a message that says what is wrong and where
 * (e.g. "unbalanced quote: the phrase starting at character 5 is not closed"),
 * or SK_ELIMIT when the query is too long.
 *
 * Index errors while parsing are mostly not returned, on purpose: the index
 * only refines the query, and the search that follows reads it again and
 * reports its errors (and retries on SK_EMODIFIED, search.h). A variant
 * term whose frequency cannot be read is kept (as if the index held it);
 * a run of words whose synonyms cannot be looked up is searched word by
 * word; a reading (qread.h) whose name or latest meeting cannot be looked
 * up is not made. This holds for every error, SK_EMODIFIED (the index was
 * committed under the parser) among them. Errors from reading a word's own
 * synonyms, and every error of sk_query_suggest(), are returned.
 */
#ifndef SAKSOK_QPARSE_H
#define SAKSOK_QPARSE_H

#include <stddef.h>

#include "saksok/analysis/analyse.h"
#include "saksok/base/err.h"
#include "saksok/store/xap.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SK_QUERY_MAX_BYTES 1024
#define SK_QUERY_MAX_WORDS 64

typedef struct sk_query sk_query;

/* db (may be NULL) gives synonyms: abbreviations learned from the papers
 * and the councils' names; a word or run of words with synonyms also
 * searches them (weighted a little lower). */
typedef struct sk_bodies sk_bodies;

/* bodies (may be NULL): council names, for case-number queries ("NUIT 12/21")
 * and organ:. */
int sk_query_parse(sk_query **out, sk_analyser *an, sk_xdb *db, const sk_bodies *bodies,
                   const char *text, sk_err *err);

/* Parse another query string with what q was parsed with (analyser, index,
 * council list: they must still be alive). */
int sk_query_reparse(sk_query **out, const sk_query *q, const char *text, sk_err *err);

/* The case numbers the query asks for ("13/21"): those every match must
 * have, i.e. a case number (or sak:) that is the query or one of the parts
 * of an AND of it, not one under OR or NOT. Borrowed from q; at most max;
 * returns how many. A query with one ranks in tiers (search.h). */
size_t sk_query_cases(const char **out, size_t max, const sk_query *q);

/* Is the query only a case number (with "sak" and a council)? Then a tier's
 * sections come in the order of the role and length of the section (the
 * fuller paper first), not by relevance, which says nothing more here. */
int sk_query_case_lookup(const sk_query *q);
void sk_query_free(sk_query *q);

/* The query as written (words joined by implicit AND). Borrowed from q. */
const sk_xquery *sk_query_strict(const sk_query *q);
/* The same with implicit AND relaxed to OR, for when strict finds nothing;
 * NULL when that would be the same query. Borrowed from q. */
const sk_xquery *sk_query_relaxed(const sk_query *q);

/* A spelling suggestion: the query with each word that the index holds in
 * no form replaced by the most frequent indexed word within two edits.
 * *out malloc'd, or NULL when there is nothing to suggest. */
int sk_query_suggest(char **out, const sk_query *q, sk_xdb *db, sk_err *err);

/* The folded words and stems that highlighting looks for (borrowed from q),
 * at most max; returns how many. */
size_t sk_query_needles(const char **out, size_t max, const sk_query *q);
/* The analyser q was parsed with (borrowed). */
sk_analyser *sk_query_analyser(const sk_query *q);

/* Does this token of a document match a (non-excluded) word of the query? */
int sk_query_matches(const sk_query *q, const sk_token *tok);

#ifdef __cplusplus
}
#endif

#endif
