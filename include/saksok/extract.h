/* extract.h: file -> title and pages of UTF-8 text.
 *
 * One backend per format (extract_pdf.c with poppler-glib, extract_html.c with
 * libxml2's HTML parser); sk_extract_file() picks one by file name.
 *
 * Ownership: sk_extracted is caller-allocated (= {0} is a valid empty value);
 * everything inside it is malloc'd by the extractor and freed by
 * sk_extracted_release(), which leaves the struct empty and reusable.
 *
 * Text: valid UTF-8, NUL-terminated, '\n' between lines. Text blocks
 * (paragraphs, headings, table cells, list items) are separated by a blank
 * line ("\n\n"). Text is not yet normalised (see normalise.h); the PDF
 * backend keeps line ends as poppler reports them, so hyphenation repair can
 * see them.
 */
#ifndef SAKSOK_EXTRACT_H
#define SAKSOK_EXTRACT_H

#include <stddef.h>

#include "saksok/err.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sk_format { SK_FORMAT_UNKNOWN = 0, SK_FORMAT_PDF = 1, SK_FORMAT_HTML = 2 } sk_format;

typedef struct sk_page {
    char *text;      /* UTF-8, NUL-terminated, never NULL */
    size_t text_len; /* bytes, without the NUL */
    int number;      /* 1-based page number for PDF; 0 for HTML (no pages) */
} sk_page;

typedef struct sk_extracted {
    sk_format format;
    char *title;    /* document title (PDF metadata / HTML <title>), or NULL */
    sk_page *pages; /* n_pages entries; HTML gives exactly one page */
    size_t n_pages;
    int n_pages_total; /* pages in the file (PDF), including empty ones */
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

/* Extract by format of path. Errors (code, message without the path; the
 * caller adds it):
 *   SK_EIO        cannot open/read (message says why, e.g. "permission denied")
 *   SK_EFORMAT    empty file, not a PDF, corrupt or truncated PDF
 *   SK_EENCRYPTED password-protected PDF
 *   SK_ELIMIT     text exceeds the caps above
 *   SK_EINVAL     unknown format
 * *out must be empty on entry ({0} or released); on failure it is left empty. */
int sk_extract_file(sk_extracted *out, const char *path, sk_err *err);

int sk_extract_pdf(sk_extracted *out, const char *path, sk_err *err);
int sk_extract_html(sk_extracted *out, const char *path, sk_err *err);
/* HTML from memory; charset from the BOM, <meta charset>, http-equiv
 * Content-Type, else detected (valid UTF-8 -> UTF-8, otherwise windows-1252). */
int sk_extract_html_mem(sk_extracted *out, const char *data, size_t len, sk_err *err);

/* Frees everything inside doc and leaves it empty ({0}). doc may be NULL. */
void sk_extracted_release(sk_extracted *doc);

#ifdef __cplusplus
}
#endif

#endif
