/* Workforce sizing (MODEL.md section 8; docs/sizing.md): the smallest link-worker or builder
 * FTE per locality that meets every service target in at least a stated share of replications,
 * searched with common random numbers over variants of a scenario (engine/variants.h).
 *
 * The search assumes that meeting the targets is monotone in the FTE: more staff never makes a
 * target harder to meet. That holds in expectation for the metrics below (with link workers:
 * waits, time to first contact, caseload per FTE; with builders: people never connected), but
 * with finitely many replications it can fail by chance, so the answer is the smallest FTE on
 * the bisection's path that meets the targets with one step less failing, in the same
 * replications, not a proof that no smaller FTE would. */
#ifndef SPSIM_SIZING_H
#define SPSIM_SIZING_H

#include <stdbool.h>
#include <stddef.h>

#include "variants.h"

typedef enum {
    SPSIM_METRIC_WAIT_MEAN,
    SPSIM_METRIC_WAIT_P90,
    SPSIM_METRIC_FIRST_CONTACT_MEAN,
    SPSIM_METRIC_NEVER_CONNECTED_SHARE,
    SPSIM_METRIC_CASELOAD_PER_FTE,
    SPSIM_N_METRICS
} spsim_metric;

/* Every metric is measured per locality, on the locality's own people (results/locality_totals.h
 * for the waits and connection figures), so each locality is judged against its own target. */
typedef struct {
    const char *name; /* as written in a target: "wait_p90_weeks" */
    const char *units;
    const char *description;
} spsim_metric_info;

extern const spsim_metric_info spsim_metric_table[SPSIM_N_METRICS];

typedef struct {
    spsim_metric metric;
    bool at_least; /* METRIC >= VALUE; otherwise METRIC <= VALUE */
    double value;
} spsim_target;

typedef enum {
    SPSIM_LEVER_LINK_WORKERS,
    SPSIM_LEVER_BUILDERS
} spsim_lever;

/* "link_workers", "builders": the section of a locality the lever sets. */
extern const char *const spsim_lever_section[2];

enum {
    SPSIM_SIZING_MAX_TARGETS = 8
};

typedef struct {
    int arm; /* index of the arm sized, in the scenario */
    spsim_lever lever;
    double step;       /* FTE: every answer is a multiple of it */
    double confidence; /* share of replications that must meet every target */
    int n_targets;
    spsim_target targets[SPSIM_SIZING_MAX_TARGETS];
    double from_week; /* the sized FTE from this week; the plan's before it (0: from the start) */
    spsim_run_options run;
    bool progress; /* a line per evaluation on stderr */
} spsim_sizing_request;

typedef struct {
    bool common_scale; /* every locality by one scale factor: the arm pools slots (spsim_size) */
    int n_localities;
    double plan_fte[SPSIM_MAX_LOCALITIES];  /* the scenario's FTE at the end of its plan */
    double fte[SPSIM_MAX_LOCALITIES];       /* the answer */
    bool found[SPSIM_MAX_LOCALITIES];       /* false: not met even at 1000 FTE (registry cap) */
    double met_share[SPSIM_MAX_LOCALITIES]; /* replications meeting the targets at fte */
    double met_share_one_less[SPSIM_MAX_LOCALITIES]; /* ... at one step less (NaN at 0) */
    double gbp_per_fte_year; /* the economics' full cost of one FTE, at price-year prices */
    int evaluations;         /* scenario runs the search took */
} spsim_sizing_result;

/* Sizes every locality of the request's arm. Per locality, one at a time with the others at
 * their scenario plan, each against its own targets, when the arm does not pool slots; when it
 * pools (a neighbour's staff shorten this locality's waits, so localities cannot be sized
 * apart) by one common scale factor until every locality meets its own targets in the same
 * replication: step index n gives locality l the FTE n x step x plan_l / largest plan, rounded
 * up to the step (by population when no locality has a plan), so the largest moves one step at
 * a time. Either way: doubling from the plan to an FTE that meets the targets, then bisection
 * on the step grid. Returns 0, or -1 with diagnostics or a message in err. */
int spsim_size(const spsim_scenario *s, const spsim_sizing_request *q, spsim_sizing_result *out,
               spsim_diagnostics *diags, char *err, size_t errlen);

/* Runs the arm with locality l at fte[l] for every l and fills met_share[l], the share of
 * replications in which locality l meets its targets. Returns 0, or -1 as spsim_size. */
int spsim_size_evaluate(const spsim_scenario *s, const spsim_sizing_request *q, const double *fte,
                        double *met_share, spsim_diagnostics *diags, char *err, size_t errlen);

/* The override text that funds `fte` in locality l of the arm: a number from the start, or the
 * plan's steps before from_week followed by {from: DATE, fte: fte}. */
void spsim_size_fte_value(const spsim_scenario *s, const spsim_sizing_request *q, int l, double fte,
                          char *buf, size_t len);

#endif
