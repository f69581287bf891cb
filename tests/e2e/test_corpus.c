/* test_corpus.c: saksok-index and saksok, the real binaries, on corpus/.
 *
 * Queries and the file#page each must return first are in queries.tsv
 * (checked by hand against the papers).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <jansson.h>

#include "run.h"
#include "saksok/indexer/discover.h"
#include "saksok/store/xap.h"

static char tmp[256];
static char db[512];
static char corpus[512];
static size_t n_files;

static size_t doccount(const char *path)
{
    sk_err err = SK_ERR_INIT;
    sk_xdb *x = NULL;
    assert_int_equal(sk_xdb_open(&x, path, &err), SK_OK);
    size_t n = 0;
    assert_int_equal(sk_xdb_doccount(&n, x, &err), SK_OK);
    sk_xdb_free(x);
    return n;
}

static void index_into(run_result *r, const char *dbpath, const char *root, const char *flag)
{
    const char *argv[] = {env_or_die("SAKSOK_INDEX_BIN"), "--db", dbpath, root, NULL, NULL};
    if (flag) {
        argv[3] = flag;
        argv[4] = root;
    }
    assert_int_equal(run_cmd(r, argv, NULL), 0);
}

static void query(run_result *r, const char *dbpath, const char *q, int json)
{
    const char *argv[] = {env_or_die("SAKSOK_QUERY_BIN"),
                          "--db",
                          dbpath,
                          "--limit",
                          "10",
                          json ? "--json" : q,
                          json ? q : NULL,
                          NULL};
    assert_int_equal(run_cmd(r, argv, NULL), 0);
}

/* The JSON r printed (r released). */
static json_t *json_of(run_result *r, const char *q)
{
    if (r->status != 0)
        fail_msg("saksok '%s' exited %d: %s", q, r->status, r->err);
    json_error_t jerr;
    json_t *o = json_loads(r->out, 0, &jerr);
    if (o == NULL)
        fail_msg("saksok '%s' printed invalid JSON: %s", q, jerr.text);
    run_result_release(r);
    return o;
}

/* saksok --json [flag] q, with "today" fixed for relative periods. */
static json_t *query_json_with(const char *dbpath, const char *q, const char *flag)
{
    run_result r;
    const char *argv[] = {env_or_die("SAKSOK_QUERY_BIN"),
                          "--db",
                          dbpath,
                          "--json",
                          flag ? flag : q,
                          flag ? q : NULL,
                          NULL};
    const char *env[] = {"SAKSOK_TODAY=2022-06-15", NULL};
    assert_int_equal(run_cmd(&r, argv, env), 0);
    return json_of(&r, q);
}

static json_t *query_json(const char *dbpath, const char *q)
{
    run_result r;
    query(&r, dbpath, q, 1);
    return json_of(&r, q);
}

static const char *hit_str(json_t *o, size_t i, const char *key)
{
    return json_string_value(json_object_get(json_array_get(json_object_get(o, "hits"), i), key));
}

static const char *reading_str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(json_object_get(o, "reading"), key));
}

static int setup(void **state)
{
    (void)state;
    if (run_tempdir(tmp, sizeof tmp, "corpus") != 0)
        return -1;
    snprintf(db, sizeof db, "%s/db", tmp);
    snprintf(corpus, sizeof corpus, "%s/corpus", env_or_die("SAKSOK_SOURCE_DIR"));
    sk_filelist l = {0};
    sk_err err = SK_ERR_INIT;
    if (sk_discover(&l, corpus, NULL, NULL, &err) != SK_OK)
        return -1;
    n_files = l.n;
    sk_filelist_release(&l);
    run_result r;
    index_into(&r, db, corpus, NULL);
    int ok = r.status == 0;
    if (!ok)
        fprintf(stderr, "indexing corpus failed (%d): %s\n", r.status, r.err);
    run_result_release(&r);
    return ok && n_files > 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    return system(cmd) == 0 ? 0 : -1;
}

/* Every row of queries.tsv: query, expected url of hit 1 ("-" for no hits). */
static void e2e__queries_find_their_page_first(void **state)
{
    (void)state;
    char path[600];
    snprintf(path, sizeof path, "%s/tests/e2e/queries.tsv", env_or_die("SAKSOK_SOURCE_DIR"));
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[2048];
    int n = 0, failures = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *tab = strchr(line, '\t');
        assert_non_null(tab);
        *tab = '\0';
        const char *q = line, *want = tab + 1;
        json_t *o = query_json(db, q);
        json_t *hits = json_object_get(o, "hits");
        const char *got = json_array_size(hits)
                              ? json_string_value(json_object_get(json_array_get(hits, 0), "url"))
                              : "-";
        if (strcmp(got, want) != 0) {
            fprintf(stderr, "query '%s': first hit %s, want %s\n", q, got, want);
            failures++;
        }
        json_decref(o);
        n++;
    }
    fclose(f);
    assert_true(n >= 8);
    assert_int_equal(failures, 0);
}

/* Every case of the corpus: "<body> <case>" returns it first, with the right
 * title, date and pages (tests/e2e/cases.tsv, checked by hand). */
static void e2e__every_case_by_body_and_number(void **state)
{
    (void)state;
    char path[600];
    snprintf(path, sizeof path, "%s/tests/e2e/cases.tsv", env_or_die("SAKSOK_SOURCE_DIR"));
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[2048];
    int n = 0, failures = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *col[8];
        size_t k = 0;
        for (char *t = strtok(line, "\t"); t && k < 8; t = strtok(NULL, "\t"))
            col[k++] = t;
        assert_int_equal(k, 8);
        char q[300];
        snprintf(q, sizeof q, "%s %s", col[0], col[1]);
        json_t *o = query_json(db, q);
        json_t *h = json_array_get(json_object_get(o, "hits"), 0);
        const char *want_keys[] = {"body", "case", "role", "meeting_date", "title", "file"};
        for (size_t i = 0; i < 6; i++) {
            const char *got = json_string_value(json_object_get(h, want_keys[i]));
            if (got == NULL || strcmp(got, col[i]) != 0) {
                fprintf(stderr, "'%s': %s is '%s', want '%s'\n", q, want_keys[i],
                        got ? got : "(null)", col[i]);
                failures++;
            }
        }
        long from = (long)json_integer_value(json_object_get(h, "page_from"));
        long to = (long)json_integer_value(json_object_get(h, "page_to"));
        if (from != atol(col[6]) || to != atol(col[7])) {
            fprintf(stderr, "'%s': pages %ld-%ld, want %s-%s\n", q, from, to, col[6], col[7]);
            failures++;
        }
        json_decref(o);
        n++;
    }
    fclose(f);
    assert_true(n >= 30);
    assert_int_equal(failures, 0);
}

/* Decisions: vedtak: searches decisions, and the June 2020 NUFA cases carry
 * the decisions their minutes (in the August bundle) record. */
static void e2e__decisions(void **state)
{
    (void)state;
    json_t *o = query_json(db, "vedtak: digital hjemmeoppfølging");
    json_t *h;
    size_t i;
    assert_true(json_array_size(json_object_get(o, "hits")) > 0);
    json_array_foreach(json_object_get(o, "hits"), i, h)
    {
        const char *d = json_string_value(json_object_get(h, "decision"));
        const char *p = json_string_value(json_object_get(h, "proposed_decision"));
        if (d == NULL && p == NULL)
            fail_msg("vedtak: hit %zu has neither decision nor proposed decision", i);
    }
    json_decref(o);
    o = query_json(db, "nufa 21/20");
    h = json_array_get(json_object_get(o, "hits"), 0);
    assert_string_equal(json_string_value(json_object_get(h, "meeting_date")), "2020-06-12");
    const char *d = json_string_value(json_object_get(h, "decision"));
    assert_non_null(d);
    assert_non_null(strstr(d, "NUFA"));
    json_decref(o);
    /* Filters and facets. */
    const char *argv[] = {env_or_die("SAKSOK_QUERY_BIN"),
                          "--db",
                          db,
                          "--json",
                          "--body",
                          "Fagutvalget",
                          "--from",
                          "2020-06-01",
                          "--to",
                          "2020-06-30",
                          "godkjenning",
                          NULL};
    run_result r;
    assert_int_equal(run_cmd(&r, argv, NULL), 0);
    assert_int_equal(r.status, 0);
    o = json_loads(r.out, 0, NULL);
    assert_non_null(o);
    assert_true(json_array_size(json_object_get(o, "hits")) > 0);
    json_array_foreach(json_object_get(o, "hits"), i, h)
    {
        assert_string_equal(json_string_value(json_object_get(h, "body")), "NUFA");
        assert_string_equal(json_string_value(json_object_get(h, "meeting_date")), "2020-06-12");
    }
    json_t *years = json_object_get(json_object_get(o, "facets"), "year");
    assert_true(json_integer_value(json_object_get(years, "2020")) > 0);
    assert_null(json_object_get(years, "2021"));
    json_decref(o);
    run_result_release(&r);
    /* a council the list does not know is taken as written; the corpus has
     * no paper of it: no hits, said plainly, exit 1 */
    const char *none[] = {
        env_or_die("SAKSOK_QUERY_BIN"), "--db", db, "--body", "Stortinget", "strategi", NULL};
    assert_int_equal(run_cmd(&r, none, NULL), 0);
    assert_int_equal(r.status, 0); /* no hits is not an error */
    assert_non_null(strstr(r.out, "Ingen treff"));
    assert_non_null(strstr(r.err, "no hits"));
    assert_non_null(strstr(r.err, "Stortinget"));
    run_result_release(&r);
}

static void e2e__summary_line_counts_files(void **state)
{
    (void)state;
    /* A fresh index of the corpus: every file new. */
    char db2[600], want[128], buf[512];
    snprintf(db2, sizeof db2, "%s/fresh", tmp);
    run_result r;
    index_into(&r, db2, corpus, NULL);
    assert_int_equal(r.status, 0);
    snprintf(want, sizeof want,
             "saksok-index: %zu new, 0 changed, 0 removed, 0 unchanged, 0 failed", n_files);
    last_line(r.err, buf, sizeof buf);
    if (strncmp(buf, want, strlen(want)) != 0)
        fail_msg("summary '%s', want '%s...'", buf, want);
    run_result_release(&r);
}

/* A second full run takes every OCR'd page from the cache and OCRs nothing. */
static void e2e__ocr_cache_spares_the_second_run(void **state)
{
    (void)state;
    char db2[600], buf[512];
    snprintf(db2, sizeof db2, "%s/ocr-db", tmp);
    run_result r;
    index_into(&r, db2, corpus, NULL);
    assert_int_equal(r.status, 0);
    unsigned long ocred = 0, cached = 0;
    const char *line = last_line(r.err, buf, sizeof buf);
    const char *p = strstr(line, "pages (");
    assert_non_null(p);
    assert_int_equal(sscanf(p, "pages (%lu OCR'd, %lu from the OCR cache)", &ocred, &cached), 2);
    assert_true(ocred >= 4); /* the scanned pages of corpus/scanned/ */
    assert_int_equal(cached, 0);
    run_result_release(&r);
    index_into(&r, db2, corpus, "--full");
    assert_int_equal(r.status, 0);
    unsigned long ocred2 = 1, cached2 = 0;
    p = strstr(last_line(r.err, buf, sizeof buf), "pages (");
    assert_non_null(p);
    assert_int_equal(sscanf(p, "pages (%lu OCR'd, %lu from the OCR cache)", &ocred2, &cached2), 2);
    assert_int_equal(ocred2, 0);
    assert_int_equal(cached2, ocred);
    run_result_release(&r);
    /* The hit says it was read by OCR. */
    json_t *o = query_json(db2, "kontrasignert");
    json_t *h = json_array_get(json_object_get(o, "hits"), 0);
    assert_true(json_is_true(json_object_get(h, "ocr")));
    json_decref(o);
}

static void e2e__indexing_twice_changes_nothing(void **state)
{
    (void)state;
    size_t before = doccount(db);
    assert_true(before >= n_files);
    run_result r;
    char buf[512], want[128];
    index_into(&r, db, corpus, NULL);
    assert_int_equal(r.status, 0);
    snprintf(want, sizeof want, "saksok-index: 0 new, 0 changed, 0 removed, %zu unchanged",
             n_files);
    assert_true(strncmp(last_line(r.err, buf, sizeof buf), want, strlen(want)) == 0);
    run_result_release(&r);
    assert_int_equal(doccount(db), before);
    /* --full re-extracts everything and still adds no duplicate. */
    index_into(&r, db, corpus, "--full");
    assert_int_equal(r.status, 0);
    snprintf(want, sizeof want, "saksok-index: 0 new, %zu changed, 0 removed, 0 unchanged",
             n_files);
    assert_true(strncmp(last_line(r.err, buf, sizeof buf), want, strlen(want)) == 0);
    run_result_release(&r);
    assert_int_equal(doccount(db), before);
}

static void e2e__bad_pdfs_are_reported_and_the_rest_indexed(void **state)
{
    (void)state;
    char root[600], cmd[2048], db2[600];
    snprintf(root, sizeof root, "%s/archive", tmp);
    snprintf(db2, sizeof db2, "%s/bad-db", tmp);
    snprintf(cmd, sizeof cmd, "cp -r '%s' '%s' && cp '%s/tests/data/bad/'*.pdf '%s/'", corpus, root,
             env_or_die("SAKSOK_SOURCE_DIR"), root);
    assert_int_equal(system(cmd), 0);
    run_result r;
    index_into(&r, db2, root, NULL);
    assert_int_equal(r.status, 1);
    static const char *const expect[] = {
        "zero-byte.pdf: empty file", "truncated.pdf: corrupt or truncated PDF",
        "encrypted.pdf: encrypted PDF", "not-a-pdf.pdf: not a PDF file",
        "garbage.pdf: corrupt or truncated PDF"};
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++)
        if (strstr(r.err, expect[i]) == NULL)
            fail_msg("stderr lacks '%s':\n%s", expect[i], r.err);
    char buf[512];
    assert_non_null(strstr(last_line(r.err, buf, sizeof buf), "5 failed"));
    run_result_release(&r);
    assert_int_equal(doccount(db2), doccount(db));

    /* A file that was indexed and now fails keeps its entry. */
    const char *victim = NULL;
    sk_filelist l = {0};
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_discover(&l, root, NULL, NULL, &err), SK_OK);
    for (size_t i = 0; i < l.n && victim == NULL; i++)
        if (l.files[i].format == SK_FORMAT_PDF && strstr(l.files[i].rel, "/") != NULL)
            victim = l.files[i].abs;
    assert_non_null(victim);
    size_t before = doccount(db2);
    snprintf(cmd, sizeof cmd, "printf '%%%%PDF-1.4\\nbroken' > '%s'", victim);
    assert_int_equal(system(cmd), 0);
    index_into(&r, db2, root, NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "its earlier index entry is kept"));
    run_result_release(&r);
    assert_int_equal(doccount(db2), before);
    sk_filelist_release(&l);

    /* A removed file's documents go. */
    snprintf(cmd, sizeof cmd, "rm -rf '%s'/*/", root);
    assert_int_equal(system(cmd), 0);
    index_into(&r, db2, root, NULL);
    assert_non_null(strstr(last_line(r.err, buf, sizeof buf), "removed"));
    run_result_release(&r);
    assert_int_equal(doccount(db2), 0);
}

/* Queries in plain words: the meeting meant first (a preference: other
 * meetings still come), the actor before lists, the reading shown, and
 * --literal to search the words as written. */
static void e2e__plain_word_queries(void **state)
{
    (void)state;
    json_t *o = query_json_with(db, "digital hjemmeoppfølging mai 2021", NULL);
    assert_string_equal(reading_str(o, "text"), "møter i mai 2021");
    assert_string_equal(json_string_value(json_object_get(
                            json_object_get(json_object_get(o, "reading"), "date"), "from")),
                        "2021-05-01");
    assert_string_equal(hit_str(o, 0, "meeting_date"), "2021-05-20");
    int other_year = 0;
    for (size_t i = 0; i < json_array_size(json_object_get(o, "hits")); i++)
        other_year |= strncmp(hit_str(o, i, "meeting_date"), "2020", 4) == 0;
    assert_true(other_year); /* NUFA's 2020 papers on it are still found */
    json_decref(o);

    o = query_json_with(db, "digital hjemmeoppfølging mai 2021", "--literal");
    assert_true(json_is_null(json_object_get(o, "reading")));
    json_decref(o);

    o = query_json_with(db, "legemiddelprogrammet i fjor", NULL);
    assert_string_equal(reading_str(o, "text"), "møter i 2021");
    assert_string_equal(hit_str(o, 0, "meeting_date"), "2021-05-20");
    json_decref(o);

    o = query_json_with(db, "siste møte i nufa", NULL);
    assert_string_equal(reading_str(o, "text"), "siste møte (2. mars 2022)");
    assert_string_equal(hit_str(o, 0, "meeting_date"), "2022-03-02");
    json_decref(o);

    /* a name: the cases the person acts in before the member lists */
    o = query_json_with(db, "Inga Nordberg", NULL);
    assert_string_equal(reading_str(o, "person"), "Inga Nordberg");
    assert_string_equal(hit_str(o, 0, "role"), "case");
    assert_string_equal(hit_str(o, 0, "sender"), "Inga Nordberg");
    assert_string_equal(hit_str(o, 0, "case_officer"), "Kjersti Skavik");
    json_decref(o);
    o = query_json_with(db, "elin kindingstad", NULL); /* her middle name left out */
    assert_string_equal(hit_str(o, 0, "case_officer"), "Elin Høyvik Kindingstad");
    json_decref(o);

    o = query_json_with(db, "hvem la frem strategisk analyse", NULL);
    assert_true(json_is_true(json_object_get(json_object_get(o, "reading"), "asks_actor")));
    assert_string_equal(hit_str(o, 0, "presenter"), "Karl Vestli");
    json_decref(o);

    o = query_json_with(db, "\"mai 2021\"", NULL); /* a phrase is left as written */
    assert_true(json_is_null(json_object_get(o, "reading")));
    json_decref(o);

    run_result r;
    query(&r, db, "referat juni 2020 felles grunnmur", 0);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Tolket som: møter i juni 2020, referat"));
    run_result_release(&r);
}

static void e2e__json_shape(void **state)
{
    (void)state;
    json_t *o = query_json(db, "e-helse");
    static const char *const top[] = {"query",      "total", "offset", "limit",
                                      "suggestion", "hits",  "facets"};
    for (size_t i = 0; i < sizeof top / sizeof top[0]; i++)
        if (json_object_get(o, top[i]) == NULL)
            fail_msg("JSON lacks '%s'", top[i]);
    assert_string_equal(json_string_value(json_object_get(o, "query")), "e-helse");
    assert_true(json_integer_value(json_object_get(o, "total")) > 0);
    assert_true(json_is_null(json_object_get(o, "suggestion")));
    json_t *h = json_array_get(json_object_get(o, "hits"), 0);
    assert_non_null(h);
    static const char *const keys[] = {"rank",
                                       "score",
                                       "file",
                                       "page_from",
                                       "page_to",
                                       "url",
                                       "body",
                                       "meeting_date",
                                       "case",
                                       "role",
                                       "title",
                                       "type",
                                       "proposed_decision",
                                       "decision",
                                       "snippet"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (json_object_get(h, keys[i]) == NULL)
            fail_msg("hit lacks '%s'", keys[i]);
    assert_int_equal(json_integer_value(json_object_get(h, "rank")), 1);
    /* Metadata is a string or null, never "". */
    static const char *const meta[] = {"body", "meeting_date",      "case",    "title",
                                       "type", "proposed_decision", "decision"};
    for (size_t i = 0; i < sizeof meta / sizeof meta[0]; i++) {
        json_t *v = json_object_get(h, meta[i]);
        assert_true(json_is_null(v) || (json_is_string(v) && json_string_length(v) > 0));
    }
    const char *role = json_string_value(json_object_get(h, "role"));
    assert_non_null(role);
    assert_true(strcmp(role, "case") == 0 || strcmp(role, "minutes") == 0 ||
                strcmp(role, "agenda") == 0 || strcmp(role, "mention") == 0 ||
                strcmp(role, "page") == 0);
    assert_non_null(strstr(json_string_value(json_object_get(h, "snippet")), "<mark>"));
    json_t *facets = json_object_get(o, "facets");
    assert_true(json_is_object(json_object_get(facets, "body")));
    json_decref(o);
}

static void e2e__phrase_is_narrower_than_words(void **state)
{
    (void)state;
    json_t *words = query_json(db, "nasjonal e-helsestrategi");
    json_t *phrase = query_json(db, "\"nasjonal e-helsestrategi\"");
    json_int_t nw = json_integer_value(json_object_get(words, "total"));
    json_int_t np = json_integer_value(json_object_get(phrase, "total"));
    assert_true(np > 0);
    assert_true(np <= nw);
    json_t *h;
    size_t i;
    json_array_foreach(json_object_get(phrase, "hits"), i, h)
    {
        const char *s = json_string_value(json_object_get(h, "snippet"));
        if (strstr(s, "<mark>nasjonal</mark> <mark>e-helsestrategi</mark>") == NULL &&
            strstr(s, "<mark>Nasjonal</mark> <mark>e-helsestrategi</mark>") == NULL)
            fail_msg("phrase hit %zu lacks the phrase: %s", i, s);
    }
    json_decref(words);
    json_decref(phrase);
}

static void e2e__spelling_suggestion(void **state)
{
    (void)state;
    json_t *o = query_json(db, "legemiddelprogramet finansiering");
    assert_string_equal(json_string_value(json_object_get(o, "suggestion")),
                        "legemiddelprogrammet finansiering");
    json_decref(o);
    o = query_json(db, "legemiddelprogrammet");
    assert_true(json_is_null(json_object_get(o, "suggestion")));
    json_decref(o);
    /* Nothing found as typed: the hits are the suggestion's, and it says so. */
    o = query_json(db, "samhandlig");
    assert_true(json_is_true(json_object_get(o, "corrected")));
    assert_string_equal(json_string_value(json_object_get(o, "suggestion")), "samhandling");
    assert_true(json_integer_value(json_object_get(o, "total")) > 0);
    json_decref(o);
    run_result r;
    query(&r, db, "samhandlig", 0);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Viser treff for «samhandling»"));
    run_result_release(&r);
}

/* An abbreviation finds pages that only write it out, and back. */
static void e2e__abbreviations_find_long_forms(void **state)
{
    (void)state;
    json_t *abbr = query_json(db, "DHO");
    json_t *longf = query_json(db, "\"digital hjemmeoppfølging\"");
    json_t *h;
    size_t i;
    int long_only = 0;
    json_array_foreach(json_object_get(abbr, "hits"), i, h)
    {
        const char *snip = json_string_value(json_object_get(h, "snippet"));
        if (strstr(snip, "DHO") == NULL && strstr(snip, "<mark>") != NULL)
            long_only++;
    }
    assert_true(long_only > 0);
    assert_true(json_integer_value(json_object_get(longf, "total")) >=
                json_integer_value(json_object_get(abbr, "total")) - 2);
    json_decref(abbr);
    json_decref(longf);
}

static void e2e__errors_and_exit_codes(void **state)
{
    (void)state;
    run_result r;
    query(&r, db, "\"nasjonal e-helse", 0);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "unbalanced quote"));
    run_result_release(&r);
    query(&r, db, "(nuit OR", 0);
    assert_int_equal(r.status, 2);
    run_result_release(&r);
    char missing[600];
    snprintf(missing, sizeof missing, "%s/no-such-db", tmp);
    query(&r, missing, "vedtak", 0);
    assert_int_equal(r.status, 3);
    assert_non_null(strstr(r.err, "cannot open index"));
    run_result_release(&r);
    const char *argv[] = {env_or_die("SAKSOK_QUERY_BIN"), "--limit", "0", "x", NULL};
    assert_int_equal(run_cmd(&r, argv, NULL), 0);
    assert_int_equal(r.status, 2);
    run_result_release(&r);
    const char *iargv[] = {env_or_die("SAKSOK_INDEX_BIN"), "--db", db, NULL};
    assert_int_equal(run_cmd(&r, iargv, NULL), 0);
    assert_int_equal(r.status, 2);
    run_result_release(&r);
}

/* A lexicon of the format before: the search runs and says why its
 * snippets lack compound parts; the installed one says nothing. */
static void e2e__old_lexicon_is_named(void **state)
{
    (void)state;
    char old[600], env[700];
    snprintf(old, sizeof old, "%s/old-lexicon.bin", tmp);
    FILE *f = fopen(old, "wb");
    assert_non_null(f);
    fwrite("SKLEX2\n\0\0\0\0\0\0\0\0", 1, 15, f);
    fclose(f);
    snprintf(env, sizeof env, "SAKSOK_LEXICON=%s", old);
    const char *argv[] = {env_or_die("SAKSOK_QUERY_BIN"), "--db", db, "--json", "vedtak", NULL};
    const char *envv[] = {env, NULL};
    run_result r;
    assert_int_equal(run_cmd(&r, argv, envv), 0);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "is of format 2, this saksok reads format 3"));
    assert_non_null(strstr(r.err, "snippets mark no compound parts"));
    json_t *o = json_of(&r, "vedtak");
    assert_true(json_integer_value(json_object_get(o, "total")) > 0);
    json_decref(o);
    query(&r, db, "vedtak", 1);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "");
    run_result_release(&r);
}

static void e2e__text_output_bold_on_terminal(void **state)
{
    (void)state;
    const char *argv[] = {env_or_die("SAKSOK_QUERY_BIN"), "--db", db, "e-helse", NULL};
    const char *env[] = {"SAKSOK_COLOR=always", NULL};
    run_result r;
    assert_int_equal(run_cmd(&r, argv, env), 0);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\033[1m"));
    assert_non_null(strstr(r.out, ".pdf#page="));
    run_result_release(&r);
    const char *env2[] = {"SAKSOK_COLOR=never", NULL};
    assert_int_equal(run_cmd(&r, argv, env2), 0);
    assert_null(strstr(r.out, "\033["));
    run_result_release(&r);
}

/* "label n=N p50_us=A p99_us=B max_us=C" at the start of line (label may be
 * ""): the four figures, checked for order. */
static void bench_line(const char *line, const char *label, unsigned *n)
{
    double p50 = -1, p99 = -1, max = -1;
    size_t ll = strlen(label);
    if (strncmp(line, label, ll) != 0 ||
        sscanf(line + ll, "n=%u p50_us=%lf p99_us=%lf max_us=%lf", n, &p50, &p99, &max) != 4)
        fail_msg("not a figures line (%s): %s", label, line);
    assert_true(p50 >= 0 && p50 <= p99 && p99 <= max);
}

/* The tools scripts/bench times with: sk-benchq (the whole search in
 * process, then Xapian's matcher alone on the same queries) and sk-spawntime
 * over sk-linkfloor (the one-shot floor). */
static void e2e__bench_tools(void **state)
{
    (void)state;
    char qfile[600], line[256];
    snprintf(qfile, sizeof qfile, "%s/bench-queries", tmp);
    FILE *f = fopen(qfile, "w");
    assert_non_null(f);
    fputs("e-helse\nsak 13/21\nvedtak: tilslutning\n", f);
    fclose(f);
    const char *bq[] = {env_or_die("SAKSOK_BENCHQ_BIN"), db, "2", qfile, NULL};
    run_result r;
    assert_int_equal(run_cmd(&r, bq, NULL), 0);
    assert_int_equal(r.status, 0);
    unsigned n = 0;
    bench_line(r.out, "", &n);
    assert_int_equal(n, 6);
    const char *second = strchr(r.out, '\n');
    assert_non_null(second);
    bench_line(second + 1, "matcher ", &n);
    assert_int_equal(n, 6); /* every query parsed and matched */
    run_result_release(&r);
    const char *bad[] = {env_or_die("SAKSOK_BENCHQ_BIN"), db, "0", qfile, NULL};
    assert_int_equal(run_cmd(&r, bad, NULL), 0);
    assert_int_equal(r.status, 2);
    run_result_release(&r);

    const char *st[] = {env_or_die("SAKSOK_SPAWNTIME_BIN"), "2", qfile, "--",
                        env_or_die("SAKSOK_LINKFLOOR_BIN"), NULL};
    assert_int_equal(run_cmd(&r, st, NULL), 0);
    assert_int_equal(r.status, 0);
    size_t lines = 0;
    for (const char *at = r.out; *at; lines++) {
        double ms = -1;
        assert_int_equal(sscanf(at, "%lf", &ms), 1);
        assert_true(ms > 0 && ms < 10000);
        at = strchr(at, '\n');
        if (at == NULL)
            break;
        at++;
    }
    assert_int_equal(lines, 6); /* two rounds of three lines */
    run_result_release(&r);
    const char *nostart[] = {env_or_die("SAKSOK_SPAWNTIME_BIN"), "1", qfile, "--",
                             "/nonexistent/sk-linkfloor",        NULL};
    assert_int_equal(run_cmd(&r, nostart, NULL), 0);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(last_line(r.err, line, sizeof line), "cannot start"));
    run_result_release(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(e2e__bench_tools),
        cmocka_unit_test(e2e__queries_find_their_page_first),
        cmocka_unit_test(e2e__summary_line_counts_files),
        cmocka_unit_test(e2e__every_case_by_body_and_number),
        cmocka_unit_test(e2e__decisions),
        cmocka_unit_test(e2e__json_shape),
        cmocka_unit_test(e2e__plain_word_queries),
        cmocka_unit_test(e2e__phrase_is_narrower_than_words),
        cmocka_unit_test(e2e__errors_and_exit_codes),
        cmocka_unit_test(e2e__old_lexicon_is_named),
        cmocka_unit_test(e2e__spelling_suggestion),
        cmocka_unit_test(e2e__abbreviations_find_long_forms),
        cmocka_unit_test(e2e__text_output_bold_on_terminal),
        cmocka_unit_test(e2e__indexing_twice_changes_nothing),
        cmocka_unit_test(e2e__ocr_cache_spares_the_second_run),
        cmocka_unit_test(e2e__bad_pdfs_are_reported_and_the_rest_indexed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
