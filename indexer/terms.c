/* terms.c: building terms from prefixes and values (see include/saksok/store/terms.h). */
#include "saksok/store/terms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "saksok/base/text.h"
#include "saksok/store/xap.h"

size_t sk_term_make(char *out, size_t out_size, const char *prefix, const char *value)
{
    size_t plen = strlen(prefix), vlen = strlen(value);
    size_t max = out_size - 1 < SK_XAP_MAX_TERM ? out_size - 1 : SK_XAP_MAX_TERM;
    if (plen + vlen <= max) {
        memcpy(out, prefix, plen);
        memcpy(out + plen, value, vlen + 1);
        return plen + vlen;
    }
    int n = snprintf(out, out_size, "%s#%016llx", prefix, sk_hash64(value, vlen));
    return n < 0 ? 0 : (size_t)n;
}

static unsigned long long pair_hash(const char *key, const char *value)
{
    size_t kl = strlen(key);
    return sk_hash64(key, kl) * SK_HASH64_PRIME ^ sk_hash64(value, strlen(value)) ^ kl;
}

size_t sk_term_taught(char *out, size_t out_size, const char *key, const char *value)
{
    int n = snprintf(out, out_size, SK_PREFIX_TAUGHT "%016llx", pair_hash(key, value));
    return n < 0 ? 0 : (size_t)n;
}

void sk_meta_syn_fixed(char *out, size_t out_size, const char *key, const char *value)
{
    snprintf(out, out_size, SK_META_SYN_FIXED "%016llx", pair_hash(key, value));
}
