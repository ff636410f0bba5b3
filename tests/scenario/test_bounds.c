/* Bounded cost for any input: at most SPSIM_DIAG_MAX_SHOWN messages, in file order, then one
 * line counting the rest exactly; a list or mapping longer than the registry allows refused at
 * its first entry too many; the reader's limit of entries in one mapping or list; and duplicate
 * keys and names found (by sorting) wherever they are. Times are the benchmark's
 * (bench/validate_large.sh), never this test's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "scenario/diagnostics.h"
#include "scenario/scenario.h"
#include "scenario/yaml_tree.h"

/* What spsim validate would print for `d`, in a new buffer. */
static char *printed(const spsim_diagnostics *d)
{
    FILE *f = tmpfile();
    if (!f) return NULL;
    spsim_diagnostics_print(d, f);
    long n = ftell(f);
    rewind(f);
    char *out = calloc((size_t)n + 1, 1);
    if (out && fread(out, 1, (size_t)n, f) != (size_t)n) out[0] = '\0';
    fclose(f);
    return out;
}

static int count_lines(const char *text)
{
    int n = 0;
    for (const char *p = text; p && *p; p++) n += *p == '\n';
    return n;
}

/* The messages shown for `text` read as t.yaml; *errors gets every error found. */
static char *messages_for(const char *text, int *errors)
{
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, "t.yaml");
    spsim_scenario *s = spsim_scenario_parse(text, strlen(text), "t.yaml", &d);
    CHECK(s == NULL, "a scenario with errors is refused");
    spsim_scenario_free(s);
    *errors = spsim_diagnostics_errors(&d);
    char *out = printed(&d);
    spsim_diagnostics_free(&d);
    return out;
}

/* Diagnostics added far out of order (last line first, warnings among them): the ones shown
 * are the first in file order, sorted, and the rest are counted exactly, by kind. */
static void test_cap_keeps_the_first_in_file_order(void)
{
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, "t.yaml");
    for (int line = 1000; line >= 1; line--) {
        if (line % 10 == 0)
            spsim_diag_warning(&d, line, 1, "warning at %d", line);
        else
            spsim_diag_error(&d, line, 2, "error at %d", line);
    }
    spsim_diagnostics_sort(&d);
    CHECK(spsim_diagnostics_errors(&d) == 900, "every error counted: %d",
          spsim_diagnostics_errors(&d));
    CHECK(d.n == SPSIM_DIAG_MAX_SHOWN, "%d kept", d.n);
    bool in_order = true;
    for (int i = 0; i < d.n; i++) in_order &= d.items[i].line == i + 1;
    CHECK(in_order, "the kept ones are lines 1..50, in order");
    char *out = printed(&d);
    CHECK(out && count_lines(out) == SPSIM_DIAG_MAX_SHOWN + 1, "50 lines and a count: %d",
          count_lines(out));
    /* lines 1..50 hold 45 errors and 5 warnings; the other 950: 855 errors, 95 warnings */
    const char *last = out ? strstr(out, "t.yaml: and ") : NULL;
    CHECK(last && strcmp(last, "t.yaml: and 855 more errors and 95 more warnings (only the first "
                               "50 problems, in file order, are shown)\n") == 0,
          "the count line: %s", last ? last : "(none)");
    CHECK(out && strncmp(out, "t.yaml:1:2: error: error at 1\nt.yaml:2:2: error: error at 2\n",
                         60) == 0,
          "starts with line 1: %.80s", out ? out : "");
    free(out);
    spsim_diagnostics_free(&d);
}

/* No line counting the rest when every problem is shown. */
static void test_no_count_line_at_the_cap(void)
{
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, "t.yaml");
    for (int line = SPSIM_DIAG_MAX_SHOWN; line >= 1; line--) spsim_diag_error(&d, line, 1, "e");
    spsim_diagnostics_sort(&d);
    char *out = printed(&d);
    CHECK(out && count_lines(out) == SPSIM_DIAG_MAX_SHOWN && !strstr(out, "more error"),
          "exactly 50 shown, no count line");
    free(out);
    spsim_diagnostics_free(&d);
}

#define TOWN_START "name: a\nstart_date: 2025-04-01\nlocalities:\n"
#define TOWN_BODY(name)                                                                            \
    "  " name ": {population: {age_0_15: 1, age_16_29: 0, age_30_49: 0, age_50_64: 0, "            \
    "age_65_plus: 0}, deprivation: 0, rurality: 0"

/* 3,000 copies of one key: 2,999 duplicates counted, the first 50 shown in file order. */
static void test_many_duplicate_keys(void)
{
    size_t cap = 64 + 3000 * 10;
    char *text = malloc(cap);
    size_t used = (size_t)snprintf(text, cap, TOWN_START TOWN_BODY("b") "}\n");
    for (int i = 0; i < 3000; i++) used += (size_t)snprintf(text + used, cap - used, "seed: 1\n");
    int errors;
    char *out = messages_for(text, &errors);
    CHECK(errors == 2999, "every duplicate counted: %d", errors);
    CHECK(out && strncmp(out,
                         "t.yaml:6:1: error: duplicate key 'seed' at the top level, first "
                         "given at line 5 (allowed: each key once)\n",
                         95) == 0,
          "the first duplicate first: %.120s", out ? out : "");
    CHECK(out && strstr(out, "t.yaml:55:1: error: duplicate key 'seed'") &&
              !strstr(out, "t.yaml:56:1:"),
          "lines 6..55 shown, no more");
    CHECK(out && strstr(out, "t.yaml: and 2949 more errors (only the first 50 problems"),
          "the rest counted: %s", out ? strstr(out, "t.yaml: and") : "");
    free(out);
    free(text);
}

/* The 64th neighbour (the limit is 63) is refused where it stands, and none after it is looked
 * at: the 65th repeats the 64th and gives no message of its own. The first 63 are still
 * checked ('b' twice); whether they are localities is not (those rules are left out). */
static void test_neighbours_over_the_limit(void)
{
    char text[8192];
    size_t used = (size_t)snprintf(
        text, sizeof text, TOWN_START TOWN_BODY("b") "}\n" TOWN_BODY("c") ", neighbours: [");
    size_t row = (size_t)(strrchr(text, '\n') - text) + 1, item_64 = 0;
    for (int i = 0; i < 65; i++) {
        used += (size_t)snprintf(text + used, sizeof text - used, "%s", i ? ", " : "");
        if (i == 63) item_64 = used;
        if (i < 2)
            used += (size_t)snprintf(text + used, sizeof text - used, "b");
        else if (i < 63)
            used += (size_t)snprintf(text + used, sizeof text - used, "n%d", i);
        else
            used += (size_t)snprintf(text + used, sizeof text - used, "zz");
    }
    snprintf(text + used, sizeof text - used, "]}\n");
    int errors;
    char *out = messages_for(text, &errors);
    char expected[1024];
    snprintf(expected, sizeof expected,
             "t.yaml:5:%d: error: 'localities.c.neighbours' lists 'b' twice (allowed: each "
             "locality once)\n"
             "t.yaml:5:%d: error: 'localities.c.neighbours' has more than 63 items: item 64 is "
             "one too many (allowed: 0..63 locality names)\n",
             (int)(strstr(text + row, "b, n2") - (text + row)) + 1, (int)(item_64 - row) + 1);
    CHECK(out && strcmp(out, expected) == 0, "refused at item 64:\n%s\ngot:\n%s", expected,
          out ? out : "");
    CHECK(errors == 2, "two errors: %d", errors);
    free(out);
}

/* 65 localities (the limit is 64): refused at the 65th name. */
static void test_localities_over_the_limit(void)
{
    char text[16384];
    size_t used = (size_t)snprintf(text, sizeof text, TOWN_START);
    for (int i = 1; i <= 65; i++)
        used += (size_t)snprintf(text + used, sizeof text - used,
                                 "  t%d: {population: {age_0_15: 1, age_16_29: 0, age_30_49: 0, "
                                 "age_50_64: 0, age_65_plus: 0}, deprivation: 0, rurality: 0}\n",
                                 i);
    int errors;
    char *out = messages_for(text, &errors);
    CHECK(out && strcmp(out, "t.yaml:68:3: error: 'localities' has more than 64 entries: 't65' is "
                             "one too many (allowed: 1..64 localities)\n") == 0,
          "refused at the 65th: %s", out ? out : "");
    free(out);
}

/* The reader refuses entry 10,001 of one list and reads no further. */
static void test_reader_entry_limit(void)
{
    size_t cap = 32 + (SPSIM_YAML_MAX_ENTRIES + 10) * 4;
    char *text = malloc(cap);
    size_t used = (size_t)snprintf(text, cap, "x:\n");
    for (int i = 0; i < SPSIM_YAML_MAX_ENTRIES + 5; i++)
        used += (size_t)snprintf(text + used, cap - used, "- 1\n");
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, "t.yaml");
    bool ok = true;
    spsim_ynode *root = spsim_yaml_parse(text, used, &d, &ok);
    CHECK(!ok && !root, "refused");
    char *out = printed(&d);
    char expected[256];
    snprintf(expected, sizeof expected,
             "t.yaml:%d:3: error: more than 10000 entries in one list (allowed: at most 10000; "
             "the longest list a scenario may hold is far shorter)\n",
             SPSIM_YAML_MAX_ENTRIES + 2);
    CHECK(out && strcmp(out, expected) == 0, "at entry 10,001:\n%s\ngot:\n%s", expected,
          out ? out : "");
    free(out);
    spsim_diagnostics_free(&d);
    free(text);
    /* exactly at the limit it is read */
    text = malloc(cap);
    used = (size_t)snprintf(text, cap, "x:\n");
    for (int i = 0; i < SPSIM_YAML_MAX_ENTRIES; i++)
        used += (size_t)snprintf(text + used, cap - used, "- 1\n");
    spsim_diagnostics_init(&d, "t.yaml");
    root = spsim_yaml_parse(text, used, &d, &ok);
    CHECK(ok && root && spsim_ynode_get(root, "x")->n == SPSIM_YAML_MAX_ENTRIES,
          "10,000 entries are read");
    spsim_ynode_free(root);
    spsim_diagnostics_free(&d);
    free(text);
}

int main(void)
{
    test_cap_keeps_the_first_in_file_order();
    test_no_count_line_at_the_cap();
    test_many_duplicate_keys();
    test_neighbours_over_the_limit();
    test_localities_over_the_limit();
    test_reader_entry_limit();
    return spsim_check_finish();
}
