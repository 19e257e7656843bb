/* reg_dp_json.c: a plate's JSON, written as text (reg_jw) and, for the
 * callers that build larger jansson answers, read back as a tree. */
#include <stdlib.h>

#include "reg_dp_internal.h"
#include "reg_jw.h"

#define DP_JSON_MAX ((size_t)64 * 1024) /* far above a plate's ~1.5 KB */

/* Writes "key": {code, name}, or null when code is "". */
static void code_name(reg_jw *w, const char *key, const char *code, const char *name)
{
    reg_jw_key(w, key);
    if (!code[0]) {
        reg_jw_null(w);
        return;
    }
    reg_jw_open(w, '{');
    reg_jw_kstr(w, "code", code);
    reg_jw_kstr(w, "name", name);
    reg_jw_close(w, '}');
}

/* Writes the address object of v. */
static void write_address(reg_jw *w, const reg_plate_view *v)
{
    reg_jw_open(w, '{');
    reg_jw_key(w, "active");
    reg_jw_bool(w, v->address_active);
    reg_jw_kstr(w, "full", v->full);
    reg_jw_kstr(w, "short", v->short_form);
    reg_jw_kstr(w, "roman", v->roman);
    reg_jw_kstr(w, "roman_full", v->roman_full);
    reg_jw_kstr(w, "province", v->province);
    reg_jw_kstr(w, "city", v->city);
    reg_jw_kstr(w, "county", v->county);
    code_name(w, "township", v->township_code, v->township);
    code_name(w, "village", v->village_code, v->village_short);
    reg_jw_key(w, "street");
    reg_jw_open(w, '{');
    reg_jw_kint(w, "id", v->street_id);
    reg_jw_kstr(w, "name", v->street);
    reg_jw_kstr(w, "pinyin", v->street_pinyin);
    reg_jw_kstr(w, "kind", v->axis_kind);
    reg_jw_close(w, '}');
    reg_jw_kstr(w, "number", v->number);
    reg_jw_kstr(w, "building", v->building);
    reg_jw_kstr(w, "entrance", v->entrance);
    reg_jw_kstr(w, "room", v->room);
    reg_jw_close(w, '}');
}

/* See reg_doorplates.h. */
void reg_plate_view_write(reg_jw *w, const reg_plate_view *v)
{
    if (!w || !v)
        return;
    reg_jw_kstr(w, "code", v->code);
    reg_jw_kstr(w, "kind", v->kind);
    reg_jw_kstr(w, "state", v->state);
    reg_jw_kstr(w, "state_date", v->state_date);
    reg_jw_key(w, "dates");
    reg_jw_open(w, '{');
    for (int i = 0; i < 6; i++) {
        reg_jw_key(w, reg_plate_state_name(i));
        reg_jw_str_or_null(w, v->dates[i]);
    }
    reg_jw_close(w, '}');
    reg_jw_key(w, "replaced_by");
    reg_jw_str_or_null(w, v->replaced_by);
    reg_jw_key(w, "replaces");
    reg_jw_str_or_null(w, v->replaces);
    reg_jw_key(w, "address");
    write_address(w, v);
    reg_jw_kstr(w, "plate_number", v->plate_line);
    reg_jw_key(w, "point");
    reg_jw_open(w, '{');
    reg_jw_kfixed(w, "lon", v->lon, 7);
    reg_jw_kfixed(w, "lat", v->lat, 7);
    reg_jw_kstr(w, "crs", "EPSG:4490");
    reg_jw_close(w, '}');
}

/* See reg_doorplates.h. */
json_t *reg_plate_view_json(const reg_plate_view *v)
{
    if (!v)
        return NULL;
    reg_jw w;
    reg_jw_init(&w, DP_JSON_MAX);
    reg_jw_open(&w, '{');
    reg_plate_view_write(&w, v);
    reg_jw_close(&w, '}');
    size_t len = 0;
    char *text = reg_jw_finish(&w, &len);
    json_t *j = text ? json_loadb(text, len, 0, NULL) : NULL;
    free(text);
    return j;
}
