/* The HTML extractor: bytes of a web page, any charset, from memory. */
#include "fuzz.h"

#include "../indexer/extract_int.h"
#include "saksok/indexer/extract.h"
#include "saksok/base/text.h"

static int valid(const char *s)
{
    return s == NULL || sk_utf8_valid(s, strlen(s));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sk_extracted x = {0};
    sk_err err = SK_ERR_INIT;
    if (sk_extract_html_mem(&x, (const char *)data, size, &err) == SK_OK) {
        /* The contract (extract.h): one page of valid, NUL-terminated UTF-8. */
        if (x.n_pages != 1 || x.pages[0].text[x.pages[0].text_len] != '\0' ||
            !sk_utf8_valid(x.pages[0].text, x.pages[0].text_len) || !valid(x.title) ||
            !valid(x.site))
            abort();
    }
    sk_extracted_release(&x);
    return 0;
}
