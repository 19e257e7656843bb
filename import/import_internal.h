/*
 * Shared by the import readers: the state of one import run, row problem
 * reporting, and the clock.
 */
#ifndef DIMING_IMPORT_INTERNAL_H
#define DIMING_IMPORT_INTERNAL_H

#include <stdio.h>
#include "import.h"
#include "reg_county.h"

typedef struct import_csv import_csv;
typedef struct import_keys import_keys;

typedef struct import_run {
    const char *path;          /* the file being imported */
    const import_options *opt;
    import_summary *sum;
    FILE *report;              /* where problems are listed */
    double started;            /* monotonic seconds at start */
    const char *locus;         /* "line" (CSV) or "feature" (GeoJSON) in reports */
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

/* Ends a run: sets the elapsed seconds and clears the progress line. */
void import_run_end(import_run *run);

/* ---- shared by every reader (import_run.c) ---------------------------- */

/* Opens the run's CSV in the encoding of opt->encoding (auto: detected,
 * with a warning when the file is read as GB18030).  Returns 0, 1 for an
 * unknown encoding name, -1 when the file cannot be read (reported). */
int import_run_csv(import_run *run, import_csv **out);

/* Parses opt->crs (NULL: EPSG:4490) into *crs.  0, or 1 after reporting
 * an unknown CRS. */
int import_run_crs(import_run *run, geo_crs *crs);

/* The coordinate rule of every import (reg_county_point) with the
 * registry's county envelope, read on first use: converts (*x, *y) from
 * crs to EPSG:4490 and refuses a point outside the county
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
 * first line.  A NULL or empty value passes.  REG_ENOMEM. */
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

/* Reads the CSV at run->path (header first, every name of required in it)
 * and applies fn to each record in one transaction, by the rules of
 * import.h: a refused row is reported (and written with _line, _rule and
 * _reason to the rejects file when there is one); storage failures stop
 * the run.  Returns the import_* value. */
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
