/* Referral rates (docs/model.md, "Demand"): counts of simulated referrals held to the rate
 *
 *     lambda(t) = P x (r / 1,000) / 52.18 x D x m(t),   m(t) = 1 - (1 - f0) exp(-t / tau),
 *     D = (1 + (rho - 1) d) / (1 + (rho - 1) 0.2),
 *
 * written out here from the documentation, not taken from the model's code, so a wrong curve in
 * the model cannot also be the expectation.
 *
 * 1. Maturity: referrals in year 1, year 2 and years 3-5, summed over two localities and two
 *    replications, against the integral of lambda over each window, and each locality's count over
 *    the horizon against its own integral (so D's normalisation is held too).
 * 2. Deprivation: two localities identical but for deprivation; the ratio of their referral
 *    counts against the ratio of their deprivation factors (the maturity curve cancels).
 *
 * Tolerances. A window's count of a Poisson process is Poisson, so its standard error is
 * sqrt(expected); every count is held within 4 standard errors. The log of a ratio of two
 * independent Poisson counts has standard error sqrt(1/n1 + 1/n2); held within 4 of them. With a
 * fixed seed the test is deterministic, and 4 standard errors would fail by chance for about one
 * seed in 16,000. Power: each tolerance is checked to be under half of what a 10 % change of
 * the parameter it watches would move the expectation (year 1: the start fraction f0; the whole
 * horizon: the time constant tau, whose effect is smallest; years 3-5: the base rate; the ratio:
 * rho), and two arms with f0 and tau 10 % off are run and must be rejected. The counts are large
 * (about 700,000 referrals an arm) because a 10 % change in tau moves them by only about 1.7 %.
 * Nobody takes up the offer, so the run is only arrivals and takes well under a second. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "pathway_run.h"
#include "processes/referral.h"

enum {
    ARM_BASE,
    ARM_SLOWER,
    ARM_HIGHER_START,
    N_ARMS
};
enum {
    PLAIN,
    DEPRIVED,
    N_LOCALITIES
};

/* Two localities of 100,000 residents, at deprivation 0.1 and 0.7. A high base rate (a
 * parameter like any other) gives the referrals needed; take-up 0 makes the run only arrivals.
 * The arms put the maturity time constant and start fraction 10 % off. */
static const char scenario[] =
    "name: referrals\nstart_date: 2025-04-01\nseed: 2024\nreplications: 2\nhorizon_years: 5\n"
    "localities:\n"
    "  plain:\n"
    "    population: " PATHWAY_PEOPLE(
        20000) "\n"
               "    deprivation: 0.1\n    rurality: 0.2\n    link_workers: {fte: 1}\n"
               "  deprived:\n"
               "    population: " PATHWAY_PEOPLE(
                   20000) "\n"
                          "    deprivation: 0.7\n    rurality: 0.2\n    link_workers: {fte: 1}\n"
                          "referral: {base_rate_per_1000_per_year: 400, deprivation_rate_ratio: "
                          "1.5,\n"
                          "           maturity_start_fraction: 0.5, maturity_years: 2}\n"
                          "uptake: {probability: 0, self_referral_probability: 0}\n"
                          "arms:\n"
                          "  base: {}\n"
                          "  slower: {referral: {maturity_years: 2.2}}\n"
                          "  higher_start: {referral: {maturity_start_fraction: 0.55}}\n";

typedef struct {
    double base_rate, rho, f0, tau_weeks;
} referral_rate;

static referral_rate rate_of(const spsim_referral_params *r)
{
    return (referral_rate){r->base_rate_per_1000_per_year, r->deprivation_rate_ratio,
                           r->maturity_start_fraction, r->maturity_years * SPSIM_WEEKS_PER_YEAR};
}

/* D, as documented. */
static double deprivation_factor(double rho, double d)
{
    return (1.0 + (rho - 1.0) * d) / (1.0 + (rho - 1.0) * 0.2);
}

static double population(const spsim_locality *loc)
{
    double p = 0.0;
    for (int a = 0; a < SPSIM_N_AGE_BANDS; a++) p += loc->population[a];
    return p;
}

/* Referrals per week once mature. */
static double mature_rate(const referral_rate *q, const spsim_locality *loc)
{
    return population(loc) * q->base_rate / 1000.0 / SPSIM_WEEKS_PER_YEAR *
           deprivation_factor(q->rho, loc->deprivation);
}

/* Integral of m(t) over weeks [a, b). */
static double maturity_integral(const referral_rate *q, double a, double b)
{
    if (q->tau_weeks <= 0.0) return b - a;
    double tau = q->tau_weeks;
    return (b - a) - (1.0 - q->f0) * tau * (exp(-a / tau) - exp(-b / tau));
}

/* Expected referrals in weeks [a, b), per replication, in one locality or (loc < 0) all. */
static double expected_referrals(const referral_rate *q, const spsim_arm_params *p, int loc,
                                 double a, double b)
{
    double total = 0.0;
    for (int l = 0; l < p->n_localities; l++)
        if (loc < 0 || l == loc) total += mature_rate(q, &p->localities[l]);
    return total * maturity_integral(q, a, b);
}

static double observed_referrals(spsim_run *run, int arm, int loc, int a, int b)
{
    double total = 0.0;
    for (int l = 0; l < run->n_localities; l++)
        if (loc < 0 || l == loc)
            total += pathway_sum_reps(run, arm, SPSIM_SERIES_REFERRALS, l, a, b);
    return total;
}

/* The model's own rate functions agree with the documented formulas (a cheap first look; the
 * whole-run checks below are what hold the simulated rate). */
static void check_rate_functions(const spsim_arm_params *p)
{
    referral_rate q = rate_of(&p->referral);
    for (int l = 0; l < p->n_localities; l++) {
        const spsim_locality *loc = &p->localities[l];
        CHECK_NEAR(spsim_deprivation_factor(q.rho, loc->deprivation),
                   deprivation_factor(q.rho, loc->deprivation), 1e-12, "deprivation factor");
        spsim_referral_process rp;
        if (!CHECK(spsim_referral_init(&rp, p, l) == 0, "referral process initialised")) return;
        for (double t = 0.0; t < 260.0; t += 26.0) {
            double m = 1.0 - (1.0 - q.f0) * exp(-t / q.tau_weeks);
            CHECK_NEAR(spsim_referral_rate_per_week(&rp, t), mature_rate(&q, loc) * m,
                       1e-9 * mature_rate(&q, loc), "referral rate at week t");
        }
        spsim_referral_free(&rp);
    }
}

typedef struct {
    const char *name;
    int from, to, loc; /* weeks [from, to); loc -1: both localities */
} window;

/* Observed against expected in one window: returns the tolerance used. */
static double check_window(spsim_run *run, const spsim_arm_params *p, const window *w)
{
    referral_rate q = rate_of(&p->referral);
    double expected = run->n_replications * expected_referrals(&q, p, w->loc, w->from, w->to);
    double observed = observed_referrals(run, ARM_BASE, w->loc, w->from, w->to);
    double tol = 4.0 * sqrt(expected); /* 4 Poisson standard errors */
    printf("%-22s referrals %9.0f, expected %11.1f (tolerance %.0f)\n", w->name, observed, expected,
           tol);
    CHECK_NEAR(observed, expected, tol, w->name);
    return tol;
}

/* How far the expectation of a window moves when one rate parameter is scaled by `factor`. */
typedef enum {
    BASE_RATE,
    START_FRACTION,
    TIME_CONSTANT
} rate_parameter;

static double shift_when_off(const spsim_arm_params *p, const window *w, rate_parameter which,
                             double factor, int reps)
{
    referral_rate q = rate_of(&p->referral), off = q;
    if (which == BASE_RATE) off.base_rate *= factor;
    if (which == START_FRACTION) off.f0 *= factor;
    if (which == TIME_CONSTANT) off.tau_weeks *= factor;
    return reps * fabs(expected_referrals(&off, p, w->loc, w->from, w->to) -
                       expected_referrals(&q, p, w->loc, w->from, w->to));
}

static void check_power(const spsim_arm_params *p, const window *w, double tol,
                        rate_parameter which, const char *what, int reps)
{
    for (double factor = 0.9; factor < 1.2; factor += 0.2) {
        double shift = shift_when_off(p, w, which, factor, reps);
        CHECK(tol < 0.5 * shift,
              "power: %s tolerance %.0f is under half the shift %.0f when %s "
              "is x%.1f",
              w->name, tol, shift, what, factor);
    }
}

/* The arms with a parameter 10 % off must fail the check the base arm passes. */
static void check_rejects(spsim_run *run, const spsim_arm_params *base, int arm, const window *w,
                          double tol)
{
    referral_rate q = rate_of(&base->referral);
    double expected = run->n_replications * expected_referrals(&q, base, w->loc, w->from, w->to);
    double observed = observed_referrals(run, arm, w->loc, w->from, w->to);
    CHECK(fabs(observed - expected) > tol,
          "arm %d (a parameter 10 %% off): %s referrals %.0f "
          "are rejected against the true expectation %.0f +- %.0f",
          arm, w->name, observed, expected, tol);
}

static void check_deprivation_ratio(spsim_run *run, const spsim_arm_params *p)
{
    double n_plain = observed_referrals(run, ARM_BASE, PLAIN, 0, run->n_weeks);
    double n_deprived = observed_referrals(run, ARM_BASE, DEPRIVED, 0, run->n_weeks);
    double rho = p->referral.deprivation_rate_ratio;
    double d_plain = p->localities[PLAIN].deprivation, d_dep = p->localities[DEPRIVED].deprivation;
    double expected = deprivation_factor(rho, d_dep) / deprivation_factor(rho, d_plain);
    double tol = 4.0 * sqrt(1.0 / n_plain + 1.0 / n_deprived); /* on the log of the ratio */
    printf("deprivation ratio %.4f, expected %.4f (log tolerance %.4f)\n", n_deprived / n_plain,
           expected, tol);
    CHECK_NEAR(log(n_deprived / n_plain), log(expected), tol, "log of the deprivation ratio");
    for (double factor = 0.9; factor < 1.2; factor += 0.2) {
        double off =
            deprivation_factor(rho * factor, d_dep) / deprivation_factor(rho * factor, d_plain);
        double shift = fabs(log(off / expected));
        CHECK(tol < 0.5 * shift,
              "power: deprivation log-ratio tolerance %.4f is under half the "
              "shift %.4f when the rate ratio is x%.1f",
              tol, shift, factor);
    }
}

int main(void)
{
    spsim_scenario *s = pathway_parse(scenario);
    if (!s) return spsim_check_finish();
    const spsim_arm_params *p = &s->arms[ARM_BASE];
    CHECK(s->n_arms == N_ARMS && p->n_localities == N_LOCALITIES, "arms and localities as "
                                                                  "written");
    check_rate_functions(p);
    spsim_run *run = pathway_run(s);
    if (!run) return spsim_check_finish();

    int reps = run->n_replications, end = run->n_weeks;
    window year1 = {"year 1", 0, 52, -1}, year2 = {"year 2", 52, 104, -1};
    window later = {"years 3-5", 104, end, -1}, whole = {"whole horizon", 0, end, -1};
    double tol1 = check_window(run, p, &year1);
    check_window(run, p, &year2);
    double tol_later = check_window(run, p, &later);
    double tol_whole = check_window(run, p, &whole);
    window plain = {"plain, whole horizon", 0, end, PLAIN};
    window deprived = {"deprived, whole horizon", 0, end, DEPRIVED};
    check_window(run, p, &plain);
    check_window(run, p, &deprived);

    check_power(p, &year1, tol1, START_FRACTION, "the start fraction", reps);
    check_power(p, &whole, tol_whole, TIME_CONSTANT, "the maturity time constant", reps);
    check_power(p, &later, tol_later, BASE_RATE, "the base rate", reps);
    check_rejects(run, p, ARM_HIGHER_START, &year1, tol1);
    check_rejects(run, p, ARM_SLOWER, &whole, tol_whole);

    check_deprivation_ratio(run, p);
    spsim_run_free(run);
    spsim_scenario_free(s);
    return spsim_check_finish();
}
