/* Importing doorplates (see import.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "import_table.h"
#include "reg_doorplates.h"

enum {
    DP_CODE, DP_KIND, DP_STREET, DP_STREET_UNIT, DP_NUMBER, DP_BUILDING, DP_ENTRANCE, DP_ROOM,
    DP_LON, DP_LAT, DP_UNIT, DP_STATE, DP_STATE_DATE, DP_ADDRESS, DP_COUNT
};
static const char *const dp_columns[DP_COUNT] = {
    "code", "kind", "street", "street_unit", "number", "building", "entrance",
    "room", "lon",  "lat",  "unit_code",   "state",  "state_date", "address"};
/* "address" is the full address `diming export doorplates` writes: it is
 * composed from the other columns and the units, so a re-import reads
 * past it. */
static const char *const dp_required[] = {"street", "street_unit", "number", "lon", "lat", NULL};

/* A doorplate import run. */
typedef struct dp_import {
    import_table t;
    reg_db *db;
    char last_street[256], last_unit[16]; /* the last street looked up */
    long last_id;
} dp_import;

/* The street or group of the row, through a one-entry cache (a file lists
 * the plates of one street together). */
static int row_axis(dp_import *d, long *id, reg_error *err)
{
    const char *name = import_table_value(&d->t, DP_STREET);
    const char *unit = import_table_value(&d->t, DP_STREET_UNIT);
    if (d->last_id && strcmp(name, d->last_street) == 0 && strcmp(unit, d->last_unit) == 0) {
        *id = d->last_id;
        return REG_OK;
    }
    int rc = reg_axis_find(d->db, name, unit, id, err);
    if (rc == REG_OK && strlen(name) < sizeof d->last_street && strlen(unit) < sizeof d->last_unit) {
        strcpy(d->last_street, name);
        strcpy(d->last_unit, unit);
        d->last_id = *id;
    }
    return rc;
}

/* Parses a coordinate column: a finite number, or NAN when empty. */
static int row_coord(dp_import *d, int c, double *v, reg_error *err)
{
    const char *s = import_table_value(&d->t, c);
    *v = NAN;
    if (!s[0])
        return REG_OK;
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    if (errno || *end || !isfinite(*v))
        return reg_error_set(err, REG_EINVAL, "bad_coordinate", dp_columns[c],
                             "坐标不是数字", "the coordinate is not a number");
    return REG_OK;
}

/* Checks the kind column against the labels of the row. */
static int row_kind(dp_import *d, reg_error *err)
{
    const char *kind = import_table_value(&d->t, DP_KIND);
    const char *b = import_table_value(&d->t, DP_BUILDING);
    const char *e = import_table_value(&d->t, DP_ENTRANCE);
    const char *r = import_table_value(&d->t, DP_ROOM);
    const char *want = r[0] ? "room" : e[0] ? "unit" : b[0] ? "building" : "door";
    if (kind[0] && strcmp(kind, want) != 0)
        return reg_error_set(err, REG_EINVAL, "kind_mismatch", "kind",
                             "kind 与楼栋、单元、户室列不符（door、building、unit、room）",
                             "kind does not match the building, entrance and room columns "
                             "(door, building, unit, room)");
    return REG_OK;
}

/* 1 if the plate code is already registered for this very address (a
 * file imported again), 0 if not registered, -1 if registered for
 * another address (reported in err). */
static int already_there(dp_import *d, long axis, reg_error *err)
{
    const char *code = import_table_value(&d->t, DP_CODE);
    reg_plate_view v;
    reg_number n;
    char num[REG_NUMBER_BUF];
    int taken = 0;
    if (!code[0] || reg_plate_code_taken(d->db, code, &taken, NULL) != REG_OK || !taken ||
        reg_plate_view_get(d->db, code, &v, NULL) != REG_OK)
        return 0;
    if (v.street_id == axis &&
        reg_number_parse(import_table_value(&d->t, DP_NUMBER), "number", &n, NULL) == REG_OK &&
        reg_number_format(n, num, sizeof num) == REG_OK && strcmp(num, v.number) == 0 &&
        strcmp(import_table_value(&d->t, DP_BUILDING), v.building) == 0 &&
        strcmp(import_table_value(&d->t, DP_ENTRANCE), v.entrance) == 0 &&
        strcmp(import_table_value(&d->t, DP_ROOM), v.room) == 0)
        return 1;
    reg_error_set(err, REG_ECONFLICT, "code_taken", "code",
                  "该门牌编码已用于另一个地址（编码永不重复使用）",
                  "the plate code is used for another address (codes are never reused)");
    return -1;
}

/* Applies the current row.  0 (applied, unchanged or refused), -1 on a
 * storage failure. */
static int apply_row(dp_import *d)
{
    reg_error err = {0}, warning = {0};
    reg_plate_input in = {
        .number = import_table_value(&d->t, DP_NUMBER),
        .building = import_table_value(&d->t, DP_BUILDING),
        .entrance = import_table_value(&d->t, DP_ENTRANCE),
        .room = import_table_value(&d->t, DP_ROOM),
        .unit_code = import_table_value(&d->t, DP_UNIT),
        .code = import_table_value(&d->t, DP_CODE),
        .state = import_table_value(&d->t, DP_STATE)[0] ? import_table_value(&d->t, DP_STATE)
                                                         : NULL,
        .state_date = import_table_value(&d->t, DP_STATE_DATE)[0]
                          ? import_table_value(&d->t, DP_STATE_DATE)
                          : NULL,
        .legacy = d->t.run->opt->survey};
    int rc = row_kind(d, &err), there = 0;
    if (rc == REG_OK)
        rc = row_axis(d, &in.street_id, &err);
    if (rc == REG_OK)
        rc = row_coord(d, DP_LON, &in.lon, &err);
    if (rc == REG_OK)
        rc = row_coord(d, DP_LAT, &in.lat, &err);
    if (rc == REG_OK && !isnan(in.lon) && !isnan(in.lat))
        rc = import_point(d->t.run, d->db, d->t.run->crs, &in.lon, &in.lat, "lon", &err);
    if (rc == REG_OK)
        rc = import_unique(d->t.run, "code", in.code, d->t.line, &err);
    if (rc == REG_OK && (there = already_there(d, in.street_id, &err)) < 0)
        rc = REG_ECONFLICT;
    char code[REG_PLATE_CODE_BUF];
    if (rc == REG_OK && !there)
        rc = reg_plate_create(d->db, d->t.run->opt->actor, &in, code, &warning, &err);
    if (rc == REG_EIO || rc == REG_ENOMEM) {
        fprintf(d->t.run->report, "%s:%ld: %s\n", d->t.run->path, d->t.line, err.message_en);
        return -1;
    }
    if (rc != REG_OK) {
        import_table_reject(&d->t, &err, err.field[0] == 'c' ? in.code : in.number);
        return 0;
    }
    if (there) {
        d->t.run->sum->unchanged++;
        return 0;
    }
    d->t.run->sum->inserted++;
    if (warning.code[0]) {
        char en[420];
        snprintf(en, sizeof en, "%s: %s (kept: survey)", warning.code, warning.message_en);
        import_report_warning(d->t.run, d->t.line, en, warning.message_zh);
    }
    return 0;
}

/* Runs the rows in the open transaction, as a bulk load when bulk (the
 * size of a big file) is not 0.  Returns the import result (0, 1, -1);
 * the transaction is over. */
static int run_rows(dp_import *d, long bulk)
{
    reg_error err = {0};
    const char *slash = strrchr(d->t.run->path, '/');
    int rc = bulk ? (reg_doorplates_bulk_begin(d->db, d->t.run->opt->actor,
                                               slash ? slash + 1 : d->t.run->path, bulk,
                                               &err) == REG_OK
                         ? 0
                         : -1)
                  : 0;
    while (rc == 0 && import_table_next(&d->t))
        rc = apply_row(d);
    const import_options *opt = d->t.run->opt;
    int commits = rc == 0 && !opt->dry_run && (!d->t.run->sum->rejected || opt->rejects_path);
    if (rc == 0 && bulk && commits && reg_doorplates_bulk_end(d->db, &err) != REG_OK)
        rc = -1;
    if (rc != 0) {
        fprintf(d->t.run->report, "%s: %s\n", d->t.run->path,
                err.code[0] ? err.message_en : "import failed");
        reg_tx_rollback(d->db);
    } else {
        rc = import_finish(d->t.run, d->db);
    }
    reg_doorplates_bulk_end(d->db, &err); /* after a rollback: clears the bulk state */
    return rc;
}

/* See import.h. */
int import_doorplates(reg_db *db, const char *path, const import_options *opt,
                      import_summary *sum)
{
    if (!db || !path || !opt || !sum)
        return -1;
    import_run run;
    import_run_start(&run, path, opt, sum);
    dp_import d;
    memset(&d, 0, sizeof d);
    d.db = db;
    if (import_run_crs(&run) != 0)
        return 1;
    struct stat sb;
    long bulk = stat(path, &sb) == 0 && sb.st_size > IMPORT_BULK_BYTES ? (long)sb.st_size : 0;
    reg_error err = {0};
    static const import_shape_columns shape = {.collection = "doorplates", .x = "lon",
                                               .y = "lat"};
    run.shape = &shape;
    int rc = import_table_open(&d.t, &run, dp_columns, DP_COUNT, dp_required); /* .prj: run.crs */
    if (rc == 0 && (bulk ? reg_tx_begin_unchecked(db, &err) : reg_tx_begin(db, &err)) != REG_OK) {
        fprintf(run.report, "%s: %s\n", path, err.message_en);
        rc = -1;
    }
    if (rc == 0)
        rc = run_rows(&d, bulk);
    import_table_close(&d.t, rc == 0);
    import_run_end(&run);
    return rc;
}
