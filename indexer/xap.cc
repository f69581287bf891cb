// xap.cc: C shim over xapian-core (see include/saksok/xap.h).
// The only C++ file in saksok and the only includer of <xapian.h>. Every
// extern "C" function catches everything: no exception crosses into C.
#include "saksok/xap.h"

#include <xapian.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <unordered_set>
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

struct sk_xdb {
    Xapian::Database db;
    std::map<Xapian::valueno, FacetTable> facet_tables; // by slot
    std::map<Xapian::valueno, KeyTable> key_tables;     // by slot
    unsigned long counted_searches = 0; // searches with facets or collapsing, on this handle
};
struct sk_xwdb {
    Xapian::WritableDatabase db;
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
};
struct sk_xstem {
    Xapian::Stem stem;
};

namespace {

int set(sk_err *err, sk_code code, const Xapian::Error &e) noexcept
{
    return sk_err_set(err, code, "%s", e.get_description().c_str());
}

// Only call inside a catch block: rethrows to sort out the type.
int fail(sk_err *err) noexcept
{
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &e) {
        return set(err, SK_ELOCKED, e);
    } catch (const Xapian::DatabaseNotFoundError &e) {
        return set(err, SK_ENOTFOUND, e);
    } catch (const Xapian::DatabaseCorruptError &e) {
        return set(err, SK_ECORRUPT, e);
    } catch (const Xapian::DatabaseVersionError &e) {
        return set(err, SK_ECORRUPT, e);
    } catch (const Xapian::DatabaseOpeningError &e) {
        return set(err, SK_ECORRUPT, e);
    } catch (const Xapian::DatabaseModifiedError &e) {
        return set(err, SK_EMODIFIED, e);
    } catch (const Xapian::QueryParserError &e) {
        return set(err, SK_ESYNTAX, e);
    } catch (const Xapian::InvalidArgumentError &e) {
        return set(err, SK_EINVAL, e);
    } catch (const Xapian::Error &e) {
        return set(err, SK_EINTERNAL, e);
    } catch (const std::bad_alloc &) {
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    } catch (const std::exception &e) {
        return sk_err_set(err, SK_EINTERNAL, "%s", e.what());
    } catch (...) {
        return sk_err_set(err, SK_EINTERNAL, "unknown C++ exception");
    }
}

char *dup_string(const std::string &s)
{
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (p) {
        std::memcpy(p, s.data(), s.size());
        p[s.size()] = '\0';
    }
    return p;
}

int check_term(const char *term, size_t len, sk_err *err)
{
    if (term == nullptr || len == 0)
        return sk_err_set(err, SK_EINVAL, "empty term");
    if (len > SK_XAP_MAX_TERM)
        return sk_err_set(err, SK_ELIMIT, "term of %zu bytes is too long", len);
    return SK_OK;
}

// Metadata reads, shared by the writable and the read-only handle (a
// WritableDatabase is a Database).
int get_metadata(const Xapian::Database &db, const char *key, char **out, sk_err *err) noexcept
{
    *out = nullptr;
    try {
        std::string v = db.get_metadata(key);
        if (v.empty())
            return SK_OK;
        *out = dup_string(v);
        return *out ? SK_OK : sk_err_set(err, SK_ENOMEM, "out of memory");
    } catch (...) {
        return fail(err);
    }
}

int each_metadata(const Xapian::Database &db, const char *prefix, sk_xmeta_cb cb, void *payload,
                  sk_err *err) noexcept
{
    try {
        // Collect first: the callback may modify metadata.
        std::vector<std::string> keys;
        for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it)
            keys.push_back(*it);
        for (const std::string &k : keys) {
            std::string v = db.get_metadata(k);
            if (v.empty())
                continue;
            int rc = cb(k.c_str(), v.c_str(), payload);
            if (rc != 0)
                return rc;
        }
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

} // namespace

// ---- writing ----

extern "C" int sk_xwdb_open(sk_xwdb **out, const char *path, sk_err *err)
{
    *out = nullptr;
    try {
        sk_xwdb *w = new sk_xwdb{Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN)};
        try {
            // Changes between commits form one transaction, so a failed or
            // killed run leaves the last committed state and nothing half-done.
            w->db.begin_transaction(true);
        } catch (...) {
            delete w;
            throw;
        }
        *out = w;
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xwdb_add(sk_xwdb *db, const sk_xdoc *doc, sk_err *err)
{
    try {
        db->db.add_document(doc->doc);
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xwdb_replace(sk_xwdb *db, const char *idterm, const sk_xdoc *doc, sk_err *err)
{
    try {
        db->db.replace_document(idterm, doc->doc);
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xwdb_delete_term(sk_xwdb *db, const char *term, sk_err *err)
{
    try {
        db->db.delete_document(term);
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xwdb_get_metadata(sk_xwdb *db, const char *key, char **out, sk_err *err)
{
    return get_metadata(db->db, key, out, err);
}

extern "C" int sk_xwdb_set_metadata(sk_xwdb *db, const char *key, const char *value, sk_err *err)
{
    try {
        db->db.set_metadata(key, value ? value : "");
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xwdb_each_metadata(sk_xwdb *db, const char *prefix, sk_xmeta_cb cb,
                                     void *payload, sk_err *err)
{
    return each_metadata(db->db, prefix, cb, payload, err);
}

extern "C" int sk_xwdb_add_synonym(sk_xwdb *db, const char *key, const char *value, sk_err *err)
{
    try {
        db->db.add_synonym(key, value);
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xwdb_add_spelling(sk_xwdb *db, const char *word, size_t len, unsigned freqinc,
                                    sk_err *err)
{
    try {
        db->db.add_spelling(std::string(word, len), freqinc);
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xwdb_commit(sk_xwdb *db, sk_err *err)
{
    try {
        db->db.commit_transaction();
        db->db.begin_transaction(true);
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xwdb_doccount(sk_xwdb *db, size_t *out, sk_err *err)
{
    try {
        *out = db->db.get_doccount();
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" void sk_xwdb_free(sk_xwdb *db)
{
    if (db == nullptr)
        return;
    try {
        // Uncommitted changes are discarded: close() would commit them
        // implicitly outside a transaction, which is not what a failed run wants.
        try {
            db->db.cancel_transaction();
        } catch (...) {
        }
        db->db.close();
    } catch (...) {
    }
    delete db;
}

extern "C" int sk_xdoc_new(sk_xdoc **out, sk_err *err)
{
    *out = nullptr;
    try {
        *out = new sk_xdoc{};
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xdoc_add_posting(sk_xdoc *doc, const char *term, size_t len, uint32_t pos,
                                   unsigned wdfinc, sk_err *err)
{
    int rc = check_term(term, len, err);
    if (rc != SK_OK)
        return rc;
    try {
        doc->doc.add_posting(std::string(term, len), pos, wdfinc);
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xdoc_add_term(sk_xdoc *doc, const char *term, size_t len, unsigned wdfinc,
                                sk_err *err)
{
    int rc = check_term(term, len, err);
    if (rc != SK_OK)
        return rc;
    try {
        doc->doc.add_term(std::string(term, len), wdfinc);
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xdoc_set_data(sk_xdoc *doc, const char *data, size_t len, sk_err *err)
{
    try {
        doc->doc.set_data(std::string(data, len));
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xdoc_set_value(sk_xdoc *doc, unsigned slot, const char *data, size_t len,
                                 sk_err *err)
{
    try {
        doc->doc.add_value(slot, std::string(data, len));
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" void sk_xdoc_free(sk_xdoc *doc)
{
    delete doc;
}

// ---- reading ----

extern "C" int sk_xdb_open(sk_xdb **out, const char *path, sk_err *err)
{
    *out = nullptr;
    try {
        *out = new sk_xdb{Xapian::Database(path), {}, {}, 0};
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xdb_reopen(sk_xdb *db, sk_err *err)
{
    try {
        db->db.reopen();
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xdb_doccount(sk_xdb *db, size_t *out, sk_err *err)
{
    try {
        *out = db->db.get_doccount();
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xdb_termfreq(sk_xdb *db, const char *term, size_t *out, sk_err *err)
{
    try {
        *out = db->db.get_termfreq(term);
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xdb_get_metadata(sk_xdb *db, const char *key, char **out, sk_err *err)
{
    return get_metadata(db->db, key, out, err);
}

extern "C" int sk_xdb_each_metadata(sk_xdb *db, const char *prefix, sk_xmeta_cb cb,
                                    void *payload, sk_err *err)
{
    return each_metadata(db->db, prefix, cb, payload, err);
}

extern "C" int sk_xdb_count_terms(sk_xdb *db, const char *prefix, size_t *out, sk_err *err)
{
    *out = 0;
    try {
        for (auto it = db->db.allterms_begin(prefix); it != db->db.allterms_end(prefix); ++it)
            (*out)++;
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xdb_synonyms(sk_xdb *db, const char *key, sk_xsyn_cb cb, void *payload,
                               sk_err *err)
{
    try {
        std::vector<std::string> values;
        for (auto it = db->db.synonyms_begin(key); it != db->db.synonyms_end(key); ++it)
            values.push_back(*it);
        for (const std::string &v : values) {
            int rc = cb(v.c_str(), payload);
            if (rc != 0)
                return rc;
        }
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xdb_spelling(sk_xdb *db, const char *word, unsigned max_edits, char **out,
                               sk_err *err)
{
    *out = nullptr;
    try {
        std::string s = db->db.get_spelling_suggestion(word, max_edits);
        if (s.empty())
            return SK_OK;
        *out = dup_string(s);
        return *out ? SK_OK : sk_err_set(err, SK_ENOMEM, "out of memory");
    } catch (...) {
        return fail(err);
    }
}

extern "C" void sk_xdb_free(sk_xdb *db)
{
    delete db;
}

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

extern "C" int sk_xquery_value_range(sk_xquery **out, unsigned slot, const char *lo,
                                     const char *hi, sk_err *err)
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
// hold its values (about 30 ns a posting); the display value is the slot's
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
    uint64_t h = 1469598103934665603ULL; // FNV-1a
    for (unsigned char c : v)
        h = (h ^ c) * 1099511628211ULL;
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
            if (k != 0 && !groups_.insert(k).second)
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
    bool tables_ready() const { return keys_ && keys_->built; }

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
        std::vector<size_t> table_counts_; // by code
        std::vector<std::pair<std::string, size_t>> counts_; // few values: a list is fastest
    };

    Xapian::Database db_;
    int collapse_slot_;
    KeyTable *keys_;
    SlotReader key_reader_;
    std::unordered_set<uint64_t> groups_;
    std::vector<Facet> facets_;
    size_t seen_ = 0, hits_ = 0;
};

} // namespace

extern "C" int sk_xdb_search(sk_xmset **out, sk_xdb *db, const sk_xquery *q,
                             const sk_xsearch_opts *opts, sk_err *err)
{
    *out = nullptr;
    try {
        Xapian::Query query = opts->filter
                                  ? Xapian::Query(Xapian::Query::OP_FILTER, q->q, opts->filter->q)
                                  : q->q;
        size_t n_facets = opts->n_facets < SK_XSEARCH_MAX_FACETS ? opts->n_facets
                                                                 : SK_XSEARCH_MAX_FACETS;
        int cslot = opts->collapse_slot;
        KeyTable *keys = cslot >= 0 ? &db->key_tables[(Xapian::valueno)cslot] : nullptr;
        // Collapsing is done here, not by Xapian (see MatchCounter): ask for
        // enough sections to fill the page with different keys (a key holds a
        // case's agenda row and its paper, rarely more), more if it falls short.
        size_t want = opts->offset + opts->limit;
        size_t ask = cslot >= 0 ? 3 * want + 10 : opts->limit;
        for (;;) {
            Xapian::Enquire enq(db->db);
            enq.set_query(query);
            if (opts->sort_slot >= 0)
                enq.set_sort_by_value_then_relevance((Xapian::valueno)opts->sort_slot, false);
            // The enquire holds a reference; the spy is released with it.
            // Tables pay from a handle's second search on: a one-shot process
            // reads its one query's values from the streams.
            bool tables = db->counted_searches >= 1;
            MatchCounter *counter = new MatchCounter(db->db, cslot, tables ? keys : nullptr);
            for (size_t k = 0; k < n_facets; k++)
                counter->add_facet(
                    (Xapian::valueno)opts->facet_slots[k], opts->facet_prefixes[k],
                    tables ? &db->facet_tables[(Xapian::valueno)opts->facet_slots[k]] : nullptr);
            enq.add_matchspy(counter->release());
            Xapian::doccount first = cslot >= 0 ? 0 : (Xapian::doccount)opts->offset;
            size_t check = opts->check_at_least > first + ask ? opts->check_at_least : first + ask;
            Xapian::MSet m = enq.get_mset(first, (Xapian::doccount)ask, (Xapian::doccount)check);
            if (cslot >= 0 || n_facets > 0)
                db->counted_searches++;
            std::unique_ptr<sk_xmset> r(new sk_xmset{m, {}, 0, {}, {}, {}});
            if (cslot < 0) {
                for (Xapian::doccount i = 0; i < m.size(); i++)
                    r->pick.push_back(i);
                r->total = m.get_matches_estimated();
            } else {
                // Keys of the sections in increasing docid order (one stream pass).
                std::vector<std::pair<Xapian::docid, Xapian::doccount>> order;
                for (Xapian::doccount i = 0; i < m.size(); i++)
                    order.emplace_back(*m[i], i);
                std::sort(order.begin(), order.end());
                std::vector<uint64_t> key(m.size(), 0);
                SlotReader reader(db->db, (Xapian::valueno)cslot);
                for (const auto &o : order) {
                    if (counter->tables_ready()) {
                        key[o.second] = counter->key_of(o.first);
                    } else {
                        std::string v;
                        key[o.second] = reader.get(o.first, v) ? key_digest(v) : 0;
                    }
                }
                std::unordered_set<uint64_t> shown;
                size_t groups = 0;
                for (Xapian::doccount i = 0; i < m.size() && r->pick.size() < opts->limit; i++) {
                    if (key[i] != 0 && !shown.insert(key[i]).second)
                        continue; // a better section of this hit came first
                    if (groups++ >= opts->offset)
                        r->pick.push_back(i);
                }
                bool more = m.size() == ask && ask < m.get_matches_upper_bound();
                if (r->pick.size() < opts->limit && more && groups < want) {
                    ask *= 4;
                    continue;
                }
            }
            // Every match checked: the counts are exact. Else they are of the
            // first check_at_least matches, scaled to Xapian's estimate.
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
            r->data.resize(r->pick.size());
            r->have.assign(r->pick.size(), false);
            for (size_t k = 0; k < n_facets; k++) {
                r->facets.push_back(counter->top(k, 100));
                if (scale != 1.0)
                    for (auto &vc : r->facets.back())
                        vc.second = (size_t)((double)vc.second * scale + 0.5);
            }
            *out = r.release();
            return SK_OK;
        }
    } catch (...) {
        return fail(err);
    }
}

extern "C" size_t sk_xmset_size(const sk_xmset *m)
{
    return m->pick.size();
}

extern "C" size_t sk_xmset_total(const sk_xmset *m)
{
    return m->total;
}

extern "C" double sk_xmset_weight(const sk_xmset *m, size_t i)
{
    try {
        return i < m->pick.size() ? m->mset[m->pick[i]].get_weight() : 0.0;
    } catch (...) {
        return 0.0;
    }
}

extern "C" double sk_xmset_max_weight(const sk_xmset *m)
{
    return m->mset.get_max_attained();
}

extern "C" unsigned sk_xmset_docid(const sk_xmset *m, size_t i)
{
    try {
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


extern "C" int sk_xmset_data(sk_xmset *m, size_t i, const char **data, size_t *len, sk_err *err)
{
    *data = nullptr;
    *len = 0;
    if (i >= m->pick.size())
        return sk_err_set(err, SK_EINVAL, "hit %zu out of range", i);
    try {
        if (!m->have[i]) {
            m->data[i] = m->mset[m->pick[i]].get_document().get_data();
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

// ---- stemming ----

extern "C" int sk_xstem_new(sk_xstem **out, const char *lang, sk_err *err)
{
    *out = nullptr;
    try {
        *out = new sk_xstem{Xapian::Stem(lang)};
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xstem_apply(sk_xstem *st, const char *word, size_t len, char *out,
                              size_t out_size, sk_err *err)
{
    try {
        std::string s = st->stem(std::string(word, len));
        if (s.size() + 1 > out_size)
            return sk_err_set(err, SK_ELIMIT, "stem of %zu bytes does not fit", s.size());
        std::memcpy(out, s.data(), s.size());
        out[s.size()] = '\0';
        return (int)s.size();
    } catch (...) {
        return fail(err);
    }
}

extern "C" void sk_xstem_free(sk_xstem *st)
{
    delete st;
}
