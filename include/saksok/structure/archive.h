/* archive.h: archive numbers, as case-handling systems print them.
 *
 * A municipality's archive files every paper under an archive case
 * ("arkivsak") numbered by year and sequence, and each document in it by its
 * number: "22/4711" is the archive case, "22/4711-3" its third document
 * (also "2022/4711-3"). An archive number is never a meeting case number
 * ("PS 21/23"), even where it has that shape ("Arkivsak: 21/23").
 *
 * Where it is read as one:
 *   - after an archive label ("Arkivsak", "Arkivsaksnr.", "Arkivsak nr.",
 *     "Arkivsaksnummer", "Arkivsaksnr"), in any of its shapes;
 *   - anywhere else only with its document number, and not where it reads as
 *     a date ("12/6-21": a day and month of at most 31 and 12).
 * Numbers are kept as written (no leading zeros dropped).
 */
#ifndef SAKSOK_ARCHIVE_H
#define SAKSOK_ARCHIVE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Longest: "2099/9999999-9999" and the NUL. */
#define SK_ARCHIVE_NO_SIZE 24

/* An archive number at *cur (not past end): the year in two digits or as
 * 19xx/20xx, '/', a sequence number of 1 to 7 digits, and maybe '-' and a
 * document number of 1 to 4 digits; what follows must not continue it (a
 * digit, a letter, '/', or '-' and a digit). labelled: it stands after an
 * archive label, so the shape without a document number counts too. On
 * success writes it to out as written, moves *cur past it and returns 0;
 * else returns -1 and leaves *cur alone. */
int sk_parse_archive_no(char out[SK_ARCHIVE_NO_SIZE], const char **cur, const char *end,
                        int labelled);

/* An archive label at s ("Arkivsak", "Arkivsaksnr.", "Arkivsak nr.",
 * "Arkivsaksnummer"; any case) that ends at a word boundary: the position
 * after it and after a ':' and spaces or a tab, else NULL. */
const char *sk_archive_label(const char *s, const char *end);

/* The archive case of an archive number: "22/4711" for "22/4711-3" (len of
 * the part before the document number); the number itself when it has none. */
size_t sk_archive_case_len(const char *no);

/* The archive numbers written in text (len bytes), in order, each once, as
 * written: up to max into out. Returns how many were found (at most max). */
size_t sk_archive_find(const char *text, size_t len, char (*out)[SK_ARCHIVE_NO_SIZE], size_t max);

/* Blank out (with spaces, in place) every archive number in text that
 * stands after an archive label and has the shape of a case number
 * ("Arkivsak: 21/23"), so its words are never taken for that case's. Returns
 * how many. */
size_t sk_archive_mask_cases(char *text, size_t len);

#ifdef __cplusplus
}
#endif

#endif
