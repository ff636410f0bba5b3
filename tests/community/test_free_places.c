/* Which group a person is offered a place in: the oldest open group of the agreed type with a
 * free place (community.h). The search keeps a bit set of groups with a free place, so it is
 * checked here against the plain definition (scan every group, oldest first) after each of
 * 200,000 random operations: opening groups of either of two types and of 1 to 4 places,
 * taking and leaving places (people keep their group's number, also after it closed), and
 * closing groups, over more than 64 groups so that several words of the set are in use. Any
 * operation that left a bit stale, set or clear, makes the two disagree and fails. Fixed seed;
 * the check is exact, not statistical. */
#include <gsl/gsl_rng.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "processes/community.h"

enum {
    N_OPERATIONS = 200000,
    MAX_HELD = 4096
};

/* The plain definition: the lowest-numbered open group of type a with a free place. */
static int reference(const spsim_community *c, spsim_activity a)
{
    for (int g = 0; g < c->n_groups; g++) {
        const spsim_group *x = &c->groups[g];
        if (x->open && x->activity == a && x->occupied < x->places) return g;
    }
    return -1;
}

int main(void)
{
    spsim_community c = {0};
    static const spsim_locality no_groups;
    gsl_rng *g = gsl_rng_alloc(gsl_rng_taus2);
    if (!CHECK(g && spsim_community_init(&c, &no_groups, 0) == 0, "allocated")) return 1;
    gsl_rng_set(g, 77);
    static int held[MAX_HELD]; /* the group of each place taken and not yet left */
    int n_held = 0, agree = 0, first_wrong = -1, found = 0;
    for (int i = 0; i < N_OPERATIONS && first_wrong < 0; i++) {
        spsim_activity a = (spsim_activity)gsl_rng_uniform_int(g, 2);
        double u = gsl_rng_uniform(g);
        if (u < 0.05 || c.n_groups == 0) {
            int places = 1 + (int)gsl_rng_uniform_int(g, 4);
            if (!CHECK(spsim_community_open_group(&c, a, places, 0.0, false) >= 0, "opened")) break;
        } else if (u < 0.55 && n_held < MAX_HELD) {
            int group = spsim_community_group_with_place(&c, a);
            if (group >= 0) {
                spsim_community_take_place(&c, group);
                held[n_held++] = group;
            }
        } else if (u < 0.95 && n_held > 0) {
            int k = (int)gsl_rng_uniform_int(g, (unsigned long)n_held);
            spsim_community_leave_place(&c, held[k]);
            held[k] = held[--n_held];
        } else {
            int group = (int)gsl_rng_uniform_int(g, (unsigned long)c.n_groups);
            if (c.groups[group].open) spsim_community_close(&c, group);
        }
        for (int t = 0; t < 2; t++) {
            int want = reference(&c, (spsim_activity)t);
            if (spsim_community_group_with_place(&c, (spsim_activity)t) != want) first_wrong = i;
            found += want >= 0;
        }
        agree += first_wrong < 0;
    }
    printf("free places: %d groups opened, %d operations agreed, %d searches found a place\n",
           c.n_groups, agree, found);
    CHECK(first_wrong < 0,
          "the oldest group with a free place, as a scan finds it (first "
          "difference after operation %d)",
          first_wrong);
    CHECK(c.n_groups > 3 * 64 && found > N_OPERATIONS / 2,
          "several words of groups, and most searches found a place, so both cases ran");
    spsim_community_free(&c);
    gsl_rng_free(g);
    return spsim_check_finish();
}
