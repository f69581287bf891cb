/* render.c: text and JSON output (see include/saksok/render.h). */
#include "saksok/render.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "saksok/snippet.h"

static int snippet_of(sk_buf *out, const sk_hit *h, sk_analyser *an, const sk_query *q,
                      sk_snippet_style style, sk_err *err)
{
    sk_snippet s;
    size_t len = strlen(h->text);
    int rc = sk_snippet_make(&s, an, q, h->text, len, SK_SNIPPET_BYTES, err);
    if (rc == SK_OK)
        rc = sk_snippet_format(out, &s, h->text, len, style, err);
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
    int rc = snippet_of(&snip, h, an, q, SK_SNIPPET_HTML, err);
    if (rc == SK_OK)
        rc = h->page_from > 0 ? sk_buf_printf(&url, err, "%s#page=%d", h->file, h->page_from)
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
        json_object_set_new(o, "body", json_null());
        json_object_set_new(o, "meeting_date", json_null());
        json_object_set_new(o, "case", json_null());
        json_object_set_new(o, "role", json_string("page"));
        json_object_set_new(o, "title", string_or_null(h->title));
        json_object_set_new(o, "type", json_null());
        json_object_set_new(o, "proposed_decision", json_null());
        json_object_set_new(o, "decision", json_null());
        json_object_set_new(o, "format", string_or_null(h->format));
        json_object_set_new(o, "snippet", json_string(snip.data ? snip.data : ""));
        *out = o;
    }
    sk_buf_release(&snip);
    sk_buf_release(&url);
    return rc;
}

static const char *const facet_names[SK_N_FACETS] = {"body", "year", "type"};

int sk_render_json(sk_buf *out, const char *query_text, const sk_results *r, sk_analyser *an,
                   const sk_query *q, sk_err *err)
{
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
    if (rc == SK_OK) {
        char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (s == NULL)
            rc = sk_err_set(err, SK_EINTERNAL, "cannot encode JSON");
        else
            rc = sk_buf_puts(out, s, err);
        if (rc == SK_OK)
            rc = sk_buf_putc(out, '\n', err);
        free(s);
    }
    json_decref(root);
    return rc;
}

int sk_render_text(sk_buf *out, const char *query_text, const sk_results *r, sk_analyser *an,
                   const sk_query *q, int bold, sk_err *err)
{
    int rc = SK_OK;
    if (r->suggestion)
        rc = sk_buf_printf(out, err, "Mente du: %s\n", r->suggestion);
    if (rc == SK_OK && r->n_hits == 0)
        return sk_buf_printf(out, err, "Ingen treff for «%s».\n", query_text);
    if (rc != SK_OK)
        return rc;
    rc = sk_buf_printf(out, err, "%zu treff for «%s»%s; viser %zu–%zu.\n\n", r->total, query_text,
                       r->relaxed ? " (ingen treff med alle ordene; disse har noen av dem)" : "",
                       r->offset + 1, r->offset + r->n_hits);
    for (size_t i = 0; i < r->n_hits && rc == SK_OK; i++) {
        const sk_hit *h = &r->hits[i];
        if (h->page_from > 0 && h->page_to > h->page_from)
            rc = sk_buf_printf(out, err, "%zu. %s  s. %d–%d", h->rank, h->file, h->page_from,
                               h->page_to);
        else if (h->page_from > 0)
            rc = sk_buf_printf(out, err, "%zu. %s  s. %d", h->rank, h->file, h->page_from);
        else
            rc = sk_buf_printf(out, err, "%zu. %s", h->rank, h->file);
        if (rc == SK_OK)
            rc = sk_buf_printf(out, err, "  (%.2f)\n", h->score);
        if (rc == SK_OK && h->title)
            rc = sk_buf_printf(out, err, "   %s\n", h->title);
        if (rc == SK_OK)
            rc = sk_buf_puts(out, "   ", err);
        if (rc == SK_OK)
            rc = snippet_of(out, h, an, q, bold ? SK_SNIPPET_ANSI : SK_SNIPPET_PLAIN, err);
        if (rc == SK_OK)
            rc = sk_buf_puts(out, "\n\n", err);
    }
    return rc;
}
