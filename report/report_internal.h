/*
 * report_internal.h: what the report files share.
 */
#ifndef DIMING_REPORT_INTERNAL_H
#define DIMING_REPORT_INTERNAL_H

#include <stdio.h>
#include <jansson.h>

#include "report.h"

/* Writes s with &, <, >, " and ' escaped for HTML; NULL writes nothing. */
void report_html_text(FILE *f, const char *s);

/* Writes one CSV record of n fields (NULL as empty), quoting where
 * needed, ending with CRLF. */
void report_csv_record(FILE *f, const char *const *fields, size_t n);

/* The Chinese title of a finding code ("界桩偏离界线" ...), or the code. */
const char *report_finding_title(const char *code);

/* The Chinese term of a condition or action code, or the code. */
const char *report_word_zh(const char *code);

/* The colour a marker of that condition code is drawn in. */
const char *report_condition_colour(const char *code);

/* The string member key of obj, or "" (never NULL). */
const char *report_str(const json_t *obj, const char *key);

/* Formats a JSON value compactly into buf (size bytes): strings as they
 * are, numbers as JSON prints them, null as "". */
void report_value(const json_t *v, char *buf, size_t size);

/* The measured values of a finding as "key value; ..." into buf. */
void report_measured(const json_t *measured, char *buf, size_t size);

/* An ISO 8601 UTC time ("...Z") as China time "YYYY-MM-DD HH:MM" into buf
 * (size >= 17); other text is copied as it is. */
void report_cst_time(const char *utc, char *buf, size_t size);

/* 1 if finding f belongs to line l: it names the line, or it names none
 * and one of its units is a side of the line. */
int report_finding_on_line(const json_t *f, const json_t *line);

/* The condition a marker is shown with: what its latest record found, or
 * "not_inspected" in a round report when it has none, or its registered
 * condition. */
const char *report_marker_condition(const json_t *marker, int in_round);

/* The map of one line as inline SVG: the line, its markers coloured by
 * condition, and the findings of the array findings that belong to it,
 * each labelled with its number in the array (from 1). */
int report_svg_line(FILE *f, geo_ctx *geo, const json_t *line, const json_t *findings,
                    int in_round);

/* The HTML tables of one line's markers: register and coordinates. */
void report_html_register(FILE *f, const json_t *line);
void report_html_coordinates(FILE *f, const json_t *line);

/* The HTML table of the findings of checks that belong to line (or, with
 * line NULL, those that belong to no line of lines). */
void report_html_findings(FILE *f, const json_t *checks, const json_t *line,
                          const json_t *lines);

#endif
