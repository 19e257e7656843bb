/* api_body.c: reading the members of JSON bodies, with the 400s that
 * name what is wrong, and the Location of what a body created. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"

/* See api_internal.h. */
int api_body_only(api_request *req, json_t *body, const char *const *allowed)
{
    const char *key;
    json_t *value;
    json_object_foreach(body, key, value) {
        size_t i = 0;
        while (allowed[i] && strcmp(allowed[i], key) != 0)
            i++;
        if (!allowed[i]) {
            char zh[160], en[160];
            snprintf(zh, sizeof zh, "请求体含有未知字段“%.64s”", key);
            snprintf(en, sizeof en, "Unknown member \"%.64s\" in the body", key);
            api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "unknown_field", key, zh, en);
            return -1;
        }
    }
    return 0;
}

/* Queues 400 bad_field_type for member key, which must be what. */
static void api_body_type_error(api_request *req, const char *key, const char *what_zh,
                                const char *what_en)
{
    char zh[256], en[256];
    snprintf(zh, sizeof zh, "字段“%.64s”必须是%.96s", key, what_zh);
    snprintf(en, sizeof en, "Member \"%.64s\" must be %.96s", key, what_en);
    api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_field_type", key, zh, en);
}

/* See api_internal.h. */
int api_body_string(api_request *req, json_t *body, const char *key, const char **out)
{
    json_t *v = json_object_get(body, key);
    *out = NULL;
    if (!v)
        return 0;
    if (!json_is_string(v)) {
        api_body_type_error(req, key, "字符串", "a string");
        return -1;
    }
    *out = json_string_value(v);
    return 0;
}

/* See api_internal.h. */
int api_body_bool(api_request *req, json_t *body, const char *key, int *out)
{
    json_t *v = json_object_get(body, key);
    *out = -1;
    if (!v)
        return 0;
    if (!json_is_boolean(v)) {
        api_body_type_error(req, key, "true 或 false", "true or false");
        return -1;
    }
    *out = json_is_true(v);
    return 0;
}

/* See api_internal.h. */
int api_body_array(api_request *req, json_t *body, const char *key, size_t max, json_t **out)
{
    json_t *v = json_object_get(body, key);
    *out = NULL;
    if (!v)
        return 0;
    if (!json_is_array(v) || json_array_size(v) > max) {
        char en[96];
        snprintf(en, sizeof en, "an array of at most %zu items", max);
        api_body_type_error(req, key, "不超过规定数量的数组", en);
        return -1;
    }
    *out = v;
    return 0;
}

/* See api_internal.h. */
int api_body_geometry(api_request *req, reg_db *db, json_t *value, GEOSGeometry **geom)
{
    geo_ctx *geo = reg_geo(db);
    geo_crs crs;
    char gerr[GEO_ERRLEN];
    *geom = NULL;
    if (!json_is_object(value)) {
        api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_field_type", "geometry",
                            "geometry 必须是 GeoJSON 几何对象或 null",
                            "Member \"geometry\" must be a GeoJSON geometry object or null");
        return -1;
    }
    if (api_arg_crs(req, &crs) != 0)
        return -1;
    if (geo_geojson_read(geo, value, geom, gerr, sizeof gerr) != GEO_OK) {
        char en[GEO_ERRLEN + 40];
        snprintf(en, sizeof en, "The geometry is not valid GeoJSON: %s", gerr);
        api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_geometry", "geometry",
                            "geometry 不是有效的 GeoJSON 几何对象", en);
        return -1;
    }
    if (crs == GEO_CRS_4490)
        return 0;
    GEOSGeometry *moved = NULL;
    int rc = geo_transform_geom(geo, crs, GEO_CRS_4490, *geom, &moved);
    GEOSGeom_destroy_r(geo_ctx_geos(geo), *geom);
    *geom = moved;
    if (rc == GEO_ERANGE) {
        api_reply_error(req, "coordinate_out_of_range", "geometry");
        return -1;
    }
    if (rc != GEO_OK) {
        api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_geometry", "geometry",
                            "无法转换该几何对象的坐标",
                            "The geometry's coordinates cannot be transformed");
        return -1;
    }
    return 0;
}

/* See api_internal.h. */
int api_body_number(api_request *req, json_t *body, const char *key, const char *code,
                    double *out, int *present)
{
    json_t *v = json_object_get(body, key);
    *present = v != NULL;
    if (!v)
        return 0;
    if (!json_is_number(v)) {
        char zh[160], en[160];
        snprintf(zh, sizeof zh, "字段“%s”必须是数字", key);
        snprintf(en, sizeof en, "Member \"%s\" must be a number", key);
        api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, code, key, zh, en);
        return -1;
    }
    *out = json_number_value(v);
    return 0;
}

/* See api_internal.h. */
char *api_location(const api_request *req, const char *path, const char *id)
{
    const char *base = req->srv->base_url ? req->srv->base_url : "";
    size_t n = strlen(base) + strlen(path) + strlen(id) + 1;
    char *loc = malloc(n);
    if (loc)
        snprintf(loc, n, "%s%s%s", base, path, id);
    return loc;
}
