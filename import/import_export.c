/* Exporting a kind of feature to GeoJSON, CSV or a shapefile (see
 * import.h): options, the snapshot, temporary files renamed into place. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "import_export_internal.h"
#include "import_internal.h"

const char *const import_export_shp_parts[] = {".shp", ".shx", ".dbf", ".prj", ".cpg", NULL};

/* See import_export_internal.h. */
int import_export_fail(import_export_run *run, const char *fmt, ...)
{
    if (run->err[0])
        return 1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(run->err, sizeof run->err, fmt, ap);
    va_end(ap);
    return 1;
}

/* See import_export_internal.h. */
int import_export_read_result(import_export_run *run, int rc)
{
    if (rc == REG_OK)
        return 0;
    if (rc > 0)
        return import_export_fail(run, "cannot write the file");
    return -1;
}

/* See import_export_internal.h. */
void import_export_number(double v, char *buf, size_t len)
{
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, len, "%.*g", digits, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

/* See import_export_internal.h.  EPSG:4326 is written as stored: the
 * registry takes it as equal to EPSG:4490 (DOMAIN.md). */
int import_export_geometry(import_export_run *run, const reg_feature *f, GEOSGeometry **out)
{
    geo_ctx *geo = reg_geo(run->db);
    *out = NULL;
    if (!f->wkb)
        return 0;
    GEOSGeometry *g = NULL;
    if (geo_wkb_read(geo, f->wkb, f->wkb_len, &g) != GEO_OK)
        return import_export_fail(run, "feature %s: the stored geometry cannot be read", f->id);
    if (run->crs != GEO_CRS_4544) {
        *out = g;
        return 0;
    }
    int rc = geo_transform_geom(geo, GEO_CRS_4490, run->crs, g, out);
    GEOSGeom_destroy_r(geo_ctx_geos(geo), g);
    if (rc != GEO_OK)
        return import_export_fail(run, "feature %s: cannot transform to EPSG:4544", f->id);
    return 0;
}

/* Checks the options into run: the kind, the CRS, the unit.  0, or 1
 * after saying why on report. */
static int export_setup(import_export_run *run, const import_export_options *opt, FILE *report)
{
    size_t n = 0;
    const reg_collection *const *list = reg_collections(&n);
    run->c = reg_collection_find(list, n, opt->kind);
    if (!run->c) {
        fprintf(report, "unknown kind '%s'; kinds:", opt->kind);
        for (size_t i = 0; i < n; i++)
            fprintf(report, " %s", list[i]->id);
        fputc('\n', report);
        return 1;
    }
    run->crs = GEO_CRS_4490;
    if (opt->crs && (geo_crs_parse(opt->crs, &run->crs) != GEO_OK || run->crs == GEO_CRS_GCJ02)) {
        fprintf(report, "unknown CRS %s (use EPSG:4490, EPSG:4326 or EPSG:4544)\n", opt->crs);
        return 1;
    }
    if (opt->unit && !run->c->unit_column) {
        fprintf(report, "%s cannot be selected by unit\n", run->c->id);
        return 1;
    }
    if (opt->format > IMPORT_EXPORT_SHP) {
        fprintf(report, "unknown export format\n");
        return 1;
    }
    run->q.unit = opt->unit;
    run->q.limit = -1;
    return 0;
}

/* The path of a shapefile without its ".shp" suffix, as a new string. */
static char *shp_base(const char *out)
{
    size_t n = strlen(out);
    if (n > 4 && strcasecmp(out + n - 4, ".shp") == 0)
        n -= 4;
    return strndup(out, n);
}

/* Renames the written file(s) from tmp to final (shapefiles: each part),
 * or removes them when keep is 0.  0, or 1 after saying why. */
static int export_place(const import_export_options *opt, const char *tmp, const char *final,
                        int keep, FILE *report)
{
    if (opt->format != IMPORT_EXPORT_SHP) {
        if (keep && rename(tmp, final) != 0) {
            fprintf(report, "cannot rename %s to %s\n", tmp, final);
            keep = 0;
        }
        if (!keep)
            unlink(tmp);
        return keep ? 0 : 1;
    }
    int rc = 0;
    for (size_t i = 0; import_export_shp_parts[i]; i++) {
        char from[4200], to[4200];
        snprintf(from, sizeof from, "%s%s", tmp, import_export_shp_parts[i]);
        snprintf(to, sizeof to, "%s%s", final, import_export_shp_parts[i]);
        if (keep && !rc && rename(from, to) != 0) {
            fprintf(report, "cannot rename %s to %s\n", from, to);
            rc = 1;
        }
        if (!keep || rc)
            unlink(from);
    }
    return keep && !rc ? 0 : 1;
}

/* See import.h. */
int import_export(reg_db *db, const import_export_options *opt, import_export_summary *sum)
{
    if (!db || !opt || !opt->kind || !opt->out || !sum)
        return -1;
    FILE *report = opt->report ? opt->report : stderr;
    double started = import_now();
    *sum = (import_export_summary){0};
    import_export_run run = {.db = db, .opt = opt, .sum = sum};
    if (export_setup(&run, opt, report) != 0)
        return 1;
    static const import_export_writer writers[] = {import_export_geojson, import_export_csv,
                                                   import_export_shp};
    char *final = opt->format == IMPORT_EXPORT_SHP ? shp_base(opt->out) : strdup(opt->out);
    size_t tmplen = final ? strlen(final) + 32 : 0;
    char *tmp = final ? malloc(tmplen) : NULL;
    int bad = !tmp ? -1 : strlen(final) > 4000 ? 1 : 0;
    if (bad) {
        fprintf(report, "%s\n", bad > 0 ? "the output path is too long" : "out of memory");
        free(final);
        free(tmp);
        return bad;
    }
    snprintf(tmp, tmplen, "%s.tmp%ld", final, (long)getpid());
    int opened = 0;
    int rc = reg_snapshot_begin(db, &opened, &run.reg) == REG_OK ? 0 : -1;
    if (rc == 0)
        rc = writers[opt->format](&run, tmp);
    reg_snapshot_end(db, opened);
    if (rc > 0)
        fprintf(report, "%s: %s\n", opt->out, run.err);
    else if (rc < 0)
        fprintf(report, "%s: %s (%s)\n", opt->out, run.reg.message_en, run.reg.message_zh);
    if (rc < 0 && run.reg.status == REG_EINVAL)
        rc = 1; /* a bad unit code */
    int placed = export_place(opt, tmp, final, rc == 0, report);
    if (rc == 0 && placed != 0)
        rc = 1;
    free(tmp);
    free(final);
    sum->seconds = import_now() - started;
    return rc;
}
