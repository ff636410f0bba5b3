/* Value for money from the registry defaults: a link worker and a builder at PSSRU's full
 * economic cost, management_scale acting on management alone, the WELLBY value uprated from its
 * 2019 base by the formula, and net monetary benefit as the sum of its wellbeing and money
 * parts. Tolerances of 0.05 GBP allow only for the registry's six-digit fractions (on-costs,
 * uprating); nothing here is random. */
#include <math.h>
#include <string.h>

#include "check.h"
#include "scenario_text.h"
#include "synthetic.h"

/* PSSRU Unit Costs 2024, Table 8.2.1 (Band 5 community-based professional) and Table 10.6.1
 * (support and outreach worker), GBP a year at 2023/24 prices. */
static const double pssru_link_worker_gbp = 69860, pssru_builder_gbp = 48188;

static spsim_scenario *parse_defaults(spsim_diagnostics *d)
{
    return spsim_test_parse("name: unit\n"
                            "start_date: 2023-04-01\n"
                            "localities:\n"
                            "  town:\n"
                            "    population: {age_0_15: 8500, age_16_29: 8000, age_30_49: 12500,\n"
                            "                 age_50_64: 9000, age_65_plus: 12000}\n"
                            "    deprivation: 0.2\n"
                            "    rurality: 0.18\n",
                            d);
}

static double full_cost(const spsim_pay_params *p)
{
    return p->salary_gbp_per_fte_year * (1 + p->on_cost_fraction) + p->management_gbp_per_fte_year +
           p->non_staff_capital_gbp_per_fte_year;
}

/* One link-worker FTE and one builder FTE in post in week 0 of the price year, at the defaults:
 * the week's cost series are their full costs / 52.18; halving management_scale takes half of
 * the 8,855 of management, administration and estates off, and nothing else. */
static void check_week_costs(const spsim_arm_params *a, double management_scale)
{
    synthetic x;
    if (!CHECK(synthetic_make(&x, 2023, 4, 1, 2, 1) == 0, "synthetic results")) return;
    x.s->arms[0].pay = a->pay;
    x.s->arms[0].builders.pay = a->builders.pay;
    *synthetic_money(&x) = a->economics;
    synthetic_commissioning(&x)->management_scale = management_scale;
    *synthetic_series(&x, SPSIM_SERIES_LW_FTE_IN_POST, 0, 0) = 1;
    *synthetic_series(&x, SPSIM_SERIES_BUILDER_FTE_IN_POST, 0, 0) = 1;
    if (synthetic_compute(&x)) {
        double lw = pssru_link_worker_gbp - (1 - management_scale) * 8855;
        CHECK_NEAR(*synthetic_series(&x, SPSIM_SERIES_LW_COST, 0, 0) * SPSIM_WEEKS_PER_YEAR, lw,
                   0.05, "a link-worker FTE-year: full cost less the management scaled off");
        CHECK_NEAR(*synthetic_series(&x, SPSIM_SERIES_BUILDER_COST, 0, 0) * SPSIM_WEEKS_PER_YEAR,
                   pssru_builder_gbp, 0.05, "a builder FTE-year costs 48,188");
    }
    synthetic_free(&x);
}

static void test_full_costs(void)
{
    spsim_diagnostics d;
    spsim_scenario *s = parse_defaults(&d);
    if (CHECK(s != NULL, "defaults parsed")) {
        const spsim_arm_params *a = &s->arms[0];
        CHECK(a->economics.price_year == 2023, "prices at 2023/24, PSSRU's year (got %d)",
              a->economics.price_year);
        CHECK_NEAR(full_cost(&a->pay), pssru_link_worker_gbp, 0.05,
                   "link worker: salary, on-costs, management, non-staff and capital");
        CHECK_NEAR(full_cost(&a->builders.pay), pssru_builder_gbp, 0.05,
                   "builder: salary, on-costs and overheads");
        check_week_costs(a, 1.0);
        check_week_costs(a, 0.5);
    }
    spsim_scenario_free(s);
    spsim_diagnostics_free(&d);
}

/* 10,000 at 2019 prices growing 5 % a year is 10,000 x 1.05^5 = 12,762.815625 at 2024/25; the
 * defaults give about 15,350 at 2023/24, which is also the default willingness to pay. */
static void test_wellby_uprating(void)
{
    spsim_economics_params p = {.price_year = 2024,
                                .wellby_value_gbp = 10000,
                                .wellby_value_price_year = 2019,
                                .wellby_uprating_per_year = 0.05};
    CHECK_NEAR(spsim_wellby_value_at_price_year(&p), 12762.815625, 1e-8, "10,000 x 1.05^5");
    p.price_year = 2019;
    CHECK_NEAR(spsim_wellby_value_at_price_year(&p), 10000, 0, "no uprating in the base year");
    spsim_diagnostics d;
    spsim_scenario *s = parse_defaults(&d);
    if (CHECK(s != NULL, "defaults parsed")) {
        const spsim_economics_params *e = &s->arms[0].economics;
        double value = spsim_wellby_value_at_price_year(e);
        CHECK(e->wellby_value_gbp == 13000 && e->wellby_value_price_year == 2019,
              "the Treasury's 13,000 at 2019 prices");
        CHECK_NEAR(value, 13000 * pow(1 + e->wellby_uprating_per_year, 2023 - 2019), 1e-9,
                   "default value by the formula");
        CHECK_NEAR(value, 15350, 0.05, "about 15,350 at 2023/24");
        CHECK_NEAR(e->willingness_to_pay_per_wellby_gbp, value, 0.05,
                   "the default willingness to pay is the uprated value");
    }
    spsim_scenario_free(s);
    spsim_diagnostics_free(&d);
}

/* Two years from 2025-04-01, prices at 2025/26, no inflation or discounting: 1,000 of VCSE
 * spend, 10 GP consultations avoided at 45 and 3 WELLBYs in week 0. The WELLBY value is 10,000
 * at 2019 prices uprated 5 % a year (13,400.96 at 2025/26); the willingness to pay 20,000. */
static void test_net_monetary_benefit_parts(void)
{
    synthetic x;
    if (!CHECK(synthetic_make(&x, 2025, 4, 1, 104, 1) == 0, "synthetic results")) return;
    *synthetic_series(&x, SPSIM_SERIES_VCSE_SPEND, 0, 0) = 1000;
    *synthetic_series(&x, SPSIM_SERIES_GP_AVOIDED, 0, 0) = 10;
    *synthetic_series(&x, SPSIM_SERIES_WELLBYS, 0, 0) = 3;
    spsim_economics_params *p = synthetic_money(&x);
    *p = (spsim_economics_params){.price_year = 2025,
                                  .wellby_value_gbp = 10000,
                                  .wellby_value_price_year = 2019,
                                  .wellby_uprating_per_year = 0.05,
                                  .willingness_to_pay_per_wellby_gbp = 20000};
    p->unit_cost_gbp[SPSIM_SERVICE_GP] = 45;
    struct spsim_economics *e = synthetic_compute(&x);
    if (e) {
        const double *h = e->headlines;
        CHECK_NEAR(h[SPSIM_HEADLINE_WELLBEING_VALUE], 3 * 10000 * pow(1.05, 6), 1e-8,
                   "wellbeing value at the uprated WELLBY value");
        CHECK_NEAR(h[SPSIM_HEADLINE_NMB_WELLBEING], 3 * 20000, 1e-9,
                   "wellbeing part: willingness to pay x WELLBYs");
        CHECK_NEAR(h[SPSIM_HEADLINE_NMB_MONEY], 450 - 1000, 1e-9, "money part: savings - cost");
        CHECK_NEAR(h[SPSIM_HEADLINE_NMB_WELLBEING] + h[SPSIM_HEADLINE_NMB_MONEY],
                   h[SPSIM_HEADLINE_NET_MONETARY_BENEFIT], 1e-9, "the parts sum to the whole");
        CHECK_NEAR(h[SPSIM_HEADLINE_NET_MONETARY_BENEFIT], 60000 - 550, 1e-9,
                   "net monetary benefit");
    }
    synthetic_free(&x);
}

int main(void)
{
    test_full_costs();
    test_wellby_uprating();
    test_net_monetary_benefit_parts();
    return spsim_check_finish();
}
