/* Warnings that need resolved values, per arm and locality: expected take-ups against what the
 * funded link workers can see (not for do_nothing, which funds none on purpose), fte plans that
 * allocation: formula ignores, and pooling with no neighbours to pool with. Never fatal. */
#ifndef SPSIM_PLAUSIBILITY_H
#define SPSIM_PLAUSIBILITY_H

#include "yaml_tree.h"

void spsim_resolve_warnings(const spsim_ynode *root, const spsim_scenario *s,
                            spsim_diagnostics *diags);

/* Expected take-ups per year at maturity: population x rate / 1000 x deprivation factor x
 * uptake probability (people per year). */
double spsim_expected_uptakes_per_year(const spsim_arm_params *arm, const spsim_locality *loc);
/* People per year that `fte` link workers can support:
 * fte x caseload_per_fte x 52.18 / (contacts_mean x contact_interval_weeks). */
double spsim_link_worker_throughput_per_year(const spsim_arm_params *arm, const spsim_locality *loc,
                                             double fte);

#endif
