/* `spsim reference`: the scenario format, key by key, for a terminal, as Markdown or as a JSON
 * Schema. */
#ifndef SPSIM_CLI_REFERENCE_H
#define SPSIM_CLI_REFERENCE_H

int spsim_cmd_reference(int argc, char **argv);

#endif
