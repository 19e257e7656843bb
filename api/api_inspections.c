/* api_inspections.c: POST /api/v1/markers/{id}/inspections (inspector) -
 * an inspection record, as JSON or as multipart/form-data with a "record"
 * part (the same JSON) and "photo" parts.  Nothing is written unless every
 * check passes (reg_inspection_add). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"

static const char *const api_insp_members[] = {
    "client_id", "round", "observed_at", "inspector", "lon", "lat", "crs", "accuracy_m",
    "condition", "action", "party_left", "party_right", "notes", "corrects",
    "corrects_client_id", NULL};

/* The record's JSON: the form's record part or the body. */
static json_t *api_insp_body(api_request *req)
{
    if (!req->form)
        return api_request_json_object(req);
    size_t len = 0;
    const char *text = api_form_record(req->form, &len);
    if (len == 0) {
        api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "record_missing", "record",
                            "表单缺少 record 部分（记录的 JSON）",
                            "The form has no \"record\" part (the record as JSON)");
        return NULL;
    }
    return api_json_object(req, text, len);
}

/* Reads an integer member (absent gives 0).  0, or -1 after queueing 400
 * with code. */
static int api_insp_int(api_request *req, json_t *body, const char *key, const char *code,
                        long *out)
{
    json_t *v = json_object_get(body, key);
    *out = 0;
    if (!v)
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 2000000000) {
        char en[128];
        snprintf(en, sizeof en, "Member \"%s\" must be a positive integer", key);
        api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, code, key, "该字段必须是正整数", en);
        return -1;
    }
    *out = (long)json_integer_value(v);
    return 0;
}

/* Fills in from body.  0, or -1 after queueing a 400. */
static int api_insp_fields(api_request *req, json_t *body, reg_inspection_input *in)
{
    long round = 0;
    const char *crs = NULL;
    int has_lon = 0, has_lat = 0;
    if (api_body_only(req, body, api_insp_members) ||
        api_body_string(req, body, "client_id", &in->client_id) ||
        api_body_string(req, body, "observed_at", &in->observed_at) ||
        api_body_string(req, body, "inspector", &in->inspector) ||
        api_body_string(req, body, "crs", &crs) ||
        api_body_string(req, body, "condition", &in->condition) ||
        api_body_string(req, body, "action", &in->action) ||
        api_body_string(req, body, "party_left", &in->party_left) ||
        api_body_string(req, body, "party_right", &in->party_right) ||
        api_body_string(req, body, "notes", &in->notes) ||
        api_body_string(req, body, "corrects_client_id", &in->corrects_client_id) ||
        api_insp_int(req, body, "round", "round_number_invalid", &round) ||
        api_insp_int(req, body, "corrects", "bad_corrects", &in->corrects) ||
        api_body_number(req, body, "lon", "bad_coordinate", &in->lon, &has_lon) ||
        api_body_number(req, body, "lat", "bad_coordinate", &in->lat, &has_lat) ||
        api_body_number(req, body, "accuracy_m", "bad_accuracy", &in->accuracy_m,
                        &in->has_accuracy))
        return -1;
    if (!round) {
        api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "round_number_invalid", "round",
                            "缺少联检轮次", "The round is missing");
        return -1;
    }
    if (has_lon != has_lat) {
        api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_coordinate", has_lon ? "lat" : "lon",
                            "经度和纬度须同时给出", "lon and lat come together");
        return -1;
    }
    in->round = (int)round;
    in->has_position = has_lon;
    in->crs = GEO_CRS_4490;
    if (crs && (geo_crs_parse(crs, &in->crs) != GEO_OK || in->crs == GEO_CRS_4544)) {
        api_reply_error(req, "bad_crs", "crs");
        return -1;
    }
    return 0;
}

/* POST /api/v1/markers/{id}/inspections: 201 with the record (Location:
 * the marker), or 200 with the stored record when the same client_id and
 * content came before.  400/404/409/413/415/422 as reg_inspection_add and
 * the body checks say; nothing is written then. */
enum MHD_Result api_inspections_post(api_request *req, reg_db *db)
{
    json_t *body = api_insp_body(req);
    if (!body)
        return req->queue_result;
    reg_inspection_input in = {.marker = req->param};
    enum MHD_Result ret;
    if (api_insp_fields(req, body, &in) != 0) {
        json_decref(body);
        return req->queue_result;
    }
    if (!in.inspector)
        in.inspector = req->actor;
    if (req->form)
        in.photos = api_form_photos(req->form, &in.nphotos);
    reg_error err;
    long id = 0;
    char outcome = 0;
    json_t *rec = NULL;
    char *loc = NULL;
    if (reg_inspection_add(db, req->actor, &in, &id, &outcome, &err) != REG_OK ||
        reg_inspection_get(db, id, &rec, &err) != REG_OK)
        ret = api_reply_reg_error(req, &err);
    else if (outcome == '=')
        ret = api_reply_json(req, MHD_HTTP_OK, json_incref(rec), NULL, NULL);
    else if (!(loc = api_location(req, "/api/v1/markers/", req->param)))
        ret = api_reply_internal(req, "out of memory");
    else
        ret = api_reply_json(req, MHD_HTTP_CREATED, json_incref(rec), MHD_HTTP_HEADER_LOCATION,
                             loc);
    free(loc);
    json_decref(rec);
    json_decref(body);
    return ret;
}
