/* Unit tests of doorplates (D1-D4): line referencing in geo (straight,
 * bent and looped streets, both sides), door numbers, numbering proposals
 * (proportional spacing on new streets, between neighbours, sub-numbers,
 * village groups, 4/13/14 never skipped), the D1 checks on data seeded
 * with each problem, and in the registry: code allocation (check
 * character, never reused after retirement), plates, proposals and the D1
 * report. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "geo.h"
#include "reg_doorplates.h"

/* ---- geo: lines -------------------------------------------------------- */

/* Locates (x, y) on the polyline and checks measure and offset to 1 mm. */
static void expect_pos(const double *xy, size_t n, double x, double y, double measure,
                       double offset)
{
    geo_line_pos pos;
    assert_int_equal(geo_line_locate(xy, n, x, y, &pos), GEO_OK);
    if (fabs(pos.measure - measure) > 1e-3 || fabs(pos.offset - offset) > 1e-3)
        fail_msg("(%g, %g): measure %g offset %g, want %g %g", x, y, pos.measure, pos.offset,
                 measure, offset);
}

/* A straight street from west to east: north is left. */
static void test_line_straight(void **state)
{
    (void)state;
    const double line[] = {0, 0, 100, 0};
    assert_true(fabs(geo_line_length(line, 2) - 100.0) < 1e-9);
    assert_false(geo_line_is_closed(line, 2));
    expect_pos(line, 2, 30, 5, 30, 5);
    expect_pos(line, 2, 30, -5, 30, -5);
    expect_pos(line, 2, -10, 3, 0, sqrt(109.0));  /* before the start: foot at 0 */
    expect_pos(line, 2, 120, -4, 100, -sqrt(416.0));
    expect_pos(line, 2, 50, 0, 50, 0);            /* on the line: no side */

    geo_line_pos pos;
    const double dup[] = {0, 0, 0, 0, 100, 0};   /* a zero-length segment is skipped */
    assert_int_equal(geo_line_locate(dup, 3, 30, 5, &pos), GEO_OK);
    assert_true(fabs(pos.measure - 30) < 1e-9 && pos.segment == 1);
    const double point[] = {5, 5, 5, 5};
    assert_int_equal(geo_line_locate(point, 2, 1, 1, &pos), GEO_EINVAL);
    assert_int_equal(geo_line_locate(line, 1, 1, 1, &pos), GEO_EINVAL);
    assert_int_equal(geo_line_locate(NULL, 2, 1, 1, &pos), GEO_EINVAL);
    assert_int_equal(geo_line_locate(line, 2, NAN, 1, &pos), GEO_EINVAL);
    const double inf[] = {0, 0, INFINITY, 0};
    assert_int_equal(geo_line_locate(inf, 2, 1, 1, &pos), GEO_EINVAL);
}

/* A street that goes east then turns north (a left bend). */
static void test_line_bent(void **state)
{
    (void)state;
    const double line[] = {0, 0, 100, 0, 100, 100};
    expect_pos(line, 3, 50, -10, 50, -10);   /* south of the first leg: right */
    expect_pos(line, 3, 110, 50, 150, -10);  /* east of the second leg: right */
    expect_pos(line, 3, 90, 50, 150, 10);    /* west of it: left */
    /* Outside the bend the foot is the corner; the bisector says right. */
    expect_pos(line, 3, 110, -10, 100, -sqrt(200.0));
    /* Inside the bend, equally near both legs: the first leg wins. */
    expect_pos(line, 3, 90, 10, 90, 10);
    /* A right bend: east then south; outside the corner is left. */
    const double right[] = {0, 0, 100, 0, 100, -100};
    expect_pos(right, 3, 110, 10, 100, sqrt(200.0));
    expect_pos(right, 3, 110, -50, 150, 10);
}

/* A loop (counter-clockwise square): inside is left, a point near the
 * start gets measure 0, near the end of the last side measure ~ length. */
static void test_line_loop(void **state)
{
    (void)state;
    const double loop[] = {0, 0, 100, 0, 100, 100, 0, 100, 0, 0};
    assert_true(geo_line_is_closed(loop, 5));
    assert_true(fabs(geo_line_length(loop, 5) - 400.0) < 1e-9);
    expect_pos(loop, 5, 50, 10, 50, 10);      /* inside: left */
    expect_pos(loop, 5, 50, -10, 50, -10);    /* outside: right */
    expect_pos(loop, 5, -5, -5, 0, -sqrt(50.0)); /* outside the start corner */
    expect_pos(loop, 5, 5, 5, 5, 5);          /* inside it: the first side wins the tie */
    expect_pos(loop, 5, -1, 50, 350, -1);     /* outside the last side */
    expect_pos(loop, 5, 1, 60, 340, 1);       /* inside the last side */
}

/* ---- door numbers ------------------------------------------------------- */

static void expect_number(const char *text, long main, int sub, const char *canon)
{
    reg_number n;
    reg_error err = {0};
    char buf[REG_NUMBER_BUF];
    if (reg_number_parse(text, "number", &n, &err) != REG_OK)
        fail_msg("'%s' refused: %s", text, err.message_en);
    assert_int_equal(n.main, main);
    assert_int_equal(n.sub, sub);
    assert_int_equal(reg_number_format(n, buf, sizeof buf), REG_OK);
    assert_string_equal(buf, canon);
}

static void test_numbers(void **state)
{
    (void)state;
    expect_number("12", 12, 0, "12");
    expect_number("12-1", 12, 1, "12-1");
    expect_number("12之3", 12, 3, "12-3");
    expect_number("１２－１", 12, 1, "12-1");   /* full width, folded */
    expect_number(" 7号 ", 7, 0, "7");
    expect_number("99999-999", 99999, 999, "99999-999");
    static const char *const bad[] = {"", "0", "012", "12-0", "12-", "-1", "100000", "1-1000",
                                      "12a", "12-1-1", "十二", "12 1", NULL};
    for (int i = 0; bad[i]; i++) {
        reg_number n;
        reg_error err = {0};
        if (reg_number_parse(bad[i], "number", &n, &err) != REG_EINVAL)
            fail_msg("'%s' accepted", bad[i]);
        assert_string_equal(err.code, "bad_number");
        assert_string_equal(err.field, "number");
    }
    reg_number n = {12, 1}, m = {12, 0}, k = {13, 0};
    assert_true(reg_number_cmp(m, n) < 0 && reg_number_cmp(n, k) < 0 &&
                reg_number_cmp(n, n) == 0);
    char buf[4];
    assert_int_equal(reg_number_format(n, buf, sizeof buf), REG_EINVAL);
    reg_number zero = {0, 0};
    char big[REG_NUMBER_BUF];
    assert_int_equal(reg_number_format(zero, big, sizeof big), REG_EINVAL);
}

/* ---- proposals ----------------------------------------------------------- */

/* Proposes for a point at measure on a side holding the given
 * (measure, main, sub) triples; returns the status, *out the proposal. */
static int propose(reg_axis_kind axis, double measure, int odd, const double *triples,
                   size_t n, reg_proposal *out)
{
    reg_numbered side[16];
    assert_true(n <= 16);
    for (size_t i = 0; i < n; i++) {
        side[i].measure = triples[3 * i];
        side[i].number.main = (long)triples[3 * i + 1];
        side[i].number.sub = (int)triples[3 * i + 2];
    }
    reg_numbering_in in = {axis, measure, odd, 5.0, side, n};
    reg_error err = {0};
    return reg_numbering_propose(&in, out, &err);
}

/* Expects the proposal main-sub with the reason. */
static void expect_proposal(reg_axis_kind axis, double measure, int odd, const double *triples,
                            size_t n, long main, int sub, reg_proposal_reason reason)
{
    reg_proposal p;
    assert_int_equal(propose(axis, measure, odd, triples, n, &p), REG_OK);
    if (p.number.main != main || p.number.sub != sub || p.reason != reason)
        fail_msg("measure %g: %ld-%d (%s), want %ld-%d (%s)", measure, p.number.main,
                 p.number.sub, reg_proposal_reason_name(p.reason), main, sub,
                 reg_proposal_reason_name(reason));
}

static void test_propose_new_street(void **state)
{
    (void)state;
    /* 5 m a number: 100 m along is number 20 (even) or 21 (odd). */
    expect_proposal(REG_AXIS_STREET, 100, 1, NULL, 0, 21, 0, REG_PROPOSE_PROPORTIONAL);
    expect_proposal(REG_AXIS_STREET, 100, 0, NULL, 0, 20, 0, REG_PROPOSE_PROPORTIONAL);
    expect_proposal(REG_AXIS_STREET, 0, 1, NULL, 0, 1, 0, REG_PROPOSE_PROPORTIONAL);
    expect_proposal(REG_AXIS_STREET, 0, 0, NULL, 0, 2, 0, REG_PROPOSE_PROPORTIONAL);
    expect_proposal(REG_AXIS_STREET, 37, 1, NULL, 0, 7, 0, REG_PROPOSE_PROPORTIONAL);
    expect_proposal(REG_AXIS_STREET, 1e7, 0, NULL, 0, 99998, 0, REG_PROPOSE_PROPORTIONAL);
    /* The second building on a new side is spaced by its distance. */
    const double one[] = {100, 21, 0};
    expect_proposal(REG_AXIS_STREET, 160, 1, one, 1, 33, 0, REG_PROPOSE_AFTER_LAST);
    expect_proposal(REG_AXIS_STREET, 40, 1, one, 1, 9, 0, REG_PROPOSE_BEFORE_FIRST);
    expect_proposal(REG_AXIS_STREET, 101, 1, one, 1, 23, 0, REG_PROPOSE_AFTER_LAST);
}

static void test_propose_between(void **state)
{
    (void)state;
    const double odd[] = {10, 1, 0, 50, 9, 0};
    expect_proposal(REG_AXIS_STREET, 30, 1, odd, 2, 5, 0, REG_PROPOSE_BETWEEN);
    expect_proposal(REG_AXIS_STREET, 12, 1, odd, 2, 3, 0, REG_PROPOSE_BETWEEN);
    expect_proposal(REG_AXIS_STREET, 49, 1, odd, 2, 7, 0, REG_PROPOSE_BETWEEN);
    const double even[] = {10, 2, 0, 50, 10, 0};
    expect_proposal(REG_AXIS_STREET, 30, 0, even, 2, 6, 0, REG_PROPOSE_BETWEEN);
    /* 4, 13 and 14 are never skipped (D2). */
    const double four[] = {10, 2, 0, 50, 6, 0};
    expect_proposal(REG_AXIS_STREET, 30, 0, four, 2, 4, 0, REG_PROPOSE_BETWEEN);
    const double thirteen[] = {10, 11, 0, 50, 15, 0};
    expect_proposal(REG_AXIS_STREET, 30, 1, thirteen, 2, 13, 0, REG_PROPOSE_BETWEEN);
    const double fourteen[] = {10, 12, 0, 50, 16, 0};
    expect_proposal(REG_AXIS_STREET, 30, 0, fourteen, 2, 14, 0, REG_PROPOSE_BETWEEN);
}

static void test_propose_sub_numbers(void **state)
{
    (void)state;
    const double tight[] = {10, 11, 0, 50, 13, 0};
    expect_proposal(REG_AXIS_STREET, 30, 1, tight, 2, 11, 1, REG_PROPOSE_SUB_NUMBER);
    const double with_sub[] = {10, 11, 0, 20, 11, 1, 50, 13, 0};
    expect_proposal(REG_AXIS_STREET, 30, 1, with_sub, 3, 11, 2, REG_PROPOSE_SUB_NUMBER);
    /* Between 12 and 12-2: 12-1 is free. */
    const double hole[] = {10, 12, 0, 30, 12, 2, 50, 14, 0};
    expect_proposal(REG_AXIS_STREET, 20, 0, hole, 3, 12, 1, REG_PROPOSE_SUB_NUMBER);
    /* Between 11 and 11-1 nothing fits; nor before number 1. */
    reg_proposal p;
    reg_error err = {0};
    assert_int_equal(propose(REG_AXIS_STREET, 15, 1, with_sub, 3, &p), REG_ECONFLICT);
    const double first[] = {50, 1, 0};
    assert_int_equal(propose(REG_AXIS_STREET, 10, 1, first, 1, &p), REG_ECONFLICT);
    /* 11-1 already lies after 13: a new 11-1 would be out of order. */
    const double disorder[] = {10, 11, 0, 50, 13, 0, 60, 11, 1};
    assert_int_equal(propose(REG_AXIS_STREET, 30, 1, disorder, 3, &p), REG_ECONFLICT);
    /* Bad input: unsorted side, negative measure, no spacing. */
    const double unsorted[] = {50, 9, 0, 10, 1, 0};
    assert_int_equal(propose(REG_AXIS_STREET, 30, 1, unsorted, 2, &p), REG_EINVAL);
    assert_int_equal(propose(REG_AXIS_STREET, -1, 1, NULL, 0, &p), REG_EINVAL);
    reg_numbering_in in = {REG_AXIS_STREET, 10, 1, 0.0, NULL, 0};
    assert_int_equal(reg_numbering_propose(&in, &p, &err), REG_EINVAL);
    assert_int_equal(reg_numbering_propose(NULL, &p, &err), REG_EINVAL);
}

static void test_propose_group(void **state)
{
    (void)state;
    expect_proposal(REG_AXIS_GROUP, 300, 0, NULL, 0, 1, 0, REG_PROPOSE_PROPORTIONAL);
    const double seq[] = {10, 1, 0, 30, 3, 0};
    expect_proposal(REG_AXIS_GROUP, 20, 0, seq, 2, 2, 0, REG_PROPOSE_BETWEEN);
    expect_proposal(REG_AXIS_GROUP, 90, 0, seq, 2, 4, 0, REG_PROPOSE_AFTER_LAST);
    const double dense[] = {10, 1, 0, 30, 2, 0};
    expect_proposal(REG_AXIS_GROUP, 20, 0, dense, 2, 1, 1, REG_PROPOSE_SUB_NUMBER);
    const double late[] = {40, 4, 0};
    expect_proposal(REG_AXIS_GROUP, 10, 0, late, 1, 3, 0, REG_PROPOSE_BEFORE_FIRST);
}

/* Numbering on real shapes: the position under a rule, then the proposal
 * among the numbers already on that side of the street. */
typedef struct house {
    double x, y;
    long main;
} house;

/* Proposes for (x, y) on the street xy under rule, given existing houses. */
static reg_number propose_on(const double *xy, size_t n, const reg_numbering_rule *rule,
                             const house *h, size_t nh, double x, double y, int *odd_out)
{
    reg_numbered side[32];
    size_t ns = 0;
    double m;
    int odd;
    reg_error err = {0};
    assert_int_equal(reg_numbering_position(xy, n, rule, x, y, &m, &odd, &err), REG_OK);
    for (size_t i = 0; i < nh; i++) {
        double hm;
        int hodd;
        assert_int_equal(reg_numbering_position(xy, n, rule, h[i].x, h[i].y, &hm, &hodd, &err),
                         REG_OK);
        if (hodd != odd)
            continue;
        size_t k = ns++;
        while (k > 0 && side[k - 1].measure > hm) {
            side[k] = side[k - 1];
            k--;
        }
        side[k].measure = hm;
        side[k].number.main = h[i].main;
        side[k].number.sub = 0;
    }
    reg_numbering_in in = {REG_AXIS_STREET, m, odd, rule->spacing_m, side, ns};
    reg_proposal p;
    assert_int_equal(reg_numbering_propose(&in, &p, &err), REG_OK);
    *odd_out = odd;
    return p.number;
}

static void test_numbering_shapes(void **state)
{
    (void)state;
    reg_numbering_rule rule = reg_numbering_default();
    int odd;
    /* Straight, west to east, 左单右双: north is odd, south even. */
    const double straight[] = {0, 0, 200, 0};
    const house sh[] = {{10, 8, 1}, {60, 8, 11}, {10, -8, 2}, {60, -8, 12}};
    reg_number nn = propose_on(straight, 2, &rule, sh, 4, 35, 9, &odd);
    assert_int_equal(odd, 1);
    assert_int_equal(nn.main, 7);   /* halfway between 1 and 11, odd */
    nn = propose_on(straight, 2, &rule, sh, 4, 35, -9, &odd);
    assert_int_equal(odd, 0);
    assert_int_equal(nn.main, 8);   /* halfway between 2 and 12 is 7: even, rounding up */
    /* The same street numbered from its east end, odd on the right. */
    reg_numbering_rule rev = {1, 0, 5.0};
    double m;
    reg_error err = {0};
    assert_int_equal(reg_numbering_position(straight, 2, &rev, 150, 5, &m, &odd, &err), REG_OK);
    assert_true(fabs(m - 50) < 1e-9);
    assert_int_equal(odd, 1); /* north is on the right facing west */
    assert_int_equal(reg_numbering_position(straight, 2, &rev, 150, 0, &m, &odd, &err), REG_OK);
    assert_int_equal(odd, -1);

    /* Bent: east 100 m then north 100 m; a house after the bend on the
     * outside (east, right: even) between 2 at the start and 40 at the end. */
    const double bent[] = {0, 0, 100, 0, 100, 100};
    const house bh[] = {{5, -6, 2}, {106, 95, 40}, {5, 6, 1}};
    nn = propose_on(bent, 3, &rule, bh, 3, 106, 50, &odd);
    assert_int_equal(odd, 0);
    assert_int_equal(nn.main, 32); /* measure 150 of 5..195: 2 + 38 * 145/190 = 31 -> 32 */
    nn = propose_on(bent, 3, &rule, bh, 3, 94, 50, &odd);
    assert_int_equal(odd, 1);
    assert_int_equal(nn.main, 31); /* after 1 at measure 5: 1 + 145 / 5 = 30 -> 31 */

    /* Loop (counter-clockwise square, 400 m): inside is the odd side. */
    const double loop[] = {0, 0, 100, 0, 100, 100, 0, 100, 0, 0};
    const house lh[] = {{50, 5, 21}, {5, 50, 71}, {50, -5, 20}};
    nn = propose_on(loop, 5, &rule, lh, 3, 95, 50, &odd);
    assert_int_equal(odd, 1);
    assert_int_equal(nn.main, 37); /* measure 150 between 50 (21) and 350 (71): 37.7 */
    nn = propose_on(loop, 5, &rule, lh, 3, 50, 105, &odd);
    assert_int_equal(odd, 0);
    assert_int_equal(nn.main, 60); /* outside, measure 250: after 20 at 50 -> 20 + 40 */
    /* Near the start corner, inside: measure 0 side, before 21. */
    nn = propose_on(loop, 5, &rule, lh, 3, 3, 2, &odd);
    assert_int_equal(odd, 1);
    assert_int_equal(nn.main, 11); /* measure 3, before 21 at 50: 21 - 47 / 5 = 11.6 */
}

/* ---- D1 checks ------------------------------------------------------------ */

typedef struct d1_count {
    int n[REG_D1_KIND_COUNT];
    reg_d1_problem last[REG_D1_KIND_COUNT];
} d1_count;

static int count_sink(const reg_d1_problem *p, void *ctx)
{
    d1_count *c = ctx;
    c->n[p->kind]++;
    c->last[p->kind] = *p;
    return 0;
}

/* A clean street: odd 1,3,5,7 north, even 2,4,6,8 south, 10 m apart. */
static size_t clean_street(reg_d1_addr *a, long axis)
{
    size_t n = 0;
    for (int i = 0; i < 4; i++) {
        a[n++] = (reg_d1_addr){n + 1, axis, REG_AXIS_STREET, {2 * i + 1, 0}, 10.0 * i + 5, +1,
                               10.0 * i + 5, 8, 0};
        a[n++] = (reg_d1_addr){n + 1, axis, REG_AXIS_STREET, {2 * i + 2, 0}, 10.0 * i + 5, -1,
                               10.0 * i + 5, -8, 0};
    }
    return n;
}

static void run_d1(const reg_d1_addr *a, size_t n, d1_count *c)
{
    memset(c, 0, sizeof *c);
    reg_error err = {0};
    assert_int_equal(reg_d1_check(a, n, count_sink, c, &err), REG_OK);
}

static void test_d1_clean(void **state)
{
    (void)state;
    reg_d1_addr a[16];
    size_t n = clean_street(a, 1);
    /* A village group 1, 2, 3 by distance. */
    for (int i = 0; i < 3; i++)
        a[n++] = (reg_d1_addr){100 + i, 2, REG_AXIS_GROUP, {i + 1, 0}, 50.0 * (i + 1), 0,
                               1000 + 50.0 * i, 1000, 0};
    d1_count c;
    run_d1(a, n, &c);
    for (int k = 0; k < REG_D1_KIND_COUNT; k++)
        if (c.n[k])
            fail_msg("clean data: %d %s", c.n[k], reg_d1_kind_name((reg_d1_kind)k));
    run_d1(NULL, 0, &c);
    reg_error err = {0};
    assert_int_equal(reg_d1_check(NULL, 3, count_sink, &c, &err), REG_EINVAL);
}

/* Each problem seeded alone on the clean street is found, and only it. */
static void test_d1_each_problem(void **state)
{
    (void)state;
    reg_d1_addr a[16];
    d1_count c;
    size_t n;

    /* Duplicate: a second 5 on the north side, further along. */
    n = clean_street(a, 1);
    a[n++] = (reg_d1_addr){99, 1, REG_AXIS_STREET, {5, 0}, 60, +1, 60, 8, 0};
    run_d1(a, n, &c);
    assert_int_equal(c.n[REG_D1_DUPLICATE], 1);
    assert_int_equal(a[c.last[REG_D1_DUPLICATE].b].id, 99);
    assert_int_equal(c.n[REG_D1_OUT_OF_ORDER], 1); /* 5 again after 7 */

    /* One building, two numbers: 9 placed 2 m from 7. */
    n = clean_street(a, 1);
    a[n++] = (reg_d1_addr){99, 1, REG_AXIS_STREET, {9, 0}, 36, +1, 36, 9.5, 0};
    run_d1(a, n, &c);
    assert_int_equal(c.n[REG_D1_SAME_BUILDING], 1);
    assert_int_equal(c.n[REG_D1_DUPLICATE] + c.n[REG_D1_WRONG_SIDE] + c.n[REG_D1_OUT_OF_ORDER] +
                         c.n[REG_D1_GAP],
                     0);
    /* Corner building: the same point on two streets is one building too. */
    n = clean_street(a, 1);
    a[n++] = (reg_d1_addr){99, 7, REG_AXIS_STREET, {1, 0}, 3, +1, 5, 7, 0};
    run_d1(a, n, &c);
    assert_int_equal(c.n[REG_D1_SAME_BUILDING], 1);

    /* Wrong side: 10 on the odd (north) side, at the end. */
    n = clean_street(a, 1);
    a[n++] = (reg_d1_addr){99, 1, REG_AXIS_STREET, {10, 0}, 45, +1, 45, 8, 0};
    run_d1(a, n, &c);
    assert_int_equal(c.n[REG_D1_WRONG_SIDE], 1);
    assert_int_equal(c.n[REG_D1_OUT_OF_ORDER], 0);

    /* Out of order: north side 1, 3, 5, 7 with 3 and 5 swapped in place. */
    n = clean_street(a, 1);
    a[2].number.main = 5;
    a[4].number.main = 3;
    run_d1(a, n, &c);
    assert_int_equal(c.n[REG_D1_OUT_OF_ORDER], 1);
    /* One number far out of order: 1, 3, 21, 5, 7 -> only 21. */
    n = clean_street(a, 1);
    a[n++] = (reg_d1_addr){99, 1, REG_AXIS_STREET, {21, 0}, 20, +1, 20, 8, 0};
    run_d1(a, n, &c);
    assert_int_equal(c.n[REG_D1_OUT_OF_ORDER], 1);
    assert_int_equal(a[c.last[REG_D1_OUT_OF_ORDER].a].id, 99);

    /* Gap: 9 and 11 missing before 13 on the north side. */
    n = clean_street(a, 1);
    a[n++] = (reg_d1_addr){99, 1, REG_AXIS_STREET, {13, 0}, 50, +1, 50, 8, 0};
    run_d1(a, n, &c);
    assert_int_equal(c.n[REG_D1_GAP], 1);
    assert_int_equal(c.last[REG_D1_GAP].gap_from, 9);
    assert_int_equal(c.last[REG_D1_GAP].gap_to, 11);
    assert_int_equal(c.n[REG_D1_SKIPPED_UNLUCKY], 0);

    /* Skipped 4 (2, 6, 8 on the south side) and 13 (11 then 15). */
    n = clean_street(a, 1);
    a[3].number.main = 6;
    a[5].number.main = 8;
    a[7].number.main = 10;
    a[n++] = (reg_d1_addr){98, 1, REG_AXIS_STREET, {9, 0}, 45, +1, 45, 8, 0};
    a[n++] = (reg_d1_addr){99, 1, REG_AXIS_STREET, {11, 0}, 55, +1, 55, 8, 0};
    a[n++] = (reg_d1_addr){100, 1, REG_AXIS_STREET, {15, 0}, 65, +1, 65, 8, 0};
    run_d1(a, n, &c);
    assert_int_equal(c.n[REG_D1_SKIPPED_UNLUCKY], 2);
    assert_int_equal(c.n[REG_D1_GAP], 0);

    /* A village group that starts at 3: a gap 1-2. */
    n = 0;
    a[n++] = (reg_d1_addr){1, 2, REG_AXIS_GROUP, {3, 0}, 10, 0, 0, 0, 0};
    a[n++] = (reg_d1_addr){2, 2, REG_AXIS_GROUP, {4, 0}, 20, 0, 100, 0, 0};
    run_d1(a, n, &c);
    assert_int_equal(c.n[REG_D1_GAP], 1);
    assert_int_equal(c.last[REG_D1_GAP].gap_from, 1);
    assert_int_equal(c.last[REG_D1_GAP].gap_to, 2);

    /* Outside its unit. */
    n = clean_street(a, 1);
    a[0].outside_unit = 1;
    run_d1(a, n, &c);
    assert_int_equal(c.n[REG_D1_OUTSIDE_UNIT], 1);
    assert_int_equal(c.last[REG_D1_OUTSIDE_UNIT].a, 0);
}

/* The same-building grid finds every close pair among many points, as a
 * quadratic scan does. */
static void test_d1_grid_matches_scan(void **state)
{
    (void)state;
    enum { N = 600 };
    reg_d1_addr *a = calloc(N, sizeof *a);
    assert_non_null(a);
    unsigned long long s = 7;
    for (size_t i = 0; i < N; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        double x = (double)(s >> 40) / (double)(1 << 24) * 120.0;
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        double y = (double)(s >> 40) / (double)(1 << 24) * 120.0 - 60.0;
        a[i] = (reg_d1_addr){(long)i, 1, REG_AXIS_STREET, {(long)i + 1, 0}, x, 0, x, y, 0};
    }
    int want = 0;
    for (size_t i = 0; i < N; i++)
        for (size_t j = i + 1; j < N; j++)
            if (hypot(a[i].x - a[j].x, a[i].y - a[j].y) <= REG_D1_SAME_BUILDING_M)
                want++;
    d1_count c;
    run_d1(a, N, &c);
    assert_true(want > 10);
    assert_int_equal(c.n[REG_D1_SAME_BUILDING], want);
    free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_straight),
        cmocka_unit_test(test_line_bent),
        cmocka_unit_test(test_line_loop),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_propose_new_street),
        cmocka_unit_test(test_propose_between),
        cmocka_unit_test(test_propose_sub_numbers),
        cmocka_unit_test(test_propose_group),
        cmocka_unit_test(test_numbering_shapes),
        cmocka_unit_test(test_d1_clean),
        cmocka_unit_test(test_d1_each_problem),
        cmocka_unit_test(test_d1_grid_matches_scan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
