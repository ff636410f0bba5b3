/* `spsim export FILE.h5 --csv DIR --xlsx FILE.xlsx`: a results file as tables for tools that
 * do not read HDF5 (summary/export_csv.h, summary/export_xlsx.h). */
#include "export.h"

#include <getopt.h>
#include <stdio.h>
#include <sys/stat.h>

#include "args.h"
#include "summary/export_csv.h"
#include "summary/export_xlsx.h"

static const char usage_export[] =
    "usage: spsim export FILE.h5 [--csv DIR] [--xlsx FILE.xlsx]\n"
    "\n"
    "Writes the results file as tables, at least one of:\n"
    "  --csv DIR         CSV files in the existing directory DIR: weekly.csv, totals.csv and\n"
    "                    locality_totals.csv (one row per arm, replication, period, locality\n"
    "                    and metric), headlines.csv (statistics across replications) and\n"
    "                    dictionary.csv (every column and metric, its unit and meaning);\n"
    "                    events.csv too when the file has an event log (spsim run --events N)\n"
    "                    (one export into DIR at a time: it holds DIR/export.lock)\n"
    "  --xlsx FILE.xlsx  the same tables as one Excel workbook, a sheet each (numbers as\n"
    "                    numbers, weeks as dates, units in the bold, frozen header row);\n"
    "                    written whole or not at all\n"
    "  -h, --help        this help\n";

int spsim_cmd_export(int argc, char **argv)
{
    static const struct option options[] = {{"csv", required_argument, 0, 'c'},
                                            {"xlsx", required_argument, 0, 'x'},
                                            {"help", no_argument, 0, 'h'},
                                            {0, 0, 0, 0}};
    const char *csv = NULL, *xlsx = NULL;
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (c) {
        case 'c': csv = optarg; break;
        case 'x': xlsx = optarg; break;
        case 'h': return printf("%s", usage_export), 0;
        case ':':
            return spsim_cli_usage_error(usage_export, "option '%s' needs a value",
                                         argv[optind - 1]);
        default: return spsim_cli_unknown_option(usage_export, options, argv[optind - 1]);
        }
    }
    if (argc - optind != 1 || (!csv && !xlsx))
        return spsim_cli_usage_error(usage_export,
                                     "export takes a results file and --csv DIR or --xlsx FILE");
    char err[1400];
    /* One export into a directory at a time (io/output.h): a second is refused before it
     * writes anything, naming the first. A path that is no directory is the export's own
     * error, below. */
    spsim_output_lock lock = {.fd = -1};
    struct stat st;
    if (csv && stat(csv, &st) == 0 && S_ISDIR(st.st_mode) &&
        spsim_output_claim_directory(csv, &lock, err, sizeof err) != 0)
        return fprintf(stderr, "spsim: %s\n", err), SPSIM_EXIT_RUNTIME;
    int status = csv ? spsim_export_csv(argv[optind], csv, err, sizeof err) : 0;
    spsim_output_release(&lock);
    if (status != 0) {
        fprintf(stderr, "spsim: %s\n", err);
        return SPSIM_EXIT_INVALID;
    }
    if (xlsx && spsim_export_xlsx(argv[optind], xlsx, err, sizeof err) != 0) {
        fprintf(stderr, "spsim: %s\n", err);
        return SPSIM_EXIT_INVALID;
    }
    return 0;
}
