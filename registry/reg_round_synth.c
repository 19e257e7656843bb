/*
 * reg_round_synth.c: a demonstration inspection round.  The round takes
 * every line, with a team and both sides' representatives; teams walk most
 * lines and record most markers through the same checks as field records:
 * what they find follows the marker's registered condition (a displaced
 * marker is observed metres away; a lost one has no position); damaged,
 * lost and displaced markers are often repaired, replaced or reset with
 * both sides named (B4); a few markers recorded as intact are in fact
 * moved, which the checks must catch (B7).  Positions carry RTK (2-5 cm,
 * nine in ten) or handheld (2-5 m) noise.  Records have client ids
 * "synth-N-MARKER"; a marker that has its record from an earlier run is
 * left alone, so running it again adds nothing (what a team finds follows
 * the marker's current condition, which the first run changed).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "reg_bound_internal.h"

#define RSYN_DAYS 60 /* records spread over the round's first days */

static const char *const rsyn_surnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄",
                                            "周", "吴", "徐", "孙", "马", "朱", "胡", "郭"};
static const char *const rsyn_given[] = {"建国", "志强", "玉兰", "海燕", "国华", "文军",
                                         "丽娟", "永红", "明", "军", "芳", "斌"};

/* A person's name into buf. */
static void rsyn_person(uint64_t *s, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s", rsyn_surnames[reg_rng_next(s) % 16], rsyn_given[reg_rng_next(s) % 12]);
}

/* A walk through the round's lines or markers. */
typedef struct rsyn_walk {
    const char *actor;
    const reg_round_synth_options *opt;
    const char *start;            /* the round's start date */
    reg_round_synth_summary *sum;
    int k;                        /* lines so far */
    char last[REG_LINE_NUMBER_MAX + 1];
    int walked;                   /* the current line is inspected */
} rsyn_walk;

/* reg_row_fn: a line (number, left name, right name) of the round with
 * its team and representatives. */
static int rsyn_line_row(reg_db *db, sqlite3_stmt *st, void *ctx, reg_error *err)
{
    rsyn_walk *w = ctx;
    const char *number = (const char *)sqlite3_column_text(st, 0);
    uint64_t s = reg_rng_state(w->opt->seed, number);
    char team[64], left[160], right[160], p1[32], p2[32];
    snprintf(team, sizeof team, "第%d联检组", w->k++ % 8 + 1);
    rsyn_person(&s, p1, sizeof p1);
    rsyn_person(&s, p2, sizeof p2);
    snprintf(left, sizeof left, "%.60s %s", (const char *)sqlite3_column_text(st, 1), p1);
    snprintf(right, sizeof right, "%.60s %s", (const char *)sqlite3_column_text(st, 2), p2);
    reg_round_line rl = {number, team, left, right};
    return reg_round_line_write(db, w->opt->number, &rl, err);
}

/* The time of a record: a day of the round's first RSYN_DAYS before today
 * (China time) between 08:00 and 17:00, so that it is never in the future
 * and the same each time; a round that starts today has its records at
 * 00:01. */
static void rsyn_time(uint64_t *s, const char *start, char *out, size_t size)
{
    struct tm tm = {0};
    sscanf(start, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t0 = timegm(&tm), now = time(NULL) + 8 * 3600;
    long days = (long)((now - now % 86400 - t0) / 86400); /* whole days before today */
    days = days > RSYN_DAYS ? RSYN_DAYS : days;
    time_t t = t0 + 60;
    uint64_t day = reg_rng_next(s), second = reg_rng_next(s);
    if (days >= 1)
        t = t0 + (time_t)(day % (uint64_t)days) * 86400 + (time_t)(8 * 3600 + second % (9 * 3600));
    gmtime_r(&t, &tm);
    strftime(out, size, "%Y-%m-%dT%H:%M:%S+08:00", &tm);
}

/* What the team found and did at one marker, into in. */
static void rsyn_finding(uint64_t *s, reg_condition registered, reg_inspection_input *in,
                         double *offset_m)
{
    static const reg_action fix[REG_COND_COUNT] = {REG_ACTION_NONE, REG_ACTION_REPAINTED,
                                                   REG_ACTION_REPAIRED, REG_ACTION_RESET,
                                                   REG_ACTION_REPLACED, REG_ACTION_NONE};
    *offset_m = 0;
    in->condition = reg_condition_name(registered);
    in->action = reg_action_name(reg_rng_unit(s) < 0.6 ? fix[registered] : REG_ACTION_NONE);
    if (registered == REG_COND_DISPLACED)
        *offset_m = 2 + reg_rng_unit(s) * 10;
    else if (registered == REG_COND_INTACT && reg_rng_unit(s) < 0.04)
        *offset_m = 1.3 + reg_rng_unit(s) * 2.7; /* moved, but recorded as intact (B7) */
    in->has_position = registered != REG_COND_LOST;
}

/* Records one marker of the current row (id, lon, lat, condition, left
 * rep, right rep) in the round. */
static int rsyn_marker(reg_db *db, const char *actor, const reg_round_synth_options *opt,
                       const char *start, sqlite3_stmt *st, reg_round_synth_summary *sum,
                       reg_error *err)
{
    const char *id = (const char *)sqlite3_column_text(st, 0);
    uint64_t s = reg_rng_state(opt->seed, id);
    reg_condition registered = REG_COND_INTACT;
    reg_condition_parse((const char *)sqlite3_column_text(st, 3), &registered);
    char client[80], at[40], inspector[32];
    snprintf(client, sizeof client, "synth-%d-%s", opt->number, id);
    rsyn_time(&s, start, at, sizeof at);
    rsyn_person(&s, inspector, sizeof inspector);
    reg_inspection_input in = {.client_id = client, .marker = id, .round = opt->number,
                               .observed_at = at, .inspector = inspector, .crs = GEO_CRS_4490};
    double offset = 0;
    rsyn_finding(&s, registered, &in, &offset);
    reg_action action = REG_ACTION_NONE;
    reg_action_parse(in.action, &action);
    if (reg_action_needs_parties(action)) {
        in.party_left = (const char *)sqlite3_column_text(st, 4);
        in.party_right = (const char *)sqlite3_column_text(st, 5);
    }
    int rc = REG_OK;
    if (in.has_position) {
        double x, y;
        int rtk = reg_rng_unit(&s) < 0.9;
        in.has_accuracy = 1;
        in.accuracy_m = rtk ? 0.02 + floor(reg_rng_unit(&s) * 4) / 100 : 2 + floor(reg_rng_unit(&s) * 4);
        double noise = in.accuracy_m * 0.5 * reg_rng_unit(&s), a1 = reg_rng_unit(&s) * 2 * M_PI,
               a2 = reg_rng_unit(&s) * 2 * M_PI;
        rc = reg_xy_4544(db, sqlite3_column_double(st, 1), sqlite3_column_double(st, 2), &x, &y,
                         err);
        x += noise * cos(a1) + offset * cos(a2);
        y += noise * sin(a1) + offset * sin(a2);
        if (rc == REG_OK)
            rc = reg_xy_4490(db, x, y, &in.lon, &in.lat, err);
    }
    char outcome = '=';
    if (rc == REG_OK)
        rc = reg_inspection_add(db, actor, &in, NULL, &outcome, err);
    if (rc == REG_OK) {
        sum->records += outcome == 'i';
        sum->by_action[action] += outcome == 'i';
    }
    return rc;
}

/* reg_row_fn: a marker of the round (as rsyn_marker reads it, and the
 * line's number): most lines are walked, most of their markers recorded. */
static int rsyn_marker_row(reg_db *db, sqlite3_stmt *st, void *ctx, reg_error *err)
{
    rsyn_walk *w = ctx;
    const char *number = (const char *)sqlite3_column_text(st, 6);
    if (strcmp(number, w->last) != 0) {
        snprintf(w->last, sizeof w->last, "%s", number);
        uint64_t s = reg_rng_state(w->opt->seed ^ 0x5bd1e995UL, number);
        w->walked = reg_rng_unit(&s) < 0.9;
        w->sum->lines_inspected += w->walked;
    }
    uint64_t s = reg_rng_state(w->opt->seed ^ 0x27d4eb2dUL, (const char *)sqlite3_column_text(st, 0));
    if (!w->walked || reg_rng_unit(&s) >= w->opt->share || sqlite3_column_int(st, 7))
        return REG_OK; /* not recorded, or recorded by an earlier run */
    return rsyn_marker(db, w->actor, w->opt, w->start, st, w->sum, err);
}

/* Runs sql (?1, when it has it, the round) through fn with the walk w. */
static int rsyn_each(reg_db *db, const char *sql, reg_row_fn fn, rsyn_walk *w, reg_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = reg_prepare(db, sql, &st, err);
    if (rc == REG_OK && sqlite3_bind_parameter_count(st) >= 1 &&
        sqlite3_bind_int(st, 1, w->opt->number))
        rc = reg_error_sqlite(db, err);
    return reg_rows_each(db, st, rc, fn, w, err);
}

/* See reg_boundaries.h. */
int reg_round_synth(reg_db *db, const char *actor, const reg_round_synth_options *opt,
                    reg_round_synth_summary *sum, reg_error *err)
{
    if (!db || !opt || !sum)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    memset(sum, 0, sizeof *sum);
    if (!(opt->share > 0 && opt->share <= 1))
        return reg_error_set(err, REG_EINVAL, "bad_share", "share", "检查比例应在0到1之间",
                             "the share is above 0 and at most 1");
    reg_round_row row;
    int rc = reg_round_load(db, opt->number, &row, err);
    if (rc == REG_ENOTFOUND) {
        char name[64];
        snprintf(name, sizeof name, "第%d轮联检（演示数据）", opt->number);
        reg_round_input in = {.number = opt->number, .name = name, .start_date = opt->start_date};
        rc = reg_round_create(db, actor, &in, err);
        if (rc == REG_OK)
            rc = reg_round_load(db, opt->number, &row, err);
    }
    if (rc == REG_OK)
        rc = reg_tx_begin(db, err);
    if (rc != REG_OK)
        return rc;
    json_t *round = NULL;
    char id[16];
    snprintf(id, sizeof id, "%d", opt->number);
    rsyn_walk w = {.actor = actor, .opt = opt, .start = row.start_date, .sum = sum};
    rc = rsyn_each(db, "SELECT number, left_name, right_name FROM boundary_lines"
                       " ORDER BY number",
                   rsyn_line_row, &w, err);
    if (rc == REG_OK)
        rc = reg_round_get(db, opt->number, &round, err);
    if (rc == REG_OK)
        rc = reg_audit_append(db, actor, "update", "inspection_round", id, NULL, round, err);
    json_decref(round);
    if (rc == REG_OK)
        rc = rsyn_each(db, "SELECT m.id, X(m.geom), Y(m.geom), m.condition, rl.left_rep,"
                           " rl.right_rep, l.number, EXISTS (SELECT 1 FROM inspection_records r"
                           "   WHERE r.client_id = 'synth-' || ?1 || '-' || m.id)"
                           " FROM markers m JOIN boundary_lines l ON l.id = m.line_id"
                           " JOIN round_lines rl ON rl.line_id = l.id AND rl.round = ?1"
                           " ORDER BY l.number, m.seq, m.type",
                       rsyn_marker_row, &w, err);
    if (rc == REG_OK)
        return reg_tx_commit(db, err);
    reg_tx_rollback(db);
    return rc;
}
