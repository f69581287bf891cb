/* test_story.c: a case's story (saksok --case) and the references between
 * cases, the real binaries on corpus/.
 *
 * Every case of cases.tsv (checked by hand against the papers): its story
 * names it with the title and meeting of that file, its timeline holds
 * that section and every section of the case an ordinary case lookup
 * finds, in time order, and its decision is the one its minutes record.
 * References are checked both ways over every case.
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

static int setup(void **state)
{
    (void)state;
    if (run_tempdir(tmp, sizeof tmp, "story") != 0)
        return -1;
    snprintf(db, sizeof db, "%s/db", tmp);
    char corpus[512];
    snprintf(corpus, sizeof corpus, "%s/corpus", env_or_die("SAKSOK_SOURCE_DIR"));
    const char *argv[] = {env_or_die("SAKSOK_INDEX_BIN"), "--quiet", "--db", db, corpus, NULL};
    run_result r;
    if (run_cmd(&r, argv, NULL) != 0)
        return -1;
    int ok = r.status == 0;
    if (!ok)
        fprintf(stderr, "indexing corpus failed (%d): %s\n", r.status, r.err);
    run_result_release(&r);
    return ok ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return run_shf("rm -rf '%s'", tmp) == 0 ? 0 : -1;
}

/* saksok [--json] --case spec: *status, and the JSON (NULL when not JSON or
 * not 0); *err_out gets stderr (malloc'd) when not NULL. */
static json_t *story(const char *spec, int *status, char **err_out)
{
    const char *argv[] = {
        env_or_die("SAKSOK_QUERY_BIN"), "--db", db, "--json", "--case", spec, NULL};
    run_result r;
    assert_int_equal(run_cmd(&r, argv, NULL), 0);
    *status = r.status;
    json_t *o = NULL;
    if (r.status == 0) {
        json_error_t jerr;
        o = json_loads(r.out, 0, &jerr);
        if (o == NULL)
            fail_msg("saksok --case '%s' printed invalid JSON: %s", spec, jerr.text);
    }
    if (err_out) {
        *err_out = r.err;
        r.err = NULL;
    }
    run_result_release(&r);
    return o;
}

static json_t *story_ok(const char *spec)
{
    int status;
    char *err;
    json_t *o = story(spec, &status, &err);
    if (status != 0)
        fail_msg("saksok --case '%s' exited %d: %s", spec, status, err);
    free(err);
    return o;
}

static json_t *search_json(const char *q)
{
    const char *argv[] = {
        env_or_die("SAKSOK_QUERY_BIN"), "--db", db, "--json", "--limit", "100", q, NULL};
    run_result r;
    assert_int_equal(run_cmd(&r, argv, NULL), 0);
    assert_int_equal(r.status, 0);
    json_t *o = json_loads(r.out, 0, NULL);
    assert_non_null(o);
    run_result_release(&r);
    return o;
}

static const char *str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static int same(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

/* The timeline entry of file with page_from (0: HTML) and role, or NULL. */
static json_t *entry_of(json_t *timeline, const char *file, long page_from, const char *role)
{
    size_t i;
    json_t *e;
    json_array_foreach(timeline, i, e)
    {
        if (same(str(e, "file"), file) &&
            json_integer_value(json_object_get(e, "page_from")) == page_from &&
            (role == NULL || same(str(e, "role"), role)))
            return e;
    }
    return NULL;
}

/* Every row of cases.tsv: body, case, role, date, title, file, from, to. */
typedef struct case_row {
    char body[64], case_no[16], role[16], date[16], title[512], file[256];
    long from, to;
} case_row;

static size_t read_cases(case_row *rows, size_t max)
{
    char path[600];
    snprintf(path, sizeof path, "%s/tests/e2e/cases.tsv", env_or_die("SAKSOK_SOURCE_DIR"));
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[2048];
    size_t n = 0;
    while (n < max && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *col[8];
        size_t k = 0;
        for (char *t = strtok(line, "\t"); t && k < 8; t = strtok(NULL, "\t"))
            col[k++] = t;
        assert_int_equal(k, 8);
        case_row *c = &rows[n++];
        snprintf(c->body, sizeof c->body, "%s", col[0]);
        snprintf(c->case_no, sizeof c->case_no, "%s", col[1]);
        snprintf(c->role, sizeof c->role, "%s", col[2]);
        snprintf(c->date, sizeof c->date, "%s", col[3]);
        snprintf(c->title, sizeof c->title, "%s", col[4]);
        snprintf(c->file, sizeof c->file, "%s", col[5]);
        c->from = atol(col[6]);
        c->to = atol(col[7]);
    }
    fclose(f);
    return n;
}

#define MAX_CASES 128

/* What check_case() checks one case with: its spec, and the count of failures. */
typedef struct checking {
    const char *spec;
    int *failures;
} checking;

static void want(const checking *k, int ok, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void want(const checking *k, int ok, const char *fmt, ...)
{
    if (ok)
        return;
    fprintf(stderr, "'%s': ", k->spec);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    (*k->failures)++;
}

#define WANT(cond, ...) want(k, (cond) != 0, __VA_ARGS__)

/* The case's facts, and the section cases.tsv names, with its pages and its url. */
static void check_facts(const checking *k, const case_row *c, json_t *cs, json_t *tl)
{
    WANT(same(str(cs, "body"), c->body), "body %s", str(cs, "body"));
    WANT(same(str(cs, "case"), c->case_no), "case %s", str(cs, "case"));
    WANT(same(str(cs, "title"), c->title), "title '%s'", str(cs, "title"));
    WANT(same(str(cs, "meeting_date"), c->date), "meeting_date %s", str(cs, "meeting_date"));
    json_t *e = entry_of(tl, c->file, c->from, c->role);
    WANT(e != NULL, "no %s entry for %s p. %ld", c->role, c->file, c->from);
    if (e) {
        WANT(json_integer_value(json_object_get(e, "page_to")) == c->to, "page_to");
        char url[300];
        if (c->from > 0)
            snprintf(url, sizeof url, "%s#page=%ld", c->file, c->from);
        else
            snprintf(url, sizeof url, "%s", c->file);
        WANT(same(str(e, "url"), url), "url %s", str(e, "url"));
        WANT(same(str(e, "date"), c->date), "entry date %s", str(e, "date"));
    }
}

/* Time order (undated last), and every entry of this case's own kinds. */
static void check_order(const checking *k, json_t *tl)
{
    const char *prev = NULL;
    int undated = 0;
    size_t i;
    json_t *e;
    json_array_foreach(tl, i, e)
    {
        const char *d = str(e, "date"), *role = str(e, "role");
        WANT(!(undated && d), "a dated entry after an undated one");
        WANT(prev == NULL || d == NULL || strcmp(prev, d) <= 0, "%s after %s", d ? d : "",
             prev ? prev : "");
        WANT(same(role, "case") || same(role, "minutes") || same(role, "agenda"), "role %s",
             role ? role : "(null)");
        if (d)
            prev = d;
        else
            undated = 1;
    }
}

/* The decision is what the case's minutes record (s: an ordinary case
 * lookup; minutes_decision, case_decision: what its hits record). */
static void check_decision(const checking *k, const case_row *c, json_t *cs, json_t *tl, json_t *s,
                           const char *minutes_decision, const char *case_decision)
{
    json_t *from = json_object_get(cs, "decision_from"), *h;
    size_t i;
    if (minutes_decision) {
        /* one of the minutes' copies (the paper and a signed scan may differ) */
        int found = 0;
        json_array_foreach(json_object_get(s, "hits"), i, h)
        {
            found |= same(str(h, "role"), "minutes") && same(str(h, "case"), c->case_no) &&
                     same(str(h, "body"), c->body) && same(str(h, "decision"), str(cs, "decision"));
        }
        WANT(found, "decision '%s' is not one its minutes record", str(cs, "decision"));
        WANT(same(str(from, "role"), "minutes"), "decision_from role %s", str(from, "role"));
    } else if (case_decision) {
        WANT(same(str(cs, "decision"), case_decision), "decision '%s', want '%s'",
             str(cs, "decision"), case_decision);
    } else {
        WANT(json_is_null(json_object_get(cs, "decision")), "a decision nothing records");
        WANT(json_is_null(from), "decision_from without a decision");
    }
    if (json_is_object(from))
        WANT(entry_of(tl, str(from, "file"),
                      (long)json_integer_value(json_object_get(from, "page_from")),
                      str(from, "role")) != NULL,
             "decision_from is not on the timeline");
}

/* Every section an ordinary case lookup finds is on the timeline, and the
 * decision is what the case's minutes record. */
static void check_hits(const checking *k, const case_row *c, json_t *cs, json_t *tl)
{
    json_t *s = search_json(k->spec), *h;
    const char *minutes_decision = NULL, *case_decision = NULL;
    size_t n_own = 0, i;
    json_array_foreach(json_object_get(s, "hits"), i, h)
    {
        const char *role = str(h, "role");
        if (!same(str(h, "case"), c->case_no) || !same(str(h, "body"), c->body) ||
            !(same(role, "case") || same(role, "minutes") || same(role, "agenda")))
            continue;
        n_own++;
        long from = (long)json_integer_value(json_object_get(h, "page_from"));
        WANT(entry_of(tl, str(h, "file"), from, NULL) != NULL, "hit %s p. %ld not on the timeline",
             str(h, "file"), from);
        if (same(role, "minutes") && str(h, "decision") && !minutes_decision)
            minutes_decision = str(h, "decision");
        if (same(role, "case") && str(h, "decision") &&
            !json_is_true(json_object_get(h, "decision_from_minutes")) && !case_decision)
            case_decision = str(h, "decision");
    }
    WANT(n_own > 0 && json_array_size(tl) >= n_own, "%zu entries, %zu hits", json_array_size(tl),
         n_own);
    check_decision(k, c, cs, tl, s, minutes_decision, case_decision);
    json_decref(s);
}

static void check_case(const case_row *c, int *failures)
{
    char spec[256];
    snprintf(spec, sizeof spec, "%.63s %.15s", c->body, c->case_no);
    const checking check = {spec, failures}, *k = &check;
    json_t *o = story_ok(spec);
    json_t *cs = json_object_get(o, "case"), *tl = json_object_get(o, "timeline"), *e;
    check_facts(k, c, cs, tl);
    check_order(k, tl);
    check_hits(k, c, cs, tl);
    /* no case mentions itself */
    size_t i;
    json_array_foreach(json_object_get(o, "mentions"), i, e)
    {
        WANT(!(same(str(e, "body"), c->body) && same(str(e, "case"), c->case_no)),
             "mentions itself");
    }
    json_decref(o);
}

#undef WANT

static void e2e_story__every_case_has_the_timeline_of_its_papers(void **state)
{
    (void)state;
    static case_row rows[MAX_CASES];
    size_t n = read_cases(rows, MAX_CASES);
    assert_true(n >= 30);
    int failures = 0;
    for (size_t i = 0; i < n; i++)
        check_case(&rows[i], &failures);
    assert_int_equal(failures, 0);
}

/* Hand-checked: NUIT 13/21's decision stands in the signed protocol (p. 2),
 * the June 2020 NUFA cases' in the minutes the August bundle holds. */
static void e2e_story__decisions_and_where_they_were_made(void **state)
{
    (void)state;
    json_t *o = story_ok("NUIT 13/21");
    json_t *cs = json_object_get(o, "case"), *from = json_object_get(cs, "decision_from");
    assert_non_null(strstr(str(cs, "decision"), "budsjettprosessen for 2022"));
    assert_string_equal(str(from, "file"),
                        "scanned/nuit/2021/2021-05-20-nuit-protokoll-signert.pdf");
    assert_int_equal(json_integer_value(json_object_get(from, "page_from")), 2);
    assert_non_null(strstr(str(cs, "proposed_decision"), "Legemiddelprogrammet"));
    json_decref(o);
    o = story_ok("NUFA 21/20");
    cs = json_object_get(o, "case");
    from = json_object_get(cs, "decision_from");
    assert_non_null(strstr(str(cs, "decision"), "NUFA"));
    assert_string_equal(str(from, "role"), "minutes");
    assert_string_equal(str(from, "date"), "2020-06-12");
    json_decref(o);
}

/* Both directions, over every case: what a case mentions has it among its
 * mentioned_by, and the other way; and the corpus's one reference between
 * councils ("NEHS gav i desember 2018 (sak 51/18)" in NUFA 30/20). */
static void e2e_story__references_both_ways(void **state)
{
    (void)state;
    static case_row rows[MAX_CASES];
    size_t n = read_cases(rows, MAX_CASES), refs = 0;
    for (size_t k = 0; k < n; k++) {
        char spec[256];
        snprintf(spec, sizeof spec, "%.63s %.15s", rows[k].body, rows[k].case_no);
        json_t *o = story_ok(spec);
        const char *dirs[2] = {"mentions", "mentioned_by"};
        for (int d = 0; d < 2; d++) {
            size_t i;
            json_t *e;
            json_array_foreach(json_object_get(o, dirs[d]), i, e)
            {
                char other[256];
                snprintf(other, sizeof other, "%s %s", str(e, "body"), str(e, "case"));
                json_t *x = story_ok(other);
                int back = 0;
                size_t j;
                json_t *f;
                json_array_foreach(json_object_get(x, dirs[1 - d]), j, f)
                {
                    back |=
                        same(str(f, "body"), rows[k].body) && same(str(f, "case"), rows[k].case_no);
                }
                if (!back)
                    fail_msg("%s %s %s, but %s has no %s back", spec, dirs[d], other, other,
                             dirs[1 - d]);
                json_decref(x);
                refs += d == 0;
            }
        }
        json_decref(o);
    }
    assert_true(refs >= 1);
    json_t *o = story_ok("NUFA 30/20");
    json_t *m = json_array_get(json_object_get(o, "mentions"), 0);
    assert_string_equal(str(m, "body"), "Nasjonalt e-helsestyre");
    assert_string_equal(str(m, "case"), "51/18");
    json_decref(o);
    /* a case the archive holds no paper of, known by what refers to it */
    o = story_ok("NEHS 51/18");
    assert_string_equal(str(json_object_get(o, "case"), "body"), "Nasjonalt e-helsestyre");
    assert_int_equal(json_array_size(json_object_get(o, "timeline")), 0);
    m = json_array_get(json_object_get(o, "mentioned_by"), 0);
    assert_string_equal(str(m, "body"), "NUFA");
    assert_string_equal(str(m, "case"), "30/20");
    assert_string_equal(str(m, "meeting_date"), "2020-08-26");
    assert_string_equal(str(m, "title"), "Strategisk analyse 2019/20");
    json_decref(o);
}

static void e2e_story__unknown_ambiguous_and_bare_numbers(void **state)
{
    (void)state;
    int status;
    char *err;
    assert_null(story("NUIT 99/21", &status, &err));
    assert_int_equal(status, 1);
    assert_non_null(strstr(err, "Fant ingen sak NUIT 99/21"));
    free(err);
    /* 28/20: NUFA's and Nasjonalt e-helsestyre's */
    assert_null(story("28/20", &status, &err));
    assert_int_equal(status, 1);
    assert_non_null(strstr(err, "flere organer"));
    assert_non_null(strstr(err, "NUFA"));
    assert_non_null(strstr(err, "Nasjonalt e-helsestyre"));
    free(err);
    assert_null(story("ikke en sak", &status, &err));
    assert_int_equal(status, 2);
    free(err);
    /* one council has 13/21; "sak" and the council's other names are fine */
    const char *specs[] = {"13/21", "sak 13/21", "Prioriteringsutvalget 13/21", "NUIT-sak 13/21"};
    for (size_t i = 0; i < sizeof specs / sizeof *specs; i++) {
        json_t *o = story_ok(specs[i]);
        assert_string_equal(str(json_object_get(o, "case"), "body"), "NUIT");
        assert_string_equal(str(json_object_get(o, "case"), "case"), "13/21");
        json_decref(o);
    }
    /* text output */
    const char *argv[] = {env_or_die("SAKSOK_QUERY_BIN"), "--db", db, "--case", "NUIT 13/21", NULL};
    run_result r;
    assert_int_equal(run_cmd(&r, argv, NULL), 0);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Tidslinje:"));
    assert_non_null(strstr(r.out, "Vedtatt i: referat"));
    assert_non_null(strstr(r.out, "nuit/2021/html/sak-13-21.html"));
    run_result_release(&r);
}

/* --sort date: newest meeting first, hits without a date last; the same
 * hits and total as by relevance, in another order. */
static void e2e_story__sort_by_date(void **state)
{
    (void)state;
    const char *queries[] = {"strategi", "digital hjemmeoppfølging", "NUFA 29/20", "referat"};
    for (size_t k = 0; k < sizeof queries / sizeof *queries; k++) {
        json_t *res[2];
        for (int by_date = 0; by_date < 2; by_date++) {
            const char *argv[] = {env_or_die("SAKSOK_QUERY_BIN"),
                                  "--db",
                                  db,
                                  "--json",
                                  "--limit",
                                  "200",
                                  by_date ? "--sort" : queries[k],
                                  by_date ? "date" : NULL,
                                  by_date ? queries[k] : NULL,
                                  NULL};
            run_result r;
            assert_int_equal(run_cmd(&r, argv, NULL), 0);
            assert_int_equal(r.status, 0);
            res[by_date] = json_loads(r.out, 0, NULL);
            assert_non_null(res[by_date]);
            run_result_release(&r);
        }
        json_t *hits = json_object_get(res[1], "hits"), *h;
        assert_true(json_array_size(hits) >= 2);
        assert_int_equal(json_integer_value(json_object_get(res[0], "total")),
                         json_integer_value(json_object_get(res[1], "total")));
        assert_int_equal(json_array_size(hits), json_array_size(json_object_get(res[0], "hits")));
        const char *prev = NULL;
        int undated = 0, dated = 0;
        size_t i;
        json_array_foreach(hits, i, h)
        {
            const char *d = str(h, "meeting_date");
            if (d == NULL) {
                undated = 1;
                continue;
            }
            if (undated)
                fail_msg("'%s': hit %zu dated %s after an undated one", queries[k], i, d);
            if (prev && strcmp(prev, d) < 0)
                fail_msg("'%s': hit %zu of %s after %s", queries[k], i, d, prev);
            prev = d;
            dated++;
        }
        assert_true(dated >= 2);
        json_decref(res[0]);
        json_decref(res[1]);
    }
    const char *bad[] = {
        env_or_die("SAKSOK_QUERY_BIN"), "--db", db, "--sort", "eldst", "strategi", NULL};
    run_result r;
    assert_int_equal(run_cmd(&r, bad, NULL), 0);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--sort"));
    run_result_release(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(e2e_story__every_case_has_the_timeline_of_its_papers),
        cmocka_unit_test(e2e_story__decisions_and_where_they_were_made),
        cmocka_unit_test(e2e_story__references_both_ways),
        cmocka_unit_test(e2e_story__unknown_ambiguous_and_bare_numbers),
        cmocka_unit_test(e2e_story__sort_by_date),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
