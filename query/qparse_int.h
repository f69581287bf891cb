/* qparse_int.h: what the query parser (qparse.c), its query builder
 * (qbuild.c) and the reader of plain-word queries (qread.c) share: the
 * parsed query's insides. Not for other modules. */
#ifndef SAKSOK_QPARSE_INT_H
#define SAKSOK_QPARSE_INT_H

#include <stddef.h>

#include "saksok/query/qparse.h"
#include "saksok/structure/archive.h"
#include "saksok/query/qread.h"
#include "saksok/indexer/segment.h"

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
    char *text;      /* the query string */
    int case_lookup; /* only case numbers, bodies and "sak": list the case's sections */
    strset cases;    /* the case numbers every hit must match (sk_query_cases) */
    sk_analyser *an; /* what it was parsed with (borrowed), for sk_query_reparse */
    sk_xdb *db;
    const sk_bodies *bodies;
    word_span *words; /* positive words outside phrases (spelling) */
    size_t n_words;
    sk_qreading *reading; /* how the words were read (qread.h), or NULL */
    int read_on;          /* parsed by sk_query_parse_read (so is a reparse) */
};

/* ---- the parser's tree (qparse.c) and its making into queries (qbuild.c) ---- */

typedef enum node_kind {
    N_WORD,
    N_PHRASE,
    N_AND,
    N_OR,
    N_NOT,
    N_FIELD,   /* name:value; kids[0] the value */
    N_CASE,    /* a case number: "13/21", "Sak 09/2021" */
    N_BODY,    /* a council's name or alias: "NUIT", "nasjonalt e-helsestyre" */
    N_SAK,     /* "sak", "saksnummer", "PS": noise beside a case number */
    N_ARCHIVE, /* an archive number: "arkivsak 22/4711", "22/4711-3" (archive.h) */
    N_ARKIVSAK /* "arkivsak", "arkivsaksnr": noise beside an archive number */
} node_kind;

typedef enum field {
    F_NONE,
    F_VEDTAK,
    F_TITTEL,
    F_ORGAN,
    F_TYPE,
    F_PERSON,
    F_DATO,
    F_SAK,
    F_ARKIVSAK
} field;

typedef struct node {
    node_kind kind;
    int implicit;     /* N_AND: joined by juxtaposition, not by AND */
    const char *text; /* N_WORD, N_PHRASE: span in the query string */
    size_t len;
    struct node **kids; /* N_AND, N_OR: n_kids; N_NOT, N_FIELD: 1 */
    size_t n_kids;
    field fld;                           /* N_FIELD */
    char case_no[SK_CASE_NO_SIZE];       /* N_CASE */
    char archive_no[SK_ARCHIVE_NO_SIZE]; /* N_ARCHIVE */
    size_t body;                         /* N_BODY: index in the body list */
} node;

typedef struct parser {
    sk_xdb *db;              /* synonyms; NULL: none */
    const sk_bodies *bodies; /* council names; NULL: none */
    int has_case;            /* the query holds a case number */
    int has_archive;         /* the query holds an archive number */
    const char *s;
    size_t len, i;
    size_t n_words;
    int skip_stop;    /* the query has other words: leave stop words out (not in phrases) */
    int relaxed_pass; /* building the relaxed query: words were recorded already */
    sk_analyser *an;
    sk_query *q;
    sk_err *err;
} parser;

/* The query for the tree n into *out (NULL when it has nothing to search
 * for): relaxed, implicit AND made OR; positive, not under NOT (its words
 * are highlighted). */
int sk_qbuild(parser *p, const node *n, int relaxed, int positive, sk_xquery **out);
/* Has the tree a word that is not a stop word? */
int sk_qhas_content_word(parser *p, const node *n);
/* Has the tree words joined by juxtaposition? */
int sk_qhas_implicit_and(const node *n);
/* The case number of a sak: field into out (SK_CASE_NO_SIZE); 0 when it is none. */
int sk_qfield_case_no(const node *n, char *out);

/* Add a copy of s (len bytes) unless the set has it. */
int sk_qstrset_add(strset *set, const char *s, size_t len, sk_err *err);
void sk_qstrset_release(strset *set);
/* text with typographic quotes made '"' and Unicode spaces ' ' (malloc'd). */
char *sk_qparse_plain_quotes(const char *text);

#endif
