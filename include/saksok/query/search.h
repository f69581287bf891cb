/* search.h: parsed query -> ranked hits from the index.
 *
 * Runs the strict query; when it finds nothing and the query had words joined
 * only by juxtaposition, runs the relaxed one (any word) and says so. When
 * no hit had every word and there is a spelling suggestion that finds hits
 * with every word (or anything, when the query found nothing), the hits are
 * the suggestion's (corrected = 1). A
 * DatabaseModifiedError (the index was committed under us) is handled by
 * reopening and retrying.
 *
 * A query that asks for a case number (sk_query_cases) ranks in strict
 * tiers: the case's own papers, its minutes, its agenda rows, then sections
 * that only mention the number (mentions, other sections quoting it), then
 * anything else a relaxed query found; by relevance within a tier (a bare
 * case number: the fuller paper first). A council named with the number
 * narrows to that council: another council's case of the same number is
 * not among the hits at all.
 *
 * Ownership: sk_results is caller-allocated (= {0} is empty) and emptied by
 * sk_results_release(); every string in it is malloc'd.
 */
#ifndef SAKSOK_SEARCH_H
#define SAKSOK_SEARCH_H

#include <stddef.h>

#include "saksok/store/docdata.h"
#include "saksok/store/docmeta.h"
#include "saksok/base/err.h"
#include "saksok/query/fields.h"
#include "saksok/store/hitid.h"
#include "saksok/query/qparse.h"
#include "saksok/query/snippet.h"
#include "saksok/store/xap.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SK_SEARCH_MAX_LIMIT 1000

typedef struct sk_hit {
    size_t rank;   /* 1-based, counting from the first result overall */
    double score;  /* weight relative to the best hit of the query, 0..1 */
    char *file;    /* path relative to its root */
    char *format;  /* "pdf" or "html" */
    int page_from; /* 0 when the format has no pages (HTML) */
    int page_to;
    char *title;     /* the case's title, or NULL */
    char *doc_title; /* the paper's title (PDF metadata, HTML <title>), or NULL */
    char *body, *meeting_date, *meeting_no, *case_no, *role, *type, *presenter;
    char *sender, *case_officer, *minute_taker; /* who else acts (segment.h), or NULL */
    char *proposed_decision, *decision;         /* or NULL */
    int decision_from_minutes; /* the decision was found in the minutes of the case */
    int proposal_from_case;    /* a minutes hit's proposal was found in the case's paper */
    char *archive_no;          /* the archive number the section is filed under, or NULL */
    int ocr;                   /* some of the text was read by OCR */
    char *text;                /* the part of the section's normalised text the snippet is cut
                      from: a window around the query's words (or the whole text) */
    size_t text_at;            /* where text starts in the section's text */
    int text_cut_before, text_cut_after; /* the section's text goes on before / after */
    sk_span *marks; /* the query's words in text (sorted), found when the hit was read; */
    size_t n_marks; /* with have_marks 0 (a hit made by hand) they are found when rendering */
    int have_marks;
    sk_page_mark *page_marks;  /* where each page starts in the section's text */
    size_t n_page_marks;       /* (docmeta.h); 0 for a one-page text */
    char id[SK_HIT_ID_SIZE];   /* the stable id (hitid.h); "" for a section indexed before ids */
    char added[SK_STAMP_SIZE]; /* when the index first held it (a stamp), or "" */
} sk_hit;

/* The page of the hit's text at byte offset (page_from when unknown). */
int sk_hit_page_at(const sk_hit *h, size_t offset);

/* Counts of one metadata field over all matches ("body": NUIT 4, NUFA 2). */
typedef struct sk_facet_value {
    char *value;
    size_t count;
} sk_facet_value;

typedef struct sk_facet {
    const char *name;       /* "body", "year", "type" (sk_facets, static) */
    sk_facet_value *values; /* most frequent first */
    size_t n;
} sk_facet;

/* SK_FACET_BODY, ..., SK_N_FACETS: see fields.h */

/* What to search: paging and filters (NULL/empty: no filter). */
typedef struct sk_search_opts {
    size_t offset;
    size_t limit;
    const char *body; /* canonical body name, e.g. "NUIT" */
    const char *year; /* "2021" */
    const char *type; /* case type, e.g. "Drøfting" */
    const char *from; /* meeting date range, "YYYY-MM-DD", inclusive */
    const char *to;
    /* NULL, or a reader (borrowed) a long-lived caller keeps for its
     * searches: saves making one (and its buffers) per search. */
    sk_docdata_reader *reader;
    /* 1: newest meeting first (hits without a date last), then relevance;
     * a case number's tiers and a reading's preferences do not apply */
    int sort_date;
    /* > 0: the search gives up after this many seconds with SK_ETIMEOUT
     * (checked between its passes; each pass's match is cut at what is
     * left). 0: no limit. */
    double seconds;
    /* 1: the latest added first, then the latest meeting (a feed's order;
     * no tiers); 0: by relevance (and a case number's tiers) */
    int newest;
    /* NULL, or a stamp (hitid.h): only sections the index first held after it */
    const char *added_since;
    /* NULL, or documents that are never hits (borrowed) */
    const sk_xquery *exclude;
} sk_search_opts;

/* The defaults: the first 10 hits by relevance, no filter (every field not
 * named is 0 or NULL). */
#define SK_SEARCH_OPTS_INIT \
    {                       \
        .limit = 10         \
    }

typedef struct sk_results {
    size_t total; /* matches in all (estimate beyond 1000) */
    size_t offset;
    size_t limit;
    int relaxed;      /* 1 when no hit had every word, and these have some */
    char *suggestion; /* the query with misspelt words corrected, or NULL */
    int corrected;    /* 1: the query found nothing, these hits are the suggestion's */
    sk_facet facets[SK_N_FACETS];
    sk_hit *hits;
    size_t n_hits;
    /* A partial answer: the shards that could not be reached and were left
     * out (their names as --db or the stub file gives them); none: whole. */
    char **missing;
    size_t n_missing;
} sk_results;

/* A section's stored document data (data, len bytes, as the index holds
 * it) read with rd: its metadata decoded into *meta (sk_docmeta_release)
 * and its text (*text, *text_len bytes, borrowed from rd until its next
 * read). What every reader of a hit or a story starts with. */
int sk_search_read_section(sk_docmeta *meta, const char **text, size_t *text_len,
                           sk_docdata_reader *rd, const char *data, size_t len, sk_err *err);

/* Open the index read-only: SK_ENOTFOUND when there is none at path. */
int sk_search_open(sk_xdb **out, const char *path, sk_err *err);

/* Open several indexes (or stub files naming shards, see shards.h) as one:
 * paths as --db gives them (n >= 1), timeout in seconds for each remote
 * shard (0: none). A shard that cannot be reached is left out (partial
 * answers); SK_ENOTFOUND when none can. */
int sk_search_open_shards(sk_xdb **out, const char *const *paths, size_t n, double timeout,
                          sk_err *err);

/* The shards db left out now (sk_xdb_missing_name) as malloc'd copies into
 * *out (a malloc'd array, NULL when none) and *n (0 on entry); freed by
 * the caller, element by element, on error too. */
int sk_search_missing(char ***out, size_t *n, const sk_xdb *db, sk_err *err);

/* SK_ELIMIT when opts->limit is above SK_SEARCH_MAX_LIMIT; SK_EINVAL for a
 * malformed filter value (the message says which). */
int sk_search(sk_results *out, sk_xdb *db, const sk_query *q, const sk_search_opts *opts,
              sk_err *err);
void sk_results_release(sk_results *r);

/* ---- more like this ----
 *
 * The cases most like the hit with this id (hitid.h): the words that tell
 * it apart (Xapian's expand set over it, sk_xdb_more_like) searched as one
 * OR query, never the hit itself nor another section of its case (the
 * same council and case number), and one hit per case (its best section).
 * opts as for sk_search (offset, limit, filters; newest is ignored).
 * *q_out gets the query made (caller frees; NULL on error), whose text
 * (*text_out, malloc'd) is the words joined by OR, for the JSON "query"
 * and snippets. SK_EINVAL for an id that is not one; SK_ENOTFOUND when no
 * hit the caller may see has it. */
#define SK_SIMILAR_TERMS 30
int sk_search_similar(sk_results *out, sk_query **q_out, char **text_out, sk_xdb *db,
                      sk_analyser *an, const sk_bodies *bodies, const char *id,
                      const sk_search_opts *opts, sk_err *err);

#ifdef __cplusplus
}
#endif

#endif
