/* `spsim reference`: the registry written for people (wrapped to the terminal), for the
 * documentation (Markdown: docs/scenarios.md) or for editors (a JSON Schema). */
#include "reference.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "args.h"
#include "scenario/scenario.h"
#include "scenario/suggest.h"

static const char usage_reference[] =
    "usage: spsim reference [--markdown | --json-schema]\n"
    "\n"
    "Prints the key-by-key reference of the scenario format: every key with its type, range,\n"
    "unit, default, meaning and source, wrapped to the terminal's width (COLUMNS when set,\n"
    "100 columns when not a terminal).\n"
    "\n"
    "  --markdown      the same as Markdown tables (docs/scenarios.md is made from it)\n"
    "  --json-schema   a JSON Schema of the scenario format for editors\n"
    "                  (docs/scenario.schema.json is made from it)\n";

enum {
    DEFAULT_WIDTH = 100,
    MAX_WIDTH = 400
};

/* COLUMNS when it is a width, else the terminal's, else 100. */
static int output_width(void)
{
    const char *columns = getenv("COLUMNS");
    long long w;
    if (columns && spsim_cli_parse_count(columns, 1, MAX_WIDTH, &w)) return (int)w;
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return DEFAULT_WIDTH;
}

int spsim_cmd_reference(int argc, char **argv)
{
    static const char *const forms[] = {"--markdown", "--json-schema"};
    if (spsim_cli_wants_help(argc, argv)) return printf("%s", usage_reference), 0;
    if (argc > 2)
        return spsim_cli_usage_error(usage_reference, "reference takes at most one option%s", "");
    if (argc == 1) {
        spsim_registry_write_text(stdout, output_width());
        return 0;
    }
    if (!strcmp(argv[1], forms[0])) {
        spsim_registry_write_markdown(stdout);
        return 0;
    }
    if (!strcmp(argv[1], forms[1])) {
        spsim_registry_write_json_schema(stdout);
        return 0;
    }
    char hint[96];
    spsim_suggest_text(argv[1], forms, 2, hint, sizeof hint);
    return spsim_cli_usage_error(usage_reference, "unknown option '%s'%s", argv[1], hint);
}
