/* `spsim run`: simulate a scenario and write its results file (README, docs/output.md). */
#ifndef SPSIM_CLI_RUN_H
#define SPSIM_CLI_RUN_H

extern const char spsim_run_usage[];

/* argv[0] is "run". Returns the exit status. */
int spsim_cmd_run(int argc, char **argv);

#endif
