/* saksok-index: discover -> extract -> normalise -> segment -> analyse -> index.
 *
 * The only code of the indexer that prints. Exit status (DESIGN.md):
 * 0 all good; 1 finished but some files failed; 2 usage error; 3 the index
 * could not be opened or locked.
 *
 * A run is incremental: a file whose size and mtime match the registry is
 * skipped; one whose content hash matches (touched, not changed) is only
 * re-registered; new and changed files are extracted; files that are gone are
 * removed. Changes are committed every COMMIT_EVERY files and at the end, so
 * a run that is killed leaves the index as of its last commit, and the next
 * run completes it. At the end the index may be compacted into a new
 * generation (want_compaction() says when; searches go on meanwhile).
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "saksok/cli.h"
#include "saksok/discover.h"
#include "saksok/shards.h"
#include "saksok/extract.h"
#include "saksok/extract_mod.h"
#include "saksok/index.h"
#include "saksok/ocr.h"
#include "saksok/terms.h"
#include "saksok/workers.h"

#define COMMIT_EVERY 50 /* files between commits: bounds memory (and work lost to a crash) */
/* Compact when the index has grown by more than this part since its last compaction. */
#define GROWTH_BEFORE_COMPACTION 0.60

typedef struct opts {
    const char *db;
    int full;
    int compact; /* --compact: compact at the end whatever the run changed */
    int jobs;           /* 0 until set: --jobs, else SAKSOK_JOBS, else the processors */
    int progress; /* 1 on, 0 off, -1 auto (on when stderr is a terminal) */
    int ocr;      /* OCR pages without a usable text layer (-1 until set: SAKSOK_OCR) */
    double ocr_seconds;
    double lock_wait;   /* seconds to wait for another indexer's lock */
    const char *report; /* JSON report file, or NULL */
    long commit_every;  /* files between commits */
    const char *access; /* --access FILE, else $SAKSOK_ACCESS; NULL: the stored rules */
    unsigned shard_k, shard_n; /* --shard K/N: only the files of shard K (0: every file) */
    double file_seconds; /* CPU time for one file's extraction */
    double file_wall;    /* wall time for it; 0: twice file_seconds and 10 s */
    long file_memory;    /* MiB of address space for an extraction process */
    char ocr_cache[PATH_MAX + 16]; /* beside the index: <db>.ocr-cache */
} opts;

typedef struct run {
    const opts *o;
    size_t new_files, changed, touched, removed, unchanged, failed, docs, pages;
    sk_extract_stats ocr;
    json_t *failures; /* [{file, reason, kept}] for --report */
    int compacted;    /* the index was compacted at the end: */
    sk_xcompact_stats compaction;
    double compaction_seconds;
    double t0;
    size_t files_total, files_done; /* progress */
    int warned_unfiltered;
} run;

static void usage(FILE *f)
{
    fputs("usage: saksok-index [--db DIR] [--full] [--compact] [--jobs N] [--progress|--quiet]\n"
          "                    [--no-ocr] [--ocr-seconds S] [--lock-wait S] [--report FILE]\n"
          "                    [--access FILE] [ROOT...]\n"
          "Index the PDF and HTML meeting papers under each ROOT (default: $SAKSOK_ARCHIVE,\n"
          "else SAKSOK_ARCHIVE in the configuration, saksok.conf).\n"
          "  --db DIR       index directory (default: $SAKSOK_DB, else ./var/saksok.db)\n"
          "  --full         re-extract every file, changed or not\n"
          "  --compact      compact the index at the end of the run, whatever it changed\n"
          "                 (by default: after --full or a first build, and when the index\n"
          "                 has grown by more than 60 % since it was last compacted; never\n"
          "                 after a run that changed nothing)\n"
          "  --jobs N       threads that extract and analyse files in parallel (default: the\n"
          "                 number of processors; there is always one writer)\n"
          "  --progress     show a progress bar on stderr (default when stderr is a terminal)\n"
          "  --quiet        only the failures and the summary line\n"
          "  --no-ocr       do not OCR scanned pages (default: OCR pages without usable text;\n"
          "                 results are cached in DIR.ocr-cache beside the index)\n"
          "  --ocr-seconds S  time limit for OCR of one page (default 60)\n"
          "  --lock-wait S  if another saksok-index holds the index, wait up to S seconds\n"
          "                 (default 0: give up at once, exit status 3)\n"
          "  --report FILE  write what the run did as JSON to FILE\n"
          "  --commit-every N  commit after every N files (default 50)\n"
          "  --access FILE  restricted papers: lines PREFIX<TAB>GROUP[,GROUP...] (default:\n"
          "                 $SAKSOK_ACCESS, else the rules of the last run); a change takes\n"
          "                 effect in this run without extracting anything again\n"
          "  --shard K/N    index only the files of shard K of N (a stable hash of the path\n"
          "                 relative to its ROOT); N such indexes, searched together, hold\n"
          "                 everything\n"
          "  --file-seconds S  CPU time for extracting one file (default 900): past it\n"
          "                 the file fails, the run goes on\n"
          "  --file-wall-seconds S  wall time for it (default: twice --file-seconds and 10 s)\n"
          "  --file-memory MB  memory for an extraction process (default 4096)\n"
          "  --version      saksok's version and its libraries'\n",
          f);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int parse_seconds(const char *flag, const char *s, double max, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (*s == '\0' || *end != '\0' || !(v >= 0 && v <= max)) {
        fprintf(stderr, "saksok-index: %s wants seconds from 0 to %.0f, not '%s'\n", flag, max, s);
        return -1;
    }
    *out = v;
    return 0;
}

static int parse_count(const char *flag, const char *s, long min, long max, long *out)
{
    char *end;
    long n = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || n < min || n > max) {
        fprintf(stderr, "saksok-index: %s wants a number from %ld to %ld, not '%s'\n", flag, min,
                max, s);
        return -1;
    }
    *out = n;
    return 0;
}

static int parse_args(int argc, char **argv, opts *o)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},    {"full", no_argument, NULL, 'f'},
        {"jobs", required_argument, NULL, 'j'},  {"progress", no_argument, NULL, 'p'},
        {"quiet", no_argument, NULL, 'q'},       {"help", no_argument, NULL, 'h'},
        {"no-ocr", no_argument, NULL, 'n'},      {"ocr-seconds", required_argument, NULL, 's'},
        {"lock-wait", required_argument, NULL, 'w'}, {"report", required_argument, NULL, 'r'},
        {"commit-every", required_argument, NULL, 'c'}, {"compact", no_argument, NULL, 'C'},
        {"access", required_argument, NULL, 'a'},
        {"shard", required_argument, NULL, 'K'},
        {"version", no_argument, NULL, 'V'},
        {"file-seconds", required_argument, NULL, 'F'}, {"file-memory", required_argument, NULL, 'M'},
        {"file-wall-seconds", required_argument, NULL, 'W'},
        {NULL, 0, NULL, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': o->db = optarg; break;
        case 'f': o->full = 1; break;
        case 'C': o->compact = 1; break;
        case 'a': o->access = optarg; break;
        case 'j': {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*optarg == '\0' || *end != '\0' || n < 1 || n > 64) {
                fprintf(stderr, "saksok-index: --jobs wants a number from 1 to 64, not '%s'\n",
                        optarg);
                return -1;
            }
            o->jobs = (int)n;
            break;
        }
        case 'p': o->progress = 1; break;
        case 'q': o->progress = 0; break;
        case 'n': o->ocr = 0; break;
        case 's':
            if (parse_seconds("--ocr-seconds", optarg, 3600, &o->ocr_seconds) != 0 ||
                o->ocr_seconds == 0) {
                if (o->ocr_seconds == 0)
                    fprintf(stderr, "saksok-index: --ocr-seconds must be more than 0\n");
                return -1;
            }
            break;
        case 'w':
            if (parse_seconds("--lock-wait", optarg, 86400, &o->lock_wait) != 0)
                return -1;
            break;
        case 'r': o->report = optarg; break;
        case 'c':
            if (parse_count("--commit-every", optarg, 1, 1000000, &o->commit_every) != 0)
                return -1;
            break;
        case 'F':
            if (parse_seconds("--file-seconds", optarg, 86400, &o->file_seconds) != 0 ||
                o->file_seconds == 0) {
                if (o->file_seconds == 0)
                    fprintf(stderr, "saksok-index: --file-seconds must be more than 0\n");
                return -1;
            }
            break;
        case 'K': {
            sk_err e = SK_ERR_INIT;
            if (sk_shard_parse_arg(&o->shard_k, &o->shard_n, optarg, &e) != SK_OK) {
                fprintf(stderr, "saksok-index: %s\n", e.msg);
                return -1;
            }
            break;
        }
        case 'W':
            if (parse_seconds("--file-wall-seconds", optarg, 86400, &o->file_wall) != 0)
                return -1;
            break;
        case 'M':
            if (parse_count("--file-memory", optarg, 64, 1048576, &o->file_memory) != 0)
                return -1;
            break;
        case 'h': usage(stdout); exit(0);
        case 'V': exit(sk_cli_version("saksok-index"));
        default: usage(stderr); return -1;
        }
    }
    return 0;
}

/* What the options left unset, from the configuration (and the environment,
 * which overrides it): the index, the roots, jobs and OCR. */
static int apply_conf(opts *o, int argc, char **argv, char ***roots, size_t *n_roots)
{
    const sk_conf *conf = sk_cli_conf("saksok-index");
    if (conf == NULL)
        return -1;
    sk_err err = SK_ERR_INIT;
    long jobs = o->jobs;
    if (o->jobs == 0) {
        long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
        if (sk_conf_long(&jobs, conf, "SAKSOK_JOBS", 1, 64, ncpu > 0 && ncpu < 64 ? ncpu : 1,
                         &err) != SK_OK)
            goto bad;
    }
    o->jobs = (int)jobs;
    if (o->ocr < 0 && sk_conf_bool(&o->ocr, conf, "SAKSOK_OCR", 1, &err) != SK_OK)
        goto bad;
    o->db = sk_cli_db(o->db, conf);
    *n_roots = 0;
    const char *archive = optind < argc ? NULL : sk_conf_get(conf, "SAKSOK_ARCHIVE");
    static char copy[PATH_MAX * 4]; /* the roots point into it until exit */
    if (archive && snprintf(copy, sizeof copy, "%s", archive) >= (int)sizeof copy)
        archive = NULL;
    static char *from_conf[64];
    for (char *save = NULL, *t = archive ? strtok_r(copy, " \t", &save) : NULL;
         t && *n_roots < 64; t = strtok_r(NULL, " \t", &save))
        from_conf[(*n_roots)++] = t;
    *roots = archive ? from_conf : argv + optind;
    if (!archive)
        *n_roots = (size_t)(argc - optind);
    if (*n_roots == 0) {
        fprintf(stderr, "saksok-index: no ROOT given (nor SAKSOK_ARCHIVE in the configuration)\n");
        usage(stderr);
        return -1;
    }
    return 0;
bad:
    fprintf(stderr, "saksok-index: %s\n", err.msg);
    return -1;
}

/* ---- reporting ---- */

static void clear_bar(const run *r)
{
    if (r->o->progress)
        fputs("\r\033[K", stderr);
}

/* [#########-----------]  120/500 filer  3400 sider  45 sider/s  ca. 0:12 igjen  path */
static void show_progress(const run *r, const char *rel)
{
    if (!r->o->progress)
        return;
    double el = now() - r->t0;
    size_t done = r->files_done, total = r->files_total ? r->files_total : 1;
    char bar[21];
    size_t fill = done * 20 / total;
    for (size_t i = 0; i < 20; i++)
        bar[i] = i < fill ? '#' : '-';
    bar[20] = '\0';
    double rate = el > 0 ? (double)r->pages / el : 0;
    double eta = done ? el / (double)done * (double)(total - done) : 0;
    fprintf(stderr, "\r\033[K[%s] %zu/%zu filer  %zu sider  %.0f sider/s  ca. %d:%02d igjen  %.40s",
            bar, done, r->files_total, r->pages, rate, (int)eta / 60, (int)eta % 60, rel);
}

static void report_failure(run *r, const char *path, const char *reason, int kept)
{
    clear_bar(r);
    fprintf(stderr, "saksok-index: %s: %s%s\n", path, reason,
            kept ? " (its earlier index entry is kept)" : "");
    r->failed++;
    json_t *f = json_pack("{s:s?, s:s?, s:b}", "file", path, "reason", reason, "kept", kept);
    if (f == NULL) /* a path that is not UTF-8 */
        f = json_pack("{s:s, s:s?, s:b}", "file", "(name not UTF-8)", "reason", reason, "kept",
                      kept);
    if (f)
        json_array_append_new(r->failures, f);
}

static void warn_discover(const char *path, const char *reason, void *payload)
{
    run *r = payload;
    clear_bar(r);
    fprintf(stderr, "saksok-index: warning: %s: %s\n", path, reason);
}

/* ---- one root: deciding in the main thread, extracting in workers ---- *
 *
 * The main thread walks the files in order and decides, from the registry,
 * what each needs (nothing; re-registering a touched file; extraction). Files
 * to extract become jobs: --jobs worker threads extract, segment and analyse
 * them into prepared documents, and the main thread, the one writer, stores
 * the results in job order, commits every --commit-every files, and prints.
 * Workers stay at most a window of jobs ahead, which bounds memory. */

typedef struct job {
    sk_file *f;
    sk_file_state st;
    int done;           /* the worker has finished */
    sk_prepared *prep;  /* on success */
    size_t pages;
    int failed;         /* extraction failed: reason in err */
    sk_err err;
} job;

typedef struct pool {
    run *r;
    sk_indexer *ix;
    const char *root;
    job *jobs;
    size_t n_jobs;
    size_t next;     /* next job to take */
    size_t written;  /* jobs the writer has finished */
    size_t window;   /* how far ahead workers may run */
    int stop;        /* the writer hit an error: workers stop taking jobs */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_mutex_t print_mu; /* warnings from workers */
} pool;

typedef struct page_warn_ctx {
    pool *pl;
    const char *path;
} page_warn_ctx;

static void warn_page(int page, const char *msg, void *payload)
{
    page_warn_ctx *w = payload;
    pthread_mutex_lock(&w->pl->print_mu);
    clear_bar(w->pl->r);
    fprintf(stderr, "saksok-index: %s: page %d: %s\n", w->path, page, msg);
    pthread_mutex_unlock(&w->pl->print_mu);
}

typedef struct worker_arg {
    pool *pl;
    sk_worker *w;
    sk_xworker *xw; /* its extraction process */
    sk_extract_stats stats;
} worker_arg;

/* Extract (in this thread's extraction process), segment and analyse one
 * file (no shared state touched). */
static void work_on(worker_arg *wa, job *j)
{
    pool *pl = wa->pl;
    const opts *o = pl->r->o;
    sk_extracted x = {0};
    sk_extract_opts xo = SK_EXTRACT_OPTS_INIT;
    page_warn_ctx pw = {pl, j->f->abs};
    xo.ocr = o->ocr;
    xo.ocr_cache_dir = o->ocr_cache;
    xo.ocr_page_seconds = o->ocr_seconds;
    xo.warn = warn_page;
    xo.warn_payload = &pw;
    if (sk_xworker_extract(wa->xw, &x, j->f->abs, &xo, &wa->stats, &j->err) != SK_OK) {
        j->failed = 1;
    } else {
        j->pages = x.n_pages;
        if (sk_worker_prepare(wa->w, pl->root, j->f, &x, &j->prep, &j->err) != SK_OK)
            j->failed = 1;
    }
    sk_extracted_release(&x);
}

static void *worker_main(void *arg)
{
    worker_arg *wa = arg;
    pool *pl = wa->pl;
    pthread_mutex_lock(&pl->mu);
    for (;;) {
        while (!pl->stop && pl->next < pl->n_jobs && pl->next >= pl->written + pl->window)
            pthread_cond_wait(&pl->cv, &pl->mu);
        if (pl->stop || pl->next >= pl->n_jobs)
            break;
        job *j = &pl->jobs[pl->next++];
        pthread_mutex_unlock(&pl->mu);
        work_on(wa, j);
        pthread_mutex_lock(&pl->mu);
        j->done = 1;
        pthread_cond_broadcast(&pl->cv);
    }
    pthread_mutex_unlock(&pl->mu);
    return NULL;
}

/* The writer's part of one job: store it, or report why it failed. */
static int write_job(pool *pl, job *j, sk_err *err)
{
    run *r = pl->r;
    if (j->failed) {
        /* An error of the analysis (not of reading) is a failure of the file too. */
        pthread_mutex_lock(&pl->print_mu);
        report_failure(r, j->f->abs, j->err.msg, j->st != SK_FILE_NEW);
        pthread_mutex_unlock(&pl->print_mu);
        return sk_indexer_mark_failed(pl->ix, pl->root, j->f, err);
    }
    size_t n_docs = 0;
    int rc = sk_indexer_write(pl->ix, pl->root, j->f, j->prep, &n_docs, err);
    if (rc == SK_OK) {
        r->docs += n_docs;
        r->pages += j->pages;
        if (j->st == SK_FILE_NEW)
            r->new_files++;
        else
            r->changed++;
    }
    return rc;
}

/* What f needs: nothing, re-registering (touched), or a job. Returns SK_OK or
 * an error of the index; *needs_job tells. */
static int decide(sk_indexer *ix, run *r, const char *root, sk_file *f, sk_file_state *st,
                  int *needs_job, sk_err *err)
{
    *needs_job = 0;
    unsigned long long stored = 0;
    int rc = sk_indexer_state(ix, root, f, st, &stored, err);
    if (rc != SK_OK)
        return rc;
    if (*st == SK_FILE_UNCHANGED && !r->o->full) {
        r->unchanged++;
        return SK_OK;
    }
    sk_err herr = SK_ERR_INIT;
    if (sk_file_hash(f->abs, &f->hash, &herr) != SK_OK) {
        report_failure(r, f->abs, herr.msg, *st != SK_FILE_NEW);
        return sk_indexer_mark_failed(ix, root, f, err);
    }
    if (*st == SK_FILE_CHANGED && !r->o->full && stored == f->hash) {
        /* Touched (copied, restored) but the same content: no extraction. */
        r->unchanged++;
        r->touched++;
        return sk_indexer_touch(ix, root, f, err);
    }
    *needs_job = 1;
    return SK_OK;
}

static int run_jobs(sk_indexer *ix, run *r, const char *root, job *jobs, size_t n_jobs,
                    sk_err *err)
{
    const opts *o = r->o;
    pool pl = {.r = r, .ix = ix, .root = root, .jobs = jobs, .n_jobs = n_jobs,
               .window = (size_t)o->jobs * 2 + 2};
    pthread_mutex_init(&pl.mu, NULL);
    pthread_cond_init(&pl.cv, NULL);
    pthread_mutex_init(&pl.print_mu, NULL);
    size_t n_workers = n_jobs < (size_t)o->jobs ? n_jobs : (size_t)o->jobs;
    worker_arg *args = calloc(n_workers ? n_workers : 1, sizeof *args);
    pthread_t *threads = calloc(n_workers ? n_workers : 1, sizeof *threads);
    int rc = args && threads ? SK_OK : sk_err_set(err, SK_ENOMEM, "out of memory");
    size_t started = 0;
    sk_xworker_limits lim = {.cpu_seconds = o->file_seconds,
                             .wall_seconds = o->file_wall > 0 ? o->file_wall
                                                              : 2 * o->file_seconds + 10,
                             .memory_mb = (size_t)o->file_memory};
    for (size_t i = 0; i < n_workers && rc == SK_OK; i++) {
        args[i].pl = &pl;
        rc = sk_worker_new(&args[i].w, ix, err);
        if (rc == SK_OK)
            rc = sk_xworker_new(&args[i].xw, &lim, err);
        if (rc == SK_OK && pthread_create(&threads[i], NULL, worker_main, &args[i]) != 0)
            rc = sk_err_set(err, SK_ENOMEM, "cannot start a worker thread");
        if (rc == SK_OK)
            started++;
    }
    size_t since_commit = 0;
    for (size_t k = 0; k < n_jobs && rc == SK_OK; k++) {
        pthread_mutex_lock(&pl.mu);
        while (!jobs[k].done)
            pthread_cond_wait(&pl.cv, &pl.mu);
        pthread_mutex_unlock(&pl.mu);
        show_progress(r, jobs[k].f->rel);
        rc = write_job(&pl, &jobs[k], err);
        r->files_done++;
        sk_prepared_free(jobs[k].prep);
        jobs[k].prep = NULL;
        if (rc == SK_OK && ++since_commit >= (size_t)o->commit_every) {
            rc = sk_indexer_commit(ix, err);
            since_commit = 0;
        }
        pthread_mutex_lock(&pl.mu);
        pl.written = k + 1;
        pthread_cond_broadcast(&pl.cv);
        pthread_mutex_unlock(&pl.mu);
    }
    pthread_mutex_lock(&pl.mu);
    pl.stop = 1;
    pthread_cond_broadcast(&pl.cv);
    pthread_mutex_unlock(&pl.mu);
    for (size_t i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    int unfiltered = 0;
    for (size_t i = 0; i < n_workers && args; i++) {
        r->ocr.pages_ocred += args[i].stats.pages_ocred;
        r->ocr.ocr_cache_hits += args[i].stats.ocr_cache_hits;
        r->ocr.ocr_timeouts += args[i].stats.ocr_timeouts;
        unfiltered |= args[i].xw && sk_xworker_unfiltered(args[i].xw);
        sk_xworker_free(args[i].xw);
        sk_worker_free(args[i].w);
    }
    if (unfiltered && !r->warned_unfiltered) {
        clear_bar(r);
        fprintf(stderr, "saksok-index: warning: the extraction processes run without their "
                        "system-call filter (seccomp is not available here); their other "
                        "limits hold\n");
        r->warned_unfiltered = 1;
    }
    for (size_t k = 0; k < n_jobs; k++)
        sk_prepared_free(jobs[k].prep);
    free(args);
    free(threads);
    pthread_mutex_destroy(&pl.mu);
    pthread_cond_destroy(&pl.cv);
    pthread_mutex_destroy(&pl.print_mu);
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
    r->files_total += files.n;
    job *jobs = files.n ? calloc(files.n, sizeof *jobs) : NULL;
    int rc = files.n && jobs == NULL ? sk_err_set(err, SK_ENOMEM, "out of memory") : SK_OK;
    size_t n_jobs = 0;
    for (size_t i = 0; i < files.n && rc == SK_OK; i++) {
        int needs = 0;
        sk_file_state st;
        rc = decide(ix, r, root, &files.files[i], &st, &needs, err);
        if (rc == SK_OK && needs)
            jobs[n_jobs++] = (job){.f = &files.files[i], .st = st};
        else
            r->files_done++;
    }
    if (rc == SK_OK && n_jobs)
        rc = run_jobs(ix, r, root, jobs, n_jobs, err);
    free(jobs);
    size_t removed = 0;
    if (rc == SK_OK)
        rc = sk_indexer_sweep(ix, root, &files, &removed, err);
    r->removed += removed;
    sk_filelist_release(&files);
    return rc;
}

/* ---- the run ---- */

/* mkdir -p the folders above the index; errors show up when opening it. */
static void make_parents(const char *db)
{
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%s", db) >= (int)sizeof path)
        return;
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        mkdir(path, 0777);
        *p = '/';
    }
}

/* Open the index for writing, waiting up to lock_wait seconds for another
 * indexer to finish. */
static int open_index(sk_indexer **ix, const opts *o, sk_err *err)
{
    double deadline = now() + o->lock_wait;
    for (;;) {
        sk_err_clear(err);
        int rc = sk_indexer_open(ix, o->db, err);
        if (rc != SK_ELOCKED || now() >= deadline)
            return rc;
        struct timespec ts = {0, 250 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
}

/* Compact after a run that rebuilt everything (--full; the first build, of an
 * index never compacted), after one that grew the index by more than
 * GROWTH_BEFORE_COMPACTION since its last compaction, and with --compact;
 * never after a run that changed nothing (that one stays a few stat() calls). */
static int want_compaction(sk_indexer *ix, const run *r, int *out, sk_err *err)
{
    *out = r->o->compact;
    if (*out || r->new_files + r->changed + r->removed == 0)
        return SK_OK;
    if (r->o->full) {
        *out = 1;
        return SK_OK;
    }
    unsigned long long bytes = 0, compacted = 0;
    int rc = sk_indexer_size(ix, &bytes, &compacted, err);
    if (rc == SK_OK)
        *out = compacted == 0 || (double)bytes > (double)compacted * (1 + GROWTH_BEFORE_COMPACTION);
    return rc;
}

static json_t *compaction_json(const run *r)
{
    if (!r->compacted)
        return json_null();
    return json_pack("{s:f, s:I, s:I}", "seconds", r->compaction_seconds, "bytes_before",
                     (json_int_t)r->compaction.bytes_before, "bytes_after",
                     (json_int_t)r->compaction.bytes_after);
}

static int write_report(const run *r, const char *status, double secs)
{
    json_t *o = json_pack("{s:s, s:s, s:I, s:f, s:{s:I, s:I, s:I, s:I, s:I, s:I}, s:I, s:I, "
                          "s:{s:I, s:I, s:I}, s:o, s:O}",
                          "status", status, "db", r->o->db, "finished", (json_int_t)time(NULL),
                          "seconds", secs, "files", "new", (json_int_t)r->new_files, "changed",
                          (json_int_t)r->changed, "touched", (json_int_t)r->touched, "removed",
                          (json_int_t)r->removed, "unchanged", (json_int_t)r->unchanged, "failed",
                          (json_int_t)r->failed, "pages", (json_int_t)r->pages, "documents",
                          (json_int_t)r->docs, "ocr", "pages", (json_int_t)r->ocr.pages_ocred,
                          "cache_hits", (json_int_t)r->ocr.ocr_cache_hits, "timeouts",
                          (json_int_t)r->ocr.ocr_timeouts, "compaction", compaction_json(r),
                          "failures", r->failures);
    if (o == NULL)
        return -1;
    /* A fresh name (not a fixed REPORT.tmp another user could plant a link at). */
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof tmp, "%s.XXXXXX", r->o->report) >= (int)sizeof tmp) {
        json_decref(o);
        errno = ENAMETOOLONG;
        return -1;
    }
    int fd = mkstemp(tmp);
    int rc = fd >= 0 && fchmod(fd, 0640) == 0 && json_dumpfd(o, fd, JSON_INDENT(2)) == 0 ? 0 : -1;
    if (fd >= 0 && close(fd) != 0)
        rc = -1;
    if (rc == 0 && rename(tmp, r->o->report) != 0)
        rc = -1;
    if (rc != 0 && fd >= 0)
        unlink(tmp);
    json_decref(o);
    return rc;
}

int main(int argc, char **argv)
{
    /* Started again as an extraction process (workers.h). */
    if (argc == 4 && strcmp(argv[1], SK_XWORKER_ARG) == 0)
        return sk_xworker_child_main(atoi(argv[2]), (size_t)strtoul(argv[3], NULL, 10));
    opts o = {.progress = -1, .ocr = -1, .commit_every = COMMIT_EVERY,
              .file_seconds = SK_XWORKER_CPU_SECONDS, .file_memory = (long)SK_XWORKER_MEMORY_MB};
    char **roots = NULL;
    size_t n_roots = 0;
    if (parse_args(argc, argv, &o) != 0 || apply_conf(&o, argc, argv, &roots, &n_roots) != 0)
        return 2;
    if (o.progress < 0)
        o.progress = isatty(STDERR_FILENO);
    if (o.access == NULL) /* $SAKSOK_ACCESS, else the configuration's */
        o.access = sk_conf_get(sk_cli_conf("saksok-index"), "SAKSOK_ACCESS");
    if (o.access != NULL && o.access[0] == '\0')
        o.access = NULL;
    /* The index and the OCR cache hold restricted papers' text: readable by
     * the indexer's user and the group of the index directory only. */
    umask(027);
    snprintf(o.ocr_cache, sizeof o.ocr_cache, "%s.ocr-cache", o.db);

    run r = {.o = &o, .t0 = now(), .failures = json_array()};
    if (o.ocr && !sk_ocr_available(NULL)) {
        /* Say it once, rather than once per scanned page. Engines (tens of MB
         * each) are made by the workers when a page first needs OCR. */
        fprintf(stderr, "saksok-index: OCR is not available (no Norwegian language data for "
                        "Tesseract); scanned pages are skipped (install tesseract-ocr-nor, or "
                        "use --no-ocr)\n");
        o.ocr = 0;
    }
    sk_err err = SK_ERR_INIT;
    sk_indexer *ix = NULL;
    make_parents(o.db);
    int rc = open_index(&ix, &o, &err);
    if (rc != SK_OK) {
        if (rc == SK_ELOCKED)
            fprintf(stderr,
                    "saksok-index: the index %s is being written by another saksok-index "
                    "(locked); gave up after %.0f s\n",
                    o.db, o.lock_wait);
        else
            fprintf(stderr, "saksok-index: cannot open index %s: %s\n", o.db, err.msg);
        if (o.report)
            write_report(&r, rc == SK_ELOCKED ? "locked" : "error", now() - r.t0);
        json_decref(r.failures);
        return 3;
    }
    size_t retagged = 0;
    rc = sk_indexer_set_access(ix, o.access, &retagged, &err);
    if (rc != SK_OK) {
        fprintf(stderr, "saksok-index: %s\n", err.msg);
        sk_indexer_free(ix);
        json_decref(r.failures);
        return rc == SK_EINVAL || rc == SK_EIO || rc == SK_ELIMIT ? 2 : 3;
    }
    if (retagged && o.progress)
        fprintf(stderr, "saksok-index: the access rules changed for %zu indexed files\n",
                retagged);
    for (size_t i = 0; i < n_roots && rc == SK_OK; i++)
        rc = index_root(ix, &r, roots[i], &err);
    clear_bar(&r);
    double secs = now() - r.t0;
    char info[256];
    snprintf(info, sizeof info,
             "%ld new=%zu changed=%zu removed=%zu unchanged=%zu failed=%zu seconds=%.2f",
             (long)time(NULL), r.new_files, r.changed, r.removed, r.unchanged, r.failed, secs);
    if (rc == SK_OK)
        rc = sk_indexer_finish_sample(ix, &err);
    if (rc == SK_OK)
        rc = sk_indexer_export_lexicon(ix, &err);
    if (rc == SK_OK)
        rc = sk_indexer_set_info(ix, SK_META_LAST_RUN, info, &err);
    if (rc == SK_OK)
        rc = sk_indexer_commit(ix, &err);
    int compact = 0;
    if (rc == SK_OK)
        rc = want_compaction(ix, &r, &compact, &err);
    int compact_rc = SK_OK;
    if (rc == SK_OK && compact) {
        double t = now();
        compact_rc = sk_indexer_compact(ix, &r.compaction, &err);
        r.compaction_seconds = now() - t;
        r.compacted = compact_rc == SK_OK;
    }
    sk_indexer_free(ix);
    secs = now() - r.t0;
    int status = rc != SK_OK || compact_rc != SK_OK ? 3 : r.failed ? 1 : 0;
    if (rc != SK_OK)
        fprintf(stderr,
                "saksok-index: index %s: %s (uncommitted changes were discarded; the index "
                "keeps its last committed state)\n",
                o.db, err.msg);
    else if (compact_rc != SK_OK)
        fprintf(stderr,
                "saksok-index: index %s: cannot compact: %s (what the run indexed is committed "
                "and searchable; compact it later with --compact)\n",
                o.db, err.msg);
    if (o.report && write_report(&r, status == 3 ? "error" : r.failed ? "failures" : "ok", secs))
        fprintf(stderr, "saksok-index: cannot write the report %s: %s\n", o.report,
                strerror(errno));
    json_decref(r.failures);
    char compacted[128] = "";
    if (r.compacted)
        snprintf(compacted, sizeof compacted, "; index compacted from %.1f to %.1f MB in %.2f s",
                 (double)r.compaction.bytes_before / 1e6, (double)r.compaction.bytes_after / 1e6,
                 r.compaction_seconds);
    fprintf(stderr,
            "saksok-index: %zu new, %zu changed, %zu removed, %zu unchanged, %zu failed; "
            "%zu pages (%zu OCR'd, %zu from the OCR cache), %zu documents in %.2f s%s\n",
            r.new_files, r.changed, r.removed, r.unchanged, r.failed, r.pages, r.ocr.pages_ocred,
            r.ocr.ocr_cache_hits, r.docs, secs, compacted);
    return status;
}
