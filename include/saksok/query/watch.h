/* watch.h: saved searches and alerts (the nightly run's watches).
 *
 * A watch file has one watch a line, NAME<TAB>QUERY<TAB>ADDRESS: NAME of
 * letters, digits, '.', '_' and '-' (it names the watch's files), QUERY as
 * `saksok QUERY` takes it, ADDRESS an e-mail address (used only when a
 * sendmail is configured). Empty lines and lines starting with '#' are
 * skipped; a bad line is skipped with a message, the others still run.
 *
 * Each run reports, per watch, the hits the index added since the watch
 * last reported (hitid.h: "added"), public papers only:
 *  - into DIR/NAME.txt, appended: a heading line, the hits as `saksok`
 *    prints them, and a marker line "#saksok-varsel NAME STAMP" holding the
 *    latest "added" of the hits reported (the high-water mark);
 *  - and, with a sendmail, as a mail to ADDRESS (Message-ID made from the
 *    watch and its mark).
 * A new watch (no mark yet) starts at the latest "added" of the whole index
 * and reports nothing that first time.
 *
 * Exactly once, across runs that fail or are killed at any moment: the mark
 * is read from DIR/NAME.txt itself (and DIR/.state/NAME, a copy), and the
 * report and its mark reach DIR/NAME.txt in one rename(); so a report is in
 * the file once, or not at all and made again next time (the same hits:
 * everything added after the mark). A mail is first written whole to
 * DIR/.pending/NAME (rename), then sent, then the report is committed and
 * the pending mail removed. A run that finds a pending mail past the
 * committed mark cannot know whether sendmail took it: it makes the report
 * again and sends it, with the same Message-ID (made from the watch and the
 * mark; mail programs show one). So a mail is never lost, and sent twice
 * only when a run was killed after sendmail took it and before the commit.
 * Sections written again (a paper changed, --full) keep their "added"
 * (hitid.h) and are not reported again; every commit of a run has its own
 * later stamp, so a run killed between commits misses nothing either.
 *
 * Ownership: sk_watches is caller-allocated (= {0} is empty), emptied by
 * sk_watches_release(). Nothing here prints: messages go to the caller's
 * buffers.
 */
#ifndef SAKSOK_WATCH_H
#define SAKSOK_WATCH_H

#include <stddef.h>

#include "saksok/analysis/analyse.h"
#include "saksok/base/buf.h"
#include "saksok/base/err.h"
#include "saksok/query/qparse.h"
#include "saksok/store/xap.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SK_WATCH_NAME_MAX 64
#define SK_WATCH_MAX 1000 /* watches in one file */
#define SK_WATCH_MARKER "#saksok-varsel "

typedef struct sk_watch {
    char *name, *query, *address;
} sk_watch;

typedef struct sk_watches {
    sk_watch *v;
    size_t n;
} sk_watches;

/* Read the watch file at path. A bad line is skipped and said in problems
 * (Norwegian, one line each, "watches:12: ..."); SK_EIO when the file cannot
 * be read. */
int sk_watches_load(sk_watches *out, const char *path, sk_buf *problems, sk_err *err);
void sk_watches_release(sk_watches *w);

typedef struct sk_watch_env {
    sk_xdb *db; /* the index (the view is set to public papers) */
    sk_analyser *an;
    const sk_bodies *bodies; /* may be NULL */
    const char *dir;         /* the watches' files (created if missing) */
    const char *sendmail;    /* a command taking a mail on stdin (sendmail -t -oi), or NULL */
} sk_watch_env;

/* Run watch w: report what the index added since its mark (see above).
 * log gets what was reported, or a line saying there was nothing; *n_new
 * how many hits were reported. SK_EINVAL for a query that cannot be
 * understood, SK_EIO when a file cannot be written or the mail not sent
 * (then nothing is committed and the next run tries again). */
int sk_watch_run(sk_buf *log, size_t *n_new, const sk_watch_env *env, const sk_watch *w,
                 sk_err *err);

#ifdef __cplusplus
}
#endif

#endif
