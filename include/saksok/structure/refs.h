/* refs.h: references from one case to another, read from a section's text.
 *
 * A reference is a case number that the running text points at:
 *   - after a word for a case: "sak 12/21", "jf. sak 12/21", "viser til sak
 *     12/21", "saken 12/21", "sakene 12/21 og 14/21", "sak nr. 12/21",
 *     "saksnr. 12/21", a council's "NUIT-sak 3/20";
 *   - right after a council's name: "(NUIT 13/21)", "NUFA 24/20" (but not
 *     after a word for a meeting or its papers: "Møte NUIT 2/21", "referatet
 *     fra NUFA 3/20" give a meeting's number).
 * Not a reference: a bare number ("12/21" alone is as often a meeting, a
 * date or a ratio), an archive number ("arkivsak 21/23"), and a heading or
 * list row: a line that starts with "Sak 13/21" or the number (the case's
 * own heading, an agenda's rows).
 *
 * The council of a reference, in this order:
 *   1. a council named with it: before ("NUIT-sak", "NUITs sak", "NUIT
 *      13/21") or after ("sak 22/23 i Nasjonalt e-helseråd", "sak 3/20 fra
 *      NUFA", "sak 3/20 (NUFA)");
 *   2. else the councils the sentence names: one council, that one; none,
 *      the paper's own (own_body); two or more different ones, ambiguous;
 *   3. ambiguous, or no council known at all: body NULL ("null rather than
 *      wrong"; callers do not store such a reference).
 * A reference to the section's own case (own_body and own_case) is none: a
 * case does not mention itself. The same case twice is one reference.
 */
#ifndef SAKSOK_REFS_H
#define SAKSOK_REFS_H

#include <stddef.h>

#include "saksok/structure/segment_parse.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sk_ref {
    const char *body; /* canonical council (borrowed from bodies), or NULL: ambiguous */
    char case_no[SK_CASE_NO_SIZE]; /* "12/21", as sk_parse_case_no() writes it */
    size_t start, end;             /* the case number's bytes in the text */
} sk_ref;

/* At most max references of text (len bytes, UTF-8) into out, in text
 * order; returns how many were found (at most max). own_body (canonical,
 * or NULL when unknown) and own_case (or NULL) are the section's. bodies
 * may be NULL (then only own_body resolves anything). */
size_t sk_refs_find(const sk_bodies *bodies, const char *text, size_t len, const char *own_body,
                    const char *own_case, sk_ref *out, size_t max);

/* The value of a reference's index term (terms.h SK_PREFIX_REF): the
 * council folded to lower case ASCII/UTF-8 as written, a space, the case
 * number ("nuit 13/21") into out (out_size bytes, NUL-terminated); returns
 * its length, or 0 when it does not fit. */
size_t sk_ref_key(char *out, size_t out_size, const char *body, const char *case_no);

#ifdef __cplusplus
}
#endif

#endif
