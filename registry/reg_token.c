/*
 * reg_token.c: API tokens.  A token is 32 bytes from getrandom(2) written
 * as base64url without padding (43 characters); only its SHA-256 (nettle)
 * is stored, so a presented token is checked by looking its hash up.
 * Names are unique forever: a revoked name is never given out again.
 */
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <nettle/base64.h>
#include <nettle/sha2.h>

#include "reg_internal.h"

#define TOKEN_BYTES 32
#define TOKEN_CHARS 43 /* base64url of 32 bytes, no padding */

static const char *const role_names[] = {
    [REG_ROLE_STAFF] = "staff",
    [REG_ROLE_INSPECTOR] = "inspector",
    [REG_ROLE_ADMIN] = "admin",
};

/* See registry.h.  NULL for an out-of-range value. */
const char *reg_role_name(reg_role role)
{
    if ((int)role < 0 || (int)role > REG_ROLE_ADMIN)
        return NULL;
    return role_names[role];
}

/* See registry.h.  REG_OK and *out, or REG_EINVAL for an unknown name. */
int reg_role_parse(const char *text, reg_role *out)
{
    if (!text || !out)
        return REG_EINVAL;
    for (int i = 0; i <= REG_ROLE_ADMIN; i++)
        if (strcmp(text, role_names[i]) == 0) {
            *out = (reg_role)i;
            return REG_OK;
        }
    return REG_EINVAL;
}

/* Checks a token name: 1-64 characters of [A-Za-z0-9._-]. */
static int name_check(const char *name, reg_error *err)
{
    size_t n = name ? strlen(name) : 0;
    int ok = n >= 1 && n <= REG_TOKEN_NAME_MAX;
    for (size_t i = 0; ok && i < n; i++) {
        char c = name[i];
        ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
             c == '.' || c == '_' || c == '-';
    }
    if (!ok)
        return reg_error_set(err, REG_EINVAL, "token_name_invalid", "name",
                             "令牌名称应为1至64个字母、数字或 . _ -",
                             "a token name is 1-64 characters of A-Z a-z 0-9 . _ -");
    return REG_OK;
}

/* The SHA-256 of the token text into digest. */
static void token_hash(const char *token, size_t len, uint8_t digest[SHA256_DIGEST_SIZE])
{
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    sha256_update(&ctx, len, (const uint8_t *)token);
    sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
}

/* Makes a new token: TOKEN_BYTES from getrandom, base64url, no padding,
 * into out (at least TOKEN_CHARS + 1 bytes). */
static int token_make(char *out, reg_error *err)
{
    uint8_t raw[TOKEN_BYTES];
    size_t got = 0;
    while (got < sizeof raw) {
        ssize_t n = getrandom(raw + got, sizeof raw - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return reg_error_detail(err, REG_EIO, "random_failed", "", "无法获取随机数",
                                    "getrandom failed", strerror(errno));
        got += (size_t)n;
    }
    char text[BASE64_ENCODE_LENGTH(TOKEN_BYTES) + BASE64_ENCODE_FINAL_LENGTH + 1];
    struct base64_encode_ctx b64;
    base64url_encode_init(&b64);
    size_t len = base64_encode_update(&b64, text, sizeof raw, raw);
    len += base64_encode_final(&b64, text + len);
    while (len > 0 && text[len - 1] == '=')
        len--;
    memcpy(out, text, len);
    out[len] = '\0';
    explicit_bzero(raw, sizeof raw);
    explicit_bzero(text, sizeof text);
    return len == TOKEN_CHARS ? REG_OK
                              : reg_error_set(err, REG_EIO, "random_failed", "",
                                              "令牌生成失败", "token encoding failed");
}

/* A token's public record as JSON: {name, role, created_at, revoked_at}. */
static int token_json(reg_db *db, const char *name, json_t **out, reg_error *err)
{
    sqlite3_stmt *st;
    *out = NULL;
    int rc = reg_prepare(db,
                         "SELECT name, role, created_at, revoked_at FROM api_tokens"
                         " WHERE name = ?1",
                         &st, err);
    if (rc != REG_OK)
        return rc;
    int step = reg_bind_text(st, 1, name) == SQLITE_OK ? sqlite3_step(st) : SQLITE_ERROR;
    if (step == SQLITE_DONE) {
        rc = reg_error_set(err, REG_ENOTFOUND, "token_not_found", "name", "没有该名称的令牌",
                           "no token has this name");
    } else if (step != SQLITE_ROW) {
        rc = reg_error_sqlite(db, err);
    } else {
        json_t *t = json_object();
        if (!t || reg_json_set_column(t, "name", st, 0) || reg_json_set_column(t, "role", st, 1) ||
            reg_json_set_column(t, "created_at", st, 2) ||
            reg_json_set_column(t, "revoked_at", st, 3)) {
            json_decref(t);
            rc = reg_error_nomem(err);
        } else {
            *out = t;
        }
    }
    sqlite3_finalize(st);
    return rc;
}

/* Inserts the token record and its audit entry inside the caller's write. */
static int insert_token(reg_db *db, const char *actor, const char *name, reg_role role,
                        const uint8_t digest[SHA256_DIGEST_SIZE], reg_error *err)
{
    json_t *t = NULL;
    int rc = token_json(db, name, &t, err);
    json_decref(t);
    if (rc == REG_OK)
        return reg_error_set(err, REG_ECONFLICT, "token_name_taken", "name",
                             "令牌名称已被使用（撤销的名称也不得重复使用）",
                             "the token name is taken (revoked names are never reused)");
    if (rc != REG_ENOTFOUND)
        return rc;
    sqlite3_stmt *st;
    if ((rc = reg_prepare(db,
                          "INSERT INTO api_tokens (name, role, sha256, created_at)"
                          " VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                          &st, err)) != REG_OK)
        return rc;
    if (reg_bind_text(st, 1, name) != SQLITE_OK ||
        reg_bind_text(st, 2, reg_role_name(role)) != SQLITE_OK ||
        sqlite3_bind_blob(st, 3, digest, SHA256_DIGEST_SIZE, SQLITE_STATIC) != SQLITE_OK)
        rc = reg_error_sqlite(db, err);
    else
        rc = reg_step_done(db, st, err);
    sqlite3_finalize(st);
    if (rc == REG_OK)
        rc = token_json(db, name, &t, err);
    if (rc == REG_OK)
        rc = reg_audit_append(db, actor, "token_create", "token", name, NULL, t, err);
    json_decref(t);
    return rc;
}

/* See registry.h.  Errors: actor_invalid, token_name_invalid, bad_role,
 * buffer_too_small (REG_EINVAL); token_name_taken (REG_ECONFLICT);
 * random_failed (REG_EIO).  token_out is written only on success. */
int reg_token_create(reg_db *db, const char *actor, const char *name, reg_role role,
                     char *token_out, size_t token_len, reg_error *err)
{
    if (!db || !token_out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    if (token_len < 64)
        return reg_error_set(err, REG_EINVAL, "buffer_too_small", "", "令牌缓冲区太小",
                             "the token buffer must hold at least 64 bytes");
    int rc = reg_actor_check(actor, err);
    if (rc == REG_OK)
        rc = name_check(name, err);
    if (rc == REG_OK && !reg_role_name(role))
        rc = reg_error_set(err, REG_EINVAL, "bad_role", "role", "角色无效",
                           "unknown role (staff, inspector, admin)");
    char token[TOKEN_CHARS + 1];
    uint8_t digest[SHA256_DIGEST_SIZE];
    if (rc == REG_OK)
        rc = token_make(token, err);
    if (rc != REG_OK)
        return rc;
    token_hash(token, TOKEN_CHARS, digest);
    reg_write w;
    if ((rc = reg_write_begin(db, &w, err)) == REG_OK)
        rc = reg_write_end(db, &w, insert_token(db, actor, name, role, digest, err), err);
    if (rc == REG_OK)
        memcpy(token_out, token, TOKEN_CHARS + 1);
    explicit_bzero(token, sizeof token);
    return rc;
}

/* The REG_EAUTH answer for any token that does not check out. */
static int auth_error(reg_error *err)
{
    return reg_error_set(err, REG_EAUTH, "token_invalid", "token", "令牌无效或已撤销",
                         "the token is unknown or revoked");
}

/* See registry.h.  REG_EAUTH ("token_invalid") for a malformed, unknown or
 * revoked token; REG_EINVAL if name_out holds less than 65 bytes. */
int reg_token_check(reg_db *db, const char *token, char *name_out, size_t name_len,
                    reg_role *role, reg_error *err)
{
    if (!db || !name_out || name_len < REG_TOKEN_NAME_MAX + 1 || !role)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    if (!token || strnlen(token, TOKEN_CHARS + 1) != TOKEN_CHARS)
        return auth_error(err);
    uint8_t digest[SHA256_DIGEST_SIZE];
    token_hash(token, TOKEN_CHARS, digest);
    sqlite3_stmt *st;
    int rc = reg_stmt(db, REG_STMT_TOKEN_CHECK, &st, err);
    if (rc != REG_OK)
        return rc;
    if (sqlite3_bind_blob(st, 1, digest, SHA256_DIGEST_SIZE, SQLITE_STATIC) != SQLITE_OK)
        return reg_error_sqlite(db, err);
    int found = 0;
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW && sqlite3_column_type(st, 2) == SQLITE_NULL) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        const char *role_text = (const char *)sqlite3_column_text(st, 1);
        if (name && strlen(name) <= REG_TOKEN_NAME_MAX &&
            reg_role_parse(role_text, role) == REG_OK) {
            strcpy(name_out, name);
            found = 1;
        }
    } else if (step != SQLITE_ROW && step != SQLITE_DONE) {
        rc = reg_error_sqlite(db, err);
    }
    sqlite3_reset(st);
    if (rc == REG_OK && !found)
        rc = auth_error(err);
    return rc;
}

/* {name, role, created_at, revoked_at} of a token row; NULL when out of
 * memory. */
static json_t *token_row(sqlite3_stmt *st)
{
    json_t *t = json_object();
    if (!t || reg_json_set_column(t, "name", st, 0) || reg_json_set_column(t, "role", st, 1) ||
        reg_json_set_column(t, "created_at", st, 2) || reg_json_set_column(t, "revoked_at", st, 3)) {
        json_decref(t);
        return NULL;
    }
    return t;
}

/* See registry.h.  Ordered by name. */
int reg_token_list(reg_db *db, json_t **out, reg_error *err)
{
    if (!db || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    *out = NULL;
    sqlite3_stmt *st;
    int rc = reg_prepare(db,
                         "SELECT name, role, created_at, revoked_at FROM api_tokens"
                         " ORDER BY name",
                         &st, err);
    if (rc != REG_OK)
        return rc;
    rc = reg_json_rows(db, st, token_row, out, err);
    sqlite3_finalize(st);
    return rc;
}

/* Marks the token revoked and appends the audit entry, inside the
 * caller's write. */
static int revoke_token(reg_db *db, const char *actor, const char *name, reg_error *err)
{
    json_t *before = NULL, *after = NULL;
    int rc = token_json(db, name, &before, err);
    if (rc == REG_OK && !json_is_null(json_object_get(before, "revoked_at")))
        rc = reg_error_set(err, REG_ECONFLICT, "token_revoked", "name", "令牌已被撤销",
                           "the token is already revoked");
    sqlite3_stmt *st = NULL;
    if (rc == REG_OK)
        rc = reg_prepare(db,
                         "UPDATE api_tokens SET revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ',"
                         " 'now') WHERE name = ?1",
                         &st, err);
    if (rc == REG_OK)
        rc = reg_bind_text(st, 1, name) == SQLITE_OK ? reg_step_done(db, st, err)
                                                      : reg_error_sqlite(db, err);
    sqlite3_finalize(st);
    if (rc == REG_OK)
        rc = token_json(db, name, &after, err);
    if (rc == REG_OK)
        rc = reg_audit_append(db, actor, "token_revoke", "token", name, before, after, err);
    json_decref(before);
    json_decref(after);
    return rc;
}

/* See registry.h.  Errors: actor_invalid, token_name_invalid (REG_EINVAL),
 * token_not_found (REG_ENOTFOUND), token_revoked (REG_ECONFLICT). */
int reg_token_revoke(reg_db *db, const char *actor, const char *name, reg_error *err)
{
    if (!db)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    int rc = reg_actor_check(actor, err);
    if (rc == REG_OK)
        rc = name_check(name, err);
    reg_write w;
    if (rc == REG_OK && (rc = reg_write_begin(db, &w, err)) == REG_OK)
        rc = reg_write_end(db, &w, revoke_token(db, actor, name, err), err);
    return rc;
}
