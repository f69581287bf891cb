/* The structure recogniser: text of a paper (pages split at form feeds,
 * made valid UTF-8 as extraction does), with the first line as its title
 * and path, segmented with the real council list. */
#include "fuzz.h"

#include "saksok/analysis/normalise.h"
#include "saksok/indexer/segment.h"

#define MAX_PAGES 64

static sk_bodies *bodies;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    sk_err err = SK_ERR_INIT;
    if (sk_bodies_load_default(&bodies, &err) != SK_OK)
        abort();
    return 0;
}

/* Every section's pages lie within the input's. */
static void check(const sk_paper *p, int last_page)
{
    for (size_t i = 0; i < p->n_sections; i++) {
        const sk_section *s = &p->sections[i];
        if (s->text == NULL || s->page_from > s->page_to || s->page_to > last_page)
            abort();
        for (size_t k = 0; k < s->n_page_marks; k++)
            if (s->page_marks[k].offset > strlen(s->text))
                abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sk_err err = SK_ERR_INIT;
    /* Pages: the input split at form feeds, each normalised as the indexer does. */
    sk_page_text pages[MAX_PAGES];
    char *norm[MAX_PAGES];
    size_t n = 0;
    const char *s = (const char *)data, *end = s + size;
    while (n < MAX_PAGES) {
        const char *ff = memchr(s, '\f', (size_t)(end - s));
        const char *stop = ff && n + 1 < MAX_PAGES ? ff : end;
        size_t len = 0;
        if (sk_normalise(&norm[n], &len, s, (size_t)(stop - s), &err) != SK_OK)
            break;
        pages[n] = (sk_page_text){.text = norm[n], .len = len, .number = (int)n + 1};
        n++;
        if (stop == end)
            break;
        s = stop + 1;
    }
    char *title = NULL;
    if (n > 0) {
        const char *nl = memchr(pages[0].text, '\n', pages[0].len);
        if (nl)
            title = fuzz_cstr((const uint8_t *)pages[0].text, (size_t)(nl - pages[0].text));
    }
    sk_paper_info info = {.rel_path = title, .title = title, .site = title};
    sk_paper p = {0};
    if (sk_segment(&p, bodies, &info, pages, n, &err) == SK_OK)
        check(&p, (int)n);
    sk_paper_release(&p);
    free(title);
    for (size_t i = 0; i < n; i++)
        free(norm[i]);
    return 0;
}
