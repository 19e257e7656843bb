/* api_places.c: the register of place names.
 *   POST  /api/v1/places               (staff) a draft, or a proposal
 *   PATCH /api/v1/places/{id}          (staff) change a draft
 *   GET   /api/v1/places/{id}[?as_of=DATE][&geometry=0]
 *   GET   /api/v1/places/{id}/history */
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"

/* Frees what a handler holds. */
static void api_places_release(reg_db *db, json_t *body, GEOSGeometry *geom, void *array)
{
    if (geom)
        GEOSGeom_destroy_r(geo_ctx_geos(reg_geo(db)), geom);
    json_decref(body);
    free(array);
}

/* Answers with the place id as it now stands, with status and an
 * optional Location. */
static enum MHD_Result api_places_answer(api_request *req, reg_db *db, long long id,
                                         unsigned status, int with_location)
{
    reg_error err;
    json_t *place = NULL;
    if (reg_place_get(db, id, NULL, 1, &place, &err) != REG_OK)
        return api_reply_reg_error(req, &err);
    if (!with_location)
        return api_reply_json(req, status, place, NULL, NULL);
    char *loc = api_place_location(req, id);
    if (!loc) {
        json_decref(place);
        return api_reply_internal(req, "out of memory");
    }
    enum MHD_Result ret = api_reply_json(req, status, place, MHD_HTTP_HEADER_LOCATION, loc);
    free(loc);
    return ret;
}

/* POST /api/v1/places (staff): body {name | specific + generic, generic,
 * category, geometry (GeoJSON in ?crs=) | unit, pinyin_override, meaning,
 * origin, history, description, location, sources, protected, status
 * ("draft" or "proposed"), acknowledgements}.  201 with the place and
 * Location.  400/422 for bad input; 422 rule_errors with the findings when
 * a proposal breaks a rule. */
enum MHD_Result api_places_create(api_request *req, reg_db *db)
{
    static const char *const allowed[] = {
        "name",    "specific", "generic",     "category", "unit",    "geometry",
        "pinyin_override", "meaning", "origin", "history", "description", "location",
        "sources", "protected", "status", "acknowledgements", NULL};
    json_t *body = api_request_json_object(req);
    if (!body)
        return req->queue_result;
    reg_place_input in;
    GEOSGeometry *geom = NULL;
    reg_place_ack *acks = NULL;
    size_t nacks = 0;
    int clear = 0;
    const char *status = NULL;
    enum MHD_Result ret;
    if (api_body_only(req, body, allowed) != 0 ||
        api_place_input(req, db, body, &in, &geom, &clear) != 0 ||
        api_body_string(req, body, "status", &status) != 0 ||
        api_place_acks(req, body, &acks, &nacks) != 0) {
        ret = req->queue_result;
    } else if (clear) {
        ret = api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_field_type", "geometry",
                                  "新建地名的 geometry 不能为 null",
                                  "geometry cannot be null for a new place");
    } else if (status && strcmp(status, "draft") != 0 && strcmp(status, "proposed") != 0) {
        ret = api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_status", "status",
                                  "status 只能是 draft 或 proposed",
                                  "status is draft or proposed");
    } else {
        reg_error err;
        json_t *detail = NULL;
        long long id = 0;
        int propose = status && strcmp(status, "proposed") == 0;
        if (reg_place_create(db, req->actor, &in, propose, acks, nacks, &id, &detail, &err) !=
            REG_OK)
            ret = api_reply_reg_error_detail(req, &err, detail);
        else
            ret = api_places_answer(req, db, id, MHD_HTTP_CREATED, 1);
        json_decref(detail);
    }
    api_places_release(db, body, geom, acks);
    return ret;
}

/* PATCH /api/v1/places/{id} (staff): the members of POST (geometry null
 * removes it); a name, category, reading or location only on a draft
 * (409 not_draft).  200 with the place. */
enum MHD_Result api_places_patch(api_request *req, reg_db *db)
{
    static const char *const allowed[] = {
        "name",    "specific", "generic",     "category", "unit",    "geometry",
        "pinyin_override", "meaning", "origin", "history", "description", "location",
        "sources", "protected", NULL};
    long long id;
    if (api_place_id(req, &id) != 0)
        return req->queue_result;
    json_t *body = api_request_json_object(req);
    if (!body)
        return req->queue_result;
    reg_place_input in;
    GEOSGeometry *geom = NULL;
    int clear = 0;
    enum MHD_Result ret;
    reg_error err;
    if (api_body_only(req, body, allowed) != 0 ||
        api_place_input(req, db, body, &in, &geom, &clear) != 0)
        ret = req->queue_result;
    else if (json_object_size(body) == 0)
        ret = api_reply_error(req, "empty_patch", NULL);
    else if (reg_place_update(db, req->actor, id, &in, clear, &err) != REG_OK)
        ret = api_reply_reg_error(req, &err);
    else
        ret = api_places_answer(req, db, id, MHD_HTTP_OK, 0);
    api_places_release(db, body, geom, NULL);
    return ret;
}

/* GET /api/v1/places/{id}: the place with its geometry (geometry=0 leaves
 * it out); with as_of=YYYY-MM-DD, the name and spelling valid that day.
 * 400 bad_id, bad_date, bad_parameter; 404 place_not_found,
 * no_name_on_date. */
enum MHD_Result api_places_get(api_request *req, reg_db *db)
{
    long long id;
    int with_geometry;
    if (api_place_id(req, &id) != 0 || api_arg_flag(req, "geometry", 1, &with_geometry) != 0)
        return req->queue_result;
    reg_error err;
    json_t *place = NULL;
    if (reg_place_get(db, id, api_request_arg(req, "as_of"), with_geometry, &place, &err) !=
        REG_OK)
        return api_reply_reg_error(req, &err);
    return api_reply_json(req, MHD_HTTP_OK, place, NULL, NULL);
}

/* GET /api/v1/places/{id}/history: {id, events: [...]}, oldest first. */
enum MHD_Result api_places_history(api_request *req, reg_db *db)
{
    long long id;
    if (api_place_id(req, &id) != 0)
        return req->queue_result;
    reg_error err;
    json_t *events = NULL;
    if (reg_place_history(db, id, &events, &err) != REG_OK)
        return api_reply_reg_error(req, &err);
    return api_reply_json(req, MHD_HTTP_OK, json_pack("{s:I, s:o}", "id", (json_int_t)id,
                                                      "events", events),
                          NULL, NULL);
}
