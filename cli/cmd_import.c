/* `diming import KIND FILE`: load files into the registry. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_args.h"
#include "import.h"
#include "import_encoding.h"

static const char import_help[] =
    "usage: diming [--db PATH] import units FILE.csv [--encoding E] [--map FILE]\n"
    "              [--rejects FILE] [--dry-run]\n"
    "       diming [--db PATH] import unit-boundaries FILE.geojson [--crs CRS]\n"
    "              [--rename FILE.csv] [--fix] [--rejects FILE] [--dry-run]\n"
    "       diming [--db PATH] import streets FILE.csv [--crs CRS] [--rejects FILE] [--dry-run]\n"
    "       diming [--db PATH] import doorplates FILE.csv [--crs CRS] [--survey]\n"
    "              [--rejects FILE] [--dry-run]\n"
    "\n"
    "units: a CSV with the columns code,name,level,parent_code (level is\n"
    "  province, city, county, town, township, subdistrict, community or\n"
    "  village).  Every row is checked by the division-code rules.  The text is\n"
    "  read as UTF-8 (BOM allowed) when every byte is valid UTF-8, else as GBK/\n"
    "  GB18030 (as Chinese office software saves it); --encoding utf-8|gbk|\n"
    "  gb18030 says which.  --map FILE is a CSV of column,source rows naming the\n"
    "  file's own heading for each column (e.g. code,区划代码).\n"
    "unit-boundaries: a GeoJSON FeatureCollection of polygons, matched to units\n"
    "  by a 'code' property or by 'name' (names that differ only in 乡/镇 match,\n"
    "  with a warning; --rename maps old_name,new_name).  --crs is EPSG:4490\n"
    "  (default), EPSG:4326, EPSG:4544 or gcj02.  An invalid polygon is refused\n"
    "  with the reason unless --fix repairs it.\n"
    "streets: a CSV name,kind,unit_code,wkt[,odd_side,direction,spacing_m] of\n"
    "  streets (kind street, a LINESTRING, unit_code the township) and village\n"
    "  groups (kind group, the seat POINT, unit_code the village-level unit),\n"
    "  registered as place names in use with their numbering rule (odd_side\n"
    "  left = 左单右双, the default; direction forward from the line's start).\n"
    "doorplates: a CSV code,kind,street,street_unit,number,building,entrance,\n"
    "  room,lon,lat,unit_code,state,state_date (as 'diming synth doorplates'\n"
    "  writes it): every plate checked by the D1-D4 rules; codes kept or\n"
    "  allocated.  --survey: the file is a survey of the plates on the walls:\n"
    "  taken numbers, wrong sides and sub-numbers out of order are imported as\n"
    "  warnings for the D1 report ('diming doorplates check').\n"
    "\n"
    "All or nothing: if any row is refused nothing is written and every bad row is\n"
    "listed (line, column, rule, value).  --rejects FILE writes the good rows and\n"
    "puts the bad ones, with their reasons, in FILE to correct and import again.\n"
    "--dry-run checks everything and writes nothing.  Importing the same file\n"
    "again changes nothing.\n";

/* Runs `import`.  Exit 0 when applied, 1 when refused or on error. */
int cli_cmd_import(const cli_env *env, int argc, char **argv)
{
    if (argc < 2 || cli_is_help(argv[1])) {
        fputs(import_help, argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_EUSAGE : CLI_OK;
    }
    const char *kind = argv[1], *file = NULL;
    int units = strcmp(kind, "units") == 0, streets = strcmp(kind, "streets") == 0;
    int plates = strcmp(kind, "doorplates") == 0;
    int bounds = strcmp(kind, "unit-boundaries") == 0;
    if (!units && !streets && !plates && !bounds)
        return cli_usage_error("import", "unknown kind '%s' (units, unit-boundaries, streets, "
                                         "doorplates)", kind);
    import_options opt = {.actor = cli_actor()};
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            fputs(import_help, stdout);
            return CLI_OK;
        } else if (strcmp(a, "--rejects") == 0) {
            if (!(opt.rejects_path = cli_option_value(argc, argv, &i)))
                return cli_usage_error("import", "--rejects needs a FILE");
        } else if (strcmp(a, "--dry-run") == 0) {
            opt.dry_run = 1;
        } else if (units && strcmp(a, "--map") == 0) {
            if (!(opt.map_path = cli_option_value(argc, argv, &i)))
                return cli_usage_error("import", "--map needs a FILE");
        } else if (units && strcmp(a, "--encoding") == 0) {
            import_encoding enc;
            if (!(opt.encoding = cli_option_value(argc, argv, &i)) ||
                import_encoding_parse(opt.encoding, &enc) != 0)
                return cli_usage_error("import", "--encoding must be auto, utf-8, gbk or gb18030");
        } else if (!units && strcmp(a, "--crs") == 0) {
            geo_crs crs;
            if (!(opt.crs = cli_option_value(argc, argv, &i)) ||
                geo_crs_parse(opt.crs, &crs) != GEO_OK)
                return cli_usage_error("import", "--crs must be EPSG:4490, EPSG:4326, "
                                                 "EPSG:4544 or gcj02");
        } else if (plates && strcmp(a, "--survey") == 0) {
            opt.survey = 1;
        } else if (bounds && strcmp(a, "--rename") == 0) {
            if (!(opt.rename_path = cli_option_value(argc, argv, &i)))
                return cli_usage_error("import", "--rename needs a FILE");
        } else if (bounds && strcmp(a, "--fix") == 0) {
            opt.fix = 1;
        } else if (a[0] != '-' && !file) {
            file = a;
        } else {
            return cli_usage_error("import", "unexpected argument '%s'", a);
        }
    }
    if (!file)
        return cli_usage_error("import", "%s needs a FILE", kind);
    reg_db *db = cli_open_db(env);
    if (!db)
        return CLI_EUSER;
    import_summary sum;
    int rc = units     ? import_units_csv(db, file, &opt, &sum)
             : streets ? import_streets(db, file, &opt, &sum)
             : plates  ? import_doorplates(db, file, &opt, &sum)
                       : import_unit_boundaries(db, file, &opt, &sum);
    reg_close(db);
    if (rc >= 0) {
        fputs(opt.dry_run ? "dry run: " : "", stdout);
        import_summary_print(&sum, stdout);
    }
    return rc == 0 ? CLI_OK : CLI_EUSER;
}
