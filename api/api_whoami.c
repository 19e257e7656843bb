/* api_whoami.c: GET /api/v1/whoami, the name and role of the caller's token. */
#include "api_internal.h"

/* GET /api/v1/whoami (any valid token) -> 200 {"name","role"}: who the
 * bearer token says the caller is, so that a client (the web console) can
 * show the role and offer only what it may do.  401 without a valid token
 * (checked by the router). */
enum MHD_Result api_whoami_get(api_request *req, reg_db *db)
{
    (void)db;
    const char *role = reg_role_name(req->role);
    if (!role)
        return api_reply_internal(req, "token of unknown role %d", (int)req->role);
    return api_reply_json(req, MHD_HTTP_OK,
                          json_pack("{s:s, s:s}", "name", req->actor, "role", role), NULL, NULL);
}
