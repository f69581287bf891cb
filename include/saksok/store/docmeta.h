/* docmeta.h: a section's metadata, as its document data stores it (see
 * docdata.h).
 *
 * Encoded as a compact record: the byte SK_DOCMETA_V2, then every field of
 * sk_docmeta in order, each a varint (LEB128): a string as its length + 2
 * and then its bytes (1: none), a number as its value + 1, the page marks as
 * their count + 1 and then (offset + 1, page + 1) pairs. No byte of a
 * record is NUL, so it sits before the NUL that separates metadata and text.
 * Every hit's metadata is read for its result: reading this record is
 * more than ten times cheaper than parsing the JSON object that indexes
 * written before hold (README, "Libraries"); sk_docmeta_decode() reads both.
 */
#ifndef SAKSOK_DOCMETA_H
#define SAKSOK_DOCMETA_H

#include <stddef.h>

#include "saksok/base/buf.h"
#include "saksok/base/err.h"
#include "saksok/base/text.h" /* sk_str */

#ifdef __cplusplus
extern "C" {
#endif

#define SK_DOCMETA_V2 '\x02'

/* Where a page starts in a section's text: the segmenter finds them
 * (sk_section, segment.h), the record stores them, a hit carries them
 * (sk_hit, search.h). */
typedef struct sk_page_mark {
    size_t offset; /* byte offset in the text */
    int number;    /* page number */
} sk_page_mark;

typedef struct sk_docmeta {
    sk_str file, format, doc_title, body, meeting_date, meeting_no, case_no, role, title, type,
        presenter, proposed_decision, decision;
    sk_str archive_no; /* added later: after the page marks, absent in older records */
    /* who acts besides the presenter (also after the page marks) */
    sk_str sender, case_officer, minute_taker;
    /* the cases its text refers to (refs.h), "BODY<TAB>CASE" lines joined
     * by '\n' (also after the page marks) */
    sk_str refs;
    int page_from, page_to; /* 0: none */
    int ocr;
    sk_page_mark *page_marks; /* where pages start in the text; decode: malloc'd, see */
    size_t n_page_marks;      /* release (0 when the text is one page) */
    void *json;               /* decode of an old JSON record: the parsed object */
} sk_docmeta;

/* Append m's record to out. Strings must be UTF-8 without NUL bytes (file
 * names that are not are percent-encoded; other such strings are stored as
 * none). */
int sk_docmeta_encode(sk_buf *out, const sk_docmeta *m, sk_err *err);

/* Read a record (or an old JSON object) of len bytes into *out. Its strings
 * point into s (or into out->json), so s must outlive them; the page marks
 * are out's own. SK_ECORRUPT when it is damaged. */
int sk_docmeta_decode(sk_docmeta *out, const char *s, size_t len, sk_err *err);
/* Free what decode allocated (the page marks unless taken, the JSON object). */
void sk_docmeta_release(sk_docmeta *m);

#ifdef __cplusplus
}
#endif

#endif
