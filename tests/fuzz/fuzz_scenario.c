/* The fuzzer's target: scenario text in memory -> YAML tree -> checks -> resolved scenario, the
 * path every scenario file takes (spsim_scenario_parse). Built by libFuzzer (SPSIM_FUZZ, with
 * clang) and, with a small main of its own (replay.c), by every build to replay the inputs kept in
 * tests/fuzz/regressions/.
 *
 * `include:` reads files, so the target runs in a folder of its own (made once, holding two small
 * fragments that the seed inputs name) and refuses any input whose include names a path with a
 * '/' in it: every file it can read is one of that folder's, and no input can make it wait on a
 * device or read the rest of the machine. */
#define _XOPEN_SOURCE 700 /* mkdtemp */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scenario/scenario.h"
#include "scenario/yaml_tree.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void write_fragment(const char *name, const char *text)
{
    FILE *f = fopen(name, "w");
    if (!f) return;
    fputs(text, f);
    fclose(f);
}

static char folder[] = "/tmp/spsim-fuzz-XXXXXX";

static void remove_folder(void)
{
    unlink("plan.yaml");
    unlink("loop.yaml");
    if (chdir("/") == 0) rmdir(folder);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (!mkdtemp(folder) || chdir(folder) != 0) {
        perror("spsim fuzz: cannot make its folder");
        exit(2);
    }
    write_fragment("plan.yaml", "localities:\n  town:\n    link_workers:\n      fte: 7\n");
    write_fragment("loop.yaml", "include: loop.yaml\nseed: 3\n");
    atexit(remove_folder);
    return 0;
}

/* True when every path the input's `include` names stays in the fuzzer's folder. */
static bool includes_confined(const char *text, size_t len)
{
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, "fuzz.yaml");
    bool ok = true, parsed;
    spsim_ynode *root = spsim_yaml_parse(text, len, &d, &parsed);
    const spsim_ynode *list = spsim_ynode_get(root, "include");
    int n = !list ? 0 : list->kind == SPSIM_YNODE_SEQUENCE ? list->n : 1;
    for (int i = 0; i < n; i++) {
        const spsim_ynode *name = list->kind == SPSIM_YNODE_SEQUENCE ? list->items[i] : list;
        if (name->kind == SPSIM_YNODE_SCALAR && strchr(name->text, '/')) ok = false;
    }
    spsim_ynode_free(root);
    spsim_diagnostics_free(&d);
    return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1); /* the reader's texts end in a NUL, as a file read does */
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    if (!includes_confined(text, size)) {
        free(text);
        return -1; /* not kept in the corpus */
    }
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, "fuzz.yaml");
    spsim_scenario *s = spsim_scenario_parse(text, size, "fuzz.yaml", &d);
    FILE *sink = fopen("/dev/null", "w");
    if (sink) { /* the messages are formatted too: every argument a message names is read */
        spsim_diagnostics_print(&d, sink);
        fclose(sink);
    }
    spsim_scenario_free(s);
    spsim_diagnostics_free(&d);
    free(text);
    return 0;
}
