/* `diming plates render`: print-ready plates in batches (D5). */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "cli_args.h"
#include "cli_render.h"
#include "reg_places.h"

static const char plates_help[] =
    "usage: diming [--db PATH] plates render (--street ID | --unit CODE | --codes FILE)\n"
    "              --base-url URL [--size large|medium|small] [--format svg|png]\n"
    "              [--level Q|H] [--out DIR] [--threads N] [--include-retired]\n"
    "\n"
    "Draws every plate of a street (or village group), of a unit (county,\n"
    "township or village-level code) or listed in FILE (one code a line) into\n"
    "DIR (default ./plates): svg, the whole plate at the D5 size (default\n"
    "medium, 270x170 mm with a 75 mm QR), or png, the QR alone as a 1-bit PNG\n"
    "at 300 dpi of the size's QR square.  The QR carries URL/p/CODE (an\n"
    "https:// URL for plates: D4; also $DIMING_BASE_URL) with error\n"
    "correction Q (default) or H.  One thread per core (--threads N to\n"
    "choose), a progress bar on a terminal, and DIR/manifest.csv (code, kind,\n"
    "number, address, file, status).  Exit 1 if any plate failed.\n";

/* The options of a render. */
typedef struct plates_opts {
    long street;
    const char *unit, *codes, *out, *base;
    unsigned long threads;
    int retired;
    cli_render_set *set; /* large: on the heap */
} plates_opts;

/* Applies option a with its value v to o.  0, or -1 when a is unknown or
 * v is not one of its values. */
static int plates_opt(plates_opts *o, const char *a, const char *v)
{
    unsigned long n;
    if (strcmp(a, "--street") == 0) {
        if (cli_parse_uint(v, 1, 999999999999UL, &n) != 0)
            return -1;
        o->street = (long)n;
    } else if (strcmp(a, "--unit") == 0) {
        o->unit = v;
    } else if (strcmp(a, "--codes") == 0) {
        o->codes = v;
    } else if (strcmp(a, "--out") == 0) {
        o->out = v;
    } else if (strcmp(a, "--base-url") == 0) {
        o->base = v;
    } else if (strcmp(a, "--threads") == 0) {
        return cli_parse_uint(v, 1, 256, &o->threads);
    } else if (strcmp(a, "--size") == 0) {
        return qr_plate_size_parse(v, &o->set->size) == QR_OK ? 0 : -1;
    } else if (strcmp(a, "--format") == 0) {
        if (strcmp(v, "svg") != 0 && strcmp(v, "png") != 0)
            return -1;
        o->set->format = strcmp(v, "png") == 0 ? CLI_RENDER_PNG : CLI_RENDER_SVG;
    } else if (strcmp(a, "--level") == 0) {
        if (strcasecmp(v, "Q") != 0 && strcasecmp(v, "H") != 0)
            return -1;
        o->set->level = strcasecmp(v, "H") == 0 ? QR_LEVEL_H : QR_LEVEL_Q;
    } else {
        return -1;
    }
    return 0;
}

/* Parses the options into o.  0, or the usage exit status. */
static int plates_args(int argc, char **argv, plates_opts *o)
{
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        if (strcmp(a, "--include-retired") == 0) {
            o->retired = 1;
            continue;
        }
        if (!(v = cli_option_value(argc, argv, &i)))
            return cli_usage_error("plates", "%s needs a value", a);
        if (plates_opt(o, a, v) != 0)
            return cli_usage_error("plates", "bad argument %s %s", a, v);
    }
    if (!!o->street + !!o->unit + !!o->codes != 1)
        return cli_usage_error("plates", "give one of --street, --unit or --codes");
    if (!o->base && !(o->base = getenv("DIMING_BASE_URL")))
        return cli_usage_error("plates", "--base-url URL is required (or $DIMING_BASE_URL)");
    if (strncmp(o->base, "https://", 8) != 0 &&
        (o->set->format == CLI_RENDER_SVG || strncmp(o->base, "http://", 7) != 0))
        return cli_usage_error("plates", "--base-url must be https:// for plates (D4)");
    return 0;
}

/* Adds the plates listed in FILE (one code a line, normalised). */
static int add_codes(reg_db *db, plates_opts *o)
{
    FILE *f = fopen(o->codes, "r");
    if (!f)
        return cli_fail("cannot read %s: %s", o->codes, strerror(errno));
    char line[256], code[66];
    long n = 0;
    int rc = CLI_OK;
    while (rc == CLI_OK && fgets(line, sizeof line, f)) {
        n++;
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0])
            continue;
        reg_plate_view v;
        reg_error err = {0};
        if (qr_code_normalize(line, code, sizeof code) != QR_OK)
            rc = cli_fail("%s:%ld: not a plate code: %s", o->codes, n, line);
        else if (reg_plate_view_get(db, code, &v, &err) != REG_OK)
            rc = cli_fail("%s:%ld: %s: %s", o->codes, n, code, err.message_en);
        else if (cli_render_add(&v, o->set) != 0)
            rc = cli_fail("out of memory");
    }
    fclose(f);
    return rc;
}

/* A thread: loads the naming rules (ICU's transliterator among them,
 * ~0.2 s), which the first plate's address needs, while the registry is
 * opened.  An error shows again where the rules are used. */
static void *preload_rules(void *arg)
{
    (void)arg;
    reg_places_data_load(NULL);
    return NULL;
}

/* `plates render`: the threads start drawing while the set is read. */
static int plates_render(const cli_env *env, plates_opts *o)
{
    if (mkdir(o->out, 0755) != 0 && errno != EEXIST)
        return cli_fail("cannot make %s: %s", o->out, strerror(errno));
    pthread_t preload;
    int preloading = pthread_create(&preload, NULL, preload_rules, NULL) == 0;
    reg_db *db = cli_open_db(env);
    if (preloading)
        pthread_join(preload, NULL);
    if (!db)
        return CLI_EUSER;
    o->set->base_url = o->base;
    o->set->dir = o->out;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (cli_render_start(o->set, (unsigned)o->threads) != 0) {
        reg_close(db);
        return cli_fail("cannot write into %s: %s", o->out, strerror(errno));
    }
    int rc = CLI_OK;
    if (o->codes) {
        rc = add_codes(db, o);
    } else {
        /* In any order: the manifest is sorted while the plates are drawn,
         * and the threads start at the first plate, not after a sort. */
        reg_plate_filter f = {o->street, o->unit, o->retired, 1};
        reg_error err = {0};
        if (reg_plates_each(db, &f, cli_render_add, o->set, &err) != REG_OK)
            rc = cli_fail_reg(&err);
    }
    reg_close(db);
    if (rc == CLI_OK && o->set->nomem)
        rc = cli_fail("out of memory");
    /* A batch cut short by an error has no manifest. */
    size_t failed = cli_render_finish(o->set, rc == CLI_OK && o->set->n > 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (rc != CLI_OK)
        return rc;
    if (o->set->n == 0)
        return cli_fail("no plates to render");
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (o->set->manifest_failed)
        rc = cli_fail("cannot write %s/manifest.csv", o->out);
    printf("rendered %zu of %zu plates into %s in %.2f s (manifest.csv)\n", o->set->n - failed,
           o->set->n, o->out, secs);
    if (rc == CLI_OK && failed)
        rc = cli_fail("%zu plates failed: see the status column of %s/manifest.csv", failed,
                      o->out);
    return rc;
}

/* Runs `plates`. */
int cli_cmd_plates(const cli_env *env, int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (cli_is_help(argv[i])) {
            fputs(plates_help, stdout);
            return CLI_OK;
        }
    if (argc < 2 || strcmp(argv[1], "render") != 0)
        return cli_usage_error("plates", "what to do: render");
    plates_opts o = {.out = "plates"};
    if (!(o.set = calloc(1, sizeof *o.set)))
        return cli_fail("out of memory");
    o.set->size = QR_SIZE_MEDIUM;
    o.set->level = QR_LEVEL_Q;
    int rc = plates_args(argc, argv, &o);
    if (rc == 0)
        rc = plates_render(env, &o);
    cli_render_free(o.set);
    free(o.set);
    return rc;
}
