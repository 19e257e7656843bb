/*
 * reg_place_geom.c: a place's geometry: checked for its category, inside
 * the county (covered by the township polygons the registry holds), and
 * the units it lies in (township- and village-level polygons its interior
 * meets; a street may cross several).  The connection keeps the unit
 * polygons prepared (ENGINEERING.md, GEOS: prepared geometries are ~260x
 * faster) until units change.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reg_place_internal.h"

/* The unit polygons of a connection. */
struct rp_cover {
    size_t n;
    GEOSGeometry **g;
    const GEOSPreparedGeometry **pg;
    char (*codes)[REG_CODE_MAX + 1];
};

/* See reg_place_internal.h. */
void rp_cover_free(reg_db *db, rp_cover *c)
{
    if (!c)
        return;
    GEOSContextHandle_t h = geo_ctx_geos(db->geo);
    for (size_t i = 0; i < c->n; i++) {
        if (c->pg[i])
            GEOSPreparedGeom_destroy_r(h, c->pg[i]);
        GEOSGeom_destroy_r(h, c->g[i]);
    }
    free(c->g);
    free(c->pg);
    free(c->codes);
    free(c);
}

/* Adds the current row (code, WKB) to c, which has room. */
static int cover_add(reg_db *db, rp_cover *c, sqlite3_stmt *st, reg_error *err)
{
    GEOSContextHandle_t h = geo_ctx_geos(db->geo);
    const char *code = (const char *)sqlite3_column_text(st, 0);
    const unsigned char *wkb = sqlite3_column_blob(st, 1);
    GEOSGeometry *g = NULL;
    if (!code || strlen(code) > REG_CODE_MAX || !wkb ||
        geo_wkb_read(db->geo, wkb, (size_t)sqlite3_column_bytes(st, 1), &g) != GEO_OK)
        return reg_error_set(err, REG_EIO, "geometry_corrupt", "geometry",
                             "存储的边界无法读取", "a stored boundary cannot be read");
    c->g[c->n] = g;
    c->pg[c->n] = GEOSPrepare_r(h, g);
    strcpy(c->codes[c->n], code);
    c->n++;
    return c->pg[c->n - 1] ? REG_OK : reg_error_nomem(err);
}

/* See reg_place_internal.h.  Current township- and village-level units
 * with a polygon, by code. */
int rp_cover_build(reg_db *db, rp_cover **out, reg_error *err)
{
    char today[REG_DATE_BUF];
    reg_today(today);
    sqlite3_stmt *st;
    int rc = rp_cached(db,
                       "SELECT code, AsBinary(geom) FROM units WHERE geom IS NOT NULL"
                       " AND length(code) IN (9, 12)"
                       " AND (valid_to IS NULL OR valid_to > ?1) ORDER BY code",
                       &st, err);
    if (rc != REG_OK)
        return rc;
    rp_cover *c = calloc(1, sizeof *c);
    size_t cap = 0;
    if (!c)
        rc = reg_error_nomem(err);
    else if (reg_bind_text(st, 1, today) != SQLITE_OK)
        rc = reg_error_sqlite(db, err);
    int step = SQLITE_DONE;
    while (rc == REG_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        if (c->n == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            GEOSGeometry **g = realloc(c->g, ncap * sizeof *g);
            if (g)
                c->g = g;
            const GEOSPreparedGeometry **pg = realloc(c->pg, ncap * sizeof *pg);
            if (pg)
                c->pg = pg;
            char(*codes)[REG_CODE_MAX + 1] = realloc(c->codes, ncap * sizeof *codes);
            if (codes)
                c->codes = codes;
            if (!g || !pg || !codes) {
                rc = reg_error_nomem(err);
                break;
            }
            cap = ncap;
        }
        rc = cover_add(db, c, st, err);
    }
    if (rc == REG_OK && step != SQLITE_DONE)
        rc = reg_error_sqlite(db, err);
    sqlite3_reset(st);
    if (rc != REG_OK) {
        rp_cover_free(db, c);
        return rc;
    }
    *out = c;
    return REG_OK;
}

/* REG_EINVAL with a geometry_* code on the field "geometry". */
static int geom_error(reg_error *err, const char *code, const char *zh, const char *en,
                      const char *detail)
{
    return reg_error_detail(err, REG_EINVAL, code, "geometry", zh, en, detail);
}

/* The RP_GEOM_* kind of g, or 0 for a collection or anything else. */
static unsigned geom_kind(GEOSContextHandle_t h, const GEOSGeometry *g)
{
    switch (GEOSGeomTypeId_r(h, g)) {
    case GEOS_POINT:
    case GEOS_MULTIPOINT:
        return RP_GEOM_POINT;
    case GEOS_LINESTRING:
    case GEOS_MULTILINESTRING:
        return RP_GEOM_LINE;
    case GEOS_POLYGON:
    case GEOS_MULTIPOLYGON:
        return RP_GEOM_POLYGON;
    default:
        return 0;
    }
}

/* Checks kind, emptiness, SRID, range and validity. */
static int check_shape(reg_db *db, unsigned allowed, const GEOSGeometry *g, reg_error *err)
{
    GEOSContextHandle_t h = geo_ctx_geos(db->geo);
    unsigned kind = geom_kind(h, g);
    if (!(kind & allowed)) {
        char detail[64] = "";
        static const char *const names[] = {"point", "line", "polygon"};
        for (unsigned k = 0; k < 3; k++)
            if (allowed & (1u << k)) {
                size_t used = strlen(detail);
                snprintf(detail + used, sizeof detail - used, "%s%s", used ? "|" : "", names[k]);
            }
        return geom_error(err, "geometry_kind", "几何类型与地名类别不符，可用",
                          "the geometry type does not fit the category; allowed", detail);
    }
    if (GEOSisEmpty_r(h, g) != 0)
        return geom_error(err, "geometry_empty", "几何为空", "the geometry is empty", NULL);
    int srid = GEOSGetSRID_r(h, g);
    if (srid != 0 && srid != 4490 && srid != 4326)
        return geom_error(err, "geometry_srid", "几何坐标应为EPSG:4490经纬度",
                          "the geometry must be in EPSG:4490 longitude/latitude", NULL);
    double x0, x1, y0, y1;
    if (!GEOSGeom_getXMin_r(h, g, &x0) || !GEOSGeom_getXMax_r(h, g, &x1) ||
        !GEOSGeom_getYMin_r(h, g, &y0) || !GEOSGeom_getYMax_r(h, g, &y1) || !isfinite(x0) ||
        !isfinite(x1) || !isfinite(y0) || !isfinite(y1) || x0 < -180 || x1 > 180 || y0 < -90 ||
        y1 > 90)
        return geom_error(err, "geometry_range", "几何坐标超出经纬度范围",
                          "coordinates are out of the longitude/latitude range", NULL);
    char reason[GEO_ERRLEN] = "";
    int grc = geo_validate(db->geo, g, reason, sizeof reason);
    if (grc == GEO_EINVALID)
        return geom_error(err, "geometry_invalid", "几何无效", "the geometry is not valid",
                          reason);
    if (grc != GEO_OK)
        return reg_error_detail(err, REG_EIO, "geometry_error", "geometry", "几何处理失败",
                                "the geometry could not be processed", reason);
    return REG_OK;
}

/* outside_county (REG_ERULE). */
static int outside(reg_error *err, const char *detail)
{
    return reg_error_detail(err, REG_ERULE, "outside_county", "geometry",
                            "几何不在本县已登记的乡镇界线范围内",
                            "the geometry is not inside the county's township boundaries",
                            detail);
}

/* Sets *covered to 1 if the township polygons hit (indexes) cover g. */
static int covered_by(reg_db *db, const rp_cover *c, const size_t *hit, size_t nhit,
                      const GEOSGeometry *g, int *covered, reg_error *err)
{
    GEOSContextHandle_t h = geo_ctx_geos(db->geo);
    if (nhit == 1) {
        *covered = GEOSPreparedCovers_r(h, c->pg[hit[0]], g) == 1;
        return REG_OK;
    }
    GEOSGeometry **parts = malloc(nhit * sizeof *parts);
    if (!parts)
        return reg_error_nomem(err);
    size_t n = 0;
    for (; n < nhit; n++)
        if (!(parts[n] = GEOSGeom_clone_r(h, c->g[hit[n]])))
            break;
    GEOSGeometry *coll = n == nhit
                             ? GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts,
                                                           (unsigned)n)
                             : NULL;
    if (!coll)
        for (size_t i = 0; i < n; i++)
            GEOSGeom_destroy_r(h, parts[i]);
    free(parts);
    GEOSGeometry *u = coll ? GEOSUnaryUnion_r(h, coll) : NULL;
    int rc = u ? REG_OK
               : reg_error_set(err, REG_EIO, "geometry_error", "geometry", "几何处理失败",
                               "the township polygons could not be joined");
    if (u)
        *covered = GEOSCovers_r(h, u, g) == 1;
    if (coll)
        GEOSGeom_destroy_r(h, coll);
    if (u)
        GEOSGeom_destroy_r(h, u);
    return rc;
}

/* Finds the units g lies in and checks the township polygons cover it.
 * A unit counts when g's interior meets its polygon; touching its border
 * only is not lying in it.  The touch test is a full relate (slow for
 * polygons of thousands of vertices), so it runs only where several
 * polygons of a level are hit; a geometry that only touches (a point on a
 * border) keeps every polygon it touches. */
static int locate_units(reg_db *db, const GEOSGeometry *g, char (*units)[REG_CODE_MAX + 1],
                        size_t max, size_t *nunits, reg_error *err)
{
    GEOSContextHandle_t h = geo_ctx_geos(db->geo);
    rp_cover *c;
    int rc = rp_cover_get(db, &c, err);
    if (rc != REG_OK)
        return rc;
    size_t *hit = malloc((c->n ? c->n : 1) * sizeof *hit);
    if (!hit)
        return reg_error_nomem(err);
    size_t nhit = 0, ntown = 0, nvillage = 0;
    for (size_t i = 0; i < c->n; i++)
        if (GEOSPreparedIntersects_r(h, c->pg[i], g) == 1) {
            hit[nhit++] = i;
            if (strlen(c->codes[i]) == 9)
                ntown++;
            else
                nvillage++;
        }
    size_t kept = 0, towns = 0;
    for (size_t k = 0; k < nhit; k++) {
        size_t i = hit[k];
        int town = strlen(c->codes[i]) == 9;
        if ((town ? ntown : nvillage) > 1 && GEOSPreparedTouches_r(h, c->pg[i], g) == 1)
            continue;
        hit[kept++] = i;
    }
    if (kept == 0)
        kept = nhit; /* only touching: on a border */
    *nunits = 0;
    for (size_t k = 0; k < kept; k++) {
        if (*nunits < max)
            strcpy(units[(*nunits)++], c->codes[hit[k]]);
        if (strlen(c->codes[hit[k]]) == 9)
            hit[towns++] = hit[k];
    }
    int covered = 0;
    if (towns == 0)
        rc = outside(err, c->n ? NULL : "the registry holds no township polygons");
    else if ((rc = covered_by(db, c, hit, towns, g, &covered, err)) == REG_OK && !covered)
        rc = outside(err, "part of it lies outside");
    free(hit);
    return rc;
}

/* See reg_place_internal.h. */
int rp_geom_check(reg_db *db, const rp_rules *r, size_t cat, const GEOSGeometry *g,
                  unsigned char **wkb, size_t *len, char (*units)[REG_CODE_MAX + 1],
                  size_t max, size_t *nunits, reg_error *err)
{
    *wkb = NULL;
    *len = 0;
    int rc = check_shape(db, r->cats[cat].geometry, g, err);
    if (rc == REG_OK)
        rc = locate_units(db, g, units, max, nunits, err);
    if (rc != REG_OK)
        return rc;
    int grc = geo_wkb_write(db->geo, g, wkb, len);
    if (grc == GEO_ENOMEM)
        return reg_error_nomem(err);
    if (grc != GEO_OK)
        return reg_error_set(err, REG_EIO, "geometry_error", "geometry", "几何处理失败",
                             "the geometry could not be written");
    return REG_OK;
}

/* See reg_place_internal.h. */
int rp_geom_read(reg_db *db, long long id, GEOSGeometry **out, reg_error *err)
{
    sqlite3_stmt *st;
    *out = NULL;
    int rc = rp_stmt(db, RP_STMT_GEOM, &st, err);
    if (rc != REG_OK)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
        const unsigned char *wkb = sqlite3_column_blob(st, 0);
        if (!wkb ||
            geo_wkb_read(db->geo, wkb, (size_t)sqlite3_column_bytes(st, 0), out) != GEO_OK)
            rc = reg_error_set(err, REG_EIO, "geometry_corrupt", "geometry",
                               "存储的几何无法读取", "a stored geometry cannot be read");
    } else if (step != SQLITE_ROW && step != SQLITE_DONE) {
        rc = reg_error_sqlite(db, err);
    }
    sqlite3_reset(st);
    return rc;
}

/* See reg_place_internal.h.  Built-up areas are places of category 0601
 * (城镇建成区) with a polygon that are not cancelled. */
int rp_geom_builtup(reg_db *db, const GEOSGeometry *g, const GEOSGeometry *other, int *any,
                    int *in, reg_error *err)
{
    GEOSContextHandle_t h = geo_ctx_geos(db->geo);
    *any = *in = 0;
    sqlite3_stmt *st;
    int rc = rp_cached(db,
                       "SELECT AsBinary(geom) FROM places WHERE category = '0601'"
                       " AND status <> 'cancelled' AND geom IS NOT NULL",
                       &st, err);
    int step = SQLITE_DONE;
    while (rc == REG_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        const unsigned char *wkb = sqlite3_column_blob(st, 0);
        GEOSGeometry *area = NULL;
        if (!wkb ||
            geo_wkb_read(db->geo, wkb, (size_t)sqlite3_column_bytes(st, 0), &area) != GEO_OK) {
            rc = reg_error_set(err, REG_EIO, "geometry_corrupt", "geometry",
                               "存储的几何无法读取", "a stored geometry cannot be read");
            break;
        }
        if (GEOSIntersects_r(h, area, g) == 1) {
            *any = 1;
            if (other && GEOSIntersects_r(h, area, other) == 1)
                *in = 1;
        }
        GEOSGeom_destroy_r(h, area);
    }
    if (rc == REG_OK && step != SQLITE_DONE)
        rc = reg_error_sqlite(db, err);
    sqlite3_reset(st);
    return rc;
}

/* See reg_place_internal.h. */
int rp_geom_distance(reg_db *db, const GEOSGeometry *g, double lon, double lat, double *m,
                     reg_error *err)
{
    GEOSContextHandle_t h = geo_ctx_geos(db->geo);
    GEOSGeometry *pg = NULL, *pt = GEOSGeom_createPointFromXY_r(h, lon, lat), *pm = NULL;
    int rc = REG_OK;
    if (!pt ||
        geo_transform_geom(db->geo, GEO_CRS_4490, GEO_CRS_4544, g, &pg) != GEO_OK ||
        geo_transform_geom(db->geo, GEO_CRS_4490, GEO_CRS_4544, pt, &pm) != GEO_OK ||
        GEOSDistance_r(h, pg, pm, m) != 1)
        rc = reg_error_set(err, REG_EIO, "geometry_error", "geometry", "几何处理失败",
                           "the distance could not be measured");
    if (pt)
        GEOSGeom_destroy_r(h, pt);
    if (pg)
        GEOSGeom_destroy_r(h, pg);
    if (pm)
        GEOSGeom_destroy_r(h, pm);
    return rc;
}
