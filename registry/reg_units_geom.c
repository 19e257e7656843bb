/*
 * reg_units_geom.c: a unit's polygon in and out of the database.  Stored
 * as a SpatiaLite MULTIPOLYGON in EPSG:4490 made from WKB with
 * GeomFromWKB(?, 4490); read back with AsBinary.  SpatiaLite's triggers
 * keep the spatial index in step.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reg_internal.h"

/* REG_EINVAL with a geometry_* code on the field "geometry". */
static int geom_error(reg_error *err, const char *code, const char *zh, const char *en,
                      const char *detail)
{
    return reg_error_detail(err, REG_EINVAL, code, "geometry", zh, en, detail);
}

/* Checks type, emptiness, SRID and the coordinate range of g. */
static int check_shape(GEOSContextHandle_t h, const GEOSGeometry *g, reg_error *err)
{
    int type = GEOSGeomTypeId_r(h, g);
    if (type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON)
        return geom_error(err, "geometry_type", "边界必须是面（Polygon或MultiPolygon）",
                          "the boundary must be a Polygon or MultiPolygon", NULL);
    if (GEOSisEmpty_r(h, g) != 0)
        return geom_error(err, "geometry_empty", "边界为空", "the boundary is empty", NULL);
    int srid = GEOSGetSRID_r(h, g);
    if (srid != 0 && srid != 4490 && srid != 4326)
        return geom_error(err, "geometry_srid", "边界坐标应为EPSG:4490经纬度",
                          "the boundary must be in EPSG:4490 longitude/latitude", NULL);
    double x0, x1, y0, y1;
    if (!GEOSGeom_getXMin_r(h, g, &x0) || !GEOSGeom_getXMax_r(h, g, &x1) ||
        !GEOSGeom_getYMin_r(h, g, &y0) || !GEOSGeom_getYMax_r(h, g, &y1) || !isfinite(x0) ||
        !isfinite(x1) || !isfinite(y0) || !isfinite(y1) || x0 < -180 || x1 > 180 || y0 < -90 ||
        y1 > 90)
        return geom_error(err, "geometry_range", "边界坐标超出经纬度范围",
                          "boundary coordinates are out of the longitude/latitude range", NULL);
    return REG_OK;
}

/* See reg_internal.h. */
int reg_geom_to_wkb(reg_db *db, const GEOSGeometry *g, unsigned char **wkb, size_t *len,
                    reg_error *err)
{
    *wkb = NULL;
    *len = 0;
    if (!g)
        return geom_error(err, "geometry_missing", "缺少边界", "the boundary is missing", NULL);
    GEOSContextHandle_t h = geo_ctx_geos(db->geo);
    int rc = check_shape(h, g, err);
    if (rc != REG_OK)
        return rc;
    char reason[GEO_ERRLEN] = "";
    int grc = geo_validate(db->geo, g, reason, sizeof reason);
    if (grc == GEO_EINVALID)
        return geom_error(err, "geometry_invalid", "边界几何无效", "the boundary is not valid",
                          reason);
    GEOSGeometry *mp = NULL;
    if (grc == GEO_OK)
        grc = geo_to_multipolygon(db->geo, g, &mp);
    if (grc == GEO_OK)
        grc = geo_wkb_write(db->geo, mp, wkb, len);
    if (mp)
        GEOSGeom_destroy_r(h, mp);
    if (grc == GEO_ENOMEM)
        return reg_error_nomem(err);
    if (grc != GEO_OK)
        return reg_error_detail(err, REG_EIO, "geometry_error", "geometry", "边界处理失败",
                                "the boundary could not be processed", reason);
    return REG_OK;
}

/* See reg_internal.h. */
int reg_geom_same(reg_db *db, const char *code, const unsigned char *wkb, size_t len,
                  int *same, reg_error *err)
{
    *same = 0;
    sqlite3_stmt *st;
    int rc = reg_stmt(db, REG_STMT_UNIT_GEOM, &st, err);
    if (rc != REG_OK)
        return rc;
    if (reg_bind_text(st, 1, code) != SQLITE_OK)
        return reg_error_sqlite(db, err);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        const void *stored = sqlite3_column_blob(st, 0);
        size_t n = (size_t)sqlite3_column_bytes(st, 0);
        *same = stored && ((n == len && memcmp(stored, wkb, len) == 0) ||
                           geo_wkb_same_shape(db->geo, stored, n, wkb, len));
    } else if (step != SQLITE_DONE) {
        rc = reg_error_sqlite(db, err);
    }
    sqlite3_reset(st);
    return rc;
}

/* See reg_internal.h.  REG_EIO ("geometry_storage") if SpatiaLite does not
 * take the WKB. */
int reg_geom_store(reg_db *db, const char *code, const unsigned char *wkb, size_t len,
                   reg_error *err)
{
    const char *sql =
        wkb ? "UPDATE units SET geom = CastToMultiPolygon(GeomFromWKB(?2, 4490))"
              " WHERE code = ?1 AND CastToMultiPolygon(GeomFromWKB(?2, 4490)) IS NOT NULL"
            : "UPDATE units SET geom = NULL WHERE code = ?1";
    sqlite3_stmt *st;
    int rc = reg_prepare(db, sql, &st, err);
    if (rc != REG_OK)
        return rc;
    if (reg_bind_text(st, 1, code) != SQLITE_OK ||
        (wkb && sqlite3_bind_blob64(st, 2, wkb, len, SQLITE_STATIC) != SQLITE_OK))
        rc = reg_error_sqlite(db, err);
    else
        rc = reg_step_done(db, st, err);
    sqlite3_finalize(st);
    if (rc == REG_OK && sqlite3_changes(db->sql) != 1)
        rc = reg_error_set(err, REG_EIO, "geometry_storage", "geometry", "边界无法存储",
                           "SpatiaLite did not accept the boundary");
    return rc;
}

/* See reg_internal.h.  REG_EIO ("geometry_corrupt") if the stored
 * geometry cannot be read; REG_ENOTFOUND if there is no such unit. */
int reg_geom_json(reg_db *db, const char *code, json_t **out, reg_error *err)
{
    *out = NULL;
    sqlite3_stmt *st;
    int rc = reg_stmt(db, REG_STMT_UNIT_GEOM, &st, err);
    if (rc != REG_OK)
        return rc;
    if (reg_bind_text(st, 1, code) != SQLITE_OK)
        return reg_error_sqlite(db, err);
    int step = sqlite3_step(st);
    if (step == SQLITE_DONE)
        rc = reg_error_set(err, REG_ENOTFOUND, "unit_not_found", "code", "单位不存在",
                           "no such unit");
    else if (step != SQLITE_ROW)
        rc = reg_error_sqlite(db, err);
    else if (sqlite3_column_type(st, 0) == SQLITE_NULL)
        *out = json_null();
    else {
        const unsigned char *wkb = sqlite3_column_blob(st, 0);
        size_t len = (size_t)sqlite3_column_bytes(st, 0);
        GEOSGeometry *g = NULL;
        if (wkb && geo_wkb_read(db->geo, wkb, len, &g) == GEO_OK)
            *out = geo_geojson_write(db->geo, g, 7);
        if (g)
            GEOSGeom_destroy_r(geo_ctx_geos(db->geo), g);
        if (!*out)
            rc = reg_error_set(err, REG_EIO, "geometry_corrupt", "geometry",
                               "存储的边界无法读取", "the stored boundary cannot be read");
    }
    sqlite3_reset(st);
    return rc;
}
