/* lexicon.c: a memory-mapped sorted word list (see include/saksok/lexicon.h). */
#include "saksok/lexicon.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

#include "saksok/buf.h"

#define MAGIC "SKLEX1\n"
#define MAGIC_LEN 7
#define MAX_WORD 40

#ifndef SAKSOK_DEFAULT_LEXICON
#define SAKSOK_DEFAULT_LEXICON "/usr/local/share/saksok/lexicon.bin"
#endif

struct sk_lexicon {
    const unsigned char *map;
    size_t map_len;
    uint32_t count;
    const unsigned char *offsets; /* count little-endian uint32 */
    const char *strings;
    size_t strings_len;
};

const char *sk_lexicon_default_path(void)
{
    const char *p = getenv("SAKSOK_LEXICON");
    return p && *p ? p : SAKSOK_DEFAULT_LEXICON;
}

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_u32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

int sk_lexicon_open(sk_lexicon **out, const char *path, sk_err *err)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return sk_err_set(err, SK_EIO, "cannot open lexicon %s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size < MAGIC_LEN + 4) {
        close(fd);
        return sk_err_set(err, SK_ECORRUPT, "lexicon %s is too short", path);
    }
    void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    if (m == MAP_FAILED)
        return sk_err_set(err, SK_EIO, "cannot map lexicon %s: %s", path, strerror(errno));
    sk_lexicon *lex = calloc(1, sizeof *lex);
    if (lex == NULL) {
        munmap(m, (size_t)st.st_size);
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    }
    lex->map = m;
    lex->map_len = (size_t)st.st_size;
    if (memcmp(lex->map, MAGIC, MAGIC_LEN) != 0) {
        sk_lexicon_free(lex);
        return sk_err_set(err, SK_ECORRUPT, "%s is not a saksok lexicon", path);
    }
    lex->count = get_u32(lex->map + MAGIC_LEN);
    size_t head = MAGIC_LEN + 4 + (size_t)lex->count * 4;
    if (head > lex->map_len || lex->map[lex->map_len - 1] != '\0') {
        sk_lexicon_free(lex);
        return sk_err_set(err, SK_ECORRUPT, "lexicon %s is truncated", path);
    }
    lex->offsets = lex->map + MAGIC_LEN + 4;
    lex->strings = (const char *)lex->map + head;
    lex->strings_len = lex->map_len - head;
    *out = lex;
    return SK_OK;
}

void sk_lexicon_free(sk_lexicon *lex)
{
    if (lex == NULL)
        return;
    munmap((void *)lex->map, lex->map_len);
    free(lex);
}

size_t sk_lexicon_size(const sk_lexicon *lex)
{
    return lex ? lex->count : 0;
}

int sk_lexicon_has(const sk_lexicon *lex, const char *word, size_t len)
{
    if (lex == NULL || len == 0 || len > MAX_WORD)
        return 0;
    size_t lo = 0, hi = lex->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uint32_t off = get_u32(lex->offsets + mid * 4);
        if (off >= lex->strings_len)
            return 0;
        const char *s = lex->strings + off;
        int c = strncmp(s, word, len);
        if (c == 0 && s[len] != '\0')
            c = 1; /* s is longer: s > word */
        if (c == 0)
            return 1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* ---- building ---- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Latin-1 line -> folded UTF-8 word in out; 0 when the word is left out. */
static size_t fold_latin1(const char *line, size_t len, char *out, size_t out_size)
{
    char utf8[4 * MAX_WORD + 8];
    size_t n = 0;
    if (len < 2 || len > MAX_WORD)
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)line[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
                 (c >= 0xC0 && c != 0xD7 && c != 0xF7);
        if (!ok)
            return 0;
        n += (size_t)utf8proc_encode_char(c, (utf8proc_uint8_t *)utf8 + n);
    }
    utf8proc_uint8_t *folded = NULL;
    utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)utf8, (utf8proc_ssize_t)n, &folded,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
                                          UTF8PROC_CASEFOLD);
    if (m <= 0 || (size_t)m + 1 > out_size || (size_t)m > MAX_WORD) {
        free(folded);
        return 0;
    }
    memcpy(out, folded, (size_t)m + 1);
    free(folded);
    return (size_t)m;
}

int sk_lexicon_build(const char *const *lists, size_t n_lists, const char *out_path, sk_err *err)
{
    sk_buf blob = SK_BUF_INIT; /* all words, NUL-separated */
    size_t n_words = 0;
    int rc = SK_OK;
    for (size_t l = 0; l < n_lists && rc == SK_OK; l++) {
        FILE *f = fopen(lists[l], "r");
        if (f == NULL) {
            rc = sk_err_set(err, SK_EIO, "cannot open %s: %s", lists[l], strerror(errno));
            break;
        }
        char line[256], word[MAX_WORD + 1];
        while (rc == SK_OK && fgets(line, sizeof line, f)) {
            size_t len = strcspn(line, "\r\n");
            size_t n = fold_latin1(line, len, word, sizeof word);
            if (n == 0)
                continue;
            rc = sk_buf_append(&blob, word, n + 1, err);
            n_words++;
        }
        fclose(f);
    }
    char **words = rc == SK_OK && n_words ? malloc(n_words * sizeof *words) : NULL;
    if (rc == SK_OK && n_words && words == NULL)
        rc = sk_err_set(err, SK_ENOMEM, "out of memory");
    size_t uniq = 0;
    if (rc == SK_OK && n_words) {
        char *p = blob.data;
        for (size_t i = 0; i < n_words; i++) {
            words[i] = p;
            p += strlen(p) + 1;
        }
        qsort(words, n_words, sizeof *words, cmp_str);
        for (size_t i = 0; i < n_words; i++)
            if (uniq == 0 || strcmp(words[uniq - 1], words[i]) != 0)
                words[uniq++] = words[i];
    }
    FILE *o = rc == SK_OK ? fopen(out_path, "wb") : NULL;
    if (rc == SK_OK && o == NULL)
        rc = sk_err_set(err, SK_EIO, "cannot write %s: %s", out_path, strerror(errno));
    if (rc == SK_OK) {
        unsigned char u[4];
        fwrite(MAGIC, 1, MAGIC_LEN, o);
        put_u32(u, (uint32_t)uniq);
        fwrite(u, 1, 4, o);
        uint32_t off = 0;
        for (size_t i = 0; i < uniq; i++) {
            put_u32(u, off);
            fwrite(u, 1, 4, o);
            off += (uint32_t)strlen(words[i]) + 1;
        }
        for (size_t i = 0; i < uniq; i++)
            fwrite(words[i], 1, strlen(words[i]) + 1, o);
        if (fclose(o) != 0)
            rc = sk_err_set(err, SK_EIO, "cannot write %s: %s", out_path, strerror(errno));
    }
    free(words);
    sk_buf_release(&blob);
    return rc;
}
