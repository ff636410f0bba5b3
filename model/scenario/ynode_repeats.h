/* Repeated keys of a mapping and repeated items of a list, found by sorting, so that the check
 * costs n log n for a mapping of any size (a hostile file may hold a million keys). */
#ifndef SPSIM_YNODE_REPEATS_H
#define SPSIM_YNODE_REPEATS_H

#include "yaml_tree.h"

/* For each pair of a mapping (or each scalar item of a sequence), the index of the first
 * earlier one with the same text, or -1 when it is the first (and for a non-scalar item, or
 * every child of a scalar). A new array of max(node->n, 1) ints for the caller to free; NULL
 * when memory runs out. */
int *spsim_ynode_repeats(const spsim_ynode *node);

#endif
