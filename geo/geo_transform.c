/*
 * geo_transform.c: moving points and geometries between the four CRSs.
 * Every path goes through EPSG:4490: from -> 4490 -> to.
 */
#include <math.h>

#include "geo_internal.h"

/* Runs pj on (*x, *y) in direction dir.  GEO_EPROJ if PROJ fails (it
 * returns HUGE_VAL then) or pj could not be made (NULL); the inputs are
 * untouched on failure. */
static int geo_transform_pj(PJ *pj, PJ_DIRECTION dir, double *x, double *y)
{
    if (pj == NULL)
        return GEO_EPROJ;
    PJ_COORD c = proj_coord(*x, *y, 0.0, 0.0);

    c = proj_trans(pj, dir, c);
    if (!isfinite(c.xy.x) || !isfinite(c.xy.y)) {
        proj_errno_reset(pj);
        return GEO_EPROJ;
    }
    *x = c.xy.x;
    *y = c.xy.y;
    return GEO_OK;
}

/* Moves (*x, *y) from CRS from to EPSG:4490. */
static int geo_transform_to_4490(geo_ctx *ctx, geo_crs from, double *x, double *y)
{
    switch (from) {
    case GEO_CRS_4490: return GEO_OK;
    case GEO_CRS_4326: return geo_transform_pj(geo_ctx_to(ctx, GEO_CRS_4326), PJ_INV, x, y);
    case GEO_CRS_4544: return geo_transform_pj(geo_ctx_to(ctx, GEO_CRS_4544), PJ_INV, x, y);
    case GEO_CRS_GCJ02: return geo_gcj02_decode(*x, *y, x, y);
    }
    return GEO_EINVAL;
}

/* Moves (*x, *y) from EPSG:4490 to CRS to. */
static int geo_transform_from_4490(geo_ctx *ctx, geo_crs to, double *x, double *y)
{
    switch (to) {
    case GEO_CRS_4490: return GEO_OK;
    case GEO_CRS_4326: return geo_transform_pj(geo_ctx_to(ctx, GEO_CRS_4326), PJ_FWD, x, y);
    case GEO_CRS_4544: return geo_transform_pj(geo_ctx_to(ctx, GEO_CRS_4544), PJ_FWD, x, y);
    case GEO_CRS_GCJ02: return geo_gcj02_encode(*x, *y, x, y);
    }
    return GEO_EINVAL;
}

/* Transforms one point; arguments already checked.  Non-finite input and
 * geographic input out of range give GEO_ERANGE.  *x, *y change only on
 * success. */
static int geo_transform_xy(geo_ctx *ctx, geo_crs from, geo_crs to, double *x, double *y)
{
    double tx = *x, ty = *y;
    int rc;

    if (!isfinite(tx) || !isfinite(ty))
        return GEO_ERANGE;
    if (geo_crs_is_geographic(from) && !geo_lonlat_ok(tx, ty))
        return GEO_ERANGE;
    if (from == to)
        return GEO_OK;
    rc = geo_transform_to_4490(ctx, from, &tx, &ty);
    if (rc == GEO_OK)
        rc = geo_transform_from_4490(ctx, to, &tx, &ty);
    if (rc != GEO_OK)
        return rc;
    *x = tx;
    *y = ty;
    return GEO_OK;
}

/* Public point transform: GEO_EINVAL for NULL arguments or a CRS outside
 * the enum, otherwise as geo_transform_xy. */
int geo_transform_point(geo_ctx *ctx, geo_crs from, geo_crs to, double *x, double *y)
{
    if (ctx == NULL || x == NULL || y == NULL || !geo_crs_valid(from) || !geo_crs_valid(to))
        return GEO_EINVAL;
    return geo_transform_xy(ctx, from, to, x, y);
}

/* State passed through GEOSGeom_transformXY_r to the callback. */
struct geo_transform_job {
    geo_ctx *ctx;
    geo_crs from, to;
    int rc; /* first failure, GEO_OK while all points succeed */
};

/* GEOS callback: transforms one coordinate; 0 (stop) on failure with the
 * reason kept in the job. */
static int geo_transform_cb(double *x, double *y, void *userdata)
{
    struct geo_transform_job *job = userdata;

    job->rc = geo_transform_xy(job->ctx, job->from, job->to, x, y);
    return job->rc == GEO_OK;
}

/* Builds in *out a transformed copy of in (every coordinate of every part,
 * Z untouched) with the SRID of to (0 for gcj02).  GEO_EINVAL for bad
 * arguments, GEO_ERANGE / GEO_EPROJ from the first failing point, GEO_EGEOS
 * if GEOS fails.  *out is NULL on failure. */
int geo_transform_geom(geo_ctx *ctx, geo_crs from, geo_crs to,
                       const GEOSGeometry *in, GEOSGeometry **out)
{
    struct geo_transform_job job = {ctx, from, to, GEO_OK};
    GEOSGeometry *g;

    if (out != NULL)
        *out = NULL;
    if (ctx == NULL || in == NULL || out == NULL || !geo_crs_valid(from) || !geo_crs_valid(to))
        return GEO_EINVAL;
    g = GEOSGeom_transformXY_r(ctx->geos, in, geo_transform_cb, &job);
    if (g == NULL)
        return job.rc != GEO_OK ? job.rc : GEO_EGEOS;
    GEOSSetSRID_r(ctx->geos, g, geo_crs_srid(to));
    *out = g;
    return GEO_OK;
}
