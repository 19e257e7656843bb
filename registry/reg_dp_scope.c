/*
 * reg_dp_scope.c: the scope of a doorplate listing or report (a street or
 * village group, a unit) checked against the register, so that a
 * mistyped scope is an error rather than an empty answer.
 */
#include <string.h>

#include "reg_dp_internal.h"

/* bad_code unless unit is 2, 4, 6, 9 or 12 digits. */
static int unit_shape(const char *unit, reg_error *err)
{
    size_t len = strlen(unit);
    if (strspn(unit, "0123456789") == len &&
        (len == 2 || len == 4 || len == 6 || len == 9 || len == 12))
        return REG_OK;
    return reg_error_set(err, REG_EINVAL, "bad_code", "unit",
                         "区划代码格式错误（应为 2、4、6、9 或 12 位数字）",
                         "malformed division code (2, 4, 6, 9 or 12 digits)");
}

/* See reg_dp_internal.h. */
int reg_dp_scope_check(reg_db *db, long street, const char *unit, reg_error *err)
{
    int rc = unit && unit[0] ? unit_shape(unit, err) : REG_OK;
    if (rc == REG_OK && street > 0)
        rc = reg_axis_place_check(db, street, err);
    if (rc != REG_OK || !unit || !unit[0])
        return rc;
    sqlite3_stmt *st;
    rc = reg_stmt(db, REG_STMT_UNIT_EXISTS, &st, err);
    if (rc != REG_OK)
        return rc;
    if (reg_bind_text(st, 1, unit) != SQLITE_OK)
        rc = reg_error_sqlite(db, err);
    int step = rc == REG_OK ? sqlite3_step(st) : SQLITE_ERROR;
    if (rc == REG_OK && step == SQLITE_DONE)
        rc = reg_error_set(err, REG_ENOTFOUND, "unit_not_found", "unit", "单位不存在",
                           "no such unit");
    else if (rc == REG_OK && step != SQLITE_ROW)
        rc = reg_error_sqlite(db, err);
    sqlite3_reset(st);
    return rc;
}
