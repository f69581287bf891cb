/* story.h: a case's whole story, from the index.
 *
 * A case is a council and a number ("NUIT 13/21"). Its story is what the
 * index holds about it:
 *   - the case: council, number, title, type, the meeting that handled it,
 *     the proposed decision and the decision, and where the decision was
 *     made (the minutes item, else the case's own paper that records it);
 *   - the timeline: every agenda row, case paper and minutes item of the
 *     case (sections with its number and council), oldest meeting first;
 *     within a meeting the agenda, then the case's papers, then the minutes;
 *   - mentioned_by: the cases whose papers or minutes refer to it (refs.h,
 *     read when indexing; the index term SK_PREFIX_REF);
 *   - mentions: the cases its own papers and minutes refer to, with their
 *     title and meeting when the index holds them.
 * Everything is found through searches (sk_xdb_search), so the reader's
 * view of restricted papers applies, and over shards the story is the one
 * an index of everything gives.
 *
 * Ownership: sk_story is caller-allocated (= {0} is empty), filled by
 * sk_story_get() and emptied by sk_story_release(); every string in it is
 * malloc'd (NULL: unknown).
 */
#ifndef SAKSOK_STORY_H
#define SAKSOK_STORY_H

#include <stddef.h>

#include "saksok/base/buf.h"
#include "saksok/base/err.h"
#include "saksok/structure/segment_parse.h"
#include "saksok/store/xap.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SK_STORY_MAX_SECTIONS 1000 /* timeline entries and references read, each */

typedef struct sk_story_entry {
    char *date; /* the meeting date of the section, or NULL */
    char *role; /* "agenda", "case", "minutes" */
    char *file, *format;
    int page_from, page_to;             /* 0 for HTML */
    char *title;                        /* the section's title, else NULL */
    char *doc_title;                    /* the paper's title, or NULL */
    char *meeting_no;                   /* or NULL */
    char *decision, *proposed_decision; /* what this section records, or NULL */
} sk_story_entry;

typedef struct sk_story_link {
    char *body, *case_no, *meeting_date, *title; /* body, case_no never NULL */
} sk_story_link;

typedef struct sk_story {
    int found;  /* 0: no such case (note says why), nothing else is set */
    char *note; /* Norwegian, for the user: the case is unknown, or which councils have it */
    char *body, *case_no, *title, *type, *meeting_date, *proposed_decision, *decision;
    long decision_from; /* the timeline entry the decision is from, or -1 */
    sk_story_entry *timeline;
    size_t n_timeline;
    sk_story_link *mentioned_by, *mentions;
    size_t n_mentioned_by, n_mentions;
    char **missing; /* shards left out (a partial answer), as sk_results has them */
    size_t n_missing;
} sk_story;

/* Parse spec ("NUIT 13/21", "NUIT-sak 13/21", "sak 13/21", "13/21"; a council
 * the list does not know as written, "Hovedutvalg for helse og omsorg
 * 11/23") into its council (canonical, or as written; *body = NULL when
 * spec names none) and case number (case_no). SK_EINVAL with a Norwegian
 * message when spec ends in no case number. *body is malloc'd. */
int sk_story_parse_spec(char **body, char case_no[SK_CASE_NO_SIZE], const sk_bodies *bodies,
                        const char *spec, sk_err *err);

/* The story of the case spec names (sk_story_parse_spec). Without a
 * council: the one council whose papers have that number; none or several:
 * found = 0 and a note (several: naming them). A case that no section has
 * but that papers refer to is found, with an empty timeline. SK_EINVAL for
 * a spec without a case number; index errors as sk_xdb_search's (the
 * index changed under the reader is retried). */
int sk_story_get(sk_story *out, sk_xdb *db, const sk_bodies *bodies, const char *spec, sk_err *err);
void sk_story_release(sk_story *s);

/* ---- rendering (query/story_render.c) ---- */

/* The story as JSON (a found story):
 *   {"case": {body, case, title, type, meeting_date, proposed_decision,
 *             decision, decision_from},
 *    "timeline": [{date, role, file, page_from, page_to, url, title,
 *                  meeting_no, doc_title, format}],
 *    "mentioned_by": [{body, case, meeting_date, title}], "mentions": [...],
 *    "partial": false, "missing": []}
 * decision_from is the timeline entry the decision stands in ({date, role,
 * file, page_from, page_to, url, meeting_no}) or null; url is the file and
 * "#page=N" of its first page. *out: a new reference (json_decref). */
struct json_t;
int sk_story_json_value(struct json_t **out, const sk_story *s, sk_err *err);
/* The story as text for a terminal, in Norwegian. */
int sk_story_text(sk_buf *out, const sk_story *s, sk_err *err);

#ifdef __cplusplus
}
#endif

#endif
