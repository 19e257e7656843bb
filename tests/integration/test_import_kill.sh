#!/usr/bin/env bash
# An interrupted import leaves the registry exactly as it was: a registry
# with plates, a big doorplate import (a bulk load: insert triggers
# dropped, no savepoint a row, the spatial index filled at the end, all in
# one transaction) killed with SIGKILL at several moments of its run -
# early, during the rows, near the end where the spatial index is filled
# and the commit written.  After each kill the registry checks clean
# (PRAGMA integrity_check), its plate tables, schema and spatial index are
# byte for byte what they were, and a normal import of the same file
# succeeds.  Whatever moment the kill lands (even after the import has
# finished) the checks hold; nothing is timed.
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || fail "sqlite3 is needed (scripts/test installs it)"

DB=$T/r.db
demo_db "$DB"
"$DIMING" --db "$DB" synth doorplates --count 22000 --seed 5 --out "$T/synth" >/dev/null ||
    fail "synth"
expect_status 0 "$DIMING" --db "$DB" import streets "$T/synth/streets.csv"
# The first 2,000 plates are there before; the other 20,000 (2 MB, over
# the bulk-load size) are the big import.
head -n 2001 "$T/synth/doorplates.csv" >"$T/old.csv"
{ head -n 1 "$T/synth/doorplates.csv"; tail -n +2002 "$T/synth/doorplates.csv"; } >"$T/big.csv"
expect_status 0 "$DIMING" --db "$DB" import doorplates "$T/old.csv"
[ "$(stat -c %s "$T/big.csv")" -gt 1048576 ] || fail "the big file is under the bulk-load size"

# plate_state DB: a checksum of the plate tables, the spatial index, the
# audit log and the schema (the bulk load drops and makes triggers).
plate_state() {
    sqlite3 "$1" "SELECT id, kind, parent_id, axis_id, num_main, num_sub, building, entrance,
                         room, unit_code, lon, lat, x, y, active, valid_from, valid_to,
                         created_at, hex(geom) FROM addresses ORDER BY id;
                  SELECT * FROM plates ORDER BY id;
                  SELECT * FROM plate_serials ORDER BY township_code;
                  SELECT * FROM numbering_axes ORDER BY place_id;
                  SELECT * FROM idx_addresses_geom ORDER BY pkid;
                  SELECT * FROM audit_log ORDER BY id;
                  SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name;" |
        sha256sum | cut -d' ' -f1
}
# check_clean DB: integrity_check says ok, and so does the R*Tree's own
# check of the spatial index (which the bulk load packs).
check_clean() {
    local ic
    ic=$(sqlite3 "$1" "PRAGMA integrity_check") || fail "sqlite3 cannot open the registry"
    [ "$ic" = ok ] || fail "integrity_check: $ic"
    ic=$(sqlite3 "$1" "SELECT rtreecheck('idx_addresses_geom')")
    [ "$ic" = ok ] || fail "rtreecheck: $ic"
}
# import_ok DB: a normal import of the big file succeeds and leaves every
# plate with its index entry.
import_ok() {
    expect_status 0 "$DIMING" --db "$1" import doorplates "$T/big.csv"
    local n
    n=$(sqlite3 "$1" "SELECT (SELECT count(*) FROM plates) = 22000
                      AND (SELECT count(*) FROM idx_addresses_geom) = 22000")
    [ "$n" = 1 ] || fail "after the import: not every plate and index entry is there"
    check_clean "$1"
}

check_clean "$DB"
BEFORE=$(plate_state "$DB")
cp "$DB" "$T/before.db"

# The length of an uninterrupted run, to spread the kills over it.
t0=$(date +%s%N)
expect_status 0 "$DIMING" --db "$DB" import doorplates "$T/big.csv"
RUN_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$(sqlite3 "$DB" "SELECT count(*) FROM plates")" = 22000 ] || fail "the import lost plates"
pass "an uninterrupted import of 20,000 plates ($RUN_MS ms)"

# For each moment (per mille of the run): restore, start, kill -9, check.
for at in 20 500 900 975; do
    rm -f "$DB" "$DB-wal" "$DB-shm"
    cp "$T/before.db" "$DB"
    "$DIMING" --db "$DB" import doorplates "$T/big.csv" >"$T/kill.out" 2>&1 &
    pid=$!
    sleep "$(awk -v ms="$RUN_MS" -v at="$at" 'BEGIN { printf "%.3f", ms * at / 1000 / 1000 }')"
    landed="killed"
    kill -KILL "$pid" 2>/dev/null || landed="finished first"
    wait "$pid" 2>/dev/null || true
    check_clean "$DB"
    if [ "$(plate_state "$DB")" = "$BEFORE" ]; then
        landed="$landed, registry as before"
        import_ok "$DB"
    else
        # Only a kill after the commit may change it: then every plate is there.
        [ "$(sqlite3 "$DB" "SELECT count(*) FROM plates")" = 22000 ] ||
            fail "kill at $at/1000: the registry is neither as before nor fully imported"
        landed="$landed, after the commit"
        import_ok "$DB"
    fi
    pass "kill -9 at $at/1000 of the run ($landed): integrity ok, normal import succeeds"
done
