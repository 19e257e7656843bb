/* Shared by the unit tests (see support.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "registry.h"
#include "support.h"

char test_tmpdir[256];

/* See support.h. */
int test_group_setup(void **state)
{
    (void)state;
    snprintf(test_tmpdir, sizeof test_tmpdir, "/tmp/diming-test-XXXXXX");
    if (!mkdtemp(test_tmpdir))
        return -1;
    reg_global_init();
    return 0;
}

/* See support.h. */
int test_group_teardown(void **state)
{
    (void)state;
    reg_global_shutdown();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", test_tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* See support.h. */
void test_http_exchange(unsigned short port, const char *request, char *reply, size_t cap)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    size_t n = strlen(request);
    assert_int_equal(write(fd, request, n), (ssize_t)n);
    size_t got = 0;
    ssize_t r;
    while (got + 1 < cap && (r = read(fd, reply + got, cap - 1 - got)) > 0)
        got += (size_t)r;
    reply[got] = '\0';
    close(fd);
}


/* See support.h. */
reg_db *test_new_db(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", test_tmpdir, name);
    unlink(path);
    reg_db *db = NULL;
    reg_error err = {0};
    assert_int_equal(reg_open(path, REG_OPEN_CREATE, &db, &err), REG_OK);
    return db;
}

/* See support.h. */
void test_unit_create(reg_db *db, const char *code, const char *name, const char *level,
                      const char *parent)
{
    reg_unit_input in = {code, name, level, parent, "2020-01-01"};
    reg_error err = {0};
    int rc = reg_unit_create(db, "tester", &in, &err);
    if (rc != REG_OK)
        print_error("create %s: %s %s\n", code, err.code, err.message_en);
    assert_int_equal(rc, REG_OK);
}

/* See support.h. */
void test_seed_units(reg_db *db)
{
    test_unit_create(db, "62", "甘肃省", "province", NULL);
    test_unit_create(db, "6204", "白银市", "city", "62");
    test_unit_create(db, "620422", "会宁县", "county", "6204");
    test_unit_create(db, "620422100", "会师镇", "town", "620422");
    test_unit_create(db, "620422202", "新添堡回族乡", "township", "620422");
    test_unit_create(db, "620422100001", "东山根社区居民委员会", "community", "620422100");
    test_unit_create(db, "620422100200", "高家庄村民委员会", "village", "620422100");
}

/* See support.h. */
GEOSGeometry *test_wkt(reg_db *db, const char *text)
{
    GEOSContextHandle_t h = geo_ctx_geos(reg_geo(db));
    GEOSWKTReader *r = GEOSWKTReader_create_r(h);
    GEOSGeometry *g = GEOSWKTReader_read_r(h, r, text);
    GEOSWKTReader_destroy_r(h, r);
    assert_non_null(g);
    GEOSSetSRID_r(h, g, 4490);
    return g;
}

/* See support.h. */
void test_free_geom(reg_db *db, GEOSGeometry *g)
{
    GEOSGeom_destroy_r(geo_ctx_geos(reg_geo(db)), g);
}
