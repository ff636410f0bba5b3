/* What the commands of the command line share: exit statuses, usage errors, number parsing and
 * the table cells they print. Each command lives in its own file behind its own header. */
#ifndef SPSIM_CLI_ARGS_H
#define SPSIM_CLI_ARGS_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/estimate.h"
#include "io/output.h"

enum {
    SPSIM_EXIT_INVALID = 1, /* invalid input: a scenario, a file, a value the checks refuse */
    SPSIM_EXIT_USAGE = 2,   /* the command line itself is wrong */
    SPSIM_EXIT_RUNTIME = 3  /* the run could not be done or written */
};

/* Prints "spsim: MESSAGE", a blank line and the usage text on stderr; returns
 * SPSIM_EXIT_USAGE. */
int spsim_cli_usage_error(const char *usage, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
bool spsim_cli_wants_help(int argc, char **argv);
/* The usage error for an option getopt_long did not know ("unknown option '--rplications'; did
 * you mean '--replications'?" when a long option of `options` is within two edits), and the
 * "; did you mean ..." part alone ("" when nothing is close). */
struct option;
void spsim_cli_option_hint(const struct option *options, const char *arg, char *buf, size_t len);
int spsim_cli_unknown_option(const char *usage, const struct option *options, const char *arg);
/* The index of `word` among `names`, or -1 after printing the usage error "OPTION needs one of
 * A, B or C, got 'WORD'", with a did-you-mean when one is close (the caller returns
 * SPSIM_EXIT_USAGE). */
int spsim_cli_choice_arg(const char *usage, const char *option, const char *word,
                         const char *const *names, int n);
/* A whole number within [min, max], or false. */
bool spsim_cli_parse_count(const char *text, long long min, long long max, long long *out);
/* -r N (replications, 1..SPSIM_MAX_REPLICATIONS, the replications key's limit) and -j N
 * (threads, 1..4,096): true with *out set, or false
 * after printing the usage error (the caller returns SPSIM_EXIT_USAGE). */
bool spsim_cli_replications_arg(const char *usage, const char *text, long long *out);
bool spsim_cli_threads_arg(const char *usage, const char *text, long long *out);
/* The one message for a count of replications out of range, for commands with their own usage
 * printing. */
void spsim_cli_replications_error(const char *text, char *buf, size_t len);
/* Before any work: SOURCE_DATE_EPOCH is well formed, and `path` can be written and is claimed
 * for this process (io/output.h). 0 with *lock held (spsim_output_release it once the file is in
 * place), or the exit status after printing why (SPSIM_EXIT_RUNTIME when the output cannot be
 * written or another process is writing it). */
int spsim_cli_claim_output(const char *path, spsim_output_lock *lock);
/* spsim_cli_claim_output of `given`, or, when it is NULL, of output/NAME.h5 (`suffix` before the
 * extension, e.g. "_sweep"; the folder made when missing); the path taken is left in path. */
int spsim_cli_claim_output_or_default(const char *given, const char *name, const char *suffix,
                                      char *path, size_t len, spsim_output_lock *lock);
/* --max-memory GB: a positive number of gigabytes (10^9 bytes), the memory a run may use instead
 * of the machine's; true with *gb set, or false after printing the usage error. */
bool spsim_cli_max_memory_arg(const char *usage, const char *text, double *gb);
/* Before any work (and before any file is made): estimates the run `shape` describes and, when
 * its peak memory exceeds `max_memory_gb` (or, when that is 0, the machine's available
 * memory), prints one line saying the estimate, the limit and the option that overrides it, and
 * returns SPSIM_EXIT_USAGE. 0 when the run fits, or when the machine's memory cannot be read.
 * *estimate (when not NULL) receives the estimate. */
int spsim_cli_guard_memory(const spsim_scenario *s, const spsim_run_shape *shape,
                           double max_memory_gb, spsim_run_estimate *estimate);
/* A finite number (the whole text), or false. */
bool spsim_cli_parse_number(const char *text, double *out);
/* v with thousands separators and `decimals` decimal places; "n/a" when not finite. */
void spsim_cli_format(double v, int decimals, char *buf, size_t len);

#endif
