/* paths.h: where a program finds its files, installed or in a build tree.
 *
 * An installed program lives in PREFIX/bin or PREFIX/sbin, and finds the rest
 * relative to that prefix, so that an install to /usr, to /usr/local or to a
 * staging directory works alike:
 *   PREFIX/share/saksok/         data: bodies.tsv, synonyms.tsv, lexicon.bin
 *   PREFIX/lib/saksok/           the extraction module saksok-extract.so
 *   /etc/saksok/saksok.conf      the configuration when PREFIX is /usr (or
 *                                ends in /usr: the etc beside it), else
 *                                PREFIX/etc/saksok/saksok.conf
 * A program run from a build tree (its folder is not bin or sbin beside a
 * share/saksok) has no prefix: data from the source tree it was built from,
 * the module beside the executable, and no configuration file unless
 * $SAKSOK_CONF names one. Environment variables override each:
 * $SAKSOK_DATA_DIR, $SAKSOK_LEXICON, $SAKSOK_EXTRACT_MODULE, $SAKSOK_CONF,
 * except in a setuid or setgid process (saksok may be installed setgid to
 * the index's group), which takes none of them (secure_getenv): a module or
 * data named by the caller would run or read with the group's rights.
 *
 * Returned strings are static, computed once (thread-safe), never freed.
 */
#ifndef SAKSOK_PATHS_H
#define SAKSOK_PATHS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The install prefix of the running program, or NULL in a build tree. */
const char *sk_install_prefix(void);

/* The prefix an executable at exe_path would have: its folder's parent when
 * that folder is named bin or sbin, written to out (size bytes). Returns 0,
 * or -1 when the folder is not bin/sbin or out is too small. Checks nothing
 * on disk. */
int sk_prefix_of_exe(char *out, size_t size, const char *exe_path);

/* Where the configuration of an install at prefix lives: "/usr" gives
 * "/etc/saksok/saksok.conf", "/stage/usr" "/stage/etc/saksok/saksok.conf",
 * any other prefix PREFIX/etc/saksok/saksok.conf. Returns 0, or -1 when out
 * is too small. */
int sk_conf_path_for_prefix(char *out, size_t size, const char *prefix);

/* The configuration file to read: $SAKSOK_CONF when set (NULL when it is set
 * empty: read none), else the installed one, else NULL (build tree). */
const char *sk_conf_path(void);

/* The extraction module: $SAKSOK_EXTRACT_MODULE, else PREFIX/lib/saksok/
 * saksok-extract.so, else saksok-extract.so beside the executable. NULL only
 * when the executable's path cannot be read. */
const char *sk_extract_module_path(void);

/* The data folder (bodies.tsv, synonyms.tsv): $SAKSOK_DATA_DIR, else
 * PREFIX/share/saksok, else the source tree's indexer/data/. Never NULL. */
const char *sk_data_dir(void);

/* The lexicon: $SAKSOK_LEXICON, else PREFIX/share/saksok/lexicon.bin, else
 * the one the build made. Never NULL. */
const char *sk_lexicon_default_path(void);

#ifdef __cplusplus
}
#endif

#endif
