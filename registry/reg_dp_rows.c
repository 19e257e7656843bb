/*
 * reg_dp_rows.c: writing a new address and its plate.  One write inserts
 * the two rows at once; a bulk load gathers them and inserts
 * REG_DP_ROWS_BATCH addresses, then their plates, with one statement each
 * (SQLite's cost of a statement run - cursors on the table and each
 * index, the statement's journal - was most of a row's), giving the
 * addresses their ids itself.  Until they are written, the load's map of
 * its addresses (reg_dp_holders.c) answers for them, and the readers of
 * addresses in SQL flush them first (reg_dp_rows_flush).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reg_dp_internal.h"

#define ADDRESS_COLS 17
#define PLATE_COLS 9

static const char address_head[] =
    "INSERT INTO addresses (id, kind, parent_id, axis_id, num_main, num_sub, building,"
    " entrance, room, unit_code, x, y, valid_from, created_at, lon, lat, geom) VALUES";
static const char plate_head[] =
    "INSERT INTO plates (code, address_id, state, collected_on, compiled_on, entered_on,"
    " produced_on, active_on, created_at) VALUES";

/* Binds the address of row r from parameter base + 1 on (the id NULL
 * when SQLite is to choose it). */
static int bind_address(sqlite3_stmt *st, int base, const reg_dp_row *r)
{
    int i = base;
    return (r->address_id > 0 ? sqlite3_bind_int64(st, ++i, r->address_id)
                              : sqlite3_bind_null(st, ++i)) != SQLITE_OK ||
                   reg_bind_text(st, ++i, r->kind) != SQLITE_OK ||
                   (r->parent > 0 ? sqlite3_bind_int64(st, ++i, r->parent)
                                  : sqlite3_bind_null(st, ++i)) != SQLITE_OK ||
                   sqlite3_bind_int64(st, ++i, r->axis) != SQLITE_OK ||
                   sqlite3_bind_int64(st, ++i, r->number.main) != SQLITE_OK ||
                   sqlite3_bind_int(st, ++i, r->number.sub) != SQLITE_OK ||
                   reg_dp_bind_opt(st, ++i, r->building) != SQLITE_OK ||
                   reg_dp_bind_opt(st, ++i, r->entrance) != SQLITE_OK ||
                   reg_dp_bind_opt(st, ++i, r->room) != SQLITE_OK ||
                   reg_bind_text(st, ++i, r->unit) != SQLITE_OK ||
                   sqlite3_bind_double(st, ++i, r->x) != SQLITE_OK ||
                   sqlite3_bind_double(st, ++i, r->y) != SQLITE_OK ||
                   reg_bind_text(st, ++i, r->valid_from) != SQLITE_OK ||
                   reg_bind_text(st, ++i, r->created_at) != SQLITE_OK ||
                   sqlite3_bind_double(st, ++i, r->lon) != SQLITE_OK ||
                   sqlite3_bind_double(st, ++i, r->lat) != SQLITE_OK ||
                   sqlite3_bind_blob(st, ++i, r->point, sizeof r->point, SQLITE_STATIC) !=
                       SQLITE_OK
               ? -1
               : 0;
}

/* Binds the plate of row r (of the address address) from base + 1 on. */
static int bind_plate(sqlite3_stmt *st, int base, const reg_dp_row *r, long address)
{
    int i = base;
    if (reg_bind_text(st, i + 1, r->code) != SQLITE_OK ||
        sqlite3_bind_int64(st, i + 2, address) != SQLITE_OK ||
        reg_bind_text(st, i + 3, reg_plate_state_name(r->state)) != SQLITE_OK ||
        reg_bind_text(st, i + PLATE_COLS, r->created_at) != SQLITE_OK)
        return -1;
    for (int s = 0; s < 5; s++) /* collected_on .. active_on: the state's date only */
        if ((s == r->state ? reg_bind_text(st, i + 4 + s, r->state_date)
                           : sqlite3_bind_null(st, i + 4 + s)) != SQLITE_OK)
            return -1;
    return 0;
}

/* The row counts of the batch inserts, largest first: a flush writes its
 * rows in runs of these (a flush before a read comes with any number). */
static const int batch_sizes[REG_DP_ROWS_SIZES] = {REG_DP_ROWS_BATCH, 16, 4, 1};

/* Prepares (once) the statement inserting rows rows after head into *st. */
static int batch_stmt(reg_db *db, const char *head, int cols, int rows, sqlite3_stmt **st,
                      reg_error *err)
{
    if (*st) {
        sqlite3_reset(*st);
        return REG_OK;
    }
    char *sql = reg_sql_values(head, cols, rows);
    if (!sql)
        return reg_error_nomem(err);
    int rc = sqlite3_prepare_v3(db->sql, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) ==
                     SQLITE_OK
                 ? REG_OK
                 : reg_error_sqlite(db, err);
    free(sql);
    return rc;
}

/* Inserts the n rows from rows (n one of batch_sizes[k]): the addresses
 * with one statement, then their plates with another. */
static int write_run(reg_db *db, struct reg_dp_cache *c, const reg_dp_row *rows, int k,
                     reg_error *err)
{
    int n = batch_sizes[k];
    int rc = batch_stmt(db, address_head, ADDRESS_COLS, n, &c->rows_address[k], err);
    if (rc == REG_OK)
        rc = batch_stmt(db, plate_head, PLATE_COLS, n, &c->rows_plate[k], err);
    if (rc != REG_OK)
        return rc;
    sqlite3_stmt *a = c->rows_address[k], *p = c->rows_plate[k];
    for (int i = 0; i < n; i++)
        if (bind_address(a, i * ADDRESS_COLS, &rows[i]) != 0 ||
            bind_plate(p, i * PLATE_COLS, &rows[i], rows[i].address_id) != 0)
            return reg_error_sqlite(db, err);
    rc = reg_step_done(db, a, err);
    return rc == REG_OK ? reg_step_done(db, p, err) : rc;
}

/* Inserts row alone, its address id chosen by SQLite, with the one-row
 * statements of the batches; *address gets the id. */
static int write_one(reg_db *db, const reg_dp_row *row, long *address, reg_error *err)
{
    struct reg_dp_cache *c = reg_dp_cache_get(db);
    int one = REG_DP_ROWS_SIZES - 1;
    if (!c)
        return reg_error_nomem(err);
    int rc = batch_stmt(db, address_head, ADDRESS_COLS, 1, &c->rows_address[one], err);
    if (rc == REG_OK)
        rc = batch_stmt(db, plate_head, PLATE_COLS, 1, &c->rows_plate[one], err);
    if (rc != REG_OK)
        return rc;
    if (bind_address(c->rows_address[one], 0, row) != 0)
        return reg_error_sqlite(db, err);
    if ((rc = reg_step_done(db, c->rows_address[one], err)) != REG_OK)
        return rc;
    *address = (long)sqlite3_last_insert_rowid(db->sql);
    if (bind_plate(c->rows_plate[one], 0, row, *address) != 0)
        return reg_error_sqlite(db, err);
    return reg_step_done(db, c->rows_plate[one], err);
}

/* See reg_dp_internal.h. */
int reg_dp_rows_flush(reg_db *db, reg_error *err)
{
    struct reg_dp_cache *c = db->dp;
    if (!c || !c->nrows)
        return REG_OK;
    int rc = REG_OK;
    size_t at = 0;
    for (int k = 0; rc == REG_OK && k < REG_DP_ROWS_SIZES; k++)
        while (rc == REG_OK && c->nrows - at >= (size_t)batch_sizes[k]) {
            rc = write_run(db, c, c->rows + at, k, err);
            at += (size_t)batch_sizes[k];
        }
    c->nrows = 0;
    return rc;
}

/* See reg_dp_internal.h. */
int reg_dp_row_write(reg_db *db, reg_dp_row *row, long *address, reg_error *err)
{
    if (geo_splite_point(row->lon, row->lat, 4490, row->point) != GEO_OK)
        return reg_error_set(err, REG_EINVAL, "coordinate_out_of_range", "lon",
                             "坐标无效", "the point is not valid");
    struct reg_dp_cache *c = db->dp;
    if (c)
        c->free_code[0] = '\0'; /* a plate gets a code now */
    if (!(c && c->bulk)) {
        row->address_id = 0;
        return write_one(db, row, address, err);
    }
    if (!c->rows && !(c->rows = malloc(REG_DP_ROWS_BATCH * sizeof *c->rows)))
        return reg_error_nomem(err);
    row->address_id = (long)c->next_address++;
    *address = row->address_id;
    c->rows[c->nrows++] = *row;
    return c->nrows == REG_DP_ROWS_BATCH ? reg_dp_rows_flush(db, err) : REG_OK;
}
