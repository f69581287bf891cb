/* saksok-index: discover -> extract -> normalise -> segment -> analyse -> index.
 *
 * The only code of the indexer that prints. Exit status (DESIGN.md):
 * 0 all good; 1 finished but some files failed; 2 usage error; 3 the index
 * could not be opened or locked.
 *
 * The run itself (what is extracted again, the workers, commits and
 * compaction) is sk_update_run() (update.h); this file reads the options,
 * opens the index, shows the progress and writes the report.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "saksok/base/cli.h"
#include "saksok/indexer/index.h"
#include "saksok/indexer/ocr.h"
#include "saksok/store/shards.h"
#include "saksok/indexer/update.h"
#include "saksok/indexer/workers.h"

/* jemalloc's options, read at its start (CMake links it into this program
 * unless the sanitizers are on; without it the variable is never read).
 * Pages freed are handed back after a second instead of ten: the peak
 * stays flat from 5,000 to 20,000 pages, as with glibc (43 MB), for about
 * 4 % of the CPU that jemalloc saves (README, "Libraries"). */
const char *malloc_conf = "dirty_decay_ms:1000";

typedef struct opts {
    const char *db;
    int full;
    int compact;  /* --compact: compact at the end whatever the run changed */
    int jobs;     /* 0 until set: --jobs, else SAKSOK_JOBS, else the processors */
    int progress; /* 1 on, 0 off, -1 auto (on when stderr is a terminal) */
    int ocr;      /* OCR pages without a usable text layer (-1 until set: SAKSOK_OCR) */
    double ocr_seconds;
    double lock_wait;              /* seconds to wait for another indexer's lock */
    const char *report;            /* JSON report file, or NULL */
    long commit_every;             /* files between commits */
    const char *access;            /* --access FILE, else $SAKSOK_ACCESS; NULL: the stored rules */
    unsigned shard_k, shard_n;     /* --shard K/N: only the files of shard K (0: every file) */
    double file_seconds;           /* CPU time for one file's extraction */
    double file_wall;              /* wall time for it; 0: twice file_seconds and 10 s */
    long file_memory;              /* MiB of address space for an extraction process */
    char ocr_cache[PATH_MAX + 16]; /* beside the index: <db>.ocr-cache */
} opts;

typedef struct run {
    const opts *o;
    sk_update_stats st;
    json_t *failures; /* [{file, reason, kept}] for --report */
    double t0;
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
    static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
                                             {"full", no_argument, NULL, 'f'},
                                             {"jobs", required_argument, NULL, 'j'},
                                             {"progress", no_argument, NULL, 'p'},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"help", no_argument, NULL, 'h'},
                                             {"no-ocr", no_argument, NULL, 'n'},
                                             {"ocr-seconds", required_argument, NULL, 's'},
                                             {"lock-wait", required_argument, NULL, 'w'},
                                             {"report", required_argument, NULL, 'r'},
                                             {"commit-every", required_argument, NULL, 'c'},
                                             {"compact", no_argument, NULL, 'C'},
                                             {"access", required_argument, NULL, 'a'},
                                             {"shard", required_argument, NULL, 'K'},
                                             {"version", no_argument, NULL, 'V'},
                                             {"file-seconds", required_argument, NULL, 'F'},
                                             {"file-memory", required_argument, NULL, 'M'},
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
    for (char *save = NULL, *t = archive ? strtok_r(copy, " \t", &save) : NULL; t && *n_roots < 64;
         t = strtok_r(NULL, " \t", &save))
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
static void show_progress(const run *r, const sk_update_stats *st, const char *rel)
{
    if (!r->o->progress)
        return;
    double el = sk_update_now() - r->t0;
    size_t done = st->files_done, total = st->files_total ? st->files_total : 1;
    char bar[21];
    size_t fill = done * 20 / total;
    for (size_t i = 0; i < 20; i++)
        bar[i] = i < fill ? '#' : '-';
    bar[20] = '\0';
    double rate = el > 0 ? (double)st->pages / el : 0;
    double eta = done ? el / (double)done * (double)(total - done) : 0;
    fprintf(stderr, "\r\033[K[%s] %zu/%zu filer  %zu sider  %.0f sider/s  ca. %d:%02d igjen  %.40s",
            bar, done, st->files_total, st->pages, rate, (int)eta / 60, (int)eta % 60, rel);
}

static void report_failure(run *r, const char *path, const char *reason, int kept)
{
    clear_bar(r);
    fprintf(stderr, "saksok-index: %s: %s%s\n", path, reason,
            kept ? " (its earlier index entry is kept)" : "");
    json_t *f = json_pack("{s:s?, s:s?, s:b}", "file", path, "reason", reason, "kept", kept);
    if (f == NULL) /* a path that is not UTF-8 */
        f = json_pack("{s:s, s:s?, s:b}", "file", "(name not UTF-8)", "reason", reason, "kept",
                      kept);
    if (f)
        json_array_append_new(r->failures, f);
}

/* What the run tells (update.h): the progress bar, failures and warnings. */
static void on_progress(const sk_update_event *ev, void *payload)
{
    run *r = payload;
    switch (ev->what) {
    case SK_UPDATE_WRITING: show_progress(r, ev->stats, ev->path); break;
    case SK_UPDATE_FAILED: report_failure(r, ev->path, ev->reason, ev->kept); break;
    case SK_UPDATE_WARNING:
        clear_bar(r);
        fprintf(stderr, "saksok-index: warning: %s: %s\n", ev->path, ev->reason);
        break;
    case SK_UPDATE_PAGE_WARNING:
        clear_bar(r);
        fprintf(stderr, "saksok-index: %s: page %d: %s\n", ev->path, ev->page, ev->reason);
        break;
    case SK_UPDATE_UNFILTERED:
        clear_bar(r);
        fprintf(stderr, "saksok-index: warning: the extraction processes run without their "
                        "system-call filter (seccomp is not available here); their other "
                        "limits hold\n");
        break;
    }
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
    double deadline = sk_update_now() + o->lock_wait;
    for (;;) {
        sk_err_clear(err);
        int rc = sk_indexer_open(ix, o->db, err);
        if (rc != SK_ELOCKED || sk_update_now() >= deadline)
            return rc;
        struct timespec ts = {0, 250 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
}

static json_t *compaction_json(const sk_update_stats *st)
{
    if (!st->compacted)
        return json_null();
    return json_pack("{s:f, s:I, s:I}", "seconds", st->compaction_seconds, "bytes_before",
                     (json_int_t)st->compaction.bytes_before, "bytes_after",
                     (json_int_t)st->compaction.bytes_after);
}

static int write_report(const run *r, const char *status, double secs)
{
    const sk_update_stats *st = &r->st;
    json_t *o = json_pack("{s:s, s:s, s:I, s:f, s:{s:I, s:I, s:I, s:I, s:I, s:I}, s:I, s:I, "
                          "s:{s:I, s:I, s:I}, s:o, s:O}",
                          "status", status, "db", r->o->db, "finished", (json_int_t)time(NULL),
                          "seconds", secs, "files", "new", (json_int_t)st->new_files, "changed",
                          (json_int_t)st->changed, "touched", (json_int_t)st->touched, "removed",
                          (json_int_t)st->removed, "unchanged", (json_int_t)st->unchanged, "failed",
                          (json_int_t)st->failed, "pages", (json_int_t)st->pages, "documents",
                          (json_int_t)st->docs, "ocr", "pages", (json_int_t)st->ocr.pages_ocred,
                          "cache_hits", (json_int_t)st->ocr.ocr_cache_hits, "timeouts",
                          (json_int_t)st->ocr.ocr_timeouts, "compaction", compaction_json(st),
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

/* The options, with what they leave unset from the configuration and the
 * environment. Returns 0, or -1 for a usage error (said). */
static int read_opts(opts *o, int argc, char **argv, char ***roots, size_t *n_roots)
{
    if (parse_args(argc, argv, o) != 0 || apply_conf(o, argc, argv, roots, n_roots) != 0)
        return -1;
    if (o->progress < 0)
        o->progress = isatty(STDERR_FILENO);
    if (o->access == NULL) /* $SAKSOK_ACCESS, else the configuration's */
        o->access = sk_conf_get(sk_cli_conf("saksok-index"), "SAKSOK_ACCESS");
    if (o->access != NULL && o->access[0] == '\0')
        o->access = NULL;
    snprintf(o->ocr_cache, sizeof o->ocr_cache, "%s.ocr-cache", o->db);
    return 0;
}

/* Open the index and set its access rules. Returns 0, or the exit status
 * (said, and reported). */
static int open_for_run(sk_indexer **ix, run *r, sk_err *err)
{
    const opts *o = r->o;
    make_parents(o->db);
    int rc = open_index(ix, o, err);
    if (rc != SK_OK) {
        if (rc == SK_ELOCKED)
            fprintf(stderr,
                    "saksok-index: the index %s is being written by another saksok-index "
                    "(locked); gave up after %.0f s\n",
                    o->db, o->lock_wait);
        else
            fprintf(stderr, "saksok-index: cannot open index %s: %s\n", o->db, err->msg);
        if (o->report)
            write_report(r, rc == SK_ELOCKED ? "locked" : "error", sk_update_now() - r->t0);
        return 3;
    }
    size_t retagged = 0;
    rc = sk_indexer_set_access(&retagged, *ix, o->access, err);
    if (rc != SK_OK) {
        fprintf(stderr, "saksok-index: %s\n", err->msg);
        sk_indexer_free(*ix);
        return rc == SK_EINVAL || rc == SK_EIO || rc == SK_ELIMIT ? 2 : 3;
    }
    if (retagged && o->progress)
        fprintf(stderr, "saksok-index: the access rules changed for %zu indexed files\n", retagged);
    return 0;
}

/* Say how the run ended (rc: sk_update_run's) and write the report. Returns
 * the exit status. */
static int conclude(run *r, int rc, const sk_err *err)
{
    const opts *o = r->o;
    const sk_update_stats *st = &r->st;
    double secs = sk_update_now() - r->t0;
    int status = rc != SK_OK ? 3 : st->failed ? 1 : 0;
    if (rc != SK_OK && !st->compaction_failed)
        fprintf(stderr,
                "saksok-index: index %s: %s (uncommitted changes were discarded; the index "
                "keeps its last committed state)\n",
                o->db, err->msg);
    else if (rc != SK_OK)
        fprintf(stderr,
                "saksok-index: index %s: cannot compact: %s (what the run indexed is committed "
                "and searchable; compact it later with --compact)\n",
                o->db, err->msg);
    if (o->report && write_report(r, status == 3 ? "error" : st->failed ? "failures" : "ok", secs))
        fprintf(stderr, "saksok-index: cannot write the report %s: %s\n", o->report,
                strerror(errno));
    char compacted[128] = "";
    if (st->compacted)
        snprintf(compacted, sizeof compacted, "; index compacted from %.1f to %.1f MB in %.2f s",
                 (double)st->compaction.bytes_before / 1e6,
                 (double)st->compaction.bytes_after / 1e6, st->compaction_seconds);
    fprintf(stderr,
            "saksok-index: %zu new, %zu changed, %zu removed, %zu unchanged, %zu failed; "
            "%zu pages (%zu OCR'd, %zu from the OCR cache), %zu documents in %.2f s%s\n",
            st->new_files, st->changed, st->removed, st->unchanged, st->failed, st->pages,
            st->ocr.pages_ocred, st->ocr.ocr_cache_hits, st->docs, secs, compacted);
    return status;
}

int main(int argc, char **argv)
{
    /* Started again as an extraction process (workers.h). */
    if (argc == 4 && strcmp(argv[1], SK_XWORKER_ARG) == 0)
        return sk_xworker_child_main(atoi(argv[2]), (size_t)strtoul(argv[3], NULL, 10));
    opts o = {.progress = -1,
              .ocr = -1,
              .commit_every = SK_UPDATE_COMMIT_EVERY,
              .file_seconds = SK_XWORKER_CPU_SECONDS,
              .file_memory = (long)SK_XWORKER_MEMORY_MB};
    char **roots = NULL;
    size_t n_roots = 0;
    if (read_opts(&o, argc, argv, &roots, &n_roots) != 0)
        return 2;
    /* The index and the OCR cache hold restricted papers' text: readable by
     * the indexer's user and the group of the index directory only. */
    umask(027);

    run r = {.o = &o, .t0 = sk_update_now(), .failures = json_array()};
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
    int status = open_for_run(&ix, &r, &err);
    if (status != 0) {
        json_decref(r.failures);
        return status;
    }
    sk_update_opts uo = {
        .full = o.full,
        .compact = o.compact,
        .jobs = o.jobs,
        .commit_every = o.commit_every,
        .shard_k = o.shard_k,
        .shard_n = o.shard_n,
        .ocr = o.ocr,
        .ocr_page_seconds = o.ocr_seconds,
        .ocr_cache_dir = o.ocr_cache,
        .limits = {.cpu_seconds = o.file_seconds,
                   .wall_seconds = o.file_wall > 0 ? o.file_wall : 2 * o.file_seconds + 10,
                   .memory_mb = (size_t)o.file_memory},
        .started = r.t0,
        .progress = on_progress,
        .payload = &r};
    int rc = sk_update_run(&r.st, ix, (const char *const *)roots, n_roots, &uo, &err);
    clear_bar(&r);
    sk_indexer_free(ix);
    status = conclude(&r, rc, &err);
    json_decref(r.failures);
    return status;
}
