/* test_confined.c: extraction in confined child processes, through the real
 * saksok-index with a module that behaves as hostile files make parsers
 * behave (hostile_mod.c): a file that spins, blocks, takes all memory or
 * crashes fails on its own, reported as such; the run goes on; its earlier
 * entry stays; the child can run no program, fork, open a socket or make a
 * link. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "run.h"

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

static char tmp[256], archive[512], db[512];

static void put(const char *name, const char *text)
{
    char path[800];
    snprintf(path, sizeof path, "%s/%s", archive, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    /* A new modification time each round, so the indexer sees a change. */
    static int round;
    char cmd[1000];
    snprintf(cmd, sizeof cmd, "touch -d '@%d' '%s'", 1700000000 + ++round, path);
    assert_int_equal(system(cmd), 0);
}

/* saksok-index with the hostile module, 2 s of CPU time per file and the
 * wall time given (long enough for 2 s of CPU on a busy machine, or short). */
static int reindex(run_result *r, const char *wall)
{
    char mod[700];
    snprintf(mod, sizeof mod, "SAKSOK_EXTRACT_MODULE=%s", env_or_die("SAKSOK_TEST_EXTRACT_MODULE"));
    const char *env[] = {mod, NULL};
    const char *extra[] = {
        "--jobs", "2", "--file-seconds", "2", "--file-wall-seconds", wall, "--file-memory",
        "256",    NULL};
    return run_index(r, env, db, archive, extra);
}

static long hits(const char *q)
{
    return run_hits(db, q);
}

static int setup(void **state)
{
    (void)state;
    if (run_tempdir(tmp, sizeof tmp, "confined") != 0)
        return -1;
    snprintf(archive, sizeof archive, "%s/arkiv", tmp);
    snprintf(db, sizeof db, "%s/index", tmp);
    return mkdir(archive, 0755);
}

static int teardown(void **state)
{
    (void)state;
    return run_rmtree(tmp);
}

static const char *const hostile[] = {"spinner.html", "krasj.html", "minne.html", "sover.html"};
static const char *const hostile_text[] = {"SPIN", "CRASH", "ALLOC", "SLEEP"};

static void confined__hostile_files_fail_alone(void **state)
{
    (void)state;
    /* No address-space limit under ASan: its shadow memory needs terabytes. */
    size_t n = 4;
    for (size_t i = 0; i < n; i++) {
        char text[100];
        snprintf(text, sizeof text, "tidligere innhold nummer%zu", i);
        put(hostile[i], text);
    }
    put("god-a.html", "WARN forste gode side");
    put("rommet.html", "ESCAPE");
    run_result r;
    assert_int_equal(reindex(&r, "300"), 0);
    run_result_release(&r);
    assert_int_equal(hits("nummer0"), 1);
    assert_int_equal(hits("innesperret"), 1); /* every way out was refused */
    assert_int_equal(hits("sluppet"), 0);
    /* They turn hostile, a good file after them: spinning, crashing and
     * taking memory (a long wall time: the CPU limit must be what ends it)... */
    for (size_t i = 0; i < 3; i++)
        if (!(SANITIZED && i == 2))
            put(hostile[i], hostile_text[i]);
    put("zz-god.html", "siste gode side");
    assert_int_equal(reindex(&r, "300"), 1);
    assert_non_null(strstr(r.err, "CPU time limit of 2 s"));
    /* A sanitizer catches the signal in the child and exits: a crash still. */
    assert_non_null(strstr(r.err, SANITIZED ? "krasj.html: extraction crashed"
                                            : "krasj.html: extraction crashed (signal 11"));
    if (!SANITIZED)
        assert_non_null(strstr(r.err, "memory limit"));
    assert_non_null(strstr(r.err, "its earlier index entry is kept"));
    assert_non_null(strstr(r.err, SANITIZED ? "2 failed" : "3 failed"));
    run_result_release(&r);
    /* ... and blocking (a short wall time). */
    put(hostile[3], hostile_text[3]);
    assert_int_equal(reindex(&r, "3"), 1);
    assert_non_null(strstr(r.err, "took longer than 3 s"));
    run_result_release(&r);
    /* The runs went on, and what was there stays searchable. */
    assert_int_equal(hits("siste"), 1);
    for (size_t i = 0; i < n; i++) {
        char word[32];
        snprintf(word, sizeof word, "nummer%zu", i);
        assert_int_equal(hits(word), 1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(confined__hostile_files_fail_alone),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
