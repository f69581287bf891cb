/* segment_section.c: step 6 of the segment stage, the sections: one per
 * anchor (with its text, page marks and decision texts), fields shared
 * between the sections of one case of one meeting, mentions of other cases,
 * and a page section for each page's text outside case and minutes sections.
 */
#include <stdlib.h>
#include <string.h>

#include "saksok/base/buf.h"
#include "segment_int.h"

/* ---- 6. sections ---- */

static sec *new_sec(doc *d, sk_role role, size_t first_line)
{
    if (d->rc)
        return NULL;
    if (d->n_secs == d->cap_secs) {
        size_t cap = d->cap_secs ? d->cap_secs * 2 : 32;
        sec *ns = realloc(d->secs, cap * sizeof *ns);
        if (!ns) {
            seg_nomem(d);
            return NULL;
        }
        d->secs = ns;
        d->cap_secs = cap;
    }
    sec *s = &d->secs[d->n_secs];
    memset(s, 0, sizeof *s);
    s->s.role = role;
    s->line = first_line;
    s->seq = d->n_secs++;
    return s;
}

/* Note that page pn starts at byte offset of the text being built. */
static void mark_page(doc *d, sec *s, size_t offset, int pn)
{
    if (s->s.n_page_marks && s->s.page_marks[s->s.n_page_marks - 1].number == pn)
        return;
    if (s->s.n_page_marks && s->s.page_marks[s->s.n_page_marks - 1].offset == offset) {
        s->s.page_marks[s->s.n_page_marks - 1].number = pn;
        return;
    }
    sk_page_mark *m = realloc(s->s.page_marks, (s->s.n_page_marks + 1) * sizeof *m);
    if (m == NULL) {
        seg_nomem(d);
        return;
    }
    s->s.page_marks = m;
    m[s->s.n_page_marks++] = (sk_page_mark){offset, pn};
}

/* Text of lines [a, b) without boilerplate (and, with only_uncovered, without
 * the lines it marks), the page range and the page marks. */
static void fill_text(doc *d, sec *s, size_t a, size_t b, const unsigned char *only_uncovered)
{
    sk_buf buf;
    sk_buf_init(&buf, 0);
    int from = -1, to = -1;
    free(s->s.page_marks);
    s->s.page_marks = NULL;
    s->s.n_page_marks = 0;
    for (size_t i = a; i < b && !d->rc; i++) {
        const line *l = &d->lines[i];
        if (l->flags & L_BOILER)
            continue;
        if (only_uncovered && only_uncovered[i])
            continue;
        if (!(l->flags & L_BLANK)) {
            int pn = d->pages[l->page].number;
            if (from < 0)
                from = pn;
            to = pn;
            mark_page(d, s, buf.len ? buf.len + 1 : 0, pn);
        }
        const char *e = l->raw + l->raw_len;
        while (e > l->raw && (e[-1] == ' ' || e[-1] == '\r'))
            e--;
        if ((buf.len && sk_buf_putc(&buf, '\n', d->err)) ||
            sk_buf_append(&buf, l->raw, (size_t)(e - l->raw), d->err)) {
            d->rc = d->err && d->err->code ? d->err->code : SK_ENOMEM;
            break;
        }
    }
    if (from < 0 && a < d->n_lines) {
        from = to = d->pages[d->lines[a].page].number;
    }
    s->end = b;
    s->s.page_from = from < 0 ? 0 : from;
    s->s.page_to = to < 0 ? 0 : to;
    /* drop blank lines at the ends */
    size_t st = 0, en = buf.len;
    while (st < en && (buf.data[st] == '\n' || buf.data[st] == ' '))
        st++;
    while (en > st && (buf.data[en - 1] == '\n' || buf.data[en - 1] == ' '))
        en--;
    s->s.text = seg_dupn(d, buf.data ? buf.data + st : "", en - st);
    sk_buf_release(&buf);
    /* Offsets move with the trimmed start; the first mark is at 0. */
    for (size_t k = 0; k < s->s.n_page_marks; k++) {
        size_t o = s->s.page_marks[k].offset;
        o = o > st ? o - st : 0;
        s->s.page_marks[k].offset = o < en - st ? o : en - st;
    }
}

/* Headings that end a decision text. */
static const char *const stop_headings[] = {
    "Hensikt med saken", "Hensikt",       "Bakgrunn",          "Oppfølging",
    "Vedlegg",           "Saksbehandler", "Drøftingsspørsmål", "Innledning",
    "Oppsummering",      "Vurdering",     "Saksfremstilling",  "Agenda",
    "Takk for",          "Kontaktperson", "Referanser",        "Saksopplysninger",
    "Saksutredning",     "Votering",
};

/* The text after a decision label, up to where it plainly ends. which: 1
 * proposal, 2 decision. The last such label in [a, b) is used. */
static char *decision_text(doc *d, size_t a, size_t b, int which)
{
    size_t at = (size_t)-1;
    const char *first = NULL;
    for (size_t i = a; i < b; i++) {
        const char *v;
        if (!seg_skip_line(d, i) && seg_decision_label(&d->lines[i], &v) == which) {
            at = i;
            first = v;
        }
    }
    if (at == (size_t)-1)
        return NULL;
    sk_buf buf;
    sk_buf_init(&buf, 8192);
    const line *l0 = &d->lines[at];
    if (first < l0->s + l0->len)
        sk_buf_append(&buf, first, (size_t)(l0->s + l0->len - first), d->err);
    int blanks = 0, page = l0->page, n = 0;
    for (size_t i = at + 1; i < b && n < 15 && !d->rc; i++) {
        const line *l = &d->lines[i];
        if (l->flags & L_BOILER)
            continue;
        const char *tail = buf.data ? buf.data : "";
        int ended = buf.len && (tail[buf.len - 1] == '.' || tail[buf.len - 1] == '!');
        if (l->flags & L_BLANK) {
            blanks++;
            if (blanks >= 3)
                break;
            continue;
        }
        if (l->page != page && ended)
            break;
        page = l->page;
        const char *v;
        if (seg_is_anchor_line(d, i) || (l->flags & L_MEMOHDR) || seg_decision_label(l, &v))
            break;
        int stop = 0;
        for (size_t k = 0; k < sizeof stop_headings / sizeof *stop_headings; k++)
            if (seg_starts_word_ci(l->s, l->len, stop_headings[k]))
                stop = 1;
        if (stop)
            break;
        if (buf.len) {
            /* after a blank line or a finished sentence, only another
             * decision sentence ("NUFA tar ...", "Direktoratet ...") goes on */
            size_t idx;
            int decisionish = sk_bodies_match(d->bodies, l->s, l->len, &idx) > 0 ||
                              seg_starts_word_ci(l->s, l->len, "Direktoratet");
            if ((blanks || ended) && !decisionish)
                break;
        }
        blanks = 0;
        if (buf.len && !seg_ends_with_shy(buf.data, buf.len))
            sk_buf_putc(&buf, ' ', d->err);
        sk_buf_append(&buf, l->s, l->len, d->err);
        n++;
    }
    char *t = buf.data ? seg_clean_field(d, buf.data, buf.len) : NULL;
    sk_buf_release(&buf);
    return t;
}

static void set_meeting(doc *d, sec *s, int zone_idx)
{
    if (seg_body_name(d))
        s->s.body = seg_dups(d, seg_body_name(d));
    if (zone_idx >= 0) {
        const zone *z = &d->zones[zone_idx];
        s->s.meeting_date = z->date[0] ? seg_dups(d, z->date) : NULL;
        s->s.meeting_no = z->meeting_no[0] ? seg_dups(d, z->meeting_no) : NULL;
    } else {
        s->s.meeting_date = d->date[0] ? seg_dups(d, d->date) : NULL;
        s->s.meeting_no = d->meeting_no[0] ? seg_dups(d, d->meeting_no) : NULL;
    }
}

/* A row's own council and date columns override the paper's; its archive
 * number column gives its archive number. */
static void row_meeting(doc *d, sec *s, anchor *a)
{
    if (a->archive_no[0])
        s->s.archive_no = seg_dups(d, a->archive_no);
    if (a->body) {
        free(s->s.body);
        s->s.body = a->body;
        a->body = NULL;
    }
    if (a->date[0]) {
        free(s->s.meeting_date);
        s->s.meeting_date = seg_dups(d, a->date);
        free(s->s.meeting_no);
        s->s.meeting_no = NULL; /* the paper's number is of another meeting */
    }
}

static int zone_of_line(const doc *d, size_t i)
{
    for (size_t z = 0; z < d->n_zones; z++)
        if (i >= d->zones[z].start && i < d->zones[z].end)
            return (int)z;
    return -1;
}

/* Label/value lines at the top of a case section (single-case pages). */
static void section_labels(doc *d, sec *s, size_t a, size_t b)
{
    static const struct {
        const char *label;
        int field; /* 1 type, 2 presenter */
    } labels[] = {
        {"Sakstype", 1},          {"Innretning", 1},     {"Type", 1},
        {"Presenterer saken", 2}, {"Legges frem av", 2}, {"Ansvarlig", 2},
    };
    size_t n = 0;
    for (size_t i = a + 1; i < b && n < 24; i++) {
        const line *l = &d->lines[i];
        if (seg_skip_line(d, i))
            continue;
        n++;
        const char *v;
        if (l->len > 100 || seg_decision_label(l, &v))
            break;
        for (size_t k = 0; k < sizeof labels / sizeof *labels; k++) {
            const char *val = seg_after_label(l->s, l->len, labels[k].label);
            if (!val)
                continue;
            const char *end = l->s + l->len;
            if (val == end) {
                size_t j = i + 1;
                while (j < b && seg_skip_line(d, j))
                    j++;
                if (j >= b || d->lines[j].len > 80)
                    break;
                const line *m = &d->lines[j];
                int is_label = 0;
                for (size_t q = 0; q < sizeof labels / sizeof *labels; q++)
                    is_label |= seg_after_label(m->s, m->len, labels[q].label) != NULL;
                if (is_label || seg_after_label(m->s, m->len, "Dato") ||
                    seg_after_label(m->s, m->len, "Møte"))
                    break;
                val = m->s;
                end = m->s + m->len;
            }
            char **f = labels[k].field == 1 ? &s->s.type : &s->s.presenter;
            if (!*f && (size_t)(end - val) <= 80)
                *f = seg_clean_field(d, val, (size_t)(end - val));
            break;
        }
    }
}

void seg_build_sections(doc *d, unsigned char *covered)
{
    for (size_t k = 0; k < d->n_anchors && !d->rc; k++) {
        anchor *a = &d->anchors[k];
        if (a->kind == K_TABLEHDR || a->kind == K_REFERAT)
            continue;
        int in_zone = a->zone >= 0;
        sk_role role;
        size_t end = a->end;
        if (a->kind == K_TABROW) {
            /* a row naming its council and date ("Behandlingsrekkefølge":
             * Saksnr. | Utvalg | Møtedato) says which council's case this
             * paper is */
            role = a->decision                              ? SK_ROLE_MINUTES
                   : a->proposed || (a->body && a->date[0]) ? SK_ROLE_CASE
                                                            : SK_ROLE_AGENDA;
            end = a->paper == 1 ? a->end : a->line + 1;
        } else if (a->kind == K_ROW && !a->item) {
            role = SK_ROLE_AGENDA;
            end = a->row_last + 1;
        } else {
            role = in_zone ? SK_ROLE_MINUTES : SK_ROLE_CASE;
        }
        sec *s = new_sec(d, role, a->line);
        if (!s)
            return;
        set_meeting(d, s, a->zone);
        row_meeting(d, s, a);
        s->s.case_no = seg_dups(d, a->case_no);
        size_t title_last = a->row_last;
        if (a->kind == K_CASEHDR) {
            const char *rest;
            char cn[SK_CASE_NO_SIZE];
            seg_case_header(&d->lines[a->hdr], cn, &rest);
            s->s.title = seg_header_title(d, a->hdr, rest, &title_last);
            section_labels(d, s, title_last, end);
        } else {
            s->s.title = a->title;
            a->title = NULL;
        }
        if (!s->s.type) {
            s->s.type = a->type;
            a->type = NULL;
        }
        if (!s->s.presenter) {
            s->s.presenter = a->presenter;
            a->presenter = NULL;
        }
        if (a->kind == K_TABROW) {
            s->s.decision = a->decision;
            s->s.proposed_decision = a->proposed;
            a->decision = a->proposed = NULL;
            if (a->paper && !s->s.proposed_decision) /* the case paper's proposal */
                s->s.proposed_decision = decision_text(d, a->line, a->end, 1);
        } else if (role != SK_ROLE_AGENDA) {
            s->s.proposed_decision = decision_text(d, a->line, end, 1);
            s->s.decision = decision_text(d, a->line, end, 2);
        }
        fill_text(d, s, a->line, end, NULL);
        if (role == SK_ROLE_CASE || role == SK_ROLE_MINUTES)
            for (size_t i = a->line; i < end; i++)
                covered[i] = 1;
    }
}

/* Sections of one case of one meeting share what one of them knows; the
 * agenda's title is the case's title. */
static int same_case(const sk_section *a, const sk_section *b)
{
    if (!a->case_no || !b->case_no || strcmp(a->case_no, b->case_no) != 0)
        return 0;
    if (!a->meeting_date || !b->meeting_date)
        return a->meeting_date == b->meeting_date;
    return strcmp(a->meeting_date, b->meeting_date) == 0;
}

void seg_share_fields(doc *d)
{
    for (size_t i = 0; i < d->n_secs && !d->rc; i++) {
        sk_section *s = &d->secs[i].s;
        if (s->role == SK_ROLE_PAGE || s->role == SK_ROLE_MENTION)
            continue;
        for (size_t j = 0; j < d->n_secs && !d->rc; j++) {
            const sk_section *o = &d->secs[j].s;
            if (i == j || o->role == SK_ROLE_PAGE || o->role == SK_ROLE_MENTION || !same_case(s, o))
                continue;
            if (o->role == SK_ROLE_AGENDA && s->role != SK_ROLE_AGENDA && o->title) {
                free(s->title);
                s->title = seg_dups(d, o->title);
            }
            if (!s->title && o->title)
                s->title = seg_dups(d, o->title);
            if (!s->type && o->type)
                s->type = seg_dups(d, o->type);
            if (!s->presenter && o->presenter)
                s->presenter = seg_dups(d, o->presenter);
            if (!s->sender && o->sender)
                s->sender = seg_dups(d, o->sender);
            if (!s->case_officer && o->case_officer)
                s->case_officer = seg_dups(d, o->case_officer);
        }
    }
}

/* "jf. sak 12/21", "(sak 51/18)", "NUIT-sak 3/20" outside that case. */
void seg_find_mentions(doc *d)
{
    size_t n_before = d->n_secs;
    for (size_t i = 0; i < d->n_lines && !d->rc; i++) {
        const line *l = &d->lines[i];
        if (seg_skip_line(d, i))
            continue;
        /* the case whose section holds this line */
        const char *own = NULL;
        for (size_t k = 0; k < n_before; k++) {
            const sec *s = &d->secs[k];
            if ((s->s.role == SK_ROLE_CASE || s->s.role == SK_ROLE_MINUTES) && s->line <= i) {
                /* sections are in anchor order; the last one starting before i */
                own = s->s.case_no;
            }
        }
        const char *end = l->s + l->len;
        /* a line that starts a case is not a mention at its start; any
         * other line may quote one there (a sentence wrapped before "sak") */
        const char *from = seg_is_anchor_line(d, i) ? l->s + 1 : l->s;
        for (const char *p = from; p + 4 < end; p++) {
            if (!seg_starts_ci(p, (size_t)(end - p), "sak") ||
                (p > l->s && seg_is_word_byte(p[-1])) ||
                (p + 3 < end && seg_is_word_byte(p[3]) &&
                 !seg_starts_ci(p, (size_t)(end - p), "saken")))
                continue;
            if (seg_starts_ci(p, (size_t)(end - p), "saken"))
                continue;
            const char *q = seg_skip_ws(p + 3, end);
            if (seg_starts_ci(q, (size_t)(end - q), "nr"))
                q = seg_skip_ws(q + 2 + (q + 2 < end && q[2] == '.'), end);
            char cn[SK_CASE_NO_SIZE];
            if (q == p + 3 || sk_parse_case_no(cn, &q, end, 1) != SK_OK)
                continue;
            if (own && strcmp(own, cn) == 0)
                continue;
            int dup = 0;
            for (size_t k = n_before; k < d->n_secs; k++)
                if (strcmp(d->secs[k].s.case_no, cn) == 0 &&
                    d->secs[k].s.page_from == d->pages[l->page].number)
                    dup = 1;
            if (dup)
                continue;
            /* a body named right before: "NUIT-sak", "NUFA sak" */
            int body = -1;
            for (const char *b = p - 1; b >= l->s && b > p - 80; b--) {
                if (b > l->s && seg_is_word_byte(b[-1]))
                    continue;
                size_t idx, n = sk_bodies_match(d->bodies, b, (size_t)(p - b), &idx);
                const char *after = b + n;
                if (n && (after == p || ((*after == '-' || *after == ' ') && after + 1 == p))) {
                    body = (int)idx;
                    break;
                }
            }
            sec *s = new_sec(d, SK_ROLE_MENTION, i);
            if (!s)
                return;
            s->s.case_no = seg_dups(d, cn);
            if (body >= 0)
                s->s.body = seg_dups(d, sk_bodies_name(d->bodies, (size_t)body));
            fill_text(d, s, i, i + 1, NULL);
            p = q;
        }
    }
}

void seg_page_sections(doc *d, const unsigned char *covered)
{
    size_t first = 0;
    while (first < d->n_lines && !d->rc) {
        size_t last = first;
        int pg = d->lines[first].page;
        while (last < d->n_lines && d->lines[last].page == pg)
            last++;
        size_t text_at = (size_t)-1;
        for (size_t i = first; i < last; i++)
            if (!covered[i] && !seg_skip_line(d, i)) {
                text_at = i;
                break;
            }
        if (text_at != (size_t)-1) {
            sec *s = new_sec(d, SK_ROLE_PAGE, text_at);
            if (!s)
                return;
            set_meeting(d, s, zone_of_line(d, text_at));
            fill_text(d, s, first, last, covered);
            s->s.page_from = s->s.page_to = d->pages[pg].number;
        }
        first = last;
    }
}

/* "Behandling i <council> - <date>" at line i: the council (canonical, or
 * as written when the list does not know it; malloc'd, or NULL) and the
 * date into date ("" when none). 0 when the line is not one. */
static int processing_line(doc *d, size_t i, char **council, char date[SK_DATE_SIZE])
{
    const line *l = &d->lines[i];
    const char *end = l->s + l->len, *p = l->s + strlen("Behandling i ");
    *council = NULL;
    date[0] = '\0';
    if (!seg_starts_ci(l->s, l->len, "Behandling i ") || p >= end)
        return 0;
    const char *sep = NULL;
    for (const char *q = p; q + 2 < end; q++)
        if (q[0] == ' ' && q[1] == '-' && q[2] == ' ')
            sep = q;
    if (!sep)
        return 0;
    const char *dp = seg_skip_ws(sep + 3, end);
    if (sk_parse_date(date, &dp, end, 1) != SK_OK || seg_skip_ws(dp, end) != end)
        date[0] = '\0';
    size_t idx, n = sk_bodies_match(d->bodies, p, (size_t)(sep - p), &idx);
    char buf[208];
    if (n == (size_t)(sep - p))
        *council = seg_dups(d, sk_bodies_name(d->bodies, idx));
    else if (seg_unknown_council(d, p, (size_t)(sep - p), buf, sizeof buf))
        *council = seg_dups(d, buf);
    return 1;
}

void seg_processing_facts(doc *d)
{
    for (size_t k = 0; k < d->n_secs && !d->rc; k++) {
        sec *s = &d->secs[k];
        if ((s->s.role != SK_ROLE_MINUTES && s->s.role != SK_ROLE_CASE) ||
            (s->s.body && s->s.meeting_date))
            continue;
        for (size_t i = s->line; i < s->end && i < d->n_lines; i++) {
            char *council, date[SK_DATE_SIZE];
            if (seg_skip_line(d, i) || !processing_line(d, i, &council, date))
                continue;
            if (!s->s.body) {
                s->s.body = council;
                council = NULL;
            }
            if (!s->s.meeting_date && date[0])
                s->s.meeting_date = seg_dups(d, date);
            free(council);
            break;
        }
    }
}
