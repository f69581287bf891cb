/* actor.h: the persons a field of a meeting paper names as acting in a case.
 *
 * A presenter, sender ("Fra"), case officer ("Saksbehandler") or minute
 * taker ("Referent") is written with the person's organisation and with
 * others: "Karl Vestli Direktoratet for e-helse", "Rune Røren, Direktoratet
 * for e-helse", "Anne Kristin Einarsrud og Helge Bjertnæs", "(Kari)". The
 * names are the runs of capitalised words (initials, hyphenated and
 * æøå-names too), split at "og", "and", "&", ",", ";", "/" and brackets; a
 * run that goes on into lower-case words ("Direktoratet for ...") or an
 * acronym ("Helse Vest RHF") loses its last word, which starts the
 * organisation. A name has one to five words; a one-word name (a first
 * name alone) counts only when it is the whole field.
 *
 * Used by the indexer (actor terms, terms.h) and by the query reader, so
 * both sides agree on what a name is. No allocation; no errors.
 */
#ifndef SAKSOK_ACTOR_H
#define SAKSOK_ACTOR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SK_ACTOR_MAX_WORDS 5

/* One name: its words as byte spans of the field. */
typedef struct sk_actor_name {
    size_t n_words;
    size_t start[SK_ACTOR_MAX_WORDS];
    size_t len[SK_ACTOR_MAX_WORDS];
} sk_actor_name;

/* The names in s (len bytes), at most max into out; returns how many. */
size_t sk_actor_names(sk_actor_name *out, size_t max, const char *s, size_t len);

/* Does the word (len bytes) start with an upper-case letter (ASCII or
 * Latin-1 Supplement/Extended-A as UTF-8)? */
int sk_actor_capitalised(const char *w, size_t len);

/* Is the whole of s (len bytes) a person's name or names and nothing else
 * (no organisation, no digits)? For facts whose value must be a person. */
int sk_actor_only_names(const char *s, size_t len);

#ifdef __cplusplus
}
#endif

#endif
