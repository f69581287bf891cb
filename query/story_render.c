/* story_render.c: a case's story as JSON and as text (see story.h). */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "saksok/query/fields.h"
#include "saksok/query/story.h"

static json_t *str_or_null(const char *s)
{
    json_t *v = s && *s ? json_string(s) : NULL;
    return v ? v : json_null();
}

static json_t *page_or_null(int page)
{
    return page > 0 ? json_integer(page) : json_null();
}

/* The file and "#page=N" of its first page, as a hit's url. */
static json_t *url_of(const sk_story_entry *e)
{
    sk_buf b = SK_BUF_INIT;
    sk_err ignore = SK_ERR_INIT;
    int rc = e->page_from > 0 ? sk_buf_printf(&b, &ignore, "%s#page=%d", e->file, e->page_from)
                              : sk_buf_puts(&b, e->file, &ignore);
    json_t *v = rc == SK_OK ? str_or_null(b.data) : json_null();
    sk_buf_release(&b);
    return v;
}

static json_t *entry_json(const sk_story_entry *e, int full)
{
    json_t *o = json_object();
    if (o == NULL)
        return NULL;
    json_object_set_new(o, "date", str_or_null(e->date));
    json_object_set_new(o, "role", str_or_null(e->role));
    json_object_set_new(o, "file", str_or_null(e->file));
    json_object_set_new(o, "page_from", page_or_null(e->page_from));
    json_object_set_new(o, "page_to", page_or_null(e->page_to));
    json_object_set_new(o, "url", url_of(e));
    if (full)
        json_object_set_new(o, "title", str_or_null(e->title));
    json_object_set_new(o, "meeting_no", str_or_null(e->meeting_no));
    if (full) {
        json_object_set_new(o, "doc_title", str_or_null(e->doc_title));
        json_object_set_new(o, "format", str_or_null(e->format));
    }
    return o;
}

static json_t *links_json(const sk_story_link *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++) {
        json_t *o = json_object();
        if (o == NULL)
            break;
        json_object_set_new(o, "body", str_or_null(v[i].body));
        json_object_set_new(o, "case", str_or_null(v[i].case_no));
        json_object_set_new(o, "meeting_date", str_or_null(v[i].meeting_date));
        json_object_set_new(o, "title", str_or_null(v[i].title));
        json_array_append_new(a, o);
    }
    return a;
}

int sk_story_json_value(json_t **out, const sk_story *s, sk_err *err)
{
    json_t *root = json_object(), *c = json_object(), *tl = json_array(), *missing = json_array();
    *out = NULL;
    if (!root || !c || !tl || !missing) {
        json_decref(root);
        json_decref(c);
        json_decref(tl);
        json_decref(missing);
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    }
    json_object_set_new(c, "body", str_or_null(s->body));
    json_object_set_new(c, "case", str_or_null(s->case_no));
    json_object_set_new(c, "title", str_or_null(s->title));
    json_object_set_new(c, "type", str_or_null(s->type));
    json_object_set_new(c, "meeting_date", str_or_null(s->meeting_date));
    json_object_set_new(c, "proposed_decision", str_or_null(s->proposed_decision));
    json_object_set_new(c, "decision", str_or_null(s->decision));
    json_t *from = s->decision_from >= 0 && (size_t)s->decision_from < s->n_timeline
                       ? entry_json(&s->timeline[s->decision_from], 0)
                       : json_null();
    json_object_set_new(c, "decision_from", from ? from : json_null());
    json_object_set_new(root, "case", c);
    for (size_t i = 0; i < s->n_timeline; i++)
        json_array_append_new(tl, entry_json(&s->timeline[i], 1));
    json_object_set_new(root, "timeline", tl);
    json_object_set_new(root, "mentioned_by", links_json(s->mentioned_by, s->n_mentioned_by));
    json_object_set_new(root, "mentions", links_json(s->mentions, s->n_mentions));
    json_object_set_new(root, "partial", json_boolean(s->n_missing > 0));
    for (size_t i = 0; i < s->n_missing; i++)
        json_array_append_new(missing, str_or_null(s->missing[i]));
    json_object_set_new(root, "missing", missing);
    *out = root;
    return SK_OK;
}

/* A role as the timeline names it. */
static const char *role_label(const char *role)
{
    if (role == NULL)
        return "dokument";
    const sk_role_names *r = sk_role_find(role);
    return r && r->story_text ? r->story_text : role;
}

static int pages_text(sk_buf *out, const sk_story_entry *e, sk_err *err)
{
    if (e->page_from > 0 && e->page_to > e->page_from)
        return sk_buf_printf(out, err, "%s#page=%d (s. %d–%d)", e->file, e->page_from, e->page_from,
                             e->page_to);
    if (e->page_from > 0)
        return sk_buf_printf(out, err, "%s#page=%d (s. %d)", e->file, e->page_from, e->page_from);
    return sk_buf_puts(out, e->file, err);
}

static int links_text(sk_buf *out, const char *head, const sk_story_link *v, size_t n, sk_err *err)
{
    int rc = sk_buf_printf(out, err, "\n%s:\n", head);
    if (rc == SK_OK && n == 0)
        rc = sk_buf_puts(out, "  (ingen)\n", err);
    for (size_t i = 0; i < n && rc == SK_OK; i++)
        rc =
            sk_buf_printf(out, err, "  %s %s%s%s%s%s\n", v[i].body, v[i].case_no,
                          v[i].meeting_date ? "  " : "", v[i].meeting_date ? v[i].meeting_date : "",
                          v[i].title ? "  " : "", v[i].title ? v[i].title : "");
    return rc;
}

int sk_story_text(sk_buf *out, const sk_story *s, sk_err *err)
{
    int rc = SK_OK;
    for (size_t i = 0; i < s->n_missing && rc == SK_OK; i++)
        rc = sk_buf_printf(out, err, "Delvis svar: %s svarte ikke og er utelatt.\n", s->missing[i]);
    if (rc == SK_OK)
        rc = sk_buf_printf(out, err, "%s %s%s%s\n", s->body, s->case_no, s->title ? ": " : "",
                           s->title ? s->title : "");
    if (rc == SK_OK && s->type)
        rc = sk_buf_printf(out, err, "  Sakstype: %s\n", s->type);
    if (rc == SK_OK && s->meeting_date)
        rc = sk_buf_printf(out, err, "  Møte: %s\n", s->meeting_date);
    if (rc == SK_OK && s->decision) {
        rc = sk_buf_printf(out, err, "  Vedtak: %s\n", s->decision);
        if (rc == SK_OK && s->decision_from >= 0) {
            const sk_story_entry *e = &s->timeline[s->decision_from];
            rc = sk_buf_printf(out, err, "  Vedtatt i: %s%s%s, ", role_label(e->role),
                               e->meeting_no ? " fra møte " : "",
                               e->meeting_no ? e->meeting_no : "");
            if (rc == SK_OK && e->date)
                rc = sk_buf_printf(out, err, "%s, ", e->date);
            if (rc == SK_OK)
                rc = pages_text(out, e, err);
            if (rc == SK_OK)
                rc = sk_buf_putc(out, '\n', err);
        }
    } else if (rc == SK_OK) {
        rc = sk_buf_puts(out, "  Vedtak: ikke funnet i papirene\n", err);
    }
    if (rc == SK_OK && s->proposed_decision)
        rc = sk_buf_printf(out, err, "  Forslag til vedtak: %s\n", s->proposed_decision);
    if (rc == SK_OK)
        rc = sk_buf_puts(out, "\nTidslinje:\n", err);
    if (rc == SK_OK && s->n_timeline == 0)
        rc = sk_buf_puts(out, "  (ingen papirer om saken i indeksen; den er bare omtalt)\n", err);
    for (size_t i = 0; i < s->n_timeline && rc == SK_OK; i++) {
        const sk_story_entry *e = &s->timeline[i];
        rc = sk_buf_printf(out, err, "  %s  %-12s  ", e->date ? e->date : "(uten dato)",
                           role_label(e->role));
        if (rc == SK_OK)
            rc = pages_text(out, e, err);
        if (rc == SK_OK)
            rc = sk_buf_putc(out, '\n', err);
    }
    if (rc == SK_OK)
        rc = links_text(out, "Omtalt i", s->mentioned_by, s->n_mentioned_by, err);
    if (rc == SK_OK)
        rc = links_text(out, "Viser til", s->mentions, s->n_mentions, err);
    return rc;
}
