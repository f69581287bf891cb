/* test_snippet.c: windows, marks and escaping of snippets. */
#include "testutil.h"

#include "saksok/snippet.h"

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
        cmocka_unit_test(snippet__escapes_html),
        cmocka_unit_test(snippet__window_goes_to_the_matches),
        cmocka_unit_test(snippet__plain_and_ansi),
        cmocka_unit_test(snippet__excluded_words_are_not_marked),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
