/* test_export.c: the hit id, --csv, --atom, --similar and --added-since,
 * through the real binaries on corpus/.
 *
 * Needs python3 (the CSV is read back with its csv module) and xmllint
 * (libxml2-utils: the feed is validated against RFC 4287's schema,
 * tests/data/atom/rfc4287.rng).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "run.h"
#include "saksok/store/hitid.h"

static char tmp[256], db[512], fresh[512];

#define sh(...) assert_int_equal(run_shf(__VA_ARGS__), 0)

static void index_into(const char *dbpath, const char *flag)
{
    const char *argv[] = {
        env_or_die("SAKSOK_INDEX_BIN"), "--no-ocr", "--quiet", "--db", dbpath, NULL, NULL, NULL};
    size_t n = 5;
    if (flag)
        argv[n++] = flag;
    char corpus[512];
    snprintf(corpus, sizeof corpus, "%s/corpus", env_or_die("SAKSOK_SOURCE_DIR"));
    argv[n] = corpus;
    run_result r;
    assert_int_equal(run_cmd(&r, argv, NULL), 0);
    if (r.status != 0)
        fail_msg("saksok-index: %s", r.err);
    run_result_release(&r);
}

/* saksok --db dbpath ARGS... (NULL-terminated): its output; *status its exit status. */
static char *query_out(const char *dbpath, int *status, ...)
{
    const char *argv[24];
    size_t n = 0;
    argv[n++] = env_or_die("SAKSOK_QUERY_BIN");
    argv[n++] = "--db";
    argv[n++] = dbpath;
    va_list ap;
    va_start(ap, status);
    for (const char *a; (a = va_arg(ap, const char *)) != NULL && n < 23;)
        argv[n++] = a;
    va_end(ap);
    argv[n] = NULL;
    run_result r;
    assert_int_equal(run_cmd(&r, argv, NULL), 0);
    *status = r.status;
    char *out = r.out;
    r.out = NULL;
    run_result_release(&r);
    return out;
}

static json_t *query_json(const char *dbpath, const char *q, const char *extra)
{
    int status;
    char *out = extra ? query_out(dbpath, &status, "--json", "--limit", "1000", extra, q, NULL)
                      : query_out(dbpath, &status, "--json", "--limit", "1000", q, NULL);
    json_t *o = status == 0 ? json_loads(out, 0, NULL) : NULL;
    if (o == NULL)
        fail_msg("saksok --json %s: status %d", q, status);
    free(out);
    return o;
}

static const char *jstr(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static void save(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
    (void)state;
    if (run_tempdir(tmp, sizeof tmp, "export") != 0)
        return -1;
    snprintf(db, sizeof db, "%s/db", tmp);
    snprintf(fresh, sizeof fresh, "%s/fresh", tmp);
    index_into(db, NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sh("rm -rf '%s'", tmp);
    return 0;
}

/* A broad query's hits as "file|role|body|case|page_from -> id added". */
static json_t *ids_of(const char *dbpath)
{
    json_t *res = query_json(dbpath, "helse OR sak OR møte", NULL), *map = json_object();
    size_t i;
    json_t *h;
    json_array_foreach(json_object_get(res, "hits"), i, h)
    {
        char key[1024];
        snprintf(key, sizeof key, "%s|%s|%s|%s|%lld", jstr(h, "file"), jstr(h, "role"),
                 jstr(h, "body") ? jstr(h, "body") : "", jstr(h, "case") ? jstr(h, "case") : "",
                 (long long)json_integer_value(json_object_get(h, "page_from")));
        json_object_set_new(
            map, key, json_pack("{s:s, s:s?}", "id", jstr(h, "id"), "added", jstr(h, "added")));
    }
    json_decref(res);
    return map;
}

/* Every hit has an id, no two the same; the same section has the same id
 * after a full reindex and in an index built afresh (ids are not Xapian's
 * document ids), and keeps when the index first held it across --full. */
static void export__ids_stable_across_reindexes(void **state)
{
    (void)state;
    json_t *before = ids_of(db);
    assert_true(json_object_size(before) > 30);
    json_t *seen = json_object();
    const char *key;
    json_t *v;
    json_object_foreach(before, key, v)
    {
        const char *id = jstr(v, "id");
        if (id == NULL || !sk_hit_id_valid(id))
            fail_msg("%s: no valid id", key);
        if (json_object_get(seen, id))
            fail_msg("%s and %s share the id %s", key, jstr(json_object_get(seen, id), "k"), id);
        json_object_set_new(seen, id, json_pack("{s:s}", "k", key));
        assert_non_null(jstr(v, "added"));
    }
    index_into(db, "--full");
    index_into(fresh, NULL);
    json_t *after = ids_of(db), *other = ids_of(fresh);
    assert_int_equal(json_object_size(after), json_object_size(before));
    json_object_foreach(before, key, v)
    {
        json_t *a = json_object_get(after, key), *o = json_object_get(other, key);
        if (a == NULL || o == NULL)
            fail_msg("%s is gone after reindexing", key);
        assert_string_equal(jstr(a, "id"), jstr(v, "id"));
        assert_string_equal(jstr(o, "id"), jstr(v, "id"));
        /* --full wrote it again: it was still first held at the first build */
        assert_string_equal(jstr(a, "added"), jstr(v, "added"));
        assert_true(strcmp(jstr(o, "added"), jstr(v, "added")) > 0);
    }
    json_decref(before);
    json_decref(after);
    json_decref(other);
    json_decref(seen);
}

/* --csv reads back with a CSV parser, with the same fields and values as
 * --json, for queries whose hits hold commas, quotes, newlines and æøå. */
static void export__csv_reads_back(void **state)
{
    (void)state;
    const char *queries[] = {"helse", "legemiddelprogrammet", "vedtak: orientering", "NUIT 13/21",
                             "ingenting-slikt-finnes"};
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
        int s1, s2;
        char *csv = query_out(db, &s1, "--csv", "--limit", "200", queries[i], NULL);
        char *json = query_out(db, &s2, "--json", "--limit", "200", queries[i], NULL);
        assert_int_equal(s1, 0);
        assert_int_equal(s2, 0);
        char cpath[600], jpath[600];
        snprintf(cpath, sizeof cpath, "%s/out.csv", tmp);
        snprintf(jpath, sizeof jpath, "%s/out.json", tmp);
        save(cpath, csv);
        save(jpath, json);
        if (run_shf("python3 '%s/tests/e2e/csv_check.py' '%s' '%s' >&2",
                    env_or_die("SAKSOK_SOURCE_DIR"), cpath, jpath) != 0)
            fail_msg("CSV of '%s' does not match its JSON", queries[i]);
        free(csv);
        free(json);
    }
}

/* The checker itself catches a CSV that differs from the JSON. */
static void export__csv_check_catches_a_difference(void **state)
{
    (void)state;
    int s;
    char *csv = query_out(db, &s, "--csv", "helse", NULL);
    char *json = query_out(db, &s, "--json", "helse", NULL);
    char *at = strstr(csv, "\r\n1,");
    assert_non_null(at);
    at[2] = '9'; /* the first hit's rank */
    char cpath[600], jpath[600];
    snprintf(cpath, sizeof cpath, "%s/bad.csv", tmp);
    snprintf(jpath, sizeof jpath, "%s/bad.json", tmp);
    save(cpath, csv);
    save(jpath, json);
    assert_int_not_equal(run_shf("python3 '%s/tests/e2e/csv_check.py' '%s' '%s' 2>/dev/null",
                                 env_or_die("SAKSOK_SOURCE_DIR"), cpath, jpath),
                         0);
    free(csv);
    free(json);
}

/* The feed's entry ids, in order, as one string. */
static char *entry_ids(const char *feed)
{
    size_t cap = strlen(feed) + 1, n = 0;
    char *out = calloc(1, cap);
    for (const char *p = strstr(feed, "<entry>"); p; p = strstr(p + 1, "<entry>")) {
        const char *id = strstr(p, "<id>"), *end = id ? strstr(id, "</id>") : NULL;
        assert_non_null(end);
        n += (size_t)snprintf(out + n, cap - n, "%.*s\n", (int)(end - id - 4), id + 4);
    }
    return out;
}

static int validates(const char *feed)
{
    char path[600];
    snprintf(path, sizeof path, "%s/feed.xml", tmp);
    save(path, feed);
    return run_shf("xmllint --noout --relaxng '%s/tests/data/atom/rfc4287.rng' '%s' 2>/dev/null",
                   env_or_die("SAKSOK_SOURCE_DIR"), path) == 0;
}

/* --atom validates against RFC 4287's schema; each entry's id is the hit's
 * (a tag: URI of it), the same after a full reindex and in a fresh index;
 * entries come the latest added first. A feed with its id taken out does
 * not validate (the check can fail). */
static void export__atom_valid_and_stable(void **state)
{
    (void)state;
    const char *queries[] = {"helse", "legemiddelprogrammet", "digital hjemmeoppfølging"};
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
        int s;
        char *feed = query_out(db, &s, "--atom", queries[i], NULL);
        assert_int_equal(s, 0);
        if (!validates(feed))
            fail_msg("the feed of '%s' does not validate:\n%s", queries[i], feed);
        assert_non_null(strstr(feed, "<title>Nye treff for «"));
        assert_non_null(strstr(feed, "rel=\"self\""));
        assert_non_null(strstr(feed, "href=\"/papers/"));
        char *ids = entry_ids(feed);
        assert_true(strlen(ids) > 0);
        /* every entry id names a hit of the JSON */
        json_t *res = query_json(db, queries[i], NULL);
        for (char *line = ids; *line;) {
            char *nl = strchr(line, '\n');
            *nl = '\0';
            assert_true(strncmp(line, "tag:saksok,2026:treff/", 22) == 0);
            int found = 0;
            size_t k;
            json_t *h;
            json_array_foreach(json_object_get(res, "hits"), k, h) found |=
                strcmp(jstr(h, "id"), line + 22) == 0;
            if (!found)
                fail_msg("entry %s is no hit of '%s'", line, queries[i]);
            *nl = '\n';
            line = nl + 1;
        }
        json_decref(res);
        /* the same entries in an index built afresh (the same order: every
         * section there was added at once, and the meeting dates order them) */
        char *again = query_out(fresh, &s, "--atom", queries[i], NULL);
        char *ids2 = entry_ids(again);
        assert_string_equal(ids2, ids);
        free(ids2);
        free(again);
        free(ids);
        if (i == 0) {
            char *id = strstr(feed, "<id>");
            memmove(id, strchr(id, '\n') + 1, strlen(strchr(id, '\n') + 1) + 1);
            assert_false(validates(feed));
        }
        free(feed);
    }
}

/* A case ("of" the corpus: the best case paper about e-prescriptions,
 * resept) finds cases about medicines (those a search for legemiddel or
 * legemidler finds) before those about neither; never itself nor another
 * section of its own case; one hit per case. */
static void export__similar_cases(void **state)
{
    (void)state;
    json_t *resept = query_json(db, "resept", NULL);
    const json_t *src = NULL;
    size_t i;
    json_t *h;
    json_array_foreach(json_object_get(resept, "hits"), i,
                       h) if (src == NULL && jstr(h, "case") &&
                              strcmp(jstr(h, "role"), "case") == 0) src = h;
    assert_non_null(src);
    json_t *medicine = json_object();
    const char *words[] = {"legemiddel", "legemidler"};
    for (size_t w = 0; w < 2; w++) {
        json_t *res = query_json(db, words[w], NULL);
        json_array_foreach(json_object_get(res, "hits"), i, h) if (jstr(h, "case"))
        {
            char key[256];
            snprintf(key, sizeof key, "%s %s", jstr(h, "body"), jstr(h, "case"));
            json_object_set_new(medicine, key, json_true());
        }
        json_decref(res);
    }
    json_t *sim = query_json(db, jstr(src, "id"), "--similar");
    size_t n = json_array_size(json_object_get(sim, "hits"));
    assert_true(n >= 5);
    double med_rank = 0, other_rank = 0;
    size_t n_med = 0, n_other = 0;
    json_t *cases_seen = json_object();
    json_array_foreach(json_object_get(sim, "hits"), i, h)
    {
        assert_string_not_equal(jstr(h, "id"), jstr(src, "id"));
        if (jstr(h, "case") == NULL)
            continue; /* a page outside any case */
        char key[256];
        snprintf(key, sizeof key, "%s %s", jstr(h, "body"), jstr(h, "case"));
        if (strcmp(jstr(h, "case"), jstr(src, "case")) == 0 && jstr(h, "body") &&
            strcmp(jstr(h, "body"), jstr(src, "body")) == 0)
            fail_msg("a section of the case itself (%s) is among the similar", key);
        if (json_object_get(cases_seen, key))
            fail_msg("%s comes twice", key);
        json_object_set_new(cases_seen, key, json_true());
        if (json_object_get(medicine, key)) {
            med_rank += (double)(i + 1);
            n_med++;
        } else {
            other_rank += (double)(i + 1);
            n_other++;
        }
        if (n_med + n_other == 1 && !json_object_get(medicine, key))
            fail_msg("the most similar case, %s, is not about medicines", key);
    }
    assert_true(n_med >= 2 && n_other >= 2);
    if (med_rank / (double)n_med >= other_rank / (double)n_other)
        fail_msg("cases about medicines rank %.1f on average, the others %.1f",
                 med_rank / (double)n_med, other_rank / (double)n_other);
    /* an id no hit has: exit 1, like no hits; one that is no id: 2 */
    int s;
    free(query_out(db, &s, "--similar", "0000000000000000", NULL));
    assert_int_equal(s, 1);
    free(query_out(db, &s, "--similar", "../../etc/passwd", NULL));
    assert_int_equal(s, 2);
    json_decref(cases_seen);
    json_decref(sim);
    json_decref(medicine);
    json_decref(resept);
}

/* --added-since TIME: the hits added after it; none after the latest. */
static void export__added_since(void **state)
{
    (void)state;
    json_t *all = query_json(db, "helse", NULL);
    const char *latest = NULL;
    size_t i;
    json_t *h;
    json_array_foreach(json_object_get(all, "hits"), i,
                       h) if (latest == NULL || strcmp(jstr(h, "added"), latest) > 0) latest =
        jstr(h, "added");
    assert_non_null(latest);
    json_t *none = query_json(db, "helse", "--added-since=2999-01-01");
    assert_int_equal(json_array_size(json_object_get(none, "hits")), 0);
    char arg[80];
    snprintf(arg, sizeof arg, "--added-since=%s", latest);
    json_t *after = query_json(db, "helse", arg);
    assert_int_equal(json_array_size(json_object_get(after, "hits")), 0);
    json_t *since = query_json(db, "helse", "--added-since=2000-01-01");
    assert_int_equal(json_integer_value(json_object_get(since, "total")),
                     json_integer_value(json_object_get(all, "total")));
    int s;
    free(query_out(db, &s, "--added-since", "i går", "helse", NULL));
    assert_int_equal(s, 2);
    json_decref(all);
    json_decref(none);
    json_decref(after);
    json_decref(since);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(export__ids_stable_across_reindexes),
        cmocka_unit_test(export__csv_reads_back),
        cmocka_unit_test(export__csv_check_catches_a_difference),
        cmocka_unit_test(export__atom_valid_and_stable),
        cmocka_unit_test(export__similar_cases),
        cmocka_unit_test(export__added_since),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
