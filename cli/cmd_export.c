/* `diming export KIND`: write a kind of feature to GeoJSON, CSV or a
 * shapefile. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_args.h"
#include "import.h"

static const char export_help[] =
    "usage: diming [--db PATH] export KIND --format geojson|csv|shp --out FILE\n"
    "              [--unit CODE] [--crs EPSG:4490|EPSG:4326|EPSG:4544] [--bom]\n"
    "\n"
    "Writes every feature of KIND (a collection of the OGC API: units, ...) in\n"
    "id order, each property as a column.  --unit CODE keeps that division and\n"
    "what lies under it.  --crs picks the coordinates (EPSG:4490 CGCS2000 lon/lat\n"
    "by default; EPSG:4544 is Gauss-Kruger metres).\n"
    "\n"
    "geojson: RFC 7946, one feature a line, features that have a geometry.\n"
    "csv: UTF-8 (--bom puts a byte-order mark first, for office software), every\n"
    "  feature; point kinds get lon,lat (x,y in EPSG:4544) columns.\n"
    "shp: ESRI Shapefile (.shp .shx .dbf .prj .cpg) written by SpatiaLite, UTF-8\n"
    "  attributes, field names cut to 10 characters; features with a geometry.\n"
    "\n"
    "Coordinates keep every digit, so that an export imported again changes\n"
    "nothing.  The files appear complete or not at all.\n";

/* Parses --format's value into *out; 0 or -1. */
static int parse_format(const char *v, import_export_format *out)
{
    static const char *const names[] = {"geojson", "csv", "shp"};
    for (int i = 0; v && i < 3; i++) {
        if (strcmp(v, names[i]) == 0) {
            *out = (import_export_format)i;
            return 0;
        }
    }
    return -1;
}

/* Runs `export`.  Exit 0 when written, 1 on a user or database error, 2 on
 * a usage error. */
int cli_cmd_export(const cli_env *env, int argc, char **argv)
{
    if (argc < 2 || cli_is_help(argv[1])) {
        fputs(export_help, argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_EUSAGE : CLI_OK;
    }
    import_export_options opt = {.kind = argv[1]};
    int have_format = 0;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            fputs(export_help, stdout);
            return CLI_OK;
        } else if (strcmp(a, "--format") == 0) {
            if (parse_format(cli_option_value(argc, argv, &i), &opt.format) != 0)
                return cli_usage_error("export", "--format must be geojson, csv or shp");
            have_format = 1;
        } else if (strcmp(a, "--out") == 0) {
            if (!(opt.out = cli_option_value(argc, argv, &i)))
                return cli_usage_error("export", "--out needs a FILE");
        } else if (strcmp(a, "--unit") == 0) {
            if (!(opt.unit = cli_option_value(argc, argv, &i)))
                return cli_usage_error("export", "--unit needs a division CODE");
        } else if (strcmp(a, "--crs") == 0) {
            if (!(opt.crs = cli_option_value(argc, argv, &i)))
                return cli_usage_error("export", "--crs needs a CRS");
        } else if (strcmp(a, "--bom") == 0) {
            opt.bom = 1;
        } else {
            return cli_usage_error("export", "unexpected argument '%s'", a);
        }
    }
    if (!have_format || !opt.out)
        return cli_usage_error("export", "--format and --out are required");
    if (opt.bom && opt.format != IMPORT_EXPORT_CSV)
        return cli_usage_error("export", "--bom is for --format csv");
    reg_db *db = cli_open_db(env);
    if (!db)
        return CLI_EUSER;
    import_export_summary sum;
    int rc = import_export(db, &opt, &sum);
    reg_close(db);
    if (rc != 0)
        return CLI_EUSER;
    printf("exported %s: %ld feature%s to %s", opt.kind, sum.written, sum.written == 1 ? "" : "s",
           opt.out);
    if (sum.no_geometry)
        printf(" (%ld without geometry left out)", sum.no_geometry);
    printf(", %.2f s\n", sum.seconds);
    return CLI_OK;
}
