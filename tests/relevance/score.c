/* score.c: run each query of a relevance file through saksok and score the ranking.
 *
 * Usage: score --query-bin PATH --db DIR --queries FILE [--floors FILE] [--verbose]
 *
 * queries FILE, one query a line (# comments and empty lines skipped):
 *   category<TAB>query<TAB>relevant urls, space-separated[<TAB>suggest=corrected query]
 * floors FILE (# comments skipped; category "overall" is the whole set):
 *   category<TAB>success@1<TAB>mrr@10<TAB>recall@10
 *
 * Per query, over the first 10 hits of `saksok --json --limit 10`:
 *   success@1  the first hit is relevant; for a row with suggest=, the
 *              "suggestion" of the answer is the corrected query instead
 *              (compared with case and runs of spaces ignored);
 *   MRR@10     1 / rank of the first relevant hit, 0 if none in the top 10;
 *   recall@10  relevant urls covered by the top 10 / min(relevant urls, 10).
 * A hit is a section of a paper with a page range: it covers a relevant url
 * "file#page=N" when it is in that file and N lies within its pages
 * (page_from..page_to); an HTML url ("file") is covered by a hit in the file.
 * A hit is relevant when it covers at least one relevant url.
 * A category's figure is the mean over its queries.
 *
 * Exit status: 0 all categories at or above their floors (or no --floors);
 * 1 some category below its floor; 2 usage error, unreadable file, or saksok
 * failing (not exit 0) or printing something that is not the JSON expected.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "run.h"

enum { TOP_K = 10, SHOW_K = 3, MAX_CATS = 64 };

typedef struct metrics {
    double s1, mrr, recall;
} metrics;

typedef struct category {
    char *name;
    size_t n;
    metrics sum;
    metrics floor;
    int has_floor;
} category;

typedef struct options {
    const char *query_bin, *db, *queries, *floors;
    int verbose;
} options;

typedef struct scorer {
    options opt;
    category cats[MAX_CATS];
    size_t n_cats;
    category overall;
} scorer;

static void usage(FILE *f)
{
    fputs("usage: score --query-bin PATH --db DIR --queries FILE [--floors FILE] [--verbose]\n", f);
}

static int parse_args(options *o, int argc, char **argv)
{
    memset(o, 0, sizeof *o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = NULL;
        if (strcmp(a, "--verbose") == 0) {
            o->verbose = 1;
            continue;
        }
        if (strcmp(a, "--query-bin") == 0)
            slot = &o->query_bin;
        else if (strcmp(a, "--db") == 0)
            slot = &o->db;
        else if (strcmp(a, "--queries") == 0)
            slot = &o->queries;
        else if (strcmp(a, "--floors") == 0)
            slot = &o->floors;
        if (slot == NULL || i + 1 >= argc) {
            fprintf(stderr, "score: %s: %s\n", a, slot ? "needs a value" : "unknown option");
            return -1;
        }
        *slot = argv[++i];
    }
    if (!o->query_bin || !o->db || !o->queries) {
        fputs("score: --query-bin, --db and --queries are required\n", stderr);
        return -1;
    }
    return 0;
}

static category *find_category(scorer *s, const char *name, int create)
{
    for (size_t i = 0; i < s->n_cats; i++)
        if (strcmp(s->cats[i].name, name) == 0)
            return &s->cats[i];
    if (!create || s->n_cats == MAX_CATS)
        return NULL;
    category *c = &s->cats[s->n_cats++];
    memset(c, 0, sizeof *c);
    c->name = strdup(name);
    if (c->name == NULL)
        abort();
    return c;
}

/* Split line at tabs in place; returns the number of fields (at most max). */
static size_t split_tabs(char *line, char **fields, size_t max)
{
    size_t n = 0;
    char *p = line;
    while (n < max) {
        fields[n++] = p;
        char *tab = strchr(p, '\t');
        if (tab == NULL)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

static int is_comment_or_blank(const char *line)
{
    while (*line == ' ' || *line == '\t')
        line++;
    return *line == '#' || *line == '\0';
}

static void chomp(char *line)
{
    line[strcspn(line, "\r\n")] = '\0';
}

/* Lower-case ASCII and collapse runs of white space; UTF-8 bytes are kept. */
static void canon(const char *in, char *out, size_t size)
{
    size_t o = 0;
    int space = 1;
    for (const unsigned char *p = (const unsigned char *)in; *p && o + 1 < size; p++) {
        if (isspace(*p)) {
            space = 1;
            continue;
        }
        if (space && o > 0 && o + 2 < size)
            out[o++] = ' ';
        space = 0;
        out[o++] = (char)tolower(*p);
    }
    out[o] = '\0';
}

/* Does hit h cover the relevant url u? */
static int covers(json_t *h, const char *u)
{
    const char *file = json_string_value(json_object_get(h, "file"));
    if (file == NULL)
        return 0;
    const char *hash = strstr(u, "#page=");
    size_t flen = hash ? (size_t)(hash - u) : strlen(u);
    if (strlen(file) != flen || strncmp(file, u, flen) != 0)
        return 0;
    if (hash == NULL)
        return 1;
    long page = strtol(hash + 6, NULL, 10);
    json_int_t from = json_integer_value(json_object_get(h, "page_from"));
    json_int_t to = json_integer_value(json_object_get(h, "page_to"));
    if (to < from)
        to = from;
    return page >= from && page <= to;
}

static int url_in(json_t *h, char *const *urls, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (covers(h, urls[i]))
            return 1;
    return 0;
}

/* Run saksok for one query; on success *out holds the parsed answer. */
static int run_query(const options *o, const char *q, json_t **out)
{
    const char *argv[] = {o->query_bin, "--db", o->db, "--json", "--limit", "10", q, NULL};
    run_result r;
    *out = NULL;
    if (run_cmd(&r, argv, NULL) != 0) {
        fprintf(stderr, "score: cannot run %s\n", o->query_bin);
        return -1;
    }
    int rc = 0;
    if (r.status != 0) {
        fprintf(stderr, "score: saksok '%s' exited %d: %s", q, r.status, r.err);
        rc = -1;
    } else {
        json_error_t jerr;
        *out = json_loads(r.out, 0, &jerr);
        if (*out == NULL || !json_is_array(json_object_get(*out, "hits"))) {
            fprintf(stderr, "score: saksok '%s' printed no JSON with hits: %s\n", q, jerr.text);
            json_decref(*out);
            *out = NULL;
            rc = -1;
        }
    }
    run_result_release(&r);
    return rc;
}

static const char *hit_url(json_t *hits, size_t i)
{
    const char *u = json_string_value(json_object_get(json_array_get(hits, i), "url"));
    return u ? u : "";
}

/* Score one row; prints it under --verbose when it misses success@1. */
static int score_row(scorer *s, char *cat, char *q, char *rel, const char *suggest)
{
    char *urls[256];
    size_t n_rel = 0;
    for (char *tok = strtok(rel, " "); tok && n_rel < 256; tok = strtok(NULL, " "))
        urls[n_rel++] = tok;
    if (n_rel == 0) {
        fprintf(stderr, "score: query '%s' has no relevant url\n", q);
        return -1;
    }
    json_t *ans;
    if (run_query(&s->opt, q, &ans) != 0)
        return -1;
    json_t *hits = json_object_get(ans, "hits");
    size_t n_hits = json_array_size(hits);
    if (n_hits > TOP_K)
        n_hits = TOP_K;

    metrics m = {0, 0, 0};
    size_t found = 0, first = 0;
    for (size_t i = 0; i < n_hits && first == 0; i++)
        if (url_in(json_array_get(hits, i), urls, n_rel))
            first = i + 1;
    for (size_t k = 0; k < n_rel; k++)
        for (size_t i = 0; i < n_hits; i++)
            if (covers(json_array_get(hits, i), urls[k])) {
                found++;
                break;
            }
    const char *got_sugg = json_string_value(json_object_get(ans, "suggestion"));
    if (suggest) {
        char want[1024], got[1024];
        canon(suggest, want, sizeof want);
        canon(got_sugg ? got_sugg : "", got, sizeof got);
        m.s1 = strcmp(want, got) == 0;
    } else {
        m.s1 = first == 1;
    }
    m.mrr = first ? 1.0 / (double)first : 0.0;
    m.recall = (double)found / (double)(n_rel < TOP_K ? n_rel : TOP_K);

    category *c = find_category(s, cat, 1);
    if (c == NULL) {
        fprintf(stderr, "score: more than %d categories\n", MAX_CATS);
        json_decref(ans);
        return -1;
    }
    category *both[] = {c, &s->overall};
    for (size_t k = 0; k < 2; k++) {
        both[k]->n++;
        both[k]->sum.s1 += m.s1;
        both[k]->sum.mrr += m.mrr;
        both[k]->sum.recall += m.recall;
    }

    if (s->opt.verbose && m.s1 < 1.0) {
        char at[32] = "none";
        if (first)
            snprintf(at, sizeof at, "%zu", first);
        printf("MISS %-18s '%s': first relevant at %s, %zu/%zu relevant in top %d\n", cat, q, at,
               found, n_rel, TOP_K);
        if (suggest)
            printf("     suggestion '%s', want '%s'\n", got_sugg ? got_sugg : "(null)", suggest);
        for (size_t i = 0; i < n_hits && i < SHOW_K; i++)
            printf(
                "     %zu %s (pages %lld-%lld)%s\n", i + 1, hit_url(hits, i),
                (long long)json_integer_value(
                    json_object_get(json_array_get(hits, i), "page_from")),
                (long long)json_integer_value(json_object_get(json_array_get(hits, i), "page_to")),
                url_in(json_array_get(hits, i), urls, n_rel) ? "  (relevant)" : "");
        if (n_hits == 0)
            printf("     (no hits)\n");
    }
    json_decref(ans);
    return 0;
}

static int read_queries(scorer *s)
{
    FILE *f = fopen(s->opt.queries, "r");
    if (f == NULL) {
        fprintf(stderr, "score: %s: %s\n", s->opt.queries, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    int rc = 0;
    for (unsigned lineno = 1; rc == 0 && getline(&line, &cap, f) >= 0; lineno++) {
        chomp(line);
        if (is_comment_or_blank(line))
            continue;
        char *fld[4];
        size_t n = split_tabs(line, fld, 4);
        const char *suggest = NULL;
        if (n == 4) {
            if (strncmp(fld[3], "suggest=", 8) != 0) {
                fprintf(stderr, "score: %s:%u: 4th field must be suggest=...\n", s->opt.queries,
                        lineno);
                rc = -1;
                break;
            }
            suggest = fld[3] + 8;
        }
        if (n < 3 || *fld[0] == '\0' || *fld[1] == '\0') {
            fprintf(stderr, "score: %s:%u: want category, query, urls\n", s->opt.queries, lineno);
            rc = -1;
            break;
        }
        rc = score_row(s, fld[0], fld[1], fld[2], suggest);
    }
    free(line);
    fclose(f);
    return rc;
}

static int parse_metric(const char *s, double *out)
{
    char *end;
    errno = 0;
    *out = strtod(s, &end);
    return errno == 0 && end != s && *end == '\0' && *out >= 0.0 && *out <= 1.0 ? 0 : -1;
}

static int read_floors(scorer *s)
{
    FILE *f = fopen(s->opt.floors, "r");
    if (f == NULL) {
        fprintf(stderr, "score: %s: %s\n", s->opt.floors, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    int rc = 0;
    for (unsigned lineno = 1; getline(&line, &cap, f) >= 0; lineno++) {
        chomp(line);
        if (is_comment_or_blank(line))
            continue;
        char *fld[4];
        metrics m;
        if (split_tabs(line, fld, 4) != 4 || parse_metric(fld[1], &m.s1) ||
            parse_metric(fld[2], &m.mrr) || parse_metric(fld[3], &m.recall)) {
            fprintf(stderr, "score: %s:%u: want category and three figures in [0,1]\n",
                    s->opt.floors, lineno);
            rc = -1;
            break;
        }
        category *c = strcmp(fld[0], "overall") == 0 ? &s->overall : find_category(s, fld[0], 0);
        if (c == NULL) {
            fprintf(stderr, "score: %s:%u: no query has category '%s'\n", s->opt.floors, lineno,
                    fld[0]);
            rc = -1;
            break;
        }
        c->floor = m;
        c->has_floor = 1;
    }
    free(line);
    fclose(f);
    return rc;
}

/* Prints one table row; returns 1 if the category is below a floor. */
static int print_row(const category *c, int floors)
{
    double n = c->n ? (double)c->n : 1.0;
    metrics m = {c->sum.s1 / n, c->sum.mrr / n, c->sum.recall / n};
    const double eps = 1e-9;
    int below = c->has_floor && (m.s1 < c->floor.s1 - eps || m.mrr < c->floor.mrr - eps ||
                                 m.recall < c->floor.recall - eps);
    printf("%-20s %4zu %10.3f %10.3f %10.3f", c->name, c->n, m.s1, m.mrr, m.recall);
    if (floors) {
        if (c->has_floor)
            printf("   %-5s (floors %.2f %.2f %.2f)", below ? "BELOW" : "ok", c->floor.s1,
                   c->floor.mrr, c->floor.recall);
        else
            printf("   no floor");
    }
    putchar('\n');
    return below;
}

int main(int argc, char **argv)
{
    scorer s;
    memset(&s, 0, sizeof s);
    if (parse_args(&s.opt, argc, argv) != 0) {
        usage(stderr);
        return 2;
    }
    s.overall.name = "overall";
    int rc = read_queries(&s);
    if (rc == 0 && s.overall.n == 0) {
        fprintf(stderr, "score: %s has no queries\n", s.opt.queries);
        rc = -1;
    }
    if (rc == 0 && s.opt.floors)
        rc = read_floors(&s);
    if (rc != 0) {
        for (size_t i = 0; i < s.n_cats; i++)
            free(s.cats[i].name);
        return 2;
    }

    int floors = s.opt.floors != NULL;
    printf("%-20s %4s %10s %10s %10s\n", "category", "n", "success@1", "MRR@10", "recall@10");
    int passed = 0, failed = 0;
    for (size_t i = 0; i < s.n_cats; i++) {
        int below = print_row(&s.cats[i], floors);
        passed += s.cats[i].has_floor && !below;
        failed += below;
    }
    int below = print_row(&s.overall, floors);
    passed += s.overall.has_floor && !below;
    failed += below;
    if (floors)
        printf("relevance: %d passed, %d failed\n", passed, failed);
    for (size_t i = 0; i < s.n_cats; i++)
        free(s.cats[i].name);
    return failed ? 1 : 0;
}
