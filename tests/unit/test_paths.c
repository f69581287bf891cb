/* test_paths.c: where an installed program and one in a build tree find
 * their files. */
#include "testutil.h"

#include "saksok/base/paths.h"

static void paths__prefix_of_an_executable(void **state)
{
    (void)state;
    static const struct {
        const char *exe, *prefix; /* NULL: not installed */
    } cases[] = {
        {"/usr/bin/saksok", "/usr"},
        {"/usr/sbin/saksok-fcgi", "/usr"},
        {"/usr/local/bin/saksok-index", "/usr/local"},
        {"/tmp/stage/usr/bin/saksok", "/tmp/stage/usr"},
        {"/opt/saksok/bin/saksok", "/opt/saksok"},
        {"/bin/saksok", "/"},
        {"/work/saksok/build/rel/saksok", NULL},
        {"/work/xbin/saksok", NULL},
        {"/work/binx/saksok", NULL},
        {"saksok", NULL},
        {"bin/saksok", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char out[256] = "";
        int rc = sk_prefix_of_exe(out, sizeof out, cases[i].exe);
        if (cases[i].prefix == NULL) {
            if (rc == 0)
                fail_msg("%s: prefix '%s', expected none", cases[i].exe, out);
        } else {
            if (rc != 0 || strcmp(out, cases[i].prefix) != 0)
                fail_msg("%s: prefix '%s' (rc %d), expected %s", cases[i].exe, out, rc,
                         cases[i].prefix);
        }
    }
    char small[4];
    assert_int_equal(sk_prefix_of_exe(small, sizeof small, "/usr/local/bin/x"), -1);
}

static void paths__configuration_beside_usr(void **state)
{
    (void)state;
    static const struct {
        const char *prefix, *conf;
    } cases[] = {
        {"/usr", "/etc/saksok/saksok.conf"},
        {"/usr/", "/etc/saksok/saksok.conf"},
        {"/tmp/stage/usr", "/tmp/stage/etc/saksok/saksok.conf"},
        {"/usr/local", "/usr/local/etc/saksok/saksok.conf"},
        {"/opt/saksok", "/opt/saksok/etc/saksok/saksok.conf"},
        {"/", "/etc/saksok/saksok.conf"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char out[256];
        assert_int_equal(sk_conf_path_for_prefix(out, sizeof out, cases[i].prefix), 0);
        assert_string_equal(out, cases[i].conf);
    }
    char small[8];
    assert_int_equal(sk_conf_path_for_prefix(small, sizeof small, "/usr"), -1);
}

/* The test binary runs from the build tree: no prefix, data from the source
 * tree, no configuration file; the environment overrides each. */
static void paths__build_tree_and_environment(void **state)
{
    (void)state;
    unsetenv("SAKSOK_DATA_DIR");
    unsetenv("SAKSOK_CONF");
    unsetenv("SAKSOK_EXTRACT_MODULE");
    unsetenv("SAKSOK_LEXICON");
    assert_null(sk_install_prefix());
    assert_null(sk_conf_path());
    char want[1024];
    snprintf(want, sizeof want, "%s/indexer/data", getenv("SAKSOK_SOURCE_DIR"));
    assert_string_equal(sk_data_dir(), want);
    const char *mod = sk_extract_module_path();
    assert_non_null(mod);
    assert_non_null(strstr(mod, "/saksok-extract.so"));
    setenv("SAKSOK_DATA_DIR", "/srv/data", 1);
    setenv("SAKSOK_CONF", "/srv/saksok.conf", 1);
    setenv("SAKSOK_EXTRACT_MODULE", "/srv/x.so", 1);
    setenv("SAKSOK_LEXICON", "/srv/lex.bin", 1);
    assert_string_equal(sk_data_dir(), "/srv/data");
    assert_string_equal(sk_conf_path(), "/srv/saksok.conf");
    assert_string_equal(sk_extract_module_path(), "/srv/x.so");
    assert_string_equal(sk_lexicon_default_path(), "/srv/lex.bin");
    setenv("SAKSOK_CONF", "", 1); /* set empty: no file */
    assert_null(sk_conf_path());
    unsetenv("SAKSOK_DATA_DIR");
    unsetenv("SAKSOK_CONF");
    unsetenv("SAKSOK_EXTRACT_MODULE");
    unsetenv("SAKSOK_LEXICON");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(paths__prefix_of_an_executable),
        cmocka_unit_test(paths__configuration_beside_usr),
        cmocka_unit_test(paths__build_tree_and_environment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
