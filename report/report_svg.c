/*
 * report_svg.c: the map of a line as inline SVG, drawn in EPSG:4544
 * metres with north up: the line, its markers coloured by condition
 * (hollow grey where not inspected in the round), every finding of the
 * line as a numbered red ring at its place with its geometry (an overlap,
 * a gap, a displacement) dashed, a scale bar and a north arrow.
 */
#include <math.h>
#include <string.h>

#include "report_internal.h"

#define SVG_W 1000.0
#define SVG_H 700.0
#define SVG_MARGIN 40.0

/* The frame: projected extent and the scale to the drawing. */
typedef struct svg_frame {
    geo_ctx *geo;
    double xmin, ymin, xmax, ymax;
    double scale, ox, oy;
} svg_frame;

/* Projects (lon, lat) to EPSG:4544; 0 or -1. */
static int svg_project(geo_ctx *geo, double lon, double lat, double *x, double *y)
{
    *x = lon;
    *y = lat;
    return geo_transform_point(geo, GEO_CRS_4490, GEO_CRS_4544, x, y) == GEO_OK ? 0 : -1;
}

/* Grows the extent by (x, y). */
static void svg_extend(svg_frame *fr, double x, double y)
{
    fr->xmin = fmin(fr->xmin, x);
    fr->ymin = fmin(fr->ymin, y);
    fr->xmax = fmax(fr->xmax, x);
    fr->ymax = fmax(fr->ymax, y);
}

/* Calls fn on every position of a GeoJSON coordinates array of lines or
 * rings (any depth), with first = 1 where a line or ring starts. */
static void svg_positions(const json_t *coords, void (*fn)(void *, double, double, int),
                          void *ctx)
{
    size_t i;
    json_t *c;
    json_array_foreach(coords, i, c) {
        if (json_is_number(json_array_get(c, 0)))
            fn(ctx, json_number_value(json_array_get(c, 0)),
               json_number_value(json_array_get(c, 1)), i == 0);
        else
            svg_positions(c, fn, ctx);
    }
}

/* svg_positions callback: grows the frame. */
static void svg_extend_cb(void *ctx, double lon, double lat, int first)
{
    svg_frame *fr = ctx;
    double x, y;
    (void)first;
    if (svg_project(fr->geo, lon, lat, &x, &y) == 0)
        svg_extend(fr, x, y);
}

/* Drawing coordinates of a projected point. */
static void svg_xy(const svg_frame *fr, double x, double y, double *sx, double *sy)
{
    *sx = fr->ox + (x - fr->xmin) * fr->scale;
    *sy = fr->oy - (y - fr->ymin) * fr->scale;
}

/* A path being written: the frame and the stream. */
typedef struct svg_path {
    const svg_frame *fr;
    FILE *f;
    int points;
} svg_path;

/* svg_positions callback: writes M or L to the point. */
static void svg_path_cb(void *ctx, double lon, double lat, int first)
{
    svg_path *p = ctx;
    double x, y, sx, sy;
    if (svg_project(p->fr->geo, lon, lat, &x, &y) != 0)
        return;
    svg_xy(p->fr, x, y, &sx, &sy);
    fprintf(p->f, "%s%.1f %.1f", first || !p->points ? " M" : " L", sx, sy);
    p->points++;
}

/* Writes a GeoJSON geometry as one <path> with the given attributes. */
static void svg_geometry(FILE *f, const svg_frame *fr, const json_t *g, const char *attrs)
{
    svg_path p = {fr, f, 0};
    fputs("<path d=\"", f);
    svg_positions(json_object_get(g, "coordinates"), svg_path_cb, &p);
    const char *type = report_str(g, "type");
    fprintf(f, "%s\" %s/>\n", strstr(type, "Polygon") ? " Z" : "", attrs);
}

/* The frame that holds the line, its markers and its findings. */
static int svg_frame_make(svg_frame *fr, const json_t *line, const json_t *findings)
{
    fr->xmin = fr->ymin = INFINITY;
    fr->xmax = fr->ymax = -INFINITY;
    svg_positions(json_object_get(json_object_get(line, "geometry"), "coordinates"),
                  svg_extend_cb, fr);
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(line, "markers"), i, m)
        svg_extend(fr, json_number_value(json_object_get(m, "x")),
                   json_number_value(json_object_get(m, "y")));
    json_array_foreach(findings, i, m)
        if (report_finding_on_line(m, line))
            svg_extend(fr, json_number_value(json_object_get(json_object_get(m, "location"), "x")),
                       json_number_value(json_object_get(json_object_get(m, "location"), "y")));
    if (!isfinite(fr->xmin) || !isfinite(fr->ymin))
        return -1;
    double dx = fmax(fr->xmax - fr->xmin, 1), dy = fmax(fr->ymax - fr->ymin, 1);
    fr->scale = fmin((SVG_W - 2 * SVG_MARGIN) / dx, (SVG_H - 2 * SVG_MARGIN) / dy);
    fr->ox = (SVG_W - dx * fr->scale) / 2;
    fr->oy = SVG_H - (SVG_H - dy * fr->scale) / 2;
    return 0;
}

/* A scale bar of a round length about a fifth of the width, and north. */
static void svg_furniture(FILE *f, const svg_frame *fr)
{
    double want = (SVG_W / 5) / fr->scale, unit = pow(10, floor(log10(want)));
    double len = want >= 5 * unit ? 5 * unit : want >= 2 * unit ? 2 * unit : unit;
    double px = len * fr->scale;
    fprintf(f, "<g font-size=\"14\" fill=\"#333\"><path d=\"M20 680 h%.1f M20 674 v12 M%.1f 674 "
               "v12\" stroke=\"#333\" stroke-width=\"2\"/><text x=\"20\" y=\"668\">%g %s</text>"
               "<path d=\"M965 60 l10 -35 l10 35 l-10 -8 z\" fill=\"#333\"/>"
               "<text x=\"969\" y=\"80\">N</text></g>\n",
            px, 20 + px, len >= 1000 ? len / 1000 : len, len >= 1000 ? "km" : "m");
}

/* The markers as coloured circles with their sequence and type. */
static void svg_markers(FILE *f, const svg_frame *fr, const json_t *line, int in_round)
{
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(line, "markers"), i, m) {
        double sx, sy;
        svg_xy(fr, json_number_value(json_object_get(m, "x")),
               json_number_value(json_object_get(m, "y")), &sx, &sy);
        const char *cond = report_marker_condition(m, in_round);
        int hollow = strcmp(cond, "not_inspected") == 0;
        fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"6\" fill=\"%s\" stroke=\"%s\" "
                   "stroke-width=\"1.5\"><title>",
                sx, sy, report_condition_colour(cond), hollow ? "#888" : "#000");
        report_html_text(f, report_str(m, "id"));
        fputs(" ", f);
        report_html_text(f, report_word_zh(cond));
        fprintf(f, "</title></circle><text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">%03d%s</text>\n",
                sx + 8, sy - 8, (int)json_integer_value(json_object_get(m, "seq")),
                report_str(m, "type"));
    }
}

/* The findings of the line: geometry dashed, a numbered ring. */
static void svg_findings(FILE *f, const svg_frame *fr, const json_t *line, const json_t *findings)
{
    size_t i;
    json_t *fd;
    json_array_foreach(findings, i, fd) {
        if (!report_finding_on_line(fd, line))
            continue;
        const json_t *g = json_object_get(fd, "geometry");
        if (json_is_object(g))
            svg_geometry(f, fr, g, "fill=\"#e53935\" fill-opacity=\"0.25\" stroke=\"#c62828\" "
                                   "stroke-width=\"2\" stroke-dasharray=\"6 4\"");
        const json_t *loc = json_object_get(fd, "location");
        double sx, sy;
        svg_xy(fr, json_number_value(json_object_get(loc, "x")),
               json_number_value(json_object_get(loc, "y")), &sx, &sy);
        fprintf(f, "<g><circle cx=\"%.1f\" cy=\"%.1f\" r=\"11\" fill=\"none\" stroke=\"#c62828\" "
                   "stroke-width=\"2.5\"/><text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" "
                   "font-weight=\"bold\" fill=\"#c62828\">%zu</text><title>",
                sx, sy, sx + 12, sy + 16, i + 1);
        report_html_text(f, report_str(fd, "message_zh"));
        fputs("</title></g>\n", f);
    }
}

/* See report_internal.h. */
int report_svg_line(FILE *f, geo_ctx *geo, const json_t *line, const json_t *findings,
                    int in_round)
{
    svg_frame fr = {.geo = geo};
    if (svg_frame_make(&fr, line, findings) != 0)
        return -1;
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" "
               "role=\"img\"><rect width=\"100%%\" height=\"100%%\" fill=\"#fafafa\"/>\n",
            SVG_W, SVG_H);
    svg_geometry(f, &fr, json_object_get(line, "geometry"),
                 "fill=\"none\" stroke=\"#1a237e\" stroke-width=\"3\" stroke-linejoin=\"round\"");
    svg_findings(f, &fr, line, findings);
    svg_markers(f, &fr, line, in_round);
    svg_furniture(f, &fr);
    fputs("</svg>\n", f);
    return 0;
}
