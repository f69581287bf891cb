/* fcgi_get: one FastCGI GET, for the tests of the installed responder
 * (socket activation) where no web server runs.
 *
 *   fcgi_get SOCKET QUERY_STRING     prints the response (headers and body)
 *
 * Exit status: 0 a complete response; 1 the responder failed or closed early;
 * 2 usage. */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

enum { BEGIN = 1, END = 3, PARAMS = 4, STDIN = 5, STDOUT = 6, STDERR = 7 };

static int send_record(int fd, int type, const unsigned char *data, size_t len)
{
    unsigned char h[8] = {
        1, (unsigned char)type, 0, 1, (unsigned char)(len >> 8), (unsigned char)len, 0, 0};
    return write(fd, h, 8) == 8 && (len == 0 || write(fd, data, len) == (ssize_t)len) ? 0 : -1;
}

/* One name-value pair (both shorter than 128 bytes) into p; returns its length. */
static size_t pair(unsigned char *p, const char *name, const char *value)
{
    size_t n = strlen(name), v = strlen(value);
    p[0] = (unsigned char)n;
    p[1] = (unsigned char)v;
    memcpy(p + 2, name, n);
    memcpy(p + 2 + n, value, v);
    return 2 + n + v;
}

static int read_full(int fd, unsigned char *buf, size_t len)
{
    for (size_t got = 0; got < len;) {
        ssize_t r = read(fd, buf + got, len - got);
        if (r <= 0)
            return -1;
        got += (size_t)r;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3 || strlen(argv[2]) > 120 ||
        strlen(argv[1]) >= sizeof(((struct sockaddr_un *)0)->sun_path)) {
        fputs("usage: fcgi_get SOCKET QUERY_STRING\n", stderr);
        return 2;
    }
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    strcpy(sa.sun_path, argv[1]);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        perror("fcgi_get: connect");
        return 1;
    }
    static const unsigned char begin[8] = {0, 1, 0, 0, 0, 0, 0, 0}; /* responder, close */
    unsigned char params[512];
    size_t n = pair(params, "REQUEST_METHOD", "GET");
    n += pair(params + n, "QUERY_STRING", argv[2]);
    n += pair(params + n, "SCRIPT_NAME", "/");
    n += pair(params + n, "SERVER_PROTOCOL", "HTTP/1.1");
    if (send_record(fd, BEGIN, begin, 8) || send_record(fd, PARAMS, params, n) ||
        send_record(fd, PARAMS, NULL, 0) || send_record(fd, STDIN, NULL, 0)) {
        perror("fcgi_get: write");
        return 1;
    }
    unsigned char h[8], body[65536 + 256];
    while (read_full(fd, h, 8) == 0) {
        size_t len = (size_t)h[4] << 8 | h[5], pad = h[6];
        if (read_full(fd, body, len + pad) != 0)
            break;
        if (h[1] == STDOUT)
            fwrite(body, 1, len, stdout);
        else if (h[1] == STDERR)
            fwrite(body, 1, len, stderr);
        else if (h[1] == END)
            return 0;
    }
    fputs("fcgi_get: the responder closed before the end of the request\n", stderr);
    return 1;
}
