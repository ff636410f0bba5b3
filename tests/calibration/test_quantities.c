/* The quantity catalogue against ordinary runs: each quantity a target can name is computed as
 * its description says, against the model's inputs where the model fixes them and against the
 * run's own totals and headlines where the quantity is one of them.
 *
 * Tolerances: 4 replications of 2 years in a town of 50,000 give about 9,000 referrals, so the
 * referral rate's Poisson error is about 1.1 % (bound 5 %), the decline share's binomial error
 * about 0.0033 (bound 0.015) and the no-show share's about 0.004 (bound 0.02): each bound is
 * more than four standard errors, and the seed is fixed. */
#include <math.h>
#include <string.h>

#include "check.h"
#include "economics/economics.h"
#include "economics/quantities.h"
#include "engine/runner.h"
#include "scenario_text.h"

/* At England's deprivation share, mature from the start, take-up independent of the wait and
 * the same for self-referrals: referrals 22.5 per 1,000 a year, 11 % declined. */
static const char scenario_text[] =
    "name: q\nstart_date: 2025-04-01\nhorizon_years: 2\nreplications: 4\nseed: 7\n"
    "localities:\n"
    "  town:\n"
    "    population: {age_0_15: 8500, age_16_29: 8000, age_30_49: 12500, age_50_64: 9000,\n"
    "                 age_65_plus: 12000}\n"
    "    deprivation: 0.2\n    rurality: 0.18\n    link_workers: {fte: 8}\n"
    "referral: {maturity_start_fraction: 1}\n"
    "uptake: {probability: 0.89, self_referral_probability: 0.89, wait_sensitivity_per_week: 0}\n"
    "arms:\n  served: {}\n  none:\n    localities: {town: {link_workers: {fte: 0}}}\n";

static double mean_of(spsim_run *run, const spsim_scenario *s, int arm, const char *name,
                      spsim_week_window w)
{
    int q = spsim_quantity_find(name);
    CHECK(q >= 0, "quantity %s is in the catalogue", name);
    return q >= 0 ? spsim_quantity_mean(q, run->results[arm], run->n_replications, &s->arms[arm], w)
                  : NAN;
}

static double mean_total(spsim_run *run, int arm, spsim_total_id t)
{
    double sum = 0.0;
    for (int r = 0; r < run->n_replications; r++) sum += run->results[arm][r].totals[t];
    return sum / run->n_replications;
}

static double mean_headline(spsim_run *run, int arm, spsim_headline_id h)
{
    double sum = 0.0;
    for (int r = 0; r < run->n_replications; r++)
        sum += run->results[arm][r].economics->headlines[h];
    return sum / run->n_replications;
}

static void check_against_inputs(spsim_run *run, const spsim_scenario *s)
{
    spsim_week_window all = spsim_years_window(0, 0, s->n_weeks);
    double rate = mean_of(run, s, 0, "referrals_per_1000_per_year", all);
    CHECK(fabs(rate / 22.5 - 1.0) <= 0.05, "referral rate %.3f per 1,000 a year vs 22.5 (5 %%)",
          rate);
    CHECK_NEAR(mean_of(run, s, 0, "decline_share", all), 0.11, 0.015, "decline share");
    CHECK_NEAR(mean_of(run, s, 0, "uptake_share", all), 0.89, 0.015, "take-up share");
    CHECK_NEAR(mean_of(run, s, 0, "no_show_share", all), 0.15, 0.02, "no-show share");
}

static void check_against_totals(spsim_run *run, const spsim_scenario *s)
{
    spsim_week_window all = spsim_years_window(0, 0, s->n_weeks);
    CHECK_NEAR(mean_of(run, s, 0, "seen_3_or_more_share", all),
               mean_total(run, 0, SPSIM_TOTAL_SEEN_3_OR_MORE_SHARE), 1e-12, "seen 3 or more");
    CHECK_NEAR(mean_of(run, s, 0, "first_contact_wait_mean", all),
               mean_total(run, 0, SPSIM_TOTAL_FIRST_CONTACT_WAIT_MEAN), 1e-12,
               "wait to first contact");
    CHECK_NEAR(mean_of(run, s, 0, "measured_gp_reduction", all),
               mean_headline(run, 0, SPSIM_HEADLINE_MEASURED_GP_REDUCTION), 1e-12,
               "measured GP reduction");
    CHECK_NEAR(mean_of(run, s, 0, "cost_per_referral", all),
               mean_headline(run, 0, SPSIM_HEADLINE_COST_PER_REFERRAL), 1e-9, "cost per referral");
}

/* Years split the horizon: the rate over the whole run is the week-weighted mean of the two
 * years' rates (exactly, up to rounding), and each year is its own 52 or 53 weeks. */
static void check_years(spsim_run *run, const spsim_scenario *s)
{
    spsim_week_window y1 = spsim_years_window(1, 1, s->n_weeks);
    spsim_week_window y2 = spsim_years_window(2, 2, s->n_weeks);
    CHECK(y1.first_week == 0 && y1.end_week == 52 && y2.first_week == 52 &&
              y2.end_week == s->n_weeks,
          "years 1 and 2 are weeks 0-51 and 52-%d", s->n_weeks - 1);
    double r1 = mean_of(run, s, 0, "referrals_per_1000_per_year", y1);
    double r2 = mean_of(run, s, 0, "referrals_per_1000_per_year", y2);
    double all =
        mean_of(run, s, 0, "referrals_per_1000_per_year", spsim_years_window(0, 0, s->n_weeks));
    CHECK_NEAR((r1 * 52 + r2 * (s->n_weeks - 52)) / s->n_weeks, all, 1e-9 * all,
               "the whole run's rate from the years' rates");
}

/* An arm with no link workers offers nothing: shares of those offered are undefined. */
static void check_undefined(spsim_run *run, const spsim_scenario *s)
{
    spsim_week_window all = spsim_years_window(0, 0, s->n_weeks);
    CHECK(isnan(mean_of(run, s, 1, "decline_share", all)),
          "decline share is NaN where nothing is offered");
    CHECK(mean_of(run, s, 1, "referrals_per_1000_per_year", all) > 0,
          "referrals still arrive where nothing is offered");
}

int main(void)
{
    spsim_diagnostics d;
    spsim_scenario *s = spsim_test_parse(scenario_text, &d);
    spsim_diagnostics_print(&d, stderr);
    spsim_diagnostics_free(&d);
    char err[512];
    spsim_run_options opt = {.threads = 2};
    spsim_run *run = s ? spsim_run_scenario(s, &opt, err, sizeof err) : NULL;
    if (CHECK(run != NULL, "the scenario runs")) {
        check_against_inputs(run, s);
        check_against_totals(run, s);
        check_years(run, s);
        check_undefined(run, s);
    }
    spsim_run_free(run);
    spsim_scenario_free(s);
    return spsim_check_finish();
}
