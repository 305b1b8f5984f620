#!/usr/bin/env bash
# bench-phases.sh: what entering each phase costs a learner the first time:
# the cold build of the phase package's dependencies and its first exercise,
# in a target directory of its own. A benchmark, not a test.
#
#   scripts/bench-phases.sh [PACKAGE...]     (default: every package under exercises/)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
packages=("$@")
if [ ${#packages[@]} -eq 0 ]; then
    for d in exercises/*/; do
        [ -f "$d/Cargo.toml" ] && packages+=("$(basename "$d")")
    done
fi
echo "first entry into each package, cold ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)):"
printf '  %-24s %8s  %s\n' package seconds "what cargo built"
for p in "${packages[@]}"; do
    manifest=exercises/$p/Cargo.toml
    name=$(sed -n 's/^name = "\(.*\)"/\1/p' "$manifest" | head -1)
    # The first exercise of the package, built the way the tutor builds it.
    first=$(python3 -c 'import sys, tomllib
for e in tomllib.load(open("info.toml", "rb"))["exercises"]:
    if e["path"].startswith(sys.argv[1] + "/"):
        print(e["name"]); break' "exercises/$p")
    args=(test --no-run)
    [ -n "$(grep -l 'crate-type = \["cdylib' "$manifest" 2>/dev/null)" ] && args=(build --lib --target wasm32-unknown-unknown --profile wasm)
    grep -q 'thumbv7m\|cortex-m-rt' "$manifest" && args=(build --target thumbv7m-none-eabi)
    if grep -q '^\[workspace\]' "$manifest"; then sel=(--manifest-path "$manifest"); else sel=(-p "$name"); fi
    # Only a `[[bin]]` of that name is selected (a library exercise builds the lib and its tests).
    if [ -n "$first" ] && python3 -c 'import sys, tomllib
bins = tomllib.load(open(sys.argv[1], "rb")).get("bin", [])
sys.exit(0 if any(b.get("name") == sys.argv[2] for b in bins) else 1)' "$manifest" "$first"; then
        sel+=(--bin "$first")
    fi
    s=$(date +%s%N)
    status=ok
    cargo "${args[@]}" "${sel[@]}" --target-dir "$work/$p" --message-format json \
        >"$work/$p.json" 2>"$work/$p.err" || status=failed
    e=$(date +%s%N)
    units=$(grep -c '"reason":"compiler-artifact"' "$work/$p.json" || true)
    printf '  %-24s %8.1f  %s crates' "$p" "$(awk -v n=$((e - s)) 'BEGIN {print n / 1e9}')" "$units"
    if [ $status = failed ]; then
        # Shipped exercises may not compile; the dependencies are built all the same.
        printf ' (cargo failed: %s)' "$(grep -m1 '^error' "$work/$p.err" | cut -c1-60)"
    fi
    echo
    rm -rf "${work:?}/$p"
done
