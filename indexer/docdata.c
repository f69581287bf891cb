/* docdata.c: the data of a Xapian document (see include/saksok/docdata.h). */
#include "saksok/docdata.h"

#include <stdlib.h>
#include <string.h>
#include <zstd.h>

/* zstd level 6: about the size of zlib's level 6 on these texts, 60 MB/s to
 * write on one core (the indexer's workers do it in parallel). */
#define LEVEL 6
#define MAX_DATA ((size_t)256 << 20) /* larger frames are refused as damage */

struct sk_docdata_packer {
    ZSTD_CCtx *cctx;
    sk_buf plain;
};

struct sk_docdata_reader {
    ZSTD_DCtx *dctx;
    sk_buf out;
};

int sk_docdata_packer_new(sk_docdata_packer **out, sk_err *err)
{
    *out = NULL;
    sk_docdata_packer *p = calloc(1, sizeof *p);
    if (p == NULL || (p->cctx = ZSTD_createCCtx()) == NULL) {
        free(p);
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    }
    *out = p;
    return SK_OK;
}

void sk_docdata_packer_free(sk_docdata_packer *p)
{
    if (p == NULL)
        return;
    ZSTD_freeCCtx(p->cctx);
    sk_buf_release(&p->plain);
    free(p);
}

int sk_docdata_pack(sk_docdata_packer *p, sk_buf *out, const char *meta, size_t meta_len,
                    const char *text, size_t text_len, sk_err *err)
{
    if (memchr(meta, '\0', meta_len) != NULL)
        return sk_err_set(err, SK_EINVAL, "document metadata holds a NUL byte");
    sk_buf_reset(&p->plain);
    int rc = sk_buf_append(&p->plain, meta, meta_len, err);
    if (rc == SK_OK)
        rc = sk_buf_putc(&p->plain, '\0', err);
    if (rc == SK_OK)
        rc = sk_buf_append(&p->plain, text, text_len, err);
    size_t bound = ZSTD_compressBound(p->plain.len);
    sk_buf_reset(out);
    if (rc == SK_OK)
        rc = sk_buf_reserve(out, bound, err);
    if (rc != SK_OK)
        return rc;
    size_t n = ZSTD_compressCCtx(p->cctx, out->data, bound, p->plain.data, p->plain.len, LEVEL);
    if (ZSTD_isError(n))
        return sk_err_set(err, SK_EINTERNAL, "cannot compress %zu bytes of document data: %s",
                          p->plain.len, ZSTD_getErrorName(n));
    out->len = n;
    out->data[n] = '\0';
    return SK_OK;
}

int sk_docdata_reader_new(sk_docdata_reader **out, sk_err *err)
{
    *out = NULL;
    sk_docdata_reader *r = calloc(1, sizeof *r);
    if (r == NULL || (r->dctx = ZSTD_createDCtx()) == NULL) {
        free(r);
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    }
    *out = r;
    return SK_OK;
}

void sk_docdata_reader_free(sk_docdata_reader *r)
{
    if (r == NULL)
        return;
    ZSTD_freeDCtx(r->dctx);
    sk_buf_release(&r->out);
    free(r);
}

static int is_frame(const unsigned char *s, size_t len)
{
    return len >= 4 && s[0] == 0x28 && s[1] == 0xB5 && s[2] == 0x2F && s[3] == 0xFD;
}

int sk_docdata_read(sk_docdata_reader *r, const char *data, size_t len, const char **meta,
                    size_t *meta_len, const char **text, size_t *text_len, sk_err *err)
{
    *meta = *text = "";
    *meta_len = *text_len = 0;
    sk_buf_reset(&r->out);
    int rc = SK_OK;
    if (!is_frame((const unsigned char *)data, len)) { /* an index from before: as is */
        rc = sk_buf_append(&r->out, data, len, err);
    } else {
        unsigned long long size = ZSTD_getFrameContentSize(data, len);
        if (size == ZSTD_CONTENTSIZE_UNKNOWN || size == ZSTD_CONTENTSIZE_ERROR || size > MAX_DATA)
            return sk_err_set(err, SK_ECORRUPT, "stored document data is damaged (no valid frame)");
        rc = sk_buf_reserve(&r->out, (size_t)size, err);
        if (rc != SK_OK)
            return rc;
        size_t n = ZSTD_decompressDCtx(r->dctx, r->out.data, (size_t)size, data, len);
        if (ZSTD_isError(n) || n != size)
            return sk_err_set(err, SK_ECORRUPT, "stored document data is damaged: %s",
                              ZSTD_isError(n) ? ZSTD_getErrorName(n) : "short frame");
        r->out.len = n;
        r->out.data[n] = '\0';
    }
    if (rc != SK_OK || r->out.len == 0)
        return rc;
    const char *nul = memchr(r->out.data, '\0', r->out.len);
    *meta = r->out.data;
    *meta_len = nul ? (size_t)(nul - r->out.data) : r->out.len;
    if (nul) {
        *text = nul + 1;
        *text_len = r->out.len - *meta_len - 1;
    }
    return SK_OK;
}
