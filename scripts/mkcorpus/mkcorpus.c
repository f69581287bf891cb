/* sk-mkcorpus: render a small page-description file into a PDF with a real
 * text layer (pango + cairo), for saksok's test corpus.
 *
 * Usage: sk-mkcorpus [-i] [-m PAGEMAP.tsv] [-t TRUTH.tsv] [-n NAME] [-H HYPH.dic] IN.desc OUT.pdf
 *
 *   -i  images, as real bundles carry them (pictures.c): a small JPEG logo on
 *       every page and a JPEG chart or photo of 150-300 kB on about four
 *       pages in five, seeded from NAME and the page number. The text layer
 *       stays the same as without -i; without it, no byte changes.
 *   -m  append one row per page to PAGEMAP.tsv:
 *       NAME<TAB>page<TAB>first 80 characters of the page's body text
 *       (running header, footer and page number excluded; whitespace
 *       collapsed to single spaces; soft hyphens removed)
 *   -t  append the structure truth of the paper to TRUTH.tsv (P, C and D rows
 *       of tests/data/layouts/README-style truth files; see @truth below)
 *   -n  file name written in the page map and truth (default: OUT.pdf as given)
 *   -H  hyphenation dictionary (default /usr/share/hyphen/hyph_nb_NO.dic)
 *
 * Input format: UTF-8 text, one directive per line.  Blank lines and lines
 * starting with '#' are ignored.
 *
 *   @layout a4|slide        A4 portrait document or 16:9 slide deck (960x540)
 *   @meta KEY=VALUE         title, author, subject, keywords, creator, date
 *                           (date as YYYY-MM-DDThh:mm:ss, used for both the
 *                           creation and modification date)
 *   @header TEXT            a4: running header (left); slide: unused
 *   @header-right TEXT      a4: running header (right)
 *   @footer TEXT            a4: footer text left of "Side N av M";
 *                           slide: footer text in the middle of the slide foot
 *   @font FAMILY            base font family (default Carlito)
 *   @hyphenate on|off       insert soft hyphens with libhyphen (a4 default on)
 *   @markup on|off          inline **bold**, *italic*, [text](url) (default on)
 *   @page                   start a new page (slide: a new slide)
 *   @logo TEXT              slide: the "Direktoratet for e-helse" word mark
 *   @title TEXT             slide title (a4: like @h1)
 *   @h1 @h2 @h3 TEXT        headings
 *   @p TEXT                 paragraph (justified on a4)
 *   @note TEXT              small print
 *   @item MARK<TAB>TEXT     list item with its marker (bullet, "1." ...)
 *   @item2 MARK<TAB>TEXT    second-level list item
 *   @+ TEXT                 line break, then TEXT, in the previous block
 *   @table [header] [kv]    start a table; header: first row bold/shaded;
 *                           kv: first column bold (key/value form)
 *   @row C1<TAB>C2...       a table row (cells may use "\n" for line breaks)
 *   @space                  vertical space
 *   @truth KIND<TAB>FIELDS  not rendered: a fact about the structure of the
 *                           paper, written with -t on the page where the
 *                           next block (R: the next table row) is laid out:
 *     P BODY DATE                 council and meeting of the pages from here on
 *     C BODY CASE ROLE DATE       a case block begins here; it lasts until the
 *                                 next C or E (one C row per page it covers)
 *     E                           the open case block ends here
 *     R BODY CASE ROLE DATE       the next table row is a case (agenda row)
 *     M BODY CASE DATE NEEDLE     the next block quotes a case: the row goes on
 *                                 the page of the line that holds NEEDLE
 *     D BODY CASE ROLE PROPOSED DECISION   written as it is (no page)
 */
#define _POSIX_C_SOURCE 200809L
#include <cairo-pdf.h>
#include <cairo.h>
#include <hyphen.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mkcorpus.h"

/* One layout pass over a document (measuring or drawing). */
typedef struct flow {
    doc_t *doc;
    cairo_t *cr;
    int draw;        /* 1: draw; 0: measure only */
    int page;        /* current page index, 0-based */
    int total;       /* total pages (known in the drawing pass) */
    int overflow;    /* measure pass: content did not fit */
    int allow_break; /* may start new pages when full */
    double pw, ph;   /* page size */
    double left, width, top, bottom;
    double y;
    double scale;     /* font scale (slides shrink to fit) */
    GPtrArray *ptext; /* GString per page: body text */
    int track;        /* record the pages of blocks, rows and needles (truth) */
    int cur;          /* index of the block being laid out */
    int record;       /* measuring pass of -i: note where each page's text ends */
    double *ends;     /* ... y below the last body text of each page */
    int nends;
    const struct flow *measured; /* drawing pass of -i: the measuring pass */
    mk_pictures *pics;           /* ... and the paper's pictures */
    const char *name;
} flow_t;

static HyphenDict *g_hyph;

/* ---------- hyphenation ---------- */

static int is_url_token(const char *s, size_t n)
{
    static const char *pat[] = {"://", "www.", "@", ".no/", ".no", ".com", ".net", NULL};
    for (int i = 0; pat[i]; i++) {
        size_t m = strlen(pat[i]);
        for (size_t k = 0; k + m <= n; k++)
            if (memcmp(s + k, pat[i], m) == 0)
                return 1;
    }
    return 0;
}

/* Append WORD (UTF-8, letters only, NCHARS code points) to OUT with U+00AD
 * soft hyphens at the points libhyphen allows. */
static void hyphenate_word(GString *out, const char *word, size_t bytes, glong nchars)
{
    if (!g_hyph || nchars < 6 || nchars > 60) {
        g_string_append_len(out, word, (gssize)bytes);
        return;
    }
    char lat[128];
    int upper = 0;
    glong i = 0;
    for (const char *p = word; p < word + bytes; p = g_utf8_next_char(p), i++) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_isupper(c))
            upper++;
        gunichar l = g_unichar_tolower(c);
        if (l > 0xFF) {
            g_string_append_len(out, word, (gssize)bytes);
            return;
        }
        lat[i] = (char)(unsigned char)l;
    }
    lat[i] = 0;
    if (upper > 1) { /* acronyms and all-caps words stay whole */
        g_string_append_len(out, word, (gssize)bytes);
        return;
    }
    char hy[133];
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    memset(hy, 0, sizeof hy);
    if (hnj_hyphen_hyphenate3(g_hyph, lat, (int)nchars, hy, NULL, &rep, &pos, &cut, 2, 3, 2, 3) !=
        0) {
        g_string_append_len(out, word, (gssize)bytes);
        return;
    }
    i = 0;
    for (const char *p = word; p < word + bytes; i++) {
        const char *nx = g_utf8_next_char(p);
        g_string_append_len(out, p, nx - p);
        int ok = (hy[i] & 1) && i + 1 >= 2 && nchars - (i + 1) >= 3 && !(rep && rep[i]);
        if (ok)
            g_string_append(out, "\xC2\xAD");
        p = nx;
    }
    if (rep) {
        for (glong k = 0; k < nchars; k++)
            free(rep[k]);
        free(rep);
        free(pos);
        free(cut);
    }
}

/* Insert soft hyphens into all long words of S (URL-like tokens skipped). */
static char *hyphenate_text(const char *s)
{
    GString *out = g_string_new(NULL);
    const char *p = s;
    while (*p) {
        /* whitespace-delimited token */
        const char *ts = p;
        while (*p && *p != ' ' && *p != '\n' && *p != '\t')
            p++;
        size_t tl = (size_t)(p - ts);
        if (is_url_token(ts, tl)) {
            g_string_append_len(out, ts, (gssize)tl);
        } else {
            const char *q = ts;
            while (q < p) {
                gunichar c = g_utf8_get_char(q);
                if (g_unichar_isalpha(c)) {
                    const char *ws = q;
                    glong n = 0;
                    while (q < p && g_unichar_isalpha(g_utf8_get_char(q))) {
                        q = g_utf8_next_char(q);
                        n++;
                    }
                    hyphenate_word(out, ws, (size_t)(q - ws), n);
                } else {
                    const char *nx = g_utf8_next_char(q);
                    g_string_append_len(out, q, nx - q);
                    q = nx;
                }
            }
        }
        while (*p == ' ' || *p == '\n' || *p == '\t')
            g_string_append_c(out, *p++);
    }
    return g_string_free(out, FALSE);
}

/* ---------- inline markup ---------- */

static void esc_append(GString *m, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '&')
            g_string_append(m, "&amp;");
        else if (c == '<')
            g_string_append(m, "&lt;");
        else if (c == '>')
            g_string_append(m, "&gt;");
        else
            g_string_append_c(m, c);
    }
}

static int is_space_or_start(const char *s, const char *p)
{
    return p == s || p[-1] == ' ' || p[-1] == '\n' || p[-1] == '(' || p[-1] == '\t';
}

/* Convert the description's inline markup to Pango markup.  Paired **..**
 * become bold, an unpaired ** is dropped; *..* (at word edges) become
 * italic; [text](url) becomes underlined link text. */
static char *to_markup(const char *s, int markup)
{
    GString *m = g_string_new(NULL);
    if (!markup) {
        esc_append(m, s, strlen(s));
        return g_string_free(m, FALSE);
    }
    int bold = 0, ital = 0;
    const char *p = s;
    while (*p) {
        if (p[0] == '*' && p[1] == '*') {
            if (bold) {
                g_string_append(m, "</b>");
                bold = 0;
            } else if (strstr(p + 2, "**")) {
                g_string_append(m, "<b>");
                bold = 1;
            }
            p += 2;
            continue;
        }
        if (p[0] == '*' && !ital && is_space_or_start(s, p) && p[1] && p[1] != ' ' && p[1] != '*' &&
            p[1] != ')') {
            const char *e = strchr(p + 1, '*');
            if (e && e[-1] != ' ' && (e[1] == 0 || strchr(" .,;:)\n", e[1])) && !(e[1] == '*')) {
                g_string_append(m, "<i>");
                ital = 1;
                p++;
                continue;
            }
        }
        if (p[0] == '*' && ital) {
            g_string_append(m, "</i>");
            ital = 0;
            p++;
            continue;
        }
        if (p[0] == '[') {
            const char *e = strstr(p, "](");
            const char *nl = strchr(p, '\n');
            if (e && (!nl || e < nl)) {
                const char *c = strchr(e + 2, ')');
                if (c && (!nl || c < nl)) {
                    g_string_append(m, "<span foreground=\"#1a5fb4\" underline=\"single\">");
                    esc_append(m, p + 1, (size_t)(e - p - 1));
                    g_string_append(m, "</span>");
                    p = c + 1;
                    continue;
                }
            }
        }
        esc_append(m, p, 1);
        p++;
    }
    if (ital)
        g_string_append(m, "</i>");
    if (bold)
        g_string_append(m, "</b>");
    return g_string_free(m, FALSE);
}

/* ---------- layout ---------- */

static GString *cur_text(flow_t *f)
{
    while ((int)f->ptext->len <= f->page)
        g_ptr_array_add(f->ptext, g_string_new(NULL));
    return g_ptr_array_index(f->ptext, f->page);
}

static void add_text(flow_t *f, const char *s, size_t n)
{
    GString *g = cur_text(f);
    if (f->track) {
        block_t *b = &f->doc->b[f->cur];
        if (b->pfirst < 0)
            b->pfirst = f->page;
        b->plast = f->page;
    }
    if (g->len)
        g_string_append_c(g, ' ');
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)s[i] == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xAD) {
            i++;
            continue;
        }
        g_string_append_c(g, s[i]);
    }
}

static PangoLayout *make_layout(flow_t *f, const char *family, double size, int bold, double width)
{
    PangoLayout *l = pango_cairo_create_layout(f->cr);
    PangoFontDescription *fd = pango_font_description_from_string(family);
    pango_font_description_set_absolute_size(fd, size * f->scale * PANGO_SCALE);
    if (bold)
        pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    if (width > 0)
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    return l;
}

static void set_text(flow_t *f, PangoLayout *l, const char *text, int markup)
{
    char *h = f->doc->hyphenate ? hyphenate_text(text) : NULL;
    char *m = to_markup(h ? h : text, markup);
    if (!f->doc->slide) {
        /* like a word processor: no ligatures (they would also swallow soft
     * hyphens into ligature glyphs and leak them into the text layer) */
        char *w = g_strconcat("<span font_features=\"liga=0,clig=0\">", m, "</span>", NULL);
        g_free(m);
        m = w;
    }
    pango_layout_set_markup(l, m, -1);
    g_free(m);
    free(h);
}

static void draw_furniture(flow_t *f);

/* -i, measuring: the page ends at f->y. */
static void note_end(flow_t *f)
{
    if (!f->record)
        return;
    if (f->page >= f->nends) {
        f->ends = mk_xrealloc(f->ends, sizeof(double) * (size_t)(f->page + 1));
        f->nends = f->page + 1;
    }
    f->ends[f->page] = f->y;
}

/* -i, drawing: the page's pictures, before its text (see pictures.c). */
static void page_pictures(flow_t *f)
{
    const flow_t *m = f->measured;
    if (!f->draw || !f->pics || !m || f->page >= m->nends)
        return;
    GString *text = f->page < (int)m->ptext->len ? g_ptr_array_index(m->ptext, f->page) : NULL;
    mk_page_t g = {
        f->name,   f->page,          f->doc->slide,       f->pw, f->ph, f->left, f->width, f->top,
        f->bottom, m->ends[f->page], text ? text->len : 0};
    mk_pictures_page(f->pics, f->cr, &g);
}

static void new_page(flow_t *f)
{
    if (!f->allow_break) {
        f->overflow = 1;
        return;
    }
    note_end(f);
    if (f->draw) {
        draw_furniture(f);
        cairo_show_page(f->cr);
    }
    f->page++;
    f->y = f->top;
    cur_text(f);
    page_pictures(f);
}

/* Truth: the M directives of the current block whose needle starts in the
 * line at bytes [START, START+LEN) of TEXT are on the current page. */
static void track_needles(flow_t *f, const char *text, int start, int len)
{
    doc_t *d = f->doc;
    for (int i = 0; i < d->ntr; i++) {
        truth_t *t = &d->tr[i];
        if (t->kind != 'M' || t->block != f->cur || t->page >= 0)
            continue;
        const char *hit = strstr(text, t->needle);
        if (hit && hit - text >= start && hit - text < start + len)
            t->page = f->page;
    }
}

/* Draw layout L at x, line by line, breaking pages between lines. */
static void flow_layout(flow_t *f, PangoLayout *l, double x, double r, double g, double b)
{
    const char *text = pango_layout_get_text(l);
    PangoLayoutIter *it = pango_layout_get_iter(l);
    double base_y = f->y;
    double first_top = -1;
    do {
        PangoRectangle log;
        pango_layout_iter_get_line_extents(it, NULL, &log);
        double top = log.y / (double)PANGO_SCALE, h = log.height / (double)PANGO_SCALE;
        double baseline = pango_layout_iter_get_baseline(it) / (double)PANGO_SCALE;
        if (first_top < 0)
            first_top = top;
        if (base_y + top + h > f->bottom + 0.01 && f->y > f->top + 0.01) {
            new_page(f);
            if (f->allow_break)
                base_y = f->y - top;
        }
        PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
        if (f->draw) {
            cairo_set_source_rgb(f->cr, r, g, b);
            cairo_move_to(f->cr, x + log.x / (double)PANGO_SCALE, base_y + baseline);
            pango_cairo_show_layout_line(f->cr, line);
        }
        add_text(f, text + line->start_index, (size_t)line->length);
        if (f->track)
            track_needles(f, text, line->start_index, line->length);
        f->y = base_y + top + h;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
}

static void para(flow_t *f, const char *text, int markup, double size, int bold, double indent,
                 double before, double after, int justify, double r, double g, double b,
                 int keep_next)
{
    if (f->y > f->top + 0.01)
        f->y += before * f->scale;
    double w = f->width - indent;
    PangoLayout *l = make_layout(f, f->doc->font, size, bold, w);
    set_text(f, l, text, markup);
    if (justify)
        pango_layout_set_justify(l, TRUE);
    pango_layout_set_spacing(l, (int)(size * f->scale * 0.12 * PANGO_SCALE));
    if (keep_next) {
        int lh, lw;
        pango_layout_get_size(l, &lw, &lh);
        double need = lh / (double)PANGO_SCALE + 3 * size * f->scale * 1.3;
        if (f->y + need > f->bottom && f->y > f->top + 0.01 && f->allow_break)
            new_page(f);
    }
    flow_layout(f, l, f->left + indent, r, g, b);
    g_object_unref(l);
    f->y += after * f->scale;
}

static void item(flow_t *f, block_t *bl, double size)
{
    double ind = (bl->level == 2 ? 2 : 1) * size * 1.5 * f->scale;
    double mx = f->left + ind - size * 1.2 * f->scale;
    f->y += size * 0.2 * f->scale;
    double w = f->width - ind;
    PangoLayout *l = make_layout(f, f->doc->font, size, 0, w);
    set_text(f, l, bl->text->str, bl->markup);
    pango_layout_set_spacing(l, (int)(size * f->scale * 0.12 * PANGO_SCALE));
    /* the marker goes on the first line */
    int lw, lh;
    pango_layout_get_size(l, &lw, &lh);
    PangoLayoutIter *it = pango_layout_get_iter(l);
    PangoRectangle log;
    pango_layout_iter_get_line_extents(it, NULL, &log);
    double fh = log.height / (double)PANGO_SCALE;
    pango_layout_iter_free(it);
    if (f->y + fh > f->bottom && f->y > f->top + 0.01)
        new_page(f);
    PangoLayout *ml = make_layout(f, f->doc->font, size, 0, -1);
    pango_layout_set_text(ml, bl->marker, -1);
    if (f->draw) {
        cairo_set_source_rgb(f->cr, 0, 0, 0);
        cairo_move_to(f->cr, mx, f->y);
        pango_cairo_show_layout(f->cr, ml);
    }
    add_text(f, bl->marker, strlen(bl->marker));
    g_object_unref(ml);
    flow_layout(f, l, f->left + ind, 0, 0, 0);
    g_object_unref(l);
    f->y += size * 0.15 * f->scale;
}

static void table(flow_t *f, block_t *bl, double size)
{
    int nc = 0;
    for (int i = 0; i < bl->nrows; i++)
        if (bl->rows[i].n > nc)
            nc = bl->rows[i].n;
    if (nc == 0)
        return;
    double pad = 3.5 * f->scale, avail = f->width;
    double *nat = calloc((size_t)nc, sizeof(double)), *w = calloc((size_t)nc, sizeof(double));
    for (int i = 0; i < bl->nrows; i++)
        for (int c = 0; c < bl->rows[i].n; c++) {
            PangoLayout *l = make_layout(f, f->doc->font, size,
                                         (bl->header && i == 0) || (bl->kv && c == 0), -1);
            set_text(f, l, bl->rows[i].cells[c], 1);
            int pw, ph;
            pango_layout_get_size(l, &pw, &ph);
            double v = pw / (double)PANGO_SCALE + 2 * pad + 1;
            if (v > nat[c])
                nat[c] = v;
            g_object_unref(l);
        }
    double sum = 0, cap = avail / nc;
    for (int c = 0; c < nc; c++) {
        w[c] = nat[c] < cap ? nat[c] : cap;
        if (bl->kv && c == 0 && nc > 1) {
            w[c] = nat[c] < avail * 0.3 ? nat[c] : avail * 0.3;
            nat[c] = w[c];
        }
        if (w[c] < 24 * f->scale)
            w[c] = 24 * f->scale;
        sum += w[c];
    }
    double rest = avail - sum, want = 0;
    for (int c = 0; c < nc; c++)
        if (nat[c] > w[c])
            want += nat[c] - w[c];
    for (int c = 0; c < nc; c++) {
        if (want > 0 && nat[c] > w[c])
            w[c] += rest * (nat[c] - w[c]) / want;
        else if (want <= 0)
            w[c] += rest / nc;
    }
    f->y += 4 * f->scale;
    for (int i = 0; i < bl->nrows; i++) {
        row_t *row = &bl->rows[i];
        int hdr = bl->header && i == 0;
        PangoLayout **cl = calloc((size_t)nc, sizeof(PangoLayout *));
        double rh = 0;
        for (int c = 0; c < nc; c++) {
            cl[c] = make_layout(f, f->doc->font, size, hdr || (bl->kv && c == 0), w[c] - 2 * pad);
            set_text(f, cl[c], c < row->n ? row->cells[c] : "", 1);
            int pw, ph;
            pango_layout_get_size(cl[c], &pw, &ph);
            double h = ph / (double)PANGO_SCALE + 2 * pad;
            if (h > rh)
                rh = h;
        }
        if (f->y + rh > f->bottom && f->y > f->top + 0.01)
            new_page(f);
        if (f->track)
            row->page = f->page;
        double x = f->left;
        for (int c = 0; c < nc; c++) {
            if (f->draw) {
                cairo_t *cr = f->cr;
                if (hdr) {
                    cairo_set_source_rgb(cr, 0.85, 0.89, 0.93);
                    cairo_rectangle(cr, x, f->y, w[c], rh);
                    cairo_fill(cr);
                }
                cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
                cairo_set_line_width(cr, 0.6);
                cairo_rectangle(cr, x, f->y, w[c], rh);
                cairo_stroke(cr);
                cairo_set_source_rgb(cr, 0, 0, 0);
                cairo_move_to(cr, x + pad, f->y + pad);
                pango_cairo_show_layout(cr, cl[c]);
            }
            add_text(f, pango_layout_get_text(cl[c]), strlen(pango_layout_get_text(cl[c])));
            x += w[c];
            g_object_unref(cl[c]);
        }
        free(cl);
        f->y += rh;
    }
    f->y += 8 * f->scale;
    free(nat);
    free(w);
}

static void logo(flow_t *f, block_t *bl)
{
    /* word mark: a small square and two lines of text */
    double s = 30;
    if (f->draw) {
        cairo_set_source_rgb(f->cr, 0.0, 0.33, 0.55);
        cairo_rectangle(f->cr, f->left, f->y + 4, s * 0.8, s * 0.8);
        cairo_fill(f->cr);
    }
    double save = f->left, sw = f->width;
    f->left += s * 1.1;
    f->width -= s * 1.1;
    PangoLayout *l = make_layout(f, f->doc->font, 22 / f->scale, 1, f->width);
    pango_layout_set_text(l, bl->text->str, -1);
    flow_layout(f, l, f->left, 0.0, 0.33, 0.55);
    g_object_unref(l);
    f->left = save;
    f->width = sw;
    f->y += 24;
}

static void flow_block(flow_t *f, block_t *bl)
{
    int a4 = !f->doc->slide;
    switch (bl->t) {
    case B_LOGO: logo(f, bl); break;
    case B_TITLE:
        if (a4)
            para(f, bl->text->str, bl->markup, 16, 1, 0, 12, 6, 0, 0, 0.2, 0.4, 1);
        else
            para(f, bl->text->str, bl->markup, 28, 1, 0, 4, 12, 0, 0.0, 0.25, 0.45, 0);
        break;
    case B_H1:
        para(f, bl->text->str, bl->markup, a4 ? 16 : 26, 1, 0, 14, 8, 0, 0, 0.2, 0.4, 1);
        break;
    case B_H2:
        para(f, bl->text->str, bl->markup, a4 ? 13 : 22, 1, 0, 10, 5, 0, 0, 0.2, 0.4, 1);
        break;
    case B_H3: para(f, bl->text->str, bl->markup, a4 ? 11 : 20, 1, 0, 8, 3, 0, 0, 0, 0, 1); break;
    case B_P:
        para(f, bl->text->str, bl->markup, a4 ? 11 : 18, 0, 0, 0, a4 ? 6 : 7, a4, 0, 0, 0, 0);
        break;
    case B_NOTE:
        para(f, bl->text->str, bl->markup, a4 ? 9 : 12, 0, 0, 2, 4, 0, 0.25, 0.25, 0.25, 0);
        break;
    case B_ITEM: item(f, bl, a4 ? 11 : 18); break;
    case B_TABLE: table(f, bl, a4 ? 10 : 14); break;
    case B_SPACE: f->y += 12 * f->scale; break;
    case B_PAGE: break;
    }
}

static void show_simple(flow_t *f, const char *text, double size, int bold, double x, double y,
                        double w, PangoAlignment al, double r, double g, double b)
{
    if (!f->draw || !text || !*text)
        return;
    double save = f->scale;
    f->scale = 1;
    PangoLayout *l = make_layout(f, f->doc->font, size, bold, w);
    f->scale = save;
    pango_layout_set_text(l, text, -1);
    pango_layout_set_alignment(l, al);
    cairo_set_source_rgb(f->cr, r, g, b);
    cairo_move_to(f->cr, x, y);
    pango_cairo_show_layout(f->cr, l);
    g_object_unref(l);
}

static void draw_furniture(flow_t *f)
{
    doc_t *d = f->doc;
    char num[64];
    cairo_t *cr = f->cr;
    if (!d->slide) {
        show_simple(f, d->header, 9, 0, f->left, 40, f->width, PANGO_ALIGN_LEFT, 0.3, 0.3, 0.3);
        show_simple(f, d->header_right, 9, 0, f->left, 40, f->width, PANGO_ALIGN_RIGHT, 0.3, 0.3,
                    0.3);
        cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
        cairo_set_line_width(cr, 0.5);
        cairo_move_to(cr, f->left, 55);
        cairo_line_to(cr, f->left + f->width, 55);
        cairo_stroke(cr);
        snprintf(num, sizeof num, "Side %d av %d", f->page + 1, f->total);
        show_simple(f, d->footer, 9, 0, f->left, f->ph - 50, f->width, PANGO_ALIGN_LEFT, 0.3, 0.3,
                    0.3);
        show_simple(f, num, 9, 0, f->left, f->ph - 50, f->width, PANGO_ALIGN_RIGHT, 0.3, 0.3, 0.3);
    } else {
        cairo_set_source_rgb(cr, 0.0, 0.33, 0.55);
        cairo_rectangle(cr, 0, 0, f->pw, 8);
        cairo_fill(cr);
        cairo_rectangle(cr, 40, f->ph - 34, 12, 12);
        cairo_fill(cr);
        snprintf(num, sizeof num, "%d", f->page + 1);
        show_simple(f, "Direktoratet for e-helse", 11, 1, 58, f->ph - 36, 300, PANGO_ALIGN_LEFT,
                    0.0, 0.33, 0.55);
        show_simple(f, d->footer, 10, 0, 0, f->ph - 35, f->pw, PANGO_ALIGN_CENTER, 0.35, 0.35,
                    0.35);
        show_simple(f, num, 10, 0, f->pw - 140, f->ph - 35, 100, PANGO_ALIGN_RIGHT, 0.35, 0.35,
                    0.35);
    }
}

static void flow_init(flow_t *f, doc_t *d, cairo_t *cr)
{
    memset(f, 0, sizeof *f);
    f->doc = d;
    f->cr = cr;
    f->scale = 1;
    f->allow_break = 1;
    if (d->slide) {
        f->pw = 960;
        f->ph = 540;
        f->left = 56;
        f->width = 960 - 112;
        f->top = 36;
        f->bottom = 540 - 48;
    } else {
        f->pw = 595.28;
        f->ph = 841.89;
        f->left = 72;
        f->width = 595.28 - 144;
        f->top = 72;
        f->bottom = 841.89 - 72;
    }
    f->y = f->top;
    f->ptext = g_ptr_array_new();
}

/* Lay out the whole document.  Returns the number of pages. */
static int run(flow_t *f)
{
    doc_t *d = f->doc;
    cur_text(f);
    page_pictures(f);
    if (!d->slide) {
        for (int i = 0; i < d->nb; i++) {
            if (d->b[i].t == B_PAGE) {
                if (f->y > f->top + 0.01)
                    new_page(f);
                continue;
            }
            f->cur = i;
            flow_block(f, &d->b[i]);
        }
    } else {
        int i = 0;
        int first = 1;
        while (i < d->nb) {
            int j = i;
            while (j < d->nb && d->b[j].t != B_PAGE)
                j++;
            if (j > i || !first) {
                if (!first)
                    new_page(f);
                /* find the largest scale at which the slide fits on one page */
                double sc = 1.0;
                for (; sc > 0.34; sc *= 0.93) {
                    flow_t m = *f;
                    m.draw = 0;
                    m.allow_break = 0;
                    m.overflow = 0;
                    m.scale = sc;
                    m.track = 0;
                    m.ptext = g_ptr_array_new();
                    m.page = 0;
                    for (int k = i; k < j; k++)
                        flow_block(&m, &d->b[k]);
                    int ov = m.overflow || m.y > m.bottom + 0.01;
                    for (guint k = 0; k < m.ptext->len; k++)
                        g_string_free(g_ptr_array_index(m.ptext, k), TRUE);
                    g_ptr_array_free(m.ptext, TRUE);
                    if (!ov)
                        break;
                }
                f->scale = sc;
                for (int k = i; k < j; k++) {
                    f->cur = k;
                    flow_block(f, &d->b[k]);
                }
                f->scale = 1;
            }
            first = 0;
            i = j + 1;
        }
    }
    note_end(f);
    if (f->draw) {
        draw_furniture(f);
        cairo_show_page(f->cr);
    }
    return f->page + 1;
}

static void write_map(flow_t *f, const char *mapfile, const char *name)
{
    FILE *m = fopen(mapfile, "a");
    if (!m) {
        perror(mapfile);
        exit(1);
    }
    for (int p = 0; p < f->total; p++) {
        GString *g = p < (int)f->ptext->len ? g_ptr_array_index(f->ptext, p) : NULL;
        GString *n = g_string_new(NULL);
        int sp = 0;
        for (const char *s = g ? g->str : ""; *s; s++) {
            unsigned char c = (unsigned char)*s;
            if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
                sp = 1;
                continue;
            }
            if (sp && n->len)
                g_string_append_c(n, ' ');
            sp = 0;
            g_string_append_c(n, (char)c);
        }
        glong len = g_utf8_strlen(n->str, -1);
        char *pre = g_utf8_substring(n->str, 0, len < 80 ? len : 80);
        fprintf(m, "%s\t%d\t%s\n", name, p + 1, pre);
        g_free(pre);
        g_string_free(n, TRUE);
    }
    fclose(m);
}

/* ---------- truth ---------- */

/* First page with text at or after block I (the last page if none). */
static int anchor_page(const flow_t *f, int i)
{
    for (; i < f->doc->nb; i++)
        if (f->doc->b[i].pfirst >= 0)
            return f->doc->b[i].pfirst;
    return f->total - 1;
}

static void resolve_truth(const flow_t *f)
{
    doc_t *d = f->doc;
    for (int i = 0; i < d->ntr; i++) {
        truth_t *t = &d->tr[i];
        if (t->kind == 'R' && t->row < d->b[t->block].nrows)
            t->page = d->b[t->block].rows[t->row].page;
        if (t->page < 0)
            t->page = anchor_page(f, t->block);
    }
}

/* Last page of the case block opened by C directive E: up to the next C or E. */
static int span_end(const flow_t *f, int e)
{
    doc_t *d = f->doc;
    int end = d->nb, last = d->tr[e].page;
    for (int i = e + 1; i < d->ntr; i++)
        if (d->tr[i].kind == 'C' || d->tr[i].kind == 'E') {
            end = d->tr[i].block;
            break;
        }
    for (int k = d->tr[e].block; k < end; k++)
        if (d->b[k].plast > last)
            last = d->b[k].plast;
    return last;
}

/* C row: FIELDS is BODY CASE [ROLE] DATE; ROLE given for M (mention). */
static void c_row(FILE *o, const char *name, int page, const char *fields, const char *role,
                  const char *sc)
{
    const char *date = strrchr(fields, '\t');
    fprintf(o, "C\t%s\t%d\t%.*s\t%s%s%s\t%s\n", name, page + 1, (int)(date - fields), fields,
            role ? role : "", role ? "\t" : "", sc, date + 1);
}

/* Append the P and C rows of every page, then the D rows, to TRUTHFILE. */
static void write_truth(const flow_t *f, const char *truthfile, const char *name)
{
    doc_t *d = f->doc;
    FILE *o = fopen(truthfile, "a");
    if (!o) {
        perror(truthfile);
        exit(1);
    }
    resolve_truth(f);
    int *end = calloc((size_t)d->ntr + 1, sizeof(int));
    for (int i = 0; i < d->ntr; i++)
        end[i] = d->tr[i].kind == 'C' ? span_end(f, i) : -1;
    for (int p = 0; p < f->total; p++) {
        const char *facts = "-\t-";
        for (int i = 0; i < d->ntr; i++)
            if (d->tr[i].kind == 'P' && d->tr[i].page <= p)
                facts = d->tr[i].fields;
        fprintf(o, "P\t%s\t%d\t%s\n", name, p + 1, facts);
        for (int i = 0; i < d->ntr; i++) {
            const truth_t *t = &d->tr[i];
            if (t->kind == 'C' && t->page <= p && p <= end[i])
                c_row(o, name, p, t->fields, NULL, t->page == p ? "start" : "cont");
            else if (t->kind == 'R' && t->page == p)
                c_row(o, name, p, t->fields, NULL, "start");
            else if (t->kind == 'M' && t->page == p)
                c_row(o, name, p, t->fields, "mention", "start");
        }
    }
    for (int i = 0; i < d->ntr; i++)
        if (d->tr[i].kind == 'D')
            fprintf(o, "D\t%s\t%s\n", name, d->tr[i].fields);
    free(end);
    fclose(o);
}

static cairo_status_t discard(void *closure, const unsigned char *data, unsigned int length)
{
    (void)closure;
    (void)data;
    (void)length;
    return CAIRO_STATUS_SUCCESS;
}

/* The PDF's version and document information (title, author ... dates). */
static void set_metadata(cairo_surface_t *s, const doc_t *d)
{
    cairo_pdf_surface_restrict_to_version(s, CAIRO_PDF_VERSION_1_5);
    if (d->title)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, d->title);
    if (d->author)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, d->author);
    if (d->subject)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, d->subject);
    if (d->keywords)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_KEYWORDS, d->keywords);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
                                   d->creator ? d->creator : "Microsoft Word");
    const char *date = d->date ? d->date : "2020-01-01T00:00:00";
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date);
}

static void free_pages(flow_t *f)
{
    for (guint k = 0; k < f->ptext->len; k++)
        g_string_free(g_ptr_array_index(f->ptext, k), TRUE);
    g_ptr_array_free(f->ptext, TRUE);
    free(f->ends);
}

static void usage(void)
{
    fprintf(stderr, "usage: sk-mkcorpus [-i] [-m PAGEMAP.tsv] [-t TRUTH.tsv] [-n NAME] "
                    "[-H HYPH.dic] IN.desc OUT.pdf\n");
    exit(2);
}

/* Read the description IN ("-": stdin) into D, and the hyphenation
 * dictionary DICT if D hyphenates; end the program if either fails. */
static void read_doc(doc_t *d, const char *in, const char *dict)
{
    memset(d, 0, sizeof *d);
    FILE *f = strcmp(in, "-") ? fopen(in, "r") : stdin;
    if (!f) {
        perror(in);
        exit(1);
    }
    mk_parse(d, f);
    if (f != stdin)
        fclose(f);
    if (d->hyphenate) {
        g_hyph = hnj_hyphen_load(dict);
        if (!g_hyph) {
            fprintf(stderr, "sk-mkcorpus: cannot load hyphenation dictionary %s\n", dict);
            exit(1);
        }
    }
}

int main(int argc, char **argv)
{
    const char *mapfile = NULL, *truthfile = NULL, *name = NULL,
               *dict = "/usr/share/hyphen/hyph_nb_NO.dic";
    int i = 1, images = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (!strcmp(argv[i], "-i")) {
            images = 1;
            continue;
        }
        if (i + 1 >= argc)
            usage();
        if (!strcmp(argv[i], "-m"))
            mapfile = argv[++i];
        else if (!strcmp(argv[i], "-t"))
            truthfile = argv[++i];
        else if (!strcmp(argv[i], "-n"))
            name = argv[++i];
        else if (!strcmp(argv[i], "-H"))
            dict = argv[++i];
        else
            usage();
    }
    if (argc - i != 2)
        usage();
    const char *in = argv[i], *out = argv[i + 1];
    if (!name)
        name = out;

    doc_t d;
    read_doc(&d, in, dict);

    /* pass 1: count pages */
    double pw = d.slide ? 960 : 595.28, ph = d.slide ? 540 : 841.89;
    /* measure on a PDF surface too, so that font metrics (unhinted) match */
    cairo_surface_t *rs = cairo_pdf_surface_create_for_stream(discard, NULL, pw, ph);
    cairo_t *rcr = cairo_create(rs);
    flow_t m;
    flow_init(&m, &d, rcr);
    m.draw = 0;
    m.record = images;
    int pages = run(&m);

    /* pass 2: draw */
    cairo_surface_t *s = cairo_pdf_surface_create(out, pw, ph);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "sk-mkcorpus: cannot create %s\n", out);
        return 1;
    }
    set_metadata(s, &d);
    cairo_t *cr = cairo_create(s);
    flow_t fl;
    flow_init(&fl, &d, cr);
    fl.draw = 1;
    fl.track = 1;
    fl.total = pages;
    if (images) {
        fl.measured = &m;
        fl.pics = mk_pictures_new(name);
        fl.name = name;
    }
    int drawn = run(&fl);
    if (drawn != pages)
        fprintf(stderr, "sk-mkcorpus: warning: page count %d != %d\n", drawn, pages);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "sk-mkcorpus: cairo: %s\n",
                cairo_status_to_string(cairo_surface_status(s)));
        return 1;
    }
    cairo_surface_destroy(s);
    mk_pictures_free(fl.pics, name);
    if (mapfile)
        write_map(&fl, mapfile, name);
    if (truthfile)
        write_truth(&fl, truthfile, name);

    free_pages(&m);
    free_pages(&fl);
    cairo_destroy(rcr);
    cairo_surface_destroy(rs);
    mk_doc_free(&d);
    if (g_hyph)
        hnj_hyphen_free(g_hyph);
    return 0;
}
