/* extract_html.c: HTML -> title and main-content text with libxml2.
 *
 * 1. Charset. We decide it ourselves and convert to UTF-8 before libxml2
 *    sees the bytes (so libxml2 never hits an iconv error on bytes that
 *    windows-1252 leaves undefined, and a <meta> inside cannot re-decode it):
 *    - a BOM (UTF-8, UTF-16LE/BE) wins;
 *    - else the first <meta charset> or <meta http-equiv="Content-Type"
 *      content="...; charset=..."> in the first 4 KB (comments skipped);
 *      iso-8859-1/latin1/us-ascii and friends mean windows-1252, as in
 *      browsers; iso-8859-15 is honoured; other labels are ignored;
 *    - declared (or detected) UTF-8 is decoded as UTF-8, and every byte that
 *      is not part of a valid UTF-8 sequence is read as windows-1252. A pure
 *      latin1 page declared (or not declared) as UTF-8 thus comes out right,
 *      and so does a UTF-8 page with a few stray latin1 bytes;
 *    - declared windows-1252/latin1 whose bytes are valid UTF-8 and contain
 *      multi-byte sequences is read as UTF-8 (a mislabelled UTF-8 page: Ã¸
 *      would otherwise be indexed instead of ø).
 *    NUL becomes U+FFFD, other C0 controls except TAB/LF/CR become spaces.
 *
 * 2. Main content. The first <main> (or role="main") element, else all
 *    outermost <article> elements, else <body>. Inside it we drop script,
 *    style, noscript, template, nav, aside, form, iframe, svg, canvas,
 *    object, embed, button, select, textarea, elements with the hidden
 *    attribute or aria-hidden="true", role=navigation/banner/contentinfo/
 *    complementary/search, and elements whose id or class contains cookie,
 *    consent, breadcrumb, brodsmule, navbar, menu, skip-link or skiplink.
 *    Header/footer judgement (following ARIA, where only page-level header
 *    and footer are banner/contentinfo):
 *    - <header>/<footer> elements are dropped unless they sit inside
 *      <main>/<article>/<section> (there they usually hold the case's <h1>,
 *      date or author, which we want);
 *    - the class/id words header/footer (a token "header", "header-...",
 *      "site-header", "global-header", "page-footer", ...; never
 *      "case-header" or Bootstrap's "page-header", which hold content) only
 *      count outside a <main>/<article> content root.
 *    Comments are never text.
 *
 * 3. Text. Block elements (p, div, li, h1-h6, table, section, dl,
 *    blockquote, pre, ...) are separated by "\n\n"; <br> is "\n";
 *    ASCII whitespace runs become one space (U+00A0 from &nbsp; is kept);
 *    <pre> keeps its whitespace. Tables and definition lists are read as
 *    in the PDF back end (extract_layout.h): each <tr> is one line, its
 *    cells (<td>, <th>) separated by '\t' (an empty cell is an empty string
 *    between two tabs, a cell with colspan=N is followed by N - 1 more tabs;
 *    empty cells at the end of a row are left out); inside a cell, blocks
 *    and <br> are a space. Each <dt> starts a line, and the <dd>s after it
 *    follow on that line after a '\t' ("Møtedato\t4. oktober 2023").
 */
#include "saksok/indexer/extract.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract_int.h"
#include "saksok/base/buf.h"

/* ======================================================================== */
/* charset                                                                  */
/* ======================================================================== */

typedef enum charset { CS_NONE, CS_UTF8, CS_CP1252, CS_LATIN9, CS_UTF16LE, CS_UTF16BE } charset;

#define PRESCAN_BYTES 4096

static int is_ws(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static charset charset_of_label(const char *s, size_t n)
{
    static const struct {
        const char *label;
        charset cs;
    } labels[] = {
        {"utf-8", CS_UTF8},          {"utf8", CS_UTF8},         {"unicode-1-1-utf-8", CS_UTF8},
        {"utf-16", CS_UTF8},         {"utf-16le", CS_UTF8},     {"utf-16be", CS_UTF8},
        {"windows-1252", CS_CP1252}, {"cp1252", CS_CP1252},     {"x-cp1252", CS_CP1252},
        {"iso-8859-1", CS_CP1252},   {"iso8859-1", CS_CP1252},  {"iso_8859-1", CS_CP1252},
        {"iso88591", CS_CP1252},     {"latin1", CS_CP1252},     {"l1", CS_CP1252},
        {"cp819", CS_CP1252},        {"ibm819", CS_CP1252},     {"iso-ir-100", CS_CP1252},
        {"csisolatin1", CS_CP1252},  {"us-ascii", CS_CP1252},   {"ascii", CS_CP1252},
        {"iso-8859-15", CS_LATIN9},  {"iso8859-15", CS_LATIN9}, {"iso_8859-15", CS_LATIN9},
        {"latin9", CS_LATIN9},       {"latin-9", CS_LATIN9},    {"l9", CS_LATIN9},
    };
    /* (a UTF-16 label in a <meta> cannot be true: we could read it as ASCII) */
    while (n > 0 && (is_ws((unsigned char)*s) || *s == '"' || *s == '\'')) {
        s++;
        n--;
    }
    while (n > 0 && (is_ws((unsigned char)s[n - 1]) || s[n - 1] == '"' || s[n - 1] == '\''))
        n--;
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strlen(labels[i].label) == n && strncasecmp(labels[i].label, s, n) == 0)
            return labels[i].cs;
    return CS_NONE;
}

typedef struct span {
    const char *s;
    size_t n;
} span;

static int starts_ci(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && strncasecmp(s, prefix, k) == 0;
}

/* One attribute of a tag at s[*i]; name.n == 0 at the end of the tag. */
static void next_attr(const char *s, size_t n, size_t *i, span *name, span *value)
{
    size_t p = *i;
    name->n = value->n = 0;
    value->s = name->s = s;
    while (p < n && (is_ws((unsigned char)s[p]) || s[p] == '/'))
        p++;
    if (p >= n || s[p] == '>') {
        *i = p;
        return;
    }
    name->s = s + p;
    while (p < n && s[p] != '=' && s[p] != '>' && s[p] != '/' && !is_ws((unsigned char)s[p]))
        p++;
    name->n = (size_t)(s + p - name->s);
    while (p < n && is_ws((unsigned char)s[p]))
        p++;
    if (p < n && s[p] == '=') {
        p++;
        while (p < n && is_ws((unsigned char)s[p]))
            p++;
        if (p < n && (s[p] == '"' || s[p] == '\'')) {
            char q = s[p++];
            value->s = s + p;
            while (p < n && s[p] != q)
                p++;
            value->n = (size_t)(s + p - value->s);
            if (p < n)
                p++;
        } else {
            value->s = s + p;
            while (p < n && s[p] != '>' && !is_ws((unsigned char)s[p]))
                p++;
            value->n = (size_t)(s + p - value->s);
        }
    }
    *i = p;
}

static int span_is(span a, const char *lit)
{
    return a.n == strlen(lit) && strncasecmp(a.s, lit, a.n) == 0;
}

/* charset=... inside a Content-Type value */
static charset charset_of_content(span c)
{
    for (size_t i = 0; i + 7 <= c.n; i++) {
        if (!starts_ci(c.s + i, c.n - i, "charset"))
            continue;
        size_t p = i + 7;
        while (p < c.n && is_ws((unsigned char)c.s[p]))
            p++;
        if (p >= c.n || c.s[p] != '=')
            continue;
        p++;
        while (p < c.n && is_ws((unsigned char)c.s[p]))
            p++;
        size_t q = p;
        while (q < c.n && c.s[q] != ';' && !is_ws((unsigned char)c.s[q]))
            q++;
        return charset_of_label(c.s + p, q - p);
    }
    return CS_NONE;
}

/* Attributes of a <meta> tag starting at s[*i] (just after "<meta"). */
static charset charset_of_meta(const char *s, size_t n, size_t *i)
{
    charset direct = CS_NONE, pragma = CS_NONE;
    int got_direct = 0, is_content_type = 0;
    for (;;) {
        span name, value;
        next_attr(s, n, i, &name, &value);
        if (name.n == 0)
            break;
        if (span_is(name, "charset") && !got_direct) {
            got_direct = 1;
            direct = charset_of_label(value.s, value.n);
        } else if (span_is(name, "http-equiv")) {
            is_content_type = span_is(value, "content-type");
        } else if (span_is(name, "content") && pragma == CS_NONE) {
            pragma = charset_of_content(value);
        }
    }
    if (got_direct)
        return direct;
    return is_content_type ? pragma : CS_NONE;
}

static charset prescan_meta(const char *s, size_t n)
{
    if (n > PRESCAN_BYTES)
        n = PRESCAN_BYTES;
    size_t i = 0;
    while (i < n) {
        if (starts_ci(s + i, n - i, "<!--")) {
            const char *end = NULL;
            for (size_t j = i + 4; j + 3 <= n && end == NULL; j++)
                if (memcmp(s + j, "-->", 3) == 0)
                    end = s + j;
            if (end == NULL)
                return CS_NONE;
            i = (size_t)(end - s) + 3;
        } else if (starts_ci(s + i, n - i, "<meta") && i + 5 < n &&
                   (is_ws((unsigned char)s[i + 5]) || s[i + 5] == '/')) {
            i += 5;
            charset cs = charset_of_meta(s, n, &i);
            if (cs != CS_NONE)
                return cs;
        } else {
            i++;
        }
    }
    return CS_NONE;
}

/* 1 if all of s is valid UTF-8 and contains at least one multi-byte char. */
static int is_multibyte_utf8(const unsigned char *s, size_t n)
{
    int multi = 0;
    for (size_t i = 0; i < n;) {
        size_t k = sk_utf8_seq((const char *)s + i, n - i);
        if (k == 0)
            return 0;
        multi |= k > 1;
        i += k;
    }
    return multi;
}

static charset decide_charset(const unsigned char *s, size_t n, size_t *skip)
{
    *skip = 0;
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        *skip = 3;
        return CS_UTF8;
    }
    if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
        *skip = 2;
        return CS_UTF16LE;
    }
    if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
        *skip = 2;
        return CS_UTF16BE;
    }
    charset cs = prescan_meta((const char *)s, n);
    if ((cs == CS_CP1252 || cs == CS_LATIN9) && is_multibyte_utf8(s, n))
        return CS_UTF8;
    return cs == CS_NONE ? CS_UTF8 : cs;
}

/* ---- decoding to UTF-8 --------------------------------------------------- */

static const unsigned short cp1252_80[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static unsigned single_byte_cp(unsigned char c, charset cs)
{
    if (c >= 0x80 && c <= 0x9F)
        return cs == CS_LATIN9 ? c : cp1252_80[c - 0x80];
    if (cs == CS_LATIN9) {
        switch (c) {
        case 0xA4: return 0x20AC;
        case 0xA6: return 0x0160;
        case 0xA8: return 0x0161;
        case 0xB4: return 0x017D;
        case 0xB8: return 0x017E;
        case 0xBC: return 0x0152;
        case 0xBD: return 0x0153;
        case 0xBE: return 0x0178;
        default: break;
        }
    }
    return c;
}

/* Code points we do not hand to libxml2 as they are. */
static int fix_control(unsigned cp, unsigned *out)
{
    if (cp == 0) {
        *out = 0xFFFD;
        return 1;
    }
    if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') {
        *out = ' ';
        return 1;
    }
    return 0;
}

static int flush_run(sk_buf *out, const unsigned char *s, size_t from, size_t to, sk_err *err)
{
    return to > from ? sk_buf_append(out, (const char *)s + from, to - from, err) : SK_OK;
}

/* cs == CS_UTF8: UTF-8, each byte outside a valid sequence read as
 * windows-1252; otherwise every byte >= 0x80 is read in the single-byte cs. */
static int decode_8bit(sk_buf *out, const unsigned char *s, size_t n, charset cs, sk_err *err)
{
    size_t run = 0, i = 0;
    int rc = SK_OK;
    while (rc == SK_OK && i < n) {
        unsigned cp = s[i], fixed;
        size_t k = 1;
        if (cp < 0x80) {
            if (!fix_control(cp, &fixed)) {
                i++;
                continue;
            }
        } else if (cs == CS_UTF8 && (k = sk_utf8_seq((const char *)s + i, n - i)) > 0) {
            i += k;
            continue;
        } else {
            k = 1;
            fixed = single_byte_cp(s[i], cs);
        }
        rc = flush_run(out, s, run, i, err);
        if (rc == SK_OK)
            rc = sk_extract_append_cp(out, fixed, err);
        i += k;
        run = i;
    }
    return rc == SK_OK ? flush_run(out, s, run, n, err) : rc;
}

static int decode_utf16(sk_buf *out, const unsigned char *s, size_t n, int be, sk_err *err)
{
    int rc = SK_OK;
    for (size_t i = 0; rc == SK_OK && i + 1 < n; i += 2) {
        unsigned u = be ? (unsigned)(s[i] << 8 | s[i + 1]) : (unsigned)(s[i + 1] << 8 | s[i]);
        unsigned cp = u, fixed;
        if (u >= 0xD800 && u <= 0xDBFF && i + 3 < n) {
            unsigned lo =
                be ? (unsigned)(s[i + 2] << 8 | s[i + 3]) : (unsigned)(s[i + 3] << 8 | s[i + 2]);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            }
        }
        if (cp >= 0xD800 && cp <= 0xDFFF)
            cp = 0xFFFD;
        if (fix_control(cp, &fixed))
            cp = fixed;
        rc = sk_extract_append_cp(out, cp, err);
    }
    return rc;
}

static int to_utf8(sk_buf *out, const char *data, size_t len, sk_err *err)
{
    const unsigned char *s = (const unsigned char *)data;
    size_t skip = 0;
    charset cs = decide_charset(s, len, &skip);
    s += skip;
    len -= skip;
    if (cs == CS_UTF16LE || cs == CS_UTF16BE)
        return decode_utf16(out, s, len, cs == CS_UTF16BE, err);
    return decode_8bit(out, s, len, cs, err);
}

/* ======================================================================== */
/* DOM -> text                                                              */
/* ======================================================================== */

static int is_elem(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->name != NULL &&
           strcmp((const char *)n->name, name) == 0;
}

static int name_in(const xmlNode *n, const char *const *names)
{
    for (; *names != NULL; names++)
        if (is_elem(n, *names))
            return 1;
    return 0;
}

/* Value of attribute name ("" when present without a value), or NULL. */
static const char *attr(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a != NULL; a = a->next) {
        if (a->name == NULL || strcasecmp((const char *)a->name, name) != 0)
            continue;
        if (a->children != NULL && a->children->type == XML_TEXT_NODE && a->children->content)
            return (const char *)a->children->content;
        return "";
    }
    return NULL;
}

/* Does the whitespace-separated list s contain token tok (ASCII case-insensitive)? */
static int has_token(const char *s, const char *tok)
{
    size_t k = strlen(tok);
    while (s != NULL && *s) {
        while (is_ws((unsigned char)*s))
            s++;
        const char *e = s;
        while (*e && !is_ws((unsigned char)*e))
            e++;
        if ((size_t)(e - s) == k && strncasecmp(s, tok, k) == 0)
            return 1;
        s = e;
    }
    return 0;
}

static int contains_ci(const char *s, const char *needle)
{
    size_t k = strlen(needle);
    for (; s != NULL && *s; s++)
        if (strncasecmp(s, needle, k) == 0)
            return 1;
    return 0;
}

static int is_role_main(const xmlNode *n)
{
    return n->type == XML_ELEMENT_NODE && has_token(attr(n, "role"), "main");
}

/* A class token or id naming page-level header/footer chrome. */
static int chrome_word(const char *w, size_t n)
{
    static const char *const words[] = {
        "header",        "footer",        "site-header", "site-footer", "siteheader",  "sitefooter",
        "global-header", "global-footer", "page-footer", "main-header", "main-footer", NULL};
    for (const char *const *p = words; *p != NULL; p++) {
        size_t k = strlen(*p);
        if (n >= k && strncasecmp(w, *p, k) == 0 && (n == k || w[k] == '-' || w[k] == '_'))
            return 1;
    }
    return 0;
}

static int has_chrome_word(const char *s)
{
    while (s != NULL && *s) {
        while (is_ws((unsigned char)*s))
            s++;
        const char *e = s;
        while (*e && !is_ws((unsigned char)*e))
            e++;
        if (e > s && chrome_word(s, (size_t)(e - s)))
            return 1;
        s = e;
    }
    return 0;
}

static int has_chrome_substring(const char *s)
{
    static const char *const bad[] = {"cookie", "consent",   "breadcrumb", "brodsmule", "navbar",
                                      "menu",   "skip-link", "skiplink",   NULL};
    if (s == NULL)
        return 0;
    for (const char *const *p = bad; *p != NULL; p++)
        if (contains_ci(s, *p))
            return 1;
    return 0;
}

static int inside_sectioning(const xmlNode *n, const xmlNode *root)
{
    static const char *const sect[] = {"main", "article", "section", NULL};
    for (const xmlNode *p = n->parent; p != NULL && p != root->parent; p = p->parent)
        if (name_in(p, sect) || is_role_main(p))
            return 1;
    return 0;
}

typedef struct walker {
    const xmlNode *root;
    int in_main; /* root is <main>, role=main or <article> */
    sk_buf out;
    sk_err err;
    int rc;
    int pending;     /* 0, 1 = line break, 2 = block break */
    int space;       /* collapsed whitespace waiting */
    int pre;         /* depth of <pre> */
    int cell;        /* depth of <td>/<th> */
    int cells;       /* cells begun in the current <tr> */
    int span;        /* tabs owed by the last cell's colspan */
    int tabs;        /* tabs waiting before the next text */
    int dd_tab;      /* a <dd> now follows its <dt> on one line */
    unsigned layout; /* bit k: the table at depth k lays out the page */
    int tables;      /* depth of <table> */
} walker;

/* A table that lays out a page rather than data: a cell of it holds a
 * heading or four blocks or more, or, in a table of one or two rows, another
 * table or two blocks. Its rows and cells are read as blocks, not as
 * tab-separated lines. */
enum { CELL_HEADING = 100 };

static int blocks_in(const xmlNode *cell)
{
    static const char *const headings[] = {"h1", "h2", "h3", "h4", "h5", "h6", NULL};
    static const char *const blocks[] = {"p", "ul", "ol", NULL};
    int n = 0;
    for (const xmlNode *c = cell->children; c != NULL; c = c->next) {
        if (name_in(c, headings))
            return CELL_HEADING;
        if (is_elem(c, "table"))
            n += 2;
        else if (name_in(c, blocks))
            n++;
        else if (is_elem(c, "div")) {
            int k = blocks_in(c);
            if (k >= CELL_HEADING)
                return k;
            n += k > 1 ? k : 1;
        }
    }
    return n;
}

/* The most blocks in one cell of table n (not of tables inside it); its
 * rows in *rows. */
static int cell_blocks(const xmlNode *n, int depth, int *rows)
{
    int most = 0;
    for (const xmlNode *c = n->children; c != NULL && depth < 4; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || is_elem(c, "table"))
            continue;
        int k;
        if (is_elem(c, "td") || is_elem(c, "th")) {
            k = blocks_in(c);
        } else {
            *rows += is_elem(c, "tr");
            k = cell_blocks(c, depth + 1, rows);
        }
        most = k > most ? k : most;
    }
    return most;
}

static int layout_table(const xmlNode *n)
{
    int rows = 0, most = cell_blocks(n, 0, &rows);
    return most >= 4 || (rows <= 2 && most >= 2);
}

static int dropped(const walker *w, const xmlNode *n)
{
    static const char *const drop[] = {"script", "style", "noscript", "template", "nav",
                                       "aside",  "form",  "iframe",   "svg",      "canvas",
                                       "object", "embed", "button",   "select",   "textarea",
                                       "head",   "title", "math",     NULL};
    static const char *const roles[] = {"navigation",    "banner", "contentinfo",
                                        "complementary", "search", NULL};
    if (name_in(n, drop))
        return 1;
    if ((is_elem(n, "header") || is_elem(n, "footer")) && !w->in_main &&
        !inside_sectioning(n, w->root))
        return 1;
    const char *role = attr(n, "role");
    for (const char *const *r = roles; role != NULL && *r != NULL; r++)
        if (has_token(role, *r))
            return 1;
    if (attr(n, "hidden") != NULL)
        return 1;
    const char *aria_hidden = attr(n, "aria-hidden");
    if (aria_hidden != NULL && strcasecmp(aria_hidden, "true") == 0)
        return 1;
    const char *id = attr(n, "id"), *cls = attr(n, "class");
    if (has_chrome_substring(id) || has_chrome_substring(cls))
        return 1;
    if (!w->in_main && (has_chrome_word(id) || has_chrome_word(cls)))
        return 1;
    return 0;
}

static int is_block(const xmlNode *n)
{
    static const char *const blocks[] = {
        "address", "article", "aside", "blockquote", "body",    "caption",  "center",     "dd",
        "details", "dialog",  "div",   "dl",         "dt",      "fieldset", "figcaption", "figure",
        "footer",  "h1",      "h2",    "h3",         "h4",      "h5",       "h6",         "header",
        "hgroup",  "hr",      "html",  "legend",     "li",      "main",     "menu",       "nav",
        "ol",      "p",       "pre",   "section",    "summary", "table",    "tbody",      "td",
        "tfoot",   "th",      "thead", "tr",         "ul",      NULL};
    return name_in(n, blocks);
}

static void put(walker *w, const char *s, size_t n)
{
    if (w->rc == SK_OK)
        w->rc = sk_buf_append(&w->out, s, n, &w->err);
}

static void brk(walker *w, int kind)
{
    if (kind > w->pending)
        w->pending = kind;
    w->space = 0;
    w->tabs = 0; /* empty cells at the end of a row */
}

static void trim_end(walker *w)
{
    while (w->out.len > 0 && is_ws((unsigned char)w->out.data[w->out.len - 1]))
        w->out.data[--w->out.len] = '\0';
}

/* Before appending visible text: the pending break or space. */
static void settle(walker *w)
{
    if (w->pending) {
        trim_end(w);
        if (w->out.len > 0)
            put(w, w->pending == 2 ? "\n\n" : "\n", (size_t)w->pending);
        w->pending = 0;
        w->space = 0;
    }
    if (w->tabs) {
        while (w->out.len > 0 && w->out.data[w->out.len - 1] == ' ')
            w->out.data[--w->out.len] = '\0';
        for (; w->tabs > 0; w->tabs--)
            put(w, "\t", 1);
        w->space = 0;
    } else if (w->space) {
        put(w, " ", 1);
        w->space = 0;
    }
}

static void text_pre(walker *w, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != '\r')
            j++;
        if (j > i) {
            settle(w);
            put(w, s + i, j - i);
        }
        if (j < n) { /* CR or CRLF -> LF */
            settle(w);
            put(w, "\n", 1);
            j += (j + 1 < n && s[j + 1] == '\n') ? 2 : 1;
        }
        i = j;
    }
}

static void text(walker *w, const char *s, size_t n)
{
    if (w->pre) {
        text_pre(w, s, n);
        return;
    }
    size_t i = 0;
    while (i < n) {
        if (is_ws((unsigned char)s[i])) {
            if (w->out.len > 0 || w->pending)
                w->space = 1;
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && !is_ws((unsigned char)s[j]))
            j++;
        settle(w);
        put(w, s + i, j - i);
        i = j;
    }
}

static int colspan(const xmlNode *n)
{
    const char *v = attr(n, "colspan");
    int k = v != NULL ? atoi(v) : 1;
    return k < 1 ? 1 : k > 64 ? 64 : k;
}

/* Tables and definition lists (see the top); returns 0 for other elements. */
static int enter_grid(walker *w, const xmlNode *n)
{
    if (is_elem(n, "table") && w->cell == 0 && w->tables < 32) {
        if (layout_table(n))
            w->layout |= 1u << w->tables;
        else
            w->layout &= ~(1u << w->tables);
        w->tables++;
        return 0;
    }
    if (w->tables > 0 && w->tables <= 32 && (w->layout >> (w->tables - 1) & 1u))
        return 0; /* rows and cells of a layout table are blocks */
    int is_cell = is_elem(n, "td") || is_elem(n, "th");
    if (w->cell > 0) { /* inside a cell: blocks and rows are spaces */
        if (is_block(n) || is_elem(n, "br"))
            w->space = w->out.len > 0 || w->pending;
        w->cell += is_cell;
        return is_block(n) || is_elem(n, "br");
    }
    if (is_elem(n, "tr") || is_elem(n, "thead") || is_elem(n, "tbody") || is_elem(n, "tfoot")) {
        brk(w, 1);
        w->cells = w->span = 0;
    } else if (is_cell) {
        if (w->cells++ > 0)
            w->tabs += 1 + w->span;
        w->space = 0;
        w->cell = 1;
    } else if (is_elem(n, "dt")) {
        brk(w, 1);
        w->dd_tab = 0;
    } else if (is_elem(n, "dd") && w->dd_tab) {
        w->tabs = 1;
        w->space = 0;
    } else if (is_elem(n, "dd")) {
        brk(w, 1);
    } else {
        return 0;
    }
    return 1;
}

static int leave_grid(walker *w, const xmlNode *n)
{
    if (is_elem(n, "table") && w->cell == 0 && w->tables > 0) {
        w->tables--;
        return 0;
    }
    if (w->tables > 0 && w->tables <= 32 && (w->layout >> (w->tables - 1) & 1u))
        return 0;
    int is_cell = is_elem(n, "td") || is_elem(n, "th");
    if (w->cell > 0) {
        w->cell -= is_cell;
        if (is_cell && w->cell == 0)
            w->span = colspan(n) - 1;
        else if (is_block(n))
            w->space = w->out.len > 0 || w->pending;
        return is_block(n) || is_cell;
    }
    if (is_elem(n, "tr") || is_elem(n, "thead") || is_elem(n, "tbody") || is_elem(n, "tfoot"))
        brk(w, 1);
    else if (is_elem(n, "dt"))
        w->dd_tab = 1;
    else if (!is_elem(n, "dd"))
        return 0;
    return 1;
}

/* Returns 1 if n's children are to be visited. */
static int enter(walker *w, const xmlNode *n)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content != NULL)
            text(w, (const char *)n->content, strlen((const char *)n->content));
        return 0;
    }
    if (n->type != XML_ELEMENT_NODE || dropped(w, n))
        return 0;
    if (is_elem(n, "pre"))
        w->pre++;
    if (enter_grid(w, n))
        return !is_elem(n, "br");
    if (is_elem(n, "br")) {
        brk(w, 1);
        return 0;
    }
    if (is_block(n))
        brk(w, 2);
    if (is_elem(n, "dl"))
        w->dd_tab = 0;
    return 1;
}

static void leave(walker *w, const xmlNode *n)
{
    if (is_elem(n, "pre"))
        w->pre--;
    if (!leave_grid(w, n) && is_block(n))
        brk(w, 2);
}

/* Iterative pre-order walk of root's subtree (no recursion depth limit). */
static void walk(walker *w, const xmlNode *root)
{
    w->root = root;
    const xmlNode *n = root->children;
    while (n != NULL && w->rc == SK_OK) {
        int inside = enter(w, n);
        if (inside && n->children != NULL) {
            n = n->children;
            continue;
        }
        if (inside)
            leave(w, n);
        while (n != NULL && n->next == NULL) {
            n = n->parent;
            if (n == root || n == NULL)
                return;
            leave(w, n);
        }
        n = n->next;
    }
}

/* Next node in document order within the whole tree. */
static const xmlNode *next_node(const xmlNode *n, int descend)
{
    if (descend && n->children != NULL)
        return n->children;
    while (n != NULL && n->next == NULL)
        n = n->parent;
    return n ? n->next : NULL;
}

static const xmlNode *find_main(const xmlNode *top)
{
    for (const xmlNode *n = top; n != NULL; n = next_node(n, 1))
        if ((is_elem(n, "main") || is_role_main(n)) && attr(n, "hidden") == NULL)
            return n;
    return NULL;
}

static const xmlNode *find_elem(const xmlNode *top, const char *name)
{
    for (const xmlNode *n = top; n != NULL; n = next_node(n, 1))
        if (is_elem(n, name))
            return n;
    return NULL;
}

/* Walk each outermost <article>; returns how many there were. */
static int walk_articles(walker *w, const xmlNode *top)
{
    int count = 0;
    const xmlNode *n = top;
    while (n != NULL && w->rc == SK_OK) {
        if (is_elem(n, "article")) {
            brk(w, 2);
            walk(w, n);
            count++;
            n = next_node(n, 0); /* skip nested articles */
        } else {
            n = next_node(n, 1);
        }
    }
    return count;
}

static void extract_body(walker *w, const xmlDoc *doc)
{
    const xmlNode *top = xmlDocGetRootElement(doc);
    if (top == NULL)
        return;
    const xmlNode *root = find_main(top);
    w->in_main = 1;
    if (root != NULL) {
        walk(w, root);
        return;
    }
    if (walk_articles(w, top) > 0)
        return;
    w->in_main = 0;
    root = find_elem(top, "body");
    walk(w, root ? root : top);
}

static int extract_title(char **title, const xmlDoc *doc, sk_err *err)
{
    const xmlNode *top = xmlDocGetRootElement(doc);
    const xmlNode *n = top;
    while (n != NULL && !is_elem(n, "title"))
        n = next_node(n, !is_elem(n, "svg") && !is_elem(n, "math"));
    if (n == NULL)
        return SK_OK;
    xmlChar *s = xmlNodeGetContent(n);
    int rc = SK_OK;
    if (s != NULL)
        rc = sk_extract_clean_title(title, (const char *)s, strlen((const char *)s), err);
    xmlFree(s);
    return rc;
}

/* ---- the site's words about the page: its name and breadcrumb ---- */

static int is_breadcrumb(const xmlNode *n)
{
    static const char *const words[] = {"breadcrumb", "brodsmule", "brødsmule"};
    const char *vals[] = {attr(n, "class"), attr(n, "id"), attr(n, "aria-label")};
    for (size_t v = 0; v < sizeof vals / sizeof *vals; v++)
        for (size_t k = 0; vals[v] != NULL && k < sizeof words / sizeof *words; k++)
            if (contains_ci(vals[v], words[k]))
                return 1;
    return 0;
}

/* Appends text as one part (" | " between parts; blank text is no part),
 * up to 2000 bytes in all; sk_extract_clean_title() collapses the white
 * space once the parts are joined. */
static void add_site_part(sk_buf *b, const char *text, sk_err *err)
{
    while (text != NULL && *text != '\0' && is_ws((unsigned char)*text))
        text++;
    if (text == NULL || *text == '\0' || b->len >= 2000)
        return;
    if (b->len)
        sk_buf_append(b, " | ", 3, err);
    size_t n = strlen(text), room = b->len < 2000 ? 2000 - b->len : 0;
    sk_buf_append(b, text, n < room ? n : room, err);
}

/* The node after n in document order inside root's subtree (into n's
 * children when descend), or NULL past its end. */
static const xmlNode *next_within(const xmlNode *n, const xmlNode *root, int descend)
{
    if (descend && n->children != NULL)
        return n->children;
    while (n != root && n->next == NULL)
        n = n->parent;
    return n == root ? NULL : n->next;
}

/* A breadcrumb trail: the text of each of its items (li), or of the whole
 * trail; never anything after it. */
static void add_breadcrumb(sk_buf *b, const xmlNode *trail, sk_err *err)
{
    int items = 0;
    for (const xmlNode *n = trail->children; n != NULL;) {
        int li = is_elem(n, "li");
        if (li) {
            xmlChar *t = xmlNodeGetContent(n);
            add_site_part(b, (const char *)t, err);
            xmlFree(t);
            items++;
        }
        n = next_within(n, trail, !li);
    }
    if (!items) {
        xmlChar *t = xmlNodeGetContent(trail);
        add_site_part(b, (const char *)t, err);
        xmlFree(t);
    }
}

static int extract_site(char **site, const xmlDoc *doc, sk_err *err)
{
    sk_buf b;
    sk_buf_init(&b, 4096);
    for (const xmlNode *n = xmlDocGetRootElement(doc); n != NULL; n = next_node(n, 1)) {
        if (is_elem(n, "meta")) {
            const char *prop = attr(n, "property"), *name = attr(n, "name");
            if ((prop && strcasecmp(prop, "og:site_name") == 0) ||
                (name && strcasecmp(name, "application-name") == 0))
                add_site_part(&b, attr(n, "content"), err);
        } else if (n->type == XML_ELEMENT_NODE && is_breadcrumb(n)) {
            add_breadcrumb(&b, n, err);
            while (n->last != NULL) /* its items are read: go on after them */
                n = n->last;
        }
    }
    int rc = SK_OK;
    if (b.len)
        rc = sk_extract_clean_title(site, b.data, b.len, err);
    sk_buf_release(&b);
    return rc;
}

static int extract_doc(sk_extracted *x, const xmlDoc *doc, sk_err *err)
{
    int rc = extract_title(&x->title, doc, err);
    if (rc == SK_OK)
        rc = extract_site(&x->site, doc, err);
    if (rc != SK_OK)
        return rc;
    walker w = {0};
    sk_buf_init(&w.out, SK_EXTRACT_MAX_PAGE_BYTES);
    extract_body(&w, doc);
    trim_end(&w);
    rc = w.rc;
    if (rc == SK_ELIMIT)
        rc = sk_err_set(err, SK_ELIMIT, "text exceeds the cap of %zu bytes",
                        SK_EXTRACT_MAX_PAGE_BYTES);
    else if (rc != SK_OK)
        rc = sk_err_set(err, rc, "%s", w.err.msg);
    if (rc == SK_OK)
        rc = sk_extract_add_page(x, &w.out, 0, err);
    sk_buf_release(&w.out);
    return rc;
}

/* ======================================================================== */
/* entry points                                                             */
/* ======================================================================== */

static int parse(xmlDoc **doc, const char *data, size_t len, sk_err *err)
{
    sk_buf utf8 = SK_BUF_INIT;
    int rc = to_utf8(&utf8, data, len, err);
    if (rc == SK_OK && utf8.len > (size_t)2147483647)
        rc = sk_err_set(err, SK_ELIMIT, "HTML too large for the parser");
    *doc = NULL;
    if (rc == SK_OK) {
        xmlInitParser();
        *doc = htmlReadMemory(utf8.data ? utf8.data : "", (int)utf8.len, NULL, "UTF-8",
                              HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                  HTML_PARSE_RECOVER);
    }
    sk_buf_release(&utf8);
    return rc;
}

int sk_extract_html_mem(sk_extracted *out, const char *data, size_t len, sk_err *err)
{
    if (out == NULL || (data == NULL && len > 0))
        return sk_err_set(err, SK_EINVAL, "sk_extract_html_mem: NULL argument");
    if (len == 0)
        return sk_err_set(err, SK_EFORMAT, "empty file (0 bytes)");
    xmlDoc *doc = NULL;
    int rc = parse(&doc, data, len, err);
    if (rc != SK_OK)
        return rc;
    sk_extracted x = {0};
    x.format = SK_FORMAT_HTML;
    x.n_pages_total = 1;
    if (doc != NULL) {
        rc = extract_doc(&x, doc, err);
        xmlFreeDoc(doc);
    } else { /* nothing libxml2 could make a document of (e.g. only blanks) */
        sk_buf empty = SK_BUF_INIT;
        rc = sk_extract_add_page(&x, &empty, 0, err);
    }
    if (rc != SK_OK) {
        sk_extracted_release(&x);
        return rc;
    }
    sk_extract_move(out, &x);
    return SK_OK;
}

/* The back end (no pages to OCR: opts and stats are not used). */
static int html_extract(sk_extracted *out, const char *path, const sk_extract_opts *opts,
                        sk_extract_stats *stats, sk_err *err)
{
    (void)opts;
    (void)stats;
    char *data = NULL;
    size_t len = 0;
    int rc = sk_extract_read_file(&data, &len, path, SK_EXTRACT_MAX_FILE_BYTES, err);
    if (rc == SK_OK)
        rc = sk_extract_html_mem(out, data, len, err);
    free(data);
    return rc;
}

const sk_extract_backend sk_extract_backend_html = {
    .name = "html",
    .format = SK_FORMAT_HTML,
    .extract = html_extract,
};
