/* Outcome payments: the contract's rule applied to synthetic outcome series, split at 1 April by
 * days, GP reductions paid only when positive over the year, each financial year capped, nominal
 * as the contract prices them, and the share paid for GP reductions support did not cause,
 * against a hand calculation. */
#include <math.h>

#include "check.h"
#include "synthetic.h"

/* From 2026-03-28, 10 weeks in two localities. Week 0 (28 March to 3 April) has 4 days in
 * 2025/26 and 3 in 2026/27; weeks 1 to 9 are in 2026/27. Prices: 100 per person supported, 200
 * per completion, 50 per wellbeing improvement, 20 per GP consultation fewer.
 *   week 0: started 7 (locality 0), completed 14 (locality 1), wellbeing improved 7, GP 7 fewer
 *   week 5: started 30; week 6: GP 10 more (a reduction of -10)
 * 2025/26 (4/7 of week 0): 4 x 100 + 8 x 200 + 4 x 50 + 4 x 20 = 2,280
 * 2026/27: 3 x 100 + 6 x 200 + 3 x 50 + max(0, 3 - 10) x 20 + 30 x 100 = 4,650 */
static void fill_outcomes(synthetic *x, double cap)
{
    *synthetic_series(x, SPSIM_SERIES_FIRST_CONTACTS, 0, 0) = 7;
    *synthetic_series(x, SPSIM_SERIES_COMPLETED, 0, 1) = 14;
    *synthetic_series(x, SPSIM_SERIES_WELLBEING_IMPROVED, 0, 0) = 7;
    *synthetic_series(x, SPSIM_SERIES_GP_REDUCTION_VERIFIED, 0, 1) = 7;
    *synthetic_series(x, SPSIM_SERIES_FIRST_CONTACTS, 5, 1) = 30;
    *synthetic_series(x, SPSIM_SERIES_GP_REDUCTION_VERIFIED, 6, 0) = -10;
    synthetic_commissioning(x)->payments =
        (spsim_outcome_payments){.per_person_supported_gbp = 100,
                                 .per_completion_gbp = 200,
                                 .per_wellbeing_improvement_gbp = 50,
                                 .wellbeing_improvement_points = 1,
                                 .per_gp_consultation_reduced_gbp = 20,
                                 .cap_gbp_per_year = cap};
    spsim_economics_params *p = synthetic_money(x);
    p->price_year = 2025;
    p->inflation_per_year = 0.10; /* contract prices are nominal: not inflated */
    p->discount_rate = 0.05;
}

static double paid(struct spsim_economics *e, int year, spsim_money_view view)
{
    return *spsim_economics_at(e, SPSIM_FY_COSTS, year, view, SPSIM_COST_CONTRACT_PAYMENTS);
}

static void test_rule_without_cap(void)
{
    synthetic x;
    if (!CHECK(synthetic_make(&x, 2026, 3, 28, 10, 2) == 0, "synthetic results")) return;
    fill_outcomes(&x, 0);
    struct spsim_economics *e = synthetic_compute(&x);
    if (e && CHECK(e->first_year == 2025 && e->n_years == 2, "two financial years")) {
        CHECK_NEAR(paid(e, 0, SPSIM_MONEY_NOMINAL), 2280, 1e-9,
                   "2025/26: four days of week 0's outcomes");
        CHECK_NEAR(paid(e, 1, SPSIM_MONEY_NOMINAL), 4650, 1e-9,
                   "2026/27: three days of week 0, week 5's starts, GP use up on balance: 0");
        CHECK_NEAR(paid(e, 1, SPSIM_MONEY_REAL), 4650 / 1.1, 1e-9,
                   "real: deflated like any nominal money");
        CHECK_NEAR(paid(e, 1, SPSIM_MONEY_DISCOUNTED), 4650 / 1.1 / 1.05, 1e-9, "discounted");
        CHECK_NEAR(*spsim_economics_at(e, SPSIM_FY_TOTAL_COST, 1, SPSIM_MONEY_NOMINAL, 0), 4650,
                   1e-9, "payments are the year's only cost");
        CHECK_NEAR(e->headlines[SPSIM_HEADLINE_OUTCOME_PAYMENTS], 2280 + 4650 / 1.1 / 1.05, 1e-9,
                   "outcome payments headline: real, discounted");
        CHECK(e->headlines[SPSIM_HEADLINE_INVESTOR_CAPITAL_USED] == 0 &&
                  isnan(e->headlines[SPSIM_HEADLINE_INVESTOR_RETURN]),
              "no bond: no capital, no investor return");
    }
    synthetic_free(&x);
}

/* A cap of 3,000 a year binds in 2026/27 (4,650 due) but not in 2025/26 (2,280 due). */
static void test_cap(void)
{
    synthetic x;
    if (!CHECK(synthetic_make(&x, 2026, 3, 28, 10, 2) == 0, "synthetic results")) return;
    fill_outcomes(&x, 3000);
    struct spsim_economics *e = synthetic_compute(&x);
    if (e) {
        CHECK_NEAR(paid(e, 0, SPSIM_MONEY_NOMINAL), 2280, 1e-9, "2025/26: under the cap");
        CHECK_NEAR(paid(e, 1, SPSIM_MONEY_NOMINAL), 3000, 1e-9, "2026/27: the cap binds");
    }
    synthetic_free(&x);
}

/* A GP reduction that is positive over the year is paid for even if one week was negative:
 * without week 5's starts and with 17 fewer in week 7, 2026/27 has 3 - 10 + 17 = 10 fewer:
 * 300 + 1,200 + 150 + 200 = 1,850. */
static void test_gp_reduction_summed_over_year(void)
{
    synthetic x;
    if (!CHECK(synthetic_make(&x, 2026, 3, 28, 10, 2) == 0, "synthetic results")) return;
    fill_outcomes(&x, 0);
    *synthetic_series(&x, SPSIM_SERIES_FIRST_CONTACTS, 5, 1) = 0;
    *synthetic_series(&x, SPSIM_SERIES_GP_REDUCTION_VERIFIED, 7, 1) = 17;
    struct spsim_economics *e = synthetic_compute(&x);
    if (e) CHECK_NEAR(paid(e, 1, SPSIM_MONEY_NOMINAL), 1850, 1e-9, "net GP reduction paid");
    synthetic_free(&x);
}

/* 10 weeks from 1 April 2026, one financial year: 10 started (100 each), 30 GP consultations
 * verified, of which support caused 10 (20 each): 1,000 + 600 = 1,600 due, 400 of it for the 20
 * not caused: a share of 0.25, which a cap of 800 leaves as it is (200 of 800). */
static double regression_share(double verified, double caused, double cap)
{
    synthetic x;
    if (!CHECK(synthetic_make(&x, 2026, 4, 1, 10, 1) == 0, "synthetic results")) return NAN;
    *synthetic_series(&x, SPSIM_SERIES_FIRST_CONTACTS, 0, 0) = 10;
    *synthetic_series(&x, SPSIM_SERIES_GP_REDUCTION_VERIFIED, 2, 0) = verified;
    *synthetic_series(&x, SPSIM_SERIES_GP_REDUCTION_CAUSED, 2, 0) = caused;
    synthetic_commissioning(&x)->payments =
        (spsim_outcome_payments){.per_person_supported_gbp = 100,
                                 .per_gp_consultation_reduced_gbp = 20,
                                 .cap_gbp_per_year = cap};
    struct spsim_economics *e = synthetic_compute(&x);
    double share = e ? e->headlines[SPSIM_HEADLINE_PAYMENTS_REGRESSION_SHARE] : NAN;
    synthetic_free(&x);
    return share;
}

static void test_regression_share(void)
{
    CHECK_NEAR(regression_share(30, 10, 0), 0.25, 1e-12, "400 of 1,600 for reductions not caused");
    CHECK_NEAR(regression_share(30, 10, 800), 0.25, 1e-12, "a binding cap scales every part");
    CHECK_NEAR(regression_share(10, 30, 0), 0.0, 1e-12,
               "support caused more than verified (the trend): nothing for regression");
    CHECK_NEAR(regression_share(-5, 10, 0), 0.0, 1e-12, "no GP payment: nothing for regression");
}

int main(void)
{
    test_rule_without_cap();
    test_cap();
    test_gp_reduction_summed_over_year();
    test_regression_share();
    return spsim_check_finish();
}
