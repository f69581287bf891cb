/* test_snippet.c: windows, marks and escaping of snippets. */
#include "testutil.h"

#include "saksok/analysis/lexicon.h"
#include "saksok/query/snippet.h"

static sk_analyser *an;
static sk_lexicon *lex;

static int setup(void **state)
{
    (void)state;
    sk_err err = SK_ERR_INIT;
    if (sk_lexicon_open(&lex, sk_lexicon_default_path(), &err) != SK_OK)
        return -1;
    if (sk_analyser_new(&an, &err) != SK_OK)
        return -1;
    sk_analyser_set_lexicon(an, lex);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sk_analyser_free(an);
    sk_lexicon_free(lex);
    return 0;
}

/* A long text (many kB of other words) with s somewhere in the middle. */
static char *long_text(const char *s, size_t filler_before, size_t filler_after)
{
    static const char filler[] = "Direktoratet har arbeidet videre med planen for samarbeid "
                                 "mellom virksomhetene i sektoren og rapporterer status. ";
    sk_buf b = SK_BUF_INIT;
    sk_err err = SK_ERR_INIT;
    for (size_t i = 0; i < filler_before; i++)
        assert_int_equal(sk_buf_puts(&b, filler, &err), SK_OK);
    assert_int_equal(sk_buf_puts(&b, s, &err), SK_OK);
    for (size_t i = 0; i < filler_after; i++)
        assert_int_equal(sk_buf_puts(&b, filler, &err), SK_OK);
    return sk_buf_detach(&b, NULL);
}

static char *snippet(const char *query, const char *text, size_t max, sk_snippet_style style)
{
    sk_err err = SK_ERR_INIT;
    sk_query *q = NULL;
    assert_int_equal(sk_query_parse(&q, an, NULL, NULL, query, &err), SK_OK);
    sk_snippet s;
    assert_int_equal(sk_snippet_make(&s, an, q, text, strlen(text), max, &err), SK_OK);
    sk_buf out = SK_BUF_INIT;
    assert_int_equal(sk_snippet_format(&out, &s, text, strlen(text), style, &err), SK_OK);
    sk_snippet_release(&s);
    sk_query_free(q);
    return sk_buf_detach(&out, NULL);
}

/* The match stands 20 kB into the text, inside compounds (found through the
 * index's compound parts): the snippet is a short window around it, cut with
 * "…" on both sides, not the text from its start. */
static void snippet__long_text_window_is_short_and_marked(void **state)
{
    (void)state;
    char *text = long_text("HelseID er en felles påloggingsløsning, og helsepersonell får "
                           "engangspålogging. ",
                           150, 150);
    assert_true(strlen(text) > 20000);
    char *s = snippet("pålogging", text, 240, SK_SNIPPET_HTML);
    assert_true(strlen(s) < 400);
    assert_non_null(strstr(s, "<mark>påloggingsløsning</mark>"));
    assert_non_null(strstr(s, "<mark>engangspålogging</mark>"));
    assert_true(strncmp(s, "… ", strlen("… ")) == 0);
    assert_true(strlen(s) > 4 && strcmp(s + strlen(s) - strlen(" …"), " …") == 0);
    free(s);
    free(text);
}

/* Nothing to mark in a long text: its beginning, short, cut at a space. */
static void snippet__long_text_without_match_is_short(void **state)
{
    (void)state;
    char *text = long_text("", 100, 0);
    char *s = snippet("kjernejournal", text, 240, SK_SNIPPET_HTML);
    assert_true(strlen(s) <= 240 + strlen(" …"));
    assert_true(strncmp(s, "Direktoratet har", 16) == 0);
    assert_null(strstr(s, "<mark>"));
    free(s);
    free(text);
}

/* With the lexicon, snippets mark what the index matched: a compound by its
 * part, and OCR damage by its repair. */
static void snippet__marks_compound_parts_and_ocr_damage(void **state)
{
    (void)state;
    char *s = snippet("sikkerhet", "Arbeidet med informasjonssikkerhet fortsetter.", 240,
                      SK_SNIPPET_HTML);
    assert_string_equal(s, "Arbeidet med <mark>informasjonssikkerhet</mark> fortsetter.");
    free(s);
    s = snippet("støtte", "Direktoratet vil stgtte arbeidet.", 240, SK_SNIPPET_HTML);
    assert_string_equal(s, "Direktoratet vil <mark>stgtte</mark> arbeidet.");
    free(s);
}

static void snippet__marks_inflected_forms(void **state)
{
    (void)state;
    char *s = snippet("løsning", "Nye løsninger for\ndeling av data.", 240, SK_SNIPPET_HTML);
    assert_string_equal(s, "Nye <mark>løsninger</mark> for deling av data.");
    free(s);
}

static void snippet__escapes_html(void **state)
{
    (void)state;
    char *s = snippet("vedtak", "<b>Vedtak</b> & \"forslag\"", 240, SK_SNIPPET_HTML);
    assert_string_equal(s, "&lt;b&gt;<mark>Vedtak</mark>&lt;/b&gt; &amp; &quot;forslag&quot;");
    free(s);
}

static void snippet__window_goes_to_the_matches(void **state)
{
    (void)state;
    char text[4000] = "";
    for (int i = 0; i < 60; i++)
        strcat(text, "innledning uten treff her. ");
    strcat(text, "Her står vedtaket om digital hjemmeoppfølging i kommunene. ");
    for (int i = 0; i < 30; i++)
        strcat(text, "avslutning. ");
    char *s = snippet("digital hjemmeoppfølging", text, 120, SK_SNIPPET_HTML);
    assert_prefix(s, "… ");
    assert_contains(s, "<mark>digital</mark> <mark>hjemmeoppfølging</mark>");
    assert_true(strlen(s) < 120 + 80);
    assert_contains(s, " …");
    free(s);
}

static void snippet__plain_and_ansi(void **state)
{
    (void)state;
    char *s = snippet("helse", "Om e-helse i Norge", 240, SK_SNIPPET_PLAIN);
    assert_string_equal(s, "Om e-helse i Norge");
    free(s);
    s = snippet("helse", "Om e-helse i Norge", 240, SK_SNIPPET_ANSI);
    assert_string_equal(s, "Om e-\033[1mhelse\033[0m i Norge");
    free(s);
    s = snippet("e-helse", "Om e-helse i Norge", 240, SK_SNIPPET_HTML);
    assert_string_equal(s, "Om <mark>e-helse</mark> i Norge");
    free(s);
}

static void snippet__excluded_words_are_not_marked(void **state)
{
    (void)state;
    char *s = snippet("strategi -sikkerhet", "strategi for sikkerhet", 240, SK_SNIPPET_HTML);
    assert_string_equal(s, "<mark>strategi</mark> for sikkerhet");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(snippet__marks_inflected_forms),
        cmocka_unit_test(snippet__long_text_window_is_short_and_marked),
        cmocka_unit_test(snippet__long_text_without_match_is_short),
        cmocka_unit_test(snippet__marks_compound_parts_and_ocr_damage),
        cmocka_unit_test(snippet__escapes_html),
        cmocka_unit_test(snippet__window_goes_to_the_matches),
        cmocka_unit_test(snippet__plain_and_ansi),
        cmocka_unit_test(snippet__excluded_words_are_not_marked),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
