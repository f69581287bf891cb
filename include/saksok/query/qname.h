/* qname.h: a person's name in a query's plain words.
 *
 * A name is a run of words (not locked, no digits, not an acronym) that
 * the index holds as words of the names of persons acting in sections
 * (presenter, sender, case officer, minute taker: terms.h XQ), from the
 * first such word to the last: at least two of them ("karl vestli",
 * "Kari Nordmann" for "Kari Hansen Nordmann"; lower case is how staff type),
 * or one written with a capital ("Vestli"). A first name the index holds
 * only as given alone ("(Kari)": XQF), written with a capital and followed
 * by a capitalised word, is a name too ("Kari Nordmann"). Whether the index
 * holds a word is asked through known(), so the reader needs no index.
 */
#ifndef SAKSOK_QNAME_H
#define SAKSOK_QNAME_H

#include <stddef.h>

#include "saksok/query/qword.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SK_QNAME_MAX_WORDS 5

/* Does the index hold word (as typed, len bytes) as a word of an actor's
 * name (first_only 0), or as a first name given alone (first_only 1)? */
typedef int (*sk_qname_known)(const char *word, size_t len, int first_only, void *payload);

typedef struct sk_qname {
    size_t first, n; /* the name is words[first .. first + n) */
    int first_only;  /* the index knows its first word only as a name given alone */
} sk_qname;

/* A name starting at words[i] (of n): the number of words it takes, or 0. */
size_t sk_qname_read(sk_qname *out, const sk_qword *words, size_t n, size_t i, sk_qname_known known,
                     void *payload);

#ifdef __cplusplus
}
#endif

#endif
