/* test_xap.c: the C shim over Xapian: error codes at the boundary, documents, queries. */
#include "testutil.h"

#include <sys/stat.h>

#include "saksok/xap.h"

/* A new database "db" in a new temporary directory *dir, open for writing. */
static sk_xwdb *new_db(char **dir, char *path, size_t size)
{
    sk_err err = SK_ERR_INIT;
    *dir = tu_tempdir();
    tu_path(path, size, *dir, "db");
    sk_xwdb *w = NULL;
    assert_int_equal(sk_xwdb_open(&w, path, &err), SK_OK);
    return w;
}

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
    char *dir = NULL, path[512];
    sk_err err = SK_ERR_INIT;
    sk_xwdb *w = new_db(&dir, path, sizeof path);
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
    char *dir = NULL, path[512];
    sk_err err = SK_ERR_INIT;
    sk_xwdb *w = new_db(&dir, path, sizeof path);
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

/* Facets: doc i has body B(i % 3) (value in slot 4, term XB...) and, when
 * i % 5 == 0, no body at all. */
static void add_faceted(sk_xwdb *w, int i, int with_word, int body)
{
    static const char *const bodies[] = {"NUIT", "NUFA", "Nasjonalt e-helsestyre"};
    static const char *const folded[] = {"XBnuit", "XBnufa", "XBnasjonalt e-helsestyre"};
    sk_err err = SK_ERR_INIT;
    sk_xdoc *d = NULL;
    char id[32];
    snprintf(id, sizeof id, "Qdoc%d", i);
    assert_int_equal(sk_xdoc_new(&d, &err), SK_OK);
    assert_int_equal(sk_xdoc_add_posting(d, "alle", 4, 1, 1, &err), SK_OK);
    if (with_word)
        assert_int_equal(sk_xdoc_add_posting(d, "noen", 4, 2, 1, &err), SK_OK);
    assert_int_equal(sk_xdoc_add_term(d, id, strlen(id), 0, &err), SK_OK);
    if (body < 0)
        body = i % 3;
    if (i % 5 != 0) {
        const char *b = bodies[body];
        assert_int_equal(sk_xdoc_set_value(d, 4, b, strlen(b), &err), SK_OK);
        assert_int_equal(sk_xdoc_add_term(d, folded[body], strlen(folded[body]), 0, &err),
                         SK_OK);
    }
    assert_int_equal(sk_xdoc_set_data(d, "x", 1, &err), SK_OK);
    assert_int_equal(sk_xwdb_replace(w, id, d, &err), SK_OK);
    sk_xdoc_free(d);
}

typedef struct facet_seen {
    char values[8][64];
    size_t counts[8];
    size_t n;
} facet_seen;

static int note_facet(const char *value, size_t len, size_t count, void *payload)
{
    facet_seen *f = payload;
    if (f->n < 8) {
        snprintf(f->values[f->n], sizeof f->values[f->n], "%.*s", (int)len, value);
        f->counts[f->n++] = count;
    }
    return 0;
}

static size_t facet_count(sk_xdb *db, const char *word, const char *body, const char *prefix)
{
    sk_err err = SK_ERR_INIT;
    sk_xquery *q = NULL;
    assert_int_equal(sk_xquery_term(&q, word, strlen(word), &err), SK_OK);
    sk_xsearch_opts opts = SK_XSEARCH_OPTS_INIT;
    opts.check_at_least = 100000;
    opts.n_facets = 1;
    opts.facet_slots[0] = 4;
    opts.facet_prefixes[0] = prefix;
    sk_xmset *m = NULL;
    assert_int_equal(sk_xdb_search(&m, db, q, &opts, &err), SK_OK);
    facet_seen f = {0};
    assert_int_equal(sk_xmset_facet(m, 0, note_facet, &f, &err), SK_OK);
    sk_xmset_free(m);
    sk_xquery_free(q);
    for (size_t i = 0; i < f.n; i++)
        if (strcmp(f.values[i], body) == 0)
            return f.counts[i];
    return 0;
}

/* Facet counts are exact, the same whether counted from the value stream
 * (few matches) or through the table kept with the handle (many), with the
 * stored value (not the folded term) as the name, and follow a new revision
 * after reopen. */
static void xap__facet_counts_are_exact(void **state)
{
    (void)state;
    char *dir = NULL, path[512];
    sk_err err = SK_ERR_INIT;
    sk_xwdb *w = new_db(&dir, path, sizeof path);
    for (int i = 1; i <= 1500; i++)
        add_faceted(w, i, i <= 30, -1);
    assert_int_equal(sk_xwdb_commit(w, &err), SK_OK);

    sk_xdb *db = NULL;
    assert_int_equal(sk_xdb_open(&db, path, &err), SK_OK);
    /* expected: i in 1..N, i % 5 != 0, i % 3 == k */
    size_t nuit = 0, nufa = 0, styre = 0, nuit30 = 0;
    for (int i = 1; i <= 1500; i++) {
        if (i % 5 == 0)
            continue;
        nuit += i % 3 == 0;
        nufa += i % 3 == 1;
        styre += i % 3 == 2;
        nuit30 += i % 3 == 0 && i <= 30;
    }
    for (int round = 0; round < 2; round++) { /* the second round uses the kept table */
        assert_int_equal(facet_count(db, "alle", "NUIT", "XB"), nuit);
        assert_int_equal(facet_count(db, "alle", "NUFA", "XB"), nufa);
        assert_int_equal(facet_count(db, "alle", "Nasjonalt e-helsestyre", "XB"), styre);
        assert_int_equal(facet_count(db, "noen", "NUIT", "XB"), nuit30);
        /* without a prefix: from the value stream alone, the same */
        assert_int_equal(facet_count(db, "alle", "NUFA", NULL), nufa);
    }
    /* A new revision: every NUIT document becomes NUFA (same docids), and
     * 300 more come. */
    for (int i = 1; i <= 1500; i++)
        if (i % 3 == 0)
            add_faceted(w, i, i <= 30, 1);
    for (int i = 1501; i <= 1800; i++)
        add_faceted(w, i, 0, -1);
    assert_int_equal(sk_xwdb_commit(w, &err), SK_OK);
    sk_xwdb_free(w);
    assert_int_equal(sk_xdb_reopen(db, &err), SK_OK);
    size_t nufa2 = nufa + nuit, nuit2 = 0;
    for (int i = 1501; i <= 1800; i++) {
        nufa2 += i % 5 != 0 && i % 3 == 1;
        nuit2 += i % 5 != 0 && i % 3 == 0;
    }
    assert_int_equal(facet_count(db, "alle", "NUFA", "XB"), nufa2);
    assert_int_equal(facet_count(db, "alle", "NUIT", "XB"), nuit2);
    assert_int_equal(facet_count(db, "alle", "NUFA", NULL), nufa2);
    sk_xdb_free(db);
    tu_rmtree(dir);
    free(dir);
}

/* Collapsing: sections that share a key (slot 3) are one hit, shown once
 * (the best), counted once in the total and in the facets, and pages go by
 * hits. 400 documents: pairs i, i + 200 share a key; a third of them have
 * the word "noen" twice (they rank first). */
static void xap__collapse_one_hit_per_key(void **state)
{
    (void)state;
    char *dir = NULL, path[512];
    sk_err err = SK_ERR_INIT;
    sk_xwdb *w = new_db(&dir, path, sizeof path);
    for (int i = 0; i < 400; i++) {
        sk_xdoc *d = NULL;
        char id[32], key[32], data[32];
        snprintf(id, sizeof id, "Qdoc%d", i);
        snprintf(key, sizeof key, "key%d", i % 200);
        snprintf(data, sizeof data, "%d", i);
        assert_int_equal(sk_xdoc_new(&d, &err), SK_OK);
        assert_int_equal(sk_xdoc_add_posting(d, "alle", 4, 1, 1, &err), SK_OK);
        if (i % 3 == 0)
            assert_int_equal(sk_xdoc_add_posting(d, "noen", 4, 2, 2, &err), SK_OK);
        assert_int_equal(sk_xdoc_add_term(d, id, strlen(id), 0, &err), SK_OK);
        assert_int_equal(sk_xdoc_set_value(d, 3, key, strlen(key), &err), SK_OK);
        assert_int_equal(sk_xdoc_set_value(d, 4, i % 2 ? "NUIT" : "NUFA", 4, &err), SK_OK);
        assert_int_equal(sk_xdoc_add_term(d, i % 2 ? "XBnuit" : "XBnufa", 6, 0, &err), SK_OK);
        assert_int_equal(sk_xdoc_set_data(d, data, strlen(data), &err), SK_OK);
        assert_int_equal(sk_xwdb_replace(w, id, d, &err), SK_OK);
        sk_xdoc_free(d);
    }
    assert_int_equal(sk_xwdb_commit(w, &err), SK_OK);
    sk_xwdb_free(w);
    sk_xdb *db = NULL;
    assert_int_equal(sk_xdb_open(&db, path, &err), SK_OK);
    sk_xquery *alle = NULL, *noen = NULL, *both = NULL;
    assert_int_equal(sk_xquery_term(&alle, "alle", 4, &err), SK_OK);
    assert_int_equal(sk_xquery_term(&noen, "noen", 4, &err), SK_OK);
    sk_xquery *pair[2] = {alle, noen};
    assert_int_equal(sk_xquery_combine(&both, SK_XOP_AND_MAYBE, pair, 2, &err), SK_OK);
    for (int round = 0; round < 2; round++) { /* the second round has the tables */
        int seen_keys[200] = {0};
        size_t shown = 0;
        for (size_t offset = 0; offset < 220; offset += 7) {
            sk_xsearch_opts opts = SK_XSEARCH_OPTS_INIT;
            opts.offset = offset;
            opts.limit = 7;
            opts.collapse_slot = 3;
            opts.n_facets = 1;
            opts.facet_slots[0] = 4;
            opts.facet_prefixes[0] = "XB";
            sk_xmset *m = NULL;
            assert_int_equal(sk_xdb_search(&m, db, both, &opts, &err), SK_OK);
            assert_int_equal(sk_xmset_total(m), 200);
            facet_seen f = {0};
            assert_int_equal(sk_xmset_facet(m, 0, note_facet, &f, &err), SK_OK);
            assert_int_equal(f.n, 2);
            assert_int_equal(f.counts[0] + f.counts[1], 200);
            for (size_t i = 0; i < sk_xmset_size(m); i++) {
                const char *data;
                size_t len;
                assert_int_equal(sk_xmset_data(m, i, &data, &len, &err), SK_OK);
                int doc = atoi(data);
                assert_int_equal(seen_keys[doc % 200], 0); /* each key once, over all pages */
                seen_keys[doc % 200] = 1;
                /* the better section of a pair: the one with "noen" when one has it */
                int other = doc < 200 ? doc + 200 : doc - 200;
                assert_false(other % 3 == 0 && doc % 3 != 0);
                shown++;
            }
            sk_xmset_free(m);
        }
        assert_int_equal(shown, 200);
    }
    sk_xquery_free(alle);
    sk_xquery_free(noen);
    sk_xquery_free(both);
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
    char *dir = NULL, path[512];
    sk_err err = SK_ERR_INIT;
    sk_xwdb *w = new_db(&dir, path, sizeof path);
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
        cmocka_unit_test(xap__facet_counts_are_exact),
        cmocka_unit_test(xap__collapse_one_hit_per_key),
        cmocka_unit_test(xap__bad_terms_are_rejected),
        cmocka_unit_test(xap__metadata_roundtrip),
        cmocka_unit_test(xap__norwegian_stemmer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
