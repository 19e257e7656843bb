#!/usr/bin/env bash
# Integration test of the OGC API - Features endpoint with real clients:
# GDAL's OAPIF driver (ogrinfo, ogr2ogr), curl and Python's urllib, against
# a registry of 会宁县 served on a free port.  The registry's own answer
# for a bbox comes from its GeoJSON export, intersected here by plain
# geometry (ogc_check.py), not from the server under test.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
CHECK="python3 $HERE/ogc_check.py"
JSON="python3 $HERE/api_check.py json"
command -v ogrinfo >/dev/null || fail "ogrinfo (gdal-bin) is not installed"

step() { echo "-- $*"; }
ogc_fail() {
    [ -f "$T/headers" ] && { echo "--- last headers:" >&2; cat "$T/headers" >&2; }
    [ -f "$T/body" ] && { echo "--- last body:" >&2; head -c 1500 "$T/body" >&2; echo >&2; }
    [ -f "$T/serve.log" ] && { echo "--- server log:" >&2; tail -n 15 "$T/serve.log" >&2; }
    fail "$*"
}

# get PATH [curl args...]: GET $BASE/ogc$PATH; STATUS, $T/body, $T/headers.
get() {
    local path=$1
    shift
    STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' "$@" "$BASE/ogc$path") || true
}
header() { grep -i "^$1:" "$T/headers" | head -n 1 | cut -d' ' -f2- | tr -d '\r'; }
expect() {
    local want=$1
    shift
    [ "$STATUS" = "$want" ] || ogc_fail "expected status $want, got $STATUS"
    [ $# -eq 0 ] || $JSON "$T/body" "$@" || ogc_fail "body check"
}
expect_error() {
    expect "$1" "j['error']['code'] == '$2'" "j['error']['message_zh'] and j['error']['message_en']"
}
expect_type() {
    case "$(header Content-Type)" in
    "$1"*) ;;
    *) ogc_fail "Content-Type $(header Content-Type), want $1" ;;
    esac
}

CRS84=http://www.opengis.net/def/crs/OGC/1.3/CRS84
CRS4490=http://www.opengis.net/def/crs/EPSG/0/4490

# ---- a registry of 会宁县, its export (the reference), a server -------------
DB=$T/huining.db
demo_db "$DB"
ADMIN=$("$DIMING" --db "$DB" token create --name ogc-admin --role admin)
"$DIMING" --db "$DB" export units --format geojson --out "$T/units.geojson" >/dev/null
UNITS=$(sqlite3 "$DB" "SELECT count(*) FROM units")
[ "$UNITS" -gt 300 ] || fail "the demo registry has $UNITS units"
# a few streets and doorplates (diming synth), and the demo place names
"$DIMING" --db "$DB" synth doorplates --count 400 --seed 11 --out "$T/synth" >/dev/null ||
    fail "synth doorplates"
"$DIMING" --db "$DB" import streets "$T/synth/streets.csv" >/dev/null || fail "import streets"
"$DIMING" --db "$DB" import doorplates "$T/synth/doorplates.csv" --survey >/dev/null 2>&1 ||
    fail "import doorplates"
"$DIMING" --db "$DB" places import "$DIMING_DATA/places/demo_huining.geojson" >/dev/null 2>&1 ||
    fail "import the demo places"
# boundary lines between the townships and markers along them
"$DIMING" --db "$DB" boundaries derive --level township >/dev/null || fail "derive lines"
"$DIMING" --db "$DB" synth markers --seed 11 --spacing-m 4000 >/dev/null || fail "synth markers"
LINES=$(sqlite3 "$DB" "SELECT count(*) FROM boundary_lines")
MARKERS=$(sqlite3 "$DB" "SELECT count(*) FROM markers")
[ "$LINES" -gt 10 ] && [ "$MARKERS" -gt 50 ] || fail "demo: $LINES lines, $MARKERS markers"
"$DIMING" --db "$DB" export boundary-lines --format geojson --out "$T/lines.geojson" >/dev/null ||
    fail "export boundary-lines"
"$DIMING" --db "$DB" export markers --format csv --out "$T/markers.csv" >/dev/null ||
    fail "export markers"
PLACES=$(sqlite3 "$DB" "SELECT count(*) FROM places")
STREETS=$(sqlite3 "$DB" "SELECT count(*) FROM places WHERE category = '0801'")
PLATES=$(sqlite3 "$DB" "SELECT count(*) FROM plates")
[ "$PLATES" -ge 400 ] && [ "$STREETS" -gt 0 ] || fail "demo: $PLATES plates, $STREETS streets"
# the registry's own doorplates, one point each (lon/lat columns)
"$DIMING" --db "$DB" export doorplates --format csv --out "$T/plates.csv" >/dev/null ||
    fail "export doorplates"
start_server "$DB"
OAPIF="OAPIF:$BASE/ogc"
step "serving on $BASE"

# ---- GDAL reads the service ---------------------------------------------------
step "ogrinfo lists the collections"
ogrinfo "$OAPIF" >"$T/ogrinfo" 2>&1 || { cat "$T/ogrinfo"; ogc_fail "ogrinfo failed"; }
grep -q '^1: units (title: 行政区划) (Multi Polygon)$' "$T/ogrinfo" ||
    { cat "$T/ogrinfo"; ogc_fail "ogrinfo does not list units"; }

grep -q '^2: places (title: 地名)' "$T/ogrinfo" &&
    grep -Eq '^3: streets \(title: 街路巷\) \((Multi )?Line String\)$' "$T/ogrinfo" &&
    grep -q '^4: doorplates (title: 门牌) (Point)$' "$T/ogrinfo" ||
    { cat "$T/ogrinfo"; ogc_fail "ogrinfo does not list places, streets and doorplates"; }
grep -Eq '^5: boundary-lines \(title: 行政区域界线\) \((Multi )?Line String\)$' "$T/ogrinfo" &&
    grep -q '^6: markers (title: 界桩) (Point)$' "$T/ogrinfo" ||
    { cat "$T/ogrinfo"; ogc_fail "ogrinfo does not list boundary-lines and markers"; }
for kc in "places $PLACES" "streets $STREETS" "doorplates $PLATES" "boundary-lines $LINES" \
    "markers $MARKERS"; do
    set -- $kc
    ogrinfo -so "$OAPIF" "$1" >"$T/ogrinfo" 2>&1 || ogc_fail "ogrinfo -so $1 failed"
    grep -q "^Feature Count: $2\$" "$T/ogrinfo" || { cat "$T/ogrinfo"; ogc_fail "$1: count, want $2"; }
done

# points_in_box CSV IDCOLUMN X0 Y0 X1 Y1: the sorted ids of the rows of a
# CSV export (lon, lat columns) inside the box.
points_in_box() {
    python3 -c "
import csv, sys
x0, y0, x1, y1 = map(float, sys.argv[3:])
r = csv.DictReader(open(sys.argv[1], encoding='utf-8-sig'))
print(' '.join(sorted(x[sys.argv[2]] for x in r
                      if x0 <= float(x['lon']) <= x1 and y0 <= float(x['lat']) <= y1)))
" "$@"
}

step "ogr2ogr -spat doorplates returns exactly the plates in the box"
# boxes around the median plate, growing: the registry's count from its
# own export, compared with GDAL's features and the server's numberMatched
read -r MX MY < <(python3 -c "
import csv, statistics, sys
r = list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig')))
print(statistics.median(float(x['lon']) for x in r), statistics.median(float(x['lat']) for x in r))
" "$T/plates.csv")
for D in 0.0005 0.002 0.01; do
    read -r X0 Y0 X1 Y1 < <(python3 -c "print($MX - $D, $MY - $D, $MX + $D, $MY + $D)")
    WANT=$(points_in_box "$T/plates.csv" code "$X0" "$Y0" "$X1" "$Y1")
    N=$(echo "$WANT" | wc -w)
    [ "$N" -gt 0 ] || ogc_fail "box $X0 $Y0 $X1 $Y1 holds no plate"
    rm -f "$T/spat.json"
    ogr2ogr -f GeoJSON "$T/spat.json" "$OAPIF" doorplates -spat "$X0" "$Y0" "$X1" "$Y1" \
        2>"$T/err" || { cat "$T/err"; ogc_fail "ogr2ogr -spat doorplates failed"; }
    $JSON "$T/spat.json" "len(j['features']) == $N" \
        "sorted(f['properties']['code'] for f in j['features']) == '$WANT'.split()" ||
        ogc_fail "box $X0 $Y0 $X1 $Y1: ogr2ogr does not give the registry's $N plates"
    get "/collections/doorplates/items?bbox=$X0,$Y0,$X1,$Y1&limit=10000"
    expect 200 "j['numberMatched'] == len(j['features']) == $N"
done
get "/collections/doorplates/items?state=active&limit=1"
expect 200 "j['numberMatched'] == $(sqlite3 "$DB" "SELECT count(*) FROM plates WHERE state = 'active'")" \
    "j['features'][0]['properties']['address'].startswith('甘肃省白银市会宁县')"

step "boundary-lines and markers by bbox: the registry's own features"
# lines: the registry's GeoJSON export intersected by plain geometry;
# markers: the points of its CSV export inside the box
while read -r X0 Y0 X1 Y1; do
    WANT=$($CHECK oracle "$T/lines.geojson" "$X0" "$Y0" "$X1" "$Y1")
    rm -f "$T/spat.json"
    ogr2ogr -f GeoJSON "$T/spat.json" "$OAPIF" boundary-lines -spat "$X0" "$Y0" "$X1" "$Y1" \
        2>"$T/err" || { cat "$T/err"; ogc_fail "ogr2ogr -spat boundary-lines failed"; }
    $JSON "$T/spat.json" "sorted(f['properties']['number'] for f in j['features']) == '$WANT'.split()" ||
        ogc_fail "box $X0 $Y0 $X1 $Y1: ogr2ogr does not give the registry's lines [$WANT]"
    get "/collections/boundary-lines/items?bbox=$X0,$Y0,$X1,$Y1&limit=10000"
    expect 200 "j['numberMatched'] == len(j['features']) == len('$WANT'.split())" \
        "sorted(f['id'] for f in j['features']) == '$WANT'.split()"
    WANT=$(points_in_box "$T/markers.csv" id "$X0" "$Y0" "$X1" "$Y1")
    rm -f "$T/spat.json"
    ogr2ogr -f GeoJSON "$T/spat.json" "$OAPIF" markers -spat "$X0" "$Y0" "$X1" "$Y1" \
        2>"$T/err" || { cat "$T/err"; ogc_fail "ogr2ogr -spat markers failed"; }
    $JSON "$T/spat.json" "sorted(f['properties']['id'] for f in j['features']) == '$WANT'.split()" ||
        ogc_fail "box $X0 $Y0 $X1 $Y1: ogr2ogr does not give the registry's markers [$WANT]"
    get "/collections/markers/items?bbox=$X0,$Y0,$X1,$Y1&limit=10000"
    expect 200 "j['numberMatched'] == len(j['features']) == len('$WANT'.split())"
done < <($CHECK boxes "$T/units.geojson" | head -n 4)
get "/collections/markers/items?condition=lost&limit=1"
expect 200 "j['numberMatched'] == $(sqlite3 "$DB" "SELECT count(*) FROM markers WHERE condition = 'lost'")" \
    "'/' in (j['features'][0]['properties']['refs'] or '/')"
sqlite3 "$DB" "UPDATE boundary_lines SET last_joint_check = '2024-05-0' || (id % 3 + 1)"
get "/collections/boundary-lines/items?datetime=2024-05-02/..&limit=1"
expect 200 "j['numberMatched'] == $(sqlite3 "$DB" "SELECT count(*) FROM boundary_lines WHERE last_joint_check >= '2024-05-02'")"
get "/collections/boundary-lines"
expect 200 "[t[:10] for t in j['extent']['temporal']['interval'][0]] == ['2024-05-01', '2024-05-03']"

step "ogrinfo -so reports the feature count the registry holds ($UNITS)"
ogrinfo -so "$OAPIF" units >"$T/ogrinfo" 2>&1 || ogc_fail "ogrinfo -so failed"
grep -q "^Feature Count: $UNITS\$" "$T/ogrinfo" || { cat "$T/ogrinfo"; ogc_fail "wrong count"; }
grep -q '^name: String' "$T/ogrinfo" || ogc_fail "no name field"

step "ogr2ogr -spat returns exactly the units whose polygons meet the box"
TRICKY=0
while read -r X0 Y0 X1 Y1; do
    WANT=$($CHECK oracle "$T/units.geojson" "$X0" "$Y0" "$X1" "$Y1")
    [ -n "$WANT" ] || ogc_fail "box $X0 $Y0 $X1 $Y1 hits nothing"
    rm -f "$T/spat.json"
    ogr2ogr -f GeoJSON "$T/spat.json" "$OAPIF" units -spat "$X0" "$Y0" "$X1" "$Y1" 2>"$T/err" ||
        { cat "$T/err"; ogc_fail "ogr2ogr -spat failed"; }
    GOT=$($CHECK codes "$T/spat.json")
    [ "$GOT" = "$WANT" ] || ogc_fail "box $X0 $Y0 $X1 $Y1: ogr2ogr gave [$GOT], want [$WANT]"
    # the server's own answer, without GDAL's client-side filter
    get "/collections/units/items?bbox=$X0,$Y0,$X1,$Y1&limit=10000"
    expect 200 "j['numberMatched'] == len(j['features']) == len('$WANT'.split())" \
        "sorted(f['id'] for f in j['features']) == '$WANT'.split()"
    ENV_ONLY=$($CHECK envelope-only "$T/units.geojson" "$X0" "$Y0" "$X1" "$Y1")
    [ "$ENV_ONLY" -gt 0 ] && TRICKY=$((TRICKY + 1))
done < <($CHECK boxes "$T/units.geojson")
[ "$TRICKY" -gt 0 ] || ogc_fail "no box tested the exact test (an envelope-only polygon)"

step "paging: ogr2ogr with pages of 7 and urllib following next links get every unit once"
ogr2ogr -f GeoJSON -oo PAGE_SIZE=7 "$T/all.json" "$OAPIF" units 2>"$T/err" ||
    { cat "$T/err"; ogc_fail "ogr2ogr paging failed"; }
$JSON "$T/all.json" "len(j['features']) == $UNITS" \
    "len(set(f['properties']['code'] for f in j['features'])) == $UNITS" || ogc_fail "pages"
read -r PAGES SEEN UNIQUE MATCHED < <($CHECK follow "$BASE/ogc/collections/units/items?limit=50") ||
    ogc_fail "following next links failed"
[ "$PAGES" = $(((UNITS + 49) / 50)) ] && [ "$SEEN" = "$UNITS" ] && [ "$MATCHED" = "$UNITS" ] ||
    ogc_fail "next links: $PAGES pages, $SEEN features, $MATCHED matched"
read -r PAGES SEEN UNIQUE MATCHED < <($CHECK follow \
    "$BASE/ogc/collections/units/items?limit=3&bbox=104.64,35.55,105.23,36.0") || ogc_fail "bbox pages"
[ "$SEEN" = "$MATCHED" ] && [ "$SEEN" -gt 3 ] || ogc_fail "bbox pages: $SEEN of $MATCHED"
get "/collections/units/items?limit=100&offset=300"
expect 200 "j['numberReturned'] == $UNITS - 300" \
    "[l for l in j['links'] if l['rel'] == 'prev' and 'offset=200' in l['href']]" \
    "not [l for l in j['links'] if l['rel'] == 'next']"

step "server-side attribute filter (GDAL learns it from the OpenAPI document)"
CPL_DEBUG=ON ogr2ogr -f GeoJSON "$T/towns.json" "$OAPIF" units -where "level='town'" 2>"$T/err" ||
    { cat "$T/err"; ogc_fail "ogr2ogr -where failed"; }
grep -q 'items?.*level=town' "$T/err" || ogc_fail "GDAL did not send level=town to the server"
$JSON "$T/towns.json" "len(j['features']) == 24" || ogc_fail "24 towns expected"
get "/collections/units/items?level=town&parent_code=620422&limit=100"
expect 200 "j['numberMatched'] == 24" "all(f['properties']['level'] == 'town' for f in j['features'])"
get "/collections/units/items?name=x%27%20OR%20%271%27=%271"
expect 200 "j['numberMatched'] == 0"

# ---- CRS: CRS84 by default, EPSG:4490 by reference in its lat/lon order -----
step "EPSG:4490's official axis order is latitude first (projinfo)"
projinfo EPSG:4490 -o WKT2_2019 >"$T/projinfo" 2>/dev/null || fail "projinfo failed"
grep -A1 'AXIS\["geodetic latitude' "$T/projinfo" >"$T/axis" || fail "no latitude axis"
grep -q 'ORDER\[1\]' "$T/axis" || fail "EPSG:4490 does not list latitude first"

step "crs=EPSG:4490: Content-Crs and every position swapped; GDAL places them right"
get "/collections/units/items?limit=40&bbox=104.64,35.55,105.23,36.0"
expect 200
[ "$(header Content-Crs)" = "<$CRS84>" ] || ogc_fail "Content-Crs $(header Content-Crs)"
expect_type application/geo+json
cp "$T/body" "$T/crs84.json"
get "/collections/units/items?limit=40&bbox=104.64,35.55,105.23,36.0&crs=$CRS4490"
expect 200
[ "$(header Content-Crs)" = "<$CRS4490>" ] || ogc_fail "Content-Crs $(header Content-Crs)"
cp "$T/body" "$T/crs4490.json"
$CHECK swapped "$T/crs84.json" "$T/crs4490.json" || ogc_fail "4490 is not the lat/lon of CRS84"
# GDAL 3.6's GeoJSON reader takes x first whatever the CRS: swapping what
# it read (EPSG:4490 order) must give what ogr2ogr got from the service.
ogr2ogr -f GeoJSON -lco SIGNIFICANT_FIGURES=17 "$T/swapped.json" "$T/crs4490.json" \
    -dialect SQLite -sql "SELECT SwapCoords(geometry) AS geometry, code FROM crs4490" 2>"$T/err" ||
    { cat "$T/err"; ogc_fail "ogr2ogr SwapCoords failed"; }
ogr2ogr -f GeoJSON -lco SIGNIFICANT_FIGURES=17 "$T/gdal84.json" "$OAPIF" units \
    -spat 104.64 35.55 105.23 36.0 2>"$T/err" || ogc_fail "ogr2ogr CRS84 failed"
$CHECK same "$T/swapped.json" "$T/gdal84.json" || ogc_fail "EPSG:4490 coordinates misplaced"

step "bbox-crs=EPSG:4490 takes lat,lon and selects the same units"
IDS84=$(python3 -c 'import json, sys; print(" ".join(sorted(f["id"] for f in json.load(open(sys.argv[1]))["features"])))' "$T/crs84.json")
get "/collections/units/items?limit=100&bbox=35.55,104.64,36.0,105.23&bbox-crs=$CRS4490"
expect 200 "' '.join(sorted(f['id'] for f in j['features'])) == '$IDS84'" "j['numberMatched'] > 3"

step "one feature, in both CRSs"
get "/collections/units/items/620422100"
expect 200 "j['type'] == 'Feature'" "j['id'] == '620422100'" "j['properties']['name'] == '会师镇'" \
    "j['geometry']['type'] == 'MultiPolygon'" "104 < j['geometry']['coordinates'][0][0][0][0] < 106" \
    "{l['rel'] for l in j['links']} >= {'self', 'alternate', 'collection'}"
expect_type application/geo+json
get "/collections/units/items/620422100?crs=$CRS4490"
expect 200 "35 < j['geometry']['coordinates'][0][0][0][0] < 37"
get "/collections/units/items/620422100200"
expect 200 "j['geometry'] is None" "j['properties']['level'] == 'village'"

# ---- the documents a client starts from -----------------------------------
step "landing page links, conformance classes, OpenAPI document"
get "/"
expect 200 "{l['rel'] for l in j['links']} >= {'self', 'alternate', 'service-desc', 'conformance', 'data'}" \
    "all(l['href'].startswith('$BASE/ogc') for l in j['links'])"
expect_type application/json
get ""
expect 200 "j['title']"
get "/conformance"
expect 200 "set(j['conformsTo']) == {'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/' + c for c in ('core', 'geojson', 'html', 'oas30')} | {'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs'}"
get "/api"
expect 200 "j['openapi'].startswith('3.0')" "j['servers'][0]['url'] == '$BASE/ogc'" \
    "'/collections/units/items' in j['paths']" "'/collections/units/items/{featureId}' in j['paths']" \
    "{p.get('name') for p in j['paths']['/collections/units/items']['get']['parameters']} >= {'level', 'name', 'code'}" \
    "all(v['get']['responses']['200']['description'] for v in j['paths'].values())"
expect_type application/vnd.oai.openapi+json
get "/collections"
expect 200 "[c['id'] for c in j['collections']] == ['units', 'places', 'streets', 'doorplates', 'boundary-lines', 'markers']" \
    "j['collections'][0]['storageCrs'] == '$CRS4490'" \
    "set(j['collections'][0]['crs']) == {'$CRS84', '$CRS4490'}" \
    "[round(v, 3) for v in j['collections'][0]['extent']['spatial']['bbox'][0]] == [104.495, 35.413, 105.522, 36.436]" \
    "j['collections'][0]['extent']['temporal']['interval'][0][1] is None"
get "/collections/units"
expect 200 "j['id'] == 'units'" "j['itemType'] == 'feature'" \
    "[l for l in j['links'] if l['rel'] == 'items' and l['type'] == 'application/geo+json']"

# ---- datetime: the units' validity ------------------------------------------
step "datetime: a unit retired in the future is in before and out after"
TODAY=$(date -u -d '+8 hours' +%F)
LATER=$(date -u -d '+8 hours +10 days' +%F)
MUCH_LATER=$(date -u -d '+8 hours +20 days' +%F)
curl -s -o "$T/body" -X PATCH -H "Authorization: Bearer $ADMIN" \
    -d "{\"valid_to\":\"$LATER\"}" "$BASE/api/v1/units/620422100200" >/dev/null
get "/collections/units/items?datetime=$TODAY&limit=1"
expect 200 "j['numberMatched'] == $UNITS"
get "/collections/units/items?datetime=$MUCH_LATER&limit=1"
expect 200 "j['numberMatched'] == $UNITS - 1"
get "/collections/units/items?datetime=${MUCH_LATER}T10:00:00Z/..&limit=1"
expect 200 "j['numberMatched'] == $UNITS - 1"
# a date-time is the date it is in China (UTC+8), the unit of valid_to
EVE=$(date -u -d '+8 hours +9 days' +%F)
get "/collections/units/items?datetime=${EVE}T15:30:00Z&limit=1"
expect 200 "j['numberMatched'] == $UNITS"
get "/collections/units/items?datetime=${EVE}T16:30:00Z&limit=1"
expect 200 "j['numberMatched'] == $UNITS - 1"
get "/collections/units/items?datetime=${EVE}T23:59:59%2B08:00&limit=1"
expect 200 "j['numberMatched'] == $UNITS"
get "/collections/units/items?datetime=../2000-01-01&limit=1"
expect 200 "j['numberMatched'] == 0"
get "/collections/units/items?datetime=${TODAY}/${MUCH_LATER}&limit=1"
expect 200 "j['numberMatched'] == $UNITS"

# ---- refusals -------------------------------------------------------------------
step "bad parameters are 400 with stable codes; unknown resources 404"
for q in 'bbox=1,2,3' 'bbox=a,b,c,d' 'bbox=105,36,106,35' 'bbox=100,-95,106,35' 'bbox=1,2,3,4,5' \
    'bbox=170,30,-170,40'; do
    get "/collections/units/items?$q"
    expect_error 400 bad_bbox
done
for q in 'limit=0' 'limit=-1' 'limit=abc' 'limit=1.5' 'limit='; do
    get "/collections/units/items?$q"
    expect_error 400 bad_limit
done
get "/collections/units/items?limit=100000"
expect 200 "j['numberReturned'] == $UNITS"
get "/collections/units/items?offset=-3"
expect_error 400 bad_offset
for q in 'crs=EPSG:3857' "crs=http://www.opengis.net/def/crs/EPSG/0/4326" 'bbox-crs=foo&bbox=1,2,3,4'; do
    get "/collections/units/items?$q"
    expect_error 400 bad_crs
done
for q in 'datetime=2020-13-01' 'datetime=2020-02-30' 'datetime=2021-01-01/2020-01-01' \
    'datetime=2020-01-01T25:00:00Z' 'datetime=yesterday' 'datetime=..'; do
    get "/collections/units/items?$q"
    expect_error 400 bad_datetime
done
get "/collections/units/items?foo=1"
expect_error 400 unknown_parameter
get "/collections/units/items/620422100?bbox=1,2,3,4"
expect_error 400 unknown_parameter
get "/collections?f=xml"
expect_error 400 bad_format
get "/collections/inspections"
expect_error 404 collection_not_found
get "/collections/inspections/items"
expect_error 404 collection_not_found
get "/collections/units/items/620422999"
expect_error 404 feature_not_found
STATUS=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$BASE/ogc/collections")
[ "$STATUS" = 405 ] || ogc_fail "POST /ogc/collections gave $STATUS"

# ---- HTML when a browser asks ----------------------------------------------------
step "HTML pages for a browser's Accept and for f=html, with working links"
BROWSER='Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
for path in / /conformance /api /collections /collections/units \
    '/collections/units/items?limit=5' /collections/units/items/620422100; do
    get "$path" -H "$BROWSER"
    [ "$STATUS" = 200 ] || ogc_fail "$path as HTML: $STATUS"
    expect_type text/html
    $CHECK links "$T/body" >"$T/hrefs" || ogc_fail "$path: the page's tags do not balance"
    [ -s "$T/hrefs" ] || ogc_fail "$path: no links"
done
get '/collections/units/items?limit=5&f=html'
expect_type text/html
grep -q '会师镇\|甘肃省' "$T/body" || ogc_fail "the items page shows no unit"
$CHECK links "$T/body" >"$T/hrefs" || ogc_fail "the items page's tags do not balance"
grep -q 'items?limit=5&offset=5&f=html' "$T/hrefs" || ogc_fail "no next link"
grep -q 'items/62?f=html' "$T/hrefs" || ogc_fail "no link to a feature page"
NEXT=$(grep 'offset=5&f=html' "$T/hrefs" | head -n 1)
STATUS=$(curl -s -o "$T/body" -w '%{http_code}' "$NEXT")
[ "$STATUS" = 200 ] && grep -q '620422' "$T/body" || ogc_fail "the next page link does not work"
get '/collections/units/items?f=json' -H "$BROWSER"
expect_type application/geo+json
get '/collections' -H 'Accept: application/json'
expect_type application/json

step "HEAD answers like GET without a body"
STATUS=$(curl -s -I -o "$T/headers" -w '%{http_code}' "$BASE/ogc/collections")
[ "$STATUS" = 200 ] || ogc_fail "HEAD gave $STATUS"

# ---- stop ----------------------------------------------------------------------------
step "SIGTERM stops the server; no sanitizer report"
stop_server
if grep -qE 'ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:' "$T/serve.log"; then
    tail -n 40 "$T/serve.log" >&2
    fail "sanitizer report in the server's log"
fi
echo "test_ogc: all checks passed"
