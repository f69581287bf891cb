/* test_archive.c: archive numbers (archive.h): their shapes, labels, the
 * numbers a text writes, and that one shaped like a case number after its
 * label is never left as that case's words. */
#include "testutil.h"

#include "saksok/structure/archive.h"

static void archive__parse_table(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int labelled;
        const char *out; /* NULL: not an archive number */
    } cases[] = {
        {"22/4711-3", 0, "22/4711-3"},
        {"2022/4711-3", 0, "2022/4711-3"},
        {"20/22-14", 0, "20/22-14"},
        {"21/97-5", 0, "21/97-5"},
        {"22/4711", 1, "22/4711"},
        {"21/23", 1, "21/23"},
        {"2023/88", 1, "2023/88"},
        {"22/4711)", 1, "22/4711"},
        {"22/4711", 0, NULL}, /* unlabelled without its document number */
        {"21/23", 0, NULL},   /* a case number's shape, no label */
        {"12/6-21", 0, NULL}, /* a date: 12 June 2021 */
        {"12/6-21", 1, "12/6-21"},
        {"1/4711-3", 0, NULL}, /* the year has two or four digits */
        {"123/4711-3", 0, NULL},
        {"1850/4711-3", 0, NULL},
        {"22/12345678-3", 0, NULL},
        {"22/4711-12345", 0, NULL},
        {"22/4711/3", 1, NULL},
        {"22/4711-3-1", 0, NULL},
        {"22/4711a", 1, NULL},
        {"22/", 1, NULL},
        {"", 1, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *p = cases[i].in, *end = p + strlen(p);
        char out[SK_ARCHIVE_NO_SIZE] = "";
        int rc = sk_parse_archive_no(out, &p, end, cases[i].labelled);
        if (cases[i].out) {
            if (rc != 0)
                fail_msg("%zu: \"%s\" not read", i, cases[i].in);
            assert_string_equal(out, cases[i].out);
            assert_int_equal((size_t)(p - cases[i].in), strlen(cases[i].out));
        } else {
            if (rc == 0)
                fail_msg("%zu: \"%s\" read as %s", i, cases[i].in, out);
            assert_ptr_equal(p, cases[i].in);
        }
    }
}

static void archive__labels_and_case_part(void **state)
{
    (void)state;
    static const char *labelled[] = {"Arkivsak: 22/4711",        "Arkivsaksnr.: 22/4711",
                                     "ARKIVSAKSNR 22/4711",      "Arkivsak nr. 22/4711",
                                     "Arkivsaksnummer\t22/4711", "arkivsak 22/4711"};
    for (size_t i = 0; i < sizeof labelled / sizeof *labelled; i++) {
        const char *s = labelled[i], *v = sk_archive_label(s, s + strlen(s));
        assert_non_null(v);
        assert_string_equal(v, "22/4711");
    }
    const char *s = "Arkivsakene 22/4711";
    assert_null(sk_archive_label(s, s + strlen(s)));
    s = "Arkiv: G10";
    assert_null(sk_archive_label(s, s + strlen(s)));
    assert_int_equal(sk_archive_case_len("22/4711-3"), 7);
    assert_int_equal(sk_archive_case_len("22/4711"), 7);
    assert_int_equal(sk_archive_case_len("2022/4711-13"), 9);
}

static void archive__numbers_a_text_writes(void **state)
{
    (void)state;
    static const char *text = "PS 23/23 Akson journal\nArkivsak: 21/23\nSe sak 14/23 og "
                              "dokument (22/4711-3), møtet 12/6-21.\nArkivsaksnr.:\n"
                              "2023/88-2\nArkivsak: 21/23\n";
    char out[8][SK_ARCHIVE_NO_SIZE];
    size_t n = sk_archive_find(text, strlen(text), out, 8);
    assert_int_equal(n, 3);
    assert_string_equal(out[0], "21/23");
    assert_string_equal(out[1], "22/4711-3");
    assert_string_equal(out[2], "2023/88-2");
    assert_int_equal(sk_archive_find(text, strlen(text), out, 1), 1);
}

static void archive__case_shaped_numbers_masked(void **state)
{
    (void)state;
    char text[] = "PS 23/23 Akson journal\nArkivsak: 21/23\nSaken følger opp sak 21/23.\n"
                  "Arkivsak: 22/4711\n";
    assert_int_equal(sk_archive_mask_cases(text, strlen(text)), 1);
    assert_string_equal(text, "PS 23/23 Akson journal\nArkivsak:      \nSaken følger opp sak "
                              "21/23.\nArkivsak: 22/4711\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(archive__parse_table),
        cmocka_unit_test(archive__labels_and_case_part),
        cmocka_unit_test(archive__numbers_a_text_writes),
        cmocka_unit_test(archive__case_shaped_numbers_masked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
