#!/usr/bin/env bash
# Integration test of export/import round trips for every kind: a registry
# A with units, places, streets and village groups, doorplates, boundary
# lines and markers is exported in every format a kind has (geojson, csv,
# shp; places, of mixed geometry, have no shapefile), and each format is
# imported into an empty registry.  The empty registry must then hold the
# same records: every kind's CSV export (all properties, every digit of
# the coordinates) equal to A's, line for line.  Importing A's own files
# back into A changes nothing.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"

step() { echo "-- $*"; }
KINDS="units places streets doorplates boundary-lines markers"
formats() { [ "$1" = places ] && echo "geojson csv" || echo "geojson csv shp"; }

A=$T/a.db
step "registry A: units, places, streets, groups, doorplates, lines, markers"
demo_db "$A"
"$DIMING" --db "$A" places import "$DIMING_DATA/places/demo_huining.geojson" >/dev/null 2>&1 ||
    fail "demo places"
"$DIMING" --db "$A" synth doorplates --count 300 --seed 9 --out "$T/synth" >/dev/null ||
    fail "synth doorplates"
expect_status 0 "$DIMING" --db "$A" import streets "$T/synth/streets.csv"
expect_status 0 "$DIMING" --db "$A" import doorplates "$T/synth/doorplates.csv" --survey
expect_status 0 "$DIMING" --db "$A" boundaries derive --level township
expect_status 0 "$DIMING" --db "$A" synth markers --seed 3 --spacing-m 5000
for k in $KINDS; do
    n=$(sqlite3 "$A" "SELECT count(*) FROM $(case $k in
        units) echo units ;; places) echo places ;; streets) echo "places WHERE category = '0801'" ;;
        doorplates) echo plates ;; boundary-lines) echo boundary_lines ;; markers) echo markers ;;
        esac)")
    [ "$n" -gt 0 ] || fail "registry A has no $k"
done

step "export every kind in every format"
mkdir -p "$T/a" "$T/shp"
for k in $KINDS; do
    for f in $(formats "$k"); do
        out=$T/a/$k.$f
        [ "$f" = shp ] && out=$T/shp/$k.shp
        expect_status 0 "$DIMING" --db "$A" export "$k" --format "$f" --out "$out"
    done
done
# The village groups are numbering axes of no collection: the synthetic
# register's group rows bring them (their places come with the places).
{ head -1 "$T/synth/streets.csv"; grep ',group,' "$T/synth/streets.csv"; } >"$T/groups.csv"

# file KIND FORMAT: the file of A's export of KIND in FORMAT.
file() { [ "$2" = shp ] && echo "$T/shp/$1.shp" || echo "$T/a/$1.$2"; }

# load DB FORMAT: imports A's files of FORMAT into the new registry DB (units:
# the CSV, then their polygons from the format's file; places: GeoJSON for a
# shapefile, which cannot hold them).
load() {
    local db=$1 f=$2
    expect_status 0 "$DIMING" --db "$db" init
    expect_status 0 "$DIMING" --db "$db" import units "$(file units csv)"
    local uf=$f; [ "$f" = csv ] && uf=geojson
    expect_status 0 "$DIMING" --db "$db" import unit-boundaries "$(file units "$uf")"
    local pf=$f; [ "$f" = shp ] && pf=geojson
    expect_status 0 "$DIMING" --db "$db" places import "$(file places "$pf")"
    expect_status 0 "$DIMING" --db "$db" import streets "$(file streets "$f")"
    expect_status 0 "$DIMING" --db "$db" import streets "$T/groups.csv"
    expect_status 0 "$DIMING" --db "$db" import doorplates "$(file doorplates "$f")" --survey
    expect_status 0 "$DIMING" --db "$db" boundaries import "$(file boundary-lines "$f")" --kind lines
    expect_status 0 "$DIMING" --db "$db" boundaries import "$(file markers "$f")" --kind markers
}

for f in csv geojson shp; do
    step "$f: imported into an empty registry, every kind's records are A's"
    B=$T/b-$f.db
    load "$B" "$f"
    for k in $KINDS; do
        expect_status 0 "$DIMING" --db "$B" export "$k" --format csv --out "$T/b-$f-$k.csv"
        diff "$T/a/$k.csv" "$T/b-$f-$k.csv" >"$T/diff" ||
            fail "$f round trip: $k differ: $(head -c 2000 "$T/diff")"
    done
    # the units' polygons (a shapefile turns outer rings clockwise)
    expect_status 0 "$DIMING" --db "$B" export units --format geojson --out "$T/b-$f-units.geojson"
    python3 "$HERE/ogc_check.py" same "$(file units geojson)" "$T/b-$f-units.geojson" ||
        fail "$f round trip: the units' polygons differ"
done

step "every file imported back into A changes nothing"
sum() { sqlite3 "$A" "SELECT count(*) FROM audit_log; SELECT * FROM places ORDER BY id;
                      SELECT * FROM plates ORDER BY id; SELECT * FROM numbering_axes ORDER BY 1;
                      SELECT * FROM boundary_lines ORDER BY id; SELECT * FROM markers ORDER BY id;
                      SELECT * FROM marker_refs ORDER BY 1, 2" | sha256sum; }
BEFORE=$(sum)
for f in csv geojson shp; do
    expect_status 0 "$DIMING" --db "$A" import streets "$(file streets "$f")"
    expect_status 0 "$DIMING" --db "$A" import doorplates "$(file doorplates "$f")" --survey
    grep -q "inserted 0, updated 0" "$T/out" || fail "$f doorplates: $(cat "$T/out")"
    expect_status 0 "$DIMING" --db "$A" boundaries import "$(file boundary-lines "$f")" --kind lines
    grep -q "inserted 0, updated 0" "$T/out" || fail "$f lines: $(cat "$T/out")"
    expect_status 0 "$DIMING" --db "$A" boundaries import "$(file markers "$f")" --kind markers
    grep -q "inserted 0, updated 0" "$T/out" || fail "$f markers: $(cat "$T/out")"
done
expect_status 0 "$DIMING" --db "$A" import units "$(file units shp)"
grep -q "inserted 0, updated 0" "$T/out" || fail "units shapefile: $(cat "$T/out")"
expect_status 0 "$DIMING" --db "$A" import unit-boundaries "$(file units shp)"
grep -q "inserted 0, updated 0, unchanged [1-9]" "$T/out" ||
    fail "unit-boundaries shapefile: $(cat "$T/out")"
[ "$(sum)" = "$BEFORE" ] || fail "re-importing A's own exports changed A"

step "GeoJSON rows: a doorplate that is not a point is refused by row, nothing written"
python3 - "$(file doorplates geojson)" "$T/line.geojson" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
p = d["features"][1]["geometry"]["coordinates"]
d["features"][1]["geometry"] = {"type": "LineString", "coordinates": [p, [p[0] + 1e-4, p[1]]]}
json.dump(d, open(sys.argv[2], "w"))
EOF
expect_status 1 "$DIMING" --db "$A" import doorplates "$T/line.geojson" --survey
grep -q 'line 3: column lon: rule bad_coordinate: ' "$T/err" ||
    fail "a LineString doorplate: $(cat "$T/err")"

step "a changed record comes back as an update (the round trip can fail)"
cp "$A" "$T/copy.db"
sed 's/,intact,/,faded,/' "$(file markers csv)" >"$T/faded.csv"
expect_status 0 "$DIMING" --db "$T/copy.db" boundaries import "$T/faded.csv" --kind markers
grep -q "updated [1-9]" "$T/out" || fail "a changed marker: $(cat "$T/out")"
step "shapefiles: .cpg code pages, .prj CRSs, --map on DBF fields, refusals"
command -v ogr2ogr >/dev/null || fail "ogr2ogr (gdal-bin) is not installed"
G=$T/g
mkdir -p "$G/noprj"
DP=$(file doorplates shp)
NDP=$(sqlite3 "$A" "SELECT count(*) FROM plates")
ogr2ogr -f "ESRI Shapefile" -lco ENCODING=CP936 "$G/gbk.shp" "$DP" || fail "ogr2ogr GBK"
[ "$(cat "$G/gbk.cpg")" = CP936 ] || fail "GDAL's .cpg: $(cat "$G/gbk.cpg")"
expect_status 0 "$DIMING" --db "$A" import doorplates "$G/gbk.shp" --survey
grep -q "^read $NDP, inserted 0, updated 0, unchanged $NDP, rejected 0, warnings 0" "$T/out" ||
    fail "GBK DBF (.cpg CP936): $(cat "$T/out" "$T/err")"
cp "$G/gbk.shp" "$G/gbk.shx" "$G/gbk.dbf" "$G/noprj/"
expect_status 1 "$DIMING" --db "$A" import doorplates "$G/noprj/gbk.shp" --survey
grep -q "line 1: rule missing_prj: " "$T/err" || fail "no .prj: $(cat "$T/err")"
expect_status 0 "$DIMING" --db "$A" import doorplates "$G/noprj/gbk.shp" --survey --crs EPSG:4490
grep -q "warning: the DBF text is not UTF-8: read as GB18030" "$T/err" ||
    fail "GBK without .cpg: $(cat "$T/err")"
grep -q "unchanged $NDP, rejected 0" "$T/out" || fail "GBK without .cpg: $(cat "$T/out")"
ogr2ogr -f "ESRI Shapefile" -lco ENCODING=UTF-8 -t_srs EPSG:4544 "$G/gk.shp" "$DP" ||
    fail "ogr2ogr EPSG:4544"
grep -q '^PROJCS\["CGCS2000_3_Degree_GK_CM_105E"' "$G/gk.prj" || fail "GDAL's ESRI .prj"
expect_status 0 "$DIMING" --db "$A" import doorplates "$G/gk.shp" --survey
grep -q "unchanged $NDP, rejected 0" "$T/out" || fail "EPSG:4544 .prj: $(cat "$T/out")"
expect_status 1 "$DIMING" --db "$A" import doorplates "$G/gk.shp" --crs EPSG:4490
grep -q "rule crs_conflict: --crs EPSG:4490 contradicts the .prj (EPSG:4544)" "$T/err" ||
    fail "crs conflict: $(cat "$T/err")"
ogr2ogr -f "ESRI Shapefile" -lco ENCODING=UTF-8 -t_srs EPSG:3857 "$G/merc.shp" "$DP" ||
    fail "ogr2ogr EPSG:3857"
expect_status 1 "$DIMING" --db "$A" import doorplates "$G/merc.shp"
grep -q "rule unknown_prj: .*Pseudo-Mercator is not EPSG:4490" "$T/err" ||
    fail "unknown .prj: $(cat "$T/err")"
expect_status 1 "$DIMING" --db "$A" import doorplates "$(file boundary-lines shp)"
grep -q "rule wrong_geometry_type" "$T/err" || fail "lines as doorplates: $(cat "$T/err")"
ogr2ogr -f "ESRI Shapefile" -lco ENCODING=UTF-8 \
    -sql "SELECT code AS dm, name AS mc, level, parent_cod FROM units" "$G/mapped.shp" \
    "$(file units shp)" || fail "ogr2ogr -sql"
printf 'column,source\ncode,dm\nname,mc\n' >"$G/map.csv"
expect_status 0 "$DIMING" --db "$A" import units "$G/mapped.shp" --map "$G/map.csv"
grep -q "inserted 0, updated 0, unchanged [1-9]" "$T/out" || fail "--map: $(cat "$T/out")"
mkdir -p "$G/unoprj"
cp "$G/mapped.shp" "$G/mapped.shx" "$G/mapped.dbf" "$G/unoprj/"
expect_status 1 "$DIMING" --db "$A" import units "$G/unoprj/mapped.shp" --map "$G/map.csv"
grep -q "line 1: rule missing_prj: " "$T/err" || fail "units without .prj: $(cat "$T/err")"
expect_status 0 "$DIMING" --db "$A" import units "$G/unoprj/mapped.shp" --map "$G/map.csv" \
    --crs EPSG:4490 --encoding utf-8
grep -q "inserted 0, updated 0, unchanged [1-9]" "$T/out" || fail "units --crs: $(cat "$T/out")"
[ "$(sum)" = "$BEFORE" ] || fail "the shapefile imports changed A"
echo "test_roundtrip: all checks passed"
