/* Pooled caseload slots (docs/commissioning.md): two neighbouring localities, one with too few
 * link workers and one with spare slots. With pooling, people from the short-staffed locality
 * start in the neighbour's slots, waits there fall, and nobody is lost: referrals = declined +
 * waiting + in support + completed + dropped out, summed over both localities, every week. Slots
 * are never over-filled in either locality. */
#include <math.h>
#include <stdio.h>

#include "check.h"
#include "engine/runner.h"
#include "processes/caseload.h"
#include "../verification/queue_scenario.h"

enum {
    WEEKS = 260,
    REPS = 4
};

static spsim_scenario *two_places(bool pooling)
{
    spsim_scenario *s = queue_scenario(10.0, 8, 2.0, WEEKS, REPS);
    spsim_arm_params *a = &s->arms[0];
    a->n_localities = 2;
    a->localities[1] = a->localities[0];
    snprintf(a->localities[1].name, sizeof a->localities[1].name, "neighbour");
    a->localities[1].link_workers.caseload_per_fte = 40;
    a->localities[0].n_neighbours = 1;
    a->localities[0].neighbours[0] = 1;
    a->localities[1].n_neighbours = 1;
    a->localities[1].neighbours[0] = 0;
    a->reneging = (spsim_reneging_params){.enabled = true, .median_weeks = 4, .shape = 1.5};
    a->commissioning.pooling = pooling;
    return s;
}

static double sum_series(spsim_arm_results *r, spsim_series_id id, int l)
{
    double total = 0;
    for (int w = 0; w < r->n_weeks; w++) total += *spsim_series_at(r, id, w, l);
    return total;
}

static void check_conserved(spsim_arm_results *r)
{
    double referred = 0, gone = 0;
    int bad = 0;
    for (int w = 0; w < r->n_weeks; w++) {
        double here = 0;
        for (int l = 0; l < 2; l++) {
#define AT(s) (*spsim_series_at(r, (s), w, l))
            referred += AT(SPSIM_SERIES_REFERRALS);
            gone += AT(SPSIM_SERIES_DECLINED) + AT(SPSIM_SERIES_COMPLETED) +
                    AT(SPSIM_SERIES_RENEGED) + AT(SPSIM_SERIES_DROPPED_OUT);
            here += AT(SPSIM_SERIES_WAITING) + AT(SPSIM_SERIES_IN_SUPPORT);
            if (AT(SPSIM_SERIES_SLOT_UTILISATION) > 1.0) bad++; /* capacity never falls here */
#undef AT
        }
        if (referred != gone + here) bad++;
    }
    CHECK(bad == 0,
          "pooled: conservation over both localities and slots never over-filled "
          "(%d violations)",
          bad);
}

/* Capacity from contact time, 8 and 40 slots, 60-minute contacts every 2 weeks, no indirect
 * time, rurality at the reference (no rural travel), and `pooled_minutes` of travel for each
 * contact with someone from across the boundary. */
static spsim_scenario *two_places_by_time(double pooled_minutes)
{
    spsim_scenario *s = two_places(true);
    for (int l = 0; l < 2; l++) {
        spsim_staff_plan *lw = &s->arms[0].localities[l].link_workers;
        lw->capacity = SPSIM_CAPACITY_CONTACT_TIME;
        lw->minutes_per_contact = 60;
        lw->indirect_hours_per_direct_hour = 0;
        /* slots = hours / 52.18 weeks / (1 hour / 2 weeks) */
        lw->hours_per_fte_year = lw->caseload_per_fte * 0.5 * SPSIM_WEEKS_PER_YEAR;
    }
    s->arms[0].commissioning.pooled_travel_minutes_per_contact = pooled_minutes;
    return s;
}

/* Pooled starts in the neighbour (locality 1), mean over replications. */
static double pooled_starts(spsim_scenario *s)
{
    char err[256];
    spsim_run_options opt = {0};
    spsim_run *run = spsim_run_scenario(s, &opt, err, sizeof err);
    double starts = 0;
    if (!CHECK(run != NULL, "run failed: %s", err)) return NAN;
    for (int r = 0; r < REPS; r++)
        starts += sum_series(&run->results[0][r], SPSIM_SERIES_POOLED_STARTS, 1) / REPS;
    spsim_run_free(run);
    free(s);
    return starts;
}

/* Travel across the boundary takes link-worker time: someone served from a neighbouring
 * locality holds 1 + travel / contact minutes of its slots. */
static void check_pooled_travel(void)
{
    spsim_caseload c = {
        .slots = 10, .in_support = 7, .pooled_in_support = 2, .pooled_extra_slots = 0.75};
    /* held: 7 + 2 x 0.75 = 8.5 slots */
    CHECK(spsim_caseload_has_room(&c, false), "room for a resident (8.5 + 1 <= 10)");
    CHECK(!spsim_caseload_has_room(&c, true), "no room for a pooled person (8.5 + 1.75 > 10)");
    c.pooled_extra_slots = 0.25;
    CHECK(spsim_caseload_has_room(&c, true), "room once travel is shorter (7.5 + 1.25 <= 10)");
    double free_travel = pooled_starts(two_places_by_time(0));
    double long_trips = pooled_starts(two_places_by_time(180));
    printf("pooled starts: %.0f with no travel time, %.0f with 3 hours' travel a contact\n",
           free_travel, long_trips);
    /* The neighbour has about 20 spare slots and 12 people's worth of overflow to take: free,
     * it takes them all; when each holds 4 slots, only 5 at once. The counts are over a
     * thousand, so the margin (0.6 against about 0.45) is many standard errors. */
    CHECK(long_trips < 0.6 * free_travel, "travel time cuts the pooled starts (%.0f vs %.0f)",
          long_trips, free_travel);
}

int main(void)
{
    check_pooled_travel();
    double wait[2], pooled[2];
    for (int pooling = 0; pooling <= 1; pooling++) {
        spsim_scenario *s = two_places(pooling);
        char err[256];
        spsim_run_options opt = {0};
        spsim_run *run = spsim_run_scenario(s, &opt, err, sizeof err);
        if (!CHECK(run != NULL, "run failed: %s", err)) return spsim_check_finish();
        wait[pooling] = pooled[pooling] = 0;
        for (int r = 0; r < REPS; r++) {
            spsim_arm_results *res = &run->results[0][r];
            wait[pooling] += res->totals[SPSIM_TOTAL_WAIT_MEAN] / REPS;
            pooled[pooling] += sum_series(res, SPSIM_SERIES_POOLED_STARTS, 1) / REPS;
            check_conserved(res);
        }
        spsim_run_free(run);
        free(s);
    }
    printf("mean wait %.2f weeks without pooling, %.2f with; %.0f pooled starts\n", wait[0],
           wait[1], pooled[1]);
    CHECK(pooled[0] == 0, "no pooled starts without pooling");
    CHECK(pooled[1] > 100, "people start in the neighbour's slots when pooling (%.0f)", pooled[1]);
    CHECK(wait[1] < 0.5 * wait[0], "pooling at least halves the mean wait (%.2f vs %.2f weeks)",
          wait[1], wait[0]);
    return spsim_check_finish();
}
