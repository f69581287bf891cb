/* webpage.c: the HTML search page: its parts, the results page and the
 * message page (see include/saksok/query/webpage.h). */
#include "saksok/query/webpage.h"

#include "saksok/store/hitid.h"

#include <glib.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "saksok/query/fields.h"
#include "saksok/query/snippet.h"
#include "saksok/base/text.h"

#include "webpage_int.h"

/* ---- JSON access ---- */

const char *sk_web_jstr(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_string(v) && json_string_length(v) > 0 ? json_string_value(v) : NULL;
}

long sk_web_jint(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_integer(v) ? (long)json_integer_value(v) : 0;
}

/* ---- page parts ---- */

static const char style[] =
    ":root{--fg:#1b1b1b;--muted:#555;--accent:#0b5394;--line:#d8d8d8;--mark:#fde68a;"
    "--focus:#c2410c}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;font:1rem/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\","
    "sans-serif;color:var(--fg);background:#fff}\n"
    "header,main,footer{max-width:72rem;margin:0 auto;padding:0 1rem}\n"
    "header{padding-top:.75rem;border-bottom:1px solid var(--line)}\n"
    "h1{font-size:1.5rem;margin:.25rem 0}h1 a{color:inherit;text-decoration:none}\n"
    ".lead{margin:0 0 .75rem;color:var(--muted)}\n"
    ".sr,.skip:not(:focus){position:absolute;width:1px;height:1px;overflow:hidden;"
    "clip-path:inset(50%);white-space:nowrap}\n"
    "a{color:var(--accent)}\n"
    "a:focus-visible,input:focus-visible,button:focus-visible{outline:3px solid var(--focus);"
    "outline-offset:2px}\n"
    "form{margin:1rem 0}label{display:block;font-weight:600;margin-bottom:.25rem}\n"
    ".row{display:flex;gap:.5rem}\n"
    "input[type=search]{flex:1;min-width:0;font:inherit;padding:.5rem .6rem;"
    "border:2px solid #6b6b6b;border-radius:4px}\n"
    "button{font:inherit;padding:.5rem 1.1rem;border:2px solid var(--accent);border-radius:4px;"
    "background:var(--accent);color:#fff;cursor:pointer}\n"
    ".note,.error{padding:.5rem .75rem;border-left:4px solid var(--accent);background:#f1f5fa}\n"
    ".error{border-color:#b91c1c;background:#fdf0f0}\n"
    ".count{font-weight:600;margin:.5rem 0}\n"
    ".active{list-style:none;padding:0;margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.5rem}\n"
    ".active li{border:1px solid var(--line);border-radius:1rem;padding:.1rem .75rem}\n"
    ".layout{display:grid;grid-template-columns:minmax(0,1fr) 17rem;gap:0 2.5rem}\n"
    "@media (max-width:50rem){.layout{grid-template-columns:minmax(0,1fr)}}\n"
    "h2{font-size:1.2rem;margin:1rem 0 .5rem}\n"
    ".hits{list-style:none;padding:0;margin:0}\n"
    ".hit{padding:.75rem 0;border-top:1px solid var(--line)}\n"
    ".hit h3{font-size:1.1rem;margin:0 0 .2rem;overflow-wrap:anywhere}\n"
    ".meta{margin:0;color:var(--muted);font-size:.9rem}\n"
    ".meta span+span:before{content:\" · \"}\n"
    ".snippet{margin:.3rem 0}\n"
    "mark{background:var(--mark);color:inherit;padding:0 .1em}\n"
    ".decision{margin:.4rem 0;padding:.3rem .6rem;border-left:4px solid #15803d;"
    "background:#f0f8f2}\n"
    ".decision.proposed{border-color:#b45309;background:#fdf6ec}\n"
    ".file{margin:0;font-size:.8rem;color:var(--muted);overflow-wrap:anywhere}\n"
    ".pages ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.35rem}\n"
    ".pages a,.pages span{display:inline-block;min-width:2.6rem;padding:.4rem .6rem;"
    "text-align:center;border:1px solid var(--line);border-radius:4px}\n"
    ".pages [aria-current]{background:var(--accent);border-color:var(--accent);color:#fff}\n"
    "aside h3{font-size:1rem;margin:1rem 0 .25rem}\n"
    ".facet{list-style:none;padding:0;margin:0}\n"
    ".facet a,.facet .on{display:flex;justify-content:space-between;gap:1rem;padding:.2rem 0}\n"
    ".facet .on{font-weight:600}\n"
    ".n{color:var(--muted);font-variant-numeric:tabular-nums}\n"
    ".tl{margin:.5rem 0 1rem}.tl figcaption{font-size:.9rem;color:var(--muted)}\n"
    ".timeline{display:block;max-width:100%;height:auto}\n"
    ".timeline .bar{fill:var(--accent)}.timeline .bar.on{fill:#b45309}\n"
    ".timeline a:hover .bar,.timeline a:focus .bar{fill:var(--focus)}\n"
    ".timeline text{font-size:11px;fill:#444;text-anchor:middle}\n"
    ".timeline .axis{stroke:#999}\n"
    "footer{margin-top:2rem;padding-bottom:1.5rem;color:var(--muted);font-size:.85rem}\n";

const char *sk_web_style(void)
{
    return style;
}

int sk_web_csp(char **out, sk_err *err)
{
    *out = NULL;
    GChecksum *ck = g_checksum_new(G_CHECKSUM_SHA256);
    if (ck == NULL)
        return sk_err_set(err, SK_EINTERNAL, "cannot hash the stylesheet");
    guint8 digest[32];
    gsize n = sizeof digest;
    g_checksum_update(ck, (const guchar *)style, (gssize)(sizeof style - 1));
    g_checksum_get_digest(ck, digest, &n);
    g_checksum_free(ck);
    sk_buf b = SK_BUF_INIT;
    int rc = sk_buf_puts(&b, "default-src 'none'; style-src 'sha256-", err);
    if (rc == SK_OK)
        rc = sk_buf_base64(&b, digest, n, err);
    if (rc == SK_OK)
        rc = sk_buf_puts(&b,
                         "'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; "
                         "base-uri 'none'",
                         err);
    if (rc == SK_OK && (*out = sk_buf_detach(&b, NULL)) == NULL)
        rc = sk_err_set(err, SK_ENOMEM, "out of memory");
    sk_buf_release(&b);
    return rc;
}

/* The href of the search in req as another format ("atom", "csv"). */
static int href_format(sk_buf *out, const sk_web_req *req, const char *format, sk_err *err)
{
    sk_buf url = SK_BUF_INIT;
    int rc = sk_web_query(&url, req, SK_PARAM_PAGE, NULL, err);
    if (rc == SK_OK)
        rc = sk_buf_printf(&url, err, "%sformat=%s", url.len > 1 ? "&" : "", format);
    if (rc == SK_OK)
        rc = sk_html_escape(out, url.data, url.len, err);
    sk_buf_release(&url);
    return rc;
}

/* feed: the page offers the Atom feed of its search */
int sk_web_head(sk_buf *out, const sk_web_req *req, const char *title, int feed, sk_err *err)
{
    int rc = SK_OK;
    PUTS("<!DOCTYPE html>\n<html lang=\"nb\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"referrer\" content=\"same-origin\">\n");
    if (feed) {
        PUTS("<link rel=\"alternate\" type=\"application/atom+xml\" "
             "title=\"Nye treff for dette søket\" href=\"");
        if (rc == SK_OK)
            rc = href_format(out, req, "atom", err);
        PUTS("\">\n");
    }
    PUTS("<title>");
    if (title) {
        ESC(title);
        PUTS(" – ");
    }
    PUTS("Saksøk</title>\n<style>");
    PUTS(style);
    PUTS("</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#innhold\">Hopp til innholdet</a>\n"
         "<header>\n<h1><a href=\"?\">Saksøk</a></h1>\n"
         "<p class=\"lead\">Søk i møtepapirene til NUIT, NUFA, Nasjonalt e-helsestyre og "
         "Nasjonalt e-helseråd.</p>\n</header>\n<main id=\"innhold\">\n"
         "<form method=\"get\" role=\"search\">\n"
         "<label for=\"q\">Søk i saker, vedtak og møtepapirer</label>\n"
         "<div class=\"row\"><input type=\"search\" id=\"q\" name=\"q\" maxlength=\"400\" "
         "autocomplete=\"off\" spellcheck=\"false\" value=\"");
    ESC(req ? req->v[SK_PARAM_Q] : NULL);
    PUTS("\"><button type=\"submit\">Søk</button></div>\n");
    /* Active filters stay with a new query; each can be removed below. */
    for (int p = SK_PARAM_BODY; p <= SK_PARAM_TYPE && req; p++) {
        if (req->v[p] == NULL)
            continue;
        PUTS("<input type=\"hidden\" name=\"");
        PUTS(sk_web_param_name((sk_param)p));
        PUTS("\" value=\"");
        ESC(req->v[p]);
        PUTS("\">\n");
    }
    PUTS("</form>\n");
    return rc;
}

int sk_web_tail(sk_buf *out, sk_err *err)
{
    int rc = SK_OK;
    PUTS("</main>\n<footer>\n<p>Søket finner alle bøyningsformer av ordene. Bruk "
         "«anførselstegn» for et uttrykk, OG / ELLER / IKKE eller -ord for å utelate.</p>\n"
         "</footer>\n</body>\n</html>\n");
    return rc;
}

static const char *const months[12] = {"januar",    "februar", "mars",     "april",
                                       "mai",       "juni",    "juli",     "august",
                                       "september", "oktober", "november", "desember"};

/* "2021-05-20" -> <time datetime="2021-05-20">20. mai 2021</time>; anything else as is. */
int sk_web_put_date(sk_buf *out, const char *d, sk_err *err)
{
    int rc = SK_OK;
    if (strlen(d) == 10 && sk_web_all_digits(d, 4) && d[4] == '-' && sk_web_all_digits(d + 5, 2) &&
        d[7] == '-' && sk_web_all_digits(d + 8, 2)) {
        int m = (d[5] - '0') * 10 + (d[6] - '0');
        int day = (d[8] - '0') * 10 + (d[9] - '0');
        if (m >= 1 && m <= 12 && day >= 1 && day <= 31)
            return sk_buf_printf(out, err, "<time datetime=\"%s\">%d. %s %.4s</time>", d, day,
                                 months[m - 1], d);
    }
    ESC(d);
    return rc;
}

static const char *role_label(const char *role)
{
    const sk_role_names *r = sk_role_find(role);
    return r ? r->page : NULL; /* "case" and "page" say nothing the rest does not */
}

/* The snippet is escaped HTML with <mark>; let through only those two tags. */
static int put_snippet(sk_buf *out, const char *s, sk_err *err)
{
    int rc = SK_OK;
    size_t run = 0, i = 0, len = strlen(s);
    while (i < len && rc == SK_OK) {
        size_t tag = 0;
        if (s[i] == '<' && strncmp(s + i, "<mark>", 6) == 0)
            tag = 6;
        else if (s[i] == '<' && strncmp(s + i, "</mark>", 7) == 0)
            tag = 7;
        if (tag > 0) {
            rc = sk_buf_append(out, s + run, i - run, err);
            if (rc == SK_OK)
                rc = sk_buf_append(out, s + i, tag, err);
            i += tag;
            run = i;
        } else if (s[i] == '<' || s[i] == '>' || s[i] == '"') {
            rc = sk_buf_append(out, s + run, i - run, err);
            if (rc == SK_OK)
                rc = sk_html_escape(out, s + i, 1, err);
            run = ++i;
        } else {
            i++;
        }
    }
    if (rc == SK_OK)
        rc = sk_buf_append(out, s + run, len - run, err);
    return rc;
}

/* Who acts in the hit: presenter, sender, case officer, minute taker. */
static int put_actors(sk_buf *out, const json_t *h, sk_err *err)
{
    static const char *const fields[][2] = {{"presenter", "Presenterer"},
                                            {"sender", "Fra"},
                                            {"case_officer", "Saksbehandler"},
                                            {"minute_taker", "Referent"}};
    int rc = SK_OK, any = 0;
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        const char *v = sk_web_jstr(h, fields[i][0]);
        if (v == NULL)
            continue;
        PUTS(any++ ? "" : "<p class=\"meta actors\">");
        PUTS("<span>");
        PUTS(fields[i][1]);
        PUTS(": ");
        ESC(v);
        PUTS("</span>");
    }
    if (any)
        PUTS("</p>\n");
    return rc;
}

/* The council, meeting, case number and type (each NULL: left out) as
 * the spans of a "meta" line. */
int sk_web_put_case_meta(sk_buf *out, const char *body, const char *date, const char *cas,
                         const char *type, sk_err *err)
{
    int rc = SK_OK;
    if (body) {
        PUTS("<span>");
        ESC(body);
        PUTS("</span>");
    }
    if (date) {
        PUTS("<span>Møte ");
        if (rc == SK_OK)
            rc = sk_web_put_date(out, date, err);
        PUTS("</span>");
    }
    if (cas) {
        PUTS("<span>Sak ");
        ESC(cas);
        PUTS("</span>");
    }
    if (type) {
        PUTS("<span>");
        ESC(type);
        PUTS("</span>");
    }
    return rc;
}

static int put_hit(sk_buf *out, const sk_web_conf *conf, const json_t *h, sk_err *err)
{
    int rc = SK_OK;
    const char *file = sk_web_jstr(h, "file");
    const char *title = sk_web_jstr(h, "title");
    long from = sk_web_jint(h, "page_from"), to = sk_web_jint(h, "page_to");
    if (file == NULL)
        return SK_OK;
    PUTS("<li class=\"hit\">\n<h3><a href=\"");
    if (rc == SK_OK)
        rc = sk_web_paper_href(out, conf, file, (int)from, err);
    PUTS("\">");
    const char *doc_title = sk_web_jstr(h, "doc_title");
    ESC(title ? title : doc_title ? doc_title : file);
    PUTS("</a></h3>\n<p class=\"meta\">");
    const char *body = sk_web_jstr(h, "body"), *date = sk_web_jstr(h, "meeting_date");
    const char *cas = sk_web_jstr(h, "case"), *type = sk_web_jstr(h, "type");
    const char *role = role_label(sk_web_jstr(h, "role"));
    if (rc == SK_OK)
        rc = sk_web_put_case_meta(out, body, date, cas, type, err);
    if (role) {
        PUTS("<span>");
        PUTS(role);
        PUTS("</span>");
    }
    if (body && cas) { /* the case's whole story */
        PUTS("<span><a class=\"story\" href=\"");
        if (rc == SK_OK)
            rc = sk_web_case_href(out, body, cas, err);
        PUTS("\">Sakens gang</a></span>");
    }
    const char *archive_no = sk_web_jstr(h, "archive_no");
    if (archive_no) {
        PUTS("<span class=\"archive\">Arkivsak ");
        ESC(archive_no);
        PUTS("</span>");
    }
    if (from > 0 && rc == SK_OK)
        rc = to > from ? sk_buf_printf(out, err, "<span>s. %ld–%ld</span>", from, to)
                       : sk_buf_printf(out, err, "<span>s. %ld</span>", from);
    PUTS("</p>\n");
    if (rc == SK_OK)
        rc = put_actors(out, h, err);
    const char *snippet = sk_web_jstr(h, "snippet");
    if (snippet) {
        PUTS("<p class=\"snippet\">");
        if (rc == SK_OK)
            rc = put_snippet(out, snippet, err);
        PUTS("</p>\n");
    }
    const char *decision = sk_web_jstr(h, "decision"),
               *proposed = sk_web_jstr(h, "proposed_decision");
    if (decision) {
        PUTS("<p class=\"decision\"><strong>Vedtak:</strong> ");
        ESC(decision);
        PUTS("</p>\n");
    } else if (proposed) {
        PUTS("<p class=\"decision proposed\"><strong>Forslag til vedtak:</strong> ");
        ESC(proposed);
        PUTS("</p>\n");
    }
    PUTS("<p class=\"file\">");
    ESC(file);
    const char *id = sk_web_jstr(h, "id");
    if (id && sk_hit_id_valid(id)) { /* hex digits: nothing to escape */
        PUTS(" · <a href=\"?similar=");
        PUTS(id);
        PUTS("\">Lignende saker</a> · <span class=\"id\">Id ");
        PUTS(id);
        PUTS("</span>");
    }
    PUTS("</p>\n</li>\n");
    return rc;
}

static int href_page(sk_buf *out, const sk_web_req *req, int page, sk_err *err)
{
    char num[16];
    snprintf(num, sizeof num, "%d", page);
    return sk_web_href(out, req, SK_PARAM_PAGE, num, err);
}

static int put_pages(sk_buf *out, const sk_web_req *req, size_t total, sk_err *err)
{
    int rc = SK_OK;
    size_t n = (total + SK_WEB_PER_PAGE - 1) / SK_WEB_PER_PAGE;
    int last = n > SK_WEB_MAX_PAGE ? SK_WEB_MAX_PAGE : (int)n;
    int cur = req->page;
    if (last < 2 && cur == 1)
        return SK_OK;
    if (last < cur)
        last = cur;
    PUTS("<nav class=\"pages\" aria-label=\"Sider\">\n<ul>\n");
    if (cur > 1) {
        PUTS("<li><a rel=\"prev\" href=\"");
        if (rc == SK_OK)
            rc = href_page(out, req, cur - 1, err);
        PUTS("\">Forrige</a></li>\n");
    }
    int lo = cur - 2 < 1 ? 1 : cur - 2, hi = cur + 2 > last ? last : cur + 2;
    for (int p = 1; p <= last && rc == SK_OK; p++) {
        if (p != 1 && p != last && (p < lo || p > hi)) {
            if (p == lo - 1 || p == hi + 1)
                PUTS("<li><span aria-hidden=\"true\">…</span></li>\n");
            continue;
        }
        if (p == cur) {
            rc = sk_buf_printf(out, err, "<li><a aria-current=\"page\" href=\"%s\">%d</a></li>\n",
                               "#treff", p);
            continue;
        }
        PUTS("<li><a href=\"");
        if (rc == SK_OK)
            rc = href_page(out, req, p, err);
        if (rc == SK_OK)
            rc = sk_buf_printf(out, err, "\" aria-label=\"Side %d\">%d</a></li>\n", p, p);
    }
    if (cur < last) {
        PUTS("<li><a rel=\"next\" href=\"");
        if (rc == SK_OK)
            rc = href_page(out, req, cur + 1, err);
        PUTS("\">Neste</a></li>\n");
    }
    PUTS("</ul>\n</nav>\n");
    return rc;
}

/* The request parameter of each facet (fields.h) */
static const sk_param facet_params[SK_N_FACETS] = {[SK_FACET_BODY] = SK_PARAM_BODY,
                                                   [SK_FACET_YEAR] = SK_PARAM_YEAR,
                                                   [SK_FACET_TYPE] = SK_PARAM_TYPE};

static int put_active_filters(sk_buf *out, const sk_web_req *req, sk_err *err)
{
    int rc = SK_OK, any = 0;
    for (int f = 0; f < SK_N_FACETS; f++)
        any |= req->v[facet_params[f]] != NULL;
    if (!any)
        return SK_OK;
    PUTS("<ul class=\"active\" aria-label=\"Aktive filtre\">\n");
    for (int f = 0; f < SK_N_FACETS && rc == SK_OK; f++) {
        const char *v = req->v[facet_params[f]];
        if (v == NULL)
            continue;
        PUTS("<li>");
        PUTS(sk_facets[f].title);
        PUTS(": <strong>");
        ESC(v);
        PUTS("</strong> <a href=\"");
        HREF(facet_params[f], NULL);
        PUTS("\">Fjern<span class=\"sr\"> filteret ");
        ESC(v);
        PUTS("</span></a></li>\n");
    }
    PUTS("</ul>\n");
    return rc;
}

static int cmp_year_desc(const void *a, const void *b)
{
    return strcmp(*(const char *const *)b, *(const char *const *)a);
}

static int put_facet(sk_buf *out, const sk_web_req *req, int f, const json_t *counts, sk_err *err)
{
    int rc = SK_OK;
    size_t n = json_object_size(counts);
    if (n == 0)
        return SK_OK;
    const char **keys = malloc(n * sizeof *keys);
    if (keys == NULL)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    size_t k = 0;
    const char *key;
    json_t *val;
    json_object_foreach((json_t *)counts, key, val) keys[k++] = key;
    if (facet_params[f] == SK_PARAM_YEAR)
        qsort(keys, k, sizeof *keys, cmp_year_desc);
    const char *active = req->v[facet_params[f]];
    rc = sk_buf_printf(out, err,
                       "<h3 id=\"f-%s\">%s</h3>\n<ul class=\"facet\" aria-labelledby=\"f-%s\">\n",
                       sk_facets[f].name, sk_facets[f].title, sk_facets[f].name);
    for (size_t i = 0; i < k && i < 15 && rc == SK_OK; i++) {
        long c = sk_web_jint(counts, keys[i]);
        int on = active && strcmp(active, keys[i]) == 0;
        PUTS(on ? "<li><span class=\"on\" aria-current=\"true\"><span>" : "<li><a href=\"");
        if (!on) {
            HREF(facet_params[f], keys[i]);
            PUTS("\"><span>");
        }
        ESC(keys[i]);
        if (rc == SK_OK)
            rc = sk_buf_printf(out, err, "</span> <span class=\"n\">%ld</span>%s</li>\n", c,
                               on ? "</span>" : "</a>");
    }
    PUTS("</ul>\n");
    free(keys);
    return rc;
}

typedef struct year_count {
    int year;
    const char *key;
    long count;
} year_count;

static int cmp_year(const void *a, const void *b)
{
    const year_count *x = a, *y = b;
    return (x->year > y->year) - (x->year < y->year);
}

#define TL_SLOT 40     /* width of one year */
#define TL_BAR 28      /* width of a bar */
#define TL_TOP 16      /* room for the count above the tallest bar */
#define TL_HEIGHT 60   /* the tallest bar */
#define TL_MAX_SPAN 40 /* years beyond which gaps are not drawn to scale */

int sk_web_timeline(sk_buf *out, const sk_web_req *req, const json_t *years, sk_err *err)
{
    size_t n = json_object_size(years);
    if (n == 0)
        return SK_OK;
    year_count *ys = calloc(n, sizeof *ys);
    if (ys == NULL)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    size_t k = 0;
    long max = 0;
    const char *key;
    json_t *val;
    json_object_foreach((json_t *)years, key, val)
    {
        if (strlen(key) != 4 || !sk_web_all_digits(key, 4) || !json_is_integer(val) ||
            json_integer_value(val) <= 0)
            continue;
        ys[k].year = atoi(key);
        ys[k].key = key;
        ys[k].count = (long)json_integer_value(val);
        if (ys[k].count > max)
            max = ys[k].count;
        k++;
    }
    if (k == 0) {
        free(ys);
        return SK_OK;
    }
    qsort(ys, k, sizeof *ys, cmp_year);
    int span = ys[k - 1].year - ys[0].year + 1;
    int to_scale = span <= TL_MAX_SPAN;
    int slots = to_scale ? span : (int)k;
    int width = slots * TL_SLOT;
    int base = TL_TOP + TL_HEIGHT;
    const char *active = req ? req->v[SK_PARAM_YEAR] : NULL;
    int rc = sk_buf_printf(out, err,
                           "<svg class=\"timeline\" viewBox=\"0 0 %d %d\" width=\"%d\" "
                           "height=\"%d\" role=\"group\" aria-labelledby=\"tl-title\">\n"
                           "<title id=\"tl-title\">Treff per år</title>\n"
                           "<line class=\"axis\" x1=\"0\" y1=\"%d.5\" x2=\"%d\" y2=\"%d.5\"/>\n",
                           width, base + 18, width, base + 18, base, width, base);
    for (size_t i = 0; i < k && rc == SK_OK; i++) {
        int slot = to_scale ? ys[i].year - ys[0].year : (int)i;
        int h = (int)((ys[i].count * TL_HEIGHT + max / 2) / max);
        if (h < 1)
            h = 1;
        int x = slot * TL_SLOT + (TL_SLOT - TL_BAR) / 2;
        int cx = slot * TL_SLOT + TL_SLOT / 2;
        int on = active && strcmp(active, ys[i].key) == 0;
        PUTS("<a href=\"");
        HREF(SK_PARAM_YEAR, ys[i].key);
        if (rc == SK_OK)
            rc = sk_buf_printf(out, err,
                               "\"><title>%s: %ld treff</title>"
                               "<rect class=\"bar%s\" x=\"%d\" y=\"%d\" width=\"%d\" "
                               "height=\"%d\"/>"
                               "<text x=\"%d\" y=\"%d\">%ld</text>"
                               "<text x=\"%d\" y=\"%d\">%s</text></a>\n",
                               ys[i].key, ys[i].count, on ? " on" : "", x, base - h, TL_BAR, h, cx,
                               base - h - 4, ys[i].count, cx, base + 14, ys[i].key);
    }
    PUTS("</svg>\n");
    free(ys);
    return rc;
}

static int put_facets(sk_buf *out, const sk_web_req *req, const json_t *facets, sk_err *err)
{
    int rc = SK_OK, any = 0;
    for (int f = 0; f < SK_N_FACETS; f++)
        any |= json_object_size(json_object_get(facets, sk_facets[f].name)) > 0;
    if (!any)
        return SK_OK;
    PUTS("<aside aria-labelledby=\"avgrens\">\n<h2 id=\"avgrens\">Avgrens søket</h2>\n");
    for (int f = 0; f < SK_N_FACETS && rc == SK_OK; f++)
        rc = put_facet(out, req, f, json_object_get(facets, sk_facets[f].name), err);
    PUTS("</aside>\n");
    return rc;
}

int sk_web_results(sk_buf *out, const sk_web_conf *conf, const sk_web_req *req, const json_t *res,
                   sk_err *err)
{
    /* ?similar=ID has no words of its own */
    const char *q = req->v[SK_PARAM_Q] ? req->v[SK_PARAM_Q] : "saker som ligner";
    int rc = sk_web_head(out, req, q, 1, err);
    const char *suggestion = sk_web_jstr(res, "suggestion");
    if (suggestion) {
        PUTS("<p class=\"note\">Mente du <a href=\"");
        HREF(SK_PARAM_Q, suggestion);
        PUTS("\">");
        ESC(suggestion);
        PUTS("</a>?</p>\n");
    }
    /* how the words were read, and the search without it */
    const char *reading = sk_web_jstr(json_object_get(res, "reading"), "text");
    if (reading) {
        PUTS("<p class=\"note\" id=\"tolket\">Tolket som: ");
        ESC(reading);
        PUTS(". <a href=\"");
        HREF(SK_PARAM_LITERAL, "1");
        PUTS("\">Søk etter ordene som skrevet</a></p>\n");
    }
    long total = sk_web_jint(res, "total"), offset = sk_web_jint(res, "offset");
    const json_t *hits = json_object_get(res, "hits");
    size_t n = json_array_size(hits);
    PUTS("<p class=\"count\" id=\"antall\" role=\"status\">");
    if (total == 0) {
        PUTS("Ingen treff for «");
        ESC(q);
        PUTS("».");
    } else if (n == 0) {
        if (rc == SK_OK)
            rc = sk_buf_printf(out, err, "%s%ld treff for «", total >= 1000 ? "Over " : "", total);
        ESC(q);
        if (rc == SK_OK)
            rc = sk_buf_printf(out, err, "», men ingen på side %d.", req->page);
    } else {
        if (rc == SK_OK)
            rc = sk_buf_printf(out, err, "%s%ld treff for «", total >= 1000 ? "Over " : "", total);
        ESC(q);
        if (rc == SK_OK)
            rc = sk_buf_printf(out, err, "»; viser %ld–%ld.", offset + 1, offset + (long)n);
    }
    PUTS("</p>\n");
    if (total > 0) { /* the order, and the other one */
        PUTS("<p class=\"meta sort\">Sortert etter ");
        PUTS(req->sort_date ? "dato, nyeste møte først" : "relevans");
        PUTS(" · <a href=\"");
        HREF(SK_PARAM_SORT, req->sort_date ? NULL : "date");
        PUTS(req->sort_date ? "\">Sorter etter relevans</a></p>\n"
                            : "\">Sorter etter dato, nyeste møte først</a></p>\n");
    }
    PUTS("<p class=\"export\"><a href=\"");
    if (rc == SK_OK)
        rc = href_format(out, req, "atom", err);
    PUTS("\" type=\"application/atom+xml\">Abonner på nye treff (Atom)</a> · <a href=\"");
    if (rc == SK_OK)
        rc = href_format(out, req, "csv", err);
    PUTS("\" type=\"text/csv\">Last ned treffene som CSV</a></p>\n");
    if (rc == SK_OK)
        rc = put_active_filters(out, req, err);
    const json_t *missing = json_object_get(res, "missing");
    for (size_t i = 0; i < json_array_size(missing); i++) {
        PUTS("<p class=\"note\">Delvis svar: ");
        ESC(json_string_value(json_array_get(missing, i)));
        PUTS(" svarte ikke og er utelatt.</p>\n");
    }
    if (json_is_true(json_object_get(res, "relaxed")))
        PUTS("<p class=\"note\">Ingen treff hadde alle ordene; disse har noen av dem.</p>\n");
    if (total == 0)
        PUTS("<p>Prøv andre eller færre ord, eller fjern et filter.</p>\n");
    PUTS("<div class=\"layout\">\n<section id=\"treff\" aria-labelledby=\"treff-h\">\n"
         "<h2 id=\"treff-h\">Treff</h2>\n");
    const json_t *years = json_object_get(json_object_get(res, "facets"), "year");
    if (json_object_size(years) > 0) {
        PUTS("<figure class=\"tl\">\n<figcaption>Treff per år</figcaption>\n");
        if (rc == SK_OK)
            rc = sk_web_timeline(out, req, years, err);
        PUTS("</figure>\n");
    }
    if (n > 0 && rc == SK_OK)
        rc = sk_buf_printf(out, err, "<ol class=\"hits\" start=\"%ld\">\n", offset + 1);
    for (size_t i = 0; i < n && rc == SK_OK; i++)
        rc = put_hit(out, conf, json_array_get(hits, i), err);
    if (n > 0)
        PUTS("</ol>\n");
    if (rc == SK_OK && total > 0)
        rc = put_pages(out, req, (size_t)total, err);
    PUTS("</section>\n");
    if (rc == SK_OK)
        rc = put_facets(out, req, json_object_get(res, "facets"), err);
    PUTS("</div>\n");
    if (rc == SK_OK)
        rc = sk_web_tail(out, err);
    return rc;
}

int sk_web_message(sk_buf *out, const sk_web_conf *conf, const sk_web_req *req, const char *heading,
                   const char *message, sk_err *err)
{
    (void)conf;
    int rc = sk_web_head(out, req, heading, 0, err);
    if (heading) {
        PUTS("<div class=\"error\" role=\"alert\">\n<h2>");
        ESC(heading);
        PUTS("</h2>\n");
        if (message) {
            PUTS("<p>");
            ESC(message);
            PUTS("</p>\n");
        }
        PUTS("</div>\n");
    } else if (message) {
        PUTS("<p>");
        ESC(message);
        PUTS("</p>\n");
    }
    if (rc == SK_OK)
        rc = sk_web_tail(out, err);
    return rc;
}
