/* `diming synth`: demonstration data: doorplates (cmd_synth.c), markers and a
 * demonstration inspection round. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "cli_args.h"
#include "reg_boundaries.h"

static const char synth_help[] =
    "usage: diming [--db PATH] synth doorplates --out DIR [--count N] [--seed S] ...\n"
    "       diming [--db PATH] synth markers --seed S [--spacing-m M]\n"
    "       diming [--db PATH] synth round --seed S [--number N] [--start YYYY-MM-DD]\n"
    "                                  [--share F]\n"
    "\n"
    "For demonstrations only.  markers places markers along every registered line\n"
    "about every M metres (default 3000): single markers (Q) on the line and some\n"
    "same-number pairs (A/B) either side, numbered by B5 from the west (north)\n"
    "end, with a seeded share of each condition of B3 (70% intact, 10% faded,\n"
    "6% damaged, 5% displaced, 4% lost, 5% reference objects incomplete).\n"
    "round creates round N (default 5) starting on --start (default 90 days ago)\n"
    "with every line, teams and both sides' representatives, and records a share F\n"
    "(default 0.9) of the markers of most lines as field teams would: what they\n"
    "find follows the marker's condition, repairs name both sides (B4), and a few\n"
    "markers recorded intact are in fact displaced (B7).  The same seed gives the\n"
    "same data; running either again changes nothing.\n"
    "doorplates writes a synthetic doorplate register to import\n"
    "('diming synth doorplates --help' tells more).\n";

/* Reads the value of --seed.  CLI_OK, or the usage error. */
static int synth_seed(const char *v, unsigned long *seed, int *have)
{
    if (cli_parse_uint(v, 0, 0xffffffffUL, seed) != 0)
        return cli_usage_error("synth", "--seed needs a number");
    *have = 1;
    return CLI_OK;
}

/* `synth markers`. */
static int synth_markers(reg_db *db, int argc, char **argv)
{
    reg_synth_options opt = {.spacing_m = 3000};
    unsigned long seed = 0;
    int have_seed = 0;
    for (int i = 2; i < argc; i++) {
        const char *v = NULL;
        if (strcmp(argv[i], "--seed") == 0 && (v = cli_option_value(argc, argv, &i))) {
            if (synth_seed(v, &seed, &have_seed) != CLI_OK)
                return CLI_EUSAGE;
        } else if (strcmp(argv[i], "--spacing-m") == 0 && (v = cli_option_value(argc, argv, &i))) {
            if (cli_parse_double("synth", "--spacing-m", v, 10, 1e6, &opt.spacing_m) != 0)
                return CLI_EUSAGE;
        } else {
            return cli_usage_error("synth", "unexpected argument '%s'", argv[i]);
        }
    }
    if (!have_seed)
        return cli_usage_error("synth", "markers needs --seed S");
    opt.seed = seed;
    reg_synth_summary sum;
    reg_error err = {0};
    if (reg_marker_synth(db, cli_actor(), &opt, &sum, &err) != REG_OK)
        return cli_fail_reg(&err);
    printf("lines %ld, markers %ld: inserted %ld, updated %ld, unchanged %ld; ", sum.lines,
           sum.markers, sum.inserted, sum.updated, sum.unchanged);
    for (int c = 0; c < REG_COND_COUNT; c++)
        printf("%s%s %ld", c ? ", " : "", reg_condition_name((reg_condition)c), sum.by_condition[c]);
    putchar('\n');
    return CLI_OK;
}

/* `synth round`. */
static int synth_round(reg_db *db, int argc, char **argv)
{
    char start[16];
    time_t t = time(NULL) + 8 * 3600 - 90 * 86400;
    strftime(start, sizeof start, "%Y-%m-%d", gmtime(&t));
    reg_round_synth_options opt = {.number = 5, .start_date = start, .share = 0.9};
    unsigned long seed = 0, number = 5;
    int have_seed = 0;
    for (int i = 2; i < argc; i++) {
        const char *v = NULL;
        if (strcmp(argv[i], "--seed") == 0 && (v = cli_option_value(argc, argv, &i))) {
            if (synth_seed(v, &seed, &have_seed) != CLI_OK)
                return CLI_EUSAGE;
        } else if (strcmp(argv[i], "--number") == 0 && (v = cli_option_value(argc, argv, &i))) {
            if (cli_parse_uint(v, 1, 1000, &number) != 0)
                return cli_usage_error("synth", "--number needs a round number");
        } else if (strcmp(argv[i], "--start") == 0 && (v = cli_option_value(argc, argv, &i))) {
            opt.start_date = v;
        } else if (strcmp(argv[i], "--share") == 0 && (v = cli_option_value(argc, argv, &i))) {
            if (cli_parse_double("synth", "--share", v, 0.01, 1, &opt.share) != 0)
                return CLI_EUSAGE;
        } else {
            return cli_usage_error("synth", "unexpected argument '%s'", argv[i]);
        }
    }
    if (!have_seed)
        return cli_usage_error("synth", "round needs --seed S");
    opt.seed = seed;
    opt.number = (int)number;
    reg_round_synth_summary sum;
    reg_error err = {0};
    if (reg_round_synth(db, cli_actor(), &opt, &sum, &err) != REG_OK)
        return cli_fail_reg(&err);
    printf("round %d: lines inspected %ld, new records %ld (", opt.number, sum.lines_inspected,
           sum.records);
    for (int a = 0; a < REG_ACTION_COUNT; a++)
        printf("%s%s %ld", a ? ", " : "", reg_action_name((reg_action)a), sum.by_action[a]);
    puts(")");
    return CLI_OK;
}

/* Runs `synth doorplates|markers|round`. */
int cli_cmd_synth(const cli_env *env, int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "doorplates") == 0)
        return cli_cmd_synth_doorplates(env, argc, argv);
    if (argc < 2 || cli_is_help(argv[1])) {
        fputs(synth_help, argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_EUSAGE : CLI_OK;
    }
    for (int i = 2; i < argc; i++)
        if (cli_is_help(argv[i])) {
            fputs(synth_help, stdout);
            return CLI_OK;
        }
    int markers = strcmp(argv[1], "markers") == 0;
    if (!markers && strcmp(argv[1], "round") != 0)
        return cli_usage_error("synth", "unknown subcommand '%s' (doorplates, markers, round)", argv[1]);
    reg_db *db = cli_open_db(env);
    if (!db)
        return CLI_EUSER;
    int rc = markers ? synth_markers(db, argc, argv) : synth_round(db, argc, argv);
    reg_close(db);
    return rc;
}
