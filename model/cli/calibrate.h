/* `spsim calibrate`: fit marked scenario keys to targets (docs/calibration.md). */
#ifndef SPSIM_CLI_CALIBRATE_H
#define SPSIM_CLI_CALIBRATE_H

extern const char spsim_calibrate_usage[];

/* argv[0] is "calibrate". Returns the exit status. */
int spsim_cmd_calibrate(int argc, char **argv);

#endif
