#include "referral.h"

#include "draws.h"

#include <math.h>

#include "caseload.h"
#include "uptake.h"
#include "workforce.h"
#include "world.h"

int spsim_referral_init(spsim_referral_process *rp, const spsim_arm_params *p, int locality)
{
    const spsim_locality *loc = &p->localities[locality];
    const spsim_referral_params *r = &p->referral;
    double population = spsim_locality_population(loc);

    *rp = (spsim_referral_process){
        .mature_rate_per_week =
            population / 1000.0 * r->base_rate_per_1000_per_year *
            spsim_deprivation_factor(r->deprivation_rate_ratio, loc->deprivation) /
            SPSIM_WEEKS_PER_YEAR,
        .maturity_weeks = r->maturity_years * SPSIM_WEEKS_PER_YEAR,
        .maturity_start_fraction = r->maturity_start_fraction,
        .frequent_attender_share = r->frequent_attender_share,
        .profile_used = p->community.enabled || p->outcomes.enabled,
    };
    rp->source_table = gsl_ran_discrete_preproc(SPSIM_N_SOURCES, r->source_share);
    rp->age_table = gsl_ran_discrete_preproc(SPSIM_N_AGE_BANDS, loc->population);
    rp->need_table = gsl_ran_discrete_preproc(SPSIM_N_NEEDS, r->need_share);
    if (!rp->source_table || !rp->age_table || !rp->need_table) {
        spsim_referral_free(rp);
        return -1;
    }
    return 0;
}

void spsim_referral_free(spsim_referral_process *rp)
{
    if (rp->source_table) gsl_ran_discrete_free(rp->source_table);
    if (rp->age_table) gsl_ran_discrete_free(rp->age_table);
    if (rp->need_table) gsl_ran_discrete_free(rp->need_table);
    rp->source_table = rp->age_table = rp->need_table = NULL;
}

double spsim_referral_rate_per_week(const spsim_referral_process *rp, double t_weeks)
{
    if (rp->maturity_weeks <= 0.0) return rp->mature_rate_per_week;
    double f0 = rp->maturity_start_fraction;
    double maturity = f0 + (1.0 - f0) * (1.0 - exp(-t_weeks / rp->maturity_weeks));
    return rp->mature_rate_per_week * maturity;
}

/* Whether the candidate arrival at t is kept, given u x the bound, the thinning draw: below the
 * rate over the whole week it is kept, at or above it over the whole week it is not, and only in
 * between is the rate worked out (one exp a week, not one a candidate). The decisions are the
 * same as working it out each time, since the computed curve rises with t too (exp rises). */
static bool keeps_candidate(spsim_referral_process *rp, double t_weeks, double u_times_bound)
{
    int week = (int)t_weeks;
    if (rp->bounded_week != week + 1) {
        rp->week_rate_low = spsim_referral_rate_per_week(rp, week);
        rp->week_rate_high = spsim_referral_rate_per_week(rp, week + 1.0);
        rp->bounded_week = week + 1;
    }
    if (u_times_bound < rp->week_rate_low) return true;
    if (u_times_bound >= rp->week_rate_high) return false;
    return u_times_bound < spsim_referral_rate_per_week(rp, t_weeks);
}

double spsim_referral_next(spsim_referral_process *rp, gsl_rng *arrivals, double t_weeks,
                           double horizon_weeks)
{
    double bound = rp->mature_rate_per_week; /* the maturity curve never exceeds 1 */
    if (bound <= 0.0) return INFINITY;
    bool constant = rp->maturity_weeks <= 0.0 || rp->maturity_start_fraction >= 1.0;
    for (;;) {
        t_weeks += spsim_draw_exponential(arrivals, 1.0 / bound);
        if (t_weeks >= horizon_weeks) return INFINITY;
        if (constant) return t_weeks; /* every candidate is kept: no thinning draw */
        if (keeps_candidate(rp, t_weeks, spsim_draw_uniform(arrivals) * bound)) return t_weeks;
    }
}

void spsim_referral_draw_person(const spsim_referral_process *rp, gsl_rng *persons,
                                gsl_rng *profiles, spsim_person *person)
{
    if (profiles) {
        person->age_band = (uint8_t)spsim_draw_discrete(profiles, rp->age_table);
        person->need = (uint8_t)spsim_draw_discrete(profiles, rp->need_table);
        person->frequent_attender = spsim_draw_uniform(profiles) < rp->frequent_attender_share;
    }
    person->source = (uint8_t)spsim_draw_discrete(persons, rp->source_table);
    person->uptake_bits = spsim_uniform_bits(spsim_draw_uniform(persons));
    person->patience_bits = spsim_uniform_bits(spsim_draw_uniform(persons));
}

/* Inverse-CDF transforms of the person's uniforms, made only when needed (most people never
 * queue), so the count of draws per person stays fixed whatever happens to them. */
double spsim_patience_weeks(const spsim_reneging_params *reneging, double u)
{
    if (!reneging->enabled) return INFINITY;
    return spsim_weibull_from_uniform(reneging->median_weeks, reneging->shape, u);
}

double spsim_dropout_after_weeks(double hazard_per_week, double u)
{
    return hazard_per_week > 0.0 ? spsim_exponential_from_uniform(hazard_per_week, u) : INFINITY;
}

static void draw_next(spsim_world *w, int l, double t)
{
    spsim_referral_process *rp = &w->loc[l].referral;
    rp->next_at = spsim_referral_next(rp, rp->arrivals, t, w->n_weeks);
}

void spsim_referral_start(spsim_world *w, int l)
{
    draw_next(w, l, 0.0);
}

/* The offer in a sampled person's record, with the SNOMED CT finding a practice would code. */
static void log_offer(spsim_person_events *log, const spsim_person *person, bool takes_up)
{
    spsim_person_record *r = spsim_logged(log, person);
    if (!r) return;
    r->offered = 1;
    r->took_up = takes_up;
    r->declined = !takes_up;
    r->snomed_finding = takes_up ? SPSIM_SNOMED_SOCIAL_PRESCRIBING_OFFERED
                                 : SPSIM_SNOMED_SOCIAL_PRESCRIBING_DECLINED;
}

int spsim_on_referral(spsim_world *w, int l, double t)
{
    spsim_locality_state *ls = &w->loc[l];
    uint32_t id = spsim_person_new(&w->pool);
    if (id == UINT32_MAX) return -1;
    spsim_person *person = spsim_person_at(w, id);
    person->locality = (uint8_t)l;
    person->referred_at = t;
    person->support_started_at = NAN;
    person->referral_number = ls->referral.referred++;
    spsim_referral_draw_person(&ls->referral, ls->referral.persons,
                               ls->referral.profile_used ? ls->referral.profiles : NULL, person);
    spsim_person_log_referral(w, person);
    spsim_count(w, SPSIM_SERIES_REFERRALS, t, l, 1.0);
    spsim_count_by(w, SPSIM_BREAKDOWN_REFERRALS_BY_SOURCE, t, l, person->source, 1.0);
    w->out->totals[SPSIM_TOTAL_REFERRALS] += 1.0;

    if (!spsim_link_workers_offer_service(w, l)) {
        /* Nothing to offer: no take-up, no queue, no wait (docs/model.md, "Offer and uptake"). */
        spsim_count(w, SPSIM_SERIES_NOT_OFFERED, t, l, 1.0);
        w->out->totals[SPSIM_TOTAL_NOT_OFFERED] += 1.0;
        spsim_person_release(&w->pool, id);
        draw_next(w, l, t);
        return 0;
    }
    const spsim_caseload *c = &ls->caseload;
    double expected_wait = spsim_expected_wait_weeks(spsim_caseload_waiting(c), c->in_support,
                                                     c->slots, w->support.mean_episode_weeks);
    double factor = spsim_uptake_locality_factor(&w->p->localities[l]);
    bool takes_up = spsim_takes_up(&w->p->uptake, person, factor, expected_wait);
    log_offer(w->log, person, takes_up);
    if (!takes_up) {
        spsim_count(w, SPSIM_SERIES_DECLINED, t, l, 1.0);
        spsim_person_release(&w->pool, id);
    } else {
        spsim_count(w, SPSIM_SERIES_TAKEN_UP, t, l, 1.0);
        w->out->totals[SPSIM_TOTAL_TAKEN_UP] += 1.0;
        *spsim_locality_total_at(w->out, SPSIM_LOCALITY_TAKEN_UP, l) += 1.0;
        if (spsim_caseload_take_up(w, id, t) != 0) return -1;
    }
    draw_next(w, l, t);
    return 0;
}

void spsim_referral_finish(spsim_world *w)
{
    double *totals = w->out->totals;
    /* Take-up is a share of offers: with none made it is undefined, not zero. */
    if (totals[SPSIM_TOTAL_REFERRALS] - totals[SPSIM_TOTAL_NOT_OFFERED] <= 0.0)
        totals[SPSIM_TOTAL_TAKEN_UP] = NAN;
    for (int l = 0; l < w->p->n_localities; l++) {
        double offered = 0.0;
        for (int week = 0; week < w->n_weeks; week++)
            offered += *spsim_series_at(w->out, SPSIM_SERIES_REFERRALS, week, l) -
                       *spsim_series_at(w->out, SPSIM_SERIES_NOT_OFFERED, week, l);
        if (offered <= 0.0) *spsim_locality_total_at(w->out, SPSIM_LOCALITY_TAKEN_UP, l) = NAN;
    }
}
