/* test_xap.c: the C shim over Xapian: error codes at the boundary, documents, queries. */
#include "testutil.h"

#include <sys/stat.h>

#include "saksok/xap.h"

static void add_doc(sk_xwdb *w, const char *idterm, const char *const *words, const char *data)
{
    sk_err err = SK_ERR_INIT;
    sk_xdoc *d = NULL;
    assert_int_equal(sk_xdoc_new(&d, &err), SK_OK);
    for (uint32_t i = 0; words[i]; i++)
        assert_int_equal(sk_xdoc_add_posting(d, words[i], strlen(words[i]), i + 1, 1, &err),
                         SK_OK);
    assert_int_equal(sk_xdoc_add_term(d, idterm, strlen(idterm), 0, &err), SK_OK);
    assert_int_equal(sk_xdoc_set_data(d, data, strlen(data), &err), SK_OK);
    assert_int_equal(sk_xwdb_replace(w, idterm, d, &err), SK_OK);
    sk_xdoc_free(d);
}

static void xap__missing_database_is_enotfound(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char path[512];
    sk_err err = SK_ERR_INIT;
    sk_xdb *db = (sk_xdb *)1;
    assert_int_equal(sk_xdb_open(&db, tu_path(path, sizeof path, dir, "nope"), &err),
                     SK_ENOTFOUND);
    assert_null(db);
    assert_int_equal(err.code, SK_ENOTFOUND);
    assert_true(strlen(err.msg) > 0);
    tu_rmtree(dir);
    free(dir);
}

static void xap__corrupt_database_is_ecorrupt(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char path[512], file[600];
    sk_err err = SK_ERR_INIT;
    tu_path(path, sizeof path, dir, "db");
    sk_xwdb *w = NULL;
    assert_int_equal(sk_xwdb_open(&w, path, &err), SK_OK);
    const char *words[] = {"vedtak", NULL};
    add_doc(w, "Qa", words, "a");
    assert_int_equal(sk_xwdb_commit(w, &err), SK_OK);
    sk_xwdb_free(w);
    /* Overwrite the version file with junk. */
    snprintf(file, sizeof file, "%s/iamglass", path);
    tu_write(file, "garbage garbage garbage garbage", 31);
    sk_xdb *db = NULL;
    assert_int_equal(sk_xdb_open(&db, path, &err), SK_ECORRUPT);
    assert_null(db);
    assert_true(strlen(err.msg) > 0);
    tu_rmtree(dir);
    free(dir);
}

static void xap__second_writer_is_elocked(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char path[512];
    sk_err err = SK_ERR_INIT;
    tu_path(path, sizeof path, dir, "db");
    sk_xwdb *w1 = NULL, *w2 = NULL;
    assert_int_equal(sk_xwdb_open(&w1, path, &err), SK_OK);
    assert_int_equal(sk_xwdb_open(&w2, path, &err), SK_ELOCKED);
    assert_null(w2);
    assert_contains(err.msg, "lock");
    sk_xwdb_free(w1);
    /* Released: a new writer gets in. */
    sk_err_clear(&err);
    assert_int_equal(sk_xwdb_open(&w2, path, &err), SK_OK);
    sk_xwdb_free(w2);
    tu_rmtree(dir);
    free(dir);
}

static void xap__uncommitted_changes_are_discarded(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char path[512];
    sk_err err = SK_ERR_INIT;
    tu_path(path, sizeof path, dir, "db");
    sk_xwdb *w = NULL;
    assert_int_equal(sk_xwdb_open(&w, path, &err), SK_OK);
    const char *words[] = {"helse", NULL};
    add_doc(w, "Qa", words, "a");
    assert_int_equal(sk_xwdb_commit(w, &err), SK_OK);
    add_doc(w, "Qb", words, "b");
    size_t n = 0;
    assert_int_equal(sk_xwdb_doccount(w, &n, &err), SK_OK);
    assert_int_equal(n, 2);
    sk_xwdb_free(w); /* no commit */
    sk_xdb *db = NULL;
    assert_int_equal(sk_xdb_open(&db, path, &err), SK_OK);
    assert_int_equal(sk_xdb_doccount(db, &n, &err), SK_OK);
    assert_int_equal(n, 1);
    sk_xdb_free(db);
    tu_rmtree(dir);
    free(dir);
}

static void xap__search_phrase_and_not(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char path[512];
    sk_err err = SK_ERR_INIT;
    tu_path(path, sizeof path, dir, "db");
    sk_xwdb *w = NULL;
    assert_int_equal(sk_xwdb_open(&w, path, &err), SK_OK);
    const char *a[] = {"nasjonal", "e-helsestrategi", "for", "sektoren", NULL};
    const char *b[] = {"e-helsestrategi", "nasjonal", NULL};
    add_doc(w, "Qa", a, "doc-a");
    add_doc(w, "Qb", b, "doc-b");
    add_doc(w, "Qb", b, "doc-b2"); /* replaces, does not add */
    assert_int_equal(sk_xwdb_commit(w, &err), SK_OK);
    sk_xwdb_free(w);

    sk_xdb *db = NULL;
    assert_int_equal(sk_xdb_open(&db, path, &err), SK_OK);
    size_t n = 0;
    assert_int_equal(sk_xdb_doccount(db, &n, &err), SK_OK);
    assert_int_equal(n, 2);

    sk_xquery *t1 = NULL, *t2 = NULL, *ph = NULL, *ex = NULL, *andnot = NULL;
    assert_int_equal(sk_xquery_term(&t1, "nasjonal", 8, &err), SK_OK);
    assert_int_equal(sk_xquery_term(&t2, "e-helsestrategi", 15, &err), SK_OK);
    sk_xquery *pair[2] = {t1, t2};
    assert_int_equal(sk_xquery_combine(&ph, SK_XOP_PHRASE, pair, 2, &err), SK_OK);
    char *desc = sk_xquery_describe(ph);
    assert_contains(desc, "PHRASE");
    free(desc);

    sk_xsearch_opts opts = SK_XSEARCH_OPTS_INIT;
    sk_xmset *m = NULL;
    assert_int_equal(sk_xdb_search(&m, db, ph, &opts, &err), SK_OK);
    assert_int_equal(sk_xmset_size(m), 1);
    const char *data;
    size_t len;
    assert_int_equal(sk_xmset_data(m, 0, &data, &len, &err), SK_OK);
    assert_string_equal(data, "doc-a");
    sk_xmset_free(m);

    assert_int_equal(sk_xquery_term(&ex, "sektoren", 8, &err), SK_OK);
    sk_xquery *an[2] = {t1, ex};
    assert_int_equal(sk_xquery_combine(&andnot, SK_XOP_AND_NOT, an, 2, &err), SK_OK);
    assert_int_equal(sk_xdb_search(&m, db, andnot, &opts, &err), SK_OK);
    assert_int_equal(sk_xmset_size(m), 1);
    assert_int_equal(sk_xmset_data(m, 0, &data, &len, &err), SK_OK);
    assert_string_equal(data, "doc-b2");
    sk_xmset_free(m);

    sk_xquery_free(t1);
    sk_xquery_free(t2);
    sk_xquery_free(ph);
    sk_xquery_free(ex);
    sk_xquery_free(andnot);
    sk_xdb_free(db);
    tu_rmtree(dir);
    free(dir);
}

static void xap__bad_terms_are_rejected(void **state)
{
    (void)state;
    sk_err err = SK_ERR_INIT;
    sk_xquery *q = NULL;
    char big[300];
    memset(big, 'a', sizeof big);
    assert_int_equal(sk_xquery_term(&q, big, sizeof big, &err), SK_ELIMIT);
    assert_null(q);
    sk_err_clear(&err);
    assert_int_equal(sk_xquery_term(&q, "", 0, &err), SK_EINVAL);
    sk_err_clear(&err);
    assert_int_equal(sk_xquery_combine(&q, SK_XOP_AND, NULL, 0, &err), SK_EINVAL);
}

static void xap__metadata_roundtrip(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char path[512];
    sk_err err = SK_ERR_INIT;
    tu_path(path, sizeof path, dir, "db");
    sk_xwdb *w = NULL;
    assert_int_equal(sk_xwdb_open(&w, path, &err), SK_OK);
    assert_int_equal(sk_xwdb_set_metadata(w, "file:a", "1 2 ok", &err), SK_OK);
    assert_int_equal(sk_xwdb_set_metadata(w, "file:b", "3 4 ok", &err), SK_OK);
    assert_int_equal(sk_xwdb_set_metadata(w, "other", "x", &err), SK_OK);
    char *v = NULL;
    assert_int_equal(sk_xwdb_get_metadata(w, "file:b", &v, &err), SK_OK);
    assert_string_equal(v, "3 4 ok");
    free(v);
    assert_int_equal(sk_xwdb_get_metadata(w, "missing", &v, &err), SK_OK);
    assert_null(v);
    assert_int_equal(sk_xwdb_commit(w, &err), SK_OK);
    sk_xwdb_free(w);
    sk_xdb *db = NULL;
    assert_int_equal(sk_xdb_open(&db, path, &err), SK_OK);
    assert_int_equal(sk_xdb_get_metadata(db, "file:a", &v, &err), SK_OK);
    assert_string_equal(v, "1 2 ok");
    free(v);
    sk_xdb_free(db);
    tu_rmtree(dir);
    free(dir);
}

static void xap__norwegian_stemmer(void **state)
{
    (void)state;
    sk_err err = SK_ERR_INIT;
    sk_xstem *st = NULL;
    assert_int_equal(sk_xstem_new(&st, "norwegian", &err), SK_OK);
    char a[64], b[64];
    int na = sk_xstem_apply(st, "løsninger", strlen("løsninger"), a, sizeof a, &err);
    int nb = sk_xstem_apply(st, "løsningen", strlen("løsningen"), b, sizeof b, &err);
    assert_true(na > 0);
    assert_int_equal(na, nb);
    assert_string_equal(a, b);
    sk_xstem_free(st);
    assert_int_equal(sk_xstem_new(&st, "klingon", &err), SK_EINVAL);
    assert_null(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(xap__missing_database_is_enotfound),
        cmocka_unit_test(xap__corrupt_database_is_ecorrupt),
        cmocka_unit_test(xap__second_writer_is_elocked),
        cmocka_unit_test(xap__uncommitted_changes_are_discarded),
        cmocka_unit_test(xap__search_phrase_and_not),
        cmocka_unit_test(xap__bad_terms_are_rejected),
        cmocka_unit_test(xap__metadata_roundtrip),
        cmocka_unit_test(xap__norwegian_stemmer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
