/* err.c: first-error-wins error records (see include/saksok/base/err.h). */
#include "saksok/base/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "saksok/base/text.h"

/* A message is valid UTF-8 (it goes into JSON and onto pages): a character
 * cut where the message was cut goes, other bad bytes become '?'. */
static void make_utf8(char *msg)
{
    size_t n = strlen(msg), i = 0;
    while (i < n) {
        size_t k = sk_utf8_seq(msg + i, n - i);
        if (k > 0) {
            i += k;
        } else if (n - i < 4 && (unsigned char)msg[i] >= 0xC2) {
            msg[i] = '\0'; /* a character cut short at the end */
            break;
        } else {
            msg[i++] = '?';
        }
    }
}

int sk_err_set(sk_err *err, sk_code code, const char *fmt, ...)
{
    if (err == NULL || err->code != SK_OK)
        return code;
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    make_utf8(err->msg);
    return code;
}

void sk_err_prefix(sk_err *err, const char *fmt, ...)
{
    if (err == NULL)
        return;
    char prefix[SK_ERR_MSG_SIZE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    char joined[2 * SK_ERR_MSG_SIZE + 2];
    snprintf(joined, sizeof joined, "%s: %s", prefix, err->msg);
    memcpy(err->msg, joined, sizeof err->msg - 1);
    err->msg[sizeof err->msg - 1] = '\0';
    make_utf8(err->msg);
}

void sk_err_clear(sk_err *err)
{
    if (err == NULL)
        return;
    err->code = SK_OK;
    err->msg[0] = '\0';
}

const char *sk_code_name(int code)
{
    switch (code) {
    case SK_OK: return "OK";
    case SK_EINVAL: return "EINVAL";
    case SK_ENOMEM: return "ENOMEM";
    case SK_EIO: return "EIO";
    case SK_EFORMAT: return "EFORMAT";
    case SK_EENCRYPTED: return "EENCRYPTED";
    case SK_ENOTFOUND: return "ENOTFOUND";
    case SK_ECORRUPT: return "ECORRUPT";
    case SK_ELOCKED: return "ELOCKED";
    case SK_EMODIFIED: return "EMODIFIED";
    case SK_ESYNTAX: return "ESYNTAX";
    case SK_ELIMIT: return "ELIMIT";
    case SK_EINTERNAL: return "EINTERNAL";
    case SK_ETIMEOUT: return "ETIMEOUT";
    }
    return "EUNKNOWN";
}
