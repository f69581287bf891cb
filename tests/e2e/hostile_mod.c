/* hostile_mod.c: an extraction module that behaves as a hostile file makes
 * a parser behave, for the tests of the extraction processes (workers.h).
 * Loaded in place of saksok-extract.so through $SAKSOK_EXTRACT_MODULE. The
 * file's first word says what to do:
 *   SPIN   burn CPU for ever          SLEEP  block for ever
 *   ALLOC  take memory until refused, then abort (as g_malloc does)
 *   CRASH  write through a null pointer
 *   SHRINK map the file, cut it short (as a writer truncating it would) and
 *          read on where it was: SIGBUS, as in the PDF back end
 *   ESCAPE try to run a program, fork, open a socket, make a link: the page
 *          says "innesperret" when every one was refused, else "sluppet"
 *   WARN   warn about page 1, then extract as usual
 * anything else: one page, the file's text. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "saksok/indexer/extract_mod.h"

static int one_page(sk_extracted *out, const char *text)
{
    out->format = SK_FORMAT_HTML;
    out->pages = calloc(1, sizeof *out->pages);
    if (out->pages == NULL)
        return SK_ENOMEM;
    out->pages[0].text = strdup(text);
    out->pages[0].text_len = strlen(text);
    out->n_pages = 1;
    out->n_pages_total = 1;
    return out->pages[0].text ? SK_OK : SK_ENOMEM;
}

static void take_memory(void)
{
    for (;;) {
        char *p = malloc((size_t)64 << 20);
        if (p == NULL)
            abort();
        memset(p, 1, (size_t)64 << 20);
    }
}

/* Every way out refused? */
static int confined(const char *dir)
{
    int escaped = 0;
    char *argv[] = {(char *)"/bin/true", NULL};
    execv("/bin/true", argv); /* returns only when refused */
    pid_t pid = fork();
    if (pid == 0)
        _exit(0);
    if (pid > 0) {
        escaped = 1;
        waitpid(pid, NULL, 0);
    }
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s >= 0) {
        escaped = 1;
        close(s);
    }
    char link[4200];
    snprintf(link, sizeof link, "%s/.escape-link", dir);
    if (symlink("/etc/passwd", link) == 0) {
        escaped = 1;
        unlink(link);
    }
    return !escaped;
}

/* The file mapped, then cut to 0 bytes under the mapping: reading it now
 * raises SIGBUS. Returns only if it does not. */
static int read_shrunk(const char *path, sk_err *err)
{
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return sk_err_set(err, SK_EIO, "cannot open: %s", strerror(errno));
    volatile const char *p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
    int cut = p != MAP_FAILED && ftruncate(fd, 0) == 0;
    close(fd);
    if (cut)
        (void)p[10];
    return sk_err_set(err, SK_EINTERNAL, "the shrunk file was read without SIGBUS");
}

static int extract_file(sk_extracted *out, const char *path, const sk_extract_opts *opts,
                        sk_extract_stats *stats, sk_err *err)
{
    (void)stats;
    char text[4096] = "";
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return sk_err_set(err, SK_EIO, "cannot open: %s", strerror(errno));
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    if (strncmp(text, "SPIN", 4) == 0)
        for (volatile unsigned long i = 0;; i++)
            ;
    if (strncmp(text, "SLEEP", 5) == 0)
        for (;;)
            pause();
    if (strncmp(text, "ALLOC", 5) == 0)
        take_memory();
    if (strncmp(text, "CRASH", 5) == 0)
        raise(SIGSEGV);
    if (strncmp(text, "SHRINK", 6) == 0)
        return read_shrunk(path, err);
    if (strncmp(text, "ESCAPE", 6) == 0) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s", path);
        char *slash = strrchr(dir, '/');
        if (slash)
            *slash = '\0';
        return one_page(out, confined(dir) ? "ESCAPE innesperret" : "ESCAPE sluppet");
    }
    if (strncmp(text, "WARN", 4) == 0 && opts && opts->warn)
        opts->warn(1, "a warning from the hostile module", opts->warn_payload);
    return one_page(out, text);
}

static void ocr_free(sk_ocr *ocr)
{
    (void)ocr;
}

__attribute__((visibility("default"))) const sk_extract_api *sk_extract_module_v2(void)
{
    static const sk_extract_api api = {extract_file, ocr_free};
    return &api;
}
