/* libyaml events -> spsim_ynode tree, with YAML syntax errors reported at libyaml's mark. */
#include "yaml_tree.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "diagnostics.h"

enum {
    MAX_DEPTH = 64 /* deeper than any scenario needs; guards the recursion */
};

typedef struct {
    yaml_parser_t parser;
    spsim_diagnostics *diags;
    const char *text;
    size_t len;
    int line_base; /* added to every line: an included fragment's lines (diagnostics.h) */
    bool failed;
} tree_reader;

static void node_position_from_offset(const tree_reader *r, size_t offset, int *line, int *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < offset && i < r->len; i++) {
        if (r->text[i] == '\n') {
            (*line)++;
            *col = 1;
        } else {
            (*col)++;
        }
    }
}

/* libyaml's marks are 0-based; diagnostics are 1-based. */
static void report_syntax_error(tree_reader *r)
{
    const yaml_parser_t *p = &r->parser;
    int line = (int)p->problem_mark.line + 1, col = (int)p->problem_mark.column + 1;
    if (p->error == YAML_READER_ERROR) node_position_from_offset(r, p->problem_offset, &line, &col);
    line += r->line_base;
    const char *problem = p->problem ? p->problem : "the YAML parser ran out of memory";
    if (p->context)
        spsim_diag_error(r->diags, line, col,
                         "YAML syntax: %s (%s that starts at line %d, "
                         "column %d)",
                         problem, p->context, (int)p->context_mark.line + 1,
                         (int)p->context_mark.column + 1);
    else
        spsim_diag_error(r->diags, line, col, "YAML syntax: %s", problem);
    r->failed = true;
}

static bool next_event(tree_reader *r, yaml_event_t *ev)
{
    if (yaml_parser_parse(&r->parser, ev)) return true;
    report_syntax_error(r);
    return false;
}

static spsim_ynode *node_new(const tree_reader *r, spsim_ynode_kind kind, const yaml_event_t *ev)
{
    spsim_ynode *node = calloc(1, sizeof *node);
    if (!node) return NULL;
    node->kind = kind;
    node->line = r->line_base + (int)ev->start_mark.line + 1;
    node->column = (int)ev->start_mark.column + 1;
    return node;
}

static spsim_ynode *scalar_from_event(const tree_reader *r, const yaml_event_t *ev)
{
    spsim_ynode *node = node_new(r, SPSIM_YNODE_SCALAR, ev);
    if (!node) return NULL;
    size_t n = ev->data.scalar.length;
    node->text = malloc(n + 1);
    if (!node->text) {
        free(node);
        return NULL;
    }
    memcpy(node->text, ev->data.scalar.value, n);
    node->text[n] = '\0';
    node->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    return node;
}

static spsim_ynode *read_node(tree_reader *r, yaml_event_t *first, int depth);

static bool append(void **array, int n, size_t size)
{
    if (n & (n - 1)) /* grow only when n reaches a power of two */
        return true;
    void *grown = realloc(*array, (size_t)(n ? 2 * n : 1) * size);
    if (!grown) return false;
    *array = grown;
    return true;
}

/* Reads children until the closing event; mappings take them two at a time. */
static bool read_children(tree_reader *r, spsim_ynode *parent, yaml_event_type_t end, int depth)
{
    for (;;) {
        yaml_event_t ev;
        if (!next_event(r, &ev)) return false;
        if (ev.type == end) {
            yaml_event_delete(&ev);
            return true;
        }
        if (parent->n == SPSIM_YAML_MAX_ENTRIES) { /* refused here, before reading the rest */
            spsim_diag_error(
                r->diags, r->line_base + (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
                "more than %d entries in one %s (allowed: at most %d; the longest "
                "list a scenario may hold is far shorter)",
                SPSIM_YAML_MAX_ENTRIES, parent->kind == SPSIM_YNODE_SEQUENCE ? "list" : "mapping",
                SPSIM_YAML_MAX_ENTRIES);
            yaml_event_delete(&ev);
            r->failed = true;
            return false;
        }
        spsim_ynode *child = read_node(r, &ev, depth + 1);
        if (!child) return false;
        if (parent->kind == SPSIM_YNODE_SEQUENCE) {
            if (!append((void **)&parent->items, parent->n, sizeof *parent->items)) {
                spsim_ynode_free(child);
                return false;
            }
            parent->items[parent->n++] = child;
            continue;
        }
        if (!append((void **)&parent->pairs, parent->n, sizeof *parent->pairs)) {
            spsim_ynode_free(child);
            return false;
        }
        /* Count the pair before reading its value, so a failure below frees the key too. */
        parent->pairs[parent->n++] = (spsim_ypair){child, NULL};
        if (child->kind != SPSIM_YNODE_SCALAR) {
            spsim_diag_error(r->diags, child->line, child->column,
                             "a mapping key must be plain text (allowed: key: value)");
            r->failed = true;
            return false;
        }
        if (!next_event(r, &ev)) return false;
        spsim_ynode *value = read_node(r, &ev, depth + 1);
        if (!value) return false;
        parent->pairs[parent->n - 1].value = value;
    }
}

/* Builds the node that starts with `first` (consumed here). NULL on any failure. */
static spsim_ynode *read_node(tree_reader *r, yaml_event_t *first, int depth)
{
    spsim_ynode *node = NULL;
    int line = r->line_base + (int)first->start_mark.line + 1;
    int col = (int)first->start_mark.column + 1;
    if (depth > MAX_DEPTH) {
        spsim_diag_error(r->diags, line, col,
                         "nesting deeper than %d levels (allowed: the "
                         "scenario format's own nesting)",
                         MAX_DEPTH);
        r->failed = true;
    } else if (first->type == YAML_SCALAR_EVENT &&
               memchr(first->data.scalar.value, '\0', first->data.scalar.length)) {
        /* An escaped NUL ("\0", "\x00", "\u0000") would silently cut the text short. */
        spsim_diag_error(r->diags, line, col,
                         "the value holds a NUL character, written as an escape such as \\0 "
                         "or \\x00 (allowed: text without NUL characters)");
        r->failed = true;
    } else if (first->type == YAML_SCALAR_EVENT) {
        node = scalar_from_event(r, first);
    } else if (first->type == YAML_ALIAS_EVENT) {
        spsim_diag_error(r->diags, line, col,
                         "YAML alias '*%s' (allowed: values written out in "
                         "full; anchors and aliases are not supported)",
                         (const char *)first->data.alias.anchor);
        r->failed = true;
    } else if (first->type == YAML_MAPPING_START_EVENT ||
               first->type == YAML_SEQUENCE_START_EVENT) {
        bool mapping = first->type == YAML_MAPPING_START_EVENT;
        node = node_new(r, mapping ? SPSIM_YNODE_MAPPING : SPSIM_YNODE_SEQUENCE, first);
        if (node &&
            !read_children(r, node, mapping ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT,
                           depth)) {
            spsim_ynode_free(node);
            node = NULL;
        }
    }
    yaml_event_delete(first);
    if (!node && !r->failed) {
        spsim_diag_error(r->diags, line, col, "out of memory while reading the YAML");
        r->failed = true;
    }
    return node;
}

/* Skips events up to the first document's content; returns false at the end of the stream. */
static bool read_document_start(tree_reader *r, yaml_event_t *ev)
{
    for (;;) {
        if (!next_event(r, ev)) return false;
        if (ev->type == YAML_STREAM_END_EVENT) {
            yaml_event_delete(ev);
            return false;
        }
        if (ev->type != YAML_STREAM_START_EVENT && ev->type != YAML_DOCUMENT_START_EVENT)
            return true;
        yaml_event_delete(ev);
    }
}

static void check_single_document(tree_reader *r)
{
    yaml_event_t ev;
    while (!r->failed && next_event(r, &ev)) {
        yaml_event_type_t type = ev.type;
        if (type == YAML_DOCUMENT_START_EVENT) {
            spsim_diag_error(r->diags, r->line_base + (int)ev.start_mark.line + 1,
                             (int)ev.start_mark.column + 1,
                             "a second YAML document (allowed: one document per scenario file)");
            r->failed = true;
        }
        yaml_event_delete(&ev);
        if (type == YAML_STREAM_END_EVENT) break;
    }
}

spsim_ynode *spsim_yaml_parse(const char *text, size_t len, spsim_diagnostics *diags, bool *ok)
{
    return spsim_yaml_parse_at(text, len, 0, diags, ok);
}

spsim_ynode *spsim_yaml_parse_at(const char *text, size_t len, int line_base,
                                 spsim_diagnostics *diags, bool *ok)
{
    tree_reader r = {.diags = diags, .text = text, .len = len, .line_base = line_base};
    spsim_ynode *root = NULL;
    *ok = false;
    if (!yaml_parser_initialize(&r.parser)) {
        spsim_diag_error(diags, 0, 0, "out of memory while starting the YAML parser");
        return NULL;
    }
    yaml_parser_set_input_string(&r.parser, (const unsigned char *)text, len);
    yaml_event_t ev;
    if (read_document_start(&r, &ev)) {
        root = read_node(&r, &ev, 0);
        check_single_document(&r);
    }
    yaml_parser_delete(&r.parser);
    if (r.failed) {
        spsim_ynode_free(root);
        return NULL;
    }
    *ok = true;
    return root;
}

void spsim_ynode_free(spsim_ynode *node)
{
    if (!node) return;
    for (int i = 0; i < node->n; i++) {
        if (node->kind == SPSIM_YNODE_MAPPING) {
            spsim_ynode_free(node->pairs[i].key);
            spsim_ynode_free(node->pairs[i].value);
        } else {
            spsim_ynode_free(node->items[i]);
        }
    }
    free(node->pairs);
    free(node->items);
    free(node->text);
    free(node);
}

const spsim_ynode *spsim_ynode_get(const spsim_ynode *map, const char *key)
{
    if (!map || map->kind != SPSIM_YNODE_MAPPING) return NULL;
    for (int i = 0; i < map->n; i++)
        if (strcmp(map->pairs[i].key->text, key) == 0) return map->pairs[i].value;
    return NULL;
}

const spsim_ynode *spsim_ynode_find(const spsim_ynode *root, const char *dotted_path)
{
    char part[256];
    const spsim_ynode *node = root;
    const char *p = dotted_path;
    while (node && *p) {
        size_t n = strcspn(p, ".");
        if (n >= sizeof part) return NULL;
        memcpy(part, p, n);
        part[n] = '\0';
        node = spsim_ynode_get(node, part);
        p += n + (p[n] == '.');
    }
    return node;
}

spsim_ynode *spsim_ynode_take(spsim_ynode *map, const char *key)
{
    for (int i = 0; map && map->kind == SPSIM_YNODE_MAPPING && i < map->n; i++) {
        if (strcmp(map->pairs[i].key->text, key) != 0) continue;
        spsim_ynode *value = map->pairs[i].value;
        spsim_ynode_free(map->pairs[i].key);
        memmove(&map->pairs[i], &map->pairs[i + 1], (size_t)(map->n - i - 1) * sizeof *map->pairs);
        map->n--;
        return value;
    }
    return NULL;
}

bool spsim_ynode_is_null(const spsim_ynode *node)
{
    return node && node->kind == SPSIM_YNODE_SCALAR && node->plain &&
           (node->text[0] == '\0' || strcmp(node->text, "~") == 0 ||
            strcmp(node->text, "null") == 0);
}

/* The children of a mapping or a sequence; each is counted as soon as its slot is filled, so
 * a failure part way frees what was copied. */
static bool copy_children(spsim_ynode *copy, const spsim_ynode *node)
{
    if (node->n == 0) return true;
    if (node->kind == SPSIM_YNODE_MAPPING) {
        spsim_ypair *pairs = calloc((size_t)node->n, sizeof *pairs);
        if (!pairs) return false;
        copy->pairs = pairs;
        for (int i = 0; i < node->n; i++) {
            pairs[i].key = spsim_ynode_copy(node->pairs[i].key);
            pairs[i].value = spsim_ynode_copy(node->pairs[i].value);
            copy->n++;
            if (!pairs[i].key || !pairs[i].value) return false;
        }
        return true;
    }
    spsim_ynode **items = calloc((size_t)node->n, sizeof *items);
    if (!items) return false;
    copy->items = items;
    for (int i = 0; i < node->n; i++) {
        items[i] = spsim_ynode_copy(node->items[i]);
        copy->n++;
        if (!items[i]) return false;
    }
    return true;
}

spsim_ynode *spsim_ynode_copy(const spsim_ynode *node)
{
    if (!node) return NULL;
    spsim_ynode *copy = calloc(1, sizeof *copy);
    if (!copy) return NULL;
    copy->kind = node->kind;
    copy->line = node->line;
    copy->column = node->column;
    copy->plain = node->plain;
    size_t len = node->text ? strlen(node->text) + 1 : 0;
    bool ok = !node->text || (copy->text = malloc(len)) != NULL;
    if (ok && node->text) memcpy(copy->text, node->text, len);
    if (ok && node->kind != SPSIM_YNODE_SCALAR) ok = copy_children(copy, node);
    if (!ok) {
        spsim_ynode_free(copy);
        return NULL;
    }
    return copy;
}

char *spsim_read_text_file(const char *path, size_t max_bytes, size_t *len, int *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        *err = errno;
        return NULL;
    }
    char *text = malloc(max_bytes + 1);
    size_t n = text ? fread(text, 1, max_bytes + 1, f) : 0;
    *err = !text ? ENOMEM : ferror(f) ? EIO : n > max_bytes ? EFBIG : 0;
    fclose(f);
    if (*err) {
        free(text);
        return NULL;
    }
    text[n] = '\0';
    *len = n;
    return text;
}
