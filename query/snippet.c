/* snippet.c: choosing and formatting snippets (see include/saksok/query/snippet.h). */
#define _GNU_SOURCE /* memmem */
#include "saksok/query/snippet.h"

#include <stdlib.h>
#include <string.h>

#include "saksok/base/text.h"

#define CONTEXT_TOKENS 4 /* words shown before the first match */

typedef struct tok_span {
    size_t start, end;
    int match;
} tok_span;

typedef struct collect {
    size_t base, end; /* the window of the text analysed: [base, end) */
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
    c->toks[c->n++] = (tok_span){c->base + tok->start, c->base + tok->end, match};
    return SK_OK;
}

/* ---- which words are worth analysing ----
 *
 * Stemming a word and making its variants (compound parts, OCR repairs,
 * spellings without æøå) is the expensive part of the analyser, and most
 * words of a text cannot match. A word gets the full treatment when one of
 * the query's words or stems (or their spellings without æøå) stands in it
 * (a stem is a prefix of its words; a compound holds its parts), when it is
 * the start of one ("helse-" in "helse- og omsorgssektoren"), or when it
 * shares half the letter pairs of one of 4 bytes or more (OCR damage such as
 * "stgtte" for "støtte"). The analyser then decides, so a highlight never
 * disagrees with it; this only skips words that cannot be highlighted. */
#define MAX_NEEDLES 64

typedef struct needle {
    const char *s;
    size_t len;
    unsigned long long pairs; /* bit set of byte pairs */
    int pair_count;           /* bits in pairs */
} needle;

typedef struct want_ctx {
    needle n[MAX_NEEDLES];
    size_t nn;
    char ascii[2048]; /* the needles' spellings without æøå, NUL-separated */
} want_ctx;

static unsigned long long pair_bits(const char *s, size_t len)
{
    unsigned long long m = 0;
    for (size_t i = 0; i + 1 < len; i++)
        m |= 1ULL << (((unsigned char)s[i] * 31u + (unsigned char)s[i + 1]) & 63u);
    return m;
}

static int popcount64(unsigned long long m)
{
    int n = 0;
    for (; m; m &= m - 1)
        n++;
    return n;
}

static void add_needle(want_ctx *w, const char *s, size_t len)
{
    if (len < 2 || w->nn == MAX_NEEDLES)
        return;
    unsigned long long pairs = pair_bits(s, len);
    w->n[w->nn++] = (needle){s, len, pairs, popcount64(pairs)};
}

static void want_init(want_ctx *w, const sk_query *q)
{
    const char *needles[32];
    size_t nn = sk_query_needles(needles, 32, q), used = 0;
    w->nn = 0;
    for (size_t k = 0; k < nn; k++) {
        size_t len = strlen(needles[k]);
        add_needle(w, needles[k], len);
        for (int which = 1; which <= 2; which++) {
            char *at = w->ascii + used;
            size_t room = sizeof w->ascii - used;
            size_t an = sk_analyse_ascii(at, room, needles[k], len, which);
            if (an == 0 || an + 1 > room)
                continue;
            add_needle(w, at, an);
            used += an + 1;
        }
    }
}

static int contains(const char *hay, size_t hay_len, const needle *n)
{
    for (size_t i = 0; i + n->len <= hay_len; i++)
        if (hay[i] == n->s[0] && memcmp(hay + i, n->s, n->len) == 0)
            return 1;
    return 0;
}

static int want_word(const char *term, size_t len, void *payload)
{
    const want_ctx *w = payload;
    unsigned long long pairs = pair_bits(term, len);
    int special = 0; /* æ, ø or å (either case): the word may be typed without them */
    for (size_t i = 0; i + 1 < len && !special; i++)
        special = (unsigned char)term[i] == 0xC3;
    for (size_t k = 0; k < w->nn; k++) {
        const needle *n = &w->n[k];
        unsigned long long common = pairs & n->pairs;
        if (common == n->pairs && contains(term, len, n))
            return 1;
        if (len >= 3 && len < n->len && memcmp(n->s, term, len) == 0)
            return 1;
        if (n->len >= 4 && common && 2 * popcount64(common) >= n->pair_count)
            return 1;
    }
    if (!special)
        return 0;
    char ascii[4 * SK_ANALYSE_MAX_TERM];
    for (int which = 1; which <= 2; which++) {
        size_t alen = sk_analyse_ascii(ascii, sizeof ascii, term, len, which);
        for (size_t k = 0; alen && k < w->nn; k++)
            if (contains(ascii, alen, &w->n[k]))
                return 1;
    }
    return 0;
}

/* Long texts are not analysed whole: only a window around the place where
 * most of the query's words stand close together (found by memmem, as
 * written and capitalised), then the next best places if that window holds
 * no match, or the beginning when there is no such place. */
#define WHOLE_BELOW 1024 /* texts shorter than this are analysed whole */
#define BEFORE 96        /* bytes analysed before a candidate (a few words) ... */
#define AFTER 336        /* ... and after it (a snippet's length, and some) */
#define MAX_CANDIDATES 512
#define MAX_WINDOWS 3
#define NEEDLE_BYTES 12

/* Offsets in text where word (n bytes) stands, appended to pos/which as
 * needle k; at most max in all. */
static size_t find_all(const char *text, size_t len, const char *word, size_t n, unsigned char k,
                       size_t *pos, unsigned char *which, size_t count, size_t max)
{
    const char *at = text, *end = text + len;
    while (count < max && (size_t)(end - at) >= n) {
        const char *hit = memmem(at, (size_t)(end - at), word, n);
        if (hit == NULL)
            break;
        pos[count] = (size_t)(hit - text);
        which[count++] = k;
        at = hit + 1;
    }
    return count;
}

/* Offsets where one of the needles starts, sorted, at most max; which[i]
 * tells which needle. A needle another one starts with is enough for both
 * (a stem and its word); each is looked for as written and capitalised
 * (memmem skips through text far faster than a byte-by-byte scan). */
static size_t candidates(const sk_query *q, const char *text, size_t len, size_t *pos,
                         unsigned char *which, size_t max)
{
    const char *needles[32];
    size_t nn = sk_query_needles(needles, 32, q), n = 0;
    for (size_t k = 0; k < nn; k++) {
        size_t nl = strlen(needles[k]);
        int covered = nl < 2;
        for (size_t j = 0; j < nn && !covered; j++) {
            size_t jl = strlen(needles[j]);
            covered = j != k && jl >= 2 && (jl < nl || (jl == nl && j < k)) &&
                      memcmp(needles[j], needles[k], jl) == 0;
        }
        if (covered)
            continue;
        if (nl > NEEDLE_BYTES)
            nl = NEEDLE_BYTES;
        char cap[NEEDLE_BYTES];
        memcpy(cap, needles[k], nl);
        unsigned char c0 = (unsigned char)cap[0], c1 = (unsigned char)cap[1];
        int has_cap = 1;
        if (c0 >= 'a' && c0 <= 'z')
            cap[0] = (char)(c0 - 32);
        else if (c0 == 0xC3 && c1 >= 0xA0 && c1 <= 0xBE && c1 != 0xB7) /* æ ø å é -> Æ Ø Å É */
            cap[1] = (char)(c1 - 0x20);
        else
            has_cap = 0;
        n = find_all(text, len, needles[k], nl, (unsigned char)k, pos, which, n, max);
        if (has_cap)
            n = find_all(text, len, cap, nl, (unsigned char)k, pos, which, n, max);
    }
    for (size_t i = 1; i < n; i++) { /* in text order */
        size_t p = pos[i];
        unsigned char w = which[i];
        size_t j = i;
        for (; j > 0 && pos[j - 1] > p; j--) {
            pos[j] = pos[j - 1];
            which[j] = which[j - 1];
        }
        pos[j] = p;
        which[j] = w;
    }
    return n;
}

static size_t back_to_space(const char *text, size_t i)
{
    while (i > 0 && text[i - 1] != ' ' && text[i - 1] != '\n')
        i--;
    return i;
}

static size_t on_to_space(const char *text, size_t len, size_t i)
{
    while (i < len && text[i] != ' ' && text[i] != '\n')
        i++;
    return i;
}

static int analyse_span(sk_analyser *an, const want_ctx *w, const char *text, size_t a, size_t b,
                        collect *c, sk_err *err)
{
    c->base = a;
    c->end = b;
    return sk_analyse_some(an, SK_MODE_DOCUMENT, text + a, b - a, 1, want_word, (void *)w,
                           collect_token, c, err);
}

static int analyse_windows(sk_analyser *an, const sk_query *q, const char *text, size_t len,
                           collect *c, sk_err *err)
{
    want_ctx want, *w = &want;
    want_init(w, q);
    int rc = SK_OK;
    size_t pos[MAX_CANDIDATES];
    unsigned char which[MAX_CANDIDATES];
    size_t n = len < WHOLE_BELOW ? 0 : candidates(q, text, len, pos, which, MAX_CANDIDATES);
    if (len < WHOLE_BELOW || n == 0)
        return analyse_span(an, w, text, 0,
                            len < WHOLE_BELOW ? len : on_to_space(text, len, WHOLE_BELOW), c, err);
    /* Score each candidate by the different needles close after it (then
     * by how tight they stand). */
    unsigned score[MAX_CANDIDATES];
    size_t span[MAX_CANDIDATES];
    for (size_t i = 0; i < n; i++) {
        unsigned long long seen = 0;
        span[i] = 0;
        for (size_t j = i; j < n && pos[j] <= pos[i] + AFTER; j++) {
            unsigned long long bit = 1ULL << (which[j] & 63);
            if (!(seen & bit))
                span[i] = pos[j] - pos[i];
            seen |= bit;
        }
        score[i] = (unsigned)__builtin_popcountll(seen);
    }
    /* The best places, apart from each other, best first; the first window
     * that holds a match is the one shown. */
    size_t tried[MAX_WINDOWS];
    for (size_t k = 0; k < MAX_WINDOWS && rc == SK_OK; k++) {
        size_t pick = n;
        for (size_t i = 0; i < n; i++) {
            int near = 0;
            for (size_t j = 0; j < k; j++)
                near |= pos[i] + BEFORE + AFTER > pos[tried[j]] &&
                        pos[tried[j]] + BEFORE + AFTER > pos[i];
            if (!near && (pick == n || score[i] > score[pick] ||
                          (score[i] == score[pick] && span[i] < span[pick])))
                pick = i;
        }
        if (pick == n)
            break;
        tried[k] = pick;
        size_t p = pos[pick];
        size_t a = p > BEFORE ? back_to_space(text, p - BEFORE) : 0;
        size_t b = on_to_space(text, len, p + AFTER < len ? p + AFTER : len);
        c->n = 0; /* a window without a match is forgotten */
        rc = analyse_span(an, w, text, a, b, c, err);
        int matched = 0;
        for (size_t i = 0; i < c->n && !matched; i++)
            matched = c->toks[i].match;
        if (matched)
            break;
    }
    return rc;
}

int sk_snippet_make(sk_snippet *out, sk_analyser *an, const sk_query *q, const char *text,
                    size_t len, size_t max_bytes, sk_err *err)
{
    memset(out, 0, sizeof *out);
    collect c = {0, 0, q, NULL, 0, 0, err};
    int rc = analyse_windows(an, q, text, len, &c, err);
    if (rc != SK_OK) {
        free(c.toks);
        return rc;
    }
    if (c.n == 0) {
        out->end = len <= max_bytes ? len : back_to_space(text, max_bytes);
        if (out->end == 0)
            out->end = on_to_space(text, len, max_bytes);
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
    /* The text's own start and end when the window reaches them (a window
     * of a long text starts and ends mid-text). */
    out->start = best_first == 0 && c.base == 0 ? 0 : c.toks[best_first].start;
    out->end = last + 1 == c.n && c.end >= len ? len : c.toks[last].end;
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
    return sk_snippet_format_cut(out, s, text, len, style, 0, 0, err);
}

int sk_snippet_format_cut(sk_buf *out, const sk_snippet *s, const char *text, size_t len,
                          sk_snippet_style style, int cut_before, int cut_after, sk_err *err)
{
    const char *open = style == SK_SNIPPET_HTML ? "<mark>" : "\033[1m";
    const char *close = style == SK_SNIPPET_HTML ? "</mark>" : "\033[0m";
    size_t start = s->start, end = s->end < len ? s->end : len;
    while (start < end && is_ws(text[start]))
        start++;
    while (end > start && is_ws(text[end - 1]))
        end--;
    int rc = start > 0 || cut_before ? sk_buf_puts(out, "… ", err) : SK_OK;
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
    if (rc == SK_OK && (rest < len || cut_after))
        rc = sk_buf_puts(out, " …", err);
    return rc;
}
