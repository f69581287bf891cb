/* test_workers.c: the extraction processes (workers.h) and their messages:
 * what a child sends is read within bounds, and a child that crashes is
 * replaced for the next file. The child is saksok-index with the test
 * module that plays hostile files (tests/e2e/hostile_mod.c). */
#include "testutil.h"

#include <stdint.h>
#include <time.h>

#include "../../indexer/workers_msg.h"
#include "saksok/indexer/workers.h"

static void workers__messages_round_trip(void **state)
{
    (void)state;
    sk_buf b = SK_BUF_INIT;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_msg_begin(&b, SK_MSG_WARN, &err), SK_OK);
    assert_int_equal(sk_msg_i64(&b, -42, &err), SK_OK);
    assert_int_equal(sk_msg_f64(&b, 2.5, &err), SK_OK);
    assert_int_equal(sk_msg_str(&b, "sø", 3, &err), SK_OK);
    assert_int_equal(sk_msg_str(&b, NULL, 0, &err), SK_OK);
    sk_msg_finish(&b);
    assert_int_equal((unsigned char)b.data[0], b.len - 4);
    sk_msg_reader r = {b.data + 5, b.data + b.len, 0};
    assert_int_equal(sk_msg_get_i64(&r), -42);
    assert_true(sk_msg_get_f64(&r) == 2.5);
    size_t len = 0;
    char *s = sk_msg_get_str(&r, &len);
    assert_string_equal(s, "sø");
    free(s);
    assert_null(sk_msg_get_str(&r, NULL));
    assert_false(r.bad);
    /* Past the end, and a string longer than what is left: bad, and stays bad. */
    assert_int_equal(sk_msg_get_i64(&r), 0);
    assert_true(r.bad);
    sk_msg_reader r2 = {b.data + 5 + 16, b.data + 5 + 16 + 8 + 2, 0}; /* "sø" cut short */
    assert_null(sk_msg_get_str(&r2, NULL));
    assert_true(r2.bad);
    sk_buf_release(&b);
}

static int warnings;

static void count_warning(int page, const char *msg, void *payload)
{
    (void)payload;
    assert_int_equal(page, 1);
    assert_non_null(strstr(msg, "hostile module"));
    warnings++;
}

/* A worker whose child plays hostile files (tests/e2e/hostile_mod.c), and a
 * fresh folder for them (*dir, malloc'd). */
static sk_xworker *hostile_worker(char **dir)
{
    setenv("SAKSOK_EXTRACT_MODULE", getenv("SAKSOK_TEST_EXTRACT_MODULE"), 1);
    *dir = tu_tempdir();
    sk_xworker_limits lim = {.cpu_seconds = 30,
                             .wall_seconds = 60,
                             .memory_mb = 1024,
                             .program = getenv("SAKSOK_INDEX_BIN")};
    sk_xworker *w = NULL;
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_xworker_new(&w, &lim, &err), SK_OK);
    return w;
}

/* dir/name (into path) holding text. */
static void put_file(char *path, size_t size, const char *dir, const char *name, const char *text)
{
    tu_path(path, size, dir, name);
    tu_write(path, text, strlen(text));
}

static void workers__crashes_then_next_file(void **state)
{
    (void)state;
    char *dir = NULL;
    sk_xworker *w = hostile_worker(&dir);
    char crash[1024], good[1024];
    put_file(crash, sizeof crash, dir, "krasj.html", "CRASH");
    put_file(good, sizeof good, dir, "god.html", "WARN god tekst");
    sk_err err = SK_ERR_INIT;
    sk_extracted x = {0};
    sk_extract_opts o = SK_EXTRACT_OPTS_INIT;
    o.warn = count_warning;
    assert_int_equal(sk_xworker_extract(&x, w, crash, &o, NULL, &err), SK_EINTERNAL);
    assert_non_null(strstr(err.msg, "crashed"));
    assert_int_equal(x.n_pages, 0);
    sk_err_clear(&err);
    assert_int_equal(sk_xworker_extract(&x, w, good, &o, NULL, &err), SK_OK);
    assert_int_equal(x.n_pages, 1);
    assert_string_equal(x.pages[0].text, "WARN god tekst");
    assert_int_equal(warnings, 1);
    assert_false(sk_xworker_unfiltered(w));
    sk_extracted_release(&x);
    /* A file that is not there: the extractor's own error, passed on. */
    tu_path(good, sizeof good, dir, "borte.html");
    assert_int_equal(sk_xworker_extract(&x, w, good, &o, NULL, &err), SK_EIO);
    assert_non_null(strstr(err.msg, "cannot open"));
    sk_err_clear(&err);
    /* A file cut short while the extractor reads it through a mapping (as
     * the PDF back end does): SIGBUS ends the process, the file fails with
     * a message that says so, and a fresh process extracts the next file. */
    put_file(crash, sizeof crash, dir, "kuttet.html", "SHRINK and then some more text to read");
    assert_int_equal(sk_xworker_extract(&x, w, crash, NULL, NULL, &err), SK_EINTERNAL);
    if (strstr(err.msg, "signal 7") == NULL || strstr(err.msg, "file shrank") == NULL)
        fail_msg("%s", err.msg);
    sk_err_clear(&err);
    tu_path(good, sizeof good, dir, "god.html");
    assert_int_equal(sk_xworker_extract(&x, w, good, NULL, NULL, &err), SK_OK);
    assert_string_equal(x.pages[0].text, "WARN god tekst");
    sk_extracted_release(&x);
    sk_xworker_free(w);
    tu_rmtree(dir);
    free(dir);
}

/* The two halves: one request at a time; a worker freed while its child
 * extracts a file sent to it kills the child rather than waiting for it. */
static void workers__send_then_receive(void **state)
{
    (void)state;
    char *dir = NULL;
    sk_xworker *w = hostile_worker(&dir);
    char good[1024], slow[1024];
    put_file(good, sizeof good, dir, "god.html", "god tekst");
    put_file(slow, sizeof slow, dir, "treg.html", "SLEEP");
    sk_err err = SK_ERR_INIT;
    sk_extracted x = {0};
    assert_int_equal(sk_xworker_receive(&x, w, NULL, NULL, &err), SK_EINTERNAL);
    sk_err_clear(&err);
    assert_int_equal(sk_xworker_send(w, good, NULL, &err), SK_OK);
    assert_int_equal(sk_xworker_send(w, good, NULL, &err), SK_EINTERNAL);
    sk_err_clear(&err);
    assert_int_equal(sk_xworker_receive(&x, w, NULL, NULL, &err), SK_OK);
    assert_string_equal(x.pages[0].text, "god tekst");
    sk_extracted_release(&x);
    assert_int_equal(sk_xworker_send(w, slow, NULL, &err), SK_OK);
    time_t t0 = time(NULL);
    sk_xworker_free(w); /* the child sleeps for ever: killed */
    assert_true(time(NULL) - t0 < 30);
    tu_rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(workers__messages_round_trip),
        cmocka_unit_test(workers__crashes_then_next_file),
        cmocka_unit_test(workers__send_then_receive),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
