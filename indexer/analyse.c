/* analyse.c: tokenising, folding and stemming (see include/saksok/analyse.h). */
#include "saksok/analyse.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "saksok/xap.h"

struct sk_analyser {
    sk_xstem *stem;
};

int sk_analyser_new(sk_analyser **out, sk_err *err)
{
    *out = NULL;
    sk_analyser *an = calloc(1, sizeof *an);
    if (an == NULL)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    int rc = sk_xstem_new(&an->stem, "norwegian", err);
    if (rc != SK_OK) {
        free(an);
        return rc;
    }
    *out = an;
    return SK_OK;
}

void sk_analyser_free(sk_analyser *an)
{
    if (an == NULL)
        return;
    sk_xstem_free(an->stem);
    free(an);
}

enum cls { C_SEP, C_LETTER, C_DIGIT, C_HYPHEN, C_NUMJOIN, C_IGNORE };

static enum cls classify(utf8proc_int32_t c)
{
    if (c < 0)
        return C_SEP;
    if (c < 0x80) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            return C_LETTER;
        if (c >= '0' && c <= '9')
            return C_DIGIT;
        if (c == '-')
            return C_HYPHEN;
        if (c == '/' || c == '.' || c == ',')
            return C_NUMJOIN;
        return C_SEP;
    }
    if (c == 0x00AD)
        return C_IGNORE; /* soft hyphen */
    if (c == 0x2010 || c == 0x2011)
        return C_HYPHEN; /* hyphen, non-breaking hyphen */
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return C_LETTER;
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return C_DIGIT;
    default:
        return C_SEP;
    }
}

/* Decode the code point at s[i] (n bytes left); returns its length (>= 1). */
static size_t decode(const char *s, size_t n, utf8proc_int32_t *c)
{
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, c);
    if (k <= 0) {
        *c = -1;
        return 1;
    }
    return (size_t)k;
}

int sk_analyse_fold(sk_analyser *an, const char *word, size_t len, char *out, size_t out_size,
                    sk_err *err)
{
    (void)an;
    utf8proc_uint8_t *folded = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)word, (utf8proc_ssize_t)len,
                                      &folded,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
                                          UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
    if (n < 0)
        return sk_err_set(err, SK_EINVAL, "cannot fold text: %s", utf8proc_errmsg(n));
    if ((size_t)n + 1 > out_size) {
        free(folded);
        return sk_err_set(err, SK_ELIMIT, "folded word of %zd bytes is too long", n);
    }
    memcpy(out, folded, (size_t)n + 1);
    free(folded);
    return (int)n;
}

typedef struct emit_ctx {
    sk_analyser *an;
    const char *text;
    sk_token_cb cb;
    void *payload;
    sk_err *err;
} emit_ctx;

/* Fold, stem and hand over one token [start, end); flags as given. */
static int emit(emit_ctx *ctx, size_t start, size_t end, uint32_t pos, unsigned flags)
{
    char term[SK_ANALYSE_MAX_TERM * 2];
    char stem[SK_ANALYSE_MAX_TERM * 2];
    sk_err tmp = SK_ERR_INIT;
    int n = sk_analyse_fold(ctx->an, ctx->text + start, end - start, term, sizeof term, &tmp);
    if (n == SK_ELIMIT || n == 0)
        return SK_OK; /* too long or folds to nothing: not a useful term */
    if (n < 0)
        return sk_err_set(ctx->err, tmp.code, "%s", tmp.msg);
    if ((size_t)n > SK_ANALYSE_MAX_TERM)
        return SK_OK;
    sk_token tok = {term, (size_t)n, NULL, 0, start, end, pos, flags};
    if (!(flags & SK_TOK_NUMERIC)) {
        int s = sk_xstem_apply(ctx->an->stem, term, (size_t)n, stem, sizeof stem, ctx->err);
        if (s < 0)
            return s;
        if (s > 0 && ((size_t)s != (size_t)n || memcmp(stem, term, (size_t)n) != 0)) {
            tok.stem = stem;
            tok.stem_len = (size_t)s;
        }
    }
    return ctx->cb(&tok, ctx->payload);
}

/* Emit the parts of a hyphenated token [start, end) at pos. */
static int emit_parts(emit_ctx *ctx, size_t start, size_t end, uint32_t pos)
{
    size_t part = start;
    size_t i = start;
    while (i <= end) {
        utf8proc_int32_t c = 0;
        size_t k = i < end ? decode(ctx->text + i, end - i, &c) : 0;
        if (i == end || classify(c) == C_HYPHEN) {
            if (i > part) {
                int rc = emit(ctx, part, i, pos, SK_TOK_SAME_POS);
                if (rc != SK_OK)
                    return rc;
            }
            if (i == end)
                break;
            part = i + k;
        }
        i += k;
    }
    return SK_OK;
}

int sk_analyse(sk_analyser *an, sk_mode mode, const char *text, size_t len, uint32_t first_pos,
               sk_token_cb cb, void *payload, sk_err *err)
{
    (void)mode;
    emit_ctx ctx = {an, text, cb, payload, err};
    uint32_t pos = first_pos ? first_pos : 1;
    size_t i = 0;
    while (i < len) {
        utf8proc_int32_t c;
        size_t k = decode(text + i, len - i, &c);
        enum cls cl = classify(c);
        if (cl != C_LETTER && cl != C_DIGIT) {
            i += k;
            continue;
        }
        /* A token starts at i. */
        size_t start = i, end = i + k;
        int has_letter = cl == C_LETTER, has_hyphen = 0;
        enum cls last = cl;
        i = end;
        while (i < len) {
            k = decode(text + i, len - i, &c);
            cl = classify(c);
            if (cl == C_LETTER || cl == C_DIGIT) {
                has_letter |= cl == C_LETTER;
                last = cl;
                i += k;
                end = i;
                continue;
            }
            if (cl == C_IGNORE) {
                i += k;
                continue;
            }
            if (cl == C_HYPHEN || cl == C_NUMJOIN) {
                /* Joins only if a word character follows (and, for '/', '.',
                 * ',', digits on both sides). */
                if (i + k >= len)
                    break;
                utf8proc_int32_t next;
                decode(text + i + k, len - i - k, &next);
                enum cls ncl = classify(next);
                int joins = cl == C_HYPHEN ? (ncl == C_LETTER || ncl == C_DIGIT)
                                           : (last == C_DIGIT && ncl == C_DIGIT);
                if (!joins)
                    break;
                has_hyphen |= cl == C_HYPHEN;
                i += k;
                continue;
            }
            break;
        }
        i = end;
        unsigned flags = has_letter ? 0 : SK_TOK_NUMERIC;
        int rc = emit(&ctx, start, end, pos, flags);
        if (rc == SK_OK && has_hyphen)
            rc = emit_parts(&ctx, start, end, pos);
        if (rc != SK_OK)
            return rc;
        pos++;
    }
    return SK_OK;
}
