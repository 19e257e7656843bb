/*
 * reg_dp_problems.c: the D1 report of a street, a unit or the county.
 * Gathers the active door addresses of every axis in the scope (whole
 * axes, so that a street crossing a unit's edge is checked as a whole),
 * places each on its axis under its rule (a group in the staff's order
 * marked so, its order being the staff's), runs the pure checks of
 * reg_d1.c, and adds the two checks that are plain SQL: an active address
 * without a plate, a current plate on a retired address.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reg_dp_internal.h"

/* The doors being checked, with what the report prints about them. */
typedef struct d1_set {
    reg_d1_addr *addrs;
    char (*codes)[REG_PLATE_CODE_BUF];
    char (*units)[REG_CODE_MAX + 1];
    long *axis_index; /* into names */
    char (*names)[256];
    size_t n, cap, nnames;
    const char *unit;  /* the scope's unit prefix, or NULL */
    json_t *problems;
    json_t *counts;
    long listed, limit;
} d1_set;

/* Frees the set's arrays. */
static void set_free(d1_set *s)
{
    free(s->addrs);
    free(s->codes);
    free(s->units);
    free(s->axis_index);
    free(s->names);
}

/* Grows the set to hold one more door; 0 or -1. */
static int set_grow(d1_set *s)
{
    if (s->n < s->cap)
        return 0;
    size_t cap = s->cap ? s->cap * 2 : 1024;
    reg_d1_addr *a = realloc(s->addrs, cap * sizeof *a);
    if (a)
        s->addrs = a;
    char(*c)[REG_PLATE_CODE_BUF] = realloc(s->codes, cap * sizeof *c);
    if (c)
        s->codes = c;
    char(*u)[REG_CODE_MAX + 1] = realloc(s->units, cap * sizeof *u);
    if (u)
        s->units = u;
    long *ai = realloc(s->axis_index, cap * sizeof *ai);
    if (ai)
        s->axis_index = ai;
    if (!a || !c || !u || !ai)
        return -1;
    s->cap = cap;
    return 0;
}

/* Adds the axis's name to the set; its index or -1. */
static long add_name(d1_set *s, const char *name)
{
    char(*v)[256] = realloc(s->names, (s->nnames + 1) * sizeof *v);
    if (!v)
        return -1;
    s->names = v;
    snprintf(s->names[s->nnames], sizeof s->names[0], "%s", name);
    return (long)s->nnames++;
}

/* Adds the doors of axis id to the set, each placed on the axis and
 * checked against its unit's township. */
static int add_axis(reg_db *db, d1_set *s, long id, reg_error *err)
{
    reg_axis *a = NULL;
    reg_axis_door *doors = NULL;
    size_t nd = 0;
    int rc = reg_axis_get(db, id, &a, err);
    long name = rc == REG_OK ? add_name(s, a->name) : -1;
    if (rc == REG_OK && name < 0)
        rc = reg_error_nomem(err);
    if (rc == REG_OK)
        rc = reg_axis_doors(db, id, (reg_number){0, 0}, &doors, &nd, err);
    sqlite3_stmt *st = NULL;
    if (rc == REG_OK)
        rc = reg_prepare(db, "SELECT unit_code, lon, lat FROM addresses WHERE id = ?1",
                         &st, err);
    for (size_t i = 0; rc == REG_OK && i < nd; i++) {
        if (set_grow(s) != 0) {
            rc = reg_error_nomem(err);
            break;
        }
        reg_d1_addr *d = &s->addrs[s->n];
        memset(d, 0, sizeof *d);
        d->id = doors[i].id;
        d->axis = id;
        d->axis_kind = a->kind;
        d->order = a->rule.order;
        d->number = doors[i].number;
        d->x = doors[i].x;
        d->y = doors[i].y;
        int odd = 0;
        rc = reg_axis_position(a, d->x, d->y, &d->measure, &odd, err);
        d->side = a->kind == REG_AXIS_GROUP || odd < 0 ? 0 : odd ? 1 : -1;
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, d->id);
        if (rc == REG_OK && sqlite3_step(st) != SQLITE_ROW)
            rc = reg_error_sqlite(db, err);
        if (rc != REG_OK)
            break;
        const char *unit = (const char *)sqlite3_column_text(st, 0);
        char township[REG_CODE_MAX + 1] = "";
        int lrc = reg_locate_code(db, sqlite3_column_double(st, 1), sqlite3_column_double(st, 2),
                                  township, err);
        if (lrc != REG_OK && lrc != REG_ENOTFOUND) {
            rc = lrc;
            break;
        }
        d->outside_unit = !unit || strncmp(unit, township, 9) != 0 || strlen(township) != 9;
        snprintf(s->units[s->n], sizeof s->units[0], "%s", unit ? unit : "");
        memcpy(s->codes[s->n], doors[i].code, REG_PLATE_CODE_BUF);
        s->axis_index[s->n] = name;
        s->n++;
    }
    sqlite3_finalize(st);
    free(doors);
    reg_axis_release(db, a);
    return rc;
}

/* The severity of a D1 kind: gaps are warnings (a street may keep numbers
 * free on purpose), the rest errors. */
static const char *severity(reg_d1_kind k)
{
    return k == REG_D1_GAP ? "warning" : "error";
}

/* The messages of a D1 kind. */
static void kind_messages(reg_d1_kind k, const char **zh, const char **en)
{
    static const char *const m[REG_D1_KIND_COUNT][2] = {
        [REG_D1_DUPLICATE] = {"同一门牌号用于多个地址", "one number on several addresses"},
        [REG_D1_SAME_BUILDING] = {"同一建筑（相距 3 米以内）有两个门牌号",
                                  "one building (plates within 3 m) with two numbers"},
        [REG_D1_WRONG_SIDE] = {"门牌号单双与所在街侧不符", "the number is on the wrong side"},
        [REG_D1_OUT_OF_ORDER] = {"门牌号沿街顺序错乱", "the number is out of order along the street"},
        [REG_D1_GAP] = {"门牌号不连续（有空号）", "the sequence skips numbers"},
        [REG_D1_SKIPPED_UNLUCKY] = {"跳过了 4、13 或 14 号（不得跳号）",
                                    "number 4, 13 or 14 was skipped (it must not be)"},
        [REG_D1_OUTSIDE_UNIT] = {"门牌位置不在其所属单位（所在乡镇）内",
                                 "the point lies outside the unit the address names"},
    };
    *zh = m[k][0];
    *en = m[k][1];
}

/* {code, number, address} of door i. */
static json_t *door_json(const d1_set *s, size_t i)
{
    char num[REG_NUMBER_BUF], text[300];
    reg_number_format(s->addrs[i].number, num, sizeof num);
    snprintf(text, sizeof text, "%s%s号", s->names[s->axis_index[i]], num);
    return json_pack("{s:s?, s:s, s:s, s:I}", "code", s->codes[i][0] ? s->codes[i] : NULL,
                     "number", num, "address", text, "street", (json_int_t)s->addrs[i].axis);
}

/* 1 if door i is in the scope's unit (always, without a unit). */
static int in_scope(const d1_set *s, size_t i)
{
    return !s->unit || strncmp(s->units[i], s->unit, strlen(s->unit)) == 0;
}

/* Counts a problem of kind name and lists it while under the limit. */
static int record(d1_set *s, const char *kind, const char *sev, const char *zh, const char *en,
                  json_t *addresses, json_t *extra)
{
    json_t *c = json_object_get(s->counts, kind);
    json_object_set_new(s->counts, kind, json_integer((c ? json_integer_value(c) : 0) + 1));
    if (s->listed >= s->limit) {
        json_decref(addresses);
        json_decref(extra);
        return 0;
    }
    json_t *p = json_pack("{s:s, s:s, s:s, s:s, s:o}", "kind", kind, "severity", sev,
                          "message_zh", zh, "message_en", en, "addresses", addresses);
    if (!p) {
        json_decref(extra);
        return -1;
    }
    if (extra)
        json_object_update_new(p, extra);
    s->listed++;
    return json_array_append_new(s->problems, p);
}

/* The sink of reg_d1_check: a problem that touches the scope is recorded. */
static int sink(const reg_d1_problem *p, void *ctx)
{
    d1_set *s = ctx;
    if (!in_scope(s, p->a) && !in_scope(s, p->b))
        return 0;
    const char *zh, *en;
    kind_messages(p->kind, &zh, &en);
    json_t *addresses = json_array();
    json_array_append_new(addresses, door_json(s, p->a));
    if (p->b != p->a)
        json_array_append_new(addresses, door_json(s, p->b));
    json_t *extra = p->kind == REG_D1_GAP || p->kind == REG_D1_SKIPPED_UNLUCKY
                        ? json_pack("{s:[I, I]}", "missing", (json_int_t)p->gap_from,
                                    (json_int_t)p->gap_to)
                        : NULL;
    return record(s, reg_d1_kind_name(p->kind), severity(p->kind), zh, en, addresses, extra) != 0;
}

/* The axes of the scope, into a new array *ids of *n. */
static int scope_axes(reg_db *db, long street, const char *unit, long **ids, size_t *n,
                      reg_error *err)
{
    *ids = NULL;
    *n = 0;
    char sql[256] = "SELECT DISTINCT axis_id FROM addresses WHERE kind = 'door' AND active = 1";
    if (street > 0)
        strcat(sql, " AND axis_id = ?1");
    if (unit)
        strcat(sql, " AND unit_code >= ?2 AND unit_code < ?2 || ':'");
    strcat(sql, " ORDER BY axis_id");
    sqlite3_stmt *st;
    int rc = reg_prepare(db, sql, &st, err);
    if (rc != REG_OK)
        return rc;
    sqlite3_bind_int64(st, 1, street);
    reg_bind_text(st, 2, unit);
    size_t cap = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            long *v = realloc(*ids, cap * sizeof *v);
            if (!v) {
                rc = reg_error_nomem(err);
                break;
            }
            *ids = v;
        }
        (*ids)[(*n)++] = (long)sqlite3_column_int64(st, 0);
    }
    if (rc == REG_OK && step != SQLITE_DONE)
        rc = reg_error_sqlite(db, err);
    sqlite3_finalize(st);
    return rc;
}

/* The SQL checks: active addresses without a current plate, current
 * plates on retired addresses, in the scope. */
static int sql_checks(reg_db *db, d1_set *s, long street, reg_error *err)
{
    static const char *const sql[2] = {
        "SELECT NULL, a.num_main, a.num_sub, a.axis_id, coalesce(pl.name, '') FROM addresses a"
        " LEFT JOIN places pl ON pl.id = a.axis_id WHERE a.active = 1"
        " AND (?1 = 0 OR a.axis_id = ?1) AND (?2 IS NULL OR (a.unit_code >= ?2"
        " AND a.unit_code < ?2 || ':')) AND NOT EXISTS (SELECT 1 FROM plates p"
        " WHERE p.address_id = a.id AND p.state <> 'retired')",
        "SELECT p.code, a.num_main, a.num_sub, a.axis_id, coalesce(pl.name, '') FROM plates p"
        " JOIN addresses a ON a.id = p.address_id LEFT JOIN places pl ON pl.id = a.axis_id"
        " WHERE p.state <> 'retired' AND a.active = 0 AND (?1 = 0 OR a.axis_id = ?1)"
        " AND (?2 IS NULL OR (a.unit_code >= ?2 AND a.unit_code < ?2 || ':'))",
    };
    static const char *const kinds[2][4] = {
        {"address_without_plate", "warning", "地址没有在用的门牌", "the address has no current plate"},
        {"plate_on_retired_address", "error", "门牌仍在用但其地址已注销",
         "a current plate marks a retired address"},
    };
    int rc = REG_OK;
    for (int k = 0; k < 2 && rc == REG_OK; k++) {
        sqlite3_stmt *st;
        if ((rc = reg_prepare(db, sql[k], &st, err)) != REG_OK)
            break;
        sqlite3_bind_int64(st, 1, street > 0 ? street : 0);
        reg_bind_text(st, 2, s->unit);
        int step;
        while (rc == REG_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
            char num[REG_NUMBER_BUF], text[300];
            reg_number n = {(long)sqlite3_column_int64(st, 1), sqlite3_column_int(st, 2)};
            reg_number_format(n, num, sizeof num);
            snprintf(text, sizeof text, "%s%s号", (const char *)sqlite3_column_text(st, 4), num);
            json_t *addr = json_pack("[{s:s?, s:s, s:s, s:I}]", "code",
                                     (const char *)sqlite3_column_text(st, 0), "number", num,
                                     "address", text, "street",
                                     (json_int_t)sqlite3_column_int64(st, 3));
            if (record(s, kinds[k][0], kinds[k][1], kinds[k][2], kinds[k][3], addr, NULL) != 0)
                rc = reg_error_nomem(err);
        }
        sqlite3_finalize(st);
    }
    return rc;
}

/* The report in one read snapshot. */
static int problems_in_snapshot(reg_db *db, long street, d1_set *s, reg_error *err)
{
    long *ids = NULL;
    size_t n = 0;
    int rc = reg_dp_scope_check(db, street, s->unit, err);
    if (rc == REG_OK)
        rc = scope_axes(db, street, s->unit, &ids, &n, err);
    for (size_t i = 0; rc == REG_OK && i < n; i++)
        rc = add_axis(db, s, ids[i], err);
    free(ids);
    if (rc == REG_OK)
        rc = reg_d1_check(s->addrs, s->n, sink, s, err);
    if (rc == REG_OK)
        rc = sql_checks(db, s, street, err);
    return rc;
}

/* See reg_doorplates.h. */
int reg_doorplate_problems(reg_db *db, long street_id, const char *unit_code, long limit,
                           json_t **out, reg_error *err)
{
    if (!db || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    *out = NULL;
    d1_set s = {0};
    s.unit = unit_code && unit_code[0] ? unit_code : NULL;
    s.limit = limit < 1 ? 1 : limit > 100000 ? 100000 : limit;
    s.problems = json_array();
    s.counts = json_object();
    int opened = 0;
    int rc = s.problems && s.counts ? reg_read_begin(db, &opened, err) : reg_error_nomem(err);
    if (rc == REG_OK)
        rc = problems_in_snapshot(db, street_id, &s, err);
    reg_read_end(db, opened);
    long in_scope_n = 0;
    json_int_t total = 0;
    for (size_t i = 0; i < s.n; i++)
        in_scope_n += in_scope(&s, i);
    const char *key;
    json_t *value;
    json_object_foreach(s.counts, key, value)
        total += json_integer_value(value);
    json_t *scope = street_id > 0 ? json_pack("{s:I}", "street", (json_int_t)street_id)
                    : s.unit      ? json_pack("{s:s}", "unit", s.unit)
                                  : json_pack("{s:s}", "all", "registry");
    if (rc == REG_OK &&
        !(*out = json_pack("{s:o, s:I, s:O, s:O, s:I, s:b}", "scope", scope, "addresses",
                           (json_int_t)in_scope_n, "counts", s.counts, "problems", s.problems,
                           "listed", (json_int_t)s.listed, "truncated",
                           total > s.listed)))
        rc = reg_error_nomem(err);
    else if (rc != REG_OK)
        json_decref(scope);
    json_decref(s.problems);
    json_decref(s.counts);
    set_free(&s);
    return rc;
}
