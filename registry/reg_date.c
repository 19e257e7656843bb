/*
 * reg_date.c: calendar dates (YYYY-MM-DD, strictly) and ISO 8601 times.
 * Validity intervals are half-open: a unit with valid_to D is current
 * until the day before D.  "Today" is the civil date in China (UTC+8,
 * no daylight saving), whatever the server's time zone.
 */
#include <string.h>
#include <time.h>

#include "reg_internal.h"

#define CST_OFFSET (8 * 3600)

/* Reads n ASCII digits at s into *v; 1 if they are all digits. */
static int read_digits(const char *s, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        *v = *v * 10 + (s[i] - '0');
    }
    return 1;
}

/* Days in month m (1-12) of year y (proleptic Gregorian). */
static int month_days(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

/* Parses the first 10 characters of s as YYYY-MM-DD into y, m, d; 1 if
 * they are a real date from year 0001. */
static int parse_date(const char *s, int *y, int *m, int *d)
{
    return strlen(s) >= 10 && read_digits(s, 4, y) && s[4] == '-' &&
           read_digits(s + 5, 2, m) && s[7] == '-' && read_digits(s + 8, 2, d) && *y >= 1 &&
           *m >= 1 && *m <= 12 && *d >= 1 && *d <= month_days(*y, *m);
}

/* See reg_internal.h. */
int reg_date_valid(const char *s)
{
    int y, m, d;
    return s && strlen(s) == 10 && parse_date(s, &y, &m, &d);
}

/* See reg_internal.h. */
void reg_today(char *out)
{
    time_t t = time(NULL) + CST_OFFSET;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, REG_DATE_BUF, "%Y-%m-%d", &tm);
}

/* Writes ".mmmZ" and the NUL for ms (0-999) at out. */
static void put_millis(char *out, int ms)
{
    const char frac[] = {'.', (char)('0' + ms / 100), (char)('0' + ms / 10 % 10),
                         (char)('0' + ms % 10), 'Z', '\0'};
    memcpy(out, frac, sizeof frac);
}

/* See reg_internal.h. */
void reg_now(char *out)
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    strftime(out, REG_TIME_BUF, "%Y-%m-%dT%H:%M:%S", &tm);
    int ms = (int)(ts.tv_nsec / 1000000);
    put_millis(out + 19, ms);
}

/* See reg_internal.h. */
int reg_date_field(const char *s, const char *field, char *out, reg_error *err)
{
    if (!s) {
        reg_today(out);
        return REG_OK;
    }
    if (!reg_date_valid(s))
        return reg_error_set(err, REG_EINVAL, "bad_date", field,
                             "日期格式应为YYYY-MM-DD且为真实日期",
                             "a date must be YYYY-MM-DD and a real calendar date");
    memcpy(out, s, REG_DATE_BUF);
    return REG_OK;
}

/* Parses the time after "YYYY-MM-DDT": HH:MM[:SS[.fff]] and a zone (Z or
 * +HH:MM / -HH:MM) into seconds of the day, milliseconds and the zone's
 * offset in seconds.  1 if well formed. */
static int parse_time(const char *s, int *secs, int *ms, int *offset)
{
    int h, mi, sec = 0;
    if (!read_digits(s, 2, &h) || s[2] != ':' || !read_digits(s + 3, 2, &mi) || h > 23 ||
        mi > 59)
        return 0;
    s += 5;
    *ms = 0;
    if (*s == ':') {
        if (!read_digits(s + 1, 2, &sec) || sec > 59)
            return 0;
        s += 3;
        if (*s == '.') {
            int n = 0;
            for (s++; *s >= '0' && *s <= '9'; s++, n++)
                if (n < 3)
                    *ms = *ms * 10 + (*s - '0');
            if (n == 0)
                return 0;
            for (; n < 3; n++)
                *ms *= 10;
        }
    }
    *secs = h * 3600 + mi * 60 + sec;
    if (strcmp(s, "Z") == 0) {
        *offset = 0;
        return 1;
    }
    int oh, om;
    if ((*s != '+' && *s != '-') || strlen(s) != 6 || !read_digits(s + 1, 2, &oh) ||
        s[3] != ':' || !read_digits(s + 4, 2, &om) || oh > 14 || om > 59)
        return 0;
    *offset = (*s == '-' ? -1 : 1) * (oh * 3600 + om * 60);
    return 1;
}

/* See reg_internal.h. */
int reg_time_normalize(const char *in, char *out)
{
    int y, m, d, secs = 0, ms = 0, offset = 0;
    if (!in || !parse_date(in, &y, &m, &d) || y < 1000)
        return 0;
    if (in[10] != '\0' && (in[10] != 'T' || !parse_time(in + 11, &secs, &ms, &offset)))
        return 0;
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d};
    time_t t = timegm(&tm) + secs - offset;
    if (!gmtime_r(&t, &tm))
        return 0;
    if (strftime(out, REG_TIME_BUF, "%Y-%m-%dT%H:%M:%S", &tm) != 19)
        return 0;
    put_millis(out + 19, ms);
    return 1;
}
