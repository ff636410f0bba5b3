/* Social impact bond: investors pay the provider's costs from the start until their capital is
 * used up, the commissioner pays the outcome payments, and the investors' return, internal rate
 * of return and loss follow, against a hand calculation. */
#include <math.h>

#include "check.h"
#include "synthetic.h"

/* 260 weeks (1,820 days) from 2025-04-01: financial years 2025/26 (365 days), 2026/27 (365),
 * 2027/28 (366: 29 February 2028), 2028/29 (365) and 2029/30 (359 days, to 25 March 2030).
 * The provider's only cost is managing its contract: 30,000 a year, 30,000 x 1,820 / 365.25 =
 * 149,486.65 in all, prices at 2025/26, no inflation. One person started in a week of each year
 * and the contract pays `per_person` per person supported. 5,000 of VCSE spend in week 0 is not
 * the provider's, so investors do not pay it. */
static const int started_week[5] = {0, 60, 110, 160, 215};

static struct spsim_economics *bond(synthetic *x, double capital, double per_person)
{
    if (!CHECK(synthetic_make(x, 2025, 4, 1, 260, 1) == 0, "synthetic results")) return NULL;
    for (int i = 0; i < 5; i++)
        *synthetic_series(x, SPSIM_SERIES_FIRST_CONTACTS, started_week[i], 0) = 1;
    *synthetic_series(x, SPSIM_SERIES_VCSE_SPEND, 0, 0) = 5000;
    synthetic_money(x)->price_year = 2025;
    spsim_commissioning_params *c = synthetic_commissioning(x);
    c->contracts = 1;
    c->contract_management_gbp_per_contract_year = 30000;
    c->payments.per_person_supported_gbp = per_person;
    c->social_impact_bond = true;
    c->investor_capital_gbp = capital;
    return synthetic_compute(x);
}

static double financing(struct spsim_economics *e, int year)
{
    return *spsim_economics_at(e, SPSIM_FY_COSTS, year, SPSIM_MONEY_NOMINAL,
                               SPSIM_COST_INVESTOR_FINANCING);
}

/* Capital 100,000 runs out in 2028/29: the first three years take 30,000 x 1,096 / 365.25 =
 * 90,020.53, the fourth the remaining 9,979.47. Payments 35,000 a year: 175,000. Return
 * 175,000 / 100,000 - 1 = 0.75; no loss. The commissioner pays 149,486.65 - 100,000 +
 * 175,000 + 5,000 = 229,486.65. */
static void test_gain(void)
{
    synthetic x;
    struct spsim_economics *e = bond(&x, 100000, 35000);
    if (e && CHECK(e->n_years == 5, "five financial years (%d)", e->n_years)) {
        const double *h = e->headlines;
        CHECK_NEAR(financing(e, 0), -30000 * 365 / 365.25, 1e-6, "2025/26 financed in full");
        CHECK_NEAR(financing(e, 2), -30000 * 366 / 365.25, 1e-6, "2027/28 financed in full");
        CHECK_NEAR(financing(e, 3), -(100000 - 30000 * 1096 / 365.25), 1e-6,
                   "2028/29: what is left of the capital");
        CHECK(financing(e, 4) == 0, "2029/30: the capital is spent");
        CHECK_NEAR(h[SPSIM_HEADLINE_INVESTOR_CAPITAL_USED], 100000, 1e-6, "capital used");
        CHECK_NEAR(h[SPSIM_HEADLINE_INVESTOR_PAYMENTS], 175000, 1e-6, "investor payments");
        CHECK_NEAR(h[SPSIM_HEADLINE_INVESTOR_RETURN], 0.75, 1e-12, "return");
        /* Payments arrive in the years the capital is drawn and exceed it every year: the
         * investors' flows never turn negative, so no rate of return exists. */
        CHECK(isnan(h[SPSIM_HEADLINE_INVESTOR_IRR]),
              "no internal rate of return without a year of net outlay");
        CHECK(h[SPSIM_HEADLINE_INVESTOR_LOSS] == 0, "no loss");
        double total = 0;
        for (int y = 0; y < e->n_years; y++)
            total += *spsim_economics_at(e, SPSIM_FY_TOTAL_COST, y, SPSIM_MONEY_NOMINAL, 0);
        CHECK_NEAR(total, 30000 * 1820 / 365.25 - 100000 + 175000 + 5000, 1e-6,
                   "commissioner: costs - financing + payments");
    }
    synthetic_free(&x);
}

/* Costs of 120,000 a year use the 100,000 of capital within 2025/26 (304.4 days); payments of
 * 35,000 a year. The investors' yearly flows are -65,000, then +35,000 for four years:
 * -65 + 35 / (1 + r) + 35 / (1 + r)^2 + 35 / (1 + r)^3 + 35 / (1 + r)^4 = 0 at r = 0.397147
 * (solved by hand by bisection). */
static void test_internal_rate_of_return(void)
{
    synthetic x;
    struct spsim_economics *e = bond(&x, 100000, 35000);
    synthetic_commissioning(&x)->contract_management_gbp_per_contract_year = 120000;
    e = synthetic_compute(&x);
    if (e) {
        CHECK_NEAR(financing(e, 0), -100000, 1e-6, "the capital is used in the first year");
        CHECK_NEAR(e->headlines[SPSIM_HEADLINE_INVESTOR_IRR], 0.397147, 1e-6,
                   "internal rate of return by hand");
    }
    synthetic_free(&x);
}

/* Payments 15,000 a year (75,000) fall short of the capital: return -0.25, a loss. */
static void test_loss(void)
{
    synthetic x;
    struct spsim_economics *e = bond(&x, 100000, 15000);
    if (e) {
        CHECK_NEAR(e->headlines[SPSIM_HEADLINE_INVESTOR_RETURN], -0.25, 1e-12, "return");
        CHECK(e->headlines[SPSIM_HEADLINE_INVESTOR_LOSS] == 1, "a loss");
    }
    synthetic_free(&x);
}

/* Capital of 1,000,000 is never used up: investors pay all 149,486.65 of the provider's costs. */
static void test_capital_left(void)
{
    synthetic x;
    struct spsim_economics *e = bond(&x, 1000000, 35000);
    if (e) {
        double financed = 0;
        for (int y = 0; y < e->n_years; y++) financed += financing(e, y);
        CHECK_NEAR(financed, -30000 * 1820 / 365.25, 1e-6, "every provider cost financed");
        CHECK_NEAR(e->headlines[SPSIM_HEADLINE_INVESTOR_CAPITAL_USED], 30000 * 1820 / 365.25, 1e-6,
                   "capital used is what was spent, not what was offered");
    }
    synthetic_free(&x);
}

/* Without a bond nothing is financed and the investor figures are empty. */
static void test_no_bond(void)
{
    synthetic x;
    if (!bond(&x, 100000, 35000)) {
        synthetic_free(&x);
        return;
    }
    synthetic_commissioning(&x)->social_impact_bond = false;
    struct spsim_economics *e = synthetic_compute(&x);
    if (e) {
        double financed = 0;
        for (int y = 0; y < e->n_years; y++) financed += financing(e, y);
        CHECK(financed == 0, "no bond: nothing financed");
        CHECK(e->headlines[SPSIM_HEADLINE_INVESTOR_CAPITAL_USED] == 0 &&
                  e->headlines[SPSIM_HEADLINE_INVESTOR_PAYMENTS] == 0 &&
                  isnan(e->headlines[SPSIM_HEADLINE_INVESTOR_LOSS]) &&
                  isnan(e->headlines[SPSIM_HEADLINE_INVESTOR_IRR]),
              "no bond: no investor figures");
    }
    synthetic_free(&x);
}

int main(void)
{
    test_gain();
    test_internal_rate_of_return();
    test_loss();
    test_capital_left();
    test_no_bond();
    return spsim_check_finish();
}
