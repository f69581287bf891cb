/* extract_pdf.c: PDF -> title and per-page UTF-8 text with poppler-glib.
 *
 * The file is read into memory first so that empty files, non-PDFs and
 * truncated files get a clear message before poppler sees them; then
 * poppler_document_new_from_bytes() parses it.
 *
 * Poppler's diagnostics ("Syntax Error: ...") need no silencing here:
 * poppler-glib (22.x) installs its own error callback that sends them to
 * g_log (domain "Poppler", level INFO), which prints nothing unless
 * G_MESSAGES_DEBUG is set.
 */
#include "saksok/extract.h"

#include <poppler.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract_int.h"
#include "saksok/buf.h"

/* ---- checks before poppler ----------------------------------------------- */

static const char *find_bytes(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(hay + i, needle, k) == 0)
            return hay + i;
    return NULL;
}

/* Like Acrobat: the header may sit anywhere in the first 1024 bytes, and
 * %%EOF anywhere in the last 1024 (here: after dropping trailing whitespace
 * and NUL padding, which some writers append). */
static int precheck(const char *data, size_t len, sk_err *err)
{
    if (len == 0)
        return sk_err_set(err, SK_EFORMAT, "empty file (0 bytes)");
    if (find_bytes(data, len < 1024 ? len : 1024, "%PDF-") == NULL)
        return sk_err_set(err, SK_EFORMAT, "not a PDF file");
    size_t end = len;
    while (end > 0 && (data[end - 1] == '\0' || data[end - 1] == ' ' || data[end - 1] == '\n' ||
                       data[end - 1] == '\r' || data[end - 1] == '\t'))
        end--;
    size_t from = end > 1024 ? end - 1024 : 0;
    if (find_bytes(data + from, end - from, "%%EOF") == NULL)
        return sk_err_set(err, SK_EFORMAT, "corrupt or truncated PDF (no %%%%EOF marker at the end)");
    return SK_OK;
}

/* ---- opening ------------------------------------------------------------- */

static int open_error(GError *gerr, sk_err *err)
{
    if (g_error_matches(gerr, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        return sk_err_set(err, SK_EENCRYPTED, "encrypted PDF (password required)");
    const char *what = gerr && gerr->message ? gerr->message : "poppler cannot open it";
    return sk_err_set(err, SK_EFORMAT, "corrupt or truncated PDF (%s)", what);
}

/* Takes ownership of data (malloc'd). */
static int open_document(PopplerDocument **out, char *data, size_t len, sk_err *err)
{
    GBytes *bytes = g_bytes_new_with_free_func(data, len, free, data);
    GError *gerr = NULL;
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &gerr);
    g_bytes_unref(bytes); /* the document keeps its own reference */
    int rc = SK_OK;
    if (doc == NULL)
        rc = open_error(gerr, err);
    if (gerr != NULL)
        g_error_free(gerr);
    *out = doc;
    return rc;
}

/* ---- text ---------------------------------------------------------------- */

static int read_title(PopplerDocument *doc, char **title, sk_err *err)
{
    gchar *t = poppler_document_get_title(doc);
    int rc = SK_OK;
    if (t != NULL)
        rc = sk_extract_clean_title(title, t, strlen(t), err);
    g_free(t);
    return rc;
}

static int page_text(PopplerDocument *doc, int index, sk_buf *b, sk_err *err)
{
    PopplerPage *page = poppler_document_get_page(doc, index);
    if (page == NULL)
        return SK_OK; /* unloadable page: keep it, empty */
    gchar *text = poppler_page_get_text(page);
    sk_err local = SK_ERR_INIT;
    int rc = SK_OK;
    if (text != NULL)
        rc = sk_extract_append_utf8(b, text, strlen(text), &local);
    g_free(text);
    g_object_unref(page);
    if (rc == SK_ELIMIT)
        return sk_err_set(err, SK_ELIMIT, "page %d: text exceeds the cap of %zu bytes", index + 1,
                          SK_EXTRACT_MAX_PAGE_BYTES);
    if (rc != SK_OK)
        return sk_err_set(err, rc, "%s", local.msg);
    return SK_OK;
}

static int read_pages(PopplerDocument *doc, sk_extracted *x, sk_err *err)
{
    int n = poppler_document_get_n_pages(doc);
    if (n <= 0)
        return sk_err_set(err, SK_EFORMAT, "corrupt or truncated PDF (no pages)");
    x->n_pages_total = n;
    size_t total = 0;
    for (int i = 0; i < n; i++) {
        sk_buf b;
        sk_buf_init(&b, SK_EXTRACT_MAX_PAGE_BYTES);
        int rc = page_text(doc, i, &b, err);
        total += b.len;
        if (rc == SK_OK && total > SK_EXTRACT_MAX_FILE_BYTES)
            rc = sk_err_set(err, SK_ELIMIT, "text exceeds the cap of %zu bytes per file",
                            SK_EXTRACT_MAX_FILE_BYTES);
        if (rc == SK_OK)
            rc = sk_extract_add_page(x, &b, i + 1, err);
        sk_buf_release(&b);
        if (rc != SK_OK)
            return rc;
    }
    return SK_OK;
}

int sk_extract_pdf(sk_extracted *out, const char *path, sk_err *err)
{
    if (out == NULL || path == NULL)
        return sk_err_set(err, SK_EINVAL, "sk_extract_pdf: NULL argument");
    char *data = NULL;
    size_t len = 0;
    int rc = sk_extract_read_file(path, SK_EXTRACT_MAX_INPUT_BYTES, &data, &len, err);
    if (rc == SK_OK)
        rc = precheck(data, len, err);
    if (rc != SK_OK) {
        free(data);
        return rc;
    }
    PopplerDocument *doc = NULL;
    rc = open_document(&doc, data, len, err); /* takes data */
    if (rc != SK_OK)
        return rc;
    sk_extracted x = {0};
    x.format = SK_FORMAT_PDF;
    rc = read_title(doc, &x.title, err);
    if (rc == SK_OK)
        rc = read_pages(doc, &x, err);
    g_object_unref(doc);
    if (rc != SK_OK) {
        sk_extracted_release(&x);
        return rc;
    }
    sk_extract_move(out, &x);
    return SK_OK;
}
