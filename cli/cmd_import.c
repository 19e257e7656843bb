/* `diming import KIND FILE`: load files into the registry, one command for
 * every kind (`places import`, `boundaries import` and `inspections
 * import` come here too). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_args.h"
#include "import.h"
#include "import_encoding.h"

static const char import_help[] =
    "usage: diming [--db PATH] import KIND FILE [--rejects FILE] [--dry-run]\n"
    "              [--crs CRS] [--encoding E] [--map FILE]\n"
    "              [--survey] (doorplates) [--rename FILE.csv] [--fix] (unit-boundaries)\n"
    "\n"
    "FILE is a CSV, a GeoJSON FeatureCollection (.geojson, .json) or a\n"
    "shapefile (.shp, with its .dbf, .shx, .prj and .cpg beside it) where the\n"
    "kind says so; a GeoJSON feature or a shapefile record is a row like a CSV\n"
    "row (properties or DBF fields as columns, the geometry as the kind's\n"
    "lon,lat, x,y or wkt columns).  KIND is one of:\n"
    "units: a CSV, .geojson or .shp with the columns code,name,level,parent_code\n"
    "  (level is province, city, county, town, township, subdistrict, community\n"
    "  or village; a geometry is not read).  Every row is checked by the\n"
    "  division-code rules.\n"
    "unit-boundaries: a GeoJSON FeatureCollection or a .shp of polygons, matched\n"
    "  to units by a 'code' property or by 'name' (names that differ only in 乡/镇\n"
    "  match, with a warning; --rename maps old_name,new_name).  An invalid\n"
    "  polygon is refused with the reason unless --fix repairs it.\n"
    "places: existing standard names (status in use) from a CSV or .shp (columns\n"
    "  name, category, unit or lon,lat or wkt, code, valid_from, meaning, origin,\n"
    "  ...) or a GeoJSON FeatureCollection; their rule findings are listed as\n"
    "  warnings.\n"
    "streets: a CSV, .geojson or .shp name,kind,unit_code,wkt[,odd_side,\n"
    "  direction,spacing_m,code,valid_from,order] of streets (kind street, a\n"
    "  LINESTRING, unit_code the township) and village groups (kind group, the\n"
    "  seat POINT, unit_code the village-level unit), registered as place names\n"
    "  in use with their numbering rule (odd_side left = 左单右双, the default;\n"
    "  direction forward from the line's start; a group's order distance from\n"
    "  its seat, the default, or staff: in the order the staff give).\n"
    "  'diming export streets' files import unchanged.\n"
    "doorplates: a CSV, .geojson or .shp of points code,kind,street,street_unit,\n"
    "  number,building,entrance,room,lon,lat,unit_code,state,state_date (as\n"
    "  'diming synth doorplates' writes it): every plate checked by the D1-D4\n"
    "  rules; codes kept or allocated.  --survey: the file is a survey of the\n"
    "  plates on the walls: taken numbers, wrong sides and sub-numbers out of\n"
    "  order are imported as warnings for the D1 report ('diming doorplates\n"
    "  check').\n"
    "boundary-lines: GeoJSON LineStrings (or a CSV with a wkt column, or a .shp\n"
    "  of lines) with number, level, left_code, left_name, right_code,\n"
    "  right_name, agreement, description, last_joint_check.\n"
    "markers: GeoJSON Points (or a CSV with x, y or lon, lat columns, or a .shp\n"
    "  of points) with id, material, year_set, condition, refs (CSV\n"
    "  name/bearing/distance;...).\n"
    "inspections: a CSV of records collected offline (client_id, marker, round,\n"
    "  observed_at, inspector, lon, lat, crs, condition, action, photos ...).\n"
    "\n"
    "--crs: the coordinates' CRS, EPSG:4490 (default), EPSG:4326, EPSG:4544\n"
    "  (E/N metres) or gcj02.  A shapefile's .prj gives its CRS (--crs must\n"
    "  agree: crs_conflict; a .prj of another CRS: unknown_prj; without a .prj\n"
    "  --crs is needed: missing_prj).  After conversion every coordinate must\n"
    "  lie in the county's envelope (from its polygons, plus 0.1 degree): else\n"
    "  the row is refused (outside_county, or swapped_coordinates when lat and\n"
    "  lon look exchanged).\n"
    "--encoding: a CSV is read as UTF-8 (BOM allowed) when every byte is valid\n"
    "  UTF-8, else as GBK/GB18030 (as Chinese office software saves it); a\n"
    "  shapefile's DBF text as its .cpg says, else GBK when its language driver\n"
    "  is code page 936, else UTF-8 (GB18030 with a warning when that fails);\n"
    "  auto, utf-8, gbk or gb18030 says which.\n"
    "--map FILE: a CSV of column,source rows naming the file's own heading (a\n"
    "  CSV's or a DBF field's; a GeoJSON property's for units, streets and\n"
    "  doorplates) for each column (e.g. code,区划代码).\n"
    "All or nothing: if any row is refused nothing is written and every bad row is\n"
    "listed (line, column, rule, value).  --rejects FILE writes the good rows and\n"
    "puts the bad ones, with their reasons, in FILE to correct and import again.\n"
    "--dry-run checks everything and writes nothing.  Importing the same file\n"
    "again changes nothing.  On a terminal the rows per second and the time left\n"
    "are shown while it runs; a one-line summary ends every import.\n";

/* Boundary lines from GeoJSON, CSV or a shapefile. */
static int import_lines(reg_db *db, const char *path, const import_options *opt,
                        import_summary *sum)
{
    return import_boundary_file(db, path, "lines", opt, sum);
}

/* Boundary markers from GeoJSON, CSV or a shapefile. */
static int import_markers(reg_db *db, const char *path, const import_options *opt,
                          import_summary *sum)
{
    return import_boundary_file(db, path, "markers", opt, sum);
}

/* Lines or markers, as the file shows (`boundaries import` without --kind). */
static int import_bound_guess(reg_db *db, const char *path, const import_options *opt,
                              import_summary *sum)
{
    return import_boundary_file(db, path, NULL, opt, sum);
}

enum {
    KIND_ENCODING = 1, /* --encoding: a CSV's text or a shapefile's DBF */
    KIND_CRS = 2,      /* --crs (a shapefile without .prj needs it) */
    KIND_SURVEY = 4,   /* --survey */
    KIND_UNITS = 8,    /* --rename, --fix */
    KIND_GUESS = 16,   /* --kind lines|markers */
    KIND_MAP = 32,     /* --map: the kind's columns read from rows */
    KIND_ROWS = KIND_ENCODING | KIND_CRS | KIND_MAP
};

typedef int (*import_kind_fn)(reg_db *db, const char *path, const import_options *opt,
                              import_summary *sum);

/* A kind of import: its name, its reader, the options it takes. */
typedef struct import_kind {
    const char *name;
    import_kind_fn fn;
    unsigned flags;
} import_kind;

static const import_kind import_kinds[] = {
    {"units", import_units_csv, KIND_ROWS},
    {"unit-boundaries", import_unit_boundaries, KIND_ENCODING | KIND_CRS | KIND_UNITS},
    {"places", import_places, KIND_ROWS},
    {"streets", import_streets, KIND_ROWS},
    {"doorplates", import_doorplates, KIND_ROWS | KIND_SURVEY},
    {"boundary-lines", import_lines, KIND_ROWS},
    {"markers", import_markers, KIND_ROWS},
    {"inspections", import_inspections_csv, KIND_ROWS},
    {"boundaries", import_bound_guess, KIND_ROWS | KIND_GUESS}, /* the alias */
};
#define IMPORT_KINDS (sizeof import_kinds / sizeof import_kinds[0])

/* The kind named name, or NULL. */
static const import_kind *kind_find(const char *name)
{
    for (size_t k = 0; k < IMPORT_KINDS; k++)
        if (strcmp(import_kinds[k].name, name) == 0)
            return &import_kinds[k];
    return NULL;
}

/* Parses one option of kind k at argv[*i] into opt (or *kind for
 * --kind).  0, 1 when it is not an option of k, or a usage error status. */
static int kind_option(const char *command, const import_kind **k, int argc, char **argv, int *i,
                       import_options *opt)
{
    const char *a = argv[*i];
    unsigned f = (*k)->flags;
    if (strcmp(a, "--rejects") == 0) {
        if (!(opt->rejects_path = cli_option_value(argc, argv, i)))
            return cli_usage_error(command, "--rejects needs a FILE");
    } else if (strcmp(a, "--dry-run") == 0) {
        opt->dry_run = 1;
    } else if ((f & KIND_MAP) && strcmp(a, "--map") == 0) {
        if (!(opt->map_path = cli_option_value(argc, argv, i)))
            return cli_usage_error(command, "--map needs a FILE");
    } else if ((f & KIND_ENCODING) && strcmp(a, "--encoding") == 0) {
        import_encoding enc;
        if (!(opt->encoding = cli_option_value(argc, argv, i)) ||
            import_encoding_parse(opt->encoding, &enc) != 0)
            return cli_usage_error(command, "--encoding must be auto, utf-8, gbk or gb18030");
    } else if ((f & KIND_CRS) && strcmp(a, "--crs") == 0) {
        geo_crs crs;
        if (!(opt->crs = cli_option_value(argc, argv, i)) || geo_crs_parse(opt->crs, &crs) != GEO_OK)
            return cli_usage_error(command, "--crs must be EPSG:4490, EPSG:4326, EPSG:4544 or "
                                            "gcj02");
    } else if ((f & KIND_SURVEY) && strcmp(a, "--survey") == 0) {
        opt->survey = 1;
    } else if ((f & KIND_UNITS) && strcmp(a, "--rename") == 0) {
        if (!(opt->rename_path = cli_option_value(argc, argv, i)))
            return cli_usage_error(command, "--rename needs a FILE");
    } else if ((f & KIND_UNITS) && strcmp(a, "--fix") == 0) {
        opt->fix = 1;
    } else if ((f & KIND_GUESS) && strcmp(a, "--kind") == 0) {
        const char *v = cli_option_value(argc, argv, i);
        *k = !v ? NULL : strcmp(v, "lines") == 0 ? kind_find("boundary-lines")
                     : strcmp(v, "markers") == 0 ? kind_find("markers")
                                                 : NULL;
        if (!*k)
            return cli_usage_error(command, "--kind is lines or markers");
    } else {
        return 1;
    }
    return 0;
}

/* See cli.h. */
int cli_import_kind(const cli_env *env, const char *command, const char *kind, int argc,
                    char **argv)
{
    const import_kind *k = kind ? kind_find(kind) : NULL;
    if (!env || !command || !k)
        return cli_usage_error(command ? command : "import",
                               "unknown kind '%s' (units, unit-boundaries, places, streets, "
                               "doorplates, boundary-lines, markers, inspections)",
                               kind ? kind : "");
    import_options opt = {.actor = cli_actor()};
    const char *file = NULL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            fputs(import_help, stdout);
            return CLI_OK;
        }
        int rc = kind_option(command, &k, argc, argv, &i, &opt);
        if (rc == 1 && a[0] != '-' && !file)
            file = a;
        else if (rc == 1)
            return cli_usage_error(command, "unexpected argument '%s' for %s", a, k->name);
        else if (rc != 0)
            return rc;
    }
    if (!file)
        return cli_usage_error(command, "%s needs a FILE", kind);
    reg_db *db = cli_open_db(env);
    if (!db)
        return CLI_EUSER;
    import_summary sum;
    int rc = k->fn(db, file, &opt, &sum);
    reg_close(db);
    if (rc >= 0) {
        fputs(opt.dry_run ? "dry run: " : "", stdout);
        import_summary_print(&sum, stdout);
    }
    return rc == 0 ? CLI_OK : CLI_EUSER;
}

/* Runs `import KIND FILE ...`.  Exit 0 when applied, 1 when refused or on
 * error, 2 on a usage error. */
int cli_cmd_import(const cli_env *env, int argc, char **argv)
{
    if (argc < 2 || cli_is_help(argv[1])) {
        fputs(import_help, argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_EUSAGE : CLI_OK;
    }
    if (strcmp(argv[1], "boundaries") == 0) /* an alias's own name, not a kind */
        return cli_usage_error("import", "unknown kind 'boundaries' (boundary-lines, markers)");
    return cli_import_kind(env, "import", argv[1], argc - 2, argv + 2);
}
