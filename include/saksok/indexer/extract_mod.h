/* extract_mod.h: extraction loaded when a file first needs it.
 *
 * Extraction brings poppler, libxml2 and Tesseract with it: about 90 shared
 * libraries, whose loading costs more than a nightly run that finds
 * nothing changed takes in all (scripts/bench times that run). saksok-index
 * therefore does not link them: they live in the module saksok-extract.so (beside the executable, or
 * $SAKSOK_EXTRACT_MODULE), opened on first use. The functions keep the
 * contracts of extract.h and ocr.h.
 */
#ifndef SAKSOK_EXTRACT_MOD_H
#define SAKSOK_EXTRACT_MOD_H

#include "saksok/base/err.h"
#include "saksok/indexer/extract.h"
#include "saksok/indexer/ocr.h"

#ifdef __cplusplus
extern "C" {
#endif

/* sk_extract()'s type. */
typedef int sk_extract_fn(sk_extracted *out, const char *path, const sk_extract_opts *opts,
                          sk_extract_stats *stats, sk_err *err);

/* What the module exports (one symbol, sk_extract_module_v2, returns it). */
typedef struct sk_extract_api {
    sk_extract_fn *extract;
    void (*ocr_free)(sk_ocr *ocr);
} sk_extract_api;

/* The module's entry point. */
const sk_extract_api *sk_extract_module_v2(void);

/* Load the module once (thread-safe); NULL with *err set (SK_ENOTFOUND) when
 * it cannot be. err may be NULL. */
const sk_extract_api *sk_extract_api_get(sk_err *err);

/* sk_extract() through the module; SK_ENOTFOUND (out left empty) when the
 * module cannot be loaded. */
sk_extract_fn sk_mod_extract;
/* sk_ocr_free() through the module (NULL is fine, and never loads it). */
void sk_mod_ocr_free(sk_ocr *ocr);

#ifdef __cplusplus
}
#endif

#endif
