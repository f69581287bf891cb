/* qread.c: reading a query's plain words for dates, roles, names and
 * questions (see include/saksok/query/qread.h); the query is then put together
 * from the parses of what is left (qparse.c) in qcompose.c.
 */
#include "saksok/query/qread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qread_int.h"
#include "saksok/analysis/analyse.h"
#include "saksok/query/qname.h"
#include "saksok/structure/segment_parse.h"
#include "saksok/store/terms.h"

/* ---- words ---- */

static const struct {
    const char *word;
    sk_qrole role;
} role_words[] = {
    {"referat", SK_QROLE_MINUTES},      {"referatet", SK_QROLE_MINUTES},
    {"referater", SK_QROLE_MINUTES},    {"referatene", SK_QROLE_MINUTES},
    {"protokoll", SK_QROLE_MINUTES},    {"protokollen", SK_QROLE_MINUTES},
    {"protokoller", SK_QROLE_MINUTES},  {"møtereferat", SK_QROLE_MINUTES},
    {"vedtak", SK_QROLE_DECISION},      {"vedtaket", SK_QROLE_DECISION},
    {"vedtakene", SK_QROLE_DECISION},   {"vedtok", SK_QROLE_DECISION},
    {"vedtatt", SK_QROLE_DECISION},     {"besluttet", SK_QROLE_DECISION},
    {"beslutning", SK_QROLE_DECISION},  {"beslutningen", SK_QROLE_DECISION},
    {"konkluderte", SK_QROLE_DECISION}, {"konkludert", SK_QROLE_DECISION},
    {"konklusjon", SK_QROLE_DECISION},  {"konklusjonen", SK_QROLE_DECISION},
    {"saksliste", SK_QROLE_AGENDA},     {"sakslisten", SK_QROLE_AGENDA},
    {"sakslista", SK_QROLE_AGENDA},     {"dagsorden", SK_QROLE_AGENDA},
    {"dagsordenen", SK_QROLE_AGENDA},   {"saksfremlegg", SK_QROLE_CASE},
    {"saksfremlegget", SK_QROLE_CASE},  {"saksframlegg", SK_QROLE_CASE},
    {"sakspapir", SK_QROLE_CASE},       {"sakspapirer", SK_QROLE_CASE},
    {"sakspapirene", SK_QROLE_CASE},    {"notat", SK_QROLE_CASE},
    {"notatet", SK_QROLE_CASE},         {"notater", SK_QROLE_CASE},
};

/* Words that ask a question and are not what is asked about. */
static const char *const question_words[] = {"hva",    "når",     "hvem",    "om",  "ble",
                                             "hvilke", "hvilken", "hvilket", "hvor"};

/* Words that name the meeting or the cases when a date, name or role says
 * which: "saker Kari har lagt frem", "møtet i mai 2021". */
static const char *const frame_words[] = {"møte",   "møtet", "møter", "møtene", "saker",
                                          "sakene", "har",   "av",    "fra",    "i"};

/* A question for the actor: one word, or a verb and "frem"/"fram". */
static const char *const actor_verbs[] = {"presenterte", "presentert", "presenterer",
                                          "presentere",  "innledet",   "innledning"};
static const char *const actor_verbs2[] = {"la", "lagt", "legge", "legger", "legges"};

static int word_in(const sk_qword *w, const char *const *list, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (sk_qword_is(w, list[k]))
            return 1;
    return 0;
}
#define WORD_IN(w, list) word_in((w), (list), sizeof(list) / sizeof *(list))

const char *sk_qrole_label(sk_qrole r)
{
    static const char *const labels[] = {NULL, "referat", "vedtak", "saksliste", "saksfremlegg"};
    return r > SK_QROLE_NONE && r <= SK_QROLE_CASE ? labels[r] : NULL;
}

const char *sk_qrole_name(sk_qrole r)
{
    static const char *const names[] = {NULL, "minutes", "decision", "agenda", "case"};
    return r > SK_QROLE_NONE && r <= SK_QROLE_CASE ? names[r] : NULL;
}

/* ---- reading ---- */

static void copy_words(char *out, size_t size, const sk_qword *w, size_t n)
{
    size_t len = (size_t)(w[n - 1].s + w[n - 1].len - w[0].s);
    snprintf(out, size, "%.*s", (int)(len < size ? len : size - 1), w[0].s);
}

static void mark(qread_state *st, const sk_qword *w, size_t n, char cls)
{
    for (size_t k = 0; k < n; k++)
        memset(st->mask + (w[k].s - st->text), cls, w[k].len);
}

/* Does the index hold the word as an actor's name word (XQ) or a first
 * name given alone (XQF)? */
static int actor_known(const char *word, size_t len, int first_only, void *payload)
{
    qread_state *st = payload;
    char folded[SK_XAP_MAX_TERM + 1], term[SK_XAP_MAX_TERM + 1];
    sk_err tmp = SK_ERR_INIT;
    int fn = sk_analyse_fold(folded, sizeof folded, st->an, word, len, &tmp);
    if (fn <= 0 || st->db == NULL)
        return 0;
    sk_term_make(term, sizeof term, first_only ? SK_PREFIX_ACTOR_FIRST : SK_PREFIX_ACTOR, folded);
    size_t freq = 0;
    return sk_xdb_termfreq(&freq, st->db, term, &tmp) == SK_OK && freq > 0;
}

static void fold_into(qread_state *st, const sk_qword *w, char *out, size_t size)
{
    sk_err tmp = SK_ERR_INIT;
    if (sk_analyse_fold(out, size, st->an, w->s, w->len, &tmp) <= 0)
        out[0] = '\0';
}

static size_t read_name(qread_state *st, size_t i)
{
    sk_qname nm;
    size_t used = sk_qname_read(&nm, st->words, st->n, i, actor_known, st);
    if (used == 0)
        return 0;
    sk_qreading *r = &st->r;
    r->has_name = 1;
    r->name_first_only = nm.first_only;
    copy_words(r->name, sizeof r->name, &st->words[i], used);
    fold_into(st, &st->words[i], r->name_first, sizeof r->name_first);
    if (used > 1)
        fold_into(st, &st->words[i + used - 1], r->name_last, sizeof r->name_last);
    mark(st, &st->words[i], used, CLS_NAME);
    return used;
}

static size_t read_date(qread_state *st, size_t i)
{
    sk_qdate d;
    size_t used = sk_qdate_read(&d, st->words, st->n, i, st->today);
    if (used == 0)
        return 0;
    st->r.has_date = 1;
    st->r.date = d;
    copy_words(st->r.date_words, sizeof st->r.date_words, &st->words[i], used);
    for (size_t k = i; k < i + used; k++) { /* a year still weighs as a word */
        const sk_qword *w = &st->words[k];
        int year = w->len == 4 && strspn(w->s, "0123456789") == 4;
        mark(st, w, 1, year ? CLS_OPTIONAL : CLS_DROP);
    }
    return used;
}

static size_t read_role(qread_state *st, size_t i)
{
    for (size_t k = 0; k < sizeof role_words / sizeof *role_words; k++) {
        if (!sk_qword_is(&st->words[i], role_words[k].word))
            continue;
        st->r.role = role_words[k].role;
        copy_words(st->r.role_word, sizeof st->r.role_word, &st->words[i], 1);
        mark(st, &st->words[i], 1, CLS_OPTIONAL);
        return 1;
    }
    return 0;
}

static size_t read_question(qread_state *st, size_t i)
{
    const sk_qword *w = &st->words[i];
    const sk_qword *nx = i + 1 < st->n && !st->words[i + 1].locked ? &st->words[i + 1] : NULL;
    size_t used = 0;
    if (WORD_IN(w, actor_verbs))
        used = 1;
    else if (WORD_IN(w, actor_verbs2) && nx && (sk_qword_is(nx, "frem") || sk_qword_is(nx, "fram")))
        used = 2;
    if (used) {
        st->r.asks_actor = 1;
        mark(st, w, used, CLS_DROP);
        return used;
    }
    if (WORD_IN(w, question_words)) {
        mark(st, w, 1, CLS_DROP);
        return 1;
    }
    return 0;
}

/* Walk the words once: a date, a role and a name each read once at most. */
static void read_words(qread_state *st)
{
    for (size_t i = 0; i < st->n;) {
        size_t used = 0;
        if (st->words[i].locked) {
            i++;
            continue;
        }
        if (!st->r.has_date)
            used = read_date(st, i);
        if (!used)
            used = read_question(st, i);
        if (!used && st->r.role == SK_QROLE_NONE)
            used = read_role(st, i);
        if (!used && !st->r.has_name)
            used = read_name(st, i);
        i += used ? used : 1;
    }
    if (!st->r.has_date && !st->r.has_name && st->r.role == SK_QROLE_NONE && !st->r.asks_actor)
        return;
    for (size_t i = 0; i < st->n; i++) /* the frame around what was read */
        if (!st->words[i].locked && st->mask[st->words[i].s - st->text] == CLS_REST &&
            WORD_IN(&st->words[i], frame_words))
            mark(st, &st->words[i], 1, CLS_DROP);
}

/* The council the query names, for "siste møte i NUFA": its XB term. */
static int body_term(qread_state *st, char *term, size_t size)
{
    for (size_t i = 0; i < st->n && st->bodies; i++) {
        size_t idx = 0;
        const char *s = st->words[i].s;
        size_t m = sk_bodies_match(st->bodies, s, strlen(s), &idx);
        if (m == 0 || st->words[i].locked)
            continue;
        const char *name = sk_bodies_name(st->bodies, idx);
        char folded[SK_XAP_MAX_TERM + 1];
        sk_err tmp = SK_ERR_INIT;
        if (sk_analyse_fold(folded, sizeof folded, st->an, name, strlen(name), &tmp) > 0) {
            sk_term_make(term, size, SK_PREFIX_BODY, folded);
            return 1;
        }
    }
    return 0;
}

/* "siste møte": the newest meeting date in the index (of the council the
 * query names); no date read when the index has none. */
static void find_last_meeting(qread_state *st)
{
    char term[SK_XAP_MAX_TERM + 1], *newest = NULL;
    sk_err tmp = SK_ERR_INIT;
    int has_body = body_term(st, term, sizeof term);
    if (st->db == NULL ||
        sk_xdb_highest_value(&newest, st->db, has_body ? term : NULL, SK_SLOT_DATE, &tmp) !=
            SK_OK ||
        newest == NULL || strlen(newest) != 10) {
        free(newest);
        st->r.has_date = 0;
        return;
    }
    memcpy(st->r.date.from, newest, SK_DATE_SIZE);
    memcpy(st->r.date.to, newest, SK_DATE_SIZE);
    free(newest);
}

/* "møter i mai 2021, vedtak, Karl Vestli som aktør" */
static void describe(sk_qreading *r)
{
    char when[48];
    size_t n = 0;
    r->text[0] = '\0';
    sk_qdate_describe(when, sizeof when, &r->date);
    if (r->has_date && r->date.kind == SK_QDATE_LAST_MEETING)
        n += (size_t)snprintf(r->text, sizeof r->text, "siste møte (%s)", when);
    else if (r->has_date)
        n += (size_t)snprintf(r->text, sizeof r->text, "%s %s",
                              r->date.kind == SK_QDATE_DAY ? "møtet" : "møter i", when);
    const char *role = sk_qrole_label(r->role);
    if (role && n < sizeof r->text)
        n += (size_t)snprintf(r->text + n, sizeof r->text - n, "%s%s", n ? ", " : "", role);
    if (r->has_name && n < sizeof r->text)
        n += (size_t)snprintf(r->text + n, sizeof r->text - n, "%s%s som aktør", n ? ", " : "",
                              r->name);
    if (r->asks_actor && !r->has_name && n < sizeof r->text)
        snprintf(r->text + n, sizeof r->text - n, "%sden som la frem", n ? ", " : "");
}

int qread_words(qread_state *st)
{
    st->n = sk_qwords(st->words, SK_QWORD_MAX, st->text);
    read_words(st);
    if (st->r.has_date && st->r.date.kind == SK_QDATE_LAST_MEETING)
        find_last_meeting(st);
    describe(&st->r);
    return st->r.has_date || st->r.has_name || st->r.role != SK_QROLE_NONE || st->r.asks_actor;
}

/* ---- tiers ---- */

/* One dimension of preference: alternatives, each of up to three terms a
 * section must all have, and its level (0 best; alternatives may share one). */
typedef struct dim {
    const char *alt[5][3];
    unsigned level[5];
    size_t n_alt;
    unsigned n_levels;
} dim;

static void add_alt(dim *d, const char *a, const char *b, const char *c, int same_level)
{
    d->alt[d->n_alt][0] = a;
    d->alt[d->n_alt][1] = b;
    d->alt[d->n_alt][2] = c;
    if (!same_level || d->n_levels == 0)
        d->n_levels++;
    d->level[d->n_alt++] = d->n_levels - 1;
}

static const char *term_into(sk_qread_tiers *t, size_t *used, const char *prefix, const char *value)
{
    if (value == NULL || value[0] == '\0' || *used >= SK_QREAD_MAX_TERMS)
        return NULL;
    sk_term_make(t->terms[*used], sizeof t->terms[*used], prefix, value);
    return t->terms[(*used)++];
}

/* Every combination of one alternative (or none) per dimension is a rule;
 * its tier counts the levels in mixed radix, the first dimension weighing
 * most, so a section's tier is the best of each dimension in turn. */
static void combine(sk_qread_tiers *t, const dim *dims, size_t n_dims)
{
    size_t combos = 1;
    for (size_t d = 0; d < n_dims; d++)
        combos *= dims[d].n_alt + 1;
    for (size_t c = 0; c < combos && t->n < SK_QREAD_MAX_RULES; c++) {
        sk_xtier rule = {{NULL}, 0};
        size_t nt = 0, rest = c, tier = 0, weight = 1;
        for (size_t d = n_dims; d-- > 0;) {
            size_t choice = rest % (dims[d].n_alt + 1); /* dims[d].n_alt: none */
            rest /= dims[d].n_alt + 1;
            for (size_t k = 0; k < 3 && choice < dims[d].n_alt; k++)
                if (dims[d].alt[choice][k] && nt < SK_XTIER_MAX_TERMS)
                    rule.terms[nt++] = dims[d].alt[choice][k];
            tier += (choice < dims[d].n_alt ? dims[d].level[choice] : dims[d].n_levels) * weight;
            weight *= dims[d].n_levels + 1;
        }
        if (nt == 0)
            continue;
        rule.tier = (unsigned)tier;
        t->rules[t->n++] = rule;
    }
}

/* Two alternatives of a name's words: in a case's own paper or minutes
 * (own), then anywhere. */
static void pair_alts(dim *d, const char *first, const char *last, const char *own)
{
    add_alt(d, first, last, own, 0);
    add_alt(d, first, last, NULL, 0);
}

void sk_qreading_tiers(sk_qread_tiers *t, const sk_qreading *r)
{
    t->n = 0;
    if (r == NULL)
        return;
    dim dims[3];
    size_t n_dims = 0, used = 0;
    if (r->has_date && r->date.from[0]) {
        const char *prefix = r->date.kind == SK_QDATE_YEAR    ? SK_PREFIX_YEAR
                             : r->date.kind == SK_QDATE_MONTH ? SK_PREFIX_MONTH
                                                              : SK_PREFIX_DAY;
        char value[SK_DATE_SIZE];
        snprintf(value, sizeof value, "%.*s",
                 r->date.kind == SK_QDATE_YEAR    ? 4
                 : r->date.kind == SK_QDATE_MONTH ? 7
                                                  : 10,
                 r->date.from);
        dim d = {0};
        add_alt(&d, term_into(t, &used, prefix, value), NULL, NULL, 0);
        dims[n_dims++] = d;
    }
    if (r->has_name) {
        /* the person acting in a case's own paper or minutes, then anywhere
         * (an agenda row naming the presenter), then a first name given alone */
        dim d = {0};
        const char *own = term_into(t, &used, SK_PREFIX_HOLDS, SK_HOLDS_ACTOR);
        if (!r->name_first_only && r->asks_actor) /* "hva har NAVN lagt frem" */
            pair_alts(&d, term_into(t, &used, SK_PREFIX_PRESENTER, r->name_first),
                      term_into(t, &used, SK_PREFIX_PRESENTER, r->name_last), own);
        if (!r->name_first_only)
            pair_alts(&d, term_into(t, &used, SK_PREFIX_ACTOR, r->name_first),
                      term_into(t, &used, SK_PREFIX_ACTOR, r->name_last), own);
        add_alt(&d, term_into(t, &used, SK_PREFIX_ACTOR_FIRST, r->name_first), NULL, NULL, 0);
        dims[n_dims++] = d;
    } else if (r->asks_actor) { /* a section that says who acts, or a case's that knows */
        dim d = {0};
        add_alt(&d, term_into(t, &used, SK_PREFIX_HOLDS, SK_HOLDS_NAMED), NULL, NULL, 0);
        add_alt(&d, term_into(t, &used, SK_PREFIX_HOLDS, SK_HOLDS_ACTOR), NULL, NULL, 1);
        dims[n_dims++] = d;
    }
    if (r->role != SK_QROLE_NONE) {
        int decision = r->role == SK_QROLE_DECISION;
        const char *v = decision ? SK_HOLDS_DECISION : sk_qrole_name(r->role);
        dim d = {0};
        add_alt(&d, term_into(t, &used, decision ? SK_PREFIX_HOLDS : SK_PREFIX_ROLE, v), NULL, NULL,
                0);
        dims[n_dims++] = d;
    }
    combine(t, dims, n_dims);
}
