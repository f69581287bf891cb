/* test_qparse.c: the query language: what parses to what, and what is an error. */
#include "testutil.h"

#include "saksok/query/qparse.h"
#include "saksok/structure/segment_parse.h"

static sk_analyser *an;

static int setup(void **state)
{
    (void)state;
    sk_err err = SK_ERR_INIT;
    return sk_analyser_new(&an, &err);
}

static int teardown(void **state)
{
    (void)state;
    sk_analyser_free(an);
    return 0;
}

static char *describe(const char *text, int relaxed)
{
    sk_err err = SK_ERR_INIT;
    sk_query *q = NULL;
    int rc = sk_query_parse(&q, an, NULL, NULL, text, &err);
    if (rc != SK_OK)
        fail_msg("'%s' did not parse: %s", text, err.msg);
    const sk_xquery *x = relaxed ? sk_query_relaxed(q) : sk_query_strict(q);
    char *d = x ? sk_xquery_describe(x) : strdup("(none)");
    sk_query_free(q);
    return d;
}

static void qparse__valid_queries(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *want[4]; /* substrings of Xapian's description */
    } cases[] = {
        {"vedtak", {"Zvedtak", "vedtak", "OR"}},
        {"\"nasjonal e-helsestrategi\"", {"PHRASE 2", "nasjonal", "e-helsestrategi"}},
        {"“nasjonal e-helsestrategi”", {"PHRASE 2", "nasjonal", "e-helsestrategi"}},
        {"«nasjonal e-helsestrategi»", {"PHRASE 2", "nasjonal", "e-helsestrategi"}},
        /* A no-break space separates words, as a space does (no phrase). */
        {"digital\u00a0hjemmeoppfølging", {"AND", "Zdigital"}},
        {"digital AND hjemmeoppfølging", {"AND", "hjemmeoppfølging"}},
        {"nuit OR nufa", {" OR ", "nuit", "nufa"}},
        {"strategi NOT sikkerhet", {"AND_NOT", "sikkerhet"}},
        {"strategi -sikkerhet", {"AND_NOT"}},
        {"strategi IKKE sikkerhet", {"AND_NOT"}},
        {"(nuit OR nufa) strategi", {"AND", " OR "}},
        /* Case numbers, in the forms people write them. */
        {"13/21", {"XC13/21", "13/21"}},
        {"Sak 13/21", {"XC13/21"}},
        {"sak 09/2021", {"XC9/21"}},
        {"sak 12-23", {"XC12/23"}},
        {"sak:31/23", {"XC31/23"}},
        /* Fields. */
        {"vedtak:finansiering", {"XVfinansiering", "XVZfinansier"}},
        {"vedtak: digital hjemmeoppfølging", {"XVdigital", "XVhjemmeoppfølging", "AND"}},
        {"vedtak: finansiering OR tittel: legemiddel", {"XVfinansiering", " OR ", "Slegemiddel"}},
        {"tittel:\"digital sikkerhet\"", {"Sdigital", "Ssikkerhet", "AND"}},
        {"person:røren", {"XNrøren"}},
        {"type:drøfting", {"XTdrøfting", "0 *"}},
        {"dato:2020", {"VALUE_RANGE 2 2020-01-01 2020-12-31"}},
        {"dato:2020-06-01..2020-08-31", {"VALUE_RANGE 2 2020-06-01 2020-08-31"}},
        {"dato:..2021 vedtak", {"VALUE_LE 2 2021-12-31"}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *d = describe(cases[i].in, 0);
        for (size_t k = 0; k < 4 && cases[i].want[k]; k++)
            if (strstr(d, cases[i].want[k]) == NULL)
                fail_msg("'%s' -> %s: lacks '%s'", cases[i].in, d, cases[i].want[k]);
        free(d);
    }
}

static void qparse__relaxed_only_for_implicit_and(void **state)
{
    (void)state;
    char *d = describe("digital hjemmeoppfølging", 1);
    assert_contains(d, " OR ");
    assert_not_contains(d, " AND ");
    free(d);
    d = describe("digital AND hjemmeoppfølging", 1);
    assert_string_equal(d, "(none)");
    free(d);
    d = describe("vedtak", 1);
    assert_string_equal(d, "(none)");
    free(d);
}

static void qparse__syntax_errors(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int code;
        const char *msg;
    } cases[] = {
        {"", SK_ESYNTAX, "the query is empty"},
        {"   ", SK_ESYNTAX, "the query is empty"},
        {"\"nasjonal e-helse", SK_ESYNTAX, "unbalanced quote"},
        {"(nuit OR nufa", SK_ESYNTAX, "unbalanced parenthesis"},
        {"nuit)", SK_ESYNTAX, "unbalanced parenthesis"},
        {"()", SK_ESYNTAX, "empty parentheses"},
        {"OR nufa", SK_ESYNTAX, "AND/OR needs a word"},
        {"nuit OR", SK_ESYNTAX, "OR needs a word on both sides"},
        {"nuit AND", SK_ESYNTAX, "AND needs a word on both sides"},
        {"nuit AND OR nufa", SK_ESYNTAX, "AND needs a word on both sides"},
        {"NOT", SK_ESYNTAX, "NOT needs a word"},
        {"NOT vedtak", SK_ESYNTAX, "a query cannot only exclude words"},
        {"-vedtak", SK_ESYNTAX, "a query cannot only exclude words"},
        {"nuit OR NOT nufa", SK_ESYNTAX, "a query cannot only exclude words"},
        {"!!! ---", SK_ESYNTAX, "the query has no word to search for"},
        {"<script>alert(1)</script>", SK_OK, ""},
        {"vedtak:", SK_ESYNTAX, "the field 'vedtak:' needs a value"},
        {"vedtak:   ", SK_ESYNTAX, "the field 'vedtak:' needs a value"},
        {"dato:igår", SK_ESYNTAX, "dato: wants a year or a date"},
        {"dato:2020-13-01", SK_ESYNTAX, "dato: wants a year or a date"},
        {"sak:abc", SK_ESYNTAX, "sak: wants a case number"},
        {"vedtak:(a OR b)", SK_ESYNTAX, "the field 'vedtak:' wants a word"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sk_err err = SK_ERR_INIT;
        sk_query *q = NULL;
        int rc = sk_query_parse(&q, an, NULL, NULL, cases[i].in, &err);
        if (rc != cases[i].code)
            fail_msg("'%s': code %d, want %d (%s)", cases[i].in, rc, cases[i].code, err.msg);
        if (rc != SK_OK) {
            assert_null(q);
            if (strncmp(err.msg, cases[i].msg, strlen(cases[i].msg)) != 0)
                fail_msg("'%s': message '%s', want '%s...'", cases[i].in, err.msg, cases[i].msg);
        }
        sk_query_free(q);
    }
}

/* A council beside a case number narrows to it; the lookup lists sections by role. */
static void qparse__case_lookup_with_bodies(void **state)
{
    (void)state;
    sk_err err = SK_ERR_INIT;
    sk_bodies *bodies = NULL;
    const char *list = "NUIT\tPrioriteringsutvalget\nNUFA\tFagutvalget\n"
                       "Nasjonalt e-helsestyre\te-helsestyret\n";
    assert_int_equal(sk_bodies_parse(&bodies, list, strlen(list), &err), SK_OK);
    static const struct {
        const char *in, *want;
        int lookup;
    } cases[] = {
        {"NUIT 12/21", "XBnuit", 1},
        {"12/21 nuit", "XBnuit", 1},
        {"sak 12/21 fagutvalget", "XBnufa", 1},
        {"nasjonalt e-helsestyre sak 30/20", "XBnasjonalt e-helsestyre", 1},
        {"12/21 finansiering", "Zfinansier", 0},
        {"nuit strategi", "nuit", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sk_query *q = NULL;
        assert_int_equal(sk_query_parse(&q, an, NULL, bodies, cases[i].in, &err), SK_OK);
        char *d = sk_xquery_describe(sk_query_strict(q));
        if (strstr(d, cases[i].want) == NULL)
            fail_msg("'%s' -> %s: lacks '%s'", cases[i].in, d, cases[i].want);
        assert_int_equal(sk_query_case_lookup(q), cases[i].lookup);
        free(d);
        sk_query_free(q);
    }
    sk_bodies_free(bodies);
}

/* "PS 21/23" asks for the same case as "sak 21/23"; an archive number asks
 * for the sections filed under it, as written, never for a case. */
static void qparse__item_codes_and_archive_numbers(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want, *not ;
        int lookup;
    } cases[] = {
        {"PS 21/23", "XC21/23", "Zps", 1},
        {"ps 21/23", "XC21/23", "Zps", 1},
        {"sak 21/23", "XC21/23", "Zsak", 1},
        {"arkivsak 22/4711", "XJ22/4711", "XC", 0},
        {"arkivsak 21/23", "XJ21/23", "XC21/23", 0},
        {"Arkivsaksnr. 22/4711-3", "XJ22/4711-3", "Zarkivsak", 0},
        {"22/4711-3", "XJ22/4711-3", "XC", 0},
        {"arkivsak:2022/4711", "XJ2022/4711", "XC", 0},
        {"arkivsak", "arkivsak", "XJ", 0}, /* alone: a word */
        {"ps", "ps", "XC", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sk_err err = SK_ERR_INIT;
        sk_query *q = NULL;
        assert_int_equal(sk_query_parse(&q, an, NULL, NULL, cases[i].in, &err), SK_OK);
        char *d = sk_xquery_describe(sk_query_strict(q));
        if (strstr(d, cases[i].want) == NULL || strstr(d, cases[i].not ) != NULL)
            fail_msg("'%s' -> %s: want '%s', not '%s'", cases[i].in, d, cases[i].want,
                     cases[i].not );
        assert_int_equal(sk_query_case_lookup(q), cases[i].lookup);
        free(d);
        sk_query_free(q);
    }
    sk_err err = SK_ERR_INIT;
    sk_query *q = NULL;
    assert_int_equal(sk_query_parse(&q, an, NULL, NULL, "arkivsak:budsjett", &err), SK_ESYNTAX);
    assert_non_null(strstr(err.msg, "arkivsak:"));
}

/* The case numbers a query asks for: those every match must have. */
static void qparse__asked_case_numbers(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *want[3]; /* NULL-terminated */
    } cases[] = {
        {"sak 22/23", {"22/23"}},
        {"PS 22/23", {"22/23"}},
        {"RS 12-23", {"12/23"}},
        {"arkivsak 21/23", {NULL}}, /* an archive number, never a case */
        {"arkivsak:21/23", {NULL}},
        {"22/4711-3", {NULL}},
        {"arkivsaksnr 21/23 budsjett", {NULL}},
        {"Sak 09/2021", {"9/21"}},
        {"13/21 finansiering", {"13/21"}},
        {"sak:31/23 budsjett", {"31/23"}},
        {"13/21 AND (digital OR journal)", {"13/21"}},
        {"13/21 14/21", {"13/21", "14/21"}},
        {"13/21 OR 14/21", {NULL}},             /* either: neither is asked for by every hit */
        {"finansiering -13/21", {NULL}},        /* excluded */
        {"\"sak 13/21\" finansiering", {NULL}}, /* inside a phrase: words */
        {"finansiering", {NULL}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sk_err err = SK_ERR_INIT;
        sk_query *q = NULL;
        assert_int_equal(sk_query_parse(&q, an, NULL, NULL, cases[i].in, &err), SK_OK);
        const char *got[4];
        size_t n = sk_query_cases(got, 4, q), want = 0;
        while (want < 3 && cases[i].want[want])
            want++;
        if (n != want)
            fail_msg("'%s': %zu case numbers, want %zu", cases[i].in, n, want);
        for (size_t k = 0; k < n; k++)
            assert_string_equal(got[k], cases[i].want[k]);
        assert_int_equal(sk_query_cases(got, 0, q), 0);
        sk_query_free(q);
    }
}

static void qparse__limits(void **state)
{
    (void)state;
    char big[2000];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    sk_err err = SK_ERR_INIT;
    sk_query *q = NULL;
    assert_int_equal(sk_query_parse(&q, an, NULL, NULL, big, &err), SK_ELIMIT);
    char many[800] = "";
    for (int i = 0; i < 100; i++)
        strcat(many, "ord ");
    sk_err_clear(&err);
    assert_int_equal(sk_query_parse(&q, an, NULL, NULL, many, &err), SK_ELIMIT);
    assert_contains(err.msg, "too many words");
}

static void qparse__matches_inflections_not_excluded(void **state)
{
    (void)state;
    sk_err err = SK_ERR_INIT;
    sk_query *q = NULL;
    assert_int_equal(sk_query_parse(&q, an, NULL, NULL, "løsning -strategi", &err), SK_OK);
    sk_token tok = {"løsningene", strlen("løsningene"), NULL, 0, 0, 0, 1, 0};
    char stem[64];
    sk_analyser *a2 = an;
    (void)a2;
    /* The stem of "løsningene" equals that of "løsning". */
    sk_xstem *st = NULL;
    assert_int_equal(sk_xstem_new(&st, "norwegian", &err), SK_OK);
    int n = sk_xstem_apply(stem, sizeof stem, st, tok.term, tok.term_len, &err);
    tok.stem = stem;
    tok.stem_len = (size_t)n;
    assert_true(sk_query_matches(q, &tok));
    sk_token ex = {"strategi", 8, NULL, 0, 0, 0, 1, 0};
    assert_false(sk_query_matches(q, &ex));
    sk_xstem_free(st);
    sk_query_free(q);
}

/* With the index at hand, a word's variant terms that no document holds
 * are left out of the query; the exact form too when a variant is there;
 * a word the index lacks altogether keeps its exact form (and matches
 * nothing). */
static void qparse__variants_the_index_lacks_are_left_out(void **state)
{
    (void)state;
    sk_err err = SK_ERR_INIT;
    char *dir = tu_tempdir(), path[4096];
    tu_path(path, sizeof path, dir, "db");
    char stem[64], term[80];
    int sn =
        sk_analyse_stem(stem, sizeof stem, an, "kjernejournalen", strlen("kjernejournalen"), &err);
    assert_true(sn > 0);
    sk_xwdb *w = NULL;
    assert_int_equal(sk_xwdb_open(&w, path, &err), SK_OK);
    sk_xdoc *d = NULL;
    assert_int_equal(sk_xdoc_new(&d, &err), SK_OK);
    snprintf(term, sizeof term, "Z%s", stem);
    assert_int_equal(sk_xdoc_add_term(d, term, strlen(term), 1, &err), SK_OK);
    snprintf(term, sizeof term, "SZ%s", stem);
    assert_int_equal(sk_xdoc_add_term(d, term, strlen(term), 1, &err), SK_OK);
    assert_int_equal(sk_xdoc_add_term(d, "helse", 5, 1, &err), SK_OK);
    assert_int_equal(sk_xwdb_add(NULL, w, d, &err), SK_OK);
    sk_xdoc_free(d);
    assert_int_equal(sk_xwdb_commit(w, &err), SK_OK);
    sk_xwdb_free(w);
    sk_xdb *db = NULL;
    assert_int_equal(sk_xdb_open(&db, path, &err), SK_OK);

    sk_query *q = NULL;
    assert_int_equal(sk_query_parse(&q, an, db, NULL, "kjernejournalen helse ukjentordet", &err),
                     SK_OK);
    char *desc = sk_xquery_describe(sk_query_strict(q));
    snprintf(term, sizeof term, "Z%s", stem);
    assert_non_null(strstr(desc, term)); /* the stem the index holds */
    snprintf(term, sizeof term, "SZ%s", stem);
    assert_non_null(strstr(desc, term));       /* and its title stem */
    snprintf(term, sizeof term, "XP%s", stem); /* no compound part, OCR repair, decision */
    assert_null(strstr(desc, term));
    snprintf(term, sizeof term, "XVZ%s", stem);
    assert_null(strstr(desc, term));
    assert_null(strstr(desc, "kjernejournalen")); /* exact form: not in the index */
    assert_non_null(strstr(desc, "helse"));
    assert_non_null(strstr(desc, "ukjentordet")); /* nothing known: kept, matches nothing */
    assert_null(strstr(desc, "Zukjent"));
    free(desc);
    sk_query_free(q);

    /* Without the index every variant is there. */
    desc = describe("kjernejournalen", 0);
    snprintf(term, sizeof term, "XP%s", stem);
    assert_non_null(strstr(desc, term));
    assert_non_null(strstr(desc, "kjernejournalen"));
    free(desc);
    sk_xdb_free(db);
    tu_rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(qparse__valid_queries),
        cmocka_unit_test(qparse__relaxed_only_for_implicit_and),
        cmocka_unit_test(qparse__syntax_errors),
        cmocka_unit_test(qparse__limits),
        cmocka_unit_test(qparse__case_lookup_with_bodies),
        cmocka_unit_test(qparse__item_codes_and_archive_numbers),
        cmocka_unit_test(qparse__asked_case_numbers),
        cmocka_unit_test(qparse__matches_inflections_not_excluded),
        cmocka_unit_test(qparse__variants_the_index_lacks_are_left_out),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
