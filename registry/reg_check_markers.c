/*
 * reg_check_markers.c: markers against their line and their numbering
 * (B5).  Per line, measured in EPSG:4544 along the line oriented by B5
 * (from the west end, or the north end):
 *   - a single marker (Q) farther from the line than the tolerance;
 *   - a pair (A/B) or triple (C/D/E) the line does not pass between
 *     (distance from the line to the members' hull), members missing;
 *   - a sequence used by different kinds of marker, sequences missing
 *     between 001 and the highest, sequences out of order along the line,
 *     and numbering that runs against B5 as a whole.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reg_bound_internal.h"

/* One marker of the line being checked. */
typedef struct mk {
    char id[REG_MARKER_ID_MAX + 1];
    int seq;
    char type;
    double x, y;    /* EPSG:4544 */
    double dist;    /* from the line */
    double along;   /* along the oriented line */
} mk;

/* One sequence number of the line: its markers and where it stands. */
typedef struct mk_group {
    int seq;
    size_t first, n; /* markers[first .. first + n) */
    double along, x, y;
} mk_group;

/* The line being checked. */
typedef struct mk_line {
    reg_findings *f;
    const char *number;
    const GEOSGeometry *geom; /* EPSG:4544, oriented */
    mk *m;
    size_t n;
    mk_group *g;
    size_t ng;
} mk_line;

/* The kind of a type letter: 'Q', 'P' (pair) or 'T' (triple). */
static char mk_kind(char type)
{
    return type == 'Q' ? 'Q' : (type == 'A' || type == 'B') ? 'P' : 'T';
}

/* Adds a finding about marker (or group) m of line l. */
static int mk_add(mk_line *l, const char *code, const char *severity, const char *marker,
                  double x, double y, const char *zh, const char *en, json_t *measured,
                  reg_error *err)
{
    reg_finding w = {.code = code, .severity = severity, .line = l->number, .marker = marker,
                     .x = x, .y = y, .message_zh = zh, .message_en = en};
    return reg_finding_add(l->f, &w, measured, err);
}

/* Single markers off the line. */
static int mk_single(mk_line *l, reg_error *err)
{
    int rc = REG_OK;
    double tol = l->f->tolerance_m;
    for (size_t i = 0; rc == REG_OK && i < l->n; i++) {
        const mk *m = &l->m[i];
        if (m->type != 'Q' || !(m->dist > tol))
            continue;
        char zh[300], en[300];
        snprintf(zh, sizeof zh, "界桩 %s 距界线 %.2f 米，超过限差 %.2f 米", m->id, m->dist, tol);
        snprintf(en, sizeof en, "marker %s is %.2f m off its line (tolerance %.2f m)", m->id,
                 m->dist, tol);
        rc = mk_add(l, "marker_off_line", "error", m->id, m->x, m->y, zh, en,
                    json_pack("{s:o}", "distance_m", reg_json_real(m->dist, 2)), err);
    }
    return rc;
}

/* The members of kind k in group g: their ids ("A+B"), letters and
 * coordinates; returns how many. */
static size_t mk_members(const mk_line *l, const mk_group *g, char k, char *letters,
                         double *xs, double *ys)
{
    size_t n = 0;
    for (size_t i = g->first; i < g->first + g->n; i++)
        if (mk_kind(l->m[i].type) == k && n < 3) {
            letters[n] = l->m[i].type;
            xs[n] = l->m[i].x;
            ys[n] = l->m[i].y;
            n++;
        }
    letters[n] = '\0';
    return n;
}

/* A pair or triple of group g: complete, and straddling the line. */
static int mk_group_kind(mk_line *l, const mk_group *g, char k, reg_error *err)
{
    char letters[4], want[4], id[REG_MARKER_ID_MAX + 8], zh[400], en[400];
    double xs[3], ys[3];
    size_t n = mk_members(l, g, k, letters, xs, ys);
    snprintf(want, sizeof want, "%s", k == 'P' ? "AB" : "CDE");
    snprintf(id, sizeof id, "%s%03d%s", l->number, g->seq, want);
    if (n < strlen(want)) {
        char missing[4] = "";
        size_t nm = 0;
        for (const char *c = want; *c; c++)
            if (!strchr(letters, *c))
                missing[nm++] = *c;
        missing[nm] = '\0';
        snprintf(zh, sizeof zh, "%s号%s缺少成员 %s（现有 %s）", id, k == 'P' ? "同号双立界桩" : "同号三立界桩",
                 missing, letters);
        snprintf(en, sizeof en, "%s: the %s lacks member %s (has %s)", id,
                 k == 'P' ? "same-number pair" : "same-number triple", missing, letters);
        return mk_add(l, "marker_group_incomplete", "error", id, g->x, g->y, zh, en,
                      json_pack("{s:s, s:s}", "present", letters, "missing", missing), err);
    }
    double d = 0, spread = 0;
    if (geo_group_distance(l->f->db->geo, l->geom, xs, ys, n, &d, &spread) != GEO_OK)
        return reg_error_set(err, REG_EIO, "geometry_error", "geometry", "无法计算界桩组距离",
                             "the distance of a marker group cannot be computed");
    if (!(d > l->f->tolerance_m))
        return REG_OK;
    snprintf(zh, sizeof zh, "界线未从%s各成员之间穿过：距其连线（面）%.2f 米，成员相距最远 %.2f 米",
             id, d, spread);
    snprintf(en, sizeof en, "the line does not pass between the members of %s: %.2f m from "
             "their hull, members up to %.2f m apart", id, d, spread);
    return mk_add(l, "marker_group_off_line", "error", id, g->x, g->y, zh, en,
                  json_pack("{s:o, s:o}", "distance_m", reg_json_real(d, 2), "spread_m",
                            reg_json_real(spread, 2)),
                  err);
}

/* Each group: kinds mixed under one number, pairs and triples. */
static int mk_groups(mk_line *l, reg_error *err)
{
    int rc = REG_OK;
    for (size_t i = 0; rc == REG_OK && i < l->ng; i++) {
        const mk_group *g = &l->g[i];
        int kinds[3] = {0, 0, 0};
        for (size_t k = g->first; k < g->first + g->n; k++) {
            char kind = mk_kind(l->m[k].type);
            kinds[kind == 'Q' ? 0 : kind == 'P' ? 1 : 2] = 1;
        }
        if (kinds[0] + kinds[1] + kinds[2] > 1) {
            char id[REG_MARKER_ID_MAX + 2], zh[300], en[300];
            snprintf(id, sizeof id, "%s%03d", l->number, g->seq);
            snprintf(zh, sizeof zh, "序号 %s 被不同类型的界桩重复使用（B5）", id);
            snprintf(en, sizeof en, "sequence %s is used by markers of different kinds (B5)", id);
            rc = mk_add(l, "marker_number_duplicate", "error", id, g->x, g->y, zh, en,
                        json_pack("{s:i}", "seq", g->seq), err);
        }
        if (rc == REG_OK && kinds[1])
            rc = mk_group_kind(l, g, 'P', err);
        if (rc == REG_OK && kinds[2])
            rc = mk_group_kind(l, g, 'T', err);
    }
    return rc;
}

/* Sequence numbers missing from 001 to the highest. */
static int mk_gaps(mk_line *l, reg_error *err)
{
    int rc = REG_OK, expect = 1;
    for (size_t i = 0; rc == REG_OK && i < l->ng; i++) {
        const mk_group *g = &l->g[i];
        if (g->seq > expect) {
            const mk_group *prev = i ? &l->g[i - 1] : g;
            double x = (prev->x + g->x) / 2, y = (prev->y + g->y) / 2;
            char id[REG_MARKER_ID_MAX + 8], zh[300], en[300];
            snprintf(id, sizeof id, "%s%03d", l->number, expect);
            snprintf(zh, sizeof zh, "界线 %s 缺少序号 %03d 至 %03d 的界桩（B5）", l->number, expect,
                     g->seq - 1);
            snprintf(en, sizeof en, "line %s has no marker numbered %03d to %03d (B5)", l->number,
                     expect, g->seq - 1);
            rc = mk_add(l, "marker_sequence_gap", "warning", id, x, y, zh, en,
                        json_pack("{s:i, s:i}", "from", expect, "to", g->seq - 1), err);
        }
        expect = g->seq + 1;
    }
    return rc;
}

/* Sequences out of order along the line, and numbering against B5. */
static int mk_order(mk_line *l, reg_error *err)
{
    size_t pairs = l->ng > 1 ? l->ng - 1 : 0, inverted = 0;
    for (size_t i = 1; i < l->ng; i++)
        inverted += l->g[i].along < l->g[i - 1].along;
    int reversed = pairs && inverted * 2 > pairs;
    int rc = REG_OK;
    char zh[400], en[400];
    if (reversed) {
        snprintf(zh, sizeof zh, "界线 %s 的界桩编号自东向西（或自南向北），与B5规定方向相反",
                 l->number);
        snprintf(en, sizeof en, "the markers of line %s are numbered east to west (or south to "
                 "north), against B5", l->number);
        rc = mk_add(l, "marker_numbering_direction", "warning", NULL, l->g[0].x, l->g[0].y, zh, en,
                    json_pack("{s:I, s:I}", "pairs", (json_int_t)pairs, "inverted",
                              (json_int_t)inverted),
                    err);
    }
    for (size_t i = 1; rc == REG_OK && i < l->ng; i++) {
        const mk_group *a = &l->g[i - 1], *b = &l->g[i];
        if (reversed ? !(b->along > a->along) : !(b->along < a->along))
            continue;
        char id[REG_MARKER_ID_MAX + 8];
        snprintf(id, sizeof id, "%s%03d", l->number, b->seq);
        snprintf(zh, sizeof zh, "序号 %03d 在界线上位于 %03d 之前（沿线 %.2f 米对 %.2f 米）", b->seq,
                 a->seq, b->along, a->along);
        snprintf(en, sizeof en, "sequence %03d lies before %03d along the line (%.2f m against "
                 "%.2f m)", b->seq, a->seq, b->along, a->along);
        rc = mk_add(l, "marker_sequence_order", "error", id, b->x, b->y, zh, en,
                    json_pack("{s:o, s:o, s:i}", "along_m", reg_json_real(b->along, 2),
                              "previous_along_m", reg_json_real(a->along, 2), "previous_seq",
                              a->seq),
                    err);
    }
    return rc;
}

/* Groups the line's markers (sorted by sequence) by sequence number. */
static int mk_make_groups(mk_line *l, reg_error *err)
{
    l->g = calloc(l->n ? l->n : 1, sizeof *l->g);
    if (!l->g)
        return reg_error_nomem(err);
    for (size_t i = 0; i < l->n; i++) {
        if (!l->ng || l->g[l->ng - 1].seq != l->m[i].seq)
            l->g[l->ng++] = (mk_group){.seq = l->m[i].seq, .first = i};
        mk_group *g = &l->g[l->ng - 1];
        g->n++;
        g->along += (l->m[i].along - g->along) / (double)g->n;
        g->x += (l->m[i].x - g->x) / (double)g->n;
        g->y += (l->m[i].y - g->y) / (double)g->n;
    }
    return REG_OK;
}

/* reg_row_fn: one marker of the line (id, seq, type, lon, lat, count),
 * measured against the line. */
static int mk_load_row(reg_db *db, sqlite3_stmt *st, void *ctx, reg_error *err)
{
    mk_line *l = ctx;
    if (!l->m && !(l->m = calloc((size_t)sqlite3_column_int64(st, 5), sizeof *l->m)))
        return reg_error_nomem(err);
    mk *m = &l->m[l->n++];
    const char *type = (const char *)sqlite3_column_text(st, 2);
    snprintf(m->id, sizeof m->id, "%s", (const char *)sqlite3_column_text(st, 0));
    m->seq = sqlite3_column_int(st, 1);
    m->type = type ? type[0] : 'Q';
    int rc = reg_xy_4544(db, sqlite3_column_double(st, 3), sqlite3_column_double(st, 4), &m->x,
                         &m->y, err);
    if (rc == REG_OK &&
        geo_point_line(db->geo, l->geom, m->x, m->y, &m->dist, &m->along) != GEO_OK)
        rc = reg_error_set(err, REG_EIO, "geometry_error", "geometry",
                           "无法计算界桩到界线的距离", "a marker cannot be measured");
    return rc;
}

/* Reads the line's markers, measured against the line. */
static int mk_load(mk_line *l, sqlite3_int64 line_id, reg_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = reg_prepare(l->f->db, "SELECT id, seq, type, X(geom), Y(geom), count(*) OVER ()"
                                   " FROM markers WHERE line_id = ?1 ORDER BY seq, type", &st,
                         err);
    if (rc == REG_OK && sqlite3_bind_int64(st, 1, line_id))
        rc = reg_error_sqlite(l->f->db, err);
    rc = reg_rows_each(l->f->db, st, rc, mk_load_row, l, err);
    l->f->markers_checked += (long)l->n;
    return rc;
}

/* reg_row_fn: every marker check of one line (id, number, WKB). */
static int mk_line_check(reg_db *db, sqlite3_stmt *st, void *ctx, reg_error *err)
{
    reg_findings *f = ctx;
    (void)db;
    f->lines_checked++;
    GEOSGeometry *g = NULL, *m = NULL, *oriented = NULL;
    mk_line l = {.f = f, .number = (const char *)sqlite3_column_text(st, 1)};
    int rc = reg_wkb_geom(f->db, sqlite3_column_blob(st, 2), sqlite3_column_bytes(st, 2), &g, err);
    if (rc == REG_OK)
        rc = reg_to_4544(f->db, g, &m, err);
    if (rc == REG_OK && geo_line_orient(f->db->geo, m, &oriented) != GEO_OK)
        rc = reg_error_set(err, REG_EIO, "geometry_error", "geometry", "无法确定界线走向",
                           "the line cannot be oriented");
    l.geom = oriented;
    if (rc == REG_OK)
        rc = mk_load(&l, sqlite3_column_int64(st, 0), err);
    if (rc == REG_OK)
        rc = mk_make_groups(&l, err);
    if (rc == REG_OK)
        rc = mk_single(&l, err);
    if (rc == REG_OK)
        rc = mk_groups(&l, err);
    if (rc == REG_OK)
        rc = mk_gaps(&l, err);
    if (rc == REG_OK)
        rc = mk_order(&l, err);
    free(l.m);
    free(l.g);
    reg_geom_free(f->db, g);
    reg_geom_free(f->db, m);
    reg_geom_free(f->db, oriented);
    return rc;
}

/* See reg_bound_internal.h. */
int reg_check_markers(reg_findings *f, reg_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = reg_prepare(f->db, "SELECT id, number, AsBinary(geom) FROM boundary_lines"
                                " WHERE ?1 IS NULL OR number = ?1 ORDER BY number", &st, err);
    if (rc == REG_OK && reg_findings_bind_line(f, st, 1))
        rc = reg_error_sqlite(f->db, err);
    return reg_rows_each(f->db, st, rc, mk_line_check, f, err);
}
