#include "scenario_text.h"

#include <stdio.h>
#include <string.h>

spsim_scenario *spsim_test_parse(const char *text, spsim_diagnostics *d)
{
    spsim_diagnostics_init(d, "unit.yaml");
    return spsim_scenario_parse(text, strlen(text), "unit.yaml", d);
}

const spsim_resolved_value *spsim_test_resolved(const spsim_scenario *s, int arm, const char *key)
{
    for (int i = 0; i < s->n_resolved[arm]; i++)
        if (strcmp(s->resolved[arm][i].key, key) == 0) return &s->resolved[arm][i];
    return NULL;
}

void spsim_test_diagnostics_text(const spsim_diagnostics *d, char *out, size_t len)
{
    FILE *f = tmpfile();
    out[0] = '\0';
    if (!f) return;
    spsim_diagnostics_print(d, f);
    rewind(f);
    out[fread(out, 1, len - 1, f)] = '\0';
    fclose(f);
}
