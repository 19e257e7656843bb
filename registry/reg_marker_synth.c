/*
 * reg_marker_synth.c: demonstration markers along the registered lines.
 * Along each line (measured in EPSG:4544 and oriented by B5 from the west,
 * or north, end) markers stand about every spacing metres, away from the
 * ends where three units meet: mostly single markers (Q) on the line,
 * some same-number pairs (A/B) 8 m either side of it, as where a line
 * follows a river or road.  Conditions, materials, years and reference
 * objects are drawn from a generator seeded by the seed and the line's
 * number, so the same seed gives the same markers.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "reg_bound_internal.h"

#define SYNTH_PAIR_OFFSET_M 8.0
#define SYNTH_PAIR_SHARE 0.15
#define SYNTH_MAX_PER_LINE 999

/* Per-mille shares of the conditions of B3, in reg_condition order. */
static const int synth_condition_share[REG_COND_COUNT] = {700, 100, 60, 50, 40, 50};

static const char *const synth_refs[] = {
    "电线杆", "独立树", "房屋西北角", "道路交叉口", "水渠桥", "三角点", "涵洞", "窑洞口",
    "机井", "学校围墙东南角",
};

/* A condition drawn by the shares. */
static reg_condition synth_condition(uint64_t *s)
{
    int r = (int)(reg_rng_unit(s) * 1000);
    for (int c = 0; c < REG_COND_COUNT; c++) {
        if (r < synth_condition_share[c])
            return (reg_condition)c;
        r -= synth_condition_share[c];
    }
    return REG_COND_INTACT;
}

/* Writes one marker at (x, y) in EPSG:4544. */
static int synth_marker(reg_db *db, const char *actor, const char *number, int seq, char type,
                        double x, double y, uint64_t *s, reg_synth_summary *sum, reg_error *err)
{
    char id[REG_MARKER_ID_MAX + 1];
    snprintf(id, sizeof id, "%s%03d%c", number, seq, type);
    reg_marker_ref refs[3];
    size_t nrefs = 2 + (reg_rng_unit(s) < 0.5);
    for (size_t i = 0; i < nrefs; i++) {
        refs[i].name = synth_refs[reg_rng_next(s) % (sizeof synth_refs / sizeof synth_refs[0])];
        refs[i].bearing_deg = floor(reg_rng_unit(s) * 36000) / 100;
        refs[i].distance_m = 15 + floor(reg_rng_unit(s) * 16500) / 100;
    }
    reg_condition c = synth_condition(s);
    int replaced = reg_rng_unit(s) < 0.2;
    reg_marker_input in = {.id = id,
                           .material = reg_rng_unit(s) < 0.6 ? "花岗岩" : "钢筋混凝土",
                           .year_set = replaced ? 2011 + (int)(reg_rng_next(s) % 6)
                                                : 1998 + (int)(reg_rng_next(s) % 6),
                           .condition = reg_condition_name(c),
                           .refs = refs,
                           .nrefs = nrefs};
    int rc = reg_xy_4490(db, x, y, &in.lon, &in.lat, err);
    char outcome = '=';
    if (rc == REG_OK)
        rc = reg_marker_write(db, actor, &in, &outcome, err);
    if (rc == REG_OK) {
        sum->markers++;
        sum->inserted += outcome == 'i';
        sum->updated += outcome == 'u';
        sum->unchanged += outcome == '=';
        sum->by_condition[c]++;
    }
    return rc;
}

/* The unit normal (to the left) of the line at along. */
static int synth_normal(reg_db *db, const GEOSGeometry *line, double along, double *nx,
                        double *ny)
{
    double x0, y0, x1, y1;
    if (geo_line_point_at(db->geo, line, along - 1, &x0, &y0) != GEO_OK ||
        geo_line_point_at(db->geo, line, along + 1, &x1, &y1) != GEO_OK)
        return -1;
    double len = hypot(x1 - x0, y1 - y0);
    if (len == 0)
        return -1;
    *nx = -(y1 - y0) / len;
    *ny = (x1 - x0) / len;
    return 0;
}

/* Places the markers of one line (EPSG:4544, oriented). */
static int synth_line(reg_db *db, const char *actor, const char *number,
                      const GEOSGeometry *line, const reg_synth_options *opt,
                      reg_synth_summary *sum, reg_error *err)
{
    double len = 0;
    if (geo_length(db->geo, line, &len) != GEO_OK)
        return reg_error_set(err, REG_EIO, "geometry_error", "geometry", "无法计算界线长度",
                             "the line length cannot be measured");
    uint64_t s = reg_rng_state(opt->seed, number);
    long n = lround(len / opt->spacing_m);
    n = n < 1 ? 1 : n > SYNTH_MAX_PER_LINE ? SYNTH_MAX_PER_LINE : n;
    double step = len / (double)n;
    int rc = REG_OK;
    for (long k = 0; rc == REG_OK && k < n; k++) {
        double along = step * ((double)k + 0.5 + (reg_rng_unit(&s) - 0.5) * 0.4);
        double x, y, nx, ny;
        if (geo_line_point_at(db->geo, line, along, &x, &y) != GEO_OK)
            return reg_error_set(err, REG_EIO, "geometry_error", "geometry",
                                 "无法在界线上取点", "cannot place a point on the line");
        int seq = (int)k + 1;
        if (reg_rng_unit(&s) < SYNTH_PAIR_SHARE && synth_normal(db, line, along, &nx, &ny) == 0) {
            rc = synth_marker(db, actor, number, seq, 'A', x + nx * SYNTH_PAIR_OFFSET_M,
                              y + ny * SYNTH_PAIR_OFFSET_M, &s, sum, err);
            if (rc == REG_OK)
                rc = synth_marker(db, actor, number, seq, 'B', x - nx * SYNTH_PAIR_OFFSET_M,
                                  y - ny * SYNTH_PAIR_OFFSET_M, &s, sum, err);
        } else {
            rc = synth_marker(db, actor, number, seq, 'Q', x, y, &s, sum, err);
        }
    }
    return rc;
}

/* What synth_line_row needs. */
typedef struct synth_ctx {
    const char *actor;
    const reg_synth_options *opt;
    reg_synth_summary *sum;
} synth_ctx;

/* reg_row_fn: places the markers of the line of the row (number, WKB). */
static int synth_line_row(reg_db *db, sqlite3_stmt *st, void *ctx, reg_error *err)
{
    synth_ctx *c = ctx;
    char number[REG_LINE_NUMBER_MAX + 1];
    snprintf(number, sizeof number, "%s", (const char *)sqlite3_column_text(st, 0));
    GEOSGeometry *g = NULL, *m = NULL, *oriented = NULL;
    int rc = reg_wkb_geom(db, sqlite3_column_blob(st, 1), sqlite3_column_bytes(st, 1), &g, err);
    if (rc == REG_OK)
        rc = reg_to_4544(db, g, &m, err);
    if (rc == REG_OK && geo_line_orient(db->geo, m, &oriented) != GEO_OK)
        rc = reg_error_set(err, REG_EIO, "geometry_error", "geometry", "无法确定界线走向",
                           "the line cannot be oriented");
    if (rc == REG_OK)
        rc = synth_line(db, c->actor, number, oriented, c->opt, c->sum, err);
    c->sum->lines += rc == REG_OK;
    reg_geom_free(db, g);
    reg_geom_free(db, m);
    reg_geom_free(db, oriented);
    return rc;
}

/* Places the markers of every line, in number order. */
static int synth_all(reg_db *db, const char *actor, const reg_synth_options *opt,
                     reg_synth_summary *sum, reg_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = reg_prepare(db, "SELECT number, AsBinary(geom) FROM boundary_lines ORDER BY number",
                         &st, err);
    synth_ctx c = {actor, opt, sum};
    return reg_rows_each(db, st, rc, synth_line_row, &c, err);
}

/* See reg_boundaries.h.  bad_spacing for a spacing that is not a positive
 * number of metres. */
int reg_marker_synth(reg_db *db, const char *actor, const reg_synth_options *opt,
                     reg_synth_summary *sum, reg_error *err)
{
    if (!db || !opt || !sum)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    memset(sum, 0, sizeof *sum);
    if (!(opt->spacing_m >= 10) || !isfinite(opt->spacing_m))
        return reg_error_set(err, REG_EINVAL, "bad_spacing", "spacing_m",
                             "界桩间距应不小于10米", "the spacing is at least 10 m");
    int rc = reg_actor_check(actor, err);
    if (rc == REG_OK)
        rc = reg_tx_begin(db, err);
    if (rc != REG_OK)
        return rc;
    rc = synth_all(db, actor, opt, sum, err);
    if (rc == REG_OK)
        return reg_tx_commit(db, err);
    reg_tx_rollback(db);
    return rc;
}
