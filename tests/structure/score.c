/* score.c: score the meeting structure saksok finds in one layout family
 * against the family's truth (tests/data/layouts/<family>/truth*.tsv, written
 * by the corpus generator from its own source text).
 *
 * Usage: score --root DIR --truth-dir DIR --index-bin PATH --query-bin PATH
 *              [--family NAME --floors FILE] [--verbose] [--dump] [--text]
 *
 * Every file the truth names is extracted, normalised and segmented exactly
 * as saksok-index does it (in process, through the library), and the root is
 * indexed with the real saksok-index for the lookups through the real saksok.
 * The figures:
 *   cases      cases of the truth (council, number, meeting date; roles case,
 *              minutes, agenda) found as a section with that number, council
 *              and meeting date: recall;
 *   precision  sections that claim a case (roles case, minutes, agenda) whose
 *              case stands, in the truth, on a page of the section's range as
 *              anything but a mention;
 *   decisions  (file, case, role) blocks of the truth whose proposed decision
 *              and decision are both shown exactly (whitespace collapsed; none
 *              is none), over those blocks plus every section that shows a
 *              decision the truth does not have there;
 *   lookups    "COUNCIL NN/YY" through saksok: the first hit is the case itself
 *              (that council and number, not a mention);
 *   wrong      pages where a section states a council other than the truth's
 *              (for the page, or for the section's case on that page), and
 *              decisions shown that differ from the truth: counted, and
 *              held to the floors' limit.
 *   archives   pages with archive numbers (truth A rows) on which a section
 *              shows one of them as its archive_no; "arkivsak NUMBER"
 *              through saksok brings the number's file among the first ten;
 *              sections claiming an archive number of their page as their
 *              case (where the truth has no such case): counted, held to the
 *              floors' limit.
 * floors FILE: family<TAB>cases<TAB>precision<TAB>decisions<TAB>lookups
 *              [<TAB>max wrong councils<TAB>max wrong decisions
 *              [<TAB>archives shown<TAB>archive lookups<TAB>max archives as cases]]
 * --dump prints every section the recogniser makes, --text every page's
 * normalised text as the recogniser reads it (for developing rules).
 * Exit status: 0 at or above the floors (or no floors); 1 below; 2 usage or
 * input error.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "run.h"
#include "saksok/indexer/extract.h"
#include "saksok/analysis/normalise.h"
#include "saksok/indexer/segment.h"

typedef struct trow {
    char kind;  /* 'P', 'C', 'D' or 'A' */
    char *f[8]; /* fields after the kind; "-" read as NULL */
    size_t n;
} trow;

typedef struct paper {
    char *file;
    sk_paper p;
    int ok;
} paper;

typedef struct options {
    const char *root, *truth_dir, *index_bin, *query_bin, *family, *floors;
    int verbose, dump, text;
} options;

typedef struct state {
    options o;
    trow *rows;
    size_t n_rows, cap_rows;
    paper *papers;
    size_t n_papers;
    sk_bodies *bodies;
} state;

typedef struct counts {
    size_t cases, cases_found;
    size_t claims, claims_right;
    size_t dec_blocks, dec_exact, dec_extra, dec_wrong;
    size_t lookups, lookups_right;
    size_t pages_wrong_body;
    size_t arch_pages, arch_shown;   /* pages with A rows; those a section shows one of */
    size_t arch_lookups, arch_found; /* "arkivsak NUMBER" brings its file */
    size_t arch_as_case;             /* sections claiming an archive number as a case */
} counts;

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p == NULL) {
        fputs("score: out of memory\n", stderr);
        exit(2);
    }
    return p;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

static const char *nz(const char *s)
{
    return s ? s : "-";
}

/* ---- reading the truth ---------------------------------------------------- */

static void add_row(state *s, char *line)
{
    if (s->n_rows == s->cap_rows) {
        s->cap_rows = s->cap_rows ? 2 * s->cap_rows : 256;
        trow *n = realloc(s->rows, s->cap_rows * sizeof *n);
        if (n == NULL) {
            fputs("score: out of memory\n", stderr);
            exit(2);
        }
        s->rows = n;
    }
    trow *r = &s->rows[s->n_rows];
    memset(r, 0, sizeof *r);
    char *save = NULL;
    char *kind = strtok_r(line, "\t", &save);
    if (kind == NULL || kind[1] != '\0' || strchr("PCDA", kind[0]) == NULL)
        return;
    r->kind = kind[0];
    for (char *t; r->n < 8 && (t = strtok_r(NULL, "\t", &save)) != NULL;)
        r->f[r->n++] = strcmp(t, "-") == 0 ? NULL : xstrdup(t);
    size_t need = r->kind == 'P' ? 4 : r->kind == 'C' ? 7 : r->kind == 'A' ? 3 : 6;
    if (r->n < need) {
        fprintf(stderr, "score: truth row of kind %c has %zu fields, needs %zu\n", r->kind, r->n,
                need);
        exit(2);
    }
    s->n_rows++;
}

static int read_truth_file(state *s, const char *path)
{
    FILE *fp = fopen(path, "r");
    if (fp == NULL) {
        perror(path);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, fp) > 0) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] != '#' && line[0] != '\0')
            add_row(s, line);
    }
    free(line);
    fclose(fp);
    return 0;
}

static int read_truth(state *s)
{
    DIR *d = opendir(s->o.truth_dir);
    if (d == NULL) {
        perror(s->o.truth_dir);
        return -1;
    }
    int rc = 0, found = 0;
    for (struct dirent *e; rc == 0 && (e = readdir(d)) != NULL;) {
        size_t n = strlen(e->d_name);
        if (strncmp(e->d_name, "truth", 5) != 0 || n < 4 || strcmp(e->d_name + n - 4, ".tsv") != 0)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", s->o.truth_dir, e->d_name);
        rc = read_truth_file(s, path);
        found++;
    }
    closedir(d);
    if (rc == 0 && found == 0) {
        fprintf(stderr, "score: no truth*.tsv in %s\n", s->o.truth_dir);
        rc = -1;
    }
    return rc;
}

/* ---- segmenting the papers ------------------------------------------------ */

static int segment_one(state *s, paper *pp)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", s->o.root, pp->file);
    sk_extracted x = {0};
    sk_err err = {0};
    if (sk_extract(&x, path, NULL, NULL, &err) != SK_OK) {
        fprintf(stderr, "score: %s: %s\n", path, err.msg);
        return -1;
    }
    sk_page_text *pages = xmalloc((x.n_pages ? x.n_pages : 1) * sizeof *pages);
    char **texts = xmalloc((x.n_pages ? x.n_pages : 1) * sizeof *texts);
    int rc = SK_OK;
    size_t done = 0;
    for (; done < x.n_pages && rc == SK_OK; done++) {
        size_t len = 0;
        rc = sk_normalise(&texts[done], &len, x.pages[done].text, x.pages[done].text_len, &err);
        if (rc != SK_OK)
            break;
        pages[done] = (sk_page_text){texts[done], len, x.pages[done].number};
        if (s->o.text)
            printf("==== %s page %d\n%.*s\n", pp->file, pages[done].number, (int)len, texts[done]);
    }
    if (rc == SK_OK)
        rc = sk_segment(&pp->p, s->bodies, &(sk_paper_info){pp->file, x.title, x.site}, pages,
                        x.n_pages, &err);
    for (size_t i = 0; i < done; i++)
        free(texts[i]);
    free(texts);
    free(pages);
    sk_extracted_release(&x);
    if (rc != SK_OK) {
        fprintf(stderr, "score: %s: %s\n", path, err.msg);
        return -1;
    }
    pp->ok = 1;
    return 0;
}

static paper *find_paper(state *s, const char *file)
{
    for (size_t i = 0; i < s->n_papers; i++)
        if (strcmp(s->papers[i].file, file) == 0)
            return &s->papers[i];
    return NULL;
}

static int segment_all(state *s)
{
    s->papers = xmalloc(s->n_rows * sizeof *s->papers);
    for (size_t i = 0; i < s->n_rows; i++) {
        const char *file = s->rows[i].f[0];
        if (s->rows[i].kind != 'P' || file == NULL || find_paper(s, file) != NULL)
            continue;
        paper *pp = &s->papers[s->n_papers++];
        memset(pp, 0, sizeof *pp);
        pp->file = xstrdup(file);
        if (segment_one(s, pp) != 0)
            return -1;
    }
    return 0;
}

/* ---- comparing ------------------------------------------------------------ */

static int same(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    return strcmp(a, b) == 0;
}

/* Whitespace collapsed and trimmed, soft hyphens dropped (they never show). */
static char *canon_text(const char *s)
{
    if (s == NULL)
        return NULL;
    char *out = xmalloc(strlen(s) + 1);
    size_t n = 0;
    int space = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (p[0] == 0xC2 && p[1] == 0xAD) {
            p++;
            continue;
        }
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
            (p[0] == 0xC2 && p[1] == 0xA0 && (p++, 1))) {
            space = n > 0;
            continue;
        }
        if (space)
            out[n++] = ' ';
        space = 0;
        out[n++] = (char)*p;
    }
    out[n] = '\0';
    if (n == 0) {
        free(out);
        return NULL;
    }
    return out;
}

static int same_text(const char *a, const char *b)
{
    char *ca = canon_text(a), *cb = canon_text(b);
    int r = same(ca, cb);
    free(ca);
    free(cb);
    return r;
}

static int claims_case(const sk_section *sec)
{
    return sec->case_no != NULL && (sec->role == SK_ROLE_CASE || sec->role == SK_ROLE_MINUTES ||
                                    sec->role == SK_ROLE_AGENDA);
}

static int page_of(const trow *r)
{
    return atoi(r->f[1]);
}

/* Truth C rows: 0 file 1 page 2 body 3 case 4 role 5 start|cont 6 date. */
static void score_cases(state *s, counts *c)
{
    for (size_t i = 0; i < s->n_rows; i++) {
        const trow *r = &s->rows[i];
        if (r->kind != 'C' || same(r->f[4], "mention") || !same(r->f[5], "start"))
            continue;
        int dup = 0; /* count each (body, case, date) once */
        for (size_t j = 0; j < i && !dup; j++) {
            const trow *q = &s->rows[j];
            dup = q->kind == 'C' && !same(q->f[4], "mention") && same(q->f[5], "start") &&
                  same(q->f[2], r->f[2]) && same(q->f[3], r->f[3]) && same(q->f[6], r->f[6]);
        }
        if (dup)
            continue;
        c->cases++;
        int found = 0;
        for (size_t k = 0; k < s->n_papers && !found; k++)
            for (size_t m = 0; m < s->papers[k].p.n_sections && !found; m++) {
                const sk_section *sec = &s->papers[k].p.sections[m];
                found = claims_case(sec) && same(sec->case_no, r->f[3]) &&
                        same(sec->body, r->f[2]) && same(sec->meeting_date, r->f[6]);
            }
        c->cases_found += found;
        if (!found && s->o.verbose)
            printf("  case not found: %s %s (%s) in %s p. %s\n", nz(r->f[2]), nz(r->f[3]),
                   nz(r->f[6]), r->f[0], r->f[1]);
    }
}

static int stands_on(const state *s, const char *file, const sk_section *sec)
{
    for (size_t i = 0; i < s->n_rows; i++) {
        const trow *r = &s->rows[i];
        if (r->kind != 'C' || !same(r->f[0], file) || !same(r->f[3], sec->case_no) ||
            same(r->f[4], "mention"))
            continue;
        int pg = page_of(r);
        if (pg >= sec->page_from && pg <= sec->page_to)
            return 1;
    }
    return 0;
}

static void score_claims(state *s, counts *c)
{
    for (size_t k = 0; k < s->n_papers; k++)
        for (size_t m = 0; m < s->papers[k].p.n_sections; m++) {
            const sk_section *sec = &s->papers[k].p.sections[m];
            if (!claims_case(sec))
                continue;
            c->claims++;
            int ok = stands_on(s, s->papers[k].file, sec);
            c->claims_right += ok;
            if (!ok && s->o.verbose)
                printf("  false claim: %s %s %s in %s pp. %d-%d (%s)\n", nz(sec->body),
                       sec->case_no, sk_role_name(sec->role), s->papers[k].file, sec->page_from,
                       sec->page_to, nz(sec->title));
        }
}

/* Truth D rows: 0 file 1 body 2 case 3 role 4 proposed 5 decision. */
static const trow *decision_row(const state *s, const char *file, const sk_section *sec)
{
    for (size_t i = 0; i < s->n_rows; i++) {
        const trow *r = &s->rows[i];
        if (r->kind == 'D' && same(r->f[0], file) && same(r->f[2], sec->case_no) &&
            same(r->f[3], sk_role_name(sec->role)))
            return r;
    }
    return NULL;
}

/* Is text (shown for the section's case) one the truth gives that case in
 * this file, in any role? A final full stop does not count: an agenda table
 * may end the proposal with one where the memo does not. */
static int case_says(const state *s, const char *file, const char *case_no, const char *text)
{
    char *t = canon_text(text);
    size_t tn = t ? strlen(t) : 0;
    int found = 0;
    for (size_t i = 0; i < s->n_rows && !found && t; i++) {
        const trow *r = &s->rows[i];
        if (r->kind != 'D' || !same(r->f[0], file) || !same(r->f[2], case_no))
            continue;
        for (int k = 4; k <= 5 && !found; k++) {
            char *c = canon_text(r->f[k]);
            size_t cn = c ? strlen(c) : 0;
            size_t a = tn - (tn && t[tn - 1] == '.'), b = cn - (cn && c[cn - 1] == '.');
            found = c && a == b && memcmp(t, c, a) == 0;
            free(c);
        }
    }
    free(t);
    return found;
}

static int block_shown(const state *s, const trow *r)
{
    const paper *pp = NULL;
    for (size_t k = 0; k < s->n_papers && pp == NULL; k++)
        if (same(s->papers[k].file, r->f[0]))
            pp = &s->papers[k];
    for (size_t m = 0; pp != NULL && m < pp->p.n_sections; m++) {
        const sk_section *sec = &pp->p.sections[m];
        if (same(sec->case_no, r->f[2]) && same(sk_role_name(sec->role), r->f[3]) &&
            same_text(sec->proposed_decision, r->f[4]) && same_text(sec->decision, r->f[5]))
            return 1;
    }
    return 0;
}

static void score_decisions(state *s, counts *c)
{
    for (size_t i = 0; i < s->n_rows; i++) {
        const trow *r = &s->rows[i];
        if (r->kind != 'D')
            continue;
        c->dec_blocks++;
        int ok = block_shown(s, r);
        c->dec_exact += ok;
        if (!ok && s->o.verbose)
            printf("  decision not shown exactly: %s %s %s in %s\n", nz(r->f[1]), nz(r->f[2]),
                   nz(r->f[3]), r->f[0]);
    }
    for (size_t k = 0; k < s->n_papers; k++)
        for (size_t m = 0; m < s->papers[k].p.n_sections; m++) {
            const sk_section *sec = &s->papers[k].p.sections[m];
            if (sec->proposed_decision == NULL && sec->decision == NULL)
                continue;
            const trow *r = sec->case_no ? decision_row(s, s->papers[k].file, sec) : NULL;
            const char *file = s->papers[k].file;
            int wrong = sec->case_no == NULL ||
                        (sec->proposed_decision &&
                         !case_says(s, file, sec->case_no, sec->proposed_decision)) ||
                        (sec->decision && !case_says(s, file, sec->case_no, sec->decision));
            if (!wrong)
                continue;
            c->dec_wrong++;
            c->dec_extra += r == NULL;
            if (s->o.verbose)
                printf("  wrong decision shown: %s %s %s in %s p. %d: \"%.70s\"\n", nz(sec->body),
                       nz(sec->case_no), sk_role_name(sec->role), s->papers[k].file, sec->page_from,
                       sec->decision ? sec->decision : sec->proposed_decision);
        }
}

/* Does the truth put the section's case on page pg of file under its council
 * (a case paper that goes to several councils in turn names each)? */
static int case_council_on(const state *s, const char *file, int pg, const sk_section *sec)
{
    for (size_t i = 0; i < s->n_rows; i++) {
        const trow *r = &s->rows[i];
        if (r->kind == 'C' && same(r->f[0], file) && page_of(r) == pg &&
            same(r->f[3], sec->case_no) && same(r->f[2], sec->body))
            return 1;
    }
    return 0;
}

/* Truth P rows: 0 file 1 page 2 body 3 date. */
static void score_pages(state *s, counts *c)
{
    for (size_t i = 0; i < s->n_rows; i++) {
        const trow *r = &s->rows[i];
        const paper *pp = r->kind == 'P' ? find_paper(s, r->f[0]) : NULL;
        if (pp == NULL || r->f[2] == NULL)
            continue;
        int pg = page_of(r), wrong = 0;
        for (size_t m = 0; m < pp->p.n_sections && !wrong; m++) {
            const sk_section *sec = &pp->p.sections[m];
            wrong = pg >= sec->page_from && pg <= sec->page_to && sec->body != NULL &&
                    sec->role != SK_ROLE_MENTION && !same(sec->body, r->f[2]) &&
                    !case_council_on(s, r->f[0], pg, sec);
            if (wrong && s->o.verbose)
                printf("  wrong council: %s p. %d says %s, truth %s\n", r->f[0], pg, sec->body,
                       r->f[2]);
        }
        c->pages_wrong_body += wrong;
    }
}

/* ---- archive numbers (A rows: 0 file 1 page 2 number) ----------------------- */

/* Is no one of the A numbers of file's page pg? */
static int archive_on(const state *s, const char *file, int pg, const char *no)
{
    for (size_t i = 0; i < s->n_rows; i++) {
        const trow *r = &s->rows[i];
        if (r->kind == 'A' && same(r->f[0], file) && page_of(r) == pg && same(r->f[2], no))
            return 1;
    }
    return 0;
}

/* Pages with archive numbers: shown when a section on the page carries one
 * of them; and sections that claim an archive number of their page as their
 * case where the truth has no such case. */
static void score_archives(state *s, counts *c)
{
    for (size_t i = 0; i < s->n_rows; i++) {
        const trow *r = &s->rows[i];
        int first = r->kind == 'A';
        for (size_t j = 0; j < i && first; j++)
            first = !(s->rows[j].kind == 'A' && same(s->rows[j].f[0], r->f[0]) &&
                      page_of(&s->rows[j]) == page_of(r));
        const paper *pp = first ? find_paper(s, r->f[0]) : NULL;
        if (pp == NULL)
            continue;
        int pg = page_of(r), shown = 0;
        c->arch_pages++;
        for (size_t m = 0; m < pp->p.n_sections; m++) {
            const sk_section *sec = &pp->p.sections[m];
            if (pg < sec->page_from || pg > sec->page_to)
                continue;
            shown |= sec->archive_no && archive_on(s, r->f[0], pg, sec->archive_no);
            if (claims_case(sec) && archive_on(s, r->f[0], pg, sec->case_no) &&
                !stands_on(s, r->f[0], sec)) {
                c->arch_as_case++;
                if (s->o.verbose)
                    printf("  archive number taken for a case: %s in %s p. %d\n", sec->case_no,
                           r->f[0], pg);
            }
        }
        c->arch_shown += shown;
        if (!shown && s->o.verbose)
            printf("  archive number not shown: %s p. %d (%s)\n", r->f[0], pg, r->f[2]);
    }
}

/* ---- lookups through the real binaries ------------------------------------ */

static int index_root(const state *s, const char *db)
{
    const char *argv[] = {s->o.index_bin, "--quiet", "--no-ocr", "--db", db, s->o.root, NULL};
    run_result r = {0};
    if (run_cmd(&r, argv, NULL) != 0 || (r.status != 0 && r.status != 1)) {
        fprintf(stderr, "score: indexing %s failed (%d): %s\n", s->o.root, r.status,
                r.err ? r.err : "");
        run_result_release(&r);
        return -1;
    }
    run_result_release(&r);
    return 0;
}

static const char *jstr(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* The hits of query q (--limit limit) as parsed JSON, or NULL on error. */
static json_t *query_json(const state *s, const char *db, const char *q, const char *limit)
{
    const char *argv[] = {s->o.query_bin, "--db", db, "--json", "--limit", limit, q, NULL};
    run_result r = {0};
    if (run_cmd(&r, argv, NULL) != 0 || r.status != 0) {
        fprintf(stderr, "score: saksok '%s' failed: %s\n", q, r.err ? r.err : "");
        run_result_release(&r);
        return NULL;
    }
    json_error_t je;
    json_t *root = json_loads(r.out, 0, &je);
    run_result_release(&r);
    if (root == NULL)
        fprintf(stderr, "score: saksok '%s': not JSON (%s)\n", q, je.text);
    return root;
}

/* 1 if "arkivsak NUMBER" brings a hit of file among the first ten, 0 if
 * not, -1 on error. */
static int archive_lookup(const state *s, const char *db, const char *file, const char *no)
{
    char q[256];
    snprintf(q, sizeof q, "arkivsak %s", no);
    json_t *root = query_json(s, db, q, "10");
    if (root == NULL)
        return -1;
    json_t *hits = json_object_get(root, "hits");
    int ok = 0;
    for (size_t i = 0; i < json_array_size(hits) && !ok; i++)
        ok = same(json_string_value(json_object_get(json_array_get(hits, i), "file")), file);
    if (!ok && s->o.verbose)
        printf("  lookup '%s': %s not among the first 10 hits\n", q, file);
    json_decref(root);
    return ok;
}

static int score_archive_lookups(const state *s, const char *db, counts *c)
{
    for (size_t i = 0; i < s->n_rows; i++) {
        const trow *r = &s->rows[i];
        int dup = r->kind != 'A';
        for (size_t j = 0; j < i && !dup; j++)
            dup = s->rows[j].kind == 'A' && same(s->rows[j].f[0], r->f[0]) &&
                  same(s->rows[j].f[2], r->f[2]);
        if (dup)
            continue;
        int ok = archive_lookup(s, db, r->f[0], r->f[2]);
        if (ok < 0)
            return -1;
        c->arch_lookups++;
        c->arch_found += ok > 0;
    }
    return 0;
}

/* 1 if "BODY CASE" brings that case first (not as a mention), 0 if not, -1 on error. */
static int lookup_one(const state *s, const char *db, const char *body, const char *cn)
{
    char q[256];
    snprintf(q, sizeof q, "%s %s", body, cn);
    const char *argv[] = {s->o.query_bin, "--db", db, "--json", "--limit", "3", q, NULL};
    run_result r = {0};
    if (run_cmd(&r, argv, NULL) != 0 || r.status != 0) {
        fprintf(stderr, "score: saksok '%s' failed: %s\n", q, r.err ? r.err : "");
        run_result_release(&r);
        return -1;
    }
    json_error_t je;
    json_t *root = json_loads(r.out, 0, &je);
    run_result_release(&r);
    if (root == NULL) {
        fprintf(stderr, "score: saksok '%s': not JSON (%s)\n", q, je.text);
        return -1;
    }
    json_t *hit = json_array_get(json_object_get(root, "hits"), 0);
    int ok = hit != NULL && same(jstr(hit, "case"), cn) && same(jstr(hit, "body"), body) &&
             !same(jstr(hit, "role"), "mention");
    if (!ok && s->o.verbose)
        printf("  lookup '%s': first hit %s %s %s in %s\n", q, nz(jstr(hit, "body")),
               nz(jstr(hit, "case")), nz(jstr(hit, "role")), nz(jstr(hit, "file")));
    json_decref(root);
    return ok;
}

static int score_lookups(state *s, counts *c)
{
    char tmpl[] = "/tmp/saksok-structure-XXXXXX";
    if (mkdtemp(tmpl) == NULL) {
        perror("mkdtemp");
        return -1;
    }
    char db[sizeof tmpl + 8];
    snprintf(db, sizeof db, "%s/db", tmpl);
    int rc = index_root(s, db);
    for (size_t i = 0; rc == 0 && i < s->n_rows; i++) {
        const trow *r = &s->rows[i];
        if (r->kind != 'C' || same(r->f[4], "mention") || !same(r->f[5], "start") ||
            r->f[2] == NULL || r->f[3] == NULL)
            continue;
        int dup = 0;
        for (size_t j = 0; j < i && !dup; j++)
            dup = s->rows[j].kind == 'C' && same(s->rows[j].f[2], r->f[2]) &&
                  same(s->rows[j].f[3], r->f[3]) && !same(s->rows[j].f[4], "mention");
        if (dup)
            continue;
        int ok = lookup_one(s, db, r->f[2], r->f[3]);
        if (ok < 0)
            rc = -1;
        c->lookups++;
        c->lookups_right += ok > 0;
    }
    if (rc == 0)
        rc = score_archive_lookups(s, db, c);
    char cmd[sizeof tmpl + 16];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpl);
    if (system(cmd) != 0)
        fprintf(stderr, "score: could not remove %s\n", tmpl);
    return rc;
}

/* ---- report and floors ---------------------------------------------------- */

static double ratio(size_t a, size_t b)
{
    return b ? (double)a / (double)b : 1.0;
}

typedef struct figures {
    double cases, precision, decisions, lookups;
    double wrong_bodies, wrong_decisions;
    double archives, archive_lookups, archives_as_cases;
} figures;

static figures figures_of(const counts *c)
{
    return (figures){ratio(c->cases_found, c->cases),
                     ratio(c->claims_right, c->claims),
                     ratio(c->dec_exact, c->dec_blocks + c->dec_extra),
                     ratio(c->lookups_right, c->lookups),
                     (double)c->pages_wrong_body,
                     (double)c->dec_wrong,
                     ratio(c->arch_shown, c->arch_pages),
                     ratio(c->arch_found, c->arch_lookups),
                     (double)c->arch_as_case};
}

static void report(const state *s, const counts *c)
{
    figures f = figures_of(c);
    printf("family %s: cases %zu/%zu (%.3f)  precision %zu/%zu (%.3f)  decisions %zu/%zu (%.3f)  "
           "lookups %zu/%zu (%.3f)  wrong councils %zu pages  wrong decisions %zu\n",
           s->o.family ? s->o.family : s->o.truth_dir, c->cases_found, c->cases, f.cases,
           c->claims_right, c->claims, f.precision, c->dec_exact, c->dec_blocks + c->dec_extra,
           f.decisions, c->lookups_right, c->lookups, f.lookups, c->pages_wrong_body, c->dec_wrong);
    if (c->arch_pages || c->arch_lookups)
        printf("family %s: archive numbers shown %zu/%zu pages (%.3f)  found %zu/%zu (%.3f)  "
               "taken for cases %zu\n",
               s->o.family ? s->o.family : s->o.truth_dir, c->arch_shown, c->arch_pages, f.archives,
               c->arch_found, c->arch_lookups, f.archive_lookups, c->arch_as_case);
}

static int check_floors(const state *s, const counts *c)
{
    FILE *fp = fopen(s->o.floors, "r");
    if (fp == NULL) {
        perror(s->o.floors);
        return 2;
    }
    figures f = figures_of(c);
    char line[512];
    int rc = 2;
    while (fgets(line, sizeof line, fp) != NULL) {
        char fam[64];
        figures fl = {0, 0, 0, 0, 1e9, 1e9, 0, 0, 1e9};
        if (line[0] == '#' ||
            sscanf(line, "%63s %lf %lf %lf %lf %lf %lf %lf %lf %lf", fam, &fl.cases, &fl.precision,
                   &fl.decisions, &fl.lookups, &fl.wrong_bodies, &fl.wrong_decisions, &fl.archives,
                   &fl.archive_lookups, &fl.archives_as_cases) < 5 ||
            strcmp(fam, s->o.family) != 0)
            continue;
        rc = 0;
        const char *names[] = {"cases",   "precision",       "decisions",
                               "lookups", "archive numbers", "archive lookups"};
        double got[] = {f.cases,   f.precision, f.decisions,
                        f.lookups, f.archives,  f.archive_lookups};
        double want[] = {fl.cases,   fl.precision, fl.decisions,
                         fl.lookups, fl.archives,  fl.archive_lookups};
        for (int i = 0; i < 6; i++)
            if (got[i] + 1e-9 < want[i]) {
                printf("BELOW FLOOR: %s %.3f < %.3f\n", names[i], got[i], want[i]);
                rc = 1;
            }
        if (f.wrong_bodies > fl.wrong_bodies || f.wrong_decisions > fl.wrong_decisions ||
            f.archives_as_cases > fl.archives_as_cases) {
            printf("ABOVE LIMIT: wrong councils %.0f (max %.0f), wrong decisions %.0f (max %.0f), "
                   "archive numbers taken for cases %.0f (max %.0f)\n",
                   f.wrong_bodies, fl.wrong_bodies, f.wrong_decisions, fl.wrong_decisions,
                   f.archives_as_cases, fl.archives_as_cases);
            rc = 1;
        }
    }
    fclose(fp);
    if (rc == 2)
        fprintf(stderr, "score: no floors for family %s in %s\n", s->o.family, s->o.floors);
    return rc;
}

static int parse_args(options *o, int argc, char **argv)
{
    memset(o, 0, sizeof *o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], **slot = NULL;
        if (strcmp(a, "--verbose") == 0 || strcmp(a, "--dump") == 0 || strcmp(a, "--text") == 0) {
            *(a[2] == 'v' ? &o->verbose : a[2] == 'd' ? &o->dump : &o->text) = 1;
            continue;
        }
        const char *names[] = {"--root",      "--truth-dir", "--index-bin",
                               "--query-bin", "--family",    "--floors"};
        const char **slots[] = {&o->root,      &o->truth_dir, &o->index_bin,
                                &o->query_bin, &o->family,    &o->floors};
        for (size_t k = 0; k < sizeof names / sizeof *names; k++)
            if (strcmp(a, names[k]) == 0)
                slot = slots[k];
        if (slot == NULL || i + 1 >= argc) {
            fprintf(stderr, "score: %s: %s\n", a, slot ? "needs a value" : "unknown option");
            return -1;
        }
        *slot = argv[++i];
    }
    if (!o->root || !o->truth_dir || !o->index_bin || !o->query_bin || (o->floors && !o->family)) {
        fputs("usage: score --root DIR --truth-dir DIR --index-bin PATH --query-bin PATH "
              "[--family NAME --floors FILE] [--verbose] [--dump] [--text]\n",
              stderr);
        return -1;
    }
    return 0;
}

static void state_free(state *s)
{
    for (size_t i = 0; i < s->n_rows; i++)
        for (size_t k = 0; k < s->rows[i].n; k++)
            free(s->rows[i].f[k]);
    free(s->rows);
    for (size_t i = 0; i < s->n_papers; i++) {
        free(s->papers[i].file);
        sk_paper_release(&s->papers[i].p);
    }
    free(s->papers);
    sk_bodies_free(s->bodies);
}

static void dump_sections(const state *s)
{
    for (size_t k = 0; k < s->n_papers; k++) {
        const sk_paper *p = &s->papers[k].p;
        printf("== %s: %s %s %s\n", s->papers[k].file, nz(p->body), nz(p->meeting_date),
               nz(p->meeting_no));
        for (size_t m = 0; m < p->n_sections; m++) {
            const sk_section *sec = &p->sections[m];
            if (sec->role == SK_ROLE_PAGE)
                continue;
            printf("  %-7s %s %s %s pp.%d-%d \"%.60s\" type=%s pres=%s\n", sk_role_name(sec->role),
                   nz(sec->body), nz(sec->meeting_date), nz(sec->case_no), sec->page_from,
                   sec->page_to, nz(sec->title), nz(sec->type), nz(sec->presenter));
            if (sec->proposed_decision)
                printf("          proposed: %.100s\n", sec->proposed_decision);
            if (sec->decision)
                printf("          decision: %.100s\n", sec->decision);
            if (sec->archive_no)
                printf("          archive: %s\n", sec->archive_no);
        }
    }
}

int main(int argc, char **argv)
{
    state s = {0};
    if (parse_args(&s.o, argc, argv) != 0)
        return 2;
    sk_err err = {0};
    if (sk_bodies_load_default(&s.bodies, &err) != SK_OK) {
        fprintf(stderr, "score: council list: %s\n", err.msg);
        return 2;
    }
    counts c = {0};
    int rc = read_truth(&s) == 0 && segment_all(&s) == 0 ? 0 : 2;
    if (rc == 0 && s.o.dump)
        dump_sections(&s);
    if (rc == 0) {
        score_cases(&s, &c);
        score_claims(&s, &c);
        score_decisions(&s, &c);
        score_pages(&s, &c);
        score_archives(&s, &c);
        if (score_lookups(&s, &c) != 0)
            rc = 2;
    }
    if (rc == 0) {
        report(&s, &c);
        if (s.o.floors)
            rc = check_floors(&s, &c);
    }
    state_free(&s);
    return rc;
}
