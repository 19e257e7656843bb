/*
 * import_cells.c: a geometry as the cells of a row (x and y, or WKT), and
 * rows written to a temporary file read back as a CSV: what the row
 * sources that are not CSV (shapefiles, GeoJSON) share (see
 * import_internal.h).
 */
#include <string.h>

#include "import_export_internal.h"
#include "import_internal.h"

/* See import_internal.h. */
int import_cells_begin(import_cells *c, const import_shape_columns *cols)
{
    memset(c, 0, sizeof *c);
    c->cols = cols;
    if (!cols || geo_ctx_new(&c->geo) != GEO_OK)
        return -1;
    GEOSContextHandle_t h = geo_ctx_geos(c->geo);
    if (!(c->writer = GEOSWKTWriter_create_r(h)))
        return -1;
    GEOSWKTWriter_setTrim_r(h, c->writer, 1);
    GEOSWKTWriter_setRoundingPrecision_r(h, c->writer, 17);
    return 0;
}

/* See import_internal.h. */
void import_cells_end(import_cells *c)
{
    if (c->writer)
        GEOSWKTWriter_destroy_r(geo_ctx_geos(c->geo), c->writer);
    geo_ctx_free(c->geo);
    c->writer = NULL;
    c->geo = NULL;
}

/* 1 if the columns are x and y (points only). */
static int xy_columns(const import_shape_columns *cols)
{
    return cols->x && cols->y && !cols->wkt;
}

/* See import_internal.h. */
size_t import_cells_names(const import_cells *c, const char **names)
{
    if (xy_columns(c->cols)) {
        names[0] = c->cols->x;
        names[1] = c->cols->y;
        return 2;
    }
    if (c->cols->wkt) {
        names[0] = c->cols->wkt;
        return 1;
    }
    return 0;
}

/* See import_internal.h. */
int import_cells_geometry(import_cells *c, const GEOSGeometry *g, const char **cells,
                          char bufs[2][64], char **wkt)
{
    GEOSContextHandle_t h = geo_ctx_geos(c->geo);
    *wkt = NULL;
    bufs[0][0] = bufs[1][0] = '\0';
    int type = g ? GEOSGeomTypeId_r(h, g) : -1;
    const GEOSGeometry *part = (type == GEOS_MULTILINESTRING || type == GEOS_MULTIPOINT) &&
                                       GEOSGetNumGeometries_r(h, g) == 1
                                   ? GEOSGetGeometryN_r(h, g, 0)
                                   : g;
    if (xy_columns(c->cols)) {
        double x, y;
        if (part && (GEOSGeomTypeId_r(h, part) != GEOS_POINT || GEOSGeomGetX_r(h, part, &x) != 1 ||
                     GEOSGeomGetY_r(h, part, &y) != 1))
            return -1;
        if (part) {
            import_export_number(x, bufs[0], 64);
            import_export_number(y, bufs[1], 64);
        }
        cells[0] = bufs[0];
        cells[1] = bufs[1];
        return 2;
    }
    if (!c->cols->wkt)
        return 0;
    if (part && !(*wkt = GEOSWKTWriter_write_r(h, c->writer, part)))
        return -1;
    cells[0] = *wkt ? *wkt : "";
    return 1;
}

/* See import_internal.h. */
int import_cells_open(import_run *run, FILE *rows, import_csv **out)
{
    char err[256] = "";
    long size = fflush(rows) == 0 && fseek(rows, 0, SEEK_END) == 0 ? ftell(rows) : -1;
    if (size < 0 || fseek(rows, 0, SEEK_SET) != 0) {
        fprintf(run->report, "%s: cannot write a temporary file\n", run->path);
        fclose(rows);
        return -1;
    }
    if (import_csv_open_stream(rows, IMPORT_CSV_WKT_MAX, out, err, sizeof err) != 0) {
        fprintf(run->report, "%s: %s\n", run->path, err);
        return -1;
    }
    run->size = (double)size; /* progress goes through the rows, not the source file */
    return 0;
}
