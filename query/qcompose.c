/* qcompose.c: a query read for what it means, put together (see
 * include/saksok/query/qread.h): the words left as written, the name, and the
 * words that weigh without being required are each parsed by qparse.c
 * (from copies of the query with everything else blanked out, so every
 * word keeps its place for spelling suggestions), then joined.
 */
#include <stdlib.h>
#include <string.h>

#include "qparse_int.h"
#include "qread_int.h"
#include "saksok/store/terms.h"

const sk_qreading *sk_query_reading(const sk_query *q)
{
    return q ? q->reading : NULL;
}

/* A copy of st->text with the bytes of other classes made spaces. */
static char *masked(const qread_state *st, char cls)
{
    size_t len = strlen(st->text);
    char *out = malloc(len + 1);
    if (out == NULL)
        return NULL;
    for (size_t i = 0; i < len; i++)
        out[i] = st->mask[i] == cls ? st->text[i] : ' ';
    out[len] = '\0';
    return out;
}

/* Has text a word worth searching (not only stop words)? */
static int has_content(sk_analyser *an, const char *text)
{
    sk_qword w[SK_QWORD_MAX];
    size_t n = sk_qwords(w, SK_QWORD_MAX, text);
    for (size_t i = 0; i < n; i++) {
        char folded[SK_XAP_MAX_TERM + 1];
        sk_err tmp = SK_ERR_INIT;
        int fn = sk_analyse_fold(folded, sizeof folded, an, w[i].s, w[i].len, &tmp);
        if (w[i].locked || (fn > 0 && !sk_analyse_is_stopword(folded, (size_t)fn)))
            return 1;
    }
    return 0;
}

/* Operators, exclusions and brackets: a query written in the query
 * language is taken as written. */
static int uses_operators(const qread_state *st)
{
    if (strpbrk(st->text, "()") != NULL)
        return 1;
    for (size_t i = 0; i < st->n; i++)
        if (st->words[i].locked && st->words[i].s[0] != '"' &&
            memchr(st->words[i].s, ':', st->words[i].len) == NULL &&
            memchr(st->words[i].s, '"', st->words[i].len) == NULL)
            return 1; /* not a phrase's word, not a field: an operator or -word */
    return 0;
}

typedef struct parts {
    sk_query *rest, *name, *opt;
} parts;

static void parts_free(parts *p)
{
    sk_query_free(p->rest);
    sk_query_free(p->name);
    sk_query_free(p->opt);
}

/* Parse the part of class cls (NULL when it holds nothing worth a search). */
static int parse_part(const qread_state *st, char cls, sk_query **out, sk_err *err)
{
    *out = NULL;
    char *text = masked(st, cls);
    if (text == NULL)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    int rc = SK_OK;
    if (has_content(st->an, text) || (cls == CLS_NAME && st->r.has_name))
        rc = sk_query_parse(out, st->an, st->db, st->bodies, text, err);
    free(text);
    return rc;
}

static int term_query(sk_xquery **out, const char *prefix, const char *value, sk_err *err)
{
    char term[SK_XAP_MAX_TERM + 1];
    size_t n = sk_term_make(term, sizeof term, prefix, value);
    return sk_xquery_term(out, term, n, err);
}

/* The name as words of the text, or as the name of an actor. */
static int name_query(const qread_state *st, const sk_query *qn, sk_xquery **out, sk_err *err)
{
    const sk_qreading *r = &st->r;
    sk_xquery *t[2] = {NULL, NULL}, *actor = NULL;
    size_t nt = 0;
    int rc = SK_OK;
    if (r->name_first_only) {
        rc = term_query(&t[nt++], SK_PREFIX_ACTOR_FIRST, r->name_first, err);
    } else {
        rc = term_query(&t[nt++], SK_PREFIX_ACTOR, r->name_first, err);
        if (rc == SK_OK && r->name_last[0])
            rc = term_query(&t[nt++], SK_PREFIX_ACTOR, r->name_last, err);
    }
    if (rc == SK_OK)
        rc = sk_xquery_combine(&actor, SK_XOP_AND, t, nt, err);
    sk_xquery *alts[2] = {qn->strict, actor};
    if (rc == SK_OK)
        rc = sk_xquery_combine(out, SK_XOP_OR, alts, 2, err);
    for (size_t i = 0; i < nt; i++)
        sk_xquery_free(t[i]);
    sk_xquery_free(actor);
    return rc;
}

/* The period's boolean term: what a query of a date alone finds. */
static int date_query(const sk_qreading *r, sk_xquery **out, sk_err *err)
{
    char value[SK_DATE_SIZE];
    int kind = r->date.kind == SK_QDATE_LAST_MEETING ? SK_QDATE_DAY : (int)r->date.kind;
    memcpy(value, r->date.from, SK_DATE_SIZE);
    value[kind == SK_QDATE_YEAR ? 4 : kind == SK_QDATE_MONTH ? 7 : 10] = '\0';
    return term_query(out,
                      kind == SK_QDATE_YEAR    ? SK_PREFIX_YEAR
                      : kind == SK_QDATE_MONTH ? SK_PREFIX_MONTH
                                               : SK_PREFIX_DAY,
                      value, err);
}

/* All of req[0..n) (n >= 1), then weighed by opt when there is one. */
static int join(sk_xquery *const *req, size_t n, sk_xop op, const sk_xquery *opt, sk_xquery **out,
                sk_err *err)
{
    sk_xquery *all = NULL;
    int rc = sk_xquery_combine(&all, op, req, n, err);
    if (rc != SK_OK || opt == NULL) {
        *out = all;
        return rc;
    }
    sk_xquery *pair[2] = {all, (sk_xquery *)opt};
    rc = sk_xquery_combine(out, SK_XOP_AND_MAYBE, pair, 2, err);
    sk_xquery_free(all);
    return rc;
}

/* strict: the rest AND the name (the role words and year weighing);
 * relaxed: the rest's relaxed form OR the name. */
static int compose(sk_query *q, const qread_state *st, const parts *p, sk_err *err)
{
    sk_xquery *name_q = NULL, *req[2], *fallback = NULL;
    size_t n = 0;
    int rc = p->name ? name_query(st, p->name, &name_q, err) : SK_OK;
    const sk_xquery *opt = p->opt ? (p->opt->relaxed ? p->opt->relaxed : p->opt->strict) : NULL;
    if (p->rest)
        req[n++] = p->rest->strict;
    if (name_q)
        req[n++] = name_q;
    if (rc == SK_OK && n == 0 && opt) { /* "referat": the role word is the query */
        req[n++] = p->opt->strict;
        opt = NULL;
    }
    if (rc == SK_OK && n == 0 && st->r.has_date && st->r.date.from[0]) {
        rc = date_query(&st->r, &fallback, err);
        req[n++] = fallback;
    }
    if (rc == SK_OK && n == 0)
        rc = sk_err_set(err, SK_ESYNTAX, "the query has no word to search for");
    if (rc == SK_OK)
        rc = join(req, n, SK_XOP_AND, opt, &q->strict, err);
    const sk_xquery *loose =
        p->rest ? (p->rest->relaxed ? p->rest->relaxed : p->rest->strict) : NULL;
    if (rc == SK_OK && loose && (name_q || p->rest->relaxed)) {
        sk_xquery *alts[2] = {(sk_xquery *)loose, name_q};
        rc = join(alts, name_q ? 2 : 1, SK_XOP_OR, opt, &q->relaxed, err);
    }
    sk_xquery_free(name_q);
    sk_xquery_free(fallback);
    return rc;
}

static int set_add_all(strset *into, const strset *from, sk_err *err)
{
    int rc = SK_OK;
    for (size_t i = 0; i < from->n && rc == SK_OK; i++)
        rc = sk_qstrset_add(into, from->items[i], strlen(from->items[i]), err);
    return rc;
}

static int word_cmp(const void *a, const void *b)
{
    const word_span *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Highlighting, case numbers and spelling of the parts, into q. */
static int absorb(sk_query *q, sk_query *part, sk_err *err)
{
    if (part == NULL)
        return SK_OK;
    int rc = set_add_all(&q->terms, &part->terms, err);
    if (rc == SK_OK)
        rc = set_add_all(&q->stems, &part->stems, err);
    if (rc == SK_OK)
        rc = set_add_all(&q->cases, &part->cases, err);
    if (rc != SK_OK || part->n_words == 0)
        return rc;
    word_span *w = realloc(q->words, (q->n_words + part->n_words) * sizeof *w);
    if (w == NULL)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    memcpy(w + q->n_words, part->words, part->n_words * sizeof *w);
    q->words = w;
    q->n_words += part->n_words;
    free(part->words);
    part->words = NULL;
    part->n_words = 0;
    qsort(q->words, q->n_words, sizeof *q->words, word_cmp);
    return SK_OK;
}

/* The query read: q takes st's text. */
static int assemble(sk_query **out, qread_state *st, sk_err *err)
{
    parts p = {NULL, NULL, NULL};
    int rc = parse_part(st, CLS_REST, &p.rest, err);
    if (rc == SK_OK)
        rc = parse_part(st, CLS_NAME, &p.name, err);
    if (rc == SK_OK)
        rc = parse_part(st, CLS_OPTIONAL, &p.opt, err);
    sk_query *q = rc == SK_OK ? calloc(1, sizeof *q) : NULL;
    if (rc == SK_OK && (q == NULL || (q->reading = malloc(sizeof *q->reading)) == NULL))
        rc = sk_err_set(err, SK_ENOMEM, "out of memory");
    if (rc == SK_OK) {
        *q->reading = st->r;
        q->text = (char *)st->text;
        st->text = NULL;
        q->an = st->an;
        q->db = st->db;
        q->bodies = st->bodies;
        q->read_on = 1;
        q->case_lookup = p.rest && p.rest->case_lookup && !p.name && !p.opt;
        rc = compose(q, st, &p, err);
    }
    if (rc == SK_OK)
        rc = absorb(q, p.rest, err);
    if (rc == SK_OK)
        rc = absorb(q, p.name, err);
    if (rc == SK_OK)
        rc = absorb(q, p.opt, err);
    parts_free(&p);
    if (rc != SK_OK) {
        sk_query_free(q);
        return rc;
    }
    *out = q;
    return SK_OK;
}

int sk_query_parse_read(sk_query **out, sk_analyser *an, sk_xdb *db, const sk_bodies *bodies,
                        const char *text, sk_err *err)
{
    *out = NULL;
    size_t len = strlen(text);
    qread_state st = {.an = an, .db = db, .bodies = bodies};
    char *plain = len <= SK_QUERY_MAX_BYTES ? sk_qparse_plain_quotes(text) : NULL;
    st.text = plain;
    st.mask = plain ? calloc(strlen(plain) + 1, 1) : NULL;
    sk_qdate_today(st.today);
    int read = st.mask && qread_words(&st) && !uses_operators(&st);
    int rc = SK_OK;
    if (read) {
        sk_err first = SK_ERR_INIT;
        rc = assemble(out, &st, &first);
        if (rc != SK_OK && rc != SK_ENOMEM)
            read = 0; /* what was read left no query: take it as written */
        else if (rc != SK_OK)
            sk_err_set(err, first.code, "%s", first.msg);
    }
    if (!read) {
        rc = sk_query_parse(out, an, db, bodies, text, err);
        if (rc == SK_OK)
            (*out)->read_on = 1;
    }
    free((char *)st.text);
    free(st.mask);
    return rc;
}
