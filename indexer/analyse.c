/* analyse.c: tokenising, folding, stemming and variants (see include/saksok/analysis/analyse.h). */
#include "saksok/analysis/analyse.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "saksok/analysis/lexicon.h"
#include "saksok/base/text.h"
#include "saksok/store/xap.h"

#define MAX_PARTS 6
#define MIN_PART_CHARS 4  /* shorter compound parts split too much ("rapp|orten") */
#define MIN_SPLIT_CHARS 8 /* words shorter than this are not split */
#define CACHE_SLOTS 8192  /* memo of splits and OCR repairs, per analyser, at most */
#define CACHE_FIRST_SLOTS 256

typedef struct memo {
    char *key;   /* folded word */
    char *value; /* result: words separated by '|', "" for none */
} memo;

/* A direct-mapped memo of stems: words repeat, and a stem through Xapian
 * costs two std::string allocations. Words longer than STEM_MEMO_BYTES - 1
 * are stemmed every time. */
#define STEM_SLOTS 4096 /* at most */
#define STEM_FIRST_SLOTS 64
#define STEM_MEMO_BYTES 32
typedef struct stem_memo {
    unsigned char key_len, stem_len; /* key_len 0: empty slot */
    char key[STEM_MEMO_BYTES], stem[STEM_MEMO_BYTES];
} stem_memo;

/* n_slots memo slots and the indexes of those in use, so that freeing
 * touches only what was filled. The memos (these and the stems') start small
 * and grow fourfold when half full, up to their most: a one-shot query fills
 * a few dozen slots, and each page of a table at its largest that a word
 * hashes to would be a page fault (about 20 us on a virtual machine), a
 * fifth of a millisecond a query in all. */
typedef struct memo_table {
    memo *slots;
    unsigned *used;
    size_t n_slots, n_used;
} memo_table;

struct sk_analyser {
    sk_xstem *stem;
    const sk_lexicon *lex;
    memo_table split_cache; /* made with the lexicon (the index side) */
    memo_table ocr_cache;
    stem_memo *stems; /* n_stems slots, n_stems_used of them filled */
    size_t n_stems, n_stems_used;
};

int sk_analyser_new(sk_analyser **out, sk_err *err)
{
    *out = NULL;
    sk_analyser *an = calloc(1, sizeof *an);
    if (an == NULL)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    an->n_stems = STEM_FIRST_SLOTS;
    an->stems = calloc(an->n_stems, sizeof *an->stems);
    if (an->stems == NULL) {
        free(an);
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    }
    int rc = sk_xstem_new(&an->stem, "norwegian", err);
    if (rc != SK_OK) {
        free(an->stems);
        free(an);
        return rc;
    }
    *out = an;
    return SK_OK;
}

static int memo_table_init(memo_table *t, size_t n_slots)
{
    t->slots = calloc(n_slots, sizeof *t->slots);
    t->used = malloc(n_slots * sizeof *t->used);
    t->n_slots = n_slots;
    t->n_used = 0;
    return t->slots && t->used ? 0 : -1;
}

static void memo_table_free(memo_table *t)
{
    if (t->slots)
        for (size_t i = 0; i < t->n_used; i++) {
            free(t->slots[t->used[i]].key);
            free(t->slots[t->used[i]].value);
        }
    free(t->slots);
    free(t->used);
    *t = (memo_table){0};
}

void sk_analyser_set_lexicon(sk_analyser *an, const sk_lexicon *lex)
{
    if (lex && an->split_cache.slots == NULL) {
        if (memo_table_init(&an->split_cache, CACHE_FIRST_SLOTS) != 0 ||
            memo_table_init(&an->ocr_cache, CACHE_FIRST_SLOTS) != 0) {
            memo_table_free(&an->split_cache);
            memo_table_free(&an->ocr_cache);
            return; /* without memos there is no lexicon work either */
        }
    }
    an->lex = lex;
}

void sk_analyser_free(sk_analyser *an)
{
    if (an == NULL)
        return;
    memo_table_free(&an->split_cache);
    memo_table_free(&an->ocr_cache);
    free(an->stems);
    sk_xstem_free(an->stem);
    free(an);
}

/* A direct-mapped memo: a slot holds the last word that hashed to it. */
static memo *memo_slot(memo_table *t, const char *key, size_t len)
{
    return &t->slots[sk_hash64(key, len) % t->n_slots];
}

static const char *memo_get(memo *slot, const char *key, size_t len)
{
    if (slot->key && strlen(slot->key) == len && memcmp(slot->key, key, len) == 0)
        return slot->value;
    return NULL;
}

/* The size of a memo of n slots, used of them filled, after growing: four
 * times larger when half full, up to most; 0 when it stays as it is. */
static size_t memo_grown(size_t n, size_t used, size_t most)
{
    if (used * 2 < n || n >= most)
        return 0;
    return n * 4 < most ? n * 4 : most;
}

/* t grown (memo_grown(); a word whose new slot is taken is forgotten); as
 * it was when there is no memory for that. */
static void memo_grow(memo_table *t)
{
    size_t n = memo_grown(t->n_slots, t->n_used, CACHE_SLOTS);
    memo_table g;
    if (n == 0)
        return;
    if (memo_table_init(&g, n) != 0) {
        free(g.slots);
        free(g.used);
        return;
    }
    for (size_t i = 0; i < t->n_used; i++) {
        memo *old = &t->slots[t->used[i]];
        memo *to = memo_slot(&g, old->key, strlen(old->key));
        if (to->key) {
            free(old->key);
            free(old->value);
            continue;
        }
        *to = *old;
        g.used[g.n_used++] = (unsigned)(to - g.slots);
    }
    free(t->slots);
    free(t->used);
    *t = g;
}

/* Remember value for key; the value as kept (NULL when out of memory). */
static const char *memo_put(memo_table *t, const char *key, size_t len, const char *value)
{
    memo_grow(t);
    memo *slot = memo_slot(t, key, len);
    char *k = malloc(len + 1), *v = strdup(value);
    if (k == NULL || v == NULL) {
        free(k);
        free(v);
        return NULL; /* a memo is only a cache */
    }
    memcpy(k, key, len);
    k[len] = '\0';
    if (slot->key == NULL)
        t->used[t->n_used++] = (unsigned)(slot - t->slots);
    free(slot->key);
    free(slot->value);
    slot->key = k;
    slot->value = v;
    return v;
}

/* ---- characters ---- */

enum cls { C_SEP, C_LETTER, C_DIGIT, C_HYPHEN, C_NUMJOIN, C_IGNORE, C_SPACE };

static enum cls classify(utf8proc_int32_t c)
{
    if (c < 0)
        return C_SEP;
    if (c < 0x80) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            return C_LETTER;
        if (c >= '0' && c <= '9')
            return C_DIGIT;
        if (c == '-')
            return C_HYPHEN;
        if (c == '/' || c == '.' || c == ',')
            return C_NUMJOIN;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
            return C_SPACE;
        return C_SEP;
    }
    if (c == 0x00AD)
        return C_IGNORE; /* soft hyphen */
    if (c == 0x2010 || c == 0x2011)
        return C_HYPHEN; /* hyphen, non-breaking hyphen */
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME: return C_LETTER;
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO: return C_DIGIT;
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP: return C_SPACE;
    default: return C_SEP;
    }
}

/* Decode the code point at s (n bytes left); returns its length (>= 1). */
static size_t decode(const char *s, size_t n, utf8proc_int32_t *c)
{
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, c);
    if (k <= 0) {
        *c = -1;
        return 1;
    }
    return (size_t)k;
}

static size_t count_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

int sk_analyse_fold(char *out, size_t out_size, sk_analyser *an, const char *word, size_t len,
                    sk_err *err)
{
    (void)an;
    return sk_text_fold(out, out_size, word, len, err);
}

/* The stems' memo grown (memo_grown()). */
static void stems_grow(sk_analyser *an)
{
    size_t n = memo_grown(an->n_stems, an->n_stems_used, STEM_SLOTS), used = 0;
    if (n == 0)
        return;
    stem_memo *g = calloc(n, sizeof *g);
    if (g == NULL)
        return;
    for (size_t i = 0; i < an->n_stems; i++) {
        const stem_memo *old = &an->stems[i];
        stem_memo *to = &g[sk_hash64(old->key, old->key_len) % n];
        if (old->key_len && !to->key_len) {
            *to = *old;
            used++;
        }
    }
    free(an->stems);
    an->stems = g;
    an->n_stems = n;
    an->n_stems_used = used;
}

int sk_analyse_stem(char *out, size_t out_size, sk_analyser *an, const char *term, size_t len,
                    sk_err *err)
{
    stem_memo *m = NULL;
    if (len > 0 && len < STEM_MEMO_BYTES) {
        m = &an->stems[sk_hash64(term, len) % an->n_stems];
        if (m->key_len == len && memcmp(m->key, term, len) == 0) {
            if ((size_t)m->stem_len + 1 > out_size)
                return sk_err_set(err, SK_ELIMIT, "stem of %u bytes does not fit", m->stem_len);
            memcpy(out, m->stem, m->stem_len);
            out[m->stem_len] = '\0';
            return m->stem_len;
        }
    }
    int n = sk_xstem_apply(out, out_size, an->stem, term, len, err);
    if (m && n >= 0 && n < STEM_MEMO_BYTES) {
        stems_grow(an);
        m = &an->stems[sk_hash64(term, len) % an->n_stems];
        an->n_stems_used += m->key_len == 0;
        memcpy(m->key, term, len);
        m->key_len = (unsigned char)len;
        memcpy(m->stem, out, (size_t)n);
        m->stem_len = (unsigned char)n;
    }
    return n;
}

/* ---- spellings without æøå ---- */

/* "baerekraftig" -> "barekraftig": ae, oe, aa as one letter (which 3). */
static size_t collapse_digraphs(const char *term, size_t len, char *out, size_t out_size)
{
    size_t o = 0;
    int changed = 0;
    for (size_t i = 0; i < len; i++) {
        if (o + 2 > out_size)
            return 0;
        out[o++] = term[i];
        char next = i + 1 < len ? term[i + 1] : '\0';
        if ((term[i] == 'a' && (next == 'e' || next == 'a')) || (term[i] == 'o' && next == 'e')) {
            i++;
            changed = 1;
        }
    }
    out[o] = '\0';
    return changed ? o : 0;
}

size_t sk_analyse_ascii(char *out, size_t out_size, const char *term, size_t len, int which)
{
    if (which == 3)
        return collapse_digraphs(term, len, out, out_size);
    if (memchr(term, 0xC3, len) == NULL)
        return 0; /* æ ø å ä ö are all U+00C0..U+00FF */
    size_t o = 0;
    int changed = 0;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t c;
        size_t k = decode(term + i, len - i, &c);
        const char *rep = NULL;
        switch (c) {
        case 0xE6:                                       /* æ */
        case 0xE4: rep = which == 1 ? "ae" : "a"; break; /* ä */
        case 0xF8:                                       /* ø */
        case 0xF6: rep = which == 1 ? "oe" : "o"; break; /* ö */
        case 0xE5: rep = which == 1 ? "aa" : "a"; break; /* å */
        default: break;
        }
        const char *src = rep ? rep : term + i;
        size_t n = rep ? strlen(rep) : k;
        if (o + n + 1 > out_size)
            return 0;
        memcpy(out + o, src, n);
        o += n;
        changed |= rep != NULL;
        i += k;
    }
    out[o] = '\0';
    return changed ? o : 0;
}

/* ---- stop words (Snowball's Norwegian list, bokmål and nynorsk) ---- */

static const char *const stopwords[] = {
    "alle",   "at",    "av",      "bare",    "begge",     "ble",   "blei",   "bli",     "blir",
    "blitt",  "både",  "båe",     "da",      "de",        "deg",   "dei",    "deim",    "deira",
    "deires", "dem",   "den",     "denne",   "der",       "dere",  "deres",  "det",     "dette",
    "di",     "din",   "disse",   "ditt",    "du",        "dykk",  "dykkar", "då",      "eg",
    "ein",    "eit",   "eitt",    "eller",   "elles",     "en",    "enn",    "er",      "et",
    "ett",    "etter", "for",     "fordi",   "fra",       "før",   "ha",     "hadde",   "han",
    "hans",   "har",   "hennar",  "henne",   "hennes",    "her",   "hjå",    "ho",      "hoe",
    "honom",  "hoss",  "hossen",  "hun",     "hva",       "hvem",  "hver",   "hvilke",  "hvilken",
    "hvis",   "hvor",  "hvordan", "hvorfor", "i",         "ikke",  "ikkje",  "ingen",   "ingi",
    "inkje",  "inn",   "inni",    "ja",      "jeg",       "kan",   "kom",    "korleis", "korso",
    "kun",    "kunne", "kva",     "kvar",    "kvarhelst", "kven",  "kvi",    "kvifor",  "man",
    "mange",  "me",    "med",     "medan",   "meg",       "meget", "mellom", "men",     "mi",
    "min",    "mine",  "mitt",    "mot",     "mykje",     "ned",   "no",     "noe",     "noen",
    "noka",   "noko",  "nokon",   "nokor",   "nokre",     "nå",    "når",    "og",      "også",
    "om",     "opp",   "oss",     "over",    "på",        "samme", "seg",    "selv",    "si",
    "sia",    "sidan", "siden",   "sin",     "sine",      "sitt",  "sjøl",   "skal",    "skulle",
    "slik",   "so",    "som",     "somme",   "somt",      "så",    "sånn",   "til",     "um",
    "upp",    "ut",    "uten",    "var",     "vart",      "varte", "ved",    "vere",    "verte",
    "vi",     "vil",   "ville",   "vore",    "vors",      "vort",  "vår",    "være",    "vært",
    "å",
};

static int cmp_stop(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

int sk_analyse_is_stopword(const char *term, size_t len)
{
    char buf[32];
    if (len >= sizeof buf)
        return 0;
    memcpy(buf, term, len);
    buf[len] = '\0';
    return bsearch(buf, stopwords, sizeof stopwords / sizeof stopwords[0], sizeof stopwords[0],
                   cmp_stop) != NULL;
}

/* ---- compounds ---- */

static int all_letters(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t c;
        size_t k = decode(s + i, len - i, &c);
        if (classify(c) != C_LETTER)
            return 0;
        i += k;
    }
    return 1;
}

/* Is w[0, n) a head part: a lexicon word, or one followed by a linking s/e? */
static size_t head_len(const sk_lexicon *lex, const char *w, size_t n)
{
    if (count_chars(w, n) < MIN_PART_CHARS)
        return 0;
    /* The linking letter first: "informasjons" is a word (genitive), but the
     * part meant is "informasjon". */
    if (n > 1 && (w[n - 1] == 's' || w[n - 1] == 'e') && count_chars(w, n - 1) >= MIN_PART_CHARS &&
        sk_lexicon_has(lex, w, n - 1))
        return n - 1;
    return sk_lexicon_has(lex, w, n) ? n : 0;
}

/* Split w[0, len) into parts; fewest parts wins, then the longest last part.
 * Writes "a|b|c" into out; returns the number of parts (0: no split). */
static int split_compound(const sk_lexicon *lex, const char *w, size_t len, char *out,
                          size_t out_size)
{
    /* best[i]: fewest parts covering w[i, len); next[i]: end of the first part
     * from i (with its linking letter); word[i]: that part's length without it. */
    enum { MAXB = 4 * SK_ANALYSE_MAX_TERM };
    if (len >= MAXB)
        return 0;
    unsigned char best[MAXB + 1];
    size_t next[MAXB + 1], word[MAXB + 1];
    best[len] = 0;
    for (size_t i = len; i-- > 0;) {
        best[i] = 255;
        if (((unsigned char)w[i] & 0xC0) == 0x80)
            continue; /* not a character boundary */
        /* Last part: w[i, len) itself. */
        if (i > 0 && count_chars(w + i, len - i) >= MIN_PART_CHARS &&
            sk_lexicon_has(lex, w + i, len - i)) {
            best[i] = 1;
            next[i] = len;
            word[i] = len - i;
            continue;
        }
        for (size_t j = len - 1; j > i; j--) {
            if (((unsigned char)w[j] & 0xC0) == 0x80 || best[j] == 255 || best[j] + 1 > MAX_PARTS)
                continue;
            size_t h = head_len(lex, w + i, j - i);
            if (h && best[j] + 1 < best[i]) {
                best[i] = (unsigned char)(best[j] + 1);
                next[i] = j;
                word[i] = h;
            }
        }
    }
    if (best[0] == 255 || best[0] < 2 || next[0] == len)
        return 0;
    size_t o = 0;
    int parts = 0;
    for (size_t i = 0; i < len; i = next[i]) {
        if (o + word[i] + 2 > out_size)
            return 0;
        if (parts)
            out[o++] = '|';
        memcpy(out + o, w + i, word[i]);
        o += word[i];
        parts++;
    }
    out[o] = '\0';
    return parts;
}

/* The memoised split of a folded word ("" when it does not split). */
static const char *compound_parts(sk_analyser *an, const char *w, size_t len)
{
    memo *slot = memo_slot(&an->split_cache, w, len);
    const char *v = memo_get(slot, w, len);
    if (v)
        return v;
    char out[4 * SK_ANALYSE_MAX_TERM];
    out[0] = '\0';
    if (count_chars(w, len) >= MIN_SPLIT_CHARS && all_letters(w, len))
        split_compound(an->lex, w, len, out, sizeof out);
    v = memo_put(&an->split_cache, w, len, out);
    return v ? v : "";
}

/* ---- OCR repair ---- */

/* What OCR makes of Norwegian letters: damaged form -> letter it stands for. */
static const struct {
    const char *seen, *meant;
} ocr_confusions[] = {
    {"g", "ø"},  {"e", "ø"},  {"o", "ø"}, {"a", "å"}, {"a", "æ"}, {"e", "æ"},
    {"ae", "æ"}, {"ee", "æ"}, {"i", "l"}, {"l", "i"}, {"c", "e"}, {"rn", "m"},
};
#define N_CONFUSIONS (sizeof ocr_confusions / sizeof ocr_confusions[0])
#define MAX_OCR_CANDIDATES 2

typedef struct ocr_search {
    const sk_lexicon *lex;
    char found[MAX_OCR_CANDIDATES][4 * SK_ANALYSE_MAX_TERM];
    int n_found;
    int ambiguous;
} ocr_search;

static void ocr_try(ocr_search *s, const char *w, size_t len, size_t from, int subs_left)
{
    for (size_t i = from; i < len && !s->ambiguous; i++) {
        for (size_t c = 0; c < N_CONFUSIONS; c++) {
            size_t sl = strlen(ocr_confusions[c].seen), ml = strlen(ocr_confusions[c].meant);
            if (i + sl > len || memcmp(w + i, ocr_confusions[c].seen, sl) != 0)
                continue;
            char cand[4 * SK_ANALYSE_MAX_TERM];
            size_t n = len - sl + ml;
            if (n >= sizeof cand)
                continue;
            memcpy(cand, w, i);
            memcpy(cand + i, ocr_confusions[c].meant, ml);
            memcpy(cand + i + ml, w + i + sl, len - i - sl);
            cand[n] = '\0';
            if (subs_left == 1) {
                if (!sk_lexicon_has(s->lex, cand, n))
                    continue;
                int dup = 0;
                for (int k = 0; k < s->n_found; k++)
                    dup |= strcmp(s->found[k], cand) == 0;
                if (dup)
                    continue;
                if (s->n_found == MAX_OCR_CANDIDATES) {
                    s->ambiguous = 1;
                    return;
                }
                memcpy(s->found[s->n_found++], cand, n + 1);
            } else {
                ocr_try(s, cand, n, i + ml, subs_left - 1);
            }
        }
    }
}

/* Lexicon words w could be OCR damage of ("a|b"; "" for none). Words the
 * lexicon knows are taken as written. Fewest substitutions win; more than
 * MAX_OCR_CANDIDATES equally good readings mean no repair. */
static const char *ocr_repairs(sk_analyser *an, const char *w, size_t len)
{
    memo *slot = memo_slot(&an->ocr_cache, w, len);
    const char *v = memo_get(slot, w, len);
    if (v)
        return v;
    char out[4 * SK_ANALYSE_MAX_TERM * MAX_OCR_CANDIDATES];
    out[0] = '\0';
    if (count_chars(w, len) >= 3 && all_letters(w, len) && !sk_lexicon_has(an->lex, w, len)) {
        ocr_search s = {an->lex, {{0}}, 0, 0};
        for (int subs = 1; subs <= 2 && s.n_found == 0 && !s.ambiguous; subs++)
            ocr_try(&s, w, len, 0, subs);
        if (!s.ambiguous) {
            for (int k = 0; k < s.n_found; k++) {
                if (k)
                    strcat(out, "|");
                strcat(out, s.found[k]);
            }
        }
    }
    v = memo_put(&an->ocr_cache, w, len, out);
    return v ? v : "";
}

/* ---- emitting ---- */

typedef struct raw_tok {
    size_t start, end;
    unsigned has_letter : 1, has_hyphen : 1, trailing_hyphen : 1;
} raw_tok;

typedef struct emit_ctx {
    sk_analyser *an;
    sk_mode mode;
    const char *text;
    sk_token_cb cb;
    void *payload;
    sk_want_cb want; /* NULL: every word */
    void *want_payload;
    sk_err *err;
} emit_ctx;

/* Stem term and hand the token over. */
static int deliver(emit_ctx *ctx, const char *term, size_t n, size_t start, size_t end,
                   uint32_t pos, unsigned flags)
{
    char stem[SK_ANALYSE_MAX_TERM * 2];
    if (n == 0 || n > SK_ANALYSE_MAX_TERM)
        return SK_OK;
    sk_token tok = {term, n, NULL, 0, start, end, pos, flags};
    if (!(flags & SK_TOK_NUMERIC)) {
        int s = sk_analyse_stem(stem, sizeof stem, ctx->an, term, n, ctx->err);
        if (s < 0)
            return s;
        if (s > 0 && ((size_t)s != n || memcmp(stem, term, n) != 0)) {
            tok.stem = stem;
            tok.stem_len = (size_t)s;
        }
    }
    return ctx->cb(&tok, ctx->payload);
}

/* Fold text[start, end) into term; returns its length, 0 to skip, < 0 on error. */
static int fold_span(emit_ctx *ctx, size_t start, size_t end, char *term, size_t size)
{
    sk_err tmp = SK_ERR_INIT;
    int n = sk_analyse_fold(term, size, ctx->an, ctx->text + start, end - start, &tmp);
    if (n == SK_ELIMIT)
        return 0;
    if (n < 0)
        return sk_err_set(ctx->err, tmp.code, "%s", tmp.msg);
    return n > SK_ANALYSE_MAX_TERM ? 0 : n;
}

/* Deliver each '|'-separated word of list as a variant. */
static int deliver_list(emit_ctx *ctx, const char *list, const raw_tok *t, uint32_t pos,
                        unsigned flags)
{
    while (*list) {
        size_t n = strcspn(list, "|");
        /* A token's term is NUL-terminated (analyse.h): copy it out of the list. */
        char term[SK_ANALYSE_MAX_TERM + 1];
        if (n > SK_ANALYSE_MAX_TERM) {
            list += n + (list[n] == '|');
            continue;
        }
        memcpy(term, list, n);
        term[n] = '\0';
        int rc = deliver(ctx, term, n, t->start, t->end, pos, SK_TOK_SAME_POS | flags);
        if (rc != SK_OK)
            return rc;
        list += n + (list[n] == '|');
    }
    return SK_OK;
}

/* Parts of a hyphenated token, at its position. */
static int emit_hyphen_parts(emit_ctx *ctx, const raw_tok *t, uint32_t pos)
{
    size_t part = t->start;
    for (size_t i = t->start; i <= t->end;) {
        utf8proc_int32_t c = 0;
        size_t k = i < t->end ? decode(ctx->text + i, t->end - i, &c) : 1;
        if (i == t->end || classify(c) == C_HYPHEN) {
            if (i > part) {
                char term[SK_ANALYSE_MAX_TERM * 4];
                int n = fold_span(ctx, part, i, term, sizeof term);
                if (n < 0)
                    return n;
                int rc = deliver(ctx, term, (size_t)n, part, i, pos, SK_TOK_SAME_POS);
                if (rc != SK_OK)
                    return rc;
            }
            part = i + k;
        }
        i += k;
    }
    return SK_OK;
}

static int is_conjunction(const char *t, size_t n)
{
    return (n == 2 && memcmp(t, "og", 2) == 0) || (n == 5 && memcmp(t, "eller", 5) == 0) ||
           (n == 4 && memcmp(t, "samt", 4) == 0) || (n == 3 && memcmp(t, "and", 3) == 0) ||
           (n == 2 && memcmp(t, "or", 2) == 0);
}

/* "helse- og omsorgssektoren": toks[i] ends in a hyphen, toks[i+1] is og/eller,
 * toks[i+2] a compound; emit "helse" + its last part ("helsesektoren"). */
static int emit_shortened(emit_ctx *ctx, const raw_tok *toks, size_t n_toks, size_t i,
                          const char *term, size_t n, uint32_t pos)
{
    if (!toks[i].trailing_hyphen || i + 2 >= n_toks || ctx->an->lex == NULL)
        return SK_OK;
    char conj[16], whole[SK_ANALYSE_MAX_TERM * 4];
    int cn = fold_span(ctx, toks[i + 1].start, toks[i + 1].end, conj, sizeof conj);
    if (cn <= 0 || !is_conjunction(conj, (size_t)cn))
        return cn < 0 ? cn : SK_OK;
    int wn = fold_span(ctx, toks[i + 2].start, toks[i + 2].end, whole, sizeof whole);
    if (wn <= 0)
        return wn;
    const char *parts = compound_parts(ctx->an, whole, (size_t)wn);
    const char *last = strrchr(parts, '|');
    if (last == NULL)
        return SK_OK;
    /* The tail as written in the whole word (with its inflection). */
    size_t tail_len = strlen(last + 1);
    char joined[SK_ANALYSE_MAX_TERM * 4];
    if (n + tail_len + 1 > sizeof joined)
        return SK_OK;
    memcpy(joined, term, n);
    memcpy(joined + n, whole + wn - tail_len, tail_len);
    joined[n + tail_len] = '\0';
    return deliver(ctx, joined, n + tail_len, toks[i].start, toks[i].end, pos, SK_TOK_SAME_POS);
}

static int emit_token(emit_ctx *ctx, const raw_tok *toks, size_t n_toks, size_t i, uint32_t pos)
{
    const raw_tok *t = &toks[i];
    char term[SK_ANALYSE_MAX_TERM * 4];
    int n = fold_span(ctx, t->start, t->end, term, sizeof term);
    if (n <= 0)
        return n;
    unsigned flags = t->has_letter ? 0 : SK_TOK_NUMERIC;
    if (ctx->want && !ctx->want(term, (size_t)n, ctx->want_payload)) {
        sk_token bare = {term, (size_t)n, NULL, 0, t->start, t->end, pos, flags | SK_TOK_BARE};
        return ctx->cb(&bare, ctx->payload);
    }
    int rc = deliver(ctx, term, (size_t)n, t->start, t->end, pos, flags);
    if (rc != SK_OK || ctx->mode != SK_MODE_DOCUMENT || !t->has_letter)
        return rc;
    if (t->has_hyphen)
        rc = emit_hyphen_parts(ctx, t, pos);
    if (rc == SK_OK)
        rc = emit_shortened(ctx, toks, n_toks, i, term, (size_t)n, pos);
    /* Written with æøå: both plain spellings. Written with ae/oe/aa: the
     * other plain spelling (the æøå one is found through the query side). */
    int special = 0;
    for (int which = 1; which <= 3 && rc == SK_OK; which++) {
        char ascii[SK_ANALYSE_MAX_TERM * 4];
        if (which == 3 && special)
            break;
        size_t an = sk_analyse_ascii(ascii, sizeof ascii, term, (size_t)n, which);
        special |= an > 0;
        if (an)
            rc = deliver(ctx, ascii, an, t->start, t->end, pos, SK_TOK_SAME_POS | SK_TOK_ASCII);
    }
    if (rc == SK_OK && ctx->an->lex && !t->has_hyphen) {
        rc = deliver_list(ctx, compound_parts(ctx->an, term, (size_t)n), t, pos, SK_TOK_PART);
        if (rc == SK_OK)
            rc = deliver_list(ctx, ocr_repairs(ctx->an, term, (size_t)n), t, pos, SK_TOK_OCR);
    }
    return rc;
}

/* ---- scanning ---- */

typedef struct scanner {
    const char *text;
    size_t len, i;
} scanner;

/* The next raw token, or 0 at the end. */
static int next_raw(scanner *s, raw_tok *t)
{
    const char *text = s->text;
    size_t len = s->len, i = s->i;
    utf8proc_int32_t c;
    size_t k;
    enum cls cl;
    for (;; i += k) {
        if (i >= len) {
            s->i = i;
            return 0;
        }
        k = decode(text + i, len - i, &c);
        cl = classify(c);
        if (cl == C_LETTER || cl == C_DIGIT)
            break;
    }
    memset(t, 0, sizeof *t);
    t->start = i;
    t->has_letter = cl == C_LETTER;
    enum cls last = cl;
    size_t end = i + k;
    i = end;
    while (i < len) {
        k = decode(text + i, len - i, &c);
        cl = classify(c);
        if (cl == C_LETTER || cl == C_DIGIT) {
            t->has_letter |= cl == C_LETTER;
            last = cl;
            i += k;
            end = i;
            continue;
        }
        if (cl == C_IGNORE) {
            i += k;
            continue;
        }
        if (cl == C_HYPHEN || cl == C_NUMJOIN) {
            utf8proc_int32_t next = -1;
            if (i + k < len)
                decode(text + i + k, len - i - k, &next);
            enum cls ncl = classify(next);
            int joins = cl == C_HYPHEN ? (ncl == C_LETTER || ncl == C_DIGIT)
                                       : (last == C_DIGIT && ncl == C_DIGIT);
            if (joins) {
                t->has_hyphen |= cl == C_HYPHEN;
                i += k;
                continue;
            }
            /* "helse- og": a hyphen, then space, ends a shortened compound. */
            if (cl == C_HYPHEN && end == i && ncl == C_SPACE)
                t->trailing_hyphen = 1;
        }
        break;
    }
    t->end = end;
    s->i = end;
    return 1;
}

int sk_analyse(sk_analyser *an, sk_mode mode, const char *text, size_t len, uint32_t first_pos,
               sk_token_cb cb, void *payload, sk_err *err)
{
    return sk_analyse_some(an, mode, text, len, first_pos, NULL, NULL, cb, payload, err);
}

int sk_analyse_some(sk_analyser *an, sk_mode mode, const char *text, size_t len, uint32_t first_pos,
                    sk_want_cb want, void *want_payload, sk_token_cb cb, void *payload, sk_err *err)
{
    emit_ctx ctx = {an, mode, text, cb, payload, want, want_payload, err};
    uint32_t pos = first_pos ? first_pos : 1;
    scanner s = {text, len, 0};
    /* A window of three tokens: a shortened compound looks two ahead. */
    raw_tok win[3];
    size_t n = 0;
    int more = 1;
    while (more || n > 0) {
        while (more && n < 3) {
            more = next_raw(&s, &win[n]);
            n += (size_t)more;
        }
        if (n == 0)
            break;
        int rc = emit_token(&ctx, win, n, 0, pos++);
        if (rc != SK_OK)
            return rc;
        memmove(win, win + 1, (n - 1) * sizeof *win);
        n--;
    }
    return SK_OK;
}
