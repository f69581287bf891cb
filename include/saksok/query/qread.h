/* qread.h: a query as staff type it, read for what it means.
 *
 * sk_query_parse_read() parses a query as sk_query_parse() does, after
 * reading its plain words (never words in a phrase, a field's value, an
 * excluded word or an operator; qword.h) for:
 *   - a meeting date (qdate.h): "2021", "mai 2021", "20. mai 2021",
 *     "20.05.2021", "i fjor", "siste møte" (the newest meeting the index
 *     holds, of the council the query names if it names one; "i fjor" and
 *     "i år" count from today, $SAKSOK_TODAY in tests);
 *   - a role: referat/protokoll (minutes), vedtak/vedtok/besluttet/
 *     konkluderte (decisions, proposed or made), saksliste/dagsorden (the
 *     agenda), saksfremlegg/sakspapir/notat (the case's own paper), in their
 *     inflected forms;
 *   - a person's name (qname.h), as an actor: "Kari Nordmann" finds the
 *     sections where Kari (Hansen) Nordmann presents, sends, handles or
 *     takes the minutes of a case, and "(Kari)" in an agenda row;
 *   - a question for the actor: "hvem la frem ...", "hvem presenterte ...",
 *     "hva har NAVN lagt frem";
 *   - question words (hva, når, hvem, om, ble, hvilke, hvor), which are
 *     dropped.
 * What is read ranks, as a preference and never as a filter: the hits in
 * the date's period first, then those where the person acts (or, for a
 * question for the actor, where anyone does), then those of the role
 * (sk_qreading_tiers; search.c). The date's words and the question's frame
 * ("la frem") are not required of the text; a year and a role word still
 * count as words (they weigh, not required); a name is required as words
 * of the text or as the name of an actor (middle names may be left out).
 * When nothing is read, the query is exactly sk_query_parse()'s.
 */
#ifndef SAKSOK_QREAD_H
#define SAKSOK_QREAD_H

#include <stddef.h>

#include "saksok/query/qdate.h"
#include "saksok/query/qparse.h"
#include "saksok/store/xap.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sk_qrole {
    SK_QROLE_NONE = 0,
    SK_QROLE_MINUTES,
    SK_QROLE_DECISION,
    SK_QROLE_AGENDA,
    SK_QROLE_CASE
} sk_qrole;

typedef struct sk_qreading {
    int has_date;
    sk_qdate date;       /* for "siste møte": the day found in the index */
    char date_words[64]; /* as typed: "mai 2021", "i fjor" */
    sk_qrole role;
    char role_word[48]; /* as typed: "vedtak" */
    int has_name;
    char name[128];                     /* as typed: "Kari Nordmann" */
    char name_first[64], name_last[64]; /* folded */
    int name_first_only;                /* the index knows the first name only given alone */
    int asks_actor;                     /* "hvem la frem", "hvem presenterte", "lagt frem" */
    char text[384];                     /* for a person: "møter i mai 2021, vedtak" */
} sk_qreading;

/* As sk_query_parse(), reading the plain words first (above). */
int sk_query_parse_read(sk_query **out, sk_analyser *an, sk_xdb *db, const sk_bodies *bodies,
                        const char *text, sk_err *err);

/* How q's words were read (borrowed from q), or NULL when q was parsed
 * without reading or nothing was read. */
const sk_qreading *sk_query_reading(const sk_query *q);

/* "referat", "vedtak", "saksliste", "saksfremlegg"; NULL for none. Static. */
const char *sk_qrole_label(sk_qrole r);
/* "minutes", "decision", "agenda", "case"; NULL for none. Static. */
const char *sk_qrole_name(sk_qrole r);

/* The tiers of a reading's preferences (sk_xsearch_opts.tiers): the date's
 * period first, then the actor, then the role, each as a preference. t
 * must stay where it is while its rules are used. */
#define SK_QREAD_MAX_RULES 24
#define SK_QREAD_MAX_TERMS 8
typedef struct sk_qread_tiers {
    sk_xtier rules[SK_QREAD_MAX_RULES];
    size_t n;
    char terms[SK_QREAD_MAX_TERMS][SK_XAP_MAX_TERM + 1];
} sk_qread_tiers;
void sk_qreading_tiers(sk_qread_tiers *t, const sk_qreading *r);

#ifdef __cplusplus
}
#endif

#endif
