/*
 * import_inspections.c: inspection records collected offline in the field
 * (see import.h).  Each row carries its device's record id, so a file
 * sent twice - or sent again after a partial failure - stores each record
 * once; photos are files next to the CSV.
 */
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"
#include "reg_boundaries.h"

#define INSP_PATH_MAX 4096

/* Photos read for one row. */
typedef struct row_photos {
    reg_photo_input p[REG_PHOTOS_PER_RECORD];
    size_t n;
} row_photos;

/* Frees the photos' bytes. */
static void photos_free(row_photos *ph)
{
    for (size_t i = 0; i < ph->n; i++)
        free((void *)ph->p[i].data);
    ph->n = 0;
}

/* The photo_unreadable error naming path. */
static int photo_unreadable(const char *path, reg_error *err)
{
    char en[INSP_PATH_MAX + 40];
    snprintf(en, sizeof en, "the photo file cannot be read: %s", path);
    return reg_error_set(err, REG_EINVAL, "photo_unreadable", "photos", "照片文件无法读取", en);
}

/* Reads at most REG_PHOTO_MAX + 1 bytes of path (so that the registry
 * sees an oversized photo as such). */
static int photo_read(const char *path, reg_photo_input *p, reg_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return photo_unreadable(path, err);
    unsigned char *buf = malloc(REG_PHOTO_MAX + 1);
    size_t n = buf ? fread(buf, 1, REG_PHOTO_MAX + 1, f) : 0;
    int bad = !buf || ferror(f);
    fclose(f);
    if (bad) {
        int nomem = !buf;
        free(buf);
        return nomem ? reg_error_set(err, REG_ENOMEM, "out_of_memory", "", "内存不足",
                                     "out of memory")
                     : photo_unreadable(path, err);
    }
    p->data = buf;
    p->len = n;
    return REG_OK;
}

/* Reads the row's photos ("a.jpg;b.jpg", relative to dir). */
static int photos_load(const char *list, const char *dir, row_photos *ph, reg_error *err)
{
    char *copy = list ? strdup(list) : NULL;
    if (list && !copy)
        return reg_error_set(err, REG_ENOMEM, "out_of_memory", "", "内存不足", "out of memory");
    int rc = REG_OK;
    for (char *save = NULL, *name = copy ? strtok_r(copy, ";", &save) : NULL;
         rc == REG_OK && name; name = strtok_r(NULL, ";", &save)) {
        while (*name == ' ')
            name++;
        if (!*name)
            continue;
        if (ph->n == REG_PHOTOS_PER_RECORD) {
            rc = reg_error_set(err, REG_EINVAL, "too_many_photos", "photos",
                               "每条记录最多8张照片", "a record has at most 8 photos");
            break;
        }
        char path[INSP_PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", name[0] == '/' ? "" : dir, name);
        rc = photo_read(name[0] == '/' ? name : path, &ph->p[ph->n], err);
        if (rc == REG_OK)
            ph->n++;
    }
    free(copy);
    return rc;
}

/* The row's observed position and accuracy into in, in the row's crs
 * column, else the import's CRS (run->crs).  The accuracy must be a number when
 * given (bad_accuracy); the position lies in the county (import_point: the
 * registry converts and stores it as given). */
static int row_position(import_run *run, reg_db *db, const import_row *row,
                        reg_inspection_input *in, reg_error *err)
{
    const char *lon = import_row_get(row, "lon"), *lat = import_row_get(row, "lat");
    const char *acc = import_row_get(row, "accuracy_m"), *row_crs = import_row_get(row, "crs");
    if ((lon || lat) && (import_number(lon, &in->lon) || import_number(lat, &in->lat)))
        return reg_error_set(err, REG_EINVAL, "bad_coordinate", "lon", "经纬度应为数字",
                             "lon and lat are numbers");
    in->has_position = lon || lat;
    if (acc && import_number(acc, &in->accuracy_m))
        return reg_error_set(err, REG_EINVAL, "bad_accuracy", "accuracy_m",
                             "精度应为米数", "the accuracy is a number of metres");
    in->has_accuracy = acc != NULL;
    in->crs = run->crs;
    if (row_crs && geo_crs_parse(row_crs, &in->crs) != GEO_OK)
        return reg_error_set(err, REG_EINVAL, "bad_crs", "crs",
                             "坐标系应为 EPSG:4490、EPSG:4326 或 gcj02",
                             "the CRS is EPSG:4490, EPSG:4326 or gcj02");
    double x = in->lon, y = in->lat;
    return in->has_position ? import_point(run, db, in->crs, &x, &y, "lon", err) : REG_OK;
}

/* import_row_fn for one record; ctx is the CSV's directory (photos). */
static int record_row(import_run *run, reg_db *db, const import_row *row, void *ctx,
                      char *outcome, reg_error *err)
{
    reg_inspection_input in = {.client_id = import_row_get(row, "client_id"),
                               .marker = import_row_get(row, "marker"),
                               .observed_at = import_row_get(row, "observed_at"),
                               .inspector = import_row_get(row, "inspector"),
                               .condition = import_row_get(row, "condition"),
                               .action = import_row_get(row, "action"),
                               .party_left = import_row_get(row, "party_left"),
                               .party_right = import_row_get(row, "party_right"),
                               .notes = import_row_get(row, "notes"),
                               .corrects_client_id = import_row_get(row, "corrects_client_id")};
    if (!in.client_id)
        return reg_error_set(err, REG_EINVAL, "client_id_missing", "client_id",
                             "离线记录须有记录编号，以免重复导入",
                             "an offline record needs its client id, so that it is stored once");
    int rc = import_unique(run, "client_id", in.client_id, row->line, err);
    if (rc != REG_OK)
        return rc;
    double round = 0;
    if (import_number(import_row_get(row, "round"), &round) || round != (int)round || round < 1)
        return reg_error_set(err, REG_EINVAL, "round_number_invalid", "round",
                             "联检轮次应为正整数", "the round number is a positive integer");
    in.round = (int)round;
    rc = row_position(run, db, row, &in, err);
    row_photos ph = {.n = 0};
    if (rc == REG_OK)
        rc = photos_load(import_row_get(row, "photos"), ctx, &ph, err);
    in.photos = ph.p;
    in.nphotos = ph.n;
    if (rc == REG_OK)
        rc = reg_inspection_add(db, run->opt->actor, &in, NULL, outcome, err);
    photos_free(&ph);
    return rc;
}

/* See import.h. */
int import_inspections_csv(reg_db *db, const char *path, const import_options *opt,
                           import_summary *sum)
{
    if (!db || !path || !opt || !sum)
        return -1;
    import_run run;
    import_run_start(&run, path, opt, sum);
    if (import_run_crs(&run) != 0)
        return 1;
    char copy[INSP_PATH_MAX];
    snprintf(copy, sizeof copy, "%s", path);
    char dir[INSP_PATH_MAX];
    snprintf(dir, sizeof dir, "%s", dirname(copy));
    static const char *const required[] = {"client_id", "marker", "round", "observed_at",
                                           "inspector", "condition", NULL};
    return import_rows_apply(&run, db, required, record_row, dir);
}
