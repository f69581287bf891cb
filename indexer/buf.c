/* buf.c: growable byte buffer with a cap (see include/saksok/base/buf.h). */
#include "saksok/base/buf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sk_buf_init(sk_buf *b, size_t cap)
{
    b->data = NULL;
    b->len = 0;
    b->alloc = 0;
    b->cap = cap;
}

static int grow(sk_buf *b, size_t extra, sk_err *err)
{
    size_t cap = b->cap ? b->cap : SK_BUF_DEFAULT_CAP;
    if (extra > cap || b->len > cap - extra)
        return sk_err_set(err, SK_ELIMIT, "buffer cap of %zu bytes exceeded", cap);
    size_t need = b->len + extra + 1;
    if (need <= b->alloc)
        return SK_OK;
    size_t n = b->alloc ? b->alloc : 64;
    while (n < need)
        n *= 2;
    char *p = realloc(b->data, n);
    if (p == NULL)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    b->data = p;
    b->alloc = n;
    return SK_OK;
}

int sk_buf_reserve(sk_buf *b, size_t extra, sk_err *err)
{
    return grow(b, extra, err);
}

int sk_buf_append(sk_buf *b, const char *data, size_t len, sk_err *err)
{
    int rc = grow(b, len, err);
    if (rc != SK_OK)
        return rc;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return SK_OK;
}

int sk_buf_puts(sk_buf *b, const char *s, sk_err *err)
{
    return sk_buf_append(b, s, strlen(s), err);
}

int sk_buf_putc(sk_buf *b, char c, sk_err *err)
{
    return sk_buf_append(b, &c, 1, err);
}

int sk_buf_printf(sk_buf *b, sk_err *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return sk_err_set(err, SK_EINTERNAL, "bad format");
    int rc = grow(b, (size_t)n, err);
    if (rc != SK_OK)
        return rc;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return SK_OK;
}

void sk_buf_reset(sk_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

char *sk_buf_detach(sk_buf *b, size_t *len_out)
{
    char *s = b->data;
    size_t len = b->len;
    if (s == NULL) {
        s = calloc(1, 1);
        len = 0;
    }
    b->data = NULL;
    b->len = 0;
    b->alloc = 0;
    if (len_out)
        *len_out = len;
    return s;
}

void sk_buf_release(sk_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = 0;
    b->alloc = 0;
}

int sk_buf_base64(sk_buf *b, const void *data, size_t len, sk_err *err)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    if (len > (SIZE_MAX - 2) / 4 * 3)
        return sk_err_set(err, SK_ELIMIT, "too long for base64");
    size_t n = (len + 2) / 3 * 4;
    int rc = sk_buf_reserve(b, n, err);
    if (rc != SK_OK)
        return rc;
    const unsigned char *in = data;
    char *o = b->data + b->len;
    for (size_t i = 0; i < len; i += 3) {
        unsigned long v = (unsigned long)in[i] << 16;
        if (i + 1 < len)
            v |= (unsigned long)in[i + 1] << 8;
        if (i + 2 < len)
            v |= in[i + 2];
        *o++ = abc[v >> 18 & 63];
        *o++ = abc[v >> 12 & 63];
        *o++ = i + 1 < len ? abc[v >> 6 & 63] : '=';
        *o++ = i + 2 < len ? abc[v & 63] : '=';
    }
    b->len += n;
    b->data[b->len] = '\0';
    return SK_OK;
}

int sk_buf_read_file(sk_buf *b, const char *path, sk_err *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return sk_err_set(err, SK_EIO, "cannot read %s: %s", path, strerror(errno));
    char chunk[8192];
    size_t n;
    int rc = sk_buf_append(b, "", 0, err);
    while (rc == SK_OK && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        rc = sk_buf_append(b, chunk, n, err);
    if (rc == SK_OK && ferror(f))
        rc = sk_err_set(err, SK_EIO, "cannot read %s: %s", path, strerror(errno));
    fclose(f);
    return rc;
}

int sk_lines_each(const char *text, size_t len, size_t max_lines, sk_line_cb cb, void *payload,
                  sk_err *err)
{
    int rc = SK_OK;
    size_t line = 1;
    for (size_t at = 0; at < len && rc == SK_OK; line++) {
        if (max_lines > 0 && line > max_lines)
            return sk_err_set(err, SK_ELIMIT, "more than %zu lines", max_lines);
        const char *nl = memchr(text + at, '\n', len - at);
        size_t end = nl ? (size_t)(nl - text) : len;
        rc = cb(text + at, end - at, line, payload, err);
        at = end + 1;
    }
    return rc;
}

int sk_file_parse(const char *path, size_t max_bytes, sk_text_cb parse, void *payload, sk_err *err)
{
    sk_buf b = SK_BUF_INIT;
    sk_buf_init(&b, max_bytes);
    int rc = sk_buf_read_file(&b, path, err);
    if (rc == SK_OK)
        rc = parse(b.data, b.len, payload, err);
    if (rc != SK_OK && rc != SK_EIO)
        sk_err_prefix(err, "%s", path);
    sk_buf_release(&b);
    return rc;
}
