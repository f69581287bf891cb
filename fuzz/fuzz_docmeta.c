/* The metadata-record reader: a record (or an old JSON object) decoded; what
 * decodes is encoded again and must decode to the same fields. */
#include "fuzz.h"

#include "saksok/base/buf.h"
#include "saksok/store/docmeta.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sk_err err = SK_ERR_INIT;
    sk_docmeta m = {0};
    if (sk_docmeta_decode(&m, (const char *)data, size, &err) != SK_OK) {
        sk_docmeta_release(&m);
        return 0;
    }
    sk_buf rec = {0};
    sk_docmeta m2 = {0};
    if (sk_docmeta_encode(&rec, &m, &err) == SK_OK &&
        sk_docmeta_decode(&m2, rec.data, rec.len, &err) == SK_OK) {
        /* A field encode stores as none (not UTF-8, a NUL inside) may differ. */
        if (m2.page_from != m.page_from || m2.page_to != m.page_to ||
            m2.n_page_marks != m.n_page_marks)
            abort();
    }
    sk_docmeta_release(&m2);
    sk_buf_release(&rec);
    sk_docmeta_release(&m);
    return 0;
}
