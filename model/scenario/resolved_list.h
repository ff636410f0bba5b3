/* The resolved value of every registry key for one arm, as text with unit and source: what the
 * output file stores so that a run documents exactly which parameters it used. Per-locality keys
 * are expanded per locality ("localities.Mendip.link_workers.fte"), delivery models per model
 * ("delivery_models.hub.fit.base"). Values the resolver computed rather than read say so in
 * their source: a fit given by a delivery model, and commissioning.contracts. */
#ifndef SPSIM_RESOLVED_LIST_H
#define SPSIM_RESOLVED_LIST_H

#include "delivery.h"

/* Fills s->resolved[arm] and s->n_resolved[arm] from s->arms[arm] and the delivery models the
 * arm's localities use; returns 0 or -1 (memory). */
int spsim_resolved_list(spsim_scenario *s, int arm, const spsim_delivery_plan *plan);

#endif
