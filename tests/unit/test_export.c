/* test_export.c: CSV (RFC 4180) and Atom (RFC 4287) made from the results
 * JSON (export.h). The feed is validated against the RFC's schema by the
 * end-to-end test (e2e_export); here: bytes, quoting, order, escaping. */
#include "testutil.h"

#include <jansson.h>

#include "saksok/query/export.h"
#include "saksok/query/render.h"

static sk_hit a_hit(size_t rank)
{
    sk_hit h = tu_hit(rank, 1.0 / (double)rank);
    h.title = "Legemiddelprogrammet, «langsiktig» \"finansiering\"";
    h.decision = "Linje én\r\nlinje to";
    h.text = "NUIT tar saken til orientering. Æ ø å.";
    memcpy(h.id, "0123456789abcdef", SK_HIT_ID_SIZE);
    memcpy(h.added, "1621499415123456", SK_STAMP_SIZE);
    return h;
}

/* The results JSON of n hits like a_hit(). */
static json_t *results(sk_hit *hits, size_t n)
{
    sk_analyser *an = NULL;
    sk_query *q = NULL;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_analyser_new(&an, &err), SK_OK);
    assert_int_equal(sk_query_parse(&q, an, NULL, NULL, "orientering", &err), SK_OK);
    sk_results r = {0};
    r.total = n;
    r.limit = 10;
    r.hits = hits;
    r.n_hits = n;
    r.facets[SK_FACET_BODY].name = "body";
    r.facets[SK_FACET_YEAR].name = "year";
    r.facets[SK_FACET_TYPE].name = "type";
    json_t *v = NULL;
    assert_int_equal(sk_render_json_value(&v, "orientering", &r, an, q, &err), SK_OK);
    sk_query_free(q);
    sk_analyser_free(an);
    return v;
}

/* Every field of a JSON hit is a column, and every column a field. */
static void csv__columns_are_the_json_hit_fields(void **state)
{
    (void)state;
    sk_hit h = a_hit(1);
    json_t *v = results(&h, 1);
    json_t *hit = json_array_get(json_object_get(v, "hits"), 0);
    size_t n;
    const char *const *cols = sk_csv_columns(&n);
    assert_int_equal(n, json_object_size(hit));
    const char *key;
    json_t *val;
    size_t i = 0;
    json_object_foreach(hit, key, val)
    {
        int found = 0;
        for (size_t c = 0; c < n; c++)
            found |= strcmp(cols[c], key) == 0;
        if (!found)
            fail_msg("JSON hit field '%s' is no CSV column", key);
        i++;
    }
    assert_int_equal(i, n);
    json_decref(v);
}

static void csv__bom_crlf_and_quoting(void **state)
{
    (void)state;
    sk_hit hits[2] = {a_hit(1), a_hit(2)};
    hits[1].title = NULL; /* null: an empty field */
    hits[1].id[0] = '\0';
    json_t *v = results(hits, 2);
    sk_buf out = SK_BUF_INIT;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_render_csv(&out, v, &err), SK_OK);
    const char *s = out.data;
    assert_memory_equal(s, "\xEF\xBB\xBFrank,score,id,file,", 22);
    /* every line ends in CRLF; a bare LF or CR only inside a quoted field */
    size_t lines = 0;
    int quoted = 0;
    for (size_t i = 3; i < out.len; i++) {
        if (s[i] == '"')
            quoted = !quoted;
        else if (!quoted && s[i] == '\r')
            assert_int_equal(s[i + 1], '\n');
        else if (!quoted && s[i] == '\n')
            assert_int_equal(s[i - 1], '\r'), lines++;
    }
    assert_false(quoted);
    assert_int_equal(lines, 3); /* header and two hits */
    if (strstr(s, "\"Legemiddelprogrammet, «langsiktig» \"\"finansiering\"\"\"") == NULL)
        fail_msg("title not quoted as RFC 4180 wants: %s", s);
    assert_non_null(strstr(s, "\"Linje én\r\nlinje to\""));
    assert_non_null(strstr(s, "\r\n1,1.0,0123456789abcdef,"));
    assert_non_null(strstr(s, "\r\n2,0.5,,"));              /* no id: empty */
    assert_non_null(strstr(s, ",false,false,,false,pdf,")); /* booleans as the JSON has them */
    assert_non_null(strstr(s, ",2021-05-20T08:30:15.123456Z,"));
    sk_buf_release(&out);
    json_decref(v);
}

static void csv__no_hits_header_only(void **state)
{
    (void)state;
    json_t *v = results(NULL, 0);
    sk_buf out = SK_BUF_INIT;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_render_csv(&out, v, &err), SK_OK);
    size_t n;
    const char *const *cols = sk_csv_columns(&n);
    assert_non_null(strstr(out.data, cols[n - 1]));
    assert_int_equal(out.data[out.len - 2], '\r');
    assert_ptr_equal(strchr(out.data, '\n') + 1, out.data + out.len); /* one line */
    sk_buf_release(&out);
    json_decref(v);
}

static void atom__entries_ids_links_escaping(void **state)
{
    (void)state;
    sk_hit hits[2] = {a_hit(1), a_hit(2)};
    hits[1].id[0] = '\0'; /* an index made before ids: the file and page name it */
    memcpy(hits[1].added, "1621585815000000", SK_STAMP_SIZE); /* a day later */
    hits[1].file = "nufa/2020/sak <1> & \"2\".html";
    hits[1].page_from = 0;
    json_t *v = results(hits, 2);
    sk_buf out = SK_BUF_INIT;
    sk_err err = SK_ERR_INIT;
    sk_atom_info info = {"?q=orientering",
                         "Nye treff for «orientering» & mer – saksøk",
                         "?q=orientering&format=atom",
                         "?q=orientering",
                         "/papers/",
                         "1700000000000000"};
    assert_int_equal(sk_render_atom(&out, v, &info, &err), SK_OK);
    const char *s = out.data;
    assert_non_null(strstr(s, "<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    assert_non_null(strstr(s, "<title>Nye treff for «orientering» &amp; mer – saksøk</title>"));
    assert_non_null(strstr(s, "href=\"?q=orientering&amp;format=atom\""));
    assert_non_null(strstr(s, "<id>" SK_ATOM_TAG "treff/0123456789abcdef</id>"));
    assert_non_null(strstr(s, "<id>" SK_ATOM_TAG "side/"));
    /* the feed is as new as its newest entry */
    assert_non_null(strstr(s, "  <updated>2021-05-21T08:30:15.000000Z</updated>"));
    assert_non_null(strstr(s, "href=\"/papers/nuit/2021/2021-05-20-nuit-saksdokumenter.pdf#page="));
    assert_non_null(strstr(s, "sak%20%3C1%3E%20%26%20%222%22.html\""));
    assert_non_null(strstr(s, "<summary type=\"html\">"));
    assert_non_null(strstr(s, "&lt;mark&gt;orientering&lt;/mark&gt;"));
    assert_non_null(strstr(s, "<title>NUIT sak 13/21: Legemiddelprogrammet, «langsiktig» "
                              "&quot;finansiering&quot;</title>"));
    /* the feed id comes from its key alone */
    sk_buf again = SK_BUF_INIT;
    info.now = "1800000000000000";
    assert_int_equal(sk_render_atom(&again, v, &info, &err), SK_OK);
    const char *id1 = strstr(s, "<id>"), *id2 = strstr(again.data, "<id>");
    assert_memory_equal(id1, id2, strcspn(id1, "\n"));
    sk_buf_release(&again);
    sk_buf_release(&out);
    json_decref(v);
}

static void atom__empty_feed_is_dated_now(void **state)
{
    (void)state;
    json_t *v = results(NULL, 0);
    sk_buf out = SK_BUF_INIT;
    sk_err err = SK_ERR_INIT;
    sk_atom_info info = {"k", "t", "s", NULL, "", "1700000000000000"};
    assert_int_equal(sk_render_atom(&out, v, &info, &err), SK_OK);
    assert_non_null(strstr(out.data, "<updated>2023-11-14T22:13:20.000000Z</updated>"));
    assert_null(strstr(out.data, "<entry>"));
    assert_null(strstr(out.data, "rel=\"alternate\""));
    sk_buf_release(&out);
    json_decref(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv__columns_are_the_json_hit_fields),
        cmocka_unit_test(csv__bom_crlf_and_quoting),
        cmocka_unit_test(csv__no_hits_header_only),
        cmocka_unit_test(atom__entries_ids_links_escaping),
        cmocka_unit_test(atom__empty_feed_is_dated_now),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
