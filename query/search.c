/* search.c: running a query against the index (see include/saksok/search.h). */
#include "saksok/search.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define MAX_REOPEN_RETRIES 5

int sk_search_open(sk_xdb **out, const char *path, sk_err *err)
{
    int rc = sk_xdb_open(out, path, err);
    if (rc != SK_OK)
        sk_err_prefix(err, "cannot open index %s", path);
    return rc;
}

static char *dup_json_string(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? strdup(s) : NULL;
}

static int fill_hit(sk_hit *h, const char *data, size_t len, sk_err *err)
{
    json_error_t jerr;
    json_t *o = json_loadb(data, len, 0, &jerr);
    if (o == NULL)
        return sk_err_set(err, SK_ECORRUPT, "stored document data is not valid: %s", jerr.text);
    h->file = dup_json_string(o, "file");
    h->format = dup_json_string(o, "format");
    h->title = dup_json_string(o, "title");
    h->text = dup_json_string(o, "text");
    h->page_from = (int)json_integer_value(json_object_get(o, "page_from"));
    h->page_to = (int)json_integer_value(json_object_get(o, "page_to"));
    json_decref(o);
    if (h->file == NULL || h->text == NULL)
        return sk_err_set(err, SK_ECORRUPT, "stored document data lacks file or text");
    return SK_OK;
}

static void hit_release(sk_hit *h)
{
    free(h->file);
    free(h->format);
    free(h->title);
    free(h->text);
}

void sk_results_release(sk_results *r)
{
    for (size_t i = 0; i < r->n_hits; i++)
        hit_release(&r->hits[i]);
    free(r->hits);
    free(r->suggestion);
    for (int f = 0; f < SK_N_FACETS; f++) {
        for (size_t i = 0; i < r->facets[f].n; i++)
            free(r->facets[f].values[i].value);
        free(r->facets[f].values);
    }
    memset(r, 0, sizeof *r);
}

static int run(sk_results *out, sk_xdb *db, const sk_xquery *xq, size_t offset, size_t limit,
               sk_err *err)
{
    sk_xsearch_opts opts = SK_XSEARCH_OPTS_INIT;
    opts.offset = offset;
    opts.limit = limit;
    sk_xmset *m = NULL;
    int rc = sk_xdb_search(&m, db, xq, &opts, err);
    if (rc != SK_OK)
        return rc;
    size_t n = sk_xmset_size(m);
    out->total = sk_xmset_total(m);
    out->hits = n ? calloc(n, sizeof *out->hits) : NULL;
    if (n && out->hits == NULL)
        rc = sk_err_set(err, SK_ENOMEM, "out of memory");
    double max = sk_xmset_max_weight(m);
    for (size_t i = 0; i < n && rc == SK_OK; i++) {
        const char *data;
        size_t len;
        rc = sk_xmset_data(m, i, &data, &len, err);
        sk_hit *h = &out->hits[i];
        if (rc == SK_OK)
            rc = fill_hit(h, data, len, err);
        h->rank = offset + i + 1;
        h->score = max > 0 ? sk_xmset_weight(m, i) / max : 0.0;
        out->n_hits = i + 1;
    }
    sk_xmset_free(m);
    return rc;
}

static const char *const facet_names[SK_N_FACETS] = {"body", "year", "type"};

int sk_search(sk_results *out, sk_xdb *db, const sk_query *q, const sk_search_opts *opts,
              sk_err *err)
{
    memset(out, 0, sizeof *out);
    for (int f = 0; f < SK_N_FACETS; f++)
        out->facets[f].name = facet_names[f];
    size_t offset = opts->offset, limit = opts->limit;
    if (limit > SK_SEARCH_MAX_LIMIT)
        return sk_err_set(err, SK_ELIMIT, "at most %d hits per page", SK_SEARCH_MAX_LIMIT);
    int rc = SK_OK;
    for (int attempt = 0;; attempt++) {
        sk_err e = SK_ERR_INIT;
        rc = run(out, db, sk_query_strict(q), offset, limit, &e);
        if (rc == SK_OK && out->total == 0 && sk_query_relaxed(q) != NULL) {
            sk_results_release(out);
            rc = run(out, db, sk_query_relaxed(q), offset, limit, &e);
            out->relaxed = 1;
        }
        if (rc == SK_EMODIFIED && attempt < MAX_REOPEN_RETRIES) {
            sk_results_release(out);
            sk_err re = SK_ERR_INIT;
            if (sk_xdb_reopen(db, &re) != SK_OK)
                return sk_err_set(err, re.code, "%s", re.msg);
            continue;
        }
        if (rc != SK_OK) {
            sk_results_release(out);
            return sk_err_set(err, e.code, "%s", e.msg);
        }
        break;
    }
    out->offset = offset;
    out->limit = limit;
    sk_err serr = SK_ERR_INIT;
    if (sk_query_suggest(q, db, &out->suggestion, &serr) != SK_OK)
        out->suggestion = NULL; /* a suggestion is a courtesy: never fail the search for it */
    return SK_OK;
}
