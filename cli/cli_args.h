/*
 * Small argument helpers shared by subcommands: numbers and host:port.
 */
#ifndef DIMING_CLI_ARGS_H
#define DIMING_CLI_ARGS_H

#include <stddef.h>

/* Parses a decimal unsigned integer in [min, max]; 0 on success, -1 otherwise. */
int cli_parse_uint(const char *text, unsigned long min, unsigned long max, unsigned long *out);

/* Splits "HOST:PORT" (HOST may be empty for all addresses, or "[v6]") into
 * host (host_len bytes) and port.  0 on success, -1 on malformed text. */
int cli_parse_listen(const char *text, char *host, size_t host_len, unsigned short *port);

/* Returns the value of an option that takes one (argv[*i] is the option),
 * advancing *i, or NULL when it is missing. */
const char *cli_option_value(int argc, char **argv, int *i);

#endif
