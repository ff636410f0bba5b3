/* Internals shared by the files that check a scenario tree against the registry (validate.c:
 * the walk over mapping levels, required keys and what an arm or a locality may not set;
 * validate_keys.c: the keys a level may hold, unknown keys with "did you mean" and duplicates;
 * validate_values.c: one value by its registry type, with unit slips; validate_numbers.c:
 * mappings of numbers by key, by service and by need; validate_lists.c: fte plans and lists of
 * locality names). Not part of the program's interface.
 *
 * `shown` is always the path of the node as the user wrote it ("localities.Mendip.population"),
 * for messages; every problem is added to the checker's diagnostics and checking goes on. */
#ifndef SPSIM_VALIDATE_CHECK_H
#define SPSIM_VALIDATE_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "diagnostics.h"
#include "registry.h"
#include "values.h"
#include "yaml_tree.h"

enum {
    MAX_CHILDREN = 64,
    PATH_MAX_LEN = 256
};

typedef struct {
    spsim_diagnostics *d;
    const spsim_ynode *base_localities; /* the scenario's own `localities` mapping */
    bool over_limit; /* a named mapping or list longer than the registry allows was refused */
} checker;

/* One mapping level of the file and the registry keys it may hold. */
typedef struct {
    const char *reg_prefix;   /* "" (top or arm), "referral", "localities.NAME", ... */
    bool in_arm;              /* overrides only: nothing required, some keys refused */
    bool per_locality_only;   /* a locality's link_workers or builders: reg_prefix is the
                                     section, "link_workers" or "builders" */
    bool stream;              /* a funding stream: what it requires depends on its kind and
                                     is checked once the arm is merged (validate_merged.c) */
    const char *arm;          /* the arm's name, inside an arm */
    const spsim_ynode *owner; /* the key that holds this mapping (NULL at the top) */
} level;

/* ---- validate_keys.c: names of things and keys ---- */

/* snprintf for paths and message parts: a very long key is cut short, which is harmless. */
void spsim_check_printf(char *out, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* "a.b" from a and b, or b alone at the top; `out` holds PATH_MAX_LEN bytes. */
void spsim_check_join_path(char *out, const char *a, const char *b);

/* "in 'shown'", or "at the top level". */
void spsim_check_where(const char *shown, char *buf, size_t len);

/* The keys allowed at this level, in registry order. Names point into the registry's paths
 * and are only `lens[i]` long (the rest of the path follows); both hold MAX_CHILDREN. */
int spsim_check_child_names(level lv, const char **names, size_t *lens);

/* "a, b, c" from n names of the given lengths. */
void spsim_check_join_names(const char *const *names, const size_t *lens, int n, char *buf,
                            size_t len);

/* An unknown key, with the closest of the n allowed names or else all of them. */
void spsim_check_unknown_key(checker *ck, const spsim_ynode *key, const char *shown,
                             const char *const *names, const size_t *lens, int n);

/* Reports every key of a mapping given twice (or more), sorting rather than comparing pairs.
 * Returns spsim_ynode_repeats(map) for the caller to skip the repeats and free; NULL (reported)
 * when memory runs out. */
int *spsim_check_duplicates(checker *ck, const spsim_ynode *map, const char *shown);
/* True when pair i is not to be checked: it repeats an earlier key, or the repeats are unknown. */
static inline bool spsim_check_is_repeat(const int *repeats, int i)
{
    return !repeats || repeats[i] >= 0;
}

/* ---- validate_values.c: one value ---- */

/* "wrong type for 'shown': <what it is> is not <noun> (allowed: <allowed>)". */
void spsim_check_wrong_type(checker *ck, const spsim_ynode *node, const char *shown,
                            const char *noun, const char *allowed);

/* The same, with the noun of the entry's type and its allowed text from the registry. */
void spsim_check_wrong_entry_type(checker *ck, const spsim_reg_entry *e, const spsim_ynode *node,
                                  const char *shown);

/* "a number 0..1, share": the allowed text of one number of an entry (also inside mappings). */
void spsim_check_number_allowed(const spsim_reg_entry *e, char *buf, size_t len);

/* A number in [min, max]; returns false (after reporting) when it is not. */
bool spsim_check_number(checker *ck, const spsim_reg_entry *e, const spsim_ynode *node,
                        const char *shown, double *out);

/* A real date YYYY-MM-DD in 2000-01-01..2100-12-31; returns false (after reporting) when it is
 * not. */
bool spsim_check_date(checker *ck, const spsim_reg_entry *e, const spsim_ynode *node,
                      const char *shown, spsim_date *out);

/* The value `node` of key `key` against entry e's type; mappings of mappings (NAMED_MAP,
 * MAPPING) are levels and are not checked here. */
void spsim_check_leaf(checker *ck, const spsim_reg_entry *e, const spsim_ynode *key,
                      const spsim_ynode *node, const char *shown);

/* ---- validate_numbers.c: mappings of numbers ---- */

/* SHARES, COUNTS, POPULATION, SERVICE_NUMBERS and each row of SHARES_BY_NEED, SERVICE_TABLE and
 * SERVICE_PERT: a mapping of the entry's keys to numbers. `required` is NULL when keys may be
 * left out, else every key is required and it is the reason, added to the message ("" for
 * none). Returns true when every number is given and valid. */
bool spsim_check_keyed_numbers(checker *ck, const spsim_reg_entry *e, const spsim_ynode *key,
                               const spsim_ynode *node, const char *shown, const char *required);

/* SERVICE_NUMBERS: a number for every service. */
void spsim_check_service_numbers(checker *ck, const spsim_reg_entry *e, const spsim_ynode *key,
                                 const spsim_ynode *node, const char *shown);

/* SERVICE_TABLE and SERVICE_PERT: every service mapped to a mapping of numbers. */
void spsim_check_service_rows(checker *ck, const spsim_reg_entry *e, const spsim_ynode *key,
                              const spsim_ynode *node, const char *shown);

/* SHARES_BY_NEED: needs mapped to rows, each row a SHARES mapping of the entry's keys. */
void spsim_check_shares_by_need(checker *ck, const spsim_reg_entry *e, const spsim_ynode *node,
                                const char *shown);

/* ---- validate_lists.c: sequences ---- */

/* An fte plan: one number, or steps {from: DATE, fte: NUMBER} with strictly increasing dates. */
void spsim_check_fte_plan(checker *ck, const spsim_reg_entry *e, const spsim_ynode *node,
                          const char *shown);

/* A list of locality names, each a valid name and none twice. */
void spsim_check_name_list(checker *ck, const spsim_reg_entry *e, const spsim_ynode *node,
                           const char *shown);

#endif
