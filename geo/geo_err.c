/*
 * geo_err.c: writing one-line reasons into caller buffers.
 */
#include <stdarg.h>
#include <stdio.h>

#include "geo_internal.h"

/* Formats fmt into err, truncating to errlen - 1 bytes plus the terminator.
 * err NULL or errlen 0: nothing is written. */
void geo_err_set(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    if (err == NULL || errlen == 0 || fmt == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}
