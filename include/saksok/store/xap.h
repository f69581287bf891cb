/* xap.h: the C shim over xapian-core: one index directory read and written
 * in generations, restricted documents hidden by a reader's view, tiered and
 * collapsed searches with facet counts, and several shards (local or remote)
 * searched as one (indexer/xap.cc, xap_write.cc, xap_read.cc, xap_search.cc,
 * xap_shards.cc; what they share is in indexer/xap_int.h).
 *
 * The only C++ in saksok, and the only files that include <xapian.h>.
 * Every function returns SK_OK or a negative sk_code and fills err; no C++
 * exception ever crosses this boundary. Xapian's error classes map onto codes:
 *   DatabaseNotFoundError -> SK_ENOTFOUND   DatabaseLockError     -> SK_ELOCKED
 *   DatabaseCorruptError, DatabaseOpeningError, DatabaseVersionError -> SK_ECORRUPT
 *   DatabaseModifiedError -> SK_EMODIFIED ("reopen and retry")
 *   QueryParserError      -> SK_ESYNTAX    std::bad_alloc -> SK_ENOMEM
 *   any other Xapian::Error or exception -> SK_EINTERNAL
 *
 * Handles are opaque and owned by the caller; every *_free accepts NULL.
 * Strings passed in are copied; strings handed out are borrowed and the
 * comment says for how long.
 */
#ifndef SAKSOK_XAP_H
#define SAKSOK_XAP_H

#include <stddef.h>
#include <stdint.h>

#include "saksok/base/err.h"
#include "saksok/store/shards.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Xapian's limit on a term is about 245 bytes; we keep below it. */
#define SK_XAP_MAX_TERM 240

typedef struct sk_xdb sk_xdb;       /* read-only database */
typedef struct sk_xwdb sk_xwdb;     /* writable database (holds the write lock) */
typedef struct sk_xdoc sk_xdoc;     /* a document being built */
typedef struct sk_xquery sk_xquery; /* an immutable query tree node */
typedef struct sk_xmset sk_xmset;   /* one page of search results */
typedef struct sk_xstem sk_xstem;   /* a Snowball stemmer */

/* ---- the index directory ----
 *
 * An index is a directory DIR holding:
 *   DIR/XAPIANDB     a Xapian stub file naming the current generation: the line
 *                    "auto gen-N", and "# compacted BYTES" (the generation's size
 *                    when compaction wrote it; absent if it never was compacted)
 *   DIR/gen-N/       the current generation, a glass database
 *   DIR/writer.lock  flock()ed by the one writer for as long as its handle lives
 * Readers open DIR and Xapian follows the stub. A compaction writes gen-(N+1)
 * beside gen-N and switches the stub to it with one rename(), so a reader sees
 * either generation whole. An index of earlier versions (a glass database
 * directly in DIR) is read and written where it is, and moved into a
 * generation by its first compaction. Leftovers of a writer killed at any
 * moment (gen-*.tmp, an older generation, the glass files of a half-moved DIR)
 * are removed by the next writer that opens DIR.
 */

/* ---- writing ---- */

/* Open the index directory path for writing, creating it (with gen-1) if it
 * does not exist. Locks DIR/writer.lock and Xapian's write lock on the current
 * generation: while the handle lives, another writer gets SK_ELOCKED, across
 * compactions too. Starts a transaction (see sk_xwdb_commit). */
int sk_xwdb_open(sk_xwdb **out, const char *path, sk_err *err);
/* Add doc as a new document (doc is not consumed); *did (NULL: not wanted)
 * gets its document id. */
int sk_xwdb_add(uint32_t *did, sk_xwdb *db, const sk_xdoc *doc, sk_err *err);
/* Replace the data of document did; its terms and values stay as they are. */
int sk_xwdb_set_data(sk_xwdb *db, uint32_t did, const char *data, size_t len, sk_err *err);
/* Replace every document indexed by unique term idterm with doc (adds it if
 * none). doc is not consumed. */
int sk_xwdb_replace(sk_xwdb *db, const char *idterm, const sk_xdoc *doc, sk_err *err);
/* Every document indexed by idterm: its terms starting with drop_prefix are
 * replaced by terms[0..n) (boolean terms); its data, values and other terms
 * stay. *n_docs gets how many documents changed. */
int sk_xwdb_retag(sk_xwdb *db, const char *idterm, const char *drop_prefix,
                  const char *const *terms, size_t n, size_t *n_docs, sk_err *err);
/* Call cb(a, b, payload) for every document indexed by term, with its
 * values in slot_a and slot_b ("" when it has none); the strings live for
 * the call. Uncommitted changes are seen. A non-zero return from cb stops
 * the walk and is returned. */
typedef int (*sk_xvalues_cb)(const char *a, const char *b, void *payload);
int sk_xwdb_each_values(sk_xwdb *db, const char *term, unsigned slot_a, unsigned slot_b,
                        sk_xvalues_cb cb, void *payload, sk_err *err);
/* Delete every document indexed by term. */
int sk_xwdb_delete_term(sk_xwdb *db, const char *term, sk_err *err);
/* User metadata (committed with the documents). Missing key: *out = NULL.
 * *out is malloc'd; the caller frees it. */
int sk_xwdb_get_metadata(char **out, sk_xwdb *db, const char *key, sk_err *err);
int sk_xwdb_set_metadata(sk_xwdb *db, const char *key, const char *value, sk_err *err);
/* The same for values that may hold NUL bytes: *len gets the size (*out is
 * still NUL-terminated). */
int sk_xwdb_get_metadata_bytes(char **out, size_t *len, sk_xwdb *db, const char *key, sk_err *err);
int sk_xwdb_set_metadata_bytes(sk_xwdb *db, const char *key, const char *value, size_t len,
                               sk_err *err);
/* Call cb(key, value, payload) for every metadata key starting with prefix
 * (sorted); the strings live for the call. A non-zero return from cb stops the
 * walk and is returned. */
typedef int (*sk_xmeta_cb)(const char *key, const char *value, void *payload);
int sk_xwdb_each_metadata(sk_xwdb *db, const char *prefix, sk_xmeta_cb cb, void *payload,
                          sk_err *err);
/* The synonym table: key (folded words joined by spaces) -> value. */
int sk_xwdb_add_synonym(sk_xwdb *db, const char *key, const char *value, sk_err *err);
/* The spelling table: a word of the documents, freqinc more times. */
int sk_xwdb_add_spelling(sk_xwdb *db, const char *word, size_t len, unsigned freqinc, sk_err *err);
/* Restricted documents' words (sk_xdb_spelling): from now on keep the words
 * of every document in DIR/spelling-all too (created from the index's table
 * the first time), committed with the index; sk_xwdb_add_spelling() then adds
 * to both, sk_xwdb_add_spelling_restricted() to DIR/spelling-all only (and
 * does nothing when it is not kept). The index's own table thus holds public
 * documents' words. */
int sk_xwdb_keep_all_spelling(sk_xwdb *db, sk_err *err);
int sk_xwdb_add_spelling_restricted(sk_xwdb *db, const char *word, size_t len, unsigned freqinc,
                                    sk_err *err);
int sk_xwdb_commit(sk_xwdb *db, sk_err *err);
/* Keep a copy of the spelling and synonym tables in the metadata (keys
 * SK_XLEXICON_SPELLING, SK_XLEXICON_SYNONYMS), for searchers that reach this
 * index through Xapian's remote backend, which serves neither table. Call
 * after the last change of a run; committed with the next commit. */
#define SK_XLEXICON_SPELLING "saksok:spelling"
#define SK_XLEXICON_SYNONYMS "saksok:synonyms"
int sk_xwdb_export_lexicon(sk_xwdb *db, sk_err *err);
/* Number of documents (including uncommitted changes). */
int sk_xwdb_doccount(size_t *out, sk_xwdb *db, sk_err *err);
/* Close without committing pending changes (they are discarded), release the lock. */
void sk_xwdb_free(sk_xwdb *db);

/* Bytes of the current generation's files on disk (*bytes), and what they
 * were right after its compaction (*compacted_bytes; 0 if it was never
 * compacted). Either pointer may be NULL. */
int sk_xwdb_size(unsigned long long *bytes, unsigned long long *compacted_bytes, sk_xwdb *db,
                 sk_err *err);

typedef struct sk_xcompact_stats {
    unsigned long long bytes_before; /* the generation that was compacted */
    unsigned long long bytes_after;  /* the new one */
    unsigned generation;             /* N of the new DIR/gen-N */
} sk_xcompact_stats;

/* Commit pending changes, then write the index anew, compactly, as the next
 * generation (document ids, metadata, synonyms and spellings kept), make it
 * durable (fsync), switch DIR/XAPIANDB to it atomically and remove the old
 * generation (readers that have it open keep reading it until they reopen).
 * db then writes to the new generation, in a new transaction; the directory
 * lock is held throughout. out may be NULL. On an error before the switch
 * the index is as committed and db still usable; after it, the new
 * generation is the index, and if db could not be reopened on it db can only
 * be freed (what is left over, the next writer removes). */
int sk_xwdb_compact(sk_xcompact_stats *out, sk_xwdb *db, sk_err *err);

int sk_xdoc_new(sk_xdoc **out, sk_err *err);
/* term: len bytes (no NUL needed). pos is the 1-based word position. */
int sk_xdoc_add_posting(sk_xdoc *doc, const char *term, size_t len, uint32_t pos, unsigned wdfinc,
                        sk_err *err);
int sk_xdoc_add_term(sk_xdoc *doc, const char *term, size_t len, unsigned wdfinc, sk_err *err);
int sk_xdoc_set_data(sk_xdoc *doc, const char *data, size_t len, sk_err *err);
int sk_xdoc_set_value(sk_xdoc *doc, unsigned slot, const char *data, size_t len, sk_err *err);
void sk_xdoc_free(sk_xdoc *doc);

/* ---- reading ---- */

/* Open an index directory (or any database Xapian can open) read-only. If a
 * compaction switches generations while it opens, it tries again. */
int sk_xdb_open(sk_xdb **out, const char *path, sk_err *err);
/* Bring the handle to the latest committed revision, following DIR/XAPIANDB
 * to a new generation when it has been switched (one stat() per call when it
 * has not). A generation removed under the handle is left for the new one.
 * On an error the handle may still be used (it reads what it read before) or
 * freed. */
int sk_xdb_reopen(sk_xdb *db, sk_err *err);
int sk_xdb_doccount(size_t *out, sk_xdb *db, sk_err *err);
/* Number of documents that contain term. */
int sk_xdb_termfreq(size_t *out, sk_xdb *db, const char *term, sk_err *err);
/* The highest value in slot (string order) of the documents indexed by term
 * (NULL: of all documents) that the view shows: *out malloc'd (caller
 * frees), or NULL when none has one. */
int sk_xdb_highest_value(char **out, sk_xdb *db, const char *term, unsigned slot, sk_err *err);
/* *out malloc'd (caller frees) or NULL when the key is absent. */
int sk_xdb_get_metadata(char **out, sk_xdb *db, const char *key, sk_err *err);
int sk_xdb_get_metadata_bytes(char **out, size_t *len, sk_xdb *db, const char *key, sk_err *err);
/* Call cb(key, value, payload) for each metadata key starting with prefix. */
int sk_xdb_each_metadata(sk_xdb *db, const char *prefix, sk_xmeta_cb cb, void *payload,
                         sk_err *err);
/* Number of distinct terms starting with prefix. */
int sk_xdb_count_terms(size_t *out, sk_xdb *db, const char *prefix, sk_err *err);
/* Call cb(value, payload) for each synonym of key; the string lives for the
 * call. A non-zero return from cb stops and is returned. */
typedef int (*sk_xsyn_cb)(const char *value, void *payload);
int sk_xdb_synonyms(sk_xdb *db, const char *key, sk_xsyn_cb cb, void *payload, sk_err *err);
/* The most frequent word of the spelling table within max_edits of word;
 * *out malloc'd (caller frees), or NULL when there is none. */
int sk_xdb_spelling(char **out, sk_xdb *db, const char *word, unsigned max_edits, sk_err *err);
void sk_xdb_free(sk_xdb *db);

/* ---- more like this ----
 *
 * The first document indexed by idterm that the view shows is the
 * relevance set of Xapian's expand set; *terms gets (malloc'd) the
 * max_terms best of its terms that are words (no prefix, at least 3
 * bytes, not digits alone), best first, separated by spaces, or NULL when
 * no shown document has idterm (or it has no such word). *keys gets
 * (malloc'd, NULL when none) that document's terms starting with any of
 * key_prefixes (n_prefixes of them), separated by '\n': what tells its
 * case (terms.h: XC, XB). Nothing of a document the view hides is read. */
int sk_xdb_more_like(char **terms, char **keys, sk_xdb *db, const char *idterm, size_t max_terms,
                     const char *const *key_prefixes, size_t n_prefixes, sk_err *err);

/* ---- the view: restricted documents (terms.h: SK_TERM_RESTRICTED, SK_PREFIX_GROUP) ----
 *
 * A reader's handle shows public documents and the restricted documents of
 * the groups of its view; a handle just opened shows public documents only.
 * Everything it answers honours the view: sk_xdb_search (hits, totals,
 * facets), sk_xdb_doccount, sk_xdb_termfreq, sk_xdb_highest_value,
 * sk_xdb_count_terms (terms only
 * hidden documents hold are not counted), sk_xdb_synonyms (a pair learned
 * from papers shows only when a shown paper taught it, SK_PREFIX_TAUGHT, or it
 * is one of synonyms.tsv, SK_META_SYN_FIXED) and sk_xdb_spelling (from the
 * index's table of public words, a suggestion only when a shown document
 * holds it; a view that may see every document of an index with restricted
 * ones asks DIR/spelling-all, the table an index without restrictions has). Metadata is not filtered:
 * its readers apply the view themselves (sk_xdb_view_sees). On an index
 * without restricted documents, or a view of everything, nothing is filtered
 * and nothing costs more. */
int sk_xdb_set_view(sk_xdb *db, const char *const *groups, size_t n, sk_err *err);
/* Show every document (tools and tests; no front end does this). */
void sk_xdb_set_view_all(sk_xdb *db);
/* *out = 1 when the view hides some document of the index. */
int sk_xdb_view_hides(int *out, sk_xdb *db, sk_err *err);
/* Does the view show a paper whose groups are groups ("g1,g2", as
 * sk_access_groups() gives them; NULL: public)? */
int sk_xdb_view_sees(const sk_xdb *db, const char *groups);

/* ---- several shards as one index ----
 *
 * The shards (shards.h; at least one) are searched as one index: the same
 * hits, order, totals, facets and collapsing as one index of everything
 * (everything but the weights, whose sums may differ in the last bits), with
 * only what Xapian's remote backend runs sent to remote shards (collapsing,
 * tiers and facets are done here on the merged match list). A shard that
 * cannot be opened or reached within timeout seconds (0: no limit) is left
 * out, at the open or at a search, and named by sk_xdb_missing(); a shard
 * left out is tried again at a reopen, at most every SK_XDB_RETRY_SECONDS.
 * SK_ENOTFOUND (with the first shard's error) when none can be opened. One
 * local shard alone is opened as sk_xdb_open() opens it. Metadata reads see
 * every shard (a key from the first that holds it; sk_xdb_each_metadata each
 * key once), and synonyms and spelling those of every shard, remote ones
 * from the copy of their tables each index keeps (sk_xwdb_export_lexicon). */
#define SK_XDB_RETRY_SECONDS 10.0
int sk_xdb_open_shards(sk_xdb **out, const sk_shard_spec *specs, size_t n, double timeout,
                       sk_err *err);
/* The shards left out now (after the last open, reopen or search): their
 * names (sk_shard_spec.name), borrowed until the next call on db. */
size_t sk_xdb_missing_count(const sk_xdb *db);
const char *sk_xdb_missing_name(const sk_xdb *db, size_t i);
/* A value as the index gave it, kept without a copy (a 64 kB dictionary
 * copied is 16 fresh pages, a third of a millisecond of page faults for a
 * one-shot query): its bytes stay valid until sk_xblob_free(). */
typedef struct sk_xblob sk_xblob;
const char *sk_xblob_data(const sk_xblob *b);
size_t sk_xblob_len(const sk_xblob *b);
void sk_xblob_free(sk_xblob *b); /* NULL is fine */
/* *out (the caller's): the first shard's value of key for which
 * match(value, len, payload) is non-zero, shards in order and those without
 * one skipped; NULL when none matches. */
typedef int (*sk_xbytes_cb)(const char *value, size_t len, void *payload);
int sk_xdb_find_shard_metadata(sk_xblob **out, sk_xdb *db, const char *key, sk_xbytes_cb match,
                               void *payload, sk_err *err);

/* ---- queries ---- */

typedef enum sk_xop {
    SK_XOP_AND = 1,
    SK_XOP_OR,
    SK_XOP_AND_NOT,   /* first AND NOT (second OR third ...) */
    SK_XOP_AND_MAYBE, /* first, weighted also by the rest */
    SK_XOP_PHRASE,    /* terms in order, adjacent */
    SK_XOP_SYNONYM,   /* alternatives weighted as one term */
    SK_XOP_FILTER     /* first, restricted to documents matching all the rest (unweighted) */
} sk_xop;

int sk_xquery_term(sk_xquery **out, const char *term, size_t len, sk_err *err);
/* Combine n >= 1 subqueries (not consumed). */
int sk_xquery_combine(sk_xquery **out, sk_xop op, sk_xquery *const *subs, size_t n, sk_err *err);
/* Documents whose value in slot lies in [lo, hi] (string order; lo or hi
 * NULL: open end). */
int sk_xquery_value_range(sk_xquery **out, unsigned slot, const char *lo, const char *hi,
                          sk_err *err);
/* Multiply q's weight by factor (>= 0). */
int sk_xquery_scale(sk_xquery **out, const sk_xquery *q, double factor, sk_err *err);
/* Xapian's description of the query, for tests and --debug. malloc'd. */
char *sk_xquery_describe(const sk_xquery *q);
void sk_xquery_free(sk_xquery *q);

/* ---- searching ---- */

#define SK_XSEARCH_MAX_FACETS 4
#define SK_XTIER_MAX_TERMS 6
#define SK_XTIER_MAX 254 /* the highest tier number */

/* One rule of a tiered order (sk_xsearch_opts.tiers): the documents indexed
 * by every one of terms (one or two; NULL ends the list early) are in tier
 * number tier (0 first). */
typedef struct sk_xtier {
    const char *terms[SK_XTIER_MAX_TERMS];
    unsigned tier;
} sk_xtier;

typedef struct sk_xsearch_opts {
    size_t offset;
    size_t limit;
    size_t check_at_least;   /* make the total exact up to this many matches */
    int collapse_slot;       /* -1: no collapsing; else one hit per value (the best) */
    const sk_xquery *filter; /* NULL or a boolean filter */
    int sort_slot;           /* -1: by relevance; else by this value (ascending), then relevance */
    int facet_slots[SK_XSEARCH_MAX_FACETS]; /* count the values of these slots ... */
    size_t n_facets; /* ... over the hits (after collapsing): exact when every match
                        was checked, else counted over check_at_least of them and
                        scaled to the estimated total */
    /* NULL, or the prefix under which each document's value of facet_slots[k]
     * is also a boolean term (folded): lets broad queries count through a
     * table kept with the handle (same counts, far faster). */
    const char *facet_prefixes[SK_XSEARCH_MAX_FACETS];
    /* NULL, or n_tiers rules (borrowed for the call): the hits come in tier
     * order, a document's tier being the lowest of the rules it matches
     * (documents no rule matches come after every tier); within a tier by
     * sort_slot's value when sort_slot >= 0, then by relevance. The order is
     * strict: no weight lifts a hit out of its tier. Weights, totals, facets
     * and collapsing are as without tiers. SK_EINVAL for a rule without
     * terms or a tier above SK_XTIER_MAX. */
    const sk_xtier *tiers;
    size_t n_tiers;
    int sort_reverse; /* with sort_slot: the highest value first (an empty one last) */
    /* > 0: Xapian's matcher stops after this many seconds (Enquire's
     * set_time_limit) and the hits are the best it found by then. */
    double time_limit;
} sk_xsearch_opts;

/* The defaults (C; every field not named is 0 or NULL). */
#define SK_XSEARCH_OPTS_INIT                                                      \
    {                                                                             \
        .limit = 10, .check_at_least = 1000, .collapse_slot = -1, .sort_slot = -1 \
    }

/* On SK_EMODIFIED the caller should sk_xdb_reopen() and search again. */
int sk_xdb_search(sk_xmset **out, sk_xdb *db, const sk_xquery *q, const sk_xsearch_opts *opts,
                  sk_err *err);
size_t sk_xmset_size(const sk_xmset *m);
/* The number of hits (after collapsing): exact when there are at most
 * check_at_least matches, else estimated. */
size_t sk_xmset_total(const sk_xmset *m);
double sk_xmset_weight(const sk_xmset *m, size_t i);
/* Best weight in the whole match set (for normalising scores). */
double sk_xmset_max_weight(const sk_xmset *m);
unsigned sk_xmset_docid(const sk_xmset *m, size_t i);
/* Value counts of facet k (the k-th of opts->facet_slots), most frequent
 * first: cb(value, count, payload) for each; strings live for the call. */
typedef int (*sk_xfacet_cb)(const char *value, size_t len, size_t count, void *payload);
int sk_xmset_facet(const sk_xmset *m, size_t k, sk_xfacet_cb cb, void *payload, sk_err *err);
/* Hit i's value in slot into out (size bytes, NUL-terminated; "" when it
 * has none). Returns the value's length, or a negative sk_code (SK_ELIMIT
 * when it does not fit). */
int sk_xmset_value(char *out, size_t size, sk_xmset *m, size_t i, unsigned slot, sk_err *err);
/* Document data of hit i; *data lives until sk_xmset_free. */
int sk_xmset_data(sk_xmset *m, size_t i, const char **data, size_t *len, sk_err *err);
void sk_xmset_free(sk_xmset *m);

/* ---- stemming ---- */

/* lang: a Snowball language Xapian knows, e.g. "norwegian". */
int sk_xstem_new(sk_xstem **out, const char *lang, sk_err *err);
/* Stem word (len bytes, lower case) into out (NUL-terminated, at most
 * out_size - 1 bytes); returns the stem's length or a negative sk_code. */
int sk_xstem_apply(char *out, size_t out_size, sk_xstem *st, const char *word, size_t len,
                   sk_err *err);
void sk_xstem_free(sk_xstem *st);

/* The version of the Xapian library in use ("1.4.22"); static. */
const char *sk_xap_version(void);

#ifdef __cplusplus
}
#endif

#endif
