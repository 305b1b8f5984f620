#!/usr/bin/env bash
# bench-perf-gates.sh: how much margin each perf gate of the course has. For
# every exercise with a `perf` check it runs the check RUNS times with the
# solution in place (and once as shipped) and prints what the gate measured:
# min / median / max of the ratio against the baseline, or of the size and
# allocation figures. A benchmark, not a test.
#
#   scripts/bench-perf-gates.sh [RUNS]      (default 5)
set -euo pipefail
RUNS=${1:-5}
repo=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release -q --manifest-path "$repo/Cargo.toml"
TUTOR=$repo/target/release/tutor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$repo" && git ls-files -z | xargs -0 -I{} cp --parents {} "$work/")
cd "$work"
unset CARGO_TARGET_DIR

names=$(python3 -c 'import tomllib
for e in tomllib.load(open("info.toml", "rb"))["exercises"]:
    if any(c.get("kind") == "perf" for c in [e] + e.get("checks", [])):
        print(e["name"], e["path"], " ".join(e.get("files", [])))')

# The figure a passing or failing perf check reports, from `tutor run`.
figure() {
    "$TUTOR" run "$1" 2>&1 | grep -oE '[0-9.]+× (faster than the baseline|the baseline.s speed)|[0-9,]+ allocations, [0-9,]+ bytes|[0-9.]+ [KMG]?i?B against a [0-9.]+ [KMG]?i?B baseline \([0-9]+% of it' | head -1 || true
}
ratio() { grep -oE '^[0-9.]+×' <<<"$1" | tr -d '×' || true; }
stats() { sort -g | awk '{a[NR]=$1} END {if (NR) printf "%s / %s / %s", a[1], a[int((NR+1)/2)], a[NR]}'; }

echo "perf gates ($RUNS runs with the solution; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)):"
while read -r name path files; do
    shipped=$(figure "$name")
    for f in $path $files; do cp "solutions/${f#exercises/}" "$f"; done
    vals=()
    for _ in $(seq "$RUNS"); do
        got=$(figure "$name")
        r=$(ratio "$got")
        vals+=("${r:-$got}")
    done
    if [ -n "$(ratio "$got")" ]; then
        summary="ratio min/median/max $(printf '%s\n' "${vals[@]}" | stats)"
    else
        summary="solution: $(printf '%s\n' "${vals[@]}" | sort -u | paste -sd '|')"
    fi
    gate=$(python3 -c 'import sys, tomllib
e = [e for e in tomllib.load(open("info.toml", "rb"))["exercises"] if e["name"] == sys.argv[1]][0]
c = [c for c in [e] + e.get("checks", []) if c.get("kind") == "perf"][0]
print(", ".join(f"{k} = {c[k]}" for k in ("measure", "min_ratio", "max_blocks", "max_bytes", "max_fraction") if k in c))' "$name")
    printf '  %-18s %-38s %s   (as shipped: %s)\n' "$name" "$gate" "$summary" "${shipped:-no figure: it fails earlier}"
done <<<"$names"
