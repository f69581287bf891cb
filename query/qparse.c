/* qparse.c: the query language (see include/saksok/qparse.h).
 *
 * Two passes: a recursive-descent parser builds a small tree, then the tree
 * is turned into Xapian queries twice (strict and relaxed).
 */
#include "saksok/qparse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "saksok/archive.h"
#include "saksok/buf.h"
#include "saksok/segment.h"
#include "saksok/terms.h"
#include "qparse_int.h"

typedef enum node_kind {
    N_WORD,
    N_PHRASE,
    N_AND,
    N_OR,
    N_NOT,
    N_FIELD, /* name:value; kids[0] the value */
    N_CASE,  /* a case number: "13/21", "Sak 09/2021" */
    N_BODY,  /* a council's name or alias: "NUIT", "nasjonalt e-helsestyre" */
    N_SAK,   /* "sak", "saksnummer", "PS": noise beside a case number */
    N_ARCHIVE, /* an archive number: "arkivsak 22/4711", "22/4711-3" (archive.h) */
    N_ARKIVSAK /* "arkivsak", "arkivsaksnr": noise beside an archive number */
} node_kind;

typedef enum field {
    F_NONE,
    F_VEDTAK,
    F_TITTEL,
    F_ORGAN,
    F_TYPE,
    F_PERSON,
    F_DATO,
    F_SAK,
    F_ARKIVSAK
} field;

static const struct {
    const char *name;
    field f;
} fields[] = {{"vedtak", F_VEDTAK}, {"tittel", F_TITTEL}, {"organ", F_ORGAN}, {"type", F_TYPE},
              {"person", F_PERSON}, {"dato", F_DATO},     {"sak", F_SAK},
              {"arkivsak", F_ARKIVSAK}};

typedef struct node {
    node_kind kind;
    int implicit;          /* N_AND: joined by juxtaposition, not by AND */
    const char *text;      /* N_WORD, N_PHRASE: span in the query string */
    size_t len;
    struct node **kids;    /* N_AND, N_OR: n_kids; N_NOT, N_FIELD: 1 */
    size_t n_kids;
    field fld;             /* N_FIELD */
    char case_no[SK_CASE_NO_SIZE]; /* N_CASE */
    char archive_no[SK_ARCHIVE_NO_SIZE]; /* N_ARCHIVE */
    size_t body;           /* N_BODY: index in the body list */
} node;

typedef struct parser {
    sk_xdb *db; /* synonyms; NULL: none */
    const sk_bodies *bodies; /* council names; NULL: none */
    int has_case; /* the query holds a case number */
    int has_archive; /* the query holds an archive number */
    const char *s;
    size_t len, i;
    size_t n_words;
    int skip_stop; /* the query has other words: leave stop words out (not in phrases) */
    int relaxed_pass; /* building the relaxed query: words were recorded already */
    sk_analyser *an;
    sk_query *q;
    sk_err *err;
} parser;

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
    while (j < p->len && !is_space(p->s[j]) && p->s[j] != '(' && p->s[j] != ')' &&
           p->s[j] != '"')
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
    if (sk_parse_archive_no(&cur, end, previous_in(p, n->text, archive_words), n->archive_no) ==
            0 &&
        cur == end) {
        n->kind = N_ARCHIVE;
        p->has_archive = 1;
        return;
    }
    cur = n->text;
    if (sk_parse_case_no(&cur, end, previous_in(p, n->text, before_case), n->case_no) == SK_OK &&
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

/* ---- building Xapian queries ---- */

typedef struct qlist {
    sk_xquery **items;
    size_t n, alloc;
} qlist;

static int qlist_push(qlist *l, sk_xquery *q, sk_err *err)
{
    if (q == NULL)
        return SK_OK;
    if (l->n == l->alloc) {
        size_t n = l->alloc ? l->alloc * 2 : 8;
        sk_xquery **p = realloc(l->items, n * sizeof *p);
        if (p == NULL) {
            sk_xquery_free(q);
            return sk_err_set(err, SK_ENOMEM, "out of memory");
        }
        l->items = p;
        l->alloc = n;
    }
    l->items[l->n++] = q;
    return SK_OK;
}

static void qlist_release(qlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        sk_xquery_free(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->n = l->alloc = 0;
}

/* Combine the list into *out (NULL when empty) and empty it. */
static int qlist_combine(qlist *l, sk_xop op, sk_xquery **out, sk_err *err)
{
    *out = NULL;
    int rc = l->n ? sk_xquery_combine(out, op, l->items, l->n, err) : SK_OK;
    qlist_release(l);
    return rc;
}

/* prefix+word into term (SK_XAP_MAX_TERM + 1 bytes, NUL-terminated) and its
 * length into *n; 0 when it is too long to be a term. */
static int make_term(char *term, size_t *n, const char *prefix, const char *word, size_t len)
{
    size_t pl = strlen(prefix);
    if (pl + len > SK_XAP_MAX_TERM)
        return 0;
    memcpy(term, prefix, pl);
    memcpy(term + pl, word, len);
    term[pl + len] = '\0';
    *n = pl + len;
    return 1;
}

/* Push term (n bytes), its weight multiplied by factor (1.0: as is). */
static int push_made_term(qlist *l, const char *term, size_t n, double factor, sk_err *err)
{
    sk_xquery *q = NULL;
    int rc = sk_xquery_term(&q, term, n, err);
    if (rc == SK_OK && factor != 1.0) {
        sk_xquery *scaled = NULL;
        rc = sk_xquery_scale(&scaled, q, factor, err);
        sk_xquery_free(q);
        q = scaled;
    }
    return rc == SK_OK ? qlist_push(l, q, err) : rc;
}

/* Push prefix+word, its weight multiplied by factor (1.0: as is). */
static int push_term(qlist *l, const char *prefix, const char *word, size_t len, double factor,
                     sk_err *err)
{
    char term[SK_XAP_MAX_TERM + 1];
    size_t n;
    return make_term(term, &n, prefix, word, len) ? push_made_term(l, term, n, factor, err)
                                                  : SK_OK;
}

/* Does the query's index hold a document with term (NUL-terminated)? Yes
 * without an index, and when it cannot tell. */
static int index_holds(const parser *p, const char *term)
{
    size_t freq = 1;
    sk_err ignore = SK_ERR_INIT;
    return p->db == NULL || sk_xdb_termfreq(p->db, term, &freq, &ignore) != SK_OK || freq > 0;
}

/* Weights of the variants of a word relative to the word itself (any
 * inflection: its stem; the exact form adds its own weight on top). */
#define W_PART 0.5  /* the word as a part of a compound */
#define W_TITLE 1.0 /* in the case's title: on top of the text's own weight */
#define W_DECISION 0.5 /* in its decision or proposed decision: likewise */
#define W_ASCII 0.6 /* the word spelt with or without æøå */
#define W_OCR 0.6   /* a word OCR may have damaged into something else */

/* A variant term the index holds (with the query's index open; without it,
 * every variant). Each word has up to nine variant terms and most are in no
 * document: a term in the query costs the matcher a cursor, its blocks and a
 * read each, while asking for its frequency looks it up through blocks the
 * handle already holds. Leaving out what matches nothing changes no score. */
static int push_variant(parser *p, qlist *l, const char *prefix, const char *word, size_t len,
                        double factor, sk_err *err)
{
    char term[SK_XAP_MAX_TERM + 1];
    size_t n;
    return make_term(term, &n, prefix, word, len) && index_holds(p, term)
               ? push_made_term(l, term, n, factor, err)
               : SK_OK;
}

/* The ways a document may hold this query word, besides its exact form. */
static int word_variants(parser *p, const sk_token *tok, qlist *alts, sk_err *err)
{
    const char *stem = tok->stem ? tok->stem : tok->term;
    size_t stem_len = tok->stem ? tok->stem_len : tok->term_len;
    int rc = push_variant(p, alts, SK_PREFIX_STEM, stem, stem_len, 1.0, err);
    if (rc == SK_OK)
        rc = push_variant(p, alts, SK_PREFIX_TITLE_STEM, stem, stem_len, W_TITLE, err);
    if (rc == SK_OK)
        rc = push_variant(p, alts, SK_PREFIX_DECISION_STEM, stem, stem_len, W_DECISION, err);
    if (rc == SK_OK)
        rc = push_variant(p, alts, SK_PREFIX_PART, stem, stem_len, W_PART, err);
    if (rc == SK_OK)
        rc = push_variant(p, alts, SK_PREFIX_OCR, stem, stem_len, W_OCR, err);
    /* Typed with æøå: documents may have it without; typed without: the
     * documents' æøå words are stored under XA in both spellings. */
    int has_special = 0;
    for (int which = 1; which <= 2 && rc == SK_OK; which++) {
        char ascii[4 * SK_XAP_MAX_TERM], astem[4 * SK_XAP_MAX_TERM];
        size_t n = sk_analyse_ascii(tok->term, tok->term_len, which, ascii, sizeof ascii);
        if (n == 0)
            break;
        has_special = 1;
        int sn = sk_analyse_stem(p->an, ascii, n, astem, sizeof astem, err);
        if (sn < 0)
            return sn;
        rc = push_variant(p, alts, SK_PREFIX_STEM, astem, (size_t)sn, W_ASCII, err);
    }
    if (rc == SK_OK && !has_special)
        rc = push_variant(p, alts, SK_PREFIX_ASCII, stem, stem_len, W_ASCII, err);
    return rc;
}

static int record_word(sk_query *q, size_t base, const sk_token *tok, sk_err *err)
{
    word_span *p = realloc(q->words, (q->n_words + 1) * sizeof *p);
    if (p == NULL)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    q->words = p;
    word_span *ws = &q->words[q->n_words];
    ws->start = base + tok->start;
    ws->end = base + tok->end;
    ws->term = strndup(tok->term, tok->term_len);
    ws->stem = tok->stem ? strndup(tok->stem, tok->stem_len) : NULL;
    q->n_words++;
    if (ws->term == NULL || (tok->stem && ws->stem == NULL))
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    return SK_OK;
}

#define W_SYNONYM 0.8 /* an abbreviation for its long form, and back */

typedef struct syn_ctx {
    parser *p;
    qlist *alts;
    int positive;
    int rc;
} syn_ctx;

typedef struct phrase_ctx {
    qlist words;
    parser *p;
    int positive;
} phrase_ctx;

static int phrase_word(const sk_token *tok, void *payload)
{
    phrase_ctx *c = payload;
    if (c->positive) {
        int rc = sk_qstrset_add(&c->p->q->terms, tok->term, tok->term_len, c->p->err);
        if (rc != SK_OK)
            return rc;
    }
    sk_xquery *t = NULL;
    int rc = sk_xquery_term(&t, tok->term, tok->term_len, c->p->err);
    return rc == SK_OK ? qlist_push(&c->words, t, c->p->err) : rc;
}

/* A synonym (folded words): one word searched with its inflections, several
 * as a phrase. */
static int one_synonym(const char *value, void *payload)
{
    syn_ctx *c = payload;
    phrase_ctx pc = {{0}, c->p, c->positive};
    int rc = sk_analyse(c->p->an, SK_MODE_QUERY, value, strlen(value), 1, phrase_word, &pc,
                        c->p->err);
    sk_xquery *q = NULL;
    if (rc == SK_OK && pc.words.n == 1) {
        char stem[4 * SK_XAP_MAX_TERM];
        int sn = sk_analyse_stem(c->p->an, value, strlen(value), stem, sizeof stem, c->p->err);
        rc = sn < 0 ? sn : push_term(&pc.words, SK_PREFIX_STEM, stem, (size_t)sn, 1.0, c->p->err);
        if (rc == SK_OK)
            rc = qlist_combine(&pc.words, SK_XOP_OR, &q, c->p->err);
    } else if (rc == SK_OK && pc.words.n > 1) {
        rc = qlist_combine(&pc.words, SK_XOP_PHRASE, &q, c->p->err);
    }
    qlist_release(&pc.words);
    sk_xquery *scaled = NULL;
    if (rc == SK_OK && q)
        rc = sk_xquery_scale(&scaled, q, W_SYNONYM, c->p->err);
    sk_xquery_free(q);
    if (rc == SK_OK && scaled)
        rc = qlist_push(c->alts, scaled, c->p->err);
    c->rc = rc;
    return rc;
}

/* Push the synonyms of key (folded words joined by spaces), if any. */
static int synonym_queries(parser *p, const char *key, qlist *alts, int positive, sk_err *err)
{
    if (p->db == NULL)
        return SK_OK;
    syn_ctx c = {p, alts, positive, SK_OK};
    int rc = sk_xdb_synonyms(p->db, key, one_synonym, &c, err);
    return rc != SK_OK ? rc : c.rc;
}

typedef struct word_ctx {
    parser *p;
    const node *n; /* the word or phrase being built */
    int positive;  /* collect highlight terms */
    int phrase;    /* build exact-term postings only */
    qlist main;    /* one query per main token */
    sk_err *err;
} word_ctx;

static int word_token(const sk_token *tok, void *payload)
{
    word_ctx *w = payload;
    if (tok->flags & SK_TOK_SAME_POS)
        return SK_OK; /* parts of hyphenated words: the document side has them */
    int rc = SK_OK;
    if (w->positive) {
        rc = sk_qstrset_add(&w->p->q->terms, tok->term, tok->term_len, w->err);
        if (rc == SK_OK && !(tok->flags & SK_TOK_NUMERIC))
            rc = sk_qstrset_add(&w->p->q->stems, tok->stem ? tok->stem : tok->term,
                            tok->stem ? tok->stem_len : tok->term_len, w->err);
        if (rc != SK_OK)
            return rc;
    }
    if (!w->phrase && w->p->skip_stop && sk_analyse_is_stopword(tok->term, tok->term_len))
        return SK_OK;
    sk_xquery *exact = NULL;
    rc = sk_xquery_term(&exact, tok->term, tok->term_len, w->err);
    if (rc != SK_OK)
        return rc;
    if (w->phrase || (tok->flags & SK_TOK_NUMERIC))
        return qlist_push(&w->main, exact, w->err);
    if (w->positive && !w->p->relaxed_pass) {
        rc = record_word(w->p->q, (size_t)(w->n->text - w->p->s), tok, w->err);
        if (rc != SK_OK) {
            sk_xquery_free(exact);
            return rc;
        }
    }
    /* The exact form, unless the index lacks it and holds a variant (a word
     * whose every term is missing keeps one, and so matches nothing). */
    int held = index_holds(w->p, tok->term);
    qlist alts = {0};
    rc = held ? qlist_push(&alts, exact, w->err) : SK_OK;
    if (rc == SK_OK)
        rc = word_variants(w->p, tok, &alts, w->err);
    if (rc == SK_OK)
        rc = synonym_queries(w->p, tok->term, &alts, w->positive, w->err);
    if (!held) {
        if (rc == SK_OK && alts.n == 0)
            rc = qlist_push(&alts, exact, w->err);
        else
            sk_xquery_free(exact);
    }
    sk_xquery *either = NULL;
    if (rc == SK_OK)
        rc = qlist_combine(&alts, SK_XOP_OR, &either, w->err);
    qlist_release(&alts);
    if (rc != SK_OK)
        return rc;
    return qlist_push(&w->main, either, w->err);
}

typedef struct key_ctx {
    sk_buf *key;
    sk_err *err;
} key_ctx;

static int key_word(const sk_token *tok, void *payload)
{
    key_ctx *k = payload;
    int rc = k->key->len ? sk_buf_putc(k->key, ' ', k->err) : SK_OK;
    return rc == SK_OK ? sk_buf_append(k->key, tok->term, tok->term_len, k->err) : rc;
}

/* A word or phrase -> query, or *out = NULL when it holds no searchable token. */
static int build_text(parser *p, const node *n, int positive, sk_xquery **out)
{
    *out = NULL;
    word_ctx w = {p, n, positive, n->kind == N_PHRASE, {0}, p->err};
    int rc = sk_analyse(p->an, SK_MODE_QUERY, n->text, n->len, 1, word_token, &w, p->err);
    if (rc != SK_OK) {
        qlist_release(&w.main);
        return rc;
    }
    /* Several tokens in a phrase or in one "word" (foo.bar): adjacent, in order. */
    sk_xop op = w.main.n > 1 ? SK_XOP_PHRASE : SK_XOP_AND;
    if (op == SK_XOP_PHRASE && !w.phrase) {
        /* Rebuild with exact terms for a positional match. */
        qlist_release(&w.main);
        w.phrase = 1;
        rc = sk_analyse(p->an, SK_MODE_QUERY, n->text, n->len, 1, word_token, &w, p->err);
        if (rc != SK_OK) {
            qlist_release(&w.main);
            return rc;
        }
    }
    rc = qlist_combine(&w.main, op, out, p->err);
    if (rc == SK_OK && *out && n->kind == N_PHRASE && p->db) {
        /* "digital hjemmeoppfølging" in quotes: also its abbreviation. */
        sk_buf key = SK_BUF_INIT;
        key_ctx kc = {&key, p->err};
        qlist alts = {0};
        rc = sk_analyse(p->an, SK_MODE_QUERY, n->text, n->len, 1, key_word, &kc, p->err);
        if (rc == SK_OK && key.len)
            rc = synonym_queries(p, key.data, &alts, positive, p->err);
        if (rc == SK_OK && alts.n) {
            rc = qlist_push(&alts, *out, p->err);
            *out = NULL;
            if (rc == SK_OK)
                rc = qlist_combine(&alts, SK_XOP_OR, out, p->err);
        }
        qlist_release(&alts);
        sk_buf_release(&key);
    }
    return rc;
}

static int build(parser *p, const node *n, int relaxed, int positive, sk_xquery **out);

static int build(parser *p, const node *n, int relaxed, int positive, sk_xquery **out);

typedef struct found_ctx {
    int found;
} found_ctx;

static int note_found(const char *value, void *payload)
{
    (void)value;
    ((found_ctx *)payload)->found = 1;
    return 1;
}

#define MAX_WINDOW 5

/* Consecutive words kids[i..] of an AND group that together are a synonym
 * key ("digital hjemmeoppfølging" -> "dho"): *out = (those words) OR the
 * synonyms, *used = how many kids; *used = 0 when there is none. */
static int build_window(parser *p, const node *n, size_t i, int relaxed, int positive,
                        sk_xquery **out, size_t *used)
{
    *out = NULL;
    *used = 0;
    if (p->db == NULL)
        return SK_OK;
    size_t max = 0;
    while (i + max < n->n_kids && max < MAX_WINDOW && n->kids[i + max]->kind == N_WORD)
        max++;
    for (size_t w = max; w >= 2; w--) {
        sk_buf key = SK_BUF_INIT;
        key_ctx kc = {&key, p->err};
        int rc = SK_OK;
        for (size_t j = 0; j < w && rc == SK_OK; j++)
            rc = sk_analyse(p->an, SK_MODE_QUERY, n->kids[i + j]->text, n->kids[i + j]->len, 1,
                            key_word, &kc, p->err);
        found_ctx fc = {0};
        if (rc == SK_OK && key.len) {
            sk_err ignore = SK_ERR_INIT;
            sk_xdb_synonyms(p->db, key.data, note_found, &fc, &ignore);
        }
        if (rc != SK_OK || !fc.found) {
            sk_buf_release(&key);
            if (rc != SK_OK)
                return rc;
            continue;
        }
        qlist words = {0}, alts = {0};
        for (size_t j = 0; j < w && rc == SK_OK; j++) {
            sk_xquery *kq = NULL;
            rc = build(p, n->kids[i + j], relaxed, positive, &kq);
            if (rc == SK_OK)
                rc = qlist_push(&words, kq, p->err);
        }
        sk_xquery *all = NULL;
        if (rc == SK_OK)
            rc = qlist_combine(&words, SK_XOP_AND, &all, p->err);
        if (rc == SK_OK)
            rc = qlist_push(&alts, all, p->err);
        if (rc == SK_OK)
            rc = synonym_queries(p, key.data, &alts, positive, p->err);
        if (rc == SK_OK)
            rc = qlist_combine(&alts, SK_XOP_OR, out, p->err);
        qlist_release(&words);
        qlist_release(&alts);
        sk_buf_release(&key);
        if (rc == SK_OK)
            *used = w;
        return rc;
    }
    return SK_OK;
}

static int build_group(parser *p, const node *n, int relaxed, int positive, sk_xquery **out)
{
    *out = NULL;
    qlist pos = {0}, neg = {0};
    int rc = SK_OK;
    for (size_t i = 0; i < n->n_kids && rc == SK_OK; i++) {
        const node *k = n->kids[i];
        sk_xquery *kq = NULL;
        size_t used = 0;
        if (n->kind == N_AND) {
            rc = build_window(p, n, i, relaxed, positive, &kq, &used);
            if (rc == SK_OK && used) {
                rc = qlist_push(&pos, kq, p->err);
                i += used - 1;
                continue;
            }
        }
        if (rc != SK_OK)
            break;
        if (k->kind == N_NOT && n->kind == N_AND) {
            rc = build(p, k->kids[0], relaxed, !positive, &kq);
            if (rc == SK_OK)
                rc = qlist_push(&neg, kq, p->err);
        } else {
            rc = build(p, k, relaxed, positive, &kq);
            if (rc == SK_OK)
                rc = qlist_push(&pos, kq, p->err);
        }
    }
    if (rc == SK_OK && pos.n == 0 && neg.n > 0)
        rc = sk_err_set(p->err, SK_ESYNTAX,
                        "a query cannot only exclude words: put NOT after a word to search for");
    if (rc != SK_OK) {
        qlist_release(&pos);
        qlist_release(&neg);
        return rc;
    }
    sk_xop op = n->kind == N_OR ? SK_XOP_OR : (n->implicit && relaxed ? SK_XOP_OR : SK_XOP_AND);
    sk_xquery *posq = NULL, *negq = NULL;
    rc = qlist_combine(&pos, op, &posq, p->err);
    if (rc == SK_OK)
        rc = qlist_combine(&neg, SK_XOP_OR, &negq, p->err);
    if (rc == SK_OK && negq != NULL && posq != NULL) {
        sk_xquery *pair[2] = {posq, negq};
        rc = sk_xquery_combine(out, SK_XOP_AND_NOT, pair, 2, p->err);
    } else if (rc == SK_OK) {
        *out = posq;
        posq = NULL;
    }
    sk_xquery_free(posq);
    sk_xquery_free(negq);
    return rc;
}

/* ---- case numbers, councils, fields ---- */

static int one_term(sk_xquery **out, const char *prefix, const char *word, size_t len,
                    double factor, sk_err *err)
{
    *out = NULL;
    qlist l = {0};
    int rc = push_term(&l, prefix, word, len, factor, err);
    if (rc == SK_OK && l.n == 1) {
        *out = l.items[0];
        l.n = 0;
    }
    qlist_release(&l);
    return rc;
}

#define W_CASE 3.0 /* the case's own sections above pages that cite its number */

/* An archive number: the sections filed under it (as written, or under its
 * archive case: "22/4711" finds "22/4711-3"). Never a case number. */
static int build_archive(parser *p, const char *no, sk_xquery **out)
{
    return one_term(out, SK_PREFIX_ARCHIVE, no, strlen(no), W_CASE, p->err);
}

static int build_case(parser *p, const char *case_no, int positive, sk_xquery **out)
{
    qlist alts = {0};
    int rc = push_term(&alts, SK_PREFIX_CASE, case_no, strlen(case_no), W_CASE, p->err);
    if (rc == SK_OK)
        rc = push_term(&alts, "", case_no, strlen(case_no), 1.0, p->err);
    if (rc == SK_OK && positive)
        rc = sk_qstrset_add(&p->q->terms, case_no, strlen(case_no), p->err);
    if (rc == SK_OK)
        rc = qlist_combine(&alts, SK_XOP_OR, out, p->err);
    qlist_release(&alts);
    return rc;
}

/* A boolean term: it filters and adds no weight. */
static int filter_term(sk_xquery **out, const char *prefix, const char *value, sk_err *err)
{
    char term[SK_XAP_MAX_TERM + 1];
    size_t n = sk_term_make(term, sizeof term, prefix, value);
    return one_term(out, "", term, n, 0.0, err);
}

static int fold_value(parser *p, const char *text, size_t len, char *out, size_t size)
{
    sk_err tmp = SK_ERR_INIT;
    int n = sk_analyse_fold(p->an, text, len, out, size, &tmp);
    if (n < 0)
        return sk_err_set(p->err, SK_ESYNTAX, "the value '%.*s' is too long", (int)len, text);
    return n;
}

static int build_body(parser *p, size_t idx, sk_xquery **out)
{
    char folded[SK_XAP_MAX_TERM + 1];
    const char *name = sk_bodies_name(p->bodies, idx);
    int n = fold_value(p, name, strlen(name), folded, sizeof folded);
    return n < 0 ? n : filter_term(out, SK_PREFIX_BODY, folded, p->err);
}

typedef struct field_ctx {
    parser *p;
    field fld;
    int positive;
    qlist words;
} field_ctx;

static int field_token(const sk_token *tok, void *payload)
{
    field_ctx *c = payload;
    if (tok->flags & SK_TOK_SAME_POS)
        return SK_OK;
    const char *prefix = c->fld == F_VEDTAK   ? SK_PREFIX_DECISION
                         : c->fld == F_TITTEL ? SK_PREFIX_TITLE
                                              : SK_PREFIX_PERSON;
    const char *stem = tok->stem ? tok->stem : tok->term;
    size_t stem_len = tok->stem ? tok->stem_len : tok->term_len;
    char zprefix[8];
    snprintf(zprefix, sizeof zprefix, "%sZ", prefix);
    qlist alts = {0};
    int rc = push_term(&alts, prefix, tok->term, tok->term_len, 1.0, c->p->err);
    if (rc == SK_OK)
        rc = push_term(&alts, zprefix, stem, stem_len, 1.0, c->p->err);
    if (rc == SK_OK && c->positive)
        rc = sk_qstrset_add(&c->p->q->terms, tok->term, tok->term_len, c->p->err);
    if (rc == SK_OK && c->positive && !(tok->flags & SK_TOK_NUMERIC))
        rc = sk_qstrset_add(&c->p->q->stems, stem, stem_len, c->p->err);
    sk_xquery *either = NULL;
    if (rc == SK_OK)
        rc = qlist_combine(&alts, SK_XOP_OR, &either, c->p->err);
    qlist_release(&alts);
    return rc == SK_OK ? qlist_push(&c->words, either, c->p->err) : rc;
}

/* dato: 2020, 2020-06-12, 2020-01-01..2020-12-31, 2020.., ..2021 */
static int parse_date_bound(const char *s, size_t len, int upper, char out[SK_DATE_SIZE])
{
    if (len == 4) {
        for (size_t i = 0; i < 4; i++)
            if (s[i] < '0' || s[i] > '9')
                return SK_EFORMAT;
        snprintf(out, SK_DATE_SIZE, "%.4s-%s", s, upper ? "12-31" : "01-01");
        return SK_OK;
    }
    const char *cur = s;
    if (sk_parse_date(&cur, s + len, 0, out) != SK_OK || cur != s + len)
        return SK_EFORMAT;
    return SK_OK;
}

static int build_dates(parser *p, const char *v, size_t len, sk_xquery **out)
{
    const char *dots = NULL;
    for (size_t i = 0; i + 1 < len; i++)
        if (v[i] == '.' && v[i + 1] == '.')
            dots = v + i;
    char lo[SK_DATE_SIZE], hi[SK_DATE_SIZE];
    int ok;
    if (dots == NULL) {
        ok = parse_date_bound(v, len, 0, lo) == SK_OK && parse_date_bound(v, len, 1, hi) == SK_OK;
    } else {
        size_t ll = (size_t)(dots - v), hl = len - ll - 2;
        ok = (ll == 0 || parse_date_bound(v, ll, 0, lo) == SK_OK) &&
             (hl == 0 || parse_date_bound(dots + 2, hl, 1, hi) == SK_OK) && (ll || hl);
        if (ok && ll == 0)
            lo[0] = '\0';
        if (ok && hl == 0)
            hi[0] = '\0';
    }
    if (!ok)
        return sk_err_set(p->err, SK_ESYNTAX,
                          "dato: wants a year or a date, or a range like "
                          "2020-01-01..2020-12-31 (got '%.*s')",
                          (int)len, v);
    return sk_xquery_value_range(out, SK_SLOT_DATE, lo[0] ? lo : NULL, hi[0] ? hi : NULL, p->err);
}

/* The case number of a sak: field (out: SK_CASE_NO_SIZE bytes); 0 when its
 * value is not one. */
static int field_case_no(const node *n, char *out)
{
    const node *v = n->kids[0];
    const char *cur = v->text;
    return (v->kind == N_WORD || v->kind == N_PHRASE) &&
           sk_parse_case_no(&cur, v->text + v->len, 1, out) == SK_OK &&
           cur == v->text + v->len;
}

static int build_field(parser *p, const node *n, int positive, sk_xquery **out)
{
    *out = NULL;
    const node *v = n->kids[0];
    if (v->kind != N_WORD && v->kind != N_PHRASE)
        return sk_err_set(p->err, SK_ESYNTAX, "the field '%.*s:' wants a word or a \"phrase\"",
                          (int)n->len, n->text);
    char folded[SK_XAP_MAX_TERM + 1];
    switch (n->fld) {
    case F_DATO: return build_dates(p, v->text, v->len, out);
    case F_SAK: {
        char case_no[SK_CASE_NO_SIZE];
        if (!field_case_no(n, case_no))
            return sk_err_set(p->err, SK_ESYNTAX,
                              "sak: wants a case number like 12/21 (got '%.*s')", (int)v->len,
                              v->text);
        return build_case(p, case_no, positive, out);
    }
    case F_ARKIVSAK: {
        char no[SK_ARCHIVE_NO_SIZE];
        const char *cur = v->text;
        if (v->kind != N_WORD || sk_parse_archive_no(&cur, v->text + v->len, 1, no) != 0 ||
            cur != v->text + v->len)
            return sk_err_set(p->err, SK_ESYNTAX,
                              "arkivsak: wants an archive number like 22/4711 or 22/4711-3 "
                              "(got '%.*s')",
                              (int)v->len, v->text);
        return build_archive(p, no, out);
    }
    case F_ORGAN: {
        int idx = p->bodies ? sk_bodies_find(p->bodies, v->text, v->len) : -1;
        if (idx >= 0)
            return build_body(p, (size_t)idx, out);
        int fn = fold_value(p, v->text, v->len, folded, sizeof folded);
        return fn < 0 ? fn : filter_term(out, SK_PREFIX_BODY, folded, p->err);
    }
    case F_TYPE: {
        int fn = fold_value(p, v->text, v->len, folded, sizeof folded);
        return fn < 0 ? fn : filter_term(out, SK_PREFIX_TYPE, folded, p->err);
    }
    default: {
        field_ctx c = {p, n->fld, positive, {0}};
        int rc = sk_analyse(p->an, SK_MODE_QUERY, v->text, v->len, 1, field_token, &c, p->err);
        if (rc == SK_OK && c.words.n == 0)
            rc = sk_err_set(p->err, SK_ESYNTAX, "the field '%.*s:' has no word to search for",
                            (int)n->len, n->text);
        if (rc == SK_OK)
            rc = qlist_combine(&c.words, SK_XOP_AND, out, p->err);
        qlist_release(&c.words);
        return rc;
    }
    }
}

static int build(parser *p, const node *n, int relaxed, int positive, sk_xquery **out)
{
    *out = NULL;
    switch (n->kind) {
    case N_WORD:
    case N_PHRASE: return build_text(p, n, positive, out);
    case N_CASE: return build_case(p, n->case_no, positive, out);
    case N_SAK: return p->has_case ? SK_OK : build_text(p, n, positive, out);
    case N_ARCHIVE: return build_archive(p, n->archive_no, out);
    case N_ARKIVSAK: return p->has_archive ? SK_OK : build_text(p, n, positive, out);
    case N_FIELD: return build_field(p, n, positive, out);
    case N_BODY: {
        if (p->has_case)
            return build_body(p, n->body, out);
        /* Without a case number a council's name is also a word of the text. */
        qlist alts = {0};
        sk_xquery *words = NULL, *body = NULL;
        int rc = build_text(p, n, positive, &words);
        if (rc == SK_OK)
            rc = qlist_push(&alts, words, p->err);
        if (rc == SK_OK)
            rc = build_body(p, n->body, &body);
        if (rc == SK_OK)
            rc = qlist_push(&alts, body, p->err);
        if (rc == SK_OK)
            rc = qlist_combine(&alts, SK_XOP_OR, out, p->err);
        qlist_release(&alts);
        return rc;
    }
    case N_AND:
    case N_OR: return build_group(p, n, relaxed, positive, out);
    case N_NOT:
        return sk_err_set(p->err, SK_ESYNTAX,
                          "a query cannot only exclude words: put NOT after a word to search for");
    }
    return sk_err_set(p->err, SK_EINTERNAL, "bad query tree");
}

static int content_token(const sk_token *tok, void *payload)
{
    int *found = payload;
    if (!(tok->flags & SK_TOK_SAME_POS) && !sk_analyse_is_stopword(tok->term, tok->term_len))
        *found = 1;
    return 0;
}

/* Does the query hold a word that is not a stop word (outside NOT)? */
static int has_content_word(parser *p, const node *n)
{
    if (n->kind == N_NOT)
        return 0;
    if (n->kind == N_WORD || n->kind == N_PHRASE) {
        int found = 0;
        sk_err ignore = SK_ERR_INIT;
        sk_analyse(p->an, SK_MODE_QUERY, n->text, n->len, 1, content_token, &found, &ignore);
        return found;
    }
    for (size_t i = 0; i < n->n_kids; i++)
        if (has_content_word(p, n->kids[i]))
            return 1;
    return 0;
}

static int has_implicit_and(const node *n)
{
    if (n->kind == N_AND && n->implicit)
        return 1;
    for (size_t i = 0; i < n->n_kids; i++)
        if (has_implicit_and(n->kids[i]))
            return 1;
    return 0;
}

/* Typographic quotes as typed or pasted (“…” „…“ «…» ″) mark phrases too,
 * and Unicode spaces (no-break, thin, ...) separate words like a space. */
char *sk_qparse_plain_quotes(const char *text)
{
    static const char *const quotes[] = {"\xe2\x80\x9c", "\xe2\x80\x9d", "\xe2\x80\x9e",
                                         "\xe2\x80\x9f", "\xc2\xab", "\xc2\xbb", "\xe2\x80\xb3"};
    static const char *const spaces[] = {"\xc2\xa0",     "\xe2\x80\x80", "\xe2\x80\x81",
                                         "\xe2\x80\x82", "\xe2\x80\x83", "\xe2\x80\x84",
                                         "\xe2\x80\x85", "\xe2\x80\x86", "\xe2\x80\x87",
                                         "\xe2\x80\x88", "\xe2\x80\x89", "\xe2\x80\x8a",
                                         "\xe2\x80\xaf", "\xe2\x81\x9f", "\xe3\x80\x80"};
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
        if (n->fld == F_SAK && field_case_no(n, case_no))
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
        rc = sk_err_set(err, SK_ELIMIT, "the query has too many words (%zu; at most %d)",
                        p.n_words, SK_QUERY_MAX_WORDS);
    if (rc == SK_OK) {
        p.skip_stop = has_content_word(&p, tree);
        q->case_lookup = p.has_case && only_case_words(tree);
        rc = p.has_case ? collect_cases(tree, &q->cases, err) : SK_OK;
    }
    if (rc == SK_OK)
        rc = build(&p, tree, 0, 1, &q->strict);
    if (rc == SK_OK && q->strict == NULL)
        rc = sk_err_set(err, SK_ESYNTAX, "the query has no word to search for");
    if (rc == SK_OK && has_implicit_and(tree) && !q->case_lookup) {
        strset keep_t = q->terms, keep_s = q->stems; /* collected once is enough */
        q->terms = (strset){0};
        q->stems = (strset){0};
        p.relaxed_pass = 1;
        rc = build(&p, tree, 1, 1, &q->relaxed);
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
        if (sk_xdb_termfreq(db, term, &freq, err) != SK_OK)
            return -1;
        if (freq > 0)
            return 1;
    }
    return 0;
}

int sk_query_suggest(const sk_query *q, sk_xdb *db, char **out, sk_err *err)
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
        if (!known && (rc = sk_xdb_spelling(db, w->term, 2, &fix, err)) != SK_OK)
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

int sk_query_reparse(const sk_query *q, const char *text, sk_query **out, sk_err *err)
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

size_t sk_query_cases(const sk_query *q, const char **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < q->cases.n && n < max; i++)
        out[n++] = q->cases.items[i];
    return n;
}

size_t sk_query_needles(const sk_query *q, const char **out, size_t max)
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
