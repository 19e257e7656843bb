/* api_log.c: the access log (one line per request) and the error log. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api_internal.h"

#define API_LOG_PATH_MAX 256 /* longest path written, after escaping */

/* Writes the current UTC time as "YYYY-MM-DDTHH:MM:SS.mmmZ" into out
 * (at least 32 bytes). */
static void api_log_now(char *out, size_t outlen)
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    size_t n = strftime(out, outlen, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out + n, outlen - n, ".%03ldZ", ts.tv_nsec / 1000000L);
}

/* Copies path into out (outlen bytes, always terminated) with every byte
 * that is not printable ASCII, and '%', '"' and '\\', written as %XX so
 * that a path can neither break the line nor forge another.  Cut with
 * "..." when too long. */
static void api_log_escape_path(const char *path, char *out, size_t outlen)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        int plain = *p > 0x20 && *p < 0x7f && *p != '%' && *p != '"' && *p != '\\';
        size_t need = plain ? 1 : 3;
        if (o + need + 4 > outlen) {
            memcpy(out + o, "...", 3);
            o += 3;
            break;
        }
        if (plain) {
            out[o++] = (char)*p;
        } else {
            out[o++] = '%';
            out[o++] = hex[*p >> 4];
            out[o++] = hex[*p & 15];
        }
    }
    out[o] = '\0';
}

/* Writes one access-log line for req and flushes the stream:
 *   TIME METHOD PATH STATUS BYTES MICROSECONDS REQUEST-ID
 * STATUS is "-" when no response was queued (the client went away). */
void api_log_access(const api_request *req)
{
    char when[40], path[API_LOG_PATH_MAX], status[16];
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long long us = (long long)(now.tv_sec - req->started.tv_sec) * 1000000LL +
                   (now.tv_nsec - req->started.tv_nsec) / 1000;
    api_log_now(when, sizeof when);
    api_log_escape_path(req->path ? req->path : "", path, sizeof path);
    if (req->queued)
        snprintf(status, sizeof status, "%u", req->status);
    else
        snprintf(status, sizeof status, "-");
    FILE *f = req->srv->access_log;
    flockfile(f);
    fprintf(f, "%s %s %s %s %zu %lld %s\n", when, req->method, path, status, req->resp_bytes,
            us, req->rid);
    fflush(f);
    funlockfile(f);
}

/* Writes "TIME error rid=RID: MESSAGE" to stderr (rid may be NULL). */
void api_log_error(const char *rid, const char *fmt, ...)
{
    char when[40], msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    api_log_now(when, sizeof when);
    flockfile(stderr);
    fprintf(stderr, "%s error rid=%s: %s\n", when, rid ? rid : "-", msg);
    fflush(stderr);
    funlockfile(stderr);
}

/* MHD's logger: "TIME mhd: MESSAGE" on stderr, one line. */
void api_log_mhd(void *cls, const char *fmt, va_list ap)
{
    char when[40], msg[512];
    (void)cls;
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
        msg[--n] = '\0';
    api_log_now(when, sizeof when);
    flockfile(stderr);
    fprintf(stderr, "%s mhd: %s\n", when, msg);
    fflush(stderr);
    funlockfile(stderr);
}
