/* snippet.h: the best short window of a hit's text, with the query's words marked.
 *
 * Highlights come from the analyser: the stored text is analysed again and a
 * token is marked when sk_query_matches() says so, so a snippet cannot
 * disagree with the index.
 */
#ifndef SAKSOK_SNIPPET_H
#define SAKSOK_SNIPPET_H

#include <stddef.h>

#include "saksok/analysis/analyse.h"
#include "saksok/base/buf.h"
#include "saksok/base/err.h"
#include "saksok/query/qparse.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SK_SNIPPET_BYTES 240

typedef struct sk_span {
    size_t start, end; /* bytes in the text */
} sk_span;

typedef struct sk_snippet {
    size_t start, end; /* the window */
    sk_span *marks;    /* sorted, not overlapping, inside the window */
    size_t n_marks;
} sk_snippet;

/* Choose the window of at most max_bytes with the most matches. out is
 * caller-allocated and emptied by sk_snippet_release(). */
int sk_snippet_make(sk_snippet *out, sk_analyser *an, const sk_query *q, const char *text,
                    size_t len, size_t max_bytes, sk_err *err);

typedef enum sk_snippet_style {
    SK_SNIPPET_HTML = 1, /* HTML-escaped, matches in <mark>...</mark> */
    SK_SNIPPET_PLAIN,    /* as is, no marks */
    SK_SNIPPET_ANSI      /* matches in bold for a terminal */
} sk_snippet_style;

/* Append the snippet to out: whitespace runs become one space, and "…" shows
 * where the window cuts the text. */
int sk_snippet_format(sk_buf *out, const sk_snippet *s, const char *text, size_t len,
                      sk_snippet_style style, sk_err *err);
/* The same, for text that is a cut of a longer one: "…" also where the
 * longer text goes on (cut_before, cut_after). */
int sk_snippet_format_cut(sk_buf *out, const sk_snippet *s, const char *text, size_t len,
                          sk_snippet_style style, int cut_before, int cut_after, sk_err *err);
void sk_snippet_release(sk_snippet *s);

#ifdef __cplusplus
}
#endif

#endif
