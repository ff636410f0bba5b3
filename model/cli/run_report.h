/* What `spsim run` says on stderr around a run: the expected size of the file before it starts,
 * and the speed, memory and variates once it is done. */
#ifndef SPSIM_CLI_RUN_REPORT_H
#define SPSIM_CLI_RUN_REPORT_H

#include "engine/runner.h"
#include "io/h5write.h"
#include "scenario/params.h"

/* The file's size before compression, in MB (10^6 bytes), for `replications` replications of
 * every arm keeping what `keep` says: the kept weekly series, the weekly summaries, each
 * replication's totals, money and comparisons, and the scenario text. On disk the file is
 * smaller (counts compress well: docs/output.md, tests/output/keep.sh). */
double spsim_run_expected_megabytes(const spsim_scenario *s, int replications, spsim_keep keep);

void spsim_run_report_speed(const spsim_run *run);
void spsim_run_report_memory(const spsim_run *run);
void spsim_run_report_variates(const spsim_run *run);
/* All three of a finished run, then that `output` is being written. */
void spsim_run_report_finished(const spsim_run *run, const char *output);
/* What --precision reached, on stderr: the count, and the headline that needed the most; said
 * even with `quiet` when the cap stopped it short. */
void spsim_run_report_precision(const spsim_scenario *s, const spsim_run *run, bool quiet);

#endif
