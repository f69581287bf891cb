/* err.h: saksok's error model.
 *
 * Every function that can fail returns SK_OK (0) or a negative sk_code and
 * fills a caller-owned sk_err. The first error wins: once err->code is set,
 * sk_err_set() leaves the message alone, so the root cause survives.
 * Library code never prints or exits; front ends (main.c) print once.
 */
#ifndef SAKSOK_ERR_H
#define SAKSOK_ERR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sk_code {
    SK_OK = 0,
    SK_EINVAL = -1,     /* bad argument or usage */
    SK_ENOMEM = -2,     /* out of memory */
    SK_EIO = -3,        /* read/write failure, file missing, permission */
    SK_EFORMAT = -4,    /* input is not a valid PDF/HTML (corrupt, truncated, empty) */
    SK_EENCRYPTED = -5, /* PDF is password protected */
    SK_ENOTFOUND = -6,  /* database does not exist */
    SK_ECORRUPT = -7,   /* database is corrupt */
    SK_ELOCKED = -8,    /* database is locked by another writer */
    SK_EMODIFIED = -9,  /* database changed under a reader: reopen and retry */
    SK_ESYNTAX = -10,   /* malformed query */
    SK_ELIMIT = -11,    /* a size cap was exceeded */
    SK_EINTERNAL = -12, /* anything else (unexpected library error) */
    SK_ETIMEOUT = -13   /* a time limit ran out (a search past its deadline) */
} sk_code;

#define SK_ERR_MSG_SIZE 256

typedef struct sk_err {
    sk_code code;
    char msg[SK_ERR_MSG_SIZE];
} sk_err;

/* Designated in C, so that a field added later starts zeroed; C++17 (the shim)
 * has no designated initializers, and value-initialises: the same zeros. */
#ifdef __cplusplus
#define SK_ERR_INIT \
    {               \
    }
#else
#define SK_ERR_INIT              \
    {                            \
        .code = SK_OK, .msg = "" \
    }
#endif

#if defined(__GNUC__)
#define SK_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define SK_PRINTF(a, b)
#endif

/* Record an error unless one is already recorded. err may be NULL.
 * Returns code, so `return sk_err_set(err, SK_EIO, "...")` reads well. */
int sk_err_set(sk_err *err, sk_code code, const char *fmt, ...) SK_PRINTF(3, 4);

/* Put "prefix: " in front of the recorded message (truncating if needed). */
void sk_err_prefix(sk_err *err, const char *fmt, ...) SK_PRINTF(2, 3);

/* Forget the recorded error. */
void sk_err_clear(sk_err *err);

/* Short, stable name of a code ("EIO", "ESYNTAX", ...); never NULL. */
const char *sk_code_name(int code);

#ifdef __cplusplus
}
#endif

#endif
