#!/usr/bin/env bash
# bench-provision.sh: what scripts/provision-cross.sh costs, cold and cached.
# A benchmark, not a test: it prints wall times.
#
#   scripts/bench-provision.sh            QEMU cold, then everything cached
#   BENCH_FALLBACK=1 scripts/bench-provision.sh
#                                         also the Debian fallback toolchain, cold
#                                         (2-4 minutes; needs root for apt-get)
#
# Cold runs use an empty cache of their own (XDG_CACHE_HOME in a temporary
# directory), so the machine's own cache is left alone; the fallback is linked
# under a toolchain name of its own and unlinked afterwards. The rustup route
# (`rustup target add`) cannot be timed cold without removing the machine's
# targets, so it is not measured here; provision-cross.sh logs its time.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
script=$repo/scripts/provision-cross.sh
work=$(mktemp -d)
tc=tutor-cross-bench-$$
cleanup() {
    rustup toolchain uninstall "$tc" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

secs() { # secs CMD...: wall time of CMD in seconds (its output to a log)
    local s e
    s=$(date +%s%N)
    "$@" >"$work/log" 2>&1 || { cat "$work/log" >&2; echo "bench-provision: '$*' failed" >&2; exit 1; }
    e=$(date +%s%N)
    awk -v d=$((e - s)) 'BEGIN { printf "%.1f s", d / 1e9 }'
}

echo "provision-cross.sh on $(nproc) cores (load $(cut -d' ' -f1-3 /proc/loadavg)):"
# QEMU from an empty cache; PATH without a qemu-system-arm, so it is extracted.
cold_qemu() {
    env -u TUTOR_QEMU XDG_CACHE_HOME="$work/cache-qemu" PATH=/usr/bin:/bin \
        bash "$script" --no-targets
}
printf '  %-44s %s\n' "QEMU, cold (download + extract)" "$(secs cold_qemu)"
printf '  %-44s %s\n' "QEMU, cached" "$(secs cold_qemu)"
printf '  %-44s %s\n' "targets + QEMU, cached (the CI step)" \
    "$(secs env TUTOR_CROSS_FALLBACK_WASI=1 bash "$script")"
if [ "${BENCH_FALLBACK:-0}" = 1 ]; then
    fallback() {
        XDG_CACHE_HOME="$work/cache-fb" TUTOR_CROSS_TOOLCHAIN=$tc TUTOR_CROSS_FALLBACK_WASI=1 \
            bash "$script" --no-qemu --force-fallback
    }
    printf '  %-44s %s\n' "fallback toolchain + wasip1, cold" "$(secs fallback)"
    printf '  %-44s %s\n' "fallback toolchain + wasip1, cached" "$(secs fallback)"
fi
