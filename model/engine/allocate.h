/* Allocating a yearly budget (docs/sizing.md, "spsim allocate"): the split across link workers,
 * builders and the VCSE funding streams of an arm that maximises the mean net monetary benefit
 * over replications, searched on a coarse-to-fine grid of shares of the budget, every candidate
 * a variant of the scenario (engine/variants.h) run with common random numbers.
 *
 * A share s of the budget B buys, for staff, s x B / (the full yearly cost of one FTE) FTE in
 * all, placed by the plan's share of each locality (by population when the arm plans none) and
 * rounded down to 0.1 FTE, fixed from the start of the horizon; for grants, every funding stream
 * of the arm scaled by s x B / what the streams spend a year as written, rounded down to whole
 * GBP. Rounding down means a split never spends more than the budget. */
#ifndef SPSIM_ALLOCATE_H
#define SPSIM_ALLOCATE_H

#include <stdbool.h>
#include <stddef.h>

#include "variants.h"

typedef enum {
    SPSIM_SPEND_LINK_WORKERS,
    SPSIM_SPEND_BUILDERS,
    SPSIM_SPEND_GRANTS,
    SPSIM_N_SPEND
} spsim_spend;

/* "link_workers", "builders", "grants" */
extern const char *const spsim_spend_key[SPSIM_N_SPEND];

typedef struct {
    int arm;
    double budget_gbp_per_year;
    bool over[SPSIM_N_SPEND]; /* the kinds of spending the budget may go to */
    spsim_run_options run;
    bool progress;
} spsim_allocation_request;

typedef struct {
    double share[SPSIM_N_SPEND];        /* of the budget, the best split */
    double gbp_per_year[SPSIM_N_SPEND]; /* what the best split spends a year (after rounding) */
    double lw_fte[SPSIM_MAX_LOCALITIES], builder_fte[SPSIM_MAX_LOCALITIES];
    double grant_scale;               /* on every funding stream's gbp_per_year */
    double nmb_mean, nmb_p5, nmb_p95; /* net monetary benefit over replications, GBP */
    double runner_up_nmb_mean;        /* the second-best split evaluated (NaN: none) */
    double beats_runner_up;           /* share of replications in which the best's net
                                         monetary benefit exceeds the runner-up's */
    double runner_up_share[SPSIM_N_SPEND];
    int evaluations;
} spsim_allocation_result;

/* Returns 0, or -1 with diagnostics or a message in err (also when the arm has nothing a kind
 * of spending could buy: no funding streams for grants). */
int spsim_allocate(const spsim_scenario *s, const spsim_allocation_request *q,
                   spsim_allocation_result *out, spsim_diagnostics *diags, char *err,
                   size_t errlen);

#endif
