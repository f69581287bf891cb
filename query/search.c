/* search.c: running a query against the index (see include/saksok/query/search.h). */
#include "saksok/query/search.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "saksok/analysis/analyse.h"
#include "saksok/store/docdata.h"
#include "saksok/store/docmeta.h"
#include "saksok/query/qread.h"
#include "saksok/structure/segment_parse.h"
#include "saksok/query/snippet.h"
#include "saksok/store/terms.h"

#define MAX_REOPEN_RETRIES 5

int sk_search_open(sk_xdb **out, const char *path, sk_err *err)
{
    int rc = sk_xdb_open(out, path, err);
    if (rc != SK_OK)
        sk_err_prefix(err, "cannot open index %s", path);
    return rc;
}

int sk_search_open_shards(sk_xdb **out, const char *const *paths, size_t n, double timeout,
                          sk_err *err)
{
    *out = NULL;
    sk_shard_list shards = {0};
    int rc = SK_OK;
    for (size_t i = 0; i < n && rc == SK_OK; i++)
        if ((rc = sk_shard_list_add(&shards, paths[i], err)) != SK_OK)
            sk_err_prefix(err, "cannot open index");
    if (rc == SK_OK && (rc = sk_xdb_open_shards(out, shards.v, shards.n, timeout, err)) != SK_OK)
        sk_err_prefix(err, "cannot open index %s%s", paths[0], n > 1 ? " ..." : "");
    sk_shard_list_release(&shards);
    return rc;
}

int sk_search_missing(char ***out, size_t *n_out, const sk_xdb *db, sk_err *err)
{
    size_t n = sk_xdb_missing_count(db);
    if (n == 0)
        return SK_OK;
    if ((*out = calloc(n, sizeof **out)) == NULL)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    for (; *n_out < n; (*n_out)++)
        if (((*out)[*n_out] = strdup(sk_xdb_missing_name(db, *n_out))) == NULL)
            return sk_err_set(err, SK_ENOMEM, "out of memory");
    return SK_OK;
}

/* The part of text (len bytes) a snippet for q is cut from: the window
 * sk_snippet_make() chooses, so a hit need not keep its whole text. */
static int keep_excerpt(sk_hit *h, const sk_query *q, const char *text, size_t len, sk_err *err)
{
    sk_snippet s;
    int rc = sk_snippet_make(&s, sk_query_analyser(q), q, text, len, SK_SNIPPET_BYTES, err);
    if (rc != SK_OK)
        return rc;
    size_t a = s.start, b = s.end < len ? s.end : len;
    h->text = strndup(text + a, b - a);
    h->text_at = a;
    h->text_cut_before = a > 0;
    h->text_cut_after = b < len;
    /* The marks, relative to the window: rendering need not analyse again. */
    for (size_t i = 0; i < s.n_marks; i++) {
        s.marks[i].start -= a;
        s.marks[i].end -= a;
    }
    h->marks = s.marks;
    h->n_marks = s.n_marks;
    h->have_marks = 1;
    s.marks = NULL;
    sk_snippet_release(&s);
    return h->text ? SK_OK : sk_err_set(err, SK_ENOMEM, "out of memory");
}

int sk_search_read_section(sk_docmeta *meta, const char **text, size_t *text_len,
                           sk_docdata_reader *rd, const char *data, size_t len, sk_err *err)
{
    const char *m;
    size_t m_len;
    int rc = sk_docdata_read(rd, data, len, &m, &m_len, text, text_len, err);
    return rc == SK_OK ? sk_docmeta_decode(meta, m, m_len, err) : rc;
}

static int fill_hit(sk_hit *h, const sk_query *q, sk_docdata_reader *rd, const char *data,
                    size_t len, sk_err *err)
{
    const char *text;
    size_t text_len;
    sk_docmeta m;
    int rc = sk_search_read_section(&m, &text, &text_len, rd, data, len, err);
    if (rc != SK_OK)
        return rc;
    h->file = sk_str_dup(m.file);
    h->format = sk_str_dup(m.format);
    h->title = sk_str_dup(m.title);
    h->doc_title = sk_str_dup(m.doc_title);
    h->body = sk_str_dup(m.body);
    h->meeting_date = sk_str_dup(m.meeting_date);
    h->meeting_no = sk_str_dup(m.meeting_no);
    h->case_no = sk_str_dup(m.case_no);
    h->role = sk_str_dup(m.role);
    h->type = sk_str_dup(m.type);
    h->presenter = sk_str_dup(m.presenter);
    h->sender = sk_str_dup(m.sender);
    h->case_officer = sk_str_dup(m.case_officer);
    h->minute_taker = sk_str_dup(m.minute_taker);
    h->proposed_decision = sk_str_dup(m.proposed_decision);
    h->decision = sk_str_dup(m.decision);
    h->archive_no = sk_str_dup(m.archive_no);
    h->ocr = m.ocr;
    h->page_from = m.page_from;
    h->page_to = m.page_to;
    rc = keep_excerpt(h, q, text, text_len, err);
    if (m.n_page_marks) { /* the hit takes the page marks over */
        h->page_marks = m.page_marks;
        h->n_page_marks = m.n_page_marks;
        m.page_marks = NULL;
    }
    sk_docmeta_release(&m);
    if (rc != SK_OK)
        return rc;
    if (h->file == NULL)
        return sk_err_set(err, SK_ECORRUPT, "stored document data lacks the file");
    return SK_OK;
}

/* The hit's id and "added" stamp, from their value slots (terms.h); a
 * section indexed before they were has neither, and a value that is not
 * one is taken as none. */
static int hit_values(sk_hit *h, sk_xmset *m, size_t i, sk_err *err)
{
    char v[64];
    int n = sk_xmset_value(v, sizeof v, m, i, SK_SLOT_HIT_ID, err);
    if (n >= 0 && sk_hit_id_valid(v))
        memcpy(h->id, v, SK_HIT_ID_SIZE);
    if (n >= 0)
        n = sk_xmset_value(v, sizeof v, m, i, SK_SLOT_ADDED, err);
    if (n >= 0 && sk_stamp_valid(v))
        memcpy(h->added, v, SK_STAMP_SIZE);
    return n < 0 ? n : SK_OK;
}

static void hit_release(sk_hit *h)
{
    char *fields[] = {
        h->file,       h->format,     h->title, h->doc_title, h->body,         h->meeting_date,
        h->meeting_no, h->case_no,    h->role,  h->type,      h->presenter,    h->proposed_decision,
        h->decision,   h->archive_no, h->text,  h->sender,    h->case_officer, h->minute_taker};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        free(fields[i]);
    free(h->page_marks);
    free(h->marks);
}

int sk_hit_page_at(const sk_hit *h, size_t offset)
{
    int page = h->page_from;
    for (size_t i = 0; i < h->n_page_marks && h->page_marks[i].offset <= offset; i++)
        page = h->page_marks[i].number;
    return page;
}

void sk_results_release(sk_results *r)
{
    for (size_t i = 0; i < r->n_hits; i++)
        hit_release(&r->hits[i]);
    free(r->hits);
    free(r->suggestion);
    for (size_t i = 0; i < r->n_missing; i++)
        free(r->missing[i]);
    free(r->missing);
    for (int f = 0; f < SK_N_FACETS; f++) {
        for (size_t i = 0; i < r->facets[f].n; i++)
            free(r->facets[f].values[i].value);
        free(r->facets[f].values);
    }
    memset(r, 0, sizeof *r);
}

typedef struct facet_ctx {
    sk_facet *facet;
    sk_err *err;
} facet_ctx;

static int add_facet_value(const char *value, size_t len, size_t count, void *payload)
{
    facet_ctx *c = payload;
    if (len == 0)
        return 0;
    sk_facet_value *v = realloc(c->facet->values, (c->facet->n + 1) * sizeof *v);
    if (v == NULL)
        return sk_err_set(c->err, SK_ENOMEM, "out of memory");
    c->facet->values = v;
    v[c->facet->n].value = strndup(value, len);
    v[c->facet->n].count = count;
    if (v[c->facet->n].value == NULL)
        return sk_err_set(c->err, SK_ENOMEM, "out of memory");
    c->facet->n++;
    return 0;
}

static const int facet_slots[SK_N_FACETS] = {SK_SLOT_BODY, SK_SLOT_YEAR, SK_SLOT_TYPE};
/* The same values as boolean terms (folded), for sk_xdb_search's facet table. */
static const char *const facet_prefixes[SK_N_FACETS] = {SK_PREFIX_BODY, SK_PREFIX_YEAR,
                                                        SK_PREFIX_TYPE};

/* ---- the tiers of a case-number query ----
 *
 * A query that asks for a case number ("sak 22/23", "NUIT 13/21
 * finansiering") lists, strictly in this order: the case's own papers, its
 * minutes, its agenda rows, then the sections that only mention the number
 * (mentions, and other cases' or pages' text quoting it), then the rest (a
 * relaxed query's other matches). A council named beside the number is a
 * filter (qparse.c), so every tier is that council's; without one, the cases
 * of that number of every council are "own". Within a tier: relevance, or
 * for a bare case number the role rank (the fuller paper first). */
enum { TIER_OWN_CASE, TIER_OWN_MINUTES, TIER_OWN_AGENDA, TIER_MENTION, N_OWN_TIERS = 3 };

#define MAX_TIERED_CASES 4
#define RULES_PER_CASE (N_OWN_TIERS + 2)

typedef struct case_tiers {
    sk_xtier rules[MAX_TIERED_CASES * RULES_PER_CASE]; /* point into the arrays below */
    size_t n;
    char role_term[N_OWN_TIERS][SK_XAP_MAX_TERM + 1];
    char case_term[MAX_TIERED_CASES][SK_XAP_MAX_TERM + 1]; /* XC13/21: the section's case */
    char text_term[MAX_TIERED_CASES][SK_XAP_MAX_TERM + 1]; /* 13/21 in its text */
} case_tiers;

/* prefix + value folded as the index folds it into term (SK_XAP_MAX_TERM + 1
 * bytes); 0 when value cannot be a term. */
static size_t folded_term(char *term, const char *prefix, const char *value)
{
    char folded[SK_XAP_MAX_TERM + 1];
    sk_err tmp = SK_ERR_INIT;
    int fn = sk_analyse_fold(folded, sizeof folded, NULL, value, strlen(value), &tmp);
    return fn > 0 ? sk_term_make(term, SK_XAP_MAX_TERM + 1, prefix, folded) : 0;
}

/* The rules for q's case numbers; t->n = 0 when it asks for none. t must
 * stay where it is while the rules are used. */
static void case_tiers_make(case_tiers *t, const sk_query *q)
{
    /* by tier; sk_role_name()'s names, which the index holds as XL terms */
    static const char *const own_roles[N_OWN_TIERS] = {"case", "minutes", "agenda"};
    const char *cases[MAX_TIERED_CASES];
    size_t n_cases = sk_query_cases(cases, MAX_TIERED_CASES, q);
    t->n = 0;
    if (n_cases == 0)
        return;
    for (size_t r = 0; r < N_OWN_TIERS; r++)
        if (folded_term(t->role_term[r], SK_PREFIX_ROLE, own_roles[r]) == 0)
            return;
    for (size_t i = 0; i < n_cases; i++) {
        /* As the query searches them (qparse.c): the number as parsed. */
        sk_term_make(t->case_term[i], sizeof t->case_term[i], SK_PREFIX_CASE, cases[i]);
        sk_term_make(t->text_term[i], sizeof t->text_term[i], "", cases[i]);
        for (unsigned r = 0; r < N_OWN_TIERS; r++)
            t->rules[t->n++] = (sk_xtier){{t->case_term[i], t->role_term[r]}, r};
        t->rules[t->n++] = (sk_xtier){{t->case_term[i], NULL}, TIER_MENTION};
        t->rules[t->n++] = (sk_xtier){{t->text_term[i], NULL}, TIER_MENTION};
    }
}

/* The order of q's hits: a case number's tiers, else the preferences of
 * how its plain words were read (qread.h), else none. */
typedef struct hit_order {
    case_tiers cases;
    sk_qread_tiers reading;
    const sk_xtier *rules;
    size_t n;
    int by_date;   /* newest meeting first instead: no tiers */
    int sort_slot; /* -1: relevance within the tiers (or the date) */
} hit_order;

/* How a search orders its hits (sk_search_opts). */
enum { ORDER_RELEVANCE, ORDER_DATE, ORDER_NEWEST };

static void order_make(hit_order *t, const sk_query *q, int order)
{
    case_tiers_make(&t->cases, q);
    sk_qreading_tiers(&t->reading, sk_query_reading(q));
    int cases = t->cases.n > 0;
    t->rules = cases ? t->cases.rules : t->reading.n ? t->reading.rules : NULL;
    t->n = cases ? t->cases.n : t->reading.n;
    t->by_date = order == ORDER_DATE;
    t->sort_slot = cases && sk_query_case_lookup(q) ? SK_SLOT_ROLE_RANK : -1;
    if (order == ORDER_NEWEST) { /* a feed: time alone orders */
        t->rules = NULL;
        t->n = 0;
        t->sort_slot = SK_SLOT_NEWEST;
    }
    if (t->by_date) {
        t->rules = NULL;
        t->n = 0;
    }
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* SK_ETIMEOUT once the deadline (0: none) has passed; else the seconds left
 * in *left (0 without a deadline). */
static int time_left(double deadline, double *left, sk_err *err)
{
    *left = 0;
    if (deadline <= 0)
        return SK_OK;
    *left = deadline - now_seconds();
    return *left > 0 ? SK_OK : sk_err_set(err, SK_ETIMEOUT, "the search took too long");
}

static int run(sk_results *out, sk_xdb *db, sk_docdata_reader *rd, const sk_query *q,
               const sk_xquery *xq, const sk_xquery *filter, const hit_order *tiers, size_t offset,
               size_t limit, double deadline, sk_err *err)
{
    sk_xsearch_opts opts = SK_XSEARCH_OPTS_INIT;
    int trc = time_left(deadline, &opts.time_limit, err);
    if (trc != SK_OK)
        return trc;
    opts.offset = offset;
    opts.limit = limit;
    opts.filter = filter;
    opts.collapse_slot = SK_SLOT_COLLAPSE;
    opts.tiers = tiers->rules;
    opts.n_tiers = tiers->n;
    opts.sort_slot = tiers->by_date ? SK_SLOT_DATE : tiers->sort_slot;
    opts.sort_reverse = tiers->by_date;
    opts.n_facets = SK_N_FACETS;
    for (int f = 0; f < SK_N_FACETS; f++) {
        opts.facet_slots[f] = facet_slots[f];
        opts.facet_prefixes[f] = facet_prefixes[f];
    }
    sk_xmset *m = NULL;
    int rc = sk_xdb_search(&m, db, xq, &opts, err);
    double left;
    if (rc == SK_OK) /* a match cut by the time limit is not an answer */
        rc = time_left(deadline, &left, err);
    if (rc != SK_OK) {
        sk_xmset_free(m);
        return rc;
    }
    for (int f = 0; f < SK_N_FACETS && rc == SK_OK; f++) {
        facet_ctx fc = {&out->facets[f], err};
        rc = sk_xmset_facet(m, (size_t)f, add_facet_value, &fc, err);
    }
    size_t n = sk_xmset_size(m);
    out->total = sk_xmset_total(m);
    out->hits = n ? calloc(n, sizeof *out->hits) : NULL;
    if (n && out->hits == NULL)
        rc = sk_err_set(err, SK_ENOMEM, "out of memory");
    double max = sk_xmset_max_weight(m);
    for (size_t i = 0; i < n && rc == SK_OK; i++) {
        const char *data;
        size_t len;
        rc = sk_xmset_data(m, i, &data, &len, err);
        sk_hit *h = &out->hits[i];
        if (rc == SK_OK)
            rc = fill_hit(h, q, rd, data, len, err);
        if (rc == SK_OK)
            rc = hit_values(h, m, i, err);
        h->rank = offset + i + 1;
        h->score = max > 0 ? sk_xmset_weight(m, i) / max : 0.0;
        out->n_hits = i + 1;
    }
    sk_xmset_free(m);
    return rc;
}

static void reset_facet_names(sk_results *r)
{
    for (int f = 0; f < SK_N_FACETS; f++)
        r->facets[f].name = sk_facets[f].name;
}

/* ---- filters ---- */

static int push_query(sk_xquery ***list, size_t *n, sk_xquery *q, sk_err *err)
{
    sk_xquery **l = realloc(*list, (*n + 1) * sizeof *l);
    if (l == NULL) {
        sk_xquery_free(q);
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    }
    l[(*n)++] = q;
    *list = l;
    return SK_OK;
}

/* Bytes of the first 40 characters of s: a message quotes a value that far,
 * never cutting a character. */
static int quoted_len(const char *s)
{
    size_t i = 0;
    for (int chars = 0; s[i] && chars < 40; chars++)
        for (i++; ((unsigned char)s[i] & 0xC0) == 0x80; i++)
            ;
    return (int)i;
}

static int push_filter_term(sk_xquery ***list, size_t *n, const char *prefix, const char *value,
                            sk_err *err)
{
    char term[SK_XAP_MAX_TERM + 1];
    size_t len = folded_term(term, prefix, value);
    if (len == 0)
        return sk_err_set(err, SK_EINVAL, "the filter value '%.*s' is not valid", quoted_len(value),
                          value);
    sk_xquery *q = NULL;
    int rc = sk_xquery_term(&q, term, len, err);
    return rc == SK_OK ? push_query(list, n, q, err) : rc;
}

static int check_date(const char *what, const char *v, sk_err *err)
{
    char out[SK_DATE_SIZE];
    const char *cur = v;
    if (sk_parse_date(out, &cur, v + strlen(v), 0) != SK_OK || *cur != '\0' || strcmp(out, v) != 0)
        return sk_err_set(err, SK_EINVAL, "%s wants a date as YYYY-MM-DD, not '%.*s'", what,
                          quoted_len(v), v);
    return SK_OK;
}

/* The filters of opts as one query, or *out = NULL when there are none. */
static int build_filter(const sk_search_opts *opts, sk_xquery **out, sk_err *err)
{
    *out = NULL;
    sk_xquery **list = NULL;
    size_t n = 0;
    int rc = SK_OK;
    if (opts->year && *opts->year) {
        int ok = strlen(opts->year) == 4;
        for (size_t i = 0; ok && i < 4; i++)
            ok = opts->year[i] >= '0' && opts->year[i] <= '9';
        rc = ok ? push_filter_term(&list, &n, SK_PREFIX_YEAR, opts->year, err)
                : sk_err_set(err, SK_EINVAL, "year wants four digits, not '%.*s'",
                             quoted_len(opts->year), opts->year);
    }
    if (rc == SK_OK && opts->body && *opts->body)
        rc = push_filter_term(&list, &n, SK_PREFIX_BODY, opts->body, err);
    if (rc == SK_OK && opts->type && *opts->type)
        rc = push_filter_term(&list, &n, SK_PREFIX_TYPE, opts->type, err);
    const char *from = opts->from && *opts->from ? opts->from : NULL;
    const char *to = opts->to && *opts->to ? opts->to : NULL;
    if (rc == SK_OK && from)
        rc = check_date("--from", from, err);
    if (rc == SK_OK && to)
        rc = check_date("--to", to, err);
    if (rc == SK_OK && (from || to)) {
        sk_xquery *q = NULL;
        rc = sk_xquery_value_range(&q, SK_SLOT_DATE, from, to, err);
        if (rc == SK_OK)
            rc = push_query(&list, &n, q, err);
    }
    if (rc == SK_OK && opts->added_since) {
        char after[SK_STAMP_SIZE];
        sk_xquery *q = NULL;
        if (!sk_stamp_valid(opts->added_since))
            rc = sk_err_set(err, SK_EINVAL, "--added-since wants a time, not '%.40s'",
                            opts->added_since);
        if (rc == SK_OK) {
            sk_stamp_next(after, opts->added_since);
            rc = sk_xquery_value_range(&q, SK_SLOT_ADDED, after, NULL, err);
        }
        if (rc == SK_OK)
            rc = push_query(&list, &n, q, err);
    }
    if (rc == SK_OK && n)
        rc = sk_xquery_combine(out, SK_XOP_AND, list, n, err);
    if (rc == SK_OK && opts->exclude) { /* what remains of everything (or the filters) */
        sk_xquery *all = *out, *pair[2] = {NULL, (sk_xquery *)opts->exclude};
        *out = NULL;
        rc = all ? SK_OK : sk_xquery_value_range(&all, SK_SLOT_DATE, NULL, NULL, err);
        pair[0] = all;
        if (rc == SK_OK)
            rc = sk_xquery_combine(out, SK_XOP_AND_NOT, pair, 2, err);
        sk_xquery_free(all);
    }
    for (size_t i = 0; i < n; i++)
        sk_xquery_free(list[i]);
    free(list);
    return rc;
}

/* ---- a case's decision from its minutes ---- */

/* A case hit without a decision shows the one its minutes recorded, if the
 * index has them (the minutes may be in a later meeting's bundle, or in a
 * protocol apart from the case paper); a minutes hit without a proposal
 * shows the one its case paper made. Hits of the same case (its papers,
 * copies) share one lookup. */
typedef struct decision_seen {
    const char *case_no, *body; /* borrowed from the hit that asked first */
    const char *role;           /* the role looked up: "minutes" or "case" */
    char *decision;             /* NULL: none recorded there */
} decision_seen;

/* The decision (role "minutes") or proposal (role "case") the index holds
 * for the case: *out, or NULL. */
static int related_decision(sk_xdb *db, sk_docdata_reader *rd, const char *case_no,
                            const char *body, const char *role, char **out, sk_err *err)
{
    *out = NULL;
    sk_xquery **list = NULL;
    size_t n = 0;
    int rc = push_filter_term(&list, &n, SK_PREFIX_CASE, case_no, err);
    if (rc == SK_OK)
        rc = push_filter_term(&list, &n, SK_PREFIX_BODY, body, err);
    if (rc == SK_OK)
        rc = push_filter_term(&list, &n, SK_PREFIX_ROLE, role, err);
    sk_xquery *q = NULL;
    if (rc == SK_OK)
        rc = sk_xquery_combine(&q, SK_XOP_AND, list, n, err);
    for (size_t k = 0; k < n; k++)
        sk_xquery_free(list[k]);
    free(list);
    sk_xsearch_opts xo = SK_XSEARCH_OPTS_INIT;
    xo.limit = 5;
    sk_xmset *m = NULL;
    if (rc == SK_OK)
        rc = sk_xdb_search(&m, db, q, &xo, err);
    sk_xquery_free(q);
    for (size_t k = 0; rc == SK_OK && k < sk_xmset_size(m) && *out == NULL; k++) {
        const char *data;
        size_t len;
        const char *meta = NULL, *text;
        size_t meta_len = 0, text_len;
        rc = sk_xmset_data(m, k, &data, &len, err);
        if (rc == SK_OK)
            rc = sk_docdata_read(rd, data, len, &meta, &meta_len, &text, &text_len, err);
        sk_docmeta dm;
        sk_err ignore = SK_ERR_INIT; /* damaged minutes: no decision from them */
        if (rc == SK_OK && sk_docmeta_decode(&dm, meta, meta_len, &ignore) == SK_OK) {
            sk_str v = strcmp(role, "minutes") == 0 ? dm.decision : dm.proposed_decision;
            if (v.s && (*out = sk_str_dup(v)) == NULL)
                rc = sk_err_set(err, SK_ENOMEM, "out of memory");
            sk_docmeta_release(&dm);
        }
    }
    sk_xmset_free(m);
    return rc;
}

static int add_decisions(sk_results *r, sk_xdb *db, sk_docdata_reader *rd, sk_err *err)
{
    int rc = SK_OK;
    decision_seen seen[SK_SEARCH_MAX_LIMIT];
    size_t n_seen = 0;
    for (size_t i = 0; i < r->n_hits && rc == SK_OK; i++) {
        sk_hit *h = &r->hits[i];
        if (!h->case_no || !h->body || !h->role)
            continue;
        int is_minutes = strcmp(h->role, "minutes") == 0;
        char **field = is_minutes ? &h->proposed_decision : &h->decision;
        if (*field ||
            (!is_minutes && strcmp(h->role, "case") != 0 && strcmp(h->role, "agenda") != 0))
            continue;
        const char *role = is_minutes ? "case" : "minutes";
        size_t k = 0;
        while (k < n_seen &&
               (strcmp(seen[k].case_no, h->case_no) != 0 || strcmp(seen[k].body, h->body) != 0 ||
                strcmp(seen[k].role, role) != 0))
            k++;
        if (k == n_seen) {
            char *d = NULL;
            rc = related_decision(db, rd, h->case_no, h->body, role, &d, err);
            if (rc != SK_OK)
                break;
            seen[n_seen++] = (decision_seen){h->case_no, h->body, role, d};
        }
        if (seen[k].decision) {
            *field = strdup(seen[k].decision);
            if (*field == NULL)
                rc = sk_err_set(err, SK_ENOMEM, "out of memory");
            *(is_minutes ? &h->proposal_from_case : &h->decision_from_minutes) = 1;
        }
    }
    for (size_t k = 0; k < n_seen; k++)
        free(seen[k].decision);
    return rc;
}

static int order_of(const sk_search_opts *o)
{
    return o->newest ? ORDER_NEWEST : o->sort_date ? ORDER_DATE : ORDER_RELEVANCE;
}

/* What search_once() runs: every word (strict), any word (relaxed), or the
 * relaxed query when the strict one finds nothing (both). */
enum { PASS_STRICT = 1, PASS_RELAXED = 2, PASS_BOTH = 3 };

/* Run q as passes says, retrying when the index changed under us. */
static int search_once(sk_results *out, sk_xdb *db, sk_docdata_reader *rd, const sk_query *q,
                       const sk_xquery *filter, int passes, size_t offset, size_t limit, int order,
                       double deadline, sk_err *err)
{
    hit_order tiers;
    order_make(&tiers, q, order);
    for (int attempt = 0;; attempt++) {
        sk_err e = SK_ERR_INIT;
        int rc = SK_OK;
        if (passes & PASS_STRICT)
            rc = run(out, db, rd, q, sk_query_strict(q), filter, &tiers, offset, limit, deadline,
                     &e);
        if (rc == SK_OK && (passes & PASS_RELAXED) &&
            (!(passes & PASS_STRICT) || out->total == 0) && sk_query_relaxed(q) != NULL) {
            sk_results_release(out);
            reset_facet_names(out);
            rc = run(out, db, rd, q, sk_query_relaxed(q), filter, &tiers, offset, limit, deadline,
                     &e);
            out->relaxed = 1;
        }
        if (rc == SK_OK)
            rc = add_decisions(out, db, rd, &e);
        if (rc == SK_EMODIFIED && attempt < MAX_REOPEN_RETRIES) {
            sk_results_release(out);
            reset_facet_names(out);
            sk_err re = SK_ERR_INIT;
            if (sk_xdb_reopen(db, &re) != SK_OK)
                return sk_err_set(err, re.code, "%s", re.msg);
            continue;
        }
        if (rc != SK_OK) {
            sk_results_release(out);
            reset_facet_names(out);
            return sk_err_set(err, e.code, "%s", e.msg);
        }
        out->offset = offset;
        out->limit = limit;
        return SK_OK;
    }
}

int sk_search(sk_results *out, sk_xdb *db, const sk_query *q, const sk_search_opts *opts,
              sk_err *err)
{
    memset(out, 0, sizeof *out);
    reset_facet_names(out);
    size_t offset = opts->offset, limit = opts->limit;
    double deadline = opts->seconds > 0 ? now_seconds() + opts->seconds : 0;
    if (limit > SK_SEARCH_MAX_LIMIT)
        return sk_err_set(err, SK_ELIMIT, "at most %d hits per page", SK_SEARCH_MAX_LIMIT);
    sk_xquery *filter = NULL;
    sk_docdata_reader *own = NULL, *rd = opts->reader;
    int rc = rd ? SK_OK : sk_docdata_reader_new(&own, err);
    if (rd == NULL)
        rd = own;
    if (rc == SK_OK) {
        sk_docdata_reader_bind(rd, db); /* its dictionary comes from db */
        rc = build_filter(opts, &filter, err);
    }
    /* A likely spelling (of words the index does not know) is tried before
     * the relaxed query: when it finds every word, the relaxed search would
     * be thrown away. */
    char *suggestion = NULL;
    sk_err serr = SK_ERR_INIT;
    if (rc == SK_OK && sk_query_suggest(&suggestion, q, db, &serr) != SK_OK)
        suggestion = NULL; /* a suggestion is a courtesy: never fail the search for it */
    if (rc == SK_OK)
        rc = search_once(out, db, rd, q, filter, suggestion ? PASS_STRICT : PASS_BOTH, offset,
                         limit, order_of(opts), deadline, err);
    /* Nothing found with every word, but a likely spelling: show what the
     * spelling finds if it finds every word; else the relaxed query's hits,
     * or the spelling's relaxed hits when those are all there is. */
    sk_query *q2 = NULL;
    if (rc == SK_OK && out->total == 0 && suggestion) {
        sk_results corrected;
        memset(&corrected, 0, sizeof corrected);
        reset_facet_names(&corrected);
        int found = sk_query_reparse(&q2, q, suggestion, &serr) == SK_OK &&
                    search_once(&corrected, db, rd, q2, filter, PASS_BOTH, offset, limit,
                                order_of(opts), deadline, &serr) == SK_OK &&
                    corrected.total > 0;
        if (!found || corrected.relaxed) {
            sk_results_release(out);
            reset_facet_names(out);
            rc = search_once(out, db, rd, q, filter, PASS_RELAXED, offset, limit, order_of(opts),
                             deadline, err);
        }
        if (rc == SK_OK && found && (!corrected.relaxed || out->total == 0)) {
            sk_results_release(out);
            *out = corrected;
            out->corrected = 1;
        } else {
            sk_results_release(&corrected);
        }
    }
    sk_query_free(q2);
    sk_xquery_free(filter);
    sk_docdata_reader_free(own);
    if (rc == SK_OK)
        rc = sk_search_missing(&out->missing, &out->n_missing, db, err);
    if (rc == SK_OK)
        out->suggestion = suggestion;
    else
        free(suggestion);
    return rc;
}

/* ---- more like this ---- */

/* What is never a similar hit: the hit (its id term) and the sections of
 * its case (keys: its case and council terms, "\n"-separated). */
static int similar_exclude(sk_xquery **out, const char *idterm, const char *keys, sk_err *err)
{
    *out = NULL;
    sk_xquery *id = NULL, *case_q = NULL, *parts[2] = {NULL, NULL};
    size_t n = 0;
    int rc = sk_xquery_term(&id, idterm, strlen(idterm), err);
    for (const char *p = keys; rc == SK_OK && p && *p;) {
        size_t len = strcspn(p, "\n");
        int is_case = strncmp(p, SK_PREFIX_CASE, strlen(SK_PREFIX_CASE)) == 0;
        if (n < 2 && (is_case || strncmp(p, SK_PREFIX_BODY, strlen(SK_PREFIX_BODY)) == 0)) {
            rc = sk_xquery_term(&parts[n], p, len, err);
            n += rc == SK_OK;
        }
        p += len + (p[len] == '\n');
    }
    /* a case number alone (a council unknown) is the case as far as it is known */
    int has_case =
        keys && (strncmp(keys, SK_PREFIX_CASE, 2) == 0 || strstr(keys, "\n" SK_PREFIX_CASE));
    if (rc == SK_OK && has_case)
        rc = sk_xquery_combine(&case_q, SK_XOP_AND, parts, n, err);
    sk_xquery *either[2] = {id, case_q};
    if (rc == SK_OK)
        rc = sk_xquery_combine(out, SK_XOP_OR, either, case_q ? 2 : 1, err);
    sk_xquery_free(id);
    sk_xquery_free(case_q);
    for (size_t i = 0; i < n; i++)
        sk_xquery_free(parts[i]);
    return rc;
}

/* One hit per case: the first (best) of each council and case number. */
static void one_per_case(sk_results *r, size_t offset, size_t limit)
{
    size_t kept = 0, groups = 0;
    for (size_t i = 0; i < r->n_hits; i++) {
        sk_hit *h = &r->hits[i];
        int dup = 0;
        for (size_t k = 0; k < kept && h->case_no && !dup; k++)
            dup = r->hits[k].case_no && strcmp(r->hits[k].case_no, h->case_no) == 0 &&
                  ((h->body == NULL && r->hits[k].body == NULL) ||
                   (h->body && r->hits[k].body && strcmp(h->body, r->hits[k].body) == 0));
        if (dup) {
            hit_release(h);
            continue;
        }
        groups++;
        r->hits[kept++] = *h;
    }
    /* the page asked for, of the cases */
    size_t from = offset < kept ? offset : kept, to = from + limit < kept ? from + limit : kept;
    for (size_t i = 0; i < from; i++)
        hit_release(&r->hits[i]);
    for (size_t i = to; i < kept; i++)
        hit_release(&r->hits[i]);
    memmove(r->hits, r->hits + from, (to - from) * sizeof *r->hits);
    r->n_hits = to - from;
    for (size_t i = 0; i < r->n_hits; i++)
        r->hits[i].rank = offset + i + 1;
    r->offset = offset;
    r->limit = limit;
    if (r->total < groups || r->n_hits < limit)
        r->total = groups;
}

int sk_search_similar(sk_results *out, sk_query **q_out, char **text_out, sk_xdb *db,
                      sk_analyser *an, const sk_bodies *bodies, const char *id,
                      const sk_search_opts *opts, sk_err *err)
{
    memset(out, 0, sizeof *out);
    reset_facet_names(out);
    *q_out = NULL;
    *text_out = NULL;
    if (!sk_hit_id_valid(id))
        return sk_err_set(err, SK_EINVAL, "'%.40s' er ikke en id (16 heksadesimale sifre)", id);
    char idterm[SK_XAP_MAX_TERM + 1];
    sk_term_make(idterm, sizeof idterm, SK_PREFIX_HIT_ID, id);
    static const char *const key_prefixes[] = {SK_PREFIX_CASE, SK_PREFIX_BODY};
    char *words = NULL, *keys = NULL;
    int rc = sk_xdb_more_like(&words, &keys, db, idterm, SK_SIMILAR_TERMS, key_prefixes, 2, err);
    if (rc == SK_OK && words == NULL)
        rc = sk_err_set(err, SK_ENOTFOUND, "ingen treff har id %s", id);
    sk_buf text = SK_BUF_INIT;
    for (const char *p = words; rc == SK_OK && p && *p;) {
        size_t len = strcspn(p, " ");
        rc = sk_buf_printf(&text, err, "%s%.*s", text.len ? " OR " : "", (int)len, p);
        p += len + (p[len] == ' ');
    }
    sk_xquery *exclude = NULL;
    if (rc == SK_OK)
        rc = similar_exclude(&exclude, idterm, keys, err);
    if (rc == SK_OK)
        rc = sk_query_parse(q_out, an, db, bodies, text.data, err);
    if (rc == SK_OK) {
        /* enough sections for the page's cases once sections of one case are folded */
        sk_search_opts so = *opts;
        size_t want = (opts->offset + opts->limit) * 4;
        so.offset = 0;
        so.limit = want < SK_SEARCH_MAX_LIMIT ? want : SK_SEARCH_MAX_LIMIT;
        so.newest = 0;
        so.exclude = exclude;
        rc = sk_search(out, db, *q_out, &so, err);
        if (rc == SK_OK)
            one_per_case(out, opts->offset, opts->limit);
    }
    sk_xquery_free(exclude);
    free(words);
    free(keys);
    if (rc == SK_OK) {
        *text_out = sk_buf_detach(&text, NULL);
        if (*text_out == NULL)
            rc = sk_err_set(err, SK_ENOMEM, "out of memory");
    }
    sk_buf_release(&text);
    if (rc != SK_OK) {
        sk_results_release(out);
        sk_query_free(*q_out);
        *q_out = NULL;
    }
    return rc;
}
