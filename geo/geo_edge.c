/*
 * geo_edge.c: boundary lines from polygons - the edge two polygons share,
 * its orientation by rule B5 (numbering runs west to east, or north to
 * south), and which side of it a polygon lies on.
 */
#include <math.h>
#include <stdlib.h>

#include "geo_internal.h"
#include "geo_topology.h"

#define GEO_SIDE_OFFSET 0.05 /* metres off the line where the side is tested */
/* Boundaries are intersected on a 1 mm grid (OverlayNG snap-rounding), so
 * that edges which coincide to within it are shared even where a vertex of
 * one lies on an edge of the other, or projection left a rounding error. */
#define GEO_EDGE_GRID 0.001

/* See geo_topology.h. */
int geo_shared_edge(geo_ctx *ctx, const GEOSGeometry *a, const GEOSGeometry *b,
                    GEOSGeometry **out)
{
    if (!ctx || !a || !b || !out)
        return GEO_EINVAL;
    *out = NULL;
    GEOSContextHandle_t h = ctx->geos;
    GEOSGeometry *ba = GEOSBoundary_r(h, a);
    GEOSGeometry *bb = ba ? GEOSBoundary_r(h, b) : NULL;
    GEOSGeometry *inter = bb ? GEOSIntersectionPrec_r(h, ba, bb, GEO_EDGE_GRID) : NULL;
    geo_parts lines = {0};
    int rc = inter ? geo_parts_flatten(h, inter, 1, &lines) : GEO_EGEOS;
    GEOSGeometry *ml = rc == GEO_OK ? geo_parts_collect(h, &lines, GEOS_MULTILINESTRING) : NULL;
    if (rc == GEO_OK && ml) {
        *out = GEOSisEmpty_r(h, ml) == 1 ? GEOSGeom_createEmptyLineString_r(h)
                                          : GEOSLineMerge_r(h, ml);
        if (!*out)
            rc = GEO_EGEOS;
    } else if (rc == GEO_OK) {
        rc = GEO_EGEOS;
    }
    geo_parts_free(h, &lines);
    if (ml)
        GEOSGeom_destroy_r(h, ml);
    if (inter)
        GEOSGeom_destroy_r(h, inter);
    if (bb)
        GEOSGeom_destroy_r(h, bb);
    if (ba)
        GEOSGeom_destroy_r(h, ba);
    return rc;
}

/* The first and last coordinates of line string l. */
static int geo_ends(GEOSContextHandle_t h, const GEOSGeometry *l, double *x0, double *y0,
                    double *x1, double *y1)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, l);
    unsigned int n = 0;
    if (!cs || GEOSCoordSeq_getSize_r(h, cs, &n) != 1 || n < 2 ||
        GEOSCoordSeq_getXY_r(h, cs, 0, x0, y0) != 1 ||
        GEOSCoordSeq_getXY_r(h, cs, n - 1, x1, y1) != 1)
        return GEO_EGEOS;
    return GEO_OK;
}

/* Where a part starts in the B5 order: its x running west to east, minus
 * its y running north to south (smaller comes first). */
static double geo_start_key(double x, double y, int east_west)
{
    return east_west ? x : -y;
}

/* Sorts parts by their start key (insertion sort: lines have few parts). */
static void geo_sort_parts(GEOSContextHandle_t h, geo_parts *p, int east_west)
{
    for (size_t i = 1; i < p->n; i++) {
        GEOSGeometry *g = p->g[i];
        double x0, y0, x1, y1, key;
        geo_ends(h, g, &x0, &y0, &x1, &y1);
        key = geo_start_key(x0, y0, east_west);
        size_t j = i;
        while (j > 0) {
            geo_ends(h, p->g[j - 1], &x0, &y0, &x1, &y1);
            if (geo_start_key(x0, y0, east_west) <= key)
                break;
            p->g[j] = p->g[j - 1];
            j--;
        }
        p->g[j] = g;
    }
}

/* See geo_topology.h.  The direction comes from the extent of the whole
 * geometry (width against height), which also settles a line whose ends
 * meet. */
int geo_line_orient(geo_ctx *ctx, const GEOSGeometry *line, GEOSGeometry **out)
{
    if (!ctx || !line || !out)
        return GEO_EINVAL;
    *out = NULL;
    GEOSContextHandle_t h = ctx->geos;
    double xmin, xmax, ymin, ymax;
    if (GEOSisEmpty_r(h, line) != 0 || GEOSGeom_getXMin_r(h, line, &xmin) != 1 ||
        GEOSGeom_getXMax_r(h, line, &xmax) != 1 || GEOSGeom_getYMin_r(h, line, &ymin) != 1 ||
        GEOSGeom_getYMax_r(h, line, &ymax) != 1)
        return GEO_EINVAL;
    int east_west = xmax - xmin >= ymax - ymin;
    GEOSGeometry *merged = GEOSLineMerge_r(h, line);
    geo_parts parts = {0};
    int rc = merged ? geo_parts_flatten(h, merged, 1, &parts) : GEO_EGEOS;
    if (merged)
        GEOSGeom_destroy_r(h, merged);
    if (rc == GEO_OK && parts.n == 0)
        rc = GEO_EINVAL;
    for (size_t i = 0; rc == GEO_OK && i < parts.n; i++) {
        double x0, y0, x1, y1;
        rc = geo_ends(h, parts.g[i], &x0, &y0, &x1, &y1);
        if (rc == GEO_OK &&
            geo_start_key(x1, y1, east_west) < geo_start_key(x0, y0, east_west)) {
            GEOSGeometry *rev = GEOSReverse_r(h, parts.g[i]);
            if (!rev) {
                rc = GEO_EGEOS;
            } else {
                GEOSGeom_destroy_r(h, parts.g[i]);
                parts.g[i] = rev;
            }
        }
    }
    if (rc != GEO_OK) {
        geo_parts_free(h, &parts);
        return rc;
    }
    geo_sort_parts(h, &parts, east_west);
    if (parts.n == 1) {
        *out = parts.g[0];
        parts.n = 0;
        geo_parts_free(h, &parts);
    } else {
        *out = geo_parts_collect(h, &parts, GEOS_MULTILINESTRING);
    }
    if (*out)
        GEOSSetSRID_r(h, *out, GEOSGetSRID_r(h, line));
    return *out ? GEO_OK : GEO_EGEOS;
}

/* The midpoint and unit left normal of the longest segment of a lineal
 * geometry. */
static int geo_longest_segment(GEOSContextHandle_t h, const GEOSGeometry *line, double *mx,
                               double *my, double *nx, double *ny)
{
    geo_parts parts = {0};
    int rc = geo_parts_flatten(h, line, 1, &parts);
    double best = 0;
    for (size_t p = 0; rc == GEO_OK && p < parts.n; p++) {
        const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, parts.g[p]);
        unsigned int n = 0;
        if (!cs || GEOSCoordSeq_getSize_r(h, cs, &n) != 1) {
            rc = GEO_EGEOS;
            break;
        }
        for (unsigned int i = 1; i < n; i++) {
            double x0, y0, x1, y1;
            if (GEOSCoordSeq_getXY_r(h, cs, i - 1, &x0, &y0) != 1 ||
                GEOSCoordSeq_getXY_r(h, cs, i, &x1, &y1) != 1) {
                rc = GEO_EGEOS;
                break;
            }
            double len = hypot(x1 - x0, y1 - y0);
            if (len > best) {
                best = len;
                *mx = (x0 + x1) / 2;
                *my = (y0 + y1) / 2;
                *nx = -(y1 - y0) / len;
                *ny = (x1 - x0) / len;
            }
        }
    }
    geo_parts_free(h, &parts);
    return rc == GEO_OK && best > 0 ? GEO_OK : (rc == GEO_OK ? GEO_EINVAL : rc);
}

/* 1 if poly covers (x, y), 0 if not, -1 on failure. */
static int geo_covers_xy(GEOSContextHandle_t h, const GEOSGeometry *poly, double x, double y)
{
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, x, y);
    if (!pt)
        return -1;
    char c = GEOSCovers_r(h, poly, pt);
    GEOSGeom_destroy_r(h, pt);
    return c == 2 ? -1 : c;
}

/* See geo_topology.h. */
int geo_line_side(geo_ctx *ctx, const GEOSGeometry *line, const GEOSGeometry *poly, int *side)
{
    if (!ctx || !line || !poly || !side)
        return GEO_EINVAL;
    *side = 0;
    GEOSContextHandle_t h = ctx->geos;
    double mx = 0, my = 0, nx = 0, ny = 0;
    int rc = geo_longest_segment(h, line, &mx, &my, &nx, &ny);
    if (rc != GEO_OK)
        return rc;
    int left = geo_covers_xy(h, poly, mx + nx * GEO_SIDE_OFFSET, my + ny * GEO_SIDE_OFFSET);
    int right = geo_covers_xy(h, poly, mx - nx * GEO_SIDE_OFFSET, my - ny * GEO_SIDE_OFFSET);
    if (left < 0 || right < 0)
        return GEO_EGEOS;
    *side = left && !right ? 1 : right && !left ? -1 : 0;
    return GEO_OK;
}

/* See geo_topology.h. */
int geo_to_multilinestring(geo_ctx *ctx, const GEOSGeometry *g, GEOSGeometry **out)
{
    if (!ctx || !g || !out)
        return GEO_EINVAL;
    *out = NULL;
    GEOSContextHandle_t h = ctx->geos;
    int t = GEOSGeomTypeId_r(h, g);
    if (t != GEOS_LINESTRING && t != GEOS_MULTILINESTRING)
        return GEO_EINVAL;
    geo_parts parts = {0};
    int rc = geo_parts_flatten(h, g, 1, &parts);
    if (rc == GEO_OK && parts.n == 0)
        rc = GEO_EINVAL;
    if (rc != GEO_OK) {
        geo_parts_free(h, &parts);
        return rc;
    }
    *out = geo_parts_collect(h, &parts, GEOS_MULTILINESTRING);
    if (!*out)
        return GEO_EGEOS;
    int srid = GEOSGetSRID_r(h, g);
    GEOSSetSRID_r(h, *out, srid ? srid : 4490);
    return GEO_OK;
}
