/* qword.c: a query's plain words for the readers of plain-word queries
 * (see include/saksok/query/qword.h). */
#include "saksok/query/qword.h"

#include <string.h>

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

int sk_qword_is(const sk_qword *w, const char *s)
{
    size_t len = w->len, n = strlen(s);
    while (len > n && strchr(".,?:!", w->s[len - 1]))
        len--;
    if (len != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (ascii_lower((unsigned char)w->s[i]) != ascii_lower((unsigned char)s[i]))
            return 0;
    return 1;
}

static int is_operator(const char *s, size_t len)
{
    static const char *const ops[] = {"AND", "OR", "NOT", "OG", "ELLER", "IKKE"};
    for (size_t k = 0; k < sizeof ops / sizeof *ops; k++)
        if (strlen(ops[k]) == len && memcmp(s, ops[k], len) == 0)
            return 1;
    return 0;
}

/* "vedtak:", "dato:2021": a field of the query language. */
static int is_field(const char *s, size_t len, int *spaced)
{
    static const char *const fields[] = {"vedtak", "tittel", "organ", "type",
                                         "person", "dato",   "sak"};
    const char *colon = memchr(s, ':', len);
    if (colon == NULL)
        return 0;
    size_t nl = (size_t)(colon - s);
    for (size_t k = 0; k < sizeof fields / sizeof *fields; k++) {
        if (strlen(fields[k]) != nl)
            continue;
        size_t i = 0;
        while (i < nl && ascii_lower((unsigned char)s[i]) == fields[k][i])
            i++;
        if (i == nl) {
            *spaced = colon + 1 == s + len;
            return 1;
        }
    }
    return 0;
}

size_t sk_qwords(sk_qword *out, size_t max, const char *text)
{
    size_t n = 0, len = strlen(text);
    int in_quote = 0, in_field = 0;
    for (size_t i = 0; i < len && n < max;) {
        if (is_space(text[i]) || text[i] == '(' || text[i] == ')') {
            i++;
            continue;
        }
        size_t b = i;
        int quote_here = 0;
        while (i < len && !is_space(text[i]) && text[i] != '(' && text[i] != ')') {
            if (text[i] == '"')
                quote_here++;
            i++;
        }
        const char *s = text + b;
        size_t wl = i - b;
        int spaced = 0, field = !in_quote && is_field(s, wl, &spaced);
        int op = !in_quote && is_operator(s, wl);
        if (op || field || s[0] == '-')
            in_field = 0;
        out[n++] =
            (sk_qword){s, wl, in_quote || quote_here || in_field || op || field || s[0] == '-'};
        if (field && spaced)
            in_field = 1;
        if (quote_here % 2)
            in_quote = !in_quote;
    }
    return n;
}
