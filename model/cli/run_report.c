/* The size line before a run and the figures after it. */
#include "run_report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "economics/economics.h"
#include "engine/precision.h"
#include "engine/ranks.h"
#include "results/series.h"
#include "results/statistics.h"

/* Bytes of one (week, locality) cell of every weekly dataset, as the file stores it (counts
 * int32, the rest float64), and the number of values in it. */
static double weekly_cell_bytes(double *values)
{
    double bytes = 0.0;
    *values = 0.0;
    for (int i = 0; i < SPSIM_N_SERIES; i++) {
        bytes += spsim_series_table[i].is_count ? 4 : 8;
        *values += 1;
    }
    for (int b = 0; b < SPSIM_N_BREAKDOWNS; b++) {
        int n = spsim_category_table[spsim_breakdown_table[b].category].n;
        bytes += (spsim_breakdown_table[b].info.is_count ? 4.0 : 8.0) * n;
        *values += n;
    }
    return bytes;
}

/* Values each replication of one arm (or one comparison of two) adds beside its series:
 * totals, headlines, money by financial year, reductions. */
static double per_replication_values(const spsim_scenario *s)
{
    int n_years = (int)ceil(s->horizon_years) + 1;
    double values = SPSIM_N_TOTALS + SPSIM_N_HEADLINES +
                    (double)SPSIM_N_REDUCTION_MEASURES * s->arms[0].n_localities * SPSIM_N_SERVICES;
    for (int m = 0; m < SPSIM_N_FY_MEASURES; m++)
        values += (double)n_years * spsim_fy_measure_per_year((spsim_fy_measure)m);
    return values;
}

double spsim_run_expected_megabytes(const spsim_scenario *s, int replications, spsim_keep keep)
{
    double cells = (double)s->n_weeks * s->arms[0].n_localities;
    double values_per_cell;
    double cell_bytes = weekly_cell_bytes(&values_per_cell);
    double kept = spsim_keep_series(keep, replications);
    double series = s->n_arms * kept * cells * cell_bytes;
    double summaries = s->n_arms * (double)SPSIM_N_STATS * cells * values_per_cell * 8.0;
    double pairs = s->n_arms * (s->n_arms - 1) / 2.0;
    double per_rep = (s->n_arms + pairs) * (double)replications * per_replication_values(s) * 8.0;
    double text = s->text ? (double)strlen(s->text) : 0.0;
    return (series + summaries + per_rep + text) / 1e6;
}

void spsim_run_report_speed(const spsim_run *run)
{
    /* A tornado resumed with its base whole runs none of the base here. */
    if (run->wall_seconds <= 0.0) {
        fprintf(stderr,
                "spsim: nothing simulated here: all %d replications were read back from the "
                "partial file\n",
                run->n_replications);
        return;
    }
    double pathways = 0.0, events = 0.0;
    for (int a = 0; a < run->n_arms; a++)
        for (int r = 0; r < run->n_replications; r++) {
            pathways += run->results[a][r].totals[SPSIM_TOTAL_PATHWAYS];
            events += run->results[a][r].totals[SPSIM_TOTAL_EVENTS];
        }
    fprintf(stderr,
            "spsim: simulated %.0f referral pathways and %.0f events in %.2f s "
            "(%.2f s of CPU time; %.0f pathways/s, %.0f events/s)\n",
            pathways, events, run->wall_seconds, run->cpu_seconds, pathways / run->wall_seconds,
            events / run->wall_seconds);
    /* How the dealer shared the run: the writing rank also writes, so it should run fewer. */
    if (spsim_ranks() > 1)
        fprintf(stderr,
                "spsim: rank 0 ran %d of the replications itself, the other %d rank(s) the rest\n",
                run->replications_run_here, spsim_ranks() - 1);
}

/* Memory of the engine against the people it holds, for the replication whose engine state
 * grew largest (bench/run.sh: memory per person in the system). */
void spsim_run_report_memory(const spsim_run *run)
{
    const spsim_arm_results *largest = &run->results[0][0];
    for (int a = 0; a < run->n_arms; a++)
        for (int r = 0; r < run->n_replications; r++)
            if (run->results[a][r].engine_peak_bytes > largest->engine_peak_bytes)
                largest = &run->results[a][r];
    double people = (double)largest->engine_peak_people;
    fprintf(stderr,
            "spsim: engine state at its largest: %zu bytes for %.0f people in the system at once "
            "(%.0f bytes per person)\n",
            largest->engine_peak_bytes, people,
            people > 0 ? (double)largest->engine_peak_bytes / people : 0.0);
}

/* The variates drawn, by kind, as name=count (a build with SPSIM_COUNT_VARIATES only; the
 * input of bench/variates.c). */
void spsim_run_report_variates(const spsim_run *run)
{
#ifdef SPSIM_COUNT_VARIATES
    fprintf(stderr, "spsim: variates drawn:");
    for (int k = 0; k < SPSIM_N_VARIATE_KINDS; k++)
        fprintf(stderr, " %s=%llu", spsim_variate_name[k], run->variates_drawn[k]);
    fputc('\n', stderr);
#else
    (void)run;
#endif
}

/* What --precision reached, on stderr: the count, and the headline that needed the most; said
 * even with --quiet when the cap stopped it short. */
void spsim_run_report_precision(const spsim_scenario *s, const spsim_run *run, bool quiet)
{
    const spsim_run_precision *p = &run->precision;
    if (p->met && quiet) return;
    if (p->met)
        fprintf(stderr,
                "spsim: precision %g reached with %d replications (%d round(s), %d run); the "
                "headline that needed the most: ",
                p->asked, run->n_replications, p->rounds, p->replications_run);
    else
        fprintf(stderr,
                "spsim: warning: precision %g NOT reached: --max-replications %d stopped the run "
                "and the file holds %d replications; still too wide: ",
                p->asked, p->max_replications, run->n_replications);
    spsim_precision_print_headline(stderr, s, p->widest_arm, p->widest_headline,
                                   p->widest_half_width, p->widest_target, p->widest_mean);
    fputc('\n', stderr);
}

void spsim_run_report_finished(const spsim_run *run, const char *output)
{
    spsim_run_report_speed(run);
    spsim_run_report_memory(run);
    spsim_run_report_variates(run);
    fprintf(stderr, "spsim: writing %s ...\n", output);
}
