/* test_refs.c: references between cases read from text (refs.h): the words
 * that make a number a reference, the council each resolves to (named
 * with it, named by the sentence, the paper's own), an ambiguous one left
 * NULL, and a case's own heading or number never read as a reference. */
#include "testutil.h"

#include "saksok/structure/refs.h"

static sk_bodies *bodies;

static int setup(void **state)
{
    (void)state;
    sk_err err = SK_ERR_INIT;
    return sk_bodies_load_default(&bodies, &err) == SK_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sk_bodies_free(bodies);
    return 0;
}

/* The references of text as "BODY CASE" joined by "; " ("? CASE" when the
 * council is NULL). */
static void refs_of(char *out, size_t size, const char *text, const char *own_body,
                    const char *own_case)
{
    sk_ref r[16];
    size_t n = sk_refs_find(bodies, text, strlen(text), own_body, own_case, r, 16);
    size_t at = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && at < size; i++)
        at += (size_t)snprintf(out + at, size - at, "%s%s %s", i ? "; " : "",
                               r[i].body ? r[i].body : "?", r[i].case_no);
}

static void refs__table(void **state)
{
    (void)state;
    static const struct {
        const char *text, *own_body, *own_case;
        const char *want; /* "" for none */
    } cases[] = {
        /* words that make a reference; the paper's own council */
        {"Se vedlegg, jf. sak 12/21.", "NUIT", "13/21", "NUIT 12/21"},
        {"Direktoratet viser til sak 09/2021 om finansiering.", "NUIT", "13/21", "NUIT 9/21"},
        {"Saken ble drøftet tidligere (sak 3/20).", "NUFA", "24/20", "NUFA 3/20"},
        {"Vi viser til sak nr. 7/21 og til saksnr. 8/21.", "NUIT", "13/21", "NUIT 7/21; NUIT 8/21"},
        {"Utvalget behandlet sakene 12/21, 14/21 og 15/21 samlet.", "NUIT", "13/21",
         "NUIT 12/21; NUIT 14/21; NUIT 15/21"},
        {"Utvalget drøftet saken i mai (sak 12-21).", "NUIT", "13/21", "NUIT 12/21"},
        {"Innspillene skal ses i sammenheng med veikartet,\njf. sak 29/20 i dette møtet.", "NUFA",
         "26/20", "NUFA 29/20"},
        /* the council named with the number */
        {"Dette følger opp sak 22/23 i Nasjonalt e-helseråd.", "NUIT", "13/23",
         "Nasjonalt e-helseråd 22/23"},
        {"Porteføljen er beskrevet i (NUIT 13/21) og i NUFA 24/20.", "Nasjonalt e-helsestyre",
         "30/20", "NUIT 13/21; NUFA 24/20"},
        {"Forslaget bygger på NUIT-sak 3/20 og på sak 4/20 fra NUFA.", "Nasjonalt e-helsestyre",
         "9/20", "NUIT 3/20; NUFA 4/20"},
        {"Se sak 5/21 (Fagutvalget) for bakgrunn.", "NUIT", "13/21", "NUFA 5/21"},
        {"Se også sak 6/21 i møtet i NUFA.", "NUIT", "13/21", "NUFA 6/21"},
        /* the council the sentence names, not the paper's */
        {"Nasjonalt e-helsestyre gav i desember 2018 (sak 51/18) sin tilslutning til planen.",
         "NUFA", "28/20", "Nasjonalt e-helsestyre 51/18"},
        /* "i dette møtet" is the paper's own council whatever the sentence names */
        {"Innspillene fra Fagutvalget ses sammen med sak 12/21 i dette møtet.", "NUIT", "13/21",
         "NUIT 12/21"},
        /* ambiguous: two councils in the sentence, none named with the number */
        {"Både NUIT og NUFA har drøftet finansieringen, jf. sak 12/21.", "NUIT", "13/21",
         "? 12/21"},
        /* no council known at all */
        {"Se sak 12/21.", NULL, "13/21", "? 12/21"},
        /* a case does not mention itself; the same case twice is one reference */
        {"Sak 13/21 Legemiddelprogrammet\nDet vises til sak 13/21 og sak 12/21, jf. sak 12/21.",
         "NUIT", "13/21", "NUIT 12/21"},
        {"Vi viser til sak 13/21 i NUFA.", "NUIT", "13/21", "NUFA 13/21"},
        /* no reference: headings, list rows, meeting numbers, bare numbers,
         * archive numbers, dates */
        {"Sak 12/21 Nasjonal e-helseportefølje\n13/21 Legemiddelprogrammet", "NUIT", "9/21", ""},
        {"Møte\tNUIT 2/21\nSaksnummer\t13/21", "NUIT", "13/21", ""},
        {"Møte NUFA 4/20 - 26. august 2020", "NUFA", "24/20", ""},
        {"Godkjenning av referatet fra NUFA 3/20 og protokoll NUIT 2/21.", "NUFA", "24/20", ""},
        {"Arkivsak 21/23 og arkivsak: 22/4711-3", "NUIT", "13/21", ""},
        {"Strategisk analyse 2019/20, fordelt 12/21 og 24/7.", "NUIT", "13/21", ""},
        {"Saken 12/6 ble utsatt til 2021.", "NUIT", "13/21", ""},
        {"", "NUIT", "13/21", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char got[512];
        refs_of(got, sizeof got, cases[i].text, cases[i].own_body, cases[i].own_case);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("%zu: \"%s\": got \"%s\", want \"%s\"", i, cases[i].text, got, cases[i].want);
    }
}

static void refs__spans_and_limit(void **state)
{
    (void)state;
    const char *text = "jf. sak 1/21, sak 2/21 og sak 3/21";
    sk_ref r[2];
    size_t n = sk_refs_find(bodies, text, strlen(text), "NUIT", NULL, r, 2);
    assert_int_equal(n, 2);
    assert_int_equal(r[0].start, strlen("jf. sak "));
    assert_int_equal(r[0].end, strlen("jf. sak 1/21"));
    assert_string_equal(r[1].case_no, "2/21");
    /* NULL bodies: only the paper's own council resolves */
    n = sk_refs_find(NULL, "se sak 4/21 i NUFA", 18, "NUIT", NULL, r, 2);
    assert_int_equal(n, 1);
    assert_string_equal(r[0].body, "NUIT");
    assert_int_equal(sk_refs_find(bodies, NULL, 0, "NUIT", NULL, r, 2), 0);
}

static void refs__key(void **state)
{
    (void)state;
    char k[64];
    assert_int_equal(sk_ref_key(k, sizeof k, "Nasjonalt e-helseråd", "22/23"),
                     strlen("nasjonalt e-helseråd 22/23"));
    assert_string_equal(k, "nasjonalt e-helseråd 22/23");
    assert_int_equal(sk_ref_key(k, 8, "NUIT", "13/21"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(refs__table),
        cmocka_unit_test(refs__spans_and_limit),
        cmocka_unit_test(refs__key),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
