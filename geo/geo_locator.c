/*
 * geo_locator.c: which polygon holds a point - an STRtree of prepared
 * polygons (node capacity 10), built once, then read-only.
 */
#include <stdlib.h>

#include "geo_internal.h"

/* What the tree stores for each polygon. */
struct geo_locator_item {
    const GEOSPreparedGeometry *prep;
    long id;
};

struct geo_locator {
    geo_ctx *ctx;                   /* not owned; the locator's thread's context */
    GEOSSTRtree *tree;
    GEOSGeometry **geoms;           /* owned, n of them */
    struct geo_locator_item *items; /* n of them; items[i].prep from geoms[i] */
    size_t n;
};

/* One query's state: the point and the first polygon that covers it. */
struct geo_locator_query {
    GEOSContextHandle_t h;
    const GEOSGeometry *pt;
    const struct geo_locator_item *hit;
    int failed; /* a GEOS exception in a predicate */
};

/* STRtree callback for each polygon whose envelope holds the point: keeps
 * the first that covers it (border points included). */
static void geo_locator_visit(void *item, void *userdata)
{
    struct geo_locator_query *q = userdata;
    const struct geo_locator_item *it = item;
    char c;

    if (q->hit != NULL || q->failed)
        return;
    c = GEOSPreparedCovers_r(q->h, it->prep, q->pt);
    if (c == 1)
        q->hit = it;
    else if (c != 0)
        q->failed = 1;
}

/* Finds the polygon holding (lon, lat) (EPSG:4490).  GEO_OK and *id;
 * GEO_ENOTFOUND; GEO_ERANGE for coordinates out of range or not finite;
 * GEO_EINVAL for NULL arguments; GEO_EGEOS if GEOS fails.  *id is set only
 * on GEO_OK. */
int geo_locator_find(geo_locator *loc, double lon, double lat, long *id)
{
    struct geo_locator_query q;
    GEOSGeometry *pt;

    if (loc == NULL || id == NULL)
        return GEO_EINVAL;
    if (!geo_lonlat_ok(lon, lat))
        return GEO_ERANGE;
    pt = GEOSGeom_createPointFromXY_r(loc->ctx->geos, lon, lat);
    if (pt == NULL)
        return GEO_EGEOS;
    q.h = loc->ctx->geos;
    q.pt = pt;
    q.hit = NULL;
    q.failed = 0;
    GEOSSTRtree_query_r(loc->ctx->geos, loc->tree, pt, geo_locator_visit, &q);
    GEOSGeom_destroy_r(loc->ctx->geos, pt);
    if (q.failed)
        return GEO_EGEOS;
    if (q.hit == NULL)
        return GEO_ENOTFOUND;
    *id = q.hit->id;
    return GEO_OK;
}

/* 1 if g is a Polygon or MultiPolygon. */
static int geo_locator_polygonal(GEOSContextHandle_t h, const GEOSGeometry *g)
{
    int t = GEOSGeomTypeId_r(h, g);

    return t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON;
}

/* Builds a locator over geoms[0..n) (Polygon or MultiPolygon, EPSG:4490),
 * answering ids[i] for geoms[i]; n may be 0.  Takes the geometries, also on
 * failure (except with ctx NULL: no handle to free them with); the arrays
 * stay the caller's and are not written.  Runs one query so the tree is
 * built before it is shared read-only.  GEO_EINVAL for NULL arguments or a
 * NULL or non-polygonal member, GEO_ENOMEM, GEO_EGEOS. */
int geo_locator_new(geo_ctx *ctx, GEOSGeometry **geoms, const long *ids, size_t n,
                    geo_locator **out)
{
    geo_locator *loc = NULL;
    size_t i;
    long unused;
    int rc = GEO_EINVAL;

    if (out != NULL)
        *out = NULL;
    if (ctx == NULL || out == NULL || (n > 0 && (geoms == NULL || ids == NULL)))
        goto drop;
    for (i = 0; i < n; i++)
        if (geoms[i] == NULL || !geo_locator_polygonal(ctx->geos, geoms[i]))
            goto drop;
    rc = GEO_ENOMEM;
    loc = calloc(1, sizeof *loc);
    if (loc == NULL)
        goto drop;
    loc->ctx = ctx;
    loc->geoms = calloc(n > 0 ? n : 1, sizeof *loc->geoms);
    loc->items = calloc(n > 0 ? n : 1, sizeof *loc->items);
    if (loc->geoms == NULL || loc->items == NULL)
        goto drop;
    loc->n = n;
    for (i = 0; i < n; i++)
        loc->geoms[i] = geoms[i]; /* from here geo_locator_free frees them */
    rc = GEO_EGEOS;
    loc->tree = GEOSSTRtree_create_r(ctx->geos, 10);
    if (loc->tree == NULL)
        goto fail;
    for (i = 0; i < n; i++) {
        loc->items[i].id = ids[i];
        loc->items[i].prep = GEOSPrepare_r(ctx->geos, loc->geoms[i]);
        if (loc->items[i].prep == NULL)
            goto fail;
        GEOSSTRtree_insert_r(ctx->geos, loc->tree, loc->geoms[i], &loc->items[i]);
    }
    rc = geo_locator_find(loc, 0.0, 0.0, &unused); /* builds the tree */
    if (rc != GEO_OK && rc != GEO_ENOTFOUND)
        goto fail;
    *out = loc;
    return GEO_OK;
drop:
    for (i = 0; ctx != NULL && geoms != NULL && i < n; i++)
        if (geoms[i] != NULL)
            GEOSGeom_destroy_r(ctx->geos, geoms[i]);
fail:
    geo_locator_free(loc);
    return rc;
}

/* Number of polygons in loc; 0 for NULL. */
size_t geo_locator_size(const geo_locator *loc)
{
    return loc == NULL ? 0 : loc->n;
}

/* Frees the tree, the prepared geometries, the geometries and loc.  NULL
 * is a no-op. */
void geo_locator_free(geo_locator *loc)
{
    GEOSContextHandle_t h;
    size_t i;

    if (loc == NULL)
        return;
    h = loc->ctx->geos;
    if (loc->tree != NULL)
        GEOSSTRtree_destroy_r(h, loc->tree);
    for (i = 0; i < loc->n; i++) {
        if (loc->items[i].prep != NULL)
            GEOSPreparedGeom_destroy_r(h, loc->items[i].prep);
        GEOSGeom_destroy_r(h, loc->geoms[i]);
    }
    free(loc->items);
    free(loc->geoms);
    free(loc);
}

