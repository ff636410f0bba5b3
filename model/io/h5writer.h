/* Internals shared by the files of the HDF5 output writer (h5write.c: the file, its root group,
 * totals and parameters; h5weekly.c: the weekly series, breakdowns and their summaries;
 * h5money.c: money by financial year, headlines and reductions; h5compare.c: comparisons of
 * arms; h5decision.c: the decision between arms). Not part of the program's interface. */
#ifndef SPSIM_H5WRITER_H
#define SPSIM_H5WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hdf5.h>

#include "../engine/runner.h"
#include "../results/series.h"

/* The dimensions of the file; each is a 1-D dimension-scale dataset in the root group. The fixed
 * ones come first, then one per breakdown category, named by the category table, then those of
 * the money by financial year. */
typedef enum {
    DIM_REPLICATION,
    DIM_WEEK,
    DIM_LOCALITY,
    DIM_STATISTIC,
    N_FIXED_DIMS
} fixed_dim;
enum {
    DIM_FINANCIAL_YEAR = N_FIXED_DIMS + SPSIM_N_CATEGORIES, /* int32: the April year */
    DIM_MONEY_VIEW,                                         /* nominal, real, discounted */
    DIM_COST_CATEGORY,                                      /* the cost category table's names */
    DIM_SERVICE,                                            /* gp, ae, admissions */
    DIM_WTP,     /* float64: willingness to pay, GBP per WELLBY (the decision's grid) */
    DIM_ARM,     /* the arms' names, in scenario order */
    DIM_PSA_KEY, /* the uncertain scenario keys, in the run's order */
    N_DIMS
};

enum {
    WHERE_MAX = 192
}; /* bytes for an object's path in messages */

typedef struct {
    const spsim_scenario *s;
    const spsim_run *run;
    hid_t file;
    hid_t scale[N_DIMS];
    hid_t local[N_DIMS];           /* the copies of the scales in local_group, or -1 (h5cf.c) */
    char local_group[WHERE_MAX];   /* the group the copies in `local` belong to */
    hsize_t n_rep, n_weeks, n_loc; /* R, W, L */
    int32_t *counts;               /* one replication of the largest weekly dataset, as counts */
    void *per_rep;                 /* R doubles: one total, reused (counts converted in place) */
    double *stats; /* SPSIM_N_STATS x W x L x largest category: one summary, reused */
    /* The weekly series of every replication, written as each is done (h5weekly.c): open
     * datasets [arm * N_WEEKLY + i] of the output itself (store_is_output: --keep all, and
     * partial files) or of a scratch file beside it, from which the output keeps n_kept. */
    hid_t *store;
    /* [arm * N_WEEKLY + i]: the dataset has a chunk stored. A replication whose series are all
     * zero is not written (its chunk reads back as the fill value, 0), except the first, so
     * that every dataset has storage: h5diff calls a dataset without any not comparable. */
    bool *store_written;
    bool store_is_output;
    hsize_t n_kept;
    const char *keep_text;            /* --keep as given when it is not "all", or NULL */
    bool partial;                     /* the run was stopped: the file holds n_rep of ... */
    int replications_planned;         /*   ... this many, and can be resumed */
    const char *const *psa_key_names; /* run->n_psa_keys names, or NULL (no EVPPI written) */
    char *err;
    size_t errlen;
} spsim_h5_writer;

/* Each returns 0, or -1 with a message in the writer's err (hid_t results: negative). */
/* Before anything is written: the run fits the scenario; the output's directory exists. */
int spsim_h5w_check_inputs(const spsim_scenario *s, const spsim_run *run, char *err, size_t errlen);
int spsim_h5w_check_directory(const char *path, char *err, size_t errlen);
/* A new file at tmp_path (exclusive), named `path` in messages. */
hid_t spsim_h5w_create_file(spsim_h5_writer *w, const char *tmp_path, const char *path);
/* Everything but the store's series into the open w->file, which has the store (h5write.c). */
int spsim_h5w_write_contents(spsim_h5_writer *w);
const char *spsim_h5w_dim_name(int dim);
/* "/arms/ARM/GROUP" or "/arms/ARM/GROUP/NAME" (NULL group: "/arms/ARM"), for messages. */
void spsim_h5w_arm_path(char where[WHERE_MAX], const char *arm, const char *group,
                        const char *name);
hid_t spsim_h5w_create_group(spsim_h5_writer *w, hid_t loc, const char *name, const char *where);
/* The group `name` in `loc`, opened when it is there (the store made it), created otherwise. */
hid_t spsim_h5w_group(spsim_h5_writer *w, hid_t loc, const char *name, const char *where);
/* Dataset `name` in `loc`; `chunk` NULL means contiguous, otherwise chunked and compressed. */
hid_t spsim_h5w_create_dataset(spsim_h5_writer *w, hid_t loc, const char *name, const char *where,
                               hid_t type, int rank, const hsize_t *dims, const hsize_t *chunk);
int spsim_h5w_attach_scales(spsim_h5_writer *w, hid_t d, const char *where, int rank,
                            const int *dims);
int spsim_h5w_put_meta(spsim_h5_writer *w, hid_t d, const char *where,
                       const spsim_series_info *info);
/* A whole dataset from `data` (memory type `mtype`), with units, description and scales. */
int spsim_h5w_write_whole(spsim_h5_writer *w, hid_t loc, const char *where,
                          const spsim_series_info *info, int rank, const hsize_t *dims,
                          const int *dim_ids, bool chunked, hid_t ftype, hid_t mtype,
                          const void *data);
/* A 1-D dimension scale in the root group from `data` (memory type `mtype`), kept open in
 * w->scale[dim] until the file closes; names as variable-length strings. */
int spsim_h5w_write_scale(spsim_h5_writer *w, int dim, hsize_t size, hid_t ftype, hid_t mtype,
                          const void *data);
int spsim_h5w_write_name_scale(spsim_h5_writer *w, int dim, hsize_t size, const char *const *names);
/* The scale of dimension `dim` in the group of dataset `d` (named `where` in messages): the root
 * scale for the root group, otherwise the group's own copy, made on first use (h5cf.c). */
hid_t spsim_h5w_local_scale(spsim_h5_writer *w, hid_t d, int dim, const char *where);
void spsim_h5w_close_local_scales(spsim_h5_writer *w);
/* `long_name` from `description` on every dataset of the finished file that lacks one. */
int spsim_h5w_add_long_names(spsim_h5_writer *w);
/* A scalar string dataset `name` in `loc` holding `text`, with its description. */
int spsim_h5w_write_text(spsim_h5_writer *w, hid_t loc, const char *name, const char *where,
                         const char *description, const char *text);
/* v as a 32-bit count, or -1 when it is NaN or out of range. */
int spsim_h5w_to_count(double v, int32_t *out);

/* /psa: the parameter draws of the run, when the scenario has distributions (h5psa.c). */
int spsim_h5w_write_psa(spsim_h5_writer *w);

/* The store (h5weekly.c): spsim_h5w_store_size(n_arms) datasets into w->store, created in
 * /arms/ARM/series of `file` with w->n_rep replications; replication `rep` of every arm written
 * from w->run; or the first `completed` replications copied from a partial file. */
int spsim_h5w_store_size(int n_arms);
int spsim_h5w_store_create(spsim_h5_writer *w, hid_t file);
int spsim_h5w_store_put(spsim_h5_writer *w, int rep);
int spsim_h5w_store_restore(spsim_h5_writer *w, hid_t partial, int completed);

/* What a partial file needs to be resumed (h5resume.c): each replication's totals,
 * reductions, economics and parameter draws as /resume_state; and reading them back. */
int spsim_h5w_write_resume_state(spsim_h5_writer *w);
int spsim_h5w_read_resume_state(hid_t partial, const spsim_scenario *s, spsim_run *run,
                                int completed, char *err, size_t errlen);

/* Every series and breakdown of one arm, into its open series (or summary) group: the series
 * from the store, the summaries computed by reading it back. */
int spsim_h5w_write_weekly(spsim_h5_writer *w, hid_t group, int arm, const char *arm_name);
int spsim_h5w_write_weekly_summaries(spsim_h5_writer *w, hid_t group, int arm,
                                     const char *arm_name);
/* The per-locality totals of one arm into its open locality_totals group (h5locality.c). */
int spsim_h5w_write_locality_totals(spsim_h5_writer *w, hid_t group, int arm, const char *arm_name);
/* The most values per (week, locality) cell of any series or breakdown: sizes the buffers. */
long spsim_h5w_largest_per_cell(void);

/* Values of R replications, as one dataset (replication, ...) of `rank` dimensions: counts as
 * int32, everything else float64. */
int spsim_h5w_write_values(spsim_h5_writer *w, hid_t group, const char *where,
                           const spsim_series_info *info, int rank, const hsize_t *dims,
                           const int *ids, const double *values);
/* Statistics across the dims[0] replications of each of the other values of `values`, as a
 * float64 dataset (statistic, ...) with the dimensions after the first of `dims` and `ids`. */
int spsim_h5w_write_statistics(spsim_h5_writer *w, hid_t group, const char *where,
                               const spsim_series_info *info, int rank, const hsize_t *dims,
                               const int *ids, const double *values);

/* Money of one arm (h5money.c): its financial_years, headlines and reductions groups and the
 * summaries of the first two, into the open arm group. */
int spsim_h5w_write_money(spsim_h5_writer *w, hid_t arm_group, int arm, const char *arm_name);
/* The financial years of the run (all arms and replications share them), or -1 with a message
 * when an arm's results have no economics or disagree. */
int spsim_h5w_check_money(const spsim_scenario *s, const spsim_run *run, char *err, size_t errlen);

/* The paired comparisons of every two arms, first before second in scenario order, into the
 * /comparisons group (h5compare.c). */
int spsim_h5w_write_comparisons(spsim_h5_writer *w);

/* The decision between arms (acceptability, frontier, EVPI, and EVPPI when the run drew
 * parameters and their names are known) into the /decision group, with its dimension scales;
 * nothing when the run has one arm (h5decision.c). */
int spsim_h5w_write_decision(spsim_h5_writer *w);

/* /psa/tornado, when the run carries one-way sensitivity figures (h5tornado.c); in a partial
 * file instead, the root attributes tornado_variants and tornado_variants_done and the finished
 * variants' figures as /tornado_resume_state, for --resume. */
int spsim_h5w_write_tornado(spsim_h5_writer *w);
int spsim_h5w_write_tornado_resume_state(spsim_h5_writer *w);

/* /arms/<arm>/events and its scale, when the run kept an event log (--events; h5events.c). */
int spsim_h5w_write_events(spsim_h5_writer *w, hid_t arm_group, int arm, const char *arm_name);

#endif
