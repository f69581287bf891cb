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

#define assert_prefix(str, prefix) assert_true(strncmp((str), (prefix), strlen(prefix)) == 0)
#define assert_contains(str, needle) assert_non_null(strstr((str), (needle)))
#define assert_not_contains(str, needle) assert_null(strstr((str), (needle)))

#endif
