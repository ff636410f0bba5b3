/* Whole-run figures of one arm in one replication, per locality: the waits and connection
 * figures of the totals table (series.h) for the people of each locality, so a service standard
 * can be judged place by place (`spsim size`, docs/sizing.md).
 *
 * A person counts in the locality that referred them, whose queue they join: a person served
 * in a neighbour's slot when the arm pools slots counts where they live, not where the slot
 * is. Each figure has the definition of its county-wide total, so a count summed over the
 * localities is the county-wide count, and a mean weighted by its people (joined_queue,
 * first_contacted) is the county-wide mean. */
#ifndef SPSIM_LOCALITY_TOTALS_H
#define SPSIM_LOCALITY_TOTALS_H

typedef enum {
    SPSIM_LOCALITY_JOINED_QUEUE,    /* people whose waits for a slot the two below are of */
    SPSIM_LOCALITY_WAIT_MEAN,       /* weeks: as totals/wait_mean */
    SPSIM_LOCALITY_WAIT_P90,        /* weeks: as totals/wait_p90 (the same binned quantile) */
    SPSIM_LOCALITY_FIRST_CONTACTED, /* people with a first contact before the horizon */
    SPSIM_LOCALITY_FIRST_CONTACT_WAIT_MEAN, /* weeks: as totals/first_contact_wait_mean */
    SPSIM_LOCALITY_TAKEN_UP,                /* people: as totals/taken_up */
    SPSIM_LOCALITY_NEVER_CONNECTED,         /* people: as totals/never_connected */
    SPSIM_N_LOCALITY_TOTALS
} spsim_locality_total_id;

#endif
