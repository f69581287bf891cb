/* test_shards.c: shard specs from stub files and --db, and the shard of a file. */
#include "testutil.h"

#include <sys/stat.h>

#include "saksok/shards.h"
#include "saksok/xap.h"

static void parse(sk_shard_list *l, const char *text, const char *dir, int want)
{
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_shard_list_parse(l, text, strlen(text), dir, &err), want);
}

static void shards__stub_lines(void **state)
{
    (void)state;
    sk_shard_list l = {0};
    parse(&l,
          "# three shards\n"
          "auto s1\n"
          "\n"
          "glass /srv/s2\r\n"
          "remote :127.0.0.1:7003\n"
          "remote search4:7004\n"
          "remote ssh search5 xapian-progsrv /srv/s5\n"
          "remote :ssh search6 xapian-progsrv /srv/s6",
          "/etc/saksok", SK_OK);
    assert_int_equal(l.n, 6);
    assert_int_equal(l.v[0].kind, SK_SHARD_LOCAL);
    assert_string_equal(l.v[0].path, "/etc/saksok/s1"); /* relative to the stub's folder */
    assert_string_equal(l.v[1].path, "/srv/s2");
    assert_int_equal(l.v[2].kind, SK_SHARD_TCP);
    assert_string_equal(l.v[2].host, "127.0.0.1");
    assert_int_equal(l.v[2].port, 7003);
    assert_string_equal(l.v[2].name, "remote :127.0.0.1:7003"); /* as answers name it */
    assert_int_equal(l.v[3].kind, SK_SHARD_TCP);
    assert_string_equal(l.v[3].host, "search4");
    assert_int_equal(l.v[4].kind, SK_SHARD_PROG);
    assert_string_equal(l.v[4].program, "ssh");
    assert_string_equal(l.v[4].args, "search5 xapian-progsrv /srv/s5");
    assert_int_equal(l.v[5].kind, SK_SHARD_PROG);
    assert_string_equal(l.v[5].program, "ssh");
    sk_shard_list_release(&l);
    assert_int_equal(l.n, 0);
}

static void shards__bad_lines(void **state)
{
    (void)state;
    static const char *const bad[] = {"remote :host\n",        "remote :host:0\n",
                                      "remote :host:70000\n",  "remote :host:12x\n",
                                      "remote\n",              "chert /srv/x\n",
                                      "auto\n",                "remote  args\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sk_shard_list l = {0};
        sk_err err = SK_ERR_INIT;
        int rc = sk_shard_list_parse(&l, bad[i], strlen(bad[i]), ".", &err);
        if (rc != SK_ESYNTAX)
            fail_msg("'%s' gave %d", bad[i], rc);
        assert_non_null(strstr(err.msg, "line 1"));
        sk_shard_list_release(&l);
    }
}

static void shards__db_arguments(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char stubp[512], sub[512];
    snprintf(stubp, sizeof stubp, "%s/all.stub", dir);
    snprintf(sub, sizeof sub, "%s/idx", dir);
    assert_int_equal(mkdir(sub, 0777), 0);
    FILE *f = fopen(stubp, "w");
    assert_non_null(f);
    fputs("auto idx\nremote :localhost:7001\n", f);
    fclose(f);
    sk_shard_list l = {0};
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_shard_list_add(&l, sub, &err), SK_OK); /* a directory: one shard */
    assert_int_equal(sk_shard_list_add(&l, stubp, &err), SK_OK);
    assert_int_equal(l.n, 3);
    assert_string_equal(l.v[0].path, sub);
    assert_string_equal(l.v[1].path, sub);
    assert_int_equal(l.v[2].kind, SK_SHARD_TCP);
    char missing[600];
    snprintf(missing, sizeof missing, "%s/none", dir);
    assert_int_equal(sk_shard_list_add(&l, missing, &err), SK_ENOTFOUND);
    sk_shard_list_release(&l);
    tu_rmtree(dir);
    free(dir);
}

static void shards__shard_of_is_stable_and_spread(void **state)
{
    (void)state;
    unsigned k = 0, n = 0;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_shard_parse_arg(&k, &n, "2/3", &err), SK_OK);
    assert_int_equal(k, 2);
    assert_int_equal(n, 3);
    static const char *const bad[] = {"0/3", "4/3", "3", "/3", "1/", "a/b", "1/3x", "-1/3", "1/999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(sk_shard_parse_arg(&k, &n, bad[i], &err), SK_EINVAL);
    /* FNV-1a of the relative path: the same shard in every run and build. */
    assert_int_equal(sk_shard_of("nuit/2021/2021-05-20-nuit-saksdokumenter.pdf", 1), 1);
    unsigned first = sk_shard_of("nuit/2021/2021-05-20-nuit-saksdokumenter.pdf", 3);
    assert_true(first >= 1 && first <= 3);
    assert_int_equal(sk_shard_of("nuit/2021/2021-05-20-nuit-saksdokumenter.pdf", 3), first);
    unsigned counts[5] = {0};
    char rel[64];
    for (int i = 0; i < 1000; i++) {
        snprintf(rel, sizeof rel, "body/%d/paper-%d.pdf", 2000 + i % 20, i);
        counts[sk_shard_of(rel, 4)]++;
    }
    assert_int_equal(counts[0], 0);
    for (int s = 1; s <= 4; s++)
        assert_true(counts[s] > 180 && counts[s] < 320);
}

static void shards__no_shard_reachable(void **state)
{
    (void)state;
    sk_shard_list l = {0};
    parse(&l, "remote :127.0.0.1:1\nauto /nonexistent/saksok-shard\n", NULL, SK_OK);
    sk_xdb *db = NULL;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_xdb_open_shards(&db, l.v, l.n, 1.0, &err), SK_ENOTFOUND);
    assert_null(db);
    assert_non_null(strstr(err.msg, "remote :127.0.0.1:1"));
    sk_shard_list_release(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shards__stub_lines),
        cmocka_unit_test(shards__bad_lines),
        cmocka_unit_test(shards__db_arguments),
        cmocka_unit_test(shards__shard_of_is_stable_and_spread),
        cmocka_unit_test(shards__no_shard_reachable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
