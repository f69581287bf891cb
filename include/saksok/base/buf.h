/* buf.h: a growable byte buffer with a size cap.
 *
 * Invariants: after SK_BUF_INIT or sk_buf_init(), data is either NULL (empty,
 * len 0) or a malloc'd block holding len bytes plus a terminating NUL.
 * Appending past cap fails with SK_ELIMIT and leaves the buffer unchanged.
 * sk_buf_release() frees the memory and leaves the struct reusable.
 */
#ifndef SAKSOK_BUF_H
#define SAKSOK_BUF_H

#include <stddef.h>

#include "saksok/base/err.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sk_buf {
    char *data;
    size_t len;
    size_t alloc;
    size_t cap; /* 0 means SK_BUF_DEFAULT_CAP */
} sk_buf;

#define SK_BUF_DEFAULT_CAP ((size_t)256 * 1024 * 1024)
#ifdef __cplusplus
#define SK_BUF_INIT \
    {               \
    }
#else
#define SK_BUF_INIT                                  \
    {                                                \
        .data = NULL, .len = 0, .alloc = 0, .cap = 0 \
    }
#endif

void sk_buf_init(sk_buf *b, size_t cap);
int sk_buf_append(sk_buf *b, const char *data, size_t len, sk_err *err);
int sk_buf_puts(sk_buf *b, const char *s, sk_err *err);
int sk_buf_putc(sk_buf *b, char c, sk_err *err);
int sk_buf_printf(sk_buf *b, sk_err *err, const char *fmt, ...) SK_PRINTF(3, 4);
/* Make room for extra more bytes (and the NUL) without changing len, for a
 * caller that writes into data + len itself and then adds to len. */
int sk_buf_reserve(sk_buf *b, size_t extra, sk_err *err);
/* Empty the buffer but keep its memory. */
void sk_buf_reset(sk_buf *b);
/* Hand the malloc'd string to the caller (never NULL on success: "" for an
 * empty buffer); the buffer is left empty. Returns NULL only on ENOMEM. */
char *sk_buf_detach(sk_buf *b, size_t *len_out);
void sk_buf_release(sk_buf *b);
/* Append len bytes of data in base64 (RFC 4648, with padding): the CSP hash
 * of the search page, RFC 2047 mail headers. */
int sk_buf_base64(sk_buf *b, const void *data, size_t len, sk_err *err);
/* Append the whole file at path (SK_EIO with the path and the reason when it
 * cannot be read; SK_ELIMIT past b's cap). data is never NULL afterwards. */
int sk_buf_read_file(sk_buf *b, const char *path, sk_err *err);

/* ---- small configuration files, read line by line ---- */

/* One line of a text (without its '\n'), numbered from 1. */
typedef int (*sk_line_cb)(const char *s, size_t len, size_t line, void *payload, sk_err *err);
/* cb on each line of text[0..len) until one returns other than SK_OK (what
 * this returns then). max_lines > 0: SK_ELIMIT when there are more. */
int sk_lines_each(const char *text, size_t len, size_t max_lines, sk_line_cb cb, void *payload,
                  sk_err *err);
/* parse(text, len, payload, err) on the whole file at path, read with a cap
 * of max_bytes; an error other than SK_EIO (which names the file already)
 * gets the path as a prefix. */
typedef int (*sk_text_cb)(const char *text, size_t len, void *payload, sk_err *err);
int sk_file_parse(const char *path, size_t max_bytes, sk_text_cb parse, void *payload, sk_err *err);

#ifdef __cplusplus
}
#endif

#endif
