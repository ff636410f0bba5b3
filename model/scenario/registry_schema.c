/* The scenario format as a JSON Schema (draft 2020-12), written from the registry so that an
 * editor can complete and check scenario keys (docs/scenario.schema.json; docs/scenarios.md,
 * "Editors"). The schema checks what a schema can: key names, types, ranges, choices and
 * required keys. The rules that join keys (shares summing to 1, a neighbour being a locality,
 * a distribution's mean within range) are left to `spsim validate`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "distribution.h"
#include "params.h"
#include "registry.h"
#include "scenario.h"
#include "yaml_tree.h"

enum {
    MAX_CHILDREN = 96,
    PATH_LEN = 160
};

/* In an arm every key is optional and only the keys an arm may override are allowed. */
typedef enum {
    IN_BASE,
    IN_ARM
} schema_mode;

static void json_string(FILE *out, const char *text)
{
    fputc('"', out);
    for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
        if (*c == '"' || *c == '\\')
            fprintf(out, "\\%c", *c);
        else if (*c == '\n')
            fputs("\\n", out);
        else if (*c < 0x20)
            fprintf(out, "\\u%04x", *c);
        else
            fputc(*c, out);
    }
    fputc('"', out);
}

/* A YAML node of a registry default as JSON: plain numbers and booleans as themselves. */
static void write_ynode_json(FILE *out, const spsim_ynode *n)
{
    if (!n) {
        fputs("null", out);
        return;
    }
    if (n->kind == SPSIM_YNODE_MAPPING || n->kind == SPSIM_YNODE_SEQUENCE) {
        bool map = n->kind == SPSIM_YNODE_MAPPING;
        fputc(map ? '{' : '[', out);
        for (int i = 0; i < n->n; i++) {
            if (i) fputs(", ", out);
            if (map) {
                json_string(out, n->pairs[i].key->text);
                fputs(": ", out);
            }
            write_ynode_json(out, map ? n->pairs[i].value : n->items[i]);
        }
        fputc(map ? '}' : ']', out);
        return;
    }
    char *end;
    (void)strtod(n->text, &end);
    if (n->plain && *n->text && *end == '\0')
        fputs(n->text, out);
    else if (n->plain && (!strcmp(n->text, "true") || !strcmp(n->text, "false")))
        fputs(n->text, out);
    else
        json_string(out, n->text);
}

static void write_default(FILE *out, const spsim_reg_entry *e)
{
    if (!e->default_yaml || e->default_note) return;
    spsim_diagnostics quiet;
    spsim_diagnostics_init(&quiet, "");
    bool ok = false;
    spsim_ynode *root = spsim_yaml_parse(e->default_yaml, strlen(e->default_yaml), &quiet, &ok);
    if (ok && root) {
        fputs(", \"default\": ", out);
        write_ynode_json(out, root);
    }
    spsim_ynode_free(root);
    spsim_diagnostics_free(&quiet);
}

/* "description" with the unit, range, default and source folded in (what an editor shows on
 * hover), and the same as "x-unit" and "x-source" for tools. */
static void write_annotations(FILE *out, const spsim_reg_entry *e)
{
    char text[2400], range[600];
    spsim_registry_range_text(e, range, sizeof range);
    size_t used = (size_t)snprintf(text, sizeof text, "%s", e->description);
    if (strcmp(e->unit, "-") != 0 && used < sizeof text)
        used += (size_t)snprintf(text + used, sizeof text - used, " Unit: %s.", e->unit);
    if (*range && used < sizeof text)
        used += (size_t)snprintf(text + used, sizeof text - used, " Allowed: %s.", range);
    const char *dflt = e->default_note ? e->default_note : e->default_yaml;
    if (used < sizeof text)
        used += (size_t)snprintf(text + used, sizeof text - used, " Default: %s.",
                                 dflt ? dflt : "required");
    if (strcmp(e->source, "-") != 0 && used < sizeof text)
        snprintf(text + used, sizeof text - used, " Source: %s%s", e->source,
                 spsim_registry_is_assumption(e) ? " (an assumption: no published source)" : "");
    fputs("\"description\": ", out);
    json_string(out, text);
    fputs(", \"x-unit\": ", out);
    json_string(out, e->unit);
    fputs(", \"x-source\": ", out);
    json_string(out, e->source);
    if (spsim_registry_is_assumption(e)) fputs(", \"x-assumption\": true", out);
    write_default(out, e);
}

/* A number within [min, max], or the same number written as a distribution. */
static void write_value(FILE *out, double min, double max)
{
    fprintf(out,
            "{\"anyOf\": [{\"type\": \"number\", \"minimum\": %.15g, \"maximum\": %.15g}, "
            "{\"$ref\": \"#/$defs/distribution\"}]}",
            min, max);
}

/* An object with exactly (required) or at most these keys, each a value min..max. */
static void write_keyed_values(FILE *out, const char *const *keys, int n, double min, double max,
                               bool all_required)
{
    fputs("{\"type\": \"object\", \"additionalProperties\": false, \"properties\": {", out);
    for (int i = 0; i < n; i++) {
        fputs(i ? ", " : "", out);
        json_string(out, keys[i]);
        fputs(": ", out);
        write_value(out, min, max);
    }
    fputs("}", out);
    if (all_required) {
        fputs(", \"required\": [", out);
        for (int i = 0; i < n; i++) {
            fputs(i ? ", " : "", out);
            json_string(out, keys[i]);
        }
        fputs("]", out);
    }
    fputs("}", out);
}

/* service -> INNER, every service required; inner written by `inner`. */
static void write_by_service(FILE *out, const spsim_reg_entry *e, int kind)
{
    fputs("\"type\": \"object\", \"additionalProperties\": false, \"required\": [", out);
    for (int s = 0; s < SPSIM_N_SERVICES; s++) {
        fputs(s ? ", " : "", out);
        json_string(out, spsim_service_key[s]);
    }
    fputs("], \"properties\": {", out);
    for (int s = 0; s < SPSIM_N_SERVICES; s++) {
        fputs(s ? ", " : "", out);
        json_string(out, spsim_service_key[s]);
        fputs(": ", out);
        if (kind == SPSIM_REG_SERVICE_NUMBERS)
            write_value(out, e->min, e->max);
        else if (kind == SPSIM_REG_SERVICE_TABLE)
            write_keyed_values(out, e->keys, e->n_keys, e->min, e->max, true);
        else
            write_keyed_values(out, spsim_pert_key, 3, e->min, e->max, true);
    }
    fputs("}", out);
}

static const char name_pattern[] = "^[A-Za-z0-9_-]{1,63}$";

static void write_type(FILE *out, const spsim_reg_entry *e)
{
    switch (e->type) {
    case SPSIM_REG_NAME:
        fprintf(out, "\"type\": \"string\", \"pattern\": \"%s\"", name_pattern);
        break;
    case SPSIM_REG_TEXT: fputs("\"type\": \"string\"", out); break;
    case SPSIM_REG_INTEGER:
        fprintf(out, "\"type\": \"integer\", \"minimum\": %lld, \"maximum\": %lld", e->imin,
                e->imax);
        break;
    case SPSIM_REG_NUMBER:
        fputs("\"allOf\": [", out);
        write_value(out, e->min, e->max);
        fputs("]", out);
        break;
    case SPSIM_REG_BOOL: fputs("\"type\": \"boolean\"", out); break;
    case SPSIM_REG_DATE:
        fputs("\"type\": \"string\", \"pattern\": \"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\"", out);
        break;
    case SPSIM_REG_ENUM:
        fputs("\"enum\": [", out);
        for (int i = 0; i < e->n_keys; i++) {
            fputs(i ? ", " : "", out);
            json_string(out, e->keys[i]);
        }
        fputs("]", out);
        break;
    case SPSIM_REG_SHARES:
    case SPSIM_REG_COUNTS:
    case SPSIM_REG_POPULATION:
        fputs("\"allOf\": [", out);
        write_keyed_values(out, e->keys, e->n_keys, e->min, e->max,
                           e->type == SPSIM_REG_POPULATION);
        fputs("]", out);
        break;
    case SPSIM_REG_SHARES_BY_NEED:
        fputs("\"type\": \"object\", \"additionalProperties\": false, \"properties\": {", out);
        for (int k = 0; k < SPSIM_N_NEEDS; k++) {
            fputs(k ? ", " : "", out);
            json_string(out, spsim_need_key[k]);
            fputs(": ", out);
            write_keyed_values(out, e->keys, e->n_keys, e->min, e->max, false);
        }
        fputs("}", out);
        break;
    case SPSIM_REG_FTE_PLAN:
        fputs("\"anyOf\": [", out);
        write_value(out, e->min, e->max);
        fprintf(out,
                ", {\"type\": \"array\", \"minItems\": %lld, \"maxItems\": %lld, \"items\": "
                "{\"type\": \"object\", \"additionalProperties\": false, \"required\": "
                "[\"from\", \"fte\"], \"properties\": {\"from\": {\"type\": \"string\", "
                "\"pattern\": \"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\"}, \"fte\": ",
                e->imin, e->imax);
        write_value(out, e->min, e->max);
        fputs("}}}]", out);
        break;
    case SPSIM_REG_NAME_LIST:
        fprintf(out,
                "\"type\": \"array\", \"uniqueItems\": true, \"maxItems\": %lld, \"items\": "
                "{\"type\": \"string\", \"pattern\": \"%s\"}",
                e->imax, name_pattern);
        break;
    case SPSIM_REG_SERVICE_NUMBERS:
    case SPSIM_REG_SERVICE_TABLE:
    case SPSIM_REG_SERVICE_PERT: write_by_service(out, e, e->type); break;
    case SPSIM_REG_INCLUDE:
        fputs("\"anyOf\": [{\"type\": \"string\"}, {\"type\": \"array\", \"items\": {\"type\": "
              "\"string\"}}]",
              out);
        break;
    case SPSIM_REG_CORRELATIONS: fputs("\"type\": \"array\"", out); break;
    case SPSIM_REG_NAMED_MAP:
    case SPSIM_REG_MAPPING: fputs("\"type\": \"object\"", out); break;
    }
}

static void write_leaf(FILE *out, const spsim_reg_entry *e)
{
    fputc('{', out);
    write_annotations(out, e);
    fputs(", ", out);
    write_type(out, e);
    fputc('}', out);
}

/* ---- the tree of keys: dotted paths folded into nested objects ---- */

typedef struct {
    char name[MAX_CHILDREN][64];
    int n;
} child_list;

static bool passes(const spsim_reg_entry *e, schema_mode mode)
{
    return mode == IN_BASE || e->per_arm;
}

/* The distinct next parts of the paths under `prefix` ("" for the top level), in registry
 * order, leaving out NAME (the names of a named map) and, in an arm, what an arm cannot set. */
static void children_of(const char *prefix, schema_mode mode, child_list *c)
{
    size_t plen = strlen(prefix);
    c->n = 0;
    for (int i = 0; i < spsim_registry_count(); i++) {
        const spsim_reg_entry *e = spsim_registry_at(i);
        const char *rest = e->path;
        if (plen) {
            if (strncmp(e->path, prefix, plen) != 0 || e->path[plen] != '.') continue;
            rest = e->path + plen + 1;
        }
        if (!passes(e, mode)) continue;
        char part[64];
        snprintf(part, sizeof part, "%.*s", (int)strcspn(rest, "."), rest);
        if (!strcmp(part, "NAME") || (mode == IN_ARM && !plen && !strcmp(part, "arms"))) continue;
        bool seen = false;
        for (int k = 0; k < c->n && !seen; k++) seen = !strcmp(c->name[k], part);
        if (!seen && c->n < MAX_CHILDREN) snprintf(c->name[c->n++], 64, "%s", part);
    }
}

static bool is_required(const spsim_reg_entry *e, schema_mode mode)
{
    return mode == IN_BASE && e && !e->default_yaml && !e->default_note;
}

static void write_node(FILE *out, const char *path, schema_mode mode);
static void write_object(FILE *out, const char *prefix, schema_mode mode);

/* A locality's link_workers or builders: the section's keys marked per locality. */
static void write_local_section(FILE *out, const spsim_reg_entry *e, schema_mode mode)
{
    const char *section = strrchr(e->path, '.') + 1;
    size_t slen = strlen(section);
    fputc('{', out);
    write_annotations(out, e);
    fputs(", \"type\": \"object\", \"additionalProperties\": false, \"properties\": {", out);
    int n = 0;
    for (int i = 0; i < spsim_registry_count(); i++) {
        const spsim_reg_entry *k = spsim_registry_at(i);
        if (!k->per_locality || !passes(k, mode) || strncmp(k->path, section, slen) != 0 ||
            k->path[slen] != '.')
            continue;
        fputs(n++ ? ", " : "", out);
        json_string(out, k->path + slen + 1);
        fputs(": ", out);
        write_leaf(out, k);
    }
    fputs("}}", out);
}

static void write_named_map(FILE *out, const spsim_reg_entry *e, schema_mode mode)
{
    char inner[PATH_LEN];
    snprintf(inner, sizeof inner, "%s.NAME", e->path);
    fputc('{', out);
    write_annotations(out, e);
    fprintf(out, ", \"type\": \"object\", \"propertyNames\": {\"pattern\": \"%s\"}", name_pattern);
    if (mode == IN_BASE)
        fprintf(out, ", \"minProperties\": %lld, \"maxProperties\": %lld", e->imin, e->imax);
    fputs(", \"additionalProperties\": ", out);
    if (!strcmp(e->path, "arms")) {
        /* an arm: its description and any key an arm may override, all optional */
        fputs("{\"type\": \"object\", \"additionalProperties\": false, \"properties\": {", out);
        json_string(out, "description");
        fputs(": ", out);
        write_leaf(out, spsim_registry_find("arms.NAME.description"));
        child_list c;
        children_of("", IN_ARM, &c);
        for (int i = 0; i < c.n; i++) {
            fputs(", ", out);
            json_string(out, c.name[i]);
            fputs(": ", out);
            write_node(out, c.name[i], IN_ARM);
        }
        fputs("}}", out);
    } else {
        write_object(out, inner, mode);
    }
    fputc('}', out);
}

/* The schema of the key at `path`: a leaf, a named map, a locality's section or a section. */
static void write_node(FILE *out, const char *path, schema_mode mode)
{
    const spsim_reg_entry *e = spsim_registry_find(path);
    if (e && e->type == SPSIM_REG_NAMED_MAP)
        write_named_map(out, e, mode);
    else if (e && e->type == SPSIM_REG_MAPPING)
        write_local_section(out, e, mode);
    else if (e)
        write_leaf(out, e);
    else
        write_object(out, path, mode);
}

static void write_properties(FILE *out, const char *prefix, schema_mode mode, const child_list *c)
{
    fputs("\"properties\": {", out);
    for (int i = 0; i < c->n; i++) {
        char path[PATH_LEN];
        snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "." : "", c->name[i]);
        fputs(i ? ",\n" : "\n", out);
        json_string(out, c->name[i]);
        fputs(": ", out);
        write_node(out, path, mode);
    }
    fputs("}", out);
}

static void write_required(FILE *out, const char *prefix, schema_mode mode, const child_list *c)
{
    fputs("\"required\": [", out);
    for (int i = 0, n = 0; i < c->n; i++) {
        char path[PATH_LEN];
        snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "." : "", c->name[i]);
        if (!is_required(spsim_registry_find(path), mode)) continue;
        fputs(n++ ? ", " : "", out);
        json_string(out, c->name[i]);
    }
    fputs("]", out);
}

/* A section ("referral", "localities.NAME"): an object of its keys, no others. */
static void write_object(FILE *out, const char *prefix, schema_mode mode)
{
    child_list c;
    children_of(prefix, mode, &c);
    fputs("{\"type\": \"object\", \"additionalProperties\": false, ", out);
    write_properties(out, prefix, mode, &c);
    fputs(", ", out);
    write_required(out, prefix, mode, &c);
    fputs("}", out);
}

static void write_distribution(FILE *out)
{
    static const char *const numbers[] = {"mean",  "sd",  "min",  "mode",    "max",
                                          "value", "low", "high", "coverage"};
    fputs("\"distribution\": {\"description\": \"A number written as a distribution (docs/"
          "scenarios.md, Values as distributions).\", \"type\": \"object\", "
          "\"additionalProperties\": false, \"required\": [\"dist\"], \"properties\": "
          "{\"dist\": {\"enum\": [",
          out);
    for (int k = 0; k < SPSIM_N_DIST_KINDS; k++) {
        fputs(k ? ", " : "", out);
        json_string(out, spsim_dist_kind_key[k]);
    }
    fputs("]}", out);
    for (size_t i = 0; i < sizeof numbers / sizeof *numbers; i++)
        fprintf(out,
                ", \"%s\": {\"anyOf\": [{\"type\": \"number\"}, {\"$ref\": "
                "\"#/$defs/distribution\"}]}",
                numbers[i]);
    fputs(", \"source\": {\"type\": \"string\"}, \"note\": {\"type\": \"string\"}, "
          "\"calibrate\": {}}}",
          out);
}

void spsim_registry_write_json_schema(FILE *out)
{
    child_list c;
    children_of("", IN_BASE, &c);
    fputs("{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n"
          "\"$id\": \"https://spsim.invalid/scenario.schema.json\",\n"
          "\"title\": \"spsim scenario\",\n"
          "\"description\": \"A scenario of spsim, generated from its parameter registry "
          "(spsim reference --json-schema). spsim validate checks more than this schema can: "
          "shares summing to 1, names that must exist, a distribution's mean within range.\",\n"
          "\"type\": \"object\", \"additionalProperties\": false,\n",
          out);
    write_properties(out, "", IN_BASE, &c);
    /* a file that includes others may leave the required keys to them */
    fputs(",\n\"if\": {\"not\": {\"required\": [\"include\"]}}, \"then\": {", out);
    write_required(out, "", IN_BASE, &c);
    fputs("},\n\"$defs\": {", out);
    write_distribution(out);
    fputs("}}\n", out);
}
