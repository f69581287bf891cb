/* sk-benchq: query latency in process (scripts/bench).
 *
 *   sk-benchq DB ROUNDS QUERYFILE      (one query per line)
 *
 * Opens the index once, then parses, searches and renders (JSON) each query
 * ROUNDS times, and prints "n=N p50_us=X p99_us=Y max_us=Z" on stdout.
 * A second line, "matcher n=N p50_us=X p99_us=Y max_us=Z", times Xapian's
 * matcher alone on the same queries: each query's expression (parsed
 * beforehand, untimed) run through get_mset for the first 10 documents,
 * without collapsing, facets, document data, snippets or rendering: the
 * least any search of that expression costs on this index.
 * A third line, "first n=N ...", times the first round alone: each query
 * the first time the handle sees it (what a handle keeps between requests,
 * such as the per-revision caches of shards, not yet holding its answers).
 * With SK_BENCHQ_VERBOSE=1, the last round's time of each query goes to stderr.
 * DB may be a stub file of shards (see shards.h); with SK_BENCHQ_REOPEN=1 the
 * handle is reopened before each query, as saksok-fcgi does per request.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "saksok/analysis/analyse.h"
#include "saksok/base/buf.h"
#include "saksok/query/qparse.h"
#include "saksok/query/render.h"
#include "saksok/query/search.h"
#include "saksok/query/searcher.h"
#include "saksok/structure/segment_parse.h"
#include "saksok/store/xap.h"

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Sort the k times t and print them as a line headed by label. */
static void report(const char *label, double *t, size_t k)
{
    qsort(t, k, sizeof *t, cmp_double);
    printf("%sn=%zu p50_us=%.0f p99_us=%.0f max_us=%.0f\n", label, k, k ? t[k / 2] : 0.0,
           k ? t[(size_t)((double)k * 0.99)] : 0.0, k ? t[k - 1] : 0.0);
}

/* Time Xapian's matcher alone on each query's strict expression, rounds
 * times; into t (nq * rounds slots). Returns how many were timed. */
static size_t time_matcher(sk_xdb *db, sk_analyser *an, const sk_bodies *bodies, char **queries,
                           size_t nq, int rounds, double *t)
{
    sk_query **parsed = calloc(nq ? nq : 1, sizeof *parsed);
    size_t k = 0;
    if (parsed == NULL)
        return 0;
    for (size_t i = 0; i < nq; i++) {
        sk_err e = SK_ERR_INIT;
        if (sk_query_parse(&parsed[i], an, db, bodies, queries[i], &e) != SK_OK)
            parsed[i] = NULL;
        sk_err_clear(&e);
    }
    for (int r = 0; r < rounds; r++) {
        for (size_t i = 0; i < nq; i++) {
            const sk_xquery *xq = parsed[i] ? sk_query_strict(parsed[i]) : NULL;
            if (xq == NULL)
                continue;
            sk_xsearch_opts opts = SK_XSEARCH_OPTS_INIT;
            opts.check_at_least = 0;
            sk_xmset *m = NULL;
            sk_err e = SK_ERR_INIT;
            double t0 = now_us();
            if (sk_xdb_search(&m, db, xq, &opts, &e) == SK_OK)
                sk_xmset_free(m);
            t[k++] = now_us() - t0;
            sk_err_clear(&e);
        }
    }
    for (size_t i = 0; i < nq; i++)
        sk_query_free(parsed[i]);
    free(parsed);
    return k;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fputs("usage: sk-benchq DB ROUNDS QUERYFILE\n", stderr);
        return 2;
    }
    int rounds = atoi(argv[2]);
    FILE *f = fopen(argv[3], "r");
    if (f == NULL || rounds < 1) {
        fputs("sk-benchq: bad arguments\n", stderr);
        return 2;
    }
    char *queries[1024];
    size_t nq = 0;
    char line[1024];
    while (nq < 1024 && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0])
            queries[nq++] = strdup(line);
    }
    fclose(f);
    sk_err err = SK_ERR_INIT;
    sk_searcher s = {0};
    sk_searcher_opts sopts = {.dbs = (const char *const *)&argv[1],
                              .n_db = 1,
                              .shard_timeout = 5.0,
                              .open = SK_SEARCHER_ALL};
    int rc = sk_searcher_open(&s, &sopts, &err);
    if (s.lexicon_note.code != SK_OK)
        fprintf(stderr, "sk-benchq: %s (snippets without compound parts)\n", s.lexicon_note.msg);
    if (rc != SK_OK) {
        fprintf(stderr, "sk-benchq: %s\n", err.msg);
        return 3;
    }
    sk_analyser *an = s.an;
    sk_xdb *db = s.db;
    const sk_bodies *bodies = s.bodies;
    sk_docdata_reader *reader = NULL;
    if (sk_docdata_reader_new(&reader, &err) != SK_OK) {
        fprintf(stderr, "sk-benchq: %s\n", err.msg);
        return 3;
    }
    const char *v = getenv("SK_BENCHQ_VERBOSE");
    int verbose = v && *v && strcmp(v, "0") != 0;
    const char *ro = getenv("SK_BENCHQ_REOPEN");
    int reopen = ro && *ro && strcmp(ro, "0") != 0;
    size_t n = nq * (size_t)rounds;
    double *t = calloc(n ? n : 1, sizeof *t);
    size_t k = 0;
    for (int r = 0; r < rounds; r++) {
        for (size_t i = 0; i < nq; i++) {
            double t0 = now_us();
            sk_query *q = NULL;
            sk_results res = {0};
            sk_buf out = SK_BUF_INIT;
            sk_search_opts so = SK_SEARCH_OPTS_INIT;
            so.reader = reader;
            sk_err e = SK_ERR_INIT;
            if (reopen)
                sk_xdb_reopen(db, &e);
            if (sk_query_parse(&q, an, db, bodies, queries[i], &e) == SK_OK &&
                sk_search(&res, db, q, &so, &e) == SK_OK)
                sk_render_json(&out, queries[i], &res, an, q, &e);
            sk_buf_release(&out);
            sk_results_release(&res);
            sk_query_free(q);
            t[k] = now_us() - t0;
            if (verbose && r == rounds - 1)
                fprintf(stderr, "%8.0f us  %s\n", t[k], queries[i]);
            k++;
        }
    }
    double *first = calloc(nq ? nq : 1, sizeof *first);
    if (first)
        memcpy(first, t, (k < nq ? k : nq) * sizeof *t);
    report("", t, k);
    report("matcher ", t, time_matcher(db, an, bodies, queries, nq, rounds, t));
    if (first)
        report("first ", first, k < nq ? k : nq);
    free(first);
    free(t);
    for (size_t i = 0; i < nq; i++)
        free(queries[i]);
    sk_searcher_close(&s);
    sk_docdata_reader_free(reader);
    return 0;
}
