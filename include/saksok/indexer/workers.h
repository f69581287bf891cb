/* workers.h: extraction in confined child processes.
 *
 * poppler, libxml2 and Tesseract read files that anybody may have written.
 * saksok-index therefore runs them in child processes, never in its own: a
 * worker (sk_xworker) is one child that extracts file after file for the one
 * thread that owns it (saksok-index keeps one per --jobs thread), so the
 * cost of starting it is paid once per run, not per file.
 *
 * The child is the same program started again with --extract-worker FD
 * (sk_xworker_child_main); before it reads any file it drops what it does
 * not need: no new privileges, a seccomp filter (no exec, no fork other than
 * threads, no sockets, no ptrace, no changing its own limits, no links or
 * mode changes), a limit on its address space (RLIMIT_AS), no core files,
 * and its other descriptors closed. Per file the parent sets its CPU-time
 * limit (RLIMIT_CPU, with prlimit) and watches the wall time; a child that
 * runs past either, crashes or runs out of memory is gone, the file fails
 * with a message that says so, and the next file gets a fresh child.
 *
 * What the child sends back is checked before it is used (sizes, page
 * numbers, valid UTF-8): the parent trusts nothing from it.
 *
 * Ownership: an sk_xworker belongs to one thread at a time.
 */
#ifndef SAKSOK_WORKERS_H
#define SAKSOK_WORKERS_H

#include <stddef.h>

#include "saksok/base/err.h"
#include "saksok/indexer/extract.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sk_xworker sk_xworker;

typedef struct sk_xworker_limits {
    double cpu_seconds;  /* CPU time for one file (> 0) */
    double wall_seconds; /* wall time for one file (> 0): past it the child is killed */
    size_t memory_mb;    /* the child's address space in MiB; 0: no limit (ignored
                            in sanitizer builds, whose shadow memory needs terabytes) */
    const char *program; /* the program to start with --extract-worker FD; NULL: this one */
} sk_xworker_limits;

#define SK_XWORKER_CPU_SECONDS 900.0 /* --file-seconds' default */
#define SK_XWORKER_MEMORY_MB ((size_t)4096)

/* A worker; its child is started when the first file needs it. */
int sk_xworker_new(sk_xworker **out, const sk_xworker_limits *limits, sk_err *err);
/* Stops the child (it finishes nothing: one still extracting a file sent is
 * killed) and frees w. NULL is fine. */
void sk_xworker_free(sk_xworker *w);

/* sk_extract() in the child (opts->ocr_engine and
 * opts->ocr_engine_keep are ignored: the child keeps its own engine).
 * opts->warn is called in this thread. Errors: those of
 * sk_extract(), and SK_ELIMIT when the child ran past a limit
 * (CPU time, wall time) and was killed, SK_EINTERNAL when it crashed or sent
 * something that is not an answer; the message says which, and the next
 * call starts a fresh child. */
int sk_xworker_extract(sk_extracted *out, sk_xworker *w, const char *path,
                       const sk_extract_opts *opts, sk_extract_stats *stats, sk_err *err);

/* sk_xworker_extract() in two halves, so that the child extracts one file
 * while the thread does something else (analyses the file before it):
 * sk_xworker_send() asks for path (starting the child if there is none;
 * the CPU and wall time limits of the file run from here), and
 * sk_xworker_receive() waits for the answer, with the same results and
 * errors as sk_xworker_extract(). One request at a time: each send is
 * followed by one receive. A failed send leaves nothing to receive. */
int sk_xworker_send(sk_xworker *w, const char *path, const sk_extract_opts *opts, sk_err *err);
int sk_xworker_receive(sk_extracted *out, sk_xworker *w, const sk_extract_opts *opts,
                       sk_extract_stats *stats, sk_err *err);

/* The child's side: confine this process (its address space to memory_mb
 * MiB; 0: no limit), then answer requests on fd until it is closed. Returns
 * the process's exit status. */
int sk_xworker_child_main(int fd, size_t memory_mb);

/* A worker's hello said its system-call filter could not be applied (the
 * kernel or the container does not allow it): the other limits hold. */
int sk_xworker_unfiltered(const sk_xworker *w);

/* The arguments that make a program a worker: PROGRAM --extract-worker FD MB. */
#define SK_XWORKER_ARG "--extract-worker"

#ifdef __cplusplus
}
#endif

#endif
