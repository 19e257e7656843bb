/*
 * geo_measure.c: distances along and between lines in metres - Hausdorff
 * with the place it is reached (GEOS gives only the value), a point's
 * distance from a line and its position along it (linear referencing,
 * ENGINEERING.md: GEOSProject_r and GEOSInterpolate_r), and length.
 */
#include <math.h>

#include "geo_internal.h"
#include "geo_topology.h"

/* 1 if g is a non-empty LineString, LinearRing or MultiLineString. */
static int geo_is_lineal(GEOSContextHandle_t h, const GEOSGeometry *g)
{
    int t = g ? GEOSGeomTypeId_r(h, g) : -1;
    return (t == GEOS_LINESTRING || t == GEOS_LINEARRING || t == GEOS_MULTILINESTRING) &&
           GEOSisEmpty_r(h, g) == 0;
}

/* Distance from (x, y) to the prepared geometry to; -1 on failure. */
static double geo_prepared_distance_xy(GEOSContextHandle_t h, const GEOSPreparedGeometry *to,
                                       double x, double y)
{
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, x, y);
    double d = -1;
    if (pt && GEOSPreparedDistance_r(h, to, pt, &d) != 1)
        d = -1;
    if (pt)
        GEOSGeom_destroy_r(h, pt);
    return d;
}

/* The farthest point from `to` among the vertices of the line string l
 * and points put on its segments at most step apart; raises *best and sets
 * (*bx, *by) when it beats it. */
static int geo_directed_part(GEOSContextHandle_t h, const GEOSGeometry *l,
                             const GEOSPreparedGeometry *to, double step, double *best,
                             double *bx, double *by)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, l);
    unsigned int n = 0;
    if (!cs || GEOSCoordSeq_getSize_r(h, cs, &n) != 1)
        return GEO_EGEOS;
    double px = 0, py = 0;
    for (unsigned int i = 0; i < n; i++) {
        double x, y;
        if (GEOSCoordSeq_getXY_r(h, cs, i, &x, &y) != 1)
            return GEO_EGEOS;
        /* Points on the segment from the previous vertex, then the vertex. */
        double len = i ? hypot(x - px, y - py) : 0;
        double k = len > step ? ceil(len / step) : 1;
        for (double j = i ? 1 : k; j <= k; j++) {
            double sx = i ? px + (x - px) * j / k : x, sy = i ? py + (y - py) * j / k : y;
            double d = geo_prepared_distance_xy(h, to, sx, sy);
            if (d < 0)
                return GEO_EGEOS;
            if (d > *best) {
                *best = d;
                *bx = sx;
                *by = sy;
            }
        }
        px = x;
        py = y;
    }
    return GEO_OK;
}

/* The directed Hausdorff distance from `from` to `to`, raising *best. */
static int geo_directed(GEOSContextHandle_t h, const GEOSGeometry *from, const GEOSGeometry *to,
                        double step, double *best, double *bx, double *by)
{
    const GEOSPreparedGeometry *pt = GEOSPrepare_r(h, to);
    if (!pt)
        return GEO_EGEOS;
    geo_parts parts = {0};
    int rc = geo_parts_flatten(h, from, 1, &parts);
    for (size_t i = 0; rc == GEO_OK && i < parts.n; i++)
        rc = geo_directed_part(h, parts.g[i], pt, step, best, bx, by);
    geo_parts_free(h, &parts);
    GEOSPreparedGeom_destroy_r(h, pt);
    return rc;
}

/* See geo_topology.h. */
int geo_hausdorff(geo_ctx *ctx, const GEOSGeometry *a, const GEOSGeometry *b, double step_m,
                  double *dist_m, double *x, double *y)
{
    if (!ctx || !dist_m || !x || !y || !(step_m > 0) || !isfinite(step_m))
        return GEO_EINVAL;
    GEOSContextHandle_t h = ctx->geos;
    if (!geo_is_lineal(h, a) || !geo_is_lineal(h, b))
        return GEO_EINVAL;
    double best = 0, bx = 0, by = 0;
    int rc = geo_directed(h, a, b, step_m, &best, &bx, &by);
    if (rc == GEO_OK)
        rc = geo_directed(h, b, a, step_m, &best, &bx, &by);
    if (rc != GEO_OK)
        return rc;
    if (best == 0 && geo_inside_point(h, a, &bx, &by) != GEO_OK)
        return GEO_EGEOS;
    *dist_m = best;
    *x = bx;
    *y = by;
    return GEO_OK;
}

/* See geo_topology.h. */
int geo_point_line(geo_ctx *ctx, const GEOSGeometry *line, double x, double y, double *dist_m,
                   double *along_m)
{
    if (!ctx || !dist_m || !isfinite(x) || !isfinite(y))
        return GEO_EINVAL;
    GEOSContextHandle_t h = ctx->geos;
    if (!geo_is_lineal(h, line))
        return GEO_EINVAL;
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, x, y);
    if (!pt)
        return GEO_EGEOS;
    int rc = GEOSDistance_r(h, line, pt, dist_m) == 1 ? GEO_OK : GEO_EGEOS;
    if (rc == GEO_OK && along_m) {
        *along_m = GEOSProject_r(h, line, pt);
        if (*along_m < 0)
            rc = GEO_EGEOS;
    }
    GEOSGeom_destroy_r(h, pt);
    return rc;
}

/* See geo_topology.h. */
int geo_line_point_at(geo_ctx *ctx, const GEOSGeometry *line, double along_m, double *x,
                      double *y)
{
    if (!ctx || !x || !y || !isfinite(along_m))
        return GEO_EINVAL;
    GEOSContextHandle_t h = ctx->geos;
    if (!geo_is_lineal(h, line))
        return GEO_EINVAL;
    double len = 0;
    if (GEOSLength_r(h, line, &len) != 1)
        return GEO_EGEOS;
    along_m = along_m < 0 ? 0 : along_m > len ? len : along_m;
    GEOSGeometry *pt = GEOSInterpolate_r(h, line, along_m);
    int ok = pt && GEOSGeomGetX_r(h, pt, x) == 1 && GEOSGeomGetY_r(h, pt, y) == 1;
    if (pt)
        GEOSGeom_destroy_r(h, pt);
    return ok ? GEO_OK : GEO_EGEOS;
}

/* See geo_topology.h.  GEO_EINVAL for NULL arguments. */
int geo_length(geo_ctx *ctx, const GEOSGeometry *g, double *len)
{
    if (!ctx || !g || !len)
        return GEO_EINVAL;
    return GEOSLength_r(ctx->geos, g, len) == 1 ? GEO_OK : GEO_EGEOS;
}
