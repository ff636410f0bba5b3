/* `spsim allocate`: parse, search (engine/allocate.h), print the best split and its
 * uncertainty. */
#define _POSIX_C_SOURCE 200809L
#include "allocate.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "scenario/suggest.h"
#include "engine/allocate.h"
#include "engine/ranks.h"

const char spsim_allocate_usage[] =
    "usage: spsim allocate SCENARIO --arm ARM --budget GBP_PER_YEAR\n"
    "                      [--over link_workers,builders,grants] [-r N] [-j THREADS]\n"
    "                      [--max-memory GB] [-q]\n"
    "\n"
    "The split of a yearly budget across link workers, community builders and the arm's VCSE\n"
    "funding streams that maximises the mean net monetary benefit over replications, on a\n"
    "grid of sixteenths of the budget (quarters first, then moves of an eighth and a\n"
    "sixteenth), every split run with the scenario's seed. Staff are placed by the plan's\n"
    "share of each locality and rounded down to 0.1 FTE; streams are scaled together; a split\n"
    "never spends more than the budget. Kinds left out of --over stay as the scenario has them.\n"
    "\n"
    "  --arm ARM              the arm (required)\n"
    "  --budget GBP           the yearly budget, GBP a year at the scenario's prices (required)\n"
    "  --over KINDS           what the budget may buy (default: all three)\n"
    "  -r, --replications N   replications of every split (default: the scenario's)\n"
    "  -j, --threads N        threads (default: all cores); results do not depend on it\n"
    "      --max-memory GB    refuse when one split's run is estimated to need more than GB\n"
    "                         gigabytes (default: the memory the machine has available)\n"
    "  -q, --quiet            print nothing but errors and the result\n"
    "  -h, --help             this help\n";

typedef struct {
    const char *scenario, *arm;
    double budget;
    bool over[SPSIM_N_SPEND], over_given, quiet;
    long long replications, threads;
    double max_memory_gb; /* --max-memory: 0, the machine's available memory */
} allocate_args;

/* 0, or -1 with `hint` a did-you-mean for the first unknown part ("" when none is close). */
static int parse_over(const char *text, allocate_args *a, char *hint, size_t hint_len)
{
    char copy[128], *save = NULL;
    hint[0] = '\0';
    snprintf(copy, sizeof copy, "%s", text);
    memset(a->over, 0, sizeof a->over);
    int n = 0;
    for (char *p = strtok_r(copy, ",", &save); p; p = strtok_r(NULL, ",", &save), n++) {
        int k = 0;
        while (k < SPSIM_N_SPEND && strcmp(p, spsim_spend_key[k]) != 0) k++;
        if (k == SPSIM_N_SPEND) {
            spsim_suggest_text(p, spsim_spend_key, SPSIM_N_SPEND, hint, hint_len);
            return -1;
        }
        if (a->over[k]) {
            snprintf(hint, hint_len, " (%s is named twice)", p);
            return -1;
        }
        a->over[k] = true;
    }
    return n ? 0 : -1;
}

static int parse_args(int argc, char **argv, allocate_args *a)
{
    static const struct option options[] = {{"arm", required_argument, 0, 'a'},
                                            {"budget", required_argument, 0, 'b'},
                                            {"over", required_argument, 0, 'v'},
                                            {"replications", required_argument, 0, 'r'},
                                            {"threads", required_argument, 0, 'j'},
                                            {"quiet", no_argument, 0, 'q'},
                                            {"max-memory", required_argument, 0, 'M'},
                                            {"help", no_argument, 0, 'h'},
                                            {0, 0, 0, 0}};
    const char *u = spsim_allocate_usage;
    *a = (allocate_args){.over = {true, true, true}};
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":r:j:qh", options, NULL)) != -1) {
        switch (c) {
        case 'a': a->arm = optarg; break;
        case 'q': a->quiet = true; break;
        case 'b':
            if (!spsim_cli_parse_number(optarg, &a->budget) || a->budget <= 0)
                return spsim_cli_usage_error(u, "--budget needs GBP a year above 0, got '%s'",
                                             optarg);
            break;
        case 'v': {
            char hint[96];
            if (parse_over(optarg, a, hint, sizeof hint) != 0)
                return spsim_cli_usage_error(
                    u, "--over needs a list of link_workers, builders, grants, got '%s'%s", optarg,
                    hint);
        }
            a->over_given = true;
            break;
        case 'r':
            if (!spsim_cli_replications_arg(u, optarg, &a->replications)) return SPSIM_EXIT_USAGE;
            break;
        case 'j':
            if (!spsim_cli_threads_arg(u, optarg, &a->threads)) return SPSIM_EXIT_USAGE;
            break;
        case 'M':
            if (!spsim_cli_max_memory_arg(u, optarg, &a->max_memory_gb)) return SPSIM_EXIT_USAGE;
            break;
        case ':': return spsim_cli_usage_error(u, "option '%s' needs a value", argv[optind - 1]);
        default: return spsim_cli_unknown_option(u, options, argv[optind - 1]);
        }
    }
    if (optind < argc) a->scenario = argv[optind++];
    if (optind < argc) return spsim_cli_usage_error(u, "unexpected argument '%s'", argv[optind]);
    if (!a->scenario) return spsim_cli_usage_error(u, "allocate needs a scenario file");
    if (!a->arm || strchr(a->arm, ','))
        return spsim_cli_usage_error(u, "allocate needs --arm ARM (one arm)");
    if (a->budget <= 0) return spsim_cli_usage_error(u, "allocate needs --budget GBP_PER_YEAR");
    return 0;
}

/* A staffing figure of the split, or "unchanged" for staff the budget does not buy (left as the
 * scenario has them, which may be a plan over time). */
static void print_fte(bool bought, double fte)
{
    if (bought)
        printf(" %12.1f", fte);
    else
        printf(" %12s", "unchanged");
}

static void print_result(const spsim_scenario *s, const spsim_allocation_request *q,
                         const spsim_allocation_result *r, int replications)
{
    const spsim_arm_params *arm = &s->arms[q->arm];
    char budget[40], c[4][40];
    spsim_cli_format(q->budget_gbp_per_year, 0, budget, sizeof budget);
    printf("Allocating %s GBP a year in %s, arm %s: %d splits run, %d replication(s) each (seed "
           "%llu); money in GBP at %d/%02d prices\n\n",
           budget, s->name, arm->name, r->evaluations, replications, s->seed,
           arm->economics.price_year, (arm->economics.price_year + 1) % 100);
    printf("  %-14s %10s %16s\n", "spending", "share (%)", "GBP a year");
    double spent = 0;
    for (int k = 0; k < SPSIM_N_SPEND; k++) {
        if (!q->over[k]) continue;
        spsim_cli_format(r->gbp_per_year[k], 0, c[0], sizeof c[0]);
        printf("  %-14s %10.2f %16s\n", spsim_spend_key[k], 100 * r->share[k], c[0]);
        spent += r->gbp_per_year[k];
    }
    spsim_cli_format(spent, 0, c[0], sizeof c[0]);
    printf("  %-14s %10s %16s\n\n", "spent", "", c[0]);
    printf("  %-28s %12s %12s\n", "locality", "link workers", "builders");
    printf("  %-28s %12s %12s\n", "", "(FTE)", "(FTE)");
    for (int l = 0; l < arm->n_localities; l++) {
        printf("  %-28.28s", arm->localities[l].name);
        print_fte(q->over[SPSIM_SPEND_LINK_WORKERS], r->lw_fte[l]);
        print_fte(q->over[SPSIM_SPEND_BUILDERS], r->builder_fte[l]);
        printf("\n");
    }
    if (q->over[SPSIM_SPEND_GRANTS])
        printf("  every funding stream's gbp_per_year x %.4f\n", r->grant_scale);
    spsim_cli_format(r->nmb_mean, 0, c[1], sizeof c[1]);
    spsim_cli_format(r->nmb_p5, 0, c[2], sizeof c[2]);
    spsim_cli_format(r->nmb_p95, 0, c[3], sizeof c[3]);
    printf("\nNet monetary benefit (GBP, discounted): mean %s, 90 %% interval %s to %s\n", c[1],
           c[2], c[3]);
    if (isfinite(r->runner_up_nmb_mean)) {
        spsim_cli_format(r->runner_up_nmb_mean, 0, c[1], sizeof c[1]);
        printf("Runner-up split (%.0f/%.0f/%.0f %%): mean %s; the best is higher in %.0f %% of "
               "replications (paired)\n",
               100 * r->runner_up_share[0], 100 * r->runner_up_share[1],
               100 * r->runner_up_share[2], c[1], 100 * r->beats_runner_up);
    }
}

static int allocate_arm(const spsim_scenario *s, allocate_args *a)
{
    const spsim_arm_params *arm = &s->arms[0];
    bool any_stream = false;
    for (int l = 0; l < arm->n_localities; l++)
        any_stream = any_stream || arm->localities[l].n_funding;
    if (!a->over_given && !any_stream) a->over[SPSIM_SPEND_GRANTS] = false;
    spsim_allocation_request q = {
        .arm = 0,
        .budget_gbp_per_year = a->budget,
        .run = {.threads = (int)a->threads, .replications = (int)a->replications},
        .progress = !a->quiet};
    memcpy(q.over, a->over, sizeof q.over);
    spsim_allocation_result r;
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, s->path);
    char err[1024] = "";
    int status = spsim_allocate(s, &q, &r, &d, err, sizeof err);
    if (status == 0) {
        print_result(s, &q, &r, a->replications ? (int)a->replications : s->replications);
    } else {
        spsim_diagnostics_print(&d, stderr);
        if (err[0]) fprintf(stderr, "spsim: %s\n", err);
        status = SPSIM_EXIT_INVALID;
    }
    spsim_diagnostics_free(&d);
    return status;
}

int spsim_cmd_allocate(int argc, char **argv)
{
    if (spsim_cli_wants_help(argc, argv)) return printf("%s", spsim_allocate_usage), 0;
    allocate_args a;
    int status = parse_args(argc, argv, &a);
    if (status != 0) return status;
    /* Under mpirun every rank follows the same search on the same shared results (as size);
     * rank 0 alone prints. */
    if (!spsim_rank_is_writer()) a.quiet = true;
    spsim_scenario *s = spsim_scenario_load_reporting(a.scenario, stderr);
    if (!s) return SPSIM_EXIT_INVALID;
    char err[1024];
    if (spsim_scenario_select_arms(s, a.arm, err, sizeof err) != 0) {
        fprintf(stderr, "spsim: %s\n", err);
        status = SPSIM_EXIT_USAGE;
    } else {
        /* each split is one run held whole in memory, one after another */
        spsim_run_shape shape = {.replications = (int)a.replications, .threads = (int)a.threads};
        status = spsim_cli_guard_memory(s, &shape, a.max_memory_gb, NULL);
        if (status == 0) status = allocate_arm(s, &a);
    }
    spsim_scenario_free(s);
    return status;
}
