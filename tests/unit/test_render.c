/* test_render.c: the JSON of DESIGN.md, written directly (sk_render_json)
 * and as Jansson writes the tree the search page is made from
 * (sk_render_json_value + sk_render_json_dump): the same bytes, and valid
 * JSON, whatever the strings hold. */
#include "testutil.h"

#include <jansson.h>

#include "saksok/query/render.h"

typedef struct fixture {
    sk_analyser *an;
    sk_query *q;
} fixture;

static int setup(void **state)
{
    static fixture f;
    sk_err err = SK_ERR_INIT;
    if (sk_analyser_new(&f.an, &err) != SK_OK ||
        sk_query_parse(&f.q, f.an, NULL, NULL, "vedtak", &err) != SK_OK)
        return -1;
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    sk_query_free(f->q);
    sk_analyser_free(f->an);
    return 0;
}

/* Both renderings of r; returns the direct one (malloc'd) after checking
 * that Jansson's is the same and that it parses. */
static char *both(const fixture *f, const char *query, const sk_results *r)
{
    sk_err err = SK_ERR_INIT;
    sk_buf direct = SK_BUF_INIT, dumped = SK_BUF_INIT;
    assert_int_equal(sk_render_json(&direct, query, r, f->an, f->q, &err), SK_OK);
    json_t *v = NULL;
    assert_int_equal(sk_render_json_value(&v, query, r, f->an, f->q, &err), SK_OK);
    assert_int_equal(sk_render_json_dump(&dumped, v, &err), SK_OK);
    json_decref(v);
    assert_string_equal(direct.data, dumped.data);
    json_error_t jerr;
    json_t *back = json_loads(direct.data, 0, &jerr);
    if (back == NULL)
        fail_msg("invalid JSON (%s): %s", jerr.text, direct.data);
    json_decref(back);
    char *s = strdup(direct.data);
    sk_buf_release(&direct);
    sk_buf_release(&dumped);
    return s;
}

/* s holds needle, or the test fails showing both. */
static void has(const char *s, const char *needle)
{
    if (strstr(s, needle) == NULL)
        fail_msg("missing «%s» in:\n%s", needle, s);
}

static sk_hit plain_hit(size_t rank, double score)
{
    sk_hit h = tu_hit(rank, score);
    h.title = "Legemiddelprogrammet – langsiktig finansiering";
    h.type = "Drøfting";
    h.text = "Forslag til vedtak: NUIT tar saken til orientering.";
    return h;
}

static void render__empty_results(void **state)
{
    sk_results r = {0};
    r.limit = 10;
    r.facets[SK_FACET_BODY].name = "body";
    r.facets[SK_FACET_YEAR].name = "year";
    r.facets[SK_FACET_TYPE].name = "type";
    char *s = both(*state, "ingenting", &r);
    has(s, "\"hits\": [],\n");
    has(s, "\"facets\": {\n    \"body\": {},\n    \"year\": {},\n    \"type\": {}\n  }\n}\n");
    has(s, "\"suggestion\": null,");
    free(s);
}

static void render__hits_scores_and_facets(void **state)
{
    sk_hit hits[3] = {plain_hit(1, 1.0), plain_hit(2, 0.8734), plain_hit(3, 0.0004)};
    hits[1].decision = "Vedtak: NUFA slutter seg til forslaget.";
    hits[1].decision_from_minutes = 1;
    hits[2].ocr = 1;
    hits[2].page_from = 0; /* unknown page: null */
    hits[2].body = NULL;
    memcpy(hits[0].id, "0123456789abcdef", SK_HIT_ID_SIZE);
    memcpy(hits[0].added, "1621499415123456", SK_STAMP_SIZE); /* 2021-05-20T08:30:15.123456Z */
    sk_facet_value bodies[] = {{"NUIT", 4}, {"Nasjonalt e-helsestyre", 2}};
    sk_facet_value years[] = {{"2021", 5}};
    sk_results r = {0};
    r.total = 1815;
    r.offset = 20;
    r.limit = 3;
    r.relaxed = 1;
    r.suggestion = "legemiddelprogrammet";
    r.hits = hits;
    r.n_hits = 3;
    r.facets[SK_FACET_BODY] = (sk_facet){"body", bodies, 2};
    r.facets[SK_FACET_YEAR] = (sk_facet){"year", years, 1};
    r.facets[SK_FACET_TYPE] = (sk_facet){"type", NULL, 0};
    char *s = both(*state, "legemiddelprogramet", &r);
    has(s, "\"score\": 1.0,");
    has(s, "\"score\": 0.873");
    has(s, "\"score\": 0.0,");
    has(s, "\"page_from\": null,");
    has(s, "\"decision_from_minutes\": true,");
    has(s, "\"url\": \"nuit/2021/2021-05-20-nuit-saksdokumenter.pdf#page=");
    has(s, "\"Nasjonalt e-helsestyre\": 2");
    has(s, "\"relaxed\": true,");
    has(s, "<mark>vedtak</mark>");
    has(s, "\"id\": \"0123456789abcdef\",");
    has(s, "\"added\": \"2021-05-20T08:30:15.123456Z\",");
    has(s, "\"id\": null,"); /* hits of an index made before ids */
    has(s, "\"added\": null,");
    free(s);
}

/* Quotes, backslashes, control characters, non-ASCII text and bytes that
 * are not UTF-8: escaped as Jansson does, stray bytes as U+FFFD in both. */
static void render__strings_escaped(void **state)
{
    sk_hit h = plain_hit(1, 0.5);
    h.title = "«Sak» \"13/21\" \\ a/b\tc\nd\re\bf\fg\x01h\x1fi\x7fj – ø";
    h.presenter = "Ola \xff Nordmann";
    h.archive_no = "22/4711-3";
    h.doc_title = "\xc3\x28 and \xed\xa0\x80 (a surrogate) and \xf0\x9f\x98\x80";
    h.text = "Vedtak \x02 \"sitat\" og \\ skråstrek";
    sk_facet_value types[] = {{"Dr\370fting", 1}, {"Til \"orientering\"", 2}};
    sk_results r = {0};
    r.total = 1;
    r.limit = 10;
    r.hits = &h;
    r.n_hits = 1;
    r.facets[SK_FACET_BODY].name = "body";
    r.facets[SK_FACET_YEAR].name = "year";
    r.facets[SK_FACET_TYPE] = (sk_facet){"type", types + 1, 1};
    char *s = both(*state, "vedtak \xfe\"", &r);
    has(s,
        "\"title\": \"«Sak» \\\"13/21\\\" \\\\ a/b\\tc\\nd\\re\\bf\\fg\\u0001h\\u001Fi\x7fj – ø\"");
    has(s, "\"presenter\": \"Ola \xEF\xBF\xBD Nordmann\"");
    has(s, "\"archive_no\": \"22/4711-3\"");
    has(s, "\"doc_title\": \"\xEF\xBF\xBD( and ");
    has(s, "\xf0\x9f\x98\x80\"");
    has(s, "\"query\": \"vedtak \xEF\xBF\xBD\\\"\"");
    has(s, "\"Til \\\"orientering\\\"\": 2");
    free(s);
    /* A facet value that is not UTF-8: repaired, in the tree as in the text. */
    r.facets[SK_FACET_TYPE] = (sk_facet){"type", types, 1};
    s = both(*state, "vedtak", &r);
    has(s, "\"Dr\357\277\275fting\": 1"); /* U+FFFD */
    free(s);
}

/* A file name that is markup and URL syntax: the JSON's url has each path
 * segment percent-encoded (as the search page's link), the file as it is. */
static void render__url_encoded(void **state)
{
    sk_hit h = plain_hit(1, 0.5);
    h.file = "dir/x\"><img src=x onerror=alert(1)> #?&%41.html";
    h.format = "html";
    h.page_from = h.page_to = 0;
    sk_results r = {0};
    r.total = 1;
    r.limit = 10;
    r.hits = &h;
    r.n_hits = 1;
    char *s = both(*state, "vedtak", &r);
    has(s, "\"url\": "
           "\"dir/x%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E%20%23%3F%26%2541.html\"");
    has(s, "\"file\": \"dir/x\\\"><img src=x onerror=alert(1)> #?&%41.html\"");
    free(s);
}

/* Text for a terminal: escape sequences in a title, a decision or a file
 * name are not written (ESC, other C0 and C1 controls, bytes that are not
 * UTF-8 become '?'). */
static void render__text_has_no_terminal_escapes(void **state)
{
    fixture *f = *state;
    sk_hit h = plain_hit(1, 0.5);
    h.title = "Tittel \x1b]0;pwned\x07 \x1b[2J slutt";
    h.decision = "Vedtatt \xc2\x9b"
                 "31m rødt";
    h.file = "nuit/\x1b[31mrød\xff.pdf";
    sk_results r = {0};
    r.total = 1;
    r.limit = 10;
    r.hits = &h;
    r.n_hits = 1;
    sk_buf out = SK_BUF_INIT;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_render_text(&out, "vedtak\x1b[1m", &r, f->an, f->q, 0, &err), SK_OK);
    assert_null(memchr(out.data, 0x1b, out.len));
    assert_null(memchr(out.data, 0x07, out.len));
    assert_null(strstr(out.data, "\xc2\x9b"));
    has(out.data, "Tittel ?]0;pwned? ?[2J slutt");
    has(out.data, "Vedtak: Vedtatt ?31m rødt");
    has(out.data, "nuit/?[31mrød?.pdf");
    sk_buf_release(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(render__empty_results),
        cmocka_unit_test(render__hits_scores_and_facets),
        cmocka_unit_test(render__strings_escaped),
        cmocka_unit_test(render__url_encoded),
        cmocka_unit_test(render__text_has_no_terminal_escapes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
