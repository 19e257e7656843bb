/*
 * reg_place_store.c: the rows around a place that writes share: the
 * workflow columns, events with their audit entries, units, the N5
 * documents, reviewers' acknowledgements, place-name codes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reg_place_internal.h"

/* See reg_place_internal.h. */
int rp_exec(reg_db *db, const char *sql, const char *const *args, int nargs, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = rp_cached(db, sql, &st, err);
    for (int i = 0; rc == REG_OK && i < nargs; i++)
        if (reg_bind_text(st, i + 1, args[i]) != SQLITE_OK)
            rc = reg_error_sqlite(db, err);
    if (rc == REG_OK)
        rc = reg_step_done(db, st, err);
    sqlite3_reset(st);
    return rc;
}

/* See reg_place_internal.h. */
int rp_row_load(reg_db *db, long long id, rp_row *row, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = rp_stmt(db, RP_STMT_ROW, &st, err);
    if (rc != REG_OK)
        return rc;
    memset(row, 0, sizeof *row);
    sqlite3_bind_int64(st, 1, id);
    int step = sqlite3_step(st);
    if (step == SQLITE_DONE)
        rc = reg_error_set(err, REG_ENOTFOUND, "place_not_found", "id", "没有这个地名",
                           "no such place");
    else if (step != SQLITE_ROW)
        rc = reg_error_sqlite(db, err);
    else if (reg_column_copy(row->code, sizeof row->code, st, 1) ||
             reg_column_copy(row->name, sizeof row->name, st, 2) ||
             reg_column_copy(row->specific, sizeof row->specific, st, 3) ||
             reg_column_copy(row->generic, sizeof row->generic, st, 4) ||
             reg_column_copy(row->category, sizeof row->category, st, 5) ||
             reg_column_copy(row->status, sizeof row->status, st, 6) ||
             reg_column_copy(row->pinyin_override, sizeof row->pinyin_override, st, 7) ||
             reg_column_copy(row->approval_date, sizeof row->approval_date, st, 11) ||
             reg_column_copy(row->filed_on, sizeof row->filed_on, st, 12) ||
             reg_column_copy(row->announced_on, sizeof row->announced_on, st, 13) ||
             reg_column_copy(row->unit, sizeof row->unit, st, 14))
        rc = reg_error_set(err, REG_EIO, "place_corrupt", "id", "地名记录已损坏",
                           "the stored place is malformed");
    if (rc == REG_OK) {
        row->id = sqlite3_column_int64(st, 0);
        row->is_protected = sqlite3_column_int(st, 8);
        row->round = sqlite3_column_int(st, 9);
        row->has_geometry = sqlite3_column_int(st, 10);
        row->has_location = sqlite3_column_int(st, 15);
    }
    sqlite3_reset(st);
    return rc;
}

/* The members whose change an event lists. */
static const char *const tracked[] = {
    "name",     "specific", "generic",  "pinyin",      "pinyin_toned", "pinyin_override",
    "category", "status",   "units",    "meaning",     "origin",       "history",
    "description", "location", "sources", "protected", "approval",     "filed_on",
    "announced_on", "valid_from", "valid_to", NULL,
};

/* {member: [before, after]} for each tracked member that differs, and
 * geometry: "changed" when it does; NULL if before or after is NULL. */
static json_t *diff(const json_t *before, const json_t *after)
{
    if (!before || !after)
        return NULL;
    json_t *d = json_object();
    for (size_t i = 0; d && tracked[i]; i++) {
        json_t *a = json_object_get(before, tracked[i]), *b = json_object_get(after, tracked[i]);
        if (!json_equal(a, b) &&
            json_object_set_new(d, tracked[i], json_pack("[OO]", a ? a : json_null(),
                                                         b ? b : json_null())) != 0) {
            json_decref(d);
            return NULL;
        }
    }
    if (d && !json_equal(json_object_get(before, "geometry"), json_object_get(after, "geometry")))
        json_object_set_new(d, "geometry", json_string("changed"));
    return d;
}

/* See reg_place_internal.h.  changes, when NULL, is computed from before
 * and after. */
int rp_event(reg_db *db, const char *actor, long long id, const char *action, const char *from,
             const char *to, const json_t *changes, const json_t *detail, const json_t *before,
             const json_t *after, reg_error *err)
{
    json_t *computed = changes ? NULL : diff(before, after);
    char *ch = reg_json_dump(changes ? changes : computed);
    char *de = reg_json_dump(detail);
    char idtext[24];
    snprintf(idtext, sizeof idtext, "%lld", id);
    sqlite3_stmt *st;
    int rc = rp_cached(db,
                       "INSERT INTO place_events (place_id, at, actor, action, from_status,"
                       " to_status, changes_json, detail_json) VALUES (?1,"
                       " strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?2, ?3, ?4, ?5, ?6, ?7)",
                       &st, err);
    if (rc == REG_OK) {
        if (sqlite3_bind_int64(st, 1, id) != SQLITE_OK || reg_bind_text(st, 2, actor) ||
            reg_bind_text(st, 3, action) || reg_bind_text(st, 4, from) ||
            reg_bind_text(st, 5, to) || reg_bind_text(st, 6, ch) || reg_bind_text(st, 7, de))
            rc = reg_error_sqlite(db, err);
        else
            rc = reg_step_done(db, st, err);
        sqlite3_reset(st);
    }
    if (rc == REG_OK)
        rc = reg_audit_append(db, actor, action, "place", idtext, before, after, err);
    free(ch);
    free(de);
    json_decref(computed);
    return rc;
}

/* See reg_place_internal.h. */
int rp_units_load(reg_db *db, long long id, rp_subject *s, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = rp_stmt(db, RP_STMT_UNITS, &st, err);
    if (rc != REG_OK)
        return rc;
    s->nunits = 0;
    sqlite3_bind_int64(st, 1, id);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(st, 0);
        if (code && strlen(code) <= REG_CODE_MAX &&
            s->nunits < sizeof s->units / sizeof s->units[0])
            strcpy(s->units[s->nunits++], code);
    }
    rc = step == SQLITE_DONE ? REG_OK : reg_error_sqlite(db, err);
    sqlite3_reset(st);
    return rc;
}

/* See reg_place_internal.h. */
int rp_units_store(reg_db *db, long long id, char (*codes)[REG_CODE_MAX + 1], size_t n,
                   const char *source, reg_error *err)
{
    char idtext[24];
    snprintf(idtext, sizeof idtext, "%lld", id);
    const char *del[] = {idtext};
    int rc = rp_exec(db, "DELETE FROM place_units WHERE place_id = ?1", del, 1, err);
    for (size_t i = 0; rc == REG_OK && i < n; i++) {
        const char *args[] = {idtext, codes[i], source};
        rc = rp_exec(db,
                     "INSERT OR IGNORE INTO place_units (place_id, unit_code, source)"
                     " VALUES (?1, ?2, ?3)",
                     args, 3, err);
    }
    return rc;
}

/* The finding with key in findings ({errors, warnings}), or NULL. */
static json_t *finding_by_key(const json_t *findings, const char *key)
{
    static const char *const lists[] = {"errors", "warnings"};
    for (int l = 0; l < 2; l++) {
        size_t i;
        json_t *f;
        json_array_foreach(json_object_get(findings, lists[l]), i, f) {
            const char *k = json_string_value(json_object_get(f, "key"));
            if (k && strcmp(k, key) == 0)
                return f;
        }
    }
    return NULL;
}

/* See reg_place_internal.h.  A note may be omitted ("acknowledged"). */
int rp_acks_store(reg_db *db, const char *actor, long long id, int round,
                  const reg_place_ack *acks, size_t n, const json_t *findings, reg_error *err)
{
    char idtext[24], rtext[16];
    snprintf(idtext, sizeof idtext, "%lld", id);
    snprintf(rtext, sizeof rtext, "%d", round);
    for (size_t i = 0; i < n; i++) {
        const char *key = acks[i].key;
        json_t *f = key ? finding_by_key(findings, key) : NULL;
        if (!f || !json_is_true(json_object_get(f, "acknowledgeable"))) {
            char detail[200];
            snprintf(detail, sizeof detail, "%.160s", key ? key : "(none)");
            return reg_error_detail(err, REG_ERULE, f ? "ack_not_allowed" : "ack_unknown",
                                    "acknowledgements",
                                    f ? "该问题不能通过确认放行" : "没有这一项审查意见",
                                    f ? "this finding cannot be acknowledged"
                                      : "no current finding has this key",
                                    detail);
        }
        const char *note = acks[i].note && *acks[i].note ? acks[i].note : "acknowledged";
        int rc = rp_text_check(note, "acknowledgements", err);
        const char *args[] = {idtext, rtext, key, note, actor};
        if (rc == REG_OK)
            rc = rp_exec(db,
                         "INSERT INTO place_acks (place_id, round, finding_key, note, actor, at)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"
                         " ON CONFLICT (place_id, round, finding_key) DO UPDATE SET"
                         " note = excluded.note, actor = excluded.actor, at = excluded.at",
                         args, 5, err);
        if (rc != REG_OK)
            return rc;
    }
    return REG_OK;
}

/* Counts the findings of list that still block; errors that cannot be
 * acknowledged always do. */
static void count_open(json_t *list, int *open)
{
    size_t i;
    json_t *f;
    json_array_foreach(list, i, f) {
        if (!json_object_get(f, "acknowledged"))
            (*open)++;
    }
}

/* See reg_place_internal.h. */
int rp_acks_apply(reg_db *db, long long id, int round, json_t *findings, int *open_errors,
                  int *open_warnings, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = rp_cached(db,
                       "SELECT finding_key, note, actor, at FROM place_acks"
                       " WHERE place_id = ?1 AND round = ?2",
                       &st, err);
    if (rc != REG_OK)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, round);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(st, 0);
        json_t *f = key ? finding_by_key(findings, key) : NULL;
        if (!f || !json_is_true(json_object_get(f, "acknowledgeable")))
            continue;
        json_t *ack = json_object();
        if (!ack || reg_json_set_column(ack, "note", st, 1) ||
            reg_json_set_column(ack, "by", st, 2) || reg_json_set_column(ack, "at", st, 3) ||
            json_object_set_new(f, "acknowledged", ack)) {
            json_decref(ack);
            rc = reg_error_nomem(err);
            break;
        }
    }
    if (rc == REG_OK && step != SQLITE_DONE)
        rc = reg_error_sqlite(db, err);
    sqlite3_reset(st);
    *open_errors = *open_warnings = 0;
    count_open(json_object_get(findings, "errors"), open_errors);
    count_open(json_object_get(findings, "warnings"), open_warnings);
    return rc;
}

/* 1 if kind is one of the three N5 documents. */
static int doc_kind_ok(const char *kind)
{
    return kind && (strcmp(kind, "evaluation") == 0 || strcmp(kind, "expert_review") == 0 ||
                    strcmp(kind, "consultation") == 0);
}

/* See reg_place_internal.h.  A reference is required (document_reference,
 * 400); title and date are optional (bad_date). */
int rp_docs_store(reg_db *db, const char *actor, long long id, int round,
                  const reg_place_doc *docs, size_t n, reg_error *err)
{
    char idtext[24], rtext[16];
    snprintf(idtext, sizeof idtext, "%lld", id);
    snprintf(rtext, sizeof rtext, "%d", round);
    for (size_t i = 0; i < n; i++) {
        const reg_place_doc *d = &docs[i];
        if (!doc_kind_ok(d->kind))
            return reg_error_set(err, REG_EINVAL, "bad_document_kind", "documents",
                                 "文件种类应为 evaluation（综合评估）、expert_review（专家论证）或"
                                 " consultation（征求意见）",
                                 "a document is evaluation, expert_review or consultation (N5)");
        if (!d->reference || !*d->reference)
            return reg_error_set(err, REG_EINVAL, "document_reference", "documents",
                                 "文件须有文号、链接或附件引用",
                                 "a document needs a reference (file number, URL, attachment)");
        char dated[REG_DATE_BUF];
        int rc = rp_text_check(d->reference, "documents", err);
        if (rc == REG_OK && d->title)
            rc = rp_text_check(d->title, "documents", err);
        if (rc == REG_OK && d->date)
            rc = reg_date_field(d->date, "documents", dated, err);
        const char *args[] = {idtext, rtext, d->kind, d->reference, d->title,
                              d->date ? dated : NULL, actor};
        if (rc == REG_OK)
            rc = rp_exec(db,
                         "INSERT INTO place_documents (place_id, round, kind, reference, title,"
                         " dated, recorded_at, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
                         " strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?7)",
                         args, 7, err);
        if (rc != REG_OK)
            return rc;
    }
    return REG_OK;
}

/* See reg_place_internal.h. */
int rp_docs_missing(reg_db *db, long long id, int round, json_t **missing, reg_error *err)
{
    static const char *const kinds[] = {"evaluation", "expert_review", "consultation"};
    sqlite3_stmt *st;
    int rc = rp_cached(db,
                       "SELECT count(*) FROM place_documents"
                       " WHERE place_id = ?1 AND round = ?2 AND kind = ?3",
                       &st, err);
    if (rc != REG_OK)
        return rc;
    json_t *m = json_array();
    if (!m)
        rc = reg_error_nomem(err);
    for (int k = 0; rc == REG_OK && k < 3; k++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, round);
        reg_bind_text(st, 3, kinds[k]);
        if (sqlite3_step(st) != SQLITE_ROW)
            rc = reg_error_sqlite(db, err);
        else if (sqlite3_column_int(st, 0) == 0 &&
                 json_array_append_new(m, json_string(kinds[k])) != 0)
            rc = reg_error_nomem(err);
    }
    sqlite3_reset(st);
    if (rc != REG_OK) {
        json_decref(m);
        return rc;
    }
    *missing = m;
    return REG_OK;
}

/* See reg_place_internal.h.  The snapshot has the geometry, so that the
 * audit log keeps every version of it. */
int rp_snapshot(reg_db *db, long long id, json_t **out, reg_error *err)
{
    return rp_place_read(db, id, 1, 0, out, err);
}

/* 1 if a place already has code. */
static int code_used(reg_db *db, const char *code, int *used, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = rp_cached(db, "SELECT count(*) FROM places WHERE code = ?1", &st, err);
    if (rc != REG_OK)
        return rc;
    reg_bind_text(st, 1, code);
    if (sqlite3_step(st) == SQLITE_ROW)
        *used = sqlite3_column_int(st, 0) > 0;
    else
        rc = reg_error_sqlite(db, err);
    sqlite3_reset(st);
    return rc;
}

/* See reg_place_internal.h.  The sequence per prefix lives in place_codes
 * and only grows, so a code is never given twice; codes an import brought
 * in are stepped over. */
int rp_code_assign(reg_db *db, const char *county, const char *category, char *out,
                   reg_error *err)
{
    char prefix[16];
    snprintf(prefix, sizeof prefix, "%.6s%.4s", county, category);
    sqlite3_stmt *st;
    int rc = rp_cached(db,
                       "INSERT INTO place_codes (prefix, last) VALUES (?1, 1)"
                       " ON CONFLICT (prefix) DO UPDATE SET last = last + 1 RETURNING last",
                       &st, err);
    int used = 1;
    for (int tries = 0; rc == REG_OK && used && tries < 1000; tries++) {
        sqlite3_reset(st);
        reg_bind_text(st, 1, prefix);
        if (sqlite3_step(st) != SQLITE_ROW) {
            rc = reg_error_sqlite(db, err);
            break;
        }
        long long seq = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        if (seq > 99999) {
            rc = reg_error_set(err, REG_ECONFLICT, "code_exhausted", "code",
                               "该类别的地名代码已用完", "no place-name code is left for this "
                               "county and category");
            break;
        }
        snprintf(out, 24, "%.10s%05d", prefix, (int)seq);
        rc = code_used(db, out, &used, err);
    }
    sqlite3_reset(st);
    if (rc == REG_OK && used)
        rc = reg_error_set(err, REG_ECONFLICT, "code_exhausted", "code",
                           "无法分配地名代码", "no free place-name code was found");
    return rc;
}

/* See reg_place_internal.h. */
int rp_text_check(const char *s, const char *field, reg_error *err)
{
    uint32_t c;
    size_t chars = 0;
    if (!rp_utf8_valid(s))
        return reg_error_set(err, REG_EINVAL, "text_bad_utf8", field, "文字不是有效的UTF-8",
                             "the text is not valid UTF-8");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        c = *p;
        if ((c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7f)
            return reg_error_set(err, REG_EINVAL, "text_control_char", field,
                                 "文字中含有控制字符", "the text contains a control character");
        if ((c & 0xc0) != 0x80)
            chars++;
    }
    if (chars > RP_TEXT_MAX)
        return reg_error_set(err, REG_EINVAL, "text_too_long", field, "文字不能超过4000字",
                             "a text field has at most 4,000 characters");
    return REG_OK;
}
