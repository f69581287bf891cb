/* version.h: what --version prints.
 *
 * saksok's version, then the libraries it runs with: Xapian (linked into
 * every program), and poppler, Tesseract, Leptonica and libxml2, which only
 * the extraction module links: it is loaded to ask it (paths.h says where
 * it is), and when it cannot be, the text says so instead of their versions.
 */
#ifndef SAKSOK_VERSION_H
#define SAKSOK_VERSION_H

#include "saksok/base/buf.h"
#include "saksok/base/err.h"

#ifdef __cplusplus
extern "C" {
#endif

/* saksok's version ("0.1.0"). */
const char *sk_version(void);

/* Append to out, one per line: "PROG VERSION", "Xapian X.Y.Z", then the
 * extraction module's libraries ("poppler X.Y.Z", ...) or "extraction module:
 * not loaded (why)". SK_ENOMEM only. */
int sk_version_text(sk_buf *out, const char *prog, sk_err *err);

/* The extraction module's entry for its libraries' versions: lines "NAME
 * VERSION\\n" in a static string. */
const char *sk_extract_versions(void);

#ifdef __cplusplus
}
#endif

#endif
