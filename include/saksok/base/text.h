/* text.h: small helpers on bytes and UTF-8 text that every stage shares.
 *
 *   - UTF-8: the one validator (sk_utf8_seq) and what is built on it;
 *   - folding: a word as the analyser and the lexicon fold it (utf8proc),
 *     and a byte-level case fold of ASCII and Latin-1 letters for compares;
 *   - the 64-bit FNV-1a hash (terms, hit ids, shards), and XXH64 for long
 *     inputs (file contents);
 *   - HTML escaping, and sk_str, a string that is not NUL-terminated.
 *
 * None of these keep state; all are thread-safe.
 */
#ifndef SAKSOK_TEXT_H
#define SAKSOK_TEXT_H

#include <stddef.h>

#include "saksok/base/buf.h"
#include "saksok/base/err.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- UTF-8 ---- */

/* Bytes of the well-formed UTF-8 sequence at s (n >= 1 bytes left): 1 to 4,
 * or 0 when s does not start one (a stray continuation byte, an overlong
 * form, a surrogate, past U+10FFFF, or cut short by n). A NUL byte is a
 * sequence of 1; callers that take NUL for damage test it themselves. */
size_t sk_utf8_seq(const char *s, size_t n);

/* Are the len bytes at s well-formed UTF-8 throughout? (NUL bytes count as
 * well-formed.) */
int sk_utf8_valid(const char *s, size_t len);

/* Append the len bytes at s to out, each byte that is not part of
 * well-formed UTF-8 replaced by U+FFFD. NUL bytes are kept. */
int sk_utf8_repair(sk_buf *out, const char *s, size_t len, sk_err *err);

/* Like sk_utf8_repair(), but a NUL byte is replaced by U+FFFD too: for text
 * that later goes about as a C string (extracted pages, titles). */
int sk_utf8_repair_nul(sk_buf *out, const char *s, size_t len, sk_err *err);

/* ---- folding ---- */

/* Fold one word (UTF-8, len bytes) into out, NUL-terminated: NFKC and
 * Unicode case folding ("Æ" -> "æ", "ﬁ" -> "fi", "ß" -> "ss"), default
 * ignorable code points dropped, U+2010 (and U+2011, which folds to it) as
 * '-'. The analyser and the lexicon both fold with it. Returns the length;
 * SK_EINVAL when the word is not UTF-8, SK_ELIMIT when out is too small. */
int sk_text_fold(char *out, size_t out_size, const char *word, size_t len, sk_err *err);

/* Byte i of s, folded for a case-insensitive compare: an ASCII upper-case
 * letter, or the second byte of a Latin-1 upper-case letter (U+00C0 ..
 * U+00DE but U+00D7 '×': 0xC3 0x80..0x9E), lowered; any other byte as is.
 * The fold never changes a length, so folded strings compare byte by byte. */
static inline unsigned char sk_latin1_fold_at(const char *s, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (c >= 'A' && c <= 'Z')
        return (unsigned char)(c + ('a' - 'A'));
    if (c >= 0x80 && c <= 0x9E && c != 0x97 && i > 0 && (unsigned char)s[i - 1] == 0xC3)
        return (unsigned char)(c + 0x20);
    return c;
}

/* ---- hashing ---- */

/* 64-bit FNV-1a: start from SK_HASH64_INIT and add bytes in as many pieces
 * as wanted; sk_hash64() is the hash of one piece. The offset basis is
 * 1469598103934665603, a digit short of FNV's published 14695981039346656037,
 * so the values are not the published ones. The index stores them (long
 * terms, hit ids, shard numbers, file content hashes): never change it. */
#define SK_HASH64_INIT 1469598103934665603ULL
#define SK_HASH64_PRIME 1099511628211ULL

static inline unsigned long long sk_hash64_add(unsigned long long h, const void *data, size_t len)
{
    const unsigned char *p = (const unsigned char *)data;
    for (size_t i = 0; i < len; i++)
        h = (h ^ p[i]) * SK_HASH64_PRIME;
    return h;
}

static inline unsigned long long sk_hash64(const void *data, size_t len)
{
    return sk_hash64_add(SK_HASH64_INIT, data, len);
}

/* XXH64 (xxHash's 64-bit hash with seed 0: the published values, as
 * `xxhsum -H64` prints them) over bytes added in pieces of any size. Four
 * 64-bit lanes take 32 bytes a step, so it runs about 20 times as fast as
 * the byte-wise FNV-1a above on long inputs. The index stores it (the
 * registry's content hash of each file, discover.h): never change it. */
typedef struct sk_xxh64 {
    unsigned long long v[4];  /* the lanes */
    unsigned long long total; /* bytes added */
    unsigned char buf[32];    /* a stripe not yet full */
    size_t n;                 /* bytes in buf */
} sk_xxh64;

void sk_xxh64_init(sk_xxh64 *h);
void sk_xxh64_add(sk_xxh64 *h, const void *data, size_t len);
unsigned long long sk_xxh64_end(const sk_xxh64 *h); /* h stays usable */

/* ---- strings ---- */

/* A string that is not NUL-terminated; s == NULL: none. */
typedef struct sk_str {
    const char *s;
    size_t len;
} sk_str;

/* s as an sk_str (NULL or "" give none). */
sk_str sk_str_of(const char *s);
/* A malloc'd NUL-terminated copy of sp, or NULL for none (or out of memory). */
char *sk_str_dup(sk_str sp);

/* Append text HTML-escaped (& < > " ') to out. */
int sk_html_escape(sk_buf *out, const char *text, size_t len, sk_err *err);

#ifdef __cplusplus
}
#endif

#endif
