/* Offer and uptake (docs/model.md, "Offer and uptake"): whether a referred person takes up social
 * prescribing. Declining is recorded as SNOMED CT 871711000000103 (offered: 871691000000100). */
#ifndef SPSIM_UPTAKE_H
#define SPSIM_UPTAKE_H

#include <stdbool.h>
#include "person.h"
#include "scenario/params.h"

/* Wait (weeks) a person would expect on referral: none while a slot is free and nobody queues;
 * otherwise the people ahead (plus this one) served at slots / mean episode length per week. */
double spsim_expected_wait_weeks(int waiting, int in_support, int slots, double mean_episode_weeks);

/* Take-up probability: by source (self-referrals take up more), times the locality's factor
 * from its delivery model (capped at 1), lowered by the expected wait. */
double spsim_uptake_probability(const spsim_uptake_params *u, spsim_referral_source source,
                                double locality_factor, double expected_wait_weeks);

/* The locality's factor: the delivery model's take-up ratio times its fit (fit above 1 does not
 * raise take-up). */
double spsim_uptake_locality_factor(const spsim_locality *loc);

bool spsim_takes_up(const spsim_uptake_params *u, const spsim_person *person,
                    double locality_factor, double expected_wait_weeks);

#endif
