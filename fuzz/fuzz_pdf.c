/* PDF extraction through poppler (and saksok's layout code on its character
 * boxes), from a file in memory (memfd); without OCR. */
#define _GNU_SOURCE
#include "fuzz.h"

#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../indexer/extract_int.h"
#include "saksok/indexer/extract.h"
#include "saksok/base/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("fuzz.pdf", MFD_CLOEXEC);
    if (fd < 0)
        return 0;
    if (size > 0 && write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return 0;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    sk_extracted x = {0};
    sk_err err = SK_ERR_INIT;
    /* the back end itself: the path has no .pdf suffix for sk_extract() */
    if (sk_extract_backend_pdf.extract(&x, path, NULL, NULL, &err) == SK_OK) {
        for (size_t i = 0; i < x.n_pages; i++)
            if (!sk_utf8_valid(x.pages[i].text, x.pages[i].text_len))
                abort();
    }
    sk_extracted_release(&x);
    close(fd);
    return 0;
}
