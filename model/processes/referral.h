/* Demand and referral (docs/model.md, "Demand"): when referrals arrive in a locality and who
 * they are.
 *
 * Arrivals are a non-homogeneous Poisson process, simulated by thinning: candidates arrive at the
 * mature rate and each is kept with probability rate(t) / mature rate.
 *
 * Owns: the arrival and person streams of each locality and the REFERRAL event. The next
 * referral's time is kept here (`next_at`), not in the engine's calendar: referrals are about
 * half of all events and each locality's arrive in order, so the engine merges the localities'
 * next referrals with the calendar instead of pushing and popping each one. A referred
 * person's attributes and personal draws are made here; where the arm has no link-worker service
 * the referral is not offered anything, otherwise the uptake decision follows and those who take
 * up go to the caseload. Series: referrals (and by source), not offered, declined, taken up. */
#ifndef SPSIM_REFERRAL_H
#define SPSIM_REFERRAL_H

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include "event.h"
#include "person.h"
#include "scenario/params.h"

typedef struct {
    double mature_rate_per_week; /* referrals per week once referrers know the scheme */
    double maturity_weeks;       /* time constant of the maturity curve, weeks */
    double maturity_start_fraction;
    gsl_ran_discrete_t *source_table, *age_table, *need_table;
    double frequent_attender_share;
    gsl_rng *arrivals; /* arrival times (set after init by the engine, which seeds
                                      and frees the streams) */
    gsl_rng *persons;  /* each referred person's source and personal draws */
    gsl_rng *profiles; /* each referred person's age band, need and frequent attendance */
    bool profile_used; /* whether the arm uses the profile (community activity or outcomes) */
    uint32_t referred; /* referrals so far: the next person's number here */
    double next_at;    /* weeks: the next referral, INFINITY when none before the horizon */
    /* The rate at the start and at the end of the week the last candidate arrival fell in
     * (spsim_referral_next): bounds of the rate over that week, as the maturity curve rises. */
    int bounded_week; /* that week + 1; 0 when none is held (a zeroed struct holds none) */
    double week_rate_low, week_rate_high;
} spsim_referral_process;

struct spsim_world;

/* Returns 0, or -1 when out of memory. */
int spsim_referral_init(spsim_referral_process *rp, const spsim_arm_params *p, int locality);
void spsim_referral_free(spsim_referral_process *rp);

/* Referral rate (per week) at time t (weeks since the start). */
double spsim_referral_rate_per_week(const spsim_referral_process *rp, double t_weeks);

/* Time of the next referral after t, or INFINITY when none comes before `horizon_weeks`. */
double spsim_referral_next(spsim_referral_process *rp, gsl_rng *arrivals, double t_weeks,
                           double horizon_weeks);

/* Draws the person's source and personal draws: always the same number of draws from
 * `persons`, whatever the parameters, so arms stay in step (common random numbers). The profile
 * (age band, need, frequent attendance) comes from `profiles`, again a fixed number of draws, or
 * is left at band 0, need 0 and not frequent when `profiles` is NULL: an arm that uses neither
 * community activity nor outcomes draws nothing for it, and the arms that use it stay in step
 * with each other. */
void spsim_referral_draw_person(const spsim_referral_process *rp, gsl_rng *persons,
                                gsl_rng *profiles, spsim_person *person);

/* Weeks a waiting person waits before leaving (Weibull with the given median and shape;
 * INFINITY when reneging is off), from their uniform draw. */
double spsim_patience_weeks(const spsim_reneging_params *reneging, double u);

/* Weeks into support at which the person would drop out (exponential; INFINITY when the hazard
 * is 0), from their uniform draw. */
double spsim_dropout_after_weeks(double hazard_per_week, double u);

/* Draws locality `l`'s first referral time into next_at. */
void spsim_referral_start(struct spsim_world *w, int l);

/* REFERRAL in locality `l` at `t`: the person is drawn, takes up or declines, and the next
 * referral's time is drawn into next_at. Returns 0, or -1 out of memory. */
int spsim_on_referral(struct spsim_world *w, int l, double t);

/* At the horizon: taken up is NaN when no referral was offered a service. */
void spsim_referral_finish(struct spsim_world *w);

#endif
