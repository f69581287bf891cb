/* extract.h: file -> title and pages of UTF-8 text (sk_extracted, extracted.h).
 *
 * One way in, sk_extract(); it picks the back end for the file's format (by
 * its name, sk_format_of_path()) from a table: extract_pdf.c with
 * poppler-glib, extract_html.c with libxml2's HTML parser (the back ends and
 * the helpers they share: indexer/extract_int.h).
 */
#ifndef SAKSOK_EXTRACT_H
#define SAKSOK_EXTRACT_H

#include <stddef.h>

#include "saksok/base/err.h"
#include "saksok/indexer/extracted.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- options: OCR of scanned pages (see ocr.h) ---------------------------- */

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
#define SK_EXTRACT_OPTS_INIT            \
    {                                   \
        .ocr = 0, .ocr_cache_dir = NULL \
    }

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
 * the OCR text (sparse text), and its sk_xpage.ocr is 1. Then also:
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

#ifdef __cplusplus
}
#endif

#endif
