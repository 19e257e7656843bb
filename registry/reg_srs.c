/*
 * reg_srs.c: what SpatiaLite's spatial_ref_sys says about a CRS.
 */
#include <stdlib.h>
#include <string.h>

#include "reg_internal.h"

/* See registry.h.  Reads srtext for the EPSG code srid. */
int reg_srs_wkt(reg_db *db, int srid, char **out, reg_error *err)
{
    if (!db || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    *out = NULL;
    sqlite3_stmt *st;
    int rc = reg_prepare(db,
                         "SELECT srtext FROM spatial_ref_sys"
                         " WHERE auth_name = 'epsg' AND auth_srid = ?1",
                         &st, err);
    if (rc != REG_OK)
        return rc;
    int step = sqlite3_bind_int(st, 1, srid) == SQLITE_OK ? sqlite3_step(st) : SQLITE_ERROR;
    const char *wkt = step == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
    if (step == SQLITE_ROW && wkt && wkt[0])
        rc = (*out = strdup(wkt)) ? REG_OK : reg_error_nomem(err);
    else if (step == SQLITE_ROW || step == SQLITE_DONE)
        rc = reg_error_set(err, REG_ENOTFOUND, "unknown_srs", "crs", "坐标系未登记",
                           "no WKT is registered for this CRS");
    else
        rc = reg_error_sqlite(db, err);
    sqlite3_finalize(st);
    return rc;
}
