/*
 * reg_place_register.c: registering existing standard names (imports):
 * a place in use with its dates, former names and aliases (N7), one write
 * each (a savepoint inside an import's transaction).  Re-registering the
 * same place changes nothing.
 */
#include <stdio.h>
#include <string.h>

#include "reg_place_internal.h"

/* An other name checked: split and romanised for the place's category. */
typedef struct other_name {
    rp_name nm;
    rp_pinyin py;
    int alias;
    char from[REG_DATE_BUF], to[REG_DATE_BUF]; /* "" when unknown / open */
} other_name;

/* Checks one other name (field "names"). */
static int check_other(const rp_rules *r, size_t cat, const reg_place_name_input *in,
                       other_name *o, reg_error *err)
{
    memset(o, 0, sizeof *o);
    if (!in->kind || (strcmp(in->kind, "former") != 0 && strcmp(in->kind, "alias") != 0))
        return reg_error_set(err, REG_EINVAL, "bad_name_kind", "names",
                             "其他名称的种类应为 former（曾用名）或 alias（别名）",
                             "another name is a former name or an alias");
    o->alias = strcmp(in->kind, "alias") == 0;
    int rc = rp_name_split(r, cat, in->name, NULL, NULL, &o->nm, err);
    if (rc == REG_OK)
        rc = rp_require_generic(&o->nm, err);
    if (rc == REG_OK)
        rc = rp_pinyin_make(r, &o->nm, cat, NULL, &o->py, err);
    if (rc == REG_OK && in->valid_from)
        rc = reg_date_field(in->valid_from, "names", o->from, err);
    if (rc == REG_OK && in->valid_to)
        rc = reg_date_field(in->valid_to, "names", o->to, err);
    if (rc == REG_OK && !o->alias && !o->to[0])
        rc = reg_error_set(err, REG_EINVAL, "former_needs_end", "names",
                           "曾用名须有停用日期", "a former name needs the date it ended");
    if (rc == REG_OK && o->from[0] && o->to[0] && strcmp(o->from, o->to) >= 0)
        rc = reg_error_set(err, REG_ERULE, "date_order", "names",
                           "启用日期应早于停用日期", "a name's start must be before its end");
    return rc;
}

/* Checks a code given by an import: 1-23 of [0-9A-Za-z-]. */
static int code_ok(const char *code)
{
    size_t n = strlen(code);
    return n > 0 && n < 24 &&
           strspn(code, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-") == n;
}

/* Finds the place the import already holds: by code when given (*clash 1
 * if that code has another name), else by name, category and location. */
static int find_existing(reg_db *db, const rp_rules *r, const char *code, const rp_prepared *p,
                         long long *id, int *clash, reg_error *err)
{
    sqlite3_stmt *st;
    *id = 0;
    *clash = 0;
    int rc = rp_cached(db,
                       code ? "SELECT id, name = ?2 AND category = ?3 FROM places WHERE code = ?1"
                              : "SELECT id, 1 FROM places WHERE name = ?2 AND category = ?3"
                                " AND status <> 'cancelled'"
                                " AND coalesce(AsBinary(geom), x'') = coalesce(?4, x'')"
                                " AND coalesce(unit_code, '') = coalesce(?5, '') LIMIT 1",
                       &st, err);
    if (rc != REG_OK)
        return rc;
    reg_bind_text(st, 1, code);
    reg_bind_text(st, 2, p->nm.name);
    reg_bind_text(st, 3, r->cats[p->cat].code);
    if (!code) {
        if (p->wkb)
            sqlite3_bind_blob64(st, 4, p->wkb, p->wkb_len, SQLITE_STATIC);
        reg_bind_text(st, 5, p->unit[0] ? p->unit : NULL);
    }
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        *clash = !sqlite3_column_int(st, 1);
    } else if (step != SQLITE_DONE) {
        rc = reg_error_sqlite(db, err);
    }
    sqlite3_reset(st);
    return rc;
}

/* Inserts the place's names: its standard name from valid_from, then the
 * other names. */
static int insert_names(reg_db *db, long long id, const rp_prepared *p, const char *valid_from,
                        const other_name *o, size_t n, reg_error *err)
{
    char idtext[24];
    snprintf(idtext, sizeof idtext, "%lld", id);
    static const char sql[] =
        "INSERT INTO place_names (place_id, kind, name, pinyin, pinyin_toned, pinyin_syllables,"
        " valid_from, valid_to) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
    const char *std[] = {idtext,         "standard",      p->nm.name, p->py.standard,
                         p->py.toned,    p->py.syllables, valid_from, NULL};
    int rc = rp_exec(db, sql, std, 8, err);
    for (size_t i = 0; rc == REG_OK && i < n; i++) {
        const char *args[] = {idtext,
                              o[i].alias ? "alias" : "standard",
                              o[i].nm.name,
                              o[i].py.standard,
                              o[i].py.toned,
                              o[i].py.syllables,
                              o[i].from[0] ? o[i].from : NULL,
                              o[i].to[0] ? o[i].to : NULL};
        rc = rp_exec(db, sql, args, 8, err);
    }
    return rc;
}

/* Dates and texts of an existing place, checked. */
typedef struct existing_dates {
    char valid_from[REG_DATE_BUF];
    char approval_date[REG_DATE_BUF];
} existing_dates;

/* Checks the code, dates and approving authority of in. */
static int check_existing(const reg_place_existing *in, existing_dates *d, reg_error *err)
{
    memset(d, 0, sizeof *d);
    int rc = REG_OK;
    if (in->code && !code_ok(in->code))
        rc = reg_error_set(err, REG_EINVAL, "bad_place_code", "code",
                           "地名代码应为1至23位数字、字母或连字符",
                           "a place-name code is 1-23 digits, letters or hyphens");
    if (rc == REG_OK && in->valid_from)
        rc = reg_date_field(in->valid_from, "valid_from", d->valid_from, err);
    if (rc == REG_OK && in->approval_date)
        rc = reg_date_field(in->approval_date, "approval_date", d->approval_date, err);
    if (rc == REG_OK && in->approved_by)
        rc = rp_text_check(in->approved_by, "approved_by", err);
    if (rc == REG_OK && (in->nnames > 16 || (in->nnames && !in->names)))
        rc = reg_error_set(err, REG_EINVAL, "too_many_names", "names",
                           "其他名称最多16个", "at most 16 other names");
    return rc;
}

/* Writes a new place in use with its names and event (inside the write). */
static int insert_existing(reg_db *db, const rp_rules *r, const char *actor,
                           const reg_place_existing *in, const rp_prepared *p,
                           const existing_dates *d, const other_name *o, long long *id,
                           reg_error *err)
{
    char code[24], county[7];
    const char *from = d->valid_from[0] ? d->valid_from
                       : d->approval_date[0] ? d->approval_date
                                             : NULL;
    int rc = REG_OK;
    if (in->code)
        snprintf(code, sizeof code, "%s", in->code);
    else {
        rp_county_of(p, county);
        rc = rp_code_assign(db, county, r->cats[p->cat].code, code, err);
    }
    rp_new_row nr = {code, "in_use", in->approved_by,
                     d->approval_date[0] ? d->approval_date : NULL, from};
    json_t *after = NULL, *detail = json_pack("{s:s}", "source", "import");
    if (rc == REG_OK)
        rc = rp_insert(db, r, &in->place, p, &nr, id, err);
    if (rc == REG_OK)
        rc = rp_units_store(db, *id, (char (*)[REG_CODE_MAX + 1])p->units, p->nunits,
                            p->unit_source, err);
    if (rc == REG_OK)
        rc = insert_names(db, *id, p, from, o, in->nnames, err);
    if (rc == REG_OK)
        rc = rp_snapshot(db, *id, &after, err);
    if (rc == REG_OK)
        rc = rp_event(db, actor, *id, "register", NULL, "in_use", NULL, detail, NULL, after, err);
    json_decref(after);
    json_decref(detail);
    return rc;
}

/* See reg_places.h.  Errors besides reg_place_create's: bad_place_code,
 * bad_name_kind, former_needs_end, too_many_names (400), date_order (422),
 * duplicate_code (409). */
int reg_place_register(reg_db *db, const char *actor, const reg_place_existing *in,
                       long long *id_out, char *outcome, reg_error *err)
{
    if (!db || !in || !id_out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    const rp_rules *r = rp_rules_get(err);
    if (!r)
        return REG_EIO;
    existing_dates d;
    other_name o[16];
    rp_prepared p;
    memset(&p, 0, sizeof p);
    int rc = reg_actor_check(actor, err);
    if (rc == REG_OK)
        rc = check_existing(in, &d, err);
    if (rc == REG_OK)
        rc = rp_prepare(db, r, &in->place, in->place.geometry, &p, err);
    if (rc == REG_OK)
        rc = rp_require_generic(&p.nm, err);
    if (rc == REG_OK && !p.unit_source)
        rc = reg_error_set(err, REG_EINVAL, "location_missing", "geometry",
                           "须给出几何位置或所在行政区划",
                           "give the place's geometry or the unit it lies in");
    for (size_t i = 0; rc == REG_OK && i < in->nnames; i++)
        rc = check_other(r, p.cat, &in->names[i], &o[i], err);
    reg_write w;
    if (rc == REG_OK && (rc = reg_write_begin(db, &w, err)) == REG_OK) {
        long long id = 0;
        int clash = 0;
        rc = find_existing(db, r, in->code, &p, &id, &clash, err);
        if (rc == REG_OK && clash)
            rc = reg_error_set(err, REG_ECONFLICT, "duplicate_code", "code",
                               "该地名代码已属于另一个地名",
                               "the place-name code belongs to another place");
        char result = id ? '=' : 'i';
        if (rc == REG_OK && !id)
            rc = insert_existing(db, r, actor, in, &p, &d, o, &id, err);
        if (rc == REG_OK && result == 'i')
            rc = rp_bump_revision(db, err);
        rc = reg_write_end(db, &w, rc, err);
        if (rc == REG_OK) {
            *id_out = id;
            if (outcome)
                *outcome = result;
        }
    }
    rp_prepared_free(&p);
    return rc;
}
