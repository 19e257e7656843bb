/*
 * reg_error.c: filling reg_error safely.
 */
#include <stdio.h>
#include <string.h>

#include "reg_internal.h"

/* Copies src into dst (size bytes, always terminated), cutting at a UTF-8
 * character boundary so that a truncated Chinese message stays valid
 * UTF-8.  src NULL gives "". */
static void copy_utf8(char *dst, size_t size, const char *src)
{
    if (!src)
        src = "";
    size_t n = strlen(src);
    if (n >= size) {
        n = size - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--; /* src[n] would be a continuation byte: cut before its lead */
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* See registry.h. */
int reg_error_set(reg_error *err, int status, const char *code, const char *field,
                  const char *message_zh, const char *message_en)
{
    if (!err)
        return status;
    err->status = status;
    copy_utf8(err->code, sizeof err->code, code);
    copy_utf8(err->field, sizeof err->field, field);
    copy_utf8(err->message_zh, sizeof err->message_zh, message_zh);
    copy_utf8(err->message_en, sizeof err->message_en, message_en);
    return status;
}

/* See reg_internal.h. */
int reg_error_detail(reg_error *err, int status, const char *code, const char *field,
                     const char *message_zh, const char *message_en, const char *detail)
{
    if (!detail || !*detail)
        return reg_error_set(err, status, code, field, message_zh, message_en);
    char zh[sizeof err->message_zh * 2], en[sizeof err->message_en * 2];
    snprintf(zh, sizeof zh, "%s：%s", message_zh, detail);
    snprintf(en, sizeof en, "%s: %s", message_en, detail);
    return reg_error_set(err, status, code, field, zh, en);
}

/* See reg_internal.h. */
int reg_error_sqlite(reg_db *db, reg_error *err)
{
    int rc = db && db->sql ? sqlite3_errcode(db->sql) : SQLITE_ERROR;
    if (rc == SQLITE_NOMEM)
        return reg_error_nomem(err);
    const char *msg = db && db->sql ? sqlite3_errmsg(db->sql) : "no connection";
    return reg_error_detail(err, REG_EIO, "storage_error", "", "数据库存储错误",
                            "storage error", msg);
}

/* See reg_internal.h. */
int reg_error_nomem(reg_error *err)
{
    return reg_error_set(err, REG_ENOMEM, "out_of_memory", "", "内存不足", "out of memory");
}
