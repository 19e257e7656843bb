/*
 * Shared by the import readers: the state of one import run, row problem
 * reporting, and the clock.
 */
#ifndef DIMING_IMPORT_INTERNAL_H
#define DIMING_IMPORT_INTERNAL_H

#include <stdio.h>
#include "import.h"
#include "import_csv.h"
#include "reg_county.h"

/* How the records of a shapefile are presented as rows of a table
 * (import_shp.c): the kind's feature collection, whose property names
 * restore the DBF's field names cut to 10 bytes, and the columns the
 * geometry goes to. */
typedef struct import_shape_columns {
    const char *collection; /* a collection id (reg_collections), or NULL */
    const char *x, *y;      /* a point's coordinates, or NULL */
    const char *wkt;        /* the geometry as WKT, or NULL: x/y only (NULL too: none) */
} import_shape_columns;

typedef struct import_keys import_keys;

typedef struct import_run {
    const char *path;          /* the file being imported */
    const import_options *opt;
    import_summary *sum;
    FILE *report;              /* where problems are listed */
    double started;            /* monotonic seconds at start */
    const char *locus;         /* "line" (CSV) or "feature" (GeoJSON) in reports */
    geo_crs crs;               /* of the coordinates: opt->crs (import_run_crs; EPSG:4490
                                  when NULL), or a shapefile's .prj once opened */
    const import_shape_columns *shape; /* NULL: the file cannot be a shapefile */
    reg_county_box county;     /* the county's envelope, once county_ready */
    int county_ready;
    double size;               /* the file's size in bytes; 0 if unknown */
    int progress_tty;          /* stderr is a terminal: progress is drawn */
    double progress_at;        /* when progress was last drawn; 0: never */
    import_keys *keys;         /* the key values seen in the file (import_unique) */
} import_run;

/* Starts a run: zeroes the summary, notes the time, picks the report stream. */
void import_run_start(import_run *run, const char *path, const import_options *opt,
                      import_summary *sum);

/* Opens the run's file as rows: a CSV in opt->encoding (detected when
 * NULL or "auto", with a warning when read as GB18030), or, with a
 * run->shape, for a path ending in .shp the shapefile's records read
 * through SpatiaLite (import_shp_open), for .geojson or .json the
 * features (import_geojson_rows).  Returns 0, 1 when the file is refused
 * (reported), -1 on an I/O error (reported). */
int import_open_rows(import_run *run, import_csv **out);

/* Reads the shapefile at run->path (its .dbf, .shx, .cpg and .prj beside
 * it) through SpatiaLite's shapefile reader and opens its records as rows
 * of UTF-8 text: a header of the DBF field names (a name that is the first
 * 10 bytes of a property of run->shape->collection restored to the whole
 * name), then run->shape's geometry columns; record N is line N + 1.  The
 * DBF text is decoded as opt->encoding when given, else as the .cpg says,
 * else GB18030 when the DBF's language driver is code page 936, else
 * UTF-8, and GB18030 (with a warning) when that fails.  run->crs becomes
 * the .prj's CRS (EPSG:4490, EPSG:4326 or EPSG:4544); refused with the
 * rule missing_prj when there is no .prj and no opt->crs, unknown_prj for
 * another CRS, crs_conflict when opt->crs says otherwise, and
 * wrong_geometry_type for shapes other than points where only x/y
 * columns are wanted.  Returns 0, 1 (refused, reported) or -1. */
int import_shp_open(import_run *run, import_csv **out);

/* Loads the run's file as a GeoJSON FeatureCollection into *out (the
 * caller's to json_decref): the file itself, or for a path ending in .shp
 * and a run->shape with a wkt column, the shapefile's records (see
 * import_shp_open, which sets run->crs) as features whose properties are
 * the other columns as text (null when empty).  Returns 0, 1 when the
 * file is refused (reported), -1 on an error (reported). */
int import_load_features(import_run *run, json_t **out);

/* The geometry cells of rows made from a shapefile or GeoJSON
 * (import_cells.c). */
typedef struct import_cells {
    const import_shape_columns *cols;
    geo_ctx *geo;
    GEOSWKTWriter *writer; /* 17 significant digits, trimmed */
} import_cells;

/* Starts c for cols: a geo context and a WKT writer.  0 or -1. */
int import_cells_begin(import_cells *c, const import_shape_columns *cols);

/* Frees what import_cells_begin made. */
void import_cells_end(import_cells *c);

/* Writes the names of the geometry columns into names (room for 2):
 * x and y, or wkt, or none.  Returns how many. */
size_t import_cells_names(const import_cells *c, const char **names);

/* Writes geometry g (may be NULL: empty cells) as the cells the columns
 * want into cells (room for 2): x and y (from bufs) when only x/y are
 * wanted and g is one point, else its WKT (*wkt, freed with GEOSFree_r),
 * a single-part MultiLineString or MultiPoint as its part.  Returns the
 * number of cells, or -1 when g cannot be written so (not a point). */
int import_cells_geometry(import_cells *c, const GEOSGeometry *g, const char **cells,
                          char bufs[2][64], char **wkt);

/* Opens rows, a temporary file of CSV rows written by a row source, as
 * the run's CSV (fields up to IMPORT_CSV_WKT_MAX bytes); the reader owns
 * it, and run->size becomes its size (the progress of import_progress).
 * 0, or -1 (reported; rows closed). */
int import_cells_open(import_run *run, FILE *rows, import_csv **out);

/* Reads the GeoJSON FeatureCollection at run->path and opens its
 * features as rows (import_geojson_rows.c): a header of every property
 * name (first seen first), then run->shape's geometry columns; feature N
 * is line N + 1; values as text (numbers with every digit, null empty,
 * arrays and objects as compact JSON).  A geometry that is not readable
 * (or not a point where x/y are wanted) is written as its GeoJSON text,
 * which the row checks refuse.  Returns 0, 1 (refused, reported) or -1. */
int import_geojson_rows(import_run *run, import_csv **out);

/* 1 if path ends in .shp (any case). */
int import_is_shp(const char *path);

/* Ends a run: sets the elapsed seconds, clears the progress line and
 * forgets the keys of import_unique. */
void import_run_end(import_run *run);

/* ---- shared by every reader (import_run.c) ---------------------------- */

/* Parses opt->crs (NULL: EPSG:4490) into run->crs, before the file is
 * opened (a shapefile's .prj may then change it).  0, or 1 after
 * reporting an unknown CRS. */
int import_run_crs(import_run *run);

/* The coordinate rule of every import (reg_county_point) with the
 * registry's county envelope, read on first use: converts (*x, *y) from
 * crs (run->crs, or a row's own CRS column) to EPSG:4490 and refuses a point outside the county
 * (outside_county, swapped_coordinates, coordinate_out_of_range). */
int import_point(import_run *run, reg_db *db, geo_crs crs, double *x, double *y,
                 const char *field, reg_error *err);

/* The same rule for a geometry (reg_county_geom): *out is a new geometry
 * in EPSG:4490 (the caller's) on REG_OK, NULL otherwise. */
int import_geom(import_run *run, reg_db *db, geo_crs crs, const GEOSGeometry *in,
                GEOSGeometry **out, const char *field, reg_error *err);

/* Refuses a key value (a code, an id) that an earlier row of the file
 * already has: REG_OK the first time (the value and line are remembered
 * until import_run_end), else REG_ECONFLICT duplicate_in_file naming the
 * first line (or feature: run->locus).  A NULL or empty value passes.
 * REG_ENOMEM. */
int import_unique(import_run *run, const char *column, const char *value, long line,
                  reg_error *err);

/* Forgets the key values import_unique remembered (import_run_end). */
void import_keys_free(import_run *run);

/* 1 if a header name is one of the columns a rejects file adds (_line,
 * _rule, _reason), which a reader skips so that the file can be corrected
 * and imported again. */
int import_reason_column(const char *name);

/* Draws "rows, rows per second, estimated time left" on stderr when it is
 * a terminal, at most five times a second; done of total says how far
 * (total <= 0 or done < 0: unknown, no estimate). */
void import_progress(import_run *run, double done, double total);

/* Lists one refused row: "FILE: line N: column COL: rule RULE: value "V": en (zh)"
 * (or "feature N" for GeoJSON).
 * column and value may be NULL.  Counts nothing. */
void import_report_row(import_run *run, long line, const char *column, const char *rule,
                       const char *value, const char *message_en, const char *message_zh);

/* Lists one warning about a row (applied, but a person should look). */
void import_report_warning(import_run *run, long line, const char *message_en,
                           const char *message_zh);

/* Trims ASCII spaces and tabs at both ends of s, in place; returns where
 * the trimmed text starts. */
char *import_trim(char *s);

/* Monotonic clock in seconds. */
double import_now(void);

/* The registry-facing end of a run: given how many rows were refused,
 * commits or rolls back the outer transaction by the rules of import.h
 * (all-or-nothing unless a rejects file, dry run rolls back).  Returns the
 * import_* return value (0 applied, 1 refused, -1 error). */
int import_finish(import_run *run, reg_db *db);

/* ---- tables of rows (import_rows.c) ---------------------------------- */

/* One CSV record with its header. */
typedef struct import_row {
    long line;
    char **fields;        /* as read */
    size_t n;
    char *const *header;  /* the header's fields (trimmed) */
    size_t nheader;
} import_row;

/* The trimmed value of column in row; NULL when the file has no such
 * column or the value is empty. */
const char *import_row_get(const import_row *row, const char *column);

/* What a row does: applies it (one registry write, which runs in a
 * savepoint of the import's transaction) and sets *outcome to 'i', 'u' or
 * '='.  Returns a reg_status with err filled on failure. */
typedef int (*import_row_fn)(import_run *run, reg_db *db, const import_row *row, void *ctx,
                             char *outcome, reg_error *err);

/* Reads the rows of run->path (import_open_rows: header first, every name
 * of required in it, "a|b" meaning a or b) and applies fn to each record
 * in one transaction, by the rules of import.h: a refused row is reported
 * (and written with _line, _rule and _reason to the rejects file when
 * there is one); storage failures stop the run.  Returns the import_*
 * value. */
int import_rows_apply(import_run *run, reg_db *db, const char *const *required, import_row_fn fn,
                      void *ctx);

/* What a GeoJSON feature does, as import_row_fn for a row; feature is
 * the feature object, number its place in the file from 1. */
typedef int (*import_feature_fn)(import_run *run, reg_db *db, json_t *feature, long number,
                                 void *ctx, char *outcome, reg_error *err);

/* Reads the GeoJSON FeatureCollection at run->path and applies fn to each
 * feature in one transaction, by the rules of import.h (the rejects file
 * is a FeatureCollection of the refused features with _rule and _reason
 * properties).  Returns the import_* value. */
int import_features(import_run *run, reg_db *db, import_feature_fn fn, void *ctx);

/* Adds a copy of a refused feature, with _rule and _reason properties, to
 * the rejects FeatureCollection (rejects NULL: nothing). */
void import_reject_feature(json_t *rejects, json_t *feature, const reg_error *err);

/* Counts an outcome in the summary. */
void import_count(import_summary *sum, char outcome);

/* Parses a decimal number (finite) from text; 0 or -1. */
int import_number(const char *text, double *out);

#endif
