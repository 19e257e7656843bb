/*
 * reg_line_write.c: registering boundary lines.  A line is inserted or
 * updated by its number as one write with its audit entry ("create" or
 * "update", entity "boundary_line"); an identical line changes nothing.
 * Township-level lines join two township-level units the registry holds;
 * a county-level line may have a far side the registry does not hold,
 * kept as its code and name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reg_bound_internal.h"

#define LINE_AGREEMENT_MAX 200
#define LINE_DESCRIPTION_MAX 4000

/* One side of a line after checking. */
typedef struct line_side {
    char code[REG_CODE_MAX + 1];
    char name[REG_NAME_BUF]; /* "" until known */
    int held;
} line_side;

/* A line after checking, with its geometry as MultiLineString WKB. */
typedef struct line_fields {
    char number[REG_LINE_NUMBER_MAX + 1];
    int township;
    line_side left, right;
    char *agreement, *description; /* malloc'd or NULL */
    char last_check[REG_DATE_BUF];  /* "" when none */
    unsigned char *wkb;
    size_t wkb_len;
} line_fields;

/* Frees what line_fields holds. */
static void line_fields_free(line_fields *f)
{
    free(f->agreement);
    free(f->description);
    free(f->wkb);
}

/* Checks a side's code shape (9 digits for a township-level line, 6 for a
 * county-level one) and normalises its name when given. */
static int side_check(const char *code, const char *name, int township, const char *field,
                      line_side *s, reg_error *err)
{
    size_t n = code ? strlen(code) : 0;
    int ok = n == (township ? 9u : 6u);
    for (size_t i = 0; ok && i < n; i++)
        ok = code[i] >= '0' && code[i] <= '9';
    if (!ok)
        return reg_error_set(err, REG_EINVAL, "side_code_invalid", field,
                             township ? "乡级界线两侧应为9位乡级区划代码"
                                      : "县级界线两侧应为6位县级区划代码",
                             township ? "a township-level line joins two 9-digit codes"
                                      : "a county-level line joins two 6-digit codes");
    memcpy(s->code, code, n + 1);
    s->name[0] = '\0';
    return name ? reg_name_normalize(name, field, s->name, sizeof s->name, err) : REG_OK;
}

/* Checks a line's geometry and writes it as MultiLineString WKB. */
static int line_geometry(reg_db *db, const GEOSGeometry *g, line_fields *f, reg_error *err)
{
    GEOSContextHandle_t h = geo_ctx_geos(db->geo);
    int srid = g ? GEOSGetSRID_r(h, g) : 0;
    char reason[GEO_ERRLEN] = "";
    if (!g || GEOSisEmpty_r(h, g) != 0)
        return reg_error_set(err, REG_EINVAL, "geometry_missing", "geometry", "缺少界线几何",
                             "the line geometry is missing");
    if (srid != 0 && srid != 4490 && srid != 4326)
        return reg_error_set(err, REG_EINVAL, "geometry_srid", "geometry",
                             "界线坐标应为EPSG:4490", "the line must be in EPSG:4490");
    GEOSGeometry *ml = NULL;
    int grc = geo_to_multilinestring(db->geo, g, &ml);
    if (grc == GEO_EINVAL)
        return reg_error_set(err, REG_EINVAL, "geometry_not_lineal", "geometry",
                             "界线几何应为LineString或MultiLineString",
                             "the line must be a LineString or MultiLineString");
    double xmin = 0, xmax = 0, ymin = 0, ymax = 0;
    if (grc == GEO_OK &&
        (GEOSGeom_getXMin_r(h, ml, &xmin) != 1 || GEOSGeom_getXMax_r(h, ml, &xmax) != 1 ||
         GEOSGeom_getYMin_r(h, ml, &ymin) != 1 || GEOSGeom_getYMax_r(h, ml, &ymax) != 1 ||
         !(xmin >= -180 && xmax <= 180 && ymin >= -90 && ymax <= 90)))
        grc = GEO_ERANGE;
    if (grc == GEO_OK && geo_validate(db->geo, ml, reason, sizeof reason) != GEO_OK)
        grc = GEO_EINVALID;
    if (grc == GEO_OK)
        grc = geo_wkb_write(db->geo, ml, &f->wkb, &f->wkb_len);
    reg_geom_free(db, ml);
    if (grc == GEO_ERANGE)
        return reg_error_set(err, REG_EINVAL, "coordinate_out_of_range", "geometry",
                             "坐标超出范围", "coordinate out of range");
    if (grc == GEO_EINVALID)
        return reg_error_detail(err, REG_EINVAL, "geometry_invalid", "geometry",
                                "界线几何无效", "the line geometry is not valid", reason);
    if (grc == GEO_ENOMEM)
        return reg_error_nomem(err);
    if (grc != GEO_OK)
        return reg_error_set(err, REG_EIO, "geometry_error", "geometry", "界线几何处理失败",
                             "the line geometry could not be processed");
    return REG_OK;
}

/* Checks a line input without the database. */
static int line_check(reg_db *db, const reg_line_input *in, line_fields *f, reg_error *err)
{
    int rc = reg_line_number_check(in->number, err);
    if (rc != REG_OK)
        return rc;
    snprintf(f->number, sizeof f->number, "%s", in->number);
    if (!in->level || (strcmp(in->level, "township") && strcmp(in->level, "county")))
        return reg_error_set(err, REG_EINVAL, "line_level_invalid", "level",
                             "界线级别应为 township 或 county",
                             "the line level is township or county");
    f->township = strcmp(in->level, "township") == 0;
    if ((rc = side_check(in->left_code, in->left_name, f->township, "left_code", &f->left,
                         err)) != REG_OK ||
        (rc = side_check(in->right_code, in->right_name, f->township, "right_code", &f->right,
                         err)) != REG_OK)
        return rc;
    if (strcmp(f->left.code, f->right.code) == 0)
        return reg_error_set(err, REG_EINVAL, "sides_equal", "right_code",
                             "界线两侧不能是同一单位", "both sides are the same unit");
    rc = reg_text_normalize(in->agreement, "agreement", LINE_AGREEMENT_MAX, 0, 0,
                            &f->agreement, err);
    if (rc == REG_OK)
        rc = reg_text_normalize(in->description, "description", LINE_DESCRIPTION_MAX, 1, 0,
                                &f->description, err);
    if (rc == REG_OK && in->last_joint_check)
        rc = reg_date_field(in->last_joint_check, "last_joint_check", f->last_check, err);
    if (rc == REG_OK)
        rc = line_geometry(db, in->geometry, f, err);
    return rc;
}

/* Looks a side up in the registry: held or not, and its current name when
 * none was given.  A township-level line's sides must be held township-
 * level units (side_unknown). */
static int side_resolve(reg_db *db, int township, const char *field, line_side *s,
                        reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_prepare(db, "SELECT name, level IN ('town', 'township', 'subdistrict')"
                             " FROM units WHERE code = ?1", &st, err);
    if (rc != REG_OK)
        return rc;
    int step = reg_bind_text(st, 1, s->code) == SQLITE_OK ? sqlite3_step(st) : SQLITE_ERROR;
    s->held = step == SQLITE_ROW;
    if (step == SQLITE_ROW && !s->name[0])
        snprintf(s->name, sizeof s->name, "%s", (const char *)sqlite3_column_text(st, 0));
    int township_level = step == SQLITE_ROW && sqlite3_column_int(st, 1);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = reg_error_sqlite(db, err);
    else if (township && !township_level)
        rc = reg_error_set(err, REG_ERULE, "side_unknown", field,
                           "乡级界线两侧须为本登记库中的乡级单位",
                           "both sides of a township-level line must be township-level units "
                           "of this registry");
    else if (!s->name[0])
        rc = reg_error_set(err, REG_EINVAL, "side_name_missing", field,
                           "本库未登记的一侧须给出名称",
                           "a side the registry does not hold needs its name");
    sqlite3_finalize(st);
    return rc;
}

/* Binds the line's columns (?1 number ... ?9 last check, ?10 WKB). */
static int line_bind(sqlite3_stmt *st, const line_fields *f)
{
    return reg_bind_text(st, 1, f->number) || reg_bind_text(st, 2, f->township ? "township" : "county") ||
           reg_bind_text(st, 3, f->left.code) || reg_bind_text(st, 4, f->left.name) ||
           reg_bind_text(st, 5, f->right.code) || reg_bind_text(st, 6, f->right.name) ||
           reg_bind_text(st, 7, f->agreement) || reg_bind_text(st, 8, f->description) ||
           reg_bind_text(st, 9, f->last_check[0] ? f->last_check : NULL) ||
           sqlite3_bind_blob64(st, 10, f->wkb, f->wkb_len, SQLITE_STATIC);
}

/* Whether a stored line equals f: *same 1 if every column and the WKB
 * are the same, *exists 0 when there is no line of that number. */
static int line_compare(reg_db *db, const line_fields *f, int *exists, int *same,
                        reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_prepare(db,
                         "SELECT AsBinary(geom) = ?10 AND level = ?2 AND left_code = ?3"
                         " AND left_name = ?4 AND right_code = ?5 AND right_name = ?6"
                         " AND agreement IS ?7 AND description IS ?8 AND last_joint_check IS ?9"
                         " FROM boundary_lines WHERE number = ?1",
                         &st, err);
    if (rc != REG_OK)
        return rc;
    int step = line_bind(st, f) == SQLITE_OK ? sqlite3_step(st) : SQLITE_ERROR;
    *exists = step == SQLITE_ROW;
    *same = step == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = reg_error_sqlite(db, err);
    sqlite3_finalize(st);
    return rc;
}

/* The line as the audit log keeps it (with its geometry), or NULL. */
static int line_audit_json(reg_db *db, const char *number, json_t **out, reg_error *err)
{
    sqlite3_stmt *st;
    *out = NULL;
    int rc = reg_prepare(db, "SELECT " REG_LINE_COLUMNS " FROM boundary_lines l WHERE number = ?1",
                         &st, err);
    if (rc != REG_OK)
        return rc;
    int step = reg_bind_text(st, 1, number) == SQLITE_OK ? sqlite3_step(st) : SQLITE_ERROR;
    if (step == SQLITE_ROW)
        rc = reg_line_row_json(db, st, 1, out, err);
    else if (step != SQLITE_DONE)
        rc = reg_error_sqlite(db, err);
    sqlite3_finalize(st);
    return rc;
}

/* Inserts or updates the checked line inside the caller's write. */
static int line_store(reg_db *db, const char *actor, line_fields *f, char *outcome,
                      reg_error *err)
{
    int rc = side_resolve(db, f->township, "left_code", &f->left, err);
    if (rc == REG_OK)
        rc = side_resolve(db, f->township, "right_code", &f->right, err);
    int exists = 0, same = 0;
    if (rc == REG_OK)
        rc = line_compare(db, f, &exists, &same, err);
    if (rc != REG_OK || same) {
        *outcome = '=';
        return rc;
    }
    json_t *before = NULL, *after = NULL;
    if (exists)
        rc = line_audit_json(db, f->number, &before, err);
    sqlite3_stmt *st = NULL;
    if (rc == REG_OK)
        rc = reg_prepare(db,
                         exists ? "UPDATE boundary_lines SET level = ?2, left_code = ?3,"
                                  " left_name = ?4, right_code = ?5, right_name = ?6,"
                                  " agreement = ?7, description = ?8, last_joint_check = ?9,"
                                  " geom = CastToMultiLinestring(GeomFromWKB(?10, 4490))"
                                  " WHERE number = ?1"
                                : "INSERT INTO boundary_lines (number, level, left_code,"
                                  " left_name, right_code, right_name, agreement, description,"
                                  " last_joint_check, geom) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
                                  " ?8, ?9, CastToMultiLinestring(GeomFromWKB(?10, 4490)))",
                         &st, err);
    if (rc == REG_OK)
        rc = line_bind(st, f) == SQLITE_OK ? reg_step_done(db, st, err) : reg_error_sqlite(db, err);
    sqlite3_finalize(st);
    if (rc == REG_OK)
        rc = line_audit_json(db, f->number, &after, err);
    if (rc == REG_OK && !after)
        rc = reg_error_set(err, REG_EIO, "geometry_storage", "geometry", "界线无法存储",
                           "SpatiaLite did not accept the line");
    if (rc == REG_OK)
        rc = reg_audit_append(db, actor, exists ? "update" : "create", "boundary_line",
                              f->number, before, after, err);
    json_decref(before);
    json_decref(after);
    *outcome = exists ? 'u' : 'i';
    return rc;
}

/* See reg_boundaries.h. */
int reg_boundary_upsert(reg_db *db, const char *actor, const reg_line_input *in,
                        char *outcome, reg_error *err)
{
    if (!db || !in)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    line_fields f;
    memset(&f, 0, sizeof f);
    char result = '=';
    int rc = reg_actor_check(actor, err);
    if (rc == REG_OK)
        rc = line_check(db, in, &f, err);
    reg_write w;
    if (rc == REG_OK && (rc = reg_write_begin(db, &w, err)) == REG_OK)
        rc = reg_write_end(db, &w, line_store(db, actor, &f, &result, err), err);
    line_fields_free(&f);
    if (rc == REG_OK && outcome)
        *outcome = result;
    return rc;
}
