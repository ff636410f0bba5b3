/* The scenario format reference in Markdown, written from the registry (docs/scenarios.md holds
 * a copy that a test keeps in step). */
#include <string.h>

#include "params.h"
#include "registry.h"
#include "scenario.h"

/* Table cells may not hold '|'. */
static void write_cell(FILE *out, const char *text)
{
    fputs("| ", out);
    for (const char *c = text; *c; c++) {
        if (*c == '|') fputc('\\', out);
        fputc(*c, out);
    }
    fputc(' ', out);
}

static void write_group_heading(FILE *out, const char *group)
{
    static const char *const intro[][2] = {
        {"top level", "Scenario-wide settings; an arm cannot change them, except "
                      "`delivery_model`."},
        {"localities", "One entry per locality, by name."},
        {"referral", "Referral demand (docs/model.md, Demand)."},
        {"uptake", "Offer and take-up (docs/model.md, Offer and uptake)."},
        {"link_workers", "Link-worker supply (docs/model.md, Link-worker capacity). Keys marked "
                         "*per locality* may also "
                         "be set under `localities.NAME.link_workers`, which wins over the value "
                         "here for that locality."},
        {"support", "The support episode (docs/model.md, The support episode)."},
        {"reneging", "Giving up while waiting (docs/model.md, The queue)."},
        {"pay", "Link-worker pay (docs/model.md, Costs, savings and headline figures)."},
        {"community", "Connection to community activity and the life of VCSE groups."},
        {"builders", "Community builders, who grow and sustain VCSE groups once trusted. Keys "
                     "marked *per locality* may also be set under `localities.NAME.builders`, "
                     "which wins over the value here for that locality."},
        {"outcomes", "Health-service use of referred people and what support does to it and "
                     "to wellbeing (docs/model.md, Outcomes: service use and wellbeing). A "
                     "mapping by service gives every service (`gp`, `ae`, `admissions`) and, "
                     "in a table or PERT, every inner key; an arm replaces the whole mapping."},
        {"economics", "Prices, pay growth, set-up costs, discounting and the rules by which "
                      "avoided activity releases cash (docs/model.md, Costs, savings and "
                      "headline figures)."},
        {"delivery_models", "Ways of delivering social prescribing, defined once for the "
                            "whole scenario and chosen with `delivery_model` by an arm or a "
                            "locality. A locality with a delivery model gets its take-up and "
                            "drop-out ratios and a fit computed from its deprivation and VCSE "
                            "assets; its own `fit` is then ignored."},
        {"commissioning", "How an arm is commissioned: blanket, quilt or do_nothing, the costs "
                          "of contracts, pooling of slots between neighbours, outcome payments "
                          "and a social impact bond."},
        {"localities.NAME.funding", "Money into the VCSE sector, per locality: each stream has "
                                    "a `kind`, which decides the other keys it takes. An arm may "
                                    "override a stream's keys or add new streams."},
        {"arms", "Commissioning options; each may override the keys listed below."},
    };
    fprintf(out, "\n### %s\n\n", group);
    for (size_t i = 0; i < sizeof intro / sizeof intro[0]; i++)
        if (strcmp(intro[i][0], group) == 0) fprintf(out, "%s\n\n", intro[i][1]);
    fputs("| key | type | unit | range | default | description | source |\n"
          "|---|---|---|---|---|---|---|\n",
          out);
}

/* The description, with the funding kinds that take the key when not every kind does. */
static void write_description(FILE *out, const spsim_reg_entry *e)
{
    char text[600];
    unsigned every = (1u << SPSIM_N_FUNDING_KINDS) - 1;
    if (e->target != SPSIM_TARGET_FUNDING || e->funding_kinds == every) {
        write_cell(out, e->description);
        return;
    }
    size_t used = (size_t)snprintf(text, sizeof text, "%s Only for", e->description);
    for (int k = 0, n = 0; k < SPSIM_N_FUNDING_KINDS && used < sizeof text; k++)
        if (spsim_registry_kind_takes(e, k))
            used += (size_t)snprintf(text + used, sizeof text - used, "%s %s", n++ ? "," : "",
                                     spsim_funding_kind_key[k]);
    if (used < sizeof text) snprintf(text + used, sizeof text - used, ".");
    write_cell(out, text);
}

static void write_entry(FILE *out, const spsim_reg_entry *e)
{
    char text[600];
    snprintf(text, sizeof text, "`%s`%s", e->path, e->per_locality ? " (per locality)" : "");
    write_cell(out, text);
    write_cell(out, spsim_registry_type_name(e->type));
    write_cell(out, e->unit);
    spsim_registry_range_text(e, text, sizeof text);
    write_cell(out, text);
    if (e->default_note)
        snprintf(text, sizeof text, "%s", e->default_note);
    else if (e->default_yaml)
        snprintf(text, sizeof text, "`%s`", e->default_yaml);
    else
        snprintf(text, sizeof text, "required");
    write_cell(out, text);
    write_description(out, e);
    if (spsim_registry_is_assumption(e))
        snprintf(text, sizeof text, "**Assumption**%s", e->source + strlen("Assumption"));
    else
        snprintf(text, sizeof text, "%s", e->source);
    write_cell(out, text);
    fputs("|\n", out);
}

static void group_of(const spsim_reg_entry *e, char *group, size_t len)
{
    static const char funding[] = "localities.NAME.funding";
    if (strncmp(e->path, funding, sizeof funding - 1) == 0) {
        snprintf(group, len, "%s", funding);
        return;
    }
    size_t n = strcspn(e->path, ".");
    if (e->path[n] == '\0' && e->type != SPSIM_REG_NAMED_MAP)
        snprintf(group, len, "top level");
    else
        snprintf(group, len, "%.*s", (int)n, e->path);
}

static void write_arm_rules(FILE *out)
{
    fputs("\nAn arm (`arms.NAME`) may set `description` and override any of these keys, under "
          "the same path as in the base scenario:\n\n",
          out);
    for (int i = 0; i < spsim_registry_count(); i++) {
        const spsim_reg_entry *e = spsim_registry_at(i);
        if (e->per_arm && e->type != SPSIM_REG_NAMED_MAP && e->type != SPSIM_REG_MAPPING &&
            strncmp(e->path, "arms.", 5) != 0)
            fprintf(out, "- `%s`%s\n", e->path, e->per_locality ? " (also per locality)" : "");
    }
    fputs("\nLOCALITY in `arms.NAME.localities.LOCALITY` must be a locality of the base "
          "scenario; under its `funding` an arm may also add streams of its own. These cannot "
          "be set in an arm:",
          out);
    for (int i = 0, n = 0; i < spsim_registry_count(); i++) {
        const spsim_reg_entry *e = spsim_registry_at(i);
        if (!e->per_arm && !strchr(e->path, '.')) fprintf(out, "%s `%s`", n++ ? "," : "", e->path);
    }
    fputs(".\n", out);
}

void spsim_registry_write_markdown(FILE *out)
{
    fputs("## Key reference\n\n"
          "Generated from the parameter registry (`spsim reference --markdown`). Every key with "
          "its type, "
          "unit, allowed range, default (or *required*), description and source. "
          "**Assumption** marks a value with no published source: a judgement of the model, "
          "to be replaced by local evidence where there is any. NAME stands for a locality, "
          "arm, funding stream or delivery model name.\n",
          out);
    char group[64] = "", current[64] = "";
    for (int i = 0; i < spsim_registry_count(); i++) {
        const spsim_reg_entry *e = spsim_registry_at(i);
        group_of(e, group, sizeof group);
        if (strcmp(group, current) != 0) write_group_heading(out, group);
        snprintf(current, sizeof current, "%s", group);
        write_entry(out, e);
    }
    write_arm_rules(out);
}
