#include "synthetic.h"

#include <stdlib.h>

#include "check.h"

int synthetic_make(synthetic *x, int year, int month, int day, int weeks, int localities)
{
    x->s = calloc(1, sizeof *x->s);
    if (!x->s) return -1;
    x->s->start_year = year;
    x->s->start_month = month;
    x->s->start_day = day;
    x->s->n_weeks = weeks;
    x->s->n_arms = 1;
    x->s->arms[0].n_localities = localities;
    /* The scenario reader's default: management at the price the scenario gives. */
    x->s->arms[0].commissioning.management_scale = 1;
    if (spsim_arm_results_init(&x->r, weeks, localities) != 0) {
        free(x->s);
        x->s = NULL;
        return -1;
    }
    return 0;
}

void synthetic_free(synthetic *x)
{
    spsim_economics_free(x->r.economics);
    x->r.economics = NULL;
    spsim_arm_results_free(&x->r);
    free(x->s);
    x->s = NULL;
}

struct spsim_economics *synthetic_compute(synthetic *x)
{
    int status = spsim_economics_compute(x->s, 0, &x->r);
    CHECK(status == 0 && x->r.economics, "economics computed");
    return status == 0 ? x->r.economics : NULL;
}
