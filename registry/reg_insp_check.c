/*
 * reg_insp_check.c: the checks of an inspection record that need no
 * database - ids, time, texts, the observed position and its accuracy,
 * condition (B3) and action, both parties for a repair (B4), photos by
 * size and magic bytes - and the record's fingerprint, which makes a
 * record sent twice recognisable.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reg_insp_internal.h"

#define INSP_TEXT_NAME_MAX 50
#define INSP_NOTES_MAX 2000

/* See reg_insp_internal.h. */
void reg_insp_fields_free(insp_fields *f)
{
    free(f->inspector);
    free(f->party_left);
    free(f->party_right);
    free(f->notes);
}

/* Copies a client id (1-64 of [A-Za-z0-9._:-]) into out; NULL gives "". */
static int client_id_check(const char *id, const char *field, char *out, reg_error *err)
{
    size_t n = id ? strlen(id) : 0;
    int ok = !id || (n >= 1 && n <= INSP_CLIENT_ID_MAX);
    for (size_t i = 0; ok && i < n; i++) {
        char c = id[i];
        ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
             c == '.' || c == '_' || c == ':' || c == '-';
    }
    if (!ok)
        return reg_error_set(err, REG_EINVAL, "client_id_invalid", field,
                             "记录编号应为1至64个字母、数字或 . _ : -",
                             "a client record id is 1-64 characters of A-Z a-z 0-9 . _ : -");
    memcpy(out, id ? id : "", n + 1);
    return REG_OK;
}

/* Checks the observed position and its accuracy, converting the position
 * to EPSG:4490.  A position is required unless the marker is lost. */
static int position_check(reg_db *db, const reg_inspection_input *in, insp_fields *f,
                          reg_error *err)
{
    if (!in->has_position) {
        if (in->has_accuracy)
            return reg_error_set(err, REG_EINVAL, "bad_accuracy", "accuracy_m",
                                 "没有观测坐标就不应有精度", "an accuracy without a position");
        if (f->condition != REG_COND_LOST)
            return reg_error_set(err, REG_EINVAL, "position_required", "position",
                                 "除丢失外须记录实测坐标",
                                 "the observed position is required unless the marker is lost");
        return REG_OK;
    }
    if (in->crs != GEO_CRS_4490 && in->crs != GEO_CRS_4326 && in->crs != GEO_CRS_GCJ02)
        return reg_error_set(err, REG_EINVAL, "bad_crs", "crs",
                             "坐标系应为 EPSG:4490、EPSG:4326 或 gcj02",
                             "the CRS is EPSG:4490, EPSG:4326 or gcj02");
    f->has_position = 1;
    f->crs = in->crs;
    f->given_lon = f->lon = in->lon;
    f->given_lat = f->lat = in->lat;
    if (geo_transform_point(db->geo, in->crs, GEO_CRS_4490, &f->lon, &f->lat) != GEO_OK)
        return reg_error_set(err, REG_EINVAL, "coordinate_out_of_range", "position",
                             "坐标超出范围（经度 -180..180，纬度 -90..90）",
                             "coordinate out of range (lon -180..180, lat -90..90)");
    if (!in->has_accuracy)
        return reg_error_set(err, REG_EINVAL, "accuracy_missing", "accuracy_m",
                             "实测坐标须注明精度（米）",
                             "an observed position needs its stated accuracy in metres");
    if (!isfinite(in->accuracy_m) || !(in->accuracy_m > 0) ||
        in->accuracy_m > REG_ACCURACY_MAX_M)
        return reg_error_set(err, REG_EINVAL, "bad_accuracy", "accuracy_m",
                             "精度应为大于0且不超过100的米数",
                             "the accuracy is a number of metres above 0 and at most 100");
    f->accuracy_m = in->accuracy_m;
    return REG_OK;
}

/* Checks the photos (count, size, kind) and hashes them. */
static int photos_check(const reg_inspection_input *in, insp_fields *f, reg_error *err)
{
    if (in->nphotos > REG_PHOTOS_PER_RECORD || (in->nphotos && !in->photos))
        return reg_error_set(err, REG_EINVAL, "too_many_photos", "photos",
                             "每条记录最多8张照片", "a record has at most 8 photos");
    for (size_t i = 0; i < in->nphotos; i++) {
        insp_photo *p = &f->photos[i];
        int rc = reg_photo_check(in->photos[i].data, in->photos[i].len, &p->content_type, err);
        if (rc != REG_OK)
            return rc;
        p->data = in->photos[i].data;
        p->len = in->photos[i].len;
        reg_sha256_hex(p->data, p->len, p->sha);
        f->nphotos++;
    }
    return REG_OK;
}

/* Checks the condition, the action and, for a repair, replacement or
 * reset, that both sides were present (B4). */
static int condition_check(const reg_inspection_input *in, insp_fields *f, reg_error *err)
{
    if (reg_condition_parse(in->condition, &f->condition) != REG_OK)
        return reg_error_set(err, REG_EINVAL, "bad_condition", "condition",
                             "界桩状况应为：完好、字迹模糊、损坏、移位、丢失、方位物不齐",
                             "the condition is one of intact, faded, damaged, displaced, lost, "
                             "refs_incomplete (B3)");
    f->action = REG_ACTION_NONE;
    if (in->action && reg_action_parse(in->action, &f->action) != REG_OK)
        return reg_error_set(err, REG_EINVAL, "bad_action", "action",
                             "处理措施应为：无、重新描字、维修、更换、复位",
                             "the action is one of none, repainted, repaired, replaced, reset");
    int rc = reg_text_normalize(in->party_left, "party_left", INSP_TEXT_NAME_MAX, 0, 0,
                                &f->party_left, err);
    if (rc == REG_OK)
        rc = reg_text_normalize(in->party_right, "party_right", INSP_TEXT_NAME_MAX, 0, 0,
                                &f->party_right, err);
    if (rc == REG_OK && reg_action_needs_parties(f->action) && (!f->party_left || !f->party_right))
        rc = reg_error_set(err, REG_ERULE, "parties_required",
                           f->party_left ? "party_right" : "party_left",
                           "维修、更换或复位界桩须有双方人员在场并签名（B4）",
                           "a repair, replacement or reset needs both sides present and named "
                           "(B4)");
    return rc;
}

/* Appends "key=value\x1f" to the fingerprint text (value NULL as "-"). */
static void fp_add(char *buf, size_t size, size_t *used, const char *key, const char *value)
{
    if (*used >= size)
        return;
    int n = snprintf(buf + *used, size - *used, "%s=%s\x1f", key, value ? value : "-");
    *used += n > 0 ? (size_t)n : 0;
}

/* The SHA-256 of every field, the photos' hashes included. */
static int fingerprint(insp_fields *f, reg_error *err)
{
    size_t size = 4096 + (f->notes ? strlen(f->notes) : 0) + REG_PHOTOS_PER_RECORD * 80;
    char *buf = malloc(size), num[96];
    if (!buf)
        return reg_error_nomem(err);
    size_t used = 0;
    snprintf(num, sizeof num, "%d", f->round);
    fp_add(buf, size, &used, "marker", f->marker);
    fp_add(buf, size, &used, "round", num);
    fp_add(buf, size, &used, "at", f->observed_at);
    fp_add(buf, size, &used, "by", f->inspector);
    snprintf(num, sizeof num, "%.9f %.9f %s %.3f", f->given_lon, f->given_lat,
             geo_crs_name(f->crs), f->accuracy_m);
    fp_add(buf, size, &used, "pos", f->has_position ? num : NULL);
    fp_add(buf, size, &used, "cond", reg_condition_name(f->condition));
    fp_add(buf, size, &used, "action", reg_action_name(f->action));
    fp_add(buf, size, &used, "left", f->party_left);
    fp_add(buf, size, &used, "right", f->party_right);
    fp_add(buf, size, &used, "notes", f->notes);
    snprintf(num, sizeof num, "%ld", f->corrects);
    fp_add(buf, size, &used, "corrects", num);
    fp_add(buf, size, &used, "corrects_client", f->corrects_client_id);
    for (size_t i = 0; i < f->nphotos; i++)
        fp_add(buf, size, &used, "photo", f->photos[i].sha);
    reg_sha256_hex(buf, used < size ? used : size, f->fingerprint);
    free(buf);
    return REG_OK;
}

/* See reg_insp_internal.h. */
int reg_insp_check(reg_db *db, const reg_inspection_input *in, insp_fields *f, reg_error *err)
{
    char number[REG_LINE_NUMBER_MAX + 1], type;
    int seq;
    int rc = client_id_check(in->client_id, "client_id", f->client_id, err);
    if (rc == REG_OK)
        rc = reg_marker_id_parse(in->marker, number, &seq, &type, err);
    if (rc != REG_OK)
        return rc;
    snprintf(f->marker, sizeof f->marker, "%s", in->marker);
    if (in->round < 1)
        return reg_error_set(err, REG_EINVAL, "round_number_invalid", "round",
                             "联检轮次应为正整数", "the round number is a positive integer");
    f->round = in->round;
    if (!in->observed_at || !strchr(in->observed_at, 'T') ||
        !reg_time_normalize(in->observed_at, f->observed_at))
        return reg_error_set(err, REG_EINVAL, "bad_time", "observed_at",
                             "检查时间应为带时区的ISO 8601日期时间",
                             "observed_at is an ISO 8601 date-time with its zone");
    if ((rc = reg_text_normalize(in->inspector, "inspector", INSP_TEXT_NAME_MAX, 0, 1,
                                 &f->inspector, err)) != REG_OK ||
        (rc = condition_check(in, f, err)) != REG_OK ||
        (rc = position_check(db, in, f, err)) != REG_OK ||
        (rc = reg_text_normalize(in->notes, "notes", INSP_NOTES_MAX, 1, 0, &f->notes, err)) !=
            REG_OK)
        return rc;
    if (in->corrects < 0)
        return reg_error_set(err, REG_EINVAL, "bad_corrects", "corrects",
                             "被更正记录编号无效", "the corrected record id is not valid");
    f->corrects = in->corrects;
    rc = client_id_check(in->corrects_client_id, "corrects_client_id", f->corrects_client_id,
                         err);
    if (rc == REG_OK)
        rc = photos_check(in, f, err);
    return rc == REG_OK ? fingerprint(f, err) : rc;
}
