/* `spsim size`: the smallest link-worker or builder FTE per locality that meets service targets
 * with a stated probability (docs/sizing.md). */
#ifndef SPSIM_CLI_SIZE_H
#define SPSIM_CLI_SIZE_H

extern const char spsim_size_usage[];

/* argv[0] is "size". Returns the exit status. */
int spsim_cmd_size(int argc, char **argv);

#endif
