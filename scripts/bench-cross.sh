#!/usr/bin/env bash
# bench-cross.sh: save-to-verdict of the cross-target kinds, against the bare
# commands they wrap. A benchmark, not a test: it prints medians (min-max).
#
#   scripts/bench-cross.sh [N]      (default N = 10)
#
# On a copy of the course with the solutions of two exercises in place:
#   qemu  `tutor run qemu_uart_mmio`  vs  cargo build --target thumbv7m-none-eabi + qemu-system-arm
#   wasm  `tutor run wasm_strings_abi` vs  cargo build --target wasm32-unknown-unknown --profile wasm
# each after the same edit (a touch of the exercise file). Also prints the size
# of every wasm solution module against its budget.
set -euo pipefail
N=${1:-10}
repo=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release -q --manifest-path "$repo/Cargo.toml"
TUTOR=$repo/target/release/tutor
eval "$(bash "$repo/scripts/provision-cross.sh" 2>/dev/null | sed 's/^/export /')"
QEMU=${TUTOR_QEMU:-$(command -v qemu-system-arm)}
# On the fallback route the cross targets live in their own toolchain, which the
# tutor uses by itself; the bare commands must name it too.
TC=()
[ -n "${TUTOR_CROSS_TOOLCHAIN:-}" ] && TC=("+$TUTOR_CROSS_TOOLCHAIN")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The course without its build directory (it would be a second copy's units).
(cd "$repo" && git ls-files -z | xargs -0 -I{} cp --parents {} "$work/")
cd "$work"
unset CARGO_TARGET_DIR
T=$work/target/tutor
for ex in exercises/embedded/qemu_uart_mmio.rs exercises/wasm_strings_abi/src/lib.rs; do
    cp "solutions/${ex#exercises/}" "$ex"
done

ms() { date +%s%N; }
stats() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%d ms (%d-%d)", m, a[1], a[NR]}'; }
timed() { local s e; s=$(ms); "$@" >/dev/null 2>&1 || true; e=$(ms); echo $(((e - s) / 1000000)); }

bare_qemu() {
    cargo "${TC[@]}" build -q -p embedded --bin qemu_uart_mmio --target thumbv7m-none-eabi --target-dir "$T" &&
        timeout 5 "$QEMU" -cpu cortex-m3 -machine lm3s6965evb -nographic -monitor none \
            -semihosting-config enable=on,target=native -no-reboot \
            -kernel "$T/thumbv7m-none-eabi/debug/qemu_uart_mmio"
}
bare_wasm() {
    cargo "${TC[@]}" build -q -p wasm_strings_abi --lib --target wasm32-unknown-unknown --profile wasm --target-dir "$T"
}

echo "warming (first builds of the embedded and wasm packages)..." >&2
# Both sides must succeed, or their times mean nothing.
for side in "$TUTOR run qemu_uart_mmio" "$TUTOR run wasm_strings_abi" bare_qemu bare_wasm; do
    $side >"$work/warm.log" 2>&1 || { cat "$work/warm.log" >&2; echo "bench-cross: '$side' failed" >&2; exit 1; }
done

echo "save-to-verdict after an edit (N=$N; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)):"
for kind in qemu wasm; do
    case $kind in
        qemu) ex=qemu_uart_mmio; f=exercises/embedded/qemu_uart_mmio.rs; bare=bare_qemu ;;
        wasm) ex=wasm_strings_abi; f=exercises/wasm_strings_abi/src/lib.rs; bare=bare_wasm ;;
    esac
    b=(); t=()
    for _ in $(seq "$N"); do
        touch "$f"; b+=("$(timed $bare)")
        touch "$f"; t+=("$(timed "$TUTOR" run $ex)")
    done
    printf '  %-5s bare %-22s tutor run %-22s\n' "$kind" "$(printf '%s\n' "${b[@]}" | stats)" "$(printf '%s\n' "${t[@]}" | stats)"
done

echo "wasm modules of the solutions (wasm profile) against their budgets:"
for pkg in exercises/wasm_*/; do
    name=$(basename "$pkg")
    [ -f "solutions/$name/src/lib.rs" ] && cp "solutions/$name/src/lib.rs" "$pkg/src/lib.rs"
    config=()
    if [ -f "solutions/$name/size.toml" ]; then # a learner-owned profile (wasm_size_budget)
        cp "solutions/$name/size.toml" "$pkg/size.toml"
        config=(--config "$pkg/size.toml")
    fi
    cargo "${TC[@]}" build -q -p "$name" --lib --target wasm32-unknown-unknown --profile wasm \
        "${config[@]}" --target-dir "$T" 2>/dev/null || continue
    size=$(stat -c %s "$T/wasm32-unknown-unknown/wasm/$name.wasm")
    budget=$(python3 -c 'import sys, tomllib
ex = [e for e in tomllib.load(open("info.toml", "rb"))["exercises"] if e["name"] == sys.argv[1]]
print(ex[0].get("wasm", {}).get("max_bytes", "none") if ex else "none")' "$name")
    printf '  %-22s %8s bytes   budget %s\n' "$name" "$size" "${budget:-none}"
done
