// xap_shards.cc: several shards, local or remote, searched as one index
// (see "several shards as one index" in include/saksok/store/xap.h).
//
// Xapian's remote backend runs only what xapian-tcpsrv can unserialise: no
// KeyMaker and no MatchDecider at all, and only the MatchSpy classes it
// registers. So a search over shards asks Xapian for the merged match list
// alone (sorted by relevance or by one value slot, which the remote backend
// does, with each item's collapse key, nothing collapsed), and the rest is
// done here on that list: the tiers of a tiered order, collapsing (the
// best-placed section of each key), the totals and the facet counts (from
// tables of the facet terms' posting lists, which remote shards serve).
#include "xap_int.h"

#include <time.h>

#include "saksok/store/terms.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace {

double mono_now()
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

// The least time a remote shard gets to answer again after another one
// failed late in a request: what a request may take past its timeout.
const double RECONNECT_FLOOR = 0.5;

struct Shard {
    sk_shard_kind kind = SK_SHARD_LOCAL;
    std::string name, path, host, program, args;
    unsigned port = 0;
    sk_xdb *local = nullptr; // SK_SHARD_LOCAL, when open
    Xapian::Database remote;
    double conn_timeout = 0; // the timeout remote was opened with
    bool up = false;
    double retry_at = 0;
    // What tells whether a reopen of a local shard changed it.
    std::string uuid;
    Xapian::rev rev = 0;

    Xapian::Database &db() { return local ? local->db : remote; }
};

// A facet's values by docid of the combined database.
struct CombinedFacet {
    bool built = false, unusable = false;
    std::vector<uint16_t> code;       // by docid; 0: no value
    std::vector<std::string> display; // code - 1 -> the value as stored in the slot
};

// Spelling and synonym tables of every shard, merged as one index holds them.
struct Lexicon {
    bool spell_loaded = false, syn_loaded = false;
    std::map<std::string, Xapian::doccount> spell;
    std::map<std::string, std::set<std::string>> syn;
};

const Xapian::doccount KEEP_ALL = 0x7fffffff; // a collapse_max that collapses nothing

// Entries a cache holds before it starts over.
const size_t CACHE_MAX = 100000;

template <typename Map, typename Key, typename Value>
void cache_put(Map &m, const Key &k, const Value &v)
{
    if (m.size() >= CACHE_MAX)
        m.clear();
    m.emplace(k, v);
}

} // namespace

// What a set of shards knows. Everything below `generation` holds for one
// combination of the shards' revisions: combine() starts it over, which
// happens only when a shard changed, went away or came back. Requests in
// between ask the shards only what they have not asked before (each such
// question is a round trip to every remote shard).
struct ShardSet {
    std::vector<Shard> shards;
    double timeout = 5;
    double deadline = 0; // of the current request (set by open and reopen)
    bool any_remote = false;
    std::vector<std::string> missing;
    std::vector<size_t> subs; // the shards db->db combines, in its order
    Xapian::rev generation = 0;
    std::map<Xapian::valueno, CombinedFacet> facets;
    Lexicon lex;
    std::unordered_map<std::string, Xapian::doccount> termfreq;
    std::unordered_map<std::string, std::string> metadata;
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> metadata_lists;
    std::map<std::string, std::vector<std::string>> shard_metadata;
    std::map<std::string, std::shared_ptr<const TierSets>> tier_sets;
    std::unordered_map<Xapian::docid, std::string> walk_keys;
};

namespace {

unsigned timeout_ms(double s)
{
    return s <= 0 ? 0 : s > 86400 ? 86400000u : (unsigned)(s * 1000 + 0.5);
}

// What a remote shard may still take in this request: what is left before
// the deadline, at least RECONNECT_FLOOR (0: no limit).
double budget(const ShardSet &set)
{
    if (set.timeout <= 0)
        return 0;
    return std::max(set.deadline - mono_now(), std::min(set.timeout, RECONNECT_FLOOR));
}

void note_revision(Shard &s)
{
    try {
        s.uuid = s.db().get_uuid();
        s.rev = s.kind == SK_SHARD_LOCAL ? s.db().get_revision() : 0;
    } catch (const Xapian::Error &) {
        s.uuid.clear();
        s.rev = 0;
    }
}

// s left out until its next retry (its connection closed).
void mark_down(Shard &s)
{
    s.up = false;
    s.retry_at = mono_now() + SK_XDB_RETRY_SECONDS;
    s.remote = Xapian::Database();
}

// Open or connect s (a remote one with timeout seconds for each answer);
// false (s down, retried later) when it cannot be.
bool connect(Shard &s, double timeout, std::string *why)
{
    s.up = false;
    try {
        if (s.kind == SK_SHARD_LOCAL) {
            sk_xdb_free(s.local);
            s.local = nullptr;
            sk_err e = SK_ERR_INIT;
            if (sk_xdb_open(&s.local, s.path.c_str(), &e) != SK_OK) {
                if (why)
                    *why = e.msg;
                s.retry_at = mono_now() + SK_XDB_RETRY_SECONDS;
                return false;
            }
        } else {
            s.remote = Xapian::Database();
            if (s.kind == SK_SHARD_TCP)
                s.remote =
                    Xapian::Remote::open(s.host, s.port, timeout_ms(timeout), timeout_ms(timeout));
            else
                s.remote = Xapian::Remote::open(s.program, s.args, timeout_ms(timeout));
            s.conn_timeout = timeout;
        }
        s.up = true;
        note_revision(s);
        return true;
    } catch (const Xapian::Error &e) {
        if (why)
            *why = e.get_description();
    } catch (...) {
        if (why)
            *why = "out of memory";
    }
    mark_down(s);
    return false;
}

// Does a Xapian error's context name s's connection?
bool names(const Shard &s, const std::string &context)
{
    if (s.kind == SK_SHARD_TCP)
        return context == "remote:tcp(" + s.host + ":" + std::to_string(s.port) + ")";
    if (s.kind == SK_SHARD_PROG) {
        std::string p = "remote:prog(" + s.program + " " + s.args;
        return context.compare(0, p.size(), p) == 0 &&
               (context.size() == p.size() ||
                context.compare(p.size(), std::string::npos, ")") == 0);
    }
    return false;
}

// f(s) for each shard of list, side by side (a thread each) when there are
// several: the remote ones wait for their answers together. f must not throw.
template <typename F> void side_by_side(const std::vector<Shard *> &list, F f)
{
    std::vector<std::thread> threads;
    size_t started = 0;
    if (list.size() > 1) {
        try {
            for (; started < list.size(); started++) {
                Shard *s = list[started];
                threads.emplace_back([s, &f] { f(*s); });
            }
        } catch (...) {
            // no more threads: the rest one after the other here
        }
    }
    for (size_t i = started; i < list.size(); i++)
        f(*list[i]);
    for (std::thread &t : threads)
        t.join();
}

// db->db from the shards that are up; what was known of the old one goes.
void combine(sk_xdb *db)
{
    ShardSet &set = *db->shards;
    db->db = Xapian::Database();
    set.missing.clear();
    set.subs.clear();
    for (size_t i = 0; i < set.shards.size(); i++) {
        Shard &s = set.shards[i];
        if (s.up) {
            db->db.add_database(s.db());
            set.subs.push_back(i);
        } else {
            set.missing.push_back(s.name);
        }
    }
    set.generation++;
    set.facets.clear();
    set.lex = Lexicon();
    set.termfreq.clear();
    set.metadata.clear();
    set.metadata_lists.clear();
    set.shard_metadata.clear();
    set.tier_sets.clear();
    set.walk_keys.clear();
}

// Reopen a local shard that is up; true when it changed.
bool reopen_local(Shard &s)
{
    std::string uuid = s.uuid;
    Xapian::rev rev = s.rev;
    sk_err e = SK_ERR_INIT;
    if (sk_xdb_reopen(s.local, &e) != SK_OK) {
        s.up = false;
        s.retry_at = mono_now() + SK_XDB_RETRY_SECONDS;
        return true;
    }
    note_revision(s);
    return s.uuid != uuid || s.rev != rev;
}

// Reopen a remote shard that is up; true when it changed (or went away).
// The server answers whether its database moved to a new revision (Xapian's
// reopen(): false when it did not), with no other round trip.
bool reopen_remote(Shard &s, double timeout) noexcept
{
    try {
        if (s.conn_timeout != timeout) {
            // Opened within what a failed request had left: a fresh one.
            connect(s, timeout, nullptr);
            return true;
        }
        try {
            return s.remote.reopen();
        } catch (const Xapian::NetworkTimeoutError &) {
            // No answer within the timeout: not waited for a second time
            // in this request by connecting again.
            mark_down(s);
            return true;
        } catch (const Xapian::Error &) {
            // The server lost its database (a new generation replaced it) or
            // went away: a new connection opens what the server serves now.
            connect(s, timeout, nullptr);
            return true;
        }
    } catch (...) {
        mark_down(s);
        return true;
    }
}

} // namespace

// ---- opening ----

void sk_xap_shards_drop_failed(sk_xdb *db, const Xapian::NetworkError &e)
{
    ShardSet &set = *db->shards;
    const std::string &context = e.get_context();
    for (Shard &s : set.shards)
        if (s.up && s.kind != SK_SHARD_LOCAL && names(s, context))
            mark_down(s);
    // The other connections may hold replies of the call that was cut short
    // (a shard not named is among them, and fails again if it is the one).
    double t = budget(set);
    std::vector<Shard *> others;
    for (Shard &s : set.shards)
        if (s.up && s.kind != SK_SHARD_LOCAL)
            others.push_back(&s);
    side_by_side(others, [t](Shard &s) { connect(s, t, nullptr); });
    combine(db);
}

int sk_xap_shards_lost_document(sk_xmset *m, size_t i, const std::string &why, sk_err *err)
{
    sk_xdb *db = m->from;
    std::string name = "a shard";
    if (db && db->shards && !m->subs.empty() && i < m->dids.size() && m->dids[i] > 0) {
        size_t k = m->subs[(m->dids[i] - 1) % m->subs.size()];
        Shard &s = db->shards->shards[k];
        name = s.name;
        if (s.up && s.kind != SK_SHARD_LOCAL) {
            mark_down(s);
            combine(db);
        }
    }
    return sk_err_set(err, SK_EMODIFIED, "%s stopped answering (%s)", name.c_str(), why.c_str());
}

void sk_xap_shards_free(ShardSet *s)
{
    if (s == nullptr)
        return;
    for (Shard &sh : s->shards)
        sk_xdb_free(sh.local);
    delete s;
}

extern "C" int sk_xdb_open_shards(sk_xdb **out, const sk_shard_spec *specs, size_t n,
                                  double timeout, sk_err *err)
{
    *out = nullptr;
    if (n == 0)
        return sk_err_set(err, SK_EINVAL, "no index given");
    if (n == 1 && specs[0].kind == SK_SHARD_LOCAL)
        return sk_xdb_open(out, specs[0].path, err);
    try {
        std::unique_ptr<sk_xdb> db(new sk_xdb);
        db->shards = new ShardSet;
        ShardSet &set = *db->shards;
        set.timeout = timeout;
        set.deadline = mono_now() + timeout;
        for (size_t i = 0; i < n; i++) {
            Shard s;
            s.kind = specs[i].kind;
            s.name = specs[i].name ? specs[i].name : "";
            s.path = specs[i].path ? specs[i].path : "";
            s.host = specs[i].host ? specs[i].host : "";
            s.port = specs[i].port;
            s.program = specs[i].program ? specs[i].program : "";
            s.args = specs[i].args ? specs[i].args : "";
            set.any_remote = set.any_remote || s.kind != SK_SHARD_LOCAL;
            set.shards.push_back(s);
        }
        std::vector<std::string> why(n);
        std::vector<Shard *> remote;
        for (size_t i = 0; i < n; i++) {
            if (set.shards[i].kind == SK_SHARD_LOCAL)
                connect(set.shards[i], timeout, &why[i]);
            else
                remote.push_back(&set.shards[i]);
        }
        Shard *first = &set.shards[0];
        side_by_side(remote, [&](Shard &s) { connect(s, timeout, &why[(size_t)(&s - first)]); });
        std::string first_error;
        bool any_up = false;
        for (size_t i = 0; i < n; i++) {
            any_up = any_up || set.shards[i].up;
            if (!set.shards[i].up && first_error.empty())
                first_error = set.shards[i].name + ": " + why[i];
        }
        if (!any_up) {
            sk_xdb *gone = db.release();
            sk_xdb_free(gone);
            return sk_err_set(err, SK_ENOTFOUND, "no shard can be opened (%s)",
                              first_error.c_str());
        }
        combine(db.get());
        *out = db.release();
        return SK_OK;
    } catch (...) {
        return sk_xap_fail(err);
    }
}

void sk_xap_shards_reopen(sk_xdb *db)
{
    ShardSet &set = *db->shards;
    double now = mono_now();
    set.deadline = now + set.timeout;
    std::vector<char> changed(set.shards.size(), 0); // one element per thread
    std::vector<Shard *> remote;
    for (size_t i = 0; i < set.shards.size(); i++) {
        Shard &s = set.shards[i];
        if (s.kind == SK_SHARD_LOCAL) {
            if (s.up)
                changed[i] = reopen_local(s);
            else if (now >= s.retry_at)
                changed[i] = connect(s, set.timeout, nullptr);
        } else if (s.up || now >= s.retry_at) {
            remote.push_back(&s);
        }
    }
    Shard *first = &set.shards[0];
    double timeout = set.timeout;
    side_by_side(remote, [&changed, first, timeout](Shard &s) {
        bool c = s.up ? reopen_remote(s, timeout) : connect(s, timeout, nullptr);
        changed[(size_t)(&s - first)] = c;
    });
    if (std::find(changed.begin(), changed.end(), 1) != changed.end())
        combine(db);
}

Xapian::rev sk_xap_shards_generation(sk_xdb *db)
{
    return db->shards->generation;
}

Xapian::doccount sk_xap_shards_termfreq(sk_xdb *db, const std::string &term)
{
    ShardSet &set = *db->shards;
    auto it = set.termfreq.find(term);
    if (it != set.termfreq.end())
        return it->second;
    if (!set.any_remote) {
        Xapian::doccount tf = db->db.get_termfreq(term);
        cache_put(set.termfreq, term, tf);
        return tf;
    }
    // Each shard's count, side by side (one round trip for all remote
    // shards rather than one after the other).
    std::vector<Shard *> up;
    for (size_t k : set.subs)
        up.push_back(&set.shards[k]);
    std::vector<Xapian::doccount> part(set.shards.size(), 0);
    std::vector<std::exception_ptr> failed(set.shards.size());
    Shard *first = &set.shards[0];
    side_by_side(up, [&](Shard &s) {
        size_t k = (size_t)(&s - first);
        try {
            part[k] = s.db().get_termfreq(term);
        } catch (...) {
            failed[k] = std::current_exception();
        }
    });
    for (const std::exception_ptr &e : failed)
        if (e)
            std::rethrow_exception(e);
    Xapian::doccount tf = 0;
    for (Xapian::doccount p : part)
        tf += p;
    cache_put(set.termfreq, term, tf);
    return tf;
}

std::map<std::string, std::shared_ptr<const TierSets>> &sk_xap_shards_tier_cache(sk_xdb *db)
{
    return db->shards->tier_sets;
}

extern "C" size_t sk_xdb_missing_count(const sk_xdb *db)
{
    return db && db->shards ? db->shards->missing.size() : 0;
}

extern "C" const char *sk_xdb_missing_name(const sk_xdb *db, size_t i)
{
    return i < sk_xdb_missing_count(db) ? db->shards->missing[i].c_str() : nullptr;
}

// ---- metadata ----
//
// Read once per combination of the shards' revisions (combine()).

std::string sk_xap_shards_metadata(sk_xdb *db, const std::string &key)
{
    ShardSet &set = *db->shards;
    auto it = set.metadata.find(key);
    if (it != set.metadata.end())
        return it->second;
    std::string v;
    for (Shard &s : set.shards)
        if (s.up && !(v = s.db().get_metadata(key)).empty())
            break;
    cache_put(set.metadata, key, v);
    return v;
}

std::vector<std::pair<std::string, std::string>>
sk_xap_shards_metadata_list(sk_xdb *db, const std::string &prefix)
{
    ShardSet &set = *db->shards;
    auto it = set.metadata_lists.find(prefix);
    if (it != set.metadata_lists.end())
        return it->second;
    std::map<std::string, std::string> all;
    for (Shard &s : set.shards) {
        if (!s.up)
            continue;
        Xapian::Database &d = s.db();
        std::vector<std::string> keys;
        for (auto k = d.metadata_keys_begin(prefix); k != d.metadata_keys_end(prefix); ++k)
            keys.push_back(*k);
        for (const std::string &k : keys) {
            if (all.count(k))
                continue;
            std::string v = d.get_metadata(k);
            if (!v.empty())
                all.emplace(k, v);
        }
    }
    std::vector<std::pair<std::string, std::string>> list(all.begin(), all.end());
    cache_put(set.metadata_lists, prefix, list);
    return list;
}

extern "C" int sk_xdb_find_shard_metadata(sk_xblob **out, sk_xdb *db, const char *key,
                                          sk_xbytes_cb match, void *payload, sk_err *err)
{
    *out = nullptr;
    try {
        std::vector<std::string> values;
        if (db->shards == nullptr) {
            values.push_back(db->db.get_metadata(key));
        } else {
            values = sk_xap_on_shards(db, [&] {
                ShardSet &set = *db->shards;
                auto it = set.shard_metadata.find(key);
                if (it != set.shard_metadata.end())
                    return it->second;
                std::vector<std::string> v;
                for (Shard &s : set.shards)
                    if (s.up)
                        v.push_back(s.db().get_metadata(key));
                cache_put(set.shard_metadata, std::string(key), v);
                return v;
            });
        }
        for (std::string &v : values)
            if (!v.empty() && match(v.data(), v.size(), payload)) {
                *out = new sk_xblob{std::move(v)};
                break;
            }
        return SK_OK;
    } catch (...) {
        return sk_xap_fail(err);
    }
}

// ---- searching ----

namespace {

// One match of the merged list.
struct Item {
    Xapian::docid did;
    double wt;
    std::string sort_key, ckey;
    unsigned tier;
};

// Xapian's order (by value when by_value, then by weight, then by docid),
// the tiers first.
bool item_before(const Item &a, const Item &b, bool by_value, bool reverse)
{
    if (a.tier != b.tier)
        return a.tier < b.tier;
    if (by_value && a.sort_key != b.sort_key)
        return reverse ? a.sort_key > b.sort_key : a.sort_key < b.sort_key;
    if (a.wt != b.wt)
        return a.wt > b.wt;
    return a.did < b.did;
}

bool same_rank(const Item &a, const Item &b, bool by_value)
{
    return a.tier == b.tier && a.wt == b.wt && (!by_value || a.sort_key == b.sort_key);
}

// Where one index of everything puts a document among those of equal rank:
// it orders them by docid, that is in the order its run wrote them, which
// for a fresh build is the walk's: the root, then the path below it folder
// by folder, names in byte order (a '/' sorts before any other byte); the
// sections of one file in the order written, which its shard keeps. The
// document's SK_SLOT_WALK holds it; an index written before that slot
// existed has it from the document's root and path terms (its whole term
// list, a costly round trip to a remote shard).
std::string walk_key(const Xapian::Database &db, Xapian::docid did)
{
    std::string v = db.get_document(did).get_value(SK_SLOT_WALK);
    if (!v.empty())
        return v;
    std::string root, path;
    Xapian::TermIterator t = db.termlist_begin(did);
    auto value_of = [&](const char *prefix, std::string &out) {
        size_t n = std::strlen(prefix);
        t.skip_to(prefix);
        if (t != db.termlist_end(did) && (*t).compare(0, n, prefix) == 0)
            out = (*t).substr(n);
    };
    value_of(SK_PREFIX_PATH, path);
    value_of(SK_PREFIX_ROOT, root);
    std::replace(path.begin(), path.end(), '/', '\1');
    return root + std::string(1, '\0') + path;
}

// The walk keys of dids not known yet, read from their shards side by side
// (a thread per shard) and kept until a shard changes. A shard's error is
// thrown here, after every thread is done.
void load_walk_keys(sk_xdb *db, const std::vector<Xapian::docid> &dids)
{
    ShardSet &set = *db->shards;
    size_t n = set.subs.size();
    std::vector<std::vector<Xapian::docid>> by_sub(n);
    for (Xapian::docid did : dids)
        if (set.walk_keys.count(did) == 0)
            by_sub[(did - 1) % n].push_back(did);
    std::vector<Shard *> list;
    std::map<const Shard *, size_t> sub_of;
    for (size_t k = 0; k < n; k++) {
        if (!by_sub[k].empty()) {
            list.push_back(&set.shards[set.subs[k]]);
            sub_of[list.back()] = k;
        }
    }
    std::vector<std::vector<std::string>> keys(n);
    std::vector<std::exception_ptr> failed(n);
    const Xapian::Database &cdb = db->db; // each thread reads its own sub-database
    side_by_side(list, [&](Shard &s) {
        size_t k = sub_of.at(&s);
        try {
            for (Xapian::docid did : by_sub[k])
                keys[k].push_back(walk_key(cdb, did));
        } catch (...) {
            failed[k] = std::current_exception();
        }
    });
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < keys[k].size(); i++)
            cache_put(set.walk_keys, by_sub[k][i], keys[k][i]);
    for (const std::exception_ptr &e : failed)
        if (e)
            std::rethrow_exception(e);
}

// The walk keys of the first k matches of query by relevance, from one more
// match list sorted by relevance, then the walk value (SK_SLOT_WALK): the
// keys come with it, at one round trip for all (the first list is asked
// without them, as a thousand walk values would weigh more than the list).
void walk_keys_by_match(sk_xdb *db, const Xapian::Query &query, Xapian::doccount k)
{
    Xapian::Enquire enq(db->db);
    enq.set_query(query);
    enq.set_sort_by_relevance_then_value(SK_SLOT_WALK, false);
    Xapian::MSet m = enq.get_mset(0, k, k);
    ShardSet &set = *db->shards;
    for (auto it = m.begin(); it != m.end(); ++it) {
        std::string key = it.get_sort_key();
        if (!key.empty()) // else an older section: load_walk_keys reads its terms
            cache_put(set.walk_keys, *it, key);
    }
}

// Put the runs of equal rank in one index's order: those that decide the
// first `want` groups (collapse keys; later runs change nothing shown), up
// to a bound on the documents looked at. The walk keys come from a match
// list sorted by them (a list by relevance, not tiered: its first items are
// the same documents), else from each document (one round trip each to a
// remote shard, side by side across shards); kept until a shard changes.
void order_ties(sk_xdb *db, const Xapian::Query &query, std::vector<Item> &items, bool by_relevance,
                bool by_value, Xapian::doccount n_sub, size_t want)
{
    std::vector<std::pair<size_t, size_t>> runs;
    std::vector<Xapian::docid> need;
    std::unordered_set<std::string> keys;
    size_t groups = 0;
    // Keys from a match list cost one round trip for all; read one by one,
    // each costs one (the shards side by side): fewer are looked at.
    size_t bound = by_relevance ? 1024 : 128;
    for (size_t i = 0; i < items.size() && groups < want && need.size() < bound;) {
        size_t j = i + 1;
        while (j < items.size() && same_rank(items[i], items[j], by_value))
            j++;
        if (j - i > 1) {
            runs.emplace_back(i, j);
            for (size_t k = i; k < j; k++)
                need.push_back(items[k].did);
        }
        for (size_t k = i; k < j; k++)
            groups += items[k].ckey.empty() || keys.insert(items[k].ckey).second;
        i = j;
    }
    if (runs.empty())
        return;
    ShardSet &set = *db->shards;
    size_t unknown = 0;
    for (Xapian::docid did : need)
        unknown += set.walk_keys.count(did) == 0;
    if (by_relevance && unknown > 1)
        walk_keys_by_match(db, query, (Xapian::doccount)runs.back().second);
    load_walk_keys(db, need);
    for (const auto &r : runs) {
        std::vector<std::pair<std::pair<std::string, Xapian::docid>, Item>> run;
        for (size_t k = r.first; k < r.second; k++)
            run.push_back({{set.walk_keys[items[k].did], (items[k].did - 1) / n_sub}, items[k]});
        std::stable_sort(run.begin(), run.end(),
                         [](const auto &a, const auto &b) { return a.first < b.first; });
        for (size_t k = r.first; k < r.second; k++)
            items[k] = run[k - r.first].second;
    }
}

// The first n matches of query, appended to items (those of docids already
// in seen skipped). Only what the remote backend runs.
Xapian::MSet fetch(const Xapian::Database &db, const Xapian::Query &query, const sk_xsearch_opts *o,
                   Xapian::doccount n, std::vector<Item> &items,
                   std::unordered_set<Xapian::docid> &seen)
{
    Xapian::Enquire enq(db);
    enq.set_query(query);
    bool by_value = o->sort_slot >= 0;
    if (by_value)
        enq.set_sort_by_value_then_relevance((Xapian::valueno)o->sort_slot, o->sort_reverse != 0);
    if (o->collapse_slot >= 0)
        enq.set_collapse_key((Xapian::valueno)o->collapse_slot, KEEP_ALL);
    Xapian::MSet m = enq.get_mset(0, n, n);
    for (auto it = m.begin(); it != m.end(); ++it) {
        if (!seen.insert(*it).second)
            continue;
        items.push_back(Item{*it, it.get_weight(), by_value ? it.get_sort_key() : std::string(),
                             o->collapse_slot >= 0 ? it.get_collapse_key() : std::string(), 0});
    }
    return m;
}

// The documents of any tier rule, as a boolean query.
Xapian::Query tier_filter(const sk_xtier *tiers, size_t n)
{
    std::vector<Xapian::Query> rules;
    for (size_t i = 0; i < n; i++) {
        std::vector<Xapian::Query> terms;
        for (size_t k = 0; k < SK_XTIER_MAX_TERMS && tiers[i].terms[k]; k++)
            terms.emplace_back(tiers[i].terms[k]);
        rules.emplace_back(Xapian::Query::OP_AND, terms.begin(), terms.end());
    }
    return Xapian::Query(Xapian::Query::OP_OR, rules.begin(), rules.end());
}

void build_facet(const Xapian::Database &db, Xapian::valueno slot, const std::string &prefix,
                 CombinedFacet &t)
{
    t = CombinedFacet();
    t.code.assign((size_t)db.get_lastdocid() + 1, 0);
    for (auto term = db.allterms_begin(prefix); term != db.allterms_end(prefix); ++term) {
        if (t.display.size() == 65535) {
            t.unusable = true;
            return;
        }
        Xapian::PostingIterator p = db.postlist_begin(*term);
        if (p == db.postlist_end(*term))
            continue;
        t.display.push_back(db.get_document(*p).get_value(slot));
        uint16_t c = (uint16_t)t.display.size();
        for (; p != db.postlist_end(*term); ++p)
            if (*p < t.code.size())
                t.code[*p] = c;
    }
    t.built = true;
}

// Counts of one facet's values over the hits.
class FacetCount {
  public:
    FacetCount(sk_xdb *db, Xapian::valueno slot, const char *prefix) : db_(db), slot_(slot)
    {
        if (prefix == nullptr)
            return;
        table_ = &db->shards->facets[slot];
        if (!table_->built && !table_->unusable)
            build_facet(db->db, slot, prefix, *table_);
        if (!table_->built)
            table_ = nullptr;
        else
            by_code_.assign(table_->display.size() + 1, 0);
    }

    void count(Xapian::docid did)
    {
        if (table_ && did < table_->code.size()) {
            by_code_[table_->code[did]]++;
            return;
        }
        std::string v = db_->db.get_document(did).get_value(slot_);
        if (!v.empty())
            by_value_[v]++;
    }

    std::vector<std::pair<std::string, size_t>> top(size_t max, double scale) const
    {
        std::map<std::string, size_t> all(by_value_);
        for (size_t c = 1; c < by_code_.size(); c++)
            if (by_code_[c])
                all[table_->display[c - 1]] += by_code_[c];
        std::vector<std::pair<std::string, size_t>> r(all.begin(), all.end());
        for (auto &vc : r)
            if (scale != 1.0)
                vc.second = (size_t)((double)vc.second * scale + 0.5);
        std::stable_sort(r.begin(), r.end(),
                         [](const auto &a, const auto &b) { return a.second > b.second; });
        if (r.size() > max)
            r.resize(max);
        return r;
    }

  private:
    sk_xdb *db_;
    Xapian::valueno slot_;
    CombinedFacet *table_ = nullptr;
    std::vector<size_t> by_code_;
    std::map<std::string, size_t> by_value_;
};

// The merged list in its final order: the first n matches (more when they
// were not all of them and tiers must bring their documents forward).
// *complete: every match is in items. *estimated: Xapian's estimate.
std::vector<Item> ordered_matches(sk_xdb *db, const Xapian::Query &query, const sk_xsearch_opts *o,
                                  const TierSets *tiers, Xapian::doccount n, bool *complete,
                                  size_t *estimated)
{
    std::vector<Item> items;
    std::unordered_set<Xapian::docid> seen;
    size_t want = o->offset + o->limit;
    Xapian::MSet m = fetch(db->db, query, o, n, items, seen);
    *complete = m.size() < n || m.get_matches_upper_bound() <= m.size();
    *estimated = std::max((size_t)m.get_matches_estimated(), items.size());
    bool by_value = o->sort_slot >= 0;
    Xapian::doccount n_sub = (Xapian::doccount)db->shards->subs.size();
    if (tiers == nullptr) {
        order_ties(db, query, items, !by_value, by_value, n_sub, want);
        return items;
    }
    if (!*complete) {
        // A tier's documents may rank below the first n: fetch them all.
        std::unordered_set<Xapian::docid> in_tiers;
        for (const auto &r : tiers->rules)
            in_tiers.insert(r.second.begin(), r.second.end());
        if (!in_tiers.empty())
            fetch(db->db,
                  Xapian::Query(Xapian::Query::OP_FILTER, query, tier_filter(o->tiers, o->n_tiers)),
                  o, (Xapian::doccount)in_tiers.size(), items, seen);
    }
    for (Item &it : items) {
        it.tier = tiers->after;
        for (const auto &r : tiers->rules)
            if (r.first < it.tier && std::binary_search(r.second.begin(), r.second.end(), it.did))
                it.tier = r.first;
    }
    std::stable_sort(items.begin(), items.end(), [by_value, o](const Item &a, const Item &b) {
        return item_before(a, b, by_value, o->sort_reverse != 0);
    });
    order_ties(db, query, items, false, by_value, n_sub, want);
    return items;
}

// One search over the shards that are up now.
int search_once(sk_xmset **out, sk_xdb *db, const Xapian::Query &query, const sk_xsearch_opts *o,
                sk_err *err)
{
    std::shared_ptr<const TierSets> tiers;
    if (o->tiers && o->n_tiers && (tiers = tier_sets(db, o->tiers, o->n_tiers, err)) == nullptr)
        return SK_EINVAL;
    size_t n_facets = std::min(o->n_facets, (size_t)SK_XSEARCH_MAX_FACETS);
    size_t want = o->offset + o->limit;
    Xapian::doccount n = (Xapian::doccount)std::max(o->check_at_least, want);
    for (;;) {
        bool complete = false;
        size_t estimated = 0;
        std::vector<Item> items =
            ordered_matches(db, query, o, tiers.get(), n, &complete, &estimated);
        std::vector<FacetCount> facets;
        for (size_t k = 0; k < n_facets; k++)
            facets.emplace_back(db, (Xapian::valueno)o->facet_slots[k], o->facet_prefixes[k]);
        std::unique_ptr<sk_xmset> r(new sk_xmset);
        r->own = true;
        r->db = db->db;
        r->from = db;
        r->subs = db->shards->subs;
        std::unordered_set<std::string> keys;
        size_t groups = 0;
        for (const Item &it : items) {
            r->max_wt = std::max(r->max_wt, it.wt);
            if (!it.ckey.empty() && !keys.insert(it.ckey).second)
                continue; // a better-placed section of this hit came first
            for (FacetCount &f : facets)
                f.count(it.did);
            if (groups++ >= o->offset && r->dids.size() < o->limit) {
                r->dids.push_back(it.did);
                r->wts.push_back(it.wt);
            }
        }
        if (!complete && r->dids.size() < o->limit && groups < want && n < 0x10000000) {
            n *= 4;
            continue;
        }
        double scale = complete || items.empty() ? 1.0 : (double)estimated / (double)items.size();
        r->total = (size_t)((double)groups * scale + 0.5);
        if (!r->dids.empty() && r->total < o->offset + r->dids.size())
            r->total = o->offset + r->dids.size();
        for (const FacetCount &f : facets)
            r->facets.push_back(f.top(100, scale));
        r->data.resize(r->dids.size());
        r->have.assign(r->dids.size(), false);
        *out = r.release();
        return SK_OK;
    }
}

} // namespace

int sk_xap_shards_search(sk_xmset **out, sk_xdb *db, const Xapian::Query &query,
                         const sk_xsearch_opts *opts, sk_err *err)
{
    if (db->shards->missing.size() == db->shards->shards.size())
        return sk_err_set(err, SK_ENOTFOUND, "no shard can be reached");
    return search_once(out, db, query, opts, err);
}

void sk_xap_shards_prefetch(sk_xmset *m)
{
    ShardSet *set = m->from && m->from->shards ? m->from->shards : nullptr;
    size_t n = m->subs.size();
    if (set == nullptr || !set->any_remote || n < 2)
        return;
    std::vector<std::vector<size_t>> hits(n); // by sub-database: hits not read yet
    for (size_t i = 0; i < m->dids.size(); i++)
        if (!m->have[i])
            hits[(m->dids[i] - 1) % n].push_back(i);
    std::vector<Shard *> list;
    std::map<const Shard *, size_t> sub_of;
    for (size_t k = 0; k < n; k++) {
        Shard &s = set->shards[m->subs[k]];
        if (s.kind != SK_SHARD_LOCAL && !hits[k].empty()) {
            list.push_back(&s);
            sub_of[&s] = k;
        }
    }
    if (list.size() < 2)
        return;
    // Through m's database (the revisions searched), a thread per remote
    // shard; each touches only its own sub-database.
    std::vector<char> read(m->dids.size(), 0); // (have is a vector<bool>: not per thread)
    m->lost.assign(m->dids.size(), std::string());
    side_by_side(list, [&](Shard &s) {
        const std::vector<size_t> &mine = hits[sub_of.at(&s)];
        size_t at = 0;
        try {
            for (; at < mine.size(); at++) {
                m->data[mine[at]] = m->db.get_document(m->dids[mine[at]]).get_data();
                read[mine[at]] = 1;
            }
        } catch (const Xapian::NetworkError &e) {
            // Not waited for again: the shard's other hits are lost too.
            for (; at < mine.size(); at++)
                m->lost[mine[at]] = e.get_description();
        } catch (...) {
            // left to be read (and to fail) one by one
        }
    });
    for (size_t i = 0; i < read.size(); i++)
        if (read[i])
            m->have[i] = true;
}

// ---- synonyms and spelling ----
//
// Xapian's remote backend serves neither table (a remote shard adds nothing
// to Database::synonyms_begin or get_spelling_suggestion). Every index keeps
// a copy of both in its metadata (sk_xwdb_export_lexicon); over shards of
// which one is remote, the tables of all shards are read from there (a
// local shard's straight from its tables) and merged as one index holds
// them. Spelling over shards, local ones too, runs Xapian's algorithm here on
// the merged table: Xapian 1.4's own merge of several local spelling tables
// misses suggestions that one index of everything makes.

namespace {

void add_spelling_lines(Lexicon &lex, const std::string &blob)
{
    for (size_t at = 0; at < blob.size();) {
        size_t nl = blob.find('\n', at), end = nl == std::string::npos ? blob.size() : nl;
        size_t tab = blob.find('\t', at);
        if (tab != std::string::npos && tab < end)
            lex.spell[blob.substr(at, tab - at)] +=
                (Xapian::doccount)std::strtoul(blob.c_str() + tab + 1, nullptr, 10);
        at = end + 1;
    }
}

void add_synonym_lines(Lexicon &lex, const std::string &blob)
{
    for (size_t at = 0; at < blob.size();) {
        size_t nl = blob.find('\n', at), end = nl == std::string::npos ? blob.size() : nl;
        size_t tab = blob.find('\t', at);
        if (tab != std::string::npos && tab < end)
            lex.syn[blob.substr(at, tab - at)].insert(blob.substr(tab + 1, end - tab - 1));
        at = end + 1;
    }
}

// The two tables of one database as the lines sk_xwdb_export_lexicon writes.
// (Either may be nullptr: not wanted.)
void table_lines(const Xapian::Database &d, std::string *spelling, std::string *synonyms)
{
    for (auto it = d.spellings_begin(); spelling && it != d.spellings_end(); ++it)
        *spelling += *it + "\t" + std::to_string(it.get_termfreq()) + "\n";
    for (auto k = d.synonym_keys_begin(); synonyms && k != d.synonym_keys_end(); ++k)
        for (auto v = d.synonyms_begin(*k); v != d.synonyms_end(*k); ++v)
            *synonyms += *k + "\t" + *v + "\n";
}

// One table (spelling: true) of every shard that is up.
void load_lexicon(ShardSet &set, bool spelling)
{
    for (Shard &s : set.shards) {
        if (!s.up)
            continue;
        std::string sp, syn;
        if (s.kind == SK_SHARD_LOCAL)
            table_lines(s.db(), spelling ? &sp : nullptr, spelling ? nullptr : &syn);
        else if (spelling)
            sp = s.db().get_metadata(SK_XLEXICON_SPELLING);
        else
            syn = s.db().get_metadata(SK_XLEXICON_SYNONYMS);
        if (spelling)
            add_spelling_lines(set.lex, sp);
        else
            add_synonym_lines(set.lex, syn);
    }
    (spelling ? set.lex.spell_loaded : set.lex.syn_loaded) = true;
}

// The fragments glass files a word under (glass_spelling.cc, toggle_word):
// head, tail, bookends (words of up to 4 bytes), middle trigrams; bytes.
std::set<std::string> word_fragments(const std::string &w)
{
    std::set<std::string> f;
    if (w.size() < 2)
        return f;
    f.insert(std::string("H") + w[0] + w[1]);
    f.insert(std::string("T") + w[w.size() - 2] + w[w.size() - 1]);
    if (w.size() <= 4)
        f.insert(std::string("B") + w[0] + w[w.size() - 1]);
    for (size_t i = 0; i + 3 <= w.size(); i++)
        f.insert("M" + w.substr(i, 3));
    return f;
}

// The fragments glass looks a word up by (open_termlist): a word's own, and
// for words of 2 and 3 bytes their transposed forms.
std::set<std::string> query_fragments(const std::string &w)
{
    std::set<std::string> f = word_fragments(w);
    if (w.size() == 3) {
        f.insert(std::string("M") + w[1] + w[0] + w[2]);
        f.insert(std::string("M") + w[0] + w[2] + w[1]);
    } else if (w.size() == 2) {
        f.insert(std::string("H") + w[1] + w[0]);
        f.insert(std::string("T") + w[1] + w[0]);
    }
    return f;
}

std::vector<unsigned> utf32(const std::string &s)
{
    std::vector<unsigned> out;
    for (size_t i = 0; i < s.size();) {
        unsigned char c = (unsigned char)s[i];
        size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        unsigned cp = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
        for (size_t k = 1; k < n && i + k < s.size(); k++)
            cp = (cp << 6) | ((unsigned char)s[i + k] & 0x3F);
        out.push_back(cp);
        i += n;
    }
    return out;
}

// Edit distance with adjacent transpositions (as Xapian's).
int edit_distance(const std::vector<unsigned> &a, const std::vector<unsigned> &b)
{
    size_t n = a.size(), m = b.size();
    std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1));
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 1; j <= m; j++) {
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[n][m];
}

} // namespace

bool sk_xap_shards_own_synonyms(sk_xdb *db)
{
    return db->shards->any_remote; // Xapian merges the tables of local shards itself
}

std::vector<std::string> sk_xap_shards_synonyms(sk_xdb *db, const std::string &key)
{
    if (!db->shards->lex.syn_loaded)
        load_lexicon(*db->shards, false);
    const Lexicon &lex = db->shards->lex;
    auto it = lex.syn.find(key);
    return it == lex.syn.end() ? std::vector<std::string>()
                               : std::vector<std::string>(it->second.begin(), it->second.end());
}

// Database::get_spelling_suggestion (Xapian 1.4) over the merged table: the
// candidates are the words sharing a fragment with word, in sorted order.
std::string sk_xap_shards_spelling(sk_xdb *db, const std::string &word, unsigned max_edits)
{
    if (word.size() <= 1 || max_edits == 0)
        return std::string();
    if (!db->shards->lex.spell_loaded)
        load_lexicon(*db->shards, true);
    max_edits = std::min(max_edits, (unsigned)(word.size() - 1));
    std::set<std::string> wanted = query_fragments(word);
    std::vector<unsigned> w32 = utf32(word);
    std::string result;
    int best = (int)max_edits;
    Xapian::doccount freq_best = 0, freq_exact = 0;
    for (const auto &tf : db->shards->lex.spell) {
        const std::string &term = tf.first;
        if (std::labs((long)term.size() - (long)word.size()) > best * 4)
            continue;
        std::set<std::string> frags = word_fragments(term);
        if (std::none_of(frags.begin(), frags.end(),
                         [&](const std::string &f) { return wanted.count(f) > 0; }))
            continue;
        std::vector<unsigned> t32 = utf32(term);
        if (std::labs((long)t32.size() - (long)w32.size()) > best)
            continue;
        int d = edit_distance(t32, w32);
        if (d > best)
            continue;
        if (d == 0) {
            freq_exact = tf.second;
            continue;
        }
        if (d < best || tf.second > freq_best) {
            result = term;
            best = d;
            freq_best = tf.second;
        }
    }
    return freq_best < freq_exact ? std::string() : result;
}

extern "C" int sk_xwdb_export_lexicon(sk_xwdb *db, sk_err *err)
{
    try {
        std::string spelling, synonyms;
        table_lines(db->db, &spelling, &synonyms);
        // Unchanged tables are not written again: a run that changed nothing
        // makes no new revision.
        if (db->db.get_metadata(SK_XLEXICON_SPELLING) != spelling)
            db->db.set_metadata(SK_XLEXICON_SPELLING, spelling);
        if (db->db.get_metadata(SK_XLEXICON_SYNONYMS) != synonyms)
            db->db.set_metadata(SK_XLEXICON_SYNONYMS, synonyms);
        return SK_OK;
    } catch (...) {
        return sk_xap_fail(err);
    }
}
