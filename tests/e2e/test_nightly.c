/* test_nightly.c: the nightly reindex, through the real binaries on a temp archive.
 *
 * Each step changes the archive (adds, replaces, touches, deletes, corrupts,
 * kills the indexer mid-run) and checks what a search finds afterwards, not
 * only the exit status.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <dirent.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <cmocka.h>
#include <jansson.h>
#include <zdict.h>
#include <zstd.h>

#include "run.h"
#include "saksok/store/docdata.h"
#include "saksok/store/terms.h"
#include "saksok/store/xap.h"

static char tmp[256], archive[512], db[512];

#define sh run_sh

/* saksok-index --no-ocr --db db [extra...] archive (extra: up to 4, NULL-terminated);
 * returns the exit status. */
static int reindex_v(run_result *r, const char *const *extra)
{
    return run_index(r, NULL, db, archive, extra);
}

static int reindex(run_result *r, const char *extra1, const char *extra2)
{
    const char *extra[] = {extra1, extra1 ? extra2 : NULL, NULL};
    return reindex_v(r, extra);
}

/* Count of hits for q (json total), -1 when saksok fails. */
static long hits(const char *q)
{
    return run_hits(db, q);
}

static void expect_summary(const run_result *r, const char *want)
{
    char buf[512];
    const char *line = last_line(r->err, buf, sizeof buf);
    if (strstr(line, want) == NULL)
        fail_msg("summary '%s' lacks '%s'\nstderr:\n%s", line, want, r->err);
}

static size_t doccount(void)
{
    sk_err err = SK_ERR_INIT;
    sk_xdb *x = NULL;
    assert_int_equal(sk_xdb_open(&x, db, &err), SK_OK);
    size_t n = 0;
    assert_int_equal(sk_xdb_doccount(&n, x, &err), SK_OK);
    sk_xdb_free(x);
    return n;
}

/* ---- the index directory: generations and compaction ---- */

#define GROWTH 1.6 /* saksok-index compacts past this size over the last compacted one */

/* The generation DIR/XAPIANDB names (0: no stub) and the compacted size it records. */
static int generation(unsigned long long *compacted)
{
    char path[600], line[256];
    snprintf(path, sizeof path, "%s/XAPIANDB", db);
    if (compacted)
        *compacted = 0;
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return 0;
    int gen = 0;
    while (fgets(line, sizeof line, f)) {
        unsigned long long b;
        if (sscanf(line, "auto gen-%d", &gen) == 1)
            continue;
        if (compacted && sscanf(line, "# compacted %llu", &b) == 1)
            *compacted = b;
    }
    fclose(f);
    return gen;
}

/* Bytes of the regular files in dir (and depth levels of folders below). */
static unsigned long long tree_bytes(const char *dir, int depth)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    unsigned long long total = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        char p[1024];
        struct stat st;
        if (de->d_name[0] == '.' && (de->d_name[1] == '\0' || strcmp(de->d_name, "..") == 0))
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
        if (lstat(p, &st) != 0)
            continue;
        if (S_ISREG(st.st_mode))
            total += (unsigned long long)st.st_size;
        else if (S_ISDIR(st.st_mode) && depth > 0)
            total += tree_bytes(p, depth - 1);
    }
    closedir(d);
    return total;
}

static unsigned long long gen_bytes(int gen)
{
    char p[600];
    snprintf(p, sizeof p, "%s/gen-%d", db, gen);
    return tree_bytes(p, 0);
}

/* Entries of the index directory named gen-*: generations and gen-*.tmp. */
static int gen_entries(void)
{
    DIR *d = opendir(db);
    assert_non_null(d);
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        n += strncmp(de->d_name, "gen-", 4) == 0;
    closedir(d);
    return n;
}

static int exists_in_db(const char *name)
{
    char p[700];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", db, name);
    return stat(p, &st) == 0;
}

/* The "compaction" object of a --report file (a new reference; JSON null if
 * the run did not compact). */
static json_t *report_compaction(const char *report)
{
    json_t *o = json_load_file(report, 0, NULL);
    assert_non_null(o);
    json_t *c = json_object_get(o, "compaction");
    assert_non_null(c);
    json_incref(c);
    json_decref(o);
    return c;
}

static unsigned long long json_ull(json_t *o, const char *key)
{
    return (unsigned long long)json_integer_value(json_object_get(o, key));
}

/* Right after a compaction: one generation, named by the stub with its size. */
static void expect_freshly_compacted(void)
{
    unsigned long long compacted = 0;
    int gen = generation(&compacted);
    assert_true(gen >= 1);
    assert_int_equal(gen_entries(), 1);
    assert_false(exists_in_db("iamglass"));
    assert_false(exists_in_db("XAPIANDB.tmp"));
    assert_true(compacted > 0);
    assert_int_equal(compacted, gen_bytes(gen));
}

/* A PDF of n pages; page i says "side <i>" and the last page holds word. */
static void make_pdf(const char *path, int n, const char *word)
{
    cairo_surface_t *s = cairo_pdf_surface_create(path, 595, 842);
    cairo_t *cr = cairo_create(s);
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 12);
    for (int i = 1; i <= n; i++) {
        char line[200];
        snprintf(line, sizeof line, "Vedlegg side %d av %d: tabell over tiltak og kostnader.", i,
                 n);
        cairo_move_to(cr, 72, 72);
        cairo_show_text(cr, line);
        if (i == n) {
            cairo_move_to(cr, 72, 100);
            cairo_show_text(cr, word);
        }
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

static int setup(void **state)
{
    (void)state;
    if (run_tempdir(tmp, sizeof tmp, "nightly") != 0)
        return -1;
    snprintf(archive, sizeof archive, "%s/arkiv", tmp);
    snprintf(db, sizeof db, "%s/index", tmp);
    char cmd[2048];
    /* The corpus without the scanned papers (OCR is tested elsewhere). */
    snprintf(cmd, sizeof cmd, "cp -r '%s/corpus' '%s' && rm -rf '%s/scanned'",
             env_or_die("SAKSOK_SOURCE_DIR"), archive, archive);
    if (system(cmd) != 0)
        return -1;
    run_result r;
    int st = reindex(&r, NULL, NULL);
    run_result_release(&r);
    return st == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return run_rmtree(tmp);
}

static void nightly__unchanged_run_reads_nothing(void **state)
{
    (void)state;
    run_result r;
    assert_int_equal(reindex(&r, NULL, NULL), 0);
    expect_summary(&r, "0 new, 0 changed, 0 removed, 12 unchanged, 0 failed; 0 pages");
    run_result_release(&r);
    /* Touched files (same content) are re-registered, not extracted. */
    sh("touch '%s'/nufa/2020/*.pdf '%s'/nuit/2021/html/*.html", archive, archive);
    assert_int_equal(reindex(&r, NULL, NULL), 0);
    expect_summary(&r, "0 new, 0 changed, 0 removed, 12 unchanged, 0 failed; 0 pages");
    run_result_release(&r);
}

typedef struct registry_rows {
    char keys[32][512], values[32][1024];
    size_t n;
} registry_rows;

static int keep_row(const char *key, const char *value, void *payload)
{
    registry_rows *rows = payload;
    assert_true(rows->n < 32);
    snprintf(rows->keys[rows->n], sizeof rows->keys[0], "%s", key);
    snprintf(rows->values[rows->n], sizeof rows->values[0], "%s", value);
    rows->n++;
    return 0;
}

/* An index written before the content hash was XXH64 holds untagged FNV-1a
 * hashes (discover.h): they match nothing, so a file touched since is
 * extracted once more and registered with the new hash; the next touch
 * only re-registers it. */
static void nightly__old_content_hashes(void **state)
{
    (void)state;
    sk_err err = SK_ERR_INIT;
    sk_xwdb *w = NULL;
    assert_int_equal(sk_xwdb_open(&w, db, &err), SK_OK);
    registry_rows rows = {.n = 0};
    assert_int_equal(sk_xwdb_each_metadata(w, SK_META_FILE, keep_row, &rows, &err), SK_OK);
    assert_int_equal(rows.n, 12);
    for (size_t i = 0; i < rows.n; i++) { /* "... ok xxh64:<hex>\t..." -> "... ok <hex>\t..." */
        char *tag = strstr(rows.values[i], " xxh64:");
        assert_non_null(tag);
        memmove(tag + 1, tag + 7, strlen(tag + 7) + 1);
        assert_int_equal(sk_xwdb_set_metadata(w, rows.keys[i], rows.values[i], &err), SK_OK);
    }
    assert_int_equal(sk_xwdb_commit(w, &err), SK_OK);
    sk_xwdb_free(w);
    run_result r;
    sh("touch '%s'/nufa/2020/*.pdf", archive);
    assert_int_equal(reindex(&r, NULL, NULL), 0);
    expect_summary(&r, "0 new, 1 changed, 0 removed, 11 unchanged, 0 failed");
    run_result_release(&r);
    sh("touch '%s'/nufa/2020/*.pdf", archive);
    assert_int_equal(reindex(&r, NULL, NULL), 0);
    expect_summary(&r, "0 new, 0 changed, 0 removed, 12 unchanged, 0 failed; 0 pages");
    run_result_release(&r);
}

static void nightly__add_replace_delete(void **state)
{
    (void)state;
    size_t before = doccount();
    run_result r;
    /* A new paper in a new dated folder. */
    sh("mkdir -p '%s/nuit/2022'", archive);
    char path[700];
    snprintf(path, sizeof path, "%s/nuit/2022/2022-02-17-vedlegg.pdf", archive);
    make_pdf(path, 3, "Rammeavtalegjennomgang");
    assert_int_equal(hits("Rammeavtalegjennomgang"), 0);
    assert_int_equal(reindex(&r, NULL, NULL), 0);
    expect_summary(&r, "1 new, 0 changed, 0 removed, 12 unchanged, 0 failed");
    run_result_release(&r);
    assert_int_equal(hits("Rammeavtalegjennomgang"), 1);
    assert_true(doccount() > before);

    /* Replaced: the new word is found, the old one is gone. */
    make_pdf(path, 2, "Leverandørdialogmøte");
    assert_int_equal(reindex(&r, NULL, NULL), 0);
    expect_summary(&r, "0 new, 1 changed, 0 removed");
    run_result_release(&r);
    assert_int_equal(hits("Leverandørdialogmøte"), 1);
    assert_int_equal(hits("Rammeavtalegjennomgang"), 0);

    /* Withdrawn: its documents go. */
    sh("rm -f '%s'", path);
    assert_int_equal(reindex(&r, NULL, NULL), 0);
    expect_summary(&r, "0 new, 0 changed, 1 removed");
    run_result_release(&r);
    assert_int_equal(hits("Leverandørdialogmøte"), 0);
    assert_int_equal(doccount(), before);
}

/* The document dictionary the index holds (malloc'd, *len bytes; NULL: none). */
static char *stored_dict(size_t *len)
{
    sk_err err = SK_ERR_INIT;
    sk_xdb *x = NULL;
    assert_int_equal(sk_xdb_open(&x, db, &err), SK_OK);
    char *bytes = NULL;
    assert_int_equal(sk_xdb_get_metadata_bytes(&bytes, len, x, SK_DOCDATA_DICT_KEY, &err), SK_OK);
    sk_xdb_free(x);
    return bytes;
}

/* How many documents' data is packed with the dictionary numbered id, and
 * how many is not. */
static void count_packed_with(unsigned id, size_t *with, size_t *without)
{
    sk_err err = SK_ERR_INIT;
    sk_xdb *x = NULL;
    assert_int_equal(sk_xdb_open(&x, db, &err), SK_OK);
    sk_xquery *formats[2] = {NULL, NULL}, *q = NULL;
    assert_int_equal(sk_xquery_term(&formats[0], "XFpdf", 5, &err), SK_OK);
    assert_int_equal(sk_xquery_term(&formats[1], "XFhtml", 6, &err), SK_OK);
    assert_int_equal(sk_xquery_combine(&q, SK_XOP_OR, formats, 2, &err), SK_OK);
    sk_xsearch_opts o = SK_XSEARCH_OPTS_INIT;
    o.limit = 10000;
    sk_xmset *m = NULL;
    assert_int_equal(sk_xdb_search(&m, x, q, &o, &err), SK_OK);
    *with = *without = 0;
    for (size_t i = 0; i < sk_xmset_size(m); i++) {
        const char *data;
        size_t len;
        assert_int_equal(sk_xmset_data(m, i, &data, &len, &err), SK_OK);
        if (ZSTD_getDictID_fromFrame(data, len) == id)
            (*with)++;
        else
            (*without)++;
    }
    sk_xmset_free(m);
    sk_xquery_free(q);
    sk_xquery_free(formats[0]);
    sk_xquery_free(formats[1]);
    sk_xdb_free(x);
}

/* The first build (less text than a dictionary's sample) trains one at its
 * end and packs its documents again with it; later runs pack new papers
 * with it, keep it as it is, and their snippets read back through it. */
static void nightly__document_dictionary(void **state)
{
    (void)state;
    size_t len = 0, len2 = 0;
    char *dict = stored_dict(&len);
    assert_non_null(dict);
    assert_true(len > 1024);
    unsigned id = ZDICT_getDictID(dict, len);
    assert_true(id != 0);
    size_t with, without;
    count_packed_with(id, &with, &without);
    assert_true(with > 50);
    assert_int_equal(without, 0);
    sh("mkdir -p '%s/nufa/2023'", archive);
    char path[700];
    snprintf(path, sizeof path, "%s/nufa/2023/2023-03-01-vedlegg.pdf", archive);
    make_pdf(path, 2, "Ordningsprinsippgjennomgang");
    run_result r;
    assert_int_equal(reindex(&r, NULL, NULL), 0);
    expect_summary(&r, "1 new, 0 changed, 0 removed");
    run_result_release(&r);
    const char *argv[] = {env_or_die("SAKSOK_QUERY_BIN"), "--db", db, "--json",
                          "ordningsprinsippgjennomgang",  NULL};
    assert_int_equal(run_cmd(&r, argv, NULL), 0);
    assert_int_equal(r.status, 0);
    if (strstr(r.out, "<mark>Ordningsprinsippgjennomgang</mark>") == NULL ||
        strstr(r.out, "tiltak og kostnader") == NULL)
        fail_msg("the new paper's snippet is not in\n%s", r.out);
    run_result_release(&r);
    char *dict2 = stored_dict(&len2);
    assert_non_null(dict2);
    assert_int_equal(len2, len);
    assert_memory_equal(dict2, dict, len);
    size_t with2;
    count_packed_with(id, &with2, &without);
    assert_true(with2 > with); /* the new paper's sections too */
    assert_int_equal(without, 0);
    free(dict);
    free(dict2);
    sh("rm -rf '%s/nufa/2023'", archive);
    assert_int_equal(reindex(&r, NULL, NULL), 0);
    run_result_release(&r);
}

/* A paper that was indexed and then breaks keeps its entry until it parses again. */
static void nightly__broken_file_keeps_its_entry(void **state)
{
    (void)state;
    char path[700], saved[700];
    snprintf(path, sizeof path, "%s/nuit/2021/2021-05-20-nuit-saksdokumenter.pdf", archive);
    snprintf(saved, sizeof saved, "%s/saved.pdf", tmp);
    sh("cp '%s' '%s' && head -c 30000 '%s' > '%s'", path, saved, saved, path);
    long tynset = hits("Tynset");
    assert_true(tynset >= 1);
    run_result r;
    char report[700];
    snprintf(report, sizeof report, "%s/report.json", tmp);
    assert_int_equal(reindex(&r, "--report", report), 1);
    assert_non_null(strstr(r.err, "2021-05-20-nuit-saksdokumenter.pdf: corrupt or truncated PDF"));
    assert_non_null(strstr(r.err, "its earlier index entry is kept"));
    expect_summary(&r, "1 failed");
    run_result_release(&r);
    assert_int_equal(hits("Tynset"), tynset);
    /* The report says the same, for machines. */
    json_t *o = json_load_file(report, 0, NULL);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "status")), "failures");
    json_t *f = json_array_get(json_object_get(o, "failures"), 0);
    assert_non_null(strstr(json_string_value(json_object_get(f, "file")), "saksdokumenter.pdf"));
    assert_true(json_is_true(json_object_get(f, "kept")));
    json_decref(o);
    /* Mended: indexed again. */
    sh("cp '%s' '%s'", saved, path);
    assert_int_equal(reindex(&r, NULL, NULL), 0);
    expect_summary(&r, "0 failed");
    run_result_release(&r);
    assert_int_equal(hits("Tynset"), tynset);
}

/* Extraction is a module loaded on first use: a run that finds nothing
 * changed does not need it, and without it a changed file fails with a clear
 * message while its earlier entry stays searchable. */
static void nightly__extraction_module_on_demand(void **state)
{
    (void)state;
    run_result r;
    setenv("SAKSOK_EXTRACT_MODULE", "/nonexistent/saksok-extract.so", 1);
    assert_int_equal(reindex(&r, NULL, NULL), 0); /* nothing changed: no module needed */
    expect_summary(&r, "0 failed");
    run_result_release(&r);
    long tynset = hits("Tynset");
    assert_true(tynset >= 1);
    char path[700];
    snprintf(path, sizeof path, "%s/nuit/2021/2021-05-20-nuit-saksdokumenter.pdf", archive);
    sh("touch -d '2030-01-01' '%s' && printf ' ' >> '%s'", path, path);
    assert_int_equal(reindex(&r, NULL, NULL), 1);
    assert_non_null(strstr(r.err, "cannot load the extraction module"));
    assert_non_null(strstr(r.err, "its earlier index entry is kept"));
    expect_summary(&r, "1 failed");
    run_result_release(&r);
    assert_int_equal(hits("Tynset"), tynset);
    unsetenv("SAKSOK_EXTRACT_MODULE"); /* beside the executable again */
    assert_int_equal(reindex(&r, NULL, NULL), 0);
    expect_summary(&r, "0 failed");
    run_result_release(&r);
    assert_int_equal(hits("Tynset"), tynset);
}

/* Hostile archives: bad PDFs, odd charsets, odd names, loops, a huge PDF. */
static void nightly__hostile_archive(void **state)
{
    (void)state;
    char dir[700];
    snprintf(dir, sizeof dir, "%s/diverse", archive);
    sh("mkdir -p '%s' && cp '%s'/tests/data/bad/*.pdf '%s/'", dir, env_or_die("SAKSOK_SOURCE_DIR"),
       dir);
    /* HTML in latin-1 without a declaration, and one declared utf-8 but latin-1. */
    sh("printf '<html><body><main><p>Kl\\370ktig s\\346rbehandling av \\345rsm\\370te</p></main>"
       "</body></html>' > '%s/udeklarert.html'",
       dir);
    sh("printf '<html><head><meta charset=\"utf-8\"></head><body><main><p>Feilmerket "
       "h\\370ringsfristforlengelse</p></main></body></html>' > '%s/feil-tegnsett.html'",
       dir);
    /* Names with spaces and with bytes that are not UTF-8; a symlink loop. */
    sh("cp '%s/udeklarert.html' '%s/møte referat 2021.html'", dir, dir);
    sh("cp '%s/udeklarert.html' \"%s/$(printf 'gammel\\346fil.html')\"", dir, dir);
    sh("ln -s .. '%s/løkke'", dir);
    /* A huge PDF: 1500 pages, a word on the last. */
    char huge[800];
    snprintf(huge, sizeof huge, "%s/stort-vedlegg.pdf", dir);
    make_pdf(huge, 1500, "Sluttsidemarkør");
    run_result r;
    assert_int_equal(reindex(&r, NULL, NULL), 1);
    expect_summary(&r, "5 failed"); /* the five bad PDFs */
    assert_non_null(strstr(r.err, "symbolic link loop"));
    run_result_release(&r);
    assert_int_equal(hits("kløktig"), 3); /* the three copies of the latin-1 page */
    assert_int_equal(hits("høringsfristforlengelse"), 1);
    assert_int_equal(hits("Sluttsidemarkør"), 1);
    /* The odd name comes out as valid JSON, its bad byte percent-encoded. */
    const char *argv[] = {
        env_or_die("SAKSOK_QUERY_BIN"), "--db", db, "--json", "--limit", "5", "kløktig", NULL};
    run_result q;
    assert_int_equal(run_cmd(&q, argv, NULL), 0);
    json_t *o = json_loads(q.out, 0, NULL);
    assert_non_null(o);
    assert_non_null(strstr(q.out, "gammel%E6fil.html"));
    assert_non_null(strstr(q.out, "møte referat 2021.html"));
    json_decref(o);
    run_result_release(&q);
    sh("rm -rf '%s'", dir);
    assert_int_equal(reindex(&r, NULL, NULL), 0);
    run_result_release(&r);
    assert_int_equal(hits("Sluttsidemarkør"), 0);
}

static void nightly__permission_denied(void **state)
{
    (void)state;
    if (geteuid() == 0)
        skip(); /* root reads every file */
    char path[700];
    snprintf(path, sizeof path, "%s/nufa/2020/html/sak-19-20.html", archive);
    sh("chmod 000 '%s'", path);
    run_result r;
    assert_int_equal(reindex(&r, "--full", NULL), 1);
    assert_non_null(strstr(r.err, "ermission denied"));
    run_result_release(&r);
    sh("chmod 644 '%s'", path);
}

/* Two writers never at once: the second waits a bounded time, then exits 3. */
static void nightly__one_writer_at_a_time(void **state)
{
    (void)state;
    sk_err err = SK_ERR_INIT;
    sk_xwdb *w = NULL;
    assert_int_equal(sk_xwdb_open(&w, db, &err), SK_OK);
    run_result r;
    assert_int_equal(reindex(&r, NULL, NULL), 3);
    assert_non_null(strstr(r.err, "locked"));
    run_result_release(&r);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(reindex(&r, "--lock-wait", "1"), 3);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    assert_true((double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9 >= 0.9);
    run_result_release(&r);
    sk_xwdb_free(w);
    assert_int_equal(reindex(&r, "--lock-wait", "1"), 0);
    run_result_release(&r);
}

/* The first build and --full runs leave a compacted index: one generation,
 * smaller than what the run wrote. */
static void nightly__full_build_is_compacted(void **state)
{
    (void)state;
    /* The first build, in setup(), wrote gen-1 and compacted it into gen-2. */
    unsigned long long compacted = 0;
    assert_true(generation(&compacted) >= 2);
    assert_true(compacted > 0);
    assert_int_equal(gen_entries(), 1);
    long tynset = hits("Tynset");
    size_t docs = doccount();
    int gen = generation(NULL);
    char report[700];
    snprintf(report, sizeof report, "%s/report.json", tmp);
    run_result r;
    assert_int_equal(reindex(&r, "--full", "--report"), 2); /* --report wants a file */
    run_result_release(&r);
    const char *extra[] = {"--full", "--report", report, NULL};
    assert_int_equal(reindex_v(&r, extra), 0);
    expect_summary(&r, "index compacted from");
    run_result_release(&r);
    json_t *c = report_compaction(report);
    assert_true(json_is_object(c));
    assert_true(json_ull(c, "bytes_after") < json_ull(c, "bytes_before"));
    assert_true(json_real_value(json_object_get(c, "seconds")) > 0);
    assert_int_equal(generation(NULL), gen + 1);
    expect_freshly_compacted();
    generation(&compacted);
    assert_int_equal(compacted, json_ull(c, "bytes_after"));
    json_decref(c);
    assert_int_equal(hits("Tynset"), tynset);
    assert_int_equal(doccount(), docs);
}

/* Incremental runs: nothing changed, nothing compacted; --compact always;
 * otherwise only when the index grew by more than 60 % since its last
 * compaction. */
static void nightly__incremental_compaction(void **state)
{
    (void)state;
    char report[700], path[700];
    snprintf(report, sizeof report, "%s/report.json", tmp);
    run_result r;
    int gen = generation(NULL);
    assert_int_equal(reindex(&r, "--report", report), 0);
    expect_summary(&r, "0 new, 0 changed, 0 removed");
    assert_null(strstr(r.err, "compacted"));
    run_result_release(&r);
    json_t *c = report_compaction(report);
    assert_true(json_is_null(c));
    json_decref(c);
    assert_int_equal(generation(NULL), gen);

    /* --compact, though nothing changed. */
    const char *compact[] = {"--compact", "--report", report, NULL};
    assert_int_equal(reindex_v(&r, compact), 0);
    expect_summary(&r, "0 new, 0 changed, 0 removed");
    expect_summary(&r, "index compacted from");
    run_result_release(&r);
    assert_int_equal(generation(NULL), gen + 1);
    expect_freshly_compacted();
    assert_true(hits("Tynset") >= 1);

    /* A small change: compacted or not, as the growth says. */
    snprintf(path, sizeof path, "%s/nuit/2021/html/sak-12-21.html", archive);
    sh("sed -i 's|</article>|<p>Tilleggsmerknad om ventetidsregisteret.</p></article>|' '%s'",
       path);
    unsigned long long compacted = 0;
    gen = generation(&compacted);
    const char *rep[] = {"--report", report, NULL};
    assert_int_equal(reindex_v(&r, rep), 0);
    expect_summary(&r, "0 new, 1 changed");
    run_result_release(&r);
    c = report_compaction(report);
    if (json_is_null(c)) {
        assert_int_equal(generation(NULL), gen);
        assert_true((double)gen_bytes(gen) <= GROWTH * (double)compacted);
    } else {
        assert_true((double)json_ull(c, "bytes_before") > GROWTH * (double)compacted);
        assert_int_equal(generation(NULL), gen + 1);
    }
    json_decref(c);
    assert_int_equal(hits("ventetidsregisteret"), 1);

    /* A large new paper grows the index by far more than 60 %: compacted. */
    sh("mkdir -p '%s/nuit/2023'", archive);
    snprintf(path, sizeof path, "%s/nuit/2023/2023-01-12-vedlegg.pdf", archive);
    make_pdf(path, 400, "Vekstmålingsbilag");
    gen = generation(&compacted);
    assert_int_equal(reindex_v(&r, rep), 0);
    expect_summary(&r, "1 new, 0 changed");
    expect_summary(&r, "index compacted from");
    run_result_release(&r);
    c = report_compaction(report);
    assert_true(json_is_object(c));
    assert_true((double)json_ull(c, "bytes_before") > GROWTH * (double)compacted);
    json_decref(c);
    assert_int_equal(generation(NULL), gen + 1);
    expect_freshly_compacted();
    assert_int_equal(hits("Vekstmålingsbilag"), 1);
    sh("rm -rf '%s/nuit/2023'", archive);
    assert_int_equal(reindex(&r, NULL, NULL), 0);
    run_result_release(&r);
    assert_int_equal(hits("Vekstmålingsbilag"), 0);
}

/* An index written by earlier versions (glass files directly in DIR) is
 * searched and updated where it is, and moved into a generation by the first
 * run that changes something. */
static void nightly__old_index_is_moved(void **state)
{
    (void)state;
    long tynset = hits("Tynset");
    int gen = generation(NULL);
    sh("cd '%s' && mv gen-%d/* . && rmdir gen-%d && rm XAPIANDB writer.lock", db, gen, gen);
    assert_true(exists_in_db("iamglass"));
    assert_int_equal(hits("Tynset"), tynset);
    run_result r;
    assert_int_equal(reindex(&r, NULL, NULL), 0);
    expect_summary(&r, "0 new, 0 changed, 0 removed");
    assert_null(strstr(r.err, "compacted"));
    run_result_release(&r);
    assert_int_equal(generation(NULL), 0); /* a run that changes nothing moves nothing */
    assert_true(exists_in_db("iamglass"));
    char path[700];
    snprintf(path, sizeof path, "%s/nufa/2020/html/sak-19-20.html", archive);
    sh("sed -i 's|</article>|<p>Flyttemerknad.</p></article>|' '%s'", path);
    assert_int_equal(reindex(&r, NULL, NULL), 0);
    expect_summary(&r, "0 new, 1 changed");
    expect_summary(&r, "index compacted from");
    run_result_release(&r);
    assert_int_equal(generation(NULL), 1);
    expect_freshly_compacted();
    assert_false(exists_in_db("postlist.glass"));
    assert_false(exists_in_db("flintlock"));
    assert_int_equal(hits("Tynset"), tynset);
    assert_int_equal(hits("Flyttemerknad"), 1);
}

/* Is DIR/writer.lock held by a process? (If not, the probe holds it for a moment.) */
static int lock_held(void)
{
    char lock[700];
    snprintf(lock, sizeof lock, "%s/writer.lock", db);
    int fd = open(lock, O_RDWR);
    assert_true(fd >= 0);
    int held = flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    close(fd);
    return held;
}

/* While a run (and its compaction) goes on, another saksok-index gets exit 3.
 * The first run holds the lock once, from opening the index to closing it, so
 * a second run counts when the lock is held both before it starts and after
 * it ends (the first run's process lives on a little after it lets go). */
static void nightly__second_writer_during_a_run(void **state)
{
    (void)state;
    int gen = generation(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, 1);
        dup2(devnull, 2);
        /* --lock-wait: our probes may hold the lock for a moment as it starts */
        execl(env_or_die("SAKSOK_INDEX_BIN"), "saksok-index", "--no-ocr", "--full",
              "--commit-every", "1", "--lock-wait", "30", "--db", db, archive, (char *)NULL);
        _exit(127);
    }
    for (int i = 0; !lock_held(); i++) { /* until the first run holds the index */
        assert_true(i < 3000);
        struct timespec d = {0, 10 * 1000 * 1000};
        nanosleep(&d, NULL);
    }
    int inside = 0;
    for (int held = 1; held;) {
        run_result r;
        int second = reindex(&r, NULL, NULL);
        held = lock_held();
        if (held && (second != 3 || strstr(r.err, "locked") == NULL))
            fail_msg("a second writer got in (exit %d):\n%s", second, r.err);
        run_result_release(&r);
        inside += held;
    }
    int st = 0;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    print_message("%d second runs during the first, all locked out\n", inside);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
    assert_true(inside >= 1);
    assert_true(generation(NULL) > gen); /* the first run compacted (--full) */
    assert_int_equal(gen_entries(), 1);
}

/* kill -9 while a run compacts: a --compact run with nothing to index, each
 * killed at a random moment of its compaction: once its gen-*.tmp appears,
 * within the time a first run's report gives its compaction. (Timing the
 * kill from the run's start missed the compaction in every round when the
 * machine was busy.) The index opens and answers after each, and the next
 * run cleans up. */
static void nightly__killed_while_compacting(void **state)
{
    (void)state;
    size_t complete = doccount();
    long tynset = hits("Tynset");
    const char *argv0 = env_or_die("SAKSOK_INDEX_BIN");
    char report[700];
    snprintf(report, sizeof report, "%s/report.json", tmp);
    double run_seconds = 0, compact_seconds = 0;
    int traces = 0;
    srand((unsigned)time(NULL) ^ (unsigned)getpid());
    for (int round = -1; round < 24; round++) {
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            int devnull = open("/dev/null", O_WRONLY);
            dup2(devnull, 1);
            dup2(devnull, 2);
            execl(argv0, "saksok-index", "--no-ocr", "--compact", "--report", report, "--db", db,
                  archive, (char *)NULL);
            _exit(127);
        }
        int st;
        if (round < 0) { /* first, how long a whole run and its compaction take */
            waitpid(pid, &st, 0);
            clock_gettime(CLOCK_MONOTONIC, &t1);
            assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
            run_seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
            json_t *c = report_compaction(report);
            compact_seconds = json_real_value(json_object_get(c, "seconds"));
            json_decref(c);
            assert_true(compact_seconds > 0 && compact_seconds < run_seconds);
            continue;
        }
        /* The run first clears what the last kill left (back to one
         * generation), then compacts into a gen-*.tmp beside it. */
        int cleared = gen_entries() == 1, compacting = 0;
        while (!compacting && waitpid(pid, &st, WNOHANG) == 0) {
            int n = gen_entries();
            cleared |= n == 1;
            compacting = cleared && n > 1;
            struct timespec poll = {0, 100 * 1000};
            nanosleep(&poll, NULL);
        }
        if (compacting) {
            double at = compact_seconds * (double)rand() / RAND_MAX;
            struct timespec d = {(time_t)at, (long)((at - (double)(time_t)at) * 1e9)};
            nanosleep(&d, NULL);
            kill(pid, SIGKILL);
            waitpid(pid, &st, 0);
        }
        if (gen_entries() > 1)
            traces++; /* a gen-*.tmp, or two generations */
        assert_int_equal(doccount(), complete);
        assert_int_equal(hits("Tynset"), tynset);
    }
    print_message("%d of 24 kills left a compaction half-done (a run takes %.3f s, its "
                  "compaction %.3f s)\n",
                  traces, run_seconds, compact_seconds);
    assert_true(traces >= 1);
    run_result r;
    assert_int_equal(reindex(&r, "--compact", NULL), 0);
    run_result_release(&r);
    expect_freshly_compacted();
    assert_int_equal(doccount(), complete);
    assert_int_equal(hits("Tynset"), tynset);
}

/* kill -9 at random moments (commits every file, so many land mid-commit):
 * the index always opens and answers with a consistent state, and the next
 * run completes it. */
static void nightly__killed_at_any_moment(void **state)
{
    (void)state;
    size_t complete = doccount();
    long tynset = hits("Tynset");
    srand((unsigned)time(NULL));
    for (int round = 0; round < 12; round++) {
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            int devnull = open("/dev/null", O_WRONLY);
            dup2(devnull, 1);
            dup2(devnull, 2);
            execl(env_or_die("SAKSOK_INDEX_BIN"), "saksok-index", "--no-ocr", "--full",
                  "--commit-every", "1", "--db", db, archive, (char *)NULL);
            _exit(127);
        }
        struct timespec d = {0, (long)(rand() % 400 + 5) * 1000000L};
        nanosleep(&d, NULL);
        kill(pid, SIGKILL);
        int st;
        waitpid(pid, &st, 0);
        /* Opens, and searches answer from some committed state. */
        size_t n = doccount();
        assert_true(n > 0);
        long t = hits("Tynset");
        assert_true(t == tynset);
    }
    run_result r;
    assert_int_equal(reindex(&r, NULL, NULL), 0);
    run_result_release(&r);
    assert_int_equal(doccount(), complete);
    assert_int_equal(hits("Tynset"), tynset);
}

/* saksok-nightly [CONFIG] as cron runs it; its exit status. */
static int nightly_script(const char *conf)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "cd / && env -i /bin/sh '%s/scripts/saksok-nightly' '%s' </dev/null >>'%s/cron.out' "
             "2>&1",
             env_or_die("SAKSOK_SOURCE_DIR"), conf, tmp);
    int st = system(cmd);
    assert_true(WIFEXITED(st));
    return WEXITSTATUS(st);
}

/* As cron runs it: no environment, no terminal, another working directory. */
static void nightly__cron_script(void **state)
{
    (void)state;
    char conf[700], logdir[700], bindir[700];
    snprintf(conf, sizeof conf, "%s/nightly.conf", tmp);
    snprintf(logdir, sizeof logdir, "%s/logg", tmp);
    snprintf(bindir, sizeof bindir, "%s", env_or_die("SAKSOK_INDEX_BIN"));
    *strrchr(bindir, '/') = '\0';
    FILE *f = fopen(conf, "w");
    assert_non_null(f);
    /* Run by root (CI), the test keeps root: there is no saksok user here. */
    fprintf(f,
            "SAKSOK_DB=%s\nSAKSOK_ARCHIVE=%s\nSAKSOK_LOG_DIR=%s\nSAKSOK_BIN_DIR=%s\nSAKSOK_OCR=no\n"
            "SAKSOK_USER=root\n",
            db, archive, logdir, bindir);
    fclose(f);
    sh("touch -d '40 days ago' '%s/saksok-index-2000-01-01.log' 2>/dev/null || "
       "(mkdir -p '%s' && touch -d '40 days ago' '%s/saksok-index-2000-01-01.log')",
       logdir, logdir, logdir);
    char cmd[2048];
    assert_int_equal(nightly_script(conf), 0);
    /* Today's log has the summary; the old log was rotated away. */
    snprintf(cmd, sizeof cmd, "grep -q 'unchanged, 0 failed' '%s'/saksok-index-$(date +%%F).log",
             logdir);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "test ! -e '%s/saksok-index-2000-01-01.log'", logdir);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "%s/last-report.json", logdir);
    json_t *o = json_load_file(cmd, 0, NULL);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "status")), "ok");
    json_decref(o);
    /* A configuration without the index is a usage error (2). */
    f = fopen(conf, "w");
    fprintf(f, "SAKSOK_ARCHIVE=%s\n", archive);
    fclose(f);
    assert_int_equal(nightly_script(conf), 2);
}

/* The script trusts its configuration only from root or its own user, and
 * when nobody else can write to it; roots are taken as written, one a line
 * (spaces kept, nothing expanded); started as root it runs as SAKSOK_USER,
 * and refuses when that user does not exist. */
static void nightly__cron_script_hardened(void **state)
{
    (void)state;
    char conf[700], bindir[700], root2[700], db2[700];
    snprintf(conf, sizeof conf, "%s/hardened.conf", tmp);
    snprintf(bindir, sizeof bindir, "%s", env_or_die("SAKSOK_INDEX_BIN"));
    *strrchr(bindir, '/') = '\0';
    snprintf(root2, sizeof root2, "%s/to mapper *", tmp);
    snprintf(db2, sizeof db2, "%s/index2", tmp);
    sh("mkdir -p '%s' && echo '<html><body><main><p>Mellomromsmappe</p></main></body></html>' "
       "> '%s/side.html'",
       root2, root2);
    FILE *f = fopen(conf, "w");
    assert_non_null(f);
    fprintf(f,
            "SAKSOK_DB='%s'\nSAKSOK_ARCHIVE='%s'\nSAKSOK_LOG_DIR='%s/logg2'\n"
            "SAKSOK_BIN_DIR='%s'\nSAKSOK_OCR=no\nSAKSOK_USER=root\n",
            db2, root2, tmp, bindir);
    fclose(f);
    assert_int_equal(chmod(conf, 0644), 0);
    assert_int_equal(nightly_script(conf), 0);
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "grep -q '1 new, 0 changed' '%s'/logg2/saksok-index-*.log", tmp);
    assert_int_equal(system(cmd), 0);
    /* Writable by others: not read, not run. */
    assert_int_equal(chmod(conf, 0666), 0);
    assert_int_equal(nightly_script(conf), 2);
    assert_int_equal(chmod(conf, 0644), 0);
    if (geteuid() == 0) {
        /* Another user's file: not read. */
        sh("chown nobody '%s'", conf);
        assert_int_equal(nightly_script(conf), 2);
        sh("chown root '%s'", conf);
        /* Root with no such user to run as: refused, not run as root. */
        sh("sed -i 's/^SAKSOK_USER=root$/SAKSOK_USER=saksok-no-such-user/' '%s'", conf);
        assert_int_equal(nightly_script(conf), 2);
    }
    snprintf(cmd, sizeof cmd, "grep -q 'not read' '%s/cron.out'", tmp);
    assert_int_equal(system(cmd), 0);
}

/* Least privilege: nothing the indexer writes can be read by others, whatever
 * the caller's umask (0750/0640, for the indexer and the responder's group);
 * the lock is the indexer's alone (0600, also one an earlier version left
 * open to all); the report goes through a fresh name, never through a link
 * planted at REPORT.tmp. */
static void nightly__private_files(void **state)
{
    (void)state;
    mode_t old = umask(022);
    char lock[700], report[700], victim[700], cmd[2400];
    snprintf(lock, sizeof lock, "%s/writer.lock", db);
    assert_int_equal(chmod(lock, 0666), 0);
    snprintf(report, sizeof report, "%s/rapport.json", tmp);
    snprintf(victim, sizeof victim, "%s/offer", tmp);
    sh("printf uendret > '%s' && ln -sf '%s' '%s.tmp'", victim, victim, report);
    sh("echo '<html><body><main><p>Ny side om personvern</p></main></body></html>' "
       "> '%s/ny-side.html'",
       archive);
    run_result r;
    assert_int_equal(reindex(&r, "--report", report), 0);
    run_result_release(&r);
    umask(old);
    struct stat st;
    assert_int_equal(stat(lock, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    snprintf(cmd, sizeof cmd, "test -z \"$(find '%s' '%s' -perm /o=rwx)\"", db, report);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "grep -qx uendret '%s' && grep -q '\"status\"' '%s'", victim, report);
    assert_int_equal(system(cmd), 0);
    sh("rm -f '%s/ny-side.html' '%s.tmp'", archive, report);
    assert_int_equal(reindex(&r, NULL, NULL), 0);
    run_result_release(&r);
}

static void nightly__stats(void **state)
{
    (void)state;
    const char *argv[] = {env_or_die("SAKSOK_QUERY_BIN"), "--db", db, "--stats", "--json", NULL};
    run_result r;
    assert_int_equal(run_cmd(&r, argv, NULL), 0);
    assert_int_equal(r.status, 0);
    json_t *o = json_loads(r.out, 0, NULL);
    assert_non_null(o);
    assert_int_equal((size_t)json_integer_value(json_object_get(o, "documents")), doccount());
    assert_int_equal(json_integer_value(json_object_get(json_object_get(o, "files"), "indexed")),
                     12);
    assert_true(json_integer_value(json_object_get(o, "case_numbers")) >= 25);
    /* The whole index directory: its generation(s), the stub and the lock. */
    assert_int_equal(json_integer_value(json_object_get(o, "bytes")), tree_bytes(db, 1));
    assert_true(json_integer_value(json_object_get(o, "bytes")) > 100000);
    json_t *last = json_object_get(o, "last_run");
    assert_true(json_is_object(last));
    assert_true(json_is_integer(json_object_get(last, "unchanged")));
    json_decref(o);
    run_result_release(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nightly__unchanged_run_reads_nothing),
        cmocka_unit_test(nightly__old_content_hashes),
        cmocka_unit_test(nightly__add_replace_delete),
        cmocka_unit_test(nightly__document_dictionary),
        cmocka_unit_test(nightly__broken_file_keeps_its_entry),
        cmocka_unit_test(nightly__extraction_module_on_demand),
        cmocka_unit_test(nightly__hostile_archive),
        cmocka_unit_test(nightly__permission_denied),
        cmocka_unit_test(nightly__one_writer_at_a_time),
        cmocka_unit_test(nightly__full_build_is_compacted),
        cmocka_unit_test(nightly__incremental_compaction),
        cmocka_unit_test(nightly__old_index_is_moved),
        cmocka_unit_test(nightly__second_writer_during_a_run),
        cmocka_unit_test(nightly__killed_while_compacting),
        cmocka_unit_test(nightly__killed_at_any_moment),
        cmocka_unit_test(nightly__cron_script),
        cmocka_unit_test(nightly__private_files),
        cmocka_unit_test(nightly__cron_script_hardened),
        cmocka_unit_test(nightly__stats),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
