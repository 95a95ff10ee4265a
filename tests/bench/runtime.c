/*
 * runtime.c - run one command and report its wall time and peak memory.
 *
 * Used by tests/bench/bench.sh (`make bench`) to time crm's programs and
 * the sqlite3 shell they are compared with, in the same way for both:
 *
 *   runtime CMD [ARG]...
 *
 * forks, execs CMD (found on PATH) with stdin, stdout and stderr
 * inherited, waits for it with wait4() and then prints one line to stderr:
 *
 *   runtime: wall=SECONDS maxrss_kb=N status=S
 *
 * wall is CLOCK_MONOTONIC time from before the fork to after the wait (so
 * it includes exec and dynamic linking, i.e. a program's startup cost);
 * maxrss_kb is the child's peak resident set size from its rusage;
 * S is the child's exit status, or 128+N when it was killed by signal N
 * (as the shell reports it).  runtime exits with S; 126/127 mean CMD could
 * not be executed / was not found.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
        perror("runtime: clock_gettime");
        exit(125);
    }
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    struct rusage ru;
    double start, wall;
    pid_t pid, r;
    int wstatus, status;

    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        fputs("usage: runtime CMD [ARG]...\n"
              "Run CMD; print 'runtime: wall=SECONDS maxrss_kb=N status=S' to stderr.\n",
              argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }

    fflush(NULL);
    start = now();
    pid = fork();
    if (pid < 0) {
        perror("runtime: fork");
        return 125;
    }
    if (pid == 0) {
        execvp(argv[1], argv + 1);
        int err = errno;
        fprintf(stderr, "runtime: %s: %s\n", argv[1], strerror(err));
        _exit(err == ENOENT ? 127 : 126);
    }

    memset(&ru, 0, sizeof ru);
    do
        r = wait4(pid, &wstatus, 0, &ru);
    while (r < 0 && errno == EINTR);
    wall = now() - start;
    if (r < 0) {
        perror("runtime: wait4");
        return 125;
    }

    if (WIFEXITED(wstatus))
        status = WEXITSTATUS(wstatus);
    else if (WIFSIGNALED(wstatus))
        status = 128 + WTERMSIG(wstatus);
    else
        status = 125;

    fprintf(stderr, "runtime: wall=%.6f maxrss_kb=%ld status=%d\n", wall,
            (long)ru.ru_maxrss, status);
    return status;
}
