/* test_webpage.c: request validation and the HTML search page of saksok-fcgi. */
#include "testutil.h"

#include <glib.h>
#include <jansson.h>

#include "saksok/query/webpage.h"
#include "saksok/query/render.h"

static const sk_web_conf conf = {"/papers/"};

static sk_web_req parse_ok(const char *qs)
{
    sk_web_req r;
    sk_err err = SK_ERR_INIT;
    int rc = sk_web_req_parse(&r, qs, strlen(qs), &err);
    if (rc != SK_OK)
        fail_msg("%s: %s", qs, err.msg);
    return r;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* ---- validation ---- */

static void page__parse_reads_known_params(void **state)
{
    (void)state;
    sk_web_req r = parse_ok("q=digital+hjemmeoppf%C3%B8lging&page=3&body=NUIT&year=2021"
                            "&type=Dr%C3%B8fting&format=json");
    assert_string_equal(r.v[SK_PARAM_Q], "digital hjemmeoppfølging");
    assert_string_equal(r.v[SK_PARAM_BODY], "NUIT");
    assert_string_equal(r.v[SK_PARAM_YEAR], "2021");
    assert_string_equal(r.v[SK_PARAM_TYPE], "Drøfting");
    assert_int_equal(r.page, 3);
    assert_int_equal(r.json, 1);
    sk_web_req_release(&r);
}

static void page__parse_ignores_unknown_params(void **state)
{
    (void)state;
    sk_web_req r = parse_ok("utm_source=%ZZ&&x&q=helse&Q=nope&%FF=1&file=/etc/passwd");
    assert_string_equal(r.v[SK_PARAM_Q], "helse");
    assert_null(r.v[SK_PARAM_BODY]);
    assert_int_equal(r.page, 1);
    assert_int_equal(r.json, 0);
    sk_web_req_release(&r);
}

static void page__parse_empty_values_are_absent(void **state)
{
    (void)state;
    sk_web_req r = parse_ok("q=&body=&year=&type=&page=&format=");
    for (int p = 0; p < SK_N_PARAMS; p++)
        assert_null(r.v[p]);
    assert_int_equal(r.page, 1);
    sk_web_req_release(&r);
    r = parse_ok("");
    assert_null(r.v[SK_PARAM_Q]);
    sk_web_req_release(&r);
}

static const struct bad_case {
    const char *qs;
    int code;
    const char *msg; /* start of the message */
} bad_cases[] = {
    {"q=x&page=0", SK_EINVAL, "«page» må være et helt tall fra 1 til 100"},
    {"q=x&page=101", SK_EINVAL, "«page»"},
    {"q=x&page=abc", SK_EINVAL, "«page»"},
    {"q=x&page=-1", SK_EINVAL, "«page»"},
    {"q=x&page=1e2", SK_EINVAL, "«page»"},
    {"q=x&page=0010", SK_EINVAL, "«page»"},
    {"q=x&page=+5", SK_EINVAL, "«page»"},
    {"q=x&year=21", SK_EINVAL, "«year» må være et årstall"},
    {"q=x&year=20x1", SK_EINVAL, "«year»"},
    {"q=x&format=xml", SK_EINVAL, "«format» må være html, json, csv eller atom"},
    {"similar=0123456789ABCDEF", SK_EINVAL, "«similar» må være id-en til et treff"},
    {"similar=../../etc/passwd", SK_EINVAL, "«similar» må være id-en"},
    {"similar=0123456789abcde", SK_EINVAL, "«similar»"},
    {"q=%ZZ", SK_EINVAL, "«q» har en ugyldig %-koding"},
    {"q=ab%4", SK_EINVAL, "«q» har en ugyldig %-koding"},
    {"q=ab%", SK_EINVAL, "«q» har en ugyldig %-koding"},
    {"q=a%00b", SK_EINVAL, "«q» inneholder et NUL-tegn"},
    {"q=%C3", SK_EINVAL, "«q» er ikke gyldig UTF-8"},
    {"q=%C0%AF", SK_EINVAL, "«q» er ikke gyldig UTF-8"},       /* overlong '/' */
    {"q=%ED%A0%80", SK_EINVAL, "«q» er ikke gyldig UTF-8"},    /* a surrogate */
    {"q=%F4%90%80%80", SK_EINVAL, "«q» er ikke gyldig UTF-8"}, /* above U+10FFFF */
    {"q=x&body=NU%0AIT", SK_EINVAL, "«body» inneholder kontrolltegn"},
    {"q=x&type=%1B", SK_EINVAL, "«type» inneholder kontrolltegn"},
    {"q=a&q=b", SK_EINVAL, "«q» er gitt mer enn én gang"},
    {"q=x&sort=eldst", SK_EINVAL, "«sort» må være relevance eller date"},
    {"case=NUIT+1%2F21%0A", SK_EINVAL, "«case» inneholder kontrolltegn"},
};

static void page__parse_rejects_bad_values(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
        const struct bad_case *c = &bad_cases[i];
        sk_web_req r;
        sk_err err = SK_ERR_INIT;
        int rc = sk_web_req_parse(&r, c->qs, strlen(c->qs), &err);
        if (rc != c->code || strncmp(err.msg, c->msg, strlen(c->msg)) != 0)
            fail_msg("%s: got %d '%s', want %d '%s'", c->qs, rc, err.msg, c->code, c->msg);
        for (int p = 0; p < SK_N_PARAMS; p++)
            assert_null(r.v[p]); /* nothing half-checked is left to read */
        sk_web_req_release(&r);
    }
}

static void page__parse_rejects_raw_nul(void **state)
{
    (void)state;
    sk_web_req r;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_web_req_parse(&r, "q=a\0b", 5, &err), SK_EINVAL);
    assert_contains(err.msg, "NUL");
    sk_web_req_release(&r);
}

static void page__parse_bounds_the_query(void **state)
{
    (void)state;
    char qs[SK_WEB_QS_MAX + 16];
    strcpy(qs, "q=");
    memset(qs + 2, 'a', SK_WEB_QUERY_MAX);
    qs[2 + SK_WEB_QUERY_MAX] = '\0';
    sk_web_req r = parse_ok(qs);
    assert_int_equal(strlen(r.v[SK_PARAM_Q]), SK_WEB_QUERY_MAX);
    sk_web_req_release(&r);

    strcat(qs, "a");
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_web_req_parse(&r, qs, strlen(qs), &err), SK_ELIMIT);
    assert_prefix(err.msg, "«q» er for langt: 401 byte");
    sk_web_req_release(&r);

    /* 400 bytes once decoded: "%C3%B8" is 2 bytes */
    strcpy(qs, "q=");
    for (int i = 0; i < SK_WEB_QUERY_MAX / 2; i++)
        strcat(qs, "%C3%B8");
    r = parse_ok(qs);
    sk_web_req_release(&r);

    memset(qs, 'x', sizeof qs - 1);
    qs[sizeof qs - 1] = '\0';
    memcpy(qs, "q=a&z=", 6);
    sk_err_clear(&err);
    assert_int_equal(sk_web_req_parse(&r, qs, strlen(qs), &err), SK_ELIMIT);
    assert_prefix(err.msg, "Forespørselen er for lang");
    sk_web_req_release(&r);
}

static void page__parse_error_keeps_format(void **state)
{
    (void)state;
    sk_web_req r;
    sk_err err = SK_ERR_INIT;
    const char *qs = "page=0&format=json&q=x";
    assert_int_equal(sk_web_req_parse(&r, qs, strlen(qs), &err), SK_EINVAL);
    assert_int_equal(r.json, 1);
    assert_prefix(err.msg, "«page»"); /* the first error wins */
    sk_web_req_release(&r);
}

/* ---- links ---- */

static char *href(const sk_web_req *r, sk_param p, const char *v)
{
    sk_buf b = SK_BUF_INIT;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_web_href(&b, r, p, v, &err), SK_OK);
    return sk_buf_detach(&b, NULL);
}

static void page__href_keeps_query_and_filters(void **state)
{
    (void)state;
    sk_web_req r = parse_ok("q=a+b%26c%3D%22%3C&body=NUIT&page=3&format=json&x=1");
    char *s = href(&r, SK_PARAM_YEAR, "2021");
    assert_string_equal(s, "?q=a+b%26c%3D%22%3C&amp;body=NUIT&amp;year=2021");
    free(s);
    s = href(&r, SK_PARAM_PAGE, "4");
    assert_string_equal(s, "?q=a+b%26c%3D%22%3C&amp;body=NUIT&amp;page=4");
    free(s);
    s = href(&r, SK_PARAM_BODY, NULL); /* remove the filter */
    assert_string_equal(s, "?q=a+b%26c%3D%22%3C");
    free(s);
    s = href(&r, SK_PARAM_PAGE, "1");
    assert_string_equal(s, "?q=a+b%26c%3D%22%3C&amp;body=NUIT");
    free(s);
    s = href(NULL, SK_PARAM_Q, "sak 13/21 «ø»");
    assert_string_equal(s, "?q=sak+13%2F21+%C2%AB%C3%B8%C2%BB");
    free(s);
    sk_web_req_release(&r);
}

static void page__paper_url_encodes_segments(void **state)
{
    (void)state;
    static const struct {
        const char *base, *file;
        int page;
        const char *want;
    } cases[] = {
        {"/papers/", "nuit/2021/2021-05-20-saksdokumenter.pdf", 12,
         "/papers/nuit/2021/2021-05-20-saksdokumenter.pdf#page=12"},
        {"/papers", "nufa/møte 1#a?b.pdf", 3, "/papers/nufa/m%C3%B8te%201%23a%3Fb.pdf#page=3"},
        {"https://intranett.example/arkiv/", "/nufa/sak.html", 0,
         "https://intranett.example/arkiv/nufa/sak.html"},
        {"/p/", "a\"<b>.pdf", 1, "/p/a%22%3Cb%3E.pdf#page=1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        sk_buf b = SK_BUF_INIT;
        sk_err err = SK_ERR_INIT;
        assert_int_equal(sk_web_paper_url(&b, cases[i].base, cases[i].file, cases[i].page, &err),
                         SK_OK);
        assert_string_equal(b.data, cases[i].want);
        sk_buf_release(&b);
    }
}

/* ---- the page ---- */

static char *page_of(const char *qs, const char *json)
{
    json_error_t jerr;
    json_t *res = json_loads(json, 0, &jerr);
    if (res == NULL)
        fail_msg("bad test JSON: %s", jerr.text);
    sk_web_req r = parse_ok(qs);
    sk_buf b = SK_BUF_INIT;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_web_results(&b, &conf, &r, res, &err), SK_OK);
    sk_web_req_release(&r);
    json_decref(res);
    return sk_buf_detach(&b, NULL);
}

static const char evil_json[] =
    "{\"query\": \"x\", \"total\": 1, \"offset\": 0, \"limit\": 10,"
    " \"suggestion\": \"<script>alert(2)</script>\", \"relaxed\": false,"
    " \"hits\": [{\"rank\": 1, \"file\": \"nuit/<script>.pdf\", \"page_from\": 2, \"page_to\": 2,"
    "   \"body\": \"\\\"'><b>\", \"meeting_date\": \"2021-05-20\", \"case\": \"13/21<i>\","
    "   \"role\": \"case\", \"title\": \"<script>alert(3)</script>\", \"type\": \"<u>\","
    "   \"proposed_decision\": null, \"decision\": \"<img src=x onerror=alert(4)>\","
    "   \"snippet\": \"a <mark>b</mark> <img src=x onerror=alert(5)> <marker> c\"}],"
    " \"facets\": {\"body\": {\"<script>alert(6)</script>\": 1, \"\\\"'><\": 2},"
    "   \"year\": {\"2021\": 1}, \"type\": {\"<svg onload=alert(7)>\": 1}}}";

static void page__escapes_everything_echoed(void **state)
{
    (void)state;
    char *s = page_of("q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%27%3E%3C&body=%22%27%3E%3C"
                      "&type=%3Cscript%3E",
                      evil_json);
    assert_int_equal(count(s, "<script"), 0);
    assert_int_equal(count(s, "<img"), 0);
    assert_int_equal(count(s, "<svg onload"), 0);
    assert_int_equal(count(s, "<b>"), 0);
    assert_int_equal(count(s, "<i>"), 0);
    assert_int_equal(count(s, "<u>"), 0);
    assert_int_equal(count(s, "<marker"), 0);
    assert_int_equal(count(s, "\"'><"), 0);
    assert_contains(s, "value=\"&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;&lt;\"");
    assert_contains(s, "&lt;script&gt;alert(3)&lt;/script&gt;");
    assert_contains(s, "a <mark>b</mark> &lt;img src=x onerror=alert(5)&gt; &lt;marker&gt; c");
    assert_contains(s, "&lt;script&gt;alert(6)&lt;/script&gt;");
    assert_contains(s, "href=\"/papers/nuit/%3Cscript%3E.pdf#page=2\"");
    /* filters in hidden fields and in the active-filter list */
    assert_contains(s, "name=\"body\" value=\"&quot;&#39;&gt;&lt;\"");
    free(s);
}

static void page__message_escapes(void **state)
{
    (void)state;
    sk_buf b = SK_BUF_INIT;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_web_message(&b, &conf, NULL, "Feil <b>", "unbalanced quote: \"<x>", &err),
                     SK_OK);
    assert_contains(b.data, "<h2>Feil &lt;b&gt;</h2>");
    assert_contains(b.data, "unbalanced quote: &quot;&lt;x&gt;");
    assert_contains(b.data, "value=\"\"");
    assert_contains(b.data, "<html lang=\"nb\">");
    assert_contains(b.data, "<label for=\"q\">");
    assert_contains(b.data, "name=\"viewport\"");
    sk_buf_release(&b);

    b = (sk_buf)SK_BUF_INIT; /* the empty search page */
    assert_int_equal(sk_web_message(&b, &conf, NULL, NULL, NULL, &err), SK_OK);
    assert_not_contains(b.data, "role=\"alert\"");
    assert_contains(b.data, "<h1>");
    sk_buf_release(&b);
}

static const char full_json[] =
    "{\"query\": \"helse\", \"total\": 95, \"offset\": 20, \"limit\": 10,"
    " \"suggestion\": null, \"relaxed\": false,"
    " \"hits\": [{\"rank\": 21, \"file\": \"nufa/2020/sak.pdf\", \"page_from\": 9,"
    "   \"page_to\": 10, \"body\": \"NUFA\", \"meeting_date\": \"2020-06-12\", \"case\": \"22/20\","
    "   \"role\": \"minutes\", \"title\": \"Digital hjemmeoppfølging\", \"type\": \"Drøfting\","
    "   \"proposed_decision\": null, \"decision\": \"NUFA tar saken til orientering.\","
    "   \"archive_no\": \"20/964<b>\", \"snippet\": \"… <mark>helse</mark> …\","
    "   \"id\": \"0123456789abcdef\"},"
    "  {\"rank\": 22, \"file\": \"nuit/2021/x.pdf\", \"page_from\": 4, \"page_to\": 4,"
    "   \"body\": null, \"meeting_date\": null, \"case\": null, \"role\": \"page\","
    "   \"title\": null, \"type\": null, \"proposed_decision\": \"NUIT tar saken til "
    "orientering.\","
    "   \"decision\": null, \"snippet\": \"tekst\"},"
    "  {\"rank\": 23, \"file\": \"nuit/sak.html\", \"page_from\": null, \"page_to\": null,"
    "   \"title\": \"Side\", \"snippet\": \"\"}],"
    " \"facets\": {\"body\": {\"NUIT\": 60, \"NUFA\": 35}, \"year\": {\"2021\": 40, \"2019\": 10,"
    "   \"2020\": 20}, \"type\": {\"Drøfting\": 30}}}";

static void page__renders_hits_as_in_the_cli(void **state)
{
    (void)state;
    char *s = page_of("q=helse&page=3", full_json);
    assert_contains(s, "95 treff for «helse»; viser 21–23.");
    assert_contains(s, "<ol class=\"hits\" start=\"21\">");
    assert_contains(s, "href=\"/papers/nufa/2020/sak.pdf#page=9\">Digital hjemmeoppfølging</a>");
    assert_contains(s, "<span>NUFA</span><span>Møte <time datetime=\"2020-06-12\">12. juni "
                       "2020</time></span><span>Sak 22/20</span><span>Drøfting</span>"
                       "<span>Referat</span><span><a class=\"story\" "
                       "href=\"?case=NUFA+22%2F20\">Sakens gang</a></span>"
                       "<span class=\"archive\">Arkivsak 20/964&lt;b&gt;"
                       "</span><span>s. 9–10</span>");
    assert_contains(s, "<strong>Vedtak:</strong> NUFA tar saken til orientering.");
    assert_contains(s, "<strong>Forslag til vedtak:</strong> NUIT tar saken til orientering.");
    assert_contains(s, "<p class=\"snippet\">… <mark>helse</mark> …</p>");
    /* null fields are simply not shown; a hit without a title shows its file */
    assert_contains(s, "href=\"/papers/nuit/2021/x.pdf#page=4\">nuit/2021/x.pdf</a></h3>\n"
                       "<p class=\"meta\"><span>s. 4</span></p>");
    assert_contains(s, "href=\"/papers/nuit/sak.html\">Side</a></h3>\n<p class=\"meta\"></p>");
    assert_not_contains(s, "null");
    assert_not_contains(s, "<span></span>");
    assert_int_equal(count(s, "<h1"), 1);
    assert_int_equal(count(s, "<h3"), 3 + 3); /* three hits, three facets */
    free(s);
}

/* The feed and the CSV of the same search, offered in the head and on the
 * page; "Lignende saker" for a hit with an id; format= and similar= read. */
static void page__feed_csv_and_similar_links(void **state)
{
    (void)state;
    char *s = page_of("q=helse&body=NUFA&page=3", full_json);
    assert_contains(s, "<link rel=\"alternate\" type=\"application/atom+xml\" "
                       "title=\"Nye treff for dette søket\" "
                       "href=\"?q=helse&amp;body=NUFA&amp;format=atom\">");
    assert_contains(s, "<a href=\"?q=helse&amp;body=NUFA&amp;format=atom\" "
                       "type=\"application/atom+xml\">Abonner på nye treff (Atom)</a>");
    assert_contains(s, "<a href=\"?q=helse&amp;body=NUFA&amp;format=csv\" "
                       "type=\"text/csv\">Last ned treffene som CSV</a>");
    assert_contains(s, "<a href=\"?similar=0123456789abcdef\">Lignende saker</a>");
    assert_int_equal(count(s, "?similar="), 1); /* only the hit that has an id */
    free(s);
    sk_web_req r = parse_ok("similar=0123456789abcdef&format=atom");
    assert_string_equal(r.v[SK_PARAM_SIMILAR], "0123456789abcdef");
    assert_int_equal(r.atom, 1);
    assert_int_equal(r.csv + r.json, 0);
    sk_web_req_release(&r);
    r = parse_ok("q=x&format=csv");
    assert_int_equal(r.csv, 1);
    sk_web_req_release(&r);
    s = page_of("similar=0123456789abcdef", full_json);
    assert_contains(s, "href=\"?similar=0123456789abcdef&amp;format=atom\"");
    assert_contains(s, "treff for «saker som ligner»");
    free(s);
}

static void page__paging_links(void **state)
{
    (void)state;
    char *s = page_of("q=helse&page=3", full_json); /* 95 hits: pages 1-10 */
    assert_contains(s, "<a rel=\"prev\" href=\"?q=helse&amp;page=2\">Forrige</a>");
    assert_contains(s, "<a rel=\"next\" href=\"?q=helse&amp;page=4\">Neste</a>");
    assert_contains(s, "href=\"?q=helse\" aria-label=\"Side 1\">1</a>");
    assert_contains(s, "aria-current=\"page\" href=\"#treff\">3</a>");
    assert_contains(s, "href=\"?q=helse&amp;page=10\" aria-label=\"Side 10\">10</a>");
    assert_not_contains(s, "page=11");
    free(s);

    s = page_of("q=helse&page=10", full_json);
    assert_not_contains(s, "rel=\"next\"");
    assert_contains(s, "rel=\"prev\"");
    free(s);

    /* far more hits than 100 pages: the last link is page 100 */
    char big[sizeof full_json + 8];
    strcpy(big, full_json);
    char *t = strstr(big, "\"total\": 95");
    memcpy(t, "\"total\": 9999999", 16);
    strcpy(t + 16, strstr(full_json, ", \"offset\""));
    s = page_of("q=helse&page=100", big);
    assert_not_contains(s, "rel=\"next\"");
    assert_contains(s, "Over 9999999 treff");
    assert_not_contains(s, "page=101");
    free(s);
}

static void page__facet_links_narrow_the_search(void **state)
{
    (void)state;
    char *s = page_of("q=helse&page=3&type=Dr%C3%B8fting", full_json);
    assert_contains(s, "<h2 id=\"avgrens\">Avgrens søket</h2>");
    assert_contains(s, "<a href=\"?q=helse&amp;body=NUIT&amp;type=Dr%C3%B8fting\">"
                       "<span>NUIT</span> <span class=\"n\">60</span></a>");
    assert_contains(s, "href=\"?q=helse&amp;year=2019&amp;type=Dr%C3%B8fting\">");
    /* years newest first in the list */
    assert_true(strstr(s, "year=2021&amp;type=Dr%C3%B8fting\"><span>2021") <
                strstr(s, "year=2019&amp;type=Dr%C3%B8fting\"><span>2019"));
    /* the active filter is not a link, and can be removed */
    assert_contains(s, "<span class=\"on\" aria-current=\"true\"><span>Drøfting</span>");
    assert_contains(s, "Sakstype: <strong>Drøfting</strong> <a href=\"?q=helse\">Fjern");
    assert_contains(s, "<input type=\"hidden\" name=\"type\" value=\"Drøfting\">");
    free(s);

    /* no facets: no aside, no timeline */
    s = page_of("q=x", "{\"query\": \"x\", \"total\": 0, \"offset\": 0, \"hits\": [],"
                       " \"facets\": {\"body\": {}, \"year\": {}, \"type\": {}}}");
    assert_not_contains(s, "<aside");
    assert_not_contains(s, "<svg");
    assert_contains(s, "Ingen treff for «x».");
    free(s);
}

static void page__suggestion_links_a_search(void **state)
{
    (void)state;
    char *s = page_of("q=hjemmeoppfolging&body=NUIT",
                      "{\"query\": \"hjemmeoppfolging\", \"total\": 0, \"offset\": 0,"
                      " \"suggestion\": \"hjemmeoppfølging\", \"hits\": [], \"facets\": {}}");
    assert_contains(s, "Mente du <a href=\"?q=hjemmeoppf%C3%B8lging&amp;body=NUIT\">"
                       "hjemmeoppfølging</a>?");
    free(s);
}

/* How the query was read, and the search without the reading (literal=1,
 * kept by the links that follow). */
static void page__reading_and_its_undo(void **state)
{
    (void)state;
    char *s = page_of("q=vedtak+mai+2021&body=NUIT",
                      "{\"query\": \"vedtak mai 2021\", \"total\": 0, \"offset\": 0,"
                      " \"reading\": {\"text\": \"møter i mai 2021, vedtak\"},"
                      " \"hits\": [], \"facets\": {}}");
    assert_contains(s, "Tolket som: møter i mai 2021, vedtak. <a href=\"?q=vedtak+mai+2021&amp;"
                       "body=NUIT&amp;literal=1\">Søk etter ordene som skrevet</a>");
    free(s);
    s = page_of("q=vedtak+mai+2021&literal=1",
                "{\"query\": \"vedtak mai 2021\", \"total\": 0, \"offset\": 0,"
                " \"reading\": null, \"hits\": [], \"facets\": {}}");
    assert_null(strstr(s, "Tolket som"));
    free(s);
    s = page_of("q=a", "{\"query\": \"a\", \"total\": 1, \"offset\": 0, \"hits\": [{"
                       "\"file\": \"a.pdf\", \"presenter\": \"Kari <K>\", \"sender\": null,"
                       " \"case_officer\": \"Ola Hansen\"}], \"facets\": {}}");
    assert_contains(s, "<p class=\"meta actors\"><span>Presenterer: Kari &lt;K&gt;</span>"
                       "<span>Saksbehandler: Ola Hansen</span></p>");
    free(s);
    sk_web_req r = parse_ok("q=a&literal=1");
    assert_string_equal(r.v[SK_PARAM_LITERAL], "1");
    sk_web_req_release(&r);
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_web_req_parse(&r, "q=a&literal=yes", 15, &err), SK_EINVAL);
    sk_web_req_release(&r);
}

/* The heights of the bars, in order. */
static int bar_heights(const char *svg, int *h, int max)
{
    int n = 0;
    for (const char *p = strstr(svg, "<rect class=\"bar"); p && n < max;
         p = strstr(p + 1, "<rect class=\"bar")) {
        const char *hp = strstr(p, " height=\"");
        assert_non_null(hp);
        h[n++] = atoi(hp + 9);
    }
    return n;
}

static void page__timeline_one_bar_per_year(void **state)
{
    (void)state;
    json_t *years =
        json_pack("{s:i, s:i, s:i, s:i}", "2021", 80, "2019", 20, "2020", 40, "2016", 10);
    sk_web_req r = parse_ok("q=helse&year=2020");
    sk_buf b = SK_BUF_INIT;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_web_timeline(&b, &r, years, &err), SK_OK);
    int h[10];
    assert_int_equal(bar_heights(b.data, h, 10), 4);
    /* oldest first, proportional to the counts (the tallest is 60) */
    assert_int_equal(h[0], 8);  /* 2016: 10 */
    assert_int_equal(h[1], 15); /* 2019: 20 */
    assert_int_equal(h[2], 30); /* 2020: 40 */
    assert_int_equal(h[3], 60); /* 2021: 80 */
    assert_true(strstr(b.data, "<title>2016: 10 treff</title>") <
                strstr(b.data, "<title>2021: 80 treff</title>"));
    assert_int_equal(count(b.data, "<title"), 5); /* the chart's own and one per bar */
    assert_contains(b.data, "<a href=\"?q=helse&amp;year=2019\"><title>2019: 20 treff</title>");
    assert_contains(b.data, "<rect class=\"bar on\""); /* the active year */
    /* years to scale: 2016 .. 2021 is six slots of 40 */
    assert_contains(b.data, "viewBox=\"0 0 240 ");
    sk_buf_release(&b);
    json_decref(years);

    years = json_object();
    assert_int_equal(sk_web_timeline(&b, &r, years, &err), SK_OK);
    assert_null(b.data);
    json_decref(years);
    sk_web_req_release(&r);
}

static void page__csp_allows_exactly_the_stylesheet(void **state)
{
    (void)state;
    char *csp = NULL;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_web_csp(&csp, &err), SK_OK);
    gchar *hex = g_compute_checksum_for_string(G_CHECKSUM_SHA256, sk_web_style(), -1);
    guint8 digest[32];
    for (int i = 0; i < 32; i++)
        digest[i] = (guint8)strtol((char[]){hex[2 * i], hex[2 * i + 1], 0}, NULL, 16);
    gchar *b64 = g_base64_encode(digest, 32);
    char want[128];
    snprintf(want, sizeof want, "style-src 'sha256-%s';", b64);
    assert_contains(csp, want);
    assert_prefix(csp, "default-src 'none';");
    assert_contains(csp, "frame-ancestors 'none'");
    assert_contains(csp, "base-uri 'none'");
    assert_contains(csp, "form-action 'self'");
    assert_not_contains(csp, "unsafe");
    g_free(b64);
    g_free(hex);
    free(csp);
}

/* Hand-built sk_results through the JSON builder the CLI uses, then the page. */
static void page__from_search_results(void **state)
{
    (void)state;
    sk_err err = SK_ERR_INIT;
    sk_analyser *an = NULL;
    sk_query *q = NULL;
    assert_int_equal(sk_analyser_new(&an, &err), SK_OK);
    assert_int_equal(sk_query_parse(&q, an, NULL, NULL, "vedtak", &err), SK_OK);
    sk_hit hit = tu_hit(1, 1.0);
    hit.file = "nuit/2021/<x>.pdf";
    hit.page_from = 3;
    hit.page_to = 3;
    hit.role = NULL;
    hit.title = "Sak om <vedtak>";
    hit.type = "Drøfting";
    hit.proposed_decision = "NUIT tar saken til orientering.";
    hit.text = "Forslag til vedtak: <script>alert(1)</script> NUIT tar saken til orientering.";
    sk_facet_value bodies[] = {{"NUIT", 4}, {"<b>NUFA</b>", 2}};
    sk_facet_value years[] = {{"2020", 1}, {"2021", 5}};
    sk_results res = {0};
    res.total = 1;
    res.limit = 10;
    res.hits = &hit;
    res.n_hits = 1;
    res.facets[SK_FACET_BODY] = (sk_facet){"body", bodies, 2};
    res.facets[SK_FACET_YEAR] = (sk_facet){"year", years, 2};
    res.facets[SK_FACET_TYPE] = (sk_facet){"type", NULL, 0};
    json_t *v = NULL;
    assert_int_equal(sk_render_json_value(&v, "vedtak", &res, an, q, &err), SK_OK);
    /* the JSON the page is made from is the CLI's */
    sk_buf a = SK_BUF_INIT, b = SK_BUF_INIT;
    assert_int_equal(sk_render_json_dump(&a, v, &err), SK_OK);
    assert_int_equal(sk_render_json(&b, "vedtak", &res, an, q, &err), SK_OK);
    assert_string_equal(a.data, b.data);
    sk_buf_release(&a);
    sk_buf_release(&b);

    sk_web_req r = parse_ok("q=vedtak");
    assert_int_equal(sk_web_results(&a, &conf, &r, v, &err), SK_OK);
    assert_int_equal(count(a.data, "<script"), 0);
    assert_int_equal(count(a.data, "<b>"), 0);
    assert_contains(a.data, "<mark>vedtak</mark>");
    assert_contains(a.data, "href=\"/papers/nuit/2021/%3Cx%3E.pdf#page=3\">Sak om &lt;vedtak&gt;");
    assert_contains(a.data, "<span class=\"n\">4</span>");
    assert_contains(a.data, "&lt;b&gt;NUFA&lt;/b&gt;");
    assert_int_equal(count(a.data, "<rect class=\"bar"), 2);
    assert_not_contains(a.data, "id=\"f-type\""); /* an empty facet is left out */
    sk_buf_release(&a);
    sk_web_req_release(&r);
    json_decref(v);
    sk_query_free(q);
    sk_analyser_free(an);
}

/* sort=date is read and kept by every link but the one that changes it;
 * case= is never carried into a search's links. */
static void page__sort_and_case_params(void **state)
{
    (void)state;
    sk_web_req r = parse_ok("q=strategi&sort=date&case=NUIT+13%2F21");
    assert_int_equal(r.sort_date, 1);
    assert_string_equal(r.v[SK_PARAM_CASE], "NUIT 13/21");
    char *s = href(&r, SK_PARAM_PAGE, "2");
    assert_string_equal(s, "?q=strategi&amp;sort=date&amp;page=2");
    free(s);
    s = href(&r, SK_PARAM_SORT, NULL);
    assert_string_equal(s, "?q=strategi");
    free(s);
    sk_web_req_release(&r);
    r = parse_ok("q=strategi&sort=relevance");
    assert_int_equal(r.sort_date, 0);
    sk_web_req_release(&r);
    sk_buf b = SK_BUF_INIT;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_web_case_href(&b, "Nasjonalt e-helseråd", "22/23", &err), SK_OK);
    assert_string_equal(b.data, "?case=Nasjonalt+e-helser%C3%A5d+22%2F23");
    sk_buf_release(&b);
    /* the results page names its order and links to the other */
    char *page = page_of("q=helse&sort=date", full_json);
    assert_contains(page, "Sortert etter dato, nyeste møte først · <a href=\"?q=helse\">Sorter "
                          "etter relevans</a>");
    free(page);
    page = page_of("q=helse", full_json);
    assert_contains(page, "<a href=\"?q=helse&amp;sort=date\">Sorter etter dato");
    free(page);
}

static const char story_json[] =
    "{\"case\": {\"body\": \"NUIT\", \"case\": \"13/21\", \"title\": \"Legemidler <i>\","
    "  \"type\": \"Drøfting\", \"meeting_date\": \"2021-05-20\","
    "  \"proposed_decision\": \"NUIT støtter.\", \"decision\": \"NUIT slutter seg til.\","
    "  \"decision_from\": {\"date\": \"2021-05-20\", \"role\": \"minutes\","
    "    \"file\": \"scanned/p r.pdf\", \"page_from\": 2, \"page_to\": 2, \"url\": \"x\","
    "    \"meeting_no\": \"2/21\"}},"
    " \"timeline\": [{\"date\": \"2021-05-20\", \"role\": \"agenda\", \"file\": \"a.pdf\","
    "   \"page_from\": 1, \"page_to\": 1, \"title\": \"T\", \"meeting_no\": null},"
    "  {\"date\": \"2021-05-20\", \"role\": \"case\", \"file\": \"a.pdf\", \"page_from\": 26,"
    "   \"page_to\": 43, \"title\": \"T\", \"doc_title\": \"Sakspapirer\"},"
    "  {\"date\": null, \"role\": \"case\", \"file\": \"sak.html\", \"page_from\": null,"
    "   \"page_to\": null}],"
    " \"mentioned_by\": [{\"body\": \"NUFA\", \"case\": \"30/20\", \"meeting_date\": "
    "\"2020-08-26\","
    "   \"title\": \"Analyse\"}],"
    " \"mentions\": [], \"partial\": true, \"missing\": [\"remote :h:1\"]}";

static void page__story_decision_first_then_timeline(void **state)
{
    (void)state;
    json_t *v = json_loads(story_json, 0, NULL);
    assert_non_null(v);
    sk_web_req r = parse_ok("case=NUIT+13%2F21");
    sk_buf b = SK_BUF_INIT;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_web_story(&b, &conf, &r, v, &err), SK_OK);
    const char *s = b.data;
    assert_contains(s, "<h2 id=\"sak-h\">NUIT 13/21: Legemidler &lt;i&gt;</h2>");
    assert_not_contains(s, "<i>");
    assert_contains(s, "Delvis svar: remote :h:1 svarte ikke");
    const char *dec = strstr(s, "<strong>Vedtak:</strong> NUIT slutter seg til.");
    const char *where =
        strstr(s, "Vedtatt i referatet fra møtet 2/21 <time datetime=\"2021-05-20\">"
                  "20. mai 2021</time>: <a href=\"/papers/scanned/p%20r.pdf#page=2\">");
    const char *tl = strstr(s, "id=\"tidslinje-h\"");
    const char *by = strstr(s, "id=\"omtalt-h\"");
    assert_non_null(dec);
    assert_non_null(where);
    assert_true(dec < where && where < tl && tl < by);
    assert_int_equal(count(tl, "<li class=\"hit\">"), 3 + 1); /* timeline, mentioned_by */
    assert_contains(s, "<span>Saksliste</span>");
    assert_contains(s, "href=\"/papers/a.pdf#page=26\">a.pdf, s. 26–43</a>");
    assert_contains(s, "<span>Uten dato</span><span>Saksdokument</span>");
    assert_contains(s, "href=\"/papers/sak.html\">sak.html</a>");
    assert_contains(s, "<a href=\"?case=NUFA+30%2F20\">NUFA 30/20: Analyse</a>");
    assert_contains(s, "Saken viser ikke til andre saker.");
    assert_contains(s, "href=\"?q=NUIT+13%2F21\">Søk etter saken</a>");
    assert_not_contains(s, "<script");
    sk_buf_release(&b);
    sk_web_req_release(&r);
    json_decref(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(page__parse_reads_known_params),
        cmocka_unit_test(page__parse_ignores_unknown_params),
        cmocka_unit_test(page__parse_empty_values_are_absent),
        cmocka_unit_test(page__parse_rejects_bad_values),
        cmocka_unit_test(page__parse_rejects_raw_nul),
        cmocka_unit_test(page__parse_bounds_the_query),
        cmocka_unit_test(page__parse_error_keeps_format),
        cmocka_unit_test(page__href_keeps_query_and_filters),
        cmocka_unit_test(page__paper_url_encodes_segments),
        cmocka_unit_test(page__escapes_everything_echoed),
        cmocka_unit_test(page__message_escapes),
        cmocka_unit_test(page__renders_hits_as_in_the_cli),
        cmocka_unit_test(page__feed_csv_and_similar_links),
        cmocka_unit_test(page__paging_links),
        cmocka_unit_test(page__facet_links_narrow_the_search),
        cmocka_unit_test(page__suggestion_links_a_search),
        cmocka_unit_test(page__reading_and_its_undo),
        cmocka_unit_test(page__timeline_one_bar_per_year),
        cmocka_unit_test(page__csp_allows_exactly_the_stylesheet),
        cmocka_unit_test(page__from_search_results),
        cmocka_unit_test(page__sort_and_case_params),
        cmocka_unit_test(page__story_decision_first_then_timeline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
