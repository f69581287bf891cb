/* test_lexicon.c: building and looking up the front-coded word list. */
#include "testutil.h"

#include "saksok/analysis/lexicon.h"
#include "saksok/base/buf.h"

/* A new temporary directory (the caller's to remove) with words (a word
 * list in ISO-8859-1, one a line) built into its lex.bin, whose path goes
 * into bin. */
static char *build_lexicon(char *bin, size_t bin_size, const sk_buf *words)
{
    char *dir = tu_tempdir();
    char list[512];
    tu_path(list, sizeof list, dir, "ord.txt");
    tu_path(bin, bin_size, dir, "lex.bin");
    tu_write(list, words->data, words->len);
    sk_err err = SK_ERR_INIT;
    const char *lists[] = {list};
    if (sk_lexicon_build(lists, 1, bin, &err) != SK_OK)
        fail_msg("cannot build the lexicon: %s", err.msg);
    return dir;
}

/* Only words of letters (and hyphens) go in, folded to lower case. */
static void lexicon__only_words_of_letters(void **state)
{
    (void)state;
    sk_buf words = SK_BUF_INIT;
    sk_err err = SK_ERR_INIT;
    for (int i = 0; i < 1000; i++)
        assert_int_equal(sk_buf_printf(&words, &err, "helse%03dtjeneste\n%s%d\n", i,
                                       i % 3 ? "st\xf8tte" : "l\xf8sning", i),
                         SK_OK);
    /* folded; too short or with digits are fine */
    assert_int_equal(sk_buf_puts(&words, "Akson\nHL7\n", &err), SK_OK);
    char bin[512];
    char *dir = build_lexicon(bin, sizeof bin, &words);
    sk_buf_release(&words);
    sk_lexicon *lex = NULL;
    assert_int_equal(sk_lexicon_open(&lex, bin, &err), SK_OK);
    /* Words with digits are left out ("helse001tjeneste", "støtte1"); "hl7" too. */
    assert_int_equal(sk_lexicon_size(lex), 1);
    assert_false(sk_lexicon_has(lex, "helse001tjeneste", 16));
    assert_true(sk_lexicon_has(lex, "akson", 5));
    assert_false(sk_lexicon_has(lex, "aksonx", 6));
    assert_false(sk_lexicon_has(lex, "akso", 4));
    assert_false(sk_lexicon_has(lex, "", 0));
    sk_lexicon_free(lex);
    tu_rmtree(dir);
    free(dir);
}

/* Words with letters only: each found, and a word between two neighbours not. */
static void lexicon__front_coded_blocks(void **state)
{
    (void)state;
    sk_buf words = SK_BUF_INIT;
    sk_err err = SK_ERR_INIT;
    /* 26*26*3 words sharing long prefixes: aa..zz + suffixes, and æøå forms. */
    for (char a = 'a'; a <= 'z'; a++)
        for (char b = 'a'; b <= 'z'; b++)
            assert_int_equal(sk_buf_printf(&words, &err,
                                           "journal%c%cl\xf8sning\njournal%c%c\nJOURNAL%c%cER\n", a,
                                           b, a, b, a, b),
                             SK_OK);
    char bin[512];
    char *dir = build_lexicon(bin, sizeof bin, &words);
    sk_buf_release(&words);
    sk_lexicon *lex = NULL;
    assert_int_equal(sk_lexicon_open(&lex, bin, &err), SK_OK);
    assert_int_equal(sk_lexicon_size(lex), 26 * 26 * 3);
    char w[64];
    for (char a = 'a'; a <= 'z'; a++)
        for (char b = 'a'; b <= 'z'; b++) {
            snprintf(w, sizeof w, "journal%c%cløsning", a, b);
            if (!sk_lexicon_has(lex, w, strlen(w)))
                fail_msg("'%s' not found", w);
            snprintf(w, sizeof w, "journal%c%cer", a, b);
            assert_true(sk_lexicon_has(lex, w, strlen(w)));
            snprintf(w, sizeof w, "journal%c%c", a, b);
            assert_true(sk_lexicon_has(lex, w, strlen(w)));
            snprintf(w, sizeof w, "journal%c%ca", a, b);
            assert_false(sk_lexicon_has(lex, w, strlen(w)));
        }
    assert_false(sk_lexicon_has(lex, "aaa", 3));
    assert_false(sk_lexicon_has(lex, "zzzzzzzzzzzz", 12));
    sk_lexicon_free(lex);
    tu_rmtree(dir);
    free(dir);
}

static void lexicon__built_lexicon_knows_norwegian(void **state)
{
    (void)state;
    sk_err err = SK_ERR_INIT;
    sk_lexicon *lex = NULL;
    assert_int_equal(sk_lexicon_open(&lex, sk_lexicon_default_path(), &err), SK_OK);
    assert_true(sk_lexicon_size(lex) > 500000);
    static const char *const words[] = {
        "støtte",    "aktører", "løsninger", "målområder", "informasjonssikkerhet",
        "sikkerhet", "journal", "være",      "følges",     "økt"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (!sk_lexicon_has(lex, words[i], strlen(words[i])))
            fail_msg("'%s' not in the lexicon", words[i]);
    assert_false(sk_lexicon_has(lex, "stgtte", 6));
    assert_false(sk_lexicon_has(lex, "aktgrer", 7));
    sk_lexicon_free(lex);
    /* Not a lexicon: a clear error. */
    assert_int_equal(sk_lexicon_open(&lex, "/etc/hostname", &err), SK_ECORRUPT);
}

/* A damaged file: a cut one does not open; offsets past the ends (written
 * over in the index) find nothing and read nothing outside the file. */
static void lexicon__damaged_file_is_refused_or_finds_nothing(void **state)
{
    (void)state;
    sk_buf words = SK_BUF_INIT;
    sk_err err = SK_ERR_INIT;
    for (char a = 'a'; a <= 'z'; a++)
        for (char b = 'a'; b <= 'z'; b++)
            assert_int_equal(sk_buf_printf(&words, &err, "sak%c%c\n", a, b), SK_OK);
    char bin[512];
    char *dir = build_lexicon(bin, sizeof bin, &words);
    sk_buf_release(&words);
    FILE *in = fopen(bin, "rb");
    assert_non_null(in);
    unsigned char whole[65536];
    size_t n = fread(whole, 1, sizeof whole, in);
    fclose(in);
    assert_true(n > 19 + 22 * 8 && n < sizeof whole);
    sk_lexicon *lex = NULL;
    assert_int_equal(sk_lexicon_open(&lex, bin, &err), SK_OK);
    assert_true(sk_lexicon_has(lex, "sakeb", 5));
    assert_true(sk_lexicon_has(lex, "sakfa", 5));
    sk_lexicon_free(lex);
    /* a lexicon of the format before (SKLEX2): named as such */
    tu_write(bin, "SKLEX2\n\0\0\0\0\0\0\0\0", 15);
    assert_int_equal(sk_lexicon_open(&lex, bin, &err), SK_ECORRUPT);
    assert_non_null(strstr(err.msg, "format 2, this saksok reads format 3"));
    /* cut: in the header, in the index, in the heads */
    const size_t cuts[] = {10, 19 + 5 * 8, 19 + 22 * 8 + 3};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        tu_write(bin, whole, cuts[i]);
        assert_int_equal(sk_lexicon_open(&lex, bin, &err), SK_ECORRUPT);
        assert_null(lex);
    }
    /* 676 words, 22 blocks: block 3's head offset and block 4's rest offset
     * point far past the ends */
    memset(whole + 19 + 3 * 8, 0xff, 4);
    memset(whole + 19 + 4 * 8 + 4, 0xff, 4);
    tu_write(bin, whole, n);
    assert_int_equal(sk_lexicon_open(&lex, bin, &err), SK_OK);
    assert_true(sk_lexicon_has(lex, "sakaa", 5));
    assert_true(sk_lexicon_has(lex, "sakzz", 5));
    assert_false(sk_lexicon_has(lex, "sakeb", 5)); /* word 105, in block 3 */
    assert_false(sk_lexicon_has(lex, "sakfa", 5)); /* word 130, in block 4 past its head */
    sk_lexicon_free(lex);
    tu_rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lexicon__only_words_of_letters),
        cmocka_unit_test(lexicon__front_coded_blocks),
        cmocka_unit_test(lexicon__built_lexicon_knows_norwegian),
        cmocka_unit_test(lexicon__damaged_file_is_refused_or_finds_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
