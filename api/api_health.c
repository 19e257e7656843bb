/* api_health.c: GET /healthz. */
#include "api_internal.h"

/* GET /healthz -> 200 {"status":"ok","schema_version":N} once the thread's
 * registry connection has read the schema version from the file; 500 when
 * it does not. */
enum MHD_Result api_health_get(api_request *req, reg_db *db)
{
    reg_error err;
    int version = 0;
    if (reg_db_version(db, &version, &err) != REG_OK)
        return api_reply_internal(req, "health probe failed: %s: %s", err.code, err.message_en);
    return api_reply_json(req, MHD_HTTP_OK,
                          json_pack("{s:s, s:i}", "status", "ok", "schema_version", version),
                          NULL, NULL);
}
