/*
 * api_internal.h: what the api module's files share and nobody else sees.
 *
 * A request goes through:
 *   api_request_access (first call)  -> api_router_begin: route, auth, size
 *                                       (only if it announces a body)
 *   api_request_access (body chunks) -> api_buf_add into the request's body
 *   api_request_access (last call)   -> api_router_finish: the checks not
 *                                       made yet, then the handler
 *   api_request_completed            -> access-log line, request freed
 * Handlers answer through api_reply_*, which queue exactly one response.
 */
#ifndef DIMING_API_INTERNAL_H
#define DIMING_API_INTERNAL_H

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <time.h>

#include <jansson.h>
#include <microhttpd.h>

#include "api.h"
#include "reg_places.h"
#include "reg_boundaries.h"
#include "registry.h"

/* ---- capped growable buffer (api_buf.c) ------------------------------- */

/* A byte buffer that grows up to a hard cap and frees itself when an
 * append fails, so that a failed request holds no memory (the shape of
 * curl's dynbuf).  The bytes are always followed by a NUL. */
typedef struct api_buf {
    char *data;   /* NULL until the first append */
    size_t len;   /* bytes stored, not counting the NUL */
    size_t alloc; /* bytes allocated */
    size_t max;   /* most bytes it may ever hold */
} api_buf;

enum { API_BUF_OK = 0, API_BUF_ETOOBIG = -1, API_BUF_ENOMEM = -2 };

void api_buf_init(api_buf *b, size_t max);
int api_buf_add(api_buf *b, const void *data, size_t len);
void api_buf_free(api_buf *b);
const char *api_buf_ptr(const api_buf *b);
size_t api_buf_len(const api_buf *b);

/* ---- limits ------------------------------------------------------------ */

#define API_JSON_BODY_MAX ((size_t)1 << 20)   /* 1 MiB for JSON bodies */
#define API_FORM_BODY_MAX ((size_t)20 << 20)  /* 20 MiB for multipart uploads (photos) */
#define API_CONN_MEMORY ((size_t)16 * 1024)    /* MHD's per-connection pool: it is cleared
                                                  after every request; holds the headers */
#define API_DEFAULT_CONN_LIMIT 1024u
#define API_DEFAULT_PER_IP_LIMIT 256u
#define API_DEFAULT_TIMEOUT_S 30u
#define API_STOP_GRACE_MS 10000L               /* how long stop waits */
#define API_RID_MAX 64                         /* longest accepted X-Request-Id */

/* ---- per-thread registry connections (api_worker.c) -------------------- */

typedef struct api_worker api_worker;

/* Every connection the server's threads opened, closed at stop. */
typedef struct api_workers {
    pthread_mutex_t lock;
    api_worker *head;
} api_workers;

/* ---- the web console's files (api_static_load.c, api_static.c) ---------- */

/* One file of the console, loaded once at start and never changed until
 * the server stops (MHD sends the bytes without copying them). */
typedef struct api_static_file {
    char *path;           /* URL path, "/js/main.js" */
    const char *type;     /* Content-Type */
    const char *cache;    /* Cache-Control */
    unsigned char *data;  /* the file's bytes */
    size_t len;
    unsigned char *gz;    /* gzip of data; NULL when gzip does not pay */
    size_t gz_len;
    char etag[40];        /* "\"HEX\"": from a SHA-256 of data */
    char gz_etag[40];     /* "\"HEX-gz\"": the gzip representation's */
} api_static_file;

/* Every file of the console, sorted by path. */
typedef struct api_static {
    api_static_file *files;
    size_t count;
    size_t bytes;         /* sum of the files' sizes */
} api_static;

#define API_STATIC_MAX_FILES 4096u
#define API_STATIC_MAX_BYTES ((size_t)64 << 20)  /* 64 MiB in all */
#define API_STATIC_MAX_DEPTH 8                   /* directories below the root */
#define API_STATIC_PATH_MAX 512                  /* longest URL path of a file */

/* Loads every regular file below dir (names of [A-Za-z0-9._-] not starting
 * with '.'; dot-files and dot-directories are skipped) into *out.  Returns
 * 0, or -1 with a one-line reason in err (unreadable directory or file, a
 * name that cannot be served, more than the limits above, no memory). */
int api_static_load(const char *dir, api_static **out, char *err, size_t errlen);

/* The file served at path ("/" is "/index.html"), or NULL. */
const api_static_file *api_static_find(const api_static *st, const char *path);

/* Frees everything api_static_load made; NULL is a no-op. */
void api_static_free(api_static *st);

/* ---- the server -------------------------------------------------------- */

typedef struct api_access_log api_access_log;

struct api_server {
    struct MHD_Daemon *daemon;
    unsigned long id;        /* unique in the process; tags thread-local state */
    char *db_path;           /* copies of the configuration's strings */
    char *base_url;          /* without a trailing '/'; http://HOST:PORT when not configured */
    api_static *web;         /* the console's files; NULL when not served */
    api_access_log *access_log; /* the buffered access log */
    unsigned short port;
    api_workers workers;
    uint64_t rid_key;        /* random key that scrambles request ids */
    atomic_uint_fast64_t rid_next;
    atomic_long in_flight;   /* requests between first callback and completion */
    atomic_int stopping;     /* 1 once api_server_stop has begun */
    const reg_collection *const *collections; /* what the OGC routes serve */
    size_t ncollections;
};

/* ---- routes (api_router.c) -------------------------------------------- */

typedef struct api_request api_request;

/* A route's handler: answers with one api_reply_* call and returns what it
 * returned.  db is the calling thread's registry connection. */
typedef enum MHD_Result (*api_handler)(api_request *req, reg_db *db);

#define API_PUBLIC (-1) /* route role: no token needed */

typedef struct api_route {
    const char *method;  /* "GET" also answers HEAD */
    const char *pattern; /* "/api/v1/units/{code}": {x} matches one segment */
    api_handler handler;
    int role;            /* API_PUBLIC or the least reg_role allowed */
    size_t body_max;     /* 0: the route takes no body */
    int form;            /* 1: also takes multipart/form-data up to body_max; a JSON
                            body is then held to API_JSON_BODY_MAX */
} api_route;

/* A multipart/form-data body being parsed (api_form.c). */
typedef struct api_form api_form;

/* ---- a request (api_request.c) ---------------------------------------- */

struct api_request {
    api_server *srv;
    struct MHD_Connection *conn;
    const api_route *route;   /* NULL until routed */
    char method[16];          /* truncated copy, for the log */
    char *path;               /* copy of the URL path (no query) */
    char *param;              /* the first {x} segment of the route, or NULL */
    char *param2;             /* the second {x} segment, or NULL */
    char rid[API_RID_MAX + 1];
    struct timespec started;  /* CLOCK_MONOTONIC */
    api_buf body;
    int body_error;           /* API_BUF_OK, or why the body was dropped */
    api_form *form;           /* a multipart body's parts, or NULL */
    int queued;               /* a response was queued */
    enum MHD_Result queue_result;
    unsigned status;
    size_t resp_bytes;
    char actor[65];           /* the token's name, "" when anonymous */
    reg_role role;
};

/* The MHD access handler (MHD_AccessHandlerCallback); cls is the server. */
enum MHD_Result api_request_access(void *cls, struct MHD_Connection *conn, const char *url,
                                   const char *method, const char *version,
                                   const char *upload_data, size_t *upload_data_size,
                                   void **con_cls);

/* The MHD completion callback (MHD_RequestCompletedCallback). */
void api_request_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                           enum MHD_RequestTerminationCode toe);

/* A query argument, or NULL when absent. */
const char *api_request_arg(const api_request *req, const char *name);

/* A request header, or NULL when absent. */
const char *api_request_header(const api_request *req, const char *name);

/* Parses an optional boolean query argument ("1", "true", "0", "false";
 * absent gives dflt).  Returns 0, or -1 after queueing 400 bad_parameter. */
int api_arg_flag(api_request *req, const char *name, int dflt, int *out);

/* Reads the query argument name as a finite decimal number (api_locate.c).
 * Returns 0, or -1 after queueing 400 bad_coordinate naming the argument
 * when it is missing, empty or not a number. */
int api_arg_coord(api_request *req, const char *name, double *out);

/* Reads the optional query argument crs (gcj02, EPSG:4326, EPSG:4490; the
 * default is EPSG:4490).  Returns 0, or -1 after queueing 400 bad_crs. */
int api_arg_crs(api_request *req, geo_crs *out);

/* Parses the body as a JSON object (duplicate keys refused).  Returns a
 * new reference, or NULL after queueing a 400 (bad_json, body_not_object)
 * or 500. */
json_t *api_request_json_object(api_request *req);

/* As api_request_json_object, for len bytes of text (a form's part). */
json_t *api_json_object(api_request *req, const char *text, size_t len);

/* ---- multipart bodies (api_form.c) ------------------------------------ */

/* 1 if the request's Content-Type is multipart/form-data. */
int api_form_is_multipart(const api_request *req);

/* Starts parsing a multipart body with libmicrohttpd's post processor:
 * a part named "record" (a JSON object, at most API_JSON_BODY_MAX) and
 * parts named "photo" (files, each capped at REG_PHOTO_MAX, at most
 * REG_PHOTOS_PER_RECORD).  NULL when the body cannot be parsed (no
 * boundary) or memory runs out. */
api_form *api_form_new(api_request *req);

/* Feeds upload data to the parser.  Never fails: a problem is kept and
 * answered by api_form_check at the end. */
void api_form_feed(api_form *form, const char *data, size_t len);

/* At the end of the body: 0, or -1 after queueing the error kept (413
 * photo_too_large, 400 too_many_photos, unknown_field, bad_multipart). */
int api_form_check(api_request *req);

/* The record part (NUL-terminated; "" when none) and its length. */
const char *api_form_record(const api_form *form, size_t *len);

/* The photos received, as the registry takes them; *n is their number. */
const reg_photo_input *api_form_photos(const api_form *form, size_t *n);

/* Frees the parser and every part; NULL is a no-op. */
void api_form_free(api_form *form);

/* ---- JSON body members (api_body.c) ----------------------------------- */

/* Checks that every member of body is one of allowed (NULL-terminated).
 * Returns 0, or -1 after queueing 400 unknown_field naming the first
 * stranger. */
int api_body_only(api_request *req, json_t *body, const char *const *allowed);

/* Reads the optional string member key of body into *out (NULL when
 * absent).  Returns 0, or -1 after queueing 400 bad_field_type when the
 * member is there but is not a string. */
int api_body_string(api_request *req, json_t *body, const char *key, const char **out);

/* Reads the optional boolean member key into *out (-1 when absent).
 * Returns 0, or -1 after queueing 400 bad_field_type. */
int api_body_bool(api_request *req, json_t *body, const char *key, int *out);

/* Sets *out to the optional array member key (NULL when absent; borrowed)
 * of at most max items.  Returns 0, or -1 after queueing 400
 * bad_field_type. */
int api_body_array(api_request *req, json_t *body, const char *key, size_t max, json_t **out);

/* Reads a GeoJSON geometry object in the CRS of the query argument crs
 * (gcj02, EPSG:4326 or EPSG:4490, the default) into a new geometry in
 * EPSG:4490 (*geom, caller frees).  Returns 0, or -1 after queueing 400
 * bad_crs, bad_field_type, bad_geometry or coordinate_out_of_range. */
int api_body_geometry(api_request *req, reg_db *db, json_t *value, GEOSGeometry **geom);

/* ---- place-name requests (api_places_body.c) -------------------------- */

/* Reads the {id} of the path (1-15 digits, no leading zero) into *id.
 * Returns 0, or -1 after queueing 400 bad_id. */
int api_place_id(api_request *req, long long *id);

/* Reads a place's members of body into in (strings borrowed from body);
 * a geometry object becomes *geom (EPSG:4490, caller frees), null sets
 * *clear_geometry.  Returns 0, or -1 after queueing a 400. */
int api_place_input(api_request *req, reg_db *db, json_t *body, reg_place_input *in,
                    GEOSGeometry **geom, int *clear_geometry);

/* Reads "acknowledgements": [{key, note}] (at most 64) into a new array
 * *acks (caller frees; strings borrowed).  Returns 0, or -1 after
 * queueing a 400. */
int api_place_acks(api_request *req, json_t *body, reg_place_ack **acks, size_t *n);

/* Reads "documents": [{kind, reference, title, date}] (at most 16) into a
 * new array *docs (caller frees).  Returns 0, or -1 after queueing a 400. */
int api_place_docs(api_request *req, json_t *body, reg_place_doc **docs, size_t *n);

/* The URL of a place (base URL + path); NULL when memory runs out. */
char *api_place_location(const api_request *req, long long id);
/* Reads the optional number member key into *out, *present 1 when there.
 * Returns 0, or -1 after queueing 400 with code when it is there but not
 * a number. */
int api_body_number(api_request *req, json_t *body, const char *key, const char *code,
                    double *out, int *present);

/* Makes a Location header: the base URL (when set) + path + id.  NULL when
 * memory runs out; free() it (api_body.c). */
char *api_location(const api_request *req, const char *path, const char *id);

/* ---- query arguments (api_args.c) -------------------------------------- */

/* Reads the optional query argument name as a decimal integer in
 * [min, max] (absent gives dflt).  Returns 0, or -1 after queueing 400
 * bad_parameter. */
int api_arg_long(api_request *req, const char *name, long min, long max, long dflt, long *out);

/* Reads the optional query argument name as a finite number in [min, max]
 * (absent gives 0, the registry's "default").  0, or -1 after 400
 * bad_parameter. */
int api_arg_double(api_request *req, const char *name, double min, double max, double *out);

/* ---- router (api_router.c) -------------------------------------------- */

/* First call for a request.  When it announces a body: finds the route
 * (404/405), checks the token (401/403) and the announced size (413).
 * Returns MHD_YES to go on reading, or the result of the reply it queued. */
enum MHD_Result api_router_begin(api_request *req);

/* Last call: the body is complete.  Makes the checks not made yet,
 * refuses an overflowed body (413) and runs the route's handler. */
enum MHD_Result api_router_finish(api_request *req);

/* ---- replies (api_reply.c) -------------------------------------------- */

/* Queues body (len bytes, malloc'd; ownership passes to MHD even on
 * failure) with status and content type, Cache-Control cache ("no-store"
 * when NULL), X-Request-Id, nosniff, and up to two extra headers (a NULL
 * name is skipped).  Records status and size for the access log. */
enum MHD_Result api_reply_full(api_request *req, unsigned status, const char *ctype, char *body,
                               size_t len, const char *cache, const char *h1, const char *v1,
                               const char *h2, const char *v2);

/* Queues body (a reference the call steals) as JSON of media type ctype
 * with status, and an optional extra header (hname NULL for none). */
enum MHD_Result api_reply_json_as(api_request *req, unsigned status, json_t *body,
                                  const char *ctype, const char *hname, const char *hvalue);

/* api_reply_json_as with application/json. */
enum MHD_Result api_reply_json(api_request *req, unsigned status, json_t *body,
                               const char *hname, const char *hvalue);

/* Queues JSON text (len bytes, malloc'd; taken even on failure). */
enum MHD_Result api_reply_json_text(api_request *req, unsigned status, char *json, size_t len);

/* Queues a page of HTML (len bytes, malloc'd; taken even on failure). */
enum MHD_Result api_reply_html(api_request *req, unsigned status, char *html, size_t len);

/* Queues a registry error with the members of detail (an object, may be
 * NULL, not taken) added to the error object (refusals that list the
 * allowed actions, the findings or the missing documents). */
enum MHD_Result api_reply_reg_error_detail(api_request *req, const reg_error *err,
                                           const json_t *detail);
/* Queues len bytes of data (malloc'd; MHD frees it, also on failure) with
 * status, Content-Type ctype, the common headers, Cache-Control no-store
 * and an optional extra header. */
enum MHD_Result api_reply_body(api_request *req, unsigned status, const char *ctype, char *data,
                               size_t len, const char *hname, const char *hvalue);

/* Queues the len bytes of the open file fd (MHD closes it, also on
 * failure) as 200 with Content-Type ctype, Cache-Control cache and an
 * optional extra header. */
enum MHD_Result api_reply_file(api_request *req, int fd, size_t len, const char *ctype,
                               const char *cache, const char *hname, const char *hvalue);

/* Queues the error of the api's own table with that code; field may be
 * NULL.  An unknown code is answered as internal_error. */
enum MHD_Result api_reply_error(api_request *req, const char *code, const char *field);

/* Queues an error with explicit status and messages. */
enum MHD_Result api_reply_error_msg(api_request *req, unsigned status, const char *code,
                                    const char *field, const char *message_zh,
                                    const char *message_en);

/* Queues a registry error with the HTTP status its reg_status maps to;
 * anything that maps to 500 is logged and answered generically. */
enum MHD_Result api_reply_reg_error(api_request *req, const reg_error *err);

/* Logs what (printf format) and queues a generic 500 internal_error. */
enum MHD_Result api_reply_internal(api_request *req, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Adds the common headers (Content-Type ctype, X-Request-Id, Cache-Control
 * cache or "no-store", nosniff, WWW-Authenticate on 401, Connection: close
 * when stopping) and up to two extra ones (a NULL name is skipped) to
 * resp, queues it with status and destroys our reference.  Records status
 * and size in req for the access log.  Returns MHD's result, MHD_NO when
 * it cannot be queued.  The caller makes sure nothing was queued before. */
enum MHD_Result api_reply_queue_response(api_request *req, unsigned status,
                                         struct MHD_Response *resp, size_t len, const char *ctype,
                                         const char *cache, const char *h1, const char *v1,
                                         const char *h2, const char *v2);

/* Queues 405 with the Allow header. */
enum MHD_Result api_reply_method_not_allowed(api_request *req, const char *allow);

/* The HTTP status for a reg_status. */
unsigned api_reply_status_for(int status);

/* Sets req->rid from a sane X-Request-Id header or a fresh 16-hex id. */
void api_reply_request_id(api_request *req);

/* ---- doorplates (api_links.c, api_resolve*.c, api_doorplates*.c) -------- */

/* Links that open a point in map apps. */
typedef struct api_map_links {
    char amap[1024], baidu[2048], tencent[2048], geo[512];
    double gcj_lon, gcj_lat; /* the point in GCJ-02 */
} api_map_links;

/* Writes v (|v| < 1e6) with six decimals into out (at least 24 bytes),
 * rounded half away from zero. */
void api_deg6(double v, char *out);

/* Makes the links for (lon, lat) (EPSG:4490) labelled name, with address
 * as the longer text where an app shows one.  0, or -1 for NULLs or a
 * point out of range. */
int api_map_links_make(double lon, double lat, const char *name, const char *address,
                       api_map_links *out);

/* The plate's JSON for clients as text (malloc'd, *len bytes): the
 * view's members (reg_plate_view_write) with "url" (the QR's URL), "page"
 * (the resolver page) and "links" (map apps).  NULL when memory runs out
 * or the point is out of range. */
char *api_plate_text(const api_request *req, const reg_plate_view *v, size_t *len);
#define API_PLATE_JSON_MAX ((size_t)64 * 1024)

/* The same as a jansson tree, for answers that hold plates.  NULL when
 * memory runs out. */
json_t *api_plate_json(const api_request *req, const reg_plate_view *v);

/* The resident's page of a plate (api_resolve_page.c): a new HTML
 * document (malloc'd, *len bytes), NULL when memory runs out. */
char *api_page_plate(const reg_plate_view *v, const api_map_links *l, size_t *len);

/* A page with a title, a message, the code read (may be NULL) and a link
 * (may be NULL); as api_page_plate. */
char *api_page_message(const char *title, const char *text, const char *code,
                       const char *link, const char *link_text, size_t *len);

/* 1 if the client asks for JSON (Accept names application/json). */
int api_wants_json(const api_request *req);

/* ---- auth (api_auth.c) ------------------------------------------------- */

/* Checks the Bearer token against req->route->role.  Returns 0 with
 * req->actor and req->role set, or -1 after queueing 401, 403 or 500. */
int api_auth_require(api_request *req, reg_db *db);

/* ---- logging (api_access_log.c, api_log.c) ----------------------------- */

/* Starts the buffered access log on out (not owned): a flusher thread
 * writes the lines at least every 200 ms.  0, or -1 when no thread or
 * memory could be had. */
int api_access_log_open(FILE *out, api_access_log **logp);

/* Writes what is buffered, stops the flusher and frees log; NULL is a
 * no-op.  Only once no request can log any more. */
void api_access_log_close(api_access_log *log);

/* Adds the request's access-log line to the server's buffer. */
void api_log_access(const api_request *req);

/* Writes "TIME error rid=RID: MESSAGE" to stderr. */
void api_log_error(const char *rid, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* MHD's error logger (MHD_LogCallback): "TIME mhd: MESSAGE" on stderr. */
void api_log_mhd(void *cls, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* ---- per-thread registry (api_worker.c) -------------------------------- */

void api_workers_init(api_workers *w);

/* The calling thread's registry connection for srv, opened on first use
 * and registered in srv->workers.  NULL (reason in err) if it cannot open. */
reg_db *api_worker_db(api_server *srv, reg_error *err);

/* Closes every registered connection; call after the threads have ended. */
void api_workers_close(api_workers *w);

/* ---- media types -------------------------------------------------------- */

#define API_CTYPE_JSON "application/json; charset=utf-8"
#define API_CTYPE_GEOJSON "application/geo+json; charset=utf-8"
#define API_CTYPE_OPENAPI "application/vnd.oai.openapi+json;version=3.0"
#define API_CTYPE_HTML "text/html; charset=utf-8"

/* Queues the bytes of body (taken; body is left empty) as ctype with
 * status and an optional extra header (api_reply.c). */
enum MHD_Result api_reply_buf(api_request *req, unsigned status, api_buf *body,
                              const char *ctype, const char *hname, const char *hvalue);

/* ---- OGC API - Features (api_ogc_*.c) ----------------------------------- */

#define API_OGC_CRS84 "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
#define API_OGC_CRS4490 "http://www.opengis.net/def/crs/EPSG/0/4490"
#define API_OGC_LIMIT_DEFAULT 10
#define API_OGC_LIMIT_MAX 10000
#define API_OGC_OFFSET_MAX 1000000000L
#define API_OGC_RESPONSE_MAX ((size_t)64 << 20) /* bytes of one response */
#define API_OGC_URL_MAX ((size_t)8192)          /* bytes of one link */

/* The CRSs the OGC routes speak: CRS84 (lon/lat, the default) and
 * EPSG:4490 by reference, whose axis order is lat/lon. */
typedef enum api_ogc_crs { API_OGC_CRS_CRS84 = 0, API_OGC_CRS_4490 } api_ogc_crs;

/* The URI of a CRS. */
const char *api_ogc_crs_uri(api_ogc_crs crs);

/* Query parameters (api_ogc_params.c).  Each returns 0, or -1 after
 * queueing a 400 with a stable code. */

/* Sets *html from ?f=html|json, else from Accept: HTML when the client
 * prefers text/html to any JSON type (bad_format). */
int api_ogc_format(api_request *req, int *html);

/* Refuses a query parameter the route does not define (unknown_parameter):
 * f and crs everywhere; on items (c not NULL, items 1) also bbox,
 * bbox-crs, limit, offset, datetime where c has time, and c's properties;
 * on a feature (items 0) only f and crs; without c only f. */
int api_ogc_only_params(api_request *req, const reg_collection *c, int items);

/* Reads the CRS parameter name (crs, bbox-crs) into *out; absent is CRS84
 * (bad_crs). */
int api_ogc_crs_param(api_request *req, const char *name, api_ogc_crs *out);

/* Reads limit (default 10; above 10,000 is 10,000, as the standard asks)
 * and offset (default 0) into q (bad_limit, bad_offset). */
int api_ogc_paging(api_request *req, reg_feature_query *q);

/* Reads bbox (4 or 6 numbers, in bbox-crs axis order) into q as lon/lat
 * (bad_bbox, bad_crs). */
int api_ogc_bbox_param(api_request *req, reg_feature_query *q);

/* Reads datetime (an instant or an interval "a/b" with ".." or "" for an
 * open end; RFC 3339 dates or date-times, a date-time taken as the date
 * it is in China, UTC+8, the unit of the registry's validity dates) into
 * q, the dates written into from and to (bad_datetime). */
int api_ogc_datetime_param(api_request *req, char from[11], char to[11],
                           reg_feature_query *q);

/* Sets q->filters from the query parameters named like c's properties. */
void api_ogc_filter_params(api_request *req, const reg_collection *c, reg_feature_query *q);

/* Links (api_ogc_links.c). */

/* Writes the public URL of path (below /ogc, e.g. "/collections") with
 * an optional query (without '?') into out: the server's base URL, else
 * http:// and the request's Host when sane, else the bound address.
 * 0, or -1 when it does not fit API_OGC_URL_MAX or memory runs out. */
int api_ogc_url(const api_request *req, api_buf *out, const char *path, const char *query);

/* A new link object {href, rel, type, title} to path and query (see
 * api_ogc_url); title may be NULL.  NULL on failure. */
json_t *api_ogc_link(const api_request *req, const char *path, const char *query,
                     const char *rel, const char *type, const char *title);

/* Appends s percent-encoded (unreserved characters and ",:/" kept); 0 or
 * -1. */
int api_ogc_encode(api_buf *b, const char *s);

/* Writes the request's query parameters, percent-encoded, without f and
 * offset, then "offset=N" when offset >= 0, then "f=F" into out.  0 or -1. */
int api_ogc_query(const api_request *req, api_buf *out, long offset, const char *f);

/* Documents (api_ogc_collections.c, api_ogc_feature.c). */

/* The collection with the path's {collectionId}, or NULL after queueing
 * 404 collection_not_found. */
const reg_collection *api_ogc_find(api_request *req);

/* The description of collection c: id, title, description, itemType,
 * extent from the data, crs, storageCrs, links.  NULL on failure (err
 * filled for a registry failure). */
json_t *api_ogc_collection_json(api_request *req, reg_db *db, const reg_collection *c,
                                reg_error *err);

/* A GeoJSON Feature {type, id, geometry, properties} for f, coordinates
 * in crs (axis order swapped for EPSG:4490) to 7 decimals; geometry left
 * out when with_geometry is 0 (HTML pages).  NULL on failure. */
json_t *api_ogc_feature_json(reg_db *db, const reg_collection *c, const reg_feature *f,
                             api_ogc_crs crs, int with_geometry);

/* HTML writing (api_ogc_html.c): a capped page buffer whose first error
 * sticks (every later write is skipped), so that a page is written
 * straight through and checked once at the end. */
typedef struct api_html {
    api_buf buf;
    int err; /* API_BUF_OK, or the first api_buf error */
} api_html;

/* Starts a page of at most API_OGC_RESPONSE_MAX bytes: the head (title
 * escaped) up to the opening of <main>. */
void api_html_begin(api_html *h, const char *title);

/* Closes the page. */
void api_html_end(api_html *h);

/* Appends literal markup. */
void api_html_raw(api_html *h, const char *s);

/* Appends s with &, <, >, " and ' escaped. */
void api_html_text(api_html *h, const char *s);

/* Appends a JSON value as escaped text: strings as they are, null as "",
 * others as compact JSON. */
void api_html_value(api_html *h, const json_t *v);

/* Appends <a href="HREF">TEXT</a>, both escaped. */
void api_html_link(api_html *h, const char *href, const char *text);

/* Appends the links of doc["links"] as a list (title, else rel). */
void api_html_links(api_html *h, const json_t *doc);

/* Renders a document as an HTML page (api_ogc_html_pages.c). */
typedef void (*api_ogc_page_fn)(api_html *h, const json_t *doc);

void api_ogc_page_landing(api_html *h, const json_t *doc);
void api_ogc_page_conformance(api_html *h, const json_t *doc);
void api_ogc_page_api(api_html *h, const json_t *doc);
void api_ogc_page_collections(api_html *h, const json_t *doc);
void api_ogc_page_collection(api_html *h, const json_t *doc);
void api_ogc_page_items(api_html *h, const json_t *doc);
void api_ogc_page_item(api_html *h, const json_t *doc);

/* Replies (api_ogc_reply.c). */

/* Queues doc (a reference the call steals) with status 200: as JSON of
 * ctype, or with html through page (a page past API_OGC_RESPONSE_MAX is
 * 400 response_too_large).  content_crs (may be NULL) is sent as the
 * Content-Crs header. */
enum MHD_Result api_ogc_reply(api_request *req, json_t *doc, int html, const char *ctype,
                              api_ogc_page_fn page, const char *content_crs);

/* ---- handlers ---------------------------------------------------------- */

enum MHD_Result api_health_get(api_request *req, reg_db *db);      /* api_health.c */
enum MHD_Result api_units_get(api_request *req, reg_db *db);       /* api_units.c */
enum MHD_Result api_units_list(api_request *req, reg_db *db);
enum MHD_Result api_units_create(api_request *req, reg_db *db);
enum MHD_Result api_units_patch(api_request *req, reg_db *db);
enum MHD_Result api_locate_get(api_request *req, reg_db *db);      /* api_locate.c */
enum MHD_Result api_audit_list(api_request *req, reg_db *db);      /* api_audit.c */
enum MHD_Result api_whoami_get(api_request *req, reg_db *db);      /* api_whoami.c */
enum MHD_Result api_static_get(api_request *req, reg_db *db);      /* api_static.c */
enum MHD_Result api_ogc_landing(api_request *req, reg_db *db);     /* api_ogc_landing.c */
enum MHD_Result api_ogc_conformance(api_request *req, reg_db *db);
enum MHD_Result api_ogc_openapi(api_request *req, reg_db *db);     /* api_ogc_openapi.c */
enum MHD_Result api_ogc_collections(api_request *req, reg_db *db); /* api_ogc_collections.c */
enum MHD_Result api_ogc_collection(api_request *req, reg_db *db);
enum MHD_Result api_ogc_items(api_request *req, reg_db *db);       /* api_ogc_items.c */
enum MHD_Result api_ogc_item(api_request *req, reg_db *db);
enum MHD_Result api_resolve(api_request *req, reg_db *db);         /* api_resolve.c */
enum MHD_Result api_doorplates_get(api_request *req, reg_db *db);  /* api_doorplates.c */
enum MHD_Result api_doorplates_list(api_request *req, reg_db *db);
enum MHD_Result api_doorplates_propose(api_request *req, reg_db *db);
enum MHD_Result api_doorplates_create(api_request *req, reg_db *db);
enum MHD_Result api_doorplates_patch(api_request *req, reg_db *db);
enum MHD_Result api_doorplates_replace(api_request *req, reg_db *db);
enum MHD_Result api_doorplates_problems(api_request *req, reg_db *db);
enum MHD_Result api_doorplates_qr_png(api_request *req, reg_db *db); /* api_plate_images.c */
enum MHD_Result api_doorplates_qr_svg(api_request *req, reg_db *db);
enum MHD_Result api_doorplates_plate_svg(api_request *req, reg_db *db);
enum MHD_Result api_numbering_get(api_request *req, reg_db *db);   /* api_numbering.c */
enum MHD_Result api_numbering_put(api_request *req, reg_db *db);
enum MHD_Result api_reverse_get(api_request *req, reg_db *db);     /* api_reverse.c */
enum MHD_Result api_places_create(api_request *req, reg_db *db);   /* api_places.c */
enum MHD_Result api_places_patch(api_request *req, reg_db *db);
enum MHD_Result api_places_get(api_request *req, reg_db *db);
enum MHD_Result api_places_history(api_request *req, reg_db *db);
enum MHD_Result api_places_transition(api_request *req, reg_db *db); /* api_places_flow.c */
enum MHD_Result api_places_search(api_request *req, reg_db *db);   /* api_places_search.c */
enum MHD_Result api_places_autocomplete(api_request *req, reg_db *db);
enum MHD_Result api_places_check(api_request *req, reg_db *db);
enum MHD_Result api_places_categories(api_request *req, reg_db *db);
enum MHD_Result api_streets_list(api_request *req, reg_db *db);
enum MHD_Result api_places_overdue(api_request *req, reg_db *db);  /* api_places_announce.c */
enum MHD_Result api_places_announcement(api_request *req, reg_db *db);
enum MHD_Result api_places_announcements(api_request *req, reg_db *db);

enum MHD_Result api_lines_list(api_request *req, reg_db *db);      /* api_boundaries.c */
enum MHD_Result api_lines_get(api_request *req, reg_db *db);
enum MHD_Result api_markers_get(api_request *req, reg_db *db);
enum MHD_Result api_inspections_post(api_request *req, reg_db *db); /* api_inspections.c */
enum MHD_Result api_photos_get(api_request *req, reg_db *db);     /* api_photos.c */
enum MHD_Result api_rounds_list(api_request *req, reg_db *db);    /* api_rounds.c */
enum MHD_Result api_rounds_get(api_request *req, reg_db *db);
enum MHD_Result api_rounds_create(api_request *req, reg_db *db);
enum MHD_Result api_rounds_patch(api_request *req, reg_db *db);
enum MHD_Result api_rounds_report(api_request *req, reg_db *db);  /* api_reports.c */

/* Parses the round number {n} of the path (1-100000).  0, or -1 after
 * queueing 400 bad_round (api_rounds.c). */
int api_path_round(api_request *req, int *out);
enum MHD_Result api_checks_get(api_request *req, reg_db *db);

/* 1 if s is a division code: 2, 4, 6, 9 or 12 ASCII digits (api_units.c). */
int api_code_ok(const char *s);

#endif
