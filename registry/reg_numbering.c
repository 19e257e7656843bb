/*
 * reg_numbering.c: proposing a door number for a new building (D2), as a
 * pure function of the numbers already on its side of the street.
 *
 * Streets: odd numbers on one side, even on the other, so numbers on one
 * side step by 2.  On a side with no numbers yet the number follows the
 * distance along the street (measure / spacing, to the right parity), so
 * that buildings added later still find whole numbers between their
 * neighbours.  Between two numbers the free whole number nearest the
 * point's proportional place is taken; beyond the last (or before the
 * first) the number grows (or shrinks) with the distance from it.  When
 * no whole number is free the building gets the next sub-number of the
 * number before it (12-1, 12-2).  Village groups: numbers 1, 2, 3 ... by
 * distance from the group's seat, the same way with a step of 1; or, for a
 * group numbered in the order the staff give (D2 rural), the next whole
 * number after the highest in use, wherever the building stands.
 * Nothing is skipped: 4, 13 and 14 are numbers like any other (D2).
 */
#include <math.h>
#include <string.h>

#include "reg_doorplates.h"
#include "reg_internal.h"

/* The steps and bounds of one proposal. */
typedef struct numbering_frame {
    long step;  /* 2 on a street side, 1 in a village group */
    long first; /* the smallest number of the right parity: 1 or 2 */
} numbering_frame;

/* The smallest number of the frame's parity above a (a >= 0). */
static long frame_above(const numbering_frame *f, long a)
{
    if (a < f->first)
        return f->first;
    long n = a + 1;
    if ((n - f->first) % f->step != 0)
        n++;
    return n;
}

/* The largest number of the frame's parity below b, or first - step when
 * there is none. */
static long frame_below(const numbering_frame *f, long b)
{
    long n = b - 1;
    if (n < f->first)
        return f->first - f->step;
    if ((n - f->first) % f->step != 0)
        n--;
    return n;
}

/* The number of the frame's parity nearest t within [lo, hi] (lo <= hi,
 * both of the parity). */
static long frame_round(const numbering_frame *f, double t, long lo, long hi)
{
    if (!(t > (double)lo))
        return lo;
    if (t >= (double)hi)
        return hi;
    double k = floor((t - (double)lo) / (double)f->step + 0.5);
    return lo + (long)k * f->step;
}

/* The no_free_number error. */
static int no_free(reg_error *err)
{
    return reg_error_set(err, REG_ECONFLICT, "no_free_number", "",
                         "相邻门牌之间没有可用的门牌号或支号，需调整编号",
                         "no whole number or sub-number is free between the neighbours; "
                         "the numbers around need revising");
}

/* A sub-number after the neighbour before (index before) when the one
 * after (index after, -1 if none) leaves room; see the file comment. */
static int propose_sub(const reg_numbering_in *in, long before, long after, reg_proposal *out,
                       reg_error *err)
{
    if (before < 0)
        return no_free(err);
    reg_number a = in->side[before].number;
    int next_sub = a.sub + 1;
    if (after >= 0 && in->side[after].number.main == a.main) {
        if (in->side[after].number.sub <= next_sub)
            return no_free(err);
    } else {
        for (size_t i = 0; i < in->n; i++)
            if (in->side[i].number.main == a.main && in->side[i].number.sub > a.sub)
                return no_free(err); /* a later sub-number sits elsewhere: out of order */
    }
    if (next_sub > REG_NUMBER_SUB_MAX)
        return no_free(err);
    out->number.main = a.main;
    out->number.sub = next_sub;
    out->reason = REG_PROPOSE_SUB_NUMBER;
    return REG_OK;
}

/* Checks the input: finite measures, a positive spacing on a street,
 * valid numbers, the side sorted by measure. */
static int numbering_in_ok(const reg_numbering_in *in)
{
    if (!isfinite(in->measure) || in->measure < 0.0 || (in->n > 0 && !in->side))
        return 0;
    if (in->axis == REG_AXIS_STREET && !(in->spacing_m > 0.0 && isfinite(in->spacing_m)))
        return 0;
    if (in->axis != REG_AXIS_STREET && in->axis != REG_AXIS_GROUP)
        return 0;
    if (in->order != REG_ORDER_DISTANCE &&
        (in->order != REG_ORDER_STAFF || in->axis != REG_AXIS_GROUP))
        return 0;
    for (size_t i = 0; i < in->n; i++) {
        const reg_numbered *s = &in->side[i];
        if (!isfinite(s->measure) || s->number.main < 1 ||
            s->number.main > REG_NUMBER_MAIN_MAX || s->number.sub < 0 ||
            s->number.sub > REG_NUMBER_SUB_MAX || (i > 0 && s->measure < in->side[i - 1].measure))
            return 0;
    }
    return 1;
}

/* A group in the staff's order: the whole number after the highest main
 * number in use (1 when none), its holder as the neighbour before. */
static int propose_staff_next(const reg_numbering_in *in, reg_proposal *out, reg_error *err)
{
    long top = -1;
    for (size_t i = 0; i < in->n; i++)
        if (top < 0 || in->side[i].number.main > in->side[top].number.main)
            top = (long)i;
    long next = top >= 0 ? in->side[top].number.main + 1 : 1;
    if (next > REG_NUMBER_MAIN_MAX)
        return no_free(err);
    out->number.main = next;
    out->number.sub = 0;
    out->reason = REG_PROPOSE_STAFF_NEXT;
    out->before = top;
    out->after = -1;
    return REG_OK;
}

/* See reg_doorplates.h. */
int reg_numbering_propose(const reg_numbering_in *in, reg_proposal *out, reg_error *err)
{
    if (!in || !out || !numbering_in_ok(in))
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    if (in->order == REG_ORDER_STAFF)
        return propose_staff_next(in, out, err);
    int street = in->axis == REG_AXIS_STREET;
    numbering_frame f = {street ? 2 : 1, street ? (in->odd ? 1 : 2) : 1};
    long before = -1, after = -1;
    for (size_t i = 0; i < in->n; i++) {
        if (in->side[i].measure <= in->measure)
            before = (long)i;
        else if (after < 0)
            after = (long)i;
    }
    out->before = before;
    out->after = after;
    long lo = before >= 0 ? frame_above(&f, in->side[before].number.main) : f.first;
    long hi = after >= 0 ? frame_below(&f, in->side[after].number.main)
                         : frame_below(&f, REG_NUMBER_MAIN_MAX + 1);
    double t;
    if (before < 0 && after < 0) {
        out->reason = REG_PROPOSE_PROPORTIONAL;
        t = street ? in->measure / in->spacing_m : (double)f.first;
    } else if (after < 0) {
        const reg_numbered *a = &in->side[before];
        out->reason = REG_PROPOSE_AFTER_LAST;
        t = street ? (double)a->number.main + (in->measure - a->measure) / in->spacing_m
                   : (double)lo;
    } else if (before < 0) {
        const reg_numbered *b = &in->side[after];
        out->reason = REG_PROPOSE_BEFORE_FIRST;
        t = street ? (double)b->number.main - (b->measure - in->measure) / in->spacing_m
                   : (double)hi;
    } else {
        const reg_numbered *a = &in->side[before], *b = &in->side[after];
        double span = b->measure - a->measure;
        double share = span > 0.0 ? (in->measure - a->measure) / span : 0.5;
        out->reason = REG_PROPOSE_BETWEEN;
        t = (double)a->number.main + (double)(b->number.main - a->number.main) * share;
    }
    if (lo > hi)
        return propose_sub(in, before, after, out, err);
    out->number.main = frame_round(&f, t, lo, hi);
    out->number.sub = 0;
    return REG_OK;
}

/* See reg_doorplates.h. */
const char *reg_proposal_reason_name(reg_proposal_reason r)
{
    switch (r) {
    case REG_PROPOSE_PROPORTIONAL: return "proportional";
    case REG_PROPOSE_BETWEEN: return "between";
    case REG_PROPOSE_AFTER_LAST: return "after_last";
    case REG_PROPOSE_BEFORE_FIRST: return "before_first";
    case REG_PROPOSE_SUB_NUMBER: return "sub_number";
    case REG_PROPOSE_STAFF_NEXT: return "staff_next";
    }
    return "unknown";
}

/* See reg_doorplates.h. */
reg_numbering_rule reg_numbering_default(void)
{
    reg_numbering_rule r = {0, 1, 5.0, REG_ORDER_DISTANCE};
    return r;
}

/* See reg_doorplates.h. */
const char *reg_numbering_order_name(reg_numbering_order order)
{
    switch (order) {
    case REG_ORDER_DISTANCE: return "distance";
    case REG_ORDER_STAFF: return "staff";
    }
    return NULL;
}

/* See reg_doorplates.h. */
int reg_numbering_order_parse(const char *text, reg_numbering_order *out)
{
    if (!text || !out)
        return -1;
    if (strcmp(text, "distance") == 0)
        *out = REG_ORDER_DISTANCE;
    else if (strcmp(text, "staff") == 0)
        *out = REG_ORDER_STAFF;
    else
        return -1;
    return 0;
}

/* See reg_doorplates.h.  Reversing the direction turns the measure into
 * length - measure and swaps left and right. */
int reg_numbering_position(const double *xy, size_t n, const reg_numbering_rule *rule, double x,
                           double y, double *measure, int *odd, reg_error *err)
{
    geo_line_pos pos;
    if (!rule || !measure || !odd || geo_line_locate(xy, n, x, y, &pos) != GEO_OK)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    double length = geo_line_length(xy, n);
    *measure = rule->reversed ? length - pos.measure : pos.measure;
    if (*measure < 0.0)
        *measure = 0.0;
    if (fabs(pos.offset) < REG_ON_LINE_M) {
        *odd = -1;
        return REG_OK;
    }
    int left = rule->reversed ? pos.offset < 0.0 : pos.offset > 0.0;
    *odd = rule->odd_left ? left : !left;
    return REG_OK;
}
