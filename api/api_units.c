/* api_units.c: administrative units.
 *   GET   /api/v1/units/{code}[?geometry=1]
 *   GET   /api/v1/units?parent=CODE&level=LEVEL[&include_retired=1]
 *   POST  /api/v1/units            (admin) create
 *   PATCH /api/v1/units/{code}     (admin) rename, end, change the polygon */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"

/* 1 if s is a division code by its shape: 2, 4, 6, 9 or 12 ASCII digits.
 * Whether the digits follow the level rules is the registry's business. */
int api_code_ok(const char *s)
{
    size_t n = 0;
    if (!s)
        return 0;
    for (; s[n]; n++)
        if (s[n] < '0' || s[n] > '9')
            return 0;
    return n == 2 || n == 4 || n == 6 || n == 9 || n == 12;
}

/* Queues 404 unit_not_found for a registry REG_ENOTFOUND about the unit
 * named in the path, or the registry's error as it is otherwise. */
static enum MHD_Result api_units_reg_error(api_request *req, const reg_error *err)
{
    if (err->status == REG_ENOTFOUND)
        return api_reply_error(req, "unit_not_found", "code");
    return api_reply_reg_error(req, err);
}

/* Checks the {code} of the path.  Returns 0, or -1 after queueing 400
 * bad_code. */
static int api_units_path_code(api_request *req)
{
    if (api_code_ok(req->param))
        return 0;
    api_reply_error(req, "bad_code", "code");
    return -1;
}

/* GET /api/v1/units/{code}: the unit as reg_unit_get gives it; with
 * geometry=1 its polygon as GeoJSON too.  400 bad_code, 400 bad_parameter,
 * 404 unit_not_found. */
enum MHD_Result api_units_get(api_request *req, reg_db *db)
{
    int with_geometry;
    if (api_units_path_code(req) != 0 || api_arg_flag(req, "geometry", 0, &with_geometry) != 0)
        return req->queue_result;
    reg_error err;
    json_t *unit = NULL;
    if (reg_unit_get(db, req->param, with_geometry, &unit, &err) != REG_OK)
        return api_units_reg_error(req, &err);
    return api_reply_json(req, MHD_HTTP_OK, unit, NULL, NULL);
}

/* GET /api/v1/units: {"units":[...],"count":n}, filtered by parent (a
 * code) and level (a level name) when given; retired units only with
 * include_retired=1.  400 bad_code, bad_level or bad_parameter. */
enum MHD_Result api_units_list(api_request *req, reg_db *db)
{
    const char *parent = api_request_arg(req, "parent");
    const char *level = api_request_arg(req, "level");
    int include_retired;
    reg_level lv;
    if (parent && !api_code_ok(parent))
        return api_reply_error(req, "bad_code", "parent");
    if (level && reg_level_parse(level, &lv) != REG_OK)
        return api_reply_error(req, "bad_level", "level");
    if (api_arg_flag(req, "include_retired", 0, &include_retired) != 0)
        return req->queue_result;
    reg_error err;
    json_t *units = NULL;
    if (reg_units_list(db, parent, level, include_retired, &units, &err) != REG_OK)
        return api_reply_reg_error(req, &err);
    json_int_t count = (json_int_t)json_array_size(units);
    return api_reply_json(req, MHD_HTTP_OK,
                          json_pack("{s:o, s:I}", "units", units, "count", count), NULL, NULL);
}

/* POST /api/v1/units (admin), body {"code","name","level","parent_code",
 * "valid_from"} (strings; the registry checks them): 201 with the unit and
 * Location.  400 bad_json, body_not_object, unknown_field, bad_field_type;
 * the registry's 400/422/409 errors as they are. */
enum MHD_Result api_units_create(api_request *req, reg_db *db)
{
    static const char *const allowed[] = {"code", "name", "level", "parent_code", "valid_from",
                                           NULL};
    json_t *body = api_request_json_object(req);
    if (!body)
        return req->queue_result;
    reg_unit_input in;
    if (api_body_only(req, body, allowed) != 0 ||
        api_body_string(req, body, "code", &in.code) != 0 ||
        api_body_string(req, body, "name", &in.name) != 0 ||
        api_body_string(req, body, "level", &in.level) != 0 ||
        api_body_string(req, body, "parent_code", &in.parent_code) != 0 ||
        api_body_string(req, body, "valid_from", &in.valid_from) != 0) {
        json_decref(body);
        return req->queue_result;
    }
    reg_error err;
    json_t *unit = NULL;
    char *loc = NULL;
    enum MHD_Result ret;
    if (reg_unit_create(db, req->actor, &in, &err) != REG_OK ||
        reg_unit_get(db, in.code, 0, &unit, &err) != REG_OK)
        ret = api_reply_reg_error(req, &err);
    else if (!(loc = api_location(req, "/api/v1/units/", in.code)))
        ret = api_reply_internal(req, "out of memory");
    else
        ret = api_reply_json(req, MHD_HTTP_CREATED, json_incref(unit), MHD_HTTP_HEADER_LOCATION,
                             loc);
    free(loc);
    json_decref(unit);
    json_decref(body);
    return ret;
}

/* Reads the "geometry" member of a PATCH body into patch: null clears the
 * polygon; an object is read as api_body_geometry reads it into *geom
 * (caller frees).  Returns 0, or -1 after queueing the 400. */
static int api_units_patch_geometry(api_request *req, reg_db *db, json_t *value,
                                    reg_unit_patch *patch, GEOSGeometry **geom)
{
    if (json_is_null(value)) {
        patch->clear_geometry = 1;
        return 0;
    }
    if (api_body_geometry(req, db, value, geom) != 0)
        return -1;
    patch->geometry = *geom;
    return 0;
}

/* PATCH /api/v1/units/{code} (admin), body any of {"name", "valid_to",
 * "change_date", "geometry"} (geometry: GeoJSON, or null to clear; in the
 * CRS of ?crs=, default EPSG:4490): 200 with the unit.  400 bad_code,
 * bad_json, body_not_object, unknown_field, bad_field_type, bad_geometry,
 * empty_patch; 404 unit_not_found; the registry's 400/422/409 errors. */
enum MHD_Result api_units_patch(api_request *req, reg_db *db)
{
    static const char *const allowed[] = {"name", "valid_to", "change_date", "geometry", NULL};
    if (api_units_path_code(req) != 0)
        return req->queue_result;
    json_t *body = api_request_json_object(req);
    if (!body)
        return req->queue_result;
    reg_unit_patch patch = {0};
    GEOSGeometry *geom = NULL;
    json_t *geometry = json_object_get(body, "geometry");
    enum MHD_Result ret;
    reg_error err;
    json_t *unit = NULL;
    if (api_body_only(req, body, allowed) != 0 ||
        api_body_string(req, body, "name", &patch.name) != 0 ||
        api_body_string(req, body, "valid_to", &patch.valid_to) != 0 ||
        api_body_string(req, body, "change_date", &patch.change_date) != 0 ||
        (geometry && api_units_patch_geometry(req, db, geometry, &patch, &geom) != 0))
        ret = req->queue_result;
    else if (json_object_size(body) == 0)
        ret = api_reply_error(req, "empty_patch", NULL);
    else if (reg_unit_update(db, req->actor, req->param, &patch, &err) != REG_OK)
        ret = api_units_reg_error(req, &err);
    else if (reg_unit_get(db, req->param, 0, &unit, &err) != REG_OK)
        ret = api_reply_reg_error(req, &err);
    else
        ret = api_reply_json(req, MHD_HTTP_OK, unit, NULL, NULL);
    if (geom)
        GEOSGeom_destroy_r(geo_ctx_geos(reg_geo(db)), geom);
    json_decref(body);
    return ret;
}
