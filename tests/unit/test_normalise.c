/* test_normalise.c: NFC, control characters and words broken at line ends. */
#include "testutil.h"

#include "saksok/analysis/normalise.h"

static void normalise__table(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        /* A word processor's soft hyphen at a line end (pdftotext shows these). */
        {"helse- og omsorgssek\xc2\xad\ntoren", "helse- og omsorgssektoren"},
        {"journalløs\xc2\xad\n  ning", "journalløsning"},
        /* A hyphen that belongs to the word stays; one that breaks it goes. */
        {"nasjonale e-\nhelseløsninger", "nasjonale e-helseløsninger"},
        {"Korona-\nporteføljen", "Koronaporteføljen"},
        {"Helse Midt-\nNorge", "Helse Midt-Norge"},
        {"planlagte initiativ i RHF-\nene", "planlagte initiativ i RHF-ene"},
        {"HL7-\nstandard", "HL7-standard"},
        /* A shortened compound across the line end keeps its meaning. */
        {"helse-\nog omsorgssektoren", "helse- og omsorgssektoren"},
        {"NUIT- og NUFA-\nmedlemmene", "NUIT- og NUFA-medlemmene"},
        /* Not a broken word: a dash line, a list, a number range. */
        {"Agenda -\n- punkt", "Agenda -\n- punkt"},
        {"side 3-\n4", "side 3-\n4"},
        /* Control characters and CR LF. */
        {"a\r\nb\fc\x01"
         "d",
         "a\nb c d"},
        /* NFC: a + combining ring -> å */
        {"a\xcc\x8apen", "åpen"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = NULL;
        size_t len = 0;
        sk_err err = SK_ERR_INIT;
        assert_int_equal(sk_normalise(&out, &len, cases[i].in, strlen(cases[i].in), &err), SK_OK);
        assert_int_equal(strlen(out), len);
        if (strcmp(out, cases[i].want) != 0)
            fail_msg("'%s': got '%s', want '%s'", cases[i].in, out, cases[i].want);
        free(out);
    }
}

static void normalise__invalid_utf8_becomes_space(void **state)
{
    (void)state;
    char *out = NULL;
    size_t len = 0;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_normalise(&out, &len,
                                  "ab\xff"
                                  "cd",
                                  5, &err),
                     SK_OK);
    assert_string_equal(out, "ab cd");
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(normalise__table),
        cmocka_unit_test(normalise__invalid_utf8_becomes_space),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
