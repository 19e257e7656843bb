/*
 * reg_dp_state.c: the life of a plate (D3): collected (采集) -> compiled
 * (编制) -> entered (录入) -> produced (制作) -> active (上墙启用) ->
 * retired (停用), each state with the date it was reached; a retired
 * plate may name the plate that replaced it.  States only move forward;
 * the address has its own state (active or retired).
 */
#include <stdio.h>
#include <string.h>

#include "reg_dp_internal.h"

static const char *const state_names[] = {"collected", "compiled", "entered",
                                          "produced",  "active",   "retired"};
#define NSTATES 6

/* The date column of each state: constants, so the UPDATE below is built
 * from fixed text only. */
static const char *const state_sql[NSTATES] = {
    "UPDATE plates SET state = ?2, collected_on = ?3 WHERE code = ?1",
    "UPDATE plates SET state = ?2, compiled_on = ?3 WHERE code = ?1",
    "UPDATE plates SET state = ?2, entered_on = ?3 WHERE code = ?1",
    "UPDATE plates SET state = ?2, produced_on = ?3 WHERE code = ?1",
    "UPDATE plates SET state = ?2, active_on = ?3 WHERE code = ?1",
    "UPDATE plates SET state = ?2, retired_on = ?3,"
    " replaced_by = (SELECT id FROM plates WHERE code = ?4) WHERE code = ?1",
};

/* See reg_dp_internal.h. */
int reg_plate_state_index(const char *state)
{
    for (int i = 0; state && i < NSTATES; i++)
        if (strcmp(state, state_names[i]) == 0)
            return i;
    return -1;
}

/* See reg_dp_internal.h. */
const char *reg_plate_state_name(int i)
{
    return i >= 0 && i < NSTATES ? state_names[i] : NULL;
}

/* See reg_doorplates.h. */
int reg_plate_state_valid(const char *state)
{
    return reg_plate_state_index(state) >= 0;
}

/* A plate's stored state. */
typedef struct plate_row {
    long id, address;
    int state;
    char last_date[REG_DATE_BUF]; /* the latest date recorded, "" if none */
} plate_row;

/* Reads the plate code into *p.  REG_ENOTFOUND ("plate_not_found"). */
static int load_plate(reg_db *db, const char *code, plate_row *p, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_prepare(db,
                         "SELECT id, address_id, state, max(coalesce(collected_on, ''),"
                         " coalesce(compiled_on, ''), coalesce(entered_on, ''),"
                         " coalesce(produced_on, ''), coalesce(active_on, ''),"
                         " coalesce(retired_on, '')) FROM plates WHERE code = ?1",
                         &st, err);
    if (rc != REG_OK)
        return rc;
    int step = reg_bind_text(st, 1, code) == SQLITE_OK ? sqlite3_step(st) : SQLITE_ERROR;
    if (step == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
        const char *last = (const char *)sqlite3_column_text(st, 3);
        p->id = (long)sqlite3_column_int64(st, 0);
        p->address = (long)sqlite3_column_int64(st, 1);
        p->state = reg_plate_state_index((const char *)sqlite3_column_text(st, 2));
        snprintf(p->last_date, sizeof p->last_date, "%s", last ? last : "");
    } else if (step == SQLITE_ROW || step == SQLITE_DONE) {
        rc = reg_error_set(err, REG_ENOTFOUND, "plate_not_found", "code", "没有这个门牌编码",
                           "no plate with this code");
    } else {
        rc = reg_error_sqlite(db, err);
    }
    sqlite3_finalize(st);
    return rc;
}

/* The plate's view as JSON into *out (for the audit log). */
static int view_json(reg_db *db, const char *code, json_t **out, reg_error *err)
{
    reg_plate_view v;
    int rc = reg_plate_view_get(db, code, &v, err);
    if (rc == REG_OK && !(*out = reg_plate_view_json(&v)))
        rc = reg_error_nomem(err);
    return rc;
}

/* Runs one write statement with up to four text parameters ?1..?4, as
 * many as it has (NULL binds NULL). */
static int run_update(reg_db *db, const char *sql, const char *a, const char *b, const char *c,
                      const char *d, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_prepare(db, sql, &st, err);
    if (rc != REG_OK)
        return rc;
    const char *args[4] = {a, b, c, d};
    int n = sqlite3_bind_parameter_count(st);
    for (int i = 0; i < n && i < 4 && rc == REG_OK; i++)
        if (reg_bind_text(st, i + 1, args[i]) != SQLITE_OK)
            rc = reg_error_sqlite(db, err);
    if (rc == REG_OK)
        rc = reg_step_done(db, st, err);
    sqlite3_finalize(st);
    return rc;
}

/* Checks a replacement named when retiring plate p: another plate, not
 * retired. */
static int check_replacement(reg_db *db, const char *code, const char *replacement,
                             reg_error *err)
{
    plate_row r;
    int rc = reg_plate_code_check(replacement, err);
    if (rc == REG_OK)
        rc = load_plate(db, replacement, &r, err);
    if (rc == REG_ENOTFOUND || (rc == REG_OK && (strcmp(code, replacement) == 0 ||
                                                 r.state == reg_plate_state_index("retired"))))
        rc = reg_error_set(err, REG_ERULE, "replacement_invalid", "replacement",
                           "替换门牌必须是另一块未停用的门牌",
                           "the replacement must be another plate that is not retired");
    return rc;
}

/* Moves plate code to state i on date inside the caller's write. */
static int set_state_in_write(reg_db *db, const char *actor, const char *code, int i,
                              const char *date, const char *replacement, int retire_address,
                              reg_error *err)
{
    plate_row p;
    json_t *before = NULL, *after = NULL;
    int retired = reg_plate_state_index("retired");
    int rc = load_plate(db, code, &p, err);
    if (rc == REG_OK && p.state == retired)
        rc = reg_error_set(err, REG_ERULE, "plate_retired", "state", "该门牌已停用",
                           "the plate is retired");
    else if (rc == REG_OK && i <= p.state)
        rc = reg_error_set(err, REG_ERULE, "state_order", "state",
                           "门牌状态只能向后推进（采集→编制→录入→制作→启用→停用）",
                           "a plate's state only moves forward (collected, compiled, entered, "
                           "produced, active, retired)");
    else if (rc == REG_OK && strcmp(date, p.last_date) < 0)
        rc = reg_error_set(err, REG_ERULE, "date_order", "date", "日期早于门牌上一状态的日期",
                           "the date is before the date of the plate's previous state");
    if (rc == REG_OK && replacement && replacement[0] && i != retired)
        rc = reg_error_set(err, REG_EINVAL, "replacement_invalid", "replacement",
                           "只有停用门牌时才能指定替换门牌",
                           "a replacement is named only when retiring a plate");
    if (rc == REG_OK && replacement && replacement[0])
        rc = check_replacement(db, code, replacement, err);
    if (rc == REG_OK)
        rc = view_json(db, code, &before, err);
    if (rc == REG_OK)
        rc = run_update(db, state_sql[i], code, state_names[i], date,
                        replacement && replacement[0] ? replacement : NULL, err);
    if (rc == REG_OK && retire_address && i == retired) {
        char id[24];
        snprintf(id, sizeof id, "%ld", p.address);
        rc = run_update(db,
                        "UPDATE addresses SET active = 0, valid_to = ?2 WHERE id = CAST(?1 AS INTEGER)",
                        id, date, NULL, NULL, err);
    }
    if (rc == REG_OK)
        rc = view_json(db, code, &after, err);
    if (rc == REG_OK)
        rc = reg_audit_append(db, actor, "set_state", "plate", code, before, after, err);
    json_decref(before);
    json_decref(after);
    return rc;
}

/* See reg_doorplates.h.  Errors also: bad_state, bad_date (REG_EINVAL);
 * retire_address without retiring (REG_EINVAL "bad_argument"). */
int reg_plate_set_state(reg_db *db, const char *actor, const char *code, const char *state,
                        const char *date, const char *replacement, int retire_address,
                        reg_error *err)
{
    if (!db)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    int i = reg_plate_state_index(state);
    char day[REG_DATE_BUF];
    int rc = reg_actor_check(actor, err);
    if (rc == REG_OK)
        rc = reg_plate_code_check(code, err);
    if (rc == REG_OK && i < 0)
        rc = reg_error_set(err, REG_EINVAL, "bad_state", "state",
                           "状态应为 collected、compiled、entered、produced、active 或 retired",
                           "the state is collected, compiled, entered, produced, active or "
                           "retired");
    if (rc == REG_OK)
        rc = reg_date_field(date, "date", day, err);
    if (rc == REG_OK && retire_address && i != reg_plate_state_index("retired"))
        rc = reg_error_set(err, REG_EINVAL, "bad_argument", "retire_address",
                           "只有停用门牌时才能同时注销地址",
                           "the address is retired only together with its plate");
    if (rc != REG_OK)
        return rc;
    reg_write w;
    if ((rc = reg_write_begin(db, &w, err)) != REG_OK)
        return rc;
    rc = set_state_in_write(db, actor, code, i, day, replacement, retire_address, err);
    return reg_write_end(db, &w, rc, err);
}

/* Issues the new plate of a replacement inside the caller's write. */
static int replace_in_write(reg_db *db, const char *actor, const char *code, char *code_out,
                            reg_error *err)
{
    plate_row p;
    json_t *before = NULL, *after = NULL;
    char today[REG_DATE_BUF], township[10], address[24];
    reg_today(today);
    int rc = load_plate(db, code, &p, err);
    if (rc == REG_OK && p.state == reg_plate_state_index("retired"))
        rc = reg_error_set(err, REG_ERULE, "plate_retired", "code", "该门牌已停用",
                           "the plate is retired");
    memcpy(township, code, 9);
    township[9] = '\0';
    snprintf(address, sizeof address, "%ld", p.address);
    if (rc == REG_OK)
        rc = view_json(db, code, &before, err);
    if (rc == REG_OK)
        rc = reg_plate_code_alloc(db, township, code_out, err);
    if (rc == REG_OK)
        rc = run_update(db,
                        "INSERT INTO plates (code, address_id, state, entered_on, created_at)"
                        " VALUES (?1, CAST(?2 AS INTEGER), 'entered', ?3,"
                        " strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                        code_out, address, today, NULL, err);
    if (rc == REG_OK)
        rc = run_update(db, state_sql[NSTATES - 1], code, "retired", today, code_out, err);
    if (rc == REG_OK)
        rc = view_json(db, code, &after, err);
    if (rc == REG_OK)
        rc = reg_audit_append(db, actor, "replace", "plate", code, before, after, err);
    json_decref(before);
    json_decref(after);
    return rc;
}

/* See reg_doorplates.h.  REG_ENOTFOUND ("plate_not_found"), REG_ERULE
 * ("plate_retired"). */
int reg_plate_replace(reg_db *db, const char *actor, const char *code, char *code_out,
                      reg_error *err)
{
    if (!db || !code_out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    int rc = reg_actor_check(actor, err);
    if (rc == REG_OK)
        rc = reg_plate_code_check(code, err);
    if (rc != REG_OK)
        return rc;
    reg_write w;
    if ((rc = reg_write_begin(db, &w, err)) != REG_OK)
        return rc;
    rc = replace_in_write(db, actor, code, code_out, err);
    return reg_write_end(db, &w, rc, err);
}
