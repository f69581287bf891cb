/* workers.c: extraction in confined child processes, the indexer's side
 * (see include/saksok/indexer/workers.h; the child's side is workers_child.c). */
#define _GNU_SOURCE
#include "saksok/indexer/workers.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "saksok/base/text.h"
#include "workers_msg.h"

extern char **environ;

#define HELLO_SECONDS 60.0 /* loading the extraction libraries, on a busy machine */

struct sk_xworker {
    sk_xworker_limits lim;
    char program[PATH_MAX];
    pid_t pid; /* 0: no child */
    int fd;
    int unfiltered;
    int pending;     /* a request was sent and its answer not read */
    double deadline; /* when the pending request's wall time runs out */
    sk_buf in, out;
};

int sk_xworker_new(sk_xworker **out, const sk_xworker_limits *limits, sk_err *err)
{
    *out = NULL;
    if (limits->cpu_seconds <= 0 || limits->wall_seconds <= 0)
        return sk_err_set(err, SK_EINVAL, "extraction limits must be more than 0 s");
    sk_xworker *w = calloc(1, sizeof *w);
    if (w == NULL)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    w->lim = *limits;
    w->fd = -1;
    const char *prog = limits->program ? limits->program : "/proc/self/exe";
    /* /proc/self/exe names this program now, even if it is replaced on disk. */
    ssize_t n = limits->program ? -1 : readlink(prog, w->program, sizeof w->program - 1);
    if (n > 0)
        w->program[n] = '\0';
    else if (snprintf(w->program, sizeof w->program, "%s", prog) >= (int)sizeof w->program) {
        free(w);
        return sk_err_set(err, SK_ELIMIT, "program path too long");
    }
    w->lim.program = NULL;
    *out = w;
    return SK_OK;
}

/* What a signal that ended a child most likely means. */
static const char *crash_hint(int sig)
{
    if (sig == SIGABRT || sig == SIGSEGV)
        return "; it may have run out of its memory limit";
    if (sig == SIGBUS) /* a read past the end of a mapped file that shrank */
        return "; the file shrank while it was read (written to as it was indexed?)";
    return "";
}

/* The child is gone or must go: kill it if it is still there, reap it, and
 * describe how it ended in why (when not NULL). Returns SK_ELIMIT when a
 * limit ended it, else SK_EINTERNAL. */
static int end_child(sk_xworker *w, int kill_it, char *why, size_t why_size)
{
    if (w->pid <= 0)
        return SK_EINTERNAL;
    if (w->fd >= 0)
        close(w->fd);
    w->fd = -1;
    if (kill_it)
        kill(w->pid, SIGKILL);
    int st = 0;
    while (waitpid(w->pid, &st, 0) < 0 && errno == EINTR)
        ;
    w->pid = 0;
    int limit = kill_it || (WIFSIGNALED(st) && WTERMSIG(st) == SIGXCPU);
    if (why == NULL)
        return limit ? SK_ELIMIT : SK_EINTERNAL;
    if (WIFSIGNALED(st) && WTERMSIG(st) == SIGXCPU)
        snprintf(why, why_size, "extraction killed: CPU time limit of %.0f s", w->lim.cpu_seconds);
    else if (kill_it)
        snprintf(why, why_size, "extraction killed: it took longer than %.0f s",
                 w->lim.wall_seconds);
    else if (WIFSIGNALED(st))
        snprintf(why, why_size, "extraction crashed (signal %d, %s)%s", WTERMSIG(st),
                 strsignal(WTERMSIG(st)), crash_hint(WTERMSIG(st)));
    else
        /* It ended in the middle of a file without an answer: a crash that
         * something in the child caught (a sanitizer, a library's handler). */
        snprintf(why, why_size, "extraction crashed (its process ended with status %d)",
                 WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    return limit ? SK_ELIMIT : SK_EINTERNAL;
}

void sk_xworker_free(sk_xworker *w)
{
    if (w == NULL)
        return;
    if (w->fd >= 0 && !w->pending) { /* a clean end of the stream: the child exits */
        close(w->fd);
        w->fd = -1;
    }
    end_child(w, w->pending, NULL, 0); /* one still extracting is killed */
    sk_buf_release(&w->in);
    sk_buf_release(&w->out);
    free(w);
}

int sk_xworker_unfiltered(const sk_xworker *w)
{
    return w->unfiltered;
}

/* Start the child: PROGRAM --extract-worker 3 MB, the channel as its fd 3. */
static int start_child(sk_xworker *w, sk_err *err)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
        return sk_err_set(err, SK_EIO, "cannot make a channel to an extraction process: %s",
                          strerror(errno));
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, sv[1], 3);
    char mb[32];
    snprintf(mb, sizeof mb, "%zu", w->lim.memory_mb);
    char *argv[] = {w->program, (char *)SK_XWORKER_ARG, (char *)"3", mb, NULL};
    pid_t pid = 0;
    int rc = posix_spawn(&pid, w->program, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(sv[1]);
    if (rc != 0) {
        close(sv[0]);
        return sk_err_set(err, SK_EIO, "cannot start an extraction process (%s): %s", w->program,
                          strerror(rc));
    }
    w->pid = pid;
    w->fd = sv[0];
    int hello = sk_msg_read(w->fd, &w->in, sk_msg_now() + HELLO_SECONDS);
    if (hello != 0 || w->in.data[0] != SK_MSG_HELLO) {
        char why[160];
        end_child(w, 1, why, sizeof why);
        return sk_err_set(err, SK_EINTERNAL, "the extraction process did not start (%s)", why);
    }
    sk_msg_reader r = {w->in.data + 1, w->in.data + w->in.len, 0};
    w->unfiltered = sk_msg_get_i64(&r) != 1;
    return SK_OK;
}

/* The child's CPU time so far (utime + stime), in seconds; -1 if unknown. */
static double child_cpu(pid_t pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *p = strrchr(buf, ')'); /* after the command name, which may hold anything */
    unsigned long ut = 0, st = 0;
    if (p == NULL ||
        sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
        return -1;
    return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

/* This file's CPU time: the child's so far and the limit on top. */
static int limit_cpu(sk_xworker *w, sk_err *err)
{
    double used = child_cpu(w->pid);
    if (used < 0)
        return sk_err_set(err, SK_EINTERNAL, "cannot read the extraction process's CPU time");
    struct rlimit rl = {(rlim_t)(used + w->lim.cpu_seconds + 1), RLIM_INFINITY};
    if (prlimit(w->pid, RLIMIT_CPU, &rl, NULL) != 0)
        return sk_err_set(err, SK_EINTERNAL, "cannot limit the extraction process: %s",
                          strerror(errno));
    return SK_OK;
}

static int send_request(sk_xworker *w, const char *path, const sk_extract_opts *o, sk_err *err)
{
    const char *cache = o ? o->ocr_cache_dir : NULL, *lang = o ? o->ocr_lang : NULL;
    int rc = sk_msg_begin(&w->out, SK_MSG_REQUEST, err);
    if (rc == SK_OK)
        rc = sk_msg_str(&w->out, path, strlen(path), err);
    if (rc == SK_OK)
        rc = sk_msg_i64(&w->out, o ? o->ocr : 0, err);
    if (rc == SK_OK)
        rc = sk_msg_str(&w->out, cache, cache ? strlen(cache) : 0, err);
    if (rc == SK_OK)
        rc = sk_msg_f64(&w->out, o ? o->ocr_page_seconds : 0, err);
    if (rc == SK_OK)
        rc = sk_msg_str(&w->out, lang, lang ? strlen(lang) : 0, err);
    if (rc != SK_OK)
        return rc;
    sk_msg_finish(&w->out);
    if (sk_msg_write(w->fd, &w->out) != 0)
        return sk_err_set(err, SK_EINTERNAL, "cannot reach the extraction process: %s",
                          strerror(errno));
    return SK_OK;
}

/* A warning from the child, passed on (checked: it is the child's text). */
static void pass_warning(sk_msg_reader *r, const sk_extract_opts *o)
{
    int64_t page = sk_msg_get_i64(r);
    char *msg = sk_msg_get_str(r, NULL);
    if (!r->bad && msg && o && o->warn && page >= 0 && page <= INT_MAX &&
        sk_utf8_valid(msg, strlen(msg)))
        o->warn((int)page, msg, o->warn_payload);
    free(msg);
}

static int valid_text(const char *s, size_t len)
{
    return s == NULL || (memchr(s, '\0', len) == NULL && sk_utf8_valid(s, len));
}

/* The pages of a result into out; 0, or -1 when they break the contract. */
static int read_pages(sk_msg_reader *r, sk_extracted *out)
{
    int64_t total = sk_msg_get_i64(r), n = sk_msg_get_i64(r);
    /* Each page takes at least 24 bytes of the message. */
    if (r->bad || total < 0 || total > INT_MAX || n < 0 || n > (r->end - r->p) / 24)
        return -1;
    out->n_pages_total = (int)total;
    out->pages = n ? calloc((size_t)n, sizeof *out->pages) : NULL;
    if (n && out->pages == NULL)
        return -1;
    size_t bytes = 0;
    for (int64_t i = 0; i < n; i++) {
        sk_xpage *pg = &out->pages[i];
        int64_t number = sk_msg_get_i64(r), ocr = sk_msg_get_i64(r);
        pg->text = sk_msg_get_str(r, &pg->text_len);
        out->n_pages = (size_t)i + 1;
        bytes += pg->text_len;
        if (r->bad || pg->text == NULL || number < 0 || number > INT_MAX ||
            (ocr != 0 && ocr != 1) || pg->text_len > SK_EXTRACT_MAX_PAGE_BYTES ||
            bytes > SK_EXTRACT_MAX_FILE_BYTES || !valid_text(pg->text, pg->text_len))
            return -1;
        pg->number = (int)number;
        pg->ocr = (int)ocr;
    }
    return 0;
}

/* The result message in w->in into out/stats/err; SK_EINTERNAL when it is not
 * one the contract allows (the caller then ends the child). */
static int read_result(sk_xworker *w, sk_extracted *out, sk_extract_stats *stats, sk_err *err,
                       int *malformed)
{
    sk_msg_reader r = {w->in.data + 1, w->in.data + w->in.len, 0};
    int64_t code = sk_msg_get_i64(&r);
    size_t mlen = 0;
    char *msg = sk_msg_get_str(&r, &mlen);
    sk_extract_stats st = {0};
    st.pages_ocred = (size_t)sk_msg_get_i64(&r);
    st.ocr_cache_hits = (size_t)sk_msg_get_i64(&r);
    st.ocr_timeouts = (size_t)sk_msg_get_i64(&r);
    st.ocr_seconds = sk_msg_get_f64(&r);
    st.render_seconds = sk_msg_get_f64(&r);
    int64_t format = sk_msg_get_i64(&r);
    size_t tlen = 0, slen = 0;
    out->title = sk_msg_get_str(&r, &tlen);
    out->site = sk_msg_get_str(&r, &slen);
    int bad = r.bad || code > 0 || code < SK_ETIMEOUT || !valid_text(msg, mlen) ||
              !valid_text(out->title, tlen) || !valid_text(out->site, slen) ||
              (code == SK_OK && format != SK_FORMAT_PDF && format != SK_FORMAT_HTML);
    out->format = bad ? SK_FORMAT_UNKNOWN : (sk_format)format;
    if (!bad && code == SK_OK)
        bad = read_pages(&r, out) != 0 || r.p != r.end;
    *malformed = bad;
    int rc;
    if (bad)
        rc = sk_err_set(err, SK_EINTERNAL, "the extraction process sent a malformed answer");
    else if (code != SK_OK)
        rc = sk_err_set(err, (sk_code)code, "%s", msg ? msg : "extraction failed");
    else
        rc = SK_OK;
    if (rc != SK_OK)
        sk_extracted_release(out);
    else if (stats) {
        stats->pages_ocred += st.pages_ocred;
        stats->ocr_cache_hits += st.ocr_cache_hits;
        stats->ocr_timeouts += st.ocr_timeouts;
        stats->ocr_seconds += st.ocr_seconds;
        stats->render_seconds += st.render_seconds;
    }
    free(msg);
    return rc;
}

int sk_xworker_send(sk_xworker *w, const char *path, const sk_extract_opts *opts, sk_err *err)
{
    if (w->pending)
        return sk_err_set(err, SK_EINTERNAL, "an extraction request is already pending");
    int rc = w->pid > 0 ? SK_OK : start_child(w, err);
    if (rc == SK_OK)
        rc = limit_cpu(w, err);
    if (rc == SK_OK)
        rc = send_request(w, path, opts, err);
    if (rc != SK_OK) {
        end_child(w, 1, NULL, 0);
        return rc;
    }
    w->pending = 1;
    w->deadline = sk_msg_now() + w->lim.wall_seconds;
    return SK_OK;
}

int sk_xworker_extract(sk_extracted *out, sk_xworker *w, const char *path,
                       const sk_extract_opts *opts, sk_extract_stats *stats, sk_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = sk_xworker_send(w, path, opts, err);
    return rc == SK_OK ? sk_xworker_receive(out, w, opts, stats, err) : rc;
}

int sk_xworker_receive(sk_extracted *out, sk_xworker *w, const sk_extract_opts *opts,
                       sk_extract_stats *stats, sk_err *err)
{
    memset(out, 0, sizeof *out);
    if (!w->pending)
        return sk_err_set(err, SK_EINTERNAL, "no extraction request is pending");
    w->pending = 0;
    int rc;
    for (;;) {
        if (sk_msg_read(w->fd, &w->in, w->deadline) != 0) {
            char why[200];
            int code = end_child(w, errno == ETIMEDOUT, why, sizeof why);
            return sk_err_set(err, code, "%s", why);
        }
        sk_msg_reader r = {w->in.data + 1, w->in.data + w->in.len, 0};
        if (w->in.data[0] == SK_MSG_WARN) {
            pass_warning(&r, opts);
            continue;
        }
        int malformed = w->in.data[0] != SK_MSG_RESULT;
        rc = malformed ? sk_err_set(err, SK_EINTERNAL,
                                    "the extraction process sent a malformed "
                                    "answer")
                       : read_result(w, out, stats, err, &malformed);
        if (malformed)
            end_child(w, 1, NULL, 0);
        return rc;
    }
}
