/* api_access_log.c: the access log, one line per request, buffered.
 *
 * Writing and flushing a line per request costs a system call on the path
 * of every response, so lines are gathered in one buffer and written when
 * it fills, by a flusher thread every API_ACCESS_LOG_FLUSH_MS, and when
 * the server stops: a line reaches the stream at most that long after its
 * response.  Lines are formatted without stdio (the time's text is kept
 * per thread for the current second). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api_internal.h"

#define API_ACCESS_LOG_BUF ((size_t)64 * 1024)
#define API_ACCESS_LOG_FLUSH_MS 200L
#define API_LOG_PATH_MAX 256 /* longest path written, after escaping */
#define API_LOG_LINE_MAX (API_LOG_PATH_MAX + API_RID_MAX + 128)

struct api_access_log {
    FILE *out;              /* not owned */
    pthread_mutex_t lock;   /* guards everything below */
    pthread_cond_t wake;    /* signalled at stop */
    pthread_t flusher;
    int stop;
    size_t len;
    char buf[API_ACCESS_LOG_BUF];
};

/* Writes the buffered lines to the stream and flushes it.  Caller holds
 * the lock. */
static void api_access_log_drain(api_access_log *log)
{
    if (log->len == 0)
        return;
    fwrite(log->buf, 1, log->len, log->out);
    fflush(log->out);
    log->len = 0;
}

/* The flusher thread: drains the buffer every API_ACCESS_LOG_FLUSH_MS
 * until stop is set, then once more. */
static void *api_access_log_run(void *arg)
{
    api_access_log *log = arg;
    pthread_mutex_lock(&log->lock);
    while (!log->stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += API_ACCESS_LOG_FLUSH_MS * 1000000L;
        until.tv_sec += until.tv_nsec / 1000000000L;
        until.tv_nsec %= 1000000000L;
        int rc = pthread_cond_timedwait(&log->wake, &log->lock, &until);
        if (rc != 0 && rc != ETIMEDOUT)
            break;
        api_access_log_drain(log);
    }
    api_access_log_drain(log);
    pthread_mutex_unlock(&log->lock);
    return NULL;
}

/* See api_internal.h. */
int api_access_log_open(FILE *out, api_access_log **logp)
{
    if (!out || !logp)
        return -1;
    *logp = NULL;
    api_access_log *log = calloc(1, sizeof *log);
    if (!log)
        return -1;
    log->out = out;
    pthread_mutex_init(&log->lock, NULL);
    pthread_cond_init(&log->wake, NULL);
    if (pthread_create(&log->flusher, NULL, api_access_log_run, log) != 0) {
        pthread_cond_destroy(&log->wake);
        pthread_mutex_destroy(&log->lock);
        free(log);
        return -1;
    }
    *logp = log;
    return 0;
}

/* See api_internal.h. */
void api_access_log_close(api_access_log *log)
{
    if (!log)
        return;
    pthread_mutex_lock(&log->lock);
    log->stop = 1;
    pthread_cond_signal(&log->wake);
    pthread_mutex_unlock(&log->lock);
    pthread_join(log->flusher, NULL);
    pthread_cond_destroy(&log->wake);
    pthread_mutex_destroy(&log->lock);
    free(log);
}

/* A line being formatted: bytes in p[0..n), room for API_LOG_LINE_MAX. */
typedef struct api_line {
    char p[API_LOG_LINE_MAX];
    size_t n;
} api_line;

/* Appends len bytes of s, cut to what fits (one byte kept for '\n'). */
static void api_line_put(api_line *l, const char *s, size_t len)
{
    size_t room = sizeof l->p - 1 - l->n;
    if (len > room)
        len = room;
    memcpy(l->p + l->n, s, len);
    l->n += len;
}

/* Appends the string s. */
static void api_line_str(api_line *l, const char *s)
{
    api_line_put(l, s, strlen(s));
}

/* Appends v in decimal, at least width digits (zeros in front). */
static void api_line_num(api_line *l, unsigned long long v, int width)
{
    char d[24];
    int i = (int)sizeof d;
    do {
        d[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v && i > 0);
    while ((int)sizeof d - i < width && i > 0)
        d[--i] = '0';
    api_line_put(l, d + i, sizeof d - (size_t)i);
}

/* Appends the current UTC time as "YYYY-MM-DDTHH:MM:SS.mmmZ"; the text of
 * the second is made once per second per thread. */
static void api_line_now(api_line *l)
{
    static _Thread_local time_t second = (time_t)-1;
    static _Thread_local char text[24];
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    if (ts.tv_sec != second) {
        struct tm tm;
        gmtime_r(&ts.tv_sec, &tm);
        if (strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm) == 0)
            text[0] = '\0';
        second = ts.tv_sec;
    }
    api_line_str(l, text);
    api_line_put(l, ".", 1);
    api_line_num(l, (unsigned long long)(ts.tv_nsec / 1000000L), 3);
    api_line_put(l, "Z", 1);
}

/* Appends path with every byte that is not printable ASCII, and '%', '"'
 * and '\\', written as %XX so that a path can neither break the line nor
 * forge another; cut with "..." after API_LOG_PATH_MAX bytes. */
static void api_line_path(api_line *l, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        int plain = *p > 0x20 && *p < 0x7f && *p != '%' && *p != '"' && *p != '\\';
        size_t need = plain ? 1 : 3;
        if (o + need + 3 > API_LOG_PATH_MAX) {
            api_line_put(l, "...", 3);
            return;
        }
        if (plain) {
            api_line_put(l, (const char *)p, 1);
        } else {
            char esc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            api_line_put(l, esc, 3);
        }
        o += need;
    }
}

/* Writes one access-log line for req into the server's buffer:
 *   TIME METHOD PATH STATUS BYTES MICROSECONDS REQUEST-ID
 * STATUS is "-" when no response was queued (the client went away).  A
 * full buffer is written out first. */
void api_log_access(const api_request *req)
{
    api_access_log *log = req->srv->access_log;
    if (!log)
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long long us = (long long)(now.tv_sec - req->started.tv_sec) * 1000000LL +
                   (now.tv_nsec - req->started.tv_nsec) / 1000;
    api_line l;
    l.n = 0;
    api_line_now(&l);
    api_line_put(&l, " ", 1);
    api_line_str(&l, req->method);
    api_line_put(&l, " ", 1);
    api_line_path(&l, req->path ? req->path : "");
    api_line_put(&l, " ", 1);
    if (req->queued)
        api_line_num(&l, req->status, 1);
    else
        api_line_put(&l, "-", 1);
    api_line_put(&l, " ", 1);
    api_line_num(&l, req->resp_bytes, 1);
    api_line_put(&l, " ", 1);
    api_line_num(&l, us > 0 ? (unsigned long long)us : 0, 1);
    api_line_put(&l, " ", 1);
    api_line_str(&l, req->rid);
    l.p[l.n++] = '\n';

    pthread_mutex_lock(&log->lock);
    if (log->len + l.n > sizeof log->buf)
        api_access_log_drain(log);
    memcpy(log->buf + log->len, l.p, l.n);
    log->len += l.n;
    pthread_mutex_unlock(&log->lock);
}
