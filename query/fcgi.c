/* saksok-fcgi: the FastCGI responder behind the intranet search box.
 *
 *   GET ?q=...&page=N&body=...&year=...&type=...&format=html|json|csv|atom
 *   GET ?similar=ID (the cases most like a hit, search.h)
 *
 * Without q it serves the search page. Inputs are validated by the table in
 * webpage_req.c before anything reads them; every response carries the security
 * headers below. Only GET and HEAD (405 otherwise).
 *
 * Threads: N workers (default 4) share the listening socket; accept() is
 * serialised by a mutex as in libfcgi's threaded example. Each worker owns
 * its FCGX_Request, its analyser and its read-only index handle, so no
 * search state is shared. At the start of each request the handle is
 * reopened (Xapian only checks the revision, so this is cheap) and new
 * commits are visible at once; sk_search() itself retries on
 * DatabaseModifiedError. If the index cannot be opened or used, the worker
 * drops its handle, opens it afresh and tries once more; failing that it
 * answers 503 and tries again on the next request, so a missing index at
 * start is not fatal.
 *
 * The only code of the endpoint that prints: responses to FastCGI's stdout,
 * problems to FastCGI's stderr (the web server's error log), startup errors
 * to the process's stderr. Exit status: 2 usage error; 3 the socket could
 * not be opened or the workers not started.
 */
#include <errno.h>
#include <fcgiapp.h>
#include <getopt.h>
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "saksok/store/access.h"
#include "saksok/query/activation.h"
#include "saksok/analysis/analyse.h"
#include "saksok/base/buf.h"
#include "saksok/base/cli.h"
#include "saksok/query/export.h"
#include "saksok/store/hitid.h"
#include "saksok/query/groups.h"
#include "saksok/query/webpage.h"
#include "saksok/query/qparse.h"
#include "saksok/query/qread.h"
#include "saksok/query/render.h"
#include "saksok/query/search.h"
#include "saksok/query/searcher.h"
#include "saksok/query/story.h"
#include "saksok/structure/segment_parse.h"
#include "saksok/store/terms.h"

#define MAX_THREADS 64
#define BODY_KEEP_BYTES (1024 * 1024) /* a worker keeps a response buffer up to this size */

typedef struct server {
    sk_searcher searcher;    /* the index's paths, the council list and the lexicon (shared,
                             read-only); each worker has its own analyser and handle */
    const char *groups_path; /* --groups, $SAKSOK_GROUPS; NULL: everyone sees public papers */
    sk_web_conf conf;
    char *csp;
    double search_seconds; /* a search's time limit (--search-seconds) */
    int sock;
    pthread_mutex_t accept_lock;
    pthread_mutex_t busy_lock; /* requests in progress, for a stop without shutdown() */
    pthread_cond_t idle;
    int busy;
} server;

typedef struct worker {
    server *srv;
    sk_analyser *an;
    sk_xdb *db; /* NULL until the index could be opened */
    sk_docdata_reader *reader;
    FCGX_Request rq;
    sk_buf body;
    sk_groups *groups;     /* the groups file as last read */
    struct stat groups_st; /* ... and its signature then */
    sk_view view;          /* the request's user's */
} worker;

typedef struct response {
    int status;
    int json;
    const char *extra; /* more header lines, each ending in "\r\n" */
    const char *type;  /* Content-Type when neither HTML nor JSON, or NULL */
} response;

static const char *status_text(int status)
{
    switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 503: return "Service Unavailable";
    default: return "Internal Server Error";
    }
}

/* Send the headers and (unless HEAD) w->body. */
static void send_response(worker *w, const response *r, int head_only)
{
    char hdr[2048];
    int n = snprintf(hdr, sizeof hdr,
                     "Status: %d %s\r\n"
                     "Content-Type: %s\r\n"
                     "Content-Length: %zu\r\n"
                     "Content-Security-Policy: %s\r\n"
                     "X-Content-Type-Options: nosniff\r\n"
                     "Referrer-Policy: same-origin\r\n"
                     "X-Frame-Options: DENY\r\n"
                     "Cache-Control: %s\r\n"
                     "%s%s\r\n",
                     r->status, status_text(r->status),
                     r->type   ? r->type
                     : r->json ? "application/json; charset=utf-8"
                               : "text/html; charset=utf-8",
                     w->body.len, w->srv->csp,
                     /* With a groups file, what a response holds depends on who asks. */
                     w->srv->groups_path ? "private, no-store"
                     : r->status == 200  ? "no-cache"
                                         : "no-store",
                     w->srv->groups_path ? "Vary: Authorization, Cookie\r\n" : "",
                     r->extra ? r->extra : "");
    if (n < 0 || (size_t)n >= sizeof hdr)
        return;
    FCGX_PutStr(hdr, n, w->rq.out);
    if (!head_only && w->body.len > 0)
        FCGX_PutStr(w->body.data, (int)w->body.len, w->rq.out);
}

/* An error as a page or as {"error": ..., "status": ...}. */
static void send_error(worker *w, const sk_web_req *req, int json, int status, const char *heading,
                       const char *message, const char *extra, int head_only)
{
    sk_err err = SK_ERR_INIT;
    int rc;
    sk_buf_reset(&w->body);
    if (json) {
        json_t *o = json_pack("{s:s, s:s, s:i}", "error", heading, "message",
                              message ? message : "", "status", status);
        if (o == NULL) /* a message that is not UTF-8 never empties the body */
            o = json_pack("{s:s, s:n, s:i}", "error", heading, "message", "status", status);
        rc = o ? sk_render_json_dump(&w->body, o, &err)
               : sk_err_set(&err, SK_ENOMEM, "out of memory");
        json_decref(o);
    } else {
        rc = sk_web_message(&w->body, &w->srv->conf, req, heading, message, &err);
    }
    if (rc != SK_OK) {
        sk_buf_reset(&w->body);
        FCGX_FPrintF(w->rq.err, "saksok-fcgi: cannot render an error page: %s\n", err.msg);
    }
    response r = {status, json, extra, NULL};
    send_response(w, &r, head_only);
}

static int open_index(const server *srv, sk_xdb **out, sk_err *err)
{
    return sk_searcher_open_index(out, &srv->searcher, err);
}

/* Bring the index handle to the latest commit, or open it. */
static int ensure_db(worker *w, sk_err *err)
{
    if (w->db != NULL) {
        sk_err e = SK_ERR_INIT;
        if (sk_xdb_reopen(w->db, &e) == SK_OK)
            return SK_OK;
        sk_xdb_free(w->db); /* replaced or removed under us: open it afresh */
        w->db = NULL;
    }
    return open_index(w->srv, &w->db, err);
}

static int user_error(int code)
{
    return code == SK_ESYNTAX || code == SK_ELIMIT || code == SK_EINVAL;
}

/* parse -> search -> the results: for a JSON request, the JSON written into
 * w->body; for the page, *out, the same JSON as a value to make the page
 * from. A user error (bad query or filter) comes back as is; index trouble
 * is retried once on a fresh handle. */
static int search_json(worker *w, const sk_web_req *req, json_t **out, int *unknown_id, sk_err *err)
{
    *unknown_id = 0;
    const char *text = req->v[SK_PARAM_Q];
    sk_search_opts so = SK_SEARCH_OPTS_INIT;
    so.offset = (size_t)(req->page - 1) * SK_WEB_PER_PAGE;
    so.limit = SK_WEB_PER_PAGE;
    if (req->csv || req->atom) { /* exports start from the first hit */
        so.offset = 0;
        so.limit = req->csv ? SK_WEB_CSV_MAX : SK_WEB_FEED_MAX;
        so.newest = req->atom;
    }
    so.body = req->v[SK_PARAM_BODY];
    if (so.body && w->srv->searcher.bodies) { /* "nuit" -> "NUIT"; an unknown name finds nothing */
        int idx = sk_bodies_find(w->srv->searcher.bodies, so.body, strlen(so.body));
        if (idx >= 0)
            so.body = sk_bodies_name(w->srv->searcher.bodies, (size_t)idx);
    }
    so.year = req->v[SK_PARAM_YEAR];
    so.type = req->v[SK_PARAM_TYPE];
    so.sort_date = req->sort_date;
    so.reader = w->reader;
    so.seconds = w->srv->search_seconds;
    int rc = SK_OK;
    for (int attempt = 0; attempt < 2; attempt++) {
        sk_err e = SK_ERR_INIT;
        sk_query *q = NULL;
        sk_results res = {0};
        char *similar_text = NULL;
        rc = attempt == 0 ? ensure_db(w, &e) : open_index(w->srv, &w->db, &e);
        if (rc == SK_OK)
            rc = sk_xdb_set_view(w->db, (const char *const *)w->view.groups, w->view.n, &e);
        if (rc == SK_OK && req->v[SK_PARAM_SIMILAR]) {
            rc = sk_search_similar(&res, &q, &similar_text, w->db, w->an, w->srv->searcher.bodies,
                                   req->v[SK_PARAM_SIMILAR], &so, &e);
            *unknown_id = rc == SK_ENOTFOUND; /* the index is open: the id is unknown */
            text = similar_text;
        } else if (rc == SK_OK) {
            rc = req->v[SK_PARAM_LITERAL]
                     ? sk_query_parse(&q, w->an, w->db, w->srv->searcher.bodies, text, &e)
                     : sk_query_parse_read(&q, w->an, w->db, w->srv->searcher.bodies, text, &e);
            if (rc == SK_OK)
                rc = sk_search(&res, w->db, q, &so, &e);
        }
        if (rc == SK_OK && req->json) {
            sk_buf_reset(&w->body);
            rc = sk_render_json(&w->body, text, &res, w->an, q, &e);
        } else if (rc == SK_OK) {
            rc = sk_render_json_value(out, text, &res, w->an, q, &e);
        }
        sk_results_release(&res);
        sk_query_free(q);
        free(similar_text);
        text = req->v[SK_PARAM_Q];
        if (rc == SK_OK || user_error(rc) || rc == SK_ENOMEM || rc == SK_ETIMEOUT || *unknown_id ||
            attempt == 1) {
            if (rc != SK_OK)
                sk_err_set(err, e.code, "%s", e.msg);
            return rc;
        }
        FCGX_FPrintF(w->rq.err, "saksok-fcgi: %s; opening the index afresh\n", e.msg);
        sk_xdb_free(w->db);
        w->db = NULL;
    }
    return rc;
}

/* format=csv or format=atom of the results res into w->body (export.h). */
static int render_export(worker *w, const sk_web_req *req, const json_t *res, sk_err *err)
{
    if (req->csv)
        return sk_render_csv(&w->body, res, err);
    /* links relative to the feed's own URL, which is the search page's */
    sk_buf html = SK_BUF_INIT, self = SK_BUF_INIT, title = SK_BUF_INIT;
    int rc = sk_web_query(&html, req, SK_PARAM_PAGE, NULL, err);
    if (rc == SK_OK)
        rc = sk_buf_printf(&self, err, "%s%sformat=atom", html.data, html.len > 1 ? "&" : "");
    if (rc == SK_OK)
        rc = req->v[SK_PARAM_Q]
                 ? sk_buf_printf(&title, err, "Nye treff for «%s» – saksøk", req->v[SK_PARAM_Q])
                 : sk_buf_printf(&title, err, "Saker som ligner på %s – saksøk",
                                 req->v[SK_PARAM_SIMILAR]);
    char now[SK_STAMP_SIZE];
    sk_stamp_now(now);
    sk_atom_info info = {.feed_key = html.data,
                         .title = title.data,
                         .self_url = self.data,
                         .html_url = html.data,
                         .papers_url = w->srv->conf.papers_url,
                         .now = now};
    if (rc == SK_OK)
        rc = sk_render_atom(&w->body, res, &info, err);
    sk_buf_release(&html);
    sk_buf_release(&self);
    sk_buf_release(&title);
    return rc;
}

/* The request's user's view: the groups the groups file gives REMOTE_USER
 * (read again when the file changes). A file that cannot be read leaves
 * everyone with public papers only until it can. */
static void set_user_view(worker *w)
{
    sk_view_release(&w->view);
    if (w->srv->groups_path == NULL)
        return;
    struct stat st;
    sk_err err = SK_ERR_INIT;
    int changed = stat(w->srv->groups_path, &st) != 0 || w->groups == NULL ||
                  st.st_ino != w->groups_st.st_ino || st.st_size != w->groups_st.st_size ||
                  st.st_mtim.tv_sec != w->groups_st.st_mtim.tv_sec ||
                  st.st_mtim.tv_nsec != w->groups_st.st_mtim.tv_nsec;
    if (changed) {
        sk_groups_free(w->groups);
        w->groups = NULL;
        if (sk_groups_load(&w->groups, w->srv->groups_path, &err) == SK_OK)
            w->groups_st = st;
        else
            FCGX_FPrintF(w->rq.err, "saksok-fcgi: %s; public papers only\n", err.msg);
    }
    const char *user = FCGX_GetParam("REMOTE_USER", w->rq.envp);
    if (w->groups && sk_view_for_user(&w->view, w->groups, user, &err) != SK_OK) {
        sk_view_release(&w->view);
        FCGX_FPrintF(w->rq.err, "saksok-fcgi: %s; public papers only\n", err.msg);
    }
}

/* nginx's auth_request for a paper under the papers' URL: SAKSOK_PAPER is
 * the request's normalised, decoded path ($uri). 204 when the user may see
 * the paper (the access rules stored in the index say who may), 403 when
 * not, 503 when the index cannot tell. Whether the file exists is not
 * looked at: a paper hidden and a paper missing look the same. */
static void check_paper(worker *w, const char *uri, int head_only)
{
    sk_err err = SK_ERR_INIT;
    const char *base = w->srv->conf.papers_url;
    size_t bl = strlen(base);
    int status = 403;
    char *rules_text = NULL;
    sk_access *rules = NULL;
    if (ensure_db(w, &err) == SK_OK &&
        sk_xdb_set_view(w->db, (const char *const *)w->view.groups, w->view.n, &err) == SK_OK &&
        sk_xdb_get_metadata(&rules_text, w->db, SK_META_ACCESS, &err) == SK_OK &&
        sk_access_parse(&rules, rules_text ? rules_text : "", rules_text ? strlen(rules_text) : 0,
                        &err) == SK_OK) {
        /* Only a path under the papers' URL, without a way out of it. */
        if (strncmp(uri, base, bl) == 0 && strstr(uri, "/../") == NULL &&
            sk_xdb_view_sees(w->db, sk_access_groups(rules, uri + bl)))
            status = 204;
    } else {
        FCGX_FPrintF(w->rq.err, "saksok-fcgi: paper check: %s\n", err.msg);
        status = 503;
    }
    sk_access_free(rules);
    free(rules_text);
    sk_buf_reset(&w->body);
    response r = {status, 0, NULL, NULL};
    send_response(w, &r, head_only);
}

/* ?case=NUIT 13/21: the case's story, as a page or as JSON; 404 when there
 * is no such case (or the number alone names several), 400 for a value
 * that is no case number. Index trouble is retried once on a fresh handle. */
static void story_request(worker *w, const sk_web_req *req, int head_only)
{
    sk_err err = SK_ERR_INIT;
    sk_story st = {0};
    int rc = SK_OK;
    for (int attempt = 0; attempt < 2; attempt++) {
        err = (sk_err)SK_ERR_INIT;
        rc = attempt == 0 ? ensure_db(w, &err) : open_index(w->srv, &w->db, &err);
        if (rc == SK_OK)
            rc = sk_xdb_set_view(w->db, (const char *const *)w->view.groups, w->view.n, &err);
        if (rc == SK_OK)
            rc = sk_story_get(&st, w->db, w->srv->searcher.bodies, req->v[SK_PARAM_CASE], &err);
        if (rc == SK_OK || rc == SK_EINVAL || rc == SK_ENOMEM || attempt == 1)
            break;
        FCGX_FPrintF(w->rq.err, "saksok-fcgi: %s; opening the index afresh\n", err.msg);
        sk_xdb_free(w->db);
        w->db = NULL;
    }
    if (rc == SK_EINVAL) {
        send_error(w, req, req->json, 400, "Ugyldig saksnummer", err.msg, NULL, head_only);
    } else if (rc != SK_OK) {
        FCGX_FPrintF(w->rq.err, "saksok-fcgi: %s\n", err.msg);
        send_error(w, req, req->json, 503, "Søket er ikke tilgjengelig akkurat nå",
                   "Søkeindeksen kan ikke leses. Prøv igjen om litt.", "Retry-After: 10\r\n",
                   head_only);
    } else if (!st.found) {
        send_error(w, req, req->json, 404, "Fant ikke saken", st.note, NULL, head_only);
    } else {
        json_t *v = NULL;
        sk_buf_reset(&w->body);
        rc = sk_story_json_value(&v, &st, &err);
        if (rc == SK_OK)
            rc = req->json ? sk_render_json_dump(&w->body, v, &err)
                           : sk_web_story(&w->body, &w->srv->conf, req, v, &err);
        json_decref(v);
        if (rc == SK_OK) {
            response r = {200, req->json, NULL, NULL};
            send_response(w, &r, head_only);
        } else {
            FCGX_FPrintF(w->rq.err, "saksok-fcgi: cannot render the case: %s\n", err.msg);
            send_error(w, req, req->json, 500, "Intern feil", "Saken kunne ikke vises.", NULL,
                       head_only);
        }
    }
    sk_story_release(&st);
}

static void handle(worker *w)
{
    FCGX_ParamArray env = w->rq.envp;
    set_user_view(w);
    const char *paper = FCGX_GetParam("SAKSOK_PAPER", env);
    if (paper != NULL) {
        check_paper(w, paper, 1);
        return;
    }
    const char *method = FCGX_GetParam("REQUEST_METHOD", env);
    int head_only = method && strcmp(method, "HEAD") == 0;
    if (!head_only && !(method && strcmp(method, "GET") == 0)) {
        send_error(w, NULL, 0, 405, "Metoden er ikke tillatt", "Søket svarer bare på GET og HEAD.",
                   "Allow: GET, HEAD\r\n", 0);
        return;
    }
    const char *qs = FCGX_GetParam("QUERY_STRING", env);
    if (qs == NULL)
        qs = "";
    sk_err err = SK_ERR_INIT;
    sk_web_req req;
    if (sk_web_req_parse(&req, qs, strlen(qs), &err) != SK_OK) {
        int json = req.json;
        sk_web_req_release(&req);
        send_error(w, NULL, json, 400, "Ugyldig forespørsel", err.msg, NULL, head_only);
        return;
    }
    if (req.v[SK_PARAM_CASE] != NULL) {
        story_request(w, &req, head_only);
        sk_web_req_release(&req);
        return;
    }
    if (req.v[SK_PARAM_Q] == NULL && req.v[SK_PARAM_SIMILAR] == NULL) {
        if (req.json) {
            send_error(w, &req, 1, 400, "Ugyldig forespørsel", "«q» mangler.", NULL, head_only);
        } else {
            sk_buf_reset(&w->body);
            if (sk_web_message(&w->body, &w->srv->conf, &req, NULL, NULL, &err) == SK_OK) {
                response r = {200, 0, NULL, NULL};
                send_response(w, &r, head_only);
            } else {
                send_error(w, &req, 0, 500, "Intern feil", NULL, NULL, head_only);
            }
        }
        sk_web_req_release(&req);
        return;
    }
    json_t *res = NULL;
    int unknown_id = 0;
    int rc = search_json(w, &req, &res, &unknown_id, &err), rendered = rc == SK_OK;
    const char *type = NULL, *extra = NULL;
    if (rc == SK_OK && (req.csv || req.atom)) {
        sk_buf_reset(&w->body);
        rendered = render_export(w, &req, res, &err) == SK_OK;
        type = req.csv ? "text/csv; charset=utf-8; header=present"
                       : "application/atom+xml; charset=utf-8";
        extra = req.csv ? "Content-Disposition: attachment; filename=\"saksok.csv\"\r\n" : NULL;
    } else if (rc == SK_OK && !req.json) {
        sk_buf_reset(&w->body);
        rendered = sk_web_results(&w->body, &w->srv->conf, &req, res, &err) == SK_OK;
    }
    if (rc == SK_OK) {
        if (rendered) {
            response r = {200, req.json, extra, type};
            send_response(w, &r, head_only);
        } else {
            FCGX_FPrintF(w->rq.err, "saksok-fcgi: cannot render the results: %s\n", err.msg);
            send_error(w, &req, req.json, 500, "Intern feil", "Resultatene kunne ikke vises.", NULL,
                       head_only);
        }
    } else if (rc == SK_ETIMEOUT) {
        FCGX_FPrintF(w->rq.err, "saksok-fcgi: a search ran past %.1f s, answered 503\n",
                     w->srv->search_seconds);
        send_error(w, &req, req.json, 503, "Søket tok for lang tid",
                   "Søket ble avbrutt fordi det tok for lang tid. Prøv et smalere søk, eller "
                   "prøv igjen om litt.",
                   "Retry-After: 5\r\n", head_only);
    } else if (unknown_id) {
        send_error(w, &req, req.json, 404, "Fant ikke treffet",
                   "Ingen treff har denne id-en (kanskje er papiret fjernet fra arkivet).", NULL,
                   head_only);
    } else if (user_error(rc)) {
        send_error(w, &req, req.json, 400,
                   rc == SK_ESYNTAX ? "Søket kunne ikke tolkes" : "Ugyldig søk", err.msg, NULL,
                   head_only);
    } else {
        /* The details (paths, Xapian's words) go to the log, not to the user. */
        FCGX_FPrintF(w->rq.err, "saksok-fcgi: %s\n", err.msg);
        send_error(w, &req, req.json, 503, "Søket er ikke tilgjengelig akkurat nå",
                   "Søkeindeksen kan ikke leses. Prøv igjen om litt.", "Retry-After: 10\r\n",
                   head_only);
    }
    json_decref(res);
    sk_web_req_release(&req);
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    server *srv = w->srv;
    if (FCGX_InitRequest(&w->rq, srv->sock, 0) != 0)
        return NULL;
    for (;;) {
        pthread_mutex_lock(&srv->accept_lock);
        int rc = FCGX_Accept_r(&w->rq);
        pthread_mutex_unlock(&srv->accept_lock);
        if (rc < 0)
            break;
        pthread_mutex_lock(&srv->busy_lock);
        srv->busy++;
        pthread_mutex_unlock(&srv->busy_lock);
        handle(w);
        FCGX_Finish_r(&w->rq);
        pthread_mutex_lock(&srv->busy_lock);
        if (--srv->busy == 0)
            pthread_cond_broadcast(&srv->idle);
        pthread_mutex_unlock(&srv->busy_lock);
        if (w->body.alloc > BODY_KEEP_BYTES)
            sk_buf_release(&w->body);
    }
    return NULL;
}

static void usage(FILE *f)
{
    fputs("usage: saksok-fcgi [--db DIR] [--socket PATH] [--socket-mode MODE] [--threads N]\n"
          "                   [--papers-url URL] [--groups FILE]\n"
          "The FastCGI responder of the search page (GET ?q=&page=&body=&year=&type=&format=\n"
          "html|json|csv|atom, ?similar=ID).\n"
          "  --db DIR          index (default: $SAKSOK_DB, else ./var/saksok.db), or a stub\n"
          "                    file of shards; given several times, searched as one index\n"
          "  --shard-timeout S leave out a shard that does not answer within S seconds\n"
          "                    (default 5; the answer says which are missing)\n"
          "  --socket PATH     listen on this UNIX socket (or :PORT for TCP on all\n"
          "                    interfaces, HOST:PORT); default: the socket systemd\n"
          "                    passes ($LISTEN_FDS), else the one on standard input\n"
          "                    (spawn-fcgi)\n"
          "  --socket-mode M   permissions of a UNIX socket (octal, default 0660)\n"
          "  --threads N       worker threads (1-64, default 4)\n"
          "  --papers-url URL  where the web server serves the papers\n"
          "                    (default: $SAKSOK_PAPERS_URL, else /papers/)\n"
          "  --groups FILE     restricted papers: lines GROUP: USER USER ...; the user\n"
          "                    is REMOTE_USER (default: $SAKSOK_GROUPS; without one,\n"
          "                    everyone sees public papers only)\n"
          "  --search-seconds S  give up on a search after S seconds and answer 503\n"
          "                    (default 5)\n"
          "  --version         saksok's version and its libraries'\n"
          "SAKSOK_DB and SAKSOK_PAPERS_URL are also read from the configuration, saksok.conf.\n",
          f);
}

/* The command line: what main() needs beyond the server's own fields. */
typedef struct args {
    const char *dbs[SK_SHARD_MAX]; /* every --db (shards searched as one index) */
    size_t n_db;
    double shard_timeout;
    const char *socket_path;
    long threads, mode;
} args;

/* Parse the options of one flag c into srv and a: -1 to go on, else the
 * exit status. */
static int parse_opt(int c, server *srv, args *a)
{
    char *end = NULL;
    switch (c) {
    case 'd':
        if (a->n_db == SK_SHARD_MAX) {
            fprintf(stderr, "saksok-fcgi: at most %d --db\n", SK_SHARD_MAX);
            return 2;
        }
        a->dbs[a->n_db++] = optarg;
        break;
    case 'W':
        a->shard_timeout = strtod(optarg, &end);
        if (*optarg == '\0' || *end != '\0' ||
            !(a->shard_timeout >= 0 && a->shard_timeout <= 3600)) {
            fprintf(stderr,
                    "saksok-fcgi: --shard-timeout wants seconds from 0 to 3600, "
                    "not '%s'\n",
                    optarg);
            return 2;
        }
        break;
    case 's': a->socket_path = optarg; break;
    case 'p': srv->conf.papers_url = optarg; break;
    case 'g': srv->groups_path = optarg; break;
    case 'm':
        a->mode = strtol(optarg, &end, 8);
        if (*optarg == '\0' || *end != '\0' || a->mode < 0 || a->mode > 0777) {
            fprintf(stderr, "saksok-fcgi: --socket-mode wants an octal mode, not '%s'\n", optarg);
            return 2;
        }
        break;
    case 't':
        a->threads = strtol(optarg, &end, 10);
        if (*optarg == '\0' || *end != '\0' || a->threads < 1 || a->threads > MAX_THREADS) {
            fprintf(stderr, "saksok-fcgi: --threads wants a number from 1 to %d, not '%s'\n",
                    MAX_THREADS, optarg);
            return 2;
        }
        break;
    case 'S':
        srv->search_seconds = strtod(optarg, &end);
        if (*optarg == '\0' || *end != '\0' || !(srv->search_seconds > 0) ||
            srv->search_seconds > 3600) {
            fprintf(stderr,
                    "saksok-fcgi: --search-seconds wants seconds (more than 0, at "
                    "most 3600), not '%s'\n",
                    optarg);
            return 2;
        }
        break;
    case 'h': usage(stdout); return 0;
    case 'V': return sk_cli_version("saksok-fcgi");
    default: usage(stderr); return 2;
    }
    return -1;
}

/* The options, then the configuration for what they leave unsaid: -1 to go
 * on, else the exit status. */
static int parse_args(int argc, char **argv, server *srv, args *a)
{
    static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
                                             {"shard-timeout", required_argument, NULL, 'W'},
                                             {"socket", required_argument, NULL, 's'},
                                             {"socket-mode", required_argument, NULL, 'm'},
                                             {"threads", required_argument, NULL, 't'},
                                             {"papers-url", required_argument, NULL, 'p'},
                                             {"groups", required_argument, NULL, 'g'},
                                             {"search-seconds", required_argument, NULL, 'S'},
                                             {"help", no_argument, NULL, 'h'},
                                             {"version", no_argument, NULL, 'V'},
                                             {NULL, 0, NULL, 0}};
    int c, status;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1)
        if ((status = parse_opt(c, srv, a)) >= 0)
            return status;
    const sk_conf *conf = sk_cli_conf("saksok-fcgi");
    if (optind < argc || conf == NULL) {
        if (conf)
            usage(stderr);
        return 2;
    }
    if (srv->groups_path == NULL)
        srv->groups_path = sk_conf_get(conf, "SAKSOK_GROUPS");
    if (srv->groups_path != NULL && srv->groups_path[0] == '\0')
        srv->groups_path = NULL;
    if (srv->groups_path != NULL) { /* report a bad file at once; workers read it per change */
        sk_groups *g = NULL;
        sk_err ge = SK_ERR_INIT;
        if (sk_groups_load(&g, srv->groups_path, &ge) != SK_OK) {
            fprintf(stderr, "saksok-fcgi: %s\n", ge.msg);
            return 2;
        }
        sk_groups_free(g);
    }
    if (srv->conf.papers_url == NULL)
        srv->conf.papers_url = sk_conf_get(conf, "SAKSOK_PAPERS_URL");
    if (srv->conf.papers_url == NULL || srv->conf.papers_url[0] == '\0')
        srv->conf.papers_url = "/papers/";
    return -1;
}

/* The listening socket into srv->sock: --socket, or the one systemd passes
 * (*passed, else -1), or standard input. -1 to go on, else the exit status. */
static int open_socket(server *srv, const args *a, int *passed)
{
    sk_err err = SK_ERR_INIT;
    *passed = -1;
    if (a->socket_path == NULL && sk_listen_fd(passed, &err) != SK_OK) {
        fprintf(stderr, "saksok-fcgi: %s\n", err.msg);
        return 3;
    }
    if (*passed >= 0) {
        srv->sock = *passed;
    } else if (a->socket_path != NULL) {
        srv->sock = FCGX_OpenSocket(a->socket_path, 128);
        if (srv->sock < 0) {
            fprintf(stderr, "saksok-fcgi: cannot listen on %s: %s\n", a->socket_path,
                    strerror(errno));
            return 3;
        }
        if (strchr(a->socket_path, ':') == NULL && chmod(a->socket_path, (mode_t)a->mode) != 0)
            fprintf(stderr, "saksok-fcgi: cannot chmod %s: %s\n", a->socket_path, strerror(errno));
    } else if (FCGX_IsCGI()) {
        fputs("saksok-fcgi: standard input is not a FastCGI socket; give --socket PATH or "
              "start it with spawn-fcgi\n",
              stderr);
        return 2;
    }
    return -1;
}

/* What the workers share: the council list and the lexicon (each a note
 * when missing), and a first look at the index to report trouble early
 * (workers retry on each request). */
static void open_shared(server *srv, const args *a)
{
    sk_searcher_opts so = {.dbs = a->dbs,
                           .n_db = a->n_db,
                           .conf = sk_cli_conf("saksok-fcgi"),
                           .shard_timeout = a->shard_timeout,
                           .open = SK_SEARCHER_BODIES_OPTIONAL | SK_SEARCHER_LEXICON};
    sk_err err = SK_ERR_INIT;
    sk_searcher_open(&srv->searcher, &so, &err); /* cannot fail: both parts are optional */
    if (srv->searcher.bodies_note.code != SK_OK)
        fprintf(stderr, "saksok-fcgi: %s; council names are not recognised in queries\n",
                srv->searcher.bodies_note.msg);
    if (srv->searcher.lexicon_note.code != SK_OK)
        fprintf(stderr, "saksok-fcgi: %s; snippets will not mark compound parts\n",
                srv->searcher.lexicon_note.msg);
    sk_xdb *probe = NULL;
    if (open_index(srv, &probe, &err) != SK_OK)
        fprintf(stderr, "saksok-fcgi: %s; answering 503 until it can be opened\n", err.msg);
    sk_xdb_free(probe);
}

/* Start n workers in ws and ts; returns how many started. */
static long start_workers(server *srv, worker *ws, pthread_t *ts, long n)
{
    long started = 0;
    for (long i = 0; i < n; i++) {
        worker *w = &ws[i];
        memset(w, 0, sizeof *w);
        w->srv = srv;
        sk_err e = SK_ERR_INIT;
        if (sk_searcher_new_analyser(&w->an, &srv->searcher, &e) != SK_OK ||
            sk_docdata_reader_new(&w->reader, &e) != SK_OK) {
            fprintf(stderr, "saksok-fcgi: %s\n", e.msg);
            sk_analyser_free(w->an);
            break;
        }
        w->db = NULL;
        open_index(srv, &w->db, &e); /* may fail: retried per request */
        if (pthread_create(&ts[i], NULL, worker_main, w) != 0) {
            fprintf(stderr, "saksok-fcgi: cannot start a worker thread\n");
            sk_analyser_free(w->an);
            sk_docdata_reader_free(w->reader);
            sk_xdb_free(w->db);
            break;
        }
        started++;
    }
    return started;
}

/* Graceful stop: no new connections; requests in progress finish. Shutting
 * the listening socket down wakes the workers from accept(). */
static void stop_workers(server *srv, int passed, worker *ws, pthread_t *ts, long started)
{
    FCGX_ShutdownPending();
    if (passed >= 0) {
        /* systemd keeps the socket to start the next responder on it:
         * shutting it down would break it. Requests in progress finish,
         * then the process ends (workers still waiting in accept() with it). */
        pthread_mutex_lock(&srv->busy_lock);
        while (srv->busy > 0)
            pthread_cond_wait(&srv->idle, &srv->busy_lock);
        pthread_mutex_unlock(&srv->busy_lock);
        exit(0);
    }
    shutdown(srv->sock, SHUT_RDWR);
    for (long i = 0; i < started; i++) {
        pthread_join(ts[i], NULL);
        sk_analyser_free(ws[i].an);
        sk_docdata_reader_free(ws[i].reader);
        sk_xdb_free(ws[i].db);
        sk_buf_release(&ws[i].body);
        sk_groups_free(ws[i].groups);
        sk_view_release(&ws[i].view);
    }
}

int main(int argc, char **argv)
{
    static server srv = {.search_seconds = 5.0};
    static args a = {.shard_timeout = 5.0, .threads = 4, .mode = 0660};
    int status = parse_args(argc, argv, &srv, &a);
    if (status >= 0)
        return status;

    signal(SIGPIPE, SIG_IGN); /* a client gone away is an error return, not a death */
    sk_err err = SK_ERR_INIT;
    if (FCGX_Init() != 0 || sk_web_csp(&srv.csp, &err) != SK_OK) {
        fprintf(stderr, "saksok-fcgi: cannot start: %s\n", err.msg[0] ? err.msg : "FCGX_Init");
        return 3;
    }
    int passed = -1;
    if ((status = open_socket(&srv, &a, &passed)) >= 0) {
        free(srv.csp);
        return status;
    }
    open_shared(&srv, &a);

    /* SIGTERM and SIGINT are taken by the main thread alone (sigwait below);
     * workers inherit the mask. libfcgi's own SIGTERM handler would only set
     * a flag that threads blocked in accept() never see. */
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);

    pthread_mutex_init(&srv.accept_lock, NULL);
    pthread_mutex_init(&srv.busy_lock, NULL);
    pthread_cond_init(&srv.idle, NULL);
    static worker ws[MAX_THREADS];
    static pthread_t ts[MAX_THREADS];
    long started = start_workers(&srv, ws, ts, a.threads);
    if (started != a.threads)
        exit(3); /* the workers that did start die with the process */

    int sig = 0;
    sigwait(&stop_signals, &sig);
    stop_workers(&srv, passed, ws, ts, started);
    pthread_mutex_destroy(&srv.accept_lock);
    sk_searcher_close(&srv.searcher);
    free(srv.csp);
    return 0;
}
