/* test_qdate.c: dates in a query's plain words: what is read as which
 * period, and what must not be read as a date. */
#include "testutil.h"

#include <stdlib.h>

#include "saksok/query/qdate.h"

#define TODAY "2022-06-15"

/* Read the query's words from word `at`: the words taken, *out the period. */
static size_t read_at(const char *text, size_t at, sk_qdate *out)
{
    sk_qword w[SK_QWORD_MAX];
    size_t n = sk_qwords(w, SK_QWORD_MAX, text);
    return sk_qdate_read(out, w, n, at, TODAY);
}

/* The first date read anywhere in text, "" when none; "from..to". */
static const char *first_period(const char *text)
{
    static char buf[32];
    sk_qword w[SK_QWORD_MAX];
    size_t n = sk_qwords(w, SK_QWORD_MAX, text);
    for (size_t i = 0; i < n; i++) {
        sk_qdate d;
        if (sk_qdate_read(&d, w, n, i, TODAY)) {
            snprintf(buf, sizeof buf, "%s..%s", d.from, d.to);
            return buf;
        }
    }
    return "";
}

static void qdate__reads_years_months_days(void **state)
{
    (void)state;
    static const struct {
        const char *query, *period;
    } cases[] = {
        {"kjernejournal 2021", "2021-01-01..2021-12-31"},
        {"referat mai 2021", "2021-05-01..2021-05-31"},
        {"vedtak februar 2020", "2020-02-01..2020-02-29"}, /* leap year */
        {"møtet okt. 2020", "2020-10-01..2020-10-31"},
        {"Juni 2020 felles grunnmur", "2020-06-01..2020-06-30"},
        {"møtet 20. mai 2021", "2021-05-20..2021-05-20"},
        {"møtet 20 mai 2021", "2021-05-20..2021-05-20"},
        {"saker 20.05.2021", "2021-05-20..2021-05-20"},
        {"saker 2021-05-20", "2021-05-20..2021-05-20"},
        {"legemiddelprogrammet i fjor", "2021-01-01..2021-12-31"},
        {"strategi i år", "2022-01-01..2022-12-31"},
        {"strategi i forfjor", "2020-01-01..2020-12-31"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        if (strcmp(first_period(cases[i].query), cases[i].period) != 0)
            fail_msg("'%s': read %s, want %s", cases[i].query, first_period(cases[i].query),
                     cases[i].period);
}

static void qdate__words_taken_and_kind(void **state)
{
    (void)state;
    sk_qdate d;
    assert_int_equal(read_at("20. mai 2021 nuit", 0, &d), 3);
    assert_int_equal(d.kind, SK_QDATE_DAY);
    assert_int_equal(read_at("mai 2021", 0, &d), 2);
    assert_int_equal(d.kind, SK_QDATE_MONTH);
    assert_int_equal(read_at("i fjor", 0, &d), 2);
    assert_int_equal(d.kind, SK_QDATE_YEAR);
    assert_true(d.relative);
    assert_int_equal(read_at("siste møte i nufa", 0, &d), 2);
    assert_int_equal(d.kind, SK_QDATE_LAST_MEETING);
    assert_string_equal(d.from, ""); /* the caller finds the day */
    char text[64];
    read_at("mai 2021", 0, &d);
    sk_qdate_describe(text, sizeof text, &d);
    assert_string_equal(text, "mai 2021");
    read_at("20.05.2021", 0, &d);
    sk_qdate_describe(text, sizeof text, &d);
    assert_string_equal(text, "20. mai 2021");
}

/* What is not a date: numbers in a phrase, case and archive numbers, year
 * ranges, a number after "sak", a month without a year, odd years. */
static void qdate__must_not_read(void **state)
{
    (void)state;
    static const char *const queries[] = {
        "\"plan 2021\"",               /* a number inside a phrase */
        "\"møtet 20. mai 2021\" nuit", /* a date inside a phrase */
        "sak 13/21",                   /* a case number */
        "NUIT 13/21 finansiering",
        "arkivsak 22/4711-3", /* an archive number */
        "22/4711-3",
        "plan 2021-2024", /* a year range */
        "sak 2021",       /* a number after "sak" */
        "arkivsak 2021",
        "møte 2021",       /* "Møte 2021" numbers a meeting */
        "referat fra mai", /* a month without a year */
        "strategi 1850",   /* not a meeting year */
        "20215",
        "dato:2021 strategi", /* a field's value */
        "vedtak: plan 2021",
        "-2021 strategi", /* an excluded word */
        "ICD-11 2.0",
        "20.05.2021-tallene", /* a date glued to a word */
        "i morgen",
    };
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++)
        if (first_period(queries[i])[0] != '\0')
            fail_msg("'%s' was read as the date %s", queries[i], first_period(queries[i]));
}

static void qdate__today_without_a_valid_day_reads_no_relative_period(void **state)
{
    (void)state;
    sk_qword w[SK_QWORD_MAX];
    size_t n = sk_qwords(w, SK_QWORD_MAX, "i fjor");
    sk_qdate d;
    assert_int_equal(sk_qdate_read(&d, w, n, 0, NULL), 0);
    assert_int_equal(sk_qdate_read(&d, w, n, 0, "fjor"), 0);
    setenv("SAKSOK_TODAY", "2030-01-02", 1);
    char today[SK_DATE_SIZE];
    sk_qdate_today(today);
    assert_string_equal(today, "2030-01-02");
    setenv("SAKSOK_TODAY", "not a date", 1);
    sk_qdate_today(today);
    assert_int_equal(strlen(today), 10);
    assert_string_not_equal(today, "not a date");
    unsetenv("SAKSOK_TODAY");
}

static void qword__locks_phrases_fields_operators(void **state)
{
    (void)state;
    sk_qword w[SK_QWORD_MAX];
    size_t n = sk_qwords(w, SK_QWORD_MAX, "a \"b c\" vedtak: d e OR f -g (h) tittel:i j");
    static const struct {
        const char *word;
        int locked;
    } want[] = {{"a", 0},  {"\"b", 1}, {"c\"", 1}, {"vedtak:", 1}, {"d", 1},        {"e", 1},
                {"OR", 1}, {"f", 0},   {"-g", 1},  {"h", 0},       {"tittel:i", 1}, {"j", 0}};
    assert_int_equal(n, sizeof want / sizeof *want);
    for (size_t i = 0; i < n; i++) {
        if (w[i].len != strlen(want[i].word) || memcmp(w[i].s, want[i].word, w[i].len) != 0 ||
            w[i].locked != want[i].locked)
            fail_msg("word %zu: '%.*s' locked %d, want '%s' locked %d", i, (int)w[i].len, w[i].s,
                     w[i].locked, want[i].word, want[i].locked);
    }
    assert_true(sk_qword_is(&w[0], "A"));
    sk_qword q = {"hvem?", 5, 0};
    assert_true(sk_qword_is(&q, "hvem"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(qdate__reads_years_months_days),
        cmocka_unit_test(qdate__words_taken_and_kind),
        cmocka_unit_test(qdate__must_not_read),
        cmocka_unit_test(qdate__today_without_a_valid_day_reads_no_relative_period),
        cmocka_unit_test(qword__locks_phrases_fields_operators),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
