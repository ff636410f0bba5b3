/* Commissioning rules that join keys: every delivery_model names one of delivery_models, a
 * locality's neighbours are other localities of the scenario, and a social impact bond has
 * investor capital (the base scenario as it stands, each arm as merged over it; a problem of the
 * base is reported once). Values that failed their own checks are skipped, so no problem is
 * reported twice. */
#ifndef SPSIM_VALIDATE_COMMISSIONING_H
#define SPSIM_VALIDATE_COMMISSIONING_H

#include "yaml_tree.h"

/* `root` is the scenario's top-level mapping. Problems are added to `diags` as errors. */
void spsim_validate_commissioning(const spsim_ynode *root, spsim_diagnostics *diags);

#endif
