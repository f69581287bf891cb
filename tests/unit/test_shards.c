/* test_shards.c: shard specs from stub files and --db, and the shard of a file. */
#include "testutil.h"

#include <sys/stat.h>

#include "saksok/store/shards.h"
#include "saksok/store/terms.h"
#include "saksok/store/xap.h"

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
    static const char *const bad[] = {"remote :host\n",
                                      "remote :host:0\n",
                                      "remote :host:70000\n",
                                      "remote :host:12x\n",
                                      "remote\n",
                                      "chert /srv/x\n",
                                      "auto\n",
                                      "remote  args\n"};
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
    static const char *const bad[] = {"0/3", "4/3",  "3",    "/3",   "1/",
                                      "a/b", "1/3x", "-1/3", "1/999"};
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

/* A section of file path under root "/r" holding one word: the walk value
 * (walk 1) or, as indexes written before it, only the root and path terms. */
static void add_walk_doc(sk_xwdb *w, const char *path, int walk)
{
    sk_err err = SK_ERR_INIT;
    sk_xdoc *d = NULL;
    char term[64];
    assert_int_equal(sk_xdoc_new(&d, &err), SK_OK);
    assert_int_equal(sk_xdoc_add_posting(d, "ord", 3, 1, 1, &err), SK_OK);
    snprintf(term, sizeof term, "%s%s", SK_PREFIX_PATH, path);
    assert_int_equal(sk_xdoc_add_term(d, term, strlen(term), 0, &err), SK_OK);
    snprintf(term, sizeof term, "%s/r", SK_PREFIX_ROOT);
    assert_int_equal(sk_xdoc_add_term(d, term, strlen(term), 0, &err), SK_OK);
    if (walk) {
        char v[64];
        size_t n = (size_t)snprintf(v, sizeof v, "/r%c%s", 0, path);
        for (size_t i = 3; i < n; i++)
            v[i] = v[i] == '/' ? '\x01' : v[i];
        assert_int_equal(sk_xdoc_set_value(d, SK_SLOT_WALK, v, n, &err), SK_OK);
    }
    assert_int_equal(sk_xdoc_set_data(d, path, strlen(path), &err), SK_OK);
    snprintf(term, sizeof term, "Q%s", path);
    assert_int_equal(sk_xwdb_replace(w, term, d, &err), SK_OK);
    sk_xdoc_free(d);
}

/* Hits of equal weight over two local shards come in the walk's order (as
 * one index built afresh has them), not in the combined document ids'
 * (c, d, a, b here): from the walk value, or from the root and path terms
 * of a section without one. */
static void shards__ties_in_walk_order(void **state)
{
    (void)state;
    char *dir = tu_tempdir(), a[512], b[512];
    sk_err err = SK_ERR_INIT;
    tu_path(a, sizeof a, dir, "a");
    tu_path(b, sizeof b, dir, "b");
    const char *in_a[] = {"m/c.html", "m/a.html"}, *in_b[] = {"m/d.html", "m/b/x.html", "m-e.html"};
    sk_xwdb *w = NULL;
    assert_int_equal(sk_xwdb_open(&w, a, &err), SK_OK);
    for (size_t i = 0; i < 2; i++)
        add_walk_doc(w, in_a[i], 1);
    assert_int_equal(sk_xwdb_commit(w, &err), SK_OK);
    sk_xwdb_free(w);
    assert_int_equal(sk_xwdb_open(&w, b, &err), SK_OK);
    for (size_t i = 0; i < 3; i++)
        add_walk_doc(w, in_b[i], i != 1); /* m/b/x.html: an older section */
    assert_int_equal(sk_xwdb_commit(w, &err), SK_OK);
    sk_xwdb_free(w);

    char stub[1100];
    snprintf(stub, sizeof stub, "auto %s\nauto %s\n", a, b);
    sk_shard_list l = {0};
    parse(&l, stub, dir, SK_OK);
    sk_xdb *db = NULL;
    assert_int_equal(sk_xdb_open_shards(&db, l.v, l.n, 5.0, &err), SK_OK);
    sk_xquery *q = NULL;
    assert_int_equal(sk_xquery_term(&q, "ord", 3, &err), SK_OK);
    sk_xsearch_opts o = SK_XSEARCH_OPTS_INIT;
    sk_xmset *m = NULL;
    assert_int_equal(sk_xdb_search(&m, db, q, &o, &err), SK_OK);
    /* '/' sorts before any other byte: m/a, m/b/x, m/c, m/d, then m-e. */
    static const char *const want[] = {"m/a.html", "m/b/x.html", "m/c.html", "m/d.html",
                                       "m-e.html"};
    assert_int_equal(sk_xmset_size(m), 5);
    for (size_t i = 0; i < 5; i++) {
        const char *data;
        size_t len;
        assert_int_equal(sk_xmset_data(m, i, &data, &len, &err), SK_OK);
        if (len != strlen(want[i]) || memcmp(data, want[i], len) != 0)
            fail_msg("hit %zu: %.*s, not %s", i, (int)len, data, want[i]);
    }
    assert_true(sk_xmset_weight(m, 0) == sk_xmset_weight(m, 4)); /* all tied */
    sk_xmset_free(m);
    sk_xquery_free(q);
    sk_xdb_free(db);
    sk_shard_list_release(&l);
    tu_rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shards__stub_lines),
        cmocka_unit_test(shards__bad_lines),
        cmocka_unit_test(shards__db_arguments),
        cmocka_unit_test(shards__shard_of_is_stable_and_spread),
        cmocka_unit_test(shards__no_shard_reachable),
        cmocka_unit_test(shards__ties_in_walk_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
