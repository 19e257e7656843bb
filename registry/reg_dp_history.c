/*
 * reg_dp_history.c: the former forms of an address.  Addresses are
 * composed from the register when read, so renaming a street changes
 * every address on it at once; the place register keeps the street's
 * former standard names with the dates they were in force (N7), and the
 * address's old forms are composed from those.
 */
#include <stdlib.h>
#include <string.h>

#include "reg_dp_internal.h"

/* See reg_doorplates.h. */
int reg_plate_former_forms(reg_db *db, const reg_plate_view *v, json_t **out, reg_error *err)
{
    if (!db || !v || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    *out = NULL;
    sqlite3_stmt *st;
    int rc = reg_prepare(db,
                         "SELECT name, pinyin, valid_from, valid_to FROM place_names"
                         " WHERE place_id = ?1 AND kind = 'standard' AND valid_to IS NOT NULL"
                         " AND name <> ?2 ORDER BY valid_to, id",
                         &st, err);
    if (rc != REG_OK)
        return rc;
    sqlite3_bind_int64(st, 1, v->street_id);
    reg_bind_text(st, 2, v->street);
    json_t *list = json_array();
    reg_plate_view *old = list ? malloc(sizeof *old) : NULL;
    if (!old)
        rc = reg_error_nomem(err);
    const reg_dp_chain *chain = NULL;
    if (rc == REG_OK)
        rc = reg_dp_chain_get(db, v->village_code, &chain, err);
    int step = SQLITE_DONE;
    while (rc == REG_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        memcpy(old, v, sizeof *old);
        reg_dp_col_text(old->street, sizeof old->street, st, 0);
        reg_dp_col_text(old->street_pinyin, sizeof old->street_pinyin, st, 1);
        reg_dp_compose(old, chain);
        json_t *f = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "full", old->full, "short",
                              old->short_form, "roman", old->roman, "roman_full",
                              old->roman_full, "valid_from",
                              sqlite3_column_type(st, 2) == SQLITE_NULL
                                  ? json_null()
                                  : json_string((const char *)sqlite3_column_text(st, 2)),
                              "valid_to", json_string((const char *)sqlite3_column_text(st, 3)));
        if (!f || json_array_append_new(list, f) != 0)
            rc = reg_error_nomem(err);
    }
    if (rc == REG_OK && step != SQLITE_DONE)
        rc = reg_error_sqlite(db, err);
    sqlite3_finalize(st);
    free(old);
    if (rc != REG_OK) {
        json_decref(list);
        return rc;
    }
    *out = list;
    return REG_OK;
}
