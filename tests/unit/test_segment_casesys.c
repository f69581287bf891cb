/* test_segment_casesys.c: papers printed by case-handling systems through the
 * segment stage: protocols (MØTEPROTOKOLL, Møtebok) with their facts, a
 * Saksliste and items headed "PS 21/23", "Sak 21/23", "RS 3/23" or a bare
 * "21/23"; case papers (SAKSFRAMLEGG) with a Behandlingsrekkefølge, alone or
 * bundled. The texts are written here as the extractor gives such papers
 * (table cells separated by tabs, pages by form feeds).
 */
#include "segtest.h"

static void casesys__protocol_items(void **state)
{
    (void)state;
    static const char *text =
        "MØTEPROTOKOLL\nUtvalg:\tHovedutvalg for oppvekst\nMøtested:\tRådhuset\n"
        "Dato:\t04.10.2023\nTidspunkt:\t10:00–12:00\n"
        "Faste medlemmer som møtte:\tKari Nordmann (Ap), leder; Ola Dunk (H)\n"
        "Forfall:\tIngen\nSaksliste\nSaksnr.\tInnhold\tLukket\n\tSaker til behandling\n"
        "PS 21/23\tGodkjenning av innkalling og dagsorden\n"
        "PS 22/23\tSkolebruksplan 2024–2030\n"
        "PS 21/23 Godkjenning av innkalling og dagsorden\nArkivsak: 30/23\n"
        "Behandling i Hovedutvalg for oppvekst - 04.10.2023\nVotering\nEnstemmig vedtatt.\n"
        "HOP- 21/23 Vedtak:\nHovedutvalg for oppvekst godkjenner innkalling og dagsorden.\n"
        "\fPS 22/23 Skolebruksplan 2024–2030\nArkivsak: 22/4711\n"
        "Behandling i Hovedutvalg for oppvekst - 04.10.2023\nSaken ble drøftet.\n"
        "Votering\nEnstemmig vedtatt.\nHOP- 22/23 Vedtak:\n"
        "Hovedutvalg for oppvekst slutter seg til planen.\n";
    sk_paper p = {0};
    segment_text(&p, text, 1, NULL, NULL);
    assert_str_or_null(p.body, "Hovedutvalg for oppvekst");
    assert_str_or_null(p.meeting_date, "2023-10-04");
    const sk_section *a21 = find(&p, SK_ROLE_AGENDA, "21/23");
    const sk_section *a22 = find(&p, SK_ROLE_AGENDA, "22/23");
    assert_non_null(a21);
    assert_non_null(a22);
    assert_str_or_null(a22->title, "Skolebruksplan 2024–2030");
    const sk_section *m21 = find(&p, SK_ROLE_MINUTES, "21/23");
    const sk_section *m22 = find(&p, SK_ROLE_MINUTES, "22/23");
    assert_non_null(m21);
    assert_non_null(m22);
    assert_str_or_null(m21->body, "Hovedutvalg for oppvekst");
    assert_str_or_null(m21->meeting_date, "2023-10-04");
    assert_str_or_null(m21->decision,
                       "Hovedutvalg for oppvekst godkjenner innkalling og dagsorden.");
    assert_null(m21->proposed_decision);
    assert_str_or_null(m22->decision, "Hovedutvalg for oppvekst slutter seg til planen.");
    assert_int_equal(m22->page_from, 2);
    assert_str_or_null(m21->archive_no, "30/23");
    assert_str_or_null(m22->archive_no, "22/4711");
    assert_null(a21->archive_no);
    assert_int_equal(count_role(&p, SK_ROLE_MINUTES), 2);
    assert_int_equal(count_role(&p, SK_ROLE_CASE), 0);
    /* the archive number is never a case */
    for (size_t i = 0; i < p.n_sections; i++)
        assert_false(p.sections[i].case_no && strcmp(p.sections[i].case_no, "30/23") == 0);
    sk_paper_release(&p);
}

static void casesys__moetebok_items(void **state)
{
    (void)state;
    static const char *text =
        "Møtebok\nUtvalg:\tFormannskapet\nMøtedato:\t12.09.2023\n"
        "Sak 41/23 Budsjettjustering\nBehandling i Formannskapet - 12.09.2023\n"
        "Votering\nEnstemmig vedtatt.\nFSK- 41/23 Vedtak:\nFormannskapet vedtar justeringen.\n"
        "42/23 Kjøp av tomt\nBehandling i Formannskapet - 12.09.2023\n"
        "Vedtak i Formannskapet - 12.09.2023:\nFormannskapet godkjenner kjøpet.\n"
        "RS 7/23 Melding om tilsyn\nVedtak:\nMeldingen tas til orientering.\n";
    sk_paper p = {0};
    segment_text(&p, text, 1, NULL, NULL);
    const sk_section *m41 = find(&p, SK_ROLE_MINUTES, "41/23");
    const sk_section *m42 = find(&p, SK_ROLE_MINUTES, "42/23");
    const sk_section *m7 = find(&p, SK_ROLE_MINUTES, "7/23");
    assert_non_null(m41);
    assert_non_null(m42);
    assert_non_null(m7);
    assert_str_or_null(m41->body, "Formannskapet");
    assert_str_or_null(m41->meeting_date, "2023-09-12");
    assert_str_or_null(m41->title, "Budsjettjustering");
    assert_str_or_null(m41->decision, "Formannskapet vedtar justeringen.");
    assert_str_or_null(m42->title, "Kjøp av tomt");
    assert_str_or_null(m42->decision, "Formannskapet godkjenner kjøpet.");
    assert_str_or_null(m7->title, "Melding om tilsyn");
    assert_str_or_null(m7->decision, "Meldingen tas til orientering.");
    sk_paper_release(&p);
}

static void casesys__bare_items_over_pages(void **state)
{
    (void)state;
    static const char *text =
        "PROTOKOLL\nUtvalg:\tKommunestyret\nMøtedato:\t19.10.2023\nSaksliste\n"
        "Saksnr.\tTittel\n57/23\tGodkjenning av protokoll\n58/23\tProgram for samhandling\n"
        "57/23 Godkjenning av protokoll\nBehandling i Kommunestyret - 19.10.2023\n"
        "Vedtak:\nProtokollen godkjennes.\n"
        "58/23 Program for samhandling\nBehandling i Kommunestyret - 19.10.2023\n"
        "Saken ble lagt fram av kommunedirektøren, og flere representanter hadde innlegg.\n"
        "\fVotering\nEnstemmig vedtatt.\nVedtak i Kommunestyret - 19.10.2023:\n"
        "Kommunestyret tar saken til orientering.\n";
    sk_paper p = {0};
    segment_text(&p, text, 1, NULL, NULL);
    assert_int_equal(count_role(&p, SK_ROLE_AGENDA), 2);
    const sk_section *m58 = find(&p, SK_ROLE_MINUTES, "58/23");
    assert_non_null(m58);
    assert_str_or_null(m58->body, "Kommunestyret");
    assert_str_or_null(m58->decision, "Kommunestyret tar saken til orientering.");
    assert_int_equal(m58->page_to, 2);
    const sk_section *m57 = find(&p, SK_ROLE_MINUTES, "57/23");
    assert_non_null(m57);
    assert_str_or_null(m57->decision, "Protokollen godkjennes.");
    sk_paper_release(&p);
}

/* A protocol that states neither council nor date: each item's
 * "Behandling i <council> - <date>" gives them. */
static void casesys__processing_line_gives_council_and_date(void **state)
{
    (void)state;
    static const char *text =
        "PROTOKOLL\nPS 5/23 Tilskudd til lag og foreninger\n"
        "Behandling i Levekårsutvalget - 14.03.2023\nVotering\nEnstemmig vedtatt.\n"
        "LKU- 5/23 Vedtak:\nTilskuddene fordeles som foreslått.\n";
    sk_paper p = {0};
    segment_text(&p, text, 1, NULL, NULL);
    const sk_section *m = find(&p, SK_ROLE_MINUTES, "5/23");
    if (!m) /* no minutes zone without a date: the item is the case's own text */
        m = find(&p, SK_ROLE_CASE, "5/23");
    assert_non_null(m);
    assert_str_or_null(m->body, "Levekårsutvalget");
    assert_str_or_null(m->meeting_date, "2023-03-14");
    assert_str_or_null(m->decision, "Tilskuddene fordeles som foreslått.");
    sk_paper_release(&p);
}

static void casesys__saksliste_as_text(void **state)
{
    (void)state;
    static const char *text =
        "MØTEPROTOKOLL\nUtvalg:\tEldrerådet\nDato:\t26.09.2023\nSaksliste\n"
        "PS 14/23 Akson journal\nPS 15/23 Program for helhetlig samhandling\n"
        "PS 16/23 Eventuelt\n"
        "PS 14/23 Akson journal\nBehandling i Eldrerådet - 26.09.2023\nVotering\n"
        "Enstemmig vedtatt.\nELD- 14/23 Vedtak:\nEldrerådet slutter seg til innstillingen.\n"
        "PS 15/23 Program for helhetlig samhandling\nBehandling i Eldrerådet - 26.09.2023\n"
        "ELD- 15/23 Vedtak:\nEldrerådet tar saken til orientering.\n"
        "PS 16/23 Eventuelt\nIngen saker ble tatt opp.\n";
    sk_paper p = {0};
    segment_text(&p, text, 1, NULL, NULL);
    assert_int_equal(count_role(&p, SK_ROLE_AGENDA), 3);
    assert_int_equal(count_role(&p, SK_ROLE_MINUTES), 3);
    const sk_section *a15 = find(&p, SK_ROLE_AGENDA, "15/23");
    assert_non_null(a15);
    assert_str_or_null(a15->title, "Program for helhetlig samhandling");
    assert_null(a15->decision);
    const sk_section *m15 = find(&p, SK_ROLE_MINUTES, "15/23");
    assert_non_null(m15);
    assert_str_or_null(m15->decision, "Eldrerådet tar saken til orientering.");
    const sk_section *m16 = find(&p, SK_ROLE_MINUTES, "16/23");
    assert_non_null(m16);
    assert_null(m16->decision);
    sk_paper_release(&p);
}

static void casesys__case_papers_bundled(void **state)
{
    (void)state;
    static const char *text =
        "SAKSFRAMLEGG\nSaksbehandler:\tKari Nordmann\nArkiv:\tG10\nArkivsaksnr.:\t23/1412-4\n"
        "Behandlingsrekkefølge\nSaksnr.\tUtvalg\tMøtedato\n"
        "33/23\tHovedutvalg for oppvekst\t04.10.2023\n"
        "Ny barnehage i sentrum\nSaksopplysninger:\nKommunen trenger flere plasser.\n"
        "Vurdering:\nEn ny barnehage anbefales.\nKommunedirektørens innstilling:\n"
        "Hovedutvalg for oppvekst slutter seg til planene for ny barnehage.\n"
        "\fSAKSFRAMLEGG\nSaksbehandler Ola Dunk\nArkivsaksnr. 2023/88-2\n"
        "Behandlingsrekkefølge\nSaksnr.\tUtvalg\tMøtedato\n"
        "34/23\tHovedutvalg for oppvekst\t04.10.2023\n"
        "61/23\tKommunestyret\t19.10.2023\n"
        "Skolebruksplan 2024–2030\nSaksopplysninger:\nPlanen har vært på høring.\n"
        "Rådmannens innstilling:\nSkolebruksplan 2024–2030 vedtas.\n";
    sk_paper p = {0};
    segment_text(&p, text, 1, NULL, NULL);
    const sk_section *c33 = find(&p, SK_ROLE_CASE, "33/23");
    const sk_section *c34 = find(&p, SK_ROLE_CASE, "34/23");
    const sk_section *c61 = find(&p, SK_ROLE_CASE, "61/23");
    assert_non_null(c33);
    assert_non_null(c34);
    assert_non_null(c61);
    assert_str_or_null(c33->title, "Ny barnehage i sentrum");
    assert_str_or_null(c33->proposed_decision,
                       "Hovedutvalg for oppvekst slutter seg til planene for ny barnehage.");
    assert_null(c33->decision);
    assert_int_equal(c33->page_to, 1);
    assert_str_or_null(c34->title, "Skolebruksplan 2024–2030");
    assert_str_or_null(c34->proposed_decision, "Skolebruksplan 2024–2030 vedtas.");
    assert_str_or_null(c61->body, "Kommunestyret");
    assert_str_or_null(c61->meeting_date, "2023-10-19");
    assert_str_or_null(c61->title, "Skolebruksplan 2024–2030");
    assert_str_or_null(c61->proposed_decision, "Skolebruksplan 2024–2030 vedtas.");
    /* the paper's text stands once, under its first council */
    assert_int_equal(c34->page_from, 2);
    assert_non_null(strstr(c34->text, "Planen har vært på høring."));
    assert_null(strstr(c61->text, "Planen har vært på høring."));
    /* each paper's archive number, its rows too; never a case */
    assert_str_or_null(c33->archive_no, "23/1412-4");
    assert_str_or_null(c34->archive_no, "2023/88-2");
    assert_str_or_null(c61->archive_no, "2023/88-2");
    assert_int_equal(c33->page_from, 1);
    assert_non_null(strstr(c33->text, "Arkivsaksnr.:\t23/1412-4")); /* the head is the case's */
    sk_paper_release(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(casesys__protocol_items),
        cmocka_unit_test(casesys__moetebok_items),
        cmocka_unit_test(casesys__bare_items_over_pages),
        cmocka_unit_test(casesys__processing_line_gives_council_and_date),
        cmocka_unit_test(casesys__saksliste_as_text),
        cmocka_unit_test(casesys__case_papers_bundled),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
