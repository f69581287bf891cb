/* test_ocr.c: OCR of scanned pages (indexer/ocr.c, and its use in
 * indexer/extract_pdf.c through sk_extract()).
 *
 * Fixtures are made here with cairo: a "scan" is text drawn into an image
 * surface at 200 dpi and painted into a PDF page as an image. Tests that run
 * Tesseract are skipped only when the Norwegian traineddata is missing
 * (scripts/install-deps installs tesseract-ocr-nor). */
#include "testutil.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <limits.h>
#include <sys/stat.h>

#include "saksok/indexer/extract.h"
#include "saksok/indexer/ocr.h"

static char *tmpdir;
static sk_ocr *engine; /* one engine for the whole binary, as an indexer job would */

#define SCAN_DPI 200.0
#define A4_W 595.0
#define A4_H 842.0

/* ---- fixtures ------------------------------------------------------------ */

enum kind { PAGE_TEXT, PAGE_SCAN, PAGE_SCAN_JUNK, PAGE_PHOTO_CAPTION, PAGE_BLANK };

/* Lines of text (separated by '\n') drawn at (x, y) pt, 16 pt apart. */
static void draw_lines(cairo_t *cr, const char *text, double x, double y, double size)
{
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
    char line[512];
    const char *p = text;
    while (*p) {
        size_t k = strcspn(p, "\n");
        snprintf(line, sizeof line, "%.*s", (int)k, p);
        cairo_move_to(cr, x, y);
        cairo_show_text(cr, line);
        y += size * 1.6;
        p += k;
        if (*p == '\n')
            p++;
    }
}

/* An A4 page "scanned" at 200 dpi: text in an image, nothing else. */
static cairo_surface_t *scan_image(const char *text)
{
    int w = (int)(A4_W / 72.0 * SCAN_DPI), h = (int)(A4_H / 72.0 * SCAN_DPI);
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(img);
    cairo_set_source_rgb(cr, 0.97, 0.97, 0.95); /* paper */
    cairo_paint(cr);
    cairo_scale(cr, SCAN_DPI / 72.0, SCAN_DPI / 72.0);
    cairo_rotate(cr, 0.6 * 3.14159265 / 180.0); /* a slightly skewed sheet */
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    draw_lines(cr, text, 72, 96, 14);
    cairo_destroy(cr);
    return img;
}

static void paint_image(cairo_t *cr, cairo_surface_t *img, double x, double y, double w)
{
    double scale = w / cairo_image_surface_get_width(img);
    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_scale(cr, scale, scale);
    cairo_set_source_surface(cr, img, 0, 0);
    cairo_paint(cr);
    cairo_restore(cr);
}

static const char text_page[] = "Saksframlegg til Fagutvalget\n"
                                "Direktoratet for e-helse legger fram utkast til plan for\n"
                                "felles grunnmur. Utvalget bes om innspill til prioriteringene.\n"
                                "Tiltakene omfatter kjernejournal, e-resept og helsenorge.no,\n"
                                "og gjennomføres i perioden 2021 til 2025.";

static const char scan_text[] = "Referat fra møtet i Fagutvalget\n"
                                "Vedtak: Utvalget støtter forslaget om blåbærsyltetøy.\n"
                                "Ærlig talt er dette øyeblikkelig hjelp.\n"
                                "Signert: Åse Brøndbø, leder";

/* junk characters as an invisible (here: tiny white) OCR layer leaves them */
static const char junk_text[] = "xq#7 ~~k3 ]]zv Q%r 8@@ p}}w ^^x Bq|z ##n ~t~ zz$ (kq) @@@ %%j\n"
                                "ww| ;;x x9x9 }{q rr# ~~ @q@ [[t] xxx| q&q Zz7 !!k ^vv %%% #q#";

static const char caption[] = "Vedlegg 2";

/* Write a PDF with one A4 page per kind. */
static void make_pdf(const char *path, const enum kind *kinds, int n)
{
    cairo_surface_t *s = cairo_pdf_surface_create(path, A4_W, A4_H);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    cairo_t *cr = cairo_create(s);
    for (int i = 0; i < n; i++) {
        cairo_surface_t *img = NULL;
        switch (kinds[i]) {
        case PAGE_TEXT:
            cairo_set_source_rgb(cr, 0, 0, 0);
            draw_lines(cr, text_page, 72, 96, 11);
            break;
        case PAGE_SCAN:
            img = scan_image(scan_text);
            paint_image(cr, img, 0, 0, A4_W);
            break;
        case PAGE_SCAN_JUNK:
            img = scan_image(scan_text);
            paint_image(cr, img, 0, 0, A4_W);
            cairo_set_source_rgb(cr, 1, 1, 1);
            draw_lines(cr, junk_text, 40, 800, 3);
            break;
        case PAGE_PHOTO_CAPTION:
            img = scan_image(scan_text);
            paint_image(cr, img, 36, 60, A4_W - 72);
            cairo_set_source_rgb(cr, 0, 0, 0);
            draw_lines(cr, caption, 72, 40, 10);
            break;
        case PAGE_BLANK: break;
        }
        if (img != NULL)
            cairo_surface_destroy(img);
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(s);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
}

static const enum kind mixed[] = {PAGE_TEXT, PAGE_SCAN, PAGE_SCAN_JUNK, PAGE_PHOTO_CAPTION,
                                  PAGE_BLANK};
#define N_MIXED 5
static char mixed_pdf[PATH_MAX];

/* ---- warnings ------------------------------------------------------------ */

typedef struct warnings {
    int n;
    int pages[16];
    char msgs[16][SK_ERR_MSG_SIZE];
} warnings;

static void collect(int page, const char *msg, void *payload)
{
    warnings *w = payload;
    if (w->n < 16) {
        w->pages[w->n] = page;
        snprintf(w->msgs[w->n], sizeof w->msgs[0], "%s", msg);
    }
    w->n++;
}

static int need_ocr(void)
{
    return engine != NULL;
}

#define SKIP_WITHOUT_NOR()                                                                   \
    do {                                                                                     \
        if (!need_ocr()) {                                                                   \
            print_message("nor traineddata missing (install tesseract-ocr-nor): skipped\n"); \
            skip();                                                                          \
        }                                                                                    \
    } while (0)

static void extract(sk_extracted *x, const char *path, const sk_extract_opts *o,
                    sk_extract_stats *st)
{
    sk_err err = SK_ERR_INIT;
    int rc = sk_extract(x, path, o, st, &err);
    if (rc != SK_OK)
        fail_msg("%s: %s %s", path, sk_code_name(rc), err.msg);
}

/* ---- the rule, on facts -------------------------------------------------- */

static void ocr__decide_table(void **state)
{
    (void)state;
    static const struct {
        double page, image;
        size_t chars, tokens, plausible;
        sk_ocr_reason want;
    } rows[] = {
        {A4_W * A4_H, 0, 2500, 400, 390, SK_OCR_NOT_NEEDED},           /* typed page */
        {A4_W * A4_H, 0, 0, 0, 0, SK_OCR_NOT_NEEDED},                  /* blank page */
        {A4_W * A4_H, 0.05 * A4_W * A4_H, 0, 0, 0, SK_OCR_NOT_NEEDED}, /* only a logo */
        {A4_W * A4_H, A4_W * A4_H, 0, 0, 0, SK_OCR_NO_TEXT},           /* scan */
        {A4_W * A4_H, 0.9 * A4_W * A4_H, 9, 2, 2, SK_OCR_SPARSE},      /* photo + caption */
        {A4_W * A4_H, A4_W * A4_H, 2200, 350, 330, SK_OCR_NOT_NEEDED}, /* scan, good OCR layer */
        {A4_W * A4_H, A4_W * A4_H, 600, 120, 20, SK_OCR_JUNK},         /* scan, junk layer */
        {A4_W * A4_H, 0, 900, 150, 30, SK_OCR_JUNK},                   /* broken font encoding */
        {A4_W * A4_H, A4_W * A4_H, 200, 3, 0, SK_OCR_NOT_NEEDED},      /* too few tokens to judge */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        sk_ocr_facts f = {rows[i].page, rows[i].image, rows[i].chars, rows[i].tokens,
                          rows[i].plausible};
        sk_ocr_reason got = sk_ocr_decide(&f);
        if (got != rows[i].want)
            fail_msg("row %zu: got %s, want %s", i, sk_ocr_reason_name(got),
                     sk_ocr_reason_name(rows[i].want));
    }
}

/* sk_ocr_needs_image_area() is exact: where it says no, every image area
 * (up to the page's) gives the same reason; where it says yes, two differ. */
static void ocr__image_area_needed_only_where_it_decides(void **state)
{
    (void)state;
    static const double pages[] = {0, A4_W * A4_H, 842 * 595, 1190.55 * 841.89, 200 * 100};
    static const size_t chars[] = {0, 1, 9, 30, 90, 96, 97, 98, 140, 193, 194, 3000};
    static const size_t toks[][2] = {{0, 0}, {3, 0}, {4, 1}, {4, 2}, {10, 4}, {10, 5}, {50, 50}};
    size_t needed = 0, not_needed = 0;
    for (size_t p = 0; p < sizeof pages / sizeof pages[0]; p++)
        for (size_t c = 0; c < sizeof chars / sizeof chars[0]; c++)
            for (size_t t = 0; t < sizeof toks / sizeof toks[0]; t++) {
                sk_ocr_facts f = {pages[p], 0, chars[c], toks[t][0], toks[t][1]};
                int needs = sk_ocr_needs_image_area(&f);
                int differ = 0;
                sk_ocr_reason first = sk_ocr_decide(&f);
                for (int k = 1; k <= 1000; k++) {
                    f.image_area = pages[p] * k / 1000.0;
                    differ |= sk_ocr_decide(&f) != first;
                }
                if (needs != differ)
                    fail_msg("page %g chars %zu tokens %zu/%zu: needs %d, reasons differ %d",
                             pages[p], chars[c], toks[t][1], toks[t][0], needs, differ);
                needed += (size_t)needs;
                not_needed += (size_t)!needs;
            }
    assert_true(needed > 50 && not_needed > 50);
    /* A typed A4 page and a junk layer need no image areas; a photo with a caption does. */
    sk_ocr_facts typed = {A4_W * A4_H, 0, 2500, 400, 390}, junk = {A4_W * A4_H, 0, 9, 6, 1},
                 photo = {A4_W * A4_H, 0, 9, 2, 2};
    assert_false(sk_ocr_needs_image_area(&typed));
    assert_false(sk_ocr_needs_image_area(&junk));
    assert_true(sk_ocr_needs_image_area(&photo));
}

static void ocr__token_plausible_table(void **state)
{
    (void)state;
    static const struct {
        const char *tok;
        int want;
    } rows[] = {
        {"møtet", 1},
        {"Blåbærsyltetøy", 1},
        {"e-helse", 1},
        {"(Vedtak)", 1},
        {"«strategi»,", 1},
        {"13/21", 1},
        {"26.08.2020", 1},
        {"1,5", 1},
        {"2021", 1},
        {"I", 0},
        {"ø", 0},
        {"NHN", 0},
        {"xq#7", 0},
        {"~~k3", 0},
        {"]]zv", 0},
        {"Q%r", 0},
        {"@@@", 0},
        {"x9x9", 0},
        {"-helse", 1},
        {"helse--", 1},
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0},
        {"", 0},
        {"\xff\xfe", 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int got = sk_ocr_token_plausible(rows[i].tok, strlen(rows[i].tok));
        if (got != rows[i].want)
            fail_msg("\"%s\": got %d, want %d", rows[i].tok, got, rows[i].want);
    }
}

static void ocr__text_facts_counts(void **state)
{
    (void)state;
    sk_ocr_facts f = {0};
    const char *t = "Vedtak: Utvalget støtter – xq#7 ~~k3 13/21\n\n• ]]zv";
    sk_ocr_text_facts(&f, t, strlen(t));
    assert_int_equal(f.tokens, 7); /* "–" and "•" hold no letter: not tokens */
    assert_int_equal(f.plausible_tokens, 4);
    assert_int_equal(f.text_chars, 41);
}

/* ---- the rule, on real pages --------------------------------------------- */

static void ocr__decides_per_page_kind(void **state)
{
    (void)state;
    SKIP_WITHOUT_NOR();
    sk_extracted x = {0};
    sk_extract_stats st = {0};
    warnings w = {0};
    sk_extract_opts o = SK_EXTRACT_OPTS_INIT;
    o.ocr = 1;
    o.ocr_engine = engine;
    o.warn = collect;
    o.warn_payload = &w;
    extract(&x, mixed_pdf, &o, &st);
    assert_int_equal(x.n_pages, N_MIXED);
    assert_int_equal(w.n, 0);
    /* good text page: its own text, not OCR'd */
    assert_int_equal(x.pages[0].ocr, 0);
    assert_contains(x.pages[0].text, "Utvalget bes om innspill");
    /* image only, junk layer, caption over a big image: OCR'd */
    assert_int_equal(x.pages[1].ocr, 1);
    assert_int_equal(x.pages[2].ocr, 1);
    assert_int_equal(x.pages[3].ocr, 1);
    assert_not_contains(x.pages[2].text, "xq#7");  /* junk replaced */
    assert_contains(x.pages[3].text, "Vedlegg 2"); /* caption kept before the OCR text */
    /* blank page: nothing to OCR */
    assert_int_equal(x.pages[4].ocr, 0);
    assert_int_equal(x.pages[4].text_len, 0);
    assert_int_equal(st.pages_ocred, 3);
    assert_int_equal(st.ocr_cache_hits, 0);
    assert_int_equal(st.ocr_timeouts, 0);
    assert_true(st.ocr_seconds > 0);
    sk_extracted_release(&x);
}

static void ocr__text_has_norwegian_words(void **state)
{
    (void)state;
    SKIP_WITHOUT_NOR();
    sk_extracted x = {0};
    sk_extract_opts o = SK_EXTRACT_OPTS_INIT;
    o.ocr = 1;
    o.ocr_engine = engine;
    extract(&x, mixed_pdf, &o, NULL);
    const char *t = x.pages[1].text;
    assert_int_equal(x.pages[1].number, 2);
    static const char *const words[] = {"Referat", "møtet",        "Fagutvalget",
                                        "Vedtak",  "støtter",      "blåbærsyltetøy",
                                        "Ærlig",   "øyeblikkelig", "Signert"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strstr(t, words[i]) == NULL)
            fail_msg("OCR text lacks \"%s\":\n%s", words[i], t);
    sk_extracted_release(&x);
}

static void ocr__recognise_image_directly(void **state)
{
    (void)state;
    SKIP_WITHOUT_NOR();
    cairo_surface_t *img = scan_image("Nasjonal e-helsestrategi\nBrukerundersøkelse 2022");
    int w = cairo_image_surface_get_width(img), h = cairo_image_surface_get_height(img);
    int stride = cairo_image_surface_get_stride(img);
    const unsigned char *d = cairo_image_surface_get_data(img);
    unsigned char *g = malloc((size_t)w * (size_t)h);
    assert_non_null(g);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            g[(size_t)y * (size_t)w + (size_t)x] =
                d[(size_t)y * (size_t)stride + 4u * (size_t)x + 1];
    cairo_surface_destroy(img);
    sk_ocr_image im = {g, w, h, w, (int)SCAN_DPI};
    char *text = NULL;
    size_t len = 0;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_ocr_recognise(&text, &len, engine, &im, 0, &err), SK_OK);
    assert_int_equal(len, strlen(text));
    assert_contains(text, "e-helsestrategi");
    assert_contains(text, "Brukerundersøkelse");
    free(text);
    free(g);
}

/* ---- the cache ------------------------------------------------------------ */

static void ocr__cache_second_run_ocrs_nothing(void **state)
{
    (void)state;
    SKIP_WITHOUT_NOR();
    char cache[PATH_MAX];
    tu_path(cache, sizeof cache, tmpdir, "db.ocr-cache");
    sk_extract_opts o = SK_EXTRACT_OPTS_INIT;
    o.ocr = 1;
    o.ocr_engine = engine;
    o.ocr_cache_dir = cache;
    sk_extracted a = {0}, b = {0};
    sk_extract_stats s1 = {0}, s2 = {0};
    extract(&a, mixed_pdf, &o, &s1);
    assert_int_equal(s1.pages_ocred, 3);
    assert_int_equal(s1.ocr_cache_hits, 0);
    extract(&b, mixed_pdf, &o, &s2);
    assert_int_equal(s2.pages_ocred, 0);
    assert_int_equal(s2.ocr_cache_hits, s1.pages_ocred);
    assert_true(s2.ocr_seconds == 0);
    assert_int_equal(a.n_pages, b.n_pages);
    for (size_t i = 0; i < a.n_pages; i++) {
        assert_int_equal(a.pages[i].ocr, b.pages[i].ocr);
        assert_string_equal(a.pages[i].text, b.pages[i].text);
    }
    sk_extracted_release(&a);
    sk_extracted_release(&b);
}

static void ocr__cache_put_get_roundtrip(void **state)
{
    (void)state;
    char cache[PATH_MAX];
    tu_path(cache, sizeof cache, tmpdir, "nested/dir/cache");
    unsigned char px[4 * 3] = {0, 255, 0, 255, 255, 0, 255, 0, 9, 9, 9, 9};
    sk_ocr_image im = {px, 3, 3, 4, 300};
    char key[SK_OCR_KEY_SIZE], key2[SK_OCR_KEY_SIZE], key3[SK_OCR_KEY_SIZE];
    sk_ocr_cache_key(key, &im, "nor");
    assert_int_equal(strlen(key), SK_OCR_KEY_SIZE - 1);
    px[3] = 1; /* stride padding is not part of the image */
    sk_ocr_cache_key(key2, &im, "nor");
    assert_string_equal(key, key2);
    sk_ocr_cache_key(key3, &im, "eng");
    assert_string_not_equal(key, key3);

    sk_ocr_cached found = SK_OCR_CACHE_TEXT;
    char *text = NULL;
    size_t len = 0;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_ocr_cache_get(&found, &text, &len, cache, key, 30, &err), SK_OK);
    assert_int_equal(found, SK_OCR_CACHE_MISS);
    assert_null(text);
    assert_int_equal(sk_ocr_cache_put(cache, key, "Vedtak: ærlig", 14, &err), SK_OK);
    assert_int_equal(sk_ocr_cache_get(&found, &text, &len, cache, key, 30, &err), SK_OK);
    assert_int_equal(found, SK_OCR_CACHE_TEXT);
    assert_string_equal(text, "Vedtak: ærlig");
    assert_int_equal(len, 14);
    free(text);
    /* no temporary files left behind */
    char cmd[PATH_MAX + 64];
    snprintf(cmd, sizeof cmd, "test -z \"$(find '%s' -name '.*' -type f)\"", cache);
    assert_int_equal(system(cmd), 0);

    /* a recorded timeout holds for limits up to the one that was hit */
    assert_int_equal(sk_ocr_cache_put_timeout(cache, key3, 30, &err), SK_OK);
    assert_int_equal(sk_ocr_cache_get(&found, &text, &len, cache, key3, 30, &err), SK_OK);
    assert_int_equal(found, SK_OCR_CACHE_TIMEOUT);
    assert_int_equal(sk_ocr_cache_get(&found, &text, &len, cache, key3, 120, &err), SK_OK);
    assert_int_equal(found, SK_OCR_CACHE_MISS);
    assert_int_equal(err.code, SK_OK);

    assert_int_equal(sk_ocr_cache_get(&found, &text, &len, cache, "../../etc/passwd", 30, &err),
                     SK_EINVAL);
}

static void ocr__cache_unwritable_is_a_warning(void **state)
{
    (void)state;
    SKIP_WITHOUT_NOR();
    /* a cache dir below a regular file cannot be created, even by root */
    char file[PATH_MAX], cache[PATH_MAX + 16];
    tu_path(file, sizeof file, tmpdir, "not-a-dir");
    tu_write(file, "x", 1);
    tu_path(cache, sizeof cache, file, "cache");
    sk_extracted x = {0};
    sk_extract_stats st = {0};
    warnings w = {0};
    sk_extract_opts o = SK_EXTRACT_OPTS_INIT;
    o.ocr = 1;
    o.ocr_engine = engine;
    o.ocr_cache_dir = cache;
    o.warn = collect;
    o.warn_payload = &w;
    extract(&x, mixed_pdf, &o, &st);
    assert_int_equal(st.pages_ocred, 3);
    assert_int_equal(w.n, 3);
    assert_prefix(w.msgs[0], "OCR cache: cannot create");
    assert_int_equal(x.pages[1].ocr, 1);
    sk_extracted_release(&x);
}

/* ---- time limit, switch off, no engine ------------------------------------ */

static void ocr__timeout_is_reported_and_rest_extracted(void **state)
{
    (void)state;
    SKIP_WITHOUT_NOR();
    char cache[PATH_MAX];
    tu_path(cache, sizeof cache, tmpdir, "timeout.ocr-cache");
    sk_extracted x = {0};
    sk_extract_stats st = {0};
    warnings w = {0};
    sk_extract_opts o = SK_EXTRACT_OPTS_INIT;
    o.ocr = 1;
    o.ocr_engine = engine;
    o.ocr_cache_dir = cache;
    o.ocr_page_seconds = 0.001;
    o.warn = collect;
    o.warn_payload = &w;
    extract(&x, mixed_pdf, &o, &st);
    assert_int_equal(x.n_pages, N_MIXED);
    assert_int_equal(st.ocr_timeouts, 3);
    assert_int_equal(st.pages_ocred, 0);
    assert_int_equal(w.n, 3);
    assert_int_equal(w.pages[0], 2);
    assert_int_equal(w.pages[1], 3);
    assert_int_equal(w.pages[2], 4);
    assert_string_equal(w.msgs[0], "OCR time limit of 0.001 s hit");
    /* the other pages are still there; the timed-out ones keep their layer */
    assert_contains(x.pages[0].text, "Utvalget bes om innspill");
    assert_int_equal(x.pages[1].ocr, 0);
    assert_int_equal(x.pages[1].text_len, 0);
    assert_contains(x.pages[3].text, "Vedlegg 2");
    sk_extracted_release(&x);

    /* the next run with the same limit does not try again ... */
    sk_extract_stats st2 = {0};
    w.n = 0;
    extract(&x, mixed_pdf, &o, &st2);
    assert_int_equal(st2.ocr_timeouts, 3);
    assert_int_equal(st2.pages_ocred, 0);
    assert_true(st2.ocr_seconds == 0);
    assert_prefix(w.msgs[0], "OCR time limit of 0.001 s hit (in an earlier run");
    sk_extracted_release(&x);

    /* ... a run with a longer limit does */
    sk_extract_stats st3 = {0};
    o.ocr_page_seconds = 120;
    extract(&x, mixed_pdf, &o, &st3);
    assert_int_equal(st3.ocr_timeouts, 0);
    assert_int_equal(st3.pages_ocred, 3);
    sk_extracted_release(&x);
}

static void ocr__off_means_no_ocr(void **state)
{
    (void)state;
    sk_extracted x = {0}, y = {0};
    sk_extract_stats st = {0};
    sk_extract_opts o = SK_EXTRACT_OPTS_INIT; /* ocr = 0 */
    o.ocr_engine = engine;
    extract(&x, mixed_pdf, &o, &st);
    assert_int_equal(st.pages_ocred + st.ocr_cache_hits + st.ocr_timeouts, 0);
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_extract(&y, mixed_pdf, NULL, NULL, &err), SK_OK);
    assert_int_equal(x.n_pages, y.n_pages);
    for (size_t i = 0; i < x.n_pages; i++) {
        assert_int_equal(x.pages[i].ocr, 0);
        assert_int_equal(y.pages[i].ocr, 0);
        assert_string_equal(x.pages[i].text, y.pages[i].text);
    }
    assert_int_equal(x.pages[1].text_len, 0); /* the scan has no text without OCR */
    sk_extracted_release(&x);
    sk_extracted_release(&y);
    /* NULL opts: the same */
    assert_int_equal(sk_extract(&x, mixed_pdf, NULL, &st, &err), SK_OK);
    assert_int_equal(x.pages[1].ocr, 0);
    sk_extracted_release(&x);
}

static void ocr__missing_language_fails_the_file(void **state)
{
    (void)state;
    assert_false(sk_ocr_available("xx-no-such-lang"));
    assert_false(sk_ocr_available(""));
    sk_ocr *o = NULL;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_ocr_new(&o, "xx-no-such-lang", &err), SK_ENOTFOUND);
    assert_null(o);
    assert_prefix(err.msg, "OCR language 'xx-no-such-lang' is not installed");

    sk_extracted x = {0};
    sk_extract_opts opts = SK_EXTRACT_OPTS_INIT;
    opts.ocr = 1;
    opts.ocr_lang = "xx-no-such-lang";
    sk_err err2 = SK_ERR_INIT;
    assert_int_equal(sk_extract(&x, mixed_pdf, &opts, NULL, &err2), SK_ENOTFOUND);
    assert_null(x.pages);
    assert_prefix(err2.msg, "OCR language");
}

static void ocr__html_pages_are_not_ocr(void **state)
{
    (void)state;
    char path[PATH_MAX];
    tu_path(path, sizeof path, tmpdir, "sak.html");
    const char html[] = "<html><head><title>Sak 1/22</title></head><body><p>Vedtak</p></body>"
                        "</html>";
    tu_write(path, html, sizeof html - 1);
    sk_extracted x = {0};
    sk_extract_opts o = SK_EXTRACT_OPTS_INIT;
    o.ocr = 1;
    o.ocr_engine = engine;
    extract(&x, path, &o, NULL);
    assert_int_equal(x.n_pages, 1);
    assert_int_equal(x.pages[0].ocr, 0);
    sk_extracted_release(&x);
}

/* ---- the scanned papers of corpus/scanned (scripts/make-scans) ------------- */

/* rel under the source tree: $SAKSOK_SOURCE_DIR (set by ctest), else three
 * levels up from this file (<root>/tests/unit/test_ocr.c). */
static void source_path(char *out, size_t size, const char *rel)
{
    char root[PATH_MAX];
    const char *env = getenv("SAKSOK_SOURCE_DIR");
    snprintf(root, sizeof root, "%s", env && *env ? env : __FILE__);
    for (int up = 0; up < 3 && !(env && *env); up++) {
        char *slash = strrchr(root, '/');
        if (slash == NULL) {
            strcpy(root, ".");
            break;
        }
        *slash = '\0';
    }
    int n = snprintf(out, size, "%s/%s", root, rel);
    assert_true(n > 0 && (size_t)n < size);
}

/* Code points of s with whitespace runs as one space, trimmed. */
static size_t norm_cps(const char *s, unsigned *out, size_t cap)
{
    size_t n = 0;
    int space = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p && n < cap) {
        unsigned c = *p++;
        if (c >= 0xC0) { /* the text is valid UTF-8 (extractor / make-scans) */
            int k = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
            c &= 0x3Fu >> k;
            while (k-- > 0 && *p)
                c = (c << 6) | (*p++ & 0x3Fu);
        }
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
            space = n > 0;
            continue;
        }
        if (space && n < cap)
            out[n++] = ' ';
        space = 0;
        if (n < cap)
            out[n++] = c;
    }
    return n;
}

/* 1 - edit distance / length of truth, on code points. */
static double char_accuracy(const char *truth, const char *got)
{
    enum { CAP = 8192 };
    unsigned *a = malloc(CAP * sizeof *a), *b = malloc(CAP * sizeof *b);
    size_t *prev = malloc((CAP + 1) * sizeof *prev), *cur = malloc((CAP + 1) * sizeof *cur);
    assert_true(a && b && prev && cur);
    size_t n = norm_cps(truth, a, CAP), m = norm_cps(got, b, CAP);
    for (size_t j = 0; j <= m; j++)
        prev[j] = j;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t best = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            cur[j] = best;
        }
        size_t *t = prev;
        prev = cur;
        cur = t;
    }
    double acc = n ? 1.0 - (double)prev[m] / (double)n : 0;
    free(a);
    free(b);
    free(prev);
    free(cur);
    return acc;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    assert_true(n >= 0);
    rewind(f);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

/* Each scanned page of the corpus: OCR'd, >= 95% of characters right, and
 * the words that are on no other corpus page found where they are. */
static void ocr__corpus_scans_accuracy_and_words(void **state)
{
    (void)state;
    SKIP_WITHOUT_NOR();
    static const struct {
        const char *file;
        int page;
        const char *words; /* '|'-separated, only on this page in corpus/ */
    } pages[] = {
        {"nufa/2020/2020-06-12-nufa-referat-signert", 1, "Referent"},
        {"nufa/2020/2020-06-12-nufa-referat-signert", 2, "arkivsaksnummer|Underskrevet|merknader"},
        {"nuit/2021/2021-05-20-nuit-protokoll-signert", 2, "kontrasignert|budsjettprosessen"},
        {"nuit/2021/2021-05-20-nuit-vedlegg-sak-11-21-skannet", 1, "dokumentsenteret"},
    };
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        char rel[PATH_MAX], pdf[PATH_MAX], truth_path[PATH_MAX];
        snprintf(rel, sizeof rel, "corpus/scanned/%s.pdf", pages[i].file);
        source_path(pdf, sizeof pdf, rel);
        const char *base = strrchr(pages[i].file, '/') + 1;
        snprintf(rel, sizeof rel, "tests/data/ocr/truth/%s-p%d.txt", base, pages[i].page);
        source_path(truth_path, sizeof truth_path, rel);
        sk_extracted x = {0};
        sk_extract_opts o = SK_EXTRACT_OPTS_INIT;
        o.ocr = 1;
        o.ocr_engine = engine;
        extract(&x, pdf, &o, NULL);
        assert_true((size_t)pages[i].page <= x.n_pages);
        const sk_xpage *pg = &x.pages[pages[i].page - 1];
        assert_int_equal(pg->number, pages[i].page);
        assert_int_equal(pg->ocr, 1);
        char *truth = slurp(truth_path);
        double acc = char_accuracy(truth, pg->text);
        print_message("%s p%d: character accuracy %.4f\n", base, pages[i].page, acc);
        if (acc < 0.95)
            fail_msg("%s page %d: accuracy %.4f < 0.95:\n%s", base, pages[i].page, acc, pg->text);
        char words[256];
        snprintf(words, sizeof words, "%s", pages[i].words);
        for (char *save = NULL, *w = strtok_r(words, "|", &save); w; w = strtok_r(NULL, "|", &save))
            if (strstr(pg->text, w) == NULL)
                fail_msg("%s page %d lacks \"%s\"", base, pages[i].page, w);
        free(truth);
        sk_extracted_release(&x);
    }
}

static void ocr__corpus_typed_page_of_mixed_pdf_not_ocr(void **state)
{
    (void)state;
    SKIP_WITHOUT_NOR();
    char pdf[PATH_MAX];
    source_path(pdf, sizeof pdf, "corpus/scanned/nuit/2021/2021-05-20-nuit-protokoll-signert.pdf");
    sk_extracted x = {0};
    sk_extract_stats st = {0};
    sk_extract_opts o = SK_EXTRACT_OPTS_INIT;
    o.ocr = 1;
    o.ocr_engine = engine;
    extract(&x, pdf, &o, &st);
    assert_int_equal(x.n_pages, 2);
    assert_int_equal(x.pages[0].ocr, 0);
    assert_contains(x.pages[0].text, "Endringer i representanter i NUIT");
    assert_int_equal(x.pages[1].ocr, 1);
    assert_int_equal(st.pages_ocred, 1);
    sk_extracted_release(&x);
}

/* ---- main ----------------------------------------------------------------- */

static int group_setup(void **state)
{
    (void)state;
    tmpdir = tu_tempdir();
    snprintf(mixed_pdf, sizeof mixed_pdf, "%s/mixed.pdf", tmpdir);
    make_pdf(mixed_pdf, mixed, N_MIXED);
    if (sk_ocr_available("nor")) {
        sk_err err = SK_ERR_INIT;
        if (sk_ocr_new(&engine, "nor", &err) != SK_OK) {
            fprintf(stderr, "sk_ocr_new: %s\n", err.msg);
            return -1;
        }
    }
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    sk_ocr_free(engine);
    tu_rmtree(tmpdir);
    free(tmpdir);
    /* no cairo_debug_reset_static_data(): poppler's font engine still holds
     * cairo FreeType faces of the pages it rendered, and cairo asserts */
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ocr__decide_table),
        cmocka_unit_test(ocr__image_area_needed_only_where_it_decides),
        cmocka_unit_test(ocr__token_plausible_table),
        cmocka_unit_test(ocr__text_facts_counts),
        cmocka_unit_test(ocr__decides_per_page_kind),
        cmocka_unit_test(ocr__text_has_norwegian_words),
        cmocka_unit_test(ocr__recognise_image_directly),
        cmocka_unit_test(ocr__cache_second_run_ocrs_nothing),
        cmocka_unit_test(ocr__cache_put_get_roundtrip),
        cmocka_unit_test(ocr__cache_unwritable_is_a_warning),
        cmocka_unit_test(ocr__timeout_is_reported_and_rest_extracted),
        cmocka_unit_test(ocr__off_means_no_ocr),
        cmocka_unit_test(ocr__missing_language_fails_the_file),
        cmocka_unit_test(ocr__html_pages_are_not_ocr),
        cmocka_unit_test(ocr__corpus_scans_accuracy_and_words),
        cmocka_unit_test(ocr__corpus_typed_page_of_mixed_pdf_not_ocr),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
