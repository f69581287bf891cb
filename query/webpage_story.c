/* webpage_story.c: the page of a case's story (see include/saksok/query/webpage.h). */
#include "saksok/query/webpage.h"

#include <jansson.h>
#include <string.h>

#include "saksok/query/fields.h"
#include "webpage_int.h"

static const char *story_role(const char *role)
{
    const sk_role_names *r = sk_role_find(role);
    return r && r->story_page ? r->story_page : "Dokument";
}

/* A link to the page of a timeline entry: the paper at its first page. */
static int put_paper_link(sk_buf *out, const sk_web_conf *conf, const json_t *e, sk_err *err)
{
    int rc = SK_OK;
    const char *file = sk_web_jstr(e, "file");
    long from = sk_web_jint(e, "page_from"), to = sk_web_jint(e, "page_to");
    if (file == NULL)
        return SK_OK;
    PUTS("<a href=\"");
    if (rc == SK_OK)
        rc = sk_web_paper_href(out, conf, file, (int)from, err);
    PUTS("\">");
    ESC(file);
    if (from > 0 && rc == SK_OK)
        rc = to > from ? sk_buf_printf(out, err, ", s. %ld–%ld", from, to)
                       : sk_buf_printf(out, err, ", s. %ld", from);
    PUTS("</a>");
    return rc;
}

static int put_links(sk_buf *out, const char *id, const char *heading, const json_t *links,
                     const char *none, sk_err *err)
{
    int rc = sk_buf_printf(out, err, "<section aria-labelledby=\"%s\">\n<h2 id=\"%s\">", id, id);
    PUTS(heading);
    PUTS("</h2>\n");
    if (json_array_size(links) == 0) {
        PUTS("<p>");
        PUTS(none);
        PUTS("</p>\n</section>\n");
        return rc;
    }
    PUTS("<ul class=\"hits\">\n");
    size_t i;
    const json_t *l;
    json_array_foreach(links, i, l)
    {
        const char *body = sk_web_jstr(l, "body"), *cas = sk_web_jstr(l, "case");
        const char *title = sk_web_jstr(l, "title"), *date = sk_web_jstr(l, "meeting_date");
        if (!body || !cas)
            continue;
        PUTS("<li class=\"hit\"><a href=\"");
        if (rc == SK_OK)
            rc = sk_web_case_href(out, body, cas, err);
        PUTS("\">");
        ESC(body);
        PUTS(" ");
        ESC(cas);
        if (title) {
            PUTS(": ");
            ESC(title);
        }
        PUTS("</a>");
        if (date) {
            PUTS(" <span class=\"meta\">Møte ");
            if (rc == SK_OK)
                rc = sk_web_put_date(out, date, err);
            PUTS("</span>");
        }
        PUTS("</li>\n");
    }
    PUTS("</ul>\n</section>\n");
    return rc;
}

/* The decision first, and where it was made (c: the story's "case"). */
static int put_decision(sk_buf *out, const sk_web_conf *conf, const json_t *c, sk_err *err)
{
    int rc = SK_OK;
    const char *decision = sk_web_jstr(c, "decision"),
               *proposed = sk_web_jstr(c, "proposed_decision");
    const json_t *from = json_object_get(c, "decision_from");
    PUTS("<section aria-labelledby=\"vedtak-h\">\n<h2 id=\"vedtak-h\">Vedtak</h2>\n");
    if (decision) {
        PUTS("<p class=\"decision\"><strong>Vedtak:</strong> ");
        ESC(decision);
        PUTS("</p>\n");
        if (json_is_object(from)) {
            PUTS("<p class=\"meta\">Vedtatt i ");
            PUTS(strcmp(sk_web_jstr(from, "role") ? sk_web_jstr(from, "role") : "", "minutes") == 0
                     ? "referatet fra møtet"
                     : "saksdokumentet til møtet");
            const char *fd = sk_web_jstr(from, "date"), *no = sk_web_jstr(from, "meeting_no");
            if (no) {
                PUTS(" ");
                ESC(no);
            }
            if (fd) {
                PUTS(" ");
                if (rc == SK_OK)
                    rc = sk_web_put_date(out, fd, err);
            }
            PUTS(": ");
            if (rc == SK_OK)
                rc = put_paper_link(out, conf, from, err);
            PUTS("</p>\n");
        }
    } else {
        PUTS("<p>Papirene i søket viser ikke noe vedtak i saken.</p>\n");
    }
    if (proposed) {
        PUTS("<p class=\"decision proposed\"><strong>Forslag til vedtak:</strong> ");
        ESC(proposed);
        PUTS("</p>\n");
    }
    PUTS("</section>\n");
    return rc;
}

/* The timeline tl (the story's "timeline"), oldest first. */
static int put_timeline(sk_buf *out, const sk_web_conf *conf, const json_t *tl, sk_err *err)
{
    int rc = SK_OK;
    PUTS("<section aria-labelledby=\"tidslinje-h\">\n<h2 id=\"tidslinje-h\">Tidslinje</h2>\n");
    if (json_array_size(tl) == 0)
        PUTS("<p>Søket har ingen papirer fra saken; den er bare omtalt i andre saker.</p>\n");
    else
        PUTS("<ol class=\"hits timeline-list\">\n");
    size_t i;
    const json_t *e;
    json_array_foreach(tl, i, e)
    {
        PUTS("<li class=\"hit\">\n<p class=\"meta\"><span>");
        const char *d = sk_web_jstr(e, "date");
        if (d && rc == SK_OK)
            rc = sk_web_put_date(out, d, err);
        else
            PUTS("Uten dato");
        PUTS("</span><span>");
        PUTS(story_role(sk_web_jstr(e, "role")));
        PUTS("</span>");
        const char *no = sk_web_jstr(e, "meeting_no");
        if (no) {
            PUTS("<span>Møte ");
            ESC(no);
            PUTS("</span>");
        }
        PUTS("</p>\n<p>");
        if (rc == SK_OK)
            rc = put_paper_link(out, conf, e, err);
        PUTS("</p>\n");
        const char *dt = sk_web_jstr(e, "doc_title");
        if (dt) {
            PUTS("<p class=\"file\">");
            ESC(dt);
            PUTS("</p>\n");
        }
        PUTS("</li>\n");
    }
    if (json_array_size(tl) > 0)
        PUTS("</ol>\n");
    PUTS("</section>\n");
    return rc;
}

int sk_web_story(sk_buf *out, const sk_web_conf *conf, const sk_web_req *req, const json_t *story,
                 sk_err *err)
{
    const json_t *c = json_object_get(story, "case");
    const char *body = sk_web_jstr(c, "body"), *cas = sk_web_jstr(c, "case");
    const char *title = sk_web_jstr(c, "title");
    sk_buf heading = SK_BUF_INIT;
    int rc = sk_buf_printf(&heading, err, "%s %s%s%s", body ? body : "", cas ? cas : "",
                           title ? ": " : "", title ? title : "");
    if (rc == SK_OK)
        rc = sk_web_head(out, NULL, heading.data, 0, err);
    PUTS("<article class=\"story\" aria-labelledby=\"sak-h\">\n<h2 id=\"sak-h\">");
    ESC(heading.data);
    sk_buf_release(&heading);
    PUTS("</h2>\n<p class=\"meta\">");
    const char *date = sk_web_jstr(c, "meeting_date"), *type = sk_web_jstr(c, "type");
    if (rc == SK_OK)
        rc = sk_web_put_case_meta(out, body, date, NULL, type, err);
    if (body && cas) {
        sk_buf q = SK_BUF_INIT;
        if (rc == SK_OK)
            rc = sk_buf_printf(&q, err, "%s %s", body, cas);
        PUTS("<span><a href=\"");
        if (rc == SK_OK)
            rc = sk_web_href(out, NULL, SK_PARAM_Q, q.data, err);
        PUTS("\">Søk etter saken</a></span>");
        sk_buf_release(&q);
    }
    PUTS("</p>\n");
    for (size_t i = 0; i < json_array_size(json_object_get(story, "missing")); i++) {
        PUTS("<p class=\"note\">Delvis svar: ");
        ESC(json_string_value(json_array_get(json_object_get(story, "missing"), i)));
        PUTS(" svarte ikke og er utelatt.</p>\n");
    }
    if (rc == SK_OK)
        rc = put_decision(out, conf, c, err);
    if (rc == SK_OK)
        rc = put_timeline(out, conf, json_object_get(story, "timeline"), err);
    if (rc == SK_OK)
        rc = put_links(out, "omtalt-h", "Omtalt i andre saker",
                       json_object_get(story, "mentioned_by"),
                       "Ingen andre saker i søket viser til denne.", err);
    if (rc == SK_OK)
        rc = put_links(out, "viser-h", "Viser til", json_object_get(story, "mentions"),
                       "Saken viser ikke til andre saker.", err);
    PUTS("</article>\n");
    (void)req;
    if (rc == SK_OK)
        rc = sk_web_tail(out, err);
    return rc;
}
