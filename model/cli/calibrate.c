/* `spsim calibrate`: fit a scenario's marked keys to targets by ABC-SMC (docs/calibration.md),
 * print the fit, and write the fitted keys as a fragment. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "args.h"
#include "calibrate.h"
#include "economics/quantities.h"
#include "engine/calibrate.h"
#include "engine/ranks.h"
#include "io/calibration_out.h"
#include "io/output.h"
#include "scenario/scenario.h"

const char spsim_calibrate_usage[] =
    "usage: spsim calibrate SCENARIO TARGETS [-o FITTED.yaml] [-n PARTICLES] [-r REPLICATIONS]\n"
    "                       [-g GENERATIONS] [-j THREADS] [--seed N] [--quantile Q]\n"
    "                       [--tolerance-floor F] [--min-acceptance A] [--max-simulations N]\n"
    "                       [--particles-csv FILE] [--max-memory GB] [--quiet]\n"
    "\n"
    "Fits the keys SCENARIO marks for calibration ({calibrate: {min: .., max: ..}}, a uniform\n"
    "prior, or {dist: ..., calibrate: true}, that prior) to the targets in TARGETS (YAML, e.g.\n"
    "calibration/evidence.yaml) by approximate Bayesian computation with sequential Monte\n"
    "Carlo, and prints the fit per target and the posterior of each key (docs/calibration.md).\n"
    "\n"
    "  -o, --output FILE          write the fitted keys as a scenario fragment (include: [FILE])\n"
    "  -n, --particles N          particles per generation (default 200)\n"
    "  -r, --replications N       replications per simulation (default 4)\n"
    "  -g, --generations N        at most N generations, counting the prior's (default 10)\n"
    "  -j, --threads N            threads (default: all cores); the fit does not depend on it\n"
    "      --seed N               seed of the fit (default: the scenario's)\n"
    "      --quantile Q           next tolerance: this quantile of the last distances (0.5)\n"
    "      --tolerance-floor F    stop once the tolerance reaches F (default 1: the targets on\n"
    "                             average within one sd)\n"
    "      --min-acceptance A     stop when a generation accepts fewer than A of its\n"
    "                             proposals (default 0.02)\n"
    "      --max-simulations N    stop after the generation that reaches N simulations\n"
    "      --particles-csv FILE   write the last generation's particles as CSV\n"
    "      --max-memory GB        refuse when the simulations run at once (one a thread) are\n"
    "                             estimated to need more than GB gigabytes (default: the\n"
    "                             memory the machine has available)\n"
    "  -q, --quiet                no progress lines\n"
    "  -h, --help                 this help\n"
    "\n"
    "Simulated quantities a target may name (quantity:), with their units:\n";

static void print_calibrate_usage(FILE *out)
{
    fputs(spsim_calibrate_usage, out);
    for (int q = 0; q < spsim_n_quantities; q++)
        fprintf(out, "  %-30s %s%s: %s\n", spsim_quantity_table[q].name,
                spsim_quantity_table[q].unit, spsim_quantity_table[q].by_years ? " (by years)" : "",
                spsim_quantity_table[q].description);
}

static int calibrate_usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "spsim: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n\n");
    print_calibrate_usage(stderr);
    return SPSIM_EXIT_USAGE;
}

/* A number strictly between min and max (or equal to min when min_ok), or false. */
static bool parse_real(const char *text, double min, double max, bool min_ok, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || end == text || *end || !(v < max) || !(v > min || (min_ok && v == min)))
        return false;
    *out = v;
    return true;
}

typedef struct {
    const char *scenario, *targets, *output, *particles_csv;
    long long particles, replications, generations, threads, seed, max_simulations;
    double quantile, floor, min_acceptance;
    double max_memory_gb; /* --max-memory: 0, the machine's available memory */
    bool seed_given, quiet;
} calibrate_args;

static int calibrate_option(int c, const char *arg, calibrate_args *a)
{
    switch (c) {
    case 'o': a->output = arg; return 0;
    case 'p': a->particles_csv = arg; return 0;
    case 'q': a->quiet = true; return 0;
    case 'n':
        return spsim_cli_parse_count(arg, 2, 1000000, &a->particles)
                   ? 0
                   : calibrate_usage_error("-n needs a whole number from 2 to 1000000, got '%s'",
                                           arg);
    case 'r': {
        if (spsim_cli_parse_count(arg, 1, SPSIM_MAX_REPLICATIONS, &a->replications)) return 0;
        char message[256];
        spsim_cli_replications_error(arg, message, sizeof message);
        return calibrate_usage_error("%s", message);
    }
    case 'g':
        return spsim_cli_parse_count(arg, 1, SPSIM_ABC_MAX_GENERATIONS, &a->generations)
                   ? 0
                   : calibrate_usage_error("-g needs a whole number from 1 to 100, got '%s'", arg);
    case 'j':
        return spsim_cli_parse_count(arg, 1, 4096, &a->threads)
                   ? 0
                   : calibrate_usage_error("-j needs a whole number from 1 to 4096, got '%s'", arg);
    case 's':
        a->seed_given = true;
        return spsim_cli_parse_count(arg, 0, 9223372036854775807LL, &a->seed)
                   ? 0
                   : calibrate_usage_error("--seed needs a whole number >= 0, got '%s'", arg);
    case 'm':
        return spsim_cli_parse_count(arg, 0, 9223372036854775807LL, &a->max_simulations)
                   ? 0
                   : calibrate_usage_error("--max-simulations needs a whole number >= 0, got '%s'",
                                           arg);
    case 'Q':
        return parse_real(arg, 0.0, 1.0, false, &a->quantile)
                   ? 0
                   : calibrate_usage_error("--quantile needs a number between 0 and 1, got '%s'",
                                           arg);
    case 'F':
        return parse_real(arg, 0.0, 1e300, true, &a->floor)
                   ? 0
                   : calibrate_usage_error("--tolerance-floor needs a number >= 0, got '%s'", arg);
    case 'A':
        return parse_real(arg, 0.0, 1.0, false, &a->min_acceptance)
                   ? 0
                   : calibrate_usage_error(
                         "--min-acceptance needs a number between 0 and 1, got '%s'", arg);
    case 'M':
        return spsim_cli_parse_number(arg, &a->max_memory_gb) && a->max_memory_gb > 0.0
                   ? 0
                   : calibrate_usage_error(
                         "--max-memory needs a number of gigabytes above 0 (0.5: 500 MB), got "
                         "'%s'",
                         arg);
    default: return calibrate_usage_error("unknown option '%s'", arg);
    }
}

static int parse_calibrate_args(int argc, char **argv, calibrate_args *a)
{
    static const struct option options[] = {{"output", required_argument, 0, 'o'},
                                            {"particles", required_argument, 0, 'n'},
                                            {"replications", required_argument, 0, 'r'},
                                            {"generations", required_argument, 0, 'g'},
                                            {"threads", required_argument, 0, 'j'},
                                            {"seed", required_argument, 0, 's'},
                                            {"quantile", required_argument, 0, 'Q'},
                                            {"tolerance-floor", required_argument, 0, 'F'},
                                            {"min-acceptance", required_argument, 0, 'A'},
                                            {"max-simulations", required_argument, 0, 'm'},
                                            {"particles-csv", required_argument, 0, 'p'},
                                            {"max-memory", required_argument, 0, 'M'},
                                            {"quiet", no_argument, 0, 'q'},
                                            {"help", no_argument, 0, 'h'},
                                            {0, 0, 0, 0}};
    *a = (calibrate_args){.particles = SPSIM_CALIBRATE_DEFAULT_PARTICLES,
                          .replications = SPSIM_CALIBRATE_DEFAULT_REPLICATIONS,
                          .generations = SPSIM_CALIBRATE_DEFAULT_GENERATIONS,
                          .quantile = SPSIM_CALIBRATE_DEFAULT_QUANTILE,
                          .floor = SPSIM_CALIBRATE_DEFAULT_FLOOR,
                          .min_acceptance = SPSIM_CALIBRATE_DEFAULT_MIN_ACCEPTANCE};
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":o:n:r:g:j:qh", options, NULL)) != -1) {
        if (c == ':') return calibrate_usage_error("option '%s' needs a value", argv[optind - 1]);
        if (c == '?') {
            char hint[96], message[256];
            spsim_cli_option_hint(options, argv[optind - 1], hint, sizeof hint);
            snprintf(message, sizeof message, "unknown option '%s'%s", argv[optind - 1], hint);
            return calibrate_usage_error("%s", message);
        }
        int status = calibrate_option(c, optarg, a);
        if (status != 0) return status;
    }
    if (argc - optind != 2)
        return calibrate_usage_error("calibrate takes a scenario and a targets file%s", "");
    a->scenario = argv[optind];
    a->targets = argv[optind + 1];
    return 0;
}

static spsim_target_set *load_targets(const char *path, const spsim_scenario *s)
{
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, path);
    spsim_target_set *t = spsim_targets_load(path, &d);
    if (t && spsim_targets_check_scenario(t, s, &d) != 0) {
        spsim_targets_free(t);
        t = NULL;
    }
    spsim_diagnostics_print(&d, stderr);
    spsim_diagnostics_free(&d);
    return t;
}

static spsim_calibrate_options calibrate_options(const calibrate_args *a, const spsim_scenario *s)
{
    spsim_calibrate_options o = spsim_calibrate_defaults(s);
    o.particles = (int)a->particles;
    o.replications = (int)a->replications;
    o.max_generations = (int)a->generations;
    o.quantile = a->quantile;
    o.tolerance_floor = a->floor;
    o.min_acceptance = a->min_acceptance;
    o.max_simulations = a->max_simulations;
    o.threads = (int)a->threads;
    if (a->seed_given) o.seed = (unsigned long long)a->seed;
    o.progress = a->quiet ? NULL : stderr;
    return o;
}

static int write_calibration(const spsim_calibration *c, const spsim_scenario *s,
                             const calibrate_args *a)
{
    char err[1024];
    spsim_calibration_print(c, s, stdout);
    if (a->output && spsim_calibration_write_fragment(c, s, a->output, err, sizeof err) != 0)
        return fprintf(stderr, "spsim: %s\n", err), SPSIM_EXIT_RUNTIME;
    if (a->particles_csv &&
        spsim_calibration_write_particles(c, s, a->particles_csv, err, sizeof err) != 0)
        return fprintf(stderr, "spsim: %s\n", err), SPSIM_EXIT_RUNTIME;
    if (a->output && !a->quiet)
        fprintf(stderr, "spsim: wrote the fitted keys to %s (use it with include: [%s])\n",
                a->output, a->output);
    return 0;
}

int spsim_cmd_calibrate(int argc, char **argv)
{
    if (spsim_cli_wants_help(argc, argv)) return print_calibrate_usage(stdout), 0;
    calibrate_args a;
    int status = parse_calibrate_args(argc, argv, &a);
    if (status != 0) return status;
    /* Under mpirun every rank fits alike (engine/abc_smc.c shares the particles); rank 0 alone
     * reports and writes. */
    if (!spsim_rank_is_writer()) a.quiet = true, a.output = NULL, a.particles_csv = NULL;
    spsim_scenario *s = spsim_scenario_load_reporting(a.scenario, stderr);
    if (!s) return SPSIM_EXIT_INVALID;
    spsim_target_set *t = load_targets(a.targets, s);
    if (!t) {
        spsim_scenario_free(s);
        return SPSIM_EXIT_INVALID;
    }
    /* Each thread runs one simulation (every replication of a particle) at a time, held whole;
     * at most particles x generations of them. */
    spsim_run_shape shape = {.replications = (int)a.replications,
                             .threads = (int)a.threads,
                             .runs = (int)(a.particles * a.generations),
                             .run_per_thread = true};
    status = spsim_cli_guard_memory(s, &shape, a.max_memory_gb, NULL);
    /* Both outputs are checked and claimed before the calibration, which may run for hours. */
    spsim_output_lock fitted = {.fd = -1}, particles = {.fd = -1};
    if (status == 0 && a.output) status = spsim_cli_claim_output(a.output, &fitted);
    if (status == 0 && a.particles_csv)
        status = spsim_cli_claim_output(a.particles_csv, &particles);
    spsim_calibration *c = NULL;
    if (status == 0) {
        spsim_calibrate_options o = calibrate_options(&a, s);
        char err[1024];
        c = spsim_calibrate(s, t, &o, err, sizeof err);
        if (!c) {
            fprintf(stderr, "spsim: %s\n", err);
            status = SPSIM_EXIT_INVALID;
        } else {
            status = write_calibration(c, s, &a);
        }
    }
    spsim_output_release(&particles);
    spsim_output_release(&fitted);
    spsim_calibration_free(c);
    spsim_targets_free(t);
    spsim_scenario_free(s);
    return status;
}
