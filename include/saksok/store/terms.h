/* terms.h: the one table of term prefixes, value slots and document data keys.
 *
 * Prefixes follow Xapian Omega's conventions where one exists.
 *   (none) folded word, with positions (phrase search, exact-form ranking)
 *   Z      stem of a word (no positions)
 *   S      word of the title (folded)
 *   Q      unique id of a document: "Q" + path + "#" + page
 *   P      file path, relative to its root (every document of the file)
 *   XR     root the file was found under (absolute path)
 *   XF     format: "XFpdf", "XFhtml"
 *   XP     stem of a compound part ("informasjonssikkerhet" -> XPsikker)
 *   XA     stem of the word spelt without æøå (XAbarekraft, XAbaerekraft)
 *   XO     stem of a lexicon word OCR damage may stand for (XOstøtt for "stgtte")
 * Meeting structure (segment.h), one document per section:
 *   SZ     stem of a title word (S: the folded word)
 *   XV     word of a decision, proposed or made (XVZ: its stem)   vedtak:
 *   XN     word of the presenter's name                          person:
 *   XB     folded canonical body ("XBnuit")                      organ:, --body
 *   XC     case number ("XC13/21"; wdf 1, so it weighs)
 *   XL     role ("XLcase", "XLminutes", ...)
 *   XT     folded case type ("XTdrøfting")                      type:, --type
 *   XY     meeting year ("XY2021")
 *   XJ     archive number as written, and its archive case ("XJ22/4711-3",
 *          "XJ22/4711"; archive.h; wdf 1)                        arkivsak:
 *   XM     meeting month ("XM2021-05")
 *   XD     meeting date ("XD2021-05-20")
 *   XQ     folded word of the name of a person acting in the section (presenter,
 *          sender, case officer, minute taker; names only, actor.h)
 *   XQF    folded first name of a person named by it alone ("(Kari)")
 *   XQP    folded word of the presenter's name (of XQ's names)
 *   XK     what the section holds: "XKdecision" (a decision, proposed or made),
 *          "XKactor" (a case's own paper or minutes, with a person acting in it),
 *          "XKnamed" (its own text names a person acting in it)
 *   XS     a case the section's text refers to (refs.h): the council folded and
 *          the number, sk_ref_key() ("XSnuit 13/21"); on case and minutes
 *          sections only, and only when the council is known
 *   XI     the hit's stable id ("XI" + 16 hex digits, hitid.h): --similar ID
 * XM, XD, XQ, XQF, XQP and XK rank what a query in plain words means (qread.h).
 * Restricted papers (access.h), on every document of a restricted paper:
 *   XE     the term "XE" alone: the document is restricted
 *   XEG    a group that may see it ("XEGstyret"; as written, not folded)
 *   XH     a synonym pair the paper taught ("XH" + 16 hex digits of the
 *          pair's hash, sk_term_taught()), on every paper, restricted or not
 * A term longer than SK_XAP_MAX_TERM is replaced by prefix + "#" + a 64-bit
 * FNV-1a hash in hex (sk_hash64(), text.h), so long paths still give unique, valid terms.
 *
 * Document data: a JSON object of the section's metadata (file, pages,
 * council, meeting, case, role, title, type, presenter, decisions, where each
 * page starts), a NUL byte, then the section's normalised text (snippets).
 */
#ifndef SAKSOK_TERMS_H
#define SAKSOK_TERMS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SK_PREFIX_STEM "Z"
#define SK_PREFIX_TITLE "S"
#define SK_PREFIX_ID "Q"
#define SK_PREFIX_PATH "P"
#define SK_PREFIX_ROOT "XR"
#define SK_PREFIX_FORMAT "XF"
#define SK_PREFIX_PART "XP"
#define SK_PREFIX_ASCII "XA"
#define SK_PREFIX_OCR "XO"

#define SK_PREFIX_TITLE_STEM "SZ"
#define SK_PREFIX_DECISION "XV"
#define SK_PREFIX_DECISION_STEM "XVZ"
#define SK_PREFIX_PERSON "XN"
#define SK_PREFIX_BODY "XB"
#define SK_PREFIX_CASE "XC"
#define SK_PREFIX_ROLE "XL"
#define SK_PREFIX_TYPE "XT"
#define SK_PREFIX_YEAR "XY"
#define SK_PREFIX_ARCHIVE "XJ"
#define SK_PREFIX_MONTH "XM"
#define SK_PREFIX_DAY "XD"
#define SK_PREFIX_ACTOR "XQ"
#define SK_PREFIX_ACTOR_FIRST "XQF"
#define SK_PREFIX_PRESENTER "XQP"
#define SK_PREFIX_HOLDS "XK"
#define SK_PREFIX_REF "XS"
#define SK_HOLDS_DECISION "decision"
#define SK_HOLDS_ACTOR "actor"
#define SK_HOLDS_NAMED "named"
#define SK_PREFIX_HIT_ID "XI"

#define SK_TERM_RESTRICTED "XE"
#define SK_PREFIX_ACCESS "XE" /* what sk_xwdb_retag() replaces */
#define SK_PREFIX_GROUP "XEG"
#define SK_PREFIX_TAUGHT "XH"

/* Value slots. */
enum {
    SK_SLOT_PATH = 0,      /* the file's key term */
    SK_SLOT_PAGE = 1,      /* first page, as decimal text */
    SK_SLOT_DATE = 2,      /* meeting date "YYYY-MM-DD" (range filters) */
    SK_SLOT_COLLAPSE = 3,  /* sections of one case and role share it: one hit each */
    SK_SLOT_BODY = 4,      /* canonical body name (facet) */
    SK_SLOT_YEAR = 5,      /* meeting year (facet) */
    SK_SLOT_TYPE = 6,      /* case type as written (facet) */
    SK_SLOT_ROLE_RANK = 7, /* role ("1" case, "2" agenda, "3" minutes, "4" mention, "5"
                             page), then 7 digits: longer sections sort first */
    SK_SLOT_HIT_ID = 8,    /* the hit's stable id (hitid.h) */
    SK_SLOT_ADDED = 9,     /* when the index first held the section: a stamp (hitid.h) */
    SK_SLOT_NEWEST = 10,   /* ascending = the latest added first, then the latest meeting
                             (sk_newest_key(), hitid.h): feeds */
    SK_SLOT_WALK = 11      /* root, NUL, path with '/' as \x01: sorts as the indexer's walk
                         goes (the order of a fresh build's document ids), so that
                         shards break ties as one index does; absent in indexes
                         written before */
};

/* Metadata keys: "file:" + root + "\x1f" + path -> "mtime size status". */
#define SK_META_FILE "file:"
#define SK_META_LAST_RUN "saksok:last-run"
/* The latest "added" stamp a run gave (hitid.h): the next run's is later. */
#define SK_META_ADDED_MAX "saksok:added-max"
/* The access file's rules in force, as sk_access_text() gives them. */
#define SK_META_ACCESS "saksok:access"
/* "saksok:synfix:" + 16 hex digits of a pair's hash: a synonym pair of
 * synonyms.tsv (the councils' names), shown to everyone. */
#define SK_META_SYN_FIXED "saksok:synfix:"

/* Write prefix + value (or its hashed form when too long) into out, NUL
 * terminated. out_size must be at least SK_XAP_MAX_TERM + 1. Returns the length. */
size_t sk_term_make(char *out, size_t out_size, const char *prefix, const char *value);

/* The term of a synonym pair a paper taught: SK_PREFIX_TAUGHT + the pair's
 * hash (out: at least 32 bytes). Returns the length. */
size_t sk_term_taught(char *out, size_t out_size, const char *key, const char *value);
/* The metadata key marking a pair as one of synonyms.tsv (out: 48 bytes). */
void sk_meta_syn_fixed(char *out, size_t out_size, const char *key, const char *value);

#ifdef __cplusplus
}
#endif

#endif
