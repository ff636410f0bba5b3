/* `spsim report FILE.h5 -o REPORT.html`: the verdict is worked out here, by the same code as
 * `spsim summary`, and handed on standard input to the page's generator, tools/spsim_report.py
 * in the source tree this program was built from (its path is baked in by CMake as
 * SPSIM_REPORT_SCRIPT), run with Debian's /usr/bin/python3 (h5py, numpy, matplotlib). The
 * generator draws the charts with tools/spsim-plot's code and writes the page whole or not at
 * all. SPSIM_PYTHON in the environment names another interpreter (the tests use it). */
#define _POSIX_C_SOURCE 200809L
#include "report.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "args.h"
#include "scenario/suggest.h"
#include "summary/summary.h"

#ifndef SPSIM_REPORT_SCRIPT
#error "SPSIM_REPORT_SCRIPT (the path of tools/spsim_report.py) is set by CMakeLists.txt"
#endif

enum {
    EXIT_NOT_RUN = 127 /* the child could not start the interpreter */
};

static const char default_python[] = "/usr/bin/python3";

const char spsim_report_usage[] =
    "usage: spsim report FILE.h5 -o REPORT.html\n"
    "\n"
    "Writes one self-contained HTML page (figures inside it, no network) for a commissioner:\n"
    "the question, the arms, the verdict (as spsim summary prints it), the headline figures\n"
    "with 90 % intervals, the charts (as tools/spsim-plot draws them), the key assumptions with\n"
    "their sources and the limitations. Needs /usr/bin/python3 with Debian's python3-h5py and\n"
    "python3-matplotlib; runs " SPSIM_REPORT_SCRIPT ".\n"
    "\n"
    "  -o, --output FILE   the page to write (written whole or not at all)\n"
    "  -h, --help          this help\n";

typedef struct {
    const char *results, *output;
} report_args;

static int parse(int argc, char **argv, report_args *a)
{
    *a = (report_args){0};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) {
            if (i + 1 == argc)
                return spsim_cli_usage_error(spsim_report_usage, "%s needs a file name", argv[i]);
            a->output = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            static const char *const options[] = {"--output", "--help"};
            char hint[96];
            spsim_suggest_text(argv[i], options, 2, hint, sizeof hint);
            return spsim_cli_usage_error(spsim_report_usage, "unknown option '%s'%s", argv[i],
                                         hint);
        } else if (a->results) {
            return spsim_cli_usage_error(spsim_report_usage, "report takes one results file%s", "");
        } else {
            a->results = argv[i];
        }
    }
    if (!a->results)
        return spsim_cli_usage_error(spsim_report_usage, "report needs a results file%s", "");
    if (!a->output)
        return spsim_cli_usage_error(spsim_report_usage, "report needs -o REPORT.html%s", "");
    return 0;
}

/* The verdict of the file as `spsim summary` prints it, in a buffer the caller frees; NULL
 * after a message when the file is not a results file. */
static char *verdict_text(const char *results, size_t *len)
{
    char *text = NULL, err[1024];
    FILE *out = open_memstream(&text, len);
    if (!out) {
        fprintf(stderr, "spsim: report: out of memory\n");
        return NULL;
    }
    int status = spsim_summary_print_verdict(results, out, err, sizeof err);
    fclose(out);
    if (status) {
        fprintf(stderr, "spsim: %s\n", err);
        free(text);
        return NULL;
    }
    return text;
}

/* What the report needs besides the file: the interpreter and the generator. */
static const char *check_tools(void)
{
    const char *python = getenv("SPSIM_PYTHON");
    if (!python || !*python) python = default_python;
    if (access(python, X_OK) != 0) {
        fprintf(stderr,
                "spsim: report: %s: %s; the report needs Python 3 at %s with Debian's "
                "python3-h5py and python3-matplotlib (apt-get install python3 python3-h5py "
                "python3-matplotlib, or tools/install-deps.sh)\n",
                python, strerror(errno), python);
        return NULL;
    }
    if (access(SPSIM_REPORT_SCRIPT, R_OK) != 0) {
        fprintf(stderr,
                "spsim: report: its generator %s: %s (it is read from the source tree this "
                "program was built from)\n",
                SPSIM_REPORT_SCRIPT, strerror(errno));
        return NULL;
    }
    return python;
}

/* Writes the whole text to fd (the child's standard input), then closes it. */
static void feed(int fd, const char *text, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, text, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break; /* the generator stopped reading: its own message says why */
        text += n;
        len -= (size_t)n;
    }
    close(fd);
}

/* Runs the generator on the file with the verdict on its standard input; its exit status
 * (0 written, 1 invalid input, 3 cannot write) becomes the command's. */
static int run_generator(const char *python, const report_args *a, const char *verdict, size_t len)
{
    int pipe_fd[2];
    if (pipe(pipe_fd) != 0) {
        fprintf(stderr, "spsim: report: cannot make a pipe: %s\n", strerror(errno));
        return SPSIM_EXIT_RUNTIME;
    }
    fflush(NULL);
    pid_t child = fork();
    if (child < 0) {
        fprintf(stderr, "spsim: report: cannot start %s: %s\n", python, strerror(errno));
        close(pipe_fd[0]);
        close(pipe_fd[1]);
        return SPSIM_EXIT_RUNTIME;
    }
    if (child == 0) {
        dup2(pipe_fd[0], STDIN_FILENO);
        close(pipe_fd[0]);
        close(pipe_fd[1]);
        char *const args[] = {(char *)python,
                              (char *)SPSIM_REPORT_SCRIPT,
                              (char *)a->results,
                              "-o",
                              (char *)a->output,
                              "--verdict",
                              "-",
                              NULL};
        execv(python, args);
        fprintf(stderr, "spsim: report: cannot run %s: %s\n", python, strerror(errno));
        _exit(EXIT_NOT_RUN);
    }
    close(pipe_fd[0]);
    void (*previous)(int) = signal(SIGPIPE, SIG_IGN); /* a generator that exits early */
    feed(pipe_fd[1], verdict, len);
    signal(SIGPIPE, previous);
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status)) {
        fprintf(stderr, "spsim: report: %s stopped by signal %d; %s not written\n", python,
                WIFSIGNALED(status) ? WTERMSIG(status) : 0, a->output);
        return SPSIM_EXIT_RUNTIME;
    }
    int code = WEXITSTATUS(status);
    return code == 0 ? 0 : code == SPSIM_EXIT_INVALID ? SPSIM_EXIT_INVALID : SPSIM_EXIT_RUNTIME;
}

int spsim_cmd_report(int argc, char **argv)
{
    if (spsim_cli_wants_help(argc, argv)) return printf("%s", spsim_report_usage), 0;
    report_args a;
    int status = parse(argc, argv, &a);
    if (status) return status;
    size_t len = 0;
    char *verdict = verdict_text(a.results, &len);
    if (!verdict) return SPSIM_EXIT_INVALID;
    const char *python = check_tools();
    status = python ? run_generator(python, &a, verdict, len) : SPSIM_EXIT_RUNTIME;
    free(verdict);
    return status;
}
