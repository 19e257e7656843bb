/*
 * geo_gaps.c: where no sibling polygon covers the ground between them
 * (ENGINEERING.md, GEOS: gaps are the difference between the union closed
 * by a buffer out and back and the union itself).  Three sources:
 *   - holes of the union (enclosed on every side by siblings);
 *   - the parent polygon less the union, when the parent has one;
 *   - slivers narrower than the closing width that open to the outside of
 *     the union; without a parent these cannot be told from a narrow notch
 *     of the outline, so only those touching two siblings or more are kept
 *     and they are marked not enclosed.
 */
#include <math.h>
#include <stdlib.h>

#include "geo_internal.h"
#include "geo_topology.h"

#define GEO_GAP_QUADSEGS 8
#define GEO_GAP_TOUCH_EPS 0.01 /* metres: an enclosed gap touches what bounds it */

/* A growing list of gaps. */
typedef struct gap_list {
    geo_gap *v;
    size_t n, cap;
} gap_list;

/* The union of the n polygons (a new geometry), NULL on failure. */
static GEOSGeometry *geo_gap_union(GEOSContextHandle_t h, GEOSGeometry *const *polys, size_t n)
{
    geo_parts all = {0};
    for (size_t i = 0; i < n; i++)
        if (geo_parts_flatten(h, polys[i], 2, &all) != GEO_OK) {
            geo_parts_free(h, &all);
            return NULL;
        }
    GEOSGeometry *coll = geo_parts_collect(h, &all, GEOS_GEOMETRYCOLLECTION);
    if (!coll)
        return NULL;
    GEOSGeometry *u = GEOSUnaryUnion_r(h, coll);
    GEOSGeom_destroy_r(h, coll);
    return u;
}

/* Appends a polygon for every hole of every polygon of u to holes. */
static int geo_gap_holes(GEOSContextHandle_t h, const GEOSGeometry *u, geo_parts *holes)
{
    geo_parts polys = {0};
    int rc = geo_parts_flatten(h, u, 2, &polys);
    for (size_t i = 0; rc == GEO_OK && i < polys.n; i++) {
        int k = GEOSGetNumInteriorRings_r(h, polys.g[i]);
        if (k < 0)
            rc = GEO_EGEOS;
        for (int r = 0; rc == GEO_OK && r < k; r++) {
            const GEOSGeometry *ring = GEOSGetInteriorRingN_r(h, polys.g[i], r);
            GEOSGeometry *shell = ring ? GEOSGeom_clone_r(h, ring) : NULL;
            GEOSGeometry *p = shell ? GEOSGeom_createPolygon_r(h, shell, NULL, 0) : NULL;
            if (!p) {
                if (shell)
                    GEOSGeom_destroy_r(h, shell);
                rc = GEO_EGEOS;
            } else {
                rc = geo_parts_push(h, holes, p);
            }
        }
    }
    geo_parts_free(h, &polys);
    return rc;
}

/* The polygonal parts of g as a new MultiPolygon (an empty one when none),
 * NULL on failure.  Takes g. */
static GEOSGeometry *geo_gap_polygonal(GEOSContextHandle_t h, GEOSGeometry *g)
{
    if (!g)
        return NULL;
    geo_parts parts = {0};
    int rc = geo_parts_flatten(h, g, 2, &parts);
    GEOSGeom_destroy_r(h, g);
    if (rc != GEO_OK) {
        geo_parts_free(h, &parts);
        return NULL;
    }
    return geo_parts_collect(h, &parts, GEOS_MULTIPOLYGON);
}

/* The enclosed gaps: holes of u, and parent less u when parent is given.
 * A new MultiPolygon, NULL on failure. */
static GEOSGeometry *geo_gap_enclosed(GEOSContextHandle_t h, const GEOSGeometry *u,
                                      const GEOSGeometry *parent)
{
    geo_parts holes = {0};
    if (geo_gap_holes(h, u, &holes) != GEO_OK) {
        geo_parts_free(h, &holes);
        return NULL;
    }
    GEOSGeometry *enc = geo_parts_collect(h, &holes, GEOS_MULTIPOLYGON);
    if (!enc || !parent)
        return enc;
    GEOSGeometry *outside = GEOSDifference_r(h, parent, u);
    GEOSGeometry *both = outside ? GEOSUnion_r(h, enc, outside) : NULL;
    GEOSGeom_destroy_r(h, enc);
    if (outside)
        GEOSGeom_destroy_r(h, outside);
    return geo_gap_polygonal(h, both);
}

/* The narrow slivers: the union closed by width less the union and less
 * the enclosed gaps.  A new MultiPolygon, NULL on failure. */
static GEOSGeometry *geo_gap_slivers(GEOSContextHandle_t h, const GEOSGeometry *u,
                                     const GEOSGeometry *enclosed, double width)
{
    GEOSGeometry *out = GEOSBuffer_r(h, u, width, GEO_GAP_QUADSEGS);
    GEOSGeometry *closed = out ? GEOSBuffer_r(h, out, -width, GEO_GAP_QUADSEGS) : NULL;
    GEOSGeometry *open = closed ? GEOSDifference_r(h, closed, u) : NULL;
    GEOSGeometry *rest = open ? GEOSDifference_r(h, open, enclosed) : NULL;
    if (out)
        GEOSGeom_destroy_r(h, out);
    if (closed)
        GEOSGeom_destroy_r(h, closed);
    if (open)
        GEOSGeom_destroy_r(h, open);
    return geo_gap_polygonal(h, rest);
}

/* Fills g's touch list with the siblings within reach of piece. */
static int geo_gap_touching(GEOSContextHandle_t h, GEOSGeometry *const *polys, size_t n,
                            const GEOSGeometry *piece, double reach, geo_gap *g)
{
    const GEOSPreparedGeometry *pp = GEOSPrepare_r(h, piece);
    if (!pp)
        return GEO_EGEOS;
    int rc = GEO_OK;
    for (size_t i = 0; i < n && rc == GEO_OK; i++) {
        double d = 0;
        if (GEOSPreparedDistance_r(h, pp, polys[i], &d) != 1) {
            rc = GEO_EGEOS;
        } else if (d <= reach) {
            if (g->ntouch < GEO_GAP_TOUCH_MAX)
                g->touch[g->ntouch++] = i;
            g->touching++;
        }
    }
    GEOSPreparedGeom_destroy_r(h, pp);
    return rc;
}

/* Measures one candidate piece and appends it to l when it is big enough
 * and, for a sliver, touches two siblings.  Takes piece. */
static int geo_gap_add(GEOSContextHandle_t h, GEOSGeometry *const *polys, size_t n,
                       GEOSGeometry *piece, int enclosed, double width, double min_area,
                       gap_list *l)
{
    geo_gap g = {.enclosed = enclosed, .geom = piece};
    double perimeter = 0;
    int rc = GEOSArea_r(h, piece, &g.area_m2) == 1 && GEOSLength_r(h, piece, &perimeter) == 1
                 ? GEO_OK
                 : GEO_EGEOS;
    int keep = rc == GEO_OK && g.area_m2 > 0 && g.area_m2 >= min_area;
    if (keep)
        rc = geo_gap_touching(h, polys, n, piece, enclosed ? GEO_GAP_TOUCH_EPS : width * 1.05, &g);
    keep = keep && rc == GEO_OK && (enclosed || g.touching >= 2);
    if (keep)
        rc = geo_inside_point(h, piece, &g.x, &g.y);
    if (keep && rc == GEO_OK && l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        geo_gap *grown = realloc(l->v, cap * sizeof *grown);
        if (grown) {
            l->v = grown;
            l->cap = cap;
        } else {
            rc = GEO_ENOMEM;
        }
    }
    if (!keep || rc != GEO_OK) {
        GEOSGeom_destroy_r(h, piece);
        return rc;
    }
    g.width_m = perimeter > 0 ? 2 * g.area_m2 / perimeter : 0;
    l->v[l->n++] = g;
    return GEO_OK;
}

/* Adds every polygon of the MultiPolygon mp as a candidate. */
static int geo_gap_add_all(GEOSContextHandle_t h, GEOSGeometry *const *polys, size_t n,
                           const GEOSGeometry *mp, int enclosed, double width,
                           double min_area, gap_list *l)
{
    geo_parts pieces = {0};
    int rc = geo_parts_flatten(h, mp, 2, &pieces);
    for (size_t i = 0; i < pieces.n; i++) {
        if (rc == GEO_OK)
            rc = geo_gap_add(h, polys, n, pieces.g[i], enclosed, width, min_area, l);
        else
            GEOSGeom_destroy_r(h, pieces.g[i]);
    }
    free(pieces.g);
    return rc;
}

/* See geo_topology.h. */
int geo_coverage_gaps(geo_ctx *ctx, GEOSGeometry *const *polys, size_t n,
                      const GEOSGeometry *parent, double width_m, double min_area_m2,
                      geo_gap **out, size_t *nout)
{
    if (!ctx || (!polys && n) || !out || !nout || !(width_m > 0) || !isfinite(width_m) ||
        !(min_area_m2 >= 0))
        return GEO_EINVAL;
    *out = NULL;
    *nout = 0;
    if (n == 0)
        return GEO_OK;
    GEOSContextHandle_t h = ctx->geos;
    for (size_t i = 0; i < n; i++) {
        int t = polys[i] ? GEOSGeomTypeId_r(h, polys[i]) : -1;
        if (t != GEOS_POLYGON && t != GEOS_MULTIPOLYGON)
            return GEO_EINVAL;
    }
    GEOSGeometry *u = geo_gap_union(h, polys, n);
    GEOSGeometry *enclosed = u ? geo_gap_enclosed(h, u, parent) : NULL;
    GEOSGeometry *slivers = enclosed ? geo_gap_slivers(h, u, enclosed, width_m) : NULL;
    int rc = slivers ? GEO_OK : GEO_EGEOS;
    gap_list l = {0};
    if (rc == GEO_OK)
        rc = geo_gap_add_all(h, polys, n, enclosed, 1, width_m, min_area_m2, &l);
    if (rc == GEO_OK)
        rc = geo_gap_add_all(h, polys, n, slivers, 0, width_m, min_area_m2, &l);
    if (u)
        GEOSGeom_destroy_r(h, u);
    if (enclosed)
        GEOSGeom_destroy_r(h, enclosed);
    if (slivers)
        GEOSGeom_destroy_r(h, slivers);
    if (rc != GEO_OK) {
        geo_gaps_free(ctx, l.v, l.n);
        return rc;
    }
    *out = l.v;
    *nout = l.n;
    return GEO_OK;
}

/* See geo_topology.h. */
void geo_gaps_free(geo_ctx *ctx, geo_gap *list, size_t n)
{
    if (!list)
        return;
    for (size_t i = 0; i < n; i++)
        GEOSGeom_destroy_r(ctx->geos, list[i].geom);
    free(list);
}
