/* diming: the one executable.  `diming [--db PATH] COMMAND [ARGS]`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct cli_command {
    const char *name;
    cli_command_fn run;
    const char *summary;
} cli_command;

static const cli_command commands[] = {
    {"init", cli_cmd_init, "create an empty registry"},
    {"serve", cli_cmd_serve, "serve the registry over HTTP"},
    {"import", cli_cmd_import, "import any kind (units, places, doorplates, ...) from files"},
    {"export", cli_cmd_export, "export a kind of feature as GeoJSON, CSV or a shapefile"},
    {"token", cli_cmd_token, "create, list and revoke API tokens"},
    {"units", cli_cmd_units, "show administrative units"},
    {"places", cli_cmd_places, "place names: import, check, announce, show"},
    {"doorplates", cli_cmd_doorplates, "doorplates: show one, check a street or unit (D1)"},
    {"plates", cli_cmd_plates, "render printable doorplates in batches"},
    {"boundaries", cli_cmd_boundaries, "boundary lines and markers: import, derive, list, show"},
    {"rounds", cli_cmd_rounds, "joint-inspection rounds: create, close, show, list"},
    {"inspections", cli_cmd_inspections, "import inspection records collected offline"},
    {"check", cli_cmd_check, "inside-work checks of boundaries, with reports"},
    {"synth", cli_cmd_synth, "demonstration data: doorplates, markers, an inspection round"},
};

/* Prints the top-level help to f. */
static void print_help(FILE *f)
{
    fputs("usage: diming [--db PATH] COMMAND [ARGS]\n"
          "\n"
          "diming is the registry of standard place names, doorplates and administrative\n"
          "boundaries (地名、门楼牌、行政区域界线).\n"
          "\n"
          "options:\n"
          "  --db PATH     registry database (default: $DIMING_DB, then ./diming.db)\n"
          "  -h, --help    show this help\n"
          "  --version     show the version\n"
          "\n"
          "commands:\n",
          f);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fputs("\n'diming COMMAND --help' tells more about each command.\n", f);
}

/* Parses the global options, resolves the database path and runs the
 * command.  Returns the process exit status. */
int main(int argc, char **argv)
{
    cli_env env = {.db_path = NULL, .prog = "diming"};
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (cli_is_help(argv[i])) {
            print_help(stdout);
            return CLI_OK;
        } else if (strcmp(argv[i], "--version") == 0) {
            printf("diming %s (schema %d)\n", DIMING_VERSION, reg_schema_version());
            return CLI_OK;
        } else if (strcmp(argv[i], "--db") == 0) {
            if (i + 1 >= argc)
                return cli_usage_error("", "--db needs a PATH");
            env.db_path = argv[++i];
        } else if (strncmp(argv[i], "--db=", 5) == 0) {
            env.db_path = argv[i] + 5;
        } else {
            return cli_usage_error("", "unknown option %s", argv[i]);
        }
    }
    if (i >= argc) {
        print_help(stderr);
        return CLI_EUSAGE;
    }
    if (!env.db_path || !*env.db_path) {
        const char *from_env = getenv("DIMING_DB");
        env.db_path = (from_env && *from_env) ? from_env : "./diming.db";
    }
    for (size_t c = 0; c < sizeof commands / sizeof commands[0]; c++) {
        if (strcmp(argv[i], commands[c].name) == 0) {
            reg_global_init();
            int rc = commands[c].run(&env, argc - i, argv + i);
            reg_global_shutdown();
            return rc;
        }
    }
    return cli_usage_error("", "unknown command '%s'", argv[i]);
}
