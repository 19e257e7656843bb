/*
 * reg_insp_internal.h: what the inspection-record files (reg_insp_check.c,
 * reg_insp_write.c) share: a record after the checks that need no
 * database.
 */
#ifndef DIMING_REG_INSP_INTERNAL_H
#define DIMING_REG_INSP_INTERNAL_H

#include "reg_bound_internal.h"

#define INSP_CLIENT_ID_MAX 64

typedef struct insp_photo {
    const unsigned char *data;
    size_t len;
    const char *content_type; /* static */
    char sha[REG_SHA256_HEX];
} insp_photo;

typedef struct insp_fields {
    char client_id[INSP_CLIENT_ID_MAX + 1]; /* "" when none */
    char marker[REG_MARKER_ID_MAX + 1];
    int round;
    char observed_at[REG_TIME_BUF]; /* UTC */
    char *inspector;
    int has_position;
    double given_lon, given_lat; /* as the GNSS gave them, in crs */
    geo_crs crs;
    double lon, lat; /* EPSG:4490 */
    double accuracy_m;
    reg_condition condition;
    reg_action action;
    char *party_left, *party_right, *notes; /* malloc'd or NULL */
    long corrects;
    char corrects_client_id[INSP_CLIENT_ID_MAX + 1];
    insp_photo photos[REG_PHOTOS_PER_RECORD];
    size_t nphotos;
    char fingerprint[REG_SHA256_HEX]; /* SHA-256 of all of the above */
} insp_fields;

/* Checks a record input without the database into f (zeroed by the
 * caller, who frees it with insp_fields_free). */
int reg_insp_check(reg_db *db, const reg_inspection_input *in, insp_fields *f, reg_error *err);

/* Frees what f holds. */
void reg_insp_fields_free(insp_fields *f);

#endif
