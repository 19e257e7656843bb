# Configure and build diming; sourced by scripts/demo and scripts/test.
# diming_build DIR [CMAKE ARGS...]: configures into DIR (once) and builds.
diming_build() {
    local dir=$1
    shift
    cmake -S "$DIMING_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null \
        || return 1
    cmake --build "$dir" -j"$(nproc)" -- --no-print-directory
}
