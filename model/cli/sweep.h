/* `spsim sweep`: a scenario run over a grid of values of some of its keys (docs/sizing.md). */
#ifndef SPSIM_CLI_SWEEP_H
#define SPSIM_CLI_SWEEP_H

#include "engine/variants.h"

extern const char spsim_sweep_usage[];

/* Reads one --vary spec, KEY=FROM:TO:STEP or KEY=a,b,c, into key k of the grid. Returns 0, or
 * -1 with the message (what is wrong and what is allowed) in err. */
int spsim_sweep_parse_vary(const char *spec, spsim_sweep_grid *g, char *err, size_t errlen);

/* argv[0] is "sweep". Returns the exit status. */
int spsim_cmd_sweep(int argc, char **argv);

#endif
