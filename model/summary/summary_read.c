/* Values of the headline table read from a results file: any numeric dataset as doubles, the
 * statistics of a dataset across replications, and money by financial year as a replication by
 * year matrix. Messages name the dataset and the file, since a summary may be asked of a file
 * another version wrote. */
#include "summary_print.h"

#include <stdlib.h>

double *spsim_summary_read_vector(hid_t f, const char *path, const char *name, size_t *n, char *err,
                                  size_t errlen)
{
    if (H5Lexists(f, name, H5P_DEFAULT) <= 0) {
        snprintf(err, errlen, "%s has no dataset %s", path, name);
        return NULL;
    }
    hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
    hid_t space = d < 0 ? -1 : H5Dget_space(d);
    hssize_t count = space < 0 ? -1 : H5Sget_simple_extent_npoints(space);
    /* at least one double, so an empty dataset is not mistaken for a failed allocation */
    double *x = count < 0 ? NULL : malloc((count > 0 ? (size_t)count : 1) * sizeof *x);
    if (!x || H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x) < 0) {
        snprintf(err, errlen, "cannot read dataset %s of %s", name, path);
        free(x);
        x = NULL;
    } else {
        *n = (size_t)count;
    }
    if (space >= 0) H5Sclose(space);
    if (d >= 0) H5Dclose(d);
    return x;
}

int spsim_summary_describe_dataset(hid_t f, const char *path, const char *name,
                                   double st[SPSIM_N_STATS], char *err, size_t errlen)
{
    size_t n = 0;
    double *x = spsim_summary_read_vector(f, path, name, &n, err, errlen);
    if (!x) return -1;
    double *scratch = malloc((n > 0 ? n : 1) * sizeof *scratch);
    if (!scratch) {
        free(x);
        snprintf(err, errlen, "out of memory reading %s of %s", name, path);
        return -1;
    }
    spsim_describe(x, n, scratch, st);
    free(scratch);
    free(x);
    return 0;
}

double *spsim_summary_read_by_year(hid_t f, const char *path, const char *name, size_t n_years,
                                   size_t views, size_t view, size_t *n_rep, char *err,
                                   size_t errlen)
{
    size_t n = 0;
    double *values = spsim_summary_read_vector(f, path, name, &n, err, errlen);
    size_t per_rep = n_years * views;
    *n_rep = per_rep ? n / per_rep : 0;
    if (values && (*n_rep == 0 || n != *n_rep * per_rep)) {
        snprintf(err, errlen,
                 "%s of %s does not have one value per replication and financial "
                 "year%s",
                 name, path, views > 1 ? " and money view" : "");
        free(values);
        return NULL;
    }
    /* compacted in place: entry i of the matrix never lies after its source */
    for (size_t i = 0; values && i < *n_rep * n_years; i++)
        values[i] = values[(i / n_years) * per_rep + (i % n_years) * views + view];
    return values;
}

double *spsim_summary_read_arm_cost_by_year(hid_t f, const char *path, const char *arm,
                                            size_t n_years, size_t *n_rep, char *err, size_t errlen)
{
    char name[512];
    snprintf(name, sizeof name, "/arms/%s/financial_years/total_cost", arm);
    return spsim_summary_read_by_year(f, path, name, n_years, SPSIM_N_MONEY_VIEWS,
                                      SPSIM_MONEY_DISCOUNTED, n_rep, err, errlen);
}

void spsim_summary_describe_year(const double *by_year, size_t n_rep, size_t n_years, size_t y,
                                 double *scratch, double st[SPSIM_N_STATS])
{
    for (size_t r = 0; r < n_rep; r++) scratch[r] = by_year[r * n_years + y];
    spsim_describe(scratch, n_rep, scratch + n_rep, st);
}
