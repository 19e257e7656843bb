# Debian 12 packages diming needs; sourced by scripts/demo and scripts/test.
# diming_build_packages: compilers and libraries to build and run diming.
# diming_test_packages: real clients the tests drive (zbar, GDAL, PROJ, curl, wrk,
# Chromium for the web console's browser tests, CJK fonts for its screenshots).
diming_build_packages="build-essential cmake pkg-config libspatialite-dev libsqlite3-dev \
libproj-dev proj-data libgeos-dev libqrencode-dev libpng-dev libmicrohttpd-dev libjansson-dev \
libicu-dev nettle-dev zlib1g-dev libcmocka-dev"
diming_test_packages="curl zbar-tools gdal-bin proj-bin librsvg2-bin libxml2-utils wrk sqlite3 python3 \
chromium chromium-driver fonts-noto-cjk"
# diming_bench_packages: what bench/import drives besides diming (GDAL's
# ogr2ogr as the baseline, sqlite3 to count rows, GNU time for peak RSS).
diming_bench_packages="gdal-bin sqlite3 time curl python3"

# diming_install PACKAGES...: installs the Debian packages that are missing.
# As root it runs apt-get; otherwise it prints the exact apt-get line and fails.
diming_install() {
    local missing=()
    local p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
            || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -eq 0 ]; then
        echo "diming: installing ${missing[*]}" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"
    else
        echo "diming: missing Debian packages; run as root:" >&2
        echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
        return 1
    fi
}
