/* `spsim sweep`: parse the grid, check every variant before running any, run them through the
 * variant runner, write the file and print the variants ranked by net monetary benefit. */
#define _POSIX_C_SOURCE 200809L
#include "sweep.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "economics/economics.h"
#include "engine/ranks.h"
#include "io/h5sweep.h"
#include "scenario/override.h"

const char spsim_sweep_usage[] =
    "usage: spsim sweep SCENARIO --vary KEY=FROM:TO:STEP [--vary KEY=a,b,c ...] [-o OUT.h5]\n"
    "                   [-r REPLICATIONS] [-j THREADS] [--arms a,b] [--max-memory GB] [-q]\n"
    "\n"
    "Runs SCENARIO once for every combination of the values given (the grid of all --vary\n"
    "keys), each with the scenario's seed and replications, so every variant meets the same\n"
    "people with the same draws. Writes every arm's headline figures and totals per variant\n"
    "and replication to OUT.h5 (default: output/NAME_sweep.h5) and prints the variants and\n"
    "arms ranked by net monetary benefit; when the scenario writes values as distributions,\n"
    "with each one's acceptability: the share of replications in which it has the highest net\n"
    "monetary benefit of all, at the scenario's willingness to pay.\n"
    "\n"
    "  --vary KEY=FROM:TO:STEP  FROM, FROM + STEP, ... up to TO (STEP of the sign of TO - FROM)\n"
    "  --vary KEY=a,b,c         these values\n"
    "                           KEY is a dotted path as written in a scenario, e.g.\n"
    "                           arms.quilt.localities.Mendip.link_workers.fte; a key the file\n"
    "                           does not write is inserted; at most 8 keys and 1000 variants\n"
    "  -o, --output FILE        the sweep's results file (written whole or not at all)\n"
    "  -r, --replications N     replications of each variant (default: the scenario's)\n"
    "  -j, --threads N          threads (default: all cores); results do not depend on it\n"
    "      --arms a,b           run only these arms\n"
    "      --max-memory GB      refuse the sweep when one variant's run is estimated to need\n"
    "                           more than GB gigabytes (default: the memory the machine has\n"
    "                           available, MemAvailable or the cgroup's memory.max)\n"
    "  -q, --quiet              print nothing but errors and the table\n"
    "  -h, --help               this help\n";

typedef struct {
    const char *scenario, *output, *arms;
    long long replications, threads;
    double max_memory_gb; /* --max-memory: 0, the machine's available memory */
    bool quiet;
} sweep_args;

/* ---- --vary ---- */

/* A value of a range, rounded to 12 significant digits so 0.1 steps give 0.3, not
 * 0.30000000000000004. */
static double range_value(double from, double step, int i)
{
    char text[40];
    snprintf(text, sizeof text, "%.12g", from + i * step);
    return strtod(text, NULL);
}

static int parse_range(const char *key, const char *text, spsim_sweep_grid *g, int k, char *err,
                       size_t errlen)
{
    char copy[256], *parts[3], *save = NULL;
    snprintf(copy, sizeof copy, "%s", text);
    int n = 0;
    for (char *p = strtok_r(copy, ":", &save); p && n < 3; p = strtok_r(NULL, ":", &save))
        parts[n++] = p;
    double v[3];
    int colons = 0;
    for (const char *c = text; *c; c++) colons += *c == ':';
    if (n != 3 || colons != 2)
        return snprintf(err, errlen, "--vary %s: '%s' is not FROM:TO:STEP", key, text), -1;
    for (int i = 0; i < 3; i++)
        if (!spsim_cli_parse_number(parts[i], &v[i]))
            return snprintf(err, errlen, "--vary %s: '%s' is not a number", key, parts[i]), -1;
    if (v[2] == 0)
        return snprintf(err, errlen, "--vary %s: the step is 0 (allowed: a step other than 0)",
                        key),
               -1;
    if ((v[1] - v[0]) * v[2] < 0)
        return snprintf(err, errlen,
                        "--vary %s: the range %g:%g is empty with step %g: the step has the "
                        "wrong sign (allowed: a step of the sign of TO - FROM)",
                        key, v[0], v[1], v[2]),
               -1;
    double count = floor((v[1] - v[0]) / v[2] * (1 + 1e-12) + 1e-9) + 1;
    if (count > SPSIM_SWEEP_MAX_VARIANTS)
        return snprintf(err, errlen,
                        "--vary %s: %.0f values (allowed: at most %d variants in a "
                        "sweep)",
                        key, count, SPSIM_SWEEP_MAX_VARIANTS),
               -1;
    g->n_values[k] = (int)count;
    g->values[k] = malloc((size_t)count * sizeof(double));
    if (!g->values[k]) return snprintf(err, errlen, "out of memory"), -1;
    for (int i = 0; i < (int)count; i++) g->values[k][i] = range_value(v[0], v[2], i);
    return 0;
}

static int parse_list(const char *key, const char *text, spsim_sweep_grid *g, int k, char *err,
                      size_t errlen)
{
    int n = 1;
    for (const char *c = text; *c; c++) n += *c == ',';
    if (n > SPSIM_SWEEP_MAX_VARIANTS)
        return snprintf(err, errlen,
                        "--vary %s: %d values (allowed: at most %d variants in a "
                        "sweep)",
                        key, n, SPSIM_SWEEP_MAX_VARIANTS),
               -1;
    g->values[k] = malloc((size_t)n * sizeof(double));
    if (!g->values[k]) return snprintf(err, errlen, "out of memory"), -1;
    g->n_values[k] = n;
    const char *at = text;
    for (int i = 0; i < n; i++) {
        const char *comma = strchr(at, ',');
        char item[64];
        snprintf(item, sizeof item, "%.*s", (int)(comma ? comma - at : (long)strlen(at)), at);
        if (!spsim_cli_parse_number(item, &g->values[k][i]))
            return snprintf(err, errlen, "--vary %s: '%s' is not a number", key, item), -1;
        at = comma ? comma + 1 : at;
    }
    return 0;
}

int spsim_sweep_parse_vary(const char *spec, spsim_sweep_grid *g, char *err, size_t errlen)
{
    const char *eq = strchr(spec, '=');
    if (!eq || eq == spec || (size_t)(eq - spec) >= sizeof g->keys[0])
        return snprintf(err, errlen, "--vary needs KEY=FROM:TO:STEP or KEY=a,b,c, got '%s'", spec),
               -1;
    char key[128];
    snprintf(key, sizeof key, "%.*s", (int)(eq - spec), spec);
    for (int k = 0; k < g->n_keys; k++)
        if (strcmp(g->keys[k], key) == 0)
            return snprintf(err, errlen, "--vary %s is given twice (allowed: each key once)", key),
                   -1;
    if (g->n_keys == SPSIM_SWEEP_MAX_KEYS)
        return snprintf(err, errlen, "--vary %s: more than %d keys (allowed: at most %d)", key,
                        SPSIM_SWEEP_MAX_KEYS, SPSIM_SWEEP_MAX_KEYS),
               -1;
    const char *text = eq + 1;
    if (!*text)
        return snprintf(err, errlen,
                        "--vary %s: no values after '=' (allowed: FROM:TO:STEP or a,b,c)", key),
               -1;
    int k = g->n_keys;
    int status = strchr(text, ':') ? parse_range(key, text, g, k, err, errlen)
                                   : parse_list(key, text, g, k, err, errlen);
    snprintf(g->keys[k], sizeof g->keys[k], "%s", key);
    g->n_keys++; /* also on failure: the grid owns what was allocated */
    return status;
}

/* ---- arguments ---- */

static int parse_args(int argc, char **argv, sweep_args *a, spsim_sweep_grid *g)
{
    static const struct option options[] = {{"vary", required_argument, 0, 'v'},
                                            {"output", required_argument, 0, 'o'},
                                            {"replications", required_argument, 0, 'r'},
                                            {"threads", required_argument, 0, 'j'},
                                            {"arms", required_argument, 0, 'a'},
                                            {"quiet", no_argument, 0, 'q'},
                                            {"max-memory", required_argument, 0, 'M'},
                                            {"help", no_argument, 0, 'h'},
                                            {0, 0, 0, 0}};
    const char *u = spsim_sweep_usage;
    opterr = 0;
    optind = 1;
    int c;
    char err[512];
    while ((c = getopt_long(argc, argv, ":o:r:j:qh", options, NULL)) != -1) {
        switch (c) {
        case 'v':
            if (spsim_sweep_parse_vary(optarg, g, err, sizeof err) != 0)
                return spsim_cli_usage_error(u, "%s", err);
            break;
        case 'o': a->output = optarg; break;
        case 'a': a->arms = optarg; break;
        case 'q': a->quiet = true; break;
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
    if (!a->scenario) return spsim_cli_usage_error(u, "sweep needs a scenario file");
    if (g->n_keys == 0) return spsim_cli_usage_error(u, "sweep needs at least one --vary");
    int n = spsim_sweep_grid_variants(g);
    if (n > SPSIM_SWEEP_MAX_VARIANTS)
        return spsim_cli_usage_error(u,
                                     "the grid has more than %d variants (allowed: at most %d "
                                     "in one sweep: vary fewer values or take larger steps)",
                                     SPSIM_SWEEP_MAX_VARIANTS, SPSIM_SWEEP_MAX_VARIANTS);
    return 0;
}

/* ---- before running ---- */

/* Every variant resolves, or the first that does not is reported with its values. */
static int check_variants(const spsim_scenario *s, const spsim_sweep_grid *g)
{
    int n = spsim_sweep_grid_variants(g);
    for (int v = 0; v < n; v++) {
        char text[SPSIM_SWEEP_MAX_KEYS][SPSIM_SWEEP_VALUE_MAX];
        spsim_override o[SPSIM_SWEEP_MAX_KEYS];
        for (int k = 0; k < g->n_keys; k++) {
            snprintf(text[k], sizeof text[k], "%.17g", spsim_sweep_grid_value(g, v, k));
            o[k] = (spsim_override){g->keys[k], text[k]};
        }
        spsim_diagnostics d;
        spsim_diagnostics_init(&d, s->path);
        spsim_scenario *varied = spsim_scenario_with_overrides(s, o, g->n_keys, &d);
        if (!varied) {
            fprintf(stderr, "spsim: --vary: variant %d (", v + 1);
            for (int k = 0; k < g->n_keys; k++)
                fprintf(stderr, "%s%s=%.15g", k ? ", " : "", g->keys[k],
                        spsim_sweep_grid_value(g, v, k));
            fprintf(stderr, ") is not a valid scenario:\n");
            spsim_diagnostics_print(&d, stderr);
        }
        spsim_scenario_free(varied);
        spsim_diagnostics_free(&d);
        if (!varied) return SPSIM_EXIT_INVALID;
    }
    return 0;
}

/* ---- the table ---- */

typedef struct {
    int variant, arm;
    double supported, wait, net_cost, wellbys, nmb;
    double acceptability; /* share of replications best among all options; NaN: not shown */
} sweep_row;

/* Mean of the finite values of one figure over replications (NaN when none is finite). */
static double mean_of(const spsim_variant_figures *f, int arm, bool headline, int id)
{
    double sum = 0;
    int n = 0;
    for (int r = 0; r < f->n_replications; r++) {
        size_t at = (size_t)arm * (size_t)f->n_replications + (size_t)r;
        double v = headline ? f->headlines[at * SPSIM_N_HEADLINES + id]
                            : f->totals[at * SPSIM_N_TOTALS + id];
        if (isfinite(v)) sum += v, n++;
    }
    return n ? sum / n : NAN;
}

static int by_nmb(const void *pa, const void *pb)
{
    const sweep_row *a = pa, *b = pb;
    bool fa = isfinite(a->nmb), fb = isfinite(b->nmb);
    if (fa != fb) return fa ? -1 : 1;
    if (fa && a->nmb != b->nmb) return a->nmb > b->nmb ? -1 : 1;
    if (a->variant != b->variant) return a->variant - b->variant;
    return a->arm - b->arm;
}

static void print_row(const spsim_sweep_grid *g, const spsim_sweep_results *r, const sweep_row *row,
                      int rank)
{
    char c[6][40];
    spsim_cli_format(row->supported, 0, c[0], sizeof c[0]);
    spsim_cli_format(row->wait, 2, c[1], sizeof c[1]);
    spsim_cli_format(row->net_cost, 0, c[2], sizeof c[2]);
    spsim_cli_format(row->wellbys, 1, c[3], sizeof c[3]);
    spsim_cli_format(row->nmb, 0, c[4], sizeof c[4]);
    printf("%4d", rank);
    for (int k = 0; k < g->n_keys; k++)
        printf(" %12.6g", spsim_sweep_grid_value(g, row->variant, k));
    printf("  %-14.14s %10s %8s %14s %9s %14s", r->arm_names[row->arm], c[0], c[1], c[2], c[3],
           c[4]);
    if (isfinite(row->acceptability)) printf(" %9.1f", 100.0 * row->acceptability);
    printf("\n");
}

/* The willingness to pay the acceptability is taken at: the scenario's, as the run's decision
 * takes it (its mean when written as a distribution), before any --vary. */
static double sweep_wtp(const spsim_scenario *s)
{
    return s->arms[0].economics.willingness_to_pay_per_wellby_gbp;
}

/* Each option's acceptability when the scenario has parameter distributions (NaN elsewhere:
 * without them the replications differ by chance alone, which is not decision uncertainty). */
static int fill_acceptability(const spsim_scenario *s, const spsim_sweep_results *r,
                              sweep_row *rows, int n)
{
    for (int i = 0; i < n; i++) rows[i].acceptability = NAN;
    if (s->n_uncertain == 0) return 0;
    double *share = malloc((size_t)n * sizeof *share);
    if (!share || spsim_sweep_acceptability(r, sweep_wtp(s), share) != 0) {
        free(share);
        return -1;
    }
    for (int i = 0; i < n; i++) rows[i].acceptability = share[i];
    free(share);
    return 0;
}

/* The lines above the table: what the sweep ran, its keys and, with distributions, what the
 * acceptability column means. */
static void print_heading(const spsim_scenario *s, const spsim_sweep_grid *g,
                          const spsim_sweep_results *r)
{
    int n_arms = r->figures[0].n_arms;
    printf("Sweep of %s: %d variant(s) x %d arm(s), %d replication(s) each (seed %llu), means "
           "over replications,\nranked by net monetary benefit; money in GBP at %d/%02d prices, "
           "discounted\n",
           s->name, r->n_variants, n_arms, r->figures[0].n_replications, s->seed,
           s->arms[0].economics.price_year, (s->arms[0].economics.price_year + 1) % 100);
    if (s->n_uncertain > 0)
        printf("best (%%): the share of replications, each with its own draw of the scenario's %d "
               "distribution(s),\nin which the option has the highest net monetary benefit of all "
               "%d options at %.0f GBP per WELLBY\n(acceptability)\n",
               s->n_uncertain, r->n_variants * n_arms, sweep_wtp(s));
    printf("\n");
    for (int k = 0; k < g->n_keys; k++) {
        const char *unit = spsim_override_unit(g->keys[k]);
        printf("  [%d] %s (%s)\n", k + 1, g->keys[k], unit ? unit : "-");
    }
}

static int print_table(const spsim_scenario *s, const spsim_sweep_grid *g,
                       const spsim_sweep_results *r)
{
    int n_arms = r->figures[0].n_arms, n = r->n_variants * n_arms;
    sweep_row *rows = malloc((size_t)n * sizeof *rows);
    if (!rows) return fprintf(stderr, "spsim: out of memory\n"), SPSIM_EXIT_RUNTIME;
    for (int v = 0; v < r->n_variants; v++)
        for (int a = 0; a < n_arms; a++) {
            const spsim_variant_figures *f = &r->figures[v];
            rows[v * n_arms + a] =
                (sweep_row){v,
                            a,
                            mean_of(f, a, true, SPSIM_HEADLINE_PEOPLE_SUPPORTED),
                            mean_of(f, a, false, SPSIM_TOTAL_WAIT_MEAN),
                            mean_of(f, a, true, SPSIM_HEADLINE_NET_COST),
                            mean_of(f, a, true, SPSIM_HEADLINE_WELLBYS),
                            mean_of(f, a, true, SPSIM_HEADLINE_NET_MONETARY_BENEFIT),
                            NAN};
        }
    if (fill_acceptability(s, r, rows, n) != 0) {
        free(rows);
        return fprintf(stderr, "spsim: out of memory\n"), SPSIM_EXIT_RUNTIME;
    }
    qsort(rows, (size_t)n, sizeof *rows, by_nmb);
    print_heading(s, g, r);
    printf("\nrank");
    for (int k = 0; k < g->n_keys; k++) {
        char label[16];
        snprintf(label, sizeof label, "[%d]", k + 1);
        printf(" %12s", label);
    }
    printf("  %-14s %10s %8s %14s %9s %14s%s\n", "arm", "people", "wait", "net cost", "WELLBYs",
           "net monetary", s->n_uncertain > 0 ? "      best" : "");
    printf("    ");
    for (int k = 0; k < g->n_keys; k++) printf(" %12s", "");
    printf("  %-14s %10s %8s %14s %9s %14s%s\n", "", "supported", "(weeks)", "(GBP)", "(WELLBY)",
           "benefit (GBP)", s->n_uncertain > 0 ? "       (%)" : "");
    for (int i = 0; i < n; i++) print_row(g, r, &rows[i], i + 1);
    free(rows);
    return 0;
}

/* ---- the command ---- */

/* The sweep, then (output not NULL) its file and table. */
static int sweep_and_write(spsim_scenario *s, const spsim_sweep_grid *g, const sweep_args *a,
                           const char *output)
{
    char err[1400];
    int status = check_variants(s, g);
    if (status != 0) return status;
    spsim_run_options opt = {.threads = (int)a->threads,
                             .replications = (int)a->replications,
                             .progress = a->quiet                 ? SPSIM_PROGRESS_NONE
                                         : isatty(fileno(stderr)) ? SPSIM_PROGRESS_BAR
                                                                  : SPSIM_PROGRESS_LINE};
    if (!a->quiet)
        fprintf(stderr, "spsim: %s: %d variant(s) x %d arm(s) x %d replication(s); writing %s\n",
                s->name, spsim_sweep_grid_variants(g), s->n_arms,
                a->replications ? (int)a->replications : s->replications, output);
    spsim_sweep_results r;
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, s->path);
    status = spsim_sweep_run(s, g, &opt, !a->quiet, &r, &d, err, sizeof err);
    if (status != 0) {
        spsim_diagnostics_print(&d, stderr);
        if (err[0]) fprintf(stderr, "spsim: %s\n", err);
        int invalid = d.n > 0;
        spsim_diagnostics_free(&d);
        return invalid ? SPSIM_EXIT_INVALID : SPSIM_EXIT_RUNTIME;
    }
    spsim_diagnostics_free(&d);
    if (!output) { /* another rank writes (engine/ranks.h) */
        spsim_sweep_results_free(&r);
        return 0;
    }
    status = spsim_h5_write_sweep(output, s, g, &r, err, sizeof err);
    if (status != 0)
        fprintf(stderr, "spsim: %s\n", err);
    else
        status = print_table(s, g, &r);
    spsim_sweep_results_free(&r);
    return status ? SPSIM_EXIT_RUNTIME : 0;
}

static int run_sweep(spsim_scenario *s, const spsim_sweep_grid *g, const sweep_args *a)
{
    /* Under mpirun every rank runs the sweep, the runner sharing each variant's replications
     * (every rank ends with all of them); rank 0 alone writes and prints. */
    if (!spsim_rank_is_writer()) return sweep_and_write(s, g, a, NULL);
    char output[1200];
    spsim_output_lock lock;
    int status = spsim_cli_claim_output_or_default(a->output, s->name, "_sweep", output,
                                                   sizeof output, &lock);
    if (status != 0) return status;
    status = sweep_and_write(s, g, a, output);
    spsim_output_release(&lock);
    return status;
}

int spsim_cmd_sweep(int argc, char **argv)
{
    if (spsim_cli_wants_help(argc, argv)) return printf("%s", spsim_sweep_usage), 0;
    sweep_args a = {0};
    spsim_sweep_grid g = {0};
    int status = parse_args(argc, argv, &a, &g);
    spsim_scenario *s = status ? NULL : spsim_scenario_load_reporting(a.scenario, stderr);
    if (!status && !s) status = SPSIM_EXIT_INVALID;
    char err[1024];
    if (s && a.arms && spsim_scenario_select_arms(s, a.arms, err, sizeof err) != 0) {
        fprintf(stderr, "spsim: %s\n", err);
        status = SPSIM_EXIT_USAGE;
    }
    /* each variant is run whole in memory, one after another */
    spsim_run_shape shape = {.replications = (int)a.replications,
                             .threads = (int)a.threads,
                             .runs = spsim_sweep_grid_variants(&g)};
    if (s && !status) status = spsim_cli_guard_memory(s, &shape, a.max_memory_gb, NULL);
    if (!spsim_rank_is_writer()) a.quiet = true;
    if (s && !status) status = run_sweep(s, &g, &a);
    spsim_scenario_free(s);
    spsim_sweep_grid_free(&g);
    return status;
}
