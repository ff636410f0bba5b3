/* The transient of use behind regression to the mean (docs/model.md, "Regression to the mean"),
 * drawn for many people from fixed seeds and checked against its closed form: with referral
 * selection b, transient SD sd (v = sd^2) and persistence rho, the year before referral has mean
 * factor exp(b v), the year after exp(rho b v), so a pre-post study sees before / after =
 * exp((1 - rho) b v); with b = 0 both means are 1 and nothing regresses. The correlation of the
 * two years' logs is rho. 200,000 people: the lognormal means (CV about 0.5) have standard
 * errors near 0.1 %, so tolerances of 1 % (means) and 0.01 (correlation) are about 8 standard
 * errors. */
#include <math.h>

#include "check.h"
#include "processes/outcomes.h"

enum {
    PEOPLE = 200000
};

static void check_selection(double selection, bool frequent)
{
    spsim_outcome_params p = {0};
    const double sd[] = {0.5, 0.7, 0.3}, rho[] = {0.25, 0.0, 0.6};
    for (int s = 0; s < SPSIM_N_SERVICES; s++) {
        p.transient_sd[s] = sd[s];
        p.transient_persistence[s] = rho[s];
    }
    double fa = 0.5;
    p.referral_selection[SPSIM_SOURCE_GP] = frequent ? selection - fa : selection;
    p.frequent_attender_selection = fa;
    spsim_person person = {.source = SPSIM_SOURCE_GP, .frequent_attender = frequent};
    CHECK_NEAR(spsim_referral_selection(&p, &person), selection, 1e-12,
               "source selection + frequent-attender selection");
    static spsim_quantile_table normal_square;
    spsim_quantile_table_gamma(&normal_square, 0.5);
    const spsim_samplers laws = {.normal_square = &normal_square};
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(rng, 20250401);
    double before[SPSIM_N_SERVICES] = {0}, after[SPSIM_N_SERVICES] = {0};
    double lb[SPSIM_N_SERVICES] = {0}, la[SPSIM_N_SERVICES] = {0}, lbb[SPSIM_N_SERVICES] = {0},
           laa[SPSIM_N_SERVICES] = {0}, lab[SPSIM_N_SERVICES] = {0};
    for (int i = 0; i < PEOPLE; i++) {
        spsim_transients t = spsim_outcomes_draw_transients(&p, &laws, &person, rng);
        for (int s = 0; s < SPSIM_N_SERVICES; s++) {
            double x = log(t.before[s]), y = log(t.after[s]);
            before[s] += t.before[s] / PEOPLE;
            after[s] += t.after[s] / PEOPLE;
            lb[s] += x / PEOPLE, la[s] += y / PEOPLE;
            lbb[s] += x * x / PEOPLE, laa[s] += y * y / PEOPLE, lab[s] += x * y / PEOPLE;
        }
    }
    gsl_rng_free(rng);
    for (int s = 0; s < SPSIM_N_SERVICES; s++) {
        double v = sd[s] * sd[s];
        double b = exp(selection * v), a = exp(rho[s] * selection * v);
        CHECK(fabs(before[s] / b - 1.0) <= 0.01,
              "selection %g, service %d: mean before %.4f against exp(b v) = %.4f", selection, s,
              before[s], b);
        CHECK(fabs(after[s] / a - 1.0) <= 0.01,
              "selection %g, service %d: mean after %.4f against exp(rho b v) = %.4f", selection, s,
              after[s], a);
        double cov = lab[s] - lb[s] * la[s];
        double corr = cov / sqrt((lbb[s] - lb[s] * lb[s]) * (laa[s] - la[s] * la[s]));
        CHECK(fabs(corr - rho[s]) <= 0.01, "service %d: the years' logs correlate by %.4f (rho %g)",
              s, corr, rho[s]);
    }
}

int main(void)
{
    check_selection(0.0, false);
    check_selection(1.0, false);
    check_selection(2.75, true);
    return spsim_check_finish();
}
