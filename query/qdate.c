/* qdate.c: a meeting date in a query's plain words (see include/saksok/query/qdate.h). */
#include "saksok/query/qdate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const month_names[12] = {"januar",    "februar", "mars",     "april",
                                            "mai",       "juni",    "juli",     "august",
                                            "september", "oktober", "november", "desember"};
static const char *const month_short[12] = {"jan", "feb", "mar", "apr", "mai", "jun",
                                            "jul", "aug", "sep", "okt", "nov", "des"};

static int days_in(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

/* A month name or its usual short form ("sept"); 1..12, or 0. */
static int month_of(const sk_qword *w)
{
    for (int m = 0; m < 12; m++)
        if (sk_qword_is(w, month_names[m]) || sk_qword_is(w, month_short[m]))
            return m + 1;
    return sk_qword_is(w, "sept") ? 9 : 0;
}

/* A year of four digits and nothing else, 1990..2099; else 0. */
static int year_of(const sk_qword *w)
{
    if (w->len != 4)
        return 0;
    int y = 0;
    for (size_t i = 0; i < 4; i++) {
        if (w->s[i] < '0' || w->s[i] > '9')
            return 0;
        y = y * 10 + (w->s[i] - '0');
    }
    return y >= 1990 && y <= 2099 ? y : 0;
}

static void set_period(sk_qdate *out, sk_qdate_kind kind, int y, int m, int d)
{
    out->kind = kind;
    int m1 = kind == SK_QDATE_YEAR ? 1 : m, m2 = kind == SK_QDATE_YEAR ? 12 : m;
    int d1 = kind == SK_QDATE_DAY ? d : 1, d2 = kind == SK_QDATE_DAY ? d : days_in(y, m2);
    snprintf(out->from, sizeof out->from, "%04d-%02d-%02d", y, m1, d1);
    snprintf(out->to, sizeof out->to, "%04d-%02d-%02d", y, m2, d2);
}

/* A number right after these is an identifier, not a year. */
static int names_a_number(const sk_qword *w)
{
    static const char *const words[] = {"sak",    "saksnummer", "saksnr", "arkivsak", "nr",
                                        "nummer", "møte",       "ps",     "rs",       "ds"};
    for (size_t k = 0; k < sizeof words / sizeof *words; k++)
        if (sk_qword_is(w, words[k]))
            return 1;
    return 0;
}

/* "20. mai 2021", "20.05.2021", "2021-05-20" over words[i..i+2]. */
static size_t read_day(sk_qdate *out, const sk_qword *words, size_t n, size_t i)
{
    size_t last = i + 2 < n ? i + 2 : n - 1;
    const char *cur = words[i].s, *end = words[last].s + words[last].len;
    char date[SK_DATE_SIZE];
    if (sk_parse_date(date, &cur, end, 0) != SK_OK)
        return 0;
    for (size_t k = i; k <= last; k++) {
        if (words[k].locked)
            return 0;
        if (cur == words[k].s + words[k].len) {
            set_period(out, SK_QDATE_DAY, atoi(date), atoi(date + 5), atoi(date + 8));
            return k - i + 1;
        }
    }
    return 0; /* ends inside a word: "20.05.2021-tallene" */
}

static int today_parts(const char *today, int *y, int *m)
{
    if (today == NULL || strlen(today) != 10 || today[4] != '-')
        return 0;
    *y = atoi(today);
    *m = atoi(today + 5);
    return *y >= 1990 && *y <= 2099 && *m >= 1 && *m <= 12;
}

/* "i år", "i fjor", "i forfjor" (also "ifjor"); "siste møte". */
static size_t read_relative(sk_qdate *out, const sk_qword *words, size_t n, size_t i,
                            const char *today)
{
    int y, m;
    const sk_qword *w = &words[i], *nx = i + 1 < n && !words[i + 1].locked ? &words[i + 1] : NULL;
    if ((sk_qword_is(w, "siste") || sk_qword_is(w, "sist")) && nx &&
        (sk_qword_is(nx, "møte") || sk_qword_is(nx, "møtet"))) {
        *out = (sk_qdate){.kind = SK_QDATE_LAST_MEETING, .relative = 1};
        return 2;
    }
    if (!today_parts(today, &y, &m))
        return 0;
    int back = -1;
    size_t used = 2;
    if (sk_qword_is(w, "i") && nx)
        back = sk_qword_is(nx, "år")        ? 0
               : sk_qword_is(nx, "fjor")    ? 1
               : sk_qword_is(nx, "forfjor") ? 2
                                            : -1;
    else if (sk_qword_is(w, "ifjor"))
        back = 1, used = 1;
    if (back < 0)
        return 0;
    set_period(out, SK_QDATE_YEAR, y - back, 1, 1);
    out->relative = 1;
    return used;
}

size_t sk_qdate_read(sk_qdate *out, const sk_qword *words, size_t n, size_t i, const char *today)
{
    memset(out, 0, sizeof *out);
    if (i >= n || words[i].locked || (i > 0 && names_a_number(&words[i - 1])))
        return 0;
    size_t used = read_day(out, words, n, i);
    if (used)
        return used;
    if ((used = read_relative(out, words, n, i, today)) != 0)
        return used;
    int m = month_of(&words[i]), y;
    if (m && i + 1 < n && !words[i + 1].locked && (y = year_of(&words[i + 1])) != 0) {
        set_period(out, SK_QDATE_MONTH, y, m, 1);
        return 2;
    }
    if ((y = year_of(&words[i])) != 0) {
        set_period(out, SK_QDATE_YEAR, y, 1, 1);
        return 1;
    }
    memset(out, 0, sizeof *out);
    return 0;
}

void sk_qdate_describe(char *out, size_t size, const sk_qdate *d)
{
    int y = atoi(d->from), m = atoi(d->from + 5), day = atoi(d->from + 8);
    if (size == 0)
        return;
    out[0] = '\0';
    if (d->from[0] == '\0' || m < 1 || m > 12)
        return;
    if (d->kind == SK_QDATE_YEAR)
        snprintf(out, size, "%d", y);
    else if (d->kind == SK_QDATE_MONTH)
        snprintf(out, size, "%s %d", month_names[m - 1], y);
    else
        snprintf(out, size, "%d. %s %d", day, month_names[m - 1], y);
}

void sk_qdate_today(char out[SK_DATE_SIZE])
{
    const char *env = getenv("SAKSOK_TODAY");
    int y, m;
    if (env && today_parts(env, &y, &m) && strlen(env) == 10) {
        memcpy(out, env, SK_DATE_SIZE);
        return;
    }
    time_t now = time(NULL);
    struct tm tm;
    if (localtime_r(&now, &tm) == NULL || strftime(out, SK_DATE_SIZE, "%Y-%m-%d", &tm) == 0)
        out[0] = '\0';
}
