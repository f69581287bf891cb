/* docmeta.c: a section's metadata record (see include/saksok/store/docmeta.h). */
#include "saksok/store/docmeta.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "saksok/base/text.h"

#define MAX_PAGES 100000 /* more page marks than this in one section: damage */

/* The string fields in the record's order, with their keys in the JSON
 * object of indexes written before. */
static const struct {
    const char *key;
    size_t off;
} str_fields[] = {
    {"file", offsetof(sk_docmeta, file)},
    {"format", offsetof(sk_docmeta, format)},
    {"doc_title", offsetof(sk_docmeta, doc_title)},
    {"body", offsetof(sk_docmeta, body)},
    {"meeting_date", offsetof(sk_docmeta, meeting_date)},
    {"meeting_no", offsetof(sk_docmeta, meeting_no)},
    {"case", offsetof(sk_docmeta, case_no)},
    {"role", offsetof(sk_docmeta, role)},
    {"title", offsetof(sk_docmeta, title)},
    {"type", offsetof(sk_docmeta, type)},
    {"presenter", offsetof(sk_docmeta, presenter)},
    {"proposed_decision", offsetof(sk_docmeta, proposed_decision)},
    {"decision", offsetof(sk_docmeta, decision)},
};
#define N_STR_FIELDS (sizeof str_fields / sizeof str_fields[0])

/* String fields added since the record was made: written after the page
 * marks, in this order; a record that ends before one of them has none. */
static const struct {
    const char *key;
    size_t off;
} tail_fields[] = {
    {"archive_no", offsetof(sk_docmeta, archive_no)},
    {"sender", offsetof(sk_docmeta, sender)},
    {"case_officer", offsetof(sk_docmeta, case_officer)},
    {"minute_taker", offsetof(sk_docmeta, minute_taker)},
    {"refs", offsetof(sk_docmeta, refs)},
};
#define N_TAIL_FIELDS (sizeof tail_fields / sizeof tail_fields[0])

static sk_str *tail_field(sk_docmeta *m, size_t i)
{
    return (sk_str *)((char *)m + tail_fields[i].off);
}

static sk_str *field(sk_docmeta *m, size_t i)
{
    return (sk_str *)((char *)m + str_fields[i].off);
}

static const sk_str *field_of(const sk_docmeta *m, size_t i)
{
    return (const sk_str *)((const char *)m + str_fields[i].off);
}

/* ---- writing ---- */

static int put_varint(sk_buf *out, uint64_t v, sk_err *err)
{
    char b[10];
    size_t n = 0;
    do {
        unsigned char c = v & 0x7F;
        v >>= 7;
        b[n++] = (char)(v ? c | 0x80 : c);
    } while (v);
    return sk_buf_append(out, b, n, err);
}

/* Text a record can hold: UTF-8 without a NUL byte. */
static int storable(const char *s, size_t len)
{
    return memchr(s, '\0', len) == NULL && sk_utf8_valid(s, len);
}

static int put_string(sk_buf *out, sk_str sp, sk_err *err)
{
    if (sp.s == NULL || sp.len == 0 || !storable(sp.s, sp.len))
        return put_varint(out, 1, err);
    int rc = put_varint(out, (uint64_t)sp.len + 2, err);
    return rc == SK_OK ? sk_buf_append(out, sp.s, sp.len, err) : rc;
}

/* A file name: bytes that are not UTF-8 (old archives' names) are
 * percent-encoded, so the name stays readable and usable in a URL. */
static int put_path(sk_buf *out, sk_str sp, sk_err *err)
{
    if (sp.s == NULL || storable(sp.s, sp.len))
        return put_string(out, sp, err);
    sk_buf b = SK_BUF_INIT;
    int rc = SK_OK;
    for (size_t i = 0; i < sp.len && rc == SK_OK; i++) {
        unsigned char c = (unsigned char)sp.s[i];
        rc = c < 0x80 && c != 0 ? sk_buf_putc(&b, (char)c, err)
                                : sk_buf_printf(&b, err, "%%%02X", c);
    }
    if (rc == SK_OK)
        rc = put_string(out, (sk_str){b.data, b.len}, err);
    sk_buf_release(&b);
    return rc;
}

static int put_number(sk_buf *out, long long v, sk_err *err)
{
    return put_varint(out, v > 0 ? (uint64_t)v + 1 : 1, err);
}

int sk_docmeta_encode(sk_buf *out, const sk_docmeta *m, sk_err *err)
{
    int rc = sk_buf_putc(out, SK_DOCMETA_V2, err);
    for (size_t i = 0; i < N_STR_FIELDS && rc == SK_OK; i++) {
        sk_str v = *field_of(m, i);
        rc = i == 0 ? put_path(out, v, err) : put_string(out, v, err);
    }
    if (rc == SK_OK)
        rc = put_number(out, m->page_from, err);
    if (rc == SK_OK)
        rc = put_number(out, m->page_to, err);
    if (rc == SK_OK)
        rc = put_number(out, m->ocr ? 1 : 0, err);
    if (rc == SK_OK)
        rc = put_varint(out, (uint64_t)m->n_page_marks + 1, err);
    for (size_t i = 0; i < m->n_page_marks && rc == SK_OK; i++) {
        rc = put_varint(out, (uint64_t)m->page_marks[i].offset + 1, err);
        if (rc == SK_OK)
            rc = put_number(out, m->page_marks[i].number, err);
    }
    for (size_t i = 0; i < N_TAIL_FIELDS && rc == SK_OK; i++)
        rc = put_string(out, *tail_field((sk_docmeta *)m, i), err);
    return rc;
}

/* ---- reading ---- */

typedef struct reader {
    const unsigned char *p, *end;
    int bad;
} reader;

static uint64_t get_varint(reader *r)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (r->p >= r->end) {
            r->bad = 1;
            return 0;
        }
        unsigned char c = *r->p++;
        v |= (uint64_t)(c & 0x7F) << shift;
        if (!(c & 0x80))
            return v;
    }
    r->bad = 1;
    return 0;
}

/* A stored number (value + 1) back; 0 for none or damage. */
static long long get_number(reader *r)
{
    uint64_t v = get_varint(r);
    if (v == 0 || v - 1 > INT32_MAX) {
        r->bad |= v == 0;
        return 0;
    }
    return (long long)(v - 1);
}

static sk_str get_string(reader *r)
{
    sk_str sp = {NULL, 0};
    uint64_t v = get_varint(r);
    if (v < 2) {
        r->bad |= v == 0;
        return sp;
    }
    if (v - 2 > (uint64_t)(r->end - r->p)) {
        r->bad = 1;
        return sp;
    }
    sp.s = (const char *)r->p;
    sp.len = (size_t)(v - 2);
    r->p += sp.len;
    return sp;
}

static int alloc_pages(sk_docmeta *m, size_t n, sk_err *err)
{
    m->page_marks = calloc(n, sizeof *m->page_marks);
    if (m->page_marks == NULL)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    m->n_page_marks = n;
    return SK_OK;
}

static sk_str json_str(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    sk_str sp = {json_string_value(v), json_string_length(v)};
    if (sp.s == NULL || sp.len == 0)
        sp = (sk_str){NULL, 0};
    return sp;
}

/* An index written before: the metadata is a JSON object. */
static int decode_json(const char *s, size_t len, sk_docmeta *m, sk_err *err)
{
    json_error_t jerr;
    json_t *o = json_loadb(s, len, 0, &jerr);
    if (!json_is_object(o)) {
        json_decref(o);
        return sk_err_set(err, SK_ECORRUPT, "stored document data is not valid: %s", jerr.text);
    }
    m->json = o;
    for (size_t i = 0; i < N_STR_FIELDS; i++)
        *field(m, i) = json_str(o, str_fields[i].key);
    for (size_t i = 0; i < N_TAIL_FIELDS; i++)
        *tail_field(m, i) = json_str(o, tail_fields[i].key);
    m->page_from = (int)json_integer_value(json_object_get(o, "page_from"));
    m->page_to = (int)json_integer_value(json_object_get(o, "page_to"));
    m->ocr = json_is_true(json_object_get(o, "ocr"));
    json_t *marks = json_object_get(o, "pages");
    size_t n = json_array_size(marks);
    if (n == 0)
        return SK_OK;
    int rc = alloc_pages(m, n, err);
    for (size_t i = 0; i < n && rc == SK_OK; i++) {
        json_t *pm = json_array_get(marks, i);
        m->page_marks[i].offset = (size_t)json_integer_value(json_array_get(pm, 0));
        m->page_marks[i].number = (int)json_integer_value(json_array_get(pm, 1));
    }
    return rc;
}

int sk_docmeta_decode(sk_docmeta *out, const char *s, size_t len, sk_err *err)
{
    memset(out, 0, sizeof *out);
    if (len > 0 && s[0] == '{')
        return decode_json(s, len, out, err);
    if (len == 0 || s[0] != SK_DOCMETA_V2)
        return sk_err_set(err, SK_ECORRUPT, "stored document data has metadata of no known kind");
    reader r = {(const unsigned char *)s + 1, (const unsigned char *)s + len, 0};
    for (size_t i = 0; i < N_STR_FIELDS; i++)
        *field(out, i) = get_string(&r);
    out->page_from = (int)get_number(&r);
    out->page_to = (int)get_number(&r);
    out->ocr = get_number(&r) != 0;
    uint64_t n = get_varint(&r);
    int rc = SK_OK;
    if (n == 0 || n - 1 > MAX_PAGES || n - 1 > (uint64_t)(r.end - r.p))
        r.bad = 1; /* every pair takes at least two bytes */
    else if (n > 1)
        rc = alloc_pages(out, (size_t)(n - 1), err);
    for (size_t i = 0; i < out->n_page_marks && rc == SK_OK && !r.bad; i++) {
        uint64_t off = get_varint(&r);
        r.bad |= off == 0;
        out->page_marks[i].offset = off ? (size_t)(off - 1) : 0;
        out->page_marks[i].number = (int)get_number(&r);
    }
    for (size_t i = 0; i < N_TAIL_FIELDS && !r.bad && r.p < r.end; i++)
        *tail_field(out, i) = get_string(&r);
    if (rc == SK_OK && (r.bad || r.p != r.end))
        rc = sk_err_set(err, SK_ECORRUPT, "stored document data has damaged metadata");
    if (rc != SK_OK)
        sk_docmeta_release(out);
    return rc;
}

void sk_docmeta_release(sk_docmeta *m)
{
    free(m->page_marks);
    json_decref(m->json);
    memset(m, 0, sizeof *m);
}
