/* The keys of a mapping level: which the registry allows there, an unknown key with the
 * closest allowed one ("did you mean") or else the whole list, and a key given twice. Also the
 * paths and places that every message of the checker names. */
#include "validate_check.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "validate.h"
#include "ynode_repeats.h"

/* snprintf for paths and message parts: a very long key is cut short, which is harmless. */
void spsim_check_printf(char *out, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, len, fmt, ap);
    va_end(ap);
}

/* ---- names of things, for messages ---- */

void spsim_check_join_path(char *out, const char *a, const char *b)
{
    spsim_check_printf(out, PATH_MAX_LEN, "%s%s%s", a, a[0] ? "." : "", b);
}

void spsim_check_where(const char *shown, char *buf, size_t len)
{
    if (shown[0])
        spsim_check_printf(buf, len, "in '%s'", shown);
    else
        snprintf(buf, len, "at the top level");
}

/* ---- what a level may hold ---- */

/* Adds the first `len` characters of `name` unless already listed. */
static void add_name(const char **names, size_t *lens, int *n, const char *name, size_t len)
{
    for (int i = 0; i < *n; i++)
        if (lens[i] == len && strncmp(names[i], name, len) == 0) return;
    if (*n == MAX_CHILDREN) return;
    names[*n] = name;
    lens[(*n)++] = len;
}

/* The keys allowed at this level, in registry order. Names point into the registry's paths
 * and are only `lens[i]` long (the rest of the path follows). */
int spsim_check_child_names(level lv, const char **names, size_t *lens)
{
    int n = 0;
    size_t plen = strlen(lv.reg_prefix);
    for (int i = 0; i < spsim_registry_count(); i++) {
        const spsim_reg_entry *e = spsim_registry_at(i);
        const char *rest = e->path;
        if (lv.per_locality_only && !e->per_locality) continue;
        if (lv.in_arm && !e->per_arm) continue;
        if (lv.in_arm && plen == 0 && strncmp(rest, "arms.NAME.", 10) == 0)
            rest += 10; /* an arm's own keys (its description) */
        else if (plen && (strncmp(rest, lv.reg_prefix, plen) != 0 || rest[plen] != '.'))
            continue;
        else if (plen)
            rest += plen + 1;
        else if (strncmp(rest, "arms.", 5) == 0)
            continue; /* "arms" itself is listed; its inner keys belong to arms */
        add_name(names, lens, &n, rest, strcspn(rest, "."));
    }
    return n;
}

void spsim_check_join_names(const char *const *names, const size_t *lens, int n, char *buf,
                            size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && used < len; i++)
        used += (size_t)snprintf(buf + used, len - used, "%s%.*s", i ? ", " : "", (int)lens[i],
                                 names[i]);
}

/* ---- unknown and repeated keys ---- */

static size_t common_prefix(const char *a, const char *b, size_t blen)
{
    size_t i = 0;
    while (i < blen && a[i] && a[i] == b[i]) i++;
    return i;
}

/* The closest allowed key within edit distance 2, else the one sharing the longest prefix of
 * at least 5 characters; -1 when none is close. */
static int suggestion(const char *key, const char *const *names, const size_t *lens, int n)
{
    int best = -1, best_dist = 3;
    size_t best_prefix = 4;
    for (int i = 0; i < n; i++) {
        char name[PATH_MAX_LEN];
        spsim_check_printf(name, sizeof name, "%.*s", (int)lens[i], names[i]);
        int dist = spsim_edit_distance(key, name);
        if (dist < best_dist && dist < (int)strlen(key)) {
            best = i;
            best_dist = dist;
        }
    }
    if (best >= 0) return best;
    for (int i = 0; i < n; i++) {
        size_t p = common_prefix(key, names[i], lens[i]);
        if (p > best_prefix) {
            best = i;
            best_prefix = p;
        }
    }
    return best;
}

void spsim_check_unknown_key(checker *ck, const spsim_ynode *key, const char *shown,
                             const char *const *names, const size_t *lens, int n)
{
    if (!spsim_diag_shown(ck->d, key->line, key->column)) { /* counted; not worth a suggestion */
        spsim_diag_error(ck->d, key->line, key->column, "unknown key '%s'", key->text);
        return;
    }
    char where[PATH_MAX_LEN + 16], allowed[400];
    spsim_check_where(shown, where, sizeof where);
    int s = suggestion(key->text, names, lens, n);
    if (s >= 0) {
        spsim_diag_error(ck->d, key->line, key->column,
                         "unknown key '%s' %s; did you mean "
                         "'%.*s'?",
                         key->text, where, (int)lens[s], names[s]);
        return;
    }
    spsim_check_join_names(names, lens, n, allowed, sizeof allowed);
    spsim_diag_error(ck->d, key->line, key->column, "unknown key '%s' %s (allowed: %s)", key->text,
                     where, allowed);
}

int *spsim_check_duplicates(checker *ck, const spsim_ynode *map, const char *shown)
{
    int *first = spsim_ynode_repeats(map);
    if (!first) {
        spsim_diag_error(ck->d, map->line, map->column,
                         "out of memory while looking for duplicate keys in '%s'", shown);
        return NULL;
    }
    char where[PATH_MAX_LEN + 16];
    spsim_check_where(shown, where, sizeof where);
    for (int i = 0; map->kind == SPSIM_YNODE_MAPPING && i < map->n; i++) {
        if (first[i] < 0) continue;
        const spsim_ynode *key = map->pairs[i].key;
        spsim_diag_error(ck->d, key->line, key->column,
                         "duplicate key '%s' %s, first given at "
                         "line %d (allowed: each key once)",
                         key->text, where, map->pairs[first[i]].key->line % SPSIM_DIAG_LINE_BASE);
    }
    return first;
}
