/* `diming serve`: serve the registry over HTTP until SIGINT or SIGTERM. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "cli.h"
#include "cli_args.h"

static const char serve_help[] =
    "usage: diming [--db PATH] serve [--listen HOST:PORT] [--base-url URL] [--threads N]\n"
    "\n"
    "Serves the registry's HTTP API.  Port 0 picks a free port; the line\n"
    "'listening on http://HOST:PORT' is printed once the port is bound.\n"
    "SIGINT or SIGTERM stops it gracefully: requests in flight finish and the\n"
    "database is closed cleanly.\n"
    "\n"
    "  --listen HOST:PORT  address to bind (default 127.0.0.1:8080)\n"
    "  --base-url URL      public URL prefix printed in links and QR codes\n"
    "                      (default http://HOST:PORT)\n"
    "  --threads N         1: one epoll thread (default); N > 1: a pool of N\n"
    "\n"
    "One access-log line per request goes to stderr.\n";

/* Runs `serve`.  Blocks SIGINT/SIGTERM before the server's threads start
 * (so they inherit the mask) and waits for one of them with sigwait. */
int cli_cmd_serve(const cli_env *env, int argc, char **argv)
{
    char host[256] = "127.0.0.1";
    unsigned short port = 8080;
    const char *base_url = NULL;
    unsigned long threads = 1;
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
    };
    api_server *srv = NULL;
    char err[256] = "";
    if (api_server_start(&cfg, &srv, err, sizeof err) != 0)
        return cli_fail("cannot serve %s: %s", env->db_path, err);
    const char *shown = host[0] ? host : "0.0.0.0";
    int v6 = strchr(shown, ':') != NULL;
    printf("listening on http://%s%s%s:%u\n", v6 ? "[" : "", shown, v6 ? "]" : "",
           api_server_port(srv));
    fflush(stdout);

    int sig = 0;
    sigwait(&stop_signals, &sig);
    fprintf(stderr, "diming: %s received, stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    api_server_stop(srv);
    return CLI_OK;
}
