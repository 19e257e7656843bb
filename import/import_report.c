/* Reporting and finishing an import run (see import_internal.h). */
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "import_internal.h"

/* See import_internal.h. */
char *import_trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

/* See import_internal.h. */
double import_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* See import_internal.h. */
void import_run_start(import_run *run, const char *path, const import_options *opt,
                      import_summary *sum)
{
    memset(sum, 0, sizeof *sum);
    run->path = path;
    run->opt = opt;
    run->sum = sum;
    run->report = opt->report ? opt->report : stderr;
    run->started = import_now();
    run->locus = "line";
    run->crs = GEO_CRS_4490;
    run->shape = NULL;
    run->county_ready = 0;
    run->keys = NULL;
    struct stat sb;
    run->size = path && stat(path, &sb) == 0 ? (double)sb.st_size : 0;
    run->progress_tty = isatty(STDERR_FILENO);
    run->progress_at = 0;
}

/* See import_internal.h. */
void import_run_end(import_run *run)
{
    run->sum->seconds = import_now() - run->started;
    if (run->progress_at > 0)
        fputs("\r\033[K", stderr);
    run->progress_at = 0;
    import_keys_free(run);
}

/* See import_internal.h. */
void import_report_row(import_run *run, long line, const char *column, const char *rule,
                       const char *value, const char *message_en, const char *message_zh)
{
    fprintf(run->report, "%s: %s %ld:", run->path, run->locus, line);
    if (column && *column)
        fprintf(run->report, " column %s:", column);
    fprintf(run->report, " rule %s:", rule ? rule : "invalid");
    if (value)
        fprintf(run->report, " value \"%.80s\":", value);
    fprintf(run->report, " %s", message_en ? message_en : "");
    if (message_zh && *message_zh)
        fprintf(run->report, " (%s)", message_zh);
    fputc('\n', run->report);
}

/* See import_internal.h. */
void import_report_warning(import_run *run, long line, const char *message_en,
                           const char *message_zh)
{
    fprintf(run->report, "%s: %s %ld: warning: %s", run->path, run->locus, line, message_en);
    if (message_zh && *message_zh)
        fprintf(run->report, " (%s)", message_zh);
    fputc('\n', run->report);
    run->sum->warnings++;
}

/* See import_internal.h. */
int import_finish(import_run *run, reg_db *db)
{
    reg_error err = {0};
    import_summary *s = run->sum;
    if (s->rejected && !run->opt->rejects_path) {
        reg_tx_rollback(db);
        fprintf(run->report,
                "%s: %ld of %ld rows refused; nothing was written (use --rejects FILE to "
                "write the good rows)\n",
                run->path, s->rejected, s->read);
        s->inserted = s->updated = s->unchanged = 0;
        import_run_end(run);
        return 1;
    }
    if (run->opt->dry_run) {
        reg_tx_rollback(db);
        import_run_end(run);
        return s->rejected ? 1 : 0;
    }
    if (reg_tx_commit(db, &err) != REG_OK) {
        fprintf(run->report, "%s: commit failed: %s\n", run->path, err.message_en);
        reg_tx_rollback(db);
        import_run_end(run);
        return -1;
    }
    import_run_end(run);
    return 0;
}

/* See import.h. */
void import_summary_print(const import_summary *sum, FILE *f)
{
    if (!sum || !f)
        return;
    fprintf(f,
            "read %ld, inserted %ld, updated %ld, unchanged %ld, rejected %ld, warnings %ld, "
            "%.2f s\n",
            sum->read, sum->inserted, sum->updated, sum->unchanged, sum->rejected,
            sum->warnings, sum->seconds);
}
