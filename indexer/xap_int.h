// xap_int.h: what the two files of the Xapian shim share (xap.cc: one
// index; xap_shards.cc: several shards, local or remote). C++ only, and
// included by nothing else.
#ifndef SAKSOK_XAP_INT_H
#define SAKSOK_XAP_INT_H

#include "saksok/xap.h"

#include <xapian.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

// A facet's values by docid, for one revision of the database (see MatchCounter).
struct FacetTable {
    bool built = false, unusable = false;
    Xapian::rev revision = 0;
    std::vector<unsigned char> code;  // by docid; 0: no value
    std::vector<std::string> display; // code - 1 -> the value as stored in the slot
};

// A 64-bit digest of each document's collapse key, by docid, for one
// revision (see MatchCounter).
struct KeyTable {
    bool built = false;
    Xapian::rev revision = 0;
    std::vector<uint64_t> key; // 0: no key
};

namespace sk_xap {

// What a reader remembers of a file, to notice with one stat() that it was
// replaced: DIR/XAPIANDB (a switch of generations) and a generation's glass
// version file (a commit). Both are replaced by rename(), so their inodes change.
struct file_sig {
    bool exists = false;
    dev_t dev = 0;
    ino_t ino = 0;
    off_t size = 0;
    struct timespec mtim = {0, 0}, ctim = {0, 0};
};

// The writer's lock on DIR/writer.lock, released when the descriptor closes.
struct dir_lock {
    int fd = -1;
    dir_lock() = default;
    dir_lock(const dir_lock &) = delete;
    dir_lock &operator=(const dir_lock &) = delete;
    ~dir_lock()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

} // namespace sk_xap

using sk_xap::file_sig;
using sk_xap::dir_lock;

struct ShardSet; // xap_shards.cc

struct sk_xdb {
    Xapian::Database db;
    std::string path; // as opened: an index directory, or any database path
    file_sig sig;     // of path/XAPIANDB when db was opened
    std::string version_file; // the glass version file db reads ("": unknown)
    file_sig version; // of version_file before db last (re)opened
    std::map<Xapian::valueno, FacetTable> facet_tables; // by slot
    std::map<Xapian::valueno, KeyTable> key_tables;     // by slot
    unsigned long counted_searches = 0; // searches with facets or collapsing, on this handle
    // What the handle shows (sk_xdb_set_view): every document, or public ones
    // and those of these groups (sorted); public only until set.
    bool view_all = false;
    std::vector<std::string> view_groups;
    std::unique_ptr<Xapian::Database> all_spelling; // DIR/spelling-all, once opened
    // Whether the view hides any document, as of revision hides_rev.
    bool hides_known = false, hides_any = false;
    Xapian::rev hides_rev = 0;
    ShardSet *shards = nullptr; // several shards (xap_shards.cc); nullptr: one index
};
struct sk_xwdb {
    dir_lock lock; // the first member, so it is released after db is closed
    std::string dir;
    unsigned gen = 0; // the current generation; 0: a glass database directly in dir
    Xapian::WritableDatabase db;
    // DIR/spelling-all (sk_xwdb_keep_all_spelling), in a transaction of its own
    // committed just before db's.
    bool has_all_spelling = false;
    Xapian::WritableDatabase all_spelling;
};
struct sk_xdoc {
    Xapian::Document doc;
};
struct sk_xquery {
    Xapian::Query q;
};
struct sk_xmset {
    Xapian::MSet mset;
    std::vector<Xapian::doccount> pick; // the hits: indexes into mset
    size_t total;                       // matches (collapsed), estimated past check_at_least
    std::vector<std::string> data;      // fetched lazily, one per hit
    std::vector<bool> have;
    // facet k: (value, count), most frequent first
    std::vector<std::vector<std::pair<std::string, size_t>>> facets;
    // Several shards: the hits by docid and weight (pick and mset unused).
    bool own = false;
    Xapian::Database db;
    std::vector<Xapian::docid> dids;
    std::vector<double> wts;
    double max_wt = 0;
    sk_xdb *from = nullptr;   // the handle searched (freed after the mset)
    std::vector<size_t> subs; // db's sub-databases: indexes of the shards
    bool prefetched = false;  // sk_xap_shards_prefetch done
    std::vector<std::string> lost; // by hit: why its shard failed in the prefetch ("": not)
};
struct sk_xstem {
    Xapian::Stem stem;
};

// ---- xap.cc, for xap_shards.cc ----

// The documents of each tier of a tiered order (sk_xsearch_opts.tiers).
struct TierSets {
    std::vector<std::pair<unsigned, std::vector<Xapian::docid>>> rules; // (tier, docs)
    unsigned after = 0; // the tier of documents no rule matches
};
// NULL (err set) for a bad rule. Over shards, the sets of the same rules
// are read once per revision of the shards.
std::shared_ptr<const TierSets> tier_sets(sk_xdb *db, const sk_xtier *tiers, size_t n,
                                          sk_err *err);
// The documents holding term (every document, hidden ones too): over
// shards, asked once per revision of the shards.
Xapian::doccount sk_xap_termfreq(sk_xdb *db, const std::string &term);
// What changes when the documents db reads change: the revision of one
// index, a count of the changes of a set of shards.
Xapian::rev sk_xap_revision(sk_xdb *db);

// The sk_code of the exception being handled (call inside a catch block).
int sk_xap_fail(sk_err *err) noexcept;
char *sk_xap_dup(const std::string &s);

// ---- xap_shards.cc, for xap.cc (each for a handle with shards != nullptr) ----

void sk_xap_shards_free(ShardSet *s);
// A remote call failed with e: the shard it names (e's context) is left out
// until its next retry; every other remote shard gets a new connection (it
// may hold replies of the call that was cut short), within what is left of
// the request's time (see sk_xap_shards_reopen); those that cannot be
// reached are left out too.
void sk_xap_shards_drop_failed(sk_xdb *db, const Xapian::NetworkError &e);

// f() on db; over shards, when a shard stops answering in the middle (a
// network error), it is left out and f() runs again on the others.
template <typename F> auto sk_xap_on_shards(sk_xdb *db, F f) -> decltype(f())
{
    for (int attempt = 0;; attempt++) {
        try {
            return f();
        } catch (const Xapian::NetworkError &e) {
            if (db->shards == nullptr || attempt >= 2)
                throw;
            sk_xap_shards_drop_failed(db, e);
        }
    }
}
// A hit's document could not be read (why): its shard (from the docid and
// the shards m was searched on) is left out until its next retry. *err:
// SK_EMODIFIED, so that the caller reopens and searches again.
int sk_xap_shards_lost_document(sk_xmset *m, size_t i, const std::string &why, sk_err *err);
// The documents of m's hits not read yet, from remote shards side by side
// (a thread per shard, each reading its hits in turn): called at the first
// read of a hit's document. A document that cannot be read is left unread.
void sk_xap_shards_prefetch(sk_xmset *m);
// A new request: the shards brought to their latest revisions (remote ones
// side by side, so that shards that do not answer cost one timeout
// together), the tables and caches kept unless one changed, and the
// request's deadline set to now + the timeout.
void sk_xap_shards_reopen(sk_xdb *db);
// The cached per-revision answers (termfreqs, metadata, tier sets).
Xapian::doccount sk_xap_shards_termfreq(sk_xdb *db, const std::string &term);
Xapian::rev sk_xap_shards_generation(sk_xdb *db);
// Tier sets by their rules (tier_sets).
std::map<std::string, std::shared_ptr<const TierSets>> &sk_xap_shards_tier_cache(sk_xdb *db);
int sk_xap_shards_search(sk_xmset **out, sk_xdb *db, const Xapian::Query &query,
                         const sk_xsearch_opts *opts, sk_err *err);
// Metadata: the first shard that has key (a key that only some shards hold).
std::string sk_xap_shards_metadata(sk_xdb *db, const std::string &key);
// Every shard's keys with prefix, sorted, each once (the first shard's value).
std::vector<std::pair<std::string, std::string>> sk_xap_shards_metadata_list(
    sk_xdb *db, const std::string &prefix);
// Synonyms and spelling over remote shards (Xapian gives none of theirs).
bool sk_xap_shards_own_synonyms(sk_xdb *db); // true: use sk_xap_shards_synonyms
std::vector<std::string> sk_xap_shards_synonyms(sk_xdb *db, const std::string &key);
std::string sk_xap_shards_spelling(sk_xdb *db, const std::string &word, unsigned max_edits);

#endif
