/* searcher.c: what every query front end opens (see include/saksok/query/searcher.h). */
#include "saksok/query/searcher.h"

#include <string.h>

#include "saksok/base/cli.h"
#include "saksok/base/paths.h"
#include "saksok/query/search.h"

int sk_searcher_open_index(sk_xdb **out, const sk_searcher *s, sk_err *err)
{
    return sk_search_open_shards(out, s->dbs, s->n_db, s->shard_timeout, err);
}

int sk_searcher_new_analyser(sk_analyser **out, const sk_searcher *s, sk_err *err)
{
    int rc = sk_analyser_new(out, err);
    if (rc == SK_OK)
        sk_analyser_set_lexicon(*out, s->lex);
    return rc;
}

int sk_searcher_open(sk_searcher *out, const sk_searcher_opts *opts, sk_err *err)
{
    memset(out, 0, sizeof *out);
    out->lexicon_note = (sk_err)SK_ERR_INIT;
    out->bodies_note = (sk_err)SK_ERR_INIT;
    out->shard_timeout = opts->shard_timeout;
    if (opts->n_db > SK_SHARD_MAX)
        return sk_err_set(err, SK_EINVAL, "at most %d indexes", SK_SHARD_MAX);
    for (size_t i = 0; i < opts->n_db; i++)
        out->dbs[i] = opts->dbs[i];
    out->n_db = opts->n_db;
    if (out->n_db == 0)
        out->dbs[out->n_db++] = sk_cli_db(NULL, opts->conf);

    unsigned want = opts->open;
    if ((want & SK_SEARCHER_LEXICON) &&
        sk_lexicon_open(&out->lex, sk_lexicon_default_path(), &out->lexicon_note) != SK_OK)
        out->lex = NULL;
    int rc = SK_OK;
    if (want & SK_SEARCHER_ANALYSER)
        rc = sk_searcher_new_analyser(&out->an, out, err);
    if (rc == SK_OK && (want & SK_SEARCHER_BODIES_OPTIONAL)) {
        if (sk_bodies_load_default(&out->bodies, &out->bodies_note) != SK_OK)
            out->bodies = NULL;
    } else if (rc == SK_OK && (want & SK_SEARCHER_BODIES)) {
        rc = sk_bodies_load_default(&out->bodies, err);
    }
    if (rc == SK_OK && (want & SK_SEARCHER_INDEX))
        rc = sk_searcher_open_index(&out->db, out, err);
    if (rc != SK_OK)
        sk_searcher_close(out);
    return rc;
}

void sk_searcher_close(sk_searcher *s)
{
    if (s == NULL)
        return;
    sk_xdb_free(s->db);
    sk_bodies_free(s->bodies);
    sk_analyser_free(s->an);
    sk_lexicon_free(s->lex);
    s->db = NULL;
    s->bodies = NULL;
    s->an = NULL;
    s->lex = NULL;
}
