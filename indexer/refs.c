/* refs.c: references between cases (see include/saksok/structure/refs.h). */
#include "saksok/structure/refs.h"

#include <string.h>

/* How far around a reference its sentence is looked for (bytes each way). */
#define SENTENCE_REACH 400
/* How far before a trigger word a council's name may start. */
#define NAME_REACH 80

static int is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static int is_word(unsigned char c)
{
    return is_alpha(c) || (c >= '0' && c <= '9');
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c;
}

/* s (n bytes) equals word w, any case (ASCII). */
static int word_is(const char *s, size_t n, const char *w)
{
    if (strlen(w) != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)s[i]) != w[i])
            return 0;
    return 1;
}

/* The word that ends at end (exclusive) and starts at or after from: its
 * start, or end when there is none. */
static const char *word_before(const char *from, const char *end)
{
    const char *p = end;
    while (p > from && is_alpha((unsigned char)p[-1]))
        p--;
    return p;
}

static const char *skip_back_spaces(const char *from, const char *p)
{
    while (p > from && (p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n'))
        p--;
    return p;
}

static const char *skip_spaces(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n'))
        p++;
    return p;
}

/* A council's name that ends exactly at end (a possessive 's' or a
 * compound's '-' between allowed: "NUITs", "NUIT-"), starting after from.
 * Its index into *idx; 0 when there is none. */
static int council_ending_at(const sk_bodies *b, const char *from, const char *end, size_t *idx,
                             const char **start)
{
    if (!b)
        return 0;
    const char *lim = end - from > NAME_REACH ? end - NAME_REACH : from;
    for (const char *s = end - 1; s >= lim; s--) {
        if (s > from && is_word((unsigned char)s[-1]))
            continue;
        size_t n = sk_bodies_match(b, s, (size_t)(end - s), idx);
        if (n == 0)
            continue;
        const char *after = s + n;
        if (after == end || (after + 1 == end && (*after == 's' || *after == '-'))) {
            if (start)
                *start = s;
            return 1;
        }
    }
    return 0;
}

/* A word for a meeting: "møte", "Møte", "møtet", "møtenr", "møtes" (m, ø, ...). */
static int is_meeting_word(const char *w, size_t n)
{
    return n >= 4 && lower((unsigned char)w[0]) == 'm' && (unsigned char)w[1] == 0xC3 &&
           ((unsigned char)w[2] == 0xB8 || (unsigned char)w[2] == 0x98) &&
           lower((unsigned char)w[3]) == 't';
}

/* A word for a meeting's own paper: "referat(et)", "protokoll(en)",
 * "innkalling(en)", "dagsorden(en)". */
static int is_paper_of_meeting(const char *w, size_t n)
{
    static const char *const words[] = {"referat",    "referatet",    "protokoll", "protokollen",
                                        "innkalling", "innkallingen", "dagsorden", "dagsordenen"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (word_is(w, n, words[i]))
            return 1;
    return 0;
}

/* The kind of word before a case number at p, looking back no further than
 * line: 1 a word for a case ("sak", "saken", "saksnr.", "sak nr.", "NUIT-sak"),
 * 2 a council's name (*idx set), 0 neither. *trigger: where that word starts. */
enum { NONE, CASE_WORD, COUNCIL };

static int trigger_before(const sk_bodies *b, const char *line, const char *p, size_t *idx,
                          const char **trigger)
{
    const char *q = skip_back_spaces(line, p);
    /* "nr." / "nr" between the word and the number */
    const char *w = word_before(line, q > line && q[-1] == '.' ? q - 1 : q);
    size_t wn = (size_t)((q > line && q[-1] == '.' ? q - 1 : q) - w);
    if (word_is(w, wn, "nr") || word_is(w, wn, "nummer")) {
        q = skip_back_spaces(line, w);
        w = word_before(line, q);
        wn = (size_t)(q - w);
        if (!(word_is(w, wn, "sak") || word_is(w, wn, "saken")))
            return NONE;
    }
    if (q > line && q[-1] == '.') { /* "saksnr. 12/21" */
        const char *w2 = word_before(line, q - 1);
        if (word_is(w2, (size_t)(q - 1 - w2), "saksnr")) {
            *trigger = w2;
            return CASE_WORD;
        }
    }
    static const char *const case_words[] = {"sak",    "saken",      "sakene", "saker",
                                             "saksnr", "saksnummer", "sakens"};
    for (size_t i = 0; i < sizeof case_words / sizeof *case_words; i++)
        if (word_is(w, wn, case_words[i])) {
            *trigger = w;
            return CASE_WORD;
        }
    /* a council's name right before the number: "NUIT 13/21", "(NUIT 13/21)" */
    const char *name = NULL;
    if (council_ending_at(b, line, q, idx, &name) &&
        sk_bodies_match(b, name, (size_t)(q - name), NULL) == (size_t)(q - name)) {
        /* "Møte NUIT 2/21", "møtet i NUIT 2/21", "referatet fra NUFA 3/20": a
         * meeting's number */
        const char *m = skip_back_spaces(line, name);
        if (m > line && m[-1] == ':')
            m = skip_back_spaces(line, m - 1);
        const char *mw = word_before(line, m);
        if (word_is(mw, (size_t)(m - mw), "i") || word_is(mw, (size_t)(m - mw), "fra")) {
            m = skip_back_spaces(line, mw);
            mw = word_before(line, m);
        }
        if (is_meeting_word(mw, (size_t)(m - mw)) || is_paper_of_meeting(mw, (size_t)(m - mw)))
            return NONE;
        *trigger = name;
        return COUNCIL;
    }
    return NONE;
}

/* The word at q (letters only): its end. */
static const char *word_end(const char *q, const char *end)
{
    while (q < end && is_alpha((unsigned char)*q))
        q++;
    return q;
}

enum { AFTER_NONE, AFTER_COUNCIL, AFTER_OWN_MEETING };

/* What follows the number at p: a council named with it ("i NUIT", "fra
 * NUFA", "hos NUFA", "(NUFA)", "i møtet i NUIT": AFTER_COUNCIL, *idx set),
 * a meeting of the paper's own council ("i dette møtet", "i samme møte",
 * "på forrige møte": AFTER_OWN_MEETING), or neither. */
static int what_follows(const sk_bodies *b, const char *p, const char *end, size_t *idx)
{
    const char *q = skip_spaces(p, end);
    if (b && q < end && *q == '(') {
        q = skip_spaces(q + 1, end);
        size_t n = sk_bodies_match(b, q, (size_t)(end - q), idx);
        return n && q + n < end && q[n] == ')' ? AFTER_COUNCIL : AFTER_NONE;
    }
    static const char *const links[] = {"i", "fra", "hos", "til", "for", "ved", "på"};
    const char *w = word_end(q, end);
    int linked = 0;
    for (size_t i = 0; i < sizeof links / sizeof *links && !linked; i++)
        linked = word_is(q, (size_t)(w - q), links[i]);
    if (!linked)
        return AFTER_NONE;
    q = skip_spaces(w, end);
    if (b && sk_bodies_match(b, q, (size_t)(end - q), idx))
        return AFTER_COUNCIL;
    static const char *const determiners[] = {"dette",   "samme", "dagens",
                                              "forrige", "neste", "det"};
    w = word_end(q, end);
    for (size_t i = 0; i < sizeof determiners / sizeof *determiners; i++)
        if (word_is(q, (size_t)(w - q), determiners[i])) {
            q = skip_spaces(w, end);
            w = word_end(q, end);
            break;
        }
    if (!is_meeting_word(q, (size_t)(w - q)))
        return AFTER_NONE;
    /* "i møtet i NUIT" names the council; "i møtet" alone is the paper's */
    const char *l = skip_spaces(w, end), *le = word_end(l, end);
    if (b && (word_is(l, (size_t)(le - l), "i") || word_is(l, (size_t)(le - l), "fra") ||
              word_is(l, (size_t)(le - l), "hos"))) {
        const char *c = skip_spaces(le, end);
        if (sk_bodies_match(b, c, (size_t)(end - c), idx))
            return AFTER_COUNCIL;
    }
    return AFTER_OWN_MEETING;
}

/* Does a sentence end at p ('.', '!' or '?', then space and a capital)? */
static int sentence_end(const char *p, const char *end)
{
    if (*p == '\t')
        return 1;
    if (*p == '\n' && p + 1 < end && p[1] == '\n')
        return 1;
    if (*p != '.' && *p != '!' && *p != '?')
        return 0;
    const char *q = p + 1;
    if (q >= end || (*q != ' ' && *q != '\n'))
        return 0;
    q = skip_spaces(q, end);
    if (q >= end)
        return 1;
    unsigned char c = (unsigned char)*q;
    /* a capital letter: A-Z, or Æ Ø Å (C3 86, C3 98, C3 85) */
    return (c >= 'A' && c <= 'Z') || (c == 0xC3 && q + 1 < end &&
                                      ((unsigned char)q[1] == 0x86 || (unsigned char)q[1] == 0x98 ||
                                       (unsigned char)q[1] == 0x85));
}

/* The councils the sentence around [a, b) names: 0 none, 1 one (its index
 * in *idx), 2 several different ones. */
static int sentence_councils(const sk_bodies *bodies, const char *text, const char *end,
                             const char *a, const char *b, size_t *idx)
{
    if (!bodies)
        return 0;
    const char *s = a, *e = b;
    const char *lim = a - text > SENTENCE_REACH ? a - SENTENCE_REACH : text;
    while (s > lim && !sentence_end(s - 1, end))
        s--;
    lim = end - b > SENTENCE_REACH ? b + SENTENCE_REACH : end;
    while (e < lim && !sentence_end(e, end))
        e++;
    int found = 0;
    for (const char *p = s; p < e; p++) {
        if (p > s && is_word((unsigned char)p[-1]))
            continue;
        size_t k, n = sk_bodies_match(bodies, p, (size_t)(e - p), &k);
        if (n == 0)
            continue;
        if (found && k != *idx)
            return 2;
        *idx = k;
        found = 1;
        p += n - 1;
    }
    return found;
}

static int line_start(const char *text, const char *p)
{
    const char *q = p;
    while (q > text && (q[-1] == ' ' || q[-1] == '\t'))
        q--;
    return q == text || q[-1] == '\n';
}

static void add_ref(sk_ref *out, size_t *n, size_t max, const char *body, const char *cn,
                    size_t start, size_t end)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(out[i].case_no, cn) == 0 &&
            (out[i].body == body || (out[i].body && body && strcmp(out[i].body, body) == 0)))
            return;
    if (*n == max)
        return;
    sk_ref *r = &out[(*n)++];
    r->body = body;
    memcpy(r->case_no, cn, SK_CASE_NO_SIZE);
    r->start = start;
    r->end = end;
}

/* The council of a reference at [p, q) whose trigger word (or council's
 * name, kind COUNCIL with *idx set) starts at trigger on line: the
 * canonical name, own_body, or NULL when it is ambiguous or unknown. */
static const char *council_of(const sk_bodies *bodies, const char *text, const char *end,
                              const char *line, const char *trigger, int kind, size_t idx,
                              const char *p, const char *q, const char *own_body)
{
    if (kind == COUNCIL)
        return sk_bodies_name(bodies, idx);
    /* "NUIT-sak 3/20", "NUITs sak 3/20", "NUIT sak 3/20" */
    const char *before =
        trigger > line && trigger[-1] == '-' ? trigger - 1 : skip_back_spaces(line, trigger);
    if (council_ending_at(bodies, line, before, &idx, NULL))
        return sk_bodies_name(bodies, idx);
    switch (what_follows(bodies, q, end, &idx)) {
    case AFTER_COUNCIL: return sk_bodies_name(bodies, idx);
    case AFTER_OWN_MEETING: return own_body;
    default: break;
    }
    switch (sentence_councils(bodies, text, end, p, q, &idx)) {
    case 0: return own_body;
    case 1: return sk_bodies_name(bodies, idx);
    default: return NULL; /* several councils: which one is not said */
    }
}

/* After a reference ending at from, does p continue its list (", 13/21",
 * " og 13/21", " eller 13/21")? */
static int continues_list(const char *from, const char *p)
{
    const char *g = skip_back_spaces(from, p);
    if (g > from && g[-1] == ',')
        return skip_back_spaces(from, g - 1) == from;
    const char *w = word_before(from, g);
    return (word_is(w, (size_t)(g - w), "og") || word_is(w, (size_t)(g - w), "eller")) &&
           skip_back_spaces(from, w) == from;
}

size_t sk_refs_find(const sk_bodies *bodies, const char *text, size_t len, const char *own_body,
                    const char *own_case, sk_ref *out, size_t max)
{
    size_t n = 0;
    if (text == NULL)
        return 0;
    const char *end = text + len;
    /* the last reference: a list "sakene 12/21, 13/21 og 14/21" goes on after it */
    const char *last_end = NULL, *last_trigger = NULL;
    int last_kind = NONE;
    size_t last_idx = 0;
    for (const char *p = text; p < end && n < max; p++) {
        if (!(*p >= '0' && *p <= '9') ||
            (p > text && (is_word((unsigned char)p[-1]) || p[-1] == '/' || p[-1] == '.' ||
                          p[-1] == '-' || p[-1] == ',')))
            continue;
        const char *q = p;
        char cn[SK_CASE_NO_SIZE];
        if (sk_parse_case_no(cn, &q, end, 1) != SK_OK)
            continue;
        const char *line = p;
        while (line > text && line[-1] != '\n')
            line--;
        size_t idx = 0;
        const char *trigger = NULL;
        int kind;
        if (last_end && continues_list(last_end, p)) {
            kind = last_kind;
            trigger = last_trigger;
            idx = last_idx;
        } else {
            kind = trigger_before(bodies, line, p, &idx, &trigger);
        }
        last_end = NULL;
        /* "12-21" only after a word for a case; a heading or a list row
         * ("Sak 13/21 Title" at the start of a line) is no reference */
        if (kind == NONE || (kind != CASE_WORD && memchr(p, '-', (size_t)(q - p))) ||
            (line_start(text, trigger) && !(*trigger >= 'a' && *trigger <= 'z'))) {
            p = q - 1;
            continue;
        }
        const char *body = council_of(bodies, text, end, line, trigger, kind, idx, p, q, own_body);
        last_end = q;
        last_trigger = trigger;
        last_kind = kind;
        last_idx = idx;
        int self = own_case && strcmp(own_case, cn) == 0 &&
                   (body == NULL || (own_body && strcmp(own_body, body) == 0));
        if (!self)
            add_ref(out, &n, max, body, cn, (size_t)(p - text), (size_t)(q - text));
        p = q - 1;
    }
    return n;
}

size_t sk_ref_key(char *out, size_t out_size, const char *body, const char *case_no)
{
    size_t bl = strlen(body), cl = strlen(case_no);
    if (bl + 1 + cl + 1 > out_size)
        return 0;
    for (size_t i = 0; i < bl; i++)
        out[i] = (char)lower((unsigned char)body[i]);
    out[bl] = ' ';
    memcpy(out + bl + 1, case_no, cl + 1);
    return bl + 1 + cl;
}
