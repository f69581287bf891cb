/* segment.c: pages of one meeting paper -> meeting metadata and sections.
 *
 * Contract in include/saksok/segment.h. The recogniser works on lines:
 *   1. split the pages into lines; mark running headers/footers and page
 *      numbers (boilerplate) so they neither start nor end anything;
 *   2. find memo header blocks (Til/Møte, Dato, Saksnummer, Type, Fra) and
 *      minutes zones ("Referat ..." followed by its own Dato);
 *   3. read the paper's body, date and meeting number from the first page,
 *      the title and the path: only from heading-shaped lines, never from
 *      running text;
 *   4. find anchors: "Sak N/YY" headers, rows starting with a case number
 *      (text or tab-separated), table headers, memo starts, minutes starts;
 *   5. rows whose text holds a decision label ("Forslag til vedtak",
 *      "Vedtak") are the case itself (or minutes, inside a minutes zone);
 *      the others are agenda rows;
 *   6. build sections, share title/type/presenter between the sections of
 *      one case of one meeting, add mentions, and give every page's text
 *      outside case and minutes sections a page section.
 * Errors stick (as in SQLite's fts5): helpers do nothing once d->rc is set.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "saksok/buf.h"
#include "saksok/segment.h"

enum { L_BLANK = 1u, L_BOILER = 2u, L_MEMOHDR = 4u, L_ANCHOR = 8u };

typedef struct line {
    const char *raw; /* the line as given, without '\n' */
    size_t raw_len;
    const char *s; /* trimmed */
    size_t len;
    int page; /* index into the pages array */
    unsigned flags;
} line;

typedef enum kind { K_CASEHDR, K_ROW, K_TABROW, K_MEMO, K_REFERAT, K_TABLEHDR } kind;

typedef struct anchor {
    kind kind;
    size_t line;     /* first line of the section */
    size_t hdr;      /* the anchor's own line ("Sak 9/21", the row) */
    size_t end;      /* one past its last line */
    size_t row_last; /* rows: last line of the row itself (with continuations) */
    char case_no[SK_CASE_NO_SIZE];
    char *title, *type, *presenter, *decision, *proposed;
    int zone;  /* minutes zone index, or -1 */
    int item;  /* rows: the case's own text (not just an agenda row) */
    int typed; /* text rows: the table's last column is the case type */
} anchor;

typedef struct memo {
    size_t first, last; /* lines of the header block */
    char case_no[SK_CASE_NO_SIZE];
    char *type, *presenter;
} memo;

typedef struct zone {
    size_t start, end;
    char date[SK_DATE_SIZE];
    char meeting_no[16];
} zone;

typedef struct sec {
    sk_section s;
    size_t line; /* first line, for document order */
    size_t seq;
} sec;

typedef struct doc {
    int rc;
    sk_err *err;
    const sk_bodies *bodies;
    const sk_page_text *pages;
    size_t n_pages;
    line *lines;
    size_t n_lines;
    int body; /* paper body index or -1 */
    char date[SK_DATE_SIZE];
    char meeting_no[16];
    anchor *anchors;
    size_t n_anchors, cap_anchors;
    memo *memos;
    size_t n_memos;
    zone *zones;
    size_t n_zones;
    sec *secs;
    size_t n_secs, cap_secs;
} doc;

/* ---- small text helpers ---- */

static int is_digit(int c) { return c >= '0' && c <= '9'; }

static int is_word_byte(int c) { return isalnum((unsigned char)c) || (unsigned char)c >= 0x80; }

/* Upper/lower case for ASCII and Latin-1 letters (UTF-8 0xC3 xx). */
static int is_upper_at(const char *s, const char *end)
{
    unsigned char c = (unsigned char)*s;
    if (c >= 'A' && c <= 'Z')
        return 1;
    return c == 0xC3 && s + 1 < end && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] <= 0x9E &&
           (unsigned char)s[1] != 0x97;
}

static int is_lower_at(const char *s, const char *end)
{
    unsigned char c = (unsigned char)*s;
    if (c >= 'a' && c <= 'z')
        return 1;
    return c == 0xC3 && s + 1 < end && (unsigned char)s[1] >= 0x9F && (unsigned char)s[1] != 0xB7;
}

/* Is the byte before p (at or after start) a lower-case letter, a digit or ')'? */
static int lower_or_digit_before(const char *start, const char *p)
{
    if (p <= start)
        return 0;
    unsigned char c = (unsigned char)p[-1];
    if ((c >= 'a' && c <= 'z') || is_digit(c) || c == ')')
        return 1;
    return p - start >= 2 && (unsigned char)p[-2] == 0xC3 && c >= 0x9F && c != 0xB7;
}

static unsigned char fold_at(const char *s, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80)
        return (unsigned char)tolower(c);
    if (i > 0 && (unsigned char)s[i - 1] == 0xC3 && c >= 0x80 && c <= 0x9E && c != 0x97)
        return (unsigned char)(c + 0x20);
    return c;
}

/* Case-insensitive: does s (len bytes) start with word w? */
static int starts_ci(const char *s, size_t len, const char *w)
{
    size_t n = strlen(w);
    if (n > len)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (fold_at(s, i) != fold_at(w, i))
            return 0;
    return 1;
}

/* starts_ci and the word ends there (end of s or a non-word byte). */
static int starts_word_ci(const char *s, size_t len, const char *w)
{
    size_t n = strlen(w);
    return starts_ci(s, len, w) && (n == len || !is_word_byte(s[n]));
}

static int eq_ci(const char *s, size_t len, const char *w)
{
    return strlen(w) == len && starts_ci(s, len, w);
}

/* Skip spaces, tabs and no-break spaces. */
static const char *skip_ws(const char *p, const char *end)
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
static const char *skip_seps(const char *p, const char *end)
{
    for (;;) {
        p = skip_ws(p, end);
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

static void trim(const char **s, size_t *len)
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

static int ends_with_shy(const char *s, size_t len)
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
    return p == end || !is_word_byte(*p) || is_upper_at(p, end);
}

/* A known type word at p (capitalised as in tables), ending at a word
 * boundary: its canonical spelling, else NULL. */
static const char *type_word_at(const char *p, const char *end, size_t *used)
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

static const char *type_word_exact(const char *s, size_t len)
{
    size_t used;
    const char *t = type_word_at(s, s + len, &used);
    return t && used == len ? t : NULL;
}

static int column_word_at(const char *p, const char *end)
{
    for (size_t i = 0; i < sizeof column_words / sizeof *column_words; i++) {
        size_t n = strlen(column_words[i]);
        if ((size_t)(end - p) >= n && memcmp(p, column_words[i], n) == 0 && word_ends(p + n, end))
            return 1;
    }
    return 0;
}

/* Headings that end a decision text. */
static const char *const stop_headings[] = {
    "Hensikt med saken", "Hensikt",       "Bakgrunn",          "Oppfølging",
    "Vedlegg",           "Saksbehandler", "Drøftingsspørsmål", "Innledning",
    "Oppsummering",      "Vurdering",     "Saksfremstilling",  "Agenda",
    "Takk for",          "Kontaktperson", "Referanser",
};

/* A label at the start of s: returns the value start (after ':' and
 * spaces; may equal end) or NULL. The label may stand alone, be followed by
 * ':' or a tab (any value), by spaces and a value starting with an
 * upper-case letter or digit, or (PDF text) be glued to such a value. */
static const char *after_label(const char *s, size_t len, const char *label)
{
    size_t n = strlen(label);
    if (!starts_ci(s, len, label))
        return NULL;
    const char *end = s + len, *p = s + n;
    if (p == end)
        return p;
    if (*p == ':' || *p == '\t')
        return skip_ws(p + 1, end);
    if (*p == ' ') {
        const char *q = skip_ws(p, end);
        if (q < end && *q == ':')
            return skip_ws(q + 1, end);
        if (q < end && (is_upper_at(q, end) || is_digit(*q)))
            return q;
        return q == end ? q : NULL;
    }
    if (is_upper_at(p, end) || is_digit(*p))
        return p;
    return NULL;
}

/* ---- error-sticky allocation ---- */

static char *dupn(doc *d, const char *s, size_t n)
{
    if (d->rc)
        return NULL;
    char *t = malloc(n + 1);
    if (!t) {
        d->rc = sk_err_set(d->err, SK_ENOMEM, "out of memory");
        return NULL;
    }
    memcpy(t, s, n);
    t[n] = '\0';
    return t;
}

static char *dups(doc *d, const char *s) { return s ? dupn(d, s, strlen(s)) : NULL; }

/* Clean a one-line field: strip "<...>" markup, join soft-hyphen breaks,
 * squeeze spaces, trim separators at both ends. NULL if nothing is left. */
static char *clean_field(doc *d, const char *s, size_t len)
{
    if (d->rc || !s)
        return NULL;
    char *t = malloc(len + 1);
    if (!t) {
        d->rc = sk_err_set(d->err, SK_ENOMEM, "out of memory");
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

/* ---- 1. lines ---- */

static void split_lines(doc *d)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n_pages; i++) {
        const char *t = d->pages[i].text;
        size_t len = t ? d->pages[i].len : 0;
        n++;
        for (size_t j = 0; j < len; j++)
            if (t[j] == '\n')
                n++;
    }
    if (n > SK_SEGMENT_MAX_LINES) {
        d->rc = sk_err_set(d->err, SK_ELIMIT, "paper has more than %zu lines",
                           (size_t)SK_SEGMENT_MAX_LINES);
        return;
    }
    d->lines = calloc(n ? n : 1, sizeof *d->lines);
    if (!d->lines) {
        d->rc = sk_err_set(d->err, SK_ENOMEM, "out of memory");
        return;
    }
    for (size_t i = 0; i < d->n_pages; i++) {
        const char *p = d->pages[i].text ? d->pages[i].text : "";
        const char *end = p + (d->pages[i].text ? d->pages[i].len : 0);
        for (;;) {
            const char *eol = memchr(p, '\n', (size_t)(end - p));
            const char *e = eol ? eol : end;
            line *l = &d->lines[d->n_lines++];
            l->raw = p;
            l->raw_len = (size_t)(e - p);
            l->s = p;
            l->len = l->raw_len;
            trim(&l->s, &l->len);
            l->page = (int)i;
            l->flags = l->len ? 0 : L_BLANK;
            if (!eol)
                break;
            p = eol + 1;
        }
    }
}

static int is_page_number(const char *s, size_t len)
{
    const char *end = s + len, *p = s;
    if (starts_word_ci(s, len, "Side"))
        p = skip_ws(s + 4, end);
    size_t nd = 0;
    while (p < end && is_digit(*p)) {
        p++;
        nd++;
    }
    if (nd == 0 || nd > 4)
        return 0;
    p = skip_ws(p, end);
    if (p == end)
        return 1;
    if (starts_word_ci(p, (size_t)(end - p), "av")) {
        p = skip_ws(p + 2, end);
        nd = 0;
        while (p < end && is_digit(*p)) {
            p++;
            nd++;
        }
        return nd > 0 && p == end;
    }
    return 0;
}

/* Running headers and footers: the same line among the first three or last
 * four lines of at least 3 pages and a fifth of all pages; page numbers. */
static void mark_boilerplate(doc *d)
{
    if (d->rc || d->n_pages < 2)
        return;
    size_t *edge = NULL, n_edge = 0;
    edge = malloc(d->n_lines * sizeof *edge + 1);
    if (!edge) {
        d->rc = sk_err_set(d->err, SK_ENOMEM, "out of memory");
        return;
    }
    size_t first = 0;
    for (size_t pg = 0; pg < d->n_pages; pg++) {
        size_t last = first;
        while (last < d->n_lines && d->lines[last].page == (int)pg)
            last++;
        size_t k = 0;
        for (size_t i = first; i < last && k < 3; i++)
            if (!(d->lines[i].flags & L_BLANK)) {
                edge[n_edge++] = i;
                k++;
            }
        k = 0;
        for (size_t i = last; i > first && k < 4; i--)
            if (!(d->lines[i - 1].flags & L_BLANK)) {
                size_t j = i - 1, dup = 0;
                for (size_t e = 0; e < n_edge; e++)
                    dup |= edge[e] == j;
                if (!dup)
                    edge[n_edge++] = j;
                k++;
            }
        first = last;
    }
    for (size_t e = 0; e < n_edge; e++) {
        line *l = &d->lines[edge[e]];
        if (is_page_number(l->s, l->len)) {
            l->flags |= L_BOILER;
            continue;
        }
        size_t pages = 0;
        int last_page = -1;
        for (size_t f = 0; f < n_edge; f++) {
            line *m = &d->lines[edge[f]];
            if (m->page != last_page && m->len == l->len && memcmp(m->s, l->s, l->len) == 0) {
                pages++;
                last_page = m->page;
            }
        }
        if (pages >= 3 && pages * 5 >= d->n_pages)
            l->flags |= L_BOILER;
    }
    free(edge);
}

static int skip_line(const doc *d, size_t i)
{
    return (d->lines[i].flags & (L_BLANK | L_BOILER)) != 0;
}

/* ---- headings: body, date, meeting number ---- */

/* Meeting number "4/20", "4/2023" at p: normalised into out (no leading
 * zeros), returns the end or NULL. */
static const char *meeting_no_at(const char *p, const char *end, char out[16])
{
    const char *q = p;
    int num = 0, nd = 0;
    while (q < end && is_digit(*q) && nd < 3) {
        num = num * 10 + (*q - '0');
        q++;
        nd++;
    }
    if (nd == 0 || num == 0 || q >= end || *q != '/')
        return NULL;
    const char *y = ++q;
    while (q < end && is_digit(*q))
        q++;
    if ((q - y != 2 && q - y != 4) || (q < end && (*q == '/' || is_word_byte(*q))))
        return NULL;
    snprintf(out, 16, "%d/%.*s", num, (int)(q - y), y);
    return q;
}

/* Words that open a heading naming the paper's kind; the first
 * N_MINUTES_KINDS also open minutes. */
static const char *const paper_kinds[] = {"Referat", "Møtereferat", "Protokoll", "Møteprotokoll",
                                          "Innkalling"};
#define N_MINUTES_KINDS 4

typedef struct heading {
    int body; /* -1 if none */
    int has_date;
    char date[SK_DATE_SIZE];
    int has_no;
    char meeting_no[16];
} heading;

/* Read a heading-shaped line: [Referat fra] [Møte [i]] [BODY] [BODY-sep]
 * [møte N/YY] [DATE] [– anything]. Only what stands in that shape counts:
 * "NUIT 20. mai 2021", "Møte 4/20 – 26. august 2020", "Møte i NUFA",
 * "Fagutvalget (NUFA)", "Nasjonalt e-helsestyre - webinar", "13. november
 * 2020". Returns 1 if the line is such a heading (h filled). */
static int read_heading(const doc *d, const char *s, size_t len, heading *h)
{
    const char *p = s, *end = s + len;
    int tokens = 0;
    memset(h, 0, sizeof *h);
    h->body = -1;
    for (size_t k = 0; k < sizeof paper_kinds / sizeof *paper_kinds; k++)
        if (starts_word_ci(p, (size_t)(end - p), paper_kinds[k])) {
            p = skip_ws(p + strlen(paper_kinds[k]), end);
            if (starts_word_ci(p, (size_t)(end - p), "fra") ||
                starts_word_ci(p, (size_t)(end - p), "til"))
                p = skip_ws(p + 3, end);
            tokens++;
            break;
        }
    for (int round = 0; round < 4 && p < end; round++) {
        const char *before = p;
        if (starts_ci(p, (size_t)(end - p), "Møte")) {
            const char *q = p + strlen("Møte");
            if (q == end || !is_word_byte(*q) || is_upper_at(q, end)) {
                p = skip_ws(q, end);
                if (starts_word_ci(p, (size_t)(end - p), "i"))
                    p = skip_ws(p + 1, end);
                tokens++;
            }
        }
        size_t idx, n = sk_bodies_match(d->bodies, p, (size_t)(end - p), &idx);
        if (n) {
            const char *q = skip_ws(p + n, end);
            /* a sentence ("NUFA tar saken ...") is not a heading */
            if (q < end && is_lower_at(q, end) && q > p + n)
                return 0;
            if (h->body >= 0 && h->body != (int)idx)
                return 0;
            h->body = (int)idx;
            p = q;
            if (p < end && *p == '(') {
                size_t idx2, n2 = sk_bodies_match(d->bodies, p + 1, (size_t)(end - p - 1), &idx2);
                if (n2 && p + 1 + n2 < end && p[1 + n2] == ')' && idx2 == idx)
                    p = skip_ws(p + 2 + n2, end);
            }
            tokens++;
        }
        char no[16];
        const char *q = meeting_no_at(p, end, no);
        if (q && tokens > 0) {
            h->has_no = 1;
            memcpy(h->meeting_no, no, sizeof no);
            p = q;
            tokens++;
        }
        p = skip_seps(p, end);
        if (p == before)
            break;
    }
    const char *q = p;
    if (sk_parse_date(&q, end, 0, h->date) == SK_OK) {
        const char *r = skip_ws(q, end);
        if (r == end || *r == ',' || *r == '-' || *r == '(' ||
            (end - r >= 3 && (unsigned char)r[0] == 0xE2 && (unsigned char)r[1] == 0x80)) {
            h->has_date = 1;
            p = end;
        }
    }
    if (!h->has_date) {
        /* what follows the body must be a separator, a bracket or nothing */
        if (p != end && q == p) {
            const char *r = p;
            if (h->body < 0 && !h->has_no)
                return 0;
            if (!(r == end || *(r - 1) == ' ' || r == s))
                return 0;
        }
    }
    return h->body >= 0 || h->has_date || h->has_no;
}

/* "Dato 26. august 2020", "Dato26.08.2020", or "Dato" and the date on the next
 * line: the date. i is the label line; the next line is looked at only when
 * the label stands alone. */
static int labelled_date(const doc *d, size_t i, char out[SK_DATE_SIZE])
{
    const line *l = &d->lines[i];
    static const char *const labels[] = {"Møtedato", "Dato"};
    for (size_t k = 0; k < 2; k++) {
        const char *v = after_label(l->s, l->len, labels[k]);
        if (!v)
            continue;
        const char *end = l->s + l->len;
        if (v == end) {
            size_t j = i + 1;
            while (j < d->n_lines && j < i + 3 && skip_line(d, j))
                j++;
            if (j >= d->n_lines || j >= i + 3)
                return 0;
            v = d->lines[j].s;
            end = v + d->lines[j].len;
        }
        const char *q = v;
        if (sk_parse_date(&q, end, 1, out) != SK_OK)
            return 0;
        q = skip_ws(q, end);
        return q == end || *q == ',' || *q == '(' || starts_ci(q, (size_t)(end - q), "kl");
    }
    return 0;
}

/* ---- 2a. memo header blocks ---- */

static const char *const memo_labels[] = {"Saksnummer", "Saksbehandler", "Sakstype", "Til",
                                          "Dato",       "Type",          "Fra",      "Møte"};

/* Which memo label line i is (index into memo_labels), value in *v. */
static int memo_label(const doc *d, size_t i, const char **v)
{
    const line *l = &d->lines[i];
    for (size_t k = 0; k < sizeof memo_labels / sizeof *memo_labels; k++) {
        const char *val = after_label(l->s, l->len, memo_labels[k]);
        if (val) {
            /* "Saksnummer i 360:" is a form field, not our label */
            if (k == 0 && val != l->s + l->len && !is_digit(*val))
                return -1;
            *v = val;
            return (int)k;
        }
    }
    return -1;
}

static int whole_case_no(const char *s, size_t len, char out[SK_CASE_NO_SIZE])
{
    const char *p = s, *end = s + len;
    if (sk_parse_case_no(&p, end, 0, out) != SK_OK)
        return 0;
    return skip_ws(p, end) == end;
}

static int whole_date(const char *s, size_t len, char out[SK_DATE_SIZE])
{
    const char *p = s, *end = s + len;
    if (sk_parse_date(&p, end, 1, out) != SK_OK)
        return 0;
    return skip_ws(p, end) == end;
}

static void find_memos(doc *d)
{
    for (size_t i = 0; i < d->n_lines && !d->rc; i++) {
        const char *v;
        if (skip_line(d, i) || memo_label(d, i, &v) != 0)
            continue;
        /* a block: another memo label within six lines either side */
        size_t lo = i >= 6 ? i - 6 : 0, hi = i + 24 < d->n_lines ? i + 24 : d->n_lines;
        size_t first = i, last = i;
        int others = 0;
        for (size_t j = lo; j < hi && j < i + 7; j++) {
            const char *w;
            if (j == i || skip_line(d, j) || memo_label(d, j, &w) < 0)
                continue;
            others++;
            if (j < first)
                first = j;
        }
        if (!others)
            continue;
        memo m = {0};
        m.first = first;
        int columnar = 0, col_type = 0, fra_first = 0;
        size_t fra_group_end = 0;
        char date[SK_DATE_SIZE];
        /* labels with values on their own line */
        for (size_t j = first; j < hi; j++) {
            if (skip_line(d, j))
                continue;
            const char *w;
            int k = memo_label(d, j, &w);
            if (k < 0)
                continue;
            const line *l = &d->lines[j];
            const char *end = l->s + l->len;
            last = j > last ? j : last;
            if (w == end) {
                columnar = 1;
                if (k == 2 || k == 5)
                    col_type = 1;
                if (k == 6) {
                    /* Fra heads its group of label lines? */
                    size_t p = j;
                    while (p > first && (skip_line(d, p - 1) || memo_label(d, p - 1, &w) >= 0)) {
                        if (!skip_line(d, p - 1))
                            break;
                        p--;
                    }
                    fra_first = p == j || (p > first && memo_label(d, p - 1, &w) < 0) ||
                                (p == first && memo_label(d, first, &w) == 6);
                    /* the group continues over label lines */
                    size_t g = j + 1;
                    while (g < hi && (skip_line(d, g) || memo_label(d, g, &w) >= 0))
                        g++;
                    fra_group_end = g;
                }
                continue;
            }
            size_t vlen = (size_t)(end - w);
            if (k == 0 && !m.case_no[0])
                whole_case_no(w, vlen, m.case_no);
            else if ((k == 2 || k == 5) && !m.type && vlen <= 40)
                m.type = clean_field(d, w, vlen);
            else if (k == 6 && !m.presenter && vlen <= 80)
                m.presenter = clean_field(d, w, vlen);
        }
        if (columnar) {
            /* values in a column of their own: by shape */
            for (size_t j = first; j < hi; j++) {
                const char *w;
                if (skip_line(d, j) || memo_label(d, j, &w) >= 0)
                    continue;
                const line *l = &d->lines[j];
                char cn[SK_CASE_NO_SIZE];
                const char *t;
                if (!m.case_no[0] && whole_case_no(l->s, l->len, cn)) {
                    memcpy(m.case_no, cn, sizeof cn);
                    last = j > last ? j : last;
                } else if (col_type && !m.type && (t = type_word_exact(l->s, l->len))) {
                    m.type = dups(d, t);
                    last = j > last ? j : last;
                } else if (whole_date(l->s, l->len, date) || starts_word_ci(l->s, l->len, "Møte")) {
                    last = j > last ? j : last;
                }
            }
            if (fra_first && fra_group_end && !m.presenter) {
                size_t j = fra_group_end;
                while (j < hi && skip_line(d, j))
                    j++;
                char cn[SK_CASE_NO_SIZE];
                if (j < hi && d->lines[j].len <= 80 &&
                    !whole_case_no(d->lines[j].s, d->lines[j].len, cn) &&
                    !whole_date(d->lines[j].s, d->lines[j].len, date) &&
                    !type_word_exact(d->lines[j].s, d->lines[j].len)) {
                    m.presenter = clean_field(d, d->lines[j].s, d->lines[j].len);
                    last = j > last ? j : last;
                }
            }
        }
        if (!m.case_no[0]) {
            free(m.type);
            free(m.presenter);
            continue;
        }
        m.last = last;
        memo *nm = realloc(d->memos, (d->n_memos + 1) * sizeof *nm);
        if (!nm) {
            free(m.type);
            free(m.presenter);
            d->rc = sk_err_set(d->err, SK_ENOMEM, "out of memory");
            return;
        }
        d->memos = nm;
        d->memos[d->n_memos++] = m;
        for (size_t j = m.first; j <= m.last; j++)
            d->lines[j].flags |= L_MEMOHDR;
        i = last;
    }
}

/* ---- 2b. minutes zones ---- */

static void find_zones(doc *d)
{
    for (size_t i = 0; i < d->n_lines && !d->rc; i++) {
        const line *l = &d->lines[i];
        if (skip_line(d, i))
            continue;
        int minutes = 0;
        for (size_t k = 0; k < N_MINUTES_KINDS; k++)
            minutes |= starts_word_ci(l->s, l->len, paper_kinds[k]);
        if (!minutes)
            continue;
        zone z = {0};
        heading h;
        if (read_heading(d, l->s, l->len, &h) && h.has_date)
            memcpy(z.date, h.date, sizeof z.date);
        for (size_t j = i + 1; j < d->n_lines && j < i + 16; j++) {
            if (skip_line(d, j))
                continue;
            char dt[SK_DATE_SIZE];
            if (!z.date[0] && labelled_date(d, j, dt))
                memcpy(z.date, dt, sizeof dt);
            const line *m = &d->lines[j];
            char no[16];
            if (!z.meeting_no[0] && starts_word_ci(m->s, m->len, "Møte") &&
                meeting_no_at(skip_ws(m->s + strlen("Møte"), m->s + m->len), m->s + m->len, no))
                memcpy(z.meeting_no, no, sizeof no);
        }
        if (!z.date[0])
            continue; /* a slide titled "Referat" is not a set of minutes */
        z.start = i;
        z.end = d->n_lines;
        zone *nz = realloc(d->zones, (d->n_zones + 1) * sizeof *nz);
        if (!nz) {
            d->rc = sk_err_set(d->err, SK_ENOMEM, "out of memory");
            return;
        }
        d->zones = nz;
        d->zones[d->n_zones++] = z;
    }
}

/* ---- 3. the paper's meeting ---- */

typedef struct cand {
    char v[208]; /* a body name (at most 200 bytes), a date or a meeting number */
    int strong;
} cand;

static void add_cand(cand *c, size_t *n, size_t max, const char *v, int strong)
{
    if (*n < max) {
        snprintf(c[*n].v, sizeof c[*n].v, "%s", v);
        c[*n].strong = strong;
        (*n)++;
    }
}

/* All candidates agree -> that; else the strong ones if they agree; else none. */
static const char *pick(const cand *c, size_t n)
{
    for (int strong = 0; strong <= 1; strong++) {
        const char *v = NULL;
        int ok = 1;
        for (size_t i = 0; i < n; i++) {
            if (strong && !c[i].strong)
                continue;
            if (!v)
                v = c[i].v;
            else if (strcmp(v, c[i].v) != 0)
                ok = 0;
        }
        if (v && ok)
            return v;
    }
    return NULL;
}

/* Body named by a directory of the path ("nufa/2020/x.pdf"), or -1. */
static int body_from_path(const doc *d, const char *rel_path)
{
    if (!rel_path)
        return -1;
    int found = -1;
    const char *p = rel_path;
    for (;;) {
        const char *slash = strchr(p, '/');
        if (!slash)
            break; /* the file name itself is not used */
        int b = sk_bodies_find(d->bodies, p, (size_t)(slash - p));
        if (b >= 0) {
            if (found >= 0 && found != b)
                return -1;
            found = b;
        }
        p = slash + 1;
    }
    return found;
}

static int date_from_path(const char *rel_path, char out[SK_DATE_SIZE])
{
    if (!rel_path)
        return 0;
    const char *base = strrchr(rel_path, '/');
    base = base ? base + 1 : rel_path;
    const char *end = base + strlen(base);
    if (end - base < 10 || !is_digit(base[0]))
        return 0;
    const char *q = base;
    if (sk_parse_date(&q, end, 0, out) != SK_OK || q != base + 10)
        return 0;
    return 1;
}

static void paper_meeting(doc *d, const char *rel_path, const char *title)
{
    cand bodies[32], dates[32], nos[32];
    size_t nb = 0, nd = 0, nn = 0;
    /* the front: the first page with text (two if the first is thin), or
     * the first 60 lines of a paper without pages, up to the first long line
     * of running text (a table row with tabs is not running text); never a minutes zone,
     * unless the paper starts with one (then the paper is minutes) */
    size_t first_text = 0;
    while (first_text < d->n_lines && (d->lines[first_text].flags & L_BLANK))
        first_text++;
    size_t end = d->n_lines;
    if (first_text < d->n_lines) {
        int pg = d->lines[first_text].page;
        size_t e = first_text, nonblank = 0;
        while (e < d->n_lines && d->lines[e].page == pg)
            nonblank += !(d->lines[e++].flags & L_BLANK);
        if (nonblank < 5)
            while (e < d->n_lines && d->lines[e].page == pg + 1)
                e++;
        end = e;
        if (end - first_text > 60 && d->n_pages == 1)
            end = first_text + 60;
        /* and only up to the first paragraph of running text */
        for (size_t i = first_text; i < end; i++)
            if (d->lines[i].len > 120 && !memchr(d->lines[i].raw, '\t', d->lines[i].raw_len)) {
                end = i;
                break;
            }
    }
    size_t zone_start = d->n_zones ? d->zones[0].start : d->n_lines;
    int minutes_paper = 0;
    if (zone_start < end) {
        size_t k = first_text;
        while (k < zone_start && skip_line(d, k))
            k++;
        if (k == zone_start)
            minutes_paper = 1;
        else
            end = zone_start;
    }
    for (size_t i = first_text; i < end; i++) {
        const line *l = &d->lines[i];
        if (l->flags & L_BLANK)
            continue;
        heading h;
        char dt[SK_DATE_SIZE];
        if (labelled_date(d, i, dt))
            add_cand(dates, &nd, 32, dt, 1);
        const char *v = after_label(l->s, l->len, "Til");
        const char *s = v ? v : l->s;
        size_t len = v ? (size_t)(l->s + l->len - v) : l->len;
        if (read_heading(d, s, len, &h)) {
            if (h.body >= 0)
                add_cand(bodies, &nb, 32, sk_bodies_name(d->bodies, (size_t)h.body), 1);
            if (h.has_date)
                add_cand(dates, &nd, 32, h.date, 0);
            if (h.has_no)
                add_cand(nos, &nn, 32, h.meeting_no, 0);
        }
        /* "Møte" standing alone, the value on the next line ("NUFA 3/20") */
        if (eq_ci(l->s, l->len, "Møte")) {
            size_t j = i + 1;
            while (j < end && skip_line(d, j))
                j++;
            if (j < end) {
                const line *m = &d->lines[j];
                const char *p = m->s, *e = m->s + m->len;
                size_t idx, n = sk_bodies_match(d->bodies, p, m->len, &idx);
                if (n) {
                    add_cand(bodies, &nb, 32, sk_bodies_name(d->bodies, idx), 1);
                    p = skip_ws(p + n, e);
                } else if (starts_word_ci(p, m->len, "Møte")) {
                    p = skip_ws(p + strlen("Møte"), e);
                }
                char no[16];
                const char *q = meeting_no_at(p, e, no);
                if (q && skip_ws(q, e) == e)
                    add_cand(nos, &nn, 32, no, 1);
            }
        }
    }
    if (minutes_paper) {
        add_cand(dates, &nd, 32, d->zones[0].date, 1);
        if (d->zones[0].meeting_no[0])
            add_cand(nos, &nn, 32, d->zones[0].meeting_no, 1);
    }
    /* the title: the whole of it, and each " – " part */
    if (title) {
        const char *p = title, *tend = title + strlen(title);
        while (p < tend) {
            const char *sep = NULL;
            for (const char *q = p; q + 2 < tend; q++) {
                if ((q[0] == ' ' && q[1] == '-' && q[2] == ' ') || (q[0] == ' ' && q[1] == '|') ||
                    (q[0] == ' ' && (unsigned char)q[1] == 0xE2 && q + 4 < tend &&
                     (unsigned char)q[2] == 0x80 && (unsigned char)q[3] == 0x93 && q[4] == ' ')) {
                    sep = q;
                    break;
                }
            }
            const char *pe = sep ? sep : tend;
            const char *s = p;
            size_t len = (size_t)(pe - p);
            trim(&s, &len);
            heading h;
            if (p == title && !starts_word_ci(s, len, "Sak") &&
                read_heading(d, title, strlen(title), &h)) {
                if (h.body >= 0)
                    add_cand(bodies, &nb, 32, sk_bodies_name(d->bodies, (size_t)h.body), 1);
                if (h.has_date)
                    add_cand(dates, &nd, 32, h.date, 0);
                if (h.has_no)
                    add_cand(nos, &nn, 32, h.meeting_no, 0);
            } else if (len) {
                int b = sk_bodies_find(d->bodies, s, len);
                if (b >= 0)
                    add_cand(bodies, &nb, 32, sk_bodies_name(d->bodies, (size_t)b), 1);
            }
            if (!sep)
                break;
            p = sep + 1;
            p = skip_seps(p, tend);
        }
    }
    const char *b = pick(bodies, nb);
    int pb = body_from_path(d, rel_path);
    if (!b && nb && pb >= 0) {
        /* the text names several bodies: the path may tell which */
        for (size_t i = 0; i < nb; i++)
            if (strcmp(bodies[i].v, sk_bodies_name(d->bodies, (size_t)pb)) == 0)
                b = bodies[i].v;
    } else if (!b && !nb && pb >= 0) {
        b = sk_bodies_name(d->bodies, (size_t)pb);
    }
    d->body = -1;
    if (b)
        for (size_t i = 0; i < sk_bodies_count(d->bodies); i++)
            if (strcmp(sk_bodies_name(d->bodies, i), b) == 0)
                d->body = (int)i;
    const char *dt = pick(dates, nd);
    if (dt) {
        size_t n = strnlen(dt, sizeof d->date - 1);
        memcpy(d->date, dt, n);
        d->date[n] = '\0';
    }
    else if (!nd)
        date_from_path(rel_path, d->date);
    const char *no = pick(nos, nn);
    if (no) {
        size_t n = strnlen(no, sizeof d->meeting_no - 1);
        memcpy(d->meeting_no, no, n);
        d->meeting_no[n] = '\0';
    }
}

/* ---- 4. anchors ---- */

static anchor *new_anchor(doc *d, kind k, size_t line_no)
{
    if (d->rc)
        return NULL;
    if (d->n_anchors == d->cap_anchors) {
        size_t cap = d->cap_anchors ? d->cap_anchors * 2 : 64;
        anchor *na = realloc(d->anchors, cap * sizeof *na);
        if (!na) {
            d->rc = sk_err_set(d->err, SK_ENOMEM, "out of memory");
            return NULL;
        }
        d->anchors = na;
        d->cap_anchors = cap;
    }
    anchor *a = &d->anchors[d->n_anchors++];
    memset(a, 0, sizeof *a);
    a->kind = k;
    a->line = line_no;
    a->hdr = line_no;
    a->row_last = line_no;
    a->zone = -1;
    return a;
}

static void free_anchor(anchor *a)
{
    free(a->title);
    free(a->type);
    free(a->presenter);
    free(a->decision);
    free(a->proposed);
}

/* "Sak 9/21", "Sak 28/20: Title", "Sak nr. 3/20", "sak 12-23": the case
 * number, the title's start in *rest. */
static int case_header(const line *l, char cn[SK_CASE_NO_SIZE], const char **rest)
{
    if (!starts_ci(l->s, l->len, "Sak") || l->len < 5)
        return 0;
    const char *end = l->s + l->len, *p = l->s + 3;
    if (p < end && is_word_byte(*p))
        return 0; /* Saksnummer, Saker */
    p = skip_ws(p, end);
    if (starts_ci(p, (size_t)(end - p), "nr"))
        p = skip_ws(p + 2 + (p + 2 < end && p[2] == '.'), end);
    if (sk_parse_case_no(&p, end, 1, cn) != SK_OK)
        return 0;
    *rest = skip_seps(p, end);
    return 1;
}

/* Does the line start a decision text? 1: proposal, 2: decision. The text
 * after the label on the same line in *v. */
static int decision_label(const line *l, const char **v)
{
    static const char *const prop[] = {"Justert forslag til vedtak", "Forslag til vedtak",
                                       "Innstilling til vedtak"};
    const char *end = l->s + l->len;
    for (size_t k = 0; k < 3; k++)
        if (starts_ci(l->s, l->len, prop[k])) {
            const char *p = skip_ws(l->s + strlen(prop[k]), end);
            if (p < end && *p == ':')
                p = skip_ws(p + 1, end);
            else if (p < end && is_word_byte(*p) && p == l->s + strlen(prop[k]))
                continue;
            *v = p;
            return 1;
        }
    if (starts_word_ci(l->s, l->len, "Vedtak")) {
        const char *p = skip_ws(l->s + 6, end);
        if (p == end || *p == ':') {
            *v = p == end ? p : skip_ws(p + 1, end);
            return 2;
        }
    }
    return 0;
}

/* Every word a column header word, a body alias, "Sak", "nr." or
 * "Agenda", and at least one column header word: its last word in *last. */
static int header_line(const doc *d, const line *l, const char **last)
{
    const char *p = l->s, *end = l->s + l->len;
    int cols = 0;
    *last = NULL;
    while (p < end) {
        p = skip_ws(p, end);
        if (p == end)
            break;
        const char *w = p;
        while (p < end && *p != ' ' && *p != '\t')
            p++;
        size_t n = (size_t)(p - w);
        if (column_word_at(w, p)) {
            cols++;
            *last = w;
        } else if (eq_ci(w, n, "Sak") || eq_ci(w, n, "nr.") || eq_ci(w, n, "Agenda") ||
                   eq_ci(w, n, "saken") || eq_ci(w, n, "frem") || eq_ci(w, n, "av") ||
                   sk_bodies_find(d->bodies, w, n) >= 0) {
            *last = w;
        } else {
            return 0;
        }
    }
    return cols > 0;
}

static int typed_header(const doc *d, const line *l)
{
    const char *last;
    if (!header_line(d, l, &last) || !last)
        return 0;
    const char *end = l->s + l->len;
    return starts_word_ci(last, (size_t)(end - last), "Sakstype") ||
           starts_word_ci(last, (size_t)(end - last), "Type") ||
           starts_word_ci(last, (size_t)(end - last), "Innretning");
}

/* Columns of a tab-separated header. */
enum { C_NONE, C_TITLE, C_TYPE, C_PRESENTER, C_DECISION, C_PROPOSED, C_OTHER };
#define MAX_COLS 16

static int column_of(const char *s, size_t len)
{
    static const struct {
        const char *name;
        int col;
    } cols[] = {
        {"Tittel", C_TITLE},
        {"Emne", C_TITLE},
        {"Tema", C_TITLE},
        {"Sakstittel", C_TITLE},
        {"Innretning", C_TYPE},
        {"Sakstype", C_TYPE},
        {"Type", C_TYPE},
        {"Presenterer saken", C_PRESENTER},
        {"Presenterer", C_PRESENTER},
        {"Legges frem av", C_PRESENTER},
        {"Ansvarlig", C_PRESENTER},
        {"Fra", C_PRESENTER},
        {"Vedtak", C_DECISION},
        {"Forslag til vedtak", C_PROPOSED},
        {"Start", C_OTHER},
        {"Slutt", C_OTHER},
        {"Varighet", C_OTHER},
        {"Tidspunkt", C_OTHER},
        {"Tid", C_OTHER},
        {"Sak", C_OTHER},
        {"Sak nr.", C_OTHER},
        {"Saksnr.", C_OTHER},
    };
    trim(&s, &len);
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
        if (eq_ci(s, len, cols[i].name))
            return cols[i].col;
    return C_NONE;
}

/* Split raw on tabs: up to MAX_COLS cells. */
static size_t split_tabs(const line *l, const char **cell, size_t *cell_len)
{
    size_t n = 0;
    const char *p = l->raw, *end = l->raw + l->raw_len;
    while (n < MAX_COLS) {
        const char *t = memchr(p, '\t', (size_t)(end - p));
        const char *e = t ? t : end;
        cell[n] = p;
        cell_len[n] = (size_t)(e - p);
        trim(&cell[n], &cell_len[n]);
        n++;
        if (!t)
            break;
        p = t + 1;
    }
    return n;
}

static int tab_header(const line *l, int *cols, size_t *n_cols)
{
    if (!memchr(l->raw, '\t', l->raw_len))
        return 0;
    const char *cell[MAX_COLS];
    size_t len[MAX_COLS];
    size_t n = split_tabs(l, cell, len);
    int known = 0;
    for (size_t i = 0; i < n; i++) {
        cols[i] = column_of(cell[i], len[i]);
        known += cols[i] != C_NONE;
        if (cols[i] == C_NONE && len[i] > 0)
            return 0;
    }
    *n_cols = n;
    return known >= 2;
}

static const char *const join_words[] = {"av", "fra",  "og",  "for", "i",  "til", "med",  "på",
                                         "om", "samt", "ved", "mot", "en", "et",  "etter"};

/* Should the row/title text (so far t, tl bytes) go on with line l? */
static int continues(const char *t, size_t tl, const line *l)
{
    const char *end = l->s + l->len;
    if (l->len == 0)
        return 0;
    if (is_lower_at(l->s, end) || is_digit(*l->s) || *l->s == '(')
        return 1;
    if (!tl)
        return 0;
    char c = t[tl - 1];
    if (c == ',' || c == '-' || ends_with_shy(t, tl))
        return 1;
    if (tl >= 3 && (unsigned char)t[tl - 3] == 0xE2 && (unsigned char)t[tl - 2] == 0x80 &&
        (unsigned char)t[tl - 1] == 0x93)
        return 1;
    size_t w = tl;
    while (w > 0 && t[w - 1] != ' ')
        w--;
    for (size_t i = 0; i < sizeof join_words / sizeof *join_words; i++)
        if (tl - w == strlen(join_words[i]) && memcmp(t + w, join_words[i], tl - w) == 0)
            return 1;
    return 0;
}

/* A time "11:05" / "9.30" ending at e (after start): its start, else NULL. */
static const char *time_before(const char *start, const char *e)
{
    const char *p = e;
    if (e - start < 4 || !is_digit(e[-1]) || !is_digit(e[-2]))
        return NULL;
    p = e - 2;
    if (p[-1] != ':')
        return NULL;
    p--;
    if (p - start < 1 || !is_digit(p[-1]))
        return NULL;
    p--;
    if (p > start && is_digit(p[-1]))
        p--;
    return p;
}

static int is_time_line(const line *l)
{
    const char *end = l->s + l->len;
    const char *t = time_before(l->s, end);
    return t == l->s;
}

static int is_anchor_line(const doc *d, size_t i);

/* Parse a text row at line i: title (+ type when the layout makes it the
 * row's own), the last line used in *last. */
static int is_en_dash(const char *p, const char *end)
{
    return end - p >= 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
           (unsigned char)p[2] == 0x93;
}

/* A row written as dash-separated cells: "9/21 – Title – Godkjenning –
 * Presenter – 10:00", wrapped over lines. The type is the cell that is
 * exactly a type word; cells before it are the title (which may hold
 * dashes itself), the one after it the presenter. Returns 1 if handled. */
static int parse_dash_row(doc *d, anchor *a, size_t i, const char *rest)
{
    const line *l = &d->lines[i];
    const char *end = l->s + l->len;
    if (!is_en_dash(rest, end))
        return 0;
    sk_buf b;
    sk_buf_init(&b, 4096);
    sk_buf_append(&b, rest + 3, (size_t)(end - rest - 3), d->err);
    size_t last = i;
    for (size_t j = i + 1; j < d->n_lines && j < i + 4; j++) {
        const char *t0 = b.data ? b.data : "";
        const char *te = t0 + b.len;
        while (te > t0 && te[-1] == ' ')
            te--;
        if (time_before(t0, te))
            break; /* the time cell ends the row */
        const line *m = &d->lines[j];
        const char *v;
        if (skip_line(d, j) || is_anchor_line(d, j) || decision_label(m, &v) || m->len > 160)
            break;
        sk_buf_putc(&b, ' ', d->err);
        sk_buf_append(&b, m->s, m->len, d->err);
        last = j;
    }
    /* cells */
    const char *cell[32];
    size_t clen[32], n = 0;
    const char *p = b.data ? b.data : "", *e = p + b.len;
    while (n < 32) {
        const char *q = p;
        while (q < e && !(q[0] == ' ' && is_en_dash(q + 1, e) && (q + 4 == e || q[4] == ' ')))
            q++;
        cell[n] = p;
        clen[n] = (size_t)(q - p);
        trim(&cell[n], &clen[n]);
        n++;
        if (q >= e)
            break;
        p = q + 4;
    }
    size_t t = n;
    for (size_t k = 1; k < n && t == n; k++)
        if (type_word_exact(cell[k], clen[k]))
            t = k;
    size_t title_end = t;
    if (t == n && n > 1 && time_before(cell[n - 1], cell[n - 1] + clen[n - 1]) == cell[n - 1])
        title_end = n - 1; /* no type: "17/21 – Eventuelt – 12:45" */
    if (title_end > 0) {
        const char *ts = cell[0], *tend = cell[title_end - 1] + clen[title_end - 1];
        a->title = clean_field(d, ts, (size_t)(tend - ts));
    }
    if (t < n) {
        a->type = dups(d, type_word_exact(cell[t], clen[t]));
        if (t + 1 < n && clen[t + 1] &&
            time_before(cell[t + 1], cell[t + 1] + clen[t + 1]) != cell[t + 1])
            a->presenter = clean_field(d, cell[t + 1], clen[t + 1]);
    }
    a->row_last = last;
    sk_buf_release(&b);
    return 1;
}

static void parse_text_row(doc *d, anchor *a, size_t i, const char *rest, int typed)
{
    if (parse_dash_row(d, a, i, rest))
        return;
    sk_buf b;
    sk_buf_init(&b, 4096);
    const line *l = &d->lines[i];
    const char *end = l->s + l->len;
    int glued = 0, had_time = 0;
    const char *type = NULL;
    /* glue cut on the row line: "finansieringOrienteringJon ...",
     * "2021Innretning Presenterer saken", "28/20Tittel" */
    const char *cut = end;
    for (const char *p = rest; p < end; p++) {
        if (!is_upper_at(p, end))
            continue;
        int at_start = p == rest;
        if ((at_start || lower_or_digit_before(rest, p)) &&
            (column_word_at(p, end) || (!at_start && type_word_at(p, end, NULL)))) {
            cut = p;
            break;
        }
    }
    /* a type glued or spaced at the very end, after a time, is the row's own */
    if (cut != end) {
        size_t used;
        const char *t = type_word_at(cut, end, &used);
        if (t && cut + used == end && (typed || time_before(rest, cut)))
            cut = end; /* "…2020 11:00Godkjenning": handled below */
        else
            glued = 1;
    }
    if (d->rc || sk_buf_append(&b, rest, (size_t)(cut - rest), d->err) != SK_OK) {
        d->rc = d->rc ? d->rc : SK_ENOMEM;
        sk_buf_release(&b);
        return;
    }
    size_t last = i;
    /* continuation lines: wrapped title, a lone time, a lone type */
    if (!glued) {
        int blanks = 0;
        for (size_t j = i + 1; j < d->n_lines && j < i + 8; j++) {
            const line *m = &d->lines[j];
            if (m->flags & L_BOILER)
                continue;
            if (m->flags & L_BLANK) {
                if (++blanks > 2)
                    break;
                continue;
            }
            if (is_anchor_line(d, j) || (m->flags & L_MEMOHDR))
                break;
            const char *v;
            if (decision_label(m, &v))
                break;
            if (is_time_line(m)) {
                had_time = 1;
                last = j;
                continue;
            }
            const char *t = type_word_exact(m->s, m->len);
            if (t) {
                if (typed || had_time) {
                    type = t;
                    last = j;
                }
                break;
            }
            if (had_time || m->len > 160 || !continues(b.data ? b.data : "", b.len, m))
                break;
            if (!ends_with_shy(b.data ? b.data : "", b.len) && sk_buf_putc(&b, ' ', d->err))
                break;
            if (sk_buf_append(&b, m->s, m->len, d->err))
                break;
            last = j;
            blanks = 0;
        }
    }
    /* the end of the joined text: "[title] [time][type]" */
    const char *t0 = b.data ? b.data : "";
    const char *te = t0 + b.len;
    while (te > t0 && te[-1] == ' ')
        te--;
    if (!type && !glued) {
        /* last word a type? */
        const char *w = te;
        while (w > t0 && is_word_byte(w[-1]))
            w--;
        /* glued "e-helseOrientering": find an upper-case start inside */
        const char *ws = w;
        for (const char *p = w; p < te; p++)
            if (is_upper_at(p, te) && type_word_at(p, te, NULL)) {
                ws = p;
                break;
            }
        size_t used;
        const char *t = ws < te ? type_word_at(ws, te, &used) : NULL;
        if (t && ws + used == te && ws > t0) {
            const char *we = ws;
            while (we > t0 && we[-1] == ' ')
                we--;
            const char *tb = time_before(t0, we);
            if (tb || typed) {
                type = t;
                te = tb ? tb : ws;
                had_time = had_time || tb;
            }
        }
    }
    while (te > t0 && te[-1] == ' ')
        te--;
    const char *tb = time_before(t0, te);
    if (tb)
        te = tb;
    a->title = clean_field(d, t0, (size_t)(te - t0));
    if (type && !a->type)
        a->type = dups(d, type);
    a->row_last = last;
    sk_buf_release(&b);
}

static void parse_tab_row(doc *d, anchor *a, const line *l, const int *cols, size_t n_cols)
{
    const char *cell[MAX_COLS];
    size_t len[MAX_COLS];
    size_t n = split_tabs(l, cell, len);
    for (size_t i = 1; i < n; i++) {
        int c = i < n_cols ? cols[i] : (n_cols ? C_OTHER : (i == 1 ? C_TITLE : C_OTHER));
        if (!len[i])
            continue;
        char **f = c == C_TITLE       ? &a->title
                   : c == C_TYPE      ? &a->type
                   : c == C_PRESENTER ? &a->presenter
                   : c == C_DECISION  ? &a->decision
                   : c == C_PROPOSED  ? &a->proposed
                                      : NULL;
        if (f && !*f)
            *f = clean_field(d, cell[i], len[i]);
    }
}

static int is_anchor_line(const doc *d, size_t i) { return (d->lines[i].flags & L_ANCHOR) != 0; }

/* Title of a "Sak N/YY" header without one on its line: the next text line. */
static char *header_title(doc *d, size_t i, const char *rest, size_t *last)
{
    const line *l = &d->lines[i];
    const char *end = l->s + l->len;
    sk_buf b;
    sk_buf_init(&b, 4096);
    *last = i;
    size_t j = i + 1;
    if (rest < end) {
        sk_buf_append(&b, rest, (size_t)(end - rest), d->err);
    } else {
        while (j < d->n_lines && j < i + 4 && skip_line(d, j))
            j++;
        const char *v;
        if (j >= d->n_lines || j >= i + 4 || is_anchor_line(d, j) ||
            decision_label(&d->lines[j], &v) || d->lines[j].len > 200) {
            sk_buf_release(&b);
            return NULL;
        }
        sk_buf_append(&b, d->lines[j].s, d->lines[j].len, d->err);
        *last = j++;
    }
    /* one wrapped line */
    while (j < d->n_lines && (d->lines[j].flags & L_BOILER))
        j++;
    const char *v;
    if (j < d->n_lines && !skip_line(d, j) && !is_anchor_line(d, j) &&
        !decision_label(&d->lines[j], &v) && d->lines[j].len < 120 &&
        continues(b.data ? b.data : "", b.len, &d->lines[j]) && !(d->lines[j].flags & L_MEMOHDR)) {
        if (!ends_with_shy(b.data ? b.data : "", b.len))
            sk_buf_putc(&b, ' ', d->err);
        sk_buf_append(&b, d->lines[j].s, d->lines[j].len, d->err);
        *last = j;
    }
    char *t = b.data ? clean_field(d, b.data, b.len) : NULL;
    sk_buf_release(&b);
    return t;
}

/* A list item: "• x", "- x", "– x", "▪ x", "o x". */
static int is_bullet(const line *l)
{
    const unsigned char *u = (const unsigned char *)l->s;
    if (l->len >= 2 && (u[0] == '-' || u[0] == '*' || u[0] == 'o') && u[1] == ' ')
        return 1;
    return l->len >= 3 && u[0] == 0xE2 &&
           ((u[1] == 0x80 && (u[2] == 0xA2 || u[2] == 0x93)) || (u[1] == 0x96 && u[2] == 0xAA) ||
            (u[1] == 0x97 && u[2] == 0x8F));
}

/* A title block above line i (up to three lines, stopping at a blank or
 * boilerplate line, or at line floor): its first line in *start. */
static char *title_above(doc *d, size_t i, size_t floor, size_t *start)
{
    size_t j = i;
    *start = i;
    while (j > floor && (d->lines[j - 1].flags & L_BLANK))
        j--;
    size_t top = j, n = 0;
    while (top > floor && n < 3) {
        const line *l = &d->lines[top - 1];
        const char *v;
        if ((l->flags & (L_BLANK | L_BOILER | L_MEMOHDR)) || is_anchor_line(d, top - 1) ||
            decision_label(l, &v) || l->len > 160)
            break;
        if (l->s[l->len - 1] == '.' || l->s[l->len - 1] == ':' || is_bullet(l))
            break;
        top--;
        n++;
    }
    if (!n)
        return NULL;
    sk_buf b;
    sk_buf_init(&b, 4096);
    for (size_t k = top; k < j; k++) {
        if (b.len && !ends_with_shy(b.data, b.len))
            sk_buf_putc(&b, ' ', d->err);
        sk_buf_append(&b, d->lines[k].s, d->lines[k].len, d->err);
    }
    *start = top;
    /* an attachment cover line right above ("Vedlegg 7_Sak 30-20_...") */
    size_t k = top;
    while (k > floor && (d->lines[k - 1].flags & L_BLANK))
        k--;
    if (k > floor && starts_word_ci(d->lines[k - 1].s, d->lines[k - 1].len, "Vedlegg") &&
        !is_anchor_line(d, k - 1))
        *start = k - 1;
    char *t = b.data ? clean_field(d, b.data, b.len) : NULL;
    sk_buf_release(&b);
    return t;
}

static int anchor_cmp(const void *pa, const void *pb)
{
    const anchor *a = pa, *b = pb;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    return (int)a->kind - (int)b->kind;
}

static int case_key(const char *cn)
{
    int n = atoi(cn);
    const char *s = strchr(cn, '/');
    return s ? atoi(s + 1) * 1000 + n : n;
}

static int year_ok(const doc *d, const char *cn)
{
    if (!d->date[0])
        return 1;
    int y = atoi(d->date) % 100;
    const char *s = strchr(cn, '/');
    int cy = s ? atoi(s + 1) : -1;
    return cy == y || cy == (y + 99) % 100;
}

static void find_anchors(doc *d)
{
    int cols[MAX_COLS];
    size_t n_cols = 0;
    int tab_active = 0;
    for (size_t i = 0; i < d->n_lines && !d->rc; i++) {
        line *l = &d->lines[i];
        if (skip_line(d, i))
            continue;
        if (!memchr(l->raw, '\t', l->raw_len))
            tab_active = 0;
        if (l->flags & L_MEMOHDR)
            continue;
        char cn[SK_CASE_NO_SIZE];
        const char *rest;
        int tc[MAX_COLS];
        size_t tn;
        if (tab_header(l, tc, &tn)) {
            memcpy(cols, tc, sizeof cols);
            n_cols = tn;
            tab_active = 1;
            anchor *a = new_anchor(d, K_TABLEHDR, i);
            if (a)
                l->flags |= L_ANCHOR;
            continue;
        }
        if (case_header(l, cn, &rest)) {
            anchor *a = new_anchor(d, K_CASEHDR, i);
            if (!a)
                return;
            memcpy(a->case_no, cn, sizeof cn);
            l->flags |= L_ANCHOR;
            continue;
        }
        const char *p = l->s, *end = l->s + l->len;
        if (is_digit(*p) && sk_parse_case_no(&p, end, 0, cn) == SK_OK && year_ok(d, cn)) {
            if (p < end && !(*p == ' ' || *p == '\t' || is_upper_at(p, end) ||
                             (end - p >= 2 && (unsigned char)p[0] == 0xC2)))
                continue; /* "9/21-" "9/21," running text */
            int tabbed = memchr(l->raw, '\t', l->raw_len) != NULL;
            const char *cell[MAX_COLS];
            size_t clen[MAX_COLS];
            if (tabbed && split_tabs(l, cell, clen) > 1 && whole_case_no(cell[0], clen[0], cn)) {
                anchor *a = new_anchor(d, K_TABROW, i);
                if (!a)
                    return;
                memcpy(a->case_no, cn, sizeof cn);
                parse_tab_row(d, a, l, cols, tab_active ? n_cols : 0);
                l->flags |= L_ANCHOR;
                continue;
            }
            anchor *a = new_anchor(d, K_ROW, i);
            if (!a)
                return;
            memcpy(a->case_no, cn, sizeof cn);
            l->flags |= L_ANCHOR;
            continue;
        }
        const char *last;
        if (header_line(d, l, &last) && !eq_ci(l->s, l->len, "Agenda")) {
            if (new_anchor(d, K_TABLEHDR, i))
                l->flags |= L_ANCHOR;
        }
    }
    /* a row that is only a number needs a neighbour row close by */
    for (size_t k = 0; k < d->n_anchors; k++) {
        anchor *a = &d->anchors[k];
        if (a->kind != K_ROW)
            continue;
        const line *l = &d->lines[a->line];
        char cn[SK_CASE_NO_SIZE];
        if (!whole_case_no(l->s, l->len, cn))
            continue;
        int near = 0;
        if (k > 0 && (d->anchors[k - 1].kind == K_ROW || d->anchors[k - 1].kind == K_TABLEHDR) &&
            a->line - d->anchors[k - 1].line <= 4)
            near = 1;
        if (k + 1 < d->n_anchors && d->anchors[k + 1].kind == K_ROW &&
            d->anchors[k + 1].line - a->line <= 4)
            near = 1;
        if (!near) {
            d->lines[a->line].flags &= ~(unsigned)L_ANCHOR;
            a->kind = K_TABLEHDR; /* dropped below */
            a->case_no[0] = '\0';
            a->line = (size_t)-1;
        }
    }
    size_t o = 0;
    for (size_t k = 0; k < d->n_anchors; k++)
        if (d->anchors[k].line != (size_t)-1)
            d->anchors[o++] = d->anchors[k];
    d->n_anchors = o;
}

/* Memos and minutes zones become anchors; rows get their text parsed. */
static void place_memos_and_zones(doc *d)
{
    int f_before = -1; /* layout: "Forslag til vedtak" before the header block? */
    size_t prev_memo_last = 0;
    for (size_t m = 0; m < d->n_memos && !d->rc; m++) {
        memo *mm = &d->memos[m];
        /* the meta table of a "Sak N/YY: Title" page belongs to that header */
        anchor *hdr = NULL;
        for (size_t k = 0; k < d->n_anchors; k++) {
            anchor *a = &d->anchors[k];
            if (a->line >= mm->first)
                break;
            hdr = a->kind == K_CASEHDR && mm->first - a->line <= 12 &&
                          strcmp(a->case_no, mm->case_no) == 0
                      ? a
                      : NULL;
        }
        if (hdr) {
            if (!hdr->type) {
                hdr->type = mm->type;
                mm->type = NULL;
            }
            if (!hdr->presenter) {
                hdr->presenter = mm->presenter;
                mm->presenter = NULL;
            }
            continue;
        }
        /* the anchor before the block */
        size_t floor = m ? prev_memo_last + 1 : 0;
        for (size_t k = 0; k < d->n_anchors; k++)
            if (d->anchors[k].line < mm->first && d->anchors[k].line + 1 > floor &&
                d->anchors[k].kind != K_REFERAT)
                floor = d->anchors[k].line + 1;
        size_t start = mm->first;
        char *title = NULL;
        if (f_before != 0) {
            /* the last "Forslag til vedtak" between floor and the block,
             * with no decision label before it since floor */
            size_t f = (size_t)-1;
            int labels = 0;
            for (size_t j = floor; j < mm->first; j++) {
                const char *v;
                int k = decision_label(&d->lines[j], &v);
                if (k == 1 && v == d->lines[j].s + d->lines[j].len && labels == 0)
                    f = j;
                else if (k)
                    labels++;
            }
            if (f != (size_t)-1) {
                title = title_above(d, f, floor, &start);
                if (!title)
                    start = f;
                if (f_before < 0)
                    f_before = 1;
            }
        }
        if (!title && start == mm->first) {
            if (f_before < 0)
                f_before = 0;
            title = title_above(d, mm->first, floor, &start);
        }
        anchor *a = new_anchor(d, K_MEMO, start);
        if (!a) {
            free(title);
            return;
        }
        memcpy(a->case_no, mm->case_no, sizeof a->case_no);
        a->title = title;
        a->type = mm->type;
        a->presenter = mm->presenter;
        mm->type = mm->presenter = NULL;
        d->lines[start].flags |= L_ANCHOR;
        prev_memo_last = mm->last;
    }
    for (size_t z = 0; z < d->n_zones && !d->rc; z++) {
        anchor *a = new_anchor(d, K_REFERAT, d->zones[z].start);
        if (!a)
            return;
        a->zone = (int)z;
        d->lines[d->zones[z].start].flags |= L_ANCHOR;
    }
    if (d->n_anchors > 1)
        qsort(d->anchors, d->n_anchors, sizeof *d->anchors, anchor_cmp);
}

/* ---- 5. extents, rows, zones ---- */

static void classify(doc *d)
{
    /* a slide's header lines above "Sak 9/21" ("Direktoratet for e-helse")
     * belong to that slide's case */
    for (size_t k = 0; k < d->n_anchors; k++) {
        anchor *a = &d->anchors[k];
        if (a->kind != K_CASEHDR)
            continue;
        size_t j = a->line, n = 0;
        while (j > 0 && d->lines[j - 1].page == d->lines[a->line].page && n <= 3) {
            const line *l = &d->lines[j - 1];
            if (l->flags & L_ANCHOR || l->len >= 60)
                break;
            n += !(l->flags & L_BLANK);
            j--;
        }
        if (n <= 3 && (j == 0 || d->lines[j - 1].page != d->lines[a->line].page) &&
            (k == 0 || d->anchors[k - 1].line < j))
            a->line = j;
    }
    for (size_t k = 0; k < d->n_anchors; k++)
        d->anchors[k].end = k + 1 < d->n_anchors ? d->anchors[k + 1].line : d->n_lines;
    /* text rows: their own text, and whether their run's table is typed */
    int typed = 0;
    for (size_t k = 0; k < d->n_anchors && !d->rc; k++) {
        anchor *a = &d->anchors[k];
        if (a->kind != K_ROW) {
            if (a->kind == K_TABLEHDR)
                typed = typed_header(d, &d->lines[a->line]);
            else
                typed = 0;
            continue;
        }
        if (k == 0 || d->anchors[k - 1].kind != K_ROW) {
            /* a run's first row: a header just above, if the table has one */
            if (k > 0 && d->anchors[k - 1].kind == K_TABLEHDR &&
                a->line - d->anchors[k - 1].line <= 8)
                typed = typed_header(d, &d->lines[d->anchors[k - 1].line]);
            for (size_t j = a->line, n = 0; j > 0 && n < 6; j--) {
                if (skip_line(d, j - 1))
                    continue;
                n++;
                if (typed_header(d, &d->lines[j - 1])) {
                    typed = 1;
                    break;
                }
            }
        }
        const line *l = &d->lines[a->line];
        const char *p = l->s, *end = l->s + l->len;
        char cn[SK_CASE_NO_SIZE];
        sk_parse_case_no(&p, end, 0, cn);
        parse_text_row(d, a, a->line, skip_ws(p, end), typed);
        a->typed = typed;
    }
    /* rows with a decision label in their text are the case's own text */
    for (size_t k = 0; k < d->n_anchors; k++) {
        anchor *a = &d->anchors[k];
        if (a->kind == K_TABROW) {
            a->item = a->decision || a->proposed;
            continue;
        }
        if (a->kind != K_ROW)
            continue;
        for (size_t j = a->line; j < a->end && !a->item; j++) {
            const char *v;
            a->item = decision_label(&d->lines[j], &v) != 0;
        }
        if (!a->item && k > 0 && d->anchors[k - 1].kind == K_ROW && d->anchors[k - 1].item)
            a->item = 1; /* "32/20 Eventuelt" after the other cases */
    }
    /* minutes zones end at a memo, at the next zone, or at a case of the
     * paper's own meeting (numbered from the smallest one before the zone) */
    for (size_t z = 0; z < d->n_zones; z++) {
        zone *zz = &d->zones[z];
        int min_key = -1;
        for (size_t k = 0; k < d->n_anchors; k++) {
            anchor *a = &d->anchors[k];
            if (a->line >= zz->start)
                break;
            if (a->case_no[0] && (min_key < 0 || case_key(a->case_no) < min_key))
                min_key = case_key(a->case_no);
        }
        for (size_t k = 0; k < d->n_anchors; k++) {
            anchor *a = &d->anchors[k];
            if (a->line <= zz->start)
                continue;
            if (a->kind == K_MEMO || a->kind == K_REFERAT ||
                (a->case_no[0] && min_key >= 0 && case_key(a->case_no) >= min_key)) {
                zz->end = a->line;
                break;
            }
        }
        for (size_t k = 0; k < d->n_anchors; k++)
            if (d->anchors[k].line >= zz->start && d->anchors[k].line < zz->end)
                d->anchors[k].zone = (int)z;
    }
    /* case sections run to the next anchor that starts a case, a table or a
     * zone; agenda rows inside them do not cut them short */
    for (size_t k = 0; k < d->n_anchors; k++) {
        anchor *a = &d->anchors[k];
        if (a->kind == K_TABLEHDR || a->kind == K_REFERAT || a->kind == K_TABROW ||
            (a->kind == K_ROW && !a->item))
            continue;
        size_t e = d->n_lines;
        for (size_t j = k + 1; j < d->n_anchors; j++) {
            const anchor *b = &d->anchors[j];
            if (b->kind == K_CASEHDR || b->kind == K_MEMO || b->kind == K_REFERAT ||
                (b->kind == K_ROW && b->item) ||
                ((b->kind == K_ROW || b->kind == K_TABLEHDR || b->kind == K_TABROW) &&
                 a->kind == K_ROW)) {
                e = b->line;
                break;
            }
        }
        for (size_t z = 0; z < d->n_zones; z++)
            if (d->zones[z].end > a->line && d->zones[z].end < e)
                e = d->zones[z].end;
        a->end = e;
    }
}

/* ---- 6. sections ---- */

static sec *new_sec(doc *d, sk_role role, size_t first_line)
{
    if (d->rc)
        return NULL;
    if (d->n_secs == d->cap_secs) {
        size_t cap = d->cap_secs ? d->cap_secs * 2 : 32;
        sec *ns = realloc(d->secs, cap * sizeof *ns);
        if (!ns) {
            d->rc = sk_err_set(d->err, SK_ENOMEM, "out of memory");
            return NULL;
        }
        d->secs = ns;
        d->cap_secs = cap;
    }
    sec *s = &d->secs[d->n_secs];
    memset(s, 0, sizeof *s);
    s->s.role = role;
    s->line = first_line;
    s->seq = d->n_secs++;
    return s;
}

/* Text of lines [a, b) without boilerplate, and the page range. */
/* Note that page pn starts at byte offset of the text being built. */
static void mark_page(doc *d, sec *s, size_t offset, int pn)
{
    if (s->s.n_page_marks && s->s.page_marks[s->s.n_page_marks - 1].number == pn)
        return;
    if (s->s.n_page_marks && s->s.page_marks[s->s.n_page_marks - 1].offset == offset) {
        s->s.page_marks[s->s.n_page_marks - 1].number = pn;
        return;
    }
    sk_page_mark *m = realloc(s->s.page_marks, (s->s.n_page_marks + 1) * sizeof *m);
    if (m == NULL) {
        d->rc = sk_err_set(d->err, SK_ENOMEM, "out of memory");
        return;
    }
    s->s.page_marks = m;
    m[s->s.n_page_marks++] = (sk_page_mark){offset, pn};
}

static void fill_text(doc *d, sec *s, size_t a, size_t b, const unsigned char *only_uncovered)
{
    sk_buf buf;
    sk_buf_init(&buf, 0);
    int from = -1, to = -1;
    free(s->s.page_marks);
    s->s.page_marks = NULL;
    s->s.n_page_marks = 0;
    for (size_t i = a; i < b && !d->rc; i++) {
        const line *l = &d->lines[i];
        if (l->flags & L_BOILER)
            continue;
        if (only_uncovered && only_uncovered[i])
            continue;
        if (!(l->flags & L_BLANK)) {
            int pn = d->pages[l->page].number;
            if (from < 0)
                from = pn;
            to = pn;
            mark_page(d, s, buf.len ? buf.len + 1 : 0, pn);
        }
        const char *e = l->raw + l->raw_len;
        while (e > l->raw && (e[-1] == ' ' || e[-1] == '\r'))
            e--;
        if ((buf.len && sk_buf_putc(&buf, '\n', d->err)) ||
            sk_buf_append(&buf, l->raw, (size_t)(e - l->raw), d->err)) {
            d->rc = d->err && d->err->code ? d->err->code : SK_ENOMEM;
            break;
        }
    }
    if (from < 0 && a < d->n_lines) {
        from = to = d->pages[d->lines[a].page].number;
    }
    s->s.page_from = from < 0 ? 0 : from;
    s->s.page_to = to < 0 ? 0 : to;
    /* drop blank lines at the ends */
    size_t st = 0, en = buf.len;
    while (st < en && (buf.data[st] == '\n' || buf.data[st] == ' '))
        st++;
    while (en > st && (buf.data[en - 1] == '\n' || buf.data[en - 1] == ' '))
        en--;
    s->s.text = dupn(d, buf.data ? buf.data + st : "", en - st);
    sk_buf_release(&buf);
    /* Offsets move with the trimmed start; the first mark is at 0. */
    for (size_t k = 0; k < s->s.n_page_marks; k++) {
        size_t o = s->s.page_marks[k].offset;
        o = o > st ? o - st : 0;
        s->s.page_marks[k].offset = o < en - st ? o : en - st;
    }
}

/* The text after a decision label, up to where it plainly ends. which: 1
 * proposal, 2 decision. The last such label in [a, b) is used. */
static char *decision_text(doc *d, size_t a, size_t b, int which)
{
    size_t at = (size_t)-1;
    const char *first = NULL;
    for (size_t i = a; i < b; i++) {
        const char *v;
        if (!skip_line(d, i) && decision_label(&d->lines[i], &v) == which) {
            at = i;
            first = v;
        }
    }
    if (at == (size_t)-1)
        return NULL;
    sk_buf buf;
    sk_buf_init(&buf, 8192);
    const line *l0 = &d->lines[at];
    if (first < l0->s + l0->len)
        sk_buf_append(&buf, first, (size_t)(l0->s + l0->len - first), d->err);
    int blanks = 0, page = l0->page, n = 0;
    for (size_t i = at + 1; i < b && n < 15 && !d->rc; i++) {
        const line *l = &d->lines[i];
        if (l->flags & L_BOILER)
            continue;
        const char *tail = buf.data ? buf.data : "";
        int ended = buf.len && (tail[buf.len - 1] == '.' || tail[buf.len - 1] == '!');
        if (l->flags & L_BLANK) {
            blanks++;
            if (blanks >= 3 || (blanks >= 1 && d->pages[l->page].number == 0 && buf.len))
                break;
            continue;
        }
        if (l->page != page && ended)
            break;
        page = l->page;
        const char *v;
        if (is_anchor_line(d, i) || (l->flags & L_MEMOHDR) || decision_label(l, &v))
            break;
        int stop = 0;
        for (size_t k = 0; k < sizeof stop_headings / sizeof *stop_headings; k++)
            if (starts_word_ci(l->s, l->len, stop_headings[k]))
                stop = 1;
        if (stop)
            break;
        if (buf.len) {
            /* after a blank line or a finished sentence, only another
             * decision sentence ("NUFA tar ...", "Direktoratet ...") goes on */
            size_t idx;
            int decisionish = sk_bodies_match(d->bodies, l->s, l->len, &idx) > 0 ||
                              starts_word_ci(l->s, l->len, "Direktoratet");
            if ((blanks || ended) && !decisionish)
                break;
        }
        blanks = 0;
        if (buf.len && !ends_with_shy(buf.data, buf.len))
            sk_buf_putc(&buf, ' ', d->err);
        sk_buf_append(&buf, l->s, l->len, d->err);
        n++;
    }
    char *t = buf.data ? clean_field(d, buf.data, buf.len) : NULL;
    sk_buf_release(&buf);
    return t;
}

static void set_meeting(doc *d, sec *s, int zone_idx)
{
    if (d->body >= 0)
        s->s.body = dups(d, sk_bodies_name(d->bodies, (size_t)d->body));
    if (zone_idx >= 0) {
        const zone *z = &d->zones[zone_idx];
        s->s.meeting_date = z->date[0] ? dups(d, z->date) : NULL;
        s->s.meeting_no = z->meeting_no[0] ? dups(d, z->meeting_no) : NULL;
    } else {
        s->s.meeting_date = d->date[0] ? dups(d, d->date) : NULL;
        s->s.meeting_no = d->meeting_no[0] ? dups(d, d->meeting_no) : NULL;
    }
}

static int zone_of_line(const doc *d, size_t i)
{
    for (size_t z = 0; z < d->n_zones; z++)
        if (i >= d->zones[z].start && i < d->zones[z].end)
            return (int)z;
    return -1;
}

/* Label/value lines at the top of a case section (single-case pages). */
static void section_labels(doc *d, sec *s, size_t a, size_t b)
{
    static const struct {
        const char *label;
        int field; /* 1 type, 2 presenter */
    } labels[] = {
        {"Sakstype", 1},          {"Innretning", 1},     {"Type", 1},
        {"Presenterer saken", 2}, {"Legges frem av", 2}, {"Ansvarlig", 2},
    };
    size_t n = 0;
    for (size_t i = a + 1; i < b && n < 24; i++) {
        const line *l = &d->lines[i];
        if (skip_line(d, i))
            continue;
        n++;
        const char *v;
        if (l->len > 100 || decision_label(l, &v))
            break;
        for (size_t k = 0; k < sizeof labels / sizeof *labels; k++) {
            const char *val = after_label(l->s, l->len, labels[k].label);
            if (!val)
                continue;
            const char *end = l->s + l->len;
            if (val == end) {
                size_t j = i + 1;
                while (j < b && skip_line(d, j))
                    j++;
                if (j >= b || d->lines[j].len > 80)
                    break;
                const line *m = &d->lines[j];
                int is_label = 0;
                for (size_t q = 0; q < sizeof labels / sizeof *labels; q++)
                    is_label |= after_label(m->s, m->len, labels[q].label) != NULL;
                if (is_label || after_label(m->s, m->len, "Dato") ||
                    after_label(m->s, m->len, "Møte"))
                    break;
                val = m->s;
                end = m->s + m->len;
            }
            char **f = labels[k].field == 1 ? &s->s.type : &s->s.presenter;
            if (!*f && (size_t)(end - val) <= 80)
                *f = clean_field(d, val, (size_t)(end - val));
            break;
        }
    }
}

static void build_sections(doc *d, unsigned char *covered)
{
    for (size_t k = 0; k < d->n_anchors && !d->rc; k++) {
        anchor *a = &d->anchors[k];
        if (a->kind == K_TABLEHDR || a->kind == K_REFERAT)
            continue;
        int in_zone = a->zone >= 0;
        sk_role role;
        size_t end = a->end;
        if (a->kind == K_TABROW) {
            role = a->decision ? SK_ROLE_MINUTES : a->proposed ? SK_ROLE_CASE : SK_ROLE_AGENDA;
            end = a->line + 1;
        } else if (a->kind == K_ROW && !a->item) {
            role = SK_ROLE_AGENDA;
            end = a->row_last + 1;
        } else {
            role = in_zone ? SK_ROLE_MINUTES : SK_ROLE_CASE;
        }
        sec *s = new_sec(d, role, a->line);
        if (!s)
            return;
        set_meeting(d, s, a->zone);
        s->s.case_no = dups(d, a->case_no);
        size_t title_last = a->row_last;
        if (a->kind == K_CASEHDR) {
            const char *rest;
            char cn[SK_CASE_NO_SIZE];
            case_header(&d->lines[a->hdr], cn, &rest);
            s->s.title = header_title(d, a->hdr, rest, &title_last);
            section_labels(d, s, title_last, end);
        } else {
            s->s.title = a->title;
            a->title = NULL;
        }
        if (!s->s.type) {
            s->s.type = a->type;
            a->type = NULL;
        }
        if (!s->s.presenter) {
            s->s.presenter = a->presenter;
            a->presenter = NULL;
        }
        if (a->kind == K_TABROW) {
            s->s.decision = a->decision;
            s->s.proposed_decision = a->proposed;
            a->decision = a->proposed = NULL;
        } else if (role != SK_ROLE_AGENDA) {
            s->s.proposed_decision = decision_text(d, a->line, end, 1);
            s->s.decision = decision_text(d, a->line, end, 2);
        }
        fill_text(d, s, a->line, end, NULL);
        if (role == SK_ROLE_CASE || role == SK_ROLE_MINUTES)
            for (size_t i = a->line; i < end; i++)
                covered[i] = 1;
    }
}

/* Sections of one case of one meeting share what one of them knows; the
 * agenda's title is the case's title. */
static int same_case(const sk_section *a, const sk_section *b)
{
    if (!a->case_no || !b->case_no || strcmp(a->case_no, b->case_no) != 0)
        return 0;
    if (!a->meeting_date || !b->meeting_date)
        return a->meeting_date == b->meeting_date;
    return strcmp(a->meeting_date, b->meeting_date) == 0;
}

static void share_fields(doc *d)
{
    for (size_t i = 0; i < d->n_secs && !d->rc; i++) {
        sk_section *s = &d->secs[i].s;
        if (s->role == SK_ROLE_PAGE || s->role == SK_ROLE_MENTION)
            continue;
        for (size_t j = 0; j < d->n_secs && !d->rc; j++) {
            const sk_section *o = &d->secs[j].s;
            if (i == j || o->role == SK_ROLE_PAGE || o->role == SK_ROLE_MENTION || !same_case(s, o))
                continue;
            if (o->role == SK_ROLE_AGENDA && s->role != SK_ROLE_AGENDA && o->title) {
                free(s->title);
                s->title = dups(d, o->title);
            }
            if (!s->title && o->title)
                s->title = dups(d, o->title);
            if (!s->type && o->type)
                s->type = dups(d, o->type);
            if (!s->presenter && o->presenter)
                s->presenter = dups(d, o->presenter);
        }
    }
}

/* "jf. sak 12/21", "(sak 51/18)", "NUIT-sak 3/20" outside that case. */
static void find_mentions(doc *d)
{
    size_t n_before = d->n_secs;
    for (size_t i = 0; i < d->n_lines && !d->rc; i++) {
        const line *l = &d->lines[i];
        if (skip_line(d, i))
            continue;
        /* the case whose section holds this line */
        const char *own = NULL;
        for (size_t k = 0; k < n_before; k++) {
            const sec *s = &d->secs[k];
            if ((s->s.role == SK_ROLE_CASE || s->s.role == SK_ROLE_MINUTES) && s->line <= i) {
                /* sections are in anchor order; the last one starting before i */
                own = s->s.case_no;
            }
        }
        const char *end = l->s + l->len;
        for (const char *p = l->s + 1; p + 4 < end; p++) {
            if (!starts_ci(p, (size_t)(end - p), "sak") || is_word_byte(p[-1]) ||
                (p + 3 < end && is_word_byte(p[3]) && !starts_ci(p, (size_t)(end - p), "saken")))
                continue;
            if (starts_ci(p, (size_t)(end - p), "saken"))
                continue;
            const char *q = skip_ws(p + 3, end);
            if (starts_ci(q, (size_t)(end - q), "nr"))
                q = skip_ws(q + 2 + (q + 2 < end && q[2] == '.'), end);
            char cn[SK_CASE_NO_SIZE];
            if (q == p + 3 || sk_parse_case_no(&q, end, 1, cn) != SK_OK)
                continue;
            if (own && strcmp(own, cn) == 0)
                continue;
            int dup = 0;
            for (size_t k = n_before; k < d->n_secs; k++)
                if (strcmp(d->secs[k].s.case_no, cn) == 0 &&
                    d->secs[k].s.page_from == d->pages[l->page].number)
                    dup = 1;
            if (dup)
                continue;
            /* a body named right before: "NUIT-sak", "NUFA sak" */
            int body = -1;
            for (const char *b = p - 1; b >= l->s && b > p - 80; b--) {
                if (b > l->s && is_word_byte(b[-1]))
                    continue;
                size_t idx, n = sk_bodies_match(d->bodies, b, (size_t)(p - b), &idx);
                const char *after = b + n;
                if (n && (after == p || ((*after == '-' || *after == ' ') && after + 1 == p))) {
                    body = (int)idx;
                    break;
                }
            }
            sec *s = new_sec(d, SK_ROLE_MENTION, i);
            if (!s)
                return;
            s->s.case_no = dups(d, cn);
            if (body >= 0)
                s->s.body = dups(d, sk_bodies_name(d->bodies, (size_t)body));
            fill_text(d, s, i, i + 1, NULL);
            p = q;
        }
    }
}

static void page_sections(doc *d, const unsigned char *covered)
{
    size_t first = 0;
    while (first < d->n_lines && !d->rc) {
        size_t last = first;
        int pg = d->lines[first].page;
        while (last < d->n_lines && d->lines[last].page == pg)
            last++;
        size_t text_at = (size_t)-1;
        for (size_t i = first; i < last; i++)
            if (!covered[i] && !skip_line(d, i)) {
                text_at = i;
                break;
            }
        if (text_at != (size_t)-1) {
            sec *s = new_sec(d, SK_ROLE_PAGE, text_at);
            if (!s)
                return;
            set_meeting(d, s, zone_of_line(d, text_at));
            fill_text(d, s, first, last, covered);
            s->s.page_from = s->s.page_to = d->pages[pg].number;
        }
        first = last;
    }
}

static int sec_cmp(const void *pa, const void *pb)
{
    const sec *a = pa, *b = pb;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* ---- public ---- */

const char *sk_role_name(sk_role r)
{
    switch (r) {
    case SK_ROLE_CASE: return "case";
    case SK_ROLE_MINUTES: return "minutes";
    case SK_ROLE_AGENDA: return "agenda";
    case SK_ROLE_MENTION: return "mention";
    case SK_ROLE_PAGE: return "page";
    }
    return "unknown";
}

static void section_release(sk_section *s)
{
    free(s->body);
    free(s->meeting_date);
    free(s->meeting_no);
    free(s->case_no);
    free(s->title);
    free(s->type);
    free(s->presenter);
    free(s->proposed_decision);
    free(s->decision);
    free(s->text);
    free(s->page_marks);
    memset(s, 0, sizeof *s);
}

void sk_paper_release(sk_paper *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n_sections; i++)
        section_release(&p->sections[i]);
    free(p->sections);
    free(p->body);
    free(p->meeting_date);
    free(p->meeting_no);
    memset(p, 0, sizeof *p);
}

static void doc_release(doc *d)
{
    for (size_t k = 0; k < d->n_anchors; k++)
        free_anchor(&d->anchors[k]);
    free(d->anchors);
    for (size_t m = 0; m < d->n_memos; m++) {
        free(d->memos[m].type);
        free(d->memos[m].presenter);
    }
    free(d->memos);
    free(d->zones);
    for (size_t i = 0; i < d->n_secs; i++)
        section_release(&d->secs[i].s);
    free(d->secs);
    free(d->lines);
}

int sk_segment(sk_paper *out, const sk_bodies *bodies, const char *rel_path, const char *title,
               const sk_page_text *pages, size_t n_pages, sk_err *err)
{
    if (!out || (!pages && n_pages > 0))
        return sk_err_set(err, SK_EINVAL, "sk_segment: NULL argument");
    memset(out, 0, sizeof *out);
    sk_err local = SK_ERR_INIT;
    doc d = {0};
    d.err = err ? err : &local;
    d.bodies = bodies;
    d.pages = pages;
    d.n_pages = n_pages;
    d.body = -1;
    split_lines(&d);
    mark_boilerplate(&d);
    if (!d.rc)
        find_memos(&d);
    if (!d.rc)
        find_zones(&d);
    if (!d.rc)
        paper_meeting(&d, rel_path, title);
    if (!d.rc)
        find_anchors(&d);
    if (!d.rc)
        place_memos_and_zones(&d);
    if (!d.rc)
        classify(&d);
    unsigned char *covered = NULL;
    if (!d.rc) {
        covered = calloc(d.n_lines ? d.n_lines : 1, 1);
        if (!covered)
            d.rc = sk_err_set(d.err, SK_ENOMEM, "out of memory");
    }
    if (!d.rc)
        build_sections(&d, covered);
    if (!d.rc)
        share_fields(&d);
    if (!d.rc)
        find_mentions(&d);
    if (!d.rc)
        page_sections(&d, covered);
    free(covered);
    if (!d.rc) {
        if (d.n_secs > 1)
            qsort(d.secs, d.n_secs, sizeof *d.secs, sec_cmp);
        out->sections = calloc(d.n_secs ? d.n_secs : 1, sizeof *out->sections);
        if (!out->sections)
            d.rc = sk_err_set(d.err, SK_ENOMEM, "out of memory");
    }
    if (!d.rc) {
        for (size_t i = 0; i < d.n_secs; i++) {
            out->sections[i] = d.secs[i].s;
            memset(&d.secs[i].s, 0, sizeof d.secs[i].s);
        }
        out->n_sections = d.n_secs;
        if (d.body >= 0)
            out->body = dups(&d, sk_bodies_name(bodies, (size_t)d.body));
        if (d.date[0])
            out->meeting_date = dups(&d, d.date);
        if (d.meeting_no[0])
            out->meeting_no = dups(&d, d.meeting_no);
    }
    int rc = d.rc;
    doc_release(&d);
    if (rc) {
        sk_paper_release(out);
        if (err && !err->code)
            sk_err_set(err, (sk_code)rc, "segment failed");
    }
    return rc;
}
