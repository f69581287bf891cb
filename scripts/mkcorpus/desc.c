/* desc.c: reading sk-mkcorpus's page description (see mkcorpus.h). */
#define _POSIX_C_SOURCE 200809L
#include "mkcorpus.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

void *mk_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q) {
        fprintf(stderr, "sk-mkcorpus: out of memory\n");
        exit(2);
    }
    return q;
}

char *mk_xstrdup(const char *s)
{
    char *d = strdup(s ? s : "");
    if (!d) {
        fprintf(stderr, "sk-mkcorpus: out of memory\n");
        exit(2);
    }
    return d;
}

static block_t *add_block(doc_t *d, btype t)
{
    if (d->nb == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 64;
        d->b = mk_xrealloc(d->b, sizeof(block_t) * (size_t)d->cap);
    }
    block_t *b = &d->b[d->nb++];
    memset(b, 0, sizeof *b);
    b->t = t;
    b->text = g_string_new(NULL);
    b->pfirst = b->plast = -1;
    return b;
}

static char *unescape_cell(const char *s)
{
    GString *g = g_string_new(NULL);
    for (const char *p = s; *p; p++) {
        if (p[0] == '\\' && p[1] == 'n') {
            g_string_append_c(g, '\n');
            p++;
        } else {
            g_string_append_c(g, *p);
        }
    }
    return g_string_free(g, FALSE);
}

static int starts(const char *s, const char *w, const char **rest)
{
    size_t n = strlen(w);
    if (strncmp(s, w, n) != 0)
        return 0;
    if (s[n] != 0 && s[n] != ' ')
        return 0;
    *rest = s[n] ? s + n + 1 : s + n;
    return 1;
}

/* Store "@truth KIND<TAB>FIELDS" (R: anchored to the next row of TABLE). */
static void add_truth(doc_t *d, const char *r, block_t *table, int lineno)
{
    static const char kinds[] = "PCERMD";
    static const int tabs[] = {1, 3, -1, 3, 3, 4}; /* TABs in FIELDS per kind */
    const char *k = r[0] ? strchr(kinds, r[0]) : NULL;
    int nt = 0;
    for (const char *p = r[0] && r[1] ? r + 2 : ""; *p; p++)
        nt += *p == '\t';
    if (!k || (r[1] != 0 && r[1] != '\t') || (r[0] == 'R' && !table) ||
        (r[0] == 'E' ? r[1] != 0 : !r[1] || nt != tabs[k - kinds])) {
        fprintf(stderr, "sk-mkcorpus: line %d: bad @truth directive\n", lineno);
        exit(1);
    }
    d->tr = mk_xrealloc(d->tr, sizeof(truth_t) * (size_t)(d->ntr + 1));
    truth_t *t = &d->tr[d->ntr++];
    memset(t, 0, sizeof *t);
    t->kind = r[0];
    t->fields = mk_xstrdup(r[1] ? r + 2 : "");
    t->block = r[0] == 'R' ? (int)(table - d->b) : d->nb;
    t->row = r[0] == 'R' ? table->nrows : -1;
    t->page = -1;
    if (t->kind == 'M') { /* the needle is the last field */
        char *tab = strrchr(t->fields, '\t');
        if (!tab) {
            fprintf(stderr, "sk-mkcorpus: line %d: @truth M without a needle\n", lineno);
            exit(1);
        }
        *tab = 0;
        t->needle = mk_xstrdup(tab + 1);
    }
}

/* "@meta KEY=VALUE": the document's metadata field KEY. */
static void parse_meta(doc_t *d, const char *r)
{
    static const struct {
        const char *key;
        size_t off;
    } keys[] = {{"title", offsetof(doc_t, title)},     {"author", offsetof(doc_t, author)},
                {"subject", offsetof(doc_t, subject)}, {"keywords", offsetof(doc_t, keywords)},
                {"creator", offsetof(doc_t, creator)}, {"date", offsetof(doc_t, date)}};
    const char *eq = strchr(r, '=');
    if (!eq)
        return;
    size_t kl = (size_t)(eq - r);
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        if (strlen(keys[k].key) == kl && !strncmp(r, keys[k].key, kl)) {
            char **dst = (char **)((char *)d + keys[k].off);
            free(*dst);
            *dst = mk_xstrdup(eq + 1);
            return;
        }
    }
}

/* A string setting ("@header TEXT" ...): 1 if LINE is one. */
static int parse_setting(doc_t *d, const char *line)
{
    static const struct {
        const char *w;
        size_t off;
    } keys[] = {{"@header", offsetof(doc_t, header)},
                {"@header-right", offsetof(doc_t, header_right)},
                {"@footer", offsetof(doc_t, footer)},
                {"@font", offsetof(doc_t, font)}};
    const char *r;
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        if (starts(line, keys[k].w, &r)) {
            char **dst = (char **)((char *)d + keys[k].off);
            free(*dst);
            *dst = mk_xstrdup(r);
            return 1;
        }
    }
    return 0;
}

/* "@row C1<TAB>C2...": a row of TABLE. */
static void parse_row(block_t *table, const char *r)
{
    table->rows = mk_xrealloc(table->rows, sizeof(row_t) * (size_t)(table->nrows + 1));
    row_t *row = &table->rows[table->nrows++];
    row->cells = NULL;
    row->n = 0;
    row->page = -1;
    const char *p = r;
    for (;;) {
        const char *tab = strchr(p, '\t');
        size_t len = tab ? (size_t)(tab - p) : strlen(p);
        char *c = g_strndup(p, len);
        row->cells = mk_xrealloc(row->cells, sizeof(char *) * (size_t)(row->n + 1));
        row->cells[row->n++] = unescape_cell(c);
        g_free(c);
        if (!tab)
            break;
        p = tab + 1;
    }
}

/* A text block (@logo, @title, @h1 .. @item2). */
static void parse_block(doc_t *d, const char *line, int markup, int lineno)
{
    static const struct {
        const char *w;
        btype t;
        int level;
    } kinds[] = {{"@logo", B_LOGO, 0}, {"@title", B_TITLE, 0}, {"@h1", B_H1, 0},
                 {"@h2", B_H2, 0},     {"@h3", B_H3, 0},       {"@p", B_P, 0},
                 {"@note", B_NOTE, 0}, {"@item", B_ITEM, 1},   {"@item2", B_ITEM, 2}};
    const char *r = NULL;
    size_t k;
    for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        if (starts(line, kinds[k].w, &r))
            break;
    if (k == sizeof kinds / sizeof kinds[0]) {
        fprintf(stderr, "sk-mkcorpus: line %d: unknown directive %s\n", lineno, line);
        exit(1);
    }
    block_t *b = add_block(d, kinds[k].t);
    b->level = kinds[k].level;
    b->markup = markup;
    if (b->t == B_ITEM) {
        const char *tab = strchr(r, '\t');
        if (tab) {
            b->marker = g_strndup(r, (gsize)(tab - r));
            r = tab + 1;
        } else {
            b->marker = mk_xstrdup("\xE2\x80\xA2");
        }
    }
    g_string_append(b->text, r);
}

/* "@+ TEXT": a line break and TEXT in the last text block. */
static void parse_continue(doc_t *d, const char *r)
{
    if (d->nb == 0)
        return;
    block_t *b = &d->b[d->nb - 1];
    if (b->t == B_TABLE || b->t == B_PAGE || b->t == B_SPACE)
        return;
    g_string_append_c(b->text, '\n');
    g_string_append(b->text, r);
}

void mk_parse(doc_t *d, FILE *f)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int markup = 1, lineno = 0;
    block_t *table = NULL;
    d->hyphenate = -1;
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = 0;
        if (n == 0 || line[0] == '#')
            continue;
        const char *r;
        if (line[0] != '@') {
            fprintf(stderr, "sk-mkcorpus: line %d: expected a directive\n", lineno);
            exit(1);
        }
        if (starts(line, "@truth", &r)) {
            add_truth(d, r, table, lineno);
            continue;
        }
        if (starts(line, "@row", &r)) {
            if (!table) {
                fprintf(stderr, "sk-mkcorpus: line %d: @row outside @table\n", lineno);
                exit(1);
            }
            parse_row(table, r);
            continue;
        }
        table = NULL;
        if (starts(line, "@layout", &r))
            d->slide = strcmp(r, "slide") == 0;
        else if (starts(line, "@meta", &r))
            parse_meta(d, r);
        else if (parse_setting(d, line))
            continue;
        else if (starts(line, "@hyphenate", &r))
            d->hyphenate = strcmp(r, "off") != 0;
        else if (starts(line, "@markup", &r))
            markup = strcmp(r, "off") != 0;
        else if (starts(line, "@page", &r))
            add_block(d, B_PAGE);
        else if (starts(line, "@space", &r))
            add_block(d, B_SPACE);
        else if (starts(line, "@+", &r))
            parse_continue(d, r);
        else if (starts(line, "@table", &r)) {
            table = add_block(d, B_TABLE);
            table->header = strstr(r, "header") != NULL;
            table->kv = strstr(r, "kv") != NULL;
        } else
            parse_block(d, line, markup, lineno);
    }
    free(line);
    if (d->hyphenate < 0)
        d->hyphenate = !d->slide;
    if (!d->font)
        d->font = mk_xstrdup("Carlito");
}

void mk_doc_free(doc_t *d)
{
    for (int k = 0; k < d->nb; k++) {
        block_t *b = &d->b[k];
        g_string_free(b->text, TRUE);
        free(b->marker);
        for (int r = 0; r < b->nrows; r++) {
            for (int c = 0; c < b->rows[r].n; c++)
                free(b->rows[r].cells[c]);
            free(b->rows[r].cells);
        }
        free(b->rows);
    }
    free(d->b);
    for (int k = 0; k < d->ntr; k++) {
        free(d->tr[k].fields);
        free(d->tr[k].needle);
    }
    free(d->tr);
    free(d->title), free(d->author), free(d->subject), free(d->keywords), free(d->creator);
    free(d->date), free(d->header), free(d->header_right), free(d->footer), free(d->font);
}
