/* groups.c: the groups file and users' views (see include/saksok/query/groups.h). */
#include "saksok/query/groups.h"

#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "saksok/store/access.h"
#include "saksok/base/buf.h"

typedef struct member {
    char *user;
    char *group;
} member;

struct sk_groups {
    member *m; /* sorted by user, then group */
    size_t n;
};

static int cmp_member(const void *a, const void *b)
{
    const member *x = a, *y = b;
    int c = strcmp(x->user, y->user);
    return c ? c : strcmp(x->group, y->group);
}

static int add_member(sk_groups *g, const char *user, size_t ul, const char *group, size_t gl,
                      sk_err *err)
{
    member *grown = realloc(g->m, (g->n + 1) * sizeof *grown);
    if (grown == NULL)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    g->m = grown;
    member mb = {strndup(user, ul), strndup(group, gl)};
    if (mb.user == NULL || mb.group == NULL) {
        free(mb.user);
        free(mb.group);
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    }
    g->m[g->n++] = mb;
    return SK_OK;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static int parse_line(const char *s, size_t len, size_t line, void *payload, sk_err *err)
{
    sk_groups *g = payload;
    size_t i = 0;
    while (i < len && is_space(s[i]))
        i++;
    if (i == len || s[i] == '#')
        return SK_OK;
    const char *colon = memchr(s, ':', len);
    if (colon == NULL)
        return sk_err_set(err, SK_EINVAL, "line %zu: no ':' after the group's name", line);
    size_t gs = i, ge = (size_t)(colon - s);
    while (ge > gs && is_space(s[ge - 1]))
        ge--;
    if (!sk_group_name_ok(s + gs, ge - gs))
        return sk_err_set(err, SK_EINVAL, "line %zu: '%.*s' is not a group name", line,
                          (int)(ge - gs < 40 ? ge - gs : 40), s + gs);
    int rc = SK_OK;
    for (size_t at = (size_t)(colon - s) + 1; at < len && rc == SK_OK;) {
        while (at < len && is_space(s[at]))
            at++;
        size_t start = at;
        while (at < len && !is_space(s[at]))
            at++;
        if (at > start && at - start > SK_USER_NAME_MAX)
            rc = sk_err_set(err, SK_EINVAL, "line %zu: a user name longer than %d bytes", line,
                            SK_USER_NAME_MAX);
        else if (at > start)
            rc = add_member(g, s + start, at - start, s + gs, ge - gs, err);
    }
    return rc;
}

int sk_groups_parse(sk_groups **out, const char *text, size_t len, sk_err *err)
{
    *out = NULL;
    sk_groups *g = calloc(1, sizeof *g);
    if (g == NULL)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    int rc = memchr(text, '\0', len) ? sk_err_set(err, SK_EINVAL, "a NUL byte") : SK_OK;
    if (rc == SK_OK)
        rc = sk_lines_each(text, len, SK_GROUPS_MAX_LINES, parse_line, g, err);
    if (rc != SK_OK) {
        sk_groups_free(g);
        return rc;
    }
    if (g->n)
        qsort(g->m, g->n, sizeof *g->m, cmp_member);
    *out = g;
    return SK_OK;
}

static int parse_text(const char *text, size_t len, void *payload, sk_err *err)
{
    return sk_groups_parse(payload, text, len, err);
}

int sk_groups_load(sk_groups **out, const char *path, sk_err *err)
{
    *out = NULL;
    return sk_file_parse(path, (size_t)16 << 20, parse_text, out, err);
}

void sk_groups_free(sk_groups *g)
{
    if (g == NULL)
        return;
    for (size_t i = 0; i < g->n; i++) {
        free(g->m[i].user);
        free(g->m[i].group);
    }
    free(g->m);
    free(g);
}

int sk_view_add(sk_view *v, const char *group, sk_err *err)
{
    size_t at = 0;
    while (at < v->n && strcmp(v->groups[at], group) < 0)
        at++;
    if (at < v->n && strcmp(v->groups[at], group) == 0)
        return SK_OK;
    if (v->n == SK_VIEW_MAX_GROUPS)
        return sk_err_set(err, SK_ELIMIT, "a user in more than %d groups", SK_VIEW_MAX_GROUPS);
    char **grown = realloc(v->groups, (v->n + 1) * sizeof *grown);
    if (grown == NULL)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    v->groups = grown;
    char *copy = strdup(group);
    if (copy == NULL)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    memmove(v->groups + at + 1, v->groups + at, (v->n - at) * sizeof *v->groups);
    v->groups[at] = copy;
    v->n++;
    return SK_OK;
}

void sk_view_release(sk_view *v)
{
    for (size_t i = 0; i < v->n; i++)
        free(v->groups[i]);
    free(v->groups);
    v->groups = NULL;
    v->n = 0;
}

/* Add the groups g gives user. */
static int add_user_groups(sk_view *v, const sk_groups *g, const char *user, sk_err *err)
{
    if (g == NULL || user == NULL || *user == '\0')
        return SK_OK;
    size_t lo = 0, hi = g->n;
    while (lo < hi) { /* the first member of user */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(g->m[mid].user, user) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    int rc = SK_OK;
    for (size_t i = lo; i < g->n && strcmp(g->m[i].user, user) == 0 && rc == SK_OK; i++)
        rc = sk_view_add(v, g->m[i].group, err);
    return rc;
}

int sk_view_for_user(sk_view *v, const sk_groups *g, const char *user, sk_err *err)
{
    sk_view_release(v);
    int rc = add_user_groups(v, g, user, err);
    if (rc != SK_OK)
        sk_view_release(v);
    return rc;
}

/* Add the name of Unix group gid (a group without a name adds nothing). */
static int add_unix_group(sk_view *v, gid_t gid, sk_err *err)
{
    struct group gr, *res = NULL;
    char buf[16384];
    if (getgrgid_r(gid, &gr, buf, sizeof buf, &res) != 0 || res == NULL)
        return SK_OK;
    return sk_group_name_ok(res->gr_name, strlen(res->gr_name)) ? sk_view_add(v, res->gr_name, err)
                                                                : SK_OK;
}

int sk_view_for_caller(sk_view *v, const sk_groups *g, sk_err *err)
{
    sk_view_release(v);
    struct passwd pw, *res = NULL;
    char buf[16384];
    int rc = SK_OK;
    if (getpwuid_r(getuid(), &pw, buf, sizeof buf, &res) == 0 && res != NULL)
        rc = add_user_groups(v, g, res->pw_name, err);
    if (rc == SK_OK)
        rc = add_unix_group(v, getgid(), err);
    gid_t list[SK_VIEW_MAX_GROUPS];
    int n = getgroups(SK_VIEW_MAX_GROUPS, list);
    for (int i = 0; i < n && rc == SK_OK; i++)
        rc = add_unix_group(v, list[i], err);
    if (rc != SK_OK)
        sk_view_release(v);
    return rc;
}
