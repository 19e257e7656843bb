#!/usr/bin/env bash
# Integration test of `diming import KIND FILE` against the bad inputs of
# issue 6, each reported by row (line or feature, column, rule) with nothing
# written: a GBK file read as UTF-8, a truncated file (mid-row, mid quoted
# field), a missing column, quoted fields with newlines (accepted, and the
# line numbers after them right), duplicate codes in one file, GeoJSON with
# a wrong geometry type, coordinates outside the county and swapped (lat,
# lon).  Then the rejects file round trip (fix the bad row, import it
# again) and idempotent re-import for doorplates, places and markers, the
# aliases of the older commands, and progress on a terminal.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
step() { echo "-- $*"; }

DB=$T/bad.db
demo_db "$DB"
"$DIMING" --db "$DB" synth doorplates --count 40 --seed 5 --problems 0 --out "$T/s" >/dev/null ||
    fail "synth"
expect_status 0 "$DIMING" --db "$DB" import streets "$T/s/streets.csv"
PLATES=$T/s/doorplates.csv

# db_state: a checksum of the whole registry (schema and every row).
db_state() { sqlite3 "$DB" .dump | sha256sum | cut -d' ' -f1; }
count() { sqlite3 "$DB" "$1"; }

# refused LOCUS COLUMN RULE KIND FILE [OPTIONS...]: the import exits 1,
# its report has "LOCUS: column COLUMN: rule RULE:" (COLUMN - for none),
# and the registry is exactly as before.
refused() {
    local locus=$1 column=$2 rule=$3
    shift 3
    local before pat
    before=$(db_state)
    expect_status 1 "$DIMING" --db "$DB" import "$@"
    pat="$locus:"
    [ "$column" = - ] || pat="$pat column $column:"
    pat="$pat rule $rule:"
    grep -qF "$pat" "$T/err" || { cat "$T/err" >&2; fail "import $*: no '$pat' in the report"; }
    [ "$(db_state)" = "$before" ] || fail "import $*: a refused import wrote something"
}

# imports KIND FILE SUMMARY [OPTIONS...]: the import exits 0 and its
# summary line has SUMMARY.
imports() {
    local kind=$1 file=$2 summary=$3
    shift 3
    expect_status 0 "$DIMING" --db "$DB" import "$kind" "$file" "$@"
    grep -q "$summary" "$T/out" || fail "import $kind $file: $(cat "$T/out" "$T/err")"
}

# unchanged KIND FILE N: importing FILE again changes none of its N rows
# and writes no audit entry.
unchanged() {
    local audit
    audit=$(count "SELECT count(*) FROM audit_log")
    imports "$1" "$2" "read $3, inserted 0, updated 0, unchanged $3, rejected 0"
    [ "$(count "SELECT count(*) FROM audit_log")" = "$audit" ] || fail "re-import of $2 audited"
}

# csv_edit IN OUT PYTHON: rewrites a CSV row by row; PYTHON edits rows (a
# list of lists, the header first).
csv_edit() {
    python3 - "$1" "$2" "$3" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
exec(sys.argv[3])
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    csv.writer(f, lineterminator="\n").writerows(rows)
EOF
}

# A door row followed by a door row (no building hangs on it): its line.
DOOR=$(python3 - "$PLATES" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
k = rows[0].index("kind")
print(next(i + 1 for i in range(1, len(rows) - 1)
           if rows[i][k] == "door" and rows[i + 1][k] == "door"))
EOF
)

step "a GBK file read as UTF-8 by mistake"
iconv -f UTF-8 -t GBK "$PLATES" >"$T/gbk.csv"
refused "line 2" - bad_csv doorplates "$T/gbk.csv" --encoding utf-8
[ "$(grep -c 'rule bad_csv' "$T/err")" = 40 ] || fail "every GBK row is reported: $(cat "$T/err")"
grep -q "not valid UTF-8" "$T/err" || fail "the reason names the encoding"
expect_status 0 "$DIMING" --db "$DB" import doorplates "$T/gbk.csv" --dry-run
grep -q "read as GB18030" "$T/err" && grep -q "dry run: read 40, inserted 40" "$T/out" ||
    fail "GBK detected: $(cat "$T/out" "$T/err")"
expect_status 0 "$DIMING" --db "$DB" import doorplates "$T/gbk.csv" --dry-run --encoding gbk
pass "GBK read as UTF-8 refused row by row; detected or named, it reads"

step "truncated files"
{ head -n 11 "$PLATES"; sed -n 12p "$PLATES" | cut -c1-40 | tr -d '\n'; } >"$T/cut.csv"
refused "line 12" - field_count doorplates "$T/cut.csv"
printf 'name,category,description,lon,lat\n南山,0301,"山在城南",105.05,35.69\n北山,0301,"山在城北，\n高' \
    >"$T/cut-quote.csv"
refused "line 3" - bad_csv places "$T/cut-quote.csv"
grep -q "unterminated quoted field" "$T/err" || fail "cut in quotes: $(cat "$T/err")"
pass "a file cut mid-row or mid quoted field is refused at its last line"

step "a missing required column"
csv_edit "$PLATES" "$T/nolat.csv" 'k = rows[0].index("lat"); rows = [r[:k] + r[k+1:] for r in rows]'
refused "line 1" lat missing_column doorplates "$T/nolat.csv"
printf 'id,x\n6204226208001Q,105.40\n' >"$T/nocol-markers.csv"
refused "line 1" y missing_column markers "$T/nocol-markers.csv"
pass "a missing column refuses the file and names the column"

step "quoted fields with newlines"
cat >"$T/multi.csv" <<'EOF'
name,category,description,lon,lat
南山,0301,"山在城南，
海拔约 2000 米，
多松柏",105.05,35.69
北山,0301,"两行
说明",105.06,35.70
EOF
imports places "$T/multi.csv" "dry run: read 2, inserted 2" --dry-run
# the same with 北山's lon and lat swapped and a row far away after it
csv_edit "$T/multi.csv" "$T/multi-bad.csv" "
rows[2][3], rows[2][4] = rows[2][4], rows[2][3]
rows.append(['西山', '0301', '西边的山', '116.39', '39.91'])"
refused "line 5" lon swapped_coordinates places "$T/multi-bad.csv"
grep -qF "line 7: column lon: rule outside_county:" "$T/err" || fail "line after: $(cat "$T/err")"
grep -q "probably swapped (lat, lon)" "$T/err" || fail "swap reason: $(cat "$T/err")"
pass "newlines inside quotes are accepted; the lines after them are numbered right"

step "duplicate codes inside one file"
csv_edit "$PLATES" "$T/dup.csv" 'rows[4][0] = rows[2][0]'
refused "line 5" code duplicate_in_file doorplates "$T/dup.csv"
grep -q "first on line 3" "$T/err" || fail "duplicate names the first: $(cat "$T/err")"
cat >"$T/county.geojson" <<'EOF'
{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"number":"6204226208",
 "left_code":"620422","right_code":"620826","right_name":"静宁县","last_joint_check":"2019-05-20"},
 "geometry":{"type":"LineString","coordinates":[[105.40,35.50],[105.45,35.52],[105.50,35.53]]}}]}
EOF
expect_status 0 "$DIMING" --db "$DB" import boundary-lines "$T/county.geojson"
printf 'id,x,y,material\n6204226208001Q,105.40,35.50,花岗岩\n6204226208001Q,105.45,35.52,花岗岩\n' \
    >"$T/dup-markers.csv"
refused "line 3" id duplicate_in_file markers "$T/dup-markers.csv"
pass "a code twice in one file is refused at its second line"

step "GeoJSON with a wrong geometry type"
cat >"$T/poly-markers.geojson" <<'EOF'
{"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"id":"6204226208001Q"},"geometry":{"type":"Point","coordinates":[105.40,35.50]}},
 {"type":"Feature","properties":{"id":"6204226208002Q"},"geometry":{"type":"Polygon",
  "coordinates":[[[105.45,35.52],[105.46,35.52],[105.46,35.53],[105.45,35.52]]]}}]}
EOF
refused "feature 2" geometry geometry_not_point markers "$T/poly-markers.geojson"
cat >"$T/point-line.geojson" <<'EOF'
{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"number":"6204226211",
 "left_code":"620422","right_code":"621121"},"geometry":{"type":"Point","coordinates":[105.30,35.45]}}]}
EOF
refused "feature 1" geometry geometry_not_lineal boundary-lines "$T/point-line.geojson"
pass "a Polygon marker and a Point boundary line are refused"

step "coordinates swapped (lat, lon) and outside the county"
csv_edit "$PLATES" "$T/swap.csv" "
i = $DOOR - 1; lo, la = rows[0].index('lon'), rows[0].index('lat')
rows[i][lo], rows[i][la] = rows[i][la], rows[i][lo]"
refused "line $DOOR" lon swapped_coordinates doorplates "$T/swap.csv"
grep -q "probably swapped (lat, lon)" "$T/err" || fail "swap reason: $(cat "$T/err")"
# markers in EPSG:4544 metres, northing and easting exchanged
printf 'id,x,y\n6204226208001Q,3929120.50,536310.25\n' >"$T/swap-markers.csv"
refused "line 2" x swapped_coordinates markers "$T/swap-markers.csv" --crs EPSG:4544
printf 'name,kind,unit_code,wkt\n北京路,street,620422100,"LINESTRING(116.39 39.91, 116.40 39.91)"\n' \
    >"$T/far-street.csv"
refused "line 2" wkt outside_county streets "$T/far-street.csv"
pass "swapped and far coordinates are refused by row, by every kind"

step "rejects round trip and idempotent re-import: doorplates"
audit0=$(count "SELECT count(*) FROM audit_log")
imports doorplates "$T/swap.csv" "read 40, inserted 39, updated 0, unchanged 0, rejected 1" \
    --rejects "$T/rej.csv"
[ "$(count 'SELECT count(*) FROM plates')" = 39 ] || fail "good plates written"
python3 - "$T/rej.csv" "$DOOR" <<'EOF' || fail "rejects file: $(cat "$T/rej.csv")"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
assert rows[0][-3:] == ["_line", "_rule", "_reason"], rows[0]
assert len(rows) == 2 and rows[1][-3] == sys.argv[2] and rows[1][-2] == "swapped_coordinates", rows
EOF
csv_edit "$T/rej.csv" "$T/fixed.csv" "
lo, la = rows[0].index('lon'), rows[0].index('lat')
rows[1][lo], rows[1][la] = rows[1][la], rows[1][lo]"
imports doorplates "$T/fixed.csv" "read 1, inserted 1, updated 0, unchanged 0, rejected 0"
[ "$(count "SELECT count(*) FROM audit_log")" -gt "$audit0" ] || fail "the import is audited"
unchanged doorplates "$PLATES" 40
pass "doorplates: rejects fixed and imported, all in; the same file again changes nothing"

step "rejects round trip and idempotent re-import: places"
imports places "$T/multi-bad.csv" "read 3, inserted 1, updated 0, unchanged 0, rejected 2" \
    --rejects "$T/prej.csv"
csv_edit "$T/prej.csv" "$T/pfixed.csv" "
lo, la = rows[0].index('lon'), rows[0].index('lat')
rows[1][lo], rows[1][la] = rows[1][la], rows[1][lo]
rows[2][lo], rows[2][la] = '105.10', '35.80'"
imports places "$T/pfixed.csv" "read 2, inserted 2, updated 0, unchanged 0, rejected 0"
python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1]))); [x.__delitem__(slice(-3,None)) for x in r]; csv.writer(open(sys.argv[2],"w"),lineterminator="\n").writerows(r)' \
    "$T/pfixed.csv" "$T/pall.csv"
sed -n '1,4p' "$T/multi.csv" | tail -n +2 >>"$T/pall.csv"
unchanged places "$T/pall.csv" 3
pass "places: rejects fixed and imported, all in; the same rows again change nothing"

step "rejects round trip and idempotent re-import: markers"
printf 'id,x,y,material\n6204226208001Q,105.40,35.50,花岗岩\n6204226208002Q,35.52,105.45,花岗岩\n6204226208003Q,105.50,35.53,水泥\n' \
    >"$T/markers.csv"
imports markers "$T/markers.csv" "read 3, inserted 2, updated 0, unchanged 0, rejected 1" \
    --rejects "$T/mrej.csv"
grep -q swapped_coordinates "$T/mrej.csv" || fail "markers rejects: $(cat "$T/mrej.csv")"
csv_edit "$T/mrej.csv" "$T/mfixed.csv" "rows[1][1], rows[1][2] = rows[1][2], rows[1][1]"
imports markers "$T/mfixed.csv" "read 1, inserted 1, updated 0, unchanged 0, rejected 0"
[ "$(count 'SELECT count(*) FROM markers')" = 3 ] || fail "three markers"
csv_edit "$T/markers.csv" "$T/mall.csv" "rows[2][1], rows[2][2] = rows[2][2], rows[2][1]"
unchanged markers "$T/mall.csv" 3
pass "markers: rejects fixed and imported, all in; the same file again changes nothing"

step "the older commands are aliases of import; --map and --encoding for every CSV"
expect_status 0 "$DIMING" --db "$DB" boundaries import "$T/mall.csv"
grep -q "unchanged 3" "$T/out" || fail "boundaries import guesses markers: $(cat "$T/out")"
expect_status 0 "$DIMING" --db "$DB" boundaries import "$T/mall.csv" --kind markers --dry-run
expect_status 0 "$DIMING" --db "$DB" places import "$T/pall.csv" --dry-run --encoding utf-8
grep -q "unchanged 3" "$T/out" || fail "places import alias: $(cat "$T/out")"
expect_status 2 "$DIMING" --db "$DB" import boundaries "$T/mall.csv"
expect_status 2 "$DIMING" --db "$DB" import units "$T/mall.csv" --survey
expect_status 2 "$DIMING" --db "$DB" import nonsense "$T/mall.csv"
printf 'column,source\nid,界桩编号\nx,横坐标\ny,纵坐标\n' >"$T/map.csv"
csv_edit "$T/mall.csv" "$T/mapped.csv" "rows[0][0:3] = ['界桩编号', '横坐标', '纵坐标']"
iconv -f UTF-8 -t GB18030 "$T/mapped.csv" >"$T/mapped-gbk.csv"
imports markers "$T/mapped-gbk.csv" "read 3, inserted 0, updated 0, unchanged 3" \
    --map "$T/map.csv" --encoding gb18030
pass "aliases, --map and --encoding"

step "progress on a terminal"
if command -v script >/dev/null; then
    UNITS=$DIMING_DATA/huining/admin_units.csv
    script -qec "\"$DIMING\" --db \"$DB\" import units \"$UNITS\" --dry-run" /dev/null \
        >"$T/tty.out" 2>&1 || true
    grep -q "rows/s" "$T/tty.out" && grep -q "dry run: read 353" "$T/tty.out" ||
        fail "no progress on a terminal: $(head -c 2000 "$T/tty.out")"
    expect_status 0 "$DIMING" --db "$DB" import units "$UNITS" --dry-run
    ! grep -q "rows/s" "$T/err" || fail "progress drawn on a file"
    pass "rows per second on a terminal only, and the summary"
fi
