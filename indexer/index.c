/* index.c: extracted files -> Xapian documents (see include/saksok/indexer/index.h). */
#include "saksok/indexer/index.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "saksok/store/access.h"
#include "saksok/analysis/analyse.h"
#include "saksok/store/docdata.h"
#include "saksok/store/hitid.h"
#include "saksok/analysis/lexicon.h"
#include "saksok/indexer/segment.h"
#include "saksok/store/terms.h"
#include "saksok/base/text.h"
#include "saksok/store/xap.h"

#include "index_int.h"

static int load_dict(sk_indexer *ix, sk_err *err)
{
    char *bytes = NULL;
    size_t len = 0;
    int rc = sk_xwdb_get_metadata_bytes(&bytes, &len, ix->db, SK_DOCDATA_DICT_KEY, err);
    if (rc == SK_OK && bytes)
        rc = sk_docdata_dict_load(&ix->dict, bytes, len, err);
    free(bytes);
    if (rc != SK_OK)
        return rc;
    atomic_store(&ix->pack_with, ix->dict);
    atomic_store(&ix->sampling, ix->dict == NULL);
    return SK_OK;
}

static void sample_release(sk_indexer *ix)
{
    sk_buf_release(&ix->sample);
    free(ix->sample_sizes);
    free(ix->sample_dids);
    ix->sample_sizes = NULL;
    ix->sample_dids = NULL;
    ix->n_samples = 0;
}

/* Document did's plain data (n bytes: metadata, NUL, text) packed again,
 * with the dictionary. */
static int repack(sk_indexer *ix, uint32_t did, const char *plain, size_t n, sk_buf *data,
                  sk_err *err)
{
    int rc = ix->packer ? SK_OK : sk_docdata_packer_new(&ix->packer, err);
    const char *nul = memchr(plain, '\0', n);
    size_t meta_len = nul ? (size_t)(nul - plain) : n;
    if (rc == SK_OK)
        rc = sk_docdata_pack(data, ix->packer, ix->dict, plain, meta_len, nul ? nul + 1 : "",
                             nul ? n - meta_len - 1 : 0, err);
    return rc == SK_OK ? sk_xwdb_set_data(ix->db, did, data->data, data->len, err) : rc;
}

/* Train from the sample, store the dictionary with the next commit, pack
 * the sampled documents again with it and let the workers pack with it.
 * Workers keep sampling until then: whatever they packed without it reaches
 * take_sample(), which packs it again. Too little to learn from: no
 * dictionary, and no more sampling. */
static int train_dict(sk_indexer *ix, sk_err *err)
{
    int rc =
        sk_docdata_dict_train(&ix->dict, ix->sample.data, ix->sample_sizes, ix->n_samples, err);
    if (rc == SK_OK && ix->dict) {
        size_t len;
        const char *bytes = sk_docdata_dict_bytes(ix->dict, &len);
        rc = sk_xwdb_set_metadata_bytes(ix->db, SK_DOCDATA_DICT_KEY, bytes, len, err);
        sk_buf data = SK_BUF_INIT;
        const char *at = ix->sample.data;
        for (size_t k = 0; k < ix->n_samples && rc == SK_OK; k++) {
            rc = repack(ix, ix->sample_dids[k], at, ix->sample_sizes[k], &data, err);
            at += ix->sample_sizes[k];
        }
        sk_buf_release(&data);
        if (rc != SK_OK) { /* the transaction is not committed: nothing names it */
            sk_docdata_dict_free(ix->dict);
            ix->dict = NULL;
        }
    }
    sample_release(ix);
    if (rc == SK_OK && ix->dict)
        atomic_store(&ix->pack_with, ix->dict); /* before sampling stops (see set_data) */
    atomic_store(&ix->sampling, 0);
    return rc;
}

/* The writer takes a prepared file's plain copies into the sample; dids[i]
 * is the document id p->docs[i] got. */
static int take_sample(sk_indexer *ix, const sk_prepared *p, const uint32_t *dids, sk_err *err)
{
    sk_buf data = SK_BUF_INIT;
    int rc = SK_OK;
    for (size_t i = 0; i + 2 * sizeof(size_t) <= p->sample.len && rc == SK_OK;) {
        size_t idx, n;
        memcpy(&idx, p->sample.data + i, sizeof idx);
        memcpy(&n, p->sample.data + i + sizeof idx, sizeof n);
        i += sizeof idx + sizeof n;
        if (idx >= p->n_docs) {
            rc = sk_err_set(err, SK_EINTERNAL, "sample of no document");
        } else if (ix->dict) { /* packed while the dictionary was being trained */
            rc = repack(ix, dids[idx], p->sample.data + i, n, &data, err);
            i += n;
            continue;
        }
        if (rc != SK_OK || !atomic_load(&ix->sampling))
            break; /* no dictionary could be trained: nothing more to do */
        size_t *sizes = realloc(ix->sample_sizes, (ix->n_samples + 1) * sizeof *sizes);
        if (sizes)
            ix->sample_sizes = sizes;
        uint32_t *ds = sizes ? realloc(ix->sample_dids, (ix->n_samples + 1) * sizeof *ds) : NULL;
        if (ds)
            ix->sample_dids = ds;
        rc = ds ? sk_buf_append(&ix->sample, p->sample.data + i, n, err)
                : sk_err_set(err, SK_ENOMEM, "out of memory");
        if (rc == SK_OK) {
            sizes[ix->n_samples] = n;
            ds[ix->n_samples++] = dids[idx];
            i += n;
        }
        if (rc == SK_OK && ix->sample.len >= SAMPLE_BYTES)
            rc = train_dict(ix, err);
    }
    sk_buf_release(&data);
    return rc;
}

int sk_indexer_finish_sample(sk_indexer *ix, sk_err *err)
{
    if (ix->dict || !atomic_load(&ix->sampling))
        return SK_OK;
    return train_dict(ix, err);
}

int sk_indexer_open(sk_indexer **out, const char *dbpath, sk_err *err)
{
    *out = NULL;
    sk_indexer *ix = calloc(1, sizeof *ix);
    if (ix == NULL)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    int rc = sk_lexicon_open(&ix->lex, sk_lexicon_default_path(), err);
    if (rc == SK_OK)
        rc = sk_xwdb_open(&ix->db, dbpath, err);
    if (rc == SK_OK)
        rc = sk_analyser_new(&ix->an, err);
    if (rc == SK_OK) {
        sk_analyser_set_lexicon(ix->an, ix->lex);
        rc = ix_load_synonyms(ix, err);
    }
    if (rc == SK_OK) {
        rc = sk_bodies_load_default(&ix->bodies, err);
    }
    if (rc == SK_OK)
        rc = load_dict(ix, err);
    if (rc != SK_OK) {
        sk_indexer_free(ix);
        return rc;
    }
    *out = ix;
    return SK_OK;
}

void sk_indexer_free(sk_indexer *ix)
{
    if (ix == NULL)
        return;
    sk_analyser_free(ix->an);
    sk_xwdb_free(ix->db);
    sk_lexicon_free(ix->lex);
    sk_bodies_free(ix->bodies);
    sk_docdata_dict_free(ix->dict);
    sample_release(ix);
    sk_docdata_packer_free(ix->packer);
    sk_access_free(ix->access);
    free(ix);
}

/* ---- the registry of files ---- */

static void registry_prefix(char *out, size_t size, const char *root)
{
    snprintf(out, size, SK_META_FILE "%016llx:", sk_hash64(root, strlen(root)));
}

static void registry_key(char *out, size_t size, const char *root, const char *rel)
{
    char prefix[64];
    registry_prefix(prefix, sizeof prefix, root);
    sk_term_make(out, size, prefix, rel);
}

/* The term on every document of one file. */
void ix_file_key_term(char *out, size_t size, const char *root, const char *rel)
{
    size_t lr = strlen(root), ll = strlen(rel);
    unsigned long long h = sk_hash64(root, lr) ^ (sk_hash64(rel, ll) * 31ULL);
    snprintf(out, size, "XK%016llx", h);
}

/* Registry value: "<mtime> <size> <status> xxh64:<hash>\t<rel>" (indexes
 * written before hold an untagged FNV-1a hash, read as none: discover.h). */
static int registry_put(sk_indexer *ix, const char *root, const sk_file *f, const char *status,
                        sk_err *err)
{
    char key[SK_XAP_MAX_TERM + 1];
    registry_key(key, sizeof key, root, f->rel);
    sk_buf v = SK_BUF_INIT;
    int rc = sk_buf_printf(&v, err, "%lld %lld %s " SK_FILE_HASH_TAG "%016llx\t%s", f->mtime,
                           f->size, status, f->hash, f->rel);
    if (rc == SK_OK)
        rc = sk_xwdb_set_metadata(ix->db, key, v.data, err);
    sk_buf_release(&v);
    return rc;
}

int sk_indexer_state(sk_file_state *out, unsigned long long *stored_hash, sk_indexer *ix,
                     const char *root, const sk_file *f, sk_err *err)
{
    if (stored_hash)
        *stored_hash = 0;
    char key[SK_XAP_MAX_TERM + 1];
    registry_key(key, sizeof key, root, f->rel);
    char *v = NULL;
    int rc = sk_xwdb_get_metadata(&v, ix->db, key, err);
    if (rc != SK_OK)
        return rc;
    *out = SK_FILE_NEW;
    if (v != NULL) {
        long long mtime = 0, size = 0;
        unsigned long long hash = 0;
        char status[16] = "";
        *out = SK_FILE_CHANGED;
        int n = sscanf(v, "%lld %lld %15s " SK_FILE_HASH_TAG "%llx", &mtime, &size, status, &hash);
        if (n >= 3 && mtime == f->mtime && size == f->size)
            *out = strcmp(status, "ok") == 0 ? SK_FILE_UNCHANGED : SK_FILE_FAILED;
        if (n == 4 && stored_hash && strcmp(status, "ok") == 0)
            *stored_hash = hash;
    }
    free(v);
    return SK_OK;
}

int sk_indexer_touch(sk_indexer *ix, const char *root, const sk_file *f, sk_err *err)
{
    return registry_put(ix, root, f, "ok", err);
}

int sk_indexer_mark_failed(sk_indexer *ix, const char *root, const sk_file *f, sk_err *err)
{
    return registry_put(ix, root, f, "failed", err);
}

/* ---- when the index first held a section (hitid.h) ---- */

/* This run's stamp: now, or just after the latest the index holds when the
 * clock is behind it; kept in the index (committed with the documents) for
 * the next run. */
static int run_stamp(sk_indexer *ix, sk_err *err)
{
    if (ix->stamp[0])
        return SK_OK;
    char *max = NULL, stamp[SK_STAMP_SIZE];
    int rc = sk_xwdb_get_metadata(&max, ix->db, SK_META_ADDED_MAX, err);
    if (rc != SK_OK)
        return rc;
    sk_stamp_now(stamp);
    if (max && sk_stamp_valid(max) && strcmp(stamp, max) <= 0)
        sk_stamp_next(stamp, max);
    free(max);
    rc = sk_xwdb_set_metadata(ix->db, SK_META_ADDED_MAX, stamp, err);
    if (rc == SK_OK)
        memcpy(ix->stamp, stamp, sizeof stamp);
    return rc;
}

typedef struct added_seen {
    char (*ids)[SK_HIT_ID_SIZE];
    char (*stamps)[SK_STAMP_SIZE];
    size_t n, cap;
} added_seen;

static int remember_added(const char *id, const char *stamp, void *payload)
{
    added_seen *a = payload;
    if (!sk_hit_id_valid(id) || !sk_stamp_valid(stamp))
        return 0; /* written before ids: no stamp to keep */
    if (a->n == a->cap) {
        size_t cap = a->cap ? 2 * a->cap : 16;
        void *ids = realloc(a->ids, cap * sizeof *a->ids);
        if (ids)
            a->ids = ids;
        void *stamps = realloc(a->stamps, cap * sizeof *a->stamps);
        if (stamps)
            a->stamps = stamps;
        if (ids == NULL || stamps == NULL)
            return SK_ENOMEM;
        a->cap = cap;
    }
    memcpy(a->ids[a->n], id, SK_HIT_ID_SIZE);
    memcpy(a->stamps[a->n], stamp, SK_STAMP_SIZE);
    a->n++;
    return 0;
}

/* Each document of p gets its "added" stamp: the one its id had in the
 * index (the file's documents as they are before p replaces them), else
 * this run's. */
static int set_added(sk_indexer *ix, const sk_prepared *p, sk_err *err)
{
    added_seen a = {0};
    int rc = run_stamp(ix, err);
    if (rc == SK_OK)
        rc = sk_xwdb_each_values(ix->db, p->keyterm, SK_SLOT_HIT_ID, SK_SLOT_ADDED, remember_added,
                                 &a, err);
    if (rc == SK_ENOMEM)
        sk_err_set(err, SK_ENOMEM, "out of memory");
    for (size_t i = 0; i < p->n_docs && rc == SK_OK; i++) {
        const char *stamp = ix->stamp;
        for (size_t k = 0; k < a.n; k++)
            if (memcmp(a.ids[k], p->keys[i].id, SK_HIT_ID_SIZE) == 0)
                stamp = a.stamps[k];
        rc = sk_xdoc_set_value(p->docs[i], SK_SLOT_ADDED, stamp, SK_STAMP_LEN, err);
        char newest[SK_NEWEST_KEY_SIZE];
        sk_newest_key(newest, stamp, p->keys[i].date);
        if (rc == SK_OK)
            rc = sk_xdoc_set_value(p->docs[i], SK_SLOT_NEWEST, newest, strlen(newest), err);
    }
    free(a.ids);
    free(a.stamps);
    return rc;
}

int sk_indexer_write(size_t *n_docs, sk_indexer *ix, const char *root, const sk_file *f,
                     const sk_prepared *p, sk_err *err)
{
    *n_docs = 0;
    int sampled = p->sample.len && p->n_docs; /* their ids are wanted */
    uint32_t *dids = sampled ? calloc(p->n_docs, sizeof *dids) : NULL;
    int rc = sampled && dids == NULL ? sk_err_set(err, SK_ENOMEM, "out of memory")
                                     : set_added(ix, p, err);
    if (rc == SK_OK)
        rc = sk_xwdb_delete_term(ix->db, p->keyterm, err);
    for (size_t i = 0; i < p->n_docs && rc == SK_OK; i++) {
        rc = sk_xwdb_add(dids ? &dids[i] : NULL, ix->db, p->docs[i], err);
        if (rc == SK_OK)
            (*n_docs)++;
    }
    for (size_t i = 0; i < p->spell.len && rc == SK_OK;) {
        size_t n = strlen(p->spell.data + i);
        rc = sk_xwdb_add_spelling(ix->db, p->spell.data + i, n, 1, err);
        i += n + 1;
    }
    for (size_t i = 0; i < p->spell_restricted.len && rc == SK_OK;) {
        size_t n = strlen(p->spell_restricted.data + i);
        rc = sk_xwdb_add_spelling_restricted(ix->db, p->spell_restricted.data + i, n, 1, err);
        i += n + 1;
    }
    if (rc == SK_OK)
        rc = ix_write_synonyms(ix, &p->syn, 0, err);
    if (rc == SK_OK && dids)
        rc = take_sample(ix, p, dids, err);
    free(dids);
    if (rc == SK_OK)
        rc = registry_put(ix, root, f, "ok", err);
    return rc;
}

/* ---- removing files that are gone ---- */

typedef struct sweep_ctx {
    sk_indexer *ix;
    const char *root;
    char **present; /* sorted rel paths */
    size_t n_present;
    size_t removed;
    sk_err *err;
} sweep_ctx;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int sweep_one(const char *key, const char *value, void *payload)
{
    sweep_ctx *c = payload;
    const char *tab = strchr(value, '\t');
    if (tab == NULL)
        return SK_OK;
    const char *rel = tab + 1;
    if (bsearch(&rel, c->present, c->n_present, sizeof *c->present, cmp_str) != NULL)
        return SK_OK;
    char keyterm[64];
    ix_file_key_term(keyterm, sizeof keyterm, c->root, rel);
    int rc = sk_xwdb_delete_term(c->ix->db, keyterm, c->err);
    if (rc == SK_OK)
        rc = sk_xwdb_set_metadata(c->ix->db, key, "", c->err);
    if (rc == SK_OK)
        c->removed++;
    return rc;
}

int sk_indexer_sweep(size_t *removed, sk_indexer *ix, const char *root, const sk_filelist *files,
                     sk_err *err)
{
    *removed = 0;
    sweep_ctx c = {ix, root, NULL, files->n, 0, err};
    if (files->n) {
        c.present = malloc(files->n * sizeof *c.present);
        if (c.present == NULL)
            return sk_err_set(err, SK_ENOMEM, "out of memory");
        for (size_t i = 0; i < files->n; i++)
            c.present[i] = files->files[i].rel;
        qsort(c.present, files->n, sizeof *c.present, cmp_str);
    }
    char prefix[64];
    registry_prefix(prefix, sizeof prefix, root);
    int rc = sk_xwdb_each_metadata(ix->db, prefix, sweep_one, &c, err);
    free(c.present);
    *removed = c.removed;
    return rc;
}

/* ---- the access file ---- */

typedef struct retag_ctx {
    sk_indexer *ix;
    const sk_access *old;
    size_t files;
    char (*terms)[SK_XAP_MAX_TERM + 1];
    sk_err *err;
} retag_ctx;

/* A registered file whose groups the new rules change: its documents get
 * the new access terms (their data and words stay; nothing is extracted). */
static int retag_one(const char *key, const char *value, void *payload)
{
    retag_ctx *c = payload;
    const char *tab = strchr(value, '\t');
    unsigned long long root_hash = 0;
    if (tab == NULL || sscanf(key, SK_META_FILE "%16llx:", &root_hash) != 1)
        return SK_OK;
    const char *rel = tab + 1;
    const char *was = sk_access_groups(c->old, rel), *now = sk_access_groups(c->ix->access, rel);
    if ((was == NULL && now == NULL) || (was && now && strcmp(was, now) == 0))
        return SK_OK;
    char keyterm[64];
    snprintf(keyterm, sizeof keyterm, "XK%016llx",
             root_hash ^ (sk_hash64(rel, strlen(rel)) * 31ULL)); /* as ix_file_key_term() */
    const char *list[1 + SK_ACCESS_MAX_GROUPS];
    size_t n = ix_access_terms(now, c->terms), changed = 0;
    for (size_t i = 0; i < n; i++)
        list[i] = c->terms[i];
    int rc = sk_xwdb_retag(c->ix->db, keyterm, SK_PREFIX_ACCESS, list, n, &changed, c->err);
    c->files += rc == SK_OK && changed > 0;
    return rc;
}

int sk_indexer_set_access(size_t *n_files, sk_indexer *ix, const char *path, sk_err *err)
{
    *n_files = 0;
    char *stored = NULL;
    sk_access *old = NULL, *now = NULL;
    int rc = sk_xwdb_get_metadata(&stored, ix->db, SK_META_ACCESS, err);
    if (rc == SK_OK)
        rc = sk_access_parse(&old, stored ? stored : "", stored ? strlen(stored) : 0, err);
    if (rc == SK_OK && path == NULL) { /* the rules of the last run stay in force */
        sk_access_free(ix->access);
        ix->access = old;
        free(stored);
        return sk_access_count(old) ? sk_xwdb_keep_all_spelling(ix->db, err) : SK_OK;
    }
    if (rc == SK_OK)
        rc = sk_access_load(&now, path, err);
    if (rc == SK_OK) {
        sk_access_free(ix->access);
        ix->access = now;
        now = NULL;
    }
    if (rc == SK_OK && sk_access_count(ix->access))
        rc = sk_xwdb_keep_all_spelling(ix->db, err);
    retag_ctx c = {ix, old, 0, NULL, err};
    if (rc == SK_OK && strcmp(sk_access_text(old), sk_access_text(ix->access)) != 0) {
        c.terms = malloc((1 + SK_ACCESS_MAX_GROUPS) * sizeof *c.terms);
        rc = c.terms ? sk_xwdb_each_metadata(ix->db, SK_META_FILE, retag_one, &c, err)
                     : sk_err_set(err, SK_ENOMEM, "out of memory");
        if (rc == SK_OK)
            rc = sk_xwdb_set_metadata(ix->db, SK_META_ACCESS, sk_access_text(ix->access), err);
        free(c.terms);
    }
    *n_files = c.files;
    sk_access_free(old);
    sk_access_free(now);
    free(stored);
    return rc;
}

int sk_indexer_export_lexicon(sk_indexer *ix, sk_err *err)
{
    return sk_xwdb_export_lexicon(ix->db, err);
}

int sk_indexer_commit(sk_indexer *ix, sk_err *err)
{
    int rc = sk_xwdb_commit(ix->db, err);
    /* What a later commit of this run writes gets a later stamp: a reader
     * that saw this commit's sections and remembers the latest stamp it saw
     * (the alerts) misses none of the next. */
    if (rc == SK_OK)
        ix->stamp[0] = '\0';
    return rc;
}

int sk_indexer_size(unsigned long long *bytes, unsigned long long *compacted_bytes, sk_indexer *ix,
                    sk_err *err)
{
    return sk_xwdb_size(bytes, compacted_bytes, ix->db, err);
}

int sk_indexer_compact(sk_xcompact_stats *out, sk_indexer *ix, sk_err *err)
{
    return sk_xwdb_compact(out, ix->db, err);
}

int sk_indexer_set_info(sk_indexer *ix, const char *key, const char *value, sk_err *err)
{
    return sk_xwdb_set_metadata(ix->db, key, value, err);
}
