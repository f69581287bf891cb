/* access.c: the access file's rules (see include/saksok/store/access.h). */
#include "saksok/store/access.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "saksok/base/buf.h"

typedef struct rule {
    char *prefix;
    char *groups; /* "g1,g2": sorted, each once */
} rule;

struct sk_access {
    rule *rules; /* sorted by prefix */
    size_t n;
    char *text; /* canonical text */
};

int sk_group_name_ok(const char *name, size_t len)
{
    if (len == 0 || len > SK_GROUP_NAME_MAX)
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c <= ' ' || c == 0x7f || c == ',' || c == ':' || c == '#')
            return 0;
    }
    return 1;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_rule(const void *a, const void *b)
{
    return strcmp(((const rule *)a)->prefix, ((const rule *)b)->prefix);
}

/* "b, a,b" -> "a,b" in *out (malloc'd); SK_EINVAL for a bad name. */
static int canonical_groups(const char *s, size_t len, size_t line, char **out, sk_err *err)
{
    char *copy = strndup(s, len);
    char *names[SK_ACCESS_MAX_GROUPS];
    size_t n = 0;
    int rc = copy ? SK_OK : sk_err_set(err, SK_ENOMEM, "out of memory");
    for (char *save = NULL, *tok = copy ? strtok_r(copy, ",", &save) : NULL; tok && rc == SK_OK;
         tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ')
            tok++;
        size_t tl = strlen(tok);
        while (tl && (tok[tl - 1] == ' ' || tok[tl - 1] == '\t' || tok[tl - 1] == '\r'))
            tok[--tl] = '\0';
        if (!sk_group_name_ok(tok, tl))
            rc = sk_err_set(err, SK_EINVAL, "line %zu: '%.40s' is not a group name", line, tok);
        else if (n == SK_ACCESS_MAX_GROUPS)
            rc = sk_err_set(err, SK_ELIMIT, "line %zu: more than %d groups", line,
                            SK_ACCESS_MAX_GROUPS);
        else
            names[n++] = tok;
    }
    if (rc == SK_OK && n == 0)
        rc = sk_err_set(err, SK_EINVAL, "line %zu: no group after the tab", line);
    sk_buf b = SK_BUF_INIT;
    if (rc == SK_OK) {
        qsort(names, n, sizeof *names, cmp_str);
        for (size_t i = 0; i < n && rc == SK_OK; i++)
            if (i == 0 || strcmp(names[i], names[i - 1]) != 0)
                rc = sk_buf_printf(&b, err, "%s%s", b.len ? "," : "", names[i]);
    }
    free(copy);
    *out = rc == SK_OK ? sk_buf_detach(&b, NULL) : NULL;
    sk_buf_release(&b);
    return rc == SK_OK && *out == NULL ? sk_err_set(err, SK_ENOMEM, "out of memory") : rc;
}

/* One line (without its newline) -> a rule appended to a; comments and
 * blank lines add nothing. */
static int parse_line(const char *s, size_t len, size_t line, void *payload, sk_err *err)
{
    sk_access *a = payload;
    while (len && (s[len - 1] == '\r'))
        len--;
    size_t blank = 0;
    while (blank < len && (s[blank] == ' ' || s[blank] == '\t'))
        blank++;
    if (blank == len || s[blank] == '#')
        return SK_OK;
    const char *tab = memchr(s, '\t', len);
    if (tab == NULL)
        return sk_err_set(err, SK_EINVAL, "line %zu: no tab between the path and the groups", line);
    const char *g = tab + 1, *end = s + len;
    const char *hash = memchr(g, '#', (size_t)(end - g));
    if (hash)
        end = hash;
    if (memchr(s, '\0', len) != NULL)
        return sk_err_set(err, SK_EINVAL, "line %zu: a NUL byte", line);
    if (a->n == SK_ACCESS_MAX_RULES)
        return sk_err_set(err, SK_ELIMIT, "more than %d rules", SK_ACCESS_MAX_RULES);
    rule r = {strndup(s, (size_t)(tab - s)), NULL};
    int rc = r.prefix ? canonical_groups(g, (size_t)(end - g), line, &r.groups, err)
                      : sk_err_set(err, SK_ENOMEM, "out of memory");
    rule *grown = rc == SK_OK ? realloc(a->rules, (a->n + 1) * sizeof *grown) : NULL;
    if (rc == SK_OK && grown == NULL)
        rc = sk_err_set(err, SK_ENOMEM, "out of memory");
    if (rc != SK_OK) {
        free(r.prefix);
        free(r.groups);
        return rc;
    }
    a->rules = grown;
    a->rules[a->n++] = r;
    return SK_OK;
}

static int make_text(sk_access *a, sk_err *err)
{
    if (a->n)
        qsort(a->rules, a->n, sizeof *a->rules, cmp_rule);
    sk_buf b = SK_BUF_INIT;
    int rc = sk_buf_puts(&b, "", err);
    for (size_t i = 0; i < a->n && rc == SK_OK; i++) {
        if (i > 0 && strcmp(a->rules[i].prefix, a->rules[i - 1].prefix) == 0)
            rc = sk_err_set(err, SK_EINVAL, "the path '%.60s' has two rules", a->rules[i].prefix);
        else
            rc = sk_buf_printf(&b, err, "%s\t%s\n", a->rules[i].prefix, a->rules[i].groups);
    }
    a->text = rc == SK_OK ? sk_buf_detach(&b, NULL) : NULL;
    sk_buf_release(&b);
    return rc == SK_OK && a->text == NULL ? sk_err_set(err, SK_ENOMEM, "out of memory") : rc;
}

int sk_access_parse(sk_access **out, const char *text, size_t len, sk_err *err)
{
    *out = NULL;
    sk_access *a = calloc(1, sizeof *a);
    if (a == NULL)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    int rc = sk_lines_each(text, len, 0, parse_line, a, err);
    if (rc == SK_OK)
        rc = make_text(a, err);
    if (rc != SK_OK) {
        sk_access_free(a);
        return rc;
    }
    *out = a;
    return SK_OK;
}

static int parse_text(const char *text, size_t len, void *payload, sk_err *err)
{
    return sk_access_parse(payload, text, len, err);
}

int sk_access_load(sk_access **out, const char *path, sk_err *err)
{
    *out = NULL;
    return sk_file_parse(path, (size_t)16 << 20, parse_text, out, err);
}

void sk_access_free(sk_access *a)
{
    if (a == NULL)
        return;
    for (size_t i = 0; i < a->n; i++) {
        free(a->rules[i].prefix);
        free(a->rules[i].groups);
    }
    free(a->rules);
    free(a->text);
    free(a);
}

const char *sk_access_groups(const sk_access *a, const char *rel)
{
    if (a == NULL)
        return NULL;
    const rule *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < a->n; i++) {
        size_t pl = strlen(a->rules[i].prefix);
        if ((best == NULL || pl > best_len) && strncmp(rel, a->rules[i].prefix, pl) == 0) {
            best = &a->rules[i];
            best_len = pl;
        }
    }
    return best ? best->groups : NULL;
}

const char *sk_access_text(const sk_access *a)
{
    return a && a->text ? a->text : "";
}

size_t sk_access_count(const sk_access *a)
{
    return a ? a->n : 0;
}

int sk_access_allows(const char *csv, const char *const *groups, size_t n)
{
    if (csv == NULL)
        return 1;
    for (const char *p = csv; *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        for (size_t i = 0; i < n; i++)
            if (strlen(groups[i]) == len && memcmp(groups[i], p, len) == 0)
                return 1;
        p += len + (comma != NULL);
    }
    return 0;
}
