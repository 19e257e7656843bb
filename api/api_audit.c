/* api_audit.c: GET /api/v1/audit (admin) - the audit log, page by page. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "api_internal.h"

#define API_AUDIT_LIMIT_DEFAULT 100
#define API_AUDIT_LIMIT_MAX 1000

/* Reads the query argument name as a whole number in lo..hi (absent or
 * empty gives dflt).  Returns 0, or -1 after queueing 400 bad_parameter. */
static int api_audit_number(api_request *req, const char *name, long lo, long hi, long dflt,
                            long *out)
{
    const char *v = api_request_arg(req, name);
    if (!v || !*v) {
        *out = dflt;
        return 0;
    }
    char *end;
    errno = 0;
    long n = (*v >= '0' && *v <= '9') ? strtol(v, &end, 10) : -1;
    if (n >= lo && n <= hi && errno == 0 && *end == '\0') {
        *out = n;
        return 0;
    }
    char zh[128], en[128];
    snprintf(zh, sizeof zh, "参数 %s 必须是 %ld 到 %ld 之间的整数", name, lo, hi);
    snprintf(en, sizeof en, "Query parameter '%s' must be a whole number from %ld to %ld", name,
             lo, hi);
    api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_parameter", name, zh, en);
    return -1;
}

/* The query argument name, NULL when absent or empty. */
static const char *api_audit_filter(const api_request *req, const char *name)
{
    const char *v = api_request_arg(req, name);
    return v && *v ? v : NULL;
}

/* GET /api/v1/audit?entity=&id=&since=&after=&limit= (admin): entries
 * oldest first, after the id `after` (default 0), at most limit (default
 * 100, at most 1000) -> 200 {"entries":[...],"next_after":ID or null};
 * next_after is the last id when the page is full (more may follow).
 * 400 bad_parameter; the registry's 400 for a malformed since. */
enum MHD_Result api_audit_list(api_request *req, reg_db *db)
{
    long after, limit;
    if (api_audit_number(req, "after", 0, LONG_MAX, 0, &after) != 0 ||
        api_audit_number(req, "limit", 1, API_AUDIT_LIMIT_MAX, API_AUDIT_LIMIT_DEFAULT,
                         &limit) != 0)
        return req->queue_result;
    reg_error err;
    json_t *entries = NULL;
    if (reg_audit_list(db, api_audit_filter(req, "entity"), api_audit_filter(req, "id"),
                       api_audit_filter(req, "since"), after, (int)limit, &entries,
                       &err) != REG_OK)
        return api_reply_reg_error(req, &err);
    size_t n = json_array_size(entries);
    json_t *next = json_null();
    if (n == (size_t)limit)
        next = json_incref(json_object_get(json_array_get(entries, n - 1), "id"));
    return api_reply_json(req, MHD_HTTP_OK,
                          json_pack("{s:o, s:o}", "entries", entries, "next_after",
                                    next ? next : json_null()),
                          NULL, NULL);
}
