/* test_discover.c: walking an archive: order, formats, hidden files, symlink loops. */
#include "testutil.h"

#include <sys/stat.h>

#include "saksok/indexer/discover.h"

static size_t n_warnings;

static void count_warning(const char *path, const char *reason, void *payload)
{
    (void)path;
    (void)reason;
    (void)payload;
    n_warnings++;
}

static void mk(const char *dir, const char *rel)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/%s", dir, rel);
    tu_write(p, "x", 1);
}

static void discover__sorted_formats_hidden_and_loops(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char p[1024], q[1024];
    snprintf(p, sizeof p, "%s/nufa", dir);
    assert_int_equal(mkdir(p, 0755), 0);
    snprintf(p, sizeof p, "%s/nufa/2020", dir);
    assert_int_equal(mkdir(p, 0755), 0);
    snprintf(p, sizeof p, "%s/.git", dir);
    assert_int_equal(mkdir(p, 0755), 0);
    mk(dir, "nufa/2020/b.pdf");
    mk(dir, "nufa/2020/a.PDF");
    mk(dir, "nufa/2020/sak.htm");
    mk(dir, "nufa/2020/notes.txt");
    mk(dir, ".git/x.pdf");
    mk(dir, "navn med mellomrom.html");
    /* A loop: nufa/2020/up -> nufa */
    snprintf(p, sizeof p, "%s/nufa", dir);
    snprintf(q, sizeof q, "%s/nufa/2020/up", dir);
    assert_int_equal(symlink(p, q), 0);
    /* A dangling link. */
    snprintf(q, sizeof q, "%s/gone.pdf", dir);
    assert_int_equal(symlink("/nonexistent/file.pdf", q), 0);

    sk_filelist l = {0};
    sk_err err = SK_ERR_INIT;
    n_warnings = 0;
    assert_int_equal(sk_discover(&l, dir, count_warning, NULL, &err), SK_OK);
    assert_int_equal(l.n, 4);
    assert_string_equal(l.files[0].rel, "navn med mellomrom.html");
    assert_string_equal(l.files[1].rel, "nufa/2020/a.PDF");
    assert_string_equal(l.files[2].rel, "nufa/2020/b.pdf");
    assert_string_equal(l.files[3].rel, "nufa/2020/sak.htm");
    assert_int_equal(l.files[1].format, SK_FORMAT_PDF);
    assert_int_equal(l.files[3].format, SK_FORMAT_HTML);
    assert_int_equal(l.files[2].size, 1);
    assert_true(l.files[2].mtime > 0);
    assert_int_equal(n_warnings, 2); /* the loop and the dangling link */
    sk_filelist_release(&l);

    /* A single file as root. */
    snprintf(p, sizeof p, "%s/nufa/2020/b.pdf", dir);
    assert_int_equal(sk_discover(&l, p, NULL, NULL, &err), SK_OK);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.files[0].rel, "b.pdf");
    sk_filelist_release(&l);

    snprintf(p, sizeof p, "%s/missing", dir);
    assert_int_equal(sk_discover(&l, p, NULL, NULL, &err), SK_EIO);
    assert_contains(err.msg, "No such file");
    tu_rmtree(dir);
    free(dir);
}

/* Links: followed while they stay inside the root (opened by the real path),
 * skipped with a warning when they lead out of it (a link to a secret file,
 * or to a folder outside, or a relative link climbing out). */
static char last_reason[256];

static void keep_reason(const char *path, const char *reason, void *payload)
{
    (void)path;
    (void)payload;
    n_warnings++;
    snprintf(last_reason, sizeof last_reason, "%s", reason);
}

static void discover__links_confined_to_the_root(void **state)
{
    (void)state;
    char *out = tu_tempdir();
    char root[900], p[1024], q[1024];
    snprintf(root, sizeof root, "%s/arkiv", out);
    assert_int_equal(mkdir(root, 0755), 0);
    mk(out, "hemmelig.html");
    snprintf(p, sizeof p, "%s/utenfor", out);
    assert_int_equal(mkdir(p, 0755), 0);
    mk(out, "utenfor/annet.pdf");
    mk(root, "ekte.pdf");
    snprintf(p, sizeof p, "%s/hemmelig.html", out);
    snprintf(q, sizeof q, "%s/x.html", root);
    assert_int_equal(symlink(p, q), 0);
    snprintf(q, sizeof q, "%s/relativ.html", root);
    assert_int_equal(symlink("../hemmelig.html", q), 0);
    snprintf(p, sizeof p, "%s/utenfor", out);
    snprintf(q, sizeof q, "%s/mappe", root);
    assert_int_equal(symlink(p, q), 0);
    snprintf(q, sizeof q, "%s/kopi.pdf", root);
    assert_int_equal(symlink("ekte.pdf", q), 0);

    sk_filelist l = {0};
    sk_err err = SK_ERR_INIT;
    n_warnings = 0;
    assert_int_equal(sk_discover(&l, root, keep_reason, NULL, &err), SK_OK);
    assert_int_equal(n_warnings, 3);
    assert_contains(last_reason, "outside the root");
    assert_int_equal(l.n, 2);
    assert_string_equal(l.files[0].rel, "ekte.pdf");
    assert_string_equal(l.files[1].rel, "kopi.pdf");
    snprintf(p, sizeof p, "%s/ekte.pdf", root);
    char *real = realpath(p, NULL);
    assert_string_equal(l.files[1].abs, real);
    free(real);
    sk_filelist_release(&l);
    tu_rmtree(out);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(discover__sorted_formats_hidden_and_loops),
        cmocka_unit_test(discover__links_confined_to_the_root),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
