/*
 * api: diming's HTTP server (libmicrohttpd).
 *
 * What it promises:
 *  - Serves the registry's public API under /api/v1 and /healthz, JSON in
 *    UTF-8 (photos and reports in their own types); every error is
 *    {"error":{"code","message_zh","message_en"}} with the matching HTTP
 *    status; every response carries X-Request-Id; one access-log line per
 *    request.
 *  - Reads need no token (boundary checks and reports need staff); writes
 *    need "Authorization: Bearer TOKEN" of a role allowed for the route (401
 *    without a valid token, 403 otherwise).
 *  - Limits: request bodies (1 MiB for JSON, 20 MiB for multipart uploads
 *    of photos, refused with 413 from Content-Length before the body is
 *    read), connections in all and per IP, and an idle timeout.
 *  - Each server thread opens its own registry connection (and so its own
 *    GEOS and PROJ handles) on first use; they are closed at stop.
 *  - api_server_stop stops accepting, lets in-flight requests finish (up to
 *    a grace period) and closes every connection to the database.
 */
#ifndef DIMING_API_H
#define DIMING_API_H

#include <stdio.h>

typedef struct api_config {
    const char *db_path;       /* registry file; must exist */
    const char *host;          /* address to bind, e.g. "127.0.0.1" */
    unsigned short port;       /* 0 picks a free port */
    const char *base_url;      /* public URL prefix, e.g. "https://dm.example.cn"; may be NULL */
    unsigned threads;          /* 0 or 1: one epoll thread; n > 1: a pool of n */
    unsigned connection_limit; /* 0: default 1024 */
    unsigned per_ip_limit;     /* 0: default 256 */
    unsigned timeout_s;        /* idle timeout; 0: default 30 */
    FILE *access_log;          /* where access-log lines go; NULL: stderr */
} api_config;

typedef struct api_server api_server;

/* Starts serving.  Checks that the database opens (so a bad path fails
 * here, with the reason in err), binds, and starts the threads.  Returns 0
 * and sets *out, or -1 with a one-line reason in err.  The process must
 * have called reg_global_init() before (the CLI does); the server never
 * calls it nor reg_global_shutdown(). */
int api_server_start(const api_config *cfg, api_server **out, char *err, size_t errlen);

/* The port actually bound (useful with port 0). */
unsigned short api_server_port(const api_server *srv);

/* Stops gracefully (see above) and frees the server; NULL is a no-op. */
void api_server_stop(api_server *srv);

#endif
