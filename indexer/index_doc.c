/* index_doc.c: a worker turns an extracted file into prepared documents, one per
 * section (see include/saksok/indexer/index.h) */
#include "saksok/indexer/index.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "saksok/store/access.h"
#include "saksok/structure/actor.h"
#include "saksok/analysis/analyse.h"
#include "saksok/structure/archive.h"
#include "saksok/store/docmeta.h"
#include "saksok/analysis/normalise.h"
#include "saksok/structure/refs.h"
#include "saksok/indexer/segment.h"
#include "saksok/store/terms.h"
#include "saksok/base/text.h"
#include "saksok/store/xap.h"

#include "index_int.h"

/* ---- documents ---- */

typedef struct doc_ctx {
    sk_xdoc *doc;
    sk_buf *spell;      /* words for the spelling table, NUL-separated; NULL: none */
    const char *prefix; /* NULL for body text, else a prefix for every term */
    sk_err *err;
} doc_ctx;

/* The prefix a variant's stem is stored under, or NULL for words themselves. */
static const char *variant_prefix(unsigned flags)
{
    if (flags & SK_TOK_PART)
        return SK_PREFIX_PART;
    if (flags & SK_TOK_ASCII)
        return SK_PREFIX_ASCII;
    if (flags & SK_TOK_OCR)
        return SK_PREFIX_OCR;
    return NULL;
}

static int add_token(const sk_token *tok, void *payload)
{
    doc_ctx *c = payload;
    char term[SK_XAP_MAX_TERM + 1];
    const char *stem = tok->stem ? tok->stem : tok->term;
    size_t stem_len = tok->stem ? tok->stem_len : tok->term_len;
    const char *vp = variant_prefix(tok->flags);
    if (vp) {
        if (c->prefix)
            return SK_OK; /* titles: the words alone */
        int n = snprintf(term, sizeof term, "%s%.*s", vp, (int)stem_len, stem);
        if (n > 0 && (size_t)n < sizeof term)
            return sk_xdoc_add_term(c->doc, term, (size_t)n, 1, c->err);
        return SK_OK;
    }
    if (c->prefix) {
        /* A field: its words, and their stems under prefix + "Z". */
        int n = snprintf(term, sizeof term, "%s%s", c->prefix, tok->term);
        int rc = SK_OK;
        if (n > 0 && (size_t)n < sizeof term)
            rc = sk_xdoc_add_term(c->doc, term, (size_t)n, 1, c->err);
        if (rc != SK_OK || (tok->flags & SK_TOK_NUMERIC))
            return rc;
        n = snprintf(term, sizeof term, "%sZ%.*s", c->prefix, (int)stem_len, stem);
        if (n > 0 && (size_t)n < sizeof term)
            rc = sk_xdoc_add_term(c->doc, term, (size_t)n, 1, c->err);
        return rc;
    }
    int rc = sk_xdoc_add_posting(c->doc, tok->term, tok->term_len, tok->pos, 1, c->err);
    if (rc == SK_OK && c->spell && !(tok->flags & (SK_TOK_SAME_POS | SK_TOK_NUMERIC)) &&
        tok->term_len >= 3)
        rc = sk_buf_append(c->spell, tok->term, tok->term_len + 1, c->err); /* with its NUL */
    if (rc == SK_OK && !(tok->flags & SK_TOK_NUMERIC)) {
        int n = snprintf(term, sizeof term, SK_PREFIX_STEM "%.*s", (int)stem_len, stem);
        if (n > 0 && (size_t)n < sizeof term)
            rc = sk_xdoc_add_term(c->doc, term, (size_t)n, 1, c->err);
    }
    return rc;
}

static int add_prefixed(sk_xdoc *doc, const char *prefix, const char *value, sk_err *err)
{
    char term[SK_XAP_MAX_TERM + 1];
    size_t n = sk_term_make(term, sizeof term, prefix, value);
    return sk_xdoc_add_term(doc, term, n, 0, err);
}

/* ---- documents: one per section ---- */

typedef struct section_meta {
    const char *body, *date, *meeting_no;
} section_meta;

/* The section's body and date, else the paper's (a page of a paper belongs
 * to the paper's meeting). */
static section_meta meta_of(const sk_paper *paper, const sk_section *sec)
{
    section_meta m = {sec->body, sec->meeting_date, sec->meeting_no};
    if (m.body == NULL && sec->role == SK_ROLE_PAGE)
        m.body = paper->body;
    if (m.date == NULL && sec->role == SK_ROLE_PAGE)
        m.date = paper->meeting_date;
    if (m.meeting_no == NULL && sec->role == SK_ROLE_PAGE)
        m.meeting_no = paper->meeting_no;
    return m;
}

static int set_data(sk_worker *w, sk_prepared *prep, sk_xdoc *doc, const sk_file *f,
                    const sk_extracted *x, const sk_section *sec, const section_meta *m, int ocr,
                    const char *refs, sk_err *err)
{
    sk_docmeta dm = {0};
    dm.file = sk_str_of(f->rel);
    dm.format = sk_str_of(x->format == SK_FORMAT_PDF ? "pdf" : "html");
    dm.page_from = sec->page_from;
    dm.page_to = sec->page_to;
    dm.doc_title = sk_str_of(x->title);
    dm.body = sk_str_of(m->body);
    dm.meeting_date = sk_str_of(m->date);
    dm.meeting_no = sk_str_of(m->meeting_no);
    dm.case_no = sk_str_of(sec->case_no);
    dm.role = sk_str_of(sk_role_name(sec->role));
    dm.title = sk_str_of(sec->title);
    dm.type = sk_str_of(sec->type);
    dm.presenter = sk_str_of(sec->presenter);
    dm.sender = sk_str_of(sec->sender);
    dm.case_officer = sk_str_of(sec->case_officer);
    dm.minute_taker = sk_str_of(sec->minute_taker);
    dm.proposed_decision = sk_str_of(sec->proposed_decision);
    dm.decision = sk_str_of(sec->decision);
    dm.archive_no = sk_str_of(sec->archive_no);
    dm.refs = sk_str_of(refs);
    dm.ocr = ocr;
    if (sec->n_page_marks > 1) { /* borrowed: the record stores them as they are */
        dm.page_marks = sec->page_marks;
        dm.n_page_marks = sec->n_page_marks;
    }
    sk_buf meta = SK_BUF_INIT;
    int rc = sk_docmeta_encode(&meta, &dm, err);
    if (rc != SK_OK) {
        sk_buf_release(&meta);
        return rc;
    }
    /* The metadata, a NUL, then the text, compressed (see docdata.h). */
    sk_buf data = SK_BUF_INIT;
    /* Sampling is read first: the writer publishes the dictionary before it
     * stops sampling, so data packed without one is always sampled. */
    int sampling = atomic_load(&w->ix->sampling);
    const sk_docdata_dict *dict = atomic_load(&w->ix->pack_with);
    size_t text_len = strlen(sec->text);
    rc = sk_docdata_pack(&data, w->packer, dict, meta.data, meta.len, sec->text, text_len, err);
    if (rc == SK_OK && dict == NULL && sampling) {
        size_t idx = prep->n_docs, n = meta.len + 1 + text_len; /* it becomes docs[idx] */
        rc = sk_buf_append(&prep->sample, (const char *)&idx, sizeof idx, err);
        if (rc == SK_OK)
            rc = sk_buf_append(&prep->sample, (const char *)&n, sizeof n, err);
        if (rc == SK_OK)
            rc = sk_buf_append(&prep->sample, meta.data, meta.len, err);
        if (rc == SK_OK)
            rc = sk_buf_putc(&prep->sample, '\0', err);
        if (rc == SK_OK)
            rc = sk_buf_append(&prep->sample, sec->text, text_len, err);
    }
    if (rc == SK_OK)
        rc = sk_xdoc_set_data(doc, data.data, data.len, err);
    sk_buf_release(&data);
    sk_buf_release(&meta);
    return rc;
}

/* Analyse text into the document under prefix (NULL: body text, with
 * positions from *pos) with extra weight wdf. */
static int add_text(sk_analyser *an, sk_xdoc *doc, const char *prefix, const char *text,
                    sk_err *err)
{
    if (text == NULL || *text == '\0')
        return SK_OK;
    doc_ctx ctx = {doc, NULL, prefix, err};
    return sk_analyse(an, SK_MODE_DOCUMENT, text, strlen(text), 1, add_token, &ctx, err);
}

static int add_folded(sk_analyser *an, sk_xdoc *doc, const char *prefix, const char *value,
                      unsigned wdf, sk_err *err)
{
    if (value == NULL)
        return SK_OK;
    char folded[SK_XAP_MAX_TERM + 1], term[SK_XAP_MAX_TERM + 1];
    sk_err tmp = SK_ERR_INIT;
    int n = sk_analyse_fold(folded, sizeof folded, an, value, strlen(value), &tmp);
    if (n <= 0)
        return SK_OK; /* too long to be a term: leave it out */
    size_t len = sk_term_make(term, sizeof term, prefix, folded);
    return sk_xdoc_add_term(doc, term, len, wdf, err);
}

static int set_value(sk_xdoc *doc, unsigned slot, const char *value, sk_err *err)
{
    return value ? sk_xdoc_set_value(doc, slot, value, strlen(value), err) : SK_OK;
}

/* Where the walk finds the file (SK_SLOT_WALK): root, a NUL, then the path
 * with each '/' as \x01, so that the values sort in the order the walk
 * visits files (folder by folder, names in byte order, a '/' before any
 * other byte): the order of a fresh build's document ids. */
static int set_walk_value(sk_xdoc *doc, const char *root, const char *rel, sk_err *err)
{
    size_t lr = strlen(root), ll = strlen(rel);
    char *v = malloc(lr + 1 + ll);
    if (v == NULL)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    memcpy(v, root, lr);
    v[lr] = '\0';
    for (size_t i = 0; i < ll; i++)
        v[lr + 1 + i] = rel[i] == '/' ? '\x01' : rel[i];
    int rc = sk_xdoc_set_value(doc, SK_SLOT_WALK, v, lr + 1 + ll, err);
    free(v);
    return rc;
}

/* The order of a bare case lookup ("NUIT 12/21") within one of the search's
 * tiers (search.c: the case's own papers, its minutes, its agenda rows, then
 * what mentions it): the role, then the longer section first (a memo before
 * the one-line row of a table of cases). The role digits stay as indexes
 * have always held them; the tiers, not this value, put minutes before
 * agenda rows. */
static void role_rank(char *out, size_t size, const sk_section *sec)
{
    int r;
    switch (sec->role) {
    case SK_ROLE_CASE: r = 1; break;
    case SK_ROLE_AGENDA: r = 2; break;
    case SK_ROLE_MINUTES: r = 3; break;
    case SK_ROLE_MENTION: r = 4; break;
    default: r = 5; break;
    }
    size_t len = strlen(sec->text);
    snprintf(out, size, "%d%07zu", r, len < 9999999 ? 9999999 - len : 0);
}

/* Sections of one case in one paper collapse into one hit: the agenda row
 * with the case's own pages; its minutes, and other papers, stay hits of
 * their own. The key is stored as an 11-character digest (64 bits): the
 * matcher reads the key of every candidate from a value stream, and a value
 * that fits std::string's inline buffer (15 bytes) is copied without a heap
 * allocation. */
static void collapse_key(char *out, size_t size, const sk_section *sec, const section_meta *m,
                         const char *keyterm, size_t idx)
{
    char full[SK_XAP_MAX_TERM + 64];
    if (sec->case_no &&
        (sec->role == SK_ROLE_CASE || sec->role == SK_ROLE_AGENDA || sec->role == SK_ROLE_MINUTES))
        snprintf(full, sizeof full, "C|%s|%s|%s|%s", keyterm, m->body ? m->body : "", sec->case_no,
                 sec->role == SK_ROLE_MINUTES ? "minutes" : "case");
    else
        snprintf(full, sizeof full, "D|%s|%zu", keyterm, idx);
    unsigned long long h = sk_hash64(full, strlen(full));
    static const char digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
    size_t n = 0;
    for (int i = 0; i < 11 && n + 1 < size; i++, h >>= 6)
        out[n++] = digits[h & 63];
    out[n] = '\0';
}

static int section_is_ocr(const sk_extracted *x, const sk_section *sec);

/* An agenda row whose case has its own paper (memo, slides) in the same
 * paper: that section carries the case's text and facts, and the two are
 * one hit (one collapse key), so the row is found only by its case number,
 * council and role. Searching its words too made the short row stand for
 * the case (a presenter's name, a word of its title), with the case's own
 * pages hidden behind it. */
static int agenda_of_present_case(const sk_paper *paper, const sk_section *sec)
{
    if (sec->role != SK_ROLE_AGENDA || sec->case_no == NULL)
        return 0;
    for (size_t i = 0; i < paper->n_sections; i++) {
        const sk_section *o = &paper->sections[i];
        if (o->role == SK_ROLE_CASE && o->case_no && strcmp(o->case_no, sec->case_no) == 0 &&
            (o->meeting_date == NULL) == (sec->meeting_date == NULL) &&
            (o->meeting_date == NULL || strcmp(o->meeting_date, sec->meeting_date) == 0))
            return 1;
    }
    return 0;
}

/* The section's archive numbers, its own and every one its text writes
 * (archive.h): each as written and its archive case, so "arkivsak 22/4711"
 * finds every document filed in it. */
static int add_archive_nos(sk_xdoc *doc, const sk_section *sec, sk_err *err)
{
    char nos[33][SK_ARCHIVE_NO_SIZE];
    size_t n = sk_archive_find(sec->text, strlen(sec->text), nos, 32);
    if (sec->archive_no && strlen(sec->archive_no) < SK_ARCHIVE_NO_SIZE)
        memcpy(nos[n++], sec->archive_no, strlen(sec->archive_no) + 1);
    int rc = SK_OK;
    for (size_t i = 0; i < n && rc == SK_OK; i++) {
        char term[SK_XAP_MAX_TERM + 1];
        size_t len = sk_term_make(term, sizeof term, SK_PREFIX_ARCHIVE, nos[i]);
        rc = sk_xdoc_add_term(doc, term, len, 1, err);
        size_t base = sk_archive_case_len(nos[i]);
        if (rc == SK_OK && base < strlen(nos[i])) {
            nos[i][base] = '\0';
            len = sk_term_make(term, sizeof term, SK_PREFIX_ARCHIVE, nos[i]);
            rc = sk_xdoc_add_term(doc, term, len, 1, err);
        }
    }
    return rc;
}

/* The section's words: its text, and the fields a match in which weighs
 * more than one in the text and can be searched alone (tittel:, vedtak:,
 * person:). */
static int add_words(sk_analyser *an, sk_xdoc *doc, const sk_section *sec, const sk_extracted *x,
                     doc_ctx *ctx, sk_err *err)
{
    /* an archive number shaped like a case number ("Arkivsak: 21/23") is
     * not a word of the text, so "21/23" never finds it as that case */
    size_t len = strlen(sec->text);
    char *masked = sec->archive_no || strstr(sec->text, "rkivsak") || strstr(sec->text, "RKIVSAK")
                       ? strdup(sec->text)
                       : NULL;
    if (masked)
        sk_archive_mask_cases(masked, len);
    int rc =
        sk_analyse(an, SK_MODE_DOCUMENT, masked ? masked : sec->text, len, 1, add_token, ctx, err);
    free(masked);
    if (rc == SK_OK)
        rc = add_text(an, doc, SK_PREFIX_TITLE, sec->title ? sec->title : x->title, err);
    if (rc == SK_OK)
        rc = add_text(an, doc, SK_PREFIX_DECISION, sec->decision, err);
    if (rc == SK_OK)
        rc = add_text(an, doc, SK_PREFIX_DECISION, sec->proposed_decision, err);
    if (rc == SK_OK)
        rc = add_text(an, doc, SK_PREFIX_PERSON, sec->presenter, err);
    return rc;
}

/* The access terms of a paper with groups (NULL: public) into terms (at
 * most 1 + SK_ACCESS_MAX_GROUPS of them); returns how many. */
size_t ix_access_terms(const char *groups, char (*terms)[SK_XAP_MAX_TERM + 1])
{
    if (groups == NULL)
        return 0;
    size_t n = 0;
    snprintf(terms[n++], SK_XAP_MAX_TERM + 1, "%s", SK_TERM_RESTRICTED);
    for (const char *p = groups; *p && n <= SK_ACCESS_MAX_GROUPS;) {
        size_t len = strcspn(p, ",");
        char name[SK_GROUP_NAME_MAX + 1];
        snprintf(name, sizeof name, "%.*s", (int)len, p);
        sk_term_make(terms[n++], SK_XAP_MAX_TERM + 1, SK_PREFIX_GROUP, name);
        p += len + (p[len] == ',');
    }
    return n;
}

/* A document of a paper: who may see it (groups; NULL: everyone), and the
 * synonym pairs its paper taught (syn: "key\0value\0"...), so that a pair
 * shows only to those who may see a paper that taught it. */
static int add_access(sk_xdoc *doc, const char *groups, const sk_buf *syn, sk_err *err)
{
    char(*t)[SK_XAP_MAX_TERM + 1] = malloc((1 + SK_ACCESS_MAX_GROUPS) * sizeof *t);
    if (t == NULL)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    size_t n = ix_access_terms(groups, t);
    int rc = SK_OK;
    for (size_t i = 0; i < n && rc == SK_OK; i++)
        rc = sk_xdoc_add_term(doc, t[i], strlen(t[i]), 0, err);
    free(t);
    for (size_t i = 0; i < syn->len && rc == SK_OK;) {
        const char *key = syn->data + i, *value = key + strlen(key) + 1;
        char term[64];
        size_t tn = sk_term_taught(term, sizeof term, key, value);
        rc = sk_xdoc_add_term(doc, term, tn, 0, err);
        i = (size_t)(value - syn->data) + strlen(value) + 1;
    }
    return rc;
}

/* The names of the persons acting in sec (actor.h): each word under XQ, a
 * first name given alone under XQF, and a presenter's also under XQP; *any
 * = 1 when there is one, *named = 1 when the section's own text names one.
 * A word weighs (as a word of the text does) where the section's own text
 * names the person; where the name came from another section of the case
 * (the agenda's presenter) it only marks. */
static int add_actor_names(sk_analyser *an, sk_xdoc *doc, const sk_section *sec, const char *field,
                           int presenter, int *any, int *named, sk_err *err)
{
    if (field == NULL)
        return SK_OK;
    sk_actor_name names[8];
    size_t n = sk_actor_names(names, 8, field, strlen(field));
    int rc = SK_OK;
    for (size_t i = 0; i < n && rc == SK_OK; i++) {
        const char *prefix = names[i].n_words == 1 ? SK_PREFIX_ACTOR_FIRST : SK_PREFIX_ACTOR;
        for (size_t k = 0; k < names[i].n_words && rc == SK_OK; k++) {
            char word[SK_XAP_MAX_TERM + 1];
            size_t len = names[i].len[k] < SK_XAP_MAX_TERM ? names[i].len[k] : SK_XAP_MAX_TERM;
            memcpy(word, field + names[i].start[k], len);
            word[len] = '\0';
            int in_text = strstr(sec->text, word) != NULL;
            *named |= in_text;
            rc = add_folded(an, doc, prefix, word, (unsigned)in_text, err);
            if (rc == SK_OK && presenter)
                rc = add_folded(an, doc, SK_PREFIX_PRESENTER, word, 0, err);
        }
        *any = 1;
    }
    return rc;
}

/* What a query in plain words prefers (qread.h): the meeting's month and
 * day, who acts (XKactor: in the case's own paper or minutes, not in an
 * agenda row that only names the presenter; XKnamed: named in the section's
 * own text, an agenda row's presenter too), whether the section holds a
 * decision. words: the section's words are indexed (not an agenda row that
 * stands for a case with its own paper: its actors are that paper's). */
static int add_reading_terms(sk_analyser *an, sk_xdoc *doc, const sk_section *sec, const char *date,
                             int words, sk_err *err)
{
    int rc = SK_OK;
    if (date && strlen(date) == 10) {
        char month[8];
        memcpy(month, date, 7);
        month[7] = '\0';
        rc = add_folded(an, doc, SK_PREFIX_MONTH, month, 0, err);
        if (rc == SK_OK)
            rc = add_folded(an, doc, SK_PREFIX_DAY, date, 0, err);
    }
    int any = 0, named = 0;
    const char *actors[] = {sec->presenter, sec->sender, sec->case_officer, sec->minute_taker};
    for (size_t i = 0; i < sizeof actors / sizeof *actors && rc == SK_OK && words; i++)
        rc = add_actor_names(an, doc, sec, actors[i], i == 0, &any, &named, err);
    if (rc == SK_OK && any && (sec->role == SK_ROLE_CASE || sec->role == SK_ROLE_MINUTES))
        rc = add_folded(an, doc, SK_PREFIX_HOLDS, SK_HOLDS_ACTOR, 0, err);
    if (rc == SK_OK && named)
        rc = add_folded(an, doc, SK_PREFIX_HOLDS, SK_HOLDS_NAMED, 0, err);
    if (rc == SK_OK && (sec->decision || sec->proposed_decision))
        rc = add_folded(an, doc, SK_PREFIX_HOLDS, SK_HOLDS_DECISION, 0, err);
    return rc;
}

/* The cases a case's paper or minutes refer to (refs.h), resolved to their
 * council (named, else the section's, else the paper's): a term each, so
 * that a case's story finds what refers to it, and "BODY<TAB>CASE" lines
 * into *lines for the document data (what the case refers to). Ambiguous
 * ones are left out. */
#define MAX_REFS 64
static int add_refs(sk_xdoc *doc, const sk_bodies *bodies, const sk_paper *paper,
                    const sk_section *sec, const section_meta *m, sk_buf *lines, sk_err *err)
{
    if (sec->role != SK_ROLE_CASE && sec->role != SK_ROLE_MINUTES)
        return SK_OK;
    sk_ref r[MAX_REFS];
    const char *own = m->body ? m->body : paper->body;
    size_t n = sk_refs_find(bodies, sec->text, strlen(sec->text), own, sec->case_no, r, MAX_REFS);
    int rc = SK_OK;
    for (size_t i = 0; i < n && rc == SK_OK; i++) {
        char key[SK_XAP_MAX_TERM + 1], term[SK_XAP_MAX_TERM + 1];
        if (r[i].body == NULL || sk_ref_key(key, sizeof key, r[i].body, r[i].case_no) == 0)
            continue;
        size_t len = sk_term_make(term, sizeof term, SK_PREFIX_REF, key);
        rc = sk_xdoc_add_term(doc, term, len, 0, err);
        if (rc == SK_OK)
            rc = sk_buf_printf(lines, err, "%s%s\t%s", lines->len ? "\n" : "", r[i].body,
                               r[i].case_no);
    }
    return rc;
}

/* The hit id of paper's section idx (hitid.h): its path, and its council,
 * case and role with how many sections of the same came before it in the
 * paper (or its page, outside any case). */
static void section_id(char out[SK_HIT_ID_SIZE], const sk_file *f, const sk_paper *paper,
                       size_t idx)
{
    const sk_section *sec = &paper->sections[idx];
    const char *body = meta_of(paper, sec).body;
    unsigned ordinal = 0;
    for (size_t j = 0; j < idx; j++) {
        const sk_section *o = &paper->sections[j];
        const char *ob = meta_of(paper, o).body;
        if (o->role != sec->role)
            continue;
        if (sec->case_no ? o->case_no && strcmp(o->case_no, sec->case_no) == 0 &&
                               (ob == body || (ob && body && strcmp(ob, body) == 0))
                         : o->case_no == NULL && o->page_from == sec->page_from)
            ordinal++;
    }
    sk_hit_id_make(out, f->rel, sk_role_name(sec->role), body, sec->case_no, sec->page_from,
                   ordinal);
}

static int build_section_doc(sk_worker *w, const char *root, const sk_file *f,
                             const sk_extracted *x, const sk_paper *paper, size_t idx,
                             const char *keyterm, const char *id, sk_prepared *prep, sk_xdoc **out,
                             sk_err *err)
{
    const sk_section *sec = &paper->sections[idx];
    section_meta m = meta_of(paper, sec);
    sk_analyser *an = w->an;
    *out = NULL;
    sk_xdoc *doc = NULL;
    int rc = sk_xdoc_new(&doc, err);
    /* A restricted paper's words stay out of the index's spelling table (it
     * serves every reader); they go to DIR/spelling-all (xap.h). */
    const char *groups = sk_access_groups(w->ix->access, f->rel);
    doc_ctx ctx = {doc, groups ? &prep->spell_restricted : &prep->spell, NULL, err};
    if (rc == SK_OK)
        rc = add_access(doc, groups, &prep->syn, err);
    int words = !agenda_of_present_case(paper, sec);
    if (rc == SK_OK && words)
        rc = add_words(an, doc, sec, x, &ctx, err);
    else if (rc == SK_OK && sec->title) /* the row: its case's title only */
        rc = add_text(an, doc, SK_PREFIX_TITLE, sec->title, err);
    if (rc == SK_OK)
        rc = add_archive_nos(doc, sec, err);
    if (rc == SK_OK)
        rc = add_folded(an, doc, SK_PREFIX_BODY, m.body, 0, err);
    if (rc == SK_OK)
        rc = add_folded(an, doc, SK_PREFIX_TYPE, sec->type, 0, err);
    if (rc == SK_OK)
        rc = add_folded(an, doc, SK_PREFIX_CASE, sec->case_no, 1, err);
    if (rc == SK_OK)
        rc = add_folded(an, doc, SK_PREFIX_ROLE, sk_role_name(sec->role), 0, err);
    char year[5] = "";
    if (m.date && strlen(m.date) >= 4) {
        memcpy(year, m.date, 4);
        if (rc == SK_OK)
            rc = add_folded(an, doc, SK_PREFIX_YEAR, year, 0, err);
    }
    if (rc == SK_OK)
        rc = add_reading_terms(an, doc, sec, m.date, words, err);
    if (rc == SK_OK)
        rc = sk_xdoc_add_term(doc, keyterm, strlen(keyterm), 0, err);
    if (rc == SK_OK)
        rc = add_prefixed(doc, SK_PREFIX_HIT_ID, id, err);
    if (rc == SK_OK)
        rc = set_value(doc, SK_SLOT_HIT_ID, id, err);
    if (rc == SK_OK)
        rc = add_prefixed(doc, SK_PREFIX_PATH, f->rel, err);
    if (rc == SK_OK)
        rc = add_prefixed(doc, SK_PREFIX_ROOT, root, err);
    if (rc == SK_OK)
        rc = add_prefixed(doc, SK_PREFIX_FORMAT, x->format == SK_FORMAT_PDF ? "pdf" : "html", err);
    char num[16], ckey[SK_XAP_MAX_TERM + 1];
    snprintf(num, sizeof num, "%d", sec->page_from);
    collapse_key(ckey, sizeof ckey, sec, &m, keyterm, idx);
    if (rc == SK_OK)
        rc = set_value(doc, SK_SLOT_PATH, keyterm, err);
    if (rc == SK_OK)
        rc = set_value(doc, SK_SLOT_PAGE, num, err);
    if (rc == SK_OK)
        rc = set_value(doc, SK_SLOT_DATE, m.date, err);
    if (rc == SK_OK)
        rc = set_value(doc, SK_SLOT_COLLAPSE, ckey, err);
    if (rc == SK_OK)
        rc = set_value(doc, SK_SLOT_BODY, m.body, err);
    if (rc == SK_OK)
        rc = set_value(doc, SK_SLOT_YEAR, year[0] ? year : NULL, err);
    if (rc == SK_OK)
        rc = set_value(doc, SK_SLOT_TYPE, sec->type, err);
    char rank[32];
    sk_buf refs = SK_BUF_INIT;
    role_rank(rank, sizeof rank, sec);
    if (rc == SK_OK)
        rc = set_value(doc, SK_SLOT_ROLE_RANK, rank, err);
    if (rc == SK_OK)
        rc = set_walk_value(doc, root, f->rel, err);
    if (rc == SK_OK)
        rc = add_refs(doc, w->bodies, paper, sec, &m, &refs, err);
    if (rc == SK_OK)
        rc = set_data(w, prep, doc, f, x, sec, &m, section_is_ocr(x, sec), refs.data, err);
    sk_buf_release(&refs);
    if (rc != SK_OK) {
        sk_xdoc_free(doc);
        return rc;
    }
    *out = doc;
    return SK_OK;
}

static int has_word(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] > ' ')
            return 1;
    return 0;
}

/* Was any page of the section read by OCR? */
static int section_is_ocr(const sk_extracted *x, const sk_section *sec)
{
    for (size_t i = 0; i < x->n_pages; i++)
        if (x->pages[i].ocr && x->pages[i].number >= sec->page_from &&
            x->pages[i].number <= (sec->page_to ? sec->page_to : sec->page_from))
            return 1;
    return 0;
}

/* Normalise the pages, learn abbreviations, and segment the paper. */
static int segment_file(sk_worker *w, const sk_file *f, const sk_extracted *x, sk_paper *paper,
                        sk_prepared *prep, sk_err *err)
{
    sk_page_text *pages = x->n_pages ? calloc(x->n_pages, sizeof *pages) : NULL;
    char **texts = x->n_pages ? calloc(x->n_pages, sizeof *texts) : NULL;
    if (x->n_pages && (pages == NULL || texts == NULL)) {
        free(pages);
        free(texts);
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    }
    int rc = SK_OK;
    for (size_t i = 0; i < x->n_pages && rc == SK_OK; i++) {
        size_t len = 0;
        rc = sk_normalise(&texts[i], &len, x->pages[i].text, x->pages[i].text_len, err);
        pages[i] = (sk_page_text){texts[i], len, x->pages[i].number};
        if (rc == SK_OK && has_word(texts[i], len))
            rc = ix_learn_abbreviations(w->an, &prep->syn, texts[i], len, err);
    }
    if (rc == SK_OK)
        rc = sk_segment(paper, w->bodies, &(sk_paper_info){f->rel, x->title, x->site}, pages,
                        x->n_pages, err);
    for (size_t i = 0; i < x->n_pages; i++)
        free(texts[i]);
    free(texts);
    free(pages);
    return rc;
}

/* ---- workers: preparing documents in parallel, one writer ---- */

int sk_worker_new(sk_worker **out, sk_indexer *ix, sk_err *err)
{
    *out = NULL;
    sk_worker *w = calloc(1, sizeof *w);
    if (w == NULL)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    int rc = sk_analyser_new(&w->an, err);
    if (rc == SK_OK)
        rc = sk_docdata_packer_new(&w->packer, err);
    if (rc != SK_OK) {
        sk_analyser_free(w->an);
        free(w);
        return rc;
    }
    sk_analyser_set_lexicon(w->an, ix->lex);
    w->bodies = ix->bodies;
    w->ix = ix;
    *out = w;
    return SK_OK;
}

void sk_worker_free(sk_worker *w)
{
    if (w == NULL)
        return;
    sk_analyser_free(w->an);
    sk_docdata_packer_free(w->packer);
    free(w);
}

void sk_prepared_free(sk_prepared *p)
{
    if (p == NULL)
        return;
    for (size_t i = 0; i < p->n_docs; i++)
        sk_xdoc_free(p->docs[i]);
    free(p->docs);
    free(p->keys);
    sk_buf_release(&p->spell);
    sk_buf_release(&p->spell_restricted);
    sk_buf_release(&p->syn);
    sk_buf_release(&p->sample);
    free(p);
}

int sk_worker_prepare(sk_prepared **out, sk_worker *w, const char *root, const sk_file *f,
                      const sk_extracted *doc, sk_err *err)
{
    *out = NULL;
    sk_prepared *p = calloc(1, sizeof *p);
    if (p == NULL)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    ix_file_key_term(p->keyterm, sizeof p->keyterm, root, f->rel);
    sk_paper paper = {0};
    int rc = segment_file(w, f, doc, &paper, p, err);
    if (rc == SK_OK && paper.n_sections) {
        p->docs = calloc(paper.n_sections, sizeof *p->docs);
        p->keys = calloc(paper.n_sections, sizeof *p->keys);
        if (p->docs == NULL || p->keys == NULL)
            rc = sk_err_set(err, SK_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < paper.n_sections && rc == SK_OK; i++) {
        const sk_section *sec = &paper.sections[i];
        if (!has_word(sec->text, strlen(sec->text)) && sec->title == NULL)
            continue; /* blank page: nothing to find */
        doc_key *k = &p->keys[p->n_docs];
        section_id(k->id, f, &paper, i);
        const char *date = meta_of(&paper, sec).date;
        if (date && strlen(date) == 10)
            memcpy(k->date, date, 11);
        rc = build_section_doc(w, root, f, doc, &paper, i, p->keyterm, k->id, p,
                               &p->docs[p->n_docs], err);
        if (rc == SK_OK)
            p->n_docs++;
    }
    sk_paper_release(&paper);
    if (rc != SK_OK) {
        sk_prepared_free(p);
        return rc;
    }
    *out = p;
    return SK_OK;
}
