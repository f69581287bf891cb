/* extract_load.c: opening saksok-extract.so on first use (see include/saksok/indexer/extract_mod.h). */
#include "saksok/indexer/extract_mod.h"
#include "saksok/base/paths.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MODULE_NAME "saksok-extract.so"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static const sk_extract_api *api;
static char load_error[PATH_MAX + 128];

static void load(void)
{
    const char *path = sk_extract_module_path();
    if (path == NULL) {
        snprintf(load_error, sizeof load_error, "cannot tell where %s is", MODULE_NAME);
        return;
    }
    /* Never unloaded: its libraries stay until the process ends. */
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (h == NULL) {
        snprintf(load_error, sizeof load_error, "cannot load the extraction module: %s", dlerror());
        return;
    }
    const sk_extract_api *(*entry)(void) = NULL;
    *(void **)&entry = dlsym(h, "sk_extract_module_v2");
    if (entry == NULL) {
        snprintf(load_error, sizeof load_error, "%s is not saksok's extraction module", path);
        return;
    }
    api = entry();
}

const sk_extract_api *sk_extract_api_get(sk_err *err)
{
    pthread_once(&once, load);
    if (api == NULL)
        sk_err_set(err, SK_ENOTFOUND, "%s", load_error);
    return api;
}

int sk_mod_extract(sk_extracted *out, const char *path, const sk_extract_opts *opts,
                   sk_extract_stats *stats, sk_err *err)
{
    const sk_extract_api *a = sk_extract_api_get(err);
    if (a == NULL) {
        memset(out, 0, sizeof *out);
        return SK_ENOTFOUND; /* what sk_extract_api_get() set; err may be NULL */
    }
    return a->extract(out, path, opts, stats, err);
}

void sk_mod_ocr_free(sk_ocr *ocr)
{
    if (ocr == NULL)
        return;
    sk_err err = SK_ERR_INIT;
    const sk_extract_api *a = sk_extract_api_get(&err);
    if (a)
        a->ocr_free(ocr);
}
