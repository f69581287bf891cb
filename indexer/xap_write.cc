// xap_write.cc: the writer: documents, metadata, spelling and synonyms, commits and compaction.
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

// ---- writing ----

extern "C" int sk_xwdb_open(sk_xwdb **out, const char *path, sk_err *err)
{
    *out = nullptr;
    try {
        std::unique_ptr<sk_xwdb> w(new sk_xwdb);
        w->dir = path;
        lock_dir(w->dir, w->lock);
        stub_info stub;
        if (read_stub(w->dir, &stub)) {
            tidy(w->dir, stub.gen, true);
            w->gen = stub.gen;
            w->db = Xapian::WritableDatabase(glass_path(*w),
                                             Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
        } else if (file_exists(join(w->dir, "iamglass"))) {
            // Written before generations: used where it is until compacted.
            tidy(w->dir, 0, false);
            w->db = Xapian::WritableDatabase(w->dir, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
        } else {
            // A new index: its first generation, then the stub that names it.
            tidy(w->dir, 0, false);
            w->gen = 1;
            w->db = Xapian::WritableDatabase(glass_path(*w), Xapian::DB_CREATE_OR_OVERWRITE |
                                                                 Xapian::DB_BACKEND_GLASS);
            write_stub(w->dir, w->gen, 0);
        }
        // Changes between commits form one transaction, so a failed or
        // killed run leaves the last committed state and nothing half-done.
        w->db.begin_transaction(true);
        *out = w.release();
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xwdb_add(uint32_t *did, sk_xwdb *db, const sk_xdoc *doc, sk_err *err)
{
    try {
        Xapian::docid id = db->db.add_document(doc->doc);
        if (did)
            *did = id;
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xwdb_set_data(sk_xwdb *db, uint32_t did, const char *data, size_t len,
                                sk_err *err)
{
    try {
        // A document read from this database with only its data changed:
        // Xapian rewrites the data and leaves terms and values alone.
        Xapian::Document d = db->db.get_document(did);
        d.set_data(std::string(data, len));
        db->db.replace_document(did, d);
        return SK_OK;
    } catch (const Xapian::DocNotFoundError &) {
        return sk_err_set(err, SK_EINVAL, "no document %u in the index", (unsigned)did);
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

extern "C" int sk_xwdb_each_values(sk_xwdb *db, const char *term, unsigned slot_a, unsigned slot_b,
                                   sk_xvalues_cb cb, void *payload, sk_err *err)
{
    std::vector<std::pair<std::string, std::string>> values;
    try {
        for (auto p = db->db.postlist_begin(term); p != db->db.postlist_end(term); ++p) {
            Xapian::Document doc = db->db.get_document(*p);
            values.emplace_back(doc.get_value(slot_a), doc.get_value(slot_b));
        }
    } catch (...) {
        return fail(err);
    }
    for (const auto &v : values) {
        int rc = cb(v.first.c_str(), v.second.c_str(), payload);
        if (rc != 0)
            return rc;
    }
    return SK_OK;
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

extern "C" int sk_xwdb_retag(sk_xwdb *db, const char *idterm, const char *drop_prefix,
                             const char *const *terms, size_t n, size_t *n_docs, sk_err *err)
{
    *n_docs = 0;
    try {
        std::vector<Xapian::docid> dids;
        for (auto it = db->db.postlist_begin(idterm); it != db->db.postlist_end(idterm); ++it)
            dids.push_back(*it);
        const std::string drop(drop_prefix);
        for (Xapian::docid did : dids) {
            Xapian::Document doc = db->db.get_document(did);
            std::vector<std::string> old;
            auto t = doc.termlist_begin();
            for (t.skip_to(drop);
                 t != doc.termlist_end() && (*t).compare(0, drop.size(), drop) == 0; ++t)
                old.push_back(*t);
            std::vector<std::string> want(terms, terms + n);
            std::sort(want.begin(), want.end());
            want.erase(std::unique(want.begin(), want.end()), want.end());
            if (old == want)
                continue;
            for (const std::string &t : old)
                doc.remove_term(t);
            for (const std::string &t : want)
                doc.add_boolean_term(t);
            db->db.replace_document(did, doc);
            (*n_docs)++;
        }
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xwdb_get_metadata(char **out, sk_xwdb *db, const char *key, sk_err *err)
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

extern "C" int sk_xwdb_get_metadata_bytes(char **out, size_t *len, sk_xwdb *db, const char *key,
                                          sk_err *err)
{
    return get_metadata(db->db, key, out, err, len);
}

extern "C" int sk_xwdb_set_metadata_bytes(sk_xwdb *db, const char *key, const char *value,
                                          size_t len, sk_err *err)
{
    try {
        db->db.set_metadata(key, std::string(value, len));
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xwdb_each_metadata(sk_xwdb *db, const char *prefix, sk_xmeta_cb cb, void *payload,
                                     sk_err *err)
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
        if (db->has_all_spelling)
            db->all_spelling.add_spelling(std::string(word, len), freqinc);
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

// ---- DIR/spelling-all: the spelling of every document, restricted ones too ----

namespace {

void commit_all_spelling(sk_xwdb *db)
{
    if (!db->has_all_spelling)
        return;
    db->all_spelling.commit_transaction();
    db->all_spelling.begin_transaction(true);
}

} // namespace

extern "C" int sk_xwdb_keep_all_spelling(sk_xwdb *db, sk_err *err)
{
    if (db->has_all_spelling)
        return SK_OK;
    try {
        Xapian::WritableDatabase all(join(db->dir, ALL_SPELLING),
                                     Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
        if (all.get_metadata(ALL_SPELLING_SEEDED).empty()) {
            // From the index's own table: the words of every document so far.
            all.begin_transaction(true);
            for (auto it = db->db.spellings_begin(); it != db->db.spellings_end(); ++it)
                all.add_spelling(*it, it.get_termfreq());
            all.set_metadata(ALL_SPELLING_SEEDED, "1");
            all.commit_transaction();
        }
        all.begin_transaction(true);
        db->all_spelling = all;
        db->has_all_spelling = true;
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xwdb_add_spelling_restricted(sk_xwdb *db, const char *word, size_t len,
                                               unsigned freqinc, sk_err *err)
{
    try {
        if (db->has_all_spelling)
            db->all_spelling.add_spelling(std::string(word, len), freqinc);
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xwdb_commit(sk_xwdb *db, sk_err *err)
{
    try {
        commit_all_spelling(db);
        db->db.commit_transaction();
        db->db.begin_transaction(true);
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xwdb_doccount(size_t *out, sk_xwdb *db, sk_err *err)
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
        try {
            if (db->has_all_spelling)
                db->all_spelling.cancel_transaction();
            db->all_spelling.close();
        } catch (...) {
        }
        db->db.close();
    } catch (...) {
    }
    delete db; // and with it the directory lock
}

extern "C" int sk_xwdb_size(unsigned long long *bytes, unsigned long long *compacted_bytes,
                            sk_xwdb *db, sk_err *err)
{
    try {
        if (bytes)
            *bytes = dir_bytes(glass_path(*db), db->gen == 0);
        if (compacted_bytes) {
            stub_info stub;
            *compacted_bytes = 0;
            if (db->gen && read_stub(db->dir, &stub) && stub.gen == db->gen)
                *compacted_bytes = stub.compacted;
        }
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

extern "C" int sk_xwdb_compact(sk_xcompact_stats *out, sk_xwdb *db, sk_err *err)
{
    if (out)
        *out = sk_xcompact_stats{0, 0, 0};
    try {
        commit_all_spelling(db);
        db->db.commit_transaction();
        const unsigned next = db->gen + 1;
        const std::string from = glass_path(*db), to = join(db->dir, gen_name(next));
        const std::string tmp = to + ".tmp";
        sk_xcompact_stats st{dir_bytes(from, db->gen == 0), 0, next};
        try {
            remove_tree(tmp);
            remove_tree(to);
            // Read the committed state beside the writer, which keeps its locks.
            Xapian::Database(from, Xapian::DB_BACKEND_GLASS)
                .compact(tmp, Xapian::DB_BACKEND_GLASS | Xapian::Compactor::FULL |
                                  Xapian::DBCOMPACT_NO_RENUMBER);
            sync_tree(tmp);
            if (::rename(tmp.c_str(), to.c_str()) != 0)
                throw_errno("cannot rename " + tmp, errno);
            sync_path(db->dir, true);
            st.bytes_after = dir_bytes(to);
            write_stub(db->dir, next, st.bytes_after); // the switch
        } catch (...) {
            // Not switched: the index is as committed; leave no half-written copy.
            try {
                remove_tree(tmp);
            } catch (...) {
            }
            try {
                db->db.begin_transaction(true);
            } catch (...) {
            }
            throw;
        }
        if (out)
            *out = st;
        // Switched. Readers that have the old generation open keep their files
        // until they reopen; the writer moves to the new one.
        db->db.close();
        db->gen = next;
        db->db = Xapian::WritableDatabase(to, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
        db->db.begin_transaction(true);
        tidy(db->dir, next, true); // the old generation, or the glass files of an old DIR
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
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
