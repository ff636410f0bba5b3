#include "workforce.h"

#include "draws.h"

#include <math.h>
#include <stdlib.h>

#include "caseload.h"
#include "world.h"

static double funded_fte_at(const spsim_staff_plan *plan, int week)
{
    double fte = 0.0;
    for (int i = 0; i < plan->n_steps && plan->steps[i].from_week <= week; i++)
        fte = plan->steps[i].fte;
    return fte;
}

static int lag_weeks(const spsim_staff_plan *plan)
{
    return (int)ceil(plan->recruitment_lag_weeks - 1e-9);
}

/* A vacant post of `fte` opened or vacated in `week`, filled after the recruitment lag. */
static spsim_post vacancy(const spsim_staff_plan *plan, double fte, int week)
{
    return (spsim_post){.fte = fte, .filled = false, .fill_at_week = week + lag_weeks(plan)};
}

static spsim_post filled_post(double fte, int started_week)
{
    return (spsim_post){.fte = fte, .filled = true, .started_week = started_week};
}

/* Resizes the posts to `fte`: whole posts then one fractional post; new posts start vacant;
 * cuts remove the newest posts first. */
static int fund_posts(spsim_workforce *w, double fte, int week)
{
    int needed = (int)ceil(fte - 1e-9);
    if (needed > w->cap) {
        spsim_post *p = realloc(w->posts, (size_t)needed * sizeof *p);
        if (!p) return -1;
        w->posts = p;
        w->cap = needed;
    }
    for (int i = w->n_posts; i < needed; i++)
        w->posts[i] = vacancy(w->plan, fmin(1.0, fte - i), week);
    w->n_posts = needed;
    for (int i = 0; i < needed; i++) w->posts[i].fte = fmin(1.0, fte - i);
    w->funded_fte = fte;
    return 0;
}

int spsim_workforce_init(spsim_workforce *w, const spsim_staff_plan *plan)
{
    *w = (spsim_workforce){.plan = plan};
    double a = plan->attrition_per_year;
    w->weekly_leave_probability = a >= 1.0 ? 1.0 : 1.0 - pow(1.0 - a, 1.0 / SPSIM_WEEKS_PER_YEAR);
    if (fund_posts(w, funded_fte_at(plan, 0), 0) != 0) return -1;
    for (int i = 0; i < w->n_posts; i++) {
        spsim_post *p = &w->posts[i];
        if (plan->posts_filled_at_start) {
            /* Already in post and fully trained when the scenario starts. */
            *p = filled_post(p->fte, -(int)ceil(plan->training_ramp_weeks));
        } else if (p->fill_at_week <= 0) {
            *p = filled_post(p->fte, 0);
            w->hires++;
        }
    }
    return 0;
}

void spsim_workforce_free(spsim_workforce *w)
{
    free(w->posts);
    *w = (spsim_workforce){0};
}

int spsim_workforce_start_week(spsim_workforce *w, int week, gsl_rng *workforce_rng)
{
    w->hires = w->leavers = 0;
    double fte = funded_fte_at(w->plan, week);
    if (fte != w->funded_fte && fund_posts(w, fte, week) != 0) return -1;
    for (int i = 0; i < w->n_posts; i++) {
        spsim_post *p = &w->posts[i];
        if (p->filled && spsim_draw_uniform(workforce_rng) < w->weekly_leave_probability) {
            *p = vacancy(w->plan, p->fte, week);
            w->leavers++;
        }
        if (!p->filled && p->fill_at_week <= week) {
            *p = filled_post(p->fte, week);
            w->hires++;
        }
    }
    return 0;
}

double spsim_workforce_fte_in_post(const spsim_workforce *w)
{
    double fte = 0.0;
    for (int i = 0; i < w->n_posts; i++)
        if (w->posts[i].filled) fte += w->posts[i].fte;
    return fte;
}

double spsim_workforce_effective_fte(const spsim_workforce *w, int week)
{
    double ramp = w->plan->training_ramp_weeks;
    double effective_fte = 0.0;
    for (int i = 0; i < w->n_posts; i++) {
        const spsim_post *p = &w->posts[i];
        if (!p->filled) continue;
        double weeks_in_post = week - p->started_week + 1;
        effective_fte += p->fte * (ramp > 0.0 ? fmin(1.0, weeks_in_post / ramp) : 1.0);
    }
    return effective_fte;
}

int spsim_workforce_slots(const spsim_workforce *w, int week)
{
    return (int)floor(spsim_workforce_effective_fte(w, week) * w->plan->caseload_per_fte + 1e-9);
}

size_t spsim_workforce_bytes(const spsim_workforce *w)
{
    return (size_t)w->cap * sizeof(spsim_post);
}

/* Slots' worth of travel a person served here from a neighbouring locality takes besides their
 * own slot: the pooled travel of a contact over the time a contact here takes. Capacity counted
 * in caseload (the queueing checks) has no time to take it from. */
static double pooled_extra_slots(const spsim_world *w, int l)
{
    const spsim_staff_plan *plan = &w->p->localities[l].link_workers;
    if (plan->capacity == SPSIM_CAPACITY_CASELOAD) return 0.0;
    return w->p->commissioning.pooled_travel_minutes_per_contact /
           spsim_minutes_per_contact(plan, w->p->localities[l].rurality);
}

int spsim_link_workers_week(spsim_world *w, int l, int week)
{
    spsim_link_workers *lw = &w->loc[l].link_workers;
    if (week > 0 && spsim_workforce_start_week(&lw->staff, week, lw->rng) != 0) return -1;
    double rural_share = w->p->localities[l].rurality;
    double per_fte = spsim_slots_per_fte(lw->staff.plan, &w->p->support, rural_share);
    double slots = spsim_workforce_effective_fte(&lw->staff, week) * per_fte;
    spsim_caseload_set_slots(&w->loc[l].caseload, (int)floor(slots + 1e-9),
                             pooled_extra_slots(w, l));
    /* Their cost is reckoned afterwards, in model/economics, with pay awards by financial year. */
    spsim_level(w, SPSIM_SERIES_LW_HIRES, week, l, lw->staff.hires);
    spsim_level(w, SPSIM_SERIES_LW_LEAVERS, week, l, lw->staff.leavers);
    return 0;
}

bool spsim_link_workers_offer_service(const spsim_world *w, int l)
{
    if (w->loc[l].link_workers.staff.funded_fte > 0.0) return true;
    if (!w->p->commissioning.pooling) return false;
    const spsim_locality *loc = &w->p->localities[l];
    for (int i = 0; i < loc->n_neighbours; i++)
        if (w->loc[loc->neighbours[i]].link_workers.staff.funded_fte > 0.0) return true;
    return false;
}

void spsim_link_workers_record_week(spsim_world *w, int week, int l)
{
    const spsim_workforce *staff = &w->loc[l].link_workers.staff;
    double fte = spsim_workforce_fte_in_post(staff);
    spsim_caseload_record_week(w, week, l, fte);
    spsim_level(w, SPSIM_SERIES_LW_FTE_FUNDED, week, l, staff->funded_fte);
    spsim_level(w, SPSIM_SERIES_LW_FTE_IN_POST, week, l, fte);
}
