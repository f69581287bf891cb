/* test_search.c: searching a real index (made by saksok-index from a small
 * archive written here): the tiers of a case-number query. */
#include "testutil.h"

#include <sys/stat.h>

#include "saksok/query/qparse.h"
#include "saksok/query/search.h"
#include "saksok/structure/segment_parse.h"
#include "saksok/base/text.h"

static char *dir;
static sk_analyser *an;
static sk_bodies *bodies;
static sk_xdb *db;

/* The archive: case X = NUIT 22/23 as its own page (long, as a memo is),
 * its minutes and its agenda row; two pages of another case Y = NUIT 33/23
 * that quote 22/23 again and again (so the plain relevance of a search for
 * 22/23 and "finansiering" favours them over X's own page); and NUFA's own
 * case 22/23, another case of the same number. */
#define CASE_PAGE                                                                              \
    "<!DOCTYPE html><html lang=\"nb\"><head><meta charset=\"utf-8\"><title>Sak %s: %s</title>" \
    "</head><body><main><article><h1>Sak %s: %s</h1><table>"                                   \
    "<tr><th>Møte</th><td>%s</td></tr><tr><th>Dato</th><td>%s</td></tr>"                      \
    "<tr><th>Saksnummer</th><td>%s</td></tr><tr><th>Sakstype</th><td>Drøfting</td></tr>"      \
    "</table>%s</article></main></body></html>\n"

#define QUOTING                                                                                   \
    "<p>Finansiering av plattformen drøftes. Arbeidet bygger på vedtaket i 22/23 og på "       \
    "oppfølgingen av 22/23 i høst.</p><p>Finansiering i 22/23 ble beregnet på nytt, og 22/23 " \
    "viste at finansiering må avklares.</p><p>Videre finansiering skjer i samarbeid med "        \
    "regionene, der 22/23 er utgangspunktet.</p>"

static void write_case(const char *name, const char *no, const char *title, const char *meeting,
                       const char *date, const char *text)
{
    char path[600], html[4096];
    int n = snprintf(html, sizeof html, CASE_PAGE, no, title, no, title, meeting, date, no, text);
    assert_true(n > 0 && (size_t)n < sizeof html);
    snprintf(path, sizeof path, "%s/arch/%s", dir, name);
    tu_write(path, html, (size_t)n);
}

static void write_pre(const char *name, const char *text)
{
    char path[600], html[2048];
    int n = snprintf(html, sizeof html,
                     "<!DOCTYPE html><html lang=\"nb\"><head><meta charset=\"utf-8\">"
                     "<title>Møte</title></head><body><main><pre>%s</pre></main></body></html>\n",
                     text);
    assert_true(n > 0 && (size_t)n < sizeof html);
    snprintf(path, sizeof path, "%s/arch/%s", dir, name);
    tu_write(path, html, (size_t)n);
}

static void write_archive(void)
{
    write_case("x-own.html", "22/23", "Felles journal", "NUIT 5/23", "14. september 2023",
               "<p>Saken gjelder felles journal for kommunene. Direktoratet legger frem en "
               "plan for innføring, opplæring, drift og forvaltning over flere år, med "
               "milepæler for hver region og en vurdering av risiko.</p><p>Utvalget blir bedt "
               "om å drøfte planen, rekkefølgen av regionene og hvordan erfaringene fra de "
               "første kommunene skal brukes videre.</p><p>Saken ble forberedt i en "
               "arbeidsgruppe med representanter for kommuner, helseforetak og fastleger, "
               "som har gitt innspill til planen og til tidspunktene, og om finansiering.</p>");
    write_pre("x-minutes.html",
              "Protokoll fra møte i NUIT\nDato: 16.11.2023\n\n"
              "Sak\tTittel\tSakstype\tVedtak\n"
              "22/23\tFelles journal\tDrøfting\tNUIT slutter seg til planen og finansiering.\n"
              "35/23\tEventuelt\tOrientering\tTatt til orientering.\n");
    write_pre("x-agenda.html", "Innkalling til møte i NUIT 14. september 2023\nAgenda\n"
                               "21/23 – Godkjenning av innkalling og dagsorden – Godkjenning – "
                               "10:00\n22/23 – Felles journal og finansiering – Drøfting – 10:15\n"
                               "23/23 – Eventuelt – 12:45\n");
    write_case("y-one.html", "33/23", "Finansiering av plattform", "NUIT 6/23", "16. november 2023",
               QUOTING);
    write_case("y-two.html", "33/23", "Finansiering av plattform", "NUIT 6/23", "16. november 2023",
               QUOTING "<p>Saken er også lagt frem som lysark.</p>");
    write_case("z-nufa.html", "22/23", "Kodeverk", "NUFA 4/23", "10. oktober 2023",
               "<p>Saken gjelder kodeverk og terminologi.</p>");
}

static int setup(void **state)
{
    (void)state;
    const char *bin = getenv("SAKSOK_INDEX_BIN");
    if (bin == NULL)
        return -1;
    dir = tu_tempdir();
    char path[600], cmd[2048];
    snprintf(path, sizeof path, "%s/arch", dir);
    if (mkdir(path, 0700) != 0)
        return -1;
    write_archive();
    snprintf(cmd, sizeof cmd, "'%s' --quiet --no-ocr --jobs 1 --db '%s/db' '%s/arch'", bin, dir,
             dir);
    if (system(cmd) != 0)
        return -1;
    sk_err err = SK_ERR_INIT;
    snprintf(path, sizeof path, "%s/db", dir);
    if (sk_analyser_new(&an, &err) != SK_OK || sk_bodies_load_default(&bodies, &err) != SK_OK ||
        sk_search_open(&db, path, &err) != SK_OK) {
        fprintf(stderr, "setup: %s\n", err.msg);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sk_xdb_free(db);
    sk_bodies_free(bodies);
    sk_analyser_free(an);
    if (dir)
        tu_rmtree(dir);
    free(dir);
    return 0;
}

static void search(sk_results *r, const char *text, size_t offset, size_t limit)
{
    sk_err err = SK_ERR_INIT;
    sk_query *q = NULL;
    if (sk_query_parse(&q, an, db, bodies, text, &err) != SK_OK)
        fail_msg("'%s' did not parse: %s", text, err.msg);
    sk_search_opts o = SK_SEARCH_OPTS_INIT;
    o.offset = offset;
    o.limit = limit;
    if (sk_search(r, db, q, &o, &err) != SK_OK)
        fail_msg("'%s': %s", text, err.msg);
    sk_query_free(q);
}

static int is(const char *s, const char *want)
{
    return s && strcmp(s, want) == 0;
}

/* The tier of hit h for case number no (council body, or NULL for any):
 * 0 own case, 1 own minutes, 2 own agenda, 3 anything else. */
static int tier_of(const sk_hit *h, const char *no, const char *body)
{
    if (!is(h->case_no, no) || (body && !is(h->body, body)))
        return 3;
    return is(h->role, "case") ? 0 : is(h->role, "minutes") ? 1 : is(h->role, "agenda") ? 2 : 3;
}

static void print_hits(const char *text, const sk_results *r)
{
    for (size_t i = 0; i < r->n_hits; i++)
        fprintf(stderr, "'%s' %zu: %s %s %s %s %.3f\n", text, i + 1, r->hits[i].body,
                r->hits[i].case_no, r->hits[i].role, r->hits[i].file, r->hits[i].score);
}

/* Hits of text in tier order for case number no: every tier there, one
 * hit of each own tier (two own cases when body is NULL: both councils),
 * and the hits quoting it after them. Returns the highest score of a
 * quoting hit over the lowest of an own one. */
static double check_tiers(const char *text, const char *no, const char *body)
{
    sk_results r;
    search(&r, text, 0, 20);
    int count[4] = {0};
    double own_min = 2.0, quoting_max = 0.0;
    for (size_t i = 0; i < r.n_hits; i++) {
        const sk_hit *h = &r.hits[i];
        int t = tier_of(h, no, body);
        int before = i > 0 ? tier_of(&r.hits[i - 1], no, body) : 0;
        if (before > t) {
            print_hits(text, &r);
            fail_msg("'%s': hit %zu (tier %d) after one of tier %d", text, i + 1, t, before);
        }
        if (body && !is(h->body, body))
            fail_msg("'%s': hit %zu is of %s", text, i + 1, h->body ? h->body : "no council");
        count[t]++;
        if (t < 3 && h->score < own_min)
            own_min = h->score;
        if (t == 3 && is(h->case_no, "33/23") && h->score > quoting_max)
            quoting_max = h->score;
    }
    assert_int_equal(count[0], body ? 1 : 2);
    assert_int_equal(count[1], 1);
    assert_int_equal(count[2], 1);
    assert_true(count[3] >= 2); /* the two quoting pages */
    assert_int_equal(r.total, r.n_hits);
    sk_results_release(&r);
    return quoting_max / own_min;
}

static void search__case_number_ranks_in_tiers(void **state)
{
    (void)state;
    check_tiers("sak 22/23", "22/23", NULL);
    check_tiers("NUIT 22/23", "22/23", "NUIT");
    /* With another word, relevance alone would put the quoting pages first. */
    assert_true(check_tiers("NUIT 22/23 finansiering", "22/23", "NUIT") > 1.0);
    assert_true(check_tiers("22/23 finansiering prioriteringsutvalget", "22/23", "NUIT") > 1.0);
}

/* Pages of a tiered search are slices of one order; the total and the
 * facets are the same on every page. */
static void search__tiers_page_consistently(void **state)
{
    (void)state;
    sk_results all;
    search(&all, "sak 22/23", 0, 20);
    assert_true(all.n_hits >= 6);
    for (size_t off = 0; off < all.n_hits; off += 2) {
        sk_results page;
        search(&page, "sak 22/23", off, 2);
        assert_int_equal(page.total, all.total);
        assert_int_equal(page.facets[SK_FACET_BODY].n, all.facets[SK_FACET_BODY].n);
        for (size_t f = 0; f < all.facets[SK_FACET_BODY].n; f++)
            assert_int_equal(page.facets[SK_FACET_BODY].values[f].count,
                             all.facets[SK_FACET_BODY].values[f].count);
        for (size_t i = 0; i < page.n_hits; i++) {
            assert_string_equal(page.hits[i].file, all.hits[off + i].file);
            assert_int_equal(page.hits[i].rank, off + i + 1);
        }
        sk_results_release(&page);
    }
    sk_results_release(&all);
}

/* Without a case number, relevance alone. */
static void search__words_rank_by_relevance(void **state)
{
    (void)state;
    sk_results r;
    search(&r, "finansiering", 0, 20);
    assert_true(r.n_hits >= 3);
    for (size_t i = 1; i < r.n_hits; i++)
        assert_true(r.hits[i - 1].score >= r.hits[i].score);
    size_t own = r.n_hits, quoting = r.n_hits; /* the first of each */
    for (size_t i = r.n_hits; i-- > 0;) {
        if (is(r.hits[i].case_no, "22/23") && is(r.hits[i].role, "case"))
            own = i;
        if (is(r.hits[i].case_no, "33/23"))
            quoting = i;
    }
    assert_true(quoting < own); /* no tiers: the case's own page is not lifted */
    assert_true(own < r.n_hits);
    sk_results_release(&r);
}

/* A time limit per search: past it the search gives up with SK_ETIMEOUT
 * (the responder answers 503), and a generous one changes nothing. */
static void search__time_limit(void **state)
{
    (void)state;
    sk_err err = SK_ERR_INIT;
    sk_query *q = NULL;
    assert_int_equal(sk_query_parse(&q, an, db, bodies, "finansiering", &err), SK_OK);
    sk_search_opts o = SK_SEARCH_OPTS_INIT;
    o.seconds = 1e-9;
    sk_results r;
    assert_int_equal(sk_search(&r, db, q, &o, &err), SK_ETIMEOUT);
    assert_int_equal(r.n_hits, 0);
    sk_results_release(&r);
    sk_err_clear(&err);
    o.seconds = 60;
    assert_int_equal(sk_search(&r, db, q, &o, &err), SK_OK);
    assert_true(r.n_hits > 0);
    sk_results_release(&r);
    sk_query_free(q);
}

/* A filter value quoted in a message is cut between characters, never in
 * one: the message stays UTF-8, so the JSON error body can be written
 * (33 x U+FDFA gave an empty 400). */
static void search__filter_message_is_utf8(void **state)
{
    (void)state;
    char body[33 * 3 + 1];
    for (int i = 0; i < 33; i++)
        memcpy(body + 3 * i, "\xEF\xB7\xBA", 3);
    body[99] = '\0';
    sk_err err = SK_ERR_INIT;
    sk_query *q = NULL;
    assert_int_equal(sk_query_parse(&q, an, db, bodies, "helse", &err), SK_OK);
    sk_search_opts o = SK_SEARCH_OPTS_INIT;
    o.body = body;
    sk_results r;
    int rc = sk_search(&r, db, q, &o, &err);
    sk_results_release(&r);
    if (rc != SK_OK)
        assert_true(sk_utf8_valid(err.msg, strlen(err.msg)));
    sk_err e2 = SK_ERR_INIT;
    sk_err_set(&e2, SK_EINVAL, "'%.40s'", body); /* cut inside a character */
    assert_true(sk_utf8_valid(e2.msg, strlen(e2.msg)));
    sk_query_free(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(search__case_number_ranks_in_tiers),
        cmocka_unit_test(search__time_limit),
        cmocka_unit_test(search__filter_message_is_utf8),
        cmocka_unit_test(search__tiers_page_consistently),
        cmocka_unit_test(search__words_rank_by_relevance),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
