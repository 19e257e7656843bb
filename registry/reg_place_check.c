/*
 * reg_place_check.c: every rule finding for a candidate name, as staff
 * type it (GET /api/v1/places/check), writing nothing.
 */
#include <stdio.h>
#include <string.h>

#include "reg_place_internal.h"

/* The N3 scope that applies: {rule, applied}. */
static json_t *scope_json(const rp_rules *r, const rp_prepared *p)
{
    static const char *const rules[] = {"registry", "county", "builtup"};
    rp_scope scope = r->cats[p->cat].n3_scope;
    char applied[64];
    if (scope == RP_SCOPE_REGISTRY || p->nunits == 0)
        snprintf(applied, sizeof applied, "registry");
    else if (scope == RP_SCOPE_COUNTY)
        snprintf(applied, sizeof applied, "county %.6s", p->units[0]);
    else
        snprintf(applied, sizeof applied, "township %.9s", p->units[0]);
    return json_pack("{s:s, s:s, s:s}", "rule", rules[scope], "applied", applied, "group",
                     r->cats[p->cat].n3_group);
}

/* The candidate's description: name, parts, romanisation, category. */
static json_t *candidate_json(const rp_rules *r, const rp_prepared *p)
{
    const rp_category *c = &r->cats[p->cat];
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s}, s:o}", "name", p->nm.name,
                     "specific", p->nm.specific, "generic", p->nm.generic_text, "pinyin",
                     p->py.standard, "pinyin_toned", p->py.toned, "category", "code", c->code,
                     "class", c->class_name, "subclass", c->subclass, "scope",
                     scope_json(r, p));
}

/* See reg_places.h.  Errors: the input's (unknown_category, name_*,
 * specific_empty, generic_not_suffix, pinyin_override_invalid, bad_code,
 * unit_unknown); rule findings are not errors of the call. */
int reg_place_check(reg_db *db, const reg_place_candidate *c, json_t **out, reg_error *err)
{
    if (!db || !c || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    *out = NULL;
    const rp_rules *r = rp_rules_get(err);
    if (!r)
        return REG_EIO;
    reg_place_input in = {.name = c->name, .generic = c->generic, .category = c->category,
                          .unit = c->unit, .pinyin_override = c->pinyin_override,
                          .protected_flag = -1};
    rp_prepared p;
    rp_subject s;
    json_t *findings = NULL, *o = NULL;
    int opened = 0;
    int rc = reg_read_begin(db, &opened, err);
    if (rc == REG_OK)
        rc = rp_prepare(db, r, &in, NULL, &p, err);
    else
        memset(&p, 0, sizeof p);
    if (rc == REG_OK) {
        rp_subject_of(r, &p, c->exclude_id, &s);
        rc = reg_name_rules_all(db, &s, &findings, err);
    }
    reg_read_end(db, opened);
    if (rc == REG_OK && (!(o = candidate_json(r, &p)) || json_object_update(o, findings)))
        rc = reg_error_nomem(err);
    json_decref(findings);
    rp_prepared_free(&p);
    if (rc != REG_OK) {
        json_decref(o);
        return rc;
    }
    *out = o;
    return REG_OK;
}
