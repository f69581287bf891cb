/* qword.h: the plain words of a query, as the readers of plain-word
 * queries (qdate.h, qname.h, qread.h) see them.
 *
 * A word is a run of bytes between spaces (and brackets), as typed. Words a
 * reader must leave alone are marked locked: inside a quoted phrase, the
 * value of a field (dato:, vedtak:, ...), an excluded word (-ord), an
 * operator (AND, OR, NOT, OG, ELLER, IKKE).
 */
#ifndef SAKSOK_QWORD_H
#define SAKSOK_QWORD_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SK_QWORD_MAX 64

typedef struct sk_qword {
    const char *s; /* into the query string */
    size_t len;
    int locked; /* never read as a date, role, name or question */
} sk_qword;

/* The words of text (NUL-terminated) into out (at most max); returns how
 * many. Quotes must be plain '"' (qparse.c turns the others into it). */
size_t sk_qwords(sk_qword *out, size_t max, const char *text);

/* Is w (len bytes) the ASCII word s, ignoring case (and a trailing '.',
 * ',', '?' or ':' of w)? */
int sk_qword_is(const sk_qword *w, const char *s);

#ifdef __cplusplus
}
#endif

#endif
