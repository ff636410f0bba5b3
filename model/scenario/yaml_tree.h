/* A scenario file as a small tree of YAML nodes that remember where they came from.
 *
 * libyaml's events are folded into scalars, mappings (ordered pairs, duplicates kept so the
 * checker can name both lines) and sequences. Lines and columns are 1-based. */
#ifndef SPSIM_YAML_TREE_H
#define SPSIM_YAML_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include "scenario.h"

typedef enum {
    SPSIM_YNODE_SCALAR,
    SPSIM_YNODE_MAPPING,
    SPSIM_YNODE_SEQUENCE
} spsim_ynode_kind;

typedef struct spsim_ynode spsim_ynode;

typedef struct {
    spsim_ynode *key; /* always a scalar */
    spsim_ynode *value;
} spsim_ypair;

struct spsim_ynode {
    spsim_ynode_kind kind;
    int line, column; /* 1-based position of the node's first character */
    char *text;       /* scalar text, NUL-terminated ("" for non-scalars) */
    bool plain;       /* scalar written without quotes (only plain scalars are numbers) */
    int n;            /* pairs in a mapping, items in a sequence */
    spsim_ypair *pairs;
    spsim_ynode **items;
};

enum {
    /* Entries (pairs or items) one mapping or list may hold: the reader refuses the first one
     * more and reads no further, so a hostile file costs little. Far above any list of the
     * scenario format (64 localities, 32 fte steps) and any correlation matrix in use. */
    SPSIM_YAML_MAX_ENTRIES = 10000
};

/* Reads a whole text file of at most max_bytes into a new NUL-terminated buffer. NULL with *err
 * set to the errno of the failure (EFBIG when the file is larger than max_bytes, ENOMEM, EIO). */
char *spsim_read_text_file(const char *path, size_t max_bytes, size_t *len, int *err);

/* Parses one YAML document. Returns the root (NULL for an empty document) and sets *ok; a YAML
 * syntax error, an alias or a second document is added to `diags` and sets *ok to false. */
spsim_ynode *spsim_yaml_parse(const char *text, size_t len, spsim_diagnostics *diags, bool *ok);
/* The same, with `line_base` added to every line (an included fragment's: diagnostics.h). */
spsim_ynode *spsim_yaml_parse_at(const char *text, size_t len, int line_base,
                                 spsim_diagnostics *diags, bool *ok);
void spsim_ynode_free(spsim_ynode *node);
/* A deep copy, or NULL when memory runs out. */
spsim_ynode *spsim_ynode_copy(const spsim_ynode *node);

/* The value of the first pair with this key, or NULL (also when `map` is not a mapping). */
const spsim_ynode *spsim_ynode_get(const spsim_ynode *map, const char *key);
/* Follows a dotted path of mapping keys ("localities.Mendip.link_workers.fte"). */
const spsim_ynode *spsim_ynode_find(const spsim_ynode *root, const char *dotted_path);
/* Removes the first pair with this key from a mapping and returns its value, now the caller's to
 * free (NULL when there is none, or `map` is not a mapping). */
spsim_ynode *spsim_ynode_take(spsim_ynode *map, const char *key);
/* A plain empty scalar, "~" or "null": a key written with no value. */
bool spsim_ynode_is_null(const spsim_ynode *node);

#endif
