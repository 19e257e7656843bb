/*
 * reg_dp_write.c: registering an address with its plate (D1-D4) in one
 * write, and finding who holds a number.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reg_dp_internal.h"

/* A plate input checked and normalised. */
typedef struct plate_fields {
    reg_number number;
    char number_text[REG_NUMBER_BUF];
    char building[REG_LABEL_BUF], entrance[REG_LABEL_BUF], room[REG_LABEL_BUF];
    const char *kind;  /* door, building, unit, room */
    int state;         /* index of the initial D3 state */
    char date[REG_DATE_BUF];
    int has_point;
} plate_fields;

/* Normalises an optional label into out ("" when absent or blank). */
static int optional_label(const char *in, const char *field, char *out, reg_error *err)
{
    out[0] = '\0';
    if (!in)
        return REG_OK;
    const char *p = in;
    while (*p == ' ' || *p == '\t')
        p++;
    return *p ? reg_dp_label(in, field, out, err) : REG_OK;
}

/* Checks the input without the database into f. */
static int fields_make(const reg_plate_input *in, plate_fields *f, reg_error *err)
{
    memset(f, 0, sizeof *f);
    int rc = reg_number_parse(in->number, "number", &f->number, err);
    if (rc == REG_OK)
        reg_number_format(f->number, f->number_text, sizeof f->number_text);
    if (rc == REG_OK)
        rc = optional_label(in->building, "building", f->building, err);
    if (rc == REG_OK)
        rc = optional_label(in->entrance, "entrance", f->entrance, err);
    if (rc == REG_OK)
        rc = optional_label(in->room, "room", f->room, err);
    if (rc != REG_OK)
        return rc;
    if ((f->entrance[0] || f->room[0]) && !f->building[0])
        return reg_error_set(err, REG_EINVAL, "label_order", "building",
                             "单元号和户室号必须在楼栋号之下",
                             "an entrance or room needs the building it is in");
    f->kind = f->room[0] ? "room" : f->entrance[0] ? "unit" : f->building[0] ? "building" : "door";
    f->state = reg_plate_state_index(in->state ? in->state : "entered");
    if (f->state < 0 || f->state >= reg_plate_state_index("retired"))
        return reg_error_set(err, REG_EINVAL, "bad_state", "state",
                             "初始状态应为 collected、compiled、entered、produced 或 active",
                             "the initial state is collected, compiled, entered, produced or "
                             "active");
    if ((rc = reg_date_field(in->state_date, "state_date", f->date, err)) != REG_OK)
        return rc;
    f->has_point = !isnan(in->lon) || !isnan(in->lat);
    if (f->has_point && (!isfinite(in->lon) || !isfinite(in->lat) || in->lon < -180 ||
                         in->lon > 180 || in->lat < -90 || in->lat > 90))
        return reg_error_set(err, REG_EINVAL, "coordinate_out_of_range", "lon",
                             "坐标超出范围（经度 -180..180，纬度 -90..90）",
                             "coordinate out of range (lon -180..180, lat -90..90)");
    if (strcmp(f->kind, "door") == 0 && !f->has_point)
        return reg_error_set(err, REG_EINVAL, "point_missing", "lon", "门牌必须有坐标",
                             "a door plate needs its point");
    if (strcmp(f->kind, "door") == 0 && (!in->unit_code || !in->unit_code[0]))
        return reg_error_set(err, REG_EINVAL, "unit_missing", "unit",
                             "门牌必须注明所属村（社区）", "a door plate needs its village-level unit");
    if (in->code && in->code[0])
        rc = reg_plate_code_check(in->code, err);
    return rc;
}

/* See reg_dp_internal.h. */
int reg_dp_unit_current(reg_db *db, const char *unit, int village, char *parent,
                        reg_error *err)
{
    struct reg_dp_cache *c = db->dp;
    if (c && c->bulk && c->unit_village == village && strcmp(c->unit, unit) == 0) {
        strcpy(parent, c->unit_parent);
        return REG_OK;
    }
    sqlite3_stmt *st;
    int rc = reg_dp_stmt(db, REG_DP_UNIT, &st, err);
    if (rc != REG_OK)
        return rc;
    char today[REG_DATE_BUF];
    reg_today(today);
    int step = reg_bind_text(st, 1, unit) == SQLITE_OK ? sqlite3_step(st) : SQLITE_ERROR;
    if (step == SQLITE_ROW) {
        const char *level = (const char *)sqlite3_column_text(st, 0);
        const char *up = (const char *)sqlite3_column_text(st, 1);
        const char *valid_to = (const char *)sqlite3_column_text(st, 2);
        int ok = level && up && strlen(up) <= REG_CODE_MAX &&
                 !(valid_to && strcmp(valid_to, today) <= 0) &&
                 (village ? strcmp(level, "community") == 0 || strcmp(level, "village") == 0
                          : strcmp(level, "town") == 0 || strcmp(level, "township") == 0 ||
                                strcmp(level, "subdistrict") == 0);
        if (ok && c && c->bulk && strlen(unit) < sizeof c->unit) {
            strcpy(c->unit, unit);
            strcpy(c->unit_parent, up);
            c->unit_village = village;
        }
        if (ok)
            strcpy(parent, up);
        else
            step = SQLITE_DONE;
    }
    if (step == SQLITE_DONE)
        rc = reg_error_set(err, REG_ENOTFOUND, "unit_not_current", "unit",
                           "不是现行的该级单位", "not a current unit of that level");
    else if (step != SQLITE_ROW)
        rc = reg_error_sqlite(db, err);
    sqlite3_reset(st);
    return rc;
}

/* Reads a current village-level unit's township into township
 * (REG_CODE_MAX + 1 bytes); REG_ERULE "unit_not_village" otherwise. */
static int village_township(reg_db *db, const char *unit, char *township, reg_error *err)
{
    int rc = reg_dp_unit_current(db, unit, 1, township, err);
    if (rc == REG_ENOTFOUND)
        rc = reg_error_detail(err, REG_ERULE, "unit_not_village", "unit",
                              "所属单位不是现行的村（社区）级单位",
                              "the unit is not a current village-level unit", unit);
    return rc;
}

/* Checks that the township polygon holding (lon, lat) is township. */
static int point_in_township(reg_db *db, double lon, double lat, const char *township,
                             reg_error *err)
{
    char found[REG_CODE_MAX + 1];
    int rc = reg_locate_code(db, lon, lat, found, err);
    if (rc == REG_ENOTFOUND)
        return reg_error_set(err, REG_ERULE, "outside_registry", "lon",
                             "该点不在任何已登记的乡镇边界内（不在本县）",
                             "no registered township boundary holds the point (outside the "
                             "county)");
    if (rc != REG_OK)
        return rc;
    if (strcmp(found, township) != 0) {
        char zh[200], en[200];
        snprintf(zh, sizeof zh, "门牌位置在乡镇 %s 内，而所属单位属于乡镇 %s", found, township);
        snprintf(en, sizeof en, "the point lies in township %s but the unit belongs to %s",
                 found, township);
        return reg_error_set(err, REG_ERULE, "unit_point_mismatch", "unit", zh, en);
    }
    return REG_OK;
}

/* Looks up the active address of kind with the number and labels on
 * axis.  REG_OK with *found 1 and the row, or *found 0. */
static int find_holder(reg_db *db, long axis, reg_number n, const char *kind, const char *b,
                       const char *e, const char *r, int *found, reg_dp_holder *h, reg_error *err)
{
    struct reg_dp_cache *c = db->dp;
    if (c && c->bulk) { /* an axis without addresses before the load: the load's */
        reg_axis *a;
        int fresh = 0;
        int rc = reg_axis_get(db, axis, &a, err); /* cached: no query */
        if (rc == REG_OK)
            rc = reg_dp_axis_fresh(db, a, &fresh, err);
        if (rc != REG_OK || fresh) {
            *found = rc == REG_OK && reg_dp_holders_find(c, axis, n, kind, b, e, r, h);
            return rc;
        }
        if ((rc = reg_dp_rows_flush(db, err)) != REG_OK) /* SQL must see the load's rows */
            return rc;
    }
    sqlite3_stmt *st;
    int rc = reg_dp_stmt(db, REG_DP_HOLDER, &st, err);
    if (rc != REG_OK)
        return rc;
    sqlite3_bind_int64(st, 1, axis);
    sqlite3_bind_int64(st, 2, n.main);
    sqlite3_bind_int(st, 3, n.sub);
    int step = reg_bind_text(st, 4, kind) == SQLITE_OK &&
                       reg_dp_bind_opt(st, 5, b) == SQLITE_OK &&
                       reg_dp_bind_opt(st, 6, e) == SQLITE_OK &&
                       reg_dp_bind_opt(st, 7, r) == SQLITE_OK
                   ? sqlite3_step(st)
                   : SQLITE_ERROR;
    *found = step == SQLITE_ROW;
    if (step == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(st, 1);
        const char *unit = (const char *)sqlite3_column_text(st, 2);
        h->id = (long)sqlite3_column_int64(st, 0);
        snprintf(h->code, sizeof h->code, "%s", code ? code : "");
        snprintf(h->unit, sizeof h->unit, "%s", unit ? unit : "");
        h->x = sqlite3_column_double(st, 3);
        h->y = sqlite3_column_double(st, 4);
        h->lon = sqlite3_column_double(st, 5);
        h->lat = sqlite3_column_double(st, 6);
    } else if (step != SQLITE_DONE) {
        rc = reg_error_sqlite(db, err);
    }
    sqlite3_reset(st);
    return rc;
}

/* The sub-number rule for door number n at measure m on side odd (D2): its
 * predecessor (n.sub - 1, or the whole number) lies on the same side no
 * later along the street, and no greater number lies before it; in a
 * village group numbered in the staff's order the predecessor only has to
 * exist.  Only the doors numbered from the predecessor on are read (n
 * itself is free). */
static int check_sub_order(reg_db *db, const reg_axis *a, reg_number n, double m, int odd,
                           reg_error *err)
{
    reg_axis_door *doors = NULL;
    size_t nd = 0;
    reg_number pred = {n.main, n.sub - 1};
    int rc = reg_axis_doors(db, a->id, pred, &doors, &nd, err);
    int pred_ok = 0, later_before = 0, staff = a->rule.order == REG_ORDER_STAFF;
    for (size_t i = 0; rc == REG_OK && i < nd; i++) {
        double dm;
        int dodd;
        if (reg_axis_position(a, doors[i].x, doors[i].y, &dm, &dodd, err) != REG_OK) {
            rc = REG_EINVAL;
            break;
        }
        if (dodd != odd)
            continue;
        if (reg_number_cmp(doors[i].number, pred) == 0 && (staff || dm <= m))
            pred_ok = 1;
        if (!staff && reg_number_cmp(doors[i].number, n) > 0 && dm < m)
            later_before = 1;
    }
    free(doors);
    if (rc == REG_OK && (!pred_ok || later_before)) {
        char zh[200], en[240], prev[REG_NUMBER_BUF];
        reg_number_format(pred, prev, sizeof prev);
        if (staff) {
            snprintf(zh, sizeof zh, "支号顺序错误：该村民小组应先有 %s 号", prev);
            snprintf(en, sizeof en, "sub-numbers out of order: the village group must hold "
                     "number %s first", prev);
        } else {
            snprintf(zh, sizeof zh, "支号顺序错误：沿街同侧应先有 %s 号，且其前不能有更大的门牌号",
                     prev);
            snprintf(en, sizeof en, "sub-numbers out of order: number %s must come before it on "
                     "its side of the street, and no greater number may", prev);
        }
        rc = reg_error_set(err, REG_ERULE, "sub_number_order", "number", zh, en);
    }
    return rc;
}

/* Applies the D1/D2 rules to a door: number free, parity of its side,
 * sub-number order.  With legacy, a broken rule goes to warning and the
 * write goes on. */
static int check_door_rules(reg_db *db, const reg_axis *a, const plate_fields *f, double x,
                            double y, int legacy, reg_error *warning, reg_error *err)
{
    int found = 0, odd = 0;
    double m = 0;
    reg_dp_holder h;
    reg_error e = {0};
    int rc = find_holder(db, a->id, f->number, "door", "", "", "", &found, &h, err);
    if (rc == REG_OK)
        rc = reg_axis_position(a, x, y, &m, &odd, err);
    if (rc != REG_OK)
        return rc;
    int broken = REG_OK;
    if (found) {
        char zh[160], en[160];
        snprintf(zh, sizeof zh, "该门牌号已被使用（门牌编码 %s）", h.code);
        snprintf(en, sizeof en, "the number is already taken (plate %s)", h.code);
        broken = reg_error_set(&e, REG_ECONFLICT, "number_taken", "number", zh, en);
    } else if (a->kind == REG_AXIS_STREET && odd < 0) {
        broken = reg_error_set(&e, REG_ERULE, "point_on_street", "lon",
                               "该点在街路巷中心线上，无法判断单双号侧；请取建筑物门口的位置",
                               "the point lies on the street's centre line: no side; take the "
                               "point at the building's door");
    } else if (a->kind == REG_AXIS_STREET && (f->number.main % 2 == 1) != (odd == 1)) {
        broken = reg_error_set(&e, REG_ERULE, "wrong_side", "number",
                               odd ? "该点在单号一侧，门牌号应为单数" : "该点在双号一侧，门牌号应为双数",
                               odd ? "the point is on the odd side of the street: the number must "
                                     "be odd"
                                   : "the point is on the even side of the street: the number must "
                                     "be even");
    } else if (f->number.sub > 0) {
        broken = check_sub_order(db, a, f->number, m, odd, &e);
        if (broken != REG_OK && broken != REG_ERULE)
            return reg_error_set(err, e.status, e.code, e.field, e.message_zh, e.message_en);
    }
    if (broken == REG_OK)
        return REG_OK;
    if (legacy) {
        if (warning)
            *warning = e;
        return REG_OK;
    }
    if (err)
        *err = e;
    return broken;
}

/* The audit record of a new plate. */
static int audit_create(reg_db *db, const char *actor, const reg_axis *a, const plate_fields *f,
                        const char *unit, double lon, double lat, const char *code,
                        const reg_error *warning, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_dp_stmt(db, REG_DP_AUDIT_CREATE, &st, err);
    if (rc != REG_OK)
        return rc;
    if (reg_bind_text(st, 1, actor) != SQLITE_OK || reg_bind_text(st, 2, code) != SQLITE_OK ||
        reg_bind_text(st, 3, f->kind) != SQLITE_OK ||
        sqlite3_bind_int64(st, 4, a->id) != SQLITE_OK ||
        reg_bind_text(st, 5, f->number_text) != SQLITE_OK ||
        reg_bind_text(st, 6, f->building) != SQLITE_OK ||
        reg_bind_text(st, 7, f->entrance) != SQLITE_OK ||
        reg_bind_text(st, 8, f->room) != SQLITE_OK ||
        reg_bind_text(st, 9, unit) != SQLITE_OK || sqlite3_bind_double(st, 10, lon) != SQLITE_OK ||
        sqlite3_bind_double(st, 11, lat) != SQLITE_OK ||
        reg_bind_text(st, 12, reg_plate_state_name(f->state)) != SQLITE_OK ||
        reg_bind_text(st, 13, f->date) != SQLITE_OK ||
        reg_bind_text(st, 14, warning && warning->code[0] ? warning->code : NULL) != SQLITE_OK)
        return reg_error_sqlite(db, err);
    return reg_step_done(db, st, err);
}

/* The parent address of a building, entrance or room plate. */
static int find_parent(reg_db *db, long axis, const plate_fields *f, reg_dp_holder *h,
                       reg_error *err)
{
    int found = 0;
    int rc;
    if (strcmp(f->kind, "building") == 0)
        rc = find_holder(db, axis, f->number, "door", "", "", "", &found, h, err);
    else if (strcmp(f->kind, "unit") == 0 || !f->entrance[0])
        rc = find_holder(db, axis, f->number, "building", f->building, "", "", &found, h, err);
    else
        rc = find_holder(db, axis, f->number, "unit", f->building, f->entrance, "", &found, h,
                         err);
    if (rc == REG_OK && !found)
        rc = reg_error_set(err, REG_ERULE, "parent_address_missing", "number",
                           "上级地址（门牌、楼栋或单元）不存在",
                           "the address above it (door, building or entrance) does not exist");
    return rc;
}

/* Where a new plate goes, as its checks found it. */
typedef struct plate_place {
    reg_axis *a;
    char township[REG_CODE_MAX + 1], unit[REG_CODE_MAX + 1];
    double lon, lat, x, y; /* EPSG:4490 and EPSG:4544 */
    long parent;           /* the address above a building, entrance or room */
} plate_place;

/* Runs every check of a new plate, reading only, into p (p->a is set
 * whenever the axis was found: the caller releases it). */
static int check_plate(reg_db *db, const reg_plate_input *in, const plate_fields *f,
                       plate_place *p, reg_error *warning, reg_error *err)
{
    p->lon = in->lon;
    p->lat = in->lat;
    int rc = reg_axis_get(db, in->street_id, &p->a, err);
    const reg_axis *a = p->a;
    if (rc == REG_OK && strcmp(f->kind, "door") == 0) {
        snprintf(p->unit, sizeof p->unit, "%s", in->unit_code);
        rc = village_township(db, p->unit, p->township, err);
        if (rc == REG_OK && a->kind == REG_AXIS_GROUP && a->unit_code[0] &&
            strcmp(a->unit_code, p->unit) != 0)
            rc = reg_error_detail(err, REG_ERULE, "axis_unit_mismatch", "unit",
                                  "村民小组属于另一个村（社区）",
                                  "the village group belongs to another village-level unit",
                                  a->unit_code);
    } else if (rc == REG_OK) {
        reg_dp_holder h = {0};
        rc = find_parent(db, a->id, f, &h, err);
        p->parent = h.id;
        snprintf(p->unit, sizeof p->unit, "%s", h.unit);
        if (rc == REG_OK)
            rc = village_township(db, p->unit, p->township, err);
        if (rc == REG_OK && !f->has_point) {
            p->lon = h.lon;
            p->lat = h.lat;
        }
    }
    if (rc == REG_OK)
        rc = point_in_township(db, p->lon, p->lat, p->township, err);
    p->x = p->lon;
    p->y = p->lat;
    if (rc == REG_OK &&
        geo_transform_point(db->geo, GEO_CRS_4490, GEO_CRS_4544, &p->x, &p->y) != GEO_OK)
        rc = reg_error_set(err, REG_EINVAL, "coordinate_out_of_range", "lon", "坐标无法转换",
                           "the point cannot be transformed");
    if (rc == REG_OK && strcmp(f->kind, "door") == 0)
        rc = check_door_rules(db, a, f, p->x, p->y, in->legacy, warning, err);
    if (rc == REG_OK && strcmp(f->kind, "door") != 0) {
        int found = 0;
        reg_dp_holder h;
        rc = find_holder(db, a->id, f->number, f->kind, f->building, f->entrance, f->room, &found,
                         &h, err);
        if (rc == REG_OK && found)
            rc = reg_error_set(err, REG_ECONFLICT, "number_taken", "number",
                               "该楼栋、单元或户室已登记", "the building, entrance or room is "
                                                          "already registered");
    }
    if (rc == REG_OK && in->code && in->code[0])
        rc = reg_plate_code_usable(db, in->code, p->township, err);
    return rc;
}

/* Writes a plate that passed check_plate: the street's numbering axis
 * (first door), the code, the address and plate rows, and the audit entry
 * (during a bulk load only for a plate with a survey warning: the load
 * has one entry for all). */
static int write_plate(reg_db *db, const char *actor, const reg_plate_input *in,
                       const plate_fields *f, plate_place *p, char *code_out,
                       const reg_error *warning, reg_error *err)
{
    struct reg_dp_cache *c = db->dp;
    int bulk = c && c->bulk;
    char now[REG_TIME_BUF], today[REG_DATE_BUF];
    if (!bulk) {
        reg_now(now);
        reg_today(today);
    }
    int rc = REG_OK;
    if (strcmp(f->kind, "door") == 0)
        rc = reg_axis_ensure(db, p->a, p->a->kind == REG_AXIS_STREET ? p->township : p->unit,
                             err);
    if (rc == REG_OK && in->code && in->code[0]) {
        memcpy(code_out, in->code, REG_PLATE_CODE_BUF);
        rc = reg_plate_code_claim(db, in->code, err);
    } else if (rc == REG_OK) {
        rc = reg_plate_code_alloc(db, p->township, code_out, err);
    }
    reg_dp_row row = {.kind = f->kind, .parent = p->parent, .axis = p->a->id,
                      .number = f->number, .x = p->x, .y = p->y, .lon = p->lon,
                      .lat = p->lat, .state = f->state};
    memcpy(row.building, f->building, sizeof row.building);
    memcpy(row.entrance, f->entrance, sizeof row.entrance);
    memcpy(row.room, f->room, sizeof row.room);
    memcpy(row.unit, p->unit, sizeof row.unit);
    memcpy(row.code, code_out, sizeof row.code);
    memcpy(row.state_date, f->date, sizeof row.state_date);
    memcpy(row.created_at, bulk ? c->bulk_now : now, sizeof row.created_at);
    memcpy(row.valid_from, bulk ? c->bulk_today : today, sizeof row.valid_from);
    reg_dp_holder h = {.x = p->x, .y = p->y, .lon = p->lon, .lat = p->lat};
    if (rc == REG_OK)
        rc = reg_dp_row_write(db, &row, &h.id, err);
    if (rc == REG_OK && bulk) {
        memcpy(h.code, code_out, REG_PLATE_CODE_BUF);
        memcpy(h.unit, p->unit, sizeof h.unit);
        rc = reg_dp_holders_add(c, p->a->id, f->number, f->kind, f->building, f->entrance,
                                f->room, &h, err);
    }
    if (rc == REG_OK && (!bulk || (warning && warning->code[0])))
        rc = audit_create(db, actor, p->a, f, p->unit, p->lon, p->lat, code_out, warning, err);
    return rc;
}

/* See reg_doorplates.h.  A write of its own (a savepoint inside the
 * caller's transaction) except during a bulk load: there every check
 * runs before the first write, so a refused row writes nothing, and a
 * write that fails after the first one is REG_EIO - the caller rolls the
 * whole load back (a savepoint a row costs more than the row). */
int reg_plate_create(reg_db *db, const char *actor, const reg_plate_input *in, char *code_out,
                     reg_error *warning, reg_error *err)
{
    if (!db || !in || !code_out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    if (warning)
        memset(warning, 0, sizeof *warning);
    plate_fields f;
    int rc = reg_actor_check(actor, err);
    if (rc == REG_OK)
        rc = fields_make(in, &f, err);
    if (rc != REG_OK)
        return rc;
    int bulk = db->dp && db->dp->bulk && !sqlite3_get_autocommit(db->sql);
    reg_write w;
    if (!bulk && (rc = reg_write_begin(db, &w, err)) != REG_OK)
        return rc;
    plate_place p;
    memset(&p, 0, sizeof p);
    rc = check_plate(db, in, &f, &p, warning, err);
    if (rc == REG_OK && (rc = write_plate(db, actor, in, &f, &p, code_out, warning, err)) !=
                            REG_OK && bulk) {
        rc = REG_EIO;
        if (err)
            err->status = REG_EIO;
    }
    reg_axis_release(db, p.a);
    return bulk ? rc : reg_write_end(db, &w, rc, err);
}

/* See reg_doorplates.h. */
int reg_doorplate_holder(reg_db *db, long street_id, const char *number, const char *building,
                         const char *entrance, const char *room, json_t **out, reg_error *err)
{
    if (!db || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    *out = NULL;
    /* Only the number and labels are read: the point and unit are dummies. */
    reg_plate_input in = {.street_id = street_id, .number = number, .building = building,
                          .entrance = entrance, .room = room, .lon = 0, .lat = 0,
                          .unit_code = "-"};
    plate_fields f;
    int rc = fields_make(&in, &f, err);
    if (rc != REG_OK)
        return rc;
    int found = 0;
    reg_dp_holder h;
    rc = find_holder(db, street_id, f.number, f.kind, f.building, f.entrance, f.room, &found, &h,
                     err);
    if (rc == REG_OK && !found)
        return reg_error_set(err, REG_ENOTFOUND, "number_free", "number", "该门牌号未被使用",
                             "the number is free");
    if (rc == REG_OK && !h.code[0])
        return reg_error_set(err, REG_ENOTFOUND, "plate_not_found", "number",
                             "该地址没有在用的门牌", "the address has no current plate");
    reg_plate_view v;
    if (rc == REG_OK && (rc = reg_plate_view_get(db, h.code, &v, err)) == REG_OK &&
        !(*out = reg_plate_view_json(&v)))
        rc = reg_error_nomem(err);
    return rc;
}
