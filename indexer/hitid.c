/* hitid.c: stable hit ids and "added" stamps (see include/saksok/store/hitid.h). */
#include "saksok/store/hitid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "saksok/base/buf.h"
#include "saksok/store/terms.h"
#include "saksok/base/text.h"

void sk_hit_id_make(char out[SK_HIT_ID_SIZE], const char *file, const char *role, const char *body,
                    const char *case_no, int page_from, unsigned ordinal)
{
    sk_buf b = SK_BUF_INIT;
    int rc;
    /* \x1f cannot stand in a path, a council's name or a case number */
    if (case_no)
        rc = sk_buf_printf(&b, NULL, "%s\x1f%s\x1f%s\x1f%s\x1f%u", file ? file : "",
                           role ? role : "", body ? body : "", case_no, ordinal);
    else
        rc = sk_buf_printf(&b, NULL, "%s\x1f%s\x1fp%d\x1f%u", file ? file : "", role ? role : "",
                           page_from, ordinal);
    unsigned long long h = rc == SK_OK ? sk_hash64(b.data, b.len) : 0;
    sk_buf_release(&b);
    snprintf(out, SK_HIT_ID_SIZE, "%016llx", h);
}

static int all_of(const char *s, size_t n, const char *set)
{
    if (s == NULL || strlen(s) != n)
        return 0;
    return strspn(s, set) == n;
}

int sk_hit_id_valid(const char *s)
{
    return all_of(s, SK_HIT_ID_LEN, "0123456789abcdef");
}

int sk_stamp_valid(const char *s)
{
    return all_of(s, SK_STAMP_LEN, "0123456789");
}

static void stamp_of(char out[SK_STAMP_SIZE], unsigned long long us)
{
    snprintf(out, SK_STAMP_SIZE, "%016llu", us % 10000000000000000ULL);
}

void sk_stamp_now(char out[SK_STAMP_SIZE])
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    stamp_of(out,
             (unsigned long long)ts.tv_sec * 1000000ULL + (unsigned long long)ts.tv_nsec / 1000);
}

void sk_stamp_next(char out[SK_STAMP_SIZE], const char *s)
{
    unsigned long long us = strtoull(s, NULL, 10);
    stamp_of(out, us < 9999999999999999ULL ? us + 1 : us);
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; H. Hinnant's
 * days_from_civil). */
static long long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

/* n digits at *p into *v; advances on success. */
static int digits(const char **p, int n, int *v)
{
    int x = 0;
    for (int i = 0; i < n; i++) {
        if ((*p)[i] < '0' || (*p)[i] > '9')
            return 0;
        x = x * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *v = x;
    return 1;
}

static int expect(const char **p, char c)
{
    if (**p != c)
        return 0;
    (*p)++;
    return 1;
}

int sk_stamp_parse(char out[SK_STAMP_SIZE], const char *text, sk_err *err)
{
    const char *p = text;
    int y, mo, d, h = 0, mi = 0, s = 0, us = 0, off = 0;
    int ok = digits(&p, 4, &y) && expect(&p, '-') && digits(&p, 2, &mo) && expect(&p, '-') &&
             digits(&p, 2, &d) && y >= 1970 && y <= 9999 && mo >= 1 && mo <= 12 && d >= 1 &&
             d <= days_in_month(y, mo);
    if (ok && (*p == 'T' || *p == ' ')) {
        p++;
        ok = digits(&p, 2, &h) && expect(&p, ':') && digits(&p, 2, &mi) && h <= 23 && mi <= 59;
        if (ok && *p == ':')
            ok = (p++, digits(&p, 2, &s)) && s <= 60;
        if (ok && *p == '.') {
            p++;
            int n = 0;
            for (; *p >= '0' && *p <= '9'; p++, n++)
                if (n < 6)
                    us = us * 10 + (*p - '0');
            ok = n > 0;
            for (; ok && n < 6; n++)
                us *= 10;
        }
        if (ok && (*p == '+' || *p == '-')) {
            int sign = *p++ == '-' ? -1 : 1, oh = 0, om = 0;
            ok =
                digits(&p, 2, &oh) && expect(&p, ':') && digits(&p, 2, &om) && oh <= 23 && om <= 59;
            off = sign * (oh * 60 + om);
        } else if (ok && *p == 'Z') {
            p++;
        }
    }
    if (!ok || *p != '\0')
        return sk_err_set(err, SK_EINVAL,
                          "tiden '%.40s' er ikke gyldig: skriv ÅÅÅÅ-MM-DD eller "
                          "ÅÅÅÅ-MM-DDTtt:mm:ssZ",
                          text);
    long long secs = days_from_civil(y, mo, d) * 86400LL + h * 3600LL + mi * 60LL + s - off * 60LL;
    if (secs < 0)
        secs = 0;
    stamp_of(out, (unsigned long long)secs * 1000000ULL + (unsigned long long)us);
    return SK_OK;
}

void sk_stamp_iso(char out[SK_STAMP_ISO_SIZE], const char *s)
{
    out[0] = '\0';
    if (!sk_stamp_valid(s))
        return;
    unsigned long long v = strtoull(s, NULL, 10);
    time_t secs = (time_t)(v / 1000000ULL);
    struct tm tm;
    if (gmtime_r(&secs, &tm) == NULL)
        return;
    char buf[96]; /* what the compiler cannot tell: every field has its width */
    snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lluZ", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, v % 1000000ULL);
    if (strlen(buf) < SK_STAMP_ISO_SIZE)
        memcpy(out, buf, strlen(buf) + 1);
}

void sk_newest_key(char out[SK_NEWEST_KEY_SIZE], const char *stamp, const char *date)
{
    size_t n = 0;
    /* each digit d as 9 - d: string order reversed */
    for (size_t i = 0; i < SK_STAMP_LEN; i++)
        out[n++] = sk_stamp_valid(stamp) ? (char)('9' - (stamp[i] - '0')) : '9';
    static const size_t date_digits[] = {0, 1, 2, 3, 5, 6, 8, 9}; /* of YYYY-MM-DD */
    int dated = date && strlen(date) == 10;
    for (size_t i = 0; i < 8; i++) {
        char c = dated ? date[date_digits[i]] : '9';
        out[n++] = dated && c >= '0' && c <= '9' ? (char)('9' - (c - '0')) : '9';
    }
    out[n] = '\0';
}
