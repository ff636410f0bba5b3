/* The resolved value of every registry key for one arm, as text with unit and source: what the
 * output file stores so that a run documents exactly which parameters it used. Per-locality keys
 * are expanded per locality ("localities.Mendip.link_workers.fte"). */
#ifndef SPSIM_RESOLVED_LIST_H
#define SPSIM_RESOLVED_LIST_H

#include "params.h"

/* Fills s->resolved[arm] and s->n_resolved[arm] from s->arms[arm]; returns 0 or -1 (memory). */
int spsim_resolved_list(spsim_scenario *s, int arm);

#endif
