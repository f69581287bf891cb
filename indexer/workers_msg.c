/* workers_msg.c: the messages between saksok-index and its extraction
 * workers (see workers_msg.h). */
#include "workers_msg.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

double sk_msg_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int sk_msg_begin(sk_buf *b, char type, sk_err *err)
{
    sk_buf_reset(b);
    char head[5] = {0, 0, 0, 0, type};
    return sk_buf_append(b, head, sizeof head, err);
}

int sk_msg_i64(sk_buf *b, int64_t v, sk_err *err)
{
    char bytes[8];
    uint64_t u = (uint64_t)v;
    for (int i = 0; i < 8; i++)
        bytes[i] = (char)(u >> (8 * i));
    return sk_buf_append(b, bytes, sizeof bytes, err);
}

int sk_msg_f64(sk_buf *b, double v, sk_err *err)
{
    return sk_buf_append(b, (const char *)&v, sizeof v, err);
}

int sk_msg_str(sk_buf *b, const char *s, size_t len, sk_err *err)
{
    int rc = sk_msg_i64(b, s ? (int64_t)len : -1, err);
    return rc == SK_OK && s && len ? sk_buf_append(b, s, len, err) : rc;
}

void sk_msg_finish(sk_buf *b)
{
    uint32_t n = (uint32_t)(b->len - 4);
    for (int i = 0; i < 4; i++)
        b->data[i] = (char)(n >> (8 * i));
}

int64_t sk_msg_get_i64(sk_msg_reader *r)
{
    if (r->bad || r->end - r->p < 8) {
        r->bad = 1;
        return 0;
    }
    uint64_t u = 0;
    for (int i = 0; i < 8; i++)
        u |= (uint64_t)(unsigned char)r->p[i] << (8 * i);
    r->p += 8;
    return (int64_t)u;
}

double sk_msg_get_f64(sk_msg_reader *r)
{
    double v = 0;
    if (r->bad || r->end - r->p < (ptrdiff_t)sizeof v) {
        r->bad = 1;
        return 0;
    }
    memcpy(&v, r->p, sizeof v);
    r->p += sizeof v;
    return v;
}

char *sk_msg_get_str(sk_msg_reader *r, size_t *len)
{
    int64_t n = sk_msg_get_i64(r);
    if (len)
        *len = 0;
    if (r->bad || n == -1)
        return NULL;
    if (n < 0 || n > r->end - r->p) {
        r->bad = 1;
        return NULL;
    }
    char *s = malloc((size_t)n + 1);
    if (s == NULL) {
        r->bad = 1;
        return NULL;
    }
    memcpy(s, r->p, (size_t)n);
    s[n] = '\0';
    r->p += n;
    if (len)
        *len = (size_t)n;
    return s;
}

int sk_msg_write(int fd, const sk_buf *b)
{
    size_t done = 0;
    while (done < b->len) {
        ssize_t n = write(fd, b->data + done, b->len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        done += (size_t)n;
    }
    return 0;
}

/* Read exactly n bytes into p by the deadline. */
static int read_full(int fd, char *p, size_t n, double deadline)
{
    while (n > 0) {
        if (deadline > 0) {
            double left = deadline - sk_msg_now();
            struct pollfd pfd = {.fd = fd, .events = POLLIN};
            int ms = left <= 0 ? 0 : left > 1e6 ? 1000000000 : (int)(left * 1000) + 1;
            int pr = left <= 0 ? 0 : poll(&pfd, 1, ms);
            if (pr < 0 && errno == EINTR)
                continue;
            if (pr == 0) {
                errno = ETIMEDOUT;
                return -1;
            }
        }
        ssize_t got = read(fd, p, n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            if (got == 0)
                errno = EPIPE;
            return -1;
        }
        p += got;
        n -= (size_t)got;
    }
    return 0;
}

int sk_msg_read(int fd, sk_buf *b, double deadline)
{
    unsigned char head[4];
    if (read_full(fd, (char *)head, sizeof head, deadline) != 0)
        return -1;
    size_t n =
        (size_t)head[0] | (size_t)head[1] << 8 | (size_t)head[2] << 16 | (size_t)head[3] << 24;
    sk_err err = SK_ERR_INIT;
    sk_buf_reset(b);
    if (n == 0 || n > SK_MSG_MAX || sk_buf_reserve(b, n, &err) != SK_OK) {
        errno = EPROTO;
        return -1;
    }
    if (read_full(fd, b->data, n, deadline) != 0)
        return -1;
    b->len = n;
    b->data[n] = '\0';
    return 0;
}
