/* Plausibility warnings on resolved arms (see plausibility.h). */
#include "plausibility.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "diagnostics.h"
#include "resolve.h"

enum {
    PATH_LEN = 256
};

/* Demand this far above throughput cannot be absorbed; this far below leaves staff idle. */
static const double queue_grows_ratio = 1.25, mostly_idle_ratio = 0.25;

double spsim_expected_uptakes_per_year(const spsim_arm_params *arm, const spsim_locality *loc)
{
    return spsim_locality_population(loc) * arm->referral.base_rate_per_1000_per_year / 1000.0 *
           spsim_deprivation_factor(arm->referral.deprivation_rate_ratio, loc->deprivation) *
           arm->uptake.probability;
}

double spsim_mean_slot_weeks_with_dropout(const spsim_arm_params *arm, const spsim_locality *loc)
{
    const spsim_support_params *sp = &arm->support;
    double episode = sp->contacts_mean * sp->contact_interval_weeks;
    double hazard = sp->dropout_per_week * loc->dropout_ratio;
    /* E[min(episode, drop-out time)] for an exponential drop-out time */
    if (hazard > 0.0) episode = -expm1(-hazard * episode) / hazard;
    return sp->first_contact_delay_weeks + (1.0 - sp->no_show_probability) * episode;
}

double spsim_link_worker_throughput_per_year(const spsim_arm_params *arm, const spsim_locality *loc,
                                             double fte)
{
    return fte * spsim_slots_per_fte(&loc->link_workers, &arm->support, loc->rurality) *
           SPSIM_WEEKS_PER_YEAR / spsim_mean_slot_weeks_with_dropout(arm, loc);
}

static double peak_fte(const spsim_staff_plan *plan)
{
    double peak = 0;
    for (int i = 0; i < plan->n_steps; i++)
        if (plan->steps[i].fte > peak) peak = plan->steps[i].fte;
    return peak;
}

/* A locality with no FTE of its own is served only through pooled neighbours, if any. */
static bool served_by_neighbours(const spsim_arm_params *arm, const spsim_locality *loc)
{
    return arm->commissioning.pooling && loc->n_neighbours > 0;
}

/* Demand above what the peak FTE can see: reneging and lower take-up bound the queue (people
 * give up rather than wait for ever); without reneging it grows without limit. */
static void warn_excess(const spsim_ynode *at, const spsim_arm_params *arm,
                        const spsim_locality *loc, double demand, double throughput, double fte,
                        spsim_diagnostics *diags)
{
    if (arm->reneging.enabled)
        spsim_diag_warning(diags, at->line, at->column,
                           "arm '%s', locality '%s': expected take-ups of %.0f people per year "
                           "exceed 1.25 x the link-worker throughput of %.0f people per year at "
                           "the plan's peak of %.4g FTE (the queue is held in check only by "
                           "people giving up, median patience %.3g weeks: about %.0f people a "
                           "year would leave it unseen)",
                           arm->name, loc->name, demand, throughput, fte,
                           arm->reneging.median_weeks, demand - throughput);
    else
        spsim_diag_warning(diags, at->line, at->column,
                           "arm '%s', locality '%s': expected take-ups of %.0f people per year "
                           "exceed 1.25 x the link-worker throughput of %.0f people per year at "
                           "the plan's peak of %.4g FTE (with no reneging, the queue will grow "
                           "without limit)",
                           arm->name, loc->name, demand, throughput, fte);
}

static void warn_demand(const spsim_ynode *at, const spsim_arm_params *arm,
                        const spsim_locality *loc, spsim_diagnostics *diags)
{
    double fte = peak_fte(&loc->link_workers);
    double demand = spsim_expected_uptakes_per_year(arm, loc);
    if (fte <= 0.0) {
        if (!served_by_neighbours(arm, loc))
            spsim_diag_warning(diags, at->line, at->column,
                               "arm '%s', locality '%s': no link-worker FTE is funded, so its "
                               "referrals are offered nothing (counted as not offered; about "
                               "%.0f a year would otherwise take up)",
                               arm->name, loc->name, demand);
        return;
    }
    double throughput = spsim_link_worker_throughput_per_year(arm, loc, fte);
    if (demand > queue_grows_ratio * throughput)
        warn_excess(at, arm, loc, demand, throughput, fte, diags);
    else if (demand < mostly_idle_ratio * throughput)
        spsim_diag_warning(diags, at->line, at->column,
                           "arm '%s', locality '%s': expected "
                           "take-ups of %.0f people per year are under 0.25 x the link-worker "
                           "throughput of %.0f people per year at the plan's peak of %.4g FTE "
                           "(link workers will be mostly idle)",
                           arm->name, loc->name, demand, throughput, fte);
}

static void warn_ignored_fte(const spsim_ynode *within, const char *shown_prefix,
                             const char *arm_name, const spsim_ynode *localities,
                             spsim_diagnostics *diags)
{
    char path[PATH_LEN];
    for (int l = -1; l < localities->n; l++) {
        if (l < 0)
            snprintf(path, sizeof path, "link_workers.fte");
        else
            snprintf(path, sizeof path, "localities.%s.link_workers.fte",
                     localities->pairs[l].key->text);
        const spsim_ynode *fte = spsim_ynode_find(within, path);
        if (!fte) continue;
        if (arm_name)
            spsim_diag_warning(diags, fte->line, fte->column,
                               "'%s%s' is ignored: arm '%s' uses "
                               "allocation: formula (FTE = fte_per_10000_population x population "
                               "/ 10000)",
                               shown_prefix, path, arm_name);
        else
            spsim_diag_warning(diags, fte->line, fte->column,
                               "'%s' is ignored: every arm uses "
                               "allocation: formula (FTE = fte_per_10000_population x population "
                               "/ 10000)",
                               path);
    }
}

static bool any_neighbours(const spsim_arm_params *arm)
{
    for (int l = 0; l < arm->n_localities; l++)
        if (arm->localities[l].n_neighbours > 0) return true;
    return false;
}

/* Pooling is on (so written in the arm or the base scenario) but no locality has neighbours. */
static void warn_pooling(const spsim_ynode *root, const spsim_ynode *arm_node,
                         const spsim_arm_params *arm, spsim_diagnostics *diags)
{
    if (!arm->commissioning.pooling || any_neighbours(arm)) return;
    const spsim_ynode *in_arm = spsim_ynode_find(arm_node, "commissioning.pooling");
    const spsim_ynode *at = in_arm ? in_arm : spsim_ynode_find(root, "commissioning.pooling");
    spsim_diag_warning(diags, at->line, at->column,
                       "arm '%s': '%s%s%scommissioning.pooling' is "
                       "true but no locality has neighbours, so no slots are shared (expected: "
                       "localities.NAME.neighbours)",
                       arm->name, in_arm ? "arms." : "", in_arm ? arm->name : "",
                       in_arm ? "." : "");
}

void spsim_resolve_warnings(const spsim_ynode *root, const spsim_scenario *s,
                            spsim_diagnostics *diags)
{
    const spsim_ynode *localities = spsim_ynode_get(root, "localities");
    const spsim_ynode *arms = spsim_ynode_get(root, "arms");
    bool has_arms = arms && arms->kind == SPSIM_YNODE_MAPPING && arms->n > 0;
    bool every_arm_formula = true;
    for (int a = 0; a < s->n_arms; a++) {
        const spsim_arm_params *arm = &s->arms[a];
        bool counterfactual = arm->commissioning.model == SPSIM_COMMISSIONING_DO_NOTHING;
        for (int l = 0; l < arm->n_localities && !counterfactual; l++)
            warn_demand(localities->pairs[l].key, arm, &arm->localities[l], diags);
        warn_pooling(root, has_arms ? arms->pairs[a].value : NULL, arm, diags);
        if (arm->allocation != SPSIM_ALLOCATION_FORMULA) {
            every_arm_formula = false;
        } else if (has_arms) {
            char prefix[PATH_LEN];
            snprintf(prefix, sizeof prefix, "arms.%s.", arm->name);
            warn_ignored_fte(arms->pairs[a].value, prefix, arm->name, localities, diags);
        }
    }
    if (every_arm_formula) warn_ignored_fte(root, "", NULL, localities, diags);
}
