/* api_body.c: reading the members of JSON bodies, with the 400s that
 * name what is wrong, and the Location of what a body created. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"

/* See api_internal.h. */
int api_body_only(api_request *req, json_t *body, const char *const *allowed)
{
    const char *key;
    json_t *value;
    json_object_foreach(body, key, value) {
        size_t i = 0;
        while (allowed[i] && strcmp(allowed[i], key) != 0)
            i++;
        if (!allowed[i]) {
            char zh[160], en[160];
            snprintf(zh, sizeof zh, "请求体含有未知字段“%.64s”", key);
            snprintf(en, sizeof en, "Unknown member \"%.64s\" in the body", key);
            api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "unknown_field", key, zh, en);
            return -1;
        }
    }
    return 0;
}

/* See api_internal.h. */
int api_body_string(api_request *req, json_t *body, const char *key, const char **out)
{
    json_t *v = json_object_get(body, key);
    *out = NULL;
    if (!v)
        return 0;
    if (!json_is_string(v)) {
        char en[160];
        snprintf(en, sizeof en, "Member \"%s\" must be a string", key);
        api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_field_type", key, "该字段必须是字符串",
                            en);
        return -1;
    }
    *out = json_string_value(v);
    return 0;
}

/* See api_internal.h. */
int api_body_number(api_request *req, json_t *body, const char *key, const char *code,
                    double *out, int *present)
{
    json_t *v = json_object_get(body, key);
    *present = v != NULL;
    if (!v)
        return 0;
    if (!json_is_number(v)) {
        char zh[160], en[160];
        snprintf(zh, sizeof zh, "字段“%s”必须是数字", key);
        snprintf(en, sizeof en, "Member \"%s\" must be a number", key);
        api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, code, key, zh, en);
        return -1;
    }
    *out = json_number_value(v);
    return 0;
}

/* See api_internal.h. */
char *api_location(const api_request *req, const char *path, const char *id)
{
    const char *base = req->srv->base_url ? req->srv->base_url : "";
    size_t n = strlen(base) + strlen(path) + strlen(id) + 1;
    char *loc = malloc(n);
    if (loc)
        snprintf(loc, n, "%s%s%s", base, path, id);
    return loc;
}
