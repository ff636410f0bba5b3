/* The tornado table `spsim run --tornado` prints: for each arm against the reference, every
 * uncertain key's low and high value and the incremental net monetary benefit at each, sorted by
 * swing, largest first. */
#ifndef SPSIM_SUMMARY_TORNADO_H
#define SPSIM_SUMMARY_TORNADO_H

#include <stdio.h>
#include "../engine/tornado.h"

void spsim_tornado_print(FILE *out, const spsim_scenario *s, const spsim_tornado *t);

#endif
