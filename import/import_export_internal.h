/*
 * Shared by the export writers (import_export_*.c): the state of one
 * export and the helpers every format uses.
 */
#ifndef DIMING_IMPORT_EXPORT_INTERNAL_H
#define DIMING_IMPORT_EXPORT_INTERNAL_H

#include <stdio.h>

#include "import.h"

/* One export in progress. */
typedef struct import_export_run {
    reg_db *db;
    const reg_collection *c;
    const import_export_options *opt;
    geo_crs crs;              /* the CRS written: EPSG:4490, 4326 or 4544 */
    reg_feature_query q;      /* the rows: every one, or one unit's */
    import_export_summary *sum;
    reg_error reg;            /* the registry's error, when a read failed */
    char err[320];            /* why a writer failed, "" if it did not */
} import_export_run;

/* A format's writer: writes the run's features to path (for shapefiles a
 * path without suffix, to which .shp, .shx, .dbf, .prj and .cpg are
 * added).  Returns 0; 1 with run->err set when the file cannot be written
 * or a value cannot be represented; -1 when the registry read failed
 * (run->reg). */
typedef int (*import_export_writer)(import_export_run *run, const char *path);

int import_export_geojson(import_export_run *run, const char *path);
int import_export_csv(import_export_run *run, const char *path);
int import_export_shp(import_export_run *run, const char *path);

/* The suffixes a shapefile writer makes, NULL-terminated. */
extern const char *const import_export_shp_parts[];

/* Sets *out to f's geometry in run->crs as a new GEOS geometry (the caller
 * destroys it), or NULL when f has none.  0, or 1 with run->err set. */
int import_export_geometry(import_export_run *run, const reg_feature *f, GEOSGeometry **out);

/* Writes into buf (at least 32 bytes) the shortest of %.15g, %.16g and
 * %.17g that reads back as v. */
void import_export_number(double v, char *buf, size_t len);

/* Notes a failure (printf format) in run->err unless one is noted; 1. */
int import_export_fail(import_export_run *run, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The result of a writer whose registry read returned rc: 0 for REG_OK,
 * 1 when the callback stopped it (run->err set), -1 otherwise. */
int import_export_read_result(import_export_run *run, int rc);

#endif
