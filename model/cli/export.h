/* `spsim export`: a results file as CSV tables or an Excel workbook. */
#ifndef SPSIM_CLI_EXPORT_H
#define SPSIM_CLI_EXPORT_H

/* argv[0] is "export". Returns the exit status (0, 1 an unreadable file, 2 a usage error). */
int spsim_cmd_export(int argc, char **argv);

#endif
