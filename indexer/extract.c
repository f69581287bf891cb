/* extract.c: sk_extract(), the one way into the extractor: the back end for
 * the file's format, from a table (see include/saksok/indexer/extract.h and, for
 * the back ends, indexer/extract_int.h). */
#include "saksok/indexer/extract.h"

#include <stddef.h>

#include "extract_int.h"

static const sk_extract_backend *const backends[] = {
    &sk_extract_backend_pdf,
    &sk_extract_backend_html,
};

static const sk_extract_backend *backend_for(sk_format format)
{
    for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++)
        if (backends[i]->format == format)
            return backends[i];
    return NULL;
}

int sk_extract(sk_extracted *out, const char *path, const sk_extract_opts *opts,
               sk_extract_stats *stats, sk_err *err)
{
    if (out == NULL || path == NULL)
        return sk_err_set(err, SK_EINVAL, "sk_extract: NULL argument");
    const sk_extract_backend *b = backend_for(sk_format_of_path(path));
    if (b == NULL)
        return sk_err_set(err, SK_EINVAL, "unsupported file type (expected .pdf, .html or .htm)");
    return b->extract(out, path, opts, stats, err);
}
