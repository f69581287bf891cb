/* workers_msg.h: the messages between saksok-index and its extraction
 * workers (workers.c, workers_child.c). Internal.
 *
 * A message is a 32-bit length (of what follows), a type byte and fields:
 * integers little-endian, doubles as their bytes (same machine), strings as
 * a 64-bit length (UINT64_MAX: NULL) and their bytes.
 *   'X' request: path, ocr, ocr_cache_dir, ocr_page_seconds, ocr_lang
 *   'W' warning: page, message
 *   'R' result:  code, message, stats (3 counts, 2 doubles), format, title,
 *                site, n_pages_total, n_pages, then per page: number, ocr, text
 */
#ifndef SAKSOK_WORKERS_MSG_H
#define SAKSOK_WORKERS_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "saksok/base/buf.h"
#include "saksok/indexer/extracted.h"

#define SK_MSG_REQUEST 'X'
#define SK_MSG_WARN 'W'
#define SK_MSG_RESULT 'R'
#define SK_MSG_HELLO 'H' /* the child is ready: filtered (1: the system-call filter is on) */
/* The largest message either side accepts: a file's text at its cap, and room. */
#define SK_MSG_MAX ((size_t)SK_EXTRACT_MAX_FILE_BYTES + (size_t)16 * 1024 * 1024)

/* Writers: append to b (its length prefix is filled by sk_msg_finish). */
int sk_msg_begin(sk_buf *b, char type, sk_err *err);
int sk_msg_i64(sk_buf *b, int64_t v, sk_err *err);
int sk_msg_f64(sk_buf *b, double v, sk_err *err);
int sk_msg_str(sk_buf *b, const char *s, size_t len, sk_err *err); /* s NULL: none */
void sk_msg_finish(sk_buf *b);

/* A reader over one message's bytes (after the length). Once a read fails
 * (past the end, a bad length) bad is set and every later read fails. */
typedef struct sk_msg_reader {
    const char *p, *end;
    int bad;
} sk_msg_reader;

int64_t sk_msg_get_i64(sk_msg_reader *r);
double sk_msg_get_f64(sk_msg_reader *r);
/* A malloc'd NUL-terminated copy, or NULL for none (or when bad: check r->bad). */
char *sk_msg_get_str(sk_msg_reader *r, size_t *len);

/* Whole messages over a stream descriptor: write all of b; read one message
 * into b (its bytes after the length), waiting until deadline (CLOCK_MONOTONIC
 * seconds; 0: for ever). Return 0, or -1 with errno: EPIPE (the other side
 * is gone, also at the end of the stream), EPROTO (a bad length), ETIMEDOUT. */
int sk_msg_write(int fd, const sk_buf *b);
int sk_msg_read(int fd, sk_buf *b, double deadline);
double sk_msg_now(void);

#endif
