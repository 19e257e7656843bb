/* `diming inspections import`: records collected offline in the field. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_args.h"
#include "import.h"

static const char inspections_help[] =
    "usage: diming [--db PATH] inspections import FILE.csv [--rejects FILE] [--dry-run]\n"
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
    import_options opt = {.actor = cli_actor()};
    const char *file = NULL;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            fputs(inspections_help, stdout);
            return CLI_OK;
        }
        if (strcmp(a, "--rejects") == 0 && (opt.rejects_path = cli_option_value(argc, argv, &i)))
            continue;
        if (strcmp(a, "--dry-run") == 0)
            opt.dry_run = 1;
        else if (a[0] != '-' && !file)
            file = a;
        else
            return cli_usage_error("inspections", "unexpected argument '%s'", a);
    }
    if (!file)
        return cli_usage_error("inspections", "import needs a FILE.csv");
    reg_db *db = cli_open_db(env);
    if (!db)
        return CLI_EUSER;
    import_summary sum;
    int rc = import_inspections_csv(db, file, &opt, &sum);
    reg_close(db);
    if (rc >= 0) {
        fputs(opt.dry_run ? "dry run: " : "", stdout);
        import_summary_print(&sum, stdout);
    }
    return rc == 0 ? CLI_OK : CLI_EUSER;
}
