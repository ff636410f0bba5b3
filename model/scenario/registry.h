/* The parameter registry: every key of the scenario format with its type, unit, range, default,
 * description and source. Validation, resolution, the resolved values written to the output and
 * docs/scenarios.md all read this one table, so they cannot disagree.
 *
 * Paths are dotted; "NAME" stands for any locality, arm, funding stream or delivery model name
 * ("localities.NAME.deprivation", "localities.NAME.funding.NAME.kind").
 * Defaults are YAML text, read by the same code that reads a scenario file.
 * `common_random_numbers` is stored negated, as spsim_scenario.independent_arm_streams. */
#ifndef SPSIM_REGISTRY_H
#define SPSIM_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

enum {
    SPSIM_INCLUDE_LEVELS = 4 /* fragments including fragments, at most */
};

typedef enum {
    SPSIM_REG_NAME, /* 1..63 characters of [A-Za-z0-9_-] */
    SPSIM_REG_TEXT, /* any text up to SPSIM_TEXT_MAX - 1 bytes */
    SPSIM_REG_INTEGER,
    SPSIM_REG_NUMBER,
    SPSIM_REG_BOOL,
    SPSIM_REG_DATE, /* YYYY-MM-DD */
    SPSIM_REG_ENUM,
    SPSIM_REG_SHARES,         /* mapping of `keys` to shares 0..1 summing to 1 */
    SPSIM_REG_SHARES_BY_NEED, /* mapping of need -> SHARES of `keys`; a need left out keeps
                                   its row from the layer below (arm > base > default) */
    SPSIM_REG_COUNTS,         /* mapping of `keys` to numbers min..max; keys left out are 0 */
    SPSIM_REG_POPULATION,     /* mapping with exactly the age-band keys, persons */
    SPSIM_REG_FTE_PLAN,       /* a number, or a list of {from: DATE, fte: NUMBER} steps */
    SPSIM_REG_NAMED_MAP,      /* mapping of names to mappings (localities, arms, ...) */
    SPSIM_REG_NAME_LIST,      /* list of locality names, each once (a locality's neighbours);
                               imin..imax names */
    SPSIM_REG_MAPPING,        /* mapping of other registry keys (a locality's link_workers or
                               builders: the section named by the path's last part) */
    /* Health services mapped to values; every service (and every inner key) is required once
     * the key is given, and an arm replaces the whole mapping. */
    SPSIM_REG_SERVICE_NUMBERS, /* service -> number min..max */
    SPSIM_REG_SERVICE_TABLE,   /* service -> mapping of `keys` -> number min..max; stored as
                                    rows of n_keys doubles, one row per service */
    SPSIM_REG_SERVICE_PERT,    /* service -> {min, mode, max}, each min..max, min <= mode <=
                                    max, min < max; stored as spsim_pert per service */
    /* Read and removed before the checks (scenario.c), so listed for the reference only. */
    SPSIM_REG_INCLUDE,      /* a path or a list of paths to YAML fragments */
    SPSIM_REG_CORRELATIONS, /* a list of correlated groups of uncertain keys */
} spsim_reg_type;

/* Where a resolved value is stored. */
typedef enum {
    SPSIM_TARGET_NONE,            /* structure only */
    SPSIM_TARGET_SCENARIO,        /* spsim_scenario, same for every arm */
    SPSIM_TARGET_ARM,             /* spsim_arm_params */
    SPSIM_TARGET_LOCALITY,        /* spsim_locality */
    SPSIM_TARGET_LINK_WORKERS,    /* spsim_staff_plan link_workers of each locality */
    SPSIM_TARGET_BUILDERS,        /* spsim_staff_plan builders of each locality */
    SPSIM_TARGET_FUNDING,         /* spsim_funding_stream of each locality's streams */
    SPSIM_TARGET_DELIVERY_MODEL,  /* spsim_delivery_model of each of delivery_models */
    SPSIM_TARGET_DELIVERY_CHOICE, /* a delivery model's name, stored as its index in
                                     spsim_delivery_plan (an arm's or each locality's) */
} spsim_reg_target;

typedef struct {
    const char *path;
    spsim_reg_type type;
    const char *unit;         /* "-" when the value has none */
    double min, max;          /* numbers, shares, population counts, fte plan values */
    long long imin, imax;     /* integers; entries of a NAMED_MAP; steps of an fte plan */
    const char *default_yaml; /* NULL: required */
    const char *default_note; /* shown in the reference instead of default_yaml, if set */
    const char *description;
    const char *source; /* published source; "Assumption; ..." when there is none */
    bool per_locality;  /* a link_workers or builders key a locality may set itself */
    bool per_arm;       /* an arm may override it */
    spsim_reg_target target;
    size_t offset;           /* of the stored value within the target struct */
    size_t size;             /* of the stored value (text buffers) */
    unsigned funding_kinds;  /* FUNDING: bit k set when streams of kind k take this key */
    const char *const *keys; /* SHARES, POPULATION, ENUM spellings; SERVICE_TABLE columns */
    int n_keys;
} spsim_reg_entry;

int spsim_registry_count(void);
const spsim_reg_entry *spsim_registry_at(int i);
/* The entry with exactly this path (with "NAME" placeholders), or NULL. */
const spsim_reg_entry *spsim_registry_find(const char *path);
/* True when some entry's path starts with `prefix` followed by '.' (a section like "referral"). */
bool spsim_registry_is_section(const char *prefix);

/* Range as shown in messages and the reference: "0.1..50", "1..63 characters of ..." */
void spsim_registry_range_text(const spsim_reg_entry *e, char *buf, size_t len);
/* What a value must look like, for "(allowed: ...)": "a number 0.1..50, years". */
void spsim_registry_allowed_text(const spsim_reg_entry *e, char *buf, size_t len);
const char *spsim_registry_type_name(spsim_reg_type type);
/* True for values with no published source (their source text starts with "Assumption"). */
bool spsim_registry_is_assumption(const spsim_reg_entry *e);
/* What one inner key of a SERVICE_TABLE is called in messages: "age band", "need" or "key". */
const char *spsim_registry_column_noun(const spsim_reg_entry *e);
/* The spellings of a PERT's parts, in spsim_pert order: "min", "mode", "max". */
extern const char *const spsim_pert_key[3];

/* Funding stream keys: the part after "localities.NAME.funding.NAME." ("kind"), whether a stream
 * of `kind` takes the key, and "kind, activity, ..." for the keys a kind takes. */
const char *spsim_registry_stream_leaf(const spsim_reg_entry *e);
/* What the names of a NAMED_MAP entry are: "arm", "locality", "funding stream" or "delivery
 * model"; the plural for counts: "arms", "localities", ... */
const char *spsim_registry_named_noun(const spsim_reg_entry *e);
const char *spsim_registry_named_plural(const spsim_reg_entry *e);
bool spsim_registry_kind_takes(const spsim_reg_entry *e, int kind);
void spsim_registry_kind_keys(int kind, char *buf, size_t len);

#endif
