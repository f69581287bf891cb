/* version.c: what --version prints (see include/saksok/base/version.h). */
#include "saksok/base/version.h"

#include <dlfcn.h>

#include "saksok/base/paths.h"
#include "saksok/store/xap.h"

#ifndef SAKSOK_VERSION
#define SAKSOK_VERSION "unknown"
#endif

const char *sk_version(void)
{
    return SAKSOK_VERSION;
}

/* The module's libraries, or why they cannot be told. The module stays
 * loaded (saksok-index loads it anyway; the others exit after --version). */
static int module_versions(sk_buf *out, sk_err *err)
{
    const char *path = sk_extract_module_path();
    if (path == NULL)
        return sk_buf_puts(out, "extraction module: not found (poppler, Tesseract: unknown)\n",
                           err);
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (h == NULL)
        return sk_buf_printf(out, err, "extraction module: not loaded (%s)\n", dlerror());
    const char *(*versions)(void) = NULL;
    *(void **)&versions = dlsym(h, "sk_extract_versions");
    if (versions == NULL)
        return sk_buf_printf(out, err, "extraction module: %s tells no versions\n", path);
    return sk_buf_puts(out, versions(), err);
}

int sk_version_text(sk_buf *out, const char *prog, sk_err *err)
{
    int rc = sk_buf_printf(out, err, "%s %s\nXapian %s\n", prog, SAKSOK_VERSION, sk_xap_version());
    return rc == SK_OK ? module_versions(out, err) : rc;
}
