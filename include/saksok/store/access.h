/* access.h: which papers are restricted, and to which groups.
 *
 * The access file (saksok-index --access FILE, $SAKSOK_ACCESS) has one rule a
 * line:
 *     PREFIX<TAB>GROUP[,GROUP...]
 * PREFIX is a path relative to the ROOT the paper was found under, as paths
 * are stored, matched as a plain string prefix (end it with "/" to mean one
 * folder); the longest matching prefix wins; a paper that matches no rule is
 * public. A line whose first character is '#' is a comment, and so is the rest
 * of a line after a '#' in its group list; blank lines are ignored. Group
 * names are case-sensitive, without white space, ',' ':' or '#'.
 *
 * The rules are stored in the index (SK_META_ACCESS, in their canonical text)
 * so that the indexer knows what changed between runs and the search side
 * (saksok --stats, the /papers/ check of saksok-fcgi) can apply them too.
 *
 * Ownership: sk_access is opaque and freed with sk_access_free() (NULL is
 * fine); strings it hands out live as long as it.
 */
#ifndef SAKSOK_ACCESS_H
#define SAKSOK_ACCESS_H

#include <stddef.h>

#include "saksok/base/err.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sk_access sk_access;

#define SK_ACCESS_MAX_RULES 10000
#define SK_ACCESS_MAX_GROUPS 64 /* groups on one line */
#define SK_GROUP_NAME_MAX 64    /* bytes of a group's name */

/* Parse an access file's text (len bytes). SK_EINVAL with "line N: ..." for a
 * line without a tab, an empty or malformed group, or a prefix given twice;
 * SK_ELIMIT past SK_ACCESS_MAX_RULES. An empty text gives no rules. */
int sk_access_parse(sk_access **out, const char *text, size_t len, sk_err *err);
/* Read and parse the file at path (SK_EIO when it cannot be read; the
 * message names the path). */
int sk_access_load(sk_access **out, const char *path, sk_err *err);
void sk_access_free(sk_access *a);

/* The groups that may see the paper at rel: "g1,g2" (sorted, each once), or
 * NULL when the paper is public. Borrowed from a. a may be NULL (public). */
const char *sk_access_groups(const sk_access *a, const char *rel);

/* The rules as canonical text, one "PREFIX\tg1,g2\n" a rule, sorted by
 * prefix ("" when there are none): two files with the same rules give the
 * same text. Borrowed from a. */
const char *sk_access_text(const sk_access *a);
size_t sk_access_count(const sk_access *a);

/* Is a paper with groups csv ("g1,g2", as sk_access_groups gives; NULL:
 * public) visible to someone in groups[0..n)? */
int sk_access_allows(const char *csv, const char *const *groups, size_t n);

/* Is name a valid group name (1..SK_GROUP_NAME_MAX bytes, no white space,
 * ',', ':', '#' or control character)? */
int sk_group_name_ok(const char *name, size_t len);

#ifdef __cplusplus
}
#endif

#endif
