/* extracted.h: what extraction gives: a file's title and its pages of UTF-8
 * text (sk_extracted, each page an sk_xpage), and a file's format by its
 * name. Apart from extract.h because these need no extraction library
 * (indexer/extracted.c is in saksok_core): the indexer finds files and
 * frees what an extraction process sent back without loading
 * saksok-extract.so (extract_mod.h).
 *
 * Ownership: sk_extracted is caller-allocated (= {0} is a valid empty value);
 * everything inside it is malloc'd by the extractor and freed by
 * sk_extracted_release(), which leaves the struct empty and reusable.
 *
 * Text: valid UTF-8, NUL-terminated, '\n' between lines. Text blocks
 * (paragraphs, headings, list items) are separated by a blank line ("\n\n")
 * in HTML. A table row is one line whose cells are separated by '\t' (an
 * empty cell is an empty string between two tabs), rows top to bottom, in
 * both back ends; so is a definition list's term and its descriptions (HTML).
 * The PDF back end rebuilds tables from poppler's character boxes and never
 * glues two characters that are far apart on the page (a '\t' between them
 * on one line, else '\n'); see indexer/extract_layout.h. Text is not yet
 * normalised (see normalise.h); the PDF back end keeps line ends outside
 * tables as poppler reports them, so hyphenation repair can see them.
 */
#ifndef SAKSOK_EXTRACTED_H
#define SAKSOK_EXTRACTED_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sk_format { SK_FORMAT_UNKNOWN = 0, SK_FORMAT_PDF = 1, SK_FORMAT_HTML = 2 } sk_format;

typedef struct sk_xpage {
    char *text;      /* UTF-8, NUL-terminated, never NULL */
    size_t text_len; /* bytes, without the NUL */
    int number;      /* 1-based page number for PDF; 0 for HTML (no pages) */
    int ocr;         /* 1 when text came from OCR (sk_extract() with opts->ocr); else 0 */
} sk_xpage;

typedef struct sk_extracted {
    sk_format format;
    char *title;     /* document title (PDF metadata / HTML <title>), or NULL */
    sk_xpage *pages; /* n_pages entries; HTML gives exactly one page */
    size_t n_pages;
    int n_pages_total; /* pages in the file (PDF), including empty ones */
    char *site;        /* HTML: what the site says of the page outside its content, its name
                   (og:site_name, application-name) and breadcrumb trail, parts joined
                   by " | "; NULL if none (and for PDF) */
} sk_extracted;

/* Caps: a page's text and a file's total text are bounded; past them the
 * extractor fails with SK_ELIMIT. */
#define SK_EXTRACT_MAX_PAGE_BYTES ((size_t)4 * 1024 * 1024)
#define SK_EXTRACT_MAX_FILE_BYTES ((size_t)64 * 1024 * 1024)
/* Cap on the size of an input PDF file (it is read whole into memory); HTML
 * files are capped at SK_EXTRACT_MAX_FILE_BYTES. Bigger files fail with
 * SK_ELIMIT. */
#define SK_EXTRACT_MAX_INPUT_BYTES ((size_t)512 * 1024 * 1024)

/* Format by file name suffix (.pdf, .html, .htm; case-insensitive). */
sk_format sk_format_of_path(const char *path);

/* Frees everything inside doc and leaves it empty ({0}). doc may be NULL. */
void sk_extracted_release(sk_extracted *doc);

#ifdef __cplusplus
}
#endif

#endif
