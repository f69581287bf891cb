/* update.h: one indexing run over archive roots, and the record it leaves.
 *
 * A run is incremental: a file whose size and mtime match the registry is
 * skipped; one whose content hash matches (touched, not changed) is only
 * re-registered; new and changed files are extracted; files that are gone are
 * removed. Files to extract are jobs: opts->jobs worker threads extract (each
 * in its own extraction process, workers.h), segment and analyse them, and
 * the calling thread, the one writer, stores the results in the order the
 * files were found. Changes are committed every opts->commit_every files and
 * at the end, so a run that is killed leaves the index as of its last commit,
 * and the next run completes it. At the end the index may be compacted into
 * a new generation (searches go on meanwhile).
 *
 * The run prints nothing: what a user may want to see comes to the progress
 * callback.
 *
 * The last run's record (sk_last_run) is kept in the index's metadata under
 * SK_META_LAST_RUN; sk_last_run_format() writes it and sk_last_run_parse()
 * reads it (saksok --stats).
 */
#ifndef SAKSOK_UPDATE_H
#define SAKSOK_UPDATE_H

#include <stddef.h>

#include "saksok/base/err.h"
#include "saksok/indexer/extract.h"
#include "saksok/indexer/index.h"
#include "saksok/indexer/workers.h"
#include "saksok/store/xap.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SK_UPDATE_COMMIT_EVERY \
    50 /* files between commits: bounds memory (and work lost to a crash) */

/* What a run has done so far (a progress callback sees it as it grows). */
typedef struct sk_update_stats {
    size_t new_files, changed, touched, removed, unchanged, failed;
    size_t docs, pages;             /* written */
    size_t files_total, files_done; /* found in the roots so far, and decided or written */
    sk_extract_stats ocr;
    int compacted; /* the index was compacted at the end: */
    sk_xcompact_stats compaction;
    double compaction_seconds;
    int compaction_failed; /* the error sk_update_run() returned is the compaction's:
                              what the run indexed is committed */
} sk_update_stats;

typedef enum sk_update_what {
    SK_UPDATE_WRITING,      /* the writer is about to store a file: path (relative to its root) */
    SK_UPDATE_FAILED,       /* a file or a root failed: path, reason, kept */
    SK_UPDATE_WARNING,      /* finding the files: path, reason */
    SK_UPDATE_PAGE_WARNING, /* extracting a file: path, page, reason */
    SK_UPDATE_UNFILTERED    /* the extraction processes run without their system-call
                               filter (seccomp is not available); once a run */
} sk_update_what;

typedef struct sk_update_event {
    sk_update_what what;
    const char *path;
    const char *reason;
    int page;
    int kept; /* SK_UPDATE_FAILED: the file's earlier index entry is kept */
    const sk_update_stats *stats;
} sk_update_event;

/* Called from the run's threads, never two at once; ev and what it points to
 * live for the call only. */
typedef void (*sk_update_progress_fn)(const sk_update_event *ev, void *payload);

typedef struct sk_update_opts {
    int full;                  /* re-extract every file, changed or not */
    int compact;               /* compact at the end whatever the run changed */
    int jobs;                  /* worker threads, 1 to 64 */
    long commit_every;         /* files between commits (SK_UPDATE_COMMIT_EVERY) */
    unsigned shard_k, shard_n; /* only the files of shard k of n (n 0 or 1: every file) */
    int ocr;                   /* OCR pages without a usable text layer */
    double ocr_page_seconds;   /* time limit for one page's OCR */
    const char *ocr_cache_dir;
    sk_xworker_limits limits; /* of an extraction process */
    double started;           /* sk_update_now() when the run began: the record's seconds count
                       from it (0: from the call of sk_update_run) */
    sk_update_progress_fn progress; /* may be NULL */
    void *payload;
} sk_update_opts;

/* Index the files under each root (made absolute; a root that cannot be read
 * is a failed file, not an error), remove the documents of files that are
 * gone, record the run (sk_last_run), commit, and compact when opts->compact
 * says so or the run rebuilt everything, or grew the index by more than 60 %
 * since its last compaction (never after a run that changed nothing). The
 * access rules must be set (sk_indexer_set_access) before. Returns SK_OK, or
 * the error that stopped the run: the index keeps its last commit (and
 * out->compaction_failed tells when only the compaction failed). */
int sk_update_run(sk_update_stats *out, sk_indexer *ix, const char *const *roots, size_t n_roots,
                  const sk_update_opts *opts, sk_err *err);

/* The monotonic clock, in seconds: what sk_update_opts.started is read on. */
double sk_update_now(void);

/* The record of the last run, as saksok --stats shows it. */
typedef struct sk_last_run {
    long finished; /* time() at the end of the run */
    size_t new_files, changed, removed, unchanged, failed;
    double seconds;
} sk_last_run;

#define SK_LAST_RUN_MAX 256 /* bytes of a formatted record, with its NUL */

/* "FINISHED new=N changed=N removed=N unchanged=N failed=N seconds=S.SS"
 * into out (size bytes, SK_LAST_RUN_MAX is enough). */
void sk_last_run_format(char *out, size_t size, const sk_last_run *r);
/* The counts part alone: what follows FINISHED and a space. */
void sk_last_run_format_counts(char *out, size_t size, const sk_last_run *r);
/* Read a record sk_last_run_format() wrote. SK_EINVAL if text is not one. */
int sk_last_run_parse(sk_last_run *out, const char *text, sk_err *err);

#ifdef __cplusplus
}
#endif

#endif
