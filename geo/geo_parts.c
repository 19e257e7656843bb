/*
 * geo_parts.c: taking geometries apart and putting them together again
 * (the pieces of an intersection, the parts of a line to orient).
 */
#include <stdlib.h>

#include "geo_internal.h"

/* See geo_internal.h. */
int geo_parts_push(GEOSContextHandle_t h, geo_parts *parts, GEOSGeometry *g)
{
    if (parts->n == parts->cap) {
        size_t cap = parts->cap ? parts->cap * 2 : 16;
        GEOSGeometry **grown = realloc(parts->g, cap * sizeof *grown);
        if (!grown) {
            GEOSGeom_destroy_r(h, g);
            return GEO_ENOMEM;
        }
        parts->g = grown;
        parts->cap = cap;
    }
    parts->g[parts->n++] = g;
    return GEO_OK;
}

/* The dimension of a simple GEOS type: 0 point, 1 line string, 2 polygon;
 * -1 for a multi type or a collection. */
static int geo_parts_simple_dim(int type)
{
    switch (type) {
    case GEOS_POINT: return 0;
    case GEOS_LINESTRING:
    case GEOS_LINEARRING: return 1;
    case GEOS_POLYGON: return 2;
    default: return -1;
    }
}

/* See geo_internal.h. */
int geo_parts_flatten(GEOSContextHandle_t h, const GEOSGeometry *g, int dim, geo_parts *parts)
{
    int type = GEOSGeomTypeId_r(h, g);
    if (type < 0)
        return GEO_EGEOS;
    int d = geo_parts_simple_dim(type);
    if (d >= 0) {
        if (d != dim || GEOSisEmpty_r(h, g) == 1)
            return GEO_OK;
        GEOSGeometry *c = GEOSGeom_clone_r(h, g);
        return c ? geo_parts_push(h, parts, c) : GEO_EGEOS;
    }
    int k = GEOSGetNumGeometries_r(h, g);
    if (k < 0)
        return GEO_EGEOS;
    for (int i = 0; i < k; i++) {
        const GEOSGeometry *m = GEOSGetGeometryN_r(h, g, i);
        int rc = m ? geo_parts_flatten(h, m, dim, parts) : GEO_EGEOS;
        if (rc != GEO_OK)
            return rc;
    }
    return GEO_OK;
}

/* See geo_internal.h. */
void geo_parts_free(GEOSContextHandle_t h, geo_parts *parts)
{
    for (size_t i = 0; i < parts->n; i++)
        GEOSGeom_destroy_r(h, parts->g[i]);
    free(parts->g);
    parts->g = NULL;
    parts->n = parts->cap = 0;
}

/* See geo_internal.h. */
GEOSGeometry *geo_parts_collect(GEOSContextHandle_t h, geo_parts *parts, int type)
{
    /* GEOS takes the members as soon as it is called, also when it fails
     * (it holds them in unique_ptrs): only the array is ours to free. */
    GEOSGeometry *c = GEOSGeom_createCollection_r(h, type, parts->g, (unsigned)parts->n);
    free(parts->g);
    parts->g = NULL;
    parts->n = parts->cap = 0;
    return c;
}

/* See geo_internal.h. */
int geo_inside_point(GEOSContextHandle_t h, const GEOSGeometry *g, double *x, double *y)
{
    GEOSGeometry *p = GEOSPointOnSurface_r(h, g);
    int ok = p && GEOSGeomGetX_r(h, p, x) == 1 && GEOSGeomGetY_r(h, p, y) == 1;
    if (p)
        GEOSGeom_destroy_r(h, p);
    return ok ? GEO_OK : GEO_EGEOS;
}
