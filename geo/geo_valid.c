/*
 * geo_valid.c: OGC validity with the reason and place, and repair.
 */
#include "geo_internal.h"

/* GEO_OK if g is valid.  GEO_EINVALID with "<reason> at (x y)" in err
 * (GEOSisValidDetail_r's reason and location) if not.  GEO_EINVAL for NULL
 * arguments, GEO_EGEOS (GEOS's message in err) if GEOS fails. */
int geo_validate(geo_ctx *ctx, const GEOSGeometry *g, char *err, size_t errlen)
{
    char *reason = NULL;
    GEOSGeometry *where = NULL;
    double x, y;
    char valid;

    if (ctx == NULL || g == NULL) {
        geo_err_set(err, errlen, "missing argument");
        return GEO_EINVAL;
    }
    ctx->msg[0] = '\0';
    valid = GEOSisValidDetail_r(ctx->geos, g, 0, &reason, &where);
    if (valid == 1)
        return GEO_OK;
    if (valid != 0) {
        geo_err_set(err, errlen, "%s", ctx->msg[0] ? ctx->msg : "GEOS validity check failed");
        return GEO_EGEOS;
    }
    if (where != NULL && GEOSGeomGetX_r(ctx->geos, where, &x) == 1 &&
        GEOSGeomGetY_r(ctx->geos, where, &y) == 1)
        geo_err_set(err, errlen, "%s at (%.10g %.10g)", reason ? reason : "invalid", x, y);
    else
        geo_err_set(err, errlen, "%s", reason ? reason : "invalid");
    if (reason != NULL)
        GEOSFree_r(ctx->geos, reason);
    if (where != NULL)
        GEOSGeom_destroy_r(ctx->geos, where);
    return GEO_EINVALID;
}

/* Repairs g with GEOSMakeValid_r (the "linework" method); *out is new with
 * g's SRID and may be of another type (a collection).  GEO_EINVAL for NULL
 * arguments, GEO_EGEOS if GEOS fails; *out is NULL on failure. */
int geo_make_valid(geo_ctx *ctx, const GEOSGeometry *g, GEOSGeometry **out)
{
    GEOSGeometry *v;

    if (out != NULL)
        *out = NULL;
    if (ctx == NULL || g == NULL || out == NULL)
        return GEO_EINVAL;
    v = GEOSMakeValid_r(ctx->geos, g);
    if (v == NULL)
        return GEO_EGEOS;
    GEOSSetSRID_r(ctx->geos, v, GEOSGetSRID_r(ctx->geos, g));
    *out = v;
    return GEO_OK;
}
