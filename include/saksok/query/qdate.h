/* qdate.h: a meeting date in a query's plain words.
 *
 * Read: a year ("2021"), a month and year ("mai 2021", "juni 2020",
 * "okt. 2020"), a day ("20. mai 2021", "20 mai 2021", "20.05.2021",
 * "2021-05-20"), a period relative to today ("i år", "i fjor", "i forfjor")
 * and the newest meeting ("siste møte", "siste møtet", "sist møte").
 * Not read: a locked word (qword.h: in a phrase, a field's value, ...);
 * a case number ("13/21") or an archive number ("22/4711-3"), which are not
 * of these shapes; a year range ("2021-2024"); a number after "sak",
 * "saksnummer", "arkivsak", "nr"; a month without a year; years outside
 * 1990..2099.
 */
#ifndef SAKSOK_QDATE_H
#define SAKSOK_QDATE_H

#include <stddef.h>

#include "saksok/query/qword.h"
#include "saksok/structure/segment_parse.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sk_qdate_kind {
    SK_QDATE_YEAR = 1,
    SK_QDATE_MONTH,
    SK_QDATE_DAY,
    SK_QDATE_LAST_MEETING /* "siste møte": the caller finds its day */
} sk_qdate_kind;

typedef struct sk_qdate {
    sk_qdate_kind kind;
    int relative;            /* read from words relative to today ("i fjor") */
    char from[SK_DATE_SIZE]; /* the period, inclusive ("" for LAST_MEETING) */
    char to[SK_DATE_SIZE];
} sk_qdate;

/* A date starting at words[i] (of n): the number of words it takes, or 0.
 * today: "YYYY-MM-DD" (relative periods; NULL or malformed: none read). */
size_t sk_qdate_read(sk_qdate *out, const sk_qword *words, size_t n, size_t i, const char *today);

/* The period in words for a person: "2021", "mai 2021", "20. mai 2021"
 * (from a kind and from); writes at most size bytes. */
void sk_qdate_describe(char *out, size_t size, const sk_qdate *d);

/* Today's date, "YYYY-MM-DD": $SAKSOK_TODAY when it is one (tests), else
 * the local date. */
void sk_qdate_today(char out[SK_DATE_SIZE]);

#ifdef __cplusplus
}
#endif

#endif
