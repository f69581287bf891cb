/* extract_int.h: inside the extractor. Not part of the public API.
 *
 * The map (arrows are calls; nothing calls back up):
 *
 *   extract.c        sk_extract(): the table of back ends, one looked up by
 *        |           the file's format (sk_format_of_path())
 *        v
 *   extract_pdf.c    the back ends, one struct sk_extract_backend each
 *   extract_html.c      |  (the PDF one also: extract_layout.c, ocr.c)
 *        |              v
 *        +------> extract_util.c   the helpers the back ends (and the OCR
 *                                  cache in ocr.c) share; calls nothing
 *                                  of the extractor
 *
 * As curl's TLS back ends (lib/vtls/vtls_int.h, struct Curl_ssl): each back
 * end fills one const struct, declared here and nowhere else; adding a
 * format is a new file, a line in the table in extract.c and its suffix in
 * sk_format_of_path() (extracted.c).
 */
#ifndef SAKSOK_EXTRACT_INT_H
#define SAKSOK_EXTRACT_INT_H

#include <stddef.h>

#include "saksok/base/buf.h"
#include "saksok/base/err.h"
#include "saksok/indexer/extract.h"
#include "saksok/base/text.h"

/* ---- the back ends (extract_pdf.c, extract_html.c) ------------------------ */

typedef struct sk_extract_backend {
    const char *name; /* "pdf", "html" */
    sk_format format; /* the files it reads, as sk_format_of_path() names them */
    /* The contract of sk_extract() (extract.h) for a file of this format;
     * out and path are not NULL. A back end without pages to OCR ignores
     * opts and stats. */
    int (*extract)(sk_extracted *out, const char *path, const sk_extract_opts *opts,
                   sk_extract_stats *stats, sk_err *err);
} sk_extract_backend;

extern const sk_extract_backend sk_extract_backend_pdf;
extern const sk_extract_backend sk_extract_backend_html;

/* The HTML back end on a document in memory (the tests and the HTML fuzz
 * target); charset from the BOM, <meta charset>, http-equiv Content-Type,
 * else detected (valid UTF-8 -> UTF-8, otherwise windows-1252). */
int sk_extract_html_mem(sk_extracted *out, const char *data, size_t len, sk_err *err);

/* ---- the shared helpers (extract_util.c) --------------------------------- */

/* Read a whole regular file into malloc'd memory (NUL-terminated; *len_out
 * excludes the NUL). Fails with SK_EIO ("cannot open: permission denied",
 * "cannot read: is a directory", ...) or SK_ELIMIT when the file is larger
 * than cap bytes. A zero-byte file succeeds with *len_out == 0. */
int sk_extract_read_file(char **data_out, size_t *len_out, const char *path, size_t cap,
                         sk_err *err);

/* A regular file mapped read-only, whole (sk_extract_map_file()). */
typedef struct sk_extract_map {
    const char *data; /* the file's bytes, not NUL-terminated; "" when empty */
    size_t len;
} sk_extract_map;

/* Map a whole regular file (a PDF: poppler reads it where it lies, no copy).
 * The same checks and messages as sk_extract_read_file(); a zero-byte file
 * succeeds with len 0. Release with sk_extract_unmap() (also after a
 * failure). A file truncated by someone else while mapped makes reading
 * past its new end raise SIGBUS: call this only in a process that may die
 * of it (an extraction process, workers.h: the file fails with "extraction
 * crashed ... the file shrank while it was read", and the run goes on). */
int sk_extract_map_file(sk_extract_map *out, const char *path, size_t cap, sk_err *err);
void sk_extract_unmap(sk_extract_map *m);

/* UTF-8 (the one validator, repairs): text.h. Extracted text is repaired
 * with sk_utf8_repair_nul(): NUL bytes become U+FFFD too. */

/* Append one code point as UTF-8. */
int sk_extract_append_cp(sk_buf *b, unsigned cp, sk_err *err);

/* Append a page, taking b's string (b is left empty). */
int sk_extract_add_page(sk_extracted *doc, sk_buf *b, int number, sk_err *err);

/* Copy s[0..n) with ASCII whitespace runs collapsed to one space and trimmed,
 * invalid UTF-8 repaired; *out is NULL when nothing is left. */
int sk_extract_clean_title(char **out, const char *s, size_t n, sk_err *err);

/* Move src into dst (dst must be empty); src is left empty. */
void sk_extract_move(sk_extracted *dst, sk_extracted *src);

#endif
