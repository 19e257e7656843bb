#!/usr/bin/env bash
# Integration test of the register of place names over HTTP: a registry of
# 会宁县 with the demo place names (diming places import), a server on a free
# port, and curl through search, autocomplete, the rule check, the whole
# naming procedure, names as of a date, announcements (JSON and HTML),
# overdue filings, and every bad input of the issue (each a 4xx with a
# stable code, nothing written).
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
CHECK="python3 $HERE/api_check.py"

step() { echo "-- $*"; }

api_fail() {
    if [ -f "$T/body" ]; then
        echo "--- last response:" >&2
        head -c 3000 "$T/body" >&2 || true
        echo >&2
    fi
    [ -f "$T/serve.log" ] && tail -n 20 "$T/serve.log" >&2
    fail "$*"
}

# places_checksum DB: every row of the place tables, the audit log and the
# revision counter.
places_checksum() {
    sqlite3 "$1" "SELECT id,code,name,specific,generic,pinyin,status,category,hex(geom),
                         approval_date,filed_on,announced_on,valid_from,valid_to FROM places ORDER BY id;
                  SELECT * FROM place_names ORDER BY id; SELECT * FROM place_units ORDER BY 1,2;
                  SELECT * FROM place_events ORDER BY id; SELECT * FROM place_documents ORDER BY id;
                  SELECT * FROM place_acks ORDER BY id; SELECT count(*) FROM audit_log;
                  SELECT value FROM meta WHERE key = 'places_revision';" | sha256sum | cut -d' ' -f1
}

# ---- a registry of 会宁县 with the demo names ----------------------------------
DB=$T/places.db
demo_db "$DB"
"$DIMING" --db "$DB" places import "$DIMING_DATA/places/demo_units.csv" >"$T/imp1.out" 2>"$T/imp1.err" ||
    { cat "$T/imp1.err"; fail "importing the demo units as places"; }
grep -q 'inserted 353' "$T/imp1.out" || fail "demo units: $(cat "$T/imp1.out")"
grep -q 'N1:n1_rare_char:窵' "$T/imp1.err" || fail "the import did not report 窵 (N1)"
grep -q 'n3_duplicate' "$T/imp1.err" || fail "the import did not report the two 李家湾 (N3)"
"$DIMING" --db "$DB" places import "$DIMING_DATA/places/demo_huining.geojson" >"$T/imp2.out" 2>&1 ||
    { cat "$T/imp2.out"; fail "importing the demo streets"; }
"$DIMING" --db "$DB" places import "$DIMING_DATA/places/demo_huining.geojson" >"$T/imp3.out" 2>&1
grep -q 'inserted 0,' "$T/imp3.out" || fail "re-import changed something: $(cat "$T/imp3.out")"
STAFF=$("$DIMING" --db "$DB" token create --name clerk --role staff)
AUTH=(-H "Authorization: Bearer $STAFF" -H 'Content-Type: application/json')

start_server "$DB"
step "serving on $BASE"

# req METHOD PATH [curl args...]: STATUS, body in $T/body, headers in $T/headers.
req() {
    local method=$1 path=$2
    shift 2
    STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' -X "$method" "$@" \
        "$BASE$path") || true
}
expect() {
    local want=$1
    shift
    [ "$STATUS" = "$want" ] || api_fail "expected status $want, got $STATUS"
    grep -qi '^content-type: application/json; charset=utf-8' "$T/headers" || api_fail "not JSON"
    $CHECK json "$T/body" "$@" || api_fail "body check"
}
expect_error() {
    local want=$1 code=$2
    expect "$want" "j['error']['code'] == '$code'" "j['error']['message_zh'] != ''" \
        "j['error']['message_en'] != ''"
}
get() { $CHECK get "$T/body" "$1"; }
url() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

# ---- search and autocomplete ------------------------------------------------------
step "search: Chinese prefix and substring, pinyin, initials, former names"
req GET "/api/v1/places?q=$(url 会师南)"
expect 200 "[p['name'] for p in j['places']][0] == '会师南路'" "j['places'][0]['match'] == 'prefix'"
req GET "/api/v1/places?q=$(url 南路)"
expect 200 "'会师南路' in [p['name'] for p in j['places']]" \
    "all(p['match'] == 'substring' for p in j['places'])"
req GET '/api/v1/places?q=huishinanlu'
expect 200 "j['places'][0]['name'] == '会师南路'" "j['places'][0]['match'] == 'pinyin'" \
    "j['places'][0]['pinyin'] == 'Huishi Nanlu'"
req GET "/api/v1/places?q=$(url 'huishi nanlu')"
expect 200 "j['places'][0]['name'] == '会师南路'"
req GET '/api/v1/places?q=hsnl'
expect 200 "j['places'][0]['name'] == '会师南路'"
req GET "/api/v1/places?q=$(url 南大街)"
expect 200 "j['places'][0]['name'] == '会师南路'" "j['places'][0]['match'] == 'former'" \
    "j['places'][0]['matched_name'] == '南大街'"
req GET "/api/v1/places?category=0801&unit=620422100&limit=5"
expect 200 "len(j['places']) == 5" "j['total'] >= 15" "j['next_cursor']"
CURSOR=$(get "j['next_cursor']")
req GET "/api/v1/places?category=0801&unit=620422100&limit=5&cursor=$CURSOR"
expect 200 "len(j['places']) == 5"
req GET '/api/v1/places?near=105.0536,35.6912,100&category=1101'
expect 200 "j['places'][0]['name'] == '会师楼'" "j['places'][0]['distance_m'] < 1"
req GET '/api/v1/places?bbox=105.07,35.70,105.08,35.71&category=0301'
expect 200 "[p['name'] for p in j['places']] == ['桃花山']"
req GET "/api/v1/places?category=$(url 陆地水系)"
expect 200 "sorted(p['name'] for p in j['places']) == sorted(['祖厉河', '厉河', '祖河'])"
req GET '/api/v1/places?status=lost'
expect_error 400 bad_status
req GET '/api/v1/places?bbox=1,2,3'
expect_error 400 bad_parameter
req GET '/api/v1/places?cursor=nonsense'
expect_error 400 bad_cursor

step "autocomplete: 10 suggestions, ranked"
req GET "/api/v1/autocomplete?q=$(url 会)"
expect 200 "len(j['suggestions']) == 10" "j['suggestions'][0]['match'] in ('exact', 'prefix')"
req GET '/api/v1/autocomplete?q=hs'
expect 200 "any(s['name'] == '会师镇' for s in j['suggestions'])"
req GET '/api/v1/autocomplete?q='
expect_error 400 bad_query

# ---- the rule check ------------------------------------------------------------------
step "check: findings for candidates, nothing written"
SUM0=$(places_checksum "$DB")
req GET "/api/v1/places/check?name=$(url 汇师南路)&category=0801&unit=620422100"
expect 200 "j['pinyin'] == 'Huishi Nanlu'" "j['errors'] == []" \
    "[w['code'] for w in j['warnings']] == ['n3_homophone']"
req GET "/api/v1/places/check?name=$(url 会师南路)&category=0801&unit=620422100"
expect 200 "[e['code'] for e in j['errors']] == ['n3_duplicate']"
req GET "/api/v1/places/check?name=$(url 会师南路)&category=0801&unit=620422101"
expect 200 "j['errors'] == [] and j['warnings'] == []"
req GET "/api/v1/places/check?name=$(url 窵岔村)&category=0502&unit=620422100"
expect 200 "'n1_rare_char' in [e['code'] for e in j['errors']]"
req GET "/api/v1/places/check?name=$(url 万达路)&category=0801"
expect 200 "j['errors'][0]['code'] == 'n2_listed_word'" "j['errors'][0]['acknowledgeable'] is True"
req GET "/api/v1/places/check?name=$(url 会师村)&category=$(url 交通运输设施/街路巷)"
expect 200 "j['errors'][0]['code'] == 'n4_generic_mismatch'"
req GET "/api/v1/places/check?name=$(url 会师南路)&category=0899"
expect_error 400 unknown_category
[ "$(places_checksum "$DB")" = "$SUM0" ] || fail "check wrote something"

# ---- bad input: 4xx with a stable code, nothing written --------------------------------
step "bad input is refused and writes nothing"
LINE='{"type":"LineString","coordinates":[[105.0445,35.6955],[105.0600,35.6958]]}'
post_bad() {
    local want=$1 code=$2 body=$3
    req POST /api/v1/places "${AUTH[@]}" -d "$body"
    expect_error "$want" "$code"
}
SUM0=$(places_checksum "$DB")
post_bad 400 unknown_category '{"name":"文昌北路","category":"0899","geometry":'"$LINE"'}'
post_bad 400 specific_empty '{"specific":"","generic":"路","category":"0801","geometry":'"$LINE"'}'
post_bad 400 specific_empty '{"name":"路","category":"0801","geometry":'"$LINE"'}'
post_bad 400 name_too_long '{"name":"会宁一二三四五六七八九十甲乙丙丁戊己庚辛路","category":"0801","geometry":'"$LINE"'}'
post_bad 400 geometry_invalid '{"name":"会宁广场","category":"0807","geometry":{"type":"Polygon","coordinates":[[[105.04,35.68],[105.06,35.70],[105.06,35.68],[105.04,35.70],[105.04,35.68]]]}}'
post_bad 400 bad_geometry '{"name":"文昌北路","category":"0801","geometry":{"type":"LineString","coordinates":[[105.04,35.68]]}}'
post_bad 400 geometry_kind '{"name":"文昌北路","category":"0801","geometry":{"type":"Point","coordinates":[105.05,35.69]}}'
post_bad 422 outside_county '{"name":"文昌北路","category":"0801","geometry":{"type":"LineString","coordinates":[[116.39,39.91],[116.40,39.91]]}}'
post_bad 400 unknown_field '{"name":"文昌北路","category":"0801","colour":"blue"}'
post_bad 400 bad_field_type '{"name":5,"category":"0801"}'
post_bad 400 bad_status '{"name":"文昌北路","category":"0801","geometry":'"$LINE"',"status":"approved"}'
req POST /api/v1/places -H 'Content-Type: application/json' -d '{"name":"文昌北路","category":"0801"}'
expect_error 401 unauthorized
[ "$(places_checksum "$DB")" = "$SUM0" ] || fail "a refused request wrote something"

# ---- the naming procedure ----------------------------------------------------------------
step "create a draft (GCJ-02 input converted), read it, change it"
GCJ=$(python3 - <<'EOF'
import math
a = 6378245.0; ee = 0.00669342162296594323
def t(x, y, lat):
    r = (20*math.sin(6*x*math.pi) + 20*math.sin(2*x*math.pi))*2/3
    if lat:
        r += -100 + 2*x + 3*y + 0.2*y*y + 0.1*x*y + 0.2*math.sqrt(abs(x))
        r += (20*math.sin(y*math.pi) + 40*math.sin(y/3*math.pi))*2/3
        r += (160*math.sin(y/12*math.pi) + 320*math.sin(y*math.pi/30))*2/3
    else:
        r += 300 + x + 2*y + 0.1*x*x + 0.1*x*y + 0.1*math.sqrt(abs(x))
        r += (20*math.sin(x*math.pi) + 40*math.sin(x/3*math.pi))*2/3
        r += (150*math.sin(x/12*math.pi) + 300*math.sin(x/30*math.pi))*2/3
    return r
def enc(lon, lat):
    dlat = t(lon-105, lat-35, 1); dlon = t(lon-105, lat-35, 0)
    rl = lat/180*math.pi; m = 1 - ee*math.sin(rl)**2; sm = math.sqrt(m)
    return (lon + dlon*180/(a/sm*math.cos(rl)*math.pi), lat + dlat*180/((a*(1-ee))/(m*sm)*math.pi))
p = [enc(105.0445, 35.6955), enc(105.0600, 35.6958)]
print('{"type":"LineString","coordinates":[[%.7f,%.7f],[%.7f,%.7f]]}' % (p[0] + p[1]))
EOF
)
BODY='{"name":"文昌北路","category":"0801","geometry":'"$GCJ"',"location":"西起文昌路，东至枝阳路","meaning":"在文昌路北"}'
req POST '/api/v1/places?crs=gcj02' "${AUTH[@]}" -d "$BODY"
expect 201 "j['status'] == 'draft'" "j['pinyin'] == 'Wenchang Beilu'" "j['generic'] == '北路'" \
    "j['units'][0]['code'] == '620422100'" "abs(j['geometry']['coordinates'][0][0] - 105.0445) < 1e-6" \
    "'findings' in j"
ID=$(get "j['id']")
grep -qi "^location: .*/api/v1/places/$ID" "$T/headers" || api_fail "no Location"
req GET "/api/v1/places/$ID"
expect 200 "j['name'] == '文昌北路'" "j['category']['subclass'] == '街路巷'"
req PATCH "/api/v1/places/$ID" "${AUTH[@]}" -d '{"origin":"2024年新建","pinyin_override":"wén chāng běi lù"}'
expect 200 "j['origin'] == '2024年新建'" "j['pinyin_override'] == 'wén chāng běi lù'"

step "transitions out of order are refused with the allowed ones (409)"
SUM0=$(places_checksum "$DB")
for action in review approve file announce rename cancel; do
    req POST "/api/v1/places/$ID/transitions" "${AUTH[@]}" -d '{"action":"'$action'","authority":"县政府"}'
    expect 409 "j['error']['code'] == 'transition_not_allowed'" "j['error']['allowed'] == ['propose']"
done
req POST "/api/v1/places/$ID/transitions" "${AUTH[@]}" -d '{"action":"bless"}'
expect_error 400 bad_action
[ "$(places_checksum "$DB")" = "$SUM0" ] || fail "a refused transition wrote something"

step "propose, review, approve (documents and acknowledgements), file, announce"
req POST "/api/v1/places/$ID/transitions" "${AUTH[@]}" -d '{"action":"propose"}'
expect 200 "j['status'] == 'proposed'"
DOCS='[{"kind":"evaluation","reference":"会民发〔2024〕3号"},{"kind":"expert_review","reference":"专家论证纪要","date":"2024-03-01"}]'
req POST "/api/v1/places/$ID/transitions" "${AUTH[@]}" -d '{"action":"review","documents":'"$DOCS"'}'
expect 200 "j['status'] == 'under_review'" "len(j['documents']) == 2"
req POST "/api/v1/places/$ID/transitions" "${AUTH[@]}" -d '{"action":"approve","authority":"会宁县人民政府","date":"2024-03-10"}'
expect 422 "j['error']['code'] == 'documents_missing'" "j['error']['missing'] == ['consultation']"
req POST "/api/v1/places/$ID/transitions" "${AUTH[@]}" \
    -d '{"action":"review","documents":[{"kind":"consultation","reference":"https://example.gov.cn/zqyj/1"}]}'
expect 200 "len(j['documents']) == 3"
SUM0=$(places_checksum "$DB")
req POST "/api/v1/places/$ID/transitions" "${AUTH[@]}" -d '{"action":"approve","authority":"会宁县人民政府","date":"2024-02-30"}'
expect_error 400 bad_date
req POST "/api/v1/places/$ID/transitions" "${AUTH[@]}" -d '{"action":"approve","authority":"会宁县人民政府","date":"10/03/2024"}'
expect_error 400 bad_date
req POST "/api/v1/places/$ID/transitions" "${AUTH[@]}" -d '{"action":"approve","date":"2024-03-10"}'
expect_error 400 authority_missing
[ "$(places_checksum "$DB")" = "$SUM0" ] || fail "a refused approval wrote something"
req POST "/api/v1/places/$ID/transitions" "${AUTH[@]}" -d '{"action":"approve","authority":"会宁县人民政府","date":"2024-03-10"}'
expect 200 "j['status'] == 'approved'" "j['approval_date'] == '2024-03-10'" \
    "j['names'][0]['kind'] == 'current'"

step "overdue: approved more than 15 days ago, neither filed nor announced"
req GET /api/v1/places/overdue
expect 200 "j['deadline_days'] == 15" \
    "any(p['id'] == $ID and p['missing'] == ['file', 'announce'] and p['due'] == '2024-03-25' for p in j['places'])"

step "the announcement: JSON with the six fields, a printable HTML page"
req GET "/api/v1/places/$ID/announcement"
expect 200 "j['places'][0]['name'] == '文昌北路'" "j['places'][0]['pinyin'] == 'Wenchang Beilu'" \
    "j['places'][0]['area'] == '甘肃省白银市会宁县会师镇'" "j['places'][0]['location'] == '西起文昌路，东至枝阳路'" \
    "j['places'][0]['authority'] == '会宁县人民政府'" "j['places'][0]['approval_date'] == '2024-03-10'"
req GET "/api/v1/places/$ID/announcement?format=html"
[ "$STATUS" = 200 ] || api_fail "announcement page: $STATUS"
grep -qi '^content-type: text/html; charset=utf-8' "$T/headers" || api_fail "announcement is not HTML"
grep -q '文昌北路' "$T/body" && grep -q 'Wenchang Beilu' "$T/body" && grep -q 'size: A4' "$T/body" ||
    api_fail "announcement page content"
if grep -qiE '<script|<link|src=|https?://' "$T/body"; then api_fail "external resources in the page"; fi
if command -v xmllint >/dev/null; then
    xmllint --html --noout "$T/body" 2>"$T/lint" || true
    if grep -q 'error' "$T/lint"; then cat "$T/lint" >&2; api_fail "the page is not well-formed HTML"; fi
fi
req GET '/api/v1/places/announcement?ids=1'
expect 200 "j['places'][0]['name'] == '甘肃省'"
req GET "/api/v1/places/announcement?ids=$ID,1&format=html"
[ "$STATUS" = 200 ] && grep -q '甘肃省' "$T/body" || api_fail "batch announcement"
req GET '/api/v1/places/announcement?ids=1,x'
expect_error 400 bad_ids

req POST "/api/v1/places/$ID/transitions" "${AUTH[@]}" -d '{"action":"file","date":"2024-03-09"}'
expect_error 422 date_order
req POST "/api/v1/places/$ID/transitions" "${AUTH[@]}" -d '{"action":"file","date":"2024-03-20"}'
expect 200 "j['status'] == 'filed'" "j['filed_on'] == '2024-03-20'"
req POST "/api/v1/places/$ID/transitions" "${AUTH[@]}" -d '{"action":"announce","date":"2024-03-21"}'
expect 200 "j['status'] == 'in_use'"
req GET /api/v1/places/overdue
expect 200 "all(p['id'] != $ID for p in j['places'])"

step "rename (old name kept as former), as_of, history"
ALL3='[{"kind":"evaluation","reference":"a"},{"kind":"expert_review","reference":"b"},{"kind":"consultation","reference":"c"}]'
req POST "/api/v1/places/$ID/transitions" "${AUTH[@]}" \
    -d '{"action":"rename","name":"文昌东路","authority":"会宁县人民政府","date":"2025-01-01","documents":'"$ALL3"'}'
expect 200 "j['name'] == '文昌东路'" "j['status'] == 'approved'" \
    "[n['name'] for n in j['names'] if n['kind'] == 'former'] == ['文昌北路']"
req GET "/api/v1/places/$ID?as_of=2024-06-01"
expect 200 "j['name'] == '文昌北路'" "j['pinyin'] == 'Wenchang Beilu'" "j['current_name'] == '文昌东路'"
req GET "/api/v1/places/$ID?as_of=2025-01-01"
expect 200 "j['name'] == '文昌东路'"
req GET "/api/v1/places/$ID?as_of=2024-03-01"
expect_error 404 no_name_on_date
req GET "/api/v1/places/$ID?as_of=2024-3-1"
expect_error 400 bad_date
req GET "/api/v1/places?q=$(url 文昌北)"
expect 200 "j['places'][0]['id'] == $ID" "j['places'][0]['match'] == 'former'"
req GET "/api/v1/places/$ID/history"
expect 200 "[e['action'] for e in j['events']] == ['create', 'update', 'propose', 'review', 'review', 'approve', 'file', 'announce', 'rename']" \
    "all(e['actor'] == 'clerk' for e in j['events'])" "j['events'][5]['from'] == 'under_review'"

step "protected names (N8): renaming needs a protection plan"
PROT=$(sqlite3 "$DB" "SELECT id FROM places WHERE name = '东关街'")
req POST "/api/v1/places/$PROT/transitions" "${AUTH[@]}" \
    -d '{"action":"rename","name":"东城街","authority":"会宁县人民政府","date":"2025-01-01","documents":'"$ALL3"'}'
expect_error 422 protection_plan_required

step "streets for the doorplate register"
req GET '/api/v1/streets?unit=620422100'
expect 200 "len(j['streets']) >= 15" "'会师南路' in [s['name'] for s in j['streets']]"
req GET /api/v1/places/categories
expect 200 "len(j['categories']) > 40" "'路' in [c for k in j['categories'] if k['code'] == '0801' for c in k['generics']]"

step "unknown ids"
req GET /api/v1/places/999999
expect_error 404 place_not_found
req GET /api/v1/places/abc
expect_error 400 bad_id

step "CLI: check and announce"
expect_status 1 "$DIMING" --db "$DB" places check 会师南路 --category 0801 --unit 620422100
grep -q 'n3_duplicate' "$T/out" || fail "places check did not report the duplicate"
expect_status 0 "$DIMING" --db "$DB" places check 文昌南路 --category 0801 --unit 620422100
expect_status 0 "$DIMING" --db "$DB" places announce "$ID" 1 --out "$T/announce.html"
grep -q '文昌东路' "$T/announce.html" || fail "CLI announcement"

step "CLI: an import with a bad row: all or nothing, or the good rows and a rejects file"
printf 'name,category,lon,lat\n红柳湾,0702,105.05,35.69\n北山,0301,116.39,39.91\n' >"$T/two.csv"
SUM0=$(places_checksum "$DB")
expect_status 1 "$DIMING" --db "$DB" places import "$T/two.csv"
grep -q 'outside_county' "$T/err" || fail "the import did not name the refused row's rule"
[ "$(places_checksum "$DB")" = "$SUM0" ] || fail "a refused import wrote something"
expect_status 0 "$DIMING" --db "$DB" places import "$T/two.csv" --rejects "$T/rejects.csv"
grep -q 'inserted 1,.*rejected 1' "$T/out" || fail "rejects: $(cat "$T/out")"
grep -q '^北山,0301,116.39,39.91,3,outside_county,' "$T/rejects.csv" ||
    fail "rejects file: $(cat "$T/rejects.csv")"

stop_server
if grep -qE 'ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:' "$T/serve.log"; then
    cat "$T/serve.log" >&2
    fail "sanitizer report in the server's log"
fi
echo "test_places: all checks passed"
