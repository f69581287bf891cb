/* segment.h: a paper's pages -> its meeting and its sections.
 *
 * The segment stage sits between normalise and analyse. It reads one meeting
 * paper (its pages of normalised UTF-8 text, its title, and its path relative
 * to the archive root) and finds:
 *   - the paper's body (council), meeting date and meeting number;
 *   - its sections: agenda rows (role agenda), the case's own papers (case),
 *     decisions recorded in minutes (minutes), references to other cases
 *     (mention), and text outside any case, one section per page (page).
 *
 * The rule is "never wrong": a field is NULL when the paper does not say it
 * plainly. Nothing is taken from a mention (a body or date named deep inside
 * the text does not make the paper's body or date), and table cells are only
 * read when the table's layout makes clear which row they belong to.
 *
 * Layouts recognised (all by pattern, none by specific title or number):
 *   - slide decks with a "Sak 9/21" / "Sak 28/20: Title" header per case;
 *   - agenda tables, tab-separated with a header row, or as text lines that
 *     start with a case number ("24/20 Title 11:05 Orientering");
 *   - Word-style bundles: a table of cases (row, description, "Forslag til
 *     vedtak"), per-case memos with a header block (Til/Møte, Dato,
 *     Saksnummer, Type, Fra) in any of the orders PDF text extraction gives,
 *     and minutes ("Referat ...", Dato, rows with "Vedtak:") of an earlier
 *     meeting: those sections carry the minutes' meeting date, not the
 *     bundle's;
 *   - single-case pages (HTML): "Sak 12/21: Title" then label/value lines
 *     (Møte, Dato, Saksnummer, Sakstype, Presenterer saken);
 *   - anything else: page sections only, with whatever paper metadata the
 *     first page states.
 *
 * Ownership: sk_paper is caller-allocated ({0} is a valid empty value); every
 * string and the sections array inside it are malloc'd by sk_segment() and
 * freed by sk_paper_release(), which leaves the struct empty and reusable.
 * The list of bodies it recognises (sk_bodies) and the parsers of dates and
 * case numbers are in segment_parse.h: the query side uses them too.
 */
#ifndef SAKSOK_SEGMENT_H
#define SAKSOK_SEGMENT_H

#include <stddef.h>

#include "saksok/store/docmeta.h" /* sk_page_mark */
#include "saksok/base/err.h"
#include "saksok/structure/segment_parse.h" /* the list of bodies */

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sk_role {
    SK_ROLE_CASE = 1, /* the case's own papers (slides, memo, table row with text) */
    SK_ROLE_MINUTES,  /* the case as recorded in minutes (referat), with its decision */
    SK_ROLE_AGENDA,   /* one agenda row */
    SK_ROLE_MENTION,  /* another case's text referring to this case ("jf. sak 12/21") */
    SK_ROLE_PAGE      /* text outside any case: one section per page */
} sk_role;

/* "case", "minutes", "agenda", "mention", "page"; "unknown" otherwise. Static. */
const char *sk_role_name(sk_role r);

typedef struct sk_section {
    sk_role role;
    char *body;         /* canonical body name ("NUIT", ...), NULL if unknown */
    char *meeting_date; /* "YYYY-MM-DD" of the meeting the section belongs to, or NULL */
    char *meeting_no;   /* "6/20", "4/2023" as written (no leading zeros), or NULL */
    char *case_no;      /* "13/21": number/2-digit year; NULL for role page */
    char *title;        /* NULL when the paper does not say */
    char *type;         /* "Drøfting", "Orientering", ... or NULL */
    char *presenter;    /* or NULL */
    /* who else acts, each a person's name as written or NULL: the sender
     * ("Fra"), the case officer ("Saksbehandler"), the minute taker ("Referent") */
    char *sender, *case_officer, *minute_taker;
    char *proposed_decision;  /* text after "Forslag til vedtak", or NULL */
    char *decision;           /* text after "Vedtak" (minutes, case pages), or NULL */
    char *archive_no;         /* the archive number it is filed under, as written
                                ("22/4711-3", archive.h), or NULL; never a case_no */
    int page_from, page_to;   /* page numbers as given in the input (0 for HTML) */
    char *text;               /* the section's own text (never NULL; may be "") */
    sk_page_mark *page_marks; /* where each page of the text starts, in order; the */
    size_t n_page_marks;      /* first at offset 0 (NULL/0 for a text without pages) */
} sk_section;

typedef struct sk_paper {
    char *body;           /* the paper's body, or NULL */
    char *meeting_date;   /* "YYYY-MM-DD", or NULL */
    char *meeting_no;     /* or NULL */
    sk_section *sections; /* in document order (by first line) */
    size_t n_sections;
} sk_paper;

/* One page of input: text need not be NUL-terminated; number as extracted
 * (1-based for PDF, 0 for HTML). Borrowed for the duration of the call. */
typedef struct sk_page_text {
    const char *text;
    size_t len;
    int number;
} sk_page_text;

/* What is known of a paper besides its pages; every field may be NULL.
 * Borrowed for the duration of the call. */
typedef struct sk_paper_info {
    const char *rel_path; /* its path relative to the archive root */
    const char *title;    /* PDF metadata / HTML <title> */
    const char *site;     /* HTML: the site's name and breadcrumb, parts joined by " | " */
} sk_paper_info;

/* Segment one paper. bodies may be NULL (then no body is recognised);
 * info may be NULL. pages[i].text must be valid UTF-8.
 * *out must be empty on entry; on failure it is left empty.
 * Errors: SK_EINVAL (out or pages NULL with n_pages > 0), SK_ENOMEM,
 * SK_ELIMIT (more than SK_SEGMENT_MAX_LINES lines in the paper). */
#define SK_SEGMENT_MAX_LINES ((size_t)4 * 1024 * 1024)
int sk_segment(sk_paper *out, const sk_bodies *bodies, const sk_paper_info *info,
               const sk_page_text *pages, size_t n_pages, sk_err *err);

/* Frees everything inside p and leaves it empty. p may be NULL. */
void sk_paper_release(sk_paper *p);

#ifdef __cplusplus
}
#endif

#endif
