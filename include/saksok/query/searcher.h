/* searcher.h: what every query front end opens before it searches.
 *
 * The command line, the FastCGI responder and the benchmark each need the
 * same things, opened the same way: the index (one --db or several searched
 * as one, search.h), the council list, the lexicon and an analyser that uses
 * it. sk_searcher_open() opens the parts a front end asks for, in one place.
 *
 * The lexicon only lets snippets mark compound parts and OCR repairs: a
 * searcher without it searches the same, so a lexicon that cannot be opened
 * is not an error but a note (lexicon_note). The council list may be asked
 * for the same way (SK_SEARCHER_BODIES_OPTIONAL, bodies_note).
 *
 * Ownership: sk_searcher is caller-allocated and emptied by
 * sk_searcher_close(); the paths in dbs are borrowed from the caller.
 */
#ifndef SAKSOK_SEARCHER_H
#define SAKSOK_SEARCHER_H

#include <stddef.h>

#include "saksok/analysis/analyse.h"
#include "saksok/base/conf.h"
#include "saksok/base/err.h"
#include "saksok/analysis/lexicon.h"
#include "saksok/indexer/segment.h"
#include "saksok/store/shards.h"
#include "saksok/store/xap.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What sk_searcher_open opens (flags). */
enum {
    SK_SEARCHER_LEXICON = 1 << 0,         /* the lexicon (a note when it cannot be opened) */
    SK_SEARCHER_ANALYSER = 1 << 1,        /* an analyser, with the lexicon when there is one */
    SK_SEARCHER_BODIES = 1 << 2,          /* the council list (sk_bodies_load_default) */
    SK_SEARCHER_BODIES_OPTIONAL = 1 << 3, /* ... and a note, not an error, without it */
    SK_SEARCHER_INDEX = 1 << 4,           /* the index: every path of dbs as one */
    SK_SEARCHER_ALL =
        SK_SEARCHER_LEXICON | SK_SEARCHER_ANALYSER | SK_SEARCHER_BODIES | SK_SEARCHER_INDEX,
};

typedef struct sk_searcher_opts {
    const char *const *dbs; /* the indexes as --db gives them (shards.h) */
    size_t n_db;            /* 0: sk_cli_db(NULL, conf) (cli.h) */
    const sk_conf *conf;    /* for the default index; may be NULL */
    double shard_timeout;   /* seconds for each remote shard (0: none) */
    unsigned open;          /* SK_SEARCHER_* */
} sk_searcher_opts;

typedef struct sk_searcher {
    const char *dbs[SK_SHARD_MAX]; /* the indexes searched (borrowed), n_db >= 1 */
    size_t n_db;
    double shard_timeout;
    sk_lexicon *lex;     /* or NULL */
    sk_analyser *an;     /* or NULL when not asked for */
    sk_bodies *bodies;   /* or NULL when not asked for (or optional and missing) */
    sk_xdb *db;          /* or NULL when not asked for */
    sk_err lexicon_note; /* why the lexicon asked for is missing (code SK_OK: it is not) */
    sk_err bodies_note;  /* why the optional council list is missing */
} sk_searcher;

/* Open what opts->open asks for: the lexicon, the analyser, the council
 * list, then the index. On an error (the first wins) what was opened is
 * closed again and *out is empty. At most SK_SHARD_MAX paths (SK_EINVAL). */
int sk_searcher_open(sk_searcher *out, const sk_searcher_opts *opts, sk_err *err);

/* Another handle on the searcher's index, for a thread of its own or to
 * replace a broken one (sk_search_open_shards). */
int sk_searcher_open_index(sk_xdb **out, const sk_searcher *s, sk_err *err);

/* Another analyser with the searcher's lexicon (shared, read-only), for a
 * thread of its own. */
int sk_searcher_new_analyser(sk_analyser **out, const sk_searcher *s, sk_err *err);

/* Free all it opened; the struct is empty after. NULL is fine. */
void sk_searcher_close(sk_searcher *s);

#ifdef __cplusplus
}
#endif

#endif
