/* test_view.c: what a reader's handle shows of restricted documents (the
 * shim's view filter), through every reading call, and rewriting a
 * document's access terms. */
#include "testutil.h"

#include "saksok/store/terms.h"
#include "saksok/store/xap.h"

/* A document with idterm, words (with positions) and boolean terms. */
static void add_doc(sk_xwdb *w, const char *idterm, const char *const *words,
                    const char *const *terms)
{
    sk_err err = SK_ERR_INIT;
    sk_xdoc *d = NULL;
    assert_int_equal(sk_xdoc_new(&d, &err), SK_OK);
    for (uint32_t i = 0; words[i]; i++)
        assert_int_equal(sk_xdoc_add_posting(d, words[i], strlen(words[i]), i + 1, 1, &err), SK_OK);
    for (size_t i = 0; terms && terms[i]; i++)
        assert_int_equal(sk_xdoc_add_term(d, terms[i], strlen(terms[i]), 0, &err), SK_OK);
    assert_int_equal(sk_xdoc_add_term(d, idterm, strlen(idterm), 0, &err), SK_OK);
    assert_int_equal(sk_xdoc_set_data(d, idterm, strlen(idterm), &err), SK_OK);
    assert_int_equal(sk_xwdb_replace(w, idterm, d, &err), SK_OK);
    sk_xdoc_free(d);
}

typedef struct fixture {
    char *dir;
    char path[512];
    char taught[64];
} fixture;

/* Qpub public; Qsty restricted to styret, and it taught "abc" -> "alfa
 * beta"; Qper restricted to personal and styret2. */
static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->dir = tu_tempdir();
    tu_path(f->path, sizeof f->path, f->dir, "db");
    sk_err err = SK_ERR_INIT;
    sk_xwdb *w = NULL;
    assert_int_equal(sk_xwdb_open(&w, f->path, &err), SK_OK);
    sk_term_taught(f->taught, sizeof f->taught, "abc", "alfa beta");
    const char *pub[] = {"felles", "vedtak", NULL};
    const char *sty[] = {"felles", "hemmelig", NULL};
    const char *per[] = {"felles", "personalsak", NULL};
    const char *sty_terms[] = {SK_TERM_RESTRICTED, SK_PREFIX_GROUP "styret", f->taught, "XC13/21",
                               NULL};
    const char *per_terms[] = {SK_TERM_RESTRICTED, SK_PREFIX_GROUP "personal",
                               SK_PREFIX_GROUP "styret2", NULL};
    const char *pub_terms[] = {"XC12/21", NULL};
    add_doc(w, "Qpub", pub, pub_terms);
    add_doc(w, "Qsty", sty, sty_terms);
    add_doc(w, "Qper", per, per_terms);
    assert_int_equal(sk_xwdb_add_spelling(w, "hemmelig", 8, 1, &err), SK_OK);
    assert_int_equal(sk_xwdb_add_spelling(w, "vedtak", 6, 1, &err), SK_OK);
    assert_int_equal(sk_xwdb_add_synonym(w, "abc", "alfa beta", &err), SK_OK);
    assert_int_equal(sk_xwdb_add_synonym(w, "nuit", "nasjonalt utvalg", &err), SK_OK);
    char mark[64];
    sk_meta_syn_fixed(mark, sizeof mark, "nuit", "nasjonalt utvalg");
    assert_int_equal(sk_xwdb_set_metadata(w, mark, "1", &err), SK_OK);
    assert_int_equal(sk_xwdb_commit(w, &err), SK_OK);
    sk_xwdb_free(w);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    tu_rmtree(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

static size_t total(sk_xdb *db, const char *word)
{
    sk_xmset *m = tu_term_matches(db, word);
    size_t n = sk_xmset_total(m);
    assert_int_equal(sk_xmset_size(m), n);
    sk_xmset_free(m);
    return n;
}

static size_t freq(sk_xdb *db, const char *term)
{
    size_t n = 99;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_xdb_termfreq(&n, db, term, &err), SK_OK);
    return n;
}

static int count_syn(const char *value, void *payload)
{
    (void)value;
    (*(int *)payload)++;
    return 0;
}

static int synonyms(sk_xdb *db, const char *key)
{
    int n = 0;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_xdb_synonyms(db, key, count_syn, &n, &err), SK_OK);
    return n;
}

static char *spelling(sk_xdb *db, const char *word)
{
    char *s = NULL;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_xdb_spelling(&s, db, word, 2, &err), SK_OK);
    return s;
}

/* What a view of groups shows, through each call, against what it must. */
static void expect(sk_xdb *db, size_t docs, int sty, int per)
{
    sk_err err = SK_ERR_INIT;
    size_t n = 0;
    assert_int_equal(sk_xdb_doccount(&n, db, &err), SK_OK);
    assert_int_equal(n, docs);
    assert_int_equal(total(db, "felles"), docs);
    assert_int_equal(total(db, "hemmelig"), (size_t)sty);
    assert_int_equal(total(db, "personalsak"), (size_t)per);
    assert_int_equal(freq(db, "felles"), docs);
    assert_int_equal(freq(db, "hemmelig"), (size_t)sty);
    assert_int_equal(sk_xdb_count_terms(&n, db, "XC", &err), SK_OK);
    assert_int_equal(n, 1 + (size_t)sty); /* XC12/21, and XC13/21 of the styret paper */
    assert_int_equal(synonyms(db, "abc"), sty);
    assert_int_equal(synonyms(db, "nuit"), 1); /* synonyms.tsv's: everyone */
    char *s = spelling(db, "hemelig");
    if (sty)
        assert_string_equal(s, "hemmelig");
    else
        assert_null(s);
    free(s);
    int hides = -1;
    assert_int_equal(sk_xdb_view_hides(&hides, db, &err), SK_OK);
    assert_int_equal(hides, !(sty && per));
    assert_true(sk_xdb_view_sees(db, NULL));
    assert_int_equal(sk_xdb_view_sees(db, "styret"), sty);
    assert_int_equal(sk_xdb_view_sees(db, "personal,styret2"), per);
}

static void view__each_call_shows_only_what_the_view_may_see(void **state)
{
    fixture *f = *state;
    sk_xdb *db = NULL;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_xdb_open(&db, f->path, &err), SK_OK);
    expect(db, 1, 0, 0); /* just opened: public only */
    const char *styret[] = {"styret"}, *both[] = {"styret2", "styret"}, *other[] = {"styre"};
    assert_int_equal(sk_xdb_set_view(db, styret, 1, &err), SK_OK);
    expect(db, 2, 1, 0);
    assert_int_equal(sk_xdb_set_view(db, both, 2, &err), SK_OK);
    expect(db, 3, 1, 1);
    assert_int_equal(sk_xdb_set_view(db, other, 1, &err), SK_OK);
    expect(db, 1, 0, 0);
    sk_xdb_set_view_all(db);
    expect(db, 3, 1, 1);
    assert_int_equal(sk_xdb_set_view(db, NULL, 0, &err), SK_OK);
    expect(db, 1, 0, 0);
    sk_xdb_free(db);
}

static void view__retag_changes_who_sees_a_document(void **state)
{
    fixture *f = *state;
    sk_err err = SK_ERR_INIT;
    sk_xwdb *w = NULL;
    assert_int_equal(sk_xwdb_open(&w, f->path, &err), SK_OK);
    size_t changed = 9;
    /* The styret paper becomes public; the personal one is styret's now. */
    assert_int_equal(sk_xwdb_retag(w, "Qsty", SK_PREFIX_ACCESS, NULL, 0, &changed, &err), SK_OK);
    assert_int_equal(changed, 1);
    const char *to_styret[] = {SK_TERM_RESTRICTED, SK_PREFIX_GROUP "styret"};
    assert_int_equal(sk_xwdb_retag(w, "Qper", SK_PREFIX_ACCESS, to_styret, 2, &changed, &err),
                     SK_OK);
    assert_int_equal(changed, 1);
    assert_int_equal(sk_xwdb_retag(w, "Qper", SK_PREFIX_ACCESS, to_styret, 2, &changed, &err),
                     SK_OK);
    assert_int_equal(changed, 0); /* already so: not rewritten */
    assert_int_equal(sk_xwdb_commit(w, &err), SK_OK);
    sk_xwdb_free(w);

    sk_xdb *db = NULL;
    assert_int_equal(sk_xdb_open(&db, f->path, &err), SK_OK);
    assert_int_equal(total(db, "hemmelig"), 1);
    assert_int_equal(total(db, "personalsak"), 0);
    assert_int_equal(freq(db, f->taught), 1); /* the other terms stayed */
    assert_int_equal(freq(db, "XC13/21"), 1);
    const char *styret[] = {"styret"};
    assert_int_equal(sk_xdb_set_view(db, styret, 1, &err), SK_OK);
    assert_int_equal(total(db, "personalsak"), 1);
    sk_xdb_free(db);
}

static void view__a_view_of_everything_is_offered_restricted_words(void **state)
{
    fixture *f = *state;
    sk_err err = SK_ERR_INIT;
    sk_xwdb *w = NULL;
    assert_int_equal(sk_xwdb_open(&w, f->path, &err), SK_OK);
    assert_int_equal(sk_xwdb_keep_all_spelling(w, &err), SK_OK); /* seeded: hemmelig, vedtak */
    assert_int_equal(sk_xwdb_add_spelling_restricted(w, "personalsak", 11, 1, &err), SK_OK);
    assert_int_equal(sk_xwdb_add_spelling(w, "felles", 6, 1, &err), SK_OK);
    assert_int_equal(sk_xwdb_commit(w, &err), SK_OK);
    sk_xwdb_free(w);
    sk_xdb *db = NULL;
    assert_int_equal(sk_xdb_open(&db, f->path, &err), SK_OK);
    char *s = spelling(db, "personalsk"); /* the index's own table has no such word */
    assert_null(s);
    const char *all[] = {"personal", "styret"};
    assert_int_equal(sk_xdb_set_view(db, all, 2, &err), SK_OK);
    s = spelling(db, "personalsk"); /* every document shown: DIR/spelling-all's word */
    assert_string_equal(s, "personalsak");
    free(s);
    s = spelling(db, "hemelig"); /* and what it was seeded with */
    assert_string_equal(s, "hemmelig");
    free(s);
    const char *part[] = {"styret"};
    assert_int_equal(sk_xdb_set_view(db, part, 1, &err), SK_OK);
    assert_null(spelling(db, "personalsk"));
    s = spelling(db, "felle");
    assert_string_equal(s, "felles");
    free(s);
    sk_xdb_free(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(view__each_call_shows_only_what_the_view_may_see, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(view__retag_changes_who_sees_a_document, setup, teardown),
        cmocka_unit_test_setup_teardown(view__a_view_of_everything_is_offered_restricted_words,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
