/* api_ogc_params.c: the query parameters of the OGC routes (see
 * api_internal.h): format, unknown parameters, crs, paging, bbox, datetime
 * and property filters.  Every refusal is a 400 with a stable code. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api_internal.h"

/* See api_internal.h. */
const char *api_ogc_crs_uri(api_ogc_crs crs)
{
    return crs == API_OGC_CRS_4490 ? API_OGC_CRS4490 : API_OGC_CRS84;
}

/* Queues 400 code naming the parameter, with the two messages. */
static int bad(api_request *req, const char *code, const char *name, const char *zh,
               const char *en)
{
    api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, code, name, zh, en);
    return -1;
}

/* The q-value of one media range's parameters ("; q=0.5"), 1 if none. */
static double accept_q(const char *params, size_t len)
{
    const char *q = NULL;
    for (size_t i = 0; i + 1 < len; i++)
        if ((params[i] == 'q' || params[i] == 'Q') && params[i + 1] == '=' &&
            (i == 0 || params[i - 1] == ';' || params[i - 1] == ' '))
            q = params + i + 2;
    if (!q)
        return 1.0;
    double v = strtod(q, NULL);
    return v >= 0 && v <= 1 ? v : 0;
}

/* 1 if the len bytes at p contain "json". */
static int mentions_json(const char *p, size_t len)
{
    for (size_t i = 0; i + 4 <= len; i++)
        if (strncasecmp(p + i, "json", 4) == 0)
            return 1;
    return 0;
}

/* Sets *html to 1 when accept ranks text/html above every JSON type. */
static void accept_prefers_html(const char *accept, int *html)
{
    double qh = 0, qj = 0;
    const char *p = accept;
    while (*p) {
        size_t len = strcspn(p, ",");
        size_t tlen = strcspn(p, ",;");
        while (tlen > 0 && (*p == ' ' || *p == '\t')) {
            p++;
            len--;
            tlen--;
        }
        while (tlen > 0 && (p[tlen - 1] == ' ' || p[tlen - 1] == '\t'))
            tlen--;
        double q = accept_q(p + tlen, len - tlen);
        if (tlen == 9 && strncasecmp(p, "text/html", 9) == 0)
            qh = q > qh ? q : qh;
        else if (mentions_json(p, tlen))
            qj = q > qj ? q : qj;
        p += len;
        if (*p == ',')
            p++;
    }
    *html = qh > 0 && qh > qj;
}

/* See api_internal.h. */
int api_ogc_format(api_request *req, int *html)
{
    const char *f = api_request_arg(req, "f");
    *html = 0;
    if (f) {
        if (strcmp(f, "html") == 0 || strcmp(f, "json") == 0) {
            *html = f[0] == 'h';
            return 0;
        }
        return bad(req, "bad_format", "f", "f 只能是 json 或 html", "f must be json or html");
    }
    const char *accept = api_request_header(req, MHD_HTTP_HEADER_ACCEPT);
    if (accept)
        accept_prefers_html(accept, html);
    return 0;
}

/* What api_ogc_only_params checks against. */
typedef struct known_params {
    const reg_collection *c;
    int items;
    const char *unknown; /* the first stranger, or NULL */
} known_params;

/* MHD_KeyValueIterator: notes the first parameter the route does not
 * define and stops there. */
static enum MHD_Result check_param(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    known_params *k = cls;
    (void)kind;
    (void)value;
    static const char *const item_params[] = {"bbox", "bbox-crs", "limit", "offset", NULL};
    int ok = strcmp(key, "f") == 0 || (k->c && strcmp(key, "crs") == 0);
    for (size_t i = 0; !ok && k->items && item_params[i]; i++)
        ok = strcmp(key, item_params[i]) == 0;
    if (!ok && k->items)
        ok = (strcmp(key, "datetime") == 0 && k->c->time_start) ||
             reg_collection_prop(k->c, key) >= 0;
    if (ok)
        return MHD_YES;
    k->unknown = key;
    return MHD_NO;
}

/* See api_internal.h. */
int api_ogc_only_params(api_request *req, const reg_collection *c, int items)
{
    known_params k = {c, c && items, NULL};
    MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, check_param, &k);
    if (!k.unknown)
        return 0;
    char zh[200], en[200];
    snprintf(zh, sizeof zh, "未知的查询参数“%.64s”", k.unknown);
    snprintf(en, sizeof en, "Unknown query parameter \"%.64s\" (see /ogc/api)", k.unknown);
    return bad(req, "unknown_parameter", k.unknown, zh, en);
}

/* See api_internal.h.  Accepts the OGC URIs, and "EPSG:4490" / "CRS84"
 * written short. */
int api_ogc_crs_param(api_request *req, const char *name, api_ogc_crs *out)
{
    const char *v = api_request_arg(req, name);
    *out = API_OGC_CRS_CRS84;
    if (!v || strcmp(v, API_OGC_CRS84) == 0 || strcmp(v, "CRS84") == 0 ||
        strcmp(v, "OGC:CRS84") == 0)
        return 0;
    if (strcmp(v, API_OGC_CRS4490) == 0 || strcmp(v, "EPSG:4490") == 0) {
        *out = API_OGC_CRS_4490;
        return 0;
    }
    return bad(req, "bad_crs", name, "不支持的坐标系（可用 CRS84 或 EPSG:4490 的 URI）",
               "Unsupported CRS (use " API_OGC_CRS84 " or " API_OGC_CRS4490 ")");
}

/* Parses v as a whole number of at most 18 digits into *n; 0 or -1. */
static int parse_count(const char *v, long long *n)
{
    size_t len = strlen(v);
    if (len == 0 || len > 18 || strspn(v, "0123456789") != len)
        return -1;
    *n = strtoll(v, NULL, 10);
    return 0;
}

/* See api_internal.h. */
int api_ogc_paging(api_request *req, reg_feature_query *q)
{
    const char *limit = api_request_arg(req, "limit");
    const char *offset = api_request_arg(req, "offset");
    long long n = API_OGC_LIMIT_DEFAULT;
    if (limit && (parse_count(limit, &n) != 0 || n < 1)) {
        size_t len = strlen(limit);
        if (len <= 18 || strspn(limit, "0123456789") != len)
            return bad(req, "bad_limit", "limit", "limit 必须是 1 到 10000 的整数",
                       "limit must be a whole number from 1 to 10000");
        n = API_OGC_LIMIT_MAX;
    }
    q->limit = n > API_OGC_LIMIT_MAX ? API_OGC_LIMIT_MAX : (long)n;
    n = 0;
    if (offset && (parse_count(offset, &n) != 0 || n > API_OGC_OFFSET_MAX))
        return bad(req, "bad_offset", "offset", "offset 必须是非负整数",
                   "offset must be a whole number from 0 to 1000000000");
    q->offset = (long)n;
    return 0;
}

/* Queues 400 bad_bbox with the English reason. */
static int bad_bbox(api_request *req, const char *en)
{
    return bad(req, "bad_bbox", "bbox", "bbox 无效（应为 4 或 6 个数：最小经度,最小纬度,最大经度,最大纬度）",
               en);
}

/* See api_internal.h.  CRS84 boxes are lon,lat; EPSG:4490 boxes are
 * lat,lon (its axis order).  A box crossing the antimeridian is refused. */
int api_ogc_bbox_param(api_request *req, reg_feature_query *q)
{
    const char *v = api_request_arg(req, "bbox");
    api_ogc_crs crs;
    if (api_ogc_crs_param(req, "bbox-crs", &crs) != 0)
        return -1;
    if (!v)
        return 0;
    double n[6];
    size_t count = 0;
    const char *p = v;
    while (count < 6) {
        char *end;
        errno = 0;
        n[count] = strtod(p, &end);
        if (end == p || errno || !isfinite(n[count]))
            return bad_bbox(req, "bbox values must be numbers separated by commas");
        count++;
        p = end;
        if (*p == '\0')
            break;
        if (*p++ != ',')
            return bad_bbox(req, "bbox values must be numbers separated by commas");
    }
    if (*p != '\0' || (count != 4 && count != 6))
        return bad_bbox(req, "bbox needs 4 numbers (or 6 with heights)");
    double a0 = n[0], a1 = n[1], b0 = n[count == 6 ? 3 : 2], b1 = n[count == 6 ? 4 : 3];
    int latlon = crs == API_OGC_CRS_4490;
    double lon0 = latlon ? a1 : a0, lat0 = latlon ? a0 : a1;
    double lon1 = latlon ? b1 : b0, lat1 = latlon ? b0 : b1;
    if (lon0 < -180 || lon1 > 180 || lat0 < -90 || lat1 > 90)
        return bad_bbox(req, "bbox outside longitude -180..180 / latitude -90..90");
    if (lat0 > lat1)
        return bad_bbox(req, "bbox minimum latitude above its maximum");
    if (lon0 > lon1)
        return bad_bbox(req, "bbox crossing the antimeridian is not supported");
    q->has_bbox = 1;
    q->bbox[0] = lon0;
    q->bbox[1] = lat0;
    q->bbox[2] = lon1;
    q->bbox[3] = lat1;
    return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil). */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long long)doe - 719468;
}

/* The date of day z since 1970-01-01 as YYYY-MM-DD into out (11 bytes). */
static void civil_from_days(long long z, char out[11])
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long y = (long long)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)(y % 10000) % 10000u, m % 100u, d % 100u);
}

/* Reads n digits at s into *v; 0 or -1. */
static int digits(const char *s, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        *v = *v * 10 + (s[i] - '0');
    }
    return 0;
}

/* Parses one end of a datetime (len bytes at s): "" or ".." is open
 * (out ""); a date YYYY-MM-DD is itself; a date-time
 * YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM) becomes its date in UTC+8.
 * 0, or -1 if malformed. */
static int datetime_end(const char *s, size_t len, char out[11])
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, m, d, hh = 0, mm = 0, ss = 0, oh = 0, om = 0, sign = 0;
    out[0] = '\0';
    if (len == 0 || (len == 2 && memcmp(s, "..", 2) == 0))
        return 0;
    if (len < 10 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &m) || s[7] != '-' ||
        digits(s + 8, 2, &d) || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] ||
        (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))))
        return -1;
    if (len == 10) {
        memcpy(out, s, 10);
        out[10] = '\0';
        return 0;
    }
    if (len < 20 || (s[10] != 'T' && s[10] != 't') || digits(s + 11, 2, &hh) || s[13] != ':' ||
        digits(s + 14, 2, &mm) || s[16] != ':' || digits(s + 17, 2, &ss) || hh > 23 ||
        mm > 59 || ss > 60)
        return -1;
    size_t i = 19;
    if (s[i] == '.') {
        i++;
        size_t frac = i;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == frac)
            return -1;
    }
    if (i + 1 == len && (s[i] == 'Z' || s[i] == 'z')) {
        sign = 0;
    } else if (i + 6 == len && (s[i] == '+' || s[i] == '-') && !digits(s + i + 1, 2, &oh) &&
               s[i + 3] == ':' && !digits(s + i + 4, 2, &om) && oh <= 23 && om <= 59) {
        sign = s[i] == '+' ? 1 : -1;
    } else {
        return -1;
    }
    long long secs = days_from_civil(y, (unsigned)m, (unsigned)d) * 86400 + hh * 3600 +
                     mm * 60 + ss - sign * (oh * 3600 + om * 60) + 8 * 3600;
    civil_from_days(secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400), out);
    return 0;
}

/* See api_internal.h. */
int api_ogc_datetime_param(api_request *req, char from[11], char to[11],
                           reg_feature_query *q)
{
    const char *v = api_request_arg(req, "datetime");
    if (!v)
        return 0;
    const char *slash = strchr(v, '/');
    size_t len = strlen(v);
    int ok;
    if (!slash) {
        ok = len > 0 && strcmp(v, "..") != 0 && datetime_end(v, len, from) == 0;
        memcpy(to, from, 11);
    } else {
        ok = !strchr(slash + 1, '/') && datetime_end(v, (size_t)(slash - v), from) == 0 &&
             datetime_end(slash + 1, strlen(slash + 1), to) == 0 &&
             !(from[0] && to[0] && strcmp(from, to) > 0);
    }
    if (!ok)
        return bad(req, "bad_datetime", "datetime",
                   "datetime 无效（日期、RFC 3339 时刻，或以 / 分隔的区间，开放端写 ..）",
                   "datetime must be a date or RFC 3339 date-time, or an interval a/b"
                   " with '..' for an open end, start not after end");
    q->time_from = from[0] ? from : NULL;
    q->time_to = to[0] ? to : NULL;
    return 0;
}

/* See api_internal.h. */
void api_ogc_filter_params(api_request *req, const reg_collection *c, reg_feature_query *q)
{
    for (size_t i = 0; i < c->nprops && i < REG_FEATURE_PROPS_MAX; i++)
        q->filters[i] = api_request_arg(req, c->props[i].name);
}
