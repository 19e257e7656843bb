/*
 * reg_marker_write.c: registering markers (界桩).  A marker is inserted or
 * updated by its B5 id with its reference objects (方位物) as one write
 * with its audit entry (entity "marker"); an identical marker changes
 * nothing.  The registered position is what inspections are measured
 * against (B7).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reg_marker_internal.h"

#define MARKER_REFS_MAX 8
#define MARKER_MATERIAL_MAX 50
#define MARKER_REF_DISTANCE_MAX 10000.0
#define MARKER_YEAR_MIN 1900

/* A marker input after checking. */
typedef struct marker_fields {
    char id[REG_MARKER_ID_MAX + 1];
    char number[REG_LINE_NUMBER_MAX + 1];
    int seq;
    char type;
    double lon, lat;
    char *material;
    int year_set;
    reg_condition condition;
    char *ref_names[MARKER_REFS_MAX];
    size_t nrefs;
} marker_fields;

/* Frees what marker_fields holds. */
static void marker_fields_free(marker_fields *f)
{
    free(f->material);
    for (size_t i = 0; i < f->nrefs; i++)
        free(f->ref_names[i]);
}

/* Checks the reference objects into f. */
static int refs_check(const reg_marker_input *in, marker_fields *f, reg_error *err)
{
    if (in->nrefs > MARKER_REFS_MAX || (in->nrefs && !in->refs))
        return reg_error_set(err, REG_EINVAL, "ref_invalid", "refs", "方位物最多8个",
                             "a marker has at most 8 reference objects");
    for (size_t i = 0; i < in->nrefs; i++) {
        const reg_marker_ref *r = &in->refs[i];
        if (!(r->bearing_deg >= 0 && r->bearing_deg < 360) ||
            !(r->distance_m >= 0 && r->distance_m <= MARKER_REF_DISTANCE_MAX))
            return reg_error_set(err, REG_EINVAL, "ref_invalid", "refs",
                                 "方位物的方位角应在0至360度之间，距离在0至10000米之间",
                                 "a reference object's bearing is 0-360 degrees and its "
                                 "distance 0-10000 m");
        int rc = reg_text_normalize(r->name, "refs", REG_NAME_MAX_CHARS, 0, 1,
                                    &f->ref_names[i], err);
        if (rc != REG_OK)
            return rc;
        f->nrefs++;
    }
    return REG_OK;
}

/* Checks a marker input without the database. */
static int marker_check(reg_db *db, const reg_marker_input *in, marker_fields *f,
                        reg_error *err)
{
    int rc = reg_marker_id_parse(in->id, f->number, &f->seq, &f->type, err);
    if (rc != REG_OK)
        return rc;
    snprintf(f->id, sizeof f->id, "%s", in->id);
    double x, y;
    if ((rc = reg_xy_4544(db, in->lon, in->lat, &x, &y, err)) != REG_OK)
        return rc;
    f->lon = in->lon;
    f->lat = in->lat;
    char today[REG_DATE_BUF];
    reg_today(today);
    if (in->year_set != 0 && (in->year_set < MARKER_YEAR_MIN || in->year_set > atoi(today)))
        return reg_error_set(err, REG_EINVAL, "bad_year", "year_set",
                             "埋设年份应在1900年至今年之间", "the year set is 1900 to this year");
    f->year_set = in->year_set;
    f->condition = REG_COND_INTACT;
    if (in->condition && reg_condition_parse(in->condition, &f->condition) != REG_OK)
        return reg_error_set(err, REG_EINVAL, "bad_condition", "condition",
                             "界桩状况应为：完好、字迹模糊、损坏、移位、丢失、方位物不齐",
                             "the condition is one of intact, faded, damaged, displaced, lost, "
                             "refs_incomplete (B3)");
    rc = reg_text_normalize(in->material, "material", MARKER_MATERIAL_MAX, 0, 0, &f->material,
                            err);
    return rc == REG_OK ? refs_check(in, f, err) : rc;
}

/* The JSON the marker would have once written (as reg_marker_get without
 * records), to compare with what is stored. */
static int marker_candidate(reg_db *db, const marker_fields *f, const reg_marker_input *in,
                            json_t **out, reg_error *err)
{
    reg_marker_vals v = {f->id, f->number, f->seq, f->type, f->lon, f->lat,
                         f->material, f->year_set, f->condition};
    int rc = reg_marker_json_make(db, &v, out, err);
    json_t *refs = rc == REG_OK ? json_array() : NULL;
    if (rc == REG_OK && (!refs || json_object_set_new(*out, "refs", refs)))
        rc = reg_error_nomem(err);
    for (size_t i = 0; rc == REG_OK && i < f->nrefs; i++)
        if (json_array_append_new(refs, reg_marker_ref_json(f->ref_names[i], in->refs[i].bearing_deg,
                                                            in->refs[i].distance_m)))
            rc = reg_error_nomem(err);
    return rc;
}

/* Writes the marker row (insert or update) and replaces its refs. */
static int marker_rows(reg_db *db, const marker_fields *f, const reg_marker_input *in,
                       sqlite3_int64 line_id, int exists, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_prepare(db,
                         exists ? "UPDATE markers SET line_id = ?2, seq = ?3, type = ?4,"
                                  " material = ?5, year_set = ?6, condition = ?7,"
                                  " geom = MakePoint(?8, ?9, 4490) WHERE id = ?1"
                                : "INSERT INTO markers (id, line_id, seq, type, material,"
                                  " year_set, condition, geom) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
                                  " ?7, MakePoint(?8, ?9, 4490))",
                         &st, err);
    if (rc != REG_OK)
        return rc;
    char type[2] = {f->type, '\0'};
    if (reg_bind_text(st, 1, f->id) || sqlite3_bind_int64(st, 2, line_id) ||
        sqlite3_bind_int(st, 3, f->seq) || reg_bind_text(st, 4, type) ||
        reg_bind_text(st, 5, f->material) ||
        (f->year_set ? sqlite3_bind_int(st, 6, f->year_set) : sqlite3_bind_null(st, 6)) ||
        reg_bind_text(st, 7, reg_condition_name(f->condition)) ||
        sqlite3_bind_double(st, 8, f->lon) || sqlite3_bind_double(st, 9, f->lat))
        rc = reg_error_sqlite(db, err);
    else
        rc = reg_step_done(db, st, err);
    sqlite3_finalize(st);
    if (rc == REG_OK)
        rc = reg_prepare(db, "DELETE FROM marker_refs WHERE marker_id = ?1", &st, err);
    if (rc == REG_OK) {
        rc = reg_bind_text(st, 1, f->id) ? reg_error_sqlite(db, err) : reg_step_done(db, st, err);
        sqlite3_finalize(st);
    }
    if (rc == REG_OK)
        rc = reg_prepare(db, "INSERT INTO marker_refs (marker_id, ord, name, bearing_deg,"
                             " distance_m) VALUES (?1, ?2, ?3, ?4, ?5)", &st, err);
    if (rc != REG_OK)
        return rc;
    for (size_t i = 0; rc == REG_OK && i < f->nrefs; i++) {
        if (reg_bind_text(st, 1, f->id) || sqlite3_bind_int(st, 2, (int)i + 1) ||
            reg_bind_text(st, 3, f->ref_names[i]) ||
            sqlite3_bind_double(st, 4, in->refs[i].bearing_deg) ||
            sqlite3_bind_double(st, 5, in->refs[i].distance_m))
            rc = reg_error_sqlite(db, err);
        else
            rc = reg_step_done(db, st, err);
    }
    sqlite3_finalize(st);
    return rc;
}

/* Stores a checked marker inside the caller's write. */
static int marker_store(reg_db *db, const char *actor, const marker_fields *f,
                        const reg_marker_input *in, char *outcome, reg_error *err)
{
    sqlite3_int64 line_id = 0;
    json_t *before = NULL, *cand = NULL, *after = NULL;
    int rc = reg_line_lookup(db, f->number, &line_id, NULL, err);
    if (rc == REG_OK) {
        rc = reg_marker_get(db, f->id, 0, &before, err);
        if (rc == REG_ENOTFOUND)
            rc = REG_OK;
    }
    if (rc == REG_OK)
        rc = marker_candidate(db, f, in, &cand, err);
    *outcome = '=';
    if (rc == REG_OK && !(before && json_equal(before, cand))) {
        *outcome = before ? 'u' : 'i';
        rc = marker_rows(db, f, in, line_id, before != NULL, err);
        if (rc == REG_OK)
            rc = reg_marker_get(db, f->id, 0, &after, err);
        if (rc == REG_OK)
            rc = reg_audit_append(db, actor, before ? "update" : "create", "marker", f->id,
                                  before, after, err);
    }
    json_decref(before);
    json_decref(cand);
    json_decref(after);
    return rc;
}

/* See reg_bound_internal.h. */
int reg_marker_write(reg_db *db, const char *actor, const reg_marker_input *in, char *outcome,
                     reg_error *err)
{
    marker_fields f;
    memset(&f, 0, sizeof f);
    int rc = marker_check(db, in, &f, err);
    if (rc == REG_OK)
        rc = marker_store(db, actor, &f, in, outcome, err);
    marker_fields_free(&f);
    return rc;
}

/* See reg_boundaries.h. */
int reg_marker_upsert(reg_db *db, const char *actor, const reg_marker_input *in,
                      char *outcome, reg_error *err)
{
    if (!db || !in)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    char result = '=';
    int rc = reg_actor_check(actor, err);
    reg_write w;
    if (rc == REG_OK && (rc = reg_write_begin(db, &w, err)) == REG_OK)
        rc = reg_write_end(db, &w, reg_marker_write(db, actor, in, &result, err), err);
    if (rc == REG_OK && outcome)
        *outcome = result;
    return rc;
}

/* See reg_bound_internal.h.  Writes no audit entry of its own: the record
 * that changed the condition has one, which names it. */
int reg_marker_set_condition(reg_db *db, const char *id, reg_condition c, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_prepare(db, "UPDATE markers SET condition = ?2 WHERE id = ?1", &st, err);
    if (rc != REG_OK)
        return rc;
    if (reg_bind_text(st, 1, id) || reg_bind_text(st, 2, reg_condition_name(c)))
        rc = reg_error_sqlite(db, err);
    else
        rc = reg_step_done(db, st, err);
    sqlite3_finalize(st);
    return rc;
}
