/* The verdict `spsim summary` prints on one screen (at most 100 columns): per arm, people
 * supported, the mean wait to first contact, total and net cost, WELLBYs and the incremental net
 * cost per WELLBY against the reference arm (the scenario's last arm, do_nothing in Somerset);
 * then the arms ranked by mean net monetary benefit at the scenario's willingness to pay with
 * the share of replications in which each is best (/decision/ceac); then the caveats the file
 * calls for, each worked out from it. `spsim summary --full` prints every figure instead. */
#include "summary_print.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../economics/compare.h"
#include "../io/h5util.h"

/* Everything the verdict says, read before anything is printed, so a bad file prints nothing. */
typedef struct {
    spsim_summary_facts facts;
    const char *names[SPSIM_MAX_ARMS];
    spsim_verdict_arm arm[SPSIM_MAX_ARMS];
    int n_arms;
    bool has_decision, has_psa;
    double wtp, arms_share_wtp; /* GBP per WELLBY; 1 when every arm values a WELLBY alike */
} verdict;

/* The mean over replications of dataset `name`. */
static int mean_of(hid_t f, const char *path, const char *name, double *mean, char *err,
                   size_t errlen)
{
    double st[SPSIM_N_STATS];
    if (spsim_summary_describe_dataset(f, path, name, st, err, errlen) < 0) return -1;
    *mean = st[SPSIM_STAT_MEAN];
    return 0;
}

static int headline_mean(hid_t f, const char *path, const char *group, spsim_headline_id h,
                         double *mean, char *err, size_t errlen)
{
    char name[512];
    snprintf(name, sizeof name, "%s/headlines/%s", group, spsim_headline_table[h].name);
    return mean_of(f, path, name, mean, err, errlen);
}

/* The arm's description (optional: none leaves it empty). */
static void read_description(hid_t f, const char *group, char *buf, size_t len)
{
    char ignored[256];
    buf[0] = '\0';
    hid_t g = H5Gopen2(f, group, H5P_DEFAULT);
    if (g >= 0 && H5Aexists(g, "description") > 0)
        spsim_h5_get_string(g, group, "description", buf, len, ignored, sizeof ignored);
    if (g >= 0) H5Gclose(g);
}

static int read_arm(hid_t f, const char *path, const char *name, spsim_verdict_arm *a, char *err,
                    size_t errlen)
{
    char group[300], wait[512];
    snprintf(group, sizeof group, "/arms/%s", name);
    if (H5Lexists(f, "/arms", H5P_DEFAULT) <= 0 || H5Lexists(f, group, H5P_DEFAULT) <= 0) {
        snprintf(err, errlen, "%s has no group %s", path, group);
        return -1;
    }
    *a = (spsim_verdict_arm){
        .name = name, .best = NAN, .d_net_cost = NAN, .d_wellbys = NAN, .incremental = NAN};
    read_description(f, group, a->description, sizeof a->description);
    snprintf(wait, sizeof wait, "%s/totals/%s", group,
             spsim_total_table[SPSIM_TOTAL_FIRST_CONTACT_WAIT_MEAN].name);
    if (headline_mean(f, path, group, SPSIM_HEADLINE_PEOPLE_SUPPORTED, &a->people, err, errlen) ||
        headline_mean(f, path, group, SPSIM_HEADLINE_TOTAL_COST, &a->total_cost, err, errlen) ||
        headline_mean(f, path, group, SPSIM_HEADLINE_NET_COST, &a->net_cost, err, errlen) ||
        headline_mean(f, path, group, SPSIM_HEADLINE_WELLBYS, &a->wellbys, err, errlen) ||
        mean_of(f, path, wait, &a->wait, err, errlen))
        return -1;
    return 0;
}

/* The arm against the reference, from /comparisons/<arm>_minus_<reference> (the reference is
 * last, so always second): the mean paired differences and the incremental ratio of them. */
static int read_increment(hid_t f, const char *path, const char *reference, spsim_verdict_arm *a,
                          char *err, size_t errlen)
{
    char group[300], summary[512];
    snprintf(group, sizeof group, "/comparisons/%s_minus_%s", a->name, reference);
    snprintf(summary, sizeof summary, "%s/%s_summary", group,
             spsim_incremental_table[SPSIM_INCREMENTAL_NET_COST_PER_WELLBY].info.name);
    if (headline_mean(f, path, group, SPSIM_HEADLINE_NET_COST, &a->d_net_cost, err, errlen) ||
        headline_mean(f, path, group, SPSIM_HEADLINE_WELLBYS, &a->d_wellbys, err, errlen))
        return -1;
    return spsim_h5_get_dataset_double(f, path, summary, "ratio_of_mean_differences",
                                       &a->incremental, err, errlen);
}

/* From /decision: the scenario's willingness to pay and each arm's share of replications with
 * the highest net monetary benefit there. */
static int read_decision(hid_t f, const char *path, verdict *v, char *err, size_t errlen)
{
    hid_t g = H5Gopen2(f, "/decision", H5P_DEFAULT);
    if (g < 0) return snprintf(err, errlen, "cannot open group /decision of %s", path), -1;
    double index = NAN;
    int status = spsim_h5_get_double(g, "/decision", "wtp_gbp_per_wellby", &v->wtp, err, errlen);
    if (status == 0)
        status = spsim_h5_get_double(g, "/decision", "scenario_wtp_index", &index, err, errlen);
    if (status == 0)
        status =
            spsim_h5_get_double(g, "/decision", "arms_share_wtp", &v->arms_share_wtp, err, errlen);
    H5Gclose(g);
    size_t n = 0;
    double *ceac =
        status ? NULL : spsim_summary_read_vector(f, path, "/decision/ceac", &n, err, errlen);
    if (!ceac) return -1;
    size_t row = index >= 0 ? (size_t)index : n;
    if ((row + 1) * (size_t)v->n_arms > n) {
        snprintf(err, errlen,
                 "/decision/ceac of %s has no row for the scenario's willingness to pay with "
                 "one column per arm",
                 path);
        free(ceac);
        return -1;
    }
    for (int a = 0; a < v->n_arms; a++) v->arm[a].best = ceac[row * (size_t)v->n_arms + a];
    free(ceac);
    return 0;
}

static int read_verdict(hid_t f, const char *path, verdict *v, char *err, size_t errlen)
{
    if (spsim_summary_read_facts(f, path, &v->facts, err, errlen) < 0) return -1;
    v->n_arms = spsim_summary_split_arms(v->facts.arms, v->names);
    if (v->n_arms < 1) return snprintf(err, errlen, "%s names no arms", path), -1;
    for (int a = 0; a < v->n_arms; a++)
        if (read_arm(f, path, v->names[a], &v->arm[a], err, errlen) < 0) return -1;
    const char *reference = v->names[v->n_arms - 1];
    for (int a = 0; a + 1 < v->n_arms; a++)
        if (read_increment(f, path, reference, &v->arm[a], err, errlen) < 0) return -1;
    v->has_psa = H5Lexists(f, "/psa", H5P_DEFAULT) > 0;
    v->has_decision = H5Lexists(f, "/decision", H5P_DEFAULT) > 0;
    v->wtp = NAN;
    v->arms_share_wtp = 1;
    if (v->has_decision && read_decision(f, path, v, err, errlen) < 0) return -1;
    /* net monetary benefit at the one willingness to pay the decision uses, from the means */
    for (int a = 0; a < v->n_arms; a++)
        v->arm[a].nmb = v->wtp * v->arm[a].wellbys - v->arm[a].net_cost;
    return 0;
}

/* ---- printing ---- */

static void print_heading(const verdict *v, const char *path, FILE *out)
{
    fprintf(out, "Verdict for %s: %.0f replications, %g years (%.0f weeks from %s)\n",
            v->facts.scenario, v->facts.replications, v->facts.horizon_years, v->facts.weeks,
            v->facts.start_date);
    char line[1400];
    snprintf(line, sizeof line, "File %s: seed %llu, spsim %s", path,
             (unsigned long long)v->facts.seed, v->facts.version);
    spsim_verdict_wrap(out, "", "  ", line);
}

static void print_arms(const verdict *v, FILE *out)
{
    const char *reference = v->names[v->n_arms - 1];
    fprintf(out, "\nMeans over replications; money discounted, real terms\n");
    fprintf(out, "%-20s %10s %11s %13s %13s %10s  %s\n", "", "supported", "first wait",
            "total cost", "net cost", "WELLBYs", "vs the reference");
    fprintf(out, "%-20s %10s %11s %13s %13s %10s  %s\n", "arm", "(people)", "(weeks)", "(GBP)",
            "(GBP)", "(WELLBYs)", "(GBP per WELLBY)");
    for (int a = 0; a < v->n_arms; a++) {
        const spsim_verdict_arm *m = &v->arm[a];
        char people[48], wait[48], total[48], net[48], wellbys[48], vs[48];
        spsim_summary_format_number(m->people, SHOW_WHOLE, people, sizeof people);
        spsim_summary_format_number(m->wait, SHOW_ONE_DECIMAL, wait, sizeof wait);
        spsim_verdict_format_money(m->total_cost, total, sizeof total);
        spsim_verdict_format_money(m->net_cost, net, sizeof net);
        spsim_summary_format_number(m->wellbys, SHOW_ONE_DECIMAL, wellbys, sizeof wellbys);
        if (a + 1 == v->n_arms)
            snprintf(vs, sizeof vs, "reference");
        else
            spsim_verdict_format_incremental(m, vs, sizeof vs);
        fprintf(out, "%-20.20s %10s %11s %13s %13s %10s  %s\n", m->name, people, wait, total, net,
                wellbys, vs);
    }
    char line[256];
    snprintf(line, sizeof line,
             "Reference: the scenario's last arm, %s (mean extra net cost / mean extra WELLBYs)",
             reference);
    spsim_verdict_wrap(out, "", "  ", line);
}

/* The first clause of each arm's description (to its first ';', ':' or ". "), wrapped: the rest
 * is in --full, and the whole verdict must fit one screen. */
static void print_descriptions(const verdict *v, FILE *out)
{
    bool any = false;
    for (int a = 0; a < v->n_arms && !any; a++) any = v->arm[a].description[0] != '\0';
    if (!any) return;
    fprintf(out, "\nArms\n");
    for (int a = 0; a < v->n_arms; a++) {
        char line[700], clause[512];
        snprintf(clause, sizeof clause, "%s", v->arm[a].description);
        char *stop = strstr(clause, ". ");
        if (stop) *stop = '\0';
        clause[strcspn(clause, ";:")] = '\0';
        snprintf(line, sizeof line, "%s: %s", v->arm[a].name,
                 clause[0] ? clause : "(no description)");
        spsim_verdict_wrap(out, "  ", "    ", line);
    }
}

static void print_ranking(const verdict *v, const int *order, FILE *out)
{
    if (!v->has_decision) {
        fprintf(out,
                "\nNo ranking: the file has no /decision (one arm leaves nothing to decide)\n");
        return;
    }
    char wtp[48];
    spsim_summary_format_number(v->wtp, SHOW_WHOLE, wtp, sizeof wtp);
    fprintf(out, "\nRanked by mean net monetary benefit at %s GBP per WELLBY\n", wtp);
    fprintf(out, "    %-20s %22s   %s\n", "arm", "net monetary benefit", "best in");
    for (int i = 0; i < v->n_arms; i++) {
        const spsim_verdict_arm *m = &v->arm[order[i]];
        char nmb[48], best[48];
        spsim_verdict_format_money(m->nmb, nmb, sizeof nmb);
        spsim_summary_format_number(m->best, SHOW_PERCENT, best, sizeof best);
        fprintf(out, "  %d %-20.20s %18s GBP   %s %% of replications\n", i + 1, m->name, nmb, best);
    }
}

int spsim_summary_verdict(hid_t f, const char *path, FILE *out, char *err, size_t errlen)
{
    verdict *v = calloc(1, sizeof *v);
    spsim_verdict_assumptions *found = calloc(1, sizeof *found);
    int status = v && found ? 0 : -1;
    if (status) snprintf(err, errlen, "out of memory reading %s", path);
    if (status == 0) status = read_verdict(f, path, v, err, errlen);
    if (status == 0)
        status = spsim_verdict_find_assumptions(f, path, v->names, v->n_arms, found, err, errlen);
    if (status == 0) {
        int order[SPSIM_MAX_ARMS];
        char precision[512], line[1400];
        spsim_summary_precision_text(f, precision, sizeof precision);
        spsim_verdict_rank(v->arm, v->n_arms, order);
        print_heading(v, path, out);
        print_arms(v, out);
        print_descriptions(v, out);
        print_ranking(v, order, out);
        spsim_verdict_context c = {.arms = v->arm,
                                   .order = order,
                                   .n_arms = v->n_arms,
                                   .wtp = v->wtp,
                                   .arms_share_wtp = v->arms_share_wtp,
                                   .replications = v->facts.replications,
                                   .has_psa = v->has_psa,
                                   .has_decision = v->has_decision,
                                   .assumptions = found,
                                   .precision = precision};
        spsim_verdict_print_caveats(out, &c);
        fputc('\n', out);
        snprintf(line, sizeof line, "Every figure, with 90 %% intervals: spsim summary %s --full",
                 path);
        spsim_verdict_wrap(out, "", "  ", line);
    }
    free(found);
    free(v);
    return status;
}
