/* `spsim export FILE.h5 --csv DIR`, the event log (`spsim run --events N`): events.csv. */
#ifndef SPSIM_EXPORT_EVENTS_H
#define SPSIM_EXPORT_EVENTS_H

#include <stddef.h>
#include <stdio.h>
#include <hdf5.h>

/* When any arm of the open results file `f` (named `path` in messages) has an event log, writes
 * DIR/events.csv, one row per arm and row of /arms/<arm>/events, and adds its columns to the data
 * dictionary `dictionary` (rows "file,column,unit,description"). Nothing when no arm has one.
 * Returns 0, or -1 with a message. */
int spsim_export_events_csv(hid_t f, const char *path, const char *dir, FILE *dictionary, char *err,
                            size_t errlen);

#endif
