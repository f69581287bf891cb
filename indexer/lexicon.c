/* lexicon.c: a memory-mapped sorted word list (see include/saksok/analysis/lexicon.h). */
#include "saksok/analysis/lexicon.h"

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

#include "saksok/base/buf.h"
#include "saksok/base/text.h"

#define MAGIC "SKLEX3\n"
#define MAGIC_LEN 7
#define MAX_WORD 40
#define BLOCK 32 /* words per front-coded block */

struct sk_lexicon {
    const unsigned char *map;
    size_t map_len;
    uint32_t count;
    uint32_t n_blocks;
    const unsigned char *index; /* n_blocks (head offset, rest offset), little-endian uint32 */
    const unsigned char *heads; /* each block's first word, NUL-terminated */
    size_t heads_len;
    const unsigned char *data; /* each block's other words, front-coded */
    size_t data_len;
};

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
        /* "SKLEX2\n", say: another format of the same file */
        int other = memcmp(lex->map, MAGIC, MAGIC_LEN - 2) == 0 && lex->map[MAGIC_LEN - 1] == '\n';
        char format = (char)lex->map[MAGIC_LEN - 2];
        sk_lexicon_free(lex);
        if (other && format >= '0' && format <= '9')
            return sk_err_set(err, SK_ECORRUPT,
                              "lexicon %s is of format %c, this saksok reads format %c: "
                              "build it again with sk-mklexicon",
                              path, format, MAGIC[MAGIC_LEN - 2]);
        return sk_err_set(err, SK_ECORRUPT, "%s is not a saksok lexicon", path);
    }
    if (lex->map_len < MAGIC_LEN + 12) {
        sk_lexicon_free(lex);
        return sk_err_set(err, SK_ECORRUPT, "lexicon %s is truncated", path);
    }
    /* The offsets are checked where they are read (sk_lexicon_has()): a
     * check of all of them here would touch pages a search never needs. */
    lex->count = get_u32(lex->map + MAGIC_LEN);
    lex->n_blocks = get_u32(lex->map + MAGIC_LEN + 4);
    size_t index = MAGIC_LEN + 12, heads = index + (size_t)lex->n_blocks * 8;
    size_t heads_len = heads <= lex->map_len ? get_u32(lex->map + MAGIC_LEN + 8) : 0;
    if (heads > lex->map_len || heads_len > lex->map_len - heads ||
        lex->map[lex->map_len - 1] != '\0' || (heads_len && lex->map[heads + heads_len - 1])) {
        sk_lexicon_free(lex);
        return sk_err_set(err, SK_ECORRUPT, "lexicon %s is truncated", path);
    }
    lex->index = lex->map + index;
    lex->heads = lex->map + heads;
    lex->heads_len = heads_len;
    lex->data = lex->heads + heads_len;
    lex->data_len = lex->map_len - heads - heads_len;
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

/* Compare the NUL-terminated s with word (len bytes) as strcmp would. */
static int cmp_word(const char *s, const char *word, size_t len)
{
    int c = strncmp(s, word, len);
    if (c == 0 && s[len] != '\0')
        c = 1; /* s is longer: s > word */
    return c;
}

/* Block b's first word (NULL when its offset is damaged). */
static const char *head(const sk_lexicon *lex, size_t b)
{
    uint32_t off = get_u32(lex->index + b * 8);
    return off < lex->heads_len ? (const char *)lex->heads + off : NULL;
}

int sk_lexicon_has(const sk_lexicon *lex, const char *word, size_t len)
{
    if (lex == NULL || len == 0 || len > MAX_WORD || lex->n_blocks == 0)
        return 0;
    /* The last block whose first word is <= word: a search over the first
     * words alone, which lie together, so that a lookup touches few pages. */
    size_t lo = 0, hi = lex->n_blocks;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        const char *first = head(lex, mid);
        if (first == NULL)
            return 0; /* damaged */
        if (cmp_word(first, word, len) <= 0)
            lo = mid;
        else
            hi = mid;
    }
    const char *first = head(lex, lo);
    uint32_t rest = get_u32(lex->index + lo * 8 + 4);
    if (first == NULL || rest > lex->data_len)
        return 0;
    /* Walk the block: its first word, then (shared prefix length, rest). */
    const unsigned char *p = lex->data + rest;
    const unsigned char *end = lex->data + lex->data_len;
    char cur[MAX_WORD + 1];
    size_t cur_len = strnlen(first, MAX_WORD);
    memcpy(cur, first, cur_len);
    cur[cur_len] = '\0';
    for (int i = 0;; i++) {
        int c = cmp_word(cur, word, len);
        if (c == 0)
            return 1;
        if (c > 0 || i + 1 >= BLOCK || p >= end)
            return 0;
        size_t shared = *p++;
        size_t more = strnlen((const char *)p, (size_t)(end - p));
        if (shared > cur_len || shared + more > MAX_WORD)
            return 0; /* damaged */
        memcpy(cur + shared, p, more);
        cur_len = shared + more;
        cur[cur_len] = '\0';
        p += more + 1;
    }
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
    sk_err err = SK_ERR_INIT; /* a word that does not fold is left out */
    int m = sk_text_fold(out, out_size, utf8, n, &err);
    return m <= 0 || (size_t)m > MAX_WORD ? 0 : (size_t)m;
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
        /* Blocks of BLOCK words: the first in heads, the others front-coded
         * in data as (bytes shared with the word before, the rest). */
        uint32_t n_blocks = (uint32_t)((uniq + BLOCK - 1) / BLOCK);
        sk_buf heads = SK_BUF_INIT, data = SK_BUF_INIT;
        uint32_t *offs = n_blocks ? calloc((size_t)n_blocks * 2, sizeof *offs) : NULL;
        if (n_blocks && offs == NULL)
            rc = sk_err_set(err, SK_ENOMEM, "out of memory");
        for (size_t i = 0; i < uniq && rc == SK_OK; i++) {
            if (i % BLOCK == 0) {
                offs[i / BLOCK * 2] = (uint32_t)heads.len;
                offs[i / BLOCK * 2 + 1] = (uint32_t)data.len;
                rc = sk_buf_append(&heads, words[i], strlen(words[i]) + 1, err);
                continue;
            }
            size_t shared = 0;
            while (words[i][shared] && words[i][shared] == words[i - 1][shared])
                shared++;
            rc = sk_buf_putc(&data, (char)shared, err);
            if (rc == SK_OK)
                rc = sk_buf_append(&data, words[i] + shared, strlen(words[i] + shared) + 1, err);
        }
        if (rc == SK_OK) {
            unsigned char u[4];
            fwrite(MAGIC, 1, MAGIC_LEN, o);
            put_u32(u, (uint32_t)uniq);
            fwrite(u, 1, 4, o);
            put_u32(u, n_blocks);
            fwrite(u, 1, 4, o);
            put_u32(u, (uint32_t)heads.len);
            fwrite(u, 1, 4, o);
            for (size_t k = 0; k < (size_t)n_blocks * 2; k++) {
                put_u32(u, offs[k]);
                fwrite(u, 1, 4, o);
            }
            fwrite(heads.data ? heads.data : "", 1, heads.len, o);
            /* data ends in a NUL, even with one-word blocks only */
            fwrite(data.data ? data.data : "", 1, data.len + 1, o);
        }
        sk_buf_release(&heads);
        free(offs);
        sk_buf_release(&data);
        if (fclose(o) != 0)
            rc = sk_err_set(err, SK_EIO, "cannot write %s: %s", out_path, strerror(errno));
    }
    free(words);
    sk_buf_release(&blob);
    return rc;
}
