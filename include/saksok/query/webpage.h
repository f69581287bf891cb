/* webpage.h: the search page of saksok-fcgi: a query string in, HTML out.
 *
 * Two halves, both free of I/O (query/fcgi.c does the FastCGI part):
 *
 * - Request parameters are declared once, in a table of {name, validator}
 *   (kcgi's sample.c): sk_web_req_parse() percent-decodes the query string,
 *   ignores parameters it does not know, and checks every known value
 *   (length, UTF-8, no NUL or control characters, range) before anything
 *   reads it. No parameter is ever used as a file path.
 *
 * - The page is rendered from the results JSON of DESIGN.md, built by
 *   sk_render_json_value() (render.h) -- the same value `saksok --json` and
 *   format=json print -- so the page shows what the JSON says and nothing
 *   else. Every string that reaches the page is HTML-escaped; the snippet,
 *   which is escaped HTML with <mark> already, is filtered again so that
 *   <mark> and </mark> are the only tags it can carry.
 *
 * Text on the page is Norwegian (bokmål). Links are relative ("?q=..."), so
 * the page works at any path the web server gives it.
 *
 * Ownership: sk_web_req is caller-allocated (= {0} is empty, but parse
 * fills it wholly) and emptied by sk_web_req_release(); its strings are
 * malloc'd. Renderers append to a caller's sk_buf and borrow everything else.
 */
#ifndef SAKSOK_WEBPAGE_H
#define SAKSOK_WEBPAGE_H

#include <stddef.h>

#include "saksok/base/buf.h"
#include "saksok/base/err.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SK_WEB_QUERY_MAX 400 /* bytes of q after decoding */
#define SK_WEB_LABEL_MAX 100 /* bytes of body= and type= after decoding */
#define SK_WEB_MAX_PAGE 100  /* page=1..100 */
#define SK_WEB_PER_PAGE 10   /* hits per page */
#define SK_WEB_QS_MAX 4096   /* bytes of the whole query string */
#define SK_WEB_CSV_MAX 500   /* hits in format=csv (from the first) */
#define SK_WEB_FEED_MAX 20   /* entries in format=atom (the latest added) */

/* The parameters the endpoint knows, in the order links write them. */
typedef enum sk_param {
    SK_PARAM_Q,
    SK_PARAM_BODY,
    SK_PARAM_YEAR,
    SK_PARAM_TYPE,
    SK_PARAM_LITERAL, /* literal=1: the words as written, nothing read into them (qread.h) */
    SK_PARAM_SORT,    /* sort=date: newest meeting first (sort=relevance: the default) */
    SK_PARAM_SIMILAR, /* similar=ID: the cases most like the hit with this id (search.h) */
    SK_PARAM_PAGE,
    SK_PARAM_FORMAT,
    SK_PARAM_CASE, /* case=NUIT 13/21: the case's story (story.h); never carried in links */
    SK_N_PARAMS
} sk_param;

typedef struct sk_web_req {
    char *v[SK_N_PARAMS]; /* decoded, validated; NULL when absent or empty */
    int page;             /* 1..SK_WEB_MAX_PAGE (1 when absent) */
    int json;             /* format=json */
    int sort_date;        /* sort=date */
    int csv, atom;        /* format=csv, format=atom (export.h) */
} sk_web_req;

/* Parse a query string (application/x-www-form-urlencoded, len bytes, '+'
 * is a space). Errors: SK_ELIMIT (q or the whole string too long) or
 * SK_EINVAL (bad %-escape, NUL, invalid UTF-8, control character, a value
 * out of range, a known parameter given twice), with a Norwegian message
 * for the user that names the parameter. The first error wins, but every
 * parameter is still read, so out->json tells an error's format even then.
 * out is always filled and must be released. */
int sk_web_req_parse(sk_web_req *out, const char *qs, size_t len, sk_err *err);
void sk_web_req_release(sk_web_req *r);

/* Append the HTML-escaped, relative href of the search in req with param set
 * to value (NULL: removed). Any change but to SK_PARAM_PAGE goes back to
 * page 1; format= is never carried into a link. */
int sk_web_href(sk_buf *out, const sk_web_req *req, sk_param param, const char *value, sk_err *err);

/* The same, not HTML-escaped: "?q=...&body=..." as a URL has it. */
int sk_web_query(sk_buf *out, const sk_web_req *req, sk_param param, const char *value,
                 sk_err *err);

/* Append base (as is) and file with each path segment percent-encoded, and
 * "#page=N" when page > 0: the link to a paper where the web server serves
 * it (the value of an href: HTML-escape it). */
int sk_web_paper_url(sk_buf *out, const char *base, const char *file, int page, sk_err *err);

typedef struct sk_web_conf {
    const char *papers_url; /* prefix of links to papers, e.g. "/papers/" */
} sk_web_conf;

struct json_t;

/* The whole page for req with the results res (the JSON object of
 * DESIGN.md): the form keeping the query, "Mente du ...?", the count, the
 * active filters, the hits, paging, the facets and the timeline. */
int sk_web_results(sk_buf *out, const sk_web_conf *conf, const sk_web_req *req,
                   const struct json_t *res, sk_err *err);

/* The page of a case's story (sk_story_json_value()'s JSON, story): the
 * decision first and where it was made, the timeline as a dated list with
 * links to each paper's page, the cases it refers to and that refer to it
 * (each a link to its own story), and a link that searches for the case. */
int sk_web_story(sk_buf *out, const sk_web_conf *conf, const sk_web_req *req,
                 const struct json_t *story, sk_err *err);

/* The href (HTML-escaped) of the story page of body's case case_no
 * ("?case=NUIT+13%2F21"). */
int sk_web_case_href(sk_buf *out, const char *body, const char *case_no, sk_err *err);

/* The page without results: the empty search page (heading and message
 * NULL), or a message such as a malformed query (heading and message are
 * plain text; both are escaped). req may be NULL (the form is then empty). */
int sk_web_message(sk_buf *out, const sk_web_conf *conf, const sk_web_req *req, const char *heading,
                   const char *message, sk_err *err);

/* The timeline: an inline SVG bar chart of hits per year from the "year"
 * facet (an object "2021": 4, ...), oldest year first, one bar per year with
 * a count, each bar's height proportional to its count, with a <title> and a
 * link that filters on that year. Appends nothing when there are no years. */
int sk_web_timeline(sk_buf *out, const sk_web_req *req, const struct json_t *years, sk_err *err);

/* The page's one stylesheet (inline in <style>), and the value of the
 * Content-Security-Policy header that allows exactly it (by its SHA-256)
 * and nothing else; *out malloc'd. */
const char *sk_web_style(void);
int sk_web_csp(char **out, sk_err *err);

#ifdef __cplusplus
}
#endif

#endif
