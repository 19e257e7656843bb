/*
 * reg_place_announce.c: what N6 (Art. 13, 14) asks after an approval:
 * filing (备案) and announcement (公告) within 15 days, the list of those
 * overdue, and the announcement's content: the six fields (standard name,
 * romanised spelling, administrative area, location description,
 * approving authority, approval date) for one name or several approved
 * together.
 */
#include <stdio.h>
#include <string.h>

#include "reg_place_internal.h"

#define ANNOUNCE_MAX 100

/* The late places of one overdue row as JSON. */
static json_t *overdue_row(sqlite3_stmt *st)
{
    json_t *missing = json_array();
    if (missing && sqlite3_column_type(st, 5) == SQLITE_NULL)
        json_array_append_new(missing, json_string("file"));
    if (missing && sqlite3_column_type(st, 6) == SQLITE_NULL)
        json_array_append_new(missing, json_string("announce"));
    json_t *o = json_pack("{s:I, s:o, s:I}", "id", (json_int_t)sqlite3_column_int64(st, 0),
                          "missing", missing, "days_late", (json_int_t)sqlite3_column_int64(st, 8));
    static const char *const cols[] = {"code", "name", "status", "approval_date"};
    for (int i = 0; o && i < 4; i++)
        if (reg_json_set_column(o, cols[i], st, i + 1)) {
            json_decref(o);
            return NULL;
        }
    if (o && reg_json_set_column(o, "due", st, 7)) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* See reg_places.h.  Latest first. */
int reg_place_overdue(reg_db *db, json_t **out, reg_error *err)
{
    if (!db || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    *out = NULL;
    char today[REG_DATE_BUF];
    reg_today(today);
    sqlite3_stmt *st;
    int rc = rp_cached(db,
                       "SELECT id, code, name, status, approval_date, filed_on, announced_on,"
                       " date(approval_date, '+15 days'),"
                       " CAST(julianday(?1) - julianday(approval_date, '+15 days') AS INTEGER)"
                       " FROM places WHERE status IN ('approved', 'filed', 'announced')"
                       " AND approval_date IS NOT NULL"
                       " AND julianday(?1) > julianday(approval_date, '+15 days')"
                       " ORDER BY approval_date, id",
                       &st, err);
    if (rc != REG_OK)
        return rc;
    reg_bind_text(st, 1, today);
    json_t *list = json_array();
    int step = SQLITE_DONE;
    if (!list)
        rc = reg_error_nomem(err);
    while (rc == REG_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *o = overdue_row(st);
        if (!o || json_array_append_new(list, o))
            rc = reg_error_nomem(err);
    }
    if (rc == REG_OK && step != SQLITE_DONE)
        rc = reg_error_sqlite(db, err);
    sqlite3_reset(st);
    if (rc == REG_OK && !(*out = json_pack("{s:s, s:i, s:o}", "as_of", today, "deadline_days",
                                           RP_DEADLINE_DAYS, "places", list)))
        return reg_error_nomem(err);
    if (rc != REG_OK)
        json_decref(list);
    return rc;
}

/* Writes the names of code's chain down to the county (province, city,
 * county) into out (size bytes) and the county's own name into county
 * (csize bytes; "" when the chain stops above a county). */
static int area_chain(reg_db *db, const char *code, char *out, size_t size, char *county,
                      size_t csize, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = rp_cached(db,
                       "SELECT name, length(code) FROM units WHERE code IN (substr(?1, 1, 2),"
                       " substr(?1, 1, 4), substr(?1, 1, 6)) ORDER BY length(code)",
                       &st, err);
    if (rc != REG_OK)
        return rc;
    reg_bind_text(st, 1, code);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        size_t used = strlen(out);
        if (name)
            snprintf(out + used, size - used, "%s", name);
        if (name && sqlite3_column_int(st, 1) == 6)
            snprintf(county, csize, "%s", name);
    }
    if (step != SQLITE_DONE)
        rc = reg_error_sqlite(db, err);
    sqlite3_reset(st);
    return rc;
}

/* The administrative area of a place: its county's chain and the
 * township-level units it lies in ("甘肃省白银市会宁县会师镇、河畔镇"). */
static int area_of(reg_db *db, long long id, char *out, size_t size, char *county,
                   size_t csize, reg_error *err)
{
    sqlite3_stmt *st;
    out[0] = county[0] = '\0';
    int rc = rp_cached(db,
                       "SELECT DISTINCT u.code, u.name FROM place_units pu JOIN units u"
                       " ON u.code = substr(pu.unit_code, 1, 9) WHERE pu.place_id = ?1"
                       " ORDER BY u.code",
                       &st, err);
    if (rc != REG_OK)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    int step = SQLITE_DONE, towns = 0;
    while (rc == REG_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(st, 0);
        const char *name = (const char *)sqlite3_column_text(st, 1);
        if (!code || !name)
            continue;
        if (!out[0])
            rc = area_chain(db, code, out, size, county, csize, err);
        size_t used = strlen(out);
        if (rc == REG_OK && strlen(code) == 9)
            snprintf(out + used, size - used, "%s%s", towns++ ? "、" : "", name);
    }
    if (rc == REG_OK && step != SQLITE_DONE)
        rc = reg_error_sqlite(db, err);
    sqlite3_reset(st);
    return rc;
}

/* One place of an announcement; not_approved (409) before approval. */
static int announce_one(reg_db *db, long long id, json_t *list, char *county, size_t csize,
                        reg_error *err)
{
    json_t *p = NULL;
    int rc = rp_place_read(db, id, 0, 0, &p, err);
    if (rc != REG_OK)
        return rc;
    int status = rp_status_parse(json_string_value(json_object_get(p, "status")));
    char area[512], cty[256];
    if (status < RP_ST_APPROVED || status == RP_ST_CANCELLED)
        rc = reg_error_set(err, REG_ECONFLICT, "not_approved", "ids",
                           "只能公告已批准的地名", "only approved names are announced");
    if (rc == REG_OK)
        rc = area_of(db, id, area, sizeof area, cty, sizeof cty, err);
    if (rc == REG_OK && !county[0])
        snprintf(county, csize, "%s", cty);
    const char *former = NULL;
    size_t i;
    json_t *n;
    json_array_foreach(json_object_get(p, "names"), i, n) {
        if (strcmp(json_string_value(json_object_get(n, "kind")), "former") == 0)
            former = json_string_value(json_object_get(n, "name"));
    }
    json_t *cat = json_object_get(p, "category");
    json_t *o = rc == REG_OK
                    ? json_pack("{s:I, s:O, s:O, s:O, s:O, s:s, s:O, s:O, s:O, s:O, s:s?}", "id",
                                (json_int_t)id, "code", json_object_get(p, "code"), "name",
                                json_object_get(p, "name"), "pinyin", json_object_get(p, "pinyin"),
                                "pinyin_toned", json_object_get(p, "pinyin_toned"), "area", area,
                                "location", json_object_get(p, "location"), "authority",
                                json_object_get(p, "approved_by"), "approval_date",
                                json_object_get(p, "approval_date"), "category",
                                json_object_get(cat, "subclass"), "former_name",
                                (int)json_integer_value(json_object_get(p, "naming_round")) > 1
                                    ? former
                                    : NULL)
                    : NULL;
    if (rc == REG_OK && (!o || json_array_append_new(list, o)))
        rc = reg_error_nomem(err);
    json_decref(p);
    return rc;
}

/* See reg_places.h.  1-100 distinct ids (bad_ids, 400). */
int reg_place_announcement(reg_db *db, const long long *ids, size_t n, json_t **out,
                           reg_error *err)
{
    if (!db || !out || (n && !ids))
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    *out = NULL;
    if (n == 0 || n > ANNOUNCE_MAX)
        return reg_error_set(err, REG_EINVAL, "bad_ids", "ids", "请给出1至100个地名编号",
                             "give 1-100 place ids");
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < i; k++)
            if (ids[i] == ids[k])
                return reg_error_set(err, REG_EINVAL, "bad_ids", "ids", "地名编号重复",
                                     "a place id is repeated");
    char today[REG_DATE_BUF], county[256] = "", issuer[300];
    reg_today(today);
    json_t *list = json_array();
    int opened = 0;
    int rc = list ? reg_read_begin(db, &opened, err) : reg_error_nomem(err);
    for (size_t i = 0; rc == REG_OK && i < n; i++)
        rc = announce_one(db, ids[i], list, county, sizeof county, err);
    reg_read_end(db, opened);
    snprintf(issuer, sizeof issuer, "%s民政局", county[0] ? county : "");
    if (rc == REG_OK &&
        !(*out = json_pack("{s:s, s:s, s:s, s:s, s:o}", "title", "地名公告", "issuer", issuer,
                           "date", today, "basis",
                           "根据《地名管理条例》第十三条、第十四条的规定，现将经批准的标准地名公告如下。",
                           "places", list)))
        return reg_error_nomem(err);
    if (rc != REG_OK)
        json_decref(list);
    return rc;
}
