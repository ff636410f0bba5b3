/* The support episode (docs/model.md, "The support episode"): contacts with a link worker
 * while the person holds a slot.
 *
 * contacts = 1 + NegBin(mean - 1, k); the first contact is at the start, each contact is followed
 * by a gamma interval, and the slot is released after the last interval. A person who would drop
 * out before then leaves at the drop-out time; contacts due after it are not made. */
#ifndef SPSIM_SUPPORT_H
#define SPSIM_SUPPORT_H

#include <stdbool.h>
#include <gsl/gsl_rng.h>
#include "scenario/params.h"

typedef struct {
    double length_weeks;   /* slot held for this long */
    bool completed;        /* false: dropped out */
    int contacts_made;
    double agreement_after_weeks;   /* time into the episode of the agreement contact (INFINITY:
                                       dropped out before it) */
} spsim_episode;

/* Mean episode length without drop-out, weeks. */
double spsim_support_mean_length_weeks(const spsim_support_params *p);

/* Plans one episode starting at `start_weeks`. `episode_rng` is re-seeded with the person's
 * episode key, so the episode is the same in every arm. Each contact made before
 * `horizon_weeks` adds 1 to contacts_by_week[week * stride]. Activities are agreed at contact
 * number `agreement_contact` (or the last contact if there are fewer). */
spsim_episode spsim_support_plan(const spsim_support_params *p, int agreement_contact,
                                 gsl_rng *episode_rng, unsigned long episode_key,
                                 double dropout_after_weeks, double start_weeks, int horizon_weeks,
                                 double *contacts_by_week, int stride);

#endif
