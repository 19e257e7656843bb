/*
 * reg_dp_axis.c: the axes door numbers run along (D2), read from the
 * place register: a street (category 街路巷, a line) numbered by its rule,
 * or a village group (农村居民点, a seat point) numbered by distance from
 * its seat or in the order the staff give.  The rule lives in
 * numbering_axes; a place that has none yet gets the default rule (from
 * the line's start, 左单右双, 5 m, by distance).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reg_dp_internal.h"

/* Place statuses whose name is a standard name in force. */
static int status_current(const char *s)
{
    return s && (strcmp(s, "approved") == 0 || strcmp(s, "filed") == 0 ||
                 strcmp(s, "announced") == 0 || strcmp(s, "in_use") == 0);
}

/* The street_geometry error with a reason. */
static int geometry_error(reg_error *err, const char *en)
{
    return reg_error_detail(err, REG_ERULE, "street_geometry", "street",
                            "该街路巷或村民小组没有可用的线或驻地点",
                            "the street or village group has no usable line or seat point", en);
}

/* Reads the axis's geometry (WKB, EPSG:4490) into a->xy in EPSG:4544: a
 * street's LineString (a MultiLineString whose parts join into one line
 * is merged), a group's Point. */
static int read_geometry(reg_db *db, reg_axis *a, const void *wkb, size_t len, reg_error *err)
{
    GEOSContextHandle_t h = geo_ctx_geos(db->geo);
    GEOSGeometry *g = NULL;
    if (!wkb || geo_wkb_read(db->geo, wkb, len, &g) != GEO_OK)
        return geometry_error(err, "no geometry");
    int type = GEOSGeomTypeId_r(h, g);
    int rc = REG_OK;
    if (a->kind == REG_AXIS_GROUP) {
        double x, y;
        if (type != GEOS_POINT || !GEOSGeomGetX_r(h, g, &x) || !GEOSGeomGetY_r(h, g, &y) ||
            geo_transform_point(db->geo, GEO_CRS_4490, GEO_CRS_4544, &x, &y) != GEO_OK)
            rc = geometry_error(err, "a village group needs its seat as a Point");
        else if (!(a->xy = malloc(2 * sizeof *a->xy)))
            rc = reg_error_nomem(err);
        else {
            a->xy[0] = x;
            a->xy[1] = y;
            a->n = 1;
        }
    } else {
        if (type == GEOS_MULTILINESTRING) {
            GEOSGeometry *m = GEOSLineMerge_r(h, g);
            GEOSGeom_destroy_r(h, g);
            g = m;
            type = g ? GEOSGeomTypeId_r(h, g) : -1;
        }
        int grc = type == GEOS_LINESTRING ? geo_line_to_4544(db->geo, g, &a->xy, &a->n) : GEO_EINVAL;
        if (grc == GEO_ENOMEM)
            rc = reg_error_nomem(err);
        else if (grc != GEO_OK)
            rc = geometry_error(err, "a street needs one LineString");
        else if ((a->length = geo_line_length(a->xy, a->n)) <= 0.0)
            rc = geometry_error(err, "the line has no length");
    }
    if (g)
        GEOSGeom_destroy_r(h, g);
    return rc;
}

/* street_not_found, in err. */
static int street_not_found(reg_error *err)
{
    return reg_error_set(err, REG_ENOTFOUND, "street_not_found", "street",
                         "没有这条街路巷或村民小组", "no street or village group with this id");
}

/* Sets *kind from a place's category: REG_OK, or not_a_street (REG_ERULE)
 * for a place that is neither a street nor a village group. */
static int kind_of(const char *category, reg_axis_kind *kind, reg_error *err)
{
    if (category && strcmp(category, REG_DP_CATEGORY_STREET) == 0)
        *kind = REG_AXIS_STREET;
    else if (category && strcmp(category, REG_DP_CATEGORY_GROUP) == 0)
        *kind = REG_AXIS_GROUP;
    else
        return reg_error_set(err, REG_ERULE, "not_a_street", "street",
                             "该地名不是街路巷或农村居民点（村民小组）",
                             "the place is not a street (街路巷) nor a village group (农村居民点)");
    return REG_OK;
}

/* Steps the place register's row of axis id (REG_DP_AXIS) into *st and
 * sets *kind.  REG_OK with *st on the row (the caller resets it), or
 * street_not_found, not_a_street or an SQLite error (*st reset). */
static int axis_row(reg_db *db, long id, sqlite3_stmt **st, reg_axis_kind *kind,
                    reg_error *err)
{
    int rc = reg_dp_stmt(db, REG_DP_AXIS, st, err);
    if (rc != REG_OK)
        return rc;
    sqlite3_bind_int64(*st, 1, id);
    int step = sqlite3_step(*st);
    if (step == SQLITE_DONE)
        rc = street_not_found(err);
    else if (step != SQLITE_ROW)
        rc = reg_error_sqlite(db, err);
    else
        rc = kind_of((const char *)sqlite3_column_text(*st, 2), kind, err);
    if (rc != REG_OK)
        sqlite3_reset(*st);
    return rc;
}

/* Reads axis id from the place register into a (zeroed by the caller). */
static int load_axis(reg_db *db, long id, reg_axis *a, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = axis_row(db, id, &st, &a->kind, err);
    if (rc != REG_OK)
        return rc;
    a->id = id;
    a->rule = reg_numbering_default();
    reg_dp_col_text(a->name, sizeof a->name, st, 0);
    reg_dp_col_text(a->pinyin, sizeof a->pinyin, st, 1);
    reg_dp_col_text(a->unit_code, sizeof a->unit_code, st, 6);
    if (!status_current((const char *)sqlite3_column_text(st, 3)))
        rc = reg_error_set(err, REG_ERULE, "street_not_current", "street",
                           "该地名尚未批准或已注销，不能编门牌号",
                           "the name is not approved or has been cancelled: no numbers on it");
    if (rc == REG_OK && sqlite3_column_type(st, 5) != SQLITE_NULL) {
        a->rule.reversed = sqlite3_column_int(st, 7);
        a->rule.odd_left = sqlite3_column_int(st, 8);
        a->rule.spacing_m = sqlite3_column_double(st, 9);
        if (reg_numbering_order_parse((const char *)sqlite3_column_text(st, 10),
                                      &a->rule.order) != 0)
            rc = reg_error_sqlite(db, err);
    }
    if (rc == REG_OK)
        rc = read_geometry(db, a, sqlite3_column_blob(st, 4), (size_t)sqlite3_column_bytes(st, 4),
                           err);
    sqlite3_reset(st);
    return rc;
}

/* See reg_dp_internal.h. */
int reg_axis_place_check(reg_db *db, long id, reg_error *err)
{
    sqlite3_stmt *st;
    reg_axis_kind kind;
    int rc = axis_row(db, id, &st, &kind, err);
    if (rc == REG_OK)
        sqlite3_reset(st);
    return rc;
}

/* See reg_dp_internal.h.  During a bulk load the axis is looked up in,
 * or added to, the connection's cache and stays owned by it. */
int reg_axis_get(reg_db *db, long id, reg_axis **out, reg_error *err)
{
    *out = NULL;
    struct reg_dp_cache *c = db->dp;
    if (c && c->bulk && c->last_axis < c->naxes && c->axes[c->last_axis].id == id) {
        *out = &c->axes[c->last_axis]; /* a file lists the plates of an axis together */
        return REG_OK;
    }
    if (c && c->bulk)
        for (size_t i = 0; i < c->naxes; i++)
            if (c->axes[i].id == id) {
                c->last_axis = i;
                *out = &c->axes[i];
                return REG_OK;
            }
    reg_axis *a = NULL;
    if (c && c->bulk) {
        if (c->naxes == c->axes_cap) {
            size_t cap = c->axes_cap ? c->axes_cap * 2 : 64;
            reg_axis *v = realloc(c->axes, cap * sizeof *v);
            if (!v)
                return reg_error_nomem(err);
            c->axes = v;
            c->axes_cap = cap;
        }
        a = &c->axes[c->naxes];
    } else if (!(a = malloc(sizeof *a))) {
        return reg_error_nomem(err);
    }
    memset(a, 0, sizeof *a);
    int rc = load_axis(db, id, a, err);
    if (rc != REG_OK) {
        free(a->xy);
        if (!(c && c->bulk))
            free(a);
        return rc;
    }
    if (c && c->bulk)
        c->last_axis = c->naxes++;
    *out = a;
    return REG_OK;
}

/* See reg_dp_internal.h. */
void reg_axis_release(reg_db *db, reg_axis *a)
{
    if (!a || (db->dp && db->dp->bulk))
        return;
    free(a->xy);
    free(a);
}

/* See reg_dp_internal.h. */
int reg_axis_ensure(reg_db *db, reg_axis *a, const char *unit_code, reg_error *err)
{
    if (a->unit_code[0])
        return REG_OK;
    sqlite3_stmt *st;
    int rc = reg_dp_stmt(db, REG_DP_AXIS_INSERT, &st, err);
    if (rc != REG_OK)
        return rc;
    sqlite3_bind_int64(st, 1, a->id);
    if (reg_bind_text(st, 2, a->kind == REG_AXIS_STREET ? "street" : "group") != SQLITE_OK ||
        reg_bind_text(st, 3, unit_code) != SQLITE_OK)
        rc = reg_error_sqlite(db, err);
    else
        rc = reg_step_done(db, st, err);
    if (rc == REG_OK)
        snprintf(a->unit_code, sizeof a->unit_code, "%s", unit_code);
    return rc;
}

/* See reg_dp_internal.h. */
int reg_axis_position(const reg_axis *a, double x, double y, double *measure, int *odd,
                      reg_error *err)
{
    if (a->kind == REG_AXIS_GROUP) {
        *measure = hypot(x - a->xy[0], y - a->xy[1]);
        *odd = 0;
        return isfinite(*measure) ? REG_OK
                                  : reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效",
                                                  "bad argument");
    }
    return reg_numbering_position(a->xy, a->n, &a->rule, x, y, measure, odd, err);
}

/* See reg_dp_internal.h. */
int reg_axis_doors(reg_db *db, long axis, reg_number from, reg_axis_door **out, size_t *n,
                   reg_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st;
    int rc = reg_dp_rows_flush(db, err); /* a bulk load's rows first */
    if (rc == REG_OK)
        rc = reg_dp_stmt(db, REG_DP_AXIS_DOORS, &st, err);
    if (rc != REG_OK)
        return rc;
    sqlite3_bind_int64(st, 1, axis);
    sqlite3_bind_int64(st, 2, from.main);
    sqlite3_bind_int(st, 3, from.sub);
    size_t cap = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            reg_axis_door *v = realloc(*out, cap * sizeof *v);
            if (!v) {
                rc = reg_error_nomem(err);
                break;
            }
            *out = v;
        }
        reg_axis_door *d = &(*out)[(*n)++];
        d->id = (long)sqlite3_column_int64(st, 0);
        d->number.main = (long)sqlite3_column_int64(st, 1);
        d->number.sub = sqlite3_column_int(st, 2);
        d->x = sqlite3_column_double(st, 3);
        d->y = sqlite3_column_double(st, 4);
        reg_dp_col_text(d->code, sizeof d->code, st, 5);
    }
    if (rc == REG_OK && step != SQLITE_DONE)
        rc = reg_error_sqlite(db, err);
    sqlite3_reset(st);
    if (rc != REG_OK) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

/* See reg_doorplates.h. */
int reg_numbering_get(reg_db *db, long street_id, reg_numbering_rule *out, reg_error *err)
{
    if (!db || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    reg_axis *a = NULL;
    int opened = 0;
    int rc = reg_read_begin(db, &opened, err);
    if (rc == REG_OK)
        rc = reg_axis_get(db, street_id, &a, err);
    if (rc == REG_OK)
        *out = a->rule;
    reg_axis_release(db, a);
    reg_read_end(db, opened);
    return rc;
}

/* See reg_doorplates.h. */
json_t *reg_numbering_rule_json(long street_id, const reg_numbering_rule *r)
{
    json_t *j = json_pack("{s:s, s:s, s:f, s:s}", "direction", r->reversed ? "reverse" : "forward",
                          "odd_side", r->odd_left ? "left" : "right", "spacing_m", r->spacing_m,
                          "order", reg_numbering_order_name(r->order));
    if (j && street_id > 0 && json_object_set_new(j, "street", json_integer(street_id)) != 0) {
        json_decref(j);
        j = NULL;
    }
    return j;
}

/* Checks that rule suits axis a (reg_numbering_rule_check), and that on
 * a group nothing else than its order changed. */
static int rule_fits(const reg_axis *a, const reg_numbering_rule *rule, reg_error *err)
{
    int rc = reg_numbering_rule_check(a->kind, rule, err);
    if (rc != REG_OK)
        return rc;
    if (a->kind == REG_AXIS_GROUP &&
        (rule->reversed != a->rule.reversed || rule->odd_left != a->rule.odd_left ||
         rule->spacing_m != a->rule.spacing_m))
        return reg_error_set(err, REG_ERULE, "not_a_street", "street",
                             "村民小组没有单双号、方向和间距规则，只能设置编号顺序",
                             "a village group has no odd side, direction or spacing: only its "
                             "order can be set");
    return REG_OK;
}

/* Sets the rule of axis a inside the caller's write. */
static int set_rule(reg_db *db, const char *actor, reg_axis *a, const reg_numbering_rule *rule,
                    reg_error *err)
{
    int rc = rule_fits(a, rule, err);
    if (rc != REG_OK)
        return rc;
    if (!a->unit_code[0])
        return reg_error_set(err, REG_ERULE, "street_unit_unknown", "street",
                             "该街路巷或村民小组还没有门牌编号记录，请先为其登记门牌",
                             "the street or village group has no numbering record yet: register "
                             "a plate on it first or import it");
    sqlite3_stmt *st;
    rc = reg_prepare(db,
                     "UPDATE numbering_axes SET reversed = ?2, odd_left = ?3, spacing_m = ?4,"
                     " ordering = ?5, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
                     " WHERE place_id = ?1",
                     &st, err);
    if (rc != REG_OK)
        return rc;
    sqlite3_bind_int64(st, 1, a->id);
    sqlite3_bind_int(st, 2, rule->reversed ? 1 : 0);
    sqlite3_bind_int(st, 3, rule->odd_left ? 1 : 0);
    sqlite3_bind_double(st, 4, rule->spacing_m);
    if (reg_bind_text(st, 5, reg_numbering_order_name(rule->order)) != SQLITE_OK)
        rc = reg_error_sqlite(db, err);
    else
        rc = reg_step_done(db, st, err);
    sqlite3_finalize(st);
    json_t *before = reg_numbering_rule_json(0, &a->rule), *after = reg_numbering_rule_json(0, rule);
    char id[24];
    snprintf(id, sizeof id, "%ld", a->id);
    if (rc == REG_OK && (!before || !after))
        rc = reg_error_nomem(err);
    if (rc == REG_OK)
        rc = reg_audit_append(db, actor, "set_numbering", "street", id, before, after, err);
    json_decref(before);
    json_decref(after);
    return rc;
}

/* See reg_dp_internal.h. */
int reg_numbering_rule_check(reg_axis_kind kind, const reg_numbering_rule *rule, reg_error *err)
{
    if (!(rule->spacing_m >= 1.0 && rule->spacing_m <= 100.0))
        return reg_error_set(err, REG_EINVAL, "bad_spacing", "spacing_m",
                             "门牌间距应在 1 至 100 米之间", "the spacing must be 1 to 100 metres");
    if (!reg_numbering_order_name(rule->order))
        return reg_error_set(err, REG_EINVAL, "bad_order", "order",
                             "编号顺序应为 distance（按到驻地的距离）或 staff（按工作人员给定的顺序）",
                             "order is distance (from the seat) or staff (the order the staff "
                             "give)");
    if (kind == REG_AXIS_STREET && rule->order == REG_ORDER_STAFF)
        return reg_error_set(err, REG_ERULE, "staff_order_group_only", "order",
                             "只有村民小组可以按工作人员给定的顺序编号；街路巷沿线编号",
                             "only a village group may be numbered in the order the staff give; "
                             "a street is numbered along its line");
    return REG_OK;
}

/* See reg_doorplates.h.  The rule is read and written in one write
 * transaction, so a change of other members made meanwhile is kept. */
int reg_numbering_change_apply(reg_db *db, const char *actor, long street_id,
                               const reg_numbering_change *change, reg_numbering_rule *out,
                               reg_error *err)
{
    if (!db || !change)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    int rc = reg_actor_check(actor, err);
    if (rc != REG_OK)
        return rc;
    reg_write w;
    if ((rc = reg_write_begin(db, &w, err)) != REG_OK)
        return rc;
    reg_axis *a = NULL;
    rc = reg_axis_get(db, street_id, &a, err);
    reg_numbering_rule r = rc == REG_OK ? a->rule : reg_numbering_default();
    if (change->set_reversed)
        r.reversed = change->to.reversed;
    if (change->set_odd_left)
        r.odd_left = change->to.odd_left;
    if (change->set_spacing)
        r.spacing_m = change->to.spacing_m;
    if (change->set_order)
        r.order = change->to.order;
    if (rc == REG_OK)
        rc = set_rule(db, actor, a, &r, err);
    if (rc == REG_OK && out)
        *out = r;
    reg_axis_release(db, a);
    return reg_write_end(db, &w, rc, err);
}

/* See reg_doorplates.h. */
int reg_numbering_set(reg_db *db, const char *actor, long street_id,
                      const reg_numbering_rule *rule, reg_error *err)
{
    if (!rule)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    reg_numbering_change all = {1, 1, 1, 1, *rule};
    return reg_numbering_change_apply(db, actor, street_id, &all, NULL, err);
}
