/* normalise.c: NFC and control-character clean-up (see include/saksok/analysis/normalise.h). */
#include "saksok/analysis/normalise.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "saksok/base/buf.h"

/* ---- words broken at line ends ---- */

static utf8proc_int32_t cp_at(const char *s, size_t len, size_t i, size_t *k)
{
    utf8proc_int32_t c = -1;
    utf8proc_ssize_t n =
        utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
    *k = n > 0 ? (size_t)n : 1;
    return n > 0 ? c : -1;
}

/* The code point ending just before byte i, and where it starts. */
static utf8proc_int32_t cp_before(const char *s, size_t i, size_t *start)
{
    if (i == 0)
        return -1;
    size_t j = i - 1;
    while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80)
        j--;
    size_t k;
    *start = j;
    return cp_at(s, i, j, &k);
}

static int is_letter(utf8proc_int32_t c)
{
    if (c < 0)
        return 0;
    utf8proc_category_t cat = utf8proc_category(c);
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}

static int is_digit(utf8proc_int32_t c)
{
    return c >= 0 && utf8proc_category(c) == UTF8PROC_CATEGORY_ND;
}

static int is_upper(utf8proc_int32_t c)
{
    return c >= 0 && utf8proc_category(c) == UTF8PROC_CATEGORY_LU;
}

/* Should "left-" at a line end and "right" on the next line keep the hyphen?
 * Yes for "e-" + "helse", "HL7-" / "RHF-" + "..." and "Midt-" + "Norge"
 * (the hyphen belongs to the word); no for a word processor's break
 * ("Korona-" + "porteføljen"). */
static int keeps_hyphen(const char *s, size_t word_start, size_t hyphen, utf8proc_int32_t right)
{
    size_t letters = 0, upper = 0, digits = 0;
    for (size_t i = word_start; i < hyphen;) {
        size_t k;
        utf8proc_int32_t c = cp_at(s, hyphen, i, &k);
        letters += is_letter(c);
        upper += is_upper(c);
        digits += is_digit(c);
        i += k;
    }
    return letters <= 1 || digits > 0 || (upper >= 2 && upper == letters) || is_upper(right);
}

static int is_conjunction_at(const char *s, size_t len, size_t i)
{
    static const char *const conj[] = {"og", "eller", "samt", "and", "or", "&"};
    for (size_t k = 0; k < sizeof conj / sizeof conj[0]; k++) {
        size_t n = strlen(conj[k]);
        if (i + n <= len && strncmp(s + i, conj[k], n) == 0 &&
            (i + n == len || s[i + n] == ' ' || s[i + n] == '\n' || s[i + n] == ','))
            return 1;
    }
    return 0;
}

/* Join words broken at line ends, in place; returns the new length.
 * "omsorgssek\u00AD\ntoren" -> "omsorgssektoren"; "Korona-\nporteføljen" ->
 * "Koronaporteføljen"; "e-\nhelse" -> "e-helse"; "helse-\nog" stays a
 * shortened compound: "helse- og". */
static size_t join_broken_words(char *s, size_t len)
{
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        if (s[i] != '\n') {
            s[o++] = s[i++];
            continue;
        }
        /* Before the newline (in the output so far): spaces, then a hyphen. */
        size_t h = o;
        while (h > 0 && (s[h - 1] == ' ' || s[h - 1] == '\t'))
            h--;
        size_t hstart = h;
        utf8proc_int32_t hy = cp_before(s, h, &hstart);
        size_t wend = hstart, before_start;
        utf8proc_int32_t last = cp_before(s, wend, &before_start);
        /* After it: indentation, then the next word. */
        size_t j = i + 1;
        while (j < len && (s[j] == ' ' || s[j] == '\t'))
            j++;
        size_t k;
        utf8proc_int32_t next = j < len ? cp_at(s, len, j, &k) : -1;
        int soft = hy == 0x00AD, hard = hy == '-' || hy == 0x2010;
        if (!(soft || hard) || !(is_letter(last) || is_digit(last)) || !is_letter(next)) {
            s[o++] = s[i++];
            continue;
        }
        if (hard && is_conjunction_at(s, len, j)) {
            o = h; /* "helse-" + " og" */
            s[o++] = ' ';
            i = j;
            continue;
        }
        size_t ws = wend;
        while (ws > 0) {
            size_t st;
            utf8proc_int32_t c = cp_before(s, ws, &st);
            if (!(is_letter(c) || is_digit(c)))
                break;
            ws = st;
        }
        o = hard && keeps_hyphen(s, ws, hstart, next) ? h : hstart;
        i = j;
    }
    return o;
}

int sk_normalise(char **out, size_t *out_len, const char *text, size_t len, sk_err *err)
{
    *out = NULL;
    *out_len = 0;
    sk_buf clean = SK_BUF_INIT;
    int rc = SK_OK;
    for (size_t i = 0; i < len && rc == SK_OK;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)text + i, (utf8proc_ssize_t)(len - i), &c);
        if (k <= 0) {
            rc = sk_buf_putc(&clean, ' ', err);
            i++;
            continue;
        }
        if (c == '\r') {
            rc = sk_buf_putc(&clean, '\n', err);
            if (i + 1 < len && text[i + 1] == '\n')
                i++;
        } else if (c == '\n' || c == '\t') {
            rc = sk_buf_putc(&clean, (char)c, err);
        } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
            rc = sk_buf_putc(&clean, ' ', err);
        } else {
            rc = sk_buf_append(&clean, text + i, (size_t)k, err);
        }
        i += (size_t)k;
    }
    if (rc != SK_OK) {
        sk_buf_release(&clean);
        return rc;
    }
    if (clean.len == 0) {
        sk_buf_release(&clean);
        *out = calloc(1, 1);
        return *out ? SK_OK : sk_err_set(err, SK_ENOMEM, "out of memory");
    }
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t n =
        utf8proc_map((const utf8proc_uint8_t *)clean.data, (utf8proc_ssize_t)clean.len, &nfc,
                     UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    sk_buf_release(&clean);
    if (n < 0)
        return sk_err_set(err, SK_EINVAL, "cannot normalise text: %s", utf8proc_errmsg(n));
    *out_len = join_broken_words((char *)nfc, (size_t)n);
    nfc[*out_len] = '\0';
    *out = (char *)nfc;
    return SK_OK;
}
