/* test_buf.c: the growing buffer's base64 (buf.h). */
#include "testutil.h"

#include <glib.h>

#include "saksok/base/buf.h"

/* RFC 4648, section 10: every padding case. */
static void buf__base64_rfc4648_vectors(void **state)
{
    (void)state;
    static const char *const want[] = {"",         "Zg==",     "Zm8=",    "Zm9v",
                                       "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    for (size_t n = 0; n < sizeof want / sizeof want[0]; n++) {
        sk_buf b = SK_BUF_INIT;
        sk_err err = SK_ERR_INIT;
        assert_int_equal(sk_buf_base64(&b, "foobar", n, &err), SK_OK);
        assert_non_null(b.data);
        assert_string_equal(b.data, want[n]);
        assert_int_equal(b.len, strlen(want[n]));
        sk_buf_release(&b);
    }
}

/* Appended after what the buffer holds; every byte value, every length up to
 * 300, the same as glib's encoder (an independent implementation). */
static void buf__base64_appends_and_matches_glib(void **state)
{
    (void)state;
    unsigned char bytes[300];
    for (size_t i = 0; i < sizeof bytes; i++)
        bytes[i] = (unsigned char)(i * 151 + 7);
    bytes[0] = 0xff;
    bytes[1] = 0x00;
    for (size_t n = 0; n <= sizeof bytes; n++) {
        sk_buf b = SK_BUF_INIT;
        sk_err err = SK_ERR_INIT;
        assert_int_equal(sk_buf_puts(&b, "=?UTF-8?B?", &err), SK_OK);
        assert_int_equal(sk_buf_base64(&b, bytes, n, &err), SK_OK);
        gchar *g = g_base64_encode(bytes, n);
        assert_int_equal(b.len, 10 + strlen(g));
        assert_memory_equal(b.data, "=?UTF-8?B?", 10);
        assert_string_equal(b.data + 10, g);
        g_free(g);
        sk_buf_release(&b);
    }
}

/* A buffer with a cap: SK_ELIMIT, and what it held is kept. */
static void buf__base64_respects_the_cap(void **state)
{
    (void)state;
    sk_buf b = SK_BUF_INIT;
    sk_buf_init(&b, 16);
    sk_err err = SK_ERR_INIT;
    assert_int_equal(sk_buf_puts(&b, "ab", &err), SK_OK);
    assert_int_equal(sk_buf_base64(&b, "0123456789abcdef", 16, &err), SK_ELIMIT);
    assert_string_equal(b.data, "ab");
    assert_int_equal(sk_buf_base64(&b, "012", 3, &err), SK_OK);
    assert_string_equal(b.data, "abMDEy");
    sk_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(buf__base64_rfc4648_vectors),
        cmocka_unit_test(buf__base64_appends_and_matches_glib),
        cmocka_unit_test(buf__base64_respects_the_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
