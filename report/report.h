/*
 * report: the inside-work checks and joint-inspection reports as files
 * people print, open in a spreadsheet or put on a map (DOMAIN.md B6).
 *
 * What it promises:
 *  - A self-contained HTML page (one file, inline CSS and SVG, printable
 *    on A4) per round or per line: the round summary for the joint report
 *    (counts by condition found and action taken, findings by code, the
 *    photos referenced), and per line the team and both sides'
 *    representatives, an SVG map of the line with its markers coloured by
 *    condition and every finding drawn where it is, the findings, the
 *    marker register (界桩登记表) and the marker coordinates table
 *    (界桩成果表, EPSG:4490 and EPSG:4544), and places for signatures.
 *  - The findings as CSV (UTF-8 with BOM, for spreadsheets) and as a
 *    GeoJSON FeatureCollection (EPSG:4490).
 *  - The marker register and coordinates table as CSV.
 *
 * Input is what reg_round_report gives (report) or its "checks" member
 * (checks); output goes to a stdio stream.  Functions return 0, or -1 on
 * bad input or a failed write.  Maps are drawn in EPSG:4544 metres with
 * the caller's geo context (one thread).
 */
#ifndef DIMING_REPORT_H
#define DIMING_REPORT_H

#include <stdio.h>
#include <jansson.h>

#include "geo.h"

/* The whole report as one HTML page. */
int report_html(FILE *f, geo_ctx *geo, const json_t *report);

/* The findings of checks as CSV: number, code, title, severity, line,
 * marker, units, measured (JSON), tolerance_m, lon, lat, x, y, message. */
int report_findings_csv(FILE *f, const json_t *checks);

/* The findings of checks as a GeoJSON FeatureCollection: each finding's
 * geometry (or its location as a Point) with its fields as properties. */
int report_findings_geojson(FILE *f, const json_t *checks);

/* 界桩登记表 as CSV: line, marker, seq, type, material, year_set,
 * registered condition, latest condition, action, observed_at, inspector,
 * distance_m, reference objects. */
int report_register_csv(FILE *f, const json_t *report);

/* 界桩成果表 as CSV: line, marker, type, lon, lat (EPSG:4490), x (E), y (N)
 * (EPSG:4544, metres). */
int report_coordinates_csv(FILE *f, const json_t *report);

#endif
