#!/usr/bin/env bash
# Integration test of `diming export`: every format read back by a real
# client (GDAL, Python's json/csv) and re-imported by diming itself, which
# must find every record unchanged and write nothing (the registry's tables,
# audit log included, keep their checksum).  A changed record must come back
# as an update, so that the round trip could fail.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
CHECK="python3 $HERE/ogc_check.py"
JSON="python3 $HERE/api_check.py json"
command -v ogr2ogr >/dev/null || fail "ogr2ogr (gdal-bin) is not installed"

step() { echo "-- $*"; }

DB=$T/huining.db
demo_db "$DB"
UNITS=$(sqlite3 "$DB" "SELECT count(*) FROM units")
POLYGONS=$(sqlite3 "$DB" "SELECT count(*) FROM units WHERE geom IS NOT NULL")
[ "$POLYGONS" -gt 20 ] && [ "$UNITS" -gt "$POLYGONS" ] || fail "demo registry: $UNITS / $POLYGONS"
export_ok() { expect_status 0 "$DIMING" --db "$DB" export units "$@"; }

step "GeoJSON: the units with a polygon, re-imported unchanged"
export_ok --format geojson --out "$T/units.geojson"
grep -q "^exported units: $POLYGONS features to .* ($((UNITS - POLYGONS)) without geometry left out)" "$T/out" ||
    fail "summary: $(cat "$T/out")"
$JSON "$T/units.geojson" "j['type'] == 'FeatureCollection'" "len(j['features']) == $POLYGONS" \
    "all(f['geometry']['type'] == 'MultiPolygon' for f in j['features'])" \
    "[f['id'] for f in j['features']] == sorted(f['id'] for f in j['features'])" \
    "set(j['features'][0]['properties']) == {'code', 'name', 'level', 'parent_code', 'valid_from', 'valid_to'}" ||
    fail "GeoJSON content"
ogrinfo -so "$T/units.geojson" units >"$T/info" 2>&1 && grep -q "Feature Count: $POLYGONS" "$T/info" ||
    fail "GDAL does not read the GeoJSON"
BEFORE=$(table_checksum "$DB")
expect_status 0 "$DIMING" --db "$DB" import unit-boundaries "$T/units.geojson"
grep -q "^read $POLYGONS, inserted 0, updated 0, unchanged $POLYGONS, rejected 0" "$T/out" ||
    fail "GeoJSON round trip: $(cat "$T/out")"
[ "$(table_checksum "$DB")" = "$BEFORE" ] || fail "the GeoJSON round trip changed the registry"

step "GeoJSON: a moved vertex comes back as an update (the round trip can fail)"
python3 - "$T/units.geojson" "$T/moved.geojson" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
ring = d["features"][0]["geometry"]["coordinates"][0][0]
ring[1] = [ring[1][0] + 1e-9, ring[1][1]]
json.dump(d, open(sys.argv[2], "w"))
EOF
cp "$DB" "$T/copy.db"
expect_status 0 "$DIMING" --db "$T/copy.db" import unit-boundaries "$T/moved.geojson"
grep -q "updated 1, unchanged $((POLYGONS - 1))" "$T/out" || fail "moved vertex: $(cat "$T/out")"

step "CSV with --bom: every unit, re-imported unchanged"
export_ok --format csv --bom --out "$T/units.csv"
grep -q "^exported units: $UNITS features to " "$T/out" || fail "summary: $(cat "$T/out")"
[ "$(head -c 3 "$T/units.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] || fail "no BOM"
python3 - "$T/units.csv" "$UNITS" <<'EOF' || fail "CSV content"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
assert len(rows) == int(sys.argv[2]), len(rows)
assert list(rows[0]) == ["code", "name", "level", "parent_code", "valid_from", "valid_to"]
assert [r["code"] for r in rows] == sorted(r["code"] for r in rows)
assert any(r["name"] == "会师镇" and r["level"] == "town" for r in rows)
EOF
expect_status 0 "$DIMING" --db "$DB" import units "$T/units.csv"
grep -q "^read $UNITS, inserted 0, updated 0, unchanged $UNITS, rejected 0" "$T/out" ||
    fail "CSV round trip: $(cat "$T/out")"
[ "$(table_checksum "$DB")" = "$BEFORE" ] || fail "the CSV round trip changed the registry"
sed 's/,会师镇,/,会师新镇,/' "$T/units.csv" >"$T/renamed.csv"
cp "$DB" "$T/copy.db"
expect_status 0 "$DIMING" --db "$T/copy.db" import units "$T/renamed.csv"
grep -q "updated 1, unchanged $((UNITS - 1))" "$T/out" || fail "renamed row: $(cat "$T/out")"
export_ok --format csv --out "$T/nobom.csv"
[ "$(head -c 4 "$T/nobom.csv")" = code ] || fail "a BOM without --bom"

step "--unit: the unit and everything under it"
export_ok --format csv --unit 620422100 --out "$T/one.csv"
WANT=$(sqlite3 "$DB" "SELECT count(*) FROM units WHERE code LIKE '620422100%'")
[ "$(tail -n +2 "$T/one.csv" | wc -l)" = "$WANT" ] || fail "--unit: $(wc -l <"$T/one.csv") lines"
[ -z "$(tail -n +2 "$T/one.csv" | grep -v '^620422100')" ] || fail "--unit let other units in"
export_ok --format geojson --unit 620422100 --out "$T/one.geojson"
$JSON "$T/one.geojson" "[f['id'] for f in j['features']] == ['620422100']" || fail "--unit GeoJSON"

step "Shapefile through SpatiaLite: GDAL reads the same features, CRS and UTF-8 names"
expect_status 1 "$DIMING" --db "$DB" export units --format shp --out "$T/shp/units.shp"
mkdir -p "$T/shp"
export_ok --format shp --out "$T/shp/units.shp"
for part in shp shx dbf prj cpg; do
    [ -s "$T/shp/units.$part" ] || fail "no units.$part"
done
ls "$T/shp" | grep -q tmp && fail "a temporary file was left behind"
[ "$(tr -d '\r\n' <"$T/shp/units.cpg")" = UTF-8 ] || fail ".cpg"
ogrinfo -so "$T/shp/units.shp" units >"$T/info" 2>&1 || fail "GDAL cannot open the shapefile"
grep -q "Feature Count: $POLYGONS" "$T/info" || fail "shapefile count: $(cat "$T/info")"
grep -q 'ID\["EPSG",4490\]' "$T/info" || fail "the .prj is not EPSG:4490"
grep -q '^parent_cod: String' "$T/info" || fail "DBF field names"
ogr2ogr -f GeoJSON -lco SIGNIFICANT_FIGURES=17 "$T/shp.geojson" "$T/shp/units.shp" 2>"$T/err" ||
    fail "ogr2ogr from the shapefile: $(cat "$T/err")"
$CHECK same "$T/units.geojson" "$T/shp.geojson" parent_code=parent_cod ||
    fail "the shapefile does not hold the GeoJSON's features"

step "--crs EPSG:4544: Gauss-Kruger metres that GDAL brings back to the same place"
export_ok --format geojson --crs EPSG:4544 --out "$T/gk.geojson"
$JSON "$T/gk.geojson" "j['crs']['properties']['name'] == 'urn:ogc:def:crs:EPSG::4544'" \
    "400000 < j['features'][0]['geometry']['coordinates'][0][0][0][0] < 600000" || fail "4544 content"
ogr2ogr -f GeoJSON -t_srs EPSG:4490 -lco SIGNIFICANT_FIGURES=17 "$T/back.geojson" "$T/gk.geojson" ||
    fail "ogr2ogr -t_srs"
DIFF=$($CHECK maxdiff "$T/units.geojson" "$T/back.geojson")
python3 -c "import sys; sys.exit(0 if float('$DIFF') < 1e-9 else 1)" || fail "4544 round trip off by $DIFF"
export_ok --format shp --crs EPSG:4544 --out "$T/shp/gk"
ogrinfo -so "$T/shp/gk.shp" gk >"$T/info" 2>&1
grep -q 'ID\["EPSG",4544\]' "$T/info" || fail "the .prj is not EPSG:4544"

step "refusals: nothing is written"
expect_status 1 "$DIMING" --db "$DB" export nope --format csv --out "$T/x.csv"
grep -q "unknown kind 'nope'; kinds: units places streets doorplates boundary-lines markers" "$T/err" ||
    fail "unknown kind message"
expect_status 1 "$DIMING" --db "$DB" export places --format shp --out "$T/x"
grep -q "cannot hold" "$T/err" || fail "mixed geometry shapefile message"
expect_status 1 "$DIMING" --db "$DB" export units --format csv --unit 62x --out "$T/x.csv"
expect_status 1 "$DIMING" --db "$DB" export units --format csv --crs gcj02 --out "$T/x.csv"
expect_status 1 "$DIMING" --db "$DB" export units --format csv --out "$T/nodir/x.csv"
[ ! -e "$T/x.csv" ] || fail "a refused export left a file"
expect_status 2 "$DIMING" --db "$DB" export units --out "$T/x.csv"
expect_status 2 "$DIMING" --db "$DB" export units --format kml --out "$T/x.kml"
expect_status 2 "$DIMING" --db "$DB" export units --format geojson --bom --out "$T/x.json"
expect_status 0 "$DIMING" --db "$DB" export --help

step "places: GeoJSON and CSV (wkt column) re-imported unchanged"
PDB=$T/places.db
demo_db "$PDB"
"$DIMING" --db "$PDB" places import "$DIMING_DATA/places/demo_huining.geojson" >/dev/null 2>&1 ||
    fail "importing the demo places"
PLACES=$(sqlite3 "$PDB" "SELECT count(*) FROM places")
[ "$PLACES" -gt 5 ] || fail "demo places: $PLACES"
places_sum() { sqlite3 "$PDB" "SELECT * FROM places ORDER BY id; SELECT * FROM place_names ORDER BY id;
                               SELECT count(*) FROM audit_log" | sha256sum; }
BEFORE=$(places_sum)
expect_status 0 "$DIMING" --db "$PDB" export places --format geojson --out "$T/places.geojson"
$JSON "$T/places.geojson" "len(j['features']) == $PLACES" \
    "len({f['geometry']['type'] for f in j['features']}) >= 2" || fail "places GeoJSON content"
expect_status 0 "$DIMING" --db "$PDB" places import "$T/places.geojson"
grep -q "inserted 0, updated 0" "$T/out" || fail "places GeoJSON round trip: $(cat "$T/out")"
expect_status 0 "$DIMING" --db "$PDB" export places --format csv --out "$T/places.csv"
head -1 "$T/places.csv" | tr -d '\r' | grep -q ',wkt$' || fail "places CSV has no wkt column"
expect_status 0 "$DIMING" --db "$PDB" places import "$T/places.csv"
grep -q "inserted 0, updated 0" "$T/out" || fail "places CSV round trip: $(cat "$T/out")"
[ "$(places_sum)" = "$BEFORE" ] || fail "the places round trips changed the registry"

step "doorplates: CSV (address column read past) re-imported unchanged"
"$DIMING" --db "$PDB" synth doorplates --count 120 --seed 5 --out "$T/synth" >/dev/null || fail "synth"
expect_status 0 "$DIMING" --db "$PDB" import streets "$T/synth/streets.csv"
expect_status 0 "$DIMING" --db "$PDB" import doorplates "$T/synth/doorplates.csv" --survey
PLATES=$(sqlite3 "$PDB" "SELECT count(*) FROM plates")
dp_sum() { sqlite3 "$PDB" "SELECT * FROM plates ORDER BY id; SELECT id, kind, axis_id, num_main,
                           num_sub, building, entrance, room, unit_code, hex(geom) FROM addresses
                           ORDER BY id; SELECT count(*) FROM audit_log" | sha256sum; }
BEFORE=$(dp_sum)
expect_status 0 "$DIMING" --db "$PDB" export doorplates --format csv --out "$T/dp.csv"
[ "$(($(wc -l <"$T/dp.csv") - 1))" = "$PLATES" ] || fail "doorplates CSV rows"
expect_status 0 "$DIMING" --db "$PDB" import doorplates "$T/dp.csv" --survey
grep -q "inserted 0, updated 0, unchanged $PLATES" "$T/out" ||
    fail "doorplates CSV round trip: $(cat "$T/out")"
[ "$(dp_sum)" = "$BEFORE" ] || fail "the doorplates round trip changed the registry"
expect_status 0 "$DIMING" --db "$PDB" export streets --format geojson --out "$T/streets.geojson"
STREETS=$(sqlite3 "$PDB" "SELECT count(*) FROM places WHERE category = '0801' AND geom IS NOT NULL")
$JSON "$T/streets.geojson" "len(j['features']) == $STREETS" \
    "all(f['geometry']['type'] in ('LineString', 'MultiLineString') for f in j['features'])" ||
    fail "streets GeoJSON content"

step "an empty registry exports empty files GDAL still opens"
expect_status 0 "$DIMING" --db "$T/empty.db" init
for f in geojson csv shp; do
    expect_status 0 "$DIMING" --db "$T/empty.db" export units --format "$f" --out "$T/empty.$f"
done
ogrinfo -so "$T/empty.geojson" units >/dev/null 2>&1 || fail "empty GeoJSON"
ogrinfo -so "$T/empty.shp" empty >"$T/info" 2>&1 && grep -q 'Feature Count: 0' "$T/info" ||
    fail "empty shapefile"
[ "$(cat "$T/empty.csv" | tr -d '\r')" = "code,name,level,parent_code,valid_from,valid_to" ] ||
    fail "empty CSV"
echo "test_export: all checks passed"
