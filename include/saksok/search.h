/* search.h: parsed query -> ranked hits from the index.
 *
 * Runs the strict query; when it finds nothing and the query had words joined
 * only by juxtaposition, runs the relaxed one (any word) and says so. A
 * DatabaseModifiedError (the index was committed under us) is handled by
 * reopening and retrying.
 *
 * Ownership: sk_results is caller-allocated (= {0} is empty) and emptied by
 * sk_results_release(); every string in it is malloc'd.
 */
#ifndef SAKSOK_SEARCH_H
#define SAKSOK_SEARCH_H

#include <stddef.h>

#include "saksok/err.h"
#include "saksok/qparse.h"
#include "saksok/xap.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SK_SEARCH_MAX_LIMIT 1000

typedef struct sk_hit {
    size_t rank;   /* 1-based, counting from the first result overall */
    double score;  /* weight relative to the best hit of the query, 0..1 */
    char *file;    /* path relative to its root */
    char *format;  /* "pdf" or "html" */
    int page_from; /* 0 when the format has no pages (HTML) */
    int page_to;
    char *title;   /* or NULL */
    char *text;    /* the page's normalised text (for snippets) */
} sk_hit;

typedef struct sk_results {
    size_t total;  /* matches in all (estimate beyond 1000) */
    size_t offset;
    size_t limit;
    int relaxed;   /* 1 when no hit had every word, and these have some */
    char *suggestion; /* the query with misspelt words corrected, or NULL */
    sk_hit *hits;
    size_t n_hits;
} sk_results;

/* Open the index read-only: SK_ENOTFOUND when there is none at path. */
int sk_search_open(sk_xdb **out, const char *path, sk_err *err);

int sk_search(sk_results *out, sk_xdb *db, const sk_query *q, size_t offset, size_t limit,
              sk_err *err);
void sk_results_release(sk_results *r);

#ifdef __cplusplus
}
#endif

#endif
