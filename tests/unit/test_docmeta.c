/* test_docmeta.c: a section's metadata record: written, read back, old JSON, damage. */
#include "testutil.h"

#include "saksok/store/docmeta.h"

static int str_is(sk_str s, const char *want)
{
    if (want == NULL)
        return s.s == NULL;
    return s.s && s.len == strlen(want) && memcmp(s.s, want, s.len) == 0;
}

static void encode(const sk_docmeta *m, sk_buf *out)
{
    sk_err err = SK_ERR_INIT;
    sk_buf_reset(out);
    assert_int_equal(sk_docmeta_encode(out, m, &err), SK_OK);
    assert_null(memchr(out->data, '\0', out->len)); /* it sits before docdata's NUL */
}

/* Every field comes back as written; empty strings and zero numbers are none. */
static void docmeta__roundtrip(void **state)
{
    (void)state;
    sk_page_mark marks[] = {{0, 26}, {1200, 27}, {130000, 300}};
    sk_docmeta m = {0};
    m.file = sk_str_of("nuit/2021/2021-05-20-nuit-saksdokumenter.pdf");
    m.format = sk_str_of("pdf");
    m.doc_title = sk_str_of("NUIT 20. mai 2021 – saksdokumenter");
    m.body = sk_str_of("NUIT");
    m.meeting_date = sk_str_of("2021-05-20");
    m.meeting_no = sk_str_of("");
    m.case_no = sk_str_of("13/21");
    m.role = sk_str_of("case");
    m.title = sk_str_of("Legemiddelprogrammet – langsiktig finansiering");
    m.type = sk_str_of(NULL);
    m.proposed_decision = sk_str_of("NUIT støtter at Legemiddelprogrammet må få høy prioritet.");
    m.archive_no = sk_str_of("22/4711-3");
    m.refs = sk_str_of("NUIT\t12/21\nNUFA\t3/20");
    m.case_officer = sk_str_of("Ola Hansen");
    m.minute_taker = sk_str_of("Per Olsen");
    m.page_from = 26;
    m.page_to = 300;
    m.ocr = 1;
    m.n_page_marks = 3;
    m.page_marks = marks;
    sk_buf b = SK_BUF_INIT;
    encode(&m, &b);
    assert_int_equal(b.data[0], SK_DOCMETA_V2);
    sk_docmeta d;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_docmeta_decode(&d, b.data, b.len, &err), SK_OK);
    assert_true(str_is(d.file, "nuit/2021/2021-05-20-nuit-saksdokumenter.pdf"));
    assert_true(str_is(d.format, "pdf"));
    assert_true(str_is(d.doc_title, "NUIT 20. mai 2021 – saksdokumenter"));
    assert_true(str_is(d.body, "NUIT"));
    assert_true(str_is(d.meeting_date, "2021-05-20"));
    assert_true(str_is(d.meeting_no, NULL));
    assert_true(str_is(d.case_no, "13/21"));
    assert_true(str_is(d.role, "case"));
    assert_true(str_is(d.title, "Legemiddelprogrammet – langsiktig finansiering"));
    assert_true(str_is(d.type, NULL));
    assert_true(str_is(d.presenter, NULL));
    assert_true(
        str_is(d.proposed_decision, "NUIT støtter at Legemiddelprogrammet må få høy prioritet."));
    assert_true(str_is(d.decision, NULL));
    assert_true(str_is(d.archive_no, "22/4711-3"));
    assert_true(str_is(d.refs, "NUIT\t12/21\nNUFA\t3/20"));
    assert_true(str_is(d.sender, NULL));
    assert_true(str_is(d.case_officer, "Ola Hansen"));
    assert_true(str_is(d.minute_taker, "Per Olsen"));
    assert_int_equal(d.page_from, 26);
    assert_int_equal(d.page_to, 300);
    assert_int_equal(d.ocr, 1);
    assert_int_equal(d.n_page_marks, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(d.page_marks[i].offset, marks[i].offset);
        assert_int_equal(d.page_marks[i].number, marks[i].number);
    }
    char *dup = sk_str_dup(d.title);
    assert_string_equal(dup, "Legemiddelprogrammet – langsiktig finansiering");
    free(dup);
    assert_null(sk_str_dup(d.type));
    sk_docmeta_release(&d);

    /* Nothing but the file: no pages, no numbers. */
    sk_docmeta bare = {0};
    bare.file = sk_str_of("a.html");
    encode(&bare, &b);
    assert_int_equal(sk_docmeta_decode(&d, b.data, b.len, &err), SK_OK);
    assert_true(str_is(d.file, "a.html"));
    assert_true(str_is(d.archive_no, NULL));
    assert_int_equal(d.page_from, 0);
    assert_int_equal(d.n_page_marks, 0);
    assert_null(d.page_marks);
    sk_docmeta_release(&d);

    /* A record written before archive numbers (and actors) were kept ends
     * after its page marks (the last four bytes: the tail's four empty
     * strings): it has none. */
    bare.archive_no = sk_str_of("20/1187");
    encode(&bare, &b);
    assert_int_equal(sk_docmeta_decode(&d, b.data, b.len, &err), SK_OK);
    assert_true(str_is(d.archive_no, "20/1187"));
    sk_docmeta_release(&d);
    bare.archive_no = sk_str_of(NULL);
    encode(&bare, &b);
    assert_int_equal(sk_docmeta_decode(&d, b.data, b.len - 4, &err), SK_OK);
    assert_true(str_is(d.file, "a.html"));
    assert_true(str_is(d.archive_no, NULL));
    assert_true(str_is(d.sender, NULL));
    assert_true(str_is(d.case_officer, NULL));
    sk_docmeta_release(&d);
    sk_buf_release(&b);
}

/* A file name that is not UTF-8 is percent-encoded; any other string that
 * is not UTF-8 is stored as none (the JSON output could not carry it). */
static void docmeta__bytes_that_are_not_utf8(void **state)
{
    (void)state;
    sk_docmeta m = {0};
    m.file = sk_str_of("arkiv/m\xf8te-2019.pdf"); /* Latin-1 ø */
    m.title = sk_str_of("Tittel \xff");
    m.body = sk_str_of("NUFA");
    sk_buf b = SK_BUF_INIT;
    encode(&m, &b);
    sk_docmeta d;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_docmeta_decode(&d, b.data, b.len, &err), SK_OK);
    assert_true(str_is(d.file, "arkiv/m%F8te-2019.pdf"));
    assert_true(str_is(d.title, NULL));
    assert_true(str_is(d.body, "NUFA"));
    sk_docmeta_release(&d);
    sk_buf_release(&b);
}

/* Indexes written before hold a JSON object: read the same. */
static void docmeta__json_from_before(void **state)
{
    (void)state;
    static const char json[] =
        "{\"file\":\"nufa/2020/sak-19-20.html\",\"format\":\"html\",\"page_from\":1,"
        "\"page_to\":2,\"doc_title\":null,\"body\":\"NUFA\",\"meeting_date\":\"2020-08-26\","
        "\"meeting_no\":null,\"case\":\"19/20\",\"role\":\"case\",\"title\":\"E-resept "
        "\\\"ny\\\"\","
        "\"type\":\"Drøfting\",\"presenter\":null,\"proposed_decision\":null,"
        "\"decision\":\"NUFA tar saken til orientering.\",\"ocr\":false,"
        "\"pages\":[[0,1],[845,2]]}";
    sk_docmeta d;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_docmeta_decode(&d, json, sizeof json - 1, &err), SK_OK);
    assert_true(str_is(d.file, "nufa/2020/sak-19-20.html"));
    assert_true(str_is(d.title, "E-resept \"ny\""));
    assert_true(str_is(d.type, "Drøfting"));
    assert_true(str_is(d.doc_title, NULL));
    assert_true(str_is(d.decision, "NUFA tar saken til orientering."));
    assert_int_equal(d.page_to, 2);
    assert_int_equal(d.ocr, 0);
    assert_int_equal(d.n_page_marks, 2);
    assert_int_equal(d.page_marks[1].offset, 845);
    assert_int_equal(d.page_marks[1].number, 2);
    sk_docmeta_release(&d);
    assert_int_equal(sk_docmeta_decode(&d, "{\"file\":", 8, &err), SK_ECORRUPT);
}

/* Every cut of a record, and a record of no known kind, is SK_ECORRUPT; but
 * for the cuts before and between the fields added later (archive_no and the
 * actors, the references; here one byte each for none): that is a record as written before,
 * which has none of the fields after the cut. */
static void docmeta__damage_is_reported(void **state)
{
    (void)state;
    sk_page_mark marks[] = {{0, 3}, {500, 4}};
    sk_docmeta m = {0};
    m.file = sk_str_of("nuit/a.pdf");
    m.title = sk_str_of("Strategi");
    m.page_from = 3;
    m.page_to = 4;
    m.n_page_marks = 2;
    m.page_marks = marks;
    sk_buf b = SK_BUF_INIT;
    encode(&m, &b);
    for (size_t cut = 0; cut < b.len; cut++) {
        sk_docmeta d;
        sk_err e = SK_ERR_INIT;
        int rc = sk_docmeta_decode(&d, b.data, cut, &e);
        if (cut >= b.len - 5) {
            assert_int_equal(rc, SK_OK);
            sk_docmeta_release(&d);
            continue;
        }
        assert_int_equal(rc, SK_ECORRUPT);
        assert_null(d.page_marks);
    }
    sk_docmeta d;
    sk_err e = SK_ERR_INIT;
    assert_int_equal(sk_docmeta_decode(&d, b.data, b.len - 1, &e), SK_OK);
    sk_docmeta_release(&d);
    m.archive_no = sk_str_of("22/4711-3");
    encode(&m, &b);
    /* inside the archive number (9 bytes, before the actors' 3 and the references' empty strings) */
    for (size_t cut = b.len - 4 - 9; cut < b.len - 4; cut++)
        assert_int_equal(sk_docmeta_decode(&d, b.data, cut, &e), SK_ECORRUPT);
    assert_int_equal(sk_docmeta_decode(&d, "\x07garbage", 8, &e), SK_ECORRUPT);
    assert_non_null(strstr(e.msg, "metadata"));
    /* A length past the end. */
    assert_int_equal(sk_docmeta_decode(&d,
                                       "\x02\x7f"
                                       "ab",
                                       4, &e),
                     SK_ECORRUPT);
    sk_buf_release(&b);
}

/* Bytes changed anywhere in a record read back as a record or as damage,
 * never past its end (the sanitizers watch). */
static void docmeta__changed_bytes_never_read_past_the_end(void **state)
{
    (void)state;
    sk_page_mark marks[] = {{0, 5}, {700, 6}, {1400, 7}};
    sk_docmeta m = {0};
    m.file = sk_str_of("nufa/2020/2020-08-26-nufa-saksdokumenter.pdf");
    m.body = sk_str_of("NUFA");
    m.case_no = sk_str_of("19/20");
    m.decision = sk_str_of("NUFA tar saken til orientering.");
    m.sender = sk_str_of("Kari Nordmann");
    m.page_from = 5;
    m.page_to = 7;
    m.n_page_marks = 3;
    m.page_marks = marks;
    sk_buf b = SK_BUF_INIT;
    encode(&m, &b);
    unsigned seed = 12345;
    for (int round = 0; round < 20000; round++) {
        char *copy = malloc(b.len); /* exactly b.len: a read past it is caught */
        assert_non_null(copy);
        memcpy(copy, b.data, b.len);
        for (int k = 0; k < 1 + round % 3; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = 1 + (seed >> 8) % (b.len - 1);
            copy[at] = (char)(seed >> 20);
        }
        sk_docmeta d;
        sk_err e = SK_ERR_INIT;
        int rc = sk_docmeta_decode(&d, copy, b.len, &e);
        assert_true(rc == SK_OK || rc == SK_ECORRUPT);
        if (rc == SK_OK) {
            const sk_str *f[] = {
                &d.file,         &d.format,     &d.doc_title,    &d.body,
                &d.meeting_date, &d.meeting_no, &d.case_no,      &d.role,
                &d.title,        &d.type,       &d.presenter,    &d.proposed_decision,
                &d.decision,     &d.sender,     &d.case_officer, &d.minute_taker};
            for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
                if (f[i]->s)
                    assert_true(f[i]->s >= copy && f[i]->s + f[i]->len <= copy + b.len);
            sk_docmeta_release(&d);
        }
        free(copy);
    }
    sk_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(docmeta__roundtrip),
        cmocka_unit_test(docmeta__bytes_that_are_not_utf8),
        cmocka_unit_test(docmeta__json_from_before),
        cmocka_unit_test(docmeta__damage_is_reported),
        cmocka_unit_test(docmeta__changed_bytes_never_read_past_the_end),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
