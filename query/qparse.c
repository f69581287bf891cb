/* qparse.c: the query language (see include/saksok/query/qparse.h).
 *
 * Two passes: a recursive-descent parser builds a small tree (here), then
 * the tree is turned into Xapian queries twice, strict and relaxed
 * (qbuild.c).
 */
#include "saksok/query/qparse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "saksok/structure/archive.h"
#include "saksok/base/buf.h"
#include "saksok/structure/segment_parse.h"
#include "saksok/store/terms.h"
#include "qparse_int.h"

static const struct {
    const char *name;
    field f;
} fields[] = {{"vedtak", F_VEDTAK}, {"tittel", F_TITTEL},    {"organ", F_ORGAN},
              {"type", F_TYPE},     {"person", F_PERSON},    {"dato", F_DATO},
              {"sak", F_SAK},       {"arkivsak", F_ARKIVSAK}};

/* ---- string sets ---- */

int sk_qstrset_add(strset *set, const char *s, size_t len, sk_err *err)
{
    for (size_t i = 0; i < set->n; i++)
        if (strlen(set->items[i]) == len && memcmp(set->items[i], s, len) == 0)
            return SK_OK;
    if (set->n == set->alloc) {
        size_t n = set->alloc ? set->alloc * 2 : 8;
        char **p = realloc(set->items, n * sizeof *p);
        if (p == NULL)
            return sk_err_set(err, SK_ENOMEM, "out of memory");
        set->items = p;
        set->alloc = n;
    }
    char *c = malloc(len + 1);
    if (c == NULL)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    memcpy(c, s, len);
    c[len] = '\0';
    set->items[set->n++] = c;
    return SK_OK;
}

static int strset_has(const strset *set, const char *s, size_t len)
{
    for (size_t i = 0; i < set->n; i++)
        if (strlen(set->items[i]) == len && memcmp(set->items[i], s, len) == 0)
            return 1;
    return 0;
}

void sk_qstrset_release(strset *set)
{
    for (size_t i = 0; i < set->n; i++)
        free(set->items[i]);
    free(set->items);
}

/* ---- tree ---- */

static void node_free(node *n)
{
    if (n == NULL)
        return;
    for (size_t i = 0; i < n->n_kids; i++)
        node_free(n->kids[i]);
    free(n->kids);
    free(n);
}

static node *node_new(parser *p, node_kind kind)
{
    node *n = calloc(1, sizeof *n);
    if (n == NULL)
        sk_err_set(p->err, SK_ENOMEM, "out of memory");
    else
        n->kind = kind;
    return n;
}

static int node_add(parser *p, node *parent, node *kid)
{
    node **k = realloc(parent->kids, (parent->n_kids + 1) * sizeof *k);
    if (k == NULL)
        return sk_err_set(p->err, SK_ENOMEM, "out of memory");
    parent->kids = k;
    parent->kids[parent->n_kids++] = kid;
    return SK_OK;
}

/* ---- lexer ---- */

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static void skip_space(parser *p)
{
    while (p->i < p->len && is_space(p->s[p->i]))
        p->i++;
}

/* Length of the bare word at p->i (up to space, parenthesis or quote). */
static size_t word_len(const parser *p)
{
    size_t j = p->i;
    while (j < p->len && !is_space(p->s[j]) && p->s[j] != '(' && p->s[j] != ')' && p->s[j] != '"')
        j++;
    return j - p->i;
}

static int keyword_at(const parser *p, const char *kw)
{
    size_t n = strlen(kw);
    return word_len(p) == n && memcmp(p->s + p->i, kw, n) == 0;
}

static int at_or(const parser *p)
{
    return keyword_at(p, "OR") || keyword_at(p, "ELLER");
}
static int at_and(const parser *p)
{
    return keyword_at(p, "AND") || keyword_at(p, "OG");
}
static int at_not(const parser *p)
{
    return keyword_at(p, "NOT") || keyword_at(p, "IKKE");
}

static int syntax(parser *p, const char *msg)
{
    return sk_err_set(p->err, SK_ESYNTAX, "%s (at character %zu)", msg, p->i + 1);
}

/* ---- parser ---- */

static int parse_or(parser *p, node **out);
static int parse_primary(parser *p, node **out);

static int ascii_ieq(const char *a, size_t n, const char *b)
{
    if (strlen(b) != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = a[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != b[i])
            return 0;
    }
    return 1;
}

/* Is w (len bytes) one of words (ASCII case-insensitive)? */
static int word_in(const char *w, size_t len, const char *const *words)
{
    for (; *words; words++)
        if (ascii_ieq(w, len, *words))
            return 1;
    return 0;
}

/* "sak", and a case system's item codes (PS politisk sak, RS referatsak, DS
 * delegert sak): "PS 21/23" and "sak 21/23" ask for the same case. */
static const char *const sak_words[] = {"sak", "saksnummer", "saksnr", "ps", "rs", "ds", NULL};
/* Words after which "12-23" is a case number too. */
static const char *const before_case[] = {"sak", "saksnummer", "saksnr", "saken",
                                          "ps",  "rs",         "ds",     NULL};
static const char *const archive_words[] = {"arkivsak", "arkivsaksnr", "arkivsaksnr.",
                                            "arkivsaksnummer", NULL};

/* Is the word that ends just before node text one of words? */
static int previous_in(const parser *p, const char *at, const char *const *words)
{
    const char *e = at;
    while (e > p->s && is_space(e[-1]))
        e--;
    while (e > p->s && e[-1] == ':')
        e--;
    const char *b = e;
    while (b > p->s && !is_space(b[-1]) && b[-1] != '(' && b[-1] != '"')
        b--;
    return word_in(b, (size_t)(e - b), words);
}

/* A bare word may be a case number, a council's name (several words, maybe),
 * or "sak"; otherwise it stays a word. */
static void classify_word(parser *p, node *n)
{
    const char *cur = n->text, *end = n->text + n->len;
    while (end > cur && (end[-1] == ':' || end[-1] == ',' || end[-1] == '.'))
        end--;
    /* an archive number first: after "arkivsak" even one shaped like a case
     * number ("arkivsak 21/23"), elsewhere only with its document number */
    if (sk_parse_archive_no(n->archive_no, &cur, end, previous_in(p, n->text, archive_words)) ==
            0 &&
        cur == end) {
        n->kind = N_ARCHIVE;
        p->has_archive = 1;
        return;
    }
    cur = n->text;
    if (sk_parse_case_no(n->case_no, &cur, end, previous_in(p, n->text, before_case)) == SK_OK &&
        cur == end) {
        n->kind = N_CASE;
        p->has_case = 1;
        return;
    }
    size_t wl = (size_t)(end - n->text);
    if (word_in(n->text, wl, sak_words)) {
        n->kind = N_SAK;
        return;
    }
    if (word_in(n->text, wl, archive_words) || word_in(n->text, n->len, archive_words)) {
        n->kind = N_ARKIVSAK;
        return;
    }
    size_t idx = 0;
    size_t m = p->bodies ? sk_bodies_match(p->bodies, n->text, p->len - p->i, &idx) : 0;
    if (m >= n->len || (m > 0 && m == (size_t)(end - n->text))) {
        n->kind = N_BODY;
        n->body = idx;
        n->len = m > n->len ? m : n->len;
    }
}

/* name:value with a known field name; *out = NULL when the word is not one. */
static int parse_field(parser *p, node **out)
{
    *out = NULL;
    size_t wl = word_len(p);
    const char *colon = memchr(p->s + p->i, ':', wl);
    if (colon == NULL)
        return SK_OK;
    size_t nl = (size_t)(colon - (p->s + p->i));
    field f = F_NONE;
    for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++)
        if (ascii_ieq(p->s + p->i, nl, fields[k].name))
            f = fields[k].f;
    if (f == F_NONE)
        return SK_OK;
    size_t name_at = p->i;
    p->i += nl + 1;
    /* "vedtak:ord", or "vedtak: digital hjemmeoppfølging": then the field
     * takes the plain words that follow, up to an operator or another field. */
    int spaced = p->i < p->len && is_space(p->s[p->i]);
    skip_space(p);
    if (p->i >= p->len || p->s[p->i] == ')')
        return sk_err_set(p->err, SK_ESYNTAX, "the field '%.*s:' needs a value after the colon",
                          (int)nl, p->s + name_at);
    node *kid = NULL;
    int rc;
    if (p->s[p->i] == '"' || p->s[p->i] == '(') {
        rc = parse_primary(p, &kid);
    } else {
        kid = node_new(p, N_WORD);
        rc = kid ? SK_OK : SK_ENOMEM;
        if (kid) {
            kid->text = p->s + p->i;
            p->i += word_len(p);
            p->n_words++;
            while (spaced) {
                size_t save = p->i;
                skip_space(p);
                size_t wl2 = word_len(p);
                if (p->i >= p->len || wl2 == 0 || at_or(p) || at_and(p) || at_not(p) ||
                    p->s[p->i] == '-' || memchr(p->s + p->i, ':', wl2) != NULL) {
                    p->i = save;
                    break;
                }
                p->i += wl2;
                p->n_words++;
            }
            kid->len = (size_t)(p->s + p->i - kid->text);
        }
    }
    if (rc != SK_OK)
        return rc;
    node *n = node_new(p, N_FIELD);
    if (n == NULL || node_add(p, n, kid) != SK_OK) {
        node_free(kid);
        node_free(n);
        return SK_ENOMEM;
    }
    n->fld = f;
    n->text = p->s + name_at;
    n->len = nl;
    if (f == F_SAK)
        p->has_case = 1;
    *out = n;
    return SK_OK;
}

static int parse_primary(parser *p, node **out)
{
    *out = NULL;
    skip_space(p);
    if (p->i >= p->len)
        return syntax(p, "a word is missing at the end of the query");
    char c = p->s[p->i];
    if (c == '(') {
        size_t open = p->i;
        p->i++;
        skip_space(p);
        if (p->i < p->len && p->s[p->i] == ')')
            return syntax(p, "empty parentheses");
        int rc = parse_or(p, out);
        if (rc != SK_OK)
            return rc;
        skip_space(p);
        if (p->i >= p->len || p->s[p->i] != ')') {
            node_free(*out);
            *out = NULL;
            return sk_err_set(p->err, SK_ESYNTAX,
                              "unbalanced parenthesis: the '(' at character %zu is not closed",
                              open + 1);
        }
        p->i++;
        return SK_OK;
    }
    if (c == ')')
        return syntax(p, "unbalanced parenthesis: ')' without '('");
    if (c == '"') {
        size_t open = p->i;
        const char *close = memchr(p->s + open + 1, '"', p->len - open - 1);
        if (close == NULL)
            return sk_err_set(p->err, SK_ESYNTAX,
                              "unbalanced quote: the phrase starting at character %zu is not "
                              "closed",
                              open + 1);
        node *n = node_new(p, N_PHRASE);
        if (n == NULL)
            return SK_ENOMEM;
        n->text = p->s + open + 1;
        n->len = (size_t)(close - (p->s + open + 1));
        p->i = (size_t)(close - p->s) + 1;
        p->n_words++;
        *out = n;
        return SK_OK;
    }
    if (at_or(p) || at_and(p))
        return syntax(p, "AND/OR needs a word on both sides");
    int rc = parse_field(p, out);
    if (rc != SK_OK || *out)
        return rc;
    node *n = node_new(p, N_WORD);
    if (n == NULL)
        return SK_ENOMEM;
    n->text = p->s + p->i;
    n->len = word_len(p);
    classify_word(p, n);
    p->i += n->len;
    p->n_words++;
    *out = n;
    return SK_OK;
}

static int parse_unary(parser *p, node **out)
{
    *out = NULL;
    skip_space(p);
    int negate = 0;
    if (p->i < p->len && at_not(p)) {
        p->i += word_len(p);
        negate = 1;
    } else if (p->i + 1 < p->len && p->s[p->i] == '-' && !is_space(p->s[p->i + 1]) &&
               p->s[p->i + 1] != '-') {
        p->i++;
        negate = 1;
    } else if (p->i + 1 < p->len && p->s[p->i] == '+' && !is_space(p->s[p->i + 1])) {
        p->i++;
    }
    if (negate) {
        skip_space(p);
        if (p->i >= p->len)
            return syntax(p, "NOT needs a word after it");
        node *kid = NULL;
        int rc = parse_unary(p, &kid);
        if (rc != SK_OK)
            return rc;
        node *n = node_new(p, N_NOT);
        if (n == NULL || node_add(p, n, kid) != SK_OK) {
            node_free(kid);
            node_free(n);
            return SK_ENOMEM;
        }
        *out = n;
        return SK_OK;
    }
    return parse_primary(p, out);
}

static int parse_and(parser *p, node **out)
{
    *out = NULL;
    node *first = NULL;
    int rc = parse_unary(p, &first);
    if (rc != SK_OK)
        return rc;
    node *group = NULL;
    for (;;) {
        skip_space(p);
        if (p->i >= p->len || p->s[p->i] == ')' || at_or(p))
            break;
        int explicit_and = at_and(p);
        if (explicit_and) {
            p->i += word_len(p);
            skip_space(p);
            if (p->i >= p->len || p->s[p->i] == ')' || at_or(p) || at_and(p)) {
                rc = syntax(p, "AND needs a word on both sides");
                break;
            }
        }
        if (group == NULL) {
            if ((group = node_new(p, N_AND)) == NULL) {
                rc = SK_ENOMEM;
                break;
            }
            group->implicit = 1;
            if ((rc = node_add(p, group, first)) != SK_OK)
                break;
            first = NULL;
        }
        if (explicit_and)
            group->implicit = 0;
        node *kid = NULL;
        if ((rc = parse_unary(p, &kid)) != SK_OK)
            break;
        if ((rc = node_add(p, group, kid)) != SK_OK) {
            node_free(kid);
            break;
        }
    }
    if (rc != SK_OK) {
        node_free(first);
        node_free(group);
        return rc;
    }
    *out = group ? group : first;
    return SK_OK;
}

static int parse_or(parser *p, node **out)
{
    *out = NULL;
    node *first = NULL;
    int rc = parse_and(p, &first);
    if (rc != SK_OK)
        return rc;
    node *group = NULL;
    for (;;) {
        skip_space(p);
        if (p->i >= p->len || !at_or(p))
            break;
        p->i += word_len(p);
        skip_space(p);
        if (p->i >= p->len || p->s[p->i] == ')' || at_or(p) || at_and(p)) {
            rc = syntax(p, "OR needs a word on both sides");
            break;
        }
        if (group == NULL) {
            if ((group = node_new(p, N_OR)) == NULL) {
                rc = SK_ENOMEM;
                break;
            }
            if ((rc = node_add(p, group, first)) != SK_OK)
                break;
            first = NULL;
        }
        node *kid = NULL;
        if ((rc = parse_and(p, &kid)) != SK_OK)
            break;
        if ((rc = node_add(p, group, kid)) != SK_OK) {
            node_free(kid);
            break;
        }
    }
    if (rc != SK_OK) {
        node_free(first);
        node_free(group);
        return rc;
    }
    *out = group ? group : first;
    return SK_OK;
}

/* Typographic quotes as typed or pasted (“…” „…“ «…» ″) mark phrases too,
 * and Unicode spaces (no-break, thin, ...) separate words like a space. */
char *sk_qparse_plain_quotes(const char *text)
{
    static const char *const quotes[] = {"\xe2\x80\x9c", "\xe2\x80\x9d", "\xe2\x80\x9e",
                                         "\xe2\x80\x9f", "\xc2\xab",     "\xc2\xbb",
                                         "\xe2\x80\xb3"};
    static const char *const spaces[] = {
        "\xc2\xa0",     "\xe2\x80\x80", "\xe2\x80\x81", "\xe2\x80\x82", "\xe2\x80\x83",
        "\xe2\x80\x84", "\xe2\x80\x85", "\xe2\x80\x86", "\xe2\x80\x87", "\xe2\x80\x88",
        "\xe2\x80\x89", "\xe2\x80\x8a", "\xe2\x80\xaf", "\xe2\x81\x9f", "\xe3\x80\x80"};
    size_t len = strlen(text);
    char *out = malloc(len + 1);
    if (out == NULL)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        size_t k = 0;
        for (size_t q = 0; q < sizeof quotes / sizeof quotes[0] && k == 0; q++)
            if (strncmp(text + i, quotes[q], strlen(quotes[q])) == 0)
                k = strlen(quotes[q]);
        char rep = '"';
        for (size_t q = 0; q < sizeof spaces / sizeof spaces[0] && k == 0; q++)
            if (strncmp(text + i, spaces[q], strlen(spaces[q])) == 0) {
                k = strlen(spaces[q]);
                rep = ' ';
            }
        if (k) {
            out[o++] = rep;
            i += k;
        } else {
            out[o++] = text[i++];
        }
    }
    out[o] = '\0';
    return out;
}

/* Only case numbers, councils and "sak" (implicitly joined)? */
static int only_case_words(const node *n)
{
    switch (n->kind) {
    case N_CASE:
    case N_BODY:
    case N_SAK: return 1;
    case N_FIELD: return n->fld == F_SAK;
    case N_AND:
        if (!n->implicit)
            return 0;
        for (size_t i = 0; i < n->n_kids; i++)
            if (!only_case_words(n->kids[i]))
                return 0;
        return 1;
    default: return 0;
    }
}

/* The case numbers every match must have: a case number (or sak:) that is
 * the query, or a part of an AND of it (not under OR or NOT). */
static int collect_cases(const node *n, strset *cases, sk_err *err)
{
    char case_no[SK_CASE_NO_SIZE];
    switch (n->kind) {
    case N_CASE: return sk_qstrset_add(cases, n->case_no, strlen(n->case_no), err);
    case N_FIELD:
        if (n->fld == F_SAK && sk_qfield_case_no(n, case_no))
            return sk_qstrset_add(cases, case_no, strlen(case_no), err);
        return SK_OK;
    case N_AND: {
        int rc = SK_OK;
        for (size_t i = 0; i < n->n_kids && rc == SK_OK; i++)
            rc = collect_cases(n->kids[i], cases, err);
        return rc;
    }
    default: return SK_OK;
    }
}

int sk_query_parse(sk_query **out, sk_analyser *an, sk_xdb *db, const sk_bodies *bodies,
                   const char *text, sk_err *err)
{
    *out = NULL;
    size_t len = strlen(text);
    if (len > SK_QUERY_MAX_BYTES)
        return sk_err_set(err, SK_ELIMIT, "the query is too long (%zu bytes; at most %d)", len,
                          SK_QUERY_MAX_BYTES);
    sk_query *q = calloc(1, sizeof *q);
    if (q == NULL || (q->text = sk_qparse_plain_quotes(text)) == NULL) {
        free(q);
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    }
    text = q->text;
    len = strlen(text);
    q->an = an;
    q->db = db;
    q->bodies = bodies;
    parser p = {.db = db, .bodies = bodies, .s = text, .len = len, .an = an, .q = q, .err = err};
    node *tree = NULL;
    skip_space(&p);
    int rc = p.i >= len ? sk_err_set(err, SK_ESYNTAX, "the query is empty") : parse_or(&p, &tree);
    if (rc == SK_OK && p.i < len)
        rc = syntax(&p, "unbalanced parenthesis: ')' without '('");
    if (rc == SK_OK && p.n_words > SK_QUERY_MAX_WORDS)
        rc = sk_err_set(err, SK_ELIMIT, "the query has too many words (%zu; at most %d)", p.n_words,
                        SK_QUERY_MAX_WORDS);
    if (rc == SK_OK) {
        p.skip_stop = sk_qhas_content_word(&p, tree);
        q->case_lookup = p.has_case && only_case_words(tree);
        rc = p.has_case ? collect_cases(tree, &q->cases, err) : SK_OK;
    }
    if (rc == SK_OK)
        rc = sk_qbuild(&p, tree, 0, 1, &q->strict);
    if (rc == SK_OK && q->strict == NULL)
        rc = sk_err_set(err, SK_ESYNTAX, "the query has no word to search for");
    if (rc == SK_OK && sk_qhas_implicit_and(tree) && !q->case_lookup) {
        strset keep_t = q->terms, keep_s = q->stems; /* collected once is enough */
        q->terms = (strset){0};
        q->stems = (strset){0};
        p.relaxed_pass = 1;
        rc = sk_qbuild(&p, tree, 1, 1, &q->relaxed);
        sk_qstrset_release(&q->terms);
        sk_qstrset_release(&q->stems);
        q->terms = keep_t;
        q->stems = keep_s;
    }
    node_free(tree);
    if (rc != SK_OK) {
        sk_query_free(q);
        return rc;
    }
    *out = q;
    return SK_OK;
}

void sk_query_free(sk_query *q)
{
    if (q == NULL)
        return;
    sk_xquery_free(q->strict);
    sk_xquery_free(q->relaxed);
    sk_qstrset_release(&q->terms);
    sk_qstrset_release(&q->stems);
    sk_qstrset_release(&q->cases);
    for (size_t i = 0; i < q->n_words; i++) {
        free(q->words[i].term);
        free(q->words[i].stem);
    }
    free(q->words);
    free(q->text);
    free(q->reading);
    free(q);
}

/* Is the word in the index in any form the query searches? */
static int word_known(sk_xdb *db, const word_span *w, sk_err *err)
{
    const char *stem = w->stem ? w->stem : w->term;
    static const char *const prefixes[] = {"", SK_PREFIX_STEM, SK_PREFIX_PART, SK_PREFIX_OCR,
                                           SK_PREFIX_ASCII};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        char term[SK_XAP_MAX_TERM + 1];
        int n = snprintf(term, sizeof term, "%s%s", prefixes[i], i == 0 ? w->term : stem);
        if (n < 0 || (size_t)n >= sizeof term)
            continue;
        size_t freq = 0;
        if (sk_xdb_termfreq(&freq, db, term, err) != SK_OK)
            return -1;
        if (freq > 0)
            return 1;
    }
    return 0;
}

int sk_query_suggest(char **out, const sk_query *q, sk_xdb *db, sk_err *err)
{
    *out = NULL;
    sk_buf b = SK_BUF_INIT;
    size_t at = 0;
    int changed = 0, rc = SK_OK;
    for (size_t i = 0; i < q->n_words && rc == SK_OK; i++) {
        const word_span *w = &q->words[i];
        int known = word_known(db, w, err);
        if (known < 0) {
            rc = err->code;
            break;
        }
        char *fix = NULL;
        if (!known && (rc = sk_xdb_spelling(&fix, db, w->term, 2, err)) != SK_OK)
            break;
        if (fix == NULL)
            continue;
        rc = sk_buf_append(&b, q->text + at, w->start - at, err);
        if (rc == SK_OK)
            rc = sk_buf_puts(&b, fix, err);
        at = w->end;
        changed = 1;
        free(fix);
    }
    if (rc == SK_OK && changed)
        rc = sk_buf_puts(&b, q->text + at, err);
    if (rc == SK_OK && changed)
        *out = sk_buf_detach(&b, NULL);
    sk_buf_release(&b);
    return rc;
}

int sk_query_reparse(sk_query **out, const sk_query *q, const char *text, sk_err *err)
{
    if (q->read_on)
        return sk_query_parse_read(out, q->an, q->db, q->bodies, text, err);
    return sk_query_parse(out, q->an, q->db, q->bodies, text, err);
}

int sk_query_case_lookup(const sk_query *q)
{
    return q->case_lookup;
}

const sk_xquery *sk_query_strict(const sk_query *q)
{
    return q->strict;
}

const sk_xquery *sk_query_relaxed(const sk_query *q)
{
    return q->relaxed;
}

sk_analyser *sk_query_analyser(const sk_query *q)
{
    return q->an;
}

size_t sk_query_cases(const char **out, size_t max, const sk_query *q)
{
    size_t n = 0;
    for (size_t i = 0; i < q->cases.n && n < max; i++)
        out[n++] = q->cases.items[i];
    return n;
}

size_t sk_query_needles(const char **out, size_t max, const sk_query *q)
{
    size_t n = 0;
    for (size_t i = 0; i < q->stems.n && n < max; i++)
        out[n++] = q->stems.items[i];
    for (size_t i = 0; i < q->terms.n && n < max; i++)
        out[n++] = q->terms.items[i];
    return n;
}

int sk_query_matches(const sk_query *q, const sk_token *tok)
{
    if (strset_has(&q->terms, tok->term, tok->term_len))
        return 1;
    if (tok->flags & SK_TOK_NUMERIC)
        return 0;
    return tok->stem ? strset_has(&q->stems, tok->stem, tok->stem_len)
                     : strset_has(&q->stems, tok->term, tok->term_len);
}
