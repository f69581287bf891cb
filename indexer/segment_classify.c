/* segment_classify.c: step 5 of the segment stage. Anchors get their extents;
 * text rows their text; rows with a decision label are the case itself (or
 * minutes, inside a minutes zone), the others agenda rows; minutes zones end
 * where the paper's own meeting starts.
 */
#include <stdlib.h>
#include <string.h>

#include "segment_int.h"

/* A slide's header lines above "Sak 9/21" ("Direktoratet for e-helse")
 * belong to that slide's case: up to three short lines that start the page. */
static void claim_slide_headers(doc *d)
{
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
}

/* Whether the table of a run of rows starting at anchor k is typed: a
 * header just above (if the table has one), or a typed header within six
 * text lines above; else as before (typed). */
static int run_typed(const doc *d, size_t k, int typed)
{
    const anchor *a = &d->anchors[k];
    if (k > 0 && d->anchors[k - 1].kind == K_TABLEHDR && a->line - d->anchors[k - 1].line <= 8)
        typed = seg_typed_header(d, &d->lines[d->anchors[k - 1].line]);
    for (size_t j = a->line, n = 0; j > 0 && n < 6; j--) {
        if (seg_skip_line(d, j - 1))
            continue;
        n++;
        if (seg_typed_header(d, &d->lines[j - 1]))
            return 1;
    }
    return typed;
}

/* Text rows: their own text, and whether their run's table is typed. */
static void parse_rows(doc *d)
{
    int typed = 0;
    for (size_t k = 0; k < d->n_anchors && !d->rc; k++) {
        anchor *a = &d->anchors[k];
        if (a->kind != K_ROW) {
            if (a->kind == K_TABLEHDR)
                typed = seg_typed_header(d, &d->lines[a->line]);
            else
                typed = 0;
            continue;
        }
        if (k == 0 || d->anchors[k - 1].kind != K_ROW)
            typed = run_typed(d, k, typed);
        const line *l = &d->lines[a->line];
        const char *p = l->s, *end = l->s + l->len;
        char cn[SK_CASE_NO_SIZE];
        sk_parse_case_no(&p, end, 0, cn);
        seg_parse_text_row(d, a, a->line, seg_skip_ws(p, end), typed);
        a->typed = typed;
    }
}

/* Rows with a decision label in their text are the case's own text. */
static void mark_items(doc *d)
{
    for (size_t k = 0; k < d->n_anchors; k++) {
        anchor *a = &d->anchors[k];
        if (a->kind == K_TABROW) {
            a->item = a->decision || a->proposed;
            continue;
        }
        if (a->kind != K_ROW)
            continue;
        /* only a label on the row's own page: the last row of an agenda
         * must not take the first memo after it (and its decision) for its
         * own text */
        for (size_t j = a->line; j < a->end && !a->item && d->lines[j].page == d->lines[a->line].page;
             j++) {
            const char *v;
            a->item = seg_decision_label(&d->lines[j], &v) != 0;
        }
        if (!a->item && k > 0 && d->anchors[k - 1].kind == K_ROW && d->anchors[k - 1].item)
            a->item = 1; /* "32/20 Eventuelt" after the other cases */
    }
}

static int case_key(const char *cn)
{
    int n = atoi(cn);
    const char *s = strchr(cn, '/');
    return s ? atoi(s + 1) * 1000 + n : n;
}

/* A minutes zone ends at a memo, at the next zone, or at a case of the
 * paper's own meeting (numbered from the smallest one before the zone); the
 * anchors inside it are its. */
static void close_zone(doc *d, size_t z)
{
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

/* Does anchor b end the case section of anchor a? Anchors that start a
 * case, a table or a zone do; agenda rows inside a case do not, but any row
 * or table ends a case that is itself a row. */
static int ends_case(const anchor *a, const anchor *b)
{
    if (b->kind == K_CASEHDR || b->kind == K_MEMO || b->kind == K_REFERAT ||
        (b->kind == K_ROW && b->item))
        return 1;
    return (b->kind == K_ROW || b->kind == K_TABLEHDR || b->kind == K_TABROW) && a->kind == K_ROW;
}

/* Case sections run to the next anchor that ends them, or to a zone's end. */
static void case_extents(doc *d)
{
    for (size_t k = 0; k < d->n_anchors; k++) {
        anchor *a = &d->anchors[k];
        if (a->kind == K_TABLEHDR || a->kind == K_REFERAT || a->kind == K_TABROW ||
            (a->kind == K_ROW && !a->item))
            continue;
        size_t e = d->n_lines;
        for (size_t j = k + 1; j < d->n_anchors; j++)
            if (ends_case(a, &d->anchors[j])) {
                e = d->anchors[j].line;
                break;
            }
        for (size_t z = 0; z < d->n_zones; z++)
            if (d->zones[z].end > a->line && d->zones[z].end < e)
                e = d->zones[z].end;
        a->end = e;
    }
}

void seg_classify(doc *d)
{
    claim_slide_headers(d);
    for (size_t k = 0; k < d->n_anchors; k++)
        d->anchors[k].end = k + 1 < d->n_anchors ? d->anchors[k + 1].line : d->n_lines;
    parse_rows(d);
    mark_items(d);
    for (size_t z = 0; z < d->n_zones; z++)
        close_zone(d, z);
    case_extents(d);
}
