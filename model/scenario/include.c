/* `include:` at the top of a scenario: YAML fragments (generated plans, fitted values) merged
 * into the scenario by key. Mappings merge key by key, all the way down; any other value in a
 * fragment, and a distribution, replaces the one written in the including file, because a
 * fragment is there to override. Fragments are read in the order listed (a later one wins) and
 * may include others, up to SPSIM_INCLUDE_DEPTH levels, never in a cycle. A fragment's nodes
 * carry its own line base (diagnostics.h), so every problem in it names its own file. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diagnostics.h"
#include "uncertainty_state.h"
#include "values.h"
#include "ynode_repeats.h"

enum {
    MAX_FRAGMENT_BYTES = 16 << 20
}; /* as for a scenario file */

typedef struct {
    spsim_diagnostics *d;
    char chain[SPSIM_INCLUDE_DEPTH + 1][PATH_MAX]; /* real paths of the files being read */
    int depth;
    int errors;
    bool out_of_memory;
    char *texts; /* every fragment read, each after a line naming it: for the output */
    size_t texts_len;
} includer;

static int merge_includes(includer *in, spsim_ynode *root, const char *path);

/* `name` read from the folder of `from`, unless it is absolute. */
static void relative_to(const char *from, const char *name, char *out, size_t len)
{
    const char *slash = strrchr(from, '/');
    if (name[0] == '/' || !slash)
        snprintf(out, len, "%s", name);
    else
        snprintf(out, len, "%.*s/%s", (int)(slash - from), from, name);
}

/* Keeps the fragment's text after a comment line that names it. */
static void keep_text(includer *in, const char *path, const char *text, size_t len)
{
    char head[PATH_MAX + 64];
    int n = snprintf(head, sizeof head, "\n# ---- included file %s ----\n", path);
    size_t add = (size_t)(n > 0 ? n : 0) + len;
    char *grown = realloc(in->texts, in->texts_len + add + 1);
    if (!grown) {
        in->out_of_memory = true;
        return;
    }
    memcpy(grown + in->texts_len, head, add - len);
    memcpy(grown + in->texts_len + add - len, text, len);
    in->texts_len += add;
    grown[in->texts_len] = '\0';
    in->texts = grown;
}

/* ---- merging ---- */

static bool is_distribution(const spsim_ynode *node)
{
    return node->kind == SPSIM_YNODE_MAPPING &&
           (spsim_ynode_get(node, "dist") || spsim_ynode_get(node, "calibrate"));
}

static bool merges(const spsim_ynode *a, const spsim_ynode *b)
{
    return a->kind == SPSIM_YNODE_MAPPING && b->kind == SPSIM_YNODE_MAPPING &&
           !is_distribution(a) && !is_distribution(b);
}

typedef struct {
    const char *text;
    int index;
} key_at;

static int by_text_then_index(const void *pa, const void *pb)
{
    const key_at *a = pa, *b = pb;
    int c = strcmp(a->text, b->text);
    return c ? c : (a->index > b->index) - (a->index < b->index);
}

static int by_text(const void *pa, const void *pb)
{
    return strcmp(((const key_at *)pa)->text, ((const key_at *)pb)->text);
}

/* The first pair of `into` with this key, found in its keys sorted by (text, index). */
static spsim_ypair *first_with_key(spsim_ynode *into, const key_at *sorted, int n, const char *key)
{
    key_at probe = {key, 0};
    const key_at *hit = n ? bsearch(&probe, sorted, (size_t)n, sizeof *sorted, by_text) : NULL;
    while (hit && hit > sorted && strcmp(hit[-1].text, key) == 0) hit--;
    return hit ? &into->pairs[hit->index] : NULL;
}

/* Moves every pair of `from` into `into`; `from` is left with no pairs. The keys of `into` are
 * sorted once, so merging costs n log n however many keys either side holds. */
static int merge_into(spsim_ynode *into, spsim_ynode *from)
{
    int n_into = into->n;
    key_at *sorted = malloc((size_t)(n_into > 0 ? n_into : 1) * sizeof *sorted);
    spsim_ypair *grown = realloc(into->pairs, (size_t)(into->n + from->n + 1) * sizeof *grown);
    if (grown) into->pairs = grown;
    if (!sorted || !grown) {
        free(sorted);
        return -1;
    }
    for (int j = 0; j < n_into; j++) sorted[j] = (key_at){into->pairs[j].key->text, j};
    qsort(sorted, (size_t)n_into, sizeof *sorted, by_text_then_index);
    int failed = 0;
    for (int i = 0; i < from->n && !failed; i++) {
        spsim_ypair *p = &from->pairs[i];
        spsim_ypair *have = first_with_key(into, sorted, n_into, p->key->text);
        if (have && merges(have->value, p->value)) {
            failed = merge_into(have->value, p->value);
            continue;
        }
        if (have) { /* the fragment's value replaces the one written before */
            spsim_ynode_free(have->value);
            have->value = p->value;
            spsim_ynode_free(p->key);
        } else {
            into->pairs[into->n++] = *p; /* room was made above */
        }
        p->key = p->value = NULL;
    }
    free(sorted);
    return failed;
}

/* A key given twice in one mapping of a fragment, anywhere in it: merging would keep only the
 * last, so it is reported here, before the checks that would otherwise catch it. */
static void report_duplicates(includer *in, const spsim_ynode *node)
{
    if (node->kind == SPSIM_YNODE_SEQUENCE)
        for (int i = 0; i < node->n; i++) report_duplicates(in, node->items[i]);
    if (node->kind != SPSIM_YNODE_MAPPING) return;
    int *repeats = spsim_ynode_repeats(node); /* sorted once: n log n for any size */
    if (!repeats) {
        in->out_of_memory = true;
        return;
    }
    for (int i = 0; i < node->n; i++) {
        const spsim_ynode *key = node->pairs[i].key;
        int j = repeats[i];
        if (j >= 0) {
            spsim_diag_error(in->d, key->line, key->column,
                             "duplicate key '%s' in an included file, first given at line %d "
                             "(allowed: each key once)",
                             key->text, node->pairs[j].key->line % SPSIM_DIAG_LINE_BASE);
            in->errors++;
        }
        report_duplicates(in, node->pairs[i].value);
    }
    free(repeats);
}

/* ---- one fragment ---- */

static bool in_chain(const includer *in, const char *real)
{
    for (int i = 0; i <= in->depth; i++)
        if (strcmp(in->chain[i], real) == 0) return true;
    return false;
}

/* Reads, checks and merges the fragment named by scalar `name` of the file at `from`. */
static void include_one(includer *in, spsim_ynode *root, const spsim_ynode *name, const char *from)
{
    char path[PATH_MAX + 1024], real[PATH_MAX];
    relative_to(from, name->text, path, sizeof path);
    size_t len = 0;
    int err = 0;
    char *text = spsim_read_text_file(path, MAX_FRAGMENT_BYTES, &len, &err);
    if (!text || !realpath(path, real)) {
        spsim_diag_error(in->d, name->line, name->column,
                         "cannot read included file '%s': %s (allowed: a readable YAML file; a "
                         "relative path is read from the including file's folder)",
                         name->text, strerror(err ? err : errno));
        in->errors++;
        free(text);
        return;
    }
    if (in_chain(in, real)) {
        spsim_diag_error(in->d, name->line, name->column,
                         "include cycle: '%s' is already being read (allowed: fragments that do "
                         "not include one another in a cycle)",
                         name->text);
        in->errors++;
    } else if (in->depth == SPSIM_INCLUDE_DEPTH) {
        spsim_diag_error(in->d, name->line, name->column,
                         "'%s' would be included %d levels deep (allowed: at most %d levels of "
                         "include)",
                         name->text, in->depth + 1, SPSIM_INCLUDE_DEPTH);
        in->errors++;
    } else {
        int base = spsim_diagnostics_add_file(in->d, path);
        bool ok = false;
        spsim_ynode *frag = base < 0 ? NULL : spsim_yaml_parse_at(text, len, base, in->d, &ok);
        if (base < 0) {
            spsim_diag_error(in->d, name->line, name->column,
                             "'%s' is one included file too many (allowed: at most %d)", name->text,
                             SPSIM_DIAG_MAX_FILES);
            in->errors++;
        } else if (!ok) {
            in->errors++;
        } else if (frag && frag->kind != SPSIM_YNODE_MAPPING) {
            char got[96];
            spsim_value_describe(frag, got, sizeof got);
            spsim_diag_error(in->d, frag->line, frag->column,
                             "the included file holds %s (allowed: a mapping of scenario keys, "
                             "merged into the scenario by key)",
                             got);
            in->errors++;
        } else if (frag) {
            keep_text(in, path, text, len);
            report_duplicates(in, frag);
            in->depth++;
            snprintf(in->chain[in->depth], sizeof in->chain[0], "%s", real);
            merge_includes(in, frag, path);
            in->depth--;
            if (merge_into(root, frag) != 0) in->out_of_memory = true;
        }
        spsim_ynode_free(frag);
    }
    free(text);
}

static int merge_includes(includer *in, spsim_ynode *root, const char *path)
{
    spsim_ynode *list = spsim_ynode_take(root, "include");
    if (!list || spsim_ynode_is_null(list)) {
        spsim_ynode_free(list);
        return 0;
    }
    bool one = list->kind != SPSIM_YNODE_SEQUENCE; /* a path, or a wrong type reported below */
    for (int i = 0; i < (one ? 1 : list->n); i++) {
        const spsim_ynode *name = one ? list : list->items[i];
        if (name->kind != SPSIM_YNODE_SCALAR || name->text[0] == '\0') {
            char got[96];
            spsim_value_describe(name, got, sizeof got);
            spsim_diag_error(in->d, name->line, name->column,
                             "wrong type for 'include': %s is not a path (allowed: a path or a "
                             "list of paths to YAML fragments)",
                             got);
            in->errors++;
            break;
        }
        include_one(in, root, name, path);
    }
    spsim_ynode_free(list);
    return 0;
}

int spsim_include_merge(spsim_ynode *root, const char *path, spsim_diagnostics *diags, char **texts)
{
    includer in = {.d = diags};
    if (!realpath(path, in.chain[0])) snprintf(in.chain[0], sizeof in.chain[0], "%s", path);
    merge_includes(&in, root, path);
    *texts = in.texts;
    if (in.out_of_memory) {
        spsim_diag_error(diags, 0, 0, "out of memory while merging included files");
        return -1;
    }
    return in.errors;
}
