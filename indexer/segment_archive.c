/* segment_archive.c: the archive numbers of a case-handling system's papers
 * ("Arkivsak: 23/1412", "Arkivsaksnr.: 22/4711-3"), given to the sections
 * they are filed under. Only a number after an archive label counts here;
 * the label makes it an archive number, so it is never read as a case. */
#include <stdlib.h>
#include <string.h>

#include "segment_int.h"

void seg_find_archive_facts(doc *d)
{
    for (size_t i = 0; i < d->n_lines && !d->rc; i++) {
        const line *l = &d->lines[i];
        if (seg_skip_line(d, i))
            continue;
        const char *end = l->s + l->len, *v = sk_archive_label(l->s, end);
        archive_fact f = {.line = i};
        if (v && v == end) { /* the value in a column of its own: the next line */
            size_t j = i + 1;
            while (j < d->n_lines && j < i + 3 && seg_skip_line(d, j))
                j++;
            if (j < d->n_lines && j < i + 3) {
                v = d->lines[j].s;
                end = v + d->lines[j].len;
            }
        }
        if (!v || sk_parse_archive_no(f.no, &v, end, 1) != 0 || seg_skip_ws(v, end) != end)
            continue;
        archive_fact *na = realloc(d->archives, (d->n_archives + 1) * sizeof *na);
        if (!na) {
            seg_nomem(d);
            return;
        }
        d->archives = na;
        d->archives[d->n_archives++] = f;
    }
}

/* Is line i inside the section of another case or minutes than s? */
static int in_other_case(const doc *d, const sec *s, size_t i)
{
    for (size_t k = 0; k < d->n_secs; k++) {
        const sec *o = &d->secs[k];
        if (o != s && (o->s.role == SK_ROLE_CASE || o->s.role == SK_ROLE_MINUTES) && i >= o->line &&
            i < o->end)
            return 1;
    }
    return 0;
}

static const char *own_number(const doc *d, const sec *s)
{
    for (size_t k = 0; k < d->n_archives; k++)
        if (d->archives[k].line >= s->line && d->archives[k].line < s->end)
            return d->archives[k].no;
    if (s->s.role != SK_ROLE_CASE)
        return NULL;
    for (size_t k = d->n_archives; k > 0; k--)
        if (d->archives[k - 1].line < s->line) {
            const archive_fact *f = &d->archives[k - 1];
            return in_other_case(d, s, f->line) ? NULL : f->no;
        }
    return NULL;
}

static const char *page_number(const doc *d, const sec *s, const unsigned char *covered)
{
    for (size_t k = 0; k < d->n_archives; k++) {
        size_t i = d->archives[k].line;
        if (!covered[i] && d->pages[d->lines[i].page].number == s->s.page_from)
            return d->archives[k].no;
    }
    return NULL;
}

void seg_archive_numbers(doc *d, const unsigned char *covered)
{
    for (size_t k = 0; k < d->n_secs && !d->rc && d->n_archives; k++) {
        sec *s = &d->secs[k];
        const char *no = s->s.role == SK_ROLE_MENTION ? NULL
                         : s->s.role == SK_ROLE_PAGE  ? page_number(d, s, covered)
                                                      : own_number(d, s);
        if (no && !s->s.archive_no)
            s->s.archive_no = seg_dups(d, no);
    }
}
