// xap_int.h: what the files of the Xapian shim share (xap.cc: errors and
// the index directory; xap_write.cc, xap_read.cc, xap_search.cc: one index;
// xap_shards.cc: several shards, local or remote). C++ only, and included
// by nothing else.
#ifndef SAKSOK_XAP_INT_H
#define SAKSOK_XAP_INT_H

#include "saksok/store/xap.h"

#include <xapian.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>
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

using sk_xap::dir_lock;
using sk_xap::file_sig;

struct ShardSet; // xap_shards.cc

// A value kept as Xapian returned it (xap.h).
struct sk_xblob {
    std::string bytes;
};

struct sk_xdb {
    Xapian::Database db;
    std::string path;         // as opened: an index directory, or any database path
    file_sig sig;             // of path/XAPIANDB when db was opened
    std::string version_file; // the glass version file db reads ("": unknown)
    file_sig version;         // of version_file before db last (re)opened
    std::map<Xapian::valueno, FacetTable> facet_tables; // by slot
    std::map<Xapian::valueno, KeyTable> key_tables;     // by slot
    // Termfreqs asked of this revision (tf_rev; tf_known false: none yet):
    // the query side asks for every variant of every query word, and each
    // answer costs Xapian a B-tree lookup (system calls) that repeats per request.
    std::unordered_map<std::string, Xapian::doccount> termfreqs;
    Xapian::rev tf_rev = 0;
    bool tf_known = false;
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
    sk_xdb *from = nullptr;        // the handle searched (freed after the mset)
    std::vector<size_t> subs;      // db's sub-databases: indexes of the shards
    bool prefetched = false;       // sk_xap_shards_prefetch done
    std::vector<std::string> lost; // by hit: why its shard failed in the prefetch ("": not)
    // Values read for every hit at the first ask for a slot (one index
    // only): slot -> the hits' values.
    std::map<unsigned, std::vector<std::string>> values;
};
struct sk_xstem {
    Xapian::Stem stem;
};

// ---- xap.cc, for the other files of the shim ----

// The C++ side's helpers: errors, and the index directory (see "the index
// directory" in xap.h). The directory helpers throw fs_error or Xapian's
// errors; fail() turns what is thrown into an sk_code.
namespace sk_xap {

// A failure of the file system (or of the index directory's layout), thrown
// by the directory helpers and turned into an sk_code by fail().
struct fs_error : std::runtime_error {
    sk_code code;
    fs_error(sk_code c, const std::string &what) : std::runtime_error(what), code(c) {}
};
[[noreturn]] void throw_errno(const std::string &what, int e);
// Only call inside a catch block: rethrows to sort out the type.
int fail(sk_err *err) noexcept;
char *dup_string(const std::string &s); // malloc'd; NULL when out of memory
int check_term(const char *term, size_t len, sk_err *err);

// A metadata value get() reads, handed out as sk_xdb_get_metadata does.
template <typename Get> int hand_out_metadata(Get get, char **out, sk_err *err, size_t *len)
{
    *out = nullptr;
    if (len)
        *len = 0;
    try {
        std::string v = get();
        if (v.empty())
            return SK_OK;
        if (len)
            *len = v.size();
        *out = dup_string(v);
        return *out ? SK_OK : sk_err_set(err, SK_ENOMEM, "out of memory");
    } catch (...) {
        return fail(err);
    }
}

// Metadata reads, shared by the writable and the read-only handle (a
// WritableDatabase is a Database).
int get_metadata(const Xapian::Database &db, const char *key, char **out, sk_err *err,
                 size_t *len = nullptr) noexcept;
int each_metadata(const Xapian::Database &db, const char *prefix, sk_xmeta_cb cb, void *payload,
                  sk_err *err) noexcept;

#define ALL_SPELLING "spelling-all"         // DIR/spelling-all (sk_xwdb_keep_all_spelling)
#define ALL_SPELLING_SEEDED "saksok:seeded" // its metadata: seeded from the index

std::string join(const std::string &dir, const std::string &name);
std::string gen_name(unsigned n); // "gen-N"
bool file_exists(const std::string &path);
void remove_tree(const std::string &path);
// Bytes of the files under dir (glass_only: of a glass database's files only).
unsigned long long dir_bytes(const std::string &dir, bool glass_only = false);
void sync_path(const std::string &path, bool is_dir);
void sync_tree(const std::string &dir);
struct stub_info {
    unsigned gen = 0;
    unsigned long long compacted = 0; // 0: never compacted
};
// Read dir/XAPIANDB: false if there is none; fs_error if it is not ours.
bool read_stub(const std::string &dir, stub_info *out);
void write_stub(const std::string &dir, unsigned gen, unsigned long long compacted);
// Remove the generations of dir other than keep, and what a compaction left.
void tidy(const std::string &dir, unsigned keep, bool moved);
// Take DIR/writer.lock (creating DIR if needed), or fail with SK_ELOCKED.
void lock_dir(const std::string &dir, dir_lock &lock);
std::string glass_path(const sk_xwdb &w); // the writer's glass database
file_sig file_signature(const std::string &file);
file_sig stub_signature(const std::string &path);
bool same_sig(const file_sig &a, const file_sig &b);
// Open path read-only, again when a compaction switched generations meanwhile.
void open_fresh(const std::string &path, Xapian::Database *db, file_sig *sig);

// ---- xap_read.cc, for xap_search.cc ----

// The documents db's view hides into *out; false when it hides none.
bool hidden_query(sk_xdb *db, Xapian::Query *out);

} // namespace sk_xap

// ---- xap_read.cc and xap_search.cc (one index), for xap_shards.cc ----

// The documents of each tier of a tiered order (sk_xsearch_opts.tiers).
struct TierSets {
    std::vector<std::pair<unsigned, std::vector<Xapian::docid>>> rules; // (tier, docs)
    unsigned after = 0; // the tier of documents no rule matches
};
// NULL (err set) for a bad rule. Over shards, the sets of the same rules
// are read once per revision of the shards.
std::shared_ptr<const TierSets> tier_sets(sk_xdb *db, const sk_xtier *tiers, size_t n, sk_err *err);
// The documents holding term (every document, hidden ones too): over
// shards, asked once per revision of the shards.
Xapian::doccount sk_xap_termfreq(sk_xdb *db, const std::string &term);
// What changes when the documents db reads change: the revision of one
// index, a count of the changes of a set of shards.
Xapian::rev sk_xap_revision(sk_xdb *db);

// The sk_code of the exception being handled (call inside a catch block).
int sk_xap_fail(sk_err *err) noexcept;
char *sk_xap_dup(const std::string &s);

// ---- xap_shards.cc, for xap_read.cc and xap_search.cc (each for a handle with
// shards != nullptr) ----

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
std::vector<std::pair<std::string, std::string>>
sk_xap_shards_metadata_list(sk_xdb *db, const std::string &prefix);
// Synonyms and spelling over remote shards (Xapian gives none of theirs).
bool sk_xap_shards_own_synonyms(sk_xdb *db); // true: use sk_xap_shards_synonyms
std::vector<std::string> sk_xap_shards_synonyms(sk_xdb *db, const std::string &key);
std::string sk_xap_shards_spelling(sk_xdb *db, const std::string &word, unsigned max_edits);

#endif
