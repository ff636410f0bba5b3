/* A checked scenario tree -> one spsim_arm_params per arm, plus the resolved values of every
 * registry key per arm, and the warnings that need resolved values (demand against link-worker
 * throughput; fte plans that allocation: formula ignores; a fit that a delivery model replaces;
 * pooling with no neighbours). */
#ifndef SPSIM_RESOLVE_H
#define SPSIM_RESOLVE_H

#include "yaml_tree.h"

/* `root` must have passed spsim_scenario_validate without errors. Returns 0, or -1 when memory
 * ran out (reported in `diags`). */
int spsim_scenario_resolve(const spsim_ynode *root, spsim_scenario *s, spsim_diagnostics *diags);

#endif
