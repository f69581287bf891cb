/* test_analyse.c: tokens, folding and stems, on words from the meeting papers. */
#include "testutil.h"

#include "saksok/analyse.h"

typedef struct collected {
    char terms[64][128];
    char stems[64][128];
    unsigned flags[64];
    uint32_t pos[64];
    size_t start[64], end[64];
    size_t n;
} collected;

static int collect(const sk_token *t, void *payload)
{
    collected *c = payload;
    if (c->n >= 64)
        return 1;
    snprintf(c->terms[c->n], 128, "%.*s", (int)t->term_len, t->term);
    snprintf(c->stems[c->n], 128, "%.*s", (int)(t->stem ? t->stem_len : 0),
             t->stem ? t->stem : "");
    c->flags[c->n] = t->flags;
    c->pos[c->n] = t->pos;
    c->start[c->n] = t->start;
    c->end[c->n] = t->end;
    c->n++;
    return 0;
}

static sk_analyser *an;

static int setup(void **state)
{
    (void)state;
    sk_err err = SK_ERR_INIT;
    return sk_analyser_new(&an, &err);
}

static int teardown(void **state)
{
    (void)state;
    sk_analyser_free(an);
    return 0;
}

static void run(const char *text, collected *c)
{
    sk_err err = SK_ERR_INIT;
    memset(c, 0, sizeof *c);
    assert_int_equal(sk_analyse(an, SK_MODE_DOCUMENT, text, strlen(text), 1, collect, c, &err),
                     SK_OK);
}

/* Main tokens only (no same-position parts), joined by '|'. */
static void mains(const collected *c, char *out, size_t size)
{
    out[0] = '\0';
    for (size_t i = 0; i < c->n; i++) {
        if (c->flags[i] & SK_TOK_SAME_POS)
            continue;
        if (out[0])
            strncat(out, "|", size - strlen(out) - 1);
        strncat(out, c->terms[i], size - strlen(out) - 1);
    }
}

static void analyse__tokens_table(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"Sak 13/21: Legemiddelprogrammet", "sak|13/21|legemiddelprogrammet"},
        {"Nasjonal e-helseportefølje – status og planer",
         "nasjonal|e-helseportefølje|status|og|planer"},
        {"HL7-standard og FHIR", "hl7-standard|og|fhir"},
        {"ÆRE ØKT ÅPEN", "ære|økt|åpen"},
        {"ﬁnansiering", "finansiering"},          /* ligature folded */
        {"helse\xc2\xad" "porteføljen", "helseporteføljen"}, /* soft hyphen ignored */
        {"helse- og omsorgssektoren", "helse|og|omsorgssektoren"},
        {"kl. 10:00, 1.5 mill.", "kl|10|00|1.5|mill"},
        {"«Digital hjemmeoppfølging (DHO)»", "digital|hjemmeoppfølging|dho"},
        {"stgtte til aktgrer", "stgtte|til|aktgrer"},
        {"", ""},
        {"— … !!", ""},
    };
    char got[1024];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        collected c;
        run(cases[i].in, &c);
        mains(&c, got, sizeof got);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("'%s': got '%s', want '%s'", cases[i].in, got, cases[i].want);
    }
}

static void analyse__hyphenated_parts_at_same_position(void **state)
{
    (void)state;
    collected c;
    run("ny e-helsestrategi", &c);
    /* ny, e-helsestrategi, e, helsestrategi */
    assert_int_equal(c.n, 4);
    assert_string_equal(c.terms[1], "e-helsestrategi");
    assert_string_equal(c.terms[2], "e");
    assert_string_equal(c.terms[3], "helsestrategi");
    assert_true(c.flags[2] & SK_TOK_SAME_POS);
    assert_true(c.flags[3] & SK_TOK_SAME_POS);
    assert_int_equal(c.pos[1], 2);
    assert_int_equal(c.pos[3], 2);
}

static void analyse__offsets_point_into_input(void **state)
{
    (void)state;
    const char *text = "Møte i NUFA";
    collected c;
    run(text, &c);
    assert_int_equal(c.n, 3);
    assert_int_equal(c.start[0], 0);
    assert_int_equal(c.end[0], strlen("Møte"));
    assert_memory_equal(text + c.start[2], "NUFA", 4);
    assert_int_equal(c.pos[2], 3);
}

static void analyse__stems_join_inflections(void **state)
{
    (void)state;
    collected a, b;
    run("løsninger", &a);
    run("løsningene", &b);
    const char *sa = a.stems[0][0] ? a.stems[0] : a.terms[0];
    const char *sb = b.stems[0][0] ? b.stems[0] : b.terms[0];
    assert_string_equal(sa, sb);
    run("13/21", &a);
    assert_true(a.flags[0] & SK_TOK_NUMERIC);
    assert_string_equal(a.stems[0], "");
}

static void analyse__invalid_utf8_is_a_separator(void **state)
{
    (void)state;
    collected c;
    run("abc\xff\xfe" "def", &c);
    char got[256];
    mains(&c, got, sizeof got);
    assert_string_equal(got, "abc|def");
}

static void analyse__overlong_token_is_skipped(void **state)
{
    (void)state;
    char text[600];
    memset(text, 'a', 500);
    strcpy(text + 500, " vedtak");
    collected c;
    run(text, &c);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.terms[0], "vedtak");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(analyse__tokens_table),
        cmocka_unit_test(analyse__hyphenated_parts_at_same_position),
        cmocka_unit_test(analyse__offsets_point_into_input),
        cmocka_unit_test(analyse__stems_join_inflections),
        cmocka_unit_test(analyse__invalid_utf8_is_a_separator),
        cmocka_unit_test(analyse__overlong_token_is_skipped),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
