/* Drop-out from support (docs/model.md, "The support episode"), held to the law the model
 * draws from (model/processes/support.c): each person has an exponential drop-out time D of rate
 * h = dropout_per_week x the delivery model's dropout_ratio; the episode of N contacts lasts
 * L = sum of N gamma(kappa, theta = I / kappa) intervals, and the person completes it exactly
 * when L < D (a contact due at or after D is not made, and the episode then ends at D). So
 *
 *     P(complete) = E[exp(-h L)] = E[z^N],   z = (1 + h theta)^-kappa,
 *
 * which is z for one contact, and with N = 1 + NegBin(mu, k) (p = k / (k + mu)) is
 * z (p / (1 - (1 - p) z))^k.
 *
 * Whole runs with ample slots and steady referrals: completed / (completed + dropped out) over
 * the episodes ending after a warm-up, in arms with one contact, with the default episode of
 * six contacts, with a delivery model whose drop-out ratio is 1.5, and with h 10 % higher.
 *
 * Tolerance: in steady state, completions and drop-outs ending in a window are independent
 * Poisson counts (an M/G/infinity output split by type), so the completed share is binomial given
 * their total; held within 4 binomial standard errors. Fixed seed: deterministic; 4 standard
 * errors fail by chance for about one seed in 16,000. Power: each tolerance is under half the
 * shift from h 10 % off, and the arm with h 10 % higher is run and rejected. */
#include <math.h>
#include <stdio.h>

#include "pathway_run.h"

enum {
    WARMUP_WEEKS = 60
};
enum {
    ARM_ONE_CONTACT,
    ARM_EPISODES,
    ARM_LEAKY,
    ARM_FASTER,
    N_ARMS
};

/* 100 referrals a week, all taken up at once into 2,000 slots that never fall vacant. One
 * contact followed by a gamma(2, 4) interval, h = 0.1: about half complete. */
static const char scenario[] =
    "name: dropout\nstart_date: 2025-04-01\nseed: 99\nreplications: 3\nhorizon_years: 5\n"
    "localities:\n"
    "  town:\n"
    "    population: " PATHWAY_PEOPLE(
        10000) "\n"
               "    deprivation: 0.2\n    rurality: 0.2\n"
               "    link_workers: {fte: 40, attrition_per_year: 0}\n"
               "    groups_at_start: {}\n"
               "delivery_models:\n"
               "  leaky: {description: loses more people, dropout_ratio: 1.5}\n"
               "referral: {base_rate_per_1000_per_year: 104.36, maturity_start_fraction: 1}\n"
               "uptake: {probability: 1, self_referral_probability: 1}\n"
               "support: {contacts_mean: 1, contact_interval_weeks: 8, contact_interval_shape: 2,\n"
               "          dropout_per_week: 0.1}\n"
               "arms:\n"
               "  one_contact: {}\n"
               "  episodes:\n"
               "    support: {contacts_mean: 6, contacts_dispersion: 4, contact_interval_weeks: "
               "2,\n"
               "              contact_interval_shape: 2, dropout_per_week: 0.05}\n"
               "  leaky: {delivery_model: leaky}\n"
               "  faster: {support: {dropout_per_week: 0.11}}\n";

/* P(complete) for hazard h, from the episode law above. */
static double completion_probability(const spsim_support_params *p, double h)
{
    double theta = p->contact_interval_weeks / p->contact_interval_shape;
    double z = pow(1.0 + h * theta, -p->contact_interval_shape);
    double mu = p->contacts_mean - 1.0;
    if (mu <= 0.0) return z;
    double k = p->contacts_dispersion, q = k / (k + mu);
    return z * pow(q / (1.0 - (1.0 - q) * z), k);
}

static double hazard(const spsim_arm_params *p)
{
    return p->support.dropout_per_week * p->localities[0].dropout_ratio;
}

/* Completed share of episodes ending after the warm-up, and its binomial standard error. */
static double completed_share(spsim_run *run, int arm, double *se)
{
    double done = pathway_sum_reps(run, arm, SPSIM_SERIES_COMPLETED, 0, WARMUP_WEEKS, run->n_weeks);
    double lost =
        pathway_sum_reps(run, arm, SPSIM_SERIES_DROPPED_OUT, 0, WARMUP_WEEKS, run->n_weeks);
    double share = done / (done + lost);
    *se = sqrt(share * (1.0 - share) / (done + lost));
    return share;
}

/* Returns the tolerance used. */
static double check_arm(spsim_run *run, const spsim_scenario *s, int arm, const char *what)
{
    const spsim_arm_params *p = &s->arms[arm];
    double h = hazard(p), expected = completion_probability(&p->support, h), se;
    double share = completed_share(run, arm, &se), tol = 4.0 * se;
    printf("%-30s h %.3f: completed share %.4f, expected %.4f (tolerance %.4f)\n", what, h, share,
           expected, tol);
    CHECK_NEAR(share, expected, tol, what);
    for (double factor = 0.9; factor < 1.2; factor += 0.2) {
        double shift = fabs(completion_probability(&p->support, h * factor) - expected);
        CHECK(tol < 0.5 * shift,
              "power: %s tolerance %.4f is under half the shift %.4f when "
              "the drop-out hazard is x%.1f",
              what, tol, shift, factor);
    }
    return tol;
}

int main(void)
{
    spsim_scenario *s = pathway_parse(scenario);
    spsim_run *run = pathway_run(s);
    if (!run) {
        spsim_scenario_free(s);
        return spsim_check_finish();
    }
    CHECK(s->arms[ARM_LEAKY].localities[0].dropout_ratio == 1.5,
          "the delivery model's "
          "drop-out ratio reaches the locality");
    double tol = check_arm(run, s, ARM_ONE_CONTACT, "one contact");
    check_arm(run, s, ARM_EPISODES, "six-contact episodes");
    check_arm(run, s, ARM_LEAKY, "delivery model, ratio 1.5");

    const spsim_arm_params *base = &s->arms[ARM_ONE_CONTACT];
    double expected = completion_probability(&base->support, hazard(base)), se;
    double faster = completed_share(run, ARM_FASTER, &se);
    CHECK(fabs(faster - expected) > tol,
          "the arm with h 10 %% higher (completed share %.4f) is "
          "rejected against %.4f +- %.4f",
          faster, expected, tol);
    spsim_run_free(run);
    spsim_scenario_free(s);
    return spsim_check_finish();
}
