#!/usr/bin/env bash
# bench-run.sh: how fast `tutor run` gives a verdict, against the one bare cargo
# command it wraps, and how fast `tutor list` and `tutor hint` start.
# A benchmark, not a test: it prints figures (median, min-max of N runs).
#
#   scripts/bench-run.sh [N]        (default N = 10)
#
# It builds the tutor in release mode, copies the `outcomes` fixture course to a
# temporary directory, warms it, then alternates the two commands after the same
# edit (a touch of the exercise file, so cargo rebuilds it as after a save).
set -euo pipefail
N=${1:-10}
cd "$(dirname "$0")/.."
cargo build --release -q
TUTOR=$PWD/target/release/tutor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r tests/fixtures/outcomes "$work/course"
cp -r support "$work/course/support"
cd "$work/course"
unset CARGO_TARGET_DIR
T=$PWD/target/tutor
EX=exercises/pack/tests_pass.rs

ms() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.0f ms (%d-%d)", m, a[1], a[NR]}'; }
time_cmd() { local s e; s=$(ms); "$@" >/dev/null 2>&1 || true; e=$(ms); echo $(((e - s) / 1000000)); }

# Warm: dependencies and both profiles' artifacts exist.
"$TUTOR" run tests_pass >/dev/null 2>&1 || true
cargo test -q -p pack --bin tests_pass --target-dir "$T" >/dev/null 2>&1 || true

bare=() ; tut=()
for _ in $(seq "$N"); do
    touch "$EX"; bare+=("$(time_cmd cargo test -p pack --bin tests_pass --target-dir "$T")")
    touch "$EX"; tut+=("$(time_cmd "$TUTOR" run tests_pass)")
done
b=$(printf '%s\n' "${bare[@]}" | median)
t=$(printf '%s\n' "${tut[@]}" | median)
bm=$(printf '%s\n' "${bare[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2}')
tm=$(printf '%s\n' "${tut[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2}')
echo "verdict after an edit, one-file test exercise (N=$N):"
echo "  bare cargo test -p pack --bin tests_pass   $b"
echo "  tutor run tests_pass                       $t"
awk -v t="$tm" -v b="$bm" 'BEGIN {printf "  ratio tutor/bare                           %.2fx\n", t / b}'

list=() ; hint=()
for _ in $(seq "$N"); do
    list+=("$(time_cmd "$TUTOR" list)")
    hint+=("$(time_cmd "$TUTOR" hint --all)")
done
echo "start-up (N=$N):"
echo "  tutor list                                 $(printf '%s\n' "${list[@]}" | median)"
echo "  tutor hint                                 $(printf '%s\n' "${hint[@]}" | median)"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
