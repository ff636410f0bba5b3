/* `spsim report`: a results file as one self-contained HTML page for a commissioner
 * (docs/report.md). */
#ifndef SPSIM_CLI_REPORT_H
#define SPSIM_CLI_REPORT_H

extern const char spsim_report_usage[];

/* argv[0] is "report". Returns the exit status. */
int spsim_cmd_report(int argc, char **argv);

#endif
