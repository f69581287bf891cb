/* stats.h: what an index holds and how its last run went (saksok --stats).
 *
 * Read-only; safe while an indexer runs (it reads the last committed state).
 */
#ifndef SAKSOK_STATS_H
#define SAKSOK_STATS_H

#include "saksok/base/buf.h"
#include "saksok/base/err.h"
#include "saksok/store/xap.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Append the statistics of the index at path (opened as db) to out, as
 * text for people or (json) as a JSON object. */
int sk_stats_render(sk_buf *out, sk_xdb *db, const char *path, int json, sk_err *err);

#ifdef __cplusplus
}
#endif

#endif
