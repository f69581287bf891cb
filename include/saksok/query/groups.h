/* groups.h: who belongs to which group, and what a user may see.
 *
 * The groups file (saksok-fcgi --groups FILE, $SAKSOK_GROUPS) has one group a
 * line:
 *     GROUP: USER USER ...
 * Users are separated by white space; a group may have several lines; a line
 * whose first character is '#' is a comment, and blank lines are ignored.
 * On the web the user is REMOTE_USER, as the web server passes it after it
 * has authenticated the person; on the command line, the caller's login name,
 * and the caller's Unix groups count as groups of the same name.
 *
 * A view is the list of groups whose restricted papers a user may see (public
 * papers are always seen). The empty view sees public papers only.
 *
 * Ownership: sk_groups is opaque, freed with sk_groups_free() (NULL is fine).
 * sk_view is caller-allocated (= {0} is the empty view) and emptied with
 * sk_view_release(); its strings are malloc'd.
 */
#ifndef SAKSOK_GROUPS_H
#define SAKSOK_GROUPS_H

#include <stddef.h>

#include "saksok/base/err.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sk_groups sk_groups;

#define SK_GROUPS_MAX_LINES 100000
#define SK_VIEW_MAX_GROUPS 256
#define SK_USER_NAME_MAX 256

/* Parse a groups file's text. SK_EINVAL with "line N: ..." for a line
 * without ':' or with a bad group name. */
int sk_groups_parse(sk_groups **out, const char *text, size_t len, sk_err *err);
/* Read and parse the file at path (SK_EIO when it cannot be read). */
int sk_groups_load(sk_groups **out, const char *path, sk_err *err);
void sk_groups_free(sk_groups *g);

typedef struct sk_view {
    char **groups; /* sorted, each once */
    size_t n;
} sk_view;

/* Add a group to the view (kept sorted, each once). */
int sk_view_add(sk_view *v, const char *group, sk_err *err);
/* The view of user (NULL or "": anonymous, public only) from g (NULL: no
 * groups file, public only). v is emptied first. */
int sk_view_for_user(sk_view *v, const sk_groups *g, const char *user, sk_err *err);
/* The view of the calling process's user: the groups g gives the login name
 * of the real user id, and the names of the real group id and of the
 * supplementary groups. Root gets nothing beyond that. */
int sk_view_for_caller(sk_view *v, const sk_groups *g, sk_err *err);
void sk_view_release(sk_view *v);

#ifdef __cplusplus
}
#endif

#endif
