#include "args.h"

#include "scenario/params.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "scenario/suggest.h"

int spsim_cli_usage_error(const char *usage, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "spsim: ");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n\n%s", usage);
    return SPSIM_EXIT_USAGE;
}

bool spsim_cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) return true;
    return false;
}

void spsim_cli_option_hint(const struct option *options, const char *arg, char *buf, size_t len)
{
    enum {
        MAX_OPTIONS = 64
    };
    const char *names[MAX_OPTIONS];
    char dashed[MAX_OPTIONS][40], word[64];
    int n = 0;
    for (; options[n].name && n < MAX_OPTIONS; n++) {
        snprintf(dashed[n], sizeof dashed[n], "--%s", options[n].name);
        names[n] = dashed[n];
    }
    /* "--name=value": only the name can be misspelt */
    snprintf(word, sizeof word, "%.*s", (int)strcspn(arg, "="), arg);
    buf[0] = '\0';
    if (strncmp(word, "--", 2) == 0) spsim_suggest_text(word, names, n, buf, len);
}

int spsim_cli_unknown_option(const char *usage, const struct option *options, const char *arg)
{
    char hint[96];
    spsim_cli_option_hint(options, arg, hint, sizeof hint);
    return spsim_cli_usage_error(usage, "unknown option '%s'%s", arg, hint);
}

int spsim_cli_choice_arg(const char *usage, const char *option, const char *word,
                         const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(word, names[i]) == 0) return i;
    char allowed[512] = "", hint[96];
    size_t used = 0;
    for (int i = 0; i < n && used < sizeof allowed; i++)
        used += (size_t)snprintf(allowed + used, sizeof allowed - used, "%s%s",
                                 i == 0       ? ""
                                 : i == n - 1 ? " or "
                                              : ", ",
                                 names[i]);
    spsim_suggest_text(word, names, n, hint, sizeof hint);
    spsim_cli_usage_error(usage, "%s needs %s%s, got '%s'%s", option, n > 2 ? "one of " : "",
                          allowed, word, hint);
    return -1;
}

bool spsim_cli_parse_count(const char *text, long long min, long long max, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (errno || end == text || *end || v < min || v > max) return false;
    *out = v;
    return true;
}

bool spsim_cli_parse_number(const char *text, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || end == text || *end || !isfinite(v)) return false;
    *out = v;
    return true;
}

void spsim_cli_format(double v, int decimals, char *buf, size_t len)
{
    if (!isfinite(v)) {
        snprintf(buf, len, "n/a");
        return;
    }
    char digits[64];
    snprintf(digits, sizeof digits, "%.*f", decimals, fabs(v));
    const char *point = strchr(digits, '.');
    int whole = point ? (int)(point - digits) : (int)strlen(digits);
    size_t o = 0;
    bool negative = v < 0 && strspn(digits, "0.") != strlen(digits); /* no "-0" */
    if (negative && o + 1 < len) buf[o++] = '-';
    for (int i = 0; i < whole && o + 1 < len; i++) {
        if (i > 0 && (whole - i) % 3 == 0 && o + 1 < len) buf[o++] = ',';
        buf[o++] = digits[i];
    }
    for (const char *p = point; p && *p && o + 1 < len; p++) buf[o++] = *p;
    buf[o] = '\0';
}

void spsim_cli_replications_error(const char *text, char *buf, size_t len)
{
    snprintf(buf, len,
             "-r needs a whole number from 1 to %d (as the replications key), got '%.64s'",
             SPSIM_MAX_REPLICATIONS, text);
}

bool spsim_cli_replications_arg(const char *usage, const char *text, long long *out)
{
    if (spsim_cli_parse_count(text, 1, SPSIM_MAX_REPLICATIONS, out)) return true;
    char message[256];
    spsim_cli_replications_error(text, message, sizeof message);
    spsim_cli_usage_error(usage, "%s", message);
    return false;
}

bool spsim_cli_threads_arg(const char *usage, const char *text, long long *out)
{
    if (spsim_cli_parse_count(text, 1, 4096, out)) return true;
    spsim_cli_usage_error(usage, "-j needs a whole number from 1 to 4096, got '%s'", text);
    return false;
}

int spsim_cli_claim_output(const char *path, spsim_output_lock *lock)
{
    char err[1400];
    lock->fd = -1;
    if (spsim_output_check_created(err, sizeof err) != 0)
        return fprintf(stderr, "spsim: %s\n", err), SPSIM_EXIT_USAGE;
    if (spsim_output_claim(path, lock, err, sizeof err) != 0)
        return fprintf(stderr, "spsim: %s\n", err), SPSIM_EXIT_RUNTIME;
    return 0;
}

int spsim_cli_claim_output_or_default(const char *given, const char *name, const char *suffix,
                                      char *path, size_t len, spsim_output_lock *lock)
{
    lock->fd = -1;
    if (given) {
        snprintf(path, len, "%s", given);
    } else {
        if (mkdir("output", 0777) != 0 && errno != EEXIST)
            return fprintf(stderr, "spsim: cannot create the output directory 'output': %s\n",
                           strerror(errno)),
                   SPSIM_EXIT_RUNTIME;
        snprintf(path, len, "output/%s%s.h5", name, suffix);
    }
    return spsim_cli_claim_output(path, lock);
}

bool spsim_cli_max_memory_arg(const char *usage, const char *text, double *gb)
{
    if (spsim_cli_parse_number(text, gb) && *gb > 0.0) return true;
    spsim_cli_usage_error(
        usage, "--max-memory needs a number of gigabytes above 0 (0.5: 500 MB), got '%s'", text);
    return false;
}

int spsim_cli_guard_memory(const spsim_scenario *s, const spsim_run_shape *shape,
                           double max_memory_gb, spsim_run_estimate *estimate)
{
    spsim_run_estimate e;
    spsim_estimate_run(s, shape, &e);
    if (estimate) *estimate = e;
    const char *source = "--max-memory";
    double limit =
        max_memory_gb > 0.0
            ? max_memory_gb * 1e9
            : spsim_memory_available("/proc/meminfo", "/sys/fs/cgroup/memory.max", &source);
    if (limit < 0.0 || e.peak_bytes <= limit) return 0;
    char need[32], have[32], limit_text[160];
    spsim_format_bytes(e.peak_bytes, need, sizeof need);
    spsim_format_bytes(limit, have, sizeof have);
    if (max_memory_gb > 0.0)
        snprintf(limit_text, sizeof limit_text, "--max-memory allows %s", have);
    else
        snprintf(limit_text, sizeof limit_text, "the machine has %s available (%s)", have, source);
    fprintf(stderr,
            "spsim: refused: the run needs about %s of memory (estimated from the scenario) but "
            "%s; --max-memory GB sets another limit\n",
            need, limit_text);
    return SPSIM_EXIT_USAGE;
}
