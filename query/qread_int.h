/* qread_int.h: between the reader of plain-word queries (qread.c) and the
 * query it puts together (qcompose.c). Not for other modules. */
#ifndef SAKSOK_QREAD_INT_H
#define SAKSOK_QREAD_INT_H

#include <stddef.h>

#include "saksok/analysis/analyse.h"
#include "saksok/query/qread.h"
#include "saksok/query/qword.h"
#include "saksok/structure/segment_parse.h"

/* What becomes of each byte of the query (qread_state.mask). */
enum {
    CLS_REST = 0,     /* parsed as the user wrote it */
    CLS_DROP = 1,     /* read, and not searched for: "i fjor", "hvem", "la frem" */
    CLS_OPTIONAL = 2, /* read, and weighs as a word without being required: "vedtak", "2021" */
    CLS_NAME = 3      /* a person's name: its words, or the actor of that name */
};

typedef struct qread_state {
    const char *text; /* the query, quotes made plain */
    char *mask;       /* strlen(text) bytes, CLS_* */
    sk_qword words[SK_QWORD_MAX];
    size_t n;
    sk_analyser *an;
    sk_xdb *db; /* may be NULL: no names, no "siste møte" */
    const sk_bodies *bodies;
    char today[SK_DATE_SIZE];
    sk_qreading r;
} qread_state;

/* Read st->text into st->r and st->mask; 1 when anything was read. */
int qread_words(qread_state *st);

#endif
