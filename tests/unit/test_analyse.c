/* test_analyse.c: tokens, folding and stems, on words from the meeting papers. */
#include "testutil.h"

#include "saksok/analysis/analyse.h"
#include "saksok/analysis/lexicon.h"

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
    snprintf(c->stems[c->n], 128, "%.*s", (int)(t->stem ? t->stem_len : 0), t->stem ? t->stem : "");
    c->flags[c->n] = t->flags;
    c->pos[c->n] = t->pos;
    c->start[c->n] = t->start;
    c->end[c->n] = t->end;
    c->n++;
    return 0;
}

static sk_analyser *an;
static sk_lexicon *lex;

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
    sk_lexicon_free(lex);
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
        {"ﬁnansiering", "finansiering"}, /* ligature folded */
        {"helse\xc2\xad"
         "porteføljen",
         "helseporteføljen"}, /* soft hyphen ignored */
        {"helse- og omsorgssektoren", "helse|og|omsorgssektoren"},
        {"kl. 10:00, 1.5 mill.", "kl|10|00|1.5|mill"},
        {"«Digital hjemmeoppfølging (DHO)»", "digital|hjemmeoppfølging|dho"},
        {"stgtte til aktgrer", "stgtte|til|aktgrer"},
        {"", ""},
        {"— … !!", ""},
        /* Unicode: NBSP and thin space separate, superscripts fold, the many
         * dashes and quotes are separators, ligatures fold, Æ Ø Å lower. */
        {"e-helse\u00a0strategi\u2009plan", "e-helse|strategi|plan"},
        {"m\u00b2 CO\u2082", "m2|co2"},
        {"“sitat” «sitat» ‘sitat’ „sitat“", "sitat|sitat|sitat|sitat"},
        {"2021–2022 status—planer", "2021|2022|status|planer"},
        {"ﬂyt ﬃ", "flyt|ffi"},
        {"ÆØÅ Ærlig ØKONOMI Åpenhet", "æøå|ærlig|økonomi|åpenhet"},
        {"e\u2011helse e\u2010helse", "e-helse|e-helse"},
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
    run("ny e-helsestrategi", &c); /* no æøå: no plain-spelling variants */
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
    /* møte, its two plain spellings (same position), i, nufa */
    assert_int_equal(c.n, 5);
    assert_int_equal(c.start[0], 0);
    assert_int_equal(c.end[0], strlen("Møte"));
    assert_true(c.flags[1] & SK_TOK_ASCII);
    assert_int_equal(c.start[1], 0);
    assert_memory_equal(text + c.start[4], "NUFA", 4);
    assert_int_equal(c.pos[4], 3);
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
    run("abc\xff\xfe"
        "def",
        &c);
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

/* Variants of one word: "kind:term" for each, joined by ' '. */
static void variants(const char *text, char *out, size_t size)
{
    collected c;
    run(text, &c);
    out[0] = '\0';
    for (size_t i = 0; i < c.n; i++) {
        if (!(c.flags[i] & SK_TOK_SAME_POS))
            continue;
        const char *kind = c.flags[i] & SK_TOK_PART    ? "part"
                           : c.flags[i] & SK_TOK_ASCII ? "ascii"
                           : c.flags[i] & SK_TOK_OCR   ? "ocr"
                                                       : "word";
        char one[200];
        snprintf(one, sizeof one, "%s%s:%s", out[0] ? " " : "", kind, c.terms[i]);
        strncat(out, one, size - strlen(out) - 1);
    }
}

/* Every token's term ends in NUL, as analyse.h promises: compound parts and
 * OCR repairs too (they were pointers into a '|'-separated list), and a
 * shortened compound completed ("helse- og omsorgssektoren": "helsesektoren",
 * made in a buffer without its NUL). Both found by fuzz/fuzz_analyse.c. */
static int check_nul(const sk_token *t, void *payload)
{
    size_t *bad = payload;
    if (t->term[t->term_len] != '\0')
        (*bad)++;
    return 0;
}

static void analyse__variant_terms_end_in_nul(void **state)
{
    (void)state;
    sk_err err = SK_ERR_INIT;
    if (lex == NULL && sk_lexicon_open(&lex, sk_lexicon_default_path(), &err) != SK_OK)
        fail_msg("no lexicon: %s", err.msg);
    sk_analyser_set_lexicon(an, lex);
    static const char text[] = "informasjonssikkerhet datadelingsinfrastruktur stgtte Igsninger "
                               "helse- og omsorgssektoren program- og prosjektledere";
    size_t bad = 0;
    assert_int_equal(sk_analyse(an, SK_MODE_DOCUMENT, text, strlen(text), 1, check_nul, &bad, &err),
                     SK_OK);
    assert_int_equal(bad, 0);
    bad = 0;
    assert_int_equal(sk_analyse(an, SK_MODE_QUERY, text, strlen(text), 1, check_nul, &bad, &err),
                     SK_OK);
    assert_int_equal(bad, 0);
}

static void analyse__lexicon_variants_table(void **state)
{
    (void)state;
    sk_err err = SK_ERR_INIT;
    if (sk_lexicon_open(&lex, sk_lexicon_default_path(), &err) != SK_OK)
        fail_msg("no lexicon: %s", err.msg);
    sk_analyser_set_lexicon(an, lex);
    static const struct {
        const char *in, *want;
    } cases[] = {
        /* compounds, with the linking s */
        {"informasjonssikkerhet", "part:informasjon part:sikkerhet"},
        {"datadelingsinfrastruktur", "part:data part:deling part:infrastruktur"},
        {"journalløsningen", "ascii:journalloesningen ascii:journallosningen part:journal "
                             "part:løsningen"},
        /* not split: short, or not made of words */
        {"vedtak", ""},
        {"Direktoratet", ""},
        /* OCR damage from the scanned strategy deck, repaired through the lexicon */
        {"stgtte", "ocr:støtte"},
        {"aktgrer", "ocr:aktører"},
        {"Igsninger", "ocr:løsninger"},
        {"gkt", "ocr:økt"},
        {"malomrader", "ocr:målområder"},
        {"fglges", "ocr:følges"},
        /* typed without æøå */
        {"baerekraftig", "ascii:barekraftig ocr:bærekraftig"},
        /* a hyphenated word: its parts */
        {"HL7-standard", "word:hl7 word:standard"},
    };
    char got[1024];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        variants(cases[i].in, got, sizeof got);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("'%s': got '%s', want '%s'", cases[i].in, got, cases[i].want);
    }
}

/* The memos of splits and OCR repairs start small and grow as words come:
 * what a word gives is the same before, across and after the growth (12,000
 * other words in between, more than the largest memo holds). */
static void analyse__lexicon_memos_hold_across_growth(void **state)
{
    (void)state;
    sk_err err = SK_ERR_INIT;
    sk_lexicon *words_lex = NULL;
    if (sk_lexicon_open(&words_lex, sk_lexicon_default_path(), &err) != SK_OK)
        fail_msg("no lexicon: %s", err.msg);
    sk_analyser *fresh = NULL;
    assert_int_equal(sk_analyser_new(&fresh, &err), SK_OK);
    sk_analyser_set_lexicon(fresh, words_lex);
    sk_analyser *keep = an;
    an = fresh;
    static const char text[] = "informasjonssikkerhet stgtte datadelingsinfrastruktur Igsninger";
    char first[1024], again[1024];
    variants(text, first, sizeof first);
    assert_string_equal(first, "part:informasjon part:sikkerhet ocr:støtte part:data "
                               "part:deling part:infrastruktur ocr:løsninger");
    static const char letters[] = "bdfhkmpstvwxz"; /* none OCR takes for another */
    for (int round = 0; round < 3; round++) {
        sk_buf words = SK_BUF_INIT;
        for (int k = 0; k < 4000; k++) {
            char w[8] = "q";
            for (int d = 0, v = k + round * 4000; d < 5; d++, v /= 13)
                w[1 + d] = letters[v % 13];
            assert_int_equal(sk_buf_printf(&words, &err, "%s ", w), SK_OK);
        }
        size_t bad = 0;
        assert_int_equal(
            sk_analyse(an, SK_MODE_DOCUMENT, words.data, words.len, 1, check_nul, &bad, &err),
            SK_OK);
        assert_int_equal(bad, 0);
        sk_buf_release(&words);
        variants(text, again, sizeof again);
        assert_string_equal(again, first);
    }
    an = keep;
    sk_analyser_free(fresh);
    sk_lexicon_free(words_lex);
}

static void analyse__shortened_compound_is_completed(void **state)
{
    (void)state;
    assert_non_null(lex);
    collected c;
    run("helse- og omsorgssektoren", &c);
    int found = 0;
    for (size_t i = 0; i < c.n; i++)
        if (strcmp(c.terms[i], "helsesektoren") == 0) {
            found = 1;
            assert_true(c.flags[i] & SK_TOK_SAME_POS);
            assert_int_equal(c.pos[i], 1);
        }
    assert_true(found);
    /* A plain hyphen-space without a conjunction completes nothing. */
    run("helse- omsorgssektoren", &c);
    for (size_t i = 0; i < c.n; i++)
        assert_string_not_equal(c.terms[i], "helsesektoren");
}

static void analyse__ascii_spellings(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(sk_analyse_ascii(out, sizeof out, "bærekraftig", strlen("bærekraftig"), 1),
                     12);
    assert_string_equal(out, "baerekraftig");
    sk_analyse_ascii(out, sizeof out, "målområder", strlen("målområder"), 2);
    assert_string_equal(out, "malomrader");
    sk_analyse_ascii(out, sizeof out, "målområder", strlen("målområder"), 1);
    assert_string_equal(out, "maalomraader");
    assert_int_equal(sk_analyse_ascii(out, sizeof out, "vedtak", 6, 1), 0);
    sk_analyse_ascii(out, sizeof out, "baerekraftig", 12, 3);
    assert_string_equal(out, "barekraftig");
}

static void analyse__stopwords(void **state)
{
    (void)state;
    assert_true(sk_analyse_is_stopword("og", 2));
    assert_true(sk_analyse_is_stopword("ikkje", 5)); /* nynorsk */
    assert_true(sk_analyse_is_stopword("på", strlen("på")));
    assert_false(sk_analyse_is_stopword("vedtak", 6));
    assert_false(sk_analyse_is_stopword("", 0));
}

static int want_only(const char *term, size_t len, void *payload)
{
    const char *wanted = payload;
    return strlen(wanted) == len && memcmp(term, wanted, len) == 0;
}

/* sk_analyse_some: a declined word comes bare (no stem, no variants, at its
 * own position and span); a wanted one as sk_analyse() gives it. */
static void analyse__some_hands_declined_words_over_bare(void **state)
{
    (void)state;
    const char *text = "Løsningene for e-helse";
    collected c;
    memset(&c, 0, sizeof c);
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_analyse_some(an, SK_MODE_DOCUMENT, text, strlen(text), 1, want_only,
                                     (void *)"e-helse", collect, &c, &err),
                     SK_OK);
    /* løsningene (bare), for (bare), e-helse + its parts e, helse */
    assert_int_equal(c.n, 5);
    assert_string_equal(c.terms[0], "løsningene");
    assert_string_equal(c.stems[0], "");
    assert_true(c.flags[0] & SK_TOK_BARE);
    assert_int_equal(c.start[0], 0);
    assert_int_equal(c.end[0], strlen("Løsningene"));
    assert_true(c.flags[1] & SK_TOK_BARE);
    assert_int_equal(c.pos[2], 3);
    assert_string_equal(c.terms[2], "e-helse");
    assert_false(c.flags[2] & SK_TOK_BARE);
    assert_true(c.flags[3] & SK_TOK_SAME_POS);
    /* Without a filter the same text gives the stem of the first word. */
    collected all;
    run(text, &all);
    assert_string_equal(all.stems[0], "løsning");
}

/* Stems come from a memo after the first time: the same answer each time,
 * also for words that share a memo slot, and for words too long to memo. */
static void analyse__stems_are_the_same_from_the_memo(void **state)
{
    (void)state;
    static const char *const words[] = {
        "løsningene",    "kommunene",
        "helsesektoren", "informasjonssikkerhetsarbeidet",
        "vedtaket",      "forskningsinstitusjonenes-samarbeidsavtaler"};
    char first[6][256];
    for (int round = 0; round < 3; round++) {
        for (size_t i = 0; i < 6; i++) {
            char out[256];
            sk_err err = SK_ERR_INIT;
            int n = sk_analyse_stem(out, sizeof out, an, words[i], strlen(words[i]), &err);
            assert_true(n > 0);
            if (round == 0)
                memcpy(first[i], out, (size_t)n + 1);
            else
                assert_string_equal(out, first[i]);
        }
        /* Many other words in between push some of them out of the memo. */
        for (int k = 0; k < 20000; k++) {
            char w[32], out[64];
            int len = snprintf(w, sizeof w, "ord%dene", k);
            sk_err err = SK_ERR_INIT;
            assert_true(sk_analyse_stem(out, sizeof out, an, w, (size_t)len, &err) > 0);
        }
    }
    assert_string_equal(first[0], "løsning");
    assert_string_equal(first[2], "helsesektor");
    /* A stem that does not fit the caller's buffer is an error, memo or not. */
    char small[4];
    sk_err err = SK_ERR_INIT;
    assert_true(sk_analyse_stem(small, sizeof small, an, "kommunene", 9, &err) < 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(analyse__tokens_table),
        cmocka_unit_test(analyse__some_hands_declined_words_over_bare),
        cmocka_unit_test(analyse__stems_are_the_same_from_the_memo),
        cmocka_unit_test(analyse__lexicon_memos_hold_across_growth),
        cmocka_unit_test(analyse__hyphenated_parts_at_same_position),
        cmocka_unit_test(analyse__offsets_point_into_input),
        cmocka_unit_test(analyse__stems_join_inflections),
        cmocka_unit_test(analyse__invalid_utf8_is_a_separator),
        cmocka_unit_test(analyse__overlong_token_is_skipped),
        cmocka_unit_test(analyse__ascii_spellings),
        cmocka_unit_test(analyse__stopwords),
        cmocka_unit_test(analyse__lexicon_variants_table),
        cmocka_unit_test(analyse__variant_terms_end_in_nul),
        cmocka_unit_test(analyse__shortened_compound_is_completed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
