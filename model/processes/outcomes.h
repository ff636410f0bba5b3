/* Outcomes (docs/model.md, outcomes): each referred person's usual use of GP, A&E and emergency
 * admissions, what support does to it, and wellbeing.
 *
 * A person's usual yearly rate of each service is a base rate by age band, times a ratio for
 * their need, times a ratio if they attend frequently, times a gamma draw with mean 1 (people
 * differ); every rate grows with a secular trend. Support lowers the rate by an individual causal
 * fraction (a PERT draw) scaled by engagement (contacts made against those needed, and whether
 * they dropped out), connection (whether they ever held a place) and the locality's fit to the
 * arm's delivery model. The effect holds from the start of support until engagement ends, then
 * fades with a half-life; wellbeing (life-satisfaction points) likewise, with its own half-life.
 *
 * People are referred near a peak of their use: a year's use is the usual rate times a transient
 * factor, and referral picks people while recent use is high (more so for referrers who see them
 * when they consult, and for frequent attenders), so the year before referral runs above the usual
 * rate and the year after falls back as the transient fades (regression to the mean). The
 * measured (pre-post) reduction compares counts in the year before and the year after referral;
 * the causal one compares the year after with the same people's counterfactual. */
#ifndef SPSIM_OUTCOMES_H
#define SPSIM_OUTCOMES_H

#include <stdbool.h>
#include <gsl/gsl_rng.h>
#include "person.h"
#include "samplers.h"
#include "scenario/params.h"

/* A person's draws for outcomes, from their own generator, in this order: the usual rates; the
 * transients (only for people whose year after referral ends within the run); the effects (only
 * for people support can change: spsim_outcomes_effect_scale above 0). Whether each is drawn
 * depends on the person's referral date and what support they had, so draws that two arms both
 * make are the same numbers in both (common random numbers), and nobody's effects are drawn only
 * to be multiplied by 0 (a no-show, or someone who left the queue). */
typedef struct {
    double usual_per_year[SPSIM_N_SERVICES];  /* counterfactual rate, before the trend */
    double causal_fraction[SPSIM_N_SERVICES]; /* for a fully engaged, connected person */
    double wellbeing_gain;                    /* life-satisfaction points, fully engaged */
} spsim_outcome_draws;

/* The usual rates (the causal fractions and the gain are left 0); the gamma draws read s's
 * tables (samplers.h), which hold p's laws. */
spsim_outcome_draws spsim_outcomes_draw(const spsim_outcome_params *p, const spsim_samplers *s,
                                        const spsim_person *person, gsl_rng *rng);

/* The causal fractions and the wellbeing gain into `d`. */
void spsim_outcomes_draw_effects(const spsim_outcome_params *p, const spsim_samplers *s,
                                 spsim_outcome_draws *d, gsl_rng *rng);

/* A person's transient factors of use (mean 1 in a year picked at random) in the year before
 * and the year after referral, by service, drawn from their own generator after
 * spsim_outcomes_draw's draws and before the effects. */
typedef struct {
    double before[SPSIM_N_SERVICES], after[SPSIM_N_SERVICES];
} spsim_transients;

/* The power of recent use in this person's chance of referral: their source's selection, plus
 * the frequent-attender selection if they attend frequently. */
double spsim_referral_selection(const spsim_outcome_params *p, const spsim_person *person);

spsim_transients spsim_outcomes_draw_transients(const spsim_outcome_params *p,
                                                const spsim_samplers *laws,
                                                const spsim_person *person, gsl_rng *rng);

/* Multiplier of every effect for this person: engagement x connection x fit (0 if never
 * supported). */
double spsim_outcomes_effect_scale(const spsim_outcome_params *p, const spsim_person *person,
                                   double fit);

/* Secular trend factor at `t_weeks` since the start. */
double spsim_trend_factor(double trend_per_year, double t_weeks);

/* Weeks of full effect in [a, b) of an effect held over [start, end) and fading after `end`
 * with the given half-life (weeks): the same for every service whose effect shares the
 * half-life, so it is worked out once a person. */
double spsim_effect_weeks(double start, double end, double half_life_weeks, double a, double b);

/* Mean over [a, b) of an effect of size `level`, given its spsim_effect_weeks. */
static inline double spsim_effect_mean_of(double level, double effect_weeks, double a, double b)
{
    return level == 0.0 || b <= a ? 0.0 : level * effect_weeks / (b - a);
}

/* Mean over [a, b) of an effect of size `level` held over [start, end) and fading after `end`
 * with the given half-life (weeks). */
double spsim_effect_mean(double level, double start, double end, double half_life_weeks, double a,
                         double b);

/* Weekly sums of effects, per locality and quantity (the three services and wellbeing), kept as
 * a level that starts and stops and a fading tail, and turned into weekly series at the end. */
enum {
    SPSIM_OUTCOME_WELLBEING = SPSIM_N_SERVICES,
    SPSIM_N_OUTCOME_QUANTITIES
};

typedef struct {
    int n_weeks, n_localities;
    double *level_change; /* [(quantity * n_localities + l) * (n_weeks + 1) + week] */
    double *tail_start;   /* same layout: size of fading tails starting that week */
} spsim_outcome_ledger;

int spsim_ledger_init(spsim_outcome_ledger *g, int n_weeks, int n_localities);
void spsim_ledger_free(spsim_outcome_ledger *g);

/* Adds a per-week amount held over [start, end) then fading (weeks since the start). */
void spsim_ledger_add(spsim_outcome_ledger *g, int quantity, int locality, double per_week,
                      double start, double end);

/* Writes the weekly series: out[week * n_localities + l] for the quantity, with the fade's
 * half-life and (for services) the trend applied. */
void spsim_ledger_series(const spsim_outcome_ledger *g, int quantity, int locality,
                         double half_life_weeks, double trend_per_year, double *out);

#endif
