/* ocr_data.c: is Tesseract's language data installed? (see include/saksok/indexer/ocr_data.h)
 * Apart from ocr.c so that the indexer can tell without loading Tesseract. */
#include "saksok/indexer/ocr_data.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int file_exists(const char *dir, const char *sub, const char *name, size_t name_len)
{
    char p[4096];
    int n = snprintf(p, sizeof p, "%s%s%s/%.*s.traineddata", dir, *sub ? "/" : "", sub,
                     (int)name_len, name);
    if (n < 0 || (size_t)n >= sizeof p)
        return 0;
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Where Tesseract 5 looks: $TESSDATA_PREFIX (the tessdata folder itself, or
 * its parent), else its built-in path (Debian: /usr/share/tesseract-ocr/5/). */
static int have_traineddata(const char *name, size_t name_len)
{
    const char *env = getenv("TESSDATA_PREFIX");
    if (env != NULL && *env)
        return file_exists(env, "", name, name_len) || file_exists(env, "tessdata", name, name_len);
    static const char *const dirs[] = {"/usr/share/tesseract-ocr/5/tessdata",
                                       "/usr/share/tesseract-ocr/4.00/tessdata",
                                       "/usr/share/tessdata", "/usr/local/share/tessdata"};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
        if (file_exists(dirs[i], "", name, name_len))
            return 1;
    return 0;
}

int sk_ocr_available(const char *lang)
{
    if (lang == NULL)
        lang = "nor";
    if (*lang == '\0')
        return 0;
    const char *p = lang;
    while (*p) {
        size_t k = strcspn(p, "+");
        if (k == 0 || !have_traineddata(p, k))
            return 0;
        p += k;
        if (*p == '+')
            p++;
    }
    return 1;
}
