#!/usr/bin/env bash
# Integration test of boundaries: the real CLI builds 会宁县 with derived
# township lines, imports a county-level line and its markers, places
# demonstration markers, and the HTTP API is driven with curl: records as
# JSON and as multipart with photos (round trip by SHA-256), idempotent
# client ids, every bad input of issue 5 refused with its code and nothing
# written, checks, reports, closing a round; offline CSV imports sent twice.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
CHECK="python3 $HERE/api_check.py"
step() { echo "-- $*"; }

# req METHOD PATH [curl args...]: STATUS, body in $T/body, headers in $T/headers.
req() {
    local method=$1 path=$2
    shift 2
    STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' -X "$method" "$@" \
        "$BASE$path") || true
}
bfail() {
    echo "--- last response ($STATUS):" >&2
    head -c 1500 "$T/body" >&2 || true
    echo >&2
    tail -n 20 "$T/serve.log" >&2 || true
    fail "$*"
}
expect() {
    local want=$1
    shift
    [ "$STATUS" = "$want" ] || bfail "expected $want, got $STATUS"
    [ $# = 0 ] || $CHECK json "$T/body" "$@" || bfail "body check"
}
expect_error() {
    expect "$1" "j['error']['code'] == '$2'" "j['error']['message_zh'] != ''" \
        "j['error']['message_en'] != ''"
}
header() { grep -i "^$1:" "$T/headers" | head -n 1 | cut -d' ' -f2- | tr -d '\r'; }

DB=$T/bound.db
# Every row of the boundary tables and the audit log, and the photo files.
state() {
    {
        sqlite3 "$DB" "SELECT number,level,left_code,left_name,right_code,right_name,agreement,
                              description,last_joint_check,hex(geom) FROM boundary_lines ORDER BY id;
                       SELECT id,line_id,seq,type,material,year_set,condition,hex(geom) FROM markers ORDER BY id;
                       SELECT * FROM marker_refs ORDER BY 1,2;
                       SELECT * FROM inspection_rounds ORDER BY 1;
                       SELECT * FROM round_lines ORDER BY 1,2;
                       SELECT * FROM inspection_records ORDER BY id;
                       SELECT * FROM photos ORDER BY 1;
                       SELECT * FROM record_photos ORDER BY 1,2;
                       SELECT * FROM audit_log ORDER BY id;"
        if [ -d "$DB.photos" ]; then find "$DB.photos" -type f | sort | xargs -r sha256sum; fi
    } | sha256sum | cut -d' ' -f1
}
count() { sqlite3 "$DB" "$1"; }

# ---- the registry ---------------------------------------------------------
step "derive the township lines from the polygons"
demo_db "$DB"
expect_status 0 "$DIMING" --db "$DB" boundaries derive --level township
grep -q "lines 62: inserted 62" "$T/out" || fail "derive: $(cat "$T/out")"
expect_status 0 "$DIMING" --db "$DB" boundaries derive --level township
grep -q "inserted 0, updated 0, unchanged 62" "$T/out" || fail "derive again: $(cat "$T/out")"
expect_status 1 "$DIMING" --db "$DB" boundaries derive --level village
grep -q derive_level "$T/err" || fail "derive village: $(cat "$T/err")"

step "import a county-level line toward a county the registry does not hold, and its markers"
cat >"$T/county.geojson" <<'EOF'
{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"number":"6204226208",
 "left_code":"620422","right_code":"620826","right_name":"静宁县","agreement":"甘宁线协议书(示例)",
 "last_joint_check":"2019-05-20"},
 "geometry":{"type":"LineString","coordinates":[[105.40,35.50],[105.45,35.52],[105.50,35.53]]}}]}
EOF
expect_status 0 "$DIMING" --db "$DB" boundaries import "$T/county.geojson"
grep -q "inserted 1" "$T/out" || fail "county line: $(cat "$T/out")"
cat >"$T/lines.csv" <<'EOF'
number,level,left_code,right_code,right_name,agreement,description,last_joint_check,wkt
6204226211,county,620422,621121,通渭县,甘肃省县级界线协议书(示例),"自北向南,沿山脊",2018-09-01,"LINESTRING(105.30 35.45,105.32 35.42)"
EOF
expect_status 0 "$DIMING" --db "$DB" boundaries import "$T/lines.csv" --dry-run
grep -q "dry run: read 1, inserted 1" "$T/out" || fail "lines csv dry run: $(cat "$T/out") $(cat "$T/err")"
expect_status 0 "$DIMING" --db "$DB" boundaries import "$T/lines.csv"
expect_status 0 "$DIMING" --db "$DB" boundaries show 6204226211
$CHECK json "$T/out" "j['right'] == {'code': '621121', 'name': '通渭县', 'held': False}" \
    "j['description'] == '自北向南,沿山脊'" "j['geometry']['type'] == 'MultiLineString'" ||
    fail "lines csv import"
# The markers' coordinates table in EPSG:4544 metres (near 105.40E 35.50N).
E1=536310.25
N1=3929120.50
printf 'id,x,y,material,year_set,condition,refs\n6204226208001Q,%s,%s,花岗岩,2001,完好,电线杆/45/30;独立树/300/80\n' \
    "$E1" "$N1" >"$T/markers.csv"
expect_status 0 "$DIMING" --db "$DB" boundaries import "$T/markers.csv" --crs EPSG:4544
grep -q "inserted 1" "$T/out" || fail "markers csv: $(cat "$T/out") $(cat "$T/err")"
expect_status 0 "$DIMING" --db "$DB" boundaries import "$T/markers.csv" --crs EPSG:4544
grep -q "inserted 0, updated 0, unchanged 1" "$T/out" || fail "markers again: $(cat "$T/out")"
printf 'id,x,y\n999001Q,%s,%s\n6204226208002X,%s,%s\n' "$E1" "$N1" "$E1" "$N1" >"$T/bad-markers.csv"
before=$(state)
expect_status 1 "$DIMING" --db "$DB" boundaries import "$T/bad-markers.csv" --crs EPSG:4544
grep -q "rule line_not_found" "$T/err" && grep -q "rule marker_id_invalid" "$T/err" ||
    fail "bad markers: $(cat "$T/err")"
[ "$(state)" = "$before" ] || fail "a refused import wrote something"

step "demonstration markers"
expect_status 0 "$DIMING" --db "$DB" synth markers --seed 11 --spacing-m 4000
MARKERS=$(count "SELECT count(*) FROM markers")
[ "$MARKERS" -gt 100 ] || fail "synth markers: $(cat "$T/out")"
expect_status 0 "$DIMING" --db "$DB" synth markers --seed 11 --spacing-m 4000
grep -q "inserted 0, updated 0" "$T/out" || fail "synth again: $(cat "$T/out")"
for c in boundaries rounds inspections check synth; do
    expect_status 0 "$DIMING" "$c" --help
    grep -q "usage: diming" "$T/out" || fail "$c --help"
done

ADMIN=$("$DIMING" --db "$DB" token create --name admin1 --role admin)
INSP=$("$DIMING" --db "$DB" token create --name wang --role inspector)
STAFF=$("$DIMING" --db "$DB" token create --name li --role staff)
start_server "$DB"
step "serving on $BASE"
A=(-H "Authorization: Bearer $ADMIN")
I=(-H "Authorization: Bearer $INSP")
S=(-H "Authorization: Bearer $STAFF")
J=(-H 'Content-Type: application/json')

# ---- reads ---------------------------------------------------------------
step "lines and markers"
req GET /api/v1/boundary-lines
expect 200 "j['count'] == 64" "all('geometry' not in l for l in j['lines'])" \
    "[l for l in j['lines'] if l['number'] == '6204226208'][0]['right'] == {'code': '620826', 'name': '静宁县', 'held': False}"
req GET /api/v1/boundary-lines/100107
expect 200 "j['geometry']['type'] in ('LineString', 'MultiLineString')" \
    "j['left']['held'] and j['right']['held']" "len(j['markers']) == j['marker_count'] > 0" \
    "all(m['id'].startswith('100107') and 'x' in m and 'lon' in m for m in j['markers'])"
MARKER=$($CHECK get "$T/body" "j['markers'][0]['id']")
MLON=$($CHECK get "$T/body" "j['markers'][0]['lon']")
MLAT=$($CHECK get "$T/body" "j['markers'][0]['lat']")
M2=$($CHECK get "$T/body" "j['markers'][1]['id']")
M2LON=$($CHECK get "$T/body" "j['markers'][1]['lon']")
M2LAT=$($CHECK get "$T/body" "j['markers'][1]['lat']")
req GET /api/v1/boundary-lines/nope
expect_error 404 line_not_found
req GET "/api/v1/markers/$MARKER"
expect 200 "j['id'] == '$MARKER'" "j['records'] == []" "len(j['refs']) >= 2"

# ---- a round ---------------------------------------------------------------
START=$(date -u -d '30 days ago' +%Y-%m-%d)
AT=$(date -u -d '2 hours ago' +%Y-%m-%dT%H:%M:%SZ)
step "open round 5 (admin only)"
req POST /api/v1/rounds "${J[@]}" "${I[@]}" -d "{\"number\":5,\"start_date\":\"$START\"}"
expect_error 403 forbidden
req POST /api/v1/rounds "${J[@]}" "${A[@]}" \
    -d "{\"number\":5,\"name\":\"第五次联检\",\"start_date\":\"$START\"}"
expect 201 "j['number'] == 5" "j['status'] == 'open'" "len(j['lines']) == 64"
req PATCH /api/v1/rounds/5 "${J[@]}" "${A[@]}" \
    -d '{"lines":[{"line":"100107","team":"第一联检组","left_rep":"柴家门镇 郭海燕","right_rep":"会师镇 黄芳"}]}'
expect 200 "[l for l in j['lines'] if l['number'] == '100107'][0]['team'] == '第一联检组'"
req POST /api/v1/rounds "${J[@]}" "${A[@]}" -d "{\"number\":5,\"start_date\":\"$START\"}"
expect_error 409 round_exists

# rec FIELDS: a record body with the marker's position and FIELDS merged.
rec() {
    python3 -c "import json,sys; d={'round':5,'observed_at':'$AT','lon':$MLON,'lat':$MLAT,
'accuracy_m':0.03,'condition':'intact'}; d.update(json.loads(sys.argv[1])); print(json.dumps(d, ensure_ascii=False))" "$1"
}

step "a record as JSON; the same client id again is the same record"
req POST "/api/v1/markers/$MARKER/inspections" "${J[@]}" -d "$(rec '{"client_id":"pad1:1"}')"
expect_error 401 unauthorized
req POST "/api/v1/markers/$MARKER/inspections" "${J[@]}" "${S[@]}" -d "$(rec '{"client_id":"pad1:1"}')"
expect_error 403 forbidden
req POST "/api/v1/markers/$MARKER/inspections" "${J[@]}" "${I[@]}" \
    -d "$(rec '{"client_id":"pad1:1","inspector":"王建国","condition":"字迹模糊","action":"repainted"}')"
expect 201 "j['marker'] == '$MARKER'" "j['condition']['code'] == 'faded'" \
    "j['action']['code'] == 'repainted'" "j['distance_m'] <= 0.01" "j['inspector'] == '王建国'"
[[ $(header Location) == */api/v1/markers/$MARKER ]] || bfail "Location: $(header Location)"
FIRST=$($CHECK get "$T/body" "j['id']")
req POST "/api/v1/markers/$MARKER/inspections" "${J[@]}" "${I[@]}" \
    -d "$(rec '{"client_id":"pad1:1","inspector":"王建国","condition":"字迹模糊","action":"repainted"}')"
expect 200 "j['id'] == $FIRST"
req POST "/api/v1/markers/$MARKER/inspections" "${J[@]}" "${I[@]}" \
    -d "$(rec '{"client_id":"pad1:1","inspector":"王建国","condition":"损坏"}')"
expect_error 409 record_conflict
[ "$(count "SELECT count(*) FROM inspection_records")" = 1 ] || fail "records after a resend"

step "a record with photos (multipart); each photo back by its SHA-256"
python3 - "$T/photo.png" "$T/photo.jpg" <<'EOF'
import struct, sys, zlib
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
raw = b"".join(b"\x00" + bytes([x * 8 % 256, 80, 160]) * 32 for x in range(32))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 32, 32, 8, 2, 0, 0, 0)) + \
      chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
open(sys.argv[2], "wb").write(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 40 + b"\xff\xd9")
EOF
req POST "/api/v1/markers/$MARKER/inspections" "${I[@]}" \
    -F "record=$(rec '{"client_id":"pad1:2","notes":"界桩东侧新修道路"}');type=application/json" \
    -F "photo=@$T/photo.png;type=image/png" -F "photo=@$T/photo.jpg;type=image/jpeg"
expect 201 "len(j['photos']) == 2" "j['photos'][0]['content_type'] == 'image/png'" \
    "j['photos'][1]['content_type'] == 'image/jpeg'"
for f in photo.png photo.jpg; do
    SHA=$(sha256sum "$T/$f" | cut -d' ' -f1)
    $CHECK json "$T/body" "'$SHA' in [p['sha256'] for p in j['photos']]" || bfail "sha of $f"
    [ -f "$DB.photos/${SHA:0:2}/$SHA" ] || fail "photo file for $f not stored by its hash"
    STATUS=$(curl -s -o "$T/back" -D "$T/headers" -w '%{http_code}' "$BASE/api/v1/photos/$SHA")
    [ "$STATUS" = 200 ] || fail "GET photo: $STATUS"
    cmp -s "$T/back" "$T/$f" || fail "photo $f came back different"
    [[ $(header Content-Type) == image/* ]] || fail "photo type $(header Content-Type)"
    [[ $(header Cache-Control) == *immutable* ]] || fail "photo cache $(header Cache-Control)"
done
req GET /api/v1/photos/0000000000000000000000000000000000000000000000000000000000000000
expect_error 404 photo_not_found
req GET /api/v1/photos/not-a-hash
expect_error 400 bad_sha256
req GET "/api/v1/markers/$MARKER"
expect 200 "len(j['records']) == 2" "j['condition']['code'] == 'intact'"

# ---- bad input: each refused with its code, nothing written ----------------
step "bad input is refused and writes nothing"
FAR_LAT=$(python3 -c "print($MLAT + 0.45)")
dd if=/dev/zero of="$T/huge.png" bs=1M count=11 2>/dev/null
printf '\x89PNG\r\n\x1a\n' | dd of="$T/huge.png" conv=notrunc 2>/dev/null
echo "not an image at all" >"$T/notes.txt"
before=$(state)
req POST "/api/v1/markers/$MARKER/inspections" "${J[@]}" "${I[@]}" \
    -d "$(rec "{\"client_id\":\"bad1\",\"lat\":$FAR_LAT}")"
expect_error 422 observed_too_far
$CHECK json "$T/body" "' m from the registered one' in j['error']['message_en']" || bfail "distance"
req POST "/api/v1/markers/$MARKER/inspections" "${J[@]}" "${I[@]}" \
    -d "$(rec '{"client_id":"bad2","accuracy_m":"about 2 m"}')"
expect_error 400 bad_accuracy
req POST "/api/v1/markers/$MARKER/inspections" "${J[@]}" "${I[@]}" \
    -d "$(rec '{"client_id":"bad3","condition":"有点旧"}')"
expect_error 400 bad_condition
req POST "/api/v1/markers/$MARKER/inspections" "${J[@]}" "${I[@]}" \
    -d "$(rec '{"client_id":"bad4","condition":"损坏","action":"repaired","party_left":"柴家门镇 郭海燕"}')"
expect_error 422 parties_required
req POST "/api/v1/markers/$MARKER/inspections" "${I[@]}" \
    -F "record=$(rec '{"client_id":"bad5"}')" -F "photo=@$T/notes.txt;type=image/jpeg"
expect_error 415 photo_not_image
req POST "/api/v1/markers/$MARKER/inspections" "${I[@]}" \
    -F "record=$(rec '{"client_id":"bad6"}')" -F "photo=@$T/huge.png"
expect_error 413 photo_too_large
req POST "/api/v1/markers/100107999Q/inspections" "${J[@]}" "${I[@]}" \
    -d "$(rec '{"client_id":"bad7"}')"
expect_error 404 marker_not_found
req POST "/api/v1/markers/$MARKER/inspections" "${J[@]}" "${I[@]}" \
    -d "$(rec '{"client_id":"bad8","round":4}')"
expect_error 404 round_not_found
req POST "/api/v1/markers/$MARKER/inspections" "${J[@]}" "${I[@]}" \
    -d "$(rec '{"client_id":"bad9","lon":"east"}')"
expect_error 400 bad_coordinate
req POST "/api/v1/markers/$MARKER/inspections" "${I[@]}" -F 'colour=blue'
expect_error 400 unknown_field
req POST "/api/v1/markers/$MARKER/inspections" "${I[@]}" -F "photo=@$T/photo.png"
expect_error 400 record_missing
$CHECK bigbody "$T/big.json" $((1100 * 1024))
req POST "/api/v1/markers/$MARKER/inspections" "${J[@]}" "${I[@]}" --data-binary "@$T/big.json"
expect_error 413 body_too_large
[ "$(state)" = "$before" ] || fail "a refused record wrote something"

# ---- offline records -------------------------------------------------------
step "records collected offline: the same file twice stores them once"
mkdir -p "$T/field/photos"
cp "$T/photo.png" "$T/field/photos/a.png"
cat >"$T/field/records.csv" <<EOF
client_id,marker,round,observed_at,inspector,lon,lat,crs,accuracy_m,condition,action,party_left,party_right,notes,corrects_client_id,photos
tab7:1,$M2,5,$AT,赵刚,$M2LON,$M2LAT,EPSG:4490,0.02,损坏,none,,,底座开裂,,photos/a.png
tab7:2,$M2,5,$AT,赵刚,$M2LON,$M2LAT,EPSG:4490,0.02,损坏,repaired,柴家门镇 郭海燕,会师镇 黄芳,,tab7:1,
EOF
expect_status 0 "$DIMING" --db "$DB" inspections import "$T/field/records.csv"
grep -q "inserted 2" "$T/out" || fail "offline import: $(cat "$T/out") $(cat "$T/err")"
n=$(count "SELECT count(*) FROM inspection_records")
expect_status 0 "$DIMING" --db "$DB" inspections import "$T/field/records.csv"
grep -q "inserted 0, updated 0, unchanged 2" "$T/out" || fail "second import: $(cat "$T/out")"
[ "$(count "SELECT count(*) FROM inspection_records")" = "$n" ] || fail "records stored twice"
[ "$(count "SELECT corrects IS NOT NULL FROM inspection_records WHERE client_id = 'tab7:2'")" = 1 ] ||
    fail "the correction does not point to its record"
sed 's/,0.02,损坏,none/,two metres,损坏,none/; s/tab7:1,/tab7:3,/' "$T/field/records.csv" >"$T/field/bad.csv"
before=$(state)
expect_status 1 "$DIMING" --db "$DB" inspections import "$T/field/bad.csv"
grep -q "rule bad_accuracy" "$T/err" || fail "bad accuracy row: $(cat "$T/err")"
[ "$(state)" = "$before" ] || fail "a refused offline file wrote something"

# ---- checks and reports -----------------------------------------------------
step "checks of round 5 (staff)"
req GET '/api/v1/checks/boundaries?round=5'
expect_error 401 unauthorized
req GET '/api/v1/checks/boundaries?round=5&tolerance_m=-1' "${S[@]}"
expect_error 400 bad_parameter
req GET '/api/v1/checks/boundaries?round=5' "${S[@]}"
expect 200 "j['lines_checked'] == 64" "j['units_checked'] == 28" \
    "j['counts'].get('sibling_overlap', 0) == 0" "j['counts'].get('line_deviation', 0) == 0" \
    "j['counts']['line_not_inspected'] == 63" "j['counts'].get('marker_not_inspected', 0) > 0" \
    "len(j['hausdorff_m']) == 62 and max(j['hausdorff_m'].values()) < 0.01" \
    "all(f['code'] and f['message_zh'] and 'lon' in f['location'] for f in j['findings'])"
echo "   whole-county check: $($CHECK get "$T/body" "j['elapsed_s']") s, $($CHECK get "$T/body" "j['counts']")"
req GET '/api/v1/checks/boundaries?round=9' "${S[@]}"
expect_error 404 round_not_found

step "the round's report as HTML, CSV and GeoJSON"
req GET '/api/v1/rounds/5/report?line=100107' "${S[@]}"
[ "$STATUS" = 200 ] || bfail "report html $STATUS"
[[ $(header Content-Type) == text/html* ]] || bfail "report type $(header Content-Type)"
grep -q '<svg' "$T/body" && grep -q '界桩登记表' "$T/body" && grep -q '界桩成果表' "$T/body" ||
    bfail "report lacks map or tables"
python3 - "$T/body" <<'EOF' || fail "the report's maps are not well-formed SVG"
import re, sys, xml.etree.ElementTree as ET
page = open(sys.argv[1], encoding="utf-8").read()
maps = re.findall(r"<svg.*?</svg>", page, re.S)
assert maps, "no map"
for m in maps:
    root = ET.fromstring(m)
    assert root.findall(".//{http://www.w3.org/2000/svg}circle"), "a map without markers"
assert page.count("<section") == page.count("</section>")
EOF
req GET '/api/v1/rounds/5/report?format=csv&table=register&line=100107' "${S[@]}"
[ "$STATUS" = 200 ] && grep -q "$MARKER" "$T/body" || bfail "register csv"
req GET '/api/v1/rounds/5/report?format=geojson' "${S[@]}"
expect 200 "j['type'] == 'FeatureCollection'" "len(j['features']) > 0" \
    "all(f['geometry']['type'] for f in j['features'])"
req GET '/api/v1/rounds/5/report?format=pdf' "${S[@]}"
expect_error 400 bad_format

step "closing the round: no more records, lines with records get their joint check date"
req PATCH /api/v1/rounds/5 "${J[@]}" "${A[@]}" -d '{"status":"closed"}'
expect 200 "j['status'] == 'closed'"
before=$(state)
req POST "/api/v1/markers/$MARKER/inspections" "${J[@]}" "${I[@]}" -d "$(rec '{"client_id":"late1"}')"
expect_error 409 round_closed
[ "$(state)" = "$before" ] || fail "a record for a closed round wrote something"
req GET /api/v1/boundary-lines/100107
expect 200 "j['last_joint_check'] is not None" "j['due'] is False"
stop_server

step "a demonstration round: records through the same checks, the same seed adds nothing"
expect_status 0 "$DIMING" --db "$DB" synth round --seed 4 --number 6 --start "$START"
n6=$(sed -n 's/.*new records \([0-9]*\).*/\1/p' "$T/out")
[ "${n6:-0}" -gt 50 ] || fail "synth round: $(cat "$T/out") $(cat "$T/err")"
[ "$(count "SELECT count(*) FROM inspection_records WHERE round = 6")" = "$n6" ] || fail "round 6 records"
[ "$(count "SELECT count(*) FROM inspection_records WHERE round = 6 AND action IN
    ('repaired','replaced','reset') AND (party_left IS NULL OR party_right IS NULL)")" = 0 ] ||
    fail "a synthetic repair without both parties"
expect_status 0 "$DIMING" --db "$DB" synth round --seed 4 --number 6
grep -q "new records 0" "$T/out" || fail "synth round again: $(cat "$T/out")"
expect_status 0 "$DIMING" --db "$DB" rounds list
grep -q "^6 *open" "$T/out" && grep -q "^5 *closed" "$T/out" || fail "rounds list: $(cat "$T/out")"

step "check and report from the command line"
expect_status 0 "$DIMING" --db "$DB" check boundaries --round 5 --report "$T/report"
for f in report.html findings.csv findings.geojson register.csv coordinates.csv report.json; do
    [ -s "$T/report/$f" ] || fail "report file $f missing"
done
grep -q "checked 64 lines" "$T/out" || fail "check output: $(tail -n 2 "$T/out")"
grep -q ",6204226208001Q,Q,105.4" "$T/report/coordinates.csv" ||
    fail "coordinates table lacks the imported marker"
expect_status 1 "$DIMING" --db "$DB" check boundaries --line nope
pass "boundaries end to end"
