/* segment_anchor.c: step 4 of the segment stage, anchors: "Sak N/YY" case
 * headers, rows that start with a case number (text or tab-separated), and
 * agenda table headers. Tab-separated rows are read here, by their table's
 * header; text rows later (segment_row.c), once their table is known.
 */
#include <stdlib.h>
#include <string.h>

#include "segment_int.h"

/* ---- 4. anchors ---- */

anchor *seg_new_anchor(doc *d, kind k, size_t line_no)
{
    if (d->rc)
        return NULL;
    if (d->n_anchors == d->cap_anchors) {
        size_t cap = d->cap_anchors ? d->cap_anchors * 2 : 64;
        anchor *na = realloc(d->anchors, cap * sizeof *na);
        if (!na) {
            seg_nomem(d);
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

const char *seg_after_item_code(const char *p, const char *end)
{
    static const char *const codes[] = {"PS", "RS", "DS"};
    for (size_t k = 0; k < sizeof codes / sizeof *codes; k++)
        if (end - p > 3 && memcmp(p, codes[k], 2) == 0 && (p[2] == ' ' || p[2] == '\t') &&
            seg_is_digit(*seg_skip_ws(p + 2, end)))
            return seg_skip_ws(p + 2, end);
    return p;
}

int seg_item_cell(const char *s, size_t len, char cn[SK_CASE_NO_SIZE])
{
    const char *p = seg_after_item_code(s, s + len);
    return seg_whole_case_no(p, len - (size_t)(p - s), cn);
}

/* "Sak 9/21", "Sak 28/20: Title", "Sak nr. 3/20", "sak 12-23", a case
 * system's "PS 21/23 Title": the case number, the title's start in *rest. */
int seg_case_header(const line *l, char cn[SK_CASE_NO_SIZE], const char **rest)
{
    const char *end = l->s + l->len, *p = seg_after_item_code(l->s, end);
    if (p != l->s) {
        /* "PS 21/23<TAB>Title" is a cell of a table (Saksliste), not a heading */
        if (sk_parse_case_no(cn, &p, end, 0) != SK_OK || (p < end && *p == '\t'))
            return 0;
        *rest = seg_skip_seps(p, end);
        return !seg_is_lower_at(*rest, end);
    }
    if (!seg_starts_ci(l->s, l->len, "Sak") || l->len < 5)
        return 0;
    p = l->s + 3;
    if (p < end && seg_is_word_byte(*p))
        return 0; /* Saksnummer, Saker */
    p = seg_skip_ws(p, end);
    if (seg_starts_ci(p, (size_t)(end - p), "nr"))
        p = seg_skip_ws(p + 2 + (p + 2 < end && p[2] == '.'), end);
    if (sk_parse_case_no(cn, &p, end, 1) != SK_OK)
        return 0;
    *rest = seg_skip_seps(p, end);
    /* a title starts in upper case (or is on the next line): "Sak 22/23 i
     * Nasjonalt e-helseråd (4. oktober 2023)" is a sentence */
    return !seg_is_lower_at(*rest, end);
}

/* The line before line i on its page, running headers and footers skipped;
 * NULL at the page's top. */
static const line *line_before(const doc *d, size_t i)
{
    size_t j = i;
    while (j > 0 && d->lines[j - 1].page == d->lines[i].page && (d->lines[j - 1].flags & L_BOILER))
        j--;
    return j == 0 || d->lines[j - 1].page != d->lines[i].page ? NULL : &d->lines[j - 1];
}

/* Does line i start a block: the first line of its page, or after a blank
 * line, an anchor, or a line that ends a sentence or a label? */
static int block_start(const doc *d, size_t i)
{
    const line *p = line_before(d, i);
    if (p == NULL || p->flags & (L_BLANK | L_ANCHOR | L_MEMOHDR))
        return 1;
    char c = p->s[p->len - 1];
    return c == '.' || c == ':' || c == '!' || c == '?';
}

/* Does line i continue a sentence from the line before it on its page (that
 * line is running text that stops without a full stop, colon or the like)?
 * A case number at its start is then part of that sentence. */
static int mid_sentence(const doc *d, size_t i)
{
    const line *p = line_before(d, i);
    if (p == NULL || p->flags & (L_BLANK | L_ANCHOR | L_MEMOHDR) || p->len < 40 ||
        memchr(p->raw, '\t', p->raw_len))
        return 0;
    /* the last word one a sentence cannot stop at ("behandlet i", "jf.",
     * "viser til"): a table cell wrapped inside its column ("Direktoratet
     * / for e-helse") ends in a noun and is not taken for one */
    static const char *const words[] = {"i",     "og",     "eller", "fra", "til",   "av",
                                        "om",    "se",     "jf.",   "jf",  "under", "sak",
                                        "saken", "sakene", "nr.",   "ved", "på",    "med",
                                        "etter", "jamfør", "samt",  "mot", "for"};
    const char *e = p->s + p->len, *w = e;
    while (w > p->s && w[-1] != ' ' && w[-1] != '\t')
        w--;
    for (size_t k = 0; k < sizeof words / sizeof *words; k++)
        if ((size_t)(e - w) == strlen(words[k]) && memcmp(w, words[k], (size_t)(e - w)) == 0)
            return 1;
    return 0;
}

/* Decision labels: 1 a proposal, 2 a decision. A proposal label may run
 * straight on into its text ("Forslag til vedtak NUFA tar ..."); the others
 * stand alone or end in a colon. */
static const struct {
    const char *label;
    int kind, runs_on;
} decision_labels[] = {
    {"Justert forslag til vedtak", 1, 1},
    {"Forslag til vedtak", 1, 1},
    {"Innstilling til vedtak", 1, 1},
    {"Forslag til innstilling", 1, 1},
    {"Innstilling", 1, 0},
    {"Vedtak", 2, 0},
};

/* A label at p (colon required when need_colon): its kind, *v after it. */
static int label_at(const char *p, const char *end, int need_colon, const char **v)
{
    for (size_t k = 0; k < sizeof decision_labels / sizeof *decision_labels; k++) {
        size_t n = strlen(decision_labels[k].label);
        if (!seg_starts_word_ci(p, (size_t)(end - p), decision_labels[k].label))
            continue;
        const char *q = seg_skip_ws(p + n, end);
        if (q < end && *q == ':') {
            *v = seg_skip_ws(q + 1, end);
            return decision_labels[k].kind;
        }
        if (need_colon)
            continue;
        if (q == end || (decision_labels[k].runs_on && q > p + n)) {
            *v = q;
            return decision_labels[k].kind;
        }
    }
    return 0;
}

/* Past a word that names who proposes ("Rådmannens", "Kommunedirektørens",
 * "Sekretariatets": a capitalised genitive), or p. */
static const char *after_proposer(const char *p, const char *end)
{
    const char *w = p;
    while (w < end && seg_is_word_byte(*w))
        w++;
    if (w - p < 4 || w[-1] != 's' || !seg_is_upper_at(p, end))
        return p;
    return seg_skip_ws(w, end);
}

/* A case-handling system's "HOU- 21/23 Vedtak:" (the council's code and the
 * case number before the label): past the code and number, or p. */
static const char *after_case_code(const char *p, const char *end)
{
    const char *q = p;
    while (q < end && *q >= 'A' && *q <= 'Z')
        q++;
    if (q - p < 2 || q == end || *q != '-')
        return p;
    q = seg_skip_ws(q + 1, end);
    char cn[SK_CASE_NO_SIZE];
    if (sk_parse_case_no(cn, &q, end, 0) != SK_OK)
        return p;
    return seg_skip_ws(q, end);
}

int seg_decision_label(const line *l, const char **v)
{
    const char *end = l->s + l->len;
    int k = label_at(l->s, end, 0, v);
    if (k)
        return k;
    /* "Rådmannens innstilling", "Kommunedirektørens forslag til vedtak" */
    const char *p = after_proposer(l->s, end);
    if (p != l->s && (k = label_at(p, end, 0, v)) == 1)
        return k;
    p = after_case_code(l->s, end);
    if (p != l->s && (k = label_at(p, end, 1, v)) == 2)
        return k;
    /* "Vedtak i Hovedutvalg for helse og omsorg - 04.10.2023:" */
    if (seg_starts_word_ci(l->s, l->len, "Vedtak") && end[-1] == ':' && l->len < 120) {
        *v = end;
        return 2;
    }
    /* run in after a sentence: "... står for anskaffelsen. Vedtak: NUFA ..." */
    for (p = l->s + 2; p + 7 < end; p++)
        if (p[-1] == ' ' && (p[-2] == '.' || p[-2] == '!') && (k = label_at(p, end, 1, v)))
            return k;
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
        p = seg_skip_ws(p, end);
        if (p == end)
            break;
        const char *w = p;
        while (p < end && *p != ' ' && *p != '\t')
            p++;
        size_t n = (size_t)(p - w);
        if (seg_column_word_at(w, p)) {
            cols++;
            *last = w;
        } else if (seg_eq_ci(w, n, "Sak") || seg_eq_ci(w, n, "nr.") || seg_eq_ci(w, n, "Agenda") ||
                   seg_eq_ci(w, n, "saken") || seg_eq_ci(w, n, "frem") || seg_eq_ci(w, n, "av") ||
                   sk_bodies_find(d->bodies, w, n) >= 0) {
            *last = w;
        } else {
            return 0;
        }
    }
    return cols > 0;
}

int seg_typed_header(const doc *d, const line *l)
{
    const char *last;
    if (!header_line(d, l, &last) || !last)
        return 0;
    const char *end = l->s + l->len;
    return seg_starts_word_ci(last, (size_t)(end - last), "Sakstype") ||
           seg_starts_word_ci(last, (size_t)(end - last), "Type") ||
           seg_starts_word_ci(last, (size_t)(end - last), "Innretning");
}

/* Columns of a tab-separated header. */
enum {
    C_NONE,
    C_TITLE,
    C_TYPE,
    C_PRESENTER,
    C_DECISION,
    C_PROPOSED,
    C_BODY,
    C_DATE,
    C_CASE,
    C_ARCHIVE,
    C_OTHER
};
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
        {"Innhold", C_TITLE},
        {"Lukket", C_OTHER},
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
        {"Sak", C_CASE},
        {"Sak nr.", C_CASE},
        {"Saksnr.", C_CASE},
        {"Saksnr", C_CASE},
        {"Saknr.", C_CASE},
        {"Saknr", C_CASE},
        {"Utvalgssak", C_CASE},
        {"Utvalgssaksnr.", C_CASE},
        {"Utvalgssaksnr", C_CASE},
        {"Saksgang", C_BODY},
        {"Arkivsak", C_ARCHIVE},
        {"Arkivsaksnr.", C_ARCHIVE},
        {"Arkivsaksnr", C_ARCHIVE},
        {"Arkivsaksnummer", C_ARCHIVE},
        {"Utvalg", C_BODY},
        {"Organ", C_BODY},
        {"Møtedato", C_DATE},
        {"Dato", C_DATE},
    };
    seg_trim(&s, &len);
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
        if (seg_eq_ci(s, len, cols[i].name))
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
        seg_trim(&cell[n], &cell_len[n]);
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

/* A council column's cell: the list's name for it, or a council the list
 * does not know as written; NULL when the cell is not plainly a council. */
static char *council_cell(doc *d, const char *s, size_t len)
{
    size_t idx, n = sk_bodies_match(d->bodies, s, len, &idx);
    if (n && seg_skip_ws(s + n, s + len) == s + len)
        return seg_dups(d, sk_bodies_name(d->bodies, idx));
    char buf[208];
    return seg_unknown_council(d, s, len, buf, sizeof buf) ? seg_dups(d, buf) : NULL;
}

/* The cells of a row but its case number's (column at). */
static void parse_tab_row(doc *d, anchor *a, const line *l, const int *cols, size_t n_cols,
                          size_t at)
{
    const char *cell[MAX_COLS];
    size_t len[MAX_COLS];
    size_t n = split_tabs(l, cell, len);
    for (size_t i = 0; i < n; i++) {
        int c = i < n_cols ? cols[i] : (n_cols ? C_OTHER : (i == at + 1 ? C_TITLE : C_OTHER));
        if (!len[i] || i == at)
            continue;
        char **f = c == C_TITLE       ? &a->title
                   : c == C_TYPE      ? &a->type
                   : c == C_PRESENTER ? &a->presenter
                   : c == C_DECISION  ? &a->decision
                   : c == C_PROPOSED  ? &a->proposed
                                      : NULL;
        if (f && !*f)
            *f = seg_clean_field(d, cell[i], len[i]);
        const char *q = cell[i];
        if (c == C_BODY && !a->body)
            a->body = council_cell(d, cell[i], len[i]);
        else if (c == C_DATE && !a->date[0] &&
                 sk_parse_date(a->date, &q, cell[i] + len[i], 1) != SK_OK)
            a->date[0] = '\0';
        else if (c == C_ARCHIVE && !a->archive_no[0] &&
                 (sk_parse_archive_no(a->archive_no, &q, cell[i] + len[i], 1) != 0 ||
                  q != cell[i] + len[i]))
            a->archive_no[0] = '\0';
    }
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

/* A line that starts with a case number of the paper's years is a row,
 * tab-separated (read by its table's columns, cols/n_cols) or text (read
 * later). Returns 1 if the line is taken (an anchor, or running text such as
 * "9/21-"), 0 if it is not a row, -1 on failure. */
/* A row of a table whose case number stands in a later column ("Saksgang
 * | Møtedato | Saknr"): the column, or 0. */
static size_t case_column(const line *l, const int *cols, size_t n_cols, char cn[SK_CASE_NO_SIZE])
{
    const char *cell[MAX_COLS];
    size_t clen[MAX_COLS];
    size_t n = split_tabs(l, cell, clen);
    for (size_t c = 1; c < n && c < n_cols; c++)
        if (cols[c] == C_CASE)
            return seg_item_cell(cell[c], clen[c], cn) ? c : 0;
    return 0;
}

static int row_anchor(doc *d, size_t i, const int *cols, size_t n_cols)
{
    line *l = &d->lines[i];
    const char *p = l->s, *end = l->s + l->len;
    char cn[SK_CASE_NO_SIZE];
    int tabbed = memchr(l->raw, '\t', l->raw_len) != NULL;
    size_t at = tabbed && n_cols ? case_column(l, cols, n_cols, cn) : 0;
    if (at && year_ok(d, cn)) {
        anchor *a = seg_new_anchor(d, K_TABROW, i);
        if (!a)
            return -1;
        memcpy(a->case_no, cn, sizeof cn);
        parse_tab_row(d, a, l, cols, n_cols, at);
        l->flags |= L_ANCHOR;
        return 1;
    }
    if (tabbed) /* a Saksliste row: "PS 21/23<TAB>Title" */
        p = seg_after_item_code(p, end);
    if (!seg_is_digit(*p) || sk_parse_case_no(cn, &p, end, 0) != SK_OK || !year_ok(d, cn))
        return 0;
    if (p < end && !(*p == ' ' || *p == '\t' || seg_is_upper_at(p, end) ||
                     (end - p >= 2 && (unsigned char)p[0] == 0xC2)))
        return 1; /* "9/21-" "9/21," running text */
    const char *rest = seg_skip_ws(p, end);
    if (!tabbed && (mid_sentence(d, i) || (rest < end && seg_is_lower_at(rest, end))))
        return 1; /* "22/23 i Nasjonalt e-helseråd": a sentence wrapped there */
    const char *cell[MAX_COLS];
    size_t clen[MAX_COLS];
    kind k = K_ROW;
    if (tabbed && split_tabs(l, cell, clen) > 1 && seg_item_cell(cell[0], clen[0], cn))
        k = K_TABROW;
    anchor *a = seg_new_anchor(d, k, i);
    if (!a)
        return -1;
    memcpy(a->case_no, cn, sizeof cn);
    if (k == K_TABROW)
        parse_tab_row(d, a, l, cols, n_cols, 0);
    l->flags |= L_ANCHOR;
    return 1;
}

/* The columns of the tab-separated table being read, if any. */
typedef struct table_cols {
    int cols[MAX_COLS];
    size_t n;
    int active;
} table_cols;

/* The anchor line i starts, if any: a tab-separated table header, a case
 * header, a row, or a text table header. 0, or -1 on failure. */
static int anchor_at(doc *d, size_t i, table_cols *t)
{
    line *l = &d->lines[i];
    if (!memchr(l->raw, '\t', l->raw_len))
        t->active = 0;
    if (l->flags & L_MEMOHDR)
        return 0;
    char cn[SK_CASE_NO_SIZE];
    const char *rest;
    int tc[MAX_COLS];
    size_t tn;
    if (tab_header(l, tc, &tn)) {
        memcpy(t->cols, tc, sizeof t->cols);
        t->n = tn;
        t->active = 1;
        if (seg_new_anchor(d, K_TABLEHDR, i))
            l->flags |= L_ANCHOR;
        return 0;
    }
    /* "sak 22/23 ..." in lower case heads a case only at a block's start */
    if (seg_case_header(l, cn, &rest) && !mid_sentence(d, i) &&
        (l->s[0] == 'S' || seg_after_item_code(l->s, l->s + l->len) != l->s || block_start(d, i))) {
        anchor *a = seg_new_anchor(d, K_CASEHDR, i);
        if (!a)
            return -1;
        memcpy(a->case_no, cn, sizeof cn);
        l->flags |= L_ANCHOR;
        return 0;
    }
    int r = row_anchor(d, i, t->cols, t->active ? t->n : 0);
    if (r)
        return r < 0 ? -1 : 0;
    const char *last;
    if (header_line(d, l, &last) && !seg_eq_ci(l->s, l->len, "Agenda") &&
        seg_new_anchor(d, K_TABLEHDR, i))
        l->flags |= L_ANCHOR;
    return 0;
}

/* A row that is only a number needs a neighbour row close by; the others
 * are dropped. */
static void drop_lone_numbers(doc *d)
{
    for (size_t k = 0; k < d->n_anchors; k++) {
        anchor *a = &d->anchors[k];
        if (a->kind != K_ROW)
            continue;
        const line *l = &d->lines[a->line];
        char cn[SK_CASE_NO_SIZE];
        if (!seg_whole_case_no(l->s, l->len, cn))
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

void seg_find_anchors(doc *d)
{
    table_cols t = {.n = 0, .active = 0};
    for (size_t i = 0; i < d->n_lines && !d->rc; i++) {
        if (seg_skip_line(d, i))
            continue;
        if (anchor_at(d, i, &t) < 0)
            return;
    }
    drop_lone_numbers(d);
}
