/* `spsim new NAME --localities PLACES.csv`: writes a starting scenario for a set of places. The
 * places come from the CSV; every other key the registry gives a default is written at that
 * default, with its meaning, unit and source (or ASSUMPTION) as a comment above it, so the file
 * shows a newcomer everything that can be changed and what each value rests on. */
#define _POSIX_C_SOURCE 200809L

#include "new.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "new_places.h"
#include "scenario/registry.h"

static const char usage_new[] =
    "usage: spsim new NAME --localities PLACES.csv [-o NAME.yaml] [--start-date YYYY-MM-DD]\n"
    "                [--force]\n"
    "\n"
    "Writes a valid, commented scenario named NAME for the places in PLACES.csv: one row per\n"
    "locality under a header row naming the columns name, age_0_15, age_16_29, age_30_49,\n"
    "age_50_64, age_65_plus (residents, persons), deprivation (share of residents in England's\n"
    "most deprived 20 % of LSOAs, 0..1) and rurality (share of residents in rural areas, 0..1).\n"
    "Every other key is written at its default with its source as a comment; link workers are\n"
    "staffed by formula (link_workers.fte_per_10000_population).\n"
    "\n"
    "  --localities FILE     the CSV of places (scenarios/places-example.csv is one)\n"
    "  -o, --output FILE     the scenario to write (default: NAME.yaml); never overwritten\n"
    "                        without --force, and written whole or not at all\n"
    "      --start-date D    the first day simulated (default: the next 1 April)\n"
    "      --force           replace FILE if it exists\n"
    "  -h, --help            this help\n";

enum {
    COMMENT_WIDTH = 96,
    MAX_DEPTH = 4
};

typedef struct {
    const char *name, *places_path, *output, *start_date;
    char places_shown[256]; /* the CSV's file name, safe inside a YAML comment and plain text */
    bool force;
    char default_output[1024], default_start[16];
} new_args;

/* ---- comments ---- */

/* "# TEXT" at `indent`, wrapped to COMMENT_WIDTH columns. */
static void write_comment(FILE *out, int indent, const char *text)
{
    int col = 0;
    for (const char *p = text; *p;) {
        while (*p == ' ') p++;
        int word = (int)strcspn(p, " ");
        if (!word) break;
        if (col > 0 && col + 1 + word > COMMENT_WIDTH) {
            fputc('\n', out);
            col = 0;
        }
        if (col == 0) col = fprintf(out, "%*s#", indent, "");
        fprintf(out, " %.*s", word, p);
        col += 1 + word;
        p += word;
    }
    if (col) fputc('\n', out);
}

static void write_key_comment(FILE *out, int indent, const spsim_reg_entry *e)
{
    char text[2400];
    size_t used = (size_t)snprintf(text, sizeof text, "%s", e->description);
    if (strcmp(e->unit, "-") != 0 && used < sizeof text)
        used += (size_t)snprintf(text + used, sizeof text - used, " Unit: %s.", e->unit);
    if (strcmp(e->source, "-") != 0 && used < sizeof text) {
        if (spsim_registry_is_assumption(e))
            snprintf(text + used, sizeof text - used, " ASSUMPTION%s",
                     e->source + strlen("Assumption"));
        else
            snprintf(text + used, sizeof text - used, " Source: %s", e->source);
    }
    write_comment(out, indent, text);
}

/* ---- the keys at their defaults ---- */

/* A key written at its default: it has one, names no locality, arm or stream, is not a section
 * and is not one `spsim new` writes itself. */
static bool written_at_default(const spsim_reg_entry *e)
{
    static const char *const own[] = {"description", "link_workers.allocation", "link_workers.fte"};
    for (size_t i = 0; i < sizeof own / sizeof *own; i++)
        if (!strcmp(e->path, own[i])) return false;
    return e->default_yaml && !e->default_note && !strstr(e->path, "NAME") &&
           e->type != SPSIM_REG_NAMED_MAP && e->type != SPSIM_REG_MAPPING;
}

/* Writes the keys under `prefix` (a section, "" for the top level) in registry order, a nested
 * section where a path goes on; each section once. */
static void write_section(FILE *out, const char *prefix, int depth)
{
    size_t plen = strlen(prefix);
    char done[64][64];
    int n_done = 0;
    for (int i = 0; i < spsim_registry_count(); i++) {
        const spsim_reg_entry *e = spsim_registry_at(i);
        if (!written_at_default(e)) continue;
        if (plen && (strncmp(e->path, prefix, plen) != 0 || e->path[plen] != '.')) continue;
        const char *rest = e->path + (plen ? plen + 1 : 0);
        size_t part = strcspn(rest, ".");
        if (rest[part] == '\0') {
            if (depth == 0) fputc('\n', out);
            write_key_comment(out, 2 * depth, e);
            fprintf(out, "%*s%s: %s\n", 2 * depth, "", rest, e->default_yaml);
            continue;
        }
        char name[64], inner[160];
        snprintf(name, sizeof name, "%.*s", (int)part, rest);
        bool seen = false;
        for (int k = 0; k < n_done && !seen; k++) seen = !strcmp(done[k], name);
        if (seen || n_done == 64 || depth + 1 >= MAX_DEPTH) continue;
        snprintf(done[n_done++], 64, "%s", name);
        snprintf(inner, sizeof inner, "%s%s%s", prefix, plen ? "." : "", name);
        fprintf(out, "%s%*s%s:\n", depth == 0 ? "\n" : "", 2 * depth, "", name);
        if (!strcmp(inner, "link_workers")) {
            fputs(
                "  # Not the default (per_place, which needs each locality's fte plan): a new\n"
                "  # scenario staffs every locality by formula, fte_per_10000_population x its\n"
                "  # population / 10,000 from week 0. For a plan of your own set allocation:\n"
                "  # per_place and give each locality link_workers: {fte: ...} (spsim reference).\n"
                "  allocation: formula\n",
                out);
        }
        write_section(out, inner, depth + 1);
    }
}

/* ---- the places ---- */

static void write_places(FILE *out, const spsim_place_list *list, const char *csv)
{
    fprintf(out, "\n# The places, from %s (one row each).\nlocalities:\n", csv);
    for (int i = 0; i < list->n; i++) {
        const spsim_place *p = &list->places[i];
        double total = 0.0;
        for (int b = 0; b < SPSIM_N_AGE_BANDS; b++) total += p->population[b];
        char key[80];
        snprintf(key, sizeof key, "%s:", p->name);
        fprintf(out, "  %-30s # %s, line %d\n", key, csv, p->line);
        fprintf(out, "    %-28s # residents by age band, persons (%.15g in all)\n",
                "population:", total);
        for (int b = 0; b < SPSIM_N_AGE_BANDS; b++)
            fprintf(out, "      %s: %.15g\n", spsim_age_band_key[b], p->population[b]);
        snprintf(key, sizeof key, "deprivation: %.15g", p->deprivation);
        fprintf(out, "    %-28s # share of residents in England's most deprived 20 %% of LSOAs\n",
                key);
        snprintf(key, sizeof key, "rurality: %.15g", p->rurality);
        fprintf(out, "    %-28s # share of residents in rural areas\n", key);
    }
}

static void write_scenario(FILE *out, const new_args *a, const spsim_place_list *list)
{
    fprintf(out,
            "# %s: a starting scenario written by `spsim new` from %s.\n"
            "#\n"
            "# The places are the CSV's; every other key is at the model's default, with what it\n"
            "# means, its unit and its source in the comment above it. ASSUMPTION marks a value\n"
            "# with no published source: replace it with local evidence where there is any.\n"
            "# Delete a key to keep its default; `spsim reference` lists every key, including\n"
            "# those left out here (arms, delivery models, funding streams, neighbours).\n"
            "# Check with `spsim validate`; run with `spsim run`.\n"
            "\n"
            "name: %s\n"
            "description: >-\n"
            "  Starting scenario for the places in %s; every other value is the model's default.\n"
            "# The first day simulated; fte plan dates are counted from it.\n"
            "start_date: %s\n",
            a->name, a->places_shown, a->name, a->places_shown, a->start_date);
    write_places(out, list, a->places_shown);
    write_section(out, "", 0);
    fputs("\n# One arm named base with no overrides is simulated when `arms` is left out; to "
          "compare options\n# add arms (spsim reference, \"arms\"), e.g.\n"
          "# arms:\n#   base: {}\n#   do_nothing:\n#     commissioning:\n"
          "#       model: do_nothing\n",
          out);
}

/* ---- the command ---- */

/* The next 1 April after today (the start of a financial year). */
static void next_april(char out[16])
{
    time_t now = time(NULL);
    struct tm t;
    gmtime_r(&now, &t);
    int year = t.tm_year + 1900 + (t.tm_mon >= 3);
    snprintf(out, 16, "%04d-04-01", year % 10000);
}

static bool valid_date(const char *d)
{
    int y, m, day;
    char end;
    return strlen(d) == 10 && sscanf(d, "%4d-%2d-%2d%c", &y, &m, &day, &end) == 3 && m >= 1 &&
           m <= 12 && day >= 1 && day <= 31 && d[4] == '-' && d[7] == '-';
}

/* The base name of the CSV with anything but [A-Za-z0-9._-] replaced by '_'. */
static void shown_name(const char *path, char *buf, size_t len)
{
    const char *base = strrchr(path, '/');
    snprintf(buf, len, "%s", base ? base + 1 : path);
    for (char *c = buf; *c; c++)
        if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-", *c))
            *c = '_';
}

static int parse_new_args(int argc, char **argv, new_args *a)
{
    static const struct option options[] = {{"localities", required_argument, 0, 'l'},
                                            {"output", required_argument, 0, 'o'},
                                            {"start-date", required_argument, 0, 's'},
                                            {"force", no_argument, 0, 'f'},
                                            {"help", no_argument, 0, 'h'},
                                            {0, 0, 0, 0}};
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":o:h", options, NULL)) != -1) {
        switch (c) {
        case 'l': a->places_path = optarg; break;
        case 'o': a->output = optarg; break;
        case 's': a->start_date = optarg; break;
        case 'f': a->force = true; break;
        case ':':
            return spsim_cli_usage_error(usage_new, "option '%s' needs a value", argv[optind - 1]);
        default: return spsim_cli_unknown_option(usage_new, options, argv[optind - 1]);
        }
    }
    if (optind < argc) a->name = argv[optind++];
    if (optind < argc)
        return spsim_cli_usage_error(usage_new, "unexpected argument '%s'", argv[optind]);
    if (!a->name) return spsim_cli_usage_error(usage_new, "new needs the scenario's NAME");
    size_t n = strlen(a->name);
    if (n == 0 || n > 63 ||
        strspn(a->name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") != n)
        return spsim_cli_usage_error(usage_new,
                                     "'%s' is not a scenario name (allowed: 1..63 characters of "
                                     "A-Z, a-z, 0-9, '_' and '-')",
                                     a->name);
    if (!a->places_path)
        return spsim_cli_usage_error(usage_new, "new needs --localities PLACES.csv");
    if (a->start_date && !valid_date(a->start_date))
        return spsim_cli_usage_error(usage_new, "--start-date needs YYYY-MM-DD, got '%s'",
                                     a->start_date);
    if (!a->output) {
        snprintf(a->default_output, sizeof a->default_output, "%s.yaml", a->name);
        a->output = a->default_output;
    }
    if (!a->start_date) {
        next_april(a->default_start);
        a->start_date = a->default_start;
    }
    shown_name(a->places_path, a->places_shown, sizeof a->places_shown);
    return 0;
}

/* Writes the scenario beside `output` under a temporary name, then moves it into place: with
 * link(), which fails when `output` exists, unless --force, when rename() replaces it. */
static int write_file(const new_args *a, const spsim_place_list *list)
{
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.tmpXXXXXX", a->output);
    int fd = mkstemp(tmp);
    FILE *out = fd < 0 ? NULL : fdopen(fd, "w");
    if (!out) {
        fprintf(stderr, "spsim: cannot write %s: %s\n", a->output, strerror(errno));
        if (fd >= 0) close(fd), unlink(tmp);
        return SPSIM_EXIT_RUNTIME;
    }
    fchmod(fd, 0644);
    write_scenario(out, a, list);
    bool ok = !ferror(out) && fflush(out) == 0 && fsync(fd) == 0;
    ok &= fclose(out) == 0;
    int moved = !ok ? -1 : a->force ? rename(tmp, a->output) : link(tmp, a->output);
    int saved = errno;
    if (moved != 0 || !a->force) unlink(tmp);
    if (moved == 0) return 0;
    if (ok && saved == EEXIST) {
        fprintf(stderr, "spsim: %s exists; give --force to replace it (nothing written)\n",
                a->output);
        return SPSIM_EXIT_INVALID;
    }
    fprintf(stderr, "spsim: cannot write %s: %s (nothing written)\n", a->output,
            strerror(ok ? saved : EIO));
    return SPSIM_EXIT_RUNTIME;
}

int spsim_cmd_new(int argc, char **argv)
{
    if (spsim_cli_wants_help(argc, argv)) return printf("%s", usage_new), 0;
    new_args a = {0};
    int status = parse_new_args(argc, argv, &a);
    if (status != 0 || !a.output) return status != 0 ? status : SPSIM_EXIT_USAGE;
    if (!a.force && access(a.output, F_OK) == 0) {
        fprintf(stderr, "spsim: %s exists; give --force to replace it (nothing written)\n",
                a.output);
        return SPSIM_EXIT_INVALID;
    }
    spsim_place_list list;
    if (spsim_places_read(a.places_path, &list, stderr) != 0) return SPSIM_EXIT_INVALID;
    status = write_file(&a, &list);
    if (status == 0)
        fprintf(stderr, "spsim: wrote %s (%d localities); check it with spsim validate %s\n",
                a.output, list.n, a.output);
    spsim_places_free(&list);
    return status;
}
