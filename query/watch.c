/* watch.c: saved searches and alerts (see include/saksok/query/watch.h). */
#define _GNU_SOURCE /* secure_getenv */
#include "saksok/query/watch.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "saksok/store/hitid.h"
#include "saksok/query/qread.h"
#include "saksok/query/render.h"
#include "saksok/query/search.h"
#include "saksok/store/terms.h"

/* The tests kill a run here (SAKSOK_TEST_KILL_AT=point) as kill -9 would;
 * a setgid saksok ignores it (secure_getenv). */
static void kill_point(const char *point)
{
    const char *at = secure_getenv("SAKSOK_TEST_KILL_AT");
    if (at && strcmp(at, point) == 0)
        raise(SIGKILL);
}

/* ---- the watch file ---- */

static int name_ok(const char *s, size_t n)
{
    if (n == 0 || n > SK_WATCH_NAME_MAX || s[0] == '.' || s[0] == '-')
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

/* An address a mail header can carry as it is: printable ASCII, no space,
 * one '@' with something on each side. */
static int address_ok(const char *s, size_t n)
{
    const char *at = memchr(s, '@', n);
    if (n == 0 || n > 254 || at == NULL || at == s || at == s + n - 1 ||
        memchr(at + 1, '@', n - (size_t)(at - s) - 1))
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 0x7f || strchr("<>,;\"", s[i]))
            return 0;
    return 1;
}

static int add_watch(sk_watches *out, const char *line, size_t len, sk_err *err)
{
    const char *t1 = memchr(line, '\t', len);
    const char *t2 = t1 ? memchr(t1 + 1, '\t', len - (size_t)(t1 + 1 - line)) : NULL;
    sk_watch w = {strndup(line, (size_t)(t1 - line)), strndup(t1 + 1, (size_t)(t2 - t1 - 1)),
                  strndup(t2 + 1, len - (size_t)(t2 + 1 - line))};
    sk_watch *v = realloc(out->v, (out->n + 1) * sizeof *v);
    if (w.name == NULL || w.query == NULL || w.address == NULL || v == NULL) {
        free(w.name);
        free(w.query);
        free(w.address);
        if (v)
            out->v = v;
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    }
    out->v = v;
    out->v[out->n++] = w;
    return SK_OK;
}

int sk_watches_load(sk_watches *out, const char *path, sk_buf *problems, sk_err *err)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return sk_err_set(err, SK_EIO, "kan ikke lese varslingsfilen %s: %s", path,
                          strerror(errno));
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t got;
    int rc = SK_OK;
    while (rc == SK_OK && (got = getline(&line, &cap, f)) >= 0) {
        lineno++;
        size_t len = (size_t)got;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        line[len] = '\0';
        if (len == 0 || line[0] == '#')
            continue;
        const char *t1 = memchr(line, '\t', len);
        const char *t2 = t1 ? memchr(t1 + 1, '\t', len - (size_t)(t1 + 1 - line)) : NULL;
        const char *why = NULL;
        if (t2 == NULL || memchr(t2 + 1, '\t', len - (size_t)(t2 + 1 - line)))
            why = "vil ha NAVN<TAB>SØK<TAB>ADRESSE";
        else if (!name_ok(line, (size_t)(t1 - line)))
            why = "navnet kan bare ha bokstavene a-z, sifre, '.', '_' og '-' (høyst 64 tegn)";
        else if (t2 == t1 + 1)
            why = "søket er tomt";
        else if (!address_ok(t2 + 1, len - (size_t)(t2 + 1 - line)))
            why = "adressen er ikke en e-postadresse";
        else if (out->n == SK_WATCH_MAX)
            why = "for mange varslinger (høyst 1000)";
        for (size_t i = 0; why == NULL && i < out->n; i++)
            if (strlen(out->v[i].name) == (size_t)(t1 - line) &&
                strncmp(out->v[i].name, line, (size_t)(t1 - line)) == 0)
                why = "navnet er brukt før i filen";
        if (why)
            rc =
                sk_buf_printf(problems, err, "%s:%zu: %s; linjen hoppes over\n", path, lineno, why);
        else
            rc = add_watch(out, line, len, err);
    }
    free(line);
    fclose(f);
    if (rc != SK_OK)
        sk_watches_release(out);
    return rc;
}

void sk_watches_release(sk_watches *w)
{
    for (size_t i = 0; i < w->n; i++) {
        free(w->v[i].name);
        free(w->v[i].query);
        free(w->v[i].address);
    }
    free(w->v);
    memset(w, 0, sizeof *w);
}

/* ---- files ---- */

/* The whole file at path into *out (""/len 0 when it does not exist). */
static int read_file(const char *path, sk_buf *out, sk_err *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return errno == ENOENT
                   ? SK_OK
                   : sk_err_set(err, SK_EIO, "kan ikke lese %s: %s", path, strerror(errno));
    char chunk[8192];
    size_t n;
    int rc = SK_OK;
    while (rc == SK_OK && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        rc = sk_buf_append(out, chunk, n, err);
    if (rc == SK_OK && ferror(f))
        rc = sk_err_set(err, SK_EIO, "kan ikke lese %s", path);
    fclose(f);
    return rc;
}

/* path holds a then b, or what it held before: written to path.tmp, made
 * durable, and renamed over path (then the directory made durable). */
static int write_atomically(const char *path, const char *a, size_t a_len, const char *b,
                            size_t b_len, sk_err *err)
{
    sk_buf tmp = SK_BUF_INIT;
    int rc = sk_buf_printf(&tmp, err, "%s.tmp", path);
    int fd = rc == SK_OK ? open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640) : -1;
    if (rc == SK_OK && fd < 0)
        rc = sk_err_set(err, SK_EIO, "kan ikke skrive %s: %s", tmp.data, strerror(errno));
    const char *parts[2] = {a, b};
    size_t lens[2] = {a_len, b_len};
    for (int k = 0; k < 2 && rc == SK_OK; k++)
        for (size_t done = 0; done < lens[k] && rc == SK_OK;) {
            ssize_t w = write(fd, parts[k] + done, lens[k] - done);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                rc = sk_err_set(err, SK_EIO, "kan ikke skrive %s: %s", tmp.data, strerror(errno));
            else
                done += (size_t)w;
        }
    if (rc == SK_OK && fsync(fd) != 0)
        rc = sk_err_set(err, SK_EIO, "kan ikke skrive %s: %s", tmp.data, strerror(errno));
    if (fd >= 0 && close(fd) != 0 && rc == SK_OK)
        rc = sk_err_set(err, SK_EIO, "kan ikke skrive %s: %s", tmp.data, strerror(errno));
    kill_point("before-rename");
    if (rc == SK_OK && rename(tmp.data, path) != 0)
        rc = sk_err_set(err, SK_EIO, "kan ikke skrive %s: %s", path, strerror(errno));
    if (rc != SK_OK && tmp.data)
        unlink(tmp.data);
    if (rc == SK_OK) { /* the rename itself durable */
        char *slash = strrchr(path, '/');
        sk_buf dir = SK_BUF_INIT;
        if (sk_buf_append(&dir, path, slash ? (size_t)(slash - path) : 1, NULL) == SK_OK) {
            int dfd = open(slash ? dir.data : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (dfd >= 0) {
                fsync(dfd);
                close(dfd);
            }
        }
        sk_buf_release(&dir);
    }
    sk_buf_release(&tmp);
    return rc;
}

static int ensure_dir(const char *path, sk_err *err)
{
    if (mkdir(path, 0750) == 0 || errno == EEXIST)
        return SK_OK;
    return sk_err_set(err, SK_EIO, "kan ikke lage mappen %s: %s", path, strerror(errno));
}

/* ---- the mark ---- */

/* The latest mark of watch name in text (its report file): the stamp on its
 * last marker line, into mark (left as it is when there is none later). */
static void latest_mark(char mark[SK_STAMP_SIZE], const char *text, size_t len, const char *name)
{
    size_t nl = strlen(name), ml = strlen(SK_WATCH_MARKER);
    for (size_t i = 0; i + ml < len; i++) {
        if ((i > 0 && text[i - 1] != '\n') || strncmp(text + i, SK_WATCH_MARKER, ml) != 0 ||
            strncmp(text + i + ml, name, nl) != 0 || text[i + ml + nl] != ' ')
            continue;
        char s[SK_STAMP_SIZE];
        const char *v = text + i + ml + nl + 1;
        if ((size_t)(v - text) + SK_STAMP_LEN > len)
            continue;
        memcpy(s, v, SK_STAMP_LEN);
        s[SK_STAMP_LEN] = '\0';
        if (sk_stamp_valid(s) && strcmp(s, mark) > 0)
            memcpy(mark, s, SK_STAMP_SIZE);
    }
}

typedef struct paths {
    sk_buf report, state, pending;
} paths;

static int make_paths(paths *p, const char *dir, const char *name, sk_err *err)
{
    memset(p, 0, sizeof *p);
    sk_buf sub = SK_BUF_INIT;
    int rc = ensure_dir(dir, err);
    if (rc == SK_OK)
        rc = sk_buf_printf(&sub, err, "%s/.state", dir);
    if (rc == SK_OK)
        rc = ensure_dir(sub.data, err);
    sk_buf_reset(&sub);
    if (rc == SK_OK)
        rc = sk_buf_printf(&sub, err, "%s/.pending", dir);
    if (rc == SK_OK)
        rc = ensure_dir(sub.data, err);
    sk_buf_release(&sub);
    if (rc == SK_OK)
        rc = sk_buf_printf(&p->report, err, "%s/%s.txt", dir, name);
    if (rc == SK_OK)
        rc = sk_buf_printf(&p->state, err, "%s/.state/%s", dir, name);
    if (rc == SK_OK)
        rc = sk_buf_printf(&p->pending, err, "%s/.pending/%s", dir, name);
    return rc;
}

static void paths_release(paths *p)
{
    sk_buf_release(&p->report);
    sk_buf_release(&p->state);
    sk_buf_release(&p->pending);
}

/* The committed mark: the later of the state file's and the report file's. */
static int committed_mark(const paths *p, const char *name, char mark[SK_STAMP_SIZE],
                          sk_buf *report_text, sk_err *err)
{
    mark[0] = '\0';
    sk_buf state = SK_BUF_INIT;
    int rc = read_file(p->state.data, &state, err);
    if (rc == SK_OK && state.len >= SK_STAMP_LEN) {
        char s[SK_STAMP_SIZE];
        memcpy(s, state.data, SK_STAMP_LEN);
        s[SK_STAMP_LEN] = '\0';
        if (sk_stamp_valid(s))
            memcpy(mark, s, SK_STAMP_SIZE);
    }
    sk_buf_release(&state);
    if (rc == SK_OK)
        rc = read_file(p->report.data, report_text, err);
    if (rc == SK_OK)
        latest_mark(mark, report_text->data ? report_text->data : "", report_text->len, name);
    return rc;
}

/* ---- mail ---- */

/* value as an RFC 2047 encoded word when it is not plain ASCII. */
static int header_text(sk_buf *out, const char *value, sk_err *err)
{
    int ascii = 1;
    for (const char *c = value; *c; c++)
        ascii &= (unsigned char)*c >= ' ' && (unsigned char)*c < 0x7f;
    if (ascii)
        return sk_buf_puts(out, value, err);
    int rc = sk_buf_puts(out, "=?UTF-8?B?", err);
    if (rc == SK_OK)
        rc = sk_buf_base64(out, value, strlen(value), err);
    return rc == SK_OK ? sk_buf_puts(out, "?=", err) : rc;
}

static int make_mail(sk_buf *out, const sk_watch *w, const char *mark, size_t n, const char *body,
                     sk_err *err)
{
    sk_buf subject = SK_BUF_INIT;
    int rc = sk_buf_printf(&subject, err, "saksøk: %zu %s for «%s»", n,
                           n == 1 ? "nytt treff" : "nye treff", w->query);
    if (rc == SK_OK)
        rc = sk_buf_printf(out, err, "To: %s\nSubject: ", w->address);
    if (rc == SK_OK)
        rc = header_text(out, subject.data, err);
    if (rc == SK_OK)
        rc = sk_buf_printf(out, err,
                           "\nMessage-ID: <saksok-varsel.%s.%s@saksok>\nMIME-Version: 1.0\n"
                           "Content-Type: text/plain; charset=utf-8\n"
                           "Content-Transfer-Encoding: 8bit\nAuto-Submitted: auto-generated\n\n",
                           w->name, mark);
    if (rc == SK_OK)
        rc = sk_buf_puts(out, body, err);
    sk_buf_release(&subject);
    return rc;
}

/* Hand mail (len bytes) to the sendmail command on its standard input. */
static int send_mail(const char *sendmail, const char *mail, size_t len, sk_err *err)
{
    fflush(NULL);
    FILE *p = popen(sendmail, "w");
    if (p == NULL)
        return sk_err_set(err, SK_EIO, "kan ikke starte %s: %s", sendmail, strerror(errno));
    size_t put = fwrite(mail, 1, len, p);
    int st = pclose(p);
    if (put != len || st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
        return sk_err_set(err, SK_EIO, "%s tok ikke imot e-posten (status %d)", sendmail,
                          st == -1        ? -1
                          : WIFEXITED(st) ? WEXITSTATUS(st)
                                          : 128 + WTERMSIG(st));
    return SK_OK;
}

/* A mail of a run that was cut short after it wrote the mail to the
 * pending file: whether sendmail took it cannot be known. Its report was
 * not committed, so this run makes it again (the same hits, the same mark
 * and Message-ID, more if more came since) and sends that; the old one goes.
 * Said in the log. */
static int forget_pending(const paths *p, const char *committed, sk_buf *log, sk_err *err)
{
    sk_buf pend = SK_BUF_INIT;
    int rc = read_file(p->pending.data, &pend, err);
    if (rc == SK_OK && pend.len > SK_STAMP_LEN) {
        char mark[SK_STAMP_SIZE];
        memcpy(mark, pend.data, SK_STAMP_LEN);
        mark[SK_STAMP_LEN] = '\0';
        if (sk_stamp_valid(mark) && strcmp(mark, committed) > 0)
            rc = sk_buf_printf(log, err,
                               "Et avbrutt løp kan ha sendt en e-post som ikke ble registrert; "
                               "den sendes på nytt med samme Message-ID.\n");
    }
    if (pend.len)
        unlink(p->pending.data);
    sk_buf_release(&pend);
    return rc;
}

/* ---- one watch ---- */

#define WATCH_PAGES 10 /* pages of SK_SEARCH_MAX_LIMIT hits one report holds at most */

/* Parse the watch's query once (q); SK_EINVAL when it cannot be understood. */
static int watch_query(const sk_watch_env *env, const sk_watch *w, sk_query **q, sk_err *err)
{
    if (sk_query_parse_read(q, env->an, env->db, env->bodies, w->query, err) == SK_OK)
        return SK_OK;
    sk_err_prefix(err, "søket kan ikke tolkes");
    err->code = SK_EINVAL;
    return SK_EINVAL;
}

/* The hits added after mark, every page of them (up to WATCH_PAGES), as
 * `saksok` prints them, into body; *n their number, next the latest
 * "added" among them (mark when none), *more those left out. Only hits with
 * every word: not the relaxed or corrected query's. */
static int report_new(const sk_watch_env *env, const sk_query *q, const sk_watch *w,
                      const char *mark, sk_buf *body, size_t *n, char next[SK_STAMP_SIZE],
                      size_t *more, sk_err *err)
{
    *n = *more = 0;
    memcpy(next, mark, SK_STAMP_SIZE);
    int rc = SK_OK;
    for (size_t page = 0; page < WATCH_PAGES && rc == SK_OK; page++) {
        sk_search_opts so = SK_SEARCH_OPTS_INIT;
        so.offset = page * SK_SEARCH_MAX_LIMIT;
        so.limit = SK_SEARCH_MAX_LIMIT;
        so.added_since = mark;
        sk_results res = {0};
        rc = sk_search(&res, env->db, q, &so, err);
        int skip = rc != SK_OK || res.relaxed || res.corrected;
        size_t got = skip ? 0 : res.n_hits, total = skip ? 0 : res.total;
        for (size_t i = 0; i < got; i++)
            if (sk_stamp_valid(res.hits[i].added) && strcmp(res.hits[i].added, next) > 0)
                memcpy(next, res.hits[i].added, SK_STAMP_SIZE);
        if (got)
            rc = sk_render_text(body, w->query, &res, env->an, q, 0, err);
        *n += got;
        sk_results_release(&res);
        if (got < SK_SEARCH_MAX_LIMIT || so.offset + got >= total)
            break;
        if (page + 1 == WATCH_PAGES)
            *more = total - (so.offset + got);
    }
    return rc;
}

/* A new watch: from what the index holds now on (its mark, written). */
static int start_watch(sk_buf *log, const sk_watch_env *env, const sk_watch *w, const paths *p,
                       sk_err *err)
{
    char mark[SK_STAMP_SIZE], iso_from[SK_STAMP_ISO_SIZE];
    char *highest = NULL;
    int rc = sk_xdb_highest_value(&highest, env->db, NULL, SK_SLOT_ADDED, err);
    if (highest && sk_stamp_valid(highest))
        memcpy(mark, highest, SK_STAMP_SIZE);
    else
        sk_stamp_now(mark);
    free(highest);
    if (rc == SK_OK)
        rc = write_atomically(p->state.data, mark, SK_STAMP_LEN, "\n", 1, err);
    sk_stamp_iso(iso_from, mark);
    if (rc == SK_OK)
        rc = sk_buf_printf(log, err, "Varslingen %s er ny: melder treff lagt til etter %s.\n",
                           w->name, iso_from);
    return rc;
}

/* The mail whole on disk first (its mark next, then the mail), then sent. */
static int pend_and_send(const sk_watch_env *env, const paths *p, const char *next,
                         const sk_buf *mail, sk_err *err)
{
    char head[SK_STAMP_SIZE + 1];
    memcpy(head, next, SK_STAMP_LEN);
    head[SK_STAMP_LEN] = '\n';
    sk_buf pend = SK_BUF_INIT;
    int rc = sk_buf_append(&pend, head, SK_STAMP_LEN + 1, err);
    if (rc == SK_OK)
        rc = sk_buf_append(&pend, mail->data, mail->len, err);
    if (rc == SK_OK)
        rc = write_atomically(p->pending.data, pend.data, pend.len, "", 0, err);
    sk_buf_release(&pend);
    kill_point("after-pending");
    if (rc == SK_OK)
        rc = send_mail(env->sendmail, mail->data, mail->len, err);
    kill_point("after-send");
    return rc;
}

int sk_watch_run(sk_buf *log, size_t *n_new, const sk_watch_env *env, const sk_watch *w,
                 sk_err *err)
{
    *n_new = 0;
    paths p;
    sk_buf old = SK_BUF_INIT, body = SK_BUF_INIT, mail = SK_BUF_INIT, line = SK_BUF_INIT;
    char mark[SK_STAMP_SIZE] = "", iso_from[SK_STAMP_ISO_SIZE], iso_to[SK_STAMP_ISO_SIZE];
    sk_query *q = NULL;
    int rc = make_paths(&p, env->dir, w->name, err);
    if (rc == SK_OK)
        rc = committed_mark(&p, w->name, mark, &old, err);
    if (rc == SK_OK)
        rc = forget_pending(&p, mark, log, err);
    if (rc == SK_OK)
        rc = sk_xdb_set_view(env->db, NULL, 0, err); /* public papers only */
    if (rc == SK_OK && mark[0] == '\0') {
        rc = start_watch(log, env, w, &p, err);
        goto done;
    }
    size_t n = 0, more = 0;
    char next[SK_STAMP_SIZE];
    sk_buf hits = SK_BUF_INIT;
    if (rc == SK_OK)
        rc = watch_query(env, w, &q, err);
    if (rc == SK_OK)
        rc = report_new(env, q, w, mark, &hits, &n, next, &more, err);
    if (rc != SK_OK || n == 0) {
        if (rc == SK_OK)
            rc = sk_buf_printf(log, err, "Varslingen %s: ingen nye treff.\n", w->name);
        sk_buf_release(&hits);
        goto done;
    }
    *n_new = n;
    sk_stamp_iso(iso_from, mark);
    sk_stamp_iso(iso_to, next);
    rc = sk_buf_printf(&body, err, "== Varsel «%s»: %zu %s for «%s», lagt til etter %s ==\n\n",
                       w->name, n, n == 1 ? "nytt treff" : "nye treff", w->query, iso_from);
    if (rc == SK_OK)
        rc = sk_buf_append(&body, hits.data ? hits.data : "", hits.len, err);
    sk_buf_release(&hits);
    if (rc == SK_OK && more) /* more than one report holds */
        rc = sk_buf_printf(&body, err,
                           "… og %zu til; alle: saksok --added-since %s --limit 1000 --offset N "
                           "'%s'\n\n",
                           more, iso_from, w->query);
    if (rc == SK_OK)
        rc = sk_buf_printf(&line, err, "%s%s %s %s\n\n", SK_WATCH_MARKER, w->name, next, iso_to);
    /* with a sendmail: the mail whole on disk first, then sent */
    int mailing = env->sendmail && *env->sendmail;
    if (rc == SK_OK && mailing)
        rc = make_mail(&mail, w, next, n, body.data, err);
    if (rc == SK_OK && mailing)
        rc = pend_and_send(env, &p, next, &mail, err);
    /* the report and its mark in one rename: committed */
    if (rc == SK_OK) {
        rc = sk_buf_append(&body, line.data, line.len, err);
        if (rc == SK_OK)
            rc = write_atomically(p.report.data, old.data ? old.data : "", old.len, body.data,
                                  body.len, err);
    }
    kill_point("after-report");
    if (rc == SK_OK)
        rc = write_atomically(p.state.data, next, SK_STAMP_LEN, "\n", 1, err);
    if (rc == SK_OK && mailing)
        unlink(p.pending.data);
    if (rc == SK_OK)
        rc = sk_buf_printf(log, err, "%s%s\n", body.data, mailing ? "(sendt med e-post)" : "");
done:
    sk_query_free(q);
    sk_buf_release(&old);
    sk_buf_release(&body);
    sk_buf_release(&mail);
    sk_buf_release(&line);
    paths_release(&p);
    return rc;
}
