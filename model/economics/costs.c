/* Costs by category and financial year, nominal: what each week's workforce, hires, set-up,
 * evaluation and VCSE spend cost in the financial year (or two) its days fall in. */
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

/* One locality's part of a week: `days` of it in financial year `year`. Pay and management
 * (or overheads) also go to the locality's weekly cost series, nominal. */
static void add_locality_part(spsim_economics_work *w, int week, int l, int year, int days)
{
    const spsim_year_factors *f = &w->factors[year];
    const spsim_pay_params *lw = &w->arm->pay, *b = &w->arm->builders.pay;
    double share = days / 7.0 / SPSIM_WEEKS_PER_YEAR;   /* of a year */
    double lw_fte = *spsim_series_at(w->r, SPSIM_SERIES_LW_FTE_IN_POST, week, l);
    double b_fte = *spsim_series_at(w->r, SPSIM_SERIES_BUILDER_FTE_IN_POST, week, l);
    double lw_pay =
        lw_fte * lw->salary_gbp_per_fte_year * (1 + lw->on_cost_fraction) * share * f->pay;
    double lw_management = lw_fte * lw->management_gbp_per_fte_year * share * f->prices;
    double b_pay =
        b_fte * b->salary_gbp_per_fte_year * (1 + b->on_cost_fraction) * share * f->pay;
    double b_overheads = b_fte * b->management_gbp_per_fte_year * share * f->prices;
    double hires = *spsim_series_at(w->r, SPSIM_SERIES_LW_HIRES, week, l) +
                   *spsim_series_at(w->r, SPSIM_SERIES_BUILDER_HIRES, week, l);
    double per_hire = w->p->recruitment_gbp_per_hire + w->p->training_gbp_per_hire;
    double vcse = *spsim_series_at(w->r, SPSIM_SERIES_VCSE_SPEND, week, l);

    add_cost(w, year, SPSIM_COST_LINK_WORKER_PAY, lw_pay);
    add_cost(w, year, SPSIM_COST_BUILDER_PAY, b_pay);
    add_cost(w, year, SPSIM_COST_MANAGEMENT_OVERHEAD, lw_management + b_overheads);
    add_cost(w, year, SPSIM_COST_RECRUITMENT_TRAINING, hires * per_hire * days / 7.0 * f->prices);
    add_cost(w, year, SPSIM_COST_VCSE_FUNDING, vcse * days / 7.0);
    *spsim_series_at(w->r, SPSIM_SERIES_LW_COST, week, l) += lw_pay + lw_management;
    *spsim_series_at(w->r, SPSIM_SERIES_BUILDER_COST, week, l) += b_pay + b_overheads;
}

/* Costs of the whole scheme rather than of a locality: set-up and evaluation. */
static void add_scheme_part(spsim_economics_work *w, int week, int year, int days)
{
    const spsim_year_factors *f = &w->factors[year];
    double setup_gbp = w->p->setup_procurement_gbp + w->p->setup_digital_gbp +
                       w->p->setup_directory_gbp;
    double setup_per_week = w->p->setup_weeks > 0 ? setup_gbp / w->p->setup_weeks : 0.0;
    double in_week = days / 7.0;
    add_cost(w, year, SPSIM_COST_SETUP,
             setup_per_week * setup_share(week, w->p->setup_weeks) * in_week * f->prices);
    add_cost(w, year, SPSIM_COST_EVALUATION,
             w->p->evaluation_gbp_per_year / SPSIM_WEEKS_PER_YEAR * in_week * f->prices);
}

void spsim_economics_add_costs(spsim_economics_work *w)
{
    spsim_arm_results *r = w->r;
    long cells = (long)r->n_weeks * r->n_localities;
    for (long i = 0; i < cells; i++) {
        r->series[SPSIM_SERIES_LW_COST][i] = 0.0;
        r->series[SPSIM_SERIES_BUILDER_COST][i] = 0.0;
    }
    for (int week = 0; week < r->n_weeks; week++) {
        spsim_week_split split = spsim_fy_split_week(&w->calendar, week);
        for (int part = 0; part < split.n; part++) {
            for (int l = 0; l < r->n_localities; l++)
                add_locality_part(w, week, l, split.year_index[part], split.days[part]);
            add_scheme_part(w, week, split.year_index[part], split.days[part]);
        }
    }
    double lw_total = 0.0, builder_total = 0.0;
    for (long i = 0; i < cells; i++) {
        lw_total += r->series[SPSIM_SERIES_LW_COST][i];
        builder_total += r->series[SPSIM_SERIES_BUILDER_COST][i];
    }
    r->totals[SPSIM_TOTAL_LW_COST] = lw_total;
    r->totals[SPSIM_TOTAL_BUILDER_COST] = builder_total;
}
