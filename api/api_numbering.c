/* api_numbering.c: the numbering rule of a street or village group (D2).
 *   GET /api/v1/streets/{id}/numbering        the rule
 *   PUT /api/v1/streets/{id}/numbering (staff) {odd_side, direction, spacing_m, order} */
#include <math.h>
#include <string.h>

#include "api_internal.h"

/* GET /api/v1/streets/{id}/numbering -> {street, direction, odd_side,
 * spacing_m, order}; the default (forward, left, 5, distance) when none
 * was set.  404 street_not_found, 422 not_a_street. */
enum MHD_Result api_numbering_get(api_request *req, reg_db *db)
{
    long long id;
    reg_numbering_rule r;
    reg_error err;
    if (api_place_id(req, &id) != 0)
        return req->queue_result;
    if (reg_numbering_get(db, (long)id, &r, &err) != REG_OK)
        return api_reply_reg_error(req, &err);
    return api_reply_json(req, MHD_HTTP_OK, reg_numbering_rule_json((long)id, &r), NULL, NULL);
}

/* PUT /api/v1/streets/{id}/numbering (staff): each member given replaces
 * the current one: odd_side "left" (左单右双) or "right", direction
 * "forward" (from the line's start) or "reverse", spacing_m 1..100
 * (streets); order "distance" or "staff" (village groups only: 422
 * staff_order_group_only on a street; a group's other members cannot
 * change, 422 not_a_street).  400 bad_rule for a malformed member. */
enum MHD_Result api_numbering_put(api_request *req, reg_db *db)
{
    static const char *const allowed[] = {"odd_side", "direction", "spacing_m", "order", NULL};
    long long id;
    if (api_place_id(req, &id) != 0)
        return req->queue_result;
    json_t *body = api_request_json_object(req);
    if (!body)
        return req->queue_result;
    const char *odd = NULL, *dir = NULL, *order = NULL;
    json_t *spacing = json_object_get(body, "spacing_m");
    reg_numbering_rule r;
    reg_numbering_order ord = REG_ORDER_DISTANCE;
    reg_error err;
    enum MHD_Result ret;
    if (api_body_only(req, body, allowed) != 0 || api_body_string(req, body, "odd_side", &odd) != 0 ||
        api_body_string(req, body, "direction", &dir) != 0 ||
        api_body_string(req, body, "order", &order) != 0)
        ret = req->queue_result;
    else if ((odd && strcmp(odd, "left") != 0 && strcmp(odd, "right") != 0) ||
             (dir && strcmp(dir, "forward") != 0 && strcmp(dir, "reverse") != 0) ||
             (spacing && !json_is_number(spacing)) ||
             (order && reg_numbering_order_parse(order, &ord) != 0))
        ret = api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_rule", NULL,
                                  "odd_side 为 left 或 right，direction 为 forward 或 reverse，"
                                  "spacing_m 为数字，order 为 distance 或 staff",
                                  "odd_side is left or right, direction forward or reverse, "
                                  "spacing_m a number, order distance or staff");
    else {
        reg_numbering_change c = {dir != NULL, odd != NULL, spacing != NULL, order != NULL,
                                  reg_numbering_default()};
        c.to.reversed = dir && strcmp(dir, "reverse") == 0;
        c.to.odd_left = odd && strcmp(odd, "left") == 0;
        c.to.spacing_m = spacing ? json_number_value(spacing) : c.to.spacing_m;
        c.to.order = ord;
        if (reg_numbering_change_apply(db, req->actor, (long)id, &c, &r, &err) != REG_OK)
            ret = api_reply_reg_error(req, &err);
        else
            ret = api_reply_json(req, MHD_HTTP_OK, reg_numbering_rule_json((long)id, &r), NULL, NULL);
    }
    json_decref(body);
    return ret;
}
