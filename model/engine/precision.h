/* Running a scenario until its headline figures are known precisely enough (`spsim run
 * --precision`).
 *
 * A headline of an arm is precise enough when the half-width of the 95 % confidence interval of
 * its mean over replications, t(0.975, m - 1) x sd / sqrt(m) over the m replications in which it
 * is a number, is at most its target: the larger of
 *   - precision x |its mean|                       (the relative criterion),
 *   - precision x SPSIM_PRECISION_NEAR_ZERO_SHARE x the largest |mean| of that headline across
 *     the arms                                      (a figure near zero: e.g. the savings of an
 *                                                    arm that does almost nothing),
 *   - the headline's resolution, the finest step `spsim summary` prints it in (1 GBP, 1 person,
 *     0.1 WELLBY, 0.01 GBP per GBP, 0.1 percentage point for shares).
 * Every target grows with the precision asked for, so on the same replications a looser
 * precision is met whenever a tighter one is.
 *
 * The headlines assessed are the per-arm figures the summary prints as a mean: every
 * spsim_headline_id but break_even_year (a calendar year, summarised by its median) and
 * wellbeing_value (WELLBYs times a constant, so as precise as they are). A headline that is a
 * number in fewer than two replications (an investor's return with no bond) is not assessed.
 *
 * The run starts with a pilot, estimates from the observed sd how many replications would meet
 * every target (n = (t sd / target)^2, the largest over arms and headlines), runs only the extra
 * ones, and repeats. The count it settles on is the first count from the pilot on at which every
 * headline meets its target, found by checking each count in turn, so it does not depend on how
 * far the estimates overshoot; replications run beyond it are dropped, and because replication r
 * depends only on (scenario, seed, r) the result is the run of exactly that many. */
#ifndef SPSIM_PRECISION_H
#define SPSIM_PRECISION_H

#include <stdbool.h>
#include <stdio.h>
#include "runner.h"

enum {
    SPSIM_PRECISION_PILOT = 10,             /* replications of the first round, by default */
    SPSIM_PRECISION_MAX_REPLICATIONS = 1000 /* the cap, by default */
};
/* A figure whose mean is below this share of its largest mean across arms counts as near zero:
 * its half-width may be what it would be at this share of the largest. */
#define SPSIM_PRECISION_NEAR_ZERO_SHARE 0.1

typedef struct {
    double precision;     /* relative half-width asked for, (0, 1] */
    int pilot;            /* replications of the first round, >= 2 */
    int max_replications; /* the cap, >= pilot */
    FILE *progress;       /* a line per round; NULL for none */
} spsim_precision_options;

/* One headline of one arm over the first n replications of a run. */
typedef struct {
    int arm, headline;                   /* headline: a spsim_headline_id */
    int n_finite;                        /* replications in which it is a number */
    double mean, sd, half_width, target; /* in the headline's units */
    bool assessed;
} spsim_headline_precision;

/* Whether headline h (a spsim_headline_id) is assessed, and its resolution (its units). */
bool spsim_precision_assessed(int headline);
double spsim_precision_resolution(int headline);
/* The target half-width of a headline with this mean, when its largest |mean| across the arms
 * is `scale` (see above). */
double spsim_precision_target(int headline, double precision, double mean, double scale);

/* Assesses the first n (>= 2) replications of `run`: whether every assessed headline of every
 * arm meets its target. `widest` gets the headline with the largest half-width / target, and
 * `needed` the replications the estimate says would meet every target (n when all are met). */
bool spsim_precision_assess(const spsim_run *run, int n, double precision,
                            spsim_headline_precision *widest, int *needed);

/* "ARM HEADLINE, half-width H UNITS against T UNITS allowed (mean M UNITS)", for messages. */
void spsim_precision_print_headline(FILE *out, const spsim_scenario *s, int arm, int headline,
                                    double half_width, double target, double mean);

/* A run to a precision (see above) runs scenario `s` until every headline is precise enough or
 * the cap is reached; the run's `precision` says which. It goes in steps, for a run streamed
 * to its file that an interrupt may stop and --resume continue (only each replication's totals
 * and money stay, which is all the stopping rule reads): the pilot's room with nothing run (NULL when out of memory); then the rounds from
 * where the run stands. A run stands on the round in flight: n_replications is the count it is
 * to reach (run->precision.replications_run), replications_done of them have run (a resumed
 * run: those its partial file holds), and every count up to run->precision.assessed_through
 * fell short. Returns 0, with run->stopped when the options' stop flag ended a round (the
 * first replications_done replications are then whole and the run can be continued from
 * there), or -1 with a message. Because a count is met or not from its replications alone,
 * a run stopped and continued settles on the count an uninterrupted one does, in the same
 * rounds. */
spsim_run *spsim_precision_prepare(const spsim_scenario *s, const spsim_precision_options *p);
int spsim_precision_continue(spsim_run *run, const spsim_scenario *s, const spsim_run_options *opt,
                             const spsim_precision_options *p, char *err, size_t errlen);

#endif
