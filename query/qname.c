/* qname.c: a person's name in a query's plain words (see include/saksok/query/qname.h). */
#include "saksok/query/qname.h"

#include <string.h>

#include "saksok/structure/actor.h"

/* A word that may be part of a name: letters (and '-', '.'), no digits,
 * not an acronym ("NUIT"). */
static int name_shaped(const sk_qword *w)
{
    if (w->locked || w->len == 0 || w->len > 60)
        return 0;
    size_t upper = 0;
    for (size_t i = 0; i < w->len; i++) {
        char c = w->s[i];
        if ((c >= '0' && c <= '9') || c == '/' || c == ':' || c == '"')
            return 0;
        upper += c >= 'A' && c <= 'Z';
    }
    return !(upper >= 2 && upper == w->len);
}

size_t sk_qname_read(sk_qname *out, const sk_qword *words, size_t n, size_t i, sk_qname_known known,
                     void *payload)
{
    memset(out, 0, sizeof *out);
    if (i >= n || !name_shaped(&words[i]))
        return 0;
    const sk_qword *w = &words[i];
    int cap = sk_actor_capitalised(w->s, w->len);
    if (!known(w->s, w->len, 0, payload)) {
        /* a first name given alone in the papers, then the rest of the name */
        if (cap && i + 1 < n && name_shaped(&words[i + 1]) &&
            sk_actor_capitalised(words[i + 1].s, words[i + 1].len) &&
            known(w->s, w->len, 1, payload)) {
            *out = (sk_qname){i, 2, 1};
            return 2;
        }
        return 0;
    }
    size_t last = i, n_known = 1;
    for (size_t j = i + 1; j < n && j < i + SK_QNAME_MAX_WORDS && name_shaped(&words[j]); j++) {
        if (known(words[j].s, words[j].len, 0, payload)) {
            last = j;
            n_known++;
        } else if (!sk_actor_capitalised(words[j].s, words[j].len)) {
            break; /* a middle name is written with a capital */
        }
    }
    if (n_known >= 2 || cap) {
        *out = (sk_qname){i, last - i + 1, 0};
        return out->n;
    }
    return 0;
}
