/* Commissioning costs: procurement and contract management scale with the number of contracts
 * (a blanket has one, a quilt one per locality served, doing nothing none), coordination is paid
 * only under a quilt, management_scale scales only the link-worker management allowance, and
 * pooled starts cost travel; each against a hand calculation. */
#include <math.h>

#include "check.h"
#include "synthetic.h"

static double cost(struct spsim_economics *e, int year, spsim_cost_category c)
{
    return *spsim_economics_at(e, SPSIM_FY_COSTS, year, SPSIM_MONEY_NOMINAL, (int)c);
}

/* 60 weeks from 2025-04-01: 365 days in 2025/26 (week 52 starts on 31 March 2026) and 55 in
 * 2026/27. Prices at 2025/26, no inflation; set-up over 10 weeks. Procurement 40,000 per
 * contract, contract management 15,000 per contract year, coordination 60,000 a year. */
static struct spsim_economics *commission(synthetic *x, spsim_commissioning_model model,
                                          int contracts)
{
    if (!CHECK(synthetic_make(x, 2025, 4, 1, 60, 3) == 0, "synthetic results")) return NULL;
    synthetic_money(x)->price_year = 2025;
    synthetic_money(x)->setup_weeks = 10;
    spsim_commissioning_params *c = synthetic_commissioning(x);
    c->model = model;
    c->contracts = contracts;
    c->procurement_gbp_per_contract = 40000;
    c->contract_management_gbp_per_contract_year = 15000;
    c->coordination_gbp_per_year = 60000;
    return synthetic_compute(x);
}

static void check_contract_costs(spsim_commissioning_model model, int contracts,
                                 double coordination_per_year, const char *what)
{
    synthetic x;
    struct spsim_economics *e = commission(&x, model, contracts);
    if (e) {
        CHECK_NEAR(cost(e, 0, SPSIM_COST_PROCUREMENT), 40000.0 * contracts, 1e-6, what);
        CHECK(cost(e, 1, SPSIM_COST_PROCUREMENT) == 0, "%s: procurement only in set-up", what);
        CHECK_NEAR(cost(e, 0, SPSIM_COST_CONTRACT_MANAGEMENT), 15000.0 * contracts * 365 / 365.25,
                   1e-6, what);
        CHECK_NEAR(cost(e, 1, SPSIM_COST_CONTRACT_MANAGEMENT), 15000.0 * contracts * 55 / 365.25,
                   1e-6, what);
        CHECK_NEAR(cost(e, 0, SPSIM_COST_COORDINATION), coordination_per_year * 365 / 365.25, 1e-6,
                   what);
        CHECK_NEAR(cost(e, 1, SPSIM_COST_COORDINATION), coordination_per_year * 55 / 365.25, 1e-6,
                   what);
    }
    synthetic_free(&x);
}

static void test_contracts_and_coordination(void)
{
    check_contract_costs(SPSIM_COMMISSIONING_BLANKET, 1, 0, "blanket: one contract");
    check_contract_costs(SPSIM_COMMISSIONING_QUILT, 3, 60000, "quilt: three contracts");
    check_contract_costs(SPSIM_COMMISSIONING_QUILT, 1, 60000, "quilt of one: coordination");
    check_contract_costs(SPSIM_COMMISSIONING_DO_NOTHING, 0, 0, "doing nothing: no contract");
    /* A blanket is never coordinated, whatever the coordination price says. */
    check_contract_costs(SPSIM_COMMISSIONING_BLANKET, 3, 0, "blanket with three contracts");
}

/* One link-worker FTE (salary 30,000, on-costs 25 %, management 4,000) and one builder FTE
 * (overheads 6,000) for 52 weeks (364 days, all in 2025/26), management_scale 0.5: the
 * management allowance halves, pay and builder overheads do not. */
static void test_management_scale(void)
{
    synthetic x;
    if (!CHECK(synthetic_make(&x, 2025, 4, 1, 52, 1) == 0, "synthetic results")) return;
    for (int w = 0; w < 52; w++) {
        *synthetic_series(&x, SPSIM_SERIES_LW_FTE_IN_POST, w, 0) = 1;
        *synthetic_series(&x, SPSIM_SERIES_BUILDER_FTE_IN_POST, w, 0) = 1;
    }
    x.s->arms[0].pay = (spsim_pay_params){30000, 0.25, 4000, 0};
    x.s->arms[0].builders.pay = (spsim_pay_params){0, 0, 6000, 0};
    synthetic_money(&x)->price_year = 2025;
    synthetic_commissioning(&x)->management_scale = 0.5;
    struct spsim_economics *e = synthetic_compute(&x);
    const double year = 364 / 365.25;
    if (e) {
        CHECK_NEAR(cost(e, 0, SPSIM_COST_MANAGEMENT_OVERHEAD), (0.5 * 4000 + 6000) * year, 1e-6,
                   "half the management allowance, all the builder overheads");
        CHECK_NEAR(cost(e, 0, SPSIM_COST_LINK_WORKER_PAY), 37500 * year, 1e-6, "pay unchanged");
    }
    CHECK_NEAR(*synthetic_series(&x, SPSIM_SERIES_LW_COST, 3, 0),
               (37500 + 0.5 * 4000) / SPSIM_WEEKS_PER_YEAR, 1e-9,
               "weekly link-worker cost with the scaled allowance");
    CHECK_NEAR(*synthetic_series(&x, SPSIM_SERIES_BUILDER_COST, 3, 0), 6000 / SPSIM_WEEKS_PER_YEAR,
               1e-9, "weekly builder cost unscaled");
    synthetic_free(&x);
}

/* Travel: 3 pooled starts in week 2 and 1 in week 55 (2026/27) at 25 GBP each, priced at
 * 2024/25 with 2 % inflation: 75 x 1.02 and 25 x 1.02^2. */
static void test_travel(void)
{
    synthetic x;
    if (!CHECK(synthetic_make(&x, 2025, 4, 1, 60, 2) == 0, "synthetic results")) return;
    *synthetic_series(&x, SPSIM_SERIES_POOLED_STARTS, 2, 1) = 3;
    *synthetic_series(&x, SPSIM_SERIES_POOLED_STARTS, 55, 0) = 1;
    synthetic_money(&x)->price_year = 2024;
    synthetic_money(&x)->inflation_per_year = 0.02;
    synthetic_commissioning(&x)->travel_gbp_per_pooled_episode = 25;
    struct spsim_economics *e = synthetic_compute(&x);
    if (e) {
        CHECK_NEAR(cost(e, 0, SPSIM_COST_TRAVEL), 75 * 1.02, 1e-9, "travel in 2025/26");
        CHECK_NEAR(cost(e, 1, SPSIM_COST_TRAVEL), 25 * 1.02 * 1.02, 1e-9, "travel in 2026/27");
    }
    synthetic_free(&x);
}

/* Rural mileage: 100 contacts in week 2 in a locality 68 % rural and 40 in week 55 in an all-urban
 * one, reference 18 % rural, 5 miles a rural contact at 0.45 GBP a mile, priced at 2024/25 with
 * 2 % inflation: 100 x 0.5 x 2.25 x 1.02 = 114.75 and 40 x -0.18 x 2.25 x 1.02^2 (a saving). */
static void test_rural_mileage(void)
{
    synthetic x;
    if (!CHECK(synthetic_make(&x, 2025, 4, 1, 60, 2) == 0, "synthetic results")) return;
    *synthetic_series(&x, SPSIM_SERIES_CONTACTS, 2, 0) = 100;
    *synthetic_series(&x, SPSIM_SERIES_CONTACTS, 55, 1) = 40;
    for (int l = 0; l < 2; l++) {
        spsim_locality *loc = &x.s->arms[0].localities[l];
        loc->rurality = l == 0 ? 0.68 : 0.0;
        loc->link_workers.reference_rural_share = 0.18;
        loc->link_workers.rural_travel_miles_per_contact = 5;
        loc->link_workers.mileage_gbp_per_mile = 0.45;
    }
    synthetic_money(&x)->price_year = 2024;
    synthetic_money(&x)->inflation_per_year = 0.02;
    struct spsim_economics *e = synthetic_compute(&x);
    if (e) {
        CHECK_NEAR(cost(e, 0, SPSIM_COST_TRAVEL), 100 * 0.5 * 2.25 * 1.02, 1e-9,
                   "rural mileage in 2025/26");
        CHECK_NEAR(cost(e, 1, SPSIM_COST_TRAVEL), 40 * -0.18 * 2.25 * 1.02 * 1.02, 1e-9,
                   "an urban place saves on the reference mileage in 2026/27");
    }
    synthetic_free(&x);
}

int main(void)
{
    test_rural_mileage();
    test_contracts_and_coordination();
    test_management_scale();
    test_travel();
    return spsim_check_finish();
}
