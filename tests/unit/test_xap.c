/* test_xap.c: the C shim over Xapian: error codes at the boundary, documents, queries. */
#include "testutil.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include "saksok/store/xap.h"

/* Each test that needs one gets a new temporary directory, and the path of
 * a database "db" in it (not created). */
typedef struct fixture {
    char *dir;
    char path[512];
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    fx->dir = tu_tempdir();
    tu_path(fx->path, sizeof fx->path, fx->dir, "db");
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    tu_rmtree(fx->dir);
    free(fx->dir);
    free(fx);
    return 0;
}

/* A new database at path, open for writing. */
static sk_xwdb *open_db(const char *path)
{
    sk_err err = SK_ERR_INIT;
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
        assert_int_equal(sk_xdoc_add_posting(d, words[i], strlen(words[i]), i + 1, 1, &err), SK_OK);
    assert_int_equal(sk_xdoc_add_term(d, idterm, strlen(idterm), 0, &err), SK_OK);
    assert_int_equal(sk_xdoc_set_data(d, data, strlen(data), &err), SK_OK);
    assert_int_equal(sk_xwdb_replace(w, idterm, d, &err), SK_OK);
    sk_xdoc_free(d);
}

static void xap__missing_database_is_enotfound(void **state)
{
    const fixture *fx = *state;
    const char *dir = fx->dir;
    char nope[512];
    sk_err err = SK_ERR_INIT;
    sk_xdb *db = (sk_xdb *)1;
    assert_int_equal(sk_xdb_open(&db, tu_path(nope, sizeof nope, dir, "nope"), &err), SK_ENOTFOUND);
    assert_null(db);
    assert_int_equal(err.code, SK_ENOTFOUND);
    assert_true(strlen(err.msg) > 0);
}

static void xap__corrupt_database_is_ecorrupt(void **state)
{
    const fixture *fx = *state;
    const char *path = fx->path;
    char file[600];
    sk_err err = SK_ERR_INIT;
    sk_xwdb *w = NULL;
    assert_int_equal(sk_xwdb_open(&w, path, &err), SK_OK);
    const char *words[] = {"vedtak", NULL};
    add_doc(w, "Qa", words, "a");
    assert_int_equal(sk_xwdb_commit(w, &err), SK_OK);
    sk_xwdb_free(w);
    /* Overwrite the version file of the generation with junk. */
    snprintf(file, sizeof file, "%s/gen-1/iamglass", path);
    tu_write(file, "garbage garbage garbage garbage", 31);
    sk_xdb *db = NULL;
    assert_int_equal(sk_xdb_open(&db, path, &err), SK_ECORRUPT);
    assert_null(db);
    assert_true(strlen(err.msg) > 0);
}

/* A document's data is replaced and its terms stay; an unknown id is an error. */
static void xap__set_data_keeps_terms(void **state)
{
    const fixture *fx = *state;
    const char *path = fx->path;
    sk_xwdb *w = open_db(path);
    sk_err err = SK_ERR_INIT;
    sk_xdoc *d = NULL;
    assert_int_equal(sk_xdoc_new(&d, &err), SK_OK);
    assert_int_equal(sk_xdoc_add_posting(d, "vedtak", 6, 1, 1, &err), SK_OK);
    assert_int_equal(sk_xdoc_set_data(d, "old", 3, &err), SK_OK);
    uint32_t did = 0;
    assert_int_equal(sk_xwdb_add(&did, w, d, &err), SK_OK);
    sk_xdoc_free(d);
    assert_true(did > 0);
    assert_int_equal(sk_xwdb_set_data(w, did, "new\0data", 8, &err), SK_OK);
    assert_int_equal(sk_xwdb_set_data(w, did + 100, "x", 1, &err), SK_EINVAL);
    assert_int_equal(sk_xwdb_commit(w, &err), SK_OK);
    sk_xwdb_free(w);
    sk_xdb *db = NULL;
    assert_int_equal(sk_xdb_open(&db, path, &err), SK_OK);
    sk_xquery *q = NULL;
    assert_int_equal(sk_xquery_term(&q, "vedtak", 6, &err), SK_OK);
    sk_xsearch_opts o = SK_XSEARCH_OPTS_INIT;
    sk_xmset *m = NULL;
    assert_int_equal(sk_xdb_search(&m, db, q, &o, &err), SK_OK);
    assert_int_equal(sk_xmset_size(m), 1);
    const char *data;
    size_t len;
    assert_int_equal(sk_xmset_data(m, 0, &data, &len, &err), SK_OK);
    assert_int_equal(len, 8);
    assert_memory_equal(data, "new\0data", 8);
    sk_xmset_free(m);
    sk_xquery_free(q);
    sk_xdb_free(db);
}

static void xap__second_writer_is_elocked(void **state)
{
    const fixture *fx = *state;
    const char *path = fx->path;
    sk_err err = SK_ERR_INIT;
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
}

static void xap__uncommitted_changes_are_discarded(void **state)
{
    const fixture *fx = *state;
    const char *path = fx->path;
    sk_err err = SK_ERR_INIT;
    sk_xwdb *w = open_db(path);
    const char *words[] = {"helse", NULL};
    add_doc(w, "Qa", words, "a");
    assert_int_equal(sk_xwdb_commit(w, &err), SK_OK);
    add_doc(w, "Qb", words, "b");
    size_t n = 0;
    assert_int_equal(sk_xwdb_doccount(&n, w, &err), SK_OK);
    assert_int_equal(n, 2);
    sk_xwdb_free(w); /* no commit */
    sk_xdb *db = NULL;
    assert_int_equal(sk_xdb_open(&db, path, &err), SK_OK);
    assert_int_equal(sk_xdb_doccount(&n, db, &err), SK_OK);
    assert_int_equal(n, 1);
    sk_xdb_free(db);
}

static void xap__search_phrase_and_not(void **state)
{
    const fixture *fx = *state;
    const char *path = fx->path;
    sk_err err = SK_ERR_INIT;
    sk_xwdb *w = open_db(path);
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
    assert_int_equal(sk_xdb_doccount(&n, db, &err), SK_OK);
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
        assert_int_equal(sk_xdoc_add_term(d, folded[body], strlen(folded[body]), 0, &err), SK_OK);
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
    const fixture *fx = *state;
    const char *path = fx->path;
    sk_err err = SK_ERR_INIT;
    sk_xwdb *w = open_db(path);
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
}

/* A hit's values are its own document's, whatever the order hits and slots
 * are asked in (they are read for all hits at once, in docid order). */
static void xap__hit_values_follow_their_hits(void **state)
{
    const fixture *fx = *state;
    sk_err err = SK_ERR_INIT;
    sk_xwdb *w = NULL;
    assert_int_equal(sk_xwdb_open(&w, fx->path, &err), SK_OK);
    for (int i = 1; i <= 300; i++) {
        sk_xdoc *d = NULL;
        char id[32], v[32];
        snprintf(id, sizeof id, "Qv%d", i);
        assert_int_equal(sk_xdoc_new(&d, &err), SK_OK);
        /* the word's weight, and so the rank, in no docid order */
        assert_int_equal(sk_xdoc_add_posting(d, "alle", 4, 1, (uint32_t)((i * 7) % 300 + 1), &err),
                         SK_OK);
        assert_int_equal(sk_xdoc_add_term(d, id, strlen(id), 0, &err), SK_OK);
        snprintf(v, sizeof v, "seks-%d", i);
        assert_int_equal(sk_xdoc_set_value(d, 6, v, strlen(v), &err), SK_OK);
        if (i % 2 == 0) {
            snprintf(v, sizeof v, "atte-%d", i);
            assert_int_equal(sk_xdoc_set_value(d, 8, v, strlen(v), &err), SK_OK);
        }
        assert_int_equal(sk_xdoc_set_data(d, id, strlen(id), &err), SK_OK);
        assert_int_equal(sk_xwdb_replace(w, id, d, &err), SK_OK);
        sk_xdoc_free(d);
    }
    assert_int_equal(sk_xwdb_commit(w, &err), SK_OK);
    sk_xwdb_free(w);
    sk_xdb *db = NULL;
    assert_int_equal(sk_xdb_open(&db, fx->path, &err), SK_OK);
    sk_xquery *q = NULL;
    assert_int_equal(sk_xquery_term(&q, "alle", 4, &err), SK_OK);
    sk_xsearch_opts o = SK_XSEARCH_OPTS_INIT;
    o.limit = 20;
    sk_xmset *m = NULL;
    assert_int_equal(sk_xdb_search(&m, db, q, &o, &err), SK_OK);
    sk_xquery_free(q);
    size_t n = sk_xmset_size(m);
    assert_int_equal(n, 20);
    int out_of_order = 0;
    for (size_t k = n; k-- > 0;) { /* last hit first, slot 8 before slot 6 */
        unsigned did = sk_xmset_docid(m, k);
        out_of_order |= k > 0 && sk_xmset_docid(m, k - 1) > did;
        char v[32], want[32];
        int len = sk_xmset_value(v, sizeof v, m, k, 8, &err);
        if (did % 2 == 0) {
            snprintf(want, sizeof want, "atte-%u", did);
            assert_string_equal(v, want);
            assert_int_equal(len, (int)strlen(want));
        } else {
            assert_int_equal(len, 0);
            assert_string_equal(v, "");
        }
    }
    assert_true(out_of_order); /* the hits are not in docid order */
    for (size_t k = 0; k < n; k++) {
        char v[32], want[32];
        snprintf(want, sizeof want, "seks-%u", sk_xmset_docid(m, k));
        assert_int_equal(sk_xmset_value(v, sizeof v, m, k, 6, &err), (int)strlen(want));
        assert_string_equal(v, want);
    }
    char small[4];
    assert_int_equal(sk_xmset_value(small, sizeof small, m, 0, 6, &err), SK_ELIMIT);
    assert_int_equal(sk_xmset_value(small, sizeof small, m, n, 6, &err), SK_EINVAL);
    sk_xmset_free(m);
    sk_xdb_free(db);
}

/* Collapsing: sections that share a key (slot 3) are one hit, shown once
 * (the best), counted once in the total and in the facets, and pages go by
 * hits. 400 documents: pairs i, i + 200 share a key; a third of them have
 * the word "noen" twice (they rank first). */
static void xap__collapse_one_hit_per_key(void **state)
{
    const fixture *fx = *state;
    const char *path = fx->path;
    sk_err err = SK_ERR_INIT;
    sk_xwdb *w = open_db(path);
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
}

/* Doc i of the tier test: "ord" with a weight that varies with i, the value
 * "v" + (99 - i) in slot 7, and the terms of its tier: i % 4 == 0 both XCx
 * and XLcase, 1 only XCx, 2 only XLcase, 3 neither. */
static void add_tiered(sk_xwdb *w, int i)
{
    sk_err err = SK_ERR_INIT;
    sk_xdoc *d = NULL;
    char id[32], value[16], data[16];
    snprintf(id, sizeof id, "Qdoc%d", i);
    snprintf(value, sizeof value, "v%02d", 99 - i);
    snprintf(data, sizeof data, "%d", i);
    assert_int_equal(sk_xdoc_new(&d, &err), SK_OK);
    assert_int_equal(sk_xdoc_add_posting(d, "ord", 3, 1, (unsigned)(i % 7 + 1), &err), SK_OK);
    for (int k = 0; k < i % 5; k++) /* lengths differ: so do the weights */
        assert_int_equal(sk_xdoc_add_posting(d, "fyll", 4, (uint32_t)k + 2, 1, &err), SK_OK);
    if (i % 4 < 2)
        assert_int_equal(sk_xdoc_add_term(d, "XCx", 3, 0, &err), SK_OK);
    if (i % 4 == 0 || i % 4 == 2)
        assert_int_equal(sk_xdoc_add_term(d, "XLcase", 6, 0, &err), SK_OK);
    assert_int_equal(sk_xdoc_add_term(d, id, strlen(id), 0, &err), SK_OK);
    assert_int_equal(sk_xdoc_set_value(d, 7, value, strlen(value), &err), SK_OK);
    assert_int_equal(sk_xdoc_set_data(d, data, strlen(data), &err), SK_OK);
    assert_int_equal(sk_xwdb_replace(w, id, d, &err), SK_OK);
    sk_xdoc_free(d);
}

/* The doc numbers of hits offset.. of a tiered search for "ord" (n of them,
 * at most 64); *total gets the total. */
static size_t tiered_hits(sk_xdb *db, const sk_xquery *q, const sk_xtier *tiers, size_t n_tiers,
                          int sort_slot, size_t offset, size_t limit, int *out, double *weights,
                          size_t *total)
{
    sk_err err = SK_ERR_INIT;
    sk_xsearch_opts opts = SK_XSEARCH_OPTS_INIT;
    opts.offset = offset;
    opts.limit = limit;
    opts.tiers = tiers;
    opts.n_tiers = n_tiers;
    opts.sort_slot = sort_slot;
    sk_xmset *m = NULL;
    assert_int_equal(sk_xdb_search(&m, db, q, &opts, &err), SK_OK);
    size_t n = sk_xmset_size(m);
    for (size_t i = 0; i < n; i++) {
        const char *data;
        size_t len;
        assert_int_equal(sk_xmset_data(m, i, &data, &len, &err), SK_OK);
        out[i] = atoi(data);
        weights[i] = sk_xmset_weight(m, i);
    }
    *total = sk_xmset_total(m);
    sk_xmset_free(m);
    return n;
}

/* Tiers: strictly in tier order whatever the weights, by relevance (or the
 * sort slot) within a tier; paging and totals as without tiers. */
static void xap__tiers_are_strict(void **state)
{
    const fixture *fx = *state;
    const char *path = fx->path;
    sk_err err = SK_ERR_INIT;
    sk_xwdb *w = open_db(path);
    for (int i = 0; i < 40; i++)
        add_tiered(w, i);
    assert_int_equal(sk_xwdb_commit(w, &err), SK_OK);
    sk_xwdb_free(w);
    sk_xdb *db = NULL;
    assert_int_equal(sk_xdb_open(&db, path, &err), SK_OK);
    sk_xquery *q = NULL;
    assert_int_equal(sk_xquery_term(&q, "ord", 3, &err), SK_OK);
    /* tier 0: XCx and XLcase; tier 2: XCx (the lowest tier a document is in counts) */
    const sk_xtier tiers[] = {{{"XCx", NULL}, 2}, {{"XCx", "XLcase"}, 0}};
    int all[64], page[64];
    double wall[64], wpage[64];
    size_t total = 0;
    size_t n = tiered_hits(db, q, tiers, 2, -1, 0, 40, all, wall, &total);
    assert_int_equal(n, 40);
    assert_int_equal(total, 40);
    int rank_of[4] = {0, 2, 3, 3}; /* by i % 4 */
    int weight_inverted = 0;
    for (size_t i = 1; i < n; i++) {
        int a = rank_of[all[i - 1] % 4], b = rank_of[all[i] % 4];
        assert_true(a <= b);
        if (a == b)
            assert_true(wall[i - 1] >= wall[i]);
        else if (wall[i - 1] < wall[i])
            weight_inverted = 1; /* a lighter hit of a better tier first */
    }
    assert_true(weight_inverted);              /* the order is not the weights' */
    for (size_t off = 0; off < 40; off += 7) { /* pages of 7 give the same sequence */
        size_t k = tiered_hits(db, q, tiers, 2, -1, off, 7, page, wpage, &total);
        assert_int_equal(total, 40);
        assert_int_equal(k, off + 7 <= 40 ? 7 : 40 - off);
        for (size_t i = 0; i < k; i++)
            assert_int_equal(page[i], all[off + i]);
    }
    /* Within a tier by the value of slot 7 ("v" + 99 - i: higher i first). */
    n = tiered_hits(db, q, tiers, 2, 7, 0, 40, all, wall, &total);
    assert_int_equal(n, 40);
    for (size_t i = 1; i < n; i++) {
        int a = rank_of[all[i - 1] % 4], b = rank_of[all[i] % 4];
        assert_true(a < b || (a == b && all[i - 1] > all[i]));
    }
    /* Rules without a term, or with a tier out of range, are errors. */
    const sk_xtier none[] = {{{NULL, NULL}, 0}}, high[] = {{{"XCx", NULL}, SK_XTIER_MAX + 1}};
    sk_xsearch_opts opts = SK_XSEARCH_OPTS_INIT;
    sk_xmset *m = NULL;
    opts.tiers = none;
    opts.n_tiers = 1;
    assert_int_equal(sk_xdb_search(&m, db, q, &opts, &err), SK_EINVAL);
    assert_null(m);
    opts.tiers = high;
    assert_int_equal(sk_xdb_search(&m, db, q, &opts, &err), SK_EINVAL);
    assert_null(m);
    sk_xquery_free(q);
    sk_xdb_free(db);
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
    const fixture *fx = *state;
    const char *path = fx->path;
    sk_err err = SK_ERR_INIT;
    sk_xwdb *w = open_db(path);
    assert_int_equal(sk_xwdb_set_metadata(w, "file:a", "1 2 ok", &err), SK_OK);
    assert_int_equal(sk_xwdb_set_metadata(w, "file:b", "3 4 ok", &err), SK_OK);
    assert_int_equal(sk_xwdb_set_metadata(w, "other", "x", &err), SK_OK);
    char *v = NULL;
    assert_int_equal(sk_xwdb_get_metadata(&v, w, "file:b", &err), SK_OK);
    assert_string_equal(v, "3 4 ok");
    free(v);
    assert_int_equal(sk_xwdb_get_metadata(&v, w, "missing", &err), SK_OK);
    assert_null(v);
    assert_int_equal(sk_xwdb_commit(w, &err), SK_OK);
    sk_xwdb_free(w);
    sk_xdb *db = NULL;
    assert_int_equal(sk_xdb_open(&db, path, &err), SK_OK);
    assert_int_equal(sk_xdb_get_metadata(&v, db, "file:a", &err), SK_OK);
    assert_string_equal(v, "1 2 ok");
    free(v);
    sk_xdb_free(db);
}

static void xap__norwegian_stemmer(void **state)
{
    (void)state;
    sk_err err = SK_ERR_INIT;
    sk_xstem *st = NULL;
    assert_int_equal(sk_xstem_new(&st, "norwegian", &err), SK_OK);
    char a[64], b[64];
    int na = sk_xstem_apply(a, sizeof a, st, "løsninger", strlen("løsninger"), &err);
    int nb = sk_xstem_apply(b, sizeof b, st, "løsningen", strlen("løsningen"), &err);
    assert_true(na > 0);
    assert_int_equal(na, nb);
    assert_string_equal(a, b);
    sk_xstem_free(st);
    assert_int_equal(sk_xstem_new(&st, "klingon", &err), SK_EINVAL);
    assert_null(st);
}

/* ---- the index directory: generations, compaction, switching readers ---- */

static int exists(const char *dir, const char *name)
{
    char p[700];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return stat(p, &st) == 0;
}

/* The stub's text (static buffer). */
static const char *stub_text(const char *dir)
{
    static char buf[512];
    char p[700];
    snprintf(p, sizeof p, "%s/XAPIANDB", dir);
    FILE *f = fopen(p, "r");
    assert_non_null(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static size_t reader_doccount(sk_xdb *db)
{
    sk_err err = SK_ERR_INIT;
    size_t n = 0;
    assert_int_equal(sk_xdb_doccount(&n, db, &err), SK_OK);
    return n;
}

static size_t reader_termfreq(sk_xdb *db, const char *term)
{
    sk_err err = SK_ERR_INIT;
    size_t n = 0;
    assert_int_equal(sk_xdb_termfreq(&n, db, term, &err), SK_OK);
    return n;
}

/* docid of the one document matching term, 0 if none. */
static unsigned docid_of(sk_xdb *db, const char *term)
{
    sk_xmset *m = tu_term_matches(db, term);
    unsigned id = sk_xmset_size(m) == 1 ? sk_xmset_docid(m, 0) : 0;
    sk_xmset_free(m);
    return id;
}

static int collect_syn(const char *value, void *payload)
{
    strcat((char *)payload, value);
    strcat((char *)payload, ";");
    return 0;
}

/* A writer with five documents (the first two deleted: docids 3..5 remain),
 * metadata, a synonym and spellings, committed. */
static sk_xwdb *filled_index(const char *path)
{
    sk_err err = SK_ERR_INIT;
    sk_xwdb *w = NULL;
    assert_int_equal(sk_xwdb_open(&w, path, &err), SK_OK);
    const char *ids[] = {"Qa", "Qb", "Qc", "Qd", "Qe"};
    const char *words[] = {"kommunestyre", "vedtak", "helse", NULL};
    for (size_t i = 0; i < 5; i++)
        add_doc(w, ids[i], words, ids[i]);
    assert_int_equal(sk_xwdb_commit(w, &err), SK_OK);
    assert_int_equal(sk_xwdb_delete_term(w, "Qa", &err), SK_OK);
    assert_int_equal(sk_xwdb_delete_term(w, "Qb", &err), SK_OK);
    assert_int_equal(sk_xwdb_set_metadata(w, "file:x", "1 2 ok", &err), SK_OK);
    assert_int_equal(sk_xwdb_add_synonym(w, "nuit", "nasjonalt utvalg", &err), SK_OK);
    assert_int_equal(sk_xwdb_add_spelling(w, "helse", 5, 3, &err), SK_OK);
    assert_int_equal(sk_xwdb_commit(w, &err), SK_OK);
    return w;
}

static void xap__new_index_is_a_stub_and_a_generation(void **state)
{
    const fixture *fx = *state;
    const char *path = fx->path;
    sk_err err = SK_ERR_INIT;
    sk_xwdb *w = NULL;
    assert_int_equal(sk_xwdb_open(&w, path, &err), SK_OK);
    assert_string_equal(stub_text(path), "auto gen-1\n");
    assert_true(exists(path, "gen-1/iamglass"));
    assert_false(exists(path, "iamglass"));
    unsigned long long bytes = 0, compacted = 1;
    assert_int_equal(sk_xwdb_size(&bytes, &compacted, w, &err), SK_OK);
    assert_true(bytes > 0);
    assert_int_equal(compacted, 0); /* never compacted */
    sk_xdb *db = NULL;
    assert_int_equal(sk_xdb_open(&db, path, &err), SK_OK); /* Xapian follows the stub */
    assert_int_equal(reader_doccount(db), 0);
    sk_xdb_free(db);
    sk_xwdb_free(w);
}

static void xap__compaction_keeps_everything(void **state)
{
    const fixture *fx = *state;
    const char *path = fx->path;
    sk_err err = SK_ERR_INIT;
    sk_xwdb *w = filled_index(path);
    sk_xdb *db = NULL;
    assert_int_equal(sk_xdb_open(&db, path, &err), SK_OK);
    unsigned id_c = docid_of(db, "Qc"), id_e = docid_of(db, "Qe");
    assert_int_equal(id_c, 3);
    sk_xdb_free(db);

    sk_xcompact_stats st;
    assert_int_equal(sk_xwdb_compact(&st, w, &err), SK_OK);
    assert_int_equal(st.generation, 2);
    assert_true(st.bytes_after > 0 && st.bytes_after < st.bytes_before);
    char want[128];
    snprintf(want, sizeof want, "auto gen-2\n# compacted %llu\n", st.bytes_after);
    assert_string_equal(stub_text(path), want);
    assert_false(exists(path, "gen-1"));
    assert_true(exists(path, "gen-2/iamglass"));
    assert_false(exists(path, "gen-2.tmp"));
    unsigned long long bytes = 0, compacted = 0;
    assert_int_equal(sk_xwdb_size(&bytes, &compacted, w, &err), SK_OK);
    assert_int_equal(compacted, st.bytes_after);

    assert_int_equal(sk_xdb_open(&db, path, &err), SK_OK);
    assert_int_equal(reader_doccount(db), 3);
    assert_int_equal(docid_of(db, "Qa"), 0);
    assert_int_equal(docid_of(db, "Qc"), id_c); /* document ids are kept */
    assert_int_equal(docid_of(db, "Qe"), id_e);
    char *v = NULL;
    assert_int_equal(sk_xdb_get_metadata(&v, db, "file:x", &err), SK_OK);
    assert_string_equal(v, "1 2 ok");
    free(v);
    char syn[256] = "";
    assert_int_equal(sk_xdb_synonyms(db, "nuit", collect_syn, syn, &err), SK_OK);
    assert_string_equal(syn, "nasjonalt utvalg;");
    assert_int_equal(sk_xdb_spelling(&v, db, "helsa", 1, &err), SK_OK);
    assert_non_null(v);
    assert_string_equal(v, "helse");
    free(v);

    /* The writer goes on in the new generation; a new document gets a new id. */
    const char *words[] = {"etterpå", NULL};
    add_doc(w, "Qf", words, "f");
    assert_int_equal(sk_xwdb_commit(w, &err), SK_OK);
    assert_int_equal(sk_xdb_reopen(db, &err), SK_OK);
    assert_int_equal(reader_doccount(db), 4);
    assert_int_equal(docid_of(db, "Qf"), 6);
    sk_xdb_free(db);
    sk_xwdb_free(w);
}

/* A reader that has the old generation open keeps answering after it is
 * removed, and its next reopen moves it to the new one. */
static void xap__reader_follows_the_switch(void **state)
{
    const fixture *fx = *state;
    const char *path = fx->path;
    sk_err err = SK_ERR_INIT;
    sk_xwdb *w = filled_index(path);
    sk_xdb *db = NULL;
    assert_int_equal(sk_xdb_open(&db, path, &err), SK_OK);
    assert_int_equal(reader_doccount(db), 3);
    for (int round = 0; round < 3; round++) {
        const char *words[] = {"runde", NULL};
        char id[8];
        snprintf(id, sizeof id, "Qr%d", round);
        assert_int_equal(reader_termfreq(db, "runde"), (size_t)round);
        add_doc(w, id, words, id);
        assert_int_equal(sk_xwdb_compact(NULL, w, &err), SK_OK);
        /* Not reopened yet: the old generation, removed from the directory. */
        assert_int_equal(reader_doccount(db), 3 + (size_t)round);
        assert_int_not_equal(docid_of(db, "Qc"), 0);
        assert_int_equal(reader_termfreq(db, "runde"), (size_t)round);
        assert_int_equal(sk_xdb_reopen(db, &err), SK_OK);
        assert_int_equal(reader_doccount(db), 4 + (size_t)round);
        /* a termfreq read before the switch is not taken for the new generation's */
        assert_int_equal(reader_termfreq(db, "runde"), (size_t)round + 1);
        assert_int_not_equal(docid_of(db, id), 0);
    }
    assert_false(exists(path, "gen-3"));
    assert_true(exists(path, "gen-4"));
    /* Plain commits after the switch are seen as before. */
    const char *words[] = {"sist", NULL};
    add_doc(w, "Qz", words, "z");
    assert_int_equal(sk_xwdb_commit(w, &err), SK_OK);
    assert_int_equal(sk_xdb_reopen(db, &err), SK_OK);
    assert_int_equal(reader_doccount(db), 7);
    sk_xdb_free(db);
    sk_xwdb_free(w);
}

/* A reopen with nothing committed keeps what the reader has; every commit,
 * however quickly the next follows, is seen by the next reopen. */
static void xap__reopen_sees_every_commit(void **state)
{
    const fixture *fx = *state;
    const char *path = fx->path;
    sk_err err = SK_ERR_INIT;
    sk_xwdb *w = filled_index(path);
    sk_xdb *db = NULL;
    assert_int_equal(sk_xdb_open(&db, path, &err), SK_OK);
    for (int round = 0; round < 20; round++) {
        assert_int_equal(sk_xdb_reopen(db, &err), SK_OK); /* nothing new */
        assert_int_equal(reader_doccount(db), 3 + (size_t)round);
        assert_int_equal(reader_termfreq(db, "runde"), (size_t)round);
        const char *words[] = {"runde", NULL};
        char id[8];
        snprintf(id, sizeof id, "Qn%d", round);
        add_doc(w, id, words, id);
        assert_int_equal(sk_xwdb_commit(w, &err), SK_OK);
        assert_int_equal(reader_termfreq(db, "runde"), (size_t)round); /* not reopened */
        assert_int_equal(sk_xdb_reopen(db, &err), SK_OK);
        assert_int_equal(reader_doccount(db), 4 + (size_t)round);
        /* the termfreqs kept for the revision before are not used for this one */
        assert_int_equal(reader_termfreq(db, "runde"), (size_t)round + 1);
        assert_int_not_equal(docid_of(db, id), 0);
    }
    sk_xdb_free(db);
    sk_xwdb_free(w);
}

/* An index of earlier versions (glass files directly in DIR) is read and
 * written where it is, and moved into a generation by its first compaction;
 * other files in DIR stay. */
static void xap__old_index_is_moved_by_compaction(void **state)
{
    const fixture *fx = *state;
    const char *path = fx->path;
    char cmd[2048], other[700];
    sk_err err = SK_ERR_INIT;
    sk_xwdb *w = filled_index(path);
    sk_xwdb_free(w);
    /* Make it look as earlier versions wrote it. */
    snprintf(cmd, sizeof cmd, "cd '%s' && mv gen-1/* . && rmdir gen-1 && rm XAPIANDB writer.lock",
             path);
    assert_int_equal(system(cmd), 0);
    snprintf(other, sizeof other, "%s/notes.txt", path);
    tu_write(other, "keep me", 7);
    assert_true(exists(path, "iamglass"));

    sk_xdb *db = NULL;
    assert_int_equal(sk_xdb_open(&db, path, &err), SK_OK);
    assert_int_equal(reader_doccount(db), 3);
    assert_int_equal(sk_xwdb_open(&w, path, &err), SK_OK);
    assert_false(exists(path, "XAPIANDB")); /* opening alone moves nothing */
    unsigned long long bytes = 0, compacted = 1;
    assert_int_equal(sk_xwdb_size(&bytes, &compacted, w, &err), SK_OK);
    assert_true(bytes > 0);
    assert_int_equal(compacted, 0);
    const char *words[] = {"flyttet", NULL};
    add_doc(w, "Qm", words, "m");
    assert_int_equal(sk_xwdb_commit(w, &err), SK_OK);
    assert_int_equal(sk_xdb_reopen(db, &err), SK_OK);
    assert_int_equal(reader_doccount(db), 4);

    sk_xcompact_stats st;
    assert_int_equal(sk_xwdb_compact(&st, w, &err), SK_OK);
    assert_int_equal(st.generation, 1);
    assert_prefix(stub_text(path), "auto gen-1\n");
    assert_true(exists(path, "gen-1/iamglass"));
    assert_false(exists(path, "iamglass"));
    assert_false(exists(path, "postlist.glass"));
    assert_false(exists(path, "flintlock"));
    assert_true(exists(path, "notes.txt"));
    assert_int_equal(sk_xdb_reopen(db, &err), SK_OK);
    assert_int_equal(reader_doccount(db), 4);
    assert_int_not_equal(docid_of(db, "Qm"), 0);
    sk_xdb_free(db);
    sk_xwdb_free(w);
    assert_int_equal(sk_xdb_open(&db, path, &err), SK_OK);
    assert_int_equal(reader_doccount(db), 4);
    sk_xdb_free(db);
}

/* What a writer killed mid-compaction leaves is removed by the next one. */
static void xap__leftovers_are_removed(void **state)
{
    const fixture *fx = *state;
    const char *path = fx->path;
    char cmd[2048];
    sk_err err = SK_ERR_INIT;
    sk_xwdb *w = filled_index(path);
    assert_int_equal(sk_xwdb_compact(NULL, w, &err), SK_OK); /* now gen-2 */
    sk_xwdb_free(w);
    /* Killed while moving an old index (the stub written, its glass files
     * still in DIR), and while writing gen-3. */
    snprintf(cmd, sizeof cmd,
             "cd '%s' && cp -r gen-2 gen-3.tmp && cp -r gen-2 gen-1 && echo x > XAPIANDB.tmp && "
             "cp gen-2/* .",
             path);
    assert_int_equal(system(cmd), 0);
    /* Xapian looks for iamglass first: this reader reads the old glass files. */
    sk_xdb *db = NULL;
    assert_int_equal(sk_xdb_open(&db, path, &err), SK_OK);
    assert_int_equal(reader_doccount(db), 3);
    assert_int_equal(sk_xwdb_open(&w, path, &err), SK_OK);
    assert_false(exists(path, "gen-3.tmp"));
    assert_false(exists(path, "gen-1"));
    assert_false(exists(path, "XAPIANDB.tmp"));
    assert_false(exists(path, "iamglass"));
    assert_false(exists(path, "postlist.glass"));
    assert_true(exists(path, "gen-2/iamglass"));
    /* The stub did not change, but the reader's files went: it follows the stub. */
    const char *words[] = {"ny", NULL};
    add_doc(w, "Qn", words, "n");
    assert_int_equal(sk_xwdb_commit(w, &err), SK_OK);
    assert_int_equal(sk_xdb_reopen(db, &err), SK_OK);
    assert_int_equal(reader_doccount(db), 4);
    sk_xdb_free(db);
    sk_xwdb_free(w);
    assert_int_equal(sk_xdb_open(&db, path, &err), SK_OK);
    assert_int_equal(reader_doccount(db), 4);
    sk_xdb_free(db);
}

/* The directory lock keeps a second writer out across generations. */
static void xap__second_writer_is_elocked_across_compaction(void **state)
{
    const fixture *fx = *state;
    const char *path = fx->path;
    sk_err err = SK_ERR_INIT;
    sk_xwdb *w1 = filled_index(path), *w2 = NULL;
    assert_int_equal(sk_xwdb_compact(NULL, w1, &err), SK_OK);
    assert_int_equal(sk_xwdb_open(&w2, path, &err), SK_ELOCKED);
    assert_null(w2);
    assert_contains(err.msg, "locked by another writer"); /* writer.lock, not Xapian's */
    sk_xwdb_free(w1);
    sk_err_clear(&err);
    assert_int_equal(sk_xwdb_open(&w2, path, &err), SK_OK);
    sk_xwdb_free(w2);
}

/* A stub that is not ours is an error, and nothing in DIR is removed. */
static void xap__foreign_stub_is_ecorrupt(void **state)
{
    const fixture *fx = *state;
    const char *path = fx->path;
    char file[700];
    sk_err err = SK_ERR_INIT;
    assert_int_equal(mkdir(path, 0777), 0);
    snprintf(file, sizeof file, "%s/XAPIANDB", path);
    tu_write(file, "glass /srv/other\n", 17);
    snprintf(file, sizeof file, "%s/gen-5", path);
    assert_int_equal(mkdir(file, 0777), 0);
    sk_xwdb *w = NULL;
    assert_int_equal(sk_xwdb_open(&w, path, &err), SK_ECORRUPT);
    assert_null(w);
    assert_contains(err.msg, "not a saksok index");
    assert_true(exists(path, "gen-5"));
}

/* Readers in a loop (reopening one handle, opening new ones) while another
 * process compacts again and again: no read fails, and the readers see the
 * switches. */
static void xap__reads_never_fail_during_switches(void **state)
{
    const fixture *fx = *state;
    const char *path = fx->path;
    sk_err err = SK_ERR_INIT;
    sk_xwdb *w = filled_index(path);
    sk_xwdb_free(w);
    enum { ROUNDS = 40 };
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int bad = sk_xwdb_open(&w, path, &err) != SK_OK;
        for (int i = 0; i < ROUNDS && !bad; i++)
            bad = sk_xwdb_compact(NULL, w, &err) != SK_OK;
        sk_xwdb_free(w);
        _exit(bad);
    }
    sk_xdb *db = NULL;
    assert_int_equal(sk_xdb_open(&db, path, &err), SK_OK);
    size_t reads = 0, failed = 0, switches = 0;
    char last[512] = "";
    int st = 0;
    for (;;) {
        int done = waitpid(pid, &st, WNOHANG) == pid;
        sk_err e = SK_ERR_INIT;
        sk_xdb *fresh = NULL;
        size_t n = 0;
        if (sk_xdb_reopen(db, &e) != SK_OK || sk_xdb_doccount(&n, db, &e) != SK_OK || n != 3 ||
            docid_of(db, "Qd") != 4)
            failed++;
        if (sk_xdb_open(&fresh, path, &e) != SK_OK || sk_xdb_doccount(&n, fresh, &e) != SK_OK ||
            n != 3)
            failed++;
        sk_xdb_free(fresh);
        if (e.code != SK_OK)
            print_message("read failed: %s\n", e.msg);
        reads++;
        const char *stub = stub_text(path);
        if (strcmp(stub, last) != 0) {
            switches++;
            snprintf(last, sizeof last, "%s", stub);
        }
        if (done)
            break;
    }
    sk_xdb_free(db);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
    print_message("%zu reads, %zu switches seen\n", reads, switches);
    assert_int_equal(failed, 0);
    assert_true(reads >= 10);
    assert_true(switches >= 5);
    char want[32];
    snprintf(want, sizeof want, "auto gen-%d\n", 1 + ROUNDS);
    assert_prefix(stub_text(path), want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(xap__missing_database_is_enotfound, setup, teardown),
        cmocka_unit_test_setup_teardown(xap__corrupt_database_is_ecorrupt, setup, teardown),
        cmocka_unit_test_setup_teardown(xap__second_writer_is_elocked, setup, teardown),
        cmocka_unit_test_setup_teardown(xap__set_data_keeps_terms, setup, teardown),
        cmocka_unit_test_setup_teardown(xap__uncommitted_changes_are_discarded, setup, teardown),
        cmocka_unit_test_setup_teardown(xap__search_phrase_and_not, setup, teardown),
        cmocka_unit_test_setup_teardown(xap__facet_counts_are_exact, setup, teardown),
        cmocka_unit_test_setup_teardown(xap__collapse_one_hit_per_key, setup, teardown),
        cmocka_unit_test_setup_teardown(xap__hit_values_follow_their_hits, setup, teardown),
        cmocka_unit_test_setup_teardown(xap__tiers_are_strict, setup, teardown),
        cmocka_unit_test(xap__bad_terms_are_rejected),
        cmocka_unit_test_setup_teardown(xap__metadata_roundtrip, setup, teardown),
        cmocka_unit_test(xap__norwegian_stemmer),
        cmocka_unit_test_setup_teardown(xap__new_index_is_a_stub_and_a_generation, setup, teardown),
        cmocka_unit_test_setup_teardown(xap__compaction_keeps_everything, setup, teardown),
        cmocka_unit_test_setup_teardown(xap__reader_follows_the_switch, setup, teardown),
        cmocka_unit_test_setup_teardown(xap__reopen_sees_every_commit, setup, teardown),
        cmocka_unit_test_setup_teardown(xap__old_index_is_moved_by_compaction, setup, teardown),
        cmocka_unit_test_setup_teardown(xap__leftovers_are_removed, setup, teardown),
        cmocka_unit_test_setup_teardown(xap__second_writer_is_elocked_across_compaction, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(xap__foreign_stub_is_ecorrupt, setup, teardown),
        cmocka_unit_test_setup_teardown(xap__reads_never_fail_during_switches, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
