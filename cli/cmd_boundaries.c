/* `diming boundaries`: import, derive, list and show boundary lines and
 * their markers. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_args.h"
#include "import.h"
#include "reg_boundaries.h"

static const char boundaries_help[] =
    "usage: diming [--db PATH] boundaries import FILE [--kind lines|markers] [--crs CRS]\n"
    "                                 [--rejects FILE] [--dry-run]\n"
    "       diming [--db PATH] boundaries derive --level township\n"
    "       diming [--db PATH] boundaries list\n"
    "       diming [--db PATH] boundaries show NUMBER\n"
    "\n"
    "import registers lines or markers from GeoJSON or CSV (a .csv name); the kind\n"
    "is guessed (Point features or x/y columns are markers) unless --kind says.\n"
    "  lines: number, level, left_code, left_name, right_code, right_name,\n"
    "         agreement, description (走向说明), last_joint_check; geometry as\n"
    "         LineString/MultiLineString, or a wkt column in CSV.  The far side of a\n"
    "         county-level line may be a unit this registry does not hold: give its\n"
    "         code and name.\n"
    "  markers: id (B5: line number + 001-999 + Q/A/B/C/D/E), material, year_set,\n"
    "         condition (完好 字迹模糊 损坏 移位 丢失 方位物不齐, or intact ...),\n"
    "         refs (GeoJSON [{name, bearing_deg, distance_m}]; CSV name/bearing/dist;...)\n"
    "         and the point (CSV columns x, y).\n"
    "  --crs is EPSG:4490 (default), EPSG:4326, EPSG:4544 (E/N metres) or gcj02.\n"
    "  All or nothing unless --rejects; --dry-run writes nothing; again, no change.\n"
    "  The same as 'diming import boundary-lines|markers' (see 'diming import\n"
    "  --help' for every option).\n"
    "derive builds township-level lines from the shared edges of neighbouring\n"
    "  township polygons (numbered by the two suffixes, lower first: 100101),\n"
    "  oriented west to east or north to south (B5); running it again changes\n"
    "  nothing.  The county outline is not derived (its far sides are unknown).\n"
    "list prints number, sides, length, markers and whether due (B1); show prints\n"
    "one line as JSON with its markers.\n";

/* `boundaries derive --level township`. */
static int boundaries_derive(reg_db *db, int argc, char **argv)
{
    const char *level = NULL;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--level") == 0 && (level = cli_option_value(argc, argv, &i)))
            continue;
        return cli_usage_error("boundaries", "unexpected argument '%s'", argv[i]);
    }
    if (!level)
        return cli_usage_error("boundaries", "derive needs --level township");
    reg_derive_summary sum;
    reg_error err = {0};
    if (reg_boundary_derive(db, cli_actor(), level, &sum, &err) != REG_OK)
        return cli_fail_reg(&err);
    printf("lines %ld: inserted %ld, updated %ld, unchanged %ld, %.2f s\n", sum.pairs,
           sum.inserted, sum.updated, sum.unchanged, sum.seconds);
    return CLI_OK;
}

/* `boundaries list`. */
static int boundaries_list(reg_db *db)
{
    json_t *list = NULL;
    reg_error err = {0};
    if (reg_boundary_list(db, &list, &err) != REG_OK)
        return cli_fail_reg(&err);
    size_t i;
    json_t *l;
    printf("%-12s %-9s %-10s %-10s %10s %7s %-10s %s\n", "NUMBER", "LEVEL", "LEFT", "RIGHT",
           "LENGTH_M", "MARKERS", "LAST_CHECK", "DUE");
    json_array_foreach(list, i, l) {
        const char *last = json_string_value(json_object_get(l, "last_joint_check"));
        printf("%-12s %-9s %-10s %-10s %10.0f %7lld %-10s %s\n",
               json_string_value(json_object_get(l, "number")),
               json_string_value(json_object_get(l, "level")),
               json_string_value(json_object_get(json_object_get(l, "left"), "code")),
               json_string_value(json_object_get(json_object_get(l, "right"), "code")),
               json_number_value(json_object_get(l, "length_m")),
               (long long)json_integer_value(json_object_get(l, "marker_count")),
               last ? last : "-", json_is_true(json_object_get(l, "due")) ? "due" : "");
    }
    json_decref(list);
    return CLI_OK;
}

/* Runs `boundaries SUBCOMMAND`. */
int cli_cmd_boundaries(const cli_env *env, int argc, char **argv)
{
    if (argc < 2 || cli_is_help(argv[1])) {
        fputs(boundaries_help, argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_EUSAGE : CLI_OK;
    }
    for (int i = 2; i < argc; i++)
        if (cli_is_help(argv[i])) {
            fputs(boundaries_help, stdout);
            return CLI_OK;
        }
    const char *sub = argv[1];
    if (strcmp(sub, "import") == 0)
        return cli_import_kind(env, "boundaries", "boundaries", argc - 2, argv + 2);
    if (strcmp(sub, "derive") && strcmp(sub, "list") && strcmp(sub, "show"))
        return cli_usage_error("boundaries", "unknown subcommand '%s'", sub);
    if (strcmp(sub, "show") == 0 && argc != 3)
        return cli_usage_error("boundaries", "show needs one NUMBER");
    if (strcmp(sub, "list") == 0 && argc != 2)
        return cli_usage_error("boundaries", "list takes no arguments");
    reg_db *db = cli_open_db(env);
    if (!db)
        return CLI_EUSER;
    int rc;
    if (strcmp(sub, "derive") == 0) {
        rc = boundaries_derive(db, argc, argv);
    } else if (strcmp(sub, "list") == 0) {
        rc = boundaries_list(db);
    } else {
        json_t *line = NULL;
        reg_error err = {0};
        rc = reg_boundary_get(db, argv[2], &line, &err) == REG_OK ? cli_print_json(line)
                                                                  : cli_fail_reg(&err);
    }
    reg_close(db);
    return rc;
}
