/* One arm of one replication: the event loop that takes referrals through their pathways.
 *
 * The loop, in time order:
 *   REFERRAL       a person is referred; takes up or declines; starts at once or queues;
 *   RENEGE         a waiting person's patience runs out and they leave the queue;
 *   EPISODE_END    a support episode ends (completion or drop-out); the slot goes to the queue;
 *   AGREEMENT      activities are agreed: the person takes a free place in a group, buys one,
 *                  or waits for one (pathway: pathway.c; connection: connection.c);
 *   PLACE_WAIT_END the wait for a free place runs out;
 *   PLACE_END      the person leaves their place, which goes to whoever waits for one;
 *   WEEK_END       the week's levels are recorded; then, for the next week and each locality in
 *                  turn: link workers (plan, attrition, hiring, training ramp), builders (the
 *                  same, and trust), funding streams, new groups from builders, group closures;
 *                  new slots and places go to the people waiting for them.
 * Events at or after the horizon are not processed; people still waiting then are counted with
 * their waits so far (censored). */
#ifndef SPSIM_REPLICATION_H
#define SPSIM_REPLICATION_H

#include "processes/samplers.h"
#include "results/series.h"
#include "scenario/params.h"

enum {
    SPSIM_REPLICATION_OUT_OF_MEMORY = -1,
    SPSIM_REPLICATION_STREAM_EXHAUSTED = -2
};

/* Simulates arm `p` in replication `replication` into `out` (already initialised for
 * n_weeks x p->n_localities), its draws' quantile tables taken from (or worked out into) the
 * calling thread's `samplers`. Returns 0, SPSIM_REPLICATION_OUT_OF_MEMORY, or
 * SPSIM_REPLICATION_STREAM_EXHAUSTED when a random stream drew more than it holds. */
int spsim_replication_run(const spsim_arm_params *p, spsim_sampler_cache *samplers,
                          unsigned long long seed, int replication, int n_weeks,
                          spsim_arm_results *out);

#endif
