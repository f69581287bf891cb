/* abbrev.c: "long form (ABBR)" pairs (see include/saksok/analysis/abbrev.h). */
#include "saksok/analysis/abbrev.h"

#include <string.h>
#include <utf8proc.h>

#define MAX_ABBR 10
#define MAX_LONG_CHARS 160

static int is_alnum_cp(utf8proc_int32_t c)
{
    if (c < 0)
        return 0;
    utf8proc_category_t cat = utf8proc_category(c);
    return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
           cat == UTF8PROC_CATEGORY_ND;
}

static int is_space_cp(utf8proc_int32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == 0xA0;
}

/* Is text[a, b) an abbreviation: no spaces, 2..MAX_ABBR characters, starting
 * with a letter, with at least two capitals? */
static int looks_like_abbr(const char *s, size_t a, size_t b)
{
    size_t chars = 0, caps = 0;
    for (size_t i = a; i < b;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(b - i), &c);
        if (k <= 0 || is_space_cp(c) || !(is_alnum_cp(c) || c == '-'))
            return 0;
        if (chars == 0 && !(utf8proc_category(c) >= UTF8PROC_CATEGORY_LU &&
                            utf8proc_category(c) <= UTF8PROC_CATEGORY_LO))
            return 0;
        caps += utf8proc_category(c) == UTF8PROC_CATEGORY_LU;
        chars++;
        i += (size_t)k;
    }
    return chars >= 2 && chars <= MAX_ABBR && caps >= 2;
}

typedef struct cps {
    utf8proc_int32_t c[MAX_LONG_CHARS];
    size_t at[MAX_LONG_CHARS + 1]; /* byte offset of each code point */
    size_t n;
} cps;

/* Schwartz & Hearst: match the abbreviation's characters right to left;
 * returns the index of the long form's first code point, or -1. */
static long best_long_form(const cps *abbr, const cps *lf)
{
    long s = (long)abbr->n - 1, l = (long)lf->n - 1;
    while (s >= 0) {
        utf8proc_int32_t ch = utf8proc_tolower(abbr->c[s]);
        if (!is_alnum_cp(ch)) {
            s--;
            continue;
        }
        while (l >= 0 &&
               (utf8proc_tolower(lf->c[l]) != ch || (s == 0 && l > 0 && is_alnum_cp(lf->c[l - 1]))))
            l--;
        if (l < 0)
            return -1;
        l--;
        s--;
    }
    while (l >= 0 && !is_space_cp(lf->c[l]))
        l--;
    return l + 1;
}

static int contains(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
    for (size_t i = 0; i + nlen <= hlen; i++)
        if (memcmp(hay + i, needle, nlen) == 0)
            return 1;
    return 0;
}

static void decode_span(cps *out, const char *s, size_t a, size_t b)
{
    out->n = 0;
    for (size_t i = a; i < b && out->n < MAX_LONG_CHARS;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(b - i), &c);
        if (k <= 0) {
            c = ' ';
            k = 1;
        }
        out->at[out->n] = i;
        out->c[out->n++] = c;
        i += (size_t)k;
    }
    out->at[out->n] = b;
}

int sk_abbrev_scan(const char *text, size_t len, sk_abbrev_cb cb, void *payload)
{
    for (size_t i = 0; i < len; i++) {
        if (text[i] != '(')
            continue;
        const char *close = memchr(text + i + 1, ')', len - i - 1 < 32 ? len - i - 1 : 32);
        if (close == NULL)
            continue;
        size_t a = i + 1, b = (size_t)(close - text);
        if (!looks_like_abbr(text, a, b))
            continue;
        cps abbr;
        decode_span(&abbr, text, a, b);
        /* Candidate: up to min(|A| + 5, 2|A|) words before '(' in the same
         * sentence or line. */
        size_t max_words = abbr.n + 5 < 2 * abbr.n ? abbr.n + 5 : 2 * abbr.n;
        size_t end = i;
        while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t'))
            end--;
        size_t start = end, words = 0;
        while (start > 0 && words < max_words && end - start < MAX_LONG_CHARS) {
            char c = text[start - 1];
            if (c == '.' || c == ':' || c == ';' || c == '\n' || c == '(' || c == ')' || c == '\t')
                break;
            if (c == ' ' && text[start] != ' ')
                words++;
            start--;
        }
        while (start < end && text[start] == ' ')
            start++;
        if (start >= end)
            continue;
        cps lf;
        decode_span(&lf, text, start, end);
        long first = best_long_form(&abbr, &lf);
        if (first < 0)
            continue;
        size_t ls = lf.at[first];
        /* The long form must be longer than the abbreviation and not hold it. */
        if (end - ls <= b - a || contains(text + ls, end - ls, text + a, b - a))
            continue;
        int rc = cb(text + ls, end - ls, text + a, b - a, payload);
        if (rc != 0)
            return rc;
    }
    return 0;
}
