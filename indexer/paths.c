/* paths.c: where a program finds its files (see include/saksok/base/paths.h). */
#define _GNU_SOURCE /* secure_getenv */
#include "saksok/base/paths.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef SAKSOK_DATA_DIR
#define SAKSOK_DATA_DIR "/usr/local/share/saksok"
#endif
#ifndef SAKSOK_DEFAULT_LEXICON
#define SAKSOK_DEFAULT_LEXICON "/usr/local/share/saksok/lexicon.bin"
#endif

#define MODULE_NAME "saksok-extract.so"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char exe_dir[PATH_MAX]; /* "" when /proc/self/exe cannot be read */
static char prefix[PATH_MAX];  /* "" in a build tree */
static char data_dir[PATH_MAX + 32];
static char lexicon[PATH_MAX + 48];
static char module[PATH_MAX + 48];
static char conf[PATH_MAX + 48];

int sk_prefix_of_exe(char *out, size_t size, const char *exe_path)
{
    const char *slash = strrchr(exe_path, '/');
    if (slash == NULL || slash == exe_path)
        return -1;
    const char *dir_start = slash; /* the executable's folder: [dir_start + 1, slash) */
    while (dir_start > exe_path && dir_start[-1] != '/')
        dir_start--;
    size_t dir_len = (size_t)(slash - dir_start);
    if (!((dir_len == 3 && memcmp(dir_start, "bin", 3) == 0) ||
          (dir_len == 4 && memcmp(dir_start, "sbin", 4) == 0)))
        return -1;
    size_t len = (size_t)(dir_start - exe_path);
    if (len > 1)
        len--; /* "/usr/bin/x" -> "/usr"; "/bin/x" -> "/" */
    if (len == 0 || len >= size)
        return -1;
    memcpy(out, exe_path, len);
    out[len] = '\0';
    return 0;
}

int sk_conf_path_for_prefix(char *out, size_t size, const char *pfx)
{
    size_t len = strlen(pfx);
    while (len > 1 && pfx[len - 1] == '/')
        len--;
    int n;
    if (len >= 4 &&
        memcmp(pfx + len - 4, "/usr", 4) == 0) /* /usr -> /etc, /stage/usr -> /stage/etc */
        n = snprintf(out, size, "%.*s/etc/saksok/saksok.conf", (int)(len - 4), pfx);
    else
        n = snprintf(out, size, "%.*s/etc/saksok/saksok.conf", len == 1 ? 0 : (int)len, pfx);
    return n >= 0 && (size_t)n < size ? 0 : -1;
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void find_paths(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash && (size_t)(slash - exe) + 1 < sizeof exe_dir) {
            memcpy(exe_dir, exe, (size_t)(slash - exe) + 1);
            exe_dir[slash - exe + 1] = '\0';
        }
        char share[PATH_MAX + 16];
        if (sk_prefix_of_exe(prefix, sizeof prefix, exe) == 0 &&
            (snprintf(share, sizeof share, "%s/share/saksok", prefix) >= (int)sizeof share ||
             !is_dir(share)))
            prefix[0] = '\0';
    }
    const char *p = prefix[0] == '/' && prefix[1] == '\0' ? "" : prefix; /* "/" + "/share" */
    if (prefix[0]) {
        snprintf(data_dir, sizeof data_dir, "%s/share/saksok", p);
        snprintf(lexicon, sizeof lexicon, "%s/share/saksok/lexicon.bin", p);
        snprintf(module, sizeof module, "%s/lib/saksok/" MODULE_NAME, p);
        if (sk_conf_path_for_prefix(conf, sizeof conf, prefix) != 0)
            conf[0] = '\0';
    } else {
        snprintf(data_dir, sizeof data_dir, "%s", SAKSOK_DATA_DIR);
        snprintf(lexicon, sizeof lexicon, "%s", SAKSOK_DEFAULT_LEXICON);
        if (exe_dir[0])
            snprintf(module, sizeof module, "%s" MODULE_NAME, exe_dir);
    }
}

/* $name when set and not empty, else the computed value (NULL when empty). */
static const char *env_or(const char *name, const char *computed)
{
    const char *v = secure_getenv(name);
    if (v && *v)
        return v;
    return computed[0] ? computed : NULL;
}

const char *sk_install_prefix(void)
{
    pthread_once(&once, find_paths);
    return prefix[0] ? prefix : NULL;
}

const char *sk_conf_path(void)
{
    pthread_once(&once, find_paths);
    const char *v = secure_getenv("SAKSOK_CONF");
    if (v)
        return *v ? v : NULL;
    return conf[0] ? conf : NULL;
}

const char *sk_extract_module_path(void)
{
    pthread_once(&once, find_paths);
    return env_or("SAKSOK_EXTRACT_MODULE", module);
}

const char *sk_data_dir(void)
{
    pthread_once(&once, find_paths);
    return env_or("SAKSOK_DATA_DIR", data_dir);
}

const char *sk_lexicon_default_path(void)
{
    pthread_once(&once, find_paths);
    return env_or("SAKSOK_LEXICON", lexicon);
}
