/* shards.c: shard specs and the shard of a file (see include/saksok/store/shards.h). */
#include "saksok/store/shards.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "saksok/store/terms.h"
#include "saksok/base/text.h"

static void spec_release(sk_shard_spec *s)
{
    free(s->name);
    free(s->path);
    free(s->host);
    free(s->program);
    free(s->args);
}

void sk_shard_list_release(sk_shard_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        spec_release(&l->v[i]);
    free(l->v);
    *l = (sk_shard_list){0};
}

static char *dup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

/* Append spec (its strings are taken over, also on failure). */
static int push(sk_shard_list *out, sk_shard_spec spec, sk_err *err)
{
    sk_shard_spec *v = NULL;
    int rc = SK_OK;
    if (out->n >= SK_SHARD_MAX)
        rc = sk_err_set(err, SK_ELIMIT, "more than %d shards", SK_SHARD_MAX);
    else if (spec.name == NULL || (spec.kind == SK_SHARD_LOCAL && spec.path == NULL) ||
             (spec.kind == SK_SHARD_TCP && spec.host == NULL) ||
             (spec.kind == SK_SHARD_PROG && (spec.program == NULL || spec.args == NULL)) ||
             (v = realloc(out->v, (out->n + 1) * sizeof *v)) == NULL)
        rc = sk_err_set(err, SK_ENOMEM, "out of memory");
    if (rc != SK_OK) {
        spec_release(&spec);
        return rc;
    }
    v[out->n++] = spec;
    out->v = v;
    return SK_OK;
}

/* "remote" lines: ":HOST:PORT" or "HOST:PORT" (no space), else a program
 * and its arguments (a leading ':' dropped, as Xapian writes it). */
static int parse_remote(sk_shard_list *out, const char *s, size_t n, const char *line,
                        size_t line_len, unsigned line_no, sk_err *err)
{
    sk_shard_spec spec = {.name = dup_n(line, line_len)};
    const char *space = memchr(s, ' ', n);
    if (n && s[0] == ':' && space) {
        s++;
        n--;
        space = memchr(s, ' ', n);
    }
    if (space) {
        size_t pn = (size_t)(space - s);
        spec.kind = SK_SHARD_PROG;
        spec.program = dup_n(s, pn);
        spec.args = dup_n(space + 1, n - pn - 1);
        if (pn == 0) {
            spec_release(&spec);
            return sk_err_set(err, SK_ESYNTAX, "line %u: remote without a program", line_no);
        }
        return push(out, spec, err);
    }
    if (n && s[0] == ':') {
        s++;
        n--;
    }
    const char *colon = NULL;
    for (size_t i = 0; i < n; i++)
        if (s[i] == ':')
            colon = s + i;
    char *end = NULL;
    unsigned long port = colon ? strtoul(colon + 1, &end, 10) : 0;
    if (colon == NULL || colon == s || end != s + n || colon + 1 == end || port == 0 ||
        port > 65535) {
        spec_release(&spec);
        return sk_err_set(err, SK_ESYNTAX, "line %u: remote wants :HOST:PORT or a program",
                          line_no);
    }
    spec.kind = SK_SHARD_TCP;
    spec.host = dup_n(s, (size_t)(colon - s));
    spec.port = (unsigned)port;
    return push(out, spec, err);
}

static int parse_local(sk_shard_list *out, const char *s, size_t n, const char *dir, sk_err *err)
{
    sk_shard_spec spec = {.kind = SK_SHARD_LOCAL};
    if (s[0] != '/' && dir && *dir) {
        size_t dn = strlen(dir);
        spec.path = malloc(dn + 1 + n + 1);
        if (spec.path)
            snprintf(spec.path, dn + 1 + n + 1, "%s/%.*s", dir, (int)n, s);
    } else {
        spec.path = dup_n(s, n);
    }
    spec.name = spec.path ? strdup(spec.path) : NULL;
    return push(out, spec, err);
}

int sk_shard_list_parse(sk_shard_list *out, const char *text, size_t len, const char *dir,
                        sk_err *err)
{
    unsigned line_no = 0;
    for (size_t at = 0; at < len;) {
        const char *line = text + at;
        const char *nl = memchr(line, '\n', len - at);
        size_t n = nl ? (size_t)(nl - line) : len - at;
        at += n + 1;
        line_no++;
        while (n && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
            n--;
        if (n == 0 || line[0] == '#')
            continue;
        const char *sp = memchr(line, ' ', n);
        size_t tn = sp ? (size_t)(sp - line) : n;
        const char *arg = sp ? sp + 1 : line + n;
        size_t an = n - (size_t)(arg - line);
        int rc;
        if (an && ((tn == 4 && memcmp(line, "auto", 4) == 0) ||
                   (tn == 5 && memcmp(line, "glass", 5) == 0)))
            rc = parse_local(out, arg, an, dir, err);
        else if (an && tn == 6 && memcmp(line, "remote", 6) == 0)
            rc = parse_remote(out, arg, an, line, n, line_no, err);
        else
            rc = sk_err_set(err, SK_ESYNTAX, "line %u: not a shard line (auto DIR, remote ...)",
                            line_no);
        if (rc != SK_OK)
            return rc;
    }
    return SK_OK;
}

int sk_shard_list_add(sk_shard_list *out, const char *path, sk_err *err)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return sk_err_set(err, errno == ENOENT ? SK_ENOTFOUND : SK_EIO, "%s: %s", path,
                          strerror(errno));
    if (!S_ISREG(st.st_mode))
        return parse_local(out, path, strlen(path), NULL, err);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return sk_err_set(err, SK_EIO, "%s: %s", path, strerror(errno));
    char buf[65536];
    size_t n = fread(buf, 1, sizeof buf, f);
    int bad = ferror(f) || !feof(f);
    fclose(f);
    if (bad)
        return sk_err_set(err, SK_EIO, "%s: cannot read it whole (at most 64 kB)", path);
    char dir[4096];
    const char *slash = strrchr(path, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
    if (slash == path)
        snprintf(dir, sizeof dir, "/");
    size_t before = out->n;
    int rc = sk_shard_list_parse(out, buf, n, dir, err);
    if (rc == SK_OK && out->n == before)
        rc = sk_err_set(err, SK_EINVAL, "names no shard");
    if (rc != SK_OK)
        sk_err_prefix(err, "%s", path);
    return rc;
}

int sk_shard_parse_arg(unsigned *k, unsigned *n, const char *arg, sk_err *err)
{
    char *end = NULL;
    unsigned long a = strtoul(arg, &end, 10), b = 0;
    int ok = end != arg && *end == '/' && arg[0] >= '0' && arg[0] <= '9';
    if (ok) {
        const char *s = end + 1;
        b = strtoul(s, &end, 10);
        ok = end != s && *end == '\0' && s[0] >= '0' && s[0] <= '9';
    }
    if (!ok || a < 1 || a > b || b > SK_SHARD_MAX)
        return sk_err_set(err, SK_EINVAL, "--shard wants K/N with 1 <= K <= N <= %d, not '%s'",
                          SK_SHARD_MAX, arg);
    *k = (unsigned)a;
    *n = (unsigned)b;
    return SK_OK;
}

unsigned sk_shard_of(const char *rel, unsigned n)
{
    if (n <= 1)
        return 1;
    return (unsigned)(sk_hash64(rel, strlen(rel)) % n) + 1;
}
