/* extract_layout.c: a PDF page's text rebuilt from its character boxes (see
 * extract_layout.h).
 *
 * 1. Words. The characters are cut into words: at poppler's spaces and line
 *    ends, and where two characters poppler put side by side are not next
 *    to each other on the page (further apart than GLUE_GAP line heights
 *    on one line, or on different lines). Characters stacked vertically
 *    (rotated text) stay one word, marked as such; it never joins a table.
 * 2. Visual lines. Words are grouped by the vertical centre of their boxes
 *    and each line is ordered left to right.
 * 3. Tables. From top to bottom, a line with a cell gap (a gap of at least
 *    STRONG_GAP line heights, or of CELL_GAP where the line's other gaps are
 *    less than half as wide or poppler did not join the two words with a
 *    space) starts a candidate. The union of the candidate's word boxes
 *    (words closer than GUTTER merged) leaves gutters free; the next line
 *    joins when it is close below, in about the same size of type (0.7 to 1.4
 *    times the first line's height), closes at most half of the gutters and
 *    leaves one. The gutters left at the end separate the columns.
 *    Trailing lines with one cell that do not follow the line above
 *    closely are given back; two or more lines must
 *    have cells in two columns; lines that continue prose in two columns
 *    at once (text boxes side by side) reject the candidate.
 * 4. Rows. A line without a word in the first column continues the row
 *    above when it sits closer to it than the table's rows sit to each
 *    other and none of its cells' first words would have fitted on the
 *    cell's line above.
 * 5. Output. Words in poppler's order; a table where its first word was.
 */
#include "extract_layout.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extract_int.h"

/* In line heights (the height of a character box). */
#define GLUE_GAP 0.6    /* glued characters further apart are separate words */
#define GUTTER 0.4      /* the narrowest gap between two columns */
#define CELL_GAP 0.5    /* a gap that may separate cells (see above) */
#define STRONG_GAP 1.0  /* a gap that always separates cells */
#define SAME_LINE 0.2   /* the largest distance of centres on one visual line */
#define ROW_GAP_MAX 1.5 /* the largest vertical gap between two lines of a table */
#define MAX_COLS 64

enum { SEP_NONE, SEP_SPACE, SEP_NL, SEP_GLUE };

typedef struct word {
    size_t from, to; /* bytes of the text */
    double x1, y1, x2, y2;
    int sep;   /* what separated it from the word before, in poppler's text */
    int rot;   /* characters stacked vertically */
    int line;  /* visual line, or -1 */
    int table; /* table, or -1 */
    int col;
} word;

typedef struct vline {
    size_t first, n; /* its words: order[first .. first + n) */
    double y1, y2, h;
    int bad;    /* words overlap: no table */
    int marker; /* the first word is a list item's marker (one cell with the next) */
} vline;

typedef struct span {
    double a, b;
} span;

typedef struct table {
    size_t l0, l1; /* its lines [l0, l1) */
    span cols[MAX_COLS];
    size_t ncols;
    double h;
    int emitted;
} table;

typedef struct layout {
    const char *text;
    word *w;
    size_t nw, wcap;
    size_t *order; /* word numbers by line, then left to right */
    vline *ln;
    size_t nln;
    table *tb;
    size_t ntb, tbcap;
    unsigned char *start; /* per line: starts a table row */
} layout;

/* ---- 1. words ------------------------------------------------------------ */

/* fmin()/fmax() are library calls (NaN rules); boxes have no NaN. */
static inline double dmin(double a, double b)
{
    return a < b ? a : b;
}

static inline double dmax(double a, double b)
{
    return a > b ? a : b;
}

static double box_h(const sk_layout_box *b)
{
    double h = b->y2 - b->y1;
    return h > 0.01 ? h : 0.01;
}

static int boxes_on_one_line(double ay1, double ay2, double by1, double by2)
{
    double h = dmin(ay2 - ay1, by2 - by1);
    return dmin(ay2, by2) - dmax(ay1, by1) >= 0.5 * (h > 0.01 ? h : 0.01);
}

/* 1: b follows a in a word on a line; 2: b is above or below a (rotated
 * text); 0: they are apart. */
static int adjacent(const sk_layout_box *a, const sk_layout_box *b)
{
    if (boxes_on_one_line(a->y1, a->y2, b->y1, b->y2)) {
        double h = dmax(box_h(a), box_h(b));
        return b->x1 - a->x2 <= GLUE_GAP * h && b->x1 >= a->x1 - 0.5 * h;
    }
    double ov = dmin(a->x2, b->x2) - dmax(a->x1, b->x1);
    double wmin = dmin(a->x2 - a->x1, b->x2 - b->x1);
    if (ov < 0 || ov < 0.3 * wmin)
        return 0;
    double dy = dmax(b->y1 - a->y2, a->y1 - b->y2);
    return dy <= 0.6 * dmin(box_h(a), box_h(b)) ? 2 : 0;
}

/* Room for one more element in *arr (n used of *cap, each size bytes). */
static int room_for_one(void **arr, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return 0;
    size_t c = *cap ? *cap * 2 : 64;
    void *p = realloc(*arr, c * size);
    if (p == NULL)
        return -1;
    *arr = p;
    *cap = c;
    return 0;
}

static int new_word(layout *L, size_t from, size_t to, const sk_layout_box *b, int sep)
{
    void *arr = L->w;
    int rc = room_for_one(&arr, L->nw, &L->wcap, sizeof *L->w);
    L->w = arr;
    if (rc != 0)
        return -1;
    L->w[L->nw++] = (word){from, to, b->x1, b->y1, b->x2, b->y2, sep, 0, -1, -1, -1};
    return 0;
}

static void grow_word(word *w, size_t to, const sk_layout_box *b, int how)
{
    w->to = to;
    w->x1 = dmin(w->x1, b->x1);
    w->y1 = dmin(w->y1, b->y1);
    w->x2 = dmax(w->x2, b->x2);
    w->y2 = dmax(w->y2, b->y2);
    w->rot |= how == 2;
}

/* Returns 1 if done, 0 if the boxes do not match the text, -1 on ENOMEM. */
static int scan_words(layout *L, const char *s, size_t len, const sk_layout_box *box, size_t nb)
{
    size_t k = 0;
    int pending = SEP_NONE, have_prev = 0;
    sk_layout_box prev = {0, 0, 0, 0};
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        size_t n = c >= 0x80 ? sk_utf8_seq(s + i, len - i) : c != 0 ? 1 : 0;
        if (n == 0 || k >= nb)
            return 0;
        sk_layout_box b = box[k++];
        if (b.x1 > b.x2 || b.y1 > b.y2) /* corners given the other way round */
            b = (sk_layout_box){dmin(b.x1, b.x2), dmin(b.y1, b.y2), dmax(b.x1, b.x2),
                                dmax(b.y1, b.y2)};
        if (c == '\n' || c == ' ' || c == '\t' || c == '\r') {
            pending = c == '\n' ? SEP_NL : pending == SEP_NL ? SEP_NL : SEP_SPACE;
            i += n;
            continue;
        }
        if (have_prev && pending == SEP_NONE && b.y1 == prev.y1 && b.y2 == prev.y2 &&
            b.x1 >= prev.x1 && b.x1 - prev.x2 <= GLUE_GAP * (b.y2 - b.y1)) {
            word *w = &L->w[L->nw - 1]; /* the common case: the next letter of a word */
            w->to = i + n;
            w->x2 = dmax(w->x2, b.x2);
            prev = b;
            i += n;
            continue;
        }
        int how = have_prev && pending == SEP_NONE ? adjacent(&prev, &b) : 0;
        if (how) {
            grow_word(&L->w[L->nw - 1], i + n, &b, how);
        } else {
            int sep = L->nw == 0 ? SEP_NONE : pending == SEP_NONE ? SEP_GLUE : pending;
            if (new_word(L, i, i + n, &b, sep) != 0)
                return -1;
        }
        pending = SEP_NONE;
        prev = b;
        have_prev = 1;
        i += n;
    }
    return k == nb;
}

/* ---- 2. visual lines ------------------------------------------------------ */

typedef struct key {
    double v;
    size_t i;
} key;

static inline int cmp_key(const void *pa, const void *pb)
{
    const key *a = pa, *b = pb;
    if (a->v != b->v)
        return a->v < b->v ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

/* Sorts k[0..n): nothing to do when in order already (a line's words mostly
 * are), insertion for short runs, else qsort. */
static void sort_keys(key *k, size_t n)
{
    size_t i = 1;
    while (i < n && cmp_key(&k[i - 1], &k[i]) <= 0)
        i++;
    if (i >= n)
        return;
    if (n > 32) {
        qsort(k, n, sizeof *k, cmp_key);
        return;
    }
    for (; i < n; i++) {
        key x = k[i];
        size_t j = i;
        for (; j > 0 && cmp_key(&k[j - 1], &x) > 0; j--)
            k[j] = k[j - 1];
        k[j] = x;
    }
}

static double word_h(const word *w)
{
    double h = w->y2 - w->y1;
    return h > 0.01 ? h : 0.01;
}

/* A list item's marker ("•", "-", "1.", "a)"): never a cell of its own. */
static int is_marker(const char *s, size_t n)
{
    unsigned char c = (unsigned char)s[0];
    if (n == 0 || n > 4)
        return 0;
    if (c >= 0x80) /* one code point that is not a letter of the Latin-1 range */
        return sk_utf8_seq(s, n) == n && c != 0xC3;
    if (n == 1)
        return c == '-' || c == '*' || c == 'o';
    size_t d = 0;
    while (d < n - 1 && s[d] >= '0' && s[d] <= '9')
        d++;
    int letter = n == 2 && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
    return (d == n - 1 || letter) && (s[n - 1] == '.' || s[n - 1] == ')');
}

/* Orders line v's words left to right and measures it. */
static void finish_line(layout *L, vline *v, key *tmp)
{
    for (size_t j = 0; j < v->n; j++)
        tmp[j] = (key){L->w[L->order[v->first + j]].x1, L->order[v->first + j]};
    sort_keys(tmp, v->n);
    v->y1 = INFINITY;
    v->y2 = -INFINITY;
    double hsum = 0;
    for (size_t j = 0; j < v->n; j++) {
        const word *w = &L->w[tmp[j].i];
        L->order[v->first + j] = tmp[j].i;
        v->y1 = dmin(v->y1, w->y1);
        v->y2 = dmax(v->y2, w->y2);
        hsum += word_h(w);
        if (j > 0 && w->x1 < L->w[tmp[j - 1].i].x2 - 0.2 * word_h(w))
            v->bad = 1;
    }
    word *w0 = &L->w[tmp[0].i];
    v->marker = v->n >= 2 && is_marker(L->text + w0->from, w0->to - w0->from);
    v->h = hsum / (double)v->n;
}

static int build_lines(layout *L)
{
    key *k = malloc((L->nw ? L->nw : 1) * sizeof *k);
    L->order = malloc((L->nw ? L->nw : 1) * sizeof *L->order);
    L->ln = malloc((L->nw ? L->nw : 1) * sizeof *L->ln);
    if (k == NULL || L->order == NULL || L->ln == NULL) {
        free(k);
        return -1;
    }
    size_t n = 0;
    for (size_t i = 0; i < L->nw; i++)
        if (!L->w[i].rot)
            k[n++] = (key){(L->w[i].y1 + L->w[i].y2) / 2, i};
    sort_keys(k, n);
    for (size_t j = 0; j < n; j++)
        L->order[j] = k[j].i;
    for (size_t j = 0; j < n;) {
        const word *a = &L->w[k[j].i];
        size_t e = j + 1;
        while (e < n && k[e].v - k[j].v <= SAME_LINE * dmin(word_h(a), word_h(&L->w[k[e].i])))
            e++;
        vline *v = &L->ln[L->nln];
        *v = (vline){j, e - j, 0, 0, 0, 0, 0};
        for (size_t m = j; m < e; m++)
            L->w[k[m].i].line = (int)L->nln;
        L->nln++;
        j = e;
    }
    for (size_t i = 0; i < L->nln; i++)
        finish_line(L, &L->ln[i], k);
    free(k);
    return 0;
}

static const word *line_word(const layout *L, const vline *v, size_t j)
{
    return &L->w[L->order[v->first + j]];
}

/* ---- 3. tables ------------------------------------------------------------ */

/* The cover of a set of lines: sorted, disjoint spans, each at least tol
 * from the next. */
typedef struct cover {
    span s[MAX_COLS + 1];
    size_t n;
    int full; /* more spans than MAX_COLS: no table */
} cover;

static void cover_add(cover *c, double a, double b, double tol)
{
    size_t i = 0;
    while (i < c->n && c->s[i].b + tol < a)
        i++;
    size_t j = i;
    while (j < c->n && c->s[j].a - tol <= b) {
        a = dmin(a, c->s[j].a);
        b = dmax(b, c->s[j].b);
        j++;
    }
    if (j == i && c->n == MAX_COLS + 1) {
        c->full = 1;
        return;
    }
    size_t tail = c->n - j;
    memmove(&c->s[i + 1], &c->s[j], tail * sizeof c->s[0]);
    c->s[i] = (span){a, b};
    c->n = i + 1 + tail;
}

static void cover_line(cover *c, const layout *L, const vline *v, double tol)
{
    for (size_t j = v->marker; j < v->n; j++) {
        const word *w = line_word(L, v, j);
        cover_add(c, j == 1 && v->marker ? line_word(L, v, 0)->x1 : w->x1, w->x2, tol);
    }
}

/* Does line v have a gap that separates cells? */
static int has_cell_gap(const layout *L, const vline *v)
{
    if (v->bad || v->n < 2)
        return 0;
    double min_gap = INFINITY;
    size_t j0 = 1 + (size_t)v->marker;
    for (size_t j = j0; j < v->n; j++)
        min_gap = dmin(min_gap, line_word(L, v, j)->x1 - line_word(L, v, j - 1)->x2);
    for (size_t j = j0; j < v->n; j++) {
        const word *a = line_word(L, v, j - 1), *b = line_word(L, v, j);
        double gap = b->x1 - a->x2;
        int spaced = b == a + 1 && b->sep == SEP_SPACE;
        if (gap >= STRONG_GAP * v->h || (gap >= CELL_GAP * v->h && (gap >= 2 * min_gap || !spaced)))
            return 1;
    }
    return 0;
}

/* Gutters of old that are still (partly) free in next. */
static size_t gutters_kept(const cover *old, const cover *next)
{
    size_t kept = 0;
    for (size_t i = 0; i + 1 < old->n; i++) {
        double a = old->s[i].b, b = old->s[i + 1].a;
        for (size_t j = 0; j + 1 < next->n; j++)
            if (next->s[j].b < b && next->s[j + 1].a > a) {
                kept++;
                break;
            }
    }
    return kept;
}

/* May line li join the candidate whose lines are [l0, li)? */
static int joins(const layout *L, const cover *c, size_t l0, size_t li, double h, double max_gap)
{
    const vline *v = &L->ln[li], *p = &L->ln[li - 1];
    double gap = v->y1 - p->y2;
    if (v->bad || gap < -0.2 * h || gap > ROW_GAP_MAX * h || v->h > 1.4 * h || v->h < 0.7 * h)
        return 0; /* overlapping, far below, or in another size of type */
    if (li - l0 >= 2 && gap > max_gap + 0.5 * h)
        return 0;
    cover n = *c;
    cover_line(&n, L, v, GUTTER * h);
    size_t old_g = c->n - 1, kept = gutters_kept(c, &n);
    return !n.full && n.n >= 2 && 2 * (old_g - kept) <= old_g;
}

static int col_of(const table *t, const word *w)
{
    double x = (w->x1 + w->x2) / 2;
    for (size_t c = 0; c + 1 < t->ncols; c++)
        if (x < (t->cols[c].b + t->cols[c + 1].a) / 2)
            return (int)c;
    return (int)t->ncols - 1;
}

/* Columns from the cover of t's lines, and each word's column. */
static void assign_cols(layout *L, table *t)
{
    cover c = {.n = 0};
    for (size_t l = t->l0; l < t->l1; l++)
        cover_line(&c, L, &L->ln[l], GUTTER * t->h);
    t->ncols = c.n < MAX_COLS ? c.n : MAX_COLS;
    memcpy(t->cols, c.s, t->ncols * sizeof c.s[0]);
    for (size_t l = t->l0; l < t->l1; l++)
        for (size_t j = 0; j < L->ln[l].n; j++) {
            word *w = &L->w[L->order[L->ln[l].first + j]];
            w->col = col_of(t, w);
        }
}

/* Number of columns line l has words in. */
static size_t cols_used(const layout *L, size_t l)
{
    const vline *v = &L->ln[l];
    size_t n = 0;
    for (size_t j = 0; j < v->n; j++)
        n += j == 0 || line_word(L, v, j)->col != line_word(L, v, j - 1)->col;
    return n;
}

/* The first (last: the last) word of line l in column c, or NULL. */
static const word *in_col(const layout *L, size_t l, int c, int last)
{
    const vline *v = &L->ln[l];
    const word *found = NULL;
    for (size_t j = 0; j < v->n; j++) {
        const word *w = line_word(L, v, j);
        if (w->col == c) {
            if (!last)
                return w;
            found = w;
        }
    }
    return found;
}

/* Would the first word of one of line l's cells have fitted on its
 * column's last line above it within the row that starts at line r0? */
static int would_fit(const layout *L, const table *t, size_t r0, size_t l)
{
    const vline *v = &L->ln[l];
    for (size_t j = 0; j < v->n; j++) {
        const word *w = line_word(L, v, j);
        if (j > 0 && line_word(L, v, j - 1)->col == w->col)
            continue;
        for (size_t m = l; m-- > r0;) {
            const word *above = in_col(L, m, w->col, 1);
            if (above == NULL)
                continue;
            if (above->x2 + 0.25 * t->h + (w->x2 - w->x1) <= t->cols[w->col].b)
                return 1;
            break;
        }
    }
    return 0;
}

/* L->start[l]: does line l of t start a row (else it continues the one above)? */
static void mark_rows(layout *L, const table *t)
{
    double row_gap = INFINITY;
    for (size_t l = t->l0 + 1; l < t->l1; l++)
        if (in_col(L, l, 0, 0) != NULL)
            row_gap = dmin(row_gap, L->ln[l].y1 - L->ln[l - 1].y2);
    L->start[t->l0] = 1;
    size_t r0 = t->l0;
    for (size_t l = t->l0 + 1; l < t->l1; l++) {
        double gap = L->ln[l].y1 - L->ln[l - 1].y2;
        int cont =
            in_col(L, l, 0, 0) == NULL && gap < row_gap - 0.15 * t->h && !would_fit(L, t, r0, l);
        L->start[l] = !cont;
        if (!cont)
            r0 = l;
    }
}

static int lower_at(const char *s)
{
    unsigned char c = (unsigned char)s[0], d = (unsigned char)s[1];
    return (c >= 'a' && c <= 'z') || (c == 0xC3 && d >= 0xA0 && d <= 0xBF && d != 0xB7);
}

/* Text boxes side by side: a line with words in the first column and
 * another goes on with the prose of a full line above it, twice (once in a
 * candidate of fewer than four lines). */
static int flows(const layout *L, const table *t)
{
    int n = 0;
    for (size_t l = t->l0 + 1; l < t->l1 && n < 2; l++) {
        if (in_col(L, l, 0, 0) == NULL || cols_used(L, l) < 2)
            continue;
        for (size_t c = 0; c < t->ncols; c++) {
            const word *w = in_col(L, l, (int)c, 0), *above = in_col(L, l - 1, (int)c, 1);
            const span *s = &t->cols[c];
            if (w != NULL && above != NULL && above->x2 >= s->a + 0.8 * (s->b - s->a) &&
                lower_at(L->text + w->from)) {
                n++;
                break;
            }
        }
    }
    return n >= 2 || (n == 1 && t->l1 - t->l0 < 4);
}

/* Lines from l0 down that join a candidate table; returns its end. */
static size_t grow(const layout *L, size_t l0, double h)
{
    cover c = {.n = 0};
    cover_line(&c, L, &L->ln[l0], GUTTER * h);
    double max_gap = 0;
    size_t l = l0 + 1;
    while (l < L->nln && joins(L, &c, l0, l, h, max_gap)) {
        max_gap = dmax(max_gap, L->ln[l].y1 - L->ln[l - 1].y2);
        cover_line(&c, L, &L->ln[l], GUTTER * h);
        l++;
    }
    return l;
}

/* A table starting at line l0: 1; none: 0, or -1 when its lines are text
 * boxes side by side (none of them starts a table then). */
static int try_table(layout *L, size_t l0, table *t)
{
    *t = (table){.l0 = l0, .h = L->ln[l0].h};
    t->l1 = grow(L, l0, t->h);
    for (;;) {
        assign_cols(L, t);
        mark_rows(L, t);
        size_t e = t->l1;
        while (e - t->l0 > 1 && cols_used(L, e - 1) < 2 && L->start[e - 1] &&
               L->ln[e - 1].y1 - L->ln[e - 2].y2 > 0.3 * t->h)
            e--;
        if (e == t->l1)
            break;
        t->l1 = e;
    }
    size_t multi = 0;
    for (size_t l = t->l0; l < t->l1; l++)
        multi += cols_used(L, l) >= 2;
    if (multi < 2)
        return 0;
    return flows(L, t) ? -1 : 1;
}

static int find_tables(layout *L)
{
    L->start = malloc(L->nln ? L->nln : 1);
    if (L->start == NULL)
        return -1;
    for (size_t l = 0; l < L->nln;) {
        table t;
        int found = has_cell_gap(L, &L->ln[l]) ? try_table(L, l, &t) : 0;
        if (found <= 0) {
            l = found < 0 ? t.l1 : l + 1;
            continue;
        }
        void *arr = L->tb;
        int rc = room_for_one(&arr, L->ntb, &L->tbcap, sizeof *L->tb);
        L->tb = arr;
        if (rc != 0)
            return -1;
        for (size_t m = t.l0; m < t.l1; m++)
            for (size_t j = 0; j < L->ln[m].n; j++)
                L->w[L->order[L->ln[m].first + j]].table = (int)L->ntb;
        L->tb[L->ntb++] = t;
        l = t.l1;
    }
    return 0;
}

/* ---- 5. output -------------------------------------------------------------- */

static int ends_with_letter(const char *s, size_t n)
{
    unsigned char c = n > 0 ? (unsigned char)s[n - 1] : 0;
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* Word w after prev in a cell; new_line: w is on a line below prev. */
static int put_cell_word(sk_buf *out, const layout *L, const word *prev, const word *w, double h,
                         sk_err *err)
{
    int rc = SK_OK;
    if (prev != NULL && prev->line != w->line) {
        const char *p = L->text + prev->from;
        size_t n = prev->to - prev->from;
        if (n >= 2 && (unsigned char)p[n - 2] == 0xC2 && (unsigned char)p[n - 1] == 0xAD) {
            out->len -= 2; /* a soft hyphen at the line end: the word goes on */
            out->data[out->len] = '\0';
        } else if (!(n >= 2 && p[n - 1] == '-' && ends_with_letter(p, n - 1) &&
                     lower_at(L->text + w->from))) {
            rc = sk_buf_putc(out, ' ', err);
        }
    } else if (prev != NULL && w->x1 - prev->x2 > 0.1 * h) {
        rc = sk_buf_putc(out, ' ', err);
    }
    return rc == SK_OK ? sk_buf_append(out, L->text + w->from, w->to - w->from, err) : rc;
}

/* Column c of the row made of lines [r0, r1); *tabs: tabs owed before it. */
static int put_cell(sk_buf *out, const layout *L, const table *t, size_t r0, size_t r1, int c,
                    size_t *tabs, sk_err *err)
{
    const word *prev = NULL;
    int rc = SK_OK;
    for (size_t l = r0; l < r1 && rc == SK_OK; l++)
        for (size_t j = 0; j < L->ln[l].n && rc == SK_OK; j++) {
            const word *w = line_word(L, &L->ln[l], j);
            if (w->col != c)
                continue;
            for (; prev == NULL && *tabs > 0 && rc == SK_OK; --*tabs)
                rc = sk_buf_putc(out, '\t', err);
            if (rc == SK_OK)
                rc = put_cell_word(out, L, prev, w, t->h, err);
            prev = w;
        }
    return rc;
}

static int put_table(sk_buf *out, const layout *L, const table *t, sk_err *err)
{
    int rc = SK_OK;
    for (size_t r0 = t->l0; r0 < t->l1 && rc == SK_OK;) {
        size_t r1 = r0 + 1;
        while (r1 < t->l1 && !L->start[r1])
            r1++;
        if (r0 > t->l0)
            rc = sk_buf_putc(out, '\n', err);
        size_t tabs = 0;
        for (size_t c = 0; c < t->ncols && rc == SK_OK; c++) {
            tabs += c > 0;
            rc = put_cell(out, L, t, r0, r1, (int)c, &tabs, err);
        }
        r0 = r1;
    }
    return rc;
}

static char separator(const word *last, const word *w, int after_table)
{
    if (after_table || w->sep == SEP_NL)
        return '\n';
    if (w->sep == SEP_SPACE)
        return ' ';
    if (w->sep == SEP_GLUE)
        return boxes_on_one_line(last->y1, last->y2, w->y1, w->y2) ? '\t' : '\n';
    return '\0';
}

static int emit(sk_buf *out, layout *L, sk_err *err)
{
    int rc = SK_OK, after_table = 0;
    const word *last = NULL;
    for (size_t i = 0; i < L->nw && rc == SK_OK; i++) {
        const word *w = &L->w[i];
        if (w->table >= 0) {
            table *t = &L->tb[w->table];
            if (!t->emitted && (last != NULL || after_table))
                rc = sk_buf_putc(out, '\n', err);
            if (!t->emitted && rc == SK_OK)
                rc = put_table(out, L, t, err);
            t->emitted = 1;
            after_table = 1;
            continue;
        }
        char sep = last != NULL || after_table ? separator(last, w, after_table) : '\0';
        if (sep != '\0')
            rc = sk_buf_putc(out, sep, err);
        if (rc == SK_OK)
            rc = sk_buf_append(out, L->text + w->from, w->to - w->from, err);
        last = w;
        after_table = 0;
    }
    return rc;
}

int sk_layout_append(sk_buf *out, const char *text, size_t len, const sk_layout_box *boxes,
                     size_t n_boxes, sk_err *err)
{
    layout L = {.text = text};
    int ok = scan_words(&L, text, len, boxes, n_boxes), rc;
    if (ok > 0 && (build_lines(&L) != 0 || find_tables(&L) != 0))
        ok = -1;
    if (ok < 0)
        rc = sk_err_set(err, SK_ENOMEM, "out of memory");
    else if (ok == 0)
        rc = sk_utf8_repair_nul(out, text, len, err);
    else
        rc = emit(out, &L, err);
    free(L.w);
    free(L.order);
    free(L.ln);
    free(L.tb);
    free(L.start);
    return rc;
}
