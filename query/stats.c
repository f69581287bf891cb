/* stats.c: index statistics (see include/saksok/query/stats.h). */
#include "saksok/query/stats.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "saksok/store/access.h"
#include "saksok/query/fields.h"
#include "saksok/store/terms.h"
#include "saksok/indexer/update.h"

/* Bytes of the files in dir and, depth levels down, in its folders: an index
 * directory holds its generations (gen-N/, each a Xapian database); one of
 * earlier versions is a Xapian database itself. */
static long long dir_bytes(const char *dir, int depth)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return -1;
    long long total = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        char p[4096];
        struct stat st;
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
        if (stat(p, &st) != 0)
            continue;
        if (S_ISREG(st.st_mode))
            total += (long long)st.st_size;
        else if (S_ISDIR(st.st_mode) && depth > 0) {
            long long sub = dir_bytes(p, depth - 1);
            total += sub > 0 ? sub : 0;
        }
    }
    closedir(d);
    return total;
}

typedef struct file_counts {
    size_t ok, failed;
    sk_xdb *db;
    const sk_access *rules; /* when the view hides papers: count the ones it shows */
} file_counts;

static int count_file(const char *key, const char *value, void *payload)
{
    (void)key;
    file_counts *c = payload;
    const char *tab = strchr(value, '\t');
    if (c->rules && (tab == NULL || !sk_xdb_view_sees(c->db, sk_access_groups(c->rules, tab + 1))))
        return 0;
    char status[16] = "";
    long long m, s;
    if (sscanf(value, "%lld %lld %15s", &m, &s, status) == 3 && strcmp(status, "ok") != 0)
        c->failed++;
    else
        c->ok++;
    return 0;
}

static size_t termfreq(sk_xdb *db, const char *term)
{
    size_t n = 0;
    sk_err ignore = SK_ERR_INIT;
    sk_xdb_termfreq(&n, db, term, &ignore);
    return n;
}

/* The last run: when it finished and, unless the view hides papers, its counts. */
static json_t *last_run_json(const sk_last_run *r, const char *iso, int hides)
{
    if (hides)
        return json_pack("{s:s}", "finished", iso);
    return json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:f}", "finished", iso, "new",
                     (json_int_t)r->new_files, "changed", (json_int_t)r->changed, "removed",
                     (json_int_t)r->removed, "unchanged", (json_int_t)r->unchanged, "failed",
                     (json_int_t)r->failed, "seconds", r->seconds);
}

/* What --stats counts in the index, and its last run's record (malloc'd). */
typedef struct counts {
    size_t docs, cases;
    file_counts files;
    size_t by_role[SK_N_ROLES]; /* sections of each role, in sk_roles' order */
    int hides;                  /* the reader may not see some papers */
    char *last;
} counts;

static int count_index(counts *c, sk_xdb *db, sk_err *err)
{
    *c = (counts){.files = {0, 0, db, NULL}};
    /* A reader who may not see some papers sees what an index without them
     * would hold: no size on disk and no counts of the last run (both hold
     * the hidden papers too). */
    char *rules_text = NULL;
    sk_access *rules = NULL;
    int rc = sk_xdb_view_hides(&c->hides, db, err);
    if (rc == SK_OK && c->hides)
        rc = sk_xdb_get_metadata(&rules_text, db, SK_META_ACCESS, err);
    if (rc == SK_OK && c->hides)
        rc = sk_access_parse(&rules, rules_text ? rules_text : "",
                             rules_text ? strlen(rules_text) : 0, err);
    free(rules_text);
    c->files.rules = rules;
    if (rc == SK_OK)
        rc = sk_xdb_doccount(&c->docs, db, err);
    if (rc == SK_OK)
        rc = sk_xdb_each_metadata(db, SK_META_FILE, count_file, &c->files, err);
    if (rc == SK_OK)
        rc = sk_xdb_count_terms(&c->cases, db, SK_PREFIX_CASE, err);
    if (rc == SK_OK)
        rc = sk_xdb_get_metadata(&c->last, db, SK_META_LAST_RUN, err);
    sk_access_free(rules);
    c->files.rules = NULL;
    for (size_t i = 0; rc == SK_OK && i < SK_N_ROLES; i++) {
        char term[32];
        snprintf(term, sizeof term, "%s%s", SK_PREFIX_ROLE, sk_roles[i].name);
        c->by_role[i] = termfreq(db, term);
    }
    return rc;
}

/* The figures of one --stats answer. */
typedef struct stats_view {
    const char *path;
    long long bytes; /* -1: not shown (the view hides papers) */
    sk_last_run lr;  /* lr.finished 0: no last run */
    char iso[32];    /* when it finished, local time */
    char rest[SK_LAST_RUN_MAX];
} stats_view;

static int render_json(sk_buf *out, const counts *c, const stats_view *v, sk_err *err)
{
    json_t *sections = json_object();
    for (size_t i = 0; sections && i < SK_N_ROLES; i++)
        json_object_set_new(sections, sk_roles[i].name, json_integer((json_int_t)c->by_role[i]));
    json_t *o = json_pack("{s:s, s:I, s:I, s:{s:I, s:I}, s:I, s:o}", "db", v->path, "bytes",
                          (json_int_t)v->bytes, "documents", (json_int_t)c->docs, "files",
                          "indexed", (json_int_t)c->files.ok, "failed", (json_int_t)c->files.failed,
                          "case_numbers", (json_int_t)c->cases, "sections", sections);
    if (v->bytes < 0)
        json_object_set_new(o, "bytes", json_null());
    json_object_set_new(o, "last_run",
                        v->lr.finished ? last_run_json(&v->lr, v->iso, c->hides) : json_null());
    char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(o);
    int rc = s ? sk_buf_puts(out, s, err) : sk_err_set(err, SK_ENOMEM, "out of memory");
    if (rc == SK_OK)
        rc = sk_buf_putc(out, '\n', err);
    free(s);
    return rc;
}

static int render_text(sk_buf *out, const counts *c, const stats_view *v, sk_err *err)
{
    char size[32] = "-";
    if (v->bytes >= 0)
        snprintf(size, sizeof size, "%.1f MB", (double)v->bytes / 1e6);
    const size_t *r = c->by_role;
    return sk_buf_printf(out, err,
                         "Indeks:        %s\n"
                         "Størrelse:     %s\n"
                         "Dokumenter:    %zu (saker %zu, dagsordenpunkter %zu, referater %zu, "
                         "omtaler %zu, sider %zu)\n"
                         "Saksnumre:     %zu\n"
                         "Filer:         %zu indeksert, %zu feilet\n"
                         "Siste kjøring: %s %s\n",
                         v->path, size, c->docs, r[0], r[1], r[2], r[3], r[4], c->cases,
                         c->files.ok, c->files.failed, v->lr.finished ? v->iso : "ingen", v->rest);
}

int sk_stats_render(sk_buf *out, sk_xdb *db, const char *path, int json, sk_err *err)
{
    counts c;
    int rc = count_index(&c, db, err);
    if (rc != SK_OK)
        return rc;
    stats_view v = {.path = path, .bytes = c.hides ? -1 : dir_bytes(path, 1)};
    sk_err ignore = SK_ERR_INIT;
    if (c.last == NULL || sk_last_run_parse(&v.lr, c.last, &ignore) != SK_OK)
        v.lr.finished = 0;
    if (v.lr.finished && !c.hides)
        sk_last_run_format_counts(v.rest, sizeof v.rest, &v.lr);
    if (v.lr.finished) {
        time_t t = (time_t)v.lr.finished;
        struct tm tm;
        strftime(v.iso, sizeof v.iso, "%Y-%m-%dT%H:%M:%S%z", localtime_r(&t, &tm));
    }
    rc = json ? render_json(out, &c, &v, err) : render_text(out, &c, &v, err);
    free(c.last);
    return rc;
}
