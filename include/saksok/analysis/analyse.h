/* analyse.h: text -> tokens. One analyser for index and query.
 *
 * The indexer and the query parser both run text through sk_analyse(), so what
 * the indexer writes is exactly what a query can find.
 *
 * Tokens: runs of letters, marks and digits. A hyphen between two word
 * characters joins ("e-helse", "HL7-standard"); '/', '.' and ',' join only
 * between digits ("13/21", "1.5"). A soft hyphen (U+00AD) inside a word is
 * ignored. Each token is folded (NFKC, Unicode case folding: "Æ" -> "æ",
 * "ﬁ" -> "fi") and stemmed with Xapian's Norwegian stemmer. A hyphenated
 * token is followed by its parts at the same position (SK_TOK_SAME_POS), so a
 * search for "helse" finds "e-helse".
 *
 * In SK_MODE_DOCUMENT each word is followed by variants at the same
 * position (SK_TOK_SAME_POS plus a kind flag), which the indexer stores under
 * their own prefixes so a query can weigh them below the word itself:
 *   - SK_TOK_PART: the parts of a compound, split with the lexicon, linking
 *     s/e removed ("informasjonssikkerhet" -> "informasjon", "sikkerhet");
 *   - SK_TOK_ASCII: the word as typed without æøå, in both usual ways
 *     ("bærekraftig" -> "baerekraftig", "barekraftig");
 *   - SK_TOK_OCR: for a word the lexicon does not know, the lexicon words
 *     that OCR's usual confusions of Norwegian letters would have damaged
 *     into it ("stgtte" -> "støtte", "Igsninger" -> "løsninger");
 *   - no kind flag: parts of hyphenated words, and shortened compounds
 *     completed ("helse- og omsorgssektoren": "helse" also as "helsesektoren").
 * Compound parts, OCR repair and shortened compounds need a lexicon
 * (sk_analyser_set_lexicon); without one they are left out.
 * SK_MODE_QUERY gives the words alone; the query side asks for variants with
 * sk_analyse_ascii() and searches the variant prefixes itself.
 */
#ifndef SAKSOK_ANALYSE_H
#define SAKSOK_ANALYSE_H

#include <stddef.h>
#include <stdint.h>

#include "saksok/base/err.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sk_analyser sk_analyser; /* opaque; one per thread */

typedef enum sk_mode { SK_MODE_DOCUMENT = 1, SK_MODE_QUERY = 2 } sk_mode;

enum {
    SK_TOK_SAME_POS = 1u << 0, /* a variant of the previous token, same position */
    SK_TOK_NUMERIC = 1u << 1,  /* digits (and joiners) only: no stem */
    SK_TOK_PART = 1u << 2,     /* a part of a compound */
    SK_TOK_ASCII = 1u << 3,    /* spelt without æøå */
    SK_TOK_OCR = 1u << 4,      /* a repair of OCR damage */
    SK_TOK_BARE = 1u << 5      /* declined by sk_analyse_some()'s want: no stem, no variants */
};

/* Folded terms longer than this are skipped (Xapian's term limit, minus prefixes). */
#define SK_ANALYSE_MAX_TERM 200

typedef struct sk_token {
    const char *term; /* folded form, term_len bytes, NUL-terminated */
    size_t term_len;
    const char *stem; /* stem, or NULL when it equals term */
    size_t stem_len;
    size_t start, end; /* byte span of the token in the input */
    uint32_t pos;      /* 1-based word position */
    unsigned flags;
} sk_token;

/* *tok lives only during the call; a non-zero return stops sk_analyse(),
 * which then returns that value. */
typedef int (*sk_token_cb)(const sk_token *tok, void *payload);

typedef struct sk_lexicon sk_lexicon;

int sk_analyser_new(sk_analyser **out, sk_err *err);
/* Use lex (borrowed; must outlive the analyser) for compounds and OCR repair. */
void sk_analyser_set_lexicon(sk_analyser *an, const sk_lexicon *lex);
void sk_analyser_free(sk_analyser *an); /* NULL is fine */

/* text: UTF-8, len bytes, need not end in NUL. Invalid UTF-8 bytes are
 * treated as separators. Positions start at first_pos (use 1 for a fresh text). */
int sk_analyse(sk_analyser *an, sk_mode mode, const char *text, size_t len, uint32_t first_pos,
               sk_token_cb cb, void *payload, sk_err *err);

/* Like sk_analyse(), but want(term, term_len, want_payload) is asked for
 * each folded word first; a word it declines (returns 0) is handed over bare:
 * no stem and no variants, flag SK_TOK_BARE. For callers that look only for
 * certain words (snippets) and can tell cheaply which words cannot be them. */
typedef int (*sk_want_cb)(const char *term, size_t len, void *payload);
int sk_analyse_some(sk_analyser *an, sk_mode mode, const char *text, size_t len, uint32_t first_pos,
                    sk_want_cb want, void *want_payload, sk_token_cb cb, void *payload,
                    sk_err *err);

/* Fold one word as the analyser does (no tokenising, no stemming) into out
 * (NUL-terminated): sk_text_fold() (text.h). Returns the length or a
 * negative sk_code. */
int sk_analyse_fold(char *out, size_t out_size, sk_analyser *an, const char *word, size_t len,
                    sk_err *err);

/* The spellings of a folded word without æøå (which 1: æ->ae ø->oe
 * å->aa; which 2: æ->a ø->o å->a; ä and ö likewise; which 3: a plain word's
 * ae, oe, aa as one letter: "baerekraftig" -> "barekraftig") into out.
 * Returns the length, or 0 when the word has none of these letters. */
size_t sk_analyse_ascii(char *out, size_t out_size, const char *term, size_t len, int which);

/* Stem a folded word as the analyser does (into out, NUL-terminated).
 * Returns the stem's length or a negative sk_code. */
int sk_analyse_stem(char *out, size_t out_size, sk_analyser *an, const char *term, size_t len,
                    sk_err *err);

/* Is the folded word a Norwegian stop word (og, i, det, som, ...)? */
int sk_analyse_is_stopword(const char *term, size_t len);

#ifdef __cplusplus
}
#endif

#endif
