/* api_links.c: links that open a plate's point in map apps.  Amap and
 * Tencent take GCJ-02 (DOMAIN.md: Chinese web maps publish the offset),
 * Baidu BD-09 (converted from GCJ-02 by the published formula, and said
 * so with coord_type=bd09ll); the geo: URI (RFC 5870) takes WGS 84, which
 * CGCS2000 equals to well under a metre. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "api_internal.h"

/* Percent-encodes s (UTF-8) into out (outlen bytes), every byte but the
 * unreserved ones; cut short (still terminated) when out is full. */
static void url_encode(const char *s, char *out, size_t outlen)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && n + 4 < outlen; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == '~') {
            out[n++] = (char)*p;
        } else {
            out[n++] = '%';
            out[n++] = hex[*p >> 4];
            out[n++] = hex[*p & 15];
        }
    }
    out[n] = '\0';
}

/* See api_internal.h: integer arithmetic (snprintf's "%.6f" was a tenth
 * of the resolver's time). */
void api_deg6(double v, char *out)
{
    long long t = (long long)((v < 0 ? -v : v) * 1e6 + 0.5);
    char rev[24];
    int n = 0;
    for (int i = 0; i < 6; i++, t /= 10)
        rev[n++] = (char)('0' + t % 10);
    rev[n++] = '.';
    do {
        rev[n++] = (char)('0' + t % 10);
        t /= 10;
    } while (t);
    int len = 0;
    if (v < 0)
        out[len++] = '-';
    while (n > 0)
        out[len++] = rev[--n];
    out[len] = '\0';
}

/* See api_internal.h. */
int api_map_links_make(double lon, double lat, const char *name, const char *address,
                       api_map_links *out)
{
    double glon, glat, blon, blat;
    if (!name || !address || !out || geo_gcj02_encode(lon, lat, &glon, &glat) != GEO_OK ||
        geo_bd09_encode(glon, glat, &blon, &blat) != GEO_OK)
        return -1;
    char n[400], a[800], gx[24], gy[24], bx[24], by[24], x[24], y[24];
    url_encode(name, n, sizeof n);
    url_encode(address, a, sizeof a);
    if (fabs(lon) > 180 || fabs(lat) > 90)
        return -1;
    api_deg6(glon, gx);
    api_deg6(glat, gy);
    api_deg6(blon, bx);
    api_deg6(blat, by);
    api_deg6(lon, x);
    api_deg6(lat, y);
    snprintf(out->amap, sizeof out->amap,
             "https://uri.amap.com/marker?position=%s,%s&name=%s&src=diming"
             "&coordinate=gaode&callnative=1",
             gx, gy, n);
    snprintf(out->baidu, sizeof out->baidu,
             "https://api.map.baidu.com/marker?location=%s,%s&title=%s&content=%s"
             "&output=html&coord_type=bd09ll&src=webapp.huining.diming",
             by, bx, n, a);
    snprintf(out->tencent, sizeof out->tencent,
             "https://apis.map.qq.com/uri/v1/marker?marker=coord:%s,%s;title:%s;addr:%s"
             "&referer=diming",
             gy, gx, n, a);
    snprintf(out->geo, sizeof out->geo, "geo:%s,%s?q=%s,%s(%s)", y, x, y, x, n);
    out->gcj_lon = glon;
    out->gcj_lat = glat;
    return 0;
}
