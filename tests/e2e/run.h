/* run.h: run the real binaries from end-to-end tests and capture what they print. */
#ifndef SAKSOK_E2E_RUN_H
#define SAKSOK_E2E_RUN_H

#include <stddef.h>

typedef struct run_result {
    int status; /* exit status, or 128 + signal */
    char *out;  /* stdout, NUL-terminated (malloc'd) */
    char *err;  /* stderr, NUL-terminated (malloc'd) */
} run_result;

/* Run argv (argv[0] a path) with extra environment entries (NULL-terminated
 * list of "K=V", may be NULL); waits for it. Returns 0 or -1 if it could not start. */
int run_cmd(run_result *r, const char *const *argv, const char *const *env);
void run_result_release(run_result *r);

/* Run a shell command made by printf from fmt; returns system()'s status. */
int run_shf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Run a shell command made by printf from fmt; fails the test unless it succeeds
 * (cmocka must be included where it is used). */
#define run_sh(...) assert_int_equal(run_shf(__VA_ARGS__), 0)

/* A new directory $TMPDIR/saksok-NAME-XXXXXX (/tmp without TMPDIR) into
 * out; 0, or -1 when it cannot be made. */
int run_tempdir(char *out, size_t size, const char *name);
/* Remove dir and what it holds, unreadable parts too; 0, or -1. */
int run_rmtree(const char *dir);

/* saksok-index --no-ocr --db DB EXTRA... ARCHIVE with extra environment
 * entries (may be NULL) and arguments (NULL-terminated, may be NULL; an
 * option's argument missing takes ARCHIVE); waits for it and returns its
 * exit status (r: what it printed). */
int run_index(run_result *r, const char *const *env, const char *db, const char *archive,
              const char *const *extra);
/* The number of hits for q in db (saksok --json's total); -1 when saksok fails. */
long run_hits(const char *db, const char *q);

/* Paths given by ctest's environment (SAKSOK_INDEX_BIN, ...). Aborts if unset. */
const char *env_or_die(const char *name);

/* Last non-empty line of s, copied into buf. */
const char *last_line(const char *s, char *buf, size_t size);

#endif
