/* segment_lines.c: step 1 of the segment stage, the paper's lines. Pages are
 * split into lines (trimmed, blank ones flagged); running headers and
 * footers and page numbers are flagged as boilerplate so that they neither
 * start nor end anything.
 */
#include <stdlib.h>
#include <string.h>

#include "segment_int.h"

/* ---- 1. lines ---- */

void seg_split_lines(doc *d)
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
        seg_nomem(d);
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
            seg_trim(&l->s, &l->len);
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
    if (seg_starts_word_ci(s, len, "Side"))
        p = seg_skip_ws(s + 4, end);
    size_t nd = 0;
    while (p < end && seg_is_digit(*p)) {
        p++;
        nd++;
    }
    if (nd == 0 || nd > 4)
        return 0;
    p = seg_skip_ws(p, end);
    if (p == end)
        return 1;
    if (seg_starts_word_ci(p, (size_t)(end - p), "av")) {
        p = seg_skip_ws(p + 2, end);
        nd = 0;
        while (p < end && seg_is_digit(*p)) {
            p++;
            nd++;
        }
        return nd > 0 && p == end;
    }
    return 0;
}

/* Running headers and footers: the same line among the first three or last
 * four lines of at least 3 pages and a fifth of all pages (but never a
 * decision label: short case pages all end in "Forslag til vedtak" and its
 * text); page numbers. */
/* A paper of one page: only its last line can be its page number, and only
 * as "Side 1 av 1" / "Side 1" (a bare number there may be a table's cell). */
static void mark_lone_page_number(doc *d)
{
    size_t i = d->n_lines;
    while (i > 0 && (d->lines[i - 1].flags & L_BLANK))
        i--;
    if (i > 0 && seg_starts_word_ci(d->lines[i - 1].s, d->lines[i - 1].len, "Side") &&
        is_page_number(d->lines[i - 1].s, d->lines[i - 1].len))
        d->lines[i - 1].flags |= L_BOILER;
}

void seg_mark_boilerplate(doc *d)
{
    if (!d->rc && d->n_pages == 1)
        mark_lone_page_number(d);
    if (d->rc || d->n_pages < 2)
        return;
    size_t *edge = NULL, n_edge = 0;
    edge = malloc(d->n_lines * sizeof *edge + 1);
    if (!edge) {
        seg_nomem(d);
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
        const char *v;
        if (is_page_number(l->s, l->len)) {
            l->flags |= L_BOILER;
            continue;
        }
        /* a decision label on every short page is structure, not chrome */
        if (seg_decision_label(l, &v))
            continue;
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
