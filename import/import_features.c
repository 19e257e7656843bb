/*
 * import_features.c: the driver of GeoJSON imports that go feature by
 * feature through a registry write (boundary lines, markers): one
 * transaction, a report line for each refused feature, the refused ones
 * kept with their reasons in a rejects FeatureCollection.
 */
#include <string.h>

#include "import_internal.h"

/* See import_internal.h. */
void import_reject_feature(json_t *rejects, json_t *feature, const reg_error *err)
{
    json_t *copy = rejects ? json_deep_copy(feature) : NULL;
    if (!copy)
        return;
    json_t *props = json_object_get(copy, "properties");
    if (!json_is_object(props)) {
        props = json_object();
        json_object_set_new(copy, "properties", props);
    }
    char reason[700];
    snprintf(reason, sizeof reason, "%s (%s)", err->message_en, err->message_zh);
    json_object_set_new(props, "_rule", json_string(err->code));
    json_object_set_new(props, "_reason", json_string(reason));
    json_array_append_new(json_object_get(rejects, "features"), copy);
}

/* Applies one feature; 0, or -1 when the run must stop. */
static int features_one(import_run *run, reg_db *db, json_t *feature, long number,
                        import_feature_fn fn, void *ctx, json_t *rejects)
{
    reg_error err = {0};
    char outcome = '=';
    run->sum->read++;
    int rc = json_is_object(feature) && json_is_object(json_object_get(feature, "properties"))
                 ? fn(run, db, feature, number, ctx, &outcome, &err)
                 : reg_error_set(&err, REG_EINVAL, "bad_feature", "properties",
                                 "要素或其属性不是对象",
                                 "the feature or its properties is not an object");
    if (rc == REG_OK) {
        import_count(run->sum, outcome);
        return 0;
    }
    if (rc == REG_EIO || rc == REG_ENOMEM) {
        fprintf(run->report, "%s: feature %ld: %s\n", run->path, number, err.message_en);
        return -1;
    }
    import_report_row(run, number, err.field, err.code, NULL, err.message_en, err.message_zh);
    run->sum->rejected++;
    import_reject_feature(rejects, feature, &err);
    return 0;
}

/* See import_internal.h. */
int import_features(import_run *run, reg_db *db, import_feature_fn fn, void *ctx)
{
    run->locus = "feature";
    json_t *doc = NULL;
    int loaded = import_load_features(run, &doc);
    if (loaded != 0)
        return loaded;
    json_t *features = json_object_get(doc, "features");
    json_t *rejects = run->opt->rejects_path
                          ? json_pack("{s:s, s:[]}", "type", "FeatureCollection", "features")
                          : NULL;
    reg_error err = {0};
    int rc = reg_tx_begin(db, &err) == REG_OK ? 0 : -1;
    if (rc)
        fprintf(run->report, "%s: %s\n", run->path, err.message_en);
    size_t i;
    json_t *feature;
    json_array_foreach(features, i, feature) {
        if (rc == 0)
            rc = features_one(run, db, feature, (long)i + 1, fn, ctx, rejects);
        import_progress(run, (double)i + 1, (double)json_array_size(features));
    }
    if (rc == 0)
        rc = import_finish(run, db);
    else
        reg_tx_rollback(db);
    if (rc == 0 && rejects && !run->opt->dry_run &&
        json_dump_file(rejects, run->opt->rejects_path, JSON_REAL_PRECISION(15)) != 0) {
        fprintf(run->report, "cannot write %s\n", run->opt->rejects_path);
        rc = -1;
    }
    json_decref(rejects);
    json_decref(doc);
    import_run_end(run);
    return rc;
}
