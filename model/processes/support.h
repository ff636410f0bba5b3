/* The support episode (docs/model.md, "The support episode"): contacts with a link worker
 * while the person holds a slot.
 *
 * contacts = 1 + NegBin(mean - 1, k); the first contact is at the start, each contact is followed
 * by a gamma interval, and the slot is released after the last interval. A person who would drop
 * out before then leaves at the drop-out time; contacts due after it are not made.
 *
 * Before the episode: a person given a slot has a first appointment after a scheduling delay,
 * and may never turn up (a no-show), which frees the slot at the appointment.
 *
 * Owns: the episode stream (one sub-stream per person, so a person's episode is the same in every
 * arm), the EPISODE_END event and the waits from referral to first contact; schedules AGREEMENT
 * for the connection process. Series: first contacts, no-shows, contacts, completed, dropped
 * out; totals: no-shows, wait to first contact (also per locality), people seen 3 or more
 * times. */
#ifndef SPSIM_SUPPORT_H
#define SPSIM_SUPPORT_H

#include <stdbool.h>
#include <gsl/gsl_rng.h>
#include "caseload.h"
#include "count_table.h"
#include "quantile_table.h"
#include "event.h"
#include "scenario/params.h"

struct spsim_world;

/* The support process of one replication (every locality). */
typedef struct {
    gsl_rng *episodes;                /* gsl_rng_set(episodes, key): a person's own sub-stream */
    spsim_count_table extra_contacts; /* contacts beyond the first (spsim_support_contacts_table) */
    double mean_episode_weeks;        /* a slot is held this long without drop-out: the scheduling
                                  delay and the episode (spsim_mean_slot_weeks) */
    spsim_wait_stats first_contact_waits; /* referral to first contact, every locality */
    /* The same waits per locality (the person's own): their sum, weeks, and number. */
    double first_contact_sum[SPSIM_MAX_LOCALITIES];
    long first_contact_count[SPSIM_MAX_LOCALITIES];
} spsim_support;

typedef struct {
    double length_weeks; /* slot held for this long */
    bool completed;      /* false: dropped out */
    int contacts_made;
    double agreement_after_weeks;     /* time into the episode of the agreement contact (INFINITY:
                                       dropped out before it) */
    double third_contact_after_weeks; /* time into the episode of the third contact (INFINITY:
                                         fewer than three made) */
} spsim_episode;

/* Sets up the process for a run of `n_weeks`. Returns 0, or -1 out of memory. */
int spsim_support_init(spsim_support *s, const spsim_support_params *p, int n_weeks);
void spsim_support_free(spsim_support *s);

/* Mean episode length without drop-out, weeks. */
double spsim_support_mean_length_weeks(const spsim_support_params *p);

/* The table of the contacts beyond the first: NegBin(mean contacts_mean - 1, k
 * contacts_dispersion), capped so that an episode has at most 1,000 contacts. */
void spsim_support_contacts_table(const spsim_support_params *p, spsim_count_table *t);

/* The first three numbers of a person's own sub-stream of the episode stream (gsl_rng_set with
 * their key), drawn when a slot is given: uniforms for the first appointment's scheduling delay,
 * for a no-show and for the drop-out time. The episode (spsim_support_plan) and the connection
 * draw on from there, so all of it is the same in every arm. */
typedef struct {
    double first_contact_u, no_show_u, dropout_u;
} spsim_episode_start;

spsim_episode_start spsim_support_start_draws(gsl_rng *episode_rng, uint64_t person_key);

/* Plans one episode starting at `start_weeks`, its intervals drawn from `interval` (the gamma of
 * mean 1 and p's interval shape) and its contacts beyond the first from `extra_contacts`
 * (spsim_support_contacts_table), drawing on from where `episode_rng` is (in the model, the
 * person's sub-stream after spsim_support_start_draws). Each contact made before
 * `horizon_weeks` adds 1 to contacts_by_week[week * stride]. Activities are agreed at contact
 * number `agreement_contact` (or the last contact if there are fewer). */
spsim_episode spsim_support_plan(const spsim_support_params *p,
                                 const spsim_quantile_table *interval,
                                 const spsim_count_table *extra_contacts, int agreement_contact,
                                 gsl_rng *episode_rng, double dropout_after_weeks,
                                 double start_weeks, int horizon_weeks, double *contacts_by_week,
                                 int stride);

/* Person `id` has just been given a slot at `t` in their served locality. The first appointment
 * follows a scheduling delay (gamma); a person who does not turn up (a no-show) frees the slot
 * then; both from the person's start draws (spsim_support_start_draws). Otherwise the episode starts at the first
 * contact: plans it, draws what the connection process needs, schedules the agreement and the
 * end. Returns 0, or -1 out of memory. */
int spsim_support_begin(struct spsim_world *w, uint32_t id, double t);

/* EPISODE_END: completion, drop-out or a missed first appointment; the slot goes to whoever
 * waits for it. */
int spsim_on_episode_end(struct spsim_world *w, const spsim_event *e);

/* At the horizon: the wait to first contact (mean, 90th centile) and the share seen 3 or more
 * times among the referrals offered a service. */
void spsim_support_finish(struct spsim_world *w);

#endif
