/*
 * reg_dp_propose.c: proposing the door number of a new building (D2)
 * from the register: the street's line and rule, the point's measure and
 * side, the numbers already on that side, and reg_numbering_propose (a
 * village group in the staff's order: the next number after its highest).
 * Writes nothing; the staff confirm with reg_plate_create.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reg_dp_internal.h"

/* A door on the point's side with its measure and code. */
typedef struct side_door {
    reg_numbered n;
    const char *code;
} side_door;

/* Orders side doors by measure, then number. */
static int by_measure(const void *a, const void *b)
{
    const side_door *x = a, *y = b;
    if (x->n.measure != y->n.measure)
        return x->n.measure < y->n.measure ? -1 : 1;
    return reg_number_cmp(x->n.number, y->n.number);
}

/* {number, code, measure_m} of a neighbour, or null. */
static json_t *neighbour(const side_door *d)
{
    if (!d)
        return json_null();
    char num[REG_NUMBER_BUF];
    reg_number_format(d->n.number, num, sizeof num);
    return json_pack("{s:s, s:s, s:f}", "number", num, "code", d->code, "measure_m",
                     round(d->n.measure * 10) / 10);
}

/* Writes the explanation of proposal p in both languages. */
static void explain(const reg_axis *a, const reg_numbering_in *in, const reg_proposal *p,
                    const side_door *before, const side_door *after, char *zh, size_t zhlen,
                    char *en, size_t enlen)
{
    char b[REG_NUMBER_BUF] = "", f[REG_NUMBER_BUF] = "";
    if (before)
        reg_number_format(before->n.number, b, sizeof b);
    if (after)
        reg_number_format(after->n.number, f, sizeof f);
    int street = a->kind == REG_AXIS_STREET;
    switch (p->reason) {
    case REG_PROPOSE_PROPORTIONAL:
        if (street) {
            snprintf(zh, zhlen, "该侧尚无门牌：按沿街距离 %.0f 米、每 %.0f 米一个号推算",
                     in->measure, in->spacing_m);
            snprintf(en, enlen, "no numbers on this side yet: %.0f m along the street at %.0f m "
                     "a number", in->measure, in->spacing_m);
        } else {
            snprintf(zh, zhlen, "该村民小组尚无门牌：从 1 号开始");
            snprintf(en, enlen, "the village group has no numbers yet: it starts at 1");
        }
        break;
    case REG_PROPOSE_BETWEEN:
        snprintf(zh, zhlen, "位于 %s 号与 %s 号之间，按距离比例取空余的整号", b, f);
        snprintf(en, enlen, "between %s and %s: the free whole number placed in proportion to "
                 "distance", b, f);
        break;
    case REG_PROPOSE_AFTER_LAST:
        snprintf(zh, zhlen, "在最后一个门牌 %s 号之后 %.0f 米", b,
                 in->measure - before->n.measure);
        snprintf(en, enlen, "%.0f m beyond the last number %s", in->measure - before->n.measure,
                 b);
        break;
    case REG_PROPOSE_BEFORE_FIRST:
        snprintf(zh, zhlen, "在第一个门牌 %s 号之前 %.0f 米", f, after->n.measure - in->measure);
        snprintf(en, enlen, "%.0f m before the first number %s", after->n.measure - in->measure,
                 f);
        break;
    case REG_PROPOSE_SUB_NUMBER:
        snprintf(zh, zhlen, "%s 号与 %s 号之间没有空余的整号：编为 %s 号的支号", b,
                 after ? f : "街尾", b);
        snprintf(en, enlen, "no whole number is free between %s and %s: a sub-number of %s", b,
                 after ? f : "the end", b);
        break;
    case REG_PROPOSE_STAFF_NEXT:
        if (before) {
            snprintf(zh, zhlen, "该村民小组按工作人员给定的顺序编号：取现有最大门牌号 %s 号之后的"
                     "下一个整号", b);
            snprintf(en, enlen, "the village group is numbered in the order the staff give: the "
                     "next whole number after the highest in use, %s", b);
        } else {
            snprintf(zh, zhlen, "该村民小组按工作人员给定的顺序编号，尚无门牌：从 1 号开始");
            snprintf(en, enlen, "the village group is numbered in the order the staff give and "
                     "has no numbers yet: it starts at 1");
        }
        break;
    }
}

/* The proposal's JSON. */
static json_t *proposal_json(const reg_axis *a, double lon, double lat, const char *township,
                             const reg_numbering_in *in, const reg_proposal *p,
                             const side_door *doors)
{
    const side_door *before = p->before >= 0 ? &doors[p->before] : NULL;
    const side_door *after = p->after >= 0 ? &doors[p->after] : NULL;
    char num[REG_NUMBER_BUF], zh[320], en[320];
    reg_number_format(p->number, num, sizeof num);
    explain(a, in, p, before, after, zh, sizeof zh, en, sizeof en);
    int street = a->kind == REG_AXIS_STREET;
    json_t *rule = street ? reg_numbering_rule_json(0, &a->rule)
                          : json_pack("{s:s}", "order", reg_numbering_order_name(a->rule.order));
    int left = street && (in->odd == a->rule.odd_left);
    return json_pack(
        "{s:{s:I, s:s, s:s, s:f, s:o}, s:{s:f, s:f, s:s}, s:s,"
        " s:{s:f, s:o, s:o},"
        " s:{s:s, s:I, s:i}, s:s, s:s, s:s, s:{s:o, s:o}}",
        "street", "id", (json_int_t)a->id, "name", a->name, "kind", street ? "street" : "group",
        "length_m", round(a->length * 10) / 10, "rule", rule,
        "point", "lon", lon, "lat", lat, "crs", "EPSG:4490", "township", township,
        "position", "measure_m", round(in->measure * 10) / 10, "side",
        street ? json_string(left ? "left" : "right") : json_null(), "parity",
        street ? json_string(in->odd ? "odd" : "even") : json_null(),
        "proposal", "number", num, "main", (json_int_t)p->number.main, "sub", p->number.sub,
        "reason", reg_proposal_reason_name(p->reason), "explanation_zh", zh, "explanation_en", en,
        "neighbours", "before", neighbour(before), "after", neighbour(after));
}

/* Gathers the doors on the point's side of axis a (all of a group's),
 * sorted by measure, into *out (free() it; codes point into *doors). */
static int side_doors(reg_db *db, const reg_axis *a, int odd, reg_axis_door **doors,
                      side_door **out, size_t *n, reg_error *err)
{
    size_t nd = 0;
    int rc = reg_axis_doors(db, a->id, (reg_number){0, 0}, doors, &nd, err);
    *n = 0;
    *out = rc == REG_OK ? malloc((nd ? nd : 1) * sizeof **out) : NULL;
    if (rc == REG_OK && !*out)
        rc = reg_error_nomem(err);
    for (size_t i = 0; rc == REG_OK && i < nd; i++) {
        double m;
        int dodd;
        rc = reg_axis_position(a, (*doors)[i].x, (*doors)[i].y, &m, &dodd, err);
        if (rc == REG_OK && (a->kind == REG_AXIS_GROUP || dodd == odd))
            (*out)[(*n)++] = (side_door){{m, (*doors)[i].number}, (*doors)[i].code};
    }
    if (rc == REG_OK)
        qsort(*out, *n, sizeof **out, by_measure);
    return rc;
}

/* Proposes within one read snapshot. */
static int propose_in_snapshot(reg_db *db, long street_id, double lon, double lat, json_t **out,
                               reg_error *err)
{
    reg_axis *a = NULL;
    char township[REG_CODE_MAX + 1];
    double x = lon, y = lat, m = 0;
    int odd = 0;
    int rc = reg_axis_get(db, street_id, &a, err);
    if (rc == REG_OK && (rc = reg_locate_code(db, lon, lat, township, err)) == REG_ENOTFOUND)
        rc = reg_error_set(err, REG_ERULE, "outside_registry", "lon",
                           "该点不在任何已登记的乡镇边界内（不在本县）",
                           "no registered township boundary holds the point (outside the "
                           "county)");
    if (rc == REG_OK && geo_transform_point(db->geo, GEO_CRS_4490, GEO_CRS_4544, &x, &y) != GEO_OK)
        rc = reg_error_set(err, REG_EINVAL, "coordinate_out_of_range", "lon", "坐标无法转换",
                           "the point cannot be transformed");
    if (rc == REG_OK)
        rc = reg_axis_position(a, x, y, &m, &odd, err);
    if (rc == REG_OK && a->kind == REG_AXIS_STREET && odd < 0)
        rc = reg_error_set(err, REG_ERULE, "point_on_street", "lon",
                           "该点在街路巷中心线上，无法判断单双号侧；请取建筑物门口的位置",
                           "the point lies on the street's centre line: no side; take the point "
                           "at the building's door");
    reg_axis_door *doors = NULL;
    side_door *side = NULL;
    size_t n = 0;
    if (rc == REG_OK)
        rc = side_doors(db, a, odd, &doors, &side, &n, err);
    reg_numbered *nums = rc == REG_OK ? malloc((n ? n : 1) * sizeof *nums) : NULL;
    if (rc == REG_OK && !nums)
        rc = reg_error_nomem(err);
    for (size_t i = 0; rc == REG_OK && i < n; i++)
        nums[i] = side[i].n;
    reg_numbering_in in = {a ? a->kind : REG_AXIS_STREET, m, odd == 1,
                           a ? a->rule.spacing_m : 5.0, nums, n,
                           a ? a->rule.order : REG_ORDER_DISTANCE};
    reg_proposal p;
    if (rc == REG_OK)
        rc = reg_numbering_propose(&in, &p, err);
    if (rc == REG_OK && !(*out = proposal_json(a, lon, lat, township, &in, &p, side)))
        rc = reg_error_nomem(err);
    free(nums);
    free(side);
    free(doors);
    reg_axis_release(db, a);
    return rc;
}

/* See reg_doorplates.h. */
int reg_doorplate_propose(reg_db *db, long street_id, double lon, double lat, json_t **out,
                          reg_error *err)
{
    if (!db || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    *out = NULL;
    if (!isfinite(lon) || !isfinite(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90)
        return reg_error_set(err, REG_EINVAL, "coordinate_out_of_range", "lon",
                             "坐标超出范围（经度 -180..180，纬度 -90..90）",
                             "coordinate out of range (lon -180..180, lat -90..90)");
    int opened = 0;
    int rc = reg_read_begin(db, &opened, err);
    if (rc == REG_OK)
        rc = propose_in_snapshot(db, street_id, lon, lat, out, err);
    reg_read_end(db, opened);
    return rc;
}
