/* `diming serve`: serve the registry over HTTP until SIGINT or SIGTERM. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api.h"
#include "cli.h"
#include "cli_args.h"

static const char serve_help[] =
    "usage: diming [--db PATH] serve [--listen HOST:PORT] [--base-url URL] [--threads N]\n"
    "                                [--web DIR | --no-web]\n"
    "\n"
    "Serves the registry's HTTP API.  Port 0 picks a free port; the line\n"
    "'listening on http://HOST:PORT' is printed once the port is bound.\n"
    "SIGINT or SIGTERM stops it gracefully: requests in flight finish and the\n"
    "database is closed cleanly.\n"
    "\n"
    "  --listen HOST:PORT  address to bind (default 127.0.0.1:8080)\n"
    "  --base-url URL      public URL prefix printed in links and QR codes\n"
    "                      (default http://HOST:PORT)\n"
    "  --threads N         1: one epoll thread; N > 1: a pool of N (default: one\n"
    "                      a core, at most 8)\n"
    "  --web DIR           serve the web console from DIR at / (default: $DIMING_WEB,\n"
    "                      else " DIMING_WEB_DIR " when it holds index.html)\n"
    "  --no-web            serve the API only\n"
    "\n"
    "One access-log line per request goes to stderr.\n";

/* The web directory to serve: the one given, else $DIMING_WEB, else the
 * built-in DIMING_WEB_DIR when it holds index.html; NULL for none. */
static const char *serve_web_dir(const char *given, int no_web)
{
    if (no_web)
        return NULL;
    if (given)
        return given;
    const char *env = getenv("DIMING_WEB");
    if (env && env[0])
        return env;
    return access(DIMING_WEB_DIR "/index.html", R_OK) == 0 ? DIMING_WEB_DIR : NULL;
}

/* Runs `serve`.  Blocks SIGINT/SIGTERM before the server's threads start
 * (so they inherit the mask) and waits for one of them with sigwait. */
int cli_cmd_serve(const cli_env *env, int argc, char **argv)
{
    char host[256] = "127.0.0.1";
    unsigned short port = 8080;
    const char *base_url = NULL;
    long cores = sysconf(_SC_NPROCESSORS_ONLN); /* the default: a thread a core */
    unsigned long threads = cores < 1 ? 1 : cores > 8 ? 8 : (unsigned long)cores;
    const char *web = NULL;
    int no_web = 0;
    for (int i = 1; i < argc; i++) {
        const char *v;
        if (cli_is_help(argv[i])) {
            fputs(serve_help, stdout);
            return CLI_OK;
        } else if (strcmp(argv[i], "--listen") == 0) {
            if (!(v = cli_option_value(argc, argv, &i)) ||
                cli_parse_listen(v, host, sizeof host, &port) != 0)
                return cli_usage_error("serve", "--listen needs HOST:PORT");
        } else if (strcmp(argv[i], "--base-url") == 0) {
            if (!(v = cli_option_value(argc, argv, &i)) ||
                (strncmp(v, "http://", 7) != 0 && strncmp(v, "https://", 8) != 0))
                return cli_usage_error("serve", "--base-url needs an http:// or https:// URL");
            base_url = v;
        } else if (strcmp(argv[i], "--threads") == 0) {
            if (!(v = cli_option_value(argc, argv, &i)) ||
                cli_parse_uint(v, 1, 64, &threads) != 0)
                return cli_usage_error("serve", "--threads needs a number from 1 to 64");
        } else if (strcmp(argv[i], "--web") == 0) {
            if (!(web = cli_option_value(argc, argv, &i)) || !web[0])
                return cli_usage_error("serve", "--web needs a directory");
        } else if (strcmp(argv[i], "--no-web") == 0) {
            no_web = 1;
        } else {
            return cli_usage_error("serve", "unknown argument '%s'", argv[i]);
        }
    }

    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
    signal(SIGPIPE, SIG_IGN);

    api_config cfg = {
        .db_path = env->db_path,
        .host = host[0] ? host : NULL,
        .port = port,
        .base_url = base_url,
        .threads = (unsigned)threads,
        .web_dir = serve_web_dir(web, no_web),
    };
    if (web && no_web)
        return cli_usage_error("serve", "--web and --no-web exclude each other");
    api_server *srv = NULL;
    char err[256] = "";
    if (api_server_start(&cfg, &srv, err, sizeof err) != 0)
        return cli_fail("cannot serve %s: %s", env->db_path, err);
    const char *shown = host[0] ? host : "0.0.0.0";
    int v6 = strchr(shown, ':') != NULL;
    printf("listening on http://%s%s%s:%u\n", v6 ? "[" : "", shown, v6 ? "]" : "",
           api_server_port(srv));
    if (cfg.web_dir)
        printf("web console: %u files from %s\n", api_server_web_files(srv), cfg.web_dir);
    else
        printf("web console: not served\n");
    fflush(stdout);

    int sig = 0;
    sigwait(&stop_signals, &sig);
    fprintf(stderr, "diming: %s received, stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    api_server_stop(srv);
    return CLI_OK;
}
