/* shards.h: an index split into shards, and where each shard lives.
 *
 * saksok-index --shard K/N keeps the files whose path (relative to its root)
 * hashes to shard K of N; the hash is stable, so a file always lands in the
 * same shard. A searcher combines shards named by --db (repeated) or by a
 * stub file, whose lines are (Xapian's stub format, read here so that each
 * shard gets its own timeout and can be left out alone):
 *   auto DIR                  a local index (DIR relative to the stub's folder)
 *   glass DIR                 the same
 *   remote :HOST:PORT         a xapian-tcpsrv (also HOST:PORT)
 *   remote PROGRAM ARGS...    a xapian-progsrv run by PROGRAM, e.g.
 *                             "remote ssh HOST xapian-progsrv DIR"
 *                             (also Xapian's ":PROGRAM ARGS...")
 *   # comment, blank lines
 *
 * Ownership: sk_shard_list is caller-allocated (= {0} is empty) and emptied
 * by sk_shard_list_release(); its strings are malloc'd.
 */
#ifndef SAKSOK_SHARDS_H
#define SAKSOK_SHARDS_H

#include <stddef.h>

#include "saksok/base/err.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SK_SHARD_MAX 256 /* shards one searcher combines */

typedef enum sk_shard_kind {
    SK_SHARD_LOCAL = 1, /* path: an index directory (or any database Xapian opens) */
    SK_SHARD_TCP,       /* host, port */
    SK_SHARD_PROG       /* program, args */
} sk_shard_kind;

typedef struct sk_shard_spec {
    sk_shard_kind kind;
    char *name; /* how answers name it: the stub line ("remote :127.0.0.1:7003") or
                   the directory */
    char *path;
    char *host;
    unsigned port;
    char *program;
    char *args; /* as one string, split at spaces by Xapian */
} sk_shard_spec;

typedef struct sk_shard_list {
    sk_shard_spec *v;
    size_t n;
} sk_shard_list;

/* Append what --db PATH names: a stub file's shards (a regular file), else
 * the directory PATH as one local shard. SK_ESYNTAX (with the line number)
 * for a line of no known kind, SK_ENOTFOUND when PATH does not exist,
 * SK_ELIMIT past SK_SHARD_MAX shards. */
int sk_shard_list_add(sk_shard_list *out, const char *path, sk_err *err);
/* Append the shards of a stub file's text; dir resolves relative paths. */
int sk_shard_list_parse(sk_shard_list *out, const char *text, size_t len, const char *dir,
                        sk_err *err);
void sk_shard_list_release(sk_shard_list *l);

/* "K/N" with 1 <= K <= N <= SK_SHARD_MAX; SK_EINVAL otherwise. */
int sk_shard_parse_arg(unsigned *k, unsigned *n, const char *arg, sk_err *err);
/* The shard (1..n) of a file, from its path relative to its root. */
unsigned sk_shard_of(const char *rel, unsigned n);

#ifdef __cplusplus
}
#endif

#endif
