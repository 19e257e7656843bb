/*
 * Shared by the import readers: the state of one import run, row problem
 * reporting, and the clock.
 */
#ifndef DIMING_IMPORT_INTERNAL_H
#define DIMING_IMPORT_INTERNAL_H

#include <stdio.h>
#include "import.h"

typedef struct import_run {
    const char *path;          /* the file being imported */
    const import_options *opt;
    import_summary *sum;
    FILE *report;              /* where problems are listed */
    double started;            /* monotonic seconds at start */
    const char *locus;         /* "line" (CSV) or "feature" (GeoJSON) in reports */
} import_run;

/* Starts a run: zeroes the summary, notes the time, picks the report stream. */
void import_run_start(import_run *run, const char *path, const import_options *opt,
                      import_summary *sum);

/* Ends a run: sets the elapsed seconds. */
void import_run_end(import_run *run);

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

#endif
