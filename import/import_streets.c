/* Importing streets and village groups to number (see import.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "import_table.h"
#include "reg_doorplates.h"

enum {
    ST_NAME, ST_KIND, ST_UNIT, ST_WKT, ST_ODD, ST_DIRECTION, ST_SPACING, ST_CODE, ST_VALID_FROM,
    ST_STATUS, ST_VALID_TO, ST_ORDER, ST_COUNT
};
static const char *const st_columns[ST_COUNT] = {
    "name",      "kind", "unit_code",  "wkt",    "odd_side", "direction",
    "spacing_m", "code", "valid_from", "status", "valid_to", "order"};
/* status and valid_to, which `diming export streets` writes, are read
 * past: an imported street is a name in use. */
static const char *const st_required[] = {"name", "kind", "unit_code", "wkt", NULL};

/* Reads the row's WKT (in run->crs) into a new geometry in EPSG:4490,
 * under the county coordinate rule. */
static int read_wkt(import_run *run, reg_db *db, const char *text, GEOSGeometry **out,
                    reg_error *err)
{
    GEOSContextHandle_t h = geo_ctx_geos(reg_geo(db));
    GEOSWKTReader *r = GEOSWKTReader_create_r(h);
    GEOSGeometry *g = r ? GEOSWKTReader_read_r(h, r, text) : NULL;
    if (r)
        GEOSWKTReader_destroy_r(h, r);
    *out = NULL;
    if (!g)
        return reg_error_set(err, REG_EINVAL, "bad_wkt", "wkt", "几何不是有效的 WKT",
                             "the geometry is not valid WKT");
    int rc = import_geom(run, db, run->crs, g, out, "wkt", err);
    GEOSGeom_destroy_r(h, g);
    return rc;
}

/* Applies the current row.  0 (applied or refused), -1 on a storage
 * failure. */
static int apply_row(import_table *t, reg_db *db)
{
    reg_error err = {0};
    GEOSGeometry *g = NULL;
    reg_axis_input in = {.name = import_table_value(t, ST_NAME),
                         .kind = import_table_value(t, ST_KIND),
                         .unit_code = import_table_value(t, ST_UNIT),
                         .odd_side = import_table_value(t, ST_ODD),
                         .direction = import_table_value(t, ST_DIRECTION),
                         .order = import_table_value(t, ST_ORDER),
                         .code = import_table_value(t, ST_CODE),
                         .valid_from = import_table_value(t, ST_VALID_FROM)};
    const char *spacing = import_table_value(t, ST_SPACING);
    int rc = read_wkt(t->run, db, import_table_value(t, ST_WKT), &g, &err);
    if (rc == REG_OK && spacing[0]) {
        char *end;
        errno = 0;
        in.spacing_m = strtod(spacing, &end);
        if (errno || *end || !isfinite(in.spacing_m) || in.spacing_m == 0.0)
            rc = reg_error_set(&err, REG_EINVAL, "bad_spacing", "spacing_m",
                               "门牌间距应在 1 至 100 米之间", "the spacing must be 1 to 100 metres");
    }
    in.geometry = g;
    long id = 0;
    char outcome = '=';
    if (rc == REG_OK)
        rc = reg_axis_import(db, t->run->opt->actor, &in, &id, &outcome, &err);
    if (g)
        GEOSGeom_destroy_r(geo_ctx_geos(reg_geo(db)), g);
    if (rc == REG_EIO || rc == REG_ENOMEM) {
        fprintf(t->run->report, "%s:%ld: %s\n", t->run->path, t->line, err.message_en);
        return -1;
    }
    if (rc != REG_OK)
        import_table_reject(t, &err, in.name);
    else
        import_count(t->run->sum, outcome);
    return 0;
}

/* See import.h. */
int import_streets(reg_db *db, const char *path, const import_options *opt,
                   import_summary *sum)
{
    if (!db || !path || !opt || !sum)
        return -1;
    import_run run;
    import_run_start(&run, path, opt, sum);
    if (import_run_crs(&run) != 0)
        return 1;
    static const import_shape_columns shape = {.collection = "streets", .wkt = "wkt"};
    run.shape = &shape;
    import_table t;
    reg_error err = {0};
    int rc = import_table_open(&t, &run, st_columns, ST_COUNT, st_required); /* .prj: run.crs */
    if (rc == 0 && reg_tx_begin(db, &err) != REG_OK) {
        fprintf(run.report, "%s: %s\n", path, err.message_en);
        rc = -1;
    }
    if (rc != 0) {
        import_table_close(&t, 0);
        import_run_end(&run);
        return rc;
    }
    while (rc == 0 && import_table_next(&t))
        rc = apply_row(&t, db);
    if (rc != 0)
        reg_tx_rollback(db);
    else
        rc = import_finish(&run, db);
    import_table_close(&t, rc == 0);
    import_run_end(&run);
    return rc;
}
