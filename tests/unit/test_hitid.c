/* test_hitid.c: stable hit ids and "added" stamps (hitid.h). */
#include "testutil.h"

#include "saksok/store/hitid.h"

static void hitid__same_section_same_id(void **state)
{
    (void)state;
    char a[SK_HIT_ID_SIZE], b[SK_HIT_ID_SIZE];
    sk_hit_id_make(a, "nuit/2021/x.pdf", "case", "NUIT", "13/21", 26, 0);
    sk_hit_id_make(b, "nuit/2021/x.pdf", "case", "NUIT", "13/21", 26, 0);
    assert_string_equal(a, b);
    assert_int_equal(strlen(a), SK_HIT_ID_LEN);
    assert_true(sk_hit_id_valid(a));
    /* a case section's page does not count: it may move when pages are added before it */
    sk_hit_id_make(b, "nuit/2021/x.pdf", "case", "NUIT", "13/21", 30, 0);
    assert_string_equal(a, b);
}

static void hitid__every_part_of_the_identity_counts(void **state)
{
    (void)state;
    char base[SK_HIT_ID_SIZE], other[SK_HIT_ID_SIZE];
    sk_hit_id_make(base, "nuit/2021/x.pdf", "case", "NUIT", "13/21", 26, 0);
    struct {
        const char *file, *role, *body, *case_no;
        int page;
        unsigned ordinal;
    } variants[] = {
        {"nuit/2021/y.pdf", "case", "NUIT", "13/21", 26, 0},
        {"nuit/2021/x.pdf", "minutes", "NUIT", "13/21", 26, 0},
        {"nuit/2021/x.pdf", "case", "NUFA", "13/21", 26, 0},
        {"nuit/2021/x.pdf", "case", NULL, "13/21", 26, 0},
        {"nuit/2021/x.pdf", "case", "NUIT", "13/22", 26, 0},
        {"nuit/2021/x.pdf", "case", "NUIT", "13/21", 26, 1},
        {"nuit/2021/x.pdf", "case", "NUIT", NULL, 26, 0},
    };
    for (size_t i = 0; i < sizeof variants / sizeof *variants; i++) {
        sk_hit_id_make(other, variants[i].file, variants[i].role, variants[i].body,
                       variants[i].case_no, variants[i].page, variants[i].ordinal);
        if (strcmp(base, other) == 0)
            fail_msg("variant %zu has the same id", i);
    }
    /* a page outside any case: its page tells it apart */
    char p1[SK_HIT_ID_SIZE], p2[SK_HIT_ID_SIZE];
    sk_hit_id_make(p1, "a.pdf", "page", "NUIT", NULL, 1, 0);
    sk_hit_id_make(p2, "a.pdf", "page", "NUIT", NULL, 2, 0);
    assert_string_not_equal(p1, p2);
}

static void hitid__valid(void **state)
{
    (void)state;
    assert_true(sk_hit_id_valid("0123456789abcdef"));
    const char *bad[] = {"",
                         "0123456789abcde",
                         "0123456789abcdef0",
                         "0123456789ABCDEF",
                         "0123456789abcdeg",
                         "../../etc/passw"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_false(sk_hit_id_valid(bad[i]));
    assert_false(sk_hit_id_valid(NULL));
}

static void stamp__parse_table(void **state)
{
    (void)state;
    static const struct {
        const char *in, *iso; /* NULL: invalid */
    } t[] = {
        {"2021-05-20", "2021-05-20T00:00:00.000000Z"},
        {"2021-05-20T08:30", "2021-05-20T08:30:00.000000Z"},
        {"2021-05-20T08:30:15Z", "2021-05-20T08:30:15.000000Z"},
        {"2021-05-20 08:30:15", "2021-05-20T08:30:15.000000Z"},
        {"2021-05-20T08:30:15.5Z", "2021-05-20T08:30:15.500000Z"},
        {"2021-05-20T08:30:15.123456Z", "2021-05-20T08:30:15.123456Z"},
        {"2021-05-20T10:30:15+02:00", "2021-05-20T08:30:15.000000Z"},
        {"2021-05-20T00:30:00-01:00", "2021-05-20T01:30:00.000000Z"},
        {"2020-02-29", "2020-02-29T00:00:00.000000Z"},
        {"1970-01-01", "1970-01-01T00:00:00.000000Z"},
        {"2021-02-29", NULL},
        {"2021-13-01", NULL},
        {"2021-05-20T24:00", NULL},
        {"2021-05-20T08:30:15.", NULL},
        {"2021-05-20X", NULL},
        {"21-05-20", NULL},
        {"i går", NULL},
        {"", NULL},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
        char s[SK_STAMP_SIZE], iso[SK_STAMP_ISO_SIZE];
        sk_err err = SK_ERR_INIT;
        int rc = sk_stamp_parse(s, t[i].in, &err);
        if (t[i].iso == NULL) {
            if (rc != SK_EINVAL)
                fail_msg("'%s' was taken", t[i].in);
            assert_non_null(strstr(err.msg, "ÅÅÅÅ-MM-DD"));
            continue;
        }
        if (rc != SK_OK)
            fail_msg("'%s': %s", t[i].in, err.msg);
        assert_true(sk_stamp_valid(s));
        sk_stamp_iso(iso, s);
        assert_string_equal(iso, t[i].iso);
    }
}

static void stamp__order_is_time_order(void **state)
{
    (void)state;
    char a[SK_STAMP_SIZE], b[SK_STAMP_SIZE], n[SK_STAMP_SIZE], now[SK_STAMP_SIZE];
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_stamp_parse(a, "2021-05-20T23:59:59.999999Z", &err), SK_OK);
    assert_int_equal(sk_stamp_parse(b, "2021-05-21", &err), SK_OK);
    assert_true(strcmp(a, b) < 0);
    sk_stamp_next(n, a);
    assert_string_equal(n, b); /* one microsecond later */
    sk_stamp_now(now);
    assert_true(sk_stamp_valid(now));
    assert_true(strcmp(b, now) < 0);
    char iso[SK_STAMP_ISO_SIZE];
    sk_stamp_iso(iso, "not a stamp");
    assert_string_equal(iso, "");
}

static void newest__latest_added_then_latest_meeting(void **state)
{
    (void)state;
    char s1[SK_STAMP_SIZE], s2[SK_STAMP_SIZE];
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_stamp_parse(s1, "2024-01-01T10:00:00Z", &err), SK_OK);
    assert_int_equal(sk_stamp_parse(s2, "2024-01-02T10:00:00Z", &err), SK_OK);
    char k[5][SK_NEWEST_KEY_SIZE];
    /* in the order a feed lists them */
    sk_newest_key(k[0], s2, "2020-01-01");
    sk_newest_key(k[1], s1, "2021-05-20");
    sk_newest_key(k[2], s1, "2021-05-19");
    sk_newest_key(k[3], s1, "2020-12-31");
    sk_newest_key(k[4], s1, NULL);
    for (size_t i = 0; i + 1 < 5; i++)
        if (strcmp(k[i], k[i + 1]) >= 0)
            fail_msg("key %zu does not sort before key %zu: %s %s", i, i + 1, k[i], k[i + 1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hitid__same_section_same_id),
        cmocka_unit_test(hitid__every_part_of_the_identity_counts),
        cmocka_unit_test(hitid__valid),
        cmocka_unit_test(stamp__parse_table),
        cmocka_unit_test(stamp__order_is_time_order),
        cmocka_unit_test(newest__latest_added_then_latest_meeting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
