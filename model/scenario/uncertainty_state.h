/* Internals of parameter uncertainty shared by the scenario layer's files (uncertainty.h is the
 * interface): finding the distributions in a tree, their correlations, the fragments a scenario
 * includes, and writing drawn values back into a tree. Not part of the program's interface. */
#ifndef SPSIM_UNCERTAINTY_STATE_H
#define SPSIM_UNCERTAINTY_STATE_H

#include <stdbool.h>

#include "registry.h"
#include "scenario.h"
#include "yaml_tree.h"

enum {
    SPSIM_ROUTE_MAX = 16, /* deeper than any number of the scenario format sits */
    SPSIM_INCLUDE_DEPTH = SPSIM_INCLUDE_LEVELS
};

/* Where a value sits in a tree: the index of the pair (mapping) or item (sequence) at each
 * level from the root. Trees copied with spsim_ynode_copy keep every route. */
typedef struct {
    int len;
    int step[SPSIM_ROUTE_MAX];
} spsim_route;

/* The uncertain keys of a tree, with where each sits and whether its row of shares is
 * renormalised once drawn. */
typedef struct {
    int n, cap;
    spsim_uncertain_key *keys;
    spsim_route *route;
    bool *share;
} spsim_uncertain_list;

struct spsim_uncertainty_state {
    spsim_ynode *root;  /* the checked tree, uncertain values at their means */
    spsim_route *route; /* of each uncertain key */
    bool *share;        /* each key: a share in a row renormalised to sum to 1 */
    double *chol;       /* n x n lower Cholesky factor of the correlations; NULL: none */
};

void spsim_uncertainty_state_free(struct spsim_uncertainty_state *st);

/* Replaces every distribution that stands where a number is expected by a plain scalar of its
 * untruncated mean (so that the ordinary range check runs on the mean) and records it in
 * `out`; distributions anywhere else, and bad distributions, are errors in `diags`. Returns
 * the number of errors, or -1 when memory runs out. */
int spsim_uncertainty_scan(spsim_ynode *root, spsim_diagnostics *diags, spsim_uncertain_list *out);
void spsim_uncertain_list_free(spsim_uncertain_list *list);

/* Reads a `correlations` section against the uncertain keys: *chol is NULL when `node` is
 * NULL, else the n x n lower Cholesky factor of the joint correlation matrix. Returns the
 * number of errors, or -1 when memory runs out. */
int spsim_uncertainty_correlations(const spsim_ynode *node, const spsim_uncertain_list *keys,
                                   spsim_diagnostics *diags, double **chol);

/* Writes values[k] (%.17g) at route[k], then divides every row of shares holding an uncertain
 * share by its sum. Returns 0, or -1 when memory runs out. */
int spsim_uncertainty_write(spsim_ynode *root, const spsim_route *route, const bool *share, int n,
                            const double *values);

/* The node at a route, or NULL when the tree has no such node. */
spsim_ynode *spsim_route_node(spsim_ynode *root, const spsim_route *route);

/* Merges the fragments named by the top-level `include` of `root` (paths relative to `path`,
 * the file root was read from) into root and removes the key; fragments may include others.
 * *texts is every fragment's text, each after a comment line naming its file (NULL when none;
 * the caller frees it), so the output keeps everything the scenario was read from. Returns the
 * number of errors, or -1 when memory runs out. */
int spsim_include_merge(spsim_ynode *root, const char *path, spsim_diagnostics *diags,
                        char **texts);

/* The parameters of `kind` (beta, gamma, lognormal or normal) whose central `coverage`
 * interval is [low, high]; false when none has it. */
bool spsim_dist_fit_interval(spsim_dist_kind kind, double low, double high, double coverage,
                             double p[3]);

/* Reads the distribution mapping `map` of the value at dotted path `key` into out's dist,
 * calibrate, source, note and written text (the truncation bounds are left to the caller).
 * Returns the number of errors. */
int spsim_dist_read(const spsim_ynode *map, const char *key, spsim_diagnostics *diags,
                    spsim_uncertain_key *out);

/* The registry entry a dotted value path belongs to, with how many of its segments the entry
 * takes; NULL when none. Segments of sequence items are written "[i]". */
const spsim_reg_entry *spsim_entry_of_path(const char *const *seg, int n, int *taken);

#endif
