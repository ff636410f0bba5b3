/* Offer and uptake (docs/model.md, "Offer and uptake"): whether a referred person takes up social
 * prescribing. Declining is recorded as SNOMED CT 871711000000103 (offered: 871691000000100). */
#ifndef SPSIM_UPTAKE_H
#define SPSIM_UPTAKE_H

#include <stdbool.h>
#include "person.h"
#include "scenario/params.h"

/* Wait (weeks) a person would expect on referral: none while a slot is free and nobody queues;
 * otherwise the people ahead (plus this one) served at slots / mean episode length per week. */
double spsim_expected_wait_weeks(int waiting, int in_support, int slots,
                                 double mean_episode_weeks);

/* Take-up probability: by source (self-referrals take up more), lowered by the expected wait. */
double spsim_uptake_probability(const spsim_uptake_params *u, spsim_referral_source source,
                                double expected_wait_weeks);

bool spsim_takes_up(const spsim_uptake_params *u, const spsim_person *person,
                    double expected_wait_weeks);

#endif
