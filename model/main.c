/* The spsim command line: parse arguments and call one function per command.
 *
 * Exit status: 0 success, 1 invalid input (scenario or file), 2 usage error, 3 run-time failure
 * (e.g. the output cannot be written). Everything meant for people goes to stderr except the
 * results a command was asked for. */
#include <stdio.h>
#include <string.h>

#include "cli/allocate.h"
#include "cli/args.h"
#include "cli/calibrate.h"
#include "cli/export.h"
#include "cli/new.h"
#include "cli/reference.h"
#include "cli/report.h"
#include "engine/ranks.h"
#include "cli/run.h"
#include "cli/size.h"
#include "cli/sweep.h"
#include "io/h5util.h"
#include "summary/summary.h"
#include "scenario/scenario.h"
#include "scenario/suggest.h"

static const char usage_main[] =
    "usage: spsim COMMAND [OPTIONS]\n"
    "\n"
    "Stochastic microsimulation of social prescribing: link workers, queues and costs.\n"
    "\n"
    "commands:\n"
    "  run [SCENARIO]      simulate a scenario and write an HDF5 results file\n"
    "  validate SCENARIO   check a scenario; prints ok or every problem found\n"
    "  summary FILE.h5     print the verdict of a results file (--full: every table)\n"
    "  sweep SCENARIO      run a scenario over a grid of values of some of its keys\n"
    "  size SCENARIO       the smallest staffing per locality that meets service targets\n"
    "  allocate SCENARIO   the split of a yearly budget that maximises net monetary benefit\n"
    "  export FILE.h5 --csv DIR | --xlsx FILE.xlsx   write a results file as CSV or Excel\n"
    "  report FILE.h5 -o REPORT.html   write a results file as one HTML page with charts\n"
    "  calibrate SCENARIO TARGETS   fit the scenario's marked keys to targets (ABC-SMC)\n"
    "  new NAME --localities PLACES.csv   write a starting scenario for these places\n"
    "  reference           print the scenario format reference (--markdown, --json-schema)\n"
    "\n"
    "  spsim COMMAND --help   help on one command\n"
    "  spsim --version        the program version\n";

static const char usage_validate[] =
    "usage: spsim validate SCENARIO\n"
    "\n"
    "Checks SCENARIO against the scenario format and prints ok, or every error and warning as\n"
    "FILE:LINE:COLUMN: error: what is wrong (what is allowed). Exit status 1 when there is an\n"
    "error.\n";

static const char usage_summary[] =
    "usage: spsim summary FILE.h5 [--full]\n"
    "\n"
    "Prints the verdict of a results file written by spsim run on one screen: per arm people\n"
    "supported, wait, costs, WELLBYs and the net cost per WELLBY against the last arm; the arms\n"
    "ranked by net monetary benefit with the chance each is best; the caveats.\n"
    "\n"
    "  --full   print the headline table instead: per arm, the mean and the 90 % interval over\n"
    "           replications of referrals, take-up, waits, caseload, completions, drop-outs and\n"
    "           cost; then each pair of arms compared; then the decision between arms at the\n"
    "           scenario's willingness to pay (acceptability, EVPI and, when present, EVPPI).\n";

static int cmd_validate(int argc, char **argv)
{
    if (spsim_cli_wants_help(argc, argv)) return printf("%s", usage_validate), 0;
    if (argc != 2)
        return spsim_cli_usage_error(usage_validate, "validate takes one scenario file%s", "");
    spsim_scenario *s = spsim_scenario_load_reporting(argv[1], stderr);
    if (!s) return SPSIM_EXIT_INVALID;
    spsim_scenario_free(s);
    printf("ok\n");
    return 0;
}

static int cmd_summary(int argc, char **argv)
{
    if (spsim_cli_wants_help(argc, argv)) return printf("%s", usage_summary), 0;
    static const char *const options[] = {"--full", "--help"};
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] != '-' || argv[i][1] == '\0' || !strcmp(argv[i], "--full")) continue;
        char hint[96];
        spsim_suggest_text(argv[i], options, 2, hint, sizeof hint);
        return spsim_cli_usage_error(usage_summary, "unknown option '%s'%s", argv[i], hint);
    }
    bool full = argc == 3 && (!strcmp(argv[1], "--full") || !strcmp(argv[2], "--full"));
    if (argc != 2 && !full)
        return spsim_cli_usage_error(usage_summary, "summary takes one results file%s", "");
    const char *file = full && !strcmp(argv[1], "--full") ? argv[2] : argv[1];
    char err[1024];
    if ((full ? spsim_summary_print : spsim_summary_print_verdict)(file, stdout, err, sizeof err)) {
        fprintf(stderr, "spsim: %s\n", err);
        return SPSIM_EXIT_INVALID;
    }
    return 0;
}

/* Under mpirun (engine/ranks.h), run, sweep, size and allocate share their replications
 * across ranks and calibrate its particles, rank 0 printing and writing; the other ranks'
 * standard output is dropped so the tables appear once. Every other command is refused rather
 * than run once per rank. Returns 0 when cmd may go on, -1 (said on stderr) when refused. */
static int refused_across_ranks(const char *cmd)
{
    if (!strcmp(cmd, "sweep") || !strcmp(cmd, "size") || !strcmp(cmd, "allocate") ||
        !strcmp(cmd, "calibrate")) {
        if (!spsim_rank_is_writer() && !freopen("/dev/null", "w", stdout)) return -1;
        return 0;
    }
    return spsim_cli_usage_error(usage_main,
                                 "under mpirun only run, sweep, size, allocate and calibrate "
                                 "share their work across ranks (docs/scaling.md); run '%s' as "
                                 "one process",
                                 cmd),
           -1;
}

static int dispatch(int argc, char **argv)
{
    if (argc < 2) return spsim_cli_usage_error(usage_main, "no command given%s", "");
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--version")) return printf("spsim %s\n", SPSIM_VERSION), 0;
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help"))
        return printf("%s", usage_main), 0;
    if (!strcmp(cmd, "run")) return spsim_cmd_run(argc - 1, argv + 1);
    if (spsim_ranks() > 1 && refused_across_ranks(cmd) != 0) return SPSIM_EXIT_USAGE;
    if (!strcmp(cmd, "validate")) return cmd_validate(argc - 1, argv + 1);
    if (!strcmp(cmd, "summary")) return cmd_summary(argc - 1, argv + 1);
    if (!strcmp(cmd, "sweep")) return spsim_cmd_sweep(argc - 1, argv + 1);
    if (!strcmp(cmd, "size")) return spsim_cmd_size(argc - 1, argv + 1);
    if (!strcmp(cmd, "allocate")) return spsim_cmd_allocate(argc - 1, argv + 1);
    if (!strcmp(cmd, "export")) return spsim_cmd_export(argc - 1, argv + 1);
    if (!strcmp(cmd, "report")) return spsim_cmd_report(argc - 1, argv + 1);
    if (!strcmp(cmd, "reference")) return spsim_cmd_reference(argc - 1, argv + 1);
    if (!strcmp(cmd, "new")) return spsim_cmd_new(argc - 1, argv + 1);
    if (!strcmp(cmd, "calibrate")) return spsim_cmd_calibrate(argc - 1, argv + 1);
    static const char *const commands[] = {"run",       "validate", "summary", "sweep",
                                           "size",      "allocate", "export",  "reference",
                                           "calibrate", "new",      "report"};
    char hint[96];
    spsim_suggest_text(cmd, commands, sizeof commands / sizeof *commands, hint, sizeof hint);
    return spsim_cli_usage_error(usage_main, "unknown command '%s'%s", cmd, hint);
}

int main(int argc, char **argv)
{
    spsim_h5_no_cleanup_at_exit(); /* before any HDF5 call: a failed write must not crash at exit */
    if (spsim_ranks_start(&argc, &argv) != 0) return SPSIM_EXIT_RUNTIME;
    int status = dispatch(argc, argv);
    /* The other ranks must not wait for this one; an interrupted run (128 + the signal) has
     * already heard from every rank and written its partial file. */
    if (status != 0 && status < 128) spsim_ranks_abort(status);
    spsim_ranks_finish();
    return status;
}
