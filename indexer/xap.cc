// xap.cc: the C shim over xapian-core (see include/saksok/store/xap.h): what its
// files share (errors, the index directory's generations, stub and lock),
// and stemming. The shim's other files: xap_write.cc (the writer),
// xap_read.cc (the reader), xap_search.cc (queries and searching) and
// xap_shards.cc (several shards); xap_int.h is what they share.
// The only C++ files in saksok and the only includers of <xapian.h>. Every
// extern "C" function catches everything: no exception crosses into C.
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

namespace sk_xap {

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

// Metadata reads, shared by the writable and the read-only handle (a
// WritableDatabase is a Database).
int get_metadata(const Xapian::Database &db, const char *key, char **out, sk_err *err,
                 size_t *len) noexcept
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
unsigned long long dir_bytes(const std::string &dir, bool glass_only)
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

} // namespace sk_xap

using namespace sk_xap;

int sk_xap_fail(sk_err *err) noexcept
{
    return fail(err);
}

char *sk_xap_dup(const std::string &s)
{
    return dup_string(s);
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

extern "C" int sk_xstem_apply(char *out, size_t out_size, sk_xstem *st, const char *word,
                              size_t len, sk_err *err)
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
