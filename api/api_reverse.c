/* api_reverse.c: GET /api/v1/reverse?lon=&lat=[&crs=][&limit=][&radius=]:
 * the nearest addresses to a point (reverse geocoding), with distances in
 * metres, through the spatial index (reg_reverse). */
#include <errno.h>
#include <stdlib.h>

#include "api_internal.h"

#define REVERSE_LIMIT 5
#define REVERSE_RADIUS 200.0

/* Reads an optional positive number query argument in [lo, hi] (dflt when
 * absent).  Returns 0, or -1 after queueing 400 bad_parameter. */
static int reverse_arg(api_request *req, const char *name, double lo, double hi, double dflt,
                       double *out)
{
    const char *v = api_request_arg(req, name);
    *out = dflt;
    if (!v)
        return 0;
    char *end;
    errno = 0;
    double x = strtod(v, &end);
    if (!errno && *v && !*end && x >= lo && x <= hi) {
        *out = x;
        return 0;
    }
    char en[160];
    snprintf(en, sizeof en, "Query parameter '%s' must be a number from %g to %g", name, lo, hi);
    api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_parameter", name, "查询参数超出范围", en);
    return -1;
}

/* GET /api/v1/reverse -> {point{lon,lat,crs}, radius_m, addresses:
 * [{distance_m, plate}]} nearest first: the active door addresses within
 * radius (default 200 m, at most 1000), at most limit (default 5, at most
 * 50).  The point in crs (gcj02, EPSG:4326 or EPSG:4490, the default). */
enum MHD_Result api_reverse_get(api_request *req, reg_db *db)
{
    double lon, lat, limit, radius;
    geo_crs crs;
    if (api_arg_coord(req, "lon", &lon) != 0 || api_arg_coord(req, "lat", &lat) != 0 ||
        api_arg_crs(req, &crs) != 0 ||
        reverse_arg(req, "limit", 1, 50, REVERSE_LIMIT, &limit) != 0 ||
        reverse_arg(req, "radius", 1, 1000, REVERSE_RADIUS, &radius) != 0)
        return req->queue_result;
    if (geo_transform_point(reg_geo(db), crs, GEO_CRS_4490, &lon, &lat) != GEO_OK)
        return api_reply_error(req, "coordinate_out_of_range", NULL);
    json_t *near = NULL;
    reg_error err;
    if (reg_reverse(db, lon, lat, radius, (int)limit, &near, &err) != REG_OK)
        return api_reply_reg_error(req, &err);
    /* Each plate with its URL and map links, as the API gives plates. */
    size_t i;
    json_t *item;
    json_array_foreach(near, i, item) {
        json_t *plate = json_object_get(item, "plate");
        const char *code = json_string_value(json_object_get(plate, "code"));
        reg_plate_view v;
        json_t *full = NULL;
        if (code && reg_plate_view_get(db, code, &v, &err) == REG_OK)
            full = api_plate_json(req, &v);
        if (full)
            json_object_set_new(item, "plate", full);
    }
    return api_reply_json(req, MHD_HTTP_OK,
                          json_pack("{s:{s:f, s:f, s:s}, s:f, s:o}", "point", "lon", lon, "lat",
                                    lat, "crs", "EPSG:4490", "radius_m", radius, "addresses",
                                    near),
                          NULL, NULL);
}
