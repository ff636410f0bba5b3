/* `spsim run`: simulate a scenario (a fixed count of replications, as many as a precision needs,
 * or the one-way sensitivity of its distributions) and write the results file. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "interrupt.h"
#include "run.h"
#include "run_stream.h"
#include "run_tornado.h"
#include "engine/precision.h"
#include "engine/ranks.h"
#include "engine/runner.h"
#include "scenario/scenario.h"

static const char *const default_scenario = "scenarios/somerset.yaml";

const char spsim_run_usage[] =
    "usage: spsim run [SCENARIO] [-o OUT.h5] [-r REPLICATIONS] [-j THREADS] [--seed N]\n"
    "                 [--arms a,b] [--precision P [--max-replications N] | --tornado]\n"
    "                 [--keep all|summaries|sample:N] [--resume] [--events N] [--full]\n"
    "                 [--max-memory GB] [--quiet]\n"
    "\n"
    "Simulates every arm of SCENARIO (default: scenarios/somerset.yaml) over its replications\n"
    "and writes the results to OUT.h5 (default: output/NAME.h5, NAME from the scenario).\n"
    "\n"
    "  -o, --output FILE        results file (written whole or not at all; an interrupted\n"
    "                           run leaves a complete file marked partial)\n"
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
    "      --keep WHAT          what the file keeps of each replication: all (every weekly\n"
    "                           series, the default), summaries (the summaries across\n"
    "                           replications, totals and money only) or sample:N (the first\n"
    "                           N replications' weekly series, everyone's totals)\n"
    "      --resume             continue the partial file OUT.h5 that an interrupted run left\n"
    "                           (same scenario, seed and arms, and for a run to a precision\n"
    "                           the same --precision, -r and --max-replications; the result\n"
    "                           is the file an uninterrupted run writes); with --tornado,\n"
    "                           an interrupted tornado's: its base run is finished and only\n"
    "                           the variants it lacks are run\n"
    "      --events N           keep the pathway of N people per arm and replication (an\n"
    "                           even sample of the referrals) in /arms/ARM/events\n"
    "      --full               print every table instead of the verdict (as spsim summary)\n"
    "      --max-memory GB      refuse the run when its estimated peak memory exceeds GB\n"
    "                           gigabytes (default: the memory the machine has available,\n"
    "                           MemAvailable or the cgroup's memory.max, whichever is less)\n"
    "  -q, --quiet              print nothing but errors\n"
    "  -h, --help               this help\n";

typedef struct {
    const char *scenario, *output, *arms;
    long long replications, threads, seed, max_replications;
    long long events;     /* --events: people kept per arm and replication, 0: none */
    double precision;     /* 0: a fixed number of replications */
    double max_memory_gb; /* --max-memory: 0, the machine's available memory */
    bool seed_given, quiet, tornado, full, keep_given, resume;
    spsim_keep keep;
    int argc; /* the command line, to print the one that resumes an interrupted run */
    char **argv;
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
    /* The other ranks would need the partial file's headlines (a precision's) or the base run
     * (a tornado's) too (docs/reliability.md). */
    if (a->resume && (a->precision || a->tornado) && spsim_ranks() > 1)
        return spsim_cli_usage_error(spsim_run_usage,
                                     "--resume of a %s runs as one process: resume it without "
                                     "mpirun",
                                     a->tornado ? "--tornado" : "run to a precision");
    if (a->precision && a->tornado)
        return spsim_cli_usage_error(spsim_run_usage,
                                     "--tornado and --precision cannot be combined%s", "");
    /* A partial file keeps no event log of the replications it holds (docs/reliability.md). */
    if (a->resume && a->events)
        return spsim_cli_usage_error(spsim_run_usage,
                                     "--resume cannot keep an event log (--events)%s", "");
    if (!a->precision) {
        if (a->max_replications)
            return spsim_cli_usage_error(spsim_run_usage, "--max-replications needs --precision%s",
                                         "");
        return 0;
    }
    if (!a->max_replications) a->max_replications = SPSIM_PRECISION_MAX_REPLICATIONS;
    if (!a->replications)
        a->replications = a->max_replications < SPSIM_PRECISION_PILOT ? a->max_replications
                                                                      : SPSIM_PRECISION_PILOT;
    if (a->replications < 2)
        return spsim_cli_usage_error(spsim_run_usage,
                                     "--precision needs a pilot of at least 2 replications (-r and "
                                     "--max-replications)%s",
                                     "");
    if (a->replications > a->max_replications) {
        char text[64];
        snprintf(text, sizeof text, "%lld", a->replications);
        return spsim_cli_usage_error(
            spsim_run_usage, "-r %s (the pilot of --precision) is more than --max-replications",
            text);
    }
    return 0;
}

/* --keep all|summaries|sample:N: 0, or -1 after the usage error (a did-you-mean for a misspelt
 * choice, the range of N for a sample that is not a count). */
static int keep_arg(const char *text, spsim_keep *keep)
{
    if (spsim_keep_parse(text, keep) == 0) return 0;
    if (strncmp(text, "sample:", 7) == 0) {
        spsim_cli_usage_error(spsim_run_usage,
                              "--keep sample:N needs N a whole number of replications from 1 to "
                              "1000000, got '%s'",
                              text);
        return -1;
    }
    static const char *const choices[] = {"all", "summaries", "sample:N"};
    spsim_cli_choice_arg(spsim_run_usage, "--keep", text, choices, 3);
    return -1;
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
                                            {"full", no_argument, 0, 'F'},
                                            {"keep", required_argument, 0, 'k'},
                                            {"resume", no_argument, 0, 'R'},
                                            {"events", required_argument, 0, 'e'},
                                            {"max-memory", required_argument, 0, 'M'},
                                            {"help", no_argument, 0, 'h'},
                                            {0, 0, 0, 0}};
    *a = (run_args){.scenario = default_scenario, .argc = argc, .argv = argv};
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":o:r:j:qh", options, NULL)) != -1) {
        switch (c) {
        case 'o': a->output = optarg; break;
        case 'a': a->arms = optarg; break;
        case 'q': a->quiet = true; break;
        case 't': a->tornado = true; break;
        case 'F': a->full = true; break;
        case 'R': a->resume = true; break;
        case 'k':
            if (keep_arg(optarg, &a->keep) != 0) return SPSIM_EXIT_USAGE;
            a->keep_given = true;
            break;
        case 'r':
            if (!spsim_cli_replications_arg(spsim_run_usage, optarg, &a->replications))
                return SPSIM_EXIT_USAGE;
            break;
        case 'j':
            if (!spsim_cli_threads_arg(spsim_run_usage, optarg, &a->threads))
                return SPSIM_EXIT_USAGE;
            break;
        case 's':
            if (!spsim_cli_parse_count(optarg, 0, 9223372036854775807LL, &a->seed))
                return spsim_cli_usage_error(spsim_run_usage,
                                             "--seed needs a whole number >= 0, got '%s'", optarg);
            a->seed_given = true;
            break;
        case 'p':
            if (!parse_share(optarg, &a->precision))
                return spsim_cli_usage_error(
                    spsim_run_usage,
                    "--precision needs a number above 0 and at most 1 (a share of "
                    "each headline's mean: 0.05 is 5 %%), got '%s'",
                    optarg);
            break;
        case 'e':
            if (!spsim_cli_parse_count(optarg, 1, 10000000, &a->events))
                return spsim_cli_usage_error(
                    spsim_run_usage,
                    "--events needs a whole number of people from 1 to 10000000, got '%s'", optarg);
            break;
        case 'm':
            if (!spsim_cli_parse_count(optarg, 2, SPSIM_MAX_REPLICATIONS, &a->max_replications))
                return spsim_cli_usage_error(
                    spsim_run_usage,
                    "--max-replications needs a whole number from 2 to %d (as the "
                    "replications key), got '%s'",
                    SPSIM_MAX_REPLICATIONS, optarg);
            break;
        case 'M':
            if (!spsim_cli_max_memory_arg(spsim_run_usage, optarg, &a->max_memory_gb))
                return SPSIM_EXIT_USAGE;
            break;
        case ':':
            return spsim_cli_usage_error(spsim_run_usage, "option '%s' needs a value",
                                         argv[optind - 1]);
        default: return spsim_cli_unknown_option(spsim_run_usage, options, argv[optind - 1]);
        }
    }
    if (optind < argc) a->scenario = argv[optind++];
    if (optind < argc)
        return spsim_cli_usage_error(spsim_run_usage, "unexpected argument '%s'", argv[optind]);
    return check_precision_args(a);
}

static spsim_progress_style progress_style(const run_args *a)
{
    if (a->quiet) return SPSIM_PROGRESS_NONE;
    return isatty(fileno(stderr)) ? SPSIM_PROGRESS_BAR : SPSIM_PROGRESS_LINE;
}

/* How the run asked for uses the engine, for the estimate before it: every run is streamed, in
 * one process or across ranks (a run to a precision up to its cap, its rounds sharing only
 * figures across ranks); --tornado makes 2 x keys + 1 runs, its base streamed to the file while
 * a variant runs, whose replications keep only their figures. */
static spsim_run_shape run_shape(const spsim_scenario *s, const run_args *a)
{
    int replications = a->replications ? (int)a->replications : s->replications;
    spsim_run_shape shape = {
        .replications = replications, .threads = (int)a->threads, .streamed = true};
    if (a->precision) shape.replications = (int)a->max_replications;
    if (a->tornado) {
        shape.runs = 2 * s->n_uncertain + 1;
        shape.held_runs = 2;
    }
    return shape;
}

static spsim_tornado_request tornado_request(const run_args *a, const char *output)
{
    return (spsim_tornado_request){.output = output,
                                   .replications = (int)a->replications,
                                   .threads = (int)a->threads,
                                   .events = (int)a->events,
                                   .progress = progress_style(a),
                                   .keep = a->keep,
                                   .keep_given = a->keep_given,
                                   .resume = a->resume,
                                   .quiet = a->quiet,
                                   .full = a->full,
                                   .argc = a->argc,
                                   .argv = a->argv};
}

/* The run and its file, once the output is known to be writable and is this process's. */
static int run_and_write(spsim_scenario *s, const run_args *a, const char *output)
{
    spsim_precision_options p = {.precision = a->precision,
                                 .pilot = (int)a->replications,
                                 .max_replications = (int)a->max_replications,
                                 .progress = a->quiet ? NULL : stderr};
    if (!a->tornado) {
        spsim_streamed_run r = {.output = output,
                                .precision = a->precision ? &p : NULL,
                                .replications = (int)a->replications,
                                .threads = (int)a->threads,
                                .events = (int)a->events,
                                .progress = progress_style(a),
                                .keep = a->keep,
                                .keep_given = a->keep_given,
                                .resume = a->resume,
                                .quiet = a->quiet,
                                .full = a->full,
                                .argc = a->argc,
                                .argv = a->argv};
        return spsim_run_streamed(s, &r);
    }
    spsim_tornado_request tr = tornado_request(a, output);
    return spsim_run_tornado_streamed(s, &tr);
}

/* --precision on a rank other than the writer: the same rounds as the writer, each
 * replication going whole to the writer as it finishes (its file) and the runner then sharing
 * every replication's figures, so that every rank decides the next round alike without holding
 * any weekly series; a stop ends it where it ends the writer's. Nothing is written or printed
 * but errors. */
static int precision_as_worker(const spsim_scenario *s, const run_args *a)
{
    char err[1400];
    spsim_precision_options p = {.precision = a->precision,
                                 .pilot = (int)a->replications,
                                 .max_replications = (int)a->max_replications};
    spsim_run *run = spsim_precision_prepare(s, &p);
    if (!run) return fprintf(stderr, "spsim: out of memory\n"), SPSIM_EXIT_RUNTIME;
    if (spsim_interrupt_install(NULL, 0) != 0)
        fprintf(stderr, "spsim: warning: cannot catch SIGINT and SIGTERM\n");
    spsim_run_options opt = {.threads = (int)a->threads,
                             .events = (int)a->events,
                             .release_weekly = true,
                             .stop = spsim_interrupt_flag(),
                             .share_figures = true};
    int status = spsim_precision_continue(run, s, &opt, &p, err, sizeof err);
    spsim_interrupt_uninstall();
    spsim_run_free(run);
    if (status != 0) return fprintf(stderr, "spsim: %s\n", err), SPSIM_EXIT_RUNTIME;
    return 0;
}

/* A rank other than the writer (ranks.h): runs its share of the replications the writer
 * names (all of them, or those a resumed file lacks), sends each to the writer as it finishes,
 * and writes and prints nothing. A stop (SIGINT, SIGTERM or SIGUSR1, docs/reliability.md)
 * ends its share early like the writer's: it tells the writer what it sent and exits 0, the
 * writer reporting the interrupt. */
static int run_as_worker(const spsim_scenario *s, const run_args *a)
{
    if (a->precision) return precision_as_worker(s, a);
    if (a->tornado) {
        spsim_tornado_request tr = tornado_request(a, "");
        tr.quiet = true;
        return spsim_run_tornado_as_worker(s, &tr);
    }
    char err[1024];
    int shape[2] = {0, 0}; /* planned, and already in a resumed file: the writer's */
    if (spsim_ranks_broadcast_ints(shape, 2) != 0)
        return fprintf(stderr, "spsim: cannot hear from the writing rank\n"), SPSIM_EXIT_RUNTIME;
    if (shape[0] <= 0) return 0; /* the writer could not start, and says why */
    spsim_run *run = spsim_run_prepare(s, shape[0]);
    if (!run) return fprintf(stderr, "spsim: out of memory\n"), SPSIM_EXIT_RUNTIME;
    if (spsim_interrupt_install(NULL, 0) != 0)
        fprintf(stderr, "spsim: warning: cannot catch SIGINT and SIGTERM\n");
    spsim_run_options opt = {.threads = (int)a->threads,
                             .events = (int)a->events,
                             .progress = SPSIM_PROGRESS_NONE,
                             .replications = shape[0],
                             .stop = spsim_interrupt_flag(),
                             .writer_only = true};
    int status = spsim_run_continue(s, &opt, run, shape[1], err, sizeof err);
    spsim_interrupt_uninstall();
    spsim_run_free(run);
    if (status != 0) return fprintf(stderr, "spsim: %s\n", err), SPSIM_EXIT_RUNTIME;
    return 0;
}

static int execute_run(spsim_scenario *s, const run_args *a)
{
    if (!spsim_rank_is_writer()) return run_as_worker(s, a);
    char output[1200];
    spsim_output_lock lock;
    int status =
        spsim_cli_claim_output_or_default(a->output, s->name, "", output, sizeof output, &lock);
    if (status != 0) return status;
    status = run_and_write(s, a, output);
    spsim_output_release(&lock);
    return status;
}

int spsim_cmd_run(int argc, char **argv)
{
    if (spsim_cli_wants_help(argc, argv)) return printf("%s", spsim_run_usage), 0;
    run_args a;
    int status = parse_run_args(argc, argv, &a);
    if (status != 0) return status;
    spsim_scenario *s = spsim_scenario_load_reporting(a.scenario, stderr);
    if (!s) return SPSIM_EXIT_INVALID;
    char err[1024];
    if (a.arms && spsim_scenario_select_arms(s, a.arms, err, sizeof err) != 0) {
        fprintf(stderr, "spsim: %s\n", err);
        spsim_scenario_free(s);
        return SPSIM_EXIT_USAGE;
    }
    if (a.seed_given) s->seed = (unsigned long long)a.seed;
    spsim_run_shape shape = run_shape(s, &a);
    status = spsim_cli_guard_memory(s, &shape, a.max_memory_gb, NULL);
    if (status == 0) status = execute_run(s, &a);
    spsim_scenario_free(s);
    return status;
}

/* ---- calibrate ---- */
