/* Paired differences of two arms, replication by replication, and the probability that the
 * first is better on each headline figure. */
#include "compare.h"

#include <math.h>
#include <stdlib.h>

/* A value for ordering: the break-even year's NaN is "never", after every year. */
static double ordered(spsim_headline_id h, double v)
{
    return h == SPSIM_HEADLINE_BREAK_EVEN_YEAR && isnan(v) ? INFINITY : v;
}

double spsim_probability_first_better(spsim_headline_id h, const double *first,
                                      const double *second, size_t n)
{
    spsim_direction better = spsim_headline_direction[h];
    if (better == SPSIM_NEITHER_IS_BETTER) return NAN;
    size_t counted = 0, wins = 0;
    for (size_t r = 0; r < n; r++) {
        double a = ordered(h, first[r]), b = ordered(h, second[r]);
        if (isnan(a) || isnan(b)) continue;
        counted++;
        wins += better == SPSIM_HIGHER_IS_BETTER ? a > b : a < b;
    }
    return counted > 0 ? (double)wins / (double)counted : NAN;
}

void spsim_comparison_free(spsim_comparison *c)
{
    free(c->headlines);
    free(c->total_cost_by_year);
    c->headlines = NULL;
    c->total_cost_by_year = NULL;
}

static int same_years(const spsim_arm_results *first, const spsim_arm_results *second, int n)
{
    const struct spsim_economics *e0 = first[0].economics;
    for (int r = 0; r < n; r++) {
        const struct spsim_economics *a = first[r].economics, *b = second[r].economics;
        if (!a || !b || a->first_year != e0->first_year || a->n_years != e0->n_years ||
            b->first_year != e0->first_year || b->n_years != e0->n_years)
            return 0;
    }
    return 1;
}

static void difference_by_year(spsim_comparison *c, int r, struct spsim_economics *a,
                               struct spsim_economics *b)
{
    for (int y = 0; y < c->n_years; y++)
        c->total_cost_by_year[(size_t)r * (size_t)c->n_years + (size_t)y] =
            *spsim_economics_at(a, SPSIM_FY_TOTAL_COST, y, SPSIM_MONEY_DISCOUNTED, 0) -
            *spsim_economics_at(b, SPSIM_FY_TOTAL_COST, y, SPSIM_MONEY_DISCOUNTED, 0);
}

/* P(first better) of every headline, from the arms' values gathered one headline at a time. */
static int add_probabilities(spsim_comparison *c, const spsim_arm_results *first,
                             const spsim_arm_results *second)
{
    size_t n = (size_t)c->n_replications;
    double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    int status = a && b ? 0 : -1;
    for (int h = 0; h < SPSIM_N_HEADLINES && status == 0; h++) {
        for (size_t r = 0; r < n; r++) {
            a[r] = first[r].economics->headlines[h];
            b[r] = second[r].economics->headlines[h];
        }
        c->probability_first_better[h] = spsim_probability_first_better(h, a, b, n);
    }
    free(a);
    free(b);
    return status;
}

int spsim_compare_arms(const spsim_arm_results *first, const spsim_arm_results *second,
                       int n_replications, spsim_comparison *out)
{
    *out = (spsim_comparison){.n_replications = n_replications};
    if (n_replications < 1 || !same_years(first, second, n_replications)) return -1;
    out->first_year = first[0].economics->first_year;
    out->n_years = first[0].economics->n_years;
    size_t n = (size_t)n_replications;
    out->headlines = malloc(n * SPSIM_N_HEADLINES * sizeof *out->headlines);
    out->total_cost_by_year = malloc(n * (size_t)out->n_years * sizeof *out->total_cost_by_year);
    if (!out->headlines || !out->total_cost_by_year) {
        spsim_comparison_free(out);
        return -1;
    }
    for (size_t r = 0; r < n; r++) {
        struct spsim_economics *a = first[r].economics, *b = second[r].economics;
        for (int h = 0; h < SPSIM_N_HEADLINES; h++)
            out->headlines[r * SPSIM_N_HEADLINES + (size_t)h] = a->headlines[h] - b->headlines[h];
        difference_by_year(out, (int)r, a, b);
    }
    if (add_probabilities(out, first, second) != 0) {
        spsim_comparison_free(out);
        return -1;
    }
    return 0;
}
