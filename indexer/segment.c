/* segment.c: pages of one meeting paper -> meeting metadata and sections.
 *
 * Contract in include/saksok/indexer/segment.h; the stage's types and the files it
 * is made of in segment_int.h. The recogniser works on lines:
 *   1. split the pages into lines; mark running headers/footers and page
 *      numbers (boilerplate) so they neither start nor end anything
 *      (segment_lines.c);
 *   2. find memo header blocks (Til/Møte, Dato, Saksnummer, Type, Fra;
 *      segment_memo.c) and minutes zones ("Referat ..." followed by its own
 *      Dato; segment_meeting.c);
 *   3. read the paper's body, date and meeting number from the first page,
 *      the title and the path: only from heading-shaped lines, never from
 *      running text (segment_meeting.c);
 *   4. find anchors: "Sak N/YY" headers, rows starting with a case number
 *      (text or tab-separated), table headers (segment_anchor.c), memo
 *      starts, minutes starts (segment_memo.c);
 *   5. rows whose text holds a decision label ("Forslag til vedtak",
 *      "Vedtak") are the case itself (or minutes, inside a minutes zone);
 *      the others are agenda rows (segment_classify.c, segment_row.c);
 *   6. build sections, read who acts in them (segment_actor.c), share
 *      title/type/presenter/sender/case officer between the sections of
 *      one case of one meeting, add mentions, and give every page's text
 *      outside case and minutes sections a page section (segment_section.c).
 * Errors stick (as in SQLite's fts5): helpers do nothing once d->rc is set.
 */
#include <stdlib.h>
#include <string.h>

#include "segment_int.h"

/* ---- public ---- */

const char *sk_role_name(sk_role r)
{
    switch (r) {
    case SK_ROLE_CASE: return "case";
    case SK_ROLE_MINUTES: return "minutes";
    case SK_ROLE_AGENDA: return "agenda";
    case SK_ROLE_MENTION: return "mention";
    case SK_ROLE_PAGE: return "page";
    }
    return "unknown";
}

static void section_release(sk_section *s)
{
    free(s->body);
    free(s->meeting_date);
    free(s->meeting_no);
    free(s->case_no);
    free(s->title);
    free(s->type);
    free(s->presenter);
    free(s->sender);
    free(s->case_officer);
    free(s->minute_taker);
    free(s->proposed_decision);
    free(s->decision);
    free(s->archive_no);
    free(s->text);
    free(s->page_marks);
    memset(s, 0, sizeof *s);
}

void sk_paper_release(sk_paper *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n_sections; i++)
        section_release(&p->sections[i]);
    free(p->sections);
    free(p->body);
    free(p->meeting_date);
    free(p->meeting_no);
    memset(p, 0, sizeof *p);
}

static void free_anchor(anchor *a)
{
    free(a->title);
    free(a->body);
    free(a->type);
    free(a->presenter);
    free(a->decision);
    free(a->proposed);
}

static void doc_release(doc *d)
{
    for (size_t k = 0; k < d->n_anchors; k++)
        free_anchor(&d->anchors[k]);
    free(d->anchors);
    for (size_t m = 0; m < d->n_memos; m++) {
        free(d->memos[m].type);
        free(d->memos[m].presenter);
        free(d->memos[m].title);
    }
    free(d->memos);
    free(d->zones);
    for (size_t i = 0; i < d->n_secs; i++)
        section_release(&d->secs[i].s);
    free(d->secs);
    free(d->archives);
    free(d->lines);
}

static int sec_cmp(const void *pa, const void *pb)
{
    const sec *a = pa, *b = pb;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Steps 1-6; covered marks the lines of case and minutes sections. */
static void run_stages(doc *d, const sk_paper_info *info)
{
    seg_split_lines(d);
    seg_mark_boilerplate(d);
    if (!d->rc)
        seg_find_memos(d);
    if (!d->rc)
        seg_find_zones(d);
    if (!d->rc)
        seg_find_archive_facts(d);
    if (!d->rc)
        seg_paper_meeting(d, info->rel_path, info->title, info->site);
    if (!d->rc)
        seg_find_anchors(d);
    if (!d->rc)
        seg_place_memos_and_zones(d);
    if (!d->rc)
        seg_classify(d);
    unsigned char *covered = NULL;
    if (!d->rc) {
        covered = calloc(d->n_lines ? d->n_lines : 1, 1);
        if (!covered)
            seg_nomem(d);
    }
    if (!d->rc)
        seg_build_sections(d, covered);
    if (!d->rc)
        seg_processing_facts(d);
    if (!d->rc)
        seg_find_actors(d);
    if (!d->rc)
        seg_share_fields(d);
    if (!d->rc)
        seg_find_mentions(d);
    if (!d->rc)
        seg_page_sections(d, covered);
    if (!d->rc)
        seg_archive_numbers(d, covered);
    free(covered);
}

/* The sections, in document order, and the paper's meeting into out. */
static void hand_over(doc *d, sk_paper *out)
{
    if (!d->rc) {
        if (d->n_secs > 1)
            qsort(d->secs, d->n_secs, sizeof *d->secs, sec_cmp);
        out->sections = calloc(d->n_secs ? d->n_secs : 1, sizeof *out->sections);
        if (!out->sections)
            seg_nomem(d);
    }
    if (d->rc)
        return;
    for (size_t i = 0; i < d->n_secs; i++) {
        out->sections[i] = d->secs[i].s;
        memset(&d->secs[i].s, 0, sizeof d->secs[i].s);
    }
    out->n_sections = d->n_secs;
    if (seg_body_name(d))
        out->body = seg_dups(d, seg_body_name(d));
    if (d->date[0])
        out->meeting_date = seg_dups(d, d->date);
    if (d->meeting_no[0])
        out->meeting_no = seg_dups(d, d->meeting_no);
}

int sk_segment(sk_paper *out, const sk_bodies *bodies, const sk_paper_info *info,
               const sk_page_text *pages, size_t n_pages, sk_err *err)
{
    if (!out || (!pages && n_pages > 0))
        return sk_err_set(err, SK_EINVAL, "sk_segment: NULL argument");
    memset(out, 0, sizeof *out);
    sk_err local = SK_ERR_INIT;
    doc d = {0};
    d.err = err ? err : &local;
    d.bodies = bodies;
    d.pages = pages;
    d.n_pages = n_pages;
    d.body = -1;
    static const sk_paper_info none = {0};
    run_stages(&d, info ? info : &none);
    hand_over(&d, out);
    int rc = d.rc;
    doc_release(&d);
    if (rc) {
        sk_paper_release(out);
        if (err && !err->code)
            sk_err_set(err, (sk_code)rc, "segment failed");
    }
    return rc;
}
