/* A synthetic one-arm scenario and results struct for the economics tests: every input is zero
 * until a test sets it (but for commissioning.management_scale, 1 as the reader's default), so
 * each test's hand calculation involves only what it sets. */
#ifndef SPSIM_ECONOMICS_SYNTHETIC_H
#define SPSIM_ECONOMICS_SYNTHETIC_H

#include "economics/economics.h"
#include "results/series.h"
#include "scenario/params.h"

typedef struct {
    spsim_scenario *s;
    spsim_arm_results r;
} synthetic;

/* One arm of `localities` localities, `weeks` weeks from the date; 0, or -1 (out of memory). */
int synthetic_make(synthetic *x, int year, int month, int day, int weeks, int localities);
void synthetic_free(synthetic *x);

/* Computes the economics; NULL (and a failed check) when that fails. */
struct spsim_economics *synthetic_compute(synthetic *x);

static inline spsim_economics_params *synthetic_money(synthetic *x)
{
    return &x->s->arms[0].economics;
}

static inline spsim_commissioning_params *synthetic_commissioning(synthetic *x)
{
    return &x->s->arms[0].commissioning;
}

static inline double *synthetic_series(synthetic *x, spsim_series_id s, int week, int loc)
{
    return spsim_series_at(&x->r, s, week, loc);
}

#endif
