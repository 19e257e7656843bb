/* Export as an RFC 7946 GeoJSON FeatureCollection, one feature a line,
 * coordinates with every digit of the stored doubles. */
#include <errno.h>
#include <string.h>

#include "import_export_internal.h"

/* The writer's state. */
typedef struct geojson_out {
    import_export_run *run;
    FILE *f;
} geojson_out;

/* reg_feature_fn: writes one feature with a geometry, counts one
 * without.  1 on failure (run->err). */
static int geojson_feature(void *cls, const reg_feature *f)
{
    geojson_out *o = cls;
    import_export_run *run = o->run;
    GEOSGeometry *g = NULL;
    if (import_export_geometry(run, f, &g) != 0)
        return 1;
    if (!g) {
        run->sum->no_geometry++;
        return 0;
    }
    json_t *geom = geo_geojson_write(reg_geo(run->db), g, GEO_GEOJSON_EXACT);
    GEOSGeom_destroy_r(geo_ctx_geos(reg_geo(run->db)), g);
    json_t *props = reg_feature_properties(run->c, f);
    json_t *feature = geom && props ? json_pack("{s:s, s:s, s:O, s:O}", "type", "Feature", "id",
                                                f->id, "properties", props, "geometry", geom)
                                    : NULL;
    json_decref(geom);
    json_decref(props);
    if (!feature)
        return import_export_fail(run, "feature %s cannot be written as GeoJSON", f->id);
    int rc = (run->sum->written > 0 && fputs(",\n", o->f) == EOF) ||
             json_dumpf(feature, o->f, JSON_COMPACT | JSON_REAL_PRECISION(17)) != 0;
    json_decref(feature);
    if (rc)
        return import_export_fail(run, "write error");
    run->sum->written++;
    return 0;
}

/* See import_export_internal.h.  Coordinates in EPSG:4544 carry a "crs"
 * member (the 2008 GeoJSON form GDAL reads); lon/lat ones none. */
int import_export_geojson(import_export_run *run, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return import_export_fail(run, "cannot create the file: %s", strerror(errno));
    geojson_out o = {run, f};
    fprintf(f, "{\"type\":\"FeatureCollection\",\"name\":\"%s\"", run->c->id);
    if (run->crs == GEO_CRS_4544)
        fputs(",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::4544\"}}",
              f);
    fputs(",\"features\":[\n", f);
    int rc = reg_features_read(run->db, run->c, &run->q, geojson_feature, &o, NULL, &run->reg);
    rc = import_export_read_result(run, rc);
    if (fputs("\n]}\n", f) == EOF || ferror(f))
        rc = rc ? rc : import_export_fail(run, "write error");
    if (fclose(f) != 0)
        rc = rc ? rc : import_export_fail(run, "write error");
    return rc;
}
