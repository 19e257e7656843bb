/* Export as CSV: the descriptor's properties as columns, lon/lat (x/y in
 * EPSG:4544) for point kinds, a wkt column for kinds of lines or of mixed
 * geometry (what `diming import places|streets|boundary-lines` read),
 * optionally after a UTF-8 BOM. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "import_csv.h"
#include "import_export_internal.h"

/* Columns beyond the properties: two coordinates. */
#define CSV_COLUMNS_MAX (REG_FEATURE_PROPS_MAX + 2)

/* The writer's state. */
typedef struct csv_out {
    import_export_run *run;
    FILE *f;
    int point; /* 1: coordinate columns */
    int wkt;   /* 1: a WKT column */
    GEOSWKTWriter *writer;
} csv_out;

/* Writes the text of value v of property p into buf (64 bytes) unless it
 * is text, which is returned as it is; "" for NULL. */
static const char *value_text(const reg_prop *p, const reg_value *v, char *buf)
{
    if (v->is_null)
        return "";
    if (p->type == REG_PROP_INTEGER) {
        snprintf(buf, 64, "%lld", v->i);
        return buf;
    }
    if (p->type == REG_PROP_REAL) {
        import_export_number(v->r, buf, 64);
        return buf;
    }
    return v->s ? v->s : "";
}

/* reg_feature_fn: writes one row.  1 on failure (run->err). */
static int csv_feature(void *cls, const reg_feature *f)
{
    csv_out *o = cls;
    import_export_run *run = o->run;
    const char *fields[CSV_COLUMNS_MAX];
    char bufs[CSV_COLUMNS_MAX][64];
    size_t n = run->c->nprops;
    for (size_t i = 0; i < n; i++)
        fields[i] = value_text(&run->c->props[i], &f->values[i], bufs[i]);
    if (o->point) {
        GEOSGeometry *g = NULL;
        if (import_export_geometry(run, f, &g) != 0)
            return 1;
        GEOSContextHandle_t h = geo_ctx_geos(reg_geo(run->db));
        double x, y;
        int ok = g && GEOSGeomTypeId_r(h, g) == GEOS_POINT && GEOSGeomGetX_r(h, g, &x) == 1 &&
                 GEOSGeomGetY_r(h, g, &y) == 1;
        if (g)
            GEOSGeom_destroy_r(h, g);
        if (ok) {
            import_export_number(x, bufs[n], 64);
            import_export_number(y, bufs[n + 1], 64);
        } else {
            bufs[n][0] = bufs[n + 1][0] = '\0';
        }
        fields[n] = bufs[n];
        fields[n + 1] = bufs[n + 1];
        n += 2;
    }
    char *wkt = NULL;
    if (o->wkt) {
        GEOSGeometry *g = NULL;
        if (import_export_geometry(run, f, &g) != 0)
            return 1;
        GEOSContextHandle_t h = geo_ctx_geos(reg_geo(run->db));
        wkt = g ? GEOSWKTWriter_write_r(h, o->writer, g) : NULL;
        if (g)
            GEOSGeom_destroy_r(h, g);
        if (g && !wkt)
            return import_export_fail(run, "feature %s: cannot write WKT", f->id);
        fields[n++] = wkt ? wkt : "";
    }
    int wrc = import_csv_write(o->f, fields, n);
    if (wkt)
        GEOSFree_r(geo_ctx_geos(reg_geo(run->db)), wkt);
    if (wrc != 0)
        return import_export_fail(run, "write error");
    run->sum->written++;
    return 0;
}

/* See import_export_internal.h. */
int import_export_csv(import_export_run *run, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return import_export_fail(run, "cannot create the file: %s", strerror(errno));
    csv_out o = {run, f, run->c->geom_type == REG_GEOM_POINT,
                 run->c->geom_type == REG_GEOM_ANY || run->c->geom_type == REG_GEOM_LINE, NULL};
    GEOSContextHandle_t h = geo_ctx_geos(reg_geo(run->db));
    if (o.wkt) {
        o.writer = GEOSWKTWriter_create_r(h);
        if (!o.writer) {
            fclose(f);
            return import_export_fail(run, "out of memory");
        }
        GEOSWKTWriter_setTrim_r(h, o.writer, 1);
        GEOSWKTWriter_setRoundingPrecision_r(h, o.writer, 17);
    }
    const char *header[CSV_COLUMNS_MAX];
    size_t n = run->c->nprops;
    for (size_t i = 0; i < n; i++)
        header[i] = run->c->props[i].name;
    if (o.point) {
        header[n++] = run->crs == GEO_CRS_4544 ? "x" : "lon";
        header[n++] = run->crs == GEO_CRS_4544 ? "y" : "lat";
    }
    if (o.wkt)
        header[n++] = "wkt";
    int rc = 0;
    if ((run->opt->bom && fputs("\xEF\xBB\xBF", f) == EOF) || import_csv_write(f, header, n) != 0)
        rc = import_export_fail(run, "write error");
    if (rc == 0)
        rc = import_export_read_result(
            run, reg_features_read(run->db, run->c, &run->q, csv_feature, &o, NULL, &run->reg));
    if (o.writer)
        GEOSWKTWriter_destroy_r(h, o.writer);
    if (fclose(f) != 0)
        rc = rc ? rc : import_export_fail(run, "write error");
    return rc;
}
