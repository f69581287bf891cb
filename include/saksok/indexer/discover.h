/* discover.h: roots -> the PDF and HTML files below them.
 *
 * Walks a root recursively in sorted order, following symbolic links to
 * files and directories but never entering a directory twice (symlink loops
 * are cut). Names starting with '.' are skipped. A root may also be a single
 * file. Unreadable directories and files that vanish are reported through the
 * warn callback and skipped; the walk goes on.
 *
 * Ownership: sk_filelist is caller-allocated (= {0} is empty); its strings
 * are malloc'd and freed by sk_filelist_release().
 */
#ifndef SAKSOK_DISCOVER_H
#define SAKSOK_DISCOVER_H

#include <stddef.h>

#include "saksok/base/err.h"
#include "saksok/indexer/extracted.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sk_file {
    char *rel;       /* path relative to the root ("a/b.pdf"); for a file root, its name */
    char *abs;       /* path to open: root joined with rel */
    long long size;  /* bytes */
    long long mtime; /* modification time, nanoseconds since the epoch */
    sk_format format;
    unsigned long long hash; /* content hash (sk_file_hash), 0 until computed */
} sk_file;

typedef struct sk_filelist {
    sk_file *files;
    size_t n;
    size_t alloc;
} sk_filelist;

/* path and reason live for the call. */
typedef void (*sk_discover_warn_cb)(const char *path, const char *reason, void *payload);

/* Append the files under root to out. Fails (SK_EIO) only if root itself
 * cannot be read. */
int sk_discover(sk_filelist *out, const char *root, sk_discover_warn_cb warn, void *payload,
                sk_err *err);
void sk_filelist_release(sk_filelist *list);

/* A 64-bit hash of the file's content (XXH64, text.h; 0 becomes 1), to tell
 * a touched file from a changed one. SK_EIO when it cannot be read. The
 * registry (index.c) stores it tagged SK_FILE_HASH_TAG; an index written
 * before holds untagged FNV-1a hashes, which match nothing: a file touched
 * since (size or mtime changed, content not) is extracted once more, and
 * registered with the new hash. */
#define SK_FILE_HASH_TAG "xxh64:"

int sk_file_hash(unsigned long long *out, const char *path, sk_err *err);

#ifdef __cplusplus
}
#endif

#endif
