/* test_activation.c: taking the listening socket systemd passes, and the
 * version text (what --version prints). */
#include "testutil.h"

#include <sys/socket.h>
#include <sys/un.h>

#include "saksok/query/activation.h"
#include "saksok/base/version.h"

static void set_listen(const char *pid, const char *fds)
{
    setenv("LISTEN_PID", pid, 1);
    setenv("LISTEN_FDS", fds, 1);
}

static void activation__none_passed(void **state)
{
    (void)state;
    unsetenv("LISTEN_PID");
    unsetenv("LISTEN_FDS");
    int fd = 7;
    assert_int_equal(sk_listen_fd(&fd, NULL), SK_OK);
    assert_int_equal(fd, -1);
    /* Meant for another process (a parent's variables): not ours, and gone. */
    set_listen("1", "1");
    assert_int_equal(sk_listen_fd(&fd, NULL), SK_OK);
    assert_int_equal(fd, -1);
    assert_null(getenv("LISTEN_PID"));
    assert_null(getenv("LISTEN_FDS"));
}

/* A listening UNIX socket on descriptor 3, as systemd passes it. */
static void activation__takes_descriptor_3(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s/s.sock", dir);
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    assert_true(s >= 0);
    assert_int_equal(bind(s, (struct sockaddr *)&sa, sizeof sa), 0);
    char pid[32];
    snprintf(pid, sizeof pid, "%ld", (long)getpid());
    sk_err err = SK_ERR_INIT;
    int fd = -1;
    /* Not listening yet: refused. */
    assert_int_equal(dup2(s, SK_LISTEN_FDS_START), SK_LISTEN_FDS_START);
    set_listen(pid, "1");
    assert_int_equal(sk_listen_fd(&fd, &err), SK_EINVAL);
    assert_non_null(strstr(err.msg, "not a listening stream socket"));
    assert_int_equal(listen(s, 4), 0);
    set_listen(pid, "1");
    assert_int_equal(sk_listen_fd(&fd, NULL), SK_OK);
    assert_int_equal(fd, SK_LISTEN_FDS_START);
    assert_null(getenv("LISTEN_FDS"));
    /* Two sockets (two ListenStream=): refused, with what to change. */
    sk_err_clear(&err);
    set_listen(pid, "2");
    assert_int_equal(sk_listen_fd(&fd, &err), SK_EINVAL);
    assert_non_null(strstr(err.msg, "takes one"));
    set_listen("12x", "1");
    assert_int_equal(sk_listen_fd(&fd, NULL), SK_EINVAL);
    close(SK_LISTEN_FDS_START);
    close(s);
    tu_rmtree(dir);
    free(dir);
}

/* --version: saksok's version and Xapian's from the linked library, the
 * extraction module's libraries from the module built beside the programs. */
static void version__names_the_libraries(void **state)
{
    (void)state;
    char mod[1024];
    snprintf(mod, sizeof mod, "%s/saksok-extract.so", getenv("SAKSOK_BUILD_DIR"));
    setenv("SAKSOK_EXTRACT_MODULE", mod, 1);
    sk_buf b = SK_BUF_INIT;
    assert_int_equal(sk_version_text(&b, "saksok", NULL), SK_OK);
    char first[64];
    snprintf(first, sizeof first, "saksok %s\nXapian 1.", sk_version());
    if (strncmp(b.data, first, strlen(first)) != 0)
        fail_msg("version text starts '%.60s'", b.data);
    assert_non_null(strstr(b.data, "\npoppler "));
    assert_non_null(strstr(b.data, "\nTesseract "));
    sk_buf_release(&b);
    /* No module: said so, rather than versions made up. */
    setenv("SAKSOK_EXTRACT_MODULE", "/nonexistent/saksok-extract.so", 1);
    assert_int_equal(sk_version_text(&b, "saksok-index", NULL), SK_OK);
    assert_non_null(strstr(b.data, "extraction module: not loaded"));
    assert_null(strstr(b.data, "poppler"));
    sk_buf_release(&b);
    unsetenv("SAKSOK_EXTRACT_MODULE");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(activation__none_passed),
        cmocka_unit_test(activation__takes_descriptor_3),
        cmocka_unit_test(version__names_the_libraries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
