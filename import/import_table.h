/*
 * import_table.h: a CSV file read row by row against a list of named
 * columns, with refused rows reported, counted and, when asked, written
 * to a rejects file (the conventions of import.h).  Shared by the imports
 * that apply each row as it is read (streets, doorplates).
 */
#ifndef DIMING_IMPORT_TABLE_H
#define DIMING_IMPORT_TABLE_H

#include "import_csv.h"
#include "import_internal.h"

#define IMPORT_TABLE_MAX 16 /* columns a table names, at most */

typedef struct import_table {
    import_run *run;
    import_csv *csv;
    const char *const *columns; /* the names, ncols of them */
    size_t ncols;
    size_t idx[IMPORT_TABLE_MAX]; /* field of each column, (size_t)-1 absent */
    size_t nheader;
    FILE *rejects;
    char **fields; /* the current row */
    size_t n;
    long line;
} import_table;

/* Opens the run's file (import_open_rows: a CSV, GeoJSON or a shapefile), reads
 * the header and maps it to columns (case-insensitive, trimmed); an unknown column or a missing one of
 * required (a NULL-terminated list) refuses the file.  Opens the rejects
 * file (opt->rejects_path) with the header plus _line,_rule,_reason.
 * Returns 0, 1 when the file is refused (reported), -1 on I/O errors. */
int import_table_open(import_table *t, import_run *run, const char *const *columns,
                      size_t ncols, const char *const *required);

/* Reads the next row into t: 1, or 0 at the end.  Blank lines are
 * skipped; malformed rows (bad CSV, a wrong number of fields) are
 * refused here and skipped. */
int import_table_next(import_table *t);

/* The current row's value of column c, trimmed; "" when the file has no
 * such column. */
const char *import_table_value(import_table *t, size_t c);

/* Refuses the current row: reports err (with value, may be NULL),
 * counts it, and writes the row to the rejects file. */
void import_table_reject(import_table *t, const reg_error *err, const char *value);

/* Closes the file and the rejects file, which is removed unless keep. */
void import_table_close(import_table *t, int keep);

#endif
