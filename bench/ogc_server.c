/*
 * bench/ogc_server.c: the diming HTTP server with one more OGC collection,
 * for bench/ogc.  Doorplates are not in the registry yet (they are being
 * built on another branch); bench/ogc loads synthetic ones into the table
 * bench_plates with GDAL, and this program serves them through the very
 * same api and registry code as `diming serve`, described by a descriptor
 * of the kind the doorplates collection will have.
 *
 *   ogc_server DB THREADS      listens on 127.0.0.1, a free port, printed as
 *                              "listening on http://127.0.0.1:PORT"; stops
 *                              on SIGINT or SIGTERM
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "api.h"
#include "registry.h"

static const reg_prop plate_props[] = {
    {"code", REG_PROP_TEXT, "门牌编码"},
    {"unit", REG_PROP_TEXT, "所在乡镇"},
    {"street", REG_PROP_TEXT, "街路巷"},
    {"number", REG_PROP_INTEGER, "门牌号"},
};

static const reg_collection plates = {
    .id = "plates",
    .title_zh = "门牌（基准测试合成数据）",
    .title_en = "Doorplates (synthetic, benchmark only)",
    .table = "bench_plates",
    .id_column = "code",
    .geom_column = "geom",
    .geom_type = REG_GEOM_POINT,
    .props = plate_props,
    .nprops = sizeof plate_props / sizeof plate_props[0],
    .unit_column = "unit",
};

/* Serves DB until SIGINT or SIGTERM.  Exit 0, or 1 when it cannot start. */
int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: ogc_server DB THREADS\n");
        return 2;
    }
    size_t n = 0;
    const reg_collection *const *builtin = reg_collections(&n);
    const reg_collection *list[2] = {builtin[0], &plates};
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    reg_global_init();
    api_config cfg = {.db_path = argv[1], .host = "127.0.0.1", .port = 0,
                      .threads = (unsigned)atoi(argv[2]), .access_log = NULL,
                      .collections = list, .ncollections = 2};
    FILE *devnull = fopen("/dev/null", "w");
    cfg.access_log = devnull;
    char err[256];
    api_server *srv = NULL;
    if (!devnull || api_server_start(&cfg, &srv, err, sizeof err) != 0) {
        fprintf(stderr, "ogc_server: %s\n", devnull ? err : "cannot open /dev/null");
        reg_global_shutdown();
        return 1;
    }
    printf("listening on http://127.0.0.1:%u\n", (unsigned)api_server_port(srv));
    fflush(stdout);
    int sig = 0;
    sigwait(&stop, &sig);
    api_server_stop(srv);
    fclose(devnull);
    reg_global_shutdown();
    return 0;
}
