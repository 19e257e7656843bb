/*
 * Shared by the place-name import's files: the columns (CSV) or properties
 * (GeoJSON) of a record and turning one into reg_place_register's input.
 */
#ifndef DIMING_IMPORT_PLACES_H
#define DIMING_IMPORT_PLACES_H

#include "import_internal.h"
#include "reg_places.h"

enum {
    IP_CODE, IP_NAME, IP_SPECIFIC, IP_GENERIC, IP_CATEGORY, IP_UNIT, IP_VALID_FROM,
    IP_APPROVED_BY, IP_APPROVAL_DATE, IP_PINYIN_OVERRIDE, IP_MEANING, IP_ORIGIN, IP_HISTORY,
    IP_DESCRIPTION, IP_LOCATION, IP_SOURCES, IP_PROTECTED, IP_LON, IP_LAT, IP_WKT, IP_NAMES,
    IP_COUNT
};

#define IP_NAMES_MAX 16

/* The column names, by IP_* index. */
extern const char *const import_place_columns[IP_COUNT];

/* One record: its values (borrowed from the CSV row or the JSON), its
 * geometry once read, its other names. */
typedef struct import_place_rec {
    const char *v[IP_COUNT];
    int protected_flag;        /* -1 unset */
    json_t *geometry_json;     /* GeoJSON feature's geometry, borrowed */
    GEOSGeometry *geom;        /* owned */
    reg_place_name_input names[IP_NAMES_MAX];
    size_t nnames;
    char *names_buf;           /* owned copy the CSV names point into */
} import_place_rec;

/* The IP_* index of a column name (case-insensitive), or -1. */
int import_place_column(const char *name);

/* Fills r from a CSV row; idx maps IP_* to field indexes ((size_t)-1
 * absent).  r must be zeroed with protected_flag -1. */
int import_place_rec_csv(import_place_rec *r, const size_t *idx, char **fields, size_t n,
                         reg_error *err);

/* Fills r from a GeoJSON feature (properties named as the columns, names
 * an array of {name, kind, valid_from, valid_to}); r zeroed as above. */
int import_place_rec_feature(import_place_rec *r, json_t *feature, reg_error *err);

/* Reads r's geometry in run->crs and fills out for reg_place_register
 * (pointing into r). */
int import_place_rec_existing(import_run *run, reg_db *db, import_place_rec *r,
                              reg_place_existing *out, reg_error *err);

/* Frees what r owns. */
void import_place_rec_free(reg_db *db, import_place_rec *r);

#endif
