#include "uptake.h"

#include <math.h>

double spsim_expected_wait_weeks(int waiting, int in_support, int slots, double mean_episode_weeks)
{
    if (waiting == 0 && in_support < slots) return 0.0;
    int servers = slots > 0 ? slots : 1;
    return (waiting + 1) * mean_episode_weeks / servers;
}

double spsim_uptake_probability(const spsim_uptake_params *u, spsim_referral_source source,
                                double locality_factor, double expected_wait_weeks)
{
    double p = source == SPSIM_SOURCE_SELF_REFERRAL ? u->self_referral_probability : u->probability;
    /* exp(-s x 0) is exactly 1: most offers come with no wait expected, and the exp is skipped */
    double wait_factor =
        expected_wait_weeks > 0.0 ? exp(-u->wait_sensitivity_per_week * expected_wait_weeks) : 1.0;
    return fmin(1.0, p * locality_factor) * wait_factor;
}

double spsim_uptake_locality_factor(const spsim_locality *loc)
{
    return loc->uptake_ratio * fmin(1.0, loc->fit);
}

bool spsim_takes_up(const spsim_uptake_params *u, const spsim_person *person,
                    double locality_factor, double expected_wait_weeks)
{
    return spsim_uniform_of_bits(person->uptake_bits) <
           spsim_uptake_probability(u, (spsim_referral_source)person->source, locality_factor,
                                    expected_wait_weeks);
}
