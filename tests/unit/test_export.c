/* Unit tests of the export module: every built-in collection exports in
 * every format from a fresh registry (so a descriptor that names a missing
 * column, or properties whose DBF names collide, fails here) -- but a kind
 * of mixed geometry (places) is refused as a shapefile, and nothing is
 * written -- and the option checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "import.h"

static char tmpdir[256];
static reg_db *db;

/* A path in the temp dir (static buffer). */
static const char *tmp_path(const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    return path;
}

static void test_every_kind_every_format(void **state)
{
    (void)state;
    static const char *const suffix[] = {"geojson", "csv", "shp"};
    size_t n = 0;
    const reg_collection *const *list = reg_collections(&n);
    for (size_t i = 0; i < n; i++) {
        for (int f = IMPORT_EXPORT_GEOJSON; f <= IMPORT_EXPORT_SHP; f++) {
            char name[128];
            snprintf(name, sizeof name, "%s.%s", list[i]->id, suffix[f]);
            import_export_options opt = {.kind = list[i]->id,
                                         .format = (import_export_format)f,
                                         .out = tmp_path(name)};
            import_export_summary sum;
            if (f == IMPORT_EXPORT_SHP && list[i]->geom_type == REG_GEOM_ANY) {
                FILE *report = fopen("/dev/null", "w");
                assert_non_null(report);
                opt.report = report;
                assert_int_equal(import_export(db, &opt, &sum), 1);
                fclose(report);
                assert_int_equal(access(tmp_path(name), F_OK), -1);
                continue;
            }
            if (import_export(db, &opt, &sum) != 0)
                fail_msg("export %s as %s failed", list[i]->id, suffix[f]);
            assert_int_equal(sum.written, 0);
            assert_int_equal(access(tmp_path(name), F_OK), 0);
        }
    }
}

static void test_refusals(void **state)
{
    (void)state;
    FILE *report = fopen("/dev/null", "w");
    assert_non_null(report);
    import_export_summary sum;
    import_export_options opt = {.kind = "nope", .out = tmp_path("x.csv"),
                                 .format = IMPORT_EXPORT_CSV, .report = report};
    assert_int_equal(import_export(db, &opt, &sum), 1);
    opt.kind = "units";
    opt.crs = "gcj02";
    assert_int_equal(import_export(db, &opt, &sum), 1);
    opt.crs = "EPSG:3857";
    assert_int_equal(import_export(db, &opt, &sum), 1);
    opt.crs = NULL;
    opt.unit = "6204x";
    assert_int_equal(import_export(db, &opt, &sum), 1);
    assert_int_equal(access(tmp_path("x.csv"), F_OK), -1);
    opt.unit = NULL;
    opt.out = tmp_path("missing/x.csv");
    assert_int_equal(import_export(db, &opt, &sum), 1);
    assert_int_equal(import_export(NULL, &opt, &sum), -1);
    assert_int_equal(import_export(db, NULL, &sum), -1);
    fclose(report);
}

static int group_setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/diming-export-XXXXXX");
    if (!mkdtemp(tmpdir))
        return -1;
    reg_global_init();
    reg_error err;
    return reg_open(tmp_path("export.db"), REG_OPEN_CREATE, &db, &err) == REG_OK ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    reg_close(db);
    reg_global_shutdown();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_kind_every_format),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
