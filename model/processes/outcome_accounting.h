/* Outcome accounting (docs/model.md, outcomes): when a person leaves the system, or at the
 * horizon, what their support did to their service use and wellbeing is added to their
 * locality's ledger, and their year before and after referral to the pre-post comparison a study
 * would make and to the true counterfactual one.
 *
 * Owns: the outcome ledger, the outcome stream (one sub-stream per person, so a person's outcome
 * draws are the same in every arm) and the stream for the studies' counts. Series: GP, A&E and
 * admissions avoided, WELLBYs, people whose wellbeing improved, GP reduction verified; the
 * reductions table. */
#ifndef SPSIM_OUTCOME_ACCOUNTING_H
#define SPSIM_OUTCOME_ACCOUNTING_H

#include <stdint.h>
#include <gsl/gsl_rng.h>

#include "outcomes.h"

struct spsim_world;

typedef struct {
    spsim_outcome_ledger ledger;
    gsl_rng *persons;      /* gsl_rng_set(persons, key): a person's own sub-stream */
    gsl_rng *study_counts; /* the studies' pre-post counts, per replication */
    double trend_log_per_week[SPSIM_N_SERVICES]; /* log(1 + trend per year) / weeks a year */
} spsim_outcome_accounting;

/* Returns 0, or -1 out of memory. The engine sets the streams. */
int spsim_outcome_accounting_init(spsim_outcome_accounting *a, const spsim_outcome_params *o,
                                  int n_weeks, int n_localities);
void spsim_outcome_accounting_free(spsim_outcome_accounting *a);

/* Person `id`'s outcomes, with engagement counted up to `now`. */
void spsim_outcome_account(struct spsim_world *w, uint32_t id, double now);

/* A person leaves the system once done with link workers and with community activity: their
 * outcomes are accounted and their record is freed. */
void spsim_person_exit_if_done(struct spsim_world *w, uint32_t id);

/* At the horizon: everyone still in the system is accounted up to it; the weekly outcome series
 * and the studies' counts are written. */
void spsim_outcome_finish(struct spsim_world *w);

#endif
