/* `diming synth doorplates`: a synthetic, deterministic doorplate
 * register inside the county's real township polygons (see cli_synth.h),
 * written as the CSV files the imports read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "cli_args.h"
#include "cli_synth.h"

/* The county's 134,704 standard doorplate addresses (DOMAIN.md). */
#define CLI_SYNTH_DEFAULT_COUNT 134704UL
#define CLI_SYNTH_URBAN_SHARE 0.45 /* of the plates in the county seat */

/* 会宁县城, the county seat in 会师镇 (CGCS2000 lon, lat). */
#define CLI_SYNTH_SEAT_LON 105.0539
#define CLI_SYNTH_SEAT_LAT 35.6933

static const char cli_synth_help[] =
    "usage: diming [--db PATH] synth doorplates --out DIR [--count N] [--seed S]\n"
    "              [--problems K] [--scale N] [--county CODE] [--seat-town CODE]\n"
    "\n"
    "Writes DIR/streets.csv and DIR/doorplates.csv: a synthetic register of N\n"
    "doorplates (default 134,704, the county's) inside the township polygons of\n"
    "the registry, the same files for the same seed.  About 45% lie in the\n"
    "county seat (--seat-town, default 620422100 会师镇): a grid of streets with\n"
    "doors on both sides and residential compounds (building, entrance and room\n"
    "plates); the rest in village groups (自然村) of every other village-level\n"
    "unit, numbered by distance from the group's seat.  Village-level units have\n"
    "no polygons: each gets a seat point and a point belongs to the unit of the\n"
    "nearest seat in its township.\n"
    "\n"
    "  --problems K   seed K D1 problems (duplicates, wrong sides, numbers out of\n"
    "                 order, one building with two numbers; default 0): import\n"
    "                 such a file with 'diming import doorplates --survey'\n"
    "  --scale N      write the plates N times (1-10, default 1; benchmarks): the\n"
    "                 same points, each copy with codes of its own and numbers\n"
    "                 raised by a power of ten (12 -> 1012, 2012 ...)\n"
    "  --county CODE  the county (default 620422)\n"
    "\n"
    "streets.csv: name,kind (street|group),unit_code,wkt (EPSG:4490),odd_side,direction\n"
    "doorplates.csv: code,kind (door|building|unit|room),street,street_unit,number,\n"
    "  building,entrance,room,lon,lat (EPSG:4490),unit_code,state,state_date\n";

/* Parses the options into the variables; 0 or the usage exit status. */
static int parse_args(int argc, char **argv, unsigned long *count, unsigned long *seed,
                      unsigned long *problems, unsigned long *scale, const char **out,
                      const char **county, const char **seat)
{
    for (int i = 2; i < argc; i++) {
        const char *v;
        if (strcmp(argv[i], "--count") == 0) {
            if (!(v = cli_option_value(argc, argv, &i)) || cli_parse_uint(v, 1, 10000000, count))
                return cli_usage_error("synth", "--count needs a number from 1 to 10000000");
        } else if (strcmp(argv[i], "--seed") == 0) {
            if (!(v = cli_option_value(argc, argv, &i)) ||
                cli_parse_uint(v, 0, 0xffffffffUL, seed))
                return cli_usage_error("synth", "--seed needs a number");
        } else if (strcmp(argv[i], "--problems") == 0) {
            if (!(v = cli_option_value(argc, argv, &i)) || cli_parse_uint(v, 0, 1000, problems))
                return cli_usage_error("synth", "--problems needs a number from 0 to 1000");
        } else if (strcmp(argv[i], "--scale") == 0) {
            if (!(v = cli_option_value(argc, argv, &i)) || cli_parse_uint(v, 1, 10, scale))
                return cli_usage_error("synth", "--scale needs a number from 1 to 10");
        } else if (strcmp(argv[i], "--out") == 0) {
            if (!(*out = cli_option_value(argc, argv, &i)))
                return cli_usage_error("synth", "--out needs a DIR");
        } else if (strcmp(argv[i], "--county") == 0) {
            if (!(*county = cli_option_value(argc, argv, &i)))
                return cli_usage_error("synth", "--county needs a CODE");
        } else if (strcmp(argv[i], "--seat-town") == 0) {
            if (!(*seat = cli_option_value(argc, argv, &i)))
                return cli_usage_error("synth", "--seat-town needs a CODE");
        } else {
            return cli_usage_error("synth", "unknown argument '%s'", argv[i]);
        }
    }
    if (!*out)
        return cli_usage_error("synth", "--out DIR is required");
    return 0;
}

/* Runs `synth doorplates`. */
int cli_cmd_synth_doorplates(const cli_env *env, int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (cli_is_help(argv[i])) {
            fputs(cli_synth_help, stdout);
            return CLI_OK;
        }
    if (argc < 2 || strcmp(argv[1], "doorplates") != 0)
        return cli_usage_error("synth", "what to make: doorplates");
    unsigned long count = CLI_SYNTH_DEFAULT_COUNT, seed = 1, problems = 0, scale = 1;
    const char *out = NULL, *county = "620422", *seat = "620422100";
    int urc = parse_args(argc, argv, &count, &seed, &problems, &scale, &out, &county, &seat);
    if (urc != 0)
        return urc;
    if (mkdir(out, 0755) != 0) {
        struct stat sb;
        if (stat(out, &sb) != 0 || !S_ISDIR(sb.st_mode))
            return cli_fail("cannot make the directory %s", out);
    }
    reg_db *db = cli_open_db(env);
    if (!db)
        return CLI_EUSER;
    cli_synth_world w;
    memset(&w, 0, sizeof w);
    w.rng.s = 0x9E3779B97F4A7C15ULL ^ (uint64_t)seed;
    size_t urban = (size_t)((double)count * CLI_SYNTH_URBAN_SHARE);
    int rc = cli_synth_world_load(&w, db, county, seat, CLI_SYNTH_SEAT_LON, CLI_SYNTH_SEAT_LAT);
    if (rc == 0)
        rc = cli_synth_urban(&w, urban);
    if (rc == 0)
        rc = cli_synth_rural(&w, count - urban);
    if (rc == 0)
        rc = cli_synth_seed_problems(&w, problems);
    if (rc == 0)
        rc = cli_synth_write(&w, out, (int)scale);
    if (rc == 0) {
        size_t groups = 0;
        for (size_t i = 0; i < w.naxes; i++)
            groups += (size_t)w.axes[i].group;
        printf("wrote %zu plates on %zu streets and %zu village groups to %s/streets.csv and "
               "%s/doorplates.csv\n",
               w.nplates * scale, w.naxes - groups, groups, out, out);
    }
    cli_synth_world_free(&w);
    reg_close(db);
    return rc == 0 ? CLI_OK : CLI_EUSER;
}
