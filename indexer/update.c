/* update.c: one indexing run (see include/saksok/indexer/update.h).
 *
 * The calling thread walks the files in order and decides, from the registry,
 * what each needs (nothing; re-registering a touched file; extraction). Files
 * to extract become jobs: worker threads extract, segment and analyse them
 * into prepared documents, and the calling thread, the one writer, stores the
 * results in job order and commits every commit_every files. Workers stay at
 * most a window of jobs ahead, which bounds memory.
 */
#include "saksok/indexer/update.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "saksok/store/shards.h"
#include "saksok/store/terms.h"

/* Compact when the index has grown by more than this part since its last compaction. */
#define GROWTH_BEFORE_COMPACTION 0.60

typedef struct run {
    const sk_update_opts *o;
    sk_update_stats *st;
    int warned_unfiltered;
} run;

double sk_update_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void tell(const run *r, sk_update_what what, const char *path, const char *reason, int page,
                 int kept)
{
    if (r->o->progress == NULL)
        return;
    sk_update_event ev = {
        .what = what, .path = path, .reason = reason, .page = page, .kept = kept, .stats = r->st};
    r->o->progress(&ev, r->o->payload);
}

static void report_failure(run *r, const char *path, const char *reason, int kept)
{
    r->st->failed++;
    tell(r, SK_UPDATE_FAILED, path, reason, 0, kept);
}

static void warn_discover(const char *path, const char *reason, void *payload)
{
    tell(payload, SK_UPDATE_WARNING, path, reason, 0, 0);
}

/* ---- one root: deciding in the calling thread, extracting in workers ---- */

typedef struct job job;

typedef struct page_warn_ctx {
    struct pool *pl;
    const char *path;
} page_warn_ctx;

struct job {
    sk_file *f;
    sk_file_state st;
    int done;          /* the worker has finished */
    sk_prepared *prep; /* on success */
    size_t pages;
    int failed; /* extraction failed: reason in err */
    sk_err err;
    int sent;         /* its extraction was asked for ahead (send_ahead()) */
    page_warn_ctx pw; /* the page warnings' context: lives with the job */
};

typedef struct pool {
    run *r;
    sk_indexer *ix;
    const char *root;
    job *jobs;
    size_t n_jobs;
    size_t next;    /* next job to take */
    size_t written; /* jobs the writer has finished */
    size_t window;  /* how far ahead workers may run */
    int stop;       /* the writer hit an error: workers stop taking jobs */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_mutex_t tell_mu; /* progress calls, from workers and the writer */
} pool;

static void warn_page(int page, const char *msg, void *payload)
{
    page_warn_ctx *w = payload;
    pthread_mutex_lock(&w->pl->tell_mu);
    tell(w->pl->r, SK_UPDATE_PAGE_WARNING, w->path, msg, page, 0);
    pthread_mutex_unlock(&w->pl->tell_mu);
}

typedef struct worker_arg {
    pool *pl;
    sk_worker *w;
    sk_xworker *xw; /* its extraction process */
    sk_extract_stats stats;
} worker_arg;

/* The extraction options of job j. */
static sk_extract_opts job_opts(pool *pl, job *j)
{
    const sk_update_opts *o = pl->r->o;
    sk_extract_opts xo = SK_EXTRACT_OPTS_INIT;
    j->pw = (page_warn_ctx){pl, j->f->abs};
    xo.ocr = o->ocr;
    xo.ocr_cache_dir = o->ocr_cache_dir;
    xo.ocr_page_seconds = o->ocr_page_seconds;
    xo.warn = warn_page;
    xo.warn_payload = &j->pw;
    return xo;
}

/* Ask this thread's extraction process for j while the thread goes on with
 * the job before it; a request that cannot be sent fails j. */
static void send_ahead(worker_arg *wa, job *j)
{
    sk_extract_opts xo = job_opts(wa->pl, j);
    j->sent = 1;
    if (sk_xworker_send(wa->xw, j->f->abs, &xo, &j->err) != SK_OK) {
        j->failed = 1;
        j->sent = 0;
    }
}

/* Extract j (in this thread's extraction process; asked for ahead or now). */
static void extract_job(worker_arg *wa, job *j, sk_extracted *x)
{
    if (j->failed) /* its request could not be sent */
        return;
    sk_extract_opts xo = job_opts(wa->pl, j);
    int rc = j->sent ? sk_xworker_receive(x, wa->xw, &xo, &wa->stats, &j->err)
                     : sk_xworker_extract(x, wa->xw, j->f->abs, &xo, &wa->stats, &j->err);
    j->failed = rc != SK_OK;
}

/* Segment and analyse j's extracted text (no shared state touched). */
static void prepare_job(worker_arg *wa, job *j, const sk_extracted *x)
{
    if (j->failed)
        return;
    j->pages = x->n_pages;
    if (sk_worker_prepare(&j->prep, wa->w, wa->pl->root, j->f, x, &j->err) != SK_OK)
        j->failed = 1;
}

/* The next job, under pl->mu: wait (when wait is set) while the window is
 * full; NULL when there is none (or, without wait, none yet). */
static job *take_job(pool *pl, int wait)
{
    while (wait && !pl->stop && pl->next < pl->n_jobs && pl->next >= pl->written + pl->window)
        pthread_cond_wait(&pl->cv, &pl->mu);
    if (pl->stop || pl->next >= pl->n_jobs || pl->next >= pl->written + pl->window)
        return NULL;
    return &pl->jobs[pl->next++];
}

/* A worker thread: extract (in its process), segment and analyse one job
 * after another. Once a job's text is in, the next job is asked for (when
 * the window allows), so the process extracts it while this thread analyses. */
static void *worker_main(void *arg)
{
    worker_arg *wa = arg;
    pool *pl = wa->pl;
    pthread_mutex_lock(&pl->mu);
    job *j = take_job(pl, 1);
    pthread_mutex_unlock(&pl->mu);
    while (j != NULL) {
        sk_extracted x = {0};
        extract_job(wa, j, &x);
        pthread_mutex_lock(&pl->mu);
        job *next = take_job(pl, 0);
        pthread_mutex_unlock(&pl->mu);
        if (next != NULL)
            send_ahead(wa, next);
        prepare_job(wa, j, &x);
        sk_extracted_release(&x);
        pthread_mutex_lock(&pl->mu);
        j->done = 1;
        pthread_cond_broadcast(&pl->cv);
        /* After a stop, one asked for ahead is left: freeing its process kills it. */
        j = pl->stop ? NULL : next != NULL ? next : take_job(pl, 1);
        pthread_mutex_unlock(&pl->mu);
    }
    return NULL;
}

/* The writer's part of one job: store it, or report why it failed. */
static int write_job(pool *pl, job *j, sk_err *err)
{
    sk_update_stats *st = pl->r->st;
    if (j->failed) {
        /* An error of the analysis (not of reading) is a failure of the file too. */
        pthread_mutex_lock(&pl->tell_mu);
        report_failure(pl->r, j->f->abs, j->err.msg, j->st != SK_FILE_NEW);
        pthread_mutex_unlock(&pl->tell_mu);
        return sk_indexer_mark_failed(pl->ix, pl->root, j->f, err);
    }
    size_t n_docs = 0;
    int rc = sk_indexer_write(&n_docs, pl->ix, pl->root, j->f, j->prep, err);
    if (rc == SK_OK) {
        st->docs += n_docs;
        st->pages += j->pages;
        if (j->st == SK_FILE_NEW)
            st->new_files++;
        else
            st->changed++;
    }
    return rc;
}

/* What f needs: nothing, re-registering (touched), or a job. Returns SK_OK or
 * an error of the index; *needs_job tells. */
static int decide(int *needs_job, sk_file_state *state, sk_indexer *ix, run *r, const char *root,
                  sk_file *f, sk_err *err)
{
    *needs_job = 0;
    unsigned long long stored = 0;
    int rc = sk_indexer_state(state, &stored, ix, root, f, err);
    if (rc != SK_OK)
        return rc;
    if (*state == SK_FILE_UNCHANGED && !r->o->full) {
        r->st->unchanged++;
        return SK_OK;
    }
    sk_err herr = SK_ERR_INIT;
    if (sk_file_hash(&f->hash, f->abs, &herr) != SK_OK) {
        report_failure(r, f->abs, herr.msg, *state != SK_FILE_NEW);
        return sk_indexer_mark_failed(ix, root, f, err);
    }
    if (*state == SK_FILE_CHANGED && !r->o->full && stored == f->hash) {
        /* Touched (copied, restored) but the same content: no extraction. */
        r->st->unchanged++;
        r->st->touched++;
        return sk_indexer_touch(ix, root, f, err);
    }
    *needs_job = 1;
    return SK_OK;
}

/* Start up to n workers, each with its extraction process; *started gets
 * how many threads run. */
static int start_workers(pool *pl, worker_arg *args, pthread_t *threads, size_t n, size_t *started,
                         sk_err *err)
{
    int rc = SK_OK;
    for (size_t i = 0; i < n && rc == SK_OK; i++) {
        args[i].pl = pl;
        rc = sk_worker_new(&args[i].w, pl->ix, err);
        if (rc == SK_OK)
            rc = sk_xworker_new(&args[i].xw, &pl->r->o->limits, err);
        if (rc == SK_OK && pthread_create(&threads[i], NULL, worker_main, &args[i]) != 0)
            rc = sk_err_set(err, SK_ENOMEM, "cannot start a worker thread");
        if (rc == SK_OK)
            (*started)++;
    }
    return rc;
}

/* The writer: wait for each job in order, store it, commit every commit_every files. */
static int write_jobs(pool *pl, sk_err *err)
{
    run *r = pl->r;
    size_t since_commit = 0;
    int rc = SK_OK;
    for (size_t k = 0; k < pl->n_jobs && rc == SK_OK; k++) {
        job *j = &pl->jobs[k];
        pthread_mutex_lock(&pl->mu);
        while (!j->done)
            pthread_cond_wait(&pl->cv, &pl->mu);
        pthread_mutex_unlock(&pl->mu);
        pthread_mutex_lock(&pl->tell_mu);
        tell(r, SK_UPDATE_WRITING, j->f->rel, NULL, 0, 0);
        pthread_mutex_unlock(&pl->tell_mu);
        rc = write_job(pl, j, err);
        r->st->files_done++;
        sk_prepared_free(j->prep);
        j->prep = NULL;
        if (rc == SK_OK && ++since_commit >= (size_t)r->o->commit_every) {
            rc = sk_indexer_commit(pl->ix, err);
            since_commit = 0;
        }
        pthread_mutex_lock(&pl->mu);
        pl->written = k + 1;
        pthread_cond_broadcast(&pl->cv);
        pthread_mutex_unlock(&pl->mu);
    }
    return rc;
}

/* Stop and join the workers; add up their OCR counts and free them. */
static void stop_workers(pool *pl, worker_arg *args, pthread_t *threads, size_t n, size_t started)
{
    run *r = pl->r;
    pthread_mutex_lock(&pl->mu);
    pl->stop = 1;
    pthread_cond_broadcast(&pl->cv);
    pthread_mutex_unlock(&pl->mu);
    for (size_t i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    int unfiltered = 0;
    for (size_t i = 0; i < n && args; i++) {
        r->st->ocr.pages_ocred += args[i].stats.pages_ocred;
        r->st->ocr.ocr_cache_hits += args[i].stats.ocr_cache_hits;
        r->st->ocr.ocr_timeouts += args[i].stats.ocr_timeouts;
        unfiltered |= args[i].xw && sk_xworker_unfiltered(args[i].xw);
        sk_xworker_free(args[i].xw);
        sk_worker_free(args[i].w);
    }
    if (unfiltered && !r->warned_unfiltered) {
        tell(r, SK_UPDATE_UNFILTERED, NULL, NULL, 0, 0);
        r->warned_unfiltered = 1;
    }
}

static int run_jobs(sk_indexer *ix, run *r, const char *root, job *jobs, size_t n_jobs, sk_err *err)
{
    const sk_update_opts *o = r->o;
    pool pl = {.r = r,
               .ix = ix,
               .root = root,
               .jobs = jobs,
               .n_jobs = n_jobs,
               /* Four a thread: the one it analyses, the one asked for
                * ahead, and room for the writer to fall behind on a big
                * file without stopping them (two a thread left a thread
                * without a file asked ahead two times in three). */
               .window = (size_t)o->jobs * 4 + 2};
    pthread_mutex_init(&pl.mu, NULL);
    pthread_cond_init(&pl.cv, NULL);
    pthread_mutex_init(&pl.tell_mu, NULL);
    size_t n_workers = n_jobs < (size_t)o->jobs ? n_jobs : (size_t)o->jobs;
    worker_arg *args = calloc(n_workers ? n_workers : 1, sizeof *args);
    pthread_t *threads = calloc(n_workers ? n_workers : 1, sizeof *threads);
    int rc = args && threads ? SK_OK : sk_err_set(err, SK_ENOMEM, "out of memory");
    size_t started = 0;
    if (rc == SK_OK)
        rc = start_workers(&pl, args, threads, n_workers, &started, err);
    if (rc == SK_OK)
        rc = write_jobs(&pl, err);
    stop_workers(&pl, args, threads, n_workers, started);
    for (size_t k = 0; k < n_jobs; k++)
        sk_prepared_free(jobs[k].prep);
    free(args);
    free(threads);
    pthread_mutex_destroy(&pl.mu);
    pthread_cond_destroy(&pl.cv);
    pthread_mutex_destroy(&pl.tell_mu);
    return rc;
}

/* Drop the files of other shards (as if they were not there: the sweep
 * removes any the index held). */
static void keep_shard(sk_filelist *files, unsigned k, unsigned n)
{
    size_t kept = 0;
    for (size_t i = 0; i < files->n; i++) {
        if (sk_shard_of(files->files[i].rel, n) == k) {
            files->files[kept++] = files->files[i];
        } else {
            free(files->files[i].rel);
            free(files->files[i].abs);
        }
    }
    files->n = kept;
}

/* Index one root. Returns SK_OK, or an error that stops the run (the index). */
static int index_root(sk_indexer *ix, run *r, const char *root_arg, sk_err *err)
{
    char root[PATH_MAX];
    if (realpath(root_arg, root) == NULL) {
        report_failure(r, root_arg, strerror(errno), 0);
        return SK_OK;
    }
    sk_filelist files = {0};
    sk_err derr = SK_ERR_INIT;
    if (sk_discover(&files, root, warn_discover, r, &derr) != SK_OK) {
        report_failure(r, root, derr.msg, 0);
        sk_filelist_release(&files);
        return SK_OK;
    }
    if (r->o->shard_n > 1)
        keep_shard(&files, r->o->shard_k, r->o->shard_n);
    r->st->files_total += files.n;
    job *jobs = files.n ? calloc(files.n, sizeof *jobs) : NULL;
    int rc = files.n && jobs == NULL ? sk_err_set(err, SK_ENOMEM, "out of memory") : SK_OK;
    size_t n_jobs = 0;
    for (size_t i = 0; i < files.n && rc == SK_OK; i++) {
        int needs = 0;
        sk_file_state st;
        rc = decide(&needs, &st, ix, r, root, &files.files[i], err);
        if (rc == SK_OK && needs)
            jobs[n_jobs++] = (job){.f = &files.files[i], .st = st};
        else
            r->st->files_done++;
    }
    if (rc == SK_OK && n_jobs)
        rc = run_jobs(ix, r, root, jobs, n_jobs, err);
    free(jobs);
    size_t removed = 0;
    if (rc == SK_OK)
        rc = sk_indexer_sweep(&removed, ix, root, &files, err);
    r->st->removed += removed;
    sk_filelist_release(&files);
    return rc;
}

/* ---- the end of a run ---- */

/* Compact after a run that rebuilt everything (full; the first build, of an
 * index never compacted), after one that grew the index by more than
 * GROWTH_BEFORE_COMPACTION since its last compaction, and when asked to;
 * never after a run that changed nothing (that one stays a few stat() calls). */
static int want_compaction(int *out, sk_indexer *ix, const run *r, sk_err *err)
{
    const sk_update_stats *st = r->st;
    *out = r->o->compact;
    if (*out || st->new_files + st->changed + st->removed == 0)
        return SK_OK;
    if (r->o->full) {
        *out = 1;
        return SK_OK;
    }
    unsigned long long bytes = 0, compacted = 0;
    int rc = sk_indexer_size(&bytes, &compacted, ix, err);
    if (rc == SK_OK)
        *out = compacted == 0 || (double)bytes > (double)compacted * (1 + GROWTH_BEFORE_COMPACTION);
    return rc;
}

/* Record the run, commit, and compact when want_compaction() says so. */
static int finish(sk_indexer *ix, run *r, double started, sk_err *err)
{
    sk_update_stats *st = r->st;
    sk_last_run last = {.finished = (long)time(NULL),
                        .new_files = st->new_files,
                        .changed = st->changed,
                        .removed = st->removed,
                        .unchanged = st->unchanged,
                        .failed = st->failed,
                        .seconds = sk_update_now() - started};
    char info[SK_LAST_RUN_MAX];
    sk_last_run_format(info, sizeof info, &last);
    int rc = sk_indexer_finish_sample(ix, err);
    if (rc == SK_OK)
        rc = sk_indexer_export_lexicon(ix, err);
    if (rc == SK_OK)
        rc = sk_indexer_set_info(ix, SK_META_LAST_RUN, info, err);
    if (rc == SK_OK)
        rc = sk_indexer_commit(ix, err);
    int compact = 0;
    if (rc == SK_OK)
        rc = want_compaction(&compact, ix, r, err);
    if (rc != SK_OK || !compact)
        return rc;
    double t = sk_update_now();
    rc = sk_indexer_compact(&st->compaction, ix, err);
    st->compaction_seconds = sk_update_now() - t;
    st->compacted = rc == SK_OK;
    st->compaction_failed = rc != SK_OK;
    return rc;
}

int sk_update_run(sk_update_stats *out, sk_indexer *ix, const char *const *roots, size_t n_roots,
                  const sk_update_opts *opts, sk_err *err)
{
    double started = opts->started > 0 ? opts->started : sk_update_now();
    *out = (sk_update_stats){0};
    run r = {.o = opts, .st = out};
    int rc = SK_OK;
    for (size_t i = 0; i < n_roots && rc == SK_OK; i++)
        rc = index_root(ix, &r, roots[i], err);
    if (rc == SK_OK)
        rc = finish(ix, &r, started, err);
    return rc;
}
