/*
 * reg_d1.c: the D1 checks as pure functions over door addresses (one
 * address has one number, one number one address), reported the way
 * field offices list them: duplicate numbers, one building with two
 * numbers, numbers on the wrong side, numbers out of order along the
 * street, gaps in a sequence (and the forbidden skipping of 4, 13 and 14,
 * D2), and points outside the unit they name.  A village group numbered
 * in the order the staff give has no side and its order is the staff's:
 * only duplicates, same building, gaps and the unit are checked there.
 * The registry gathers the addresses and turns the problems into its
 * report.
 */
#include <math.h>
#include <stdlib.h>

#include "reg_doorplates.h"
#include "reg_internal.h"

/* The addresses being checked, for qsort comparators (qsort has no
 * context argument; the checks run on one thread at a time per call, so
 * the pointer lives in a thread-local). */
static _Thread_local const reg_d1_addr *d1_all;

/* By axis, then number, then index. */
static int by_axis_number(const void *pa, const void *pb)
{
    const reg_d1_addr *a = &d1_all[*(const size_t *)pa], *b = &d1_all[*(const size_t *)pb];
    if (a->axis != b->axis)
        return a->axis < b->axis ? -1 : 1;
    int c = reg_number_cmp(a->number, b->number);
    if (c)
        return c;
    return (*(const size_t *)pa > *(const size_t *)pb) - (*(const size_t *)pa < *(const size_t *)pb);
}

/* The parity class of an address for ordering and gaps: streets split
 * odd (1) and even (0) numbers, a village group is one sequence (2). */
static int parity_class(const reg_d1_addr *a)
{
    return a->axis_kind == REG_AXIS_STREET ? (int)(a->number.main % 2) : 2;
}

/* By axis, parity class, then measure, then number. */
static int by_axis_measure(const void *pa, const void *pb)
{
    const reg_d1_addr *a = &d1_all[*(const size_t *)pa], *b = &d1_all[*(const size_t *)pb];
    if (a->axis != b->axis)
        return a->axis < b->axis ? -1 : 1;
    if (parity_class(a) != parity_class(b))
        return parity_class(a) - parity_class(b);
    if (a->measure != b->measure)
        return a->measure < b->measure ? -1 : 1;
    return reg_number_cmp(a->number, b->number);
}

/* A point's cell in the same-building grid. */
typedef struct d1_cell {
    long long cx, cy;
    size_t i;
} d1_cell;

/* By cell, then index. */
static int by_cell(const void *pa, const void *pb)
{
    const d1_cell *a = pa, *b = pb;
    if (a->cx != b->cx)
        return a->cx < b->cx ? -1 : 1;
    if (a->cy != b->cy)
        return a->cy < b->cy ? -1 : 1;
    return (a->i > b->i) - (a->i < b->i);
}

/* Emits a problem; returns the sink's verdict (non-zero: stop). */
static int emit(reg_d1_sink sink, void *ctx, reg_d1_kind kind, size_t a, size_t b, long from,
                long to)
{
    reg_d1_problem p = {kind, a, b, from, to};
    return sink(&p, ctx);
}

/* Duplicates: every address that repeats an earlier one's number on the
 * same axis, paired with the first holder.  idx is sorted by_axis_number. */
static int check_duplicates(const reg_d1_addr *v, const size_t *idx, size_t n, reg_d1_sink sink,
                            void *ctx)
{
    size_t first = 0;
    for (size_t k = 1; k < n; k++) {
        const reg_d1_addr *a = &v[idx[first]], *b = &v[idx[k]];
        if (a->axis == b->axis && reg_number_cmp(a->number, b->number) == 0) {
            if (emit(sink, ctx, REG_D1_DUPLICATE, idx[first], idx[k], 0, 0))
                return 1;
        } else {
            first = k;
        }
    }
    return 0;
}

/* The range [*lo, *hi) of cells equal to (cx, cy) in the sorted grid. */
static void cell_range(const d1_cell *g, size_t n, long long cx, long long cy, size_t *lo,
                       size_t *hi)
{
    size_t a = 0, b = n;
    while (a < b) {
        size_t m = a + (b - a) / 2;
        if (g[m].cx < cx || (g[m].cx == cx && g[m].cy < cy))
            a = m + 1;
        else
            b = m;
    }
    *lo = a;
    b = n;
    while (a < b) {
        size_t m = a + (b - a) / 2;
        if (g[m].cx == cx && g[m].cy == cy)
            a = m + 1;
        else
            b = m;
    }
    *hi = a;
}

/* One building with two numbers: pairs within REG_D1_SAME_BUILDING_M on
 * different numbers (or axes), each pair once, found through a grid of
 * cells that size (a pair is in the same or a neighbouring cell). */
static int check_same_building(const reg_d1_addr *v, size_t n, reg_d1_sink sink, void *ctx,
                               int *nomem)
{
    const double cell = REG_D1_SAME_BUILDING_M;
    d1_cell *g = malloc((n ? n : 1) * sizeof *g);
    if (!g) {
        *nomem = 1;
        return 1;
    }
    for (size_t i = 0; i < n; i++)
        g[i] = (d1_cell){(long long)floor(v[i].x / cell), (long long)floor(v[i].y / cell), i};
    qsort(g, n, sizeof *g, by_cell);
    int stop = 0;
    for (size_t k = 0; k < n && !stop; k++) {
        const reg_d1_addr *a = &v[g[k].i];
        for (int dx = -1; dx <= 1 && !stop; dx++) {
            for (int dy = -1; dy <= 1 && !stop; dy++) {
                size_t lo, hi;
                cell_range(g, n, g[k].cx + dx, g[k].cy + dy, &lo, &hi);
                for (size_t j = lo; j < hi && !stop; j++) {
                    const reg_d1_addr *b = &v[g[j].i];
                    if (g[j].i <= g[k].i || hypot(a->x - b->x, a->y - b->y) > cell)
                        continue;
                    if (a->axis == b->axis && reg_number_cmp(a->number, b->number) == 0)
                        continue; /* the same number twice: a duplicate */
                    stop = emit(sink, ctx, REG_D1_SAME_BUILDING, g[k].i, g[j].i, 0, 0);
                }
            }
        }
    }
    free(g);
    return stop;
}

/* 1 if a street address's number has the parity of the other side (the
 * staff's order has no sides). */
static int wrong_side(const reg_d1_addr *a)
{
    if (a->axis_kind != REG_AXIS_STREET || a->side == 0 || a->order == REG_ORDER_STAFF)
        return 0;
    return (a->number.main % 2 == 1) != (a->side > 0);
}

/* Out of order, for one run of idx (same axis and parity class, sorted
 * by measure, wrong-side numbers left out by the caller): the addresses
 * outside a longest strictly increasing subsequence of numbers
 * (patience sorting with back links, O(n log n)). */
static int check_order_run(const reg_d1_addr *v, const size_t *run, size_t n, reg_d1_sink sink,
                           void *ctx, int *nomem)
{
    size_t *tails = malloc((n ? n : 1) * sizeof *tails); /* run positions */
    long *prev = malloc((n ? n : 1) * sizeof *prev);
    unsigned char *keep = calloc(n ? n : 1, 1);
    if (!tails || !prev || !keep) {
        free(tails);
        free(prev);
        free(keep);
        *nomem = 1;
        return 1;
    }
    size_t len = 0;
    for (size_t k = 0; k < n; k++) {
        size_t a = 0, b = len;
        while (a < b) {
            size_t m = a + (b - a) / 2;
            if (reg_number_cmp(v[run[tails[m]]].number, v[run[k]].number) < 0)
                a = m + 1;
            else
                b = m;
        }
        prev[k] = a > 0 ? (long)tails[a - 1] : -1;
        tails[a] = k;
        if (a == len)
            len++;
    }
    for (long k = len ? (long)tails[len - 1] : -1; k >= 0; k = prev[k])
        keep[k] = 1;
    int stop = 0;
    for (size_t k = 0; k < n && !stop; k++)
        if (!keep[k])
            stop = emit(sink, ctx, REG_D1_OUT_OF_ORDER, run[k], run[k], 0, 0);
    free(tails);
    free(prev);
    free(keep);
    return stop;
}

/* Out of order over every axis and parity class but those numbered in
 * the staff's order.  idx is sorted by_axis_measure; scratch holds n
 * indexes. */
static int check_order(const reg_d1_addr *v, const size_t *idx, size_t n, size_t *scratch,
                       reg_d1_sink sink, void *ctx, int *nomem)
{
    size_t start = 0;
    while (start < n) {
        size_t end = start + 1;
        while (end < n && v[idx[end]].axis == v[idx[start]].axis &&
               parity_class(&v[idx[end]]) == parity_class(&v[idx[start]]))
            end++;
        size_t m = 0;
        for (size_t k = start; k < end; k++)
            if (!wrong_side(&v[idx[k]]) && v[idx[k]].order != REG_ORDER_STAFF)
                scratch[m++] = idx[k];
        if (check_order_run(v, scratch, m, sink, ctx, nomem))
            return 1;
        start = end;
    }
    return 0;
}

/* Gaps in the sequence of main numbers of each axis and parity class
 * (idx sorted by_axis_number; sub-numbers and repeats ignored): before
 * the first number and between neighbours.  A gap of exactly one number
 * that is 4, 13 or 14 is the forbidden skip of D2. */
static int check_gaps(const reg_d1_addr *v, const size_t *idx, size_t n, reg_d1_sink sink,
                      void *ctx)
{
    for (int cls = 0; cls < 3; cls++) {
        long axis = 0, last = 0;
        size_t last_i = 0;
        int have = 0;
        for (size_t k = 0; k < n; k++) {
            const reg_d1_addr *a = &v[idx[k]];
            if (parity_class(a) != cls)
                continue;
            long step = cls == 2 ? 1 : 2, first = cls == 0 ? 2 : 1;
            if (!have || a->axis != axis) {
                axis = a->axis;
                have = 1;
                last = first - step;
                last_i = idx[k];
            }
            if (a->number.main <= last)
                continue;
            if (a->number.main - last > step) {
                long from = last + step, to = a->number.main - step;
                int unlucky = from == to && (from == 4 || from == 13 || from == 14);
                if (emit(sink, ctx, unlucky ? REG_D1_SKIPPED_UNLUCKY : REG_D1_GAP,
                         last >= first ? last_i : idx[k], idx[k], from, to))
                    return 1;
            }
            last = a->number.main;
            last_i = idx[k];
        }
    }
    return 0;
}

/* See reg_doorplates.h. */
int reg_d1_check(const reg_d1_addr *addrs, size_t n, reg_d1_sink sink, void *ctx,
                 reg_error *err)
{
    if (!sink || (n > 0 && !addrs))
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    size_t *by_number = malloc((n ? n : 1) * sizeof *by_number);
    size_t *by_measure = malloc((n ? n : 1) * sizeof *by_measure);
    size_t *scratch = malloc((n ? n : 1) * sizeof *scratch);
    int nomem = !by_number || !by_measure || !scratch;
    int stop = nomem;
    if (!stop) {
        for (size_t i = 0; i < n; i++)
            by_number[i] = by_measure[i] = i;
        d1_all = addrs;
        qsort(by_number, n, sizeof *by_number, by_axis_number);
        qsort(by_measure, n, sizeof *by_measure, by_axis_measure);
        d1_all = NULL;
        stop = check_duplicates(addrs, by_number, n, sink, ctx);
    }
    if (!stop)
        stop = check_same_building(addrs, n, sink, ctx, &nomem);
    for (size_t i = 0; i < n && !stop; i++)
        if (wrong_side(&addrs[i]))
            stop = emit(sink, ctx, REG_D1_WRONG_SIDE, i, i, 0, 0);
    if (!stop)
        stop = check_order(addrs, by_measure, n, scratch, sink, ctx, &nomem);
    if (!stop)
        stop = check_gaps(addrs, by_number, n, sink, ctx);
    for (size_t i = 0; i < n && !stop; i++)
        if (addrs[i].outside_unit)
            stop = emit(sink, ctx, REG_D1_OUTSIDE_UNIT, i, i, 0, 0);
    free(by_number);
    free(by_measure);
    free(scratch);
    return nomem ? reg_error_nomem(err) : REG_OK;
}

/* See reg_doorplates.h. */
const char *reg_d1_kind_name(reg_d1_kind kind)
{
    static const char *const names[REG_D1_KIND_COUNT] = {
        [REG_D1_DUPLICATE] = "duplicate_number", [REG_D1_SAME_BUILDING] = "same_building",
        [REG_D1_WRONG_SIDE] = "wrong_side",      [REG_D1_OUT_OF_ORDER] = "out_of_order",
        [REG_D1_GAP] = "gap",                    [REG_D1_SKIPPED_UNLUCKY] = "skipped_unlucky",
        [REG_D1_OUTSIDE_UNIT] = "outside_unit",
    };
    return (int)kind >= 0 && kind < REG_D1_KIND_COUNT ? names[kind] : "unknown";
}
