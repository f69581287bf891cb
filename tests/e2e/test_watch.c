/* test_watch.c: saved searches and alerts through scripts/saksok-nightly and
 * `saksok --watches`, on corpus/: a paper a run adds is reported exactly
 * once, also when a run is killed with SIGKILL at each step of reporting
 * (SAKSOK_TEST_KILL_AT) and when the nightly run is killed from outside
 * while it indexes; a mail through a sendmail is not lost either.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "run.h"

static char tmp[256], archive[512], db[512], dir[512], conf[512], watches[512], bindir[512];
static char mailer[512], maildir[512];
/* paths are short (TMPDIR); the buffers only need to hold them */

#define sh run_sh

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return strdup("");
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        fwrite(chunk, 1, n, m);
    fclose(f);
    fclose(m);
    return buf;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* A fresh archive of NUIT's papers only, its index, no watch state. */
static void fresh(int with_mail)
{
    sh("rm -rf '%s' '%s' '%s' '%s' && mkdir -p '%s' '%s' && cp -r '%s/corpus/nuit' '%s/'", archive,
       db, dir, maildir, archive, maildir, env_or_die("SAKSOK_SOURCE_DIR"), archive);
    char text[8192];
    snprintf(text, sizeof text,
             "SAKSOK_DB=%s\nSAKSOK_ARCHIVE=%s\nSAKSOK_LOG_DIR=%s/logg\nSAKSOK_BIN_DIR=%s\n"
             "SAKSOK_OCR=no\nSAKSOK_USER=root\nSAKSOK_WATCHES=%s\nSAKSOK_WATCH_DIR=%s\n%s%s%s",
             db, archive, tmp, bindir, watches, dir, with_mail ? "SAKSOK_SENDMAIL='" : "",
             with_mail ? mailer : "", with_mail ? "'\n" : "");
    write_file(conf, text);
    sh("chmod 600 '%s'", conf);
}

/* saksok-nightly as cron runs it; its exit status. */
static int nightly(void)
{
    return run_shf("cd / && env -i /bin/sh '%s/scripts/saksok-nightly' '%s' </dev/null "
                   ">>'%s/cron.out' 2>&1",
                   env_or_die("SAKSOK_SOURCE_DIR"), conf, tmp);
}

/* saksok --watches alone (with kill_at: killed there); its wait status. */
static int watch_run(const char *kill_at, int with_mail)
{
    static char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "%s%s%s'%s' --db '%s' --watches '%s' --watch-dir '%s' %s%s%s >>'%s/watch.out' 2>&1",
             kill_at ? "SAKSOK_TEST_KILL_AT=" : "", kill_at ? kill_at : "", kill_at ? " " : "",
             env_or_die("SAKSOK_QUERY_BIN"), db, watches, dir, with_mail ? "--sendmail '" : "",
             with_mail ? mailer : "", with_mail ? "'" : "", tmp);
    return system(cmd);
}

/* The ids of the hits for q whose paper is under prefix ("nufa/"). */
static json_t *ids_under(const char *q, const char *prefix)
{
    const char *argv[] = {
        env_or_die("SAKSOK_QUERY_BIN"), "--db", db, "--json", "--limit", "1000", q, NULL};
    run_result r;
    assert_int_equal(run_cmd(&r, argv, NULL), 0);
    json_t *o = json_loads(r.out, 0, NULL);
    assert_non_null(o);
    run_result_release(&r);
    json_t *ids = json_array();
    size_t i;
    json_t *h;
    json_array_foreach(json_object_get(o, "hits"), i, h)
    {
        const char *file = json_string_value(json_object_get(h, "file"));
        if (strncmp(file, prefix, strlen(prefix)) == 0)
            json_array_append(ids, json_object_get(h, "id"));
    }
    json_decref(o);
    return ids;
}

/* Each of ids is reported exactly once in the watch's file, and no hit of
 * NUIT's papers (there before the watch) is. */
static void reported_once(const char *name, const json_t *ids)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s.txt", dir, name);
    char *text = read_all(path);
    size_t i;
    json_t *id;
    json_array_foreach(ids, i, id)
    {
        char needle[64];
        snprintf(needle, sizeof needle, "Id: %s\n", json_string_value(id));
        int n = count(text, needle);
        if (n != 1)
            fail_msg("%s: hit %s reported %d times:\n%s", name, json_string_value(id), n, text);
    }
    assert_int_equal(count(text, "nuit/2021/"), 0);
    free(text);
}

static int setup(void **state)
{
    (void)state;
    if (run_tempdir(tmp, sizeof tmp, "watch") != 0)
        return -1;
    snprintf(archive, sizeof archive, "%s/arkiv", tmp);
    snprintf(db, sizeof db, "%s/db", tmp);
    snprintf(dir, sizeof dir, "%s/varsler", tmp);
    snprintf(conf, sizeof conf, "%s/saksok.conf", tmp);
    snprintf(watches, sizeof watches, "%s/watches", tmp);
    snprintf(mailer, sizeof mailer, "%s/sendmail", tmp);
    snprintf(maildir, sizeof maildir, "%s/post", tmp);
    snprintf(bindir, sizeof bindir, "%s", env_or_die("SAKSOK_QUERY_BIN"));
    *strrchr(bindir, '/') = '\0';
    write_file(watches, "# NAME<TAB>SØK<TAB>ADRESSE\n"
                        "resept\te-resept\tola@example.no\n"
                        "helse\tdigital hjemmeoppfølging\tkari@example.no\n"
                        "ugyldig navn\thelse\tper@example.no\n");
    /* a sendmail that keeps each mail it is given as a file */
    char script[2048];
    snprintf(script, sizeof script, "#!/bin/sh\nn=$(ls '%s' | wc -l)\ncat >'%s'/mail.$n\n", maildir,
             maildir);
    write_file(mailer, script);
    sh("chmod 755 '%s'", mailer);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return run_rmtree(tmp);
}

/* The nightly run: a new watch starts quietly; the next run reports what it
 * added (NUFA's papers), once; a run after that reports nothing again. */
static void watch__nightly_reports_a_new_paper_once(void **state)
{
    (void)state;
    fresh(0);
    assert_int_equal(nightly(), 0);
    char path[700];
    snprintf(path, sizeof path, "%s/resept.txt", dir);
    char *text = read_all(path);
    assert_string_equal(text, ""); /* nothing reported the first time */
    free(text);
    sh("cp -r '%s/corpus/nufa' '%s/'", env_or_die("SAKSOK_SOURCE_DIR"), archive);
    assert_int_equal(nightly(), 0);
    json_t *resept = ids_under("e-resept", "nufa/"),
           *helse = ids_under("digital hjemmeoppfølging", "nufa/");
    assert_true(json_array_size(resept) >= 1);
    assert_true(json_array_size(helse) >= 1);
    reported_once("resept", resept);
    reported_once("helse", helse);
    /* unchanged, then the same papers written again (--full): nothing new */
    assert_int_equal(nightly(), 0);
    const char *argv[] = {
        env_or_die("SAKSOK_INDEX_BIN"), "--quiet", "--no-ocr", "--full", "--db", db, archive, NULL};
    run_result r;
    assert_int_equal(run_cmd(&r, argv, NULL), 0);
    assert_int_equal(r.status, 0);
    run_result_release(&r);
    assert_int_equal(nightly(), 0);
    reported_once("resept", resept);
    reported_once("helse", helse);
    /* the log has the reports and the bad watch line */
    char *log = NULL;
    snprintf(path, sizeof path, "%s/logg", tmp);
    sh("cat '%s'/saksok-index-*.log > '%s/all.log'", path, tmp);
    snprintf(path, sizeof path, "%s/all.log", tmp);
    log = read_all(path);
    assert_non_null(strstr(log, "== Varsel «resept»"));
    assert_non_null(strstr(log, ":4: navnet kan bare ha"));
    free(log);
    json_decref(resept);
    json_decref(helse);
}

/* Killed (SIGKILL) at each step of reporting, then run again: every new hit
 * is in the report file exactly once. With a sendmail: the mail is sent,
 * once, but for a kill right after sendmail took it (then twice, with the
 * same Message-ID). */
static void watch__killed_at_each_step(void **state)
{
    (void)state;
    const char *points[] = {"after-pending", "after-send", "before-rename", "after-report"};
    for (int mail = 0; mail < 2; mail++) {
        for (size_t k = 0; k < sizeof points / sizeof *points; k++) {
            if (!mail && k < 2)
                continue; /* steps of mailing */
            fresh(mail);
            sh("'%s' --quiet --no-ocr --db '%s' '%s'", env_or_die("SAKSOK_INDEX_BIN"), db, archive);
            /* exit 1: the watch file's bad line (skipped, said) */
            assert_int_equal(watch_run(NULL, mail), 0x100); /* a new watch: the mark */
            sh("cp -r '%s/corpus/nufa' '%s/' && '%s' --quiet --no-ocr --db '%s' '%s'",
               env_or_die("SAKSOK_SOURCE_DIR"), archive, env_or_die("SAKSOK_INDEX_BIN"), db,
               archive);
            int st = watch_run(points[k], mail);
            if (!(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL) &&
                !(WIFEXITED(st) && WEXITSTATUS(st) == 128 + SIGKILL))
                fail_msg("not killed at %s (status %d)", points[k], st);
            assert_int_equal(watch_run(NULL, mail), 0x100);
            assert_int_equal(watch_run(NULL, mail), 0x100); /* and nothing more */
            json_t *resept = ids_under("e-resept", "nufa/");
            reported_once("resept", resept);
            json_decref(resept);
            if (!mail)
                continue;
            /* mails to ola (resept) and kari (helse): one each, or the same
             * mail twice after a kill right after sending */
            char cmd[1024];
            snprintf(cmd, sizeof cmd, "cat '%s'/mail.* > '%s/all.mail'", maildir, tmp);
            assert_int_equal(system(cmd), 0);
            snprintf(cmd, sizeof cmd, "%s/all.mail", tmp);
            char *all = read_all(cmd);
            int ola = count(all, "To: ola@example.no\n");
            if (ola != (strcmp(points[k], "after-send") == 0 ? 2 : 1))
                fail_msg("killed %s: %d mails to ola", points[k], ola);
            assert_int_equal(count(all, "Message-ID: <saksok-varsel.resept."), ola);
            assert_non_null(strstr(all, "Subject: =?UTF-8?B?"));
            assert_non_null(strstr(all, "nufa/2020/"));
            free(all);
        }
    }
}

/* The whole nightly run killed from outside (SIGKILL to its process group)
 * while it indexes NUFA's papers, at a few moments, then run again: every
 * new hit reported exactly once. */
static void watch__nightly_killed_while_indexing(void **state)
{
    (void)state;
    const int delays_ms[] = {150, 400, 900, 1600};
    for (size_t k = 0; k < sizeof delays_ms / sizeof *delays_ms; k++) {
        fresh(0);
        assert_int_equal(nightly(), 0);
        sh("cp -r '%s/corpus/nufa' '%s/'", env_or_die("SAKSOK_SOURCE_DIR"), archive);
        char script[700];
        snprintf(script, sizeof script, "%s/scripts/saksok-nightly",
                 env_or_die("SAKSOK_SOURCE_DIR"));
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            setpgid(0, 0);
            if (chdir("/") != 0)
                _exit(127);
            execl("/bin/sh", "sh", script, conf, (char *)NULL);
            _exit(127);
        }
        setpgid(pid, pid);
        struct timespec ts = {delays_ms[k] / 1000, (long)(delays_ms[k] % 1000) * 1000000L};
        nanosleep(&ts, NULL);
        kill(-pid, SIGKILL);
        int st;
        waitpid(pid, &st, 0);
        assert_int_equal(nightly() & ~0x100, 0); /* 0, or 1 for a file left half-read */
        assert_int_equal(nightly() & ~0x100, 0);
        json_t *resept = ids_under("e-resept", "nufa/");
        assert_true(json_array_size(resept) >= 1);
        reported_once("resept", resept);
        json_decref(resept);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(watch__nightly_reports_a_new_paper_once),
        cmocka_unit_test(watch__killed_at_each_step),
        cmocka_unit_test(watch__nightly_killed_while_indexing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
