#!/usr/bin/env bash
# Integration test of doorplates over HTTP and the CLI: a registry of 会宁县
# with a small synthetic register (diming synth, import streets, import
# doorplates --survey), served with an HTTPS base URL; then propose and
# confirm, 409 with the holder, 422 unit/point mismatch, the resolver page
# and JSON for active, retired (301), unknown (404) and mistyped (400)
# codes, every plate kind and size decoded by zbarimg from the API and from
# the batch renderer, reverse geocoding with distances, the D1 report, and
# village groups numbered in the order the staff give (D2 rural).
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
CHECK="python3 $HERE/api_check.py"
step() { echo "-- $*"; }

dp_fail() {
    [ -f "$T/headers" ] && { echo "--- headers:" >&2; cat "$T/headers" >&2; }
    [ -f "$T/body" ] && { echo "--- body:" >&2; head -c 2000 "$T/body" >&2; echo >&2; }
    [ -f "$T/serve.log" ] && { echo "--- server log:" >&2; tail -n 20 "$T/serve.log" >&2; }
    fail "$*"
}

# req METHOD PATH [curl args...]: one request; STATUS, $T/body, $T/headers.
req() {
    local method=$1 path=$2
    shift 2
    STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' -X "$method" "$@" \
        "$BASE$path") || true
}
expect() {
    local want=$1
    shift
    [ "$STATUS" = "$want" ] || dp_fail "expected status $want, got $STATUS"
    [ $# -eq 0 ] || $CHECK json "$T/body" "$@" || dp_fail "body check"
}
header() { grep -i "^$1:" "$T/headers" | head -n 1 | cut -d' ' -f2- | tr -d '\r'; }
get() { $CHECK get "$T/body" "$1"; }

# decode FILE: the text zbarimg reads from a PNG, or from an SVG through
# rsvg-convert.
decode() {
    local f=$1
    if [ "${f##*.}" = svg ]; then
        rsvg-convert -w 1200 "$f" -o "$f.png" || fail "rsvg-convert $f"
        f=$f.png
    fi
    zbarimg -q --raw "$f" 2>/dev/null | tr -d '\n'
}

# ---- a registry with a synthetic register ---------------------------------
DB=$T/dp.db
demo_db "$DB"
"$DIMING" --db "$DB" synth doorplates --count 600 --seed 3 --problems 8 --out "$T/synth" \
    >/dev/null || fail "synth"
"$DIMING" --db "$DB" synth doorplates --count 600 --seed 3 --problems 8 --out "$T/synth2" \
    >/dev/null || fail "synth again"
cmp -s "$T/synth/doorplates.csv" "$T/synth2/doorplates.csv" &&
    cmp -s "$T/synth/streets.csv" "$T/synth2/streets.csv" || fail "synth is not deterministic"
[ "$(($(wc -l <"$T/synth/doorplates.csv") - 1))" = 600 ] || fail "synth count"
expect_status 0 "$DIMING" --db "$DB" import streets "$T/synth/streets.csv"
# Without --survey the seeded problems refuse the whole file ...
expect_status 1 "$DIMING" --db "$DB" import doorplates "$T/synth/doorplates.csv"
grep -q "nothing was written" "$T/err" || fail "all-or-nothing message"
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM plates')" = 0 ] || fail "refused import wrote plates"
# ... with it they are imported and listed as warnings.
expect_status 0 "$DIMING" --db "$DB" import doorplates "$T/synth/doorplates.csv" --survey
grep -q "inserted 600" "$T/out" || { cat "$T/out"; fail "600 plates"; }
grep -q "warning" "$T/err" || fail "survey warnings"
expect_status 0 "$DIMING" --db "$DB" import doorplates "$T/synth/doorplates.csv" --survey
grep -q "unchanged 600" "$T/out" || { cat "$T/out"; fail "re-import changes nothing"; }
FIRST=$(awk -F, 'NR == 2 {print $1}' "$T/synth/doorplates.csv")
expect_status 0 "$DIMING" --db "$DB" doorplates show "${FIRST:0:9} ${FIRST:9:4}-${FIRST:13}"
grep -q "\"code\": \"$FIRST\"" "$T/out" || fail "doorplates show"
pass "synth (deterministic) + import streets + import doorplates (all-or-nothing, survey, idempotent)"

# A street of our own, 900 m west to east, 2.2 km north of the county
# seat's centre, inside 会师镇.
cat >"$T/street.csv" <<'CSV'
name,kind,unit_code,wkt,odd_side,direction
青年路,street,620422100,"LINESTRING(105.0500 35.7133, 105.0600 35.7133)",left,forward
CSV
expect_status 0 "$DIMING" --db "$DB" import streets "$T/street.csv"
STREET=$(sqlite3 "$DB" "SELECT id FROM places WHERE name = '青年路'")
[ -n "$STREET" ] || fail "street id"
STAFF=$("$DIMING" --db "$DB" token create --name clerk --role staff)
AUTH=(-H "Authorization: Bearer $STAFF" -H 'Content-Type: application/json')
HTTPS_BASE=https://dm.huining.example
start_server "$DB" --base-url "$HTTPS_BASE"
step "serving on $BASE"

# Points along 青年路: metres east of its start, metres north of it.
pt() { python3 -c "import math; print(f'{105.05 + $1 / (111320 * math.cos(math.radians(35.7133))):.7f} {35.7133 + $2 / 111320:.7f}')"; }

# ---- propose, then confirm ---------------------------------------------------
req GET "/api/v1/locate?lon=105.055&lat=35.7133"
expect 200 "j['unit']['code'] == '620422100'"
UNIT=620422100001
read -r LON LAT < <(pt 102 10)
req POST /api/v1/doorplates/propose -d "{\"street\":$STREET,\"lon\":$LON,\"lat\":$LAT}"
expect 401 "j['error']['code'] == 'unauthorized'"
req POST /api/v1/doorplates/propose "${AUTH[@]}" -d "{\"street\":$STREET,\"lon\":$LON,\"lat\":$LAT}"
expect 200 "j['proposal']['number'] == '21'" "j['reason'] == 'proportional'" \
    "j['position']['parity'] == 'odd'" "j['position']['side'] == 'left'" \
    "abs(j['position']['measure_m'] - 102) < 1" "j['explanation_zh'] != ''"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM addresses WHERE axis_id = $STREET")" = 0 ] ||
    fail "propose wrote something"
req POST /api/v1/doorplates "${AUTH[@]}" \
    -d "{\"street\":$STREET,\"number\":\"21\",\"lon\":$LON,\"lat\":$LAT,\"unit\":\"$UNIT\"}"
expect 201 "j['address']['short'] == '青年路21号'" "j['state'] == 'entered'" \
    "j['url'].startswith('HTTPS://DM.HUINING.EXAMPLE/P/')" "len(j['code']) == 18"
NEW=$(get "j['code']")
[[ $(header Location) == "$HTTPS_BASE/api/v1/doorplates/$NEW" ]] || dp_fail "Location"
read -r LON2 LAT2 < <(pt 202 10)
req POST /api/v1/doorplates/propose "${AUTH[@]}" -d "{\"street\":$STREET,\"lon\":$LON2,\"lat\":$LAT2}"
expect 200 "j['proposal']['number'] == '41'" "j['reason'] == 'after_last'" \
    "j['neighbours']['before']['number'] == '21'"
pass "propose (proportional, after the last) then confirm (201, Location)"

# ---- refusals: nothing written -------------------------------------------------
COUNT=$(sqlite3 "$DB" 'SELECT count(*) FROM plates; SELECT count(*) FROM audit_log')
req POST /api/v1/doorplates "${AUTH[@]}" \
    -d "{\"street\":$STREET,\"number\":\"21\",\"lon\":$LON2,\"lat\":$LAT2,\"unit\":\"$UNIT\"}"
expect 409 "j['error']['code'] == 'number_taken'" "j['error']['holder']['code'] == '$NEW'" \
    "j['error']['holder']['address']['short'] == '青年路21号'"
req POST /api/v1/doorplates "${AUTH[@]}" \
    -d "{\"street\":$STREET,\"number\":\"41\",\"lon\":$LON2,\"lat\":$LAT2,\"unit\":\"620422101200\"}"
expect 422 "j['error']['code'] == 'unit_point_mismatch'" "j['error']['message_zh'] != ''"
req POST /api/v1/doorplates "${AUTH[@]}" \
    -d "{\"street\":$STREET,\"number\":\"42\",\"lon\":$LON2,\"lat\":$LAT2,\"unit\":\"$UNIT\"}"
expect 422 "j['error']['code'] == 'wrong_side'"
req POST /api/v1/doorplates "${AUTH[@]}" \
    -d "{\"street\":$STREET,\"number\":\"21-2\",\"lon\":$LON2,\"lat\":$LAT2,\"unit\":\"$UNIT\"}"
expect 422 "j['error']['code'] == 'sub_number_order'"
req POST /api/v1/doorplates "${AUTH[@]}" \
    -d "{\"street\":$STREET,\"number\":\"41\",\"lon\":100.0,\"lat\":30.0,\"unit\":\"$UNIT\"}"
expect 422 "j['error']['code'] == 'outside_registry'"
req POST /api/v1/doorplates "${AUTH[@]}" \
    -d "{\"street\":999999,\"number\":\"41\",\"lon\":$LON2,\"lat\":$LAT2,\"unit\":\"$UNIT\"}"
expect 404 "j['error']['code'] == 'street_not_found'"
req POST /api/v1/doorplates "${AUTH[@]}" \
    -d "{\"street\":$STREET,\"number\":\"4x\",\"lon\":$LON2,\"lat\":$LAT2,\"unit\":\"$UNIT\"}"
expect 400 "j['error']['code'] == 'bad_number'"
req POST /api/v1/doorplates "${AUTH[@]}" \
    -d "{\"street\":$STREET,\"number\":\"41\",\"lon\":$LON2,\"lat\":$LAT2,\"unit\":\"$UNIT\",\"code\":\"620422100999999991\"}"
expect 400 "j['error']['code'] == 'bad_check_digit'"
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM plates; SELECT count(*) FROM audit_log')" = "$COUNT" ] ||
    fail "a refused request wrote something"
pass "409 with the holder, 422 unit/point mismatch, wrong side, sub-number order, outside the county; nothing written"

# ---- the resolver ---------------------------------------------------------------
ACTIVE=$(awk -F, 'NR > 1 && $12 == "active" && $2 == "door" {print $1; exit}' "$T/synth/doorplates.csv")
req GET "/p/$ACTIVE"
expect 200
grep -qi '^content-type: text/html; charset=utf-8' "$T/headers" || dp_fail "not HTML"
grep -qi '^vary: accept' "$T/headers" || dp_fail "no Vary"
grep -q 'uri.amap.com/marker' "$T/body" && grep -q 'api.map.baidu.com' "$T/body" &&
    grep -q 'apis.map.qq.com' "$T/body" && grep -q 'href="geo:' "$T/body" || dp_fail "map links"
if grep -qiE '<script|<link|<img|<iframe|<object| src=|@import|url\(' "$T/body"; then dp_fail "external resource"; fi
[ "$(wc -c <"$T/body")" -lt 8192 ] || dp_fail "page too big"
req GET "/p/$ACTIVE" -H 'Accept: application/json'
expect 200 "j['code'] == '$ACTIVE'" "j['state'] == 'active'" "j['address']['full'].startswith('甘肃省白银市会宁县')" \
    "j['links']['amap'].startswith('https://uri.amap.com/marker?position=')" \
    "abs(j['links']['gcj02']['lon'] - j['point']['lon']) > 1e-4" \
    "j['address']['roman_full'].startswith(j['address']['roman'] + ', ')" \
    "j['address']['roman_full'].endswith(', Huining Xian, Baiyin Shi, Gansu Sheng')"
SHORT=$(get "j['address']['short']")
ROMAN_FULL=$(get "j['address']['roman_full']")
grep -q "$SHORT" <(curl -s "$BASE/p/$ACTIVE") || fail "page shows the address"
grep -qF "$ROMAN_FULL" <(curl -s "$BASE/p/$ACTIVE") || fail "page shows the romanised address"
req GET "/api/v1/doorplates/$ACTIVE"
expect 200 "j['code'] == '$ACTIVE'"
# Upper-case path (what the QR carries), lower case x, hyphens, spaces and
# full-width digits all reach the same plate.
LOWER=$(echo "$ACTIVE" | tr X x)
FULLWIDTH=$(python3 -c "import urllib.parse,sys; s=sys.argv[1]; print(urllib.parse.quote(''.join(chr(ord(c)+0xFEE0) if c.isdigit() else c for c in s)))" "$ACTIVE")
for path in "/P/$ACTIVE" "/p/$LOWER" "/p/${ACTIVE:0:6}-${ACTIVE:6:3}-${ACTIVE:9}" \
    "/p/${ACTIVE:0:9}%20${ACTIVE:9}" "/p/$FULLWIDTH"; do
    req GET "$path" -H 'Accept: application/json'
    expect 200 "j['code'] == '$ACTIVE'"
done
pass "resolver: page (no external resources, map links) and JSON; normalised codes"

# Mistyped: one digit changed -> 400 bad_check_digit, page and JSON.
d=${ACTIVE:10:1}
BAD=${ACTIVE:0:10}$(( (d + 1) % 10 ))${ACTIVE:11}
req GET "/p/$BAD"
expect 400
grep -q '校验码不符' "$T/body" || dp_fail "bad check digit page"
req GET "/p/$BAD" -H 'Accept: application/json'
expect 400 "j['error']['code'] == 'bad_check_digit'"
# Unknown: a well-formed code nobody holds -> 404.
UNKNOWN=$(python3 -c "
d='62042210099999999'; p=0
for c in d: p=(p+int(c))*2%11
c=(12-p)%11; print(d+('X' if c==10 else str(c)))")
req GET "/p/$UNKNOWN"
expect 404
grep -q '没有找到' "$T/body" || dp_fail "unknown page"
req GET "/p/$UNKNOWN" -H 'Accept: application/json'
expect 404 "j['error']['code'] == 'plate_not_found'"
req GET "/p/not-a-code"
expect 400
pass "resolver: mistyped 400 bad_check_digit, unknown 404"

# Retired: replaced -> 301 to the replacement; retired alone -> says so.
req PATCH "/api/v1/doorplates/$NEW" "${AUTH[@]}" -d '{"state":"produced"}'
expect 200 "j['state'] == 'produced'"
req PATCH "/api/v1/doorplates/$NEW" "${AUTH[@]}" -d '{"state":"entered"}'
expect 422 "j['error']['code'] == 'state_order'"
req POST "/api/v1/doorplates/$NEW/replacement" "${AUTH[@]}"
expect 201 "j['replaces'] == '$NEW'" "j['state'] == 'entered'"
REPL=$(get "j['code']")
req GET "/p/$NEW"
expect 301
[[ $(header Location) == "$HTTPS_BASE/p/$REPL" ]] || dp_fail "301 Location"
req GET "/p/$NEW" -H 'Accept: application/json'
expect 301 "j['moved_to'] == '$REPL'"
req GET "/api/v1/doorplates/$NEW"
expect 200 "j['state'] == 'retired'" "j['replaced_by'] == '$REPL'"
req PATCH "/api/v1/doorplates/$REPL" "${AUTH[@]}" -d '{"state":"retired","retire_address":true}'
expect 200 "j['state'] == 'retired'" "j['address']['active'] == False"
req GET "/p/$REPL"
expect 200
grep -q '该门牌已停用' "$T/body" || dp_fail "retired page"
pass "retired: 301 to the replacement, a plate retired alone says so"

# The same lifecycle from the command line (doorplates replace / state).
OLD=$(awk -F, 'NR > 1 && $12 == "active" && $2 == "door" {n++; if (n == 2) {print $1; exit}}' "$T/synth/doorplates.csv")
expect_status 0 "$DIMING" --db "$DB" doorplates replace "${OLD:0:9} ${OLD:9}"
CLI_NEW=$(sed -n "s/^$OLD retired, replaced by \([0-9X]*\) (entered)$/\1/p" "$T/out")
[ -n "$CLI_NEW" ] || fail "doorplates replace: $(cat "$T/out")"
req GET "/p/$OLD"
expect 301
[[ $(header Location) == "$HTTPS_BASE/p/$CLI_NEW" ]] || dp_fail "301 after the CLI's replace"
expect_status 0 "$DIMING" --db "$DB" doorplates state "$CLI_NEW" produced
req GET "/api/v1/doorplates/$CLI_NEW"
expect 200 "j['state'] == 'produced'"
expect_status 1 "$DIMING" --db "$DB" doorplates state "$CLI_NEW" entered
grep -q "state_order" "$T/err" || fail "state backwards: $(cat "$T/err")"
expect_status 1 "$DIMING" --db "$DB" doorplates state "$CLI_NEW" mounted
grep -q "bad_state" "$T/err" || fail "bad state: $(cat "$T/err")"
expect_status 1 "$DIMING" --db "$DB" doorplates replace "$OLD"
grep -q "plate_retired" "$T/err" || fail "replace a retired plate: $(cat "$T/err")"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE actor LIKE 'cli:%' AND entity_id IN ('$OLD', '$CLI_NEW')")" -ge 2 ] ||
    fail "the CLI's changes are not audited"
pass "CLI: doorplates replace (301 from the old code) and state, refusals with their codes, audited"

# ---- every plate kind and size, decoded ------------------------------------------
mkdir -p "$T/img"
for kind in door building unit room; do
    CODE=$(awk -F, -v k=$kind 'NR > 1 && $2 == k {print $1; exit}' "$T/synth/doorplates.csv")
    [ -n "$CODE" ] || fail "no $kind plate in the synthetic register"
    echo "$CODE" >>"$T/codes.txt"
    URL=$(echo "$HTTPS_BASE/P/$CODE" | tr a-z A-Z)
    for size in large medium small; do
        req GET "/api/v1/doorplates/$CODE/plate.svg?size=$size"
        expect 200
        cp "$T/body" "$T/img/$kind-$size.svg"
        [ "$(decode "$T/img/$kind-$size.svg")" = "$URL" ] || fail "$kind $size plate: read '$(decode "$T/img/$kind-$size.svg")'"
    done
    req GET "/api/v1/doorplates/$CODE/qr.png?scale=6&level=H"
    expect 200
    cp "$T/body" "$T/img/$kind.png"
    [ "$(decode "$T/img/$kind.png")" = "$URL" ] || fail "$kind qr.png"
    req GET "/api/v1/doorplates/$CODE/qr.svg"
    expect 200
    cp "$T/body" "$T/img/$kind-qr.svg"
    [ "$(decode "$T/img/$kind-qr.svg")" = "$URL" ] || fail "$kind qr.svg"
done
req GET "/api/v1/doorplates/$ACTIVE/plate.svg?size=huge"
expect 400 "j['error']['code'] == 'bad_size'"
# Error correction Q unless H is asked for: at one pixel a module the
# default symbol is exactly as wide as level=Q's (version 3 with the quiet
# zone: 37 px for this 47-character URL) and narrower than level=H's;
# L and M are refused (the plates hang outdoors).
png_width() { python3 -c 'import struct,sys; print(struct.unpack(">I", open(sys.argv[1],"rb").read()[16:20])[0])' "$1"; }
for level in "" Q H; do
    req GET "/api/v1/doorplates/$ACTIVE/qr.png?scale=1${level:+&level=$level}"
    expect 200
    cp "$T/body" "$T/img/level-${level:-default}.png"
done
[ "$(png_width "$T/img/level-default.png")" = 37 ] || fail "default level: $(png_width "$T/img/level-default.png") px, not version 3 (Q)"
cmp -s "$T/img/level-default.png" "$T/img/level-Q.png" || fail "the default symbol is not level Q's"
[ "$(png_width "$T/img/level-H.png")" = 41 ] || fail "level H: $(png_width "$T/img/level-H.png") px, not version 4"
for level in L M x; do
    req GET "/api/v1/doorplates/$ACTIVE/qr.svg?level=$level"
    expect 400 "j['error']['code'] == 'bad_level'"
done
pass "API: plate.svg of every kind at every size, qr.png, qr.svg decoded by zbarimg"

for format in svg png; do
    expect_status 0 "$DIMING" --db "$DB" plates render --codes "$T/codes.txt" --format $format \
        --base-url "$HTTPS_BASE" --out "$T/render-$format"
    while read -r CODE; do
        URL=$(echo "$HTTPS_BASE/P/$CODE" | tr a-z A-Z)
        [ "$(decode "$T/render-$format/$CODE.$format")" = "$URL" ] || fail "render $format $CODE"
        grep -q "^$CODE," "$T/render-$format/manifest.csv" || fail "manifest $CODE"
    done <"$T/codes.txt"
done
expect_status 0 "$DIMING" --db "$DB" plates render --unit 620422100 --base-url "$HTTPS_BASE" \
    --out "$T/render-unit"
N=$(sqlite3 "$DB" "SELECT count(*) FROM plates p JOIN addresses a ON a.id = p.address_id
                   WHERE p.state <> 'retired' AND a.unit_code LIKE '620422100%'")
[ "$(($(wc -l <"$T/render-unit/manifest.csv") - 1))" = "$N" ] || fail "render --unit count"
tail -n +2 "$T/render-unit/manifest.csv" | cut -d, -f1 | LC_ALL=C sort -c || fail "manifest order"
[ ! -e "$T/render-unit/manifest.csv.part" ] || fail "manifest.csv.part left"
# The manifest is the batch's commit marker: a render cut short (here by
# an unknown code) leaves none, not the former batch's.
{ head -1 "$T/codes.txt"; echo 620422100999999990; } >"$T/codes-bad.txt"
expect_status 1 "$DIMING" --db "$DB" plates render --codes "$T/codes-bad.txt" \
    --base-url "$HTTPS_BASE" --out "$T/render-unit"
[ ! -e "$T/render-unit/manifest.csv" ] || fail "a failed render left a manifest"
expect_status 2 "$DIMING" --db "$DB" plates render --unit 620422100 --base-url http://x.example
pass "plates render: svg and png decoded, manifest by code, a unit's plates, no manifest after a failed render; http:// refused for plates"

# ---- reverse geocoding --------------------------------------------------------------
read -r PLON PLAT < <(awk -F, -v c="$ACTIVE" '$1 == c {print $9, $10}' "$T/synth/doorplates.csv")
req GET "/api/v1/reverse?lon=$PLON&lat=$PLAT"
expect 200 "j['addresses'][0]['plate']['code'] == '$ACTIVE'" \
    "j['addresses'][0]['distance_m'] < 0.05" "len(j['addresses']) <= 5" \
    "all(a['distance_m'] <= 200 for a in j['addresses'])" \
    "[a['distance_m'] for a in j['addresses']] == sorted(a['distance_m'] for a in j['addresses'])"
req GET "/api/v1/reverse?lon=$PLON&lat=$PLAT&limit=2&radius=1000"
expect 200 "len(j['addresses']) == 2"
req GET "/api/v1/reverse?lon=100&lat=30"
expect 200 "j['addresses'] == []"
req GET "/api/v1/reverse?lon=$PLON&lat=$PLAT&radius=5000"
expect 400 "j['error']['code'] == 'bad_parameter'"
pass "reverse geocoding: nearest addresses with distances in metres"

# ---- D1 report --------------------------------------------------------------------
req GET "/api/v1/doorplates/problems?unit=620422"
expect 200 "j['counts'].get('duplicate_number', 0) >= 1" "j['counts'].get('wrong_side', 0) >= 1" \
    "j['counts'].get('out_of_order', 0) >= 1" "j['counts'].get('same_building', 0) >= 1" \
    "all(p['message_zh'] and p['severity'] in ('error', 'warning') for p in j['problems'])"
req GET "/api/v1/doorplates/problems?street=$STREET"
expect 200 "j['scope'] == {'street': $STREET}"
expect_status 0 "$DIMING" --db "$DB" doorplates check --unit 620422
grep -q "duplicate_number" "$T/out" || fail "doorplates check"
# A scope that names nothing is an error, not an empty clean report.
req GET "/api/v1/doorplates/problems?street=999999"
expect 404 "j['error']['code'] == 'street_not_found'"
req GET "/api/v1/doorplates/problems?unit=620422999"
expect 404 "j['error']['code'] == 'unit_not_found'"
req GET "/api/v1/doorplates/problems?unit=999"
expect 400 "j['error']['code'] == 'bad_code'"
expect_status 1 "$DIMING" --db "$DB" doorplates check --unit 999
grep -q "bad_code" "$T/err" || fail "doorplates check --unit 999: $(cat "$T/err")"
expect_status 1 "$DIMING" --db "$DB" doorplates check --street 999999
req GET "/api/v1/doorplates?unit=620422999"
expect 404 "j['error']['code'] == 'unit_not_found'"
req GET "/api/v1/doorplates?street=999999"
expect 404 "j['error']['code'] == 'street_not_found'"
expect_status 1 "$DIMING" --db "$DB" plates render --unit 620422999 --base-url "$HTTPS_BASE" \
    --out "$T/render-nothing"
grep -q "unit_not_found" "$T/err" || fail "render of an unknown unit: $(cat "$T/err")"
pass "D1 report over HTTP and the CLI"

# ---- rural: a village group numbered in the order the staff give (D2) ------------
# 牛家屯 (by distance from its seat, the default) and 马家屯 (order staff), 350 m
# south of 青年路 in the same village; a street in the staff's order is refused.
cat >"$T/groups.csv" <<'CSV'
name,kind,unit_code,wkt,order
牛家屯,group,620422100001,POINT(105.0550 35.7100),
马家屯,group,620422100001,POINT(105.0580 35.7100),staff
CSV
expect_status 0 "$DIMING" --db "$DB" import streets "$T/groups.csv"
GROUP=$(sqlite3 "$DB" "SELECT id FROM places WHERE name = '牛家屯'")
GROUP2=$(sqlite3 "$DB" "SELECT id FROM places WHERE name = '马家屯'")
[ -n "$GROUP" ] && [ -n "$GROUP2" ] || fail "group ids"
printf 'name,kind,unit_code,wkt,order\n李家路,street,620422100,"LINESTRING(105.05 35.72, 105.06 35.72)",staff\n' \
    >"$T/street-staff.csv"
expect_status 1 "$DIMING" --db "$DB" import streets "$T/street-staff.csv"
grep -q "column order: rule staff_order_group_only" "$T/err" || fail "street staff import: $(cat "$T/err")"
[ -z "$(sqlite3 "$DB" "SELECT id FROM places WHERE name = '李家路'")" ] || fail "refused street written"
req GET "/api/v1/streets/$GROUP/numbering"
expect 200 "j['order'] == 'distance'"
req GET "/api/v1/streets/$GROUP2/numbering"
expect 200 "j['order'] == 'staff'"
# A re-import of the groups from a file without the order column keeps
# the staff's order (the column absent is not "distance").
printf 'name,kind,unit_code,wkt\n马家屯,group,620422100001,POINT(105.0580 35.7100)\n' >"$T/groups-no-order.csv"
expect_status 0 "$DIMING" --db "$DB" import streets "$T/groups-no-order.csv"
req GET "/api/v1/streets/$GROUP2/numbering"
expect 200 "j['order'] == 'staff'"
req GET "/api/v1/locate?lon=105.055&lat=35.71"
expect 200 "j['unit']['code'] == '620422100'"
# Points of 牛家屯: metres east and north of its seat.
gpt() { python3 -c "import math; print(f'{105.055 + $1 / (111320 * math.cos(math.radians(35.71))):.7f} {35.71 + $2 / 111320:.7f}')"; }
confirm() { # NUMBER E N: confirms a plate of 牛家屯 at (E, N); sets CODE
    local lon lat
    read -r lon lat < <(gpt "$2" "$3")
    req POST /api/v1/doorplates "${AUTH[@]}" \
        -d "{\"street\":$GROUP,\"number\":\"$1\",\"lon\":$lon,\"lat\":$lat,\"unit\":\"$UNIT\"}"
    expect 201
    CODE=$(get "j['code']")
}
confirm 1 0 -30
confirm 2 0 -60
confirm 50 5 0 # the staff's number, beside the seat: out of order by distance
FIFTY=$CODE
OUT_OF_ORDER="[a['code'] for p in j['problems'] if p['kind'] == 'out_of_order' for a in p['addresses']]"
req GET "/api/v1/doorplates/problems?street=$GROUP"
expect 200 "'$FIFTY' in $OUT_OF_ORDER" "j['counts'].get('gap') == 1"
req PUT "/api/v1/streets/$GROUP/numbering" "${AUTH[@]}" -d '{"order":"staff"}'
expect 200 "j['order'] == 'staff'" "j['street'] == $GROUP"
req GET "/api/v1/doorplates/problems?street=$GROUP"
expect 200 "'out_of_order' not in j['counts']" "$OUT_OF_ORDER == []" \
    "j['counts'].get('gap') == 1" \
    "[p['missing'] for p in j['problems'] if p['kind'] == 'gap'] == [[3, 49]]"
expect_status 0 "$DIMING" --db "$DB" doorplates check --street "$GROUP"
if grep -q "out_of_order" "$T/out"; then fail "doorplates check: out_of_order on a staff group"; fi
grep -q "gap" "$T/out" || fail "doorplates check: the gap"
read -r GLON GLAT < <(gpt 0 -90)
req POST /api/v1/doorplates/propose "${AUTH[@]}" -d "{\"street\":$GROUP,\"lon\":$GLON,\"lat\":$GLAT}"
expect 200 "j['proposal']['number'] == '51'" "j['reason'] == 'staff_next'" \
    "j['neighbours']['before']['number'] == '50'" "j['street']['rule'] == {'order': 'staff'}" \
    "'工作人员' in j['explanation_zh']"
# Refused, nothing written: the staff's order on a street, a bad order, a
# group's side.
COUNT=$(sqlite3 "$DB" 'SELECT count(*) FROM audit_log; SELECT * FROM numbering_axes ORDER BY 1')
req PUT "/api/v1/streets/$STREET/numbering" "${AUTH[@]}" -d '{"order":"staff"}'
expect 422 "j['error']['code'] == 'staff_order_group_only'" "j['error']['message_zh'] != ''" \
    "j['error']['message_en'] != ''"
req PUT "/api/v1/streets/$GROUP/numbering" "${AUTH[@]}" -d '{"order":"alphabetical"}'
expect 400 "j['error']['code'] == 'bad_rule'"
req PUT "/api/v1/streets/$GROUP/numbering" "${AUTH[@]}" -d '{"odd_side":"right"}'
expect 422 "j['error']['code'] == 'not_a_street'"
req PUT "/api/v1/streets/$GROUP/numbering" -H 'Content-Type: application/json' -d '{"order":"distance"}'
expect 401
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM audit_log; SELECT * FROM numbering_axes ORDER BY 1')" = "$COUNT" ] ||
    fail "a refused numbering change wrote something"
req GET "/api/v1/streets/$STREET/numbering"
expect 200 "j['order'] == 'distance'"
# Back to distance: 50 is out of order again.
req PUT "/api/v1/streets/$GROUP/numbering" "${AUTH[@]}" -d '{"order":"distance"}'
expect 200 "j['order'] == 'distance'"
req GET "/api/v1/doorplates/problems?street=$GROUP"
expect 200 "'$FIFTY' in $OUT_OF_ORDER"
pass "village groups: order staff set over HTTP and by import (not on a street: 422, nothing written), propose after the highest, D1 without out_of_order, gaps kept"

# The same rules from the command line (doorplates numbering).
expect_status 0 "$DIMING" --db "$DB" doorplates numbering "$GROUP" --order staff
grep -q '"order": "staff"' "$T/out" || fail "numbering --order staff: $(cat "$T/out")"
req GET "/api/v1/streets/$GROUP/numbering"
expect 200 "j['order'] == 'staff'"
expect_status 0 "$DIMING" --db "$DB" doorplates numbering "$STREET" --odd-side right --spacing 8
req GET "/api/v1/streets/$STREET/numbering"
expect 200 "j['odd_side'] == 'right'" "j['spacing_m'] == 8"
BEFORE=$(sqlite3 "$DB" 'SELECT count(*) FROM audit_log; SELECT * FROM numbering_axes ORDER BY 1')
expect_status 1 "$DIMING" --db "$DB" doorplates numbering "$STREET" --order staff
grep -q "staff_order_group_only" "$T/err" || fail "numbering: staff on a street: $(cat "$T/err")"
expect_status 2 "$DIMING" --db "$DB" doorplates numbering "$STREET" --odd-side up
expect_status 1 "$DIMING" --db "$DB" doorplates numbering 999999
[ "$BEFORE" = "$(sqlite3 "$DB" 'SELECT count(*) FROM audit_log; SELECT * FROM numbering_axes ORDER BY 1')" ] ||
    fail "a refused numbering change wrote something"
expect_status 0 "$DIMING" --db "$DB" doorplates numbering "$STREET" --odd-side left --spacing 5
pass "CLI: doorplates numbering shows and sets a rule; refusals write nothing"

stop_server
