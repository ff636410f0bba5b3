/* Outcome payments pay for outcomes (docs/model.md, "Contract costs, outcome payments and the
 * social impact bond"). One town under an outcomes-based contract financed by a social impact
 * bond (45 per GP consultation fewer, 10 per person supported), fixed seed, 4 replications:
 *
 * 1. Against a comparison group (the default baseline), with support changing nothing
 *    (outcomes.effects: false), no GP reduction is verified, no payment rewards regression to the
 *    mean, and the investors lose money in every replication (return per pound at most 0).
 * 2. The same contract paid pre-post pays for regression to the mean: with effects off, GP
 *    reductions are verified all the same, all of the GP payment (over 60 % of all payments)
 *    rewards regression to the mean, and the investors earn a positive return: what rule 1
 *    prevents.
 * 3. With effects on, against a comparison group, what is verified is exactly what support
 *    caused (to rounding), and the share for regression to the mean is 0; pre-post, it is over a
 *    third.
 * 4. Only people who started support are paid for: with no link workers, pre-post, nobody's GP
 *    reduction is verified although a study would still measure a fall in their GP use. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "economics/economics.h"
#include "engine/runner.h"
#include "scenario/scenario.h"

enum {
    EFFECTS_OFF,
    EFFECTS_OFF_PRE_POST,
    EFFECTS_ON,
    EFFECTS_ON_PRE_POST,
    N_ARMS
};

static spsim_run *run_town(double fte)
{
    char yaml[4096];
    snprintf(yaml, sizeof yaml,
             "name: payments\nstart_date: 2025-04-01\nseed: 11\nreplications: 4\n"
             "horizon_years: 5\n"
             "localities:\n  town:\n    population: {age_0_15: 12000, age_16_29: 12000, "
             "age_30_49: 12000, age_50_64: 12000, age_65_plus: 12000}\n"
             "    deprivation: 0.2\n    rurality: 0.3\n    link_workers: {fte: %g}\n"
             "commissioning:\n  model: blanket\n  social_impact_bond: true\n"
             "  investor_capital_gbp: 250000\n"
             "  payments: {per_person_supported_gbp: 10, per_gp_consultation_reduced_gbp: 45}\n"
             "arms:\n"
             "  effects_off:\n    outcomes: {effects: false}\n"
             "  effects_off_pre_post:\n    outcomes: {effects: false}\n"
             "    commissioning: {payments: {gp_baseline: pre_post}}\n"
             "  effects_on: {}\n"
             "  effects_on_pre_post:\n    commissioning: {payments: {gp_baseline: pre_post}}\n",
             fte);
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, "payments");
    spsim_scenario *s = spsim_scenario_parse(yaml, strlen(yaml), "payments", &d);
    if (spsim_diagnostics_errors(&d)) spsim_diagnostics_print(&d, stderr);
    spsim_diagnostics_free(&d);
    if (!CHECK(s != NULL, "scenario is valid")) return NULL;
    char err[256];
    spsim_run_options opt = {0};
    spsim_run *run = spsim_run_scenario(s, &opt, err, sizeof err);
    CHECK(run != NULL, "run: %s", err);
    spsim_scenario_free(s);
    return run;
}

static double series_sum(const spsim_arm_results *r, spsim_series_id id)
{
    double sum = 0;
    for (long i = 0; i < (long)r->n_weeks * r->n_localities; i++) sum += r->series[id][i];
    return sum;
}

static double headline(spsim_run *run, int arm, int rep, spsim_headline_id h)
{
    return run->results[arm][rep].economics->headlines[h];
}

static void check_contracts(spsim_run *run)
{
    for (int r = 0; r < run->n_replications; r++) {
        const spsim_arm_results *off = &run->results[EFFECTS_OFF][r];
        CHECK(series_sum(off, SPSIM_SERIES_GP_REDUCTION_VERIFIED) == 0.0,
              "rep %d: effects off, comparison: no GP reduction verified", r);
        CHECK(headline(run, EFFECTS_OFF, r, SPSIM_HEADLINE_PAYMENTS_REGRESSION_SHARE) == 0.0,
              "rep %d: effects off, comparison: nothing paid for regression to the mean", r);
        double ret = headline(run, EFFECTS_OFF, r, SPSIM_HEADLINE_INVESTOR_RETURN);
        CHECK(ret <= 0.0, "rep %d: effects off: investors' return %.3f per pound, at most 0", r,
              ret);

        double rtm =
            headline(run, EFFECTS_OFF_PRE_POST, r, SPSIM_HEADLINE_PAYMENTS_REGRESSION_SHARE);
        double pre_post_ret =
            headline(run, EFFECTS_OFF_PRE_POST, r, SPSIM_HEADLINE_INVESTOR_RETURN);
        CHECK(rtm > 0.6, "rep %d: effects off, pre-post: %.3f of payments for regression", r, rtm);
        CHECK(pre_post_ret > 0.0, "rep %d: effects off, pre-post: investors still gain %.3f", r,
              pre_post_ret);

        const spsim_arm_results *on = &run->results[EFFECTS_ON][r];
        double verified = series_sum(on, SPSIM_SERIES_GP_REDUCTION_VERIFIED);
        double caused = series_sum(on, SPSIM_SERIES_GP_REDUCTION_CAUSED);
        CHECK(verified > 0 && fabs(verified - caused) <= 1e-9 * verified,
              "rep %d: comparison verifies what support caused: %.2f vs %.2f", r, verified, caused);
        CHECK(headline(run, EFFECTS_ON, r, SPSIM_HEADLINE_PAYMENTS_REGRESSION_SHARE) == 0.0,
              "rep %d: effects on, comparison: nothing for regression to the mean", r);
        double on_rtm =
            headline(run, EFFECTS_ON_PRE_POST, r, SPSIM_HEADLINE_PAYMENTS_REGRESSION_SHARE);
        CHECK(on_rtm > 0.33, "rep %d: effects on, pre-post: %.3f for regression", r, on_rtm);
    }
}

static void check_only_starters_paid(spsim_run *run)
{
    for (int r = 0; r < run->n_replications; r++) {
        const spsim_arm_results *res = &run->results[EFFECTS_ON_PRE_POST][r];
        double before = *spsim_reduction_at((spsim_arm_results *)res, SPSIM_REDUCTION_BEFORE, 0,
                                            SPSIM_SERVICE_GP);
        double after = *spsim_reduction_at((spsim_arm_results *)res, SPSIM_REDUCTION_AFTER, 0,
                                           SPSIM_SERVICE_GP);
        double verified = series_sum(res, SPSIM_SERIES_GP_REDUCTION_VERIFIED);
        double started = series_sum(res, SPSIM_SERIES_STARTED);
        CHECK(started == 0 && verified == 0.0,
              "rep %d: no link workers: %.0f started, %.2f GP consultations verified", r, started,
              verified);
        if (before > 0)
            printf("rep %d, no link workers: a study would measure %.1f %% fewer GP "
                   "consultations\n",
                   r, 100 * (1 - after / before));
    }
}

int main(void)
{
    spsim_run *run = run_town(6);
    if (run) {
        static const char *const arm[N_ARMS] = {"effects off", "effects off, pre-post",
                                                "effects on", "effects on, pre-post"};
        for (int a = 0; a < N_ARMS; a++)
            printf("%-22s investors' return %6.3f, payments for regression %5.1f %%\n", arm[a],
                   headline(run, a, 0, SPSIM_HEADLINE_INVESTOR_RETURN),
                   100 * headline(run, a, 0, SPSIM_HEADLINE_PAYMENTS_REGRESSION_SHARE));
        check_contracts(run);
        spsim_run_free(run);
    }
    run = run_town(0);
    if (run) {
        check_only_starters_paid(run);
        spsim_run_free(run);
    }
    return spsim_check_finish();
}
