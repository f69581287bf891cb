/* discover.c: walking roots for PDF and HTML files (see include/saksok/indexer/discover.h). */
#include "saksok/indexer/discover.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "saksok/base/text.h"

#define MAX_DEPTH 64

typedef struct dir_id {
    dev_t dev;
    ino_t ino;
} dir_id;

typedef struct walk {
    sk_filelist *out;
    sk_discover_warn_cb warn;
    void *payload;
    const char *root; /* the root's real path: nothing outside it is indexed */
    dir_id *seen;     /* directories entered so far: a symlink loop comes back to one */
    size_t n_seen, alloc_seen;
    sk_err *err;
} walk;

static void warn(walk *w, const char *path, const char *reason)
{
    if (w->warn)
        w->warn(path, reason, w->payload);
}

static char *join(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    int slash = la > 0 && a[la - 1] != '/';
    char *p = malloc(la + lb + 2);
    if (p == NULL)
        return NULL;
    memcpy(p, a, la);
    if (slash)
        p[la++] = '/';
    memcpy(p + la, b, lb + 1);
    return p;
}

static long long mtime_ns(const struct stat *st)
{
    return (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
}

static int add_file(walk *w, const char *abs, const char *rel, const struct stat *st, sk_format fmt)
{
    sk_filelist *l = w->out;
    if (l->n == l->alloc) {
        size_t n = l->alloc ? l->alloc * 2 : 64;
        sk_file *p = realloc(l->files, n * sizeof *p);
        if (p == NULL)
            return sk_err_set(w->err, SK_ENOMEM, "out of memory");
        l->files = p;
        l->alloc = n;
    }
    sk_file f = {strdup(rel), strdup(abs), (long long)st->st_size, mtime_ns(st), fmt, 0};
    if (f.rel == NULL || f.abs == NULL) {
        free(f.rel);
        free(f.abs);
        return sk_err_set(w->err, SK_ENOMEM, "out of memory");
    }
    l->files[l->n++] = f;
    return SK_OK;
}

static int enter_dir(walk *w, const struct stat *st)
{
    for (size_t i = 0; i < w->n_seen; i++)
        if (w->seen[i].dev == st->st_dev && w->seen[i].ino == st->st_ino)
            return 0;
    if (w->n_seen == w->alloc_seen) {
        size_t n = w->alloc_seen ? w->alloc_seen * 2 : 32;
        dir_id *p = realloc(w->seen, n * sizeof *p);
        if (p == NULL)
            return -1;
        w->seen = p;
        w->alloc_seen = n;
    }
    w->seen[w->n_seen++] = (dir_id){st->st_dev, st->st_ino};
    return 1;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk_dir(walk *w, const char *abs, const char *rel, int depth);

/* Is path (a real path) root or below it? */
static int under_root(const char *root, const char *path)
{
    size_t n = strlen(root);
    if (n == 1 && root[0] == '/')
        return 1;
    return strncmp(path, root, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* A symbolic link: where it leads (malloc'd) if that is inside the root;
 * else NULL, with a warning. */
static char *follow_link(walk *w, const char *abs)
{
    char *real = realpath(abs, NULL);
    if (real == NULL) {
        warn(w, abs, errno == ELOOP ? "symbolic link loop" : strerror(errno));
        return NULL;
    }
    if (!under_root(w->root, real)) {
        warn(w, abs, "symbolic link leads outside the root, skipped");
        free(real);
        return NULL;
    }
    return real;
}

static int visit_real(walk *w, const char *abs, const char *rel, const struct stat *st, int depth);

static int visit(walk *w, const char *abs, const char *rel, int depth)
{
    struct stat st;
    if (lstat(abs, &st) != 0) {
        warn(w, abs, strerror(errno));
        return SK_OK;
    }
    if (!S_ISLNK(st.st_mode))
        return visit_real(w, abs, rel, &st, depth);
    /* Followed only inside the root, and opened by its real path from here on. */
    char *real = follow_link(w, abs);
    if (real == NULL)
        return SK_OK;
    int rc = SK_OK;
    if (stat(real, &st) != 0)
        warn(w, abs, strerror(errno));
    else
        rc = visit_real(w, real, rel, &st, depth);
    free(real);
    return rc;
}

static int visit_real(walk *w, const char *abs, const char *rel, const struct stat *st, int depth)
{
    if (S_ISDIR(st->st_mode)) {
        int fresh = enter_dir(w, st);
        if (fresh < 0)
            return sk_err_set(w->err, SK_ENOMEM, "out of memory");
        if (fresh == 0) {
            warn(w, abs, "directory already visited (symbolic link loop?), skipped");
            return SK_OK;
        }
        if (depth >= MAX_DEPTH) {
            warn(w, abs, "directories nested too deep, skipped");
            return SK_OK;
        }
        return walk_dir(w, abs, rel, depth + 1);
    }
    if (!S_ISREG(st->st_mode))
        return SK_OK;
    sk_format fmt = sk_format_of_path(rel);
    if (fmt == SK_FORMAT_UNKNOWN)
        return SK_OK;
    return add_file(w, abs, rel, st, fmt);
}

static int walk_dir(walk *w, const char *abs, const char *rel, int depth)
{
    DIR *d = opendir(abs);
    if (d == NULL) {
        warn(w, abs, strerror(errno));
        return SK_OK;
    }
    char **names = NULL;
    size_t n = 0, alloc = 0;
    int rc = SK_OK;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        if (n == alloc) {
            size_t na = alloc ? alloc * 2 : 32;
            char **p = realloc(names, na * sizeof *p);
            if (p == NULL) {
                rc = sk_err_set(w->err, SK_ENOMEM, "out of memory");
                break;
            }
            names = p;
            alloc = na;
        }
        if ((names[n] = strdup(de->d_name)) == NULL) {
            rc = sk_err_set(w->err, SK_ENOMEM, "out of memory");
            break;
        }
        n++;
    }
    closedir(d);
    if (rc == SK_OK && n > 1)
        qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n && rc == SK_OK; i++) {
        char *cabs = join(abs, names[i]);
        char *crel = rel[0] ? join(rel, names[i]) : strdup(names[i]);
        if (cabs == NULL || crel == NULL)
            rc = sk_err_set(w->err, SK_ENOMEM, "out of memory");
        else
            rc = visit(w, cabs, crel, depth);
        free(cabs);
        free(crel);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

int sk_discover(sk_filelist *out, const char *root, sk_discover_warn_cb warn_cb, void *payload,
                sk_err *err)
{
    struct stat st;
    if (stat(root, &st) != 0)
        return sk_err_set(err, SK_EIO, "cannot read %s: %s", root, strerror(errno));
    char *real_root = realpath(root, NULL);
    if (real_root == NULL)
        return sk_err_set(err, SK_EIO, "cannot read %s: %s", root, strerror(errno));
    walk w = {.out = out, .warn = warn_cb, .payload = payload, .root = real_root, .err = err};
    int rc;
    if (S_ISDIR(st.st_mode)) {
        enter_dir(&w, &st);
        rc = walk_dir(&w, root, "", 0);
    } else {
        const char *base = strrchr(root, '/');
        base = base ? base + 1 : root;
        sk_format fmt = sk_format_of_path(root);
        rc = fmt == SK_FORMAT_UNKNOWN
                 ? sk_err_set(err, SK_EINVAL, "%s is neither a folder nor a PDF or HTML file", root)
                 : add_file(&w, root, base, &st, fmt);
    }
    free(w.seen);
    free(real_root);
    return rc;
}

void sk_filelist_release(sk_filelist *list)
{
    for (size_t i = 0; i < list->n; i++) {
        free(list->files[i].rel);
        free(list->files[i].abs);
    }
    free(list->files);
    list->files = NULL;
    list->n = list->alloc = 0;
}

int sk_file_hash(unsigned long long *out, const char *path, sk_err *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return sk_err_set(err, SK_EIO, "cannot open: %s", strerror(errno));
    sk_xxh64 h;
    sk_xxh64_init(&h);
    unsigned char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        sk_xxh64_add(&h, buf, n);
    int bad = ferror(f);
    fclose(f);
    if (bad)
        return sk_err_set(err, SK_EIO, "cannot read: %s", strerror(errno));
    unsigned long long v = sk_xxh64_end(&h);
    *out = v ? v : 1; /* 0 means "not computed" */
    return SK_OK;
}
