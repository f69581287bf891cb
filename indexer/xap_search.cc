// xap_search.cc: queries, searching (tiers, facets, collapsing) and the match set.
// Part of the C shim over xapian-core (see include/saksok/store/xap.h and
// xap_int.h). Every extern "C" function catches everything: no exception
// crosses into C.
#include "saksok/store/xap.h"

#include <xapian.h>

#include "saksok/store/access.h"
#include "saksok/store/terms.h"
#include "saksok/base/text.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "xap_int.h"

using namespace sk_xap;

// ---- queries ----

extern "C" int sk_xquery_term(sk_xquery **out, const char *term, size_t len, sk_err *err)
{
    *out = nullptr;
    int rc = check_term(term, len, err);
    if (rc != SK_OK)
        return rc;
    try {
        *out = new sk_xquery{Xapian::Query(std::string(term, len))};
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xquery_combine(sk_xquery **out, sk_xop op, sk_xquery *const *subs, size_t n,
                                 sk_err *err)
{
    *out = nullptr;
    if (n == 0)
        return sk_err_set(err, SK_EINVAL, "query operator without operands");
    Xapian::Query::op xop;
    switch (op) {
    case SK_XOP_AND: xop = Xapian::Query::OP_AND; break;
    case SK_XOP_OR: xop = Xapian::Query::OP_OR; break;
    case SK_XOP_AND_NOT: xop = Xapian::Query::OP_AND_NOT; break;
    case SK_XOP_AND_MAYBE: xop = Xapian::Query::OP_AND_MAYBE; break;
    case SK_XOP_PHRASE: xop = Xapian::Query::OP_PHRASE; break;
    case SK_XOP_SYNONYM: xop = Xapian::Query::OP_SYNONYM; break;
    case SK_XOP_FILTER: xop = Xapian::Query::OP_FILTER; break;
    default: return sk_err_set(err, SK_EINVAL, "unknown query operator %d", (int)op);
    }
    try {
        std::vector<Xapian::Query> v;
        v.reserve(n);
        for (size_t i = 0; i < n; i++)
            v.push_back(subs[i]->q);
        if (n == 1 && op != SK_XOP_PHRASE) {
            *out = new sk_xquery{v[0]};
            return SK_OK;
        }
        if (op == SK_XOP_FILTER) {
            Xapian::Query rest(Xapian::Query::OP_AND, v.begin() + 1, v.end());
            *out = new sk_xquery{Xapian::Query(xop, v[0], rest)};
        } else if (op == SK_XOP_AND_NOT || op == SK_XOP_AND_MAYBE) {
            Xapian::Query rest(Xapian::Query::OP_OR, v.begin() + 1, v.end());
            *out = new sk_xquery{Xapian::Query(xop, v[0], rest)};
        } else if (op == SK_XOP_PHRASE) {
            *out = new sk_xquery{Xapian::Query(xop, v.begin(), v.end(), (Xapian::termcount)n)};
        } else {
            *out = new sk_xquery{Xapian::Query(xop, v.begin(), v.end())};
        }
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xquery_value_range(sk_xquery **out, unsigned slot, const char *lo, const char *hi,
                                     sk_err *err)
{
    *out = nullptr;
    try {
        if (lo && hi)
            *out = new sk_xquery{Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, lo, hi)};
        else if (lo)
            *out = new sk_xquery{Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, lo)};
        else if (hi)
            *out = new sk_xquery{Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, hi)};
        else
            *out = new sk_xquery{Xapian::Query::MatchAll};
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xquery_scale(sk_xquery **out, const sk_xquery *q, double factor, sk_err *err)
{
    *out = nullptr;
    try {
        *out = new sk_xquery{Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->q, factor)};
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" char *sk_xquery_describe(const sk_xquery *q)
{
    try {
        return dup_string(q->q.get_description());
    } catch (...) {
        return nullptr;
    }
}

extern "C" void sk_xquery_free(sk_xquery *q)
{
    delete q;
}

// ---- searching ----

namespace {

// A facet's table: one pass over the posting lists of the boolean terms that
// hold its values (cheap per posting); the display value is the slot's
// value of the first document of each. false: too many values for a byte.
bool build_facet_table(const Xapian::Database &db, Xapian::valueno slot, const std::string &prefix,
                       FacetTable &t)
{
    t = FacetTable();
    t.revision = db.get_revision();
    t.code.assign((size_t)db.get_lastdocid() + 1, 0);
    for (auto term = db.allterms_begin(prefix); term != db.allterms_end(prefix); ++term) {
        if (t.display.size() == 255) {
            t.unusable = true; // too many values for a byte: count from the stream
            return false;
        }
        unsigned char c = (unsigned char)(t.display.size() + 1);
        Xapian::PostingIterator p = db.postlist_begin(*term);
        if (p == db.postlist_end(*term))
            continue;
        t.display.push_back(db.get_document(*p).get_value(slot));
        for (; p != db.postlist_end(*term); ++p)
            if (*p < t.code.size())
                t.code[*p] = c;
    }
    t.built = true;
    return true;
}

uint64_t key_digest(const std::string &v)
{
    uint64_t h = sk_hash64(v.data(), v.size());
    return h ? h : 1;
}

void build_key_table(const Xapian::Database &db, Xapian::valueno slot, KeyTable &t)
{
    t = KeyTable();
    t.revision = db.get_revision();
    t.key.assign((size_t)db.get_lastdocid() + 1, 0);
    for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v)
        if (v.get_docid() < t.key.size())
            t.key[v.get_docid()] = key_digest(*v);
    t.built = true;
}

// A slot's values for increasing docids: one value stream, moved forward
// with skip_to(), reads each chunk once (a document's own get_value() is a
// B-tree lookup each time).
class SlotReader {
  public:
    SlotReader(const Xapian::Database &db, Xapian::valueno slot) : db_(db), slot_(slot) {}

    // The value of did (false: none). A smaller did than the last starts over.
    bool get(Xapian::docid did, std::string &out)
    {
        if (!started_ || did < last_) {
            it_ = db_.valuestream_begin(slot_);
            started_ = true;
        }
        last_ = did;
        if (it_ == db_.valuestream_end(slot_))
            return false;
        if (it_.get_docid() < did)
            it_.skip_to(did);
        if (it_ == db_.valuestream_end(slot_) || it_.get_docid() != did)
            return false;
        out = *it_;
        return true;
    }

  private:
    Xapian::Database db_;
    Xapian::valueno slot_;
    Xapian::ValueIterator it_;
    bool started_ = false;
    Xapian::docid last_ = 0;
};

// Is a table kept with the handle still good for db? (Several databases
// have no single revision: then no table.)
template <typename Table> Table *current(const Xapian::Database &db, Table *t)
{
    if (t == nullptr || !t->built)
        return t;
    try {
        if (t->revision != db.get_revision())
            t->built = false;
        return t;
    } catch (const Xapian::Error &) {
        return nullptr;
    }
}

// A set of non-zero 64-bit keys (collapse key digests): open addressing with
// linear probing in one flat array, doubled at half full. It stands where a
// std::unordered_set cost a node allocation per key (2 % of the search
// page's CPU under load).
class KeySet {
  public:
    // True when k (non-zero) was not in the set yet.
    bool insert(uint64_t k)
    {
        if (2 * (n_ + 1) > slots_.size())
            grow();
        size_t mask = slots_.size() - 1;
        for (size_t i = mix(k) & mask;; i = (i + 1) & mask) {
            if (slots_[i] == k)
                return false;
            if (slots_[i] == 0) {
                slots_[i] = k;
                n_++;
                return true;
            }
        }
    }

  private:
    static size_t mix(uint64_t k) { return (size_t)((k * 0x9E3779B97F4A7C15ULL) >> 17); }

    void grow()
    {
        std::vector<uint64_t> old(slots_.empty() ? 64 : slots_.size() * 2, 0);
        old.swap(slots_);
        n_ = 0;
        for (uint64_t k : old)
            if (k != 0)
                insert(k);
    }

    std::vector<uint64_t> slots_;
    size_t n_ = 0;
};

// Counts what the matcher checks: the documents, the collapsed hits (one per
// collapse key), and per facet the hits with each value. Xapian's own
// collapsing and ValueCountMatchSpy read each document's values through the
// document (a B-tree lookup per document and slot) and keep std::maps; on a
// broad query that is most of the search. Here a value comes from a table by
// docid, kept with the database handle until its revision changes: made from
// the boolean terms that hold a facet's values (prefix + folded value; one
// pass over their posting lists) and from the collapse slot's value stream.
// A query with few matches does not pay for the tables: the first documents
// are read from value streams, and the tables are made once a query has
// passed TABLE_AFTER documents.
class MatchCounter : public Xapian::MatchSpy {
  public:
    static constexpr size_t TABLE_AFTER = 256;

    MatchCounter(const Xapian::Database &db, int collapse_slot, KeyTable *keys)
        : db_(db), collapse_slot_(collapse_slot),
          keys_(collapse_slot >= 0 ? current(db, keys) : nullptr),
          key_reader_(db, collapse_slot >= 0 ? (Xapian::valueno)collapse_slot : 0)
    {
    }

    void add_facet(Xapian::valueno slot, const char *prefix, FacetTable *table)
    {
        facets_.emplace_back(db_, slot, prefix, prefix ? current(db_, table) : nullptr);
    }

    void operator()(const Xapian::Document &doc, double) override
    {
        Xapian::docid did = doc.get_docid();
        seen_++;
        if (collapse_slot_ >= 0) {
            uint64_t k = key_of(did);
            if (k != 0 && !groups_.insert(k))
                return; // a hit already counted
        }
        hits_++;
        for (Facet &f : facets_)
            f.count(did, seen_);
    }

    // The collapse key digest of did (0: none).
    uint64_t key_of(Xapian::docid did)
    {
        if (keys_ && !keys_->built && seen_ > TABLE_AFTER) {
            try {
                build_key_table(db_, (Xapian::valueno)collapse_slot_, *keys_);
            } catch (const Xapian::Error &) {
                keys_ = nullptr;
            }
        }
        if (keys_ && keys_->built && did < keys_->key.size())
            return keys_->key[did];
        std::string v;
        return key_reader_.get(did, v) ? key_digest(v) : 0;
    }

    size_t seen() const { return seen_; }
    size_t hits() const { return hits_; }

    // Facet k: most frequent first, then by value; at most max.
    std::vector<std::pair<std::string, size_t>> top(size_t k, size_t max) const
    {
        return facets_[k].top(max);
    }

  private:
    class Facet {
      public:
        Facet(const Xapian::Database &db, Xapian::valueno slot, const char *prefix,
              FacetTable *table)
            : db_(db), slot_(slot), prefix_(prefix ? prefix : ""), table_(table), reader_(db, slot)
        {
            if (table_ && table_->built)
                table_counts_.assign(table_->display.size() + 1, 0);
        }

        void count(Xapian::docid did, size_t seen)
        {
            if (table_ && !table_->built && !table_->unusable && seen > TABLE_AFTER) {
                try {
                    if (build_facet_table(db_, slot_, prefix_, *table_))
                        table_counts_.assign(table_->display.size() + 1, 0);
                } catch (const Xapian::Error &) {
                    table_ = nullptr;
                }
            }
            if (table_ && table_->built && did < table_->code.size()) {
                table_counts_[table_->code[did]]++;
                return;
            }
            std::string v;
            if (!reader_.get(did, v))
                return;
            for (auto &c : counts_) {
                if (c.first == v) {
                    c.second++;
                    return;
                }
            }
            counts_.emplace_back(std::move(v), 1);
        }

        std::vector<std::pair<std::string, size_t>> top(size_t max) const
        {
            std::vector<std::pair<std::string, size_t>> r(counts_);
            for (size_t c = 1; c < table_counts_.size(); c++) {
                if (table_counts_[c] == 0)
                    continue;
                const std::string &v = table_->display[c - 1];
                auto it =
                    std::find_if(r.begin(), r.end(), [&](const auto &e) { return e.first == v; });
                if (it != r.end())
                    it->second += table_counts_[c];
                else
                    r.emplace_back(v, table_counts_[c]);
            }
            std::sort(r.begin(), r.end(), [](const auto &a, const auto &b) {
                return a.second != b.second ? a.second > b.second : a.first < b.first;
            });
            if (r.size() > max)
                r.resize(max);
            return r;
        }

      private:
        Xapian::Database db_;
        Xapian::valueno slot_;
        std::string prefix_;
        FacetTable *table_; // owned by the database handle; nullptr: streams only
        SlotReader reader_;
        std::vector<size_t> table_counts_;                   // by code
        std::vector<std::pair<std::string, size_t>> counts_; // few values: a list is fastest
    };

    Xapian::Database db_;
    int collapse_slot_;
    KeyTable *keys_;
    SlotReader key_reader_;
    KeySet groups_;
    std::vector<Facet> facets_;
    size_t seen_ = 0, hits_ = 0;
};

} // namespace

// The documents indexed by every one of terms, in docid order: the rarest
// term's posting list, each of its documents looked up in the others' lists.
static std::vector<Xapian::docid> docs_with_all(sk_xdb *xdb, std::vector<std::string> terms)
{
    const Xapian::Database &db = xdb->db;
    std::vector<Xapian::docid> out;
    std::sort(terms.begin(), terms.end(), [&](const std::string &a, const std::string &b) {
        return sk_xap_termfreq(xdb, a) < sk_xap_termfreq(xdb, b);
    });
    if (terms.empty() || sk_xap_termfreq(xdb, terms[0]) == 0)
        return out;
    std::vector<Xapian::PostingIterator> others;
    for (size_t i = 1; i < terms.size(); i++)
        others.push_back(db.postlist_begin(terms[i]));
    for (auto p = db.postlist_begin(terms[0]); p != db.postlist_end(terms[0]); ++p) {
        Xapian::docid did = *p;
        bool all = true;
        for (size_t i = 0; i < others.size() && all; i++) {
            others[i].skip_to(did);
            if (others[i] == db.postlist_end(terms[i + 1]))
                return out; // no later document has every term
            all = *others[i] == did;
        }
        if (all)
            out.push_back(did);
    }
    return out;
}

std::shared_ptr<const TierSets> tier_sets(sk_xdb *db, const sk_xtier *tiers, size_t n, sk_err *err)
{
    std::vector<std::vector<std::string>> rules(n);
    std::string key; // the rules, for the cache of a handle with shards
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < SK_XTIER_MAX_TERMS && tiers[i].terms[k]; k++)
            rules[i].emplace_back(tiers[i].terms[k]);
        if (rules[i].empty() || tiers[i].tier > SK_XTIER_MAX) {
            sk_err_set(err, SK_EINVAL, "tier rule %zu: %s", i,
                       rules[i].empty() ? "no term" : "tier number too high");
            return nullptr;
        }
        key += std::to_string(tiers[i].tier);
        for (const std::string &t : rules[i])
            key += std::string(1, '\0') + t;
        key += '\n';
    }
    auto *cache = db->shards ? &sk_xap_shards_tier_cache(db) : nullptr;
    if (cache) {
        auto it = cache->find(key);
        if (it != cache->end())
            return it->second;
    }
    auto sets = std::make_shared<TierSets>();
    for (size_t i = 0; i < n; i++) {
        sets->rules.emplace_back(tiers[i].tier, docs_with_all(db, rules[i]));
        sets->after = std::max(sets->after, tiers[i].tier + 1);
    }
    if (cache) {
        if (cache->size() >= 1000)
            cache->clear();
        cache->emplace(key, sets);
    }
    return sets;
}

namespace {

// The sort key of a tiered order: one byte for the document's tier (keys
// compare as unsigned bytes), then its value in the slot that orders a tier.
class TierKeyMaker : public Xapian::KeyMaker {
  public:
    TierKeyMaker(std::shared_ptr<const TierSets> sets, int slot)
        : sets_(std::move(sets)), slot_(slot)
    {
    }

    std::string operator()(const Xapian::Document &doc) const override
    {
        Xapian::docid did = doc.get_docid();
        unsigned tier = sets_->after;
        for (const auto &r : sets_->rules)
            if (r.first < tier && std::binary_search(r.second.begin(), r.second.end(), did))
                tier = r.first;
        std::string key(1, (char)(unsigned char)tier);
        if (slot_ >= 0)
            key += doc.get_value((Xapian::valueno)slot_);
        return key;
    }

  private:
    std::shared_ptr<const TierSets> sets_;
    int slot_;
};

} // namespace

namespace {

// An enquire for query in opts' order (tiers: its tier sets, or nullptr).
Xapian::Enquire make_enquire(sk_xdb *db, const Xapian::Query &query, const sk_xsearch_opts *opts,
                             const std::shared_ptr<const TierSets> &tiers)
{
    Xapian::Enquire enq(db->db);
    if (opts->time_limit > 0)
        enq.set_time_limit(opts->time_limit);
    enq.set_query(query);
    if (tiers)
        enq.set_sort_by_key_then_relevance((new TierKeyMaker(tiers, opts->sort_slot))->release(),
                                           false);
    else if (opts->sort_slot >= 0)
        enq.set_sort_by_value_then_relevance((Xapian::valueno)opts->sort_slot,
                                             opts->sort_reverse != 0);
    return enq;
}

// The hits of m, one per collapse key, into r->pick. False when the page
// falls short and m was not all there is: ask again for more (than ask).
bool pick_collapsed(sk_xmset *r, const Xapian::MSet &m, MatchCounter *counter,
                    const sk_xsearch_opts *opts, size_t ask)
{
    // Keys of the sections in increasing docid order (from the table, or one
    // more pass of the counter's stream).
    std::vector<std::pair<Xapian::docid, Xapian::doccount>> order;
    for (Xapian::doccount i = 0; i < m.size(); i++)
        order.emplace_back(*m[i], i);
    std::sort(order.begin(), order.end());
    std::vector<uint64_t> key(m.size(), 0);
    for (const auto &o : order)
        key[o.second] = counter->key_of(o.first);
    KeySet shown;
    size_t groups = 0;
    for (Xapian::doccount i = 0; i < m.size() && r->pick.size() < opts->limit; i++) {
        if (key[i] != 0 && !shown.insert(key[i]))
            continue; // a better section of this hit came first
        if (groups++ >= opts->offset)
            r->pick.push_back(i);
    }
    bool more = m.size() == ask && ask < m.get_matches_upper_bound();
    return !(r->pick.size() < opts->limit && more && groups < opts->offset + opts->limit);
}

// r's total and facet counts. Every match checked: the counts are exact.
// Else they are of the first check_at_least matches, scaled to Xapian's
// estimate.
void count_hits(sk_xmset *r, const Xapian::MSet &m, MatchCounter *counter,
                const sk_xsearch_opts *opts, size_t n_facets)
{
    int cslot = opts->collapse_slot;
    size_t seen = counter->seen(), hits = counter->hits();
    double scale = 1.0;
    if (cslot >= 0 && seen > 0 && m.get_matches_upper_bound() > seen)
        scale = (double)m.get_matches_estimated() / (double)seen;
    else if (cslot < 0 && hits > 0)
        scale = (double)m.get_matches_estimated() / (double)hits;
    if (cslot >= 0)
        r->total = (size_t)((double)hits * scale + 0.5);
    if (!r->pick.empty() && r->total < opts->offset + r->pick.size())
        r->total = opts->offset + r->pick.size();
    for (size_t k = 0; k < n_facets; k++) {
        r->facets.push_back(counter->top(k, 100));
        if (scale != 1.0)
            for (auto &vc : r->facets.back())
                vc.second = (size_t)((double)vc.second * scale + 0.5);
    }
}

} // namespace

extern "C" int sk_xdb_search(sk_xmset **out, sk_xdb *db, const sk_xquery *q,
                             const sk_xsearch_opts *opts, sk_err *err)
{
    *out = nullptr;
    try {
        Xapian::Query query =
            opts->filter ? Xapian::Query(Xapian::Query::OP_FILTER, q->q, opts->filter->q) : q->q;
        if (db->shards)
            return sk_xap_on_shards(db, [&] {
                Xapian::Query hidden, shown = query;
                if (hidden_query(db, &hidden))
                    shown = Xapian::Query(Xapian::Query::OP_AND_NOT, query, hidden);
                return sk_xap_shards_search(out, db, shown, opts, err);
            });
        Xapian::Query hidden; // what the view hides is no match: unweighted, exact counts
        if (hidden_query(db, &hidden))
            query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, hidden);
        size_t n_facets =
            opts->n_facets < SK_XSEARCH_MAX_FACETS ? opts->n_facets : SK_XSEARCH_MAX_FACETS;
        int cslot = opts->collapse_slot;
        KeyTable *keys = cslot >= 0 ? &db->key_tables[(Xapian::valueno)cslot] : nullptr;
        // Collapsing is done here, not by Xapian (see MatchCounter): ask for
        // enough sections to fill the page with different keys (a key holds a
        // case's agenda row and its paper, rarely more), more if it falls short.
        size_t ask = cslot >= 0 ? 3 * (opts->offset + opts->limit) + 10 : opts->limit;
        std::shared_ptr<const TierSets> tiers;
        if (opts->tiers && opts->n_tiers &&
            (tiers = tier_sets(db, opts->tiers, opts->n_tiers, err)) == nullptr)
            return SK_EINVAL;
        for (;;) {
            Xapian::Enquire enq = make_enquire(db, query, opts, tiers);
            // The enquire holds a reference; the spy is released with it.
            // Tables pay from a handle's second search on: a one-shot process
            // reads its one query's values from the streams.
            bool tables = db->counted_searches >= 1;
            MatchCounter *counter = new MatchCounter(db->db, cslot, tables ? keys : nullptr);
            for (size_t k = 0; k < n_facets; k++)
                counter->add_facet((Xapian::valueno)opts->facet_slots[k], opts->facet_prefixes[k],
                                   tables ? &db->facet_tables[(Xapian::valueno)opts->facet_slots[k]]
                                          : nullptr);
            enq.add_matchspy(counter->release());
            Xapian::doccount first = cslot >= 0 ? 0 : (Xapian::doccount)opts->offset;
            size_t check = opts->check_at_least > first + ask ? opts->check_at_least : first + ask;
            Xapian::MSet m = enq.get_mset(first, (Xapian::doccount)ask, (Xapian::doccount)check);
            if (cslot >= 0 || n_facets > 0)
                db->counted_searches++;
            std::unique_ptr<sk_xmset> r(new sk_xmset{
                m, {}, 0, {}, {}, {}, false, {}, {}, {}, 0, nullptr, {}, false, {}, {}});
            if (cslot < 0) {
                for (Xapian::doccount i = 0; i < m.size(); i++)
                    r->pick.push_back(i);
                r->total = m.get_matches_estimated();
            } else if (!pick_collapsed(r.get(), m, counter, opts, ask)) {
                ask *= 4;
                continue;
            }
            count_hits(r.get(), m, counter, opts, n_facets);
            r->data.resize(r->pick.size());
            r->have.assign(r->pick.size(), false);
            *out = r.release();
            return SK_OK;
        }
    } catch (...) {
        return fail(err);
    }
}

extern "C" size_t sk_xmset_size(const sk_xmset *m)
{
    return m->own ? m->dids.size() : m->pick.size();
}

extern "C" size_t sk_xmset_total(const sk_xmset *m)
{
    return m->total;
}

extern "C" double sk_xmset_weight(const sk_xmset *m, size_t i)
{
    try {
        if (m->own)
            return i < m->wts.size() ? m->wts[i] : 0.0;
        return i < m->pick.size() ? m->mset[m->pick[i]].get_weight() : 0.0;
    } catch (...) {
        return 0.0;
    }
}

extern "C" double sk_xmset_max_weight(const sk_xmset *m)
{
    return m->own ? m->max_wt : m->mset.get_max_attained();
}

extern "C" unsigned sk_xmset_docid(const sk_xmset *m, size_t i)
{
    try {
        if (m->own)
            return i < m->dids.size() ? m->dids[i] : 0;
        return i < m->pick.size() ? *m->mset[m->pick[i]] : 0;
    } catch (...) {
        return 0;
    }
}

extern "C" int sk_xmset_facet(const sk_xmset *m, size_t k, sk_xfacet_cb cb, void *payload,
                              sk_err *err)
{
    if (k >= m->facets.size())
        return sk_err_set(err, SK_EINVAL, "no facet %zu", k);
    for (const auto &vc : m->facets[k]) {
        int rc = cb(vc.first.data(), vc.first.size(), vc.second, payload);
        if (rc != 0)
            return rc;
    }
    return SK_OK;
}

// The values in slot of every hit of m (one index), read at the first ask
// in increasing docid order: neighbouring documents' values stand in the
// same chunk of the value stream, which Xapian's cursor then reads once
// rather than once per hit and slot.
static const std::vector<std::string> &hit_values(sk_xmset *m, unsigned slot)
{
    auto it = m->values.find(slot);
    if (it != m->values.end())
        return it->second;
    std::vector<std::pair<Xapian::docid, size_t>> order;
    for (size_t i = 0; i < m->pick.size(); i++)
        order.emplace_back(*m->mset[m->pick[i]], i);
    std::sort(order.begin(), order.end());
    std::vector<std::string> v(m->pick.size());
    for (const auto &o : order)
        v[o.second] = m->mset[m->pick[o.second]].get_document().get_value(slot);
    return m->values.emplace(slot, std::move(v)).first->second;
}

extern "C" int sk_xmset_value(char *out, size_t size, sk_xmset *m, size_t i, unsigned slot,
                              sk_err *err)
{
    if (size > 0)
        out[0] = '\0';
    if (i >= sk_xmset_size(m))
        return sk_err_set(err, SK_EINVAL, "hit %zu out of range", i);
    try {
        std::string own_v;
        if (m->own)
            own_v = m->db.get_document(m->dids[i]).get_value(slot);
        const std::string &v = m->own ? own_v : hit_values(m, slot)[i];
        if (v.size() + 1 > size)
            return sk_err_set(err, SK_ELIMIT, "value of %zu bytes does not fit", v.size());
        std::memcpy(out, v.data(), v.size());
        out[v.size()] = '\0';
        return (int)v.size();
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xmset_data(sk_xmset *m, size_t i, const char **data, size_t *len, sk_err *err)
{
    *data = nullptr;
    *len = 0;
    if (i >= sk_xmset_size(m))
        return sk_err_set(err, SK_EINVAL, "hit %zu out of range", i);
    try {
        if (m->own && !m->have[i] && !m->prefetched) {
            m->prefetched = true;
            sk_xap_shards_prefetch(m);
        }
        if (!m->have[i]) {
            if (m->own) {
                if (i < m->lost.size() && !m->lost[i].empty())
                    return sk_xap_shards_lost_document(m, i, m->lost[i], err);
                try {
                    m->data[i] = m->db.get_document(m->dids[i]).get_data();
                } catch (const Xapian::NetworkError &e) {
                    return sk_xap_shards_lost_document(m, i, e.get_description(), err);
                }
            } else {
                m->data[i] = m->mset[m->pick[i]].get_document().get_data();
            }
            m->have[i] = true;
        }
        *data = m->data[i].c_str();
        *len = m->data[i].size();
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" void sk_xmset_free(sk_xmset *m)
{
    delete m;
}
