/* Warnings that need resolved values, per arm and locality: expected take-ups against what the
 * funded link workers can see (not for do_nothing, which funds none on purpose; reneging bounds
 * a queue that would otherwise grow), a locality offered nothing, fte plans that
 * allocation: formula ignores, and pooling with no neighbours to pool with. Never fatal. */
#ifndef SPSIM_PLAUSIBILITY_H
#define SPSIM_PLAUSIBILITY_H

#include "yaml_tree.h"

void spsim_resolve_warnings(const spsim_ynode *root, const spsim_scenario *s,
                            spsim_diagnostics *diags);

/* Expected take-ups per year at maturity: population x rate / 1000 x deprivation factor x
 * uptake probability (people per year). */
double spsim_expected_uptakes_per_year(const spsim_arm_params *arm, const spsim_locality *loc);
/* Mean weeks a slot is held, drop-out included: the scheduling delay plus, for those who turn
 * up, E[min(episode, drop-out)] = (1 - exp(-h x episode)) / h, episode = contacts_mean x
 * contact_interval_weeks, h the drop-out hazard times the locality's dropout_ratio. */
double spsim_mean_slot_weeks_with_dropout(const spsim_arm_params *arm, const spsim_locality *loc);
/* People per year that `fte` link workers can support:
 * fte x slots per FTE (spsim_slots_per_fte) x 52.18 / mean weeks a slot is held. */
double spsim_link_worker_throughput_per_year(const spsim_arm_params *arm, const spsim_locality *loc,
                                             double fte);

#endif
