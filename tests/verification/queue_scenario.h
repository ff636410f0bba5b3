/* A one-locality scenario built in code, for checks against queueing theory: Poisson referrals
 * at a constant rate, every referral taken up, exponential episodes (one contact followed by an
 * exponential interval), fixed capacity. Reneging and drop-out are off unless a test turns them on. */
#ifndef SPSIM_TEST_QUEUE_SCENARIO_H
#define SPSIM_TEST_QUEUE_SCENARIO_H

#include <stdlib.h>
#include <string.h>
#include "scenario/params.h"

/* arrivals_per_week referrals, `slots` caseload slots, mean episode `episode_weeks`. */
static inline spsim_scenario *queue_scenario(double arrivals_per_week, int slots,
                                             double episode_weeks, int n_weeks, int replications)
{
    spsim_scenario *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    strcpy(s->name, "queue");
    s->seed = 12345;
    s->replications = replications;
    s->n_weeks = n_weeks;
    s->horizon_years = n_weeks / SPSIM_WEEKS_PER_YEAR;
    s->n_arms = 1;
    spsim_arm_params *a = &s->arms[0];
    strcpy(a->name, "base");
    a->n_localities = 1;
    spsim_locality *l = &a->localities[0];
    strcpy(l->name, "only");
    /* 1,000 residents at 1 referral per resident per year, scaled to the wanted weekly rate. */
    l->population[SPSIM_AGE_30_49] = 1000.0;
    l->deprivation = 0.2; /* England's share: deprivation factor exactly 1 */
    l->fit = 1.0;
    l->uptake_ratio = 1.0;
    l->dropout_ratio = 1.0;
    a->referral.base_rate_per_1000_per_year = arrivals_per_week * SPSIM_WEEKS_PER_YEAR;
    a->referral.deprivation_rate_ratio = 1.0;
    a->referral.maturity_start_fraction = 1.0;
    a->referral.maturity_years = 0.0;
    a->referral.source_share[SPSIM_SOURCE_GP] = 1.0;
    a->referral.need_share[SPSIM_NEED_LONELINESS] = 1.0;
    a->uptake.probability = 1.0;
    a->uptake.self_referral_probability = 1.0;
    a->support.contacts_mean = 1.0;
    a->support.contacts_dispersion = 1.0;
    a->support.contact_interval_weeks = episode_weeks;
    a->support.contact_interval_shape = 1.0; /* exponential */
    a->reneging.enabled = false;
    a->outcomes.enabled = true;
    /* No community activity unless a test adds groups: everyone agreeing activities finds no
     * place and does not wait for one. */
    a->community = (spsim_community_params){.enabled = true,
                                            .agreement_contact = 1,
                                            .place_weeks_mean = 10,
                                            .place_weeks_shape = 1,
                                            .group_size = 4,
                                            .closure_per_year = 0.1,
                                            .funded_closure_ratio = 0.5,
                                            .unmet_need_memory_weeks = 13};
    for (int n = 0; n < SPSIM_N_NEEDS; n++)
        a->community.need_activity[n][SPSIM_ACTIVITY_PEER_SUPPORT] = 1.0;
    a->builders = (spsim_builder_params){.trust_midpoint_weeks = 52, .trust_90_weeks = 104};
    spsim_staff_plan *lw = &l->link_workers;
    lw->n_steps = 1;
    lw->steps[0] = (spsim_fte_step){0.0, 1.0};
    lw->caseload_per_fte = slots;
    lw->posts_filled_at_start = true;
    return s;
}

#endif
