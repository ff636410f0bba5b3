/* Costs by category and financial year, nominal: what each week's workforce, hires, set-up,
 * commissioning, evaluation and VCSE spend cost in the financial year (or two) its days fall in,
 * and, under a social impact bond, what investors paid of the provider's costs. */
#include <math.h>

#include "economics_work.h"

static void add_cost(spsim_economics_work *w, int year, spsim_cost_category c, double gbp)
{
    *spsim_economics_at(w->e, SPSIM_FY_COSTS, year, SPSIM_MONEY_NOMINAL, (int)c) += gbp;
}

/* Share of week `week` inside the first `weeks` weeks of the run (set-up), 0..1. */
static double setup_share(int week, double weeks)
{
    return fmax(0.0, fmin(1.0, weeks - week));
}

/* Mileage of the week's contacts with residents of `l` beyond the reference rural mix (negative,
 * a saving, for a locality more urban than it), at the base year's prices. */
static double rural_mileage_gbp(const spsim_economics_work *w, int week, int l)
{
    const spsim_locality *loc = &w->arm->localities[l];
    const spsim_staff_plan *lw = &loc->link_workers;
    double contacts = *spsim_series_at(w->r, SPSIM_SERIES_CONTACTS, week, l);
    return contacts * (loc->rurality - lw->reference_rural_share) *
           lw->rural_travel_miles_per_contact * lw->mileage_gbp_per_mile;
}

/* One locality's part of a week: `days` of it in financial year `year`. Pay and management
 * (or overheads) also go to the locality's weekly cost series, nominal. Salary, on-costs,
 * management, and non-staff costs and capital together are PSSRU's full economic cost of an
 * FTE, so no other category counts them again; recruitment and training per hire are the costs
 * of turnover, which PSSRU's yearly figure (excluding qualifications) leaves out. */
static void add_locality_part(spsim_economics_work *w, int week, int l, int year, int days)
{
    const spsim_year_factors *f = &w->factors[year];
    const spsim_pay_params *lw = &w->arm->pay, *b = &w->arm->builders.pay;
    const spsim_commissioning_params *c = &w->arm->commissioning;
    double share = days / 7.0 / SPSIM_WEEKS_PER_YEAR; /* of a year */
    double in_week = days / 7.0;
    double lw_fte = *spsim_series_at(w->r, SPSIM_SERIES_LW_FTE_IN_POST, week, l);
    double b_fte = *spsim_series_at(w->r, SPSIM_SERIES_BUILDER_FTE_IN_POST, week, l);
    double lw_pay =
        lw_fte * lw->salary_gbp_per_fte_year * (1 + lw->on_cost_fraction) * share * f->pay;
    /* One county-wide provider may manage an FTE for less (or more) than several small ones;
     * non-staff costs and capital (PSSRU's full cost) come with each FTE whoever manages it. */
    double lw_management = lw_fte *
                           (lw->management_gbp_per_fte_year * c->management_scale +
                            lw->non_staff_capital_gbp_per_fte_year) *
                           share * f->prices;
    double b_pay = b_fte * b->salary_gbp_per_fte_year * (1 + b->on_cost_fraction) * share * f->pay;
    double b_overheads = b_fte *
                         (b->management_gbp_per_fte_year + b->non_staff_capital_gbp_per_fte_year) *
                         share * f->prices;
    double per_hire =
        (w->p->recruitment_gbp_per_hire + w->p->training_gbp_per_hire) * in_week * f->prices;
    double lw_hiring = *spsim_series_at(w->r, SPSIM_SERIES_LW_HIRES, week, l) * per_hire;
    double b_hiring = *spsim_series_at(w->r, SPSIM_SERIES_BUILDER_HIRES, week, l) * per_hire;
    double vcse = *spsim_series_at(w->r, SPSIM_SERIES_VCSE_SPEND, week, l);
    double travel = (*spsim_series_at(w->r, SPSIM_SERIES_POOLED_STARTS, week, l) *
                         c->travel_gbp_per_pooled_episode +
                     rural_mileage_gbp(w, week, l)) *
                    in_week * f->prices;

    add_cost(w, year, SPSIM_COST_LINK_WORKER_PAY, lw_pay);
    add_cost(w, year, SPSIM_COST_BUILDER_PAY, b_pay);
    add_cost(w, year, SPSIM_COST_MANAGEMENT_OVERHEAD, lw_management + b_overheads);
    add_cost(w, year, SPSIM_COST_RECRUITMENT_TRAINING, lw_hiring + b_hiring);
    add_cost(w, year, SPSIM_COST_VCSE_FUNDING, vcse * in_week);
    add_cost(w, year, SPSIM_COST_TRAVEL, travel);
    w->provider_gbp += lw_pay + lw_management + lw_hiring;
    *spsim_series_at(w->r, SPSIM_SERIES_LW_COST, week, l) += lw_pay + lw_management;
    *spsim_series_at(w->r, SPSIM_SERIES_BUILDER_COST, week, l) += b_pay + b_overheads;
}

double spsim_gbp_per_fte_year(const spsim_arm_params *arm, bool builders)
{
    const spsim_pay_params *p = builders ? &arm->builders.pay : &arm->pay;
    double management = builders
                            ? p->management_gbp_per_fte_year
                            : p->management_gbp_per_fte_year * arm->commissioning.management_scale;
    return p->salary_gbp_per_fte_year * (1 + p->on_cost_fraction) + management +
           p->non_staff_capital_gbp_per_fte_year;
}

/* Costs of the whole scheme rather than of a locality: set-up, procurement, contract
 * management, coordination and evaluation. */
static void add_scheme_part(spsim_economics_work *w, int week, int year, int days)
{
    const spsim_year_factors *f = &w->factors[year];
    const spsim_commissioning_params *c = &w->arm->commissioning;
    double setup_gbp =
        w->p->setup_procurement_gbp + w->p->setup_digital_gbp + w->p->setup_directory_gbp;
    double procurement_gbp = c->contracts * c->procurement_gbp_per_contract;
    double in_setup =
        w->p->setup_weeks > 0 ? setup_share(week, w->p->setup_weeks) / w->p->setup_weeks : 0.0;
    double in_week = days / 7.0, year_share = in_week / SPSIM_WEEKS_PER_YEAR;
    double procurement = procurement_gbp * in_setup * in_week * f->prices;
    double management =
        c->contracts * c->contract_management_gbp_per_contract_year * year_share * f->prices;
    /* Several providers need a shared framework, training and data; one provider does not. */
    double coordination = c->model == SPSIM_COMMISSIONING_QUILT
                              ? c->coordination_gbp_per_year * year_share * f->prices
                              : 0.0;
    add_cost(w, year, SPSIM_COST_SETUP, setup_gbp * in_setup * in_week * f->prices);
    add_cost(w, year, SPSIM_COST_PROCUREMENT, procurement);
    add_cost(w, year, SPSIM_COST_CONTRACT_MANAGEMENT, management);
    add_cost(w, year, SPSIM_COST_COORDINATION, coordination);
    add_cost(w, year, SPSIM_COST_EVALUATION,
             w->p->evaluation_gbp_per_year * year_share * f->prices);
    w->provider_gbp += procurement + management;
}

/* Social impact bond: investors pay the provider's costs of this part of the week while their
 * capital lasts; to the commissioner that is money not spent. */
static void finance_part(spsim_economics_work *w, int year)
{
    const spsim_commissioning_params *c = &w->arm->commissioning;
    if (!c->social_impact_bond) return;
    double left = fmax(0.0, c->investor_capital_gbp - w->investor_capital_used);
    double financed = fmin(w->provider_gbp, left);
    w->investor_capital_used += financed;
    add_cost(w, year, SPSIM_COST_INVESTOR_FINANCING, -financed);
}

static void reset_weekly_costs(spsim_arm_results *r)
{
    long cells = (long)r->n_weeks * r->n_localities;
    for (long i = 0; i < cells; i++) {
        r->series[SPSIM_SERIES_LW_COST][i] = 0.0;
        r->series[SPSIM_SERIES_BUILDER_COST][i] = 0.0;
    }
}

void spsim_economics_add_costs(spsim_economics_work *w)
{
    spsim_arm_results *r = w->r;
    reset_weekly_costs(r);
    w->investor_capital_used = 0.0;
    for (int week = 0; week < r->n_weeks; week++) {
        spsim_week_split split = spsim_fy_split_week(&w->calendar, week);
        for (int part = 0; part < split.n; part++) { /* in date order: capital runs out once */
            w->provider_gbp = 0.0;
            for (int l = 0; l < r->n_localities; l++)
                add_locality_part(w, week, l, split.year_index[part], split.days[part]);
            add_scheme_part(w, week, split.year_index[part], split.days[part]);
            finance_part(w, split.year_index[part]);
        }
    }
    r->totals[SPSIM_TOTAL_LW_COST] = spsim_economics_series_sum(r, SPSIM_SERIES_LW_COST);
    r->totals[SPSIM_TOTAL_BUILDER_COST] = spsim_economics_series_sum(r, SPSIM_SERIES_BUILDER_COST);
}
