/* Argument helpers: bounded number parsing and HOST:PORT splitting. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli_args.h"

/* See cli_args.h. */
int cli_parse_uint(const char *text, unsigned long min, unsigned long max, unsigned long *out)
{
    if (!text || !*text || !out || text[0] == '-' || text[0] == '+')
        return -1;
    char *end = NULL;
    errno = 0;
    unsigned long v = strtoul(text, &end, 10);
    if (errno || *end || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

/* See cli_args.h. */
int cli_parse_listen(const char *text, char *host, size_t host_len, unsigned short *port)
{
    if (!text || !host || !port || host_len == 0)
        return -1;
    const char *colon = strrchr(text, ':');
    if (!colon)
        return -1;
    const char *h = text;
    size_t hlen = (size_t)(colon - text);
    if (hlen >= 2 && h[0] == '[' && h[hlen - 1] == ']') {
        h++;
        hlen -= 2;
    }
    if (hlen >= host_len)
        return -1;
    unsigned long p;
    if (cli_parse_uint(colon + 1, 0, 65535, &p) != 0)
        return -1;
    memcpy(host, h, hlen);
    host[hlen] = '\0';
    *port = (unsigned short)p;
    return 0;
}

/* See cli_args.h. */
const char *cli_option_value(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc)
        return NULL;
    (*i)++;
    return argv[*i];
}
