/* The per-thread cache of quantile tables (model/processes/samplers.h) that an arm's draws read.
 *
 * 1. An arm gets the table of each of its laws: the contact interval's and the scheduling
 *    delay's gammas, the place's, each service's usual-rate gamma, the wellbeing gain's and
 *    each PERT effect's beta with the shapes spsim_pert_shapes gives; none for a process that is
 *    off, nor for a PERT of no range (it draws nothing).
 * 2. A second preparation with the same parameters works nothing out again (the same tables);
 *    one whose shapes changed gets tables of the new shapes, and laws two arms share are one
 *    table.
 * 3. Filling the cache past its size replaces only tables the current preparation does not use:
 *    through 72 preparations with three new laws each, every table each one was given holds
 *    its own law when the preparation is done.
 * 4. The draws: a shape too small for a table falls back to GSL's sampler with the right mean;
 *    a tabulated draw is the table's quantile of the stream's next uniform. */
#include <math.h>
#include <stdio.h>

#include "processes/draws.h"
#include "processes/samplers.h"
#include "check.h"

static spsim_arm_params arm(double interval_shape, double gp_mode)
{
    spsim_arm_params p = {0};
    p.support.contact_interval_shape = interval_shape;
    p.support.first_contact_delay_shape = 2.0;
    p.community.enabled = true;
    p.community.place_weeks_shape = 2.0;
    p.outcomes.enabled = true;
    for (int k = 0; k < SPSIM_N_SERVICES; k++) {
        p.outcomes.dispersion[k] = 1.0 + k;
        p.outcomes.causal_effect[k] = (spsim_pert){.min = 0.0, .mode = 0.1, .max = 0.5};
    }
    p.outcomes.causal_effect[0].mode = gp_mode;
    p.outcomes.causal_effect[2] = (spsim_pert){.min = 0.2, .mode = 0.2, .max = 0.2}; /* fixed */
    p.outcomes.wellbeing_gain_shape = 2.0;
    return p;
}

static bool is_gamma(const spsim_quantile_table *t, double shape)
{
    return t && spsim_quantile_table_is(t, SPSIM_LAW_GAMMA, shape, 0.0);
}

static void check_laws(void)
{
    spsim_sampler_cache cache = {0};
    spsim_samplers s;
    spsim_arm_params p = arm(3.0, 0.2);
    if (!CHECK(spsim_samplers_prepare(&s, &cache, &p) == 0, "prepared")) return;
    CHECK(is_gamma(s.contact_interval, 3.0), "contact intervals: gamma of shape 3");
    CHECK(is_gamma(s.first_contact_delay, 2.0), "scheduling delay: gamma of shape 2");
    CHECK(is_gamma(s.place_weeks, 2.0), "place: gamma of shape 2");
    CHECK(is_gamma(s.wellbeing_gain, 2.0), "wellbeing gain: gamma of shape 2");
    for (int k = 0; k < SPSIM_N_SERVICES; k++)
        CHECK(is_gamma(s.usual_rate[k], 1.0 + k), "service %d's usual rate: shape %d", k, 1 + k);
    double a, b;
    spsim_pert_shapes(&p.outcomes.causal_effect[0], &a, &b);
    CHECK(fabs(a - 2.6) < 1e-12 && fabs(b - 3.4) < 1e-12, "PERT(0, 0.2, 0.5) is beta(2.6, 3.4)");
    CHECK(s.causal_effect[0] && spsim_quantile_table_is(s.causal_effect[0], SPSIM_LAW_BETA, a, b),
          "the GP effect's beta");
    CHECK(s.causal_effect[2] == NULL, "a PERT of no range has no table");
    CHECK(s.contact_interval != s.first_contact_delay && s.place_weeks == s.first_contact_delay,
          "one table a law: the delay and the place share gamma(2)");
    CHECK(is_gamma(s.normal_square, 0.5), "the transients' normals: gamma of shape 1/2");
    /* gamma 3 (intervals, usual rate 3), 2 (delay, place, gain, usual rate 2), 1, 1/2 (the
     * normals' square); two betas */
    int tables = cache.n;
    CHECK(tables == 6, "a table a law: six laws, six tables (%d)", tables);

    spsim_samplers again;
    spsim_samplers_prepare(&again, &cache, &p);
    CHECK(cache.n == tables && again.contact_interval == s.contact_interval &&
              again.causal_effect[0] == s.causal_effect[0],
          "the same parameters: the same tables, none worked out again");
    spsim_arm_params q = arm(4.0, 0.3);
    q.community.enabled = false;
    q.outcomes.enabled = false;
    spsim_samplers_prepare(&again, &cache, &q);
    CHECK(is_gamma(again.contact_interval, 4.0) && cache.n == tables + 1,
          "a new interval shape: one new table");
    CHECK(!again.place_weeks && !again.wellbeing_gain && !again.usual_rate[0] &&
              !again.causal_effect[0],
          "no tables for processes that are off");
    spsim_sampler_cache_free(&cache);
}

/* Whether every table s was given for p holds p's law. */
static bool holds_laws_of(const spsim_samplers *s, const spsim_arm_params *p)
{
    bool ok = is_gamma(s->contact_interval, p->support.contact_interval_shape) &&
              is_gamma(s->first_contact_delay, p->support.first_contact_delay_shape) &&
              is_gamma(s->place_weeks, p->community.place_weeks_shape) &&
              is_gamma(s->wellbeing_gain, p->outcomes.wellbeing_gain_shape);
    for (int k = 0; k < SPSIM_N_SERVICES; k++) {
        ok = ok && is_gamma(s->usual_rate[k], p->outcomes.dispersion[k]);
        if (!s->causal_effect[k]) continue;
        double a, b;
        spsim_pert_shapes(&p->outcomes.causal_effect[k], &a, &b);
        ok = ok && spsim_quantile_table_is(s->causal_effect[k], SPSIM_LAW_BETA, a, b);
    }
    return ok;
}

static void check_replacement(void)
{
    spsim_sampler_cache cache = {0};
    spsim_samplers s = {0};
    int wrong = 0;
    for (int i = 0; i < 3 * SPSIM_SAMPLER_CACHE_TABLES; i++) {
        spsim_arm_params p = arm(1.0 + 0.25 * i, 0.01 * (i + 1));
        p.outcomes.dispersion[i % SPSIM_N_SERVICES] = 0.5 + 0.1 * i; /* a third new law */
        if (!CHECK(spsim_samplers_prepare(&s, &cache, &p) == 0, "preparation %d", i)) break;
        if (!holds_laws_of(&s, &p)) wrong++;
    }
    CHECK(cache.n == SPSIM_SAMPLER_CACHE_TABLES, "the cache holds at most its size (%d)", cache.n);
    CHECK(wrong == 0,
          "as tables are replaced, each preparation's tables hold their own laws "
          "(%d of %d did not)",
          wrong, 3 * SPSIM_SAMPLER_CACHE_TABLES);
    spsim_sampler_cache_free(&cache);
}

/* A shape too small for a table draws with GSL's sampler: 200,000 gamma(0.3) variates of mean
 * 1 have their mean within 4 standard errors (sd 1 / sqrt(0.3), so 4 SE = 0.016; a fixed seed:
 * deterministic). A tabulated one is the table's quantile of the stream's next uniform. */
static void check_draws(void)
{
    spsim_quantile_table small, two;
    spsim_quantile_table_gamma(&small, 0.3);
    spsim_quantile_table_gamma(&two, 2.0);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937), *h = gsl_rng_alloc(gsl_rng_mt19937);
    if (!CHECK(g && h && !small.tabulated && two.tabulated, "set up")) return;
    gsl_rng_set(g, 20261203);
    const int n = 200000;
    double sum = 0.0;
    bool positive = true;
    for (int i = 0; i < n; i++) {
        double x = spsim_draw_gamma(g, &small, 1.0);
        sum += x;
        positive = positive && x >= 0.0;
    }
    double se = 1.0 / sqrt(0.3) / sqrt(n);
    CHECK(positive && fabs(sum / n - 1.0) <= 4.0 * se,
          "gamma(0.3) by GSL's sampler: mean %.4f within 4 SE (%.4f) of 1", sum / n, 4.0 * se);
    gsl_rng_set(g, 7);
    gsl_rng_set(h, 7);
    bool same = true;
    for (int i = 0; i < 1000; i++)
        same = same &&
               spsim_draw_gamma(g, &two, 2.5) == 2.5 * spsim_quantile(&two, gsl_rng_uniform(h));
    CHECK(same, "a tabulated gamma is the table's quantile of the next uniform");
    gsl_rng_free(g);
    gsl_rng_free(h);
}

int main(void)
{
    check_laws();
    check_replacement();
    check_draws();
    return spsim_check_finish();
}
