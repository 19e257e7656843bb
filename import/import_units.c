/* Importing administrative units from CSV (see import.h). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import_columns.h"
#include "import_csv.h"
#include "import_internal.h"

enum { COL_CODE, COL_NAME, COL_LEVEL, COL_PARENT, COL_COUNT };
static const char *const column_names[COL_COUNT] = {"code", "name", "level", "parent_code"};

typedef struct unit_row {
    long line;
    char **fields;     /* a copy of every field of the record, for rejects */
    size_t nfields;
    const char *col[COL_COUNT];
    int rejected;
    char rule[48];
    char reason[400];
} unit_row;

typedef struct unit_rows {
    unit_row *v;
    size_t n, cap;
    char **header;
    size_t nheader;
} unit_rows;

/* Frees an array of n strings and the array. */
static void free_strings(char **s, size_t n)
{
    if (!s)
        return;
    for (size_t i = 0; i < n; i++)
        free(s[i]);
    free(s);
}

/* Copies n fields into a new array of strings; NULL on allocation failure. */
static char **copy_strings(char *const *s, size_t n)
{
    char **c = calloc(n ? n : 1, sizeof *c);
    if (!c)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (!(c[i] = strdup(s[i]))) {
            free_strings(c, i);
            return NULL;
        }
    }
    return c;
}

/* Frees every row and the header. */
static void rows_free(unit_rows *rows)
{
    for (size_t i = 0; i < rows->n; i++)
        free_strings(rows->v[i].fields, rows->v[i].nfields);
    free(rows->v);
    free_strings(rows->header, rows->nheader);
}

/* Marks a row refused with its rule and reason, and reports it. */
static void reject(import_run *run, unit_row *row, const char *column, const char *rule,
                   const char *value, const char *en, const char *zh)
{
    row->rejected = 1;
    snprintf(row->rule, sizeof row->rule, "%s", rule);
    snprintf(row->reason, sizeof row->reason, "%s (%s)", en, zh);
    import_report_row(run, row->line, column, rule, value, en, zh);
    run->sum->rejected++;
}


/* Reads every record into rows.  Returns 0; 1 when the file itself is
 * refused (no header, a missing column; reported); -1 on an I/O or memory
 * failure. */
static int read_rows(import_run *run, unit_rows *rows)
{
    import_csv *csv = NULL;
    char err[256] = "";
    int rc = import_open_rows(run, &csv);
    if (rc != 0)
        return rc;
    char **fields;
    size_t n, idx[COL_COUNT];
    long line;
    rc = import_csv_next(csv, &fields, &n, &line, err, sizeof err);
    if (rc != 1) {
        fprintf(run->report, "%s:1: %s\n", run->path, rc == 0 ? "empty file, no header" : err);
        import_csv_close(csv);
        return 1;
    }
    if (!(rows->header = copy_strings(fields, n))) {
        import_csv_close(csv);
        return -1;
    }
    rows->nheader = n;
    if (import_columns_find(run, rows->header, rows->nheader, column_names, NULL, COL_COUNT,
                            idx) != 0) {
        import_csv_close(csv);
        return 1;
    }
    while ((rc = import_csv_next(csv, &fields, &n, &line, err, sizeof err)) != 0) {
        if (rows->n == rows->cap) {
            size_t ncap = rows->cap ? rows->cap * 2 : 512;
            unit_row *nv = realloc(rows->v, ncap * sizeof *nv);
            if (!nv) {
                import_csv_close(csv);
                return -1;
            }
            rows->v = nv;
            rows->cap = ncap;
        }
        unit_row *row = &rows->v[rows->n];
        memset(row, 0, sizeof *row);
        row->line = line;
        run->sum->read++;
        import_progress(run, (double)import_csv_offset(csv), run->size);
        if (rc < 0) {
            rows->n++;
            reject(run, row, NULL, "bad_csv", NULL, err, "CSV 格式错误");
            continue;
        }
        if (n == 1 && fields[0][0] == '\0') { /* blank line */
            run->sum->read--;
            continue;
        }
        if (!(row->fields = copy_strings(fields, n))) {
            import_csv_close(csv);
            return -1;
        }
        row->nfields = n;
        rows->n++;
        if (n != rows->nheader) {
            char en[128];
            snprintf(en, sizeof en, "%zu fields where the header has %zu", n, rows->nheader);
            reject(run, row, NULL, "field_count", NULL, en, "字段数与表头不一致");
            continue;
        }
        for (int c = 0; c < COL_COUNT; c++)
            row->col[c] = import_trim(row->fields[idx[c]]);
    }
    import_csv_close(csv);
    return 0;
}

/* Orders rows by code, then line (to find duplicates). */
static int by_code(const void *a, const void *b)
{
    const unit_row *x = a, *y = b;
    const char *cx = x->col[COL_CODE] ? x->col[COL_CODE] : "";
    const char *cy = y->col[COL_CODE] ? y->col[COL_CODE] : "";
    int c = strcmp(cx, cy);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Orders rows by code length (parents before children), then line. */
static int by_depth(const void *a, const void *b)
{
    const unit_row *x = a, *y = b;
    size_t lx = x->col[COL_CODE] ? strlen(x->col[COL_CODE]) : 0;
    size_t ly = y->col[COL_CODE] ? strlen(y->col[COL_CODE]) : 0;
    if (lx != ly)
        return lx < ly ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

/* 1 if code was refused earlier in this file (rows sorted by depth, so a
 * parent is always before its children).  A second row for a code, refused
 * as a duplicate, does not count: the first row stands for the code. */
static int refused_in_file(const unit_rows *rows, size_t upto, const char *code)
{
    if (!code || !*code)
        return 0;
    for (size_t i = 0; i < upto; i++)
        if (rows->v[i].rejected && strcmp(rows->v[i].rule, "duplicate_in_file") != 0 &&
            rows->v[i].col[COL_CODE] &&
            strcmp(rows->v[i].col[COL_CODE], code) == 0)
            return 1;
    return 0;
}

/* Writes the refused rows, with their line, rule and reason, to the rejects
 * CSV (just the header when none was refused, so no stale file remains).
 * Returns 0 or -1. */
static int write_rejects(import_run *run, const unit_rows *rows)
{
    FILE *f = fopen(run->opt->rejects_path, "wb");
    if (!f) {
        fprintf(run->report, "cannot write %s\n", run->opt->rejects_path);
        return -1;
    }
    const char *extra[3] = {"_line", "_rule", "_reason"};
    size_t nh = rows->nheader;
    const char **out = calloc(nh + 3, sizeof *out);
    int rc = out ? 0 : -1;
    for (size_t i = 0; out && i < nh; i++)
        out[i] = rows->header[i];
    for (size_t k = 0; out && k < 3; k++)
        out[nh + k] = extra[k];
    if (out && import_csv_write(f, out, nh + 3) != 0)
        rc = -1;
    for (size_t r = 0; out && rc == 0 && r < rows->n; r++) {
        const unit_row *row = &rows->v[r];
        if (!row->rejected)
            continue;
        char line[24];
        snprintf(line, sizeof line, "%ld", row->line);
        for (size_t i = 0; i < nh; i++)
            out[i] = i < row->nfields ? row->fields[i] : "";
        out[nh] = line;
        out[nh + 1] = row->rule;
        out[nh + 2] = row->reason;
        if (import_csv_write(f, out, nh + 3) != 0)
            rc = -1;
    }
    free(out);
    if (fclose(f) != 0)
        rc = -1;
    return rc;
}

/* Validates and writes every row inside the run's transaction. */
static int apply_rows(import_run *run, reg_db *db, unit_rows *rows)
{
    qsort(rows->v, rows->n, sizeof *rows->v, by_code);
    for (size_t i = 1; i < rows->n; i++) {
        unit_row *row = &rows->v[i];
        if (!row->rejected && row->col[COL_CODE] && rows->v[i - 1].col[COL_CODE] &&
            strcmp(row->col[COL_CODE], rows->v[i - 1].col[COL_CODE]) == 0) {
            char en[96];
            snprintf(en, sizeof en, "code appears again (first on line %ld)", rows->v[i - 1].line);
            reject(run, row, "code", "duplicate_in_file", row->col[COL_CODE], en,
                   "同一文件中代码重复");
        }
    }
    qsort(rows->v, rows->n, sizeof *rows->v, by_depth);
    for (size_t i = 0; i < rows->n; i++) {
        unit_row *row = &rows->v[i];
        if (row->rejected)
            continue;
        if (refused_in_file(rows, i, row->col[COL_PARENT])) {
            reject(run, row, "parent_code", "parent_rejected", row->col[COL_PARENT],
                   "the parent unit's row was refused", "上级单位所在行被拒绝");
            continue;
        }
        reg_unit_input in = {.code = row->col[COL_CODE],
                             .name = row->col[COL_NAME],
                             .level = row->col[COL_LEVEL],
                             .parent_code = row->col[COL_PARENT]};
        reg_error err = {0};
        char outcome = 0;
        int rc = reg_unit_upsert(db, run->opt->actor, &in, &outcome, &err);
        if (rc == REG_OK) {
            if (outcome == 'i')
                run->sum->inserted++;
            else if (outcome == 'u')
                run->sum->updated++;
            else
                run->sum->unchanged++;
        } else if (rc == REG_EIO || rc == REG_ENOMEM) {
            fprintf(run->report, "%s:%ld: %s\n", run->path, row->line, err.message_en);
            return -1;
        } else {
            const char *value = NULL;
            for (int c = 0; c < COL_COUNT; c++)
                if (strcmp(err.field, column_names[c]) == 0)
                    value = row->col[c];
            if (!value && strcmp(err.field, "parent") == 0)
                value = row->col[COL_PARENT];
            reject(run, row, err.field, err.code, value, err.message_en, err.message_zh);
        }
    }
    return 0;
}

/* See import.h. */
int import_units_csv(reg_db *db, const char *path, const import_options *opt,
                     import_summary *sum)
{
    if (!db || !path || !opt || !sum)
        return -1;
    import_run run;
    import_run_start(&run, path, opt, sum);
    if (import_run_crs(&run) != 0) /* a shapefile's, with no .prj */
        return 1;
    static const import_shape_columns shape = {.collection = "units"};
    run.shape = &shape;
    unit_rows rows = {0};
    int read = read_rows(&run, &rows);
    if (read != 0) {
        rows_free(&rows);
        import_run_end(&run);
        return read;
    }
    reg_error err = {0};
    if (reg_tx_begin(db, &err) != REG_OK) {
        fprintf(run.report, "%s: %s\n", path, err.message_en);
        rows_free(&rows);
        return -1;
    }
    if (apply_rows(&run, db, &rows) != 0) {
        reg_tx_rollback(db);
        rows_free(&rows);
        import_run_end(&run);
        return -1;
    }
    int rc = import_finish(&run, db);
    if (rc == 0 && opt->rejects_path && !opt->dry_run)
        rc = write_rejects(&run, &rows) == 0 ? 0 : -1;
    rows_free(&rows);
    return rc;
}
