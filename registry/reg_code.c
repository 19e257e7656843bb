/*
 * reg_code.c: levels and the division-code rules of DOMAIN.md ("Division
 * codes", GB/T 2260 and the statistical division codes).  Pure: no
 * database.
 *
 *   level        digits  suffix (the digits after the parent's code)
 *   province     2       01-99
 *   city         4       01-99
 *   county       6       01-99
 *   town 镇       9       100-199
 *   township 乡   9       200-399
 *   subdistrict  9       001-099   街道
 *   community    12      001-199   居委会
 *   village      12      200-399   村委会
 *
 * A code starts with its parent's code; the parent is of the level
 * directly above (a town-level unit's parent is a county, a village-level
 * unit's a town, township or subdistrict); a province has no parent.
 */
#include <stdio.h>
#include <string.h>

#include "reg_internal.h"

typedef struct level_rule {
    const char *name;
    const char *zh;
    size_t len;   /* digits of the code */
    int min, max; /* range of the suffix after the parent's digits */
} level_rule;

static const level_rule rules[REG_LEVEL_COUNT] = {
    [REG_LEVEL_PROVINCE] = {"province", "省", 2, 1, 99},
    [REG_LEVEL_CITY] = {"city", "市", 4, 1, 99},
    [REG_LEVEL_COUNTY] = {"county", "县", 6, 1, 99},
    [REG_LEVEL_TOWN] = {"town", "镇", 9, 100, 199},
    [REG_LEVEL_TOWNSHIP] = {"township", "乡", 9, 200, 399},
    [REG_LEVEL_SUBDISTRICT] = {"subdistrict", "街道", 9, 1, 99},
    [REG_LEVEL_COMMUNITY] = {"community", "社区居委会", 12, 1, 199},
    [REG_LEVEL_VILLAGE] = {"village", "村委会", 12, 200, 399},
};

/* See registry.h. */
const char *reg_level_name(reg_level level)
{
    if ((int)level < 0 || level >= REG_LEVEL_COUNT)
        return NULL;
    return rules[level].name;
}

/* See registry.h.  REG_OK and *out, or REG_EINVAL for an unknown name. */
int reg_level_parse(const char *text, reg_level *out)
{
    if (!text || !out)
        return REG_EINVAL;
    for (int i = 0; i < REG_LEVEL_COUNT; i++)
        if (strcmp(text, rules[i].name) == 0) {
            *out = (reg_level)i;
            return REG_OK;
        }
    return REG_EINVAL;
}

/* See reg_internal.h. */
int reg_level_parent_ok(reg_level child, reg_level parent)
{
    switch (child) {
    case REG_LEVEL_CITY:
        return parent == REG_LEVEL_PROVINCE;
    case REG_LEVEL_COUNTY:
        return parent == REG_LEVEL_CITY;
    case REG_LEVEL_TOWN:
    case REG_LEVEL_TOWNSHIP:
    case REG_LEVEL_SUBDISTRICT:
        return parent == REG_LEVEL_COUNTY;
    case REG_LEVEL_COMMUNITY:
    case REG_LEVEL_VILLAGE:
        return parent == REG_LEVEL_TOWN || parent == REG_LEVEL_TOWNSHIP ||
               parent == REG_LEVEL_SUBDISTRICT;
    default:
        return 0;
    }
}

/* See reg_internal.h. */
int reg_level_filter_parse(const char *text, unsigned *mask, reg_error *err)
{
    reg_level level;
    if (text && strcmp(text, "township_level") == 0)
        *mask = 1u << REG_LEVEL_TOWN | 1u << REG_LEVEL_TOWNSHIP | 1u << REG_LEVEL_SUBDISTRICT;
    else if (text && strcmp(text, "village_level") == 0)
        *mask = 1u << REG_LEVEL_COMMUNITY | 1u << REG_LEVEL_VILLAGE;
    else if (reg_level_parse(text, &level) == REG_OK)
        *mask = 1u << level;
    else
        return reg_error_set(err, REG_EINVAL, "bad_level", "level", "级别无效",
                             "unknown level (province, city, county, town, township, "
                             "subdistrict, community, village, township_level, village_level)");
    return REG_OK;
}

/* 1 if s is non-empty ASCII digits only. */
static int all_digits(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

/* The value of the len digits at s. */
static int digits_value(const char *s, size_t len)
{
    int v = 0;
    for (size_t i = 0; i < len; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

/* Checks the code's own form: present, digits only, a length of one of
 * the levels, the length of its level, and the suffix range. */
static int check_code_form(const char *code, reg_level level, reg_error *err)
{
    if (!code || !*code)
        return reg_error_set(err, REG_EINVAL, "code_missing", "code", "缺少区划代码",
                             "the division code is missing");
    if (!all_digits(code))
        return reg_error_set(err, REG_EINVAL, "code_not_digits", "code",
                             "区划代码只能由数字组成", "the division code must be digits only");
    size_t len = strlen(code);
    if (len != 2 && len != 4 && len != 6 && len != 9 && len != 12)
        return reg_error_set(err, REG_EINVAL, "code_length", "code",
                             "区划代码应为2、4、6、9或12位",
                             "the division code must have 2, 4, 6, 9 or 12 digits");
    const level_rule *r = &rules[level];
    if (len != r->len) {
        char zh[128], en[128];
        snprintf(zh, sizeof zh, "%s的区划代码应为%zu位", r->zh, r->len);
        snprintf(en, sizeof en, "a %s code has %zu digits", r->name, r->len);
        return reg_error_set(err, REG_ERULE, "code_length_level", "code", zh, en);
    }
    size_t suffix_len = len <= 6 ? 2 : 3;
    int suffix = digits_value(code + len - suffix_len, suffix_len);
    if (suffix < r->min || suffix > r->max) {
        char zh[160], en[160];
        snprintf(zh, sizeof zh, "%s的区划代码末%zu位应在%0*d至%0*d之间", r->zh, suffix_len,
                 (int)suffix_len, r->min, (int)suffix_len, r->max);
        snprintf(en, sizeof en, "the last %zu digits of a %s code must be %0*d-%0*d",
                 suffix_len, r->name, (int)suffix_len, r->min, (int)suffix_len, r->max);
        return reg_error_set(err, REG_ERULE, "code_suffix_range", "code", zh, en);
    }
    return REG_OK;
}

/* See reg_internal.h.  Order: the code's form, then the parent. */
int reg_code_check(const char *code, reg_level level, const char *parent, reg_error *err)
{
    if (!reg_level_name(level))
        return reg_error_set(err, REG_EINVAL, "bad_level", "level", "级别无效", "unknown level");
    int rc = check_code_form(code, level, err);
    if (rc != REG_OK)
        return rc;
    int has_parent = parent && *parent;
    if (level == REG_LEVEL_PROVINCE)
        return has_parent ? reg_error_set(err, REG_ERULE, "parent_not_allowed", "parent_code",
                                          "省级单位没有上级", "a province has no parent")
                          : REG_OK;
    if (!has_parent)
        return reg_error_set(err, REG_EINVAL, "parent_required", "parent_code",
                             "缺少上级区划代码", "the parent code is missing");
    if (!all_digits(parent))
        return reg_error_set(err, REG_EINVAL, "code_not_digits", "parent_code",
                             "上级区划代码只能由数字组成", "the parent code must be digits only");
    size_t want = rules[level].len <= 6 ? rules[level].len - 2 : rules[level].len - 3;
    if (strlen(parent) != want)
        return reg_error_set(err, REG_ERULE, "parent_level", "parent_code",
                             "上级单位不是上一级区划", "the parent is not of the level directly above");
    if (strncmp(code, parent, want) != 0)
        return reg_error_set(err, REG_ERULE, "code_prefix_mismatch", "code",
                             "区划代码应以上级区划代码开头",
                             "the division code must start with the parent's code");
    return REG_OK;
}
