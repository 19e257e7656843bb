/* Importing existing standard place names from CSV or GeoJSON (see
 * import.h).  Every record goes through reg_place_register; once all are
 * in, the rule findings of the new places (N1-N4, N9: a rare character, a
 * duplicate in the county, a polyphone...) are listed as warnings, since
 * names already in use are registered as they are. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "import_columns.h"
#include "import_csv.h"
#include "import_places.h"

/* A run over one file. */
typedef struct place_import {
    import_run run;
    reg_db *db;
    long long *ids;      /* the places inserted, for the findings */
    long *lines;         /* the line or feature each came from */
    size_t nids, capids;
    FILE *rejects;       /* a CSV or a JSON lines file of refused records */
    json_t *rejected;    /* GeoJSON: refused features */
} place_import;

/* Registers one record; refusals are reported and counted.  0, or -1 on
 * a storage failure. */
static int apply(place_import *pi, long n, import_place_rec *r, reg_error *err, int parsed)
{
    reg_place_existing ex;
    long long id = 0;
    char outcome = 0;
    int rc = parsed;
    if (rc == REG_OK)
        rc = import_unique(&pi->run, "code", r->v[IP_CODE], n, err);
    if (rc == REG_OK)
        rc = import_place_rec_existing(&pi->run, pi->db, r, &ex, err);
    if (rc == REG_OK)
        rc = reg_place_register(pi->db, pi->run.opt->actor, &ex, &id, &outcome, err);
    if (rc == REG_EIO || rc == REG_ENOMEM) {
        fprintf(pi->run.report, "%s: %s %ld: %s\n", pi->run.path, pi->run.locus, n,
                err->message_en);
        return -1;
    }
    if (rc != REG_OK) {
        import_report_row(&pi->run, n, err->field, err->code, r->v[IP_NAME], err->message_en,
                          err->message_zh);
        pi->run.sum->rejected++;
        return 1;
    }
    if (outcome == '=') {
        pi->run.sum->unchanged++;
        return 0;
    }
    pi->run.sum->inserted++;
    if (pi->nids == pi->capids) {
        size_t cap = pi->capids ? pi->capids * 2 : 256;
        long long *p = realloc(pi->ids, cap * sizeof *p);
        if (p)
            pi->ids = p;
        long *l = realloc(pi->lines, cap * sizeof *l);
        if (l)
            pi->lines = l;
        if (!p || !l)
            return -1;
        pi->capids = cap;
    }
    pi->lines[pi->nids] = n;
    pi->ids[pi->nids++] = id;
    return 0;
}

/* Maps the header to IP_* indexes; an unknown column or a missing name or
 * category refuses the file (reported). */
static int map_header(import_run *run, char **fields, size_t n, size_t *idx)
{
    for (int c = 0; c < IP_COUNT; c++)
        idx[c] = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        char mapped[256];
        const char *name = import_columns_name(run, fields[i], mapped, sizeof mapped);
        if (!name)
            return -1;
        if (import_reason_column(name))
            continue;
        int c = import_place_column(name);
        if (c < 0) {
            import_report_row(run, 1, fields[i], "unknown_column", NULL,
                              "unknown column", "未知的列");
            return -1;
        }
        idx[c] = i;
    }
    if (idx[IP_CATEGORY] == (size_t)-1 || (idx[IP_NAME] == (size_t)-1 &&
                                           idx[IP_SPECIFIC] == (size_t)-1)) {
        import_report_row(run, 1, NULL, "missing_column", NULL,
                          "the header needs name (or specific, generic) and category",
                          "表头需要 name（或 specific、generic）和 category 列");
        return -1;
    }
    return 0;
}

/* Writes a refused CSV row to the rejects file: its fields, line, rule
 * and reason. */
static void reject_csv(place_import *pi, char **fields, size_t n, long line,
                       const reg_error *err)
{
    if (!pi->rejects)
        return;
    char ln[24], reason[700];
    snprintf(ln, sizeof ln, "%ld", line);
    snprintf(reason, sizeof reason, "%s (%s)", err->message_en, err->message_zh);
    const char **out = calloc(n + 3, sizeof *out);
    if (!out)
        return;
    for (size_t i = 0; i < n; i++)
        out[i] = fields[i];
    out[n] = ln;
    out[n + 1] = err->code;
    out[n + 2] = reason;
    import_csv_write(pi->rejects, out, n + 3);
    free(out);
}

/* Imports every row of a CSV.  0, 1 (file refused), -1. */
static int import_csv_rows(place_import *pi)
{
    import_csv *csv = NULL;
    char cerr[256] = "";
    int rc = import_open_rows(&pi->run, &csv); /* a shapefile's .prj sets run.crs */
    if (rc != 0)
        return rc;
    char **fields;
    size_t n, idx[IP_COUNT], nheader = 0;
    long line;
    rc = import_csv_next(csv, &fields, &n, &line, cerr, sizeof cerr);
    if (rc != 1 || map_header(&pi->run, fields, n, idx) != 0) {
        if (rc != 1)
            fprintf(pi->run.report, "%s:1: %s\n", pi->run.path, rc == 0 ? "empty file" : cerr);
        import_csv_close(csv);
        return 1;
    }
    nheader = n;
    if (pi->rejects) {
        const char **head = calloc(n + 3, sizeof *head);
        for (size_t i = 0; head && i < n; i++)
            head[i] = fields[i];
        if (head) {
            head[n] = "_line";
            head[n + 1] = "_rule";
            head[n + 2] = "_reason";
            import_csv_write(pi->rejects, head, n + 3);
        }
        free(head);
    }
    rc = 0;
    int got;
    while (rc >= 0 && (got = import_csv_next(csv, &fields, &n, &line, cerr, sizeof cerr)) != 0) {
        if (got > 0 && n == 1 && !fields[0][0])
            continue;
        pi->run.sum->read++;
        import_progress(&pi->run, (double)import_csv_offset(csv), pi->run.size);
        reg_error err = {0};
        import_place_rec r = {.protected_flag = -1};
        int parsed = got < 0 ? reg_error_set(&err, REG_EINVAL, "bad_csv", "", "CSV 格式错误", cerr)
                     : n != nheader
                         ? reg_error_set(&err, REG_EINVAL, "field_count", "", "字段数与表头不一致",
                                         "the row's field count differs from the header's")
                         : import_place_rec_csv(&r, idx, fields, n, &err);
        rc = apply(pi, line, &r, &err, parsed);
        if (rc == 1) {
            reject_csv(pi, fields, got < 0 ? 0 : n, line, &err);
            rc = 0;
        }
        import_place_rec_free(pi->db, &r);
    }
    import_csv_close(csv);
    return rc;
}

/* Imports every feature of a GeoJSON FeatureCollection.  0, 1, -1. */
static int import_place_features(place_import *pi)
{
    json_t *doc = NULL;
    int rc = import_load_features(&pi->run, &doc);
    if (rc != 0)
        return rc;
    json_t *features = json_object_get(doc, "features");
    pi->run.locus = "feature";
    size_t i;
    json_t *feature;
    json_array_foreach(features, i, feature) {
        pi->run.sum->read++;
        import_progress(&pi->run, (double)i, (double)json_array_size(features));
        reg_error err = {0};
        import_place_rec r = {.protected_flag = -1};
        int parsed = import_place_rec_feature(&r, feature, &err);
        rc = apply(pi, (long)i + 1, &r, &err, parsed);
        if (rc == 1 && pi->rejected) {
            json_t *copy = json_deep_copy(feature);
            json_t *props = json_object_get(copy, "properties");
            if (json_is_object(props)) {
                json_object_set_new(props, "_rule", json_string(err.code));
                json_object_set_new(props, "_reason", json_string(err.message_en));
            }
            json_array_append_new(json_object_get(pi->rejected, "features"), copy);
        }
        import_place_rec_free(pi->db, &r);
        if (rc < 0)
            break;
        rc = 0;
    }
    json_decref(doc);
    return rc;
}

/* Reports the findings of every place the run inserted, as warnings. */
static int report_findings(place_import *pi)
{
    static const char *const lists[] = {"errors", "warnings"};
    for (size_t k = 0; k < pi->nids; k++) {
        json_t *f = NULL;
        reg_error err = {0};
        if (reg_place_findings(pi->db, pi->ids[k], &f, &err) != REG_OK) {
            fprintf(pi->run.report, "%s: findings of place %lld: %s\n", pi->run.path,
                    pi->ids[k], err.message_en);
            return -1;
        }
        for (int l = 0; l < 2; l++) {
            size_t i;
            json_t *x;
            json_array_foreach(json_object_get(f, lists[l]), i, x) {
                char en[600];
                snprintf(en, sizeof en, "place %lld: %s %s %s: %s", pi->ids[k],
                         json_string_value(json_object_get(x, "rule")),
                         l == 0 ? "error" : "warning",
                         json_string_value(json_object_get(x, "key")),
                         json_string_value(json_object_get(x, "message_en")));
                import_report_warning(&pi->run, pi->lines[k], en,
                                      json_string_value(json_object_get(x, "message_zh")));
            }
        }
        json_decref(f);
    }
    return 0;
}

/* 1 if the file starts (after white space and a BOM) with '{'. */
static int looks_like_json(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    int c;
    while ((c = fgetc(f)) != EOF && (isspace(c) || c == 0xef || c == 0xbb || c == 0xbf))
        ;
    fclose(f);
    return c == '{';
}

/* See import.h. */
int import_places(reg_db *db, const char *path, const import_options *opt, import_summary *sum)
{
    if (!db || !path || !opt || !sum)
        return -1;
    place_import pi = {.db = db};
    import_run_start(&pi.run, path, opt, sum);
    static const import_shape_columns shape = {.collection = "places", .wkt = "wkt"};
    pi.run.shape = &shape;
    if (import_run_crs(&pi.run) != 0)
        return 1;
    int json = looks_like_json(path);
    reg_error err = {0};
    int rc = reg_places_data_load(&err) == REG_OK ? 0 : -1;
    if (rc != 0)
        fprintf(pi.run.report, "%s: %s\n", path, err.message_en);
    if (rc == 0 && opt->rejects_path && !json && !(pi.rejects = fopen(opt->rejects_path, "wb")))
        rc = -1;
    if (rc == 0 && opt->rejects_path && json &&
        !(pi.rejected = json_pack("{s:s, s:[]}", "type", "FeatureCollection", "features")))
        rc = -1;
    if (rc == 0 && reg_tx_begin(db, &err) != REG_OK) {
        fprintf(pi.run.report, "%s: %s\n", path, err.message_en);
        rc = -1;
    }
    if (rc == 0)
        rc = json ? import_place_features(&pi) : import_csv_rows(&pi);
    if (rc == 0)
        rc = report_findings(&pi);
    if (rc != 0)
        reg_tx_rollback(db);
    else
        rc = import_finish(&pi.run, db);
    if (pi.rejected && rc == 0 && !opt->dry_run &&
        json_dump_file(pi.rejected, opt->rejects_path, JSON_INDENT(1)) != 0)
        rc = -1;
    if (pi.rejects && fclose(pi.rejects) != 0)
        rc = -1;
    import_run_end(&pi.run);
    json_decref(pi.rejected);
    free(pi.ids);
    free(pi.lines);
    return rc;
}
