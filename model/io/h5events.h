/* The event log in the HDF5 file (`spsim run --events N`; docs/output.md, "Event log"):
 * /arms/<arm>/events, a compound table of one row per sampled person and replication. */
#ifndef SPSIM_H5EVENTS_H
#define SPSIM_H5EVENTS_H

#include <hdf5.h>

/* The compound type of a person's record in memory (results/person_events.h), built from the
 * field table: the file's type and what a reader reads it back with. The caller closes it;
 * negative on failure. */
hid_t spsim_h5_person_record_type(void);

#endif
