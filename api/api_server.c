/* api_server.c: the daemon - start, port, graceful stop. */
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "api_internal.h"

/* Ids that tag each server's thread-local registry connections. */
static atomic_ulong api_server_ids;

/* Formats a one-line reason into err (errlen bytes); err NULL writes
 * nothing. */
static void api_server_fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void api_server_fail(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* Frees a server that has no running daemon; NULL is a no-op. */
static void api_server_free(api_server *srv)
{
    if (!srv)
        return;
    api_workers_close(&srv->workers);
    api_access_log_close(srv->access_log);
    api_static_free(srv->web);
    free(srv->db_path);
    free(srv->base_url);
    free(srv);
}

/* Resolves host (a numeric address or a name; NULL is 127.0.0.1) and port
 * into *addr.  Sets *ipv6 for an IPv6 address.  Returns 0, or -1 with the
 * reason in err. */
static int api_server_address(const char *host, unsigned short port,
                              struct sockaddr_storage *addr, int *ipv6, char *err, size_t errlen)
{
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    const char *name = host && host[0] ? host : "127.0.0.1";
    int rc = getaddrinfo(name, NULL, &hints, &res);
    if (rc != 0) {
        api_server_fail(err, errlen, "cannot resolve '%s': %s", name, gai_strerror(rc));
        return -1;
    }
    memset(addr, 0, sizeof *addr);
    memcpy(addr, res->ai_addr, res->ai_addrlen);
    *ipv6 = res->ai_family == AF_INET6;
    if (*ipv6)
        ((struct sockaddr_in6 *)addr)->sin6_port = htons(port);
    else
        ((struct sockaddr_in *)addr)->sin_port = htons(port);
    freeaddrinfo(res);
    return 0;
}

/* Makes the server's state from cfg: copies of the strings (base_url
 * without trailing '/'), the log stream, a random request-id key.  NULL
 * when memory runs out. */
static api_server *api_server_new(const api_config *cfg)
{
    api_server *srv = calloc(1, sizeof *srv);
    if (!srv)
        return NULL;
    api_workers_init(&srv->workers);
    srv->id = atomic_fetch_add(&api_server_ids, 1) + 1;
    srv->db_path = strdup(cfg->db_path);
    srv->collections = cfg->collections;
    srv->ncollections = cfg->ncollections;
    if (!srv->collections)
        srv->collections = reg_collections(&srv->ncollections);
    if (cfg->base_url && cfg->base_url[0]) {
        size_t n = strlen(cfg->base_url);
        while (n > 0 && cfg->base_url[n - 1] == '/')
            n--;
        srv->base_url = strndup(cfg->base_url, n);
    }
    if (!srv->db_path || (cfg->base_url && cfg->base_url[0] && !srv->base_url) ||
        api_access_log_open(cfg->access_log ? cfg->access_log : stderr, &srv->access_log) != 0) {
        api_server_free(srv);
        return NULL;
    }
    if (getrandom(&srv->rid_key, sizeof srv->rid_key, 0) != (ssize_t)sizeof srv->rid_key)
        srv->rid_key = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
    atomic_init(&srv->rid_next, 0);
    atomic_init(&srv->in_flight, 0);
    atomic_init(&srv->stopping, 0);
    return srv;
}

/* Sets srv->base_url, when none was configured, to http://HOST:PORT of
 * the bound address (IPv6 in brackets; 127.0.0.1 without a host): the
 * prefix of the URLs plates carry (D4).  0, or -1 when memory runs out. */
static int api_server_default_base(api_server *srv, const char *host, int ipv6)
{
    const char *h = host && host[0] ? host : "127.0.0.1";
    size_t n = strlen(h) + 32;
    if (!(srv->base_url = malloc(n)))
        return -1;
    snprintf(srv->base_url, n, "http://%s%s%s:%u", ipv6 ? "[" : "", h, ipv6 ? "]" : "",
             srv->port);
    return 0;
}

/* Starts the server (see api.h).  The process must have called
 * reg_global_init() first.  Opens the registry once here so that a bad
 * path or a newer schema fails at start; each server thread then opens
 * its own connection on its first request.  MHD runs one epoll thread, or
 * a pool of cfg->threads; ITC is on so that api_server_stop can quiesce.
 * Collections given in cfg are checked here (the registry's own are
 * checked by its tests). */
int api_server_start(const api_config *cfg, api_server **out, char *err, size_t errlen)
{
    if (!cfg || !out || !cfg->db_path || !cfg->db_path[0]) {
        api_server_fail(err, errlen, "no configuration or no database path");
        return -1;
    }
    *out = NULL;
    reg_db *db = NULL;
    reg_error rerr;
    for (size_t i = 0; cfg->collections && i < cfg->ncollections; i++) {
        if (reg_collection_check(cfg->collections[i], &rerr) != REG_OK) {
            api_server_fail(err, errlen, "%s", rerr.message_en);
            return -1;
        }
    }
    if (reg_open(cfg->db_path, 0, &db, &rerr) != REG_OK) {
        api_server_fail(err, errlen, "%s", rerr.message_en);
        return -1;
    }
    reg_close(db);

    struct sockaddr_storage addr;
    int ipv6 = 0;
    if (api_server_address(cfg->host, cfg->port, &addr, &ipv6, err, errlen) != 0)
        return -1;
    api_server *srv = api_server_new(cfg);
    if (!srv) {
        api_server_fail(err, errlen, "out of memory");
        return -1;
    }
    if (cfg->web_dir && cfg->web_dir[0]) {
        char werr[256];
        if (api_static_load(cfg->web_dir, &srv->web, werr, sizeof werr) != 0) {
            api_server_fail(err, errlen, "web console: %s", werr);
            api_server_free(srv);
            return -1;
        }
    }
    unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
                         MHD_USE_ERROR_LOG | (ipv6 ? MHD_USE_IPv6 : 0);
    /* The logger comes first (MHD logs with its own before it is set); the
     * pool option comes last: with one thread it is replaced by the end
     * marker and its value is never read. */
    enum MHD_OPTION pool = cfg->threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END;
    srv->daemon = MHD_start_daemon(
        flags, cfg->port, NULL, NULL, api_request_access, srv,
        MHD_OPTION_EXTERNAL_LOGGER, (MHD_LogCallback)api_log_mhd, (void *)srv,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_CONNECTION_LIMIT,
        (unsigned int)(cfg->connection_limit ? cfg->connection_limit : API_DEFAULT_CONN_LIMIT),
        MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned int)(cfg->per_ip_limit ? cfg->per_ip_limit : API_DEFAULT_PER_IP_LIMIT),
        MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned int)(cfg->timeout_s ? cfg->timeout_s : API_DEFAULT_TIMEOUT_S),
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)API_CONN_MEMORY,
        MHD_OPTION_NOTIFY_COMPLETED, (MHD_RequestCompletedCallback)api_request_completed,
        (void *)srv,
        pool, (unsigned int)cfg->threads,
        MHD_OPTION_END);
    if (!srv->daemon) {
        api_server_fail(err, errlen, "cannot listen on %s port %u (in use or not available?)",
                        cfg->host && cfg->host[0] ? cfg->host : "127.0.0.1", cfg->port);
        api_server_free(srv);
        return -1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info ? info->port : cfg->port;
    if (!srv->base_url && api_server_default_base(srv, cfg->host, ipv6) != 0) {
        api_server_fail(err, errlen, "out of memory");
        api_server_stop(srv);
        return -1;
    }
    *out = srv;
    return 0;
}

/* The port bound, 0 for NULL. */
unsigned short api_server_port(const api_server *srv)
{
    return srv ? srv->port : 0;
}

/* The number of console files loaded, 0 for NULL or none. */
unsigned api_server_web_files(const api_server *srv)
{
    return srv && srv->web ? (unsigned)srv->web->count : 0;
}

/* 1 while requests are still being served: some connection is open and
 * some request is between its first callback and its completion.  Idle
 * keep-alive connections alone do not hold the stop back. */
static int api_server_busy(api_server *srv)
{
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
    return info && info->num_connections > 0 && atomic_load(&srv->in_flight) > 0;
}

/* Stops gracefully: quiesces (no new connections; responses from now on
 * close their connection), waits up to API_STOP_GRACE_MS for requests in
 * flight, stops MHD (its threads end, remaining requests are completed),
 * closes the listening socket and every thread's registry connection, and
 * frees the server.  NULL is a no-op. */
void api_server_stop(api_server *srv)
{
    if (!srv)
        return;
    atomic_store(&srv->stopping, 1);
    MHD_socket listen_fd = MHD_quiesce_daemon(srv->daemon);
    const struct timespec tick = {0, 10 * 1000 * 1000};
    for (long waited = 0; waited < API_STOP_GRACE_MS && api_server_busy(srv); waited += 10)
        nanosleep(&tick, NULL);
    MHD_stop_daemon(srv->daemon);
    if (listen_fd != MHD_INVALID_SOCKET)
        close(listen_fd);
    api_server_free(srv);
}
