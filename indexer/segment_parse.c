/* segment_parse.c: the segmenter's vocabulary: body list, dates, case numbers.
 *
 * Contract in include/saksok/structure/segment_parse.h. These are small cursor parsers in
 * the style of curl's strparse: they read from *cur up to end, advance only
 * on success, and leave the caller to decide what may come before.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "saksok/base/buf.h"
#include "saksok/base/paths.h"
#include "saksok/structure/segment_parse.h"
#include "saksok/base/text.h"

#define MAX_NAMES 1000
#define MAX_NAME_LEN 200

/* ---- characters ---- */

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* Letters, digits and every byte of a multi-byte UTF-8 character. */
static int is_word_byte(int c)
{
    return isalnum((unsigned char)c) || (unsigned char)c >= 0x80;
}

/* Fold byte i of s for comparison: ASCII and Latin-1 letters (2-byte UTF-8
 * starting 0xC3) to lower case; '-', '_' to ' '. Folding never changes the
 * byte length, so folded strings compare byte by byte. */
static unsigned char fold_at(const char *s, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    return c == '-' || c == '_' ? ' ' : sk_latin1_fold_at(s, i);
}

static int fold_eq(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (fold_at(a, i) != fold_at(b, i))
            return 0;
    return 1;
}

/* ---- body list ---- */

typedef struct alias {
    char *text;
    size_t len;
    size_t body;
} alias;

struct sk_bodies {
    char **names; /* canonical names */
    size_t n_names;
    alias *aliases; /* every name and alias, longest first */
    size_t n_aliases;
};

void sk_bodies_free(sk_bodies *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n_aliases; i++)
        free(b->aliases[i].text);
    free(b->aliases);
    free(b->names); /* the strings are owned by aliases */
    free(b);
}

static int alias_cmp(const void *pa, const void *pb)
{
    const alias *a = pa, *b = pb;
    if (a->len != b->len)
        return a->len > b->len ? -1 : 1;
    return a->body < b->body ? -1 : a->body > b->body;
}

static int add_alias(sk_bodies *b, const char *s, size_t len, size_t body, int lineno, sk_err *err)
{
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\r'))
        len--;
    while (len > 0 && *s == ' ') {
        s++;
        len--;
    }
    if (len == 0)
        return sk_err_set(err, SK_EFORMAT, "bodies: line %d: empty name", lineno);
    if (len > MAX_NAME_LEN)
        return sk_err_set(err, SK_EFORMAT, "bodies: line %d: name longer than %d bytes", lineno,
                          MAX_NAME_LEN);
    if (b->n_aliases >= MAX_NAMES)
        return sk_err_set(err, SK_ELIMIT, "bodies: more than %d names", MAX_NAMES);
    alias *na = realloc(b->aliases, (b->n_aliases + 1) * sizeof *na);
    if (!na)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    b->aliases = na;
    char *t = malloc(len + 1);
    if (!t)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    memcpy(t, s, len);
    t[len] = '\0';
    b->aliases[b->n_aliases++] = (alias){t, len, body};
    return SK_OK;
}

int sk_bodies_load_default(sk_bodies **out, sk_err *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/bodies.tsv", sk_data_dir());
    return sk_bodies_load(out, path, err);
}

int sk_bodies_parse(sk_bodies **out, const char *data, size_t len, sk_err *err)
{
    if (!out || (!data && len > 0))
        return sk_err_set(err, SK_EINVAL, "sk_bodies_parse: NULL argument");
    *out = NULL;
    sk_bodies *b = calloc(1, sizeof *b);
    if (!b)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    int rc = SK_OK;
    const char *p = data, *end = data + len;
    int lineno = 0;
    while (rc == SK_OK && p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        lineno++;
        const char *q = p;
        while (q < eol && (*q == ' ' || *q == '\r'))
            q++;
        if (q < eol && *q != '#') {
            size_t body = b->n_names;
            char **nn = realloc(b->names, (b->n_names + 1) * sizeof *nn);
            if (!nn) {
                rc = sk_err_set(err, SK_ENOMEM, "out of memory");
                break;
            }
            b->names = nn;
            int first = 1;
            const char *f = p;
            while (rc == SK_OK && f <= eol) {
                const char *tab = memchr(f, '\t', (size_t)(eol - f));
                if (!tab)
                    tab = eol;
                int blank = 1;
                for (const char *c = f; c < tab; c++)
                    if (*c != ' ' && *c != '\r')
                        blank = 0;
                if (!blank || first) {
                    rc = add_alias(b, f, (size_t)(tab - f), body, lineno, err);
                    if (rc == SK_OK && first) {
                        b->names[b->n_names++] = b->aliases[b->n_aliases - 1].text;
                        first = 0;
                    }
                }
                f = tab + 1;
            }
        }
        p = eol + 1;
    }
    if (rc != SK_OK) {
        sk_bodies_free(b);
        return rc;
    }
    /* The canonical names stay reachable through names[]; sorting aliases
     * moves only the alias structs, not the strings. */
    if (b->n_aliases > 1)
        qsort(b->aliases, b->n_aliases, sizeof *b->aliases, alias_cmp);
    *out = b;
    return SK_OK;
}

int sk_bodies_load(sk_bodies **out, const char *path, sk_err *err)
{
    if (!out || !path)
        return sk_err_set(err, SK_EINVAL, "sk_bodies_load: NULL argument");
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return sk_err_set(err, SK_EIO, "%s: %s", path, strerror(errno));
    sk_buf buf;
    sk_buf_init(&buf, (size_t)1024 * 1024);
    char chunk[4096];
    size_t n;
    int rc = SK_OK;
    while (rc == SK_OK && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        rc = sk_buf_append(&buf, chunk, n, err);
    if (rc == SK_OK && ferror(f))
        rc = sk_err_set(err, SK_EIO, "%s: read error", path);
    fclose(f);
    if (rc == SK_OK)
        rc = sk_bodies_parse(out, buf.data ? buf.data : "", buf.len, err);
    sk_buf_release(&buf);
    return rc;
}

size_t sk_bodies_count(const sk_bodies *b)
{
    return b ? b->n_names : 0;
}

const char *sk_bodies_name(const sk_bodies *b, size_t i)
{
    return b && i < b->n_names ? b->names[i] : NULL;
}

int sk_bodies_find(const sk_bodies *b, const char *s, size_t len)
{
    if (!b || !s)
        return -1;
    for (size_t i = 0; i < b->n_aliases; i++)
        if (b->aliases[i].len == len && fold_eq(b->aliases[i].text, s, len))
            return (int)b->aliases[i].body;
    return -1;
}

size_t sk_bodies_match(const sk_bodies *b, const char *s, size_t len, size_t *idx)
{
    if (!b || !s)
        return 0;
    for (size_t i = 0; i < b->n_aliases; i++) { /* longest first */
        const alias *a = &b->aliases[i];
        if (a->len <= len && fold_eq(a->text, s, a->len) &&
            (a->len == len || !is_word_byte(s[a->len]))) {
            if (idx)
                *idx = a->body;
            return a->len;
        }
    }
    return 0;
}

/* ---- numbers, dates, case numbers ---- */

/* Up to max digits at p (< end): their value, count in *nd. */
static int read_uint(const char *p, const char *end, int max, int *nd)
{
    int v = 0, n = 0;
    while (p + n < end && n < max && is_digit(p[n])) {
        v = v * 10 + (p[n] - '0');
        n++;
    }
    *nd = n;
    return v;
}

static int valid_ymd(int y, int m, int d)
{
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return 0;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 0;
    return 1;
}

static int emit_date(const char **cur, const char *to, int y, int m, int d, char out[SK_DATE_SIZE])
{
    if (!valid_ymd(y, m, d))
        return SK_EFORMAT;
    snprintf(out, SK_DATE_SIZE, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u);
    *cur = to;
    return SK_OK;
}

static const struct {
    const char *name;
    int month;
} months[] = {
    {"januar", 1},    {"februar", 2},   {"mars", 3},   {"april", 4},     {"mai", 5},
    {"juni", 6},      {"juli", 7},      {"august", 8}, {"september", 9}, {"oktober", 10},
    {"november", 11}, {"desember", 12}, {"sept", 9},   {"jan", 1},       {"feb", 2},
    {"mar", 3},       {"apr", 4},       {"jun", 6},    {"jul", 7},       {"aug", 8},
    {"sep", 9},       {"okt", 10},      {"nov", 11},   {"des", 12},
};

/* A month name at p: its number, the bytes used in *used (with an
 * abbreviation's '.'), or 0. */
static int read_month(const char *p, const char *end, size_t *used)
{
    for (size_t i = 0; i < sizeof months / sizeof *months; i++) {
        size_t n = strlen(months[i].name);
        if ((size_t)(end - p) < n || !fold_eq(months[i].name, p, n))
            continue;
        if (p + n < end && is_word_byte(p[n]))
            continue;
        if (n <= 4 && p + n < end && p[n] == '.')
            n++;
        *used = n;
        return months[i].month;
    }
    return 0;
}

static const char *skip_spaces(const char *p, const char *end)
{
    for (;;) {
        if (p < end && (*p == ' ' || *p == '\t'))
            p++;
        else if (end - p >= 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)
            p += 2; /* no-break space */
        else
            return p;
    }
}

int sk_parse_date(char out[SK_DATE_SIZE], const char **cur, const char *end, int allow_short_year)
{
    if (!cur || !*cur || !end || *cur >= end)
        return SK_EFORMAT;
    const char *p = *cur;
    int n1, n2, n3;
    int a = read_uint(p, end, 4, &n1);
    if (n1 == 0)
        return SK_EFORMAT;
    const char *q = p + n1;
    if (n1 == 4) { /* 2021-05-20 */
        if (q >= end || *q != '-')
            return SK_EFORMAT;
        int m = read_uint(q + 1, end, 2, &n2);
        if (n2 == 0 || q + 1 + n2 >= end || q[1 + n2] != '-')
            return SK_EFORMAT;
        const char *r = q + 2 + n2;
        int d = read_uint(r, end, 2, &n3);
        if (n3 == 0 || (r + n3 < end && is_digit(r[n3])))
            return SK_EFORMAT;
        return emit_date(cur, r + n3, a, m, d, out);
    }
    if (n1 > 2)
        return SK_EFORMAT;
    int d = a;
    if (q < end && *q == '.' && q + 1 < end && is_digit(q[1])) { /* 14.12.2023 */
        int m = read_uint(q + 1, end, 2, &n2);
        const char *r = q + 1 + n2;
        if (r >= end || *r != '.' || (r + 1 < end && !is_digit(r[1])) || r + 1 >= end)
            return SK_EFORMAT;
        int y = read_uint(r + 1, end, 4, &n3);
        const char *after = r + 1 + n3;
        if (after < end && is_digit(*after))
            return SK_EFORMAT;
        if (after + 1 < end && *after == '.' && is_digit(after[1]))
            return SK_EFORMAT; /* 1.2.3.4: a version or a list, not a date */
        if (n3 == 2 && allow_short_year)
            y += 2000;
        else if (n3 != 4)
            return SK_EFORMAT;
        return emit_date(cur, after, y, m, d, out);
    }
    /* 20. mai 2021 */
    if (q < end && *q == '.')
        q++;
    const char *r = skip_spaces(q, end);
    if (r == q)
        return SK_EFORMAT;
    size_t used = 0;
    int m = read_month(r, end, &used);
    if (!m)
        return SK_EFORMAT;
    r += used;
    if (r < end && *r == ',')
        r++;
    const char *s = skip_spaces(r, end);
    if (s == r)
        return SK_EFORMAT;
    int y = read_uint(s, end, 4, &n3);
    if (n3 != 4 || (s + 4 < end && is_digit(s[4])))
        return SK_EFORMAT;
    return emit_date(cur, s + 4, y, m, d, out);
}

int sk_parse_case_no(char out[SK_CASE_NO_SIZE], const char **cur, const char *end, int allow_dash)
{
    if (!cur || !*cur || !end || *cur >= end)
        return SK_EFORMAT;
    const char *p = *cur;
    int n1, n2;
    int num = read_uint(p, end, 4, &n1);
    if (n1 == 0 || n1 > 3 || num == 0)
        return SK_EFORMAT;
    const char *q = p + n1;
    if (q >= end || !(*q == '/' || (allow_dash && *q == '-')))
        return SK_EFORMAT;
    int y = read_uint(q + 1, end, 5, &n2);
    const char *after = q + 1 + n2;
    if (n2 == 4) {
        if (y < 1900 || y > 2099)
            return SK_EFORMAT;
        y %= 100;
    } else if (n2 != 2) {
        return SK_EFORMAT;
    }
    if (after < end && (*after == '/' || (*after == '-' && after + 1 < end && is_digit(after[1]))))
        return SK_EFORMAT; /* 9/21/3, 12-23-4 */
    snprintf(out, SK_CASE_NO_SIZE, "%u/%02u", (unsigned)num % 1000u, (unsigned)y % 100u);
    *cur = after;
    return SK_OK;
}
