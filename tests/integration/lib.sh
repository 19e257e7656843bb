# Shared by the integration tests: a temp dir, assertions, a server on port 0.
# Needs DIMING (the binary) and DIMING_DATA (the data dir) from ctest.
set -euo pipefail
: "${DIMING:?DIMING must name the diming binary}"
: "${DIMING_DATA:?DIMING_DATA must name the data directory}"
T=$(mktemp -d /tmp/diming-it-XXXXXX)
SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$T"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok - $*"; }

# expect_status WANT CMD...: runs CMD and checks its exit status.
expect_status() {
    local want=$1; shift
    local got=0
    "$@" >"$T/out" 2>"$T/err" || got=$?
    [ "$got" = "$want" ] || { cat "$T/out" "$T/err" >&2; fail "exit $got, want $want: $*"; }
}

# table_checksum DB: a checksum of every row of the registry's own tables.
table_checksum() {
    local db=$1
    sqlite3 "$db" "SELECT code,name,level,parent_code,valid_from,valid_to,hex(geom) FROM units ORDER BY code;
                   SELECT * FROM unit_names ORDER BY 1,2,3;
                   SELECT name,role,hex(sha256),created_at,revoked_at FROM api_tokens ORDER BY name;
                   SELECT * FROM audit_log ORDER BY id;" | sha256sum | cut -d' ' -f1
}

# demo_db DB: a registry with the real units and township polygons.
demo_db() {
    local db=$1
    "$DIMING" --db "$db" init >/dev/null
    "$DIMING" --db "$db" import units "$DIMING_DATA/huining/admin_units.csv" >/dev/null
    "$DIMING" --db "$db" import unit-boundaries "$DIMING_DATA/huining/townships.geojson" \
        --crs gcj02 >/dev/null 2>&1
}

# start_server DB [ARGS...]: serves DB on a free port; sets PORT and BASE.
start_server() {
    local db=$1; shift
    "$DIMING" --db "$db" serve --listen 127.0.0.1:0 "$@" >"$T/serve.out" 2>"$T/serve.log" &
    SERVER_PID=$!
    for _ in $(seq 1 200); do
        if grep -q '^listening on ' "$T/serve.out" 2>/dev/null; then
            PORT=$(sed -n 's/^listening on http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$T/serve.out")
            BASE="http://127.0.0.1:$PORT"
            return 0
        fi
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$T/serve.log" >&2; fail "server died"; }
        sleep 0.05
    done
    fail "server did not start"
}

# stop_server: SIGTERM, and the server must exit 0.
stop_server() {
    kill -TERM "$SERVER_PID"
    local rc=0
    wait "$SERVER_PID" || rc=$?
    SERVER_PID=
    [ "$rc" = 0 ] || { cat "$T/serve.log" >&2; fail "server exit status $rc after SIGTERM"; }
}
