/* The paired comparison of two arms in the headline table: each money row's difference,
 * replication by replication, with the probability that the first arm does better (the costs
 * per WELLBY and per person as incremental ratios instead, and the willingness to pay under net
 * monetary benefit), then the
 * cost trajectory of both arms beside their difference. The differences are the writer's
 * (/comparisons/<first>_minus_<second>), so the table shows what the file holds rather than
 * working them out again. */
#include "summary_print.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../economics/compare.h"
#include "../io/h5util.h"

/* Two arms compared: names, and their group /comparisons/<first>_minus_<second>. */
typedef struct {
    const char *first, *second;
    char group[300];
} arm_pair;

/* The cost trajectory as three R x Y matrices: the first arm, the second and their difference. */
typedef struct {
    size_t n_years, n_rep;
    double *years, *cost[3];
} pair_costs;

/* ---- headline differences ---- */

/* P(first better): an attribute of the difference's summary dataset `summary`. */
static int read_probability_better(hid_t f, const char *path, const char *summary, double *better,
                                   char *err, size_t errlen)
{
    return spsim_h5_get_dataset_double(f, path, summary, "probability_first_better", better, err,
                                       errlen);
}

/* One headline difference: its statistics across replications and P(first better), the
 * attribute of its summary, right-aligned in `width` characters. */
static int print_difference_row(hid_t f, const char *path, const arm_pair *p, int row, int width,
                                FILE *out, char *err, size_t errlen)
{
    const spsim_summary_money_row *m = &spsim_summary_money_rows[row];
    const char *headline = spsim_headline_table[m->headline].name;
    char name[512], summary[512], probability[24];
    snprintf(name, sizeof name, "%s/headlines/%s", p->group, headline);
    snprintf(summary, sizeof summary, "%s/headlines_summary/%s", p->group, headline);
    double st[SPSIM_N_STATS], better = NAN;
    if (spsim_summary_describe_dataset(f, path, name, st, err, errlen) < 0 ||
        read_probability_better(f, path, summary, &better, err, errlen) < 0)
        return -1;
    /* Break-even years differ by years: one decimal, not a financial year. */
    bool break_even = m->headline == SPSIM_HEADLINE_BREAK_EVEN_YEAR;
    number_style style = break_even ? SHOW_ONE_DECIMAL : m->style;
    const char *label = break_even ? "Break-even year (years)" : m->label;
    char mean[48], lo[48], hi[48], interval[120];
    spsim_summary_format_number(st[SPSIM_STAT_MEAN], style, mean, sizeof mean);
    spsim_summary_format_number(st[SPSIM_STAT_P5], style, lo, sizeof lo);
    spsim_summary_format_number(st[SPSIM_STAT_P95], style, hi, sizeof hi);
    snprintf(interval, sizeof interval, "%s to %s", lo, hi);
    spsim_summary_format_number(better, SHOW_TWO_DECIMALS, probability, sizeof probability);
    fprintf(out, "  %-38s %14s   %-32s %*s\n", label, mean, interval, width, probability);
    return 0;
}

/* ---- incremental ratios ---- */

/* The incremental ratio standing for headline h's difference, or -1: a difference of two arms'
 * costs per WELLBY (or per person) is not what the extra cost buys. */
static int incremental_for(spsim_headline_id h)
{
    for (int k = 0; k < SPSIM_N_INCREMENTAL; k++)
        if (spsim_incremental_table[k].replaces == h) return k;
    return -1;
}

static const char *const incremental_label[SPSIM_N_INCREMENTAL] = {
    [SPSIM_INCREMENTAL_NET_COST_PER_WELLBY] = "Incremental net cost per WELLBY (GBP)",
    [SPSIM_INCREMENTAL_COST_PER_PERSON_SUPPORTED] = "Incremental cost per person (GBP)",
};

/* Δ numerator / Δ denominator: the ratio of the mean differences in the mean column, the 5 %
 * and 95 % points of the per-replication ratios beside it (n/a when the denominator's
 * difference changes sign between replications, where those ratios mean nothing); no
 * probability, since a ratio has no better direction of its own (net monetary benefit does). */
static int print_incremental_row(hid_t f, const char *path, const arm_pair *p, int k, int width,
                                 FILE *out, char *err, size_t errlen)
{
    const char *name = spsim_incremental_table[k].info.name;
    char values[512], summary[512];
    snprintf(values, sizeof values, "%s/%s", p->group, name);
    snprintf(summary, sizeof summary, "%s/%s_summary", p->group, name);
    double st[SPSIM_N_STATS], ratio = NAN, keeps_sign = 0;
    if (spsim_summary_describe_dataset(f, path, values, st, err, errlen) < 0) return -1;
    if (H5Lexists(f, summary, H5P_DEFAULT) <= 0) {
        snprintf(err, errlen, "%s has no dataset %s", path, summary);
        return -1;
    }
    hid_t d = H5Dopen2(f, summary, H5P_DEFAULT);
    int status =
        d < 0 ? -1
              : spsim_h5_get_double(d, summary, "ratio_of_mean_differences", &ratio, err, errlen);
    if (status == 0)
        status =
            spsim_h5_get_double(d, summary, "denominator_keeps_sign", &keeps_sign, err, errlen);
    if (d >= 0) H5Dclose(d);
    if (status < 0) return -1;
    char mean[48], lo[48], hi[48], interval[120];
    spsim_summary_format_number(ratio, SHOW_WHOLE, mean, sizeof mean);
    spsim_summary_format_number(keeps_sign ? st[SPSIM_STAT_P5] : NAN, SHOW_WHOLE, lo, sizeof lo);
    spsim_summary_format_number(keeps_sign ? st[SPSIM_STAT_P95] : NAN, SHOW_WHOLE, hi, sizeof hi);
    snprintf(interval, sizeof interval, "%s to %s", lo, hi);
    fprintf(out, "  %-38s %14s   %-32s %*s\n", incremental_label[k], mean, interval, width, "n/a");
    return 0;
}

/* The willingness to pay behind both arms' net monetary benefit, under its difference. */
static int print_pair_willingness_to_pay(hid_t f, const char *path, const arm_pair *p, FILE *out,
                                         char *err, size_t errlen)
{
    double wtp[2];
    if (spsim_summary_read_willingness_to_pay(f, path, p->first, &wtp[0], err, errlen) < 0 ||
        spsim_summary_read_willingness_to_pay(f, path, p->second, &wtp[1], err, errlen) < 0)
        return -1;
    char text[2][48];
    for (int a = 0; a < 2; a++)
        spsim_summary_format_number(wtp[a], SHOW_WHOLE, text[a], sizeof text[a]);
    if (wtp[0] == wtp[1])
        fprintf(out, "    (WELLBYs valued at a willingness to pay of %s GBP each)\n", text[0]);
    else
        fprintf(out, "    (WELLBYs valued at %s GBP each in %s, %s in %s)\n", text[0], p->first,
                text[1], p->second);
    return 0;
}

/* One row of the comparison: a headline's difference, or the incremental ratio standing for it,
 * with the willingness to pay under net monetary benefit. */
static int print_comparison_row(hid_t f, const char *path, const arm_pair *p, int row, int width,
                                FILE *out, char *err, size_t errlen)
{
    spsim_headline_id h = spsim_summary_money_rows[row].headline;
    int k = incremental_for(h);
    if (k >= 0) return print_incremental_row(f, path, p, k, width, out, err, errlen);
    if (print_difference_row(f, path, p, row, width, out, err, errlen) < 0) return -1;
    if (h == SPSIM_HEADLINE_NET_MONETARY_BENEFIT)
        return print_pair_willingness_to_pay(f, path, p, out, err, errlen);
    return 0;
}

/* ---- the cost trajectory ---- */

/* Reads the years and the three matrices, each only once the one before was read; they must
 * agree on the number of replications, since the difference is paired replication by
 * replication. */
static int read_pair_costs(hid_t f, const char *path, const arm_pair *p, pair_costs *c, char *err,
                           size_t errlen)
{
    size_t n_rep[3] = {0, 0, 0};
    char name[512];
    snprintf(name, sizeof name, "%s/total_cost_by_year", p->group);
    c->years =
        spsim_summary_read_vector(f, path, "/financial_year_start", &c->n_years, err, errlen);
    if (c->years)
        c->cost[0] = spsim_summary_read_arm_cost_by_year(f, path, p->first, c->n_years, &n_rep[0],
                                                         err, errlen);
    if (c->cost[0])
        c->cost[1] = spsim_summary_read_arm_cost_by_year(f, path, p->second, c->n_years, &n_rep[1],
                                                         err, errlen);
    if (c->cost[1])
        c->cost[2] =
            spsim_summary_read_by_year(f, path, name, c->n_years, 1, 0, &n_rep[2], err, errlen);
    if (!c->cost[2]) return -1;
    if (n_rep[1] != n_rep[0] || n_rep[2] != n_rep[0]) {
        snprintf(err, errlen,
                 "%s: arms %s and %s and their comparison have different numbers "
                 "of replications",
                 path, p->first, p->second);
        return -1;
    }
    c->n_rep = n_rep[0];
    return 0;
}

/* "mean (p5 to p95)" of one cell of the cost trajectory. */
static void format_cell(const double st[SPSIM_N_STATS], char *buf, size_t len)
{
    char mean[40], lo[40], hi[40];
    spsim_summary_format_number(st[SPSIM_STAT_MEAN], SHOW_WHOLE, mean, sizeof mean);
    spsim_summary_format_number(st[SPSIM_STAT_P5], SHOW_WHOLE, lo, sizeof lo);
    spsim_summary_format_number(st[SPSIM_STAT_P95], SHOW_WHOLE, hi, sizeof hi);
    snprintf(buf, len, "%s (%s to %s)", mean, lo, hi);
}

/* One row a financial year; `scratch` holds 2 R doubles. */
static void print_cost_rows(FILE *out, const arm_pair *p, const pair_costs *c, double *scratch)
{
    fprintf(out, "  Cost by financial year (GBP, real terms, discounted): mean (p5 to p95)\n");
    fprintf(out, "    %-9s %-36s %-36s %s\n", "year", p->first, p->second, "difference");
    for (size_t y = 0; y < c->n_years; y++) {
        char year[16], cell[3][144];
        spsim_summary_format_financial_year(c->years[y], year, sizeof year);
        for (int k = 0; k < 3; k++) {
            double st[SPSIM_N_STATS];
            spsim_summary_describe_year(c->cost[k], c->n_rep, c->n_years, y, scratch, st);
            format_cell(st, cell[k], sizeof cell[k]);
        }
        fprintf(out, "    %-9s %-36s %-36s %s\n", year, cell[0], cell[1], cell[2]);
    }
}

/* The cost trajectory: each financial year's discounted cost in both arms and their paired
 * difference, each as mean (p5 to p95). Nothing is printed unless all of it was read. */
static int print_pair_costs(hid_t f, const char *path, const arm_pair *p, FILE *out, char *err,
                            size_t errlen)
{
    pair_costs c = {.years = NULL, .cost = {NULL, NULL, NULL}};
    double *scratch = NULL;
    int status = read_pair_costs(f, path, p, &c, err, errlen);
    if (status == 0 && !(scratch = malloc(2 * c.n_rep * sizeof *scratch))) {
        snprintf(err, errlen, "out of memory reading the costs of %s", path);
        status = -1;
    }
    if (status == 0) print_cost_rows(out, p, &c, scratch);
    free(scratch);
    for (int k = 0; k < 3; k++) free(c.cost[k]);
    free(c.years);
    return status;
}

/* ---- the pair ---- */

/* The investors' rows appear only when both arms had investors: against an arm without a bond
 * they say nothing the arm's own block does not. */
int spsim_summary_print_pair(hid_t f, const char *path, const char *first, const char *second,
                             FILE *out, char *err, size_t errlen)
{
    arm_pair p = {first, second, ""};
    snprintf(p.group, sizeof p.group, "/comparisons/%s_minus_%s", first, second);
    int investors[2] = {spsim_summary_used_investors(f, path, first, err, errlen),
                        spsim_summary_used_investors(f, path, second, err, errlen)};
    if (investors[0] < 0 || investors[1] < 0) return -1;
    char better[96];
    snprintf(better, sizeof better, "P(%s better)", first);
    fprintf(out, "\n%s minus %s, replication by replication\n", first, second);
    fprintf(out, "  %-38s %14s   %-32s %s\n", "", "mean", "90% interval (p5 to p95)", better);
    int width = (int)strlen(better); /* probabilities right-aligned under their heading */
    for (int row = 0; row < spsim_summary_n_money_rows; row++)
        if (((investors[0] && investors[1]) || !spsim_summary_is_investor_row(row)) &&
            print_comparison_row(f, path, &p, row, width, out, err, errlen) < 0)
            return -1;
    return print_pair_costs(f, path, &p, out, err, errlen);
}
