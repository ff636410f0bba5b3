/* The offer and the first contact (docs/model.md, sections 5 to 8).
 *
 * 1. Nothing offered: in Somerset's do_nothing arm (no link workers) every referral is counted as
 *    not offered, nobody takes up, waits or holds a slot, and taken up, the waits and the
 *    caseload are NaN, never a wait equal to patience. In the funded arms nothing is "not
 *    offered", the mean wait from referral to first contact is at least half a week in every
 *    replication, and the share of referrals seen 3 or more times is near Mercer et al.'s 45 %
 *    (0.40 to 0.50; with the former contacts_dispersion of 4 it was 0.58, which fails).
 *    The weekly mean wait to first contact, pooled over weeks (and localities) with the weekly
 *    first contacts as weights, equals the whole run's (and each locality's) mean wait to first
 *    contact to 1e-9 relative (rounding only): a slot wait, or a sum left undivided, fails.
 * 2. No-shows: with ample slots (nobody queues), the people whose first appointment came before
 *    the horizon split into no-shows and first contacts as a binomial draw with the parameter;
 *    the share is held to it within 4 binomial standard errors, sqrt(p (1 - p) / n).
 * 3. The scheduling delay: with nobody queueing the wait to first contact is the delay itself,
 *    gamma with mean 1 week and shape 2; the mean is held within 4 standard errors (sd / sqrt(n),
 *    sd = mean / sqrt(shape)), the 90th centile within 4 of its (sqrt(0.09 / n) / density) plus
 *    the 0.01-week bin of the wait record.
 * 4. Capacity from contact time: slots = floor(FTE x 1,574 / 52.18 / 1.91 / (minutes / 60 / 2)),
 *    exact, and capacity: caseload still gives FTE x caseload_per_fte.
 *
 * Fixed seeds: deterministic; 4 standard errors fail by chance for about one seed in 16,000.
 * Power: each tolerance is under half the shift from its parameter 10 % off. The Somerset run is
 * 5 years and 2 replications (a few seconds). */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pathway_run.h"

static spsim_arm_results *arm_results(spsim_run *run, const spsim_scenario *s, const char *arm,
                                      int rep)
{
    for (int a = 0; a < s->n_arms; a++)
        if (strcmp(s->arms[a].name, arm) == 0) return pathway_results(run, a, rep);
    CHECK(false, "arm %s in the scenario", arm);
    return NULL;
}

static double series_total(const spsim_run *run, spsim_arm_results *r, spsim_series_id id)
{
    double total = 0.0;
    for (int l = 0; l < run->n_localities; l++) total += pathway_sum(r, id, l, 0, run->n_weeks);
    return total;
}

/* Weekly means of first_contact_wait_mean weighted by first_contacts, over the weeks of locality
 * `loc` (all localities when -1); NaN when nobody was first contacted. */
static double pooled_first_contact_wait(const spsim_run *run, spsim_arm_results *r, int loc)
{
    double sum = 0.0, n = 0.0;
    for (int l = 0; l < run->n_localities; l++) {
        if (loc >= 0 && l != loc) continue;
        for (int w = 0; w < run->n_weeks; w++) {
            double k = *spsim_series_at(r, SPSIM_SERIES_FIRST_CONTACTS, w, l);
            double mean = *spsim_series_at(r, SPSIM_SERIES_FIRST_CONTACT_WAIT_MEAN, w, l);
            if (k > 0) sum += k * mean;
            n += k;
            if (k == 0 && !isnan(mean)) return INFINITY; /* a mean of nobody is NaN */
        }
    }
    return n > 0 ? sum / n : NAN;
}

/* The weekly wait to first contact, pooled with its counts, is the whole run's and each
 * locality's mean wait to first contact, to rounding (1e-9 relative): the same people. */
static void check_weekly_first_contact_wait(const spsim_run *run, spsim_arm_results *r,
                                            const char *arm)
{
    double pooled = pooled_first_contact_wait(run, r, -1);
    double total = r->totals[SPSIM_TOTAL_FIRST_CONTACT_WAIT_MEAN];
    CHECK(fabs(pooled - total) <= 1e-9 * fabs(total),
          "%s: weekly first-contact waits pooled by first_contacts %.12g = totals' mean %.12g", arm,
          pooled, total);
    for (int l = 0; l < run->n_localities; l++) {
        double local = *spsim_locality_total_at(r, SPSIM_LOCALITY_FIRST_CONTACT_WAIT_MEAN, l);
        double weekly = pooled_first_contact_wait(run, r, l);
        CHECK(fabs(weekly - local) <= 1e-9 * fabs(local),
              "%s locality %d: pooled weekly %.12g = locality total's mean %.12g", arm, l, weekly,
              local);
    }
}

static void check_do_nothing(spsim_run *run, const spsim_scenario *s, int rep)
{
    spsim_arm_results *r = arm_results(run, s, "do_nothing", rep);
    if (!r) return;
    const double *t = r->totals;
    CHECK(t[SPSIM_TOTAL_REFERRALS] > 0 && t[SPSIM_TOTAL_NOT_OFFERED] == t[SPSIM_TOTAL_REFERRALS],
          "do_nothing: not offered %.0f == referrals %.0f", t[SPSIM_TOTAL_NOT_OFFERED],
          t[SPSIM_TOTAL_REFERRALS]);
    CHECK(isnan(t[SPSIM_TOTAL_TAKEN_UP]), "do_nothing: taken up is NaN, got %g",
          t[SPSIM_TOTAL_TAKEN_UP]);
    const spsim_total_id undefined[] = {SPSIM_TOTAL_WAIT_MEAN,
                                        SPSIM_TOTAL_WAIT_P90,
                                        SPSIM_TOTAL_CASELOAD_PER_FTE,
                                        SPSIM_TOTAL_FIRST_CONTACT_WAIT_MEAN,
                                        SPSIM_TOTAL_FIRST_CONTACT_WAIT_P90,
                                        SPSIM_TOTAL_SEEN_3_OR_MORE_SHARE};
    for (size_t i = 0; i < sizeof undefined / sizeof undefined[0]; i++)
        CHECK(isnan(t[undefined[i]]), "do_nothing: %s is NaN, got %g",
              spsim_total_table[undefined[i]].name, t[undefined[i]]);
    CHECK(t[SPSIM_TOTAL_DROPPED_OUT] == 0 && t[SPSIM_TOTAL_NO_SHOW] == 0 &&
              t[SPSIM_TOTAL_WAITING_AT_HORIZON] == 0,
          "do_nothing: nobody drops out (%g), fails to turn up (%g) or waits (%g)",
          t[SPSIM_TOTAL_DROPPED_OUT], t[SPSIM_TOTAL_NO_SHOW], t[SPSIM_TOTAL_WAITING_AT_HORIZON]);
    double taken = series_total(run, r, SPSIM_SERIES_TAKEN_UP);
    double held = series_total(run, r, SPSIM_SERIES_IN_SUPPORT);
    CHECK(taken == 0 && held == 0, "do_nothing: weekly taken up %g and slots held %g are 0", taken,
          held);
    CHECK(isnan(pooled_first_contact_wait(run, r, -1)),
          "do_nothing: no weekly wait to first contact (every week NaN)");
}

static void check_funded(spsim_run *run, const spsim_scenario *s, const char *arm, int rep)
{
    spsim_arm_results *r = arm_results(run, s, arm, rep);
    if (!r) return;
    const double *t = r->totals;
    CHECK(t[SPSIM_TOTAL_NOT_OFFERED] == 0, "%s: every referral is offered (%g not)", arm,
          t[SPSIM_TOTAL_NOT_OFFERED]);
    check_weekly_first_contact_wait(run, r, arm);
    printf("%s rep %d: wait to first contact %.3f weeks (p90 %.3f), seen 3+ %.3f, no-shows %.0f\n",
           arm, rep, t[SPSIM_TOTAL_FIRST_CONTACT_WAIT_MEAN], t[SPSIM_TOTAL_FIRST_CONTACT_WAIT_P90],
           t[SPSIM_TOTAL_SEEN_3_OR_MORE_SHARE], t[SPSIM_TOTAL_NO_SHOW]);
    CHECK(t[SPSIM_TOTAL_FIRST_CONTACT_WAIT_MEAN] >= 0.5,
          "%s: mean wait to first contact %.3f weeks is at least half a week", arm,
          t[SPSIM_TOTAL_FIRST_CONTACT_WAIT_MEAN]);
    CHECK(t[SPSIM_TOTAL_FIRST_CONTACT_WAIT_P90] >= t[SPSIM_TOTAL_FIRST_CONTACT_WAIT_MEAN],
          "%s: 90th centile at least the mean", arm);
    double share = t[SPSIM_TOTAL_SEEN_3_OR_MORE_SHARE];
    CHECK(share >= 0.40 && share <= 0.50,
          "%s: %.3f of referrals seen 3 or more times, near Mercer et al.'s 45 %% (0.40-0.50)", arm,
          share);
}

static void check_somerset(void)
{
    spsim_scenario *s = spsim_scenario_load_reporting("scenarios/somerset.yaml", stderr);
    if (!CHECK(s != NULL, "scenarios/somerset.yaml loads")) return;
    s->horizon_years = 5;
    s->n_weeks = (int)lround(5 * SPSIM_WEEKS_PER_YEAR);
    s->replications = 2;
    spsim_run *run = pathway_run(s);
    for (int rep = 0; run && rep < run->n_replications; rep++) {
        check_do_nothing(run, s, rep);
        check_funded(run, s, "blanket", rep);
        check_funded(run, s, "quilt", rep);
    }
    if (run) spsim_run_free(run);
    spsim_scenario_free(s);
}

/* 200 referrals a week, all taken up, 40 FTE: about 1,900 slots against about 1,200 held on
 * average (1 week's delay + 0.85 x 3 contacts x 2 weeks each), so nobody queues and the wait to
 * first contact is the scheduling delay alone. */
static const char ample_scenario[] =
    "name: first_contact\nstart_date: 2025-04-01\nseed: 23\nreplications: 2\nhorizon_years: 5\n"
    "localities:\n"
    "  town:\n"
    "    population: " PATHWAY_PEOPLE(
        10000) "\n"
               "    deprivation: 0.2\n    rurality: 0.2\n"
               "    link_workers: {fte: 40, attrition_per_year: 0}\n"
               "    groups_at_start: {}\n"
               "referral: {base_rate_per_1000_per_year: 208.7, maturity_start_fraction: 1}\n"
               "uptake: {probability: 1, self_referral_probability: 1}\n"
               "support: {contacts_mean: 3, contact_interval_weeks: 2, no_show_probability: 0.15,\n"
               "          first_contact_delay_weeks: 1, first_contact_delay_shape: 2}\n";

static void check_no_shows(spsim_run *run, const spsim_support_params *p)
{
    double no_shows = 0, firsts = 0;
    for (int rep = 0; rep < run->n_replications; rep++) {
        spsim_arm_results *r = pathway_results(run, 0, rep);
        no_shows += r->totals[SPSIM_TOTAL_NO_SHOW];
        firsts += series_total(run, r, SPSIM_SERIES_FIRST_CONTACTS);
        CHECK(r->totals[SPSIM_TOTAL_NO_SHOW] == series_total(run, r, SPSIM_SERIES_NO_SHOWS),
              "no-show total equals its weekly series");
        CHECK(r->totals[SPSIM_TOTAL_WAIT_MEAN] == 0, "nobody queues (mean wait for a slot %g)",
              r->totals[SPSIM_TOTAL_WAIT_MEAN]);
    }
    double n = no_shows + firsts, q = p->no_show_probability;
    double share = no_shows / n, tol = 4.0 * sqrt(q * (1.0 - q) / n);
    printf("no-shows %.4f of %.0f appointments, expected %.4f (tolerance %.4f)\n", share, n, q,
           tol);
    CHECK_NEAR(share, q, tol, "share of first appointments missed");
    CHECK(tol < 0.5 * 0.1 * q, "power: tolerance %.4f under half the change %.4f of p 10 %% off",
          tol, 0.1 * q);
}

static void check_delay(spsim_run *run, const spsim_support_params *p)
{
    double mean = p->first_contact_delay_weeks, shape = p->first_contact_delay_shape;
    double p90 = gsl_cdf_gamma_Pinv(0.9, shape, mean / shape);
    double density = gsl_ran_gamma_pdf(p90, shape, mean / shape);
    for (int rep = 0; rep < run->n_replications; rep++) {
        spsim_arm_results *r = pathway_results(run, 0, rep);
        double n = series_total(run, r, SPSIM_SERIES_FIRST_CONTACTS);
        double tol_mean = 4.0 * mean / sqrt(shape) / sqrt(n);
        double tol_p90 = 4.0 * sqrt(0.09 / n) / density + 0.01;
        CHECK_NEAR(r->totals[SPSIM_TOTAL_FIRST_CONTACT_WAIT_MEAN], mean, tol_mean,
                   "wait to first contact with nobody queueing: the delay's mean");
        CHECK_NEAR(r->totals[SPSIM_TOTAL_FIRST_CONTACT_WAIT_P90], p90, tol_p90,
                   "and its 90th centile");
        CHECK(tol_mean < 0.05 * mean && tol_p90 < 0.05 * p90,
              "power: tolerances %.4f and %.4f under half of a 10 %% shift", tol_mean, tol_p90);
    }
}

static void check_ample(void)
{
    spsim_scenario *s = pathway_parse(ample_scenario);
    spsim_run *run = pathway_run(s);
    if (run) {
        check_no_shows(run, &s->arms[0].support);
        check_delay(run, &s->arms[0].support);
        spsim_run_free(run);
    }
    spsim_scenario_free(s);
}

/* Slots of 10 FTE in week 0 of a locality `rurality` rural, with the given link_workers keys. */
static double slots_in(double rurality, const char *link_workers)
{
    char yaml[1024];
    snprintf(
        yaml, sizeof yaml,
        "name: slots\nstart_date: 2025-04-01\nseed: 1\nreplications: 1\nhorizon_years: 0.1\n"
        "localities:\n  town:\n    population: " PATHWAY_PEOPLE(
            100) "\n"
                 "    deprivation: 0.2\n    rurality: %.17g\n    link_workers: {fte: 10, %s}\n",
        rurality, link_workers);
    spsim_scenario *s = pathway_parse(yaml);
    spsim_run *run = pathway_run(s);
    double slots =
        run ? *spsim_series_at(pathway_results(run, 0, 0), SPSIM_SERIES_SLOTS, 0, 0) : NAN;
    if (run) spsim_run_free(run);
    spsim_scenario_free(s);
    return slots;
}

/* At the reference rural share (0.18, England) travel neither adds nor saves time. */
static double slots_with(const char *link_workers)
{
    return slots_in(0.18, link_workers);
}

/* 10 FTE's slots when a contact takes `minutes` of link-worker time. */
static double slots_for_minutes(double minutes)
{
    return floor(10 * 1574 / SPSIM_WEEKS_PER_YEAR / 1.91 / (minutes / 60 / 2) + 1e-9);
}

static void check_capacity(void)
{
    /* 1,574 / 52.18 / 1.91 = 15.79 contact hours a week; 40 min every 2 weeks = 1/3 h a week */
    double time_default = slots_for_minutes(40);
    CHECK_NEAR(slots_with("capacity: contact_time"), time_default, 0,
               "slots from contact time (473)");
    CHECK_NEAR(slots_with("minutes_per_contact: 20"), floor(2 * time_default + 1), 1,
               "half the minutes per contact, twice the slots");
    CHECK_NEAR(slots_with("indirect_hours_per_direct_hour: 0"),
               floor(10 * 1574 / SPSIM_WEEKS_PER_YEAR / (40.0 / 60 / 2)), 0,
               "no indirect time: every hour is contact time");
    CHECK_NEAR(slots_with("capacity: caseload, caseload_per_fte: 50"), 500, 0,
               "capacity: caseload gives FTE x caseload_per_fte");
}

/* Rural travel takes link-worker time: (rurality - 0.18) x 20 minutes more per contact. */
static void check_rural_travel(void)
{
    CHECK_NEAR(slots_in(0.68, ""), slots_for_minutes(40 + 0.5 * 20), 0,
               "half the residents more rural than England: 10 minutes more a contact (378)");
    CHECK_NEAR(slots_in(0.0, ""), slots_for_minutes(40 - 0.18 * 20), 0,
               "an all-urban place: 3.6 minutes less a contact");
    CHECK_NEAR(slots_in(0.68, "rural_travel_minutes_per_contact: 60"),
               slots_for_minutes(40 + 0.5 * 60), 0, "60 minutes per rural contact (337)");
    CHECK_NEAR(slots_in(0.68, "capacity: caseload, caseload_per_fte: 50"), 500, 0,
               "capacity: caseload (the queueing checks) ignores travel");
}

int main(void)
{
    check_capacity();
    check_rural_travel();
    check_ample();
    check_somerset();
    return spsim_check_finish();
}
