/* archive.c: archive numbers (include/saksok/structure/archive.h). */
#include "saksok/structure/archive.h"

#include <string.h>

#include "saksok/structure/segment_parse.h"

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_alpha_byte(char c)
{
    unsigned char u = (unsigned char)c;
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80;
}

static size_t digits(const char *p, const char *end)
{
    size_t n = 0;
    while (p + n < end && is_digit(p[n]))
        n++;
    return n;
}

static int value(const char *p, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n && i < 9; i++)
        v = v * 10 + (p[i] - '0');
    return v;
}

int sk_parse_archive_no(char out[SK_ARCHIVE_NO_SIZE], const char **cur, const char *end,
                        int labelled)
{
    if (!cur || !*cur || !end || *cur >= end)
        return -1;
    const char *p = *cur;
    size_t ny = digits(p, end);
    if (ny == 4) {
        int y = value(p, 4);
        if (y < 1900 || y > 2099)
            return -1;
    } else if (ny != 2) {
        return -1;
    }
    const char *q = p + ny;
    if (q >= end || *q != '/')
        return -1;
    size_t ns = digits(q + 1, end);
    if (ns == 0 || ns > 7)
        return -1;
    const char *after = q + 1 + ns;
    size_t nd = 0;
    if (after + 1 < end && *after == '-' && is_digit(after[1])) {
        nd = digits(after + 1, end);
        if (nd > 4)
            return -1;
        after += 1 + nd;
    }
    if (after < end && (is_digit(*after) || is_alpha_byte(*after) || *after == '/' ||
                        (*after == '-' && after + 1 < end && is_digit(after[1]))))
        return -1;
    if (!labelled) {
        /* unlabelled: only with a document number, and never a date */
        if (nd == 0 || (ny == 2 && value(p, 2) <= 31 && ns <= 2 && value(q + 1, ns) <= 12))
            return -1;
    }
    size_t n = (size_t)(after - p);
    memcpy(out, p, n);
    out[n] = '\0';
    *cur = after;
    return 0;
}

/* ASCII case-insensitive: does s (to end) start with w? */
static int starts_ci(const char *s, const char *end, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(end - s) < n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char a = s[i], b = w[i];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (a != b)
            return 0;
    }
    return 1;
}

const char *sk_archive_label(const char *s, const char *end)
{
    static const char *const labels[] = {"arkivsaksnummer", "arkivsaksnr.", "arkivsaksnr",
                                         "arkivsak nr.",    "arkivsak nr",  "arkivsak"};
    for (size_t k = 0; k < sizeof labels / sizeof *labels; k++) {
        if (!starts_ci(s, end, labels[k]))
            continue;
        const char *p = s + strlen(labels[k]);
        if (p < end && p[-1] != '.' && (is_alpha_byte(*p) || is_digit(*p)))
            continue; /* "Arkivsakene" */
        while (p < end && (*p == ' ' || *p == '\t' || *p == ':'))
            p++;
        return p;
    }
    return NULL;
}

size_t sk_archive_case_len(const char *no)
{
    const char *slash = strchr(no, '/');
    const char *dash = slash ? strchr(slash, '-') : NULL;
    return dash ? (size_t)(dash - no) : strlen(no);
}

static size_t add_once(char (*out)[SK_ARCHIVE_NO_SIZE], size_t n, const char *no)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(out[i], no) == 0)
            return n;
    memcpy(out[n], no, SK_ARCHIVE_NO_SIZE);
    return n + 1;
}

/* The next archive number in [p, end) from text's start: its start in *at
 * and its end in *after, whether a label stood before it in *labelled, and
 * the number in no; 0 when there is none. */
static int next_number(const char *text, const char *p, const char *end, const char **at,
                       const char **after, int *labelled, char no[SK_ARCHIVE_NO_SIZE])
{
    const char *labelled_at = NULL; /* where a label's number may start */
    while (p < end) {
        const char *v = (p == text || !is_alpha_byte(p[-1])) ? sk_archive_label(p, end) : NULL;
        if (v) {
            while (v < end && (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r'))
                v++; /* the value may stand in a column of its own */
            labelled_at = v;
            p = v;
            continue;
        }
        const char *q = p;
        int boundary =
            p == text || !(is_digit(p[-1]) || p[-1] == '/' || p[-1] == '-' || is_alpha_byte(p[-1]));
        if (boundary && is_digit(*p) && sk_parse_archive_no(no, &q, end, p == labelled_at) == 0) {
            *at = p;
            *after = q;
            *labelled = p == labelled_at;
            return 1;
        }
        p++;
    }
    return 0;
}

size_t sk_archive_mask_cases(char *text, size_t len)
{
    const char *p = text, *end = text + len, *at, *after;
    char no[SK_ARCHIVE_NO_SIZE], cn[SK_CASE_NO_SIZE];
    int labelled;
    size_t n = 0;
    while (next_number(text, p, end, &at, &after, &labelled, no)) {
        const char *c = at;
        if (labelled && sk_parse_case_no(cn, &c, after, 0) == SK_OK && c == after) {
            memset(text + (at - text), ' ', (size_t)(after - at));
            n++;
        }
        p = after;
    }
    return n;
}

size_t sk_archive_find(const char *text, size_t len, char (*out)[SK_ARCHIVE_NO_SIZE], size_t max)
{
    const char *p = text, *end = text + len, *at, *after;
    char no[SK_ARCHIVE_NO_SIZE];
    int labelled;
    size_t n = 0;
    while (n < max && next_number(text, p, end, &at, &after, &labelled, no)) {
        n = add_once(out, n, no);
        p = after;
    }
    return n;
}
