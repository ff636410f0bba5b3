/* Rules that hold only for an arm's values merged over the base scenario's: a builder's trust
 * curve (its 90 % point after its midpoint) and funding streams (complete, with only the keys
 * their kind takes, ending after they start, at most 16 a locality once an arm adds its own).
 * Run after every value was checked on its own; values that failed then are skipped here, so no
 * problem is reported twice. */
#ifndef SPSIM_VALIDATE_MERGED_H
#define SPSIM_VALIDATE_MERGED_H

#include "yaml_tree.h"

/* `root` is the scenario's top-level mapping. Problems are added to `diags` as errors. */
void spsim_validate_merged(const spsim_ynode *root, spsim_diagnostics *diags);

#endif
