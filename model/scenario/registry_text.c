/* The scenario format reference for a terminal: each key on its own line, then its type, range,
 * unit, default, description and source under aligned labels, wrapped to a width (spsim
 * reference; the Markdown form, registry_doc.c, is the one docs/scenarios.md holds). */
#include <stdio.h>
#include <string.h>

#include "registry.h"
#include "scenario.h"

enum {
    LABEL_INDENT = 2,
    TEXT_INDENT = 12, /* where a label's text starts: "  default   " */
    MIN_WIDTH = 40    /* narrower than this, the labels leave no room for text */
};

/* Writes `text` from column `col` (0-based, already reached) to at most `width` columns,
 * breaking at spaces and starting continuation lines at `indent`; a word longer than a whole
 * line is written on its own line unbroken. Ends with a newline. */
static void write_wrapped(FILE *out, const char *text, int col, int indent, int width)
{
    const char *p = text;
    bool line_empty = true;
    while (*p) {
        while (*p == ' ') p++;
        if (!*p) break;
        int word = (int)strcspn(p, " ");
        if (!line_empty && col + 1 + word > width) {
            fprintf(out, "\n%*s", indent, "");
            col = indent;
            line_empty = true;
        }
        if (!line_empty) {
            fputc(' ', out);
            col++;
        }
        fwrite(p, 1, (size_t)word, out);
        col += word;
        p += word;
        line_empty = false;
    }
    fputc('\n', out);
}

static void write_field(FILE *out, const char *label, const char *text, int width)
{
    if (!text || !*text) return;
    fprintf(out, "%*s%-*s", LABEL_INDENT, "", TEXT_INDENT - LABEL_INDENT, label);
    write_wrapped(out, text, TEXT_INDENT, TEXT_INDENT, width);
}

static void write_key(FILE *out, const spsim_reg_entry *e, int width)
{
    char text[1200], range[600];
    fprintf(out, "\n%s\n", e->path);
    spsim_registry_range_text(e, range, sizeof range);
    bool has_range = *range && strcmp(range, "-") != 0;
    snprintf(text, sizeof text, "%s%s%s", spsim_registry_type_name(e->type), has_range ? ", " : "",
             has_range ? range : "");
    write_field(out, "type", text, width);
    if (strcmp(e->unit, "-") != 0) write_field(out, "unit", e->unit, width);
    write_field(out, "default",
                e->default_note   ? e->default_note
                : e->default_yaml ? e->default_yaml
                                  : "required",
                width);
    write_field(out, "what", e->description, width);
    if (strcmp(e->source, "-") != 0) {
        if (spsim_registry_is_assumption(e))
            snprintf(text, sizeof text, "ASSUMPTION%s", e->source + strlen("Assumption"));
        else
            snprintf(text, sizeof text, "%s", e->source);
        write_field(out, "source", text, width);
    }
    bool arm = e->per_arm && strncmp(e->path, "arms.", 5) != 0;
    if (arm || e->per_locality) {
        size_t n = strcspn(e->path, ".");
        snprintf(text, sizeof text, "%s%s%s%.*s", arm ? "an arm may override it" : "",
                 arm && e->per_locality ? "; " : "",
                 e->per_locality ? "a locality may set its own, under localities.NAME." : "",
                 e->per_locality ? (int)n : 0, e->path);
        write_field(out, "scope", text, width);
    }
}

void spsim_registry_write_text(FILE *out, int width)
{
    if (width < MIN_WIDTH) width = MIN_WIDTH;
    write_wrapped(out,
                  "The scenario format, key by key: type and allowed range, unit, default (or "
                  "required), what it means and its source. ASSUMPTION marks a value with no "
                  "published source, to be replaced by local evidence where there is any. NAME "
                  "stands for a locality, arm, funding stream or delivery model name. "
                  "docs/scenarios.md has the same reference as tables (spsim reference "
                  "--markdown).",
                  0, 0, width);
    char section[64] = "";
    for (int i = 0; i < spsim_registry_count(); i++) {
        const spsim_reg_entry *e = spsim_registry_at(i);
        char now[64];
        size_t n = strcspn(e->path, ".");
        snprintf(now, sizeof now, "%.*s", (int)(e->path[n] ? n : 0), e->path);
        if (strcmp(now, section) != 0 || i == 0) {
            fprintf(out, "\n== %s ==\n", *now ? now : "top level");
            snprintf(section, sizeof section, "%s", now);
        }
        write_key(out, e, width);
    }
}
