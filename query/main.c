/* saksok: parse -> search -> render, on the command line.
 *
 * The only code of the query tool that prints. Exit status (DESIGN.md):
 * 0 hits or no hits; 2 usage or query syntax error; 3 index missing or
 * unreadable.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "saksok/analysis/analyse.h"
#include "saksok/query/export.h"
#include "saksok/query/groups.h"
#include "saksok/store/hitid.h"
#include "saksok/query/webpage.h"
#include "saksok/base/buf.h"
#include "saksok/base/cli.h"
#include "saksok/structure/segment_parse.h"
#include "saksok/query/stats.h"
#include "saksok/query/qparse.h"
#include "saksok/query/qread.h"
#include "saksok/query/render.h"
#include "saksok/query/search.h"
#include "saksok/query/searcher.h"
#include "saksok/query/story.h"
#include "saksok/query/watch.h"

typedef struct opts {
    const char *dbs[SK_SHARD_MAX]; /* every --db (shards searched as one index) */
    size_t n_db;
    double shard_timeout;
    int json;
    long limit;
    long offset;
    const char *body, *from, *to, *type;
    int stats;
    int literal;       /* --literal: the words as written, nothing read into them */
    const char *story; /* --case SPEC: the case's story instead of a search */
    int sort_date;     /* --sort date */
    int csv, atom;     /* --csv, --atom: export formats */
    int limit_set;
    const char *similar;                        /* --similar ID */
    const char *added_since;                    /* --added-since TIME, as given */
    char since[SK_STAMP_SIZE];                  /* ... as a stamp */
    const char *watches, *watch_dir, *sendmail; /* --watches FILE --watch-dir DIR --sendmail CMD */
} opts;

static void usage(FILE *f)
{
    fputs("usage: saksok [--db DIR] [--json|--csv|--atom] [--limit N] [--offset N] [--literal]\n"
          "              [--body NAME] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--type TYPE]\n"
          "              [--sort relevance|date] [--added-since TIME] QUERY...\n"
          "       saksok [options] --similar ID\n"
          "       saksok [--db DIR] [--json] --case 'BODY NN/YY'\n"
          "       saksok [--db DIR] --watches FILE --watch-dir DIR [--sendmail CMD]\n"
          "Search the meeting papers.\n"
          "  --db DIR     index directory (default: $SAKSOK_DB, else ./var/saksok.db), or a\n"
          "               stub file of shards (auto DIR, remote :HOST:PORT, remote PROGRAM\n"
          "               ARGS); given several times, the indexes are searched as one\n"
          "  --shard-timeout S  leave out a shard that does not answer within S seconds\n"
          "               (default 5; the answer says which are missing)\n"
          "  --json       JSON output\n"
          "  --csv        CSV (RFC 4180, UTF-8 with BOM): the JSON hit fields, a header row\n"
          "  --atom       an Atom 1.0 feed of the latest added hits (default limit 20)\n"
          "  --similar ID the cases most like the hit with this id (\"id\" in the JSON)\n"
          "  --added-since TIME  only hits the index first held after TIME (YYYY-MM-DD or\n"
          "               YYYY-MM-DDTHH:MM:SS[.ffffff][Z|+HH:MM]; as \"added\" in the JSON)\n"
          "  --watches FILE  run the saved searches of FILE (NAME<TAB>QUERY<TAB>ADDRESS a line):\n"
          "               report each one's new hits into --watch-dir DIR/NAME.txt and on\n"
          "               stdout, and mail them with --sendmail CMD (e.g. /usr/sbin/sendmail\n"
          "               -t -oi); what saksok-nightly runs after the index\n"
          "  --limit N    hits to show (1-1000, default 10)\n"
          "  --offset N   hits to skip (default 0)\n"
          "  --body NAME  only this council (NUIT, NUFA, Fagutvalget, ...; a council\n"
          "               the list does not know, as its papers write it)\n"
          "  --from DATE, --to DATE  only meetings in this range\n"
          "  --type TYPE  only cases of this type (Drøfting, Orientering, ...)\n"
          "  --sort relevance|date  the best match first (default), or the newest meeting\n"
          "               first (hits without a date last)\n"
          "  --stats      what the index holds and how its last run went (with --json: JSON)\n"
          "  --literal    search the words as written: no reading of dates, roles, names\n"
          "               or questions in them (\"Tolket som: ...\")\n"
          "  --case 'NUIT 13/21'  the case's story: its decision and where it was made, every\n"
          "               paper, agenda row and minutes item in time order, and the cases\n"
          "               it refers to and that refer to it ('13/21' alone when one council\n"
          "               has that number); exit 1 when there is no such case\n"
          "  --version    saksok's version and its libraries'\n"
          "Query: words (all must match), \"a phrase\", AND, OR, NOT, -word, (groups);\n"
          "case numbers (sak 12/21, NUIT 12/21); fields vedtak: tittel: organ: type:\n"
          "person: sak: dato:2020-01-01..2020-12-31.\n",
          f);
}

static int parse_count(const char *flag, const char *s, long min, long max, long *out)
{
    char *end;
    long n = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || n < min || n > max) {
        fprintf(stderr, "saksok: %s wants a number from %ld to %ld, not '%s'\n", flag, min, max, s);
        return -1;
    }
    *out = n;
    return 0;
}

static int parse_timeout(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (*s == '\0' || *end != '\0' || !(v >= 0 && v <= 3600)) {
        fprintf(stderr, "saksok: --shard-timeout wants seconds from 0 to 3600, not '%s'\n", s);
        return -1;
    }
    *out = v;
    return 0;
}

static int check_args(opts *o, int argc);

static int parse_args(int argc, char **argv, opts *o)
{
    static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
                                             {"shard-timeout", required_argument, NULL, 'W'},
                                             {"json", no_argument, NULL, 'j'},
                                             {"limit", required_argument, NULL, 'l'},
                                             {"offset", required_argument, NULL, 'o'},
                                             {"body", required_argument, NULL, 'b'},
                                             {"from", required_argument, NULL, 'F'},
                                             {"to", required_argument, NULL, 'T'},
                                             {"type", required_argument, NULL, 't'},
                                             {"stats", no_argument, NULL, 'S'},
                                             {"literal", no_argument, NULL, 'L'},
                                             {"case", required_argument, NULL, 'C'},
                                             {"sort", required_argument, NULL, 'O'},
                                             {"csv", no_argument, NULL, 'c'},
                                             {"atom", no_argument, NULL, 'A'},
                                             {"similar", required_argument, NULL, 'M'},
                                             {"added-since", required_argument, NULL, 'N'},
                                             {"watches", required_argument, NULL, 'w'},
                                             {"watch-dir", required_argument, NULL, 'D'},
                                             {"sendmail", required_argument, NULL, 'm'},
                                             {"help", no_argument, NULL, 'h'},
                                             {"version", no_argument, NULL, 'V'},
                                             {NULL, 0, NULL, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            if (o->n_db == SK_SHARD_MAX) {
                fprintf(stderr, "saksok: at most %d --db\n", SK_SHARD_MAX);
                return -1;
            }
            o->dbs[o->n_db++] = optarg;
            break;
        case 'W':
            if (parse_timeout(optarg, &o->shard_timeout) != 0)
                return -1;
            break;
        case 'j': o->json = 1; break;
        case 'l':
            if (parse_count("--limit", optarg, 1, SK_SEARCH_MAX_LIMIT, &o->limit) != 0)
                return -1;
            o->limit_set = 1;
            break;
        case 'o':
            if (parse_count("--offset", optarg, 0, 100000, &o->offset) != 0)
                return -1;
            break;
        case 'b': o->body = optarg; break;
        case 'F': o->from = optarg; break;
        case 'T': o->to = optarg; break;
        case 't': o->type = optarg; break;
        case 'S': o->stats = 1; break;
        case 'L': o->literal = 1; break;
        case 'C': o->story = optarg; break;
        case 'O':
            if (strcmp(optarg, "date") != 0 && strcmp(optarg, "relevance") != 0) {
                fprintf(stderr, "saksok: --sort wants relevance or date, not '%s'\n", optarg);
                return -1;
            }
            o->sort_date = strcmp(optarg, "date") == 0;
            break;
        case 'c': o->csv = 1; break;
        case 'A': o->atom = 1; break;
        case 'M': o->similar = optarg; break;
        case 'w': o->watches = optarg; break;
        case 'D': o->watch_dir = optarg; break;
        case 'm': o->sendmail = optarg; break;
        case 'N': {
            sk_err e = SK_ERR_INIT;
            if (sk_stamp_parse(o->since, optarg, &e) != SK_OK) {
                fprintf(stderr, "saksok: --added-since: %s\n", e.msg);
                return -1;
            }
            o->added_since = optarg;
            break;
        }
        case 'h': usage(stdout); exit(0);
        case 'V': exit(sk_cli_version("saksok"));
        default: usage(stderr); return -1;
        }
    }
    return check_args(o, argc);
}

/* The options that do not go together, and the defaults that hang on
 * others; the words from optind on are the query. */
static int check_args(opts *o, int argc)
{
    if (o->story && optind < argc) {
        fprintf(stderr, "saksok: --case takes no query words\n");
        return -1;
    }
    if (o->json + o->csv + o->atom > 1) {
        fprintf(stderr, "saksok: choose one of --json, --csv and --atom\n");
        return -1;
    }
    if (o->similar && optind < argc) {
        fprintf(stderr, "saksok: --similar takes an id and no query\n");
        return -1;
    }
    if (o->watches && (o->watch_dir == NULL || optind < argc)) {
        fprintf(stderr, "saksok: --watches wants --watch-dir DIR and no query\n");
        return -1;
    }
    if (optind >= argc && !o->stats && !o->story && !o->similar && !o->watches) {
        fprintf(stderr, "saksok: no query given\n");
        usage(stderr);
        return -1;
    }
    if (o->atom && !o->limit_set)
        o->limit = 20;
    return 0;
}

static char *join_args(int argc, char **argv, int from)
{
    sk_buf b = SK_BUF_INIT;
    for (int i = from; i < argc; i++) {
        if ((i > from && sk_buf_putc(&b, ' ', NULL) != SK_OK) ||
            sk_buf_puts(&b, argv[i], NULL) != SK_OK) {
            sk_buf_release(&b);
            return NULL;
        }
    }
    return sk_buf_detach(&b, NULL);
}

#define DEFAULT_GROUPS_FILE "/etc/saksok/groups"

/* What the caller may see: the groups the groups file ($SAKSOK_GROUPS, else
 * DEFAULT_GROUPS_FILE if it exists) gives the login name, and the caller's
 * Unix groups. Installed setgid (so that only it reads the index), the
 * environment is not trusted: only DEFAULT_GROUPS_FILE counts. */
static int set_view(sk_xdb *db, sk_err *err)
{
    int trusted = getuid() == geteuid() && getgid() == getegid();
    const char *path = trusted ? getenv("SAKSOK_GROUPS") : NULL;
    if (path == NULL || *path == '\0')
        path = access(DEFAULT_GROUPS_FILE, F_OK) == 0 ? DEFAULT_GROUPS_FILE : NULL;
    sk_groups *g = NULL;
    sk_view v = {0};
    int rc = path ? sk_groups_load(&g, path, err) : SK_OK;
    if (rc == SK_OK)
        rc = sk_view_for_caller(&v, g, err);
    if (rc == SK_OK)
        rc = sk_xdb_set_view(db, (const char *const *)v.groups, v.n, err);
    sk_view_release(&v);
    sk_groups_free(g);
    return rc;
}

/* What the options ask of a search. */
static sk_search_opts search_opts(const opts *o, const sk_bodies *bodies)
{
    sk_search_opts so = SK_SEARCH_OPTS_INIT;
    so.offset = (size_t)o->offset;
    so.limit = (size_t)o->limit;
    so.from = o->from;
    so.to = o->to;
    so.type = o->type;
    so.sort_date = o->sort_date;
    /* a council the list knows by its canonical name; any other (a
     * municipality's "Hovedutvalg for helse og omsorg") as written, as the
     * index keeps it */
    int idx = o->body ? sk_bodies_find(bodies, o->body, strlen(o->body)) : -1;
    so.body = idx >= 0 ? sk_bodies_name(bodies, (size_t)idx) : o->body;
    so.newest = o->atom; /* a feed: the latest added first */
    so.added_since = o->added_since ? o->since : NULL;
    return so;
}

static int search_with(const opts *o, const sk_bodies *bodies, sk_xdb *db, const sk_query *q,
                       sk_results *res, sk_err *err)
{
    sk_search_opts so = search_opts(o, bodies);
    return sk_search(res, db, q, &so, err);
}

/* The results as --csv or --atom want them, made from the JSON (export.h). */
static int render_export(const opts *o, sk_buf *out, const char *text, const sk_results *res,
                         sk_analyser *an, const sk_query *q, sk_err *err)
{
    json_t *v = NULL;
    int rc = sk_render_json_value(&v, text, res, an, q, err);
    if (rc == SK_OK && o->csv) {
        rc = sk_render_csv(out, v, err);
    } else if (rc == SK_OK) {
        /* the same feed as the search page's: ?q=...&format=atom */
        sk_web_req req;
        memset(&req, 0, sizeof req);
        req.v[SK_PARAM_Q] = o->similar ? NULL : (char *)text;
        req.v[SK_PARAM_BODY] = (char *)o->body;
        req.v[SK_PARAM_TYPE] = (char *)o->type;
        req.v[SK_PARAM_LITERAL] = o->literal ? "1" : NULL;
        sk_buf html = SK_BUF_INIT, self = SK_BUF_INIT, title = SK_BUF_INIT;
        rc = o->similar ? sk_buf_printf(&html, err, "?similar=%s", o->similar)
                        : sk_web_query(&html, &req, SK_PARAM_Q, req.v[SK_PARAM_Q], err);
        if (rc == SK_OK)
            rc = sk_buf_printf(&self, err, "%s%sformat=atom", html.data, html.len > 1 ? "&" : "");
        if (rc == SK_OK)
            rc = o->similar
                     ? sk_buf_printf(&title, err, "Saker som ligner på %s – saksøk", o->similar)
                     : sk_buf_printf(&title, err, "Nye treff for «%s» – saksøk", text);
        char now[SK_STAMP_SIZE];
        sk_stamp_now(now);
        const char *base = sk_conf_get(sk_cli_conf("saksok"), "SAKSOK_PAPERS_URL");
        sk_atom_info info = {.feed_key = html.data,
                             .title = title.data,
                             .self_url = self.data,
                             .html_url = html.data,
                             .papers_url = base && *base ? base : "/papers/",
                             .now = now};
        if (rc == SK_OK)
            rc = sk_render_atom(out, v, &info, err);
        sk_buf_release(&html);
        sk_buf_release(&self);
        sk_buf_release(&title);
    }
    json_decref(v);
    return rc;
}

/* --similar ID: *text becomes the query made (the words that tell the hit
 * apart, joined by OR). */
static int similar_with(const opts *o, const sk_bodies *bodies, sk_xdb *db, sk_analyser *an,
                        sk_query **q, char **text, sk_results *res, sk_err *err)
{
    sk_search_opts so = search_opts(o, bodies);
    char *made = NULL;
    int rc = sk_search_similar(res, q, &made, db, an, bodies, o->similar, &so, err);
    if (rc == SK_OK) {
        free(*text);
        *text = made;
    }
    return rc;
}

/* A council the list does not know that finds nothing: most likely not a
 * council of this archive (or mistyped); say so, with the ones it knows. */
static int unknown_council(const opts *o, const sk_bodies *bodies, const sk_results *res,
                           sk_err *err)
{
    if (!o->body || res->total > 0 || sk_bodies_find(bodies, o->body, strlen(o->body)) >= 0)
        return 0;
    sk_buf known = SK_BUF_INIT;
    for (size_t i = 0; i < sk_bodies_count(bodies); i++)
        sk_buf_printf(&known, NULL, "%s%s", i ? ", " : "", sk_bodies_name(bodies, i));
    sk_err_set(err, SK_ENOTFOUND,
               "no hits: the index holds no paper of a council called '%s' (councils it "
               "knows by name: %s)",
               o->body, known.data ? known.data : "none");
    sk_buf_release(&known);
    return 1;
}

/* The searcher the options ask for, with the parts in open (searcher.h). */
static int open_searcher(sk_searcher *s, const opts *o, unsigned open, sk_err *err)
{
    sk_searcher_opts so = {.dbs = o->dbs,
                           .n_db = o->n_db,
                           .conf = sk_cli_conf("saksok"),
                           .shard_timeout = o->shard_timeout,
                           .open = open};
    return sk_searcher_open(s, &so, err);
}

static int show_stats(const opts *o)
{
    sk_err err = SK_ERR_INIT;
    sk_searcher s = {0};
    sk_buf out = SK_BUF_INIT;
    int status = 0;
    if (open_searcher(&s, o, SK_SEARCHER_INDEX, &err) != SK_OK) {
        fprintf(stderr, "saksok: %s\n", err.msg);
        status = 3;
    } else if (set_view(s.db, &err) != SK_OK) {
        fprintf(stderr, "saksok: %s\n", err.msg);
        status = 2;
    } else if (sk_stats_render(&out, s.db,
                               sk_cli_db(o->n_db ? o->dbs[0] : NULL, sk_cli_conf("saksok")),
                               o->json, &err) != SK_OK) {
        fprintf(stderr, "saksok: %s\n", err.msg);
        status = 3;
    } else {
        fwrite(out.data, 1, out.len, stdout);
    }
    sk_buf_release(&out);
    sk_searcher_close(&s);
    return status;
}

/* --case: the story of one case. Exit 1 when there is no such case (or the
 * number alone is not enough to say which), as the message says. */
static int show_story(const opts *o)
{
    sk_err err = SK_ERR_INIT;
    sk_searcher s = {0};
    sk_story st = {0};
    sk_buf out = SK_BUF_INIT;
    json_t *v = NULL;
    int status = 0;
    if (open_searcher(&s, o, SK_SEARCHER_BODIES | SK_SEARCHER_INDEX, &err) != SK_OK)
        status = 3;
    else if (set_view(s.db, &err) != SK_OK)
        status = 2;
    else if (sk_story_get(&st, s.db, s.bodies, o->story, &err) != SK_OK)
        status = err.code == SK_EINVAL ? 2 : 3;
    else if (!st.found) {
        fprintf(stderr, "saksok: %s\n", st.note ? st.note : "fant ingen slik sak");
        status = 1;
    } else if ((o->json ? (sk_story_json_value(&v, &st, &err) == SK_OK
                               ? sk_render_json_dump(&out, v, &err)
                               : SK_ENOMEM)
                        : sk_story_text(&out, &st, &err)) != SK_OK) {
        status = 3;
    } else {
        fwrite(out.data, 1, out.len, stdout);
    }
    if (status > 1)
        fprintf(stderr, "saksok: %s\n", err.msg);
    json_decref(v);
    sk_buf_release(&out);
    sk_story_release(&st);
    sk_searcher_close(&s);
    if (fflush(stdout) != 0 && status == 0)
        status = 3;
    return status;
}

/* --watches: every watch of the file; 0, or 1 when one could not be run
 * (the others still are), 2 for a watch file that cannot be read, 3 when
 * the index cannot. */
static int run_watches(const opts *o)
{
    sk_err err = SK_ERR_INIT;
    sk_watches ws = {0};
    sk_buf problems = SK_BUF_INIT, log = SK_BUF_INIT;
    sk_searcher s = {0};
    int status = 0;
    if (sk_watches_load(&ws, o->watches, &problems, &err) != SK_OK) {
        fprintf(stderr, "saksok: %s\n", err.msg);
        return 2;
    }
    if (problems.len) {
        fwrite(problems.data, 1, problems.len, stderr);
        status = 1;
    }
    if (open_searcher(&s, o, SK_SEARCHER_INDEX | SK_SEARCHER_ANALYSER | SK_SEARCHER_BODIES, &err) !=
        SK_OK) {
        fprintf(stderr, "saksok: %s\n", err.msg);
        status = 3;
    }
    sk_watch_env env = {
        .db = s.db, .an = s.an, .bodies = s.bodies, .dir = o->watch_dir, .sendmail = o->sendmail};
    for (size_t i = 0; i < ws.n && status != 3; i++) {
        sk_err e = SK_ERR_INIT;
        size_t n = 0;
        sk_buf_reset(&log);
        int rc = sk_watch_run(&log, &n, &env, &ws.v[i], &e);
        fwrite(log.data ? log.data : "", 1, log.len, stdout);
        fflush(stdout);
        if (rc != SK_OK) {
            fprintf(stderr, "saksok: varslingen %s: %s\n", ws.v[i].name, e.msg);
            status = 1;
        }
    }
    sk_buf_release(&problems);
    sk_buf_release(&log);
    sk_watches_release(&ws);
    sk_searcher_close(&s);
    return status;
}

static int want_bold(void)
{
    const char *c = getenv("SAKSOK_COLOR");
    if (c && strcmp(c, "always") == 0)
        return 1;
    if ((c && strcmp(c, "never") == 0) || getenv("NO_COLOR"))
        return 0;
    return isatty(STDOUT_FILENO);
}

/* What a search holds until the process ends. A one-shot process: exit
 * hands it all back at once (freeing the results, the analyser's memos, the
 * lexicon's map and Xapian's handle first was a noticeable part of a
 * one-shot search). It
 * is kept here, where a sanitizer's leak check sees it as held, not lost, so
 * that every build leaves the same way. */
static struct {
    sk_searcher s;
    sk_query *q;
    sk_results res;
    sk_buf out;
    char *text;
} run;

/* Parse, search and print the query run.text: the exit status. */
static int run_search(const opts *o)
{
    sk_err err = SK_ERR_INIT;
    sk_searcher *s = &run.s;
    int status = 0;
    /* The lexicon lets snippets mark compound parts and OCR repairs; without
     * it the search itself is the same. One that is there but cannot be read
     * (damaged, of another format) is worth a note; one that is not there
     * (a build tree) is not. */
    int opened = open_searcher(s, o, SK_SEARCHER_ALL, &err);
    if (opened == SK_OK && s->lexicon_note.code == SK_ECORRUPT)
        fprintf(stderr, "saksok: %s; snippets mark no compound parts or OCR repairs\n",
                s->lexicon_note.msg);
    if (opened != SK_OK) {
        status = 3;
    } else if (set_view(s->db, &err) != SK_OK) {
        status = 2;
    } else if (o->similar && similar_with(o, s->bodies, s->db, s->an, &run.q, &run.text, &run.res,
                                          &err) != SK_OK) {
        status = err.code == SK_EINVAL ? 2 : err.code == SK_ENOTFOUND ? 1 : 3;
    } else if (!o->similar &&
               (o->literal ? sk_query_parse(&run.q, s->an, s->db, s->bodies, run.text, &err)
                           : sk_query_parse_read(&run.q, s->an, s->db, s->bodies, run.text,
                                                 &err)) != SK_OK) {
        status = 2;
        sk_err_prefix(&err, "cannot understand the query");
    } else if (!o->similar && search_with(o, s->bodies, s->db, run.q, &run.res, &err) != SK_OK) {
        status = err.code == SK_ELIMIT || err.code == SK_EINVAL ? 2 : 3;
    } else {
        int rc =
            o->json ? sk_render_json(&run.out, run.text, &run.res, s->an, run.q, &err)
            : o->csv || o->atom
                ? render_export(o, &run.out, run.text, &run.res, s->an, run.q, &err)
                : sk_render_text(&run.out, run.text, &run.res, s->an, run.q, want_bold(), &err);
        if (rc == SK_OK)
            fwrite(run.out.data, 1, run.out.len, stdout);
        else
            status = 3;
        /* No hits is exit 0 (the interface); the note goes to stderr. */
        if (status == 0 && unknown_council(o, s->bodies, &run.res, &err))
            fprintf(stderr, "saksok: %s\n", err.msg);
    }
    if (status != 0)
        fprintf(stderr, "saksok: %s\n", err.msg);
    if (fflush(stdout) != 0 && status == 0)
        status = 3;
    return status;
}

int main(int argc, char **argv)
{
    static opts o = {.limit = 10, .shard_timeout = 5.0};
    if (parse_args(argc, argv, &o) != 0 || sk_cli_conf("saksok") == NULL)
        return 2;
    if (o.stats)
        return show_stats(&o);
    if (o.story)
        return show_story(&o);
    if (o.watches)
        return run_watches(&o);
    run.text = join_args(argc, argv, optind);
    if (run.text == NULL) {
        fputs("saksok: out of memory\n", stderr);
        return 3;
    }
    exit(run_search(&o));
}
