/* api_places_search.c: finding place names.
 *   GET /api/v1/places?q=&category=&unit=&status=&bbox=&near=&limit=&cursor=
 *   GET /api/v1/autocomplete?q=[&limit=]
 *   GET /api/v1/places/check?name=&category=&unit=[&generic=][&pinyin_override=]
 *   GET /api/v1/places/categories
 *   GET /api/v1/streets?unit=CODE */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"

/* Parses n comma-separated finite numbers from the query argument name
 * into v.  *given 0 when absent.  Returns 0, or -1 after queueing 400
 * bad_parameter. */
static int api_numbers(api_request *req, const char *name, double *v, int n, int *given)
{
    const char *s = api_request_arg(req, name);
    *given = s != NULL;
    if (!s)
        return 0;
    for (int i = 0; i < n; i++) {
        char *end = NULL;
        errno = 0;
        int starts = (*s >= '0' && *s <= '9') || *s == '-' || *s == '+' || *s == '.';
        v[i] = starts ? strtod(s, &end) : 0;
        if (!starts || errno || !isfinite(v[i]) || (*end != (i + 1 < n ? ',' : '\0'))) {
            char zh[128], en[128];
            snprintf(zh, sizeof zh, "参数 %s 应为 %d 个用逗号分隔的数字", name, n);
            snprintf(en, sizeof en, "Query parameter '%s' takes %d comma-separated numbers",
                     name, n);
            api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_parameter", name, zh, en);
            return -1;
        }
        s = end + 1;
    }
    return 0;
}

/* Parses the optional query argument limit (1-max) into *out (0 when
 * absent).  Returns 0, or -1 after queueing 400 bad_parameter. */
static int api_limit(api_request *req, int max, int *out)
{
    const char *s = api_request_arg(req, "limit");
    *out = 0;
    if (!s)
        return 0;
    size_t n = strlen(s);
    if (n > 0 && n <= 3 && strspn(s, "0123456789") == n && atoi(s) >= 1 && atoi(s) <= max) {
        *out = atoi(s);
        return 0;
    }
    char en[96];
    snprintf(en, sizeof en, "Query parameter 'limit' must be 1-%d", max);
    api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_parameter", "limit",
                        "limit 超出范围", en);
    return -1;
}

/* GET /api/v1/places: {places: [...], total, next_cursor}.  400
 * bad_parameter, unknown_category, bad_status, bad_code, bad_bbox,
 * bad_near, bad_cursor, bad_query. */
enum MHD_Result api_places_search(api_request *req, reg_db *db)
{
    reg_place_query q = {0};
    q.q = api_request_arg(req, "q");
    q.category = api_request_arg(req, "category");
    q.unit = api_request_arg(req, "unit");
    q.status = api_request_arg(req, "status");
    q.cursor = api_request_arg(req, "cursor");
    if (api_numbers(req, "bbox", q.bbox, 4, &q.has_bbox) != 0 ||
        api_numbers(req, "near", q.near, 3, &q.has_near) != 0 || api_limit(req, 100, &q.limit))
        return req->queue_result;
    reg_error err;
    json_t *out = NULL;
    if (reg_place_search(db, &q, &out, &err) != REG_OK)
        return api_reply_reg_error(req, &err);
    return api_reply_json(req, MHD_HTTP_OK, out, NULL, NULL);
}

/* GET /api/v1/autocomplete: {q, suggestions: [...]} (10 unless limit,
 * 1-20).  400 bad_query, bad_parameter. */
enum MHD_Result api_places_autocomplete(api_request *req, reg_db *db)
{
    int limit;
    if (api_limit(req, 20, &limit) != 0)
        return req->queue_result;
    reg_error err;
    char *json = NULL;
    size_t len = 0;
    if (reg_place_autocomplete(db, api_request_arg(req, "q"), limit ? limit : 10, &json, &len,
                               &err) != REG_OK)
        return api_reply_reg_error(req, &err);
    return api_reply_json_text(req, MHD_HTTP_OK, json, len);
}

/* GET /api/v1/places/check: every rule finding for a candidate name,
 * writing nothing: {name, specific, generic, pinyin, pinyin_toned,
 * category, scope, errors, warnings}.  400 for a malformed candidate. */
enum MHD_Result api_places_check(api_request *req, reg_db *db)
{
    reg_place_candidate c = {
        .name = api_request_arg(req, "name"),
        .generic = api_request_arg(req, "generic"),
        .category = api_request_arg(req, "category"),
        .unit = api_request_arg(req, "unit"),
        .pinyin_override = api_request_arg(req, "pinyin_override"),
    };
    const char *exclude = api_request_arg(req, "exclude");
    if (exclude) {
        size_t n = strlen(exclude);
        if (n == 0 || n > 15 || strspn(exclude, "0123456789") != n)
            return api_reply_error(req, "bad_id", "exclude");
        c.exclude_id = strtoll(exclude, NULL, 10);
    }
    reg_error err;
    json_t *out = NULL;
    if (reg_place_check(db, &c, &out, &err) != REG_OK)
        return api_reply_reg_error(req, &err);
    return api_reply_json(req, MHD_HTTP_OK, out, NULL, NULL);
}

/* GET /api/v1/places/categories: {categories: [...]}. */
enum MHD_Result api_places_categories(api_request *req, reg_db *db)
{
    (void)db;
    reg_error err;
    json_t *list = NULL;
    if (reg_place_categories(&list, &err) != REG_OK)
        return api_reply_reg_error(req, &err);
    return api_reply_json(req, MHD_HTTP_OK, json_pack("{s:o}", "categories", list), NULL, NULL);
}

/* GET /api/v1/streets?unit=CODE: {streets: [...]}.  400 bad_code. */
enum MHD_Result api_streets_list(api_request *req, reg_db *db)
{
    reg_error err;
    json_t *list = NULL;
    if (reg_streets_list(db, api_request_arg(req, "unit"), &list, &err) != REG_OK)
        return api_reply_reg_error(req, &err);
    return api_reply_json(req, MHD_HTTP_OK, json_pack("{s:o}", "streets", list), NULL, NULL);
}
