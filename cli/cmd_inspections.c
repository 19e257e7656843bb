/* `diming inspections import`: records collected offline in the field. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_args.h"
#include "import.h"

static const char inspections_help[] =
    "usage: diming [--db PATH] inspections import FILE.csv [--rejects FILE] [--dry-run]\n"
    "              [--crs CRS] [--encoding E] [--map FILE]  (= diming import inspections)\n"
    "\n"
    "Imports inspection records collected offline.  Columns: client_id (the\n"
    "device's record id: a file sent twice is stored once; the same id with other\n"
    "content is refused), marker, round, observed_at (ISO 8601 with its zone),\n"
    "inspector, lon, lat, crs (EPSG:4490 default, EPSG:4326, gcj02), accuracy_m,\n"
    "condition (完好 字迹模糊 损坏 移位 丢失 方位物不齐, or intact ...), action (none,\n"
    "repainted, repaired, replaced, reset), party_left, party_right (both needed\n"
    "for a repair, replacement or reset: B4), notes, corrects_client_id (a\n"
    "correction names the record it corrects), photos (files next to the CSV,\n"
    "separated by ';').  Records are checked as the API checks them; all or\n"
    "nothing unless --rejects FILE.\n";

/* Runs `inspections import FILE`. */
int cli_cmd_inspections(const cli_env *env, int argc, char **argv)
{
    if (argc < 2 || cli_is_help(argv[1])) {
        fputs(inspections_help, argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_EUSAGE : CLI_OK;
    }
    if (strcmp(argv[1], "import") != 0)
        return cli_usage_error("inspections", "unknown subcommand '%s' (import)", argv[1]);
    for (int i = 2; i < argc; i++)
        if (cli_is_help(argv[i])) {
            fputs(inspections_help, stdout);
            return CLI_OK;
        }
    return cli_import_kind(env, "inspections", "inspections", argc - 2, argv + 2);
}
