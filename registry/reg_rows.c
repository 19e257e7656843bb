/*
 * reg_rows.c: walking the rows of a statement - each row through a
 * function, into a JSON array, or exactly one row - with the statement
 * finalized and SQLite's failures reported the same way everywhere.
 */
#include "reg_bound_internal.h"

/* See reg_bound_internal.h. */
int reg_rows_each(reg_db *db, sqlite3_stmt *st, int rc, reg_row_fn fn, void *ctx,
                  reg_error *err)
{
    int step = SQLITE_DONE;
    while (rc == REG_OK && (step = sqlite3_step(st)) == SQLITE_ROW)
        rc = fn(db, st, ctx, err);
    if (rc == REG_OK && step != SQLITE_DONE)
        rc = reg_error_sqlite(db, err);
    sqlite3_finalize(st);
    return rc;
}

/* What rows_json_row needs. */
typedef struct rows_json {
    json_t *arr;
    reg_row_json_fn fn;
} rows_json;

/* reg_row_fn: appends what the JSON function makes of the row. */
static int rows_json_row(reg_db *db, sqlite3_stmt *st, void *ctx, reg_error *err)
{
    rows_json *r = ctx;
    json_t *o = NULL;
    int rc = r->fn(db, st, &o, err);
    if (rc == REG_OK && json_array_append_new(r->arr, o))
        rc = reg_error_nomem(err);
    return rc;
}

/* See reg_bound_internal.h. */
int reg_rows_json(reg_db *db, sqlite3_stmt *st, int rc, json_t *arr, reg_row_json_fn fn,
                  reg_error *err)
{
    rows_json r = {arr, fn};
    if (rc == REG_OK && !arr)
        rc = reg_error_nomem(err);
    return reg_rows_each(db, st, rc, rows_json_row, &r, err);
}

/* See reg_bound_internal.h. */
int reg_row_one(reg_db *db, sqlite3_stmt *st, int rc, reg_row_json_fn fn, json_t **out,
                const char *code, const char *field, const char *zh, const char *en,
                reg_error *err)
{
    *out = NULL;
    if (rc == REG_OK) {
        int step = sqlite3_step(st);
        if (step == SQLITE_ROW)
            rc = fn(db, st, out, err);
        else if (step == SQLITE_DONE)
            rc = reg_error_set(err, REG_ENOTFOUND, code, field, zh, en);
        else
            rc = reg_error_sqlite(db, err);
    }
    sqlite3_finalize(st);
    return rc;
}
