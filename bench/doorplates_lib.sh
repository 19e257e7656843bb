# Shared by the doorplate benchmarks (sourced): the release build and the
# county's 134,704 synthetic doorplates in a fresh registry.
#   bench_units_db DB        -> a new registry DB with the county's units and
#                               township polygons
#   bench_doorplates_db DIR  -> DIR/dp.db and DIR/synth/*.csv; prints the
#                               time of each step of the build
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

bench_units_db() {
    "$diming" --db "$1" init >/dev/null
    "$diming" --db "$1" import units "$root/data/huining/admin_units.csv" >/dev/null
    "$diming" --db "$1" import unit-boundaries "$root/data/huining/townships.geojson" \
        --crs gcj02 >/dev/null 2>&1
}

bench_doorplates_db() {
    local dir=$1 t
    t=$(date +%s%N)
    bench_units_db "$dir/dp.db"
    echo "registry with units and township polygons: $(ms_since "$t") ms"
    t=$(date +%s%N)
    "$diming" --db "$dir/dp.db" synth doorplates --out "$dir/synth" >/dev/null
    echo "diming synth doorplates (134,704 plates): $(ms_since "$t") ms"
    t=$(date +%s%N)
    "$diming" --db "$dir/dp.db" import streets "$dir/synth/streets.csv" >/dev/null 2>&1
    echo "diming import streets ($(($(wc -l <"$dir/synth/streets.csv") - 1)) streets and groups): $(ms_since "$t") ms"
    t=$(date +%s%N)
    "$diming" --db "$dir/dp.db" import doorplates "$dir/synth/doorplates.csv" >/dev/null 2>&1
    echo "diming import doorplates ($(($(wc -l <"$dir/synth/doorplates.csv") - 1)) plates): $(ms_since "$t") ms"
}
