/* index_synonyms.c: the synonym table: abbreviations learned from the text
 * and the councils' names (see include/saksok/indexer/index.h) */
#include "saksok/indexer/index.h"

#include <stdio.h>
#include <string.h>

#include "saksok/analysis/abbrev.h"
#include "saksok/analysis/analyse.h"
#include "saksok/base/paths.h"
#include "saksok/store/terms.h"
#include "saksok/store/xap.h"

#include "index_int.h"

/* ---- synonyms: abbreviations and the councils' names ---- */

typedef struct join_ctx {
    sk_buf *out;
    sk_err *err;
} join_ctx;

static int join_term(const sk_token *tok, void *payload)
{
    join_ctx *j = payload;
    int rc = j->out->len ? sk_buf_putc(j->out, ' ', j->err) : SK_OK;
    return rc == SK_OK ? sk_buf_append(j->out, tok->term, tok->term_len, j->err) : rc;
}

/* Words of text folded as the query side folds them, joined by spaces. */
static int fold_words(sk_analyser *an, const char *text, size_t len, sk_buf *out, sk_err *err)
{
    join_ctx j = {out, err};
    sk_buf_reset(out);
    return sk_analyse(an, SK_MODE_QUERY, text, len, 1, join_term, &j, err);
}

/* Every form finds every other: pairs "key\0value\0" appended to syn. */
static int add_synonym_set(sk_buf *syn, sk_buf *forms, size_t n, sk_err *err)
{
    int rc = SK_OK;
    for (size_t a = 0; a < n && rc == SK_OK; a++)
        for (size_t b = 0; b < n && rc == SK_OK; b++)
            if (a != b && forms[a].len && forms[b].len && strcmp(forms[a].data, forms[b].data)) {
                rc = sk_buf_append(syn, forms[a].data, forms[a].len + 1, err);
                if (rc == SK_OK)
                    rc = sk_buf_append(syn, forms[b].data, forms[b].len + 1, err);
            }
    return rc;
}

/* Store the pairs of syn in the synonym table; fixed: they are synonyms.tsv's,
 * shown to everyone (learned ones show where a shown paper taught them). */
int ix_write_synonyms(sk_indexer *ix, const sk_buf *syn, int fixed, sk_err *err)
{
    int rc = SK_OK;
    for (size_t i = 0; i < syn->len && rc == SK_OK;) {
        const char *key = syn->data + i;
        const char *value = key + strlen(key) + 1;
        rc = sk_xwdb_add_synonym(ix->db, key, value, err);
        char mark[64];
        sk_meta_syn_fixed(mark, sizeof mark, key, value);
        if (rc == SK_OK && fixed)
            rc = sk_xwdb_set_metadata(ix->db, mark, "1", err);
        i = (size_t)(value - syn->data) + strlen(value) + 1;
    }
    return rc;
}

typedef struct abbr_ctx {
    sk_analyser *an;
    sk_buf *syn;
    sk_err *err;
} abbr_ctx;

static int abbr_found(const char *lf, size_t ll, const char *ab, size_t al, void *payload)
{
    abbr_ctx *c = payload;
    sk_buf forms[2] = {SK_BUF_INIT, SK_BUF_INIT};
    int rc = fold_words(c->an, ab, al, &forms[0], c->err);
    if (rc == SK_OK)
        rc = fold_words(c->an, lf, ll, &forms[1], c->err);
    if (rc == SK_OK)
        rc = add_synonym_set(c->syn, forms, 2, c->err);
    sk_buf_release(&forms[0]);
    sk_buf_release(&forms[1]);
    return rc;
}

int ix_learn_abbreviations(sk_analyser *an, sk_buf *syn, const char *text, size_t len, sk_err *err)
{
    abbr_ctx c = {an, syn, err};
    return sk_abbrev_scan(text, len, abbr_found, &c);
}

/* synonyms.tsv: one set of names per line, forms separated by tabs. */
int ix_load_synonyms(sk_indexer *ix, sk_err *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/synonyms.tsv", sk_data_dir());
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return sk_err_set(err, SK_EIO, "cannot open %s", path);
    char line[1024];
    int rc = SK_OK;
    sk_buf syn = SK_BUF_INIT;
    while (rc == SK_OK && fgets(line, sizeof line, f)) {
        if (line[0] == '#')
            continue;
        sk_buf forms[8] = {SK_BUF_INIT};
        size_t n = 0;
        for (char *tok = strtok(line, "\t\r\n"); tok && n < 8 && rc == SK_OK;
             tok = strtok(NULL, "\t\r\n")) {
            sk_buf_init(&forms[n], 0);
            rc = fold_words(ix->an, tok, strlen(tok), &forms[n], err);
            n++;
        }
        if (rc == SK_OK)
            rc = add_synonym_set(&syn, forms, n, err);
        for (size_t i = 0; i < n; i++)
            sk_buf_release(&forms[i]);
    }
    fclose(f);
    if (rc == SK_OK)
        rc = ix_write_synonyms(ix, &syn, 1, err);
    sk_buf_release(&syn);
    return rc;
}
