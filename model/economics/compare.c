/* Paired differences of two arms, replication by replication, the probability that the first is
 * better on each headline figure, and the incremental ratios (Δ net cost / Δ WELLBYs, Δ cost /
 * Δ people supported) per replication and for the mean differences. */
#include "compare.h"

#include <math.h>
#include <stdlib.h>

const spsim_incremental_info spsim_incremental_table[SPSIM_N_INCREMENTAL] = {
    [SPSIM_INCREMENTAL_NET_COST_PER_WELLBY] =
        {{"incremental_net_cost_per_wellby", "GBP per WELLBY",
          "first arm minus second, per replication: net cost difference / WELLBY difference "
          "(both discounted), what each extra WELLBY costs; NaN when the WELLBYs are equal",
          false},
         SPSIM_HEADLINE_COST_PER_WELLBY,
         SPSIM_HEADLINE_WELLBYS},
    [SPSIM_INCREMENTAL_COST_PER_PERSON_SUPPORTED] =
        {{"incremental_cost_per_person_supported", "GBP per person",
          "first arm minus second, per replication: cost difference (real terms, undiscounted) / "
          "difference in people supported, what each extra person supported costs; NaN when "
          "the people supported are equal",
          false},
         SPSIM_HEADLINE_COST_PER_PERSON,
         SPSIM_HEADLINE_PEOPLE_SUPPORTED},
};

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
    free(c->incremental);
    c->headlines = NULL;
    c->total_cost_by_year = NULL;
    c->incremental = NULL;
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

/* The numerator's difference in replication r: net cost (discounted) for cost per WELLBY, real
 * undiscounted cost for cost per person, like the arms' own ratios. */
static double numerator_difference(spsim_incremental_id k, struct spsim_economics *a,
                                   struct spsim_economics *b)
{
    if (k == SPSIM_INCREMENTAL_NET_COST_PER_WELLBY)
        return a->headlines[SPSIM_HEADLINE_NET_COST] - b->headlines[SPSIM_HEADLINE_NET_COST];
    return spsim_economics_real_cost(a) - spsim_economics_real_cost(b);
}

/* Per replication Δ numerator / Δ denominator; over replications with both, the ratio of the
 * mean differences and whether every Δ denominator has the sign of their mean. */
static void add_incremental(spsim_comparison *c, const spsim_arm_results *first,
                            const spsim_arm_results *second)
{
    for (int k = 0; k < SPSIM_N_INCREMENTAL; k++) {
        spsim_headline_id d = spsim_incremental_table[k].denominator;
        double sum_num = 0.0, sum_den = 0.0, low = INFINITY, high = -INFINITY;
        for (int r = 0; r < c->n_replications; r++) {
            struct spsim_economics *a = first[r].economics, *b = second[r].economics;
            double num = numerator_difference(k, a, b), den = a->headlines[d] - b->headlines[d];
            double *out = &c->incremental[(size_t)r * SPSIM_N_INCREMENTAL + (size_t)k];
            *out = den != 0.0 && !isnan(den) && !isnan(num) ? num / den : NAN;
            if (isnan(num) || isnan(den)) continue;
            sum_num += num;
            sum_den += den;
            low = fmin(low, den);
            high = fmax(high, den);
        }
        c->incremental_of_means[k] = sum_den != 0.0 ? sum_num / sum_den : NAN;
        c->denominator_keeps_sign[k] =
            (low > 0.0 && sum_den > 0.0) || (high < 0.0 && sum_den < 0.0);
    }
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
    out->incremental = malloc(n * SPSIM_N_INCREMENTAL * sizeof *out->incremental);
    if (!out->headlines || !out->total_cost_by_year || !out->incremental) {
        spsim_comparison_free(out);
        return -1;
    }
    for (size_t r = 0; r < n; r++) {
        struct spsim_economics *a = first[r].economics, *b = second[r].economics;
        for (int h = 0; h < SPSIM_N_HEADLINES; h++)
            out->headlines[r * SPSIM_N_HEADLINES + (size_t)h] = a->headlines[h] - b->headlines[h];
        difference_by_year(out, (int)r, a, b);
    }
    add_incremental(out, first, second);
    if (add_probabilities(out, first, second) != 0) {
        spsim_comparison_free(out);
        return -1;
    }
    return 0;
}
