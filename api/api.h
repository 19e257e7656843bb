/*
 * api: diming's HTTP server (libmicrohttpd).
 *
 * What it promises:
 *  - Serves the registry's public API under /api/v1 and /healthz, JSON in
 *    UTF-8 (photos, pages and reports in their own types), and OGC API -
 *    Features (Part 1 Core, GeoJSON, HTML, OpenAPI 3.0; Part 2 CRS by
 *    reference: CRS84 and EPSG:4490) under /ogc; every error is
 *    {"error":{"code","message_zh","message_en"}} with the matching HTTP
 *    status; every response carries X-Request-Id; one access-log line per
 *    request.
 *  - Reads need no token (boundary checks and reports need staff); writes
 *    need "Authorization: Bearer TOKEN" of a role allowed for the route (401
 *    without a valid token, 403 otherwise).
 *  - Limits: request bodies (1 MiB for JSON, 20 MiB for multipart uploads
 *    of photos, refused with 413 from Content-Length before the body is
 *    read), connections in all and per IP, and an idle timeout.
 *  - With a web directory, serves its files (the web console) at every
 *    path no API route claims, from memory (loaded once at start), with
 *    ETags, 304s and gzip; "/" is its index.html.
 *  - Each server thread opens its own registry connection (and so its own
 *    GEOS and PROJ handles) on first use; they are closed at stop.
 *  - api_server_stop stops accepting, lets in-flight requests finish (up to
 *    a grace period) and closes every connection to the database.
 */
#ifndef DIMING_API_H
#define DIMING_API_H

#include <stddef.h>
#include <stdio.h>

struct reg_collection;
#include "qr.h"
#include "reg_doorplates.h"

typedef struct api_config {
    const char *db_path;       /* registry file; must exist */
    const char *host;          /* address to bind, e.g. "127.0.0.1" */
    unsigned short port;       /* 0 picks a free port */
    const char *base_url;      /* public URL prefix, e.g. "https://dm.example.cn"; NULL:
                                  http://HOST:PORT of the bound address */
    unsigned threads;          /* 0 or 1: one epoll thread; n > 1: a pool of n */
    unsigned connection_limit; /* 0: default 1024 */
    unsigned per_ip_limit;     /* 0: default 256 */
    unsigned timeout_s;        /* idle timeout; 0: default 30 */
    FILE *access_log;          /* where access-log lines go (written at least every
                                  200 ms and at stop); NULL: stderr */
    const char *web_dir;       /* the web console's directory; NULL: none served */
    const struct reg_collection *const *collections; /* OGC collections; NULL: the registry's */
    size_t ncollections;
} api_config;

typedef struct api_server api_server;

/* Starts serving.  Checks that the database opens (so a bad path fails
 * here, with the reason in err), loads the web directory when one is
 * given (a failure to read it fails the start), binds, and starts the threads.  Returns 0
 * and sets *out, or -1 with a one-line reason in err.  The process must
 * have called reg_global_init() before (the CLI does); the server never
 * calls it nor reg_global_shutdown(). */
int api_server_start(const api_config *cfg, api_server **out, char *err, size_t errlen);

/* The port actually bound (useful with port 0). */
unsigned short api_server_port(const api_server *srv);

/* The number of console files served (0 for none or NULL). */
unsigned api_server_web_files(const api_server *srv);

/* Stops gracefully (see above) and frees the server; NULL is a no-op. */
void api_server_stop(api_server *srv);

/* ---- plates (api_plate.c), shared with the batch renderer -------------- */

/* The URL a plate's QR carries (D4): base (without a trailing '/') +
 * "/p/" + code.  When base is only scheme://host[:port] the whole URL is
 * written in upper case with "/P/" (schemes and hosts ignore case and the
 * server answers /P/ as /p/), so that the QR encodes it in alphanumeric
 * mode: a smaller symbol, easier to read from a dirty plate.  0, or -1
 * when out (outlen bytes) is too small or an argument is NULL. */
int api_plate_url(const char *base, const char *code, char *out, size_t outlen);

/* Room for the texts api_plate_make writes. */
#define API_PLATE_TEXT_BUF 512

/* Fills p to draw the plate of v (D5) at size with the QR at level,
 * carrying url: a door plate shows its street and pinyin and the number;
 * a building, entrance or room plate shows the address above it (会师南路
 * 12号, ...3号楼) and its own number; the upper line is the township and
 * village.  Texts point into buf (API_PLATE_TEXT_BUF bytes) and url.
 * 0, or -1 for an unknown kind or NULL arguments. */
int api_plate_make(const reg_plate_view *v, const char *url, qr_plate_size size, qr_level level,
                   qr_plate *p, char *buf, size_t buflen);

#endif
