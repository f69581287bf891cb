/* test_abbrev.c: "long form (ABBR)" pairs, on sentences from the papers. */
#include "testutil.h"

#include "saksok/analysis/abbrev.h"

typedef struct found {
    char pairs[8][200];
    size_t n;
} found;

static int collect(const char *lf, size_t ll, const char *ab, size_t al, void *payload)
{
    found *f = payload;
    if (f->n < 8)
        snprintf(f->pairs[f->n++], 200, "%.*s=%.*s", (int)al, ab, (int)ll, lf);
    return 0;
}

static void abbrev__table(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"Status for digital hjemmeoppfølging (DHO) i kommunene", "DHO=digital hjemmeoppfølging"},
        {"Tjenesten driftes av Norsk Helsenett (NHN) fra 2022.", "NHN=Norsk Helsenett"},
        /* "Fagutvalget" does not spell NUFA: the static list knows that one. */
        {"Møte Fagutvalget (NUFA)", ""},
        {"Nasjonalt utvalg for IT-prioritering (NUIT) møtes",
         "NUIT=Nasjonalt utvalg for IT-prioritering"},
        {"Helse- og omsorgsdepartementet (HOD) har bedt om", "HOD=Helse- og omsorgsdepartementet"},
        /* Not abbreviations, or no long form that spells them. */
        {"som vist i figuren (se side 4)", ""},
        {"kostnader (MNOK) for 2021", ""},
        {"Ja (NEI)", ""},
        {"(DHO) først i setningen", ""},
        {"avtalen (a)", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        found f = {{{0}}, 0};
        sk_abbrev_scan(cases[i].in, strlen(cases[i].in), collect, &f);
        const char *got = f.n ? f.pairs[0] : "";
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("'%s': got '%s', want '%s'", cases[i].in, got, cases[i].want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(abbrev__table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
