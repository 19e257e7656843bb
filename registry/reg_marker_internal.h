/*
 * reg_marker_internal.h: what the marker files (reg_marker_read.c,
 * reg_marker_write.c, reg_marker_synth.c) share.
 */
#ifndef DIMING_REG_MARKER_INTERNAL_H
#define DIMING_REG_MARKER_INTERNAL_H

#include "reg_bound_internal.h"

/* A marker's values, from a row or from checked input.  Strings are
 * borrowed. */
typedef struct reg_marker_vals {
    const char *id;
    const char *line; /* the line's number */
    int seq;
    char type;
    double lon, lat; /* EPSG:4490 */
    const char *material; /* may be NULL */
    int year_set;         /* 0 when unknown */
    reg_condition condition;
} reg_marker_vals;

/* The JSON of a marker (as reg_marker_get without refs and records). */
int reg_marker_json_make(reg_db *db, const reg_marker_vals *v, json_t **out, reg_error *err);

/* {name, bearing_deg, distance_m} rounded as stored JSON is; NULL on
 * failure. */
json_t *reg_marker_ref_json(const char *name, double bearing, double distance);

#endif
