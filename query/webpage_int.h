/* webpage_int.h: what the search page's files share (webpage_req.c: the
 * request and its links; webpage.c: the page's parts and the results page;
 * webpage_story.c: a case's story). Not a public header.
 */
#ifndef SAKSOK_WEBPAGE_INT_H
#define SAKSOK_WEBPAGE_INT_H

#include <stddef.h>

#include <jansson.h>

#include "saksok/base/buf.h"
#include "saksok/base/err.h"
#include "saksok/query/webpage.h"

/* ---- webpage_req.c ---- */

/* The name of a request parameter ("q", "body", ...). */
const char *sk_web_param_name(sk_param p);
/* Are the len bytes of v all ASCII digits? */
int sk_web_all_digits(const char *v, size_t len);
/* Percent-encode s; keep '/' when keep_slash (paths), ' ' -> '+' when form. */
int sk_web_url_encode(sk_buf *out, const char *s, int keep_slash, int form, sk_err *err);
/* s HTML-escaped; nothing when s is NULL. */
int sk_web_esc(sk_buf *out, const char *s, sk_err *err);
/* The href (HTML-escaped) of a paper at page (0: its start) where the web
 * server serves it (conf->papers_url, sk_web_paper_url). */
int sk_web_paper_href(sk_buf *out, const sk_web_conf *conf, const char *file, int page,
                      sk_err *err);

/* ---- webpage.c ---- */

/* A string member of o, NULL when it is missing, not a string or empty. */
const char *sk_web_jstr(const json_t *o, const char *key);
/* An integer member of o, 0 when it is missing or not an integer. */
long sk_web_jint(const json_t *o, const char *key);
/* The page up to and with the search form (req may be NULL), titled title
 * (NULL: the site's name alone); feed: it offers the search's Atom feed. */
int sk_web_head(sk_buf *out, const sk_web_req *req, const char *title, int feed, sk_err *err);
/* The page's end. */
int sk_web_tail(sk_buf *out, sk_err *err);
/* "2021-05-20" -> <time datetime="2021-05-20">20. mai 2021</time>; anything else as is. */
int sk_web_put_date(sk_buf *out, const char *d, sk_err *err);
/* The council, meeting, case number and type (each NULL: left out) as the
 * spans of a "meta" line. */
int sk_web_put_case_meta(sk_buf *out, const char *body, const char *date, const char *cas,
                         const char *type, sk_err *err);

/* Each appends to out when nothing has failed yet (int rc, sk_err *err in scope). */
#define PUTS(s)                              \
    do {                                     \
        if (rc == SK_OK)                     \
            rc = sk_buf_puts(out, (s), err); \
    } while (0)
#define ESC(s)                              \
    do {                                    \
        if (rc == SK_OK)                    \
            rc = sk_web_esc(out, (s), err); \
    } while (0)
/* ... and the search req (in scope) with parameter p set to v. */
#define HREF(p, v)                                     \
    do {                                               \
        if (rc == SK_OK)                               \
            rc = sk_web_href(out, req, (p), (v), err); \
    } while (0)

#endif
