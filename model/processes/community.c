#include "community.h"

#include "draws.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>

#include "builders.h"
#include "world.h"

static bool waiting_for_place(const spsim_person *p)
{
    return p->community == SPSIM_COMMUNITY_WAITING;
}

static int list_add(spsim_group_list *l, uint32_t id)
{
    if (l->n == l->cap) {
        int cap = l->cap ? 2 * l->cap : 16;
        spsim_open_group *groups = realloc(l->groups, (size_t)cap * sizeof *groups);
        if (!groups) return -1;
        l->groups = groups;
        l->cap = cap;
    }
    l->groups[l->n++] = (spsim_open_group){id, -1}; /* due at the next closures */
    return 0;
}

static void list_remove(spsim_group_list *l, uint32_t id)
{
    for (int i = 0; i < l->n; i++)
        if (l->groups[i].id == id) {
            /* Keep the order (oldest first): which group a person joins must not depend on
             * the order groups happened to close. */
            for (int j = i + 1; j < l->n; j++) l->groups[j - 1] = l->groups[j];
            l->n--;
            return;
        }
}

int spsim_community_init(spsim_community *c, const spsim_locality *loc, int group_size)
{
    *c = (spsim_community){0};
    for (int a = 0; a < SPSIM_N_ACTIVITIES; a++) spsim_fifo_init(&c->waiting[a], waiting_for_place);
    for (int a = 0; a < SPSIM_N_ACTIVITIES; a++) {
        long groups = lround(loc->groups_at_start[a]);
        for (long g = 0; g < groups; g++)
            if (spsim_community_open_group(c, (spsim_activity)a, group_size, 0.0, false) < 0)
                return -1;
    }
    return 0;
}

void spsim_community_free(spsim_community *c)
{
    free(c->groups);
    for (int a = 0; a < SPSIM_N_ACTIVITIES; a++) {
        free(c->with_place[a]);
        free(c->open[a].groups);
        spsim_fifo_free(&c->waiting[a]);
    }
    *c = (spsim_community){0};
}

int spsim_community_total(const int per_activity[SPSIM_N_ACTIVITIES])
{
    int total = 0;
    for (int a = 0; a < SPSIM_N_ACTIVITIES; a++) total += per_activity[a];
    return total;
}

int spsim_community_open_groups(const spsim_community *c)
{
    int n = 0;
    for (int a = 0; a < SPSIM_N_ACTIVITIES; a++) n += c->open[a].n;
    return n;
}

static void mark_with_place(spsim_community *c, int a, int group, bool has_place)
{
    uint64_t bit = 1ULL << (group % 64);
    int word = group / 64;
    if (has_place) {
        c->with_place[a][word] |= bit;
        if (word < c->first_word[a]) c->first_word[a] = word;
    } else {
        c->with_place[a][word] &= ~bit;
    }
}

/* Room for twice the groups (a multiple of 64, so the bit sets grow by whole words). */
static int grow_groups(spsim_community *c)
{
    int cap = c->cap_groups ? 2 * c->cap_groups : 64;
    spsim_group *g = realloc(c->groups, (size_t)cap * sizeof *g);
    if (!g) return -1;
    c->groups = g;
    for (int a = 0; a < SPSIM_N_ACTIVITIES; a++) {
        uint64_t *bits = realloc(c->with_place[a], (size_t)cap / 64 * sizeof *bits);
        if (!bits) return -1;
        for (int w = c->cap_groups / 64; w < cap / 64; w++) bits[w] = 0;
        c->with_place[a] = bits;
    }
    c->cap_groups = cap;
    return 0;
}

int spsim_community_open_group(spsim_community *c, spsim_activity a, int places,
                               double funded_until, bool commissioned)
{
    if (c->n_groups == c->cap_groups && grow_groups(c) != 0) return -1;
    int id = c->n_groups;
    if (list_add(&c->open[a], (uint32_t)id) != 0) return -1;
    c->groups[c->n_groups++] = (spsim_group){.activity = (uint8_t)a,
                                             .open = true,
                                             .commissioned = commissioned,
                                             .places = places,
                                             .closure_candidate = -1,
                                             .funded_until = funded_until,
                                             .fails_at = INFINITY};
    c->places[a] += places;
    if (places > 0) mark_with_place(c, a, id, true);
    return id;
}

/* A bit set per group: with thousands of groups in a national scenario's locality, scanning the
 * open groups from the oldest for every person placed was a tenth of the run. */
int spsim_community_group_with_place(spsim_community *c, spsim_activity a)
{
    if (c->occupied[a] >= c->places[a]) return -1;
    int words = (c->cap_groups + 63) / 64;
    for (int w = c->first_word[a]; w < words; w++) {
        uint64_t bits = c->with_place[a][w];
        if (bits) {
            c->first_word[a] = w;
            return w * 64 + __builtin_ctzll(bits);
        }
    }
    c->first_word[a] = words;
    return -1;
}

int spsim_community_unfunded_group(const spsim_community *c, spsim_activity a, double now)
{
    for (int i = 0; i < c->open[a].n; i++) {
        const spsim_group *g = &c->groups[c->open[a].groups[i].id];
        if (g->funded_until <= now) return (int)c->open[a].groups[i].id;
    }
    return -1;
}

void spsim_community_take_place(spsim_community *c, int group)
{
    spsim_group *g = &c->groups[group];
    g->occupied++;
    c->occupied[g->activity]++;
    if (g->occupied >= g->places) mark_with_place(c, g->activity, group, false);
}

void spsim_community_leave_place(spsim_community *c, int group)
{
    spsim_group *g = &c->groups[group];
    if (!g->open) return; /* the group closed: the place went with it */
    g->occupied--;
    c->occupied[g->activity]--;
    if (g->occupied < g->places) mark_with_place(c, g->activity, group, true);
}

/* Closes the group's record and takes its places away; its entry in the open list stays. */
static int close_record(spsim_community *c, int group)
{
    spsim_group *g = &c->groups[group];
    int displaced = g->occupied;
    c->places[g->activity] -= g->places;
    c->occupied[g->activity] -= g->occupied;
    g->occupied = 0;
    g->open = false;
    mark_with_place(c, g->activity, group, false);
    return displaced;
}

int spsim_community_close(spsim_community *c, int group)
{
    int displaced = close_record(c, group);
    list_remove(&c->open[c->groups[group].activity], (uint32_t)group);
    return displaced;
}

/* Weekly closure probability of an unfunded and of a funded group this week (the same for every
 * group of the locality, so worked out once a week, not once a group). */
static void closure_probabilities(const spsim_community_params *p, double support_factor,
                                  double *unfunded, double *funded)
{
    double hazard_per_year = p->closure_per_year >= 1.0 ? INFINITY : -log1p(-p->closure_per_year);
    double weekly = hazard_per_year * support_factor / SPSIM_WEEKS_PER_YEAR;
    *unfunded = 1.0 - exp(-weekly);
    *funded = 1.0 - exp(-weekly * p->funded_closure_ratio);
}

static double closure_probability(const spsim_group *g, double unfunded, double funded, double now)
{
    if (g->funded_until <= now) return unfunded;
    return g->commissioned ? 0.0 : funded; /* commissioned groups are held open while funded */
}

/* Weeks from a candidate week to the next (at least 1): geometric, each week a candidate with
 * probability `bound`, by inversion of one uniform; log_miss = log(1 - bound). */
static int closure_gap(gsl_rng *rng, double log_miss)
{
    enum {
        NEVER = 1 << 28
    };                                                                /* weeks: past any horizon */
    if (log_miss == 0.0) return NEVER;                                /* nothing ever closes */
    double weeks = floor(log1p(-spsim_draw_uniform(rng)) / log_miss); /* log_miss -inf: 0 */
    return weeks < NEVER ? 1 + (int)weeks : NEVER;
}

/* The first week at or after t (t: weeks since start). */
static int week_from(double t)
{
    return t < (double)INT_MAX ? (int)ceil(t) : INT_MAX;
}

/* Whether group g closes at the closures of `week`, drawing its next candidate week when this
 * one passes. Thinning: a candidate closes it with probability p / bound, p this week's. */
static bool closes_now(spsim_group *g, double unfunded, double funded, double bound,
                       double log_miss, int week, gsl_rng *rng)
{
    if (g->closure_candidate < 0) /* its first closures: the first candidate from this week */
        g->closure_candidate = week - 1 + closure_gap(rng, log_miss);
    if (g->fails_at <= week) return true;
    if (g->closure_candidate != week) return false;
    if (spsim_draw_uniform(rng) * bound < closure_probability(g, unfunded, funded, week))
        return true;
    g->closure_candidate = week + closure_gap(rng, log_miss);
    return false;
}

void spsim_community_weekly_closures(spsim_community *c, const spsim_community_params *p,
                                     double builder_closure_reduction, double supported_share,
                                     int week, gsl_rng *rng, int *closed, int *displaced)
{
    double unfunded, funded, bound, bound_funded;
    closure_probabilities(p, 1.0 - builder_closure_reduction * supported_share, &unfunded, &funded);
    /* The largest a group's weekly probability can be: unsupported and unfunded (support and
     * funding only lower it: closure_reduction, supported share, funded ratio <= 1). */
    closure_probabilities(p, 1.0, &bound, &bound_funded);
    double log_miss = log1p(-bound);
    for (int a = 0; a < SPSIM_N_ACTIVITIES; a++) {
        spsim_group_list *open = &c->open[a];
        int kept = 0; /* the list is compacted as it is read, keeping its order */
        for (int i = 0; i < open->n; i++) {
            spsim_open_group entry = open->groups[i];
            if (entry.due_week <= week) {
                spsim_group *g = &c->groups[entry.id];
                if (closes_now(g, unfunded, funded, bound, log_miss, week, rng)) {
                    *displaced += close_record(c, (int)entry.id);
                    (*closed)++;
                    continue;
                }
                int fails = week_from(g->fails_at);
                entry.due_week = g->closure_candidate < fails ? g->closure_candidate : fails;
            }
            open->groups[kept++] = entry;
        }
        open->n = kept;
    }
}

/* Type weights of groups that form by themselves: the default mix of groups per resident. */
static void formation_weights(const spsim_community_params *p, double weight[SPSIM_N_ACTIVITIES],
                              double *total)
{
    *total = 0.0;
    for (int a = 0; a < SPSIM_N_ACTIVITIES; a++) *total += p->groups_per_10000_population[a];
    for (int a = 0; a < SPSIM_N_ACTIVITIES; a++)
        weight[a] = *total > 0.0 ? p->groups_per_10000_population[a] : 1.0;
    if (*total <= 0.0) *total = SPSIM_N_ACTIVITIES;
}

int spsim_community_form_groups(spsim_community *c, const spsim_community_params *p,
                                double population, gsl_rng *rng)
{
    double mean = p->formation_per_10000_per_year * population / 10000.0 / SPSIM_WEEKS_PER_YEAR;
    if (mean <= 0.0) return 0;
    double weight[SPSIM_N_ACTIVITIES], total;
    formation_weights(p, weight, &total);
    unsigned n = spsim_draw_poisson(rng, mean);
    for (unsigned i = 0; i < n; i++) {
        int a = spsim_pick_activity(weight, spsim_draw_uniform(rng) * total);
        if (spsim_community_open_group(c, (spsim_activity)a, p->group_size, 0.0, false) < 0)
            return -1;
    }
    return (int)n;
}

void spsim_community_fade_unmet(spsim_community *c, double memory_weeks)
{
    double keep = exp(-1.0 / memory_weeks);
    for (int a = 0; a < SPSIM_N_ACTIVITIES; a++) c->unmet_memory[a] *= keep;
}

int spsim_pick_activity(const double weight[SPSIM_N_ACTIVITIES], double u)
{
    double cumulative = 0.0;
    for (int a = 0; a < SPSIM_N_ACTIVITIES; a++) {
        cumulative += weight[a];
        if (u < cumulative) return a;
    }
    int a = SPSIM_N_ACTIVITIES - 1;
    while (a > 0 && weight[a] <= 0.0) a--;
    return a;
}

int spsim_community_start(spsim_world *w, int l)
{
    spsim_community *c = &w->loc[l].community;
    if (w->p->community.enabled)
        return spsim_community_init(c, &w->p->localities[l], w->p->community.group_size);
    static const spsim_locality no_groups; /* community activity not simulated */
    return spsim_community_init(c, &no_groups, 0);
}

int spsim_community_week(spsim_world *w, int l, int week)
{
    spsim_community *c = &w->loc[l].community;
    int closed = 0, displaced = 0;
    spsim_community_weekly_closures(c, &w->p->community, w->p->builders.closure_reduction,
                                    spsim_builders_supported_share(w, l), week, c->rng, &closed,
                                    &displaced);
    /* Groups formed during the week open after the closures: none closes in its first week. */
    int formed = spsim_community_form_groups(
        c, &w->p->community, spsim_locality_population(&w->p->localities[l]), c->formation_rng);
    if (formed < 0) return -1;
    spsim_community_fade_unmet(c, w->p->community.unmet_need_memory_weeks);
    spsim_count(w, SPSIM_SERIES_GROUPS_CLOSED, week, l, closed);
    spsim_count(w, SPSIM_SERIES_GROUPS_FORMED, week, l, formed);
    spsim_count(w, SPSIM_SERIES_DISPLACED, week, l, displaced);
    return 0;
}

void spsim_community_record_week(spsim_world *w, int week, int l)
{
    const spsim_community *c = &w->loc[l].community;
    int waiting = 0;
    for (int a = 0; a < SPSIM_N_ACTIVITIES; a++) {
        waiting += c->waiting[a].in_line;
        *spsim_breakdown_at(w->out, SPSIM_BREAKDOWN_PLACES_BY_ACTIVITY, week, l, a) = c->places[a];
        *spsim_breakdown_at(w->out, SPSIM_BREAKDOWN_OCCUPIED_BY_ACTIVITY, week, l, a) =
            c->occupied[a];
    }
    spsim_level(w, SPSIM_SERIES_WAITING_FOR_PLACE, week, l, waiting);
    spsim_level(w, SPSIM_SERIES_GROUPS, week, l, spsim_community_open_groups(c));
    spsim_level(w, SPSIM_SERIES_PLACES, week, l, spsim_community_total(c->places));
    spsim_level(w, SPSIM_SERIES_PLACES_OCCUPIED, week, l, spsim_community_total(c->occupied));
    spsim_level(w, SPSIM_SERIES_PLACES_BOUGHT, week, l, c->places_bought);
}

void spsim_community_finish(spsim_world *w)
{
    double places = 0.0;
    for (int l = 0; l < w->p->n_localities; l++)
        places += spsim_community_total(w->loc[l].community.places);
    w->out->totals[SPSIM_TOTAL_PLACES_AT_END] = places;
}

size_t spsim_community_bytes(const spsim_community *c)
{
    size_t bytes = (size_t)c->cap_groups * sizeof(spsim_group) +
                   (size_t)SPSIM_N_ACTIVITIES * (size_t)(c->cap_groups / 64) * sizeof(uint64_t);
    for (int a = 0; a < SPSIM_N_ACTIVITIES; a++)
        bytes += c->waiting[a].cap * sizeof(spsim_fifo_entry) +
                 (size_t)c->open[a].cap * sizeof(spsim_open_group);
    return bytes;
}
