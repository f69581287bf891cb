/* extracted.c: a file's format by its name, and releasing an extracted
 * document (see include/saksok/indexer/extracted.h): they need no extraction
 * library, so the indexer uses them without loading saksok-extract.so. */
#include "saksok/indexer/extracted.h"

#include <stdlib.h>
#include <string.h>

static int has_suffix(const char *path, const char *suffix)
{
    size_t n = strlen(path), k = strlen(suffix);
    return n > k && strcasecmp(path + n - k, suffix) == 0;
}

sk_format sk_format_of_path(const char *path)
{
    if (path == NULL)
        return SK_FORMAT_UNKNOWN;
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (has_suffix(base, ".pdf"))
        return SK_FORMAT_PDF;
    if (has_suffix(base, ".html") || has_suffix(base, ".htm"))
        return SK_FORMAT_HTML;
    return SK_FORMAT_UNKNOWN;
}

void sk_extracted_release(sk_extracted *doc)
{
    if (doc == NULL)
        return;
    for (size_t i = 0; i < doc->n_pages; i++)
        free(doc->pages[i].text);
    free(doc->pages);
    free(doc->title);
    free(doc->site);
    memset(doc, 0, sizeof *doc);
}
