/* Costs by financial year: discounting against a present value worked by hand, pay awards each
 * April (and other prices with inflation), the real view deflated by hand, categories adding up
 * to the total in every year and view, and the weekly cost series the module fills. */
#include <math.h>

#include "check.h"
#include "synthetic.h"

static double cost(struct spsim_economics *e, int year, int view, spsim_cost_category c)
{
    return *spsim_economics_at(e, SPSIM_FY_COSTS, year, view, (int)c);
}

/* 1,000 GBP of VCSE spend in one week of each of 2025/26, 2026/27 and 2027/28 (weeks 0, 60 and
 * 110 from 2025-04-01: 1 April 2025, 26 May 2026, 11 May 2027), prices at 2024/25, inflation
 * 2 %, discount rate 3.5 %: present value 1000 / 1.02 + 1000 / (1.02^2 x 1.035)
 * + 1000 / (1.02^3 x 1.035^2) = 980.392 + 928.666 + 879.667 = 2,788.7256 GBP. */
static void test_present_value(void)
{
    synthetic x;
    if (!CHECK(synthetic_make(&x, 2025, 4, 1, 120, 1) == 0, "synthetic results")) return;
    for (int i = 0; i < 3; i++)
        *synthetic_series(&x, SPSIM_SERIES_VCSE_SPEND, (int[]){0, 60, 110}[i], 0) = 1000;
    spsim_economics_params *p = synthetic_money(&x);
    p->price_year = 2024;
    p->inflation_per_year = 0.02;
    p->discount_rate = 0.035;
    struct spsim_economics *e = synthetic_compute(&x);
    if (e && CHECK(e->n_years == 3, "three financial years (%d)", e->n_years)) {
        const double discounted[3] = {1000 / 1.02, 1000 / (1.02 * 1.02 * 1.035),
                                      1000 / (1.02 * 1.02 * 1.02 * 1.035 * 1.035)};
        for (int y = 0; y < 3; y++) {
            CHECK_NEAR(cost(e, y, SPSIM_MONEY_NOMINAL, SPSIM_COST_VCSE_FUNDING), 1000, 1e-9,
                       "nominal VCSE spend as recorded");
            CHECK_NEAR(*spsim_economics_at(e, SPSIM_FY_TOTAL_COST, y, SPSIM_MONEY_DISCOUNTED, 0),
                       discounted[y], 1e-9, "discounted cost of the year");
        }
        CHECK_NEAR(e->headlines[SPSIM_HEADLINE_TOTAL_COST], 2788.7256284754867, 1e-7,
                   "total cost: the present value by hand");
    }
    synthetic_free(&x);
}

/* One link-worker FTE all the way (salary 30,000, on-costs 25 %, management 4,000), prices at
 * 2025/26, pay award 3 %, inflation 2 %, 104 weeks from 2025-04-01: 365 days in 2025/26 (week 52
 * starts on 31 March 2026) and 363 in 2026/27. */
static void test_pay_awards(void)
{
    synthetic x;
    if (!CHECK(synthetic_make(&x, 2025, 4, 1, 104, 1) == 0, "synthetic results")) return;
    for (int w = 0; w < 104; w++) *synthetic_series(&x, SPSIM_SERIES_LW_FTE_IN_POST, w, 0) = 1;
    x.s->arms[0].pay = (spsim_pay_params){30000, 0.25, 3000, 1000}; /* overheads 4,000 */
    spsim_economics_params *p = synthetic_money(&x);
    p->price_year = 2025;
    p->pay_award_per_year = 0.03;
    p->inflation_per_year = 0.02;
    struct spsim_economics *e = synthetic_compute(&x);
    if (e && CHECK(e->n_years == 2, "two financial years")) {
        const int nominal = SPSIM_MONEY_NOMINAL;
        CHECK_NEAR(cost(e, 0, nominal, SPSIM_COST_LINK_WORKER_PAY), 37500 * 365 / 365.25, 1e-6,
                   "pay in 2025/26 at 2025/26 rates");
        CHECK_NEAR(cost(e, 1, nominal, SPSIM_COST_LINK_WORKER_PAY), 37500 * 1.03 * 363 / 365.25,
                   1e-6, "pay in 2026/27 after the April award");
        CHECK_NEAR(cost(e, 1, nominal, SPSIM_COST_MANAGEMENT_OVERHEAD), 4000 * 1.02 * 363 / 365.25,
                   1e-6, "management grows with inflation, not the pay award");
        CHECK_NEAR(cost(e, 1, SPSIM_MONEY_REAL, SPSIM_COST_LINK_WORKER_PAY),
                   37500 * 1.03 / 1.02 * 363 / 365.25, 1e-6, "real pay rises by 3 % less 2 %");
    }
    /* Weekly series, nominal: a week in one year; the week of 31 March, 1 day at the old rate
     * and 6 at the new; a week after the award. Per week at 2025/26 rates: 41,500 / 52.18. */
    const double week_gbp = (37500 + 4000) / SPSIM_WEEKS_PER_YEAR;
    CHECK_NEAR(*synthetic_series(&x, SPSIM_SERIES_LW_COST, 0, 0), week_gbp, 1e-9, "week 0 cost");
    CHECK_NEAR(*synthetic_series(&x, SPSIM_SERIES_LW_COST, 52, 0),
               (37500 * (1 + 6 * 1.03) / 7 + 4000 * (1 + 6 * 1.02) / 7) / SPSIM_WEEKS_PER_YEAR,
               1e-9, "week 52 cost, split at 1 April");
    CHECK_NEAR(*synthetic_series(&x, SPSIM_SERIES_LW_COST, 60, 0),
               (37500 * 1.03 + 4000 * 1.02) / SPSIM_WEEKS_PER_YEAR, 1e-9, "week 60 cost");
    double sum = 0;
    for (int w = 0; w < 104; w++) sum += *synthetic_series(&x, SPSIM_SERIES_LW_COST, w, 0);
    CHECK_NEAR(x.r.totals[SPSIM_TOTAL_LW_COST], sum, 1e-6, "total is the sum of the weeks");
    if (e)
        CHECK_NEAR(sum,
                   cost(e, 0, 0, SPSIM_COST_LINK_WORKER_PAY) +
                       cost(e, 0, 0, SPSIM_COST_MANAGEMENT_OVERHEAD) +
                       cost(e, 1, 0, SPSIM_COST_LINK_WORKER_PAY) +
                       cost(e, 1, 0, SPSIM_COST_MANAGEMENT_OVERHEAD),
                   1e-6, "weekly series and yearly costs agree");
    synthetic_free(&x);
}

/* Every category busy over three years in two localities. */
static void fill_everything(synthetic *x)
{
    for (int w = 0; w < x->r.n_weeks; w++)
        for (int l = 0; l < 2; l++) {
            *synthetic_series(x, SPSIM_SERIES_LW_FTE_IN_POST, w, l) = 2 + l + w % 3;
            *synthetic_series(x, SPSIM_SERIES_BUILDER_FTE_IN_POST, w, l) = 0.5 * l + (w > 20);
            *synthetic_series(x, SPSIM_SERIES_LW_HIRES, w, l) = w % 17 == 0;
            *synthetic_series(x, SPSIM_SERIES_BUILDER_HIRES, w, l) = w % 29 == 3;
            *synthetic_series(x, SPSIM_SERIES_VCSE_SPEND, w, l) = 100.0 * (w % 5) + l;
        }
    x->s->arms[0].pay = (spsim_pay_params){30000, 0.28, 3500, 0};
    x->s->arms[0].builders.pay = (spsim_pay_params){33000, 0.3, 6000, 0};
    *synthetic_money(x) = (spsim_economics_params){.price_year = 2024,
                                                   .discount_rate = 0.035,
                                                   .inflation_per_year = 0.02,
                                                   .pay_award_per_year = 0.03,
                                                   .recruitment_gbp_per_hire = 3000,
                                                   .training_gbp_per_hire = 2000,
                                                   .setup_procurement_gbp = 50000,
                                                   .setup_digital_gbp = 30000,
                                                   .setup_directory_gbp = 20000,
                                                   .setup_weeks = 26.5,
                                                   .evaluation_gbp_per_year = 20000};
}

static void test_views_and_totals(void)
{
    synthetic x;
    if (!CHECK(synthetic_make(&x, 2025, 6, 10, 140, 2) == 0, "synthetic results")) return;
    fill_everything(&x);
    struct spsim_economics *e = synthetic_compute(&x);
    if (!e) goto done;
    int wrong_total = 0, wrong_real = 0, wrong_discounted = 0, empty = 0;
    for (int y = 0; y < e->n_years; y++) {
        double deflator = pow(1.02, 2025 + y - 2024), discount = pow(1.035, y);
        for (int v = 0; v < SPSIM_N_MONEY_VIEWS; v++) {
            double sum = 0;
            for (int c = 0; c < SPSIM_N_COST_CATEGORIES; c++) sum += cost(e, y, v, c);
            double total = *spsim_economics_at(e, SPSIM_FY_TOTAL_COST, y, v, 0);
            wrong_total += !(fabs(sum - total) <= 1e-9 * total);
        }
        for (int c = 0; c < SPSIM_N_COST_CATEGORIES; c++) {
            double nominal = cost(e, y, SPSIM_MONEY_NOMINAL, c);
            double real = cost(e, y, SPSIM_MONEY_REAL, c);
            wrong_real += !(fabs(real - nominal / deflator) <= 1e-9 * (1 + nominal));
            wrong_discounted += !(fabs(cost(e, y, SPSIM_MONEY_DISCOUNTED, c) - real / discount) <=
                                  1e-9 * (1 + real));
            /* No commissioning parameters are set: no contracts, no payments, no bond. */
            bool should_be_empty = c == SPSIM_COST_CONTRACT_PAYMENTS ||
                                   c == SPSIM_COST_COORDINATION || c == SPSIM_COST_PROCUREMENT ||
                                   c == SPSIM_COST_CONTRACT_MANAGEMENT || c == SPSIM_COST_TRAVEL ||
                                   c == SPSIM_COST_INVESTOR_FINANCING ||
                                   (c == SPSIM_COST_SETUP && y > 0);
            empty += should_be_empty != (nominal == 0);
        }
    }
    CHECK(e->n_years == 3, "140 weeks from 10 June 2025 touch three years (%d)", e->n_years);
    CHECK(wrong_total == 0, "categories add up to the total in every year and view (%d differ)",
          wrong_total);
    CHECK(wrong_real == 0, "real = nominal / 1.02^(year - 2024) (%d differ)", wrong_real);
    CHECK(wrong_discounted == 0, "discounted = real / 1.035^t (%d differ)", wrong_discounted);
    CHECK(empty == 0, "only commissioning categories and later set-up are nil (%d not)", empty);
    /* Set-up: 100,000 at 2024/25 prices, all within 2025/26 (26.5 weeks from June). */
    CHECK_NEAR(cost(e, 0, SPSIM_MONEY_NOMINAL, SPSIM_COST_SETUP), 100000 * 1.02, 1e-6,
               "set-up spread over 26.5 weeks, at 2025/26 prices");
done:
    synthetic_free(&x);
}

/* Recruitment and training: 3 hires in week 0 from 2025-04-01 cost 3 x 5,000 x 1.02 nominal. */
static void test_hires(void)
{
    synthetic x;
    if (!CHECK(synthetic_make(&x, 2025, 4, 1, 2, 1) == 0, "synthetic results")) return;
    *synthetic_series(&x, SPSIM_SERIES_LW_HIRES, 0, 0) = 2;
    *synthetic_series(&x, SPSIM_SERIES_BUILDER_HIRES, 1, 0) = 1;
    *synthetic_money(&x) = (spsim_economics_params){.price_year = 2024,
                                                    .inflation_per_year = 0.02,
                                                    .recruitment_gbp_per_hire = 3000,
                                                    .training_gbp_per_hire = 2000};
    struct spsim_economics *e = synthetic_compute(&x);
    if (e)
        CHECK_NEAR(cost(e, 0, SPSIM_MONEY_NOMINAL, SPSIM_COST_RECRUITMENT_TRAINING),
                   3 * 5000 * 1.02, 1e-9, "three hires");
    synthetic_free(&x);
}

int main(void)
{
    test_present_value();
    test_pay_awards();
    test_views_and_totals();
    test_hires();
    return spsim_check_finish();
}
