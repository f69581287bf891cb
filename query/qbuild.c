/* qbuild.c: the query parser's tree -> Xapian queries (see qparse.c and
 * qparse_int.h): words with their variants and synonyms, phrases, case and
 * archive numbers, councils and fields; strict and relaxed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "saksok/structure/archive.h"
#include "saksok/base/buf.h"
#include "saksok/indexer/segment.h"
#include "saksok/store/terms.h"
#include "qparse_int.h"

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
    return make_term(term, &n, prefix, word, len) ? push_made_term(l, term, n, factor, err) : SK_OK;
}

/* Does the query's index hold a document with term (NUL-terminated)? Yes
 * without an index, and when it cannot tell. */
static int index_holds(const parser *p, const char *term)
{
    size_t freq = 1;
    sk_err ignore = SK_ERR_INIT;
    return p->db == NULL || sk_xdb_termfreq(&freq, p->db, term, &ignore) != SK_OK || freq > 0;
}

/* Weights of the variants of a word relative to the word itself (any
 * inflection: its stem; the exact form adds its own weight on top). */
#define W_PART 0.5     /* the word as a part of a compound */
#define W_TITLE 1.0    /* in the case's title: on top of the text's own weight */
#define W_DECISION 0.5 /* in its decision or proposed decision: likewise */
#define W_ASCII 0.6    /* the word spelt with or without æøå */
#define W_OCR 0.6      /* a word OCR may have damaged into something else */

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
        size_t n = sk_analyse_ascii(ascii, sizeof ascii, tok->term, tok->term_len, which);
        if (n == 0)
            break;
        has_special = 1;
        int sn = sk_analyse_stem(astem, sizeof astem, p->an, ascii, n, err);
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
    int rc =
        sk_analyse(c->p->an, SK_MODE_QUERY, value, strlen(value), 1, phrase_word, &pc, c->p->err);
    sk_xquery *q = NULL;
    if (rc == SK_OK && pc.words.n == 1) {
        char stem[4 * SK_XAP_MAX_TERM];
        int sn = sk_analyse_stem(stem, sizeof stem, c->p->an, value, strlen(value), c->p->err);
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
    int n = sk_analyse_fold(out, size, p->an, text, len, &tmp);
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
    if (sk_parse_date(out, &cur, s + len, 0) != SK_OK || cur != s + len)
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
int sk_qfield_case_no(const node *n, char *out)
{
    const node *v = n->kids[0];
    const char *cur = v->text;
    return (v->kind == N_WORD || v->kind == N_PHRASE) &&
           sk_parse_case_no(out, &cur, v->text + v->len, 1) == SK_OK && cur == v->text + v->len;
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
        if (!sk_qfield_case_no(n, case_no))
            return sk_err_set(p->err, SK_ESYNTAX,
                              "sak: wants a case number like 12/21 (got '%.*s')", (int)v->len,
                              v->text);
        return build_case(p, case_no, positive, out);
    }
    case F_ARKIVSAK: {
        char no[SK_ARCHIVE_NO_SIZE];
        const char *cur = v->text;
        if (v->kind != N_WORD || sk_parse_archive_no(no, &cur, v->text + v->len, 1) != 0 ||
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
int sk_qhas_content_word(parser *p, const node *n)
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
        if (sk_qhas_content_word(p, n->kids[i]))
            return 1;
    return 0;
}

int sk_qhas_implicit_and(const node *n)
{
    if (n->kind == N_AND && n->implicit)
        return 1;
    for (size_t i = 0; i < n->n_kids; i++)
        if (sk_qhas_implicit_and(n->kids[i]))
            return 1;
    return 0;
}

int sk_qbuild(parser *p, const node *n, int relaxed, int positive, sk_xquery **out)
{
    return build(p, n, relaxed, positive, out);
}
