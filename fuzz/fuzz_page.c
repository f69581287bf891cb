/* The search page's request parameters: a query string as nginx passes it,
 * parsed and validated; then every link the page would write from it, and
 * the message page (an error's message must be valid UTF-8, or the JSON
 * error body could not be written). */
#include "fuzz.h"

#include "saksok/base/buf.h"
#include "saksok/base/text.h"
#include "saksok/query/webpage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sk_err err = SK_ERR_INIT;
    sk_web_req req = {0};
    int rc = sk_web_req_parse(&req, (const char *)data, size, &err);
    if (rc != SK_OK && !sk_utf8_valid(err.msg, strlen(err.msg)))
        abort();
    sk_buf out = {0};
    sk_err e2 = SK_ERR_INIT;
    for (int p = 0; p < SK_N_PARAMS && rc == SK_OK; p++) {
        out.len = 0;
        (void)sk_web_href(&out, &req, (sk_param)p, req.v[p], &e2);
        out.len = 0;
        (void)sk_web_href(&out, &req, (sk_param)p, NULL, &e2);
    }
    if (req.v[SK_PARAM_Q]) {
        out.len = 0;
        (void)sk_web_paper_url(&out, "/papers/", req.v[SK_PARAM_Q], req.page, &e2);
    }
    sk_web_conf conf = {.papers_url = "/papers/"};
    out.len = 0;
    (void)sk_web_message(&out, &conf, &req, "Ugyldig forespørsel", err.msg, &e2);
    sk_buf_release(&out);
    sk_web_req_release(&req);
    return 0;
}
