/*
 * reg_rtree_pack.c: filling a 2-D SQLite R*Tree in one pass by
 * Sort-Tile-Recursive packing (Leutenegger, Lopez and Edgington, 1997)
 * instead of one R*Tree insert per row.
 *
 * The rtree module of SQLite keeps its tree in three shadow tables whose
 * format is part of SQLite's stable file format (ext/rtree/rtree.c):
 *   NAME_node(nodeno INTEGER PRIMARY KEY, data)  one blob per node; node 1
 *     is the root, whose first two bytes (big-endian) are the tree's
 *     depth (0: the root is a leaf); bytes 2-3 the number of cells; then
 *     cells of an 8-byte id (a row's id in a leaf, a child node's number
 *     above) and xmin, xmax, ymin, ymax as big-endian float32.
 *   NAME_rowid(rowid INTEGER PRIMARY KEY, nodeno)  the leaf of each row.
 *   NAME_parent(nodeno INTEGER PRIMARY KEY, parentnode)  every node's
 *     parent but the root's.
 * Every blob has the length of the root's (the node size the table was
 * made with).  Boxes are rounded outwards to float32 as the module does.
 * The packed tree has full nodes and tiles that do not overlap along x,
 * which queries prefer; later inserts and deletes through the module work
 * on it as on any other.  `SELECT rtreecheck('NAME')` verifies it.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reg_internal.h"

#define RT_CELL 24 /* 8-byte id and four float32 */
#define RT_ROWID_BATCH 128 /* rows' leaves written by one statement */
#define RT_HEAD 4  /* depth, number of cells */

/* One cell: a row's box (leaf level) or a node's box (above). */
typedef struct rt_cell {
    sqlite3_int64 id; /* row id, or the node number once numbered */
    float box[4];     /* xmin, xmax, ymin, ymax */
} rt_cell;

/* The float32 no greater than d (up == 0) or no less (up == 1). */
static float rt_round(double d, int up)
{
    float f = (float)d;
    if (!up && (double)f > d)
        f = nextafterf(f, -INFINITY);
    if (up && (double)f < d)
        f = nextafterf(f, INFINITY);
    return f;
}

/* qsort orders: by the centre along x, along y. */
static int rt_by_x(const void *a, const void *b)
{
    const rt_cell *p = a, *q = b;
    float u = p->box[0] + p->box[1], v = q->box[0] + q->box[1];
    return (u > v) - (u < v);
}

static int rt_by_y(const void *a, const void *b)
{
    const rt_cell *p = a, *q = b;
    float u = p->box[2] + p->box[3], v = q->box[2] + q->box[3];
    return (u > v) - (u < v);
}

/* Orders n cells into STR tiles of cap cells each: slices along x of
 * ceil(sqrt(nodes)) nodes, each sorted along y. */
static void rt_tile(rt_cell *cells, size_t n, size_t cap)
{
    size_t nodes = (n + cap - 1) / cap;
    size_t slices = (size_t)ceil(sqrt((double)nodes));
    size_t per_slice = slices * cap;
    qsort(cells, n, sizeof *cells, rt_by_x);
    for (size_t i = 0; i < n; i += per_slice)
        qsort(cells + i, n - i < per_slice ? n - i : per_slice, sizeof *cells, rt_by_y);
}

/* Writes the big-endian v of width bytes at p. */
static void rt_put(unsigned char *p, uint64_t v, int width)
{
    for (int i = width - 1; i >= 0; i--, v >>= 8)
        p[i] = (unsigned char)(v & 0xFF);
}

/* Fills blob (size bytes, zeroed) with the node of n cells; depth goes
 * to the root only. */
static void rt_node_blob(unsigned char *blob, const rt_cell *cells, size_t n, int depth)
{
    rt_put(blob, (uint64_t)depth, 2);
    rt_put(blob + 2, (uint64_t)n, 2);
    for (size_t i = 0; i < n; i++) {
        unsigned char *c = blob + RT_HEAD + i * RT_CELL;
        rt_put(c, (uint64_t)cells[i].id, 8);
        for (int k = 0; k < 4; k++) {
            uint32_t bits;
            memcpy(&bits, &cells[i].box[k], 4);
            rt_put(c + 8 + 4 * k, bits, 4);
        }
    }
}

/* A row's leaf, written to NAME_rowid in the order of the rows (an
 * append to its b-tree each) once every leaf is numbered. */
typedef struct rt_leaf_of {
    sqlite3_int64 row, node;
} rt_leaf_of;

/* The statements that write the three shadow tables, and the rows'
 * leaves. */
typedef struct rt_writer {
    reg_db *db;
    sqlite3_stmt *node, *rowid, *parent;
    sqlite3_stmt *rowids; /* RT_ROWID_BATCH rows' leaves at once */
    unsigned char *blob;
    size_t size; /* node size in bytes */
    rt_leaf_of *leaves;
    size_t nleaves;
} rt_writer;

/* Inserts (key, value) with map, one of the writer's mapping statements. */
static int rt_map(rt_writer *w, sqlite3_stmt *map, sqlite3_int64 key, sqlite3_int64 value,
                  reg_error *err)
{
    if (sqlite3_bind_int64(map, 1, key) != SQLITE_OK ||
        sqlite3_bind_int64(map, 2, value) != SQLITE_OK)
        return reg_error_sqlite(w->db, err);
    return reg_step_done(w->db, map, err);
}

/* Writes node number no of n cells (depth for the root), the leaf of
 * each row when leaf, and the parent of each child otherwise. */
static int rt_write_node(rt_writer *w, sqlite3_int64 no, const rt_cell *cells, size_t n,
                         int leaf, int depth, reg_error *err)
{
    memset(w->blob, 0, w->size);
    rt_node_blob(w->blob, cells, n, no == 1 ? depth : 0);
    if (sqlite3_bind_int64(w->node, 1, no) != SQLITE_OK ||
        sqlite3_bind_blob(w->node, 2, w->blob, (int)w->size, SQLITE_STATIC) != SQLITE_OK)
        return reg_error_sqlite(w->db, err);
    int rc = reg_step_done(w->db, w->node, err);
    for (size_t i = 0; leaf && i < n; i++)
        w->leaves[w->nleaves++] = (rt_leaf_of){cells[i].id, no};
    for (size_t i = 0; !leaf && rc == REG_OK && i < n; i++)
        rc = rt_map(w, w->parent, cells[i].id, no, err);
    return rc;
}

/* qsort order of leaves by row. */
static int rt_by_row(const void *a, const void *b)
{
    const rt_leaf_of *p = a, *q = b;
    return (p->row > q->row) - (p->row < q->row);
}

/* Writes every row's leaf, in the order of the rows: RT_ROWID_BATCH at a
 * time, the rest one by one. */
static int rt_write_leaves(rt_writer *w, reg_error *err)
{
    qsort(w->leaves, w->nleaves, sizeof *w->leaves, rt_by_row);
    int rc = REG_OK;
    size_t i = 0;
    for (; rc == REG_OK && i + RT_ROWID_BATCH <= w->nleaves; i += RT_ROWID_BATCH) {
        for (int k = 0; k < RT_ROWID_BATCH; k++)
            if (sqlite3_bind_int64(w->rowids, 2 * k + 1, w->leaves[i + k].row) != SQLITE_OK ||
                sqlite3_bind_int64(w->rowids, 2 * k + 2, w->leaves[i + k].node) != SQLITE_OK)
                return reg_error_sqlite(w->db, err);
        rc = reg_step_done(w->db, w->rowids, err);
    }
    for (; rc == REG_OK && i < w->nleaves; i++)
        rc = rt_map(w, w->rowid, w->leaves[i].row, w->leaves[i].node, err);
    return rc;
}

/* Packs one level of n cells into nodes of cap cells, writing each node
 * (numbered from *next on, or 1 when the level fits the root) and
 * replacing cells by the nodes' cells; *n becomes their number. */
static int rt_level(rt_writer *w, rt_cell *cells, size_t *n, size_t cap, int leaf, int depth,
                    sqlite3_int64 *next, reg_error *err)
{
    size_t count = *n, out = 0;
    if (count == 0) /* an empty tree: its root without cells */
        return rt_write_node(w, 1, cells, 0, leaf, depth, err);
    if (count > cap)
        rt_tile(cells, count, cap);
    for (size_t i = 0; i < count; i += cap) {
        size_t k = count - i < cap ? count - i : cap;
        rt_cell node = {.id = count <= cap ? 1 : (*next)++,
                        .box = {INFINITY, -INFINITY, INFINITY, -INFINITY}};
        for (size_t j = i; j < i + k; j++) {
            node.box[0] = fminf(node.box[0], cells[j].box[0]);
            node.box[1] = fmaxf(node.box[1], cells[j].box[1]);
            node.box[2] = fminf(node.box[2], cells[j].box[2]);
            node.box[3] = fmaxf(node.box[3], cells[j].box[3]);
        }
        int rc = rt_write_node(w, node.id, cells + i, k, leaf, depth, err);
        if (rc != REG_OK)
            return rc;
        cells[out++] = node; /* i >= out: the cells read are behind */
    }
    *n = out;
    return REG_OK;
}

/* Prepares the writer's statements for the shadow tables of rtree after
 * emptying them, and reads the node size.  *cap gets the cells a node
 * holds; rows the number of rows to come. */
static int rt_writer_open(reg_db *db, const char *rtree, size_t rows, rt_writer *w, size_t *cap,
                          reg_error *err)
{
    memset(w, 0, sizeof *w);
    w->db = db;
    char *sql = sqlite3_mprintf("SELECT length(data) FROM \"%w_node\" WHERE nodeno = 1", rtree);
    sqlite3_stmt *st = NULL;
    int rc = sql ? reg_prepare(db, sql, &st, err) : reg_error_nomem(err);
    sqlite3_free(sql);
    if (rc == REG_OK && sqlite3_step(st) == SQLITE_ROW)
        w->size = (size_t)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (rc != REG_OK)
        return rc;
    if (w->size < RT_HEAD + 2 * RT_CELL || w->size > 65536)
        return reg_error_set(err, REG_EIO, "rtree_corrupt", "", "空间索引的根节点无法读取",
                             "the spatial index has no readable root node");
    *cap = (w->size - RT_HEAD) / RT_CELL;
    static const char *const empty[] = {"DELETE FROM \"%w_node\"", "DELETE FROM \"%w_rowid\"",
                                        "DELETE FROM \"%w_parent\""};
    for (int i = 0; rc == REG_OK && i < 3; i++) {
        sql = sqlite3_mprintf(empty[i], rtree);
        rc = sql ? reg_exec(db, sql, err) : reg_error_nomem(err);
        sqlite3_free(sql);
    }
    static const char *const insert[] = {
        "INSERT INTO \"%w_node\" (nodeno, data) VALUES (?1, ?2)",
        "INSERT INTO \"%w_rowid\" (rowid, nodeno) VALUES (?1, ?2)",
        "INSERT INTO \"%w_parent\" (nodeno, parentnode) VALUES (?1, ?2)"};
    sqlite3_stmt **out[] = {&w->node, &w->rowid, &w->parent};
    for (int i = 0; rc == REG_OK && i < 3; i++) {
        sql = sqlite3_mprintf(insert[i], rtree);
        rc = sql ? reg_prepare(db, sql, out[i], err) : reg_error_nomem(err);
        sqlite3_free(sql);
    }
    char *head = rc == REG_OK ? sqlite3_mprintf("INSERT INTO \"%w_rowid\" (rowid, nodeno) VALUES",
                                                rtree)
                              : NULL;
    char *many = head ? reg_sql_values(head, 2, RT_ROWID_BATCH) : NULL;
    if (rc == REG_OK)
        rc = many ? reg_prepare(db, many, &w->rowids, err) : reg_error_nomem(err);
    sqlite3_free(head);
    free(many);
    if (rc == REG_OK && (!(w->blob = malloc(w->size)) ||
                         !(w->leaves = malloc((rows ? rows : 1) * sizeof *w->leaves))))
        rc = reg_error_nomem(err);
    return rc;
}

/* Frees the writer. */
static void rt_writer_close(rt_writer *w)
{
    sqlite3_finalize(w->node);
    sqlite3_finalize(w->rowid);
    sqlite3_finalize(w->parent);
    sqlite3_finalize(w->rowids);
    free(w->blob);
    free(w->leaves);
}

/* Reads every row of src (id, xmin, xmax, ymin, ymax; NULL boxes are
 * skipped) into *cells, rounded outwards to float32. */
static int rt_read(reg_db *db, sqlite3_stmt *src, rt_cell **cells, size_t *n, reg_error *err)
{
    size_t cap = 0;
    *cells = NULL;
    *n = 0;
    int step;
    while ((step = sqlite3_step(src)) == SQLITE_ROW) {
        if (sqlite3_column_type(src, 1) == SQLITE_NULL)
            continue;
        if (*n == cap) {
            size_t grow = cap ? cap * 2 : 4096;
            rt_cell *more = realloc(*cells, grow * sizeof *more);
            if (!more)
                return reg_error_nomem(err);
            *cells = more;
            cap = grow;
        }
        rt_cell *c = &(*cells)[(*n)++];
        c->id = sqlite3_column_int64(src, 0);
        for (int k = 0; k < 4; k++)
            c->box[k] = rt_round(sqlite3_column_double(src, 1 + k), k % 2);
        if (!(c->box[0] <= c->box[1] && c->box[2] <= c->box[3]))
            return reg_error_set(err, REG_EINVAL, "bad_box", "", "空间索引的范围无效",
                                 "a box of the spatial index is not valid");
    }
    return step == SQLITE_DONE ? REG_OK : reg_error_sqlite(db, err);
}

/* See reg_internal.h. */
int reg_rtree_pack(reg_db *db, const char *rtree, sqlite3_stmt *src, reg_error *err)
{
    if (!db || !rtree || !rtree[0] || !src)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    rt_cell *cells;
    size_t n, cap = 0;
    int rc = rt_read(db, src, &cells, &n, err);
    rt_writer w;
    if (rc == REG_OK)
        rc = rt_writer_open(db, rtree, n, &w, &cap, err);
    else
        memset(&w, 0, sizeof w);
    /* Levels from the leaves up: the depth is the number of levels above
     * the leaves, known in advance from n and cap. */
    int depth = 0;
    for (size_t k = n; rc == REG_OK && k > cap; k = (k + cap - 1) / cap)
        depth++;
    sqlite3_int64 next = 2;
    for (int level = 0; rc == REG_OK; level++) {
        int root = n <= cap;
        rc = rt_level(&w, cells, &n, cap, level == 0, depth, &next, err);
        if (root)
            break;
    }
    if (rc == REG_OK)
        rc = rt_write_leaves(&w, err);
    rt_writer_close(&w);
    free(cells);
    return rc;
}
