/*
 * reg_json.c: small jansson helpers for building results from rows.
 */
#include "reg_internal.h"

/* Sets obj[key] to a new string (null when text is NULL); 0, or -1 on
 * failure (out of memory, invalid UTF-8). */
static int reg_json_set_text(json_t *obj, const char *key, const char *text)
{
    return json_object_set_new(obj, key, text ? json_string(text) : json_null());
}

/* See reg_internal.h. */
int reg_json_set_column(json_t *obj, const char *key, sqlite3_stmt *st, int col)
{
    return reg_json_set_text(obj, key, (const char *)sqlite3_column_text(st, col));
}

/* See reg_internal.h. */
char *reg_json_dump(const json_t *v)
{
    return v ? json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(15)) : NULL;
}

/* See reg_internal.h. */
int reg_json_rows(reg_db *db, sqlite3_stmt *st, json_t *(*row_fn)(sqlite3_stmt *st),
                  json_t **out, reg_error *err)
{
    *out = NULL;
    json_t *arr = json_array();
    if (!arr)
        return reg_error_nomem(err);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *row = row_fn(st);
        if (!row || json_array_append_new(arr, row)) {
            json_decref(arr);
            return reg_error_nomem(err);
        }
    }
    if (step != SQLITE_DONE) {
        json_decref(arr);
        return reg_error_sqlite(db, err);
    }
    *out = arr;
    return REG_OK;
}
