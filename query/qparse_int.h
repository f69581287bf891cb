/* qparse_int.h: what the query parser (qparse.c) and the reader of
 * plain-word queries (qread.c) share: the parsed query's insides. Not for
 * other modules. */
#ifndef SAKSOK_QPARSE_INT_H
#define SAKSOK_QPARSE_INT_H

#include <stddef.h>

#include "saksok/qparse.h"
#include "saksok/qread.h"

typedef struct strset {
    char **items;
    size_t n, alloc;
} strset;

typedef struct word_span {
    size_t start, end; /* bytes in the query string */
    char *term;        /* folded */
    char *stem;        /* or NULL */
} word_span;

struct sk_query {
    sk_xquery *strict;
    sk_xquery *relaxed;
    strset terms; /* folded words of the query (highlighting) */
    strset stems;
    char *text;   /* the query string */
    int case_lookup; /* only case numbers, bodies and "sak": list the case's sections */
    strset cases;    /* the case numbers every hit must match (sk_query_cases) */
    sk_analyser *an;  /* what it was parsed with (borrowed), for sk_query_reparse */
    sk_xdb *db;
    const sk_bodies *bodies;
    word_span *words; /* positive words outside phrases (spelling) */
    size_t n_words;
    sk_qreading *reading; /* how the words were read (qread.h), or NULL */
    int read_on;          /* parsed by sk_query_parse_read (so is a reparse) */
};

/* Add a copy of s (len bytes) unless the set has it. */
int sk_qstrset_add(strset *set, const char *s, size_t len, sk_err *err);
void sk_qstrset_release(strset *set);
/* text with typographic quotes made '"' and Unicode spaces ' ' (malloc'd). */
char *sk_qparse_plain_quotes(const char *text);

#endif
