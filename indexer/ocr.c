/* ocr.c: when to OCR a page, the Tesseract engine (C API), and the OCR
 * cache. See include/saksok/indexer/ocr.h.
 *
 * Time limit: Tesseract's C API has a progress monitor (ETEXT_DESC) whose
 * cancel callback is polled between words during recognition; we cancel
 * from it when the page's wall-clock budget is spent. So OCR runs in
 * process with one engine reused across pages, and no fork per page.
 */
#include "saksok/indexer/ocr.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <tesseract/capi.h>
#include <time.h>
#include <unistd.h>
#include <utf8proc.h>

#include "extract_int.h" /* reading a file whole: extract_util.c, a leaf */
#include "saksok/base/buf.h"
#include "saksok/indexer/extract.h"

/* ---- the decision -------------------------------------------------------- */

static int junk_layer(const sk_ocr_facts *f)
{
    return f->tokens >= SK_OCR_JUNK_MIN_TOKENS &&
           (double)f->plausible_tokens < SK_OCR_MIN_PLAUSIBLE_SHARE * (double)f->tokens;
}

/* Too few characters for area_pt2 (pt²) of the page (rule 4's test). */
static int sparse_for(const sk_ocr_facts *f, double area_pt2)
{
    return (double)f->text_chars < SK_OCR_MIN_CHARS_PER_SQIN * (area_pt2 / (72.0 * 72.0));
}

sk_ocr_reason sk_ocr_decide(const sk_ocr_facts *f)
{
    if (junk_layer(f))
        return SK_OCR_JUNK;
    if (f->page_area <= 0 || f->image_area < SK_OCR_MIN_IMAGE_SHARE * f->page_area)
        return SK_OCR_NOT_NEEDED;
    if (f->text_chars == 0)
        return SK_OCR_NO_TEXT;
    if (sparse_for(f, f->image_area))
        return SK_OCR_SPARSE;
    return SK_OCR_NOT_NEEDED;
}

int sk_ocr_needs_image_area(const sk_ocr_facts *f)
{
    if (junk_layer(f) || f->page_area <= 0)
        return 0;
    /* Else rules 2-5 give SK_OCR_NOT_NEEDED for every image_area up to the page's. */
    return sparse_for(f, f->page_area);
}

const char *sk_ocr_reason_name(sk_ocr_reason r)
{
    switch (r) {
    case SK_OCR_NOT_NEEDED: return "not needed";
    case SK_OCR_NO_TEXT: return "no text layer";
    case SK_OCR_SPARSE: return "text too short for the image area";
    case SK_OCR_JUNK: return "junk text layer";
    }
    return "not needed";
}

/* Next code point of s[*i..n); invalid bytes give -1 and advance by one. */
static int32_t next_cp(const char *s, size_t n, size_t *i)
{
    utf8proc_int32_t cp = -1;
    utf8proc_ssize_t k =
        utf8proc_iterate((const utf8proc_uint8_t *)s + *i, (utf8proc_ssize_t)(n - *i), &cp);
    if (k <= 0) {
        (*i)++;
        return -1;
    }
    *i += (size_t)k;
    return cp;
}

static int is_space_cp(int32_t cp)
{
    if (cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0xA0 || cp == 0x2028 || cp == 0x2029)
        return 1;
    return cp >= 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

static int is_letter(int32_t cp)
{
    if (cp < 0)
        return 0;
    utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

static int is_digit(int32_t cp)
{
    return cp >= '0' && cp <= '9';
}

static int is_vowel(int32_t cp)
{
    static const int32_t vowels[] = {
        'a',  'e',  'i',  'o',  'u',  'y',  0xE6, 0xF8, 0xE5, /* æ ø å */
        0xE0, 0xE1, 0xE2, 0xE3, 0xE4, 0xE8, 0xE9, 0xEA, 0xEB, 0xEC, 0xED, 0xEE,
        0xEF, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFF};
    if (cp < 0)
        return 0;
    int32_t lo = utf8proc_tolower(cp);
    for (size_t i = 0; i < sizeof vowels / sizeof vowels[0]; i++)
        if (lo == vowels[i])
            return 1;
    return 0;
}

/* Punctuation that may wrap a word or number: stripped before the test. */
static int is_wrapping(int32_t cp)
{
    if (cp < 0)
        return 0;
    if (cp < 0x80)
        return strchr(".,;:!?()[]{}\"'*-/%&+<>=#_", (int)cp) != NULL;
    utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_PO; /* «» – — ’ ” … § */
}

int sk_ocr_token_plausible(const char *tok, size_t len)
{
    /* decode into a small array; longer tokens are not plausible anyway */
    int32_t cps[64];
    size_t n = 0, i = 0;
    while (i < len) {
        if (n == sizeof cps / sizeof cps[0])
            return 0;
        cps[n++] = next_cp(tok, len, &i);
    }
    size_t a = 0, b = n;
    while (a < b && is_wrapping(cps[a]))
        a++;
    while (b > a && is_wrapping(cps[b - 1]))
        b--;
    if (a == b)
        return 0;
    /* number: digits, with . , : / - % between or after them */
    int digits = 0, number = 1;
    for (size_t k = a; k < b && number; k++) {
        if (is_digit(cps[k]))
            digits++;
        else if (cps[k] < 0 || !strchr(".,:/-%", (int)cps[k]))
            number = 0;
    }
    if (number && digits > 0)
        return 1;
    /* word: letters (hyphen or apostrophe inside), with a vowel */
    size_t letters = 0;
    int vowel = 0;
    for (size_t k = a; k < b; k++) {
        if (is_letter(cps[k])) {
            letters++;
            vowel |= is_vowel(cps[k]);
        } else if (cps[k] == '-' || cps[k] == '\'' || cps[k] == 0x2019) {
            if (k == a || k + 1 == b || !is_letter(cps[k - 1]))
                return 0;
        } else {
            return 0;
        }
    }
    return vowel && letters >= SK_OCR_WORD_MIN && letters <= SK_OCR_WORD_MAX;
}

void sk_ocr_text_facts(sk_ocr_facts *f, const char *text, size_t len)
{
    f->text_chars = 0;
    f->tokens = 0;
    f->plausible_tokens = 0;
    size_t i = 0;
    while (i < len) {
        size_t start = i;
        int32_t cp = next_cp(text, len, &i);
        if (is_space_cp(cp))
            continue;
        /* a token: up to the next whitespace */
        size_t end = i, chars = 1;
        int alnum = is_letter(cp) || is_digit(cp);
        while (end < len) {
            size_t j = end;
            int32_t c = next_cp(text, len, &j);
            if (is_space_cp(c))
                break;
            alnum |= is_letter(c) || is_digit(c);
            chars++;
            end = j;
        }
        i = end;
        f->text_chars += chars;
        if (!alnum)
            continue; /* bullets, dashes: neither words nor junk */
        f->tokens++;
        f->plausible_tokens += (size_t)sk_ocr_token_plausible(text + start, end - start);
    }
}

/* ---- the engine ---------------------------------------------------------- */

struct sk_ocr {
    TessBaseAPI *api;
    char *lang;
};

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Tesseract (Debian's build) runs its recognition in OpenMP threads. On a
 * machine doing other work, or with one engine per job, they spin and
 * contend: measured 3.7x slower per page on 2 cores than one thread. Unless
 * the user chose (OMP_THREAD_LIMIT / OMP_NUM_THREADS set), make OpenMP
 * regions serial: max-active-levels 0 gives every parallel region a team of
 * one. libgomp comes in with libtesseract, so the symbol is looked up at run
 * time rather than linked. Process-wide; saksok itself uses no OpenMP. */
static void serial_openmp(void)
{
    if (getenv("OMP_THREAD_LIMIT") != NULL || getenv("OMP_NUM_THREADS") != NULL)
        return;
    void *sym = dlsym(RTLD_DEFAULT, "omp_set_max_active_levels");
    if (sym == NULL)
        return; /* Tesseract built without OpenMP */
    void (*set_levels)(int);
    memcpy(&set_levels, &sym, sizeof set_levels); /* object -> function pointer */
    set_levels(0);
}

int sk_ocr_new(sk_ocr **out, const char *lang, sk_err *err)
{
    *out = NULL;
    if (lang == NULL)
        lang = "nor";
    if (!sk_ocr_available(lang))
        return sk_err_set(err, SK_ENOTFOUND,
                          "OCR language '%s' is not installed (Debian: tesseract-ocr-%s)", lang,
                          lang);
    sk_ocr *o = calloc(1, sizeof *o);
    if (o == NULL || (o->lang = strdup(lang)) == NULL) {
        free(o);
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    }
    serial_openmp();
    o->api = TessBaseAPICreate();
    if (o->api == NULL) {
        sk_ocr_free(o);
        return sk_err_set(err, SK_ENOMEM, "out of memory creating the OCR engine");
    }
    /* Library code does not print: Tesseract's diagnostics go nowhere. */
    TessBaseAPISetVariable(o->api, "debug_file", "/dev/null");
    if (TessBaseAPIInit3(o->api, NULL, lang) != 0) {
        sk_ocr_free(o);
        return sk_err_set(err, SK_EINTERNAL, "Tesseract cannot load OCR language '%s'", lang);
    }
    *out = o;
    return SK_OK;
}

void sk_ocr_free(sk_ocr *ocr)
{
    if (ocr == NULL)
        return;
    if (ocr->api != NULL) {
        TessBaseAPIEnd(ocr->api);
        TessBaseAPIDelete(ocr->api);
    }
    free(ocr->lang);
    free(ocr);
}

const char *sk_ocr_lang(const sk_ocr *ocr)
{
    return ocr->lang;
}

typedef struct deadline {
    double end; /* monotonic seconds */
    int hit;
} deadline;

/* Polled by Tesseract between words; true cancels the recognition. */
static bool cancel_cb(void *cancel_this, int words)
{
    (void)words;
    deadline *d = cancel_this;
    if (now_seconds() >= d->end)
        d->hit = 1;
    return d->hit != 0;
}

/* Copy Tesseract's text: valid UTF-8, no trailing whitespace, no form feeds. */
static int copy_text(char **text_out, size_t *len_out, const char *t, sk_err *err)
{
    size_t n = strlen(t);
    while (n > 0 && (t[n - 1] == '\n' || t[n - 1] == ' ' || t[n - 1] == '\f'))
        n--;
    sk_buf b;
    sk_buf_init(&b, SK_EXTRACT_MAX_PAGE_BYTES);
    int rc = SK_OK;
    size_t start = 0;
    for (size_t i = 0; rc == SK_OK && i <= n; i++) {
        if (i == n || t[i] == '\f') {
            rc = sk_utf8_repair_nul(&b, t + start, i - start, err);
            if (rc == SK_OK && i < n)
                rc = sk_buf_putc(&b, '\n', err);
            start = i + 1;
        }
    }
    if (rc == SK_OK) {
        *text_out = sk_buf_detach(&b, len_out);
        if (*text_out == NULL)
            rc = sk_err_set(err, SK_ENOMEM, "out of memory");
    }
    sk_buf_release(&b);
    return rc;
}

int sk_ocr_recognise(char **text_out, size_t *len_out, sk_ocr *ocr, const sk_ocr_image *img,
                     double seconds, sk_err *err)
{
    *text_out = NULL;
    if (len_out != NULL)
        *len_out = 0;
    if (ocr == NULL || img == NULL || img->pixels == NULL || img->width <= 0 || img->height <= 0 ||
        img->stride < img->width)
        return sk_err_set(err, SK_EINVAL, "sk_ocr_recognise: bad argument");
    ETEXT_DESC *monitor = TessMonitorCreate();
    if (monitor == NULL)
        return sk_err_set(err, SK_ENOMEM, "out of memory");
    deadline d = {now_seconds() + seconds, 0};
    if (seconds > 0) {
        TessMonitorSetCancelFunc(monitor, cancel_cb);
        TessMonitorSetCancelThis(monitor, &d);
    }
    TessBaseAPISetImage(ocr->api, img->pixels, img->width, img->height, 1, img->stride);
    if (img->dpi > 0)
        TessBaseAPISetSourceResolution(ocr->api, img->dpi);
    int r = TessBaseAPIRecognize(ocr->api, monitor);
    int rc = SK_OK;
    if (d.hit) {
        rc = sk_err_set(err, SK_ELIMIT, "OCR time limit of %g s hit", seconds);
    } else if (r != 0) {
        rc = sk_err_set(err, SK_EINTERNAL, "Tesseract could not recognise the page");
    } else {
        char *t = TessBaseAPIGetUTF8Text(ocr->api);
        if (t == NULL)
            rc = sk_err_set(err, SK_EINTERNAL, "Tesseract returned no text");
        else
            rc = copy_text(text_out, len_out, t, err);
        TessDeleteText(t);
    }
    TessBaseAPIClear(ocr->api); /* drop the image and results, keep the language */
    TessMonitorDelete(monitor);
    return rc;
}

/* ---- the cache ------------------------------------------------------------ */

void sk_ocr_cache_key(char key[SK_OCR_KEY_SIZE], const sk_ocr_image *img, const char *lang)
{
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    char head[256];
    int n = snprintf(head, sizeof head, "saksok-ocr-1|tesseract %s|%s|%dx%d|%d dpi|", TessVersion(),
                     lang ? lang : "nor", img->width, img->height, img->dpi);
    g_checksum_update(sum, (const guchar *)head, (gssize)n);
    for (int y = 0; y < img->height; y++)
        g_checksum_update(sum, img->pixels + (size_t)y * (size_t)img->stride, (gssize)img->width);
    snprintf(key, SK_OCR_KEY_SIZE, "%s", g_checksum_get_string(sum));
    g_checksum_free(sum);
}

static int valid_key(const char *key)
{
    size_t n = strlen(key);
    if (n != SK_OCR_KEY_SIZE - 1)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((key[i] >= '0' && key[i] <= '9') || (key[i] >= 'a' && key[i] <= 'f')))
            return 0;
    return 1;
}

static int entry_path(char *out, size_t size, const char *dir, const char *key, const char *ext,
                      sk_err *err)
{
    int n = snprintf(out, size, "%s/%.2s/%s%s", dir, key, key, ext);
    if (n < 0 || (size_t)n >= size)
        return sk_err_set(err, SK_ELIMIT, "OCR cache path too long");
    return SK_OK;
}

static int io_err(sk_err *err, const char *what, const char *path)
{
    return sk_err_set(err, SK_EIO, "OCR cache: %s %s: %s", what, path, strerror(errno));
}

/* Read a small file whole; *data is NULL and SK_OK when it does not exist. */
static int read_entry(char **data, size_t *len, const char *path, sk_err *err)
{
    *data = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT || errno == ENOTDIR ? SK_OK : io_err(err, "cannot open", path);
    close(fd);
    sk_err local = SK_ERR_INIT;
    int rc = sk_extract_read_file(data, len, path, SK_EXTRACT_MAX_PAGE_BYTES, &local);
    if (rc != SK_OK)
        return sk_err_set(err, rc, "OCR cache: %s: %s", path, local.msg);
    return SK_OK;
}

int sk_ocr_cache_get(sk_ocr_cached *found, char **text_out, size_t *len_out, const char *dir,
                     const char *key, double seconds, sk_err *err)
{
    *found = SK_OCR_CACHE_MISS;
    *text_out = NULL;
    if (len_out != NULL)
        *len_out = 0;
    if (dir == NULL || key == NULL || !valid_key(key))
        return sk_err_set(err, SK_EINVAL, "sk_ocr_cache_get: bad argument");
    char path[4096];
    int rc = entry_path(path, sizeof path, dir, key, ".txt", err);
    char *data = NULL;
    size_t len = 0;
    if (rc == SK_OK)
        rc = read_entry(&data, &len, path, err);
    if (rc != SK_OK)
        return rc;
    if (data != NULL) {
        /* stored text was valid UTF-8; repair anyway rather than trust a file */
        sk_buf b;
        sk_buf_init(&b, SK_EXTRACT_MAX_PAGE_BYTES);
        rc = sk_utf8_repair_nul(&b, data, len, err);
        free(data);
        if (rc == SK_OK) {
            *text_out = sk_buf_detach(&b, len_out);
            if (*text_out == NULL)
                rc = sk_err_set(err, SK_ENOMEM, "out of memory");
        }
        sk_buf_release(&b);
        if (rc == SK_OK)
            *found = SK_OCR_CACHE_TEXT;
        return rc;
    }
    rc = entry_path(path, sizeof path, dir, key, ".timeout", err);
    if (rc == SK_OK)
        rc = read_entry(&data, &len, path, err);
    if (rc != SK_OK || data == NULL)
        return rc;
    char *end = NULL;
    double limit = strtod(data, &end);
    int ok = end != data && limit > 0;
    free(data);
    if (!ok)
        return sk_err_set(err, SK_EFORMAT, "OCR cache: corrupt entry %s", path);
    /* no limit now, or a longer one than the one that was hit: try again */
    if (seconds > 0 && seconds <= limit)
        *found = SK_OCR_CACHE_TIMEOUT;
    return SK_OK;
}

static int make_dir(const char *path, sk_err *err)
{
    if (mkdir(path, 0777) == 0 || errno == EEXIST)
        return SK_OK;
    return io_err(err, "cannot create", path);
}

/* mkdir -p for dir, then dir/ab. */
static int make_dirs(const char *dir, const char *key, char *sub, size_t sub_size, sk_err *err)
{
    char p[4096];
    int n = snprintf(p, sizeof p, "%s", dir);
    if (n < 0 || (size_t)n >= sizeof p)
        return sk_err_set(err, SK_ELIMIT, "OCR cache path too long");
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        int rc = make_dir(p, err);
        *s = '/';
        if (rc != SK_OK)
            return rc;
    }
    int rc = make_dir(p, err);
    n = snprintf(sub, sub_size, "%s/%.2s", dir, key);
    if (rc == SK_OK && (n < 0 || (size_t)n >= sub_size))
        rc = sk_err_set(err, SK_ELIMIT, "OCR cache path too long");
    if (rc == SK_OK)
        rc = make_dir(sub, err);
    return rc;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, data, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        data += w;
        len -= (size_t)w;
    }
    return 0;
}

static int put_entry(const char *dir, const char *key, const char *ext, const char *data,
                     size_t len, sk_err *err)
{
    if (dir == NULL || key == NULL || !valid_key(key) || (data == NULL && len > 0))
        return sk_err_set(err, SK_EINVAL, "OCR cache: bad argument");
    char sub[4096], tmp[4096 + 2 * SK_OCR_KEY_SIZE], path[4096 + 2 * SK_OCR_KEY_SIZE];
    int rc = make_dirs(dir, key, sub, sizeof sub, err);
    if (rc == SK_OK)
        rc = entry_path(path, sizeof path, dir, key, ext, err);
    int n = snprintf(tmp, sizeof tmp, "%s/.%s%s.XXXXXX", sub, key, ext);
    if (rc == SK_OK && (n < 0 || (size_t)n >= sizeof tmp))
        rc = sk_err_set(err, SK_ELIMIT, "OCR cache path too long");
    if (rc != SK_OK)
        return rc;
    int fd = mkstemp(tmp);
    if (fd < 0)
        return io_err(err, "cannot create", tmp);
    /* Read by the indexer and the index directory's group only: OCR text of
     * restricted papers is as private as the papers. */
    if (fchmod(fd, 0640) != 0 || write_all(fd, data, len) != 0 || fsync(fd) != 0) {
        rc = io_err(err, "cannot write", tmp);
        close(fd);
        unlink(tmp);
        return rc;
    }
    if (close(fd) != 0) {
        rc = io_err(err, "cannot write", tmp);
        unlink(tmp);
        return rc;
    }
    if (rename(tmp, path) != 0) {
        rc = io_err(err, "cannot rename into", path);
        unlink(tmp);
        return rc;
    }
    return SK_OK;
}

int sk_ocr_cache_put(const char *dir, const char *key, const char *text, size_t len, sk_err *err)
{
    return put_entry(dir, key, ".txt", text, len, err);
}

int sk_ocr_cache_put_timeout(const char *dir, const char *key, double seconds, sk_err *err)
{
    char s[64];
    int n = snprintf(s, sizeof s, "%.17g\n", seconds);
    return put_entry(dir, key, ".timeout", s, (size_t)n, err);
}
