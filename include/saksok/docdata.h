/* docdata.h: what each Xapian document stores as its data.
 *
 * The metadata of the section (a JSON object, UTF-8, no NUL byte), a NUL,
 * then the section's text (UTF-8, with the page marks the metadata points
 * into), all in one zstd frame. Every hit's data is read for its snippet:
 * zstd gives 2-30 kB back about three times faster than the zlib Xapian
 * would otherwise apply to it, at the same size (Xapian leaves data alone
 * that does not compress further). An index written before stored the same
 * bytes uncompressed; its data starts with '{', a frame with zstd's magic
 * number, so both read the same.
 */
#ifndef SAKSOK_DOCDATA_H
#define SAKSOK_DOCDATA_H

#include <stddef.h>

#include "saksok/buf.h"
#include "saksok/err.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sk_docdata_packer sk_docdata_packer; /* opaque; one per thread */
typedef struct sk_docdata_reader sk_docdata_reader; /* opaque; one per thread */

int sk_docdata_packer_new(sk_docdata_packer **out, sk_err *err);
void sk_docdata_packer_free(sk_docdata_packer *p); /* NULL is fine */

/* Replace out's contents with the data of meta (meta_len bytes, no NUL
 * inside) and text. */
int sk_docdata_pack(sk_docdata_packer *p, sk_buf *out, const char *meta, size_t meta_len,
                    const char *text, size_t text_len, sk_err *err);

int sk_docdata_reader_new(sk_docdata_reader **out, sk_err *err);
void sk_docdata_reader_free(sk_docdata_reader *r); /* NULL is fine */

/* The metadata and the text of data (len bytes). Both point into the
 * reader's buffer, NUL-terminated, until its next call; text may be empty.
 * SK_ECORRUPT when the frame is damaged. */
int sk_docdata_read(sk_docdata_reader *r, const char *data, size_t len, const char **meta,
                    size_t *meta_len, const char **text, size_t *text_len, sk_err *err);

#ifdef __cplusplus
}
#endif

#endif
