/* cli.h: what every program's main() does alike: --version and the
 * configuration. Front-end code: these print (to stdout for --version, to
 * stderr for errors, prefixed "PROG: "); no other library code does.
 */
#ifndef SAKSOK_CLI_H
#define SAKSOK_CLI_H

#include "saksok/conf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Print the version text (version.h) for prog on stdout. Returns the exit
 * status: 0, or 3 when it could not be written. */
int sk_cli_version(const char *prog);

/* The configuration (conf.h, sk_conf_load_default), read once and kept until
 * the process ends (values borrowed from it stay valid). On an error prints
 * it and returns NULL: the caller exits with status 2. */
const sk_conf *sk_cli_conf(const char *prog);

#ifdef __cplusplus
}
#endif

#endif
