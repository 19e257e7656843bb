/*
 * reg_units_read.c: reading administrative units: one unit with its
 * chain of parents, children counts and former names (N7); lists; a unit
 * by name.  "Current" means valid_to is NULL or after today (China date).
 */
#include <string.h>

#include "reg_internal.h"

/* Binds the levels of mask to ?first, ?first+1, ?first+2 (a mask has at
 * most three levels when it comes from a level filter other than NULL;
 * unused places repeat the first level). */
static int bind_levels(sqlite3_stmt *st, int first, unsigned mask)
{
    const char *names[3] = {NULL, NULL, NULL};
    int n = 0;
    for (int l = 0; l < REG_LEVEL_COUNT && n < 3; l++)
        if (mask & (1u << l))
            names[n++] = reg_level_name((reg_level)l);
    for (int i = 0; i < 3; i++)
        if (reg_bind_text(st, first + i, names[i] ? names[i] : names[0]) != SQLITE_OK)
            return -1;
    return 0;
}

/* Sets the six plain columns of a unit row (code, name, level,
 * parent_code, valid_from, valid_to) on obj; 0 or -1. */
static int set_unit_columns(json_t *obj, sqlite3_stmt *st)
{
    static const char *const keys[] = {"code",       "name",      "level",
                                       "parent_code", "valid_from", "valid_to"};
    for (int i = 0; i < 6; i++)
        if (reg_json_set_column(obj, keys[i], st, i))
            return -1;
    return 0;
}

/* Runs a cached statement bound to code and sets obj[key] to an array of
 * one object per row, made by row_fn. */
static int add_rows(reg_db *db, reg_stmt_id id, const char *code, json_t *obj,
                    const char *key, json_t *(*row_fn)(sqlite3_stmt *), reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_stmt(db, id, &st, err);
    if (rc != REG_OK)
        return rc;
    json_t *arr = NULL;
    if (reg_bind_text(st, 1, code) != SQLITE_OK)
        rc = reg_error_sqlite(db, err);
    else
        rc = reg_json_rows(db, st, row_fn, &arr, err);
    sqlite3_reset(st);
    if (rc == REG_OK && json_object_set_new(obj, key, arr))
        rc = reg_error_nomem(err);
    return rc;
}

/* {code, name, level} of a chain row. */
static json_t *chain_row(sqlite3_stmt *st)
{
    json_t *o = json_object();
    if (o && !reg_json_set_column(o, "code", st, 0) && !reg_json_set_column(o, "name", st, 1) &&
        !reg_json_set_column(o, "level", st, 2))
        return o;
    json_decref(o);
    return NULL;
}

/* {name, valid_from, valid_to} of a former-name row. */
static json_t *former_row(sqlite3_stmt *st)
{
    json_t *o = json_object();
    if (o && !reg_json_set_column(o, "name", st, 0) &&
        !reg_json_set_column(o, "valid_from", st, 1) && !reg_json_set_column(o, "valid_to", st, 2))
        return o;
    json_decref(o);
    return NULL;
}

/* Sets obj["children"] to {total, by_level: {level: count}} of the unit's
 * current children, from one grouped query. */
static int add_children(reg_db *db, const char *code, json_t *obj, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_stmt(db, REG_STMT_UNIT_CHILDREN, &st, err);
    if (rc != REG_OK)
        return rc;
    /* json_object_set_new fails for a NULL value and takes its value's
     * reference even when it fails: each is attached as soon as made. */
    json_t *children = json_object();
    if (json_object_set_new(obj, "children", children))
        return reg_error_nomem(err);
    json_t *total = json_integer(0);
    if (json_object_set_new(children, "total", total))
        return reg_error_nomem(err);
    json_t *by_level = json_object();
    if (json_object_set_new(children, "by_level", by_level))
        return reg_error_nomem(err);
    char today[REG_DATE_BUF];
    reg_today(today);
    if (reg_bind_text(st, 1, code) != SQLITE_OK || reg_bind_text(st, 2, today) != SQLITE_OK)
        return reg_error_sqlite(db, err);
    json_int_t sum = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *level = (const char *)sqlite3_column_text(st, 0);
        json_int_t n = sqlite3_column_int64(st, 1);
        sum += n;
        if (!level || json_object_set_new(by_level, level, json_integer(n))) {
            sqlite3_reset(st);
            return reg_error_nomem(err);
        }
    }
    rc = step == SQLITE_DONE ? REG_OK : reg_error_sqlite(db, err);
    sqlite3_reset(st);
    if (rc == REG_OK && json_integer_set(total, sum))
        rc = reg_error_nomem(err);
    return rc;
}

/* Reads the unit row into a new object with the plain columns; sets
 * *has_geometry.  REG_ENOTFOUND if there is no such unit. */
static int unit_row(reg_db *db, const char *code, json_t **out, int *has_geometry,
                    reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_stmt(db, REG_STMT_UNIT_ROW, &st, err);
    if (rc != REG_OK)
        return rc;
    if (reg_bind_text(st, 1, code) != SQLITE_OK)
        return reg_error_sqlite(db, err);
    int step = sqlite3_step(st);
    if (step == SQLITE_DONE) {
        rc = reg_error_set(err, REG_ENOTFOUND, "unit_not_found", "code", "单位不存在",
                           "no such unit");
    } else if (step != SQLITE_ROW) {
        rc = reg_error_sqlite(db, err);
    } else {
        *has_geometry = sqlite3_column_int(st, 6);
        *out = json_object();
        if (!*out || set_unit_columns(*out, st)) {
            json_decref(*out);
            *out = NULL;
            rc = reg_error_nomem(err);
        }
    }
    sqlite3_reset(st);
    return rc;
}

/* See registry.h.  children counts current children only; former_names
 * are ordered by the date they ended; geometry is null when the unit has
 * none.  REG_ENOTFOUND for an unknown code. */
int reg_unit_get(reg_db *db, const char *code, int with_geometry, json_t **out, reg_error *err)
{
    if (!db || !code || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    *out = NULL;
    json_t *u = NULL;
    int has_geometry = 0, opened = 0;
    int rc = reg_read_begin(db, &opened, err);
    if (rc == REG_OK)
        rc = unit_row(db, code, &u, &has_geometry, err);
    if (rc == REG_OK)
        rc = add_rows(db, REG_STMT_UNIT_CHAIN, code, u, "chain", chain_row, err);
    if (rc == REG_OK)
        rc = add_children(db, code, u, err);
    if (rc == REG_OK)
        rc = add_rows(db, REG_STMT_UNIT_FORMER, code, u, "former_names", former_row, err);
    if (rc == REG_OK && json_object_set_new(u, "has_geometry", json_boolean(has_geometry)))
        rc = reg_error_nomem(err);
    if (rc == REG_OK && with_geometry) {
        json_t *g = NULL;
        rc = reg_geom_json(db, code, &g, err);
        if (rc == REG_OK && json_object_set_new(u, "geometry", g))
            rc = reg_error_nomem(err);
    }
    reg_read_end(db, opened);
    if (rc != REG_OK) {
        json_decref(u);
        return rc;
    }
    *out = u;
    return REG_OK;
}

/* {code, name, level, parent_code, valid_from, valid_to, has_geometry} of
 * a list row; NULL when out of memory. */
static json_t *list_row(sqlite3_stmt *st)
{
    json_t *u = json_object();
    if (!u || set_unit_columns(u, st) ||
        json_object_set_new(u, "has_geometry", json_boolean(sqlite3_column_int(st, 6)))) {
        json_decref(u);
        return NULL;
    }
    return u;
}

/* See registry.h.  level may also be a group (township_level,
 * village_level); REG_EINVAL ("bad_level") if unknown. */
int reg_units_list(reg_db *db, const char *parent, const char *level, int include_retired,
                   json_t **out, reg_error *err)
{
    if (!db || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    *out = NULL;
    unsigned mask = 0;
    if (level && reg_level_filter_parse(level, &mask, err) != REG_OK)
        return REG_EINVAL;
    /* Constant fragments; ?5 (today, or NULL to include retired units) is
     * always present so ?1..?4 may be bound when left out. */
    char sql[400] = "SELECT code, name, level, parent_code, valid_from, valid_to,"
                    " geom IS NOT NULL FROM units WHERE (?5 IS NULL OR valid_to IS NULL"
                    " OR valid_to > ?5)";
    if (parent)
        strcat(sql, " AND parent_code = ?1");
    if (level)
        strcat(sql, " AND level IN (?2, ?3, ?4)");
    strcat(sql, " ORDER BY code");
    char today[REG_DATE_BUF];
    reg_today(today);

    sqlite3_stmt *st;
    int rc = reg_prepare(db, sql, &st, err);
    if (rc != REG_OK)
        return rc;
    if (reg_bind_text(st, 1, parent) != SQLITE_OK || bind_levels(st, 2, mask) ||
        reg_bind_text(st, 5, include_retired ? NULL : today) != SQLITE_OK)
        rc = reg_error_sqlite(db, err);
    else
        rc = reg_json_rows(db, st, list_row, out, err);
    sqlite3_finalize(st);
    return rc;
}

/* See registry.h.  The name is NFKC-normalised first; only current units
 * are searched. */
int reg_unit_find_by_name(reg_db *db, const char *name, const char *level, char *code_out,
                          reg_error *err)
{
    if (!db || !code_out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    char norm[REG_NAME_BUF];
    unsigned mask = 0;
    int rc = reg_name_normalize(name, "name", norm, sizeof norm, err);
    if (rc != REG_OK)
        return rc;
    if (level && reg_level_filter_parse(level, &mask, err) != REG_OK)
        return REG_EINVAL;
    char sql[300] = "SELECT code FROM units WHERE name = ?1"
                    " AND (valid_to IS NULL OR valid_to > ?5)";
    if (level)
        strcat(sql, " AND level IN (?2, ?3, ?4)");
    strcat(sql, " ORDER BY code LIMIT 2");
    char today[REG_DATE_BUF];
    reg_today(today);
    sqlite3_stmt *st;
    if ((rc = reg_prepare(db, sql, &st, err)) != REG_OK)
        return rc;
    if (reg_bind_text(st, 1, norm) != SQLITE_OK || bind_levels(st, 2, mask) ||
        reg_bind_text(st, 5, today) != SQLITE_OK) {
        rc = reg_error_sqlite(db, err);
    } else {
        int step = sqlite3_step(st);
        const char *code = step == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
        if (step == SQLITE_DONE)
            rc = reg_error_set(err, REG_ENOTFOUND, "unit_not_found", "name",
                               "没有该名称的单位", "no current unit has this name");
        else if (step != SQLITE_ROW || !code || strlen(code) > REG_CODE_MAX)
            rc = reg_error_sqlite(db, err);
        else
            strcpy(code_out, code);
        if (rc == REG_OK && sqlite3_step(st) == SQLITE_ROW)
            rc = reg_error_set(err, REG_ECONFLICT, "name_ambiguous", "name",
                               "多个单位使用该名称", "several current units have this name");
    }
    sqlite3_finalize(st);
    return rc;
}
