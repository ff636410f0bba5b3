/* Headline figures of one replication, from the yearly values in their discounted, real-terms
 * view and from the engine's pre-post reductions. */
#include <math.h>
#include <stdbool.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>

#include "decision.h"
#include "economics_work.h"

static double discounted_sum(struct spsim_economics *e, spsim_fy_measure m, int entry)
{
    double sum = 0.0;
    for (int y = 0; y < e->n_years; y++)
        sum += *spsim_economics_at(e, m, y, SPSIM_MONEY_DISCOUNTED, entry);
    return sum;
}

static double services_sum(struct spsim_economics *e, spsim_fy_measure m, int year)
{
    double sum = 0.0;
    for (int s = 0; s < SPSIM_N_SERVICES; s++)
        sum += *spsim_economics_at(e, m, year, SPSIM_MONEY_DISCOUNTED, s);
    return sum;
}

static double ratio_or_nan(double numerator, double denominator)
{
    return denominator != 0.0 ? numerator / denominator : NAN;
}

/* The first financial year from which cumulative discounted savings stay at or above cumulative
 * discounted cost to the horizon, as its April year; NaN when there is none. A year in which
 * savings lead only for a while does not count: under a social impact bond the commissioner's
 * costs come late (investors pay first), so savings can lead early and fall behind later. Years
 * before any cost or saving do not count. */
static double break_even_year(struct spsim_economics *e)
{
    double cost = 0.0, savings = 0.0, year = NAN;
    for (int y = 0; y < e->n_years; y++) {
        cost += *spsim_economics_at(e, SPSIM_FY_TOTAL_COST, y, SPSIM_MONEY_DISCOUNTED, 0);
        savings += services_sum(e, SPSIM_FY_SAVINGS, y);
        if (savings < cost)
            year = NAN;
        else if (isnan(year) && (cost > 0.0 || savings > 0.0))
            year = e->first_year + y;
    }
    return year;
}

/* 1 - sum over localities of `after` / sum of `before`, for one service. */
static double reduction(spsim_arm_results *r, spsim_reduction_measure after,
                        spsim_reduction_measure before, spsim_service s)
{
    double a = 0.0, b = 0.0;
    for (int l = 0; l < r->n_localities; l++) {
        a += *spsim_reduction_at(r, after, l, s);
        b += *spsim_reduction_at(r, before, l, s);
    }
    return b != 0.0 ? 1.0 - a / b : NAN;
}

static void add_reductions(spsim_arm_results *r, double *h)
{
    static const spsim_headline_id measured[SPSIM_N_SERVICES] = {
        SPSIM_HEADLINE_MEASURED_GP_REDUCTION, SPSIM_HEADLINE_MEASURED_AE_REDUCTION,
        SPSIM_HEADLINE_MEASURED_ADMISSIONS_REDUCTION};
    static const spsim_headline_id causal[SPSIM_N_SERVICES] = {
        SPSIM_HEADLINE_CAUSAL_GP_REDUCTION, SPSIM_HEADLINE_CAUSAL_AE_REDUCTION,
        SPSIM_HEADLINE_CAUSAL_ADMISSIONS_REDUCTION};
    for (int s = 0; s < SPSIM_N_SERVICES; s++) {
        h[measured[s]] = reduction(r, SPSIM_REDUCTION_AFTER, SPSIM_REDUCTION_BEFORE, s);
        h[causal[s]] =
            reduction(r, SPSIM_REDUCTION_AFTER_EXPECTED, SPSIM_REDUCTION_COUNTERFACTUAL, s);
    }
}

/* Nominal sum over the years of one cost category. */
static double nominal_sum(struct spsim_economics *e, spsim_cost_category c)
{
    double sum = 0.0;
    for (int y = 0; y < e->n_years; y++)
        sum += *spsim_economics_at(e, SPSIM_FY_COSTS, y, SPSIM_MONEY_NOMINAL, (int)c);
    return sum;
}

/* Investors' net flow in financial year `year`: outcome payments in, capital drawn out. */
static double investor_flow(struct spsim_economics *e, int year)
{
    return *spsim_economics_at(e, SPSIM_FY_COSTS, year, SPSIM_MONEY_NOMINAL,
                               SPSIM_COST_CONTRACT_PAYMENTS) +
           *spsim_economics_at(e, SPSIM_FY_COSTS, year, SPSIM_MONEY_NOMINAL,
                               SPSIM_COST_INVESTOR_FINANCING); /* negative: paid in */
}

/* Net present value of the investors' yearly flows at rate r (year 0 undiscounted). */
static double investor_npv(double r, void *params)
{
    struct spsim_economics *e = params;
    double npv = 0.0;
    for (int y = 0; y < e->n_years; y++) npv += investor_flow(e, y) / pow(1.0 + r, y);
    return npv;
}

/* The investors' internal rate of return on their yearly flows: the rate at which the flows'
 * present value is zero, found by GSL's Brent solver between -99 % and +1,000 % a year. NaN
 * when the flows never change sign there (no such rate). */
static double investor_irr(struct spsim_economics *e)
{
    const double low = -0.99, high = 10.0;
    gsl_function f = {investor_npv, e};
    if (investor_npv(low, e) * investor_npv(high, e) > 0.0) return NAN;
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s) return NAN;
    gsl_root_fsolver_set(s, &f, low, high);
    double rate = NAN;
    for (int i = 0; i < 200; i++) {
        if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS) break;
        double a = gsl_root_fsolver_x_lower(s), b = gsl_root_fsolver_x_upper(s);
        rate = gsl_root_fsolver_root(s);
        if (gsl_root_test_interval(a, b, 1e-12, 1e-12) == GSL_SUCCESS) break;
    }
    gsl_root_fsolver_free(s);
    return rate;
}

/* Social impact bond: what investors put in and got back, in money of the day (as investors
 * count it); no capital used, no return. */
static void add_investor(spsim_economics_work *w, double *h)
{
    bool bond = w->arm->commissioning.social_impact_bond;
    double capital = bond ? w->investor_capital_used : 0.0;
    double payments = bond ? nominal_sum(w->e, SPSIM_COST_CONTRACT_PAYMENTS) : 0.0;
    h[SPSIM_HEADLINE_INVESTOR_CAPITAL_USED] = capital;
    h[SPSIM_HEADLINE_INVESTOR_PAYMENTS] = payments;
    h[SPSIM_HEADLINE_INVESTOR_RETURN] = NAN;
    h[SPSIM_HEADLINE_INVESTOR_IRR] = NAN;
    h[SPSIM_HEADLINE_INVESTOR_LOSS] = NAN;
    if (capital > 0.0) {
        h[SPSIM_HEADLINE_INVESTOR_RETURN] = payments / capital - 1.0;
        h[SPSIM_HEADLINE_INVESTOR_IRR] = investor_irr(w->e);
        h[SPSIM_HEADLINE_INVESTOR_LOSS] = payments < capital ? 1.0 : 0.0;
    }
}

double spsim_wellby_value_at_price_year(const spsim_economics_params *p)
{
    return p->wellby_value_gbp *
           pow(1.0 + p->wellby_uprating_per_year, p->price_year - p->wellby_value_price_year);
}

/* Real-terms cost over the horizon, undiscounted: the numerator of the costs per person, so that
 * it and the people it is divided by are counted alike (neither discounted). */
double spsim_economics_real_cost(struct spsim_economics *e)
{
    double sum = 0.0;
    for (int y = 0; y < e->n_years; y++)
        sum += *spsim_economics_at(e, SPSIM_FY_TOTAL_COST, y, SPSIM_MONEY_REAL, 0);
    return sum;
}

/* Value for money from discounted cost, savings and WELLBYs: net monetary benefit is its
 * wellbeing part (WELLBYs at the willingness to pay) plus its money part (savings - cost). */
static void add_value_for_money(spsim_economics_work *w, double *h, double cost, double savings,
                                double wellbys)
{
    double wellbeing = w->p->willingness_to_pay_per_wellby_gbp * wellbys;
    h[SPSIM_HEADLINE_NET_COST] = cost - savings;
    h[SPSIM_HEADLINE_RETURN_ON_INVESTMENT] = ratio_or_nan(savings - cost, cost);
    h[SPSIM_HEADLINE_WELLBYS] = wellbys;
    h[SPSIM_HEADLINE_WELLBEING_VALUE] = wellbys * spsim_wellby_value_at_price_year(w->p);
    h[SPSIM_HEADLINE_COST_PER_WELLBY] = ratio_or_nan(cost - savings, wellbys);
    h[SPSIM_HEADLINE_NMB_WELLBEING] = wellbeing;
    h[SPSIM_HEADLINE_NMB_MONEY] = savings - cost;
    h[SPSIM_HEADLINE_NET_MONETARY_BENEFIT] = spsim_net_monetary_benefit(
        w->p->willingness_to_pay_per_wellby_gbp, wellbys, cost - savings);
}

void spsim_economics_add_headlines(spsim_economics_work *w)
{
    struct spsim_economics *e = w->e;
    double *h = e->headlines;
    double cost = discounted_sum(e, SPSIM_FY_TOTAL_COST, 0), savings = 0.0, cash = 0.0;
    double wellbys = 0.0, gp_avoided = 0.0;
    for (int y = 0; y < e->n_years; y++) {
        savings += services_sum(e, SPSIM_FY_SAVINGS, y);
        cash += services_sum(e, SPSIM_FY_CASH_RELEASING_SAVINGS, y);
        wellbys += *spsim_economics_at(e, SPSIM_FY_WELLBYS_DISCOUNTED, y, 0, 0);
        gp_avoided += *spsim_economics_at(e, SPSIM_FY_ACTIVITY_AVOIDED, y, 0, SPSIM_SERVICE_GP);
    }
    double people = spsim_economics_series_sum(w->r, SPSIM_SERIES_FIRST_CONTACTS); /* attended */
    double referrals = spsim_economics_series_sum(w->r, SPSIM_SERIES_REFERRALS);
    double horizon_years = w->r->n_weeks / SPSIM_WEEKS_PER_YEAR;
    h[SPSIM_HEADLINE_PEOPLE_SUPPORTED] = people;
    h[SPSIM_HEADLINE_TOTAL_COST] = cost;
    h[SPSIM_HEADLINE_COST_PER_PERSON] = ratio_or_nan(spsim_economics_real_cost(e), people);
    h[SPSIM_HEADLINE_COST_PER_REFERRAL] = ratio_or_nan(spsim_economics_real_cost(e), referrals);
    h[SPSIM_HEADLINE_SAVINGS] = savings;
    h[SPSIM_HEADLINE_CASH_RELEASING_SAVINGS] = cash;
    h[SPSIM_HEADLINE_BREAK_EVEN_YEAR] = break_even_year(e);
    add_value_for_money(w, h, cost, savings, wellbys);
    h[SPSIM_HEADLINE_GP_APPOINTMENTS_FREED_PER_YEAR] = ratio_or_nan(gp_avoided, horizon_years);
    add_reductions(w->r, h);
    h[SPSIM_HEADLINE_OUTCOME_PAYMENTS] =
        discounted_sum(e, SPSIM_FY_COSTS, SPSIM_COST_CONTRACT_PAYMENTS);
    h[SPSIM_HEADLINE_PAYMENTS_REGRESSION_SHARE] =
        ratio_or_nan(w->payments_not_caused_gbp, nominal_sum(e, SPSIM_COST_CONTRACT_PAYMENTS));
    add_investor(w, h);
}
