/* extract.h: file -> title and pages of UTF-8 text.
 *
 * One way in, sk_extract(); it picks the back end for the file's format (by
 * its name, sk_format_of_path()) from a table: extract_pdf.c with
 * poppler-glib, extract_html.c with libxml2's HTML parser (the back ends and
 * the helpers they share: indexer/extract_int.h).
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
    int ocr;         /* 1 when text came from OCR (sk_extract() with opts->ocr); else 0 */
} sk_page;

typedef struct sk_extracted {
    sk_format format;
    char *title;    /* document title (PDF metadata / HTML <title>), or NULL */
    sk_page *pages; /* n_pages entries; HTML gives exactly one page */
    size_t n_pages;
    int n_pages_total; /* pages in the file (PDF), including empty ones */
    char *site; /* HTML: what the site says of the page outside its content, its name
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

/* ---- extraction with OCR of scanned pages (see ocr.h) --------------------- */

struct sk_ocr;

/* Called for a page that could not be OCR'd as asked (time limit hit, OCR
 * failed on that page; the page keeps its text layer, often empty, and the
 * rest of the file is extracted) or whose OCR result could not be cached.
 * page is 1-based; msg has no path or page number ("OCR time limit of 30 s
 * hit"); msg lives for the call only. A front end prints
 * "<file>: page <page>: <msg>". */
typedef void (*sk_extract_warn_cb)(int page, const char *msg, void *payload);

typedef struct sk_extract_opts {
    int ocr;                   /* 0: never OCR; 1: OCR pages that need it */
    const char *ocr_cache_dir; /* OCR cache directory (created on first store), or NULL: no cache */
    double ocr_page_seconds;   /* time limit per page; <= 0: SK_EXTRACT_OCR_PAGE_SECONDS */
    const char *ocr_lang;      /* Tesseract language(s); NULL: "nor" */
    struct sk_ocr *ocr_engine; /* borrowed engine for ocr_lang (one per thread/job, reused
                                  across files); NULL: one is made when a page first needs OCR
                                  and freed at the end of the call */
    sk_extract_warn_cb warn;   /* per-page warnings, or NULL */
    void *warn_payload;
    struct sk_ocr **ocr_engine_keep; /* with ocr_engine NULL: an engine made when a page first
                                        needs OCR is kept here (the caller frees it with
                                        sk_ocr_free), and used from here on later calls */
} sk_extract_opts;

#define SK_EXTRACT_OCR_PAGE_SECONDS 60.0
#define SK_EXTRACT_OPTS_INIT {.ocr = 0, .ocr_cache_dir = NULL}

/* Counters; sk_extract() adds to them (zero them yourself). */
typedef struct sk_extract_stats {
    size_t pages_ocred;    /* pages that Tesseract recognised in this call */
    size_t ocr_cache_hits; /* pages whose OCR text came from the cache */
    size_t ocr_timeouts;   /* pages that hit the time limit (now or, cached, earlier) */
    double ocr_seconds;    /* wall time in Tesseract (recognition only) */
    double render_seconds; /* wall time rendering pages for OCR and hashing them */
} sk_extract_stats;

/* Extract the file at path, by its format (sk_format_of_path()). opts and
 * stats may be NULL: no OCR, nothing counted.
 *
 * Errors (code, message without the path; the caller adds it):
 *   SK_EIO        cannot open/read (message says why, e.g. "permission denied")
 *   SK_EFORMAT    empty file, not a PDF, corrupt or truncated PDF
 *   SK_EENCRYPTED password-protected PDF
 *   SK_ELIMIT     text exceeds the caps above
 *   SK_EINVAL     unknown format
 * *out must be empty on entry ({0} or released); on failure it is left empty.
 *
 * OCR (opts->ocr == 1; only PDF has pages to OCR): each PDF page is
 * measured and decided by sk_ocr_decide(); a page that needs OCR is
 * rendered at 300 dpi (fewer for pages larger than about A2), looked up in
 * the cache, else recognised and stored. Its text becomes the OCR text (no
 * text layer, junk layer) or the text layer followed by a blank line and
 * the OCR text (sparse text), and its sk_page.ocr is 1. Then also:
 * SK_ENOTFOUND / SK_EINTERNAL when a page needs OCR and no engine for
 * ocr_lang can be made (the file fails, so it is retried on the next run;
 * make the engine up front with sk_ocr_new() to fail fast). Warnings, not
 * errors (opts->warn; the file is still extracted): a page that hits the
 * time limit or whose OCR fails (it keeps its text layer, often empty), and
 * a cache that cannot be read or written (the OCR text is used, uncached).
 * A time-out is recorded in the cache so that later runs with the same or a
 * shorter limit do not try again. */
int sk_extract(sk_extracted *out, const char *path, const sk_extract_opts *opts,
               sk_extract_stats *stats, sk_err *err);

/* Frees everything inside doc and leaves it empty ({0}). doc may be NULL. */
void sk_extracted_release(sk_extracted *doc);

#ifdef __cplusplus
}
#endif

#endif
