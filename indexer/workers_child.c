/* workers_child.c: an extraction worker's own side (see include/saksok/indexer/workers.h):
 * confine the process, then extract the files the parent asks for. */
#define _GNU_SOURCE
#include "saksok/indexer/workers.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "saksok/indexer/extract_mod.h"
#include "workers_msg.h"

#if defined(__SANITIZE_ADDRESS__)
#define SK_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SK_SANITIZED 1
#endif
#endif
#ifndef SK_SANITIZED
#define SK_SANITIZED 0
#endif

/* System calls an extractor never needs; each fails with EPERM. */
static const int denied[] = {
    SCMP_SYS(execve),
    SCMP_SYS(execveat),
    SCMP_SYS(fork),
    SCMP_SYS(vfork),
    SCMP_SYS(ptrace),
    SCMP_SYS(process_vm_readv),
    SCMP_SYS(process_vm_writev),
    SCMP_SYS(socket),
    SCMP_SYS(socketpair),
    SCMP_SYS(connect),
    SCMP_SYS(bind),
    SCMP_SYS(listen),
    SCMP_SYS(accept),
    SCMP_SYS(accept4),
    SCMP_SYS(mount),
    SCMP_SYS(umount2),
    SCMP_SYS(pivot_root),
    SCMP_SYS(chroot),
    SCMP_SYS(unshare),
    SCMP_SYS(setns),
    SCMP_SYS(bpf),
    SCMP_SYS(perf_event_open),
    SCMP_SYS(keyctl),
    SCMP_SYS(add_key),
    SCMP_SYS(request_key),
    SCMP_SYS(init_module),
    SCMP_SYS(finit_module),
    SCMP_SYS(delete_module),
    SCMP_SYS(kexec_load),
    SCMP_SYS(kexec_file_load),
    SCMP_SYS(reboot),
    SCMP_SYS(swapon),
    SCMP_SYS(swapoff),
    SCMP_SYS(setuid),
    SCMP_SYS(setgid),
    SCMP_SYS(setreuid),
    SCMP_SYS(setregid),
    SCMP_SYS(setresuid),
    SCMP_SYS(setresgid),
    SCMP_SYS(setgroups),
    SCMP_SYS(setrlimit),
    SCMP_SYS(prlimit64),
    SCMP_SYS(personality),
    SCMP_SYS(userfaultfd),
    SCMP_SYS(io_uring_setup),
    SCMP_SYS(quotactl),
    SCMP_SYS(symlink),
    SCMP_SYS(symlinkat),
    SCMP_SYS(link),
    SCMP_SYS(linkat),
    SCMP_SYS(chmod),
    SCMP_SYS(fchmodat),
    SCMP_SYS(chown),
    SCMP_SYS(fchown),
    SCMP_SYS(lchown),
    SCMP_SYS(fchownat),
    SCMP_SYS(mknod),
    SCMP_SYS(mknodat),
    SCMP_SYS(acct),
    SCMP_SYS(settimeofday),
    SCMP_SYS(clock_settime),
    SCMP_SYS(adjtimex),
    SCMP_SYS(sethostname),
    SCMP_SYS(setdomainname),
    SCMP_SYS(iopl),
    SCMP_SYS(ioperm),
    SCMP_SYS(name_to_handle_at),
    SCMP_SYS(open_by_handle_at),
};

/* The filter: everything above denied; clone only for threads (clone3, whose
 * flags a filter cannot read, says ENOSYS, and the C library falls back to
 * clone). Returns 0, or -1 when the kernel or library cannot do it. */
static int load_filter(void)
{
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    if (ctx == NULL)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < sizeof denied / sizeof denied[0] && rc == 0; i++)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), denied[i], 0);
    if (rc == 0)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
                              SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, 0));
    if (rc == 0)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
    if (rc == 0)
        rc = seccomp_load(ctx);
    seccomp_release(ctx);
    return rc == 0 ? 0 : -1;
}

/* Everything but the filter, which comes after the module is loaded. */
static void confine(int fd, size_t memory_mb)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlive the indexer */
    /* A PDF is mapped (extract_util.c): one cut short by someone else while
     * it is read raises SIGBUS. It ends the process by that signal, which the
     * indexer names for the file, also where a sanitizer would catch it. */
    signal(SIGBUS, SIG_DFL);
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    prctl(PR_SET_DUMPABLE, 0);
    struct rlimit none = {0, 0};
    setrlimit(RLIMIT_CORE, &none);
    /* The OCR cache's entries are small: nothing else is written. */
    struct rlimit fsize = {(rlim_t)64 << 20, (rlim_t)64 << 20};
    setrlimit(RLIMIT_FSIZE, &fsize);
    if (memory_mb > 0 && !SK_SANITIZED) {
        struct rlimit as = {(rlim_t)memory_mb << 20, (rlim_t)memory_mb << 20};
        setrlimit(RLIMIT_AS, &as);
    }
    /* Nothing of the parent's but the channel; messages of the libraries to nowhere. */
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null >= 0) {
        dup2(null, STDIN_FILENO);
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        if (null > STDERR_FILENO && null != fd)
            close(null);
    }
    for (int i = STDERR_FILENO + 1; i < 1024; i++)
        if (i != fd)
            close(i);
}

typedef struct child_ctx {
    int fd;
    sk_buf out;
} child_ctx;

static void send_warning(int page, const char *msg, void *payload)
{
    child_ctx *c = payload;
    sk_err err = SK_ERR_INIT;
    if (sk_msg_begin(&c->out, SK_MSG_WARN, &err) == SK_OK &&
        sk_msg_i64(&c->out, page, &err) == SK_OK &&
        sk_msg_str(&c->out, msg, strlen(msg), &err) == SK_OK) {
        sk_msg_finish(&c->out);
        sk_msg_write(c->fd, &c->out);
    }
}

static int put_result(sk_buf *b, int code, const sk_err *e, const sk_extract_stats *st,
                      const sk_extracted *x, sk_err *err)
{
    int rc = sk_msg_begin(b, SK_MSG_RESULT, err);
    if (rc == SK_OK)
        rc = sk_msg_i64(b, code, err);
    if (rc == SK_OK)
        rc = sk_msg_str(b, e->msg, strlen(e->msg), err);
    if (rc == SK_OK)
        rc = sk_msg_i64(b, (int64_t)st->pages_ocred, err);
    if (rc == SK_OK)
        rc = sk_msg_i64(b, (int64_t)st->ocr_cache_hits, err);
    if (rc == SK_OK)
        rc = sk_msg_i64(b, (int64_t)st->ocr_timeouts, err);
    if (rc == SK_OK)
        rc = sk_msg_f64(b, st->ocr_seconds, err);
    if (rc == SK_OK)
        rc = sk_msg_f64(b, st->render_seconds, err);
    if (rc == SK_OK)
        rc = sk_msg_i64(b, x->format, err);
    if (rc == SK_OK)
        rc = sk_msg_str(b, x->title, x->title ? strlen(x->title) : 0, err);
    if (rc == SK_OK)
        rc = sk_msg_str(b, x->site, x->site ? strlen(x->site) : 0, err);
    if (rc == SK_OK)
        rc = sk_msg_i64(b, x->n_pages_total, err);
    if (rc == SK_OK)
        rc = sk_msg_i64(b, (int64_t)x->n_pages, err);
    for (size_t i = 0; i < x->n_pages && rc == SK_OK; i++) {
        rc = sk_msg_i64(b, x->pages[i].number, err);
        if (rc == SK_OK)
            rc = sk_msg_i64(b, x->pages[i].ocr, err);
        if (rc == SK_OK)
            rc = sk_msg_str(b, x->pages[i].text, x->pages[i].text_len, err);
    }
    if (rc == SK_OK)
        sk_msg_finish(b);
    return rc;
}

/* One request: extract, answer. Returns 0, or -1 when the channel is gone. */
static int serve_one(child_ctx *c, const sk_buf *in)
{
    sk_msg_reader r = {in->data + 1, in->data + in->len, in->data[0] != SK_MSG_REQUEST};
    char *path = sk_msg_get_str(&r, NULL);
    int ocr = (int)sk_msg_get_i64(&r);
    char *cache = sk_msg_get_str(&r, NULL);
    double page_seconds = sk_msg_get_f64(&r);
    char *lang = sk_msg_get_str(&r, NULL);
    static struct sk_ocr *engine; /* made when a page first needs OCR, kept */
    sk_extract_opts xo = SK_EXTRACT_OPTS_INIT;
    xo.ocr = ocr;
    xo.ocr_cache_dir = cache;
    xo.ocr_page_seconds = page_seconds;
    xo.ocr_lang = lang;
    xo.ocr_engine_keep = &engine;
    xo.warn = send_warning;
    xo.warn_payload = c;
    sk_extracted x = {0};
    sk_extract_stats st = {0};
    sk_err e = SK_ERR_INIT;
    int code = r.bad || path == NULL ? sk_err_set(&e, SK_EINTERNAL, "a bad request")
                                     : sk_mod_extract(&x, path, &xo, &st, &e);
    sk_err perr = SK_ERR_INIT;
    int rc = put_result(&c->out, code, &e, &st, &x, &perr) == SK_OK ? 0 : -1;
    if (rc != 0) { /* no room for the answer: say so instead */
        sk_extracted_release(&x);
        sk_err_clear(&e);
        code = sk_err_set(&e, SK_ELIMIT, "the extracted text is too big to pass on");
        rc = put_result(&c->out, code, &e, &st, &x, &perr) == SK_OK ? 0 : -1;
    }
    if (rc == 0)
        rc = sk_msg_write(c->fd, &c->out);
    sk_extracted_release(&x);
    free(path);
    free(cache);
    free(lang);
    return rc;
}

int sk_xworker_child_main(int fd, size_t memory_mb)
{
    confine(fd, memory_mb);
    /* Load the extraction module (and with it poppler, libxml2, Tesseract)
     * before the filter: loading is not what a hostile file can do. A module
     * that cannot be loaded is reported file by file, as before. */
    sk_err err = SK_ERR_INIT;
    (void)sk_extract_api_get(&err);
    int filtered = load_filter() == 0;
    child_ctx c = {.fd = fd};
    /* Hello: whether the filter is on (the parent says so once if not). */
    if (sk_msg_begin(&c.out, SK_MSG_HELLO, &err) != SK_OK ||
        sk_msg_i64(&c.out, filtered, &err) != SK_OK)
        return 3;
    sk_msg_finish(&c.out);
    if (sk_msg_write(fd, &c.out) != 0)
        return 3;
    sk_buf in = SK_BUF_INIT;
    int status = 0;
    for (;;) {
        if (sk_msg_read(fd, &in, 0) != 0) {
            status = errno == EPIPE ? 0 : 3;
            break;
        }
        if (serve_one(&c, &in) != 0) {
            status = 3;
            break;
        }
    }
    sk_buf_release(&in);
    sk_buf_release(&c.out);
    return status;
}
