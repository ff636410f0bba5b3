/* The economics tables, and the order of the steps: nominal costs, outcome payments and savings
 * by financial year, then the real and discounted views, then the headline figures. */
#include "economics.h"

#include <math.h>
#include <stdlib.h>

#include "economics_work.h"

const char *const spsim_money_view_key[SPSIM_N_MONEY_VIEWS] = {
    [SPSIM_MONEY_NOMINAL] = "nominal",
    [SPSIM_MONEY_REAL] = "real",
    [SPSIM_MONEY_DISCOUNTED] = "discounted",
};

const spsim_series_info spsim_cost_category_table[SPSIM_N_COST_CATEGORIES] = {
    [SPSIM_COST_LINK_WORKER_PAY] =
        {"link_worker_pay", "GBP",
         "link-worker salary and on-costs for the FTE in post, with a pay award each April", false},
    [SPSIM_COST_BUILDER_PAY] =
        {"builder_pay", "GBP",
         "builder salary and on-costs for the FTE in post, with a pay award each April", false},
    [SPSIM_COST_RECRUITMENT_TRAINING] =
        {"recruitment_training", "GBP",
         "recruitment and training of every link worker and builder hired", false},
    [SPSIM_COST_MANAGEMENT_OVERHEAD] =
        {"management_overhead", "GBP",
         "management allowance of link-worker FTE and overheads of builder FTE in post", false},
    [SPSIM_COST_SETUP] =
        {"setup", "GBP",
         "procurement, digital tracking and directory mapping, spread over the set-up weeks",
         false},
    [SPSIM_COST_PROCUREMENT] =
        {"procurement", "GBP",
         "procuring the contracts: contracts x procurement cost per contract, spread over the "
         "set-up weeks",
         false},
    [SPSIM_COST_CONTRACT_MANAGEMENT] =
        {"contract_management", "GBP",
         "managing the contracts: contracts x management cost per contract year", false},
    [SPSIM_COST_COORDINATION] =
        {"coordination", "GBP",
         "coordination of several providers under a quilt (shared framework, central training "
         "and support, shared data); zero otherwise",
         false},
    [SPSIM_COST_TRAVEL] =
        {"travel", "GBP",
         "link-worker travel beyond the national figures: people supported in a neighbouring "
         "locality's slot (pooled starts x travel per pooled episode) and rural mileage "
         "(contacts x (rurality - reference rural share) x miles per contact x GBP per mile; "
         "negative for a place more urban than the reference)",
         false},
    [SPSIM_COST_VCSE_FUNDING] =
        {"vcse_funding", "GBP",
         "spend of the VCSE funding streams (grants, commissioned places, budgets)", false},
    [SPSIM_COST_CONTRACT_PAYMENTS] =
        {"contract_payments", "GBP",
         "outcome payments for people supported, completions, wellbeing improvements and GP "
         "consultations fewer, capped each financial year; contract prices, nominal",
         false},
    [SPSIM_COST_INVESTOR_FINANCING] =
        {"investor_financing", "GBP",
         "social impact bond: the provider's costs paid by investors until their capital ran "
         "out, as a negative cost to the commissioner",
         false},
    [SPSIM_COST_EVALUATION] = {"evaluation", "GBP", "evaluation, spread evenly over the weeks",
                               false},
};

const spsim_fy_measure_info spsim_fy_measure_table[SPSIM_N_FY_MEASURES] = {
    [SPSIM_FY_COSTS] = {{"costs", "GBP",
                         "cost in the financial year, by money view and cost category", false},
                        true,
                        SPSIM_FY_BY_COST_CATEGORY},
    [SPSIM_FY_TOTAL_COST] = {{"total_cost", "GBP",
                              "cost in the financial year, all categories, by money view", false},
                             true,
                             SPSIM_FY_WHOLE},
    [SPSIM_FY_ACTIVITY_AVOIDED] =
        {{"activity_avoided", "events",
          "GP consultations, A&E attendances and emergency admissions avoided in the financial "
          "year (expected)",
          false},
         false,
         SPSIM_FY_BY_SERVICE},
    [SPSIM_FY_SAVINGS] =
        {{"savings", "GBP",
          "activity avoided x unit cost, all of it non-cash-releasing, by money view and "
          "service",
          false},
         true,
         SPSIM_FY_BY_SERVICE},
    [SPSIM_FY_CASH_RELEASING_SAVINGS] =
        {{"cash_releasing_savings", "GBP",
          "savings that release cash: GP posts left unfilled (whole posts only), A&E and "
          "admissions decommissioned, by money view and service",
          false},
         true,
         SPSIM_FY_BY_SERVICE},
    [SPSIM_FY_GP_HOURS_FREED] =
        {{"gp_hours_freed", "hours of GP time",
          "GP time freed: consultations avoided x minutes per consultation / 60", false},
         false,
         SPSIM_FY_WHOLE},
    [SPSIM_FY_GP_FTE_FREED] =
        {{"gp_fte_freed", "FTE",
          "GP time freed as full-time equivalents: hours / hours per FTE year", false},
         false,
         SPSIM_FY_WHOLE},
    [SPSIM_FY_GP_POSTS_RELEASED] =
        {{"gp_posts_released", "posts",
          "whole GP posts left unfilled: floor(FTE freed x share of posts not filled)", false},
         false,
         SPSIM_FY_WHOLE},
    [SPSIM_FY_WELLBYS] = {{"wellbys", "WELLBY",
                           "WELLBYs gained in the financial year, undiscounted", false},
                          false,
                          SPSIM_FY_WHOLE},
    [SPSIM_FY_WELLBYS_DISCOUNTED] =
        {{"wellbys_discounted", "WELLBY",
          "WELLBYs gained in the financial year, discounted at the wellbeing discount rate", false},
         false,
         SPSIM_FY_WHOLE},
};

const spsim_series_info spsim_headline_table[SPSIM_N_HEADLINES] = {
    [SPSIM_HEADLINE_PEOPLE_SUPPORTED] =
        {"people_supported", "people",
         "people who attended a first link-worker contact over the horizon", true},
    [SPSIM_HEADLINE_TOTAL_COST] = {"total_cost", "GBP",
                                   "cost over the horizon, all categories, real terms, discounted",
                                   false},
    [SPSIM_HEADLINE_COST_PER_PERSON] =
        {"cost_per_person_supported", "GBP per person",
         "cost over the horizon in real terms, undiscounted (as the people are), / people "
         "supported (NaN when nobody was supported)",
         false},
    [SPSIM_HEADLINE_COST_PER_REFERRAL] =
        {"cost_per_referral", "GBP per person",
         "cost over the horizon in real terms, undiscounted, / people referred (NaN when nobody "
         "was referred)",
         false},
    [SPSIM_HEADLINE_SAVINGS] =
        {"savings", "GBP", "non-cash-releasing savings over the horizon, real terms, discounted",
         false},
    [SPSIM_HEADLINE_CASH_RELEASING_SAVINGS] =
        {"cash_releasing_savings", "GBP",
         "cash-releasing savings over the horizon, real terms, discounted", false},
    [SPSIM_HEADLINE_NET_COST] = {"net_cost", "GBP", "total cost - savings", false},
    [SPSIM_HEADLINE_RETURN_ON_INVESTMENT] =
        {"return_on_investment", "GBP per GBP",
         "(savings - total cost) / total cost (NaN when nothing was spent)", false},
    [SPSIM_HEADLINE_BREAK_EVEN_YEAR] =
        {"break_even_year", "financial year",
         "first financial year (its April year) from which cumulative discounted savings stay at "
         "or above cumulative discounted cost to the horizon (NaN when none does)",
         false},
    [SPSIM_HEADLINE_WELLBYS] =
        {"wellbys", "WELLBY",
         "WELLBYs gained over the horizon, discounted at the wellbeing discount rate", false},
    [SPSIM_HEADLINE_WELLBEING_VALUE] = {"wellbeing_value", "GBP",
                                        "WELLBYs x the value of a WELLBY uprated to the price year",
                                        false},
    [SPSIM_HEADLINE_COST_PER_WELLBY] = {"cost_per_wellby", "GBP per WELLBY",
                                        "net cost / WELLBYs (NaN when no WELLBYs were gained)",
                                        false},
    [SPSIM_HEADLINE_NET_MONETARY_BENEFIT] = {"net_monetary_benefit", "GBP",
                                             "willingness to pay per WELLBY x WELLBYs - net cost",
                                             false},
    [SPSIM_HEADLINE_NMB_WELLBEING] =
        {"net_monetary_benefit_wellbeing", "GBP",
         "the wellbeing part of net monetary benefit: willingness to pay per WELLBY x WELLBYs",
         false},
    [SPSIM_HEADLINE_NMB_MONEY] = {"net_monetary_benefit_money", "GBP",
                                  "the money part of net monetary benefit: savings - total cost",
                                  false},
    [SPSIM_HEADLINE_GP_APPOINTMENTS_FREED_PER_YEAR] = {"gp_appointments_freed_per_year",
                                                       "consultations per year",
                                                       "GP consultations avoided / years simulated",
                                                       false},
    [SPSIM_HEADLINE_MEASURED_GP_REDUCTION] =
        {"measured_gp_reduction", "1",
         "1 - GP use in the 12 months after referral / in the 12 months before, as counted", false},
    [SPSIM_HEADLINE_CAUSAL_GP_REDUCTION] =
        {"causal_gp_reduction", "1", "1 - expected GP use after referral with support / without it",
         false},
    [SPSIM_HEADLINE_MEASURED_AE_REDUCTION] =
        {"measured_ae_reduction", "1", "1 - A&E attendances after referral / before, as counted",
         false},
    [SPSIM_HEADLINE_CAUSAL_AE_REDUCTION] =
        {"causal_ae_reduction", "1",
         "1 - expected A&E attendances after referral with support / without it", false},
    [SPSIM_HEADLINE_MEASURED_ADMISSIONS_REDUCTION] =
        {"measured_admissions_reduction", "1",
         "1 - emergency admissions after referral / before, as counted", false},
    [SPSIM_HEADLINE_CAUSAL_ADMISSIONS_REDUCTION] =
        {"causal_admissions_reduction", "1",
         "1 - expected emergency admissions after referral with support / without it", false},
    [SPSIM_HEADLINE_OUTCOME_PAYMENTS] =
        {"outcome_payments", "GBP",
         "outcome payments over the horizon (part of total cost), real terms, discounted", false},
    [SPSIM_HEADLINE_INVESTOR_CAPITAL_USED] =
        {"investor_capital_used", "GBP",
         "social impact bond: investors' capital spent on the provider's costs, nominal (0 "
         "without a bond)",
         false},
    [SPSIM_HEADLINE_INVESTOR_PAYMENTS] =
        {"investor_payments", "GBP",
         "social impact bond: outcome payments received by investors, nominal (0 without a "
         "bond)",
         false},
    [SPSIM_HEADLINE_INVESTOR_RETURN] =
        {"investor_return", "GBP per GBP",
         "investor payments / capital used - 1 (NaN when no capital was used)", false},
    [SPSIM_HEADLINE_INVESTOR_IRR] =
        {"investor_internal_rate_of_return", "per year",
         "social impact bond: the investors' internal rate of return on their yearly flows "
         "(capital paid in, outcome payments received), nominal; NaN when no capital was used "
         "or the flows never change sign",
         false},
    [SPSIM_HEADLINE_INVESTOR_LOSS] =
        {"investor_loss", "1",
         "1 when investor payments fall short of the capital used, else 0 (NaN when no capital "
         "was used); its mean is the probability of a loss",
         false},
    [SPSIM_HEADLINE_PAYMENTS_REGRESSION_SHARE] =
        {"outcome_payments_regression_share", "1",
         "share of outcome payments (nominal) paid for GP consultations fewer that support did "
         "not cause: regression to the mean, net of the trend (NaN when nothing was paid)",
         false},
};

const char *const spsim_direction_key[3] = {"lower", "neither", "higher"};

const spsim_direction spsim_headline_direction[SPSIM_N_HEADLINES] = {
    [SPSIM_HEADLINE_PEOPLE_SUPPORTED] = SPSIM_HIGHER_IS_BETTER,
    [SPSIM_HEADLINE_TOTAL_COST] = SPSIM_LOWER_IS_BETTER,
    [SPSIM_HEADLINE_COST_PER_PERSON] = SPSIM_LOWER_IS_BETTER,
    [SPSIM_HEADLINE_COST_PER_REFERRAL] = SPSIM_LOWER_IS_BETTER,
    [SPSIM_HEADLINE_SAVINGS] = SPSIM_HIGHER_IS_BETTER,
    [SPSIM_HEADLINE_CASH_RELEASING_SAVINGS] = SPSIM_HIGHER_IS_BETTER,
    [SPSIM_HEADLINE_NET_COST] = SPSIM_LOWER_IS_BETTER,
    [SPSIM_HEADLINE_RETURN_ON_INVESTMENT] = SPSIM_HIGHER_IS_BETTER,
    [SPSIM_HEADLINE_BREAK_EVEN_YEAR] = SPSIM_LOWER_IS_BETTER,
    [SPSIM_HEADLINE_WELLBYS] = SPSIM_HIGHER_IS_BETTER,
    [SPSIM_HEADLINE_WELLBEING_VALUE] = SPSIM_HIGHER_IS_BETTER,
    [SPSIM_HEADLINE_COST_PER_WELLBY] = SPSIM_LOWER_IS_BETTER,
    [SPSIM_HEADLINE_NET_MONETARY_BENEFIT] = SPSIM_HIGHER_IS_BETTER,
    [SPSIM_HEADLINE_NMB_WELLBEING] = SPSIM_HIGHER_IS_BETTER,
    [SPSIM_HEADLINE_NMB_MONEY] = SPSIM_HIGHER_IS_BETTER,
    [SPSIM_HEADLINE_GP_APPOINTMENTS_FREED_PER_YEAR] = SPSIM_HIGHER_IS_BETTER,
    /* What a pre-post study would measure is not a benefit in itself. */
    [SPSIM_HEADLINE_MEASURED_GP_REDUCTION] = SPSIM_NEITHER_IS_BETTER,
    [SPSIM_HEADLINE_CAUSAL_GP_REDUCTION] = SPSIM_HIGHER_IS_BETTER,
    [SPSIM_HEADLINE_MEASURED_AE_REDUCTION] = SPSIM_NEITHER_IS_BETTER,
    [SPSIM_HEADLINE_CAUSAL_AE_REDUCTION] = SPSIM_HIGHER_IS_BETTER,
    [SPSIM_HEADLINE_MEASURED_ADMISSIONS_REDUCTION] = SPSIM_NEITHER_IS_BETTER,
    [SPSIM_HEADLINE_CAUSAL_ADMISSIONS_REDUCTION] = SPSIM_HIGHER_IS_BETTER,
    [SPSIM_HEADLINE_OUTCOME_PAYMENTS] = SPSIM_LOWER_IS_BETTER,
    [SPSIM_HEADLINE_INVESTOR_CAPITAL_USED] = SPSIM_NEITHER_IS_BETTER,
    [SPSIM_HEADLINE_INVESTOR_PAYMENTS] = SPSIM_NEITHER_IS_BETTER,
    [SPSIM_HEADLINE_INVESTOR_RETURN] = SPSIM_HIGHER_IS_BETTER,
    [SPSIM_HEADLINE_INVESTOR_IRR] = SPSIM_HIGHER_IS_BETTER,
    [SPSIM_HEADLINE_INVESTOR_LOSS] = SPSIM_LOWER_IS_BETTER,
    [SPSIM_HEADLINE_PAYMENTS_REGRESSION_SHARE] = SPSIM_LOWER_IS_BETTER,
};

int spsim_fy_split_size(spsim_fy_split split)
{
    switch (split) {
    case SPSIM_FY_BY_COST_CATEGORY: return SPSIM_N_COST_CATEGORIES;
    case SPSIM_FY_BY_SERVICE: return SPSIM_N_SERVICES;
    case SPSIM_FY_WHOLE: break;
    }
    return 1;
}

int spsim_fy_measure_per_year(spsim_fy_measure m)
{
    const spsim_fy_measure_info *info = &spsim_fy_measure_table[m];
    return (info->by_view ? SPSIM_N_MONEY_VIEWS : 1) * spsim_fy_split_size(info->split);
}

void spsim_economics_free(struct spsim_economics *e)
{
    if (!e) return;
    for (int m = 0; m < SPSIM_N_FY_MEASURES; m++) free(e->fy[m]);
    free(e);
}

struct spsim_economics *spsim_economics_alloc(int first_year, int n_years)
{
    struct spsim_economics *e = calloc(1, sizeof *e);
    if (!e) return NULL;
    e->first_year = first_year;
    e->n_years = n_years;
    for (int m = 0; m < SPSIM_N_FY_MEASURES; m++) {
        size_t n = (size_t)(n_years > 0 ? n_years : 1) * (size_t)spsim_fy_measure_per_year(m);
        e->fy[m] = calloc(n, sizeof(double));
        if (!e->fy[m]) {
            spsim_economics_free(e);
            return NULL;
        }
    }
    return e;
}

double spsim_economics_series_sum(const spsim_arm_results *r, spsim_series_id s)
{
    double sum = 0.0;
    long cells = (long)r->n_weeks * r->n_localities;
    for (long i = 0; i < cells; i++) sum += r->series[s][i];
    return sum;
}

static void set_factors(spsim_economics_work *w)
{
    const spsim_economics_params *p = w->p;
    for (int y = 0; y < w->e->n_years; y++) {
        double n = w->e->first_year + y - p->price_year;
        w->factors[y] = (spsim_year_factors){
            .pay = pow(1 + p->pay_award_per_year, n),
            .prices = pow(1 + p->inflation_per_year, n),
            .discount = pow(1 + p->discount_rate, y),
            .wellbeing_discount = pow(1 + p->wellbeing_discount_rate, y),
        };
    }
}

/* Real and discounted views of every money measure from its nominal one. */
static void add_views(spsim_economics_work *w, spsim_fy_measure m)
{
    int entries = spsim_fy_split_size(spsim_fy_measure_table[m].split);
    for (int y = 0; y < w->e->n_years; y++) {
        const spsim_year_factors *f = &w->factors[y];
        for (int i = 0; i < entries; i++) {
            double nominal = *spsim_economics_at(w->e, m, y, SPSIM_MONEY_NOMINAL, i);
            double real = nominal / f->prices;
            *spsim_economics_at(w->e, m, y, SPSIM_MONEY_REAL, i) = real;
            *spsim_economics_at(w->e, m, y, SPSIM_MONEY_DISCOUNTED, i) = real / f->discount;
        }
    }
}

/* The total of each year and view is the sum of its categories in that view. */
static void add_totals(struct spsim_economics *e)
{
    for (int y = 0; y < e->n_years; y++)
        for (int v = 0; v < SPSIM_N_MONEY_VIEWS; v++) {
            double sum = 0.0;
            for (int c = 0; c < SPSIM_N_COST_CATEGORIES; c++)
                sum += *spsim_economics_at(e, SPSIM_FY_COSTS, y, v, c);
            *spsim_economics_at(e, SPSIM_FY_TOTAL_COST, y, v, 0) = sum;
        }
}

static void discount_wellbys(spsim_economics_work *w)
{
    for (int y = 0; y < w->e->n_years; y++)
        *spsim_economics_at(w->e, SPSIM_FY_WELLBYS_DISCOUNTED, y, 0, 0) =
            *spsim_economics_at(w->e, SPSIM_FY_WELLBYS, y, 0, 0) / w->factors[y].wellbeing_discount;
}

int spsim_economics_compute(const spsim_scenario *s, int arm, spsim_arm_results *r)
{
    spsim_economics_work w = {.arm = &s->arms[arm], .p = &s->arms[arm].economics, .r = r};
    spsim_fy_calendar_init(&w.calendar, s->start_year, s->start_month, s->start_day, r->n_weeks);
    w.e = spsim_economics_alloc(w.calendar.first_year, w.calendar.n_years);
    w.factors = calloc((size_t)w.calendar.n_years, sizeof *w.factors);
    if (!w.e || !w.factors) goto fail;
    set_factors(&w);
    spsim_economics_add_costs(&w);
    if (spsim_economics_add_payments(&w) != 0) goto fail;
    spsim_economics_add_savings(&w);
    for (int m = 0; m < SPSIM_N_FY_MEASURES; m++)
        if (spsim_fy_measure_table[m].by_view && m != SPSIM_FY_TOTAL_COST) add_views(&w, m);
    add_totals(w.e);
    discount_wellbys(&w);
    spsim_economics_add_headlines(&w);
    free(w.factors);
    spsim_economics_free(r->economics);
    r->economics = w.e;
    return 0;
fail:
    spsim_economics_free(w.e);
    free(w.factors);
    return -1;
}
