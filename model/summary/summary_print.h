/* Internals shared by the files of the headline table `spsim summary` prints (summary.c: the
 * statistics and the walk over a file's arms and pairs; summary_read.c: datasets read as
 * doubles and described across replications; summary_table.c: numbers, intervals and the
 * headline rows of an arm; summary_money.c: the money block of an arm and its cost by financial
 * year; summary_compare.c: the paired comparison of two arms; summary_decision.c: the decision
 * between arms). Not part of the program's interface.
 *
 * Every function that reads the file takes the open file `f` and its `path` (for messages) and
 * returns 0, or -1 with a message in `err`, so the first problem found ends the table. */
#ifndef SPSIM_SUMMARY_PRINT_H
#define SPSIM_SUMMARY_PRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <hdf5.h>

#include "summary.h"
#include "../results/statistics.h"
#include "../economics/economics.h"

/* ---- summary.c: the file's facts ---- */

/* What the summary needs from the root group. */
typedef struct {
    char scenario[128], version[32], start_date[16], arms[2048];
    double replications, weeks, horizon_years;
    uint64_t seed;
} spsim_summary_facts;

/* The root attributes of an spsim output file; -1 with a message when it is not one. */
int spsim_summary_read_facts(hid_t f, const char *path, spsim_summary_facts *facts, char *err,
                             size_t errlen);

/* Splits the root's comma-separated arm list in place; returns how many arms it names. */
int spsim_summary_split_arms(char *list, const char *arms[SPSIM_MAX_ARMS]);

/* For a file written with --precision: what was asked for and whether the count met it, in one
 * line without its newline; empty for a file of a fixed count. */
void spsim_summary_precision_text(hid_t f, char *buf, size_t len);

/* ---- summary_table.c: cells and rows ---- */

typedef enum {
    SHOW_WHOLE,
    SHOW_ONE_DECIMAL,
    SHOW_TWO_DECIMALS,
    SHOW_PERCENT
} number_style;

/* Formats v for people: thousands separators, and no decimals, one or two decimal places, or a
 * fraction as a percentage with one; "n/a", "inf" or "-inf" when not finite. */
void spsim_summary_format_number(double v, number_style style, char *buf, size_t len);

/* "2027/28", or "none" for a year never reached (NaN or infinite). */
void spsim_summary_format_financial_year(double year, char *buf, size_t len);

/* One row of a block: the label, the mean and the 90 % interval (p5 to p95). */
void spsim_summary_print_stats(FILE *out, const char *label, const double st[SPSIM_N_STATS],
                               number_style style);

/* An arm's block: its heading and description, its headline rows from /arms/<arm>/totals, then
 * its money (summary_money.c). */
int spsim_summary_print_arm(hid_t f, const char *path, const char *arm, FILE *out, char *err,
                            size_t errlen);

/* ---- summary_read.c: values from the file ---- */

/* Reads the 1-D dataset at `name` (any numeric type) as doubles; *n gets its length. NULL with
 * a message when it is missing or unreadable; the caller frees the values. */
double *spsim_summary_read_vector(hid_t f, const char *path, const char *name, size_t *n, char *err,
                                  size_t errlen);

/* Statistics across replications of every value of the dataset `name`. */
int spsim_summary_describe_dataset(hid_t f, const char *path, const char *name,
                                   double st[SPSIM_N_STATS], char *err, size_t errlen);

/* Values of one financial-year dataset in one view: (replication, financial_year, views) read
 * as an R x Y matrix of view `view`, *n_rep getting R; NULL with a message when its shape is not
 * that. */
double *spsim_summary_read_by_year(hid_t f, const char *path, const char *name, size_t n_years,
                                   size_t views, size_t view, size_t *n_rep, char *err,
                                   size_t errlen);

/* The discounted total cost of an arm as an R x Y matrix (/arms/<arm>/financial_years/
 * total_cost is (replication, financial_year, money_view)). */
double *spsim_summary_read_arm_cost_by_year(hid_t f, const char *path, const char *arm,
                                            size_t n_years, size_t *n_rep, char *err,
                                            size_t errlen);

/* Statistics across replications of year y of an R x Y matrix; `scratch` holds 2 R doubles. */
void spsim_summary_describe_year(const double *by_year, size_t n_rep, size_t n_years, size_t y,
                                 double *scratch, double st[SPSIM_N_STATS]);

/* ---- summary_money.c: the money of an arm ---- */

/* One row of the money block, also a row of the paired comparison. */
typedef struct {
    spsim_headline_id headline;
    const char *label;
    number_style style;
} spsim_summary_money_row;

extern const spsim_summary_money_row spsim_summary_money_rows[];
extern const int spsim_summary_n_money_rows;

/* Whether money row `row` is one of the investors' (shown only where a bond used capital). */
bool spsim_summary_is_investor_row(int row);

/* Whether any replication of the arm had a social impact bond that used capital (1), none did
 * (0), or the file cannot say (-1, with a message). */
int spsim_summary_used_investors(hid_t f, const char *path, const char *arm, char *err,
                                 size_t errlen);

/* The willingness to pay (GBP per WELLBY) behind the arm's net monetary benefit: an attribute of
 * /arms/<arm>/headlines/net_monetary_benefit. */
int spsim_summary_read_willingness_to_pay(hid_t f, const char *path, const char *arm, double *gbp,
                                          char *err, size_t errlen);

/* The money rows of an arm, then the discounted cost of each financial year. */
int spsim_summary_print_money(hid_t f, const char *path, const char *arm, FILE *out, char *err,
                              size_t errlen);

/* ---- summary_compare.c: two arms compared ---- */

/* `first` minus `second`, replication by replication, from /comparisons/<first>_minus_<second>:
 * each money row's difference with P(first better), then the cost trajectory of both arms. */
int spsim_summary_print_pair(hid_t f, const char *path, const char *first, const char *second,
                             FILE *out, char *err, size_t errlen);

/* ---- summary_decision.c: the decision between arms ---- */

/* From /decision, when the file has it: the acceptability of each of the n_arms arms (in file
 * order) and EVPI at the scenario's willingness to pay, then the five largest EVPPI. */
int spsim_summary_print_decision(hid_t f, const char *path, const char *const *arms, int n_arms,
                                 FILE *out, char *err, size_t errlen);

/* ---- summary_verdict.c: the verdict on one screen ---- */

/* The verdict of the open file (spsim_summary_print_verdict). */
int spsim_summary_verdict(hid_t f, const char *path, FILE *out, char *err, size_t errlen);

/* An arm as the verdict shows it: means over replications, and against the reference arm the
 * mean paired differences (first minus reference) and the incremental net cost per WELLBY. */
typedef struct {
    const char *name;
    char description[512];
    double people, wait, total_cost, net_cost, wellbys; /* people, weeks, GBP, GBP, WELLBYs */
    double d_net_cost, d_wellbys, incremental;          /* GBP, WELLBYs, GBP per WELLBY */
    double nmb;  /* GBP at the decision's willingness to pay; NaN without /decision */
    double best; /* share of replications with the highest net monetary benefit, or NaN */
} spsim_verdict_arm;

/* ---- summary_verdict_text.c: the verdict's words and numbers ---- */

enum {
    SPSIM_VERDICT_COLUMNS = 100, /* the verdict's widest line */
    SPSIM_VERDICT_NAMED_KEYS = 2 /* assumption keys named per arm; the rest are counted */
};

/* Prints text wrapped at SPSIM_VERDICT_COLUMNS: the first line after `first`, the others after
 * `rest`; a word longer than a line stays whole. */
void spsim_verdict_wrap(FILE *out, const char *first, const char *rest, const char *text);

/* Money in whole GBP with thousands separators below a million, "12.3 million" from a million
 * up, "n/a" when not finite; the caller adds the unit. */
void spsim_verdict_format_money(double gbp, char *buf, size_t len);

/* The incremental net cost per WELLBY against the reference (GBP per WELLBY), or "dominates"
 * (more WELLBYs for no more net cost), "dominated" (fewer for no less), "(fewer)" after the
 * ratio when both are lower (then the GBP saved per WELLBY given up), "n/a" for equal WELLBYs. */
void spsim_verdict_format_incremental(const spsim_verdict_arm *a, char *buf, size_t len);

/* order[i] gets the arm ranked i: highest net monetary benefit first, NaN last, ties in file
 * order. */
void spsim_verdict_rank(const spsim_verdict_arm *arms, int n_arms, int *order);

/* ---- summary_verdict_caveats.c: what the verdict rests on ---- */

/* Per arm but the reference: how many keys marked as assumptions (a source in
 * /arms/<arm>/parameters starting "Assumption") have a value other than the reference arm's, and
 * the first of them. */
typedef struct {
    int count[SPSIM_MAX_ARMS];
    char named[SPSIM_MAX_ARMS][SPSIM_VERDICT_NAMED_KEYS][128];
} spsim_verdict_assumptions;

int spsim_verdict_find_assumptions(hid_t f, const char *path, const char *const *names, int n_arms,
                                   spsim_verdict_assumptions *found, char *err, size_t errlen);

/* What the verdict's caveats are worked out from. */
typedef struct {
    const spsim_verdict_arm *arms;
    const int *order;
    int n_arms;
    double wtp, arms_share_wtp, replications; /* GBP per WELLBY, 1 or 0, replications */
    bool has_psa, has_decision;
    const spsim_verdict_assumptions *assumptions;
    const char *precision; /* spsim_summary_precision_text, or "" */
} spsim_verdict_context;

/* The caveats, each computed from the file, then where the model is checked against evidence. */
void spsim_verdict_print_caveats(FILE *out, const spsim_verdict_context *c);

#endif
