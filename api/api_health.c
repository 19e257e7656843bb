/* api_health.c: GET /healthz. */
#include <limits.h>

#include "api_internal.h"

/* GET /healthz -> 200 {"status":"ok","schema_version":N} once the thread's
 * registry connection has answered a query (an audit read past the last
 * possible id: one index probe, no rows); 500 when it does not. */
enum MHD_Result api_health_get(api_request *req, reg_db *db)
{
    reg_error err;
    json_t *probe = NULL;
    if (reg_audit_list(db, NULL, NULL, NULL, LONG_MAX, 1, &probe, &err) != REG_OK)
        return api_reply_internal(req, "health probe failed: %s: %s", err.code, err.message_en);
    json_decref(probe);
    return api_reply_json(req, MHD_HTTP_OK,
                          json_pack("{s:s, s:i}", "status", "ok", "schema_version",
                                    reg_schema_version()),
                          NULL, NULL);
}
