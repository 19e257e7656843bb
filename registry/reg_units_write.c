/*
 * reg_units_write.c: creating and changing administrative units.  Each
 * public function is one write (reg_write_begin/end): the rows, the units
 * revision in meta (the locator's cache key) and the audit entry commit
 * or roll back together.  Units are never deleted: retired codes stay, so
 * they are never reused (DOMAIN.md, Division codes); renamed units keep
 * their former names with the dates they were in force (N7).
 */
#include <stdlib.h>
#include <string.h>

#include "reg_internal.h"

/* A unit's stored columns. */
typedef struct unit_row {
    char name[REG_NAME_BUF];
    char valid_from[REG_DATE_BUF];
    char valid_to[REG_DATE_BUF]; /* "" when NULL */
    int has_geometry;
} unit_row;

/* Loads the unit code into *row.  REG_OK, REG_ENOTFOUND or a failure. */
static int load_row(reg_db *db, const char *code, unit_row *row, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_stmt(db, REG_STMT_UNIT_ROW, &st, err);
    if (rc != REG_OK)
        return rc;
    if (reg_bind_text(st, 1, code) != SQLITE_OK)
        return reg_error_sqlite(db, err);
    int step = sqlite3_step(st);
    if (step == SQLITE_DONE)
        rc = reg_error_set(err, REG_ENOTFOUND, "unit_not_found", "code", "单位不存在",
                           "no such unit");
    else if (step != SQLITE_ROW)
        rc = reg_error_sqlite(db, err);
    else if (reg_column_copy(row->name, sizeof row->name, st, 1) ||
             reg_column_copy(row->valid_from, sizeof row->valid_from, st, 4) ||
             reg_column_copy(row->valid_to, sizeof row->valid_to, st, 5))
        rc = reg_error_set(err, REG_EIO, "unit_corrupt", "code", "单位记录已损坏",
                           "the stored unit is malformed");
    else
        row->has_geometry = sqlite3_column_int(st, 6);
    sqlite3_reset(st);
    return rc;
}

/* Runs a one-off write statement with up to five text parameters (NULL
 * binds NULL; unused trailing ones are ignored). */
static int run_write(reg_db *db, const char *sql, const char *const *args, int nargs,
                     reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_prepare(db, sql, &st, err);
    if (rc != REG_OK)
        return rc;
    for (int i = 0; i < nargs && rc == REG_OK; i++)
        if (reg_bind_text(st, i + 1, args[i]) != SQLITE_OK)
            rc = reg_error_sqlite(db, err);
    if (rc == REG_OK)
        rc = reg_step_done(db, st, err);
    sqlite3_finalize(st);
    return rc;
}

/* Bumps the units revision in meta so that cached locators rebuild. */
static int bump_revision(reg_db *db, reg_error *err)
{
    return run_write(db, "UPDATE meta SET value = value + 1 WHERE key = 'units_revision'",
                     NULL, 0, err);
}

/* Bumps the revision and appends the audit entry with before and the unit
 * as it now is (with geometry).  Takes no reference of before. */
static int finish_change(reg_db *db, const char *actor, const char *action, const char *code,
                         const json_t *before, reg_error *err)
{
    json_t *after = NULL;
    int rc = bump_revision(db, err);
    if (rc == REG_OK)
        rc = reg_unit_get(db, code, 1, &after, err);
    if (rc == REG_OK)
        rc = reg_audit_append(db, actor, action, "unit", code, before, after, err);
    json_decref(after);
    return rc;
}

/* Inserts a checked new unit: the code is unused (duplicate_code), the
 * parent exists, is current and of the level above. */
static int insert_unit(reg_db *db, const char *actor, const reg_unit_fields *f, reg_error *err)
{
    unit_row row;
    int rc = load_row(db, f->code, &row, err);
    if (rc == REG_OK)
        return reg_error_set(err, REG_ECONFLICT, "duplicate_code", "code",
                             "区划代码已存在（撤销的代码也不得重复使用）",
                             "the division code is already used (retired codes are never reused)");
    if (rc != REG_ENOTFOUND)
        return rc;
    if ((rc = reg_unit_parent_check(db, f, err)) != REG_OK)
        return rc;
    const char *args[] = {f->code, f->name, reg_level_name(f->level),
                          f->parent[0] ? f->parent : NULL, f->valid_from};
    rc = run_write(db,
                   "INSERT INTO units (code, name, level, parent_code, valid_from)"
                   " VALUES (?1, ?2, ?3, ?4, ?5)",
                   args, 5, err);
    if (rc == REG_OK)
        rc = finish_change(db, actor, "create", f->code, NULL, err);
    return rc;
}

/* The date the unit's current name took effect: the end of its latest
 * former name, or the unit's valid_from.  out holds REG_DATE_BUF bytes. */
static int name_start(reg_db *db, const char *code, const unit_row *row, char *out,
                      reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_prepare(db, "SELECT max(valid_to) FROM unit_names WHERE unit_code = ?1", &st,
                         err);
    if (rc != REG_OK)
        return rc;
    if (reg_bind_text(st, 1, code) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
        rc = reg_error_sqlite(db, err);
    else if (sqlite3_column_type(st, 0) == SQLITE_NULL)
        memcpy(out, row->valid_from, REG_DATE_BUF);
    else if (reg_column_copy(out, REG_DATE_BUF, st, 0))
        rc = reg_error_set(err, REG_EIO, "unit_corrupt", "code", "单位记录已损坏",
                           "the stored unit is malformed");
    sqlite3_finalize(st);
    return rc;
}

/* Keeps the unit's current name in unit_names as in force from start
 * until change_date (N7) and sets the new name. */
static int rename_unit(reg_db *db, const char *code, const unit_row *row, const char *start,
                       const char *change_date, const char *name, reg_error *err)
{
    const char *hist[] = {code, row->name, start, change_date};
    int rc = run_write(db,
                       "INSERT INTO unit_names (unit_code, name, valid_from, valid_to)"
                       " VALUES (?1, ?2, ?3, ?4)",
                       hist, 4, err);
    const char *upd[] = {code, name};
    if (rc == REG_OK)
        rc = run_write(db, "UPDATE units SET name = ?2 WHERE code = ?1", upd, 2, err);
    return rc;
}

/* Renames an existing unit to the name of an upsert, keeping the old name
 * in force until today (or until the current name's start, if later). */
static int upsert_rename(reg_db *db, const char *actor, const reg_unit_fields *f,
                         const unit_row *row, reg_error *err)
{
    json_t *before = NULL;
    char start[REG_DATE_BUF], today[REG_DATE_BUF];
    reg_today(today);
    int rc = reg_unit_get(db, f->code, 1, &before, err);
    if (rc == REG_OK)
        rc = name_start(db, f->code, row, start, err);
    if (rc == REG_OK)
        rc = rename_unit(db, f->code, row, start, strcmp(today, start) < 0 ? start : today,
                         f->name, err);
    if (rc == REG_OK)
        rc = finish_change(db, actor, "rename", f->code, before, err);
    json_decref(before);
    return rc;
}

/* See registry.h.  Errors as reg_unit_check_fields, then duplicate_code
 * (REG_ECONFLICT), parent_missing, parent_level, parent_retired
 * (REG_ERULE); actor_invalid. */
int reg_unit_create(reg_db *db, const char *actor, const reg_unit_input *in, reg_error *err)
{
    if (!db)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    reg_unit_fields f;
    int rc = reg_actor_check(actor, err);
    if (rc == REG_OK)
        rc = reg_unit_fields_make(in, &f, err);
    if (rc != REG_OK)
        return rc;
    reg_write w;
    if ((rc = reg_write_begin(db, &w, err)) != REG_OK)
        return rc;
    return reg_write_end(db, &w, insert_unit(db, actor, &f, err), err);
}

/* See registry.h.  The division-code rules fix a code's level and parent,
 * so only the name of an existing unit can differ: a new name is a
 * "rename" that takes effect today.  in->valid_from is used only for a
 * new unit ("create"). */
int reg_unit_upsert(reg_db *db, const char *actor, const reg_unit_input *in, char *outcome,
                    reg_error *err)
{
    if (!db)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    reg_unit_fields f;
    int rc = reg_actor_check(actor, err);
    if (rc == REG_OK)
        rc = reg_unit_fields_make(in, &f, err);
    if (rc != REG_OK)
        return rc;
    reg_write w;
    if ((rc = reg_write_begin(db, &w, err)) != REG_OK)
        return rc;
    unit_row row;
    char result = '=';
    rc = load_row(db, f.code, &row, err);
    if (rc == REG_ENOTFOUND) {
        result = 'i';
        rc = insert_unit(db, actor, &f, err);
    } else if (rc == REG_OK && strcmp(row.name, f.name) != 0) {
        result = 'u';
        rc = upsert_rename(db, actor, &f, &row, err);
    }
    rc = reg_write_end(db, &w, rc, err);
    if (rc == REG_OK && outcome)
        *outcome = result;
    return rc;
}

/* A patch checked and normalised, with the geometry as WKB. */
typedef struct patch_values {
    char name[REG_NAME_BUF];
    char valid_to[REG_DATE_BUF];
    char change_date[REG_DATE_BUF];
    unsigned char *wkb; /* malloc'd; NULL unless a geometry is set */
    size_t wkb_len;
} patch_values;

/* Checks a patch without the database into v (zeroed by the caller, who
 * frees v->wkb).  patch_empty if it asks nothing, geometry_conflict if it
 * both sets and clears the geometry. */
static int patch_check(reg_db *db, const reg_unit_patch *p, patch_values *v, reg_error *err)
{
    if (!p->name && !p->valid_to && !p->geometry && !p->clear_geometry)
        return reg_error_set(err, REG_EINVAL, "patch_empty", "", "没有要修改的内容",
                             "the change asks for nothing");
    if (p->geometry && p->clear_geometry)
        return reg_error_set(err, REG_EINVAL, "geometry_conflict", "geometry",
                             "不能同时设置和清除边界", "cannot both set and clear the boundary");
    int rc = REG_OK;
    if (p->name)
        rc = reg_name_normalize(p->name, "name", v->name, sizeof v->name, err);
    if (rc == REG_OK && p->valid_to)
        rc = reg_date_field(p->valid_to, "valid_to", v->valid_to, err);
    if (rc == REG_OK)
        rc = reg_date_field(p->change_date, "change_date", v->change_date, err);
    if (rc == REG_OK && p->geometry)
        rc = reg_geom_to_wkb(db, p->geometry, &v->wkb, &v->wkb_len, err);
    return rc;
}

/* The date_order error: field's date is before the date it must follow. */
static int date_order(const char *field, reg_error *err)
{
    return reg_error_set(err, REG_ERULE, "date_order", field,
                         "日期早于当前名称或单位的起始日期",
                         "the date is before the start of the current name or of the unit");
}

/* Applies a checked patch to the unit code inside the caller's write.
 * Changes nothing and writes no audit entry if nothing differs; *changed
 * says which. */
static int apply_patch(reg_db *db, const char *actor, const char *code,
                       const reg_unit_patch *p, const patch_values *v, int *changed,
                       reg_error *err)
{
    unit_row row;
    int same_geometry = 0;
    *changed = 0;
    int rc = load_row(db, code, &row, err);
    if (rc == REG_OK && v->wkb)
        rc = reg_geom_same(db, code, v->wkb, v->wkb_len, &same_geometry, err);
    if (rc != REG_OK)
        return rc;
    int renamed = p->name && strcmp(v->name, row.name) != 0;
    int retired = p->valid_to && strcmp(v->valid_to, row.valid_to) != 0;
    int reshaped = (v->wkb && !same_geometry) || (p->clear_geometry && row.has_geometry);
    int kinds = renamed + retired + reshaped;
    if (kinds == 0)
        return REG_OK;
    *changed = 1;
    char start[REG_DATE_BUF] = "";
    if (renamed && (rc = name_start(db, code, &row, start, err)) == REG_OK &&
        strcmp(v->change_date, start) < 0)
        rc = date_order("change_date", err);
    if (rc == REG_OK && retired && strcmp(v->valid_to, row.valid_from) < 0)
        rc = date_order("valid_to", err);
    json_t *before = NULL;
    if (rc == REG_OK)
        rc = reg_unit_get(db, code, 1, &before, err);
    if (rc == REG_OK && renamed)
        rc = rename_unit(db, code, &row, start, v->change_date, v->name, err);
    const char *args[] = {code, v->valid_to};
    if (rc == REG_OK && retired)
        rc = run_write(db, "UPDATE units SET valid_to = ?2 WHERE code = ?1", args, 2, err);
    if (rc == REG_OK && reshaped)
        rc = reg_geom_store(db, code, v->wkb, v->wkb_len, err);
    const char *action = kinds > 1 ? "update"
                         : renamed ? "rename"
                         : retired ? "retire"
                                   : "set_geometry";
    if (rc == REG_OK)
        rc = finish_change(db, actor, action, code, before, err);
    json_decref(before);
    return rc;
}

/* Checks and applies a patch as one write; *changed as apply_patch. */
static int update_unit(reg_db *db, const char *actor, const char *code,
                       const reg_unit_patch *patch, int *changed, reg_error *err)
{
    *changed = 0;
    if (!db || !code || !patch)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    patch_values v;
    memset(&v, 0, sizeof v);
    int rc = reg_actor_check(actor, err);
    if (rc == REG_OK)
        rc = patch_check(db, patch, &v, err);
    reg_write w;
    if (rc == REG_OK && (rc = reg_write_begin(db, &w, err)) == REG_OK)
        rc = reg_write_end(db, &w, apply_patch(db, actor, code, patch, &v, changed, err), err);
    free(v.wkb);
    return rc;
}

/* See registry.h.  change_date must not be before the current name's
 * start, nor valid_to before the unit's valid_from (date_order, REG_ERULE).
 * The audit action is "rename", "retire", "set_geometry" (also when
 * clearing), or "update" when several kinds change together.  A patch that
 * changes nothing (the same name, valid_to or polygon) writes nothing.
 * REG_ENOTFOUND for an unknown code. */
int reg_unit_update(reg_db *db, const char *actor, const char *code,
                    const reg_unit_patch *patch, reg_error *err)
{
    int changed;
    return update_unit(db, actor, code, patch, &changed, err);
}

/* See registry.h.  geometry NULL is REG_EINVAL (geometry_missing): clear a
 * boundary with reg_unit_update and clear_geometry. */
int reg_unit_set_geometry(reg_db *db, const char *actor, const char *code,
                          const GEOSGeometry *geometry, char *outcome, reg_error *err)
{
    if (!geometry)
        return reg_error_set(err, REG_EINVAL, "geometry_missing", "geometry", "缺少边界",
                             "the boundary is missing");
    reg_unit_patch patch = {.geometry = geometry};
    int changed;
    int rc = update_unit(db, actor, code, &patch, &changed, err);
    if (rc == REG_OK && outcome)
        *outcome = changed ? 'u' : '=';
    return rc;
}
