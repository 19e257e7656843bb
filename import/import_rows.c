/*
 * import_rows.c: the driver of CSV imports that go row by row through a
 * registry write - header and required columns, one transaction, a report
 * line and a rejects row for each refused row, the summary.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import_columns.h"
#include "import_csv.h"
#include "import_internal.h"

/* See import_internal.h. */
const char *import_row_get(const import_row *row, const char *column)
{
    for (size_t i = 0; i < row->nheader && i < row->n; i++)
        if (strcasecmp(row->header[i], column) == 0) {
            const char *v = import_trim(row->fields[i]);
            return *v ? v : NULL;
        }
    return NULL;
}

/* See import_internal.h. */
void import_count(import_summary *sum, char outcome)
{
    if (outcome == 'i')
        sum->inserted++;
    else if (outcome == 'u')
        sum->updated++;
    else
        sum->unchanged++;
}

/* See import_internal.h. */
int import_number(const char *text, double *out)
{
    if (!text || !*text)
        return -1;
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || *end || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

/* 1 if one of the names of want ("y" or "y|lat": either) is in h. */
static int header_has(char *const *h, size_t n, const char *want)
{
    while (*want) {
        size_t len = strcspn(want, "|");
        for (size_t i = 0; i < n; i++)
            if (strlen(h[i]) == len && strncasecmp(h[i], want, len) == 0)
                return 1;
        want += len + (want[len] == '|');
    }
    return 0;
}

/* The header, trimmed and copied; 1 and a report naming the (first)
 * column when a required one is missing, -1 on memory failure. */
static int table_header(import_run *run, char **fields, size_t n, const char *const *required,
                        char ***header)
{
    char **h = calloc(n ? n : 1, sizeof *h);
    if (!h)
        return -1;
    for (size_t i = 0; i < n; i++) {
        char mapped[256];
        const char *name = import_columns_name(run, import_trim(fields[i]), mapped, sizeof mapped);
        if (!(h[i] = strdup(name ? name : ""))) {
            for (size_t k = 0; k < i; k++)
                free(h[k]);
            free(h);
            return -1;
        }
        if (!name) {
            *header = h;
            return 1;
        }
    }
    *header = h;
    for (const char *const *r = required; *r; r++)
        if (!header_has(h, n, *r)) {
            char column[64];
            snprintf(column, sizeof column, "%.*s", (int)strcspn(*r, "|"), *r);
            import_report_row(run, 1, column, "missing_column", NULL,
                              "the header lacks this column", "表头缺少此列");
            return 1;
        }
    return 0;
}

/* Writes one refused row to the rejects file (when open). */
static void table_reject(FILE *rej, const import_row *row, const char *rule, const char *reason)
{
    if (!rej)
        return;
    char line[24];
    snprintf(line, sizeof line, "%ld", row->line);
    const char **out = calloc(row->nheader + 3, sizeof *out);
    if (!out)
        return;
    for (size_t i = 0; i < row->nheader; i++)
        out[i] = i < row->n ? row->fields[i] : "";
    out[row->nheader] = line;
    out[row->nheader + 1] = rule;
    out[row->nheader + 2] = reason;
    import_csv_write(rej, out, row->nheader + 3);
    free(out);
}

/* Opens the rejects file with the header and the three reason columns. */
static FILE *table_rejects_open(import_run *run, char *const *header, size_t n)
{
    if (!run->opt->rejects_path || run->opt->dry_run)
        return NULL;
    FILE *f = fopen(run->opt->rejects_path, "wb");
    const char **out = f ? calloc(n + 3, sizeof *out) : NULL;
    if (out) {
        for (size_t i = 0; i < n; i++)
            out[i] = header[i];
        out[n] = "_line";
        out[n + 1] = "_rule";
        out[n + 2] = "_reason";
        import_csv_write(f, out, n + 3);
    }
    free(out);
    return f;
}

/* Applies one record; 0, or -1 when the run must stop. */
static int table_row(import_run *run, reg_db *db, const import_row *row, import_row_fn fn,
                     void *ctx, FILE *rej)
{
    reg_error err = {0};
    char outcome = '=';
    run->sum->read++;
    int rc = row->n != row->nheader
                 ? reg_error_set(&err, REG_EINVAL, "field_count", "", "字段数与表头不一致",
                                 "the number of fields differs from the header's")
                 : fn(run, db, row, ctx, &outcome, &err);
    if (rc == REG_OK) {
        import_count(run->sum, outcome);
        return 0;
    }
    if (rc == REG_EIO || rc == REG_ENOMEM) {
        fprintf(run->report, "%s: line %ld: %s\n", run->path, row->line, err.message_en);
        return -1;
    }
    char reason[700];
    snprintf(reason, sizeof reason, "%s (%s)", err.message_en, err.message_zh);
    import_report_row(run, row->line, err.field, err.code, NULL, err.message_en, err.message_zh);
    run->sum->rejected++;
    table_reject(rej, row, err.code, reason);
    return 0;
}

/* See import_internal.h. */
int import_rows_apply(import_run *run, reg_db *db, const char *const *required, import_row_fn fn,
                 void *ctx)
{
    import_csv *csv = NULL;
    char err[256] = "";
    int rc = import_open_rows(run, &csv);
    if (rc != 0)
        return rc;
    char **fields, **header = NULL;
    size_t n, nheader = 0;
    long line;
    rc = import_csv_next(csv, &fields, &n, &line, err, sizeof err);
    if (rc != 1) {
        fprintf(run->report, "%s: line 1: %s\n", run->path, rc == 0 ? "empty file, no header" : err);
        import_csv_close(csv);
        return 1;
    }
    nheader = n;
    rc = table_header(run, fields, n, required, &header);
    reg_error rerr = {0};
    if (rc == 0 && reg_tx_begin(db, &rerr) != REG_OK) {
        fprintf(run->report, "%s: %s\n", run->path, rerr.message_en);
        rc = -1;
    }
    FILE *rej = rc == 0 ? table_rejects_open(run, header, nheader) : NULL;
    int step;
    while (rc == 0 && (step = import_csv_next(csv, &fields, &n, &line, err, sizeof err)) != 0) {
        import_row row = {line, step < 0 ? NULL : fields, step < 0 ? 0 : n, header, nheader};
        import_progress(run, (double)import_csv_offset(csv), run->size);
        if (step < 0) {
            run->sum->read++;
            run->sum->rejected++;
            import_report_row(run, line, NULL, "bad_csv", NULL, err, "CSV 格式错误");
            table_reject(rej, &row, "bad_csv", err);
        } else if (!(n == 1 && fields[0][0] == '\0')) {
            rc = table_row(run, db, &row, fn, ctx, rej);
        }
    }
    import_csv_close(csv);
    if (rej)
        fclose(rej);
    if (rc == 0)
        rc = import_finish(run, db);
    else if (rc < 0)
        reg_tx_rollback(db);
    for (size_t i = 0; header && i < nheader; i++)
        free(header[i]);
    free(header);
    import_run_end(run);
    return rc;
}
