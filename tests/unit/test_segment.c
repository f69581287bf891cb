/* test_segment.c: the meeting-structure recogniser (segment.h).
 *
 * Fixtures in tests/data/segment/ are the seed texts (slide decks with page
 * breaks marked by form feeds at slide boundaries, the NUFA bundle whole) and
 * pages 1-13 of the NUFA bundle as the PDF extractor gives them. Short
 * layouts are inline below.
 */
#include "segtest.h"

/* ---- parsers ---- */

static void segment__parse_date_table(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int short_year;
        const char *out; /* NULL: no date */
        size_t used;
    } cases[] = {
        {"20. mai 2021", 0, "2021-05-20", 12},
        {"20 mai 2021", 0, "2021-05-20", 11},
        {"20. mai, 2021", 0, "2021-05-20", 13},
        {"13. november 2020 kl. 10", 0, "2020-11-13", 17},
        {"26. august 2020", 0, "2020-08-26", 15},
        {"1. Desember 2022", 0, "2022-12-01", 16},
        {"3. okt. 2022", 0, "2022-10-03", 12},
        {"14.12.2023", 0, "2023-12-14", 10},
        {"3.3.2021", 0, "2021-03-03", 8},
        {"26.08.2020", 0, "2020-08-26", 10},
        {"2021-05-20", 0, "2021-05-20", 10},
        {"29.02.2024", 0, "2024-02-29", 10},
        {"26.03.21", 1, "2021-03-26", 8},
        {"26.03.21", 0, NULL, 0},
        {"29.02.2023", 0, NULL, 0},
        {"31. april 2021", 0, NULL, 0},
        {"32. mai 2021", 0, NULL, 0},
        {"2021-13-01", 0, NULL, 0},
        {"20. mai", 0, NULL, 0},
        {"20. maiden 2021", 0, NULL, 0},
        {"12/6", 0, NULL, 0},
        {"24/7", 0, NULL, 0},
        {"10:00", 0, NULL, 0},
        {"202011:00", 0, NULL, 0},
        {"12. juni 202011:00", 0, NULL, 0},
        {"1.2.3.4", 0, NULL, 0},
        {"2019/20", 0, NULL, 0},
        {"mai 2021", 0, NULL, 0},
        {"", 0, NULL, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *p = cases[i].in, *end = p + strlen(p);
        char out[SK_DATE_SIZE] = "";
        int rc = sk_parse_date(out, &p, end, cases[i].short_year);
        if (cases[i].out) {
            if (rc != SK_OK)
                fail_msg("date %zu: \"%s\" not parsed", i, cases[i].in);
            assert_string_equal(out, cases[i].out);
            assert_int_equal((size_t)(p - cases[i].in), cases[i].used);
        } else {
            if (rc == SK_OK)
                fail_msg("date %zu: \"%s\" parsed as %s", i, cases[i].in, out);
            assert_ptr_equal(p, cases[i].in); /* cursor left alone */
        }
    }
}

static void segment__parse_case_no_table(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int dash;
        const char *out;
    } cases[] = {
        {"9/21", 0, "9/21"},
        {"09/2021", 0, "9/21"},
        {"13/21 Legemiddel", 0, "13/21"},
        {"28/20:", 0, "28/20"},
        {"28/20Tittel", 0, "28/20"},
        {"12-23", 1, "12/23"},
        {"31/23", 0, "31/23"},
        {"1/05", 0, "1/05"},
        {"12-23", 0, NULL},
        {"2019/20", 0, NULL},
        {"24/7", 0, NULL},
        {"12/6", 0, NULL},
        {"10:00", 0, NULL},
        {"1/2", 0, NULL},
        {"9/21/3", 0, NULL},
        {"0/21", 0, NULL},
        {"1234/21", 0, NULL},
        {"9/202", 0, NULL},
        {"9/3021", 0, NULL},
        {"12-23-4", 1, NULL},
        {"/21", 0, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *p = cases[i].in, *end = p + strlen(p);
        char out[SK_CASE_NO_SIZE] = "";
        int rc = sk_parse_case_no(out, &p, end, cases[i].dash);
        if (cases[i].out) {
            if (rc != SK_OK)
                fail_msg("case %zu: \"%s\" not parsed", i, cases[i].in);
            assert_string_equal(out, cases[i].out);
        } else if (rc == SK_OK) {
            fail_msg("case %zu: \"%s\" parsed as %s", i, cases[i].in, out);
        }
    }
}

/* Case-number forms in context: which lines make a case, and which do not. */
static void segment__case_number_context_table(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *case_no; /* the one case section expected, or NULL for none */
    } cases[] = {
        {"Sak 9/21\nGodkjenning av innkalling\n", "9/21"},
        {"Sak 28/20: Godkjenning av innkalling og dagsorden\n", "28/20"},
        {"sak 12-23 Budsjett\n", "12/23"},
        {"Sak 09/2021 Budsjett\n", "9/21"},
        {"Sak nr. 4/22 Budsjett\n", "4/22"},
        {"Vi møtes 12/6 kl. 10:00 og følger opp 24/7.\n", NULL},
        {"Side 2/15\n", NULL},
        {"Strategisk analyse 2019/20 ble lagt frem.\n", NULL},
        {"Sak 12. juni\n", NULL},
        {"Saker til behandling\n", NULL},
        {"2/15\nNoen ord her.\n", NULL}, /* a lone number is not an agenda row */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        sk_paper p = {0};
        segment_text(&p, cases[i].text, 1, NULL, NULL);
        size_t n = count_role(&p, SK_ROLE_CASE) + count_role(&p, SK_ROLE_AGENDA);
        if (cases[i].case_no) {
            if (n != 1 || !find(&p, SK_ROLE_CASE, cases[i].case_no))
                fail_msg("context %zu: expected case %s", i, cases[i].case_no);
        } else if (n != 0) {
            fail_msg("context %zu: unexpected case section", i);
        }
        assert_int_equal(count_role(&p, SK_ROLE_PAGE) + n, p.n_sections);
        sk_paper_release(&p);
    }
}

/* ---- bodies ---- */

static void segment__bodies_file_and_aliases(void **state)
{
    (void)state;
    assert_true(sk_bodies_count(bodies) >= 4);
    static const struct {
        const char *alias;
        const char *body;
    } cases[] = {
        {"NUIT", "NUIT"},
        {"nuit", "NUIT"},
        {"Prioriteringsutvalget", "NUIT"},
        {"Nasjonalt utvalg for IT-prioriteringer", "NUIT"},
        {"Fagutvalget", "NUFA"},
        {"Nasjonalt fagutvalg", "NUFA"},
        {"nasjonalt-e-helsestyre", "Nasjonalt e-helsestyre"},
        {"Nasjonalt e-helseråd", "Nasjonalt e-helseråd"},
        {"NASJONALT E-HELSERÅD", "Nasjonalt e-helseråd"},
        {"Direktoratet for e-helse", NULL},
        {"NUF", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int b = sk_bodies_find(bodies, cases[i].alias, strlen(cases[i].alias));
        if (cases[i].body) {
            assert_true(b >= 0);
            assert_string_equal(sk_bodies_name(bodies, (size_t)b), cases[i].body);
        } else {
            assert_int_equal(b, -1);
        }
    }
    size_t idx = 99;
    const char *s = "Nasjonalt e-helsestyre - webinar";
    assert_int_equal(sk_bodies_match(bodies, s, strlen(s), &idx), strlen("Nasjonalt e-helsestyre"));
    assert_string_equal(sk_bodies_name(bodies, idx), "Nasjonalt e-helsestyre");
    s = "NUITS";
    assert_int_equal(sk_bodies_match(bodies, s, strlen(s), &idx), 0);
}

static void segment__bodies_parse_errors(void **state)
{
    (void)state;
    sk_bodies *b = NULL;
    sk_err err = SK_ERR_INIT;
    const char *ok = "# comment\n\nABC\tAlias one\tAlias two\r\nDEF\n";
    assert_int_equal(sk_bodies_parse(&b, ok, strlen(ok), &err), SK_OK);
    assert_int_equal(sk_bodies_count(b), 2);
    assert_string_equal(sk_bodies_name(b, 1), "DEF");
    assert_int_equal(sk_bodies_find(b, "alias two", 9), 0);
    sk_bodies_free(b);

    const char *bad = "ABC\n\tNo name\n";
    assert_int_equal(sk_bodies_parse(&b, bad, strlen(bad), &err), SK_EFORMAT);
    assert_null(b);
    assert_prefix(err.msg, "bodies: line 2: empty name");

    sk_err_clear(&err);
    assert_int_equal(sk_bodies_load(&b, "/nonexistent/bodies.tsv", &err), SK_EIO);
    assert_null(b);
    sk_bodies_free(NULL);
}

/* ---- layouts ---- */

/* NUIT slide deck: tab-separated agenda, one slide per page, "Sak 9/21" headers. */
static void segment__nuit_slide_deck(void **state)
{
    (void)state;
    pages pg;
    load_pages(&pg, "nuit-2021-05-20-deck.txt");
    sk_paper p = {0};
    segment(&p, &pg, "nuit/2021/2021-05-20-nuit-saksdokumenter.pdf", NULL);
    assert_string_equal(p.body, "NUIT");
    assert_string_equal(p.meeting_date, "2021-05-20");
    assert_null(p.meeting_no); /* the deck does not number the meeting */
    assert_int_equal(count_role(&p, SK_ROLE_AGENDA), 9);
    assert_int_equal(count_role(&p, SK_ROLE_CASE), 9);
    assert_int_equal(count_role(&p, SK_ROLE_MINUTES), 0);

    static const struct {
        const char *no, *title, *type, *presenter, *proposed;
        int from, to;
    } cases[] = {
        {"9/21", "Godkjenning av innkalling og dagsorden", "Godkjenning",
         "Karl Vestli Direktoratet for e-helse", "NUIT godkjenner innkalling og dagsorden.", 2, 2},
        {"10/21", "Godkjenning av referat fra møtet 18. februar 2021", "Godkjenning",
         "Karl Vestli Direktoratet for e-helse",
         "NUIT godkjenner referat fra NUIT 18. februar 2021.", 3, 3},
        {"13/21", "Legemiddelprogrammet – langsiktig finansiering", "Drøfting",
         "Rune Røren Direktoratet for e-helse", NULL, 26, 65},
        {"14/21",
         "Målbilde for helhetlig samhandling og kobling til veikartet for nasjonale "
         "e-helseløsninger",
         "Orientering", "Hans Löwe Larsen Direktoratet for e-helse",
         "NUIT tar saken til orientering.", 66, 73},
        {"17/21", "Eventuelt", NULL, NULL, NULL, 90, 91},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const sk_section *s = find(&p, SK_ROLE_CASE, cases[i].no);
        assert_non_null(s);
        assert_string_equal(s->body, "NUIT");
        assert_string_equal(s->meeting_date, "2021-05-20");
        assert_str_or_null(s->title, cases[i].title);
        assert_str_or_null(s->type, cases[i].type);
        assert_str_or_null(s->presenter, cases[i].presenter);
        if (cases[i].proposed)
            assert_str_or_null(s->proposed_decision, cases[i].proposed);
        assert_null(s->decision);
        assert_int_equal(s->page_from, cases[i].from);
        assert_int_equal(s->page_to, cases[i].to);
        const sk_section *a = find(&p, SK_ROLE_AGENDA, cases[i].no);
        assert_non_null(a);
        assert_int_equal(a->page_from, 1);
        assert_str_or_null(a->type, cases[i].type);
    }
    /* the agenda row's HTML junk is gone; the slide's text is the case's */
    const sk_section *a11 = find(&p, SK_ROLE_AGENDA, "11/21");
    assert_not_contains(a11->title, "<ul");
    assert_contains(find(&p, SK_ROLE_CASE, "13/21")->proposed_decision,
                    "NUIT støtter at Legemiddelprogrammet");
    assert_contains(find(&p, SK_ROLE_CASE, "12/21")->text, "Forsinkelser i SAFEST");
    /* the agenda page's other text is still findable */
    assert_true(count_role(&p, SK_ROLE_PAGE) >= 1);
    assert_int_equal(p.sections[0].page_from, 1);
    sk_paper_release(&p);
    free(pg.buf);
}

/* Nasjonalt e-helsestyre deck: "Møte 6/20", "Sak 28/20: Title" headers. */
static void segment__ehelsestyre_deck(void **state)
{
    (void)state;
    pages pg;
    load_pages(&pg, "ehelsestyre-2020-11-13-deck.txt");
    sk_paper p = {0};
    segment(&p, &pg, NULL, NULL); /* no path: the text alone says it */
    assert_string_equal(p.body, "Nasjonalt e-helsestyre");
    assert_string_equal(p.meeting_date, "2020-11-13");
    assert_string_equal(p.meeting_no, "6/20");
    assert_int_equal(count_role(&p, SK_ROLE_CASE), 6);
    const sk_section *s = find(&p, SK_ROLE_CASE, "29/20");
    assert_non_null(s);
    assert_string_equal(
        s->title, "Godkjenning av referat fra møte i Nasjonalt e-helsestyre 17. september 2020");
    assert_string_equal(s->type, "Godkjenning");
    assert_string_equal(s->presenter, "Camilla Dunsæd");
    assert_string_equal(s->meeting_no, "6/20");
    assert_string_equal(s->proposed_decision,
                        "Nasjonalt e-helsestyre godkjenner referatet fra møte 17. september 2020");
    s = find(&p, SK_ROLE_CASE, "30/20");
    assert_string_equal(s->presenter, "Harald Hjelde, Bærum kommune");
    /* "Nasjonalt e-helsestyre tar saken til orientering." is not labelled */
    assert_null(s->proposed_decision);
    assert_true(s->page_to > s->page_from);
    /* a date named in a case title does not become anything's meeting date */
    for (size_t i = 0; i < p.n_sections; i++)
        if (p.sections[i].meeting_date)
            assert_string_equal(p.sections[i].meeting_date, "2020-11-13");
    sk_paper_release(&p);
    free(pg.buf);
}

/* The NUFA bundle, whole seed: agenda, table of cases, minutes of the June
 * meeting, memos. Minutes sections carry the June date. */
static void segment__nufa_bundle_seed(void **state)
{
    (void)state;
    pages pg;
    load_pages(&pg, "nufa-2020-08-26-seed.txt");
    assert_int_equal(pg.n, 1);
    sk_paper p = {0};
    segment(&p, &pg, "nufa/2020/2020-08-26-nufa-saksdokumenter.pdf", NULL);
    assert_string_equal(p.body, "NUFA");
    assert_string_equal(p.meeting_date, "2020-08-26");

    /* minutes: exactly 16/20 - 23/20, dated 12 June, with decisions */
    assert_int_equal(count_role(&p, SK_ROLE_MINUTES), 8);
    for (int n = 16; n <= 23; n++) {
        char no[8];
        snprintf(no, sizeof no, "%d/20", n);
        const sk_section *s = find(&p, SK_ROLE_MINUTES, no);
        assert_non_null(s);
        assert_string_equal(s->meeting_date, "2020-06-12");
        assert_string_equal(s->body, "NUFA");
        if (n < 23)
            assert_non_null(s->decision); /* 23/20 Eventuelt has none */
        assert_null(s->proposed_decision);
        assert_null(find(&p, SK_ROLE_CASE, no));
    }
    for (size_t i = 0; i < p.n_sections; i++) {
        const sk_section *s = &p.sections[i];
        if (s->role == SK_ROLE_MINUTES) {
            int n = atoi(s->case_no);
            assert_true(n >= 16 && n <= 23);
        }
    }
    assert_string_equal(
        find(&p, SK_ROLE_MINUTES, "16/20")->decision,
        "NUFA godkjenner innkalling og dagsorden. NUFA godkjenner referat fra møtet "
        "22. april. 2020");
    assert_string_equal(
        find(&p, SK_ROLE_MINUTES, "18/20")->decision,
        "NUFA tar status på Legemiddelprogrammet til orientering. NUFA tar status på "
        "Nasjonal e-helseportefølje med fokus på Koronaporteføljen til orientering.");
    assert_string_equal(find(&p, SK_ROLE_MINUTES, "21/20")->type, "Orientering");

    /* the bundle's own cases 24/20 - 32/20: case sections dated 26 August */
    for (int n = 24; n <= 32; n++) {
        char no[8];
        snprintf(no, sizeof no, "%d/20", n);
        const sk_section *s = find(&p, SK_ROLE_CASE, no);
        assert_non_null(s);
        assert_string_equal(s->meeting_date, "2020-08-26");
        assert_non_null(find(&p, SK_ROLE_AGENDA, no));
        assert_null(s->decision);
        if (n < 32)
            assert_non_null(s->proposed_decision);
    }
    const sk_section *s = find(&p, SK_ROLE_CASE, "30/20");
    assert_string_equal(s->title, "Strategisk analyse 2019/20");
    assert_string_equal(s->type, "Tilslutning");
    assert_string_equal(s->proposed_decision,
                        "NUFA tilslutter seg anbefalingen i strategisk analyse 2019/2020.");
    /* the memos: a second case section for 25/20 - 31/20, header block read */
    for (int n = 25; n <= 31; n++) {
        char no[8];
        snprintf(no, sizeof no, "%d/20", n);
        const sk_section *m = find_nth(&p, SK_ROLE_CASE, no, 1);
        assert_non_null(m);
        assert_non_null(m->type);
        assert_non_null(m->presenter);
        assert_non_null(m->proposed_decision);
    }
    const sk_section *m = find_nth(&p, SK_ROLE_CASE, "27/20", 1);
    assert_string_equal(m->presenter, "Hans Lõwe Larsen");
    assert_prefix(m->text, "Sak fra Nasjonal arkitekturstyring");
    m = find_nth(&p, SK_ROLE_CASE, "25/20", 1);
    assert_contains(m->text, "Utviklingstrekkrapporten 2021");
    assert_string_equal(m->presenter, "Christine Bergland");
    /* the minutes' last case does not swallow the first memo */
    assert_not_contains(find(&p, SK_ROLE_MINUTES, "23/20")->text, "Hensikt med saken");
    /* a case mentioned in another case's text */
    s = find(&p, SK_ROLE_MENTION, "51/18");
    assert_non_null(s);
    assert_null(s->body);
    assert_null(s->meeting_date);
    sk_paper_release(&p);
    free(pg.buf);
}

/* The same bundle as the PDF extractor gives it: running headers, glued
 * labels ("TilMøte 4/20", "Dato26.08.2020"), cells glued ("11:00Godkjenning"). */
static void segment__nufa_bundle_pdf_pages(void **state)
{
    (void)state;
    pages pg;
    load_pages(&pg, "nufa-2020-08-26-pdf-p1-13.txt");
    assert_int_equal(pg.n, 13);
    sk_paper p = {0};
    segment(&p, &pg, "nufa/2020/2020-08-26-nufa-saksdokumenter.pdf",
            "Møte i NUFA 26. august 2020 – saksdokumenter");
    assert_string_equal(p.body, "NUFA");
    assert_string_equal(p.meeting_date, "2020-08-26");
    assert_string_equal(p.meeting_no, "4/20");
    static const struct {
        sk_role role;
        const char *no, *date, *title, *type;
        int from, to;
    } cases[] = {
        {SK_ROLE_AGENDA, "24/20", "2020-08-26",
         "Godkjenning av innkalling og dagsorden, samt godkjenning av referatet fra NUFA 12. juni "
         "2020",
         "Godkjenning", 1, 1},
        {SK_ROLE_AGENDA, "30/20", "2020-08-26", "Strategisk analyse 2019/20", "Tilslutning", 1, 1},
        {SK_ROLE_AGENDA, "31/20", "2020-08-26",
         "Utredning av infrastruktur for datadeling knyttet til digital hjemmeoppfølging (DHO)",
         "Drøfting", 1, 1},
        {SK_ROLE_CASE, "27/20", "2020-08-26", "Sak fra Nasjonal arkitekturstyring", "Drøfting", 2,
         3},
        {SK_ROLE_AGENDA, "17/20", "2020-06-12", "Orientering fra Direktoratet for e-helse",
         "Orientering", 5, 5},
        {SK_ROLE_MINUTES, "18/20", "2020-06-12", "Nasjonal e-helseportefølje", "Orientering", 6, 7},
        {SK_ROLE_MINUTES, "23/20", "2020-06-12", "Eventuelt", NULL, 10, 10},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const sk_section *s = find(&p, cases[i].role, cases[i].no);
        if (!s)
            fail_msg("row %zu: no %s section for %s", i, sk_role_name(cases[i].role), cases[i].no);
        assert_string_equal(s->meeting_date, cases[i].date);
        assert_str_or_null(s->title, cases[i].title);
        assert_str_or_null(s->type, cases[i].type);
        assert_int_equal(s->page_from, cases[i].from);
        assert_int_equal(s->page_to, cases[i].to);
        /* running headers ("Møte 4/20 – 26. august 2020") are not section text */
        assert_not_contains(s->text, "Side ");
    }
    /* minutes of 12 June do not carry the bundle's meeting number */
    assert_null(find(&p, SK_ROLE_MINUTES, "18/20")->meeting_no);
    /* memo with the header block glued by the extractor */
    const sk_section *m = find_nth(&p, SK_ROLE_CASE, "25/20", 1);
    assert_non_null(m);
    assert_int_equal(m->page_from, 11);
    assert_int_equal(m->page_to, 12);
    assert_string_equal(m->type, "Orientering");
    assert_string_equal(m->presenter, "Christine Bergland");
    assert_string_equal(m->proposed_decision, "NUFA tar sakene til orientering.");
    m = find_nth(&p, SK_ROLE_CASE, "26/20", 1);
    assert_non_null(m);
    assert_int_equal(m->page_from, 13);
    /* soft hyphens of line-end hyphenation are joined */
    assert_string_equal(m->proposed_decision,
                        "NUFA tar saken til orientering og ber Direktoratet for "
                        "e-helse ta med seg innspill gitt i møtet i det videre "
                        "arbeidet");
    /* the minutes' cover page is a page section of the June meeting */
    int found = 0;
    for (size_t i = 0; i < p.n_sections; i++) {
        const sk_section *s = &p.sections[i];
        if (s->role == SK_ROLE_PAGE && s->page_from == 5) {
            found = 1;
            assert_string_equal(s->meeting_date, "2020-06-12");
            assert_contains(s->text, "Referat fra møte i NUFA");
        }
    }
    assert_true(found);
    sk_paper_release(&p);
    free(pg.buf);
}

/* A per-case memo on its own, header block in the columnar order text
 * extraction gives (labels first, values after), as in the NUFA memos. */
static void segment__memo_header_block(void **state)
{
    (void)state;
    static const char *memo =
        "Nasjonal løsning for deling av helsekort \n"
        "\n"
        "Til \n"
        "Dato \n"
        "Saksnummer \n"
        "Sakstype \n"
        "\n"
        "Møte 2/2023 \n"
        "14.03.2023 \n"
        "09/2023 \n"
        "Drøfting \n"
        "\n"
        "Fra \n"
        "Saksbehandler \n"
        "\n"
        "Kari Nordmann \n"
        "Ola Hansen \n"
        "\n"
        "Forslag til vedtak \n"
        "\n"
        "NUIT tar saken til orientering og ber direktoratet komme tilbake \n"
        "med en plan i neste møte. \n"
        "\n"
        "Hensikt med saken \n"
        "\n"
        "Saken gir en oversikt over arbeidet så langt, jf. sak 31/22 og NUFA-sak 4/23.\n"
        "\f"
        "Bakgrunn \n"
        "\n"
        "Arbeidet startet i 2022.\n";
    sk_paper p = {0};
    segment_text(&p, memo, 1, "nuit/2023/notat-sak-9-23.pdf", NULL);
    assert_string_equal(p.body, "NUIT"); /* the path; the text names no body in a heading */
    assert_string_equal(p.meeting_date, "2023-03-14");
    assert_string_equal(p.meeting_no, "2/2023");
    assert_int_equal(count_role(&p, SK_ROLE_CASE), 1);
    const sk_section *s = find(&p, SK_ROLE_CASE, "9/23");
    assert_non_null(s);
    assert_string_equal(s->title, "Nasjonal løsning for deling av helsekort");
    assert_string_equal(s->type, "Drøfting");
    assert_string_equal(s->presenter, "Kari Nordmann");
    assert_string_equal(s->meeting_no, "2/2023");
    assert_string_equal(s->proposed_decision, "NUIT tar saken til orientering og ber direktoratet "
                                              "komme tilbake med en plan i neste møte.");
    assert_int_equal(s->page_from, 1);
    assert_int_equal(s->page_to, 2);
    /* labels in one column, values in another: which value is whose is not
     * certain, so no sender and no case officer */
    assert_null(s->sender);
    assert_null(s->case_officer);
    /* mentions: the second names its body */
    const sk_section *m1 = find(&p, SK_ROLE_MENTION, "31/22");
    const sk_section *m2 = find(&p, SK_ROLE_MENTION, "4/23");
    assert_non_null(m1);
    assert_non_null(m2);
    assert_null(m1->body);
    assert_string_equal(m2->body, "NUFA");
    assert_int_equal(count_role(&p, SK_ROLE_PAGE), 0);
    sk_paper_release(&p);

    /* the same block as labels glued to values (PDF text) */
    static const char *glued = "Nasjonal løsning for deling av helsekort\n"
                               "TilMøte 2/2023\n"
                               "Dato14.03.2023\n"
                               "Saksnummer9/23\n"
                               "TypeDrøfting\n"
                               "FraKari Nordmann\n"
                               "SaksbehandlerOla Hansen\n"
                               "Forslag til vedtak\n"
                               "NUIT tar saken til orientering.\n";
    segment_text(&p, glued, 1, NULL, NULL);
    s = find(&p, SK_ROLE_CASE, "9/23");
    assert_non_null(s);
    assert_null(p.body);
    assert_string_equal(s->title, "Nasjonal løsning for deling av helsekort");
    assert_string_equal(s->type, "Drøfting");
    assert_string_equal(s->presenter, "Kari Nordmann");
    assert_string_equal(s->sender, "Kari Nordmann");
    assert_string_equal(s->case_officer, "Ola Hansen");
    assert_null(s->minute_taker);
    assert_string_equal(p.meeting_date, "2023-03-14");
    assert_string_equal(s->proposed_decision, "NUIT tar saken til orientering.");
    sk_paper_release(&p);
}

/* Who acts: a presenter after an agenda item's title ("v/ NAVN", "(NAVN)"),
 * the minute taker of minutes; a sender that is an organisation is none. */
static void segment__actors(void **state)
{
    (void)state;
    static const char *agenda = "Protokoll fra møte i NUIT 20. mai 2021\n"
                                "Agenda\n"
                                "9/21 – Godkjenning av innkalling v/ Kari Hansen Nordmann\n"
                                "10/21 – Status for arbeidet med veikart (Siri)\n"
                                "11/21 – Budsjett (fremlegges i møtet)\n";
    sk_paper p = {0};
    segment_text(&p, agenda, 1, NULL, NULL);
    assert_str_or_null(find(&p, SK_ROLE_AGENDA, "9/21")->presenter, "Kari Hansen Nordmann");
    assert_str_or_null(find(&p, SK_ROLE_AGENDA, "10/21")->presenter, "Siri");
    assert_null(find(&p, SK_ROLE_AGENDA, "11/21")->presenter); /* words, not a name */
    sk_paper_release(&p);

    static const char *minutes = "Referat fra møte i NUFA 12. juni 2020\n"
                                 "Dato 12. juni 2020\n"
                                 "Referent: Per Olsen\n"
                                 "16/20 – Godkjenning av innkalling\nVedtak:\nNUFA godkjenner.\n";
    segment_text(&p, minutes, 1, NULL, NULL);
    const sk_section *m = find(&p, SK_ROLE_MINUTES, "16/20");
    assert_non_null(m);
    assert_str_or_null(m->minute_taker, "Per Olsen");
    sk_paper_release(&p);

    static const char *memo = "Veikart\n"
                              "Til: Møte 4/20\n"
                              "Saksnummer: 29/20\n"
                              "Fra: Direktoratet for e-helse\n"
                              "Saksbehandler: Elin Høyvik Kindingstad\n"
                              "Forslag til vedtak\n"
                              "NUFA tar saken til orientering.\n";
    segment_text(&p, memo, 1, NULL, NULL);
    const sk_section *s = find(&p, SK_ROLE_CASE, "29/20");
    assert_non_null(s);
    assert_null(s->sender);
    assert_str_or_null(s->case_officer, "Elin Høyvik Kindingstad");
    sk_paper_release(&p);
}

/* A table of cases, one row per case, tab-separated, with a decision column:
 * the rows are minutes with their decisions. */
static void segment__table_of_cases(void **state)
{
    (void)state;
    static const char *table =
        "Protokoll fra møte i Nasjonalt e-helseråd\n"
        "Dato: 14.12.2023\n"
        "\n"
        "Sak\tTittel\tSakstype\tVedtak\n"
        "31/23\tGodkjenning av innkalling\tGodkjenning\tInnkallingen godkjennes.\n"
        "32/23\tBudsjett 2024\tBeslutning\tRådet slutter seg til forslaget.\n"
        "33/23\tEventuelt\t\t\n";
    sk_paper p = {0};
    segment_text(&p, table, 1, NULL, NULL);
    assert_string_equal(p.body, "Nasjonalt e-helseråd");
    assert_string_equal(p.meeting_date, "2023-12-14");
    const sk_section *s = find(&p, SK_ROLE_MINUTES, "32/23");
    assert_non_null(s);
    assert_string_equal(s->title, "Budsjett 2024");
    assert_string_equal(s->type, "Beslutning");
    assert_string_equal(s->decision, "Rådet slutter seg til forslaget.");
    assert_string_equal(s->meeting_date, "2023-12-14");
    s = find(&p, SK_ROLE_AGENDA, "33/23"); /* no decision: just a row */
    assert_non_null(s);
    assert_string_equal(s->title, "Eventuelt");
    assert_null(s->type);
    assert_null(s->decision);
    sk_paper_release(&p);
}

/* Agenda rows as dash-separated cells wrapped over lines (a signed protocol). */
static void segment__dash_separated_agenda(void **state)
{
    (void)state;
    static const char *text =
        "Protokoll fra møte i NUIT 20. mai 2021\n"
        "Agenda\n"
        "9/21 – Godkjenning av innkalling og dagsorden – Godkjenning – Karl\n"
        "Vestli Direktoratet for e-helse – 10:00\n"
        "12/21 – Nasjonal e-helseportefølje – status og planer – Drøfting – Siv\n"
        "Ingebrigtsen Direktoratet for e-helse – 10:25\n"
        "17/21 – Eventuelt – 12:45\n";
    sk_paper p = {0};
    segment_text(&p, text, 1, NULL, NULL);
    assert_string_equal(p.body, "NUIT");
    assert_string_equal(p.meeting_date, "2021-05-20");
    assert_int_equal(count_role(&p, SK_ROLE_AGENDA), 3);
    const sk_section *s = find(&p, SK_ROLE_AGENDA, "12/21");
    assert_string_equal(s->title, "Nasjonal e-helseportefølje – status og planer");
    assert_string_equal(s->type, "Drøfting");
    assert_string_equal(s->presenter, "Siv Ingebrigtsen Direktoratet for e-helse");
    assert_string_equal(s->meeting_date, "2021-05-20");
    s = find(&p, SK_ROLE_AGENDA, "17/21");
    assert_string_equal(s->title, "Eventuelt");
    assert_null(s->type);
    assert_null(s->presenter);
    sk_paper_release(&p);
}

/* A single case as a web page (HTML text, page 0). */
static void segment__html_case_page(void **state)
{
    (void)state;
    static const char *html =
        "Sak 13/21: Legemiddelprogrammet – langsiktig finansiering\n\n"
        "Møte\n\nNUIT 2/21\n\n"
        "Dato\n\n20. mai 2021\n\n"
        "Saksnummer\n\n13/21\n\n"
        "Sakstype\n\nDrøfting\n\n"
        "Presenterer saken\n\nRune Røren, Direktoratet for e-helse\n\n"
        "Agenda\n\nInnledning\n\nSentral Forskrivningsmodul (SFM)\n\n"
        "Det er ønsket om «en ambisiøs plan - som ikke er urealistisk», jf. sak 12/21.\n\n"
        "Forslag til vedtak\n\n"
        "NUIT støtter at Legemiddelprogrammet må få høy prioritet i årene fremover.\n\n"
        "Vedtak\n\n"
        "NUIT støtter at Legemiddelprogrammet må få høy prioritet.\n\n"
        "Oppfølging\n\nDirektoratet følger opp.\n";
    sk_paper p = {0};
    segment_text(&p, html, 0, "nuit/2021/html/sak-13-21.html",
                 "Sak 13/21: Legemiddelprogrammet – langsiktig finansiering – NUIT – "
                 "Prioriteringsutvalget – ehelse.no");
    assert_string_equal(p.body, "NUIT");
    assert_string_equal(p.meeting_date, "2021-05-20");
    assert_string_equal(p.meeting_no, "2/21");
    assert_int_equal(count_role(&p, SK_ROLE_CASE), 1);
    const sk_section *s = find(&p, SK_ROLE_CASE, "13/21");
    assert_non_null(s);
    assert_string_equal(s->title, "Legemiddelprogrammet – langsiktig finansiering");
    assert_string_equal(s->type, "Drøfting");
    assert_string_equal(s->presenter, "Rune Røren, Direktoratet for e-helse");
    assert_string_equal(
        s->proposed_decision,
        "NUIT støtter at Legemiddelprogrammet må få høy prioritet i årene fremover.");
    assert_string_equal(s->decision, "NUIT støtter at Legemiddelprogrammet må få høy prioritet.");
    assert_int_equal(s->page_from, 0);
    assert_int_equal(s->page_to, 0);
    assert_non_null(find(&p, SK_ROLE_MENTION, "12/21"));
    assert_int_equal(count_role(&p, SK_ROLE_PAGE), 0);
    sk_paper_release(&p);
}

/* An unknown layout (the OCR'd deck): page sections only, nothing guessed. */
static void segment__unknown_layout_pages_only(void **state)
{
    (void)state;
    static const char *ocr =
        " Overordnet plan for arbeidet\no] o2 | 2n 4\n\n"
        "2021 -1 2021 -Q2 2021 -Q3 2021 - Q4 2022-Q1\n\n"
        "Hering innspill og\n' beslutning\n\n1006.2 20921 0.12.21 040222 130522\n\n"
        "Prioriteringsutvalg\n(NUIT)\nFagutvalg\n(NUFA)\n"
        "\f Elementer I strategiutviklingen\n\nMal- og strategiutvikling\n"
        "\f\f Status for arbeidet\n\n"
        "® Det er nye tiltak per mal vi gnsker a fa NUFAs innspill pa i mgtet.\n";
    sk_paper p = {0};
    segment_text(&p, ocr, 1, "arkiv/strategi-ocr.pdf", NULL);
    assert_null(p.body); /* NUIT and NUFA are both named; neither as a heading */
    assert_null(p.meeting_date);
    assert_null(p.meeting_no);
    assert_int_equal(p.n_sections, 3); /* page 3 is empty */
    assert_int_equal(count_role(&p, SK_ROLE_PAGE), 3);
    static const int numbers[] = {1, 2, 4};
    for (size_t i = 0; i < 3; i++) {
        const sk_section *s = &p.sections[i];
        assert_int_equal(s->page_from, numbers[i]);
        assert_int_equal(s->page_to, numbers[i]);
        assert_null(s->case_no);
        assert_null(s->body);
        assert_null(s->meeting_date);
        assert_null(s->title);
    }
    assert_contains(p.sections[2].text, "NUFAs innspill");
    sk_paper_release(&p);

    /* with an archive path: the folder names the body, the file the date */
    segment_text(&p, ocr, 1, "nufa/2022/2022-03-02-nufa-strategi-ocr.pdf", NULL);
    assert_string_equal(p.body, "NUFA");
    assert_string_equal(p.meeting_date, "2022-03-02");
    assert_string_equal(p.sections[0].body, "NUFA");
    sk_paper_release(&p);
}

/* Never wrong: a body or date named deep inside a paper is not the paper's. */
static void segment__never_guess_from_mentions(void **state)
{
    (void)state;
    static const char *text = "Årsrapport for e-helse\n\nInnhold og sammendrag\n"
                              "\f"
                              "Saken ble drøftet i NUIT 20. mai 2021, jf. sak 13/21.\n"
                              "NUFA tar saken til orientering.\n"
                              "\f"
                              "NUIT 20. mai 2021\n"
                              "Møte 4/21\n";
    sk_paper p = {0};
    segment_text(&p, text, 1, "rapporter/arsrapport.pdf", "Årsrapport");
    assert_null(p.body);
    assert_null(p.meeting_date);
    assert_null(p.meeting_no);
    assert_int_equal(count_role(&p, SK_ROLE_CASE), 0);
    const sk_section *m = find(&p, SK_ROLE_MENTION, "13/21");
    assert_non_null(m);
    assert_null(m->body);
    assert_null(m->meeting_date);
    assert_int_equal(m->page_from, 2);
    for (size_t i = 0; i < p.n_sections; i++) {
        assert_null(p.sections[i].body);
        assert_null(p.sections[i].meeting_date);
    }
    sk_paper_release(&p);

    /* two bodies in headings, and no path to choose: no body */
    segment_text(&p, "Møte i NUIT\nMøte i NUFA\n", 1, NULL, NULL);
    assert_null(p.body);
    sk_paper_release(&p);
    /* two different labelled dates on the front: no date */
    segment_text(&p, "Møte i NUFA\nDato 12. juni 2020\nDato 26. august 2020\n", 1, NULL, NULL);
    assert_string_equal(p.body, "NUFA");
    assert_null(p.meeting_date);
    sk_paper_release(&p);
}

/* A case number where a sentence wraps is a mention, never a case: "sak
 * 22/23 i ..." and "22/23 i ..." at a line's start, and a number after
 * "behandlet i" at the end of the line before. */
static void segment__wrapped_mentions_are_not_cases(void **state)
{
    (void)state;
    static const char *text =
        "Møte i NUFA 26. august 2020\n"
        "\f"
        "Sak 33/20 Felles journalløft for kommuner\n"
        "Direktoratet orienterte om arbeidet, som bygger på det som ble drøftet i\n"
        "sak 22/20 i Nasjonalt e-helseråd (4. oktober 2020) og i fagutvalget. Det ble\n"
        "også vist til vurderingene som NUFA behandlet i\n"
        "21/20 Felles grunnmur, der utvalget ga sin tilslutning.\n"
        "Forslag til vedtak\n"
        "NUFA tar saken til orientering.\n";
    sk_paper p = {0};
    segment_text(&p, text, 1, NULL, NULL);
    assert_int_equal(count_role(&p, SK_ROLE_CASE), 1);
    const sk_section *c = find(&p, SK_ROLE_CASE, "33/20");
    assert_non_null(c);
    assert_str_or_null(c->proposed_decision, "NUFA tar saken til orientering.");
    assert_null(find(&p, SK_ROLE_CASE, "22/20"));
    assert_null(find(&p, SK_ROLE_AGENDA, "22/20"));
    assert_null(find(&p, SK_ROLE_AGENDA, "21/20"));
    assert_non_null(find(&p, SK_ROLE_MENTION, "22/20"));
    sk_paper_release(&p);
}

/* Short case pages that all end in "Forslag til vedtak" and its text: the
 * label is not a running footer, so each case keeps its own proposal. */
static void segment__decision_label_on_every_page(void **state)
{
    (void)state;
    static const char *text =
        "NUIT – møte 20. mai 2021\nAgenda\n"
        "\fNUIT – møte 20. mai 2021\nSak 9/21 Godkjenning av innkalling\n"
        "Forslag til vedtak\nNUIT godkjenner innkalling og dagsorden.\nSide 2\n"
        "\fNUIT – møte 20. mai 2021\nSak 10/21 Godkjenning av referat\n"
        "Forslag til vedtak\nNUIT godkjenner referatet.\nSide 3\n"
        "\fNUIT – møte 20. mai 2021\nSak 11/21 Orientering\n"
        "Forslag til vedtak\nNUIT tar sakene til orientering.\nSide 4\n";
    sk_paper p = {0};
    segment_text(&p, text, 1, NULL, NULL);
    const char *want[][2] = {{"9/21", "NUIT godkjenner innkalling og dagsorden."},
                             {"10/21", "NUIT godkjenner referatet."},
                             {"11/21", "NUIT tar sakene til orientering."}};
    for (size_t i = 0; i < 3; i++) {
        const sk_section *c = find(&p, SK_ROLE_CASE, want[i][0]);
        assert_non_null(c);
        assert_str_or_null(c->proposed_decision, want[i][1]);
    }
    sk_paper_release(&p);
}

/* Minutes headed as an enclosure of a later meeting's papers carry their
 * own meeting's date, and each item is a minutes section. */
static void segment__minutes_as_enclosure(void **state)
{
    (void)state;
    static const char *text =
        "Møte i NUFA 26. august 2020\n"
        "\fVedlegg 1: Referat fra møte i NUFA 12. juni 2020\n"
        "Dato 12. juni 2020\n"
        "16/20 – Godkjenning av innkalling\nVedtak:\nNUFA godkjenner innkallingen.\n"
        "17/20 – Orientering fra Direktoratet\nDirektoratet orienterte.\n"
        "Vedtak:\nNUFA tar sakene til orientering.\n";
    sk_paper p = {0};
    segment_text(&p, text, 1, NULL, NULL);
    const sk_section *m16 = find(&p, SK_ROLE_MINUTES, "16/20");
    const sk_section *m17 = find(&p, SK_ROLE_MINUTES, "17/20");
    assert_non_null(m16);
    assert_non_null(m17);
    assert_str_or_null(m16->meeting_date, "2020-06-12");
    assert_str_or_null(m16->decision, "NUFA godkjenner innkallingen.");
    assert_str_or_null(m17->decision, "NUFA tar sakene til orientering.");
    sk_paper_release(&p);
}

/* A case page that names its council only in the site's breadcrumb or in a
 * fact ("Utvalg:"); without either, no council. */
static void segment__council_from_site_and_facts(void **state)
{
    (void)state;
    static const char *text = "Sak 19/20: Felles grunnmur\nMøtedato\t12. juni 2020\n"
                              "Saksnummer\t19/20\nSakstype\tOrientering\n";
    pages pg;
    split_pages(&pg, text, strlen(text), 0);
    sk_err err = SK_ERR_INIT;
    sk_paper p = {0};
    sk_paper_info info = {"moter/u2/2020/html/felles-grunnmur.html", "Felles grunnmur",
                          "ehelse.no | Forside | Fagutvalget | Sak 19/20"};
    assert_int_equal(sk_segment(&p, bodies, &info, pg.page, pg.n, &err), SK_OK);
    assert_str_or_null(p.body, "NUFA");
    assert_str_or_null(p.meeting_date, "2020-06-12");
    sk_paper_release(&p);
    info.site = NULL;
    assert_int_equal(sk_segment(&p, bodies, &info, pg.page, pg.n, &err), SK_OK);
    assert_null(p.body);
    sk_paper_release(&p);
    free(pg.buf);
    segment_text(
        &p, "Saksliste\nUtvalg:\tNasjonalt utvalg for IT-prioriteringer\nMøtedato: 20.05.2021\n", 1,
        NULL, NULL);
    assert_str_or_null(p.body, "NUIT");
    sk_paper_release(&p);
}

/* The last row of an agenda never takes the text (and the decision) of the
 * pages after it for its own. */
static void segment__last_agenda_row_keeps_its_place(void **state)
{
    (void)state;
    static const char *text = "Møte i NUIT 20. mai 2021\nAgenda\n"
                              "16/21 Digital hjemmeoppfølging\n17/21 Eventuelt\n"
                              "\fNotat om finansiering\nForslag til vedtak\n"
                              "NUIT tar saken til orientering.\n";
    sk_paper p = {0};
    segment_text(&p, text, 1, NULL, NULL);
    const sk_section *r = find(&p, SK_ROLE_AGENDA, "17/21");
    assert_non_null(r);
    assert_null(r->proposed_decision);
    assert_int_equal(r->page_to, 1);
    assert_null(find(&p, SK_ROLE_CASE, "17/21"));
    sk_paper_release(&p);
}

/* A council the list does not know is kept as its paper's fact names it;
 * a fact about a council the list knows, or a plain heading naming one,
 * wins over it; an addressee is not a council. */
static void segment__open_ended_council(void **state)
{
    (void)state;
    sk_paper p = {0};
    segment_text(&p, "MØTEPROTOKOLL\nUtvalg:\tHovedutvalg for helse og omsorg\nDato:\t04.10.2023\n",
                 1, NULL, NULL);
    assert_str_or_null(p.body, "Hovedutvalg for helse og omsorg");
    assert_str_or_null(p.meeting_date, "2023-10-04");
    sk_paper_release(&p);
    segment_text(&p, "Møte i NUFA\nOrgan: Arbeidsutvalget for grunnmur\n", 1, NULL, NULL);
    assert_str_or_null(p.body, "NUFA");
    sk_paper_release(&p);
    segment_text(&p, "Til: Medlemmer av styret i Fjordvik\nNotat om økonomi\n", 1, NULL, NULL);
    assert_null(p.body);
    sk_paper_release(&p);
}

/* A case paper's processing order (Saksnr. | Utvalg | Møtedato): each row is
 * that council's case on that date, with no title taken from the council's
 * name; a council the list does not know is kept as written. */
static void segment__processing_order_rows(void **state)
{
    (void)state;
    static const char *text = "SAKSFRAMLEGG\nSaksbehandler:\tKari Nordmann\n"
                              "Arkivsaksnr.:\t22/4711-3\nBehandlingsrekkefølge\n"
                              "Saksnr.\tUtvalg\tMøtedato\n"
                              "15/23\tEldrerådet\t26.09.2023\n"
                              "28/23\tNasjonalt fagutvalg for e-helse\t04.10.2023\n"
                              "Felles journalløft for kommuner\n";
    sk_paper p = {0};
    segment_text(&p, text, 1, NULL, NULL);
    const sk_section *e = find(&p, SK_ROLE_CASE, "15/23");
    const sk_section *n = find(&p, SK_ROLE_CASE, "28/23");
    assert_non_null(e);
    assert_non_null(n);
    assert_str_or_null(e->body, "Eldrerådet");
    assert_str_or_null(e->meeting_date, "2023-09-26");
    assert_str_or_null(e->title, "Felles journalløft for kommuner");
    assert_str_or_null(n->title, "Felles journalløft for kommuner");
    assert_str_or_null(n->body, "NUFA");
    assert_str_or_null(n->meeting_date, "2023-10-04");
    assert_null(find(&p, SK_ROLE_CASE, "22/47"));
    assert_null(find(&p, SK_ROLE_AGENDA, "22/47"));
    sk_paper_release(&p);
}

static void segment__empty_and_invalid_input(void **state)
{
    (void)state;
    sk_paper p = {0};
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_segment(&p, bodies, NULL, NULL, 0, &err), SK_OK);
    assert_int_equal(p.n_sections, 0);
    assert_null(p.body);
    sk_paper_release(&p);
    assert_int_equal(sk_segment(NULL, bodies, NULL, NULL, 0, &err), SK_EINVAL);
    sk_err_clear(&err);
    assert_int_equal(sk_segment(&p, bodies, NULL, NULL, 3, &err), SK_EINVAL);
    /* no body list: everything else still works */
    segment_text(&p, "Sak 9/21\nGodkjenning\nForslag til vedtak\nGodkjent.\n", 1, NULL, NULL);
    sk_paper_release(&p);
    sk_page_text pt = {"Sak 9/21 Test\n", 14, 1};
    assert_int_equal(sk_segment(&p, NULL, &(sk_paper_info){"nuit/x.pdf", NULL, NULL}, &pt, 1, &err),
                     SK_OK);
    assert_null(p.body);
    assert_int_equal(p.n_sections, 1);
    assert_string_equal(p.sections[0].title, "Test");
    sk_paper_release(&p);
    sk_paper_release(&p); /* released twice: still fine */
    sk_paper_release(NULL);
    assert_string_equal(sk_role_name(SK_ROLE_CASE), "case");
    assert_string_equal(sk_role_name(SK_ROLE_MINUTES), "minutes");
    assert_string_equal(sk_role_name(SK_ROLE_AGENDA), "agenda");
    assert_string_equal(sk_role_name(SK_ROLE_MENTION), "mention");
    assert_string_equal(sk_role_name(SK_ROLE_PAGE), "page");
    assert_string_equal(sk_role_name((sk_role)0), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(segment__parse_date_table),
        cmocka_unit_test(segment__parse_case_no_table),
        cmocka_unit_test(segment__case_number_context_table),
        cmocka_unit_test(segment__bodies_file_and_aliases),
        cmocka_unit_test(segment__bodies_parse_errors),
        cmocka_unit_test(segment__nuit_slide_deck),
        cmocka_unit_test(segment__ehelsestyre_deck),
        cmocka_unit_test(segment__nufa_bundle_seed),
        cmocka_unit_test(segment__nufa_bundle_pdf_pages),
        cmocka_unit_test(segment__memo_header_block),
        cmocka_unit_test(segment__actors),
        cmocka_unit_test(segment__table_of_cases),
        cmocka_unit_test(segment__dash_separated_agenda),
        cmocka_unit_test(segment__html_case_page),
        cmocka_unit_test(segment__unknown_layout_pages_only),
        cmocka_unit_test(segment__never_guess_from_mentions),
        cmocka_unit_test(segment__empty_and_invalid_input),
        cmocka_unit_test(segment__wrapped_mentions_are_not_cases),
        cmocka_unit_test(segment__decision_label_on_every_page),
        cmocka_unit_test(segment__minutes_as_enclosure),
        cmocka_unit_test(segment__council_from_site_and_facts),
        cmocka_unit_test(segment__last_agenda_row_keeps_its_place),
        cmocka_unit_test(segment__open_ended_council),
        cmocka_unit_test(segment__processing_order_rows),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
