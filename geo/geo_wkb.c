/*
 * geo_wkb.c: ISO WKB in and out, the form geometries take between geo and
 * the registry's SpatiaLite columns (AsBinary / GeomFromWKB).
 */
#include <stdlib.h>
#include <string.h>

#include "geo_internal.h"

/* Reads len bytes of WKB (ISO or extended, either byte order) into a new
 * geometry in *out with SRID 4490 (WKB carries none; set another with
 * GEOSSetSRID_r if the bytes are not 4490).  GEO_EINVAL for NULL arguments,
 * len 0 or bytes that are not WKB; GEO_EGEOS if the reader cannot be made.
 * *out is NULL on failure; the caller frees it with GEOSGeom_destroy_r. */
int geo_wkb_read(geo_ctx *ctx, const unsigned char *wkb, size_t len, GEOSGeometry **out)
{
    GEOSWKBReader *rd;
    GEOSGeometry *g;

    if (out != NULL)
        *out = NULL;
    if (ctx == NULL || wkb == NULL || len == 0 || out == NULL)
        return GEO_EINVAL;
    rd = GEOSWKBReader_create_r(ctx->geos);
    if (rd == NULL)
        return GEO_EGEOS;
    g = GEOSWKBReader_read_r(ctx->geos, rd, wkb, len);
    GEOSWKBReader_destroy_r(ctx->geos, rd);
    if (g == NULL)
        return GEO_EINVAL;
    GEOSSetSRID_r(ctx->geos, g, 4490);
    *out = g;
    return GEO_OK;
}

/* Writes g as 2D ISO WKB, little-endian, no SRID, into a new malloc'd
 * buffer *out of *len bytes (the caller free()s it).  GEO_EINVAL for NULL
 * arguments, GEO_EGEOS if GEOS fails, GEO_ENOMEM; *out NULL on failure. */
int geo_wkb_write(geo_ctx *ctx, const GEOSGeometry *g, unsigned char **out, size_t *len)
{
    GEOSWKBWriter *wr;
    unsigned char *buf, *copy;
    size_t n = 0;

    if (out != NULL)
        *out = NULL;
    if (len != NULL)
        *len = 0;
    if (ctx == NULL || g == NULL || out == NULL || len == NULL)
        return GEO_EINVAL;
    wr = GEOSWKBWriter_create_r(ctx->geos);
    if (wr == NULL)
        return GEO_EGEOS;
    GEOSWKBWriter_setOutputDimension_r(ctx->geos, wr, 2);
    GEOSWKBWriter_setByteOrder_r(ctx->geos, wr, GEOS_WKB_NDR);
    GEOSWKBWriter_setFlavor_r(ctx->geos, wr, GEOS_WKB_ISO);
    GEOSWKBWriter_setIncludeSRID_r(ctx->geos, wr, 0);
    buf = GEOSWKBWriter_write_r(ctx->geos, wr, g, &n);
    GEOSWKBWriter_destroy_r(ctx->geos, wr);
    if (buf == NULL)
        return GEO_EGEOS;
    copy = malloc(n > 0 ? n : 1);
    if (copy == NULL) {
        GEOSFree_r(ctx->geos, buf);
        return GEO_ENOMEM;
    }
    memcpy(copy, buf, n);
    GEOSFree_r(ctx->geos, buf);
    *out = copy;
    *len = n;
    return GEO_OK;
}
