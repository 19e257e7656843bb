/*
 * reg_bound_vocab.c: the words of boundary work - marker conditions (B3),
 * actions taken (B4), line numbers and marker ids (B5).
 */
#include <string.h>

#include "reg_bound_internal.h"

static const char *const cond_en[REG_COND_COUNT] = {
    "intact", "faded", "damaged", "displaced", "lost", "refs_incomplete",
};
static const char *const cond_zh[REG_COND_COUNT] = {
    "完好", "字迹模糊", "损坏", "移位", "丢失", "方位物不齐",
};
static const char *const action_en[REG_ACTION_COUNT] = {
    "none", "repainted", "repaired", "replaced", "reset",
};
static const char *const action_zh[REG_ACTION_COUNT] = {
    "无", "重新描字", "维修", "更换", "复位",
};

/* See reg_boundaries.h. */
const char *reg_condition_name(reg_condition c)
{
    return (int)c >= 0 && c < REG_COND_COUNT ? cond_en[c] : NULL;
}

/* See reg_boundaries.h. */
const char *reg_condition_zh(reg_condition c)
{
    return (int)c >= 0 && c < REG_COND_COUNT ? cond_zh[c] : NULL;
}

/* Finds text among the n English words and Chinese terms; the index or -1. */
static int vocab_find(const char *text, const char *const *en, const char *const *zh, int n)
{
    if (!text)
        return -1;
    for (int i = 0; i < n; i++)
        if (strcmp(text, en[i]) == 0 || strcmp(text, zh[i]) == 0)
            return i;
    return -1;
}

/* See reg_boundaries.h. */
int reg_condition_parse(const char *text, reg_condition *out)
{
    int i = vocab_find(text, cond_en, cond_zh, REG_COND_COUNT);
    if (i < 0 || !out)
        return REG_EINVAL;
    *out = (reg_condition)i;
    return REG_OK;
}

/* See reg_boundaries.h. */
const char *reg_action_name(reg_action a)
{
    return (int)a >= 0 && a < REG_ACTION_COUNT ? action_en[a] : NULL;
}

/* See reg_boundaries.h. */
const char *reg_action_zh(reg_action a)
{
    return (int)a >= 0 && a < REG_ACTION_COUNT ? action_zh[a] : NULL;
}

/* See reg_boundaries.h. */
int reg_action_parse(const char *text, reg_action *out)
{
    int i = vocab_find(text, action_en, action_zh, REG_ACTION_COUNT);
    if (i < 0 || !out)
        return REG_EINVAL;
    *out = (reg_action)i;
    return REG_OK;
}

/* See reg_boundaries.h. */
int reg_action_needs_parties(reg_action a)
{
    return a == REG_ACTION_REPAIRED || a == REG_ACTION_REPLACED || a == REG_ACTION_RESET;
}

/* 1 if c may stand in a line number. */
static int number_char(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           c == '-';
}

/* See reg_bound_internal.h. */
int reg_line_number_check(const char *number, reg_error *err)
{
    size_t n = number ? strlen(number) : 0;
    int ok = n >= 1 && n <= REG_LINE_NUMBER_MAX;
    for (size_t i = 0; ok && i < n; i++)
        ok = number_char(number[i]);
    if (!ok)
        return reg_error_set(err, REG_EINVAL, "line_number_invalid", "number",
                             "界线编号应为1至24个字母、数字或连字符",
                             "a line number is 1-24 characters of A-Z a-z 0-9 -");
    return REG_OK;
}

/* See reg_bound_internal.h.  The id is the line number, then three digits
 * 001-999, then the type: Q single, A/B a pair, C/D/E a triple (B5). */
int reg_marker_id_parse(const char *id, char *number, int *seq, char *type, reg_error *err)
{
    size_t n = id ? strlen(id) : 0;
    const char *t = n >= 5 ? strchr("QABCDE", id[n - 1]) : NULL;
    int ok = t && n - 4 <= REG_LINE_NUMBER_MAX;
    int s = 0;
    for (size_t i = n - 4; ok && i < n - 1; i++) {
        ok = id[i] >= '0' && id[i] <= '9';
        s = s * 10 + (id[i] - '0');
    }
    if (ok && s >= 1) {
        memcpy(number, id, n - 4);
        number[n - 4] = '\0';
        if (reg_line_number_check(number, NULL) == REG_OK) {
            *seq = s;
            *type = id[n - 1];
            return REG_OK;
        }
    }
    return reg_error_set(err, REG_EINVAL, "marker_id_invalid", "id",
                         "界桩编号应为界线编号加三位序号(001-999)加类型(Q、A-E)",
                         "a marker id is the line number, a three-digit sequence 001-999 and "
                         "a type Q, A, B, C, D or E (B5)");
}
