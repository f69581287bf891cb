/* test_extract_pdf.c: PDF extraction (indexer/extract_pdf.c).
 *
 * Good PDFs are made here with cairo in a temp dir; bad ones are fixtures in
 * tests/data/bad/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "../../indexer/extract_int.h"
#include "saksok/indexer/extract.h"

static char tmpdir[PATH_MAX];

/* ---- helpers ------------------------------------------------------------- */

/* out = a "/" b, failing the test if it does not fit. */
static void pathcat(char *out, size_t size, const char *a, const char *b)
{
    int n = snprintf(out, size, "%s/%s", a, b);
    assert_true(n > 0 && (size_t)n < size);
}

static void source_path(char *out, size_t size, const char *rel)
{
    const char *root = getenv("SAKSOK_SOURCE_DIR");
    if (root != NULL && *root) {
        pathcat(out, size, root, rel);
        return;
    }
    /* fallback: this file is <root>/tests/unit/test_extract_pdf.c */
    char here[PATH_MAX];
    int n = snprintf(here, sizeof here, "%s", __FILE__);
    assert_true(n > 0 && (size_t)n < sizeof here);
    for (int up = 0; up < 3; up++) {
        char *slash = strrchr(here, '/');
        if (slash == NULL) {
            strcpy(here, ".");
            break;
        }
        *slash = '\0';
    }
    pathcat(out, size, here, rel);
}

static void tmp_path(char *out, size_t size, const char *name)
{
    pathcat(out, size, tmpdir, name);
}

/* Write a PDF: one page per entry of pages (NULL entry = blank page); lines
 * within a page separated by '\n'. */
static void make_pdf(const char *path, const char *title, const char *const *pages, int n)
{
    cairo_surface_t *s = cairo_pdf_surface_create(path, 595, 842);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    if (title != NULL)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
    cairo_t *cr = cairo_create(s);
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 14);
    for (int i = 0; i < n; i++) {
        if (pages[i] != NULL) {
            char line[512];
            const char *p = pages[i];
            double y = 72;
            while (*p) {
                size_t k = strcspn(p, "\n");
                snprintf(line, sizeof line, "%.*s", (int)k, p);
                cairo_move_to(cr, 72, y);
                cairo_show_text(cr, line);
                y += 24;
                p += k;
                if (*p == '\n')
                    p++;
            }
        }
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(s);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
}

static void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb");
    assert_non_null(in);
    FILE *out = fopen(to, "wb");
    assert_non_null(out);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        assert_int_equal(fwrite(buf, 1, n, out), n);
    fclose(in);
    assert_int_equal(fclose(out), 0);
}

static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char p[PATH_MAX];
        if (snprintf(p, sizeof p, "%s/%s", dir, e->d_name) >= (int)sizeof p)
            continue;
        if (unlink(p) != 0)
            rmdir(p);
    }
    closedir(d);
    rmdir(dir);
}

static int group_setup(void **state)
{
    (void)state;
    const char *base = getenv("TMPDIR");
    int n =
        snprintf(tmpdir, sizeof tmpdir, "%s/sk-extract-pdf-XXXXXX", base && *base ? base : "/tmp");
    if (n < 0 || (size_t)n >= sizeof tmpdir)
        return -1;
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    remove_tree(tmpdir);
    cairo_debug_reset_static_data(); /* cairo's font caches, for LSan */
    return 0;
}

/* Expect failure with code and message prefix; out must stay empty. */
static void expect_fail(const char *path, int code, const char *msg_prefix)
{
    sk_extracted doc = {0};
    sk_err err = SK_ERR_INIT;
    int rc = sk_extract(&doc, path, NULL, NULL, &err);
    if (rc != code || strncmp(err.msg, msg_prefix, strlen(msg_prefix)) != 0)
        fail_msg("%s: got %s \"%s\", want %s \"%s...\"", path, sk_code_name(rc), err.msg,
                 sk_code_name(code), msg_prefix);
    assert_int_equal(err.code, code);
    assert_null(doc.pages);
    assert_null(doc.title);
    assert_int_equal(doc.n_pages, 0);
    assert_null(strchr(err.msg, '\n'));
    assert_null(strstr(err.msg, path)); /* the caller adds the path */
}

static void expect_bad_fixture(const char *name, int code, const char *msg_prefix)
{
    char path[PATH_MAX];
    char rel[PATH_MAX];
    pathcat(rel, sizeof rel, "tests/data/bad", name);
    source_path(path, sizeof path, rel);
    expect_fail(path, code, msg_prefix);
}

/* ---- good PDFs ----------------------------------------------------------- */

static const char *const three[] = {
    "Side én: Møte i Nasjonalt e-helsestyre\nSak 12/21 – porteføljen",
    "Side to: Ærlig talt, øyeblikkelig hjelp",
    "Side tre: Åpne data og blåbærsyltetøy",
};

static void extract_pdf__three_pages_text_numbers_and_title(void **state)
{
    (void)state;
    char path[PATH_MAX];
    tmp_path(path, sizeof path, "three.pdf");
    make_pdf(path, "Sak 12/21 – Nasjonal e-helseportefølje", three, 3);

    sk_extracted doc = {0};
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_extract(&doc, path, NULL, NULL, &err), SK_OK);
    assert_int_equal(err.code, SK_OK);
    assert_int_equal(doc.format, SK_FORMAT_PDF);
    assert_string_equal(doc.title, "Sak 12/21 – Nasjonal e-helseportefølje");
    assert_int_equal(doc.n_pages, 3);
    assert_int_equal(doc.n_pages_total, 3);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(doc.pages[i].number, i + 1);
        assert_int_equal(doc.pages[i].text_len, strlen(doc.pages[i].text));
    }
    assert_non_null(strstr(doc.pages[0].text, "Side én: Møte i Nasjonalt e-helsestyre"));
    assert_non_null(strstr(doc.pages[0].text, "Sak 12/21 – porteføljen"));
    /* the two lines stay two lines */
    assert_non_null(strstr(doc.pages[0].text, "e-helsestyre\nSak"));
    assert_non_null(strstr(doc.pages[1].text, "Side to: Ærlig talt, øyeblikkelig hjelp"));
    assert_non_null(strstr(doc.pages[2].text, "Side tre: Åpne data og blåbærsyltetøy"));
    /* each page only has its own text */
    assert_null(strstr(doc.pages[0].text, "Side to"));
    assert_null(strstr(doc.pages[1].text, "Side tre"));
    assert_null(strstr(doc.pages[2].text, "Side én"));

    sk_extracted_release(&doc);
    assert_null(doc.pages);
    assert_null(doc.title);
    assert_int_equal(doc.n_pages, 0);
    sk_extracted_release(&doc); /* released twice: fine */
}

static void extract_pdf__blank_page_kept_with_number(void **state)
{
    (void)state;
    const char *const pages[] = {"Første side", NULL, "Tredje side"};
    char path[PATH_MAX];
    tmp_path(path, sizeof path, "blank.pdf");
    make_pdf(path, NULL, pages, 3);

    sk_extracted doc = {0};
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_extract(&doc, path, NULL, NULL, &err), SK_OK);
    assert_int_equal(doc.n_pages, 3);
    assert_int_equal(doc.n_pages_total, 3);
    assert_int_equal(doc.pages[1].number, 2);
    assert_non_null(doc.pages[1].text);
    assert_int_equal(doc.pages[1].text_len, strlen(doc.pages[1].text));
    assert_null(strstr(doc.pages[1].text, "side"));
    assert_non_null(strstr(doc.pages[0].text, "Første side"));
    assert_non_null(strstr(doc.pages[2].text, "Tredje side"));
    assert_int_equal(doc.pages[2].number, 3);
    sk_extracted_release(&doc);
}

static void extract_pdf__no_title_metadata_gives_null(void **state)
{
    (void)state;
    const char *const pages[] = {"Uten tittel"};
    char path[PATH_MAX];
    tmp_path(path, sizeof path, "notitle.pdf");
    make_pdf(path, NULL, pages, 1);
    sk_extracted doc = {0};
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_extract(&doc, path, NULL, NULL, &err), SK_OK);
    assert_null(doc.title);
    sk_extracted_release(&doc);
}

static void extract_pdf__blank_title_gives_null(void **state)
{
    (void)state;
    const char *const pages[] = {"Tom tittel"};
    char path[PATH_MAX];
    tmp_path(path, sizeof path, "blanktitle.pdf");
    make_pdf(path, "   ", pages, 1);
    sk_extracted doc = {0};
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_extract(&doc, path, NULL, NULL, &err), SK_OK);
    assert_null(doc.title);
    sk_extracted_release(&doc);
}

static void extract_pdf__extract_dispatches_upper_case_suffix(void **state)
{
    (void)state;
    char path[PATH_MAX];
    tmp_path(path, sizeof path, "UPPER.PDF");
    make_pdf(path, "Stor", three, 1);
    sk_extracted doc = {0};
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_extract(&doc, path, NULL, NULL, &err), SK_OK);
    assert_int_equal(doc.format, SK_FORMAT_PDF);
    assert_int_equal(doc.n_pages, 1);
    assert_non_null(strstr(doc.pages[0].text, "Side én"));
    sk_extracted_release(&doc);
}

/* ---- bad PDFs ------------------------------------------------------------ */

static void extract_pdf__zero_byte_file_is_eformat(void **state)
{
    (void)state;
    expect_bad_fixture("zero-byte.pdf", SK_EFORMAT, "empty file (0 bytes)");
}

static void extract_pdf__text_file_is_not_a_pdf(void **state)
{
    (void)state;
    expect_bad_fixture("not-a-pdf.pdf", SK_EFORMAT, "not a PDF file");
}

static void extract_pdf__truncated_file_is_eformat(void **state)
{
    (void)state;
    expect_bad_fixture("truncated.pdf", SK_EFORMAT, "corrupt or truncated PDF (");
}

static void extract_pdf__garbage_after_header_is_eformat(void **state)
{
    (void)state;
    /* has %PDF- and %%EOF, so this is poppler's verdict */
    expect_bad_fixture("garbage.pdf", SK_EFORMAT, "corrupt or truncated PDF (");
}

static void extract_pdf__encrypted_file_is_eencrypted(void **state)
{
    (void)state;
    expect_bad_fixture("encrypted.pdf", SK_EENCRYPTED, "encrypted PDF (password required)");
}

static void extract_pdf__missing_file_is_eio(void **state)
{
    (void)state;
    char path[PATH_MAX];
    tmp_path(path, sizeof path, "does-not-exist.pdf");
    expect_fail(path, SK_EIO, "cannot open: no such file or directory");
}

static void extract_pdf__directory_is_eio(void **state)
{
    (void)state;
    char path[PATH_MAX];
    tmp_path(path, sizeof path, "dir.pdf");
    assert_int_equal(mkdir(path, 0755), 0);
    expect_fail(path, SK_EIO, "cannot read: is a directory");
}

static void extract_pdf__unreadable_file_is_eio(void **state)
{
    (void)state;
    if (geteuid() == 0)
        skip(); /* root reads mode-000 files */
    char path[PATH_MAX];
    tmp_path(path, sizeof path, "secret.pdf");
    make_pdf(path, NULL, three, 1);
    assert_int_equal(chmod(path, 0), 0);
    expect_fail(path, SK_EIO, "cannot open: permission denied");
}

static void extract_pdf__truncated_copy_of_good_pdf_fails_cleanly(void **state)
{
    (void)state;
    /* a cairo PDF cut at several points: never a crash, never garbage */
    char good[PATH_MAX], cut[PATH_MAX];
    tmp_path(good, sizeof good, "whole.pdf");
    tmp_path(cut, sizeof cut, "cut.pdf");
    make_pdf(good, "Hel", three, 3);
    FILE *f = fopen(good, "rb");
    assert_non_null(f);
    static char data[1 << 20];
    size_t len = fread(data, 1, sizeof data, f);
    fclose(f);
    assert_true(len > 1000 && len < sizeof data);
    const size_t cuts[] = {len / 4, len / 2, len * 3 / 4, len - 10};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        f = fopen(cut, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(data, 1, cuts[i], f), cuts[i]);
        fclose(f);
        expect_fail(cut, SK_EFORMAT, "corrupt or truncated PDF (");
    }
}

static void extract_pdf__first_error_wins(void **state)
{
    (void)state;
    char path[PATH_MAX];
    source_path(path, sizeof path, "tests/data/bad/not-a-pdf.pdf");
    sk_err err = SK_ERR_INIT;
    sk_err_set(&err, SK_EIO, "earlier");
    sk_extracted doc = {0};
    assert_int_equal(sk_extract(&doc, path, NULL, NULL, &err), SK_EFORMAT);
    assert_int_equal(err.code, SK_EIO);
    assert_string_equal(err.msg, "earlier");
}

static void extract_pdf__fixture_copy_by_its_suffix(void **state)
{
    (void)state;
    char from[PATH_MAX], to[PATH_MAX];
    source_path(from, sizeof from, "tests/data/bad/encrypted.pdf");
    tmp_path(to, sizeof to, "Kopi.Pdf");
    copy_file(from, to);
    sk_extracted doc = {0};
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_extract(&doc, to, NULL, NULL, &err), SK_EENCRYPTED);
    assert_null(doc.pages);
}

/* ---- mapping (extract_util.c) -------------------------------------------- */

static void extract_pdf__map_file_whole_empty_and_refused(void **state)
{
    (void)state;
    char path[PATH_MAX];
    tmp_path(path, sizeof path, "kart.pdf");
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite("%PDF-1.4 kart", 1, 13, f), 13);
    fclose(f);
    sk_extract_map m;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_extract_map_file(&m, path, 13, &err), SK_OK);
    assert_int_equal(m.len, 13);
    assert_memory_equal(m.data, "%PDF-1.4 kart", 13);
    sk_extract_unmap(&m);
    assert_int_equal(m.len, 0);
    assert_int_equal(sk_extract_map_file(&m, path, 12, &err), SK_ELIMIT);
    assert_string_equal(err.msg, "file too large (13 bytes; the cap is 12)");
    assert_int_equal(m.len, 0);
    sk_extract_unmap(&m);
    sk_err_clear(&err);
    f = fopen(path, "wb"); /* empty: no mapping, "" */
    assert_non_null(f);
    fclose(f);
    assert_int_equal(sk_extract_map_file(&m, path, 13, &err), SK_OK);
    assert_int_equal(m.len, 0);
    assert_string_equal(m.data, "");
    sk_extract_unmap(&m);
    tmp_path(path, sizeof path, "fifo.pdf"); /* opened without blocking, refused */
    assert_int_equal(mkfifo(path, 0600), 0);
    assert_int_equal(sk_extract_map_file(&m, path, 13, &err), SK_EIO);
    assert_string_equal(err.msg, "cannot read: not a regular file");
    sk_extract_unmap(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(extract_pdf__three_pages_text_numbers_and_title),
        cmocka_unit_test(extract_pdf__blank_page_kept_with_number),
        cmocka_unit_test(extract_pdf__no_title_metadata_gives_null),
        cmocka_unit_test(extract_pdf__blank_title_gives_null),
        cmocka_unit_test(extract_pdf__extract_dispatches_upper_case_suffix),
        cmocka_unit_test(extract_pdf__zero_byte_file_is_eformat),
        cmocka_unit_test(extract_pdf__text_file_is_not_a_pdf),
        cmocka_unit_test(extract_pdf__truncated_file_is_eformat),
        cmocka_unit_test(extract_pdf__garbage_after_header_is_eformat),
        cmocka_unit_test(extract_pdf__encrypted_file_is_eencrypted),
        cmocka_unit_test(extract_pdf__missing_file_is_eio),
        cmocka_unit_test(extract_pdf__directory_is_eio),
        cmocka_unit_test(extract_pdf__unreadable_file_is_eio),
        cmocka_unit_test(extract_pdf__truncated_copy_of_good_pdf_fails_cleanly),
        cmocka_unit_test(extract_pdf__first_error_wins),
        cmocka_unit_test(extract_pdf__fixture_copy_by_its_suffix),
        cmocka_unit_test(extract_pdf__map_file_whole_empty_and_refused),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
