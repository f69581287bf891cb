/* conf.h: the configuration file, /etc/saksok/saksok.conf (paths.h says where).
 *
 * Every program reads it; saksok-nightly sources it as a shell fragment. So
 * the file is a list of NAME=VALUE lines whose names are those of the
 * environment variables (SAKSOK_DB, SAKSOK_ARCHIVE, SAKSOK_JOBS, SAKSOK_OCR,
 * SAKSOK_PAPERS_URL, ...), in a strict subset of the shell's syntax that
 * means the same to both readers:
 *   - blank lines and lines starting with '#' (after blanks) are ignored;
 *   - NAME is [A-Za-z_][A-Za-z0-9_]*, '=' follows it directly;
 *   - VALUE is bare (no blanks, quotes, or any of $ ` \ ; & | < > ( ) # ~),
 *     "double quoted" (no $ ` \ " inside), 'single quoted' (no ' inside),
 *     or empty; a comment may follow after a blank;
 *   - a name given twice: the last one counts, as in the shell.
 * Anything else is an error naming the file and the line. Names that no
 * program knows are kept and ignored (the nightly job's own settings).
 *
 * Precedence, for every setting: the command-line option, then the
 * environment variable of the same name (when set and not empty), then the
 * file, then the built-in default. sk_conf_get() does the middle two. A
 * setuid or setgid process (saksok installed setgid) takes nothing from the
 * environment (secure_getenv): the file and the options only.
 */
#ifndef SAKSOK_CONF_H
#define SAKSOK_CONF_H

#include <stddef.h>

#include "saksok/base/err.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sk_conf sk_conf;

/* Parse len bytes of configuration text; name is the file's name in error
 * messages. *out belongs to the caller (sk_conf_free). SK_EINVAL on a line
 * that breaks the syntax above, SK_ENOMEM. */
int sk_conf_parse(sk_conf **out, const char *text, size_t len, const char *name, sk_err *err);

/* Read and parse the file at path. A file that does not exist is an empty
 * configuration when missing_ok, else SK_EIO; so is one that cannot be read. */
int sk_conf_load(sk_conf **out, const char *path, int missing_ok, sk_err *err);

/* The configuration every program reads: sk_conf_path() (paths.h). The
 * installed file may be missing; one named by $SAKSOK_CONF must exist.
 * Without a file, *out is an empty configuration (never NULL on success). */
int sk_conf_load_default(sk_conf **out, sk_err *err);

/* NAME's value: the environment's when set and not empty, else the file's
 * (possibly ""), else NULL. Borrowed from c (or the environment). c may be
 * NULL (environment only). */
const char *sk_conf_get(const sk_conf *c, const char *name);

/* NAME as yes/no (also true/false, on/off, 1/0); dflt when unset or empty.
 * SK_EINVAL naming NAME for anything else. */
int sk_conf_bool(int *out, const sk_conf *c, const char *name, int dflt, sk_err *err);

/* NAME as a whole number from min to max; dflt when unset or empty. SK_EINVAL
 * naming NAME otherwise. */
int sk_conf_long(long *out, const sk_conf *c, const char *name, long min, long max, long dflt,
                 sk_err *err);

void sk_conf_free(sk_conf *c); /* NULL is fine */

#ifdef __cplusplus
}
#endif

#endif
