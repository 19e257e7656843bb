/*
 * reg_dp_code.c: plate codes (D4): the 9-digit township code, an 8-digit
 * serial and an ISO 7064 MOD 11-2 check character (iso7064.h), so that a
 * mistyped or misread code is detected.  The serial of each township
 * comes from plate_serials, which only grows, and every code ever issued
 * stays in plates: a code is never reused nor reassigned.  Codes carry no
 * street, number or person: the address is looked up, never read from
 * the code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iso7064.h"
#include "reg_dp_internal.h"

#define DP_SERIAL_MAX 99999999L

/* See reg_dp_internal.h. */
int reg_plate_code_check(const char *code, reg_error *err)
{
    size_t n = code ? strnlen(code, REG_PLATE_CODE_LEN + 1) : 0;
    int ok = n == REG_PLATE_CODE_LEN;
    for (size_t i = 0; ok && i + 1 < n; i++)
        ok = code[i] >= '0' && code[i] <= '9';
    if (ok)
        ok = (code[n - 1] >= '0' && code[n - 1] <= '9') || code[n - 1] == 'X';
    if (!ok)
        return reg_error_set(err, REG_EINVAL, "bad_plate_code", "code",
                             "门牌编码格式错误（应为 17 位数字加 1 位校验码）",
                             "malformed plate code (17 digits and a check character)");
    char want;
    if (iso7064_mod11_2(code, REG_PLATE_CODE_LEN - 1, &want) != 0 ||
        want != code[REG_PLATE_CODE_LEN - 1])
        return reg_error_set(err, REG_EINVAL, "bad_check_digit", "code",
                             "门牌编码校验码不符：可能印错或识读错误",
                             "the plate code's check character is wrong: misprinted or misread");
    return REG_OK;
}

/* See reg_dp_internal.h. */
int reg_plate_code_alloc(reg_db *db, const char *township, char *code_out, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_plate_serials_flush(db, township, err); /* claims of a bulk load first */
    if (rc == REG_OK)
        rc = reg_dp_stmt(db, REG_DP_SERIAL_NEXT, &st, err);
    if (rc != REG_OK)
        return rc;
    long serial = -1;
    if (reg_bind_text(st, 1, township) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
        rc = reg_error_sqlite(db, err);
    else
        serial = (long)sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc != REG_OK)
        return rc;
    if (serial < 1 || serial > DP_SERIAL_MAX || strlen(township) != 9)
        return reg_error_set(err, REG_ECONFLICT, "serials_exhausted", "code",
                             "该乡镇的门牌编码已用完", "the township's plate codes are used up");
    char digits[REG_PLATE_CODE_LEN];
    snprintf(digits, sizeof digits, "%s%08ld", township, serial);
    if (iso7064_mod11_2(digits, REG_PLATE_CODE_LEN - 1, &code_out[REG_PLATE_CODE_LEN - 1]) != 0)
        return reg_error_set(err, REG_EINVAL, "bad_township", "code", "乡镇代码无效",
                             "bad township code");
    memcpy(code_out, digits, REG_PLATE_CODE_LEN - 1);
    code_out[REG_PLATE_CODE_LEN] = '\0';
    return REG_OK;
}

/* 1 if a plate has the code (*exists), via the cached statement.  In a
 * bulk load (one write transaction: nobody else writes) the last code
 * found free is remembered until a plate is inserted, so that the
 * import's look and the registry's check of a row cost one query. */
static int code_exists(reg_db *db, const char *code, int *exists, reg_error *err)
{
    struct reg_dp_cache *c = db->dp;
    int bulk = c && c->bulk;
    if (bulk && strcmp(c->free_code, code) == 0) {
        *exists = 0;
        return REG_OK;
    }
    if (bulk && reg_dp_holders_code(c, code)) { /* the load's own */
        *exists = 1;
        return REG_OK;
    }
    if (bulk && c->bulk_plates_after == 0) { /* no plate before the load: none else */
        *exists = 0;
        return REG_OK;
    }
    sqlite3_stmt *st;
    int rc = reg_dp_stmt(db, REG_DP_CODE_EXISTS, &st, err);
    if (rc != REG_OK)
        return rc;
    int step = reg_bind_text(st, 1, code) == SQLITE_OK ? sqlite3_step(st) : SQLITE_ERROR;
    if (step == SQLITE_ROW || step == SQLITE_DONE)
        *exists = step == SQLITE_ROW;
    else
        rc = reg_error_sqlite(db, err);
    sqlite3_reset(st);
    if (bulk && rc == REG_OK && !*exists && strlen(code) < sizeof c->free_code)
        strcpy(c->free_code, code);
    return rc;
}

/* See reg_doorplates.h. */
int reg_plate_code_taken(reg_db *db, const char *code, int *taken, reg_error *err)
{
    if (!db || !code || !taken)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    return code_exists(db, code, taken, err);
}

/* See reg_dp_internal.h. */
int reg_plate_code_usable(reg_db *db, const char *code, const char *township, reg_error *err)
{
    int rc = reg_plate_code_check(code, err);
    if (rc != REG_OK)
        return rc;
    if (strncmp(code, township, 9) != 0)
        return reg_error_detail(err, REG_ERULE, "code_township_mismatch", "code",
                                "门牌编码的乡镇代码与门牌位置所在乡镇不符",
                                "the code's township is not the one that holds the point",
                                township);
    int exists = 0;
    if ((rc = code_exists(db, code, &exists, err)) != REG_OK)
        return rc;
    if (exists)
        return reg_error_set(err, REG_ECONFLICT, "code_taken", "code",
                             "该门牌编码已被使用（编码永不重复使用）",
                             "the plate code is already used (codes are never reused)");
    return REG_OK;
}

/* Writes the claim of serial in township to plate_serials (never
 * lowering what is there). */
static int serial_bump(reg_db *db, const char *township, long serial, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_dp_stmt(db, REG_DP_SERIAL_BUMP, &st, err);
    if (rc != REG_OK)
        return rc;
    if (reg_bind_text(st, 1, township) != SQLITE_OK ||
        sqlite3_bind_int64(st, 2, serial) != SQLITE_OK)
        return reg_error_sqlite(db, err);
    return reg_step_done(db, st, err);
}

/* The pending claim of township during a bulk load, NULL if none. */
static struct reg_dp_serial *pending_serial(struct reg_dp_cache *c, const char *township)
{
    for (size_t i = 0; i < c->nserials; i++)
        if (strcmp(c->serials[i].township, township) == 0)
            return &c->serials[i];
    return NULL;
}

/* See reg_dp_internal.h. */
int reg_plate_serials_flush(reg_db *db, const char *township, reg_error *err)
{
    struct reg_dp_cache *c = db->dp;
    int rc = REG_OK;
    for (size_t i = 0; c && rc == REG_OK && i < c->nserials; i++)
        if (!township || strcmp(c->serials[i].township, township) == 0) {
            rc = serial_bump(db, c->serials[i].township, c->serials[i].serial, err);
            c->serials[i--] = c->serials[--c->nserials];
        }
    return rc;
}

/* See reg_dp_internal.h.  During a bulk load the highest serial of each
 * township is kept and written once (reg_plate_serials_flush). */
int reg_plate_code_claim(reg_db *db, const char *code, reg_error *err)
{
    char township[10], serial[9];
    memcpy(township, code, 9);
    township[9] = '\0';
    memcpy(serial, code + 9, 8);
    serial[8] = '\0';
    long n = strtol(serial, NULL, 10);
    struct reg_dp_cache *c = db->dp;
    if (!(c && c->bulk))
        return serial_bump(db, township, n, err);
    struct reg_dp_serial *p = pending_serial(c, township);
    if (!p && c->nserials == c->serials_cap) {
        size_t cap = c->serials_cap ? c->serials_cap * 2 : 32;
        struct reg_dp_serial *v = realloc(c->serials, cap * sizeof *v);
        if (!v)
            return reg_error_nomem(err);
        c->serials = v;
        c->serials_cap = cap;
    }
    if (!p) {
        p = &c->serials[c->nserials++];
        memcpy(p->township, township, sizeof township);
        p->serial = n;
    }
    if (n > p->serial)
        p->serial = n;
    return REG_OK;
}
