/* The paired comparison of two arms in the headline table: each money row's difference,
 * replication by replication, with the probability that the first arm does better, then the
 * cost trajectory of both arms beside their difference. The differences are the writer's
 * (/comparisons/<first>_minus_<second>), so the table shows what the file holds rather than
 * working them out again. */
#include "summary_print.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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
    if (H5Lexists(f, summary, H5P_DEFAULT) <= 0) {
        snprintf(err, errlen, "%s has no dataset %s", path, summary);
        return -1;
    }
    hid_t d = H5Dopen2(f, summary, H5P_DEFAULT);
    int status =
        d < 0 ? -1
              : spsim_h5_get_double(d, summary, "probability_first_better", better, err, errlen);
    if (d >= 0) H5Dclose(d);
    return status;
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
    c->years = spsim_summary_read_vector(f, path, "/financial_year", &c->n_years, err, errlen);
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
            print_difference_row(f, path, &p, row, width, out, err, errlen) < 0)
            return -1;
    return print_pair_costs(f, path, &p, out, err, errlen);
}
