/*
 * Finding the columns an import needs in a CSV header, with the renames of
 * a --map file: a CSV of "column,source" rows that says which header name
 * of the file (source) holds each column diming reads (column), so that a
 * census table with its own headings (标准名称, 代码 ...) imports as it is.
 */
#ifndef DIMING_IMPORT_COLUMNS_H
#define DIMING_IMPORT_COLUMNS_H

#include <stddef.h>

#include "import_internal.h"

#define IMPORT_COLUMN_NONE ((size_t)-1)

/* Finds every wanted column (case-insensitive, spaces trimmed) in header,
 * after the renames of run->opt->map_path when set.  idx[k] is the header
 * index of wanted[k], or IMPORT_COLUMN_NONE when optional[k] and absent.
 * Returns 0, or 1 after reporting each missing required column (or a bad
 * map file). */
int import_columns_find(import_run *run, char *const *header, size_t nheader,
                        const char *const *wanted, const int *optional, size_t nwanted,
                        size_t *idx);

/* The column a file heading stands for under run->opt->map_path: the
 * map's column when heading is one of its sources (copied to buf, cap
 * bytes), else heading itself.  NULL after reporting a malformed map. */
const char *import_columns_name(import_run *run, const char *heading, char *buf, size_t cap);

#endif
