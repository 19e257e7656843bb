/* api_doorplates.c: standard addresses and doorplates (D1-D4).
 *   GET   /api/v1/doorplates/{code}             the plate as JSON
 *   GET   /api/v1/doorplates?street=|unit=      plates of a street or unit
 *   POST  /api/v1/doorplates/propose            (staff) a number for a new building
 *   POST  /api/v1/doorplates                    (staff) register address + plate
 *   PATCH /api/v1/doorplates/{code}             (staff) D3 state, retirement
 *   POST  /api/v1/doorplates/{code}/replacement (staff) a new plate, same address
 *   GET   /api/v1/doorplates/problems?unit=|street=   the D1 report */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"

#define DP_LIST_DEFAULT 100
#define DP_LIST_MAX 1000

/* Reads the {code} of the path, normalised, into out (66 bytes).  Returns
 * 0, or -1 after queueing 400 bad_check_digit or bad_plate_code. */
static int dp_path_code(api_request *req, char *out)
{
    int rc = qr_code_normalize(req->param, out, 66);
    if (rc == QR_OK)
        return 0;
    if (rc == QR_ECHECK)
        api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_check_digit", "code",
                            "门牌编码校验码不符：可能印错或识读错误",
                            "the plate code's check character is wrong: misprinted or misread");
    else
        api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_plate_code", "code",
                            "门牌编码格式错误（17 位数字加 1 位校验码）",
                            "malformed plate code (17 digits and a check character)");
    return -1;
}

/* Reads the number member key of body into *out; absent gives NAN unless
 * required.  Returns 0, or -1 after queueing 400 field_missing or
 * bad_field_type. */
static int dp_body_number(api_request *req, json_t *body, const char *key, int required,
                          double *out)
{
    json_t *v = json_object_get(body, key);
    *out = NAN;
    if (!v && !required)
        return 0;
    char en[160];
    if (!v) {
        snprintf(en, sizeof en, "Member \"%s\" is required", key);
        api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "field_missing", key, "缺少必填字段", en);
        return -1;
    }
    if (!json_is_number(v) || !isfinite(json_number_value(v))) {
        snprintf(en, sizeof en, "Member \"%s\" must be a number", key);
        api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_field_type", key, "该字段必须是数字",
                            en);
        return -1;
    }
    *out = json_number_value(v);
    return 0;
}

/* Reads the street id member (a positive integer).  Returns 0, or -1
 * after queueing 400. */
static int dp_body_street(api_request *req, json_t *body, long *out)
{
    json_t *v = json_object_get(body, "street");
    if (json_is_integer(v) && json_integer_value(v) > 0 && json_integer_value(v) < 1000000000000LL) {
        *out = (long)json_integer_value(v);
        return 0;
    }
    api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, v ? "bad_field_type" : "field_missing",
                        "street", "street 必须是街路巷或村民小组的地名编号（正整数）",
                        "Member \"street\" must be the place id of a street or village group");
    return -1;
}

/* Moves (lon, lat) from the body's "crs" (gcj02, EPSG:4326 or EPSG:4490,
 * the default) to EPSG:4490.  Returns 0, or -1 after queueing 400 bad_crs
 * or coordinate_out_of_range. */
static int dp_body_point(api_request *req, reg_db *db, json_t *body, double *lon, double *lat)
{
    const char *name = NULL;
    geo_crs crs = GEO_CRS_4490;
    if (api_body_string(req, body, "crs", &name) != 0)
        return -1;
    if (name && (geo_crs_parse(name, &crs) != GEO_OK || crs == GEO_CRS_4544)) {
        api_reply_error(req, "bad_crs", "crs");
        return -1;
    }
    if (isnan(*lon) && isnan(*lat))
        return 0;
    if (geo_transform_point(reg_geo(db), crs, GEO_CRS_4490, lon, lat) != GEO_OK) {
        api_reply_error(req, "coordinate_out_of_range", "lon");
        return -1;
    }
    return 0;
}

/* Answers 200 (or status) with the plate code's JSON. */
static enum MHD_Result dp_answer(api_request *req, reg_db *db, const char *code, unsigned status)
{
    reg_plate_view v;
    reg_error err;
    if (reg_plate_view_get(db, code, &v, &err) != REG_OK)
        return api_reply_reg_error(req, &err);
    json_t *j = api_plate_json(req, &v);
    if (!j)
        return api_reply_internal(req, "out of memory");
    if (status != MHD_HTTP_CREATED)
        return api_reply_json(req, status, j, NULL, NULL);
    char loc[QR_PLATE_URL_MAX];
    snprintf(loc, sizeof loc, "%s/api/v1/doorplates/%s", req->srv->base_url, code);
    return api_reply_json(req, status, j, MHD_HTTP_HEADER_LOCATION, loc);
}

/* GET /api/v1/doorplates/{code}: the plate as JSON, whatever its state
 * (a retired plate names its replacement in replaced_by), with the
 * address's former forms (address.former: the street's former names). */
enum MHD_Result api_doorplates_get(api_request *req, reg_db *db)
{
    char code[66];
    if (dp_path_code(req, code) != 0)
        return req->queue_result;
    reg_plate_view v;
    reg_error err;
    json_t *former = NULL;
    if (reg_plate_view_get(db, code, &v, &err) != REG_OK ||
        reg_plate_former_forms(db, &v, &former, &err) != REG_OK)
        return api_reply_reg_error(req, &err);
    json_t *j = api_plate_json(req, &v);
    if (!j || json_object_set_new(json_object_get(j, "address"), "former", former) != 0) {
        json_decref(j);
        return api_reply_internal(req, "out of memory");
    }
    return api_reply_json(req, MHD_HTTP_OK, j, NULL, NULL);
}

/* State of a listing. */
typedef struct dp_list {
    api_request *req;
    json_t *plates;
    long limit, n;
    int more, failed;
} dp_list;

/* reg_plates_each callback: appends the plate's JSON up to the limit. */
static int dp_list_add(const reg_plate_view *v, void *ctx)
{
    dp_list *l = ctx;
    if (l->n >= l->limit) {
        l->more = 1;
        return 1;
    }
    json_t *j = api_plate_json(l->req, v);
    if (!j || json_array_append_new(l->plates, j) != 0) {
        l->failed = 1;
        return 1;
    }
    l->n++;
    return 0;
}

/* Reads the optional integer query argument name in [lo, hi] (dflt when
 * absent).  Returns 0, or -1 after queueing 400 bad_parameter. */
static int dp_arg_long(api_request *req, const char *name, long lo, long hi, long dflt,
                       long *out)
{
    const char *v = api_request_arg(req, name);
    *out = dflt;
    if (!v)
        return 0;
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (!errno && *v && !*end && x >= lo && x <= hi) {
        *out = x;
        return 0;
    }
    char en[160];
    snprintf(en, sizeof en, "Query parameter '%s' must be a whole number from %ld to %ld", name,
             lo, hi);
    api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_parameter", name, "查询参数超出范围", en);
    return -1;
}

/* GET /api/v1/doorplates?street=ID|unit=CODE[&include_retired=1][&limit=N]:
 * {plates, count, truncated}.  One of street or unit is required. */
enum MHD_Result api_doorplates_list(api_request *req, reg_db *db)
{
    long street = 0, limit = 0;
    int retired = 0;
    const char *unit = api_request_arg(req, "unit");
    if (dp_arg_long(req, "street", 1, 999999999999L, 0, &street) != 0 ||
        dp_arg_long(req, "limit", 1, DP_LIST_MAX, DP_LIST_DEFAULT, &limit) != 0 ||
        api_arg_flag(req, "include_retired", 0, &retired) != 0)
        return req->queue_result;
    if (!street && !unit)
        return api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_parameter", "street",
                                   "请给出 street 或 unit", "give street or unit");
    dp_list l = {req, json_array(), limit, 0, 0, 0};
    reg_plate_filter f = {street, unit, retired, 0};
    reg_error err;
    if (!l.plates)
        return api_reply_internal(req, "out of memory");
    if (reg_plates_each(db, &f, dp_list_add, &l, &err) != REG_OK) {
        json_decref(l.plates);
        return api_reply_reg_error(req, &err);
    }
    if (l.failed) {
        json_decref(l.plates);
        return api_reply_internal(req, "out of memory");
    }
    return api_reply_json(req, MHD_HTTP_OK,
                          json_pack("{s:o, s:I, s:b}", "plates", l.plates, "count",
                                    (json_int_t)l.n, "truncated", l.more),
                          NULL, NULL);
}

/* POST /api/v1/doorplates/propose (staff), body {street, lon, lat, crs}:
 * 200 with the proposal and why (reg_doorplate_propose); nothing is
 * written.  404 street_not_found, 422 not_a_street, outside_registry,
 * point_on_street, 409 no_free_number. */
enum MHD_Result api_doorplates_propose(api_request *req, reg_db *db)
{
    static const char *const allowed[] = {"street", "lon", "lat", "crs", NULL};
    json_t *body = api_request_json_object(req);
    if (!body)
        return req->queue_result;
    long street = 0;
    double lon, lat;
    enum MHD_Result ret;
    json_t *out = NULL;
    reg_error err;
    if (api_body_only(req, body, allowed) != 0 || dp_body_street(req, body, &street) != 0 ||
        dp_body_number(req, body, "lon", 1, &lon) != 0 ||
        dp_body_number(req, body, "lat", 1, &lat) != 0 ||
        dp_body_point(req, db, body, &lon, &lat) != 0)
        ret = req->queue_result;
    else if (reg_doorplate_propose(db, street, lon, lat, &out, &err) != REG_OK)
        ret = api_reply_reg_error(req, &err);
    else
        ret = api_reply_json(req, MHD_HTTP_OK, out, NULL, NULL);
    json_decref(body);
    return ret;
}

/* Answers a refused registration: 409 number_taken carries the holder. */
static enum MHD_Result dp_create_refused(api_request *req, reg_db *db,
                                         const reg_plate_input *in, const reg_error *err)
{
    json_t *holder = NULL;
    reg_error herr;
    if (strcmp(err->code, "number_taken") != 0 ||
        reg_doorplate_holder(db, in->street_id, in->number, in->building, in->entrance, in->room,
                             &holder, &herr) != REG_OK)
        return api_reply_reg_error(req, err);
    json_t *detail = json_pack("{s:o}", "holder", holder);
    enum MHD_Result ret = api_reply_reg_error_detail(req, err, detail);
    json_decref(detail);
    return ret;
}

/* POST /api/v1/doorplates (staff), body {street, number, lon, lat, crs,
 * unit, building, entrance, room, code, state, state_date}: registers the
 * address and its plate (reg_plate_create) -> 201 with the plate and its
 * Location.  409 number_taken (with the holder), code_taken; 422
 * wrong_side, sub_number_order, unit_point_mismatch, outside_registry,
 * parent_address_missing ...; 400 for malformed input. */
enum MHD_Result api_doorplates_create(api_request *req, reg_db *db)
{
    static const char *const allowed[] = {"street", "number", "lon", "lat", "crs", "unit",
                                           "building", "entrance", "room", "code", "state",
                                           "state_date", NULL};
    json_t *body = api_request_json_object(req);
    if (!body)
        return req->queue_result;
    reg_plate_input in = {0};
    enum MHD_Result ret;
    reg_error err;
    char code[REG_PLATE_CODE_BUF];
    if (api_body_only(req, body, allowed) != 0 || dp_body_street(req, body, &in.street_id) != 0 ||
        api_body_string(req, body, "number", &in.number) != 0 ||
        api_body_string(req, body, "unit", &in.unit_code) != 0 ||
        api_body_string(req, body, "building", &in.building) != 0 ||
        api_body_string(req, body, "entrance", &in.entrance) != 0 ||
        api_body_string(req, body, "room", &in.room) != 0 ||
        api_body_string(req, body, "code", &in.code) != 0 ||
        api_body_string(req, body, "state", &in.state) != 0 ||
        api_body_string(req, body, "state_date", &in.state_date) != 0 ||
        dp_body_number(req, body, "lon", 0, &in.lon) != 0 ||
        dp_body_number(req, body, "lat", 0, &in.lat) != 0 ||
        dp_body_point(req, db, body, &in.lon, &in.lat) != 0)
        ret = req->queue_result;
    else if (reg_plate_create(db, req->actor, &in, code, NULL, &err) != REG_OK)
        ret = dp_create_refused(req, db, &in, &err);
    else
        ret = dp_answer(req, db, code, MHD_HTTP_CREATED);
    json_decref(body);
    return ret;
}

/* PATCH /api/v1/doorplates/{code} (staff), body {state, date,
 * replacement, retire_address}: moves the plate forward (D3) -> 200 with
 * the plate.  422 state_order, date_order, plate_retired,
 * replacement_invalid; 404 plate_not_found. */
enum MHD_Result api_doorplates_patch(api_request *req, reg_db *db)
{
    static const char *const allowed[] = {"state", "date", "replacement", "retire_address", NULL};
    char code[66];
    if (dp_path_code(req, code) != 0)
        return req->queue_result;
    json_t *body = api_request_json_object(req);
    if (!body)
        return req->queue_result;
    const char *state = NULL, *date = NULL, *replacement = NULL;
    int retire_address = 0;
    enum MHD_Result ret;
    reg_error err;
    if (api_body_only(req, body, allowed) != 0 || api_body_string(req, body, "state", &state) != 0 ||
        api_body_string(req, body, "date", &date) != 0 ||
        api_body_string(req, body, "replacement", &replacement) != 0 ||
        api_body_bool(req, body, "retire_address", &retire_address) != 0)
        ret = req->queue_result;
    else if (!state)
        ret = api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "field_missing", "state",
                                  "缺少 state", "Member \"state\" is required");
    else if (reg_plate_set_state(db, req->actor, code, state, date, replacement,
                                 retire_address > 0, &err) != REG_OK)
        ret = api_reply_reg_error(req, &err);
    else
        ret = dp_answer(req, db, code, MHD_HTTP_OK);
    json_decref(body);
    return ret;
}

/* POST /api/v1/doorplates/{code}/replacement (staff): a new plate for the
 * same address (damaged, lost), the old one retired -> 201 with the new
 * plate. */
enum MHD_Result api_doorplates_replace(api_request *req, reg_db *db)
{
    char code[66], fresh[REG_PLATE_CODE_BUF];
    reg_error err;
    if (dp_path_code(req, code) != 0)
        return req->queue_result;
    if (reg_plate_replace(db, req->actor, code, fresh, &err) != REG_OK)
        return api_reply_reg_error(req, &err);
    return dp_answer(req, db, fresh, MHD_HTTP_CREATED);
}

/* GET /api/v1/doorplates/problems?unit=CODE|street=ID[&limit=N]: the D1
 * report (reg_doorplate_problems); the whole registry without either. */
enum MHD_Result api_doorplates_problems(api_request *req, reg_db *db)
{
    long street = 0, limit = 0;
    const char *unit = api_request_arg(req, "unit");
    if (dp_arg_long(req, "street", 1, 999999999999L, 0, &street) != 0 ||
        dp_arg_long(req, "limit", 1, 100000, 1000, &limit) != 0)
        return req->queue_result;
    json_t *out = NULL;
    reg_error err;
    if (reg_doorplate_problems(db, street, unit, limit, &out, &err) != REG_OK)
        return api_reply_reg_error(req, &err);
    return api_reply_json(req, MHD_HTTP_OK, out, NULL, NULL);
}
