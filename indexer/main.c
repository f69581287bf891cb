/* saksok-index: discover -> extract -> normalise -> analyse -> index.
 *
 * The only code of the indexer that prints. Exit status (DESIGN.md):
 * 0 all good; 1 finished but some files failed; 2 usage error; 3 the index
 * could not be opened or locked.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "saksok/discover.h"
#include "saksok/extract.h"
#include "saksok/index.h"
#include "saksok/ocr.h"
#include "saksok/terms.h"

#define COMMIT_EVERY 200 /* files between commits: bounds memory and lost work */

typedef struct opts {
    const char *db;
    int full;
    int jobs;
    int progress; /* 1 on, 0 off, -1 auto (on when stderr is a terminal) */
    int ocr;      /* OCR pages without a usable text layer */
    double ocr_seconds;
    char ocr_cache[4096]; /* beside the index: <db>.ocr-cache */
} opts;

typedef struct counts {
    size_t new_files, changed, removed, unchanged, failed, docs, pages;
    sk_extract_stats ocr;
} counts;

static void usage(FILE *f)
{
    fputs("usage: saksok-index [--db DIR] [--full] [--jobs N] [--progress|--quiet] ROOT...\n"
          "Index the PDF and HTML meeting papers under each ROOT.\n"
          "  --db DIR      index directory (default: $SAKSOK_DB, else ./var/saksok.db)\n"
          "  --full        re-extract every file, changed or not\n"
          "  --jobs N      extraction jobs (accepted; this version extracts with 1)\n"
          "  --progress    show progress on stderr (default when stderr is a terminal)\n"
          "  --quiet       only the failures and the summary line\n"
          "  --no-ocr      do not OCR scanned pages (default: OCR pages without usable text;\n"
          "                results are cached in DIR.ocr-cache beside the index)\n"
          "  --ocr-seconds S  time limit for OCR of one page (default 60)\n",
          f);
}

static void warn_discover(const char *path, const char *reason, void *payload)
{
    counts *c = payload;
    (void)c;
    fprintf(stderr, "saksok-index: warning: %s: %s\n", path, reason);
}

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

typedef struct page_warn_ctx {
    const opts *o;
    const char *path;
} page_warn_ctx;

static void warn_page(int page, const char *msg, void *payload)
{
    page_warn_ctx *w = payload;
    if (w->o->progress)
        fputs("\r\033[K", stderr);
    fprintf(stderr, "saksok-index: %s: page %d: %s\n", w->path, page, msg);
}

static struct sk_ocr *ocr_engine; /* one engine for the run (one job) */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int parse_args(int argc, char **argv, opts *o)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},  {"full", no_argument, NULL, 'f'},
        {"jobs", required_argument, NULL, 'j'}, {"progress", no_argument, NULL, 'p'},
        {"quiet", no_argument, NULL, 'q'},     {"help", no_argument, NULL, 'h'},
        {"no-ocr", no_argument, NULL, 'n'},    {"ocr-seconds", required_argument, NULL, 's'},
        {NULL, 0, NULL, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': o->db = optarg; break;
        case 'f': o->full = 1; break;
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
        case 'n': o->ocr = 0; break;
        case 's': {
            char *end;
            double v = strtod(optarg, &end);
            if (*optarg == '\0' || *end != '\0' || !(v > 0 && v <= 3600)) {
                fprintf(stderr, "saksok-index: --ocr-seconds wants seconds from 0 to 3600, not '%s'\n",
                        optarg);
                return -1;
            }
            o->ocr_seconds = v;
            break;
        }
        case 'q': o->progress = 0; break;
        case 'h': usage(stdout); exit(0);
        default: usage(stderr); return -1;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "saksok-index: no ROOT given\n");
        usage(stderr);
        return -1;
    }
    return 0;
}

static void show_progress(const opts *o, size_t i, size_t n, const char *rel)
{
    if (!o->progress)
        return;
    fprintf(stderr, "\r\033[K[%zu/%zu] %.70s", i, n, rel);
    if (i == n)
        fputs("\r\033[K", stderr);
}

/* Index one root. Returns SK_OK, or an error that stops the run (database). */
static int index_root(sk_indexer *ix, const opts *o, const char *root_arg, counts *c, sk_err *err)
{
    char root[PATH_MAX];
    if (realpath(root_arg, root) == NULL) {
        fprintf(stderr, "saksok-index: %s: %s\n", root_arg, strerror(errno));
        c->failed++;
        return SK_OK;
    }
    sk_filelist files = {0};
    sk_err derr = SK_ERR_INIT;
    if (sk_discover(&files, root, warn_discover, c, &derr) != SK_OK) {
        fprintf(stderr, "saksok-index: %s\n", derr.msg);
        c->failed++;
        sk_filelist_release(&files);
        return SK_OK;
    }
    int rc = SK_OK;
    size_t since_commit = 0;
    for (size_t i = 0; i < files.n && rc == SK_OK; i++) {
        const sk_file *f = &files.files[i];
        show_progress(o, i + 1, files.n, f->rel);
        sk_file_state st;
        rc = sk_indexer_state(ix, root, f, &st, err);
        if (rc != SK_OK)
            break;
        if (st == SK_FILE_UNCHANGED && !o->full) {
            c->unchanged++;
            continue;
        }
        sk_extracted x = {0};
        sk_err xerr = SK_ERR_INIT;
        sk_extract_opts xo = SK_EXTRACT_OPTS_INIT;
        page_warn_ctx pw = {o, f->abs};
        xo.ocr = o->ocr;
        xo.ocr_cache_dir = o->ocr_cache;
        xo.ocr_page_seconds = o->ocr_seconds;
        xo.ocr_engine = ocr_engine;
        xo.warn = warn_page;
        xo.warn_payload = &pw;
        if (sk_extract_file_opts(&x, f->abs, &xo, &c->ocr, &xerr) != SK_OK) {
            if (o->progress)
                fputs("\r\033[K", stderr);
            fprintf(stderr, "saksok-index: %s: %s%s\n", f->abs, xerr.msg,
                    st == SK_FILE_NEW ? "" : " (its earlier index entry is kept)");
            c->failed++;
            rc = sk_indexer_mark_failed(ix, root, f, err);
        } else {
            size_t n_docs = 0;
            rc = sk_indexer_put(ix, root, f, &x, &n_docs, err);
            if (rc == SK_OK) {
                c->docs += n_docs;
                c->pages += x.n_pages;
                if (st == SK_FILE_NEW)
                    c->new_files++;
                else
                    c->changed++;
            }
        }
        sk_extracted_release(&x);
        if (rc == SK_OK && ++since_commit >= COMMIT_EVERY) {
            rc = sk_indexer_commit(ix, err);
            since_commit = 0;
        }
    }
    size_t removed = 0;
    if (rc == SK_OK)
        rc = sk_indexer_sweep(ix, root, &files, &removed, err);
    c->removed += removed;
    sk_filelist_release(&files);
    return rc;
}

int main(int argc, char **argv)
{
    opts o = {NULL, 0, 1, -1, 1, 0.0, ""};
    if (parse_args(argc, argv, &o) != 0)
        return 2;
    if (o.db == NULL)
        o.db = getenv("SAKSOK_DB");
    if (o.db == NULL || o.db[0] == '\0')
        o.db = "./var/saksok.db";
    if (o.progress < 0)
        o.progress = isatty(STDERR_FILENO);

    double t0 = now();
    sk_err err = SK_ERR_INIT;
    sk_indexer *ix = NULL;
    make_parents(o.db);
    snprintf(o.ocr_cache, sizeof o.ocr_cache, "%s.ocr-cache", o.db);
    if (o.ocr) {
        /* Fail fast when OCR cannot work here, rather than once per scanned page. */
        sk_err oerr = SK_ERR_INIT;
        if (sk_ocr_new(&ocr_engine, NULL, &oerr) != SK_OK) {
            fprintf(stderr, "saksok-index: OCR is not available (%s); scanned pages are skipped "
                            "(install tesseract-ocr-nor, or use --no-ocr)\n",
                    oerr.msg);
            o.ocr = 0;
        }
    }
    if (sk_indexer_open(&ix, o.db, &err) != SK_OK) {
        fprintf(stderr, "saksok-index: cannot open index %s: %s\n", o.db, err.msg);
        return 3;
    }
    counts c = {0};
    int rc = SK_OK;
    for (int i = optind; i < argc && rc == SK_OK; i++)
        rc = index_root(ix, &o, argv[i], &c, &err);
    double secs = now() - t0;
    char info[256];
    snprintf(info, sizeof info,
             "%ld new=%zu changed=%zu removed=%zu unchanged=%zu failed=%zu seconds=%.2f",
             (long)time(NULL), c.new_files, c.changed, c.removed, c.unchanged, c.failed, secs);
    if (rc == SK_OK)
        rc = sk_indexer_set_info(ix, SK_META_LAST_RUN, info, &err);
    if (rc == SK_OK)
        rc = sk_indexer_commit(ix, &err);
    sk_indexer_free(ix);
    sk_ocr_free(ocr_engine);
    if (rc != SK_OK) {
        fprintf(stderr, "saksok-index: index %s: %s (uncommitted changes were discarded; the index keeps its last committed state)\n", o.db,
                err.msg);
        return 3;
    }
    fprintf(stderr,
            "saksok-index: %zu new, %zu changed, %zu removed, %zu unchanged, %zu failed; "
            "%zu pages (%zu OCR'd, %zu from the OCR cache), %zu documents in %.2f s\n",
            c.new_files, c.changed, c.removed, c.unchanged, c.failed, c.pages, c.ocr.pages_ocred,
            c.ocr.ocr_cache_hits, c.docs, secs);
    return c.failed ? 1 : 0;
}
