/* The document-data reader: a stored section's bytes (a zstd frame, or the
 * older forms) as the search side reads them from the index, then its
 * metadata record. */
#include "fuzz.h"

#include "saksok/store/docdata.h"
#include "saksok/store/docmeta.h"

static sk_docdata_reader *reader;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    sk_err err = SK_ERR_INIT;
    if (sk_docdata_reader_new(&reader, &err) != SK_OK)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sk_err err = SK_ERR_INIT;
    const char *meta = NULL, *text = NULL;
    size_t meta_len = 0, text_len = 0;
    if (sk_docdata_read(reader, (const char *)data, size, &meta, &meta_len, &text, &text_len,
                        &err) != SK_OK)
        return 0;
    if (meta[meta_len] != '\0' || text[text_len] != '\0')
        abort();
    sk_docmeta m = {0};
    if (sk_docmeta_decode(&m, meta, meta_len, &err) == SK_OK) {
        for (size_t i = 0; i < m.n_page_marks; i++)
            (void)m.page_marks[i].offset;
    }
    sk_docmeta_release(&m);
    return 0;
}
