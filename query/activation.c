/* activation.c: the socket systemd passes (see include/saksok/query/activation.h). */
#include "saksok/query/activation.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int parse_ulong(const char *s, unsigned long *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (*s < '0' || *s > '9' || *end != '\0' || errno)
        return -1;
    *out = v;
    return 0;
}

int sk_listen_fd(int *out, sk_err *err)
{
    *out = -1;
    const char *pid_s = getenv("LISTEN_PID"), *fds_s = getenv("LISTEN_FDS");
    unsigned long pid = 0, fds = 0;
    int rc = SK_OK;
    if (pid_s == NULL || fds_s == NULL)
        ; /* not activated */
    else if (parse_ulong(pid_s, &pid) != 0 || parse_ulong(fds_s, &fds) != 0)
        rc = sk_err_set(err, SK_EINVAL, "LISTEN_PID or LISTEN_FDS is not a number");
    else if (pid != (unsigned long)getpid())
        ; /* meant for another process */
    else if (fds != 1)
        rc = sk_err_set(err, SK_EINVAL,
                        "systemd passed %lu sockets; saksok-fcgi takes one (one ListenStream=)",
                        fds);
    else {
        int type = 0, listening = 0;
        socklen_t len = sizeof type, len2 = sizeof listening;
        if (getsockopt(SK_LISTEN_FDS_START, SOL_SOCKET, SO_TYPE, &type, &len) != 0 ||
            getsockopt(SK_LISTEN_FDS_START, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len2) != 0 ||
            type != SOCK_STREAM || !listening)
            rc = sk_err_set(err, SK_EINVAL,
                            "descriptor %d from systemd is not a listening stream socket "
                            "(Accept=no and ListenStream= in the socket unit)",
                            SK_LISTEN_FDS_START);
        else if (fcntl(SK_LISTEN_FDS_START, F_SETFD, FD_CLOEXEC) != 0)
            rc = sk_err_set(err, SK_EINVAL, "cannot set close-on-exec: %s", strerror(errno));
        else
            *out = SK_LISTEN_FDS_START;
    }
    unsetenv("LISTEN_PID");
    unsetenv("LISTEN_FDS");
    unsetenv("LISTEN_FDNAMES");
    return rc;
}
