/* render.c: text and JSON output (see include/saksok/render.h). */
#include "saksok/render.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "saksok/snippet.h"

/* Append the hit's snippet; *page gets the page it stands on (may be NULL). */
static int snippet_of(sk_buf *out, const sk_hit *h, sk_analyser *an, const sk_query *q,
                      sk_snippet_style style, int *page, sk_err *err)
{
    size_t len = h->text ? strlen(h->text) : 0;
    sk_snippet s = {0, len, h->marks, h->n_marks};
    int rc = SK_OK;
    if (!h->have_marks) /* a hit not read by sk_search(): find its marks now */
        rc = sk_snippet_make(&s, an, q, h->text ? h->text : "", len, SK_SNIPPET_BYTES, err);
    if (rc == SK_OK)
        rc = sk_snippet_format_cut(out, &s, h->text ? h->text : "", len, style,
                                   h->text_cut_before, h->text_cut_after, err);
    if (page)
        *page = sk_hit_page_at(h, h->text_at + (s.n_marks ? s.marks[0].start : s.start));
    if (!h->have_marks)
        sk_snippet_release(&s);
    return rc;
}

static json_t *page_or_null(int page)
{
    return page > 0 ? json_integer(page) : json_null();
}

static json_t *string_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

static int hit_json(json_t **out, const sk_hit *h, sk_analyser *an, const sk_query *q,
                    sk_err *err)
{
    *out = NULL;
    sk_buf snip = SK_BUF_INIT, url = SK_BUF_INIT;
    int page = 0;
    int rc = snippet_of(&snip, h, an, q, SK_SNIPPET_HTML, &page, err);
    if (rc == SK_OK)
        rc = page > 0 ? sk_buf_printf(&url, err, "%s#page=%d", h->file, page)
                      : sk_buf_puts(&url, h->file, err);
    json_t *o = rc == SK_OK ? json_object() : NULL;
    if (rc == SK_OK && o == NULL)
        rc = sk_err_set(err, SK_ENOMEM, "out of memory");
    if (rc == SK_OK) {
        json_object_set_new(o, "rank", json_integer((json_int_t)h->rank));
        json_object_set_new(o, "score", json_real((double)(long)(h->score * 1000 + 0.5) / 1000));
        json_object_set_new(o, "file", json_string(h->file));
        json_object_set_new(o, "page_from", page_or_null(h->page_from));
        json_object_set_new(o, "page_to", page_or_null(h->page_to));
        json_object_set_new(o, "url", json_string(url.data));
        json_object_set_new(o, "page", page_or_null(page));
        json_object_set_new(o, "body", string_or_null(h->body));
        json_object_set_new(o, "meeting_date", string_or_null(h->meeting_date));
        json_object_set_new(o, "meeting_no", string_or_null(h->meeting_no));
        json_object_set_new(o, "case", string_or_null(h->case_no));
        json_object_set_new(o, "role", string_or_null(h->role));
        json_object_set_new(o, "title", string_or_null(h->title));
        json_object_set_new(o, "doc_title", string_or_null(h->doc_title));
        json_object_set_new(o, "type", string_or_null(h->type));
        json_object_set_new(o, "presenter", string_or_null(h->presenter));
        json_object_set_new(o, "proposed_decision", string_or_null(h->proposed_decision));
        json_object_set_new(o, "decision", string_or_null(h->decision));
        json_object_set_new(o, "decision_from_minutes", json_boolean(h->decision_from_minutes));
        json_object_set_new(o, "ocr", json_boolean(h->ocr));
        json_object_set_new(o, "format", string_or_null(h->format));
        json_object_set_new(o, "snippet", json_string(snip.data ? snip.data : ""));
        *out = o;
    }
    sk_buf_release(&snip);
    sk_buf_release(&url);
    return rc;
}

static const char *const facet_names[SK_N_FACETS] = {"body", "year", "type"};

int sk_render_json_value(json_t **out, const char *query_text, const sk_results *r,
                         sk_analyser *an, const sk_query *q, sk_err *err)
{
    *out = NULL;
    json_t *root = json_object();
    json_t *hits = json_array();
    json_t *facets = json_object();
    if (root == NULL || hits == NULL || facets == NULL) {
        json_decref(root);
        json_decref(hits);
        json_decref(facets);
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    }
    json_object_set_new(root, "query", json_string(query_text));
    json_object_set_new(root, "total", json_integer((json_int_t)r->total));
    json_object_set_new(root, "offset", json_integer((json_int_t)r->offset));
    json_object_set_new(root, "limit", json_integer((json_int_t)r->limit));
    json_object_set_new(root, "suggestion",
                        r->suggestion ? json_string(r->suggestion) : json_null());
    json_object_set_new(root, "relaxed", json_boolean(r->relaxed));
    json_object_set_new(root, "corrected", json_boolean(r->corrected));
    int rc = SK_OK;
    for (size_t i = 0; i < r->n_hits && rc == SK_OK; i++) {
        json_t *h = NULL;
        rc = hit_json(&h, &r->hits[i], an, q, err);
        if (rc == SK_OK)
            json_array_append_new(hits, h);
    }
    json_object_set_new(root, "hits", hits);
    for (int f = 0; f < SK_N_FACETS; f++) {
        json_t *counts = json_object();
        for (size_t i = 0; counts && i < r->facets[f].n; i++)
            json_object_set_new(counts, r->facets[f].values[i].value,
                                json_integer((json_int_t)r->facets[f].values[i].count));
        json_object_set_new(facets, facet_names[f], counts ? counts : json_object());
    }
    json_object_set_new(root, "facets", facets);
    if (rc == SK_OK)
        *out = root;
    else
        json_decref(root);
    return rc;
}

int sk_render_json_dump(sk_buf *out, const json_t *value, sk_err *err)
{
    char *s = json_dumps(value, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    int rc = s == NULL ? sk_err_set(err, SK_EINTERNAL, "cannot encode JSON")
                       : sk_buf_puts(out, s, err);
    if (rc == SK_OK)
        rc = sk_buf_putc(out, '\n', err);
    free(s);
    return rc;
}

int sk_render_json(sk_buf *out, const char *query_text, const sk_results *r, sk_analyser *an,
                   const sk_query *q, sk_err *err)
{
    json_t *root = NULL;
    int rc = sk_render_json_value(&root, query_text, r, an, q, err);
    if (rc == SK_OK)
        rc = sk_render_json_dump(out, root, err);
    json_decref(root);
    return rc;
}

/* One hit: where it is, what it is, what was decided, and the snippet.
 *   1. NUIT 2021-05-20  sak 13/21 (Drøfting)  s. 26–27
 *      Legemiddelprogrammet – langsiktig finansiering
 *      Vedtak: ...   (or: Forslag til vedtak: ...)
 *      ... snippet ...
 *      nuit/2021/2021-05-20-nuit-saksdokumenter.pdf#page=26 */
static int hit_text(sk_buf *out, const sk_hit *h, sk_analyser *an, const sk_query *q, int bold,
                    sk_err *err)
{
    int rc = sk_buf_printf(out, err, "%zu.", h->rank);
    if (rc == SK_OK && h->body)
        rc = sk_buf_printf(out, err, " %s", h->body);
    if (rc == SK_OK && h->meeting_date)
        rc = sk_buf_printf(out, err, " %s", h->meeting_date);
    if (rc == SK_OK && h->case_no)
        rc = sk_buf_printf(out, err, "  sak %s", h->case_no);
    if (rc == SK_OK && h->type)
        rc = sk_buf_printf(out, err, " (%s)", h->type);
    if (rc == SK_OK && h->role && strcmp(h->role, "case") != 0 && strcmp(h->role, "page") != 0)
        rc = sk_buf_printf(out, err, " [%s]",
                           strcmp(h->role, "minutes") == 0   ? "referat"
                           : strcmp(h->role, "agenda") == 0  ? "dagsorden"
                           : strcmp(h->role, "mention") == 0 ? "omtalt"
                                                             : h->role);
    if (rc == SK_OK && h->page_from > 0 && h->page_to > h->page_from)
        rc = sk_buf_printf(out, err, "  s. %d–%d", h->page_from, h->page_to);
    else if (rc == SK_OK && h->page_from > 0)
        rc = sk_buf_printf(out, err, "  s. %d", h->page_from);
    if (rc == SK_OK && h->ocr)
        rc = sk_buf_puts(out, "  [OCR]", err);
    if (rc == SK_OK)
        rc = sk_buf_printf(out, err, "  (%.2f)\n", h->score);
    const char *title = h->title ? h->title : h->doc_title;
    if (rc == SK_OK && title)
        rc = sk_buf_printf(out, err, "   %s\n", title);
    if (rc == SK_OK && h->presenter)
        rc = sk_buf_printf(out, err, "   Presenterer: %s\n", h->presenter);
    if (rc == SK_OK && h->decision)
        rc = sk_buf_printf(out, err, "   Vedtak%s: %s\n",
                           h->decision_from_minutes ? " (fra referatet)" : "", h->decision);
    else if (rc == SK_OK && h->proposed_decision)
        rc = sk_buf_printf(out, err, "   Forslag til vedtak: %s\n", h->proposed_decision);
    int page = 0;
    if (rc == SK_OK)
        rc = sk_buf_puts(out, "   ", err);
    if (rc == SK_OK)
        rc = snippet_of(out, h, an, q, bold ? SK_SNIPPET_ANSI : SK_SNIPPET_PLAIN, &page, err);
    if (rc == SK_OK)
        rc = sk_buf_printf(out, err, "\n   %s", h->file);
    if (rc == SK_OK && page > 0)
        rc = sk_buf_printf(out, err, "#page=%d", page);
    if (rc == SK_OK)
        rc = sk_buf_puts(out, "\n\n", err);
    return rc;
}

int sk_render_text(sk_buf *out, const char *query_text, const sk_results *r, sk_analyser *an,
                   const sk_query *q, int bold, sk_err *err)
{
    int rc = SK_OK;
    if (r->suggestion && r->corrected)
        rc = sk_buf_printf(out, err, "Ingen treff for «%s». Viser treff for «%s».\n", query_text,
                           r->suggestion);
    else if (r->suggestion)
        rc = sk_buf_printf(out, err, "Mente du: %s\n", r->suggestion);
    if (rc == SK_OK && r->n_hits == 0)
        return sk_buf_printf(out, err, "Ingen treff for «%s».\n", query_text);
    if (rc != SK_OK)
        return rc;
    rc = sk_buf_printf(out, err, "%zu treff for «%s»%s; viser %zu–%zu.\n\n", r->total,
                       r->corrected ? r->suggestion : query_text,
                       r->relaxed ? " (ingen treff med alle ordene; disse har noen av dem)" : "",
                       r->offset + 1, r->offset + r->n_hits);
    for (size_t i = 0; i < r->n_hits && rc == SK_OK; i++)
        rc = hit_text(out, &r->hits[i], an, q, bold, err);
    return rc;
}
