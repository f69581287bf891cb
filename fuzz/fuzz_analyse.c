/* The normaliser and the analyser: any bytes, normalised, then analysed as
 * a document and as a query, with the real lexicon (compounds, OCR repair). */
#include "fuzz.h"

#include "saksok/analysis/analyse.h"
#include "saksok/analysis/lexicon.h"
#include "saksok/analysis/normalise.h"
#include "saksok/base/text.h"

static sk_analyser *an;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    sk_err err = SK_ERR_INIT;
    static sk_lexicon *lex;
    if (sk_analyser_new(&an, &err) != SK_OK)
        abort();
    if (sk_lexicon_open(&lex, sk_lexicon_default_path(), &err) == SK_OK)
        sk_analyser_set_lexicon(an, lex);
    return 0;
}

typedef struct check {
    size_t len;
} check;

/* Every token lies inside the text and its term is what it says it is. */
static int on_token(const sk_token *tok, void *payload)
{
    const check *c = payload;
    if (tok->start > tok->end || tok->end > c->len || tok->term[tok->term_len] != '\0' ||
        tok->term_len == 0 || tok->term_len > SK_ANALYSE_MAX_TERM * 4)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sk_err err = SK_ERR_INIT;
    char *norm = NULL;
    size_t len = 0;
    if (sk_normalise(&norm, &len, (const char *)data, size, &err) != SK_OK)
        return 0;
    if (!sk_utf8_valid(norm, len))
        abort();
    check raw = {.len = size};
    (void)sk_analyse(an, SK_MODE_DOCUMENT, (const char *)data, size, 1, on_token, &raw, &err);
    check c = {.len = len};
    (void)sk_analyse(an, SK_MODE_DOCUMENT, norm, len, 1, on_token, &c, &err);
    (void)sk_analyse(an, SK_MODE_QUERY, norm, len, 1, on_token, &c, &err);
    free(norm);
    return 0;
}
