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
    const char *map_path;     /* CSV column,source: the file's heading for each column */
    int dry_run;              /* validate and report, write nothing */
    const char *crs;          /* source CRS name for geometry; NULL: EPSG:4490 */
    const char *encoding;     /* CSV text: "auto" or NULL (UTF-8 if every byte is
                                 valid UTF-8, else GB18030), "utf-8", "gbk",
                                 "gb18030" */
    const char *rename_path;  /* unit-boundaries: CSV old_name,new_name */
    int fix;                  /* unit-boundaries: repair invalid polygons */
    FILE *report;             /* where problems are listed; NULL: stderr */
    int survey;               /* doorplates: a survey of plates on the walls: D1
                                 problems are imported as warnings */
} import_options;

typedef struct import_summary {
    long read, inserted, updated, unchanged, rejected, warnings;
    double seconds;
} import_summary;

/* Imports administrative units from a CSV with the header
 * code,name,level,parent_code (UTF-8 with or without BOM, or GBK/GB18030),
 * or from a shapefile (a path ending in .shp) read as such a CSV: its DBF
 * fields as columns, its .prj and .cpg honoured (see import_shp_open in
 * import_internal.h; the geometry is not read).  The importers of places,
 * streets, doorplates and boundary lines and markers read shapefiles the
 * same way, the geometry as their lon/lat, x/y or wkt columns.  Rows may
 * come in any order.  Returns 0 when the import was applied (or would be, for a dry
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

/* Imports existing standard place names (status in use) from a CSV with a
 * header of the columns code, name (or specific and generic), category,
 * unit, valid_from, approved_by, approval_date, pinyin_override, meaning,
 * origin, history, description, location, sources, protected, lon and lat
 * or wkt, names ("kind:name:from:to;..."), or from a GeoJSON
 * FeatureCollection whose properties have the same names (names an array
 * of objects) and whose geometry may be any type.  Coordinates are read in
 * opt->crs.  A record whose place is already registered (same code, or
 * same name, category and location) is unchanged.  Rule findings of the
 * new places are listed as warnings.  Same return values as
 * import_units_csv.  A path ending in .shp is a shapefile read as a CSV
 * (the geometry as wkt). */
int import_places(reg_db *db, const char *path, const import_options *opt, import_summary *sum);

/* Imports streets and village groups to number (D2) from a CSV with the
 * header name,kind,unit_code,wkt[,odd_side][,direction][,spacing_m]
 * [,order]: kind street (a LINESTRING, unit_code its township) or group
 * (a village group: its seat POINT, unit_code its village-level unit;
 * order "distance" from the seat, the default, or "staff"), geometry as
 * WKT in opt->crs.  Each name is registered in the place register as a
 * name in use (or the same place reused) with its numbering rule
 * (reg_axis_import).  The columns code, valid_from, status and valid_to
 * of `diming export streets` are read too: code and valid_from for a new
 * place, the others past (a row without unit_code is a street not
 * numbered: unchanged when registered under its code).  Same return
 * values as import_units_csv. */
int import_streets(reg_db *db, const char *path, const import_options *opt,
                   import_summary *sum);

/* Imports doorplates from a CSV with the header code,kind,street,
 * street_unit,number,building,entrance,room,lon,lat,unit_code,state,
 * state_date (code, kind, the labels, state and state_date optional):
 * the street or village group by its name and the unit_code it was
 * imported with, the point in opt->crs, the plate's village-level unit.
 * A building, entrance or room row comes after the row of the address
 * above it.  Codes are kept (checked) or allocated when empty; a row
 * whose code is already registered for the same address is unchanged.
 * With opt->survey the D1 problems a field survey finds (taken numbers,
 * wrong sides, sub-numbers out of order) are imported and listed as
 * warnings, for the D1 report.  A file over IMPORT_BULK_BYTES is loaded
 * with the spatial index rebuilt at the end.  Same return values as
 * import_units_csv. */
int import_doorplates(reg_db *db, const char *path, const import_options *opt,
                      import_summary *sum);

#define IMPORT_BULK_BYTES (1L << 20)
/* Registers boundary lines or markers (kind "lines" or "markers"; NULL
 * guesses from the file: Point features, x/y (or lon/lat) columns or
 * point shapes are markers) from a GeoJSON FeatureCollection or, for a
 * path ending in .csv, a CSV, or for .shp a shapefile read as a CSV (see
 * import_shp_open: its .prj gives the CRS).
 * Coordinates are in opt->crs (EPSG:4490 by default; EPSG:4544 gives E/N
 * in metres) and stored in EPSG:4490.
 *   lines GeoJSON: LineString/MultiLineString features with properties
 *     number, level, left_code, left_name, right_code, right_name,
 *     agreement, description, last_joint_check;
 *   lines CSV: the same columns and wkt;
 *   markers GeoJSON: Point features with id, material, year_set,
 *     condition, refs [{name, bearing_deg, distance_m}];
 *   markers CSV: id, x, y (or lon, lat), material, year_set, condition,
 *     refs ("name/bearing/distance;..."; in GeoJSON too, as
 *     `diming export markers` writes it).
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

/* ---- export ---------------------------------------------------------- */

typedef enum import_export_format {
    IMPORT_EXPORT_GEOJSON = 0, /* RFC 7946 FeatureCollection */
    IMPORT_EXPORT_CSV,         /* RFC 4180, UTF-8 */
    IMPORT_EXPORT_SHP          /* ESRI Shapefile (SpatiaLite's writer), UTF-8 DBF */
} import_export_format;

typedef struct import_export_options {
    const char *kind;           /* a collection id of the registry, e.g. "units" */
    import_export_format format;
    const char *unit;           /* a division code: that unit and what lies under it; NULL: all */
    const char *crs;            /* EPSG:4490 (NULL), EPSG:4326 or EPSG:4544 */
    int bom;                    /* CSV: begin with a UTF-8 BOM (for office software) */
    const char *out;            /* the file; for shp the .shp, its siblings beside it */
    FILE *report;               /* where problems are said; NULL: stderr */
} import_export_options;

typedef struct import_export_summary {
    long written;        /* features written */
    long no_geometry;    /* features left out of GeoJSON/shp for want of a geometry */
    double seconds;
} import_export_summary;

/* Writes the features of one kind, in id order, to a file, every
 * property of the kind's descriptor as a column or property.  GeoJSON and
 * shapefiles hold the features that have a geometry (a unit without a
 * polygon is in the CSV only); CSV holds all, with lon/lat (x/y in
 * EPSG:4544) columns for point kinds and a wkt column for lines and
 * mixed geometries.  GeoJSON and CSV coordinates keep
 * every digit of the stored doubles, so that an export re-imported is
 * unchanged.  The files appear complete or not at all (written beside,
 * then renamed).  Returns 0, 1 for a user error (unknown kind or CRS, bad
 * unit code, a file that cannot be written; said on the report stream),
 * -1 on a database error. */
int import_export(reg_db *db, const import_export_options *opt, import_export_summary *sum);

#endif
