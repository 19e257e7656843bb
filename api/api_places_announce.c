/* api_places_announce.c: filing and announcement (N6).
 *   GET /api/v1/places/overdue
 *   GET /api/v1/places/{id}/announcement[?format=html]
 *   GET /api/v1/places/announcement?ids=1,2,3[&format=html]   (a batch) */
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"

#define API_ANNOUNCE_MAX 100

/* GET /api/v1/places/overdue: {as_of, deadline_days, places: [...]}. */
enum MHD_Result api_places_overdue(api_request *req, reg_db *db)
{
    reg_error err;
    json_t *out = NULL;
    if (reg_place_overdue(db, &out, &err) != REG_OK)
        return api_reply_reg_error(req, &err);
    return api_reply_json(req, MHD_HTTP_OK, out, NULL, NULL);
}

/* Answers the announcement of ids as JSON or, with format=html, as the
 * printable page. */
static enum MHD_Result api_announce(api_request *req, reg_db *db, const long long *ids,
                                    size_t n)
{
    const char *format = api_request_arg(req, "format");
    if (format && strcmp(format, "json") != 0 && strcmp(format, "html") != 0)
        return api_reply_error(req, "bad_format", "format");
    reg_error err;
    json_t *a = NULL;
    if (reg_place_announcement(db, ids, n, &a, &err) != REG_OK)
        return api_reply_reg_error(req, &err);
    if (!format || strcmp(format, "json") == 0)
        return api_reply_json(req, MHD_HTTP_OK, a, NULL, NULL);
    char *html = NULL;
    size_t len = 0;
    int rc = reg_place_announcement_html(a, &html, &len, &err);
    json_decref(a);
    if (rc != REG_OK)
        return api_reply_reg_error(req, &err);
    return api_reply_html(req, MHD_HTTP_OK, html, len);
}

/* GET /api/v1/places/{id}/announcement.  400 bad_id, bad_format; 404
 * place_not_found; 409 not_approved. */
enum MHD_Result api_places_announcement(api_request *req, reg_db *db)
{
    long long id;
    if (api_place_id(req, &id) != 0)
        return req->queue_result;
    return api_announce(req, db, &id, 1);
}

/* Parses "1,2,3" (1-max positive integers of up to 15 digits) into ids.
 * 0, or -1 if malformed. */
static int api_parse_ids(const char *s, long long *ids, size_t max, size_t *n)
{
    *n = 0;
    if (!s || !*s)
        return -1;
    for (;;) {
        size_t len = strspn(s, "0123456789");
        if (len == 0 || len > 15 || s[0] == '0' || *n == max)
            return -1;
        ids[(*n)++] = strtoll(s, NULL, 10);
        s += len;
        if (*s == '\0')
            return 0;
        if (*s != ',')
            return -1;
        s++;
    }
}

/* GET /api/v1/places/announcement?ids=: several names approved together.
 * 400 bad_ids for a list that is not 1-100 positive integers. */
enum MHD_Result api_places_announcements(api_request *req, reg_db *db)
{
    long long ids[API_ANNOUNCE_MAX];
    size_t n = 0;
    if (api_parse_ids(api_request_arg(req, "ids"), ids, API_ANNOUNCE_MAX, &n) != 0)
        return api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_ids", "ids",
                                   "ids 应为1至100个用逗号分隔的地名编号",
                                   "ids is 1-100 comma-separated place ids");
    return api_announce(req, db, ids, n);
}
