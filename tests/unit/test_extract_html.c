/* test_extract_html.c: HTML extraction (indexer/extract_html.c), format
 * dispatch (indexer/extract.c) and the shared helpers (indexer/extract_util.c).
 *
 * Fixtures: tests/data/html/ (charset fixtures hold real single-byte bytes). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../indexer/extract_int.h"
#include "saksok/base/buf.h"
#include "saksok/indexer/extract.h"

static char tmpdir[PATH_MAX];

/* ---- helpers ------------------------------------------------------------- */

static void pathcat(char *out, size_t size, const char *a, const char *b)
{
    int n = snprintf(out, size, "%s/%s", a, b);
    assert_true(n > 0 && (size_t)n < size);
}

static void fixture_path(char *out, size_t size, const char *name)
{
    char dir[PATH_MAX];
    const char *root = getenv("SAKSOK_SOURCE_DIR");
    if (root != NULL && *root) {
        pathcat(dir, sizeof dir, root, "tests/data/html");
    } else { /* this file is <root>/tests/unit/test_extract_html.c */
        int n = snprintf(dir, sizeof dir, "%s", __FILE__);
        assert_true(n > 0 && (size_t)n < sizeof dir);
        char *slash = strrchr(dir, '/');
        assert_non_null(slash);
        *slash = '\0';
        char up[PATH_MAX];
        pathcat(up, sizeof up, dir, "../data/html");
        memcpy(dir, up, sizeof dir);
    }
    pathcat(out, size, dir, name);
}

static void write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static int group_setup(void **state)
{
    (void)state;
    const char *base = getenv("TMPDIR");
    int n =
        snprintf(tmpdir, sizeof tmpdir, "%s/sk-extract-html-XXXXXX", base && *base ? base : "/tmp");
    if (n < 0 || (size_t)n >= sizeof tmpdir)
        return -1;
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    DIR *d = opendir(tmpdir);
    if (d != NULL) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            char p[PATH_MAX];
            if (e->d_name[0] == '.' ||
                snprintf(p, sizeof p, "%s/%s", tmpdir, e->d_name) >= (int)sizeof p)
                continue;
            unlink(p);
        }
        closedir(d);
    }
    rmdir(tmpdir);
    return 0;
}

/* Extract a fixture; the one page's text is returned in doc->pages[0]. */
static void extract_fixture(sk_extracted *doc, const char *name)
{
    char path[PATH_MAX];
    fixture_path(path, sizeof path, name);
    sk_err err = SK_ERR_INIT;
    int rc = sk_extract(doc, path, NULL, NULL, &err);
    if (rc != SK_OK)
        fail_msg("%s: %s %s", name, sk_code_name(rc), err.msg);
    assert_int_equal(doc->format, SK_FORMAT_HTML);
    assert_int_equal(doc->n_pages, 1);
    assert_int_equal(doc->n_pages_total, 1);
    assert_int_equal(doc->pages[0].number, 0);
    assert_int_equal(doc->pages[0].text_len, strlen(doc->pages[0].text));
}

static void extract_str(sk_extracted *doc, const char *html)
{
    sk_err err = SK_ERR_INIT;
    int rc = sk_extract_html_mem(doc, html, strlen(html), &err);
    if (rc != SK_OK)
        fail_msg("%s %s", sk_code_name(rc), err.msg);
    assert_int_equal(doc->n_pages, 1);
}

#define assert_has(text, s)                                  \
    do {                                                     \
        if (strstr((text), (s)) == NULL)                     \
            fail_msg("missing \"%s\" in:\n%s", (s), (text)); \
    } while (0)
#define assert_lacks(text, s)                                   \
    do {                                                        \
        if (strstr((text), (s)) != NULL)                        \
            fail_msg("unexpected \"%s\" in:\n%s", (s), (text)); \
    } while (0)

/* ---- site chrome and structure ------------------------------------------- */

static void extract_html__main_content_only_without_chrome(void **state)
{
    (void)state;
    sk_extracted doc = {0};
    extract_fixture(&doc, "chrome-utf8.html");
    const char *t = doc.pages[0].text;
    static const char *const absent[] = {"Hopp til innhold",
                                         "informasjonskapsler",
                                         "Godta",
                                         "Direktoratlogo",
                                         "Forsiden",
                                         "Menypunkt",
                                         "Hjem",
                                         "Møtesaker",
                                         "Kontakt oss",
                                         "Personvernerklæring",
                                         "analyseskript",
                                         "skriptinnhold",
                                         "Stilarkfont",
                                         "kommentar",
                                         "javascript",
                                         "Relaterte saker",
                                         "Søk i saker",
                                         "Del på Facebook",
                                         NULL};
    for (const char *const *a = absent; *a != NULL; a++)
        assert_lacks(t, *a);
    const char *want = "Sak 12/21 – Nasjonal e-helseportefølje\n\n"
                       "Orienteringssak til Nasjonalt e-helsestyre.\n\n"
                       "Møtedato: 3. mars 2021\n\n"
                       "Bakgrunn\n\n"
                       "Porteføljen omfatter tiltak i kommunene,\u00A0helseforetakene og "
                       "fastlegene.\n\n"
                       "Første linje\nAndre linje\n\n"
                       "Kjernejournal\n\n"
                       "e-resept\n\n"
                       "Tiltak\tStatus\n"
                       "Helsenorge\tPågår\n"
                       "Felles språk\tFerdig\n\n"
                       "kode   med\n  mellomrom";
    assert_string_equal(t, want);
    assert_string_equal(doc.title,
                        "Sak 12/21 – Nasjonal e-helseportefølje | Direktoratet for e-helse");
    sk_extracted_release(&doc);
}

static void extract_html__without_main_drops_page_header_and_footer(void **state)
{
    (void)state;
    sk_extracted doc = {0};
    extract_str(&doc, "<html><body>"
                      "<div id=\"header\">Toppfelt</div>"
                      "<header>Banner</header>"
                      "<div class=\"wrap\"><div class=\"case-header\"><h1>Saksoverskrift</h1></div>"
                      "<div class=\"page-header\"><h2>Undertittel</h2></div>"
                      "<section><header><h2>Seksjonstittel</h2></header><p>Innhold</p></section>"
                      "<div role=\"navigation\">Rollenav</div>"
                      "<div class=\"footer-links\">Bunnlenker</div>"
                      "<div hidden>Skjult</div><span aria-hidden=\"true\">Ikon</span>"
                      "</div>"
                      "<footer>Bunntekst</footer></body></html>");
    const char *t = doc.pages[0].text;
    assert_string_equal(t, "Saksoverskrift\n\nUndertittel\n\nSeksjonstittel\n\nInnhold");
    assert_null(doc.title);
    sk_extracted_release(&doc);
}

static void extract_html__role_main_is_the_content_root(void **state)
{
    (void)state;
    sk_extracted doc = {0};
    extract_str(&doc, "<body><div>Utenfor</div><div role=\"main\" class=\"menu-offset\">"
                      "<p>Innenfor</p></div><div>Etter</div></body>");
    assert_string_equal(doc.pages[0].text, "Innenfor");
    sk_extracted_release(&doc);
}

static void extract_html__articles_when_no_main(void **state)
{
    (void)state;
    sk_extracted doc = {0};
    extract_str(&doc, "<body><div class=\"intro\">Velkommen</div>"
                      "<article><h2>Første sak</h2><p>Tekst én</p>"
                      "<article><p>Nøstet</p></article></article>"
                      "<div>Mellom</div><article><h2>Andre sak</h2></article></body>");
    assert_string_equal(doc.pages[0].text, "Første sak\n\nTekst én\n\nNøstet\n\nAndre sak");
    sk_extracted_release(&doc);
}

static void extract_html__entities_inline_and_blank_lines(void **state)
{
    (void)state;
    sk_extracted doc = {0};
    extract_str(&doc, "<title>\n  A &amp; B  </title><p>  &lt;tag&gt; &quot;x&quot; "
                      "&aelig;&oslash;&aring; &#248; &euro;</p>\n\n<p>a<span>b</span> "
                      "<b>c</b></p><div><div><p>dyp</p></div></div><p>  </p><p>slutt</p>");
    assert_string_equal(doc.pages[0].text, "<tag> \"x\" æøå ø €\n\nab c\n\ndyp\n\nslutt");
    assert_string_equal(doc.title, "A & B");
    sk_extracted_release(&doc);
}

/* A table row is one line, its cells separated by tabs: empty cells keep
 * their place (except at the end of a row), colspan adds tabs, blocks and
 * line breaks inside a cell are spaces, a nested table stays in its cell. */
static void extract_html__table_rows_are_lines_of_cells(void **state)
{
    (void)state;
    sk_extracted doc = {0};
    extract_str(&doc, "<html><body><main><p>Agenda</p>"
                      "<table>\n<thead><tr><th></th><th>Tema</th><th>Sakstype</th></tr></thead>\n"
                      "<tbody>\n <tr>\n  <td>21/23</td>\n  <td><p>Felles journalløft</p>"
                      "<p>for kommuner</p></td>\n  <td>Orientering</td>\n </tr>\n"
                      " <tr><td></td><td>Pause<br>lunsj</td><td></td></tr>\n"
                      " <tr><td colspan=\"2\">Sum</td><td>2</td></tr>\n"
                      " <tr><td>22/23</td><td><table><tr><td>a</td><td>b</td></tr></table></td>"
                      "<td>Drøfting</td></tr>\n"
                      "</tbody></table><p>Slutt</p></main></body></html>");
    assert_string_equal(doc.pages[0].text, "Agenda\n\n"
                                           "\tTema\tSakstype\n"
                                           "21/23\tFelles journalløft for kommuner\tOrientering\n"
                                           "\tPause lunsj\n"
                                           "Sum\t\t2\n"
                                           "22/23\ta b\tDrøfting\n\n"
                                           "Slutt");
    sk_extracted_release(&doc);
}

/* A table that lays out the page (one row: a menu cell and a content cell
 * with a heading and paragraphs) is read as blocks, so each paragraph of the
 * content stays a line of its own. */
static void extract_html__layout_table_is_read_as_blocks(void **state)
{
    (void)state;
    sk_extracted doc = {0};
    extract_str(&doc, "<html><body><table id=\"ramme\"><tr><td><a href=\"/\">Forside</a></td>"
                      "<td><h2>Legemiddelprogrammet</h2><p><strong>Sak nr.:</strong> 13/21</p>"
                      "<p><strong>Innstilling:</strong> NUIT tar saken til orientering.</p>"
                      "<table><tr><td>2021</td><td>10 000</td></tr></table></td></tr></table>"
                      "</body></html>");
    assert_string_equal(doc.pages[0].text, "Forside\n\nLegemiddelprogrammet\n\nSak nr.: 13/21\n\n"
                                           "Innstilling: NUIT tar saken til orientering.\n\n"
                                           "2021\t10 000");
    sk_extracted_release(&doc);
}

/* The site's words about the page: its name and breadcrumb trail, apart
 * from the content (where the breadcrumb is not text). */
static void extract_html__site_name_and_breadcrumb(void **state)
{
    (void)state;
    sk_extracted doc = {0};
    extract_str(&doc, "<html><head><meta property=\"og:site_name\" content=\"ehelse.no\">"
                      "<title>Felles grunnmur</title></head><body>"
                      "<nav aria-label=\"Brødsmulesti\"><ol class=\"breadcrumb\">"
                      "<li class=\"breadcrumb-item\"><a href=\"/\">Forside</a></li>"
                      "<li class=\"breadcrumb-item\"><a href=\"/u\">Fagutvalget</a></li>"
                      "<li class=\"breadcrumb-item\">Sak  19/20</li></ol></nav>"
                      "<main><h1>Felles grunnmur</h1><ul><li>NUIT</li></ul></main></body></html>");
    assert_non_null(doc.site);
    /* the content's list items after the trail are not part of it */
    assert_string_equal(doc.site, "ehelse.no | Forside | Fagutvalget | Sak 19/20");
    assert_string_equal(doc.pages[0].text, "Felles grunnmur\n\nNUIT");
    sk_extracted_release(&doc);
    extract_str(&doc, "<html><body><main><p>Tekst</p></main></body></html>");
    assert_null(doc.site);
    sk_extracted_release(&doc);
}

/* A <dt> and its <dd>s are one line, separated by tabs; list items never
 * run into each other. */
static void extract_html__definition_lists_and_list_items(void **state)
{
    (void)state;
    sk_extracted doc = {0};
    extract_str(&doc, "<html><body><main><dl>\n<dt>Møtedato</dt>\n<dd>4. oktober 2023</dd>\n"
                      "<dt>Sted</dt><dd>Oslo</dd><dd>Teams</dd><dd>Bergen</dd>\n</dl>"
                      "<ul><li>Kjernejournal</li><li>e-resept</li></ul>"
                      "<dl><dd>Uten term</dd></dl></main></body></html>");
    assert_string_equal(doc.pages[0].text, "Møtedato\t4. oktober 2023\n"
                                           "Sted\tOslo\tTeams\tBergen\n\n"
                                           "Kjernejournal\n\ne-resept\n\n"
                                           "Uten term");
    sk_extracted_release(&doc);
}

static void extract_html__title_absent_or_blank_is_null(void **state)
{
    (void)state;
    sk_extracted doc = {0};
    extract_str(&doc, "<html><head><title> \n </title></head><body><p>x</p></body></html>");
    assert_null(doc.title);
    sk_extracted_release(&doc);
    extract_str(&doc, "<p>Bare tekst</p>");
    assert_null(doc.title);
    assert_string_equal(doc.pages[0].text, "Bare tekst");
    sk_extracted_release(&doc);
}

static void extract_html__empty_body_gives_empty_page(void **state)
{
    (void)state;
    sk_extracted doc = {0};
    extract_str(&doc, "<html><body><script>x()</script></body></html>");
    assert_string_equal(doc.pages[0].text, "");
    assert_int_equal(doc.pages[0].text_len, 0);
    sk_extracted_release(&doc);
    extract_str(&doc, "   \n ");
    assert_string_equal(doc.pages[0].text, "");
    sk_extracted_release(&doc);
}

/* ---- charsets ------------------------------------------------------------ */

static void extract_html__windows_1252_http_equiv(void **state)
{
    (void)state;
    sk_extracted doc = {0};
    extract_fixture(&doc, "cp1252-http-equiv.html");
    assert_string_equal(doc.pages[0].text, "Blåbær og rødgrøt – € 5 ÆØÅ");
    assert_string_equal(doc.title, "Rødgrøt – møte");
    sk_extracted_release(&doc);
}

static void extract_html__iso_8859_1_meta_read_as_windows_1252(void **state)
{
    (void)state;
    sk_extracted doc = {0};
    extract_fixture(&doc, "iso-8859-1-meta.html");
    assert_string_equal(doc.pages[0].text, "Søknad om støtte “sitat” æøå");
    assert_string_equal(doc.title, "Søknad");
    sk_extracted_release(&doc);
}

static void extract_html__undeclared_latin1_detected(void **state)
{
    (void)state;
    sk_extracted doc = {0};
    extract_fixture(&doc, "latin1-undeclared.html");
    assert_string_equal(doc.pages[0].text, "Grå måke på ærfugl-jøkt");
    assert_string_equal(doc.title, "Grå måke");
    sk_extracted_release(&doc);
}

static void extract_html__utf8_bom(void **state)
{
    (void)state;
    sk_extracted doc = {0};
    extract_fixture(&doc, "utf8-bom.html");
    assert_string_equal(doc.pages[0].text, "Blåbærsyltetøy med BOM");
    assert_string_equal(doc.title, "Blåbærsyltetøy");
    sk_extracted_release(&doc);
}

static void extract_html__declared_utf8_with_latin1_bytes(void **state)
{
    (void)state;
    sk_extracted doc = {0};
    extract_fixture(&doc, "utf8-declared-latin1.html");
    assert_string_equal(doc.pages[0].text, "Ærlig økonomi og åpen løsning");
    assert_string_equal(doc.title, "Ærlig");
    sk_extracted_release(&doc);
}

static void extract_html__utf16le_bom(void **state)
{
    (void)state;
    sk_extracted doc = {0};
    extract_fixture(&doc, "utf16le-bom.html");
    assert_string_equal(doc.pages[0].text, "Ærlig økonomi på UTF-16");
    assert_string_equal(doc.title, "Søknad");
    sk_extracted_release(&doc);
}

static void extract_html__latin1_label_on_utf8_bytes_reads_utf8(void **state)
{
    (void)state;
    sk_extracted doc = {0};
    extract_str(&doc, "<meta charset=\"iso-8859-1\"><p>Rødgrøt</p>");
    assert_string_equal(doc.pages[0].text, "Rødgrøt");
    sk_extracted_release(&doc);
}

static void extract_html__meta_in_comment_ignored_and_latin9(void **state)
{
    (void)state;
    sk_extracted doc = {0};
    /* the commented-out UTF-8 label must not count; ISO-8859-15: 0xA4 is € */
    extract_str(&doc,
                "<!-- <meta charset=\"utf-8\"> --><meta content='text/html; charset=iso-8859-15' "
                "http-equiv=content-type><p>\xA4 5 \xF8</p>");
    assert_string_equal(doc.pages[0].text, "€ 5 ø");
    sk_extracted_release(&doc);
}

static void extract_html__mixed_utf8_and_stray_latin1(void **state)
{
    (void)state;
    sk_extracted doc = {0};
    extract_str(&doc, "<p>Blåbær \xe6 og NUL\x01tegn</p>");
    assert_string_equal(doc.pages[0].text, "Blåbær æ og NUL tegn");
    sk_extracted_release(&doc);
}

/* ---- errors, caps and dispatch ------------------------------------------- */

static void extract_html__extract_dispatches_by_suffix(void **state)
{
    (void)state;
    static const char *const names[] = {"side.htm", "SIDE.HTML", "Side.Htm"};
    const char *html = "<title>T</title><main><p>Innhold</p></main>";
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[PATH_MAX];
        pathcat(path, sizeof path, tmpdir, names[i]);
        write_file(path, html, strlen(html));
        sk_extracted doc = {0};
        sk_err err = SK_ERR_INIT;
        assert_int_equal(sk_extract(&doc, path, NULL, NULL, &err), SK_OK);
        assert_int_equal(doc.format, SK_FORMAT_HTML);
        assert_string_equal(doc.pages[0].text, "Innhold");
        assert_string_equal(doc.title, "T");
        sk_extracted_release(&doc);
    }
}

static void extract_html__unknown_suffix_is_einval(void **state)
{
    (void)state;
    char path[PATH_MAX];
    pathcat(path, sizeof path, tmpdir, "notat.txt");
    write_file(path, "<p>x</p>", 8);
    sk_extracted doc = {0};
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_extract(&doc, path, NULL, NULL, &err), SK_EINVAL);
    assert_int_equal(err.code, SK_EINVAL);
    assert_string_equal(err.msg, "unsupported file type (expected .pdf, .html or .htm)");
    assert_null(doc.pages);
}

static void extract_html__format_of_path_table(void **state)
{
    (void)state;
    static const struct {
        const char *path;
        sk_format want;
    } cases[] = {
        {"a.pdf", SK_FORMAT_PDF},          {"/x/y/SAK.PDF", SK_FORMAT_PDF},
        {"møte.Pdf", SK_FORMAT_PDF},       {"a.html", SK_FORMAT_HTML},
        {"a.HTM", SK_FORMAT_HTML},         {"dir.d/a.HtMl", SK_FORMAT_HTML},
        {"a.pdf.txt", SK_FORMAT_UNKNOWN},  {"a.xhtml", SK_FORMAT_UNKNOWN},
        {"a.shtm", SK_FORMAT_UNKNOWN},     {"pdf", SK_FORMAT_UNKNOWN},
        {".pdf", SK_FORMAT_UNKNOWN}, /* hidden file, no stem */
        {"/dir/.html", SK_FORMAT_UNKNOWN}, {"a.pdf/", SK_FORMAT_UNKNOWN},
        {"a.htmlx", SK_FORMAT_UNKNOWN},    {"a.ht", SK_FORMAT_UNKNOWN},
        {"", SK_FORMAT_UNKNOWN},           {NULL, SK_FORMAT_UNKNOWN},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sk_format got = sk_format_of_path(cases[i].path);
        if (got != cases[i].want)
            fail_msg("%s: got %d, want %d", cases[i].path ? cases[i].path : "(null)", got,
                     cases[i].want);
    }
}

static void extract_html__empty_file_is_eformat(void **state)
{
    (void)state;
    char path[PATH_MAX];
    pathcat(path, sizeof path, tmpdir, "tom.html");
    write_file(path, "", 0);
    sk_extracted doc = {0};
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_extract(&doc, path, NULL, NULL, &err), SK_EFORMAT);
    assert_string_equal(err.msg, "empty file (0 bytes)");
    assert_null(doc.pages);
}

static void extract_html__missing_file_is_eio(void **state)
{
    (void)state;
    char path[PATH_MAX];
    pathcat(path, sizeof path, tmpdir, "borte.html");
    sk_extracted doc = {0};
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_extract(&doc, path, NULL, NULL, &err), SK_EIO);
    assert_string_equal(err.msg, "cannot open: no such file or directory");
    assert_null(doc.pages);
}

static void extract_html__text_over_page_cap_is_elimit(void **state)
{
    (void)state;
    sk_buf b = SK_BUF_INIT;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_buf_puts(&b, "<html><body>", &err), SK_OK);
    char para[1100];
    memset(para, 'x', sizeof para);
    memcpy(para, "<p>", 3);
    memcpy(para + sizeof para - 4, "</p>", 4);
    while (b.len <= SK_EXTRACT_MAX_PAGE_BYTES + SK_EXTRACT_MAX_PAGE_BYTES / 8)
        assert_int_equal(sk_buf_append(&b, para, sizeof para, &err), SK_OK);
    sk_extracted doc = {0};
    assert_int_equal(sk_extract_html_mem(&doc, b.data, b.len, &err), SK_ELIMIT);
    assert_string_equal(err.msg, "text exceeds the cap of 4194304 bytes");
    assert_null(doc.pages);
    assert_null(doc.title);
    sk_buf_release(&b);
}

/* ---- shared helpers (indexer/extract_int.h) ------------------------------ */

static void extract_html__utf8_repair_replaces_invalid_sequences(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        size_t len;
        const char *want;
    } cases[] = {
        {"abc", 3, "abc"},
        {"bl\xc3\xa5", 4, "blå"},
        {"x\xe6y", 3, "x\xef\xbf\xbdy"},                             /* lone latin1 byte */
        {"\xc3", 1, "\xef\xbf\xbd"},                                 /* truncated sequence */
        {"\xc0\xaf", 2, "\xef\xbf\xbd\xef\xbf\xbd"},                 /* overlong */
        {"\xed\xa0\x80", 3, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"}, /* surrogate */
        {"\xf4\x90\x80\x80", 4, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
        {"\xf0\x9f\x98\x80", 4, "\xf0\x9f\x98\x80"}, /* U+1F600 */
        {"a\0b", 3,
         "a\xef\xbf\xbd"
         "b"}, /* NUL */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sk_buf b = SK_BUF_INIT;
        sk_err err = SK_ERR_INIT;
        assert_int_equal(sk_utf8_repair_nul(&b, cases[i].in, cases[i].len, &err), SK_OK);
        assert_string_equal(b.data, cases[i].want);
        sk_buf_release(&b);
    }
}

static void extract_html__read_file_directory_is_eio(void **state)
{
    (void)state;
    char *data = NULL;
    size_t len = 1;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_extract_read_file(&data, &len, tmpdir, 1024, &err), SK_EIO);
    assert_string_equal(err.msg, "cannot read: is a directory");
    assert_null(data);
    assert_int_equal(len, 0);
}

static void extract_html__read_file_over_cap_is_elimit(void **state)
{
    (void)state;
    char path[PATH_MAX];
    pathcat(path, sizeof path, tmpdir, "stor.html");
    write_file(path, "0123456789", 10);
    char *data = NULL;
    size_t len = 0;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_extract_read_file(&data, &len, path, 9, &err), SK_ELIMIT);
    assert_string_equal(err.msg, "file too large (10 bytes; the cap is 9)");
    assert_null(data);
    sk_err_clear(&err);
    assert_int_equal(sk_extract_read_file(&data, &len, path, 10, &err), SK_OK);
    assert_int_equal(len, 10);
    assert_string_equal(data, "0123456789");
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(extract_html__main_content_only_without_chrome),
        cmocka_unit_test(extract_html__without_main_drops_page_header_and_footer),
        cmocka_unit_test(extract_html__role_main_is_the_content_root),
        cmocka_unit_test(extract_html__articles_when_no_main),
        cmocka_unit_test(extract_html__entities_inline_and_blank_lines),
        cmocka_unit_test(extract_html__table_rows_are_lines_of_cells),
        cmocka_unit_test(extract_html__definition_lists_and_list_items),
        cmocka_unit_test(extract_html__layout_table_is_read_as_blocks),
        cmocka_unit_test(extract_html__site_name_and_breadcrumb),
        cmocka_unit_test(extract_html__title_absent_or_blank_is_null),
        cmocka_unit_test(extract_html__empty_body_gives_empty_page),
        cmocka_unit_test(extract_html__windows_1252_http_equiv),
        cmocka_unit_test(extract_html__iso_8859_1_meta_read_as_windows_1252),
        cmocka_unit_test(extract_html__undeclared_latin1_detected),
        cmocka_unit_test(extract_html__utf8_bom),
        cmocka_unit_test(extract_html__declared_utf8_with_latin1_bytes),
        cmocka_unit_test(extract_html__utf16le_bom),
        cmocka_unit_test(extract_html__latin1_label_on_utf8_bytes_reads_utf8),
        cmocka_unit_test(extract_html__meta_in_comment_ignored_and_latin9),
        cmocka_unit_test(extract_html__mixed_utf8_and_stray_latin1),
        cmocka_unit_test(extract_html__extract_dispatches_by_suffix),
        cmocka_unit_test(extract_html__unknown_suffix_is_einval),
        cmocka_unit_test(extract_html__format_of_path_table),
        cmocka_unit_test(extract_html__empty_file_is_eformat),
        cmocka_unit_test(extract_html__missing_file_is_eio),
        cmocka_unit_test(extract_html__text_over_page_cap_is_elimit),
        cmocka_unit_test(extract_html__utf8_repair_replaces_invalid_sequences),
        cmocka_unit_test(extract_html__read_file_directory_is_eio),
        cmocka_unit_test(extract_html__read_file_over_cap_is_elimit),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
