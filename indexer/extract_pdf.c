/* extract_pdf.c: PDF -> title and per-page UTF-8 text with poppler-glib.
 *
 * The file is mapped (sk_extract_map_file(), no copy) and checked first so
 * that empty files, non-PDFs and truncated files get a clear message before
 * poppler sees them; then poppler_document_new_from_bytes() parses it where
 * it lies.
 *
 * Poppler's diagnostics ("Syntax Error: ...") need no silencing here:
 * poppler-glib (22.x) installs its own error callback that sends them to
 * g_log (domain "Poppler", level INFO), which prints nothing unless
 * G_MESSAGES_DEBUG is set.
 *
 * Text: poppler_page_get_text() and, for the same characters in the same
 * order, their boxes from poppler_page_get_text_layout() (one more walk of
 * the text page poppler keeps; the page is laid out once) go to
 * sk_layout_append() (extract_layout.h): cells never glued, tables row by
 * row. OCR text (below) is used as Tesseract gives it.
 *
 * OCR (opts->ocr, see sk_extract() in extract.h): each page's text layer is measured (page
 * area, characters, plausible tokens; the images' area from
 * poppler_page_get_image_mapping() only when sk_ocr_needs_image_area() says
 * it can change the answer: a typed page is not laid out twice) and
 * sk_ocr_decide() says whether to OCR it; such a page is
 * rendered with poppler into a cairo RGB24 surface at 300 dpi, converted to
 * 8-bit gray, hashed for the cache and, on a miss, given to Tesseract.
 */
#include "saksok/indexer/extract.h"

#include <math.h>
#include <poppler.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "extract_int.h"
#include "extract_layout.h"
#include "saksok/base/buf.h"
#include "saksok/indexer/ocr.h"

/* ---- checks before poppler ----------------------------------------------- */

static const char *find_bytes(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(hay + i, needle, k) == 0)
            return hay + i;
    return NULL;
}

/* Like Acrobat: the header may sit anywhere in the first 1024 bytes, and
 * %%EOF anywhere in the last 1024 (here: after dropping trailing whitespace
 * and NUL padding, which some writers append). */
static int precheck(const char *data, size_t len, sk_err *err)
{
    if (len == 0)
        return sk_err_set(err, SK_EFORMAT, "empty file (0 bytes)");
    if (find_bytes(data, len < 1024 ? len : 1024, "%PDF-") == NULL)
        return sk_err_set(err, SK_EFORMAT, "not a PDF file");
    size_t end = len;
    while (end > 0 && (data[end - 1] == '\0' || data[end - 1] == ' ' || data[end - 1] == '\n' ||
                       data[end - 1] == '\r' || data[end - 1] == '\t'))
        end--;
    size_t from = end > 1024 ? end - 1024 : 0;
    if (find_bytes(data + from, end - from, "%%EOF") == NULL)
        return sk_err_set(err, SK_EFORMAT,
                          "corrupt or truncated PDF (no %%%%EOF marker at the end)");
    return SK_OK;
}

/* ---- opening ------------------------------------------------------------- */

static int open_error(GError *gerr, sk_err *err)
{
    if (g_error_matches(gerr, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        return sk_err_set(err, SK_EENCRYPTED, "encrypted PDF (password required)");
    const char *what = gerr && gerr->message ? gerr->message : "poppler cannot open it";
    return sk_err_set(err, SK_EFORMAT, "corrupt or truncated PDF (%s)", what);
}

static void unmap_bytes(gpointer map)
{
    sk_extract_unmap(map);
    free(map);
}

/* Takes ownership of map (malloc'd). */
static int open_document(PopplerDocument **out, sk_extract_map *map, sk_err *err)
{
    GBytes *bytes = g_bytes_new_with_free_func(map->data, map->len, unmap_bytes, map);
    GError *gerr = NULL;
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &gerr);
    g_bytes_unref(bytes); /* the document keeps its own reference */
    int rc = SK_OK;
    if (doc == NULL)
        rc = open_error(gerr, err);
    if (gerr != NULL)
        g_error_free(gerr);
    *out = doc;
    return rc;
}

/* ---- text ---------------------------------------------------------------- */

static int read_title(PopplerDocument *doc, char **title, sk_err *err)
{
    gchar *t = poppler_document_get_title(doc);
    int rc = SK_OK;
    if (t != NULL)
        rc = sk_extract_clean_title(title, t, strlen(t), err);
    g_free(t);
    return rc;
}

/* ---- OCR of scanned pages (see ocr.h) ------------------------------------ */

#define OCR_DPI 300
#define OCR_MAX_PIXELS ((double)60e6) /* ~A2 at 300 dpi; bigger pages get fewer dpi */

typedef struct ocr_ctx {
    const sk_extract_opts *opts; /* NULL: no OCR */
    sk_extract_stats *stats;     /* never NULL (a local one if the caller gave none) */
    sk_ocr *engine;              /* opts->ocr_engine, or ours */
    int own_engine;
    double seconds; /* per-page limit */
} ocr_ctx;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void warn(ocr_ctx *c, int page, const char *fmt, ...) SK_PRINTF(3, 4);
static void warn(ocr_ctx *c, int page, const char *fmt, ...)
{
    if (c->opts->warn == NULL)
        return;
    char msg[SK_ERR_MSG_SIZE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    c->opts->warn(page, msg, c->opts->warn_payload);
}

/* The area (pt²) the page's images cover, clipped to the page (w x h pt).
 * poppler lays the page out again for it, fonts and all. */
static double image_area(PopplerPage *page, double w, double h)
{
    double area = 0;
    GList *map = poppler_page_get_image_mapping(page);
    for (GList *l = map; l != NULL; l = l->next) {
        const PopplerImageMapping *m = l->data;
        double x1 = fmax(0, fmin(m->area.x1, m->area.x2)),
               x2 = fmin(w, fmax(m->area.x1, m->area.x2));
        double y1 = fmax(0, fmin(m->area.y1, m->area.y2)),
               y2 = fmin(h, fmax(m->area.y1, m->area.y2));
        if (x2 > x1 && y2 > y1)
            area += (x2 - x1) * (y2 - y1);
    }
    poppler_page_free_image_mapping(map);
    return fmin(area, w * h); /* overlapping images */
}

/* The page's area and the text layer's facts, and the images' area only
 * where it can change the decision (sk_ocr_needs_image_area(); else 0). */
static void page_facts(sk_ocr_facts *f, PopplerPage *page, const char *text)
{
    double w = 0, h = 0;
    poppler_page_get_size(page, &w, &h);
    f->page_area = w * h;
    f->image_area = 0;
    sk_ocr_text_facts(f, text, text ? strlen(text) : 0);
    if (sk_ocr_needs_image_area(f))
        f->image_area = image_area(page, w, h);
}

/* Render page on white into an 8-bit grayscale image (malloc'd pixels). */
static int render_gray(sk_ocr_image *img, unsigned char **pixels, PopplerPage *page, sk_err *err)
{
    double w = 0, h = 0;
    poppler_page_get_size(page, &w, &h);
    double dpi = OCR_DPI;
    double px = (w * dpi / 72.0) * (h * dpi / 72.0);
    if (px > OCR_MAX_PIXELS)
        dpi *= sqrt(OCR_MAX_PIXELS / px);
    int iw = (int)ceil(w * dpi / 72.0), ih = (int)ceil(h * dpi / 72.0);
    if (iw <= 0 || ih <= 0)
        return sk_err_set(err, SK_EFORMAT, "page has no size");
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, iw, ih);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return sk_err_set(err, SK_ENOMEM, "out of memory rendering the page (%dx%d)", iw, ih);
    }
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, dpi / 72.0, dpi / 72.0);
    poppler_page_render(page, cr);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    unsigned char *g = malloc((size_t)iw * (size_t)ih);
    if (g == NULL) {
        cairo_surface_destroy(s);
        return sk_err_set(err, SK_ENOMEM, "out of memory rendering the page (%dx%d)", iw, ih);
    }
    const unsigned char *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    for (int y = 0; y < ih; y++) {
        const uint32_t *row = (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);
        unsigned char *out = g + (size_t)y * (size_t)iw;
        for (int x = 0; x < iw; x++) {
            uint32_t p = row[x]; /* RGB24: 0x00RRGGBB in native byte order */
            unsigned r = (p >> 16) & 0xFF, gr = (p >> 8) & 0xFF, b = p & 0xFF;
            out[x] = (unsigned char)((r * 299 + gr * 587 + b * 114 + 500) / 1000);
        }
    }
    cairo_surface_destroy(s);
    *pixels = g;
    img->pixels = g;
    img->width = iw;
    img->height = ih;
    img->stride = iw;
    img->dpi = (int)lround(dpi);
    return SK_OK;
}

static const char *ocr_lang(const ocr_ctx *c)
{
    return c->opts->ocr_lang ? c->opts->ocr_lang : "nor";
}

/* Cache lookup, else Tesseract (+ store). *text is NULL when the page keeps
 * its text layer (time limit, OCR failure: warned). */
static int ocr_image(char **text, size_t *len, ocr_ctx *c, int number, const sk_ocr_image *img,
                     sk_err *err)
{
    const char *dir = c->opts->ocr_cache_dir;
    char key[SK_OCR_KEY_SIZE] = "";
    if (dir != NULL) {
        double t0 = now_seconds();
        sk_ocr_cache_key(key, img, ocr_lang(c));
        c->stats->render_seconds += now_seconds() - t0;
        sk_ocr_cached found = SK_OCR_CACHE_MISS;
        sk_err cerr = SK_ERR_INIT;
        if (sk_ocr_cache_get(&found, text, len, dir, key, c->seconds, &cerr) != SK_OK) {
            warn(c, number, "%s (OCR'ing the page again)", cerr.msg);
        } else if (found == SK_OCR_CACHE_TEXT) {
            c->stats->ocr_cache_hits++;
            return SK_OK;
        } else if (found == SK_OCR_CACHE_TIMEOUT) {
            c->stats->ocr_timeouts++;
            warn(c, number, "OCR time limit of %g s hit (in an earlier run; not retried)",
                 c->seconds);
            return SK_OK;
        }
    }
    if (c->engine == NULL) {
        int rc = sk_ocr_new(&c->engine, c->opts->ocr_lang, err);
        if (rc != SK_OK)
            return rc;
        c->own_engine = 1;
    }
    sk_err oerr = SK_ERR_INIT;
    double t0 = now_seconds();
    int rc = sk_ocr_recognise(text, len, c->engine, img, c->seconds, &oerr);
    c->stats->ocr_seconds += now_seconds() - t0;
    if (rc == SK_ENOMEM)
        return sk_err_set(err, rc, "%s", oerr.msg);
    if (rc == SK_ELIMIT) {
        c->stats->ocr_timeouts++;
        warn(c, number, "%s", oerr.msg);
        sk_err perr = SK_ERR_INIT;
        if (dir != NULL && sk_ocr_cache_put_timeout(dir, key, c->seconds, &perr) != SK_OK)
            warn(c, number, "%s", perr.msg);
        return SK_OK;
    }
    if (rc != SK_OK) {
        warn(c, number, "OCR failed: %s", oerr.msg);
        return SK_OK;
    }
    c->stats->pages_ocred++;
    sk_err perr = SK_ERR_INIT;
    if (dir != NULL && sk_ocr_cache_put(dir, key, *text, *len, &perr) != SK_OK)
        warn(c, number, "%s", perr.msg);
    return SK_OK;
}

/* If the page needs OCR, replace (or, for sparse text, extend) b's text with
 * the OCR text and set *ocred. */
static int maybe_ocr(sk_buf *b, int *ocred, ocr_ctx *c, PopplerPage *page, int number, sk_err *err)
{
    *ocred = 0;
    sk_ocr_facts f;
    page_facts(&f, page, b->data);
    sk_ocr_reason why = sk_ocr_decide(&f);
    if (why == SK_OCR_NOT_NEEDED)
        return SK_OK;
    sk_ocr_image img;
    unsigned char *pixels = NULL;
    double t0 = now_seconds();
    int rc = render_gray(&img, &pixels, page, err);
    c->stats->render_seconds += now_seconds() - t0;
    char *text = NULL;
    size_t len = 0;
    if (rc == SK_OK)
        rc = ocr_image(&text, &len, c, number, &img, err);
    free(pixels);
    if (rc != SK_OK || text == NULL)
        return rc;
    if (why != SK_OCR_SPARSE)
        sk_buf_reset(b);
    else if (b->len > 0)
        rc = sk_buf_puts(b, "\n\n", err);
    if (rc == SK_OK)
        rc = sk_buf_append(b, text, len, err);
    free(text);
    if (rc == SK_OK)
        *ocred = 1;
    return rc;
}

/* ---- text ---------------------------------------------------------------- */

/* The text layer rebuilt from its character boxes (extract_layout.h): cells
 * never glued, tables row by row. Without boxes, poppler's text as it is. */
static int layer_text(sk_buf *b, PopplerPage *page, const char *text, sk_err *err)
{
    size_t len = strlen(text);
    PopplerRectangle *rects = NULL;
    guint n = 0;
    if (len == 0 || !poppler_page_get_text_layout(page, &rects, &n))
        return sk_utf8_repair_nul(b, text, len, err);
    _Static_assert(sizeof(sk_layout_box) == sizeof(PopplerRectangle) &&
                       offsetof(sk_layout_box, y2) == offsetof(PopplerRectangle, y2),
                   "a PopplerRectangle is four doubles, as sk_layout_box");
    sk_layout_box *box = malloc((n ? n : 1) * sizeof *box);
    int rc = SK_OK;
    if (box == NULL)
        rc = sk_err_set(err, SK_ENOMEM, "out of memory");
    else
        memcpy(box, rects, n * sizeof *box);
    g_free(rects);
    if (rc == SK_OK)
        rc = sk_layout_append(b, text, len, box, n, err);
    free(box);
    return rc;
}

static int page_text(sk_buf *b, int *ocred, PopplerDocument *doc, int index, ocr_ctx *c,
                     sk_err *err)
{
    *ocred = 0;
    PopplerPage *page = poppler_document_get_page(doc, index);
    if (page == NULL)
        return SK_OK; /* unloadable page: keep it, empty */
    gchar *text = poppler_page_get_text(page);
    sk_err local = SK_ERR_INIT;
    int rc = SK_OK;
    if (text != NULL)
        rc = layer_text(b, page, text, &local);
    g_free(text);
    if (rc == SK_OK && c->opts != NULL)
        rc = maybe_ocr(b, ocred, c, page, index + 1, &local);
    g_object_unref(page);
    if (rc == SK_ELIMIT)
        return sk_err_set(err, SK_ELIMIT, "page %d: text exceeds the cap of %zu bytes", index + 1,
                          SK_EXTRACT_MAX_PAGE_BYTES);
    if (rc != SK_OK)
        return sk_err_set(err, rc, "%s", local.msg);
    return SK_OK;
}

static int read_pages(sk_extracted *x, PopplerDocument *doc, ocr_ctx *c, sk_err *err)
{
    int n = poppler_document_get_n_pages(doc);
    if (n <= 0)
        return sk_err_set(err, SK_EFORMAT, "corrupt or truncated PDF (no pages)");
    x->n_pages_total = n;
    size_t total = 0;
    for (int i = 0; i < n; i++) {
        sk_buf b;
        sk_buf_init(&b, SK_EXTRACT_MAX_PAGE_BYTES);
        int ocred = 0;
        int rc = page_text(&b, &ocred, doc, i, c, err);
        total += b.len;
        if (rc == SK_OK && total > SK_EXTRACT_MAX_FILE_BYTES)
            rc = sk_err_set(err, SK_ELIMIT, "text exceeds the cap of %zu bytes per file",
                            SK_EXTRACT_MAX_FILE_BYTES);
        if (rc == SK_OK)
            rc = sk_extract_add_page(x, &b, i + 1, err);
        if (rc == SK_OK)
            x->pages[x->n_pages - 1].ocr = ocred;
        sk_buf_release(&b);
        if (rc != SK_OK)
            return rc;
    }
    return SK_OK;
}

static int extract_pdf(sk_extracted *out, const char *path, ocr_ctx *c, sk_err *err)
{
    sk_extract_map *map = malloc(sizeof *map);
    if (map == NULL)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    int rc = sk_extract_map_file(map, path, SK_EXTRACT_MAX_INPUT_BYTES, err);
    if (rc == SK_OK)
        rc = precheck(map->data, map->len, err);
    if (rc != SK_OK) {
        unmap_bytes(map);
        return rc;
    }
    PopplerDocument *doc = NULL;
    rc = open_document(&doc, map, err); /* takes map */
    if (rc != SK_OK)
        return rc;
    sk_extracted x = {0};
    x.format = SK_FORMAT_PDF;
    rc = read_title(doc, &x.title, err);
    if (rc == SK_OK)
        rc = read_pages(&x, doc, c, err);
    g_object_unref(doc);
    if (rc != SK_OK) {
        sk_extracted_release(&x);
        return rc;
    }
    sk_extract_move(out, &x);
    return SK_OK;
}

/* The back end: OCR when opts asks for it (opts->ocr), else the text layer. */
static int pdf_extract(sk_extracted *out, const char *path, const sk_extract_opts *opts,
                       sk_extract_stats *stats, sk_err *err)
{
    sk_extract_stats local = {0};
    ocr_ctx c = {0};
    if (opts != NULL && opts->ocr) {
        c.opts = opts;
        c.stats = stats != NULL ? stats : &local;
        c.engine = opts->ocr_engine;
        if (c.engine == NULL && opts->ocr_engine_keep != NULL)
            c.engine = *opts->ocr_engine_keep;
        c.seconds =
            opts->ocr_page_seconds > 0 ? opts->ocr_page_seconds : SK_EXTRACT_OCR_PAGE_SECONDS;
    }
    int rc = extract_pdf(out, path, &c, err);
    if (c.own_engine && opts->ocr_engine_keep != NULL && *opts->ocr_engine_keep == NULL)
        *opts->ocr_engine_keep = c.engine; /* the caller keeps it for the next files */
    else if (c.own_engine)
        sk_ocr_free(c.engine);
    return rc;
}

const sk_extract_backend sk_extract_backend_pdf = {
    .name = "pdf",
    .format = SK_FORMAT_PDF,
    .extract = pdf_extract,
};
