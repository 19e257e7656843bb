/*
 * import: reading the files a county already has into the registry.
 *
 * What it promises:
 *  - Every row goes through the same registry validation as the API.
 *  - All-or-nothing by default: one bad row and nothing is written, and the
 *    report lists every bad row (line, column, rule code, value, reason).
 *    With a rejects file the good rows are written and the bad ones go to
 *    that CSV with their reasons, ready to be corrected and imported again.
 *  - Re-importing the same file changes nothing.
 */
#ifndef DIMING_IMPORT_H
#define DIMING_IMPORT_H

#include <stdio.h>
#include "registry.h"

typedef struct import_options {
    const char *actor;        /* who is importing (audit log) */
    const char *rejects_path; /* NULL: all-or-nothing */
    int dry_run;              /* validate and report, write nothing */
    const char *crs;          /* source CRS name for geometry; NULL: EPSG:4490 */
    const char *rename_path;  /* unit-boundaries: CSV old_name,new_name */
    int fix;                  /* unit-boundaries: repair invalid polygons */
    FILE *report;             /* where problems are listed; NULL: stderr */
} import_options;

typedef struct import_summary {
    long read, inserted, updated, unchanged, rejected, warnings;
    double seconds;
} import_summary;

/* Imports administrative units from a CSV with the header
 * code,name,level,parent_code (UTF-8, BOM allowed).  Rows may come in any
 * order.  Returns 0 when the import was applied (or would be, for a dry
 * run), 1 when rows were refused and nothing written (all-or-nothing), -1
 * on an I/O or database error (message on the report stream). */
int import_units_csv(reg_db *db, const char *path, const import_options *opt,
                     import_summary *sum);

/* Attaches polygons from a GeoJSON FeatureCollection to existing units,
 * matching each feature by its "code" property or else by exact "name",
 * then by a name from the rename file, then by the name with only the
 * generic 乡/镇 swapped (reported as a warning).  Coordinates are converted
 * from opt->crs to EPSG:4490.  An invalid polygon is refused with the reason
 * unless opt->fix, which repairs it and reports that.  Same return values
 * as import_units_csv. */
int import_unit_boundaries(reg_db *db, const char *path, const import_options *opt,
                           import_summary *sum);

/* Registers boundary lines or markers (kind "lines" or "markers"; NULL
 * guesses from the file: Point features or x/y columns are markers) from
 * a GeoJSON FeatureCollection or, for a path ending in .csv, a CSV.
 * Coordinates are in opt->crs (EPSG:4490 by default; EPSG:4544 gives E/N
 * in metres) and stored in EPSG:4490.
 *   lines GeoJSON: LineString/MultiLineString features with properties
 *     number, level, left_code, left_name, right_code, right_name,
 *     agreement, description, last_joint_check;
 *   lines CSV: the same columns and wkt;
 *   markers GeoJSON: Point features with id, material, year_set,
 *     condition, refs [{name, bearing_deg, distance_m}];
 *   markers CSV: id, x, y, material, year_set, condition, refs
 *     ("name/bearing/distance;...").
 * Same return values as import_units_csv. */
int import_boundary_file(reg_db *db, const char *path, const char *kind,
                         const import_options *opt, import_summary *sum);

/* Imports inspection records collected offline from a CSV with the
 * columns client_id (required: a file sent twice is stored once), marker,
 * round, observed_at, inspector, lon, lat, crs, accuracy_m, condition,
 * action, party_left, party_right, notes, corrects_client_id, photos (file
 * names relative to the CSV's directory, separated by ';').  Every row goes
 * through the same checks as the API.  Same return values as
 * import_units_csv. */
int import_inspections_csv(reg_db *db, const char *path, const import_options *opt,
                           import_summary *sum);

/* Prints the one-line summary ("read N, inserted N, ...") to f. */
void import_summary_print(const import_summary *sum, FILE *f);

#endif
