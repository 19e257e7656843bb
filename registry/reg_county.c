/* The county's envelope and the import coordinate rule (see reg_county.h). */
#include <math.h>

#include "reg_county.h"
#include "reg_internal.h"

/* The envelope of 会宁县 in EPSG:4490: the extent of the 28 township
 * polygons of data/huining/townships.geojson (public repository
 * rooma1989/china_geo_data, commit 0bbf2c9, GCJ-02) converted to
 * CGCS2000, rounded outwards to 1e-4 degree.  Used only while the registry
 * holds no county or township polygon. */
static const reg_county_box county_builtin = {104.4945, 35.4127, 105.5224, 36.4359,
                                              "built-in envelope of 会宁县"};

/* See reg_county.h. */
void reg_county_box_builtin(reg_county_box *out)
{
    if (out)
        *out = county_builtin;
}

/* The extent of the polygons of one level group (1 county, 2 township
 * level) into out; 1 when there is one, 0 when none, or a negative status. */
static int county_extent(reg_db *db, int group, reg_county_box *out, reg_error *err)
{
    static const char sql[] =
        "SELECT min(MbrMinX(geom)), min(MbrMinY(geom)), max(MbrMaxX(geom)), max(MbrMaxY(geom))"
        " FROM units WHERE geom IS NOT NULL AND ((?1 = 1 AND level = 'county') OR"
        " (?1 = 2 AND level IN ('town', 'township', 'subdistrict')))";
    sqlite3_stmt *st = NULL;
    int rc = reg_prepare(db, sql, &st, err);
    if (rc != REG_OK)
        return rc;
    sqlite3_bind_int(st, 1, group);
    int found = 0;
    if (sqlite3_step(st) != SQLITE_ROW) {
        found = reg_error_sqlite(db, err);
    } else if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
        out->min_lon = sqlite3_column_double(st, 0);
        out->min_lat = sqlite3_column_double(st, 1);
        out->max_lon = sqlite3_column_double(st, 2);
        out->max_lat = sqlite3_column_double(st, 3);
        out->source = group == 1 ? "the county polygon" : "the township polygons";
        found = 1;
    }
    sqlite3_finalize(st);
    return found;
}

/* See reg_county.h. */
int reg_county_box_get(reg_db *db, reg_county_box *out, reg_error *err)
{
    if (!db || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    *out = county_builtin;
    for (int group = 1; group <= 2; group++) {
        int found = county_extent(db, group, out, err);
        if (found < 0) {
            *out = county_builtin;
            return found;
        }
        if (found)
            return REG_OK;
    }
    return REG_OK;
}

/* 1 if the box [x0, x1] x [y0, y1] lies within box plus the margin. */
static int county_holds(const reg_county_box *box, double x0, double y0, double x1, double y1)
{
    const double m = REG_COUNTY_MARGIN_DEG;
    return x0 >= box->min_lon - m && x1 <= box->max_lon + m && y0 >= box->min_lat - m &&
           y1 <= box->max_lat + m;
}

/* The refusal of (x, y) in EPSG:4490 (or the source values when they
 * could not be converted): swapped when swapped says so, else outside or
 * out of range. */
static int county_refuse(const reg_county_box *box, int swapped, int converted, double x,
                         double y, const char *field, reg_error *err)
{
    char en[320];
    if (swapped) {
        snprintf(en, sizeof en,
                 "(%.6f, %.6f) lies outside the county; probably swapped (lat, lon): "
                 "(%.6f, %.6f) lies inside",
                 x, y, y, x);
        return reg_error_set(err, REG_EINVAL, "swapped_coordinates", field,
                             "坐标在县域之外，可能经纬度颠倒（先纬度后经度）", en);
    }
    if (!converted) {
        snprintf(en, sizeof en, "(%.6f, %.6f) cannot be converted to EPSG:4490", x, y);
        return reg_error_set(err, REG_EINVAL, "coordinate_out_of_range", field,
                             "坐标超出范围或无法转换", en);
    }
    snprintf(en, sizeof en,
             "(%.6f, %.6f) lies outside the county (lon %.4f to %.4f, lat %.4f to %.4f, from %s, "
             "plus %.2f degree)",
             x, y, box->min_lon, box->max_lon, box->min_lat, box->max_lat, box->source,
             REG_COUNTY_MARGIN_DEG);
    return reg_error_set(err, REG_EINVAL, "outside_county", field, "坐标在县域范围之外", en);
}

/* 1 if (y, x) - the two values swapped - converts from crs into the box. */
static int county_swapped_point(geo_ctx *geo, const reg_county_box *box, geo_crs crs, double x,
                                double y)
{
    double sx = y, sy = x;
    if (county_holds(box, sx, sy, sx, sy))
        return 1;
    return geo_transform_point(geo, crs, GEO_CRS_4490, &sx, &sy) == GEO_OK &&
           county_holds(box, sx, sy, sx, sy);
}

/* See reg_county.h. */
int reg_county_point(geo_ctx *geo, const reg_county_box *box, geo_crs crs, double *x, double *y,
                     const char *field, reg_error *err)
{
    if (!geo || !box || !x || !y)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    double tx = *x, ty = *y;
    int converted = isfinite(tx) && isfinite(ty) &&
                    geo_transform_point(geo, crs, GEO_CRS_4490, &tx, &ty) == GEO_OK;
    if (converted && county_holds(box, tx, ty, tx, ty)) {
        *x = tx;
        *y = ty;
        return REG_OK;
    }
    int swapped = isfinite(*x) && isfinite(*y) && county_swapped_point(geo, box, crs, *x, *y);
    return converted ? county_refuse(box, swapped, 1, tx, ty, field, err)
                     : county_refuse(box, swapped, 0, *x, *y, field, err);
}

/* The envelope of g: 1, 0 when empty, -1 when it cannot be read. */
static int county_bounds(GEOSContextHandle_t h, const GEOSGeometry *g, double b[4])
{
    char empty = GEOSisEmpty_r(h, g);
    if (empty == 2)
        return -1;
    if (empty)
        return 0;
    return GEOSGeom_getXMin_r(h, g, &b[0]) && GEOSGeom_getYMin_r(h, g, &b[1]) &&
                   GEOSGeom_getXMax_r(h, g, &b[2]) && GEOSGeom_getYMax_r(h, g, &b[3])
               ? 1
               : -1;
}

/* See reg_county.h. */
int reg_county_geom(geo_ctx *geo, const reg_county_box *box, geo_crs crs, const GEOSGeometry *in,
                    GEOSGeometry **out, const char *field, reg_error *err)
{
    if (out)
        *out = NULL;
    if (!geo || !box || !in || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    GEOSContextHandle_t h = geo_ctx_geos(geo);
    double src[4], b[4];
    int has = county_bounds(h, in, src);
    if (has < 0)
        return reg_error_set(err, REG_EINVAL, "bad_geometry", field, "几何对象无法读取",
                             "the geometry cannot be read");
    int rc = geo_transform_geom(geo, crs, GEO_CRS_4490, in, out);
    if (rc == GEO_ENOMEM)
        return reg_error_set(err, REG_ENOMEM, "out_of_memory", "", "内存不足", "out of memory");
    if (!has)
        return rc == GEO_OK ? REG_OK
                            : reg_error_set(err, REG_EINVAL, "coordinate_out_of_range", field,
                                            "坐标超出范围或无法转换",
                                            "the geometry cannot be converted to EPSG:4490");
    if (rc == GEO_OK && county_bounds(h, *out, b) == 1 && county_holds(box, b[0], b[1], b[2], b[3]))
        return REG_OK;
    int converted = rc == GEO_OK;
    if (*out)
        GEOSGeom_destroy_r(h, *out);
    *out = NULL;
    /* swapped: the source envelope with its axes exchanged fits, directly
     * or after conversion of its two corners */
    double s0x = src[1], s0y = src[0], s1x = src[3], s1y = src[2];
    int swapped = county_holds(box, s0x, s0y, s1x, s1y) ||
                  (geo_transform_point(geo, crs, GEO_CRS_4490, &s0x, &s0y) == GEO_OK &&
                   geo_transform_point(geo, crs, GEO_CRS_4490, &s1x, &s1y) == GEO_OK &&
                   county_holds(box, s0x, s0y, s1x, s1y));
    if (converted) {
        int low = county_holds(box, b[0], b[1], b[0], b[1]);
        return county_refuse(box, swapped, 1, low ? b[2] : b[0], low ? b[3] : b[1], field, err);
    }
    return county_refuse(box, swapped, 0, src[0], src[1], field, err);
}
