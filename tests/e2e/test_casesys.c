/* test_casesys.c: saksok-index and saksok, the real binaries, on layout
 * family d (tests/data/layouts/d/papers: papers printed by a municipal
 * case-handling system): archive numbers are searchable as written and never
 * a case; "PS 24/23" is "sak 24/23"; a case paper's proposal and the
 * protocol's decision meet in the case's hits; a council the list of
 * councils does not know is a --body like any other.
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

static char tmp[256];
static char db[512];

#define HOU "Hovedutvalg for helse og omsorg"
#define PAPER_24_23 "politikk/moteplan/2023/mote-2291/saksframlegg-668332.pdf"
#define PROTOCOL_2023 "politikk/moteplan/2023/mote-2291/moteprotokoll.pdf"

static int setup(void **state)
{
    (void)state;
    if (run_tempdir(tmp, sizeof tmp, "casesys") != 0)
        return -1;
    snprintf(db, sizeof db, "%s/db", tmp);
    char root[512];
    snprintf(root, sizeof root, "%s/tests/data/layouts/d/papers", env_or_die("SAKSOK_SOURCE_DIR"));
    const char *argv[] = {
        env_or_die("SAKSOK_INDEX_BIN"), "--quiet", "--no-ocr", "--db", db, root, NULL};
    run_result r;
    if (run_cmd(&r, argv, NULL) != 0 || r.status != 0)
        return -1;
    run_result_release(&r);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    return system(cmd) == 0 ? 0 : -1;
}

/* saksok's exit status and output for args (NULL-terminated, after --db). */
static run_result saksok(const char *const *args)
{
    const char *argv[16] = {env_or_die("SAKSOK_QUERY_BIN"), "--db", db};
    size_t n = 3;
    while (*args && n < 15)
        argv[n++] = *args++;
    argv[n] = NULL;
    run_result r;
    assert_int_equal(run_cmd(&r, argv, NULL), 0);
    return r;
}

static json_t *hits_of(const char *q, const char *body)
{
    const char *args[] = {"--json", "--limit", "20", q, NULL, NULL, NULL};
    if (body) {
        args[3] = "--body";
        args[4] = body;
        args[5] = q;
    }
    run_result r = saksok(args);
    if (r.status != 0)
        fail_msg("saksok '%s' exited %d: %s", q, r.status, r.err);
    json_error_t jerr;
    json_t *o = json_loads(r.out, 0, &jerr);
    if (o == NULL)
        fail_msg("saksok '%s': not JSON: %s", q, jerr.text);
    run_result_release(&r);
    json_t *hits = json_incref(json_object_get(o, "hits"));
    json_decref(o);
    return hits;
}

static const char *str(json_t *hit, const char *key)
{
    const char *s = json_string_value(json_object_get(hit, key));
    return s ? s : "";
}

/* The first hit of file (and role, if given), or NULL. */
static json_t *hit_of(json_t *hits, const char *file, const char *role)
{
    for (size_t i = 0; i < json_array_size(hits); i++) {
        json_t *h = json_array_get(hits, i);
        if (strcmp(str(h, "file"), file) == 0 && (!role || strcmp(str(h, "role"), role) == 0))
            return h;
    }
    return NULL;
}

static void casesys__archive_numbers_searchable_as_written(void **state)
{
    (void)state;
    json_t *hits = hits_of("arkivsak 22/4711", NULL);
    json_t *paper = hit_of(hits, PAPER_24_23, "case"),
           *item = hit_of(hits, PROTOCOL_2023, "minutes");
    assert_non_null(paper);
    assert_non_null(item);
    assert_string_equal(str(paper, "archive_no"), "22/4711-3");
    assert_string_equal(str(item, "archive_no"), "22/4711");
    assert_string_equal(str(item, "case"), "24/23");
    for (size_t i = 0; i < json_array_size(hits); i++) /* only what is filed under it */
        assert_non_null(strstr(str(json_array_get(hits, i), "archive_no"), "22/4711"));
    json_decref(hits);
    hits = hits_of("22/4711-3", NULL);
    assert_true(json_array_size(hits) > 0);
    assert_non_null(hit_of(hits, PAPER_24_23, "case"));
    assert_null(hit_of(hits, PROTOCOL_2023, "minutes")); /* filed under the case, not the paper */
    json_decref(hits);
    /* shown in the text output too */
    const char *args[] = {"arkivsak", "22/4711-3", NULL};
    run_result r = saksok(args);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Arkivsak: 22/4711-3"));
    run_result_release(&r);
}

static void casesys__archive_number_never_a_case(void **state)
{
    (void)state;
    /* PS 23/23 is filed under archive case 21/23 */
    json_t *hits = hits_of("arkivsak 21/23", NULL);
    json_t *item = hit_of(hits, PROTOCOL_2023, "minutes");
    assert_non_null(item);
    assert_string_equal(str(item, "case"), "23/23");
    for (size_t i = 0; i < json_array_size(hits); i++)
        assert_string_not_equal(str(json_array_get(hits, i), "case"), "21/23");
    json_decref(hits);
    hits = hits_of("21/23", NULL);
    assert_true(json_array_size(hits) > 0);
    for (size_t i = 0; i < json_array_size(hits); i++) {
        json_t *h = json_array_get(hits, i);
        if (strcmp(str(h, "role"), "page") != 0)
            assert_string_equal(str(h, "case"), "21/23");
    }
    json_decref(hits);
}

static void casesys__item_code_finds_the_case(void **state)
{
    (void)state;
    json_t *ps = hits_of("PS 24/23", NULL), *sak = hits_of("sak 24/23", NULL);
    assert_int_equal(json_array_size(ps), json_array_size(sak));
    assert_true(json_array_size(ps) >= 3);
    for (size_t i = 0; i < json_array_size(ps); i++) {
        json_t *a = json_array_get(ps, i), *b = json_array_get(sak, i);
        assert_string_equal(str(a, "file"), str(b, "file"));
        assert_string_equal(str(a, "role"), str(b, "role"));
        assert_string_equal(str(a, "case"), str(b, "case"));
    }
    for (size_t i = 0; i < 3; i++) /* its own paper, its web page, its minutes first */
        assert_string_equal(str(json_array_get(ps, i), "case"), "24/23");
    json_decref(ps);
    json_decref(sak);
}

static void casesys__proposal_and_decision_meet(void **state)
{
    (void)state;
    json_t *hits = hits_of(HOU " 24/23", NULL);
    json_t *paper = hit_of(hits, PAPER_24_23, "case"),
           *item = hit_of(hits, PROTOCOL_2023, "minutes");
    assert_non_null(paper);
    assert_non_null(item);
    const char *proposal = HOU " tar saken til orientering.";
    /* the case paper: its own proposal, the protocol's decision */
    assert_string_equal(str(paper, "proposed_decision"), proposal);
    assert_string_equal(str(paper, "decision"), str(item, "decision"));
    assert_true(json_is_true(json_object_get(paper, "decision_from_minutes")));
    /* the protocol's item: its own decision, the case paper's proposal */
    assert_string_equal(str(item, "proposed_decision"), proposal);
    assert_true(json_is_true(json_object_get(item, "proposed_decision_from_case")));
    assert_false(json_is_true(json_object_get(item, "decision_from_minutes")));
    json_decref(hits);
}

static void casesys__unknown_council_as_body(void **state)
{
    (void)state;
    json_t *hits = hits_of("samhandling", HOU);
    assert_true(json_array_size(hits) > 0);
    for (size_t i = 0; i < json_array_size(hits); i++)
        assert_string_equal(str(json_array_get(hits, i), "body"), HOU);
    json_decref(hits);
    hits = hits_of("samhandling", "hovedutvalg for helse og omsorg"); /* any case */
    assert_true(json_array_size(hits) > 0);
    json_decref(hits);
    const char *args[] = {"--body", "Bydelsutvalget", "samhandling", NULL};
    run_result r = saksok(args);
    assert_int_equal(r.status, 0); /* no hits is not an error */
    assert_non_null(strstr(r.err, "no hits"));
    run_result_release(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(casesys__archive_numbers_searchable_as_written),
        cmocka_unit_test(casesys__archive_number_never_a_case),
        cmocka_unit_test(casesys__item_code_finds_the_case),
        cmocka_unit_test(casesys__proposal_and_decision_meet),
        cmocka_unit_test(casesys__unknown_council_as_body),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
