/* Parameter uncertainty: scenario values written as distributions, and scenarios resolved with
 * drawn values (probabilistic sensitivity analysis; docs/model.md, "Parameter uncertainty").
 *
 * Loading a scenario records every distribution that stands where a number is expected as an
 * uncertain key (spsim_scenario.uncertain, in file order) and resolves the scenario at the keys'
 * means, so a scenario with distributions still has ordinary arms. A run then draws, for each
 * replication, one uniform per uncertain key, turns them into values (spsim_uncertain_values)
 * and runs every arm of the replication with the scenario those values give
 * (spsim_scenario_with_values). */
#ifndef SPSIM_UNCERTAINTY_H
#define SPSIM_UNCERTAINTY_H

#include "distribution.h"
#include "scenario.h"

/* n_uncertain independent uniforms (0,1) -> the keys' values, with any correlated group applied
 * (Gaussian copula: u -> z = Phi^-1(u), z -> L z with L the Cholesky factor of the scenario's
 * correlation matrix, back to u = Phi(z), then each key's quantile). A drawn row of shares is
 * not renormalised here: spsim_scenario_with_values does that, as it writes the row. */
void spsim_uncertain_values(const spsim_scenario *s, const double *u, double *values);

/* The keys' means (spsim_dist_mean): the values a plain load resolves the scenario with. */
void spsim_uncertain_means(const spsim_scenario *s, double *values);

/* A new scenario resolved with uncertain key k set to values[k] and every other key as written;
 * the arm selection of `s` is kept; the result has n_uncertain == 0 (every value fixed), so the
 * runner runs it without parameter draws. NULL with diagnostics when a value is out of range or
 * memory runs out. Free with spsim_scenario_free. */
spsim_scenario *spsim_scenario_with_values(const spsim_scenario *s, const double *values,
                                           spsim_diagnostics *diags);

#endif
