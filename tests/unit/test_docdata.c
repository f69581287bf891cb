/* test_docdata.c: a document's stored data: metadata, NUL, text, compressed. */
#include "testutil.h"

#include "saksok/docdata.h"

static sk_docdata_packer *packer;
static sk_docdata_reader *reader;

static int setup(void **state)
{
    (void)state;
    sk_err err = SK_ERR_INIT;
    if (sk_docdata_packer_new(&packer, &err) != SK_OK)
        return -1;
    return sk_docdata_reader_new(&reader, &err);
}

static int teardown(void **state)
{
    (void)state;
    sk_docdata_packer_free(packer);
    sk_docdata_reader_free(reader);
    return 0;
}

static void pack(sk_buf *out, const char *meta, const char *text)
{
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_docdata_pack(packer, out, meta, strlen(meta), text, strlen(text), &err),
                     SK_OK);
}

static int read_back(const char *data, size_t len, const char **meta, const char **text,
                     sk_err *err)
{
    size_t ml, tl;
    int rc = sk_docdata_read(reader, data, len, meta, &ml, text, &tl, err);
    if (rc == SK_OK) {
        assert_int_equal(ml, strlen(*meta));
        assert_int_equal(tl, strlen(*text));
    }
    return rc;
}

/* What goes in comes out, smaller than it went in when it is long and
 * repetitive like papers are; the same reader serves one data after another. */
static void docdata__roundtrip(void **state)
{
    (void)state;
    sk_buf text = SK_BUF_INIT;
    sk_err err = SK_ERR_INIT;
    for (int i = 0; i < 200; i++)
        assert_int_equal(
            sk_buf_printf(&text, &err, "Sak %d/21 Nasjonal e-helseportefølje – status. ", i),
            SK_OK);
    const char *meta = "{\"file\":\"a/b.pdf\",\"role\":\"case\"}";
    sk_buf data = SK_BUF_INIT;
    pack(&data, meta, text.data);
    assert_true(data.len < text.len / 4);
    const char *m, *t;
    assert_int_equal(read_back(data.data, data.len, &m, &t, &err), SK_OK);
    assert_string_equal(m, meta);
    assert_string_equal(t, text.data);
    pack(&data, "{}", ""); /* replaces what data held */
    assert_int_equal(read_back(data.data, data.len, &m, &t, &err), SK_OK);
    assert_string_equal(m, "{}");
    assert_string_equal(t, "");
    sk_buf_release(&data);
    sk_buf_release(&text);
}

/* An index written before stored the bytes as they are: they read the same. */
static void docdata__plain_data_from_before(void **state)
{
    (void)state;
    static const char data[] = "{\"file\":\"x.html\"}\0Vedtak: NUIT tar saken til orientering.";
    const char *m, *t;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(read_back(data, sizeof data - 1, &m, &t, &err), SK_OK);
    assert_string_equal(m, "{\"file\":\"x.html\"}");
    assert_string_equal(t, "Vedtak: NUIT tar saken til orientering.");
    /* No NUL at all: metadata only, no text. */
    assert_int_equal(read_back("{}", 2, &m, &t, &err), SK_OK);
    assert_string_equal(m, "{}");
    assert_string_equal(t, "");
}

/* A damaged frame is SK_ECORRUPT, never a crash or garbage; a NUL in the
 * metadata is refused when writing. */
static void docdata__damage_is_reported(void **state)
{
    (void)state;
    sk_buf data = SK_BUF_INIT;
    pack(&data, "{\"file\":\"a.pdf\"}",
         "Helsedataservice skal etableres i 2021, og tjenestene skal utvikles videre.");
    const char *m, *t;
    for (size_t cut = data.len - 1; cut >= 4; cut--) { /* truncated after the magic number */
        sk_err e = SK_ERR_INIT;
        assert_int_equal(read_back(data.data, cut, &m, &t, &e), SK_ECORRUPT);
        assert_non_null(strstr(e.msg, "damaged"));
    }
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_docdata_pack(packer, &data, "a\0b", 3, "x", 1, &err), SK_EINVAL);
    sk_buf_release(&data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(docdata__roundtrip),
        cmocka_unit_test(docdata__plain_data_from_before),
        cmocka_unit_test(docdata__damage_is_reported),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
