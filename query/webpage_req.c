/* webpage_req.c: the search page's request parameters and the links it
 * writes (see include/saksok/query/webpage.h). */
#include "saksok/query/webpage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "saksok/store/hitid.h"
#include "saksok/base/text.h"
#include "webpage_int.h"

/* ---- request parameters ---- */

typedef int (*validator)(sk_web_req *r, const char *name, const char *v, size_t len, sk_err *err);

static int has_controls(const char *v, size_t len, int allow_space_controls)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)v[i];
        if (allow_space_controls && (c == '\t' || c == '\n' || c == '\r'))
            continue;
        if (c < 0x20 || c == 0x7f)
            return 1;
    }
    return 0;
}

static int check_text(const char *name, const char *v, size_t len, size_t max, int multiline,
                      sk_err *err)
{
    if (len > max)
        return sk_err_set(err, SK_ELIMIT, "«%s» er for langt: %zu byte; høyst %zu er lov.", name,
                          len, max);
    if (!sk_utf8_valid(v, len))
        return sk_err_set(err, SK_EINVAL, "«%s» er ikke gyldig UTF-8.", name);
    if (has_controls(v, len, multiline))
        return sk_err_set(err, SK_EINVAL, "«%s» inneholder kontrolltegn.", name);
    return SK_OK;
}

static int v_query(sk_web_req *r, const char *name, const char *v, size_t len, sk_err *err)
{
    (void)r;
    return check_text(name, v, len, SK_WEB_QUERY_MAX, 1, err);
}

static int v_label(sk_web_req *r, const char *name, const char *v, size_t len, sk_err *err)
{
    (void)r;
    return check_text(name, v, len, SK_WEB_LABEL_MAX, 0, err);
}

int sk_web_all_digits(const char *v, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (v[i] < '0' || v[i] > '9')
            return 0;
    return len > 0;
}

static int v_year(sk_web_req *r, const char *name, const char *v, size_t len, sk_err *err)
{
    (void)r;
    if (len != 4 || !sk_web_all_digits(v, len))
        return sk_err_set(err, SK_EINVAL, "«%s» må være et årstall med fire sifre.", name);
    return SK_OK;
}

static int v_page(sk_web_req *r, const char *name, const char *v, size_t len, sk_err *err)
{
    int n = len <= 3 && sk_web_all_digits(v, len) ? atoi(v) : 0;
    if (n < 1 || n > SK_WEB_MAX_PAGE)
        return sk_err_set(err, SK_EINVAL, "«%s» må være et helt tall fra 1 til %d.", name,
                          SK_WEB_MAX_PAGE);
    r->page = n;
    return SK_OK;
}

static int v_literal(sk_web_req *r, const char *name, const char *v, size_t len, sk_err *err)
{
    (void)r;
    if (len != 1 || v[0] != '1')
        return sk_err_set(err, SK_EINVAL, "«%s» kan bare være 1.", name);
    return SK_OK;
}

static int v_format(sk_web_req *r, const char *name, const char *v, size_t len, sk_err *err)
{
    (void)len;
    if (strcmp(v, "json") == 0)
        r->json = 1;
    else if (strcmp(v, "csv") == 0)
        r->csv = 1;
    else if (strcmp(v, "atom") == 0)
        r->atom = 1;
    else if (strcmp(v, "html") != 0)
        return sk_err_set(err, SK_EINVAL, "«%s» må være html, json, csv eller atom.", name);
    return SK_OK;
}

static int v_similar(sk_web_req *r, const char *name, const char *v, size_t len, sk_err *err)
{
    (void)r;
    (void)len;
    if (!sk_hit_id_valid(v))
        return sk_err_set(err, SK_EINVAL, "«%s» må være id-en til et treff (16 tegn 0-9 og a-f).",
                          name);
    return SK_OK;
}

static int v_sort(sk_web_req *r, const char *name, const char *v, size_t len, sk_err *err)
{
    (void)len;
    if (strcmp(v, "date") == 0)
        r->sort_date = 1;
    else if (strcmp(v, "relevance") != 0)
        return sk_err_set(err, SK_EINVAL, "«%s» må være relevance eller date.", name);
    return SK_OK;
}

/* The endpoint's inputs, declared once: handlers read only validated values. */
static const struct param {
    const char *name;
    validator check;
} params[SK_N_PARAMS] = {
    [SK_PARAM_Q] = {"q", v_query},
    [SK_PARAM_BODY] = {"body", v_label},
    [SK_PARAM_YEAR] = {"year", v_year},
    [SK_PARAM_TYPE] = {"type", v_label},
    [SK_PARAM_LITERAL] = {"literal", v_literal},
    [SK_PARAM_SORT] = {"sort", v_sort},
    [SK_PARAM_SIMILAR] = {"similar", v_similar},
    [SK_PARAM_PAGE] = {"page", v_page},
    [SK_PARAM_FORMAT] = {"format", v_format},
    [SK_PARAM_CASE] = {"case", v_label},
};

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Percent-decode s[0, len) ('+' is a space) into a malloc'd string. */
static int decode(char **out, size_t *out_len, const char *s, size_t len, const char *name,
                  sk_err *err)
{
    *out = NULL;
    char *d = malloc(len + 1);
    if (d == NULL)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%') {
            int hi = i + 2 < len ? hexval(s[i + 1]) : -1;
            int lo = i + 2 < len ? hexval(s[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                free(d);
                return sk_err_set(err, SK_EINVAL, "«%s» har en ugyldig %%-koding.", name);
            }
            c = (char)(hi * 16 + lo);
            i += 2;
        }
        if (c == '\0') {
            free(d);
            return sk_err_set(err, SK_EINVAL, "«%s» inneholder et NUL-tegn.", name);
        }
        d[n++] = c;
    }
    d[n] = '\0';
    *out = d;
    *out_len = n;
    return SK_OK;
}

static int lookup(const char *key)
{
    for (int p = 0; p < SK_N_PARAMS; p++)
        if (strcmp(params[p].name, key) == 0)
            return p;
    return -1;
}

/* One "key=value" pair. Unknown keys (and keys that do not decode) are ignored. */
static int parse_pair(sk_web_req *r, const char *s, size_t len, int seen[SK_N_PARAMS], sk_err *err)
{
    const char *eq = memchr(s, '=', len);
    size_t klen = eq ? (size_t)(eq - s) : len;
    char *key = NULL;
    size_t key_len;
    sk_err kerr = SK_ERR_INIT;
    if (decode(&key, &key_len, s, klen, "", &kerr) != SK_OK)
        return kerr.code == SK_ENOMEM ? sk_err_set(err, SK_ENOMEM, "out of memory") : SK_OK;
    int p = lookup(key);
    free(key);
    if (p < 0)
        return SK_OK;
    const char *name = params[p].name;
    if (seen[p]++)
        return sk_err_set(err, SK_EINVAL, "«%s» er gitt mer enn én gang.", name);
    const char *val = eq ? eq + 1 : s + len;
    size_t vlen = (size_t)(s + len - val);
    char *v = NULL;
    size_t v_len = 0;
    int rc = decode(&v, &v_len, val, vlen, name, err);
    if (rc == SK_OK && v_len > 0)
        rc = params[p].check(r, name, v, v_len, err);
    if (rc == SK_OK && v_len > 0) {
        r->v[p] = v;
        v = NULL;
    }
    free(v);
    return rc;
}

int sk_web_req_parse(sk_web_req *out, const char *qs, size_t len, sk_err *err)
{
    memset(out, 0, sizeof *out);
    out->page = 1;
    if (len > SK_WEB_QS_MAX)
        return sk_err_set(err, SK_ELIMIT, "Forespørselen er for lang: %zu byte; høyst %d er lov.",
                          len, SK_WEB_QS_MAX);
    if (memchr(qs, '\0', len) != NULL)
        return sk_err_set(err, SK_EINVAL, "Forespørselen inneholder et NUL-tegn.");
    int seen[SK_N_PARAMS] = {0};
    int first = SK_OK;
    size_t i = 0;
    while (i < len) {
        const char *amp = memchr(qs + i, '&', len - i);
        size_t end = amp ? (size_t)(amp - qs) : len;
        if (end > i) {
            int rc = parse_pair(out, qs + i, end - i, seen, err);
            if (first == SK_OK)
                first = rc;
        }
        i = end + 1;
    }
    if (first != SK_OK) {
        /* The values may be half checked: keep only the format. */
        int json = out->json;
        sk_web_req_release(out);
        out->json = json;
    }
    return first;
}

void sk_web_req_release(sk_web_req *r)
{
    for (int p = 0; p < SK_N_PARAMS; p++)
        free(r->v[p]);
    memset(r, 0, sizeof *r);
    r->page = 1;
}

/* ---- URLs ---- */

static int is_unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == '~';
}

/* Percent-encode s; keep '/' when keep_slash (paths), ' ' -> '+' when form. */
int sk_web_url_encode(sk_buf *out, const char *s, int keep_slash, int form, sk_err *err)
{
    static const char hex[] = "0123456789ABCDEF";
    int rc = SK_OK;
    for (const unsigned char *p = (const unsigned char *)s; *p && rc == SK_OK; p++) {
        if (is_unreserved(*p) || (keep_slash && *p == '/')) {
            rc = sk_buf_putc(out, (char)*p, err);
        } else if (form && *p == ' ') {
            rc = sk_buf_putc(out, '+', err);
        } else {
            char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            rc = sk_buf_append(out, e, 3, err);
        }
    }
    return rc;
}

int sk_web_esc(sk_buf *out, const char *s, sk_err *err)
{
    return s ? sk_html_escape(out, s, strlen(s), err) : SK_OK;
}

const char *sk_web_param_name(sk_param p)
{
    return params[p].name;
}

int sk_web_href(sk_buf *out, const sk_web_req *req, sk_param param, const char *value, sk_err *err)
{
    sk_buf url = SK_BUF_INIT;
    int rc = sk_web_query(&url, req, param, value, err);
    if (rc == SK_OK)
        rc = sk_html_escape(out, url.data, url.len, err);
    sk_buf_release(&url);
    return rc;
}

int sk_web_query(sk_buf *out, const sk_web_req *req, sk_param param, const char *value, sk_err *err)
{
    sk_buf url = SK_BUF_INIT;
    int rc = sk_buf_putc(&url, '?', err);
    int n = 0;
    for (int p = 0; p < SK_PARAM_FORMAT && rc == SK_OK; p++) {
        const char *v = p == (int)param ? value : req ? req->v[p] : NULL;
        if (p == SK_PARAM_PAGE && param != SK_PARAM_PAGE)
            v = NULL; /* a new search starts at page 1 */
        if (v == NULL || *v == '\0' || (p == SK_PARAM_PAGE && strcmp(v, "1") == 0))
            continue;
        if (n++ > 0)
            rc = sk_buf_putc(&url, '&', err);
        if (rc == SK_OK)
            rc = sk_buf_printf(&url, err, "%s=", params[p].name);
        if (rc == SK_OK)
            rc = sk_web_url_encode(&url, v, 0, 1, err);
    }
    if (rc == SK_OK)
        rc = sk_buf_append(out, url.data, url.len, err);
    sk_buf_release(&url);
    return rc;
}

int sk_web_paper_url(sk_buf *out, const char *base, const char *file, int page, sk_err *err)
{
    int rc = sk_buf_puts(out, base ? base : "", err);
    if (rc == SK_OK && base && *base && base[strlen(base) - 1] != '/')
        rc = sk_buf_putc(out, '/', err);
    while (rc == SK_OK && *file == '/')
        file++;
    if (rc == SK_OK)
        rc = sk_web_url_encode(out, file, 1, 0, err);
    if (rc == SK_OK && page > 0)
        rc = sk_buf_printf(out, err, "#page=%d", page);
    return rc;
}

int sk_web_paper_href(sk_buf *out, const sk_web_conf *conf, const char *file, int page, sk_err *err)
{
    sk_buf url = SK_BUF_INIT;
    int rc = sk_web_paper_url(&url, conf->papers_url, file, page, err);
    if (rc == SK_OK)
        rc = sk_html_escape(out, url.data, url.len, err);
    sk_buf_release(&url);
    return rc;
}

int sk_web_case_href(sk_buf *out, const char *body, const char *case_no, sk_err *err)
{
    sk_buf v = SK_BUF_INIT, url = SK_BUF_INIT;
    int rc = sk_buf_printf(&v, err, "%s %s", body, case_no);
    if (rc == SK_OK)
        rc = sk_buf_puts(&url, "?case=", err);
    if (rc == SK_OK)
        rc = sk_web_url_encode(&url, v.data, 0, 1, err);
    if (rc == SK_OK)
        rc = sk_html_escape(out, url.data, url.len, err);
    sk_buf_release(&v);
    sk_buf_release(&url);
    return rc;
}
