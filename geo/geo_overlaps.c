/*
 * geo_overlaps.c: where sibling polygons overlap (ENGINEERING.md, GEOS:
 * an overlap is the area of an intersection).  Pairs whose envelopes do
 * not meet are skipped; a pair that only shares edges intersects in lines
 * and points, which are not overlaps.
 */
#include <stdlib.h>

#include "geo_internal.h"
#include "geo_topology.h"

/* 1 if the envelopes of a and b meet. */
static int geo_envelopes_meet(GEOSContextHandle_t h, const GEOSGeometry *a, const GEOSGeometry *b)
{
    double ax0, ay0, ax1, ay1, bx0, by0, bx1, by1;
    if (GEOSGeom_getXMin_r(h, a, &ax0) != 1 || GEOSGeom_getYMin_r(h, a, &ay0) != 1 ||
        GEOSGeom_getXMax_r(h, a, &ax1) != 1 || GEOSGeom_getYMax_r(h, a, &ay1) != 1 ||
        GEOSGeom_getXMin_r(h, b, &bx0) != 1 || GEOSGeom_getYMin_r(h, b, &by0) != 1 ||
        GEOSGeom_getXMax_r(h, b, &bx1) != 1 || GEOSGeom_getYMax_r(h, b, &by1) != 1)
        return 1; /* empty or unreadable: let the intersection decide */
    return ax0 <= bx1 && bx0 <= ax1 && ay0 <= by1 && by0 <= ay1;
}

/* A growing list of overlaps. */
typedef struct overlap_list {
    geo_overlap *v;
    size_t n, cap;
} overlap_list;

/* Appends one overlap, taking piece (freed on failure).  GEO_OK,
 * GEO_ENOMEM or GEO_EGEOS. */
static int geo_overlap_add(GEOSContextHandle_t h, overlap_list *l, size_t a, size_t b,
                           double area, GEOSGeometry *piece)
{
    geo_overlap o = {.a = a, .b = b, .area_m2 = area, .geom = piece};
    int rc = geo_inside_point(h, piece, &o.x, &o.y);
    if (rc == GEO_OK && l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        geo_overlap *grown = realloc(l->v, cap * sizeof *grown);
        if (!grown)
            rc = GEO_ENOMEM;
        else {
            l->v = grown;
            l->cap = cap;
        }
    }
    if (rc != GEO_OK) {
        GEOSGeom_destroy_r(h, piece);
        return rc;
    }
    l->v[l->n++] = o;
    return GEO_OK;
}

/* Adds the polygonal pieces of the intersection of polygons a and b with
 * area at least min_area (and above zero) to l. */
static int geo_overlap_pair(GEOSContextHandle_t h, GEOSGeometry *const *polys, size_t a,
                            size_t b, double min_area, overlap_list *l)
{
    GEOSGeometry *inter = GEOSIntersection_r(h, polys[a], polys[b]);
    if (!inter)
        return GEO_EGEOS;
    geo_parts pieces = {0};
    int rc = geo_parts_flatten(h, inter, 2, &pieces);
    GEOSGeom_destroy_r(h, inter);
    for (size_t i = 0; rc == GEO_OK && i < pieces.n; i++) {
        double area = 0;
        if (GEOSArea_r(h, pieces.g[i], &area) != 1) {
            rc = GEO_EGEOS;
            break;
        }
        if (area <= 0 || area < min_area)
            continue;
        rc = geo_overlap_add(h, l, a, b, area, pieces.g[i]);
        pieces.g[i] = NULL; /* taken, or freed by geo_overlap_add */
    }
    for (size_t i = 0; i < pieces.n; i++)
        if (pieces.g[i])
            GEOSGeom_destroy_r(h, pieces.g[i]);
    free(pieces.g);
    return rc;
}

/* 1 if every one of the n geometries is a Polygon or MultiPolygon. */
static int geo_all_polygonal(GEOSContextHandle_t h, GEOSGeometry *const *polys, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int t = polys[i] ? GEOSGeomTypeId_r(h, polys[i]) : -1;
        if (t != GEOS_POLYGON && t != GEOS_MULTIPOLYGON)
            return 0;
    }
    return 1;
}

/* See geo_topology.h. */
int geo_coverage_overlaps(geo_ctx *ctx, GEOSGeometry *const *polys, size_t n,
                          double min_area_m2, geo_overlap **out, size_t *nout)
{
    if (!ctx || (!polys && n) || !out || !nout || !(min_area_m2 >= 0))
        return GEO_EINVAL;
    *out = NULL;
    *nout = 0;
    GEOSContextHandle_t h = ctx->geos;
    if (!geo_all_polygonal(h, polys, n))
        return GEO_EINVAL;
    overlap_list l = {0};
    int rc = GEO_OK;
    for (size_t a = 0; rc == GEO_OK && a < n; a++)
        for (size_t b = a + 1; rc == GEO_OK && b < n; b++)
            if (geo_envelopes_meet(h, polys[a], polys[b]))
                rc = geo_overlap_pair(h, polys, a, b, min_area_m2, &l);
    if (rc != GEO_OK) {
        geo_overlaps_free(ctx, l.v, l.n);
        return rc;
    }
    *out = l.v;
    *nout = l.n;
    return GEO_OK;
}

/* See geo_topology.h. */
void geo_overlaps_free(geo_ctx *ctx, geo_overlap *list, size_t n)
{
    if (!list)
        return;
    for (size_t i = 0; i < n; i++)
        GEOSGeom_destroy_r(ctx->geos, list[i].geom);
    free(list);
}
