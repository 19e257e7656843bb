/*
 * reg_check_topo.c: the checks of polygons and lines - overlaps and gaps
 * between sibling units (per parent, with the parent's polygon when it
 * has one), and each line against the shared edge of its two units'
 * polygons (Hausdorff distance).  With a line filter, only findings about
 * that line and its two units are kept.
 */
#include <stdio.h>
#include <string.h>

#include "reg_bound_internal.h"

/* The two unit codes of the filtered line (both "" without a filter). */
typedef struct topo_ctx {
    reg_findings *f;
    char left[REG_CODE_MAX + 1], right[REG_CODE_MAX + 1];
} topo_ctx;

/* 1 if a finding about units with these codes is kept by the filter. */
static int topo_keep(const topo_ctx *t, const char *const *codes, size_t n)
{
    if (!t->f->line)
        return 1;
    for (size_t i = 0; i < n; i++)
        if (strcmp(codes[i], t->left) == 0 || strcmp(codes[i], t->right) == 0)
            return 1;
    return 0;
}

/* Adds the overlaps among the group's polygons. */
static int topo_overlaps(topo_ctx *t, reg_unit_group *g, reg_error *err)
{
    geo_overlap *ov = NULL;
    size_t n = 0;
    if (geo_coverage_overlaps(t->f->db->geo, g->polys, g->n, t->f->min_area_m2, &ov, &n) != GEO_OK)
        return reg_error_set(err, REG_EIO, "geometry_error", "geometry", "无法计算重叠",
                             "overlaps cannot be computed");
    int rc = REG_OK;
    for (size_t i = 0; rc == REG_OK && i < n; i++) {
        const geo_overlap *o = &ov[i];
        reg_finding w = {.code = "sibling_overlap", .severity = "error", .nunits = 2,
                         .x = o->x, .y = o->y, .geom = o->geom};
        w.units[0] = g->codes[o->a];
        w.units[1] = g->codes[o->b];
        if (!topo_keep(t, w.units, 2))
            continue;
        char zh[400], en[400];
        snprintf(zh, sizeof zh, "%s与%s的多边形重叠 %.2f 平方米", g->names[o->a], g->names[o->b],
                 o->area_m2);
        snprintf(en, sizeof en, "the polygons of %s and %s overlap by %.2f m2", g->codes[o->a],
                 g->codes[o->b], o->area_m2);
        w.message_zh = zh;
        w.message_en = en;
        rc = reg_finding_add(t->f, &w, json_pack("{s:o}", "area_m2", reg_json_real(o->area_m2, 2)),
                             err);
    }
    geo_overlaps_free(t->f->db->geo, ov, n);
    return rc;
}

/* Adds the gaps among the group's polygons. */
static int topo_gaps(topo_ctx *t, reg_unit_group *g, reg_error *err)
{
    geo_gap *gaps = NULL;
    size_t n = 0;
    if (geo_coverage_gaps(t->f->db->geo, g->polys, g->n, g->parent_poly, t->f->gap_width_m,
                          t->f->min_area_m2, &gaps, &n) != GEO_OK)
        return reg_error_set(err, REG_EIO, "geometry_error", "geometry", "无法计算缝隙",
                             "gaps cannot be computed");
    int rc = REG_OK;
    for (size_t i = 0; rc == REG_OK && i < n; i++) {
        const geo_gap *p = &gaps[i];
        reg_finding w = {.code = "sibling_gap", .severity = p->enclosed ? "error" : "warning",
                         .nunits = p->ntouch, .x = p->x, .y = p->y, .geom = p->geom};
        char names[300] = "";
        for (size_t k = 0; k < p->ntouch; k++) {
            w.units[k] = g->codes[p->touch[k]];
            size_t used = strlen(names);
            snprintf(names + used, sizeof names - used, "%s%s", k ? "、" : "",
                     g->names[p->touch[k]]);
        }
        if (!topo_keep(t, w.units, w.nunits))
            continue;
        char zh[600], en[400];
        snprintf(zh, sizeof zh, "%s之间有 %.2f 平方米未被任何单位覆盖（平均宽 %.2f 米%s）", names,
                 p->area_m2, p->width_m, p->enclosed ? "" : "，向外开口，也可能是外轮廓的凹口");
        snprintf(en, sizeof en, "%.2f m2 between %zu units is covered by none (mean width %.2f m%s)",
                 p->area_m2, p->touching, p->width_m,
                 p->enclosed ? "" : "; open to the outside: may be a notch of the outline");
        w.message_zh = zh;
        w.message_en = en;
        rc = reg_finding_add(t->f, &w,
                             json_pack("{s:o, s:o, s:b}", "area_m2", reg_json_real(p->area_m2, 2),
                                       "mean_width_m", reg_json_real(p->width_m, 2), "enclosed",
                                       p->enclosed),
                             err);
    }
    geo_gaps_free(t->f->db->geo, gaps, n);
    return rc;
}

/* reg_unit_groups callback: both sibling checks on one group. */
static int topo_group(reg_db *db, reg_unit_group *g, void *ctx, reg_error *err)
{
    topo_ctx *t = ctx;
    (void)db;
    t->f->units_checked += (long)g->n;
    int rc = topo_overlaps(t, g, err);
    return rc == REG_OK ? topo_gaps(t, g, err) : rc;
}

/* See reg_bound_internal.h. */
int reg_check_siblings(reg_findings *f, reg_error *err)
{
    topo_ctx t = {.f = f};
    if (f->line) {
        sqlite3_stmt *st;
        int rc = reg_prepare(f->db, "SELECT left_code, right_code FROM boundary_lines"
                                    " WHERE number = ?1", &st, err);
        if (rc != REG_OK)
            return rc;
        if (reg_findings_bind_line(f, st, 1) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
            snprintf(t.left, sizeof t.left, "%s", (const char *)sqlite3_column_text(st, 0));
            snprintf(t.right, sizeof t.right, "%s", (const char *)sqlite3_column_text(st, 1));
        }
        sqlite3_finalize(st);
    }
    return reg_unit_groups(f->db, topo_group, &t, err);
}

/* A geometry column (EPSG:4490 WKB) as a new EPSG:4544 geometry. */
static int topo_geom(reg_db *db, sqlite3_stmt *st, int col, GEOSGeometry **out, reg_error *err)
{
    GEOSGeometry *g = NULL;
    int rc = reg_wkb_geom(db, sqlite3_column_blob(st, col), sqlite3_column_bytes(st, col), &g, err);
    if (rc == REG_OK)
        rc = reg_to_4544(db, g, out, err);
    reg_geom_free(db, g);
    return rc;
}

/* Compares one line (EPSG:4544) with the shared edge of its units. */
static int topo_compare(reg_findings *f, sqlite3_stmt *st, const GEOSGeometry *line,
                        reg_error *err)
{
    const char *number = (const char *)sqlite3_column_text(st, 0);
    const char *left = (const char *)sqlite3_column_text(st, 1);
    const char *right = (const char *)sqlite3_column_text(st, 2);
    reg_finding w = {.line = number, .nunits = 2, .severity = "error"};
    w.units[0] = left;
    w.units[1] = right;
    double lx = 0, ly = 0;
    geo_line_point_at(f->db->geo, line, 0, &lx, &ly);
    w.x = lx;
    w.y = ly;
    char zh[400], en[400];
    w.message_zh = zh;
    w.message_en = en;
    if (sqlite3_column_type(st, 4) == SQLITE_NULL || sqlite3_column_type(st, 5) == SQLITE_NULL) {
        w.code = "line_unit_no_polygon";
        w.severity = "warning";
        snprintf(zh, sizeof zh, "界线 %s 一侧的单位没有多边形，无法与界线比对", number);
        snprintf(en, sizeof en, "a unit of line %s has no polygon to compare the line with",
                 number);
        return reg_finding_add(f, &w, NULL, err);
    }
    GEOSGeometry *a = NULL, *b = NULL, *edge = NULL;
    int rc = topo_geom(f->db, st, 4, &a, err);
    if (rc == REG_OK)
        rc = topo_geom(f->db, st, 5, &b, err);
    if (rc == REG_OK && geo_shared_edge(f->db->geo, a, b, &edge) != GEO_OK)
        rc = reg_error_set(err, REG_EIO, "geometry_error", "geometry", "无法求公共边界",
                           "the shared edge cannot be computed");
    double len = 0, d = 0, x = 0, y = 0;
    if (rc == REG_OK)
        geo_length(f->db->geo, edge, &len);
    if (rc == REG_OK && len == 0) {
        w.code = "line_units_not_adjacent";
        snprintf(zh, sizeof zh, "界线 %s 两侧单位的多边形没有公共边界", number);
        snprintf(en, sizeof en, "the polygons of the two units of line %s share no edge", number);
        rc = reg_finding_add(f, &w, NULL, err);
    } else if (rc == REG_OK) {
        if (geo_hausdorff(f->db->geo, line, edge, f->tolerance_m, &d, &x, &y) != GEO_OK)
            rc = reg_error_set(err, REG_EIO, "geometry_error", "geometry",
                               "无法计算豪斯多夫距离", "the Hausdorff distance cannot be computed");
        else if (json_object_set_new(f->hausdorff, number, reg_json_real(d, 3)))
            rc = reg_error_nomem(err);
        else if (d > f->tolerance_m) {
            w.code = "line_deviation";
            w.x = x;
            w.y = y;
            snprintf(zh, sizeof zh, "界线 %s 与两侧单位多边形公共边界的最大偏差 %.2f 米，超过限差 %.2f 米",
                     number, d, f->tolerance_m);
            snprintf(en, sizeof en, "line %s is up to %.2f m from the shared edge of its units' "
                     "polygons (tolerance %.2f m)", number, d, f->tolerance_m);
            rc = reg_finding_add(f, &w, json_pack("{s:o, s:o}", "hausdorff_m", reg_json_real(d, 2),
                                                  "edge_length_m", reg_json_real(len, 2)),
                                 err);
        }
    }
    reg_geom_free(f->db, a);
    reg_geom_free(f->db, b);
    reg_geom_free(f->db, edge);
    return rc;
}

/* reg_row_fn: compares the line of the row with its units' polygons. */
static int topo_line(reg_db *db, sqlite3_stmt *st, void *ctx, reg_error *err)
{
    GEOSGeometry *line = NULL;
    int rc = topo_geom(db, st, 3, &line, err);
    if (rc == REG_OK)
        rc = topo_compare(ctx, st, line, err);
    reg_geom_free(db, line);
    return rc;
}

/* See reg_bound_internal.h.  Lines with a side the registry does not hold
 * (the far side of a county-level line) are not compared. */
int reg_check_lines(reg_findings *f, reg_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = reg_prepare(f->db,
                         "SELECT l.number, l.left_code, l.right_code, AsBinary(l.geom),"
                         " AsBinary(ul.geom), AsBinary(ur.geom) FROM boundary_lines l"
                         " JOIN units ul ON ul.code = l.left_code"
                         " JOIN units ur ON ur.code = l.right_code"
                         " WHERE ?1 IS NULL OR l.number = ?1 ORDER BY l.number",
                         &st, err);
    if (rc == REG_OK && reg_findings_bind_line(f, st, 1))
        rc = reg_error_sqlite(f->db, err);
    return reg_rows_each(f->db, st, rc, topo_line, f, err);
}
