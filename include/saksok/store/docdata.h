/* docdata.h: what each Xapian document stores as its data.
 *
 * The metadata of the section (a record of docmeta.h, no NUL byte; a JSON
 * object in indexes written before), a NUL,
 * then the section's text (UTF-8, with the page marks the metadata points
 * into), all in one zstd frame. Every hit's data is read for its snippet:
 * zstd gives 2-30 kB back faster than the zlib Xapian would otherwise
 * apply to it, at the same size (README, "Libraries") (Xapian leaves data alone
 * that does not compress further). An index written before stored the same
 * bytes uncompressed; its data starts with '{', a frame with zstd's magic
 * number, so both read the same.
 *
 * A frame may be packed with a dictionary: one per index, trained by the
 * indexer from the first 512 kB of text it writes and stored in the
 * index's metadata under SK_DOCDATA_DICT_KEY. Sections are small (a few kB)
 * and share their councils' wording, so a dictionary saves about a third of
 * the stored text of papers it has never seen. A frame names its dictionary
 * by zstd's dictionary id; a reader bound to the index fetches it on first
 * need and keeps it while frames name the same id.
 */
#ifndef SAKSOK_DOCDATA_H
#define SAKSOK_DOCDATA_H

#include <stddef.h>

#include "saksok/base/buf.h"
#include "saksok/base/err.h"
#include "saksok/store/xap.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sk_docdata_packer sk_docdata_packer; /* opaque; one per thread */
typedef struct sk_docdata_reader sk_docdata_reader; /* opaque; one per thread */
typedef struct sk_docdata_dict sk_docdata_dict;     /* opaque; read-only once made */

#define SK_DOCDATA_DICT_KEY "saksok:docdata-dict"

/* Train a dictionary from n samples (the plain data of documents: sizes[i]
 * bytes each, one after another in samples). *out = NULL, SK_OK, when the
 * samples are too few or too small to train from. */
int sk_docdata_dict_train(sk_docdata_dict **out, const char *samples, const size_t *sizes, size_t n,
                          sk_err *err);
/* A dictionary from the bytes sk_docdata_dict_bytes() gave. SK_ECORRUPT
 * when they are not a dictionary. */
int sk_docdata_dict_load(sk_docdata_dict **out, const char *bytes, size_t len, sk_err *err);
/* Its bytes (to store) and zstd id; both live as long as d. */
const char *sk_docdata_dict_bytes(const sk_docdata_dict *d, size_t *len);
unsigned sk_docdata_dict_id(const sk_docdata_dict *d);
void sk_docdata_dict_free(sk_docdata_dict *d); /* NULL is fine */

int sk_docdata_packer_new(sk_docdata_packer **out, sk_err *err);
void sk_docdata_packer_free(sk_docdata_packer *p); /* NULL is fine */

/* Replace out's contents with the data of meta (meta_len bytes, no NUL
 * inside) and text, packed with dict (NULL: none). One dict may serve
 * packers in several threads at once. */
int sk_docdata_pack(sk_buf *out, sk_docdata_packer *p, const sk_docdata_dict *dict,
                    const char *meta, size_t meta_len, const char *text, size_t text_len,
                    sk_err *err);

int sk_docdata_reader_new(sk_docdata_reader **out, sk_err *err);
void sk_docdata_reader_free(sk_docdata_reader *r); /* NULL is fine */
/* The index frames packed with a dictionary come from (NULL: none; such
 * frames then fail with SK_ECORRUPT). The reader borrows db. */
void sk_docdata_reader_bind(sk_docdata_reader *r, sk_xdb *db);

/* The metadata and the text of data (len bytes). Both point into the
 * reader's buffer, NUL-terminated, until its next call; text may be empty.
 * SK_ECORRUPT when the frame is damaged. */
int sk_docdata_read(sk_docdata_reader *r, const char *data, size_t len, const char **meta,
                    size_t *meta_len, const char **text, size_t *text_len, sk_err *err);

#ifdef __cplusplus
}
#endif

#endif
