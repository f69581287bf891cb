/* cli.c: --version and the configuration for main() (see include/saksok/base/cli.h). */
#include "saksok/base/cli.h"

#include <stdio.h>

#include "saksok/base/buf.h"
#include "saksok/base/version.h"

static sk_conf *conf; /* reachable until exit, so leak checkers are content */

int sk_cli_version(const char *prog)
{
    sk_buf b = SK_BUF_INIT;
    sk_err err = SK_ERR_INIT;
    int status = 0;
    if (sk_version_text(&b, prog, &err) != SK_OK) {
        fprintf(stderr, "%s: %s\n", prog, err.msg);
        status = 3;
    } else if (fputs(b.data, stdout) == EOF || fflush(stdout) != 0) {
        status = 3;
    }
    sk_buf_release(&b);
    return status;
}

const sk_conf *sk_cli_conf(const char *prog)
{
    if (conf)
        return conf;
    sk_err err = SK_ERR_INIT;
    if (sk_conf_load_default(&conf, &err) != SK_OK) {
        fprintf(stderr, "%s: %s\n", prog, err.msg);
        return NULL;
    }
    return conf;
}

const char *sk_cli_db(const char *given, const sk_conf *c)
{
    const char *db = given != NULL ? given : c ? sk_conf_get(c, "SAKSOK_DB") : NULL;
    return db != NULL && db[0] != '\0' ? db : SK_CLI_DEFAULT_DB;
}
