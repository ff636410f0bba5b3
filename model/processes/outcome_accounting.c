#include "outcome_accounting.h"

#include "draws.h"

#include <math.h>
#include <gsl/gsl_randist.h>

#include "world.h"

/* The studies' 12 months before and after referral. */
static const double study_year_weeks = SPSIM_WEEKS_PER_YEAR;

int spsim_outcome_accounting_init(spsim_outcome_accounting *a, const spsim_outcome_params *o,
                                  int n_weeks, int n_localities)
{
    *a = (spsim_outcome_accounting){0};
    for (int s = 0; s < SPSIM_N_SERVICES; s++)
        a->trend_log_per_week[s] = log1p(o->trend_per_year[s]) / SPSIM_WEEKS_PER_YEAR;
    return spsim_ledger_init(&a->ledger, n_weeks, n_localities);
}

void spsim_outcome_accounting_free(spsim_outcome_accounting *a)
{
    spsim_ledger_free(&a->ledger);
}

/* What an outcomes contract can verify once a person's year after referral is over, only for
 * people who started support: the GP consultations fewer than its baseline (a comparison group's
 * use, the counterfactual; or the year before referral, pre-post), and how many of them support
 * caused. */
static void verify_gp(spsim_world *w, const spsim_person *p, double before, double after,
                      double counterfactual)
{
    double verified_at = p->referred_at + study_year_weeks;
    if (isnan(p->support_started_at) || verified_at >= w->n_weeks) return;
    bool pre_post = w->p->commissioning.payments.gp_baseline == SPSIM_GP_BASELINE_PRE_POST;
    double baseline = pre_post ? before : counterfactual;
    spsim_count(w, SPSIM_SERIES_GP_REDUCTION_VERIFIED, verified_at, p->locality, baseline - after);
    spsim_count(w, SPSIM_SERIES_GP_REDUCTION_CAUSED, verified_at, p->locality,
                counterfactual - after);
}

/* A sampled person's expected use of service `s` a year before and after referral, with support
 * and without. */
static void log_use(spsim_person_events *log, const spsim_person *p, int s, double before,
                    double after, double counterfactual)
{
    spsim_person_record *r = spsim_logged(log, p);
    if (!r) return;
    r->use[s] = (spsim_service_use){.before_per_year = before,
                                    .after_per_year = after,
                                    .counterfactual_per_year = counterfactual,
                                    .measured_change_per_year = after - before,
                                    .causal_change_per_year = after - counterfactual};
}

/* The year before and after referral, as the studies count it and as it truly differs. Both
 * years carry the person's transient (regression to the mean: outcomes.h). */
static void compare_years(spsim_world *w, const spsim_person *p, const spsim_outcome_draws *d,
                          const spsim_transients *tr, const double effect[SPSIM_N_SERVICES],
                          double start, double end)
{
    const spsim_outcome_params *o = &w->p->outcomes;
    double ref = p->referred_at, half_life = o->effect_half_life_years * SPSIM_WEEKS_PER_YEAR;
    int l = p->locality;
    *spsim_reduction_at(w->out, SPSIM_REDUCTION_PEOPLE, l, 0) += 1.0;
    /* The services share the effect's half-life, and usually their trend: the factors are
     * worked out once and reused while the trend is the same (the same numbers). */
    double a = ref, b = ref + study_year_weeks;
    double effect_weeks = spsim_effect_weeks(start, end, half_life, a, b);
    double log_growth_then = NAN, growth_before = NAN, growth_after = NAN;
    for (int s = 0; s < SPSIM_N_SERVICES; s++) {
        /* Trend at the middle of each year: exp(log growth per week x weeks). */
        double log_growth = w->outcomes.trend_log_per_week[s];
        if (log_growth != log_growth_then) {
            growth_before = exp(log_growth * (ref - study_year_weeks / 2.0));
            growth_after = exp(log_growth * (ref + study_year_weeks / 2.0));
            log_growth_then = log_growth;
        }
        double before = d->usual_per_year[s] * tr->before[s] * growth_before;
        double counterfactual = d->usual_per_year[s] * tr->after[s] * growth_after;
        double mean_effect = spsim_effect_mean_of(effect[s], effect_weeks, a, b);
        double after = counterfactual * (1.0 - mean_effect);
        /* Expected counts now; the counts themselves are drawn once per locality at the end
         * (a sum of Poisson counts is a Poisson count of the summed means). */
        *spsim_reduction_at(w->out, SPSIM_REDUCTION_BEFORE, l, s) += before;
        *spsim_reduction_at(w->out, SPSIM_REDUCTION_AFTER, l, s) += after;
        *spsim_reduction_at(w->out, SPSIM_REDUCTION_AFTER_EXPECTED, l, s) += after;
        *spsim_reduction_at(w->out, SPSIM_REDUCTION_COUNTERFACTUAL, l, s) += counterfactual;
        if (s == SPSIM_SERVICE_GP) verify_gp(w, p, before, after, counterfactual);
        log_use(w->log, p, s, before, after, counterfactual);
    }
}

void spsim_outcome_account(spsim_world *w, uint32_t id, double now)
{
    if (!w->p->outcomes.enabled) return;
    const spsim_person *p = &w->pool.people[id];
    const spsim_outcome_params *o = &w->p->outcomes;
    int l = p->locality;
    gsl_rng_set(w->outcomes.persons, spsim_person_key(p)); /* the person's own sub-stream */
    /* The draws in the order outcomes.h gives: each only where it is used. */
    spsim_outcome_draws d = spsim_outcomes_draw(o, &w->samplers, p, w->outcomes.persons);
    bool studied = p->referred_at + study_year_weeks <= w->n_weeks;
    spsim_transients transients = {0};
    if (studied)
        transients = spsim_outcomes_draw_transients(o, &w->samplers, p, w->outcomes.persons);
    double scale = spsim_outcomes_effect_scale(o, p, w->p->localities[l].fit);
    if (scale > 0.0) spsim_outcomes_draw_effects(o, &w->samplers, &d, w->outcomes.persons);
    double start = isnan(p->support_started_at) ? now : p->support_started_at;
    bool engaged_now = p->state == SPSIM_PERSON_IN_SUPPORT || p->ever_connected;
    double end = engaged_now ? now : p->support_ended_at;

    double effect[SPSIM_N_SERVICES];
    for (int s = 0; s < SPSIM_N_SERVICES; s++) {
        effect[s] = fmin(1.0, d.causal_fraction[s] * scale);
        spsim_ledger_add(&w->outcomes.ledger, s, l,
                         d.usual_per_year[s] / SPSIM_WEEKS_PER_YEAR * effect[s], start, end);
    }
    double gain = d.wellbeing_gain * scale;
    spsim_person_record *r = spsim_logged(w->log, p);
    if (r) {
        r->outcomes_accounted = 1;
        r->wellbeing_gain_points = gain;
    }
    spsim_ledger_add(&w->outcomes.ledger, SPSIM_OUTCOME_WELLBEING, l, gain / SPSIM_WEEKS_PER_YEAR,
                     start, end);
    double threshold = w->p->commissioning.payments.wellbeing_improvement_points;
    if (gain > 0.0 && gain >= threshold && p->support_ended_at < w->n_weeks &&
        p->state != SPSIM_PERSON_IN_SUPPORT)
        spsim_count(w, SPSIM_SERIES_WELLBEING_IMPROVED, p->support_ended_at, l, 1.0);
    if (studied) compare_years(w, p, &d, &transients, effect, start, end);
}

/* The studies' counts: Poisson draws around the expected use summed over the people counted. */
static void count_years(spsim_world *w)
{
    for (int l = 0; l < w->p->n_localities; l++)
        for (int s = 0; s < SPSIM_N_SERVICES; s++) {
            double *before = spsim_reduction_at(w->out, SPSIM_REDUCTION_BEFORE, l, s);
            double *after = spsim_reduction_at(w->out, SPSIM_REDUCTION_AFTER, l, s);
            *before = spsim_draw_poisson(w->outcomes.study_counts, *before);
            *after = spsim_draw_poisson(w->outcomes.study_counts, *after);
        }
}

static void write_series(spsim_world *w)
{
    count_years(w);
    const spsim_outcome_params *o = &w->p->outcomes;
    static const spsim_series_id series[SPSIM_N_OUTCOME_QUANTITIES] = {
        SPSIM_SERIES_GP_AVOIDED, SPSIM_SERIES_AE_AVOIDED, SPSIM_SERIES_ADMISSIONS_AVOIDED,
        SPSIM_SERIES_WELLBYS};
    for (int q = 0; q < SPSIM_N_OUTCOME_QUANTITIES; q++) {
        bool wellbeing = q == SPSIM_OUTCOME_WELLBEING;
        double half_life = (wellbeing ? o->wellbeing_half_life_years : o->effect_half_life_years) *
                           SPSIM_WEEKS_PER_YEAR;
        double trend = wellbeing ? 0.0 : o->trend_per_year[q];
        for (int l = 0; l < w->p->n_localities; l++)
            spsim_ledger_series(&w->outcomes.ledger, q, l, half_life, trend,
                                w->out->series[series[q]]);
    }
}

void spsim_person_exit_if_done(spsim_world *w, uint32_t id)
{
    const spsim_person *p = spsim_person_at(w, id);
    bool support_done = p->state != SPSIM_PERSON_WAITING && p->state != SPSIM_PERSON_IN_SUPPORT;
    if (!support_done || p->community != SPSIM_COMMUNITY_NONE) return;
    spsim_outcome_account(w, id, w->now);
    spsim_person_release(&w->pool, id);
}

void spsim_outcome_finish(spsim_world *w)
{
    for (uint32_t id = 0; w->p->outcomes.enabled && id < w->pool.n_used; id++)
        if (spsim_person_at(w, id)->state != SPSIM_PERSON_FREE)
            spsim_outcome_account(w, id, w->n_weeks);
    write_series(w);
}
