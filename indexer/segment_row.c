/* segment_row.c: the text of a row or a case header: the title (with its
 * wrapped lines), and the type when the row's layout makes it the row's own.
 * Text rows come as "24/20 Title 11:05 Orientering", with cells glued
 * together by PDF extraction, or as dash-separated cells.
 */
#include <stdlib.h>
#include <string.h>

#include "saksok/base/buf.h"
#include "segment_int.h"

static const char *const join_words[] = {"av", "fra",  "og",  "for", "i",  "til", "med",  "på",
                                         "om", "samt", "ved", "mot", "en", "et",  "etter"};

/* Should the row/title text (so far t, tl bytes) go on with line l? */
static int continues(const char *t, size_t tl, const line *l)
{
    const char *end = l->s + l->len;
    if (l->len == 0)
        return 0;
    if (seg_is_lower_at(l->s, end) || seg_is_digit(*l->s) || *l->s == '(')
        return 1;
    if (!tl)
        return 0;
    char c = t[tl - 1];
    if (c == ',' || c == '-' || seg_ends_with_shy(t, tl))
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
    if (e - start < 4 || !seg_is_digit(e[-1]) || !seg_is_digit(e[-2]))
        return NULL;
    p = e - 2;
    if (p[-1] != ':')
        return NULL;
    p--;
    if (p - start < 1 || !seg_is_digit(p[-1]))
        return NULL;
    p--;
    if (p > start && seg_is_digit(p[-1]))
        p--;
    return p;
}

static int is_time_line(const line *l)
{
    const char *end = l->s + l->len;
    const char *t = time_before(l->s, end);
    return t == l->s;
}

/* An en dash at p. */
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
        if (seg_skip_line(d, j) || seg_is_anchor_line(d, j) || seg_decision_label(m, &v) ||
            m->len > 160)
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
        seg_trim(&cell[n], &clen[n]);
        n++;
        if (q >= e)
            break;
        p = q + 4;
    }
    size_t t = n;
    for (size_t k = 1; k < n && t == n; k++)
        if (seg_type_word_exact(cell[k], clen[k]))
            t = k;
    size_t title_end = t;
    if (t == n && n > 1 && time_before(cell[n - 1], cell[n - 1] + clen[n - 1]) == cell[n - 1])
        title_end = n - 1; /* no type: "17/21 – Eventuelt – 12:45" */
    if (title_end > 0) {
        const char *ts = cell[0], *tend = cell[title_end - 1] + clen[title_end - 1];
        a->title = seg_clean_field(d, ts, (size_t)(tend - ts));
    }
    if (t < n) {
        a->type = seg_dups(d, seg_type_word_exact(cell[t], clen[t]));
        if (t + 1 < n && clen[t + 1] &&
            time_before(cell[t + 1], cell[t + 1] + clen[t + 1]) != cell[t + 1])
            a->presenter = seg_clean_field(d, cell[t + 1], clen[t + 1]);
    }
    a->row_last = last;
    sk_buf_release(&b);
    return 1;
}

/* Where the row line's text is cut because another cell is glued to it
 * ("finansieringOrienteringJon ...", "2021Innretning Presenterer saken",
 * "28/20Tittel"): the cut, *glued set; else end. A type glued or spaced at
 * the very end, after a time (or in a typed table), is the row's own and is
 * read later, with the wrapped lines. */
static const char *glue_cut(const char *rest, const char *end, int typed, int *glued)
{
    const char *cut = end;
    for (const char *p = rest; p < end; p++) {
        if (!seg_is_upper_at(p, end))
            continue;
        int at_start = p == rest;
        if ((at_start || seg_lower_or_digit_before(rest, p)) &&
            (seg_column_word_at(p, end) || (!at_start && seg_type_word_at(p, end, NULL)))) {
            cut = p;
            break;
        }
    }
    *glued = 0;
    if (cut == end)
        return end;
    size_t used;
    const char *t = seg_type_word_at(cut, end, &used);
    if (t && cut + used == end && (typed || time_before(rest, cut)))
        return end; /* "…2020 11:00Godkjenning" */
    *glued = 1;
    return cut;
}

/* A text row being read: its joined text, a type on a line of its own, and
 * whether a time stood on a line of its own. */
typedef struct text_row {
    sk_buf b;
    const char *type;
    int had_time;
    size_t last; /* last line used */
} text_row;

/* Lines that end a row's text: another anchor, a memo header, a decision. */
static int ends_row(const doc *d, size_t j)
{
    const char *v;
    return seg_is_anchor_line(d, j) || (d->lines[j].flags & L_MEMOHDR) ||
           seg_decision_label(&d->lines[j], &v);
}

/* Continuation lines after the row line i: a wrapped title, a lone time, a
 * lone type (the row's own when the table is typed or after a time). */
static void row_continuation(doc *d, text_row *r, size_t i, int typed)
{
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
        if (ends_row(d, j))
            break;
        if (is_time_line(m)) {
            r->had_time = 1;
            r->last = j;
            continue;
        }
        const char *t = seg_type_word_exact(m->s, m->len);
        if (t) {
            if (typed || r->had_time) {
                r->type = t;
                r->last = j;
            }
            break;
        }
        const char *text = r->b.data ? r->b.data : "";
        if (r->had_time || m->len > 160 || !continues(text, r->b.len, m))
            break;
        if (!seg_ends_with_shy(text, r->b.len) && sk_buf_putc(&r->b, ' ', d->err))
            break;
        if (sk_buf_append(&r->b, m->s, m->len, d->err))
            break;
        r->last = j;
        blanks = 0;
    }
}

/* A type word ending the joined text [t0, *te) ("… 11:05 Orientering", glued
 * "e-helseOrientering") is the row's own after a time or in a typed table:
 * returns it and cuts *te before the time (or the type); else NULL. */
static const char *trailing_type(const char *t0, const char **te, int typed)
{
    const char *w = *te;
    while (w > t0 && seg_is_word_byte(w[-1]))
        w--;
    /* glued "e-helseOrientering": find an upper-case start inside */
    const char *ws = w;
    for (const char *p = w; p < *te; p++)
        if (seg_is_upper_at(p, *te) && seg_type_word_at(p, *te, NULL)) {
            ws = p;
            break;
        }
    size_t used;
    const char *t = ws < *te ? seg_type_word_at(ws, *te, &used) : NULL;
    if (!t || ws + used != *te || ws <= t0)
        return NULL;
    const char *we = ws;
    while (we > t0 && we[-1] == ' ')
        we--;
    const char *tb = time_before(t0, we);
    if (!tb && !typed)
        return NULL;
    *te = tb ? tb : ws;
    return t;
}

/* Parse a text row at line i: title (+ type when the layout makes it the
 * row's own), the last line used in a->row_last. */
void seg_parse_text_row(doc *d, anchor *a, size_t i, const char *rest, int typed)
{
    if (parse_dash_row(d, a, i, rest))
        return;
    text_row r = {.type = NULL, .had_time = 0, .last = i};
    sk_buf_init(&r.b, 4096);
    const line *l = &d->lines[i];
    int glued;
    const char *cut = glue_cut(rest, l->s + l->len, typed, &glued);
    if (d->rc || sk_buf_append(&r.b, rest, (size_t)(cut - rest), d->err) != SK_OK) {
        d->rc = d->rc ? d->rc : SK_ENOMEM;
        sk_buf_release(&r.b);
        return;
    }
    if (!glued)
        row_continuation(d, &r, i, typed);
    /* the end of the joined text: "[title] [time][type]" */
    const char *t0 = r.b.data ? r.b.data : "";
    const char *te = t0 + r.b.len;
    while (te > t0 && te[-1] == ' ')
        te--;
    if (!r.type && !glued)
        r.type = trailing_type(t0, &te, typed);
    while (te > t0 && te[-1] == ' ')
        te--;
    const char *tb = time_before(t0, te);
    if (tb)
        te = tb;
    a->title = seg_clean_field(d, t0, (size_t)(te - t0));
    if (r.type && !a->type)
        a->type = seg_dups(d, r.type);
    a->row_last = r.last;
    sk_buf_release(&r.b);
}

/* Title of a "Sak N/YY" header without one on its line: the next text line. */
char *seg_header_title(doc *d, size_t i, const char *rest, size_t *last)
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
        while (j < d->n_lines && j < i + 4 && seg_skip_line(d, j))
            j++;
        const char *v;
        if (j >= d->n_lines || j >= i + 4 || seg_is_anchor_line(d, j) ||
            seg_decision_label(&d->lines[j], &v) || d->lines[j].len > 200) {
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
    if (j < d->n_lines && !seg_skip_line(d, j) && !seg_is_anchor_line(d, j) &&
        !seg_decision_label(&d->lines[j], &v) && d->lines[j].len < 120 &&
        continues(b.data ? b.data : "", b.len, &d->lines[j]) && !(d->lines[j].flags & L_MEMOHDR)) {
        if (!seg_ends_with_shy(b.data ? b.data : "", b.len))
            sk_buf_putc(&b, ' ', d->err);
        sk_buf_append(&b, d->lines[j].s, d->lines[j].len, d->err);
        *last = j;
    }
    char *t = b.data ? seg_clean_field(d, b.data, b.len) : NULL;
    sk_buf_release(&b);
    return t;
}
