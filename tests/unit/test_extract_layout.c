/* test_extract_layout.c: a PDF page's text rebuilt from its character boxes
 * (indexer/extract_layout.c), on boxes made here and on the fixtures in
 * tests/data/layout/ (made from the .desc files beside them with mkpdf.awk). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../indexer/extract_layout.h"
#include "saksok/indexer/extract.h"

/* ---- boxes made here ---------------------------------------------------- */

/* Boxes for text: one line of 10-point-high boxes per '\n'-separated line,
 * 6 points per character, starting at x0[line] (each line's own start). */
static void boxes_for(const char *text, const double *x0, sk_layout_box *box, size_t *n)
{
    size_t k = 0, line = 0;
    double x = x0[0];
    for (const char *p = text; *p; p++) {
        if ((*p & 0xC0) == 0x80)
            continue; /* UTF-8 continuation byte: same character */
        double y = 100 + 20 * (double)line;
        box[k++] = (sk_layout_box){x, y, x + 6, y + 10};
        x += 6;
        if (*p == '\n') {
            line++;
            x = x0[line];
        }
    }
    *n = k;
}

static char *rebuild(const char *text, const sk_layout_box *box, size_t n)
{
    sk_buf out = SK_BUF_INIT;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_layout_append(&out, text, strlen(text), box, n, &err), SK_OK);
    char *s = sk_buf_detach(&out, NULL);
    assert_non_null(s);
    return s;
}

/* Characters poppler glued although they are far apart on one line get a
 * tab; on different lines a line break. */
static void extract_layout__glued_characters_are_separated(void **state)
{
    (void)state;
    const char *text = "21/23Felles";
    sk_layout_box box[16];
    size_t n = 0;
    double x0[] = {50};
    boxes_for(text, x0, box, &n);
    for (size_t i = 5; i < n; i++) { /* "Felles" 60 points to the right */
        box[i].x1 += 60;
        box[i].x2 += 60;
    }
    char *s = rebuild(text, box, n);
    assert_string_equal(s, "21/23\tFelles");
    free(s);
    for (size_t i = 5; i < n; i++) { /* now on the line below, to the left */
        box[i].x1 -= 100;
        box[i].x2 -= 100;
        box[i].y1 += 20;
        box[i].y2 += 20;
    }
    s = rebuild(text, box, n);
    assert_string_equal(s, "21/23\nFelles");
    free(s);
}

/* Ordinary words and a wide justified space stay as poppler gave them. */
static void extract_layout__prose_is_left_alone(void **state)
{
    (void)state;
    const char *text = "Møte i NUFA\ntil orientering";
    sk_layout_box box[32];
    size_t n = 0;
    double x0[] = {50, 50};
    boxes_for(text, x0, box, &n);
    char *s = rebuild(text, box, n);
    assert_string_equal(s, text);
    free(s);
}

/* Vertically stacked characters (rotated text) are one word. */
static void extract_layout__rotated_text_stays_a_word(void **state)
{
    (void)state;
    const char *text = "Utkast";
    sk_layout_box box[6];
    for (size_t i = 0; i < 6; i++)
        box[i] = (sk_layout_box){500, 300 - 6 * (double)i - 6, 510, 300 - 6 * (double)i};
    char *s = rebuild(text, box, 6);
    assert_string_equal(s, "Utkast");
    free(s);
}

/* Boxes that do not match the text: the text as it is. */
static void extract_layout__mismatched_boxes_keep_the_text(void **state)
{
    (void)state;
    sk_layout_box box[3] = {{0, 0, 1, 1}, {1, 0, 2, 1}, {2, 0, 3, 1}};
    char *s = rebuild("abcd", box, 3);
    assert_string_equal(s, "abcd");
    free(s);
    s = rebuild("a\xff", box, 2); /* invalid UTF-8 is repaired, not measured */
    assert_string_equal(s, "a\xEF\xBF\xBD");
    free(s);
}

/* Two cells a row, given column by column as slide programs write them. */
static void extract_layout__columns_read_row_by_row(void **state)
{
    (void)state;
    const char *text = "Dato\nSted\n26.08.2020\nVideomøte";
    sk_layout_box box[40];
    size_t n = 0;
    double x0[] = {50, 50, 150, 150};
    boxes_for(text, x0, box, &n);
    for (size_t i = 10; i < n; i++) { /* the values: back up to the labels' lines */
        box[i].y1 -= 40;
        box[i].y2 -= 40;
    }
    char *s = rebuild(text, box, n);
    assert_string_equal(s, "Dato\t26.08.2020\nSted\tVideomøte");
    free(s);
}

/* ---- the fixtures ------------------------------------------------------- */

static sk_extracted fixture(const char *name)
{
    char path[PATH_MAX];
    const char *root = getenv("SAKSOK_SOURCE_DIR");
    const char *here = __FILE__, *slash = strrchr(here, '/'); /* <root>/tests/unit/ */
    int k = root && *root ? snprintf(path, sizeof path, "%s/tests/data/layout/%s", root, name)
                          : snprintf(path, sizeof path, "%.*s/../data/layout/%s",
                                     slash ? (int)(slash - here) : 1, slash ? here : ".", name);
    assert_true(k > 0 && (size_t)k < sizeof path);
    sk_extracted x = {0};
    sk_err err = SK_ERR_INIT;
    int rc = sk_extract(&x, path, NULL, NULL, &err);
    if (rc != SK_OK)
        fail_msg("%s: %s", path, err.msg);
    return x;
}

/* Where line occurs as a whole line of text, or -1. */
static long line_at(const char *text, const char *line)
{
    size_t n = strlen(line);
    for (const char *p = text; (p = strstr(p, line)) != NULL; p++)
        if ((p == text || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
            return p - text;
    return -1;
}

/* The agenda slide: a header without a first-column cell, rows in order,
 * wrapped title and presenter cells joined into their row, the pause row
 * with its empty cells, the list under it without tabs. */
static void extract_layout__agenda_slide(void **state)
{
    (void)state;
    sk_extracted x = fixture("agenda-slide.pdf");
    assert_int_equal(x.n_pages, 1);
    const char *t = x.pages[0].text;
    const char *rows[] = {
        "\tEmne\tInnretning\tPresenterer saken\tStart",
        "9/21\tGodkjenning av innkalling og dagsorden\tGodkjenning\tKarl Vestli\t10:00",
        "11/21\tOrientering fra Direktoratet for e-helse: status for arbeidet med nasjonal "
        "styringsmodell\tOrientering\tJon Helge Andersen og Hans Lowe Larsen\t10:10",
        "\tPause\t\t\t11:15",
        "12/21\tEventuelt\t\t\t12:45",
        "• Neste møte er 2. september",
        "• Innspill til agendaen sendes sekretariatet",
    };
    long prev = -1;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        long at = line_at(t, rows[i]);
        if (at < 0 || at <= prev)
            fail_msg("row %zu missing or out of order in:\n%s", i, t);
        prev = at;
    }
    sk_extracted_release(&x);
}

/* An A4 memo: the running header and the title in larger type close under
 * it are not a table with the label/value rows, which are tab-separated;
 * the justified paragraph and the footer have no tabs. */
static void extract_layout__memo_labels_and_prose(void **state)
{
    (void)state;
    sk_extracted x = fixture("memo-a4.pdf");
    const char *t = x.pages[0].text;
    assert_true(line_at(t, "Veikart for nasjonale e-helseløsninger") >= 0);
    assert_true(line_at(t, "Fjordvik kommune") >= 0);
    assert_true(line_at(t, "Til\tMøte 4/20") >= 0);
    assert_true(line_at(t, "Dato\t26.08.2020") >= 0);
    assert_true(line_at(t, "Saksnummer\t29/20") >= 0);
    assert_true(line_at(t, "Type\tOrientering") >= 0);
    const char *prose = strstr(t, "Direktoratet for e-helse har");
    assert_non_null(prose);
    assert_null(strchr(prose, '\t'));
    assert_true(line_at(t, "for utvikling og innføring av nasjonale løsninger i helse- og") >= 0);
    sk_extracted_release(&x);
}

/* Text boxes side by side are not a table, aligned or not: each box's lines
 * stay together. */
static void extract_layout__text_boxes_are_not_a_table(void **state)
{
    (void)state;
    sk_extracted x = fixture("textboxes-slide.pdf");
    assert_int_equal(x.n_pages, 2);
    for (size_t i = 0; i < 2; i++) {
        const char *t = x.pages[i].text;
        assert_null(strchr(t, '\t'));
        long a = line_at(t, "fra medisinsk utstyr hos innbyggerne, og");
        long b = line_at(t, "legge frem en plan for NUIT i september.");
        assert_true(a >= 0 && b > a);
        assert_true(t[b - 1] == '\n' && strchr(t + a, '\n') == t + b - 1);
    }
    sk_extracted_release(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(extract_layout__glued_characters_are_separated),
        cmocka_unit_test(extract_layout__prose_is_left_alone),
        cmocka_unit_test(extract_layout__rotated_text_stays_a_word),
        cmocka_unit_test(extract_layout__mismatched_boxes_keep_the_text),
        cmocka_unit_test(extract_layout__columns_read_row_by_row),
        cmocka_unit_test(extract_layout__agenda_slide),
        cmocka_unit_test(extract_layout__memo_labels_and_prose),
        cmocka_unit_test(extract_layout__text_boxes_are_not_a_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
