/* api_locate.c: GET /api/v1/locate?lon=&lat=[&crs=] - which township-level
 * unit holds a point. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "api_internal.h"

/* See api_internal.h: leading spaces, "nan" and "inf" are not numbers
 * here. */
int api_arg_coord(api_request *req, const char *name, double *out)
{
    const char *v = api_request_arg(req, name);
    char *end = NULL;
    int ok = v && ((*v >= '0' && *v <= '9') || *v == '-' || *v == '+' || *v == '.');
    if (ok) {
        errno = 0;
        *out = strtod(v, &end);
        ok = errno == 0 && *end == '\0' && isfinite(*out);
    }
    if (ok)
        return 0;
    char zh[128], en[128];
    snprintf(zh, sizeof zh, "缺少参数 %s 或其值不是数字", name);
    snprintf(en, sizeof en, "Query parameter '%s' is missing or not a number", name);
    api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_coordinate", name, zh, en);
    return -1;
}

/* Rounds degrees to 7 decimals (1 cm), as the registry prints them. */
static double api_locate_round(double deg)
{
    return round(deg * 1e7) / 1e7;
}

/* GET /api/v1/locate: the point (lon, lat) in crs (gcj02, EPSG:4326 or
 * EPSG:4490, the default; GCJ-02 is decoded, EPSG:4326 taken as 4490) ->
 * 200 {"input":{lon,lat,crs}, "point":{lon,lat,crs:"EPSG:4490"},
 * "unit":{the township-level unit with its chain of parents}}.
 * 400 bad_coordinate, coordinate_out_of_range, bad_crs; 404 outside_registry. */
enum MHD_Result api_locate_get(api_request *req, reg_db *db)
{
    double lon, lat;
    if (api_arg_coord(req, "lon", &lon) != 0 || api_arg_coord(req, "lat", &lat) != 0)
        return req->queue_result;
    geo_crs crs;
    if (api_arg_crs(req, &crs) != 0)
        return req->queue_result;
    if (lon < -180.0 || lon > 180.0)
        return api_reply_error(req, "coordinate_out_of_range", "lon");
    if (lat < -90.0 || lat > 90.0)
        return api_reply_error(req, "coordinate_out_of_range", "lat");

    double x = lon, y = lat;
    if (crs == GEO_CRS_GCJ02 && geo_gcj02_decode(lon, lat, &x, &y) != GEO_OK)
        return api_reply_error(req, "coordinate_out_of_range", NULL);
    x = api_locate_round(x);
    y = api_locate_round(y);

    reg_error err;
    json_t *unit = NULL;
    int rc = reg_locate(db, x, y, &unit, &err);
    if (rc == REG_ENOTFOUND)
        return api_reply_error(req, "outside_registry", NULL);
    if (rc == REG_EINVAL)
        return api_reply_error(req, "coordinate_out_of_range", NULL);
    if (rc != REG_OK)
        return api_reply_reg_error(req, &err);
    return api_reply_json(req, MHD_HTTP_OK,
                          json_pack("{s:{s:f, s:f, s:s}, s:{s:f, s:f, s:s}, s:o}", "input", "lon",
                                    lon, "lat", lat, "crs", geo_crs_name(crs), "point", "lon", x,
                                    "lat", y, "crs", geo_crs_name(GEO_CRS_4490), "unit", unit),
                          NULL, NULL);
}
