/* extract_util.c: the helpers the extractor's back ends share: reading or
 * mapping a file whole, code points, pages and titles (see
 * indexer/extract_int.h).
 * A leaf: it calls nothing else of the extractor. */
#include "extract_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "saksok/base/buf.h"

void sk_extract_move(sk_extracted *dst, sk_extracted *src)
{
    *dst = *src;
    memset(src, 0, sizeof *src);
}

/* ---- reading files ------------------------------------------------------- */

/* strerror() text with a lower-case first letter ("permission denied"). */
static int set_errno_err(sk_err *err, const char *what, int e)
{
    char msg[128];
    snprintf(msg, sizeof msg, "%s", strerror(e));
    if (msg[0] >= 'A' && msg[0] <= 'Z')
        msg[0] = (char)(msg[0] - 'A' + 'a');
    return sk_err_set(err, SK_EIO, "%s: %s", what, msg);
}

static int read_all(int fd, char *data, size_t size, size_t *got, sk_err *err)
{
    size_t n = 0;
    while (n < size) {
        ssize_t r = read(fd, data + n, size - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return set_errno_err(err, "cannot read", errno);
        if (r == 0)
            break; /* file shrank while we read: take what is there */
        n += (size_t)r;
    }
    *got = n;
    return SK_OK;
}

/* Open path for reading; fails unless it is a regular file of at most cap
 * bytes (*size_out). On success *fd_out is open. */
static int open_regular(int *fd_out, size_t *size_out, const char *path, size_t cap, sk_err *err)
{
    /* O_NONBLOCK: opening a FIFO must not hang; it is refused below. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return set_errno_err(err, "cannot open", errno);
    struct stat st;
    int rc = SK_OK;
    if (fstat(fd, &st) != 0)
        rc = set_errno_err(err, "cannot stat", errno);
    else if (S_ISDIR(st.st_mode))
        rc = set_errno_err(err, "cannot read", EISDIR);
    else if (!S_ISREG(st.st_mode))
        rc = sk_err_set(err, SK_EIO, "cannot read: not a regular file");
    else if (st.st_size < 0 || (unsigned long long)st.st_size > cap)
        rc = sk_err_set(err, SK_ELIMIT, "file too large (%lld bytes; the cap is %zu)",
                        (long long)st.st_size, cap);
    if (rc != SK_OK) {
        close(fd);
        return rc;
    }
    *fd_out = fd;
    *size_out = (size_t)st.st_size;
    return SK_OK;
}

int sk_extract_read_file(char **data_out, size_t *len_out, const char *path, size_t cap,
                         sk_err *err)
{
    *data_out = NULL;
    *len_out = 0;
    int fd = -1;
    size_t size = 0;
    int rc = open_regular(&fd, &size, path, cap, err);
    if (rc != SK_OK)
        return rc;
    char *data = malloc(size + 1);
    if (data == NULL)
        rc = sk_err_set(err, SK_ENOMEM, "out of memory reading %zu bytes", size);
    size_t got = 0;
    if (rc == SK_OK)
        rc = read_all(fd, data, size, &got, err);
    close(fd);
    if (rc != SK_OK) {
        free(data);
        return rc;
    }
    data[got] = '\0';
    *data_out = data;
    *len_out = got;
    return SK_OK;
}

int sk_extract_map_file(sk_extract_map *out, const char *path, size_t cap, sk_err *err)
{
    out->data = "";
    out->len = 0;
    int fd = -1;
    size_t size = 0;
    int rc = open_regular(&fd, &size, path, cap, err);
    if (rc != SK_OK)
        return rc;
    void *p = MAP_FAILED;
    if (size > 0) {
        p = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED)
            rc = errno == ENOMEM
                     ? sk_err_set(err, SK_ENOMEM, "out of memory mapping %zu bytes", size)
                     : set_errno_err(err, "cannot read", errno);
    }
    close(fd); /* the mapping stays */
    if (rc == SK_OK && size > 0) {
        out->data = p;
        out->len = size;
    }
    return rc;
}

void sk_extract_unmap(sk_extract_map *m)
{
    if (m->len > 0)
        munmap((void *)(uintptr_t)m->data, m->len);
    m->data = "";
    m->len = 0;
}

/* ---- UTF-8 --------------------------------------------------------------- */

int sk_extract_append_cp(sk_buf *b, unsigned cp, sk_err *err)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return sk_buf_append(b, u, n, err);
}

/* ---- pages and titles ---------------------------------------------------- */

int sk_extract_add_page(sk_extracted *doc, sk_buf *b, int number, sk_err *err)
{
    sk_xpage *pages = realloc(doc->pages, (doc->n_pages + 1) * sizeof *pages);
    if (pages == NULL)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    doc->pages = pages;
    size_t len = 0;
    char *text = sk_buf_detach(b, &len);
    if (text == NULL)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    pages[doc->n_pages].text = text;
    pages[doc->n_pages].text_len = len;
    pages[doc->n_pages].number = number;
    pages[doc->n_pages].ocr = 0;
    doc->n_pages++;
    return SK_OK;
}

static int is_ascii_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

int sk_extract_clean_title(char **out, const char *s, size_t n, sk_err *err)
{
    *out = NULL;
    sk_buf words = SK_BUF_INIT;
    int rc = SK_OK;
    size_t i = 0;
    while (rc == SK_OK && i < n) {
        while (i < n && is_ascii_space(s[i]))
            i++;
        size_t j = i;
        while (j < n && !is_ascii_space(s[j]))
            j++;
        if (j > i && words.len > 0)
            rc = sk_buf_putc(&words, ' ', err);
        if (rc == SK_OK && j > i)
            rc = sk_buf_append(&words, s + i, j - i, err);
        i = j;
    }
    sk_buf clean = SK_BUF_INIT;
    if (rc == SK_OK && words.len > 0)
        rc = sk_utf8_repair_nul(&clean, words.data, words.len, err);
    sk_buf_release(&words);
    if (rc == SK_OK && clean.len > 0) {
        *out = sk_buf_detach(&clean, NULL);
        if (*out == NULL)
            rc = sk_err_set(err, SK_ENOMEM, "out of memory");
    }
    sk_buf_release(&clean);
    return rc;
}
