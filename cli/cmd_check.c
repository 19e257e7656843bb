/* `diming check boundaries`: the inside-work checks (内业检查), printed and,
 * with --report DIR, written as the round's report files. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "cli_args.h"
#include "reg_boundaries.h"
#include "report.h"

static const char check_help[] =
    "usage: diming [--db PATH] check boundaries [--round N] [--line NUMBER]\n"
    "              [--tolerance-m T] [--min-area-m2 A] [--gap-width-m W] [--report DIR]\n"
    "\n"
    "Checks, every distance and area in EPSG:4544 metres: overlaps and gaps between\n"
    "sibling units (at least A m2, default 1; slivers narrower than 2W, default\n"
    "W = 5 m); each line against the shared edge of its units' polygons\n"
    "(Hausdorff); markers against their line and pairs/triples against each other;\n"
    "numbering (B5); displacement of the latest observed position (B7, tolerance\n"
    "T, default 1.0 m); lines due (B1); with --round, markers and lines without\n"
    "records in it, repairs without both sides and repairs outstanding (B4).\n"
    "Prints one line per finding and the counts.  --report DIR writes report.html\n"
    "(A4, maps), findings.csv, findings.geojson, register.csv (界桩登记表),\n"
    "coordinates.csv (界桩成果表) and report.json.\n";

/* Writes one report file in dir with fn; 0 or -1 (reported). */
static int check_write(const char *dir, const char *name, int (*fn)(FILE *, const json_t *),
                       int (*html)(FILE *, geo_ctx *, const json_t *), geo_ctx *geo,
                       const json_t *data)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    int rc = !f ? -1 : html ? html(f, geo, data) : fn(f, data);
    if (f && fclose(f) != 0)
        rc = -1;
    if (rc != 0)
        cli_fail("cannot write %s", path);
    return rc;
}

/* Writes the report files of report into dir. */
static int check_report(reg_db *db, const char *dir, const json_t *report)
{
    if (mkdir(dir, 0755) != 0 && errno != EEXIST)
        return cli_fail("cannot create %s: %s", dir, strerror(errno));
    const json_t *checks = json_object_get(report, "checks");
    char path[4096];
    snprintf(path, sizeof path, "%s/report.json", dir);
    if (check_write(dir, "report.html", NULL, report_html, reg_geo(db), report) ||
        check_write(dir, "findings.csv", report_findings_csv, NULL, NULL, checks) ||
        check_write(dir, "findings.geojson", report_findings_geojson, NULL, NULL, checks) ||
        check_write(dir, "register.csv", report_register_csv, NULL, NULL, report) ||
        check_write(dir, "coordinates.csv", report_coordinates_csv, NULL, NULL, report))
        return CLI_EUSER;
    if (json_dump_file(report, path, JSON_INDENT(1) | JSON_REAL_PRECISION(15)) != 0)
        return cli_fail("cannot write %s", path);
    return CLI_OK;
}

/* Prints the findings, one a line, and the counts. */
static void check_print(const json_t *checks)
{
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(checks, "findings"), i, f) {
        const char *line = json_string_value(json_object_get(f, "line"));
        const char *marker = json_string_value(json_object_get(f, "marker"));
        printf("%-26s %-7s %-10s %-14s %s\n", json_string_value(json_object_get(f, "code")),
               json_string_value(json_object_get(f, "severity")), line ? line : "-",
               marker ? marker : "-", json_string_value(json_object_get(f, "message_en")));
    }
    printf("checked %lld lines, %lld markers, %lld units in %.3f s:",
           (long long)json_integer_value(json_object_get(checks, "lines_checked")),
           (long long)json_integer_value(json_object_get(checks, "markers_checked")),
           (long long)json_integer_value(json_object_get(checks, "units_checked")),
           json_number_value(json_object_get(checks, "elapsed_s")));
    const char *code;
    json_t *n;
    json_object_foreach(json_object_get(checks, "counts"), code, n)
        printf(" %s %lld", code, (long long)json_integer_value(n));
    printf("%s\n", json_object_size(json_object_get(checks, "counts")) ? "" : " no findings");
}

/* Parses the options into opt and *dir. */
static int check_args(int argc, char **argv, reg_check_options *opt, const char **dir)
{
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v = cli_option_value(argc, argv, &i);
        unsigned long round;
        if (!v)
            return cli_usage_error("check", "unexpected argument '%s'", a);
        if (strcmp(a, "--round") == 0) {
            if (cli_parse_uint(v, 1, 100000, &round) != 0)
                return cli_usage_error("check", "--round needs a round number");
            opt->round = (int)round;
        } else if (strcmp(a, "--line") == 0) {
            opt->line = v;
        } else if (strcmp(a, "--report") == 0) {
            *dir = v;
        } else if (strcmp(a, "--tolerance-m") == 0) {
            if (cli_parse_double("check", a, v, 0.001, 1000, &opt->tolerance_m))
                return CLI_EUSAGE;
        } else if (strcmp(a, "--min-area-m2") == 0) {
            if (cli_parse_double("check", a, v, 0.0001, 1e9, &opt->min_area_m2))
                return CLI_EUSAGE;
        } else if (strcmp(a, "--gap-width-m") == 0) {
            if (cli_parse_double("check", a, v, 0.001, 1000, &opt->gap_width_m))
                return CLI_EUSAGE;
        } else {
            return cli_usage_error("check", "unexpected argument '%s'", a);
        }
    }
    return CLI_OK;
}

/* Runs `check boundaries`. */
int cli_cmd_check(const cli_env *env, int argc, char **argv)
{
    if (argc < 2 || cli_is_help(argv[1])) {
        fputs(check_help, argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_EUSAGE : CLI_OK;
    }
    for (int i = 2; i < argc; i++)
        if (cli_is_help(argv[i])) {
            fputs(check_help, stdout);
            return CLI_OK;
        }
    if (strcmp(argv[1], "boundaries") != 0)
        return cli_usage_error("check", "unknown check '%s' (boundaries)", argv[1]);
    reg_check_options opt = {0};
    const char *dir = NULL;
    int rc = check_args(argc, argv, &opt, &dir);
    if (rc != CLI_OK)
        return rc;
    reg_db *db = cli_open_db(env);
    if (!db)
        return CLI_EUSER;
    reg_error err = {0};
    json_t *out = NULL;
    if ((dir ? reg_round_report(db, opt.round, opt.line, &opt, &out, &err)
             : reg_check_boundaries(db, &opt, &out, &err)) != REG_OK) {
        rc = cli_fail_reg(&err);
    } else {
        check_print(dir ? json_object_get(out, "checks") : out);
        if (dir && (rc = check_report(db, dir, out)) == CLI_OK)
            printf("report written to %s\n", dir);
    }
    json_decref(out);
    reg_close(db);
    return rc;
}
