/* segment_classify.c: step 5 of the segment stage. Anchors get their extents;
 * text rows their text; rows with a decision label are the case itself (or
 * minutes, inside a minutes zone), the others agenda rows; minutes zones end
 * where the paper's own meeting starts.
 */
#include <stdlib.h>
#include <string.h>

#include "saksok/base/buf.h"
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

/* Does anchor a head a minutes item by a case system's code ("PS 21/23")? */
static int coded_header(const doc *d, const anchor *a)
{
    const line *l = &d->lines[a->hdr];
    return a->kind == K_CASEHDR && seg_after_item_code(l->s, l->s + l->len) != l->s;
}

/* Is anchor b (after a) at most one text line (a wrapped title) below a? */
static int right_under(const doc *d, const anchor *a, const anchor *b)
{
    size_t text = 0;
    for (size_t j = a->line + 1; j < b->line; j++)
        text += !seg_skip_line(d, j);
    return text <= 1;
}

/* Coded headings one right under the other ("PS 21/23 Title" lines of a
 * Saksliste printed without a table) are the rows of a list; the last of
 * such a run is the first item, whose text follows. */
static void coded_lists(doc *d)
{
    for (size_t k = 0; k < d->n_anchors; k++) {
        size_t r = k;
        while (r + 1 < d->n_anchors && coded_header(d, &d->anchors[r]) &&
               coded_header(d, &d->anchors[r + 1]) &&
               right_under(d, &d->anchors[r], &d->anchors[r + 1]))
            r++;
        for (size_t j = k; j < r; j++)
            d->anchors[j].kind = K_ROW;
        k = r;
    }
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
        const char *end = l->s + l->len, *p = seg_after_item_code(l->s, end);
        char cn[SK_CASE_NO_SIZE];
        sk_parse_case_no(cn, &p, end, 0);
        seg_parse_text_row(d, a, a->line, seg_skip_ws(p, end), typed);
        a->typed = typed;
    }
}

/* Is line i inside a minutes zone (zones run to the paper's end until
 * close_zone)? */
static int in_minutes(const doc *d, size_t i)
{
    for (size_t z = 0; z < d->n_zones; z++)
        if (i > d->zones[z].start)
            return 1;
    return 0;
}

/* Has the row anchor k text of its own: more than a wrapped title line
 * before the next anchor (not a row of a list)? */
static int text_of_own(const doc *d, size_t k)
{
    return k + 1 >= d->n_anchors || !right_under(d, &d->anchors[k], &d->anchors[k + 1]);
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
         * own text; in minutes, an item's text may go on over the page */
        int spans = in_minutes(d, a->line) && text_of_own(d, k);
        for (size_t j = a->line;
             j < a->end && !a->item && (spans || d->lines[j].page == d->lines[a->line].page); j++) {
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

/* A row naming its council and date (a case paper's "Behandlingsrekkefølge":
 * Saksnr. | Utvalg | Møtedato): the paper goes to each council in turn. */
static int council_row(const anchor *a)
{
    return a->kind == K_TABROW && a->body && a->date[0];
}

/* Does line i head another paper of a bundle: the paper's kind alone on its
 * line ("SAKSFRAMLEGG", "Møteprotokoll"), its facts right under it
 * ("Saksbehandler: ...")? A running header of the same words is not
 * followed by facts. */
static int paper_head(const doc *d, size_t i)
{
    static const char *const kinds[] = {"Saksframlegg",   "Saksfremlegg", "Saksutredning",
                                        "Møteprotokoll",  "Protokoll",    "Møtebok",
                                        "Møteinnkalling", "Innkalling",   "Særutskrift"};
    const line *l = &d->lines[i];
    int named = 0;
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds && !named; k++)
        named = seg_eq_ci(l->s, l->len, kinds[k]);
    if (!named || seg_skip_line(d, i))
        return 0;
    for (size_t j = i + 1, n = 0; j < d->n_lines && n < 3; j++) {
        if (seg_skip_line(d, j))
            continue;
        const line *m = &d->lines[j];
        const char *colon = memchr(m->s, ':', m->len), *tab = memchr(m->s, '\t', m->len);
        const char *sep = colon && (!tab || colon < tab) ? colon : tab;
        if (sep && sep > m->s && sep - m->s < 30 && seg_is_upper_at(m->s, m->s + m->len))
            return 1;
        n++;
    }
    return 0;
}

/* Where the case paper whose table ends at line from (before anchor k)
 * ends: at the next case, memo, minutes, table or item, or at the head of
 * the next paper of a bundle. */
static size_t case_paper_end(const doc *d, size_t from, size_t k)
{
    size_t end = d->n_lines;
    for (; k < d->n_anchors; k++) {
        const anchor *b = &d->anchors[k];
        if (b->kind != K_ROW || b->item) {
            end = b->line;
            break;
        }
    }
    for (size_t i = from; i < end; i++)
        if (paper_head(d, i))
            return i;
    /* the next paper's table near the top of a later page: that page is the
     * next paper's (its head lines above the table) */
    if (end < d->n_lines && from < end && d->lines[end].page > d->lines[from].page) {
        size_t top = end, text = 0;
        while (top > from && d->lines[top - 1].page == d->lines[end].page)
            text += !seg_skip_line(d, --top);
        if (text <= 10)
            return top;
    }
    return end;
}

/* The case paper's title: the lines right after its table (up to three),
 * unless a label, a decision label or a sentence stands there. */
static char *case_paper_title(doc *d, size_t from, size_t to)
{
    sk_buf b;
    sk_buf_init(&b, 1024);
    for (size_t j = from, n = 0; j < to && n < 3; j++) {
        if (seg_skip_line(d, j)) {
            if (n && (d->lines[j].flags & L_BLANK))
                break;
            continue;
        }
        const line *l = &d->lines[j];
        const char *v;
        char last = l->s[l->len - 1];
        if (seg_is_anchor_line(d, j) || (l->flags & L_MEMOHDR) || seg_decision_label(l, &v) ||
            l->len > 160 || last == ':' || last == '.' || memchr(l->raw, '\t', l->raw_len))
            break;
        if (b.len)
            sk_buf_putc(&b, ' ', d->err);
        sk_buf_append(&b, l->s, l->len, d->err);
        n++;
    }
    char *t = b.data ? seg_clean_field(d, b.data, b.len) : NULL;
    sk_buf_release(&b);
    return t;
}

/* The head of the case paper whose council table starts at line table: its
 * kind heading and facts above the table on the same page ("SAKSFRAMLEGG",
 * "Arkivsaksnr.: 22/4711-3"), with no anchor between; else table. */
static size_t case_paper_head(const doc *d, size_t table)
{
    for (size_t i = table; i > 0 && table - i < 20; i--) {
        const line *l = &d->lines[i - 1];
        if (l->page != d->lines[table].page || seg_is_anchor_line(d, i - 1))
            break;
        if (paper_head(d, i - 1))
            return i - 1;
    }
    return table;
}

/* Each run of council rows makes its paper that council's case: every row
 * gets the paper's title and extent (for its proposal), the first one its
 * text, from the paper's head on. */
static void case_paper_rows(doc *d)
{
    for (size_t k = 0; k < d->n_anchors && !d->rc; k++) {
        if (!council_row(&d->anchors[k]))
            continue;
        size_t r = k;
        while (r + 1 < d->n_anchors && council_row(&d->anchors[r + 1]))
            r++;
        size_t end = case_paper_end(d, d->anchors[r].row_last + 1, r + 1);
        char *title = case_paper_title(d, d->anchors[r].row_last + 1, end);
        for (size_t j = k; j <= r; j++) {
            anchor *a = &d->anchors[j];
            a->paper = j == k ? 1 : 2;
            a->end = end;
            if (!a->title)
                a->title = seg_dups(d, title);
        }
        free(title);
        anchor *first = &d->anchors[k];
        size_t table =
            k > 0 && d->anchors[k - 1].kind == K_TABLEHDR ? d->anchors[k - 1].line : first->line;
        first->line = case_paper_head(d, table);
        /* the archive number its head states is every row's */
        for (size_t f = 0; f < d->n_archives; f++)
            if (d->archives[f].line >= first->line && d->archives[f].line < table) {
                for (size_t j = k; j <= r; j++)
                    if (!d->anchors[j].archive_no[0])
                        memcpy(d->anchors[j].archive_no, d->archives[f].no, SK_ARCHIVE_NO_SIZE);
                break;
            }
        k = r;
    }
}

void seg_classify(doc *d)
{
    claim_slide_headers(d);
    for (size_t k = 0; k < d->n_anchors; k++)
        d->anchors[k].end = k + 1 < d->n_anchors ? d->anchors[k + 1].line : d->n_lines;
    coded_lists(d);
    parse_rows(d);
    mark_items(d);
    for (size_t z = 0; z < d->n_zones; z++)
        close_zone(d, z);
    case_extents(d);
    case_paper_rows(d);
}
