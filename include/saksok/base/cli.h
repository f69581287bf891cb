/* cli.h: what every program's main() does alike: --version and the
 * configuration. Front-end code: these print (to stdout for --version, to
 * stderr for errors, prefixed "PROG: "); no other library code does.
 */
#ifndef SAKSOK_CLI_H
#define SAKSOK_CLI_H

#include "saksok/base/conf.h"

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

/* The index when neither --db nor SAKSOK_DB names one. */
#define SK_CLI_DEFAULT_DB "./var/saksok.db"

/* The index a program uses: given (the first --db) when not NULL, else the
 * configuration's SAKSOK_DB (conf may be NULL); SK_CLI_DEFAULT_DB when that
 * is NULL or empty. Borrowed from given or conf. */
const char *sk_cli_db(const char *given, const sk_conf *conf);

#ifdef __cplusplus
}
#endif

#endif
