/* `spsim allocate`: the split of a yearly budget across link workers, builders and VCSE
 * funding streams that maximises net monetary benefit (docs/sizing.md). */
#ifndef SPSIM_CLI_ALLOCATE_H
#define SPSIM_CLI_ALLOCATE_H

extern const char spsim_allocate_usage[];

/* argv[0] is "allocate". Returns the exit status. */
int spsim_cmd_allocate(int argc, char **argv);

#endif
