/* test_conf.c: the configuration file, its shell-compatible syntax and the
 * precedence of the environment over it. */
#include "testutil.h"

#include "saksok/base/conf.h"

static sk_conf *parse_ok(const char *text)
{
    sk_conf *c = NULL;
    sk_err err = SK_ERR_INIT;
    if (sk_conf_parse(&c, text, strlen(text), "t.conf", &err) != SK_OK)
        fail_msg("'%s' did not parse: %s", text, err.msg);
    return c;
}

/* What the shell makes of NAME in text (sourced by sh). */
static void shell_value(char *out, size_t size, const char *text, const char *name)
{
    char *dir = tu_tempdir();
    char path[512], cmd[1200];
    tu_path(path, sizeof path, dir, "t.conf");
    tu_write(path, text, strlen(text));
    snprintf(cmd, sizeof cmd, "sh -c '. \"%s\" && printf %%s \"$%s\"'", path, name);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(out, 1, size - 1, p);
    out[n] = '\0';
    assert_int_equal(pclose(p), 0);
    tu_rmtree(dir);
    free(dir);
}

/* Each accepted form means to the C reader what it means to the shell. */
static void conf__same_values_as_the_shell(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "SAKSOK_DB=/var/lib/saksok/index\n",
        "  # a comment\n\nSAKSOK_DB=/srv/a   # trailing comment\n",
        "SAKSOK_DB=\"/srv/møtepapirer/med mellomrom\"\n",
        "SAKSOK_DB='/srv/$HOME/`x`'\n",
        "SAKSOK_DB=\n",
        "SAKSOK_DB=\"\"\n",
        "SAKSOK_DB=/first\nSAKSOK_DB=/second\n",
        "SAKSOK_DB=https://intranett.example/papirer/?a=b,c\r\n",
        "SAKSOK_DB=no-newline-at-end",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        char sh[256];
        unsetenv("SAKSOK_DB");
        shell_value(sh, sizeof sh, texts[i], "SAKSOK_DB");
        if (strchr(texts[i], '\r')) /* the shell keeps a CR; the reader drops it as a blank */
            sh[strcspn(sh, "\r")] = '\0';
        sk_conf *c = parse_ok(texts[i]);
        const char *v = sk_conf_get(c, "SAKSOK_DB");
        assert_non_null(v);
        if (strcmp(v, sh) != 0)
            fail_msg("'%s': reader '%s', shell '%s'", texts[i], v, sh);
        sk_conf_free(c);
    }
}

/* What the shell would read differently (or run) is refused, with the line. */
static void conf__refuses_what_the_shell_would_read_otherwise(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "SAKSOK_DB=$HOME/x\n",    "SAKSOK_DB=a b\n",
        "SAKSOK_DB=\"$HOME\"\n",  "SAKSOK_DB=`id`\n",
        "SAKSOK_DB=\"unclosed\n", "SAKSOK_DB = x\n",
        "export SAKSOK_DB=x\n",   "SAKSOK_DB=x;rm -rf /\n",
        "SAKSOK_DB=~/x\n",        "1X=y\n",
        "SAKSOK_DB=\"a\"b\n",     "SAKSOK_DB=a#b\n",
        "SAKSOK_DB=\"a\\\"b\"\n", "SAKSOK_DB=(a)\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char text[128];
        snprintf(text, sizeof text, "# first\n%s", bad[i]);
        sk_conf *c = NULL;
        sk_err err = SK_ERR_INIT;
        if (sk_conf_parse(&c, text, strlen(text), "t.conf", &err) != SK_EINVAL)
            fail_msg("'%s' was accepted", bad[i]);
        assert_null(c);
        if (strncmp(err.msg, "t.conf:2: ", 10) != 0)
            fail_msg("'%s': message '%s' does not name the line", bad[i], err.msg);
    }
}

/* The environment overrides the file, unless empty; unknown names are kept. */
static void conf__environment_overrides_the_file(void **state)
{
    (void)state;
    sk_conf *c = parse_ok("SAKSOK_DB=/file\nSAKSOK_LOG_DIR=/var/log/x\nSAKSOK_JOBS=3\n");
    unsetenv("SAKSOK_DB");
    assert_string_equal(sk_conf_get(c, "SAKSOK_DB"), "/file");
    setenv("SAKSOK_DB", "/env", 1);
    assert_string_equal(sk_conf_get(c, "SAKSOK_DB"), "/env");
    setenv("SAKSOK_DB", "", 1);
    assert_string_equal(sk_conf_get(c, "SAKSOK_DB"), "/file");
    unsetenv("SAKSOK_DB");
    assert_string_equal(sk_conf_get(c, "SAKSOK_LOG_DIR"), "/var/log/x");
    assert_null(sk_conf_get(c, "SAKSOK_PAPERS_URL"));
    assert_null(sk_conf_get(NULL, "SAKSOK_PAPERS_URL"));
    sk_err err = SK_ERR_INIT;
    long jobs = 0;
    assert_int_equal(sk_conf_long(&jobs, c, "SAKSOK_JOBS", 1, 64, 2, &err), SK_OK);
    assert_int_equal(jobs, 3);
    setenv("SAKSOK_JOBS", "5", 1);
    assert_int_equal(sk_conf_long(&jobs, c, "SAKSOK_JOBS", 1, 64, 2, &err), SK_OK);
    assert_int_equal(jobs, 5);
    setenv("SAKSOK_JOBS", "65", 1);
    assert_int_equal(sk_conf_long(&jobs, c, "SAKSOK_JOBS", 1, 64, 2, &err), SK_EINVAL);
    assert_non_null(strstr(err.msg, "SAKSOK_JOBS"));
    unsetenv("SAKSOK_JOBS");
    assert_int_equal(sk_conf_long(&jobs, NULL, "SAKSOK_JOBS", 1, 64, 2, NULL), SK_OK);
    assert_int_equal(jobs, 2);
    sk_conf_free(c);
}

static void conf__yes_and_no(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int rc, value;
    } cases[] = {
        {"SAKSOK_OCR=yes", SK_OK, 1},    {"SAKSOK_OCR=No", SK_OK, 0},
        {"SAKSOK_OCR=off", SK_OK, 0},    {"SAKSOK_OCR=1", SK_OK, 1},
        {"SAKSOK_OCR=", SK_OK, 1},       {"", SK_OK, 1},
        {"SAKSOK_OCR=ja", SK_EINVAL, 1}, {"SAKSOK_OCR=2", SK_EINVAL, 1},
    };
    unsetenv("SAKSOK_OCR");
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        sk_conf *c = parse_ok(cases[i].text);
        sk_err err = SK_ERR_INIT;
        int v = -1;
        assert_int_equal(sk_conf_bool(&v, c, "SAKSOK_OCR", 1, &err), cases[i].rc);
        assert_int_equal(v, cases[i].value);
        sk_conf_free(c);
    }
}

/* $SAKSOK_CONF names the file; it must exist. Set empty: no file at all. */
static void conf__load_the_named_file(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char path[512];
    tu_path(path, sizeof path, dir, "saksok.conf");
    tu_write(path, "SAKSOK_PAPERS_URL=/sok/papirer/\n", 32);
    unsetenv("SAKSOK_PAPERS_URL");
    setenv("SAKSOK_CONF", path, 1);
    sk_conf *c = NULL;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_conf_load_default(&c, &err), SK_OK);
    assert_string_equal(sk_conf_get(c, "SAKSOK_PAPERS_URL"), "/sok/papirer/");
    sk_conf_free(c);
    tu_path(path, sizeof path, dir, "gone.conf");
    setenv("SAKSOK_CONF", path, 1);
    assert_int_equal(sk_conf_load_default(&c, &err), SK_EIO);
    assert_non_null(strstr(err.msg, "gone.conf"));
    assert_int_equal(sk_conf_load(&c, path, 1, NULL), SK_OK); /* missing_ok: empty */
    assert_null(sk_conf_get(c, "SAKSOK_PAPERS_URL"));
    sk_conf_free(c);
    setenv("SAKSOK_CONF", "", 1);
    assert_int_equal(sk_conf_load_default(&c, NULL), SK_OK);
    assert_null(sk_conf_get(c, "SAKSOK_PAPERS_URL"));
    sk_conf_free(c);
    unsetenv("SAKSOK_CONF");
    tu_rmtree(dir);
    free(dir);
}

/* The file the package installs parses, and sets the index. */
static void conf__the_shipped_file_parses(void **state)
{
    (void)state;
    const char *src = getenv("SAKSOK_SOURCE_DIR");
    assert_non_null(src);
    char path[1024];
    snprintf(path, sizeof path, "%s/packaging/saksok.conf", src);
    sk_conf *c = NULL;
    sk_err err = SK_ERR_INIT;
    if (sk_conf_load(&c, path, 0, &err) != SK_OK)
        fail_msg("%s", err.msg);
    unsetenv("SAKSOK_DB");
    assert_string_equal(sk_conf_get(c, "SAKSOK_DB"), "/var/lib/saksok/index");
    sk_conf_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(conf__same_values_as_the_shell),
        cmocka_unit_test(conf__refuses_what_the_shell_would_read_otherwise),
        cmocka_unit_test(conf__environment_overrides_the_file),
        cmocka_unit_test(conf__yes_and_no),
        cmocka_unit_test(conf__load_the_named_file),
        cmocka_unit_test(conf__the_shipped_file_parses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
