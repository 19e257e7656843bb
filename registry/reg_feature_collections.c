/*
 * reg_feature_collections.c: the descriptors of the feature collections
 * the OGC API serves and `diming export` writes, and their checks.
 *
 * To publish a new kind, add a `static const reg_prop` array and a
 * `static const reg_collection` below and list it in builtin[]; the OGC
 * routes, the OpenAPI document, the HTML pages and every export format
 * follow from the descriptor (docs/ARCHITECTURE.md, "Feature collections").
 */
#include <stdio.h>
#include <string.h>

#include "reg_internal.h"

/* Administrative units (GB/T 2260): every unit, current or retired, with
 * its polygon when one is registered (township level today). */
static const reg_prop units_props[] = {
    {"code", REG_PROP_TEXT, "区划代码"},
    {"name", REG_PROP_TEXT, "名称"},
    {"level", REG_PROP_TEXT, "级别"},
    {"parent_code", REG_PROP_TEXT, "上级代码"},
    {"valid_from", REG_PROP_DATE, "启用日期"},
    {"valid_to", REG_PROP_DATE, "停用日期"},
};

static const reg_collection units_collection = {
    .id = "units",
    .title_zh = "行政区划",
    .title_en = "Administrative units",
    .table = "units",
    .id_column = "code",
    .geom_column = "geom",
    .geom_type = REG_GEOM_POLYGON,
    .index_table = NULL,
    .index_rowid = NULL,
    .props = units_props,
    .nprops = sizeof units_props / sizeof units_props[0],
    .time_start = "valid_from",
    .time_end = "valid_to",
    .unit_column = "code",
};

/* Place names (GB/T 18521): every place in the register, whatever its
 * status, with its point, line or polygon (mixed, so no shapefile).  The
 * properties are the fields `diming places import` reads back. */
static const reg_prop places_props[] = {
    {"code", REG_PROP_TEXT, "地名代码"},
    {"name", REG_PROP_TEXT, "标准名称"},
    {"specific", REG_PROP_TEXT, "专名"},
    {"generic", REG_PROP_TEXT, "通名"},
    {"category", REG_PROP_TEXT, "类别代码"},
    {"unit", REG_PROP_TEXT, "所在区划"},
    {"approved_by", REG_PROP_TEXT, "批准机关"},
    {"approval_date", REG_PROP_DATE, "批准日期"},
    {"valid_from", REG_PROP_DATE, "启用日期"},
    {"meaning", REG_PROP_TEXT, "含义"},
    {"origin", REG_PROP_TEXT, "由来"},
    {"location", REG_PROP_TEXT, "位置描述"},
};

static const reg_collection places_collection = {
    .id = "places",
    .title_zh = "地名",
    .title_en = "Place names",
    .table = "place_features",
    .id_column = "code",
    .geom_column = "geom",
    .geom_type = REG_GEOM_ANY,
    .index_table = "places",
    .index_rowid = "place_rowid",
    .props = places_props,
    .nprops = sizeof places_props / sizeof places_props[0],
    .time_start = "valid_from",
    .time_end = "valid_to",
    .unit_column = "unit",
};

/* Streets (category 0801 街路巷) with their lines and numbering rules. */
static const reg_prop streets_props[] = {
    {"code", REG_PROP_TEXT, "地名代码"},
    {"name", REG_PROP_TEXT, "名称"},
    {"kind", REG_PROP_TEXT, "类型"},
    {"unit_code", REG_PROP_TEXT, "所在区划"},
    {"status", REG_PROP_TEXT, "状态"},
    {"odd_side", REG_PROP_TEXT, "单号侧"},
    {"direction", REG_PROP_TEXT, "编号方向"},
    {"spacing_m", REG_PROP_REAL, "门牌间距"},
    {"valid_from", REG_PROP_DATE, "启用日期"},
    {"valid_to", REG_PROP_DATE, "停用日期"},
};

static const reg_collection streets_collection = {
    .id = "streets",
    .title_zh = "街路巷",
    .title_en = "Streets",
    .table = "street_features",
    .id_column = "code",
    .geom_column = "geom",
    .geom_type = REG_GEOM_LINE,
    .index_table = "places",
    .index_rowid = "place_rowid",
    .props = streets_props,
    .nprops = sizeof streets_props / sizeof streets_props[0],
    .time_start = "valid_from",
    .time_end = "valid_to",
    .unit_column = "unit_code",
};

/* Doorplates: one point a plate, retired ones included, with the full
 * standard address and the columns `diming import doorplates` reads. */
static const reg_prop doorplates_props[] = {
    {"code", REG_PROP_TEXT, "门牌编码"},
    {"address", REG_PROP_TEXT, "标准地址"},
    {"kind", REG_PROP_TEXT, "门牌类型"},
    {"street", REG_PROP_TEXT, "街路巷"},
    {"street_unit", REG_PROP_TEXT, "街路巷区划"},
    {"number", REG_PROP_TEXT, "门牌号"},
    {"building", REG_PROP_TEXT, "楼号"},
    {"entrance", REG_PROP_TEXT, "单元"},
    {"room", REG_PROP_TEXT, "户室"},
    {"unit_code", REG_PROP_TEXT, "所在区划"},
    {"state", REG_PROP_TEXT, "状态"},
    {"state_date", REG_PROP_DATE, "状态日期"},
};

static const reg_collection doorplates_collection = {
    .id = "doorplates",
    .title_zh = "门牌",
    .title_en = "Doorplates",
    .table = "doorplate_features",
    .id_column = "code",
    .geom_column = "geom",
    .geom_type = REG_GEOM_POINT,
    .index_table = "addresses",
    .index_rowid = "address_rowid",
    .props = doorplates_props,
    .nprops = sizeof doorplates_props / sizeof doorplates_props[0],
    .time_start = "valid_from",
    .time_end = "valid_to",
    .unit_column = "unit_code",
};

/* Administrative boundary lines (界线): the line between two units, with
 * its agreement and the date of the last joint inspection (its time). */
static const reg_prop boundary_lines_props[] = {
    {"number", REG_PROP_TEXT, "界线编号"},
    {"level", REG_PROP_TEXT, "界线级别"},
    {"left_code", REG_PROP_TEXT, "左侧区划代码"},
    {"left_name", REG_PROP_TEXT, "左侧区划名称"},
    {"right_code", REG_PROP_TEXT, "右侧区划代码"},
    {"right_name", REG_PROP_TEXT, "右侧区划名称"},
    {"agreement", REG_PROP_TEXT, "协议书"},
    {"description", REG_PROP_TEXT, "走向说明"},
    {"last_joint_check", REG_PROP_DATE, "最近联检日期"},
};

static const reg_collection boundary_lines_collection = {
    .id = "boundary-lines",
    .title_zh = "行政区域界线",
    .title_en = "Boundary lines",
    .table = "boundary_lines",
    .id_column = "number",
    .geom_column = "geom",
    .geom_type = REG_GEOM_LINE,
    .index_table = NULL,
    .index_rowid = NULL,
    .props = boundary_lines_props,
    .nprops = sizeof boundary_lines_props / sizeof boundary_lines_props[0],
    .time_start = "last_joint_check",
    .time_end = NULL,
    .unit_column = NULL,
};

/* Boundary markers (界桩) with their line, condition and reference
 * objects (the columns `diming import markers` reads). */
static const reg_prop markers_props[] = {
    {"id", REG_PROP_TEXT, "界桩编号"},
    {"line", REG_PROP_TEXT, "界线编号"},
    {"seq", REG_PROP_INTEGER, "序号"},
    {"type", REG_PROP_TEXT, "类型"},
    {"material", REG_PROP_TEXT, "材质"},
    {"year_set", REG_PROP_INTEGER, "埋设年份"},
    {"condition", REG_PROP_TEXT, "状况"},
    {"refs", REG_PROP_TEXT, "方位物"},
};

static const reg_collection markers_collection = {
    .id = "markers",
    .title_zh = "界桩",
    .title_en = "Boundary markers",
    .table = "marker_features",
    .id_column = "id",
    .geom_column = "geom",
    .geom_type = REG_GEOM_POINT,
    .index_table = "markers",
    .index_rowid = "marker_rowid",
    .props = markers_props,
    .nprops = sizeof markers_props / sizeof markers_props[0],
    .time_start = NULL,
    .time_end = NULL,
    .unit_column = NULL,
};

static const reg_collection *const builtin[] = {
    &units_collection,
    &places_collection,
    &streets_collection,
    &doorplates_collection,
    &boundary_lines_collection,
    &markers_collection,
};

/* See registry.h. */
const reg_collection *const *reg_collections(size_t *n)
{
    if (n)
        *n = sizeof builtin / sizeof builtin[0];
    return builtin;
}

/* See registry.h.  NULL list or id finds nothing. */
const reg_collection *reg_collection_find(const reg_collection *const *list, size_t n,
                                          const char *id)
{
    if (!list || !id)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (list[i] && strcmp(list[i]->id, id) == 0)
            return list[i];
    return NULL;
}

/* See registry.h. */
int reg_collection_prop(const reg_collection *c, const char *name)
{
    if (!c || !name)
        return -1;
    for (size_t i = 0; i < c->nprops; i++)
        if (strcmp(c->props[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* 1 if s is a plain SQL name: [A-Za-z_][A-Za-z0-9_]*, 1-63 bytes. */
static int plain_name(const char *s)
{
    size_t n = 0;
    if (!s)
        return 0;
    for (; s[n]; n++) {
        char ch = s[n];
        int alpha = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
        if (n >= 63 || !(alpha || (n > 0 && ch >= '0' && ch <= '9')))
            return 0;
    }
    return n > 0;
}

/* 1 if s is NULL or a plain name. */
static int optional_name(const char *s)
{
    return !s || plain_name(s);
}

/* REG_EINVAL "bad_descriptor" naming collection id and what is wrong. */
static int bad_descriptor(const reg_collection *c, const char *what, reg_error *err)
{
    char detail[160];
    snprintf(detail, sizeof detail, "%s: %s", c->id ? c->id : "?", what);
    return reg_error_detail(err, REG_EINVAL, "bad_descriptor", "", "要素集合描述无效",
                            "bad collection descriptor", detail);
}

/* See registry.h.  The collection id doubles as a URL segment and a CLI
 * word, so it is a plain name too (hyphens allowed: "boundary-lines").
 * Properties are query parameters of the OGC items route: none may be
 * called like one of its own parameters. */
int reg_collection_check(const reg_collection *c, reg_error *err)
{
    if (!c || !c->id)
        return reg_error_set(err, REG_EINVAL, "bad_descriptor", "", "要素集合描述无效",
                             "bad collection descriptor: no id");
    char id[64];
    size_t n = strlen(c->id);
    if (n == 0 || n >= sizeof id)
        return bad_descriptor(c, "id length", err);
    for (size_t i = 0; i <= n; i++)
        id[i] = c->id[i] == '-' ? '_' : c->id[i];
    if (!plain_name(id) || !c->title_zh || !c->title_en)
        return bad_descriptor(c, "id or titles", err);
    if (!plain_name(c->table) || !plain_name(c->id_column) || !plain_name(c->geom_column) ||
        !optional_name(c->index_table) || !optional_name(c->index_rowid) ||
        !optional_name(c->time_start) || !optional_name(c->time_end) ||
        !optional_name(c->unit_column))
        return bad_descriptor(c, "a table or column name is not a plain name", err);
    if (c->geom_type > REG_GEOM_ANY)
        return bad_descriptor(c, "geometry type", err);
    if (!c->props || c->nprops == 0 || c->nprops > REG_FEATURE_PROPS_MAX)
        return bad_descriptor(c, "number of properties", err);
    static const char *const reserved[] = {"f", "bbox", "crs", "limit", "offset", "datetime"};
    for (size_t i = 0; i < c->nprops; i++) {
        if (!plain_name(c->props[i].name) || c->props[i].type > REG_PROP_DATE ||
            !c->props[i].title_zh)
            return bad_descriptor(c, "a property", err);
        for (size_t k = 0; k < sizeof reserved / sizeof reserved[0]; k++)
            if (strcmp(c->props[i].name, reserved[k]) == 0)
                return bad_descriptor(c, "a property named like an OGC query parameter", err);
        for (size_t j = 0; j < i; j++)
            if (strcmp(c->props[i].name, c->props[j].name) == 0)
                return bad_descriptor(c, "a property listed twice", err);
    }
    if (reg_collection_prop(c, c->id_column) < 0)
        return bad_descriptor(c, "the id column is not a property", err);
    if (c->time_end && !c->time_start)
        return bad_descriptor(c, "time_end without time_start", err);
    return REG_OK;
}
