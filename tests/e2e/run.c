/* run.c: fork/exec with captured stdout and stderr (see run.h). */
#include "run.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

typedef struct sink {
    char *data;
    size_t len, alloc;
} sink;

static void sink_add(sink *s, const char *p, size_t n)
{
    if (s->len + n + 1 > s->alloc) {
        size_t a = s->alloc ? s->alloc : 4096;
        while (a < s->len + n + 1)
            a *= 2;
        s->data = realloc(s->data, a);
        if (s->data == NULL)
            abort();
        s->alloc = a;
    }
    memcpy(s->data + s->len, p, n);
    s->len += n;
    s->data[s->len] = '\0';
}

int run_cmd(run_result *r, const char *const *argv, const char *const *env)
{
    memset(r, 0, sizeof *r);
    int po[2], pe[2];
    if (pipe(po) != 0 || pipe(pe) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        dup2(po[1], 1);
        dup2(pe[1], 2);
        close(po[0]);
        close(pe[0]);
        close(po[1]);
        close(pe[1]);
        for (size_t i = 0; env && env[i]; i++)
            putenv((char *)env[i]);
        execv(argv[0], (char *const *)argv);
        fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(po[1]);
    close(pe[1]);
    sink out = {0}, err = {0};
    sink_add(&out, "", 0);
    sink_add(&err, "", 0);
    struct pollfd fds[2] = {{po[0], POLLIN, 0}, {pe[0], POLLIN, 0}};
    int open_fds = 2;
    while (open_fds > 0) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            char buf[65536];
            ssize_t n = read(fds[i].fd, buf, sizeof buf);
            if (n <= 0) {
                close(fds[i].fd);
                fds[i].fd = -1;
                open_fds--;
            } else {
                sink_add(i == 0 ? &out : &err, buf, (size_t)n);
            }
        }
    }
    int st = 0;
    waitpid(pid, &st, 0);
    r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    r->out = out.data;
    r->err = err.data;
    return 0;
}

void run_result_release(run_result *r)
{
    free(r->out);
    free(r->err);
    memset(r, 0, sizeof *r);
}

int run_shf(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof cmd) {
        fprintf(stderr, "run_shf: command too long\n");
        return -1;
    }
    int rc = system(cmd);
    if (rc != 0)
        fprintf(stderr, "command failed (%d): %s\n", rc, cmd);
    return rc;
}

const char *env_or_die(const char *name)
{
    const char *v = getenv(name);
    if (v == NULL || *v == '\0') {
        fprintf(stderr, "%s is not set (run through ctest)\n", name);
        abort();
    }
    return v;
}

const char *last_line(const char *s, char *buf, size_t size)
{
    size_t len = strlen(s);
    while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r'))
        len--;
    size_t start = len;
    while (start > 0 && s[start - 1] != '\n')
        start--;
    snprintf(buf, size, "%.*s", (int)(len - start), s + start);
    return buf;
}

int run_tempdir(char *out, size_t size, const char *name)
{
    const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    if (snprintf(out, size, "%s/saksok-%s-XXXXXX", base, name) >= (int)size)
        return -1;
    return mkdtemp(out) ? 0 : -1;
}

int run_rmtree(const char *dir)
{
    return run_shf("chmod -R u+rwX '%s'; rm -rf '%s'", dir, dir) == 0 ? 0 : -1;
}

int run_index(run_result *r, const char *const *env, const char *db, const char *archive,
              const char *const *extra)
{
    const char *argv[32];
    size_t n = 0;
    argv[n++] = env_or_die("SAKSOK_INDEX_BIN");
    argv[n++] = "--no-ocr";
    argv[n++] = "--db";
    argv[n++] = db;
    for (size_t i = 0; extra && extra[i] && n < 28; i++)
        argv[n++] = extra[i];
    argv[n++] = archive;
    argv[n] = NULL;
    if (run_cmd(r, argv, env) != 0) {
        fprintf(stderr, "cannot start %s\n", argv[0]);
        abort();
    }
    return r->status;
}

long run_hits(const char *db, const char *q)
{
    const char *argv[] = {env_or_die("SAKSOK_QUERY_BIN"), "--db", db, "--json", q, NULL};
    run_result r;
    if (run_cmd(&r, argv, NULL) != 0)
        return -1;
    long n = -1;
    if (r.status == 0) {
        json_t *o = json_loads(r.out, 0, NULL);
        n = o ? (long)json_integer_value(json_object_get(o, "total")) : -1;
        json_decref(o);
    }
    run_result_release(&r);
    return n;
}
