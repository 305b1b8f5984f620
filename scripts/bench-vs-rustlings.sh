#!/usr/bin/env bash
# bench-vs-rustlings.sh: the tutor and rustlings on the same work, in one run.
# A benchmark, not a test: it prints figures as median (min-max) and the ratio
# tutor/rustlings.
#
#   scripts/bench-vs-rustlings.sh [N]     N = runs per single-command figure (default 10)
#
# It installs rustlings from the crate registry into a temporary directory
# (or reuses $BENCH_DIR when set), creates its pack with `rustlings init`, adds
# the pack's info.toml (rustlings embeds it; the tutor reads it from the pack),
# and makes a second copy with the real solutions (`rustlings init` writes
# placeholders; the real ones are in the registry copy of the rustlings crate).
# Then it measures, on the same packs:
#   - the verdict of one warm exercise after an edit: `rustlings run` vs `tutor run`;
#   - the whole-pack check, all solved and all unsolved, cold and warm:
#     `rustlings check-all` vs `tutor verify --all`;
#   - start-up: `rustlings hint` vs `tutor hint`;
#   - watch mode: save-to-verdict latency and idle RSS of both (tmux);
#   - that both give the same verdict on every exercise, solved and unsolved.
# BENCH_WATCH=0 skips the watch-mode figures; M sets the runs per whole-pack figure (default 3).
set -euo pipefail
N=${1:-10}
M=${M:-3} # runs per whole-pack figure
VERSION=6.5.0
repo=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release -q --manifest-path "$repo/Cargo.toml"
TUTOR=$repo/target/release/tutor

BENCH_DIR=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$BENCH_DIR"
cd "$BENCH_DIR"
log() { printf '[bench %s] %s\n' "$(date +%T)" "$*" >&2; }

if [ ! -x inst/bin/rustlings ]; then
    log "installing rustlings $VERSION from the registry"
    cargo install -q rustlings --version "$VERSION" --locked --root "$BENCH_DIR/inst"
fi
RUSTLINGS=$BENCH_DIR/inst/bin/rustlings
registry=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/rustlings-$VERSION | head -1)
macros=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/rustlings-macros-$VERSION | head -1)

fresh_pack() { # fresh_pack DIR solved|unsolved
    rm -rf "$1" && mkdir -p "$1.tmp" && (cd "$1.tmp" && "$RUSTLINGS" init >/dev/null 2>&1)
    mv "$1.tmp/rustlings" "$1" && rmdir "$1.tmp"
    cp "$macros/info.toml" "$1/"
    if [ "$2" = solved ]; then
        (cd "$registry/solutions" && find . -name '*.rs') | while read -r f; do
            cp "$registry/solutions/$f" "$1/exercises/$f"
        done
    fi
    # rustlings starts past its welcome screen, on intro2 with intro1 done.
    printf "DON'T EDIT THIS FILE!\n\nintro2\n\nintro1" > "$1/.rustlings-state.txt"
}

ms() { date +%s%N; }
stats() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%d %d %d", m, a[1], a[NR]}'; }
fmt() { # fmt "median min max" -> "1.23 s (1.10-1.40)"
    awk '{ if ($1 >= 1000) printf "%.2f s (%.2f-%.2f)", $1/1000, $2/1000, $3/1000; else printf "%d ms (%d-%d)", $1, $2, $3 }' <<< "$1"
}
ratio() { awk -v t="${1%% *}" -v r="${2%% *}" 'BEGIN { printf "%.2fx", t / r }'; }
timed() { local s e; s=$(ms); "$@" >/dev/null 2>&1 || true; e=$(ms); echo $(((e - s) / 1000000)); }
row() { # row LABEL TUTOR_STATS RUSTLINGS_STATS
    printf '  %-42s tutor %-24s rustlings %-24s %s\n' "$1" "$(fmt "$2")" "$(fmt "$3")" "$(ratio "$2" "$3")"
}

fresh_pack solved solved
fresh_pack unsolved unsolved
EX=structs1 # a one-file test exercise
EXF=exercises/07_structs/structs1.rs

log "warming both packs"
(cd solved && "$RUSTLINGS" run $EX >/dev/null 2>&1; "$TUTOR" run $EX >/dev/null 2>&1) || true

echo "tutor $("$TUTOR" --version | cut -d' ' -f2) vs rustlings $VERSION; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "single verdict, warm, after an edit of $EX (N=$N):"
t=(); r=()
cd solved
for _ in $(seq "$N"); do
    touch $EXF; r+=("$(timed "$RUSTLINGS" run $EX)")
    touch $EXF; t+=("$(timed "$TUTOR" run $EX)")
done
row "run $EX" "$(printf '%s\n' "${t[@]}" | stats)" "$(printf '%s\n' "${r[@]}" | stats)"
t=(); r=()
for _ in $(seq "$N"); do
    r+=("$(timed "$RUSTLINGS" hint $EX)")
    t+=("$(timed "$TUTOR" hint $EX)")
done
row "hint $EX (start-up)" "$(printf '%s\n' "${t[@]}" | stats)" "$(printf '%s\n' "${r[@]}" | stats)"
cd ..

echo
echo "whole pack (M=$M each):"
for state in solved unsolved; do
    for temp in cold warm; do
        t=(); r=()
        for _ in $(seq "$M"); do
            [ $temp = cold ] && rm -rf $state/target
            r+=("$(cd $state && timed "$RUSTLINGS" check-all)")
            [ $temp = cold ] && rm -rf $state/target
            t+=("$(cd $state && timed "$TUTOR" verify --all)")
        done
        row "$state, $temp: check-all / verify --all" "$(printf '%s\n' "${t[@]}" | stats)" "$(printf '%s\n' "${r[@]}" | stats)"
    done
done

echo
echo "same verdict on every exercise:"
for state in solved unsolved; do
    (cd $state && "$TUTOR" verify --all --json 2>/dev/null || true) |
        python3 -c 'import json,sys; [print(r["name"], "pass" if r["outcome"] == "passed" else "fail") for r in map(json.loads, sys.stdin)]' |
        sort > "verdicts-tutor-$state.txt"
    names=$(cut -d' ' -f1 "verdicts-tutor-$state.txt")
    : > "verdicts-rustlings-$state.txt"
    for n in $names; do
        if (cd $state && "$RUSTLINGS" run "$n" >/dev/null 2>&1); then v=pass; else v=fail; fi
        echo "$n $v" >> "verdicts-rustlings-$state.txt"
    done
    sort -o "verdicts-rustlings-$state.txt" "verdicts-rustlings-$state.txt"
    differ=$(diff "verdicts-tutor-$state.txt" "verdicts-rustlings-$state.txt" | grep -c '^<' || true)
    total=$(wc -l < "verdicts-tutor-$state.txt")
    echo "  $state: $((total - differ)) of $total exercises agree$([ "$differ" = 0 ] || echo "; differ: $(diff "verdicts-tutor-$state.txt" "verdicts-rustlings-$state.txt" | grep '^<' | cut -c3- | tr '\n' ' ')")"
done

if [ "${BENCH_WATCH:-1}" = 1 ] && command -v tmux >/dev/null; then
    echo
    echo "watch mode, save-to-verdict (N=$N) and idle RSS:"
    watch_latency() { # watch_latency NAME PASS_TEXT CMD...
        local name=$1 pass=$2; shift 2
        local sess="bench-$name-$$" lat=()
        fresh_pack "w-$name" unsolved
        (cd "w-$name" && "$TUTOR" run intro1 >/dev/null 2>&1; "$RUSTLINGS" run intro1 >/dev/null 2>&1) || true
        tmux new-session -d -s "$sess" -x 120 -y 40 -c "$BENCH_DIR/w-$name" "$@"
        sleep 3
        local f="w-$name/exercises/00_intro/intro2.rs" broken solved
        broken=$(cat "$f"); solved=$(cat "$registry/solutions/00_intro/intro2.rs")
        for _ in $(seq "$N"); do
            printf '%s\n' "$broken" > "$f"
            # Wait for the failing verdict to replace the pass, then for quiet.
            local w; w=$(ms)
            while tmux capture-pane -p -t "$sess" | grep -q "$pass"; do
                [ $(( ($(ms) - w) / 1000000 )) -gt 20000 ] && break
                sleep 0.02
            done
            sleep 1
            local s e; s=$(ms); printf '%s\n' "$solved" > "$f"
            while ! tmux capture-pane -p -t "$sess" | grep -q "$pass"; do
                [ $(( ($(ms) - s) / 1000000 )) -gt 20000 ] && break
                sleep 0.005
            done
            e=$(ms); lat+=($(((e - s) / 1000000)))
        done
        sleep 3
        local pid rss
        pid=$(tmux list-panes -t "$sess" -F '#{pane_pid}')
        rss=$(ps -o rss= -p "$pid" | tr -d ' ')
        tmux kill-session -t "$sess"
        echo "$(printf '%s\n' "${lat[@]}" | stats) $rss"
    }
    tw=$(watch_latency tutor "passes" "$TUTOR" watch)
    rw=$(watch_latency rustlings "Exercise done" "$RUSTLINGS")
    row "save-to-verdict (intro2)" "${tw% *}" "${rw% *}"
    printf '  %-42s tutor %-24s rustlings %-24s\n' "idle RSS" "$((${tw##* } / 1024)) MiB" "$((${rw##* } / 1024)) MiB"
fi
