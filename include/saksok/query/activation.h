/* activation.h: the listening socket systemd passes (socket activation).
 *
 * The protocol of sd_listen_fds(3), without libsystemd: when $LISTEN_PID is
 * this process's id, $LISTEN_FDS sockets start at descriptor 3. saksok-fcgi
 * takes one. (A socket passed as standard input, as spawn-fcgi and
 * systemd's StandardInput=socket do, is libfcgi's default and needs none of
 * this.)
 */
#ifndef SAKSOK_ACTIVATION_H
#define SAKSOK_ACTIVATION_H

#include "saksok/base/err.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SK_LISTEN_FDS_START 3

/* *out: the passed listening socket (descriptor 3, made close-on-exec), or
 * -1 when none was passed to this process. The LISTEN_* variables are
 * removed either way, so that child processes do not take the socket.
 * SK_EINVAL when the variables are malformed, pass more than one socket, or
 * descriptor 3 is not a listening stream socket. */
int sk_listen_fd(int *out, sk_err *err);

#ifdef __cplusplus
}
#endif

#endif
