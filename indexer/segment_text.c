/* segment_text.c: byte and UTF-8 helpers for the segment stage: case-insensitive
 * compares (ASCII and Latin-1), white space, the vocabulary of case types
 * and table columns, labels, and error-sticky copies of fields.
 */
#include <stdlib.h>
#include <string.h>

#include "saksok/base/text.h"
#include "segment_int.h"

/* Upper/lower case for ASCII and Latin-1 letters (UTF-8 0xC3 xx). */
int seg_is_upper_at(const char *s, const char *end)
{
    unsigned char c = (unsigned char)*s;
    if (c >= 'A' && c <= 'Z')
        return 1;
    return c == 0xC3 && s + 1 < end && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] <= 0x9E &&
           (unsigned char)s[1] != 0x97;
}

int seg_is_lower_at(const char *s, const char *end)
{
    unsigned char c = (unsigned char)*s;
    if (c >= 'a' && c <= 'z')
        return 1;
    return c == 0xC3 && s + 1 < end && (unsigned char)s[1] >= 0x9F && (unsigned char)s[1] != 0xB7;
}

/* Is the byte before p (at or after start) a lower-case letter, a digit or ')'? */
int seg_lower_or_digit_before(const char *start, const char *p)
{
    if (p <= start)
        return 0;
    unsigned char c = (unsigned char)p[-1];
    if ((c >= 'a' && c <= 'z') || seg_is_digit(c) || c == ')')
        return 1;
    return p - start >= 2 && (unsigned char)p[-2] == 0xC3 && c >= 0x9F && c != 0xB7;
}

/* Case-insensitive: does s (len bytes) start with word w? */
int seg_starts_ci(const char *s, size_t len, const char *w)
{
    size_t n = strlen(w);
    if (n > len)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (sk_latin1_fold_at(s, i) != sk_latin1_fold_at(w, i))
            return 0;
    return 1;
}

/* starts_ci and the word ends there (end of s or a non-word byte). */
int seg_starts_word_ci(const char *s, size_t len, const char *w)
{
    size_t n = strlen(w);
    return seg_starts_ci(s, len, w) && (n == len || !seg_is_word_byte(s[n]));
}

int seg_eq_ci(const char *s, size_t len, const char *w)
{
    return strlen(w) == len && seg_starts_ci(s, len, w);
}

/* Skip spaces, tabs and no-break spaces. */
const char *seg_skip_ws(const char *p, const char *end)
{
    for (;;) {
        if (p < end && (*p == ' ' || *p == '\t'))
            p++;
        else if (end - p >= 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)
            p += 2;
        else
            return p;
    }
}

/* Skip spaces and the separators that sit between a number and a title. */
const char *seg_skip_seps(const char *p, const char *end)
{
    for (;;) {
        p = seg_skip_ws(p, end);
        if (p < end && (*p == ':' || *p == '-' || *p == '.' || *p == ','))
            p++;
        else if (end - p >= 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
                 ((unsigned char)p[2] == 0x93 || (unsigned char)p[2] == 0x94))
            p += 3; /* en dash, em dash */
        else
            return p;
    }
}

static int is_space_byte(const char *p, const char *end, size_t *n)
{
    if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\f' || *p == '\v') {
        *n = 1;
        return 1;
    }
    if (end - p >= 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0) {
        *n = 2;
        return 1;
    }
    return 0;
}

void seg_trim(const char **s, size_t *len)
{
    const char *p = *s, *e = *s + *len;
    size_t n;
    while (p < e && is_space_byte(p, e, &n))
        p += n;
    while (e > p) {
        if (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\f' || e[-1] == '\v')
            e--;
        else if (e - p >= 2 && (unsigned char)e[-2] == 0xC2 && (unsigned char)e[-1] == 0xA0)
            e -= 2;
        else
            break;
    }
    *s = p;
    *len = (size_t)(e - p);
}

int seg_ends_with_shy(const char *s, size_t len)
{
    return len >= 2 && (unsigned char)s[len - 2] == 0xC2 && (unsigned char)s[len - 1] == 0xAD;
}

/* ---- vocabulary ---- */

static const char *const type_words[] = {
    "Godkjenning", "Orientering",     "Drøfting",     "Tilslutning",    "Anbefaling",
    "Beslutning",  "Informasjon",     "Innspill",     "Diskusjon",      "Høring",
    "Vedtakssak",  "Orienteringssak", "Drøftingssak", "Beslutningssak", "Diskusjonssak",
};

/* Column header words of agenda tables. */
static const char *const column_words[] = {
    "Tema",        "Tittel", "Emne",      "Sakstype", "Type",  "Innretning", "Tidspunkt",
    "Presenterer", "Legges", "Ansvarlig", "Varighet", "Start", "Slutt",
};

/* Does a word end at p: the end, a non-word byte, or (PDF text glues table
 * cells together) an upper-case letter? */
static int word_ends(const char *p, const char *end)
{
    return p == end || !seg_is_word_byte(*p) || seg_is_upper_at(p, end);
}

/* A known type word at p (capitalised as in tables), ending at a word
 * boundary: its canonical spelling, else NULL. */
const char *seg_type_word_at(const char *p, const char *end, size_t *used)
{
    for (size_t i = 0; i < sizeof type_words / sizeof *type_words; i++) {
        size_t n = strlen(type_words[i]);
        if ((size_t)(end - p) >= n && memcmp(p, type_words[i], n) == 0 && word_ends(p + n, end)) {
            if (used)
                *used = n;
            return type_words[i];
        }
    }
    return NULL;
}

const char *seg_type_word_exact(const char *s, size_t len)
{
    size_t used;
    const char *t = seg_type_word_at(s, s + len, &used);
    return t && used == len ? t : NULL;
}

int seg_column_word_at(const char *p, const char *end)
{
    for (size_t i = 0; i < sizeof column_words / sizeof *column_words; i++) {
        size_t n = strlen(column_words[i]);
        if ((size_t)(end - p) >= n && memcmp(p, column_words[i], n) == 0 && word_ends(p + n, end))
            return 1;
    }
    return 0;
}

/* A label at the start of s: returns the value start (after ':' and
 * spaces; may equal end) or NULL. The label may stand alone, be followed by
 * ':' or a tab (any value), by spaces and a value starting with an
 * upper-case letter or digit, or (PDF text) be glued to such a value. */
const char *seg_after_label(const char *s, size_t len, const char *label)
{
    size_t n = strlen(label);
    if (!seg_starts_ci(s, len, label))
        return NULL;
    const char *end = s + len, *p = s + n;
    if (p == end)
        return p;
    if (*p == ':' || *p == '\t')
        return seg_skip_ws(p + 1, end);
    if (*p == ' ') {
        const char *q = seg_skip_ws(p, end);
        if (q < end && *q == ':')
            return seg_skip_ws(q + 1, end);
        if (q < end && (seg_is_upper_at(q, end) || seg_is_digit(*q)))
            return q;
        return q == end ? q : NULL;
    }
    if (seg_is_upper_at(p, end) || seg_is_digit(*p))
        return p;
    return NULL;
}

/* ---- error-sticky allocation ---- */

void seg_nomem(doc *d)
{
    d->rc = sk_err_set(d->err, SK_ENOMEM, "out of memory");
}

char *seg_dupn(doc *d, const char *s, size_t n)
{
    if (d->rc)
        return NULL;
    char *t = malloc(n + 1);
    if (!t) {
        seg_nomem(d);
        return NULL;
    }
    memcpy(t, s, n);
    t[n] = '\0';
    return t;
}

char *seg_dups(doc *d, const char *s)
{
    return s ? seg_dupn(d, s, strlen(s)) : NULL;
}

/* Clean a one-line field: strip "<...>" markup, join soft-hyphen breaks,
 * squeeze spaces, trim separators at both ends. NULL if nothing is left. */
char *seg_clean_field(doc *d, const char *s, size_t len)
{
    if (d->rc || !s)
        return NULL;
    char *t = malloc(len + 1);
    if (!t) {
        seg_nomem(d);
        return NULL;
    }
    size_t o = 0;
    const char *end = s + len;
    for (const char *p = s; p < end;) {
        if (*p == '<') {
            const char *q = memchr(p, '>', (size_t)(end - p));
            if (q && q - p < 200) {
                p = q + 1;
                if (o && t[o - 1] != ' ')
                    t[o++] = ' ';
                continue;
            }
        }
        if (end - p >= 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xAD) {
            p += 2; /* soft hyphen: a line-end hyphenation point */
            continue;
        }
        size_t n;
        if (*p == '\n' || is_space_byte(p, end, &n)) {
            if (o && t[o - 1] != ' ')
                t[o++] = ' ';
            p += (*p == '\n') ? 1 : n;
            continue;
        }
        t[o++] = *p++;
    }
    t[o] = '\0';
    /* trim spaces and dangling separators */
    size_t a = 0;
    while (a < o && (t[a] == ' ' || t[a] == ':' || t[a] == ';'))
        a++;
    while (o > a && (t[o - 1] == ' ' || t[o - 1] == ':' || t[o - 1] == ';' || t[o - 1] == ','))
        o--;
    if (o - a >= 3 && (unsigned char)t[o - 3] == 0xE2 && (unsigned char)t[o - 2] == 0x80 &&
        (unsigned char)t[o - 1] == 0x93)
        o -= 3;
    while (o > a && t[o - 1] == ' ')
        o--;
    if (o == a) {
        free(t);
        return NULL;
    }
    memmove(t, t + a, o - a);
    t[o - a] = '\0';
    return t;
}

int seg_whole_case_no(const char *s, size_t len, char out[SK_CASE_NO_SIZE])
{
    const char *p = s, *end = s + len;
    if (sk_parse_case_no(out, &p, end, 0) != SK_OK)
        return 0;
    return seg_skip_ws(p, end) == end;
}

int seg_whole_date(const char *s, size_t len, char out[SK_DATE_SIZE])
{
    const char *p = s, *end = s + len;
    if (sk_parse_date(out, &p, end, 1) != SK_OK)
        return 0;
    return seg_skip_ws(p, end) == end;
}

/* ---- councils the list does not know ---- */

/* Does s name a council of the list anywhere (at a word's start)? */
static int names_known_body(const doc *d, const char *s, size_t len)
{
    size_t idx;
    for (size_t i = 0; i < len; i++)
        if ((i == 0 || !seg_is_word_byte(s[i - 1])) &&
            sk_bodies_match(d->bodies, s + i, len - i, &idx))
            return 1;
    return 0;
}

int seg_unknown_council(const doc *d, const char *v, size_t len, char *out, size_t size)
{
    static const char *const words[] = {"utvalg",     "styre",  "råd",         "nemnd",
                                        "komité",     "komite", "formannskap", "kommunestyre",
                                        "fylkesting", "bystyre"};
    const char *s = v;
    seg_trim(&s, &len);
    if (len < 4 || len > 120 || len >= size || !seg_is_upper_at(s, s + len) ||
        memchr(s, '.', len) || memchr(s, '\t', len) || names_known_body(d, s, len))
        return 0;
    for (size_t i = 0; i < len; i++)
        out[i] = (char)tolower((unsigned char)s[i]);
    out[len] = '\0';
    for (size_t k = 0; k < sizeof words / sizeof *words; k++)
        if (strstr(out, words[k]) != NULL) {
            memcpy(out, s, len);
            return 1;
        }
    return 0;
}
