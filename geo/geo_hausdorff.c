/*
 * geo_hausdorff.c: the Hausdorff distance of two lines and the place it is
 * reached (GEOS gives only the value, and its densified form checks every
 * sample against every segment).
 *
 * The directed distance from A to B is found segment by segment of A.  For
 * a piece s of A, the segment b of B nearest to its midpoint (an STRtree of
 * B's segments) bounds every point of s: dist(p, B) <= dist(p, b), and
 * dist(., b) along s is largest at an end of s (it is convex).  A piece
 * whose bound cannot beat the largest distance found so far is done; any
 * other is measured at its midpoint and halved, down to step.  Lines that
 * follow each other closely - a line derived from the same polygons - are
 * settled in one look per segment; where they part, the search narrows to
 * the place.  The value is exact to within step / 2 + 1 micrometre
 * (distance is 1-Lipschitz along a segment).
 */
#include <math.h>
#include <stdlib.h>

#include "geo_internal.h"
#include "geo_topology.h"

#define HD_MAX_DEPTH 40
#define HD_EPS 1e-6 /* metres: a bound this close to the best cannot beat it */

/* A segment of B in the tree, or (with tree 0) the query point. */
typedef struct hd_seg {
    double x0, y0, x1, y1;
} hd_seg;

/* The directed search from A to B. */
typedef struct hd_pass {
    GEOSContextHandle_t h;
    GEOSSTRtree *tree;
    hd_seg *segs;        /* B's segments, the tree's items */
    GEOSGeometry **envs; /* their envelopes, alive as long as the tree */
    size_t n;
    const hd_seg *query; /* the point being looked up (x0, y0) */
    double step, best, bx, by;
    int rc;
} hd_pass;

/* Distance from (x, y) to segment s. */
static double hd_point_seg(double x, double y, const hd_seg *s)
{
    double dx = s->x1 - s->x0, dy = s->y1 - s->y0;
    double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((x - s->x0) * dx + (y - s->y0) * dy) / len2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    return hypot(x - (s->x0 + t * dx), y - (s->y0 + t * dy));
}

/* STRtree distance callback: from the query point to a segment, whichever
 * of the two items is the query.  Returns 1 (success). */
static int hd_distance(const void *a, const void *b, double *d, void *userdata)
{
    const hd_pass *p = userdata;
    const hd_seg *q = a == p->query ? a : b, *s = a == p->query ? b : a;
    *d = hd_point_seg(q->x0, q->y0, s);
    return 1;
}

/* The segment of B nearest to (x, y), and the distance to it. */
static const hd_seg *hd_nearest(hd_pass *p, double x, double y, double *d)
{
    hd_seg q = {x, y, x, y};
    GEOSGeometry *env = GEOSGeom_createPointFromXY_r(p->h, x, y);
    const hd_seg *s = NULL;
    if (env) {
        p->query = &q;
        s = GEOSSTRtree_nearest_generic_r(p->h, p->tree, &q, env, hd_distance, p);
        GEOSGeom_destroy_r(p->h, env);
    }
    if (!s) {
        p->rc = GEO_EGEOS;
        return NULL;
    }
    *d = hd_point_seg(x, y, s);
    return s;
}

/* Raises the best distance with d at (x, y). */
static void hd_raise(hd_pass *p, double d, double x, double y)
{
    if (d > p->best) {
        p->best = d;
        p->bx = x;
        p->by = y;
    }
}

/* Searches the piece (x0, y0)-(x1, y1) of A, whose ends are already
 * measured. */
static void hd_piece(hd_pass *p, double x0, double y0, double x1, double y1, int depth)
{
    double mx = (x0 + x1) / 2, my = (y0 + y1) / 2, dm = 0;
    const hd_seg *b = hd_nearest(p, mx, my, &dm);
    if (!b)
        return;
    hd_raise(p, dm, mx, my);
    double bound = fmax(hd_point_seg(x0, y0, b), hd_point_seg(x1, y1, b));
    if (bound <= p->best + HD_EPS || hypot(x1 - x0, y1 - y0) <= p->step || depth >= HD_MAX_DEPTH)
        return;
    hd_piece(p, x0, y0, mx, my, depth + 1);
    if (p->rc == GEO_OK)
        hd_piece(p, mx, my, x1, y1, depth + 1);
}

/* Adds the segments of line string l to the pass's array. */
static int hd_collect(GEOSContextHandle_t h, const GEOSGeometry *l, hd_pass *p, size_t cap)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, l);
    unsigned int n = 0;
    if (!cs || GEOSCoordSeq_getSize_r(h, cs, &n) != 1)
        return GEO_EGEOS;
    for (unsigned int i = 1; i < n && p->n < cap; i++) {
        hd_seg *s = &p->segs[p->n];
        if (GEOSCoordSeq_getXY_r(h, cs, i - 1, &s->x0, &s->y0) != 1 ||
            GEOSCoordSeq_getXY_r(h, cs, i, &s->x1, &s->y1) != 1)
            return GEO_EGEOS;
        p->n++;
    }
    return GEO_OK;
}

/* Builds the tree of B's segments. */
static int hd_tree(GEOSContextHandle_t h, const geo_parts *b, hd_pass *p)
{
    size_t cap = 0;
    for (size_t i = 0; i < b->n; i++)
        cap += (size_t)GEOSGeomGetNumPoints_r(h, b->g[i]);
    p->segs = calloc(cap ? cap : 1, sizeof *p->segs);
    p->envs = calloc(cap ? cap : 1, sizeof *p->envs);
    p->tree = GEOSSTRtree_create_r(h, 10);
    if (!p->segs || !p->envs || !p->tree)
        return GEO_ENOMEM;
    for (size_t i = 0; i < b->n; i++)
        if (hd_collect(h, b->g[i], p, cap) != GEO_OK)
            return GEO_EGEOS;
    for (size_t i = 0; i < p->n; i++) {
        hd_seg *s = &p->segs[i];
        GEOSCoordSequence *cs = GEOSCoordSeq_create_r(h, 2, 2);
        if (cs && (!GEOSCoordSeq_setXY_r(h, cs, 0, s->x0, s->y0) ||
                   !GEOSCoordSeq_setXY_r(h, cs, 1, s->x1, s->y1))) {
            GEOSCoordSeq_destroy_r(h, cs);
            cs = NULL;
        }
        p->envs[i] = cs ? GEOSGeom_createLineString_r(h, cs) : NULL;
        if (!p->envs[i])
            return GEO_EGEOS;
        GEOSSTRtree_insert_r(h, p->tree, p->envs[i], s);
    }
    return p->n ? GEO_OK : GEO_EINVAL;
}

/* Frees what a pass holds. */
static void hd_free(GEOSContextHandle_t h, hd_pass *p)
{
    if (p->tree)
        GEOSSTRtree_destroy_r(h, p->tree);
    for (size_t i = 0; p->envs && i < p->n; i++)
        if (p->envs[i])
            GEOSGeom_destroy_r(h, p->envs[i]);
    free(p->envs);
    free(p->segs);
}

/* The directed distance from the parts of a to the parts of b, raising
 * *best and its place. */
static int hd_directed(GEOSContextHandle_t h, const geo_parts *a, const geo_parts *b,
                       double step, double *best, double *bx, double *by)
{
    hd_pass p = {.h = h, .step = step, .best = *best, .bx = *bx, .by = *by, .rc = GEO_OK};
    int rc = hd_tree(h, b, &p);
    for (size_t i = 0; rc == GEO_OK && p.rc == GEO_OK && i < a->n; i++) {
        const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, a->g[i]);
        unsigned int n = 0;
        if (!cs || GEOSCoordSeq_getSize_r(h, cs, &n) != 1) {
            rc = GEO_EGEOS;
            break;
        }
        double px = 0, py = 0;
        for (unsigned int k = 0; p.rc == GEO_OK && k < n; k++) {
            double x, y, d = 0;
            if (GEOSCoordSeq_getXY_r(h, cs, k, &x, &y) != 1 || !hd_nearest(&p, x, y, &d)) {
                rc = GEO_EGEOS;
                break;
            }
            hd_raise(&p, d, x, y);
            if (k)
                hd_piece(&p, px, py, x, y, 0);
            px = x;
            py = y;
        }
    }
    if (rc == GEO_OK)
        rc = p.rc;
    if (rc == GEO_OK) {
        *best = p.best;
        *bx = p.bx;
        *by = p.by;
    }
    hd_free(h, &p);
    return rc;
}

/* 1 if g is a non-empty LineString, LinearRing or MultiLineString. */
static int hd_lineal(GEOSContextHandle_t h, const GEOSGeometry *g)
{
    int t = g ? GEOSGeomTypeId_r(h, g) : -1;
    return (t == GEOS_LINESTRING || t == GEOS_LINEARRING || t == GEOS_MULTILINESTRING) &&
           GEOSisEmpty_r(h, g) == 0;
}

/* See geo_topology.h. */
int geo_hausdorff(geo_ctx *ctx, const GEOSGeometry *a, const GEOSGeometry *b, double step_m,
                  double *dist_m, double *x, double *y)
{
    if (!ctx || !dist_m || !x || !y || !(step_m > 0) || !isfinite(step_m))
        return GEO_EINVAL;
    GEOSContextHandle_t h = ctx->geos;
    if (!hd_lineal(h, a) || !hd_lineal(h, b))
        return GEO_EINVAL;
    geo_parts pa = {0}, pb = {0};
    double best = 0, bx = 0, by = 0;
    int rc = geo_parts_flatten(h, a, 1, &pa);
    if (rc == GEO_OK)
        rc = geo_parts_flatten(h, b, 1, &pb);
    if (rc == GEO_OK)
        rc = hd_directed(h, &pa, &pb, step_m, &best, &bx, &by);
    if (rc == GEO_OK)
        rc = hd_directed(h, &pb, &pa, step_m, &best, &bx, &by);
    if (rc == GEO_OK && best == 0)
        rc = geo_inside_point(h, a, &bx, &by);
    geo_parts_free(h, &pa);
    geo_parts_free(h, &pb);
    if (rc != GEO_OK)
        return rc;
    *dist_m = best;
    *x = bx;
    *y = by;
    return GEO_OK;
}
