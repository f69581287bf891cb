/* index.h: extracted files -> Xapian documents (one per section of a paper, see
 * index_doc.c; the run over an archive is update.h).
 *
 * The indexer owns the one writable database handle and the analyser. Each
 * file's documents carry a file-key term, so a file is replaced or removed as
 * a whole. A registry of indexed files (path, size, mtime, status) lives in
 * the database's metadata and is committed with the documents, so the index
 * and the registry never disagree.
 *
 * Changes become visible to searchers only at sk_indexer_commit(); freeing
 * the indexer without committing discards them.
 */
#ifndef SAKSOK_INDEX_H
#define SAKSOK_INDEX_H

#include <stddef.h>

#include "saksok/indexer/discover.h"
#include "saksok/base/err.h"
#include "saksok/indexer/extracted.h"
#include "saksok/store/xap.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sk_indexer sk_indexer;

/* What the registry says about a file compared with what is on disk. */
typedef enum sk_file_state {
    SK_FILE_NEW = 0,   /* never indexed */
    SK_FILE_CHANGED,   /* indexed, but size or mtime differ */
    SK_FILE_UNCHANGED, /* indexed with the same size and mtime */
    SK_FILE_FAILED     /* last attempt failed, same size and mtime: retry */
} sk_file_state;

/* Open (creating if needed) the database at dbpath for writing.
 * SK_ELOCKED if another indexer holds it. */
int sk_indexer_open(sk_indexer **out, const char *dbpath, sk_err *err);
void sk_indexer_free(sk_indexer *ix); /* discards uncommitted changes */

/* What the registry says of f (found under root, an absolute path);
 * *stored_hash (may be NULL) gets the content hash recorded with it, 0 if none. */
int sk_indexer_state(sk_file_state *out, unsigned long long *stored_hash, sk_indexer *ix,
                     const char *root, const sk_file *f, sk_err *err);
/* f was touched but its content (f->hash) is what is indexed: record its new
 * size and mtime so the next run skips it without reading it. */
int sk_indexer_touch(sk_indexer *ix, const char *root, const sk_file *f, sk_err *err);
/* Preparing documents in parallel: a worker (one per thread) analyses an
 * extracted file into a prepared set of documents; the one writer stores them.
 * Workers share the indexer's lexicon and council list (read-only) and must
 * not outlive it. sk_worker_prepare() touches no shared state. */
typedef struct sk_worker sk_worker;
typedef struct sk_prepared sk_prepared;
int sk_worker_new(sk_worker **out, sk_indexer *ix, sk_err *err);
void sk_worker_free(sk_worker *w); /* NULL is fine */
int sk_worker_prepare(sk_prepared **out, sk_worker *w, const char *root, const sk_file *f,
                      const sk_extracted *doc, sk_err *err);
void sk_prepared_free(sk_prepared *p); /* NULL is fine */
/* Replace the file's documents with the prepared ones (writer only); the
 * registry records f->size, f->mtime and f->hash. *n_docs gets the count. */
int sk_indexer_write(size_t *n_docs, sk_indexer *ix, const char *root, const sk_file *f,
                     const sk_prepared *p, sk_err *err);

/* Record that the file failed to extract. Its earlier documents, if any, stay. */
int sk_indexer_mark_failed(sk_indexer *ix, const char *root, const sk_file *f, sk_err *err);
/* Remove the documents and registry entries of files under root that are not
 * in files (sorted by rel, as sk_discover returns them). *removed gets the count. */
int sk_indexer_sweep(size_t *removed, sk_indexer *ix, const char *root, const sk_filelist *files,
                     sk_err *err);
/* Document data is packed with a dictionary trained from the first 512 kB of
 * text an index gets (see docdata.h); what was written before it is packed
 * again. A run that wrote less than that calls this before its last commit
 * to train one from what it has (and pack that again); with too little
 * text, or when the index has a dictionary, it does nothing. */
int sk_indexer_finish_sample(sk_indexer *ix, sk_err *err);
int sk_indexer_commit(sk_indexer *ix, sk_err *err);
/* Keep a copy of the spelling and synonym tables for remote searchers (see
 * sk_xwdb_export_lexicon); before a run's last commit. */
int sk_indexer_export_lexicon(sk_indexer *ix, sk_err *err);
/* The index's size on disk now, and right after its last compaction (0: never
 * compacted); see sk_xwdb_size(). */
int sk_indexer_size(unsigned long long *bytes, unsigned long long *compacted_bytes, sk_indexer *ix,
                    sk_err *err);
/* Commit, then rewrite the index compactly and switch searchers to it (see
 * sk_xwdb_compact()). out may be NULL. */
int sk_indexer_compact(sk_xcompact_stats *out, sk_indexer *ix, sk_err *err);
/* The access rules (access.h) of the file at path: papers they restrict get
 * access terms when written, and a paper registered before whose groups they
 * change gets its documents' access terms rewritten now (no extraction; its
 * words stay in the spelling table, where readers who may not see it find
 * no suggestion of them). While there are rules, the words of every paper
 * are also kept in DIR/spelling-all (sk_xwdb_keep_all_spelling), and a
 * restricted paper's only there. The rules are stored in the index; path NULL keeps
 * the stored rules in force. *n_files: papers rewritten. SK_EINVAL/SK_EIO
 * for a bad or unreadable file (nothing is changed then). Call it before
 * writing documents and before starting workers. */
int sk_indexer_set_access(size_t *n_files, sk_indexer *ix, const char *path, sk_err *err);
/* Store a line of run information (shown by saksok --stats). */
int sk_indexer_set_info(sk_indexer *ix, const char *key, const char *value, sk_err *err);

#ifdef __cplusplus
}
#endif

#endif
