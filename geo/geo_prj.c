/*
 * geo_prj.c: naming the CRS a shapefile's .prj describes (WKT 1 in the OGC
 * or the ESRI dialect), among the CRSs diming reads.
 */
#include <string.h>

#include "geo_internal.h"

/* The lowest PROJ identification confidence accepted: 70 is what PROJ
 * gives a CRS equal to the EPSG one but for its axis order, which a .prj
 * (ESRI WKT) never states. */
#define GEO_PRJ_CONFIDENCE 70

/* The geo_crs of EPSG code text, or -1 outside the three diming reads. */
static int epsg_crs(const char *code)
{
    return strcmp(code, "4490") == 0   ? GEO_CRS_4490
           : strcmp(code, "4326") == 0 ? GEO_CRS_4326
           : strcmp(code, "4544") == 0 ? GEO_CRS_4544
                                       : -1;
}

/* Matches the CRS of WKT text to EPSG:4490, EPSG:4326 or EPSG:4544 with
 * PROJ's identification against the EPSG database (the best candidate of
 * confidence GEO_PRJ_CONFIDENCE or more that is one of the three).
 * GEO_OK and *out; GEO_EINVAL for NULL arguments or text PROJ cannot read,
 * GEO_ENOTFOUND for a CRS that is none of the three (reason in err). */
int geo_crs_from_wkt(geo_ctx *ctx, const char *wkt, geo_crs *out, char *err, size_t errlen)
{
    if (!ctx || !wkt || !out) {
        geo_err_set(err, errlen, "no WKT");
        return GEO_EINVAL;
    }
    PJ *crs = proj_create_from_wkt(ctx->pj, wkt, NULL, NULL, NULL);
    if (!crs) {
        geo_err_set(err, errlen, "not a WKT CRS PROJ can read");
        return GEO_EINVAL;
    }
    int *confidence = NULL;
    PJ_OBJ_LIST *found = proj_identify(ctx->pj, crs, "EPSG", NULL, &confidence);
    int best = -1, best_conf = GEO_PRJ_CONFIDENCE - 1;
    int n = found ? proj_list_get_count(found) : 0;
    for (int i = 0; i < n; i++) {
        PJ *cand = proj_list_get(ctx->pj, found, i);
        const char *code = cand ? proj_get_id_code(cand, 0) : NULL;
        int c = code ? epsg_crs(code) : -1;
        if (c >= 0 && confidence[i] > best_conf) {
            best = c;
            best_conf = confidence[i];
        }
        proj_destroy(cand);
    }
    const char *name = proj_get_name(crs);
    if (best < 0)
        geo_err_set(err, errlen, "%s is not EPSG:4490, EPSG:4326 or EPSG:4544",
                    name ? name : "the CRS");
    proj_int_list_destroy(confidence);
    proj_list_destroy(found);
    proj_destroy(crs);
    if (best < 0)
        return GEO_ENOTFOUND;
    *out = (geo_crs)best;
    return GEO_OK;
}
