/* api_auth.c: bearer tokens and roles for the routes that need them. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "api_internal.h"

#define API_TOKEN_MAX 256 /* longer presented tokens are refused unread */

/* Copies the token of an "Authorization: Bearer TOKEN" header (scheme case
 * insensitive, spaces or tabs around the token) into tok (tokmax bytes).
 * Returns 0, or -1 when the header is absent, of another scheme, empty, or
 * the token has inner spaces or is too long. */
static int api_auth_bearer(const char *header, char *tok, size_t tokmax)
{
    if (!header || strncasecmp(header, "Bearer", 6) != 0 ||
        (header[6] != ' ' && header[6] != '\t'))
        return -1;
    const char *p = header + 6;
    p += strspn(p, " \t");
    size_t n = strcspn(p, " \t");
    if (n == 0 || n >= tokmax || p[n + strspn(p + n, " \t")] != '\0')
        return -1;
    memcpy(tok, p, n);
    tok[n] = '\0';
    return 0;
}

/* Checks the request's bearer token with the registry and its role
 * against the route's.  On success sets req->actor (the token's name, the
 * actor of registry writes) and req->role and returns 0.  Otherwise queues
 * 401 unauthorized (no, malformed, unknown or revoked token), 403 forbidden
 * (role too low) or the registry's error, and returns -1. */
int api_auth_require(api_request *req, reg_db *db)
{
    char tok[API_TOKEN_MAX + 1];
    if (api_auth_bearer(api_request_header(req, MHD_HTTP_HEADER_AUTHORIZATION), tok,
                        sizeof tok) != 0) {
        api_reply_error_msg(req, MHD_HTTP_UNAUTHORIZED, "unauthorized", NULL,
                            "需要访问令牌（Authorization: Bearer 令牌）",
                            "A token is required (Authorization: Bearer TOKEN)");
        return -1;
    }
    reg_error err;
    char name[65];
    reg_role role;
    int rc = reg_token_check(db, tok, name, sizeof name, &role, &err);
    if (rc == REG_EAUTH) {
        api_reply_error_msg(req, MHD_HTTP_UNAUTHORIZED, "unauthorized", NULL,
                            "访问令牌无效或已撤销", "The token is unknown or revoked");
        return -1;
    }
    if (rc != REG_OK) {
        api_reply_reg_error(req, &err);
        return -1;
    }
    if ((int)role < req->route->role) {
        const char *have = reg_role_name(role), *need = reg_role_name((reg_role)req->route->role);
        have = have ? have : "?";
        need = need ? need : "?";
        char zh[160], en[160];
        snprintf(zh, sizeof zh, "该令牌的角色（%s）无权执行此操作，需要 %s", have, need);
        snprintf(en, sizeof en, "The token's role (%s) may not do this; it needs %s", have, need);
        api_reply_error_msg(req, MHD_HTTP_FORBIDDEN, "forbidden", NULL, zh, en);
        return -1;
    }
    snprintf(req->actor, sizeof req->actor, "%s", name);
    req->role = role;
    return 0;
}
