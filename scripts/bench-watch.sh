#!/usr/bin/env bash
# Benchmark (not a test) of `tutor watch`, on the watch fixture course:
#
#   1. save-to-verdict latency: the time from writing the exercise file to
#      the verdict on the screen, read by polling `tmux capture-pane`;
#   2. the floor it is compared with, measured in the same run: a bare
#      `cargo test -p watch_fx --bin fx_add` after the same edit;
#   3. idle CPU and memory (RSS) of `tutor watch` once nothing happens.
#
# Each edit alternates between the shipped file (two failing tests) and the
# solution, so every save changes the file and needs a rebuild. Latencies are
# the median of RUNS edits, with the minimum and maximum.
#
# Usage: scripts/bench-watch.sh [RUNS]      (RUNS defaults to 10; needs tmux)
set -euo pipefail

runs=${1:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
# A backtrace on every failing test (~100 ms here) would weigh on both sides.
unset RUST_BACKTRACE
command -v tmux >/dev/null || { echo "bench-watch: tmux is needed (apt install tmux)" >&2; exit 2; }

echo "building tutor (release)..." >&2
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
tutor="$root/target/release/tutor"

work=$(mktemp -d)
sock="$work/tmux.sock" # in the work directory: removed with it
cleanup() {
    tmux -S "$sock" kill-server 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# Two copies of the course: the bare cargo runs must not wake the watcher.
for copy in bare watch; do
    mkdir -p "$work/$copy"
    cp -R "$root/tests/fixtures/watch/." "$work/$copy/"
    rm -rf "$work/$copy/target" "$work/$copy/.tutor"
done
exercise=exercises/watch_fx/fx_add.rs
failing=$(cat "$work/bare/$exercise")
passing=$(cat "$work/bare/solutions/watch_fx/fx_add.rs")

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" >&2

# Microseconds since the epoch (bash 5).
now() { local t=${EPOCHREALTIME/./}; echo "$t"; }

# "median min max" in milliseconds of the microsecond values on stdin.
stats() {
    sort -n | awk '{ v[NR] = $1 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.0f %.0f %.0f\n", m / 1000, v[1] / 1000, v[NR] / 1000
    }'
}

# --- tutor watch, started on its copy --------------------------------------
cd "$work/watch"
tmux -S "$sock" -f /dev/null new-session -d -s bench -x 100 -y 30 "$tutor watch --course $work/watch"
screen() { tmux -S "$sock" capture-pane -p -t bench; }
exec {pause}<> <(:) # `read -t` on it: a 2 ms pause without starting a process
wait_for() {
    local deadline=$(( $(now) + 120000000 ))
    until [[ $(screen) == *"$1"* ]]; do
        if (( $(now) > deadline )); then
            echo "bench-watch: the screen never showed '$1':" >&2
            screen >&2
            exit 1
        fi
        # Polling must not take the cores the build needs.
        read -r -t 0.002 -u "$pause" || true
    done
}
wait_for "Welcome to the watch fixtures"
tmux -S "$sock" send-keys -t bench Enter
wait_for "Phase 1/2"
tmux -S "$sock" send-keys -t bench Enter
wait_for "2 of 2 tests failed"
pid=$(cat "$work/watch/.tutor/lock")
(cd "$work/bare" && cargo test -q -p watch_fx --bin fx_add >/dev/null 2>&1) || true # first build

# --- the same edits, bare and watched, taking turns (the load of the machine
# changes; taking turns spreads it over both) ---------------------------------
# Polling the screen costs CPU too (a tmux client every few milliseconds). So
# that its share is known, the bare floor is also measured while the same
# polling runs, as the watch measurement has it.
poll_forever() {
    while :; do
        [[ $(screen) == *"never shown"* ]] || true
        read -r -t 0.002 -u "$pause" || true
    done
}
bare_run() {
    printf '%s\n' "$1" > "$work/bare/$exercise"
    local t0 t1
    t0=$(now)
    (cd "$work/bare" && cargo test -q -p watch_fx --bin fx_add >/dev/null 2>&1) || true
    t1=$(now)
    echo $(( t1 - t0 ))
}

echo "$runs edits each: bare cargo test, the same while polling, then tutor watch..." >&2
bare=()
polled=()
watch=()
for i in $(seq 1 "$runs"); do
    if (( i % 2 )); then text=$passing; expect="passes"; else text=$failing; expect="2 of 2 tests failed"; fi

    # Each measurement starts after a second of quiet (a learner does not
    # save faster; the tutor's background build of the next exercise settles).
    sleep 1
    bare+=($(bare_run "$text"))

    # The same edit again (the other content and back), with the poller on.
    if (( i % 2 )); then other=$failing; else other=$passing; fi
    (cd "$work/bare" && printf '%s\n' "$other" > "$exercise" && cargo test -q -p watch_fx --bin fx_add >/dev/null 2>&1) || true
    sleep 1
    poll_forever &
    poller=$!
    polled+=($(bare_run "$text"))
    kill "$poller"
    wait "$poller" 2>/dev/null || true

    sleep 1
    t0=$(now)
    printf '%s\n' "$text" > "$work/watch/$exercise"
    wait_for "$expect"
    t1=$(now)
    watch+=($(( t1 - t0 )))
done

# --- idle: nothing happens for 10 s -----------------------------------------
sleep 3
ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
c0=$(ticks)
sleep 10
c1=$(ticks)
rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")
threads=$(awk '/^Threads/ { print $2 }' "/proc/$pid/status")

read -r bm bmin bmax < <(printf '%s\n' "${bare[@]}" | stats)
read -r pm pmin pmax < <(printf '%s\n' "${polled[@]}" | stats)
read -r wm wmin wmax < <(printf '%s\n' "${watch[@]}" | stats)
echo
echo "save-to-verdict, median of $runs (min-max):"
printf '  bare cargo test -p watch_fx --bin fx_add       %5d ms  (%d-%d)\n' "$bm" "$bmin" "$bmax"
printf '  the same, while the screen is polled           %5d ms  (%d-%d)\n' "$pm" "$pmin" "$pmax"
printf '  tutor watch (write -> verdict on screen)       %5d ms  (%d-%d)\n' "$wm" "$wmin" "$wmax"
awk -v w="$wm" -v b="$bm" -v p="$pm" 'BEGIN {
    printf "  ratio to bare %.2fx, to bare while polling %.2fx\n", w / b, w / p
}'
echo "idle tutor watch, over 10 s:"
awk -v d="$(( c1 - c0 ))" -v hz="$hz" 'BEGIN { printf "  CPU   %.1f%% (%d ticks)\n", d * 100 / (10 * hz), d }'
awk -v r="$rss" -v h="$hwm" 'BEGIN { printf "  RSS   %.1f MiB (peak %.1f MiB)\n", r / 1024, h / 1024 }'
echo "  threads $threads"
