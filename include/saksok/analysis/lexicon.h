/* lexicon.h: a word list for compound splitting and OCR repair.
 *
 * Built once (at build time, by sk-mklexicon) from Debian's Norwegian word
 * lists (/usr/share/dict/bokmaal and nynorsk, wnorwegian: ISO-8859-1, every
 * inflected form), folded as the analyser folds words (both call
 * sk_text_fold(), text.h), sorted and written in a binary file that is
 * memory-mapped read-only at run time: pages are shared between processes
 * and only the ones touched count.
 *
 * File format, all little-endian: "SKLEX3\n", uint32 count of words, uint32
 * count of blocks, uint32 length of the heads; per block two uint32 offsets
 * (of its first word in the heads, of its other words in the rest); the
 * heads: each block's first word, NUL-terminated; the rest: each block's
 * other 31 words in byte order, front-coded (a byte with the length shared
 * with the word before, then the rest of the word, NUL-terminated), and a
 * final NUL. A lookup searches the heads, which lie together, and then reads
 * one block: on a machine where each page first touched costs a page fault,
 * a query's lookups touch a few pages of the heads and one per block.
 * About 6 MB for 1.3 million words.
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
