/* docdata.c: the data of a Xapian document (see include/saksok/store/docdata.h). */
#include "saksok/store/docdata.h"

#include <stdlib.h>
#include <string.h>
#define ZDICT_STATIC_LINKING_ONLY /* fastCover with fixed parameters: bounded memory */
#include <zdict.h>
#define ZSTD_STATIC_LINKING_ONLY /* a dictionary sized for sections, not for any input */
#include <zstd.h>

/* zstd level 6: about the size of zlib's level 6 on these texts, and fast
 * enough to write that the indexer's workers (which do it in parallel) do
 * not wait on it (scripts/bench measures the build). */
#define LEVEL 6
#define MAX_DATA ((size_t)256 << 20) /* larger frames are refused as damage */
/* Dictionaries: a run's first 512 kB of text trains one of up to 64 kB with
 * fastCover (segments of 200 bytes, 8-byte d-mers, a 2^17 table: 0.8 MB of
 * working memory, where zstd's default tries several settings in 6 MB; on
 * held-out papers the result is as good). Fewer than MIN_SAMPLES sections or
 * MIN_SAMPLE_BYTES train nothing. */
#define DICT_MAX_BYTES ((size_t)64 << 10)
#define MIN_SAMPLES 16
#define MIN_SAMPLE_BYTES ((size_t)32 << 10)

struct sk_docdata_dict {
    char *bytes;
    size_t len;
    unsigned id;
    ZSTD_CDict *cdict;
};

struct sk_docdata_packer {
    ZSTD_CCtx *cctx;
    sk_buf plain;
};

/* Each shard of an index trains its own dictionary: a reader over shards
 * keeps one for each, the most recently used first. */
#define READER_DICTS 16

typedef struct reader_dict_entry {
    unsigned id;       /* of ddict; 0: unused */
    ZSTD_DDict *ddict; /* made by reference to the blob's bytes: no copy of 64 kB */
    sk_xblob *blob;
} reader_dict_entry;

struct sk_docdata_reader {
    ZSTD_DCtx *dctx;
    sk_buf out;
    sk_xdb *db; /* where dictionaries come from (borrowed) */
    reader_dict_entry dicts[READER_DICTS];
};

static int dict_make(sk_docdata_dict **out, char *bytes, size_t len, sk_err *err)
{
    *out = NULL;
    unsigned id = ZDICT_getDictID(bytes, len);
    if (id == 0) {
        free(bytes);
        return sk_err_set(err, SK_ECORRUPT, "the stored compression dictionary is damaged");
    }
    sk_docdata_dict *d = calloc(1, sizeof *d);
    /* Tables sized for sections of about 8 kB with this dictionary, at most
     * 2^15 entries each: for an input of unknown size, level 6 would take
     * 3 MB, and every packer would copy them. */
    ZSTD_compressionParameters cp = ZSTD_getCParams(LEVEL, 8192, len);
    if (cp.hashLog > 15)
        cp.hashLog = 15;
    if (cp.chainLog > 15)
        cp.chainLog = 15;
    if (d == NULL ||
        (d->cdict = ZSTD_createCDict_advanced(bytes, len, ZSTD_dlm_byRef, ZSTD_dct_auto, cp,
                                              ZSTD_defaultCMem)) == NULL) {
        free(d);
        free(bytes);
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    }
    d->bytes = bytes;
    d->len = len;
    d->id = id;
    *out = d;
    return SK_OK;
}

int sk_docdata_dict_train(sk_docdata_dict **out, const char *samples, const size_t *sizes, size_t n,
                          sk_err *err)
{
    *out = NULL;
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += sizes[i];
    if (n < MIN_SAMPLES || total < MIN_SAMPLE_BYTES || n > 0xFFFFFFFFu)
        return SK_OK;
    size_t cap = total / 10 < DICT_MAX_BYTES ? total / 10 : DICT_MAX_BYTES;
    char *bytes = malloc(cap);
    if (bytes == NULL)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    ZDICT_fastCover_params_t params = {0};
    params.k = 200;
    params.d = 8;
    params.f = 17;
    params.steps = 1;
    params.nbThreads = 1;
    params.splitPoint = 1.0;
    params.accel = 1;
    params.zParams.compressionLevel = LEVEL;
    size_t len = ZDICT_trainFromBuffer_fastCover(bytes, cap, samples, sizes, (unsigned)n, params);
    if (ZDICT_isError(len)) {
        free(bytes); /* too uniform or too little to learn from: no dictionary */
        return SK_OK;
    }
    return dict_make(out, bytes, len, err);
}

int sk_docdata_dict_load(sk_docdata_dict **out, const char *bytes, size_t len, sk_err *err)
{
    *out = NULL;
    char *copy = malloc(len ? len : 1);
    if (copy == NULL)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    memcpy(copy, bytes, len);
    return dict_make(out, copy, len, err);
}

const char *sk_docdata_dict_bytes(const sk_docdata_dict *d, size_t *len)
{
    *len = d->len;
    return d->bytes;
}

unsigned sk_docdata_dict_id(const sk_docdata_dict *d)
{
    return d->id;
}

void sk_docdata_dict_free(sk_docdata_dict *d)
{
    if (d == NULL)
        return;
    ZSTD_freeCDict(d->cdict);
    free(d->bytes);
    free(d);
}

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

int sk_docdata_pack(sk_buf *out, sk_docdata_packer *p, const sk_docdata_dict *dict,
                    const char *meta, size_t meta_len, const char *text, size_t text_len,
                    sk_err *err)
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
    size_t n =
        dict ? ZSTD_compress_usingCDict(p->cctx, out->data, bound, p->plain.data, p->plain.len,
                                        dict->cdict)
             : ZSTD_compressCCtx(p->cctx, out->data, bound, p->plain.data, p->plain.len, LEVEL);
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
    for (size_t i = 0; i < READER_DICTS; i++) {
        ZSTD_freeDDict(r->dicts[i].ddict);
        sk_xblob_free(r->dicts[i].blob);
    }
    sk_buf_release(&r->out);
    free(r);
}

void sk_docdata_reader_bind(sk_docdata_reader *r, sk_xdb *db)
{
    r->db = db;
}

static int dict_matches(const char *value, size_t len, void *payload)
{
    return ZDICT_getDictID(value, len) == *(const unsigned *)payload;
}

/* The dictionary numbered id (*out), from the bound index's shards. */
static int reader_dict(sk_docdata_reader *r, unsigned id, ZSTD_DDict **out, sk_err *err)
{
    reader_dict_entry *d = r->dicts;
    size_t i = 0;
    while (i < READER_DICTS && d[i].id != id)
        i++;
    if (i == READER_DICTS) {
        sk_xblob *blob = NULL;
        int rc = r->db ? sk_xdb_find_shard_metadata(&blob, r->db, SK_DOCDATA_DICT_KEY, dict_matches,
                                                    &id, err)
                       : SK_OK;
        if (rc != SK_OK)
            return rc;
        if (blob == NULL)
            return sk_err_set(err, SK_ECORRUPT,
                              "stored document data needs compression dictionary %u, which the "
                              "index does not hold",
                              id);
        ZSTD_DDict *dd = ZSTD_createDDict_byReference(sk_xblob_data(blob), sk_xblob_len(blob));
        if (dd == NULL) {
            sk_xblob_free(blob);
            return sk_err_set(err, SK_ENOMEM, "out of memory");
        }
        i = READER_DICTS - 1; /* the least recently used goes */
        ZSTD_freeDDict(d[i].ddict);
        sk_xblob_free(d[i].blob);
        d[i] = (reader_dict_entry){id, dd, blob};
    }
    reader_dict_entry hit = d[i];
    memmove(d + 1, d, i * sizeof *d);
    d[0] = hit;
    *out = hit.ddict;
    return SK_OK;
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
        unsigned id = ZSTD_getDictID_fromFrame(data, len);
        rc = sk_buf_reserve(&r->out, (size_t)size, err);
        ZSTD_DDict *ddict = NULL;
        if (rc == SK_OK && id != 0)
            rc = reader_dict(r, id, &ddict, err);
        if (rc != SK_OK)
            return rc;
        size_t n =
            id ? ZSTD_decompress_usingDDict(r->dctx, r->out.data, (size_t)size, data, len, ddict)
               : ZSTD_decompressDCtx(r->dctx, r->out.data, (size_t)size, data, len);
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
