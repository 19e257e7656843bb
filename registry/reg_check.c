/*
 * reg_check.c: the inside-work checks (内业检查) of boundaries and how a
 * finding is written.  Every finding has a stable code:
 *
 *   sibling_overlap            two sibling units' polygons overlap (m2)
 *   sibling_gap                ground between siblings nobody covers (m2);
 *                              error when enclosed, warning when open to
 *                              the outside of the siblings (maybe a notch)
 *   line_deviation             a line is farther than the tolerance from
 *                              the shared edge of its units (Hausdorff, m)
 *   line_units_not_adjacent    the polygons of a line's two units share no
 *                              edge
 *   line_unit_no_polygon       a held unit of a line has no polygon
 *   marker_off_line            a single marker (Q) off its line (m)
 *   marker_group_off_line      the line does not pass between the members
 *                              of a pair or triple (m)
 *   marker_group_incomplete    a pair or triple member is missing
 *   marker_number_duplicate    one sequence used by a single marker and a
 *                              group, or by a pair and a triple (B5)
 *   marker_sequence_gap        sequence numbers missing (B5)
 *   marker_sequence_order      a sequence lies before the one it follows
 *                              along the line (B5)
 *   marker_numbering_direction the numbering runs east to west (or south
 *                              to north), against B5
 *   marker_displaced           the latest observed position is farther
 *                              than the tolerance from the registered one,
 *                              whatever condition was recorded (B7, m)
 *   marker_not_inspected       no record in the round
 *   line_not_inspected         no record of any marker of a line in the
 *                              round
 *   line_due                   last joint check more than five years
 *                              before the round (or today) (B1)
 *   repair_without_parties     a repair, replacement or reset record
 *                              without both sides named (B4)
 *   repair_outstanding         a marker found damaged, lost or displaced in
 *                              the round and not yet repaired (B4)
 *
 * Distances and areas are measured in EPSG:4544.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "reg_bound_internal.h"

#define CHECK_DEFAULT_MIN_AREA_M2 1.0
#define CHECK_DEFAULT_GAP_WIDTH_M 5.0

/* See reg_bound_internal.h. */
int reg_findings_bind_line(reg_findings *f, sqlite3_stmt *st, int idx)
{
    return reg_bind_text(st, idx, f->line);
}

/* Sets finding["location"] and, when the finding has a geometry,
 * finding["geometry"] in EPSG:4490. */
static int finding_where(reg_findings *f, const reg_finding *w, json_t *o, reg_error *err)
{
    double lon, lat;
    int rc = reg_xy_4490(f->db, w->x, w->y, &lon, &lat, err);
    if (rc != REG_OK)
        return rc;
    if (json_object_set_new(o, "location",
                            json_pack("{s:o, s:o, s:o, s:o}", "lon", reg_json_real(lon, 7), "lat",
                                      reg_json_real(lat, 7), "x", reg_json_real(w->x, 2), "y",
                                      reg_json_real(w->y, 2))))
        return reg_error_nomem(err);
    if (!w->geom)
        return REG_OK;
    GEOSGeometry *g = NULL;
    json_t *gj = NULL;
    if (geo_transform_geom(f->db->geo, GEO_CRS_4544, GEO_CRS_4490, w->geom, &g) == GEO_OK)
        gj = geo_geojson_write(f->db->geo, g, 7);
    reg_geom_free(f->db, g);
    if (!gj || json_object_set_new(o, "geometry", gj))
        return reg_error_set(err, REG_EIO, "geometry_error", "geometry",
                             "发现项的几何对象无法输出", "a finding's geometry cannot be written");
    return REG_OK;
}

/* See reg_bound_internal.h. */
int reg_finding_add(reg_findings *f, const reg_finding *w, json_t *measured, reg_error *err)
{
    json_t *o = json_object();
    json_t *units = json_array();
    if (!measured)
        measured = json_object();
    if (!o || !units || !measured) {
        json_decref(o);
        json_decref(units);
        json_decref(measured);
        return reg_error_nomem(err);
    }
    /* json_object_set_new takes its value also when it fails. */
    int bad = json_object_set_new(o, "units", units) ||
              json_object_set_new(o, "measured", measured) ||
              json_object_set_new(o, "code", json_string(w->code)) ||
              json_object_set_new(o, "severity", json_string(w->severity)) ||
              json_object_set_new(o, "line", w->line ? json_string(w->line) : json_null()) ||
              json_object_set_new(o, "marker", w->marker ? json_string(w->marker) : json_null()) ||
              json_object_set_new(o, "tolerance_m", reg_json_real(f->tolerance_m, 2)) ||
              json_object_set_new(o, "message_zh", json_string(w->message_zh)) ||
              json_object_set_new(o, "message_en", json_string(w->message_en));
    for (size_t i = 0; !bad && i < w->nunits; i++)
        bad = json_array_append_new(units, json_string(w->units[i]));
    int rc = bad ? reg_error_nomem(err) : finding_where(f, w, o, err);
    json_t *n = json_object_get(f->counts, w->code);
    if (rc == REG_OK &&
        (json_object_set_new(f->counts, w->code,
                             json_integer(n ? json_integer_value(n) + 1 : 1)) ||
         json_array_append(f->list, o)))
        rc = reg_error_nomem(err);
    json_decref(o);
    return rc;
}

/* Fills the options of f with their defaults and checks them. */
static int check_options(reg_db *db, const reg_check_options *opt, reg_findings *f,
                         reg_error *err)
{
    f->db = db;
    f->tolerance_m = opt->tolerance_m ? opt->tolerance_m : REG_TOLERANCE_DEFAULT_M;
    f->min_area_m2 = opt->min_area_m2 ? opt->min_area_m2 : CHECK_DEFAULT_MIN_AREA_M2;
    f->gap_width_m = opt->gap_width_m ? opt->gap_width_m : CHECK_DEFAULT_GAP_WIDTH_M;
    if (!(f->tolerance_m > 0 && f->tolerance_m <= 1000) ||
        !(f->min_area_m2 > 0 && f->min_area_m2 <= 1e9) ||
        !(f->gap_width_m > 0 && f->gap_width_m <= 1000))
        return reg_error_set(err, REG_EINVAL, "bad_tolerance", "tolerance_m",
                             "限差、最小面积和缝隙宽度应为正数（限差、宽度不超过1000米）",
                             "the tolerance, minimum area and gap width are positive (tolerance "
                             "and width at most 1000 m)");
    f->round = opt->round;
    f->line = opt->line;
    reg_today(f->today);
    int rc = REG_OK;
    if (opt->round) {
        reg_round_row row;
        rc = reg_round_load(db, opt->round, &row, err);
        if (rc == REG_OK)
            memcpy(f->today, row.start_date, REG_DATE_BUF);
    }
    sqlite3_int64 id;
    if (rc == REG_OK && opt->line)
        rc = reg_line_lookup(db, opt->line, &id, NULL, err);
    return rc;
}

/* The result object: options, times, counts and findings. */
static json_t *check_result(const reg_findings *f, double elapsed)
{
    return json_pack("{s:{s:o, s:s?, s:o, s:o, s:o, s:s}, s:o, s:I, s:I, s:I, s:O, s:O, s:O}",
                     "options", "round", f->round ? json_integer(f->round) : json_null(), "line",
                     f->line, "tolerance_m", reg_json_real(f->tolerance_m, 3), "min_area_m2",
                     reg_json_real(f->min_area_m2, 3), "gap_width_m",
                     reg_json_real(f->gap_width_m, 3), "as_of", f->today, "elapsed_s",
                     reg_json_real(elapsed, 3), "lines_checked", (json_int_t)f->lines_checked,
                     "markers_checked", (json_int_t)f->markers_checked, "units_checked",
                     (json_int_t)f->units_checked, "counts", f->counts, "hausdorff_m",
                     f->hausdorff, "findings", f->list);
}

/* See reg_boundaries.h. */
int reg_check_boundaries(reg_db *db, const reg_check_options *opt, json_t **out,
                         reg_error *err)
{
    if (!db || !opt || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    *out = NULL;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    reg_findings f;
    memset(&f, 0, sizeof f);
    f.list = json_array();
    f.counts = json_object();
    f.hausdorff = json_object();
    int rc = f.list && f.counts && f.hausdorff ? check_options(db, opt, &f, err)
                                               : reg_error_nomem(err);
    if (rc == REG_OK)
        rc = reg_check_siblings(&f, err);
    if (rc == REG_OK)
        rc = reg_check_lines(&f, err);
    if (rc == REG_OK)
        rc = reg_check_markers(&f, err);
    if (rc == REG_OK)
        rc = reg_check_displacement(&f, err);
    if (rc == REG_OK)
        rc = reg_check_coverage(&f, err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double elapsed = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (rc == REG_OK && !(*out = check_result(&f, elapsed)))
        rc = reg_error_nomem(err);
    json_decref(f.list);
    json_decref(f.counts);
    json_decref(f.hausdorff);
    return rc;
}
