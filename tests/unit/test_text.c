/* test_text.c: UTF-8, folding, hashing and escaping (text.h). */
#include "testutil.h"

#include "saksok/base/text.h"

/* Well-formed UTF-8, and the same text with U+FFFD for each stray byte. */
static void text__utf8_valid_and_repaired(void **state)
{
    (void)state;
    static const struct {
        const char *in, *repaired;
    } cases[] = {
        {"vedtak", "vedtak"},
        {"bærekraft – ø \xf0\x9f\x98\x80", "bærekraft – ø \xf0\x9f\x98\x80"},
        {"a\377b", "a\357\277\275b"},
        {"\xc3\x28", "\xEF\xBF\xBD("},                              /* a lead byte alone */
        {"x\xed\xa0\x80", "x\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"}, /* a surrogate */
        {"\xc0\xaf", "\xEF\xBF\xBD\xEF\xBF\xBD"},                   /* overlong '/' */
        {"slutt \xc3", "slutt \xEF\xBF\xBD"},                       /* cut short */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *in = cases[i].in;
        sk_buf out = SK_BUF_INIT;
        sk_err err = SK_ERR_INIT;
        assert_int_equal(sk_utf8_repair(&out, in, strlen(in), &err), SK_OK);
        assert_string_equal(out.data, cases[i].repaired);
        assert_int_equal(sk_utf8_valid(in, strlen(in)), strcmp(in, cases[i].repaired) == 0);
        assert_true(sk_utf8_valid(out.data, out.len));
        sk_buf_release(&out);
    }
}

/* A NUL byte is kept by sk_utf8_repair(), replaced by sk_utf8_repair_nul(). */
static void text__nul_kept_or_replaced(void **state)
{
    (void)state;
    sk_buf keep = SK_BUF_INIT, repl = SK_BUF_INIT;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_utf8_repair(&keep, "a\0b\377", 4, &err), SK_OK);
    assert_int_equal(sk_utf8_repair_nul(&repl, "a\0b\377", 4, &err), SK_OK);
    assert_int_equal(keep.len, 6);
    assert_memory_equal(keep.data, "a\0b\xEF\xBF\xBD", 6);
    assert_string_equal(repl.data, "a\xEF\xBF\xBD"
                                   "b\xEF\xBF\xBD");
    assert_true(sk_utf8_valid("a\0b", 3));
    sk_buf_release(&keep);
    sk_buf_release(&repl);
}

/* The sequence lengths at the edges of each form (RFC 3629's table). */
static void text__utf8_seq_edges(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t n, want;
    } cases[] = {
        {"\x7f", 1, 1},
        {"\x80", 1, 0},
        {"\xc1\xbf", 2, 0},
        {"\xc2\x80", 2, 2},
        {"\xc2\x80", 1, 0},
        {"\xdf\xbf", 2, 2},
        {"\xe0\x9f\xbf", 3, 0},
        {"\xe0\xa0\x80", 3, 3},
        {"\xed\x9f\xbf", 3, 3},
        {"\xed\xa0\x80", 3, 0},
        {"\xef\xbf\xbf", 3, 3},
        {"\xef\xbf\xbf", 2, 0},
        {"\xf0\x8f\xbf\xbf", 4, 0},
        {"\xf0\x90\x80\x80", 4, 4},
        {"\xf4\x8f\xbf\xbf", 4, 4},
        {"\xf4\x90\x80\x80", 4, 0},
        {"\xf5\x80\x80\x80", 4, 0},
        {"\xe2\x80\x28", 3, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(sk_utf8_seq(cases[i].s, cases[i].n), cases[i].want);
}

static void text__fold_table(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"Vedtak", "vedtak"},
        {"BÆREKRAFT", "bærekraft"},
        {"ØÅÉÄÖÜ", "øåéäöü"},
        {"Straße", "strasse"},
        {"\xef\xac\x81nans", "finans"},    /* the ligature ﬁ */
        {"e\xe2\x80\x91helse", "e-helse"}, /* U+2011 */
        {"A\xcc\x8a", "å"},                /* A and a combining ring */
        {"so\xc2\xadsial", "sosial"},      /* a soft hyphen is ignored */
        {"13/21", "13/21"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[64];
        sk_err err = SK_ERR_INIT;
        int n = sk_text_fold(out, sizeof out, cases[i].in, strlen(cases[i].in), &err);
        assert_int_equal(n, (int)strlen(cases[i].want));
        assert_string_equal(out, cases[i].want);
    }
    char small[4];
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_text_fold(small, sizeof small, "Straße", 7, &err), SK_ELIMIT);
    sk_err e2 = SK_ERR_INIT;
    assert_int_equal(sk_text_fold(small, sizeof small, "\xff", 1, &e2), SK_EINVAL);
}

/* The byte-level fold lowers ASCII and Latin-1 capitals, and nothing else. */
static void text__latin1_fold_at(void **state)
{
    (void)state;
    const char *up = "ÆØÅ×Z[", *low = "æøå×z[";
    for (size_t i = 0; i < strlen(up); i++)
        assert_int_equal(sk_latin1_fold_at(up, i), (unsigned char)low[i]);
    assert_int_equal(sk_latin1_fold_at("\x86", 0), 0x86);     /* no lead byte before it */
    assert_int_equal(sk_latin1_fold_at("\xc4\x86", 1), 0x86); /* Ć: not Latin-1 */
}

/* FNV-1a from saksok's own offset basis (text.h), whole and in pieces: the
 * index stores these values, so they must never change. */
static void text__hash64_values_stay(void **state)
{
    (void)state;
    assert_true(sk_hash64("", 0) == 0x14650fb0739d0383ULL);
    assert_true(sk_hash64("a", 1) == 0x44bd8ad473cd9906ULL);
    assert_true(sk_hash64("foobar", 6) == 0x88fad7c0a8ff07f2ULL);
    assert_true(sk_hash64_add(sk_hash64("foo", 3), "bar", 3) == sk_hash64("foobar", 6));
}

static unsigned long long xxh64_pieces(const unsigned char *data, size_t len, size_t piece)
{
    sk_xxh64 h;
    sk_xxh64_init(&h);
    for (size_t at = 0; at < len; at += piece)
        sk_xxh64_add(&h, data + at, len - at < piece ? len - at : piece);
    return sk_xxh64_end(&h);
}

/* XXH64 with seed 0: the values `xxhsum -H64` prints, whatever pieces the
 * bytes come in (every tail: 0-31 bytes past the stripes, 8-, 4- and 1-byte
 * steps). The index stores them, so they must never change. */
static void text__xxh64_published_values_in_any_pieces(void **state)
{
    (void)state;
    static const char sak[] = "Sak 12/21 Forslag til vedtak: Utvalget tar saken til orientering.";
    unsigned char pattern[1000];
    for (size_t i = 0; i < sizeof pattern; i++)
        pattern[i] = (unsigned char)(i * 7 + 3);
    static const size_t pieces[] = {1, 3, 8, 31, 32, 33, 64, 1000};
    for (size_t k = 0; k < sizeof pieces / sizeof pieces[0]; k++) {
        assert_true(xxh64_pieces((const unsigned char *)"", 0, pieces[k]) == 0xef46db3751d8e999ULL);
        assert_true(xxh64_pieces((const unsigned char *)"abc", 3, pieces[k]) ==
                    0x44bc2cf5ad770999ULL);
        assert_true(xxh64_pieces((const unsigned char *)sak, 65, pieces[k]) ==
                    0xfa517487a182e4a3ULL);
        assert_true(xxh64_pieces(pattern, sizeof pattern, pieces[k]) == 0x5f235fa033f1a3fbULL);
    }
    /* Every length up to three stripes: one piece or byte by byte, the same. */
    for (size_t len = 0; len <= 96; len++)
        assert_true(xxh64_pieces(pattern, len, len ? len : 1) == xxh64_pieces(pattern, len, 1));
}

static void text__html_escape_and_str(void **state)
{
    (void)state;
    sk_buf b = SK_BUF_INIT;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_html_escape(&b, "<a href=\"x\">'&'</a>", 20, &err), SK_OK);
    assert_string_equal(b.data, "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    sk_buf_release(&b);
    sk_str none = sk_str_of(""), some = sk_str_of("sak");
    assert_null(none.s);
    assert_null(sk_str_dup(none));
    char *d = sk_str_dup((sk_str){"sak 13/21", 3});
    assert_string_equal(d, "sak");
    free(d);
    assert_int_equal(some.len, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text__utf8_valid_and_repaired),
        cmocka_unit_test(text__nul_kept_or_replaced),
        cmocka_unit_test(text__utf8_seq_edges),
        cmocka_unit_test(text__fold_table),
        cmocka_unit_test(text__latin1_fold_at),
        cmocka_unit_test(text__hash64_values_stay),
        cmocka_unit_test(text__xxh64_published_values_in_any_pieces),
        cmocka_unit_test(text__html_escape_and_str),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
