#include "outcomes.h"

#include "draws.h"

#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_randist.h>

/* PERT(min, mode, max): min + range x the beta whose table is `beta` (spsim_pert_shapes). */
static double pert(gsl_rng *rng, spsim_pert d, const spsim_quantile_table *beta)
{
    double range = d.max - d.min;
    if (range <= 0.0) return d.min;
    return d.min + range * spsim_draw_beta(rng, beta);
}

spsim_outcome_draws spsim_outcomes_draw(const spsim_outcome_params *p, const spsim_samplers *s,
                                        const spsim_person *person, gsl_rng *rng)
{
    spsim_outcome_draws d = {0};
    for (int k = 0; k < SPSIM_N_SERVICES; k++) {
        double rate = p->base_rate_per_year[k][person->age_band] * p->need_ratio[k][person->need];
        if (person->frequent_attender) rate *= p->frequent_attender_ratio[k];
        d.usual_per_year[k] = rate * spsim_draw_gamma(rng, s->usual_rate[k], 1.0);
    }
    return d;
}

void spsim_outcomes_draw_effects(const spsim_outcome_params *p, const spsim_samplers *s,
                                 spsim_outcome_draws *d, gsl_rng *rng)
{
    for (int k = 0; k < SPSIM_N_SERVICES; k++)
        d->causal_fraction[k] = pert(rng, p->causal_effect[k], s->causal_effect[k]);
    d->wellbeing_gain = spsim_draw_gamma(rng, s->wellbeing_gain, p->wellbeing_gain_mean);
}

double spsim_referral_selection(const spsim_outcome_params *p, const spsim_person *person)
{
    return p->referral_selection[person->source] +
           (person->frequent_attender ? p->frequent_attender_selection : 0.0);
}

/* The transient z of log use is normal, mean -v / 2 and variance v = sd^2 in a year picked at
 * random (so exp(z) has mean 1), and follows an AR(1) from year to year with correlation rho.
 * Weighting people by their use to the power b (the referral's selection) tilts the year before
 * to mean -v / 2 + b v with the same variance; the year after keeps rho of the excess. Then
 * E[before] / E[after] = exp((1 - rho) b v): the regression to the mean of a pre-post study. */
spsim_transients spsim_outcomes_draw_transients(const spsim_outcome_params *p,
                                                const spsim_samplers *laws,
                                                const spsim_person *person, gsl_rng *rng)
{
    spsim_transients t;
    double power = spsim_referral_selection(p, person);
    for (int s = 0; s < SPSIM_N_SERVICES; s++) {
        double sd = p->transient_sd[s], rho = p->transient_persistence[s], v = sd * sd;
        double excess = power * v + sd * spsim_draw_normal_by_inversion(
                                             rng, laws->normal_square); /* above -v / 2 */
        double after = rho * excess + sd * sqrt(1.0 - rho * rho) *
                                          spsim_draw_normal_by_inversion(rng, laws->normal_square);
        t.before[s] = exp(excess - v / 2.0);
        t.after[s] = exp(after - v / 2.0);
    }
    return t;
}

double spsim_outcomes_effect_scale(const spsim_outcome_params *p, const spsim_person *person,
                                   double fit)
{
    if (!p->effects || isnan(person->support_started_at)) return 0.0;
    double engagement = fmin(1.0, person->contacts_made / p->engaged_contacts);
    if (!person->completes_episode) engagement *= p->dropout_effect_ratio;
    double connection = person->ever_connected ? 1.0 : p->unmet_need_effect_ratio;
    return engagement * connection * fit;
}

double spsim_trend_factor(double trend_per_year, double t_weeks)
{
    return pow(1.0 + trend_per_year, t_weeks / SPSIM_WEEKS_PER_YEAR);
}

double spsim_effect_weeks(double start, double end, double half_life_weeks, double a, double b)
{
    double held = fmax(0.0, fmin(end, b) - fmax(start, a));
    double tau = half_life_weeks / log(2.0); /* time constant of the fade */
    double from = fmax(end, a), to = b;      /* the part of the tail inside [a, b) */
    double tail = to > from ? tau * (exp(-(from - end) / tau) - exp(-(to - end) / tau)) : 0.0;
    return held + tail;
}

double spsim_effect_mean(double level, double start, double end, double half_life_weeks, double a,
                         double b)
{
    if (level == 0.0 || b <= a) return 0.0;
    return spsim_effect_mean_of(level, spsim_effect_weeks(start, end, half_life_weeks, a, b), a, b);
}

int spsim_ledger_init(spsim_outcome_ledger *g, int n_weeks, int n_localities)
{
    size_t cells = (size_t)SPSIM_N_OUTCOME_QUANTITIES * n_localities * (n_weeks + 1);
    *g = (spsim_outcome_ledger){.n_weeks = n_weeks,
                                .n_localities = n_localities,
                                .level_change = calloc(cells, sizeof(double)),
                                .tail_start = calloc(cells, sizeof(double))};
    if (g->level_change && g->tail_start) return 0;
    spsim_ledger_free(g);
    return -1;
}

void spsim_ledger_free(spsim_outcome_ledger *g)
{
    free(g->level_change);
    free(g->tail_start);
    *g = (spsim_outcome_ledger){0};
}

static size_t row(const spsim_outcome_ledger *g, int quantity, int locality)
{
    return ((size_t)quantity * g->n_localities + locality) * (g->n_weeks + 1);
}

/* Weeks are whole: an effect starting or ending within a week counts from that week. */
static int week_of(const spsim_outcome_ledger *g, double t)
{
    if (t >= g->n_weeks) return g->n_weeks;
    return t <= 0.0 ? 0 : (int)t;
}

void spsim_ledger_add(spsim_outcome_ledger *g, int quantity, int locality, double per_week,
                      double start, double end)
{
    if (per_week == 0.0) return;
    size_t base = row(g, quantity, locality);
    int from = week_of(g, start), to = week_of(g, end);
    g->level_change[base + from] += per_week;
    g->level_change[base + to] -= per_week;
    g->tail_start[base + to] += per_week;
}

void spsim_ledger_series(const spsim_outcome_ledger *g, int quantity, int locality,
                         double half_life_weeks, double trend_per_year, double *out)
{
    size_t base = row(g, quantity, locality);
    double keep = exp(-log(2.0) / half_life_weeks); /* share of a tail left a week later */
    double level = 0.0, tail = 0.0;
    for (int w = 0; w < g->n_weeks; w++) {
        level += g->level_change[base + w];
        tail = tail * keep + g->tail_start[base + w];
        double trend = spsim_trend_factor(trend_per_year, w + 0.5);
        out[(size_t)w * g->n_localities + locality] = (level + tail) * trend;
    }
}
