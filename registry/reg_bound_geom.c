/*
 * reg_bound_geom.c: geometry chores of the boundary files - reading stored
 * WKB, projecting to EPSG:4544 where every distance is measured and back,
 * and rounding numbers for JSON (degrees to 7 decimals, metres to 2).
 */
#include <math.h>

#include "reg_bound_internal.h"

/* See reg_bound_internal.h. */
int reg_wkb_geom(reg_db *db, const void *wkb, int len, GEOSGeometry **out, reg_error *err)
{
    *out = NULL;
    if (!wkb || len <= 0 || geo_wkb_read(db->geo, wkb, (size_t)len, out) != GEO_OK)
        return reg_error_set(err, REG_EIO, "geometry_corrupt", "geometry",
                             "存储的几何对象无法读取", "a stored geometry cannot be read");
    return REG_OK;
}

/* See reg_bound_internal.h. */
int reg_to_4544(reg_db *db, const GEOSGeometry *g, GEOSGeometry **out, reg_error *err)
{
    int grc = geo_transform_geom(db->geo, GEO_CRS_4490, GEO_CRS_4544, g, out);
    if (grc == GEO_ENOMEM)
        return reg_error_nomem(err);
    if (grc != GEO_OK)
        return reg_error_set(err, REG_EIO, "geometry_error", "geometry",
                             "几何对象无法投影到EPSG:4544",
                             "a geometry cannot be projected to EPSG:4544");
    return REG_OK;
}

/* See reg_bound_internal.h. */
int reg_xy_4544(reg_db *db, double lon, double lat, double *x, double *y, reg_error *err)
{
    *x = lon;
    *y = lat;
    if (geo_transform_point(db->geo, GEO_CRS_4490, GEO_CRS_4544, x, y) != GEO_OK)
        return reg_error_set(err, REG_EINVAL, "coordinate_out_of_range", "position",
                             "坐标超出范围", "coordinate out of range");
    return REG_OK;
}

/* See reg_bound_internal.h. */
int reg_xy_4490(reg_db *db, double x, double y, double *lon, double *lat, reg_error *err)
{
    *lon = x;
    *lat = y;
    if (geo_transform_point(db->geo, GEO_CRS_4544, GEO_CRS_4490, lon, lat) != GEO_OK)
        return reg_error_set(err, REG_EIO, "geometry_error", "position",
                             "坐标无法转换", "a coordinate cannot be transformed");
    return REG_OK;
}

/* See reg_bound_internal.h. */
void reg_geom_free(reg_db *db, GEOSGeometry *g)
{
    if (g)
        GEOSGeom_destroy_r(geo_ctx_geos(db->geo), g);
}

/* See reg_bound_internal.h.  Non-finite values become null. */
json_t *reg_json_real(double v, int decimals)
{
    if (!isfinite(v))
        return json_null();
    double scale = pow(10, decimals);
    double r = round(v * scale) / scale;
    return json_real(r == 0 ? 0.0 : r); /* no -0 */
}
