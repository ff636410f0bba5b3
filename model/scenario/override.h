/* A scenario with some keys set to other values: what `spsim sweep`, `spsim size` and their
 * searches vary a scenario through (docs/sizing.md), so a varied scenario is read, checked and
 * resolved exactly as a file that wrote the same values would be.
 *
 * The key is a dotted path as written in a scenario ("arms.quilt.localities.Mendip.link_workers
 * .fte", "localities.Mendip.funding.grants.gbp_per_year"), the value YAML text ("12.5",
 * "[{from: 2026-04-01, fte: 3}]"). A key the file does not write is inserted; one it writes is
 * replaced. The new tree then meets every check of the file itself, so an out-of-range value or
 * an unknown key is an error naming the key and what is allowed. */
#ifndef SPSIM_OVERRIDE_H
#define SPSIM_OVERRIDE_H

#include "scenario.h"

typedef struct {
    const char *key;   /* dotted path, as written in a scenario */
    const char *value; /* YAML text of the value */
} spsim_override;

/* A new scenario resolved from the checked tree of `s` (includes merged, distributions at their
 * means) with every override applied in order; the arm selection, seed and replications of `s`
 * are kept, and so are its distributions, except any an override replaces (a value written as a
 * distribution that belongs to a correlated group cannot be replaced: an error). The result
 * keeps its own tree, so it can be overridden again or run with parameter draws. NULL with
 * diagnostics in `diags` (messages name the key) when anything is wrong. Free with
 * spsim_scenario_free. */
spsim_scenario *spsim_scenario_with_overrides(const spsim_scenario *s, const spsim_override *o,
                                              int n, spsim_diagnostics *diags);

/* The unit the registry gives the key ("FTE", "GBP per year"; "-" for none), NULL when no
 * registry entry has the key (for labelling varied values in output). */
const char *spsim_override_unit(const char *key);

#endif
