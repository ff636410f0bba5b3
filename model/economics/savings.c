/* Savings by financial year, nominal: activity avoided valued at unit costs (all of it
 * non-cash-releasing), the part that releases cash (whole GP posts left unfilled, activity
 * decommissioned), the GP time behind it, and the WELLBYs gained. */
#include <math.h>

#include "economics_work.h"

static const spsim_series_id avoided_series[SPSIM_N_SERVICES] = {
    [SPSIM_SERVICE_GP] = SPSIM_SERIES_GP_AVOIDED,
    [SPSIM_SERVICE_AE] = SPSIM_SERIES_AE_AVOIDED,
    [SPSIM_SERVICE_ADMISSIONS] = SPSIM_SERIES_ADMISSIONS_AVOIDED,
};

static double *at(spsim_economics_work *w, spsim_fy_measure m, int year, int entry)
{
    return spsim_economics_at(w->e, m, year, SPSIM_MONEY_NOMINAL, entry);
}

/* Events avoided and WELLBYs gained, each week's split between its financial years by days. */
static void add_weekly_outcomes(spsim_economics_work *w)
{
    spsim_arm_results *r = w->r;
    for (int week = 0; week < r->n_weeks; week++) {
        spsim_week_split split = spsim_fy_split_week(&w->calendar, week);
        for (int part = 0; part < split.n; part++) {
            int year = split.year_index[part];
            double in_year = split.days[part] / 7.0;
            for (int l = 0; l < r->n_localities; l++) {
                for (int s = 0; s < SPSIM_N_SERVICES; s++)
                    *at(w, SPSIM_FY_ACTIVITY_AVOIDED, year, s) +=
                        *spsim_series_at(r, avoided_series[s], week, l) * in_year;
                *at(w, SPSIM_FY_WELLBYS, year, 0) +=
                    *spsim_series_at(r, SPSIM_SERIES_WELLBYS, week, l) * in_year;
            }
        }
    }
}

/* GP time freed in `year` and the whole posts commissioners leave unfilled because of it. */
static void add_gp_time(spsim_economics_work *w, int year)
{
    const spsim_economics_params *p = w->p;
    double hours = *at(w, SPSIM_FY_ACTIVITY_AVOIDED, year, SPSIM_SERVICE_GP) *
                   p->gp_minutes_per_consultation / 60.0;
    /* The reader keeps gp_hours_per_fte_year at 100 or more; parameters set in code may not. */
    double fte = p->gp_hours_per_fte_year > 0 ? hours / p->gp_hours_per_fte_year : 0.0;
    /* The small allowance keeps a product that is whole in exact arithmetic whole. */
    double posts = floor(fte * p->gp_posts_not_filled_share + 1e-9);
    *at(w, SPSIM_FY_GP_HOURS_FREED, year, 0) = hours;
    *at(w, SPSIM_FY_GP_FTE_FREED, year, 0) = fte;
    *at(w, SPSIM_FY_GP_POSTS_RELEASED, year, 0) = fmax(0.0, posts);
}

static void add_money(spsim_economics_work *w, int year)
{
    const spsim_economics_params *p = w->p;
    double prices = w->factors[year].prices;
    for (int s = 0; s < SPSIM_N_SERVICES; s++) {
        double avoided = *at(w, SPSIM_FY_ACTIVITY_AVOIDED, year, s);
        double value = avoided * p->unit_cost_gbp[s] * prices;
        *at(w, SPSIM_FY_SAVINGS, year, s) = value;
        *at(w, SPSIM_FY_CASH_RELEASING_SAVINGS, year, s) =
            s == SPSIM_SERVICE_GP
                ? *at(w, SPSIM_FY_GP_POSTS_RELEASED, year, 0) * p->gp_cost_gbp_per_fte_year * prices
                : value * p->decommissioned_share[s];
    }
}

void spsim_economics_add_savings(spsim_economics_work *w)
{
    add_weekly_outcomes(w);
    for (int year = 0; year < w->e->n_years; year++) {
        add_gp_time(w, year);
        add_money(w, year);
    }
}
