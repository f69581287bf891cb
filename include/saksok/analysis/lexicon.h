/* lexicon.h: a word list for compound splitting and OCR repair.
 *
 * Built once (at build time, by sk-mklexicon) from Debian's Norwegian word
 * lists (/usr/share/dict/bokmaal and nynorsk, wnorwegian: ISO-8859-1, every
 * inflected form), folded as the analyser folds words (both call
 * sk_text_fold(), text.h), sorted and written in a binary file that is
 * memory-mapped read-only at run time: pages are shared between processes
 * and only the ones touched count.
 *
 * File format: "SKLEX2\n", uint32 count of words, uint32 count of blocks, one
 * uint32 offset per block, then the blocks: 32 words each in byte order,
 * front-coded (the first word whole and NUL-terminated, each next one as a
 * byte with the length shared with the word before, then the rest,
 * NUL-terminated). About 9 MB for 1.5 million words, all little-endian.
 */
#ifndef SAKSOK_LEXICON_H
#define SAKSOK_LEXICON_H

#include <stddef.h>

#include "saksok/base/err.h"
#include "saksok/base/paths.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sk_lexicon sk_lexicon;

/* sk_lexicon_default_path() (paths.h): the lexicon used when none is named. */

int sk_lexicon_open(sk_lexicon **out, const char *path, sk_err *err);
void sk_lexicon_free(sk_lexicon *lex); /* NULL is fine */
size_t sk_lexicon_size(const sk_lexicon *lex);
/* Is the folded word (len bytes) in the list? */
int sk_lexicon_has(const sk_lexicon *lex, const char *word, size_t len);

/* Build a lexicon file from word lists in ISO-8859-1, one word per line.
 * Words are folded with sk_text_fold() (text.h); words with characters other than
 * letters and hyphens, or shorter than 2 or longer than 40 bytes, are left out. */
int sk_lexicon_build(const char *const *lists, size_t n_lists, const char *out_path, sk_err *err);

#ifdef __cplusplus
}
#endif

#endif
