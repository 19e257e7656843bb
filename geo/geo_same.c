/*
 * geo_same.c: whether two geometries are the same shape whatever the
 * order they list it in (ring orientation and starting point, the order
 * of parts), as a shapefile writer reorders rings.
 */
#include "geo_internal.h"

/* Reads the WKB and normalizes it; NULL on failure. */
static GEOSGeometry *normalized(geo_ctx *ctx, const unsigned char *wkb, size_t len)
{
    GEOSGeometry *g = NULL;
    if (geo_wkb_read(ctx, wkb, len, &g) != GEO_OK)
        return NULL;
    if (GEOSNormalize_r(ctx->geos, g) != 0) {
        GEOSGeom_destroy_r(ctx->geos, g);
        return NULL;
    }
    return g;
}

/* 1 if WKB a and b hold the same coordinates once both are normalized
 * (GEOSNormalize: rings in one orientation from their lowest point, parts
 * sorted), exactly (tolerance 0); 0 if not or either cannot be read. */
int geo_wkb_same_shape(geo_ctx *ctx, const unsigned char *a, size_t alen,
                       const unsigned char *b, size_t blen)
{
    if (!ctx || !a || !b)
        return 0;
    GEOSGeometry *ga = normalized(ctx, a, alen);
    GEOSGeometry *gb = ga ? normalized(ctx, b, blen) : NULL;
    int same = gb && GEOSEqualsExact_r(ctx->geos, ga, gb, 0.0) == 1;
    if (ga)
        GEOSGeom_destroy_r(ctx->geos, ga);
    if (gb)
        GEOSGeom_destroy_r(ctx->geos, gb);
    return same;
}
