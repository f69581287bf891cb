/* story.c: a case's whole story (see include/saksok/query/story.h). */
#include "saksok/query/story.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "saksok/analysis/analyse.h"
#include "saksok/base/buf.h"
#include "saksok/store/docdata.h"
#include "saksok/store/docmeta.h"
#include "saksok/structure/refs.h"
#include "saksok/query/search.h"
#include "saksok/store/terms.h"

#define MAX_REOPEN_RETRIES 5

/* ---- the case a spec names ---- */

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Does s (n bytes) end in word w (any case), at a word boundary? */
static size_t ends_in_word(const char *s, size_t n, const char *w)
{
    size_t wl = strlen(w);
    if (n < wl || (n > wl && !is_space(s[n - wl - 1]) && s[n - wl - 1] != '-'))
        return 0;
    for (size_t i = 0; i < wl; i++) {
        char c = s[n - wl + i];
        if ((c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c) != w[i])
            return 0;
    }
    return wl;
}

int sk_story_parse_spec(char **body, char case_no[SK_CASE_NO_SIZE], const sk_bodies *bodies,
                        const char *spec, sk_err *err)
{
    *body = NULL;
    size_t n = strlen(spec);
    while (n > 0 && is_space(spec[n - 1]))
        n--;
    size_t at = n;
    while (at > 0 && !is_space(spec[at - 1]))
        at--;
    const char *cur = spec + at;
    if (sk_parse_case_no(case_no, &cur, spec + n, 1) != SK_OK || cur != spec + n)
        return sk_err_set(err, SK_EINVAL,
                          "'%.60s' er ikke et saksnummer: skriv organ og sak, f.eks. 'NUIT 13/21'",
                          spec);
    /* the council: what comes before, without "sak" / "-sak" */
    size_t start = 0;
    while (start < at && is_space(spec[start]))
        start++;
    size_t end = at;
    while (end > start && is_space(spec[end - 1]))
        end--;
    size_t w = ends_in_word(spec + start, end - start, "sak");
    end -= w;
    while (end > start && (is_space(spec[end - 1]) || spec[end - 1] == '-'))
        end--;
    if (end == start)
        return SK_OK;
    size_t idx;
    int known = bodies ? sk_bodies_find(bodies, spec + start, end - start) : -1;
    if (known < 0 && bodies &&
        sk_bodies_match(bodies, spec + start, end - start, &idx) == end - start)
        known = (int)idx;
    *body = known >= 0 ? strdup(sk_bodies_name(bodies, (size_t)known))
                       : strndup(spec + start, end - start);
    return *body ? SK_OK : sk_err_set(err, SK_ENOMEM, "out of memory");
}

/* ---- reading sections ---- */

/* prefix + value folded as the index folds it; 0 when it cannot be a term. */
static size_t folded_term(char *term, const char *prefix, const char *value)
{
    char folded[SK_XAP_MAX_TERM + 1];
    sk_err tmp = SK_ERR_INIT;
    int fn = sk_analyse_fold(folded, sizeof folded, NULL, value, strlen(value), &tmp);
    return fn > 0 ? sk_term_make(term, SK_XAP_MAX_TERM + 1, prefix, folded) : 0;
}

/* One section as the story reads it. */
typedef struct section {
    sk_story_entry e;
    char *body, *case_no, *type, *refs;
    size_t text_len;
    int rank; /* role: 0 case, 1 minutes, 2 agenda, 3 other */
} section;

typedef struct sections {
    section *v;
    size_t n;
} sections;

static void section_release(section *s)
{
    char *f[] = {s->e.date,       s->e.role,     s->e.file,
                 s->e.format,     s->e.title,    s->e.doc_title,
                 s->e.meeting_no, s->e.decision, s->e.proposed_decision,
                 s->body,         s->case_no,    s->type,
                 s->refs};
    for (size_t i = 0; i < sizeof f / sizeof *f; i++)
        free(f[i]);
}

static void sections_release(sections *s)
{
    for (size_t i = 0; i < s->n; i++)
        section_release(&s->v[i]);
    free(s->v);
    s->v = NULL;
    s->n = 0;
}

static int role_rank(const char *role)
{
    static const char *const order[] = {"case", "minutes", "agenda"};
    for (int i = 0; i < 3; i++)
        if (role && strcmp(role, order[i]) == 0)
            return i;
    return 3;
}

static int read_section(section *s, sk_docdata_reader *rd, const char *data, size_t len,
                        sk_err *err)
{
    const char *text;
    size_t text_len;
    sk_docmeta m;
    int rc = sk_search_read_section(&m, &text, &text_len, rd, data, len, err);
    if (rc != SK_OK)
        return rc;
    (void)text;
    memset(s, 0, sizeof *s);
    s->e.date = sk_str_dup(m.meeting_date);
    s->e.role = sk_str_dup(m.role);
    s->e.file = sk_str_dup(m.file);
    s->e.format = sk_str_dup(m.format);
    s->e.page_from = m.page_from;
    s->e.page_to = m.page_to;
    s->e.title = sk_str_dup(m.title);
    s->e.doc_title = sk_str_dup(m.doc_title);
    s->e.meeting_no = sk_str_dup(m.meeting_no);
    s->e.decision = sk_str_dup(m.decision);
    s->e.proposed_decision = sk_str_dup(m.proposed_decision);
    s->body = sk_str_dup(m.body);
    s->case_no = sk_str_dup(m.case_no);
    s->type = sk_str_dup(m.type);
    s->refs = sk_str_dup(m.refs);
    s->text_len = text_len;
    s->rank = role_rank(s->e.role);
    sk_docmeta_release(&m);
    if (s->e.file == NULL) {
        section_release(s);
        return sk_err_set(err, SK_ECORRUPT, "stored document data lacks the file");
    }
    return SK_OK;
}

/* Every section (up to SK_STORY_MAX_SECTIONS) the AND of terms[0..n) finds,
 * those of roles case, minutes and agenda only when own_roles. */
static int fetch(sections *out, sk_xdb *db, sk_docdata_reader *rd, const char *const *terms,
                 size_t n, int own_roles, sk_err *err)
{
    sk_xquery *parts[8] = {NULL}, *roles[3] = {NULL}, *q = NULL;
    size_t np = 0;
    int rc = SK_OK;
    for (size_t i = 0; i < n && rc == SK_OK; i++)
        rc = sk_xquery_term(&parts[np++], terms[i], strlen(terms[i]), err);
    if (own_roles && rc == SK_OK) {
        static const char *const names[] = {"case", "minutes", "agenda"};
        for (size_t i = 0; i < 3 && rc == SK_OK; i++) {
            char t[SK_XAP_MAX_TERM + 1];
            size_t tl = folded_term(t, SK_PREFIX_ROLE, names[i]);
            rc = sk_xquery_term(&roles[i], t, tl, err);
        }
        if (rc == SK_OK)
            rc = sk_xquery_combine(&parts[np++], SK_XOP_OR, roles, 3, err);
    }
    if (rc == SK_OK)
        rc = sk_xquery_combine(&q, SK_XOP_AND, parts, np, err);
    for (size_t i = 0; i < np; i++)
        sk_xquery_free(parts[i]);
    for (size_t i = 0; i < 3; i++)
        sk_xquery_free(roles[i]);
    sk_xsearch_opts xo = SK_XSEARCH_OPTS_INIT;
    xo.limit = SK_STORY_MAX_SECTIONS;
    xo.check_at_least = 0;
    sk_xmset *m = NULL;
    if (rc == SK_OK)
        rc = sk_xdb_search(&m, db, q, &xo, err);
    sk_xquery_free(q);
    size_t count = rc == SK_OK ? sk_xmset_size(m) : 0;
    if (count && (out->v = calloc(count, sizeof *out->v)) == NULL)
        rc = sk_err_set(err, SK_ENOMEM, "out of memory");
    for (size_t i = 0; i < count && rc == SK_OK; i++) {
        const char *data;
        size_t len;
        rc = sk_xmset_data(m, i, &data, &len, err);
        if (rc == SK_OK && (rc = read_section(&out->v[out->n], rd, data, len, err)) == SK_OK)
            out->n++;
    }
    sk_xmset_free(m);
    return rc;
}

/* ---- ordering ---- */

static int cmp_str_null_last(const char *a, const char *b)
{
    if (!a || !b)
        return (a == NULL) - (b == NULL);
    return strcmp(a, b);
}

/* The timeline: oldest meeting first (undated last); within a meeting the
 * agenda, the case's papers, the minutes; then file and page. */
static int cmp_timeline(const void *pa, const void *pb)
{
    const section *a = pa, *b = pb;
    static const int story_order[4] = {1, 2, 0, 3}; /* case, minutes, agenda, other */
    int c = cmp_str_null_last(a->e.date, b->e.date);
    if (c == 0)
        c = story_order[a->rank] - story_order[b->rank];
    if (c == 0)
        c = strcmp(a->e.file, b->e.file);
    if (c == 0)
        c = a->e.page_from - b->e.page_from;
    return c;
}

/* What speaks for the case: its own paper, then its minutes, then its agenda
 * rows; the fuller section first (as a case lookup ranks them). */
static int cmp_facts(const void *pa, const void *pb)
{
    const section *a = *(section *const *)pa, *b = *(section *const *)pb;
    if (a->rank != b->rank)
        return a->rank - b->rank;
    if (a->text_len != b->text_len)
        return a->text_len > b->text_len ? -1 : 1;
    return cmp_timeline(a, b);
}

static int cmp_link(const void *pa, const void *pb)
{
    const sk_story_link *a = pa, *b = pb;
    int c = cmp_str_null_last(a->meeting_date, b->meeting_date);
    if (c == 0)
        c = strcmp(a->body, b->body);
    return c ? c : strcmp(a->case_no, b->case_no);
}

/* ---- the story ---- */

static char *dup_or_null(const char *s, int *oom)
{
    if (s == NULL)
        return NULL;
    char *d = strdup(s);
    *oom |= d == NULL;
    return d;
}

static int case_terms(char t[2][SK_XAP_MAX_TERM + 1], const char *body, const char *case_no)
{
    return sk_term_make(t[0], SK_XAP_MAX_TERM + 1, SK_PREFIX_CASE, case_no) > 0 &&
           folded_term(t[1], SK_PREFIX_BODY, body) > 0;
}

/* The councils with a section of number case_no: "NUIT, NUFA" into names
 * (a list of distinct names), their count into *n, the one into *only. */
static int councils_of(sk_xdb *db, sk_docdata_reader *rd, const char *case_no, sk_buf *names,
                       size_t *n, char **only, sk_err *err)
{
    char t[SK_XAP_MAX_TERM + 1];
    sk_term_make(t, sizeof t, SK_PREFIX_CASE, case_no);
    const char *terms[] = {t};
    sections s = {0};
    int rc = fetch(&s, db, rd, terms, 1, 1, err);
    *n = 0;
    for (size_t i = 0; i < s.n && rc == SK_OK; i++) {
        const char *b = s.v[i].body;
        int seen = b == NULL;
        for (size_t k = 0; k < i && !seen; k++)
            seen = s.v[k].body && strcmp(s.v[k].body, b) == 0;
        if (seen)
            continue;
        rc = sk_buf_printf(names, err, "%s%s", *n ? ", " : "", b);
        if (++*n == 1 && rc == SK_OK && (*only = strdup(b)) == NULL)
            rc = sk_err_set(err, SK_ENOMEM, "out of memory");
    }
    sections_release(&s);
    return rc;
}

static int add_link(sk_story_link **v, size_t *n, const char *body, const char *case_no,
                    const char *date, const char *title, sk_err *err)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*v)[i].body, body) == 0 && strcmp((*v)[i].case_no, case_no) == 0) {
            sk_story_link *l = &(*v)[i]; /* the earliest meeting, and a title */
            int oom = 0;
            if (date && (!l->meeting_date || strcmp(date, l->meeting_date) < 0)) {
                free(l->meeting_date);
                l->meeting_date = dup_or_null(date, &oom);
            }
            if (!l->title && title)
                l->title = dup_or_null(title, &oom);
            return oom ? sk_err_set(err, SK_ENOMEM, "out of memory") : SK_OK;
        }
    sk_story_link *nv = realloc(*v, (*n + 1) * sizeof *nv);
    if (nv == NULL)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    *v = nv;
    int oom = 0;
    nv[*n] = (sk_story_link){dup_or_null(body, &oom), dup_or_null(case_no, &oom),
                             dup_or_null(date, &oom), dup_or_null(title, &oom)};
    (*n)++;
    return oom ? sk_err_set(err, SK_ENOMEM, "out of memory") : SK_OK;
}

/* The cases whose sections refer to body case_no. */
static int find_mentioned_by(sk_story *st, sk_xdb *db, sk_docdata_reader *rd, sk_err *err)
{
    char key[SK_XAP_MAX_TERM + 1], term[SK_XAP_MAX_TERM + 1];
    if (sk_ref_key(key, sizeof key, st->body, st->case_no) == 0)
        return SK_OK;
    sk_term_make(term, sizeof term, SK_PREFIX_REF, key);
    const char *terms[] = {term};
    sections s = {0};
    int rc = fetch(&s, db, rd, terms, 1, 0, err);
    for (size_t i = 0; i < s.n && rc == SK_OK; i++)
        if (s.v[i].body && s.v[i].case_no)
            rc = add_link(&st->mentioned_by, &st->n_mentioned_by, s.v[i].body, s.v[i].case_no,
                          s.v[i].e.date, s.v[i].e.title, err);
    sections_release(&s);
    return rc;
}

/* The title and meeting of a case the story refers to, when the index
 * holds its sections. */
static int describe(sk_story_link *l, sk_xdb *db, sk_docdata_reader *rd, sk_err *err)
{
    char t[2][SK_XAP_MAX_TERM + 1];
    if (!case_terms(t, l->body, l->case_no))
        return SK_OK;
    const char *terms[] = {t[0], t[1]};
    sections s = {0};
    int rc = fetch(&s, db, rd, terms, 2, 1, err);
    section **by = s.n ? malloc(s.n * sizeof *by) : NULL;
    if (s.n && by == NULL)
        rc = sk_err_set(err, SK_ENOMEM, "out of memory");
    for (size_t i = 0; i < s.n && rc == SK_OK; i++)
        by[i] = &s.v[i];
    if (rc == SK_OK && s.n)
        qsort(by, s.n, sizeof *by, cmp_facts);
    int oom = 0;
    for (size_t i = 0; i < s.n && rc == SK_OK; i++) {
        if (!l->title && by[i]->e.title)
            l->title = dup_or_null(by[i]->e.title, &oom);
        if (!l->meeting_date && by[i]->e.date)
            l->meeting_date = dup_or_null(by[i]->e.date, &oom);
    }
    free(by);
    sections_release(&s);
    return rc == SK_OK && oom ? sk_err_set(err, SK_ENOMEM, "out of memory") : rc;
}

static int find_mentions(sk_story *st, const sections *own, sk_xdb *db, sk_docdata_reader *rd,
                         sk_err *err)
{
    int rc = SK_OK;
    for (size_t i = 0; i < own->n && rc == SK_OK; i++) {
        const char *p = own->v[i].refs;
        while (p && *p && rc == SK_OK) {
            size_t ll = strcspn(p, "\n"), tab = strcspn(p, "\t");
            if (tab < ll) {
                char body[256], cn[SK_CASE_NO_SIZE];
                snprintf(body, sizeof body, "%.*s", (int)tab, p);
                snprintf(cn, sizeof cn, "%.*s", (int)(ll - tab - 1), p + tab + 1);
                if (!(strcmp(body, st->body) == 0 && strcmp(cn, st->case_no) == 0))
                    rc = add_link(&st->mentions, &st->n_mentions, body, cn, NULL, NULL, err);
            }
            p += ll + (p[ll] == '\n');
        }
    }
    for (size_t i = 0; i < st->n_mentions && rc == SK_OK; i++)
        rc = describe(&st->mentions[i], db, rd, err);
    return rc;
}

/* The case's facts from its sections (ordered by cmp_facts). */
static int take_facts(sk_story *st, section *const *by, size_t n)
{
    int oom = 0;
    for (size_t i = 0; i < n; i++) {
        const section *s = by[i];
        if (!st->title && s->e.title)
            st->title = dup_or_null(s->e.title, &oom);
        if (!st->type && s->type)
            st->type = dup_or_null(s->type, &oom);
        if (!st->meeting_date && s->e.date && s->rank < 3)
            st->meeting_date = dup_or_null(s->e.date, &oom);
        if (!st->proposed_decision && s->e.proposed_decision)
            st->proposed_decision = dup_or_null(s->e.proposed_decision, &oom);
    }
    /* the decision: made in the minutes, else as a case's paper records it */
    for (int pass = 0; pass < 2 && !st->decision; pass++)
        for (size_t i = 0; i < n && !st->decision; i++)
            if (by[i]->rank == (pass == 0 ? 1 : 0) && by[i]->e.decision)
                st->decision = dup_or_null(by[i]->e.decision, &oom);
    return oom ? SK_ENOMEM : SK_OK;
}

static int build(sk_story *st, sk_xdb *db, sk_docdata_reader *rd, const sk_bodies *bodies,
                 const char *spec, sk_err *err)
{
    char case_no[SK_CASE_NO_SIZE];
    char *body = NULL;
    int rc = sk_story_parse_spec(&body, case_no, bodies, spec, err);
    if (rc != SK_OK)
        return rc;
    if (body == NULL) {
        sk_buf names = SK_BUF_INIT;
        size_t n = 0;
        rc = councils_of(db, rd, case_no, &names, &n, &body, err);
        if (rc == SK_OK && n != 1) {
            sk_buf note = SK_BUF_INIT;
            rc = n == 0 ? sk_buf_printf(&note, err, "Fant ingen sak %s i noe organ.", case_no)
                        : sk_buf_printf(&note, err,
                                        "Sak %s finnes i flere organer (%s): skriv organet "
                                        "foran, f.eks. '%.*s %s'.",
                                        case_no, names.data, (int)strcspn(names.data, ","),
                                        names.data, case_no);
            st->note = rc == SK_OK ? sk_buf_detach(&note, NULL) : NULL;
            sk_buf_release(&note);
            free(body);
            sk_buf_release(&names);
            return rc;
        }
        sk_buf_release(&names);
    }
    st->body = body;
    st->case_no = strdup(case_no);
    if (rc != SK_OK || st->case_no == NULL)
        return rc != SK_OK ? rc : sk_err_set(err, SK_ENOMEM, "out of memory");
    char t[2][SK_XAP_MAX_TERM + 1];
    sections own = {0};
    if (case_terms(t, body, case_no)) {
        const char *terms[] = {t[0], t[1]};
        rc = fetch(&own, db, rd, terms, 2, 1, err);
    }
    if (rc == SK_OK)
        rc = find_mentioned_by(st, db, rd, err);
    if (rc == SK_OK && own.n == 0 && st->n_mentioned_by == 0) {
        sk_buf note = SK_BUF_INIT;
        rc = sk_buf_printf(&note, err, "Fant ingen sak %s %s i indeksen.", body, case_no);
        st->note = rc == SK_OK ? sk_buf_detach(&note, NULL) : NULL;
        sk_buf_release(&note);
        sections_release(&own);
        return rc;
    }
    if (rc == SK_OK)
        rc = find_mentions(st, &own, db, rd, err);
    /* the facts, and the timeline in time order */
    section **by = own.n ? malloc(own.n * sizeof *by) : NULL;
    if (rc == SK_OK && own.n && by == NULL)
        rc = sk_err_set(err, SK_ENOMEM, "out of memory");
    if (rc == SK_OK && own.n) {
        qsort(own.v, own.n, sizeof *own.v, cmp_timeline);
        for (size_t i = 0; i < own.n; i++)
            by[i] = &own.v[i];
        qsort(by, own.n, sizeof *by, cmp_facts);
        if (take_facts(st, by, own.n) != SK_OK)
            rc = sk_err_set(err, SK_ENOMEM, "out of memory");
    }
    st->decision_from = -1;
    if (rc == SK_OK && own.n && (st->timeline = calloc(own.n, sizeof *st->timeline)) == NULL)
        rc = sk_err_set(err, SK_ENOMEM, "out of memory");
    for (size_t i = 0; i < own.n && rc == SK_OK; i++) {
        section *s = &own.v[i];
        if (st->decision_from < 0 && st->decision && s->e.decision &&
            strcmp(s->e.decision, st->decision) == 0 && (s->rank == 1 || s->rank == 0)) {
            /* the minutes that made it, before a case paper repeating it */
            st->decision_from = (long)i;
            for (size_t k = i; k < own.n; k++)
                if (own.v[k].rank == 1 && own.v[k].e.decision &&
                    strcmp(own.v[k].e.decision, st->decision) == 0) {
                    st->decision_from = (long)k;
                    break;
                }
        }
        st->timeline[i] = s->e; /* the entry takes the strings over */
        memset(&s->e, 0, sizeof s->e);
        st->n_timeline++;
    }
    free(by);
    sections_release(&own);
    if (rc == SK_OK && st->n_mentioned_by)
        qsort(st->mentioned_by, st->n_mentioned_by, sizeof *st->mentioned_by, cmp_link);
    if (rc == SK_OK && st->n_mentions)
        qsort(st->mentions, st->n_mentions, sizeof *st->mentions, cmp_link);
    if (rc == SK_OK)
        st->found = 1;
    return rc;
}

int sk_story_get(sk_story *out, sk_xdb *db, const sk_bodies *bodies, const char *spec, sk_err *err)
{
    memset(out, 0, sizeof *out);
    out->decision_from = -1;
    sk_docdata_reader *rd = NULL;
    int rc = sk_docdata_reader_new(&rd, err);
    if (rc != SK_OK)
        return rc;
    sk_docdata_reader_bind(rd, db);
    for (int attempt = 0;; attempt++) {
        sk_err e = SK_ERR_INIT;
        rc = build(out, db, rd, bodies, spec, &e);
        if (rc == SK_EMODIFIED && attempt < MAX_REOPEN_RETRIES) {
            sk_story_release(out);
            sk_err re = SK_ERR_INIT;
            if ((rc = sk_xdb_reopen(db, &re)) != SK_OK) {
                sk_err_set(err, re.code, "%s", re.msg);
                break;
            }
            continue;
        }
        if (rc != SK_OK)
            sk_err_set(err, e.code, "%s", e.msg);
        break;
    }
    if (rc == SK_OK)
        rc = sk_search_missing(&out->missing, &out->n_missing, db, err);
    if (rc != SK_OK)
        sk_story_release(out);
    sk_docdata_reader_free(rd);
    return rc;
}

static void links_release(sk_story_link *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].body);
        free(v[i].case_no);
        free(v[i].meeting_date);
        free(v[i].title);
    }
    free(v);
}

void sk_story_release(sk_story *s)
{
    if (s == NULL)
        return;
    char *f[] = {s->note, s->body,         s->case_no,           s->title,
                 s->type, s->meeting_date, s->proposed_decision, s->decision};
    for (size_t i = 0; i < sizeof f / sizeof *f; i++)
        free(f[i]);
    for (size_t i = 0; i < s->n_timeline; i++) {
        section tmp = {0};
        tmp.e = s->timeline[i];
        section_release(&tmp);
    }
    free(s->timeline);
    links_release(s->mentioned_by, s->n_mentioned_by);
    links_release(s->mentions, s->n_mentions);
    for (size_t i = 0; i < s->n_missing; i++)
        free(s->missing[i]);
    free(s->missing);
    memset(s, 0, sizeof *s);
    s->decision_from = -1;
}
