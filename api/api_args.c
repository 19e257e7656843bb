/* api_args.c: numeric query arguments. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "api_internal.h"

/* Queues 400 bad_parameter for name; returns -1. */
static int api_arg_bad(api_request *req, const char *name, const char *what)
{
    char en[160];
    snprintf(en, sizeof en, "Query parameter '%s' must be %s", name, what);
    api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_parameter", name, "查询参数取值无效", en);
    return -1;
}

/* See api_internal.h. */
int api_arg_long(api_request *req, const char *name, long min, long max, long dflt, long *out)
{
    const char *v = api_request_arg(req, name);
    if (!v) {
        *out = dflt;
        return 0;
    }
    char *end = NULL;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || *end || n < min || n > max || *v == ' ' || *v == '+')
        return api_arg_bad(req, name, "an integer in range");
    *out = n;
    return 0;
}

/* See api_internal.h. */
int api_arg_double(api_request *req, const char *name, double min, double max, double *out)
{
    const char *v = api_request_arg(req, name);
    *out = 0;
    if (!v)
        return 0;
    char *end = NULL;
    errno = 0;
    double d = strtod(v, &end);
    if (errno || end == v || *end || !isfinite(d) || d < min || d > max || *v == ' ')
        return api_arg_bad(req, name, "a number in range");
    *out = d;
    return 0;
}
