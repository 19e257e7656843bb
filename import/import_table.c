/* Reading a CSV row by row against named columns (see import_table.h). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "import_columns.h"
#include "import_table.h"

/* Writes fields plus three more to the rejects file. */
static void write_reject(import_table *t, char **fields, size_t n, const char *a, const char *b,
                         const char *c)
{
    const char **out = calloc(n + 3, sizeof *out);
    if (!out)
        return;
    for (size_t i = 0; i < n; i++)
        out[i] = fields[i];
    out[n] = a;
    out[n + 1] = b;
    out[n + 2] = c;
    import_csv_write(t->rejects, out, n + 3);
    free(out);
}

/* Maps the header in t->fields to the columns; 0, or 1 after reporting. */
static int map_header(import_table *t, const char *const *required)
{
    for (size_t c = 0; c < t->ncols; c++)
        t->idx[c] = (size_t)-1;
    for (size_t i = 0; i < t->n; i++) {
        char mapped[256];
        const char *name = import_columns_name(t->run, import_trim(t->fields[i]), mapped,
                                               sizeof mapped);
        if (!name)
            return 1;
        if (import_reason_column(name))
            continue;
        size_t c = 0;
        while (c < t->ncols && strcasecmp(name, t->columns[c]) != 0)
            c++;
        if (c == t->ncols) {
            import_report_row(t->run, 1, name, "unknown_column", NULL, "unknown column",
                              "未知的列");
            return 1;
        }
        t->idx[c] = i;
    }
    for (const char *const *r = required; *r; r++)
        for (size_t c = 0; c < t->ncols; c++)
            if (strcmp(*r, t->columns[c]) == 0 && t->idx[c] == (size_t)-1) {
                import_report_row(t->run, 1, *r, "missing_column", NULL,
                                  "the header lacks this column", "表头缺少此列");
                return 1;
            }
    return 0;
}

/* See import_table.h. */
int import_table_open(import_table *t, import_run *run, const char *const *columns,
                      size_t ncols, const char *const *required)
{
    memset(t, 0, sizeof *t);
    t->run = run;
    t->columns = columns;
    t->ncols = ncols < IMPORT_TABLE_MAX ? ncols : IMPORT_TABLE_MAX;
    char err[256] = "";
    int rc = import_open_rows(run, &t->csv);
    if (rc != 0)
        return rc;
    rc = import_csv_next(t->csv, &t->fields, &t->n, &t->line, err, sizeof err);
    if (rc != 1) {
        fprintf(run->report, "%s:1: %s\n", run->path, rc == 0 ? "empty file, no header" : err);
        return 1;
    }
    t->nheader = t->n;
    if (map_header(t, required) != 0)
        return 1;
    if (run->opt->rejects_path && !run->opt->dry_run) {
        if (!(t->rejects = fopen(run->opt->rejects_path, "wb"))) {
            fprintf(run->report, "cannot write %s\n", run->opt->rejects_path);
            return -1;
        }
        write_reject(t, t->fields, t->n, "_line", "_rule", "_reason");
    }
    return 0;
}

/* See import_table.h. */
int import_table_next(import_table *t)
{
    char err[256] = "";
    for (;;) {
        int rc = import_csv_next(t->csv, &t->fields, &t->n, &t->line, err, sizeof err);
        if (rc == 0)
            return 0;
        import_progress(t->run, (double)import_csv_offset(t->csv), t->run->size);
        if (rc > 0 && t->n == 1 && !t->fields[0][0])
            continue;
        t->run->sum->read++;
        reg_error e = {0};
        if (rc < 0) {
            reg_error_set(&e, REG_EINVAL, "bad_csv", "", "CSV 格式错误", err);
            t->n = 0;
        } else if (t->n != t->nheader) {
            reg_error_set(&e, REG_EINVAL, "field_count", "", "字段数与表头不一致",
                          "the row's field count differs from the header's");
        } else {
            for (size_t i = 0; i < t->n; i++)
                t->fields[i] = import_trim(t->fields[i]);
            return 1;
        }
        import_table_reject(t, &e, NULL);
    }
}

/* See import_table.h. */
const char *import_table_value(import_table *t, size_t c)
{
    return c < t->ncols && t->idx[c] < t->n ? t->fields[t->idx[c]] : "";
}

/* See import_table.h. */
void import_table_reject(import_table *t, const reg_error *err, const char *value)
{
    import_report_row(t->run, t->line, err->field, err->code, value, err->message_en,
                      err->message_zh);
    t->run->sum->rejected++;
    if (!t->rejects)
        return;
    char line[24], reason[700];
    snprintf(line, sizeof line, "%ld", t->line);
    snprintf(reason, sizeof reason, "%s (%s)", err->message_en, err->message_zh);
    write_reject(t, t->fields, t->n, line, err->code, reason);
}

/* See import_table.h. */
void import_table_close(import_table *t, int keep)
{
    import_csv_close(t->csv);
    t->csv = NULL;
    if (t->rejects) {
        int bad = fclose(t->rejects) != 0;
        t->rejects = NULL;
        if (!keep || bad)
            unlink(t->run->opt->rejects_path);
    }
}
