/* test_qread.c: a query read for what it means (qread.h): what is read,
 * what is then required, what only weighs, and the tiers it ranks by. */
#include "testutil.h"

#include <stdlib.h>

#include "saksok/query/qread.h"
#include "saksok/store/terms.h"

static sk_analyser *an;

static int setup(void **state)
{
    (void)state;
    sk_err err = SK_ERR_INIT;
    setenv("SAKSOK_TODAY", "2022-06-15", 1);
    return sk_analyser_new(&an, &err);
}

static int teardown(void **state)
{
    (void)state;
    sk_analyser_free(an);
    unsetenv("SAKSOK_TODAY");
    return 0;
}

static sk_query *parse_read(const char *text)
{
    sk_err err = SK_ERR_INIT;
    sk_query *q = NULL;
    if (sk_query_parse_read(&q, an, NULL, NULL, text, &err) != SK_OK)
        fail_msg("'%s' did not parse: %s", text, err.msg);
    return q;
}

static void qread__date_role_and_question(void **state)
{
    (void)state;
    sk_query *q = parse_read("hva ble vedtatt om digital hjemmeoppfølging i mai 2021");
    const sk_qreading *r = sk_query_reading(q);
    assert_non_null(r);
    assert_true(r->has_date);
    assert_string_equal(r->date.from, "2021-05-01");
    assert_string_equal(r->date.to, "2021-05-31");
    assert_string_equal(r->date_words, "mai 2021");
    assert_int_equal(r->role, SK_QROLE_DECISION);
    assert_string_equal(r->text, "møter i mai 2021, vedtak");
    char *d = sk_xquery_describe(sk_query_strict(q));
    /* the topic is required; the year and the role word only weigh; the
     * month and the question words are not searched for */
    assert_non_null(strstr(d, "AND_MAYBE"));
    assert_non_null(strstr(d, "digital"));
    assert_non_null(strstr(d, "vedtatt"));
    assert_null(strstr(d, "mai"));
    assert_null(strstr(d, "hva"));
    free(d);
    sk_query_free(q);

    q = parse_read("hvem la frem strategisk analyse");
    r = sk_query_reading(q);
    assert_non_null(r);
    assert_true(r->asks_actor);
    d = sk_xquery_describe(sk_query_strict(q));
    assert_null(strstr(d, "frem"));
    assert_null(strstr(d, "hvem"));
    assert_non_null(strstr(d, "strategisk"));
    free(d);
    sk_query_free(q);

    q = parse_read("legemiddelprogrammet i fjor");
    r = sk_query_reading(q);
    assert_string_equal(r->date.from, "2021-01-01");
    assert_string_equal(r->text, "møter i 2021");
    sk_query_free(q);
}

/* Nothing read: exactly the query language's query, and no reading. */
static void qread__left_as_written(void **state)
{
    (void)state;
    static const char *const queries[] = {
        "digital hjemmeoppfølging", "\"vedtak i mai 2021\"", "strategi OR 2021", "(referat) 2021",
        "vedtak: plan 2021",        "-2021 strategi",        "NUIT 13/21",
    };
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
        sk_query *q = parse_read(queries[i]), *plain = NULL;
        sk_err err = SK_ERR_INIT;
        if (sk_query_reading(q) != NULL)
            fail_msg("'%s' was read as '%s'", queries[i], sk_query_reading(q)->text);
        assert_int_equal(sk_query_parse(&plain, an, NULL, NULL, queries[i], &err), SK_OK);
        char *a = sk_xquery_describe(sk_query_strict(q));
        char *b = sk_xquery_describe(sk_query_strict(plain));
        assert_string_equal(a, b);
        free(a);
        free(b);
        sk_query_free(plain);
        sk_query_free(q);
    }
}

/* A query of only what is read still searches: the role word, the year. */
static void qread__only_read_words(void **state)
{
    (void)state;
    sk_query *q = parse_read("referat");
    char *d = sk_xquery_describe(sk_query_strict(q));
    assert_non_null(strstr(d, "referat"));
    free(d);
    assert_int_equal(sk_query_reading(q)->role, SK_QROLE_MINUTES);
    sk_query_free(q);
    q = parse_read("i fjor");
    d = sk_xquery_describe(sk_query_strict(q));
    assert_non_null(strstr(d, SK_PREFIX_YEAR "2021")); /* the meetings of the year */
    free(d);
    sk_query_free(q);
}

/* Tiers: date first, then role; every combination, the best tier 0. */
static void qread__tiers(void **state)
{
    (void)state;
    sk_query *q = parse_read("referat juni 2020 grunnmur");
    sk_qread_tiers t;
    sk_qreading_tiers(&t, sk_query_reading(q));
    assert_int_equal(t.n, 3);
    unsigned both = 99, date_only = 99, role_only = 99;
    for (size_t i = 0; i < t.n; i++) {
        const sk_xtier *r = &t.rules[i];
        int has_date = 0, has_role = 0;
        for (size_t k = 0; k < SK_XTIER_MAX_TERMS && r->terms[k]; k++) {
            has_date |= strcmp(r->terms[k], SK_PREFIX_MONTH "2020-06") == 0;
            has_role |= strcmp(r->terms[k], SK_PREFIX_ROLE "minutes") == 0;
        }
        if (has_date && has_role)
            both = r->tier;
        else if (has_date)
            date_only = r->tier;
        else if (has_role)
            role_only = r->tier;
    }
    assert_int_equal(both, 0);
    assert_true(date_only < role_only);
    sk_query_free(q);
    sk_qreading_tiers(&t, NULL);
    assert_int_equal(t.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(qread__date_role_and_question),
        cmocka_unit_test(qread__left_as_written),
        cmocka_unit_test(qread__only_read_words),
        cmocka_unit_test(qread__tiers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
