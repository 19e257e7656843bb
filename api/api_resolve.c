/* api_resolve.c: GET /p/{code} (and /P/{code}, the upper-case form plates
 * carry): what a resident sees after scanning a plate.  A page in
 * Chinese, or JSON when the client asks for it (Accept:
 * application/json).  The code is matched after normalisation (case,
 * full-width characters, spaces, hyphens: qr_code_normalize); a wrong
 * check character is 400 bad_check_digit, an unknown code 404, a retired
 * plate with a replacement a 301 to the replacement's URL. */
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "reg_jw.h"

/* Resolver answers may be cached a while: a plate changes rarely. */
#define RESOLVE_CACHE "public, max-age=300"

/* See api_internal.h.  Any mention of application/json (or a +json type)
 * counts; browsers and WeChat never send one. */
int api_wants_json(const api_request *req)
{
    const char *accept = api_request_header(req, MHD_HTTP_HEADER_ACCEPT);
    return accept && (strstr(accept, "application/json") || strstr(accept, "+json"));
}

/* See api_internal.h. */
char *api_plate_text(const api_request *req, const reg_plate_view *v, size_t *len)
{
    char url[QR_PLATE_URL_MAX], page[QR_PLATE_URL_MAX];
    api_map_links l;
    if (api_plate_url(req->srv->base_url, v->code, url, sizeof url) != 0 ||
        api_map_links_make(v->lon, v->lat, v->short_form, v->full, &l) != 0)
        return NULL;
    snprintf(page, sizeof page, "%s/p/%s", req->srv->base_url, v->code);
    reg_jw w;
    reg_jw_init(&w, API_PLATE_JSON_MAX);
    reg_jw_open(&w, '{');
    reg_plate_view_write(&w, v);
    reg_jw_kstr(&w, "url", url);
    reg_jw_kstr(&w, "page", page);
    reg_jw_key(&w, "links");
    reg_jw_open(&w, '{');
    reg_jw_kstr(&w, "amap", l.amap);
    reg_jw_kstr(&w, "baidu", l.baidu);
    reg_jw_kstr(&w, "tencent", l.tencent);
    reg_jw_kstr(&w, "geo", l.geo);
    reg_jw_key(&w, "gcj02");
    reg_jw_open(&w, '{');
    reg_jw_kfixed(&w, "lon", l.gcj_lon, 6);
    reg_jw_kfixed(&w, "lat", l.gcj_lat, 6);
    reg_jw_kstr(&w, "crs", "gcj02");
    reg_jw_close(&w, '}');
    reg_jw_close(&w, '}');
    reg_jw_close(&w, '}');
    return reg_jw_finish(&w, len);
}

/* See api_internal.h. */
json_t *api_plate_json(const api_request *req, const reg_plate_view *v)
{
    size_t len = 0;
    char *text = api_plate_text(req, v, &len);
    json_t *j = text ? json_loadb(text, len, 0, NULL) : NULL;
    free(text);
    return j;
}

/* The resolver's errors, page or JSON. */
typedef struct resolve_error {
    const char *code;
    unsigned status;
    const char *title, *zh, *en;
} resolve_error;

static const resolve_error resolve_errors[] = {
    {"bad_check_digit", MHD_HTTP_BAD_REQUEST, "门牌编码有误",
     "门牌编码的校验码不符：门牌可能印错，或二维码、编码被污损误读。请核对门牌上印的编码，"
     "或向乡镇、社区或县民政局地名办反映。",
     "The plate code's check character is wrong: the plate may be misprinted, or its QR code "
     "or code misread. Check the code printed on the plate."},
    {"bad_plate_code", MHD_HTTP_BAD_REQUEST, "这不是门牌编码",
     "这个地址不是有效的门牌编码（应为 17 位数字加 1 位校验码）。",
     "This is not a plate code (17 digits and a check character)."},
    {"plate_not_found", MHD_HTTP_NOT_FOUND, "没有找到这块门牌",
     "登记中没有这个门牌编码。门牌可能尚未登记，请向乡镇、社区或县民政局地名办核实。",
     "No plate with this code is registered."},
};

/* Answers the resolver error code (a page or JSON), showing what was read. */
static enum MHD_Result resolve_fail(api_request *req, int json, const char *code,
                                    const char *read)
{
    const resolve_error *e = &resolve_errors[0];
    for (size_t i = 0; i < sizeof resolve_errors / sizeof resolve_errors[0]; i++)
        if (strcmp(resolve_errors[i].code, code) == 0)
            e = &resolve_errors[i];
    if (json)
        return api_reply_error_msg(req, e->status, e->code, "code", e->zh, e->en);
    size_t len = 0;
    char *page = api_page_message(e->title, e->zh, read, NULL, NULL, &len);
    if (!page)
        return api_reply_internal(req, "out of memory");
    return api_reply_full(req, e->status, "text/html; charset=utf-8", page, len, NULL,
                          MHD_HTTP_HEADER_VARY, "Accept", NULL, NULL);
}

/* 301 to the replacement plate's resolver URL. */
static enum MHD_Result resolve_moved(api_request *req, int json, const char *code,
                                     const char *final)
{
    char location[QR_PLATE_URL_MAX];
    snprintf(location, sizeof location, "%s/p/%s", req->srv->base_url, final);
    char *body;
    size_t len = 0;
    if (json) {
        json_t *j = json_pack("{s:s, s:s, s:s, s:s}", "code", code, "state", "retired",
                              "moved_to", final, "location", location);
        body = j ? json_dumps(j, JSON_COMPACT) : NULL;
        json_decref(j);
        len = body ? strlen(body) : 0;
    } else {
        body = api_page_message("门牌已更换", "这块门牌已停用，已由新门牌替换。正在转到新门牌。",
                                code, location, "查看新门牌", &len);
    }
    if (!body)
        return api_reply_internal(req, "out of memory");
    return api_reply_full(req, MHD_HTTP_MOVED_PERMANENTLY,
                          json ? "application/json; charset=utf-8" : "text/html; charset=utf-8",
                          body, len, RESOLVE_CACHE, MHD_HTTP_HEADER_LOCATION, location,
                          MHD_HTTP_HEADER_VARY, "Accept");
}

/* GET /p/{code}. */
enum MHD_Result api_resolve(api_request *req, reg_db *db)
{
    char code[66];
    int json = api_wants_json(req);
    int qrc = qr_code_normalize(req->param, code, sizeof code);
    if (qrc == QR_ECHECK)
        return resolve_fail(req, json, "bad_check_digit", code);
    if (qrc != QR_OK)
        return resolve_fail(req, json, "bad_plate_code", req->param);
    reg_plate_view v;
    reg_error err;
    int rc = reg_plate_view_get(db, code, &v, &err);
    if (rc == REG_ENOTFOUND)
        return resolve_fail(req, json, "plate_not_found", code);
    if (rc != REG_OK)
        return api_reply_reg_error(req, &err);
    char final[REG_PLATE_CODE_BUF] = "";
    if (v.replaced_by[0] && reg_plate_final_code(db, code, final, &err) != REG_OK)
        return api_reply_reg_error(req, &err);
    if (final[0])
        return resolve_moved(req, json, code, final);
    char *body = NULL;
    size_t len = 0;
    if (json) {
        body = api_plate_text(req, &v, &len);
    } else {
        api_map_links l;
        if (api_map_links_make(v.lon, v.lat, v.short_form, v.full, &l) == 0)
            body = api_page_plate(&v, &l, &len);
    }
    if (!body)
        return api_reply_internal(req, "cannot build the plate's answer");
    return api_reply_full(req, MHD_HTTP_OK,
                          json ? "application/json; charset=utf-8" : "text/html; charset=utf-8",
                          body, len, RESOLVE_CACHE, MHD_HTTP_HEADER_VARY, "Accept", NULL, NULL);
}
