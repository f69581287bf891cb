/* hitid.h: the stable id of a hit, and when the index first held it.
 *
 * A hit's id names one section of one paper across reindexes: it is made
 * from the paper's path (relative to its root, as the JSON "file") and the
 * section's identity in it, never from Xapian's document ids, so a full
 * reindex, a compaction or an index split into shards gives every section
 * the same id. The identity of a case section is its council, case number
 * and role (and, for the rare paper that holds two sections of the same
 * case and role, which of them); of a page outside any case, its page.
 * The id is 16 lower-case hex digits (a 64-bit FNV-1a hash).
 *
 * "Added" stamps (SK_SLOT_ADDED, terms.h) tell when the index first held a
 * section: 16 decimal digits of microseconds since 1970 (UTC), so that
 * string order is time order. A section that a later run writes again
 * (the paper changed, or --full) keeps the stamp its id had; each run's
 * stamp is later than every stamp the index held before it.
 *
 * Every function here is pure (no I/O) but sk_stamp_now(); strings are
 * written into the caller's buffers.
 */
#ifndef SAKSOK_HITID_H
#define SAKSOK_HITID_H

#include "saksok/base/err.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SK_HIT_ID_LEN 16
#define SK_HIT_ID_SIZE (SK_HIT_ID_LEN + 1)

/* The id of the ordinal-th (0 first) section of file with this role
 * ("case", "minutes", ...; sk_role_name()), council and case number (NULL:
 * none); page_from counts only for a section without a case number. */
void sk_hit_id_make(char out[SK_HIT_ID_SIZE], const char *file, const char *role, const char *body,
                    const char *case_no, int page_from, unsigned ordinal);

/* 1 when s is an id as sk_hit_id_make() writes it (16 lower-case hex digits). */
int sk_hit_id_valid(const char *s);

#define SK_STAMP_LEN 16
#define SK_STAMP_SIZE (SK_STAMP_LEN + 1)
#define SK_STAMP_ISO_SIZE 32 /* "2021-05-20T08:30:00.000000Z" and NUL */

/* The stamp of now (the system clock). */
void sk_stamp_now(char out[SK_STAMP_SIZE]);

/* The stamp one microsecond after s (a stamp); the largest stays as it is. */
void sk_stamp_next(char out[SK_STAMP_SIZE], const char *s);

/* 1 when s is a stamp (16 decimal digits). */
int sk_stamp_valid(const char *s);

/* A time as people and scripts write it into a stamp: "YYYY-MM-DD"
 * (midnight UTC), "YYYY-MM-DDTHH:MM[:SS[.ffffff]]" with "Z", "+HH:MM",
 * "-HH:MM" or nothing (UTC); a space may stand for the T. SK_EINVAL, with
 * a Norwegian message, for anything else. */
int sk_stamp_parse(char out[SK_STAMP_SIZE], const char *text, sk_err *err);

/* The stamp s as "YYYY-MM-DDTHH:MM:SS.ffffffZ"; "" when s is not a stamp. */
void sk_stamp_iso(char out[SK_STAMP_ISO_SIZE], const char *s);

/* The key of SK_SLOT_NEWEST (terms.h) for a section added at stamp, of a
 * meeting on date ("YYYY-MM-DD", or NULL/"" when unknown: after every
 * date): in ascending order, the latest stamp first, then the latest
 * meeting. */
#define SK_NEWEST_KEY_SIZE (SK_STAMP_LEN + 8 + 1)
void sk_newest_key(char out[SK_NEWEST_KEY_SIZE], const char *stamp, const char *date);

#ifdef __cplusplus
}
#endif

#endif
