/* api_places_flow.c: POST /api/v1/places/{id}/transitions (staff), the
 * naming procedure: {"action": "propose|review|approve|file|announce|
 * rename|cancel", "date", "authority", "note", "documents",
 * "acknowledgements", and for rename the new "name" (or "specific" +
 * "generic"), "pinyin_override", "protection_plan"}. */
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"

/* Reads the new name of a rename into *in; *given 0 when the body has
 * none. */
static int api_flow_rename(api_request *req, json_t *body, reg_place_input *in, int *given)
{
    memset(in, 0, sizeof *in);
    in->protected_flag = -1;
    if (api_body_string(req, body, "name", &in->name) != 0 ||
        api_body_string(req, body, "specific", &in->specific) != 0 ||
        api_body_string(req, body, "generic", &in->generic) != 0 ||
        api_body_string(req, body, "pinyin_override", &in->pinyin_override) != 0)
        return -1;
    *given = in->name || in->specific || in->generic || in->pinyin_override;
    return 0;
}

/* The transition: 200 with the place; 400 bad_action and bad input; 404
 * place_not_found; 409 transition_not_allowed with "allowed"; 422
 * rule_errors / warnings_unacknowledged with "findings", documents_missing
 * with "missing", protection_plan_required, date_order, date_in_future. */
enum MHD_Result api_places_transition(api_request *req, reg_db *db)
{
    static const char *const allowed[] = {
        "action", "date", "authority", "note", "documents", "acknowledgements", "name",
        "specific", "generic", "pinyin_override", "protection_plan", NULL};
    long long id;
    if (api_place_id(req, &id) != 0)
        return req->queue_result;
    json_t *body = api_request_json_object(req);
    if (!body)
        return req->queue_result;
    reg_place_action a = {0};
    reg_place_input rename;
    reg_place_ack *acks = NULL;
    reg_place_doc *docs = NULL;
    int given = 0;
    enum MHD_Result ret;
    if (api_body_only(req, body, allowed) != 0 ||
        api_body_string(req, body, "action", &a.action) != 0 ||
        api_body_string(req, body, "date", &a.date) != 0 ||
        api_body_string(req, body, "authority", &a.authority) != 0 ||
        api_body_string(req, body, "note", &a.note) != 0 ||
        api_body_string(req, body, "protection_plan", &a.protection_plan) != 0 ||
        api_flow_rename(req, body, &rename, &given) != 0 ||
        api_place_acks(req, body, &acks, &a.nacks) != 0 ||
        api_place_docs(req, body, &docs, &a.ndocs) != 0) {
        ret = req->queue_result;
    } else {
        reg_error err;
        json_t *detail = NULL;
        a.acks = acks;
        a.docs = docs;
        a.rename = given ? &rename : NULL;
        if (reg_place_transition(db, req->actor, id, &a, &detail, &err) != REG_OK) {
            ret = api_reply_reg_error_detail(req, &err, detail);
        } else {
            json_t *place = NULL;
            ret = reg_place_get(db, id, NULL, 1, &place, &err) == REG_OK
                      ? api_reply_json(req, MHD_HTTP_OK, place, NULL, NULL)
                      : api_reply_reg_error(req, &err);
        }
        json_decref(detail);
    }
    free(acks);
    free(docs);
    json_decref(body);
    return ret;
}
