/* test_shards.c: an index in 3 shards (saksok-index --shard K/3) served by
 * xapian-tcpsrv on loopback (scripts/shards), against one index of the same
 * archive: the same answers, a server killed mid-test, a nightly update of
 * one shard seen by a searcher that stays open. Needs xapian-tcpsrv
 * (xapian-tools, installed by scripts/install-deps).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/socket.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "run.h"
#include "saksok/analysis/analyse.h"
#include "saksok/query/qparse.h"
#include "saksok/query/search.h"
#include "saksok/structure/segment_parse.h"
#include "saksok/store/shards.h"
#include "saksok/store/xap.h"

static char tmp[256], archive[512], one[512], shard[3][512], stub[512];
static int base_port;

#define sh run_sh

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void index_into(const char *db, const char *shard_arg, int compact)
{
    const char *extra[5];
    size_t n = 0;
    extra[n++] = "--quiet";
    if (shard_arg) {
        extra[n++] = "--shard";
        extra[n++] = shard_arg;
    }
    if (compact)
        extra[n++] = "--compact";
    extra[n] = NULL;
    run_result r;
    if (run_index(&r, NULL, db, archive, extra) != 0)
        fail_msg("saksok-index %s: %s", shard_arg ? shard_arg : "", r.err);
    run_result_release(&r);
}

static void start_servers(void)
{
    sh("'%s/scripts/shards' start --port %d --stub '%s' '%s' '%s' '%s' >/dev/null",
       env_or_die("SAKSOK_SOURCE_DIR"), base_port, stub, shard[0], shard[1], shard[2]);
}

static int setup(void **state)
{
    (void)state;
    if (run_tempdir(tmp, sizeof tmp, "shards") != 0)
        return -1;
    snprintf(archive, sizeof archive, "%s/archive", tmp);
    snprintf(one, sizeof one, "%s/one", tmp);
    snprintf(stub, sizeof stub, "%s/shards.stub", tmp);
    sh("cp -r '%s/corpus' '%s'", env_or_die("SAKSOK_SOURCE_DIR"), archive);
    index_into(one, NULL, 0);
    for (int k = 0; k < 3; k++) {
        char arg[8];
        snprintf(shard[k], sizeof shard[k], "%s/s%d", tmp, k + 1);
        snprintf(arg, sizeof arg, "%d/3", k + 1);
        index_into(shard[k], arg, 0);
    }
    base_port = 20000 + (int)(getpid() % 20000) * 3 % 40000;
    start_servers();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sh("'%s/scripts/shards' stop --stub '%s'", env_or_die("SAKSOK_SOURCE_DIR"), stub);
    return run_rmtree(tmp);
}

/* saksok --json [flag [value [arg]]] over dbs (NULL-terminated), the scores
 * taken out: the search flag alone, or --case SPEC, --sort date QUERY. */
static json_t *answer_with(const char *const *dbs, const char *flag, const char *value,
                           const char *arg)
{
    const char *argv[20];
    size_t n = 0;
    argv[n++] = env_or_die("SAKSOK_QUERY_BIN");
    argv[n++] = "--json";
    for (size_t i = 0; dbs[i]; i++) {
        argv[n++] = "--db";
        argv[n++] = dbs[i];
    }
    argv[n++] = flag;
    if (value)
        argv[n++] = value;
    argv[n++] = arg;
    argv[n] = NULL;
    run_result r;
    assert_int_equal(run_cmd(&r, argv, NULL), 0);
    json_t *o = r.status == 0 ? json_loads(r.out, 0, NULL) : NULL;
    if (o == NULL)
        fail_msg("saksok %s failed on '%s' (status %d): %s", flag, arg ? arg : "", r.status, r.err);
    run_result_release(&r);
    size_t i;
    json_t *h;
    json_array_foreach(json_object_get(o, "hits"), i, h) json_object_del(h, "score"),
        json_object_del(h, "added");
    return o;
}

static json_t *answer(const char *const *dbs, const char *q)
{
    return answer_with(dbs, q, NULL, NULL);
}

/* A case's story (every case of cases.tsv, and one known only by what
 * refers to it) and the date order: the same over the remote shards as
 * from one index. */
static void test_same_stories_and_date_order(void **state)
{
    (void)state;
    char path[600];
    snprintf(path, sizeof path, "%s/tests/e2e/cases.tsv", env_or_die("SAKSOK_SOURCE_DIR"));
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    const char *one_db[] = {one, NULL};
    const char *remote_db[] = {stub, NULL};
    char line[2048];
    size_t n = 0;
    int more = 1;
    while (more) {
        char spec[256] = "NEHS 51/18";
        more = fgets(line, sizeof line, f) != NULL;
        if (more) {
            if (line[0] == '#' || line[0] == '\n')
                continue;
            size_t a = strcspn(line, "\t"), b = strcspn(line + a + 1, "\t");
            snprintf(spec, sizeof spec, "%.*s %.*s", (int)a, line, (int)b, line + a + 1);
        }
        json_t *x = answer_with(one_db, "--case", spec, NULL), *y;
        y = answer_with(remote_db, "--case", spec, NULL);
        if (!json_equal(x, y))
            fail_msg("the story of %s differs over the shards", spec);
        json_decref(x);
        json_decref(y);
        n++;
    }
    fclose(f);
    assert_true(n >= 30);
    const char *queries[] = {"strategi", "referat", "NUFA 29/20", "digital hjemmeoppfølging"};
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
        json_t *x = answer_with(one_db, "--sort", "date", queries[i]);
        json_t *y = answer_with(remote_db, "--sort", "date", queries[i]);
        if (!json_equal(x, y))
            fail_msg("--sort date '%s' differs over the shards", queries[i]);
        json_decref(x);
        json_decref(y);
    }
}

/* Every query of the relevance set: the same JSON (but scores) from one
 * index, from the 3 remote shards and from the 3 shards opened locally. */
static void test_same_results(void **state)
{
    (void)state;
    char path[600];
    snprintf(path, sizeof path, "%s/tests/relevance/queries.tsv", env_or_die("SAKSOK_SOURCE_DIR"));
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    const char *one_db[] = {one, NULL};
    const char *remote_db[] = {stub, NULL};
    const char *local_db[] = {shard[0], shard[1], shard[2], NULL};
    char line[4096];
    size_t n = 0, differ = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char *q = strchr(line, '\t');
        char *end = q ? strchr(q + 1, '\t') : NULL;
        if (q == NULL)
            continue;
        q++;
        if (end)
            *end = '\0';
        json_t *a = answer(one_db, q), *b = answer(remote_db, q);
        json_t *c = n % 3 == 0 ? answer(local_db, q) : json_incref(a);
        if (!json_equal(a, b) || !json_equal(a, c)) {
            if (differ == 0)
                print_message("differs: %s (%s)\n", q, json_equal(a, b) ? "local" : "remote");
            differ++;
        }
        if (n == 0)
            assert_false(json_is_true(json_object_get(b, "partial")));
        json_decref(a);
        json_decref(b);
        json_decref(c);
        n++;
    }
    fclose(f);
    assert_true(n >= 50);
    assert_int_equal(differ, 0);
}

typedef struct searcher {
    sk_analyser *an;
    sk_bodies *bodies;
    sk_xdb *db;
} searcher;

static void searcher_open(searcher *s, double timeout)
{
    sk_err err = SK_ERR_INIT;
    const char *dbs[] = {stub};
    memset(s, 0, sizeof *s);
    assert_int_equal(sk_analyser_new(&s->an, &err), SK_OK);
    assert_int_equal(sk_bodies_load_default(&s->bodies, &err), SK_OK);
    if (sk_search_open_shards(&s->db, dbs, 1, timeout, &err) != SK_OK)
        fail_msg("%s", err.msg);
}

static void searcher_close(searcher *s)
{
    sk_xdb_free(s->db);
    sk_bodies_free(s->bodies);
    sk_analyser_free(s->an);
}

/* Search q on the long-lived handle, after a reopen as saksok-fcgi does per
 * request (reopen 0: a server that goes away is found by the search). */
static void search_r(sk_results *res, searcher *s, const char *q, int reopen)
{
    sk_err err = SK_ERR_INIT;
    sk_query *query = NULL;
    sk_search_opts so = SK_SEARCH_OPTS_INIT;
    if (reopen)
        assert_int_equal(sk_xdb_reopen(s->db, &err), SK_OK);
    assert_int_equal(sk_query_parse(&query, s->an, s->db, s->bodies, q, &err), SK_OK);
    if (sk_search(res, s->db, query, &so, &err) != SK_OK)
        fail_msg("search '%s': %s", q, err.msg);
    sk_query_free(query);
}

static void search(sk_results *res, searcher *s, const char *q)
{
    search_r(res, s, q, 1);
}

/* The pid of the server of shard k (0-based), from the stub's pid file. */
static long server_pid(int k)
{
    char path[600], addr[64], dir[512];
    snprintf(path, sizeof path, "%s.pids", stub);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    int port = 0;
    long pid = 0;
    for (int i = 0; i <= k; i++)
        assert_int_equal(fscanf(f, "%63s %d %ld %511s", addr, &port, &pid, dir), 4);
    fclose(f);
    return pid;
}

/* A server killed under a searcher: the next search leaves its shard out,
 * says so, and does not wait for it; the command line does the same. */
static void test_server_killed(void **state)
{
    (void)state;
    const double timeout = 2.0;
    searcher s;
    searcher_open(&s, timeout);
    sk_results before = {0}, after = {0};
    search(&before, &s, "kommune");
    assert_int_equal(before.n_missing, 0);
    assert_true(before.total > 0);
    assert_int_equal(kill(-(pid_t)server_pid(1), SIGKILL), 0);
    usleep(100000);
    double t0 = now();
    search(&after, &s, "kommune");
    double took = now() - t0;
    char name[64];
    snprintf(name, sizeof name, "remote :127.0.0.1:%d", base_port + 1);
    /* (the other server killed below is missing from the answers after) */
    assert_int_equal(after.n_missing, 1);
    assert_string_equal(after.missing[0], name);
    assert_true(after.total > 0 && after.total <= before.total);
    assert_true(took < timeout);
    sk_results_release(&after);

    /* Another one, noticed in the middle of a search (no reopen first). */
    assert_int_equal(kill(-(pid_t)server_pid(2), SIGKILL), 0);
    usleep(100000);
    t0 = now();
    search_r(&after, &s, "kommune", 0);
    assert_true(now() - t0 < timeout);
    assert_int_equal(after.n_missing, 2);
    assert_true(after.total > 0 && after.total <= before.total);

    char t[16];
    snprintf(t, sizeof t, "%.0f", timeout);
    const char *argv[] = {env_or_die("SAKSOK_QUERY_BIN"),
                          "--db",
                          stub,
                          "--shard-timeout",
                          t,
                          "--json",
                          "kommune",
                          NULL};
    run_result r;
    t0 = now();
    assert_int_equal(run_cmd(&r, argv, NULL), 0);
    assert_true(now() - t0 < timeout + 1.0);
    assert_int_equal(r.status, 0);
    json_t *o = json_loads(r.out, 0, NULL);
    assert_non_null(o);
    assert_true(json_is_true(json_object_get(o, "partial")));
    assert_string_equal(json_string_value(json_array_get(json_object_get(o, "missing"), 0)), name);
    json_decref(o);
    run_result_release(&r);
    const char *text_argv[] = {env_or_die("SAKSOK_QUERY_BIN"), "--db", stub, "kommune", NULL};
    assert_int_equal(run_cmd(&r, text_argv, NULL), 0);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Delvis svar"));
    assert_non_null(strstr(r.out, name));
    run_result_release(&r);

    sk_results_release(&before);
    sk_results_release(&after);
    searcher_close(&s);
    start_servers(); /* all of them again, for the tests after */
}

/* A shard whose server stops answering between the search and the reading
 * of its hits' documents: the read says the index changed (SK_EMODIFIED)
 * and leaves the shard out; searching again, as sk_search() does on that
 * code, gives a partial answer, not an error. */
static void test_lost_between_search_and_fetch(void **state)
{
    (void)state;
    searcher s;
    searcher_open(&s, 2.0);
    sk_err err = SK_ERR_INIT;
    sk_query *q = NULL;
    assert_int_equal(sk_query_parse(&q, s.an, s.db, s.bodies, "kommune", &err), SK_OK);
    sk_xsearch_opts o = SK_XSEARCH_OPTS_INIT;
    o.limit = 50;
    sk_xmset *m = NULL;
    assert_int_equal(sk_xdb_search(&m, s.db, sk_query_strict(q), &o, &err), SK_OK);
    /* All three shards are up: the combined docids take turns (1, 2, 3, 1, ...). */
    assert_int_equal(sk_xdb_missing_count(s.db), 0);
    size_t of_second = sk_xmset_size(m), n_other = 0;
    for (size_t i = 0; i < sk_xmset_size(m); i++) {
        if ((sk_xmset_docid(m, i) - 1) % 3 == 1) {
            if (of_second == sk_xmset_size(m))
                of_second = i;
        } else {
            n_other++;
        }
    }
    assert_true(of_second < sk_xmset_size(m) && n_other > 0);
    assert_int_equal(kill(-(pid_t)server_pid(1), SIGKILL), 0);
    usleep(100000);
    const char *data;
    size_t len;
    assert_int_equal(sk_xmset_data(m, of_second, &data, &len, &err), SK_EMODIFIED);
    char name[64];
    snprintf(name, sizeof name, "remote :127.0.0.1:%d", base_port + 1);
    assert_non_null(strstr(err.msg, name));
    assert_int_equal(sk_xdb_missing_count(s.db), 1);
    assert_string_equal(sk_xdb_missing_name(s.db, 0), name);
    sk_xmset_free(m);

    sk_results res = {0};
    search(&res, &s, "kommune"); /* the shard is not tried again before its retry */
    assert_int_equal(res.n_missing, 1);
    assert_string_equal(res.missing[0], name);
    assert_true(res.total > 0 && res.n_hits > 0);
    sk_results_release(&res);
    sk_query_free(q);
    searcher_close(&s);
    start_servers();
}

/* A listening socket that never accepts nor answers (the kernel completes
 * connections into its queue): a server that hangs. */
static int silent_listener(int *port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t alen = sizeof a;
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(listen(fd, 16), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
    *port = ntohs(a.sin_port);
    return fd;
}

/* A shard that hangs costs the timeout once, not more (plus a small
 * margin, over what the same search costs without it): one that never
 * answers, at the open; one that stops answering in the middle of a
 * search; one that stops before a reopen. */
static void test_hung_shard_costs_one_timeout(void **state)
{
    (void)state;
    const double timeout = 1.5, margin = 1.0;
    int port = 0, fd = silent_listener(&port);
    char hung_stub[600], hung_name[64], t[16];
    snprintf(hung_stub, sizeof hung_stub, "%s/hung.stub", tmp);
    snprintf(hung_name, sizeof hung_name, "remote :127.0.0.1:%d", port);
    sh("cat '%s' > '%s' && echo '%s' >> '%s'", stub, hung_stub, hung_name, hung_stub);
    snprintf(t, sizeof t, "%.1f", timeout);
    /* What the same search costs without it (a first search reads the
     * shards' tables; a sanitizer build is slow): the bound is on top. */
    const char *base_argv[] = {env_or_die("SAKSOK_QUERY_BIN"),
                               "--db",
                               stub,
                               "--shard-timeout",
                               t,
                               "--json",
                               "kommune",
                               NULL};
    run_result r;
    double t0 = now();
    assert_int_equal(run_cmd(&r, base_argv, NULL), 0);
    double base = now() - t0;
    assert_int_equal(r.status, 0);
    run_result_release(&r);
    const char *argv[] = {env_or_die("SAKSOK_QUERY_BIN"),
                          "--db",
                          hung_stub,
                          "--shard-timeout",
                          t,
                          "--json",
                          "kommune",
                          NULL};
    t0 = now();
    assert_int_equal(run_cmd(&r, argv, NULL), 0);
    double took = now() - t0 - base;
    assert_int_equal(r.status, 0);
    json_t *o = json_loads(r.out, 0, NULL);
    assert_non_null(o);
    assert_true(json_is_true(json_object_get(o, "partial")));
    assert_string_equal(json_string_value(json_array_get(json_object_get(o, "missing"), 0)),
                        hung_name);
    assert_true(json_integer_value(json_object_get(o, "total")) > 0);
    json_decref(o);
    run_result_release(&r);
    if (took >= timeout + margin)
        fail_msg("a shard that never answers cost %.2f s (timeout %.1f s)", took, timeout);
    close(fd);

    /* A server that stops (SIGSTOP: connections still open, nothing read). */
    searcher s;
    searcher_open(&s, timeout);
    sk_results res = {0};
    search(&res, &s, "kommune");
    assert_int_equal(res.n_missing, 0);
    size_t whole = res.total;
    sk_results_release(&res);
    t0 = now();
    search(&res, &s, "kommune");
    base = now() - t0;
    sk_results_release(&res);
    assert_int_equal(kill(-(pid_t)server_pid(0), SIGSTOP), 0);
    t0 = now();
    search_r(&res, &s, "kommune", 0); /* noticed by the search */
    took = now() - t0 - base;
    assert_int_equal(res.n_missing, 1);
    assert_true(res.total > 0 && res.total <= whole);
    sk_results_release(&res);
    if (took >= timeout + margin)
        fail_msg("a shard that hangs in a search cost %.2f s (timeout %.1f s)", took, timeout);

    assert_int_equal(kill(-(pid_t)server_pid(2), SIGSTOP), 0);
    t0 = now();
    search(&res, &s, "kommune"); /* noticed by the reopen */
    took = now() - t0 - base;
    assert_int_equal(res.n_missing, 2);
    assert_true(res.total > 0);
    sk_results_release(&res);
    if (took >= timeout + margin)
        fail_msg("a shard that hangs at a reopen cost %.2f s (timeout %.1f s)", took, timeout);
    searcher_close(&s);
    kill(-(pid_t)server_pid(0), SIGCONT);
    kill(-(pid_t)server_pid(2), SIGCONT);
    start_servers();
}

/* A new paper in the archive whose file lands in a shard; returns the
 * shard (1..3). */
static unsigned add_paper(const char *name, const char *word)
{
    char rel[128];
    unsigned k = 0;
    for (int i = 0; k != 2; i++) { /* the middle shard: any would do */
        snprintf(rel, sizeof rel, "nyhet/%s-%d.html", name, i);
        k = sk_shard_of(rel, 3);
    }
    sh("mkdir -p '%s/nyhet' && printf '%%s' '<!DOCTYPE html><html lang=\"no\"><head>"
       "<meta charset=\"utf-8\"><title>Notat %s</title></head><body><main><h1>Notat %s</h1>"
       "<p>Fagutvalget drøftet %s i møtet.</p></main></body></html>' > '%s/%s'",
       archive, name, name, word, archive, rel);
    return k;
}

/* The nightly run updates one shard while a searcher stays open: it sees
 * the new revision at its next reopen, also when the run compacted the
 * shard into a new generation. */
static void test_nightly_update(void **state)
{
    (void)state;
    searcher s;
    searcher_open(&s, 5.0);
    sk_results res = {0};
    search(&res, &s, "kvanteflyt");
    assert_int_equal(res.total, 0);
    sk_results_release(&res);

    unsigned k = add_paper("kvante", "kvanteflyt");
    char arg[8];
    snprintf(arg, sizeof arg, "%u/3", k);
    /* The nightly script of that shard's machine (SAKSOK_SHARD), as cron runs it. */
    char conf[600], bindir[600];
    snprintf(conf, sizeof conf, "%s/nightly-%u.conf", tmp, k);
    snprintf(bindir, sizeof bindir, "%s", env_or_die("SAKSOK_INDEX_BIN"));
    *strrchr(bindir, '/') = '\0';
    FILE *f = fopen(conf, "w");
    assert_non_null(f);
    fprintf(f,
            "SAKSOK_DB=%s\nSAKSOK_ARCHIVE=%s\nSAKSOK_LOG_DIR=%s/logg\nSAKSOK_BIN_DIR=%s\n"
            "SAKSOK_OCR=no\nSAKSOK_USER=root\nSAKSOK_SHARD=%s\n",
            shard[k - 1], archive, tmp, bindir, arg);
    fclose(f);
    sh("cd / && env -i /bin/sh '%s/scripts/saksok-nightly' '%s' </dev/null >/dev/null 2>&1",
       env_or_die("SAKSOK_SOURCE_DIR"), conf);
    sh("grep -q ': 1 new, 0 changed, 0 removed' '%s'/logg/saksok-index-*.log", tmp);
    search(&res, &s, "kvanteflyt");
    assert_int_equal(res.total, 1);
    assert_int_equal(res.n_missing, 0);
    sk_results_release(&res);

    add_paper("tidevann", "tidevannsflyt");
    index_into(shard[k - 1], arg, 1); /* --compact: a new generation */
    search(&res, &s, "tidevannsflyt");
    assert_int_equal(res.total, 1);
    assert_int_equal(res.n_missing, 0);
    sk_results_release(&res);
    search(&res, &s, "kvanteflyt");
    assert_int_equal(res.total, 1);
    sk_results_release(&res);
    searcher_close(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_results),
        cmocka_unit_test(test_same_stories_and_date_order),
        cmocka_unit_test(test_server_killed),
        cmocka_unit_test(test_lost_between_search_and_fetch),
        cmocka_unit_test(test_hung_shard_costs_one_timeout),
        cmocka_unit_test(test_nightly_update),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
