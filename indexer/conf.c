/* conf.c: the configuration file (see include/saksok/base/conf.h). */
#define _GNU_SOURCE /* secure_getenv */
#include "saksok/base/conf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "saksok/base/paths.h"

#define MAX_FILE (1024 * 1024) /* a configuration is a few lines */

typedef struct entry {
    char *name;
    char *value;
} entry;

struct sk_conf {
    entry *e;
    size_t n, alloc;
};

static int is_name_start(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int is_name_char(char c)
{
    return is_name_start(c) || (c >= '0' && c <= '9');
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* Set name (nlen bytes) to value (vlen bytes); a later setting replaces an earlier one. */
static int put(sk_conf *c, const char *name, size_t nlen, const char *value, size_t vlen,
               sk_err *err)
{
    char *v = strndup(value, vlen);
    if (v == NULL)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    for (size_t i = 0; i < c->n; i++) {
        if (strlen(c->e[i].name) == nlen && memcmp(c->e[i].name, name, nlen) == 0) {
            free(c->e[i].value);
            c->e[i].value = v;
            return SK_OK;
        }
    }
    if (c->n == c->alloc) {
        size_t na = c->alloc ? c->alloc * 2 : 8;
        entry *ne = realloc(c->e, na * sizeof *ne);
        if (ne == NULL) {
            free(v);
            return sk_err_set(err, SK_ENOMEM, "out of memory");
        }
        c->e = ne;
        c->alloc = na;
    }
    char *n = strndup(name, nlen);
    if (n == NULL) {
        free(v);
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    }
    c->e[c->n++] = (entry){.name = n, .value = v};
    return SK_OK;
}

/* The value starting at *p (line ends at end): its bytes in [*vs, *vs + *vlen).
 * Returns NULL, or what is wrong with it. */
static const char *read_value(const char **p, const char *end, const char **vs, size_t *vlen)
{
    const char *s = *p;
    if (s < end && (*s == '"' || *s == '\'')) {
        char q = *s++;
        const char *close = memchr(s, q, (size_t)(end - s));
        if (close == NULL)
            return "the quote is not closed on this line";
        for (const char *t = s; q == '"' && t < close; t++)
            if (*t == '$' || *t == '`' || *t == '\\')
                return "$, ` and \\ are not allowed inside \"...\" (use '...')";
        *vs = s;
        *vlen = (size_t)(close - s);
        *p = close + 1;
        return NULL;
    }
    *vs = s;
    while (s < end && !is_blank(*s)) {
        if (strchr("\"'$`\\;&|<>()#~", *s))
            return "a value with quotes, blanks or any of $ ` \\ ; & | < > ( ) # ~ must be quoted";
        s++;
    }
    *vlen = (size_t)(s - *vs);
    *p = s;
    return NULL;
}

/* One line (without its newline): nothing, a comment, or NAME=VALUE. */
static int parse_line(sk_conf *c, const char *s, const char *end, const char *file, int line_no,
                      sk_err *err)
{
    while (s < end && is_blank(*s))
        s++;
    if (s == end || *s == '#')
        return SK_OK;
    const char *name = s;
    if (!is_name_start(*s))
        return sk_err_set(err, SK_EINVAL, "%s:%d: expected NAME=VALUE", file, line_no);
    while (s < end && is_name_char(*s))
        s++;
    size_t nlen = (size_t)(s - name);
    if (s == end || *s != '=')
        return sk_err_set(err, SK_EINVAL, "%s:%d: expected '=' right after %.*s", file, line_no,
                          (int)(nlen > 64 ? 64 : nlen), name);
    s++;
    const char *vs = NULL;
    size_t vlen = 0;
    const char *why = read_value(&s, end, &vs, &vlen);
    if (why == NULL) {
        while (s < end && is_blank(*s))
            s++;
        if (s < end && (*s != '#' || !is_blank(s[-1])))
            why = "only a comment after a blank may follow the value";
    }
    if (why)
        return sk_err_set(err, SK_EINVAL, "%s:%d: %.*s: %s", file, line_no,
                          (int)(nlen > 64 ? 64 : nlen), name, why);
    return put(c, name, nlen, vs, vlen, err);
}

int sk_conf_parse(sk_conf **out, const char *text, size_t len, const char *name, sk_err *err)
{
    *out = NULL;
    sk_conf *c = calloc(1, sizeof *c);
    if (c == NULL)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    const char *p = text, *end = text + len;
    int rc = SK_OK;
    for (int line_no = 1; p < end && rc == SK_OK; line_no++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        if (memchr(p, '\0', (size_t)(le - p)))
            rc = sk_err_set(err, SK_EINVAL, "%s:%d: a NUL byte", name, line_no);
        else
            rc = parse_line(c, p, le, name, line_no, err);
        p = nl ? nl + 1 : end;
    }
    if (rc != SK_OK) {
        sk_conf_free(c);
        return rc;
    }
    *out = c;
    return SK_OK;
}

int sk_conf_load(sk_conf **out, const char *path, int missing_ok, sk_err *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        if (errno == ENOENT && missing_ok)
            return sk_conf_parse(out, "", 0, path, err);
        return sk_err_set(err, SK_EIO, "cannot read the configuration %s: %s", path,
                          strerror(errno));
    }
    char *buf = malloc(MAX_FILE);
    size_t n = buf ? fread(buf, 1, MAX_FILE, f) : 0;
    int bad = buf == NULL ? SK_ENOMEM : ferror(f) ? SK_EIO : n == MAX_FILE ? SK_ELIMIT : SK_OK;
    fclose(f);
    int rc = bad == SK_OK       ? sk_conf_parse(out, buf, n, path, err)
             : bad == SK_ENOMEM ? sk_err_set(err, bad, "out of memory")
                                : sk_err_set(err, bad, "cannot read the configuration %s: %s", path,
                                             bad == SK_ELIMIT ? "larger than 1 MB" : "read error");
    free(buf);
    return rc;
}

int sk_conf_load_default(sk_conf **out, sk_err *err)
{
    const char *path = sk_conf_path();
    if (path == NULL)
        return sk_conf_parse(out, "", 0, "(none)", err);
    /* A file named by $SAKSOK_CONF must exist; the installed one may be gone. */
    const char *env = secure_getenv("SAKSOK_CONF");
    return sk_conf_load(out, path, !(env && *env), err);
}

const char *sk_conf_get(const sk_conf *c, const char *name)
{
    const char *v = secure_getenv(name);
    if (v && *v)
        return v;
    for (size_t i = 0; c && i < c->n; i++)
        if (strcmp(c->e[i].name, name) == 0)
            return c->e[i].value;
    return NULL;
}

int sk_conf_bool(int *out, const sk_conf *c, const char *name, int dflt, sk_err *err)
{
    static const char *const yes[] = {"yes", "true", "on", "1"}, *const no[] = {"no", "false",
                                                                                "off", "0"};
    const char *v = sk_conf_get(c, name);
    *out = dflt;
    if (v == NULL || *v == '\0')
        return SK_OK;
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
        if (strcasecmp(v, yes[i]) == 0)
            return *out = 1, SK_OK;
        if (strcasecmp(v, no[i]) == 0)
            return *out = 0, SK_OK;
    }
    return sk_err_set(err, SK_EINVAL, "%s wants yes or no, not '%.64s'", name, v);
}

int sk_conf_long(long *out, const sk_conf *c, const char *name, long min, long max, long dflt,
                 sk_err *err)
{
    const char *v = sk_conf_get(c, name);
    *out = dflt;
    if (v == NULL || *v == '\0')
        return SK_OK;
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (*end != '\0' || errno || n < min || n > max)
        return sk_err_set(err, SK_EINVAL, "%s wants a number from %ld to %ld, not '%.64s'", name,
                          min, max, v);
    *out = n;
    return SK_OK;
}

void sk_conf_free(sk_conf *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->n; i++) {
        free(c->e[i].name);
        free(c->e[i].value);
    }
    free(c->e);
    free(c);
}
