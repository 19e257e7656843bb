/*
 * geo_ctx.c: the per-thread context - one GEOS handle, one PROJ context and
 * the two PROJ transforms diming needs, created once (about 2 ms each).
 */
#include <stdio.h>
#include <stdlib.h>

#include "geo_internal.h"

/* GEOS error handler: keeps the message in the context's buffer. */
static void geo_ctx_on_geos_error(const char *message, void *userdata)
{
    geo_ctx *ctx = userdata;

    snprintf(ctx->msg, sizeof ctx->msg, "GEOS: %s", message ? message : "?");
}

/* GEOS notice handler: keeps the notice in the context's buffer, so nothing
 * is printed on stderr. */
static void geo_ctx_on_geos_notice(const char *message, void *userdata)
{
    geo_ctx *ctx = userdata;

    snprintf(ctx->msg, sizeof ctx->msg, "GEOS notice: %s", message ? message : "?");
}

/* PROJ log handler: keeps the message in the context's buffer instead of
 * printing it on stderr. */
static void geo_ctx_on_proj_log(void *app_data, int level, const char *message)
{
    geo_ctx *ctx = app_data;

    (void)level;
    snprintf(ctx->msg, sizeof ctx->msg, "PROJ: %s", message ? message : "?");
}

/* Creates the transform from source to target with (lon, lat) / (E, N) axis
 * order on both sides.  NULL on failure (the message is in ctx->msg). */
static PJ *geo_ctx_make_pj(geo_ctx *ctx, const char *source, const char *target)
{
    PJ *raw;
    PJ *norm;

    raw = proj_create_crs_to_crs(ctx->pj, source, target, NULL);
    if (raw == NULL)
        return NULL;
    norm = proj_normalize_for_visualization(ctx->pj, raw);
    proj_destroy(raw);
    return norm;
}

/* Creates a context: GEOS handle with error and notice handlers, PROJ
 * context with a log handler; its transforms are made on first use
 * (geo_ctx_to).  GEO_OK and *out; GEO_EINVAL if out is NULL; GEO_ENOMEM.
 * Nothing is left allocated on failure. */
int geo_ctx_new(geo_ctx **out)
{
    geo_ctx *ctx;
    int rc = GEO_ENOMEM;

    if (out == NULL)
        return GEO_EINVAL;
    *out = NULL;
    ctx = calloc(1, sizeof *ctx);
    if (ctx == NULL)
        return GEO_ENOMEM;
    ctx->geos = GEOS_init_r();
    if (ctx->geos == NULL)
        goto fail;
    GEOSContext_setErrorMessageHandler_r(ctx->geos, geo_ctx_on_geos_error, ctx);
    GEOSContext_setNoticeMessageHandler_r(ctx->geos, geo_ctx_on_geos_notice, ctx);
    ctx->pj = proj_context_create();
    if (ctx->pj == NULL)
        goto fail;
    proj_log_func(ctx->pj, ctx, geo_ctx_on_proj_log);
    *out = ctx;
    return GEO_OK;
fail:
    geo_ctx_free(ctx);
    return rc;
}

/* See geo_internal.h. */
PJ *geo_ctx_to(geo_ctx *ctx, geo_crs crs)
{
    PJ **pj = crs == GEO_CRS_4544 ? &ctx->to_4544 : crs == GEO_CRS_4326 ? &ctx->to_4326 : NULL;
    if (pj != NULL && *pj == NULL)
        *pj = geo_ctx_make_pj(ctx, "EPSG:4490", crs == GEO_CRS_4544 ? "EPSG:4544" : "EPSG:4326");
    return pj != NULL ? *pj : NULL;
}

/* Frees the transforms, the PROJ context, the GEOS handle and ctx itself.
 * NULL is a no-op. */
void geo_ctx_free(geo_ctx *ctx)
{
    if (ctx == NULL)
        return;
    proj_destroy(ctx->to_4326);
    proj_destroy(ctx->to_4544);
    if (ctx->pj != NULL)
        proj_context_destroy(ctx->pj);
    if (ctx->geos != NULL)
        GEOS_finish_r(ctx->geos);
    free(ctx);
}

/* The context's GEOS handle (owned by ctx); NULL if ctx is NULL. */
GEOSContextHandle_t geo_ctx_geos(geo_ctx *ctx)
{
    return ctx == NULL ? NULL : ctx->geos;
}
