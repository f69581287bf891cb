/* testutil.h: small helpers shared by the unit tests (header-only). */
#ifndef SAKSOK_TESTUTIL_H
#define SAKSOK_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "saksok/query/search.h"
#include "saksok/store/xap.h"

/* A fresh temporary directory; the caller frees the string and removes the tree. */
static inline char *tu_tempdir(void)
{
    char tmpl[] = "/tmp/saksok-test-XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    return strdup(d);
}

static inline void tu_rmtree(const char *dir)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static inline void tu_write(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* "dir/name" in a static buffer of the caller's. */
static inline const char *tu_path(char *buf, size_t size, const char *dir, const char *name)
{
    snprintf(buf, size, "%s/%s", dir, name);
    return buf;
}

/* The matches of one term in db (SK_XSEARCH_OPTS_INIT: the first 10); the
 * caller frees them. */
static inline sk_xmset *tu_term_matches(sk_xdb *db, const char *term)
{
    sk_err err = SK_ERR_INIT;
    sk_xquery *q = NULL;
    assert_int_equal(sk_xquery_term(&q, term, strlen(term), &err), SK_OK);
    sk_xsearch_opts o = SK_XSEARCH_OPTS_INIT;
    sk_xmset *m = NULL;
    assert_int_equal(sk_xdb_search(&m, db, q, &o, &err), SK_OK);
    sk_xquery_free(q);
    return m;
}

/* A hit on NUIT's case 13/21, met 2021-05-20, at pages 26-27 of its papers,
 * for the tests of what is made from results; the rest is the caller's. */
static inline sk_hit tu_hit(size_t rank, double score)
{
    sk_hit h = {0};
    h.rank = rank;
    h.score = score;
    h.file = "nuit/2021/2021-05-20-nuit-saksdokumenter.pdf";
    h.format = "pdf";
    h.page_from = 26;
    h.page_to = 27;
    h.body = "NUIT";
    h.meeting_date = "2021-05-20";
    h.case_no = "13/21";
    h.role = "case";
    return h;
}

#define assert_prefix(str, prefix) assert_true(strncmp((str), (prefix), strlen(prefix)) == 0)
#define assert_contains(str, needle) assert_non_null(strstr((str), (needle)))
#define assert_not_contains(str, needle) assert_null(strstr((str), (needle)))

#endif
