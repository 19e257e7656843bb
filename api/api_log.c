/* api_log.c: the error log (the access log is api_access_log.c). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api_internal.h"

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
