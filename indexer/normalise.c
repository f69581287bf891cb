/* normalise.c: NFC and control-character clean-up (see include/saksok/normalise.h). */
#include "saksok/normalise.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "saksok/buf.h"

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
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)clean.data,
                                      (utf8proc_ssize_t)clean.len, &nfc,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    sk_buf_release(&clean);
    if (n < 0)
        return sk_err_set(err, SK_EINVAL, "cannot normalise text: %s", utf8proc_errmsg(n));
    *out = (char *)nfc;
    *out_len = (size_t)n;
    return SK_OK;
}
