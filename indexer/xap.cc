// xap.cc: C shim over xapian-core (see include/saksok/xap.h).
// The only C++ file in saksok and the only includer of <xapian.h>. Every
// extern "C" function catches everything: no exception crosses into C.
#include "saksok/xap.h"

#include <xapian.h>

#include "saksok/access.h"
#include "saksok/terms.h"
#include "saksok/text.h"

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

namespace {

// A failure of the file system (or of the index directory's layout), thrown
// by the directory helpers below and turned into an sk_code by fail().
struct fs_error : std::runtime_error {
    sk_code code;
    fs_error(sk_code c, const std::string &what) : std::runtime_error(what), code(c) {}
};

[[noreturn]] void throw_errno(const std::string &what, int e)
{
    throw fs_error(SK_EIO, what + ": " + std::strerror(e));
}

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
    } catch (const fs_error &e) {
        return sk_err_set(err, e.code, "%s", e.what());
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
                 size_t *len = nullptr) noexcept
{
    return hand_out_metadata([&] { return db.get_metadata(key); }, out, err, len);
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

// ---- the index directory (see "the index directory" in xap.h) ----

const char STUB[] = "XAPIANDB";
const char LOCK_FILE[] = "writer.lock";

std::string join(const std::string &dir, const std::string &name)
{
    return dir + "/" + name;
}

std::string gen_name(unsigned n)
{
    return "gen-" + std::to_string(n);
}

bool file_exists(const std::string &path)
{
    struct stat st;
    return ::stat(path.c_str(), &st) == 0;
}

std::vector<std::string> list_dir(const std::string &dir)
{
    DIR *d = ::opendir(dir.c_str());
    if (d == nullptr)
        throw_errno("cannot read " + dir, errno);
    std::vector<std::string> names;
    struct dirent *de;
    while ((de = ::readdir(d)) != nullptr)
        if (std::strcmp(de->d_name, ".") != 0 && std::strcmp(de->d_name, "..") != 0)
            names.emplace_back(de->d_name);
    ::closedir(d);
    return names;
}

// Remove path and whatever it holds; a missing path is fine.
void remove_tree(const std::string &path)
{
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) {
        if (errno == ENOENT)
            return;
        throw_errno("cannot remove " + path, errno);
    }
    if (S_ISDIR(st.st_mode)) {
        for (const std::string &name : list_dir(path))
            remove_tree(join(path, name));
        if (::rmdir(path.c_str()) != 0 && errno != ENOENT)
            throw_errno("cannot remove " + path, errno);
    } else if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
        throw_errno("cannot remove " + path, errno);
    }
}

// The files of a glass database (of an index written before generations).
bool is_glass_file(const std::string &name)
{
    auto ends_with = [&name](const char *suffix) {
        size_t n = std::strlen(suffix);
        return name.size() > n && name.compare(name.size() - n, n, suffix) == 0;
    };
    return name == "iamglass" || name == "flintlock" || ends_with(".glass") || ends_with(".DB");
}

// Bytes of the regular files directly in dir (a glass database is one
// folder); glass_only: only a glass database's files (dir holds others too).
unsigned long long dir_bytes(const std::string &dir, bool glass_only = false)
{
    unsigned long long total = 0;
    for (const std::string &name : list_dir(dir)) {
        struct stat st;
        if ((!glass_only || is_glass_file(name)) && ::stat(join(dir, name).c_str(), &st) == 0 &&
            S_ISREG(st.st_mode))
            total += (unsigned long long)st.st_size;
    }
    return total;
}

void sync_path(const std::string &path, bool is_dir)
{
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | (is_dir ? O_DIRECTORY : 0));
    if (fd < 0)
        throw_errno("cannot open " + path, errno);
    if (::fsync(fd) != 0) {
        int e = errno;
        ::close(fd);
        throw_errno("cannot sync " + path, e);
    }
    ::close(fd);
}

// fsync every file of a database folder, then the folder.
void sync_tree(const std::string &dir)
{
    for (const std::string &name : list_dir(dir)) {
        struct stat st;
        std::string p = join(dir, name);
        if (::lstat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode))
            sync_path(p, false);
    }
    sync_path(dir, true);
}

// Replace dir/name with text: a temporary file, fsync, rename, fsync of dir.
// Readers see the old content or the new, never a part.
void write_durably(const std::string &dir, const std::string &name, const std::string &text)
{
    std::string p = join(dir, name), tmp = p + ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0)
        throw_errno("cannot create " + tmp, errno);
    size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            int e = n < 0 ? errno : EIO;
            ::close(fd);
            throw_errno("cannot write " + tmp, e);
        }
        done += (size_t)n;
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0)
        throw_errno("cannot write " + tmp, errno);
    if (::rename(tmp.c_str(), p.c_str()) != 0)
        throw_errno("cannot rename " + tmp, errno);
    sync_path(dir, true);
}

struct stub_info {
    unsigned gen = 0;
    unsigned long long compacted = 0; // 0: never compacted
};

// Read dir/XAPIANDB: false if there is none; fs_error if it is not ours.
bool read_stub(const std::string &dir, stub_info *out)
{
    std::string p = join(dir, STUB);
    int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return false;
        throw_errno("cannot open " + p, errno);
    }
    char buf[1024];
    ssize_t n = ::read(fd, buf, sizeof buf - 1);
    int e = errno;
    ::close(fd);
    if (n < 0)
        throw_errno("cannot read " + p, e);
    buf[n] = '\0';
    stub_info info;
    char *next = nullptr;
    for (char *line = buf; line != nullptr && *line != '\0'; line = next) {
        next = std::strchr(line, '\n');
        if (next)
            *next++ = '\0';
        unsigned g = 0;
        unsigned long long bytes = 0;
        char tail;
        if (std::sscanf(line, "auto gen-%u%c", &g, &tail) == 1 && g > 0 && info.gen == 0)
            info.gen = g;
        else if (std::sscanf(line, "# compacted %llu", &bytes) == 1)
            info.compacted = bytes;
        else if (line[0] != '#' && line[0] != '\0')
            throw fs_error(SK_ECORRUPT, p + ": not a saksok index (line '" + line + "')");
    }
    if (info.gen == 0)
        throw fs_error(SK_ECORRUPT, p + ": names no generation");
    *out = info;
    return true;
}

// The switch: from now on readers that open dir open generation gen.
void write_stub(const std::string &dir, unsigned gen, unsigned long long compacted)
{
    std::string text = "auto " + gen_name(gen) + "\n";
    if (compacted)
        text += "# compacted " + std::to_string(compacted) + "\n";
    write_durably(dir, STUB, text);
}

// "gen-N" (*tmp = false) or "gen-N.tmp" (*tmp = true).
bool parse_gen_name(const std::string &name, unsigned *n, bool *tmp)
{
    if (name.compare(0, 4, "gen-") != 0 || name.size() < 5)
        return false;
    size_t i = 4;
    unsigned long v = 0;
    for (; i < name.size() && name[i] >= '0' && name[i] <= '9' && v < 1000000000UL; i++)
        v = v * 10 + (unsigned long)(name[i] - '0');
    if (i == 4)
        return false;
    *tmp = name.compare(i, std::string::npos, ".tmp") == 0;
    if (i != name.size() && !*tmp)
        return false;
    *n = (unsigned)v;
    return true;
}

// Remove what a writer killed earlier may have left in dir: every generation
// but keep (0: none is kept), gen-*.tmp, XAPIANDB.tmp and, once dir has a stub
// (moved), the glass files directly in dir. iamglass goes first: Xapian looks
// for it before the stub, so readers follow the stub from then on.
void tidy(const std::string &dir, unsigned keep, bool moved)
{
    if (moved)
        remove_tree(join(dir, "iamglass"));
    for (const std::string &name : list_dir(dir)) {
        unsigned n = 0;
        bool tmp = false;
        if (parse_gen_name(name, &n, &tmp)) {
            if (tmp || n != keep)
                remove_tree(join(dir, name));
        } else if (name == std::string(STUB) + ".tmp" || (moved && is_glass_file(name))) {
            remove_tree(join(dir, name));
        }
    }
}

// Take DIR/writer.lock (creating DIR if needed), or fail with SK_ELOCKED.
void lock_dir(const std::string &dir, dir_lock &lock)
{
    if (::mkdir(dir.c_str(), 0777) != 0 && errno != EEXIST)
        throw_errno("cannot create " + dir, errno);
    std::string p = join(dir, LOCK_FILE);
    // 0600: flock needs only a descriptor, so a lock file others can open is
    // one anybody can hold; one made by an earlier version is narrowed too.
    lock.fd = ::open(p.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (lock.fd < 0)
        throw_errno("cannot open " + p, errno);
    struct stat st;
    if (::fstat(lock.fd, &st) == 0 && (st.st_mode & 077) != 0 && ::fchmod(lock.fd, 0600) != 0)
        throw_errno("cannot make " + p + " private", errno);
    if (::flock(lock.fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK)
            throw fs_error(SK_ELOCKED, "the index " + dir + " is locked by another writer");
        throw_errno("cannot lock " + p, errno);
    }
}

std::string glass_path(const sk_xwdb &w)
{
    return w.gen ? join(w.dir, gen_name(w.gen)) : w.dir;
}

file_sig file_signature(const std::string &file)
{
    file_sig s;
    struct stat st;
    if (::stat(file.c_str(), &st) == 0) {
        s.exists = true;
        s.dev = st.st_dev;
        s.ino = st.st_ino;
        s.size = st.st_size;
        s.mtim = st.st_mtim;
        s.ctim = st.st_ctim;
    }
    return s;
}

file_sig stub_signature(const std::string &path)
{
    return file_signature(join(path, STUB));
}

bool same_sig(const file_sig &a, const file_sig &b)
{
    return a.exists == b.exists && a.dev == b.dev && a.ino == b.ino && a.size == b.size &&
           a.mtim.tv_sec == b.mtim.tv_sec && a.mtim.tv_nsec == b.mtim.tv_nsec &&
           a.ctim.tv_sec == b.ctim.tv_sec && a.ctim.tv_nsec == b.ctim.tv_nsec;
}

// Open path read-only. When that fails and path has a stub (or its stub
// changed meanwhile), a compaction may have removed the generation named by
// the stub we read, or moved an old index into a generation: read it again.
void open_fresh(const std::string &path, Xapian::Database *db, file_sig *sig)
{
    for (int attempt = 1;; attempt++) {
        file_sig before = stub_signature(path);
        try {
            *db = Xapian::Database(path);
            *sig = before;
            return;
        } catch (const Xapian::DatabaseError &) {
            file_sig after = stub_signature(path);
            if (attempt >= 4 || !(after.exists || !same_sig(before, after)))
                throw;
        }
    }
}

} // namespace

int sk_xap_fail(sk_err *err) noexcept
{
    return fail(err);
}

char *sk_xap_dup(const std::string &s)
{
    return dup_string(s);
}

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
            w->db = Xapian::WritableDatabase(
                glass_path(*w), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
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

extern "C" int sk_xwdb_add(sk_xwdb *db, const sk_xdoc *doc, uint32_t *did, sk_err *err)
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

extern "C" int sk_xwdb_each_values(sk_xwdb *db, const char *term, unsigned slot_a,
                                   unsigned slot_b, sk_xvalues_cb cb, void *payload, sk_err *err)
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
            for (t.skip_to(drop); t != doc.termlist_end() && (*t).compare(0, drop.size(), drop) == 0;
                 ++t)
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

extern "C" int sk_xwdb_get_metadata_bytes(sk_xwdb *db, const char *key, char **out, size_t *len,
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
        if (db->has_all_spelling)
            db->all_spelling.add_spelling(std::string(word, len), freqinc);
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

// ---- DIR/spelling-all: the spelling of every document, restricted ones too ----

#define ALL_SPELLING "spelling-all"
#define ALL_SPELLING_SEEDED "saksok:seeded"

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

extern "C" int sk_xwdb_size(sk_xwdb *db, unsigned long long *bytes,
                            unsigned long long *compacted_bytes, sk_err *err)
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

extern "C" int sk_xwdb_compact(sk_xwdb *db, sk_xcompact_stats *out, sk_err *err)
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
            file_sig ver = db->version_file.empty() ? file_sig{}
                                                    : file_signature(db->version_file);
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
        return SK_OK;
    } catch (...) {
        return fail(err);
    }
}

Xapian::doccount sk_xap_termfreq(sk_xdb *db, const std::string &term)
{
    return db->shards ? sk_xap_shards_termfreq(db, term) : db->db.get_termfreq(term);
}

Xapian::rev sk_xap_revision(sk_xdb *db)
{
    // (Xapian gives no revision of several databases.)
    return db->shards ? sk_xap_shards_generation(db) : db->db.get_revision();
}

// ---- the view: what a reader's handle shows of restricted documents ----

namespace {

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
    *out = allowed.empty() ? restricted
                           : Xapian::Query(Xapian::Query::OP_AND_NOT, restricted,
                                           Xapian::Query(Xapian::Query::OP_OR, allowed.begin(),
                                                         allowed.end()));
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
    return tf - count_matches(db->db, Xapian::Query(Xapian::Query::OP_AND,
                                                    Xapian::Query(term), hidden));
}

} // namespace

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

extern "C" int sk_xdb_view_hides(sk_xdb *db, int *out, sk_err *err)
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

extern "C" int sk_xdb_doccount(sk_xdb *db, size_t *out, sk_err *err)
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

extern "C" int sk_xdb_termfreq(sk_xdb *db, const char *term, size_t *out, sk_err *err)
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

extern "C" int sk_xdb_highest_value(sk_xdb *db, const char *term, unsigned slot, char **out,
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

extern "C" int sk_xdb_get_metadata(sk_xdb *db, const char *key, char **out, sk_err *err)
{
    if (db->shards)
        return shards_metadata(db, key, out, nullptr, err);
    return get_metadata(db->db, key, out, err);
}

extern "C" int sk_xdb_get_metadata_bytes(sk_xdb *db, const char *key, char **out, size_t *len,
                                         sk_err *err)
{
    if (db->shards)
        return shards_metadata(db, key, out, len, err);
    return get_metadata(db->db, key, out, err, len);
}

extern "C" int sk_xdb_each_metadata(sk_xdb *db, const char *prefix, sk_xmeta_cb cb,
                                    void *payload, sk_err *err)
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

extern "C" int sk_xdb_count_terms(sk_xdb *db, const char *prefix, size_t *out, sk_err *err)
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

extern "C" int sk_xdb_spelling(sk_xdb *db, const char *word, unsigned max_edits, char **out,
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

extern "C" int sk_xdb_more_like(sk_xdb *db, const char *idterm, size_t max_terms,
                                const char *const *key_prefixes, size_t n_prefixes, char **terms,
                                char **keys, sk_err *err)
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

std::shared_ptr<const TierSets> tier_sets(sk_xdb *db, const sk_xtier *tiers, size_t n,
                                          sk_err *err)
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

extern "C" int sk_xdb_search(sk_xmset **out, sk_xdb *db, const sk_xquery *q,
                             const sk_xsearch_opts *opts, sk_err *err)
{
    *out = nullptr;
    try {
        Xapian::Query query = opts->filter
                                  ? Xapian::Query(Xapian::Query::OP_FILTER, q->q, opts->filter->q)
                                  : q->q;
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
        size_t n_facets = opts->n_facets < SK_XSEARCH_MAX_FACETS ? opts->n_facets
                                                                 : SK_XSEARCH_MAX_FACETS;
        int cslot = opts->collapse_slot;
        KeyTable *keys = cslot >= 0 ? &db->key_tables[(Xapian::valueno)cslot] : nullptr;
        // Collapsing is done here, not by Xapian (see MatchCounter): ask for
        // enough sections to fill the page with different keys (a key holds a
        // case's agenda row and its paper, rarely more), more if it falls short.
        size_t want = opts->offset + opts->limit;
        size_t ask = cslot >= 0 ? 3 * want + 10 : opts->limit;
        std::shared_ptr<const TierSets> tiers;
        if (opts->tiers && opts->n_tiers &&
            (tiers = tier_sets(db, opts->tiers, opts->n_tiers, err)) == nullptr)
            return SK_EINVAL;
        for (;;) {
            Xapian::Enquire enq(db->db);
            if (opts->time_limit > 0)
                enq.set_time_limit(opts->time_limit);
            enq.set_query(query);
            if (tiers)
                enq.set_sort_by_key_then_relevance(
                    (new TierKeyMaker(tiers, opts->sort_slot))->release(), false);
            else if (opts->sort_slot >= 0)
                enq.set_sort_by_value_then_relevance((Xapian::valueno)opts->sort_slot,
                                                     opts->sort_reverse != 0);
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
            std::unique_ptr<sk_xmset> r(new sk_xmset{m, {}, 0, {}, {}, {}, false, {}, {}, {}, 0, nullptr, {}, false, {}});
            if (cslot < 0) {
                for (Xapian::doccount i = 0; i < m.size(); i++)
                    r->pick.push_back(i);
                r->total = m.get_matches_estimated();
            } else {
                // Keys of the sections in increasing docid order (from the
                // table, or one more pass of the counter's stream).
                std::vector<std::pair<Xapian::docid, Xapian::doccount>> order;
                for (Xapian::doccount i = 0; i < m.size(); i++)
                    order.emplace_back(*m[i], i);
                std::sort(order.begin(), order.end());
                std::vector<uint64_t> key(m.size(), 0);
                for (const auto &o : order)
                    key[o.second] = counter->key_of(o.first);
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


extern "C" int sk_xmset_value(sk_xmset *m, size_t i, unsigned slot, char *out, size_t size,
                              sk_err *err)
{
    if (size > 0)
        out[0] = '\0';
    if (i >= sk_xmset_size(m))
        return sk_err_set(err, SK_EINVAL, "hit %zu out of range", i);
    try {
        std::string v = m->own ? m->db.get_document(m->dids[i]).get_value(slot)
                               : m->mset[m->pick[i]].get_document().get_value(slot);
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

extern "C" const char *sk_xap_version(void)
{
    return Xapian::version_string(); // noexcept: a static string
}
