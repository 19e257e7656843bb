/* Column lookup with --map renames (see import_columns.h). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import_columns.h"
#include "import_csv.h"

/* 1 if a equals b ignoring ASCII case and spaces/tabs around a. */
static int same_name(const char *a, const char *b)
{
    while (*a == ' ' || *a == '\t')
        a++;
    size_t n = strlen(a);
    while (n && (a[n - 1] == ' ' || a[n - 1] == '\t'))
        n--;
    return strlen(b) == n && strncasecmp(a, b, n) == 0;
}

/* Looks name up in the map file: as a column (by_source 0) it finds the
 * source heading, as a source heading (by_source 1) the column.  Writes
 * the other side to out (cap bytes) and returns 1, 0 when the map does not
 * name it, -1 on a malformed map (reported). */
static int map_lookup(import_run *run, const char *name, int by_source, char *out, size_t cap)
{
    import_csv *csv = NULL;
    char err[256];
    if (import_csv_open(run->opt->map_path, &csv, err, sizeof err) != 0) {
        fprintf(run->report, "%s: %s\n", run->opt->map_path, err);
        return -1;
    }
    char **f;
    size_t n;
    long line;
    int rc, found = 0;
    while ((rc = import_csv_next(csv, &f, &n, &line, err, sizeof err)) != 0) {
        if (rc < 0 || n != 2) {
            fprintf(run->report, "%s: line %ld: %s\n", run->opt->map_path, line,
                    rc < 0 ? err : "need two fields: column,source");
            found = -1;
            break;
        }
        if (line == 1 && same_name(f[0], "column") && same_name(f[1], "source"))
            continue;
        if (same_name(f[by_source], name)) {
            snprintf(out, cap, "%s", import_trim(f[!by_source]));
            found = 1;
            break;
        }
    }
    import_csv_close(csv);
    return found;
}

/* See import_columns.h. */
const char *import_columns_name(import_run *run, const char *heading, char *buf, size_t cap)
{
    if (!run->opt->map_path)
        return heading;
    int m = map_lookup(run, heading, 1, buf, cap);
    return m < 0 ? NULL : m > 0 ? buf : heading;
}

/* See import_columns.h. */
int import_columns_find(import_run *run, char *const *header, size_t nheader,
                        const char *const *wanted, const int *optional, size_t nwanted,
                        size_t *idx)
{
    int missing = 0;
    for (size_t k = 0; k < nwanted; k++) {
        char source[256];
        const char *name = wanted[k];
        if (run->opt->map_path) {
            int m = map_lookup(run, wanted[k], 0, source, sizeof source);
            if (m < 0)
                return 1;
            if (m > 0)
                name = source;
        }
        idx[k] = IMPORT_COLUMN_NONE;
        for (size_t i = 0; i < nheader; i++)
            if (same_name(header[i], name))
                idx[k] = i;
        if (idx[k] == IMPORT_COLUMN_NONE && !(optional && optional[k])) {
            char en[320], zh[320];
            snprintf(en, sizeof en, "the header has no column %s%s%s", name,
                     name != wanted[k] ? " (mapped from " : "", name != wanted[k] ? wanted[k] : "");
            if (name != wanted[k])
                strncat(en, ")", sizeof en - strlen(en) - 1);
            snprintf(zh, sizeof zh, "表头缺少列 %s", name);
            import_report_row(run, 1, wanted[k], "missing_column", NULL, en, zh);
            missing = 1;
        }
    }
    return missing;
}
