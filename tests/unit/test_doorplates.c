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

#include <sqlite3.h>

#include "geo.h"
#include "import.h"
#include "iso7064.h"
#include "reg_doorplates.h"
#include "reg_places.h"
#include "reg_dp_internal.h"
#include "reg_internal.h"
#include "support.h"

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
 * (measure, main, sub) triples, the axis numbered in order; returns the
 * status, *out the proposal. */
static int propose_ordered(reg_axis_kind axis, reg_numbering_order order, double measure,
                           int odd, const double *triples, size_t n, reg_proposal *out)
{
    reg_numbered side[16];
    assert_true(n <= 16);
    for (size_t i = 0; i < n; i++) {
        side[i].measure = triples[3 * i];
        side[i].number.main = (long)triples[3 * i + 1];
        side[i].number.sub = (int)triples[3 * i + 2];
    }
    reg_numbering_in in = {axis, measure, odd, 5.0, side, n, order};
    reg_error err = {0};
    return reg_numbering_propose(&in, out, &err);
}

/* propose_ordered by distance (along the street, from the group's seat). */
static int propose(reg_axis_kind axis, double measure, int odd, const double *triples,
                   size_t n, reg_proposal *out)
{
    return propose_ordered(axis, REG_ORDER_DISTANCE, measure, odd, triples, n, out);
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
    reg_numbering_in in = {REG_AXIS_STREET, 10, 1, 0.0, NULL, 0, REG_ORDER_DISTANCE};
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

/* A village group in the staff's order (D2 rural): the next whole number
 * after the highest in use, wherever the building stands; 1 when none.
 * By distance the same points get numbers from their place. */
static void test_propose_group_staff(void **state)
{
    (void)state;
    reg_proposal p;
    reg_error err = {0};
    assert_int_equal(propose_ordered(REG_AXIS_GROUP, REG_ORDER_STAFF, 300, 0, NULL, 0, &p), REG_OK);
    assert_int_equal(p.number.main, 1);
    assert_int_equal(p.reason, REG_PROPOSE_STAFF_NEXT);
    assert_int_equal(p.before, -1);
    assert_string_equal(reg_proposal_reason_name(p.reason), "staff_next");
    /* 7 near the seat, 2 and 5-1 further: the next is 8, beside the seat or far. */
    const double given[] = {5, 7, 0, 20, 2, 0, 80, 5, 1};
    for (double m = 1; m < 200; m += 60) {
        assert_int_equal(propose_ordered(REG_AXIS_GROUP, REG_ORDER_STAFF, m, 0, given, 3, &p),
                         REG_OK);
        assert_int_equal(p.number.main, 8);
        assert_int_equal(p.number.sub, 0);
        assert_int_equal(p.before, 0); /* 7, the highest */
        assert_int_equal(p.after, -1);
    }
    assert_int_equal(propose(REG_AXIS_GROUP, 10, 0, given, 3, &p), REG_OK);
    assert_true(p.number.main != 8); /* by distance: between 7 and 2 */
    const double full[] = {5, 99999, 0};
    assert_int_equal(propose_ordered(REG_AXIS_GROUP, REG_ORDER_STAFF, 10, 0, full, 1, &p),
                     REG_ECONFLICT);
    /* A street is never in the staff's order; an order outside the enum. */
    assert_int_equal(propose_ordered(REG_AXIS_STREET, REG_ORDER_STAFF, 10, 1, NULL, 0, &p),
                     REG_EINVAL);
    reg_numbering_in in = {REG_AXIS_GROUP, 10, 0, 5.0, NULL, 0, (reg_numbering_order)7};
    assert_int_equal(reg_numbering_propose(&in, &p, &err), REG_EINVAL);
    reg_numbering_order o;
    assert_int_equal(reg_numbering_order_parse("staff", &o), 0);
    assert_int_equal(o, REG_ORDER_STAFF);
    assert_int_equal(reg_numbering_order_parse("distance", &o), 0);
    assert_int_equal(o, REG_ORDER_DISTANCE);
    assert_int_equal(reg_numbering_order_parse("Staff", &o), -1);
    assert_int_equal(reg_numbering_order_parse(NULL, &o), -1);
    assert_string_equal(reg_numbering_order_name(REG_ORDER_STAFF), "staff");
    assert_null(reg_numbering_order_name((reg_numbering_order)7));
    assert_int_equal(reg_numbering_default().order, REG_ORDER_DISTANCE);
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
    reg_numbering_in in = {REG_AXIS_STREET, m, odd, rule->spacing_m, side, ns, REG_ORDER_DISTANCE};
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
    reg_numbering_rule rev = {1, 0, 5.0, REG_ORDER_DISTANCE};
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
                               10.0 * i + 5, 8, 0, REG_ORDER_DISTANCE};
        a[n++] = (reg_d1_addr){n + 1, axis, REG_AXIS_STREET, {2 * i + 2, 0}, 10.0 * i + 5, -1,
                               10.0 * i + 5, -8, 0, REG_ORDER_DISTANCE};
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
                               1000 + 50.0 * i, 1000, 0, REG_ORDER_DISTANCE};
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
    a[n++] = (reg_d1_addr){99, 1, REG_AXIS_STREET, {5, 0}, 60, +1, 60, 8, 0, REG_ORDER_DISTANCE};
    run_d1(a, n, &c);
    assert_int_equal(c.n[REG_D1_DUPLICATE], 1);
    assert_int_equal(a[c.last[REG_D1_DUPLICATE].b].id, 99);
    assert_int_equal(c.n[REG_D1_OUT_OF_ORDER], 1); /* 5 again after 7 */

    /* One building, two numbers: 9 placed 2 m from 7. */
    n = clean_street(a, 1);
    a[n++] = (reg_d1_addr){99, 1, REG_AXIS_STREET, {9, 0}, 36, +1, 36, 9.5, 0, REG_ORDER_DISTANCE};
    run_d1(a, n, &c);
    assert_int_equal(c.n[REG_D1_SAME_BUILDING], 1);
    assert_int_equal(c.n[REG_D1_DUPLICATE] + c.n[REG_D1_WRONG_SIDE] + c.n[REG_D1_OUT_OF_ORDER] +
                         c.n[REG_D1_GAP],
                     0);
    /* Corner building: the same point on two streets is one building too. */
    n = clean_street(a, 1);
    a[n++] = (reg_d1_addr){99, 7, REG_AXIS_STREET, {1, 0}, 3, +1, 5, 7, 0, REG_ORDER_DISTANCE};
    run_d1(a, n, &c);
    assert_int_equal(c.n[REG_D1_SAME_BUILDING], 1);

    /* Wrong side: 10 on the odd (north) side, at the end. */
    n = clean_street(a, 1);
    a[n++] = (reg_d1_addr){99, 1, REG_AXIS_STREET, {10, 0}, 45, +1, 45, 8, 0, REG_ORDER_DISTANCE};
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
    a[n++] = (reg_d1_addr){99, 1, REG_AXIS_STREET, {21, 0}, 20, +1, 20, 8, 0, REG_ORDER_DISTANCE};
    run_d1(a, n, &c);
    assert_int_equal(c.n[REG_D1_OUT_OF_ORDER], 1);
    assert_int_equal(a[c.last[REG_D1_OUT_OF_ORDER].a].id, 99);

    /* Gap: 9 and 11 missing before 13 on the north side. */
    n = clean_street(a, 1);
    a[n++] = (reg_d1_addr){99, 1, REG_AXIS_STREET, {13, 0}, 50, +1, 50, 8, 0, REG_ORDER_DISTANCE};
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
    a[n++] = (reg_d1_addr){98, 1, REG_AXIS_STREET, {9, 0}, 45, +1, 45, 8, 0, REG_ORDER_DISTANCE};
    a[n++] = (reg_d1_addr){99, 1, REG_AXIS_STREET, {11, 0}, 55, +1, 55, 8, 0, REG_ORDER_DISTANCE};
    a[n++] = (reg_d1_addr){100, 1, REG_AXIS_STREET, {15, 0}, 65, +1, 65, 8, 0, REG_ORDER_DISTANCE};
    run_d1(a, n, &c);
    assert_int_equal(c.n[REG_D1_SKIPPED_UNLUCKY], 2);
    assert_int_equal(c.n[REG_D1_GAP], 0);

    /* A village group that starts at 3: a gap 1-2. */
    n = 0;
    a[n++] = (reg_d1_addr){1, 2, REG_AXIS_GROUP, {3, 0}, 10, 0, 0, 0, 0, REG_ORDER_DISTANCE};
    a[n++] = (reg_d1_addr){2, 2, REG_AXIS_GROUP, {4, 0}, 20, 0, 100, 0, 0, REG_ORDER_DISTANCE};
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

/* A village group in the staff's order (D2 rural): numbers that do not
 * grow with the distance from the seat are no problem there, while the
 * same numbers by distance are out of order; duplicates, one building
 * with two numbers, gaps and points outside the unit are still found. */
static void test_d1_staff_order(void **state)
{
    (void)state;
    reg_d1_addr a[16];
    d1_count c;
    size_t n = 0;
    /* Group 2: 3 nearest the seat, then 1, then 2, then 6 (4 and 5 missing). */
    const long nums[] = {3, 1, 2, 6};
    for (size_t i = 0; i < 4; i++)
        a[n++] = (reg_d1_addr){(long)i + 1, 2, REG_AXIS_GROUP, {nums[i], 0}, 10.0 * (i + 1), 0,
                               1000 + 10.0 * i, 1000, 0, REG_ORDER_DISTANCE};
    run_d1(a, n, &c);
    assert_true(c.n[REG_D1_OUT_OF_ORDER] >= 1);
    assert_int_equal(c.n[REG_D1_GAP], 1);
    for (size_t i = 0; i < n; i++)
        a[i].order = REG_ORDER_STAFF;
    run_d1(a, n, &c);
    assert_int_equal(c.n[REG_D1_OUT_OF_ORDER], 0);
    assert_int_equal(c.n[REG_D1_WRONG_SIDE], 0);
    assert_int_equal(c.n[REG_D1_GAP], 1); /* a gap is still a gap */
    assert_int_equal(c.last[REG_D1_GAP].gap_from, 4);
    assert_int_equal(c.last[REG_D1_GAP].gap_to, 5);
    /* The same group beside a group by distance that is out of order. */
    for (size_t i = 0; i < 4; i++) {
        a[n] = a[i];
        a[n].id = 10 + (long)i;
        a[n].axis = 3;
        a[n].x += 500;
        a[n++].order = REG_ORDER_DISTANCE;
    }
    run_d1(a, n, &c);
    assert_true(c.n[REG_D1_OUT_OF_ORDER] >= 1);
    assert_int_equal(a[c.last[REG_D1_OUT_OF_ORDER].a].axis, 3);
    n = 4;
    /* Still checked: a duplicate 2, one building (1 m from 6) with two
     * numbers, a point outside its unit. */
    a[n++] = (reg_d1_addr){20, 2, REG_AXIS_GROUP, {2, 0}, 90, 0, 1200, 1000, 0, REG_ORDER_STAFF};
    a[n++] = (reg_d1_addr){21, 2, REG_AXIS_GROUP, {7, 0}, 41, 0, 1031, 1000, 1, REG_ORDER_STAFF};
    run_d1(a, n, &c);
    assert_int_equal(c.n[REG_D1_DUPLICATE], 1);
    assert_int_equal(c.n[REG_D1_SAME_BUILDING], 1);
    assert_int_equal(c.n[REG_D1_OUTSIDE_UNIT], 1);
    assert_int_equal(c.n[REG_D1_OUT_OF_ORDER], 0);
    /* The staff's order has no sides: an even number on a street's odd
     * side, so marked, is not reported. */
    n = clean_street(a, 1);
    a[n++] = (reg_d1_addr){99, 1, REG_AXIS_STREET, {10, 0}, 45, +1, 45, 8, 0, REG_ORDER_STAFF};
    run_d1(a, n, &c);
    assert_int_equal(c.n[REG_D1_WRONG_SIDE], 0);
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
        a[i] = (reg_d1_addr){(long)i, 1, REG_AXIS_STREET, {(long)i + 1, 0}, x, 0, x, y, 0, REG_ORDER_DISTANCE};
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

/* ---- the registry ---------------------------------------------------------- */

static char template_db[512];

/* 会宁县城 in 会师镇 (EPSG:4490): the origin of the test streets. */
#define ORIGIN_LON 105.0539
#define ORIGIN_LAT 35.6933

/* The place register's table as the places branch defines it (schema v3
 * there); made here only when this build's schema has not made it. */
static const char places_sql[] =
    "CREATE TABLE places (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,"
    " name TEXT NOT NULL, specific TEXT NOT NULL, generic TEXT NOT NULL,"
    " pinyin TEXT NOT NULL, pinyin_toned TEXT NOT NULL, pinyin_syllables TEXT NOT NULL,"
    " pinyin_override TEXT, category TEXT NOT NULL, status TEXT NOT NULL,"
    " naming_round INTEGER NOT NULL DEFAULT 1, unit_code TEXT, meaning TEXT, origin TEXT,"
    " history TEXT, description TEXT, location TEXT, sources TEXT,"
    " protected INTEGER NOT NULL DEFAULT 0, approved_by TEXT, approval_date TEXT,"
    " filed_on TEXT, announced_on TEXT, valid_from TEXT, valid_to TEXT,"
    " created_at TEXT NOT NULL, updated_at TEXT NOT NULL)";

/* The integer a query returns. */
static long long q_int(reg_db *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(reg_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(reg_sqlite(db)));
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Runs SQL through the test hook. */
static void q_exec(reg_db *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(reg_sqlite(db), sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg ? msg : "?");
}

/* Counts of the doorplate tables and the audit log, to prove that a
 * refused write wrote nothing. */
static long long footprint(reg_db *db)
{
    /* the rows a bulk load gathered are counted as written */
    assert_int_equal(reg_dp_rows_flush(db, NULL), REG_OK);
    return q_int(db, "SELECT (SELECT count(*) FROM plates) * 1000000 + (SELECT count(*) FROM"
                     " addresses) * 1000 + (SELECT count(*) FROM audit_log)");
}

/* Metres east and north of the origin to EPSG:4490. */
static void at_m(reg_db *db, double e, double n, double *lon, double *lat)
{
    double x = ORIGIN_LON, y = ORIGIN_LAT;
    assert_int_equal(geo_transform_point(reg_geo(db), GEO_CRS_4490, GEO_CRS_4544, &x, &y), GEO_OK);
    x += e;
    y += n;
    assert_int_equal(geo_transform_point(reg_geo(db), GEO_CRS_4544, GEO_CRS_4490, &x, &y), GEO_OK);
    *lon = x;
    *lat = y;
}

/* Adds a place with id: a street (category 0801, a line through the
 * metre offsets xy) or a village group (0702, a point); status in_use. */
static void add_place(reg_db *db, long id, const char *name, const char *pinyin,
                      const char *category, const double *xy, size_t n)
{
    char wkt[2048];
    size_t used = (size_t)snprintf(wkt, sizeof wkt, n == 1 ? "POINT(" : "LINESTRING(");
    for (size_t i = 0; i < n; i++) {
        double lon, lat;
        at_m(db, xy[2 * i], xy[2 * i + 1], &lon, &lat);
        used += (size_t)snprintf(wkt + used, sizeof wkt - used, "%s%.9f %.9f", i ? ", " : "", lon,
                                 lat);
    }
    snprintf(wkt + used, sizeof wkt - used, ")");
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(reg_sqlite(db),
                                        "INSERT INTO places (id, code, name, specific, generic,"
                                        " pinyin, pinyin_toned, pinyin_syllables, category,"
                                        " status, created_at, updated_at, geom) VALUES (?1,"
                                        " 'T' || ?1, ?2, ?2, '路', ?3, ?3, ?3, ?4, 'in_use',"
                                        " '2024-01-01', '2024-01-01', GeomFromText(?5, 4490))",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, pinyin, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, category, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, wkt, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        fail_msg("add_place: %s", sqlite3_errmsg(reg_sqlite(db)));
    sqlite3_finalize(st);
}

/* A copy of the template registry (会宁县's units and township polygons,
 * the place table) under name, opened. */
static reg_db *fresh(const char *name)
{
    char path[600], cmd[1400];
    snprintf(path, sizeof path, "%s/%s", test_tmpdir, name);
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", template_db, path);
    assert_int_equal(system(cmd), 0);
    reg_db *db = NULL;
    reg_error err = {0};
    if (reg_open(path, 0, &db, &err) != REG_OK)
        fail_msg("open %s: %s", path, err.message_en);
    return db;
}

/* Streets of the tests (metres from the origin), all in 会师镇:
 *  101 会师南路  straight, west to east, 400 m, default rule (odd north)
 *  102 西岩路    bent: 200 m east then 200 m north
 *  103 桃花路    a loop, counter-clockwise square of 100 m
 *  104 张家岔    a village group, seat 300 m south of the origin
 *  105 会宁县医院 a place that is no street */
static void add_streets(reg_db *db)
{
    const double s101[] = {-200, 0, 200, 0};
    const double s102[] = {-200, 150, 0, 150, 0, 350};
    const double s103[] = {300, 300, 400, 300, 400, 400, 300, 400, 300, 300};
    const double s104[] = {0, -300};
    add_place(db, 101, "会师南路", "Huishi Nanlu", "0801", s101, 2);
    add_place(db, 102, "西岩路", "Xiyan Lu", "0801", s102, 3);
    add_place(db, 103, "桃花路", "Taohua Lu", "0801", s103, 5);
    add_place(db, 104, "张家岔", "Zhangjiacha", "0702", s104, 1);
    add_place(db, 105, "会宁县医院", "Huining Xian Yiyuan", "1201", s104, 1);
}

/* The village-level units of the tests: two communities of 会师镇 and one
 * village of another township. */
#define UNIT_A "620422100001"
#define UNIT_B "620422100200"
#define UNIT_ELSEWHERE "620422101200"

/* Registers a door plate at metres (e, n) on street with number; returns
 * the status, the code in code (19 bytes). */
static int door(reg_db *db, long street, const char *number, double e, double n,
                const char *unit, int legacy, char *code, reg_error *err)
{
    reg_plate_input in = {.street_id = street, .number = number, .unit_code = unit,
                          .legacy = legacy, .lon = 0, .lat = 0};
    at_m(db, e, n, &in.lon, &in.lat);
    return reg_plate_create(db, "tester", &in, code, NULL, err);
}

/* Asserts that a door registers. */
static void door_ok(reg_db *db, long street, const char *number, double e, double n, char *code)
{
    reg_error err = {0};
    char tmp[REG_PLATE_CODE_BUF];
    if (door(db, street, number, e, n, UNIT_A, 0, code ? code : tmp, &err) != REG_OK)
        fail_msg("door %ld %s: %s %s", street, number, err.code, err.message_en);
}

/* Asserts that a door is refused with status and code, writing nothing. */
static void door_refused(reg_db *db, long street, const char *number, double e, double n,
                         const char *unit, int status, const char *code)
{
    reg_error err = {0};
    char out[REG_PLATE_CODE_BUF];
    long long before = footprint(db);
    int rc = door(db, street, number, e, n, unit, 0, out, &err);
    if (rc != status || strcmp(err.code, code) != 0)
        fail_msg("door %ld %s: %d %s, want %d %s", street, number, rc, err.code, status, code);
    assert_true(err.message_zh[0] && err.message_en[0]);
    assert_int_equal(footprint(db), before);
}

/* D4 at the registry: allocated codes carry a correct check character
 * (and any single-character change of one is refused), serials grow per
 * township, and a code is never reused: not after its plate is retired,
 * not by an import that brings it again. */
static void test_registry_codes(void **state)
{
    (void)state;
    reg_db *db = fresh("codes.db");
    add_streets(db);
    reg_error err = {0};
    char first[REG_PLATE_CODE_BUF], code[REG_PLATE_CODE_BUF];
    door_ok(db, 101, "1", -190, 8, first);
    assert_int_equal(strlen(first), 18);
    assert_memory_equal(first, "620422100", 9);
    assert_memory_equal(first + 9, "00000001", 8);
    char want;
    assert_int_equal(iso7064_mod11_2(first, 17, &want), 0);
    assert_int_equal(first[17], want);
    for (int i = 0; i < 18; i++)
        for (const char *c = "0123456789X"; *c; c++) {
            if (*c == first[i])
                continue;
            char bad[REG_PLATE_CODE_BUF];
            memcpy(bad, first, sizeof bad);
            bad[i] = *c;
            reg_plate_view v;
            int rc = reg_plate_view_get(db, bad, &v, &err);
            assert_int_equal(rc, REG_ENOTFOUND);
            assert_int_equal(reg_plate_set_state(db, "tester", bad, "produced", NULL, NULL, 0,
                                                 &err),
                             REG_EINVAL);
        }

    /* Retire it: the next plate gets a new code, the old one still answers. */
    assert_int_equal(reg_plate_set_state(db, "tester", first, "retired", NULL, NULL, 1, &err),
                     REG_OK);
    door_ok(db, 101, "1", -190, 8, code);
    assert_string_not_equal(code, first);
    assert_memory_equal(code + 9, "00000002", 8);
    reg_plate_view v;
    assert_int_equal(reg_plate_view_get(db, first, &v, &err), REG_OK);
    assert_string_equal(v.state, "retired");

    /* An import may not bring a used code again, nor one of another
     * township, nor a mistyped one; a new code moves the serial past it. */
    reg_plate_input in = {.street_id = 101, .number = "3", .unit_code = UNIT_A, .code = first};
    at_m(db, -180, 8, &in.lon, &in.lat);
    long long before = footprint(db);
    assert_int_equal(reg_plate_create(db, "tester", &in, code, NULL, &err), REG_ECONFLICT);
    assert_string_equal(err.code, "code_taken");
    char other[REG_PLATE_CODE_BUF] = "62042210100000009";
    assert_int_equal(iso7064_mod11_2(other, 17, &other[17]), 0);
    other[18] = '\0';
    in.code = other;
    assert_int_equal(reg_plate_create(db, "tester", &in, code, NULL, &err), REG_ERULE);
    assert_string_equal(err.code, "code_township_mismatch");
    char typo[REG_PLATE_CODE_BUF] = "62042210000000500";
    assert_int_equal(iso7064_mod11_2(typo, 17, &typo[17]), 0);
    typo[18] = '\0';
    typo[17] = typo[17] == '1' ? '2' : '1';
    in.code = typo;
    assert_int_equal(reg_plate_create(db, "tester", &in, code, NULL, &err), REG_EINVAL);
    assert_string_equal(err.code, "bad_check_digit");
    assert_int_equal(footprint(db), before);
    char high[REG_PLATE_CODE_BUF] = "62042210000000500";
    assert_int_equal(iso7064_mod11_2(high, 17, &high[17]), 0);
    high[18] = '\0';
    in.code = high;
    assert_int_equal(reg_plate_create(db, "tester", &in, code, NULL, &err), REG_OK);
    assert_string_equal(code, high);
    door_ok(db, 101, "5", -170, 8, code);
    assert_memory_equal(code + 9, "00000501", 8);
    reg_close(db);
}

/* Bad input and broken rules are refused with a stable code, writing
 * nothing; a survey import (legacy) takes the D1 ones with a warning. */
static void test_registry_refusals(void **state)
{
    (void)state;
    reg_db *db = fresh("refusals.db");
    add_streets(db);
    char code[REG_PLATE_CODE_BUF];
    door_ok(db, 101, "11", -100, 8, code);
    door_ok(db, 101, "13", -80, 8, NULL);
    door_ok(db, 101, "12", -100, -8, NULL);
    door_refused(db, 101, "11", -60, 8, UNIT_A, REG_ECONFLICT, "number_taken");
    door_refused(db, 101, "15", -60, -8, UNIT_A, REG_ERULE, "wrong_side");
    door_refused(db, 101, "14", -60, 8, UNIT_A, REG_ERULE, "wrong_side");
    door_refused(db, 101, "15", -60, 0, UNIT_A, REG_ERULE, "point_on_street");
    door_refused(db, 101, "11-2", -90, 8, UNIT_A, REG_ERULE, "sub_number_order");
    door_refused(db, 101, "11-1", -110, 8, UNIT_A, REG_ERULE, "sub_number_order");
    door_refused(db, 101, "11-1", -70, 8, UNIT_A, REG_ERULE, "sub_number_order");
    door_refused(db, 101, "15", -60, 8, UNIT_ELSEWHERE, REG_ERULE, "unit_point_mismatch");
    door_refused(db, 101, "15", -60, 8, "620422100", REG_ERULE, "unit_not_village");
    door_refused(db, 101, "15", -60, 8, "620422100999", REG_ERULE, "unit_not_village");
    door_refused(db, 101, "1a", -60, 8, UNIT_A, REG_EINVAL, "bad_number");
    door_refused(db, 999, "15", -60, 8, UNIT_A, REG_ENOTFOUND, "street_not_found");
    door_refused(db, 105, "1", -60, 8, UNIT_A, REG_ERULE, "not_a_street");
    assert_int_equal(door(db, 104, "1", 0, -290, UNIT_B, 0, code, &(reg_error){0}), REG_OK);
    door_refused(db, 104, "2", -60, 8, UNIT_A, REG_ERULE, "axis_unit_mismatch");
    door_ok(db, 101, "11-1", -90, 8, NULL);

    /* Outside the county: a point in range but in no township polygon. */
    reg_error err = {0};
    reg_plate_input far = {.street_id = 101, .number = "17", .unit_code = UNIT_A, .lon = 100.0,
                           .lat = 30.0};
    long long before = footprint(db);
    assert_int_equal(reg_plate_create(db, "tester", &far, code, NULL, &err), REG_ERULE);
    assert_string_equal(err.code, "outside_registry");
    far.lon = 200;
    assert_int_equal(reg_plate_create(db, "tester", &far, code, NULL, &err), REG_EINVAL);
    assert_string_equal(err.code, "coordinate_out_of_range");
    assert_int_equal(footprint(db), before);

    /* Below a door: building, entrance, room; their parents must exist. */
    reg_plate_input b = {.street_id = 101, .number = "11", .building = "3", .lon = NAN, .lat = NAN};
    assert_int_equal(reg_plate_create(db, "tester", &b, code, NULL, &err), REG_OK);
    assert_int_equal(reg_plate_create(db, "tester", &b, code, NULL, &err), REG_ECONFLICT);
    reg_plate_input r = {.street_id = 101, .number = "11", .building = "3", .entrance = "2",
                         .room = "301", .lon = NAN, .lat = NAN};
    before = footprint(db);
    assert_int_equal(reg_plate_create(db, "tester", &r, code, NULL, &err), REG_ERULE);
    assert_string_equal(err.code, "parent_address_missing");
    assert_int_equal(footprint(db), before);
    reg_plate_input e = {.street_id = 101, .number = "11", .building = "3", .entrance = "2",
                         .lon = NAN, .lat = NAN};
    assert_int_equal(reg_plate_create(db, "tester", &e, code, NULL, &err), REG_OK);
    assert_int_equal(reg_plate_create(db, "tester", &r, code, NULL, &err), REG_OK);
    reg_plate_view v;
    assert_int_equal(reg_plate_view_get(db, code, &v, &err), REG_OK);
    assert_string_equal(v.kind, "room");
    assert_string_equal(v.short_form, "会师南路11号3号楼2单元301室");
    assert_string_equal(v.plate_line, "301");
    reg_plate_input orphan = {.street_id = 101, .number = "19", .building = "1", .lon = NAN,
                              .lat = NAN};
    assert_int_equal(reg_plate_create(db, "tester", &orphan, code, NULL, &err), REG_ERULE);
    assert_string_equal(err.code, "parent_address_missing");

    /* A survey import keeps what the field found and says so. */
    reg_error warn = {0};
    reg_plate_input dup = {.street_id = 101, .number = "11", .unit_code = UNIT_A, .legacy = 1};
    at_m(db, -40, 8, &dup.lon, &dup.lat);
    assert_int_equal(reg_plate_create(db, "tester", &dup, code, &warn, &err), REG_OK);
    assert_string_equal(warn.code, "number_taken");
    dup.number = "20";
    assert_int_equal(reg_plate_create(db, "tester", &dup, code, &warn, &err), REG_OK);
    assert_string_equal(warn.code, "wrong_side");
    dup.number = "21";
    assert_int_equal(reg_plate_create(db, "tester", &dup, code, &warn, &err), REG_OK);
    assert_string_equal(warn.code, "");

    /* The holder of a taken number. */
    json_t *holder = NULL;
    assert_int_equal(reg_doorplate_holder(db, 101, "13", NULL, NULL, NULL, &holder, &err), REG_OK);
    assert_string_equal(json_string_value(json_object_get(json_object_get(holder, "address"),
                                                          "short")),
                        "会师南路13号");
    json_decref(holder);
    assert_int_equal(reg_doorplate_holder(db, 101, "99", NULL, NULL, NULL, &holder, &err),
                     REG_ENOTFOUND);
    reg_close(db);
}

/* Proposes at metres (e, n) on street; expects the number and reason. */
static void expect_propose(reg_db *db, long street, double e, double n, const char *number,
                           const char *reason)
{
    double lon, lat;
    at_m(db, e, n, &lon, &lat);
    json_t *p = NULL;
    reg_error err = {0};
    if (reg_doorplate_propose(db, street, lon, lat, &p, &err) != REG_OK)
        fail_msg("propose %ld (%g, %g): %s %s", street, e, n, err.code, err.message_en);
    const char *got = json_string_value(json_object_get(json_object_get(p, "proposal"), "number"));
    const char *why = json_string_value(json_object_get(p, "reason"));
    if (!got || strcmp(got, number) != 0 || strcmp(why, reason) != 0)
        fail_msg("propose %ld (%g, %g): %s (%s), want %s (%s)", street, e, n, got ? got : "-",
                 why ? why : "-", number, reason);
    assert_non_null(json_string_value(json_object_get(p, "explanation_zh")));
    json_decref(p);
}

/* Proposals through the registry on straight, bent and looped streets,
 * both sides, and in a village group; then confirmed with the number. */
static void test_registry_propose(void **state)
{
    (void)state;
    reg_db *db = fresh("propose.db");
    add_streets(db);
    /* A new street: numbers follow the distance (5 m a number); measures
     * are chosen off the halfway points between two numbers. */
    expect_propose(db, 101, -98, 8, "21", "proportional");  /* 102 m along, odd (north) */
    expect_propose(db, 101, -98, -8, "20", "proportional"); /* even (south) */
    door_ok(db, 101, "21", -98, 8, NULL);
    door_ok(db, 101, "41", 2, 8, NULL);
    expect_propose(db, 101, -48, 8, "31", "between");
    expect_propose(db, 101, 52, 8, "51", "after_last");
    expect_propose(db, 101, -148, 8, "11", "before_first");
    door_ok(db, 101, "23", -93, 8, NULL);
    expect_propose(db, 101, -95, 9, "21-1", "sub_number");
    /* The bent street: after the corner, 296 m along; east is right (even). */
    expect_propose(db, 102, 8, 246, "60", "proportional");
    expect_propose(db, 102, -8, 246, "59", "proportional");
    /* The loop: inside is the odd side; 152 m along the loop. */
    expect_propose(db, 103, 392, 352, "31", "proportional");
    expect_propose(db, 103, 408, 352, "30", "proportional");
    /* A numbering rule from the other end, odd on the right. */
    reg_numbering_rule rule = {1, 0, 5.0, REG_ORDER_DISTANCE};
    reg_error err = {0};
    assert_int_equal(reg_numbering_set(db, "tester", 101, &rule, &err), REG_OK);
    reg_numbering_rule got;
    assert_int_equal(reg_numbering_get(db, 101, &got, &err), REG_OK);
    assert_int_equal(got.reversed, 1);
    expect_propose(db, 101, 150, -8, "10", "proportional"); /* 50 m from the east end, south is right */
    assert_int_equal(reg_numbering_set(db, "tester", 104, &rule, &err), REG_ERULE);
    rule.spacing_m = 0.5;
    assert_int_equal(reg_numbering_set(db, "tester", 101, &rule, &err), REG_EINVAL);
    /* A change of one member keeps the others as they are in the
     * registry (here: the spacing someone else set), and refusals
     * change nothing. */
    reg_numbering_rule other = {1, 0, 9.0, REG_ORDER_DISTANCE};
    assert_int_equal(reg_numbering_set(db, "tester", 101, &other, &err), REG_OK);
    reg_numbering_change c = {0, 1, 0, 0, reg_numbering_default()}; /* odd side left */
    assert_int_equal(reg_numbering_change_apply(db, "tester", 101, &c, &got, &err), REG_OK);
    assert_int_equal(got.odd_left, 1);
    assert_int_equal(got.reversed, 1);
    assert_true(got.spacing_m == 9.0);
    reg_numbering_change staff = {0, 0, 0, 1, {0, 1, 5.0, REG_ORDER_STAFF}};
    assert_int_equal(reg_numbering_change_apply(db, "tester", 101, &staff, &got, &err), REG_ERULE);
    assert_string_equal(err.code, "staff_order_group_only");
    assert_int_equal(reg_numbering_get(db, 101, &got, &err), REG_OK);
    assert_true(got.odd_left == 1 && got.reversed == 1 && got.spacing_m == 9.0 &&
                got.order == REG_ORDER_DISTANCE);
    assert_int_equal(reg_numbering_change_apply(db, "tester", 999, &c, &got, &err), REG_ENOTFOUND);
    assert_int_equal(reg_numbering_set(db, "tester", 101, &(reg_numbering_rule){1, 0, 5.0,
                                                                             REG_ORDER_DISTANCE},
                                       &err),
                     REG_OK);
    /* A village group: 1, 2, 3 ... by distance from the seat. */
    expect_propose(db, 104, 0, -250, "1", "proportional");
    reg_plate_input g = {.street_id = 104, .number = "1", .unit_code = UNIT_B};
    char code[REG_PLATE_CODE_BUF];
    at_m(db, 0, -280, &g.lon, &g.lat);
    assert_int_equal(reg_plate_create(db, "tester", &g, code, NULL, &err), REG_OK);
    expect_propose(db, 104, 0, -200, "2", "after_last");
    /* Outside the county and on the centre line. */
    json_t *p = NULL;
    assert_int_equal(reg_doorplate_propose(db, 101, 100.0, 30.0, &p, &err), REG_ERULE);
    assert_string_equal(err.code, "outside_registry");
    double lon, lat;
    at_m(db, 0, 0, &lon, &lat);
    assert_int_equal(reg_doorplate_propose(db, 101, lon, lat, &p, &err), REG_ERULE);
    assert_string_equal(err.code, "point_on_street");
    assert_int_equal(reg_doorplate_propose(db, 105, lon, lat, &p, &err), REG_ERULE);
    assert_string_equal(err.code, "not_a_street");
    reg_close(db);
}

/* The count of D1 problems of kind on street (0 when none). */
static long long problem_count(reg_db *db, long street, const char *kind)
{
    json_t *r = NULL;
    reg_error err = {0};
    assert_int_equal(reg_doorplate_problems(db, street, NULL, 100, &r, &err), REG_OK);
    long long n = json_integer_value(json_object_get(json_object_get(r, "counts"), kind));
    json_decref(r);
    return n;
}

/* Sets the order of axis id, keeping the rest of its rule: the status. */
static int set_order(reg_db *db, long id, reg_numbering_order order, reg_error *err)
{
    reg_numbering_rule r;
    int rc = reg_numbering_get(db, id, &r, err);
    if (rc != REG_OK)
        return rc;
    r.order = order;
    return reg_numbering_set(db, "tester", id, &r, err);
}

/* D2 rural in the registry: village group 104 numbered in the order the
 * staff give, group 106 by distance, the same plates on both (1 and 2
 * outwards from the seat, then 50 beside it).  Only a group takes the
 * staff's order (a street is refused, nothing written; a group's other
 * members cannot change); the staff group's proposal is the number after
 * its highest, a sub-number needs only its predecessor, and its D1 report
 * has no out_of_order but still its gap; the distance group keeps both. */
static void test_registry_group_staff_order(void **state)
{
    (void)state;
    reg_db *db = fresh("staff_order.db");
    add_streets(db);
    const double s106[] = {300, -300};
    add_place(db, 106, "李家河", "Lijiahe", "0702", s106, 1);
    reg_error err = {0};
    char code[REG_PLATE_CODE_BUF];
    door_ok(db, 101, "1", -190, 8, NULL);
    static const long groups[] = {104, 106};
    for (size_t g = 0; g < 2; g++) {
        double e = g ? 300 : 0;
        assert_int_equal(door(db, groups[g], "1", e, -280, UNIT_B, 0, code, &err), REG_OK);
        assert_int_equal(door(db, groups[g], "2", e, -260, UNIT_B, 0, code, &err), REG_OK);
    }
    /* A street cannot take the staff's order; a group's side cannot be set. */
    long long before = footprint(db);
    assert_int_equal(set_order(db, 101, REG_ORDER_STAFF, &err), REG_ERULE);
    assert_string_equal(err.code, "staff_order_group_only");
    assert_true(err.message_zh[0] && err.message_en[0]);
    assert_int_equal(q_int(db, "SELECT count(*) FROM numbering_axes WHERE ordering = 'staff'"), 0);
    reg_numbering_rule r = {1, 1, 5.0, REG_ORDER_STAFF};
    assert_int_equal(reg_numbering_set(db, "tester", 104, &r, &err), REG_ERULE);
    assert_string_equal(err.code, "not_a_street");
    r = (reg_numbering_rule){0, 1, 5.0, (reg_numbering_order)7};
    assert_int_equal(reg_numbering_set(db, "tester", 104, &r, &err), REG_EINVAL);
    assert_string_equal(err.code, "bad_order");
    reg_axis_input imp = {.name = "王家湾", .kind = "group", .unit_code = UNIT_B,
                          .order = "sideways"};
    long id = 0;
    assert_int_equal(reg_axis_import(db, "tester", &imp, &id, NULL, &err), REG_EINVAL);
    assert_string_equal(err.code, "bad_order");
    imp = (reg_axis_input){.name = "王家路", .kind = "street", .unit_code = "620422100",
                           .order = "staff"};
    assert_int_equal(reg_axis_import(db, "tester", &imp, &id, NULL, &err), REG_ERULE);
    assert_string_equal(err.code, "staff_order_group_only");
    assert_int_equal(footprint(db), before);
    /* Group 104 in the staff's order. */
    assert_int_equal(set_order(db, 104, REG_ORDER_STAFF, &err), REG_OK);
    assert_int_equal(reg_numbering_get(db, 104, &r, &err), REG_OK);
    assert_int_equal(r.order, REG_ORDER_STAFF);
    assert_int_equal(reg_numbering_get(db, 106, &r, &err), REG_OK);
    assert_int_equal(r.order, REG_ORDER_DISTANCE);
    assert_int_equal(q_int(db, "SELECT count(*) FROM audit_log WHERE action = 'set_numbering'"
                               " AND entity_id = '104' AND json_extract(after_json, '$.order')"
                               " = 'staff' AND json_extract(before_json, '$.order') = 'distance'"),
                     1);
    /* Proposals 5 m from the seat: after the highest (staff); by distance
     * nothing fits before number 1. */
    expect_propose(db, 104, 0, -295, "3", "staff_next");
    double lon, lat;
    json_t *p = NULL;
    at_m(db, 300, -295, &lon, &lat);
    assert_int_equal(reg_doorplate_propose(db, 106, lon, lat, &p, &err), REG_ECONFLICT);
    assert_string_equal(err.code, "no_free_number");
    /* 50 beside the seat is confirmed on both; a sub-number before its
     * whole number along the distance only in the staff's order. */
    for (size_t g = 0; g < 2; g++) {
        double e = g ? 300 : 0;
        assert_int_equal(door(db, groups[g], "50", e, -295, UNIT_B, 0, code, &err), REG_OK);
    }
    assert_int_equal(door(db, 104, "2-1", 0, -299, UNIT_B, 0, code, &err), REG_OK);
    door_refused(db, 106, "2-1", 300, -299, UNIT_B, REG_ERULE, "sub_number_order");
    expect_propose(db, 104, 0, -150, "51", "staff_next");
    /* D1: the staff's order is the order; a gap is still a gap. */
    assert_int_equal(problem_count(db, 104, "out_of_order"), 0);
    assert_int_equal(problem_count(db, 104, "gap"), 1);
    assert_true(problem_count(db, 106, "out_of_order") >= 1);
    assert_int_equal(problem_count(db, 106, "gap"), 1);
    /* Back to distance: 104's 50 and 2-1 are out of order again. */
    assert_int_equal(set_order(db, 104, REG_ORDER_DISTANCE, &err), REG_OK);
    assert_true(problem_count(db, 104, "out_of_order") >= 1);
    reg_close(db);
}

/* D3: states move forward with dates; retiring names a replacement;
 * replacing issues a new code; the chain ends at the current plate. */
static void test_registry_states(void **state)
{
    (void)state;
    reg_db *db = fresh("states.db");
    add_streets(db);
    reg_error err = {0};
    char a[REG_PLATE_CODE_BUF], b[REG_PLATE_CODE_BUF], c[REG_PLATE_CODE_BUF];
    door_ok(db, 101, "1", -190, 8, a);
    reg_plate_view v;
    assert_int_equal(reg_plate_view_get(db, a, &v, &err), REG_OK);
    assert_string_equal(v.state, "entered");
    assert_int_equal(reg_plate_set_state(db, "t", a, "produced", "2030-01-02", NULL, 0, &err),
                     REG_OK);
    assert_int_equal(reg_plate_set_state(db, "t", a, "entered", NULL, NULL, 0, &err), REG_ERULE);
    assert_string_equal(err.code, "state_order");
    assert_int_equal(reg_plate_set_state(db, "t", a, "active", "2030-01-01", NULL, 0, &err),
                     REG_ERULE);
    assert_string_equal(err.code, "date_order");
    assert_int_equal(reg_plate_set_state(db, "t", a, "active", "2030-02-01", NULL, 0, &err),
                     REG_OK);
    assert_int_equal(reg_plate_set_state(db, "t", a, "bogus", NULL, NULL, 0, &err), REG_EINVAL);
    assert_int_equal(reg_plate_view_get(db, a, &v, &err), REG_OK);
    assert_string_equal(v.state_date, "2030-02-01");
    assert_string_equal(v.dates[3], "2030-01-02");

    /* Damaged: a replacement plate for the same address. */
    assert_int_equal(reg_plate_replace(db, "t", a, b, &err), REG_OK);
    assert_string_not_equal(a, b);
    assert_int_equal(reg_plate_view_get(db, a, &v, &err), REG_OK);
    assert_string_equal(v.state, "retired");
    assert_string_equal(v.replaced_by, b);
    assert_int_equal(reg_plate_view_get(db, b, &v, &err), REG_OK);
    assert_string_equal(v.replaces, a);
    assert_string_equal(v.short_form, "会师南路1号");
    assert_int_equal(reg_plate_replace(db, "t", a, c, &err), REG_ERULE);
    assert_string_equal(err.code, "plate_retired");

    /* Renumbered: a new plate for a new address, the old retired with it. */
    door_ok(db, 101, "3", -185, 8, c);
    assert_int_equal(reg_plate_set_state(db, "t", b, "retired", NULL, b, 1, &err), REG_ERULE);
    assert_string_equal(err.code, "replacement_invalid");
    assert_int_equal(reg_plate_set_state(db, "t", b, "retired", NULL, c, 1, &err), REG_OK);
    char final[REG_PLATE_CODE_BUF];
    assert_int_equal(reg_plate_final_code(db, a, final, &err), REG_OK);
    assert_string_equal(final, c);
    assert_int_equal(reg_plate_final_code(db, c, final, &err), REG_OK);
    assert_string_equal(final, "");
    assert_int_equal(reg_plate_view_get(db, b, &v, &err), REG_OK);
    assert_int_equal(v.address_active, 0);
    /* The audit log holds every step. */
    assert_int_equal(q_int(db, "SELECT count(*) FROM audit_log WHERE entity = 'plate'"), 6);
    reg_close(db);
}

/* Counts the plates reg_plates_each gives. */
static int count_plate(const reg_plate_view *v, void *ctx)
{
    (void)v;
    (*(int *)ctx)++;
    return 0;
}

/* The address strings are derived from the register: renaming the street
 * changes every address on it. */
static void test_registry_view(void **state)
{
    (void)state;
    reg_db *db = fresh("view.db");
    add_streets(db);
    reg_error err = {0};
    char code[REG_PLATE_CODE_BUF];
    door_ok(db, 101, "12", -150, -8, code);
    reg_plate_view v;
    assert_int_equal(reg_plate_view_get(db, code, &v, &err), REG_OK);
    assert_string_equal(v.full, "甘肃省白银市会宁县会师镇东山根社区会师南路12号");
    assert_string_equal(v.short_form, "会师南路12号");
    assert_string_equal(v.roman, "Huishi Nanlu 12 Hao");
    assert_string_equal(v.roman_full, "Huishi Nanlu 12 Hao, Dongshangen Shequ, Huishi Zhen,"
                                      " Huining Xian, Baiyin Shi, Gansu Sheng");
    assert_string_equal(v.township_code, "620422100");
    assert_string_equal(v.village_code, UNIT_A);
    assert_true(fabs(v.lon - ORIGIN_LON) < 0.01 && fabs(v.lat - ORIGIN_LAT) < 0.01);
    json_t *j = reg_plate_view_json(&v);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "state")), "entered");
    json_decref(j);
    json_t *former = NULL;
    assert_int_equal(reg_plate_former_forms(db, &v, &former, &err), REG_OK);
    assert_int_equal(json_array_size(former), 0);
    json_decref(former);
    /* Renamed (as the place register does it: the old name kept as a
     * former standard name with its dates). */
    q_exec(db, "UPDATE places SET name = '会师北路', pinyin = 'Huishi Beilu' WHERE id = 101");
    q_exec(db, "INSERT INTO place_names (place_id, kind, name, pinyin, pinyin_toned,"
               " pinyin_syllables, valid_from, valid_to) VALUES (101, 'standard', '会师南路',"
               " 'Huishi Nanlu', 'Huìshī Nánlù', 'hui shi nan lu', '2001-01-01', '2030-01-01')");
    assert_int_equal(reg_plate_view_get(db, code, &v, &err), REG_OK);
    assert_string_equal(v.short_form, "会师北路12号");
    assert_string_equal(v.roman, "Huishi Beilu 12 Hao");
    assert_int_equal(reg_plate_former_forms(db, &v, &former, &err), REG_OK);
    assert_int_equal(json_array_size(former), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(former, 0), "short")),
                        "会师南路12号");
    assert_string_equal(json_string_value(json_object_get(json_array_get(former, 0), "valid_to")),
                        "2030-01-01");
    json_decref(former);

    /* A renamed township shows at once in every address under it (the
     * connection's cached unit chains follow the units revision). */
    reg_unit_patch patch = {.name = "会师新镇"};
    assert_int_equal(reg_unit_update(db, "test", "620422100", &patch, &err), REG_OK);
    assert_int_equal(reg_plate_view_get(db, code, &v, &err), REG_OK);
    assert_string_equal(v.township, "会师新镇");
    assert_string_equal(v.full, "甘肃省白银市会宁县会师新镇东山根社区会师北路12号");
    char town_roman[256], toned[256], expect[300];
    assert_int_equal(reg_pinyin_name("会师新镇", NULL, "0404", NULL, town_roman, toned, &err),
                     REG_OK);
    snprintf(expect, sizeof expect, ", %s, Huining Xian,", town_roman);
    assert_non_null(strstr(v.roman_full, expect));
    /* A rename rolled back is not seen. */
    assert_int_equal(reg_tx_begin(db, &err), REG_OK);
    patch.name = "会师旧镇";
    assert_int_equal(reg_unit_update(db, "test", "620422100", &patch, &err), REG_OK);
    assert_int_equal(reg_plate_view_get(db, code, &v, &err), REG_OK);
    assert_string_equal(v.township, "会师旧镇");
    reg_tx_rollback(db);
    assert_int_equal(reg_plate_view_get(db, code, &v, &err), REG_OK);
    assert_string_equal(v.township, "会师新镇");

    /* Lists by street and by unit, and the nearest addresses. */
    door_ok(db, 101, "14", -140, -8, NULL);
    door_ok(db, 101, "13", -140, 8, NULL);
    int n = 0;
    reg_plate_filter f = {.street_id = 101};
    assert_int_equal(reg_plates_each(db, &f, count_plate, &n, &err), REG_OK);
    assert_int_equal(n, 3);
    f.any_order = 1; /* the same plates, in the order read */
    n = 0;
    assert_int_equal(reg_plates_each(db, &f, count_plate, &n, &err), REG_OK);
    assert_int_equal(n, 3);
    reg_plate_filter u = {.unit_code = "620422100"};
    n = 0;
    assert_int_equal(reg_plates_each(db, &u, count_plate, &n, &err), REG_OK);
    assert_int_equal(n, 3);
    u.unit_code = "620422101";
    n = 0;
    assert_int_equal(reg_plates_each(db, &u, count_plate, &n, &err), REG_OK);
    assert_int_equal(n, 0);
    double lon, lat;
    at_m(db, -150, -12, &lon, &lat);
    json_t *near = NULL;
    assert_int_equal(reg_reverse(db, lon, lat, 200, 5, &near, &err), REG_OK);
    assert_int_equal(json_array_size(near), 3);
    json_t *first = json_array_get(near, 0);
    assert_true(fabs(json_real_value(json_object_get(first, "distance_m")) - 4.0) < 0.05);
    assert_string_equal(json_string_value(json_object_get(json_object_get(first, "plate"), "code")),
                        code);
    json_decref(near);
    assert_int_equal(reg_reverse(db, lon, lat, 5, 5, &near, &err), REG_OK);
    assert_int_equal(json_array_size(near), 1);
    json_decref(near);
    assert_int_equal(reg_reverse(db, lon, lat, 5000, 5, &near, &err), REG_EINVAL);
    reg_close(db);
}

/* The D1 report finds each problem seeded into the register. */
static void test_registry_problems(void **state)
{
    (void)state;
    reg_db *db = fresh("problems.db");
    add_streets(db);
    reg_error err = {0};
    char code[REG_PLATE_CODE_BUF];
    /* A clean run: odd 1..11 north, even 2..12 south, 10 m apart. */
    char num[8];
    for (int i = 0; i < 6; i++) {
        snprintf(num, sizeof num, "%d", 2 * i + 1);
        door_ok(db, 101, num, -190 + 10 * i, 8, NULL);
        snprintf(num, sizeof num, "%d", 2 * i + 2);
        door_ok(db, 101, num, -190 + 10 * i, -8, NULL);
    }
    json_t *r = NULL;
    assert_int_equal(reg_doorplate_problems(db, 101, NULL, 100, &r, &err), REG_OK);
    assert_int_equal(json_array_size(json_object_get(r, "problems")), 0);
    assert_int_equal(json_integer_value(json_object_get(r, "addresses")), 12);
    json_decref(r);
    /* Seed one of each through a survey import and the test hook. */
    assert_int_equal(door(db, 101, "5", -110, 8, UNIT_A, 1, code, &err), REG_OK);  /* duplicate */
    assert_int_equal(door(db, 101, "20", -100, 8, UNIT_A, 1, code, &err), REG_OK); /* wrong side */
    door_ok(db, 101, "15", -90, 8, NULL);    /* skips 13 */
    door_ok(db, 101, "17", -88.5, 8, NULL);  /* 1.5 m from 15: one building */
    door_ok(db, 101, "16", -60, -8, NULL);   /* skips 14 */
    assert_int_equal(door(db, 101, "7", -50, 8, UNIT_A, 1, code, &err), REG_OK); /* out of order */
    door_ok(db, 101, "41", -40, 8, NULL);    /* a gap 19..39 */
    door_ok(db, 101, "43", -30, 8, code);
    q_exec(db, "UPDATE addresses SET unit_code = '" UNIT_ELSEWHERE "' WHERE id ="
               " (SELECT address_id FROM plates ORDER BY id DESC LIMIT 1)");
    q_exec(db, "UPDATE plates SET state = 'retired' WHERE id = 1");
    q_exec(db, "UPDATE addresses SET active = 0 WHERE id = 2");
    assert_int_equal(reg_doorplate_problems(db, 101, NULL, 100, &r, &err), REG_OK);
    json_t *counts = json_object_get(r, "counts");
    static const char *const kinds[] = {"duplicate_number", "same_building", "wrong_side",
                                        "out_of_order", "gap", "skipped_unlucky", "outside_unit",
                                        "address_without_plate", "plate_on_retired_address"};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (json_integer_value(json_object_get(counts, kinds[i])) < 1)
            fail_msg("no %s found: %s", kinds[i], json_dumps(counts, 0));
    assert_int_equal(json_integer_value(json_object_get(counts, "skipped_unlucky")), 2);
    json_decref(r);
    /* By unit: the county sees them, another township none. */
    assert_int_equal(reg_doorplate_problems(db, 0, "620422", 2, &r, &err), REG_OK);
    assert_int_equal(json_array_size(json_object_get(r, "problems")), 2);
    assert_true(json_is_true(json_object_get(r, "truncated")));
    json_decref(r);
    assert_int_equal(reg_doorplate_problems(db, 0, "620422101", 100, &r, &err), REG_OK);
    assert_int_equal(json_integer_value(json_object_get(r, "addresses")), 1); /* the one moved there */
    json_decref(r);
    /* A scope that names nothing is an error, not a clean report (105
     * is a hospital). */
    static const struct {
        long street;
        const char *unit;
        int rc;
        const char *code;
    } bad[] = {
        {999, NULL, REG_ENOTFOUND, "street_not_found"},
        {105, NULL, REG_ERULE, "not_a_street"},
        {0, "620422999", REG_ENOTFOUND, "unit_not_found"},
        {0, "999", REG_EINVAL, "bad_code"},
        {0, "62042a", REG_EINVAL, "bad_code"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        r = NULL;
        assert_int_equal(reg_doorplate_problems(db, bad[i].street, bad[i].unit, 100, &r, &err),
                         bad[i].rc);
        assert_string_equal(err.code, bad[i].code);
        assert_null(r);
    }
    assert_int_equal(reg_doorplate_problems(db, 104, NULL, 100, &r, &err), REG_OK); /* a group */
    json_decref(r);
    reg_close(db);
}

/* The audit trail of plate code (reg_audit_list): *n entries, and
 * whether one is the "import" entry of a batch of plates plates. */
static int audit_has_batch(reg_db *db, const char *code, long long plates, size_t *n)
{
    json_t *list = NULL;
    reg_error err = {0};
    assert_int_equal(reg_audit_list(db, "plate", code, NULL, 0, 100, &list, &err), REG_OK);
    int found = 0;
    *n = json_array_size(list);
    for (size_t i = 0; i < *n; i++) {
        json_t *e = json_array_get(list, i);
        json_t *after = json_object_get(e, "after");
        if (strcmp(json_string_value(json_object_get(e, "action")), "import") == 0 &&
            json_integer_value(json_object_get(after, "plates")) == plates &&
            strcmp(json_string_value(json_object_get(e, "entity_id")), "bulk.csv") == 0)
            found = 1;
    }
    json_decref(list);
    return found;
}

/* A bulk load drops the insert triggers of addresses, refuses a bad row
 * without a trace (no savepoint), makes the triggers again at the end and
 * packs the new rows into the spatial index with the old ones.  It is
 * audited as one entry (plus one for each plate with a survey warning),
 * which every plate of it finds in its audit trail. */
static void test_registry_bulk(void **state)
{
    (void)state;
    reg_db *db = fresh("bulk.db");
    add_streets(db);
    reg_error err = {0};
    const char *triggers = "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
                           " AND tbl_name = 'addresses'";
    long long ntriggers = q_int(db, triggers);
    char first[REG_PLATE_CODE_BUF], mid[REG_PLATE_CODE_BUF], survey[REG_PLATE_CODE_BUF];
    door_ok(db, 101, "1", -195, 8, first);
    assert_int_equal(reg_doorplates_bulk_begin(db, "importer", "bulk.csv", 0, &err),
                     REG_ECONFLICT);
    assert_int_equal(reg_tx_begin(db, &err), REG_OK);
    assert_int_equal(reg_doorplates_bulk_begin(db, "importer", "", 0, &err), REG_EINVAL);
    assert_int_equal(reg_doorplates_bulk_begin(db, "", "bulk.csv", 0, &err), REG_EINVAL);
    assert_int_equal(reg_doorplates_bulk_begin(db, "importer", "bulk.csv", 5L << 20, &err),
                     REG_OK);
    assert_int_equal(q_int(db, triggers), ntriggers - 3);
    char num[8];
    for (int i = 1; i < 40; i++) {
        snprintf(num, sizeof num, "%d", 2 * i + 1);
        door_ok(db, 101, num, -195 + 5 * i, 8, i == 20 ? mid : NULL);
    }
    door_refused(db, 101, "3", 100, 8, UNIT_A, REG_ECONFLICT, "number_taken");
    door_refused(db, 101, "2", 100, 8, UNIT_A, REG_ERULE, "wrong_side");
    /* a survey record on the wrong side: kept, with its own audit entry */
    reg_plate_input in = {.street_id = 101, .number = "82", .unit_code = UNIT_A, .legacy = 1};
    at_m(db, 10, 8, &in.lon, &in.lat);
    reg_error warning = {0};
    assert_int_equal(reg_plate_create(db, "importer", &in, survey, &warning, &err), REG_OK);
    assert_string_equal(warning.code, "wrong_side");
    assert_int_equal(q_int(db, "SELECT count(*) FROM idx_addresses_geom"), 1);
    assert_int_equal(reg_doorplates_bulk_end(db, &err), REG_OK);
    assert_int_equal(q_int(db, triggers), ntriggers);
    assert_int_equal(reg_tx_commit(db, &err), REG_OK);
    assert_int_equal(q_int(db, "SELECT count(*) FROM idx_addresses_geom"), 41);
    assert_int_equal(q_int(db, "SELECT rtreecheck('idx_addresses_geom') = 'ok'"), 1);
    /* the audit: the plate before has its own entry; the load one entry
     * for its 40 plates and one for the survey record's warning */
    assert_int_equal(q_int(db, "SELECT count(*) FROM audit_log WHERE entity = 'plate'"), 2);
    assert_int_equal(q_int(db, "SELECT count(*) FROM audit_log WHERE action = 'import'"
                               " AND entity = 'plate_batch' AND actor = 'importer'"), 1);
    assert_int_equal(q_int(db, "SELECT count(*) FROM plate_batches"), 1);
    size_t n = 0;
    assert_false(audit_has_batch(db, first, 40, &n));
    assert_int_equal(n, 1);
    assert_true(audit_has_batch(db, mid, 40, &n));
    assert_int_equal(n, 1);
    assert_true(audit_has_batch(db, survey, 40, &n));
    assert_int_equal(n, 2);
    double lon, lat;
    at_m(db, -195, 10, &lon, &lat);
    json_t *near = NULL;
    assert_int_equal(reg_reverse(db, lon, lat, 12, 5, &near, &err), REG_OK);
    assert_int_equal(json_array_size(near), 3);
    json_decref(near);
    /* And a rolled-back bulk load leaves the index and the audit as they
     * were. */
    assert_int_equal(reg_tx_begin(db, &err), REG_OK);
    assert_int_equal(reg_doorplates_bulk_begin(db, "importer", "bulk.csv", 0, &err), REG_OK);
    door_ok(db, 101, "97", 95, 8, NULL);
    reg_tx_rollback(db);
    assert_int_equal(reg_doorplates_bulk_end(db, &err), REG_OK);
    assert_int_equal(q_int(db, "SELECT count(*) FROM idx_addresses_geom"), 41);
    assert_int_equal(q_int(db, triggers), ntriggers);
    assert_int_equal(q_int(db, "SELECT count(*) FROM plate_batches"), 1);
    door_ok(db, 101, "99", 100, 8, NULL);
    assert_int_equal(q_int(db, "SELECT count(*) FROM idx_addresses_geom"), 42);
    reg_close(db);
}

/* Inside a bulk load, on a street that held no address before it, the
 * numbers and parents the load wrote are found without a query: a taken
 * number is refused, a building finds its door, a room its entrance and
 * takes the door's point, an orphan is refused. */
static void test_registry_bulk_fresh_axis(void **state)
{
    (void)state;
    reg_db *db = fresh("bulk_fresh.db");
    add_streets(db);
    reg_error err = {0};
    char door_code[REG_PLATE_CODE_BUF], code[REG_PLATE_CODE_BUF];
    door_ok(db, 101, "1", -195, 8, NULL); /* another street holds addresses */
    assert_int_equal(reg_tx_begin_unchecked(db, &err), REG_OK);
    assert_int_equal(q_int(db, "PRAGMA foreign_keys"), 0);
    assert_int_equal(reg_doorplates_bulk_begin(db, "importer", "fresh.csv", 0, &err), REG_OK);
    door_ok(db, 102, "1", -150, 158, door_code);
    door_refused(db, 102, "1", -140, 158, UNIT_A, REG_ECONFLICT, "number_taken");
    door_ok(db, 101, "3", -190, 8, NULL); /* and the street with addresses still checks */
    door_refused(db, 101, "1", -185, 8, UNIT_A, REG_ECONFLICT, "number_taken");
    reg_plate_input b = {.street_id = 102, .number = "1", .building = "2", .lon = NAN,
                         .lat = NAN};
    assert_int_equal(reg_plate_create(db, "importer", &b, code, NULL, &err), REG_OK);
    assert_int_equal(reg_plate_create(db, "importer", &b, code, NULL, &err), REG_ECONFLICT);
    assert_string_equal(err.code, "number_taken");
    reg_plate_input r = {.street_id = 102, .number = "1", .building = "2", .entrance = "1",
                         .room = "101", .lon = NAN, .lat = NAN};
    assert_int_equal(reg_plate_create(db, "importer", &r, code, NULL, &err), REG_ERULE);
    assert_string_equal(err.code, "parent_address_missing");
    reg_plate_input e = {.street_id = 102, .number = "1", .building = "2", .entrance = "1",
                         .lon = NAN, .lat = NAN};
    assert_int_equal(reg_plate_create(db, "importer", &e, code, NULL, &err), REG_OK);
    assert_int_equal(reg_plate_create(db, "importer", &r, code, NULL, &err), REG_OK);
    reg_plate_input orphan = {.street_id = 102, .number = "3", .building = "1", .lon = NAN,
                              .lat = NAN};
    assert_int_equal(reg_plate_create(db, "importer", &orphan, code, NULL, &err), REG_ERULE);
    assert_string_equal(err.code, "parent_address_missing");
    /* several batches of rows, each door with a building below it */
    char num[8], many[REG_PLATE_CODE_BUF];
    for (int i = 0; i < 150; i++) {
        snprintf(num, sizeof num, "%d", 101 + 2 * i);
        door_ok(db, 102, num, -199 + 1.3 * i, 158, NULL);
        reg_plate_input bi = {.street_id = 102, .number = num, .building = "1", .lon = NAN,
                              .lat = NAN};
        assert_int_equal(reg_plate_create(db, "importer", &bi, many, NULL, &err), REG_OK);
    }
    assert_int_equal(reg_doorplates_bulk_end(db, &err), REG_OK);
    assert_int_equal(reg_tx_commit(db, &err), REG_OK);
    assert_int_equal(q_int(db, "PRAGMA foreign_keys"), 1);
    assert_int_equal(q_int(db, "SELECT count(*) FROM addresses a JOIN plates p"
                               " ON p.address_id = a.id WHERE a.axis_id = 102 AND a.num_main > 100"
                               " AND (a.kind = 'door' AND a.parent_id IS NULL OR a.kind ="
                               " 'building' AND a.parent_id = (SELECT d.id FROM addresses d WHERE"
                               " d.axis_id = 102 AND d.kind = 'door' AND d.num_main = a.num_main))"),
                     300);
    assert_int_equal(q_int(db, "SELECT rtreecheck('idx_addresses_geom') = 'ok'"), 1);
    assert_int_equal(q_int(db, "SELECT count(*) FROM idx_addresses_geom"), 306);
    reg_plate_view room, door;
    assert_int_equal(reg_plate_view_get(db, code, &room, &err), REG_OK);
    assert_int_equal(reg_plate_view_get(db, door_code, &door, &err), REG_OK);
    assert_string_equal(room.short_form, "西岩路1号2号楼1单元101室");
    assert_string_equal(room.village_code, UNIT_A);
    assert_true(room.lon == door.lon && room.lat == door.lat);
    assert_int_equal(q_int(db, "SELECT count(*) FROM plates"), 306);
    reg_close(db);
}

/* A load without SQLite's foreign-key checks verifies its rows' references
 * itself at its end: a row that refers to nothing fails it, and it rolls
 * back with the checks on again. */
static void test_registry_bulk_references(void **state)
{
    (void)state;
    reg_db *db = fresh("bulk_refs.db");
    add_streets(db);
    reg_error err = {0};
    door_ok(db, 101, "1", -195, 8, NULL);
    long long before = footprint(db);
    assert_int_equal(reg_tx_begin_unchecked(db, &err), REG_OK);
    assert_int_equal(reg_doorplates_bulk_begin(db, "importer", "refs.csv", 0, &err), REG_OK);
    door_ok(db, 101, "3", -190, 8, NULL);
    assert_int_equal(reg_dp_rows_flush(db, &err), REG_OK);
    /* what a faulty check would have let through: an axis that is none */
    q_exec(db, "UPDATE addresses SET axis_id = 999 WHERE id = (SELECT max(id) FROM addresses)");
    assert_int_equal(reg_doorplates_bulk_end(db, &err), REG_EIO);
    assert_string_equal(err.code, "bulk_reference");
    reg_tx_rollback(db);
    assert_int_equal(q_int(db, "PRAGMA foreign_keys"), 1);
    assert_int_equal(footprint(db), before);
    /* and a sound load commits with the checks on again */
    assert_int_equal(reg_tx_begin_unchecked(db, &err), REG_OK);
    assert_int_equal(reg_doorplates_bulk_begin(db, "importer", "refs.csv", 0, &err), REG_OK);
    door_ok(db, 101, "3", -190, 8, NULL);
    assert_int_equal(q_int(db, "PRAGMA cache_size") < -200000, 1); /* the load's cache */
    assert_int_equal(reg_doorplates_bulk_end(db, &err), REG_OK);
    assert_int_equal(q_int(db, "PRAGMA cache_size") < -200000, 1); /* until the commit */
    assert_int_equal(reg_tx_commit(db, &err), REG_OK);
    assert_int_equal(q_int(db, "PRAGMA foreign_keys"), 1);
    assert_int_equal(q_int(db, "PRAGMA cache_size"), -2000);
    assert_int_equal(q_int(db, "PRAGMA ignore_check_constraints"), 0);
    assert_int_equal(q_int(db, "SELECT count(*) FROM plates"), 2);
    reg_close(db);
}

/* Labels (building, entrance, room) are NFKC-normalised and trimmed, at
 * most 16 characters; plain ASCII ones come back as they are. */
static void test_labels(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"3", "3"}, {"12-1", "12-1"}, {"A", "A"}, {"１２", "12"}, {" 3 ", "3"},
        {"3号楼", "3号楼"}, {"ABCDEFGHIJKLMNOP", "ABCDEFGHIJKLMNOP"}};
    char out[REG_LABEL_BUF];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        reg_error err = {0};
        assert_int_equal(reg_dp_label(cases[i][0], "building", out, &err), REG_OK);
        assert_string_equal(out, cases[i][1]);
    }
    reg_error err = {0};
    assert_int_equal(reg_dp_label("ABCDEFGHIJKLMNOPQ", "room", out, &err), REG_EINVAL);
    assert_string_equal(err.code, "label_too_long");
    assert_int_equal(reg_dp_label("一二三四五六七八九十一二三四五六七", "room", out, &err),
                     REG_EINVAL);
    assert_string_equal(err.code, "label_too_long");
}

/* A bulk load into a registry without plates finds codes among its own
 * rows only, and still refuses one given twice. */
static void test_registry_bulk_codes(void **state)
{
    (void)state;
    reg_db *db = fresh("bulk_codes.db");
    add_streets(db);
    reg_error err = {0};
    char first[REG_PLATE_CODE_BUF], out[REG_PLATE_CODE_BUF];
    assert_int_equal(reg_tx_begin_unchecked(db, &err), REG_OK);
    assert_int_equal(reg_doorplates_bulk_begin(db, "importer", "codes.csv", 0, &err), REG_OK);
    door_ok(db, 101, "1", -195, 8, first);
    reg_plate_input again = {.street_id = 101, .number = "3", .unit_code = UNIT_A,
                             .code = first};
    at_m(db, -190, 8, &again.lon, &again.lat);
    assert_int_equal(reg_plate_create(db, "importer", &again, out, NULL, &err), REG_ECONFLICT);
    assert_string_equal(err.code, "code_taken");
    int taken = 0;
    assert_int_equal(reg_plate_code_taken(db, first, &taken, &err), REG_OK);
    assert_true(taken);
    assert_int_equal(reg_doorplates_bulk_end(db, &err), REG_OK);
    assert_int_equal(reg_tx_commit(db, &err), REG_OK);
    assert_int_equal(q_int(db, "SELECT count(*) FROM plates"), 1);
    reg_close(db);
}

/* The point blob a bulk load binds is byte for byte SpatiaLite's own. */
static void test_splite_point_is_makepoint(void **state)
{
    (void)state;
    reg_db *db = fresh("blob.db");
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(reg_sqlite(db), "SELECT MakePoint(?1, ?2, ?3) = ?4",
                                        -1, &st, NULL), SQLITE_OK);
    const double pts[][2] = {{105.0540123, 35.6930456}, {-73.9857, 40.7484}, {0, 0},
                             {179.9999999, -89.5}};
    const int srids[] = {4490, 4326, 4490, 4544};
    for (int i = 0; i < 4; i++) {
        unsigned char blob[GEO_SPLITE_POINT_LEN];
        assert_int_equal(geo_splite_point(pts[i][0], pts[i][1], srids[i], blob), GEO_OK);
        sqlite3_bind_double(st, 1, pts[i][0]);
        sqlite3_bind_double(st, 2, pts[i][1]);
        sqlite3_bind_int(st, 3, srids[i]);
        sqlite3_bind_blob(st, 4, blob, sizeof blob, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        assert_int_equal(sqlite3_column_int(st, 0), 1);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    unsigned char blob[GEO_SPLITE_POINT_LEN];
    assert_int_equal(geo_splite_point(NAN, 35, 4490, blob), GEO_EINVAL);
    assert_int_equal(geo_splite_point(105, 35, 4490, NULL), GEO_EINVAL);
    reg_close(db);
}

/* Builds the template registry: 会宁县's units and township polygons. */
static int group_setup(void **state)
{
    if (test_group_setup(state) != 0)
        return -1;
    const char *data = getenv("DIMING_DATA");
    char units[512], polys[512];
    snprintf(units, sizeof units, "%s/huining/admin_units.csv", data ? data : "data");
    snprintf(polys, sizeof polys, "%s/huining/townships.geojson", data ? data : "data");
    snprintf(template_db, sizeof template_db, "%s/template.db", test_tmpdir);
    reg_db *db = NULL;
    reg_error err = {0};
    FILE *quiet = fopen("/dev/null", "w");
    import_options opt = {.actor = "test", .crs = "gcj02", .report = quiet};
    import_summary sum;
    int rc = reg_open(template_db, REG_OPEN_CREATE, &db, &err) == REG_OK &&
                     import_units_csv(db, units, &opt, &sum) == 0 &&
                     import_unit_boundaries(db, polys, &opt, &sum) == 0
                 ? 0
                 : -1;
    if (rc == 0 && q_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'places'") == 0) {
        q_exec(db, places_sql);
        q_exec(db, "SELECT AddGeometryColumn('places', 'geom', 4490, 'GEOMETRY', 'XY')");
    }
    reg_close(db);
    if (quiet)
        fclose(quiet);
    return rc;
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
        cmocka_unit_test(test_propose_group_staff),
        cmocka_unit_test(test_numbering_shapes),
        cmocka_unit_test(test_d1_clean),
        cmocka_unit_test(test_d1_each_problem),
        cmocka_unit_test(test_d1_staff_order),
        cmocka_unit_test(test_d1_grid_matches_scan),
        cmocka_unit_test(test_registry_codes),
        cmocka_unit_test(test_registry_refusals),
        cmocka_unit_test(test_registry_propose),
        cmocka_unit_test(test_registry_group_staff_order),
        cmocka_unit_test(test_registry_states),
        cmocka_unit_test(test_registry_view),
        cmocka_unit_test(test_registry_problems),
        cmocka_unit_test(test_registry_bulk),
        cmocka_unit_test(test_registry_bulk_fresh_axis),
        cmocka_unit_test(test_splite_point_is_makepoint),
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_registry_bulk_codes),
        cmocka_unit_test(test_registry_bulk_references),
    };
    return cmocka_run_group_tests(tests, group_setup, test_group_teardown);
}
