/* index_int.h: what the files of the indexer (index.c: the writer and the
 * registry; index_doc.c: preparing documents; index_synonyms.c: the synonym
 * table) share. Included by nothing else. */
#ifndef SAKSOK_INDEX_INT_H
#define SAKSOK_INDEX_INT_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "saksok/store/access.h"
#include "saksok/analysis/analyse.h"
#include "saksok/base/buf.h"
#include "saksok/store/docdata.h"
#include "saksok/store/hitid.h"
#include "saksok/indexer/index.h"
#include "saksok/analysis/lexicon.h"
#include "saksok/indexer/segment.h"
#include "saksok/store/xap.h"

struct sk_worker {
    sk_analyser *an;           /* its own: analysers keep per-word memos */
    sk_docdata_packer *packer; /* its own compression context */
    const sk_bodies *bodies;   /* shared, read-only */
    sk_indexer *ix;            /* for its dictionary (atomic fields only) */
};

typedef struct doc_key {
    char id[SK_HIT_ID_SIZE]; /* the hit id (hitid.h) */
    char date[11];           /* the meeting date, "YYYY-MM-DD" or "" */
} doc_key;

struct sk_prepared {
    char keyterm[64];
    sk_xdoc **docs;
    doc_key *keys; /* docs[i]'s hit id and meeting date */
    size_t n_docs;
    sk_buf spell;            /* words for the spelling table, NUL-separated */
    sk_buf spell_restricted; /* ... of a restricted paper: DIR/spelling-all only */
    sk_buf syn;              /* synonym pairs learned from the text, "key\0value\0" */
    sk_buf sample;           /* while the index has no dictionary: each document's plain
                      data, after its index in docs and its size (two size_t) */
};

/* The dictionary document data is packed with (see docdata.h): loaded from
 * the index, or trained by the writer from the first SAMPLE_BYTES of plain
 * data this run writes. Until then workers pack without one and keep a plain
 * copy for the sample; once it is trained, the writer packs the sampled
 * documents again with it, so every document of the run uses it. */
#define SAMPLE_BYTES ((size_t)512 << 10)

struct sk_indexer {
    sk_xwdb *db;
    sk_analyser *an;
    sk_lexicon *lex;
    sk_bodies *bodies;
    sk_docdata_dict *dict;                      /* owned */
    _Atomic(const sk_docdata_dict *) pack_with; /* dict once it is stored; read by workers */
    atomic_int sampling;                        /* workers keep plain copies */
    sk_buf sample;                              /* the writer's sample so far */
    size_t *sample_sizes;
    uint32_t *sample_dids; /* the document each sample is the data of */
    size_t n_samples;
    sk_docdata_packer *packer; /* the writer's, for packing them again */
    sk_access *access;         /* the rules in force (NULL: none) */
    char stamp[SK_STAMP_SIZE]; /* this run's "added" stamp ("" until the first write) */
};

/* index.c */

/* The term on every document of one file. */
void ix_file_key_term(char *out, size_t size, const char *root, const char *rel);

/* index_doc.c */

/* The access terms of a paper with groups (NULL: public) into terms (at
 * most 1 + SK_ACCESS_MAX_GROUPS of them); returns how many. */
size_t ix_access_terms(const char *groups, char (*terms)[SK_XAP_MAX_TERM + 1]);

/* index_synonyms.c */

/* synonyms.tsv: one set of names per line, forms separated by tabs. */
int ix_load_synonyms(sk_indexer *ix, sk_err *err);
/* Store the pairs of syn in the synonym table; fixed: they are synonyms.tsv's,
 * shown to everyone (learned ones show where a shown paper taught them). */
int ix_write_synonyms(sk_indexer *ix, const sk_buf *syn, int fixed, sk_err *err);
/* Add the abbreviations text defines ("long form (ABBR)") to syn as pairs. */
int ix_learn_abbreviations(sk_analyser *an, sk_buf *syn, const char *text, size_t len, sk_err *err);

#endif
