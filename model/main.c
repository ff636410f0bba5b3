/* The spsim command line: parse arguments and call one function per command.
 *
 * Exit status: 0 success, 1 invalid input (scenario or file), 2 usage error, 3 run-time failure
 * (e.g. the output cannot be written). Everything meant for people goes to stderr except the
 * results a command was asked for. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "economics/quantities.h"
#include "engine/calibrate.h"
#include "engine/precision.h"
#include "engine/runner.h"
#include "engine/tornado.h"
#include "io/calibration_out.h"
#include "io/h5write.h"
#include "summary/export_csv.h"
#include "summary/summary.h"
#include "summary/summary_tornado.h"
#include "scenario/scenario.h"

enum {
    EXIT_INVALID = 1,
    EXIT_USAGE = 2,
    EXIT_RUNTIME = 3
};

static const char *const default_scenario = "scenarios/somerset.yaml";

static const char usage_main[] =
    "usage: spsim COMMAND [OPTIONS]\n"
    "\n"
    "Stochastic microsimulation of social prescribing: link workers, queues and costs.\n"
    "\n"
    "commands:\n"
    "  run [SCENARIO]      simulate a scenario and write an HDF5 results file\n"
    "  validate SCENARIO   check a scenario; prints ok or every problem found\n"
    "  summary FILE.h5     print the headline table of a results file\n"
    "  export FILE.h5 --csv DIR   write a results file as CSV tables\n"
    "  calibrate SCENARIO TARGETS   fit the scenario's marked keys to targets (ABC-SMC)\n"
    "  reference           print the scenario format reference (Markdown)\n"
    "\n"
    "  spsim COMMAND --help   help on one command\n"
    "  spsim --version        the program version\n";

static const char usage_run[] =
    "usage: spsim run [SCENARIO] [-o OUT.h5] [-r REPLICATIONS] [-j THREADS] [--seed N]\n"
    "                 [--arms a,b] [--precision P [--max-replications N] | --tornado]\n"
    "                 [--quiet]\n"
    "\n"
    "Simulates every arm of SCENARIO (default: scenarios/somerset.yaml) over its replications\n"
    "and writes the results to OUT.h5 (default: output/NAME.h5, NAME from the scenario).\n"
    "\n"
    "  -o, --output FILE        results file (written whole or not at all)\n"
    "  -r, --replications N     replications (default: the scenario's)\n"
    "  -j, --threads N          threads (default: all cores); results do not depend on it\n"
    "      --seed N             random seed (default: the scenario's)\n"
    "      --arms a,b           simulate only these arms, in this order\n"
    "      --precision P        add replications until the 95 % confidence interval of every\n"
    "                           headline's mean is within P x the mean (0 < P <= 1; 0.05:\n"
    "                           5 %), or within a floor for figures near zero; -r is then the\n"
    "                           pilot (default 10) and the file is the run of the count reached\n"
    "      --max-replications N the most replications --precision may run (default 1000)\n"
    "      --tornado            one-way sensitivity: each value written as a distribution at\n"
    "                           its 2.5 % and 97.5 % quantiles, every other at its mean, same\n"
    "                           seed and replications; prints the incremental net monetary\n"
    "                           benefit of each arm against the last arm, largest swing first,\n"
    "                           and writes it to /psa/tornado beside the base run (all means)\n"
    "  -q, --quiet              print nothing but errors\n"
    "  -h, --help               this help\n";

static const char usage_validate[] =
    "usage: spsim validate SCENARIO\n"
    "\n"
    "Checks SCENARIO against the scenario format and prints ok, or every error and warning as\n"
    "FILE:LINE:COLUMN: error: what is wrong (what is allowed). Exit status 1 when there is an\n"
    "error.\n";

static const char usage_summary[] =
    "usage: spsim summary FILE.h5\n"
    "\n"
    "Prints the headline table of a results file written by spsim run: per arm, the mean and\n"
    "the 90 % interval over replications of referrals, take-up, waits, caseload, completions,\n"
    "drop-outs and cost; then each pair of arms compared; then the decision between arms at the\n"
    "scenario's willingness to pay (acceptability, EVPI and, when present, the largest EVPPI).\n";

static const char usage_calibrate[] =
    "usage: spsim calibrate SCENARIO TARGETS [-o FITTED.yaml] [-n PARTICLES] [-r REPLICATIONS]\n"
    "                       [-g GENERATIONS] [-j THREADS] [--seed N] [--quantile Q]\n"
    "                       [--tolerance-floor F] [--min-acceptance A] [--max-simulations N]\n"
    "                       [--particles-csv FILE] [--quiet]\n"
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
    "  -q, --quiet                no progress lines\n"
    "  -h, --help                 this help\n"
    "\n"
    "Simulated quantities a target may name (quantity:), with their units:\n";

static const char usage_reference[] =
    "usage: spsim reference\n"
    "\n"
    "Prints the key-by-key reference of the scenario format (docs/scenarios.md is made from it).\n";

static int usage_error(const char *usage, const char *fmt, const char *arg)
{
    fprintf(stderr, "spsim: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n\n%s", usage);
    return EXIT_USAGE;
}

static bool wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) return true;
    return false;
}

/* A whole number within [min, max], or false. */
static bool parse_count(const char *text, long long min, long long max, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (errno || end == text || *end || v < min || v > max) return false;
    *out = v;
    return true;
}

static spsim_scenario *load_scenario(const char *path)
{
    return spsim_scenario_load_reporting(path, stderr);
}

static int cmd_validate(int argc, char **argv)
{
    if (wants_help(argc, argv)) return printf("%s", usage_validate), 0;
    if (argc != 2) return usage_error(usage_validate, "validate takes one scenario file%s", "");
    spsim_scenario *s = load_scenario(argv[1]);
    if (!s) return EXIT_INVALID;
    spsim_scenario_free(s);
    printf("ok\n");
    return 0;
}

static int cmd_summary(int argc, char **argv)
{
    if (wants_help(argc, argv)) return printf("%s", usage_summary), 0;
    if (argc != 2) return usage_error(usage_summary, "summary takes one results file%s", "");
    char err[1024];
    if (spsim_summary_print(argv[1], stdout, err, sizeof err) != 0) {
        fprintf(stderr, "spsim: %s\n", err);
        return EXIT_INVALID;
    }
    return 0;
}

static int cmd_reference(int argc, char **argv)
{
    if (wants_help(argc, argv)) return printf("%s", usage_reference), 0;
    if (argc != 1) return usage_error(usage_reference, "reference takes no arguments%s", "");
    spsim_registry_write_markdown(stdout);
    return 0;
}

typedef struct {
    const char *scenario, *output, *arms;
    long long replications, threads, seed, max_replications;
    double precision; /* 0: a fixed number of replications */
    bool seed_given, quiet, tornado;
} run_args;

/* A number in (0, 1], or false: a share of each headline's mean. */
static bool parse_share(const char *text, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || end == text || *end || !(v > 0.0 && v <= 1.0)) return false;
    *out = v;
    return true;
}

/* --precision's own checks, once every option is read: -r is the pilot and needs two
 * replications for an sd, and the cap must leave room for it. */
static int check_precision_args(run_args *a)
{
    if (a->precision && a->tornado)
        return usage_error(usage_run, "--tornado and --precision cannot be combined%s", "");
    if (!a->precision) {
        if (a->max_replications)
            return usage_error(usage_run, "--max-replications needs --precision%s", "");
        return 0;
    }
    if (!a->max_replications) a->max_replications = SPSIM_PRECISION_MAX_REPLICATIONS;
    if (!a->replications)
        a->replications = a->max_replications < SPSIM_PRECISION_PILOT ? a->max_replications
                                                                      : SPSIM_PRECISION_PILOT;
    if (a->replications < 2)
        return usage_error(usage_run,
                           "--precision needs a pilot of at least 2 replications (-r and "
                           "--max-replications)%s",
                           "");
    if (a->replications > a->max_replications) {
        char text[64];
        snprintf(text, sizeof text, "%lld", a->replications);
        return usage_error(
            usage_run, "-r %s (the pilot of --precision) is more than --max-replications", text);
    }
    return 0;
}

static int parse_run_args(int argc, char **argv, run_args *a)
{
    static const struct option options[] = {{"output", required_argument, 0, 'o'},
                                            {"replications", required_argument, 0, 'r'},
                                            {"threads", required_argument, 0, 'j'},
                                            {"seed", required_argument, 0, 's'},
                                            {"arms", required_argument, 0, 'a'},
                                            {"quiet", no_argument, 0, 'q'},
                                            {"precision", required_argument, 0, 'p'},
                                            {"max-replications", required_argument, 0, 'm'},
                                            {"tornado", no_argument, 0, 't'},
                                            {"help", no_argument, 0, 'h'},
                                            {0, 0, 0, 0}};
    *a = (run_args){.scenario = default_scenario};
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":o:r:j:qh", options, NULL)) != -1) {
        switch (c) {
        case 'o': a->output = optarg; break;
        case 'a': a->arms = optarg; break;
        case 'q': a->quiet = true; break;
        case 't': a->tornado = true; break;
        case 'r':
            if (!parse_count(optarg, 1, 1000000, &a->replications))
                return usage_error(usage_run, "-r needs a whole number from 1 to 1000000, got '%s'",
                                   optarg);
            break;
        case 'j':
            if (!parse_count(optarg, 1, 4096, &a->threads))
                return usage_error(usage_run, "-j needs a whole number from 1 to 4096, got '%s'",
                                   optarg);
            break;
        case 's':
            if (!parse_count(optarg, 0, 9223372036854775807LL, &a->seed))
                return usage_error(usage_run, "--seed needs a whole number >= 0, got '%s'", optarg);
            a->seed_given = true;
            break;
        case 'p':
            if (!parse_share(optarg, &a->precision))
                return usage_error(usage_run,
                                   "--precision needs a number above 0 and at most 1 (a share of "
                                   "each headline's mean: 0.05 is 5 %%), got '%s'",
                                   optarg);
            break;
        case 'm':
            if (!parse_count(optarg, 2, 1000000, &a->max_replications))
                return usage_error(usage_run,
                                   "--max-replications needs a whole number from 2 to 1000000, "
                                   "got '%s'",
                                   optarg);
            break;
        case ':': return usage_error(usage_run, "option '%s' needs a value", argv[optind - 1]);
        default: return usage_error(usage_run, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc) a->scenario = argv[optind++];
    if (optind < argc) return usage_error(usage_run, "unexpected argument '%s'", argv[optind]);
    return check_precision_args(a);
}

/* output/NAME.h5, creating output/ if needed. */
static int default_output(const spsim_scenario *s, char *path, size_t len)
{
    if (mkdir("output", 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "spsim: cannot create the output directory 'output': %s\n",
                strerror(errno));
        return -1;
    }
    snprintf(path, len, "output/%s.h5", s->name);
    return 0;
}

static double expected_megabytes(const spsim_scenario *s, int replications)
{
    double cells = (double)s->n_arms * replications * s->n_weeks * s->arms[0].n_localities;
    double bytes_per_cell = 0.0;
    for (int i = 0; i < SPSIM_N_SERIES; i++)
        bytes_per_cell += spsim_series_table[i].is_count ? 4 : 8;
    bytes_per_cell += 4.0 * SPSIM_N_SOURCES;
    return cells * bytes_per_cell / 1e6;
}

static void report_speed(const spsim_run *run)
{
    double pathways = 0.0, events = 0.0;
    for (int a = 0; a < run->n_arms; a++)
        for (int r = 0; r < run->n_replications; r++) {
            pathways += run->results[a][r].totals[SPSIM_TOTAL_PATHWAYS];
            events += run->results[a][r].totals[SPSIM_TOTAL_EVENTS];
        }
    fprintf(stderr,
            "spsim: simulated %.0f referral pathways and %.0f events in %.2f s "
            "(%.2f s of CPU time; %.0f pathways/s, %.0f events/s)\n",
            pathways, events, run->wall_seconds, run->cpu_seconds, pathways / run->wall_seconds,
            events / run->wall_seconds);
}

/* Memory of the engine against the people it holds, for the replication whose engine state
 * grew largest (bench/run.sh: memory per person in the system). */
static void report_memory(const spsim_run *run)
{
    const spsim_arm_results *largest = &run->results[0][0];
    for (int a = 0; a < run->n_arms; a++)
        for (int r = 0; r < run->n_replications; r++)
            if (run->results[a][r].engine_peak_bytes > largest->engine_peak_bytes)
                largest = &run->results[a][r];
    double people = (double)largest->engine_peak_people;
    fprintf(stderr,
            "spsim: engine state at its largest: %zu bytes for %.0f people in the system at once "
            "(%.0f bytes per person)\n",
            largest->engine_peak_bytes, people,
            people > 0 ? (double)largest->engine_peak_bytes / people : 0.0);
}

/* The variates drawn, by kind, as name=count (a build with SPSIM_COUNT_VARIATES only; the
 * input of bench/variates.c). */
static void report_variates(const spsim_run *run)
{
#ifdef SPSIM_COUNT_VARIATES
    fprintf(stderr, "spsim: variates drawn:");
    for (int k = 0; k < SPSIM_N_VARIATE_KINDS; k++)
        fprintf(stderr, " %s=%llu", spsim_variate_name[k], run->variates_drawn[k]);
    fputc('\n', stderr);
#else
    (void)run;
#endif
}

/* What --precision reached, on stderr: the count, and the headline that needed the most; said
 * even with --quiet when the cap stopped it short. */
static void report_precision(const spsim_scenario *s, const spsim_run *run, bool quiet)
{
    const spsim_run_precision *p = &run->precision;
    if (p->met && quiet) return;
    if (p->met)
        fprintf(stderr,
                "spsim: precision %g reached with %d replications (%d round(s), %d run); the "
                "headline that needed the most: ",
                p->asked, run->n_replications, p->rounds, p->replications_run);
    else
        fprintf(stderr,
                "spsim: warning: precision %g NOT reached: --max-replications %d stopped the run "
                "and the file holds %d replications; still too wide: ",
                p->asked, p->max_replications, run->n_replications);
    spsim_precision_print_headline(stderr, s, p->widest_arm, p->widest_headline,
                                   p->widest_half_width, p->widest_target, p->widest_mean);
    fputc('\n', stderr);
}

/* The tornado's base run (every key at its mean), carrying the tornado for the writer. */
static spsim_run *run_tornado(const spsim_scenario *s, const spsim_run_options *opt, bool quiet,
                              spsim_tornado **tornado, char *err, size_t errlen)
{
    spsim_run *run = NULL;
    *tornado = spsim_tornado_run(s, opt, quiet ? NULL : stderr, &run, err, errlen);
    if (run) run->tornado = *tornado;
    return run;
}

/* The run asked for: a fixed count, to a precision, or the tornado (*tornado set). */
static spsim_run *simulate(const spsim_scenario *s, const run_args *a, const char *output,
                           spsim_tornado **tornado, char *err, size_t errlen)
{
    spsim_run_options opt = {.threads = (int)a->threads,
                             .replications = (int)a->replications,
                             .progress = !a->quiet && isatty(fileno(stderr))};
    int replications = opt.replications ? opt.replications : s->replications;
    if (!a->quiet && a->tornado)
        fprintf(stderr,
                "spsim: %s: tornado of %d uncertain key(s): %d runs of %d arm(s) x %d "
                "replication(s) x %d weeks; writing %s (the base run, about %.0f MB before "
                "compression)\n",
                s->name, s->n_uncertain, 2 * s->n_uncertain + 1, s->n_arms, replications,
                s->n_weeks, output, expected_megabytes(s, replications));
    else if (!a->quiet && a->precision)
        fprintf(stderr,
                "spsim: %s: %d arm(s) x %d to %lld replication(s) (until precision %g) x %d "
                "weeks; writing %s (about %.0f MB before compression for each %d replications)\n",
                s->name, s->n_arms, replications, a->max_replications, a->precision, s->n_weeks,
                output, expected_megabytes(s, replications), replications);
    else if (!a->quiet)
        fprintf(stderr,
                "spsim: %s: %d arm(s) x %d replication(s) x %d weeks; writing %s "
                "(about %.0f MB before compression)\n",
                s->name, s->n_arms, replications, s->n_weeks, output,
                expected_megabytes(s, replications));
    if (a->tornado) return run_tornado(s, &opt, a->quiet, tornado, err, errlen);
    if (!a->precision) return spsim_run_scenario(s, &opt, err, errlen);
    spsim_precision_options p = {.precision = a->precision,
                                 .pilot = replications,
                                 .max_replications = (int)a->max_replications,
                                 .progress = a->quiet ? NULL : stderr};
    spsim_run *run = spsim_run_to_precision(s, &opt, &p, err, errlen);
    if (run) report_precision(s, run, a->quiet);
    return run;
}

static int execute_run(spsim_scenario *s, const run_args *a)
{
    char output[1200], err[1024];
    if (a->output)
        snprintf(output, sizeof output, "%s", a->output);
    else if (default_output(s, output, sizeof output) != 0)
        return EXIT_RUNTIME;
    spsim_tornado *tornado = NULL;
    if (a->tornado && spsim_tornado_check(s, err, sizeof err) != 0)
        return fprintf(stderr, "spsim: %s\n", err), EXIT_INVALID;
    spsim_run *run = simulate(s, a, output, &tornado, err, sizeof err);
    if (!run) return fprintf(stderr, "spsim: %s\n", err), EXIT_RUNTIME;
    if (!a->quiet) {
        report_speed(run);
        report_memory(run);
        report_variates(run);
    }
    int status = spsim_h5_write(output, s, run, err, sizeof err);
    spsim_run_free(run);
    if (status == 0 && !a->quiet) status = spsim_summary_print(output, stdout, err, sizeof err);
    if (status == 0 && !a->quiet && tornado) spsim_tornado_print(stdout, s, tornado);
    spsim_tornado_free(tornado);
    if (status != 0) return fprintf(stderr, "spsim: %s\n", err), EXIT_RUNTIME;
    return 0;
}

static int cmd_run(int argc, char **argv)
{
    if (wants_help(argc, argv)) return printf("%s", usage_run), 0;
    run_args a;
    int status = parse_run_args(argc, argv, &a);
    if (status != 0) return status;
    spsim_scenario *s = load_scenario(a.scenario);
    if (!s) return EXIT_INVALID;
    char err[1024];
    if (a.arms && spsim_scenario_select_arms(s, a.arms, err, sizeof err) != 0) {
        fprintf(stderr, "spsim: %s\n", err);
        spsim_scenario_free(s);
        return EXIT_USAGE;
    }
    if (a.seed_given) s->seed = (unsigned long long)a.seed;
    status = execute_run(s, &a);
    spsim_scenario_free(s);
    return status;
}

/* ---- calibrate ---- */

static void print_calibrate_usage(FILE *out)
{
    fputs(usage_calibrate, out);
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
    return EXIT_USAGE;
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
    bool seed_given, quiet;
} calibrate_args;

static int calibrate_option(int c, const char *arg, calibrate_args *a)
{
    switch (c) {
    case 'o': a->output = arg; return 0;
    case 'p': a->particles_csv = arg; return 0;
    case 'q': a->quiet = true; return 0;
    case 'n':
        return parse_count(arg, 2, 1000000, &a->particles)
                   ? 0
                   : calibrate_usage_error("-n needs a whole number from 2 to 1000000, got '%s'",
                                           arg);
    case 'r':
        return parse_count(arg, 1, 100000, &a->replications)
                   ? 0
                   : calibrate_usage_error("-r needs a whole number from 1 to 100000, got '%s'",
                                           arg);
    case 'g':
        return parse_count(arg, 1, SPSIM_ABC_MAX_GENERATIONS, &a->generations)
                   ? 0
                   : calibrate_usage_error("-g needs a whole number from 1 to 100, got '%s'", arg);
    case 'j':
        return parse_count(arg, 1, 4096, &a->threads)
                   ? 0
                   : calibrate_usage_error("-j needs a whole number from 1 to 4096, got '%s'", arg);
    case 's':
        a->seed_given = true;
        return parse_count(arg, 0, 9223372036854775807LL, &a->seed)
                   ? 0
                   : calibrate_usage_error("--seed needs a whole number >= 0, got '%s'", arg);
    case 'm':
        return parse_count(arg, 0, 9223372036854775807LL, &a->max_simulations)
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
        int status = calibrate_option(c, c == '?' ? argv[optind - 1] : optarg, a);
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
        return fprintf(stderr, "spsim: %s\n", err), EXIT_RUNTIME;
    if (a->particles_csv &&
        spsim_calibration_write_particles(c, s, a->particles_csv, err, sizeof err) != 0)
        return fprintf(stderr, "spsim: %s\n", err), EXIT_RUNTIME;
    if (a->output && !a->quiet)
        fprintf(stderr, "spsim: wrote the fitted keys to %s (use it with include: [%s])\n",
                a->output, a->output);
    return 0;
}

static int cmd_calibrate(int argc, char **argv)
{
    if (wants_help(argc, argv)) return print_calibrate_usage(stdout), 0;
    calibrate_args a;
    int status = parse_calibrate_args(argc, argv, &a);
    if (status != 0) return status;
    spsim_scenario *s = load_scenario(a.scenario);
    if (!s) return EXIT_INVALID;
    spsim_target_set *t = load_targets(a.targets, s);
    if (!t) {
        spsim_scenario_free(s);
        return EXIT_INVALID;
    }
    spsim_calibrate_options o = calibrate_options(&a, s);
    char err[1024];
    spsim_calibration *c = spsim_calibrate(s, t, &o, err, sizeof err);
    if (!c) {
        fprintf(stderr, "spsim: %s\n", err);
        status = EXIT_INVALID;
    } else {
        status = write_calibration(c, s, &a);
    }
    spsim_calibration_free(c);
    spsim_targets_free(t);
    spsim_scenario_free(s);
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 2) return usage_error(usage_main, "no command given%s", "");
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--version")) return printf("spsim %s\n", SPSIM_VERSION), 0;
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help"))
        return printf("%s", usage_main), 0;
    if (!strcmp(cmd, "run")) return cmd_run(argc - 1, argv + 1);
    if (!strcmp(cmd, "validate")) return cmd_validate(argc - 1, argv + 1);
    if (!strcmp(cmd, "summary")) return cmd_summary(argc - 1, argv + 1);
    if (!strcmp(cmd, "export")) return spsim_export_command(argc - 1, argv + 1);
    if (!strcmp(cmd, "reference")) return cmd_reference(argc - 1, argv + 1);
    if (!strcmp(cmd, "calibrate")) return cmd_calibrate(argc - 1, argv + 1);
    return usage_error(usage_main, "unknown command '%s'", cmd);
}
