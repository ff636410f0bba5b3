/* `spsim size`: parse the targets, size the arm (engine/sizing.h), apply the budget rule, print
 * the plan per locality and write it as a scenario fragment. */
#define _POSIX_C_SOURCE 200809L
#include "size.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "engine/ranks.h"
#include "engine/sizing.h"
#include "scenario/suggest.h"
#include "scenario/values.h"

const char spsim_size_usage[] =
    "usage: spsim size SCENARIO --arm ARM --target 'METRIC <= VALUE' [--target ...]\n"
    "                  [--confidence 0.9] [--lever link_worker_fte|builder_fte] [--step 0.1]\n"
    "                  [--budget GBP] [--from DATE] [-r N] [-j THREADS] [-o PLAN.yaml]\n"
    "                  [--max-memory GB] [-q]\n"
    "\n"
    "For each locality of ARM, the smallest FTE (a multiple of --step) that meets every target\n"
    "in at least the --confidence share of replications, every candidate run with the\n"
    "scenario's seed (common random numbers). Prints the plan per locality and writes it as a\n"
    "scenario fragment (-o) that a scenario can include after the one it sizes.\n"
    "\n"
    "  --arm ARM             the arm to size (required)\n"
    "  --target 'M <= V'     a target, M <= V or M >= V (at least one; up to 8), which every\n"
    "                        locality must meet for its own people; metrics:\n"
    "      wait_mean_weeks           mean wait from referral to the start of support of the\n"
    "                                locality's people who joined its queue (started, left, or\n"
    "                                still waiting: locality_totals/wait_mean), weeks\n"
    "      wait_p90_weeks            90th percentile of those waits\n"
    "                                (locality_totals/wait_p90), weeks\n"
    "      first_contact_mean_weeks  mean time from referral to the first link-worker contact\n"
    "                                (locality_totals/first_contact_wait_mean), weeks\n"
    "      never_connected_share     people who agreed an activity and never held a place, over\n"
    "                                those who took up the offer (locality_totals/never_connected\n"
    "                                / taken_up), share 0..1; a target for --lever builder_fte\n"
    "      caseload_per_fte          people in support per link-worker FTE in post, mean over the\n"
    "                                weeks with FTE in post (series/caseload_per_fte), people per\n"
    "                                FTE\n"
    "  --confidence P        share of replications that must meet every target (default 0.9)\n"
    "  --lever L             link_worker_fte (default) or builder_fte\n"
    "  --step FTE            the FTE grid (default 0.1)\n"
    "  --budget GBP          a yearly budget for the lever's staff: which targets it cannot meet\n"
    "                        and its best use (the plan scaled down to fit, docs/sizing.md)\n"
    "  --from DATE           the sized FTE from DATE (YYYY-MM-DD), the plan's before (default:\n"
    "                        from the start of the horizon)\n"
    "  -o, --output FILE     the staffing plan as a scenario fragment (YAML)\n"
    "  -r, --replications N  replications of every candidate (default: the scenario's)\n"
    "  -j, --threads N       threads (default: all cores); results do not depend on it\n"
    "      --max-memory GB   refuse the search when one candidate's run is estimated to need\n"
    "                        more than GB gigabytes (default: the memory available)\n"
    "  -q, --quiet           print nothing but errors and the plan\n"
    "  -h, --help            this help\n"
    "\n"
    "Every metric is measured per locality, on the people the locality referred (pooled or\n"
    "not). An arm that keeps each locality's slots to itself is sized locality by locality,\n"
    "the others at their plan; an arm that pools slots (a neighbour's staff shorten this\n"
    "locality's waits) is sized by one common scale factor on every locality's plan, until\n"
    "every locality meets its targets in the same replication. The search assumes more staff\n"
    "never makes a target harder to meet: true in expectation, not in every replication\n"
    "(docs/sizing.md).\n";

typedef struct {
    const char *scenario, *output, *arm, *from;
    long long replications, threads;
    double confidence, step, budget;
    double max_memory_gb; /* --max-memory: 0, the machine's available memory */
    spsim_lever lever;
    bool quiet;
    int n_targets;
    spsim_target targets[SPSIM_SIZING_MAX_TARGETS];
    char target_text[SPSIM_SIZING_MAX_TARGETS][96];
} size_args;

/* ---- targets ---- */

static void metric_names(char *buf, size_t len)
{
    size_t used = 0;
    for (int m = 0; m < SPSIM_N_METRICS && used < len; m++)
        used += (size_t)snprintf(buf + used, len - used, "%s%s", m ? ", " : "",
                                 spsim_metric_table[m].name);
}

static int parse_target(const char *text, spsim_target *t, char *err, size_t errlen)
{
    const char *op = strstr(text, "<=");
    const char *ge = strstr(text, ">=");
    if (!op || (ge && ge < op)) op = ge;
    if (!op)
        return snprintf(err, errlen, "--target '%s' needs METRIC <= VALUE or METRIC >= VALUE",
                        text),
               -1;
    char name[64];
    const char *a = text, *b = op;
    while (*a == ' ') a++;
    while (b > a && b[-1] == ' ') b--;
    snprintf(name, sizeof name, "%.*s", (int)(b - a), a);
    int m = 0;
    while (m < SPSIM_N_METRICS && strcmp(spsim_metric_table[m].name, name) != 0) m++;
    if (m == SPSIM_N_METRICS) {
        char names[256], hint[96];
        const char *metric[SPSIM_N_METRICS];
        for (int i = 0; i < SPSIM_N_METRICS; i++) metric[i] = spsim_metric_table[i].name;
        metric_names(names, sizeof names);
        spsim_suggest_text(name, metric, SPSIM_N_METRICS, hint, sizeof hint);
        return snprintf(err, errlen, "--target '%s': unknown metric '%s' (allowed: %s)%s", text,
                        name, names, hint),
               -1;
    }
    char value[64];
    const char *v = op + 2;
    while (*v == ' ') v++;
    snprintf(value, sizeof value, "%s", v);
    for (size_t n = strlen(value); n > 0 && value[n - 1] == ' '; n--) value[n - 1] = '\0';
    if (!spsim_cli_parse_number(value, &t->value))
        return snprintf(err, errlen, "--target '%s': '%s' is not a number", text, value), -1;
    t->metric = (spsim_metric)m;
    t->at_least = op[0] == '>';
    return 0;
}

/* ---- arguments ---- */

static int parse_option(int c, const char *arg, size_args *a)
{
    const char *u = spsim_size_usage;
    char err[512];
    switch (c) {
    case 'a': a->arm = arg; return 0;
    case 'o': a->output = arg; return 0;
    case 'f': a->from = arg; return 0;
    case 'q': a->quiet = true; return 0;
    case 't':
        if (a->n_targets == SPSIM_SIZING_MAX_TARGETS)
            return spsim_cli_usage_error(u, "at most %d --target options",
                                         SPSIM_SIZING_MAX_TARGETS);
        if (parse_target(arg, &a->targets[a->n_targets], err, sizeof err) != 0)
            return spsim_cli_usage_error(u, "%s", err);
        snprintf(a->target_text[a->n_targets++], sizeof a->target_text[0], "%s", arg);
        return 0;
    case 'c':
        if (!spsim_cli_parse_number(arg, &a->confidence) || a->confidence <= 0 || a->confidence > 1)
            return spsim_cli_usage_error(
                u, "--confidence needs a share above 0 and at most 1, got '%s'", arg);
        return 0;
    case 's':
        if (!spsim_cli_parse_number(arg, &a->step) || a->step <= 0 || a->step > 100)
            return spsim_cli_usage_error(u, "--step needs an FTE above 0 and at most 100, got '%s'",
                                         arg);
        return 0;
    case 'b':
        if (!spsim_cli_parse_number(arg, &a->budget) || a->budget <= 0)
            return spsim_cli_usage_error(u, "--budget needs GBP a year above 0, got '%s'", arg);
        return 0;
    case 'l': {
        static const char *const levers[] = {"link_worker_fte", "builder_fte"};
        int lever = spsim_cli_choice_arg(u, "--lever", arg, levers, 2);
        if (lever < 0) return SPSIM_EXIT_USAGE;
        a->lever = lever == 1 ? SPSIM_LEVER_BUILDERS : SPSIM_LEVER_LINK_WORKERS;
        return 0;
    }
    case 'r': return spsim_cli_replications_arg(u, arg, &a->replications) ? 0 : SPSIM_EXIT_USAGE;
    case 'j': return spsim_cli_threads_arg(u, arg, &a->threads) ? 0 : SPSIM_EXIT_USAGE;
    case 'M': return spsim_cli_max_memory_arg(u, arg, &a->max_memory_gb) ? 0 : SPSIM_EXIT_USAGE;
    default: return -1;
    }
}

static int parse_args(int argc, char **argv, size_args *a)
{
    static const struct option options[] = {{"arm", required_argument, 0, 'a'},
                                            {"target", required_argument, 0, 't'},
                                            {"confidence", required_argument, 0, 'c'},
                                            {"lever", required_argument, 0, 'l'},
                                            {"step", required_argument, 0, 's'},
                                            {"budget", required_argument, 0, 'b'},
                                            {"from", required_argument, 0, 'f'},
                                            {"output", required_argument, 0, 'o'},
                                            {"replications", required_argument, 0, 'r'},
                                            {"threads", required_argument, 0, 'j'},
                                            {"quiet", no_argument, 0, 'q'},
                                            {"max-memory", required_argument, 0, 'M'},
                                            {"help", no_argument, 0, 'h'},
                                            {0, 0, 0, 0}};
    const char *u = spsim_size_usage;
    *a = (size_args){.confidence = 0.9, .step = 0.1};
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":o:r:j:qh", options, NULL)) != -1) {
        if (c == ':')
            return spsim_cli_usage_error(u, "option '%s' needs a value", argv[optind - 1]);
        if (c == '?') return spsim_cli_unknown_option(u, options, argv[optind - 1]);
        int status = parse_option(c, optarg, a);
        if (status != 0) return status;
    }
    if (optind < argc) a->scenario = argv[optind++];
    if (optind < argc) return spsim_cli_usage_error(u, "unexpected argument '%s'", argv[optind]);
    if (!a->scenario) return spsim_cli_usage_error(u, "size needs a scenario file");
    if (!a->arm) return spsim_cli_usage_error(u, "size needs --arm ARM");
    if (strchr(a->arm, ','))
        return spsim_cli_usage_error(u, "--arm takes one arm, got '%s'", a->arm);
    if (a->n_targets == 0) return spsim_cli_usage_error(u, "size needs at least one --target");
    return 0;
}

/* The week of --from, or -1 when it is not a date within the horizon. */
static double from_week(const spsim_scenario *s, const char *text)
{
    spsim_date d;
    char tail;
    if (sscanf(text, "%4d-%2d-%2d%c", &d.year, &d.month, &d.day, &tail) != 3) return -1;
    long days = spsim_date_days(d);
    spsim_date back = spsim_date_from_days(days);
    if (back.year != d.year || back.month != d.month || back.day != d.day) return -1;
    spsim_date start = {s->start_year, s->start_month, s->start_day};
    double week = (double)(days - spsim_date_days(start)) / 7.0;
    return week >= 0 && week < s->n_weeks ? week : -1;
}

/* ---- output ---- */

typedef struct {
    double fte[SPSIM_MAX_LOCALITIES], met[SPSIM_MAX_LOCALITIES], one_less[SPSIM_MAX_LOCALITIES];
    bool found[SPSIM_MAX_LOCALITIES];
} plan;

static double plan_cost(const spsim_sizing_result *r, const plan *p)
{
    double fte = 0;
    for (int l = 0; l < r->n_localities; l++) fte += p->fte[l];
    return fte * r->gbp_per_fte_year;
}

static void print_plan(const spsim_scenario *s, const spsim_sizing_request *q,
                       const spsim_sizing_result *r, const plan *p, const char *title)
{
    const spsim_arm_params *arm = &s->arms[q->arm];
    char cost[40], total[40];
    printf("%s\n", title);
    printf("  %-28s %9s %9s %10s %10s %14s\n", "locality", "plan FTE", "FTE", "met (%)", "1 step",
           "cost");
    printf("  %-28s %9s %9s %10s %10s %14s\n", "", "(at end)", "", "", "less (%)", "(GBP a year)");
    double plan_total = 0, fte_total = 0;
    for (int l = 0; l < arm->n_localities; l++) {
        spsim_cli_format(p->fte[l] * r->gbp_per_fte_year, 0, cost, sizeof cost);
        char met[16], less[16];
        snprintf(met, sizeof met, "%.0f%s", 100 * p->met[l], p->found[l] ? "" : " (not met)");
        spsim_cli_format(100 * p->one_less[l], 0, less, sizeof less);
        printf("  %-28.28s %9.1f %9.1f %12s %10s %14s\n", arm->localities[l].name, r->plan_fte[l],
               p->fte[l], met, less, cost);
        plan_total += r->plan_fte[l];
        fte_total += p->fte[l];
    }
    spsim_cli_format(plan_cost(r, p), 0, total, sizeof total);
    printf("  %-28s %9.1f %9.1f %12s %10s %14s\n\n", "all", plan_total, fte_total, "", "", total);
}

static void print_header(const spsim_scenario *s, const spsim_sizing_request *q,
                         const spsim_sizing_result *r, const size_args *a, int replications)
{
    char per[40];
    spsim_cli_format(r->gbp_per_fte_year, 0, per, sizeof per);
    printf("Sizing %s, arm %s: %s FTE, steps of %g FTE, every target met in at least %.0f %% of "
           "%d replication(s) (seed %llu)\n",
           s->name, s->arms[q->arm].name, spsim_lever_section[q->lever], q->step,
           100 * q->confidence, replications, s->seed);
    for (int t = 0; t < a->n_targets; t++)
        printf("  target: %s (%s, in every locality)\n", a->target_text[t],
               spsim_metric_table[a->targets[t].metric].units);
    printf("  %s; %d scenario runs; cost %s GBP per FTE a year (%d/%02d prices)%s%s\n\n",
           r->common_scale ? "slots pooled: every locality by one common scale factor"
                           : "each locality on its own, the others at their plan",
           r->evaluations, per, s->arms[q->arm].economics.price_year,
           (s->arms[q->arm].economics.price_year + 1) % 100, a->from ? "; from " : "",
           a->from ? a->from : "");
}

static int write_fragment(const char *path, const spsim_scenario *s, const spsim_sizing_request *q,
                          const plan *p, const size_args *a, int replications, const char *what)
{
    char tmp[SPSIM_OUTPUT_PATH_MAX + 32], err[1400];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f) return fprintf(stderr, "spsim: cannot write %s: %s\n", path, strerror(errno)), -1;
    const spsim_arm_params *arm = &s->arms[q->arm];
    fprintf(f, "# Staffing plan written by spsim size from %s, arm %s: %s.\n", s->path, arm->name,
            what);
    for (int t = 0; t < a->n_targets; t++) fprintf(f, "# Target: %s\n", a->target_text[t]);
    fprintf(f,
            "# Met in at least %.0f %% of %d replications (seed %llu). Include it after the "
            "scenario it sizes:\n#   include: [%s, THIS_FILE]\n",
            100 * q->confidence, replications, s->seed, s->path);
    fprintf(f, "arms:\n  %s:\n", arm->name);
    if (q->lever == SPSIM_LEVER_LINK_WORKERS && arm->allocation == SPSIM_ALLOCATION_FORMULA)
        fprintf(f, "    link_workers:\n      allocation: per_place   # FTE set place by place\n");
    fprintf(f, "    localities:\n");
    for (int l = 0; l < arm->n_localities; l++) {
        char value[2048];
        spsim_size_fte_value(s, q, l, p->fte[l], value, sizeof value);
        fprintf(f,
                "      %s:\n        %s:\n          fte: %s   # targets met in %.0f %% of "
                "replications\n",
                arm->localities[l].name, spsim_lever_section[q->lever], value, 100 * p->met[l]);
    }
    errno = 0;
    bool failed = fflush(f) != 0 || ferror(f) != 0;
    int reason = errno ? errno : EIO;
    if (fclose(f) != 0 && !failed) {
        failed = true;
        reason = errno;
    }
    if (failed) {
        remove(tmp);
        return fprintf(stderr, "spsim: cannot write %s: %s\n", path, strerror(reason)), -1;
    }
    if (spsim_output_commit(tmp, path, err, sizeof err) != 0)
        return fprintf(stderr, "spsim: %s\n", err), -1;
    return 0;
}

/* ---- the budget ---- */

static void plan_from(const spsim_sizing_result *r, plan *p)
{
    for (int l = 0; l < r->n_localities; l++) {
        p->fte[l] = r->fte[l];
        p->met[l] = r->met_share[l];
        p->one_less[l] = r->met_share_one_less[l];
        p->found[l] = r->found[l];
    }
}

static bool all_found(const spsim_sizing_result *r)
{
    for (int l = 0; l < r->n_localities; l++)
        if (!r->found[l]) return false;
    return true;
}

/* Each target alone: what meeting it would cost, against the budget (a single target's is the
 * plan already found). */
static int report_targets(const spsim_scenario *s, const spsim_sizing_request *q,
                          const spsim_sizing_result *all, const size_args *a, spsim_diagnostics *d,
                          char *err, size_t errlen)
{
    for (int t = 0; t < q->n_targets; t++) {
        spsim_sizing_request one = *q;
        one.n_targets = 1;
        one.targets[0] = q->targets[t];
        spsim_sizing_result r = *all;
        if (q->n_targets > 1 && spsim_size(s, &one, &r, d, err, errlen) != 0) return -1;
        plan p = {0};
        plan_from(&r, &p);
        char cost[40];
        spsim_cli_format(plan_cost(&r, &p), 0, cost, sizeof cost);
        bool fits = all_found(&r) && plan_cost(&r, &p) <= a->budget;
        printf("  target %s alone: %s%s GBP a year: %s\n", a->target_text[t],
               all_found(&r) ? "" : "not met at 1000 FTE in some locality, ", cost,
               fits ? "can be met within the budget" : "cannot be met within the budget");
    }
    return 0;
}

/* Returns 0 when the plan stands, 1 when it was scaled down, -1 on failure.
 * The rule: a plan within the budget stands; otherwise every locality's FTE is scaled down by
 * budget / cost, rounded down to the step, so each keeps its share of what the targets need. */
static int apply_budget(const spsim_scenario *s, const spsim_sizing_request *q,
                        const spsim_sizing_result *r, const size_args *a, plan *p,
                        spsim_diagnostics *d, char *err, size_t errlen)
{
    char cost[40], budget[40], spare[40];
    double need = plan_cost(r, p);
    spsim_cli_format(need, 0, cost, sizeof cost);
    spsim_cli_format(a->budget, 0, budget, sizeof budget);
    spsim_cli_format(a->budget - need, 0, spare, sizeof spare);
    if (all_found(r) && need <= a->budget) {
        printf("Budget %s GBP a year: the plan costs %s, within it (%s spare)\n", budget, cost,
               spare);
        return 0;
    }
    printf("Budget %s GBP a year: the plan costs %s, above it; the targets one by one:\n", budget,
           cost);
    if (report_targets(s, q, r, a, d, err, errlen) != 0) return -1;
    double factor = a->budget / need;
    for (int l = 0; l < r->n_localities; l++) {
        p->fte[l] = floor(p->fte[l] * factor / q->step + 1e-9) * q->step;
        p->one_less[l] = NAN;
    }
    if (spsim_size_evaluate(s, q, p->fte, p->met, d, err, errlen) != 0) return -1;
    for (int l = 0; l < r->n_localities; l++) p->found[l] = p->met[l] >= q->confidence - 1e-12;
    printf("\n");
    print_plan(s, q, r, p,
               "Best use of the budget: the plan scaled down to fit, each locality "
               "keeping its share");
    return 1;
}

/* ---- the command ---- */

static int size_and_write(const spsim_scenario *s, const size_args *a, double week)
{
    spsim_sizing_request q = {
        .arm = 0,
        .lever = a->lever,
        .step = a->step,
        .confidence = a->confidence,
        .n_targets = a->n_targets,
        .from_week = week,
        .run = {.threads = (int)a->threads, .replications = (int)a->replications},
        .progress = !a->quiet};
    memcpy(q.targets, a->targets, sizeof q.targets);
    spsim_sizing_result r;
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, s->path);
    char err[1024] = "";
    int status = spsim_size(s, &q, &r, &d, err, sizeof err);
    plan p = {0};
    int replications = q.run.replications ? q.run.replications : s->replications;
    bool scaled = false;
    if (status == 0) {
        plan_from(&r, &p);
        print_header(s, &q, &r, a, replications);
        print_plan(s, &q, &r, &p, "The smallest staffing that meets every target");
        if (a->budget > 0) status = apply_budget(s, &q, &r, a, &p, &d, err, sizeof err);
        scaled = status == 1;
        if (scaled) status = 0;
    }
    if (status != 0) {
        spsim_diagnostics_print(&d, stderr);
        if (err[0]) fprintf(stderr, "spsim: %s\n", err);
        status = d.n ? SPSIM_EXIT_INVALID : SPSIM_EXIT_RUNTIME;
    } else if (a->output) {
        const char *what = scaled ? "the best use of the budget (the targets are not all met)"
                                  : "the smallest FTE per locality meeting every target";
        status =
            write_fragment(a->output, s, &q, &p, a, replications, what) ? SPSIM_EXIT_RUNTIME : 0;
    }
    spsim_diagnostics_free(&d);
    return status;
}

/* The plan's file, when asked for, is checked and claimed before the sizing runs. */
static int size_arm(const spsim_scenario *s, const size_args *a, double week)
{
    /* each candidate is one run held whole in memory, one after another */
    spsim_run_shape shape = {.replications = (int)a->replications, .threads = (int)a->threads};
    int status = spsim_cli_guard_memory(s, &shape, a->max_memory_gb, NULL);
    if (status != 0) return status;
    spsim_output_lock lock = {.fd = -1};
    status = a->output ? spsim_cli_claim_output(a->output, &lock) : 0;
    if (status == 0) status = size_and_write(s, a, week);
    spsim_output_release(&lock);
    return status;
}

int spsim_cmd_size(int argc, char **argv)
{
    if (spsim_cli_wants_help(argc, argv)) return printf("%s", spsim_size_usage), 0;
    size_args a;
    int status = parse_args(argc, argv, &a);
    if (status != 0) return status;
    /* Under mpirun every rank follows the same search, the runner sharing each probe's
     * replications so every rank judges the same results alike; rank 0 alone prints and writes
     * the plan. */
    if (!spsim_rank_is_writer()) a.quiet = true, a.output = NULL;
    spsim_scenario *s = spsim_scenario_load_reporting(a.scenario, stderr);
    if (!s) return SPSIM_EXIT_INVALID;
    char err[1024];
    double week = 0;
    if (spsim_scenario_select_arms(s, a.arm, err, sizeof err) != 0) {
        fprintf(stderr, "spsim: %s\n", err);
        status = SPSIM_EXIT_USAGE;
    } else if (a.from && (week = from_week(s, a.from)) < 0) {
        status = spsim_cli_usage_error(spsim_size_usage,
                                       "--from needs a date YYYY-MM-DD within the scenario's "
                                       "horizon, got '%s'",
                                       a.from);
    } else {
        status = size_arm(s, &a, week);
    }
    spsim_scenario_free(s);
    return status;
}
