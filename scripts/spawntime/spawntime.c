/* sk-spawntime: wall time of one-shot commands, process start included, for
 * scripts/bench.
 *
 *   sk-spawntime ROUNDS LINES -- CMD ARG...
 *
 * For each of ROUNDS rounds, for each line of the file LINES, runs CMD with
 * its arguments, "{}" in them replaced by the line (P={} -> P=line), with stdin, stdout
 * and stderr on /dev/null, and prints the milliseconds from just before
 * posix_spawn() to just after waitpid(), one figure a line. Timing in one
 * process leaves out what a shell's `date` around each command would add
 * (two more process starts per sample). Exit status 0, or 2 on bad usage or
 * when a command cannot be started.
 */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* arg with its first "{}" replaced by line (malloc'd), or arg itself. */
static char *subst(char *arg, const char *line)
{
    char *at = strstr(arg, "{}");
    if (at == NULL)
        return arg;
    size_t pre = (size_t)(at - arg), ll = strlen(line), post = strlen(at + 2);
    char *out = malloc(pre + ll + post + 1);
    if (out == NULL)
        return arg;
    memcpy(out, arg, pre);
    memcpy(out + pre, line, ll);
    memcpy(out + pre + ll, at + 2, post + 1);
    return out;
}

/* One run of argv; -1 when it cannot be started. */
static double run_once(char **argv, const posix_spawn_file_actions_t *fa)
{
    double t0 = now_ms();
    pid_t pid;
    if (posix_spawn(&pid, argv[0], fa, NULL, argv, environ) != 0)
        return -1;
    int status;
    while (waitpid(pid, &status, 0) < 0)
        ;
    return now_ms() - t0;
}

int main(int argc, char **argv)
{
    if (argc < 5 || strcmp(argv[3], "--") != 0) {
        fputs("usage: sk-spawntime ROUNDS LINES -- CMD ARG...\n", stderr);
        return 2;
    }
    int rounds = atoi(argv[1]);
    FILE *f = fopen(argv[2], "r");
    if (rounds < 1 || f == NULL) {
        fprintf(stderr, "sk-spawntime: need ROUNDS >= 1 and a readable LINES file\n");
        return 2;
    }
    char *lines[4096];
    size_t n = 0;
    char buf[4096];
    while (n < sizeof lines / sizeof lines[0] && fgets(buf, sizeof buf, f)) {
        buf[strcspn(buf, "\n")] = '\0';
        if (buf[0] && (lines[n] = strdup(buf)) != NULL)
            n++;
    }
    fclose(f);
    int cmd_argc = argc - 4;
    char **cmd = calloc((size_t)cmd_argc + 1, sizeof *cmd);
    if (cmd == NULL || n == 0) {
        fprintf(stderr, "sk-spawntime: no lines to run\n");
        return 2;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    int status = 0;
    for (int r = 0; r < rounds && status == 0; r++)
        for (size_t i = 0; i < n && status == 0; i++) {
            for (int k = 0; k < cmd_argc; k++)
                cmd[k] = subst(argv[4 + k], lines[i]);
            double ms = run_once(cmd, &fa);
            if (ms < 0) {
                fprintf(stderr, "sk-spawntime: cannot start %s\n", cmd[0]);
                status = 2;
            } else {
                printf("%.3f\n", ms);
            }
            for (int k = 0; k < cmd_argc; k++)
                if (cmd[k] != argv[4 + k])
                    free(cmd[k]);
        }
    posix_spawn_file_actions_destroy(&fa);
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(cmd);
    return status;
}
