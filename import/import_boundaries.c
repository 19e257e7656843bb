/* Attaching polygons from GeoJSON to existing units (see import.h). */
#include <stdlib.h>
#include <string.h>

#include "import_csv.h"
#include "import_internal.h"

#define UNIT_CODE_LEN 13

/* A --rename mapping: old name -> new name, read from a CSV. */
typedef struct rename_map {
    char **from, **to;
    size_t n;
} rename_map;

/* Frees a rename map. */
static void rename_free(rename_map *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->from[i]);
        free(m->to[i]);
    }
    free(m->from);
    free(m->to);
}

/* Reads old_name,new_name rows (a header row "old_name,new_name" is
 * skipped).  Returns 0 or -1 with a report. */
static int rename_load(import_run *run, const char *path, rename_map *m)
{
    import_csv *csv = NULL;
    char err[256];
    if (import_csv_open(path, &csv, err, sizeof err) != 0) {
        fprintf(run->report, "%s: %s\n", path, err);
        return -1;
    }
    char **f;
    size_t n;
    long line;
    int rc;
    while ((rc = import_csv_next(csv, &f, &n, &line, err, sizeof err)) != 0) {
        if (rc < 0 || n != 2) {
            fprintf(run->report, "%s: line %ld: %s\n", path, line,
                    rc < 0 ? err : "need two fields: old_name,new_name");
            import_csv_close(csv);
            return -1;
        }
        if (line == 1 && strcmp(f[0], "old_name") == 0)
            continue;
        char **nf = realloc(m->from, (m->n + 1) * sizeof *nf);
        if (nf)
            m->from = nf;
        char **nt = realloc(m->to, (m->n + 1) * sizeof *nt);
        if (nt)
            m->to = nt;
        if (!nf || !nt) {
            import_csv_close(csv);
            return -1;
        }
        m->from[m->n] = strdup(f[0]);
        m->to[m->n] = strdup(f[1]);
        m->n++;
        if (!m->from[m->n - 1] || !m->to[m->n - 1]) {
            import_csv_close(csv);
            return -1;
        }
    }
    import_csv_close(csv);
    return 0;
}

/* The name with its last character, the generic 乡 (township) or 镇 (town),
 * swapped for the other, in out; 0 if it ends in one of them, else -1. */
static int swap_generic(const char *name, char *out, size_t outlen)
{
    static const char xiang[] = "\xe4\xb9\xa1", zhen[] = "\xe9\x95\x87";
    size_t n = strlen(name);
    if (n < 3 || n + 1 > outlen)
        return -1;
    const char *tail = name + n - 3;
    const char *other = strcmp(tail, xiang) == 0 ? zhen : strcmp(tail, zhen) == 0 ? xiang : NULL;
    if (!other)
        return -1;
    memcpy(out, name, n - 3);
    memcpy(out + n - 3, other, 4);
    return 0;
}

/* Finds the unit a feature describes: by "code", by exact "name", by the
 * rename map, then by the generic swapped (a warning).  Returns REG_OK with
 * code, or a registry status with err filled. */
static int match_unit(import_run *run, reg_db *db, long feature, json_t *props,
                      const rename_map *map, char code[UNIT_CODE_LEN], reg_error *err)
{
    const char *by_code = json_string_value(json_object_get(props, "code"));
    if (by_code) {
        json_t *unit = NULL;
        int rc = reg_unit_get(db, by_code, 0, &unit, err);
        json_decref(unit);
        if (rc == REG_OK)
            snprintf(code, UNIT_CODE_LEN, "%s", by_code);
        return rc;
    }
    const char *name = json_string_value(json_object_get(props, "name"));
    if (!name)
        return reg_error_set(err, REG_EINVAL, "no_code_or_name", "properties",
                             "要素既无 code 也无 name 属性",
                             "the feature has neither a code nor a name property");
    int rc = reg_unit_find_by_name(db, name, NULL, code, err);
    if (rc != REG_ENOTFOUND)
        return rc;
    for (size_t i = 0; i < map->n; i++)
        if (strcmp(map->from[i], name) == 0)
            return reg_unit_find_by_name(db, map->to[i], NULL, code, err);
    char swapped[256];
    if (swap_generic(name, swapped, sizeof swapped) == 0 &&
        reg_unit_find_by_name(db, swapped, NULL, code, err) == REG_OK) {
        char en[400], zh[400];
        snprintf(en, sizeof en, "name %s matched unit %s %s (only the generic 乡/镇 differs)",
                 name, code, swapped);
        snprintf(zh, sizeof zh, "名称 %s 按通名乡/镇之差匹配到 %s %s", name, code, swapped);
        import_report_warning(run, feature, en, zh);
        return REG_OK;
    }
    char en[320];
    snprintf(en, sizeof en, "no unit is named %s", name);
    return reg_error_set(err, REG_ENOTFOUND, "unit_not_found", "name", "找不到该名称的单位", en);
}

/* Reads, converts and checks a feature's geometry into a MultiPolygon in
 * EPSG:4490.  Returns REG_OK with *out, or an error status with err. */
static int feature_geometry(import_run *run, reg_db *db, long feature, json_t *geometry,
                            GEOSGeometry **out, reg_error *err)
{
    geo_ctx *geo = reg_geo(db);
    GEOSContextHandle_t h = geo_ctx_geos(geo);
    char reason[GEO_ERRLEN] = "";
    GEOSGeometry *g = NULL, *t = NULL, *fixed = NULL;
    int rc = REG_OK;
    if (geo_geojson_read(geo, geometry, &g, reason, sizeof reason) != GEO_OK) {
        rc = reg_error_set(err, REG_EINVAL, "bad_geometry", "geometry", "几何对象格式错误", reason);
        goto done;
    }
    if ((rc = import_geom(run, db, run->crs, g, &t, "geometry", err)) != REG_OK)
        goto done;
    const GEOSGeometry *use = t;
    if (geo_validate(geo, t, reason, sizeof reason) != GEO_OK) {
        if (!run->opt->fix) {
            char en[400];
            snprintf(en, sizeof en, "invalid polygon: %s (use --fix to repair)", reason);
            rc = reg_error_set(err, REG_ERULE, "invalid_geometry", "geometry", "多边形无效", en);
            goto done;
        }
        if (geo_make_valid(geo, t, &fixed) != GEO_OK) {
            rc = reg_error_set(err, REG_ERULE, "invalid_geometry", "geometry", "多边形无效且无法修复",
                               "invalid polygon that could not be repaired");
            goto done;
        }
        char en[400];
        snprintf(en, sizeof en, "polygon repaired: %s", reason);
        import_report_warning(run, feature, en, "多边形无效，已修复");
        use = fixed;
    }
    if (geo_to_multipolygon(geo, use, out) != GEO_OK)
        rc = reg_error_set(err, REG_ERULE, "not_polygonal", "geometry", "几何类型须为面",
                           "the geometry must be a Polygon or MultiPolygon");
done:
    if (g)
        GEOSGeom_destroy_r(h, g);
    if (t)
        GEOSGeom_destroy_r(h, t);
    if (fixed)
        GEOSGeom_destroy_r(h, fixed);
    return rc;
}

/* Imports one feature.  Returns 0 (applied or refused and reported), -1 on
 * a storage failure. */
static int import_feature(import_run *run, reg_db *db, size_t index, json_t *feature,
                          const rename_map *map, json_t *rejects)
{
    long n = (long)index + 1;
    reg_error err = {0};
    char code[UNIT_CODE_LEN] = "";
    json_t *props = json_object_get(feature, "properties");
    int rc;
    GEOSGeometry *g = NULL;
    if (!json_is_object(feature) || !json_is_object(props))
        rc = reg_error_set(&err, REG_EINVAL, "bad_feature", "properties",
                           "要素或其属性不是对象", "the feature or its properties is not an object");
    else
        rc = match_unit(run, db, n, props, map, code, &err);
    if (rc == REG_OK) /* a second feature for the same unit */
        rc = import_unique(run, "code", code, n, &err);
    if (rc == REG_OK)
        rc = feature_geometry(run, db, n, json_object_get(feature, "geometry"), &g, &err);
    char outcome = 0;
    if (rc == REG_OK) {
        rc = reg_unit_set_geometry(db, run->opt->actor, code, g, &outcome, &err);
        GEOSGeom_destroy_r(geo_ctx_geos(reg_geo(db)), g);
    }
    if (rc == REG_EIO || rc == REG_ENOMEM) {
        fprintf(run->report, "%s: feature %ld: %s\n", run->path, n, err.message_en);
        return -1;
    }
    if (rc != REG_OK) {
        import_report_row(run, n, err.field, err.code, NULL, err.message_en, err.message_zh);
        run->sum->rejected++;
        import_reject_feature(rejects, feature, &err);
        return 0;
    }
    if (outcome == '=')
        run->sum->unchanged++;
    else
        run->sum->updated++;
    return 0;
}

/* Writes the rejects collection to the rejects path.  0 or -1. */
static int write_rejects(import_run *run, json_t *rejects)
{
    if (json_dump_file(rejects, run->opt->rejects_path, JSON_REAL_PRECISION(15)) != 0) {
        fprintf(run->report, "cannot write %s\n", run->opt->rejects_path);
        return -1;
    }
    return 0;
}

/* See import.h. */
int import_unit_boundaries(reg_db *db, const char *path, const import_options *opt,
                           import_summary *sum)
{
    if (!db || !path || !opt || !sum)
        return -1;
    import_run run;
    import_run_start(&run, path, opt, sum);
    run.locus = "feature";
    if (import_run_crs(&run) != 0)
        return 1;
    static const import_shape_columns shape = {.collection = "units", .wkt = "wkt"};
    run.shape = &shape;
    json_t *doc = NULL;
    int loaded = import_load_features(&run, &doc); /* a shapefile's .prj sets run.crs */
    if (loaded != 0)
        return loaded;
    json_t *features = json_object_get(doc, "features");
    rename_map map = {0};
    size_t nfeat = json_array_size(features);
    json_t *rejects = opt->rejects_path
                          ? json_pack("{s:s, s:[]}", "type", "FeatureCollection", "features")
                          : NULL;
    reg_error err = {0};
    int rc = -1;
    if (opt->rejects_path && !rejects)
        goto out;
    if (opt->rename_path && rename_load(&run, opt->rename_path, &map) != 0) {
        rc = 1;
        goto out;
    }
    if (reg_tx_begin(db, &err) != REG_OK) {
        fprintf(run.report, "%s: %s\n", path, err.message_en);
        goto out;
    }
    size_t i;
    json_t *feature;
    rc = 0;
    json_array_foreach(features, i, feature) {
        sum->read++;
        import_progress(&run, (double)i + 1, (double)nfeat);
        if (import_feature(&run, db, i, feature, &map, rejects) != 0) {
            rc = -1;
            break;
        }
    }
    if (rc != 0) {
        reg_tx_rollback(db);
        goto out;
    }
    rc = import_finish(&run, db);
    if (rc == 0 && rejects && !opt->dry_run)
        rc = write_rejects(&run, rejects);
out:
    import_run_end(&run);
    rename_free(&map);
    json_decref(rejects);
    json_decref(doc);
    return rc;
}
