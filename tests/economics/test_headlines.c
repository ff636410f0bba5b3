/* Headline figures against a hand calculation on synthetic results, and cash-releasing GP
 * savings only in whole posts. */
#include <math.h>

#include "check.h"
#include "synthetic.h"

/* 120 weeks from 2025-04-01 touch 2025/26, 2026/27 and 2027/28. In weeks 0, 60 and 110 (one in
 * each year): 1,000 GBP of VCSE spend, and 10, 20 and 40 GP consultations avoided at 45 GBP.
 * No inflation, prices at 2025/26, discount 3.5 %:
 *   cost    = 1000 + 1000 / 1.035 + 1000 / 1.035^2 = 2,899.6943
 *   savings =  450 +  900 / 1.035 + 1800 / 1.035^2 = 2,999.8845
 * cumulative: 1000 / 450, 1966.2 / 1319.6, 2899.7 / 2999.9: break-even in 2027/28.
 * WELLBYs 2 in week 0 and 2 in week 60 at 1.5 %: 2 + 2 / 1.015 = 3.970443. Started: 3 + 2;
 * referred: 8 + 4. Costs per person divide the undiscounted cost, 3,000, by the people. */
static void fill_case(synthetic *x)
{
    const int weeks[3] = {0, 60, 110};
    const double gp[3] = {10, 20, 40};
    for (int i = 0; i < 3; i++) {
        *synthetic_series(x, SPSIM_SERIES_VCSE_SPEND, weeks[i], 0) = 1000;
        *synthetic_series(x, SPSIM_SERIES_GP_AVOIDED, weeks[i], 1) = gp[i];
    }
    *synthetic_series(x, SPSIM_SERIES_WELLBYS, 0, 0) = 2;
    *synthetic_series(x, SPSIM_SERIES_WELLBYS, 60, 1) = 2;
    *synthetic_series(x, SPSIM_SERIES_FIRST_CONTACTS, 0, 0) = 3;
    *synthetic_series(x, SPSIM_SERIES_FIRST_CONTACTS, 5, 1) = 2;
    *synthetic_series(x, SPSIM_SERIES_REFERRALS, 0, 0) = 8;
    *synthetic_series(x, SPSIM_SERIES_REFERRALS, 70, 1) = 4;
    spsim_economics_params *p = synthetic_money(x);
    p->price_year = 2025;
    p->discount_rate = 0.035;
    p->wellbeing_discount_rate = 0.015;
    p->unit_cost_gbp[SPSIM_SERVICE_GP] = 45;
    p->willingness_to_pay_per_wellby_gbp = 13000;
    p->wellby_value_gbp = 10000;
    /* Pre-post counts: GP before 60 + 40, after 45 + 25 (measured 30 %); expected with support
     * 50 + 30 against 60 + 40 without (causal 20 %). A&E: nothing before (NaN). */
    const double before[2] = {60, 40}, after[2] = {45, 25}, expected[2] = {50, 30};
    for (int l = 0; l < 2; l++) {
        *spsim_reduction_at(&x->r, SPSIM_REDUCTION_BEFORE, l, SPSIM_SERVICE_GP) = before[l];
        *spsim_reduction_at(&x->r, SPSIM_REDUCTION_AFTER, l, SPSIM_SERVICE_GP) = after[l];
        *spsim_reduction_at(&x->r, SPSIM_REDUCTION_AFTER_EXPECTED, l, SPSIM_SERVICE_GP) =
            expected[l];
        *spsim_reduction_at(&x->r, SPSIM_REDUCTION_COUNTERFACTUAL, l, SPSIM_SERVICE_GP) = before[l];
        *spsim_reduction_at(&x->r, SPSIM_REDUCTION_BEFORE, l, SPSIM_SERVICE_ADMISSIONS) = 4;
        *spsim_reduction_at(&x->r, SPSIM_REDUCTION_AFTER, l, SPSIM_SERVICE_ADMISSIONS) = 3;
    }
}

static void test_headline_arithmetic(void)
{
    synthetic x;
    if (!CHECK(synthetic_make(&x, 2025, 4, 1, 120, 2) == 0, "synthetic results")) return;
    fill_case(&x);
    struct spsim_economics *e = synthetic_compute(&x);
    if (!e) goto done;
    const double *h = e->headlines;
    const double cost = 1000 + 1000 / 1.035 + 1000 / (1.035 * 1.035);
    const double savings = 450 + 900 / 1.035 + 1800 / (1.035 * 1.035);
    const double wellbys = 2 + 2 / 1.015;
    CHECK(h[SPSIM_HEADLINE_PEOPLE_SUPPORTED] == 5, "people supported");
    CHECK_NEAR(h[SPSIM_HEADLINE_TOTAL_COST], 2899.6942752456303, 1e-8, "total cost");
    CHECK_NEAR(h[SPSIM_HEADLINE_SAVINGS], 2999.88447805083, 1e-8, "savings");
    CHECK_NEAR(h[SPSIM_HEADLINE_COST_PER_PERSON], 3000.0 / 5, 1e-9,
               "cost per person supported: undiscounted cost / people (not 579.94 discounted)");
    CHECK_NEAR(h[SPSIM_HEADLINE_COST_PER_REFERRAL], 3000.0 / 12, 1e-9,
               "cost per referral: undiscounted cost / people referred");
    CHECK_NEAR(h[SPSIM_HEADLINE_NET_COST], cost - savings, 1e-9, "net cost (-100.19)");
    CHECK_NEAR(h[SPSIM_HEADLINE_RETURN_ON_INVESTMENT], 0.034551988345982616, 1e-12,
               "return on investment (savings - cost) / cost");
    CHECK(h[SPSIM_HEADLINE_BREAK_EVEN_YEAR] == 2027, "break-even in 2027/28 (got %g)",
          h[SPSIM_HEADLINE_BREAK_EVEN_YEAR]);
    CHECK_NEAR(h[SPSIM_HEADLINE_WELLBYS], wellbys, 1e-12, "discounted WELLBYs");
    CHECK_NEAR(h[SPSIM_HEADLINE_WELLBEING_VALUE], 10000 * wellbys, 1e-8, "wellbeing value");
    CHECK_NEAR(h[SPSIM_HEADLINE_COST_PER_WELLBY], -25.234008895106083, 1e-9,
               "cost per WELLBY = net cost / WELLBYs");
    CHECK_NEAR(h[SPSIM_HEADLINE_NET_MONETARY_BENEFIT], 51715.953749603235, 1e-7,
               "net monetary benefit = 13,000 x WELLBYs - net cost");
    CHECK_NEAR(h[SPSIM_HEADLINE_GP_APPOINTMENTS_FREED_PER_YEAR], 70 / (120 / (365.25 / 7)), 1e-9,
               "GP appointments freed a year: 70 over 120 weeks (30.44)");
    CHECK(h[SPSIM_HEADLINE_CASH_RELEASING_SAVINGS] == 0, "no cash released by default shares");
    CHECK_NEAR(h[SPSIM_HEADLINE_MEASURED_GP_REDUCTION], 0.3, 1e-12, "measured GP reduction");
    CHECK_NEAR(h[SPSIM_HEADLINE_CAUSAL_GP_REDUCTION], 0.2, 1e-12, "causal GP reduction");
    CHECK_NEAR(h[SPSIM_HEADLINE_MEASURED_ADMISSIONS_REDUCTION], 0.25, 1e-12,
               "measured admissions reduction");
    CHECK(isnan(h[SPSIM_HEADLINE_MEASURED_AE_REDUCTION]) &&
              isnan(h[SPSIM_HEADLINE_CAUSAL_ADMISSIONS_REDUCTION]),
          "reductions with nothing before are NaN");
done:
    synthetic_free(&x);
}

/* Halve the GP consultations avoided in the last year: cumulative savings (2,159.6) never reach
 * cumulative cost, so there is no break-even year; without WELLBYs no cost per WELLBY. */
static void test_never(void)
{
    synthetic x;
    if (!CHECK(synthetic_make(&x, 2025, 4, 1, 120, 2) == 0, "synthetic results")) return;
    fill_case(&x);
    *synthetic_series(&x, SPSIM_SERIES_GP_AVOIDED, 110, 1) = 20;
    *synthetic_series(&x, SPSIM_SERIES_WELLBYS, 0, 0) = 0;
    *synthetic_series(&x, SPSIM_SERIES_WELLBYS, 60, 1) = 0;
    struct spsim_economics *e = synthetic_compute(&x);
    if (e) {
        CHECK(isnan(e->headlines[SPSIM_HEADLINE_BREAK_EVEN_YEAR]), "never breaks even: NaN");
        CHECK(isnan(e->headlines[SPSIM_HEADLINE_COST_PER_WELLBY]), "no WELLBYs: NaN");
        CHECK_NEAR(e->headlines[SPSIM_HEADLINE_NET_MONETARY_BENEFIT],
                   -(e->headlines[SPSIM_HEADLINE_NET_COST]), 1e-9, "NMB without WELLBYs");
    }
    synthetic_free(&x);
}

/* Savings that lead at first and fall behind later do not break even: 30 GP consultations
 * avoided in week 0 (1,350 against 1,000 of cost), none in week 60 (cumulative 1,350 against
 * 1,966.2). With 60 in week 110 (2,700 / 1.035^2 = 2,520.5) savings lead again for good
 * (3,870.5 against 2,899.7): break-even in 2027/28, not 2025/26. */
static double break_even_after_lead(double last_year_gp)
{
    synthetic x;
    double year = -1;
    if (!CHECK(synthetic_make(&x, 2025, 4, 1, 120, 2) == 0, "synthetic results")) return year;
    fill_case(&x);
    *synthetic_series(&x, SPSIM_SERIES_GP_AVOIDED, 0, 1) = 30;
    *synthetic_series(&x, SPSIM_SERIES_GP_AVOIDED, 60, 1) = 0;
    *synthetic_series(&x, SPSIM_SERIES_GP_AVOIDED, 110, 1) = last_year_gp;
    struct spsim_economics *e = synthetic_compute(&x);
    if (e) year = e->headlines[SPSIM_HEADLINE_BREAK_EVEN_YEAR];
    synthetic_free(&x);
    return year;
}

static void test_break_even_must_last(void)
{
    double year = break_even_after_lead(0);
    CHECK(isnan(year), "savings ahead only in the first year: no break-even (got %g)", year);
    year = break_even_after_lead(60);
    CHECK(year == 2027, "ahead, behind, then ahead to the horizon: 2027/28 (got %g)", year);
}

/* GP consultations avoided in one financial year (week 0 from 2025-04-01), 10 minutes each,
 * 1,575 hours per FTE: 18,900 consultations are 3,150 hours, 2 FTE. */
static double gp_cash(double consultations, double share, double *posts)
{
    synthetic x;
    double cash = NAN;
    *posts = NAN;
    if (!CHECK(synthetic_make(&x, 2025, 4, 1, 1, 1) == 0, "synthetic results")) return cash;
    *synthetic_series(&x, SPSIM_SERIES_GP_AVOIDED, 0, 0) = consultations;
    *synthetic_series(&x, SPSIM_SERIES_AE_AVOIDED, 0, 0) = 100;
    *synthetic_money(&x) = (spsim_economics_params){.price_year = 2024,
                                                    .inflation_per_year = 0.02,
                                                    .unit_cost_gbp = {45, 273, 2595},
                                                    .gp_minutes_per_consultation = 10,
                                                    .gp_hours_per_fte_year = 1575,
                                                    .gp_cost_gbp_per_fte_year = 425250,
                                                    .gp_posts_not_filled_share = share,
                                                    .decommissioned_share = {0, 0.5, 0}};
    struct spsim_economics *e = synthetic_compute(&x);
    if (e) {
        cash = *spsim_economics_at(e, SPSIM_FY_CASH_RELEASING_SAVINGS, 0, SPSIM_MONEY_NOMINAL,
                                   SPSIM_SERVICE_GP);
        *posts = *spsim_economics_at(e, SPSIM_FY_GP_POSTS_RELEASED, 0, 0, 0);
        CHECK_NEAR(*spsim_economics_at(e, SPSIM_FY_GP_HOURS_FREED, 0, 0, 0), consultations / 6,
                   1e-9, "GP hours freed");
        CHECK_NEAR(
            *spsim_economics_at(e, SPSIM_FY_SAVINGS, 0, SPSIM_MONEY_NOMINAL, SPSIM_SERVICE_GP),
            consultations * 45 * 1.02, 1e-6,
            "every consultation avoided is a non-cash-releasing saving");
        CHECK_NEAR(*spsim_economics_at(e, SPSIM_FY_CASH_RELEASING_SAVINGS, 0, SPSIM_MONEY_NOMINAL,
                                       SPSIM_SERVICE_AE),
                   100 * 273 * 0.5 * 1.02, 1e-9,
                   "A&E: half the attendances avoided decommissioned");
    }
    synthetic_free(&x);
    return cash;
}

static void test_whole_posts(void)
{
    double posts;
    CHECK_NEAR(gp_cash(18900, 0.5, &posts), 425250 * 1.02, 1e-6, "2 FTE x 0.5: one whole post");
    CHECK(posts == 1, "one post (got %g)", posts);
    CHECK_NEAR(gp_cash(28349, 0.5, &posts), 425250 * 1.02, 1e-6,
               "2.9999 FTE x 0.5: still one post");
    CHECK_NEAR(gp_cash(18900, 0.75, &posts), 425250 * 1.02, 1e-6, "2 FTE x 0.75 = 1.5: one post");
    CHECK_NEAR(gp_cash(37800, 0.5, &posts), 2 * 425250 * 1.02, 1e-6, "4 FTE x 0.5: two posts");
    CHECK(gp_cash(9449, 1.0, &posts) == 0 && posts == 0, "0.9999 FTE: no post, no cash");
    CHECK(gp_cash(18900, 0.0, &posts) == 0, "no posts left unfilled: no cash");
}

int main(void)
{
    test_headline_arithmetic();
    test_never();
    test_break_even_must_last();
    test_whole_posts();
    return spsim_check_finish();
}
