/* api_plate_images.c: one plate as images, for staff to check and print.
 *   GET /api/v1/doorplates/{code}/qr.png?scale=&level=    the QR alone, 1-bit PNG
 *   GET /api/v1/doorplates/{code}/qr.svg?scale=&level=    the QR alone, SVG
 *   GET /api/v1/doorplates/{code}/plate.svg?size=&level=  the whole plate (D5)
 * The QR carries the plate's URL (api_plate_url); error correction Q by
 * default (outdoor plates get dirty), H on request. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api_internal.h"

#define IMG_CACHE "private, max-age=60"

/* Reads ?level= (Q or H, either case; default Q: D5's plates hang
 * outdoors, so L and M are refused).  0, or -1 after queueing 400. */
static int img_level(api_request *req, qr_level *out)
{
    const char *v = api_request_arg(req, "level");
    *out = QR_LEVEL_Q;
    if (!v)
        return 0;
    if (strcmp(v, "Q") == 0 || strcmp(v, "q") == 0)
        return 0;
    if (strcmp(v, "H") == 0 || strcmp(v, "h") == 0) {
        *out = QR_LEVEL_H;
        return 0;
    }
    api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_level", "level",
                        "纠错等级应为 Q 或 H（门牌在户外）",
                        "the error correction level is Q or H (plates hang outdoors)");
    return -1;
}

/* Reads ?scale= (pixels a module, 1-64; default 8).  0, or -1. */
static int img_scale(api_request *req, int *out)
{
    const char *v = api_request_arg(req, "scale");
    *out = 8;
    if (!v)
        return 0;
    char *end;
    long x = strtol(v, &end, 10);
    if (*v && !*end && x >= 1 && x <= 64) {
        *out = (int)x;
        return 0;
    }
    api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_parameter", "scale",
                        "scale 应为 1-64（每个模块的像素）", "scale is 1-64 pixels a module");
    return -1;
}

/* Reads the plate of the path: normalised code, view and QR URL.  0, or
 * -1 after queueing 400 or 404. */
static int img_plate(api_request *req, reg_db *db, reg_plate_view *v, char *url, size_t urllen)
{
    char code[66];
    int rc = qr_code_normalize(req->param, code, sizeof code);
    if (rc != QR_OK) {
        api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST,
                            rc == QR_ECHECK ? "bad_check_digit" : "bad_plate_code", "code",
                            "门牌编码有误", "bad plate code");
        return -1;
    }
    reg_error err;
    if (reg_plate_view_get(db, code, v, &err) != REG_OK) {
        api_reply_reg_error(req, &err);
        return -1;
    }
    if (api_plate_url(req->srv->base_url, v->code, url, urllen) != 0) {
        api_reply_internal(req, "the plate URL does not fit");
        return -1;
    }
    return 0;
}

/* Encodes the plate's QR into *sym.  0, or -1 after queueing 500. */
static int img_symbol(api_request *req, const char *url, qr_level level, qr_symbol *sym)
{
    if (qr_encode(url, level, sym) == QR_OK)
        return 0;
    api_reply_internal(req, "cannot encode the QR of %s", url);
    return -1;
}

/* The QR alone as PNG (png 1) or SVG. */
static enum MHD_Result img_qr(api_request *req, reg_db *db, int png)
{
    reg_plate_view v;
    char url[QR_PLATE_URL_MAX];
    qr_level level;
    int scale;
    qr_symbol sym;
    if (img_level(req, &level) != 0 || img_scale(req, &scale) != 0 ||
        img_plate(req, db, &v, url, sizeof url) != 0 || img_symbol(req, url, level, &sym) != 0)
        return req->queue_result;
    void *bytes = NULL;
    size_t len = 0;
    int rc = png ? qr_png_bytes(&sym, scale, (unsigned char **)&bytes, &len)
                 : qr_svg_doc(&sym, scale, (char **)&bytes, &len);
    qr_symbol_free(&sym);
    if (rc != QR_OK)
        return api_reply_internal(req, "cannot draw the QR");
    return api_reply_full(req, MHD_HTTP_OK, png ? "image/png" : "image/svg+xml", bytes, len,
                          IMG_CACHE, NULL, NULL, NULL, NULL);
}

/* GET .../qr.png */
enum MHD_Result api_doorplates_qr_png(api_request *req, reg_db *db)
{
    return img_qr(req, db, 1);
}

/* GET .../qr.svg */
enum MHD_Result api_doorplates_qr_svg(api_request *req, reg_db *db)
{
    return img_qr(req, db, 0);
}

/* GET .../plate.svg?size=large|medium|small (default medium): the whole
 * plate (qr_plate_svg).  A plate's URL must be HTTPS (D4): with a server
 * started without an https:// --base-url, 409 base_url_not_https. */
enum MHD_Result api_doorplates_plate_svg(api_request *req, reg_db *db)
{
    reg_plate_view v;
    char url[QR_PLATE_URL_MAX], texts[API_PLATE_TEXT_BUF];
    qr_level level;
    qr_plate_size size = QR_SIZE_MEDIUM;
    const char *s = api_request_arg(req, "size");
    if (s && qr_plate_size_parse(s, &size) != QR_OK)
        return api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_size", "size",
                                   "尺寸应为 large、medium 或 small",
                                   "size is large, medium or small");
    if (img_level(req, &level) != 0 || img_plate(req, db, &v, url, sizeof url) != 0)
        return req->queue_result;
    if (strncasecmp(url, "https://", 8) != 0)
        return api_reply_error_msg(req, MHD_HTTP_CONFLICT, "base_url_not_https", NULL,
                                   "门牌二维码须为 HTTPS 地址：请用 diming serve --base-url "
                                   "https://… 启动服务",
                                   "a plate's QR must carry an HTTPS URL (D4): start the server "
                                   "with --base-url https://...");
    qr_plate p;
    char *svg = NULL;
    size_t len = 0;
    if (api_plate_make(&v, url, size, level, &p, texts, sizeof texts) != 0 ||
        qr_plate_svg(&p, &svg, &len) != QR_OK)
        return api_reply_internal(req, "cannot draw the plate %s", v.code);
    return api_reply_full(req, MHD_HTTP_OK, "image/svg+xml", svg, len, IMG_CACHE, NULL, NULL,
                          NULL, NULL);
}
