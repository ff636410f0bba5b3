/* Paired comparisons of two arms: in each replication, the first arm's headline figures and
 * discounted cost of each financial year minus the second's, and over replications the
 * probability that the first arm does better on each figure.
 *
 * Arms of one replication share their random numbers (common random numbers), so a difference
 * taken within a replication is far less noisy than a difference of the arms' means. */
#ifndef SPSIM_COMPARE_H
#define SPSIM_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

#include "economics.h"

/* Incremental ratios of two arms: what the first arm's extra cost buys, Δ numerator / Δ
 * denominator. A difference of the arms' own ratios (cost per WELLBY) says nothing of the kind,
 * so comparisons report these instead. */
typedef enum {
    SPSIM_INCREMENTAL_NET_COST_PER_WELLBY,       /* Δ net cost / Δ WELLBYs, both discounted */
    SPSIM_INCREMENTAL_COST_PER_PERSON_SUPPORTED, /* Δ real undiscounted cost / Δ people */
    SPSIM_N_INCREMENTAL
} spsim_incremental_id;

typedef struct {
    spsim_series_info info;
    spsim_headline_id replaces;    /* the arm ratio whose difference it stands for */
    spsim_headline_id denominator; /* headline whose difference divides */
} spsim_incremental_info;

extern const spsim_incremental_info spsim_incremental_table[SPSIM_N_INCREMENTAL];

typedef struct {
    int n_replications;
    int first_year, n_years;    /* financial years, as in the arms' economics */
    double *headlines;          /* [replication * SPSIM_N_HEADLINES + h]: first - second */
    double *total_cost_by_year; /* [replication * n_years + year]: discounted, real terms,
                                      first - second */
    /* Share of replications in which the first arm is better (NaN when the figure has no
     * better direction or no replication has both values). */
    double probability_first_better[SPSIM_N_HEADLINES];
    /* [replication * SPSIM_N_INCREMENTAL + k]: Δ numerator / Δ denominator of that replication
     * (NaN when the denominators are equal or either is NaN). */
    double *incremental;
    /* The ratio of the mean differences over the replications with both (the incremental
     * ratio of the expected values, the usual central figure), and whether every such
     * replication's Δ denominator has that mean's sign (when not, per-replication ratios mix
     * signs and their spread means nothing). */
    double incremental_of_means[SPSIM_N_INCREMENTAL];
    bool denominator_keeps_sign[SPSIM_N_INCREMENTAL];
} spsim_comparison;

/* P(first better) on headline h from the arms' values in n replications. A replication where
 * either value is NaN does not count, except for the break-even year, where NaN means never
 * (later than any year). Ties are not better. */
double spsim_probability_first_better(spsim_headline_id h, const double *first,
                                      const double *second, size_t n);

/* Compares arm results first[r] with second[r] for r < n_replications (each with economics over
 * the same financial years). Returns 0, or -1 when out of memory or the years differ. */
int spsim_compare_arms(const spsim_arm_results *first, const spsim_arm_results *second,
                       int n_replications, spsim_comparison *out);
void spsim_comparison_free(spsim_comparison *c);

#endif
