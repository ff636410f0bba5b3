/* Checking a scenario tree against the registry: unknown keys (with suggestions), types, ranges,
 * required keys, duplicates, shares, fte plans and arm overrides, then the rules that join keys
 * of an arm merged over the base (validate_merged.h: builders' trust, funding streams;
 * validate_commissioning.h: delivery models, neighbours, social impact bonds). Every
 * problem is added to `diags`; checking goes on after an error so that all of them are reported
 * at once. Unit slips (a weekly rate where a yearly one is expected) are added as warnings. */
#ifndef SPSIM_VALIDATE_H
#define SPSIM_VALIDATE_H

#include "suggest.h"
#include "yaml_tree.h"

/* Returns the number of errors found. */
int spsim_scenario_validate(const spsim_ynode *root, spsim_diagnostics *diags);

#endif
