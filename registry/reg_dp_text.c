/*
 * reg_dp_text.c: standard address strings, derived from the register
 * every time they are read (so that renaming a street or a unit changes
 * every address on it): the full chain 省 市 县 乡镇 村或社区 街路巷 门牌号
 * 楼 单元 户室, the short form from the street down, the romanised form
 * (N9: the street's standard pinyin from the place register, numbers and
 * the generics 号, 号楼, 单元, 室 in pinyin), and the number a plate shows.
 */
#include <stdio.h>
#include <string.h>

#include "reg_dp_internal.h"

/* 1 if s ends with suffix. */
static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* 1 if s is printable ASCII without spaces (fit for the romanised form). */
static int ascii_label(const char *s)
{
    for (; *s; s++)
        if (*s <= ' ' || *s > '~')
            return 0;
    return 1;
}

/* See reg_dp_internal.h. */
int reg_dp_label(const char *in, const char *field, char *out, reg_error *err)
{
    /* Letters, digits and '-' (most labels: 3, 12-1, A, 301) are their
     * own NFKC form with nothing to trim: no ICU call. */
    size_t plain = 0;
    while (in && plain < REG_LABEL_MAX_CHARS &&
           ((in[plain] >= '0' && in[plain] <= '9') || (in[plain] >= 'A' && in[plain] <= 'Z') ||
            (in[plain] >= 'a' && in[plain] <= 'z') || in[plain] == '-'))
        plain++;
    if (in && plain > 0 && !in[plain]) {
        memcpy(out, in, plain + 1);
        return REG_OK;
    }
    char norm[REG_NAME_BUF];
    int rc = reg_name_normalize(in, field, norm, sizeof norm, err);
    if (rc != REG_OK)
        return rc;
    size_t chars = 0;
    for (const char *p = norm; *p; p++)
        chars += ((unsigned char)*p & 0xC0) != 0x80;
    if (chars > REG_LABEL_MAX_CHARS || strlen(norm) >= REG_LABEL_BUF)
        return reg_error_set(err, REG_EINVAL, "label_too_long", field,
                             "楼栋、单元和户室号不能超过 16 个字",
                             "building, entrance and room labels have at most 16 characters");
    strcpy(out, norm);
    return REG_OK;
}

/* See reg_dp_internal.h. */
void reg_dp_village_short(const char *name, char *out, size_t outlen)
{
    static const char *const suffix[][2] = {
        {"社区居民委员会", "社区"}, {"居民委员会", "社区"}, {"村民委员会", "村"}};
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++)
        if (ends_with(name, suffix[i][0])) {
            snprintf(out, outlen, "%.*s%s", (int)(strlen(name) - strlen(suffix[i][0])), name,
                     suffix[i][1]);
            return;
        }
    snprintf(out, outlen, "%s", name);
}

/* Appends label with its generic unless the label already ends with one
 * of the generics listed (NULL-terminated; the first is the one added). */
static void append_label(char *out, size_t outlen, const char *label,
                         const char *const *generics)
{
    if (!label[0])
        return;
    size_t n = strlen(out);
    int has = 0;
    for (const char *const *g = generics; *g; g++)
        has |= ends_with(label, *g);
    snprintf(out + n, outlen - n, "%s%s", label, has ? "" : generics[0]);
}

static const char *const building_generics[] = {"号楼", "栋", "幢", "座", "楼", NULL};
static const char *const entrance_generics[] = {"单元", NULL};
static const char *const room_generics[] = {"室", "户", NULL};

/* The part from the street down: 会师南路12号3号楼2单元301室. */
static void below_street(const reg_plate_view *v, char *out, size_t outlen)
{
    snprintf(out, outlen, "%s%s号", v->street, v->number);
    append_label(out, outlen, v->building, building_generics);
    append_label(out, outlen, v->entrance, entrance_generics);
    append_label(out, outlen, v->room, room_generics);
}

/* Appends " LABEL GENERIC" to the romanised form when the label is ASCII. */
static void append_roman(char *out, size_t outlen, const char *label, const char *generic)
{
    size_t n = strlen(out);
    if (n && label[0] && ascii_label(label))
        snprintf(out + n, outlen - n, " %s %s", label, generic);
}

/* Appends ", PART" to out when part is not "". */
static void append_part(char *out, size_t outlen, const char *part)
{
    size_t n = strlen(out);
    if (part[0] && n < outlen)
        snprintf(out + n, outlen - n, "%s%s", n ? ", " : "", part);
}

/* Sets v->roman_full: the romanised address from the street down, then
 * the village, township, county, city and province (small to large, as
 * an address is written in Latin letters), parts that cannot be
 * romanised left out. */
static void compose_roman_full(reg_plate_view *v, const reg_dp_chain *chain)
{
    snprintf(v->roman_full, sizeof v->roman_full, "%s", v->roman);
    if (!chain)
        return;
    append_part(v->roman_full, sizeof v->roman_full, chain->village_roman);
    for (int k = 0; k < 4; k++)
        append_part(v->roman_full, sizeof v->roman_full, chain->roman[k]);
}

/* See reg_dp_internal.h. */
void reg_dp_compose(reg_plate_view *v, const reg_dp_chain *chain)
{
    char below[sizeof v->short_form];
    reg_dp_village_short(v->village, v->village_short, sizeof v->village_short);
    below_street(v, below, sizeof below);
    snprintf(v->full, sizeof v->full, "%s%s%s%s%s%s", v->province, v->city, v->county,
             v->township, v->village_short, below);
    snprintf(v->short_form, sizeof v->short_form, "%s", below);
    if (v->street_pinyin[0])
        snprintf(v->roman, sizeof v->roman, "%s %s Hao", v->street_pinyin, v->number);
    else
        v->roman[0] = '\0';
    append_roman(v->roman, sizeof v->roman, v->building, "Haolou");
    append_roman(v->roman, sizeof v->roman, v->entrance, "Danyuan");
    append_roman(v->roman, sizeof v->roman, v->room, "Shi");
    compose_roman_full(v, chain);
    const char *line = strcmp(v->kind, "room") == 0       ? v->room
                       : strcmp(v->kind, "unit") == 0     ? v->entrance
                       : strcmp(v->kind, "building") == 0 ? v->building
                                                          : v->number;
    snprintf(v->plate_line, sizeof v->plate_line, "%s", line);
}
