/*
 * Shared by the unit tests: a temporary directory per test program, with
 * the registry library initialised for the group.
 */
#ifndef DIMING_TEST_SUPPORT_H
#define DIMING_TEST_SUPPORT_H

#include "registry.h"

/* The group's temp dir (set by test_group_setup). */
extern char test_tmpdir[256];

/* cmocka group setup: makes /tmp/diming-test-XXXXXX and calls
 * reg_global_init.  0, or -1 if the directory cannot be made. */
int test_group_setup(void **state);

/* cmocka group teardown: reg_global_shutdown and removes the temp dir. */
int test_group_teardown(void **state);

/* Sends request as it is to 127.0.0.1:port and reads the whole reply
 * (until the server closes) into reply, cap bytes with the NUL; fails the
 * test when the exchange cannot be made. */
void test_http_exchange(unsigned short port, const char *request, char *reply, size_t cap);

/* Opens a new empty registry NAME in the temp dir (an old one removed),
 * failing the test otherwise. */
reg_db *test_new_db(const char *name);

/* Creates a unit valid from 2020-01-01 (actor "tester"), failing the test
 * with the registry's error otherwise. */
void test_unit_create(reg_db *db, const char *code, const char *name, const char *level,
                      const char *parent);

/* Seven units: 甘肃省 / 白银市 / 会宁县 / 会师镇 (620422100) and 新添堡回族乡
 * (620422202) / one community and one village of 会师镇. */
void test_seed_units(reg_db *db);

/* A geometry from WKT with the connection's GEOS handle, SRID 4490; the
 * caller frees it with test_free_geom. */
GEOSGeometry *test_wkt(reg_db *db, const char *text);

/* Frees a geometry made with the connection's GEOS handle. */
void test_free_geom(reg_db *db, GEOSGeometry *g);

#endif
