/*
 * reg_units_check.c: checking a unit before it is written: its fields on
 * their own (division code, name, dates) and its parent in the database.
 */
#include <string.h>

#include "reg_internal.h"

/* See reg_internal.h.  Order: level, code and parent code, name, date. */
int reg_unit_fields_make(const reg_unit_input *in, reg_unit_fields *f, reg_error *err)
{
    if (!in || !f)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    memset(f, 0, sizeof *f);
    if (reg_level_parse(in->level, &f->level) != REG_OK)
        return reg_error_set(err, REG_EINVAL, "bad_level", "level", "级别无效",
                             "unknown level (province, city, county, town, township, "
                             "subdistrict, community, village)");
    int rc = reg_code_check(in->code, f->level, in->parent_code, err);
    if (rc != REG_OK)
        return rc;
    /* reg_code_check bounded both codes to 12 digits. */
    strcpy(f->code, in->code);
    if (in->parent_code)
        strcpy(f->parent, in->parent_code);
    rc = reg_name_normalize(in->name, "name", f->name, sizeof f->name, err);
    if (rc != REG_OK)
        return rc;
    return reg_date_field(in->valid_from, "valid_from", f->valid_from, err);
}

/* See registry.h. */
int reg_unit_check_fields(const reg_unit_input *in, reg_error *err)
{
    reg_unit_fields f;
    return reg_unit_fields_make(in, &f, err);
}

/* See reg_internal.h. */
int reg_unit_parent_check(reg_db *db, const reg_unit_fields *f, reg_error *err)
{
    if (f->level == REG_LEVEL_PROVINCE)
        return REG_OK;
    sqlite3_stmt *st;
    int rc = reg_stmt(db, REG_STMT_UNIT_ROW, &st, err);
    if (rc != REG_OK)
        return rc;
    if (reg_bind_text(st, 1, f->parent) != SQLITE_OK)
        return reg_error_sqlite(db, err);
    rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        sqlite3_reset(st);
        return reg_error_set(err, REG_ERULE, "parent_missing", "parent_code",
                             "上级单位不存在", "the parent unit does not exist");
    }
    if (rc != SQLITE_ROW) {
        rc = reg_error_sqlite(db, err);
        sqlite3_reset(st);
        return rc;
    }
    reg_level parent_level;
    const char *level = (const char *)sqlite3_column_text(st, 2);
    const char *valid_to = (const char *)sqlite3_column_text(st, 5);
    char today[REG_DATE_BUF];
    reg_today(today);
    rc = REG_OK;
    if (reg_level_parse(level, &parent_level) != REG_OK ||
        !reg_level_parent_ok(f->level, parent_level))
        rc = reg_error_set(err, REG_ERULE, "parent_level", "parent_code",
                           "上级单位不是上一级区划", "the parent is not of the level directly above");
    else if (valid_to && strcmp(valid_to, today) <= 0)
        rc = reg_error_set(err, REG_ERULE, "parent_retired", "parent_code",
                           "上级单位已撤销", "the parent unit is retired");
    sqlite3_reset(st);
    return rc;
}
