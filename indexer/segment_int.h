/* segment_int.h: the segment stage's internal types and the functions that
 * cross its files. Not installed, not part of the contract (that is
 * include/saksok/indexer/segment.h); only indexer/segment*.c include it.
 *
 * The stage works on one `doc`: the paper's lines, then what is found in
 * them (memo header blocks, minutes zones, anchors), then the sections made
 * from those. Errors stick (as in SQLite's fts5): every function that takes
 * a doc does nothing once d->rc is set, and sets d->rc (with d->err) when it
 * fails. Strings a function returns are malloc'd and owned by the caller,
 * unless it says it borrows.
 *
 * The files, in pipeline order (segment.c runs them):
 *   segment_text.c     byte/UTF-8 helpers, vocabulary, error-sticky copies
 *   segment_lines.c    1. lines, running headers/footers, page numbers
 *   segment_memo.c     2a. memo header blocks; later, memos become anchors
 *   segment_meeting.c  2b. minutes zones; 3. the paper's body, date, number
 *   segment_anchor.c   4. anchors: case headers, rows, table headers
 *   segment_row.c      the text of a row or a case header: title, type, ...
 *   segment_classify.c 5. extents, agenda rows or items, zones' ends
 *   segment_section.c  6. sections, shared fields, mentions, page sections
 *   segment_parse.c    dates, case numbers, the list of bodies (public API)
 *
 * Cross-file names start with seg_ (the files go into a static library
 * linked into several programs).
 */
#ifndef SAKSOK_SEGMENT_INT_H
#define SAKSOK_SEGMENT_INT_H

#include <ctype.h>
#include <stddef.h>

#include "saksok/structure/archive.h"
#include "saksok/indexer/segment.h"

/* ---- the document ---- */

enum { L_BLANK = 1u, L_BOILER = 2u, L_MEMOHDR = 4u, L_ANCHOR = 8u };

typedef struct line {
    const char *raw; /* the line as given, without '\n' */
    size_t raw_len;
    const char *s; /* trimmed */
    size_t len;
    int page; /* index into the pages array */
    unsigned flags;
} line;

typedef enum kind { K_CASEHDR, K_ROW, K_TABROW, K_MEMO, K_REFERAT, K_TABLEHDR } kind;

typedef struct anchor {
    kind kind;
    size_t line;     /* first line of the section */
    size_t hdr;      /* the anchor's own line ("Sak 9/21", the row) */
    size_t end;      /* one past its last line */
    size_t row_last; /* rows: last line of the row itself (with continuations) */
    char case_no[SK_CASE_NO_SIZE];
    char *title, *type, *presenter, *decision, *proposed;
    char *body;                          /* tab rows: the council a column names, or NULL */
    char date[SK_DATE_SIZE];             /* tab rows: the meeting date a column gives, or "" */
    char archive_no[SK_ARCHIVE_NO_SIZE]; /* tab rows: an archive number column's, or "" */
    int zone;                            /* minutes zone index, or -1 */
    int item;                            /* rows: the case's own text (not just an agenda row) */
    int typed;                           /* text rows: the table's last column is the case type */
    int paper; /* council rows of a case paper (Behandlingsrekkefølge): 1 the
                  first, whose section holds the paper's text to end; 2 the others */
} anchor;

typedef struct memo {
    size_t first, last; /* lines of the header block */
    char case_no[SK_CASE_NO_SIZE];
    char *type, *presenter, *title; /* title: the block's own "Tittel:", or NULL */
} memo;

typedef struct zone {
    size_t start, end;
    char date[SK_DATE_SIZE];
    char meeting_no[16];
} zone;

typedef struct sec {
    sk_section s;
    size_t line; /* first line, for document order */
    size_t end;  /* one past its last line */
    size_t seq;
} sec;

/* An archive number a label states on a line ("Arkivsak: 22/4711"). */
typedef struct archive_fact {
    size_t line;
    char no[SK_ARCHIVE_NO_SIZE];
} archive_fact;

typedef struct doc {
    int rc;
    sk_err *err;
    const sk_bodies *bodies;
    const sk_page_text *pages;
    size_t n_pages;
    line *lines;
    size_t n_lines;
    int body;            /* paper body index or -1 */
    char body_text[208]; /* a council the list does not know, as a fact names it, or "" */
    char date[SK_DATE_SIZE];
    char meeting_no[16];
    anchor *anchors;
    size_t n_anchors, cap_anchors;
    memo *memos;
    size_t n_memos;
    zone *zones;
    size_t n_zones;
    sec *secs;
    size_t n_secs, cap_secs;
    archive_fact *archives;
    size_t n_archives;
} doc;

static inline int seg_is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static inline int seg_is_word_byte(int c)
{
    return isalnum((unsigned char)c) || (unsigned char)c >= 0x80;
}

/* Blank lines and boilerplate neither start nor end anything. */
static inline int seg_skip_line(const doc *d, size_t i)
{
    return (d->lines[i].flags & (L_BLANK | L_BOILER)) != 0;
}

static inline int seg_is_anchor_line(const doc *d, size_t i)
{
    return (d->lines[i].flags & L_ANCHOR) != 0;
}

/* The paper's council: its canonical name, the name a fact gives a council
 * the list does not know, or NULL. Borrowed. */
static inline const char *seg_body_name(const doc *d)
{
    if (d->body >= 0)
        return sk_bodies_name(d->bodies, (size_t)d->body);
    return d->body_text[0] ? d->body_text : NULL;
}

/* ---- segment_text.c ---- */

/* Upper/lower case for ASCII and Latin-1 letters (UTF-8 0xC3 xx) at s. */
int seg_is_upper_at(const char *s, const char *end);
int seg_is_lower_at(const char *s, const char *end);
/* Is the byte before p (at or after start) a lower-case letter, a digit or ')'? */
int seg_lower_or_digit_before(const char *start, const char *p);
/* Case-insensitive (ASCII and Latin-1): does s (len bytes) start with w;
 * start with the word w (a non-word byte or the end after it); equal w? */
int seg_starts_ci(const char *s, size_t len, const char *w);
int seg_starts_word_ci(const char *s, size_t len, const char *w);
int seg_eq_ci(const char *s, size_t len, const char *w);
/* Skip spaces, tabs and no-break spaces; also ':' '-' '.' ',' and dashes. */
const char *seg_skip_ws(const char *p, const char *end);
const char *seg_skip_seps(const char *p, const char *end);
/* Trim white space (with no-break spaces) at both ends of *s. */
void seg_trim(const char **s, size_t *len);
int seg_ends_with_shy(const char *s, size_t len);
/* A case type word ("Orientering", ...) at p that ends at a word boundary
 * (or at an upper-case letter: PDF text glues cells): its canonical
 * spelling (static), its length in *used (may be NULL); else NULL. */
const char *seg_type_word_at(const char *p, const char *end, size_t *used);
const char *seg_type_word_exact(const char *s, size_t len);
/* A column header word of agenda tables ("Tema", "Tidspunkt", ...) at p. */
int seg_column_word_at(const char *p, const char *end);
/* A label at the start of s: the value start (after ':' and spaces; may
 * equal end), or NULL. Details in segment_text.c. */
const char *seg_after_label(const char *s, size_t len, const char *label);
/* s is a case number / a date and nothing else (but trailing spaces). */
int seg_whole_case_no(const char *s, size_t len, char out[SK_CASE_NO_SIZE]);
int seg_whole_date(const char *s, size_t len, char out[SK_DATE_SIZE]);
/* Sets d->rc to SK_ENOMEM (with the message, if d->err has none yet). */
void seg_nomem(doc *d);
/* Copies (NULL when d->rc is set or on failure; seg_dups(NULL) is NULL). */
char *seg_dupn(doc *d, const char *s, size_t n);
char *seg_dups(doc *d, const char *s);
/* A one-line field: markup stripped, soft-hyphen breaks joined, spaces
 * squeezed, separators trimmed at both ends. NULL if nothing is left. */
char *seg_clean_field(doc *d, const char *s, size_t len);

/* A council the list does not know, as v names it: its name says it is a
 * council ("Hovedutvalg for helse og omsorg", "Eldrerådet"), it starts in
 * upper case and names no council the list knows. Copies it (trimmed) to
 * out and returns 1, else 0. */
int seg_unknown_council(const doc *d, const char *v, size_t len, char *out, size_t size);

/* ---- segment_lines.c ---- */

/* Lines of all pages (SK_ELIMIT past SK_SEGMENT_MAX_LINES). */
void seg_split_lines(doc *d);
/* Flag running headers/footers and page numbers L_BOILER. */
void seg_mark_boilerplate(doc *d);

/* ---- segment_memo.c ---- */

/* Memo header blocks with a case number (d->memos); their lines are
 * flagged L_MEMOHDR. */
void seg_find_memos(doc *d);
/* Memos and minutes zones become anchors; then all anchors are sorted. */
void seg_place_memos_and_zones(doc *d);

/* ---- segment_meeting.c ---- */

/* Minutes zones: a "Referat ..." heading followed by its own date
 * (d->zones; each runs to the end of the paper until seg_classify). */
void seg_find_zones(doc *d);
/* The paper's body, date and meeting number (d->body, d->date, ...). */
void seg_paper_meeting(doc *d, const char *rel_path, const char *title, const char *site);

/* ---- segment_anchor.c ---- */

/* Case headers, rows and table headers (d->anchors, in line order; tab
 * rows read by their table's columns); their lines are flagged L_ANCHOR. */
void seg_find_anchors(doc *d);
/* A zeroed anchor of kind k at line_no (line, hdr, row_last), zone -1;
 * the pointer is valid until the next call. NULL on failure. */
anchor *seg_new_anchor(doc *d, kind k, size_t line_no);
/* A case-handling system's item code before a case number ("PS 21/23":
 * politisk sak; "RS" referatsak, "DS" delegert sak): past it, else p. */
const char *seg_after_item_code(const char *p, const char *end);
/* A cell that is a case number, with or without an item code ("PS 21/23"). */
int seg_item_cell(const char *s, size_t len, char cn[SK_CASE_NO_SIZE]);
/* "Sak 9/21", "Sak 28/20: Title", "Sak nr. 3/20", "sak 12-23", "PS 21/23
 * Title": the case number, the title's start in *rest. */
int seg_case_header(const line *l, char cn[SK_CASE_NO_SIZE], const char **rest);
/* Does the line start a decision text? 1: proposal, 2: decision, else 0;
 * the text after the label on the same line in *v. */
int seg_decision_label(const line *l, const char **v);
/* An agenda table header whose last column is the case type. */
int seg_typed_header(const doc *d, const line *l);

/* ---- segment_row.c ---- */

/* The text of the row at line i after its case number (rest): title, and
 * type when the layout makes it the row's own; a->row_last. */
void seg_parse_text_row(doc *d, anchor *a, size_t i, const char *rest, int typed);
/* Title of a "Sak N/YY" header at line i (rest: after the number on that
 * line; else the next text line), its last line in *last. */
char *seg_header_title(doc *d, size_t i, const char *rest, size_t *last);

/* ---- segment_classify.c ---- */

/* Extents of anchors, rows' text, items vs agenda rows, zones' ends. */
void seg_classify(doc *d);

/* ---- segment_section.c ---- */

/* A section per anchor (but table headers and minutes starts); covered[i]
 * is set for the lines of case and minutes sections. */
void seg_build_sections(doc *d, unsigned char *covered);
/* Sections of one case of one meeting share what one of them knows. */
void seg_share_fields(doc *d);
/* Sender, case officer, minute taker, presenters after agenda titles
 * (segment_actor.c). */
void seg_find_actors(doc *d);
/* "jf. sak 12/21" outside that case: a mention section per line. */
void seg_find_mentions(doc *d);
/* A section for each page's text not covered (by case or minutes). */
void seg_page_sections(doc *d, const unsigned char *covered);

/* A minutes item or case section whose paper states no council or date
 * takes them from its "Behandling i <council> - <date>" line (only what is
 * missing). */
void seg_processing_facts(doc *d);

/* ---- segment_archive.c ---- */

/* Archive numbers stated by a label at a line's start (d->archives). */
void seg_find_archive_facts(doc *d);
/* Each section's archive number: the first one stated in its own lines; a
 * case paper's section also takes the one its paper's head states above it
 * (outside other cases' sections). Page sections: the first one on their
 * page outside case and minutes sections (covered). */
void seg_archive_numbers(doc *d, const unsigned char *covered);

#endif
