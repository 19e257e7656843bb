/* Export as an ESRI Shapefile through SpatiaLite's own shapefile writer
 * (gaiaOpenShpWriteEx / gaiaWriteShpEntity), with a UTF-8 DBF, a .cpg
 * that says so and a .prj from SpatiaLite's spatial_ref_sys.
 *
 * SpatiaLite's dump_shapefile() writes a whole table; it cannot filter by
 * unit nor transform to EPSG:4544, so the rows come from the registry and
 * go through the writer it is built on.  DBF limits: field names of 10
 * bytes (cut, and refused if two become equal), text fields of 254 bytes
 * (sized from the data in a first pass), integers of 18 digits, reals as
 * N(24,15). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sqlite3.h> /* for the types gaiageo.h uses; no SQL here */
#include <spatialite/gaiageo.h>

#include "import_export_internal.h"

#define DBF_NAME_MAX 10
#define DBF_TEXT_MAX 254
#define DBF_INT_WIDTH 18
#define DBF_REAL_WIDTH 24
#define DBF_REAL_DECIMALS 15

/* The writer's state across both passes. */
typedef struct shp_out {
    import_export_run *run;
    size_t width[REG_FEATURE_PROPS_MAX]; /* pass 1: longest text of each property */
    gaiaShapefilePtr shp;                /* pass 2 */
} shp_out;

/* The DBF name of property name: its first 10 bytes, into out (11 bytes). */
static void dbf_name(const char *name, char *out)
{
    snprintf(out, DBF_NAME_MAX + 1, "%s", name);
}

/* Checks that the cut names of c are unique.  0, or 1 with run->err. */
static int names_unique(import_export_run *run)
{
    char a[DBF_NAME_MAX + 1], b[DBF_NAME_MAX + 1];
    for (size_t i = 0; i < run->c->nprops; i++) {
        dbf_name(run->c->props[i].name, a);
        for (size_t j = 0; j < i; j++) {
            dbf_name(run->c->props[j].name, b);
            if (strcasecmp(a, b) == 0)
                return import_export_fail(run, "properties %s and %s are both %s in a DBF",
                                          run->c->props[j].name, run->c->props[i].name, a);
        }
    }
    return 0;
}

/* reg_feature_fn, pass 1: the widths of text fields, and the values that
 * do not fit a DBF.  1 on failure (run->err). */
static int measure(void *cls, const reg_feature *f)
{
    shp_out *o = cls;
    import_export_run *run = o->run;
    if (!f->wkb)
        return 0;
    for (size_t i = 0; i < run->c->nprops; i++) {
        const reg_value *v = &f->values[i];
        const reg_prop *p = &run->c->props[i];
        char num[64];
        if (v->is_null)
            continue;
        if (p->type == REG_PROP_INTEGER && (v->i > 99999999999999999LL ||
                                            v->i < -9999999999999999LL))
            return import_export_fail(run, "feature %s: %s has more digits than a DBF holds",
                                      f->id, p->name);
        if (p->type == REG_PROP_REAL &&
            snprintf(num, sizeof num, "%.*f", DBF_REAL_DECIMALS, v->r) > DBF_REAL_WIDTH)
            return import_export_fail(run, "feature %s: %s is too large for a DBF field",
                                      f->id, p->name);
        if ((p->type == REG_PROP_TEXT || p->type == REG_PROP_DATE) && v->s) {
            size_t n = strlen(v->s);
            if (n > DBF_TEXT_MAX)
                return import_export_fail(run, "feature %s: %s is longer than the %d bytes of "
                                          "a DBF text field", f->id, p->name, DBF_TEXT_MAX);
            if (n > o->width[i])
                o->width[i] = n;
        }
    }
    return 0;
}

/* The DBF field list: one field per property, at its offset.  NULL when
 * memory runs out. */
static gaiaDbfListPtr field_list(const shp_out *o)
{
    gaiaDbfListPtr list = gaiaAllocDbfList();
    int offset = 0;
    for (size_t i = 0; list && i < o->run->c->nprops; i++) {
        const reg_prop *p = &o->run->c->props[i];
        char name[DBF_NAME_MAX + 1];
        dbf_name(p->name, name);
        unsigned char type = 'C', length, decimals = 0;
        if (p->type == REG_PROP_INTEGER) {
            type = 'N';
            length = DBF_INT_WIDTH;
        } else if (p->type == REG_PROP_REAL) {
            type = 'N';
            length = DBF_REAL_WIDTH;
            decimals = DBF_REAL_DECIMALS;
        } else {
            length = (unsigned char)(o->width[i] ? o->width[i] : 1);
        }
        if (!gaiaAddDbfField(list, name, type, offset, length, decimals)) {
            gaiaFreeDbfList(list);
            return NULL;
        }
        offset += length;
    }
    return list;
}

/* reg_feature_fn, pass 2: writes one feature with a geometry, counts one
 * without.  1 on failure (run->err). */
static int write_feature(void *cls, const reg_feature *f)
{
    shp_out *o = cls;
    import_export_run *run = o->run;
    GEOSGeometry *g = NULL;
    if (import_export_geometry(run, f, &g) != 0)
        return 1;
    if (!g) {
        run->sum->no_geometry++;
        return 0;
    }
    unsigned char *wkb = NULL;
    size_t len = 0;
    int grc = geo_wkb_write(reg_geo(run->db), g, &wkb, &len);
    GEOSGeom_destroy_r(geo_ctx_geos(reg_geo(run->db)), g);
    gaiaGeomCollPtr geom = grc == GEO_OK ? gaiaFromWkb(wkb, (unsigned int)len) : NULL;
    free(wkb);
    gaiaDbfListPtr entity = geom ? gaiaCloneDbfEntity(o->shp->Dbf) : NULL;
    if (!entity) {
        gaiaFreeGeomColl(geom);
        return import_export_fail(run, "feature %s: cannot convert its geometry", f->id);
    }
    gaiaDbfFieldPtr fld = entity->First;
    for (size_t i = 0; fld && i < run->c->nprops; i++, fld = fld->Next) {
        const reg_value *v = &f->values[i];
        if (v->is_null)
            gaiaSetNullValue(fld);
        else if (run->c->props[i].type == REG_PROP_INTEGER)
            gaiaSetIntValue(fld, v->i);
        else if (run->c->props[i].type == REG_PROP_REAL)
            gaiaSetDoubleValue(fld, v->r);
        else
            gaiaSetStrValue(fld, (char *)(v->s ? v->s : ""));
    }
    entity->Geometry = geom;
    int ok = gaiaWriteShpEntity(o->shp, entity);
    gaiaFreeDbfList(entity);
    if (!ok)
        return import_export_fail(run, "feature %s: the shapefile writer refused it", f->id);
    run->sum->written++;
    return 0;
}

/* Writes text into path+suffix.  0, or 1 with run->err. */
static int write_side_file(import_export_run *run, const char *path, const char *suffix,
                           const char *text)
{
    char name[4200];
    snprintf(name, sizeof name, "%s%s", path, suffix);
    FILE *f = fopen(name, "w");
    if (!f)
        return import_export_fail(run, "cannot create %s", name);
    int bad = fputs(text, f) == EOF;
    bad |= fclose(f) != 0;
    return bad ? import_export_fail(run, "write error on %s", name) : 0;
}

/* The .prj (the WKT SpatiaLite keeps for the EPSG code) and the .cpg. */
static int write_side_files(import_export_run *run, const char *path)
{
    int srid = run->crs == GEO_CRS_4544 ? 4544 : run->crs == GEO_CRS_4326 ? 4326 : 4490;
    char *wkt = NULL;
    if (reg_srs_wkt(run->db, srid, &wkt, &run->reg) != REG_OK)
        return -1;
    int rc = write_side_file(run, path, ".prj", wkt);
    free(wkt);
    return rc ? rc : write_side_file(run, path, ".cpg", "UTF-8\n");
}

/* See import_export_internal.h. */
int import_export_shp(import_export_run *run, const char *path)
{
    static const int shapes[] = {[REG_GEOM_POINT] = GAIA_POINT,
                                 [REG_GEOM_LINE] = GAIA_MULTILINESTRING,
                                 [REG_GEOM_POLYGON] = GAIA_MULTIPOLYGON};
    shp_out o = {.run = run};
    if (run->c->geom_type == REG_GEOM_ANY)
        return import_export_fail(run, "%s mixes points, lines and polygons, which a shapefile "
                                  "cannot hold: export geojson or csv", run->c->id);
    if (names_unique(run) != 0)
        return 1;
    int rc = import_export_read_result(
        run, reg_features_read(run->db, run->c, &run->q, measure, &o, NULL, &run->reg));
    if (rc != 0)
        return rc;
    gaiaDbfListPtr list = field_list(&o);
    o.shp = list ? gaiaAllocShapefile() : NULL;
    if (!o.shp) {
        gaiaFreeDbfList(list);
        return import_export_fail(run, "out of memory");
    }
    gaiaOpenShpWriteEx(o.shp, path, shapes[run->c->geom_type], list, "UTF-8", "UTF-8",
                       GAIA_DBF_COLNAME_CASE_IGNORE);
    if (!o.shp->Valid) {
        rc = import_export_fail(run, "%s", o.shp->LastError ? o.shp->LastError : "cannot open");
        gaiaFreeDbfList(list);
        o.shp->Dbf = NULL;
        gaiaFreeShapefile(o.shp);
        return rc;
    }
    rc = import_export_read_result(
        run, reg_features_read(run->db, run->c, &run->q, write_feature, &o, NULL, &run->reg));
    gaiaFlushShpHeaders(o.shp);
    gaiaFreeShapefile(o.shp);
    return rc ? rc : write_side_files(run, path);
}
