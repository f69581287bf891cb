/* abbrev.h: learning abbreviations from the papers ("digital hjemmeoppfølging (DHO)").
 *
 * Finds "long form (ABBR)" where ABBR is 2-10 characters with at least two
 * capitals, and picks the shortest run of preceding words whose letters
 * spell ABBR in order, the first letter starting a word (the algorithm of
 * Schwartz and Hearst, 2003, which also takes letters inside compounds:
 * "Norsk Helsenett (NHN)"). Nothing is printed or stored here; the indexer
 * stores the pairs as synonyms.
 */
#ifndef SAKSOK_ABBREV_H
#define SAKSOK_ABBREV_H

#include <stddef.h>

#include "saksok/base/err.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Both spans point into text; they live for the call. A non-zero return
 * stops the scan and is returned. */
typedef int (*sk_abbrev_cb)(const char *long_form, size_t long_len, const char *abbr,
                            size_t abbr_len, void *payload);

int sk_abbrev_scan(const char *text, size_t len, sk_abbrev_cb cb, void *payload);

#ifdef __cplusplus
}
#endif

#endif
