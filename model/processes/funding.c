#include "funding.h"

#include "draws.h"

#include <math.h>

#include "world.h"

/* A small grant, or a new group's start-up, funds a year. */
static const double grant_weeks = SPSIM_WEEKS_PER_YEAR;

void spsim_funding_init(spsim_funding *f, const spsim_locality *loc)
{
    *f = (spsim_funding){.n = loc->n_funding};
    for (int i = 0; i < loc->n_funding; i++)
        f->streams[i] = (spsim_funding_state){.stream = &loc->funding[i]};
}

double spsim_funding_week_share(const spsim_funding_stream *s, int week)
{
    double from = fmax(s->start_week, week), to = fmin(s->end_week, week + 1.0);
    return to > from ? to - from : 0.0;
}

static int open_commissioned(spsim_funding_state *st, spsim_community *c, int group_size,
                             int *opened)
{
    const spsim_funding_stream *s = st->stream;
    long places = lround(s->gbp_per_year / s->cost_per_place_per_year);
    for (long left = places; left > 0; left -= group_size) {
        int size = left < group_size ? (int)left : group_size;
        if (spsim_community_open_group(c, s->activity, size, s->end_week, true) < 0) return -1;
        (*opened)++;
    }
    st->places_opened = true;
    return 0;
}

static int make_grant(const spsim_funding_stream *s, spsim_community *c, int group_size, int week,
                      int *opened)
{
    int g = spsim_community_unfunded_group(c, s->activity, week);
    if (g >= 0) {
        c->groups[g].funded_until = week + grant_weeks;
        return 0;
    }
    if (spsim_community_open_group(c, s->activity, group_size, week + grant_weeks, false) < 0)
        return -1;
    (*opened)++;
    return 0;
}

static int commission_group(const spsim_funding_stream *s, spsim_community *c, int group_size,
                            int week, gsl_rng *rng, int *opened)
{
    int g = spsim_community_open_group(c, s->activity, group_size, week + grant_weeks, false);
    if (g < 0) return -1;
    /* Both draws are always made, so the stream's use does not depend on the outcome. */
    double u_survive = spsim_draw_uniform(rng), u_when = spsim_draw_uniform(rng);
    if (u_survive >= s->first_year_survival) c->groups[g].fails_at = week + u_when * grant_weeks;
    (*opened)++;
    return 0;
}

/* Grants or new groups due now that cumulative spend has passed more multiples of a grant. */
static int buy_units(spsim_funding_state *st, spsim_community *c, int group_size, int week,
                     gsl_rng *rng, int *opened)
{
    const spsim_funding_stream *s = st->stream;
    int due = (int)floor(st->spent / s->grant_gbp + 1e-9);
    for (; st->units_bought < due; st->units_bought++) {
        int status = s->kind == SPSIM_FUNDING_SMALL_GRANTS
                         ? make_grant(s, c, group_size, week, opened)
                         : commission_group(s, c, group_size, week, rng, opened);
        if (status != 0) return -1;
    }
    return 0;
}

int spsim_funding_start_week(spsim_funding *f, spsim_community *c, int group_size, int week,
                             gsl_rng *rng, double spend_by_kind[SPSIM_N_FUNDING_KINDS], int *opened)
{
    for (int i = 0; i < f->n; i++) {
        spsim_funding_state *st = &f->streams[i];
        const spsim_funding_stream *s = st->stream;
        double money = s->gbp_per_year / SPSIM_WEEKS_PER_YEAR * spsim_funding_week_share(s, week);
        if (money <= 0.0) continue;
        st->accrued += money;
        if (s->kind == SPSIM_FUNDING_PERSONAL_HEALTH_BUDGETS) continue; /* spent on purchase */
        st->spent += money;
        spend_by_kind[s->kind] += money;
        int status = 0;
        if (s->kind == SPSIM_FUNDING_COMMISSIONED && !st->places_opened)
            status = open_commissioned(st, c, group_size, opened);
        else if (s->kind != SPSIM_FUNDING_COMMISSIONED)
            status = buy_units(st, c, group_size, week, rng, opened);
        if (status != 0) return -1;
    }
    return 0;
}

double spsim_funding_buy_place(spsim_funding *f, double place_weeks, double budget_draw)
{
    for (int i = 0; i < f->n; i++) {
        spsim_funding_state *st = &f->streams[i];
        const spsim_funding_stream *s = st->stream;
        if (s->kind != SPSIM_FUNDING_PERSONAL_HEALTH_BUDGETS) continue;
        double cost = s->cost_per_place_week * place_weeks;
        if (st->accrued - st->spent < cost || budget_draw >= s->share_buying) continue;
        st->spent += cost;
        return cost;
    }
    return 0.0;
}

void spsim_funding_record_spend(spsim_world *w, int l, double t, int kind, double gbp)
{
    spsim_count_by(w, SPSIM_BREAKDOWN_SPEND_BY_FUNDING, t, l, kind, gbp);
    spsim_count(w, SPSIM_SERIES_VCSE_SPEND, t, l, gbp);
    w->out->totals[SPSIM_TOTAL_VCSE_SPEND] += gbp;
}

int spsim_funding_week(spsim_world *w, int l, int week)
{
    spsim_locality_state *ls = &w->loc[l];
    double spend[SPSIM_N_FUNDING_KINDS] = {0};
    int opened = 0;
    if (spsim_funding_start_week(&ls->funding, &ls->community, w->p->community.group_size, week,
                                 ls->funding.rng, spend, &opened) != 0)
        return -1;
    spsim_count(w, SPSIM_SERIES_GROUPS_OPENED, week, l, opened);
    for (int k = 0; k < SPSIM_N_FUNDING_KINDS; k++)
        spsim_funding_record_spend(w, l, week, k, spend[k]);
    return 0;
}
