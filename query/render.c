/* render.c: text and JSON output (see include/saksok/query/render.h). */
#include "saksok/query/render.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "saksok/query/fields.h"
#include "saksok/query/qread.h"
#include "saksok/query/webpage.h"
#include "saksok/query/snippet.h"
#include "saksok/base/text.h"

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
        rc = sk_snippet_format_cut(out, &s, h->text ? h->text : "", len, style, h->text_cut_before,
                                   h->text_cut_after, err);
    if (page)
        *page = sk_hit_page_at(h, h->text_at + (s.n_marks ? s.marks[0].start : s.start));
    if (!h->have_marks)
        sk_snippet_release(&s);
    return rc;
}

/* s when it is UTF-8, else a copy in *tmp with U+FFFD for each stray byte
 * (sk_utf8_repair); NULL when memory runs out. */
static const char *utf8_text(const char *s, sk_buf *tmp, sk_err *err)
{
    size_t len = strlen(s);
    if (sk_utf8_valid(s, len))
        return s;
    return sk_utf8_repair(tmp, s, len, err) == SK_OK ? (tmp->data ? tmp->data : "") : NULL;
}

/* A hit's url: its file with each path segment percent-encoded (as the
 * search page links it), and "#page=N" for the page the snippet stands on. */
static int hit_url(sk_buf *url, const sk_hit *h, int page, sk_err *err)
{
    return sk_web_paper_url(url, NULL, h->file, page, err);
}

int sk_render_json_dump(sk_buf *out, const json_t *value, sk_err *err)
{
    char *s = json_dumps(value, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    int rc =
        s == NULL ? sk_err_set(err, SK_EINTERNAL, "cannot encode JSON") : sk_buf_puts(out, s, err);
    if (rc == SK_OK)
        rc = sk_buf_putc(out, '\n', err);
    free(s);
    return rc;
}

/* ---- the JSON, described once ----
 * The fields below are given once, to a writer with two ends: the text
 * (sk_render_json), written directly, the same bytes as
 * sk_render_json_dump() would make of the tree, or the Jansson tree
 * (sk_render_json_value), which the search page, CSV and Atom are made
 * from. Writing the text without the tree matters: Jansson builds a node
 * per field and then escapes each string a character at a time, about
 * 1.3 M instructions for a page of 10 hits, a fifth of a whole search in
 * process. tests/unit/test_render.c holds the two to the same output. */

#define JW_MAX_DEPTH 8

typedef struct jw {
    sk_buf *out; /* the text; NULL: the tree */
    int depth;   /* containers open */
    int filled;  /* text: the innermost container has an item */
    int rc;
    sk_err *err;
    json_t *open[JW_MAX_DEPTH]; /* tree: the containers open (borrowed) */
    const char *key;            /* tree: the key of the next value in an object */
    sk_buf key_buf;             /* ... when it had to be made UTF-8 */
    json_t *root;               /* tree: the whole */
} jw;

static void jw_raw(jw *w, const char *s, size_t n)
{
    if (w->rc == SK_OK && w->out)
        w->rc = sk_buf_append(w->out, s, n, w->err);
}

/* Tree: v (stolen) into the innermost container, under the key when that
 * is an object, or as the root. */
static void jw_node(jw *w, json_t *v)
{
    if (w->rc != SK_OK) {
        json_decref(v);
        return;
    }
    json_t *parent = w->depth ? w->open[w->depth - 1] : NULL;
    int bad = v == NULL;
    if (!bad && parent == NULL)
        w->root = v;
    else if (!bad && json_is_object(parent))
        bad = json_object_set_new(parent, w->key ? w->key : "", v) != 0;
    else if (!bad)
        bad = json_array_append_new(parent, v) != 0;
    if (bad)
        w->rc = sk_err_set(w->err, SK_ENOMEM, "out of memory");
}

static void jw_puts(jw *w, const char *s)
{
    jw_raw(w, s, strlen(s));
}

/* A JSON string as Jansson writes it without flags: '"' and '\\' escaped,
 * control characters as \b \f \n \r \t or \u00XX, the rest as is (UTF-8:
 * text that is not is repaired, utf8_text). */
static void jw_string(jw *w, const char *s)
{
    sk_buf tmp = SK_BUF_INIT;
    if (w->rc == SK_OK && (s = utf8_text(s, &tmp, w->err)) == NULL)
        w->rc = SK_ENOMEM;
    if (w->rc != SK_OK || w->out == NULL) {
        if (w->rc == SK_OK)
            jw_node(w, json_string(s));
        sk_buf_release(&tmp);
        return;
    }
    jw_raw(w, "\"", 1);
    const char *run = s;
    for (const char *p = s;; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        jw_raw(w, run, (size_t)(p - run));
        if (c == '\0')
            break;
        char esc[8];
        switch (c) {
        case '"': jw_raw(w, "\\\"", 2); break;
        case '\\': jw_raw(w, "\\\\", 2); break;
        case '\b': jw_raw(w, "\\b", 2); break;
        case '\f': jw_raw(w, "\\f", 2); break;
        case '\n': jw_raw(w, "\\n", 2); break;
        case '\r': jw_raw(w, "\\r", 2); break;
        case '\t': jw_raw(w, "\\t", 2); break;
        default: snprintf(esc, sizeof esc, "\\u%04X", c); jw_puts(w, esc);
        }
        run = p + 1;
    }
    jw_raw(w, "\"", 1);
    sk_buf_release(&tmp);
}

static void jw_indent(jw *w)
{
    static const char spaces[] = "                ";
    for (int i = 0; i < w->depth; i++)
        jw_raw(w, spaces, 2);
}

/* Before an item of the innermost container: its separator and indent. */
static void jw_item(jw *w)
{
    jw_raw(w, w->filled ? ",\n" : "\n", w->filled ? 2 : 1);
    w->filled = 1;
    jw_indent(w);
}

static void jw_key(jw *w, const char *key)
{
    if (w->out == NULL) { /* as jw_string() writes it: UTF-8 */
        sk_buf_reset(&w->key_buf);
        w->key = w->rc == SK_OK ? utf8_text(key, &w->key_buf, w->err) : NULL;
        if (w->rc == SK_OK && w->key == NULL)
            w->rc = SK_ENOMEM;
        return;
    }
    jw_item(w);
    jw_string(w, key);
    jw_raw(w, ": ", 2);
}

static void jw_null(jw *w)
{
    if (w->out)
        jw_raw(w, "null", 4);
    else
        jw_node(w, json_null());
}

static void jw_open(jw *w, char c)
{
    if (w->out == NULL && w->rc == SK_OK) {
        json_t *v = c == '{' ? json_object() : json_array();
        jw_node(w, v);
        if (w->rc == SK_OK && w->depth == JW_MAX_DEPTH)
            w->rc = sk_err_set(w->err, SK_EINTERNAL, "JSON nested too deep");
        if (w->rc == SK_OK)
            w->open[w->depth] = v;
    }
    jw_raw(w, &c, 1);
    w->depth++;
    w->filled = 0;
}

static void jw_close(jw *w, char c)
{
    w->depth--;
    if (w->filled) {
        jw_raw(w, "\n", 1);
        jw_indent(w);
    }
    jw_raw(w, &c, 1);
    w->filled = 1; /* the container just closed is an item of its parent */
}

static void jw_str_or_null(jw *w, const char *key, const char *v)
{
    jw_key(w, key);
    if (v && *v)
        jw_string(w, v);
    else
        jw_null(w);
}

static void jw_int(jw *w, const char *key, long long v)
{
    jw_key(w, key);
    if (w->out == NULL) {
        jw_node(w, json_integer((json_int_t)v));
        return;
    }
    char num[32];
    snprintf(num, sizeof num, "%lld", v);
    jw_puts(w, num);
}

static void jw_page(jw *w, const char *key, int page)
{
    if (page > 0) {
        jw_int(w, key, page);
    } else {
        jw_key(w, key);
        jw_null(w);
    }
}

static void jw_bool(jw *w, const char *key, int v)
{
    jw_key(w, key);
    if (w->out)
        jw_puts(w, v ? "true" : "false");
    else
        jw_node(w, json_boolean(v));
}

/* A real as Jansson writes it: %.17g, with ".0" when it would read as an
 * integer, no '+' and no leading zeros in the exponent. */
static void jw_real(jw *w, const char *key, double v)
{
    if (w->out == NULL) {
        jw_key(w, key);
        jw_node(w, json_real(v));
        return;
    }
    char num[40], tidy[40];
    snprintf(num, sizeof num, "%.17g", v);
    if (strchr(num, '.') == NULL && strchr(num, 'e') == NULL)
        strcat(num, ".0");
    const char *e = strchr(num, 'e');
    size_t o = 0;
    if (e) {
        size_t head = (size_t)(e - num) + 1;
        memcpy(tidy, num, head);
        o = head;
        const char *x = e + 1;
        if (*x == '+')
            x++;
        else if (*x == '-')
            tidy[o++] = *x++;
        while (*x == '0' && x[1] != '\0')
            x++;
        strcpy(tidy + o, x);
    } else {
        strcpy(tidy, num);
    }
    jw_key(w, key);
    jw_puts(w, tidy);
}

static void hit_write(jw *w, const sk_hit *h, sk_analyser *an, const sk_query *q)
{
    sk_buf snip = SK_BUF_INIT, url = SK_BUF_INIT;
    int page = 0;
    if (w->rc == SK_OK)
        w->rc = snippet_of(&snip, h, an, q, SK_SNIPPET_HTML, &page, w->err);
    if (w->rc == SK_OK)
        w->rc = hit_url(&url, h, page, w->err);
    if (w->rc == SK_OK) {
        jw_item(w);
        jw_open(w, '{');
        jw_int(w, "rank", (long long)h->rank);
        jw_real(w, "score", (double)(long)(h->score * 1000 + 0.5) / 1000);
        jw_str_or_null(w, "id", h->id);
        jw_key(w, "file");
        jw_string(w, h->file);
        jw_page(w, "page_from", h->page_from);
        jw_page(w, "page_to", h->page_to);
        jw_key(w, "url");
        jw_string(w, url.data);
        jw_page(w, "page", page);
        jw_str_or_null(w, "body", h->body);
        jw_str_or_null(w, "meeting_date", h->meeting_date);
        jw_str_or_null(w, "meeting_no", h->meeting_no);
        jw_str_or_null(w, "case", h->case_no);
        jw_str_or_null(w, "role", h->role);
        jw_str_or_null(w, "title", h->title);
        jw_str_or_null(w, "doc_title", h->doc_title);
        jw_str_or_null(w, "type", h->type);
        jw_str_or_null(w, "presenter", h->presenter);
        jw_str_or_null(w, "sender", h->sender);
        jw_str_or_null(w, "case_officer", h->case_officer);
        jw_str_or_null(w, "minute_taker", h->minute_taker);
        jw_str_or_null(w, "proposed_decision", h->proposed_decision);
        jw_str_or_null(w, "decision", h->decision);
        jw_bool(w, "decision_from_minutes", h->decision_from_minutes);
        jw_bool(w, "proposed_decision_from_case", h->proposal_from_case);
        jw_str_or_null(w, "archive_no", h->archive_no);
        jw_bool(w, "ocr", h->ocr);
        jw_str_or_null(w, "format", h->format);
        char added[SK_STAMP_ISO_SIZE];
        sk_stamp_iso(added, h->added);
        jw_str_or_null(w, "added", added);
        jw_key(w, "snippet");
        jw_string(w, snip.data ? snip.data : "");
        jw_close(w, '}');
    }
    sk_buf_release(&snip);
    sk_buf_release(&url);
}

/* How the query's plain words were read (qread.h), or null. */
static void reading_write(jw *w, const sk_qreading *rd)
{
    jw_key(w, "reading");
    if (rd == NULL) {
        jw_null(w);
        return;
    }
    jw_open(w, '{');
    jw_str_or_null(w, "text", rd->text);
    jw_key(w, "date");
    if (rd->has_date && rd->date.from[0]) {
        jw_open(w, '{');
        jw_str_or_null(w, "from", rd->date.from);
        jw_str_or_null(w, "to", rd->date.to);
        jw_str_or_null(w, "words", rd->date_words);
        jw_close(w, '}');
    } else {
        jw_null(w);
    }
    jw_str_or_null(w, "role", sk_qrole_name(rd->role));
    jw_str_or_null(w, "person", rd->has_name ? rd->name : NULL);
    jw_bool(w, "asks_actor", rd->asks_actor);
    jw_close(w, '}');
}

/* The results' JSON (DESIGN.md) into w. */
static void results_write(jw *w, const char *query_text, const sk_results *r, sk_analyser *an,
                          const sk_query *q)
{
    jw_open(w, '{');
    jw_key(w, "query");
    jw_string(w, query_text);
    jw_int(w, "total", (long long)r->total);
    jw_int(w, "offset", (long long)r->offset);
    jw_int(w, "limit", (long long)r->limit);
    jw_key(w, "suggestion");
    if (r->suggestion)
        jw_string(w, r->suggestion);
    else
        jw_null(w);
    jw_bool(w, "relaxed", r->relaxed);
    jw_bool(w, "corrected", r->corrected);
    jw_bool(w, "partial", r->n_missing > 0);
    jw_key(w, "missing");
    jw_open(w, '[');
    for (size_t i = 0; i < r->n_missing; i++) {
        jw_item(w);
        jw_string(w, r->missing[i]);
    }
    jw_close(w, ']');
    reading_write(w, sk_query_reading(q));
    jw_key(w, "hits");
    jw_open(w, '[');
    for (size_t i = 0; i < r->n_hits && w->rc == SK_OK; i++)
        hit_write(w, &r->hits[i], an, q);
    jw_close(w, ']');
    jw_key(w, "facets");
    jw_open(w, '{');
    for (int f = 0; f < SK_N_FACETS; f++) {
        jw_key(w, sk_facets[f].name);
        jw_open(w, '{');
        for (size_t i = 0; i < r->facets[f].n; i++)
            jw_int(w, r->facets[f].values[i].value, (long long)r->facets[f].values[i].count);
        jw_close(w, '}');
    }
    jw_close(w, '}');
    jw_close(w, '}');
}

int sk_render_json(sk_buf *out, const char *query_text, const sk_results *r, sk_analyser *an,
                   const sk_query *q, sk_err *err)
{
    jw w = {.out = out, .err = err};
    results_write(&w, query_text, r, an, q);
    jw_raw(&w, "\n", 1);
    return w.rc;
}

int sk_render_json_value(json_t **out, const char *query_text, const sk_results *r, sk_analyser *an,
                         const sk_query *q, sk_err *err)
{
    jw w = {.out = NULL, .err = err};
    results_write(&w, query_text, r, an, q);
    sk_buf_release(&w.key_buf);
    *out = w.rc == SK_OK ? w.root : NULL;
    if (w.rc != SK_OK)
        json_decref(w.root);
    return w.rc;
}

/* Text for a terminal: what the papers and their names hold is copied with
 * every control character (C0 but '\n', DEL, C1) and every byte that is not
 * UTF-8 shown as '?', so that no escape sequence from a title or a file name
 * reaches the terminal. */
static int put_clean(sk_buf *out, const char *s, sk_err *err)
{
    int rc = SK_OK;
    const unsigned char *p = (const unsigned char *)s;
    while (*p && rc == SK_OK) {
        size_t n = *p < 0x80                 ? 1
                   : *p >= 0xC2 && *p < 0xE0 ? 2
                   : *p >= 0xE0 && *p < 0xF0 ? 3
                   : *p >= 0xF0 && *p < 0xF5 ? 4
                                             : 0;
        int ok = n > 0 && sk_utf8_valid((const char *)p, n) && memchr(p, '\0', n) == NULL;
        int control = n == 1 ? (*p < 0x20 && *p != '\n') || *p == 0x7F
                             : n == 2 && p[0] == 0xC2 && p[1] < 0xA0;
        if (!ok || control) {
            rc = sk_buf_putc(out, '?', err);
            p += ok ? n : 1;
        } else {
            rc = sk_buf_append(out, (const char *)p, n, err);
            p += n;
        }
    }
    return rc;
}

/* before, s cleaned, after; nothing when s is NULL. */
static int put_field(sk_buf *out, const char *before, const char *s, const char *after, sk_err *err)
{
    if (s == NULL)
        return SK_OK;
    int rc = sk_buf_puts(out, before, err);
    if (rc == SK_OK)
        rc = put_clean(out, s, err);
    return rc == SK_OK ? sk_buf_puts(out, after, err) : rc;
}

/* The role after a hit: a role fields.h does not know as it is. */
static const char *role_text(const char *role)
{
    const sk_role_names *r = sk_role_find(role);
    return r ? r->text : role;
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
    if (rc == SK_OK)
        rc = put_field(out, " ", h->body, "", err);
    if (rc == SK_OK)
        rc = put_field(out, " ", h->meeting_date, "", err);
    if (rc == SK_OK)
        rc = put_field(out, "  sak ", h->case_no, "", err);
    if (rc == SK_OK)
        rc = put_field(out, " (", h->type, ")", err);
    if (rc == SK_OK)
        rc = put_field(out, " [", role_text(h->role), "]", err);
    if (rc == SK_OK && h->page_from > 0 && h->page_to > h->page_from)
        rc = sk_buf_printf(out, err, "  s. %d–%d", h->page_from, h->page_to);
    else if (rc == SK_OK && h->page_from > 0)
        rc = sk_buf_printf(out, err, "  s. %d", h->page_from);
    if (rc == SK_OK && h->ocr)
        rc = sk_buf_puts(out, "  [OCR]", err);
    if (rc == SK_OK)
        rc = sk_buf_printf(out, err, "  (%.2f)\n", h->score);
    if (rc == SK_OK)
        rc = put_field(out, "   ", h->title ? h->title : h->doc_title, "\n", err);
    if (rc == SK_OK)
        rc = put_field(out, "   Presenterer: ", h->presenter, "\n", err);
    const char *actors[][2] = {{"   Fra: ", h->sender},
                               {"   Saksbehandler: ", h->case_officer},
                               {"   Referent: ", h->minute_taker}};
    for (size_t i = 0; i < sizeof actors / sizeof *actors && rc == SK_OK; i++)
        rc = put_field(out, actors[i][0], actors[i][1], "\n", err);
    if (rc == SK_OK && h->decision)
        rc =
            put_field(out, h->decision_from_minutes ? "   Vedtak (fra referatet): " : "   Vedtak: ",
                      h->decision, "\n", err);
    else if (rc == SK_OK)
        rc = put_field(out, "   Forslag til vedtak: ", h->proposed_decision, "\n", err);
    if (rc == SK_OK)
        rc = put_field(out, "   Arkivsak: ", h->archive_no, "\n", err);
    int page = 0;
    if (rc == SK_OK)
        rc = sk_buf_puts(out, "   ", err);
    if (rc == SK_OK)
        rc = snippet_of(out, h, an, q, bold ? SK_SNIPPET_ANSI : SK_SNIPPET_PLAIN, &page, err);
    if (rc == SK_OK)
        rc = put_field(out, "\n   ", h->file, "", err);
    if (rc == SK_OK && page > 0)
        rc = sk_buf_printf(out, err, "#page=%d", page);
    if (rc == SK_OK && h->id[0])
        rc = sk_buf_printf(out, err, "\n   Id: %s", h->id);
    if (rc == SK_OK)
        rc = sk_buf_puts(out, "\n\n", err);
    return rc;
}

int sk_render_text(sk_buf *out, const char *query_text, const sk_results *r, sk_analyser *an,
                   const sk_query *q, int bold, sk_err *err)
{
    int rc = SK_OK;
    for (size_t i = 0; i < r->n_missing && rc == SK_OK; i++)
        rc = put_field(out, "Delvis svar: ", r->missing[i], " svarte ikke og er utelatt.\n", err);
    const char *shown = r->corrected ? r->suggestion : query_text;
    if (rc == SK_OK && r->suggestion && r->corrected)
        rc = put_field(out, "Ingen treff for «", query_text, "». ", err);
    if (rc == SK_OK && r->suggestion)
        rc = put_field(out, r->corrected ? "Viser treff for «" : "Mente du: ", r->suggestion,
                       r->corrected ? "».\n" : "\n", err);
    const sk_qreading *rd = sk_query_reading(q);
    if (rc == SK_OK && rd)
        rc = put_field(out, "Tolket som: ", rd->text, " (--literal: ordene som skrevet)\n", err);
    if (rc == SK_OK && r->n_hits == 0)
        return put_field(out, "Ingen treff for «", query_text, "».\n", err);
    if (rc == SK_OK)
        rc = sk_buf_printf(out, err, "%zu treff for «", r->total);
    if (rc == SK_OK)
        rc = put_field(out, "", shown, "»", err);
    if (rc == SK_OK)
        rc =
            sk_buf_printf(out, err, "%s; viser %zu–%zu.\n\n",
                          r->relaxed ? " (ingen treff med alle ordene; disse har noen av dem)" : "",
                          r->offset + 1, r->offset + r->n_hits);
    for (size_t i = 0; i < r->n_hits && rc == SK_OK; i++)
        rc = hit_text(out, &r->hits[i], an, q, bold, err);
    return rc;
}
