/* segtest.h: helpers of the segment stage's unit tests (header-only): the
 * council list, pages from text split on form feeds, and finding sections. */
#ifndef SAKSOK_SEGTEST_H
#define SAKSOK_SEGTEST_H

#include "testutil.h"

#include "saksok/indexer/segment.h"

static sk_bodies *bodies;

static inline char *source_path(const char *rel)
{
    const char *src = getenv("SAKSOK_SOURCE_DIR");
    char *p = malloc(4096);
    assert_non_null(p);
    snprintf(p, 4096, "%s/%s", src ? src : ".", rel);
    return p;
}

static inline int group_setup(void **state)
{
    (void)state;
    char *p = source_path("indexer/data/bodies.tsv");
    sk_err err = SK_ERR_INIT;
    int rc = sk_bodies_load(&bodies, p, &err);
    free(p);
    return rc;
}

static inline int group_teardown(void **state)
{
    (void)state;
    sk_bodies_free(bodies);
    return 0;
}

/* ---- helpers ---- */

typedef struct pages {
    char *buf;
    sk_page_text page[512];
    size_t n;
} pages;

/* Split text on form feeds into pages numbered first, first+1, ... */
static inline void split_pages(pages *pg, const char *text, size_t len, int first)
{
    pg->buf = malloc(len + 1);
    assert_non_null(pg->buf);
    memcpy(pg->buf, text, len);
    pg->buf[len] = '\0';
    pg->n = 0;
    char *p = pg->buf, *end = pg->buf + len;
    for (;;) {
        char *ff = memchr(p, '\f', (size_t)(end - p));
        char *e = ff ? ff : end;
        assert_true(pg->n < 512);
        pg->page[pg->n] = (sk_page_text){p, (size_t)(e - p), first + (int)pg->n};
        pg->n++;
        if (!ff)
            break;
        p = ff + 1;
    }
}

static inline void load_pages(pages *pg, const char *name)
{
    char rel[256];
    snprintf(rel, sizeof rel, "tests/data/segment/%s", name);
    char *path = source_path(rel);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    free(path);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    assert_true(n > 0);
    rewind(f);
    char *data = malloc((size_t)n);
    assert_non_null(data);
    assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    split_pages(pg, data, (size_t)n, 1);
    free(data);
}

static inline void segment(sk_paper *paper, pages *pg, const char *rel_path, const char *title)
{
    sk_err err = SK_ERR_INIT;
    int rc =
        sk_segment(paper, bodies, &(sk_paper_info){rel_path, title, NULL}, pg->page, pg->n, &err);
    if (rc != SK_OK)
        fail_msg("sk_segment: %s", err.msg);
}

static inline void segment_text(sk_paper *paper, const char *text, int first_page,
                                const char *rel_path, const char *title)
{
    pages pg;
    split_pages(&pg, text, strlen(text), first_page);
    segment(paper, &pg, rel_path, title);
    free(pg.buf);
}

static inline size_t count_role(const sk_paper *p, sk_role role)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n_sections; i++)
        n += p->sections[i].role == role;
    return n;
}

/* The n-th (0-based) section of role with case_no. */
static inline const sk_section *find_nth(const sk_paper *p, sk_role role, const char *case_no,
                                         int nth)
{
    for (size_t i = 0; i < p->n_sections; i++) {
        const sk_section *s = &p->sections[i];
        if (s->role == role && s->case_no && strcmp(s->case_no, case_no) == 0 && nth-- == 0)
            return s;
    }
    return NULL;
}

static inline const sk_section *find(const sk_paper *p, sk_role role, const char *case_no)
{
    return find_nth(p, role, case_no, 0);
}

#define assert_str_or_null(actual, expected)             \
    do {                                                 \
        const char *a_ = (actual), *e_ = (expected);     \
        if (e_)                                          \
            assert_string_equal(a_ ? a_ : "(null)", e_); \
        else                                             \
            assert_null(a_);                             \
    } while (0)

#endif
