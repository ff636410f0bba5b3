/* `spsim new NAME --localities PLACES.csv`: a valid, commented starting scenario for a set of
 * places, every other value at its registry default with its source. */
#ifndef SPSIM_CLI_NEW_H
#define SPSIM_CLI_NEW_H

int spsim_cmd_new(int argc, char **argv);

#endif
