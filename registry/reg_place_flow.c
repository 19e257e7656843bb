/*
 * reg_place_flow.c: the naming procedure of 《地名管理条例》 as a state
 * graph (N5, N6, N7, N8):
 *
 *   draft -propose-> proposed -review-> under_review (-review-> itself,
 *   recording documents) -approve-> approved; approved -file-> filed
 *   -announce-> in_use, or approved -announce-> announced -file-> in_use;
 *   in_use -rename-> approved (the new name; the old one kept as former);
 *   in_use -cancel-> cancelled (销名; the name kept as former).
 *
 * Anything else is refused (transition_not_allowed, 409) with the actions
 * the current status allows.  A proposal is refused while a rule error
 * stands (an N2 error a reviewer acknowledged as "no specific link" does
 * not stand); approval and renaming also need the three documents of N5
 * for the round and every warning acknowledged.
 */
#include <stdio.h>
#include <string.h>

#include "reg_place_internal.h"

typedef struct flow_edge {
    const char *action;
    int from, to;
} flow_edge;

static const flow_edge edges[] = {
    {"propose", RP_ST_DRAFT, RP_ST_PROPOSED},
    {"review", RP_ST_PROPOSED, RP_ST_UNDER_REVIEW},
    {"review", RP_ST_UNDER_REVIEW, RP_ST_UNDER_REVIEW},
    {"approve", RP_ST_UNDER_REVIEW, RP_ST_APPROVED},
    {"file", RP_ST_APPROVED, RP_ST_FILED},
    {"file", RP_ST_ANNOUNCED, RP_ST_IN_USE},
    {"announce", RP_ST_APPROVED, RP_ST_ANNOUNCED},
    {"announce", RP_ST_FILED, RP_ST_IN_USE},
    {"rename", RP_ST_IN_USE, RP_ST_APPROVED},
    {"cancel", RP_ST_IN_USE, RP_ST_CANCELLED},
};

#define EDGE_COUNT (sizeof edges / sizeof edges[0])

/* A transition being applied. */
typedef struct flow {
    reg_db *db;
    const rp_rules *r;
    const char *actor;
    const rp_row *row;
    const reg_place_action *a;
    char date[REG_DATE_BUF];
    json_t *detail; /* what the event records */
    json_t **refusal; /* the caller's detail on refusal, may be NULL */
} flow;

/* The edge of action from status, or NULL. */
static const flow_edge *edge_find(const char *action, int from)
{
    for (size_t i = 0; i < EDGE_COUNT; i++)
        if (strcmp(edges[i].action, action) == 0 && edges[i].from == from)
            return &edges[i];
    return NULL;
}

/* transition_not_allowed with {status, allowed} as refusal detail. */
static int not_allowed(flow *f, int from, reg_error *err)
{
    json_t *allowed = json_array();
    for (size_t i = 0; allowed && i < EDGE_COUNT; i++)
        if (edges[i].from == from && json_array_append_new(allowed, json_string(edges[i].action)))
            break;
    if (f->refusal)
        *f->refusal = json_pack("{s:s, s:o}", "status", rp_status_names[from], "allowed", allowed);
    else
        json_decref(allowed);
    char zh[200], en[200];
    snprintf(zh, sizeof zh, "当前状态“%s”不能进行“%s”", rp_status_names[from], f->a->action);
    snprintf(en, sizeof en, "the action \"%s\" is not allowed in status \"%s\"", f->a->action,
             rp_status_names[from]);
    return reg_error_set(err, REG_ECONFLICT, "transition_not_allowed", "action", zh, en);
}

/* Sets the refusal detail to {key: value} (value stolen) and returns
 * status with code. */
static int refuse(flow *f, const char *key, json_t *value, int status, const char *code,
                  const char *zh, const char *en, reg_error *err)
{
    if (f->refusal && !*f->refusal)
        *f->refusal = json_pack("{s:o}", key, value);
    else
        json_decref(value);
    return reg_error_set(err, status, code, key, zh, en);
}

/* Reads the action's date (today when absent) into f->date: a real date,
 * not in the future (date_in_future, 422), not before not_before (may be
 * "" for none; date_order, 422). */
static int action_date(flow *f, const char *not_before, reg_error *err)
{
    char today[REG_DATE_BUF];
    reg_today(today);
    int rc = reg_date_field(f->a->date, "date", f->date, err);
    if (rc != REG_OK)
        return rc;
    if (strcmp(f->date, today) > 0)
        return reg_error_set(err, REG_ERULE, "date_in_future", "date", "日期不能晚于今天",
                             "the date is in the future");
    if (not_before && *not_before && strcmp(f->date, not_before) < 0)
        return reg_error_set(err, REG_ERULE, "date_order", "date",
                             "日期早于上一步骤（批准或名称启用）的日期",
                             "the date is before the approval or the start of the current name");
    return json_object_set_new(f->detail, "date", json_string(f->date)) ? reg_error_nomem(err)
                                                                         : REG_OK;
}

/* Requires the approving authority (authority_missing, 400). */
static int authority(flow *f, reg_error *err)
{
    const char *a = f->a->authority;
    if (!a || !*a)
        return reg_error_set(err, REG_EINVAL, "authority_missing", "authority",
                             "须写明批准机关", "the approving authority is missing");
    int rc = rp_text_check(a, "authority", err);
    if (rc == REG_OK && json_object_set_new(f->detail, "authority", json_string(a)))
        rc = reg_error_nomem(err);
    return rc;
}

/* The start of the place's current standard name into out ("" if none). */
static int name_start(flow *f, char *out, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = rp_cached(f->db,
                       "SELECT max(valid_from) FROM place_names WHERE place_id = ?1"
                       " AND kind = 'standard' AND valid_to IS NULL",
                       &st, err);
    if (rc != REG_OK)
        return rc;
    sqlite3_bind_int64(st, 1, f->row->id);
    out[0] = '\0';
    if (sqlite3_step(st) != SQLITE_ROW)
        rc = reg_error_sqlite(f->db, err);
    else if (sqlite3_column_type(st, 0) != SQLITE_NULL)
        snprintf(out, REG_DATE_BUF, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    return rc;
}

/* Records the action's acknowledgements against findings and returns the
 * open counts after them. */
static int acknowledge(flow *f, int round, json_t *findings, int *oe, int *ow, reg_error *err)
{
    int rc = rp_acks_store(f->db, f->actor, f->row->id, round, f->a->acks, f->a->nacks,
                           findings, err);
    if (rc == REG_OK)
        rc = rp_acks_apply(f->db, f->row->id, round, findings, oe, ow, err);
    json_t *list = json_array();
    for (size_t i = 0; list && i < f->a->nacks; i++)
        json_array_append_new(list, json_pack("{s:s, s:s?}", "key", f->a->acks[i].key, "note",
                                              f->a->acks[i].note));
    if (list && json_object_set_new(f->detail, "acknowledgements", list))
        rc = rc == REG_OK ? reg_error_nomem(err) : rc;
    return rc;
}

/* Refuses when a finding still blocks: rule errors always, warnings when
 * warnings_block (approval).  Takes findings. */
static int gate(flow *f, json_t *findings, int oe, int ow, int warnings_block, reg_error *err)
{
    if (oe > 0)
        return refuse(f, "findings", findings, REG_ERULE, "rule_errors",
                      "地名不符合命名规则，不能申报或批准（见 findings）",
                      "the name breaks a naming rule (see findings)", err);
    if (warnings_block && ow > 0)
        return refuse(f, "findings", findings, REG_ERULE, "warnings_unacknowledged",
                      "尚有审查提示未经审核人确认（见 findings）",
                      "a reviewer must acknowledge every warning first (see findings)", err);
    json_decref(findings);
    return REG_OK;
}

/* The findings of the stored place after recording the action's
 * acknowledgements; refused as gate says. */
static int check_rules(flow *f, int warnings_block, reg_error *err)
{
    json_t *findings = NULL;
    int oe = 0, ow = 0;
    int rc = rp_findings(f->db, f->r, f->row, &findings, NULL, NULL, err);
    if (rc == REG_OK)
        rc = acknowledge(f, f->row->round, findings, &oe, &ow, err);
    if (rc != REG_OK) {
        json_decref(findings);
        return rc;
    }
    return gate(f, findings, oe, ow, warnings_block, err);
}

/* Records the action's documents for round and lists them in the event. */
static int documents(flow *f, int round, reg_error *err)
{
    int rc = rp_docs_store(f->db, f->actor, f->row->id, round, f->a->docs, f->a->ndocs, err);
    json_t *list = json_array();
    for (size_t i = 0; list && i < f->a->ndocs; i++)
        json_array_append_new(list, json_pack("{s:s?, s:s?, s:s?, s:s?}", "kind",
                                              f->a->docs[i].kind, "reference",
                                              f->a->docs[i].reference, "title",
                                              f->a->docs[i].title, "date", f->a->docs[i].date));
    if (list && json_object_set_new(f->detail, "documents", list))
        rc = rc == REG_OK ? reg_error_nomem(err) : rc;
    return rc;
}

/* documents_missing (422) unless the round has all three N5 documents. */
static int documents_complete(flow *f, int round, reg_error *err)
{
    json_t *missing = NULL;
    int rc = rp_docs_missing(f->db, f->row->id, round, &missing, err);
    if (rc != REG_OK)
        return rc;
    if (json_array_size(missing) == 0) {
        json_decref(missing);
        return REG_OK;
    }
    return refuse(f, "missing", missing, REG_ERULE, "documents_missing",
                  "缺少综合评估、专家论证或征求意见文件，不能批准（N5）",
                  "approval needs the comprehensive evaluation, expert review and public "
                  "consultation documents (N5)",
                  err);
}

/* Runs a statement with the place id as ?1 and text parameters ?2... */
static int exec_id(flow *f, const char *sql, const char *const *args, int nargs, reg_error *err)
{
    char idtext[24];
    const char *all[8] = {idtext};
    snprintf(idtext, sizeof idtext, "%lld", f->row->id);
    for (int i = 0; i < nargs && i < 7; i++)
        all[i + 1] = args[i];
    return rp_exec(f->db, sql, all, nargs + 1, err);
}

/* Adds the standard name of the place as it now stands to place_names,
 * valid from f->date. */
static int add_standard_name(flow *f, reg_error *err)
{
    const char *args[] = {f->date};
    return exec_id(f,
                   "INSERT INTO place_names (place_id, kind, name, pinyin, pinyin_toned,"
                   " pinyin_syllables, valid_from) SELECT id, 'standard', name, pinyin,"
                   " pinyin_toned, pinyin_syllables, ?2 FROM places WHERE id = ?1",
                   args, 1, err);
}

/* propose: a geometry and a location description (N6) are needed, and no
 * rule error may stand. */
static int do_propose(flow *f, reg_error *err)
{
    if (!f->row->has_geometry)
        return reg_error_set(err, REG_ERULE, "geometry_required", "geometry",
                             "申报须有地名的几何位置", "a proposal needs the place's geometry");
    if (!f->row->has_location)
        return reg_error_set(err, REG_ERULE, "location_required", "location",
                             "申报须有位置描述（公告所需）",
                             "a proposal needs a location description (for the announcement)");
    return check_rules(f, 0, err);
}

/* review: documents and acknowledgements may come with it. */
static int do_review(flow *f, reg_error *err)
{
    int rc = documents(f, f->row->round, err);
    if (rc == REG_OK && f->a->nacks)
        rc = check_rules(f, 0, err);
    return rc;
}

/* approve: authority, date, the three documents, no open finding. */
static int do_approve(flow *f, reg_error *err)
{
    int rc = authority(f, err);
    if (rc == REG_OK)
        rc = action_date(f, "", err);
    if (rc == REG_OK)
        rc = documents_complete(f, f->row->round, err);
    if (rc == REG_OK)
        rc = check_rules(f, 1, err);
    const char *args[] = {f->a->authority, f->date};
    if (rc == REG_OK)
        rc = exec_id(f,
                     "UPDATE places SET approved_by = ?2, approval_date = ?3, valid_from = ?3,"
                     " filed_on = NULL, announced_on = NULL WHERE id = ?1",
                     args, 2, err);
    if (rc == REG_OK)
        rc = add_standard_name(f, err);
    return rc;
}

/* file / announce: the day it happened, not before the approval (N6). */
static int do_file_or_announce(flow *f, int filing, reg_error *err)
{
    int rc = action_date(f, f->row->approval_date, err);
    const char *args[] = {f->date};
    if (rc == REG_OK)
        rc = exec_id(f,
                     filing ? "UPDATE places SET filed_on = ?2 WHERE id = ?1"
                            : "UPDATE places SET announced_on = ?2 WHERE id = ?1",
                     args, 1, err);
    return rc;
}

/* The rename's new name as the subject of the rules: the stored place
 * (units, geometry) with the new name and reading. */
static int rename_subject(flow *f, rp_stored *st, reg_error *err)
{
    const reg_place_input *in = f->a->rename;
    int rc = rp_stored_load(f->db, f->r, f->row, st, err);
    if (rc != REG_OK)
        return rc;
    rc = rp_name_split(f->r, st->s.cat, in->name, in->specific, in->generic, &st->nm, err);
    if (rc == REG_OK)
        rc = rp_require_generic(&st->nm, err);
    if (rc == REG_OK && strcmp(st->nm.name, f->row->name) == 0)
        rc = reg_error_set(err, REG_ERULE, "rename_same_name", "name", "新名称与现名相同",
                           "the new name is the current name");
    if (rc == REG_OK)
        rc = rp_pinyin_make(f->r, &st->nm, st->s.cat, in->pinyin_override, &st->py, err);
    return rc;
}

/* Writes the new name: the current standard name ends on f->date, the
 * new one starts, the round goes up. */
static int rename_write(flow *f, const rp_stored *st, reg_error *err)
{
    const char *ov = f->a->rename->pinyin_override;
    const char *args[] = {f->date,         st->nm.name,    st->nm.specific, st->nm.generic_text,
                          st->py.standard, st->py.toned,   st->py.syllables};
    int rc = exec_id(f,
                     "UPDATE place_names SET valid_to = ?2 WHERE place_id = ?1"
                     " AND kind = 'standard' AND valid_to IS NULL",
                     args, 1, err);
    if (rc == REG_OK)
        rc = exec_id(f,
                     "UPDATE places SET name = ?3, specific = ?4, generic = ?5, pinyin = ?6,"
                     " pinyin_toned = ?7, pinyin_syllables = ?8, naming_round = naming_round + 1,"
                     " approval_date = ?2, valid_from = ?2, filed_on = NULL, announced_on = NULL"
                     " WHERE id = ?1",
                     args, 7, err);
    const char *more[] = {ov && *ov ? ov : NULL, f->a->authority};
    if (rc == REG_OK)
        rc = exec_id(f, "UPDATE places SET pinyin_override = ?2, approved_by = ?3 WHERE id = ?1",
                     more, 2, err);
    if (rc == REG_OK)
        rc = add_standard_name(f, err);
    return rc;
}

/* rename (N7, N8): a protection plan for a protected name, authority and
 * date, the new name checked by the rules with the next round's documents
 * and acknowledgements. */
static int do_rename(flow *f, reg_error *err)
{
    const reg_place_input *in = f->a->rename;
    if (!in || (!in->name && !in->specific))
        return reg_error_set(err, REG_EINVAL, "rename_missing", "name", "缺少新名称",
                             "the new name is missing");
    int rc = reg_name_rules_n8(f->row->is_protected, f->a->protection_plan, err);
    char start[REG_DATE_BUF];
    if (rc == REG_OK && f->a->protection_plan)
        rc = rp_text_check(f->a->protection_plan, "protection_plan", err);
    if (rc == REG_OK && f->a->protection_plan &&
        json_object_set_new(f->detail, "protection_plan", json_string(f->a->protection_plan)))
        rc = reg_error_nomem(err);
    if (rc == REG_OK)
        rc = authority(f, err);
    if (rc == REG_OK)
        rc = name_start(f, start, err);
    if (rc == REG_OK)
        rc = action_date(f, start, err);
    rp_stored st;
    memset(&st, 0, sizeof st);
    json_t *findings = NULL;
    int oe = 0, ow = 0, round = f->row->round + 1;
    if (rc == REG_OK)
        rc = rename_subject(f, &st, err);
    if (rc == REG_OK)
        rc = documents(f, round, err);
    if (rc == REG_OK)
        rc = documents_complete(f, round, err);
    if (rc == REG_OK)
        rc = reg_name_rules_all(f->db, &st.s, &findings, err);
    if (rc == REG_OK)
        rc = acknowledge(f, round, findings, &oe, &ow, err);
    if (rc == REG_OK) {
        rc = gate(f, findings, oe, ow, 1, err);
        findings = NULL;
    }
    if (rc == REG_OK &&
        json_object_set_new(f->detail, "new_name", json_string(st.nm.name)))
        rc = reg_error_nomem(err);
    if (rc == REG_OK)
        rc = rename_write(f, &st, err);
    json_decref(findings);
    rp_stored_free(f->db, &st);
    return rc;
}

/* cancel (销名, N7): authority and date; the name stays as former. */
static int do_cancel(flow *f, reg_error *err)
{
    char start[REG_DATE_BUF];
    int rc = authority(f, err);
    if (rc == REG_OK)
        rc = name_start(f, start, err);
    if (rc == REG_OK)
        rc = action_date(f, start, err);
    const char *args[] = {f->date};
    if (rc == REG_OK)
        rc = exec_id(f, "UPDATE places SET valid_to = ?2 WHERE id = ?1", args, 1, err);
    if (rc == REG_OK)
        rc = exec_id(f,
                     "UPDATE place_names SET valid_to = ?2 WHERE place_id = ?1"
                     " AND kind = 'standard' AND valid_to IS NULL",
                     args, 1, err);
    return rc;
}

/* Runs the action's own checks and writes. */
static int dispatch(flow *f, reg_error *err)
{
    const char *a = f->a->action;
    if (strcmp(a, "propose") == 0)
        return do_propose(f, err);
    if (strcmp(a, "review") == 0)
        return do_review(f, err);
    if (strcmp(a, "approve") == 0)
        return do_approve(f, err);
    if (strcmp(a, "file") == 0 || strcmp(a, "announce") == 0)
        return do_file_or_announce(f, strcmp(a, "file") == 0, err);
    if (strcmp(a, "rename") == 0)
        return do_rename(f, err);
    return do_cancel(f, err);
}

/* Applies a to the loaded row inside the caller's write. */
static int run(reg_db *db, const rp_rules *r, const char *actor, const rp_row *row,
               const reg_place_action *a, json_t **refusal, reg_error *err)
{
    flow f = {db, r, actor, row, a, "", json_object(), refusal};
    int from = rp_status_parse(row->status);
    const flow_edge *e = from >= 0 ? edge_find(a->action, from) : NULL;
    json_t *before = NULL, *after = NULL;
    int rc = f.detail ? REG_OK : reg_error_nomem(err);
    if (rc == REG_OK && !e)
        rc = not_allowed(&f, from < 0 ? 0 : from, err);
    if (rc == REG_OK && a->note && (rc = rp_text_check(a->note, "note", err)) == REG_OK &&
        json_object_set_new(f.detail, "note", json_string(a->note)))
        rc = reg_error_nomem(err);
    if (rc == REG_OK)
        rc = rp_snapshot(db, row->id, &before, err);
    if (rc == REG_OK)
        rc = dispatch(&f, err);
    const char *args[] = {rp_status_names[e ? e->to : 0]};
    if (rc == REG_OK)
        rc = exec_id(&f,
                     "UPDATE places SET status = ?2,"
                     " updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1",
                     args, 1, err);
    if (rc == REG_OK)
        rc = rp_snapshot(db, row->id, &after, err);
    if (rc == REG_OK)
        rc = rp_event(db, actor, row->id, a->action, row->status, rp_status_names[e->to], NULL,
                      f.detail, before, after, err);
    json_decref(before);
    json_decref(after);
    json_decref(f.detail);
    return rc;
}

/* 1 if action is one of the graph's. */
static int action_known(const char *action)
{
    for (size_t i = 0; action && i < EDGE_COUNT; i++)
        if (strcmp(edges[i].action, action) == 0)
            return 1;
    return 0;
}

/* See reg_places.h.  Errors besides those named there: bad_action (400),
 * place_not_found (404), authority_missing, bad_date, date_in_future,
 * date_order, geometry_required, location_required, rename_missing,
 * rename_same_name, protection_plan_required (N8), ack_unknown,
 * ack_not_allowed, bad_document_kind, document_reference. */
int reg_place_transition(reg_db *db, const char *actor, long long id,
                         const reg_place_action *a, json_t **detail, reg_error *err)
{
    if (detail)
        *detail = NULL;
    if (!db || !a || (a->nacks && !a->acks) || (a->ndocs && !a->docs))
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    if (!action_known(a->action))
        return reg_error_set(err, REG_EINVAL, "bad_action", "action", "未知的操作",
                             "unknown action (propose, review, approve, file, announce, "
                             "rename, cancel)");
    const rp_rules *r = rp_rules_get(err);
    if (!r)
        return REG_EIO;
    int rc = reg_actor_check(actor, err);
    reg_write w;
    if (rc == REG_OK && (rc = reg_write_begin(db, &w, err)) == REG_OK) {
        rp_row row;
        rc = rp_row_load(db, id, &row, err);
        if (rc == REG_OK)
            rc = run(db, r, actor, &row, a, detail, err);
        if (rc == REG_OK)
            rc = rp_bump_revision(db, err);
        rc = reg_write_end(db, &w, rc, err);
    }
    return rc;
}

/* See reg_place_internal.h. */
int rp_flow_propose(reg_db *db, const char *actor, long long id, const reg_place_ack *acks,
                    size_t nacks, json_t **detail, reg_error *err)
{
    const rp_rules *r = rp_rules_get(err);
    reg_place_action a = {.action = "propose", .acks = acks, .nacks = nacks};
    rp_row row;
    int rc = r ? rp_row_load(db, id, &row, err) : REG_EIO;
    if (rc == REG_OK)
        rc = run(db, r, actor, &row, &a, detail, err);
    return rc;
}
