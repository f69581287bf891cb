// xap_read.cc: the reader: opening and reopening, the view of restricted documents,
// counts, metadata, synonyms, spelling and similar documents.
// Part of the C shim over xapian-core (see include/saksok/store/xap.h and
// xap_int.h). Every extern "C" function catches everything: no exception
// crosses into C.
#include "saksok/store/xap.h"

#include <xapian.h>

#include "saksok/store/access.h"
#include "saksok/store/terms.h"

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
#include <unordered_set>
#include <vector>

#include "xap_int.h"

using namespace sk_xap;

// ---- reading ----

// The glass version file of the database at path (an index directory with
// a stub, or a glass directory); "" when that cannot be told. Glass writes
// it anew (a new file renamed into place) at every commit.
std::string version_file_of(const std::string &path, const file_sig &sig)
{
    stub_info stub;
    try {
        if (sig.exists)
            return read_stub(path, &stub) ? join(join(path, gen_name(stub.gen)), "iamglass") : "";
    } catch (...) {
        return "";
    }
    return join(path, "iamglass");
}

// Open db->path afresh, noting what tells a later reopen whether it changed.
void open_handle(sk_xdb *db)
{
    Xapian::Database fresh;
    file_sig sig;
    open_fresh(db->path, &fresh, &sig);
    db->db = fresh;
    db->sig = sig;
    db->version_file = version_file_of(db->path, sig);
    db->version = file_sig{};
}

extern "C" int sk_xdb_open(sk_xdb **out, const char *path, sk_err *err)
{
    *out = nullptr;
    try {
        std::unique_ptr<sk_xdb> db(new sk_xdb);
        db->path = path;
        open_handle(db.get());
        *out = db.release();
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xdb_reopen(sk_xdb *db, sk_err *err)
{
    try {
        if (db->shards) {
            sk_xap_shards_reopen(db);
            return SK_OK;
        }
        file_sig now = stub_signature(db->path);
        if (same_sig(now, db->sig)) {
            // The version file as at the last reopen: nothing was committed
            // since, so Xapian's reopen (which reads that file: four system
            // calls, per request in saksok-fcgi) is skipped. Its signature is
            // taken before reopening, so a commit in between is seen next time.
            file_sig ver = db->version_file.empty() ? file_sig{} : file_signature(db->version_file);
            if (ver.exists && same_sig(ver, db->version))
                return SK_OK;
            try {
                db->db.reopen();
                db->version = ver;
                return SK_OK;
            } catch (const Xapian::DatabaseError &) {
                if (!now.exists)
                    throw;
                // The generation went away under us: open the stub's.
            }
        }
        open_handle(db);
        // Another generation may reuse revision numbers: tables start over.
        db->hides_known = false;
        db->facet_tables.clear();
        db->key_tables.clear();
        db->termfreqs.clear();
        db->tf_known = false;
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

// At most this many termfreqs are kept per handle (then they start over).
static const size_t TERMFREQS_MAX = 100000;

Xapian::doccount sk_xap_termfreq(sk_xdb *db, const std::string &term)
{
    if (db->shards)
        return sk_xap_shards_termfreq(db, term);
    Xapian::rev rev = db->db.get_revision();
    if (!db->tf_known || db->tf_rev != rev || db->termfreqs.size() >= TERMFREQS_MAX) {
        db->termfreqs.clear();
        db->tf_rev = rev;
        db->tf_known = true;
    }
    auto it = db->termfreqs.find(term);
    if (it != db->termfreqs.end())
        return it->second;
    Xapian::doccount tf = db->db.get_termfreq(term);
    db->termfreqs.emplace(term, tf);
    return tf;
}

Xapian::rev sk_xap_revision(sk_xdb *db)
{
    // (Xapian gives no revision of several databases.)
    return db->shards ? sk_xap_shards_generation(db) : db->db.get_revision();
}

// ---- the view: what a reader's handle shows of restricted documents ----

namespace sk_xap {

// The documents db's view hides (restricted ones with none of the view's
// groups) into *out; false when it hides none (a view of everything, or an
// index without restricted documents), and then nothing needs filtering.
Xapian::doccount count_matches(const Xapian::Database &db, const Xapian::Query &q);

bool hidden_query(sk_xdb *db, Xapian::Query *out)
{
    if (db->view_all || sk_xap_termfreq(db, SK_TERM_RESTRICTED) == 0)
        return false;
    Xapian::rev rev = sk_xap_revision(db);
    if (db->hides_known && db->hides_rev == rev && !db->hides_any)
        return false;
    Xapian::Query restricted(SK_TERM_RESTRICTED);
    std::vector<Xapian::Query> allowed;
    for (const std::string &g : db->view_groups) {
        char term[SK_XAP_MAX_TERM + 1];
        size_t n = sk_term_make(term, sizeof term, SK_PREFIX_GROUP, g.c_str());
        allowed.emplace_back(std::string(term, n));
    }
    *out = allowed.empty()
               ? restricted
               : Xapian::Query(Xapian::Query::OP_AND_NOT, restricted,
                               Xapian::Query(Xapian::Query::OP_OR, allowed.begin(), allowed.end()));
    if (!db->hides_known || db->hides_rev != rev) {
        // A view of every group there is hides nothing: as if unfiltered.
        db->hides_any = allowed.empty() || count_matches(db->db, *out) > 0;
        db->hides_rev = rev;
        db->hides_known = true;
    }
    return db->hides_any;
}

// The exact number of documents matching q.
Xapian::doccount count_matches(const Xapian::Database &db, const Xapian::Query &q)
{
    Xapian::Enquire enq(db);
    enq.set_query(q);
    enq.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::MSet m = enq.get_mset(0, 0, db.get_doccount());
    return m.get_matches_estimated();
}

// Documents holding term that the view shows.
Xapian::doccount visible_termfreq(sk_xdb *db, const std::string &term)
{
    Xapian::doccount tf = sk_xap_termfreq(db, term);
    Xapian::Query hidden;
    if (tf == 0 || !hidden_query(db, &hidden))
        return tf;
    return tf -
           count_matches(db->db, Xapian::Query(Xapian::Query::OP_AND, Xapian::Query(term), hidden));
}

} // namespace sk_xap

extern "C" int sk_xdb_set_view(sk_xdb *db, const char *const *groups, size_t n, sk_err *err)
{
    try {
        std::vector<std::string> v(groups, groups + n);
        std::sort(v.begin(), v.end());
        if (db->view_all || v != db->view_groups)
            db->hides_known = false; // the same view (a worker's next request) keeps it
        db->view_all = false;
        db->view_groups.swap(v);
        return SK_OK;
    } catch (...) {
        db->view_groups.clear();
        return fail(err);
    }
}

extern "C" void sk_xdb_set_view_all(sk_xdb *db)
{
    db->view_all = true;
    db->hides_known = false;
    db->view_groups.clear();
}

extern "C" int sk_xdb_view_hides(int *out, sk_xdb *db, sk_err *err)
{
    *out = 0;
    try {
        *out = sk_xap_on_shards(db, [&] {
            Xapian::Query hidden;
            return hidden_query(db, &hidden) && count_matches(db->db, hidden) > 0;
        });
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xdb_view_sees(const sk_xdb *db, const char *groups)
{
    if (db->view_all || groups == nullptr)
        return 1;
    for (const std::string &g : db->view_groups) {
        const char *one = g.c_str();
        if (sk_access_allows(groups, &one, 1))
            return 1;
    }
    return 0;
}

extern "C" int sk_xdb_doccount(size_t *out, sk_xdb *db, sk_err *err)
{
    try {
        *out = sk_xap_on_shards(db, [&] {
            size_t n = db->db.get_doccount();
            Xapian::Query hidden;
            return hidden_query(db, &hidden) ? n - count_matches(db->db, hidden) : n;
        });
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xdb_termfreq(size_t *out, sk_xdb *db, const char *term, sk_err *err)
{
    try {
        *out = sk_xap_on_shards(db, [&] { return visible_termfreq(db, term); });
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

// Metadata of a handle with shards: the first shard that holds the key.
static int shards_metadata(sk_xdb *db, const char *key, char **out, size_t *len, sk_err *err)
{
    return hand_out_metadata(
        [&] { return sk_xap_on_shards(db, [&] { return sk_xap_shards_metadata(db, key); }); }, out,
        err, len);
}

extern "C" int sk_xdb_highest_value(char **out, sk_xdb *db, const char *term, unsigned slot,
                                    sk_err *err)
{
    *out = nullptr;
    try {
        std::string v = sk_xap_on_shards(db, [&] {
            Xapian::Query query = term ? Xapian::Query(term) : Xapian::Query::MatchAll, hidden;
            if (hidden_query(db, &hidden)) // what the view hides tells nothing
                query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, hidden);
            Xapian::Enquire enq(db->db);
            enq.set_query(query);
            enq.set_sort_by_value(slot, true);
            enq.set_weighting_scheme(Xapian::BoolWeight());
            Xapian::MSet m = enq.get_mset(0, 1);
            return m.empty() ? std::string() : m.begin().get_document().get_value(slot);
        });
        if (!v.empty())
            *out = dup_string(v);
        return v.empty() || *out ? SK_OK : sk_err_set(err, SK_ENOMEM, "out of memory");
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xdb_get_metadata(char **out, sk_xdb *db, const char *key, sk_err *err)
{
    if (db->shards)
        return shards_metadata(db, key, out, nullptr, err);
    return get_metadata(db->db, key, out, err);
}

extern "C" int sk_xdb_get_metadata_bytes(char **out, size_t *len, sk_xdb *db, const char *key,
                                         sk_err *err)
{
    if (db->shards)
        return shards_metadata(db, key, out, len, err);
    return get_metadata(db->db, key, out, err, len);
}

extern "C" int sk_xdb_each_metadata(sk_xdb *db, const char *prefix, sk_xmeta_cb cb, void *payload,
                                    sk_err *err)
{
    if (db->shards == nullptr)
        return each_metadata(db->db, prefix, cb, payload, err);
    try {
        for (const auto &kv :
             sk_xap_on_shards(db, [&] { return sk_xap_shards_metadata_list(db, prefix); })) {
            int rc = cb(kv.first.c_str(), kv.second.c_str(), payload);
            if (rc != 0)
                return rc;
        }
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xdb_count_terms(size_t *out, sk_xdb *db, const char *prefix, sk_err *err)
{
    *out = 0;
    try {
        *out = sk_xap_on_shards(db, [&] {
            size_t n = 0;
            Xapian::Query hidden;
            bool hides = hidden_query(db, &hidden);
            for (auto it = db->db.allterms_begin(prefix); it != db->db.allterms_end(prefix); ++it)
                if (!hides || visible_termfreq(db, *it) > 0)
                    n++;
            return n;
        });
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

namespace {

// Under a view that hides documents, a synonym pair shows when it is one of
// synonyms.tsv or a paper the view shows taught it.
bool synonym_shown(sk_xdb *db, const char *key, const std::string &value)
{
    char term[64];
    sk_meta_syn_fixed(term, sizeof term, key, value.c_str());
    if (!(db->shards ? sk_xap_shards_metadata(db, term) : db->db.get_metadata(term)).empty())
        return true;
    size_t n = sk_term_taught(term, sizeof term, key, value.c_str());
    return visible_termfreq(db, std::string(term, n)) > 0;
}

} // namespace

extern "C" int sk_xdb_synonyms(sk_xdb *db, const char *key, sk_xsyn_cb cb, void *payload,
                               sk_err *err)
{
    try {
        std::vector<std::string> values = sk_xap_on_shards(db, [&] {
            Xapian::Query hidden;
            bool hides = hidden_query(db, &hidden);
            std::vector<std::string> all, shown;
            if (db->shards && sk_xap_shards_own_synonyms(db))
                all = sk_xap_shards_synonyms(db, key);
            else
                for (auto it = db->db.synonyms_begin(key); it != db->db.synonyms_end(key); ++it)
                    all.push_back(*it);
            for (const std::string &v : all)
                if (!hides || synonym_shown(db, key, v))
                    shown.push_back(v);
            return shown;
        });
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

namespace {

// DIR/spelling-all of the index db reads, brought to its latest commit;
// false when there is none (or it cannot be read: the index's own table
// then serves, which holds no restricted word).
bool open_all_spelling(sk_xdb *db)
{
    try {
        if (db->all_spelling) {
            db->all_spelling->reopen();
            return true;
        }
        std::string p = join(db->path, ALL_SPELLING);
        if (!file_exists(join(p, "iamglass")))
            return false;
        db->all_spelling.reset(new Xapian::Database(p, Xapian::DB_BACKEND_GLASS));
        return true;
    } catch (...) {
        db->all_spelling.reset();
        return false;
    }
}

} // namespace

extern "C" int sk_xdb_spelling(char **out, sk_xdb *db, const char *word, unsigned max_edits,
                               sk_err *err)
{
    *out = nullptr;
    try {
        std::string s = sk_xap_on_shards(db, [&] {
            // The index's own table holds public documents' words; a view that
            // may see every document asks DIR/spelling-all, as an index without
            // restrictions would have it. Under a view that hides documents, only
            // a word a shown one holds.
            Xapian::Query hidden;
            bool hides = hidden_query(db, &hidden);
            std::string w;
            if (db->shards) {
                w = sk_xap_shards_spelling(db, word, max_edits);
            } else {
                const Xapian::Database *from = &db->db;
                if (!hides && db->db.get_termfreq(SK_TERM_RESTRICTED) > 0 && open_all_spelling(db))
                    from = db->all_spelling.get();
                w = from->get_spelling_suggestion(word, max_edits);
            }
            return (!w.empty() && hides && visible_termfreq(db, w) == 0) ? std::string() : w;
        });
        if (s.empty())
            return SK_OK;
        *out = dup_string(s);
        return *out ? SK_OK : sk_err_set(err, SK_ENOMEM, "out of memory");
    } catch (...) {
        return fail(err);
    }
}

namespace {

// The words of a document that can tell what it is about: terms without a
// prefix (which start with an upper-case letter), of 3 bytes or more, not
// only digits and punctuation.
class WordsOnly : public Xapian::ExpandDecider {
  public:
    bool operator()(const std::string &t) const override
    {
        if (t.size() < 3 || (t[0] >= 'A' && t[0] <= 'Z'))
            return false;
        for (unsigned char c : t)
            if (c >= 0x80 || (c >= 'a' && c <= 'z'))
                return true;
        return false;
    }
};

} // namespace

extern "C" int sk_xdb_more_like(char **terms, char **keys, sk_xdb *db, const char *idterm,
                                size_t max_terms, const char *const *key_prefixes,
                                size_t n_prefixes, sk_err *err)
{
    *terms = nullptr;
    *keys = nullptr;
    try {
        std::pair<std::string, std::string> r = sk_xap_on_shards(db, [&] {
            std::pair<std::string, std::string> out;
            Xapian::Query q(idterm), hidden;
            if (hidden_query(db, &hidden))
                q = Xapian::Query(Xapian::Query::OP_AND_NOT, q, hidden);
            Xapian::Enquire enq(db->db);
            enq.set_query(q);
            enq.set_weighting_scheme(Xapian::BoolWeight());
            Xapian::MSet m = enq.get_mset(0, 1);
            if (m.empty())
                return out;
            Xapian::docid did = *m.begin();
            Xapian::RSet rset;
            rset.add_document(did);
            WordsOnly words;
            Xapian::ESet e = enq.get_eset((Xapian::termcount)max_terms, rset, &words);
            for (auto it = e.begin(); it != e.end(); ++it)
                out.first += (out.first.empty() ? "" : " ") + *it;
            for (size_t k = 0; k < n_prefixes; k++) {
                std::string prefix = key_prefixes[k];
                Xapian::TermIterator t = db->db.termlist_begin(did);
                for (t.skip_to(prefix); t != db->db.termlist_end(did); ++t) {
                    if ((*t).compare(0, prefix.size(), prefix) != 0)
                        break;
                    out.second += *t + "\n";
                }
            }
            return out;
        });
        if (!r.first.empty() && (*terms = dup_string(r.first)) == nullptr)
            return sk_err_set(err, SK_ENOMEM, "out of memory");
        if (!r.second.empty() && (*keys = dup_string(r.second)) == nullptr) {
            free(*terms);
            *terms = nullptr;
            return sk_err_set(err, SK_ENOMEM, "out of memory");
        }
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" void sk_xdb_free(sk_xdb *db)
{
    if (db)
        sk_xap_shards_free(db->shards);
    delete db;
}

extern "C" const char *sk_xblob_data(const sk_xblob *b)
{
    return b->bytes.data();
}

extern "C" size_t sk_xblob_len(const sk_xblob *b)
{
    return b->bytes.size();
}

extern "C" void sk_xblob_free(sk_xblob *b)
{
    delete b;
}
