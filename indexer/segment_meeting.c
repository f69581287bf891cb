/* segment_meeting.c: heading-shaped lines, minutes zones (step 2b) and the
 * paper's own meeting (step 3): its body, date and meeting number, read from
 * the front page, the title and the path, only from heading-shaped lines,
 * never from running text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "segment_int.h"

/* ---- headings: body, date, meeting number ---- */

/* Meeting number "4/20", "4/2023" at p: normalised into out (no leading
 * zeros), returns the end or NULL. */
static const char *meeting_no_at(const char *p, const char *end, char out[16])
{
    const char *q = p;
    int num = 0, nd = 0;
    while (q < end && seg_is_digit(*q) && nd < 3) {
        num = num * 10 + (*q - '0');
        q++;
        nd++;
    }
    if (nd == 0 || num == 0 || q >= end || *q != '/')
        return NULL;
    const char *y = ++q;
    while (q < end && seg_is_digit(*q))
        q++;
    if ((q - y != 2 && q - y != 4) || (q < end && (*q == '/' || seg_is_word_byte(*q))))
        return NULL;
    snprintf(out, 16, "%d/%.*s", num, (int)(q - y), y);
    return q;
}

/* Words that open a heading naming the paper's kind; the first
 * N_MINUTES_KINDS also open minutes. */
static const char *const paper_kinds[] = {"Referat",       "Møtereferat", "Protokoll",
                                          "Møteprotokoll", "Møtebok",     "Innkalling"};
#define N_MINUTES_KINDS 5

/* An enclosure's number before a heading ("Vedlegg 1: Referat fra ...",
 * "Bilag 2 - Protokoll"): the heading's start after it, else s. */
static const char *after_enclosure(const char *s, const char *end)
{
    static const char *const words[] = {"Vedlegg", "Bilag"};
    for (size_t k = 0; k < sizeof words / sizeof *words; k++) {
        if (!seg_starts_word_ci(s, (size_t)(end - s), words[k]))
            continue;
        const char *p = seg_skip_ws(s + strlen(words[k]), end), *q = p;
        while (q < end && (seg_is_digit(*q) || (*q >= 'A' && *q <= 'Z' && q == p)))
            q++;
        if (q == p || q - p > 3 || q == end || (*q != ':' && *q != '.' && *q != ' ' && *q != '-'))
            return s;
        return seg_skip_seps(q, end);
    }
    return s;
}

typedef struct heading {
    int body; /* -1 if none */
    int has_date;
    char date[SK_DATE_SIZE];
    int has_no;
    char meeting_no[16];
} heading;

/* "Referat fra", "Innkalling til", ... at p: past it (*tokens counted). */
static const char *skip_paper_kind(const char *p, const char *end, int *tokens)
{
    for (size_t k = 0; k < sizeof paper_kinds / sizeof *paper_kinds; k++)
        if (seg_starts_word_ci(p, (size_t)(end - p), paper_kinds[k])) {
            p = seg_skip_ws(p + strlen(paper_kinds[k]), end);
            if (seg_starts_word_ci(p, (size_t)(end - p), "fra") ||
                seg_starts_word_ci(p, (size_t)(end - p), "til"))
                p = seg_skip_ws(p + 3, end);
            (*tokens)++;
            break;
        }
    return p;
}

/* A body named at *pp ("NUFA", "Fagutvalget (NUFA)"): 1 and *pp past it;
 * 0 if none; -1 if the line is not a heading (a sentence, another body). */
static int heading_body(const doc *d, const char **pp, const char *end, heading *h)
{
    const char *p = *pp;
    size_t idx, n = sk_bodies_match(d->bodies, p, (size_t)(end - p), &idx);
    if (!n)
        return 0;
    const char *q = seg_skip_ws(p + n, end);
    /* a sentence ("NUFA tar saken ...") is not a heading */
    if (q < end && seg_is_lower_at(q, end) && q > p + n)
        return -1;
    if (h->body >= 0 && h->body != (int)idx)
        return -1;
    h->body = (int)idx;
    p = q;
    if (p < end && *p == '(') {
        size_t idx2, n2 = sk_bodies_match(d->bodies, p + 1, (size_t)(end - p - 1), &idx2);
        if (n2 && p + 1 + n2 < end && p[1 + n2] == ')' && idx2 == idx)
            p = seg_skip_ws(p + 2 + n2, end);
    }
    *pp = p;
    return 1;
}

/* Read a heading-shaped line: [Referat fra] [Møte [i]] [BODY] [BODY-sep]
 * [møte N/YY] [DATE] [– anything]. Only what stands in that shape counts:
 * "NUIT 20. mai 2021", "Møte 4/20 – 26. august 2020", "Møte i NUFA",
 * "Fagutvalget (NUFA)", "Nasjonalt e-helsestyre - webinar", "13. november
 * 2020". Returns 1 if the line is such a heading (h filled). */
static int read_heading(const doc *d, const char *s, size_t len, heading *h)
{
    const char *p = s, *end = s + len;
    int tokens = 0;
    memset(h, 0, sizeof *h);
    h->body = -1;
    p = skip_paper_kind(p, end, &tokens);
    for (int round = 0; round < 4 && p < end; round++) {
        const char *before = p;
        if (seg_starts_ci(p, (size_t)(end - p), "Møte")) {
            const char *q = p + strlen("Møte");
            if (q == end || !seg_is_word_byte(*q) || seg_is_upper_at(q, end)) {
                p = seg_skip_ws(q, end);
                if (seg_starts_word_ci(p, (size_t)(end - p), "i"))
                    p = seg_skip_ws(p + 1, end);
                tokens++;
            }
        }
        int body = heading_body(d, &p, end, h);
        if (body < 0)
            return 0;
        tokens += body;
        char no[16];
        const char *q = meeting_no_at(p, end, no);
        if (q && tokens > 0) {
            h->has_no = 1;
            memcpy(h->meeting_no, no, sizeof no);
            p = q;
            tokens++;
        }
        p = seg_skip_seps(p, end);
        if (p == before)
            break;
    }
    const char *q = p;
    if (sk_parse_date(h->date, &q, end, 0) == SK_OK) {
        const char *r = seg_skip_ws(q, end);
        if (r == end || *r == ',' || *r == '-' || *r == '(' ||
            (end - r >= 3 && (unsigned char)r[0] == 0xE2 && (unsigned char)r[1] == 0x80)) {
            h->has_date = 1;
            p = end;
        }
    }
    /* without a date, what follows the body must be a separator, a bracket
     * or nothing */
    if (!h->has_date && p != end && q == p) {
        if (h->body < 0 && !h->has_no)
            return 0;
        if (!(*(p - 1) == ' ' || p == s))
            return 0;
    }
    return h->body >= 0 || h->has_date || h->has_no;
}

/* "Dato 26. august 2020", "Dato26.08.2020", or "Dato" and the date on the next
 * line: the date. i is the label line; the next line is looked at only when
 * the label stands alone. */
static int labelled_date(const doc *d, size_t i, char out[SK_DATE_SIZE])
{
    const line *l = &d->lines[i];
    static const char *const labels[] = {"Møtedato", "Dato"};
    for (size_t k = 0; k < 2; k++) {
        const char *v = seg_after_label(l->s, l->len, labels[k]);
        if (!v)
            continue;
        const char *end = l->s + l->len;
        if (v == end) {
            size_t j = i + 1;
            while (j < d->n_lines && j < i + 3 && seg_skip_line(d, j))
                j++;
            if (j >= d->n_lines || j >= i + 3)
                return 0;
            v = d->lines[j].s;
            end = v + d->lines[j].len;
        }
        const char *q = v;
        if (sk_parse_date(out, &q, end, 1) != SK_OK)
            return 0;
        q = seg_skip_ws(q, end);
        return q == end || *q == ',' || *q == '(' || seg_starts_ci(q, (size_t)(end - q), "kl");
    }
    return 0;
}

/* ---- 2b. minutes zones ---- */

void seg_find_zones(doc *d)
{
    for (size_t i = 0; i < d->n_lines && !d->rc; i++) {
        const line *l = &d->lines[i];
        if (seg_skip_line(d, i))
            continue;
        int minutes = 0;
        const char *end = l->s + l->len, *hs = after_enclosure(l->s, end);
        for (size_t k = 0; k < N_MINUTES_KINDS; k++)
            minutes |= seg_starts_word_ci(hs, (size_t)(end - hs), paper_kinds[k]);
        if (!minutes)
            continue;
        zone z = {0};
        heading h;
        if (read_heading(d, hs, (size_t)(end - hs), &h) && h.has_date)
            memcpy(z.date, h.date, sizeof z.date);
        for (size_t j = i + 1; j < d->n_lines && j < i + 16; j++) {
            if (seg_skip_line(d, j))
                continue;
            char dt[SK_DATE_SIZE];
            if (!z.date[0] && labelled_date(d, j, dt))
                memcpy(z.date, dt, sizeof dt);
            const line *m = &d->lines[j];
            char no[16];
            if (!z.meeting_no[0] && seg_starts_word_ci(m->s, m->len, "Møte") &&
                meeting_no_at(seg_skip_ws(m->s + strlen("Møte"), m->s + m->len), m->s + m->len, no))
                memcpy(z.meeting_no, no, sizeof no);
        }
        if (!z.date[0])
            continue; /* a slide titled "Referat" is not a set of minutes */
        z.start = i;
        z.end = d->n_lines;
        zone *nz = realloc(d->zones, (d->n_zones + 1) * sizeof *nz);
        if (!nz) {
            seg_nomem(d);
            return;
        }
        d->zones = nz;
        d->zones[d->n_zones++] = z;
    }
}

/* ---- 3. the paper's meeting ---- */

/* Candidates for the paper's body, date and meeting number: each value the
 * front page, the title or the path states, strong when its shape leaves no
 * doubt (a labelled date, a body named in a heading). */
typedef struct cand {
    char v[208]; /* a body name (at most 200 bytes), a date or a meeting number */
    int strong;
} cand;

#define MAX_CANDS 32

typedef struct cand_list {
    cand c[MAX_CANDS];
    size_t n;
} cand_list;

typedef struct cands {
    cand_list bodies, dates, nos;
} cands;

static void add_cand(cand_list *l, const char *v, int strong)
{
    if (l->n < MAX_CANDS) {
        snprintf(l->c[l->n].v, sizeof l->c[l->n].v, "%s", v);
        l->c[l->n].strong = strong;
        l->n++;
    }
}

/* All candidates agree -> that; else the strong ones if they agree; else none. */
static const char *pick(const cand_list *l)
{
    for (int strong = 0; strong <= 1; strong++) {
        const char *v = NULL;
        int ok = 1;
        for (size_t i = 0; i < l->n; i++) {
            if (strong && !l->c[i].strong)
                continue;
            if (!v)
                v = l->c[i].v;
            else if (strcmp(v, l->c[i].v) != 0)
                ok = 0;
        }
        if (v && ok)
            return v;
    }
    return NULL;
}

/* What a heading states: the body (strong), the date and number (weak). */
static void add_heading(const doc *d, cands *c, const heading *h)
{
    if (h->body >= 0)
        add_cand(&c->bodies, sk_bodies_name(d->bodies, (size_t)h->body), 1);
    if (h->has_date)
        add_cand(&c->dates, h->date, 0);
    if (h->has_no)
        add_cand(&c->nos, h->meeting_no, 0);
}

/* Body named by a directory of the path ("nufa/2020/x.pdf"), or -1. */
static int body_from_path(const doc *d, const char *rel_path)
{
    if (!rel_path)
        return -1;
    int found = -1;
    const char *p = rel_path;
    for (;;) {
        const char *slash = strchr(p, '/');
        if (!slash)
            break; /* the file name itself is not used */
        int b = sk_bodies_find(d->bodies, p, (size_t)(slash - p));
        if (b >= 0) {
            if (found >= 0 && found != b)
                return -1;
            found = b;
        }
        p = slash + 1;
    }
    return found;
}

static int date_from_path(const char *rel_path, char out[SK_DATE_SIZE])
{
    if (!rel_path)
        return 0;
    const char *base = strrchr(rel_path, '/');
    base = base ? base + 1 : rel_path;
    const char *end = base + strlen(base);
    if (end - base < 10 || !seg_is_digit(base[0]))
        return 0;
    const char *q = base;
    if (sk_parse_date(out, &q, end, 0) != SK_OK || q != base + 10)
        return 0;
    return 1;
}

/* The front of the paper, lines [*first, *end): the first page with text
 * (two if the first is thin), or the first 60 lines of a paper without
 * pages, up to the first long line of running text (a table row with tabs
 * is not running text). */
static void front_lines(const doc *d, size_t *first, size_t *end)
{
    size_t first_text = 0;
    while (first_text < d->n_lines && (d->lines[first_text].flags & L_BLANK))
        first_text++;
    *first = first_text;
    *end = d->n_lines;
    if (first_text >= d->n_lines)
        return;
    int pg = d->lines[first_text].page;
    size_t e = first_text, nonblank = 0;
    while (e < d->n_lines && d->lines[e].page == pg)
        nonblank += !(d->lines[e++].flags & L_BLANK);
    if (nonblank < 5)
        while (e < d->n_lines && d->lines[e].page == pg + 1)
            e++;
    *end = e;
    if (*end - first_text > 60 && d->n_pages == 1)
        *end = first_text + 60;
    /* and only up to the first paragraph of running text */
    for (size_t i = first_text; i < *end; i++)
        if (d->lines[i].len > 120 && !memchr(d->lines[i].raw, '\t', d->lines[i].raw_len)) {
            *end = i;
            break;
        }
}

/* The front never takes in a minutes zone, unless the paper starts with one
 * (then the paper is minutes: returns 1). */
static int front_minutes(const doc *d, size_t first_text, size_t *end)
{
    size_t zone_start = d->n_zones ? d->zones[0].start : d->n_lines;
    if (zone_start >= *end)
        return 0;
    size_t k = first_text;
    while (k < zone_start && seg_skip_line(d, k))
        k++;
    if (k == zone_start)
        return 1;
    *end = zone_start;
    return 0;
}

/* "Møte" standing alone at line i, the value on the next line ("NUFA 3/20"). */
static void lone_meeting_label(const doc *d, cands *c, size_t i, size_t end)
{
    size_t j = i + 1;
    while (j < end && seg_skip_line(d, j))
        j++;
    if (j >= end)
        return;
    const line *m = &d->lines[j];
    const char *p = m->s, *e = m->s + m->len;
    size_t idx, n = sk_bodies_match(d->bodies, p, m->len, &idx);
    if (n) {
        add_cand(&c->bodies, sk_bodies_name(d->bodies, idx), 1);
        p = seg_skip_ws(p + n, e);
    } else if (seg_starts_word_ci(p, m->len, "Møte")) {
        p = seg_skip_ws(p + strlen("Møte"), e);
    }
    char no[16];
    const char *q = meeting_no_at(p, e, no);
    if (q && seg_skip_ws(q, e) == e)
        add_cand(&c->nos, no, 1);
}

/* A council the list does not know, named by an "Utvalg:"/"Organ:" fact:
 * a weak candidate (seg_unknown_council), so any council the paper names
 * plainly wins. */
static void council_fact(const doc *d, cands *c, const char *v, size_t len)
{
    char buf[208];
    if (seg_unknown_council(d, v, len, buf, sizeof buf))
        add_cand(&c->bodies, buf, 0);
}

static void front_cands(const doc *d, cands *c, size_t first_text, size_t end)
{
    for (size_t i = first_text; i < end; i++) {
        const line *l = &d->lines[i];
        if (l->flags & L_BLANK)
            continue;
        heading h;
        char dt[SK_DATE_SIZE];
        if (labelled_date(d, i, dt))
            add_cand(&c->dates, dt, 1);
        /* the addressee or the council as a fact: "Til: NUFA", "Utvalg:
         * Nasjonalt fagutvalg for e-helse (NUFA)", "Organ\tFagutvalget" */
        static const char *const to[] = {"Til", "Utvalg", "Organ"};
        const char *v = NULL;
        for (size_t k = 0; k < sizeof to / sizeof *to && !v; k++)
            v = seg_after_label(l->s, l->len, to[k]);
        const char *s = v ? v : l->s;
        size_t len = v ? (size_t)(l->s + l->len - v) : l->len;
        if (read_heading(d, s, len, &h))
            add_heading(d, c, &h);
        else if (v && !seg_starts_word_ci(l->s, l->len, "Til"))
            council_fact(d, c, v, len); /* "Utvalg: Hovedutvalg for helse og omsorg" */
        if (seg_eq_ci(l->s, l->len, "Møte"))
            lone_meeting_label(d, c, i, end);
    }
}

/* The next separator of title parts (" - ", " |", " – ") in [p, tend), or NULL. */
static const char *title_sep(const char *p, const char *tend)
{
    for (const char *q = p; q + 2 < tend; q++) {
        if ((q[0] == ' ' && q[1] == '-' && q[2] == ' ') || (q[0] == ' ' && q[1] == '|') ||
            (q[0] == ' ' && (unsigned char)q[1] == 0xE2 && q + 4 < tend &&
             (unsigned char)q[2] == 0x80 && (unsigned char)q[3] == 0x93 && q[4] == ' '))
            return q;
    }
    return NULL;
}

/* The title: the whole of it, and each " – " part. */
static void title_cands(const doc *d, cands *c, const char *title)
{
    const char *p = title, *tend = title + strlen(title);
    while (p < tend) {
        const char *sep = title_sep(p, tend);
        const char *pe = sep ? sep : tend;
        const char *s = p;
        size_t len = (size_t)(pe - p);
        seg_trim(&s, &len);
        heading h;
        if (p == title && !seg_starts_word_ci(s, len, "Sak") &&
            read_heading(d, title, strlen(title), &h)) {
            add_heading(d, c, &h);
        } else if (len) {
            int b = sk_bodies_find(d->bodies, s, len);
            if (b >= 0)
                add_cand(&c->bodies, sk_bodies_name(d->bodies, (size_t)b), 1);
        }
        if (!sep)
            break;
        p = sep + 1;
        if (p < tend && *p == '|')
            p++;
        p = seg_skip_seps(p, tend);
    }
}

/* The body all candidates agree on; else, when they do not, the one the
 * path names among them; else, when there are none, the path's. */
static void copy_field(char *dst, size_t size, const char *v)
{
    size_t n = strnlen(v, size - 1);
    memcpy(dst, v, n);
    dst[n] = '\0';
}

static void choose_body(doc *d, const cand_list *bodies, const char *rel_path)
{
    const char *b = pick(bodies);
    int pb = body_from_path(d, rel_path);
    if (!b && bodies->n && pb >= 0) {
        /* the text names several bodies: the path may tell which */
        for (size_t i = 0; i < bodies->n; i++)
            if (strcmp(bodies->c[i].v, sk_bodies_name(d->bodies, (size_t)pb)) == 0)
                b = bodies->c[i].v;
    } else if (!b && !bodies->n && pb >= 0) {
        b = sk_bodies_name(d->bodies, (size_t)pb);
    }
    d->body = -1;
    d->body_text[0] = '\0';
    if (b)
        for (size_t i = 0; i < sk_bodies_count(d->bodies); i++)
            if (strcmp(sk_bodies_name(d->bodies, i), b) == 0)
                d->body = (int)i;
    if (b && d->body < 0) /* a council the list does not know, as its paper names it */
        copy_field(d->body_text, sizeof d->body_text, b);
}

void seg_paper_meeting(doc *d, const char *rel_path, const char *title, const char *site)
{
    cands c;
    c.bodies.n = c.dates.n = c.nos.n = 0;
    size_t first_text, end;
    front_lines(d, &first_text, &end);
    int minutes_paper = front_minutes(d, first_text, &end);
    front_cands(d, &c, first_text, end);
    if (minutes_paper) {
        add_cand(&c.dates, d->zones[0].date, 1);
        if (d->zones[0].meeting_no[0])
            add_cand(&c.nos, d->zones[0].meeting_no, 1);
    }
    if (title)
        title_cands(d, &c, title);
    if (site) /* the site's breadcrumb and name, read as the title is */
        title_cands(d, &c, site);
    choose_body(d, &c.bodies, rel_path);
    const char *dt = pick(&c.dates);
    if (dt)
        copy_field(d->date, sizeof d->date, dt);
    else if (!c.dates.n)
        date_from_path(rel_path, d->date);
    const char *no = pick(&c.nos);
    if (no)
        copy_field(d->meeting_no, sizeof d->meeting_no, no);
}
