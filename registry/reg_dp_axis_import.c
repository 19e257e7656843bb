/*
 * reg_dp_axis_import.c: streets and village groups brought by an import
 * (`diming import streets`): the name goes into the place register as a
 * name in use (reg_places.h), the numbering rule into numbering_axes.
 * Importing the same file again changes nothing.
 */
#include <string.h>

#include "reg_dp_internal.h"
#include "reg_places.h"

/* An axis input checked, with its rule. */
typedef struct axis_fields {
    reg_axis_kind kind;
    reg_numbering_rule rule;
    int order_given; /* 0: a file without the order keeps a group's order */
} axis_fields;

/* Checks the input's kind and rule without the database. */
static int axis_fields_make(const reg_axis_input *in, axis_fields *f, reg_error *err)
{
    f->rule = reg_numbering_default();
    if (!in->kind || (strcmp(in->kind, "street") != 0 && strcmp(in->kind, "group") != 0))
        return reg_error_set(err, REG_EINVAL, "bad_axis_kind", "kind",
                             "类型应为 street（街路巷）或 group（村民小组）",
                             "kind is street (街路巷) or group (村民小组)");
    f->kind = strcmp(in->kind, "street") == 0 ? REG_AXIS_STREET : REG_AXIS_GROUP;
    if (in->odd_side && in->odd_side[0] && strcmp(in->odd_side, "left") != 0 &&
        strcmp(in->odd_side, "right") != 0)
        return reg_error_set(err, REG_EINVAL, "bad_odd_side", "odd_side",
                             "单号侧应为 left（左单右双）或 right",
                             "odd_side is left (左单右双) or right");
    if (in->direction && in->direction[0] && strcmp(in->direction, "forward") != 0 &&
        strcmp(in->direction, "reverse") != 0)
        return reg_error_set(err, REG_EINVAL, "bad_direction", "direction",
                             "编号方向应为 forward（从线的起点）或 reverse",
                             "direction is forward (from the line's start) or reverse");
    f->rule.odd_left = !(in->odd_side && strcmp(in->odd_side, "right") == 0);
    f->rule.reversed = in->direction && strcmp(in->direction, "reverse") == 0;
    if (in->spacing_m != 0.0)
        f->rule.spacing_m = in->spacing_m;
    f->order_given = in->order && in->order[0];
    if (f->order_given && reg_numbering_order_parse(in->order, &f->rule.order) != 0)
        f->rule.order = (reg_numbering_order)-1; /* bad_order below */
    return reg_numbering_rule_check(f->kind, &f->rule, err);
}

/* Checks that the unit is a current unit of the right level: a township
 * for a street, a village-level unit for a group. */
static int check_unit(reg_db *db, reg_axis_kind kind, const char *unit, reg_error *err)
{
    char parent[REG_CODE_MAX + 1];
    int rc = reg_dp_unit_current(db, unit, kind == REG_AXIS_GROUP, parent, err);
    if (rc == REG_ENOTFOUND)
        rc = kind == REG_AXIS_STREET
                 ? reg_error_set(err, REG_ERULE, "unit_not_township", "unit_code",
                                 "街路巷的所属单位应为现行的乡镇级单位",
                                 "a street's unit is a current township-level unit")
                 : reg_error_set(err, REG_ERULE, "unit_not_village", "unit_code",
                                 "村民小组的所属单位应为现行的村（社区）级单位",
                                 "a village group's unit is a current village-level unit");
    return rc;
}

/* Finds the place numbered as name in unit (category cat): *id or 0. */
static int find_numbered(reg_db *db, const char *name, const char *unit, const char *cat,
                         long *id, reg_error *err)
{
    sqlite3_stmt *st;
    *id = 0;
    int rc = reg_dp_stmt(db, REG_DP_AXIS_FIND, &st, err);
    if (rc != REG_OK)
        return rc;
    reg_bind_text(st, 1, name);
    reg_bind_text(st, 2, unit);
    reg_bind_text(st, 3, cat);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        *id = (long)sqlite3_column_int64(st, 0);
    if (step == SQLITE_ROW && sqlite3_step(st) == SQLITE_ROW)
        rc = reg_error_set(err, REG_ECONFLICT, "street_ambiguous", "street",
                           "该单位内有多个同名街路巷或村民小组",
                           "several streets or village groups of the unit have this name");
    else if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = reg_error_sqlite(db, err);
    sqlite3_reset(st);
    return rc;
}

/* Finds the place registered under code with this name: *id or 0. */
static int find_coded(reg_db *db, const char *code, const char *name, long *id, reg_error *err)
{
    sqlite3_stmt *st;
    *id = 0;
    int rc = reg_prepare(db,
                         "SELECT id FROM places WHERE code = ?1 AND name = ?2"
                         " AND status <> 'cancelled'",
                         &st, err);
    if (rc != REG_OK)
        return rc;
    reg_bind_text(st, 1, code);
    reg_bind_text(st, 2, name);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        *id = (long)sqlite3_column_int64(st, 0);
    else if (step != SQLITE_DONE)
        rc = reg_error_sqlite(db, err);
    sqlite3_finalize(st);
    return rc;
}

/* Writes the rule row of place id: inserted, updated when it differs
 * (with an audit entry), or left.  An order not given is the default on
 * a new row and left as it is on an existing one (a re-import of a file
 * without the column does not undo the staff's order).  *outcome 'i',
 * 'u' or '='. */
static int write_rule(reg_db *db, const char *actor, long id, const axis_fields *f,
                      const char *unit, char *outcome, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_prepare(db,
                         "INSERT INTO numbering_axes (place_id, kind, unit_code, reversed, odd_left,"
                         " spacing_m, ordering, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
                         " strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"
                         " ON CONFLICT (place_id) DO UPDATE SET kind = excluded.kind,"
                         " unit_code = excluded.unit_code, reversed = excluded.reversed,"
                         " odd_left = excluded.odd_left, spacing_m = excluded.spacing_m,"
                         " ordering = CASE WHEN ?8 THEN excluded.ordering ELSE ordering END,"
                         " updated_at = excluded.updated_at WHERE kind <> excluded.kind"
                         " OR unit_code <> excluded.unit_code OR reversed <> excluded.reversed"
                         " OR odd_left <> excluded.odd_left OR spacing_m <> excluded.spacing_m"
                         " OR (?8 AND ordering <> excluded.ordering)",
                         &st, err);
    if (rc != REG_OK)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    reg_bind_text(st, 2, f->kind == REG_AXIS_STREET ? "street" : "group");
    reg_bind_text(st, 3, unit);
    sqlite3_bind_int(st, 4, f->rule.reversed);
    sqlite3_bind_int(st, 5, f->rule.odd_left);
    sqlite3_bind_double(st, 6, f->rule.spacing_m);
    reg_bind_text(st, 7, reg_numbering_order_name(f->rule.order));
    sqlite3_bind_int(st, 8, f->order_given);
    long long before = sqlite3_total_changes64(db->sql);
    rc = reg_step_done(db, st, err);
    sqlite3_finalize(st);
    int changed = sqlite3_total_changes64(db->sql) != before;
    if (rc != REG_OK || !changed)
        return rc;
    if (*outcome != 'i')
        *outcome = 'u';
    json_t *after = reg_numbering_rule_json(0, &f->rule);
    if (after && (json_object_set_new(after, "kind", json_string(f->kind == REG_AXIS_STREET
                                                                    ? "street" : "group")) != 0 ||
                  json_object_set_new(after, "unit", json_string(unit)) != 0 ||
                  (!f->order_given && json_object_del(after, "order") != 0))) {
        json_decref(after);
        after = NULL;
    }
    char idtext[24];
    snprintf(idtext, sizeof idtext, "%ld", id);
    rc = after ? reg_audit_append(db, actor, "set_numbering", "street", idtext, NULL, after, err)
               : reg_error_nomem(err);
    json_decref(after);
    return rc;
}

/* Registers the axis inside the caller's write. */
static int import_in_write(reg_db *db, const char *actor, const reg_axis_input *in,
                           const axis_fields *f, long *id_out, char *outcome, reg_error *err)
{
    const char *cat = f->kind == REG_AXIS_STREET ? REG_DP_CATEGORY_STREET : REG_DP_CATEGORY_GROUP;
    long id = 0;
    *outcome = '=';
    int rc = check_unit(db, f->kind, in->unit_code, err);
    if (rc == REG_OK)
        rc = find_numbered(db, in->name, in->unit_code, cat, &id, err);
    if (rc == REG_OK && !id) {
        reg_place_existing ex;
        memset(&ex, 0, sizeof ex);
        ex.place.name = in->name;
        ex.place.category = cat;
        ex.place.geometry = in->geometry;
        ex.place.unit = in->unit_code;
        ex.place.protected_flag = -1;
        ex.code = in->code && in->code[0] ? in->code : NULL;
        ex.valid_from = in->valid_from && in->valid_from[0] ? in->valid_from : NULL;
        long long pid = 0;
        char placed = 0;
        rc = reg_place_register(db, actor, &ex, &pid, &placed, err);
        id = (long)pid;
        *outcome = 'i';
    }
    if (rc == REG_OK)
        rc = write_rule(db, actor, id, f, in->unit_code, outcome, err);
    if (rc == REG_OK)
        *id_out = id;
    return rc;
}

/* See reg_doorplates.h. */
int reg_axis_import(reg_db *db, const char *actor, const reg_axis_input *in, long *id_out,
                    char *outcome, reg_error *err)
{
    if (!db || !in || !id_out || !in->name)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    axis_fields f = {REG_AXIS_STREET, reg_numbering_default(), 0};
    int rc = reg_actor_check(actor, err);
    if (rc == REG_OK)
        rc = axis_fields_make(in, &f, err);
    long id = 0;
    int numbered = in->unit_code && in->unit_code[0];
    if (rc == REG_OK && !numbered && in->code && in->code[0])
        rc = find_coded(db, in->code, in->name, &id, err);
    if (rc == REG_OK && !numbered && id) { /* a street not numbered, as exports list it */
        *id_out = id;
        if (outcome)
            *outcome = '=';
        return REG_OK;
    }
    if (rc == REG_OK && !numbered)
        rc = reg_error_set(err, REG_EINVAL, "unit_missing", "unit_code",
                           "缺少所属单位（未编号的街路巷先以地名导入）",
                           "the unit is missing (a street not numbered is imported as a "
                           "place name first)");
    if (rc != REG_OK)
        return rc;
    reg_write w;
    char result = '=';
    if ((rc = reg_write_begin(db, &w, err)) != REG_OK)
        return rc;
    rc = reg_write_end(db, &w, import_in_write(db, actor, in, &f, id_out, &result, err), err);
    if (rc == REG_OK && outcome)
        *outcome = result;
    return rc;
}

/* See reg_doorplates.h. */
int reg_axis_find(reg_db *db, const char *name, const char *unit_code, long *id_out,
                  reg_error *err)
{
    if (!db || !name || !unit_code || !id_out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    long id = 0;
    int rc = find_numbered(db, name, unit_code, NULL, &id, err);
    if (rc == REG_OK && !id)
        rc = reg_error_set(err, REG_ENOTFOUND, "street_not_found", "street",
                           "该单位内没有这条街路巷或村民小组",
                           "no street or village group of this name is numbered in the unit");
    if (rc == REG_OK)
        *id_out = id;
    return rc;
}
