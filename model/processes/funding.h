/* Funding streams into the VCSE sector (docs/model.md, "Funding streams"), one set per locality,
 * advanced on the weekly tick. What a pound buys:
 *   commissioned          places held open while funded (gbp_per_year / cost per place-year);
 *   small_grants          one grant per grant_gbp spent: funds an unfunded group for a year, or
 *                         opens one where there is none;
 *   micro_commissioning   one new group per grant_gbp spent, which fails within its first year
 *                         with probability 1 - first_year_survival;
 *   personal_health_budgets  a budget that people with no free place may spend on a place.
 * Money accrues evenly over a stream's dates (a week partly inside gets that fraction), so a
 * stream spends exactly gbp_per_year x its length in years; budgets spend only what is bought.
 *
 * Owns: each locality's funding streams. Series: VCSE spend (and by funding kind), groups opened
 * by funding. */
#ifndef SPSIM_FUNDING_H
#define SPSIM_FUNDING_H

#include <stdbool.h>
#include <gsl/gsl_rng.h>
#include "community.h"
#include "scenario/params.h"

typedef struct {
    const spsim_funding_stream *stream;
    double accrued;     /* GBP made available so far */
    double spent;       /* GBP spent so far (equal to accrued except for budgets) */
    int units_bought;   /* grants made or groups commissioned so far */
    bool places_opened; /* commissioned: its groups are open */
} spsim_funding_state;

typedef struct {
    int n;
    spsim_funding_state streams[SPSIM_MAX_FUNDING_STREAMS];
    gsl_rng *rng; /* start-up failures (set by the engine, which seeds and frees it) */
} spsim_funding;

void spsim_funding_init(spsim_funding *f, const spsim_locality *loc);

/* Share of `week` inside the stream's dates (0..1). */
double spsim_funding_week_share(const spsim_funding_stream *s, int week);

/* Accrues and spends `week`'s money, opening or funding groups in `c`. Adds each kind's spend in
 * GBP to spend_by_kind and groups opened to *opened. Returns 0, or -1 out of memory. */
int spsim_funding_start_week(spsim_funding *f, spsim_community *c, int group_size, int week,
                             gsl_rng *rng, double spend_by_kind[SPSIM_N_FUNDING_KINDS],
                             int *opened);

/* A person with no free place may buy one with a personal health budget that has `cost` GBP
 * accrued and unspent; they do when budget_draw < the stream's share buying. Returns the GBP
 * spent (0: not bought). */
double spsim_funding_buy_place(spsim_funding *f, double place_weeks, double budget_draw);

struct spsim_world;

/* The funding streams of `l` at the start of `week`: accrue, spend, open or fund groups.
 * Returns 0, or -1 out of memory. */
int spsim_funding_week(struct spsim_world *w, int l, int week);

/* Adds `gbp` spent through funding kind `kind` at time `t` to the spend series and totals. */
void spsim_funding_record_spend(struct spsim_world *w, int l, double t, int kind, double gbp);

#endif
