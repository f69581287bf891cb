/* sk-mklexicon: build the lexicon file from word lists (run at build time).
 * usage: sk-mklexicon OUT LIST... */
#include <stdio.h>

#include "saksok/analysis/lexicon.h"

int main(int argc, char **argv)
{
    if (argc < 3) {
        fputs("usage: sk-mklexicon OUT LIST...\n", stderr);
        return 2;
    }
    sk_err err = SK_ERR_INIT;
    if (sk_lexicon_build((const char *const *)argv + 2, (size_t)argc - 2, argv[1], &err) != SK_OK) {
        fprintf(stderr, "sk-mklexicon: %s\n", err.msg);
        return 1;
    }
    return 0;
}
