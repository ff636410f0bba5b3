/* Decision uncertainty (economics/decision.h) against hand calculations and known
 * distributions: net monetary benefit, the grid of willingness to pay, acceptability (ties
 * split, rows summing to 1, monotone for the more effective and costlier of two arms), EVPI
 * (exactly 0 when one arm always wins, a hand value when the winner swaps) and EVPPI by
 * regression (a parameter the decision depends on linearly or through its square, an
 * irrelevant one, the cap at EVPI, too few replications).
 *
 * Random cases use GSL's Mersenne Twister with fixed seeds, so every run sees the same numbers;
 * each tolerance is stated where it is used, several standard errors wide, so a correct
 * implementation passes with any seed and a wrong one (a missing term, a wrong formula) misses
 * by far more. */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "check.h"
#include "economics/decision.h"

static void test_net_monetary_benefit(void)
{
    CHECK(spsim_net_monetary_benefit(20000, 3, 50000) == 10000, "20,000 x 3 - 50,000 = 10,000");
    double w[] = {10, 12, 10, 9}, c[] = {1000, 5000, 2000, 1000}, nmb[4];
    spsim_incremental_nmb(w, c, 2, 2, 1000, nmb);
    CHECK(nmb[0] == 0 && nmb[2] == 0, "the first arm is the reference: 0");
    CHECK(nmb[1] == 1000 * 2 - 4000 && nmb[3] == 0, "differences: -2,000 and 0");
}

static void test_grid(void)
{
    double wtp[SPSIM_WTP_GRID_MAX_POINTS];
    int at;
    int n = spsim_wtp_grid(15350, wtp, &at);
    CHECK(n == 102 && at == 31 && wtp[at] == 15350, "15,350 joins 101 points at 31 (n %d, %d)", n,
          at);
    int ascending = 1;
    for (int i = 1; i < n; i++) ascending = ascending && wtp[i] > wtp[i - 1];
    CHECK(ascending && wtp[0] == 0 && wtp[n - 1] == 50000, "0 to 50,000, ascending");
    n = spsim_wtp_grid(15000, wtp, &at);
    CHECK(n == 101 && at == 30 && wtp[30] == 15000, "15,000 is on the grid (n %d, at %d)", n, at);
    n = spsim_wtp_grid(0, wtp, &at);
    CHECK(n == 101 && at == 0, "0 is the first point (n %d, at %d)", n, at);
    n = spsim_wtp_grid(60000, wtp, &at);
    CHECK(n == 102 && at == 101 && wtp[101] == 60000, "60,000 comes last (n %d, at %d)", n, at);
}

/* Arm 2 beats both others by 1 in every replication of random values: EVPI exactly 0 and arm 2
 * acceptable in all of them. */
static void test_one_winner(void)
{
    enum {
        N = 500,
        ARMS = 3
    };
    static double nmb[N * ARMS];
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 11);
    for (int r = 0; r < N; r++) {
        double a = gsl_ran_gaussian(g, 1e6), b = gsl_ran_gaussian(g, 1e6);
        nmb[r * ARMS] = a;
        nmb[r * ARMS + 1] = b;
        nmb[r * ARMS + 2] = fmax(a, b) + 1.0;
    }
    gsl_rng_free(g);
    double share[ARMS];
    spsim_acceptability(nmb, N, ARMS, share);
    CHECK(share[2] == 1.0 && share[0] == 0.0 && share[1] == 0.0, "arm 2 always best");
    CHECK(spsim_evpi(nmb, N, ARMS) == 0.0, "EVPI exactly 0 (got %g)", spsim_evpi(nmb, N, ARMS));
    CHECK(spsim_frontier_arm(nmb, N, ARMS) == 2, "frontier: arm 2");
}

/* Two arms, the second minus the first 3, -1, 2, -4 on top of 10, 20, 30, 40: means 25 and 25,
 * mean of the best (13 + 20 + 32 + 40) / 4 = 26.25, so EVPI = 1.25; each arm best in two. */
static void test_winner_swaps(void)
{
    double nmb[] = {10, 13, 20, 19, 30, 32, 40, 36}, share[2];
    CHECK_NEAR(spsim_evpi(nmb, 4, 2), 1.25, 1e-12, "EVPI when the winner swaps");
    spsim_acceptability(nmb, 4, 2, share);
    CHECK(share[0] == 0.5 && share[1] == 0.5, "each best in 2 of 4 (%g, %g)", share[0], share[1]);
    CHECK(spsim_frontier_arm(nmb, 4, 2) == 0, "equal means: the first arm");
    /* The same through WELLBYs and net cost at 1,000 GBP per WELLBY: the second arm has
     * 0.003, -0.001, 0.002, -0.004 more WELLBYs at the same net cost. */
    double w[] = {1, 1.003, 2, 1.999, 3, 3.002, 4, 3.996}, c[] = {5, 5, 6, 6, 7, 7, 8, 8}, x[8];
    spsim_incremental_nmb(w, c, 4, 2, 1000, x);
    CHECK_NEAR(spsim_evpi(x, 4, 2), 1.25, 1e-9, "EVPI from WELLBYs and net cost");
}

/* Three arms: in replication 0 arms 0 and 2 tie for best (a half each), in replication 1 all
 * three tie (a third each), in replication 2 arm 1 wins: shares 5/18, 8/18 (1/3 + 1), 5/18. */
static void test_ties(void)
{
    double nmb[] = {5, 1, 5, 2, 2, 2, 0, 9, 3}, share[3];
    spsim_acceptability(nmb, 3, 3, share);
    CHECK_NEAR(share[0], (0.5 + 1.0 / 3) / 3, 1e-15, "arm 0: half and a third of 3");
    CHECK_NEAR(share[1], (1.0 / 3 + 1) / 3, 1e-15, "arm 1: a third and one of 3");
    CHECK_NEAR(share[2], (0.5 + 1.0 / 3) / 3, 1e-15, "arm 2: half and a third of 3");
}

/* Two arms over many replications: arm `better` has 0 to 20 more WELLBYs and 0 to 400,000 GBP
 * more net cost in every replication (incremental ratios 0 to infinity). Its acceptability
 * must never fall as the willingness to pay rises (compared exactly), and must go from near 0
 * to near 1 over the grid, so the check is not vacuous. Rows sum to 1 to rounding (1e-12). */
static void check_monotone(int better)
{
    enum {
        N = 400
    };
    static double w[N * 2], c[N * 2];
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 23 + (unsigned long)better);
    for (int r = 0; r < N; r++) {
        double base_w = gsl_ran_flat(g, 100, 200), base_c = gsl_ran_flat(g, 1e6, 2e6);
        w[r * 2 + better] = base_w + gsl_ran_flat(g, 0, 20);
        c[r * 2 + better] = base_c + gsl_ran_flat(g, 0, 4e5);
        w[r * 2 + 1 - better] = base_w;
        c[r * 2 + 1 - better] = base_c;
    }
    gsl_rng_free(g);
    spsim_decision d;
    if (!CHECK(spsim_decision_analyse(w, c, N, 2, 15350, NULL, 0, &d) == 0, "analyse")) return;
    int falls = 0, rows_off = 0;
    for (int i = 0; i < d.n_wtp; i++) {
        double *row = d.acceptability + i * 2;
        rows_off += fabs(row[0] + row[1] - 1.0) > 1e-12;
        if (i > 0) falls += row[better] < d.acceptability[(i - 1) * 2 + better];
    }
    CHECK(falls == 0, "arm %d's acceptability never falls (%d falls)", better, falls);
    CHECK(rows_off == 0, "every row sums to 1 (%d do not)", rows_off);
    CHECK(d.acceptability[better] <= 0.0 && d.acceptability[(d.n_wtp - 1) * 2 + better] > 0.5,
          "from 0 at no willingness to pay to most at 50,000 (%g, %g)", d.acceptability[better],
          d.acceptability[(d.n_wtp - 1) * 2 + better]);
    CHECK(d.n_replications_used == N, "every replication used");
    spsim_decision_free(&d);
}

/* Three arms of random figures: every acceptability row sums to 1 (to rounding, 1e-12). */
static void test_rows_sum_to_one(void)
{
    enum {
        N = 300,
        ARMS = 3
    };
    static double w[N * ARMS], c[N * ARMS];
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 5);
    for (int i = 0; i < N * ARMS; i++) {
        w[i] = gsl_ran_flat(g, 0, 100);
        c[i] = gsl_ran_flat(g, 0, 2e6);
    }
    w[7] = NAN; /* replication 2 is left out */
    gsl_rng_free(g);
    spsim_decision d;
    if (!CHECK(spsim_decision_analyse(w, c, N, ARMS, 15350, NULL, 0, &d) == 0, "analyse")) return;
    int off = 0;
    for (int i = 0; i < d.n_wtp; i++) {
        double sum = 0;
        for (int a = 0; a < ARMS; a++) sum += d.acceptability[i * ARMS + a];
        off += fabs(sum - 1.0) > 1e-12;
    }
    CHECK(off == 0, "every row of three arms sums to 1 (%d do not)", off);
    CHECK(d.n_replications_used == N - 1, "the replication with a NaN is left out (%d used)",
          d.n_replications_used);
    CHECK(d.n_keys == 0 && d.wtp[d.scenario_index] == 15350, "no parameters; the scenario's point");
    spsim_decision_free(&d);
}

enum {
    PSA_N = 10000,
    PSA_KEYS = 3
}; /* keys: x, z (irrelevant), a constant */

typedef struct {
    double nmb[PSA_N * 2], params[PSA_N * PSA_KEYS];
} psa_case;

/* Arm 1 minus arm 0 = f(x) + noise sd x eps, x, z, eps independent N(0, 1); arm 0 is an
 * arbitrary figure, which must not matter. */
static void make_case(psa_case *p, int square, double noise_sd, unsigned long seed)
{
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, seed);
    for (int r = 0; r < PSA_N; r++) {
        double x = gsl_ran_gaussian(g, 1), z = gsl_ran_gaussian(g, 1);
        double eps = gsl_ran_gaussian(g, 1), base = gsl_ran_flat(g, -5e5, 5e5);
        double f = square ? x * x - 1 : x;
        p->nmb[r * 2] = base;
        p->nmb[r * 2 + 1] = base + f + noise_sd * eps;
        p->params[r * PSA_KEYS] = x;
        p->params[r * PSA_KEYS + 1] = z;
        p->params[r * PSA_KEYS + 2] = 42.0;
    }
    gsl_rng_free(g);
}

static spsim_evppi_result evppi_of(const psa_case *p, int n, const int *columns, int n_columns)
{
    double evpi = spsim_evpi(p->nmb, n, 2);
    spsim_evppi_result out;
    int status =
        spsim_evppi_regression(p->nmb, n, 2, p->params, PSA_KEYS, columns, n_columns, evpi, &out);
    CHECK(status == 0, "regression on %d columns", n_columns);
    CHECK(!(out.evppi_gbp > evpi), "EVPPI %g <= EVPI %g", out.evppi_gbp, evpi);
    return out;
}

/* The difference is x: EVPPI(x) = E max(x, 0) = 1 / sqrt(2 pi) = 0.3989. max(x, 0) has sd
 * 0.584, so over 10,000 replications the estimate's standard error is 0.0058; the tolerance is
 * 0.025 (4 standard errors). With noise of sd 1 added, EVPI grows to E max(x + eps, 0) = 0.564
 * but EVPPI(x) stays 0.3989: the regression, not the cap, gives it. z is irrelevant: its EVPPI
 * is only the regression's upward small-sample bias, of order sd sqrt(terms / n) (about 0.03
 * with sd 1.4 and 5 terms; the tolerance is 0.04). The constant says nothing: exactly 0. */
static void test_evppi_linear(void)
{
    static psa_case p;
    const double half_normal = 1.0 / sqrt(2.0 * acos(-1.0));
    int x = 0, z = 1, constant = 2, group[] = {0, 1};
    make_case(&p, 0, 0.0, 31);
    CHECK_NEAR(evppi_of(&p, PSA_N, &x, 1).evppi_gbp, half_normal, 0.025, "EVPPI(x), no noise");
    make_case(&p, 0, 1.0, 37);
    CHECK_NEAR(spsim_evpi(p.nmb, PSA_N, 2), sqrt(2.0) * half_normal, 0.035, "EVPI with noise");
    spsim_evppi_result rx = evppi_of(&p, PSA_N, &x, 1);
    CHECK_NEAR(rx.evppi_gbp, half_normal, 0.025, "EVPPI(x) with noise");
    CHECK(!rx.capped && rx.degree >= 1, "not capped (degree %d)", rx.degree);
    CHECK_NEAR(evppi_of(&p, PSA_N, &z, 1).evppi_gbp, 0.0, 0.04, "EVPPI(z), irrelevant");
    CHECK_NEAR(evppi_of(&p, PSA_N, group, 2).evppi_gbp, half_normal, 0.025, "EVPPI(x, z)");
    spsim_evppi_result rc = evppi_of(&p, PSA_N, &constant, 1);
    CHECK(rc.evppi_gbp == 0.0 && rc.terms == 1 && rc.degree == 0, "a constant: exactly 0");
}

/* The difference is x^2 - 1 + eps: E max(x^2 - 1, 0) = 2 phi(1) = 0.4839. A straight line sees
 * almost nothing (x^2 - 1 is uncorrelated with x), so generalised cross-validation must choose
 * degree 2 or more. max(x^2 - 1, 0) has sd about 1.1: standard error 0.011, tolerance 0.045. */
static void test_evppi_square(void)
{
    static psa_case p;
    int x = 0;
    make_case(&p, 1, 1.0, 41);
    spsim_evppi_result r = evppi_of(&p, PSA_N, &x, 1);
    CHECK_NEAR(r.evppi_gbp, 2.0 * gsl_ran_ugaussian_pdf(1.0), 0.045, "EVPPI(x) of x^2 - 1");
    CHECK(r.degree >= 2 && r.terms == r.degree + 1, "degree %d chosen", r.degree);
}

/* Ten replications, x = 0..9, the difference 1 at x = 9 and 0 elsewhere: arm 1 is never worse,
 * so EVPI = 0.1 - 0.1 = 0. Only the straight line fits 10 replications (2 terms x 5): -0.14545
 * + 0.054545 x, negative at x = 0, 1, 2 (their sum -3 / 11), so its estimate is (1 + 3 / 11) / 10
 * - 0.1 = 3 / 110, above EVPI, and is cut to 0. Nine replications are too few for any basis. */
static void test_evppi_cap_and_minimum(void)
{
    double nmb[20], x[10];
    for (int r = 0; r < 10; r++) {
        x[r] = r;
        nmb[r * 2] = 0;
        nmb[r * 2 + 1] = r == 9 ? 1 : 0;
    }
    int k = 0;
    spsim_evppi_result out;
    double evpi = spsim_evpi(nmb, 10, 2);
    CHECK(evpi == 0.0, "EVPI 0 (got %g)", evpi);
    CHECK(spsim_evppi_regression(nmb, 10, 2, x, 1, &k, 1, evpi, &out) == 0, "regression");
    CHECK_NEAR(out.uncapped_gbp, 3.0 / 110, 1e-12, "the straight line's estimate");
    CHECK(out.capped && out.evppi_gbp == 0.0 && out.degree == 1, "cut to EVPI (degree %d)",
          out.degree);
    CHECK(spsim_evppi_regression(nmb, 9, 2, x, 1, &k, 1, evpi, &out) == 0 && isnan(out.evppi_gbp),
          "nine replications: NaN (got %g)", out.evppi_gbp);
    int bad = 1;
    CHECK(spsim_evppi_regression(nmb, 10, 2, x, 1, &bad, 1, evpi, &out) == -1,
          "a column out of range is refused");
}

int main(void)
{
    test_net_monetary_benefit();
    test_grid();
    test_one_winner();
    test_winner_swaps();
    test_ties();
    check_monotone(0);
    check_monotone(1);
    test_rows_sum_to_one();
    test_evppi_linear();
    test_evppi_square();
    test_evppi_cap_and_minimum();
    return spsim_check_finish();
}
