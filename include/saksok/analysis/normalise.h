/* normalise.h: extracted text -> the text that is analysed, stored and shown.
 *
 * NFC; "\r\n" and "\r" become "\n"; other control characters (form feed,
 * NUL, ...) and invalid UTF-8 become a space. Words broken at a line end are
 * joined: after a soft hyphen always ("omsorgssek\u00AD" + "toren"); after a
 * hyphen without it ("Korona-" + "porteføljen": a word processor's break)
 * unless the hyphen belongs to the word ("e-" + "helse", "RHF-" + "...",
 * "Midt-" + "Norge": kept); "helse-" + "og omsorg..." stays a shortened
 * compound ("helse- og"). The result is what snippets show, so offsets of
 * tokens refer to it.
 */
#ifndef SAKSOK_NORMALISE_H
#define SAKSOK_NORMALISE_H

#include <stddef.h>

#include "saksok/base/err.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Normalise text (len bytes); *out is malloc'd (caller frees), *out_len its length. */
int sk_normalise(char **out, size_t *out_len, const char *text, size_t len, sk_err *err);

#ifdef __cplusplus
}
#endif

#endif
