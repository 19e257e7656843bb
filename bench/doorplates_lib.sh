# Shared by the doorplate benchmarks (sourced): the release build and the
# county's 134,704 synthetic doorplates in a fresh registry.
#   bench_doorplates_db DIR  -> DIR/dp.db and DIR/synth/*.csv; prints the
#                               time of each step of the build
bench_doorplates_db() {
    local dir=$1 t
    ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
    t=$(date +%s%N)
    "$diming" --db "$dir/dp.db" init >/dev/null
    "$diming" --db "$dir/dp.db" import units "$root/data/huining/admin_units.csv" >/dev/null
    "$diming" --db "$dir/dp.db" import unit-boundaries "$root/data/huining/townships.geojson" \
        --crs gcj02 >/dev/null 2>&1
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
