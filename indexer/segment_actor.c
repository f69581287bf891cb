/* segment_actor.c: who acts in a section (step 6a, after the sections are
 * built): the sender ("Fra"), the case officer ("Saksbehandler"), the minute
 * taker ("Referent") from the label lines at a section's head (or, for the
 * minute taker, anywhere in the paper, for its minutes), and a presenter an
 * agenda item names after its title: "Tittel v/ Kari Nordmann",
 * "Tittel (Kari)". A value is taken only when it is a person's name and
 * nothing else (actor.h): "Fra: Direktoratet for e-helse" gives no sender.
 */
#include <stdlib.h>
#include <string.h>

#include "saksok/structure/actor.h"
#include "segment_int.h"

#define HEAD_LINES 40 /* label lines stand at a section's head */
#define MAX_VALUE 120

enum { A_SENDER, A_OFFICER, A_MINUTES, N_ACTOR_LABELS };

static const struct {
    const char *label;
    int field;
} actor_labels[] = {
    {"Saksbehandler", A_OFFICER}, {"Saksbeh.", A_OFFICER}, {"Fra", A_SENDER},
    {"Avsender", A_SENDER},       {"Referent", A_MINUTES}, {"Protokollfører", A_MINUTES},
};

static char **actor_field(sk_section *s, int f)
{
    return f == A_SENDER ? &s->sender : f == A_OFFICER ? &s->case_officer : &s->minute_taker;
}

/* The value of an actor label on line s (len bytes), or its next line when
 * the label stands alone; its field in *f. NULL when the line is none. */
static const char *label_value(const char *s, size_t len, const char *next, size_t next_len, int *f,
                               size_t *vlen)
{
    for (size_t k = 0; k < sizeof actor_labels / sizeof *actor_labels; k++) {
        const char *v = seg_after_label(s, len, actor_labels[k].label);
        if (v == NULL)
            continue;
        *f = actor_labels[k].field;
        if (v == s + len) {
            *vlen = next_len;
            return next;
        }
        *vlen = (size_t)(s + len - v);
        return v;
    }
    return NULL;
}

static void take(doc *d, char **field, const char *v, size_t len)
{
    seg_trim(&v, &len);
    if (*field == NULL && v && len > 0 && len <= MAX_VALUE && sk_actor_only_names(v, len))
        *field = seg_clean_field(d, v, len);
}

/* The label lines at the head of s's text. */
static void head_actors(doc *d, sk_section *s)
{
    const char *p = s->text, *end = s->text + strlen(s->text);
    for (int n = 0; p < end && n < HEAD_LINES && !d->rc; n++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *nx = nl ? nl + 1 : end;
        const char *nnl = nx < end ? memchr(nx, '\n', (size_t)(end - nx)) : NULL;
        size_t nxlen = (size_t)((nnl ? nnl : end) - nx);
        const char *ls = p;
        size_t llen = (size_t)(le - p);
        seg_trim(&ls, &llen);
        int f;
        size_t vlen = 0;
        const char *v = llen ? label_value(ls, llen, nx, nxlen, &f, &vlen) : NULL;
        if (v)
            take(d, actor_field(s, f), v, vlen);
        p = nx;
    }
}

/* "Tittel v/ Kari Nordmann" or "Tittel (Kari)": the name at the title's end. */
static void title_presenter(doc *d, sk_section *s)
{
    if (s->presenter || !s->title)
        return;
    const char *t = s->title;
    size_t len = strlen(t);
    const char *v = NULL;
    size_t vlen = 0;
    if (len > 2 && t[len - 1] == ')') {
        const char *open = memchr(t, '(', len);
        while (open && memchr(open + 1, '(', (size_t)(t + len - open - 1)))
            open = memchr(open + 1, '(', (size_t)(t + len - open - 1));
        if (open && open > t) {
            v = open + 1;
            vlen = (size_t)(t + len - 1 - v);
        }
    } else {
        for (const char *q = t; q + 2 < t + len; q++)
            if (q[0] == 'v' && q[1] == '/' && (q == t || q[-1] == ' ')) {
                v = q + 2;
                vlen = (size_t)(t + len - v);
            }
    }
    sk_actor_name nm;
    if (v && vlen > 0 && vlen <= MAX_VALUE && sk_actor_names(&nm, 1, v, vlen) == 1 &&
        (nm.n_words >= 2 || memchr(v, ' ', vlen) == NULL))
        s->presenter = seg_clean_field(d, v, vlen);
}

/* A "Referent" fact anywhere in the paper: the minute taker of its minutes. */
static char *paper_minute_taker(doc *d)
{
    char *found = NULL;
    for (size_t i = 0; i < d->n_lines && !found && !d->rc; i++) {
        if (seg_skip_line(d, i))
            continue;
        const line *l = &d->lines[i];
        const line *nx = i + 1 < d->n_lines ? &d->lines[i + 1] : NULL;
        int f;
        size_t vlen = 0;
        const char *v = label_value(l->s, l->len, nx ? nx->s : NULL, nx ? nx->len : 0, &f, &vlen);
        if (v && f == A_MINUTES)
            take(d, &found, v, vlen);
    }
    return found;
}

void seg_find_actors(doc *d)
{
    char *taker = paper_minute_taker(d);
    for (size_t i = 0; i < d->n_secs && !d->rc; i++) {
        sk_section *s = &d->secs[i].s;
        if (s->role == SK_ROLE_PAGE || s->role == SK_ROLE_MENTION)
            continue;
        if (s->role != SK_ROLE_AGENDA)
            head_actors(d, s);
        title_presenter(d, s);
        if (s->role == SK_ROLE_MINUTES && !s->minute_taker && taker)
            s->minute_taker = seg_dups(d, taker);
    }
    free(taker);
}
