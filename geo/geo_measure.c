/*
 * geo_measure.c: distances along and from lines in metres - a point's
 * distance from a line and its position along it (linear referencing,
 * ENGINEERING.md: GEOSProject_r and GEOSInterpolate_r), a marker group's
 * distance from its line, and length.
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

/* See geo_topology.h. */
int geo_group_distance(geo_ctx *ctx, const GEOSGeometry *line, const double *xs,
                       const double *ys, size_t n, double *dist_m, double *spread_m)
{
    if (!ctx || !xs || !ys || n < 1 || n > 8 || !dist_m || !spread_m)
        return GEO_EINVAL;
    GEOSContextHandle_t h = ctx->geos;
    if (!geo_is_lineal(h, line))
        return GEO_EINVAL;
    geo_parts pts = {0};
    double spread = 0;
    int rc = GEO_OK;
    for (size_t i = 0; rc == GEO_OK && i < n; i++) {
        GEOSGeometry *p = GEOSGeom_createPointFromXY_r(h, xs[i], ys[i]);
        rc = p ? geo_parts_push(h, &pts, p) : GEO_EGEOS;
        for (size_t j = 0; j < i; j++) {
            double d = hypot(xs[i] - xs[j], ys[i] - ys[j]);
            spread = d > spread ? d : spread;
        }
    }
    GEOSGeometry *mp = rc == GEO_OK ? geo_parts_collect(h, &pts, GEOS_MULTIPOINT) : NULL;
    GEOSGeometry *hull = mp ? GEOSConvexHull_r(h, mp) : NULL;
    rc = hull && GEOSDistance_r(h, line, hull, dist_m) == 1 ? GEO_OK : GEO_EGEOS;
    geo_parts_free(h, &pts);
    if (mp)
        GEOSGeom_destroy_r(h, mp);
    if (hull)
        GEOSGeom_destroy_r(h, hull);
    *spread_m = spread;
    return rc;
}
