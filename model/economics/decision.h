/* Decision uncertainty between arms (docs/model.md, decision uncertainty): net monetary benefit
 * at any willingness to pay, the cost-effectiveness acceptability curve and frontier, the
 * expected value of perfect information (EVPI) and of partial perfect information on chosen
 * parameters (EVPPI, by regression). Pure functions on arrays: no files, no run.
 *
 * Matrices are row-major by replication: nmb[r * n_arms + a] is arm a's net monetary benefit in
 * replication r (GBP, discounted, over the horizon, for the whole population modelled);
 * params[r * n_keys + k] is the value parameter k took in replication r.
 *
 * Every function here gives the same answer whether it is handed each arm's net monetary
 * benefit or each arm's benefit relative to one reference arm: the decision depends only on
 * the differences between arms in each replication. The run's own figures are passed relative
 * to the first arm (spsim_incremental_nmb), which keeps the acceptability of an arm that buys
 * more WELLBYs at a higher cost exactly non-decreasing in the willingness to pay. */
#ifndef SPSIM_DECISION_H
#define SPSIM_DECISION_H

#include <stdbool.h>

/* The grid of willingness to pay: 0 to 50,000 GBP per WELLBY in steps of 500, with the
 * scenario's own value added in order when it is not on the grid already. */
enum {
    SPSIM_WTP_GRID_STEP_GBP = 500,
    SPSIM_WTP_GRID_MAX_GBP = 50000,
    SPSIM_WTP_GRID_MAX_POINTS = SPSIM_WTP_GRID_MAX_GBP / SPSIM_WTP_GRID_STEP_GBP + 2
};

/* EVPPI's regression needs this many replications per regression term (intercept included): a
 * basis with more terms than n / 5 is not tried (docs/model.md). */
enum {
    SPSIM_EVPPI_REPLICATIONS_PER_TERM = 5
};

/* Net monetary benefit, GBP: willingness to pay (GBP per WELLBY) x WELLBYs - net cost (cost -
 * savings, GBP), both discounted. The one definition: the headline net_monetary_benefit and
 * every decision figure use it. Linear, so applied to two arms' differences in WELLBYs and net
 * cost it gives the difference of their net monetary benefits. */
double spsim_net_monetary_benefit(double wtp_gbp_per_wellby, double wellbys, double net_cost_gbp);

/* Each arm's net monetary benefit at `wtp` minus the first arm's, [r * n_arms + a] (0 for the
 * first arm), from the arms' WELLBYs and net costs in the same layout. */
void spsim_incremental_nmb(const double *wellbys, const double *net_cost_gbp, int n_rep, int n_arms,
                           double wtp_gbp_per_wellby, double *nmb);

/* The grid into wtp (room for SPSIM_WTP_GRID_MAX_POINTS), ascending; returns its length and
 * puts the index of the scenario's own value in *scenario_index. */
int spsim_wtp_grid(double scenario_wtp_gbp_per_wellby, double *wtp, int *scenario_index);

/* share[a]: the share of replications in which arm a has the highest net monetary benefit; a
 * replication where k arms tie for the highest gives each of them 1/k. The shares sum to 1
 * (to rounding). n_rep 0: every share NaN. */
void spsim_acceptability(const double *nmb, int n_rep, int n_arms, double *share);

/* The arm with the highest mean net monetary benefit (the cost-effectiveness frontier's arm);
 * the first in arm order on a tie; -1 when n_rep is 0. */
int spsim_frontier_arm(const double *nmb, int n_rep, int n_arms);

/* EVPI, GBP: mean over replications of the best arm's net monetary benefit minus the best mean
 * net monetary benefit. 0 when one arm is best in every replication; never negative. */
double spsim_evpi(const double *nmb, int n_rep, int n_arms);

typedef struct {
    double evppi_gbp;    /* at most evpi; NaN when too few replications for any basis */
    double uncapped_gbp; /* the regression's own estimate (small-sample bias: upward) */
    bool capped;         /* whether the estimate exceeded EVPI and was cut to it */
    int terms;           /* regression terms of the basis chosen, intercept included: 1 when
                            the parameters never varied, 0 when no basis fitted */
    int degree;          /* its polynomial degree: 1 to 4 for one parameter, 1 or 2 for a group,
                            0 when the parameters never varied */
} spsim_evppi_result;

/* EVPPI of the group of parameters columns[0..n_columns-1] of `params` (Strong, Oakley and
 * Brennan 2014): each arm's net monetary benefit relative to the first arm is regressed on the
 * group; EVPPI = mean_r max_a fitted[r, a] - max_a mean_r fitted[r, a], cut to `evpi`. The basis,
 * in standardised parameters: for one parameter a polynomial of degree 1 to 4, for a group the
 * linear and the full quadratic terms; among those with at most n_rep / 5 terms, the one with
 * the lowest generalised cross-validation score summed over the arms. Parameters that never
 * vary are left out of the group. Returns 0, or -1 when out of memory or a column is out of
 * range. */
int spsim_evppi_regression(const double *nmb, int n_rep, int n_arms, const double *params,
                           int n_keys, const int *columns, int n_columns, double evpi,
                           spsim_evppi_result *out);

/* The decision between arms over the grid and, with parameter draws, EVPPI per parameter. */
typedef struct {
    int n_arms, n_wtp, scenario_index;
    double wtp[SPSIM_WTP_GRID_MAX_POINTS]; /* GBP per WELLBY */
    double *acceptability;                 /* [w * n_arms + a], share of replications */
    int *frontier_arm;                     /* [w] */
    double *evpi_gbp;                      /* [w] */
    int n_replications_used;               /* those where every arm's figures are numbers */
    int n_keys;                            /* parameters drawn per replication (0: none) */
    spsim_evppi_result *evppi;             /* [k] at the scenario's willingness to pay */
} spsim_decision;

/* The decision from each arm's discounted WELLBYs and net cost per replication ([r * n_arms +
 * a]), at the grid around `scenario_wtp`, and, when n_keys > 0, EVPPI of each parameter alone
 * (psa_values [r * n_keys + k]). A replication where any arm's WELLBYs or net cost is not a
 * number is left out. Returns 0, or -1 when out of memory (out freed). */
int spsim_decision_analyse(const double *wellbys, const double *net_cost_gbp, int n_rep, int n_arms,
                           double scenario_wtp, const double *psa_values, int n_keys,
                           spsim_decision *out);
void spsim_decision_free(spsim_decision *d);

#endif
