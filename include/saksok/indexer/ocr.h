/* ocr.h: text from scanned pages: when to OCR a page, the Tesseract engine,
 * and the on-disk cache of OCR results.
 *
 * The PDF extractor (extract_pdf.c, see sk_extract() in extract.h)
 * is the user: it measures each page (sk_ocr_facts), asks sk_ocr_decide()
 * whether the page needs OCR, renders it to a grayscale image, looks the
 * image up in the cache and only on a miss runs the engine. This header has
 * no poppler or Tesseract types, so it can be tested and reused alone.
 *
 * Threads: an sk_ocr engine is not thread-safe; use one per thread or job and
 * reuse it across pages and files (loading a language costs ~0.1-0.5 s).
 * Everything else here is reentrant. The cache may be shared by processes:
 * entries are written to a temporary file and renamed into place.
 *
 * Locale: Tesseract requires the process's LC_ALL/LC_CTYPE/LC_NUMERIC to be
 * "C" or "C.UTF-8" when an engine is created (it aborts otherwise), so a
 * front end must not call setlocale(LC_ALL, "") before sk_ocr_new().
 */
#ifndef SAKSOK_OCR_H
#define SAKSOK_OCR_H

#include <stddef.h>

#include "saksok/base/err.h"
#include "saksok/indexer/ocr_data.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the decision -------------------------------------------------------- */

/* Thresholds of the per-page rule (see sk_ocr_decide()). */
#define SK_OCR_MIN_IMAGE_SHARE 0.10    /* images cover at least 10% of the page ... */
#define SK_OCR_MIN_CHARS_PER_SQIN 1.0  /* ... and text has < 1 character per in² of image */
#define SK_OCR_JUNK_MIN_TOKENS 4       /* the junk test needs this many tokens ... */
#define SK_OCR_MIN_PLAUSIBLE_SHARE 0.5 /* ... and fails below this share of plausible ones */
#define SK_OCR_WORD_MIN 2              /* plausible word: 2..25 letters, with a vowel */
#define SK_OCR_WORD_MAX 25

/* What is known about a page before any OCR. */
typedef struct sk_ocr_facts {
    double page_area;        /* pt² (1 pt = 1/72 in) */
    double image_area;       /* pt² covered by images, clipped to the page */
    size_t text_chars;       /* code points of the text layer that are not whitespace */
    size_t tokens;           /* whitespace-separated tokens that hold a letter or digit */
    size_t plausible_tokens; /* of those: plausible words or numbers (sk_ocr_token_plausible) */
} sk_ocr_facts;

typedef enum sk_ocr_reason {
    SK_OCR_NOT_NEEDED = 0, /* good text layer, or nothing scanned on the page */
    SK_OCR_NO_TEXT = 1,    /* images, and no text layer at all */
    SK_OCR_SPARSE = 2,     /* text far too short for the image area (e.g. a caption) */
    SK_OCR_JUNK = 3        /* text layer is mostly not words: invisible junk, bad encoding */
} sk_ocr_reason;

/* The rule, in order:
 *   1. tokens >= SK_OCR_JUNK_MIN_TOKENS and plausible/tokens <
 *      SK_OCR_MIN_PLAUSIBLE_SHARE                          -> SK_OCR_JUNK
 *      (with or without images: a text layer in a broken font encoding is
 *      junk too, and rendering shows the real glyphs);
 *   2. image_area < SK_OCR_MIN_IMAGE_SHARE * page_area    -> SK_OCR_NOT_NEEDED
 *      (blank pages, pages with only a logo);
 *   3. text_chars == 0                                    -> SK_OCR_NO_TEXT;
 *   4. text_chars < SK_OCR_MIN_CHARS_PER_SQIN * image area in in²
 *                                                         -> SK_OCR_SPARSE
 *      (a full A4 scan needs ~90 characters of text to count as read;
 *      a typed A4 page has ~3000);
 *   5. otherwise                                          -> SK_OCR_NOT_NEEDED. */
sk_ocr_reason sk_ocr_decide(const sk_ocr_facts *f);

/* Whether f->image_area can change sk_ocr_decide()'s answer, knowing the
 * rest of f (page_area and the text fields). It cannot when the text layer
 * is junk (rule 1), when the page has no area, or when the text is long
 * enough for images over the whole page (text_chars >=
 * SK_OCR_MIN_CHARS_PER_SQIN * page area in in²: ~97 characters on A4), since
 * image_area is clipped to the page. Then any image_area gives the same
 * reason, and the caller need not measure the images (in a PDF, parsing the
 * page a second time). Returns 1 or 0. */
int sk_ocr_needs_image_area(const sk_ocr_facts *f);

/* "no text layer", "text too short for the image area", "junk text layer",
 * "not needed"; never NULL. */
const char *sk_ocr_reason_name(sk_ocr_reason r);

/* Fill the text fields of f (text_chars, tokens, plausible_tokens) from
 * UTF-8 text of len bytes (invalid bytes count as non-letters). */
void sk_ocr_text_facts(sk_ocr_facts *f, const char *text, size_t len);

/* A token (no whitespace) is plausible when, after stripping punctuation at
 * both ends, it is a number (digits with . , : / - % between them, e.g.
 * "13/21", "26.08.2020", "1,5") or a word: SK_OCR_WORD_MIN..SK_OCR_WORD_MAX
 * letters (hyphens and apostrophes allowed inside, "e-helse") of which one
 * is a vowel (a e i o u y æ ø å, also accented). Returns 1 or 0. */
int sk_ocr_token_plausible(const char *tok, size_t len);

/* ---- the engine ---------------------------------------------------------- */

typedef struct sk_ocr sk_ocr; /* one Tesseract engine (TessBaseAPI); opaque */

/* An 8-bit grayscale image (0 = black), rows of `stride` bytes; borrowed. */
typedef struct sk_ocr_image {
    const unsigned char *pixels;
    int width, height, stride;
    int dpi; /* resolution it was rendered at; Tesseract needs it for layout */
} sk_ocr_image;

/* Whether an engine can be made for a language: sk_ocr_available()
 * (ocr_data.h). */

/* A new engine for lang (NULL: "nor"). Fails with SK_ENOTFOUND when the
 * language's traineddata is missing ("install tesseract-ocr-nor"), or
 * SK_EINTERNAL when Tesseract cannot load it. Free with sk_ocr_free(). */
int sk_ocr_new(sk_ocr **out, const char *lang, sk_err *err);
void sk_ocr_free(sk_ocr *ocr); /* NULL is fine */

/* The language the engine was made for; lives as long as the engine. */
const char *sk_ocr_lang(const sk_ocr *ocr);

/* Recognise img. On success *text_out is malloc'd UTF-8 (NUL-terminated,
 * valid UTF-8, '\n' between lines, blank line between blocks; may be "")
 * and *len_out (may be NULL) its length; the caller frees it.
 * seconds > 0 is a time limit for recognition (Tesseract's own deadline
 * monitor, checked between words; page layout analysis before the first
 * word is not interruptible); when it is hit the call fails with SK_ELIMIT
 * ("OCR time limit of 30 s hit") and *text_out is NULL. seconds <= 0: no
 * limit. The engine stays usable after any failure. */
int sk_ocr_recognise(char **text_out, size_t *len_out, sk_ocr *ocr, const sk_ocr_image *img,
                     double seconds, sk_err *err);

/* ---- the cache ------------------------------------------------------------ */

/* Cache keys are lowercase hex SHA-256, SK_OCR_KEY_SIZE bytes with the NUL. */
#define SK_OCR_KEY_SIZE 65

/* The key of an image's OCR result: a hash of the pixels, size, dpi, lang
 * and the Tesseract version, so a new engine or language reads again. */
void sk_ocr_cache_key(char key[SK_OCR_KEY_SIZE], const sk_ocr_image *img, const char *lang);

typedef enum sk_ocr_cached {
    SK_OCR_CACHE_MISS = 0,
    SK_OCR_CACHE_TEXT = 1,   /* *text_out holds the cached text */
    SK_OCR_CACHE_TIMEOUT = 2 /* an earlier run hit a limit >= this one: don't retry */
} sk_ocr_cached;

/* Look key up in the cache directory dir (layout: dir/ab/<key>.txt for
 * text, dir/ab/<key>.timeout for "timed out at N seconds"). *found gets
 * the outcome; on SK_OCR_CACHE_TEXT *text_out is malloc'd (caller frees),
 * else NULL. seconds is the current limit (<= 0: none), compared with a
 * recorded timeout. A missing dir is a miss. Fails only on I/O errors other
 * than "not there" (SK_EIO) or a corrupt entry (SK_EFORMAT). */
int sk_ocr_cache_get(sk_ocr_cached *found, char **text_out, size_t *len_out, const char *dir,
                     const char *key, double seconds, sk_err *err);

/* Store text (len bytes) for key; creates dir (one level, mode 0777 &
 * ~umask) and its fan-out subdirectory. Atomic: written to a unique
 * temporary file in the same directory, fsync'd, then renamed, so readers
 * and other writers see the old entry or the whole new one. SK_EIO on
 * failure. */
int sk_ocr_cache_put(const char *dir, const char *key, const char *text, size_t len, sk_err *err);

/* Record that OCR of key hit a limit of `seconds` (atomic, as above). */
int sk_ocr_cache_put_timeout(const char *dir, const char *key, double seconds, sk_err *err);

#ifdef __cplusplus
}
#endif

#endif
