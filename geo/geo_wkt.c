/*
 * geo_wkt.c: reading WKT, the geometry column of CSV files.
 */
#include "geo_internal.h"

/* See geo.h.  GEO_EINVAL for NULL arguments, text GEOS cannot read, or an
 * empty geometry. */
int geo_wkt_read(geo_ctx *ctx, const char *wkt, GEOSGeometry **out, char *err, size_t errlen)
{
    if (!ctx || !wkt || !out) {
        geo_err_set(err, errlen, "missing argument");
        return GEO_EINVAL;
    }
    *out = NULL;
    GEOSWKTReader *r = GEOSWKTReader_create_r(ctx->geos);
    if (!r)
        return GEO_ENOMEM;
    ctx->msg[0] = '\0';
    GEOSGeometry *g = GEOSWKTReader_read_r(ctx->geos, r, wkt);
    GEOSWKTReader_destroy_r(ctx->geos, r);
    if (!g) {
        geo_err_set(err, errlen, "%s", ctx->msg[0] ? ctx->msg : "not WKT");
        return GEO_EINVAL;
    }
    if (GEOSisEmpty_r(ctx->geos, g) != 0) {
        GEOSGeom_destroy_r(ctx->geos, g);
        geo_err_set(err, errlen, "empty geometry");
        return GEO_EINVAL;
    }
    GEOSSetSRID_r(ctx->geos, g, 4490);
    *out = g;
    return GEO_OK;
}
