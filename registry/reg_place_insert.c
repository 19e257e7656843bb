/*
 * reg_place_insert.c: writing a new place row from a prepared place.
 */
#include <stdio.h>
#include <string.h>

#include "reg_place_internal.h"

/* "" as NULL, so that an empty text clears a field. */
static const char *nz(const char *s)
{
    return s && *s ? s : NULL;
}

/* See reg_place_internal.h. */
int rp_bind_name(sqlite3_stmt *st, const rp_rules *r, const rp_prepared *p,
                 const char *override, int wkb_idx)
{
    const char *text[] = {p->nm.name,  p->nm.specific,  p->nm.generic_text, p->py.standard,
                          p->py.toned, p->py.syllables, nz(override),       r->cats[p->cat].code};
    for (int i = 0; i < 8; i++)
        if (reg_bind_text(st, i + 2, text[i]) != SQLITE_OK)
            return -1;
    if (p->wkb)
        return sqlite3_bind_blob64(st, wkb_idx, p->wkb, p->wkb_len, SQLITE_STATIC) != SQLITE_OK;
    return sqlite3_bind_null(st, wkb_idx) != SQLITE_OK;
}

/* See reg_place_internal.h. */
int rp_insert(reg_db *db, const rp_rules *r, const reg_place_input *in, const rp_prepared *p,
              const rp_new_row *nr, long long *id, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = rp_cached(db,
                       "INSERT INTO places (code, name, specific, generic, pinyin, pinyin_toned,"
                       " pinyin_syllables, pinyin_override, category, status, unit_code,"
                       " meaning, origin, history, description, location, sources, protected,"
                       " approved_by, approval_date, valid_from, created_at, updated_at, geom)"
                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
                       " ?15, ?16, ?17, ?18, ?19, ?20, ?21,"
                       " strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),"
                       " strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), GeomFromWKB(?22, 4490))",
                       &st, err);
    if (rc != REG_OK)
        return rc;
    const char *text[] = {nz(in->meaning), nz(in->origin),   nz(in->history),
                          nz(in->description), nz(in->location), nz(in->sources)};
    int bad = reg_bind_text(st, 1, nr->code) || rp_bind_name(st, r, p, in->pinyin_override, 22) ||
              reg_bind_text(st, 10, nr->status) ||
              reg_bind_text(st, 11, p->unit[0] ? p->unit : NULL) ||
              sqlite3_bind_int(st, 18, in->protected_flag == 1) ||
              reg_bind_text(st, 19, nr->approved_by) || reg_bind_text(st, 20, nr->approval_date) ||
              reg_bind_text(st, 21, nr->valid_from);
    for (int i = 0; i < 6 && !bad; i++)
        bad = reg_bind_text(st, 12 + i, text[i]) != SQLITE_OK;
    rc = bad ? reg_error_sqlite(db, err) : reg_step_done(db, st, err);
    sqlite3_reset(st);
    if (rc == REG_OK)
        *id = sqlite3_last_insert_rowid(db->sql);
    return rc;
}

/* See reg_place_internal.h. */
void rp_county_of(const rp_prepared *p, char county[7])
{
    snprintf(county, 7, "%.6s", p->nunits ? p->units[0] : "");
    size_t n = strlen(county);
    memset(county + n, '0', 6 - n);
    county[6] = '\0';
}

