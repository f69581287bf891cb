/* snippet.c: choosing and formatting snippets (see include/saksok/snippet.h). */
#include "saksok/snippet.h"

#include <stdlib.h>
#include <string.h>

#define CONTEXT_TOKENS 4 /* words shown before the first match */

typedef struct tok_span {
    size_t start, end;
    int match;
} tok_span;

typedef struct collect {
    const sk_query *q;
    tok_span *toks;
    size_t n, alloc;
    sk_err *err;
} collect;

static int collect_token(const sk_token *tok, void *payload)
{
    collect *c = payload;
    int match = sk_query_matches(c->q, tok);
    if (tok->flags & SK_TOK_SAME_POS) {
        /* A part of the previous token: a match marks just the part, unless
         * the whole token matched already. */
        if (!match || c->n == 0 || c->toks[c->n - 1].match)
            return SK_OK;
    }
    if (c->n == c->alloc) {
        size_t n = c->alloc ? c->alloc * 2 : 256;
        tok_span *p = realloc(c->toks, n * sizeof *p);
        if (p == NULL)
            return sk_err_set(c->err, SK_ENOMEM, "out of memory");
        c->toks = p;
        c->alloc = n;
    }
    c->toks[c->n++] = (tok_span){tok->start, tok->end, match};
    return SK_OK;
}

int sk_snippet_make(sk_snippet *out, sk_analyser *an, const sk_query *q, const char *text,
                    size_t len, size_t max_bytes, sk_err *err)
{
    memset(out, 0, sizeof *out);
    collect c = {q, NULL, 0, 0, err};
    int rc = sk_analyse(an, SK_MODE_DOCUMENT, text, len, 1, collect_token, &c, err);
    if (rc != SK_OK) {
        free(c.toks);
        return rc;
    }
    if (c.n == 0) {
        out->end = len < max_bytes ? len : max_bytes;
        free(c.toks);
        return SK_OK;
    }
    /* Window starting CONTEXT_TOKENS before each match; keep the one with most matches. */
    size_t best_first = 0, best_score = 0;
    for (size_t m = 0; m < c.n; m++) {
        if (!c.toks[m].match)
            continue;
        size_t first = m > CONTEXT_TOKENS ? m - CONTEXT_TOKENS : 0;
        size_t score = 0;
        for (size_t j = first; j < c.n && c.toks[j].end - c.toks[first].start <= max_bytes; j++)
            score += c.toks[j].match;
        if (score > best_score) {
            best_score = score;
            best_first = first;
        }
    }
    size_t last = best_first;
    while (last + 1 < c.n && c.toks[last + 1].end - c.toks[best_first].start <= max_bytes)
        last++;
    out->start = best_first == 0 ? 0 : c.toks[best_first].start;
    out->end = last + 1 == c.n ? len : c.toks[last].end;
    if (out->end - out->start > max_bytes + 64)
        out->end = c.toks[last].end;
    size_t n_marks = 0;
    for (size_t j = best_first; j <= last; j++)
        n_marks += c.toks[j].match;
    if (n_marks) {
        out->marks = calloc(n_marks, sizeof *out->marks);
        if (out->marks == NULL) {
            free(c.toks);
            return sk_err_set(err, SK_ENOMEM, "out of memory");
        }
        for (size_t j = best_first; j <= last; j++) {
            if (!c.toks[j].match)
                continue;
            sk_span sp = {c.toks[j].start, c.toks[j].end};
            if (out->n_marks && out->marks[out->n_marks - 1].end >= sp.start) {
                if (sp.end > out->marks[out->n_marks - 1].end)
                    out->marks[out->n_marks - 1].end = sp.end;
            } else {
                out->marks[out->n_marks++] = sp;
            }
        }
    }
    free(c.toks);
    return SK_OK;
}

void sk_snippet_release(sk_snippet *s)
{
    free(s->marks);
    memset(s, 0, sizeof *s);
}

int sk_html_escape(sk_buf *out, const char *text, size_t len, sk_err *err)
{
    int rc = SK_OK;
    size_t run = 0;
    for (size_t i = 0; i < len && rc == SK_OK; i++) {
        const char *rep = NULL;
        switch (text[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        rc = sk_buf_append(out, text + run, i - run, err);
        if (rc == SK_OK)
            rc = sk_buf_puts(out, rep, err);
        run = i + 1;
    }
    if (rc == SK_OK)
        rc = sk_buf_append(out, text + run, len - run, err);
    return rc;
}

static int is_ws(char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Append text[a, b) with whitespace runs folded to one space. */
static int put_text(sk_buf *out, const char *text, size_t a, size_t b, sk_snippet_style style,
                    sk_err *err)
{
    int rc = SK_OK;
    size_t run = a;
    for (size_t i = a; i < b && rc == SK_OK; i++) {
        if (!is_ws(text[i]))
            continue;
        size_t j = i;
        while (j < b && is_ws(text[j]))
            j++;
        rc = style == SK_SNIPPET_HTML ? sk_html_escape(out, text + run, i - run, err)
                                      : sk_buf_append(out, text + run, i - run, err);
        if (rc == SK_OK && !(out->len > 0 && out->data[out->len - 1] == ' '))
            rc = sk_buf_putc(out, ' ', err);
        run = j;
        i = j - 1;
    }
    if (rc == SK_OK)
        rc = style == SK_SNIPPET_HTML ? sk_html_escape(out, text + run, b - run, err)
                                      : sk_buf_append(out, text + run, b - run, err);
    return rc;
}

int sk_snippet_format(sk_buf *out, const sk_snippet *s, const char *text, size_t len,
                      sk_snippet_style style, sk_err *err)
{
    const char *open = style == SK_SNIPPET_HTML ? "<mark>" : "\033[1m";
    const char *close = style == SK_SNIPPET_HTML ? "</mark>" : "\033[0m";
    size_t start = s->start, end = s->end < len ? s->end : len;
    while (start < end && is_ws(text[start]))
        start++;
    while (end > start && is_ws(text[end - 1]))
        end--;
    int rc = start > 0 ? sk_buf_puts(out, "… ", err) : SK_OK;
    size_t at = start;
    for (size_t i = 0; i < s->n_marks && rc == SK_OK; i++) {
        sk_span m = s->marks[i];
        if (m.start < at || m.end > end)
            continue;
        rc = put_text(out, text, at, m.start, style, err);
        if (rc == SK_OK && style != SK_SNIPPET_PLAIN)
            rc = sk_buf_puts(out, open, err);
        if (rc == SK_OK)
            rc = put_text(out, text, m.start, m.end, style, err);
        if (rc == SK_OK && style != SK_SNIPPET_PLAIN)
            rc = sk_buf_puts(out, close, err);
        at = m.end;
    }
    if (rc == SK_OK)
        rc = put_text(out, text, at, end, style, err);
    size_t rest = end;
    while (rest < len && is_ws(text[rest]))
        rest++;
    if (rc == SK_OK && rest < len)
        rc = sk_buf_puts(out, " …", err);
    return rc;
}
