/*
 * reg_dp_view.c: reading plates: one plate for a resident's scan (one
 * cached statement, no JSON), the end of a replacement chain,
 * lists for the batch renderer and the API, and the nearest addresses to
 * a point through the spatial index.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reg_dp_internal.h"

#define DP_CHAIN_MAX 16
#define DP_DEG_M 111320.0 /* metres in a degree of latitude, about */

/* Copies the names of chain (NULL: an unknown unit, all "") into v. */
static void view_chain(reg_plate_view *v, const reg_dp_chain *c)
{
    static const reg_dp_chain none;
    if (!c)
        c = &none;
    memcpy(v->village_code, c->code, sizeof c->code); /* the sizes are the view's */
    memcpy(v->village, c->village, sizeof c->village);
    memcpy(v->township_code, c->township_code, sizeof c->township_code);
    memcpy(v->township, c->township, sizeof c->township);
    memcpy(v->county, c->county, sizeof c->county);
    memcpy(v->city, c->city, sizeof c->city);
    memcpy(v->province, c->province, sizeof c->province);
}

/* See reg_dp_internal.h. */
int reg_dp_view_row(reg_db *db, sqlite3_stmt *st, reg_plate_view *v, reg_error *err)
{
    /* Every member is written below (no memset of the ~4 KB view: it was
     * the resolver's largest single cost). */
    reg_dp_col_text(v->code, sizeof v->code, st, 0);
    reg_dp_col_text(v->kind, sizeof v->kind, st, 1);
    reg_dp_col_text(v->state, sizeof v->state, st, 2);
    for (int i = 0; i < 6; i++)
        reg_dp_col_text(v->dates[i], sizeof v->dates[i], st, 3 + i);
    int si = reg_plate_state_index(v->state);
    if (si >= 0)
        memcpy(v->state_date, v->dates[si], sizeof v->state_date);
    else
        v->state_date[0] = '\0';
    reg_dp_col_text(v->replaced_by, sizeof v->replaced_by, st, 9);
    reg_dp_col_text(v->replaces, sizeof v->replaces, st, 10);
    v->address_active = sqlite3_column_int(st, 11);
    reg_number n = {(long)sqlite3_column_int64(st, 12), sqlite3_column_int(st, 13)};
    if (reg_number_format(n, v->number, sizeof v->number) != REG_OK)
        v->number[0] = '\0';
    reg_dp_col_text(v->building, sizeof v->building, st, 14);
    reg_dp_col_text(v->entrance, sizeof v->entrance, st, 15);
    reg_dp_col_text(v->room, sizeof v->room, st, 16);
    v->lon = sqlite3_column_double(st, 17);
    v->lat = sqlite3_column_double(st, 18);
    const reg_dp_chain *chain = NULL;
    int rc = reg_dp_chain_get(db, (const char *)sqlite3_column_text(st, 19), &chain, err);
    view_chain(v, chain);
    reg_dp_col_text(v->street, sizeof v->street, st, 20);
    reg_dp_col_text(v->street_pinyin, sizeof v->street_pinyin, st, 21);
    reg_dp_col_text(v->axis_kind, sizeof v->axis_kind, st, 22);
    v->street_id = (long)sqlite3_column_int64(st, 23);
    reg_dp_compose(v, chain);
    return rc;
}

/* See reg_doorplates.h. */
int reg_plate_view_get(reg_db *db, const char *code, reg_plate_view *out, reg_error *err)
{
    if (!db || !code || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    sqlite3_stmt *st;
    int rc = reg_dp_stmt(db, REG_DP_VIEW, &st, err);
    if (rc != REG_OK)
        return rc;
    int step = reg_bind_text(st, 1, code) == SQLITE_OK ? sqlite3_step(st) : SQLITE_ERROR;
    if (step == SQLITE_ROW)
        rc = reg_dp_view_row(db, st, out, err);
    else if (step == SQLITE_DONE)
        rc = reg_error_set(err, REG_ENOTFOUND, "plate_not_found", "code", "没有这个门牌编码",
                           "no plate with this code");
    else
        rc = reg_error_sqlite(db, err);
    sqlite3_reset(st);
    return rc;
}

/* See reg_doorplates.h.  A chain longer than DP_CHAIN_MAX (a loop, which
 * the writes never make) ends where the walk stopped. */
int reg_plate_final_code(reg_db *db, const char *code, char *out, reg_error *err)
{
    if (!db || !code || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    reg_plate_view v;
    int opened = 0;
    int rc = reg_read_begin(db, &opened, err);
    if (rc == REG_OK)
        rc = reg_plate_view_get(db, code, &v, err);
    out[0] = '\0';
    for (int i = 0; rc == REG_OK && i < DP_CHAIN_MAX && v.replaced_by[0]; i++) {
        memcpy(out, v.replaced_by, REG_PLATE_CODE_BUF);
        rc = reg_plate_view_get(db, out, &v, err);
    }
    reg_read_end(db, opened);
    return rc;
}

/* Prepares the list of plates matching f (constant SQL fragments, values
 * bound). */
static int prepare_list(reg_db *db, const reg_plate_filter *f, sqlite3_stmt **st,
                        reg_error *err)
{
    char sql[2048] = REG_DP_VIEW_SELECT " WHERE (?3 OR p.state <> 'retired')";
    if (f->street_id > 0)
        strcat(sql, " AND a.axis_id = ?1");
    if (f->unit_code)
        strcat(sql, " AND a.unit_code >= ?2 AND a.unit_code < ?2 || ':'");
    if (!f->any_order)
        strcat(sql, " ORDER BY p.code");
    int rc = reg_prepare(db, sql, st, err);
    if (rc != REG_OK)
        return rc;
    if (sqlite3_bind_int64(*st, 1, f->street_id) != SQLITE_OK ||
        reg_bind_text(*st, 2, f->unit_code) != SQLITE_OK ||
        sqlite3_bind_int(*st, 3, f->include_retired ? 1 : 0) != SQLITE_OK)
        rc = reg_error_sqlite(db, err);
    return rc;
}

/* See reg_doorplates.h.  unit_code must be all digits (REG_EINVAL
 * "bad_code") so that the prefix range means what it says. */
int reg_plates_each(reg_db *db, const reg_plate_filter *filter, reg_plate_fn fn, void *ctx,
                    reg_error *err)
{
    if (!db || !filter || !fn)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    sqlite3_stmt *st = NULL;
    int opened = 0;
    int rc = reg_read_begin(db, &opened, err);
    if (rc == REG_OK)
        rc = reg_dp_scope_check(db, filter->street_id, filter->unit_code, err);
    if (rc == REG_OK)
        rc = prepare_list(db, filter, &st, err);
    int step = SQLITE_DONE;
    reg_plate_view *v = rc == REG_OK ? malloc(sizeof *v) : NULL;
    if (rc == REG_OK && !v)
        rc = reg_error_nomem(err);
    while (rc == REG_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        if ((rc = reg_dp_view_row(db, st, v, err)) != REG_OK || fn(v, ctx) != 0)
            break;
    }
    if (rc == REG_OK && step != SQLITE_ROW && step != SQLITE_DONE)
        rc = reg_error_sqlite(db, err);
    free(v);
    sqlite3_finalize(st);
    reg_read_end(db, opened);
    return rc;
}

/* A candidate of reg_reverse. */
typedef struct near_hit {
    double d;
    char code[REG_PLATE_CODE_BUF];
} near_hit;

/* Orders hits by distance, then code. */
static int by_distance(const void *a, const void *b)
{
    const near_hit *x = a, *y = b;
    if (x->d != y->d)
        return x->d < y->d ? -1 : 1;
    return strcmp(x->code, y->code);
}

/* Collects the door plates in the box around (lon, lat) within radius of
 * (x, y) (EPSG:4544) into a new array *hits of *n. */
static int near_candidates(reg_db *db, double lon, double lat, double x, double y, double radius,
                           near_hit **hits, size_t *n, reg_error *err)
{
    /* Degrees of the radius, widened for the R*Tree's float32 boxes. */
    double dlat = radius / DP_DEG_M * 1.2 + 1e-5;
    double dlon = radius / (DP_DEG_M * cos(lat * M_PI / 180.0)) * 1.2 + 1e-5;
    sqlite3_stmt *st;
    int rc = reg_prepare(db,
                         "SELECT p.code, a.x, a.y FROM addresses a"
                         " JOIN plates p ON p.address_id = a.id AND p.state <> 'retired'"
                         " WHERE a.active = 1 AND a.kind = 'door' AND a.id IN"
                         " (SELECT pkid FROM idx_addresses_geom WHERE xmin <= ?3 AND xmax >= ?1"
                         " AND ymin <= ?4 AND ymax >= ?2)",
                         &st, err);
    if (rc != REG_OK)
        return rc;
    sqlite3_bind_double(st, 1, lon - dlon);
    sqlite3_bind_double(st, 2, lat - dlat);
    sqlite3_bind_double(st, 3, lon + dlon);
    sqlite3_bind_double(st, 4, lat + dlat);
    size_t cap = 0;
    int step;
    while (rc == REG_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        double d = hypot(sqlite3_column_double(st, 1) - x, sqlite3_column_double(st, 2) - y);
        if (d > radius)
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            near_hit *v = realloc(*hits, cap * sizeof *v);
            if (!v) {
                rc = reg_error_nomem(err);
                break;
            }
            *hits = v;
        }
        (*hits)[*n].d = d;
        reg_dp_col_text((*hits)[*n].code, sizeof (*hits)[*n].code, st, 0);
        (*n)++;
    }
    if (rc == REG_OK && step != SQLITE_DONE)
        rc = reg_error_sqlite(db, err);
    sqlite3_finalize(st);
    return rc;
}

/* See reg_doorplates.h.  Door plates only: the plates of buildings,
 * entrances and rooms stand where their door's compound is. */
int reg_reverse(reg_db *db, double lon, double lat, double radius_m, int limit, json_t **out,
                reg_error *err)
{
    if (!db || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    *out = NULL;
    if (!(radius_m >= 1 && radius_m <= 1000) || limit < 1 || limit > 50)
        return reg_error_set(err, REG_EINVAL, "bad_parameter", "radius",
                             "半径应为 1-1000 米，数量 1-50", "radius 1-1000 m, limit 1-50");
    double x = lon, y = lat;
    if (geo_transform_point(db->geo, GEO_CRS_4490, GEO_CRS_4544, &x, &y) != GEO_OK)
        return reg_error_set(err, REG_EINVAL, "coordinate_out_of_range", "lon",
                             "坐标超出范围", "coordinate out of range");
    near_hit *hits = NULL;
    size_t n = 0;
    int opened = 0;
    int rc = reg_read_begin(db, &opened, err);
    if (rc == REG_OK)
        rc = near_candidates(db, lon, lat, x, y, radius_m, &hits, &n, err);
    if (rc == REG_OK && n > 1)
        qsort(hits, n, sizeof *hits, by_distance);
    json_t *list = rc == REG_OK ? json_array() : NULL;
    if (rc == REG_OK && !list)
        rc = reg_error_nomem(err);
    for (size_t i = 0; rc == REG_OK && i < n && i < (size_t)limit; i++) {
        reg_plate_view v;
        if ((rc = reg_plate_view_get(db, hits[i].code, &v, err)) != REG_OK)
            break;
        json_t *item = json_pack("{s:f, s:o}", "distance_m", round(hits[i].d * 100) / 100,
                                 "plate", reg_plate_view_json(&v));
        if (!item || json_array_append_new(list, item) != 0)
            rc = reg_error_nomem(err);
    }
    reg_read_end(db, opened);
    free(hits);
    if (rc != REG_OK) {
        json_decref(list);
        return rc;
    }
    *out = list;
    return REG_OK;
}
