/* extract_int.h: helpers shared by the extractor backends (extract.c,
 * extract_pdf.c, extract_html.c). Not part of the public API. */
#ifndef SAKSOK_EXTRACT_INT_H
#define SAKSOK_EXTRACT_INT_H

#include <stddef.h>

#include "saksok/buf.h"
#include "saksok/err.h"
#include "saksok/extract.h"
#include "saksok/text.h"

/* Read a whole regular file into malloc'd memory (NUL-terminated; *len_out
 * excludes the NUL). Fails with SK_EIO ("cannot open: permission denied",
 * "cannot read: is a directory", ...) or SK_ELIMIT when the file is larger
 * than cap bytes. A zero-byte file succeeds with *len_out == 0. */
int sk_extract_read_file(const char *path, size_t cap, char **data_out, size_t *len_out,
                         sk_err *err);

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
