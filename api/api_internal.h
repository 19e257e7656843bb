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
#define API_CONN_MEMORY ((size_t)64 * 1024)    /* MHD's per-connection pool */
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

/* ---- the server -------------------------------------------------------- */

struct api_server {
    struct MHD_Daemon *daemon;
    unsigned long id;        /* unique in the process; tags thread-local state */
    char *db_path;           /* copies of the configuration's strings */
    char *base_url;          /* without a trailing '/'; NULL when not set */
    FILE *access_log;        /* not owned */
    unsigned short port;
    api_workers workers;
    uint64_t rid_key;        /* random key that scrambles request ids */
    atomic_uint_fast64_t rid_next;
    atomic_long in_flight;   /* requests between first callback and completion */
    atomic_int stopping;     /* 1 once api_server_stop has begun */
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
    char *param;              /* the {x} segment of the route, or NULL */
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

/* Queues body (a reference the call steals) as JSON with status, and an
 * optional extra header (hname NULL for none). */
enum MHD_Result api_reply_json(api_request *req, unsigned status, json_t *body,
                               const char *hname, const char *hvalue);

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

/* Queues 405 with the Allow header. */
enum MHD_Result api_reply_method_not_allowed(api_request *req, const char *allow);

/* The HTTP status for a reg_status. */
unsigned api_reply_status_for(int status);

/* Sets req->rid from a sane X-Request-Id header or a fresh 16-hex id. */
void api_reply_request_id(api_request *req);

/* ---- auth (api_auth.c) ------------------------------------------------- */

/* Checks the Bearer token against req->route->role.  Returns 0 with
 * req->actor and req->role set, or -1 after queueing 401, 403 or 500. */
int api_auth_require(api_request *req, reg_db *db);

/* ---- logging (api_log.c) ---------------------------------------------- */

/* Writes the request's access-log line and flushes. */
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

/* ---- handlers ---------------------------------------------------------- */

enum MHD_Result api_health_get(api_request *req, reg_db *db);      /* api_health.c */
enum MHD_Result api_units_get(api_request *req, reg_db *db);       /* api_units.c */
enum MHD_Result api_units_list(api_request *req, reg_db *db);
enum MHD_Result api_units_create(api_request *req, reg_db *db);
enum MHD_Result api_units_patch(api_request *req, reg_db *db);
enum MHD_Result api_locate_get(api_request *req, reg_db *db);      /* api_locate.c */
enum MHD_Result api_audit_list(api_request *req, reg_db *db);      /* api_audit.c */

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
