/* api_rounds.c: joint-inspection rounds.
 *   GET   /api/v1/rounds          every round
 *   POST  /api/v1/rounds          (admin) open a round with its lines
 *   GET   /api/v1/rounds/{n}      a round with each line's progress
 *   PATCH /api/v1/rounds/{n}      (admin) close, reopen, rename, end date,
 *                                 lines' teams and representatives */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "api_internal.h"

#define API_ROUND_LINES_MAX 10000

/* See api_internal.h. */
int api_path_round(api_request *req, int *out)
{
    char *end = NULL;
    errno = 0;
    long n = strtol(req->param, &end, 10);
    if (errno || *end || n < 1 || n > 100000 || req->param[0] == '+') {
        api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_round", "n",
                            "联检轮次应为正整数", "The round is a positive integer");
        return -1;
    }
    *out = (int)n;
    return 0;
}

/* Reads the optional "lines" member: [{line, team, left_rep, right_rep}].
 * *lines is malloc'd (free it) with *n entries; strings stay body's.  0,
 * or -1 after queueing a 400. */
static int api_round_lines(api_request *req, json_t *body, reg_round_line **lines, size_t *n)
{
    static const char *const members[] = {"line", "team", "left_rep", "right_rep", NULL};
    json_t *arr = json_object_get(body, "lines");
    *lines = NULL;
    *n = 0;
    if (!arr)
        return 0;
    if (!json_is_array(arr) || json_array_size(arr) > API_ROUND_LINES_MAX) {
        api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_field_type", "lines",
                            "lines 必须是对象数组", "Member \"lines\" must be an array of objects");
        return -1;
    }
    *lines = calloc(json_array_size(arr) + 1, sizeof **lines);
    if (!*lines) {
        api_reply_internal(req, "out of memory");
        return -1;
    }
    size_t i;
    json_t *l;
    json_array_foreach(arr, i, l) {
        reg_round_line *rl = &(*lines)[i];
        if (!json_is_object(l) || api_body_only(req, l, members) ||
            api_body_string(req, l, "line", &rl->line) ||
            api_body_string(req, l, "team", &rl->team) ||
            api_body_string(req, l, "left_rep", &rl->left_rep) ||
            api_body_string(req, l, "right_rep", &rl->right_rep)) {
            if (!req->queued)
                api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_field_type", "lines",
                                    "lines 必须是对象数组",
                                    "Member \"lines\" must be an array of objects");
            free(*lines);
            *lines = NULL;
            return -1;
        }
    }
    *n = json_array_size(arr);
    return 0;
}

/* Answers with the round as it now is (status 200 or 201). */
static enum MHD_Result api_round_reply(api_request *req, reg_db *db, int number, unsigned status)
{
    json_t *round = NULL;
    reg_error err;
    if (reg_round_get(db, number, &round, &err) != REG_OK)
        return api_reply_reg_error(req, &err);
    return api_reply_json(req, status, round, NULL, NULL);
}

/* GET /api/v1/rounds: {"rounds":[...],"count":n}. */
enum MHD_Result api_rounds_list(api_request *req, reg_db *db)
{
    json_t *list = NULL;
    reg_error err;
    if (reg_round_list(db, &list, &err) != REG_OK)
        return api_reply_reg_error(req, &err);
    json_int_t n = (json_int_t)json_array_size(list);
    return api_reply_json(req, MHD_HTTP_OK, json_pack("{s:o, s:I}", "rounds", list, "count", n),
                          NULL, NULL);
}

/* GET /api/v1/rounds/{n}.  400 bad_round, 404 round_not_found. */
enum MHD_Result api_rounds_get(api_request *req, reg_db *db)
{
    int number;
    if (api_path_round(req, &number) != 0)
        return req->queue_result;
    return api_round_reply(req, db, number, MHD_HTTP_OK);
}

/* POST /api/v1/rounds (admin), body {number, name, start_date, end_date,
 * lines}: 201 with the round.  409 round_exists; 400/404/422 as the
 * registry says. */
enum MHD_Result api_rounds_create(api_request *req, reg_db *db)
{
    static const char *const allowed[] = {"number", "name", "start_date", "end_date", "lines",
                                          NULL};
    json_t *body = api_request_json_object(req);
    if (!body)
        return req->queue_result;
    reg_round_input in = {0};
    reg_round_line *lines = NULL;
    json_t *num = json_object_get(body, "number");
    enum MHD_Result ret;
    reg_error err;
    if (api_body_only(req, body, allowed) || api_body_string(req, body, "name", &in.name) ||
        api_body_string(req, body, "start_date", &in.start_date) ||
        api_body_string(req, body, "end_date", &in.end_date) ||
        api_round_lines(req, body, &lines, &in.nlines))
        ret = req->queue_result;
    else if (!json_is_integer(num) || json_integer_value(num) < 1 ||
             json_integer_value(num) > 100000)
        ret = api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "round_number_invalid", "number",
                                  "联检轮次应为正整数", "The round number is a positive integer");
    else {
        in.number = (int)json_integer_value(num);
        in.lines = lines;
        ret = reg_round_create(db, req->actor, &in, &err) != REG_OK
                  ? api_reply_reg_error(req, &err)
                  : api_round_reply(req, db, in.number, MHD_HTTP_CREATED);
    }
    free(lines);
    json_decref(body);
    return ret;
}

/* PATCH /api/v1/rounds/{n} (admin), body any of {status ("open",
 * "closed"), name, end_date, lines}: 200 with the round.  409
 * round_closed for lines added to a closed round. */
enum MHD_Result api_rounds_patch(api_request *req, reg_db *db)
{
    static const char *const allowed[] = {"status", "name", "end_date", "lines", NULL};
    int number;
    if (api_path_round(req, &number) != 0)
        return req->queue_result;
    json_t *body = api_request_json_object(req);
    if (!body)
        return req->queue_result;
    reg_round_patch p = {0};
    reg_round_line *lines = NULL;
    enum MHD_Result ret;
    reg_error err;
    if (api_body_only(req, body, allowed) || api_body_string(req, body, "status", &p.status) ||
        api_body_string(req, body, "name", &p.name) ||
        api_body_string(req, body, "end_date", &p.end_date) ||
        api_round_lines(req, body, &lines, &p.nlines))
        ret = req->queue_result;
    else {
        p.lines = lines;
        ret = reg_round_update(db, req->actor, number, &p, &err) != REG_OK
                  ? api_reply_reg_error(req, &err)
                  : api_round_reply(req, db, number, MHD_HTTP_OK);
    }
    free(lines);
    json_decref(body);
    return ret;
}
