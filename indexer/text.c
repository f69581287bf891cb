/* text.c: UTF-8, folding, XXH64, strings (see include/saksok/base/text.h). */
#include "saksok/base/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- UTF-8 ---- */

size_t sk_utf8_seq(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0; /* no overlongs */
        else if (c == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F; /* <= U+10FFFF */
    } else {
        return 0;
    }
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return len;
}

int sk_utf8_valid(const char *s, size_t len)
{
    for (size_t i = 0, k; i < len; i += k)
        if ((k = sk_utf8_seq(s + i, len - i)) == 0)
            return 0;
    return 1;
}

static int repair(sk_buf *out, const char *s, size_t n, int nul_bad, sk_err *err)
{
    size_t start = 0, i = 0;
    while (i < n) {
        size_t k = s[i] || !nul_bad ? sk_utf8_seq(s + i, n - i) : 0;
        if (k > 0) {
            i += k;
            continue;
        }
        /* flush the valid run, then the replacement character */
        int rc = sk_buf_append(out, s + start, i - start, err);
        if (rc == SK_OK)
            rc = sk_buf_append(out, "\xEF\xBF\xBD", 3, err);
        if (rc != SK_OK)
            return rc;
        i++;
        start = i;
    }
    return sk_buf_append(out, s + start, n - start, err);
}

int sk_utf8_repair(sk_buf *out, const char *s, size_t len, sk_err *err)
{
    return repair(out, s, len, 0, err);
}

int sk_utf8_repair_nul(sk_buf *out, const char *s, size_t len, sk_err *err)
{
    return repair(out, s, len, 1, err);
}

/* ---- folding ---- */

/* Fast path of folding for the common case: ASCII letters and digits, and
 * the Latin-1 letters of Norwegian (æ ø å é ä ö ü, either case), which
 * fold to lower case and are already NFC. Returns the length, or -1 when
 * the word needs the full Unicode treatment. */
static int fold_simple(const char *word, size_t len, char *out, size_t out_size)
{
    if (len + 1 > out_size)
        return -1;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = sk_latin1_fold_at(word, i);
        if (c < 0x80) {
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '/' ||
                  c == '.' || c == ','))
                return -1;
            out[o++] = (char)c;
            continue;
        }
        if (c != 0xC3 || i + 1 >= len)
            return -1;
        /* lower case: U+00E0..U+00FF but '÷'; ß (U+00DF) folds to "ss" */
        unsigned char d = sk_latin1_fold_at(word, i + 1);
        if (d < 0xA0 || d > 0xBF || d == 0xB7)
            return -1;
        out[o++] = (char)c;
        out[o++] = (char)d;
        i++;
    }
    out[o] = '\0';
    return (int)o;
}

int sk_text_fold(char *out, size_t out_size, const char *word, size_t len, sk_err *err)
{
    /* Precomposed Latin-1 letters only: NFKC and case folding are plain
     * lowering, no need to decompose. A letter followed by a combining mark
     * (U+0300.., lead byte 0xCC/0xCD) takes the full path. */
    int quick = fold_simple(word, len, out, out_size);
    if (quick >= 0)
        return quick;
    utf8proc_uint8_t *folded = NULL;
    utf8proc_ssize_t n = utf8proc_map(
        (const utf8proc_uint8_t *)word, (utf8proc_ssize_t)len, &folded,
        UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
    if (n < 0)
        return sk_err_set(err, SK_EINVAL, "cannot fold text: %s", utf8proc_errmsg(n));
    /* Unicode hyphens (U+2010; U+2011 folds to it) are the ASCII hyphen. */
    size_t o = 0;
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        if (i + 2 < n && folded[i] == 0xE2 && folded[i + 1] == 0x80 && folded[i + 2] == 0x90) {
            folded[o++] = '-';
            i += 2;
        } else {
            folded[o++] = folded[i];
        }
    }
    folded[o] = '\0';
    if (o + 1 > out_size) {
        free(folded);
        return sk_err_set(err, SK_ELIMIT, "folded word of %zu bytes is too long", o);
    }
    memcpy(out, folded, o + 1);
    free(folded);
    return (int)o;
}

/* ---- XXH64 ---- */

/* As xxHash's specification (doc/xxhash_spec.md, "XXH64 Algorithm"). */
#define XXP1 11400714785074694791ULL
#define XXP2 14029467366897019727ULL
#define XXP3 1609587929392839161ULL
#define XXP4 9650029242287828579ULL
#define XXP5 2870177450012600261ULL

static inline uint64_t rotl64(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

static inline uint64_t le64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

static inline uint64_t le32(const unsigned char *p)
{
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24;
}

static inline uint64_t xx_round(uint64_t acc, uint64_t in)
{
    return rotl64(acc + in * XXP2, 31) * XXP1;
}

/* Whole 32-byte stripes of p[0..end) into the lanes; returns where they stop. */
static const unsigned char *xx_stripes(sk_xxh64 *h, const unsigned char *p,
                                       const unsigned char *end)
{
    uint64_t a = h->v[0], b = h->v[1], c = h->v[2], d = h->v[3];
    for (; end - p >= 32; p += 32) {
        a = xx_round(a, le64(p));
        b = xx_round(b, le64(p + 8));
        c = xx_round(c, le64(p + 16));
        d = xx_round(d, le64(p + 24));
    }
    h->v[0] = a, h->v[1] = b, h->v[2] = c, h->v[3] = d;
    return p;
}

void sk_xxh64_init(sk_xxh64 *h)
{
    h->v[0] = XXP1 + XXP2;
    h->v[1] = XXP2;
    h->v[2] = 0;
    h->v[3] = 0 - XXP1;
    h->total = 0;
    h->n = 0;
}

void sk_xxh64_add(sk_xxh64 *h, const void *data, size_t len)
{
    const unsigned char *p = data, *end = p + len;
    h->total += len;
    if (h->n > 0) { /* fill the stripe begun before */
        size_t k = 32 - h->n < len ? 32 - h->n : len;
        memcpy(h->buf + h->n, p, k);
        h->n += k;
        p += k;
        if (h->n < 32)
            return;
        xx_stripes(h, h->buf, h->buf + 32);
        h->n = 0;
    }
    p = xx_stripes(h, p, end);
    h->n = (size_t)(end - p);
    memcpy(h->buf, p, h->n);
}

unsigned long long sk_xxh64_end(const sk_xxh64 *h)
{
    uint64_t r;
    if (h->total >= 32) {
        r = rotl64(h->v[0], 1) + rotl64(h->v[1], 7) + rotl64(h->v[2], 12) + rotl64(h->v[3], 18);
        for (int i = 0; i < 4; i++)
            r = (r ^ xx_round(0, h->v[i])) * XXP1 + XXP4;
    } else {
        r = h->v[2] + XXP5;
    }
    r += h->total;
    const unsigned char *p = h->buf, *end = p + h->n;
    for (; end - p >= 8; p += 8)
        r = rotl64(r ^ xx_round(0, le64(p)), 27) * XXP1 + XXP4;
    if (end - p >= 4) {
        r = rotl64(r ^ le32(p) * XXP1, 23) * XXP2 + XXP3;
        p += 4;
    }
    for (; p < end; p++)
        r = rotl64(r ^ *p * XXP5, 11) * XXP1;
    r ^= r >> 33;
    r *= XXP2;
    r ^= r >> 29;
    r *= XXP3;
    r ^= r >> 32;
    return r;
}

/* ---- strings ---- */

sk_str sk_str_of(const char *s)
{
    sk_str sp = {NULL, 0};
    if (s && *s) {
        sp.s = s;
        sp.len = strlen(s);
    }
    return sp;
}

char *sk_str_dup(sk_str sp)
{
    return sp.s ? strndup(sp.s, sp.len) : NULL;
}

int sk_html_escape(sk_buf *out, const char *text, size_t len, sk_err *err)
{
    int rc = SK_OK;
    size_t run = 0;
    for (size_t i = 0; i < len && rc == SK_OK; i++) {
        const char *rep = NULL;
        switch (text[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        rc = sk_buf_append(out, text + run, i - run, err);
        if (rc == SK_OK)
            rc = sk_buf_puts(out, rep, err);
        run = i + 1;
    }
    if (rc == SK_OK)
        rc = sk_buf_append(out, text + run, len - run, err);
    return rc;
}
