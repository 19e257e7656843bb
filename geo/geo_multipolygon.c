/*
 * geo_multipolygon.c: the cast to MultiPolygon that boundary storage needs
 * (one column type for every township and village area).
 */
#include <stdlib.h>

#include "geo_internal.h"

/* Appends clones of the non-empty polygons of p (a Polygon or MultiPolygon)
 * to parts, which has room.  GEO_OK or GEO_EGEOS. */
static int geo_mp_take(GEOSContextHandle_t h, const GEOSGeometry *p, GEOSGeometry **parts,
                       unsigned *n)
{
    int k = GEOSGetNumGeometries_r(h, p), i;

    if (k < 0)
        return GEO_EGEOS;
    for (i = 0; i < k; i++) {
        const GEOSGeometry *poly = GEOSGetGeometryN_r(h, p, i);

        if (poly == NULL)
            return GEO_EGEOS;
        if (GEOSisEmpty_r(h, poly) == 1)
            continue;
        parts[*n] = GEOSGeom_clone_r(h, poly);
        if (parts[*n] == NULL)
            return GEO_EGEOS;
        (*n)++;
    }
    return GEO_OK;
}

/* Counts the polygons g would contribute (GEOSGetNumGeometries of each
 * polygonal part).  GEO_EINVAL if g is neither polygonal nor a flat
 * GeometryCollection of polygonal and lower-dimension parts, or if it has
 * no polygon at all. */
static int geo_mp_count(GEOSContextHandle_t h, const GEOSGeometry *g, size_t *count)
{
    int type = GEOSGeomTypeId_r(h, g), k, i;

    *count = 0;
    if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) {
        k = GEOSGetNumGeometries_r(h, g);
        if (k < 0)
            return GEO_EGEOS;
        *count = (size_t)k;
        return GEO_OK;
    }
    if (type != GEOS_GEOMETRYCOLLECTION)
        return GEO_EINVAL;
    k = GEOSGetNumGeometries_r(h, g);
    if (k < 0)
        return GEO_EGEOS;
    for (i = 0; i < k; i++) {
        const GEOSGeometry *m = GEOSGetGeometryN_r(h, g, i);
        int mt = m ? GEOSGeomTypeId_r(h, m) : -1;
        int mk;

        if (mt == GEOS_POLYGON || mt == GEOS_MULTIPOLYGON) {
            mk = GEOSGetNumGeometries_r(h, m);
            if (mk < 0)
                return GEO_EGEOS;
            *count += (size_t)mk;
        } else if (mt < 0 || mt == GEOS_GEOMETRYCOLLECTION) {
            return GEO_EINVAL;
        }
    }
    return *count > 0 ? GEO_OK : GEO_EINVAL;
}

/* Casts g to a new MultiPolygon in *out: a Polygon becomes a one-member
 * MultiPolygon, a MultiPolygon is copied, and from a GeometryCollection (as
 * GEOSMakeValid_r returns) the polygonal members are kept and points and
 * lines, which repair can leave behind, are dropped.  Empty polygons are
 * dropped.  *out carries g's SRID, or 4490 if g has none.  GEO_EINVAL for
 * NULL arguments, other types, nested collections or a collection without
 * polygons; GEO_ENOMEM, GEO_EGEOS; *out is NULL on failure. */
int geo_to_multipolygon(geo_ctx *ctx, const GEOSGeometry *g, GEOSGeometry **out)
{
    GEOSGeometry **parts = NULL, *mp;
    size_t count;
    unsigned n = 0;
    int rc, k, i, srid;

    if (out != NULL)
        *out = NULL;
    if (ctx == NULL || g == NULL || out == NULL)
        return GEO_EINVAL;
    rc = geo_mp_count(ctx->geos, g, &count);
    if (rc != GEO_OK)
        return rc;
    if (count > 0) {
        parts = calloc(count, sizeof *parts);
        if (parts == NULL)
            return GEO_ENOMEM;
    }
    if (GEOSGeomTypeId_r(ctx->geos, g) == GEOS_GEOMETRYCOLLECTION) {
        k = GEOSGetNumGeometries_r(ctx->geos, g);
        for (i = 0; i < k && rc == GEO_OK; i++) {
            const GEOSGeometry *m = GEOSGetGeometryN_r(ctx->geos, g, i);
            int mt = GEOSGeomTypeId_r(ctx->geos, m);

            if (mt == GEOS_POLYGON || mt == GEOS_MULTIPOLYGON)
                rc = geo_mp_take(ctx->geos, m, parts, &n);
        }
    } else {
        rc = geo_mp_take(ctx->geos, g, parts, &n);
    }
    if (rc != GEO_OK) {
        while (n-- > 0)
            GEOSGeom_destroy_r(ctx->geos, parts[n]);
        free(parts);
        return rc;
    }
    /* GEOS takes the parts, also when it fails. */
    mp = GEOSGeom_createCollection_r(ctx->geos, GEOS_MULTIPOLYGON, parts, n);
    free(parts);
    if (mp == NULL)
        return GEO_EGEOS;
    srid = GEOSGetSRID_r(ctx->geos, g);
    GEOSSetSRID_r(ctx->geos, mp, srid != 0 ? srid : 4490);
    *out = mp;
    return GEO_OK;
}
