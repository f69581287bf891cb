/* export.c: CSV and Atom made from the results JSON (see include/saksok/query/export.h). */
#include "saksok/query/export.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "saksok/store/hitid.h"
#include "saksok/query/webpage.h"
#include "saksok/query/snippet.h"
#include "saksok/store/terms.h"
#include "saksok/base/text.h"

/* ---- CSV (RFC 4180) ---- */

/* The hit fields of DESIGN.md and those added since, as the JSON has them. */
static const char *const csv_columns[] = {"rank",
                                          "score",
                                          "id",
                                          "file",
                                          "page_from",
                                          "page_to",
                                          "url",
                                          "page",
                                          "body",
                                          "meeting_date",
                                          "meeting_no",
                                          "case",
                                          "role",
                                          "title",
                                          "doc_title",
                                          "type",
                                          "presenter",
                                          "sender",
                                          "case_officer",
                                          "minute_taker",
                                          "proposed_decision",
                                          "decision",
                                          "decision_from_minutes",
                                          "proposed_decision_from_case",
                                          "archive_no",
                                          "ocr",
                                          "format",
                                          "added",
                                          "snippet"};

const char *const *sk_csv_columns(size_t *n)
{
    *n = sizeof csv_columns / sizeof *csv_columns;
    return csv_columns;
}

static int csv_field(sk_buf *out, const char *s, size_t len, sk_err *err)
{
    if (strcspn(s, ",\"\r\n") >= len)
        return sk_buf_append(out, s, len, err);
    int rc = sk_buf_putc(out, '"', err);
    for (size_t i = 0; i < len && rc == SK_OK; i++)
        rc = s[i] == '"' ? sk_buf_puts(out, "\"\"", err) : sk_buf_putc(out, s[i], err);
    return rc == SK_OK ? sk_buf_putc(out, '"', err) : rc;
}

/* A JSON value as a field: a string as it is, null as nothing, anything
 * else as the JSON writer writes it. */
static int csv_value(sk_buf *out, const json_t *v, sk_err *err)
{
    if (v == NULL || json_is_null(v))
        return SK_OK;
    if (json_is_string(v))
        return csv_field(out, json_string_value(v), json_string_length(v), err);
    char *s = json_dumps(v, JSON_ENCODE_ANY);
    int rc = s ? csv_field(out, s, strlen(s), err) : sk_err_set(err, SK_ENOMEM, "out of memory");
    free(s);
    return rc;
}

int sk_render_csv(sk_buf *out, const json_t *res, sk_err *err)
{
    size_t n = sizeof csv_columns / sizeof *csv_columns;
    int rc = sk_buf_puts(out, "\xEF\xBB\xBF", err);
    for (size_t c = 0; c < n && rc == SK_OK; c++) {
        if (c > 0)
            rc = sk_buf_putc(out, ',', err);
        if (rc == SK_OK)
            rc = csv_field(out, csv_columns[c], strlen(csv_columns[c]), err);
    }
    if (rc == SK_OK)
        rc = sk_buf_puts(out, "\r\n", err);
    const json_t *hits = json_object_get(res, "hits");
    for (size_t i = 0; i < json_array_size(hits) && rc == SK_OK; i++) {
        const json_t *h = json_array_get(hits, i);
        for (size_t c = 0; c < n && rc == SK_OK; c++) {
            if (c > 0)
                rc = sk_buf_putc(out, ',', err);
            if (rc == SK_OK)
                rc = csv_value(out, json_object_get(h, csv_columns[c]), err);
        }
        if (rc == SK_OK)
            rc = sk_buf_puts(out, "\r\n", err);
    }
    return rc;
}

/* ---- Atom (RFC 4287) ---- */

static const char *jstr(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_string(v) && json_string_length(v) > 0 ? json_string_value(v) : NULL;
}

/* Text for XML: escaped, and the control characters XML 1.0 does not allow
 * as spaces. */
static int xml_text(sk_buf *out, const char *s, sk_err *err)
{
    sk_buf tmp = SK_BUF_INIT;
    int rc = SK_OK;
    for (const char *p = s; *p && rc == SK_OK; p++) {
        unsigned char c = (unsigned char)*p;
        rc =
            sk_buf_putc(&tmp, c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? ' ' : (char)c, err);
    }
    if (rc == SK_OK)
        rc = sk_html_escape(out, tmp.data ? tmp.data : "", tmp.len, err);
    sk_buf_release(&tmp);
    return rc;
}

/* An element with escaped text: <name>text</name>. */
static int xml_elem(sk_buf *out, const char *indent, const char *name, const char *attrs,
                    const char *text, sk_err *err)
{
    int rc = sk_buf_printf(out, err, "%s<%s%s>", indent, name, attrs ? attrs : "");
    if (rc == SK_OK)
        rc = xml_text(out, text, err);
    return rc == SK_OK ? sk_buf_printf(out, err, "</%s>\n", name) : rc;
}

static int xml_link(sk_buf *out, const char *indent, const char *rel, const char *type,
                    const char *href, sk_err *err)
{
    int rc = sk_buf_printf(out, err, "%s<link rel=\"%s\"", indent, rel);
    if (rc == SK_OK && type)
        rc = sk_buf_printf(out, err, " type=\"%s\"", type);
    if (rc == SK_OK)
        rc = sk_buf_puts(out, " href=\"", err);
    if (rc == SK_OK)
        rc = xml_text(out, href, err);
    return rc == SK_OK ? sk_buf_puts(out, "\"/>\n", err) : rc;
}

/* When the entry was last changed for a reader: when the index first held
 * the hit, else its meeting's day, else the feed's now (RFC 3339). */
static void entry_updated(char out[SK_STAMP_ISO_SIZE], const json_t *h, const char *now)
{
    const char *added = jstr(h, "added"), *date = jstr(h, "meeting_date");
    if (added && strlen(added) < SK_STAMP_ISO_SIZE) {
        memcpy(out, added, strlen(added) + 1);
    } else if (date && strlen(date) == 10) {
        memcpy(out, date, 10);
        memcpy(out + 10, "T00:00:00Z", 11);
    } else {
        sk_stamp_iso(out, now);
    }
}

/* "NUIT sak 13/21: Tittel", as much of it as is known. */
static int entry_title(sk_buf *t, const json_t *h, sk_err *err)
{
    const char *body = jstr(h, "body"), *cas = jstr(h, "case");
    const char *title = jstr(h, "title") ? jstr(h, "title") : jstr(h, "doc_title");
    int rc = SK_OK;
    if (body)
        rc = sk_buf_printf(t, err, "%s ", body);
    if (rc == SK_OK && cas)
        rc = sk_buf_printf(t, err, "sak %s", cas);
    if (rc == SK_OK && (body || cas) && title)
        rc = sk_buf_puts(t, ": ", err);
    if (rc == SK_OK)
        rc = sk_buf_puts(t, title ? title : (body || cas) ? "" : jstr(h, "file"), err);
    return rc;
}

static int atom_entry(sk_buf *out, const json_t *h, const sk_atom_info *info, sk_err *err)
{
    const char *id = jstr(h, "id"), *file = jstr(h, "file");
    if (file == NULL)
        return SK_OK;
    sk_buf t = SK_BUF_INIT, url = SK_BUF_INIT, tag = SK_BUF_INIT;
    char updated[SK_STAMP_ISO_SIZE];
    entry_updated(updated, h, info->now);
    json_int_t page = json_integer_value(json_object_get(h, "page"));
    if (page <= 0)
        page = json_integer_value(json_object_get(h, "page_from"));
    /* a hit of an index made before ids: its file and page (stable as long
     * as the paper is) */
    int rc = id ? sk_buf_printf(&tag, err, "%streff/%s", SK_ATOM_TAG, id)
                : sk_buf_printf(&tag, err, "%sside/%016llx-%d", SK_ATOM_TAG,
                                sk_hash64(file, strlen(file)), (int)page);
    if (rc == SK_OK)
        rc = entry_title(&t, h, err);
    if (rc == SK_OK)
        rc = sk_web_paper_url(&url, info->papers_url, file, (int)page, err);
    if (rc == SK_OK)
        rc = sk_buf_puts(out, "  <entry>\n", err);
    if (rc == SK_OK)
        rc = xml_elem(out, "    ", "id", NULL, tag.data, err);
    if (rc == SK_OK)
        rc = xml_elem(out, "    ", "title", NULL, t.data ? t.data : "", err);
    if (rc == SK_OK)
        rc = xml_elem(out, "    ", "updated", NULL, updated, err);
    if (rc == SK_OK)
        rc = xml_link(out, "    ", "alternate", NULL, url.data, err);
    const char *snippet = jstr(h, "snippet");
    if (rc == SK_OK && snippet) /* escaped HTML with <mark>: Atom's type="html" */
        rc = xml_elem(out, "    ", "summary", " type=\"html\"", snippet, err);
    const char *body = jstr(h, "body");
    if (rc == SK_OK && body) { /* the council, as a category */
        rc = sk_buf_puts(out, "    <category term=\"", err);
        if (rc == SK_OK)
            rc = xml_text(out, body, err);
        if (rc == SK_OK)
            rc = sk_buf_puts(out, "\"/>\n", err);
    }
    if (rc == SK_OK)
        rc = sk_buf_puts(out, "  </entry>\n", err);
    sk_buf_release(&t);
    sk_buf_release(&url);
    sk_buf_release(&tag);
    return rc;
}

int sk_render_atom(sk_buf *out, const json_t *res, const sk_atom_info *info, sk_err *err)
{
    const json_t *hits = json_object_get(res, "hits");
    /* The feed changed when its newest entry did. */
    char updated[SK_STAMP_ISO_SIZE], u[SK_STAMP_ISO_SIZE];
    sk_stamp_iso(updated, info->now);
    int any = 0;
    for (size_t i = 0; i < json_array_size(hits); i++) {
        entry_updated(u, json_array_get(hits, i), info->now);
        if (!any || strcmp(u, updated) > 0)
            memcpy(updated, u, sizeof u);
        any = 1;
    }
    const char *key = info->feed_key ? info->feed_key : "";
    int rc = sk_buf_puts(out,
                         "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                         "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"nb\">\n",
                         err);
    if (rc == SK_OK)
        rc = sk_buf_printf(out, err, "  <id>%ssok/%016llx</id>\n", SK_ATOM_TAG,
                           sk_hash64(key, strlen(key)));
    if (rc == SK_OK)
        rc = xml_elem(out, "  ", "title", NULL, info->title ? info->title : "saksøk", err);
    if (rc == SK_OK)
        rc = xml_elem(out, "  ", "updated", NULL, updated, err);
    if (rc == SK_OK)
        rc = sk_buf_puts(out, "  <author><name>saksok</name></author>\n", err);
    if (rc == SK_OK)
        rc = xml_elem(out, "  ", "generator", NULL, "saksok", err);
    if (rc == SK_OK && info->self_url)
        rc = xml_link(out, "  ", "self", "application/atom+xml", info->self_url, err);
    if (rc == SK_OK && info->html_url)
        rc = xml_link(out, "  ", "alternate", "text/html", info->html_url, err);
    for (size_t i = 0; i < json_array_size(hits) && rc == SK_OK; i++)
        rc = atom_entry(out, json_array_get(hits, i), info, err);
    if (rc == SK_OK)
        rc = sk_buf_puts(out, "</feed>\n", err);
    return rc;
}
