/* test_access.c: the access file's rules and the groups file's views. */
#include "testutil.h"

#include <grp.h>

#include "saksok/store/access.h"
#include "saksok/query/groups.h"

static sk_access *parse_ok(const char *text)
{
    sk_access *a = NULL;
    sk_err err = SK_ERR_INIT;
    int rc = sk_access_parse(&a, text, strlen(text), &err);
    if (rc != SK_OK)
        fail_msg("%s", err.msg);
    return a;
}

static void access__longest_prefix_wins_and_no_match_is_public(void **state)
{
    (void)state;
    sk_access *a = parse_ok("# who may see what\n"
                            "styret/\tstyret\n"
                            "styret/2021/personal/\tpersonal, styret\n"
                            "\n"
                            "anskaffelser/pris\tinnkjop,okonomi # vendor prices\n");
    static const struct {
        const char *rel, *groups;
    } cases[] = {
        {"styret/2020/a.pdf", "styret"},
        {"styret/2021/personal/b.pdf", "personal,styret"},
        {"styret/2021/personalia.pdf", "styret"},            /* not under personal/ */
        {"anskaffelser/priser-2021.pdf", "innkjop,okonomi"}, /* a plain string prefix */
        {"anskaffelser/andre.pdf", NULL},
        {"nuit/2021/sak.pdf", NULL},
        {"styret", NULL}, /* the folder's name alone does not start with "styret/" */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *g = sk_access_groups(a, cases[i].rel);
        if (cases[i].groups == NULL)
            assert_null(g);
        else
            assert_string_equal(g, cases[i].groups);
    }
    assert_int_equal(sk_access_count(a), 3);
    assert_null(sk_access_groups(NULL, "styret/x.pdf"));
    sk_access_free(a);
}

static void access__canonical_text_ignores_order_spaces_and_comments(void **state)
{
    (void)state;
    sk_access *a = parse_ok("b/\tg2,g1,g2\r\na/\tx\n");
    sk_access *b = parse_ok("# same rules\na/\tx   # comment\nb/\t g1 , g2\n");
    assert_string_equal(sk_access_text(a), "a/\tx\nb/\tg1,g2\n");
    assert_string_equal(sk_access_text(a), sk_access_text(b));
    sk_access *empty = parse_ok("# nothing\n\n");
    assert_string_equal(sk_access_text(empty), "");
    assert_int_equal(sk_access_count(empty), 0);
    sk_access_free(a);
    sk_access_free(b);
    sk_access_free(empty);
}

static void access__bad_lines_name_their_line(void **state)
{
    (void)state;
    static const struct {
        const char *text, *msg;
        int code;
    } cases[] = {
        {"ok/\tg\nno tab here\n", "line 2: no tab", SK_EINVAL},
        {"a/\t\n", "line 1: no group", SK_EINVAL},
        {"a/\tg h\n", "line 1: 'g h' is not a group name", SK_EINVAL},
        {"a/\tg:x\n", "line 1: 'g:x'", SK_EINVAL},
        {"a/\tg\na/\th\n", "the path 'a/' has two rules", SK_EINVAL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sk_access *a = (sk_access *)1;
        sk_err err = SK_ERR_INIT;
        assert_int_equal(sk_access_parse(&a, cases[i].text, strlen(cases[i].text), &err),
                         cases[i].code);
        assert_null(a);
        assert_prefix(err.msg, cases[i].msg);
    }
    sk_access *a = NULL;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_access_load(&a, "/nonexistent/access", &err), SK_EIO);
    assert_contains(err.msg, "/nonexistent/access");
}

static void access__allows_by_any_group(void **state)
{
    (void)state;
    const char *mine[] = {"innkjop", "styret"};
    assert_true(sk_access_allows(NULL, NULL, 0)); /* public */
    assert_false(sk_access_allows("styret", NULL, 0));
    assert_true(sk_access_allows("okonomi,styret", mine, 2));
    assert_false(sk_access_allows("okonomi,styre", mine, 2)); /* whole names only */
    assert_false(sk_access_allows("styret2", mine, 2));
}

static sk_groups *groups_ok(const char *text)
{
    sk_groups *g = NULL;
    sk_err err = SK_ERR_INIT;
    if (sk_groups_parse(&g, text, strlen(text), &err) != SK_OK)
        fail_msg("%s", err.msg);
    return g;
}

static void groups__users_views(void **state)
{
    (void)state;
    sk_groups *g = groups_ok("# groups\n"
                             "styret: anna per\n"
                             "personal:\tanna\n"
                             "styret: kari\n"
                             "tom:\n");
    sk_view v = {0};
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_view_for_user(&v, g, "anna", &err), SK_OK);
    assert_int_equal(v.n, 2);
    assert_string_equal(v.groups[0], "personal");
    assert_string_equal(v.groups[1], "styret");
    assert_int_equal(sk_view_for_user(&v, g, "kari", &err), SK_OK);
    assert_int_equal(v.n, 1);
    assert_string_equal(v.groups[0], "styret");
    /* Nobody, an unknown user, a prefix of a name: public papers only. */
    const char *none[] = {NULL, "", "ann", "annas", "Anna", "tom"};
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        assert_int_equal(sk_view_for_user(&v, g, none[i], &err), SK_OK);
        assert_int_equal(v.n, 0);
    }
    /* Without a groups file: public only. */
    assert_int_equal(sk_view_for_user(&v, NULL, "anna", &err), SK_OK);
    assert_int_equal(v.n, 0);
    sk_view_release(&v);
    sk_groups_free(g);
}

static void groups__bad_lines(void **state)
{
    (void)state;
    static const char *const bad[] = {"styret anna\n", ": anna\n", "sty ret: anna\n",
                                      "a,b: anna\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sk_groups *g = (sk_groups *)1;
        sk_err err = SK_ERR_INIT;
        assert_int_equal(sk_groups_parse(&g, bad[i], strlen(bad[i]), &err), SK_EINVAL);
        assert_null(g);
        assert_prefix(err.msg, "line 1:");
    }
}

static void groups__caller_has_unix_groups_and_nothing_more(void **state)
{
    (void)state;
    sk_groups *g = groups_ok("ingen: not-a-user-here\n");
    sk_view v = {0};
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_view_for_caller(&v, g, &err), SK_OK);
    struct group *gr = getgrgid(getgid());
    if (gr != NULL) {
        int found = 0;
        for (size_t i = 0; i < v.n; i++)
            found |= strcmp(v.groups[i], gr->gr_name) == 0;
        assert_true(found);
    }
    for (size_t i = 0; i < v.n; i++)
        assert_string_not_equal(v.groups[i], "ingen"); /* root too: only what the file grants */
    for (size_t i = 1; i < v.n; i++)
        assert_true(strcmp(v.groups[i - 1], v.groups[i]) < 0);
    sk_view_release(&v);
    sk_groups_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(access__longest_prefix_wins_and_no_match_is_public),
        cmocka_unit_test(access__canonical_text_ignores_order_spaces_and_comments),
        cmocka_unit_test(access__bad_lines_name_their_line),
        cmocka_unit_test(access__allows_by_any_group),
        cmocka_unit_test(groups__users_views),
        cmocka_unit_test(groups__bad_lines),
        cmocka_unit_test(groups__caller_has_unix_groups_and_nothing_more),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
