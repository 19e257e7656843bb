/*
 * import_shp.c: a shapefile as another source of rows for the importers
 * (see import_internal.h), read through SpatiaLite's own shapefile reader
 * (gaiaOpenShpRead / gaiaReadShpEntity_ex, the reader its load_shapefile()
 * and ImportSHP() are built on).
 *
 * The reader's C API hands over each record's DBF values and geometry
 * without SQL, so no temporary table (and no SQL outside registry/) is
 * needed: the records are written as CSV text to a temporary file and read
 * back by the CSV reader, so that every importer's header, --map, row
 * validation, report and rejects file work as they do for a CSV.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sqlite3.h> /* for the types gaiageo.h uses; no SQL here */
#include <spatialite/gaiageo.h>

#include "import_export_internal.h"
#include "import_internal.h"

#define SHP_PATH_MAX 4096
#define SHP_SIDE_MAX 65536 /* bytes of a .prj or .cpg read, at most */
#define SHP_COLUMNS_MAX (IMPORT_CSV_FIELDS_MAX - 2)
#define DBF_LDID_OFFSET 29 /* the language driver byte of a DBF header */

/* One shapefile being read. */
typedef struct shp_in {
    import_run *run;
    char base[SHP_PATH_MAX]; /* the path without .shp */
    int upper;               /* 1: the suffix was .SHP, look for .PRJ, .CPG */
    import_cells cells;      /* the geometry's cells */
} shp_in;

/* Lists a refusal of the whole file (line 1) with its rule; returns 1. */
static int refuse(import_run *run, const char *rule, const char *en, const char *zh)
{
    import_report_row(run, 1, NULL, rule, NULL, en, zh);
    return 1;
}

/* Reads the side file base+suffix (suffix in the case of the .shp) into a
 * new string, its trailing spaces and line ends cut.  NULL when absent. */
static char *side_file(const shp_in *s, const char *suffix)
{
    char path[SHP_PATH_MAX + 8], suf[8];
    size_t i = 0;
    for (; suffix[i] && i + 1 < sizeof suf; i++)
        suf[i] = s->upper ? (char)(suffix[i] >= 'a' && suffix[i] <= 'z' ? suffix[i] - 32
                                                                        : suffix[i])
                          : suffix[i];
    suf[i] = '\0';
    snprintf(path, sizeof path, "%s%s", s->base, suf);
    FILE *f = fopen(path, "rb");
    char *text = f ? malloc(SHP_SIDE_MAX + 1) : NULL;
    size_t n = text ? fread(text, 1, SHP_SIDE_MAX, f) : 0;
    if (f)
        fclose(f);
    if (!text)
        return NULL;
    while (n && (text[n - 1] == '\n' || text[n - 1] == '\r' || text[n - 1] == ' '))
        n--;
    text[n] = '\0';
    return text;
}

/* Sets run->crs from the .prj and opt->crs, which import_run_crs has
 * read into run->crs (see import_internal.h).  0, or 1 after reporting. */
static int shp_crs(shp_in *s)
{
    import_run *run = s->run;
    geo_crs given = run->crs;
    int have_given = run->opt->crs != NULL;
    char *prj = side_file(s, ".prj");
    if (!prj)
        return have_given ? 0
                          : refuse(run, "missing_prj",
                                   "the shapefile has no .prj: give its CRS with --crs",
                                   "Shapefile 缺少 .prj 文件，请用 --crs 指定坐标系");
    char reason[GEO_ERRLEN] = "", en[GEO_ERRLEN + 80];
    geo_crs found;
    int grc = geo_crs_from_wkt(s->cells.geo, prj, &found, reason, sizeof reason);
    free(prj);
    if (grc != GEO_OK) {
        snprintf(en, sizeof en, "the .prj is not a CRS diming reads: %s", reason);
        return refuse(run, "unknown_prj", en,
                      ".prj 的坐标系不是 EPSG:4490、EPSG:4326 或 EPSG:4544");
    }
    if (have_given && given != found) {
        snprintf(en, sizeof en, "--crs %s contradicts the .prj (%s)", run->opt->crs,
                 geo_crs_name(found));
        return refuse(run, "crs_conflict", en, "--crs 与 .prj 的坐标系不一致");
    }
    run->crs = found;
    return 0;
}

/* The iconv name of the DBF's text for a .cpg's content, or NULL when the
 * .cpg names a code page this reader does not know. */
static const char *cpg_charset(const char *cpg)
{
    static const char *const utf8[] = {"UTF-8", "UTF8", "65001"};
    static const char *const gbk[] = {"GBK", "CP936", "936", "ANSI 936", "GB2312", "GB18030",
                                      "54936"};
    for (size_t i = 0; i < sizeof utf8 / sizeof utf8[0]; i++)
        if (strcasecmp(cpg, utf8[i]) == 0)
            return "UTF-8";
    for (size_t i = 0; i < sizeof gbk / sizeof gbk[0]; i++)
        if (strcasecmp(cpg, gbk[i]) == 0)
            return "GB18030";
    return NULL;
}

/* The DBF's language driver byte, or -1. */
static int dbf_ldid(const shp_in *s)
{
    char path[SHP_PATH_MAX + 8];
    snprintf(path, sizeof path, "%s%s", s->base, s->upper ? ".DBF" : ".dbf");
    FILE *f = fopen(path, "rb");
    int c = -1;
    if (f && fseek(f, DBF_LDID_OFFSET, SEEK_SET) == 0)
        c = getc(f);
    if (f)
        fclose(f);
    return c;
}

/* Chooses the DBF's charset (see import_internal.h); *fallback is 1 when
 * a failure to decode it as UTF-8 is to be retried as GB18030.  0, or 1
 * after reporting. */
static int shp_charset(shp_in *s, const char **charset, int *fallback)
{
    import_encoding enc;
    *fallback = 0;
    if (import_encoding_parse(s->run->opt->encoding, &enc) != 0) {
        fprintf(s->run->report, "%s: unknown encoding %s (auto, utf-8, gbk, gb18030)\n",
                s->run->path, s->run->opt->encoding);
        return 1;
    }
    if (enc != IMPORT_ENC_AUTO) {
        *charset = import_encoding_name(enc);
        return 0;
    }
    char *cpg = side_file(s, ".cpg");
    if (cpg) {
        *charset = cpg_charset(cpg);
        char en[160];
        snprintf(en, sizeof en, "the .cpg names code page \"%.60s\": give --encoding", cpg);
        free(cpg);
        return *charset ? 0
                        : refuse(s->run, "unknown_cpg", en,
                                 ".cpg 的代码页无法识别，请用 --encoding 指定");
    }
    int ldid = dbf_ldid(s);
    *charset = ldid == 0x4D || ldid == 0x7A ? "GB18030" : "UTF-8"; /* code page 936 */
    *fallback = **charset == 'U';
    return 0;
}

/* The header's name for DBF field name: the property of the kind's
 * collection it is the first 10 bytes of, else name itself. */
static const char *column_name(const import_shape_columns *cols, const char *name)
{
    size_t n = 0;
    const reg_collection *const *list = reg_collections(&n);
    const reg_collection *c = reg_collection_find(list, n, cols->collection);
    for (size_t i = 0; c && strlen(name) == 10 && i < c->nprops; i++)
        if (strlen(c->props[i].name) > 10 && strncasecmp(c->props[i].name, name, 10) == 0)
            return c->props[i].name;
    return name;
}

/* Writes the header: the DBF fields, then the geometry columns.  0 or -1
 * (too many fields). */
static int write_header(shp_in *s, gaiaShapefilePtr shp, FILE *out)
{
    const char *names[SHP_COLUMNS_MAX + 2];
    size_t n = 0;
    for (gaiaDbfFieldPtr f = shp->Dbf->First; f; f = f->Next) {
        if (n == SHP_COLUMNS_MAX)
            return -1;
        names[n++] = column_name(s->run->shape, f->Name);
    }
    n += import_cells_names(&s->cells, names + n);
    return import_csv_write(out, names, n);
}

/* The record's geometry (NULL for a null shape) as a new GEOS geometry in
 * *out.  0, or -1 when it cannot be converted. */
static int record_geometry(shp_in *s, gaiaGeomCollPtr geom, GEOSGeometry **out)
{
    *out = NULL;
    if (!geom)
        return 0;
    unsigned char *wkb = NULL;
    int size = 0;
    gaiaToWkb(geom, &wkb, &size);
    int grc = wkb ? geo_wkb_read(s->cells.geo, wkb, (size_t)size, out) : GEO_EINVAL;
    free(wkb);
    return grc == GEO_OK ? 0 : -1;
}

/* Writes one record (shp->Dbf after a read) as a row.  0, or -1 when its
 * geometry cannot be converted. */
static int write_record(shp_in *s, gaiaShapefilePtr shp, FILE *out)
{
    const char *fields[SHP_COLUMNS_MAX + 2];
    char nums[SHP_COLUMNS_MAX][64], xy[2][64];
    size_t n = 0;
    for (gaiaDbfFieldPtr f = shp->Dbf->First; f && n < SHP_COLUMNS_MAX; f = f->Next, n++) {
        gaiaValuePtr v = f->Value;
        fields[n] = "";
        if (v && v->Type == GAIA_TEXT_VALUE && v->TxtValue)
            fields[n] = v->TxtValue;
        else if (v && v->Type == GAIA_INT_VALUE)
            snprintf(nums[n], sizeof nums[n], "%lld", (long long)v->IntValue);
        else if (v && v->Type == GAIA_DOUBLE_VALUE)
            import_export_number(v->DblValue, nums[n], sizeof nums[n]);
        if (v && (v->Type == GAIA_INT_VALUE || v->Type == GAIA_DOUBLE_VALUE))
            fields[n] = nums[n];
    }
    GEOSGeometry *g = NULL;
    char *wkt = NULL;
    int cells = record_geometry(s, shp->Dbf->Geometry, &g) == 0
                    ? import_cells_geometry(&s->cells, g, fields + n, xy, &wkt)
                    : -1;
    GEOSContextHandle_t h = geo_ctx_geos(s->cells.geo);
    if (g)
        GEOSGeom_destroy_r(h, g);
    int rc = cells < 0 ? -1 : import_csv_write(out, fields, n + (size_t)cells);
    if (wkt)
        GEOSFree_r(h, wkt);
    return rc;
}

/* 1 if the shapefile's shapes are points (one a record). */
static int point_shapes(const gaiaShapefilePtr shp)
{
    return shp->Shape == GAIA_SHP_POINT || shp->Shape == GAIA_SHP_POINTZ ||
           shp->Shape == GAIA_SHP_POINTM;
}

/* Writes every record of the shapefile, its DBF read as charset, to out.
 * 0; 1 when refused (reported); 2 when a text could not be decoded and
 * fallback asks to try again; -1 on a write error. */
static int shp_rows(shp_in *s, const char *charset, int fallback, FILE *out)
{
    import_run *run = s->run;
    gaiaShapefilePtr shp = gaiaAllocShapefile();
    char en[600];
    if (!shp)
        return -1;
    gaiaOpenShpRead(shp, s->base, charset, "UTF-8");
    int rc = 0;
    if (!shp->Valid) {
        snprintf(en, sizeof en, "not a shapefile SpatiaLite can read: %.500s",
                 shp->LastError ? shp->LastError : "invalid");
        rc = refuse(run, "bad_shapefile", en, "无法读取的 Shapefile");
    } else if (run->shape->x && !run->shape->wkt && !point_shapes(shp)) {
        snprintf(en, sizeof en, "the shapefile holds shapes of type %d, where points "
                 "(type 1) are wanted", shp->Shape);
        rc = refuse(run, "wrong_geometry_type", en, "Shapefile 的几何类型应为点");
    } else if (write_header(s, shp, out) != 0) {
        rc = refuse(run, "too_many_columns", "the DBF has too many fields", "DBF 字段过多");
    }
    for (int row = 0; rc == 0; row++) {
        int got = gaiaReadShpEntity_ex(shp, row, 0, 1);
        if (got < 0)
            continue; /* a deleted DBF record */
        if (!got && !shp->LastError)
            break;
        if (!got && fallback && strstr(shp->LastError, "Invalid character")) {
            rc = 2;
        } else if (!got) {
            snprintf(en, sizeof en, "record %d: %.500s", row + 1, shp->LastError);
            rc = refuse(run, "bad_shapefile", en, "Shapefile 记录无法读取");
        } else if (write_record(s, shp, out) != 0) {
            snprintf(en, sizeof en, "record %d: the geometry cannot be converted", row + 1);
            rc = refuse(run, "bad_geometry", en, "几何对象无法转换");
        }
    }
    gaiaFreeShapefile(shp);
    return rc;
}

/* Reads the records into a temporary file, as charset and then, when that
 * fails to decode and fallback, as GB18030 (with a warning).  0, 1
 * (reported) or -1. */
static int shp_read(shp_in *s, const char *charset, int fallback, FILE **out)
{
    for (;;) {
        FILE *tmp = tmpfile();
        if (!tmp) {
            fprintf(s->run->report, "%s: cannot create a temporary file\n", s->run->path);
            return -1;
        }
        int rc = shp_rows(s, charset, fallback, tmp);
        if (rc == 0) {
            *out = tmp;
            return 0;
        }
        fclose(tmp);
        if (rc != 2)
            return rc;
        import_report_warning(s->run, 1, "the DBF text is not UTF-8: read as GB18030 (GBK)",
                              "DBF 文本不是 UTF-8，按 GB18030（GBK）读取");
        charset = "GB18030";
        fallback = 0;
    }
}

/* See import_internal.h. */
int import_shp_open(import_run *run, import_csv **out)
{
    if (!run || !out || !run->shape || !import_is_shp(run->path))
        return -1;
    shp_in s = {.run = run};
    size_t len = strlen(run->path);
    if (len - 4 >= sizeof s.base) {
        fprintf(run->report, "%s: path too long\n", run->path);
        return 1;
    }
    memcpy(s.base, run->path, len - 4);
    s.base[len - 4] = '\0';
    s.upper = run->path[len - 1] == 'P';
    const char *charset = NULL;
    int fallback = 0, rc = import_cells_begin(&s.cells, run->shape);
    if (rc != 0)
        fprintf(run->report, "%s: out of memory\n", run->path);
    if (rc == 0)
        rc = shp_crs(&s);
    if (rc == 0)
        rc = shp_charset(&s, &charset, &fallback);
    FILE *rows = NULL;
    if (rc == 0)
        rc = shp_read(&s, charset, fallback, &rows);
    if (rc == 0)
        rc = import_cells_open(run, rows, out);
    import_cells_end(&s.cells);
    return rc;
}
