#!/usr/bin/env bash
# Integration test of diming's HTTP API: builds a registry of 会宁县 with the
# real CLI, serves it on a free port and drives every endpoint with curl.
#   DIMING       the diming binary
#   DIMING_DATA  the data directory
# jq is not available: JSON is checked with python3 (api_check.py).
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
CHECK="python3 $HERE/api_check.py"

# api_fail MESSAGE: fails showing the last response and the server's log.
api_fail() {
    if [ -f "$T/body" ]; then
        echo "--- last response headers:" >&2
        cat "$T/headers" >&2 || true
        echo "--- last response body:" >&2
        head -c 2000 "$T/body" >&2 || true
        echo >&2
    fi
    if [ -f "$T/serve.log" ]; then
        echo "--- server log (tail):" >&2
        tail -n 20 "$T/serve.log" >&2
    fi
    fail "$*"
}

step() { echo "-- $*"; }

# ---- a registry of 会宁县, two tokens, a server ---------------------------
DB=$T/huining.db
demo_db "$DB"
ADMIN=$("$DIMING" --db "$DB" token create --name alice --role admin)
STAFF=$("$DIMING" --db "$DB" token create --name bob --role staff)
[ -n "$ADMIN" ] && [ -n "$STAFF" ] || fail "token create printed nothing"

# A point well inside 会师镇, in the file's GCJ-02 coordinates.
read -r HS_LON HS_LAT < <($CHECK interior "$DIMING_DATA/huining/townships.geojson" 会师镇)
[ -n "${HS_LAT:-}" ] || fail "no interior point for 会师镇"

start_server "$DB" --no-web   # the API alone: the console has test_web.sh
step "serving on $BASE"

# req METHOD PATH [curl args...]: one request; STATUS is set, the body is in
# $T/body and the headers in $T/headers.  Every response must carry an
# X-Request-Id and be JSON in UTF-8.
REQUESTS=0
req() {
    local method=$1 path=$2
    shift 2
    STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' -X "$method" "$@" \
        "$BASE$path") || true
    REQUESTS=$((REQUESTS + 1))
    grep -qiE '^x-request-id: [A-Za-z0-9-]{1,64}'$'\r''?$' "$T/headers" ||
        api_fail "$method $path: no X-Request-Id"
    grep -qi '^content-type: application/json; charset=utf-8' "$T/headers" ||
        api_fail "$method $path: not JSON in UTF-8"
}

# expect STATUS [PYTHON-EXPR...]: the last response had STATUS and every
# expression over its JSON body j holds.
expect() {
    local want=$1
    shift
    [ "$STATUS" = "$want" ] || api_fail "expected status $want, got $STATUS"
    $CHECK json "$T/body" "$@" || api_fail "body check"
}

# expect_error STATUS CODE [FIELD]: an error body with code, both messages
# and (when given) the field.
expect_error() {
    local want=$1 code=$2 field=${3:-}
    expect "$want" "j['error']['code'] == '$code'" \
        "isinstance(j['error']['message_zh'], str) and j['error']['message_zh'] != ''" \
        "isinstance(j['error']['message_en'], str) and j['error']['message_en'] != ''"
    if [ -n "$field" ]; then
        $CHECK json "$T/body" "j['error'].get('field') == '$field'" || api_fail "field $field"
    fi
}

header() { grep -i "^$1:" "$T/headers" | head -n 1 | cut -d' ' -f2- | tr -d '\r'; }

# ---- health ------------------------------------------------------------
step "healthz"
req GET /healthz
expect 200 "j['status'] == 'ok'" "isinstance(j['schema_version'], int) and j['schema_version'] > 0"

step "X-Request-Id: generated 16 hex, a sane one echoed, an insane one replaced"
[[ $(header X-Request-Id) =~ ^[0-9a-f]{16}$ ]] || api_fail "generated id is not 16 hex digits"
req GET /healthz -H 'X-Request-Id: trace-42-abc'
[ "$(header X-Request-Id)" = trace-42-abc ] || api_fail "client X-Request-Id not echoed"
req GET /healthz -H 'X-Request-Id: bad id; drop'
[[ $(header X-Request-Id) =~ ^[0-9a-f]{16}$ ]] || api_fail "insane X-Request-Id was not replaced"

step "request headers of 6 KB (a browser's cookies on a busy domain) read; 20 KB refused with 431"
req GET /healthz -H "Cookie: c=$(head -c 6000 </dev/zero | tr '\0' a)"
expect 200 "j['status'] == 'ok'"
BIG=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: c=$(head -c 20000 </dev/zero | tr '\0' a)" \
    "$BASE/healthz") || true
[ "$BIG" = 431 ] || api_fail "a 20 KB header got $BIG, not 431"

# ---- units: reads --------------------------------------------------------
step "GET a unit"
req GET /api/v1/units/620422100
expect 200 "j['code'] == '620422100'" "j['name'] == '会师镇'" "j['level'] == 'town'" \
    "j['parent_code'] == '620422'" "j['has_geometry'] is True" "'geometry' not in j" \
    "[c['code'] for c in j['chain']][-1] == '620422'"
req GET '/api/v1/units/620422100?geometry=1'
expect 200 "j['geometry']['type'] in ('Polygon', 'MultiPolygon')"
req GET /api/v1/units/620422
expect 200 "j['name'] == '会宁县'"

step "unknown unit 404, malformed code 400"
req GET /api/v1/units/620422999
expect_error 404 unit_not_found
for bad in 62042 6204221000 abc 62042210000x; do
    req GET "/api/v1/units/$bad"
    expect_error 400 bad_code code
done
req GET '/api/v1/units/620422?geometry=maybe'
expect_error 400 bad_parameter geometry

step "list units"
req GET '/api/v1/units?parent=620422&level=town'
expect 200 "j['count'] == 24" "len(j['units']) == 24" \
    "all(u['level'] == 'town' and u['parent_code'] == '620422' for u in j['units'])"
req GET '/api/v1/units?parent=620422&level=township'
expect 200 "j['count'] == 4"
req GET '/api/v1/units?parent=620422100&level=village'
expect 200 "j['count'] > 0" "all(u['code'].startswith('620422100') for u in j['units'])"
req GET '/api/v1/units?parent=620422&level=hamlet'
expect_error 400 bad_level level
req GET '/api/v1/units?parent=62x&level=town'
expect_error 400 bad_code parent

# ---- locate --------------------------------------------------------------
step "locate a point inside 会师镇 (GCJ-02 $HS_LON $HS_LAT)"
req GET "/api/v1/locate?lon=$HS_LON&lat=$HS_LAT&crs=gcj02"
expect 200 "j['unit']['code'] == '620422100'" "j['unit']['name'] == '会师镇'" \
    "'620422' in [c['code'] for c in j['unit']['chain']]" \
    "j['input']['crs'] == 'gcj02'" "abs(j['input']['lon'] - $HS_LON) < 1e-9" \
    "j['point']['crs'] == 'EPSG:4490'" \
    "0.0005 < abs(j['point']['lon'] - $HS_LON) + abs(j['point']['lat'] - $HS_LAT) < 0.02"
P_LON=$($CHECK get "$T/body" "j['point']['lon']")
P_LAT=$($CHECK get "$T/body" "j['point']['lat']")
req GET "/api/v1/locate?lon=$P_LON&lat=$P_LAT&crs=EPSG:4326"
expect 200 "j['unit']['code'] == '620422100'" "j['point']['lon'] == $P_LON"
req GET "/api/v1/locate?lon=$P_LON&lat=$P_LAT"
expect 200 "j['unit']['code'] == '620422100'" "j['input']['crs'] == 'EPSG:4490'"

step "locate: bad inputs"
req GET '/api/v1/locate?lon=116.39&lat=39.91'
expect_error 404 outside_registry
req GET '/api/v1/locate?lon=200&lat=35'
expect_error 400 coordinate_out_of_range lon
req GET '/api/v1/locate?lon=105&lat=-91'
expect_error 400 coordinate_out_of_range lat
req GET '/api/v1/locate?lon=105.05'
expect_error 400 bad_coordinate lat
req GET '/api/v1/locate?lat=35.7'
expect_error 400 bad_coordinate lon
req GET '/api/v1/locate?lon=east&lat=35.7'
expect_error 400 bad_coordinate lon
req GET '/api/v1/locate?lon=nan&lat=35.7'
expect_error 400 bad_coordinate lon
req GET '/api/v1/locate?lon=105&lat=35.7&crs=EPSG:3857'
expect_error 400 bad_crs crs
req GET '/api/v1/locate?lon=105&lat=35.7&crs=bd09'
expect_error 400 bad_crs crs

# ---- routing -------------------------------------------------------------
step "HEAD is answered like GET, without a body"
STATUS=$(curl -s -I -o "$T/headers" -w '%{http_code}' "$BASE/healthz") || true
REQUESTS=$((REQUESTS + 1))
[ "$STATUS" = 200 ] || api_fail "HEAD /healthz: status $STATUS"

step "unknown path 404, wrong method 405 with Allow"
req GET /api/v1/nothing
expect_error 404 not_found
req GET /     # no console with --no-web
expect_error 404 not_found
req DELETE /api/v1/units/620422100
expect_error 405 method_not_allowed
[[ $(header Allow) == *GET* && $(header Allow) == *PATCH* ]] || api_fail "Allow header: $(header Allow)"
req PUT /api/v1/units
expect_error 405 method_not_allowed
[[ $(header Allow) == *POST* ]] || api_fail "Allow header: $(header Allow)"

# ---- auth ----------------------------------------------------------------
NEW='{"code":"620422100399","name":"望川村民委员会","level":"village","parent_code":"620422100","valid_from":"2020-01-01"}'
JSON=(-H 'Content-Type: application/json')
step "writes need a token of the right role"
req POST /api/v1/units "${JSON[@]}" -d "$NEW"
expect_error 401 unauthorized
header WWW-Authenticate | grep -q '^Bearer' || api_fail "401 without WWW-Authenticate: Bearer"
req POST /api/v1/units "${JSON[@]}" -H 'Authorization: Bearer not-a-token' -d "$NEW"
expect_error 401 unauthorized
req POST /api/v1/units "${JSON[@]}" -H "Authorization: Basic $ADMIN" -d "$NEW"
expect_error 401 unauthorized
req POST /api/v1/units "${JSON[@]}" -H "Authorization: Bearer $STAFF" -d "$NEW"
expect_error 403 forbidden
req GET /api/v1/audit
expect_error 401 unauthorized
req GET /api/v1/audit -H "Authorization: Bearer $STAFF"
expect_error 403 forbidden

step "whoami names the token and its role; 401 without a valid one"
req GET /api/v1/whoami -H "Authorization: Bearer $STAFF"
expect 200 "j == {'name': 'bob', 'role': 'staff'}"
req GET /api/v1/whoami -H "Authorization: Bearer $ADMIN"
expect 200 "j == {'name': 'alice', 'role': 'admin'}"
req GET /api/v1/whoami
expect_error 401 unauthorized
req GET /api/v1/whoami -H 'Authorization: Bearer not-a-token'
expect_error 401 unauthorized

# ---- bodies --------------------------------------------------------------
AUTH=(-H "Authorization: Bearer $ADMIN")
step "malformed bodies"
req POST /api/v1/units "${JSON[@]}" "${AUTH[@]}" -d '{"code": "620422100399",'
expect_error 400 bad_json
req POST /api/v1/units "${JSON[@]}" "${AUTH[@]}" -d '{"code":"1","code":"2"}'
expect_error 400 bad_json
req POST /api/v1/units "${JSON[@]}" "${AUTH[@]}" -d '["not", "an", "object"]'
expect_error 400 body_not_object
req POST /api/v1/units "${JSON[@]}" "${AUTH[@]}" -d ''
expect_error 400 bad_json
req POST /api/v1/units "${JSON[@]}" "${AUTH[@]}" -d '{"code":620422100399}'
expect_error 400 bad_field_type code
req POST /api/v1/units "${JSON[@]}" "${AUTH[@]}" -d '{"code":"620422100399","colour":"blue"}'
expect_error 400 unknown_field colour

step "oversized bodies: 413 from Content-Length, and while reading a chunked one"
$CHECK bigbody "$T/big.json" $((1100 * 1024))
req POST /api/v1/units "${JSON[@]}" "${AUTH[@]}" --data-binary "@$T/big.json"
expect_error 413 body_too_large
req POST /api/v1/units "${JSON[@]}" "${AUTH[@]}" -H 'Expect:' --data-binary "@$T/big.json"
expect_error 413 body_too_large
req POST /api/v1/units "${JSON[@]}" "${AUTH[@]}" -H 'Transfer-Encoding: chunked' \
    --data-binary "@$T/big.json"
expect_error 413 body_too_large

# ---- writes --------------------------------------------------------------
step "registry validation errors come back as 4xx"
req POST /api/v1/units "${JSON[@]}" "${AUTH[@]}" \
    -d '{"code":"620422101399","name":"望川村民委员会","level":"village","parent_code":"620422100"}'
[[ $STATUS == 400 || $STATUS == 422 ]] || api_fail "code under the wrong parent: status $STATUS"
expect "$STATUS" "j['error']['code'] != ''"
req POST /api/v1/units "${JSON[@]}" "${AUTH[@]}" \
    -d '{"code":"620422100200","name":"高家庄村民委员会","level":"village","parent_code":"620422100"}'
expect "409" "j['error']['code'] != ''"

step "POST a new village, then GET it"
req POST /api/v1/units "${JSON[@]}" "${AUTH[@]}" -d "$NEW"
expect 201 "j['code'] == '620422100399'" "j['name'] == '望川村民委员会'" "j['level'] == 'village'"
[[ $(header Location) == */api/v1/units/620422100399 ]] || api_fail "Location: $(header Location)"
req GET /api/v1/units/620422100399
expect 200 "j['name'] == '望川村民委员会'" "j['parent_code'] == '620422100'" \
    "[c['code'] for c in j['chain']][-1] == '620422100'"

step "PATCH: rename, then GET shows the former name"
req PATCH /api/v1/units/620422100399 "${JSON[@]}" "${AUTH[@]}" -d '{"colour":"blue"}'
expect_error 400 unknown_field colour
req PATCH /api/v1/units/620422100399 "${JSON[@]}" "${AUTH[@]}" -d '{}'
expect_error 400 empty_patch
req PATCH /api/v1/units/620422100399 "${JSON[@]}" "${AUTH[@]}" -d '{"geometry":{"type":"Blob"}}'
expect_error 400 bad_geometry geometry
req PATCH /api/v1/units/620422999399 "${JSON[@]}" "${AUTH[@]}" -d '{"name":"望川新村村民委员会"}'
expect_error 404 unit_not_found
req PATCH /api/v1/units/620422100399 "${JSON[@]}" "${AUTH[@]}" \
    -d '{"name":"望川新村村民委员会","change_date":"2024-06-01"}'
expect 200 "j['name'] == '望川新村村民委员会'"
req GET /api/v1/units/620422100399
expect 200 "j['name'] == '望川新村村民委员会'" \
    "'望川村民委员会' in [f['name'] for f in j['former_names']]"

step "audit lists both writes with the token's name as actor"
req GET '/api/v1/audit?entity=unit&id=620422100399' "${AUTH[@]}"
expect 200 "[e['action'] for e in j['entries']] == ['create', 'rename']" \
    "all(e['actor'] == 'alice' for e in j['entries'])" "j['next_after'] is None"
req GET '/api/v1/audit?limit=1' "${AUTH[@]}"
expect 200 "len(j['entries']) == 1" "j['next_after'] == j['entries'][0]['id']"
req GET '/api/v1/audit?limit=many' "${AUTH[@]}"
expect_error 400 bad_parameter limit

# ---- concurrency ---------------------------------------------------------
# concurrent N: N requests (units and locate, alternating), 16 at a time;
# every one must answer 200.
concurrent() {
    local n=$1 ok
    for _ in $(seq 1 $((n / 2))); do
        echo "$BASE/api/v1/units/620422100"
        echo "$BASE/api/v1/locate?lon=$HS_LON&lat=$HS_LAT&crs=gcj02"
    done >"$T/urls"
    xargs -P 16 -n 1 curl -s -o /dev/null -w '%{http_code}\n' <"$T/urls" >"$T/codes" || true
    ok=$(grep -c '^200$' "$T/codes" || true)
    [ "$ok" = "$n" ] || api_fail "$ok of $n concurrent requests answered 200: $(sort "$T/codes" | uniq -c)"
}
step "200 requests, 16 at a time"
concurrent 200
REQUESTS=$((REQUESTS + 200))

# ---- access log ----------------------------------------------------------
step "one access-log line per request (written within 200 ms)"
log_lines() {
    grep -cE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z [A-Z]+ /[^ ]* [0-9-]+ [0-9]+ [0-9]+ [A-Za-z0-9-]+$' \
        "$T/serve.log" || true
}
for _ in $(seq 50); do
    LINES=$(log_lines)
    [ "$LINES" -ge "$REQUESTS" ] && break
    sleep 0.1
done
[ "$LINES" = "$REQUESTS" ] || api_fail "$LINES access-log lines for $REQUESTS requests"
grep -qE ' GET /healthz 200 [0-9]+ [0-9]+ trace-42-abc$' "$T/serve.log" ||
    api_fail "no access-log line for the request with X-Request-Id trace-42-abc"
if grep -q '/api/v1/locate?' "$T/serve.log"; then api_fail "query strings in the access log"; fi

# ---- stop ----------------------------------------------------------------
step "SIGTERM stops the server with exit 0"
stop_server
if grep -qE 'ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:' "$T/serve.log"; then
    api_fail "sanitizer report in the server's log"
fi

step "a pool of 4 threads, each with its own registry connection: 200 requests, then SIGTERM"
start_server "$DB" --threads 4
concurrent 200
stop_server
if grep -qE 'ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:' "$T/serve.log"; then
    api_fail "sanitizer report in the server's log"
fi
[ "$(grep -c ' 200 [0-9]* [0-9]* [0-9a-f]*$' "$T/serve.log")" = 200 ] ||
    api_fail "the pool's access log does not have 200 lines of 200"

echo "test_api: all checks passed ($REQUESTS requests)"
