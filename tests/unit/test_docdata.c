/* test_docdata.c: a document's stored data: metadata, NUL, text, compressed. */
#include "testutil.h"

#include "saksok/store/docdata.h"

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
    assert_int_equal(
        sk_docdata_pack(out, packer, NULL, meta, strlen(meta), text, strlen(text), &err), SK_OK);
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
    assert_int_equal(sk_docdata_pack(&data, packer, NULL, "a\0b", 3, "x", 1, &err), SK_EINVAL);
    sk_buf_release(&data);
}

/* Samples like sections of papers: a council's wording, different cases. */
static void make_samples(sk_buf *samples, size_t **sizes, size_t *n, int first, int count)
{
    sk_err err = SK_ERR_INIT;
    static const char *const topics[] = {"kjernejournal",
                                         "e-resept",
                                         "helsenettet",
                                         "legemiddelprogrammet",
                                         "pasientens legemiddelliste",
                                         "helseanalyseplattformen",
                                         "digitale innbyggertjenester"};
    *sizes = calloc((size_t)count, sizeof **sizes);
    assert_non_null(*sizes);
    *n = 0;
    for (int i = first; i < first + count; i++) {
        size_t before = samples->len;
        assert_int_equal(sk_buf_printf(samples, &err,
                                       "{\"file\":\"nuit/2021/sak-%d-21.html\",\"format\":\"html\","
                                       "\"body\":\"NUIT\",\"case\":\"%d/21\",\"role\":\"case\"}",
                                       i, i),
                         SK_OK);
        assert_int_equal(sk_buf_putc(samples, '\0', &err), SK_OK);
        for (int k = 0; k < 6; k++)
            assert_int_equal(
                sk_buf_printf(samples, &err,
                              "Sak %d/21 %s. Bakgrunn for saken: Direktoratet for e-helse legger "
                              "fram status for arbeidet med %s i helse- og omsorgssektoren. "
                              "Forslag til vedtak: NUIT tar saken til orientering og ber om at "
                              "%s prioriteres i den nasjonale e-helseporteføljen. ",
                              i, topics[(i + k) % 7], topics[(i * 3 + k) % 7],
                              topics[(i + 2 * k) % 7]),
                SK_OK);
        (*sizes)[(*n)++] = samples->len - before;
    }
}

/* A dictionary trained on some papers packs other papers smaller than no
 * dictionary does; a reader gets it from the index it is bound to, and
 * reads the frames packed without one as before. */
static void docdata__dictionary_from_the_index(void **state)
{
    (void)state;
    sk_err err = SK_ERR_INIT;
    sk_buf samples = SK_BUF_INIT;
    size_t *sizes, n;
    make_samples(&samples, &sizes, &n, 1, 200);
    sk_docdata_dict *dict = NULL;
    assert_int_equal(sk_docdata_dict_train(&dict, samples.data, sizes, n, &err), SK_OK);
    assert_non_null(dict);
    assert_true(sk_docdata_dict_id(dict) != 0);

    /* Another paper's section, packed with and without it. */
    sk_buf other = SK_BUF_INIT;
    size_t *osizes, on;
    make_samples(&other, &osizes, &on, 301, 1);
    const char *meta = other.data, *text = other.data + strlen(other.data) + 1;
    sk_buf with = SK_BUF_INIT, without = SK_BUF_INIT;
    assert_int_equal(
        sk_docdata_pack(&with, packer, dict, meta, strlen(meta), text, strlen(text), &err), SK_OK);
    pack(&without, meta, text);
    assert_true(with.len * 10 < without.len * 8); /* at least a fifth smaller */

    /* Not bound to an index: the frame names a dictionary it cannot get. */
    const char *m, *t;
    sk_docdata_reader_bind(reader, NULL);
    assert_int_equal(read_back(with.data, with.len, &m, &t, &err), SK_ECORRUPT);
    assert_non_null(strstr(err.msg, "dictionary"));

    /* Bound to an index that holds it (as the indexer stores it). */
    char *dir = tu_tempdir(), path[4096];
    tu_path(path, sizeof path, dir, "db");
    sk_xwdb *w = NULL;
    assert_int_equal(sk_xwdb_open(&w, path, &err), SK_OK);
    size_t len;
    const char *bytes = sk_docdata_dict_bytes(dict, &len);
    assert_int_equal(sk_xwdb_set_metadata_bytes(w, SK_DOCDATA_DICT_KEY, bytes, len, &err), SK_OK);
    assert_int_equal(sk_xwdb_commit(w, &err), SK_OK);
    sk_xwdb_free(w);
    sk_xdb *db = NULL;
    assert_int_equal(sk_xdb_open(&db, path, &err), SK_OK);
    sk_docdata_reader_bind(reader, db);
    for (int round = 0; round < 2; round++) { /* the second from the reader's own copy */
        assert_int_equal(read_back(with.data, with.len, &m, &t, &err), SK_OK);
        assert_string_equal(m, meta);
        assert_string_equal(t, text);
        assert_int_equal(read_back(without.data, without.len, &m, &t, &err), SK_OK);
        assert_string_equal(t, text);
    }

    /* The stored bytes make the same dictionary; damaged bytes are no dictionary. */
    sk_docdata_dict *again = NULL;
    assert_int_equal(sk_docdata_dict_load(&again, bytes, len, &err), SK_OK);
    assert_int_equal(sk_docdata_dict_id(again), sk_docdata_dict_id(dict));
    sk_docdata_dict_free(again);
    assert_int_equal(sk_docdata_dict_load(&again, "not a dictionary", 16, &err), SK_ECORRUPT);
    assert_null(again);

    sk_docdata_reader_bind(reader, NULL);
    sk_xdb_free(db);
    tu_rmtree(dir);
    free(dir);
    sk_docdata_dict_free(dict);
    sk_buf_release(&with);
    sk_buf_release(&without);
    sk_buf_release(&other);
    sk_buf_release(&samples);
    free(sizes);
    free(osizes);
}

/* Too little to learn from trains nothing (and is no error). */
static void docdata__too_little_to_train(void **state)
{
    (void)state;
    sk_err err = SK_ERR_INIT;
    sk_buf samples = SK_BUF_INIT;
    size_t *sizes, n;
    make_samples(&samples, &sizes, &n, 1, 3);
    sk_docdata_dict *dict = (sk_docdata_dict *)1;
    assert_int_equal(sk_docdata_dict_train(&dict, samples.data, sizes, n, &err), SK_OK);
    assert_null(dict);
    assert_int_equal(sk_docdata_dict_train(&dict, NULL, NULL, 0, &err), SK_OK);
    assert_null(dict);
    sk_buf_release(&samples);
    free(sizes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(docdata__roundtrip),
        cmocka_unit_test(docdata__plain_data_from_before),
        cmocka_unit_test(docdata__damage_is_reported),
        cmocka_unit_test(docdata__dictionary_from_the_index),
        cmocka_unit_test(docdata__too_little_to_train),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
