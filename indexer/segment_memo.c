/* segment_memo.c: memo header blocks (step 2a: Til/Møte, Dato, Saksnummer,
 * Type, Fra, in any of the orders PDF text extraction gives), and, once the
 * other anchors are found, the anchors they make: a memo's section starts at
 * its title block (or its "Forslag til vedtak") above the header block.
 */
#include <stdlib.h>
#include <string.h>

#include "saksok/base/buf.h"
#include "segment_int.h"

/* ---- 2a. memo header blocks ---- */

enum { M_SAKSNUMMER, M_SAKSBEHANDLER, M_SAKSTYPE, M_TIL, M_DATO, M_TYPE, M_FRA, M_MOTE, M_TITTEL };

/* The facts of a memo's header block, as the makers of meeting papers word
 * them (longer labels first where one starts another). */
static const struct {
    const char *label;
    int kind;
} memo_labels[] = {
    {"Saksnummer", M_SAKSNUMMER},
    {"Saksnr.", M_SAKSNUMMER},
    {"Saksnr", M_SAKSNUMMER},
    {"Saks nr.", M_SAKSNUMMER},
    {"Sak nr.", M_SAKSNUMMER},
    {"Sak nr", M_SAKSNUMMER},
    {"Saksbehandler", M_SAKSBEHANDLER},
    {"Sakstype", M_SAKSTYPE},
    {"Sakstittel", M_TITTEL},
    {"Tittel", M_TITTEL},
    {"Til", M_TIL},
    {"Møtedato", M_DATO},
    {"Dato", M_DATO},
    {"Type", M_TYPE},
    {"Fra", M_FRA},
    {"Saksansvarlig", M_FRA},
    {"Ansvarlig", M_FRA},
    {"Innleder", M_FRA},
    {"Presenterer saken", M_FRA},
    {"Legges frem av", M_FRA},
    {"Møte", M_MOTE},
    {"Utvalg", M_MOTE},
};

/* Which memo label line i is (M_*), value in *v; else -1. */
static int memo_label(const doc *d, size_t i, const char **v)
{
    const line *l = &d->lines[i];
    for (size_t k = 0; k < sizeof memo_labels / sizeof *memo_labels; k++) {
        const char *val = seg_after_label(l->s, l->len, memo_labels[k].label);
        if (val) {
            int lk = memo_labels[k].kind;
            const char *end = l->s + l->len;
            char cn[SK_CASE_NO_SIZE];
            /* a case number fact's value is a case number and nothing else
             * ("Saksnummer i 360:" is a form field, "Sak nr. 16/20 – Title"
             * a case heading); "Sak nr." alone on its line heads a table's
             * column */
            if (lk == M_SAKSNUMMER && (val != end ? !seg_whole_case_no(val, (size_t)(end - val), cn)
                                                  : strncmp(memo_labels[k].label, "Sak ", 4) == 0))
                return -1;
            *v = val;
            return lk;
        }
    }
    return -1;
}

static int is_type_label(int k)
{
    return k == M_SAKSTYPE || k == M_TYPE;
}

/* A header block being read: the memo, its last line, the lines it may
 * take ([m.first, hi)), and its layout: values in a column of their own
 * (labels alone on their lines), with a type among them, and whether "Fra"
 * heads its group of label lines (then the presenter follows the group). */
typedef struct memo_block {
    memo m;
    size_t last, hi;
    int columnar, col_type, fra_first;
    size_t fra_group_end;
} memo_block;

/* A block: another memo label within six lines either side of the
 * "Saksnummer" line i. Returns how many; the first label line in *first. */
static int block_labels(const doc *d, size_t i, size_t lo, size_t hi, size_t *first)
{
    lo = i >= lo + 6 ? i - 6 : lo;
    int others = 0;
    *first = i;
    for (size_t j = lo; j < hi && j < i + 7; j++) {
        const char *w;
        if (j == i || seg_skip_line(d, j) || memo_label(d, j, &w) < 0)
            continue;
        others++;
        if (j < *first)
            *first = j;
    }
    return others;
}

/* A "Fra" label alone on line j: does it head its group of label lines,
 * and where does the group (over label lines) end? */
static void fra_group(const doc *d, memo_block *bk, size_t j)
{
    const char *w;
    size_t first = bk->m.first, p = j;
    while (p > first && (seg_skip_line(d, p - 1) || memo_label(d, p - 1, &w) >= 0)) {
        if (!seg_skip_line(d, p - 1))
            break;
        p--;
    }
    bk->fra_first = p == j || (p > first && memo_label(d, p - 1, &w) < 0) ||
                    (p == first && memo_label(d, first, &w) == M_FRA);
    size_t g = j + 1;
    while (g < bk->hi && (seg_skip_line(d, g) || memo_label(d, g, &w) >= 0))
        g++;
    bk->fra_group_end = g;
}

/* The label lines: values on the same line, and the layout. */
static void read_label_lines(doc *d, memo_block *bk)
{
    for (size_t j = bk->m.first; j < bk->hi; j++) {
        if (seg_skip_line(d, j))
            continue;
        const char *w;
        int k = memo_label(d, j, &w);
        if (k < 0)
            continue;
        const line *l = &d->lines[j];
        const char *end = l->s + l->len;
        bk->last = j > bk->last ? j : bk->last;
        if (w == end) {
            bk->columnar = 1;
            if (is_type_label(k))
                bk->col_type = 1;
            if (k == M_FRA)
                fra_group(d, bk, j);
            continue;
        }
        size_t vlen = (size_t)(end - w);
        if (k == M_SAKSNUMMER && !bk->m.case_no[0])
            seg_whole_case_no(w, vlen, bk->m.case_no);
        else if (is_type_label(k) && !bk->m.type && vlen <= 40)
            bk->m.type = seg_clean_field(d, w, vlen);
        else if (k == M_FRA && !bk->m.presenter && vlen <= 80)
            bk->m.presenter = seg_clean_field(d, w, vlen);
        else if (k == M_TITTEL && !bk->m.title && vlen <= 300)
            bk->m.title = seg_clean_field(d, w, vlen);
    }
}

/* The first text line after the "Fra" group is the presenter, unless it
 * is a case number, a date or a type. */
static void presenter_after_fra(doc *d, memo_block *bk)
{
    size_t j = bk->fra_group_end;
    while (j < bk->hi && seg_skip_line(d, j))
        j++;
    char cn[SK_CASE_NO_SIZE], date[SK_DATE_SIZE];
    if (j < bk->hi && d->lines[j].len <= 80 &&
        !seg_whole_case_no(d->lines[j].s, d->lines[j].len, cn) &&
        !seg_whole_date(d->lines[j].s, d->lines[j].len, date) &&
        !seg_type_word_exact(d->lines[j].s, d->lines[j].len)) {
        bk->m.presenter = seg_clean_field(d, d->lines[j].s, d->lines[j].len);
        bk->last = j > bk->last ? j : bk->last;
    }
}

/* Values in a column of their own: told apart by their shape. */
static void read_value_column(doc *d, memo_block *bk)
{
    char date[SK_DATE_SIZE];
    for (size_t j = bk->m.first; j < bk->hi; j++) {
        const char *w;
        if (seg_skip_line(d, j) || memo_label(d, j, &w) >= 0)
            continue;
        const line *l = &d->lines[j];
        char cn[SK_CASE_NO_SIZE];
        const char *t;
        if (!bk->m.case_no[0] && seg_whole_case_no(l->s, l->len, cn)) {
            memcpy(bk->m.case_no, cn, sizeof cn);
            bk->last = j > bk->last ? j : bk->last;
        } else if (bk->col_type && !bk->m.type && (t = seg_type_word_exact(l->s, l->len))) {
            bk->m.type = seg_dups(d, t);
            bk->last = j > bk->last ? j : bk->last;
        } else if (seg_whole_date(l->s, l->len, date) || seg_starts_word_ci(l->s, l->len, "Møte")) {
            bk->last = j > bk->last ? j : bk->last;
        }
    }
    if (bk->fra_first && bk->fra_group_end && !bk->m.presenter)
        presenter_after_fra(d, bk);
}

/* Keep memo m (taking its strings) and flag its lines; 0 on failure. */
static int add_memo(doc *d, const memo *m)
{
    memo *nm = realloc(d->memos, (d->n_memos + 1) * sizeof *nm);
    if (!nm) {
        free(m->type);
        free(m->presenter);
        free(m->title);
        seg_nomem(d);
        return 0;
    }
    d->memos = nm;
    d->memos[d->n_memos++] = *m;
    for (size_t j = m->first; j <= m->last; j++)
        d->lines[j].flags |= L_MEMOHDR;
    return 1;
}

/* Where the block of the case number fact on line i must end: at the next
 * such fact (the next memo's block), a decision label or the end of the
 * page, whichever comes first, and at most at n. */
static size_t block_end(const doc *d, size_t i, size_t n)
{
    const char *v;
    for (size_t j = i + 1; j < n; j++) {
        if (d->lines[j].page != d->lines[i].page)
            return j;
        if (!seg_skip_line(d, j) &&
            (memo_label(d, j, &v) == M_SAKSNUMMER || seg_decision_label(&d->lines[j], &v)))
            return j;
    }
    return n;
}

void seg_find_memos(doc *d)
{
    size_t lo = 0; /* a block never reaches back into the one before */
    for (size_t i = 0; i < d->n_lines && !d->rc; i++) {
        const char *v;
        if (seg_skip_line(d, i) || memo_label(d, i, &v) != M_SAKSNUMMER)
            continue;
        memo_block bk = {0};
        bk.hi = block_end(d, i, i + 24 < d->n_lines ? i + 24 : d->n_lines);
        if (!block_labels(d, i, lo, bk.hi, &bk.m.first))
            continue;
        bk.last = i;
        read_label_lines(d, &bk);
        if (bk.columnar)
            read_value_column(d, &bk);
        if (!bk.m.case_no[0]) {
            free(bk.m.type);
            free(bk.m.presenter);
            free(bk.m.title);
            continue;
        }
        bk.m.last = bk.last;
        if (!add_memo(d, &bk.m))
            return;
        i = bk.last;
        lo = bk.last + 1;
    }
}

/* ---- memos become anchors (after step 4) ---- */

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
        if ((l->flags & (L_BLANK | L_BOILER | L_MEMOHDR)) || seg_is_anchor_line(d, top - 1) ||
            seg_decision_label(l, &v) || l->len > 160)
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
        if (b.len && !seg_ends_with_shy(b.data, b.len))
            sk_buf_putc(&b, ' ', d->err);
        sk_buf_append(&b, d->lines[k].s, d->lines[k].len, d->err);
    }
    *start = top;
    /* an attachment cover line right above ("Vedlegg 7_Sak 30-20_...") */
    size_t k = top;
    while (k > floor && (d->lines[k - 1].flags & L_BLANK))
        k--;
    if (k > floor && seg_starts_word_ci(d->lines[k - 1].s, d->lines[k - 1].len, "Vedlegg") &&
        !seg_is_anchor_line(d, k - 1))
        *start = k - 1;
    char *t = b.data ? seg_clean_field(d, b.data, b.len) : NULL;
    sk_buf_release(&b);
    return t;
}

/* The "Sak N/YY: Title" header whose page's meta table the memo block is:
 * the last anchor before the block, if it is a case header of the same case
 * at most 12 lines above; else NULL. */
static anchor *memo_case_header(doc *d, const memo *mm)
{
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
    return hdr;
}

/* The header takes the block's type and presenter where it has none. */
static void give_to_header(anchor *hdr, memo *mm)
{
    if (!hdr->type) {
        hdr->type = mm->type;
        mm->type = NULL;
    }
    if (!hdr->presenter) {
        hdr->presenter = mm->presenter;
        mm->presenter = NULL;
    }
}

/* The first line the memo's section may take: from floor on, after the last
 * anchor before the block (minutes starts aside). */
static size_t memo_floor(const doc *d, const memo *mm, size_t floor)
{
    for (size_t k = 0; k < d->n_anchors; k++)
        if (d->anchors[k].line < mm->first && d->anchors[k].line + 1 > floor &&
            d->anchors[k].kind != K_REFERAT)
            floor = d->anchors[k].line + 1;
    return floor;
}

/* The last "Forslag til vedtak" standing alone in [floor, first), with no
 * decision label before it since floor: its line, or (size_t)-1. */
static size_t proposal_before(const doc *d, size_t floor, size_t first)
{
    size_t f = (size_t)-1;
    int labels = 0;
    for (size_t j = floor; j < first; j++) {
        const char *v;
        int k = seg_decision_label(&d->lines[j], &v);
        if (k == 1 && v == d->lines[j].s + d->lines[j].len && labels == 0)
            f = j;
        else if (k)
            labels++;
    }
    return f;
}

/* The memo's title and where its section starts (*start): the title block
 * above its "Forslag til vedtak" when the paper puts that before the header
 * block, else the one above the block. *f_before is that layout, as the
 * first memo shows it: -1 not known yet, 1 proposal first, 0 block first. */
static char *memo_title(doc *d, const memo *mm, size_t floor, int *f_before, size_t *start)
{
    char *title = NULL;
    *start = mm->first;
    if (*f_before != 0) {
        size_t f = proposal_before(d, floor, mm->first);
        if (f != (size_t)-1) {
            title = title_above(d, f, floor, start);
            if (!title)
                *start = f;
            if (*f_before < 0)
                *f_before = 1;
        }
    }
    if (!title && *start == mm->first) {
        if (*f_before < 0)
            *f_before = 0;
        title = title_above(d, mm->first, floor, start);
    }
    return title;
}

/* The memo's anchor (taking its strings); 0 on failure. */
static int place_memo(doc *d, memo *mm, size_t floor, int *f_before)
{
    size_t start;
    char *title = memo_title(d, mm, floor, f_before, &start);
    if (mm->title) { /* the block's own "Tittel:" says it best */
        free(title);
        title = mm->title;
        mm->title = NULL;
    }
    anchor *a = seg_new_anchor(d, K_MEMO, start);
    if (!a) {
        free(title);
        return 0;
    }
    memcpy(a->case_no, mm->case_no, sizeof a->case_no);
    a->title = title;
    a->type = mm->type;
    a->presenter = mm->presenter;
    mm->type = mm->presenter = NULL;
    d->lines[start].flags |= L_ANCHOR;
    return 1;
}

static int anchor_cmp(const void *pa, const void *pb)
{
    const anchor *a = pa, *b = pb;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    return (int)a->kind - (int)b->kind;
}

void seg_place_memos_and_zones(doc *d)
{
    int f_before = -1;
    size_t prev_memo_last = 0;
    for (size_t m = 0; m < d->n_memos && !d->rc; m++) {
        memo *mm = &d->memos[m];
        /* the meta table of a "Sak N/YY: Title" page belongs to that header */
        anchor *hdr = memo_case_header(d, mm);
        if (hdr) {
            give_to_header(hdr, mm);
            continue;
        }
        if (!place_memo(d, mm, memo_floor(d, mm, m ? prev_memo_last + 1 : 0), &f_before))
            return;
        prev_memo_last = mm->last;
    }
    for (size_t z = 0; z < d->n_zones && !d->rc; z++) {
        anchor *a = seg_new_anchor(d, K_REFERAT, d->zones[z].start);
        if (!a)
            return;
        a->zone = (int)z;
        d->lines[d->zones[z].start].flags |= L_ANCHOR;
    }
    if (d->n_anchors > 1)
        qsort(d->anchors, d->n_anchors, sizeof *d->anchors, anchor_cmp);
}
