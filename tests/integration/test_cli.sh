# The command line: exit statuses, help, init, imports (all-or-nothing,
# rejects, idempotence), tokens, schema version refusal.
. "$(dirname "$0")/lib.sh"
db="$T/r.db"

expect_status 2 "$DIMING"
expect_status 2 "$DIMING" frobnicate
expect_status 2 "$DIMING" --bogus init
expect_status 0 "$DIMING" --help
for c in init serve import token units places; do
    expect_status 0 "$DIMING" "$c" --help
    grep -q "usage: diming" "$T/out" || fail "$c --help prints no usage"
done
pass "usage errors exit 2, --help on every command"

expect_status 1 "$DIMING" --db "$T/missing.db" units list
grep -q "no registry" "$T/err" || fail "missing db message"
[ "$(wc -l <"$T/err")" = 1 ] || fail "user error is not one line"
pass "user error exits 1 with one line"

start=$(date +%s%N)
expect_status 0 "$DIMING" --db "$db" init
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "init took ${ms} ms"
[ "$ms" -lt 1000 ] || fail "init took ${ms} ms"
expect_status 1 "$DIMING" --db "$db" init
[ "$(sqlite3 "$db" 'PRAGMA journal_mode')" = wal ] || fail "not WAL"
[ "$(sqlite3 "$db" "SELECT count(*) FROM spatial_ref_sys WHERE srid IN (4490,4326,4544)")" = 3 ] \
    || fail "spatial_ref_sys lacks an SRID"
pass "init creates a WAL spatial registry in under a second"

# DIMING_DB is the default database.
DIMING_DB="$db" expect_status 0 "$DIMING" units list
pass "DIMING_DB is honoured"

# A failed import leaves the database exactly as it was.
expect_status 0 "$DIMING" --db "$db" import units "$DIMING_DATA/huining/admin_units.csv"
grep -q "inserted 353" "$T/out" || fail "353 units not inserted: $(cat "$T/out")"
before=$(table_checksum "$db")
{ cat "$DIMING_DATA/huining/admin_units.csv"; echo "620422226,新乡,township,620423"; \
  echo "620422100999,坏村,village,620422100"; } >"$T/bad.csv"
expect_status 1 "$DIMING" --db "$db" import units "$T/bad.csv"
grep -q "rule code_prefix_mismatch" "$T/err" || fail "prefix rule not reported: $(cat "$T/err")"
grep -q "rule code_suffix_range" "$T/err" || fail "suffix rule not reported: $(cat "$T/err")"
[ "$(table_checksum "$db")" = "$before" ] || fail "failed import changed the database"
pass "failed import reports each bad row and changes nothing"

# Re-importing the same file changes nothing and writes no audit entry.
audit_before=$(sqlite3 "$db" "SELECT count(*) FROM audit_log")
expect_status 0 "$DIMING" --db "$db" import units "$DIMING_DATA/huining/admin_units.csv"
grep -q "inserted 0, updated 0, unchanged 353" "$T/out" || fail "re-import: $(cat "$T/out")"
[ "$(sqlite3 "$db" "SELECT count(*) FROM audit_log")" = "$audit_before" ] || fail "re-import audited"
pass "re-import is a no-op"

# --rejects writes the good rows and the bad ones with reasons.
{ echo "code,name,level,parent_code"; echo "620422100398,新村,village,620422100"; \
  echo "620422100399,坏村,village,620422999"; } >"$T/mixed.csv"
expect_status 0 "$DIMING" --db "$db" import units "$T/mixed.csv" --rejects "$T/rejects.csv"
[ "$(sqlite3 "$db" "SELECT name FROM units WHERE code='620422100398'")" = 新村 ] || fail "good row"
grep -q "620422100399" "$T/rejects.csv" || fail "bad row not in rejects"
grep -q "parent" "$T/rejects.csv" || fail "no reason in rejects"
pass "--rejects keeps good rows, lists bad ones"

# Unit boundaries: 28 polygons from GCJ-02, names matched with warnings.
expect_status 0 "$DIMING" --db "$db" import unit-boundaries "$DIMING_DATA/huining/townships.geojson" --crs gcj02
grep -q "updated 28" "$T/out" || fail "boundaries: $(cat "$T/out")"
grep -q "warning" "$T/err" || fail "乡/镇 renames not warned"
[ "$(sqlite3 "$db" "SELECT count(*) FROM units WHERE geom IS NOT NULL")" = 28 ] || fail "28 polygons"
expect_status 0 "$DIMING" --db "$db" import unit-boundaries "$DIMING_DATA/huining/townships.geojson" --crs gcj02
grep -q "updated 0, unchanged 28" "$T/out" || fail "boundaries re-import: $(cat "$T/out")"
expect_status 2 "$DIMING" --db "$db" import unit-boundaries x.geojson --crs EPSG:3857
pass "unit boundaries import and re-import"

# Tokens.
expect_status 0 "$DIMING" --db "$db" token create --name ops --role admin
tok=$(cat "$T/out")
[ "${#tok}" = 43 ] || fail "token length ${#tok}"
sqlite3 "$db" "SELECT count(*) FROM api_tokens WHERE hex(sha256) LIKE '%'" >/dev/null
! grep -q "$tok" "$db" "$db-wal" 2>/dev/null || fail "token stored in clear"
expect_status 1 "$DIMING" --db "$db" token create --name ops --role staff
expect_status 2 "$DIMING" --db "$db" token create --name x --role king
expect_status 0 "$DIMING" --db "$db" token list
grep -q "^ops *admin" "$T/out" || fail "token list"
expect_status 0 "$DIMING" --db "$db" token revoke ops
expect_status 1 "$DIMING" --db "$db" token revoke nobody
pass "tokens create, list, revoke"

# A database from a newer diming is refused.
sqlite3 "$db" "PRAGMA user_version=999"
expect_status 1 "$DIMING" --db "$db" units list
grep -qi "newer" "$T/err" || fail "newer schema message: $(cat "$T/err")"
pass "newer schema refused"
