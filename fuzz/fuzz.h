/* fuzz.h: what the libFuzzer targets in fuzz/ share.
 *
 * Each target is one file, fuzz_<name>.c, defining LLVMFuzzerTestOneInput
 * (and, where it needs state made once, LLVMFuzzerInitialize). Built only
 * with -DSAKSOK_FUZZ=ON and clang; run by scripts/fuzz.
 */
#ifndef SAKSOK_FUZZ_H
#define SAKSOK_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A NUL-terminated copy of the input (caller frees), or NULL. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s) {
        memcpy(s, data, size);
        s[size] = '\0';
    }
    return s;
}

#endif
