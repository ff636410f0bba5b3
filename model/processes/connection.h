/* Connection to community activity (docs/model.md, "Connection to community activity"): at the
 * agreement contact of their support episode a person and their link worker agree an activity;
 * the person takes a free place in a group of that type (or, offered one, never goes), buys one
 * with a personal health budget, or waits for a place up to a limit, first come first served.
 * They hold a place for a gamma-distributed time, then leave it to whoever waits.
 *
 * Owns: the AGREEMENT, PLACE_WAIT_END and PLACE_END events and the person's community draws
 * (made when support starts, from the episode stream). Series: connected (and by activity),
 * not placed at the first try (and by activity), connection failed, gave up waiting for a
 * place; total never connected.
 *
 * Never connected (unmet need) counts the people who agreed an activity and never held a place
 * because none came free: their wait ran out (at once when place_wait_weeks is 0), or they were
 * still waiting at the horizon. People offered a free place who never took it up are counted as
 * connection failed, not here: a place was there for them. */
#ifndef SPSIM_CONNECTION_H
#define SPSIM_CONNECTION_H

#include "event.h"
#include "person.h"
#include "scenario/params.h"

struct spsim_world;

/* The person's activity and community draws, from the support process's episode stream. */
void spsim_connection_draw(struct spsim_world *w, spsim_person *person);

/* AGREEMENT: the person seeks a place. Returns 0, or -1 out of memory. */
int spsim_on_agreement(struct spsim_world *w, const spsim_event *e);

/* PLACE_WAIT_END: the wait for a free place ran out. */
void spsim_on_place_wait_end(struct spsim_world *w, const spsim_event *e);

/* PLACE_END: the person leaves their place, which goes to whoever waits. 0, or -1. */
int spsim_on_place_end(struct spsim_world *w, const spsim_event *e);

/* At the horizon: people still waiting for a place are added to never connected. */
void spsim_connection_finish(struct spsim_world *w);

/* Free places of type `a` in `l` go to the people waiting for one. 0, or -1 out of memory. */
int spsim_connection_fill_free_places(struct spsim_world *w, int l, spsim_activity a, double t);

#endif
