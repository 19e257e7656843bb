/*
 * geo_line.c: points against polylines in metres, for numbering along
 * streets (D2): the measure of a point's foot from the line's start, and
 * which side of the line the point is on.  Pure arithmetic on arrays of
 * EPSG:4544 coordinates (GEOSProject_r gives the measure but not the side
 * nor the segment, and costs a geometry per query).
 */
#include <math.h>
#include <stdlib.h>

#include "geo_internal.h"

#define GEO_LINE_CLOSED_TOL 1e-3 /* metres: a loop's ends coincide */

/* See geo.h. */
double geo_line_length(const double *xy, size_t n)
{
    double len = 0.0;
    if (!xy)
        return 0.0;
    for (size_t i = 1; i < n; i++)
        len += hypot(xy[2 * i] - xy[2 * i - 2], xy[2 * i + 1] - xy[2 * i - 1]);
    return len;
}

/* See geo.h. */
int geo_line_is_closed(const double *xy, size_t n)
{
    if (!xy || n < 4)
        return 0;
    return hypot(xy[0] - xy[2 * n - 2], xy[1] - xy[2 * n - 1]) <= GEO_LINE_CLOSED_TOL;
}

/* The unit direction of segment i into (*ux, *uy); 0 if it has no length
 * (or is not finite), else 1. */
static int geo_line_dir(const double *xy, size_t i, double *ux, double *uy)
{
    double dx = xy[2 * i + 2] - xy[2 * i], dy = xy[2 * i + 3] - xy[2 * i + 1];
    double len = hypot(dx, dy);
    if (!(len > 0.0) || !isfinite(len))
        return 0;
    *ux = dx / len;
    *uy = dy / len;
    return 1;
}

/* The segment with length next to seg in direction step (+1 or -1) among
 * the nseg segments, wrapping around when closed.  -1 if there is none. */
static long geo_line_neighbour(const double *xy, size_t nseg, size_t seg, int step, int closed)
{
    double ux, uy;
    long i = (long)seg;
    for (size_t k = 1; k < nseg; k++) {
        i += step;
        if (i < 0 || i >= (long)nseg) {
            if (!closed)
                return -1;
            i = i < 0 ? (long)nseg - 1 : 0;
        }
        if (geo_line_dir(xy, (size_t)i, &ux, &uy))
            return i;
    }
    return -1;
}

/* The direction of the line at the foot on segment seg at parameter t
 * (0..1): the segment's own inside it, the bisector with the neighbouring
 * segment at an inner vertex (or a loop's start), the end segment's at an
 * open end or where the bisector vanishes (a hairpin). */
static void geo_line_dir_at(const double *xy, size_t n, size_t seg, double t, double *dx,
                            double *dy)
{
    double ux = 0.0, uy = 0.0, vx, vy;
    int closed = geo_line_is_closed(xy, n);
    geo_line_dir(xy, seg, &ux, &uy);
    *dx = ux;
    *dy = uy;
    long other = -1;
    if (t <= 0.0)
        other = geo_line_neighbour(xy, n - 1, seg, -1, closed);
    else if (t >= 1.0)
        other = geo_line_neighbour(xy, n - 1, seg, +1, closed);
    if (other < 0 || !geo_line_dir(xy, (size_t)other, &vx, &vy))
        return;
    double bx = ux + vx, by = uy + vy;
    if (hypot(bx, by) > 1e-9) {
        *dx = bx;
        *dy = by;
    }
}

/* See geo.h. */
int geo_line_locate(const double *xy, size_t n, double px, double py, geo_line_pos *out)
{
    if (!xy || !out || n < 2 || !isfinite(px) || !isfinite(py))
        return GEO_EINVAL;
    double best = INFINITY, cum = 0.0, best_t = 0.0;
    size_t best_seg = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        double ax = xy[2 * i], ay = xy[2 * i + 1];
        double dx = xy[2 * i + 2] - ax, dy = xy[2 * i + 3] - ay;
        double len2 = dx * dx + dy * dy;
        if (!isfinite(ax) || !isfinite(ay) || !isfinite(len2))
            return GEO_EINVAL;
        if (len2 == 0.0)
            continue;
        double t = ((px - ax) * dx + (py - ay) * dy) / len2;
        t = t < 0.0 ? 0.0 : t > 1.0 ? 1.0 : t;
        double fx = ax + t * dx, fy = ay + t * dy;
        double d2 = (px - fx) * (px - fx) + (py - fy) * (py - fy);
        double len = sqrt(len2);
        if (d2 < best) {
            best = d2;
            best_seg = i;
            best_t = t;
            out->measure = cum + t * len;
            out->foot_x = fx;
            out->foot_y = fy;
        }
        cum += len;
    }
    if (!isfinite(best))
        return GEO_EINVAL;
    double dx, dy;
    geo_line_dir_at(xy, n, best_seg, best_t, &dx, &dy);
    double cross = dx * (py - out->foot_y) - dy * (px - out->foot_x);
    double dist = sqrt(best);
    out->offset = cross > 0.0 ? dist : cross < 0.0 ? -dist : 0.0;
    out->segment = best_seg;
    return GEO_OK;
}

/* See geo.h. */
int geo_line_to_4544(geo_ctx *ctx, const GEOSGeometry *g, double **xy, size_t *n)
{
    if (!ctx || !g || !xy || !n)
        return GEO_EINVAL;
    *xy = NULL;
    *n = 0;
    if (GEOSGeomTypeId_r(ctx->geos, g) != GEOS_LINESTRING)
        return GEO_EINVAL;
    const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(ctx->geos, g);
    unsigned int size = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(ctx->geos, seq, &size) || size < 2)
        return GEO_EINVAL;
    double *v = malloc((size_t)size * 2 * sizeof *v);
    if (!v)
        return GEO_ENOMEM;
    for (unsigned int i = 0; i < size; i++) {
        double x, y;
        int rc = GEOSCoordSeq_getXY_r(ctx->geos, seq, i, &x, &y) ? GEO_OK : GEO_EGEOS;
        if (rc == GEO_OK)
            rc = geo_transform_point(ctx, GEO_CRS_4490, GEO_CRS_4544, &x, &y);
        if (rc != GEO_OK) {
            free(v);
            return rc;
        }
        v[2 * i] = x;
        v[2 * i + 1] = y;
    }
    *xy = v;
    *n = size;
    return GEO_OK;
}
