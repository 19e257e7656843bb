#!/usr/bin/env bash
# Browser tests of the web console: a registry of 会宁县 served by diming
# with the console, driven by Debian's Chromium through playwright-core
# (tests/e2e/run.mjs).  Screenshots at phone and desktop widths go to
# $DIMING_ARTIFACTS/web.  Fails (never skips) when Chromium, node or
# playwright-core is missing: scripts/test installs them.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
ROOT=$(cd "$HERE/../.." && pwd)
ARTIFACTS=${DIMING_ARTIFACTS:-$PWD/artifacts}/web

CHROMIUM=${DIMING_CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || fail "no Chromium at $CHROMIUM (apt-get install chromium; scripts/test does)"
command -v node >/dev/null || fail "node is missing (Debian: nodejs; scripts/test installs it)"
"$ROOT/scripts/web-deps" || fail "cannot install the npm packages (scripts/web-deps)"
[ -f "$ROOT/var/npm/node_modules/playwright-core/package.json" ] ||
    fail "playwright-core is missing from var/npm after scripts/web-deps"

# The demo registry: units and polygons, the place names (units as places,
# the county seat's demo streets and landmarks), 3,000 synthetic doorplates
# with ten D1 problems seeded, the township lines with demonstration
# markers and an open fifth round.
DB=$T/huining.db
demo_db "$DB"
"$DIMING" --db "$DB" places import "$DIMING_DATA/places/demo_units.csv" >/dev/null 2>&1 ||
    fail "importing the demo units as places"
"$DIMING" --db "$DB" places import "$DIMING_DATA/places/demo_huining.geojson" >/dev/null 2>&1 ||
    fail "importing the demo place names"
"$DIMING" --db "$DB" synth doorplates --out "$T/synth" --count 3000 --seed 7 --problems 10 \
    >/dev/null || fail "synthesising doorplates"
"$DIMING" --db "$DB" import streets "$T/synth/streets.csv" >/dev/null 2>&1 || fail "importing streets"
"$DIMING" --db "$DB" import doorplates "$T/synth/doorplates.csv" --survey >/dev/null 2>&1 ||
    fail "importing doorplates"
"$DIMING" --db "$DB" boundaries derive --level township >/dev/null || fail "deriving lines"
"$DIMING" --db "$DB" synth markers --seed 2026 >/dev/null || fail "synthesising markers"
"$DIMING" --db "$DB" synth round --seed 2026 --number 5 >/dev/null || fail "synthesising a round"
expect_status 1 "$DIMING" --db "$DB" serve --listen 127.0.0.1:0 --web "$T/no-such-dir"
grep -q 'web console: cannot open the directory' "$T/err" || fail "no reason for a bad --web"
expect_status 2 "$DIMING" --db "$DB" serve --web "$ROOT/web" --no-web
ADMIN=$("$DIMING" --db "$DB" token create --name admin-e2e --role admin)
STAFF=$("$DIMING" --db "$DB" token create --name staff-e2e --role staff)
INSPECTOR=$("$DIMING" --db "$DB" token create --name inspector-e2e --role inspector)
# Plates carry HTTPS URLs (D4); nothing is fetched from that host.
start_server "$DB" --web "$ROOT/web" --base-url https://dm.huining.example.cn
grep -q '^web console: [1-9][0-9]* files from ' "$T/serve.out" || fail "the console is not served"

rm -rf "$ARTIFACTS"
mkdir -p "$ARTIFACTS"
rc=0
DIMING_BASE=$BASE DIMING_NPM=$ROOT/var/npm DIMING_ARTIFACTS=$ARTIFACTS DIMING_CHROMIUM=$CHROMIUM \
DIMING_TOKEN_ADMIN=$ADMIN DIMING_TOKEN_STAFF=$STAFF DIMING_TOKEN_INSPECTOR=$INSPECTOR \
    node "$ROOT/tests/e2e/run.mjs" || rc=$?
if [ "$rc" != 0 ]; then
    echo "--- server log (tail):" >&2
    tail -n 30 "$T/serve.log" >&2
    fail "browser tests failed (screenshots in $ARTIFACTS)"
fi
stop_server
if grep -qE 'ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:' "$T/serve.log"; then
    tail -n 40 "$T/serve.log" >&2
    fail "sanitizer report in the server's log"
fi
pass "web console in Chromium (screenshots in $ARTIFACTS)"
