/*
 * import_bound.c: boundary lines and markers from GeoJSON or CSV (see
 * import.h).  Geometry comes in the CRS of the options (EPSG:4490 by
 * default; EPSG:4544 for a 界桩成果表 in metres) and is stored in
 * EPSG:4490 through the same registry writes as the API.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import_csv.h"
#include "import_internal.h"
#include "reg_boundaries.h"

#define BOUND_REFS_MAX 8

/* Reads a GeoJSON geometry (or WKT when wkt is not NULL) in the source
 * CRS (run->crs) into a new EPSG:4490 geometry, under the county
 * coordinate rule. */
static int bound_geometry(import_run *run, reg_db *db, json_t *geojson, const char *wkt,
                          GEOSGeometry **out, reg_error *err)
{
    geo_ctx *geo = reg_geo(db);
    char reason[GEO_ERRLEN] = "";
    GEOSGeometry *g = NULL;
    *out = NULL;
    int grc = wkt ? geo_wkt_read(geo, wkt, &g, reason, sizeof reason)
                  : geo_geojson_read(geo, geojson, &g, reason, sizeof reason);
    if (grc != GEO_OK) {
        char en[GEO_ERRLEN + 40];
        snprintf(en, sizeof en, "the geometry is malformed: %s", reason);
        return reg_error_set(err, REG_EINVAL, "bad_geometry", "geometry", "几何对象格式错误", en);
    }
    int rc = import_geom(run, db, run->crs, g, out, wkt ? "wkt" : "geometry", err);
    GEOSGeom_destroy_r(geo_ctx_geos(geo), g);
    return rc;
}

/* The level of a line whose level is not given: township when both codes
 * have 9 digits. */
static const char *bound_level(const char *level, const char *left, const char *right)
{
    if (level)
        return level;
    return left && right && strlen(left) == 9 && strlen(right) == 9 ? "township" : "county";
}

/* Registers a line from its fields and geometry. */
static int bound_line(reg_db *db, const char *actor, reg_line_input *in, GEOSGeometry *g,
                      char *outcome, reg_error *err)
{
    in->level = bound_level(in->level, in->left_code, in->right_code);
    in->geometry = g;
    int rc = reg_boundary_upsert(db, actor, in, outcome, err);
    GEOSGeom_destroy_r(geo_ctx_geos(reg_geo(db)), g);
    return rc;
}

/* A property as a string, or NULL. */
static const char *prop(json_t *props, const char *key)
{
    return json_string_value(json_object_get(props, key));
}

/* import_feature_fn for a line feature. */
static int line_feature(import_run *run, reg_db *db, json_t *feature, long number, void *ctx,
                        char *outcome, reg_error *err)
{
    (void)ctx;
    json_t *p = json_object_get(feature, "properties");
    int rc = import_unique(run, "number", prop(p, "number"), number, err);
    if (rc != REG_OK)
        return rc;
    reg_line_input in = {.number = prop(p, "number"), .level = prop(p, "level"),
                         .left_code = prop(p, "left_code"), .left_name = prop(p, "left_name"),
                         .right_code = prop(p, "right_code"), .right_name = prop(p, "right_name"),
                         .agreement = prop(p, "agreement"), .description = prop(p, "description"),
                         .last_joint_check = prop(p, "last_joint_check")};
    GEOSGeometry *g = NULL;
    rc = bound_geometry(run, db, json_object_get(feature, "geometry"), NULL, &g, err);
    return rc == REG_OK ? bound_line(db, run->opt->actor, &in, g, outcome, err) : rc;
}

/* import_row_fn for a line row (the geometry as WKT). */
static int line_row(import_run *run, reg_db *db, const import_row *row, void *ctx,
                    char *outcome, reg_error *err)
{
    (void)ctx;
    reg_line_input in = {.number = import_row_get(row, "number"),
                         .level = import_row_get(row, "level"),
                         .left_code = import_row_get(row, "left_code"),
                         .left_name = import_row_get(row, "left_name"),
                         .right_code = import_row_get(row, "right_code"),
                         .right_name = import_row_get(row, "right_name"),
                         .agreement = import_row_get(row, "agreement"),
                         .description = import_row_get(row, "description"),
                         .last_joint_check = import_row_get(row, "last_joint_check")};
    int rc = import_unique(run, "number", in.number, row->line, err);
    if (rc != REG_OK)
        return rc;
    GEOSGeometry *g = NULL;
    const char *wkt = import_row_get(row, "wkt");
    rc = bound_geometry(run, db, NULL, wkt ? wkt : "", &g, err);
    return rc == REG_OK ? bound_line(db, run->opt->actor, &in, g, outcome, err) : rc;
}

/* The out_of_memory error. */
static int no_memory(reg_error *err)
{
    return reg_error_set(err, REG_ENOMEM, "out_of_memory", "", "内存不足", "out of memory");
}

/* The ref_invalid error. */
static int bad_refs(reg_error *err)
{
    return reg_error_set(err, REG_EINVAL, "ref_invalid", "refs",
                         "方位物格式错误（名称/方位角/距离，分号分隔）",
                         "reference objects are name/bearing/distance separated by ';'");
}

/* Converts a marker's point from the source CRS (run->crs) under the
 * county coordinate rule (field names the column for the report) and
 * registers it. */
static int bound_marker(import_run *run, reg_db *db, reg_marker_input *in, double x, double y,
                        const char *field, char *outcome, reg_error *err)
{
    int rc = import_point(run, db, run->crs, &x, &y, field, err);
    if (rc != REG_OK)
        return rc;
    in->lon = x;
    in->lat = y;
    return reg_marker_upsert(db, run->opt->actor, in, outcome, err);
}

/* Parses "name/bearing/distance;..." into r (at most BOUND_REFS_MAX);
 * text is changed in place.  The count, or -1. */
static long parse_refs(char *text, reg_marker_ref *r)
{
    long n = 0;
    for (char *save = NULL, *item = strtok_r(text, ";", &save); item;
         item = strtok_r(NULL, ";", &save)) {
        char *b = strchr(item, '/'), *d = b ? strchr(b + 1, '/') : NULL;
        if (!d || n >= BOUND_REFS_MAX)
            return -1;
        *b = *d = '\0';
        if (import_number(b + 1, &r[n].bearing_deg) || import_number(d + 1, &r[n].distance_m))
            return -1;
        r[n++].name = item;
    }
    return n;
}

/* Reads a feature's refs into r (at most BOUND_REFS_MAX): an array of
 * {name, bearing_deg, distance_m}, or the text parse_refs reads (as
 * `diming export markers` writes it), then parsed in *text (the caller
 * frees it).  The count, -1 when malformed, -2 when memory runs out. */
static long feature_refs(json_t *refs, reg_marker_ref *r, char **text)
{
    *text = NULL;
    if (json_is_string(refs)) {
        if (!(*text = strdup(json_string_value(refs))))
            return -2;
        return parse_refs(*text, r);
    }
    size_t n = json_array_size(refs), i;
    json_t *ref;
    if (n > BOUND_REFS_MAX || (refs && !json_is_null(refs) && !json_is_array(refs)))
        return -1;
    json_array_foreach(refs, i, ref) {
        json_t *b = json_object_get(ref, "bearing_deg"), *d = json_object_get(ref, "distance_m");
        if (!json_is_number(b) || !json_is_number(d))
            return -1;
        r[i] = (reg_marker_ref){prop(ref, "name"), json_number_value(b), json_number_value(d)};
    }
    return (long)n;
}

/* import_feature_fn for a marker feature (a Point). */
static int marker_feature(import_run *run, reg_db *db, json_t *feature, long number, void *ctx,
                          char *outcome, reg_error *err)
{
    (void)ctx;
    json_t *p = json_object_get(feature, "properties");
    int rc = import_unique(run, "id", prop(p, "id"), number, err);
    if (rc != REG_OK)
        return rc;
    json_t *coords = json_object_get(json_object_get(feature, "geometry"), "coordinates");
    const char *type = json_string_value(json_object_get(json_object_get(feature, "geometry"),
                                                         "type"));
    if (!type || strcmp(type, "Point") != 0 || !json_is_number(json_array_get(coords, 0)) ||
        !json_is_number(json_array_get(coords, 1)))
        return reg_error_set(err, REG_EINVAL, "geometry_not_point", "geometry", "界桩几何应为点",
                             "a marker is a Point");
    json_t *year = json_object_get(p, "year_set");
    if (year && !json_is_integer(year) && !json_is_null(year))
        return reg_error_set(err, REG_EINVAL, "bad_year", "year_set", "埋设年份应为整数",
                             "the year set is an integer");
    reg_marker_ref r[BOUND_REFS_MAX + 1];
    char *text = NULL;
    long n = feature_refs(json_object_get(p, "refs"), r, &text);
    if (n == -2)
        rc = no_memory(err);
    else if (n < 0)
        rc = bad_refs(err);
    else {
        reg_marker_input in = {.id = prop(p, "id"), .material = prop(p, "material"),
                               .year_set = (int)json_integer_value(year),
                               .condition = prop(p, "condition"), .refs = r, .nrefs = (size_t)n};
        rc = bound_marker(run, db, &in, json_number_value(json_array_get(coords, 0)),
                          json_number_value(json_array_get(coords, 1)), "geometry", outcome, err);
    }
    free(text);
    return rc;
}

/* A row's value of column, or else of the column other (NULL if neither). */
static const char *row_either(const import_row *row, const char *column, const char *other)
{
    const char *v = import_row_get(row, column);
    return v ? v : import_row_get(row, other);
}

/* import_row_fn for a marker row: id, x and y (in the source CRS: lon/lat
 * or E/N; or lon and lat, as `diming export markers` writes them),
 * material, year_set, condition, refs. */
static int marker_row(import_run *run, reg_db *db, const import_row *row, void *ctx,
                      char *outcome, reg_error *err)
{
    (void)ctx;
    double x, y, year = 0;
    int rc = import_unique(run, "id", import_row_get(row, "id"), row->line, err);
    if (rc != REG_OK)
        return rc;
    const char *field = import_row_get(row, "x") ? "x" : "lon";
    if (import_number(row_either(row, "x", "lon"), &x) ||
        import_number(row_either(row, "y", "lat"), &y))
        return reg_error_set(err, REG_EINVAL, "bad_geometry", field, "坐标应为数字",
                             "the coordinates are numbers");
    const char *year_text = import_row_get(row, "year_set");
    if (year_text && (import_number(year_text, &year) || year != (int)year))
        return reg_error_set(err, REG_EINVAL, "bad_year", "year_set", "埋设年份应为整数",
                             "the year set is an integer");
    const char *refs_text = import_row_get(row, "refs");
    char *refs = refs_text ? strdup(refs_text) : NULL;
    reg_marker_ref r[BOUND_REFS_MAX];
    long n = refs ? parse_refs(refs, r) : 0;
    if (refs_text && !refs)
        rc = no_memory(err);
    else if (n < 0)
        rc = bad_refs(err);
    else {
        reg_marker_input in = {.id = import_row_get(row, "id"),
                               .material = import_row_get(row, "material"),
                               .year_set = (int)year,
                               .condition = import_row_get(row, "condition"),
                               .refs = r, .nrefs = (size_t)n};
        rc = bound_marker(run, db, &in, x, y, field, outcome, err);
    }
    free(refs);
    return rc;
}

/* The shape type of a shapefile's header (1, 11, 21: points), or -1. */
static int shp_type(const char *path)
{
    unsigned char h[4];
    FILE *f = fopen(path, "rb");
    int ok = f && fseek(f, 32, SEEK_SET) == 0 && fread(h, 1, 4, f) == 4;
    if (f)
        fclose(f);
    return ok ? h[0] | h[1] << 8 | h[2] << 16 | h[3] << 24 : -1;
}

/* Guesses the kind of a file: markers when its first feature is a Point,
 * its header has x (or lon) or its shapes are points; lines otherwise.
 * NULL when it cannot be read (the import reports why). */
static const char *bound_kind(const char *path, int csv, int shp)
{
    if (shp) {
        int type = shp_type(path);
        return type < 0 ? NULL : type == 1 || type == 11 || type == 21 ? "markers" : "lines";
    }
    if (csv) {
        import_csv *r = NULL;
        char err[128], **f;
        size_t n;
        long line;
        const char *kind = NULL;
        if (import_csv_open(path, &r, err, sizeof err) == 0 &&
            import_csv_next(r, &f, &n, &line, err, sizeof err) == 1) {
            kind = "lines";
            for (size_t i = 0; i < n; i++)
                if (strcmp(f[i], "x") == 0 || strcmp(f[i], "lon") == 0)
                    kind = "markers";
        }
        import_csv_close(r);
        return kind;
    }
    json_t *doc = json_load_file(path, 0, NULL);
    json_t *first = json_array_get(json_object_get(doc, "features"), 0);
    const char *type = json_string_value(json_object_get(json_object_get(first, "geometry"), "type"));
    const char *kind = !doc ? NULL : type && strcmp(type, "Point") == 0 ? "markers" : "lines";
    json_decref(doc);
    return kind;
}

/* See import.h. */
int import_boundary_file(reg_db *db, const char *path, const char *kind,
                         const import_options *opt, import_summary *sum)
{
    if (!db || !path || !opt || !sum)
        return -1;
    import_run run;
    import_run_start(&run, path, opt, sum);
    if (import_run_crs(&run) != 0)
        return 1;
    size_t len = strlen(path);
    int shp = import_is_shp(path);
    int csv = shp || (len >= 4 && strcasecmp(path + len - 4, ".csv") == 0);
    if (!kind && !(kind = bound_kind(path, csv, shp))) {
        fprintf(run.report, "%s: cannot be read\n", path);
        return 1;
    }
    int lines = strcmp(kind, "lines") == 0;
    if (!lines && strcmp(kind, "markers") != 0) {
        fprintf(run.report, "unknown kind %s (lines or markers)\n", kind);
        return 1;
    }
    static const char *const line_cols[] = {"number", "left_code", "right_code", "wkt", NULL};
    static const char *const marker_cols[] = {"id", "x|lon", "y|lat", NULL};
    static const import_shape_columns line_shape = {.collection = "boundary-lines",
                                                    .wkt = "wkt"};
    static const import_shape_columns marker_shape = {.collection = "markers", .x = "x",
                                                      .y = "y"};
    run.shape = lines ? &line_shape : &marker_shape;
    if (csv)
        return import_rows_apply(&run, db, lines ? line_cols : marker_cols,
                                 lines ? line_row : marker_row, NULL);
    return import_features(&run, db, lines ? line_feature : marker_feature, NULL);
}
