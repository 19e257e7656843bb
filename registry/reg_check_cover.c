/*
 * reg_check_cover.c: coverage.  Always: lines due for joint inspection
 * (B1; as of the round's start, or today).  For a round: its lines with no
 * record, markers of its inspected lines with no record, records of a
 * repair, replacement or reset that do not name both sides (B4), and
 * markers last found damaged, lost or displaced in the round and not
 * repaired since.  Only records that count (not corrected) are looked at.
 */
#include <stdio.h>

#include "reg_bound_internal.h"

/* Where a finding about a whole line stands: half way along it. */
static int cover_line_middle(reg_findings *f, sqlite3_stmt *st, int col, double *x, double *y,
                             reg_error *err)
{
    GEOSGeometry *g = NULL, *m = NULL;
    double len = 0;
    int rc = reg_wkb_geom(f->db, sqlite3_column_blob(st, col), sqlite3_column_bytes(st, col), &g,
                          err);
    if (rc == REG_OK)
        rc = reg_to_4544(f->db, g, &m, err);
    if (rc == REG_OK && (geo_length(f->db->geo, m, &len) != GEO_OK ||
                         geo_line_point_at(f->db->geo, m, len / 2, x, y) != GEO_OK))
        rc = reg_error_set(err, REG_EIO, "geometry_error", "geometry", "无法在界线上取点",
                           "cannot place a point on the line");
    reg_geom_free(f->db, g);
    reg_geom_free(f->db, m);
    return rc;
}

/* Runs sql with ?1 the line filter and ?2 the round (NULL without one),
 * calling fn for each row with ctx. */
static int cover_query(reg_findings *f, const char *sql, reg_row_fn fn, void *ctx,
                       reg_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = reg_prepare(f->db, sql, &st, err);
    if (rc == REG_OK &&
        (reg_findings_bind_line(f, st, 1) ||
         (f->round ? sqlite3_bind_int(st, 2, f->round) : sqlite3_bind_null(st, 2))))
        rc = reg_error_sqlite(f->db, err);
    return reg_rows_each(f->db, st, rc, fn, ctx, err);
}

/* reg_row_fn: a line (number, last check, WKB, left, right) when due. */
static int cover_due_row(reg_db *db, sqlite3_stmt *st, void *ctx, reg_error *err)
{
    reg_findings *f = ctx;
    (void)db;
    const char *number = (const char *)sqlite3_column_text(st, 0);
    const char *last = (const char *)sqlite3_column_text(st, 1);
    if (!reg_line_due(last, f->today))
        return REG_OK;
    reg_finding w = {.code = "line_due", .severity = f->round ? "error" : "warning",
                     .line = number, .nunits = 2};
    w.units[0] = (const char *)sqlite3_column_text(st, 3);
    w.units[1] = (const char *)sqlite3_column_text(st, 4);
    char zh[300], en[300];
    snprintf(zh, sizeof zh, "界线 %s 上次联检%s%s，已超过五年%s（B1）", number, last ? "于 " : "",
             last ? last : "无记录", f->round ? "，却不在本轮联检之中" : "");
    snprintf(en, sizeof en, "line %s was last jointly checked %s, more than five years ago%s "
             "(B1)", number, last ? last : "never", f->round ? ", and is not in the round" : "");
    w.message_zh = zh;
    w.message_en = en;
    int rc = cover_line_middle(f, st, 2, &w.x, &w.y, err);
    if (rc == REG_OK)
        rc = reg_finding_add(f, &w, json_pack("{s:s?, s:s}", "last_joint_check", last, "as_of",
                                              f->today), err);
    return rc;
}

/* reg_row_fn: a line of the round (number, WKB) without any record. */
static int cover_line_row(reg_db *db, sqlite3_stmt *st, void *ctx, reg_error *err)
{
    reg_findings *f = ctx;
    (void)db;
    const char *number = (const char *)sqlite3_column_text(st, 0);
    char zh[200], en[200];
    snprintf(zh, sizeof zh, "界线 %s 在第 %d 轮联检中尚无任何检查记录", number, f->round);
    snprintf(en, sizeof en, "line %s has no record in round %d yet", number, f->round);
    reg_finding w = {.code = "line_not_inspected", .severity = "warning", .line = number,
                     .message_zh = zh, .message_en = en};
    int rc = cover_line_middle(f, st, 1, &w.x, &w.y, err);
    return rc == REG_OK ? reg_finding_add(f, &w, NULL, err) : rc;
}

/* One kind of marker finding: its query (rows of marker id, line
 * number, lon, lat; ?1 the line filter, ?2 the round) and its messages. */
typedef struct cover_kind {
    const char *code, *severity, *sql;
    void (*message)(char *zh, char *en, size_t size, const char *id, int round);
} cover_kind;

/* A kind of marker finding being collected. */
typedef struct cover_ctx {
    reg_findings *f;
    const cover_kind *k;
} cover_ctx;

/* reg_row_fn: a marker finding of the context's kind. */
static int cover_marker_row(reg_db *db, sqlite3_stmt *st, void *ctx, reg_error *err)
{
    cover_ctx *c = ctx;
    const char *id = (const char *)sqlite3_column_text(st, 0);
    char zh[300], en[300];
    c->k->message(zh, en, sizeof zh, id, c->f->round);
    reg_finding w = {.code = c->k->code, .severity = c->k->severity, .marker = id,
                     .line = (const char *)sqlite3_column_text(st, 1), .message_zh = zh,
                     .message_en = en};
    int rc = reg_xy_4544(db, sqlite3_column_double(st, 2), sqlite3_column_double(st, 3), &w.x,
                         &w.y, err);
    return rc == REG_OK ? reg_finding_add(c->f, &w, NULL, err) : rc;
}

/* Messages of marker_not_inspected. */
static void msg_not_inspected(char *zh, char *en, size_t size, const char *id, int round)
{
    snprintf(zh, size, "界桩 %s 在第 %d 轮联检中没有检查记录", id, round);
    snprintf(en, size, "marker %s has no record in round %d", id, round);
}

/* Messages of repair_without_parties. */
static void msg_without_parties(char *zh, char *en, size_t size, const char *id, int round)
{
    snprintf(zh, size, "界桩 %s 在第 %d 轮的维修、更换或复位记录没有双方人员（B4）", id, round);
    snprintf(en, size, "a repair, replacement or reset of marker %s in round %d names not both "
             "sides (B4)", id, round);
}

/* Messages of repair_outstanding. */
static void msg_outstanding(char *zh, char *en, size_t size, const char *id, int round)
{
    snprintf(zh, size, "界桩 %s 在第 %d 轮发现损坏、丢失或移位，尚未修复或复位（B4）", id, round);
    snprintf(en, size, "marker %s was found damaged, lost or displaced in round %d and is not "
             "repaired yet (B4)", id, round);
}

/* Records that count: not corrected by another. */
#define COVER_COUNTS(r)                                                                      \
    " NOT EXISTS (SELECT 1 FROM inspection_records c WHERE c.corrects = " r ".id)"

/* The latest counting record of marker m in round ?2. */
#define COVER_LATEST                                                                         \
    "(SELECT r.id FROM inspection_records r WHERE r.marker_id = m.id AND r.round = ?2 AND"  \
    COVER_COUNTS("r") " ORDER BY r.observed_at DESC, r.id DESC LIMIT 1)"

static const cover_kind cover_kinds[] = {
    {"marker_not_inspected", "warning",
     "SELECT m.id, l.number, X(m.geom), Y(m.geom) FROM markers m"
     " JOIN boundary_lines l ON l.id = m.line_id"
     " JOIN round_lines rl ON rl.line_id = l.id AND rl.round = ?2"
     " WHERE (?1 IS NULL OR l.number = ?1)"
     " AND NOT EXISTS (SELECT 1 FROM inspection_records r WHERE r.marker_id = m.id"
     "   AND r.round = ?2)"
     " AND EXISTS (SELECT 1 FROM inspection_records r JOIN markers m2"
     "   ON m2.id = r.marker_id WHERE m2.line_id = l.id AND r.round = ?2)"
     " ORDER BY l.number, m.seq, m.type",
     msg_not_inspected},
    {"repair_without_parties", "error",
     "SELECT m.id, l.number, X(m.geom), Y(m.geom) FROM inspection_records r"
     " JOIN markers m ON m.id = r.marker_id JOIN boundary_lines l ON l.id = m.line_id"
     " WHERE (?1 IS NULL OR l.number = ?1) AND r.round = ?2"
     " AND r.action IN ('repaired', 'replaced', 'reset') AND" COVER_COUNTS("r")
     " AND (r.party_left IS NULL OR r.party_right IS NULL) ORDER BY l.number, r.id",
     msg_without_parties},
    {"repair_outstanding", "error",
     "SELECT m.id, l.number, X(m.geom), Y(m.geom) FROM markers m"
     " JOIN boundary_lines l ON l.id = m.line_id"
     " JOIN inspection_records r ON r.id = " COVER_LATEST
     " WHERE (?1 IS NULL OR l.number = ?1) AND r.action = 'none'"
     " AND r.condition IN ('damaged', 'lost', 'displaced')"
     " ORDER BY l.number, m.seq, m.type",
     msg_outstanding},
};

/* See reg_bound_internal.h. */
int reg_check_coverage(reg_findings *f, reg_error *err)
{
    int rc = cover_query(f, "SELECT l.number, l.last_joint_check, AsBinary(l.geom),"
                            " l.left_code, l.right_code FROM boundary_lines l"
                            " WHERE (?1 IS NULL OR l.number = ?1) AND (?2 IS NULL OR NOT"
                            " EXISTS (SELECT 1 FROM round_lines rl WHERE rl.round = ?2"
                            "   AND rl.line_id = l.id)) ORDER BY l.number",
                         cover_due_row, f, err);
    if (rc != REG_OK || !f->round)
        return rc;
    rc = cover_query(f, "SELECT l.number, AsBinary(l.geom) FROM round_lines rl"
                        " JOIN boundary_lines l ON l.id = rl.line_id WHERE rl.round = ?2"
                        " AND (?1 IS NULL OR l.number = ?1) AND NOT EXISTS (SELECT 1"
                        "   FROM inspection_records r JOIN markers m ON m.id = r.marker_id"
                        "   WHERE m.line_id = l.id AND r.round = ?2) ORDER BY l.number",
                     cover_line_row, f, err);
    for (size_t i = 0; rc == REG_OK && i < sizeof cover_kinds / sizeof cover_kinds[0]; i++) {
        cover_ctx c = {f, &cover_kinds[i]};
        rc = cover_query(f, cover_kinds[i].sql, cover_marker_row, &c, err);
    }
    return rc;
}
