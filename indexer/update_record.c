/* update_record.c: the record of the last run (see include/saksok/indexer/update.h). */
#include <stdio.h>
#include <string.h>

#include "saksok/indexer/update.h"

void sk_last_run_format_counts(char *out, size_t size, const sk_last_run *r)
{
    snprintf(out, size, "new=%zu changed=%zu removed=%zu unchanged=%zu failed=%zu seconds=%.2f",
             r->new_files, r->changed, r->removed, r->unchanged, r->failed, r->seconds);
}

void sk_last_run_format(char *out, size_t size, const sk_last_run *r)
{
    char counts[SK_LAST_RUN_MAX];
    sk_last_run_format_counts(counts, sizeof counts, r);
    snprintf(out, size, "%ld %s", r->finished, counts);
}

int sk_last_run_parse(sk_last_run *out, const char *text, sk_err *err)
{
    sk_last_run r = {0};
    int end = -1;
    if (sscanf(text, "%ld new=%zu changed=%zu removed=%zu unchanged=%zu failed=%zu seconds=%lf%n",
               &r.finished, &r.new_files, &r.changed, &r.removed, &r.unchanged, &r.failed,
               &r.seconds, &end) != 7 ||
        end < 0 || text[end] != '\0')
        return sk_err_set(err, SK_EINVAL, "not a record of a run: '%.40s'", text);
    *out = r;
    return SK_OK;
}
