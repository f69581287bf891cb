/* The query parser: any string a user types, through the real analyser,
 * lexicon and council list (no index: synonyms and spelling need none). */
#include "fuzz.h"

#include "saksok/analysis/analyse.h"
#include "saksok/analysis/lexicon.h"
#include "saksok/query/qparse.h"
#include "saksok/structure/segment_parse.h"

static sk_analyser *an;
static sk_bodies *bodies;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    sk_err err = SK_ERR_INIT;
    static sk_lexicon *lex;
    if (sk_analyser_new(&an, &err) != SK_OK || sk_bodies_load_default(&bodies, &err) != SK_OK)
        abort();
    if (sk_lexicon_open(&lex, sk_lexicon_default_path(), &err) == SK_OK)
        sk_analyser_set_lexicon(an, lex);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstr(data, size);
    if (s == NULL)
        return 0;
    sk_err err = SK_ERR_INIT;
    sk_query *q = NULL;
    if (sk_query_parse(&q, an, NULL, bodies, s, &err) == SK_OK) {
        const char *needles[64];
        const char *cases[8];
        (void)sk_query_needles(needles, 64, q);
        (void)sk_query_cases(cases, 8, q);
        (void)sk_query_case_lookup(q);
        sk_query *again = NULL;
        if (sk_query_reparse(&again, q, s, &err) == SK_OK)
            sk_query_free(again);
        sk_query_free(q);
    }
    free(s);
    return 0;
}
