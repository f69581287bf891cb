/* extract_mod.c: the module's exported symbols (see include/saksok/indexer/extract_mod.h
 * and, for the versions, include/saksok/base/version.h). */
#include "saksok/indexer/extract_mod.h"

#include <leptonica/allheaders.h>
#include <libxml/parser.h>
#include <poppler.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tesseract/capi.h>

#include "saksok/base/version.h"

__attribute__((visibility("default"))) const sk_extract_api *sk_extract_module_v2(void)
{
    static const sk_extract_api api = {sk_extract, sk_ocr_free};
    return &api;
}

static pthread_once_t versions_once = PTHREAD_ONCE_INIT;
static char versions[256];

static void find_versions(void)
{
    char *lept = getLeptonicaVersion(); /* "leptonica-1.82.0" */
    const char *lv = lept ? lept : "unknown";
    if (lept && strncmp(lv, "leptonica-", 10) == 0)
        lv += 10;
    int xml = atoi(xmlParserVersion); /* "20914": 2.9.14 */
    snprintf(versions, sizeof versions,
             "poppler %s\nTesseract %s\nLeptonica %s\nlibxml2 %d.%d.%d\n", poppler_get_version(),
             TessVersion(), lv, xml / 10000, xml / 100 % 100, xml % 100);
    lept_free(lept);
}

__attribute__((visibility("default"))) const char *sk_extract_versions(void)
{
    pthread_once(&versions_once, find_versions);
    return versions;
}
