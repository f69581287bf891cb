/* actor.c: persons' names in a field (see include/saksok/structure/actor.h). */
#include "saksok/structure/actor.h"

#include <string.h>

typedef enum tok_kind { T_NAME, T_SEP, T_ACRONYM, T_OTHER } tok_kind;

typedef struct tok {
    size_t start, len;
    tok_kind kind;
} tok;

#define MAX_TOKS 64

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int is_punct_sep(char c)
{
    return c == ',' || c == ';' || c == '/' || c == '&' || c == '(' || c == ')' || c == '[' ||
           c == ']';
}

int sk_actor_capitalised(const char *w, size_t len)
{
    if (len == 0)
        return 0;
    unsigned char c = (unsigned char)w[0];
    if (c >= 'A' && c <= 'Z')
        return 1;
    if (len < 2)
        return 0;
    unsigned char c2 = (unsigned char)w[1];
    if (c == 0xC3) /* U+00C0..U+00DE, not U+00D7 (×) */
        return c2 >= 0x80 && c2 <= 0x9E && c2 != 0x97;
    if (c == 0xC4 || c == 0xC5) /* Latin Extended-A: upper case at even code points */
        return (c2 & 1) == 0 && c2 >= 0x80 && c2 <= 0xBF;
    return 0;
}

/* Upper-case letters and digits only, two or more: "RHF", "KS", "NHN". */
static int is_acronym(const char *w, size_t len)
{
    if (len < 2)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!((w[i] >= 'A' && w[i] <= 'Z') || (w[i] >= '0' && w[i] <= '9') || w[i] == '-'))
            return 0;
    return 1;
}

static tok_kind classify(const char *w, size_t len)
{
    if ((len == 2 && memcmp(w, "og", 2) == 0) || (len == 3 && memcmp(w, "and", 3) == 0) ||
        (len == 2 && memcmp(w, "v/", 2) == 0))
        return T_SEP;
    if (is_acronym(w, len) && !(len == 2 && w[1] == '.'))
        return T_ACRONYM;
    if (!sk_actor_capitalised(w, len))
        return T_OTHER;
    for (size_t i = 0; i < len; i++)
        if (w[i] >= '0' && w[i] <= '9')
            return T_OTHER;
    return T_NAME;
}

/* Words and separators of s. */
static size_t tokenise(const char *s, size_t len, tok *out, size_t max)
{
    size_t n = 0, i = 0;
    while (i < len && n < max) {
        if (is_space(s[i])) {
            i++;
            continue;
        }
        if (is_punct_sep(s[i])) {
            out[n++] = (tok){i, 1, T_SEP};
            i++;
            continue;
        }
        size_t b = i;
        while (i < len && !is_space(s[i]) && !is_punct_sep(s[i]))
            i++;
        size_t e = i;
        while (e > b && (s[e - 1] == ':' || s[e - 1] == '.') && !(e - b == 2 && s[e - 1] == '.'))
            e--; /* "Vestli." but keep the initial "P." */
        if (e > b)
            out[n++] = (tok){b, e - b, classify(s + b, e - b)};
    }
    return n;
}

size_t sk_actor_names(sk_actor_name *out, size_t max, const char *s, size_t len)
{
    tok t[MAX_TOKS];
    size_t nt = tokenise(s, len, t, MAX_TOKS), n = 0;
    for (size_t i = 0; i < nt && n < max;) {
        if (t[i].kind != T_NAME) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < nt && t[j].kind == T_NAME)
            j++;
        size_t words = j - i;
        /* "Karl Vestli Direktoratet for e-helse", "Helse Vest RHF" */
        if (j < nt && (t[j].kind == T_OTHER || t[j].kind == T_ACRONYM))
            words--;
        int whole = i == 0 && j == nt;
        int alone = words == 1 && ((whole) || (i > 0 && j < nt && s[t[i - 1].start] == '(' &&
                                               s[t[j].start] == ')' && nt == j + 1));
        if (words >= 2 || (words == 1 && alone)) {
            sk_actor_name *nm = &out[n++];
            nm->n_words = words < SK_ACTOR_MAX_WORDS ? words : SK_ACTOR_MAX_WORDS;
            for (size_t k = 0; k < nm->n_words; k++) {
                nm->start[k] = t[i + k].start;
                nm->len[k] = t[i + k].len;
            }
        }
        /* past the run and whatever organisation follows it, to a separator */
        i = j;
        while (i < nt && t[i].kind != T_SEP)
            i++;
    }
    return n;
}

int sk_actor_only_names(const char *s, size_t len)
{
    tok t[MAX_TOKS];
    size_t nt = tokenise(s, len, t, MAX_TOKS);
    if (nt == 0 || nt == MAX_TOKS)
        return 0;
    size_t names = 0;
    for (size_t i = 0; i < nt; i++) {
        if (t[i].kind == T_OTHER || t[i].kind == T_ACRONYM)
            return 0;
        names += t[i].kind == T_NAME;
    }
    return names >= 2;
}
